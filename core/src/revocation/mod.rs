//! Certificate revocation: CRLs (RFC 5280 §5, §6.3) and OCSP (RFC 6960).
//! TODO(revocation helper): CRL and OCSP parsing and checking behind [`RevocationChecker`].

use crate::cert::Certificate;
use crate::crypto::CryptoProvider;
use crate::policy::ValidationPolicy;
use crate::report::RevocationReport;
use crate::time::DateTime;

/// Revocation evidence supplied by the caller or found in the message: raw DER, parsed lazily.
#[derive(Clone, Debug, Default)]
pub struct RevocationEvidence {
    /// DER CRLs (full and delta).
    pub crls: Vec<Vec<u8>>,
    /// DER OCSPResponse values.
    pub ocsp_responses: Vec<Vec<u8>>,
}

/// What the path module lends a revocation check: a way to validate the certificate that
/// signed a CRL or an OCSP response (its own path may differ from the subject's, e.g. indirect
/// CRLs, delegated OCSP responders, key roll-over).
pub trait IssuerValidator {
    /// Whether `signer` chains to a trust anchor at `time` for `purpose`, using `pool`.
    fn validate_revocation_signer(
        &self,
        signer: &Certificate,
        purpose: crate::policy::KeyPurpose,
        time: &DateTime,
    ) -> bool;
    /// Untrusted certificates known to the validation (message, caller, path), for finding
    /// CRL or OCSP signers.
    fn pool(&self) -> &[Certificate];
}

/// The seam between path validation (RFC 5280 §6.1.3 (a)(3)) and revocation status.
pub trait RevocationChecker {
    /// Status of `path[index]` (leaf first, trust anchor last; `path[index + 1]` is its issuer)
    /// at `time`. Never fails: unknown status is `RevocationStatus::Unknown`, and the caller
    /// maps it to INDETERMINATE according to `policy.revocation`.
    fn check(
        &self,
        path: &[&Certificate],
        index: usize,
        time: &DateTime,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
        issuers: &dyn IssuerValidator,
    ) -> RevocationReport;
}
