//! [`Checker`]: the [`RevocationChecker`] kyso ships. Evidence at hand first (what the caller
//! supplied, what the signed message carried, what was fetched earlier); then, only if the
//! caller lent a [`Fetcher`], the certificate's CRL distribution points and its AIA OCSP
//! responder, in the order the policy prefers.

use core::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;

use super::crl::check::{self as crl_check, Ctx};
use super::ocsp::{OcspCheck, OcspError, OcspRequestBuilder, OcspVerified};
use super::status::CertStatus;
use super::{
    Crl, IssuerValidator, OcspResponse, RevocationChecker, RevocationEvidence, StatusQuery, dp,
};
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::fetch::{FetchKind, Fetcher};
use crate::i18n::MessageId;
use crate::name::names_match;
use crate::policy::{RevocationMode, RevocationSources, ValidationPolicy};
use crate::report::{Finding, RevocationReport, RevocationStatus, Severity};
use crate::time::DateTime;

/// Where a piece of revocation evidence came from (shown in reports as the source suffix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EvidenceOrigin {
    /// Supplied by the caller (`--crl`, `--ocsp`, API).
    Caller,
    /// Carried by the signed message (CMS `crls`, `RevocationInfoChoice`, PDF DSS).
    Message,
    /// Fetched during this validation through the caller's fetcher.
    Fetched,
}

impl EvidenceOrigin {
    pub fn name(self) -> &'static str {
        match self {
            Self::Caller => "caller",
            Self::Message => "message",
            Self::Fetched => "fetched",
        }
    }
}

/// The revocation checker: evidence plus an optional fetcher.
///
/// ```
/// use kyso::{Checker, EvidenceOrigin, RevocationEvidence};
/// let supplied = RevocationEvidence::default();
/// let checker = Checker::new().with_evidence(&supplied, EvidenceOrigin::Caller);
/// # let _ = checker;
/// ```
///
/// Interior mutability (a `RefCell` cache of fetched data) makes it `!Sync`: use one per
/// validation.
#[non_exhaustive]
pub struct Checker<'a> {
    crls: Vec<(Crl, EvidenceOrigin)>,
    responses: Vec<(OcspResponse, EvidenceOrigin)>,
    unparsed_crls: usize,
    unparsed_responses: usize,
    /// Items refused for data after their outer element (`crate::trailing`), said when status
    /// stays unknown, as unparsed items are.
    refused: Vec<Finding>,
    fetcher: Option<&'a dyn Fetcher>,
    now: Option<DateTime>,
    fetched: RefCell<Fetched>,
}

/// What was fetched. Reference-counted so that an evaluation can work on a snapshot while a
/// nested validation (a CRL signer's own path) fetches more: no `RefCell` borrow is held
/// across a call that may re-enter the checker.
#[derive(Default)]
struct Fetched {
    crls: Vec<Rc<Crl>>,
    /// Responses with the request they answer (relevance: the request was for the
    /// certificate being checked).
    responses: Vec<Rc<(OcspResponse, Vec<u8>)>>,
    /// URLs (CRL) and URL + request (OCSP) already tried, with their failure if any.
    tried: Vec<(String, Option<crate::error::ErrorText>)>,
}

