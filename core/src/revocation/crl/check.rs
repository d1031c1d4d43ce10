//! RFC 5280 §6.3.3, "CRL Processing", over a set of CRLs for one certificate of a path.
//!
//! For each distribution point of the certificate (and then the point assumed for CRLs "not
//! specified in a distribution point but issued by the certificate issuer"), each complete
//! CRL — newest first — is checked for issuer (b)(1), scope (b)(2), reasons (d)(e),
//! freshness (a), signer (f)(g) and, with use-deltas, a delta CRL (c)(h); then the entry is
//! looked up in the delta, else the complete CRL (i)(j), `removeFromCRL` undoing a hold (k).
//! Status is decided when the certificate is found revoked or the reasons mask covers every
//! reason; otherwise it stays undetermined.

use spki::SubjectPublicKeyInfoOwned;
use x509_cert::ext::pkix::crl::dp::IssuingDistributionPoint;

use super::Crl;
use crate::cert::Certificate;
use crate::crypto::CryptoProvider;
use crate::error::ErrorText;
use crate::i18n::MessageId;
use crate::name::names_match;
use crate::policy::{KeyPurpose, StatusAfterExpiry, ValidationPolicy};
use crate::report::{Finding, Severity};
use crate::revocation::IssuerValidator;
use crate::revocation::dp::{self, Dp};
use crate::revocation::sig::{self, SigProblem};
use crate::revocation::status::{ALL_REASONS, CertStatus, Freshness, RevocationReason, freshness};
use crate::time::DateTime;

/// Complete CRLs whose signer is looked up for one certificate: beyond the CRLs of a CA's
/// key roll-over and partitions (a handful), only a hostile message or caller sends more
/// in-scope CRLs, each of which could cost [`MAX_SIGNER_CANDIDATES`] signature checks and a
/// path validation.
pub(crate) const MAX_CRL_SIGNER_LOOKUPS: usize = 16;

/// Certificates whose key is tried on one CRL (RFC 5280 §6.3.3 (f)): the CRL's issuer and
/// its earlier keys come first; more certificates named like the issuer are a hostile pool.
pub(crate) const MAX_SIGNER_CANDIDATES: usize = 8;

/// Everything the algorithm needs besides the CRLs.
pub(crate) struct Ctx<'a> {
    pub path: &'a [&'a Certificate],
    pub index: usize,
    pub time: DateTime,
    pub now: Option<DateTime>,
    pub policy: &'a ValidationPolicy,
    pub crypto: &'a dyn CryptoProvider,
    pub issuers: &'a dyn IssuerValidator,
}

/// What the CRLs say about the certificate.
#[derive(Debug)]
pub(crate) struct Verdict {
    /// `Some(Good | Revoked)` when decided; `None`: undetermined.
    pub status: Option<CertStatus>,
    /// Index (into the slice given to [`check`]) of the CRL that decided, for the report's
    /// source and thisUpdate.
    pub decided_by: Option<usize>,
    /// Why relevant CRLs were not used (only when undetermined).
    pub findings: Vec<Finding>,
}

/// Why one relevant CRL was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Refusal {
    UnknownCritical(String),
    OutOfScope(&'static str),
    Expired,
    TooOld,
    NotYetValid,
    SignerNotFound,
    BadSignature,
    /// The signature BIT STRING has unused bits: no key can have made it (PKITS 4.4.4).
    MalformedSignature,
    AlgorithmRefused(String),
    /// The CRL was issued after the certificate expired and does not promise to keep expired
    /// certificates (RFC 5280 §3.3, §5: entries may be dropped once a certificate expires).
    ExpiredCertMayBeDropped,
    /// [`MAX_CRL_SIGNER_LOOKUPS`] CRLs were already checked for this certificate.
    WorkLimit,
}

