//! Validation reports (ETSI EN 319 102-1 §5.1.3 indications and sub-indications), shaped for
//! JSON (stable field names and string codes) and for people (messages in Vietnamese and
//! English from one catalogue, [`crate::i18n`]).

use serde::Serialize;

use crate::cert::Identity;
use crate::crypto::{DigestAlgorithm, KeyType, SignatureScheme};
use crate::i18n::{Lang, MessageId};
use crate::time::DateTime;

/// ETSI EN 319 102-1 §5.1.3 main status indication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Indication {
    #[serde(rename = "TOTAL-PASSED")]
    TotalPassed,
    #[serde(rename = "TOTAL-FAILED")]
    TotalFailed,
    #[serde(rename = "INDETERMINATE")]
    Indeterminate,
}

impl Indication {
    /// The ETSI string (`TOTAL-PASSED`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TotalPassed => "TOTAL-PASSED",
            Self::TotalFailed => "TOTAL-FAILED",
            Self::Indeterminate => "INDETERMINATE",
        }
    }

    /// Combine two results: any failure wins, then any indeterminate, else passed.
    pub fn worst(self, other: Self) -> Self {
        use Indication::*;
        match (self, other) {
            (TotalFailed, _) | (_, TotalFailed) => TotalFailed,
            (Indeterminate, _) | (_, Indeterminate) => Indeterminate,
            _ => TotalPassed,
        }
    }
}

/// ETSI EN 319 102-1 §5.1.3 sub-indications (Table 5 / Table 6), names as in the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum SubIndication {
    // With TOTAL-FAILED
    FormatFailure,
    HashFailure,
    SigCryptoFailure,
    Revoked,
    ExpiredOrNotYetValid,
    // With INDETERMINATE
    SigConstraintsFailure,
    ChainConstraintsFailure,
    CertificateChainGeneralFailure,
    CryptoConstraintsFailure,
    Expired,
    NotYetValid,
    PolicyProcessingError,
    SignaturePolicyNotAvailable,
    TimestampOrderFailure,
    NoSigningCertificateFound,
    NoCertificateChainFound,
    RevokedNoPoe,
    RevokedCaNoPoe,
    OutOfBoundsNoPoe,
    OutOfBoundsNotRevoked,
    CryptoConstraintsFailureNoPoe,
    NoPoe,
    TryLater,
    SignedDataNotFound,
    GenericError,
}

impl SubIndication {
    /// The ETSI string (`HASH_FAILURE`, …).
    pub fn as_str(self) -> &'static str {
        use SubIndication::*;
        match self {
            FormatFailure => "FORMAT_FAILURE",
            HashFailure => "HASH_FAILURE",
            SigCryptoFailure => "SIG_CRYPTO_FAILURE",
            Revoked => "REVOKED",
            ExpiredOrNotYetValid => "EXPIRED_OR_NOT_YET_VALID",
            SigConstraintsFailure => "SIG_CONSTRAINTS_FAILURE",
            ChainConstraintsFailure => "CHAIN_CONSTRAINTS_FAILURE",
            CertificateChainGeneralFailure => "CERTIFICATE_CHAIN_GENERAL_FAILURE",
            CryptoConstraintsFailure => "CRYPTO_CONSTRAINTS_FAILURE",
            Expired => "EXPIRED",
            NotYetValid => "NOT_YET_VALID",
            PolicyProcessingError => "POLICY_PROCESSING_ERROR",
            SignaturePolicyNotAvailable => "SIGNATURE_POLICY_NOT_AVAILABLE",
            TimestampOrderFailure => "TIMESTAMP_ORDER_FAILURE",
            NoSigningCertificateFound => "NO_SIGNING_CERTIFICATE_FOUND",
            NoCertificateChainFound => "NO_CERTIFICATE_CHAIN_FOUND",
            RevokedNoPoe => "REVOKED_NO_POE",
            RevokedCaNoPoe => "REVOKED_CA_NO_POE",
            OutOfBoundsNoPoe => "OUT_OF_BOUNDS_NO_POE",
            OutOfBoundsNotRevoked => "OUT_OF_BOUNDS_NOT_REVOKED",
            CryptoConstraintsFailureNoPoe => "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
            NoPoe => "NO_POE",
            TryLater => "TRY_LATER",
            SignedDataNotFound => "SIGNED_DATA_NOT_FOUND",
            GenericError => "GENERIC",
        }
    }
}