impl Default for Checker<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Checker<'a> {
    /// A checker with no evidence, no fetcher and no current time.
    pub fn new() -> Self {
        Self {
            crls: Vec::new(),
            responses: Vec::new(),
            unparsed_crls: 0,
            unparsed_responses: 0,
            refused: Vec::new(),
            fetcher: None,
            now: None,
            fetched: RefCell::new(Fetched::default()),
        }
    }

    /// Add every CRL and OCSP response of `evidence`; items that do not parse are counted (or,
    /// refused for trailing data, said) and reported when status stays unknown.
    pub fn add_evidence(&mut self, evidence: &RevocationEvidence, origin: EvidenceOrigin) {
        for der in &evidence.crls {
            match Crl::load_any(der) {
                Ok(v) => self.crls.extend(v.into_iter().map(|c| (c, origin))),
                Err(_) => match trailing_data_finding(der, "CRL") {
                    Some(f) => self.refused.push(f),
                    None => self.unparsed_crls = self.unparsed_crls.saturating_add(1),
                },
            }
        }
        for der in &evidence.ocsp_responses {
            match OcspResponse::from_der(der) {
                Ok(r) => self.responses.push((r, origin)),
                Err(_) => match trailing_data_finding(der, "OCSP") {
                    Some(f) => self.refused.push(f),
                    None => {
                        self.unparsed_responses = self.unparsed_responses.saturating_add(1);
                    }
                },
            }
        }
    }

    pub fn with_evidence(mut self, evidence: &RevocationEvidence, origin: EvidenceOrigin) -> Self {
        self.add_evidence(evidence, origin);
        self
    }

    pub fn add_crl(&mut self, crl: Crl, origin: EvidenceOrigin) {
        self.crls.push((crl, origin));
    }

    pub fn add_ocsp_response(&mut self, response: OcspResponse, origin: EvidenceOrigin) {
        self.responses.push((response, origin));
    }

    /// Allow fetching CRLs (http CRL distribution points) and OCSP (http AIA responder) when
    /// the evidence at hand does not decide.
    pub fn with_fetcher(mut self, fetcher: &'a dyn Fetcher) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// The current time (core has no clock): revocation data dated later than this plus the
    /// policy's clock skew is refused. Without it, data issued after the validation time is
    /// accepted, which is what checking a historic signature with today's CRL needs.
    pub fn with_current_time(mut self, now: DateTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Everything fetched so far, as evidence a caller can store with the signature (long-term
    /// validation) or pass to a later check.
    pub fn fetched_evidence(&self) -> RevocationEvidence {
        let f = self.fetched.borrow();
        RevocationEvidence {
            crls: f.crls.iter().map(|c| c.der().to_vec()).collect(),
            ocsp_responses: f.responses.iter().map(|r| r.0.der().to_vec()).collect(),
        }
    }
}

/// Why an unreadable item of evidence was refused, when the reason is data after its outer
/// element (`crate::trailing`: padding is accepted by the parsers, anything else is not). PEM
/// text is not DER and is left out.
fn trailing_data_finding(der: &[u8], kind: &str) -> Option<Finding> {
    if crate::pem::looks_like_pem(der) {
        return None;
    }
    let t = crate::trailing::split(der).err()?;
    Some(
        Finding::new(MessageId::InputTrailingDataRevocation, Severity::Warning)
            .with("kind", kind)
            .with("offset", t.offset.to_string())
            .with("count", t.len.to_string()),
    )
}

/// Said when the evidence that decided was read with padding after its DER (`crate::trailing`).
fn padding_finding(count: usize, kind: &str, issuer: String) -> Option<Finding> {
    (count > 0).then(|| {
        Finding::new(MessageId::InputTrailingPaddingRevocation, Severity::Info)
            .with("count", count.to_string())
            .with("kind", kind)
            .with("issuer", issuer)
    })
}

/// A decided status from one source, for combination.
struct Decided {
    status: CertStatus,
    source: String,
    this_update: DateTime,
    /// What the report says about the deciding CRL or response as read (padding after it, an
    /// empty revoked list).
    notes: Vec<Finding>,
    /// "Good" from data produced after the certificate expired, accepted by policy
    /// (`StatusAfterExpiry::AssumeRecordsKept`): the report says so.
    after_expiry: Option<AfterExpiry>,
    /// The deciding CRL or OCSPResponse, DER: what a long-term signature embeds (B-LT).
    der: Vec<u8>,
}

struct AfterExpiry {
    kind: &'static str,
    not_after: DateTime,
}

impl RevocationChecker for Checker<'_> {
    fn check(
        &self,
        path: &[&Certificate],
        index: usize,
        time: &DateTime,
        policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
        issuers: &dyn IssuerValidator,
    ) -> RevocationReport {
        let query = StatusQuery::new(path, index, time, policy, crypto, issuers);
        self.check_pooled(None, query)
    }

    /// The evidence of both checkers is pooled before deciding (so a delta CRL in one can
    /// update a complete CRL in the other, and the newest CRL wins whoever holds it); this
    /// checker's fetcher is used only when the pooled evidence does not decide. The current
    /// time is this checker's, else `extra`'s.
    fn check_with(&self, extra: &Checker<'_>, query: StatusQuery<'_>) -> RevocationReport {
        self.check_pooled(Some(extra), query)
    }
}

impl Checker<'_> {
    fn check_pooled(
        &self,
        extra: Option<&Checker<'_>>,
        query: StatusQuery<'_>,
    ) -> RevocationReport {
        let StatusQuery {
            path,
            index,
            time,
            policy,
            crypto,
            issuers,
        } = query;
        if policy.revocation == RevocationMode::DangerOff {
            return RevocationReport::not_checked();
        }
        let (Some(cert), Some(issuer)) = (
            path.get(index).copied(),
            path.get(index.saturating_add(1)).copied(),
        ) else {
            // The trust anchor (or a bad index): nothing to check it against.
            return RevocationReport::not_checked();
        };
        let ctx = Ctx {
            path,
            index,
            time: *time,
            now: self.now.or(extra.and_then(|e| e.now)),
            policy,
            crypto,
            issuers,
        };
        let (want_crl, want_ocsp, crl_first) = match policy.revocation_sources {
            RevocationSources::CrlOnly => (true, false, true),
            RevocationSources::OcspOnly => (false, true, false),
            RevocationSources::OcspFirst => (true, true, false),
            _ => (true, true, true),
        };

        let mut crl = want_crl.then(|| self.eval_crls(&ctx, extra));
        let mut ocsp = want_ocsp.then(|| self.eval_ocsp(&ctx, cert, issuer, extra));
        if let Some(d) = decide(crl.as_ref(), ocsp.as_ref(), crl_first) {
            return report(d, time);
        }
        if let Some(fetcher) = self.fetcher {
            let order: &[bool] = if crl_first {
                &[true, false]
            } else {
                &[false, true]
            };
            for &fetch_crl in order {
                if fetch_crl && want_crl {
                    self.fetch_crls(fetcher, cert, policy, extra);
                    crl = Some(self.eval_crls(&ctx, extra));
                } else if !fetch_crl && want_ocsp {
                    self.fetch_ocsp(fetcher, cert, issuer, crypto);
                    ocsp = Some(self.eval_ocsp(&ctx, cert, issuer, extra));
                }
                if let Some(d) = decide(crl.as_ref(), ocsp.as_ref(), crl_first) {
                    return report(d, time);
                }
            }
        }

        let mut out = RevocationReport::new(RevocationStatus::Unknown);
        out.findings
            .extend(self.fetch_failures(cert, issuer, crypto));
        for outcome in [crl.as_ref(), ocsp.as_ref()].into_iter().flatten() {
            out.findings.extend(outcome.findings.iter().cloned());
        }
        out.findings.extend(self.refused.iter().cloned());
        out.findings
            .extend(extra.into_iter().flat_map(|e| e.refused.iter().cloned()));
        let (extra_crls, extra_responses) =
            extra.map_or((0, 0), |e| (e.unparsed_crls, e.unparsed_responses));
        for (count, kind) in [
            (self.unparsed_crls.saturating_add(extra_crls), "CRL"),
            (
                self.unparsed_responses.saturating_add(extra_responses),
                "OCSP",
            ),
        ] {
            if count > 0 {
                out.findings.push(
                    Finding::new(MessageId::RevocationUnparsedEvidence, Severity::Warning)
                        .with("count", count.to_string())
                        .with("kind", kind),
                );
            }
        }
        out.findings
            .push(Finding::new(MessageId::RevocationNoData, Severity::Warning));
        out
    }
}

