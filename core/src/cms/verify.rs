//! SignedData verification (RFC 5652 §5.4–§5.6, §11), reported in ETSI EN 319 102-1 terms.
//!
//! Per signer the checks follow the order of the EN 319 102-1 §5.2 building blocks: format,
//! identification of the signing certificate (ISC, §5.2.3), cryptographic verification (CV,
//! §5.2.7: message digest, then signature value), signature acceptance (SAV, §5.2.8:
//! algorithms, signing time), then the chain (X.509 certificate validation, §5.2.6) through the
//! [`ChainValidator`] seam. All checks run (a report shows every problem); the signer's
//! indication is the worst one, and among equally bad results the earliest in that order.
//!
//! ```
//! use kyso::cms::verify::{verify, VerifyOptions};
//! use kyso::{RustCryptoProvider, ValidationPolicy, DateTime};
//!
//! let crypto = RustCryptoProvider::default();
//! let now = DateTime::new(2025, 3, 14, 2, 5, 7).unwrap();
//! let options = VerifyOptions::new(ValidationPolicy::vn_gov(), now, &crypto);
//! let report = verify(b"not a signature", None, &options);
//! assert_eq!(report.indication, kyso::Indication::TotalFailed);
//! ```

use der::asn1::ObjectIdentifier;
use der::{Decode, Tagged};
use spki::AlgorithmIdentifierOwned;

use crate::cert::{Certificate, hex_upper};
use crate::crypto::algid::{SignatureAlgorithmAsDigest, needs_digest_hint};
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::i18n::MessageId;
use crate::oid;
use crate::policy::{AlgorithmVerdict, KeyPurpose, ValidationPolicy};
use crate::report::{
    CertReport, CheckStatus, Finding, Indication, Report, Severity, SignerReport, SubIndication,
};
use crate::time::DateTime;

use super::parse::{
    self, Limits, ParsedSignerInfo, RawAttribute, Tlv, parse_content_info, parse_signer_info,
    unarmor,
};
use super::{ChainContext, ChainValidator, CmsError};
use crate::revocation::RevocationEvidence;

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
    pub limits: Limits,
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
            limits: Limits::default(),
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

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
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
    let (message_evidence, skipped_revocation_info) =
        super::revinfo::evidence(&sd.crls, &options.limits);
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
            Ok(si) => verify_signer(&ctx, index, si, &mut content, Role::Signer, 0),
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
    }
}

// ---------------------------------------------------------------------------------------------

/// Where the signed content comes from, with digests computed once per algorithm.
enum Source<'c> {
    Bytes(&'c [u8]),
    Digests(&'c [(DigestAlgorithm, Vec<u8>)]),
    Missing,
}

struct Content<'c> {
    source: Source<'c>,
    cache: Vec<(DigestAlgorithm, Vec<u8>)>,
}

enum DigestOutcome {
    Digest(Vec<u8>),
    /// No content at all (detached without content).
    NoContent,
    /// Digests were supplied, but not for this algorithm.
    NotSupplied,
}

