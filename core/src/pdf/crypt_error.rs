//! Why an encrypted PDF cannot be read. Apart from the security handler ([`super::crypt`]) so
//! that builds without the `pdf-decrypt` feature report encrypted files in the same terms.

use super::object::ObjectId;
use crate::error::ErrorText;
use crate::i18n::MessageId;

/// Why an encrypted file cannot be opened or an object decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptError {
    /// A security handler, version or crypt filter method kyso does not implement: the
    /// public-key handlers (`/Filter /Adobe.PubSec`), `/V 3` (unpublished), `/CFM /None`.
    /// `what` names it with the file's own PDF names (`/Filter /Adobe.PubSec`), which need no
    /// translation.
    Unsupported { what: String },
    /// Neither the user password nor the owner password is the one given (or the empty
    /// password, when none was given).
    WrongPassword,
    /// The `/Encrypt` dictionary lacks a required entry or has a wrong one (`entry`: its key).
    Malformed { entry: &'static str },
    /// AES-encrypted data whose length is not a whole number of blocks or whose padding
    /// (PKCS #5, §7.6.3.1) is wrong: the object was damaged or the key is wrong.
    BadPadding { object: ObjectId },
    /// This build of kyso was made without PDF decryption (core feature `pdf-decrypt`, left out
    /// of the size-budgeted WASM verify-only build): the file is encrypted, so its signatures
    /// cannot be reached.
    NotInThisBuild,
}

impl CryptError {
    /// The catalogue sentence.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::Unsupported { what } => {
                ErrorText::new(MessageId::PdfCryptUnsupported).with("what", what.clone())
            }
            Self::WrongPassword => ErrorText::new(MessageId::PdfCryptWrongPassword),
            Self::Malformed { entry } => {
                ErrorText::new(MessageId::PdfCryptMalformed).with("entry", *entry)
            }
            Self::BadPadding { object } => ErrorText::new(MessageId::PdfCryptBadData)
                .with("object", format!("{} {}", object.number, object.generation)),
            Self::NotInThisBuild => ErrorText::new(MessageId::PdfCryptNotInThisBuild),
        }
    }

    /// The stable code of [`CryptError::message`].
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl core::fmt::Display for CryptError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message().render(crate::i18n::Lang::En))
    }
}

impl std::error::Error for CryptError {}
