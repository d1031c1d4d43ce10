//! User-facing text for every error type, from the one catalogue ([`crate::i18n`]): each error
//! gives an [`ErrorText`] (a stable message id and its parameters) that renders in Vietnamese
//! or English; `Display` is the English rendering. Users never see `Debug` text (issue 9).

use core::fmt;

use crate::cms::CmsError;
use crate::crypto::CryptoError;
use crate::fetch::FetchError;
use crate::i18n::{Lang, MessageId};
use crate::key::KeyError;

/// An error message: a catalogue id (its `code` is stable) and named parameters, some of
/// which are phrases of the catalogue themselves, so that the whole sentence is in one
/// language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorText {
    id: MessageId,
    params: Vec<(String, Param)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Param {
    Text(String),
    Phrase(Box<ErrorText>),
}

impl ErrorText {
    pub fn new(id: MessageId) -> Self {
        Self {
            id,
            params: Vec::new(),
        }
    }

    /// A report finding as a sentence (its code and parameters, rendered as the report would).
    pub(crate) fn from_finding(f: &crate::report::Finding) -> Self {
        Self {
            id: f.code,
            params: f
                .params
                .iter()
                .map(|(k, v)| (k.clone(), Param::Text(v.clone())))
                .collect(),
        }
    }

    /// Add a parameter shown as is (a name, a number, an OID).
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params
            .push((key.to_owned(), Param::Text(value.into())));
        self
    }

    /// Add a parameter that is itself a catalogue phrase, rendered in the same language.
    pub fn with_phrase(mut self, key: &str, phrase: ErrorText) -> Self {
        self.params
            .push((key.to_owned(), Param::Phrase(Box::new(phrase))));
        self
    }

    pub fn id(&self) -> MessageId {
        self.id
    }

    /// The stable string code (`cms.malformed`, `key.wrong-password`, …).
    pub fn code(&self) -> &'static str {
        self.id.code()
    }

    /// The parameters as one flat list in the form of a finding's (`@key` = a phrase's code,
    /// followed by the phrase's own parameters), which [`crate::i18n::render`] renders the same.
    pub fn flat_params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in &self.params {
            match v {
                Param::Text(t) => out.push((k.clone(), t.clone())),
                Param::Phrase(p) => {
                    out.push((format!("@{k}"), p.code().to_owned()));
                    out.extend(p.flat_params());
                }
            }
        }
        out
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let params: Vec<(String, String)> = self
            .params
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Param::Text(t) => t.clone(),
                    Param::Phrase(p) => p.render(lang),
                };
                (k.clone(), v)
            })
            .collect();
        crate::i18n::render(self.id, lang, &params)
    }
}

impl fmt::Display for ErrorText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// What is wrong in a DER encoding, from the `der` crate's error kind: the common kinds get
/// their own phrase, the rest a generic one (the byte position is reported beside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DerProblem {
    Truncated,
    Length,
    UnexpectedTag,
    TrailingData,
    Value,
    NotDer,
    TooLarge,
    Time,
    Text,
    Oid,
    DuplicateExtension,
    UnusedBits,
    EmptyList,
    Other,
}

impl DerProblem {
    pub fn from_kind(kind: der::ErrorKind) -> Self {
        use der::ErrorKind as K;
        match kind {
            K::Incomplete { .. } => Self::Truncated,
            K::Length { .. } => Self::Length,
            K::TagUnexpected { .. } | K::TagUnknown { .. } | K::TagNumberInvalid => {
                Self::UnexpectedTag
            }
            K::TrailingData { .. } => Self::TrailingData,
            K::Value { .. } | K::SetOrdering | K::Overflow => Self::Value,
            K::Noncanonical { .. } | K::IndefiniteLength | K::EncodingRules => Self::NotDer,
            K::Overlength | K::NestingDepth => Self::TooLarge,
            K::DateTime => Self::Time,
            K::Utf8(_) => Self::Text,
            K::OidMalformed | K::OidUnknown { .. } => Self::Oid,
            _ => Self::Other,
        }
    }

    pub fn message(self) -> ErrorText {
        ErrorText::new(match self {
            Self::Truncated => MessageId::DerTruncated,
            Self::Length => MessageId::DerLength,
            Self::UnexpectedTag => MessageId::DerUnexpectedTag,
            Self::TrailingData => MessageId::DerTrailingData,
            Self::Value => MessageId::DerValue,
            Self::NotDer => MessageId::DerNotDer,
            Self::TooLarge => MessageId::DerTooLarge,
            Self::Time => MessageId::DerTime,
            Self::Text => MessageId::DerText,
            Self::Oid => MessageId::DerOid,
            Self::DuplicateExtension => MessageId::DerDuplicateExtension,
            Self::UnusedBits => MessageId::DerUnusedBits,
            Self::EmptyList => MessageId::DerEmptyList,
            Self::Other => MessageId::DerOther,
        })
    }
}

