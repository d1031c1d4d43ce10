//! Validation policy as a value (docs/architecture.md). Safe by default: chain, revocation and
//! signing time are checked unless the caller turns them off by name.

use serde::Serialize;

use crate::crypto::{DigestAlgorithm, KeyType, SignatureScheme};
use crate::time::DateTime;

/// Which algorithms and key sizes are acceptable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AlgorithmPolicy {
    /// Accept SHA-1 in signatures for verification, reported as a weak-algorithm warning.
    /// Needed for historic Vietnamese documents (VGCA G1 and MIC 2008 hierarchies are
    /// sha1WithRSA, docs/vietnam.md §3). kyso never signs with SHA-1 whatever this says.
    pub allow_sha1_legacy: bool,
    /// Minimum RSA modulus in bits. Thông tư 15/2025/TT-BKHCN requires ≥ 2048.
    pub min_rsa_bits: u32,
    /// Accepted digests besides SHA-1 (which is governed by `allow_sha1_legacy`).
    pub digests: Vec<DigestAlgorithm>,
    pub allow_rsa_pkcs1v15: bool,
    pub allow_rsa_pss: bool,
    pub allow_ecdsa: bool,
    pub allow_ed25519: bool,
    /// Accept DSA signatures (FIPS 186-5 withdrew DSA for signing; RFC 4134 examples and old
    /// archives use it), reported as weak. Only honoured together with the legacy gates.
    pub allow_dsa_legacy: bool,
}

/// Why an algorithm was refused or flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgorithmVerdict {
    Accepted,
    /// Accepted under the legacy gate; report a weak-algorithm warning.
    AcceptedWeak,
    /// Digest or scheme not allowed.
    NotAllowed,
    /// RSA key smaller than `min_rsa_bits`.
    KeyTooSmall {
        bits: u32,
        min: u32,
    },
}

impl AlgorithmPolicy {
    /// What this policy says about `scheme` used with a key of `key`.
    pub fn check(&self, scheme: SignatureScheme, key: KeyType) -> AlgorithmVerdict {
        let (family_ok, digest) = match scheme {
            SignatureScheme::RsaPkcs1v15 { digest } => (self.allow_rsa_pkcs1v15, Some(digest)),
            SignatureScheme::RsaPss { digest, .. } => (self.allow_rsa_pss, Some(digest)),
            SignatureScheme::Ecdsa { digest } => (self.allow_ecdsa, Some(digest)),
            SignatureScheme::Ed25519 => (self.allow_ed25519, None),
            // DSA rides on the legacy gate: refused unless both DSA and SHA-1 legacy are on.
            SignatureScheme::Dsa { digest } => (
                self.allow_dsa_legacy && self.allow_sha1_legacy,
                Some(digest),
            ),
        };
        if !family_ok {
            return AlgorithmVerdict::NotAllowed;
        }
        if let KeyType::Rsa { bits } = key
            && bits < self.min_rsa_bits
        {
            return AlgorithmVerdict::KeyTooSmall {
                bits,
                min: self.min_rsa_bits,
            };
        }
        let verdict = self.check_digest(digest);
        // DSA is a legacy algorithm: at best accepted with a weak-algorithm warning.
        if matches!(scheme, SignatureScheme::Dsa { .. }) && verdict == AlgorithmVerdict::Accepted {
            return AlgorithmVerdict::AcceptedWeak;
        }
        verdict
    }

    /// What this policy says about a digest (`None`: the scheme fixes it, as Ed25519 does).
    pub fn check_digest(&self, digest: Option<DigestAlgorithm>) -> AlgorithmVerdict {
        match digest {
            Some(DigestAlgorithm::Sha1) if self.allow_sha1_legacy => AlgorithmVerdict::AcceptedWeak,
            Some(DigestAlgorithm::Sha1) => AlgorithmVerdict::NotAllowed,
            Some(d) if !self.digests.contains(&d) => AlgorithmVerdict::NotAllowed,
            _ => AlgorithmVerdict::Accepted,
        }
    }
}

