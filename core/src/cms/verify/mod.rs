//! SignedData verification (RFC 5652 §5.4–§5.6, §11), reported in ETSI EN 319 102-1 terms.
//!
//! One file per verification building block: `verdict` (how checks fold into an indication),
//! `content` (the signed content and its digests), `algorithms` (digest and signature
//! algorithm, algorithm policy), `signer_lookup` (ISC: the signer's certificate),
//! `attributes` (signed attributes), `signature` (the signature value), `counter`
//! (counter-signatures) and `chain` (the signer's chain at the policy's time). This file runs
//! them in order for each signer (`verify_signer`).
//!
//! Per signer the checks follow the order of the EN 319 102-1 §5.2 building blocks: format,
//! identification of the signing certificate (ISC, §5.2.3), cryptographic verification (CV,
//! §5.2.7: message digest, then signature value), signature acceptance (SAV, §5.2.8:
//! algorithms, signing time), then the chain (X.509 certificate validation, §5.2.6) through the
//! [`ChainValidator`] seam. All checks run (a report shows every problem); the signer's
//! indication is the worst one, and among equally bad results the earliest in that order.
//!
//! ```
//! use kyso::{verify_signed_data, VerifyOptions};
//! use kyso::{RustCryptoProvider, ValidationPolicy, DateTime};
//!
//! let crypto = RustCryptoProvider::default();
//! let now = DateTime::new(2025, 3, 14, 2, 5, 7).unwrap();
//! let options = VerifyOptions::new(ValidationPolicy::vn_gov(), now, &crypto);
//! let report = verify_signed_data(b"not a signature", None, &options);
//! assert_eq!(report.indication, kyso::Indication::TotalFailed);
//! ```

use der::asn1::ObjectIdentifier;

use crate::cert::{Certificate, hex_upper};
use crate::crypto::{CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::i18n::MessageId;
use crate::report::{
    CertReport, CheckStatus, Finding, Indication, Report, Severity, SignerReport, SubIndication,
};
use crate::time::DateTime;

use super::parse::{self, CmsLimits, ParsedSignerInfo, parse_content_info, unarmor};
use super::{ChainValidator, CmsError};
use crate::policy::{KeyPurpose, ValidationPolicy};
use crate::report::{TimeSource, TimeUsed};
use crate::revocation::RevocationEvidence;

mod algorithms;
mod attributes;
mod chain;
mod content;
mod counter;
mod level;
mod signature;
mod signer_lookup;
mod timestamps;
mod verdict;

#[cfg(test)]
use attributes::same_algorithm;
use content::{Content, Source};
use verdict::Acc;
pub(crate) use verdict::Verdict;

/// The content of a detached signature (RFC 5652 §5.2: eContent absent).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DetachedContent<'a> {
    /// The content itself.
    Bytes(&'a [u8]),
    /// Digests of the content the caller computed itself (e.g. one pass over a large file,
    /// with the algorithms from [`super::parse::required_digests`]). Enough when every signer
    /// has signed attributes; a signer without them signs the content itself and is then
    /// INDETERMINATE.
    Digests(Vec<(DigestAlgorithm, Vec<u8>)>),
}

/// Everything verification needs besides the message. Construct with [`VerifyOptions::new`]
/// and the `with_*` methods; the fields are public for callers that prefer literals.
#[derive(Clone)]
pub struct VerifyOptions<'a> {
    pub policy: ValidationPolicy,
    /// The current time (core has no clock): used when the policy validates "now".
    pub now: DateTime,
    pub crypto: &'a dyn CryptoProvider,
    /// Path validation for the signer's certificate. Required unless
    /// `policy.danger_skip_chain_validation`: without one the result is INDETERMINATE
    /// NO_CERTIFICATE_CHAIN_FOUND, never a pass.
    pub chain_validator: Option<&'a dyn ChainValidator>,
    /// Untrusted certificates from the caller, searched for the signer's certificate after the
    /// message's own and passed to the chain validator as intermediates.
    pub extra_certificates: &'a [Certificate],
    pub limits: CmsLimits,
    /// A signing time the signer claimed outside the CMS — the `/M` of a PDF signature
    /// dictionary, where PAdES B-B puts it (ETSI EN 319 142-1 §5.4: no signing-time
    /// attribute) — used like the signing-time attribute when a signer has none. It is a
    /// claim (covered by the signature, attested by nobody), reported as such
    /// ([`crate::TimeSource::PdfSigningTime`]).
    pub(crate) document_signing_time: Option<DateTime>,
    /// A proof of existence the container gives the signature (a PDF document time-stamp
    /// over the revision it is in: ETSI EN 319 142-1 §5.4.3), used with the signer's own
    /// signature time-stamps: the earliest is the validation time.
    pub(crate) document_poe: Option<DateTime>,
    /// What the signer's certificate must be fit for: document signing, except for a
    /// time-stamp token's TSA (id-kp-timeStamping, RFC 3161 §2.3).
    pub(crate) purpose: KeyPurpose,
    /// A validation time that overrides the policy's: a time-stamp token's own genTime.
    pub(crate) fixed_time: Option<TimeUsed>,
    /// Revocation evidence of an enclosing message, used beside the message's own (a token
    /// inside a CAdES B-LT signature, whose validation data the outer SignedData carries).
    pub(crate) inherited_evidence: Option<&'a RevocationEvidence>,
}

