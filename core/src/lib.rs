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
//! Verify a signature: one session from the trust anchors, the policy, the current time and
//! a crypto provider, given the CA's CRL, then asked about the signed file.
//!
//! ```
//! use kyso::{Certificate, Indication, Lang, RustCryptoProvider, TrustStore, ValidationPolicy, Verifier};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # macro_rules! fixture { ($f:literal) => { include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/session/", $f)) } }
//! # let (root, crl, signed) = (fixture!("root.der"), fixture!("root.crl"), fixture!("signed.p7s"));
//! # let mut anchors = TrustStore::new();
//! # anchors.add_anchor(Certificate::from_der(root)?);
//! let now = kyso::DateTime::new(2026, 12, 5, 9, 0, 0)?; // a value: core has no clock
//! let mut verifier = Verifier::new(anchors, ValidationPolicy::vn_gov(), now, &RustCryptoProvider);
//! verifier.add_crl(crl)?; // refused with a typed error if it is not a CRL
//!
//! let report = verifier.verify_cms(signed, None); // `Some(content)` for a detached signature
//! assert_eq!(report.indication, Indication::TotalPassed, "{}", report.to_json());
//! println!("{}", report.to_text(Lang::Vi));
//! # Ok(())
//! # }
//! ```
//!
//! The same session validates a certificate chain for a purpose ([`Verifier::validate_chain`])
//! and streams large detached content ([`Verifier::cms_stream`]). Signing is in [`cms`]
//! ([`cms::SignedDataBuilder`]).
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
mod inspect;
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
#[cfg(test)]
mod test_support;
pub mod time;
mod trailing;
mod verifier;

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
// Verification session (issue 10 item 1).
pub use cms::{DetachedContent, VerifyOptions};
pub use fetch::Fetcher;
pub use path::PathResult;
pub use report::ChainReport;
pub use revocation::StatusQuery;
pub use verifier::{CmsStream, Evidence, EvidenceError, EvidenceKind, Verifier};
// Inspection views (issue 10 item 3).
pub use inspect::{
    AccessView, CertificateView, CrlView, DistributionPointView, ExtensionValue, ExtensionView,
    Inspection, NamedOid, NotInspectable, PolicyMappingView, PolicyView,
};
// Signing side of issue 10.
pub use cms::{PreparedSignature, SignedDataBuilder, SignerIdentifierKind, SignerOptions};
pub use crypto::{KeyType, SigningProvider};
pub use key::KeyFormat;
pub use names::{NameError, SignInput};
pub use pem::encode as pem_encode;
