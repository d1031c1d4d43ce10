//! Certification path building and validation (RFC 5280 §6, RFC 9618 policy graph,
//! RFC 5937 constrained anchors), with revocation through the [`RevocationChecker`] seam.
//!
//! ```text
//! store    trust anchors (+ known intermediates)        store.rs, vn.rs (compiled-in VN bundle)
//! build    DFS with backtracking, budget, loop check     build.rs, budget.rs
//! process  RFC 5280 §6.1 on one complete path            process.rs, name.rs,
//!                                                        name_constraints.rs, policies.rs
//! report   ETSI indication, per-certificate status       this file, error.rs
//! ```
//!
//! [`RevocationChecker`]: crate::revocation::RevocationChecker

mod budget;
mod build;
mod error;
mod name_constraints;
mod policies;
mod process;
mod profile;
mod sigalg;
mod store;
mod vn;

pub use budget::{BudgetKind, BudgetLimits};
pub use error::PathError;
pub use store::{StoreError, TrustAnchor, TrustStore, load_certificates};

use crate::cert::Certificate;
use crate::cms::{ChainContext, ChainValidator};
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::i18n::MessageId;
use crate::policy::{KeyPurpose, ValidationPolicy};
use crate::report::{
    CertReport, ChainReport, CheckStatus, Finding, Indication, Severity, TimeUsed,
    TrustAnchorReport,
};
use std::borrow::Cow;

use crate::revocation::{Checker, EvidenceOrigin, IssuerValidator, RevocationChecker, StatusQuery};

/// Validates certification paths against a [`TrustStore`].
///
/// Validation of a signer certificate through CMS verification is shown in the crate-level
/// example; [`PathValidator::validate`] is the direct call.
///
/// The store is owned ([`PathValidator::new`]) or borrowed ([`PathValidator::borrowing`]): a
/// server or binding that keeps one store for many validations makes a validator per call
/// (with that call's revocation checker) without copying the anchors.
pub struct PathValidator<'r> {
    store: Cow<'r, TrustStore>,
    limits: BudgetLimits,
    revocation: Option<&'r dyn RevocationChecker>,
}

/// The full outcome of one validation: the report plus what tests and tools need.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PathResult {
    pub report: ChainReport,
    /// The path reported (leaf first, anchor last): the valid path, or the path on which the
    /// reported failure was found (possibly partial).
    pub path: Vec<Certificate>,
    /// The failure, if the path is not valid (also set for undecided revocation).
    pub error: Option<PathError>,
    /// RFC 5280 §6.1.6 user-constrained policy set (dotted OIDs; `2.5.29.32.0` = any).
    pub policies: Vec<String>,
}

impl PathValidator<'static> {
    pub fn new(store: TrustStore) -> Self {
        Self {
            store: Cow::Owned(store),
            limits: BudgetLimits::default(),
            revocation: None,
        }
    }
}

impl<'r> PathValidator<'r> {
    /// A validator over a store the caller keeps.
    pub fn borrowing(store: &'r TrustStore) -> Self {
        Self {
            store: Cow::Borrowed(store),
            limits: BudgetLimits::default(),
            revocation: None,
        }
    }

    /// Replace the work limits (see [`BudgetLimits`] for the defaults and their reasons).
    pub fn with_budget(mut self, limits: BudgetLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The revocation checker used by the [`ChainValidator`] implementation.
    pub fn with_revocation<'s>(self, checker: &'s dyn RevocationChecker) -> PathValidator<'s>
    where
        'r: 's,
    {
        PathValidator {
            store: self.store,
            limits: self.limits,
            revocation: Some(checker),
        }
    }

    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    /// Validate `leaf` for `purpose` at `time.time`, with `pool` as untrusted intermediates and
    /// the revocation checker set with [`PathValidator::with_revocation`] (none: revocation
    /// status is unknown, INDETERMINATE unless the policy turns checking off). Never fails:
    /// the result says what was found. [`ChainValidator::validate`] is this call's report.
    ///
    /// (There is deliberately no inherent `validate`: one used to shadow the trait method and
    /// take its own checker argument, silently dropping the one set with `with_revocation`.)
    pub fn validate_detailed(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
    ) -> PathResult {
        self.run(leaf, pool, purpose, time, policy, crypto)
    }

    /// [`Self::validate_detailed`] with the configured checker replaced by `revocation`.
    fn run_with(
        &self,
        revocation: Option<&dyn RevocationChecker>,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        context: &ChainContext<'_>,
    ) -> PathResult {
        let validator = PathValidator {
            store: Cow::Borrowed(&*self.store),
            limits: self.limits,
            revocation,
        };
        validator.run(leaf, pool, purpose, time, context.policy, context.crypto)
    }

