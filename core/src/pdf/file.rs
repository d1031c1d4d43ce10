//! A PDF file as its revisions (ISO 32000-2 §7.5.6 incremental updates): the `/Prev` chain of
//! cross-reference sections from the last `startxref`, each revision's byte range, and lazy
//! resolution of objects as they stood at any revision. Structural oddities an attacker can
//! use for parser differentials (shared/brief/pdf-ltv-login.md R13) are recorded as findings.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use super::limits::{PdfLimitKind, PdfLimits};
use super::object::{Dictionary, FileSpan, Object, ObjectId, Stream};
use super::parser::{ParseError, Parser};
use super::xref::{self, Section, XrefEntry, XrefForm};
use super::{PdfError, PdfSource};
use crate::i18n::MessageId;

mod objects;
mod revisions;

/// How to read a file.
#[derive(Clone, Debug, Default)]
pub(crate) struct ReadOptions {
    pub limits: PdfLimits,
    /// Rebuild the cross-reference information by scanning when it is unusable (reading for
    /// verification only; always reported as a finding).
    pub allow_reconstruction: bool,
    /// The user (or owner) password of an encrypted file; empty when `None`.
    pub password: Option<Vec<u8>>,
}

/// Something odd about the file's structure, found while reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReaderFinding {
    pub code: MessageId,
    /// The revision it concerns (0 = the original), when one.
    pub revision: Option<usize>,
    pub detail: String,
}

/// One revision: the original file or one incremental update.
#[derive(Clone, Debug)]
pub(crate) struct Revision {
    /// Where this revision's bytes start (the previous revision's `end`; 0 for the first).
    pub start: u64,
    /// The offset `startxref` gives for this revision's (newest) cross-reference section.
    pub startxref: u64,
    /// Just after this revision's `%%EOF` marker.
    pub eof_end: u64,
    /// After the end-of-line that follows `%%EOF` (where an update appended later begins).
    pub end: u64,
    pub form: XrefForm,
    pub trailer: Dictionary,
    /// What this revision's section(s) define.
    pub entries: BTreeMap<u32, XrefEntry>,
    /// The cross-reference stream objects of this revision (they are not document objects).
    pub xref_streams: Vec<ObjectId>,
}

/// A decoded object stream (§7.5.7): its objects by index.
struct ObjectStream {
    objects: Vec<(u32, Object)>,
}

/// An open PDF file.
pub(crate) struct PdfFile<'s> {
    source: &'s dyn PdfSource,
    len: u64,
    revisions: Vec<Revision>,
    findings: RefCell<Vec<ReaderFinding>>,
    limits: PdfLimits,
    reconstructed: bool,
    encrypted: bool,
    object_cache: RefCell<HashMap<(u64, ObjectId), Object>>,
    stream_cache: RefCell<HashMap<(u64, u32), Rc<ObjectStream>>>,
    resolutions: Cell<u64>,
    decoded_total: Cell<u64>,
    decryptor: Option<super::crypt_hook::Decryptor>,
}

impl core::fmt::Debug for PdfFile<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PdfFile")
            .field("len", &self.len)
            .field("revisions", &self.revisions.len())
            .finish()
    }
}

/// The largest window read for a cross-reference section or the file's tail.
const TAIL_WINDOW: u64 = 2048;