impl Content<'_> {
    fn digest(&mut self, alg: DigestAlgorithm, crypto: &dyn CryptoProvider) -> DigestOutcome {
        match self.source {
            Source::Missing => DigestOutcome::NoContent,
            Source::Digests(d) => match d.iter().find(|(a, _)| *a == alg) {
                Some((_, v)) => DigestOutcome::Digest(v.clone()),
                None => DigestOutcome::NotSupplied,
            },
            Source::Bytes(b) => {
                if let Some((_, v)) = self.cache.iter().find(|(a, _)| *a == alg) {
                    return DigestOutcome::Digest(v.clone());
                }
                let v = crypto.digest(alg, b);
                self.cache.push((alg, v.clone()));
                DigestOutcome::Digest(v)
            }
        }
    }

    fn bytes(&self) -> Option<&[u8]> {
        match self.source {
            Source::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

struct Ctx<'o, 'a> {
    opts: &'o VerifyOptions<'a>,
    pool: &'o [Certificate],
    econtent_type: ObjectIdentifier,
    /// Revocation evidence carried by the message (its `crls` field).
    message_evidence: &'o RevocationEvidence,
    /// Counter-signatures still to be verified in this message: they share
    /// `Limits::max_signers` with the signerInfos, so that fan-out (256 per signer, at each of
    /// four levels) cannot multiply the work of a message.
    counter_signatures_left: core::cell::Cell<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Signer,
    /// RFC 5652 §11.4: signs the parent's signature value; no content-type attribute.
    CounterSigner,
}

/// The running verdict of one signer: worst indication wins; on a tie the first reason stays.
struct Verdict {
    indication: Indication,
    sub: Option<SubIndication>,
}

impl Verdict {
    fn new() -> Self {
        Self {
            indication: Indication::TotalPassed,
            sub: None,
        }
    }

    fn fold(&mut self, indication: Indication, sub: Option<SubIndication>) {
        let worse = self.indication.worst(indication);
        if worse != self.indication {
            self.indication = worse;
            self.sub = sub;
        } else if worse == indication && self.sub.is_none() && worse != Indication::TotalPassed {
            self.sub = sub;
        }
    }

    fn fail(&mut self, sub: SubIndication) {
        self.fold(Indication::TotalFailed, Some(sub));
    }

    fn indeterminate(&mut self, sub: SubIndication) {
        self.fold(Indication::Indeterminate, Some(sub));
    }
}

/// Accumulates checks, findings and the verdict of one signer.
struct Acc {
    verdict: Verdict,
    checks: Vec<(String, CheckStatus)>,
    findings: Vec<Finding>,
}

impl Acc {
    fn check(&mut self, name: &str, status: CheckStatus) {
        self.checks.push((name.to_owned(), status));
    }

    /// Record a finding once: the same sentence twice tells the reader nothing more (and
    /// reads as two problems). Causes of repeats are fixed where found; this is the backstop.
    fn find(&mut self, f: Finding) {
        if !self.findings.contains(&f) {
            self.findings.push(f);
        }
    }

    fn failed(&mut self, name: &str, sub: SubIndication, f: Finding) {
        self.check(name, CheckStatus::Failed);
        self.verdict.fail(sub);
        self.find(f);
    }

    fn undecided(&mut self, name: &str, sub: SubIndication, f: Finding) {
        self.check(name, CheckStatus::Indeterminate);
        self.verdict.indeterminate(sub);
        self.find(f);
    }
}

fn err(code: MessageId) -> Finding {
    Finding::new(code, Severity::Error)
}

fn alg_name(ai: &AlgorithmIdentifierOwned) -> String {
    match parse::oid_name(&ai.oid) {
        Some(n) => format!("{n} ({})", ai.oid),
        None => ai.oid.to_string(),
    }
}

/// The SignerInfo's message-digest algorithm (RFC 5652 §5.3 digestAlgorithm), reporting what
/// it cannot be.
///
/// Some producers write the *signature* algorithm there (sha256WithRSAEncryption where sha256
/// belongs, issue 9). RFC 5652 §5.3 says the field "identifies the message digest algorithm",
/// so this is a producer bug — but when the signature algorithm names its hash, the intended
/// digest is unambiguous, and OpenSSL and Go accept such signatures. kyso does too, with a
/// warning naming the OID found; the indication is whatever the remaining checks give (the
/// message digest and the signature are still checked with that hash, so nothing unverified
/// passes). A key algorithm that names no hash (rsaEncryption) leaves the digest unknown:
/// INDETERMINATE, with a sentence saying exactly that.
fn signer_digest(acc: &mut Acc, ai: &AlgorithmIdentifierOwned) -> Option<DigestAlgorithm> {
    if let Some(d) = DigestAlgorithm::from_oid(&ai.oid) {
        return Some(d);
    }
    match SignatureAlgorithmAsDigest::of(ai) {
        Some(SignatureAlgorithmAsDigest::Hashed(d)) => {
            acc.find(
                Finding::new(
                    MessageId::DigestAlgorithmIsSignatureAlgorithm,
                    Severity::Warning,
                )
                .with("alg", alg_name(ai))
                .with("digest", d.name()),
            );
            Some(d)
        }
        Some(SignatureAlgorithmAsDigest::Unhashed) => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::DigestAlgorithmWithoutHash).with("alg", alg_name(ai)),
            );
            None
        }
        None => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm).with("alg", alg_name(ai)),
            );
            None
        }
    }
}