    fn run(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
    ) -> PathResult {
        let shared = build::Shared::new(budget::Budget::new(self.limits), &self.store, pool);
        let builder =
            build::Builder::new(&self.store, pool, policy, crypto, &shared, self.revocation);
        let mut result = match builder.run(leaf, purpose, &time.time) {
            build::Outcome::Valid(found) => valid_report(found, time, crypto),
            build::Outcome::Failed(failure) => failed_report(failure, time, crypto),
        };
        // The freshness rule the revocation data was held to, beside the validation time
        // (shared/brief/pdf-ltv-login.md T4: "freshness" means different things to different
        // validators, so the report says which one).
        if policy.revocation != crate::policy::RevocationMode::DangerOff {
            let at = result.report.findings.len().min(1);
            result.report.findings.insert(at, freshness_finding(policy));
        }
        result
    }
}

impl ChainValidator for PathValidator<'_> {
    fn validate(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
    ) -> ChainReport {
        self.run(leaf, pool, purpose, time, policy, crypto).report
    }

    /// The message's evidence goes into a [`Checker`] made for this call (so one
    /// `PathValidator` serves every signer of a message, each with its own message checker;
    /// `Checker` is `!Sync` and caches per instance), with `context.now` as its current time.
    /// The configured checker then decides with both evidence sets pooled
    /// ([`RevocationChecker::check_with`]); its fetcher, if any, is consulted last. Without a
    /// configured checker the message's evidence alone decides.
    fn validate_in_context(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        context: &ChainContext<'_>,
    ) -> ChainReport {
        let message = Checker::new()
            .with_evidence(context.message_evidence, EvidenceOrigin::Message)
            .with_current_time(context.now);
        let pooled = Pooled {
            configured: self.revocation,
            message: &message,
        };
        self.run_with(Some(&pooled), leaf, pool, purpose, time, context)
            .report
    }
}

/// The configured checker with the message's evidence added.
struct Pooled<'c, 'm> {
    configured: Option<&'c dyn RevocationChecker>,
    message: &'m Checker<'m>,
}

impl RevocationChecker for Pooled<'_, '_> {
    fn check(
        &self,
        path: &[&Certificate],
        index: usize,
        time: &crate::time::DateTime,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
        issuers: &dyn IssuerValidator,
    ) -> crate::report::RevocationReport {
        match self.configured {
            Some(c) => c.check_with(
                self.message,
                StatusQuery::new(path, index, time, policy, crypto, issuers),
            ),
            None => self
                .message
                .check(path, index, time, policy, crypto, issuers),
        }
    }
}

/// The instant to validate at under `policy.validation_time`, and why (issue 3 item 5;
/// ETSI EN 319 102-1 §5.2: the report names the time and its source).
///
/// - `ValidationTime::Current` → `now` (source `current`).
/// - `ValidationTime::At(t)` → `t` (source `fixed`).
/// - `ValidationTime::SigningTime` → the genTime of a verified signature time-stamp if there is
///   one (`timestamp`); else the claimed signing-time attribute if the policy trusts it
///   (`trust_claimed_signing_time`, Vietnamese practice for historic documents); else `now`.
pub fn validation_time(
    policy: &ValidationPolicy,
    now: crate::time::DateTime,
    timestamp: Option<crate::time::DateTime>,
    claimed_signing_time: Option<crate::time::DateTime>,
) -> TimeUsed {
    use crate::policy::ValidationTime;
    use crate::report::TimeSource;
    match policy.validation_time {
        ValidationTime::At(t) => TimeUsed {
            time: t,
            source: TimeSource::Fixed,
        },
        ValidationTime::SigningTime => match (timestamp, claimed_signing_time) {
            (Some(t), _) => TimeUsed {
                time: t,
                source: TimeSource::Timestamp,
            },
            (None, Some(t))
                if policy.trust_claimed_signing_time && !is_after_now(&t, &now, policy) =>
            {
                TimeUsed {
                    time: t,
                    source: TimeSource::ClaimedSigningTime,
                }
            }
            _ => TimeUsed {
                time: now,
                source: TimeSource::Current,
            },
        },
        _ => TimeUsed {
            time: now,
            source: TimeSource::Current,
        },
    }
}