impl fmt::Display for DerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

/// `{at}`: where in the input, when known.
fn at(position: Option<u32>) -> ErrorText {
    match position {
        Some(p) => ErrorText::new(MessageId::AtByte).with("position", p.to_string()),
        None => ErrorText::new(MessageId::NoPosition),
    }
}

/// `{problem}{at}` of the `*.malformed` messages.
fn malformed(id: MessageId, problem: ErrorText, position: Option<u32>) -> ErrorText {
    ErrorText::new(id)
        .with_phrase("problem", problem)
        .with_phrase("at", at(position))
}

/// `message()` (the catalogue sentence), `to_text(lang)` and `Display` (English) for an error
/// type.
macro_rules! user_text {
    ($t:ty) => {
        impl $t {
            /// The sentence in `lang`, from the catalogue.
            pub fn to_text(&self, lang: $crate::i18n::Lang) -> String {
                self.message().render(lang)
            }
        }
        impl core::fmt::Display for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.to_text($crate::i18n::Lang::En))
            }
        }
        impl std::error::Error for $t {}
    };
}

user_text!(CryptoError);
user_text!(KeyError);
user_text!(CmsError);
user_text!(FetchError);
user_text!(crate::tsp::TspError);
user_text!(crate::extend::ExtendError);
user_text!(crate::cert::CertError);
user_text!(crate::path::PathError);
user_text!(crate::path::StoreError);
user_text!(crate::revocation::CrlError);
user_text!(crate::revocation::OcspError);
// Signing side of issue 10.
user_text!(crate::names::NameError);

impl CryptoError {
    /// A stable string code for bindings and logs (the WASM package's `KysoError.code`); never
    /// reused for another meaning.
    pub fn code(&self) -> &'static str {
        self.message().code()
    }

    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        match self {
            Self::UnsupportedAlgorithm { oid } => {
                ErrorText::new(M::UnsupportedAlgorithm).with("alg", oid.clone())
            }
            Self::InvalidParameters { oid } => {
                ErrorText::new(M::InvalidAlgorithmParameters).with("alg", oid.clone())
            }
            Self::InvalidPublicKey => ErrorText::new(M::InvalidPublicKey),
            Self::InvalidPrivateKey => ErrorText::new(M::CryptoInvalidPrivateKey),
            Self::SchemeKeyMismatch => ErrorText::new(M::CryptoSchemeKeyMismatch),
            Self::BadSignature => ErrorText::new(M::CryptoBadSignature),
            Self::SigningFailed => ErrorText::new(M::CryptoSigningFailed),
            Self::Sha1SigningRefused => ErrorText::new(M::CryptoSha1SigningRefused),
            Self::InputSchemeMismatch => ErrorText::new(M::CryptoInputSchemeMismatch),
        }
    }
}

impl CmsError {
    /// A stable string code, as [`CryptoError::code`] (whose codes a `Crypto` error keeps).
    pub fn code(&self) -> &'static str {
        self.message().code()
    }

    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        let e = ErrorText::new;
        match self {
            Self::Malformed { flaw, position } => {
                let detail = e(M::CmsStructure)
                    .with_phrase("flaw", flaw.message())
                    .with_phrase("at", at(*position));
                e(M::CmsMalformed).with_phrase("detail", detail)
            }
            Self::NotSignedData { content_type } => {
                e(M::CmsNotSignedData).with("content_type", content_type.clone())
            }
            Self::TooLarge { len, limit } => e(M::CmsTooLarge)
                .with("len", len.to_string())
                .with("limit", limit.to_string()),
            Self::NoSuchSigner { index } => e(M::CmsNoSuchSigner).with("index", index.to_string()),
            Self::ExternalSignatureInvalid => e(M::CmsExternalSignatureInvalid),
            Self::CertificateKeyMismatch => e(M::CmsCertificateKeyMismatch),
            Self::ContentMissing => e(M::CmsContentMissing),
            Self::Crypto(c) => c.message(),
            Self::Encoding { what } => e(M::CmsEncoding).with("what", *what),
            Self::ExternalSignerNeedsPrepare => e(M::CmsExternalSignerNeedsPrepare),
            Self::PrepareNeedsOneSigner { signers } => {
                e(M::CmsPrepareNeedsOneSigner).with("signers", signers.to_string())
            }
            Self::DigestAlgorithmMismatch { content, signer } => e(M::CmsDigestAlgorithmMismatch)
                .with("content", content.name())
                .with("signer", signer.name()),
            Self::InvalidDigestLength { algorithm, len } => e(M::CmsInvalidDigestLength)
                .with("alg", algorithm.name())
                .with("len", len.to_string()),
            Self::DuplicateAttribute { oid } => {
                e(M::CmsDuplicateAttribute).with("oid", oid.clone())
            }
            Self::NoSubjectKeyIdentifier => e(M::CmsNoSubjectKeyIdentifier),
            Self::ContentAlreadyAttached => e(M::CmsContentAlreadyAttached),
        }
    }
}