pub(crate) fn check(ctx: &Ctx<'_>, crls: &[&Crl]) -> Verdict {
    let mut v = Verdict {
        status: None,
        decided_by: None,
        findings: Vec::new(),
    };
    let Some(cert) = ctx.path.get(ctx.index).copied() else {
        return v;
    };
    let dps = match dp::distribution_points(cert) {
        Ok(d) => d,
        Err(()) => {
            v.findings.push(
                Finding::new(MessageId::RevocationMalformed, Severity::Warning)
                    .with("kind", "CRL")
                    .with_phrase(
                        "detail",
                        &crate::flaw::Flaw::Invalid {
                            field: "cRLDistributionPoints",
                        }
                        .message(),
                    ),
            );
            return v;
        }
    };

    // Complete CRLs newest first: the newest has the most information.
    let this_update = |i: &usize| crls.get(*i).map(|c| c.this_update());
    let complete = crate::sort::sorted_by(
        (0..crls.len())
            .filter(|i| crls.get(*i).is_some_and(|c| !c.is_delta()))
            .collect(),
        |a, b| this_update(b).cmp(&this_update(a)),
    );

    let mut reasons_mask: u16 = 0;
    let mut signer_lookups = 0usize;
    let mut refusals: Vec<(usize, Refusal)> = Vec::new();
    let mut used_any = false;

    'dps: for point in &dps {
        for &i in &complete {
            if reasons_mask == ALL_REASONS {
                break 'dps;
            }
            let Some(crl) = crls.get(i).copied() else {
                continue;
            };
            match process_one(
                ctx,
                cert,
                point,
                crl,
                crls,
                reasons_mask,
                &mut signer_lookups,
            ) {
                Step::NotForThisPoint => {}
                Step::Refused(r) => {
                    refusals.retain(|(j, _)| *j != i);
                    refusals.push((i, r));
                }
                Step::NoNewReasons => {}
                Step::Revoked { status, by } => {
                    v.status = Some(status);
                    v.decided_by = Some(by);
                    return v;
                }
                Step::Unrevoked { interim, by } => {
                    reasons_mask |= interim;
                    used_any = true;
                    refusals.retain(|(j, _)| *j != i);
                    if v.decided_by.is_none() {
                        v.decided_by = Some(by);
                    }
                }
            }
        }
    }

    if reasons_mask == ALL_REASONS {
        v.status = Some(CertStatus::Good);
        return v;
    }
    v.decided_by = None;
    for (i, r) in refusals {
        if let Some(crl) = crls.get(i) {
            v.findings.push(refusal_finding(crl, &r));
        }
    }
    if used_any {
        v.findings.push(Finding::new(
            MessageId::RevocationIncompleteScope,
            Severity::Warning,
        ));
    }
    v
}

enum Step {
    /// The CRL is not issued for this distribution point (issuer mismatch): silently skipped.
    NotForThisPoint,
    Refused(Refusal),
    NoNewReasons,
    Revoked {
        status: CertStatus,
        by: usize,
    },
    Unrevoked {
        interim: u16,
        by: usize,
    },
}