fn verify_signer(
    ctx: &Ctx<'_, '_>,
    index: usize,
    si: &ParsedSignerInfo<'_>,
    content: &mut Content<'_>,
    role: Role,
    depth: usize,
) -> SignerReport {
    let opts = ctx.opts;
    let crypto = opts.crypto;
    let mut acc = Acc {
        verdict: Verdict::new(),
        checks: Vec::new(),
        findings: Vec::new(),
    };
    acc.find(
        Finding::new(MessageId::SignerIdentifiedBy, Severity::Info)
            .with("sid", parse::signer_identifier(&si.sid).to_string()),
    );

    // --- Algorithms (RFC 5652 §5.3 digestAlgorithm / signatureAlgorithm).
    let digest = signer_digest(&mut acc, &si.digest_algorithm);
    let scheme = match SignatureScheme::from_algorithm_identifier(&si.signature_algorithm, digest) {
        Ok(s) => Some(s),
        // A bare key algorithm (rsaEncryption, …) takes its hash from digestAlgorithm, whose
        // problem `signer_digest` has already reported: naming the key algorithm "unsupported"
        // too would point the reader at the wrong field.
        Err(CryptoError::InvalidParameters { .. })
            if digest.is_none() && needs_digest_hint(&si.signature_algorithm.oid) =>
        {
            None
        }
        Err(CryptoError::InvalidParameters { .. }) if digest.is_some() => {
            acc.failed(
                "format",
                SubIndication::FormatFailure,
                err(MessageId::InvalidAlgorithmParameters)
                    .with("alg", alg_name(&si.signature_algorithm)),
            );
            None
        }
        Err(_) => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm).with("alg", alg_name(&si.signature_algorithm)),
            );
            None
        }
    };

    // --- Signed attributes: structure (RFC 5652 §5.3, §11).
    if let Some(sa) = &si.signed_attrs {
        check_content_type(ctx, &mut acc, sa.all(&oid::ID_CONTENT_TYPE), role);
    } else {
        acc.find(Finding::new(
            MessageId::UnprotectedSignedAttributes,
            Severity::Info,
        ));
        acc.check("content-type", CheckStatus::NotApplicable);
    }

    // --- ISC: find the signer's certificate (EN 319 102-1 §5.2.3).
    let candidates: Vec<&Certificate> = ctx.pool.iter().filter(|c| si.sid.matches(c)).collect();
    let message = si.signed_attrs.as_ref().map(|sa| sa.signed_bytes());
    let cert = pick_candidate(
        &candidates,
        scheme,
        message.as_deref().or(content.bytes()),
        &si.signature,
        crypto,
    );
    match cert {
        Some(_) => acc.check("signer-certificate", CheckStatus::Passed),
        None => acc.undecided(
            "signer-certificate",
            SubIndication::NoSigningCertificateFound,
            err(MessageId::SignerCertNotFound),
        ),
    }
    if let (Some(sa), Some(cert)) = (&si.signed_attrs, cert) {
        check_signing_certificate(&mut acc, sa, cert, crypto);
    }

    // --- CV: message digest (RFC 5652 §5.4, §11.2), then signature (§5.6).
    if let Some(sa) = &si.signed_attrs {
        check_message_digest(
            &mut acc,
            sa.all(&oid::ID_MESSAGE_DIGEST),
            digest,
            content,
            crypto,
        );
        check_algorithm_protection(&mut acc, sa.all(&oid::ID_AA_CMS_ALGORITHM_PROTECTION), si);
    } else {
        acc.check("message-digest", CheckStatus::NotApplicable);
    }
    let mut key_type = None;
    match (cert, scheme) {
        (Some(cert), Some(scheme)) => {
            let inherited = inherit_dsa_parameters(cert, ctx.pool);
            let spki = inherited.as_ref().unwrap_or(cert.public_key_info());
            // The key is read once: an unreadable key (e.g. an RSA modulus encoded as a
            // negative INTEGER, which RFC 8017 §A.1.1 and RFC 3279 §2.3.1 make a positive
            // one) is one finding, not one per check that needs the key.
            let key = crypto.key_type(spki);
            // Without signed attributes the signature covers the content itself (§5.4).
            let signed: Option<&[u8]> = match &message {
                Some(m) => Some(m),
                None => content.bytes(),
            };
            match signed {
                Some(_) if matches!(key, Err(CryptoError::InvalidPublicKey)) => acc.undecided(
                    "signature",
                    SubIndication::CryptoConstraintsFailure,
                    err(MessageId::InvalidPublicKey),
                ),
                None => {
                    let f = match content.source {
                        Source::Digests(_) => err(MessageId::ContentNeeded),
                        _ => err(MessageId::CmsNoContent),
                    };
                    acc.undecided("signature", SubIndication::SignedDataNotFound, f);
                }
                Some(m) => match crypto.verify(scheme, spki, m, &si.signature) {
                    Ok(()) => acc.check("signature", CheckStatus::Passed),
                    Err(CryptoError::UnsupportedAlgorithm { oid }) => acc.undecided(
                        "signature",
                        SubIndication::CryptoConstraintsFailure,
                        err(MessageId::UnsupportedAlgorithm).with("alg", oid),
                    ),
                    Err(CryptoError::InvalidPublicKey) => acc.undecided(
                        "signature",
                        SubIndication::CryptoConstraintsFailure,
                        err(MessageId::InvalidPublicKey),
                    ),
                    Err(_) => acc.failed(
                        "signature",
                        SubIndication::SigCryptoFailure,
                        err(MessageId::SignatureInvalid),
                    ),
                },
            }
            // --- SAV: algorithm policy (EN 319 102-1 §5.2.8, cryptographic constraints).
            match key {
                Ok(kt) => {
                    key_type = Some(kt);
                    let v = opts.policy.algorithms.check(scheme, kt);
                    let d = digest.map(|d| opts.policy.algorithms.check_digest(Some(d)));
                    apply_algorithm_verdict(&mut acc, v, scheme.name());
                    // The message-digest algorithm too, when the scheme hashes with another one.
                    if let (Some(d), Some(dv)) = (digest, d)
                        && d != scheme.digest()
                    {
                        apply_algorithm_verdict(&mut acc, dv, d.name());
                    }
                }
                // Already said by the signature check.
                Err(CryptoError::InvalidPublicKey) if signed.is_some() => {
                    acc.check("algorithm-policy", CheckStatus::Indeterminate)
                }
                Err(_) => acc.undecided(
                    "algorithm-policy",
                    SubIndication::CryptoConstraintsFailure,
                    err(MessageId::InvalidPublicKey),
                ),
            }
        }
        (None, Some(_)) => acc.check("signature", CheckStatus::Indeterminate),
        (_, None) => acc.check("signature", CheckStatus::Indeterminate),
    }

    // --- SAV: signing-time (RFC 5652 §11.3), a signature-constraint after the cryptographic
    // ones (EN 319 102-1 §5.2.8).
    let claimed_signing_time = match &si.signed_attrs {
        Some(sa) => check_signing_time(&mut acc, sa.all(&oid::ID_SIGNING_TIME), &opts.policy),
        None => {
            if opts.policy.require_signing_time {
                acc.undecided(
                    "signing-time",
                    SubIndication::SigConstraintsFailure,
                    err(MessageId::NoSigningTime),
                );
            }
            None
        }
    };

    // RFC 5652 §11.3: "The signing-time attribute MUST be a signed attribute", and ETSI
    // EN 319 102-1 §5.2.8 takes the claimed signing time from the signed attributes only. An
    // unsigned one is not protected by the signature, so anyone could have put it there: it is
    // never the claimed signing time (`claimed_signing_time` above reads the signed attributes
    // only) and never the validation time. It does not make the signature itself invalid —
    // the signature still verifies over what the signer did sign, and the unsigned attributes
    // are outside it (§5.3) — so the indication stays what the signed content decides and the
    // reader is warned.
    if si
        .unsigned_attrs
        .iter()
        .any(|a| a.oid == oid::ID_SIGNING_TIME)
    {
        acc.find(Finding::new(
            MessageId::SigningTimeUnsigned,
            Severity::Warning,
        ));
    }

    // A claimed signing time after the verifier's clock cannot be true; it is never used as
    // the validation time (see `path::validation_time`) and the reader is told why.
    if let Some(t) = claimed_signing_time
        && crate::path::is_after_now(&t, &opts.now, &opts.policy)
    {
        acc.find(
            Finding::new(MessageId::SigningTimeInFuture, Severity::Warning)
                .with("time", crate::time::vietnam_iso8601(&t)),
        );
    }

    // --- Counter-signatures (RFC 5652 §11.4): each signs this signer's signature value.
    let mut counter_signatures = Vec::new();
    let counter_values: Vec<&Tlv<'_>> = si
        .unsigned_attrs
        .iter()
        .filter(|a| a.oid == oid::ID_COUNTERSIGNATURE)
        .flat_map(|a| a.values.iter())
        .collect();
    if !counter_values.is_empty() && depth >= opts.limits.max_counter_signature_depth {
        acc.find(Finding::new(
            MessageId::CmsCounterSignaturesTooDeep,
            Severity::Error,
        ));
    } else {
        for (ci, v) in counter_values.into_iter().enumerate() {
            let left = ctx.counter_signatures_left.get();
            if left == 0 {
                acc.find(Finding::new(
                    MessageId::CmsTooManySignatures,
                    Severity::Error,
                ));
                break;
            }
            ctx.counter_signatures_left.set(left.saturating_sub(1));
            let cs = match parse_signer_info(v, &opts.limits) {
                Ok(csi) => {
                    let mut parent = Content {
                        source: Source::Bytes(&si.signature),
                        cache: Vec::new(),
                    };
                    verify_signer(
                        ctx,
                        ci,
                        &csi,
                        &mut parent,
                        Role::CounterSigner,
                        depth.saturating_add(1),
                    )
                }
                Err(e) => malformed_signer(ci, &CmsError::from(e)),
            };
            if cs.indication != Indication::TotalPassed {
                // A counter-signature vouches for this signature; its failure does not change
                // whether this signature itself is valid (EN 319 102-1 validates each
                // signature on its own), so it is reported, not folded.
                acc.find(counter_signature_finding(ci.saturating_add(1), &cs));
            }
            counter_signatures.push(cs);
        }
    }

    // --- Chain (EN 319 102-1 §5.2.6 through the ChainValidator seam).
    let mut chain = None;
    if let Some(cert) = cert {
        let policy = &opts.policy;
        if policy.danger_skip_chain_validation {
            acc.check("chain", CheckStatus::Skipped);
            acc.find(Finding::new(MessageId::ChainSkipped, Severity::Warning));
        } else if let Some(validator) = opts.chain_validator {
            // Issue 3 items 5 and 8: the signer's certificate is validated at the time the
            // policy names — for vn_gov() the signing time (a verified time-stamp once TSP
            // lands, else the claimed signing-time it trusts), for strict() now — and the
            // report says which time and why (ChainReport.time_used, chain.time-used).
            let time = crate::path::validation_time(policy, opts.now, None, claimed_signing_time);
            let context = ChainContext::new(policy, crypto, opts.now, ctx.message_evidence);
            let cr = validator.validate_in_context(
                cert,
                ctx.pool,
                KeyPurpose::DocumentSigning,
                &time,
                &context,
            );
            let status = match cr.indication {
                Indication::TotalPassed => CheckStatus::Passed,
                Indication::TotalFailed => CheckStatus::Failed,
                Indication::Indeterminate => CheckStatus::Indeterminate,
            };
            acc.check("chain", status);
            acc.verdict.fold(cr.indication, cr.sub_indication);
            chain = Some(cr);
        } else {
            acc.undecided(
                "chain",
                SubIndication::NoCertificateChainFound,
                err(MessageId::ChainNotValidated),
            );
        }
    } else {
        acc.check("chain", CheckStatus::NotApplicable);
    }

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
    }
}