/// What to do about revocation status (RFC 5280 §6.3, RFC 6960).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RevocationMode {
    /// No status for a certificate ⇒ INDETERMINATE.
    Require,
    /// Use status when available; without it the result is INDETERMINATE too (missing data is
    /// never a pass), but data found is always checked. Differs from `Require` in fetching:
    /// a fetch failure is reported as TRY_LATER rather than REVOCATION_OUT_OF_BOUNDS.
    Prefer,
    /// Not checked: turned off by name; the report says so.
    DangerOff,
}

/// Which revocation sources are consulted, and in which order (RFC 5280 §6.3 CRLs, RFC 6960
/// OCSP). Evidence already supplied is always used whatever its kind unless the order says
/// `*Only`; the order decides what is fetched first and which source a report names when
/// both agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RevocationSources {
    /// CRL first, OCSP when CRLs do not decide. Vietnamese verifiers work this way (CRLs with
    /// mirrors at ca.gov.vn / pub.ca.gov.vn, OCSP optional: docs/vietnam.md §6).
    CrlFirst,
    /// OCSP first, CRLs when OCSP does not decide.
    OcspFirst,
    /// CRLs only; OCSP responses are ignored.
    CrlOnly,
    /// OCSP only; CRLs are ignored.
    OcspOnly,
}

/// What revocation data issued after a certificate expired may say about it.
///
/// RFC 5280 §3.3 lets a CA drop a revoked certificate's entry from its CRLs once the
/// certificate has expired ("An entry MAY be removed from the CRL after it appears on one
/// regularly scheduled CRL issued beyond the revoked certificate's validity period"), and
/// RFC 6960 §4.4.4 likewise lets OCSP responders forget expired certificates unless they
/// announce an archive cutoff. So a CRL or OCSP response produced after the certificate's
/// notAfter can prove a revocation (an entry present is evidence) but, strictly, not the
/// absence of one — unless the CRL carries expiredCertsOnCRL (X.509 §9.6.2.8) or the response
/// an archiveCutoff at or before notAfter. This matters for every historic signature: a
/// document signed with a certificate that has since expired can only be checked with
/// today's CRL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StatusAfterExpiry {
    /// RFC 5280 §3.3 / RFC 6960 §4.4.4 read strictly: data produced after notAfter decides
    /// "good" only with expiredCertsOnCRL / archiveCutoff at or before notAfter; otherwise the
    /// status stays unknown (INDETERMINATE). A CRL entry is honoured whenever the CRL was
    /// issued.
    RequireRetentionProof,
    /// Accept data produced after notAfter as if the CA kept the revocation records of expired
    /// certificates: "not listed" (or an OCSP "good") means not revoked, and a listed
    /// revocation is dated as usual, so only a revocation before the validation time
    /// invalidates. The report notes when this assumption was used
    /// (`revocation.after-expiry-accepted`).
    AssumeRecordsKept,
}

/// What a certificate is being validated for (RFC 5280 §4.2.1.12 EKU purposes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum KeyPurpose {
    /// Signing documents (CMS, PDF): digitalSignature or nonRepudiation; EKU, if present,
    /// must allow document signing, e-mail protection or anyExtendedKeyUsage.
    DocumentSigning,
    EmailProtection,
    /// TLS server authentication (RFC 5280 §4.2.1.12 id-kp-serverAuth): keyUsage, if present,
    /// must allow digitalSignature, keyEncipherment or keyAgreement. kyso signs documents, not
    /// TLS; this purpose exists so that suites written for TLS verifiers (BoringSSL pki,
    /// x509-limbo) can be run with their own purpose.
    ServerAuth,
    ClientAuth,
    TimeStamping,
    OcspSigning,
    /// Signing CRLs (RFC 5280 §6.3.3 (f)): keyUsage, if present, must assert cRLSign.
    CrlSigning,
    Any,
}

impl KeyPurpose {
    /// Every purpose with its names: the first is the canonical name ([`KeyPurpose::name`]),
    /// the others aliases the surfaces have accepted (`email` in the CLI). One table for the
    /// CLI's `--purpose`, the C constants' documentation and the npm package's `validateChain`.
    const NAMES: &'static [(KeyPurpose, &'static [&'static str])] = &[
        (Self::DocumentSigning, &["document-signing"]),
        (Self::EmailProtection, &["email-protection", "email"]),
        (Self::ServerAuth, &["server-auth"]),
        (Self::ClientAuth, &["client-auth"]),
        (Self::TimeStamping, &["time-stamping"]),
        (Self::OcspSigning, &["ocsp-signing"]),
        (Self::CrlSigning, &["crl-signing"]),
        (Self::Any, &["any"]),
    ];