impl KeyError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        let e = ErrorText::new;
        match self {
            Self::UnrecognizedFormat => e(M::KeyUnrecognizedFormat),
            Self::Malformed { what } => e(M::KeyMalformed).with_phrase("what", what.message()),
            Self::PasswordRequired => e(M::KeyPasswordRequired),
            Self::WrongPassword => e(M::KeyWrongPassword),
            Self::UnsupportedEncryption { oid } => {
                e(M::KeyUnsupportedEncryption).with("oid", oid.clone())
            }
            Self::UnsupportedKeyAlgorithm { oid } => {
                e(M::KeyUnsupportedKeyAlgorithm).with("oid", oid.clone())
            }
            Self::NoPrivateKey => e(M::KeyNoPrivateKey),
            Self::NoMatchingCertificate => e(M::KeyNoMatchingCertificate),
            Self::CertificateKeyMismatch => e(M::KeyCertificateKeyMismatch),
            Self::LimitExceeded { what } => {
                e(M::KeyLimitExceeded).with_phrase("what", what.message())
            }
            Self::TrailingData { offset, len } => e(M::InputTrailingData)
                .with("offset", offset.to_string())
                .with("count", len.to_string()),
            Self::Crypto(c) => c.message(),
        }
    }
}

impl FetchError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        match self {
            Self::NotAllowed => ErrorText::new(M::FetchNotAllowed),
            Self::Unavailable => ErrorText::new(M::FetchUnavailable),
            Self::TooLarge => ErrorText::new(M::FetchTooLarge),
            Self::Status { code } => {
                ErrorText::new(M::FetchStatus).with("status", code.to_string())
            }
        }
    }
}

impl crate::cert::CertError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        match self {
            Self::Malformed { position, kind } => {
                malformed(M::CertMalformed, kind.message(), *position)
            }
            Self::TooLarge { len } => ErrorText::new(M::CertTooLarge).with("len", len.to_string()),
            Self::BadPem => ErrorText::new(M::CertBadPem),
            Self::Empty => ErrorText::new(M::CertEmpty),
        }
    }
}

impl crate::path::StoreError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        match self {
            Self::Certificate(c) => c.message(),
            Self::MalformedPkcs7 => ErrorText::new(M::StoreMalformedPkcs7),
            Self::Empty => ErrorText::new(M::StoreEmpty),
            Self::UnknownBundle { name } => {
                ErrorText::new(M::StoreUnknownBundle).with("name", name.clone())
            }
        }
    }
}

impl crate::path::PathError {
    /// The catalogue sentence for this error (the report's finding, without the report's
    /// context: the validation time and the issuer name are not known here).
    pub fn message(&self) -> ErrorText {
        let f = self.finding();
        let mut t = ErrorText::new(f.code);
        for (k, v) in f.params {
            t = t.with(&k, v);
        }
        match self {
            Self::NoIssuer { .. } => t.with_phrase("subject", ErrorText::new(MessageId::Unnamed)),
            Self::Expired { .. } | Self::NotYetValid { .. } => {
                t.with_phrase("time", ErrorText::new(MessageId::Unnamed))
            }
            _ => t,
        }
    }
}

impl crate::revocation::CrlError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        let e = ErrorText::new;
        match self {
            Self::TooLarge { len } => e(M::CrlTooLarge).with("len", len.to_string()),
            Self::Malformed { position, kind } => {
                malformed(M::CrlMalformed, kind.message(), *position)
            }
            Self::BadPem => e(M::CrlBadPem),
            Self::BadVersion => e(M::CrlBadVersion),
            Self::ExtensionsInV1 => e(M::CrlExtensionsInV1),
            Self::EmptyRevokedList => e(M::CrlEmptyRevokedList),
            Self::SignatureAlgorithmMismatch => e(M::CrlSignatureAlgorithmMismatch),
            Self::BadSignatureEncoding => e(M::CrlBadSignatureEncoding),
            Self::DuplicateExtension { oid } => {
                e(M::CrlDuplicateExtension).with("oid", oid.clone())
            }
            Self::BadExtension { oid } => e(M::CrlBadExtension).with("oid", oid.clone()),
        }
    }
}

