//! Objects of a PDF file as they stood at a revision (ISO 32000-2 §7.3, §7.5.7): resolution
//! through the cross-reference entries, object streams, stream lengths and decoding, with
//! the reader's budgets counted.

use super::*;

impl<'s> PdfFile<'s> {
    pub(super) fn count_resolution(&self) -> Result<(), PdfError> {
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

    pub(super) fn resolve(
        &self,
        revision: usize,
        id: ObjectId,
        depth: u32,
    ) -> Result<Object, PdfError> {
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
    pub(super) fn object_at(
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
    pub(super) fn stream_length(
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
                        .take_while(|b| super::super::parser::is_whitespace(**b))
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
    pub(super) fn object_stream(
        &self,
        revision: usize,
        number: u32,
    ) -> Result<Rc<ObjectStream>, PdfError> {
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
        let decoded =
            super::super::filter::decode(&stream.dict, &raw, limit).map_err(|e| match e {
                super::super::filter::FilterError::TooLarge => {
                    PdfError::Limit(PdfLimitKind::DecodedStream)
                }
                super::super::filter::FilterError::Unsupported(name) => PdfError::Stream {
                    id: Some(id),
                    what: format!("unsupported filter {name}"),
                },
                super::super::filter::FilterError::Corrupt(what) => PdfError::Stream {
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