fn process_one(
    ctx: &Ctx<'_>,
    cert: &Certificate,
    point: &Dp,
    crl: &Crl,
    all: &[&Crl],
    reasons_mask: u16,
    signer_lookups: &mut usize,
) -> Step {
    // (b)(1) issuer.
    let issuer_ok = match &point.crl_issuer {
        Some(ci) => dp::names_contain_dn(ci, crl.issuer_name()) && crl.is_indirect(),
        None => names_match(crl.issuer_name(), cert.issuer_name()),
    };
    if !issuer_ok {
        return Step::NotForThisPoint;
    }
    // RFC 5280 §5.2 / §5.3: an unprocessable critical extension forbids using the CRL.
    if let Some(oid) = crl.unsupported_critical_extensions().first() {
        return Step::Refused(Refusal::UnknownCritical(oid.to_string()));
    }
    // (b)(2) scope of the complete CRL.
    if let Some(idp) = crl.issuing_distribution_point()
        && let Err(why) = scope_matches(cert, point, crl, idp)
    {
        return Step::Refused(Refusal::OutOfScope(why));
    }
    // (d) interim reasons mask, (e) something new to learn.
    let idp_reasons = crl
        .issuing_distribution_point()
        .and_then(|i| i.only_some_reasons)
        .map(dp::reason_bits);
    let interim = match (idp_reasons, point.reasons) {
        (Some(a), Some(b)) => a & b,
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => ALL_REASONS,
    } & ALL_REASONS;
    if interim & !reasons_mask == 0 {
        return Step::NoNewReasons;
    }
    // (a) freshness; an expired complete CRL may still be brought up to date by a delta
    // (RFC 5280 §6.3.3 (a)(1)(i)).
    let p = ctx.policy;
    let fresh = freshness(
        crl.this_update(),
        crl.next_update(),
        ctx.time,
        ctx.now,
        p.crl_max_age_secs,
        p.revocation_clock_skew_secs,
    );
    if fresh == Freshness::NotYetValid {
        return Step::Refused(Refusal::NotYetValid);
    }
    // (f)(g) signer and signature, within the work limit.
    if *signer_lookups >= MAX_CRL_SIGNER_LOOKUPS {
        return Step::Refused(Refusal::WorkLimit);
    }
    *signer_lookups = signer_lookups.saturating_add(1);
    let signer = match find_signer(ctx, crl) {
        Ok(s) => s,
        Err(r) => return Step::Refused(r),
    };
    // (c)(h) delta CRL.
    let delta = if p.use_delta_crls {
        find_delta(ctx, crl, all, &signer)
    } else {
        None
    };
    match (fresh, delta) {
        (Freshness::Fresh, _) | (_, Some(_)) => {}
        (Freshness::TooOld, None) => return Step::Refused(Refusal::TooOld),
        _ => return Step::Refused(Refusal::Expired),
    }
    let by = |c: &Crl| {
        all.iter()
            .position(|x| core::ptr::eq(*x, c))
            .unwrap_or_default()
    };

    // (i)(j) look the certificate up, delta first.
    let found = delta
        .and_then(|d| find_entry(d, cert).map(|s| (s, d)))
        .or_else(|| find_entry(crl, cert).map(|s| (s, crl)));
    match found {
        // (k) removeFromCRL: no longer on hold.
        Some((
            CertStatus::Revoked {
                reason: Some(RevocationReason::RemoveFromCrl),
                ..
            },
            _,
        )) => {}
        Some((status, from)) => {
            return Step::Revoked {
                status,
                by: by(from),
            };
        }
        None => {}
    }
    // Not listed. A CRL issued after the certificate expired may have dropped its entry
    // (RFC 5280 §3.3), unless it keeps expired certificates since before the expiry — or the
    // policy assumes the CA keeps them (Vietnamese practice, `StatusAfterExpiry`).
    let newest = delta.unwrap_or(crl);
    if after_expiry_unproven(newest, cert)
        && p.status_after_expiry == StatusAfterExpiry::RequireRetentionProof
    {
        return Step::Refused(Refusal::ExpiredCertMayBeDropped);
    }
    Step::Unrevoked {
        interim,
        by: by(newest),
    }
}

/// Whether `crl` was issued after `cert` expired without promising (expiredCertsOnCRL at or
/// before notAfter) to keep the entries of expired certificates.
pub(crate) fn after_expiry_unproven(crl: &Crl, cert: &Certificate) -> bool {
    crl.this_update() > cert.not_after()
        && crl
            .expired_certs_on_crl()
            .is_none_or(|d| d > cert.not_after())
}

/// RFC 5280 §6.3.3 (b)(2), with RFC 5280 erratum 5875 / BoringSSL on onlyContainsUserCerts
/// (a v1/v2 certificate cannot be shown not to be a CA, so it is not in a user-only scope).
fn scope_matches(
    cert: &Certificate,
    point: &Dp,
    crl: &Crl,
    idp: &IssuingDistributionPoint,
) -> Result<(), &'static str> {
    if let Some(name) = &idp.distribution_point {
        // (i) names of the IDP are relative to the CRL issuer.
        let idp_names = dp::full_names(name, crl.issuer_name());
        let ok = match (&point.names, &point.crl_issuer) {
            (Some(names), _) => dp::any_name_matches(&idp_names, names),
            (None, Some(ci)) => dp::any_name_matches(&idp_names, ci),
            (None, None) => false,
        };
        if !ok {
            return Err("distributionPoint");
        }
    }
    let is_ca = matches!(cert.basic_constraints(), Ok(Some((_, bc))) if bc.ca);
    if idp.only_contains_user_certs && (is_ca || cert.version() < 3) {
        return Err("onlyContainsUserCerts");
    }
    if idp.only_contains_ca_certs && !is_ca {
        return Err("onlyContainsCACerts");
    }
    if idp.only_contains_attribute_certs {
        return Err("onlyContainsAttributeCerts");
    }
    Ok(())
}

