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
//! and streams large detached content ([`Verifier::cms_stream`]). Signing is
//! [`SignedDataBuilder`] (one-shot or two-phase, [`PreparedSignature`]).
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
//! - `p521`: ECDSA over P-521 (allowed by Thông tư 15/2025, used by no Vietnamese hierarchy).
//!   Without it a P-521 key is an unsupported algorithm, as for DSA.
//! - `pdf-decrypt`: reading encrypted PDFs (the standard security handler, ISO 32000-2 §7.6:
//!   RC4, AES-128, AES-256). Without it an encrypted PDF is INDETERMINATE with
//!   `pdf.crypt.not-in-this-build`, never a pass.
//! - `cades-archive`: checking CAdES archive time-stamps (archive-time-stamp-v3, ETSI EN 319
//!   122-1 §5.5.3). Without it one is INDETERMINATE with
//!   `cms.archive-timestamp.not-in-this-build`, never a pass, and its two sentences read as
//!   their codes; adding archive time-stamps needs no feature.
//! - `sign-messages`: the catalogue's sentences of the signing side only (building and editing
//!   CMS, private keys, PDF signing, time-stamp requests, long-term validation data). Without it
//!   those messages read as their stable code; verification texts are all there either way.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod ber;
mod cert;
mod cms;
mod crypto;
mod error;
// Raising signatures to long-term levels (issue 12): which steps each level takes.
mod extend;
mod fetch;
mod flaw;
mod i18n;
mod inspect;
mod key;
mod name;
// Names of signature schemes, digests and sign inputs: one table each, read by every surface.
mod names;
/// The one OID table: named constants, a namespace like `const_oid::db`.
pub mod oid;
mod path;
// PDF signatures (issue 11): reader, incremental writer, signing, verification.
mod pdf;
mod pem;
mod policy;
mod report;
mod revocation;
mod sort;
#[cfg(test)]
mod test_support;
/// Helpers for [`DateTime`] (a `der` type, so they cannot be its methods): Unix seconds and
/// RFC 3339 text.
pub mod time;
mod trailing;
mod tsp;
mod verifier;

// The public API (issue 10 item 5): every item once, at the root, grouped by concept. Types
// that appear in a public signature are here too, so every one can be named.

// Verification session: one `Verifier` from anchors, policy, time and crypto; evidence fed in.
/// Verify one CMS SignedData without a session (RFC 5652 §5.6); [`Verifier`] wraps it.
pub use cms::verify::verify as verify_signed_data;
pub use cms::{ChainContext, ChainValidator, DetachedContent, VerifyOptions};
pub use fetch::{FetchError, FetchKind, Fetcher};
pub use verifier::{CmsStream, Evidence, EvidenceError, EvidenceKind, Verifier};

// Time-stamps (RFC 3161): requests, TSA answers, token reports; getting one and adding it to
// a signature (CAdES B-T).
pub use tsp::{
    TimestampClient, TimestampKind, TimestampReport, TimestampRequest, TimestampResponse,
    TimestampStatus, TspError, accept_timestamp_response, archive_timestamp_signer,
    is_timestamp_token, timestamp_signer,
};

// Reports: ETSI EN 319 102-1 indications, per signer / chain / certificate, JSON and text.
pub use report::{
    CertReport, ChainReport, CheckStatus, Finding, Indication, Report, RevocationReport,
    RevocationStatus, Severity, SignerReport, SubIndication, TimeSource, TimeUsed,
    TrustAnchorReport,
};

// Policy: what is accepted (algorithms, revocation, key purposes, validation time).
pub use policy::{
    AlgorithmPolicy, AlgorithmVerdict, ChainPolicy, KeyPurpose, RevocationMode, RevocationSources,
    StatusAfterExpiry, ValidationPolicy, ValidationTime,
};

// Trust & paths: anchors, RFC 5280 §6 path validation, certificates and their identities.
pub use cert::{CertError, Certificate, DistinguishedName, Identity, VnIdentity};
pub use path::{
    BudgetKind, BudgetLimits, PathError, PathResult, PathValidator, StoreError, TrustAnchor,
    TrustStore, load_certificates,
};

// Revocation evidence: CRLs (RFC 5280 §5), OCSP (RFC 6960), and the checker that uses them.
pub use revocation::ocsp::{
    CertId, OcspCheck, OcspPart, OcspResponseStatus, OcspVerified, cert_id as ocsp_cert_id,
    parse_request as parse_ocsp_request,
};
pub use revocation::{
    CertStatus, Checker, Crl, CrlEntry, CrlError, EvidenceOrigin, IssuerValidator, OcspError,
    OcspRequestBuilder, OcspResponse, RevocationChecker, RevocationEvidence, RevocationReason,
    StatusQuery,
};

