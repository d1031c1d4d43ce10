//! The signatures of a PDF and the structural rules their containers must meet before any
//! cryptography (ISO 32000-2 §12.8.1; shared/brief/pdf-ltv-login.md R1–R3, R15): each
//! signature field's value, its `/ByteRange` shape, its `/Contents` string and the revision
//! it signs. Violations are the universal-signature-forgery and signature-wrapping attack
//! classes (CCS 2019) and each has its own finding code.

use super::file::{PdfFile, RevisionView};
use super::object::{Dictionary, Object, ObjectId, PdfString};
use super::text::decode_text_string;
use super::xref::XrefEntry;
use crate::i18n::MessageId;
use crate::report::{Finding, Severity};

/// What a signature is for (ISO 32000-2 §12.8.1, §12.8.2.2, §12.8.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PdfSignatureKind {
    /// An approval signature.
    Approval,
    /// The certification (author) signature, with its DocMDP permissions.
    Certification,
    /// A document time-stamp (`/Type /DocTimeStamp`, SubFilter `ETSI.RFC3161`).
    DocumentTimestamp,
}

/// One signature as found in the document, before verification.
#[derive(Clone, Debug)]
pub(crate) struct FoundSignature {
    pub field: String,
    pub dict: Dictionary,
    /// The signature dictionary's own object (when `/V` is a reference, as it should be).
    pub dict_id: Option<ObjectId>,
    pub kind: PdfSignatureKind,
    pub sub_filter: String,
    /// `/ByteRange` as written, when it is an array of integers.
    pub byte_range: Option<Vec<i64>>,
    pub contents: Option<PdfString>,
}

/// The checked shape of a signature's coverage.
#[derive(Clone, Debug, Default)]
pub(crate) struct Coverage {
    /// The two covered ranges, when the shape is right.
    pub ranges: Option<[(u64, u64); 2]>,
    /// The revision whose end the coverage ends at (0-based).
    pub revision: Option<usize>,
    /// The DER SignedData inside `/Contents`, without the zero padding.
    pub cms: Option<Vec<u8>>,
    /// Problems that make the signature's container unacceptable (FORMAT_FAILURE).
    pub fatal: Vec<Finding>,
    /// Other findings about the container.
    pub findings: Vec<Finding>,
}

/// Every signature field with a value, in the order of their revisions.
pub(crate) fn collect(
    view: &RevisionView<'_, '_>,
) -> Result<(Vec<FoundSignature>, Vec<Finding>), super::PdfError> {
    let mut out: Vec<FoundSignature> = Vec::new();
    let mut findings = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for field in view.fields()? {
        if !field.field_type.as_ref().is_some_and(|t| t.is(b"Sig")) {
            continue;
        }
        let Some(value) = field.value.clone() else {
            continue;
        };
        let dict_id = value.as_reference();
        let Some(dict) = view.dict(&value)? else {
            continue;
        };
        if dict_id.is_some() && out.iter().any(|s| s.dict_id == dict_id) {
            // Two fields sharing one signature dictionary: reported once, with the finding.
            findings.push(
                Finding::new(MessageId::PdfSigDuplicateField, Severity::Error)
                    .with("field", field.name.clone()),
            );
            continue;
        }
        if names.contains(&field.name) {
            findings.push(
                Finding::new(MessageId::PdfSigDuplicateField, Severity::Error)
                    .with("field", field.name.clone()),
            );
        }
        names.push(field.name.clone());
        let sub_filter = name_text(&dict, b"SubFilter");
        let kind = if dict.type_name().is_some_and(|t| t.is(b"DocTimeStamp"))
            || sub_filter == "ETSI.RFC3161"
        {
            PdfSignatureKind::DocumentTimestamp
        } else if docmdp_of(view, &dict)?.is_some() {
            PdfSignatureKind::Certification
        } else {
            PdfSignatureKind::Approval
        };
        let byte_range = match view.get(&dict, b"ByteRange")? {
            Some(Object::Array(items)) => items
                .iter()
                .map(Object::as_integer)
                .collect::<Option<Vec<i64>>>(),
            _ => None,
        };
        let contents = match dict.get(b"Contents") {
            Some(Object::String(s)) => Some(s.clone()),
            Some(Object::Reference(_)) => None, // Must be direct to be excluded from the ByteRange.
            _ => None,
        };
        out.push(FoundSignature {
            field: field.name,
            dict,
            dict_id,
            kind,
            sub_filter,
            byte_range,
            contents,
        });
    }
    // Oldest first: by where the coverage ends.
    let coverage_end = |s: &FoundSignature| {
        s.byte_range
            .as_ref()
            .and_then(|r| Some(r.get(2)?.saturating_add(*r.get(3)?)))
            .unwrap_or(i64::MAX)
    };
    let out = crate::sort::sorted_by(out, |a, b| coverage_end(a).cmp(&coverage_end(b)));
    Ok((out, findings))
}

/// The DocMDP permission (`/P`) a signature dictionary's `/Reference` declares (§12.8.2.2).
pub(crate) fn docmdp_of(
    view: &RevisionView<'_, '_>,
    dict: &Dictionary,
) -> Result<Option<u8>, super::PdfError> {
    let Some(Object::Array(references)) = view.get(dict, b"Reference")? else {
        return Ok(None);
    };
    for reference in references {
        let Some(sigref) = view.dict(&reference)? else {
            continue;
        };
        if name_text(&sigref, b"TransformMethod") != "DocMDP" {
            continue;
        }
        let params = match view.get(&sigref, b"TransformParams")? {
            Some(p) => p.as_dict().cloned().unwrap_or_default(),
            None => Dictionary::new(),
        };
        // §12.8.2.2.2 Table 257: P defaults to 2.
        let p = params.get(b"P").and_then(Object::as_integer).unwrap_or(2);
        return Ok(Some(u8::try_from(p.clamp(1, 3)).unwrap_or(2)));
    }
    Ok(None)
}