/// The parent signer's finding for a counter-signature that did not pass, numbered as the
/// report numbers it (from 1), saying which RFC 5652 §11.4 requirement failed: the signature
/// value, the message-digest over the countersigned signature value, a required attribute, or a
/// content-type attribute §11.4 forbids. Other failures keep the general sentence; the
/// counter-signature's own findings give the detail.
fn counter_signature_finding(number: usize, cs: &SignerReport) -> Finding {
    let failed = cs.indication == Indication::TotalFailed;
    let reason = cs.findings.iter().find_map(|f| match f.code {
        MessageId::MessageDigestMismatch if failed => {
            Some(err(MessageId::CounterSignatureDigestMismatch))
        }
        MessageId::SignatureInvalid if failed => {
            Some(err(MessageId::CounterSignatureSignatureInvalid))
        }
        MessageId::CounterSignatureContentType if failed => {
            Some(err(MessageId::CounterSignatureHasContentType))
        }
        MessageId::MissingSignedAttribute if failed => {
            let attribute = f
                .params
                .iter()
                .find(|(k, _)| k == "attribute")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            Some(err(MessageId::CounterSignatureMissingAttribute).with("attribute", attribute))
        }
        MessageId::SignerCertNotFound if !failed => {
            Some(err(MessageId::CounterSignatureSignerNotFound))
        }
        _ => None,
    });
    let generic = if failed {
        MessageId::CounterSignatureInvalid
    } else {
        MessageId::CounterSignatureIndeterminate
    };
    let f = reason.unwrap_or_else(|| err(generic));
    Finding {
        severity: Severity::Warning,
        ..f
    }
    .with("index", number.to_string())
}

