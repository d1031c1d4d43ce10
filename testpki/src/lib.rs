//! # kyso-testpki — test and demo PKIs shaped like the Vietnamese one
//!
//! Builds the hierarchy of docs/vietnam.md §4–5 in memory: a root, a sub-CA, and under it a person
//! (Vietnamese UTF-8 name, `UID=CCCD:…`, title, agency, e-mail), an agency seal certificate
//! (`UID=MST:…`), a time-stamping authority and an OCSP responder; and CRLs with revoked entries.
//! Keys are RSA-2048/3072/4096, P-256, P-384 or Ed25519; CA signatures RSA v1.5 (as VGCA), PSS,
//! ECDSA, Ed25519, or SHA-1 for historic (VGCA G1-like) chains.
//!
//! Pure like core: the caller passes the RNG and the time. Nothing is written to disk.
//!
//! ```
//! use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};
//! let now = kyso::time::parse_rfc3339("2025-03-14T09:05:07+07:00").unwrap();
//! let mut rng = DeterministicRng::from_seed(1);
//! let pki = VnPki::generate(&VnPkiOptions::fast(now), &mut rng).unwrap();
//! assert_eq!(pki.person.certificate.identity().vn_ids[0].value(), "001185012345");
//! ```

mod cert;
mod crl;
mod key;
mod name;
mod ocsp;
pub mod pdf;
mod rng;
mod tsa;

pub use cert::{CertSpec, Issued, Profile};
pub use crl::{CrlSpec, Revoked};
pub use key::{KeyAlg, SchemeSigner, TestKey};
pub use name::Dn;
pub use ocsp::{OcspStatus, SingleResponse, basic_response, single_response};
pub use rng::DeterministicRng;
pub use tsa::TokenSpec;
pub use x509_cert::ext::pkix::CrlReason;

use kyso::{DateTime, DigestAlgorithm, SignatureScheme};

/// Errors building a test PKI.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkiError {
    /// Key generation failed.
    KeyGeneration { alg: KeyAlg },
    /// The signature scheme does not fit the key.
    SchemeKeyMismatch { alg: KeyAlg },
    /// Signing failed.
    Signing { alg: KeyAlg },
    /// A structure could not be encoded.
    Encoding { what: &'static str },
    /// A time computation left the representable range.
    TimeOutOfRange,
}

impl core::fmt::Display for PkiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::KeyGeneration { alg } => write!(f, "could not generate a {} key", alg.name()),
            Self::SchemeKeyMismatch { alg } => {
                write!(f, "signature scheme does not fit a {} key", alg.name())
            }
            Self::Signing { alg } => write!(f, "signing with a {} key failed", alg.name()),
            Self::Encoding { what } => write!(f, "could not encode {what}"),
            Self::TimeOutOfRange => f.write_str("time out of range"),
        }
    }
}

impl std::error::Error for PkiError {}

/// PEM armour (RFC 7468) with 64-column lines.
pub fn pem(label: &str, der: &[u8]) -> String {
    // Encoding only fails for labels with invalid characters; ours are constants.
    der::pem::encode_string(label, der::pem::LineEnding::LF, der).unwrap_or_default()
}

/// The system clock, for tests whose other party (OpenSSL, the CLI) stamps or checks the real
/// time. Everything else uses fixed times, so that results do not depend on the day.
pub fn now() -> Result<DateTime, PkiError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| PkiError::TimeOutOfRange)?
        .as_secs();
    kyso::time::from_unix_seconds(secs).ok_or(PkiError::TimeOutOfRange)
}

/// `t` shifted by `secs` seconds (negative = earlier).
pub fn shift(t: DateTime, secs: i64) -> Result<DateTime, PkiError> {
    let base = i64::try_from(kyso::time::unix_seconds(&t)).map_err(|_| PkiError::TimeOutOfRange)?;
    let s = base.checked_add(secs).ok_or(PkiError::TimeOutOfRange)?;
    kyso::time::from_unix_seconds(u64::try_from(s).map_err(|_| PkiError::TimeOutOfRange)?)
        .ok_or(PkiError::TimeOutOfRange)
}

const DAY: i64 = 86_400;
const YEAR: i64 = 365 * DAY;

