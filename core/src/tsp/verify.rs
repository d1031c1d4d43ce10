//! Verification of one time-stamp token (RFC 3161 §2.4.2 and §4, RFC 5816): the TSA's CMS
//! signature through the CMS pipeline (certificate for id-kp-timeStamping at genTime, with
//! revocation), then the TSTInfo against what it claims to time-stamp.

use der::asn1::ObjectIdentifier;
use serde::Serialize;
use x509_cert::ext::pkix::name::GeneralName;

use super::token::{self, TokenInfo};
use crate::cert::{Certificate, hex_upper};
use crate::cms::parse::{malformed_finding, parse_content_info, unarmor};
use crate::cms::verify::{Verdict, verify};
use crate::cms::{CmsError, VerifyOptions};
use crate::crypto::DigestAlgorithm;
use crate::i18n::MessageId;
use crate::oid;
use crate::report::{
    CheckStatus, Finding, Indication, Severity, SignerReport, SubIndication, ser_opt_time,
};
use crate::revocation::RevocationEvidence;
use crate::time::DateTime;

/// What a time-stamp vouches for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimestampKind {
    /// A token on its own, as a TSA answered it.
    Token,
    /// id-aa-signatureTimeStampToken on a CMS signer: its signature value existed at genTime
    /// (RFC 3161 Appendix A; ETSI EN 319 122-1 §5.3, CAdES B-T).
    Signature,
    /// A PDF document time-stamp (SubFilter ETSI.RFC3161; ETSI EN 319 142-1 §5.4.3).
    Document,
    /// archive-time-stamp-v3 on a CMS signer: its signature, content and the validation
    /// data indexed in the token existed at genTime (ETSI EN 319 122-1 §5.5.3, CAdES B-LTA).
    Archive,
}

/// The verification of one time-stamp token: what the TSA said (genTime, accuracy, policy,
/// serial, its name), the TSA's signature and chain, and how the token matched what it should
/// time-stamp. JSON field names are stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TimestampReport {
    pub kind: TimestampKind,
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// genTime to the second (the instant the token proves), when the token could be read.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_time"
    )]
    pub gen_time: Option<DateTime>,
    /// genTime as the TSA wrote it (fractions of a second kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gen_time_exact: Option<String>,
    /// The TSA's stated accuracy, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_micros: Option<u64>,
    pub ordering: bool,
    /// The TSA policy (dotted OID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imprint_algorithm: Option<String>,
    /// The TSTInfo `tsa` field, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tsa_name: Option<String>,
    /// The TSA's signature, certificate and chain (validated at genTime).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tsa: Option<SignerReport>,
    pub findings: Vec<Finding>,
}

impl TimestampReport {
    fn new(kind: TimestampKind) -> Self {
        Self {
            kind,
            indication: Indication::TotalFailed,
            sub_indication: Some(SubIndication::FormatFailure),
            gen_time: None,
            gen_time_exact: None,
            accuracy_micros: None,
            ordering: false,
            policy: None,
            serial: None,
            imprint_algorithm: None,
            tsa_name: None,
            tsa: None,
            findings: Vec::new(),
        }
    }

    /// A report for a TSA answer that holds no token: a refusal (with its status, the TSA's
    /// text and failure bits) or an unreadable answer. Never a pass.
    pub(crate) fn without_token(finding: Finding) -> Self {
        let mut r = Self::new(TimestampKind::Token);
        r.indication = Indication::Indeterminate;
        r.sub_indication = Some(SubIndication::GenericError);
        r.findings.push(finding);
        r
    }

    /// Whether the token verified: the time it proves can be relied on.
    pub fn passed(&self) -> bool {
        self.indication == Indication::TotalPassed
    }

    /// The report as text in `lang` (the same on every surface).
    pub fn to_text(&self, lang: crate::i18n::Lang) -> String {
        let mut out = String::new();
        crate::i18n::render_timestamp(&mut out, self, 0, lang, "");
        out
    }