/// `id-dsa` (RFC 3279 §2.3.2).
const ID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
/// `id-dsa-with-sha1` (RFC 3279 §2.2.2) and `id-dsa-with-sha224/256/384/512` (RFC 5758 §3.1).
const DSA_SIGNATURES: [ObjectIdentifier; 5] = [
    ObjectIdentifier::new_unwrap("1.2.840.10040.4.3"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.1"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.2"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.3"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.4"),
];

/// RFC 3279 §2.3.2: "If the DSA algorithm parameters are absent from the subjectPublicKeyInfo
/// AlgorithmIdentifier and the CA signed the subject certificate using DSA, then the
/// certificate issuer's DSA parameters apply to the subject's DSA key." (RFC 4134 §4.6's second
/// signer, Diane, relies on it.) Returns the key with the issuer's parameters filled in, or
/// `None` when nothing is inherited.
fn inherit_dsa_parameters(
    cert: &Certificate,
    pool: &[Certificate],
) -> Option<spki::SubjectPublicKeyInfoOwned> {
    let mut current = cert;
    let spki = cert.public_key_info();
    if spki.algorithm.oid != ID_DSA || spki.algorithm.parameters.is_some() {
        return None;
    }
    // Walk up at most a few issuers (parameters may themselves be inherited).
    for _ in 0..4 {
        if !DSA_SIGNATURES.contains(&current.x509().signature_algorithm().oid) {
            return None;
        }
        let issuer = pool.iter().find(|c| {
            crate::name::names_match(c.subject_name(), current.issuer_name()) && *c != current
        })?;
        let ik = issuer.public_key_info();
        if ik.algorithm.oid != ID_DSA {
            return None;
        }
        if let Some(params) = &ik.algorithm.parameters {
            let mut out = spki.clone();
            out.algorithm.parameters = Some(params.clone());
            return Some(out);
        }
        current = issuer;
    }
    None
}

