//! Duplicate dictionary keys (ISO 32000-2 §7.3.7: "no two entries in the same dictionary
//! should have the same key"; issue 11 item 5, xref/trailer tricks). The reader keeps every
//! entry ([`super::object::Dictionary`]) and looks up the last, as most viewers do; others
//! take the first. A repeated key in a dictionary the signature depends on is therefore a
//! parser differential (shared/brief/pdf-ltv-login.md R13): two viewers, two documents.
//!
//! Checked, for one signature, in its signed revision and every later one: the signature
//! dictionary, its field and widgets, the trailer, the catalog, `/AcroForm`, the page tree's
//! nodes and pages, their `/Resources` and the resource categories in them. Later revisions
//! are checked for the objects they define (older ones were checked already).
//!
//! Severity (the verdict effect is in `verify.rs`): an Error when the values differ — the
//! differential is real — and always in the signature dictionary, whose `/ByteRange` and
//! `/Contents` the coverage rules read by position (a second `/Contents` could sit in the
//! unsigned gap); a Warning when every copy holds the same value (sloppy, but all readers
//! agree).

use std::collections::HashSet;

use super::file::{PdfFile, RevisionView};
use super::object::{Dictionary, Object};
use super::signature::FoundSignature;
use crate::i18n::MessageId;
use crate::report::{Finding, Severity};

/// Most dictionaries checked per revision (R19); past this the rest is not checked.
const BUDGET: usize = 100_000;
const MAX_DEPTH: usize = 64;

/// Repeated keys of `dict` with whether their values disagree.
pub(crate) fn repeated(dict: &Dictionary) -> Vec<(String, bool)> {
    dict.duplicate_keys()
        .into_iter()
        .map(|key| {
            let mut values = dict
                .entries
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v);
            let first = values.next();
            let differ = values.any(|v| Some(v).zip(first).is_none_or(|(a, b)| !same(a, b)));
            (String::from_utf8_lossy(key.as_bytes()).into_owned(), differ)
        })
        .collect()
}

/// Equal PDF values (strings by their bytes, not their position in the file).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x), Object::String(y)) => x.bytes == y.bytes,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(i, j)| same(i, j))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => {
            x.entries.len() == y.entries.len()
                && x.entries
                    .iter()
                    .zip(&y.entries)
                    .all(|((k, v), (l, w))| k == l && same(v, w))
        }
        _ => a == b,
    }
}

fn finding(revision: usize, object: &str, key: &str, error: bool) -> Finding {
    let severity = if error {
        Severity::Error
    } else {
        Severity::Warning
    };
    Finding::new(MessageId::PdfParseDuplicateKey, severity)
        .with("revision", (revision + 1).to_string())
        .with("object", object.to_owned())
        .with("key", key.to_owned())
}

struct Check<'v, 'f, 's> {
    view: &'v RevisionView<'f, 's>,
    /// Objects defined at or before this revision were checked in an earlier pass.
    since: Option<usize>,
    seen: HashSet<u32>,
    checked: usize,
    findings: Vec<Finding>,
}

impl Check<'_, '_, '_> {
    /// Checks `dict` (and the dictionaries directly inside it) as object `label`.
    fn dict(&mut self, dict: &Dictionary, label: &str, depth: usize) {
        if depth > 8 {
            return;
        }
        for (key, differ) in repeated(dict) {
            let f = finding(self.view.index(), label, &key, differ);
            if !self.findings.contains(&f) {
                self.findings.push(f);
            }
        }
        for (_, v) in &dict.entries {
            if let Object::Dictionary(d) = v {
                self.dict(d, label, depth + 1);
            }
        }
    }

    /// Resolves `object`, checks it when it is a dictionary (or a stream's dictionary) this
    /// pass has to check, and returns its dictionary.
    fn visit(&mut self, object: &Object) -> Option<Dictionary> {
        if self.checked > BUDGET {
            return None;
        }
        self.checked += 1;
        let (dict, id) = match object {
            Object::Reference(id) => {
                if !self.seen.insert(id.number) {
                    return None;
                }
                let dict = self.view.dict(object).ok().flatten()?;
                (dict, Some(*id))
            }
            Object::Dictionary(d) => (d.clone(), None),
            _ => return None,
        };
        // A direct dictionary is checked with the object holding it.
        if let Some(id) = id
            && self
                .since
                .is_none_or(|since| self.view.entry(id.number).is_some_and(|(r, _)| r > since))
        {
            self.dict(&dict, &id.number.to_string(), 0);
        }
        Some(dict)
    }

    fn pages(&mut self, node: &Object, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(dict) = self.visit(node) else {
            return;
        };
        if let Some(resources) = dict.get(b"Resources")
            && let Some(resources) = self.visit(resources)
        {
            for (_, category) in &resources.entries {
                if matches!(category, Object::Reference(_)) {
                    self.visit(category);
                }
            }
        }
        if let Ok(Some(Object::Array(kids))) = self.view.get(&dict, b"Kids") {
            for kid in kids.iter().take(BUDGET) {
                self.pages(kid, depth + 1);
            }
        }
    }
}

