//! Certificate revocation: CRLs (RFC 5280 §5, §6.3) and OCSP (RFC 6960).
//!
//! - [`Crl`] parses a CRL (full or delta) and keeps its original bytes; [`crl`] holds the
//!   RFC 5280 §6.3.3 algorithm (distribution points, IDP scopes, indirect CRLs, reasons mask,
//!   delta CRLs, key roll-over).
//! - [`ocsp`] holds the RFC 6960 types (written with `der` derive: no der-0.8 release of
//!   x509-ocsp fits), the request builder and response verification
//!   (direct and delegated responders).
//! - [`Checker`] implements [`RevocationChecker`]: evidence first (caller, message), then, only
//!   if the caller lent a [`Fetcher`](crate::fetch::Fetcher), the certificate's CRL
//!   distribution points and AIA OCSP URL (http only).
//!
//! Status follows Vietnamese practice (Decree 68/2024, docs/vietnam.md §6): a certificate revoked
//! only **after** the validation time is reported as
//! [`RevocationStatus::RevokedAfterValidationTime`](crate::report::RevocationStatus), which
//! does not invalidate a signature made before; missing or unusable data is `Unknown`, never
//! `Good`.

mod checker;
pub(crate) mod crl;
mod dp;
pub(crate) mod ocsp;
mod sig;
mod status;

pub use checker::{Checker, EvidenceOrigin};
pub use crl::{Crl, CrlEntry, CrlError};
pub use ocsp::{OcspError, OcspRequestBuilder, OcspResponse};
pub use status::{CertStatus, RevocationReason};

use crate::cert::Certificate;
use crate::crypto::CryptoProvider;
use crate::policy::ValidationPolicy;
use crate::report::RevocationReport;
use crate::time::DateTime;

/// Revocation evidence supplied by the caller or found in the message: raw DER, parsed lazily.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RevocationEvidence {
    /// DER CRLs (full and delta).
    pub crls: Vec<Vec<u8>>,
    /// DER OCSPResponse values.
    pub ocsp_responses: Vec<Vec<u8>>,
}

impl RevocationEvidence {
    /// Evidence from DER CRLs and DER OCSPResponse values.
    pub fn new(crls: Vec<Vec<u8>>, ocsp_responses: Vec<Vec<u8>>) -> Self {
        Self {
            crls,
            ocsp_responses,
        }
    }
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

    /// [`check`](Self::check) with more evidence at hand: `extra` holds what the signed
    /// message carries (or any evidence the caller did not give this checker), and is
    /// consulted together with this checker's own. The default asks both and keeps the more
    /// informative answer (revoked — the earliest — over revoked-after-the-validation-time
    /// over good over unknown); [`Checker`] overrides it to pool the evidence before deciding
    /// and to fetch only when the pooled evidence does not decide.
    fn check_with(&self, extra: &Checker<'_>, query: StatusQuery<'_>) -> RevocationReport {
        let q = query;
        let own = self.check(q.path, q.index, q.time, q.policy, q.crypto, q.issuers);
        let more = extra.check(q.path, q.index, q.time, q.policy, q.crypto, q.issuers);
        more_informative(own, more)
    }
}

/// One revocation question as a value (the arguments of [`RevocationChecker::check`]): the
/// status of `path[index]` (leaf first, anchor last; `path[index + 1]` is its issuer) at
/// `time`, under `policy`, with `crypto`, lending `issuers` to validate CRL and OCSP signers.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct StatusQuery<'q> {
    pub path: &'q [&'q Certificate],
    pub index: usize,
    pub time: &'q DateTime,
    pub policy: &'q ValidationPolicy,
    pub crypto: &'q dyn CryptoProvider,
    pub issuers: &'q dyn IssuerValidator,
}

impl<'q> StatusQuery<'q> {
    pub fn new(
        path: &'q [&'q Certificate],
        index: usize,
        time: &'q DateTime,
        policy: &'q ValidationPolicy,
        crypto: &'q dyn CryptoProvider,
        issuers: &'q dyn IssuerValidator,
    ) -> Self {
        Self {
            path,
            index,
            time,
            policy,
            crypto,
            issuers,
        }
    }
}

/// The report that says more: revoked (earliest) > revoked after the validation time > good >
/// unknown > not checked. Two undecided reports keep the findings of both.
fn more_informative(a: RevocationReport, b: RevocationReport) -> RevocationReport {
    use crate::report::RevocationStatus as S;
    let rank = |r: &RevocationReport| match r.status {
        S::Revoked => 4,
        S::RevokedAfterValidationTime => 3,
        S::Good => 2,
        S::Unknown => 1,
        _ => 0,
    };
    match rank(&a).cmp(&rank(&b)) {
        core::cmp::Ordering::Greater => a,
        core::cmp::Ordering::Less => b,
        core::cmp::Ordering::Equal => match a.status {
            S::Revoked | S::RevokedAfterValidationTime => {
                match (a.revocation_time, b.revocation_time) {
                    (Some(x), Some(y)) if y < x => b,
                    _ => a,
                }
            }
            S::Unknown => {
                let mut a = a;
                for f in b.findings {
                    if !a.findings.contains(&f) {
                        a.findings.push(f);
                    }
                }
                a
            }
            _ => a,
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::RevocationStatus as S;

    fn r(status: S, at: Option<&str>, finding: Option<crate::i18n::MessageId>) -> RevocationReport {
        let mut r = RevocationReport::new(status);
        r.revocation_time = at.map(|t| crate::time::parse_rfc3339(t).unwrap());
        r.findings.extend(
            finding.map(|id| crate::report::Finding::new(id, crate::report::Severity::Warning)),
        );
        r
    }

    /// The default `check_with` combination for checkers other than `Checker`.
    #[test]
    fn more_informative_wins() {
        use crate::i18n::MessageId as M;
        let good = || r(S::Good, None, None);
        let unknown = |f| r(S::Unknown, None, Some(f));
        let revoked = |t| r(S::Revoked, Some(t), None);
        assert_eq!(
            more_informative(good(), unknown(M::RevocationNoData)).status,
            S::Good
        );
        assert_eq!(
            more_informative(unknown(M::RevocationNoData), good()).status,
            S::Good
        );
        assert_eq!(
            more_informative(good(), revoked("2024-01-01T00:00:00Z")).status,
            S::Revoked
        );
        let after = r(
            S::RevokedAfterValidationTime,
            Some("2025-01-01T00:00:00Z"),
            None,
        );
        assert_eq!(
            more_informative(after, good()).status,
            S::RevokedAfterValidationTime
        );
        // Two revocations: the earlier.
        let early = more_informative(
            revoked("2024-05-01T00:00:00Z"),
            revoked("2024-01-01T00:00:00Z"),
        );
        assert_eq!(
            early.revocation_time,
            crate::time::parse_rfc3339("2024-01-01T00:00:00Z")
        );
        // Two unknowns: both reasons kept.
        let both = more_informative(
            unknown(M::RevocationNoData),
            unknown(M::RevocationFetchFailed),
        );
        assert_eq!(both.findings.len(), 2);
    }
}