/// Among certificates matching the sid, the one whose key verifies the signature; else the
/// first. Several can match when a message carries two certificates with the same issuer and
/// serial (a mis-issuing CA, or an attacker's substitute): the key decides, never the order.
fn pick_candidate<'c>(
    candidates: &[&'c Certificate],
    scheme: Option<SignatureScheme>,
    message: Option<&[u8]>,
    signature: &[u8],
    crypto: &dyn CryptoProvider,
) -> Option<&'c Certificate> {
    if candidates.len() > 1
        && let (Some(scheme), Some(m)) = (scheme, message)
    {
        for c in candidates.iter().take(16) {
            if crypto
                .verify(scheme, c.public_key_info(), m, signature)
                .is_ok()
            {
                return Some(c);
            }
        }
    }
    candidates.first().copied()
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
    }
}

fn apply_algorithm_verdict(acc: &mut Acc, v: AlgorithmVerdict, name: &str) {
    match v {
        AlgorithmVerdict::Accepted => acc.check("algorithm-policy", CheckStatus::Passed),
        AlgorithmVerdict::AcceptedWeak => {
            acc.check("algorithm-policy", CheckStatus::Passed);
            acc.find(Finding::new(MessageId::WeakAlgorithm, Severity::Warning).with("alg", name));
        }
        AlgorithmVerdict::KeyTooSmall { bits, min } => acc.undecided(
            "algorithm-policy",
            SubIndication::CryptoConstraintsFailure,
            err(MessageId::KeyTooSmall)
                .with("bits", bits.to_string())
                .with("min", min.to_string()),
        ),
        _ => acc.undecided(
            "algorithm-policy",
            SubIndication::CryptoConstraintsFailure,
            err(MessageId::AlgorithmNotAllowed).with("alg", name),
        ),
    }
}

/// The single value of an attribute that must occur at most once with exactly one value
/// (RFC 5652 §5.3: content-type, message-digest, signing-time "MUST NOT" have multiple
/// instances; §11.1–§11.3 "MUST have a single attribute value").
fn single<'v, 'a>(attrs: &[&'v RawAttribute<'a>]) -> Result<Option<&'v Tlv<'a>>, ()> {
    match attrs {
        [] => Ok(None),
        [a] => match a.values.as_slice() {
            [v] => Ok(Some(v)),
            _ => Err(()),
        },
        _ => Err(()),
    }
}

fn attr_malformed(acc: &mut Acc, check: &str, attribute: &str) {
    acc.failed(
        check,
        SubIndication::FormatFailure,
        err(MessageId::AttributeMalformed).with("attribute", attribute),
    );
}

