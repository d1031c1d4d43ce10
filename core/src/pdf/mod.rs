//! PDF signatures (ISO 32000-2 §12.8, ETSI EN 319 142-1 PAdES): a reader for every revision of
//! a file, an incremental writer, signing, verification and modification analysis
//! (issue 11). Why hand-written and not lopdf: shared/brief/architecture.md §3 (no byte
//! offsets, randomness, ~650 KB of WASM).

// The object model stays inside core (the public API is signing, verification and reports).
// TODO(issue 11, reader): drop this allow once the reader uses the model.
#[allow(dead_code)]
mod object;
mod source;

#[allow(unused_imports)]
pub(crate) use object::{Dictionary, FileSpan, Name, Object, ObjectId, PdfString, Stream};
pub use source::{PdfSource, SourceError};
