//! `Display` (English, for logs and developers) and `std::error::Error` for every error type.
//! User-facing text in Vietnamese and English comes from the report's message catalogue
//! ([`crate::i18n`]); these strings are for programmers.

use core::fmt;

use crate::cms::CmsError;
use crate::crypto::CryptoError;
use crate::fetch::FetchError;
use crate::key::KeyError;

impl CryptoError {
    /// A stable string code for bindings and logs (the WASM package's `KysoError.code`); never
    /// reused for another meaning.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedAlgorithm { .. } => "crypto.unsupported-algorithm",
            Self::InvalidParameters { .. } => "crypto.invalid-parameters",
            Self::InvalidPublicKey => "crypto.invalid-public-key",
            Self::InvalidPrivateKey => "crypto.invalid-private-key",
            Self::SchemeKeyMismatch => "crypto.scheme-key-mismatch",
            Self::BadSignature => "crypto.bad-signature",
            Self::SigningFailed => "crypto.signing-failed",
            Self::Sha1SigningRefused => "crypto.sha1-signing-refused",
        }
    }
}

impl CmsError {
    /// A stable string code, as [`CryptoError::code`] (whose codes a `Crypto` error keeps).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "cms.malformed",
            Self::NotSignedData { .. } => "cms.not-signed-data",
            Self::TooLarge { .. } => "cms.too-large",
            Self::NoSuchSigner { .. } => "cms.no-such-signer",
            Self::ExternalSignatureInvalid => "cms.external-signature-invalid",
            Self::CertificateKeyMismatch => "cms.certificate-key-mismatch",
            Self::ContentMissing => "cms.content-missing",
            Self::Crypto(c) => c.code(),
            Self::Encoding { .. } => "cms.encoding",
            Self::ExternalSignerNeedsPrepare => "cms.external-signer-needs-prepare",
            Self::PrepareNeedsOneSigner { .. } => "cms.prepare-needs-one-signer",
            Self::DigestAlgorithmMismatch { .. } => "cms.digest-algorithm-mismatch",
            Self::InvalidDigestLength { .. } => "cms.invalid-digest-length",
            Self::DuplicateAttribute { .. } => "cms.duplicate-attribute",
            Self::NoSubjectKeyIdentifier => "cms.no-subject-key-identifier",
            Self::ContentAlreadyAttached => "cms.content-already-attached",
        }
    }
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedAlgorithm { oid } => write!(f, "unsupported algorithm {oid}"),
            Self::InvalidParameters { oid } => write!(f, "invalid parameters for algorithm {oid}"),
            Self::InvalidPublicKey => f.write_str("invalid public key"),
            Self::InvalidPrivateKey => f.write_str("invalid private key"),
            Self::SchemeKeyMismatch => f.write_str("signature scheme does not fit the key"),
            Self::BadSignature => f.write_str("signature does not verify"),
            Self::SigningFailed => f.write_str("signing failed"),
            Self::Sha1SigningRefused => f.write_str("signing with SHA-1 is refused"),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnrecognizedFormat => {
                f.write_str("not a key format kyso reads (PKCS#12, PKCS#8, PKCS#1, SEC1)")
            }
            Self::Malformed { what } => write!(f, "malformed {what}"),
            Self::PasswordRequired => f.write_str("the key is encrypted: a password is required"),
            Self::WrongPassword => f.write_str("wrong password"),
            Self::UnsupportedEncryption { oid } => write!(f, "unsupported key encryption {oid}"),
            Self::UnsupportedKeyAlgorithm { oid } => write!(f, "unsupported key algorithm {oid}"),
            Self::NoPrivateKey => f.write_str("no private key in the file"),
            Self::NoMatchingCertificate => f.write_str("no certificate matches the private key"),
            Self::CertificateKeyMismatch => {
                f.write_str("the certificate does not belong to the private key")
            }
            Self::LimitExceeded { what } => write!(f, "limit exceeded: {what}"),
            Self::Crypto(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for CmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed {
                what,
                position: Some(p),
            } => write!(f, "malformed {what} at byte {p}"),
            Self::Malformed {
                what,
                position: None,
            } => write!(f, "malformed {what}"),
            Self::NotSignedData { content_type } => {
                write!(f, "content type {content_type} is not SignedData")
            }
            Self::TooLarge { len, limit } => {
                write!(f, "input of {len} bytes exceeds the limit of {limit}")
            }
            Self::NoSuchSigner { index } => write!(f, "no signer at index {index}"),
            Self::ExternalSignatureInvalid => {
                f.write_str("the external signature does not verify with the certificate")
            }
            Self::CertificateKeyMismatch => {
                f.write_str("the certificate does not belong to the signing key")
            }
            Self::ContentMissing => f.write_str("the content is missing"),
            Self::Crypto(e) => e.fmt(f),
            Self::Encoding { what } => write!(f, "cannot encode {what}"),
            Self::ExternalSignerNeedsPrepare => {
                f.write_str("an external signer needs prepare/finish")
            }
            Self::PrepareNeedsOneSigner { signers } => write!(
                f,
                "two-phase signing takes exactly one signer, not {signers}"
            ),
            Self::DigestAlgorithmMismatch { content, signer } => write!(
                f,
                "content digest is {} but the signer uses {}",
                content.name(),
                signer.name()
            ),
            Self::InvalidDigestLength { algorithm, len } => {
                write!(f, "a {} digest cannot be {len} bytes", algorithm.name())
            }
            Self::DuplicateAttribute { oid } => {
                write!(f, "attribute {oid} given twice or not allowed here")
            }
            Self::NoSubjectKeyIdentifier => {
                f.write_str("the certificate has no subject key identifier")
            }
            Self::ContentAlreadyAttached => {
                f.write_str("the SignedData already carries its content")
            }
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAllowed => f.write_str("fetching is not allowed"),
            Self::Unavailable => f.write_str("the server could not be reached; try later"),
            Self::TooLarge => f.write_str("the response exceeded the size limit"),
            Self::Status { code } => write!(f, "the server answered HTTP {code}"),
        }
    }
}

impl std::error::Error for CryptoError {}
impl std::error::Error for KeyError {}
impl std::error::Error for CmsError {}
impl std::error::Error for FetchError {}
impl std::error::Error for crate::cert::CertError {}
impl std::error::Error for crate::path::PathError {}
impl std::error::Error for crate::path::StoreError {}
impl std::error::Error for crate::revocation::CrlError {}
impl std::error::Error for crate::revocation::OcspError {}
