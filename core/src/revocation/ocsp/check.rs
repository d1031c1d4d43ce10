//! Verifying an OCSP response for one certificate (RFC 6960 §3.2, §4.2.2).
//!
//! Order: responder error status; unknown critical response extensions; the signer — the CA
//! itself, or a delegated responder issued directly by the CA with id-kp-OCSPSigning and
//! valid at producedAt (§4.2.2.2), identified by name or key hash; producedAt within the
//! certificate's validity (BoringSSL's check; an archive cutoff lets a responder speak for
//! expired certificates, §4.4.4); then the SingleResponses whose CertID matches (any of
//! SHA-1/SHA-256/SHA-384/SHA-512), fresh per policy. Several fresh matches combine to the
//! strictest (revoked > unknown > good).

use der::Decode;
use x509_cert::ext::Extension;

use super::asn1::{CertId, CertStatus as Asn1CertStatus, ResponderId, SingleResponse};
use super::request::{key_hash, tbs_name_fields};
use super::{Basic, OcspError, OcspResponse};
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::name::names_match;
use crate::oid;
use crate::policy::{StatusAfterExpiry, ValidationPolicy};
use crate::revocation::sig::{self, SigProblem};
use crate::revocation::status::{CertStatus, Freshness, RevocationReason, freshness};
use crate::time::DateTime;

/// What verifying a response needs besides the certificate and its issuer.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct OcspCheck<'a> {
    /// The validation time.
    pub time: DateTime,
    /// The current time, if the caller knows it: responses dated later are refused.
    pub now: Option<DateTime>,
    pub policy: &'a ValidationPolicy,
    pub crypto: &'a dyn CryptoProvider,
    /// Where else a delegated responder certificate may be found (besides the response).
    pub extra_certs: &'a [Certificate],
}

impl<'a> OcspCheck<'a> {
    /// Verification at `time` under `policy`, current time unknown, no extra certificates.
    pub fn new(
        time: DateTime,
        policy: &'a ValidationPolicy,
        crypto: &'a dyn CryptoProvider,
    ) -> Self {
        Self {
            time,
            now: None,
            policy,
            crypto,
            extra_certs: &[],
        }
    }

    /// The current time: responses produced later are refused.
    pub fn with_now(mut self, now: DateTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Certificates where a delegated responder certificate may also be found.
    pub fn with_extra_certs(mut self, certs: &'a [Certificate]) -> Self {
        self.extra_certs = certs;
        self
    }
}

/// A response that vouches for the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OcspVerified {
    pub status: CertStatus,
    pub this_update: DateTime,
    pub next_update: Option<DateTime>,
    pub produced_at: DateTime,
    /// The delegated responder certificate; `None` when the CA signed the response itself.
    pub responder: Option<Certificate>,
    /// Whether the delegated responder certificate carries id-pkix-ocsp-nocheck (RFC 6960
    /// §4.2.2.2.1: its own status need not be checked).
    pub responder_nocheck: bool,
    /// The response was produced after the certificate expired, with no archive cutoff
    /// covering it, and was accepted only because the policy assumes the responder keeps
    /// expired certificates' records (`StatusAfterExpiry::AssumeRecordsKept`).
    pub after_expiry_assumed: bool,
}