/// A finding: a stable message id (its `code`), the parameters the message needs, and the
/// severity. Text comes from the catalogue in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    pub code: MessageId,
    pub severity: Severity,
    /// Named parameters substituted into the message (`{cert}`, `{alg}`, …); a name starting
    /// with `@` holds a phrase's code (see [`crate::i18n::render`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Finding {
    pub fn new(code: MessageId, severity: Severity) -> Self {
        Self {
            code,
            severity,
            params: Vec::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.push((key.to_owned(), value.into()));
        self
    }

    /// Add a parameter that is a catalogue phrase (a structural flaw, an error's sentence),
    /// kept as its code under `@key` with its own parameters beside it, so that it renders in
    /// the reader's language (see [`crate::i18n::render`]).
    pub fn with_phrase(mut self, key: &str, phrase: &crate::error::ErrorText) -> Self {
        self.params
            .push((format!("@{key}"), phrase.code().to_owned()));
        self.params.extend(phrase.flat_params());
        self
    }

    /// The finding that says `text` (its code and parameters).
    pub fn from_text(text: &crate::error::ErrorText, severity: Severity) -> Self {
        Self {
            code: text.id(),
            severity,
            params: text.flat_params(),
        }
    }

    /// The message text in `lang`, parameters substituted.
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::render(self.code, lang, &self.params)
    }
}

/// What one check concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckStatus {
    Passed,
    Failed,
    /// The check could not be decided (missing data) — never counted as a pass.
    Indeterminate,
    /// The caller turned the check off by name (recorded so a report never hides it).
    Skipped,
    /// The element is absent and the check does not apply.
    NotApplicable,
}

/// Which instant validation used and why (ETSI EN 319 102-1 §5.2.x "validation time").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TimeUsed {
    #[serde(serialize_with = "ser_time")]
    pub time: DateTime,
    pub source: TimeSource,
}

impl TimeUsed {
    /// Validation at `time`, chosen for the reason `source`.
    pub fn new(time: DateTime, source: TimeSource) -> Self {
        Self { time, source }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimeSource {
    /// The current time the caller supplied.
    Current,
    /// A time the caller fixed explicitly (`--at`).
    Fixed,
    /// The claimed signing-time attribute, trusted by policy without a time-stamp.
    ClaimedSigningTime,
    /// The `/M` entry of a PDF signature dictionary, for a signer without a signing-time
    /// attribute (PAdES B-B, ETSI EN 319 142-1 §5.4), trusted by policy like
    /// `ClaimedSigningTime`: a claim of the signer's software, attested by no time-stamp.
    PdfSigningTime,
    /// The genTime of a verified RFC 3161 signature time-stamp.
    Timestamp,
}

/// Status of one certificate in a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CertReport {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub sha256: String,
    #[serde(serialize_with = "ser_time")]
    pub not_before: DateTime,
    #[serde(serialize_with = "ser_time")]
    pub not_after: DateTime,
    pub is_trust_anchor: bool,
    pub status: CheckStatus,
    /// Revocation status of this certificate, when checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<RevocationReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The certificate itself (DER), for embedding as long-term validation data (B-LT); not
    /// part of the JSON.
    #[serde(skip)]
    pub(crate) der: Vec<u8>,
}

/// Revocation evidence used for one certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RevocationReport {
    pub status: RevocationStatus,
    /// `crl` / `ocsp`, and where it came from (`caller`, `message`, `fetched`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_time"
    )]
    pub revocation_time: Option<DateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_time"
    )]
    pub this_update: Option<DateTime>,
    /// Why the status is what it is when evidence was refused or missing (stale CRL, bad
    /// signature, fetch failure, …), so the caller can pick TRY_LATER vs OUT_OF_BOUNDS and
    /// the reader sees the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The CRL or OCSPResponse (DER) that decided, for embedding as long-term validation
    /// data (B-LT); not part of the JSON.
    #[serde(skip)]
    pub(crate) evidence: Option<Vec<u8>>,
}

impl RevocationReport {
    /// A report with `status` and nothing else.
    pub fn new(status: RevocationStatus) -> Self {
        Self {
            status,
            source: None,
            revocation_time: None,
            reason: None,
            this_update: None,
            findings: Vec::new(),
            evidence: None,
        }
    }

    /// Revocation was not checked (turned off by policy, or the certificate is the anchor).
    pub fn not_checked() -> Self {
        Self::new(RevocationStatus::NotChecked)
    }

