//! # kyso-wasm — kyso for browsers and Node (npm package `kyso-wasm`)
//!
//! Thin wasm-bindgen wrappers over the `kyso` crate (docs/architecture.md: core does all the
//! logic; this crate adapts types and lets JavaScript supply the clock, the bytes and the
//! network). The public JavaScript API is the hand-written layer in `js/` (`api.js`,
//! documented in `index.d.ts`); the classes here are its engine and are not meant to be used
//! directly.
//!
//! - [`Verifier`]: trust (VN bundles, PEMs), policy, CRLs/OCSP, fetched data; verifies CMS
//!   signatures (attached, detached bytes, or digests of streamed content) and validates
//!   certificate chains; verifies PDFs (`verifyPdf`: every signature with its modification
//!   level; [`is_pdf`] tells a PDF by core's rule). Reports come back as JSON (core's `Report`
//!   and `PdfReport` fields, plus `message` per finding and `verdict` per indication in the
//!   reader's language).
//! - [`ContentDigester`] / [`required_digests`]: one pass over large content.
//! - `SignRequest`, `PreparedSignature`, `finish` (feature `sign`): two-phase CMS signing;
//!   `PdfSignRequest`, `PreparedPdfSignature`, `finishPdf` (feature `sign`): two-phase PDF
//!   signing.
//! - Time-stamps (feature `sign`, the full build; [`timestamp`]): `Verifier.verifyTimestamp`,
//!   and getting a token in two phases — the engine makes the TimeStampReq
//!   (`timestampRequest`, `signatureTimestampRequest`), JavaScript POSTs it with `fetch`, the
//!   engine checks the answer against it (`Verifier.acceptTimestamp`) and embeds it
//!   (`Verifier.addSignatureTimestamp`, CAdES B-T).
//! - Errors are JS `Error` objects with a stable string `code` ([`error`]).

mod error;
#[cfg(feature = "sign")]
mod sign;
#[cfg(feature = "sign")]
mod sign_pdf;
#[cfg(feature = "sign")]
mod timestamp;
mod verify;

#[cfg(feature = "sign")]
pub use sign::{PreparedSignature, SignRequest, describe_scheme, finish};
#[cfg(feature = "sign")]
pub use sign_pdf::{PdfSignRequest, PreparedPdfSignature, finish_pdf};
#[cfg(feature = "sign")]
pub use timestamp::{signature_timestamp_request, timestamp_request, timestamp_unreachable};
pub use verify::{
    ContentDigester, ContentDigests, Verifier, is_pdf, message, pdf_header_window, required_digests,
};

use wasm_bindgen::prelude::*;

/// The kyso version this build wraps.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Whether this build can sign (the full build) or only verify.
#[wasm_bindgen(js_name = canSign)]
pub fn can_sign() -> bool {
    cfg!(feature = "sign")
}