/// RFC 5652 §11.1: with signed attributes, content-type MUST be present and equal eContentType
/// (§5.6 "MUST match"); a counter-signature MUST NOT have one (§11.4).
fn check_content_type(ctx: &Ctx<'_, '_>, acc: &mut Acc, attrs: Vec<&RawAttribute<'_>>, role: Role) {
    if role == Role::CounterSigner {
        if attrs.is_empty() {
            acc.check("content-type", CheckStatus::NotApplicable);
        } else {
            acc.failed(
                "content-type",
                SubIndication::FormatFailure,
                err(MessageId::CounterSignatureContentType),
            );
        }
        return;
    }
    match single(&attrs) {
        Err(()) => attr_malformed(acc, "content-type", "content-type"),
        Ok(None) => acc.failed(
            "content-type",
            SubIndication::FormatFailure,
            err(MessageId::MissingSignedAttribute).with("attribute", "content-type"),
        ),
        Ok(Some(v)) => match ObjectIdentifier::from_der(v.raw) {
            Ok(o) if o == ctx.econtent_type => acc.check("content-type", CheckStatus::Passed),
            Ok(o) => acc.failed(
                "content-type",
                SubIndication::FormatFailure,
                err(MessageId::ContentTypeMismatch)
                    .with("attribute", o.to_string())
                    .with("econtent", ctx.econtent_type.to_string()),
            ),
            Err(_) => attr_malformed(acc, "content-type", "content-type"),
        },
    }
}

/// RFC 5652 §11.3 signing-time: optional, single-valued, UTCTime or GeneralizedTime.
fn check_signing_time(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    policy: &ValidationPolicy,
) -> Option<DateTime> {
    match single(&attrs) {
        Err(()) => {
            attr_malformed(acc, "signing-time", "signing-time");
            None
        }
        Ok(None) => {
            if policy.require_signing_time {
                acc.undecided(
                    "signing-time",
                    SubIndication::SigConstraintsFailure,
                    err(MessageId::NoSigningTime),
                );
            } else {
                acc.check("signing-time", CheckStatus::NotApplicable);
            }
            None
        }
        Ok(Some(v)) => match x509_cert::time::Time::from_der(v.raw) {
            Ok(t) => {
                acc.check("signing-time", CheckStatus::Passed);
                Some(t.to_date_time())
            }
            Err(_) => {
                attr_malformed(acc, "signing-time", "signing-time");
                None
            }
        },
    }
}

/// RFC 5652 §11.2: message-digest MUST be present with signed attributes and equal the digest
/// of the content. Mismatch is TOTAL-FAILED HASH_FAILURE (EN 319 102-1 §5.2.7.4).
fn check_message_digest(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    digest: Option<DigestAlgorithm>,
    content: &mut Content<'_>,
    crypto: &dyn CryptoProvider,
) {
    let v = match single(&attrs) {
        Err(()) => return attr_malformed(acc, "message-digest", "message-digest"),
        Ok(None) => {
            return acc.failed(
                "message-digest",
                SubIndication::FormatFailure,
                err(MessageId::MissingSignedAttribute).with("attribute", "message-digest"),
            );
        }
        Ok(Some(v)) => v,
    };
    let Ok(claimed) = der::asn1::OctetString::from_der(v.raw) else {
        return attr_malformed(acc, "message-digest", "message-digest");
    };
    let Some(alg) = digest else {
        return acc.check("message-digest", CheckStatus::Indeterminate);
    };
    match content.digest(alg, crypto) {
        DigestOutcome::Digest(d) if d.as_slice() == claimed.as_bytes() => {
            acc.check("message-digest", CheckStatus::Passed)
        }
        DigestOutcome::Digest(_) => acc.failed(
            "message-digest",
            SubIndication::HashFailure,
            err(MessageId::MessageDigestMismatch),
        ),
        DigestOutcome::NoContent => acc.undecided(
            "message-digest",
            SubIndication::SignedDataNotFound,
            err(MessageId::CmsNoContent),
        ),
        DigestOutcome::NotSupplied => acc.undecided(
            "message-digest",
            SubIndication::SignedDataNotFound,
            err(MessageId::DigestNotSupplied).with("alg", alg.name()),
        ),
    }
}

