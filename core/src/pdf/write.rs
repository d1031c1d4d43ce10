//! The incremental update writer (ISO 32000-2 §7.5.6): the file's bytes stay as they are and
//! an update is appended — changed and new objects, a cross-reference section for them, a
//! trailer chaining to the previous section with `/Prev`, `startxref` and `%%EOF`.
//!
//! Rules it keeps (shared/brief/pdf-ltv-login.md §1):
//! - the section is in the form of the section it chains to (row 15: a stream after a
//!   hybrid-reference table makes Acrobat complain; the PDF TWG's answer in
//!   pdf-association/pdf-issues#523 is "keep the form"): a classic table after a table or a
//!   hybrid file, a cross-reference stream after a stream. A hybrid file's update has no
//!   `/XRefStm` of its own: its new objects are all plain objects, which a table lists;
//! - only the objects the caller hands in are written (rows 12, 21, 22: never rewrite
//!   unrelated objects, never change direct/indirect form); the caller keeps each object's
//!   number and generation;
//! - the trailer keeps `/Root`, `/Info` and `/ID` (the first identifier never changes,
//!   §14.4), never `/Encrypt` (encrypted files are refused before this point), and `/Size`
//!   covers every number in use.

use std::collections::BTreeMap;

use super::file::PdfFile;
use super::object::{Dictionary, Name, Object, ObjectId};
use super::serialize::{write_dictionary, write_object};
use super::sign::PdfSignError;
use super::xref::{XrefEntry, XrefForm};

/// The body of an object in the update.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// A plain object.
    Object(Object),
    /// A stream: its dictionary (`/Length` is set by the writer) and its data as written.
    Stream { dict: Dictionary, data: Vec<u8> },
    /// Bytes written between `obj` and `endobj` as they are (the signature dictionary, whose
    /// placeholders the signer patches in place).
    Raw(Vec<u8>),
}

/// An incremental update being assembled on top of the newest revision of a file.
pub(crate) struct IncrementalUpdate<'f, 's> {
    file: &'f PdfFile<'s>,
    next_number: u32,
    objects: BTreeMap<u32, (u16, Body)>,
}

/// The update's bytes and where each object's body starts in them.
#[derive(Clone, Debug)]
pub(crate) struct WrittenUpdate {
    pub bytes: Vec<u8>,
    /// Offset (in `bytes`) of the first byte after `N G obj\n`, by object number.
    pub body_offsets: BTreeMap<u32, usize>,
}

impl<'f, 's> IncrementalUpdate<'f, 's> {
    /// An empty update on `file`. Refused for encrypted files (new strings would have to be
    /// encrypted with the file's key, §7.6.2; issue 11 item 3 allows refusing) and for files
    /// whose cross-reference information had to be rebuilt (a viewer would repair them
    /// differently, and earlier signatures would then break in Acrobat: brief §1 row 17).
    pub(crate) fn new(file: &'f PdfFile<'s>) -> Result<Self, PdfSignError> {
        if file.is_encrypted() {
            return Err(PdfSignError::Encrypted);
        }
        if file.reconstructed() {
            return Err(PdfSignError::Damaged);
        }
        let latest = file.latest();
        let size = latest
            .trailer()
            .get(b"Size")
            .and_then(Object::as_integer)
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let highest = file
            .revisions()
            .iter()
            .flat_map(|r| {
                r.entries
                    .keys()
                    .copied()
                    .chain(r.xref_streams.iter().map(|id| id.number))
            })
            .max()
            .unwrap_or(0);
        let next_number = size.max(highest.saturating_add(1)).max(1);
        Ok(Self {
            file,
            next_number,
            objects: BTreeMap::new(),
        })
    }

    /// The file the update is written on.
    pub(crate) fn file(&self) -> &'f PdfFile<'s> {
        self.file
    }

    /// A new object number (generation 0).
    pub(crate) fn allocate(&mut self) -> Result<ObjectId, PdfSignError> {
        let number = self.next_number;
        self.next_number = number.checked_add(1).ok_or(PdfSignError::TooLarge)?;
        Ok(ObjectId::new(number, 0))
    }

    /// Puts `body` as object `id` (a new object, or a new version of an existing one with its
    /// number and generation).
    pub(crate) fn set(&mut self, id: ObjectId, body: Body) {
        self.objects.insert(id.number, (id.generation, body));
    }

    /// The object `id` as the update will have it: the version set here, else the file's.
    pub(crate) fn current(&self, id: ObjectId) -> Result<Object, PdfSignError> {
        match self.objects.get(&id.number) {
            Some((_, Body::Object(object))) => Ok(object.clone()),
            Some(_) => Ok(Object::Null),
            None => Ok(self.file.latest().resolve(id)?),
        }
    }

    /// The generation the file gives object `number` now (0 when it is new or compressed).
    pub(crate) fn generation_of(&self, number: u32) -> u16 {
        match self.file.latest().entry(number) {
            Some((_, XrefEntry::InFile { generation, .. })) => generation,
            _ => 0,
        }
    }