/// One source's evaluation.
struct Outcome {
    decided: Option<Decided>,
    findings: Vec<Finding>,
}

/// Combine: a revocation from either source wins (the earliest if both); then the preferred
/// source's good, then the other's.
fn decide<'o>(
    crl: Option<&'o Outcome>,
    ocsp: Option<&'o Outcome>,
    crl_first: bool,
) -> Option<&'o Decided> {
    let c = crl.and_then(|o| o.decided.as_ref());
    let o = ocsp.and_then(|o| o.decided.as_ref());
    let revoked =
        |d: Option<&'o Decided>| d.filter(|d| matches!(d.status, CertStatus::Revoked { .. }));
    match (revoked(c), revoked(o)) {
        (Some(a), Some(b)) => {
            return Some(
                if b.status.effective_revocation_time() < a.status.effective_revocation_time() {
                    b
                } else {
                    a
                },
            );
        }
        (Some(a), None) | (None, Some(a)) => return Some(a),
        _ => {}
    }
    if crl_first { c.or(o) } else { o.or(c) }
}

fn report(d: &Decided, time: &DateTime) -> RevocationReport {
    let mut r = RevocationReport::new(RevocationStatus::Good);
    r.source = Some(d.source.clone());
    r.evidence = Some(d.der.clone());
    r.this_update = Some(d.this_update);
    r.findings.extend(d.notes.iter().cloned());
    if let Some(a) = &d.after_expiry {
        r.findings.push(
            Finding::new(MessageId::RevocationAfterExpiryAccepted, Severity::Info)
                .with("kind", a.kind)
                .with("this_update", crate::time::vietnam_iso8601(&d.this_update))
                .with("not_after", crate::time::vietnam_iso8601(&a.not_after)),
        );
    }
    if let CertStatus::Revoked { reason, .. } = &d.status {
        let eff = d
            .status
            .effective_revocation_time()
            .unwrap_or(d.this_update);
        let reason = reason.map(|x| x.name()).unwrap_or("unspecified");
        r.revocation_time = Some(eff);
        r.reason = Some(reason.to_owned());
        // Decree 68/2024 practice (docs/vietnam.md §1, §6): revoked after the validation time does
        // not invalidate a signature made before; at or before, it does.
        if eff <= *time {
            r.status = RevocationStatus::Revoked;
            r.findings.push(
                Finding::new(MessageId::RevocationRevoked, Severity::Error)
                    .with("time", crate::time::vietnam_iso8601(&eff))
                    .with("reason", reason),
            );
        } else {
            r.status = RevocationStatus::RevokedAfterValidationTime;
            r.findings.push(
                Finding::new(MessageId::RevocationRevokedAfter, Severity::Info)
                    .with("time", crate::time::vietnam_iso8601(&eff))
                    .with("reason", reason)
                    .with("validation_time", crate::time::vietnam_iso8601(time)),
            );
        }
    }
    r
}