impl OcspResponse {
    /// Verify this response for `cert`, issued by `issuer`.
    pub fn verify_for(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        ctx: &OcspCheck<'_>,
    ) -> Result<OcspVerified, OcspError> {
        let Some(basic) = &self.basic else {
            return Err(OcspError::ErrorStatus {
                status: self.status,
            });
        };
        // RFC 6960 §4.4: a critical response extension kyso does not process forbids use.
        for ext in basic.data.response_extensions.iter().flatten() {
            if ext.critical
                && ext.extn_id != oid::OCSP_NONCE
                && ext.extn_id != oid::OCSP_EXTENDED_REVOKE
            {
                return Err(OcspError::UnknownCriticalExtension {
                    oid: ext.extn_id.to_string(),
                });
            }
        }
        // Cheap first: a response that says nothing about `cert` needs no responder search,
        // which may cost signature checks for every certificate it carries.
        if !self.mentions(cert, issuer, ctx.crypto) {
            return Err(OcspError::NoMatchingResponse);
        }
        let responder = find_responder(basic, issuer, ctx)?;
        let produced_at = basic.data.produced_at.to_date_time();
        if produced_at < cert.not_before() {
            return Err(OcspError::ProducedAtOutsideValidity { produced_at });
        }

        let mut best: Option<(CertStatus, &SingleResponse, bool)> = None;
        let mut date_problem: Option<OcspError> = None;
        let mut produced_late = false;
        for single in &basic.data.responses {
            if !cert_id_matches(&single.cert_id, cert, issuer, ctx.crypto) {
                continue;
            }
            let ext = single_extensions(single)?;
            // RFC 6960 §4.4.4: after notAfter only an archive cutoff at or before it promises
            // that the responder still knows the certificate (or the policy assumes so).
            let late = produced_at > cert.not_after()
                && ext.archive_cutoff.is_none_or(|c| c > cert.not_after());
            if late && ctx.policy.status_after_expiry == StatusAfterExpiry::RequireRetentionProof {
                produced_late = true;
                continue;
            }
            let this_update = single.this_update.to_date_time();
            let next_update = single.next_update.map(|t| t.to_date_time());
            let p = ctx.policy;
            match freshness(
                this_update,
                next_update,
                ctx.time,
                ctx.now,
                p.ocsp_max_age_secs,
                p.revocation_clock_skew_secs,
            ) {
                Freshness::Fresh => {}
                Freshness::NotYetValid => {
                    date_problem.get_or_insert(OcspError::NotYetValid { this_update });
                    continue;
                }
                Freshness::Expired | Freshness::TooOld => {
                    date_problem.get_or_insert(OcspError::Stale { this_update });
                    continue;
                }
            }
            let status = match &single.cert_status {
                Asn1CertStatus::Good(_) => CertStatus::Good,
                Asn1CertStatus::Unknown(_) => CertStatus::Unknown,
                Asn1CertStatus::Revoked(info) => CertStatus::Revoked {
                    time: info.revocation_time.to_date_time(),
                    reason: info
                        .revocation_reason
                        .map(RevocationReason::from)
                        .or(ext.reason),
                    invalidity_date: ext.invalidity_date,
                },
            };
            if best
                .as_ref()
                .is_none_or(|(b, _, _)| status.rank() > b.rank())
            {
                best = Some((status, single, late));
            }
        }
        match best {
            Some((status, single, late)) => Ok(OcspVerified {
                status,
                after_expiry_assumed: late,
                this_update: single.this_update.to_date_time(),
                next_update: single.next_update.map(|t| t.to_date_time()),
                produced_at,
                responder_nocheck: responder
                    .as_ref()
                    .is_some_and(|r| r.extension(oid::EXT_OCSP_NO_CHECK).ok().flatten().is_some()),
                responder,
            }),
            None => Err(date_problem.unwrap_or(if produced_late {
                OcspError::ProducedAtOutsideValidity { produced_at }
            } else {
                OcspError::NoMatchingResponse
            })),
        }
    }

    /// Whether some SingleResponse of this response is about `cert` (so that problems with the
    /// response concern it).
    pub fn mentions(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        crypto: &dyn CryptoProvider,
    ) -> bool {
        self.responses()
            .iter()
            .any(|s| cert_id_matches(&s.cert_id, cert, issuer, crypto))
    }
}

/// The extensions of a matching SingleResponse that kyso understands.
#[derive(Default)]
struct SingleExt {
    archive_cutoff: Option<DateTime>,
    reason: Option<RevocationReason>,
    invalidity_date: Option<DateTime>,
}

fn single_extensions(single: &SingleResponse) -> Result<SingleExt, OcspError> {
    let mut out = SingleExt::default();
    for ext in single.single_extensions.iter().flatten() {
        let value = ext.extn_value.as_bytes();
        match ext.extn_id {
            oid::OCSP_ARCHIVE_CUTOFF => out.archive_cutoff = DateTime::from_der(value).ok(),
            // RFC 6960 §4.4.5: CRL entry extensions may appear as singleExtensions.
            oid::REASON_CODE => {
                out.reason = x509_cert::ext::pkix::CrlReason::from_der(value)
                    .ok()
                    .map(RevocationReason::from);
            }
            oid::INVALIDITY_DATE => out.invalidity_date = DateTime::from_der(value).ok(),
            // Certificate Transparency SCTs: no bearing on status; Chromium/BoringSSL accept
            // them even when (wrongly) marked critical.
            oid::CT_SCT_LIST | oid::OCSP_CRL_ID => {}
            _ if ext.critical => return Err(unknown_critical(ext)),
            _ => {}
        }
    }
    Ok(out)
}