impl<'s> PdfFile<'s> {
    /// Opens `source`: checks the header, walks the cross-reference chain from the last
    /// `startxref` and splits the file into revisions.
    pub(crate) fn open(source: &'s dyn PdfSource, options: &ReadOptions) -> Result<Self, PdfError> {
        let len = source.len();
        let mut file = Self {
            source,
            len,
            revisions: Vec::new(),
            findings: RefCell::new(Vec::new()),
            limits: options.limits,
            reconstructed: false,
            encrypted: false,
            object_cache: RefCell::new(HashMap::new()),
            stream_cache: RefCell::new(HashMap::new()),
            resolutions: Cell::new(0),
            decoded_total: Cell::new(0),
            decryptor: None,
        };
        let head = file.read(0, 1024)?;
        if super::sniff::header_offset(&head).is_none() {
            return Err(PdfError::NotPdf);
        }
        match file.read_revisions() {
            Ok(revisions) => file.revisions = revisions,
            Err(error) => {
                if !options.allow_reconstruction
                    || matches!(error, PdfError::Source(_) | PdfError::Limit(_))
                {
                    return Err(error);
                }
                file.note(MessageId::PdfXrefReconstructed, None, error.to_string());
                file.revisions = match file.revisions_from_scanned_sections()? {
                    Some(revisions) => revisions,
                    None => vec![file.reconstruct()?],
                };
                file.reconstructed = true;
            }
        }
        file.check_trailing_data()?;
        if let Some(encrypt) = file.latest().trailer().get(b"Encrypt").cloned() {
            file.encrypted = true;
            file.decryptor = Some(super::crypt_hook::Decryptor::open(
                &file,
                &encrypt,
                options.password.as_deref(),
            )?);
        }
        Ok(file)
    }

    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    pub(crate) fn source(&self) -> &'s dyn PdfSource {
        self.source
    }

    pub(crate) fn limits(&self) -> &PdfLimits {
        &self.limits
    }

    /// Oldest first: index 0 is the original document.
    pub(crate) fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    pub(crate) fn view(&self, revision: usize) -> RevisionView<'_, 's> {
        RevisionView {
            file: self,
            index: revision.min(self.revisions.len().saturating_sub(1)),
        }
    }

    pub(crate) fn latest(&self) -> RevisionView<'_, 's> {
        self.view(self.revisions.len().saturating_sub(1))
    }

    pub(crate) fn findings(&self) -> Vec<ReaderFinding> {
        self.findings.borrow().clone()
    }

    pub(crate) fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    pub(crate) fn reconstructed(&self) -> bool {
        self.reconstructed
    }

    /// The bytes of `span` (clamped to the file).
    pub(crate) fn read_span(&self, span: FileSpan) -> Result<Vec<u8>, PdfError> {
        let len = span.end.saturating_sub(span.start);
        self.read(
            span.start,
            usize::try_from(len).map_err(|_| PdfError::Limit(PdfLimitKind::ObjectBytes))?,
        )
    }

    pub(crate) fn note(&self, code: MessageId, revision: Option<usize>, detail: impl Into<String>) {
        let finding = ReaderFinding {
            code,
            revision,
            detail: detail.into(),
        };
        let mut findings = self.findings.borrow_mut();
        if !findings.contains(&finding) && findings.len() < 1000 {
            findings.push(finding);
        }
    }

    fn read(&self, offset: u64, len: usize) -> Result<Vec<u8>, PdfError> {
        let available = usize::try_from(self.len.saturating_sub(offset)).unwrap_or(usize::MAX);
        let mut buf = vec![0u8; len.min(available)];
        let mut filled = 0;
        while filled < buf.len() {
            let at = offset.saturating_add(u64::try_from(filled).unwrap_or(u64::MAX));
            let n = self
                .source
                .read_at(at, buf.get_mut(filled..).unwrap_or_default())?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        buf.truncate(filled);
        Ok(buf)
    }

    /// Parses from `offset`, reading a larger window while the parser needs more.
    pub(crate) fn parse_at<T>(
        &self,
        offset: u64,
        mut parse: impl FnMut(&mut Parser<'_>) -> Result<T, ParseError>,
    ) -> Result<T, ParseFailure> {
        let mut window: u64 = 4096;
        loop {
            let available = self.len.saturating_sub(offset);
            let size = window.min(available);
            let buf = self
                .read(offset, usize::try_from(size).unwrap_or(usize::MAX))
                .map_err(ParseFailure::Read)?;
            let complete = size >= available;
            let mut parser = Parser::new(&buf, offset, complete, self.limits.max_nesting);
            match parse(&mut parser) {
                Err(ParseError::NeedMore) if !complete && window < self.limits.max_object_bytes => {
                    window = window.saturating_mul(4).min(self.limits.max_object_bytes);
                }
                Err(ParseError::NeedMore) => {
                    return Err(ParseFailure::Read(PdfError::Limit(
                        PdfLimitKind::ObjectBytes,
                    )));
                }
                Err(ParseError::TooDeep) => {
                    return Err(ParseFailure::Read(PdfError::Limit(PdfLimitKind::Nesting)));
                }
                Err(ParseError::Syntax { offset, what }) => {
                    return Err(ParseFailure::Syntax { offset, what });
                }
                Ok(value) => return Ok(value),
            }
        }
    }
}

/// Why `parse_at` failed.
#[derive(Debug)]
pub(crate) enum ParseFailure {
    Read(PdfError),
    Syntax { offset: u64, what: &'static str },
}

/// Objects parsed from decoded data have no file position.
fn strip_spans(object: Object) -> Object {
    match object {
        Object::String(mut s) => {
            s.span = None;
            Object::String(s)
        }
        Object::Array(items) => Object::Array(items.into_iter().map(strip_spans).collect()),
        Object::Dictionary(mut d) => {
            d.entries = d
                .entries
                .into_iter()
                .map(|(k, v)| (k, strip_spans(v)))
                .collect();
            Object::Dictionary(d)
        }
        other => other,
    }
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// `N G obj` ending at `obj_at` (the `obj` keyword's position), at the start of a line or
/// after white space: its start, number and generation.
fn object_header_before(buf: &[u8], obj_at: usize) -> Option<(usize, u32, u16)> {
    let after = buf.get(obj_at + 3).copied();
    if after.is_some_and(|b| !super::parser::is_whitespace(b) && !super::parser::is_delimiter(b)) {
        return None;
    }
    let mut i = obj_at;
    let skip_ws = |i: &mut usize| {
        let mut n = 0;
        while *i > 0
            && buf
                .get(*i - 1)
                .is_some_and(|b| super::parser::is_whitespace(*b))
        {
            *i -= 1;
            n += 1;
        }
        n
    };
    let digits = |i: &mut usize| {
        let end = *i;
        while *i > 0 && buf.get(*i - 1).is_some_and(u8::is_ascii_digit) {
            *i -= 1;
        }
        buf.get(*i..end)
    };
    if skip_ws(&mut i) == 0 {
        return None;
    }
    let generation = digits(&mut i).filter(|d| !d.is_empty())?;
    if skip_ws(&mut i) == 0 {
        return None;
    }
    let number = digits(&mut i).filter(|d| !d.is_empty())?;
    if i > 0
        && !buf
            .get(i - 1)
            .is_some_and(|b| super::parser::is_whitespace(*b) || super::parser::is_delimiter(*b))
    {
        return None;
    }
    let number = u32::try_from(super::parser::parse_unsigned(number)?).ok()?;
    let generation = u16::try_from(super::parser::parse_unsigned(generation)?).ok()?;
    Some((i, number, generation))
}

/// Objects as they stood at one revision.
#[derive(Clone, Copy)]
pub(crate) struct RevisionView<'f, 's> {
    file: &'f PdfFile<'s>,
    index: usize,
}

impl<'f, 's> RevisionView<'f, 's> {
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    pub(crate) fn file(&self) -> &'f PdfFile<'s> {
        self.file
    }

    pub(crate) fn revision(&self) -> Option<&'f Revision> {
        self.file.revisions.get(self.index)
    }

    pub(crate) fn trailer(&self) -> &'f Dictionary {
        static EMPTY: Dictionary = Dictionary {
            entries: Vec::new(),
        };
        self.revision().map(|r| &r.trailer).unwrap_or(&EMPTY)
    }

    pub(crate) fn entry(&self, number: u32) -> Option<(usize, XrefEntry)> {
        self.file.entry(self.index, number)
    }

    /// Object numbers in use at this revision.
    pub(crate) fn object_numbers(&self) -> Vec<u32> {
        let numbers: Vec<u32> = self
            .file
            .revisions
            .iter()
            .take(self.index + 1)
            .flat_map(|r| r.entries.keys().copied())
            .collect();
        // One sort for all of core (crate::sort: the WASM size budget).
        let mut numbers = crate::sort::sorted_by(numbers, Ord::cmp);
        numbers.dedup();
        numbers.retain(|n| {
            matches!(
                self.entry(*n),
                Some((_, XrefEntry::InFile { .. } | XrefEntry::InStream { .. }))
            )
        });
        numbers
    }

    /// The object `id` as this revision resolves it (`Null` when free or absent, §7.3.10).
    pub(crate) fn resolve(&self, id: ObjectId) -> Result<Object, PdfError> {
        self.file.resolve(self.index, id, 0)
    }

    /// `object` itself, or what its reference chain leads to.
    pub(crate) fn deref(&self, object: &Object) -> Result<Object, PdfError> {
        let mut current = object.clone();
        for _ in 0..=self.file.limits.max_indirection {
            match current {
                Object::Reference(id) => current = self.resolve(id)?,
                other => return Ok(other),
            }
        }
        Err(PdfError::Limit(PdfLimitKind::Indirection))
    }

    /// `object` dereferenced, if it is a dictionary (or a stream's dictionary).
    pub(crate) fn dict(&self, object: &Object) -> Result<Option<Dictionary>, PdfError> {
        Ok(match self.deref(object)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(s.dict),
            _ => None,
        })
    }

    /// `dict[key]` dereferenced.
    pub(crate) fn get(&self, dict: &Dictionary, key: &[u8]) -> Result<Option<Object>, PdfError> {
        match dict.get(key) {
            None => Ok(None),
            Some(value) => Ok(Some(self.deref(value)?).filter(|v| *v != Object::Null)),
        }
    }

    pub(crate) fn stream_data(&self, id: ObjectId, stream: &Stream) -> Result<Vec<u8>, PdfError> {
        self.file.decode_stream(id, stream)
    }

    pub(crate) fn raw_stream_data(
        &self,
        id: ObjectId,
        stream: &Stream,
    ) -> Result<Vec<u8>, PdfError> {
        self.file.raw_stream(id, stream)
    }
}