    /// The purpose a name (canonical or alias) stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map(|(p, _)| *p)
    }

    /// The canonical name (`document-signing`, `email-protection`, …; the JSON form).
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(p, _)| *p == self)
            .and_then(|(_, names)| names.first().copied())
            .unwrap_or("any")
    }

    /// Every accepted name, canonical names and aliases, for help texts and argument parsers.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
    }
}

/// Which instant certificates are validated at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ValidationTime {
    /// The current time supplied by the caller.
    Current,
    /// A fixed instant.
    #[serde(serialize_with = "crate::report::ser_time")]
    At(DateTime),
    /// The time of the signature: a verified time-stamp, else the claimed signing-time if
    /// `trust_claimed_signing_time`, else the current time.
    SigningTime,
}

/// Everything a verification decides by, as one value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ValidationPolicy {
    /// Name shown in reports (`vn-gov`, `strict`, `custom`).
    pub name: String,
    pub algorithms: AlgorithmPolicy,
    /// DANGER: do not validate the signer's chain to a trust anchor (the signature's
    /// cryptography alone is checked, and the result is never TOTAL-PASSED on the chain's
    /// behalf). Default false; set with [`ValidationPolicy::danger_without_chain_validation`].
    /// (Was `check_chain`, with the opposite sense: a public bool that silently turned off
    /// the one check that ties a key to a person is named for its danger, issue 10.)
    pub danger_skip_chain_validation: bool,
    pub revocation: RevocationMode,
    pub validation_time: ValidationTime,
    /// Whether the signer's own signing-time attribute may serve as the validation time when
    /// there is no time-stamp (Vietnamese verifiers do this for historic documents).
    pub trust_claimed_signing_time: bool,
    /// Refuse a TSA certificate whose (sole) timeStamping extendedKeyUsage is not critical
    /// (RFC 3161 §2.3); when false it is accepted with the warning `chain.tsa-eku-not-critical`.
    pub require_critical_tsa_eku: bool,
    /// Require a signing-time attribute (Decree 30/2020 Annex I shows it on every signature).
    pub require_signing_time: bool,
    /// Maximum number of certificates in a path, anchor included. 8: the deepest real
    /// Vietnamese chain is 3 (root → sub-CA → subscriber); 8 leaves room for cross-certified
    /// and bridge paths while bounding the search (RFC 5280 §6.1 sets no limit).
    pub max_path_len: u8,
    /// RFC 5280 §6.1.1 user inputs for certificate-policy processing and related choices.
    pub chain: ChainPolicy,
    /// Which revocation sources, in which order.
    pub revocation_sources: RevocationSources,
    /// Oldest acceptable CRL, in seconds: its thisUpdate must be no earlier than the validation
    /// time minus this. `None`: the CRL's nextUpdate alone decides freshness (RFC 5280 §6.3.3
    /// (a)(1)); a CRL without nextUpdate is then accepted however old.
    pub crl_max_age_secs: Option<u64>,
    /// Oldest acceptable OCSP SingleResponse, in seconds (thisUpdate vs the validation time).
    /// RFC 6960 §4.2.2.1: a response without nextUpdate means "newer information is always
    /// available", so only an age bound makes it fresh or stale.
    pub ocsp_max_age_secs: Option<u64>,
    /// Apply delta CRLs (RFC 5280 §5.2.4, §6.3.3 (c), "use-deltas").
    pub use_delta_crls: bool,
    /// Clock tolerance, in seconds, when the caller gave the current time: revocation data
    /// dated later than now plus this is refused as not yet valid, and data whose nextUpdate
    /// passed less than this ago is still accepted.
    pub revocation_clock_skew_secs: u64,
    /// Whether CRLs / OCSP responses produced after a certificate expired may confirm that it
    /// was not revoked (see [`StatusAfterExpiry`]).
    pub status_after_expiry: StatusAfterExpiry,
}