impl Checker<'_> {
    /// The CRLs at hand: this checker's, `extra`'s, and a snapshot of those fetched so far.
    fn held_crls<'s>(
        &'s self,
        extra: Option<&'s Checker<'_>>,
        fetched: &'s [Rc<Crl>],
    ) -> (Vec<&'s Crl>, Vec<EvidenceOrigin>) {
        let own = self
            .crls
            .iter()
            .chain(extra.map(|e| e.crls.as_slice()).unwrap_or_default());
        let mut all: Vec<&Crl> = own.clone().map(|(c, _)| c).collect();
        let mut origins: Vec<EvidenceOrigin> = own.map(|(_, o)| *o).collect();
        all.extend(fetched.iter().map(|c| c.as_ref()));
        origins.extend(fetched.iter().map(|_| EvidenceOrigin::Fetched));
        (all, origins)
    }

    fn eval_crls(&self, ctx: &Ctx<'_>, extra: Option<&Checker<'_>>) -> Outcome {
        let fetched: Vec<Rc<Crl>> = self.fetched.borrow().crls.clone();
        let (all, origins) = self.held_crls(extra, &fetched);
        let v = crl_check::check(ctx, &all);
        let cert = ctx.path.get(ctx.index).copied();
        let decided = v.status.and_then(|status| {
            let i = v.decided_by?;
            let crl = all.get(i)?;
            let after_expiry = cert
                .filter(|c| status == CertStatus::Good && crl_check::after_expiry_unproven(crl, c))
                .map(|c| AfterExpiry {
                    kind: "CRL",
                    not_after: c.not_after(),
                });
            Some(Decided {
                status,
                source: format!("crl/{}", origins.get(i)?.name()),
                this_update: crl.this_update(),
                notes: padding_finding(crl.trailing_padding(), "CRL", crl.issuer().to_string())
                    .into_iter()
                    .chain(crl.has_empty_revoked_list().then(|| {
                        Finding::new(MessageId::CrlEmptyRevokedListAccepted, Severity::Warning)
                            .with("issuer", crl.issuer().to_string())
                    }))
                    .collect(),
                after_expiry,
                der: crl.der().to_vec(),
            })
        });
        Outcome {
            decided,
            findings: v.findings,
        }
    }

    fn eval_ocsp(
        &self,
        ctx: &Ctx<'_>,
        cert: &Certificate,
        issuer: &Certificate,
        extra: Option<&Checker<'_>>,
    ) -> Outcome {
        let fetched: Vec<Rc<(OcspResponse, Vec<u8>)>> = self.fetched.borrow().responses.clone();
        let check = OcspCheck {
            time: ctx.time,
            now: ctx.now,
            policy: ctx.policy,
            crypto: ctx.crypto,
            extra_certs: ctx.issuers.pool(),
        };
        let request = OcspRequestBuilder::new()
            .add_certificate(cert, issuer, DigestAlgorithm::Sha1, ctx.crypto)
            .and_then(|b| b.build())
            .ok();
        let candidates = self
            .responses
            .iter()
            .chain(extra.map(|e| e.responses.as_slice()).unwrap_or_default())
            .map(|(r, o)| (r, *o, false))
            .chain(fetched.iter().map(|f| {
                let (r, req) = f.as_ref();
                (
                    r,
                    EvidenceOrigin::Fetched,
                    request.as_deref() == Some(req.as_slice()),
                )
            }));

        let mut out = Outcome {
            decided: None,
            findings: Vec::new(),
        };
        for (resp, origin, asked_for_this) in candidates {
            match resp.verify_for(cert, issuer, &check) {
                Ok(v) => {
                    let Some(v) =
                        self.responder_acceptable(ctx, issuer, v, &mut out.findings, extra)
                    else {
                        continue;
                    };
                    if v.status == CertStatus::Unknown {
                        out.findings.push(Finding::new(
                            MessageId::RevocationResponderUnknown,
                            Severity::Warning,
                        ));
                        continue;
                    }
                    let better = out.decided.as_ref().is_none_or(|d| {
                        v.status.rank() > d.status.rank()
                            || (v.status.rank() == d.status.rank() && v.this_update > d.this_update)
                    });
                    if better {
                        let after_expiry = (v.after_expiry_assumed && v.status == CertStatus::Good)
                            .then(|| AfterExpiry {
                                kind: "OCSP",
                                not_after: cert.not_after(),
                            });
                        out.decided = Some(Decided {
                            status: v.status,
                            source: format!("ocsp/{}", origin.name()),
                            this_update: v.this_update,
                            notes: padding_finding(
                                resp.trailing_padding(),
                                "OCSP",
                                issuer.subject().to_string(),
                            )
                            .into_iter()
                            .collect(),
                            after_expiry,
                            der: resp.der().to_vec(),
                        });
                    }
                }
                Err(OcspError::NoMatchingResponse) if !asked_for_this => {}
                Err(e) => {
                    if asked_for_this || resp.mentions(cert, issuer, ctx.crypto) {
                        out.findings.push(ocsp_finding(&e, issuer));
                    }
                }
            }
        }
        if out.decided.is_some() {
            out.findings.clear();
        }
        out
    }

    /// A delegated responder without id-pkix-ocsp-nocheck should itself be checked
    /// (RFC 6960 §4.2.2.2.1). Checked with CRLs at hand only (no fetching, no OCSP: a
    /// responder vouching for itself proves nothing): revoked before producedAt ⇒ the response
    /// is refused; undetermined ⇒ accepted with a finding.
    fn responder_acceptable(
        &self,
        ctx: &Ctx<'_>,
        issuer: &Certificate,
        v: OcspVerified,
        findings: &mut Vec<Finding>,
        extra: Option<&Checker<'_>>,
    ) -> Option<OcspVerified> {
        let Some(responder) = v.responder.as_ref().filter(|_| !v.responder_nocheck) else {
            return Some(v);
        };
        let mut path: Vec<&Certificate> = vec![responder, issuer];
        path.extend(
            ctx.path
                .get(ctx.index.saturating_add(2)..)
                .unwrap_or_default()
                .iter()
                .copied(),
        );
        let sub = Ctx {
            path: &path,
            index: 0,
            time: v.produced_at,
            ..*ctx
        };
        let fetched: Vec<Rc<Crl>> = self.fetched.borrow().crls.clone();
        let (all, _) = self.held_crls(extra, &fetched);
        let verdict = crl_check::check(&sub, &all);
        match verdict.status {
            Some(s @ CertStatus::Revoked { .. })
                if s.effective_revocation_time() <= Some(v.produced_at) =>
            {
                findings.push(ocsp_finding(&OcspError::ResponderNotFound, issuer));
                None
            }
            Some(_) => Some(v),
            None => {
                findings.push(
                    Finding::new(MessageId::RevocationResponderUnchecked, Severity::Warning)
                        .with("responder", responder.subject().to_string()),
                );
                Some(v)
            }
        }
    }

    /// Fetch the certificate's CRLs: distribution points in order, stopping once a complete,
    /// full-scope CRL of the certificate's issuer is at hand (the other points are then
    /// mirrors, as VGCA's ca.gov.vn / pub.ca.gov.vn), then — with use-deltas — the delta CRLs
    /// named by FreshestCRL in the certificate (RFC 5280 §4.2.1.15) or in the CRLs at hand
    /// (§5.2.6).
    fn fetch_crls(
        &self,
        fetcher: &dyn Fetcher,
        cert: &Certificate,
        policy: &ValidationPolicy,
        extra: Option<&Checker<'_>>,
    ) {
        for url in dp::crl_urls(cert) {
            if self.has_full_crl(cert) {
                break;
            }
            self.fetch_crl_url(fetcher, &url);
        }
        if !policy.use_delta_crls {
            return;
        }
        let mut delta_urls = Vec::new();
        if let Ok(Some(ext)) = cert.extension(crate::oid::EXT_FRESHEST_CRL)
            && let Ok(points) =
                <Vec<x509_cert::ext::pkix::crl::dp::DistributionPoint> as der::Decode>::from_der(
                    ext.extn_value.as_bytes(),
                )
        {
            delta_urls.extend(dp::freshest_urls(&points));
        }
        {
            let fetched: Vec<Rc<Crl>> = self.fetched.borrow().crls.clone();
            let (all, _) = self.held_crls(extra, &fetched);
            for crl in all {
                if !crl.is_delta() && names_match(crl.issuer_name(), cert.issuer_name()) {
                    delta_urls.extend(dp::freshest_urls(crl.freshest_crl()));
                }
            }
        }
        for url in delta_urls {
            self.fetch_crl_url(fetcher, &url);
        }
    }

    /// Whether a complete CRL without IDP (so covering every certificate) of `cert`'s issuer
    /// has been fetched.
    fn has_full_crl(&self, cert: &Certificate) -> bool {
        self.fetched.borrow().crls.iter().any(|c| {
            !c.is_delta()
                && c.issuing_distribution_point().is_none()
                && names_match(c.issuer_name(), cert.issuer_name())
        })
    }

    fn fetch_crl_url(&self, fetcher: &dyn Fetcher, url: &str) {
        if self.fetched.borrow().tried.iter().any(|(u, _)| u == url) {
            return;
        }
        let result = fetcher.fetch(FetchKind::Crl, url, None);
        let mut f = self.fetched.borrow_mut();
        let failure = match result {
            Ok(bytes) => match Crl::load_any(&bytes) {
                Ok(crls) => {
                    f.crls.extend(crls.into_iter().map(Rc::new));
                    None
                }
                Err(e) => Some(e.message()),
            },
            Err(e) => Some(e.message()),
        };
        f.tried.push((url.to_owned(), failure));
    }

    fn fetch_ocsp(
        &self,
        fetcher: &dyn Fetcher,
        cert: &Certificate,
        issuer: &Certificate,
        crypto: &dyn CryptoProvider,
    ) {
        let Ok(request) = OcspRequestBuilder::new()
            .add_certificate(cert, issuer, DigestAlgorithm::Sha1, crypto)
            .and_then(|b| b.build())
        else {
            return;
        };
        for url in dp::ocsp_urls(cert) {
            let key = ocsp_key(&url, &request);
            if self.fetched.borrow().tried.iter().any(|(u, _)| *u == key) {
                continue;
            }
            let result = fetcher.fetch(FetchKind::Ocsp, &url, Some(&request));
            let mut f = self.fetched.borrow_mut();
            let failure = match result {
                Ok(bytes) => match OcspResponse::from_der(&bytes) {
                    Ok(r) => {
                        f.responses.push(Rc::new((r, request.clone())));
                        None
                    }
                    Err(e) => Some(e.message()),
                },
                Err(e) => Some(e.message()),
            };
            f.tried.push((key, failure));
        }
    }

    /// Failed fetches that concern this certificate (ETSI TRY_LATER material).
    fn fetch_failures(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        crypto: &dyn CryptoProvider,
    ) -> Vec<Finding> {
        let f = self.fetched.borrow();
        let mut keys: Vec<(String, String)> = dp::crl_urls(cert)
            .into_iter()
            .map(|u| (u.clone(), u))
            .collect();
        if let Ok(req) = OcspRequestBuilder::new()
            .add_certificate(cert, issuer, DigestAlgorithm::Sha1, crypto)
            .and_then(|b| b.build())
        {
            keys.extend(
                dp::ocsp_urls(cert)
                    .into_iter()
                    .map(|u| (ocsp_key(&u, &req), u)),
            );
        }
        keys.iter()
            .filter_map(|(key, url)| {
                let (_, failure) = f.tried.iter().find(|(k, _)| k == key)?;
                failure.as_ref().map(|detail| {
                    Finding::new(MessageId::RevocationFetchFailed, Severity::Warning)
                        .with("url", url.clone())
                        .with_phrase("detail", detail)
                })
            })
            .collect()
    }
}

