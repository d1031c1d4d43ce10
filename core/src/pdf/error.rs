//! Why a PDF could not be read: typed, with a catalogue sentence each (docs/architecture.md:
//! users never see debug text).

use super::crypt_error::CryptError;
use super::limits::PdfLimitKind;
use super::object::ObjectId;
use super::source::SourceError;
use crate::error::ErrorText;
use crate::i18n::MessageId;

/// A PDF could not be read (for verification a damaged file is still read where it can be and
/// the damage is a finding; these are the cases where nothing more can be done).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PdfError {
    /// The caller's source failed.
    Source(SourceError),
    /// No `%PDF-` header in the first kilobyte (ISO 32000-2 §7.5.2).
    NotPdf,
    /// No usable cross-reference information and reconstruction was not allowed.
    Xref { offset: u64, what: &'static str },
    /// An object could not be read.
    Object {
        id: Option<ObjectId>,
        offset: u64,
        what: &'static str,
    },
    /// A stream could not be decoded (unsupported filter or corrupt data).
    Stream { id: Option<ObjectId>, what: String },
    /// A work limit was crossed.
    Limit(PdfLimitKind),
    /// The document has no catalog (`/Root`).
    NoCatalog,
    /// The file's encryption (ISO 32000-2 §7.6): unsupported, wrong password, a malformed
    /// `/Encrypt` dictionary or undecryptable data.
    Crypt(CryptError),
}

impl PdfError {
    /// The catalogue sentence.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::Source(e) => {
                ErrorText::new(MessageId::PdfSourceError).with("detail", e.detail.clone())
            }
            Self::NotPdf => ErrorText::new(MessageId::PdfNotPdf),
            Self::Xref { offset, what } => ErrorText::new(MessageId::PdfXrefUnreadable)
                .with("offset", offset.to_string())
                .with("what", *what),
            Self::Object { id, offset, what } => ErrorText::new(MessageId::PdfObjectUnreadable)
                .with(
                    "object",
                    id.map(|i| format!("{} {}", i.number, i.generation))
                        .unwrap_or_else(|| "?".into()),
                )
                .with("offset", offset.to_string())
                .with("what", *what),
            Self::Stream { id, what } => ErrorText::new(MessageId::PdfStreamUnreadable)
                .with(
                    "object",
                    id.map(|i| format!("{} {}", i.number, i.generation))
                        .unwrap_or_else(|| "?".into()),
                )
                .with("what", what.clone()),
            Self::Limit(kind) => {
                ErrorText::new(MessageId::PdfLimitExceeded).with("what", kind.name())
            }
            Self::NoCatalog => ErrorText::new(MessageId::PdfNoCatalog),
            Self::Crypt(e) => e.message(),
        }
    }

    /// The stable code of [`PdfError::message`].
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl core::fmt::Display for PdfError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message().render(crate::i18n::Lang::En))
    }
}

impl std::error::Error for PdfError {}

impl From<SourceError> for PdfError {
    fn from(e: SourceError) -> Self {
        Self::Source(e)
    }
}

impl From<CryptError> for PdfError {
    fn from(e: CryptError) -> Self {
        Self::Crypt(e)
    }
}