impl core::fmt::Debug for VerifyOptions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifyOptions")
            .field("policy", &self.policy.name)
            .field("now", &self.now)
            .field("chain_validator", &self.chain_validator.is_some())
            .field("extra_certificates", &self.extra_certificates.len())
            .field("limits", &self.limits)
            .finish()
    }
}

impl<'a> VerifyOptions<'a> {
    pub fn new(policy: ValidationPolicy, now: DateTime, crypto: &'a dyn CryptoProvider) -> Self {
        Self {
            policy,
            now,
            crypto,
            chain_validator: None,
            extra_certificates: &[],
            limits: CmsLimits::default(),
            document_signing_time: None,
            document_poe: None,
            purpose: KeyPurpose::DocumentSigning,
            fixed_time: None,
            inherited_evidence: None,
        }
    }

    pub fn with_chain_validator(mut self, validator: &'a dyn ChainValidator) -> Self {
        self.chain_validator = Some(validator);
        self
    }

    pub fn with_extra_certificates(mut self, certificates: &'a [Certificate]) -> Self {
        self.extra_certificates = certificates;
        self
    }

    pub fn with_limits(mut self, limits: CmsLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The options for a time-stamp token inside this verification: its TSA validated for
    /// id-kp-timeStamping at `gen_time` (shared/brief/pdf-ltv-login.md T7), with `inherited`
    /// revocation evidence beside the token's own, and `certificates` (the enclosing
    /// message's and the caller's: a B-LT signature carries its TSA's chain there) as
    /// candidates.
    pub(crate) fn for_timestamp_token<'b>(
        &'b self,
        gen_time: DateTime,
        inherited: Option<&'b RevocationEvidence>,
        certificates: &'b [Certificate],
    ) -> VerifyOptions<'b> {
        VerifyOptions {
            policy: self.policy.clone(),
            now: self.now,
            crypto: self.crypto,
            chain_validator: self.chain_validator,
            extra_certificates: certificates,
            limits: self.limits,
            document_signing_time: None,
            document_poe: None,
            purpose: KeyPurpose::TimeStamping,
            fixed_time: Some(TimeUsed::new(gen_time, TimeSource::Timestamp)),
            inherited_evidence: inherited,
        }
    }

    /// See [`VerifyOptions::document_signing_time`] and [`VerifyOptions::document_poe`].
    pub(crate) fn with_document_times(mut self, times: DocumentTimes) -> Self {
        self.document_signing_time = times.claimed;
        self.document_poe = times.proof_of_existence;
        self
    }
}

/// What a container (a PDF) says about a signature's time outside the CMS.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DocumentTimes {
    /// The claimed signing time (`/M`).
    pub claimed: Option<DateTime>,
    /// A verified document time-stamp's genTime over the signature's revision.
    pub proof_of_existence: Option<DateTime>,
}