fn unknown_critical(ext: &Extension) -> OcspError {
    OcspError::UnknownCriticalExtension {
        oid: ext.extn_id.to_string(),
    }
}

/// RFC 6960 §4.1.1 CertID match: issuer name hash, issuer key hash and serial number, with
/// the CertID's own hash algorithm (SHA-1 or SHA-2).
pub(crate) fn cert_id_matches(
    id: &CertId,
    cert: &Certificate,
    issuer: &Certificate,
    crypto: &dyn CryptoProvider,
) -> bool {
    if id.serial_number.0 != cert.serial_bytes() {
        return false;
    }
    let Some(alg) = DigestAlgorithm::from_oid(&id.hash_algorithm.oid) else {
        return false;
    };
    let Some(key) = key_hash(issuer, alg, crypto) else {
        return false;
    };
    if id.issuer_key_hash.as_bytes() != key.as_slice() {
        return false;
    }
    // The issuer DN as encoded in the certificate (RFC 6960 §4.1.1); the issuer's subject
    // field is the same name and is accepted too (responders hash either).
    let names = [
        tbs_name_fields(cert).map(|(i, _)| i),
        tbs_name_fields(issuer).map(|(_, s)| s),
    ];
    names
        .iter()
        .flatten()
        .any(|n| crypto.digest(alg, n).as_slice() == id.issuer_name_hash.as_bytes())
}

fn responder_id_matches(id: &ResponderId, cand: &Certificate, crypto: &dyn CryptoProvider) -> bool {
    match id {
        ResponderId::ByName(name) => names_match(name, cand.subject_name()),
        ResponderId::ByKey(hash) => {
            key_hash(cand, DigestAlgorithm::Sha1, crypto).as_deref() == Some(hash.as_bytes())
        }
    }
}

/// Delegated responder certificates whose signatures are checked for one response: a real
/// response carries one (or a short chain); more matching ones are a hostile response.
const MAX_RESPONDER_CANDIDATES: usize = 4;

/// RFC 6960 §4.2.2.2: the CA that issued the certificate, or a responder certificate issued
/// directly by that CA (same key) with id-kp-OCSPSigning. Returns the delegate, if any.
fn find_responder(
    basic: &Basic,
    issuer: &Certificate,
    ctx: &OcspCheck<'_>,
) -> Result<Option<Certificate>, OcspError> {
    let verify_with = |signer: &Certificate| {
        sig::verify(
            ctx.crypto,
            ctx.policy,
            signer.public_key_info(),
            &basic.signature_algorithm,
            &basic.tbs,
            &basic.signature,
        )
    };
    let mut last = OcspError::ResponderNotFound;
    let mut note = |p: SigProblem| match p {
        SigProblem::AlgorithmRefused { alg } => last = OcspError::AlgorithmRefused { alg },
        SigProblem::Bad => last = OcspError::BadSignature,
    };
    let id = &basic.data.responder_id;
    if responder_id_matches(id, issuer, ctx.crypto) {
        match verify_with(issuer) {
            Ok(()) => return Ok(None),
            Err(p) => note(p),
        }
    }
    let produced_at = basic.data.produced_at.to_date_time();
    let candidates = basic.certs.iter().chain(ctx.extra_certs).filter(|cand| {
        responder_id_matches(id, cand, ctx.crypto)
            && names_match(cand.issuer_name(), issuer.subject_name())
            && cand.is_valid_at(&produced_at)
            && has_ocsp_signing(cand)
    });
    for cand in candidates.take(MAX_RESPONDER_CANDIDATES) {
        if let Err(p) = sig::verify_certificate(ctx.crypto, ctx.policy, cand, issuer) {
            note(p);
            continue;
        }
        match verify_with(cand) {
            Ok(()) => return Ok(Some(cand.clone())),
            Err(p) => note(p),
        }
    }
    Err(last)
}

/// RFC 6960 §4.2.2.2: "id-kp-OCSPSigning … in an extended key usage extension".
fn has_ocsp_signing(cert: &Certificate) -> bool {
    matches!(cert.extended_key_usage(), Ok(Some((_, eku))) if eku.0.contains(&crate::oid::EKU_OCSP_SIGNING))
}
