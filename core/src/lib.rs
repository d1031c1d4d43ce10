//! # kyso — ký số: digital signatures for Vietnamese e-government
//!
//! (crate docs with a doctested sign-and-verify example are filled in with the CMS module)
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod cert;
pub mod cms;
pub mod crypto;
pub mod fetch;
pub mod i18n;
pub mod key;
pub mod oid;
mod pem;
pub mod path;
pub mod policy;
pub mod report;
pub mod revocation;
pub mod time;

pub use cert::{Certificate, CertError, DistinguishedName, Identity, VnIdentity};
pub use crypto::{CryptoError, CryptoProvider, DigestAlgorithm, RustCryptoProvider, SignatureScheme};
pub use i18n::{Lang, MessageId};
pub use key::{KeyBundle, KeyError, Signer, SoftwareKey};
pub use policy::{KeyPurpose, RevocationMode, ValidationPolicy};
pub use cms::{ChainValidator, CmsError};
pub use path::{PathValidator, TrustStore};
pub use report::{Indication, Report, SignerReport, SubIndication};
pub use time::DateTime;