/// Verify a CMS / PKCS #7 SignedData (DER, BER or PEM-armoured) and report per signer.
/// Never panics and never fails: unreadable input is TOTAL-FAILED FORMAT_FAILURE.
pub fn verify(
    input: &[u8],
    content: Option<DetachedContent<'_>>,
    options: &VerifyOptions<'_>,
) -> Report {
    let mut report = Report {
        indication: Indication::TotalFailed,
        sub_indication: Some(SubIndication::FormatFailure),
        format: "cms",
        content_type: String::new(),
        detached: false,
        signers: Vec::new(),
        policy: options.policy.name.clone(),
        findings: Vec::new(),
    };
    let der = match unarmor(input) {
        Ok(d) => d,
        Err(e) => {
            report.findings.push(error_finding(&e));
            return report;
        }
    };
    // Padding after the message (a newline, Authenticode's zero fill) is ignored and said;
    // other trailing data refuses the input (the rule: `crate::trailing`).
    let (der, padding) = match crate::trailing::split(&der) {
        Ok(split) => split,
        Err(t) => {
            report.findings.push(
                Finding::new(MessageId::InputTrailingData, Severity::Error)
                    .with("offset", t.offset.to_string())
                    .with("count", t.len.to_string()),
            );
            return report;
        }
    };
    if padding > 0 {
        report.findings.push(
            Finding::new(MessageId::InputTrailingPadding, Severity::Info)
                .with("count", padding.to_string()),
        );
    }
    let sd = match parse_content_info(der, &options.limits) {
        Ok(sd) => sd,
        Err(e) => {
            if let CmsError::TooLarge { .. } = e {
                // Not looked at, so not known to be bad.
                report.indication = Indication::Indeterminate;
                report.sub_indication = Some(SubIndication::GenericError);
            }
            report.findings.push(error_finding(&e));
            return report;
        }
    };
    report.content_type = sd.econtent_type.to_string();
    report.detached = sd.econtent.is_none();
    report
        .findings
        .extend(parse::skipped_findings(&sd.skipped_certificates));
    // RFC 5652 §10.2.1 / RFC 5940: the message's own CRLs and OCSP responses, evidence for
    // every signer's chain (EvidenceOrigin::Message).
    let (mut message_evidence, skipped_revocation_info) =
        super::revinfo::evidence(&sd.crls, &options.limits);
    if let Some(inherited) = options.inherited_evidence {
        message_evidence.crls.extend(inherited.crls.iter().cloned());
        message_evidence
            .ocsp_responses
            .extend(inherited.ocsp_responses.iter().cloned());
    }
    report.findings.extend(skipped_revocation_info);

    if sd.signer_infos.is_empty() {
        // A certs-only ("degenerate", RFC 5652 §5.2 / RFC 8551 §3.8) SignedData is well formed
        // but carries no signature: nothing was signed, so nothing can be concluded. Not
        // FORMAT_FAILURE, which would call a valid certificate bundle malformed.
        report.indication = Indication::Indeterminate;
        report.sub_indication = Some(SubIndication::SignedDataNotFound);
        report
            .findings
            .push(Finding::new(MessageId::CmsNoSigners, Severity::Error));
        return report;
    }

    // Content the caller supplies is what the caller asks about ("was THIS file signed?"), so
    // it is what the signers are checked against, even when the SignedData also encapsulates
    // content: verifying only the embedded copy could report TOTAL-PASSED for a file that was
    // never signed. A difference is said in the report; the message digests then fail.
    let source = match (&sd.econtent, &content) {
        (Some(c), Some(DetachedContent::Bytes(b))) => {
            if c.bytes.as_ref() != *b {
                report.findings.push(Finding::new(
                    MessageId::SuppliedContentDiffers,
                    Severity::Error,
                ));
            }
            Source::Bytes(b)
        }
        (Some(_), Some(DetachedContent::Digests(d))) => Source::Digests(d),
        (Some(c), None) => Source::Bytes(c.bytes.as_ref()),
        (None, Some(DetachedContent::Bytes(b))) => Source::Bytes(b),
        (None, Some(DetachedContent::Digests(d))) => Source::Digests(d),
        (None, None) => {
            report
                .findings
                .push(Finding::new(MessageId::CmsNoContent, Severity::Error));
            Source::Missing
        }
    };
    let mut content = Content {
        source,
        cache: Vec::new(),
    };

    // Candidate certificates: the message's, then the caller's (RFC 5652 §5.1: the set "may
    // contain more certificates than necessary, and there may be certificates necessary for
    // verification that are not in the set").
    let mut pool: Vec<Certificate> = sd.certificates.clone();
    for c in options
        .extra_certificates
        .iter()
        .take(options.limits.max_certificates)
    {
        if !pool.contains(c) {
            pool.push(c.clone());
        }
    }
    let ctx = Ctx {
        opts: options,
        signed_data: der,
        pool: &pool,
        econtent_type: sd.econtent_type,
        message_evidence: &message_evidence,
        counter_signatures_left: core::cell::Cell::new(
            options
                .limits
                .max_signers
                .saturating_sub(sd.signer_infos.len()),
        ),
    };

    for (index, si) in sd.signer_infos.iter().enumerate() {
        let signer = match si {
            Ok(si) => {
                let mut s = verify_signer(&ctx, index, si, &mut content, Role::Signer, 0);
                // A time-stamp token's TSA signature has no baseline level of its own.
                if options.purpose != KeyPurpose::TimeStamping {
                    s.level = level::cades(&s, si, &message_evidence);
                }
                s
            }
            Err(e) => malformed_signer(index, &CmsError::from(*e)),
        };
        report.signers.push(signer);
    }

    let mut overall = Verdict::new();
    for s in &report.signers {
        overall.fold(s.indication, s.sub_indication);
    }
    report.indication = overall.indication;
    report.sub_indication = overall.sub;
    report
}

