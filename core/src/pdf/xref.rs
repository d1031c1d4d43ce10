//! Cross-reference sections (ISO 32000-2 §7.5.4 tables, §7.5.8 streams, §7.5.8.4 hybrid
//! files) and the trailer that closes each one. A section is parsed from its offset; chaining
//! sections into revisions is [`super::file`]'s job.

use std::collections::BTreeMap;

use super::filter;
use super::limits::PdfLimits;
use super::object::{Dictionary, Object, ObjectId};
use super::parser::{ParseError, Parser};

/// Where an object is, as one cross-reference entry says (§7.5.4, §7.5.8.3 Table 18).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum XrefEntry {
    Free {
        next_generation: u16,
    },
    InFile {
        offset: u64,
        generation: u16,
    },
    /// Inside object stream `stream` at position `index` (generation 0 implied).
    InStream {
        stream: u32,
        index: u32,
    },
}

/// How a revision's cross-reference information is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum XrefForm {
    /// A classic table (`xref` … `trailer`).
    Table,
    /// A cross-reference stream (PDF 1.5).
    Stream,
    /// A table whose trailer has `/XRefStm` (§7.5.8.4: readable by PDF 1.4 and 1.5 readers).
    Hybrid,
}

impl XrefForm {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Stream => "stream",
            Self::Hybrid => "hybrid",
        }
    }
}

/// One parsed section.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub offset: u64,
    pub is_stream: bool,
    pub trailer: Dictionary,
    pub entries: BTreeMap<u32, XrefEntry>,
    /// Where the section ends (after `trailer << >>` or the stream object's `endobj`).
    pub end: u64,
    /// For a stream section, the stream object's own id.
    pub stream_id: Option<ObjectId>,
}

/// A classic table at `offset` (which must start with `xref`, white space allowed before).
pub(crate) fn parse_table(
    parser: &mut Parser<'_>,
    limits: &PdfLimits,
) -> Result<Section, ParseError> {
    let offset = parser.offset();
    parser.expect_keyword(b"xref", "'xref' expected")?;
    let mut entries = BTreeMap::new();
    loop {
        if parser.eat_keyword(b"trailer") {
            break;
        }
        let start = parser.unsigned()?;
        let count = parser.unsigned()?;
        let end = start.checked_add(count).ok_or(ParseError::Syntax {
            offset: parser.offset(),
            what: "bad subsection",
        })?;
        if end > u64::from(limits.max_objects) {
            return Err(ParseError::Syntax {
                offset: parser.offset(),
                what: "too many objects",
            });
        }
        for number in start..end {
            let field1 = parser.unsigned()?;
            let field2 = parser.unsigned()?;
            parser.skip_whitespace();
            let kind = if parser.eat_keyword(b"n") {
                b'n'
            } else if parser.eat_keyword(b"f") {
                b'f'
            } else if parser.rest().is_empty() {
                return Err(ParseError::NeedMore);
            } else {
                return Err(ParseError::Syntax {
                    offset: parser.offset(),
                    what: "'n' or 'f' expected",
                });
            };
            let generation = u16::try_from(field2).unwrap_or(u16::MAX);
            let number = u32::try_from(number).map_err(|_| ParseError::Syntax {
                offset: parser.offset(),
                what: "object number too large",
            })?;
            let entry = if kind == b'n' {
                XrefEntry::InFile {
                    offset: field1,
                    generation,
                }
            } else {
                XrefEntry::Free {
                    next_generation: generation,
                }
            };
            // Within one section the first entry for a number counts (a repeat is a finding
            // raised by the caller through `duplicates`).
            entries.entry(number).or_insert(entry);
        }
    }
    let trailer = match parser.object()? {
        Object::Dictionary(d) => d,
        _ => {
            return Err(ParseError::Syntax {
                offset: parser.offset(),
                what: "trailer dictionary expected",
            });
        }
    };
    Ok(Section {
        offset,
        is_stream: false,
        trailer,
        entries,
        end: parser.offset(),
        stream_id: None,
    })
}