/// Whether `t` lies after `now` by more than the policy's clock-skew allowance: such a claimed
/// signing time is false (or the verifier's clock is wrong) and is not trusted as a validation
/// time.
pub(crate) fn is_after_now(
    t: &crate::time::DateTime,
    now: &crate::time::DateTime,
    policy: &ValidationPolicy,
) -> bool {
    crate::time::unix_seconds(t)
        > crate::time::unix_seconds(now).saturating_add(policy.revocation_clock_skew_secs)
}

fn cert_report(
    c: &Certificate,
    anchor: bool,
    status: CheckStatus,
    crypto: &dyn CryptoProvider,
) -> CertReport {
    let sha256 = sha256_hex(c, crypto);
    CertReport {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        serial: c.serial_hex(),
        sha256,
        not_before: c.not_before(),
        not_after: c.not_after(),
        is_trust_anchor: anchor,
        status,
        revocation: None,
        findings: Vec::new(),
        der: c.der().to_vec(),
    }
}

/// The chain as the report lists it: when the trust anchor is the certificate below it (a
/// self-signed signer certificate trusted directly, RFC 5280 §6.1 path of the certificate "issued"
/// by itself as anchor), the certificate is listed once, marked as the anchor, with the
/// findings of both entries.
fn without_repeated_anchor(mut certificates: Vec<CertReport>) -> Vec<CertReport> {
    let repeated = matches!(certificates.as_slice(), [.., below, anchor]
        if anchor.is_trust_anchor && below.sha256 == anchor.sha256);
    if repeated
        && let Some(anchor) = certificates.pop()
        && let Some(cert) = certificates.last_mut()
    {
        cert.is_trust_anchor = true;
        for f in anchor.findings {
            if !cert.findings.contains(&f) {
                cert.findings.push(f);
            }
        }
    }
    certificates
}