fn error_finding(e: &CmsError) -> Finding {
    match e {
        CmsError::NotSignedData { content_type } => {
            let name = content_type
                .parse::<ObjectIdentifier>()
                .ok()
                .and_then(|o| parse::oid_name(&o));
            let shown = match name {
                Some(n) => format!("{content_type} ({n})"),
                None => content_type.clone(),
            };
            Finding::new(MessageId::CmsNotSignedData, Severity::Error).with("content_type", shown)
        }
        CmsError::TooLarge { len, limit } => Finding::new(MessageId::CmsTooLarge, Severity::Error)
            .with("len", len.to_string())
            .with("limit", limit.to_string()),
        other => parse::malformed_finding(other),
    }
}

fn malformed_signer(index: usize, error: &CmsError) -> SignerReport {
    SignerReport {
        index,
        indication: Indication::TotalFailed,
        sub_indication: Some(SubIndication::FormatFailure),
        signer: None,
        certificate: None,
        claimed_signing_time: None,
        digest_algorithm: None,
        signature_scheme: None,
        key_type: None,
        checks: vec![("format".into(), CheckStatus::Failed)],
        chain: None,
        findings: vec![parse::malformed_finding(error)],
        counter_signatures: Vec::new(),
        timestamps: Vec::new(),
        level: None,
    }
}

struct Ctx<'o, 'a> {
    opts: &'o VerifyOptions<'a>,
    /// The ContentInfo as given (DER or BER, armour removed): what archive time-stamps cover.
    #[cfg_attr(not(feature = "cades-archive"), allow(dead_code))]
    signed_data: &'o [u8],
    pool: &'o [Certificate],
    econtent_type: ObjectIdentifier,
    /// Revocation evidence carried by the message (its `crls` field).
    message_evidence: &'o RevocationEvidence,
    /// Counter-signatures still to be verified in this message: they share
    /// `CmsLimits::max_signers` with the signerInfos, so that fan-out (256 per signer, at each of
    /// four levels) cannot multiply the work of a message.
    counter_signatures_left: core::cell::Cell<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Signer,
    /// RFC 5652 §11.4: signs the parent's signature value; no content-type attribute.
    CounterSigner,
}