/// The header of a cross-reference stream object: id, dictionary and where the data starts.
pub(crate) fn parse_stream_header(
    parser: &mut Parser<'_>,
) -> Result<(ObjectId, Dictionary, u64), ParseError> {
    let id = parser.object_header()?;
    let dict = match parser.object()? {
        Object::Dictionary(d) => d,
        _ => {
            return Err(ParseError::Syntax {
                offset: parser.offset(),
                what: "stream dictionary expected",
            });
        }
    };
    let start = parser.stream_start()?.ok_or(ParseError::Syntax {
        offset: parser.offset(),
        what: "'stream' expected",
    })?;
    Ok((id, dict, start))
}

/// The entries of a cross-reference stream from its decoded data (§7.5.8.2–3).
pub(crate) fn stream_entries(
    dict: &Dictionary,
    decoded: &[u8],
    limits: &PdfLimits,
) -> Result<BTreeMap<u32, XrefEntry>, &'static str> {
    let widths: Vec<usize> = dict
        .get(b"W")
        .and_then(Object::as_array)
        .ok_or("/W missing")?
        .iter()
        .map(|w| {
            w.as_integer()
                .and_then(|w| usize::try_from(w).ok())
                .filter(|w| *w <= 8)
        })
        .collect::<Option<Vec<_>>>()
        .ok_or("bad /W")?;
    let [w0, w1, w2] = widths.as_slice() else {
        return Err("bad /W");
    };
    let (w0, w1, w2) = (*w0, *w1, *w2);
    let row = w0 + w1 + w2;
    if row == 0 {
        return Err("bad /W");
    }
    let size = dict
        .get(b"Size")
        .and_then(Object::as_integer)
        .ok_or("/Size missing")?;
    let index: Vec<i64> = match dict.get(b"Index").and_then(Object::as_array) {
        Some(items) => items
            .iter()
            .map(Object::as_integer)
            .collect::<Option<Vec<_>>>()
            .ok_or("bad /Index")?,
        None => vec![0, size],
    };
    let mut entries = BTreeMap::new();
    let mut rows = decoded.chunks_exact(row);
    for pair in index.chunks(2) {
        let [start, count] = pair else {
            return Err("bad /Index");
        };
        let (start, count) = (
            u64::try_from(*start).map_err(|_| "bad /Index")?,
            u64::try_from(*count).map_err(|_| "bad /Index")?,
        );
        if start.saturating_add(count) > u64::from(limits.max_objects) {
            return Err("too many objects");
        }
        for number in start..start + count {
            let Some(bytes) = rows.next() else {
                return Err("the stream is shorter than its /Index");
            };
            let (t, rest) = bytes.split_at(w0);
            let (f2, f3) = rest.split_at(w1);
            let kind = if w0 == 0 { 1 } else { be(t) };
            let (f2, f3) = (be(f2), be(f3));
            let number = u32::try_from(number).map_err(|_| "object number too large")?;
            let entry = match kind {
                0 => XrefEntry::Free {
                    next_generation: u16::try_from(f3).unwrap_or(u16::MAX),
                },
                1 => XrefEntry::InFile {
                    offset: f2,
                    generation: u16::try_from(f3).unwrap_or(u16::MAX),
                },
                2 => XrefEntry::InStream {
                    stream: u32::try_from(f2).map_err(|_| "bad object stream number")?,
                    index: u32::try_from(f3).map_err(|_| "bad object stream index")?,
                },
                // §7.5.8.3: other types are references to the null object.
                _ => XrefEntry::Free { next_generation: 0 },
            };
            entries.entry(number).or_insert(entry);
        }
    }
    Ok(entries)
}

fn be(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |acc, b| acc.wrapping_shl(8) | u64::from(*b))
}

/// Decodes a cross-reference stream's data (never encrypted, §7.6.2).
pub(crate) fn decode_stream(
    dict: &Dictionary,
    raw: &[u8],
    limits: &PdfLimits,
) -> Result<Vec<u8>, String> {
    filter::decode(dict, raw, limits.max_decoded_stream).map_err(|e| match e {
        filter::FilterError::Unsupported(name) => format!("unsupported filter {name}"),
        filter::FilterError::Corrupt(what) => what.to_owned(),
        filter::FilterError::TooLarge => "decoded data too large".to_owned(),
    })
}
