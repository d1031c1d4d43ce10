//! CMS SignedData (RFC 5652): build ([`build`]) and verify ([`verify`]), with the signed
//! attributes of CAdES-B-B (ETSI EN 319 122-1 §5.2): content-type, message-digest,
//! signing-time, ESS signing-certificate-v2 (RFC 5035), CMSAlgorithmProtection (RFC 6211).

pub(crate) mod attr;
pub mod build;
pub mod parse;
pub mod verify;

pub use parse::{
    certificates, inspect, required_digests, Limits, SignedDataInfo, SignerIdentifier,
};
pub use verify::{verify, DetachedContent, VerifyOptions};

use crate::cert::Certificate;
use crate::crypto::CryptoProvider;
use crate::policy::{KeyPurpose, ValidationPolicy};
use crate::report::{ChainReport, TimeUsed};

/// The seam where certificate-path validation plugs into signature verification.
/// The `path` module implements it (RFC 5280 §6); callers may supply their own.
pub trait ChainValidator {
    /// Validate `leaf` for `purpose` at `time`, using `pool` (certificates from the message and
    /// the caller) as untrusted intermediates. Never fails: problems are in the report.
    fn validate(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
    ) -> ChainReport;
}

/// Errors building or parsing CMS structures (verification problems go into the report).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CmsError {
    /// The input is not a ContentInfo/SignedData kyso can read.
    Malformed { what: &'static str, position: Option<u32> },
    /// Content type other than SignedData (its OID).
    NotSignedData { content_type: String },
    /// Larger than the configured limit.
    TooLarge { len: usize, limit: usize },
    /// No signer at the given index.
    NoSuchSigner { index: usize },
    /// The external signature given to `finish` does not verify with the certificate.
    ExternalSignatureInvalid,
    /// The certificate's key does not match the signer's key.
    CertificateKeyMismatch,
    /// A detached signature was asked for but the content is missing, or vice versa.
    ContentMissing,
    Crypto(crate::crypto::CryptoError),
    Encoding { what: &'static str },
}

impl From<crate::crypto::CryptoError> for CmsError {
    fn from(e: crate::crypto::CryptoError) -> Self {
        Self::Crypto(e)
    }
}