    /// Writes the update. `base_len` is the file's length (offsets are absolute).
    pub(crate) fn write(&self) -> Result<WrittenUpdate, PdfSignError> {
        let base_len = self.file.len();
        let latest = self.file.latest();
        let last = self.file.revisions().last().ok_or(PdfSignError::Damaged)?;
        let mut out = Vec::new();
        // The update starts on a line of its own (§7.5.6): a file whose `%%EOF` has no
        // end-of-line gets one.
        if base_len > 0 {
            let tail = self.file.read_span(base_len - 1..base_len)?;
            if !matches!(tail.first(), Some(b'\n' | b'\r')) {
                out.push(b'\n');
            }
        }
        let absolute = |relative: usize| -> Result<u64, PdfSignError> {
            u64::try_from(relative)
                .ok()
                .and_then(|r| base_len.checked_add(r))
                .ok_or(PdfSignError::TooLarge)
        };
        let mut body_offsets = BTreeMap::new();
        let mut offsets: BTreeMap<u32, (u64, u16)> = BTreeMap::new();
        for (&number, (generation, body)) in &self.objects {
            offsets.insert(number, (absolute(out.len())?, *generation));
            out.extend_from_slice(format!("{number} {generation} obj\n").as_bytes());
            body_offsets.insert(number, out.len());
            match body {
                Body::Object(object) => write_object(&mut out, object),
                Body::Raw(bytes) => out.extend_from_slice(bytes),
                Body::Stream { dict, data } => {
                    let mut dict = dict.clone();
                    dict.set(b"Length", Object::Integer(len_i64(data.len())?));
                    write_dictionary(&mut out, &dict);
                    out.extend_from_slice(b"\nstream\n");
                    out.extend_from_slice(data);
                    out.extend_from_slice(b"\nendstream");
                }
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        let mut trailer = Dictionary::new();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Some(value) = latest.trailer().get(key) {
                trailer.set(key, value.clone());
            }
        }
        let prev = i64::try_from(last.startxref).map_err(|_| PdfSignError::TooLarge)?;
        let xref_offset = absolute(out.len())?;
        match last.form {
            XrefForm::Table | XrefForm::Hybrid => {
                trailer.set(b"Size", Object::Integer(i64::from(self.next_number)));
                trailer.set(b"Prev", Object::Integer(prev));
                write_table(&mut out, &offsets)?;
                out.extend_from_slice(b"trailer\n");
                write_dictionary(&mut out, &trailer);
                out.push(b'\n');
            }
            XrefForm::Stream => {
                // The stream lists itself too (§7.5.8.1: it is an indirect object, and its
                // number is below /Size).
                let own = self.next_number;
                let size = own.checked_add(1).ok_or(PdfSignError::TooLarge)?;
                offsets.insert(own, (xref_offset, 0));
                let (w, data, index) = stream_entries(&offsets);
                trailer.set(b"Type", Object::Name(Name::new(b"XRef")));
                trailer.set(b"Size", Object::Integer(i64::from(size)));
                trailer.set(b"Prev", Object::Integer(prev));
                trailer.set(b"W", Object::Array(w));
                trailer.set(b"Index", Object::Array(index));
                trailer.set(b"Length", Object::Integer(len_i64(data.len())?));
                out.extend_from_slice(format!("{own} 0 obj\n").as_bytes());
                write_dictionary(&mut out, &trailer);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&data);
                out.extend_from_slice(b"\nendstream\nendobj\n");
            }
        }
        out.extend_from_slice(format!("startxref\n{xref_offset}\n%%EOF\n").as_bytes());
        Ok(WrittenUpdate {
            bytes: out,
            body_offsets,
        })
    }
}

fn len_i64(len: usize) -> Result<i64, PdfSignError> {
    i64::try_from(len).map_err(|_| PdfSignError::TooLarge)
}

/// A classic table (§7.5.4): one subsection per run of consecutive numbers, 20-byte entries.
/// An offset needs at most 10 digits; a file of 10 GB or more cannot have a table entry past
/// that point and is refused (a stream-form file has no such limit).
fn write_table(out: &mut Vec<u8>, offsets: &BTreeMap<u32, (u64, u16)>) -> Result<(), PdfSignError> {
    out.extend_from_slice(b"xref\n");
    for run in runs(offsets.keys().copied()) {
        let (first, count) = run;
        out.extend_from_slice(format!("{first} {count}\n").as_bytes());
        for number in first..first.saturating_add(count) {
            let Some((offset, generation)) = offsets.get(&number) else {
                continue;
            };
            if *offset > 9_999_999_999 {
                return Err(PdfSignError::TooLarge);
            }
            out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
    }
    Ok(())
}

/// Runs of consecutive numbers as (first, count).
fn runs(numbers: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for n in numbers {
        match out.last_mut() {
            Some((first, count)) if first.checked_add(*count) == Some(n) => *count += 1,
            _ => out.push((n, 1)),
        }
    }
    out
}

/// Cross-reference stream rows (§7.5.8.3): type 1 entries, `/W [1 n 2]` with `n` the bytes
/// the largest offset needs, and `/Index` pairs for the runs.
fn stream_entries(offsets: &BTreeMap<u32, (u64, u16)>) -> (Vec<Object>, Vec<u8>, Vec<Object>) {
    let max = offsets.values().map(|(o, _)| *o).max().unwrap_or(0);
    let width = (1..=8usize)
        .find(|w| *w == 8 || max >> (8 * *w) == 0)
        .unwrap_or(8);
    let mut data = Vec::new();
    for (offset, generation) in offsets.values() {
        data.push(1);
        let be = offset.to_be_bytes();
        data.extend_from_slice(be.get(8 - width..).unwrap_or(&be));
        data.extend_from_slice(&generation.to_be_bytes());
    }
    let index = runs(offsets.keys().copied())
        .into_iter()
        .flat_map(|(first, count)| {
            [
                Object::Integer(i64::from(first)),
                Object::Integer(i64::from(count)),
            ]
        })
        .collect();
    let w = vec![
        Object::Integer(1),
        Object::Integer(i64::try_from(width).unwrap_or(8)),
        Object::Integer(2),
    ];
    (w, data, index)
}