    /// JSON with stable field names.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// What the token is expected to time-stamp.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Imprinted<'a> {
    /// The time-stamped data itself; hashed with the token's imprint algorithm.
    Bytes(&'a [u8]),
    /// Digests of the time-stamped data computed by the caller.
    Digests(&'a [(DigestAlgorithm, Vec<u8>)]),
    /// The time-stamped data could not be rebuilt (an archive time-stamp whose hash index or
    /// covered data is gone): said with this finding; FORMAT_FAILURE and HASH_FAILURE fail the
    /// token, other sub-indications leave it undecided.
    Unavailable(MessageId, SubIndication),
}

/// What a token must match besides the data: the request's nonce and policy, when the token
/// is a fresh answer to kyso's own request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expectation<'a> {
    pub data: Imprinted<'a>,
    pub nonce: Option<&'a [u8]>,
    pub policy: Option<&'a ObjectIdentifier>,
}

impl<'a> Expectation<'a> {
    pub(crate) fn of(data: Imprinted<'a>) -> Self {
        Self {
            data,
            nonce: None,
            policy: None,
        }
    }
}

/// Verifies the token `token` (a ContentInfo, DER or BER, or PEM-armoured) of kind `kind`.
/// `options` are the surrounding verification's; the token's own chain is validated for
/// id-kp-timeStamping at its genTime, with the revocation evidence `inherited` (the enclosing
/// message's) beside the token's own. Never fails: problems are in the report.
pub(crate) fn verify_token(
    token: &[u8],
    kind: TimestampKind,
    expectation: &Expectation<'_>,
    options: &VerifyOptions<'_>,
    inherited: Option<&RevocationEvidence>,
    certificates: &[Certificate],
) -> TimestampReport {
    let mut r = TimestampReport::new(kind);
    let der = match unarmor(token) {
        Ok(d) => d,
        Err(e) => {
            r.findings.push(malformed_finding(&e));
            return r;
        }
    };
    let sd = match parse_content_info(&der, &options.limits) {
        Ok(sd) => sd,
        Err(e) => {
            r.findings.push(match e {
                CmsError::NotSignedData { content_type } => {
                    Finding::new(MessageId::TspNotTstInfo, Severity::Error)
                        .with("content_type", content_type)
                }
                other => malformed_finding(&other),
            });
            return r;
        }
    };
    // RFC 3161 §2.4.2: eContentType id-ct-TSTInfo, eContent the DER TSTInfo.
    if sd.econtent_type != oid::ID_CT_TST_INFO {
        r.findings.push(
            Finding::new(MessageId::TspNotTstInfo, Severity::Error)
                .with("content_type", sd.econtent_type.to_string()),
        );
        return r;
    }
    let Some(info) = sd
        .econtent
        .as_ref()
        .and_then(|c| token::read(c.bytes.as_ref()))
    else {
        r.findings
            .push(Finding::new(MessageId::TspBadTstInfo, Severity::Error));
        return r;
    };
    describe(&mut r, &info);
    let signer_count = sd.signer_infos.len();
    let token_certificates = sd.certificates.clone();
    drop(sd);

    let mut verdict = Verdict::new();
    // RFC 3161 §2.4.2: "The time-stamp token MUST NOT contain any signatures other than the
    // signature of the TSA."
    if signer_count != 1 {
        r.findings.push(
            Finding::new(MessageId::TspSignerCount, Severity::Error)
                .with("count", signer_count.to_string()),
        );
        verdict.fail(SubIndication::FormatFailure);
    }
    if info.version != 1 {
        r.findings.push(
            Finding::new(MessageId::TspVersion, Severity::Error)
                .with("version", info.version.to_string()),
        );
        verdict.fail(SubIndication::FormatFailure);
    }

    // The TSA's signature as a CMS signer of its own, its certificate validated for
    // id-kp-timeStamping at genTime (shared/brief/pdf-ltv-login.md T7: not now).
    let tsa_options = options.for_timestamp_token(info.gen_time, inherited, certificates);
    let cms = verify(&der, None, &tsa_options);
    r.findings.extend(cms.findings);
    verdict.fold(cms.indication, cms.sub_indication);
    let tsa = cms.signers.into_iter().next();
    if let Some(tsa) = &tsa {
        // RFC 3161 §2.4.1 and RFC 5816 §2.2.1: the TSA's SignerInfo MUST carry ESS
        // signing-certificate(-v2), binding the token to the certificate that signed it.
        let bound = tsa
            .checks
            .iter()
            .any(|(name, s)| name == "signing-certificate" && *s != CheckStatus::NotApplicable);
        // (Checked once the certificate is found: without it the signer is already
        // INDETERMINATE NO_SIGNING_CERTIFICATE_FOUND and the binding cannot be evaluated.)
        if !bound && tsa.certificate.is_some() {
            r.findings.push(Finding::new(
                MessageId::TspNoSigningCertificate,
                Severity::Error,
            ));
            verdict.fail(SubIndication::FormatFailure);
        }
        let candidates: Vec<Certificate> = token_certificates
            .iter()
            .chain(certificates)
            .cloned()
            .collect();
        check_tsa_name(&mut r, &mut verdict, &info, tsa, &candidates, options);
    }
    r.tsa = tsa;

    check_imprint(&mut r, &mut verdict, &info, expectation, options);
    check_nonce_and_policy(&mut r, &mut verdict, &info, expectation);
    // A genTime after now is a false token or a wrong clock: not a proof of existence.
    if crate::path::is_after_now(&info.gen_time, &options.now, &options.policy) {
        r.findings.push(
            Finding::new(MessageId::TspInFuture, Severity::Error)
                .with("time", crate::time::rfc3339(&info.gen_time)),
        );
        verdict.indeterminate(SubIndication::GenericError);
    }
    r.indication = verdict.indication;
    r.sub_indication = verdict.sub;
    r
}

fn describe(r: &mut TimestampReport, info: &TokenInfo) {
    r.gen_time = Some(info.gen_time);
    r.gen_time_exact = Some(info.gen_time_text.clone());
    r.accuracy_micros = info.accuracy_micros;
    r.ordering = info.ordering;
    r.policy = Some(info.policy.to_string());
    r.serial = Some(info.serial.clone());
    r.imprint_algorithm = Some(match info.imprint_digest {
        Some(d) => d.name().to_owned(),
        None => info.imprint_algorithm.to_string(),
    });
    r.tsa_name = info.tsa.as_ref().map(general_name_text);
}

fn general_name_text(n: &GeneralName) -> String {
    match n {
        GeneralName::DirectoryName(name) => crate::cert::DistinguishedName(name).to_string(),
        GeneralName::UniformResourceIdentifier(u) => u.to_string(),
        GeneralName::DnsName(d) => d.to_string(),
        GeneralName::Rfc822Name(m) => m.to_string(),
        _ => "?".to_owned(),
    }
}

/// RFC 3161 §2.4.2: the `tsa` field, when present, "MUST correspond to one of the subject
/// names included in the certificate that is to be used to verify the token". A directory
/// name is compared with the subject (RFC 5280 §7.1 rules); other forms with the
/// subjectAltName entries.
fn check_tsa_name(
    r: &mut TimestampReport,
    verdict: &mut Verdict,
    info: &TokenInfo,
    tsa: &SignerReport,
    token_certificates: &[Certificate],
    options: &VerifyOptions<'_>,
) {
    let Some(name) = &info.tsa else {
        return;
    };
    let Some(sha256) = tsa.certificate.as_ref().map(|c| c.sha256.clone()) else {
        return;
    };
    let crypto = options.crypto;
    let cert = token_certificates.iter().find(|c| {
        hex_upper(&crypto.digest(DigestAlgorithm::Sha256, c.der())).eq_ignore_ascii_case(&sha256)
    });
    let Some(cert) = cert else {
        return;
    };
    let matches = match name {
        GeneralName::DirectoryName(n) => crate::name::names_match(n, cert.subject_name()),
        other => cert
            .subject_alt_name()
            .ok()
            .flatten()
            .is_some_and(|(_, san)| san.0.iter().any(|g| g == other)),
    };
    if !matches {
        r.findings.push(
            Finding::new(MessageId::TspNameMismatch, Severity::Error)
                .with("tsa", general_name_text(name))
                .with("subject", cert.subject().to_string()),
        );
        verdict.indeterminate(SubIndication::SigConstraintsFailure);
    }
}

/// RFC 3161 §2.4.2 messageImprint: the hash of the time-stamped data, with an algorithm the
/// policy accepts (SHA-1 only under the legacy gate, reported as weak).
fn check_imprint(
    r: &mut TimestampReport,
    verdict: &mut Verdict,
    info: &TokenInfo,
    expectation: &Expectation<'_>,
    options: &VerifyOptions<'_>,
) {
    let Some(alg) = info.imprint_digest else {
        r.findings.push(
            Finding::new(MessageId::TspImprintUnsupported, Severity::Error)
                .with("alg", info.imprint_algorithm.to_string()),
        );
        verdict.indeterminate(SubIndication::CryptoConstraintsFailure);
        return;
    };
    if alg == DigestAlgorithm::Sha1 {
        if options.policy.algorithms.allow_sha1_legacy {
            r.findings.push(
                Finding::new(MessageId::TspImprintWeak, Severity::Warning).with("alg", alg.name()),
            );
        } else {
            r.findings.push(
                Finding::new(MessageId::TspImprintUnsupported, Severity::Error)
                    .with("alg", alg.name()),
            );
            verdict.indeterminate(SubIndication::CryptoConstraintsFailure);
            return;
        }
    }
    let expected = match expectation.data {
        Imprinted::Bytes(b) => Some(options.crypto.digest(alg, b)),
        Imprinted::Digests(list) => list.iter().find(|(a, _)| *a == alg).map(|(_, d)| d.clone()),
        Imprinted::Unavailable(id, sub) => {
            r.findings.push(Finding::new(id, Severity::Error));
            match sub {
                SubIndication::FormatFailure | SubIndication::HashFailure => verdict.fail(sub),
                other => verdict.indeterminate(other),
            }
            return;
        }
    };
    match expected {
        Some(e) if e == info.imprint => {}
        Some(_) => {
            r.findings
                .push(Finding::new(MessageId::TspImprintMismatch, Severity::Error));
            verdict.fail(SubIndication::HashFailure);
        }
        None => {
            r.findings.push(
                Finding::new(MessageId::DigestNotSupplied, Severity::Error).with("alg", alg.name()),
            );
            verdict.indeterminate(SubIndication::SignedDataNotFound);
        }
    }
}

/// RFC 3161 §2.4.2: the nonce "MUST be present if it was present in the TimeStampReq" and
/// equal; a requested policy must be the one granted. A token that is not the answer to the
/// request is not taken.
fn check_nonce_and_policy(
    r: &mut TimestampReport,
    verdict: &mut Verdict,
    info: &TokenInfo,
    expectation: &Expectation<'_>,
) {
    if let Some(nonce) = expectation.nonce {
        match &info.nonce {
            Some(n) if n.as_slice() == nonce => {}
            Some(_) => {
                r.findings
                    .push(Finding::new(MessageId::TspNonceMismatch, Severity::Error));
                verdict.indeterminate(SubIndication::SigConstraintsFailure);
            }
            None => {
                r.findings
                    .push(Finding::new(MessageId::TspNonceMissing, Severity::Error));
                verdict.indeterminate(SubIndication::SigConstraintsFailure);
            }
        }
    }
    if let Some(policy) = expectation.policy
        && *policy != info.policy
    {
        r.findings.push(
            Finding::new(MessageId::TspPolicyMismatch, Severity::Error)
                .with("policy", info.policy.to_string())
                .with("expected", policy.to_string()),
        );
        verdict.indeterminate(SubIndication::SigConstraintsFailure);
    }
}