/// The RFC 5280 §6.1.1 inputs a relying party chooses, and the few profile choices path
/// validation leaves to policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChainPolicy {
    /// RFC 5280 §6.1.1 (c) user-initial-policy-set. Empty means `any-policy` (the default: the
    /// Vietnamese hierarchies do not all assert policies — VGCA G1 certificates carry none —
    /// so requiring one would refuse valid chains; callers that need e.g. the VGCA G2 policy
    /// 2.16.704.1.1.1.1.1 set it here together with `initial_explicit_policy`).
    #[serde(serialize_with = "ser_oids")]
    pub initial_policy_set: Vec<der::asn1::ObjectIdentifier>,
    /// RFC 5280 §6.1.1 (g) initial-explicit-policy. Default false (see above).
    pub initial_explicit_policy: bool,
    /// RFC 5280 §6.1.1 (e) initial-policy-mapping-inhibit. Default false: RFC 5280's default,
    /// mappings are how bridge and cross-certified PKIs express equivalence.
    pub initial_policy_mapping_inhibit: bool,
    /// RFC 5280 §6.1.1 (f) initial-any-policy-inhibit. Default false (RFC 5280's default).
    pub initial_any_policy_inhibit: bool,
    /// RFC 5937 §2/§3: also enforce the trust anchor certificate's own name constraints,
    /// certificate policies, policy constraints and path length (a "constrained" anchor).
    /// Default false: RFC 5280 §6.1.1 (d) treats the anchor as name and key only, which is
    /// what every mainstream verifier does and what the shipped VN bundle needs (its roots
    /// carry no constraints anyway).
    pub enforce_anchor_constraints: bool,
    /// Accept version 1 / version 2 certificates as intermediates (RFC 5280 §6.1.4 (k) only
    /// requires basicConstraints of v3 certificates). Default false: a v1 certificate cannot
    /// say it is a CA, so accepting it lets any old end-entity key issue certificates (the
    /// reason OpenSSL and NSS restrict v1 CAs to trust anchors). v1 anchors are always fine.
    pub allow_v1_intermediates: bool,
}

fn ser_oids<S: serde::Serializer>(
    oids: &[der::asn1::ObjectIdentifier],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(oids.len()))?;
    for o in oids {
        seq.serialize_element(&o.to_string())?;
    }
    seq.end()
}

/// One week: BoringSSL/Chromium's maximum CRL and OCSP age, and the longest nextUpdate interval
/// seen on Vietnamese CA CRLs (an assumption, so a policy value: docs/vietnam.md §6).
pub const ONE_WEEK_SECS: u64 = 7 * 24 * 3600;

impl Default for ValidationPolicy {
    fn default() -> Self {
        Self::vn_gov()
    }
}