fn ocsp_key(url: &str, request: &[u8]) -> String {
    format!("{url} {}", crate::cert::hex_upper(request))
}

fn ocsp_finding(e: &OcspError, issuer: &Certificate) -> Finding {
    let f = |id| Finding::new(id, Severity::Warning).with("kind", "OCSP");
    let issuer = issuer.subject().to_string();
    match e {
        OcspError::ErrorStatus { status } => {
            Finding::new(MessageId::RevocationOcspErrorStatus, Severity::Warning)
                .with("status", status.name())
        }
        OcspError::UnknownCriticalExtension { oid } => {
            f(MessageId::RevocationUnknownCriticalExtension).with("oid", oid.clone())
        }
        OcspError::ResponderNotFound => {
            f(MessageId::RevocationSignerNotFound).with("issuer", issuer)
        }
        OcspError::BadSignature => f(MessageId::RevocationBadSignature).with("issuer", issuer),
        OcspError::AlgorithmRefused { alg } => {
            f(MessageId::RevocationAlgorithmRefused).with("alg", alg.clone())
        }
        OcspError::ProducedAtOutsideValidity { produced_at } => {
            Finding::new(MessageId::RevocationOcspBadProducedAt, Severity::Warning)
                .with("produced_at", crate::time::rfc3339(produced_at))
        }
        OcspError::NotYetValid { this_update } => f(MessageId::RevocationNotYetValid)
            .with("this_update", crate::time::rfc3339(this_update)),
        OcspError::Stale { this_update } => {
            f(MessageId::RevocationStale).with("this_update", crate::time::rfc3339(this_update))
        }
        OcspError::NoMatchingResponse => f(MessageId::RevocationOutOfScope)
            .with("issuer", issuer)
            .with_phrase(
                "detail",
                &crate::error::ErrorText::new(MessageId::RevocationNoSingleResponse),
            ),
        other => f(MessageId::RevocationMalformed).with_phrase("detail", &other.message()),
    }
}
