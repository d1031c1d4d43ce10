//! Certificate revocation: CRLs (RFC 5280 §5, §6.3) and OCSP (RFC 6960).
//!
//! - [`Crl`] parses a CRL (full or delta) and keeps its original bytes; [`crl`] holds the
//!   RFC 5280 §6.3.3 algorithm (distribution points, IDP scopes, indirect CRLs, reasons mask,
//!   delta CRLs, key roll-over).
//! - [`ocsp`] holds the RFC 6960 types (written with `der` derive: no der-0.8 release of
//!   x509-ocsp fits, architecture.md §3), the request builder and response verification
//!   (direct and delegated responders).
//! - [`Checker`] implements [`RevocationChecker`]: evidence first (caller, message), then, only
//!   if the caller lent a [`Fetcher`](crate::fetch::Fetcher), the certificate's CRL
//!   distribution points and AIA OCSP URL (http only).
//!
//! Status follows Vietnamese practice (Decree 68/2024, vietnam.md §6): a certificate revoked
//! only **after** the validation time is reported as
//! [`RevocationStatus::RevokedAfterValidationTime`](crate::report::RevocationStatus), which
//! does not invalidate a signature made before; missing or unusable data is `Unknown`, never
//! `Good`.

mod checker;
pub mod crl;
mod dp;
pub mod ocsp;
mod sig;
mod status;

pub use checker::{Checker, EvidenceOrigin};
pub use crl::{Crl, CrlEntry, CrlError};
pub use ocsp::{OcspError, OcspRequestBuilder, OcspResponse};
pub use status::{RevocationReason, Status};

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