/// ESS signing-certificate (RFC 2634 §5.4, SHA-1) and signing-certificate-v2 (RFC 5035 §3):
/// the first ESSCertID names the signing certificate by hash (and optionally issuer/serial).
///
/// A mismatch is TOTAL-FAILED FORMAT_FAILURE: EN 319 102-1 §5.2.3.4 (ISC) fails the
/// signature when the signed reference does not match the certificate used, and the EU DSS
/// reference implementation of that block reports a certificate-digest mismatch as
/// INVALID/FORMAT_FAILURE (`DigestValueMatchCheck`). kyso treats an issuerSerial that
/// contradicts a matching hash the same way (the signed attribute is self-contradictory).
fn check_signing_certificate(
    acc: &mut Acc,
    sa: &parse::SignedAttrs<'_>,
    cert: &Certificate,
    crypto: &dyn CryptoProvider,
) {
    let v2 = sa.all(&oid::ID_AA_SIGNING_CERTIFICATE_V2);
    let v1 = sa.all(&oid::ID_AA_SIGNING_CERTIFICATE);
    if v1.is_empty() && v2.is_empty() {
        acc.check("signing-certificate", CheckStatus::NotApplicable);
        return;
    }
    let mut ok = true;
    for (attrs, name, is_v2) in [
        (v2, "signing-certificate-v2", true),
        (v1, "signing-certificate", false),
    ] {
        if attrs.is_empty() {
            continue;
        }
        let Ok(Some(v)) = single(&attrs) else {
            attr_malformed(acc, "signing-certificate", name);
            ok = false;
            continue;
        };
        let first = if is_v2 {
            super::attr::SigningCertificateV2::from_der(v.raw)
                .ok()
                .and_then(|s| s.certs.into_iter().next())
                .map(|id| (Some(id.hash_algorithm()), id.cert_hash, id.issuer_serial))
        } else {
            super::attr::SigningCertificate::from_der(v.raw)
                .ok()
                .and_then(|s| s.certs.into_iter().next())
                .map(|id| (None, id.cert_hash, id.issuer_serial))
        };
        let Some((hash_alg, cert_hash, issuer_serial)) = first else {
            attr_malformed(acc, "signing-certificate", name);
            ok = false;
            continue;
        };
        let alg = match &hash_alg {
            None => Some(DigestAlgorithm::Sha1),
            Some(ai) => DigestAlgorithm::from_oid(&ai.oid),
        };
        let Some(alg) = alg else {
            acc.undecided(
                "signing-certificate",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm)
                    .with("alg", hash_alg.as_ref().map(alg_name).unwrap_or_default()),
            );
            ok = false;
            continue;
        };
        if crypto.digest(alg, cert.der()) != cert_hash.as_bytes() {
            acc.failed(
                "signing-certificate",
                SubIndication::FormatFailure,
                err(MessageId::SigningCertificateMismatch),
            );
            ok = false;
            continue;
        }
        if let Some(is) = issuer_serial
            && !is.matches(cert)
        {
            acc.failed(
                "signing-certificate",
                SubIndication::FormatFailure,
                err(MessageId::SigningCertificateIssuerSerialMismatch),
            );
            ok = false;
        }
    }
    if ok {
        acc.check("signing-certificate", CheckStatus::Passed);
    }
}

/// RFC 6211 §3: CMSAlgorithmProtection's digestAlgorithm and signatureAlgorithm must equal the
/// SignerInfo's, else "the signature validation MUST fail" (TOTAL-FAILED SIG_CRYPTO_FAILURE:
/// the signature is not a valid one under the algorithms the signer declared). Absent and NULL
/// parameters compare equal (RFC 4055 §2.1 and RFC 5754 §2 allow both for SHA-2).
fn check_algorithm_protection(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    si: &ParsedSignerInfo<'_>,
) {
    let v = match single(&attrs) {
        Err(()) => return attr_malformed(acc, "algorithm-protection", "cms-algorithm-protection"),
        Ok(None) => return acc.check("algorithm-protection", CheckStatus::NotApplicable),
        Ok(Some(v)) => v,
    };
    let Ok(ap) = super::attr::CmsAlgorithmProtection::from_der(v.raw) else {
        return attr_malformed(acc, "algorithm-protection", "cms-algorithm-protection");
    };
    let sig_ok = ap
        .signature_algorithm
        .as_ref()
        .is_some_and(|s| same_algorithm(s, &si.signature_algorithm));
    if same_algorithm(&ap.digest_algorithm, &si.digest_algorithm)
        && sig_ok
        && ap.mac_algorithm.is_none()
    {
        acc.check("algorithm-protection", CheckStatus::Passed);
    } else {
        acc.failed(
            "algorithm-protection",
            SubIndication::SigCryptoFailure,
            err(MessageId::AlgorithmProtectionMismatch),
        );
    }
}

fn same_algorithm(a: &AlgorithmIdentifierOwned, b: &AlgorithmIdentifierOwned) -> bool {
    let norm = |p: &Option<der::Any>| p.as_ref().filter(|p| p.tag() != der::Tag::Null).cloned();
    a.oid == b.oid && norm(&a.parameters) == norm(&b.parameters)
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
        let tiny = opts.clone().with_limits(Limits {
            max_input_len: 4,
            ..Limits::default()
        });
        let r = verify(&[0x30, 0x03, 0x02, 0x01, 0x01], None, &tiny);
        assert_eq!(
            (r.indication, r.sub_indication),
            (Indication::Indeterminate, Some(SubIndication::GenericError))
        );
    }
}