fn sha256_hex(c: &Certificate, crypto: &dyn CryptoProvider) -> String {
    crypto
        .digest(DigestAlgorithm::Sha256, c.der())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The anchor a path ends at, for the report (issue 9: the report names the anchor used).
fn anchor_report(
    a: &Certificate,
    is_target: bool,
    crypto: &dyn CryptoProvider,
) -> TrustAnchorReport {
    TrustAnchorReport {
        subject: a.subject().to_string(),
        sha256: sha256_hex(a, crypto),
        self_issued: process::is_self_issued(a),
        is_target,
    }
}

/// The finding that names the anchor: a root; an intermediate or end-entity certificate the
/// user trusted, where the path stops (RFC 5280 §6.1); or the target itself.
fn anchor_finding(a: &TrustAnchorReport, cert: Option<&Certificate>) -> Finding {
    let id = if a.is_target {
        MessageId::ChainTargetIsAnchor
    } else if a.self_issued {
        MessageId::ChainAnchorRoot
    } else {
        MessageId::ChainAnchorNotSelfIssued
    };
    let severity = if a.is_target {
        Severity::Warning
    } else {
        Severity::Info
    };
    let issuer = cert.map(|c| c.issuer().to_string()).unwrap_or_default();
    let f = Finding::new(id, severity)
        .with("anchor", a.subject.clone())
        .with("sha256", a.sha256.clone());
    if id == MessageId::ChainAnchorNotSelfIssued {
        f.with("issuer", issuer)
    } else {
        f
    }
}

/// Add the validation time to findings whose message shows it.
fn with_time(f: Finding, time: &TimeUsed) -> Finding {
    match f.code {
        MessageId::ChainExpired | MessageId::ChainNotYetValid => {
            f.with("time", crate::time::rfc3339(&time.time))
        }
        _ => f,
    }
}

fn finding_cert(f: &Finding) -> Option<usize> {
    f.params
        .iter()
        .find(|(k, _)| k == "cert")
        .and_then(|(_, v)| v.parse().ok())
}

/// Said for a certificate of the path read from a file with padding after its DER (a
/// newline, zero fill), which was ignored (`crate::trailing`); `cert` ties it to the entry.
fn padding_finding(index: usize, c: &Certificate) -> Option<Finding> {
    let count = c.trailing_padding();
    (count > 0).then(|| {
        Finding::new(MessageId::InputTrailingPaddingCertificate, Severity::Info)
            .with("count", count.to_string())
            .with("subject", c.subject().to_string())
            .with("cert", index.to_string())
    })
}

fn time_finding(time: &TimeUsed) -> Finding {
    use crate::report::TimeSource;
    let source = match time.source {
        TimeSource::Current => "current",
        TimeSource::Fixed => "fixed",
        TimeSource::ClaimedSigningTime => "claimed-signing-time",
        TimeSource::PdfSigningTime => "pdf-signing-time",
        TimeSource::Timestamp => "timestamp",
    };
    Finding::new(MessageId::ChainTimeUsed, Severity::Info)
        .with("time", crate::time::rfc3339(&time.time))
        .with("source", source)
}

/// The policy's revocation freshness rule as a finding: data valid at the validation time
/// (`nextUpdate` not passed, RFC 5280 §6.3.3 (a)), and at most so old when the policy bounds it.
fn freshness_finding(policy: &ValidationPolicy) -> Finding {
    let age = |secs: Option<u64>| secs.map_or_else(|| "-".to_owned(), |s| s.to_string());
    Finding::new(MessageId::ChainRevocationFreshness, Severity::Info)
        .with("crl_max_age", age(policy.crl_max_age_secs))
        .with("ocsp_max_age", age(policy.ocsp_max_age_secs))
}

fn valid_report(
    found: build::Found<'_>,
    time: &TimeUsed,
    crypto: &dyn CryptoProvider,
) -> PathResult {
    let n = found.path.len().saturating_sub(1);
    let mut findings: Vec<Finding> = vec![time_finding(time)];
    findings.extend(found.processed.warnings.iter().cloned());
    findings.extend(found.findings.iter().cloned());
    findings.extend(
        found
            .path
            .iter()
            .enumerate()
            .filter_map(|(i, c)| padding_finding(i, c)),
    );
    let anchor_name = found
        .path
        .last()
        .map(|a| a.subject().to_string())
        .unwrap_or_default();
    let trust_anchor = found.path.last().map(|a| anchor_report(a, n == 0, crypto));
    if let Some(a) = &trust_anchor {
        findings.push(anchor_finding(a, found.path.last().copied()));
    }
    let (indication, sub_indication, error) = match &found.revocation_error {
        None => {
            findings.push(
                Finding::new(MessageId::ChainValid, Severity::Info).with("anchor", anchor_name),
            );
            (Indication::TotalPassed, None, None)
        }
        Some(e) => {
            findings.push(e.finding());
            let (i, s) = e.indication();
            (i, Some(s), Some(e.clone()))
        }
    };
    let certificates = found
        .path
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let status = match &error {
                Some(e) if e.cert() == Some(i) => CheckStatus::Indeterminate,
                _ => CheckStatus::Passed,
            };
            let mut r = cert_report(c, i == n, status, crypto);
            r.revocation = found.revocation.get(i).cloned().flatten();
            r.findings = findings
                .iter()
                .filter(|f| finding_cert(f) == Some(i))
                .cloned()
                .collect();
            r
        })
        .collect();
    let certificates = without_repeated_anchor(certificates);
    let policies = found
        .processed
        .policies
        .iter()
        .map(|o| o.to_string())
        .collect();
    PathResult {
        report: ChainReport {
            indication,
            sub_indication,
            certificates,
            time_used: time.clone(),
            findings,
            trust_anchor,
        },
        path: found.path.into_iter().cloned().collect(),
        error,
        policies,
    }
}

