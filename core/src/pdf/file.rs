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

    // ------------------------------------------------------------------ the revision chain

    fn last_startxref(&self) -> Result<u64, PdfError> {
        let start = self.len.saturating_sub(TAIL_WINDOW);
        let tail = self.read(start, usize::try_from(TAIL_WINDOW).unwrap_or(2048))?;
        let at = rfind(&tail, b"startxref").ok_or(PdfError::Xref {
            offset: self.len,
            what: "no startxref",
        })?;
        let mut parser = Parser::new(tail.get(at + 9..).unwrap_or_default(), start, true, 4);
        parser.unsigned().map_err(|_| PdfError::Xref {
            offset: self.len,
            what: "bad startxref",
        })
    }

    fn read_revisions(&self) -> Result<Vec<Revision>, PdfError> {
        let first = self.last_startxref()?;
        // Newest first while walking /Prev (§7.5.6).
        let mut sections: Vec<Section> = Vec::new();
        let mut visited = HashSet::new();
        let mut next = Some(first);
        while let Some(offset) = next {
            if !visited.insert(offset) {
                self.note(
                    MessageId::PdfXrefPrevLoop,
                    None,
                    format!("/Prev {offset} was already read"),
                );
                break;
            }
            if sections.len() >= usize::try_from(self.limits.max_revisions).unwrap_or(usize::MAX) {
                return Err(PdfError::Limit(PdfLimitKind::Revisions));
            }
            let section = self.read_section(offset)?;
            next = match section.trailer.get(b"Prev") {
                None => None,
                Some(prev) => Some(
                    prev.as_integer()
                        .and_then(|p| u64::try_from(p).ok())
                        .ok_or(PdfError::Xref {
                            offset,
                            what: "bad /Prev",
                        })?,
                ),
            };
            sections.push(section);
        }
        // Oldest first; a section whose /Prev points forward is a linearised file's first-page
        // section (ISO 32000-2 Annex F): it belongs to the same revision as the one it points to.
        sections.reverse();
        let mut groups: Vec<Vec<Section>> = Vec::new();
        for section in sections {
            match groups.last_mut() {
                Some(group)
                    if group
                        .last()
                        .is_some_and(|older| older.offset > section.offset) =>
                {
                    group.push(section)
                }
                _ => groups.push(vec![section]),
            }
        }
        let mut revisions = Vec::with_capacity(groups.len());
        let mut start = 0u64;
        for (index, group) in groups.into_iter().enumerate() {
            let revision = self.revision_from(index, start, group)?;
            start = revision.end;
            revisions.push(revision);
        }
        Ok(revisions)
    }

    fn revision_from(
        &self,
        index: usize,
        start: u64,
        group: Vec<Section>,
    ) -> Result<Revision, PdfError> {
        // In a group the newest (last) section's trailer is the revision's; entries of newer
        // sections win.
        let mut entries = BTreeMap::new();
        let mut xref_streams = Vec::new();
        let mut form = XrefForm::Table;
        let mut trailer = Dictionary::new();
        let mut section_end = 0;
        let mut startxref = 0;
        for section in &group {
            for (number, entry) in &section.entries {
                entries.insert(*number, *entry);
            }
            xref_streams.extend(section.stream_id);
            section_end = section_end.max(section.end);
        }
        if let Some(newest) = group.last() {
            trailer = newest.trailer.clone();
            startxref = newest.offset;
            form = if newest.is_stream {
                XrefForm::Stream
            } else if newest.trailer.get(b"XRefStm").is_some() {
                XrefForm::Hybrid
            } else {
                XrefForm::Table
            };
        }
        let (eof_end, end) = self.eof_after(section_end)?;
        if eof_end.is_none() {
            self.note(
                MessageId::PdfXrefNoEof,
                Some(index),
                format!("after offset {section_end}"),
            );
        }
        Ok(Revision {
            start,
            startxref,
            eof_end: eof_end.unwrap_or(end),
            end,
            form,
            trailer,
            entries,
            xref_streams,
        })
    }

    /// The end of the `%%EOF` marker after `offset` and the end of its end-of-line.
    fn eof_after(&self, offset: u64) -> Result<(Option<u64>, u64), PdfError> {
        let window = self.read(offset, 4096)?;
        let Some(at) = find(&window, b"%%EOF") else {
            return Ok((None, offset));
        };
        let eof_end = offset + u64::try_from(at + 5).unwrap_or(0);
        let rest = window.get(at + 5..).unwrap_or_default();
        let eol = match rest {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            _ => 0,
        };
        Ok((Some(eof_end), eof_end + eol))
    }

    /// One section at `offset`: a table (with its hybrid `/XRefStm` merged) or a stream.
    fn read_section(&self, offset: u64) -> Result<Section, PdfError> {
        if offset >= self.len {
            return Err(PdfError::Xref {
                offset,
                what: "startxref beyond the end of the file",
            });
        }
        let limits = self.limits;
        let table = self.parse_at(offset, |p| {
            p.skip_whitespace();
            if p.rest().starts_with(b"xref") {
                xref::parse_table(p, &limits).map(Some)
            } else {
                Ok(None)
            }
        });
        match table {
            Ok(Some(mut section)) => {
                section.offset = offset;
                if let Some(stm) = section.trailer.get(b"XRefStm").cloned() {
                    self.merge_hybrid(&mut section, &stm)?;
                }
                Ok(section)
            }
            Ok(None) => self.read_stream_section(offset),
            Err(ParseFailure::Read(e)) => Err(e),
            Err(ParseFailure::Syntax { what, .. }) => Err(PdfError::Xref { offset, what }),
        }
    }

    fn read_stream_section(&self, offset: u64) -> Result<Section, PdfError> {
        let (id, dict, data_start) = match self.parse_at(offset, |p| {
            p.skip_whitespace();
            xref::parse_stream_header(p)
        }) {
            Ok(v) => v,
            Err(ParseFailure::Read(e)) => return Err(e),
            Err(ParseFailure::Syntax { .. }) => {
                return Err(PdfError::Xref {
                    offset,
                    what: "neither a cross-reference table nor a stream",
                });
            }
        };
        if !dict.type_name().is_some_and(|t| t.is(b"XRef")) {
            return Err(PdfError::Xref {
                offset,
                what: "the object is not a cross-reference stream",
            });
        }
        let length = dict
            .get(b"Length")
            .and_then(Object::as_integer)
            .and_then(|l| u64::try_from(l).ok())
            .ok_or(PdfError::Xref {
                offset,
                what: "a cross-reference stream needs a direct /Length",
            })?;
        if length > self.limits.max_object_bytes || data_start.saturating_add(length) > self.len {
            return Err(PdfError::Xref {
                offset,
                what: "bad /Length",
            });
        }
        let raw = self.read_span(data_start..data_start + length)?;
        let decoded =
            xref::decode_stream(&dict, &raw, &self.limits).map_err(|_| PdfError::Xref {
                offset,
                what: "undecodable cross-reference stream",
            })?;
        let entries = xref::stream_entries(&dict, &decoded, &self.limits)
            .map_err(|what| PdfError::Xref { offset, what })?;
        Ok(Section {
            offset,
            is_stream: true,
            trailer: dict,
            entries,
            end: data_start + length,
            stream_id: Some(id),
        })
    }

    /// §7.5.8.4: a PDF 1.5 reader adds the `/XRefStm` entries for objects the table leaves
    /// free or absent. Where both give an object a place and they differ, the 1.4 and 1.5
    /// readings of this revision disagree — a parser differential (pyHanko#71), a finding.
    fn merge_hybrid(&self, section: &mut Section, stm: &Object) -> Result<(), PdfError> {
        let offset =
            stm.as_integer()
                .and_then(|o| u64::try_from(o).ok())
                .ok_or(PdfError::Xref {
                    offset: section.offset,
                    what: "bad /XRefStm",
                })?;
        let stream = self.read_stream_section(offset)?;
        let mut disagreements = Vec::new();
        for (number, entry) in stream.entries {
            match section.entries.get(&number) {
                None | Some(XrefEntry::Free { .. }) => {
                    if !matches!(entry, XrefEntry::Free { .. }) {
                        section.entries.insert(number, entry);
                    }
                }
                Some(table_entry) => {
                    if *table_entry != entry && !matches!(entry, XrefEntry::Free { .. }) {
                        disagreements.push(number);
                    }
                }
            }
        }
        if !disagreements.is_empty() {
            let list: Vec<String> = disagreements.iter().take(10).map(u32::to_string).collect();
            self.note(
                MessageId::PdfXrefHybridMismatch,
                None,
                format!("objects {}", list.join(", ")),
            );
        }
        section.stream_id = stream.stream_id;
        Ok(())
    }

    fn check_trailing_data(&self) -> Result<(), PdfError> {
        let Some(last) = self.revisions.last() else {
            return Ok(());
        };
        if last.end >= self.len || self.reconstructed {
            return Ok(());
        }
        let extra = self.len - last.end;
        let tail = self.read(last.end, usize::try_from(extra.min(1 << 20)).unwrap_or(0))?;
        if tail.iter().any(|b| !super::parser::is_whitespace(*b)) {
            self.note(
                MessageId::PdfXrefDataAfterEof,
                Some(self.revisions.len() - 1),
                format!("{extra} bytes"),
            );
        }
        Ok(())
    }

    /// Rebuilds the revisions from every cross-reference table found by scanning, in file
    /// order, when the `/Prev` chain is broken but the sections themselves are intact (a
    /// producer that wrote a wrong `/Prev` or `startxref` into a later update). Each section
    /// keeps its own revision, so signatures still cover whole revisions. `None` when no
    /// usable section is found (then [`PdfFile::reconstruct`] scans for objects).
    fn revisions_from_scanned_sections(&self) -> Result<Option<Vec<Revision>>, PdfError> {
        const CHUNK: u64 = 1 << 20;
        let mut offsets = Vec::new();
        let mut offset = 0u64;
        while offset < self.len {
            let buf = self.read(offset, usize::try_from(CHUNK + 8).unwrap_or(0))?;
            let limit = usize::try_from(CHUNK).unwrap_or(0).min(buf.len());
            let mut i = 0;
            while let Some(rel) = find(buf.get(i..limit).unwrap_or_default(), b"xref") {
                let at = i + rel;
                let line_start =
                    at == 0 || buf.get(at - 1).is_some_and(|b| *b == b'\n' || *b == b'\r');
                let not_startxref = at < 5 || buf.get(at - 5..at) != Some(b"start".as_slice());
                if line_start && not_startxref {
                    offsets.push(offset + u64::try_from(at).unwrap_or(0));
                    if offsets.len()
                        > usize::try_from(self.limits.max_revisions).unwrap_or(usize::MAX)
                    {
                        return Err(PdfError::Limit(PdfLimitKind::Revisions));
                    }
                }
                i = at + 4;
            }
            offset += CHUNK;
        }
        let mut revisions: Vec<Revision> = Vec::new();
        let mut start = 0u64;
        for section_offset in offsets {
            let Ok(section) = self.read_section(section_offset) else {
                continue;
            };
            let revision = self.revision_from(revisions.len(), start, vec![section])?;
            start = revision.end;
            revisions.push(revision);
        }
        let usable = revisions
            .last()
            .is_some_and(|r| r.trailer.get(b"Root").is_some());
        Ok(usable.then_some(revisions))
    }

    /// Rebuilds one revision by scanning for `N G obj` (for reading damaged files only).
    fn reconstruct(&self) -> Result<Revision, PdfError> {
        const CHUNK: u64 = 1 << 20;
        let mut entries: BTreeMap<u32, XrefEntry> = BTreeMap::new();
        let mut trailer: Option<Dictionary> = None;
        let mut offset = 0u64;
        while offset < self.len {
            let buf = self.read(offset, usize::try_from(CHUNK + 64).unwrap_or(0))?;
            let limit = usize::try_from(CHUNK).unwrap_or(0).min(buf.len());
            let mut i = 0;
            while i < limit {
                let Some(rel) = find(buf.get(i..limit).unwrap_or_default(), b"obj") else {
                    break;
                };
                let at = i + rel;
                if let Some((start, number, generation)) = object_header_before(&buf, at) {
                    let abs = offset + u64::try_from(start).unwrap_or(0);
                    entries.insert(
                        number,
                        XrefEntry::InFile {
                            offset: abs,
                            generation,
                        },
                    );
                    if entries.len()
                        > usize::try_from(self.limits.max_objects).unwrap_or(usize::MAX)
                    {
                        return Err(PdfError::Limit(PdfLimitKind::Objects));
                    }
                }
                i = at + 3;
            }
            let mut j = 0;
            while let Some(rel) = find(buf.get(j..limit).unwrap_or_default(), b"trailer") {
                let at = offset + u64::try_from(j + rel + 7).unwrap_or(0);
                if let Ok(Object::Dictionary(d)) = self.parse_at(at, |p| p.object())
                    && d.get(b"Root").is_some()
                {
                    trailer = Some(d);
                }
                j += rel + 7;
            }
            offset += CHUNK;
        }
        let mut revision = Revision {
            start: 0,
            startxref: 0,
            eof_end: self.len,
            end: self.len,
            form: XrefForm::Table,
            trailer: trailer.clone().unwrap_or_default(),
            entries,
            xref_streams: Vec::new(),
        };
        // Object streams and cross-reference streams found by the scan contribute their entries
        // (the catalog is often inside an object stream in PDF 1.5 files).
        let view_file = PdfFile {
            source: self.source,
            len: self.len,
            revisions: vec![revision.clone()],
            findings: RefCell::new(Vec::new()),
            limits: self.limits,
            reconstructed: true,
            encrypted: false,
            object_cache: RefCell::new(HashMap::new()),
            stream_cache: RefCell::new(HashMap::new()),
            resolutions: Cell::new(0),
            decoded_total: Cell::new(0),
            decryptor: None,
        };
        let view = view_file.view(0);
        let numbers: Vec<(u32, XrefEntry)> =
            revision.entries.iter().map(|(n, e)| (*n, *e)).collect();
        for (number, entry) in numbers {
            let XrefEntry::InFile { generation, .. } = entry else {
                continue;
            };
            let Ok(Object::Stream(stream)) = view.resolve(ObjectId::new(number, generation)) else {
                continue;
            };
            if stream.dict.type_name().is_some_and(|t| t.is(b"ObjStm")) {
                if let Ok(objects) = view_file.object_stream(0, number) {
                    for (index, (contained, _)) in objects.objects.iter().enumerate() {
                        revision
                            .entries
                            .entry(*contained)
                            .or_insert(XrefEntry::InStream {
                                stream: number,
                                index: u32::try_from(index).unwrap_or(u32::MAX),
                            });
                    }
                }
            } else if trailer.is_none()
                && stream.dict.type_name().is_some_and(|t| t.is(b"XRef"))
                && stream.dict.get(b"Root").is_some()
            {
                revision.trailer = stream.dict.clone();
            }
        }
        if revision.trailer.get(b"Root").is_none() {
            // No trailer at all: the catalog found by type.
            let ids: Vec<(u32, XrefEntry)> =
                revision.entries.iter().map(|(n, e)| (*n, *e)).collect();
            let mut fixed = view_file;
            fixed.revisions = vec![revision.clone()];
            for (number, entry) in ids {
                let generation = match entry {
                    XrefEntry::InFile { generation, .. } => generation,
                    _ => 0,
                };
                let id = ObjectId::new(number, generation);
                if let Ok(object) = fixed.view(0).resolve(id)
                    && object
                        .as_dict()
                        .and_then(Dictionary::type_name)
                        .is_some_and(|t| t.is(b"Catalog"))
                {
                    revision.trailer.set(b"Root", Object::Reference(id));
                    break;
                }
            }
        }
        if revision.trailer.get(b"Root").is_none() {
            return Err(PdfError::NoCatalog);
        }
        Ok(revision)
    }

    // ------------------------------------------------------------------ objects

    fn count_resolution(&self) -> Result<(), PdfError> {
        let n = self.resolutions.get().saturating_add(1);
        self.resolutions.set(n);
        if n > self.limits.max_resolutions {
            Err(PdfError::Limit(PdfLimitKind::Resolutions))
        } else {
            Ok(())
        }
    }

    pub(crate) fn count_decoded(&self, bytes: usize) -> Result<(), PdfError> {
        let total = self
            .decoded_total
            .get()
            .saturating_add(u64::try_from(bytes).unwrap_or(u64::MAX));
        self.decoded_total.set(total);
        if total > self.limits.max_total_decoded {
            Err(PdfError::Limit(PdfLimitKind::TotalDecoded))
        } else {
            Ok(())
        }
    }

    /// The newest entry for `number` in revisions `0..=revision`, with the revision defining it.
    pub(crate) fn entry(&self, revision: usize, number: u32) -> Option<(usize, XrefEntry)> {
        self.revisions
            .iter()
            .enumerate()
            .take(revision.saturating_add(1))
            .rev()
            .find_map(|(i, r)| r.entries.get(&number).map(|e| (i, *e)))
    }

    fn resolve(&self, revision: usize, id: ObjectId, depth: u32) -> Result<Object, PdfError> {
        if depth > self.limits.max_indirection {
            return Err(PdfError::Limit(PdfLimitKind::Indirection));
        }
        self.count_resolution()?;
        match self.entry(revision, id.number) {
            None | Some((_, XrefEntry::Free { .. })) => Ok(Object::Null),
            Some((_, XrefEntry::InFile { offset, generation })) => {
                if generation != id.generation {
                    return Ok(Object::Null);
                }
                self.object_at(revision, offset, id, depth)
            }
            Some((defined_in, XrefEntry::InStream { stream, index })) => {
                if id.generation != 0 {
                    return Ok(Object::Null);
                }
                let objects = self.object_stream(defined_in.max(revision).min(revision), stream)?;
                match objects
                    .objects
                    .get(usize::try_from(index).unwrap_or(usize::MAX))
                {
                    Some((number, object)) if *number == id.number => Ok(object.clone()),
                    // The index is wrong: look the number up in the stream, as viewers do.
                    _ => match objects.objects.iter().find(|(n, _)| *n == id.number) {
                        Some((_, object)) => Ok(object.clone()),
                        None => Err(PdfError::Object {
                            id: Some(id),
                            offset: 0,
                            what: "not in its object stream",
                        }),
                    },
                }
            }
        }
    }

    /// The object whose `N G obj` header is at `offset`.
    fn object_at(
        &self,
        revision: usize,
        offset: u64,
        id: ObjectId,
        depth: u32,
    ) -> Result<Object, PdfError> {
        if let Some(object) = self.object_cache.borrow().get(&(offset, id)) {
            return Ok(object.clone());
        }
        if offset >= self.len {
            self.note(
                MessageId::PdfXrefBadOffset,
                Some(revision),
                format!("object {} {} at {offset}", id.number, id.generation),
            );
            return Err(PdfError::Object {
                id: Some(id),
                offset,
                what: "offset beyond the end of the file",
            });
        }
        let parsed = self.parse_at(offset, |p| {
            let header = p.object_header()?;
            let object = p.object()?;
            let stream_start = if matches!(object, Object::Dictionary(_)) {
                p.stream_start()?
            } else {
                None
            };
            Ok((header, object, stream_start))
        });
        let (header, object, stream_start) = match parsed {
            Ok(v) => v,
            Err(ParseFailure::Read(e)) => return Err(e),
            Err(ParseFailure::Syntax { offset: at, what }) => {
                self.note(
                    MessageId::PdfXrefBadOffset,
                    Some(revision),
                    format!("object {} {} at {offset}: {what}", id.number, id.generation),
                );
                return Err(PdfError::Object {
                    id: Some(id),
                    offset: at,
                    what,
                });
            }
        };
        if header != id {
            self.note(
                MessageId::PdfXrefBadOffset,
                Some(revision),
                format!(
                    "object {} {} at {offset} is {} {}",
                    id.number, id.generation, header.number, header.generation
                ),
            );
            return Err(PdfError::Object {
                id: Some(id),
                offset,
                what: "the cross-reference entry points to another object",
            });
        }
        let object = match (object, stream_start) {
            (Object::Dictionary(dict), Some(start)) => {
                let length = self.stream_length(revision, &dict, start, depth)?;
                Object::Stream(Stream {
                    dict,
                    data: start..start + length,
                })
            }
            (object, _) => object,
        };
        let object = match &self.decryptor {
            Some(decryptor) => decryptor.decrypt_strings(id, object)?,
            None => object,
        };
        self.object_cache
            .borrow_mut()
            .insert((offset, id), object.clone());
        Ok(object)
    }

    /// A stream's data length: `/Length` when it is right (followed by `endstream`), else
    /// found by searching for `endstream` (damaged files; reported).
    fn stream_length(
        &self,
        revision: usize,
        dict: &Dictionary,
        start: u64,
        depth: u32,
    ) -> Result<u64, PdfError> {
        let declared = match dict.get(b"Length") {
            Some(Object::Integer(n)) => u64::try_from(*n).ok(),
            Some(Object::Reference(id)) => self
                .resolve(revision, *id, depth + 1)?
                .as_integer()
                .and_then(|n| u64::try_from(n).ok()),
            _ => None,
        };
        if let Some(length) = declared {
            let end = start.saturating_add(length);
            if end <= self.len {
                let after = self.read(end, 32)?;
                let trimmed: &[u8] = {
                    let n = after
                        .iter()
                        .take_while(|b| super::parser::is_whitespace(**b))
                        .count();
                    after.get(n..).unwrap_or_default()
                };
                if trimmed.starts_with(b"endstream") {
                    return Ok(length);
                }
            }
        }
        // Search forward for `endstream`.
        let mut offset = start;
        const CHUNK: usize = 1 << 16;
        while offset < self.len {
            let buf = self.read(offset, CHUNK + 16)?;
            if let Some(at) = find(&buf, b"endstream") {
                let mut end = offset + u64::try_from(at).unwrap_or(0);
                // The end-of-line before `endstream` is not data (§7.3.8.1).
                let before = self.read(end.saturating_sub(2), 2)?;
                if before.ends_with(b"\r\n") {
                    end -= 2;
                } else if before.ends_with(b"\n") || before.ends_with(b"\r") {
                    end -= 1;
                }
                return Ok(end.max(start) - start);
            }
            if buf.len() <= 16 {
                break;
            }
            offset += u64::try_from(CHUNK).unwrap_or(0);
            if offset - start
                > self
                    .limits
                    .max_object_bytes
                    .max(self.limits.max_decoded_stream)
            {
                break;
            }
        }
        Err(PdfError::Object {
            id: None,
            offset: start,
            what: "stream without endstream",
        })
    }

    /// The decoded object stream `number` as revision `revision` sees it (§7.5.7).
    fn object_stream(&self, revision: usize, number: u32) -> Result<Rc<ObjectStream>, PdfError> {
        let Some((_, XrefEntry::InFile { offset, generation })) = self.entry(revision, number)
        else {
            return Err(PdfError::Object {
                id: Some(ObjectId::new(number, 0)),
                offset: 0,
                what: "object stream not found",
            });
        };
        if let Some(cached) = self.stream_cache.borrow().get(&(offset, number)) {
            return Ok(cached.clone());
        }
        let id = ObjectId::new(number, generation);
        let Object::Stream(stream) = self.object_at(revision, offset, id, 0)? else {
            return Err(PdfError::Object {
                id: Some(id),
                offset,
                what: "an object stream is not a stream",
            });
        };
        let data = self.decode_stream(id, &stream)?;
        let count = stream
            .dict
            .get(b"N")
            .and_then(Object::as_integer)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0);
        let first = stream
            .dict
            .get(b"First")
            .and_then(Object::as_integer)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0);
        if count > usize::try_from(self.limits.max_objects).unwrap_or(usize::MAX)
            || count > data.len()
        {
            return Err(PdfError::Object {
                id: Some(id),
                offset,
                what: "bad object stream /N",
            });
        }
        let mut header = Parser::new(&data, 0, true, 4);
        let mut offsets = Vec::with_capacity(count);
        for _ in 0..count {
            let (Ok(n), Ok(o)) = (header.unsigned(), header.unsigned()) else {
                return Err(PdfError::Object {
                    id: Some(id),
                    offset,
                    what: "bad object stream header",
                });
            };
            offsets.push((
                u32::try_from(n).unwrap_or(u32::MAX),
                usize::try_from(o).unwrap_or(usize::MAX),
            ));
        }
        let mut objects = Vec::with_capacity(count);
        for (n, o) in offsets {
            let at = first.saturating_add(o);
            let slice = data.get(at..).unwrap_or_default();
            let mut parser = Parser::new(slice, 0, true, self.limits.max_nesting);
            // Strings in object streams are not encrypted on their own (§7.6.2): the stream was.
            let object = parser.object().map_err(|e| match e {
                ParseError::TooDeep => PdfError::Limit(PdfLimitKind::Nesting),
                _ => PdfError::Object {
                    id: Some(ObjectId::new(n, 0)),
                    offset,
                    what: "unreadable object in an object stream",
                },
            })?;
            objects.push((n, strip_spans(object)));
        }
        let stream = Rc::new(ObjectStream { objects });
        self.stream_cache
            .borrow_mut()
            .insert((offset, number), stream.clone());
        Ok(stream)
    }

    /// A stream's data, decrypted and decoded through its filters, within the limits.
    pub(crate) fn decode_stream(&self, id: ObjectId, stream: &Stream) -> Result<Vec<u8>, PdfError> {
        let raw = self.raw_stream(id, stream)?;
        let limit = self.limits.max_decoded_stream.min(
            self.limits
                .max_total_decoded
                .saturating_sub(self.decoded_total.get()),
        );
        let decoded = super::filter::decode(&stream.dict, &raw, limit).map_err(|e| match e {
            super::filter::FilterError::TooLarge => PdfError::Limit(PdfLimitKind::DecodedStream),
            super::filter::FilterError::Unsupported(name) => PdfError::Stream {
                id: Some(id),
                what: format!("unsupported filter {name}"),
            },
            super::filter::FilterError::Corrupt(what) => PdfError::Stream {
                id: Some(id),
                what: what.to_owned(),
            },
        })?;
        self.count_decoded(decoded.len())?;
        Ok(decoded)
    }

    /// A stream's data as stored, decrypted when the file is encrypted.
    pub(crate) fn raw_stream(&self, id: ObjectId, stream: &Stream) -> Result<Vec<u8>, PdfError> {
        let length = stream.data.end.saturating_sub(stream.data.start);
        if length
            > self
                .limits
                .max_object_bytes
                .max(self.limits.max_decoded_stream)
        {
            return Err(PdfError::Limit(PdfLimitKind::ObjectBytes));
        }
        let raw = self.read_span(stream.data.clone())?;
        match &self.decryptor {
            Some(decryptor) => decryptor.decrypt_stream(id, &stream.dict, raw),
            None => Ok(raw),
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