/// Choices for [`VnPki::generate`].
#[derive(Clone, Debug)]
pub struct VnPkiOptions {
    /// The moment the PKI is made: certificates start a little before it.
    pub now: DateTime,
    pub root_key: KeyAlg,
    pub sub_ca_key: KeyAlg,
    /// Key of the person and agency certificates.
    pub leaf_key: KeyAlg,
    /// Key of the TSA and OCSP responder certificates.
    pub service_key: KeyAlg,
    /// CA signatures with SHA-1 (RSA v1.5), like VGCA G1 and the 2008 MIC root. RSA CAs only.
    pub legacy_sha1: bool,
    /// CA signatures with RSASSA-PSS (Thông tư 15/2025). RSA CAs only.
    pub ca_pss: bool,
}

impl VnPkiOptions {
    /// RSA-2048 everywhere: quick to generate, for tests.
    pub fn fast(now: DateTime) -> Self {
        Self {
            now,
            root_key: KeyAlg::Rsa2048,
            sub_ca_key: KeyAlg::Rsa2048,
            leaf_key: KeyAlg::Rsa2048,
            service_key: KeyAlg::Rsa2048,
            legacy_sha1: false,
            ca_pss: false,
        }
    }

    /// As VGCA G2: RSA-4096 root and sub-CA, RSA-2048 subscribers.
    pub fn realistic(now: DateTime) -> Self {
        Self {
            root_key: KeyAlg::Rsa4096,
            sub_ca_key: KeyAlg::Rsa4096,
            ..Self::fast(now)
        }
    }

    /// Every key of one algorithm (e.g. an all-P-256 PKI).
    pub fn all(now: DateTime, alg: KeyAlg) -> Self {
        Self {
            root_key: alg,
            sub_ca_key: alg,
            leaf_key: alg,
            service_key: alg,
            ..Self::fast(now)
        }
    }

    fn ca_scheme(&self, issuer: KeyAlg) -> Option<SignatureScheme> {
        let rsa = matches!(issuer, KeyAlg::Rsa2048 | KeyAlg::Rsa3072 | KeyAlg::Rsa4096);
        if rsa && self.legacy_sha1 {
            Some(SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha1,
            })
        } else if rsa && self.ca_pss {
            Some(SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 32,
            })
        } else {
            None
        }
    }
}

/// Names and identifiers used by the test PKI (fictitious; `.test` domains per RFC 2606).
pub mod names {
    pub const ROOT_CN: &str = "RootCA thử nghiệm kyso G2";
    pub const CA_ORG: &str = "Ban Cơ yếu Chính phủ (thử nghiệm kyso)";
    pub const SUB_CA_CN: &str = "CA thử nghiệm phục vụ các cơ quan Nhà nước";
    pub const AGENCY_ORG: &str = "Bộ Khoa học và Công nghệ";
    pub const PERSON_CN: &str = "Nguyễn Thị Thu Hương";
    pub const PERSON_TITLE: &str = "Chánh Văn phòng";
    pub const PERSON_CCCD: &str = "001185012345";
    pub const PERSON_EMAIL: &str = "huong.ntt@most.kyso.test";
    pub const AGENCY_CN: &str = "Văn phòng Bộ Khoa học và Công nghệ";
    pub const AGENCY_MST: &str = "0100123456";
    pub const AGENCY_EMAIL: &str = "vanthu@most.kyso.test";
    pub const TSA_CN: &str = "Dịch vụ cấp dấu thời gian thử nghiệm kyso";
    pub const OCSP_CN: &str = "Dịch vụ OCSP thử nghiệm kyso";
    pub const CRL_URL: &str = "http://ca.kyso.test/crl/subca.crl";
    pub const ROOT_CRL_URL: &str = "http://ca.kyso.test/crl/root.crl";
    pub const OCSP_URL: &str = "http://ocsp.kyso.test/";
    pub const CA_ISSUERS_URL: &str = "http://ca.kyso.test/subca.cer";
}

/// A PKI shaped like VGCA G2 (docs/vietnam.md §4): root → sub-CA (pathLen 0, policy
/// 2.16.704.1.1.1.1.1) → person, agency, TSA, OCSP responder.
pub struct VnPki {
    pub root: Issued,
    pub sub_ca: Issued,
    pub person: Issued,
    pub agency: Issued,
    pub tsa: Issued,
    pub ocsp: Issued,
}

