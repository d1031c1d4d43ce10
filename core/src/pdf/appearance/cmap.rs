//! The `/ToUnicode` CMap of an embedded subset (ISO 32000-2 §9.10.3): each two-byte code
//! (the CID under `Identity-H`) to the UTF-16BE text it shows, so text extraction, search and
//! copy give back the Vietnamese letters (shared/brief/pdf-ltv-login.md §1 rows 4, 20). The
//! syntax is Adobe Technical Note #5099 (CMap) and #5411 (ToUnicode mapping files), which
//! §9.10.3 refers to.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// At most 100 mappings per `beginbfchar` block (Adobe TN #5099 §5.3 limit, which some
/// readers enforce).
const BLOCK: usize = 100;

/// The CMap program for `map` (CID → text).
pub(crate) fn to_unicode_cmap(map: &BTreeMap<u16, String>) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &String)> = map.iter().collect();
    for block in entries.chunks(BLOCK) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (cid, text) in block {
            let _ = write!(out, "<{cid:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Reads the `bfchar` mappings of a CMap written by [`to_unicode_cmap`] back (tests).
#[cfg(test)]
pub(crate) fn parse_bfchar(cmap: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines() {
        if line.ends_with("beginbfchar") {
            inside = true;
            continue;
        }
        if line == "endbfchar" {
            inside = false;
            continue;
        }
        if !inside {
            continue;
        }
        let parts: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        if let [code, unicode] = parts.as_slice() {
            let cid = u16::from_str_radix(code, 16).unwrap_or(0);
            let units: Vec<u16> = unicode
                .as_bytes()
                .chunks(4)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .filter_map(|c| u16::from_str_radix(c, 16).ok())
                .collect();
            out.insert(cid, String::from_utf16_lossy(&units));
        }
    }
    out
}