fn failed_report(
    failure: build::Failure<'_>,
    time: &TimeUsed,
    crypto: &dyn CryptoProvider,
) -> PathResult {
    let e = failure.error;
    let (indication, sub) = e.indication();
    let mut finding = with_time(e.finding(), time);
    if let PathError::NoIssuer { cert } = e {
        let subject = failure
            .path
            .get(cert)
            .map(|c| c.issuer().to_string())
            .unwrap_or_default();
        finding = finding.with("subject", subject);
    }
    let complete = failure.path.len() > 1
        && !matches!(e, PathError::NoIssuer { .. } | PathError::MaxDepth { .. });
    let last = failure.path.len().saturating_sub(1);
    // A path refused on revocation passed RFC 5280 §6.1: its other certificates passed, and
    // each certificate's revocation evidence belongs in the report.
    let processed = !failure.revocation.is_empty();
    let certificates = failure
        .path
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let status = if e.cert() == Some(i) {
                CheckStatus::Failed
            } else if processed {
                CheckStatus::Passed
            } else {
                CheckStatus::Indeterminate
            };
            let mut r = cert_report(c, complete && i == last, status, crypto);
            r.revocation = failure.revocation.get(i).cloned().flatten();
            if e.cert() == Some(i) {
                r.findings.push(finding.clone());
            }
            r.findings.extend(padding_finding(i, c));
            r
        })
        .collect();
    let mut findings = vec![time_finding(time), finding];
    findings.extend(
        failure
            .path
            .iter()
            .enumerate()
            .filter_map(|(i, c)| padding_finding(i, c)),
    );
    let certificates = without_repeated_anchor(certificates);
    PathResult {
        report: ChainReport {
            indication,
            sub_indication: Some(sub),
            certificates,
            time_used: time.clone(),
            findings,
            // Named only when the path passed RFC 5280 §6.1 (refused on revocation): a path
            // refused earlier, e.g. on the anchor's signature, did not use the anchor.
            trust_anchor: failure
                .path
                .last()
                .filter(|_| complete && processed)
                .map(|a| anchor_report(a, false, crypto)),
        },
        path: failure.path.into_iter().cloned().collect(),
        error: Some(e),
        policies: Vec::new(),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;
    use crate::policy::ValidationTime;
    use crate::report::TimeSource;
    use crate::time::DateTime;

    #[test]
    fn validation_time_sources() {
        let now = DateTime::new(2026, 1, 1, 0, 0, 0).unwrap();
        let ts = DateTime::new(2020, 1, 1, 0, 0, 0).unwrap();
        let claimed = DateTime::new(2019, 1, 1, 0, 0, 0).unwrap();
        let vn = ValidationPolicy::vn_gov();
        assert_eq!(
            validation_time(&vn, now, Some(ts), Some(claimed)).source,
            TimeSource::Timestamp
        );
        let t = validation_time(&vn, now, None, Some(claimed));
        assert_eq!(
            (t.time, t.source),
            (claimed, TimeSource::ClaimedSigningTime)
        );
        let strict = ValidationPolicy::strict();
        assert_eq!(
            validation_time(&strict, now, None, Some(claimed)).source,
            TimeSource::Current
        );
        let mut fixed = ValidationPolicy::strict();
        fixed.validation_time = ValidationTime::At(ts);
        assert_eq!(
            validation_time(&fixed, now, None, None).source,
            TimeSource::Fixed
        );
    }

    #[test]
    fn no_anchor_is_no_chain_found() {
        let pem = include_bytes!("../../trust/vn/vgca-g2/ca-co-quan-nha-nuoc.pem");
        let leaf = Certificate::from_pem(pem).unwrap().remove(0);
        let v = PathValidator::new(TrustStore::new());
        let time = TimeUsed {
            time: DateTime::new(2025, 1, 1, 0, 0, 0).unwrap(),
            source: TimeSource::Fixed,
        };
        let r = v.validate_detailed(
            &leaf,
            &[],
            KeyPurpose::Any,
            &time,
            &ValidationPolicy::vn_gov(),
            &crate::RustCryptoProvider,
        );
        assert_eq!(r.error, Some(PathError::NoIssuer { cert: 0 }));
        assert_eq!(
            r.report.sub_indication,
            Some(crate::report::SubIndication::NoCertificateChainFound)
        );
        assert_eq!(r.report.certificates.len(), 1);
    }

    #[test]
    fn missing_revocation_is_indeterminate_never_a_pass() {
        let leaf = Certificate::from_pem(include_bytes!(
            "../../trust/vn/vgca-g2/ca-co-quan-nha-nuoc.pem"
        ))
        .unwrap()
        .remove(0);
        let v = PathValidator::new(TrustStore::vn_bundle("vgca").unwrap());
        let time = TimeUsed {
            time: DateTime::new(2025, 1, 1, 0, 0, 0).unwrap(),
            source: TimeSource::Fixed,
        };
        for policy in [ValidationPolicy::vn_gov(), ValidationPolicy::strict()] {
            let r = v.validate_detailed(
                &leaf,
                &[],
                KeyPurpose::Any,
                &time,
                &policy,
                &crate::RustCryptoProvider,
            );
            assert_eq!(
                r.report.indication,
                Indication::Indeterminate,
                "{}",
                policy.name
            );
            assert_eq!(
                r.report.sub_indication,
                Some(crate::report::SubIndication::TryLater)
            );
            assert_eq!(r.error, Some(PathError::RevocationUnknown { cert: 0 }));
        }
        let off = ValidationPolicy::vn_gov().danger_without_revocation();
        let r = v.validate_detailed(
            &leaf,
            &[],
            KeyPurpose::Any,
            &time,
            &off,
            &crate::RustCryptoProvider,
        );
        assert_eq!(r.report.indication, Indication::TotalPassed);
        assert!(
            r.report
                .findings
                .iter()
                .any(|f| f.code == MessageId::ChainRevocationSkipped)
        );
        assert_eq!(
            r.report.certificates[0]
                .revocation
                .as_ref()
                .map(|x| x.status),
            Some(crate::report::RevocationStatus::NotChecked)
        );
    }
}