impl VnPki {
    /// Generate the whole hierarchy.
    pub fn generate(
        opts: &VnPkiOptions,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Self, PkiError> {
        use names::*;
        let now = opts.now;
        let ca_dn = || Dn::new().c("VN").o(CA_ORG);
        let mut root_spec = CertSpec::new(
            ca_dn().cn(ROOT_CN),
            Profile::Root,
            opts.root_key,
            shift(now, -DAY)?,
            shift(now, 20 * YEAR)?,
        );
        root_spec.scheme = opts.ca_scheme(opts.root_key);
        let root = Issued::self_signed(&root_spec, rng)?;

        let mut sub_spec = CertSpec::new(
            ca_dn().cn(SUB_CA_CN),
            Profile::SubCa { path_len: Some(0) },
            opts.sub_ca_key,
            shift(now, -DAY)?,
            shift(now, 10 * YEAR)?,
        );
        sub_spec.scheme = opts.ca_scheme(opts.root_key);
        sub_spec.policies = vec![kyso::oid::VGCA_G2_POLICY];
        sub_spec.crl_url = Some(ROOT_CRL_URL.into());
        let sub_ca = root.issue(&sub_spec, rng)?;

        let leaf = |dn: Dn,
                    profile: Profile,
                    key: KeyAlg,
                    email: Option<&str>|
         -> Result<CertSpec, PkiError> {
            let mut s = CertSpec::new(dn, profile, key, shift(now, -3600)?, shift(now, 2 * YEAR)?);
            s.scheme = opts.ca_scheme(opts.sub_ca_key);
            s.policies = vec![kyso::oid::VGCA_G2_POLICY];
            s.crl_url = Some(CRL_URL.into());
            s.ocsp_url = Some(OCSP_URL.into());
            s.ca_issuers_url = Some(CA_ISSUERS_URL.into());
            s.email = email.map(str::to_owned);
            Ok(s)
        };
        let person = sub_ca.issue(
            &leaf(
                Dn::new()
                    .c("VN")
                    .st("Hà Nội")
                    .o(AGENCY_ORG)
                    .t(PERSON_TITLE)
                    .cn(PERSON_CN)
                    .uid(&format!("CCCD:{PERSON_CCCD}"))
                    .email(PERSON_EMAIL),
                Profile::Person,
                opts.leaf_key,
                Some(PERSON_EMAIL),
            )?,
            rng,
        )?;
        let agency = sub_ca.issue(
            &leaf(
                Dn::new()
                    .c("VN")
                    .st("Hà Nội")
                    .o(AGENCY_ORG)
                    .cn(AGENCY_CN)
                    .uid(&format!("MST:{AGENCY_MST}"))
                    .email(AGENCY_EMAIL),
                Profile::Agency,
                opts.leaf_key,
                Some(AGENCY_EMAIL),
            )?,
            rng,
        )?;
        let tsa = sub_ca.issue(
            &leaf(
                Dn::new().c("VN").o(CA_ORG).cn(TSA_CN),
                Profile::Tsa,
                opts.service_key,
                None,
            )?,
            rng,
        )?;
        let ocsp = sub_ca.issue(
            &leaf(
                Dn::new().c("VN").o(CA_ORG).cn(OCSP_CN),
                Profile::OcspResponder,
                opts.service_key,
                None,
            )?,
            rng,
        )?;
        Ok(Self {
            root,
            sub_ca,
            person,
            agency,
            tsa,
            ocsp,
        })
    }

    /// A CRL of the sub-CA listing `revoked`, issued at `this_update`, valid 7 days.
    pub fn sub_ca_crl(
        &self,
        revoked: Vec<Revoked>,
        this_update: DateTime,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, PkiError> {
        self.sub_ca.crl(
            &CrlSpec {
                this_update,
                next_update: Some(shift(this_update, 7 * DAY)?),
                number: 1,
                revoked,
            },
            rng,
        )
    }

    /// An empty CRL of the root (the sub-CA is not revoked).
    pub fn root_crl(
        &self,
        this_update: DateTime,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, PkiError> {
        self.root.crl(
            &CrlSpec {
                this_update,
                next_update: Some(shift(this_update, 30 * DAY)?),
                number: 1,
                revoked: Vec::new(),
            },
            rng,
        )
    }

    /// The sub-CA then the root, as PEM (what a signer attaches as `--chain`).
    pub fn chain_pem(&self) -> String {
        format!("{}{}", self.sub_ca.cert_pem(), self.root.cert_pem())
    }
}
