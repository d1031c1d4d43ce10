//! The revision chain of a PDF file (ISO 32000-2 §7.5.5–§7.5.8): the last `startxref`, each
//! cross-reference section (table, stream, hybrid) along `/Prev`, where each revision ends,
//! and the reconstruction of a damaged file from its objects when that is allowed.

use super::*;

impl<'s> PdfFile<'s> {
    pub(super) fn last_startxref(&self) -> Result<u64, PdfError> {
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

    pub(super) fn read_revisions(&self) -> Result<Vec<Revision>, PdfError> {
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

    pub(super) fn revision_from(
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
    pub(super) fn eof_after(&self, offset: u64) -> Result<(Option<u64>, u64), PdfError> {
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
    pub(super) fn read_section(&self, offset: u64) -> Result<Section, PdfError> {
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

    pub(super) fn read_stream_section(&self, offset: u64) -> Result<Section, PdfError> {
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
    pub(super) fn merge_hybrid(&self, section: &mut Section, stm: &Object) -> Result<(), PdfError> {
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

    pub(super) fn check_trailing_data(&self) -> Result<(), PdfError> {
        let Some(last) = self.revisions.last() else {
            return Ok(());
        };
        if last.end >= self.len || self.reconstructed {
            return Ok(());
        }
        let extra = self.len - last.end;
        let tail = self.read(last.end, usize::try_from(extra.min(1 << 20)).unwrap_or(0))?;
        if tail
            .iter()
            .any(|b| !super::super::parser::is_whitespace(*b))
        {
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
    pub(super) fn revisions_from_scanned_sections(
        &self,
    ) -> Result<Option<Vec<Revision>>, PdfError> {
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
    pub(super) fn reconstruct(&self) -> Result<Revision, PdfError> {
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
}