// Signing: CAdES-B-B SignedData (ETSI EN 319 122-1 §5.2), one-shot or two-phase.
/// Second phase of two-phase signing; see [`PreparedSignature`].
pub use cms::finish as finish_prepared_signature;
pub use cms::{
    Content, PreparedSignature, SignedDataBuilder, SignerIdentifierKind, SignerOptions,
    add_counter_signature, add_signature_timestamp, add_signer, prepare_add_signer,
    prepare_counter_signature, signer_signature_value,
};
// Long-term validation data (CAdES B-LT): what a verification used, embedded; CAdES B-LTA's
// archive time-stamp (ETSI EN 319 122-1 §5.5.3).
pub use cms::{
    ArchiveTimestampInput, ValidationData, add_archive_timestamp, add_validation_data,
    archive_timestamp_input,
};

// Keys: a signer (software key, or a token behind the trait) and PKCS#12 / PEM loading.
pub use key::{KeyBundle, KeyError, KeyFormat, Signer, SoftwareKey};
pub use names::{NameError, SignInput};
/// PEM text (RFC 7468 §2) for the certificates and keys the bindings write.
pub use pem::encode as pem_encode;

// Crypto provider: the pluggable primitives and the RustCrypto implementation.
pub use crypto::{
    CryptoError, CryptoProvider, DigestAlgorithm, Digester, KeyType, RustCryptoProvider,
    SignatureScheme, SigningProvider, digest_info,
};

// Inspection: what a file is and what it holds, without validating it.
/// The certificates a CMS SignedData carries (RFC 5652 §5.1 `certificates`).
pub use cms::certificates as signed_data_certificates;
/// Parse a CMS SignedData without verifying it (RFC 5652 §5.1).
pub use cms::inspect as inspect_signed_data;
pub use cms::parse::{
    AlgorithmInfo, AttributeInfo, CertificateInfo, CmsLimits, SignedDataInfo, SignerIdentifier,
    SignerInfoView, SkippedCertificate, required_digests,
};
pub use inspect::{
    AccessView, CertificateView, CrlView, DistributionPointView, ExtensionValue, ExtensionView,
    Inspection, NamedOid, NotInspectable, PolicyMappingView, PolicyView,
};

// PDF (ISO 32000-2 §12.8, PAdES): the file source the reader reads.
pub use pdf::{
    CryptError, ModificationLevel, PDF_HEADER_WINDOW, PdfError, PdfLimitKind, PdfLimits, PdfReport,
    PdfSignatureKind, PdfSignatureReport, PdfSource, PdfVerifyOptions, SourceError, header_offset,
    is_pdf,
};
// PDF signing (ISO 32000-2 §12.8, ETSI EN 319 142-1): an incremental update, one-shot or
// two-phase.
pub use pdf::{
    CmsExtension, DocMdpPermission, FieldLock, LockAction, PdfDefect, PdfRect, PdfSignError,
    PdfSignOptions, PdfSubFilter, PdfUpdate, PreparedPdfSignature, SeedRequirement,
    prepare_pdf_signature, sign_pdf, sign_pdf_extended, sign_pdf_with,
};
// Visible signatures (issue 13): text in the caller's embedded font subset, images.
pub use pdf::{
    AppearanceError, CopyKind, DECREE30_FONT_SIZE, DEFAULT_MAX_FONT_SIZE, DEFAULT_SEAL_MM,
    DEFAULT_SEAL_OVERLAP, DEFAULT_STAMP_MARGIN_MM, ImageKind, LayoutKind, Length, PT_PER_MM,
    Placement, SignatureLayout, TextAlign, TimeFormat, Unit, UtcOffset, Variant, VisibleAppearance,
    format_signing_time,
};
// Signing with a signature time-stamp (PAdES B-T), one-shot or as the second phase.
pub use pdf::{PdfTimestamping, sign_pdf_timestamped};
// PAdES long-term levels: validation data in the DSS, document time-stamps.
pub use pdf::{
    PdfFieldInfo, PdfInspection, PdfRevisionInfo, PdfSignatureInfo, inspect_pdf, inspect_pdf_with,
};
pub use pdf::{add_pdf_validation_data, timestamp_pdf};
// Extending a signature to a baseline level (CAdES B-T/B-LT, PAdES B-T/B-LT/B-LTA): the
// level's steps, decided once for every surface.
pub use extend::{ExtendError, ExtendLevel, Extended, Stamping, extend_cms, extend_pdf};

// Errors & text: typed errors, stable message codes, vi/en sentences from one catalogue.
pub use cms::CmsError;
/// A UTC instant with second precision (RFC 5280 §4.1.2.5 times have no finer precision in
/// practice). Re-exported from `der` so that certificate times compare without conversion;
/// core has no clock, the caller passes one.
pub use der::DateTime;
pub use error::{DerProblem, ErrorText};
pub use flaw::Flaw;
/// The sentence for one message code in one language, from the one catalogue.
pub use i18n::render as render_message;
pub use i18n::{Lang, MessageId};
