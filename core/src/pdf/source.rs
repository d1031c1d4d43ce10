//! Where the reader gets the file's bytes. Core does no I/O (docs/architecture.md): the
//! caller hands in a [`PdfSource`] — a byte slice, or (in the CLI and the C ABI) a file read
//! at offsets — so that a 1 GB PDF is signed and verified without holding it in memory
//! (issue 11 item 3).

/// Random access to a PDF file's bytes.
pub trait PdfSource {
    /// The file's length in bytes.
    fn len(&self) -> u64;

    /// Whether the file is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fills `buf` from `offset`; returns how many bytes were read, fewer than `buf.len()` only
    /// at the end of the file.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError>;
}

/// The caller's source could not be read (an I/O error on its side).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceError {
    /// The caller's own description, shown as it is.
    pub detail: String,
}

impl SourceError {
    pub fn new(detail: impl Into<String>) -> Self {
        Self {
            detail: detail.into(),
        }
    }
}

impl PdfSource for [u8] {
    fn len(&self) -> u64 {
        u64::try_from(<[u8]>::len(self)).unwrap_or(u64::MAX)
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(<[u8]>::len(self));
        let available = self.get(start..).unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }
}

impl PdfSource for Vec<u8> {
    fn len(&self) -> u64 {
        PdfSource::len(self.as_slice())
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        self.as_slice().read_at(offset, buf)
    }
}

/// A reference to a source is a source (so that `&bytes[..]` can be passed where a
/// `&dyn PdfSource` is wanted: `&&bytes[..]`).
impl<T: PdfSource + ?Sized> PdfSource for &T {
    fn len(&self) -> u64 {
        (**self).len()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        (**self).read_at(offset, buf)
    }
}