/// One signer (or counter-signer), the EN 319 102-1 §5.2 building blocks in order; all run, so
/// the report shows every problem.
fn verify_signer(
    ctx: &Ctx<'_, '_>,
    index: usize,
    si: &ParsedSignerInfo<'_>,
    content: &mut Content<'_>,
    role: Role,
    depth: usize,
) -> SignerReport {
    let crypto = ctx.opts.crypto;
    let mut acc = Acc::new();
    acc.find(
        Finding::new(MessageId::SignerIdentifiedBy, Severity::Info)
            .with("sid", parse::signer_identifier(&si.sid).to_string()),
    );
    let (digest, scheme) = algorithms::identify(&mut acc, si);
    attributes::check_structure(ctx, &mut acc, si, role);
    let message = si.signed_attrs.as_ref().map(|sa| sa.signed_bytes());
    let signed = Signed {
        si,
        digest,
        scheme,
        message: message.as_deref(),
    };
    let cert = signer_lookup::find(ctx, &mut acc, &signed, content);
    attributes::check_content_binding(&mut acc, &signed, content, crypto);
    let key_type = signature::check(ctx, &mut acc, &signed, cert, content);
    let claimed_signing_time = attributes::check_signing_times(ctx, &mut acc, si);
    let counter_signatures = counter::verify_all(ctx, &mut acc, si, depth);
    // Archive time-stamps cover a signer of the SignedData itself, by its position.
    let archived = (role == Role::Signer).then_some(index);
    let (timestamps, signature_poe) =
        timestamps::verify_all(ctx, &mut acc, si, claimed_signing_time, archived, content);
    // The earliest proof of existence: the signer's own time-stamps, or the container's.
    let proof_of_existence = match (signature_poe, ctx.opts.document_poe, role) {
        (Some(a), Some(b), Role::Signer) => Some(a.min(b)),
        (None, Some(b), Role::Signer) => Some(b),
        (a, _, _) => a,
    };
    // A signer without a signing-time attribute is validated at the container's claimed
    // time (PDF `/M`, PAdES B-B) when there is one; counter-signers have their own.
    let document_time = match (claimed_signing_time, role) {
        (None, Role::Signer) => ctx.opts.document_signing_time,
        _ => None,
    };
    let chain = chain::validate(
        ctx,
        &mut acc,
        cert,
        claimed_signing_time,
        document_time,
        proof_of_existence,
    );

    let chain_status = acc
        .checks
        .iter()
        .rev()
        .find(|(n, _)| n == "chain")
        .map(|(_, s)| *s);
    SignerReport {
        index,
        indication: acc.verdict.indication,
        sub_indication: acc.verdict.sub,
        signer: cert.map(Certificate::identity),
        certificate: cert.map(|c| {
            let mut r = cert_report(
                c,
                crypto,
                chain_status.unwrap_or(CheckStatus::NotApplicable),
            );
            // The signer's own revocation status, as the chain found it.
            r.revocation = chain
                .as_ref()
                .and_then(|ch| ch.certificates.first())
                .filter(|leaf| leaf.sha256 == r.sha256)
                .and_then(|leaf| leaf.revocation.clone());
            r
        }),
        claimed_signing_time,
        digest_algorithm: digest,
        signature_scheme: scheme,
        key_type,
        checks: acc.checks,
        chain,
        findings: acc.findings,
        counter_signatures,
        timestamps,
        level: None,
    }
}

/// What one SignerInfo signs with, as the steps after algorithm identification need it.
struct Signed<'s, 'a> {
    si: &'s ParsedSignerInfo<'a>,
    /// The message-digest algorithm, if known (`algorithms::identify`).
    digest: Option<DigestAlgorithm>,
    /// The signature scheme, if known.
    scheme: Option<SignatureScheme>,
    /// The DER of the signed attributes as signed (RFC 5652 §5.4), when there are some.
    message: Option<&'s [u8]>,
}

