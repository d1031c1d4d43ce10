//! PDF signatures (ISO 32000-2 §12.8, ETSI EN 319 142-1 PAdES): a reader for every revision of
//! a file, an incremental writer, signing, verification and modification analysis
//! (issue 11). Why hand-written and not lopdf: shared/brief/architecture.md §3 (no byte
//! offsets, randomness, ~650 KB of WASM).
//!
//! Reader layers, bottom up: [`source`] (the caller's bytes), `parser` (§7.2–7.3 syntax),
//! `filter` (§7.4 Flate and predictors), `xref` (§7.5.4/§7.5.8 sections), `file` (revisions
//! and lazy object resolution), `document` (pages, form fields), `text` (text strings).

// TODO(issue 11): drop once verification and signing use every reader item.
#![allow(dead_code)]

pub(crate) mod appearance;
// The standard security handler; builds without `pdf-decrypt` report encrypted files as
// `CryptError::NotInThisBuild` (crypt_hook.rs).
#[cfg(feature = "pdf-decrypt")]
mod crypt;
mod crypt_error;
mod crypt_hook;
mod date;
mod document;
mod duplicates;
mod error;
mod file;
mod filter;
mod inspect;
mod level;
mod limits;
mod ltv;
mod modification;
mod object;
mod parser;
mod report;
mod serialize;
mod sign;
mod sign_options;
mod signature;
mod sniff;
mod source;
mod text;
mod verify;
mod write;
mod xref;

pub use appearance::{
    AppearanceError, CopyKind, DECREE30_FONT_SIZE, DEFAULT_MAX_FONT_SIZE, DEFAULT_SEAL_MM,
    DEFAULT_SEAL_OVERLAP, DEFAULT_STAMP_MARGIN_MM, ImageKind, LayoutKind, Length, PT_PER_MM,
    Placement, SignatureLayout, TextAlign, TimeFormat, Unit, UtcOffset, Variant, VisibleAppearance,
    format_signing_time,
};
pub use crypt_error::CryptError;
#[allow(unused_imports)]
pub(crate) use document::{PdfField, PdfPage};
pub use error::PdfError;
#[allow(unused_imports)]
pub(crate) use file::{PdfFile, ReadOptions, ReaderFinding, Revision, RevisionView};
pub use inspect::{
    PdfFieldInfo, PdfInspection, PdfRevisionInfo, PdfSignatureInfo, inspect_pdf, inspect_pdf_with,
};
pub use limits::{PdfLimitKind, PdfLimits};
pub use ltv::{add_pdf_validation_data, timestamp_pdf};
#[allow(unused_imports)]
pub(crate) use object::{Dictionary, FileSpan, Name, Object, ObjectId, PdfString, Stream};
pub use report::{ModificationLevel, PdfReport, PdfSignatureReport};
pub use sign::{
    CmsExtension, PdfDefect, PdfSignError, PdfTimestamping, PdfUpdate, PreparedPdfSignature,
    SeedRequirement, prepare_pdf_signature, sign_pdf, sign_pdf_extended, sign_pdf_timestamped,
    sign_pdf_with,
};
pub use sign_options::{
    DocMdpPermission, FieldLock, LockAction, PdfRect, PdfSignOptions, PdfSubFilter,
};
pub use signature::PdfSignatureKind;
pub use sniff::{PDF_HEADER_WINDOW, header_offset, is_pdf};
pub use source::{PdfSource, SourceError};
pub use verify::PdfVerifyOptions;
#[allow(unused_imports)]
pub(crate) use xref::{XrefEntry, XrefForm};

#[cfg(test)]
pub(crate) mod tests;