/// RFC 5280 §6.3.3 (f)(g): a certificate named like the CRL issuer, with cRLSign if it has
/// key usage, whose key verifies the CRL. Certificates of the validated path above the
/// subject come first (the issuer itself, or an earlier key of the same CA: key roll-over);
/// others (indirect CRL issuers, separate CRL-signing keys) must be validated by the path
/// module to the same anchor.
///
/// The subject itself counts as validated: an indirect CRL issuer's own certificate may be
/// covered only by the CRL it signs (NIST PKITS 4.14.30, "Valid cRLIssuer Test30"), and the
/// caller is validating exactly that certificate's path. Asking the path module to validate it
/// again would recurse without end.
fn find_signer(ctx: &Ctx<'_>, crl: &Crl) -> Result<SubjectPublicKeyInfoOwned, Refusal> {
    if !crl.has_well_formed_signature() {
        return Err(Refusal::MalformedSignature);
    }
    let above = ctx.path.get(ctx.index..).unwrap_or_default();
    let in_path = above
        .iter()
        .enumerate()
        .filter(|(_, c)| names_match(c.subject_name(), crl.issuer_name()))
        .map(|(j, c)| (*c, Some(ctx.index.saturating_add(j))));
    let pool = ctx
        .issuers
        .pool()
        .iter()
        .filter(|c| names_match(c.subject_name(), crl.issuer_name()))
        .filter(|c| !above.iter().any(|a| a.der() == c.der()))
        .map(|c| (c, None));
    let mut candidates: Vec<(&Certificate, Option<usize>)> = in_path.chain(pool).collect();
    // Try the key the CRL names first (RFC 5280 §5.2.1), keeping path order otherwise.
    if let Some(aki) = crl.authority_key_identifier() {
        let (named, others): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|(c, _)| c.subject_key_identifier().as_deref() == Some(aki));
        candidates = named;
        candidates.extend(others);
    }

    let mut last = Refusal::SignerNotFound;
    // (f) "If a key usage extension is present in the CRL issuer's certificate, verify that
    // the cRLSign bit is set."
    let may_sign_crls = |(c, _): &&(&Certificate, Option<usize>)| match c.key_usage() {
        Ok(Some((_, ku))) => ku.crl_sign(),
        Ok(None) => true,
        Err(_) => false,
    };
    for &(cand, position) in candidates
        .iter()
        .filter(may_sign_crls)
        .take(MAX_SIGNER_CANDIDATES)
    {
        let key = position
            .and_then(|j| crate::cert::working_public_key(ctx.path, j))
            .unwrap_or_else(|| cand.public_key_info().clone());
        match sig::verify(
            ctx.crypto,
            ctx.policy,
            &key,
            crl.signature_algorithm(),
            crl.tbs_der(),
            crl.signature(),
        ) {
            Ok(()) => {}
            Err(SigProblem::AlgorithmRefused { alg }) => {
                last = Refusal::AlgorithmRefused(alg);
                continue;
            }
            Err(SigProblem::Bad) => {
                if last == Refusal::SignerNotFound {
                    last = Refusal::BadSignature;
                }
                continue;
            }
        }
        // The signer must have been valid when it signed the CRL (thisUpdate): a later CRL
        // checked for a past validation time may be signed by a newer key.
        if position.is_none()
            && !ctx
                .issuers
                .validate_revocation_signer(cand, KeyPurpose::Any, &crl.this_update())
        {
            last = Refusal::SignerNotFound;
            continue;
        }
        return Ok(key);
    }
    Err(last)
}

