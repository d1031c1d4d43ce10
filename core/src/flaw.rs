//! What is wrong in a structure kyso could not read (a CMS message, a BER element, a key
//! file): one catalogue phrase per kind of flaw, with the ASN.1 names it concerns as
//! parameters, so that an error sentence is wholly in the reader's language (issue 9). ASN.1
//! type and field names (SignerInfo, digestAlgorithm, INTEGER) are names, shown as they are.

use core::fmt;

use crate::error::ErrorText;
use crate::i18n::{Lang, MessageId};

/// A structural flaw. The `&'static str` fields are ASN.1 names (types, fields, PEM labels),
/// never prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Flaw {
    /// The input ends inside an element (X.690 §8.1.3), or an end-of-contents is missing.
    Truncated,
    /// A length that cannot be right: more than 4 length octets, or past the address space.
    Length,
    /// Elements nested deeper than the reader's limit (bounded work on hostile input).
    TooDeep,
    /// A tag number that is not minimal or does not fit (X.690 §8.1.2.4).
    TagNumber,
    /// A BER form used where X.690 forbids it: indefinite length on a primitive element, a
    /// stray end-of-contents, a primitive element where a constructed one is required.
    Ber,
    /// Bytes after the structure that are not padding.
    TrailingData,
    /// Nothing at all.
    Empty,
    /// A required field is absent.
    Missing {
        parent: &'static str,
        field: &'static str,
    },
    /// A field has another ASN.1 type than the one required.
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    /// A field's value cannot be decoded or is out of its range.
    Invalid { field: &'static str },
    /// More elements than the reader's limit (bounded work on hostile input).
    TooMany { field: &'static str },
    /// A size or count beyond the reader's limit (bounded work on hostile input).
    TooLarge { field: &'static str },
    /// A CHOICE alternative that is not defined (or not supported).
    UnknownChoice { field: &'static str },
    /// An element where the structure has none.
    UnexpectedElement { parent: &'static str },
    /// PEM armour that does not decode (RFC 7468).
    BadPem,
    /// PEM text without a block of the wanted labels.
    NoPemBlock { labels: &'static str },
    /// Pre-PKCS#8 OpenSSL encryption of a PEM key, which kyso does not implement.
    LegacyPemEncryption,
    /// A public key stored beside the private key that is not the private key's.
    KeyMismatch { field: &'static str },
    /// Two copies of the same parameter that disagree.
    Disagree { field: &'static str },
    /// The total key derivation work for one password is beyond the limit.
    KdfWork,
}

impl Flaw {
    /// The catalogue phrase (a clause, not a sentence: it is shown inside one).
    pub fn message(self) -> ErrorText {
        use MessageId as M;
        let e = ErrorText::new;
        match self {
            Self::Truncated => e(M::DerTruncated),
            Self::Length => e(M::DerLength),
            Self::TooDeep => e(M::DerTooLarge),
            Self::TagNumber => e(M::FlawTagNumber),
            Self::Ber => e(M::FlawBer),
            Self::TrailingData => e(M::DerTrailingData),
            Self::Empty => e(M::FlawEmpty),
            Self::Missing { parent, field } => e(M::FlawMissing)
                .with("parent", parent)
                .with("field", field),
            Self::WrongType { field, expected } => e(M::FlawWrongType)
                .with("field", field)
                .with("expected", expected),
            Self::Invalid { field } => e(M::FlawInvalid).with("field", field),
            Self::TooMany { field } => e(M::FlawTooMany).with("field", field),
            Self::TooLarge { field } => e(M::FlawTooLarge).with("field", field),
            Self::UnknownChoice { field } => e(M::FlawUnknownChoice).with("field", field),
            Self::UnexpectedElement { parent } => {
                e(M::FlawUnexpectedElement).with("parent", parent)
            }
            Self::BadPem => e(M::FlawBadPem),
            Self::NoPemBlock { labels } => e(M::FlawNoPemBlock).with("labels", labels),
            Self::LegacyPemEncryption => e(M::FlawLegacyPemEncryption),
            Self::KeyMismatch { field } => e(M::FlawKeyMismatch).with("field", field),
            Self::Disagree { field } => e(M::FlawDisagree).with("field", field),
            Self::KdfWork => e(M::FlawKdfWork),
        }
    }
}

impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}