impl crate::revocation::OcspError {
    /// The catalogue sentence for this error.
    pub fn message(&self) -> ErrorText {
        use MessageId as M;
        let e = ErrorText::new;
        let t = crate::time::rfc3339;
        match self {
            Self::TooLarge { len } => e(M::OcspTooLarge).with("len", len.to_string()),
            Self::Malformed {
                part,
                position,
                kind,
            } => malformed(M::OcspMalformed, kind.message(), *position)
                .with("part", part.asn1_name()),
            Self::BadVersion { part } => e(M::OcspBadVersion).with("part", part.asn1_name()),
            Self::UnsupportedResponseType { oid } => {
                e(M::OcspUnsupportedResponseType).with("oid", oid.clone())
            }
            Self::MissingResponseBytes => e(M::OcspMissingResponseBytes),
            Self::DuplicateExtension { oid } => {
                e(M::OcspDuplicateExtension).with("oid", oid.clone())
            }
            Self::BadNonce => e(M::OcspBadNonce),
            Self::BadIssuer => e(M::OcspBadIssuer),
            Self::ErrorStatus { status } => {
                e(M::RevocationOcspErrorStatus).with("status", status.name())
            }
            Self::UnknownCriticalExtension { oid } => {
                e(M::OcspUnknownCriticalExtension).with("oid", oid.clone())
            }
            Self::ResponderNotFound => e(M::OcspResponderNotFound),
            Self::BadSignature => e(M::OcspBadSignature),
            Self::AlgorithmRefused { alg } => e(M::OcspAlgorithmRefused).with("alg", alg.clone()),
            Self::ProducedAtOutsideValidity { produced_at } => {
                e(M::RevocationOcspBadProducedAt).with("produced_at", t(produced_at))
            }
            Self::NotYetValid { this_update } => {
                e(M::OcspNotYetValid).with("this_update", t(this_update))
            }
            Self::Stale { this_update } => e(M::OcspStale).with("this_update", t(this_update)),
            Self::NoMatchingResponse => e(M::OcspNoMatchingResponse),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::cert::CertError;
    use crate::crypto::DigestAlgorithm;
    use crate::flaw::Flaw;
    use crate::path::{BudgetKind, PathError, StoreError};
    use crate::revocation::ocsp::OcspPart;
    use crate::revocation::ocsp::OcspResponseStatus;
    use crate::revocation::{CrlError, OcspError};

    // Each `*_variants` list is checked against an exhaustive `match` without a wildcard
    // (allowed inside the defining crate despite `#[non_exhaustive]`): a new variant fails to
    // compile here until it is listed, so every error gets its sentence checked.

    fn crypto_variants() -> Vec<CryptoError> {
        let all = vec![
            CryptoError::UnsupportedAlgorithm {
                oid: "1.2.3".into(),
            },
            CryptoError::InvalidParameters {
                oid: "1.2.3".into(),
            },
            CryptoError::InvalidPublicKey,
            CryptoError::InvalidPrivateKey,
            CryptoError::SchemeKeyMismatch,
            CryptoError::BadSignature,
            CryptoError::SigningFailed,
            CryptoError::Sha1SigningRefused,
            CryptoError::InputSchemeMismatch,
        ];
        for e in &all {
            match e {
                CryptoError::UnsupportedAlgorithm { .. }
                | CryptoError::InvalidParameters { .. }
                | CryptoError::InvalidPublicKey
                | CryptoError::InvalidPrivateKey
                | CryptoError::SchemeKeyMismatch
                | CryptoError::BadSignature
                | CryptoError::SigningFailed
                | CryptoError::Sha1SigningRefused
                | CryptoError::InputSchemeMismatch => {}
            }
        }
        all
    }

    fn key_variants() -> Vec<KeyError> {
        let all = vec![
            KeyError::UnrecognizedFormat,
            KeyError::Malformed {
                what: Flaw::Invalid {
                    field: "PKCS#8 PrivateKeyInfo",
                },
            },
            KeyError::PasswordRequired,
            KeyError::WrongPassword,
            KeyError::UnsupportedEncryption {
                oid: "1.2.3".into(),
            },
            KeyError::UnsupportedKeyAlgorithm {
                oid: "1.2.3".into(),
            },
            KeyError::NoPrivateKey,
            KeyError::NoMatchingCertificate,
            KeyError::CertificateKeyMismatch,
            KeyError::LimitExceeded {
                what: Flaw::KdfWork,
            },
            KeyError::TrailingData { offset: 3, len: 4 },
            KeyError::Crypto(CryptoError::InvalidPrivateKey),
        ];
        for e in &all {
            match e {
                KeyError::UnrecognizedFormat
                | KeyError::Malformed { .. }
                | KeyError::PasswordRequired
                | KeyError::WrongPassword
                | KeyError::UnsupportedEncryption { .. }
                | KeyError::UnsupportedKeyAlgorithm { .. }
                | KeyError::NoPrivateKey
                | KeyError::NoMatchingCertificate
                | KeyError::CertificateKeyMismatch
                | KeyError::LimitExceeded { .. }
                | KeyError::TrailingData { .. }
                | KeyError::Crypto(_) => {}
            }
        }
        all
    }

    fn cms_variants() -> Vec<CmsError> {
        let mut all: Vec<CmsError> = flaws()
            .into_iter()
            .map(|flaw| CmsError::Malformed {
                flaw,
                position: Some(2),
            })
            .collect();
        all.extend([
            CmsError::Malformed {
                flaw: Flaw::Truncated,
                position: None,
            },
            CmsError::NotSignedData {
                content_type: "1.2.840.113549.1.7.3".into(),
            },
            CmsError::TooLarge { len: 10, limit: 5 },
            CmsError::NoSuchSigner { index: 3 },
            CmsError::ExternalSignatureInvalid,
            CmsError::CertificateKeyMismatch,
            CmsError::ContentMissing,
            CmsError::Crypto(CryptoError::BadSignature),
            CmsError::Encoding {
                what: "signed attributes",
            },
            CmsError::ExternalSignerNeedsPrepare,
            CmsError::PrepareNeedsOneSigner { signers: 2 },
            CmsError::DigestAlgorithmMismatch {
                content: DigestAlgorithm::Sha256,
                signer: DigestAlgorithm::Sha384,
            },
            CmsError::InvalidDigestLength {
                algorithm: DigestAlgorithm::Sha256,
                len: 3,
            },
            CmsError::DuplicateAttribute {
                oid: "1.2.840.113549.1.9.5".into(),
            },
            CmsError::NoSubjectKeyIdentifier,
            CmsError::ContentAlreadyAttached,
        ]);
        for e in &all {
            match e {
                CmsError::Malformed { .. }
                | CmsError::NotSignedData { .. }
                | CmsError::TooLarge { .. }
                | CmsError::NoSuchSigner { .. }
                | CmsError::ExternalSignatureInvalid
                | CmsError::CertificateKeyMismatch
                | CmsError::ContentMissing
                | CmsError::Crypto(_)
                | CmsError::Encoding { .. }
                | CmsError::ExternalSignerNeedsPrepare
                | CmsError::PrepareNeedsOneSigner { .. }
                | CmsError::DigestAlgorithmMismatch { .. }
                | CmsError::InvalidDigestLength { .. }
                | CmsError::DuplicateAttribute { .. }
                | CmsError::NoSubjectKeyIdentifier
                | CmsError::ContentAlreadyAttached => {}
            }
        }
        all
    }

    /// Every flaw, with ASN.1 names as the parser gives them.
    fn flaws() -> Vec<Flaw> {
        let all = vec![
            Flaw::Truncated,
            Flaw::Length,
            Flaw::TooDeep,
            Flaw::TagNumber,
            Flaw::Ber,
            Flaw::TrailingData,
            Flaw::Empty,
            Flaw::Missing {
                parent: "SignerInfo",
                field: "digestAlgorithm",
            },
            Flaw::WrongType {
                field: "version",
                expected: "INTEGER",
            },
            Flaw::Invalid {
                field: "signatureAlgorithm",
            },
            Flaw::TooMany {
                field: "certificates",
            },
            Flaw::TooLarge {
                field: "PBKDF2-params iterationCount",
            },
            Flaw::UnknownChoice { field: "sid" },
            Flaw::UnexpectedElement {
                parent: "SignerInfo",
            },
            Flaw::BadPem,
            Flaw::NoPemBlock {
                labels: "CMS/PKCS7",
            },
            Flaw::LegacyPemEncryption,
            Flaw::KeyMismatch {
                field: "ECPrivateKey publicKey",
            },
            Flaw::Disagree {
                field: "namedCurve",
            },
            Flaw::KdfWork,
        ];
        for f in &all {
            match f {
                Flaw::Truncated
                | Flaw::Length
                | Flaw::TooDeep
                | Flaw::TagNumber
                | Flaw::Ber
                | Flaw::TrailingData
                | Flaw::Empty
                | Flaw::Missing { .. }
                | Flaw::WrongType { .. }
                | Flaw::Invalid { .. }
                | Flaw::TooMany { .. }
                | Flaw::TooLarge { .. }
                | Flaw::UnknownChoice { .. }
                | Flaw::UnexpectedElement { .. }
                | Flaw::BadPem
                | Flaw::NoPemBlock { .. }
                | Flaw::LegacyPemEncryption
                | Flaw::KeyMismatch { .. }
                | Flaw::Disagree { .. }
                | Flaw::KdfWork => {}
            }
        }
        all
    }

    fn fetch_variants() -> Vec<FetchError> {
        let all = vec![
            FetchError::NotAllowed,
            FetchError::Unavailable,
            FetchError::TooLarge,
            FetchError::Status { code: 404 },
        ];
        for e in &all {
            match e {
                FetchError::NotAllowed
                | FetchError::Unavailable
                | FetchError::TooLarge
                | FetchError::Status { .. } => {}
            }
        }
        all
    }

    fn der_problems() -> Vec<DerProblem> {
        use DerProblem as D;
        let all = vec![
            D::Truncated,
            D::Length,
            D::UnexpectedTag,
            D::TrailingData,
            D::Value,
            D::NotDer,
            D::TooLarge,
            D::Time,
            D::Text,
            D::Oid,
            D::DuplicateExtension,
            D::UnusedBits,
            D::EmptyList,
            D::Other,
        ];
        for d in &all {
            match d {
                D::Truncated
                | D::Length
                | D::UnexpectedTag
                | D::TrailingData
                | D::Value
                | D::NotDer
                | D::TooLarge
                | D::Time
                | D::Text
                | D::Oid
                | D::DuplicateExtension
                | D::UnusedBits
                | D::EmptyList
                | D::Other => {}
            }
        }
        all
    }

    fn cert_variants() -> Vec<CertError> {
        let mut all: Vec<CertError> = der_problems()
            .into_iter()
            .map(|kind| CertError::Malformed {
                position: Some(7),
                kind,
            })
            .collect();
        all.extend([
            CertError::Malformed {
                position: None,
                kind: DerProblem::Other,
            },
            CertError::TooLarge { len: 1 << 20 },
            CertError::BadPem,
            CertError::Empty,
        ]);
        for e in &all {
            match e {
                CertError::Malformed { .. }
                | CertError::TooLarge { .. }
                | CertError::BadPem
                | CertError::Empty => {}
            }
        }
        all
    }

    fn store_variants() -> Vec<StoreError> {
        let all = vec![
            StoreError::Certificate(CertError::BadPem),
            StoreError::MalformedPkcs7,
            StoreError::Empty,
            StoreError::UnknownBundle { name: "abc".into() },
        ];
        for e in &all {
            match e {
                StoreError::Certificate(_)
                | StoreError::MalformedPkcs7
                | StoreError::Empty
                | StoreError::UnknownBundle { .. } => {}
            }
        }
        all
    }

    fn crl_variants() -> Vec<CrlError> {
        let oid = || "2.5.29.20".to_owned();
        let all = vec![
            CrlError::TooLarge { len: 1 << 24 },
            CrlError::Malformed {
                position: Some(2),
                kind: DerProblem::Length,
            },
            CrlError::BadPem,
            CrlError::BadVersion,
            CrlError::ExtensionsInV1,
            CrlError::EmptyRevokedList,
            CrlError::SignatureAlgorithmMismatch,
            CrlError::BadSignatureEncoding,
            CrlError::DuplicateExtension { oid: oid() },
            CrlError::BadExtension { oid: oid() },
        ];
        for e in &all {
            match e {
                CrlError::TooLarge { .. }
                | CrlError::Malformed { .. }
                | CrlError::BadPem
                | CrlError::BadVersion
                | CrlError::ExtensionsInV1
                | CrlError::EmptyRevokedList
                | CrlError::SignatureAlgorithmMismatch
                | CrlError::BadSignatureEncoding
                | CrlError::DuplicateExtension { .. }
                | CrlError::BadExtension { .. } => {}
            }
        }
        all
    }

    fn ocsp_variants() -> Vec<OcspError> {
        let t = crate::time::DateTime::new(2025, 1, 2, 3, 4, 5).unwrap();
        let oid = || "1.3.6.1.5.5.7.48.1.2".to_owned();
        let all = vec![
            OcspError::TooLarge { len: 1 << 24 },
            OcspError::Malformed {
                part: OcspPart::ResponseData,
                position: Some(9),
                kind: DerProblem::UnexpectedTag,
            },
            OcspError::BadVersion {
                part: OcspPart::Request,
            },
            OcspError::UnsupportedResponseType { oid: oid() },
            OcspError::MissingResponseBytes,
            OcspError::DuplicateExtension { oid: oid() },
            OcspError::BadNonce,
            OcspError::BadIssuer,
            OcspError::ErrorStatus {
                status: OcspResponseStatus::TryLater,
            },
            OcspError::UnknownCriticalExtension { oid: oid() },
            OcspError::ResponderNotFound,
            OcspError::BadSignature,
            OcspError::AlgorithmRefused {
                alg: "rsa-sha1".into(),
            },
            OcspError::ProducedAtOutsideValidity { produced_at: t },
            OcspError::NotYetValid { this_update: t },
            OcspError::Stale { this_update: t },
            OcspError::NoMatchingResponse,
        ];
        for e in &all {
            match e {
                OcspError::TooLarge { .. }
                | OcspError::Malformed { .. }
                | OcspError::BadVersion { .. }
                | OcspError::UnsupportedResponseType { .. }
                | OcspError::MissingResponseBytes
                | OcspError::DuplicateExtension { .. }
                | OcspError::BadNonce
                | OcspError::BadIssuer
                | OcspError::ErrorStatus { .. }
                | OcspError::UnknownCriticalExtension { .. }
                | OcspError::ResponderNotFound
                | OcspError::BadSignature
                | OcspError::AlgorithmRefused { .. }
                | OcspError::ProducedAtOutsideValidity { .. }
                | OcspError::NotYetValid { .. }
                | OcspError::Stale { .. }
                | OcspError::NoMatchingResponse => {}
            }
        }
        all
    }

    fn path_variants() -> Vec<PathError> {
        let t = crate::time::DateTime::new(2025, 1, 2, 3, 4, 5).unwrap();
        let all = vec![
            PathError::NoIssuer { cert: 0 },
            PathError::MaxDepth { max: 8 },
            PathError::BudgetExhausted {
                kind: BudgetKind::Signatures,
            },
            PathError::SignatureInvalid { cert: 1 },
            PathError::SignatureAlgorithmMismatch { cert: 1 },
            PathError::UnsupportedAlgorithm {
                cert: 1,
                oid: "1.2.3".into(),
            },
            PathError::AlgorithmNotAllowed {
                cert: 1,
                alg: "rsa-sha1".into(),
            },
            PathError::KeyTooSmall {
                cert: 1,
                bits: 1024,
                min: 2048,
            },
            PathError::SubjectKeyTooSmall {
                cert: 0,
                bits: 1024,
                min: 2048,
            },
            PathError::Expired {
                cert: 0,
                not_after: t,
            },
            PathError::NotYetValid {
                cert: 0,
                not_before: t,
            },
            PathError::NotCa { cert: 1 },
            PathError::PathLength { cert: 1 },
            PathError::KeyUsage {
                cert: 0,
                usage: "digitalSignature",
            },
            PathError::ExtendedKeyUsage {
                cert: 0,
                purpose: "timeStamping",
            },
            PathError::TsaEkuNotSole { cert: 0 },
            PathError::TsaEkuNotCritical { cert: 0 },
            PathError::NameConstraints {
                cert: 0,
                name: "a@b.vn".into(),
            },
            PathError::UnprocessableNameConstraint { cert: 0 },
            PathError::Policy { cert: 0 },
            PathError::UnknownCriticalExtension {
                cert: 0,
                oid: "1.2.3".into(),
            },
            PathError::MalformedExtension {
                cert: 0,
                oid: "2.5.29.19".into(),
            },
            PathError::CriticalNotAllowed {
                cert: 0,
                extension: "Authority Key Identifier",
                rule: "§4.2.1.1",
            },
            PathError::Revoked {
                cert: 0,
                time: Some(t),
                reason: Some("keyCompromise".into()),
            },
            PathError::Revoked {
                cert: 0,
                time: None,
                reason: None,
            },
            PathError::RevocationUnknown { cert: 0 },
        ];
        for e in &all {
            match e {
                PathError::NoIssuer { .. }
                | PathError::MaxDepth { .. }
                | PathError::BudgetExhausted { .. }
                | PathError::SignatureInvalid { .. }
                | PathError::SignatureAlgorithmMismatch { .. }
                | PathError::UnsupportedAlgorithm { .. }
                | PathError::AlgorithmNotAllowed { .. }
                | PathError::KeyTooSmall { .. }
                | PathError::SubjectKeyTooSmall { .. }
                | PathError::Expired { .. }
                | PathError::NotYetValid { .. }
                | PathError::NotCa { .. }
                | PathError::PathLength { .. }
                | PathError::KeyUsage { .. }
                | PathError::ExtendedKeyUsage { .. }
                | PathError::TsaEkuNotSole { .. }
                | PathError::TsaEkuNotCritical { .. }
                | PathError::NameConstraints { .. }
                | PathError::UnprocessableNameConstraint { .. }
                | PathError::Policy { .. }
                | PathError::UnknownCriticalExtension { .. }
                | PathError::MalformedExtension { .. }
                | PathError::CriticalNotAllowed { .. }
                | PathError::Revoked { .. }
                | PathError::RevocationUnknown { .. } => {}
            }
        }
        all
    }

    /// The variant's name as `Debug` prints it (`BadSignatureEncoding`, `Malformed`, …).
    fn debug_name(debug: &str) -> String {
        debug
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// No Rust debug syntax, no variant name, a sentence in each language, and different
    /// sentences in vi and en.
    fn check(debug: String, message: ErrorText, failures: &mut Vec<String>) {
        let name = debug_name(&debug);
        for lang in [Lang::Vi, Lang::En] {
            let text = message.render(lang);
            let bad = text.trim().is_empty()
                || text.contains('{')
                || text.contains('}')
                || text.contains("Some(")
                || text.contains("None")
                || text.contains("::")
                || text.contains('"')
                || (name.chars().skip(1).any(|c| c.is_ascii_uppercase()) && text.contains(&name));
            if bad {
                failures.push(format!("{debug} ({lang:?}): {text}"));
            }
        }
        if message.render(Lang::Vi) == message.render(Lang::En) {
            failures.push(format!("{debug}: same text in vi and en"));
        }
    }

    /// English prose words that must not appear in a Vietnamese sentence (ASN.1 names such as
    /// `SignerInfo` or `keyLength` are whole words of their own and do not match), and a few
    /// that an English sentence about a structural flaw is made of.
    pub(crate) const ENGLISH_PROSE: &[&str] = &[
        "truncated",
        "expected",
        "invalid",
        "after",
        "length",
        "large",
        "missing",
        "not",
        "malformed",
        "unexpected",
        "trailing",
        "empty",
        "structure",
        "nesting",
        "error",
        "has",
        "many",
        "element",
        "does",
        "unsupported",
        "the",
        "is",
        "of",
        "type",
        "data",
        "too",
        "no",
        "at",
        "block",
        "text",
    ];

    /// The words of `text` that are English prose.
    pub(crate) fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| {
                // `the`, `The`; not all-capitals names (`NOT`) or camelCase names.
                let lower = w.to_lowercase();
                ENGLISH_PROSE.contains(&lower.as_str()) && w.get(1..) == lower.get(1..)
            })
            .map(str::to_owned)
            .collect()
    }

    /// A Vietnamese sentence holds no English prose; an English one does.
    fn check_prose(what: &str, lang: Lang, text: &str, failures: &mut Vec<String>) {
        let english = english_words(text);
        match lang {
            Lang::Vi if !english.is_empty() => {
                failures.push(format!("{what} (vi): English {english:?} in {text}"))
            }
            Lang::En if english.is_empty() => {
                failures.push(format!("{what} (en): no English prose in {text}"))
            }
            _ => {}
        }
    }

    #[test]
    fn every_error_variant_is_a_catalogue_sentence_in_both_languages() {
        let mut failures = Vec::new();
        let mut n = 0usize;
        macro_rules! each {
            ($list:expr) => {
                for e in $list {
                    n += 1;
                    check(format!("{e:?}"), e.message(), &mut failures);
                    check_prose(
                        &format!("{e:?}"),
                        Lang::Vi,
                        &e.to_text(Lang::Vi),
                        &mut failures,
                    );
                    assert_eq!(e.to_string(), e.to_text(Lang::En));
                }
            };
        }
        each!(crypto_variants());
        each!(key_variants());
        each!(cms_variants());
        each!(fetch_variants());
        each!(cert_variants());
        each!(store_variants());
        each!(crl_variants());
        each!(ocsp_variants());
        each!(path_variants());
        for d in der_problems() {
            n += 1;
            check(format!("{d:?}"), d.message(), &mut failures);
        }
        for f in flaws() {
            n += 1;
            check(format!("{f:?}"), f.message(), &mut failures);
            for lang in [Lang::Vi, Lang::En] {
                let key = KeyError::Malformed { what: f }.to_text(lang);
                check_prose(&format!("{f:?}"), lang, &key, &mut failures);
                let cms = CmsError::Malformed {
                    flaw: f,
                    position: None,
                }
                .to_text(lang);
                check_prose(&format!("{f:?}"), lang, &cms, &mut failures);
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(n > 100, "{n} errors checked");
    }

    #[test]
    fn der_kinds_become_sentences_with_the_byte_position() {
        let e = crate::cert::Certificate::from_der(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff])
            .expect_err("not a certificate");
        let vi = e.to_text(Lang::Vi);
        let en = e.to_text(Lang::En);
        assert!(
            vi.starts_with("Chứng thư số không đúng định dạng: "),
            "{vi}"
        );
        assert!(
            en.starts_with("The certificate is not well-formed: "),
            "{en}"
        );
        assert!(!vi.contains('{') && !en.contains("Value"), "{vi} / {en}");
        let crate::cert::CertError::Malformed { position, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(position.is_some(), vi.contains("tại byte"), "{vi}");
        assert_eq!(position.is_some(), en.contains("at byte"), "{en}");
    }
}
