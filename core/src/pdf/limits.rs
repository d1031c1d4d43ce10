//! Work limits for reading a PDF (shared/brief/pdf-ltv-login.md R19): every structure an
//! attacker controls — object count, nesting, indirection chains, decompressed sizes, the
//! revision chain — is bounded, and crossing a bound is a typed error, never a hang or an
//! unbounded allocation.

/// Bounds on the work one PDF may cost. The defaults fit real documents of several hundred
/// megabytes with room to spare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PdfLimits {
    /// Highest object number a cross-reference section may declare (`/Size`).
    pub max_objects: u32,
    /// Deepest nesting of arrays and dictionaries in one object.
    pub max_nesting: u32,
    /// Longest chain of references followed to reach one value.
    pub max_indirection: u32,
    /// Largest decoded size of one stream (a decompression bomb stops here).
    pub max_decoded_stream: u64,
    /// Largest decoded size of all streams decoded for one file.
    pub max_total_decoded: u64,
    /// Most revisions (cross-reference sections) in the `/Prev` chain.
    pub max_revisions: u32,
    /// Largest object read from the file itself (not a stream's data).
    pub max_object_bytes: u64,
    /// Most objects resolved for one file (total work).
    pub max_resolutions: u64,
}

impl Default for PdfLimits {
    fn default() -> Self {
        Self {
            max_objects: 8_000_000,
            max_nesting: 256,
            max_indirection: 32,
            max_decoded_stream: 128 * 1024 * 1024,
            max_total_decoded: 1024 * 1024 * 1024,
            max_revisions: 4096,
            max_object_bytes: 64 * 1024 * 1024,
            max_resolutions: 20_000_000,
        }
    }
}

/// Which limit was crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfLimitKind {
    Objects,
    Nesting,
    Indirection,
    DecodedStream,
    TotalDecoded,
    Revisions,
    ObjectBytes,
    Resolutions,
}

impl PdfLimitKind {
    /// A short English name, used as the `{what}` of the catalogue sentence.
    pub fn name(self) -> &'static str {
        match self {
            Self::Objects => "object count",
            Self::Nesting => "nesting depth",
            Self::Indirection => "reference chain",
            Self::DecodedStream => "decoded stream size",
            Self::TotalDecoded => "total decoded size",
            Self::Revisions => "revision count",
            Self::ObjectBytes => "object size",
            Self::Resolutions => "objects resolved",
        }
    }
}