    /// Whether some evidence could not be obtained because fetching failed (ETSI TRY_LATER
    /// rather than a definitive lack of data).
    pub fn fetch_failed(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == MessageId::RevocationFetchFailed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RevocationStatus {
    Good,
    /// Revoked, at or before the validation time.
    Revoked,
    /// Revoked only after the validation time: does not invalidate a signature made before.
    RevokedAfterValidationTime,
    Unknown,
    NotChecked,
}

/// The outcome of certificate-chain validation for one signer (filled by the path module).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChainReport {
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// Leaf first, trust anchor last (empty when no path was found).
    pub certificates: Vec<CertReport>,
    pub time_used: TimeUsed,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The trust anchor the path ends at, when a complete path was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_anchor: Option<TrustAnchorReport>,
}

impl ChainReport {
    /// A report with the verdict and the time only: no certificates, findings or anchor yet
    /// (a [`ChainValidator`](crate::ChainValidator) fills in what it knows).
    pub fn new(
        indication: Indication,
        sub_indication: Option<SubIndication>,
        time_used: TimeUsed,
    ) -> Self {
        Self {
            indication,
            sub_indication,
            certificates: Vec::new(),
            time_used,
            findings: Vec::new(),
            trust_anchor: None,
        }
    }
}

/// Which of the user's trust anchors a path ends at (RFC 5280 §6.1.1 (d): an anchor is a name
/// and a key, whatever certificate carries them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TrustAnchorReport {
    /// The anchor's subject name.
    pub subject: String,
    /// SHA-256 of the anchor certificate (lowercase hex).
    pub sha256: String,
    /// Subject and issuer match (a root); false for an intermediate or end-entity
    /// certificate given as an anchor, where the path stops without checking what is above.
    pub self_issued: bool,
    /// The validated certificate is itself the anchor: no path was built.
    pub is_target: bool,
}

/// The outcome for one SignerInfo (ETSI "signature validation report" for one signature).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SignerReport {
    /// Position in `SignedData.signerInfos` (0-based).
    pub index: usize,
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// Who signed (from the signer certificate), if found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<Identity>,
    /// The signer certificate, if found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertReport>,
    /// The signing-time attribute as claimed by the signer (not proof of time).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_time"
    )]
    pub claimed_signing_time: Option<DateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest_algorithm: Option<DigestAlgorithm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_scheme: Option<SignatureScheme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
    /// Each check by name (`message-digest`, `signature`, `content-type`, …) and its result.
    pub checks: Vec<(String, CheckStatus)>,
    /// Chain validation result, if it was run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainReport>,
    pub findings: Vec<Finding>,
    /// Counter-signatures on this signer (RFC 5652 §11.4), each validated in turn.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counter_signatures: Vec<SignerReport>,
    /// Signature time-stamps on this signer (id-aa-signatureTimeStampToken, ETSI EN 319 122-1
    /// §5.3), each verified; the earliest that passed is the proof of existence the chain was
    /// validated at (`chain.time_used`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timestamps: Vec<crate::tsp::TimestampReport>,
    /// The CAdES baseline level reached (ETSI EN 319 122-1 §6: `CAdES-B-B`, `CAdES-B-T`,
    /// `CAdES-B-LT`), for a top-level signer with signed attributes; see
    /// `cms/verify/level.rs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static str>,
}

/// The whole report for one signed object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Overall indication: the worst of the signers' (no signer ⇒ INDETERMINATE
    /// SIGNED_DATA_NOT_FOUND / FORMAT_FAILURE).
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// `cms`, later `pades`, `smime`.
    pub format: &'static str,
    /// Encapsulated content type OID and whether the content was attached.
    pub content_type: String,
    pub detached: bool,
    pub signers: Vec<SignerReport>,
    /// Which validation policy was applied.
    pub policy: String,
    pub findings: Vec<Finding>,
}

impl Report {
    /// JSON with stable field names.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A human-readable multi-line summary in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        crate::i18n::render_report(self, lang)
    }
}

impl ChainReport {
    /// JSON with stable field names (the same on every surface: `kyso chain --json`,
    /// `kyso_chain_report_json`, the npm package's `validateChain`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A human-readable multi-line summary in `lang`, from the catalogue.
    pub fn to_text(&self, lang: Lang) -> String {
        crate::i18n::render_chain_report(self, lang)
    }

    /// The chain's findings that are not also listed under one of its certificates: a
    /// finding about one certificate is in both lists, and is said once (issue 9).
    pub fn findings_not_under_a_certificate(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| !self.certificates.iter().any(|c| c.findings.contains(f)))
    }
}

pub(crate) fn ser_time<S: serde::Serializer>(t: &DateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::time::rfc3339(t))
}

pub(crate) fn ser_opt_time<S: serde::Serializer>(
    t: &Option<DateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&crate::time::rfc3339(t)),
        None => s.serialize_none(),
    }
}