/// RFC 5280 §6.3.3 (c) and §5.2.4: a delta CRL for `complete` — same issuer, same IDP, same
/// AKI, BaseCRLNumber ≤ the complete CRL's number, newer than it, fresh, no unknown critical
/// extension, signed by the key validated for the complete CRL (h). The newest such delta.
fn find_delta<'c>(
    ctx: &Ctx<'_>,
    complete: &Crl,
    all: &[&'c Crl],
    signer: &SubjectPublicKeyInfoOwned,
) -> Option<&'c Crl> {
    let number = complete.crl_number()?;
    let p = ctx.policy;
    all.iter()
        .copied()
        .filter(|d| d.is_delta())
        .filter(|d| names_match(d.issuer_name(), complete.issuer_name()))
        .filter(|d| d.issuing_distribution_point() == complete.issuing_distribution_point())
        .filter(|d| d.authority_key_identifier() == complete.authority_key_identifier())
        .filter(|d| d.unsupported_critical_extensions().is_empty())
        .filter(|d| d.has_well_formed_signature())
        .filter(|d| {
            d.base_crl_number()
                .is_some_and(|b| super::cmp_uint(b, number).is_le())
                && d.crl_number()
                    .is_some_and(|n| super::cmp_uint(n, number).is_gt())
        })
        .filter(|d| {
            freshness(
                d.this_update(),
                d.next_update(),
                ctx.time,
                ctx.now,
                p.crl_max_age_secs,
                p.revocation_clock_skew_secs,
            ) == Freshness::Fresh
        })
        .filter(|d| {
            sig::verify(
                ctx.crypto,
                p,
                signer,
                d.signature_algorithm(),
                d.tbs_der(),
                d.signature(),
            )
            .is_ok()
        })
        .max_by(|a, b| {
            super::cmp_uint(
                a.crl_number().unwrap_or_default(),
                b.crl_number().unwrap_or_default(),
            )
        })
}

/// The entry for `cert` in `crl` (RFC 5280 §5.3.3: the entry's certificate issuer — carried
/// forward in indirect CRLs — must be the certificate's issuer).
fn find_entry(crl: &Crl, cert: &Certificate) -> Option<CertStatus> {
    let serial = cert.serial_bytes();
    crl.entries().iter().find_map(|e| {
        if e.serial_bytes() != serial {
            return None;
        }
        let issuer_matches = match crl.entry_issuer(e) {
            None => names_match(crl.issuer_name(), cert.issuer_name()),
            Some(names) => dp::names_contain_dn(names, cert.issuer_name()),
        };
        issuer_matches.then(|| CertStatus::Revoked {
            time: e.revocation_date(),
            // RFC 5280 §6.3.3 (i)(2): no reason code means unspecified.
            reason: Some(e.reason().unwrap_or(RevocationReason::Unspecified)),
            invalidity_date: e.invalidity_date(),
        })
    })
}

fn refusal_finding(crl: &Crl, r: &Refusal) -> Finding {
    let issuer = crl.issuer().to_string();
    let this_update = crate::time::rfc3339(&crl.this_update());
    let f = |id| Finding::new(id, Severity::Warning).with("kind", "CRL");
    match r {
        Refusal::UnknownCritical(oid) => {
            f(MessageId::RevocationUnknownCriticalExtension).with("oid", oid.clone())
        }
        Refusal::OutOfScope(why) => f(MessageId::RevocationOutOfScope)
            .with("issuer", issuer)
            .with("detail", *why),
        Refusal::Expired | Refusal::TooOld => {
            f(MessageId::RevocationStale).with("this_update", this_update)
        }
        Refusal::NotYetValid => {
            f(MessageId::RevocationNotYetValid).with("this_update", this_update)
        }
        Refusal::SignerNotFound => f(MessageId::RevocationSignerNotFound).with("issuer", issuer),
        Refusal::BadSignature => f(MessageId::RevocationBadSignature).with("issuer", issuer),
        Refusal::MalformedSignature => {
            f(MessageId::RevocationSignatureMalformed).with("issuer", issuer)
        }
        Refusal::AlgorithmRefused(alg) => {
            f(MessageId::RevocationAlgorithmRefused).with("alg", alg.clone())
        }
        Refusal::ExpiredCertMayBeDropped => f(MessageId::RevocationOutOfScope)
            .with("issuer", issuer)
            .with_phrase(
                "detail",
                &ErrorText::new(MessageId::RevocationIssuedAfterExpiry),
            ),
        Refusal::WorkLimit => f(MessageId::RevocationWorkLimit).with_phrase(
            "limit",
            &ErrorText::new(MessageId::RevocationCrlLookups)
                .with("count", MAX_CRL_SIGNER_LOOKUPS.to_string()),
        ),
    }
}