impl ValidationPolicy {
    /// Vietnamese government practice: RSA ≥ 2048 v1.5 or PSS, ECDSA, Ed25519; SHA-2, SHA-3; SHA-1
    /// accepted with a warning for historic signatures (VGCA G1); revocation preferred;
    /// validated at the signing time, with the claimed signing-time trusted when there is no
    /// time-stamp (Decree 68/2024 Art 29 / Decree 23/2025 Art 16: status at signing time);
    /// today's CRL accepted for a certificate that has since expired
    /// ([`StatusAfterExpiry::AssumeRecordsKept`], noted in the report).
    pub fn vn_gov() -> Self {
        Self {
            name: "vn-gov".into(),
            algorithms: AlgorithmPolicy {
                allow_sha1_legacy: true,
                min_rsa_bits: 2048,
                // SHA-2 and SHA-3 (Thông tư 15/2025/TT-BKHCN, docs/vietnam.md §3). SHA-224 is not on
                // that list but is accepted for verification: its 112-bit strength is that of
                // SHA-512/224, which the list names, and NIST SP 800-131A Rev. 2 still allows
                // 112-bit signatures through 2030; other software signs with it (issue 9).
                // strict() leaves it out.
                digests: vec![
                    DigestAlgorithm::Sha224,
                    DigestAlgorithm::Sha256,
                    DigestAlgorithm::Sha384,
                    DigestAlgorithm::Sha512,
                    DigestAlgorithm::Sha3_224,
                    DigestAlgorithm::Sha3_256,
                    DigestAlgorithm::Sha3_384,
                    DigestAlgorithm::Sha3_512,
                ],
                allow_rsa_pkcs1v15: true,
                allow_rsa_pss: true,
                allow_ecdsa: true,
                allow_ed25519: true,
                allow_dsa_legacy: true,
            },
            danger_skip_chain_validation: false,
            revocation: RevocationMode::Prefer,
            validation_time: ValidationTime::SigningTime,
            trust_claimed_signing_time: true,
            require_signing_time: false,
            // RFC 3161 §2.3 wants the TSA's timeStamping EKU critical; real TSAs omit it
            // (shared/brief/pdf-ltv-login.md T9): a warning here, refused under strict.
            require_critical_tsa_eku: false,
            max_path_len: 8,
            chain: ChainPolicy::default(),
            // Vietnamese verifiers: CRL first (with mirrors), OCSP optional (docs/vietnam.md §6).
            revocation_sources: RevocationSources::CrlFirst,
            // nextUpdate decides for CRLs: VN CAs always set it, and historic signatures are
            // checked with CRLs issued long after the signing time (which are fresh for it).
            crl_max_age_secs: None,
            // OCSP responses often omit nextUpdate (RFC 6960 §4.2.2.1): bound their age.
            ocsp_max_age_secs: Some(ONE_WEEK_SECS),
            use_delta_crls: true,
            // Five minutes, the usual Kerberos/TLS allowance for unsynchronised clocks.
            revocation_clock_skew_secs: 300,
            // Vietnamese verifiers check a historic document with the CA's current CRL and
            // call the signer revoked only if revoked before the signing time (docs/vietnam.md §6;
            // Decree 68/2024 Art 29 and Decree 23/2025 Art 16: status *at signing time*).
            // Subscriber certificates live at most 5 years (Decree 68/2024) while documents
            // are kept for decades, and VN PDFs rarely embed archived CRLs/OCSP: refusing
            // post-expiry CRLs would make every document older than its certificate
            // INDETERMINATE, where the national verifiers answer valid. The risk — a CA that
            // dropped an expired certificate's entry — is named in the report each time.
            // Whether VGCA/NEAC CAs keep such entries is not documented [I]; strict() refuses.
            status_after_expiry: StatusAfterExpiry::AssumeRecordsKept,
        }
    }

    /// No SHA-1 nor SHA-224, revocation required, validated now unless a time-stamp proves an earlier time,
    /// revocation data issued after a certificate expired not trusted to prove it unrevoked
    /// ([`StatusAfterExpiry::RequireRetentionProof`]).
    pub fn strict() -> Self {
        let mut p = Self::vn_gov();
        p.name = "strict".into();
        p.algorithms.allow_sha1_legacy = false;
        p.algorithms.allow_dsa_legacy = false;
        // Only the digests Thông tư 15/2025/TT-BKHCN lists (docs/vietnam.md §3): no SHA-224.
        p.algorithms
            .digests
            .retain(|d| *d != DigestAlgorithm::Sha224);
        p.revocation = RevocationMode::Require;
        p.trust_claimed_signing_time = false;
        p.require_signing_time = true;
        p.require_critical_tsa_eku = true;
        // Revocation data at most a week old at the validation time, whatever nextUpdate says.
        p.crl_max_age_secs = Some(ONE_WEEK_SECS);
        p.ocsp_max_age_secs = Some(ONE_WEEK_SECS);
        // RFC 5280 §3.3 read strictly: a CRL issued after expiry proves no absence of revocation.
        p.status_after_expiry = StatusAfterExpiry::RequireRetentionProof;
        p
    }

    /// Policy by CLI name (`vn-gov`, `strict`).
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "vn-gov" | "vn_gov" | "default" => Some(Self::vn_gov()),
            "strict" => Some(Self::strict()),
            _ => None,
        }
    }

    /// Turn off chain validation: the signature is then checked cryptographically only, and the
    /// report records that the chain was skipped (never TOTAL-PASSED on the chain's behalf).
    pub fn danger_without_chain_validation(mut self) -> Self {
        self.danger_skip_chain_validation = true;
        self
    }

    /// Turn off revocation checking.
    pub fn danger_without_revocation(mut self) -> Self {
        self.revocation = RevocationMode::DangerOff;
        self
    }

    /// This policy with validation at `time` (bindings set it from `--at` / `at` options).
    pub fn with_validation_time(mut self, time: ValidationTime) -> Self {
        self.validation_time = time;
        self
    }
}