fn cert_report(c: &Certificate, crypto: &dyn CryptoProvider, status: CheckStatus) -> CertReport {
    CertReport {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        serial: c.serial_hex(),
        sha256: hex_upper(&crypto.digest(DigestAlgorithm::Sha256, c.der())).to_ascii_lowercase(),
        not_before: c.not_before(),
        not_after: c.not_after(),
        is_trust_anchor: false,
        status,
        revocation: None,
        findings: Vec::new(),
        der: c.der().to_vec(),
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
    use crate::report::{TimeSource, TimeUsed};
    use spki::AlgorithmIdentifierOwned;

    #[test]
    fn verdict_worst_wins_first_reason_kept() {
        let mut v = Verdict::new();
        v.indeterminate(SubIndication::NoSigningCertificateFound);
        v.indeterminate(SubIndication::CryptoConstraintsFailure);
        assert_eq!(
            (v.indication, v.sub),
            (
                Indication::Indeterminate,
                Some(SubIndication::NoSigningCertificateFound)
            )
        );
        v.fail(SubIndication::HashFailure);
        v.fail(SubIndication::SigCryptoFailure);
        v.indeterminate(SubIndication::NoCertificateChainFound);
        assert_eq!(
            (v.indication, v.sub),
            (Indication::TotalFailed, Some(SubIndication::HashFailure))
        );
        let mut p = Verdict::new();
        p.fold(Indication::TotalPassed, None);
        assert_eq!((p.indication, p.sub), (Indication::TotalPassed, None));
    }

    #[test]
    fn absent_and_null_parameters_are_the_same_algorithm() {
        let sha256 = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
        let absent = AlgorithmIdentifierOwned {
            oid: sha256,
            parameters: None,
        };
        let null = AlgorithmIdentifierOwned {
            oid: sha256,
            parameters: Some(der::Any::null()),
        };
        let other = AlgorithmIdentifierOwned {
            oid: ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2"),
            parameters: None,
        };
        assert!(same_algorithm(&absent, &null));
        assert!(!same_algorithm(&absent, &other));
    }

    #[test]
    fn claimed_signing_time_in_the_future_is_not_trusted() {
        let now = DateTime::new(2026, 1, 1, 0, 0, 0).unwrap();
        let p = ValidationPolicy::vn_gov();
        let within_skew = DateTime::new(2026, 1, 1, 0, 4, 0).unwrap();
        let future = DateTime::new(2026, 1, 1, 0, 6, 0).unwrap();
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(within_skew)).source,
            TimeSource::ClaimedSigningTime
        );
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(future)),
            TimeUsed {
                time: now,
                source: TimeSource::Current
            }
        );
    }

    #[test]
    fn validation_time_follows_policy() {
        let now = DateTime::new(2026, 1, 1, 0, 0, 0).unwrap();
        let claimed = DateTime::new(2025, 3, 14, 2, 5, 7).unwrap();
        let fixed = DateTime::new(2024, 1, 1, 0, 0, 0).unwrap();
        let mut p = ValidationPolicy::vn_gov();
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(claimed)),
            TimeUsed {
                time: claimed,
                source: TimeSource::ClaimedSigningTime
            }
        );
        assert_eq!(
            crate::path::validation_time(&p, now, None, None),
            TimeUsed {
                time: now,
                source: TimeSource::Current
            }
        );
        p.trust_claimed_signing_time = false;
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(claimed)).source,
            TimeSource::Current
        );
        p.validation_time = ValidationTime::At(fixed);
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(claimed)),
            TimeUsed {
                time: fixed,
                source: TimeSource::Fixed
            }
        );
        p.validation_time = ValidationTime::Current;
        assert_eq!(
            crate::path::validation_time(&p, now, None, Some(claimed)).time,
            now
        );
    }

    #[test]
    fn unreadable_input_is_format_failure_with_text() {
        let crypto = crate::crypto::RustCryptoProvider;
        let opts = VerifyOptions::new(
            ValidationPolicy::vn_gov(),
            DateTime::new(2026, 1, 1, 0, 0, 0).unwrap(),
            &crypto,
        );
        for input in [
            &b""[..],
            b"\x30\x03\x06\x01",
            b"-----BEGIN CMS-----\n!!!\n-----END CMS-----\n",
        ] {
            let r = verify(input, None, &opts);
            assert_eq!(
                (r.indication, r.sub_indication),
                (Indication::TotalFailed, Some(SubIndication::FormatFailure))
            );
            assert_eq!(r.findings.len(), 1);
            assert!(r.to_text(crate::i18n::Lang::Vi).contains("KHÔNG HỢP LỆ"));
        }
        let tiny = opts.clone().with_limits(CmsLimits {
            max_input_len: 4,
            ..CmsLimits::default()
        });
        let r = verify(&[0x30, 0x03, 0x02, 0x01, 0x01], None, &tiny);
        assert_eq!(
            (r.indication, r.sub_indication),
            (Indication::Indeterminate, Some(SubIndication::GenericError))
        );
    }
}