pub(crate) fn name_text(dict: &Dictionary, key: &[u8]) -> String {
    dict.get(key)
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n.as_bytes()).into_owned())
        .unwrap_or_default()
}

/// A text-string entry of the signature dictionary (`/Name`, `/Reason`, …).
pub(crate) fn text_entry(dict: &Dictionary, key: &[u8]) -> Option<String> {
    dict.get(key)
        .and_then(Object::as_string)
        .map(|s| decode_text_string(&s.bytes))
}

/// R1–R3: the ByteRange is `[0 b c d]` with one gap that is exactly this dictionary's
/// `/Contents` string, it ends where a revision ends, and the dictionary lies in the signed
/// bytes; R2: `/Contents` holds one DER SignedData followed only by zero padding.
pub(crate) fn check_coverage(file: &PdfFile<'_>, signature: &FoundSignature) -> Coverage {
    let mut coverage = Coverage::default();
    let fatal = |code: MessageId| Finding::new(code, Severity::Error);
    let Some(contents) = &signature.contents else {
        coverage.fatal.push(fatal(MessageId::PdfSigContentsMissing));
        return coverage;
    };
    // The CMS inside /Contents and its padding.
    match der_length(&contents.bytes) {
        Some(len) => {
            let (cms, padding) = contents.bytes.split_at(len.min(contents.bytes.len()));
            if padding.iter().any(|b| *b != 0) {
                coverage.fatal.push(
                    fatal(MessageId::PdfSigContentsPadding)
                        .with("bytes", padding.len().to_string()),
                );
            }
            coverage.cms = Some(cms.to_vec());
        }
        None if contents.bytes.first() == Some(&0x30) && contents.bytes.get(1) == Some(&0x80) => {
            // BER indefinite length: the CMS parser finds its end itself.
            coverage.cms = Some(contents.bytes.clone());
        }
        None => coverage.fatal.push(fatal(MessageId::PdfSigContentsNotCms)),
    }
    let Some(range) = &signature.byte_range else {
        coverage.fatal.push(
            fatal(MessageId::PdfByteRangeMalformed).with("detail", "missing or not integers"),
        );
        return coverage;
    };
    let values: Vec<u64> = range
        .iter()
        .filter_map(|v| u64::try_from(*v).ok())
        .collect();
    let [a, b, c, d] = values.as_slice() else {
        coverage.fatal.push(
            fatal(MessageId::PdfByteRangeMalformed)
                .with("detail", format!("{} numbers", range.len())),
        );
        return coverage;
    };
    let (a, b, c, d) = (*a, *b, *c, *d);
    let len = file.len();
    let end = c.checked_add(d);
    if a != 0 || b == 0 || c <= b || end.is_none_or(|e| e > len) {
        coverage.fatal.push(
            fatal(MessageId::PdfByteRangeMalformed).with("detail", format!("[{a} {b} {c} {d}]")),
        );
        return coverage;
    }
    let end = end.unwrap_or(len);
    coverage.ranges = Some([(a, b), (c, d)]);
    // The gap must be exactly the /Contents string with its delimiters (R1): anything else
    // leaves unsigned bytes that a viewer interprets (signature wrapping).
    match &contents.span {
        Some(span) if span.start == b && span.end == c => {}
        _ => coverage.fatal.push(
            fatal(MessageId::PdfByteRangeGapNotContents).with("detail", format!("[{b}, {c})")),
        ),
    }
    // The coverage ends where a revision ends (§12.8.1: the signed revision, whole).
    coverage.revision = file
        .revisions()
        .iter()
        .position(|r| r.end == end || r.eof_end == end);
    if coverage.revision.is_none() {
        coverage
            .fatal
            .push(fatal(MessageId::PdfByteRangeNotRevisionEnd).with("end", end.to_string()));
    }
    // R3: the signature dictionary itself is in the signed bytes, before the gap.
    if let Some(id) = signature.dict_id {
        let revision = coverage
            .revision
            .unwrap_or(file.revisions().len().saturating_sub(1));
        match file.entry(revision, id.number) {
            Some((_, XrefEntry::InFile { offset, .. })) if offset < b => {}
            _ => coverage
                .fatal
                .push(fatal(MessageId::PdfSigDictOutsideSigned)),
        }
    }
    coverage
}

/// The total length of the DER TLV at the start of `bytes` (definite lengths only).
fn der_length(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&0x30) {
        return None;
    }
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let len = bytes
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
    let total = 2usize.checked_add(n)?.checked_add(len)?;
    (total <= bytes.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::der_length;

    #[test]
    fn der_lengths() {
        assert_eq!(der_length(&[0x30, 0x03, 1, 2, 3, 0, 0]), Some(5));
        assert_eq!(der_length(&[0x30, 0x82, 0x00, 0x02, 1, 2]), Some(6));
        assert_eq!(der_length(&[0x30, 0x82, 0x01, 0x00, 1]), None);
        assert_eq!(der_length(&[0x04, 0x01, 0]), None);
    }
}
