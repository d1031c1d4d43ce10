//! # kyso — ký số: digital signatures for Vietnamese e-government
//!
//! kyso builds and verifies CMS / CAdES signatures (RFC 5652, ETSI EN 319 122-1) and validates
//! certificate chains (RFC 5280 §6 with CRL and OCSP) the way Vietnamese state agencies need:
//! the VGCA and NEAC roots built in, `UID` identities (CCCD, MST, …) decoded, SHA-1 accepted
//! only for historic signatures and only when the policy says so, and reports in Vietnamese
//! and English with ETSI EN 319 102-1 indications.
//!
//! This crate is pure: it has no clock, no randomness and no network of its own. The caller
//! passes the current time, a random number generator and (optionally) a fetcher.
//!
//! Sign with a PKCS#12 file, then verify the result against a trust anchor and CRLs:
//!
//! ```
//! use kyso::cms::{self, SignedDataBuilder, SignerOptions, VerifyOptions};
//! use kyso::path::{PathValidator, TrustStore};
//! use kyso::revocation::{Checker, EvidenceOrigin, RevocationEvidence};
//! use kyso::{Certificate, Indication, KeyBundle, RustCryptoProvider, ValidationPolicy};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # macro_rules! pkits { ($p:literal) => { include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/pkits/", $p)) } }
//! # let (p12, ca, root) = (&pkits!("pkcs12/ValidCertificatePathTest1EE.p12")[..], pkits!("certs/GoodCACert.crt"), pkits!("certs/TrustAnchorRootCertificate.crt"));
//! # let crls = vec![pkits!("crls/GoodCACRL.crl").to_vec(), pkits!("crls/TrustAnchorRootCRL.crl").to_vec()];
//! # let now = kyso::time::parse_rfc3339("2026-03-14T09:05:07+07:00").ok_or("time")?;
//! # let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
//! let crypto = RustCryptoProvider;
//!
//! // Sign: the key and certificate from a .p12 file, the issuing CA certificate included.
//! let bundle = KeyBundle::from_pkcs12(p12, b"password")?;
//! let intermediates = [Certificate::from_der(ca)?];
//! let signer = SignerOptions::new(&bundle.key, &bundle.certificate)
//!     .signing_time(now)
//!     .chain(&intermediates);
//! let signed = SignedDataBuilder::new("Công văn số 123/UBND-VP".as_bytes())
//!     .add_signer(signer)
//!     .build(&crypto, &mut rng)?;
//!
//! // Verify: chain to the trust anchor and check revocation with the CRLs given.
//! let mut anchors = TrustStore::new();
//! anchors.add_anchor(Certificate::from_der(root)?);
//! let revocation = Checker::new()
//!     .with_evidence(&RevocationEvidence { crls, ocsp_responses: vec![] }, EvidenceOrigin::Caller);
//! let chain = PathValidator::new(anchors).with_revocation(&revocation);
//! let options = VerifyOptions::new(ValidationPolicy::vn_gov(), now, &crypto)
//!     .with_chain_validator(&chain);
//! let report = cms::verify(&signed, None, &options);
//! assert_eq!(report.indication, Indication::TotalPassed, "{}", report.to_json());
//! println!("{}", report.to_text(kyso::Lang::Vi));
//! # Ok(())
//! # }
//! ```
//!
//! ## Cargo features
//!
//! All on by default; the WASM verify-only build turns them off for size.
//! - `oid-db`: names for any OID in reports (the `const-oid` database); without it, OIDs
//!   outside kyso's own table are shown dotted.
//! - `dsa`: legacy DSA keys and signatures (RFC 3279; PKITS and RFC 4134 use them). Without
//!   it a DSA signature or certificate is an unsupported algorithm: INDETERMINATE, never a pass.
//! - `ed25519`: Ed25519 keys and signatures (RFC 8410, RFC 8419), not on Thông tư 15/2025's
//!   list. Without it an Ed25519 signature is an unsupported algorithm, as for DSA.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod ber;
pub mod cert;
pub mod cms;
pub mod crypto;
mod error;
pub mod fetch;
mod flaw;
pub mod i18n;
pub mod key;
mod name;
// Signing side of issue 10: names of schemes, inputs, purposes (one table each).
mod names;
pub mod oid;
pub mod path;
mod pem;
pub mod policy;
pub mod report;
pub mod revocation;
mod sort;
pub mod time;
mod trailing;

pub use cert::{CertError, Certificate, DistinguishedName, Identity, VnIdentity};
pub use cms::{ChainContext, ChainValidator, CmsError};
pub use crypto::{
    CryptoError, CryptoProvider, DigestAlgorithm, RustCryptoProvider, SignatureScheme,
};
pub use error::{DerProblem, ErrorText};
pub use flaw::Flaw;
pub use i18n::{Lang, MessageId};
pub use key::{KeyBundle, KeyError, Signer, SoftwareKey};
pub use path::{PathValidator, TrustStore};
pub use policy::{KeyPurpose, RevocationMode, StatusAfterExpiry, ValidationPolicy};
pub use report::{Indication, Report, SignerReport, SubIndication};
pub use time::DateTime;
// Signing side of issue 10.
pub use cms::{PreparedSignature, SignedDataBuilder, SignerIdentifierKind, SignerOptions};
pub use crypto::{KeyType, SigningProvider};
pub use key::KeyFormat;
pub use names::{NameError, SignInput};
