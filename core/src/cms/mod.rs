//! CMS SignedData (RFC 5652): build ([`SignedDataBuilder`]) and verify ([`verify()`]), with the signed
//! attributes of CAdES-B-B (ETSI EN 319 122-1 §5.2): content-type, message-digest,
//! signing-time, ESS signing-certificate-v2 (RFC 5035), CMSAlgorithmProtection (RFC 6211).

pub(crate) mod archive;
pub(crate) mod attr;
mod build;
mod edit;
pub(crate) mod parse;
mod parts;
mod prepared;
mod revinfo;
mod signer_info;
#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
pub(crate) mod test_support;
mod validation_data;
pub(crate) mod verify;

pub use archive::{ArchiveTimestampInput, add_archive_timestamp, archive_timestamp_input};
pub use build::{Content, SignedDataBuilder, SignerIdentifierKind, SignerOptions};
pub(crate) use edit::signs_attributes;
pub use edit::{
    add_counter_signature, add_signature_timestamp, add_signer, prepare_add_signer,
    prepare_counter_signature, signer_signature_value,
};
pub use parse::{CmsLimits, SignedDataInfo, certificates, inspect, required_digests};
pub use prepared::{PreparedSignature, finish};
pub(crate) use revinfo::evidence as revinfo_evidence;
pub use validation_data::{ValidationData, add_validation_data};
pub use verify::{DetachedContent, VerifyOptions, verify};

use crate::cert::Certificate;
use crate::crypto::CryptoProvider;
use crate::policy::{KeyPurpose, ValidationPolicy};
use crate::report::{ChainReport, TimeUsed};
use crate::revocation::RevocationEvidence;
use crate::time::DateTime;

/// The seam where certificate-path validation plugs into signature verification.
/// The `path` module implements it (RFC 5280 §6); callers may supply their own.
///
/// Signature verification calls [`validate_in_context`](Self::validate_in_context), which
/// also hands over what the message itself carries; a validator that has no use for it
/// implements [`validate`](Self::validate) only.
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

    /// [`validate`](Self::validate), with the policy and crypto provider in `context`
    /// together with the revocation evidence the signed message carries and the current time
    /// ([`ChainContext`]). The default uses only the policy and the provider; kyso's
    /// [`PathValidator`](crate::path::PathValidator) consults the message's evidence together
    /// with its own checker's and refuses revocation data dated after `context.now`.
    fn validate_in_context(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        context: &ChainContext<'_>,
    ) -> ChainReport {
        self.validate(leaf, pool, purpose, time, context.policy, context.crypto)
    }
}

/// What signature verification knows besides the certificates: handed to
/// [`ChainValidator::validate_in_context`] for each signer.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct ChainContext<'e> {
    /// The policy the signature is verified under.
    pub policy: &'e ValidationPolicy,
    /// The crypto provider of the verification.
    pub crypto: &'e dyn CryptoProvider,
    /// Revocation evidence carried by the message itself (SignedData `crls`: CRLs, and OCSP
    /// responses as RFC 5940 `id-ri-ocsp-response`), to be used with origin
    /// [`EvidenceOrigin::Message`](crate::revocation::EvidenceOrigin::Message).
    pub message_evidence: &'e RevocationEvidence,
    /// The current time (core has no clock): revocation data dated later than this (plus the
    /// policy's clock skew) is refused as coming from the future.
    pub now: DateTime,
}

impl<'e> ChainContext<'e> {
    pub fn new(
        policy: &'e ValidationPolicy,
        crypto: &'e dyn CryptoProvider,
        now: DateTime,
        message_evidence: &'e RevocationEvidence,
    ) -> Self {
        Self {
            policy,
            crypto,
            message_evidence,
            now,
        }
    }
}

impl core::fmt::Debug for ChainContext<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChainContext")
            .field("policy", &self.policy.name)
            .field("message_evidence", self.message_evidence)
            .field("now", &self.now)
            .finish()
    }
}

/// Errors building or parsing CMS structures (verification problems go into the report).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CmsError {
    /// The input is not a ContentInfo/SignedData kyso can read.
    Malformed {
        /// What is wrong (a catalogue phrase).
        flaw: crate::flaw::Flaw,
        position: Option<u32>,
    },
    /// Content type other than SignedData (its OID).
    NotSignedData {
        content_type: String,
    },
    /// Larger than the configured limit.
    TooLarge {
        len: usize,
        limit: usize,
    },
    /// No signer at the given index.
    NoSuchSigner {
        index: usize,
    },
    /// The external signature given to `finish` does not verify with the certificate.
    ExternalSignatureInvalid,
    /// The certificate's key does not match the signer's key.
    CertificateKeyMismatch,
    /// A detached signature was asked for but the content is missing, or vice versa.
    ContentMissing,
    Crypto(crate::crypto::CryptoError),
    Encoding {
        what: &'static str,
    },
    /// A signer made with `SignerOptions::external` was given to a one-step call (`build`,
    /// `add_signer`, `add_counter_signature`): external signatures go through `prepare`/`finish`.
    ExternalSignerNeedsPrepare,
    /// Two-phase signing handles exactly one signer; this many were given.
    PrepareNeedsOneSigner {
        signers: usize,
    },
    /// The caller's precomputed content digest uses another algorithm than the signer's scheme.
    DigestAlgorithmMismatch {
        content: crate::crypto::DigestAlgorithm,
        signer: crate::crypto::DigestAlgorithm,
    },
    /// The caller's precomputed content digest has the wrong length for its algorithm.
    InvalidDigestLength {
        algorithm: crate::crypto::DigestAlgorithm,
        len: usize,
    },
    /// A signed attribute type appears twice, or one that must not be there (content-type in a
    /// counter-signature, RFC 5652 §11.4) was given (its OID).
    DuplicateAttribute {
        oid: String,
    },
    /// Identification by SubjectKeyIdentifier was asked for, but the certificate has none.
    NoSubjectKeyIdentifier,
    /// Detached content was given, but the SignedData already encapsulates its content.
    ContentAlreadyAttached,
}

impl From<crate::crypto::CryptoError> for CmsError {
    fn from(e: crate::crypto::CryptoError) -> Self {
        Self::Crypto(e)
    }
}
