//! The pre-sign lint (issue 11 item 1: "files a viewer would have to repair are refused for
//! signing"; shared/brief/pdf-ltv-login.md §1 rows 8 and 17, §7 item 3). Acrobat repairs a file
//! whose cross-reference information is wrong when it opens it, and then checks signatures
//! against its repaired reading: a signature added to such a base — or one already in it —
//! shows as invalid there while other validators say valid. kyso never signs over a silently
//! repaired base; each defect is refused with its own sentence ([`PdfDefect`]).

use crate::i18n::MessageId;
use crate::pdf::file::PdfFile;
use crate::pdf::xref::XrefEntry;

use super::PdfSignError;

/// A defect that makes viewers repair the file (ISO 32000-2 §7.5.4–§7.5.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfDefect {
    /// A hybrid file's table and `/XRefStm` stream disagree (§7.5.8.4).
    HybridMismatch,
    /// The `/Prev` chain loops.
    PrevLoop,
    /// Bytes after the last `%%EOF` (§7.5.5).
    DataAfterEof,
    /// A revision does not end with `%%EOF`.
    NoEof,
    /// A cross-reference entry does not point at its object's `N G obj` header (§7.5.4).
    BadOffset,
    /// A trailer's `/Size` is not one more than the highest object number (§7.5.5 Table 15).
    WrongSize,
    /// The original revision does not list every object number below `/Size` (§7.5.4: a
    /// never-updated file has one subsection from 0).
    XrefGaps,
}

impl PdfDefect {
    pub(super) fn message_id(self) -> MessageId {
        match self {
            Self::HybridMismatch => MessageId::PdfXrefHybridMismatch,
            Self::PrevLoop => MessageId::PdfXrefPrevLoop,
            Self::DataAfterEof => MessageId::PdfXrefDataAfterEof,
            Self::NoEof => MessageId::PdfXrefNoEof,
            Self::BadOffset => MessageId::PdfXrefBadOffset,
            Self::WrongSize => MessageId::PdfXrefWrongSize,
            Self::XrefGaps => MessageId::PdfXrefGaps,
        }
    }
}

/// Refuses the file at its first defect.
pub(super) fn check(file: &PdfFile<'_>) -> Result<(), PdfSignError> {
    let refuse = |defect, detail: String| Err(PdfSignError::NeedsRepair { defect, detail });
    // What the reader noticed while opening (it records, the signer refuses).
    for f in file.findings() {
        let defect = match f.code {
            MessageId::PdfXrefHybridMismatch => PdfDefect::HybridMismatch,
            MessageId::PdfXrefPrevLoop => PdfDefect::PrevLoop,
            MessageId::PdfXrefDataAfterEof => PdfDefect::DataAfterEof,
            MessageId::PdfXrefNoEof => PdfDefect::NoEof,
            MessageId::PdfXrefBadOffset => PdfDefect::BadOffset,
            _ => continue,
        };
        return refuse(defect, f.detail);
    }

    let revisions = file.revisions();
    let mut highest = 0u32;
    for (index, revision) in revisions.iter().enumerate() {
        highest = highest.max(revision.entries.keys().next_back().copied().unwrap_or(0));
        let size = revision
            .trailer
            .get(b"Size")
            .and_then(|s| s.as_integer())
            .unwrap_or(0);
        if size <= i64::from(highest) {
            return refuse(
                PdfDefect::WrongSize,
                format!(
                    "revision {}: /Size {size}, object {highest}",
                    index.saturating_add(1)
                ),
            );
        }
        if index == 0 {
            let listed = u32::try_from(size).unwrap_or(u32::MAX);
            // A hybrid file's /XRefStm stream is listed by nobody but the trailer.
            let own = |n: &u32| revision.xref_streams.iter().any(|id| id.number == *n);
            if let Some(missing) =
                (1..listed).find(|n| !revision.entries.contains_key(n) && !own(n))
            {
                return refuse(PdfDefect::XrefGaps, format!("object {missing}"));
            }
        }
    }

    // Every object a viewer would read from the file where the table says: its header must be
    // there (the reader checks this lazily, only for the objects it resolves).
    let latest = revisions.len().saturating_sub(1);
    let mut numbers: Vec<u32> = revisions
        .iter()
        .flat_map(|r| r.entries.keys().copied())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    for number in numbers {
        let Some((_, XrefEntry::InFile { offset, generation })) = file.entry(latest, number) else {
            continue;
        };
        let header = file.parse_at(offset, |p| {
            p.skip_whitespace();
            p.object_header()
        });
        match header {
            Ok(id) if id.number == number && id.generation == generation => {}
            Ok(id) => {
                return refuse(
                    PdfDefect::BadOffset,
                    format!(
                        "object {number} {generation} at {offset} is {} {}",
                        id.number, id.generation
                    ),
                );
            }
            Err(_) => {
                return refuse(
                    PdfDefect::BadOffset,
                    format!("object {number} {generation} at {offset}"),
                );
            }
        }
    }
    Ok(())
}