/// The duplicate-key findings for `found`, whose signed revision is `signed` (0-based).
pub(crate) fn findings(file: &PdfFile<'_>, found: &FoundSignature, signed: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let label = found
        .dict_id
        .map_or_else(|| "signature".to_owned(), |id| id.number.to_string());
    for (key, _) in repeated(&found.dict) {
        out.push(finding(signed, &label, &key, true));
    }
    // The objects the walks went through: a later revision that redefines none of them (and
    // keeps /Root) cannot have changed what they reach — anything new is only reachable
    // through a redefined one — so only its trailer needs a look.
    let mut walked: HashSet<u32> = HashSet::new();
    for revision in signed..file.revisions().len() {
        let view = file.view(revision);
        let mut check = Check {
            view: &view,
            since: (revision > signed).then(|| revision - 1),
            seen: HashSet::new(),
            checked: 0,
            findings: Vec::new(),
        };
        check.dict(view.trailer(), "trailer", 0);
        let untouched = revision > signed
            && view.trailer().get(b"Root") == file.view(revision - 1).trailer().get(b"Root")
            && file
                .revisions()
                .get(revision)
                .is_some_and(|r| !r.entries.keys().any(|n| walked.contains(n)));
        if untouched {
            out.append(&mut check.findings);
            continue;
        }
        let Some(catalog) = view
            .trailer()
            .get(b"Root")
            .and_then(|root| check.visit(root))
        else {
            out.append(&mut check.findings);
            continue;
        };
        if let Some(form) = catalog.get(b"AcroForm") {
            check.visit(form);
        }
        if let Ok(fields) = view.fields()
            && let Some(field) = fields.iter().find(|f| f.name == found.field)
        {
            check.visit(&Object::Reference(field.id));
            for widget in &field.widgets {
                check.visit(&Object::Reference(*widget));
            }
        }
        if let Some(pages) = catalog.get(b"Pages") {
            check.pages(pages, 0);
        }
        walked.extend(check.seen.iter().copied());
        for f in check.findings {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::file::ReadOptions;

    /// One revision: a page whose /Type repeats with the same value, a signature field whose
    /// signature dictionary 5 repeats /Contents, and a trailer that repeats /Size.
    fn pdf(sig: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>".to_owned(),
            "<< /FT /Sig /T (S) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /V 5 0 R >>"
                .to_owned(),
            sig.to_owned(),
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size 6 /Root 1 0 R /Size 6 >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
    }

    fn keys(sig: &str) -> Vec<(String, String, Severity)> {
        let bytes = pdf(sig);
        let file = PdfFile::open(&bytes, &ReadOptions::default()).unwrap();
        let (found, _) = crate::pdf::signature::collect(&file.latest()).unwrap();
        findings(&file, &found[0], 0)
            .into_iter()
            .map(|f| {
                let param = |name: &str| {
                    f.params
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                (param("object"), param("key"), f.severity)
            })
            .collect()
    }

    #[test]
    fn repeats_are_errors_when_values_differ_or_in_the_signature() {
        let found = keys("<< /Type /Sig /Contents <00> /ByteRange [0 1 2 3] /Contents <01> >>");
        assert!(found.contains(&("5".into(), "Contents".into(), Severity::Error)));
        // Same value twice: every reader agrees, a warning.
        assert!(found.contains(&("3".into(), "Type".into(), Severity::Warning)));
        assert!(found.contains(&("trailer".into(), "Size".into(), Severity::Warning)));
        // Even an identical repeat in the signature dictionary is an error.
        let found = keys("<< /Type /Sig /Type /Sig /Contents <00> /ByteRange [0 1 2 3] >>");
        assert!(found.contains(&("5".into(), "Type".into(), Severity::Error)));
        // None: nothing reported.
        let found = keys("<< /Type /Sig /Contents <00> /ByteRange [0 1 2 3] >>");
        assert!(!found.iter().any(|(o, _, _)| o == "5"));
    }
}
