//! Modification analysis (issue 11 item 5, shared/brief/pdf-ltv-login.md R4–R12): what changed
//! after a signed revision, judged by what every later revision *resolves to* — object by
//! object, including objects inside object streams and bare cross-reference updates that only
//! re-point object numbers — never by the bytes appended (R5).
//!
//! Each changed object is attributed through the role it had in the document (catalog, page,
//! page content, form field, appearance, DSS, …, [`roles`]); a named allow-list turns the
//! harmless changes into levels (pyHanko's difference analysis: signature maintenance, form
//! filling, annotations), everything else is "other". Known attack classes get their own
//! finding codes (R7–R12): a finding of severity Error means the change is not permitted at
//! any DocMDP level. Cost: one bounded walk of the signed revision plus work proportional to
//! the objects later revisions define (a 20-signature file stays fast, R19).

mod appearance;
mod classify;
mod resources;
mod roles;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::PdfError;
use super::file::{PdfFile, RevisionView};
use super::object::{Object, ObjectId};
use super::report::ModificationLevel;
use super::signature::{FoundSignature, PdfSignatureKind};
use super::xref::XrefEntry;
use crate::i18n::MessageId;
use crate::report::{Finding, Severity};
use roles::{Referrer, Role};

/// What a FieldMDP transform locks (ISO 32000-2 §12.8.2.4 Table 258 `/Action`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LockAction {
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

/// One FieldMDP lock, from the signature field `signature_field` (its `/Lock` or its
/// signature's `/Reference`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldLockRule {
    pub action: LockAction,
    pub signature_field: String,
}

impl FieldLockRule {
    /// Whether the field named `field` (fully qualified) is locked by this rule.
    pub(crate) fn locks(&self, field: &str) -> bool {
        // §12.8.2.4: a name in /Fields also covers its descendants (`a` covers `a.b`).
        let covers = |names: &[String]| {
            names.iter().any(|n| {
                field == n
                    || field
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        match &self.action {
            LockAction::All => true,
            LockAction::Include(names) => covers(names),
            LockAction::Exclude(names) => !covers(names),
        }
    }
}

/// The rules later revisions are judged against: the certification's DocMDP `P` and every
/// FieldMDP lock in force at the signed revision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MdpRules {
    pub docmdp: Option<u8>,
    pub field_locks: Vec<FieldLockRule>,
}

/// The verdict on everything after one signed revision.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ModificationAnalysis {
    /// The highest level seen over every later revision.
    pub level: ModificationLevel,
    /// Whether every change is allowed by the rules (and none is a named attack).
    pub permitted: bool,
    pub findings: Vec<Finding>,
}

/// The highest level a DocMDP permission allows (§12.8.2.2.2 Table 257). Without a
/// certification an approval signature is judged as P=3 (form filling, signing and comments
/// are what approval workflows do after a signature; anything else is "other").
fn allowed(docmdp: Option<u8>) -> ModificationLevel {
    match docmdp {
        Some(1) => ModificationLevel::SignatureMaintenance,
        Some(2) => ModificationLevel::FormFilling,
        _ => ModificationLevel::Annotations,
    }
}

/// The rules for a signature whose signed revision is `signed`: the certification's DocMDP
/// permission, and the FieldMDP locks (§12.8.2.4) of every signature field signed at or before
/// that revision — the field's `/Lock` and its signature's `/Reference` FieldMDP transforms.
pub(crate) fn rules_for(file: &PdfFile<'_>, all: &[FoundSignature], signed: usize) -> MdpRules {
    let latest = file.latest();
    let fields = latest.fields().unwrap_or_default();
    let mut rules = MdpRules::default();
    for found in all {
        let revision = super::signature::check_coverage(file, found).revision;
        if found.kind == PdfSignatureKind::Certification && rules.docmdp.is_none() {
            rules.docmdp = super::signature::docmdp_of(&latest, &found.dict)
                .ok()
                .flatten();
        }
        if revision.is_none_or(|r| r > signed) {
            continue;
        }
        let mut locks = Vec::new();
        if let Some(field) = fields.iter().find(|f| f.name == found.field)
            && let Some(lock) = field
                .lock
                .as_ref()
                .and_then(|l| latest.dict(l).ok().flatten())
        {
            locks.push(lock);
        }
        if let Ok(Some(Object::Array(references))) = latest.get(&found.dict, b"Reference") {
            for reference in references {
                let Some(sigref) = latest.dict(&reference).ok().flatten() else {
                    continue;
                };
                if super::signature::name_text(&sigref, b"TransformMethod") == "FieldMDP"
                    && let Ok(Some(params)) = latest.get(&sigref, b"TransformParams")
                    && let Some(params) = params.as_dict()
                {
                    locks.push(params.clone());
                }
            }
        }
        for lock in locks {
            let names = || -> Vec<String> {
                match latest.get(&lock, b"Fields") {
                    Ok(Some(Object::Array(items))) => items
                        .iter()
                        .filter_map(|i| latest.deref(i).ok())
                        .filter_map(|i| {
                            i.as_string()
                                .map(|s| super::text::decode_text_string(&s.bytes))
                        })
                        .collect(),
                    _ => Vec::new(),
                }
            };
            let action = match super::signature::name_text(&lock, b"Action").as_str() {
                "All" => LockAction::All,
                "Include" => LockAction::Include(names()),
                "Exclude" => LockAction::Exclude(names()),
                _ => continue,
            };
            rules.field_locks.push(FieldLockRule {
                action,
                signature_field: found.field.clone(),
            });
        }
    }
    rules
}

/// Compare what revision `signed` (0-based) resolves to with every later revision.
pub(crate) fn analyse(file: &PdfFile<'_>, signed: usize, rules: &MdpRules) -> ModificationAnalysis {
    let count = file.revisions().len();
    let mut analysis = Analysis::new(file, signed, rules);
    if signed.saturating_add(1) < count {
        let view = file.view(signed);
        let walk = roles::build(&view);
        if !walk.complete {
            analysis.warn(
                Finding::new(MessageId::PdfModIncomplete, Severity::Warning)
                    .with("revision", (signed + 1).to_string()),
            );
        }
        analysis.signed_reachable = walk.roles.keys().copied().collect();
        analysis.roles = walk.roles;
        analysis.referrers = walk.referrers;
        analysis.signed_numbers = view.object_numbers().into_iter().collect();
        for revision in signed + 1..count {
            analysis.revision(revision);
        }
    }
    analysis.finish()
}

/// How one field changed in one revision (judged once the whole revision is seen).
#[derive(Clone, Debug, Default)]
struct FieldTouch {
    value: bool,
    appearance: bool,
}

pub(super) struct Analysis<'a, 'f, 's> {
    file: &'f PdfFile<'s>,
    rules: &'a MdpRules,
    signed: usize,
    /// Where the signed bytes end: an update re-pointing an object number at bytes before
    /// this is a shadow-hide (R5).
    signed_end: u64,
    roles: HashMap<u32, Role>,
    /// Who refers to each object in the signed revision.
    referrers: HashMap<u32, HashSet<Referrer>>,
    signed_reachable: HashSet<u32>,
    signed_numbers: HashSet<u32>,
    level: ModificationLevel,
    violation: bool,
    findings: Vec<Finding>,
    /// The revision being judged (0-based) and its field changes by field name.
    current: usize,
    touched: BTreeMap<String, FieldTouch>,
}

impl<'a, 'f, 's> Analysis<'a, 'f, 's> {
    fn new(file: &'f PdfFile<'s>, signed: usize, rules: &'a MdpRules) -> Self {
        Self {
            file,
            rules,
            signed,
            signed_end: file.revisions().get(signed).map_or(0, |r| r.end),
            roles: HashMap::new(),
            referrers: HashMap::new(),
            signed_reachable: HashSet::new(),
            signed_numbers: HashSet::new(),
            level: ModificationLevel::None,
            violation: false,
            findings: Vec::new(),
            current: signed,
            touched: BTreeMap::new(),
        }
    }

    /// Whether object `n`, part of the appearance of `owner` (a field's widget or an
    /// annotation), was used in the signed revision only through that appearance: every
    /// object referring to it is `owner` or another object of `owner`'s appearance used only
    /// that way. Anything else — another annotation, a page, the catalog, the trailer — means
    /// redefining `n` changes more than `owner`'s appearance (pyHanko's "appearance
    /// dictionary used in multiple contexts"). Unknown or too many referrers: not private.
    fn private_appearance(&self, n: u32, owner: u32) -> bool {
        let mut stack = vec![n];
        let mut seen = HashSet::new();
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            if seen.len() > 4096 {
                return false;
            }
            let Some(referrers) = self.referrers.get(&x) else {
                return false;
            };
            for r in referrers {
                match r {
                    Referrer::Object(o) if *o == owner => {}
                    Referrer::Object(o)
                        if self.roles.get(o) == Some(&Role::Appearance { owner }) =>
                    {
                        stack.push(*o);
                    }
                    _ => return false,
                }
            }
        }
        true
    }

    fn certified(&self) -> bool {
        self.rules.docmdp.is_some()
    }

    /// A change of `level` was seen.
    fn note(&mut self, level: ModificationLevel) {
        self.level = self.level.max(level);
    }

    /// A change no DocMDP level permits: an Error finding for the current revision.
    fn flag(&mut self, code: MessageId, params: &[(&str, String)]) {
        let mut finding =
            Finding::new(code, Severity::Error).with("revision", (self.current + 1).to_string());
        for (k, v) in params {
            finding = finding.with(k, v.clone());
        }
        self.violation = true;
        self.note(ModificationLevel::Other);
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    fn warn(&mut self, finding: Finding) {
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    /// An object that could not be read is itself a finding (the diff never throws).
    fn unreadable(&mut self, number: u32, error: &PdfError) {
        // A warning, not a verdict: a damaged file is already reported by the reader (R13).
        let finding = Finding::new(MessageId::PdfModUnreadable, Severity::Warning)
            .with("revision", (self.current + 1).to_string())
            .with("object", number.to_string())
            .with_phrase("reason", &error.message());
        self.warn(finding);
    }

    fn revision(&mut self, revision: usize) {
        self.current = revision;
        self.touched.clear();
        let old = self.file.view(revision - 1);
        let new = self.file.view(revision);
        self.trailer(&old, &new);
        let Some(section) = self.file.revisions().get(revision) else {
            return;
        };
        let mut numbers: Vec<u32> = section.entries.keys().copied().collect();
        // An object stream redefined changes every object it holds without their entries
        // changing (§7.5.7): judge those too.
        let mut extra = Vec::new();
        for &n in &numbers {
            if let Ok(Object::Stream(s)) = value(&old, n)
                && s.dict.type_name().is_some_and(|t| t.is(b"ObjStm"))
            {
                for r in self.file.revisions().iter().take(revision + 1) {
                    extra.extend(r.entries.iter().filter_map(|(k, e)| match e {
                        XrefEntry::InStream { stream, .. } if *stream == n => Some(*k),
                        _ => None,
                    }));
                }
            }
        }
        numbers.extend(extra);
        let mut numbers = crate::sort::sorted_by(numbers, Ord::cmp);
        numbers.dedup();
        for n in numbers {
            self.object(&old, &new, n);
        }
        self.judge_fields();
    }

    /// `/Root`, `/Info`, `/Encrypt` of the trailer (R12).
    fn trailer(&mut self, old: &RevisionView<'_, '_>, new: &RevisionView<'_, '_>) {
        let (a, b) = (old.trailer(), new.trailer());
        if a.get(b"Root") != b.get(b"Root") {
            self.flag(MessageId::PdfModCatalogChanged, &[("key", "Root".into())]);
        }
        if a.get(b"Encrypt") != b.get(b"Encrypt") {
            self.flag(
                MessageId::PdfModCatalogChanged,
                &[("key", "Encrypt".into())],
            );
        }
        if a.get(b"Info") != b.get(b"Info") {
            self.note(ModificationLevel::SignatureMaintenance);
        }
    }

    fn object(&mut self, old: &RevisionView<'_, '_>, new: &RevisionView<'_, '_>, n: u32) {
        let before = match value(old, n) {
            Ok(v) => v,
            Err(e) => return self.unreadable(n, &e),
        };
        let after = match value(new, n) {
            Ok(v) => v,
            Err(e) => return self.unreadable(n, &e),
        };
        match same(old, &before, new, &after, (id_at(old, n), id_at(new, n))) {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => return self.unreadable(n, &e),
        }
        // R5: a bare xref update pointing an object number of the signed revision at other
        // bytes inside the signed range (pdf-attacker "hide via referenced object").
        if let (Some((defined, XrefEntry::InFile { offset, .. })), Some((_, old_entry))) =
            (new.entry(n), old.entry(n))
            && defined == self.current
            && offset < self.signed_end
            && new.entry(n).map(|e| e.1) != Some(old_entry)
            && self.signed_numbers.contains(&n)
        {
            self.flag(MessageId::PdfModShadowHide, &[("object", n.to_string())]);
        }
        // A repeated key whose copies disagree in a redefined object of the signed part
        // (R13): whichever copy this analysis judges, another viewer reads the other.
        let dict = match &after {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        };
        if let Some(dict) = dict
            && self.roles.contains_key(&n)
        {
            for (key, differ) in super::duplicates::repeated(dict) {
                if differ {
                    self.flag(
                        MessageId::PdfParseDuplicateKey,
                        &[("object", n.to_string()), ("key", key)],
                    );
                }
            }
        }
        self.new_references(&before, &after);
        // A new object is judged where it is first referenced (a new field, annotation,
        // DSS); one with no role was unreachable when signed — an orphan, harmless unless
        // something judged starts referencing it, which `new_references` catches.
        if before != Object::Null
            && let Some(role) = self.roles.get(&n).cloned()
        {
            self.classify(old, new, n, &role, &before, &after);
        }
    }

    /// R11 shadow hide-and-replace: a changed object now references an object that was
    /// already in the signed revision but unreachable there (hidden content brought in).
    fn new_references(&mut self, before: &Object, after: &Object) {
        let mut old_refs = HashSet::new();
        collect_refs(before, &mut old_refs, 0);
        let mut new_refs = HashSet::new();
        collect_refs(after, &mut new_refs, 0);
        let hidden: Vec<u32> = new_refs
            .difference(&old_refs)
            .map(|id| id.number)
            .filter(|n| {
                self.signed_numbers.contains(n)
                    && !self.signed_reachable.contains(n)
                    && self
                        .file
                        .entry(self.current, *n)
                        .is_some_and(|(defined, _)| defined <= self.signed)
            })
            .collect();
        for n in crate::sort::sorted_by(hidden, Ord::cmp) {
            self.flag(
                MessageId::PdfModShadowHideReplace,
                &[("object", n.to_string())],
            );
        }
    }

    fn finish(self) -> ModificationAnalysis {
        let mut findings = self.findings;
        let permitted = !self.violation && self.level <= allowed(self.rules.docmdp);
        if !permitted {
            findings.push(
                Finding::new(MessageId::PdfModNotPermitted, Severity::Error)
                    .with("@level", level_code(self.level))
                    .with("@allowed", level_code(allowed(self.rules.docmdp))),
            );
        } else if self.level > ModificationLevel::None {
            findings.push(
                Finding::new(MessageId::PdfModPermitted, Severity::Info)
                    .with("@level", level_code(self.level)),
            );
        }
        ModificationAnalysis {
            level: self.level,
            permitted,
            findings,
        }
    }
}

fn level_code(level: ModificationLevel) -> &'static str {
    match level {
        ModificationLevel::None => MessageId::PdfLevelNone.code(),
        ModificationLevel::SignatureMaintenance => MessageId::PdfLevelSignatureMaintenance.code(),
        ModificationLevel::FormFilling => MessageId::PdfLevelFormFilling.code(),
        ModificationLevel::Annotations => MessageId::PdfLevelAnnotations.code(),
        _ => MessageId::PdfLevelOther.code(),
    }
}

/// What object number `n` resolves to at `view` (`Null` when free or absent).
pub(super) fn value(view: &RevisionView<'_, '_>, n: u32) -> Result<Object, PdfError> {
    match view.entry(n) {
        Some((_, XrefEntry::InFile { generation, .. })) => {
            view.resolve(ObjectId::new(n, generation))
        }
        Some((_, XrefEntry::InStream { .. })) => view.resolve(ObjectId::new(n, 0)),
        _ => Ok(Object::Null),
    }
}

/// The id (number and generation) `n` has at `view`.
pub(super) fn id_at(view: &RevisionView<'_, '_>, n: u32) -> ObjectId {
    match view.entry(n) {
        Some((_, XrefEntry::InFile { generation, .. })) => ObjectId::new(n, generation),
        _ => ObjectId::new(n, 0),
    }
}

/// References directly inside `object` (not followed), bounded depth.
pub(super) fn collect_refs(object: &Object, out: &mut HashSet<ObjectId>, depth: u32) {
    if depth > 64 {
        return;
    }
    match object {
        Object::Reference(id) => {
            out.insert(*id);
        }
        Object::Array(items) => items.iter().for_each(|i| collect_refs(i, out, depth + 1)),
        Object::Dictionary(d) => d
            .entries
            .iter()
            .for_each(|(_, v)| collect_refs(v, out, depth + 1)),
        Object::Stream(s) => s
            .dict
            .entries
            .iter()
            .for_each(|(_, v)| collect_refs(v, out, depth + 1)),
        _ => {}
    }
}

/// Whether two values are the same PDF value: strings by their bytes (not their file
/// position), streams by dictionary and data (raw first, decoded when the raw bytes differ).
pub(super) fn same(
    old: &RevisionView<'_, '_>,
    a: &Object,
    new: &RevisionView<'_, '_>,
    b: &Object,
    ids: (ObjectId, ObjectId),
) -> Result<bool, PdfError> {
    Ok(match (a, b) {
        (Object::String(x), Object::String(y)) => x.bytes == y.bytes,
        (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
        (Object::Array(x), Object::Array(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (i, j) in x.iter().zip(y) {
                if !same(old, i, new, j, ids)? {
                    return Ok(false);
                }
            }
            true
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(old, x, new, y, &[], ids)?,
        (Object::Stream(x), Object::Stream(y)) => {
            if !same_dict(old, &x.dict, new, &y.dict, &[b"Length"], ids)? {
                return Ok(false);
            }
            let file = old.file();
            if file.read_span(x.data.clone())? == file.read_span(y.data.clone())? {
                return Ok(true);
            }
            // The raw bytes differ (another encryption key, another compression): compare
            // what they decode to (the ids select the decryption key, §7.6.2).
            old.stream_data(ids.0, x)? == new.stream_data(ids.1, y)?
        }
        _ => a == b,
    })
}

fn same_dict(
    old: &RevisionView<'_, '_>,
    x: &super::object::Dictionary,
    new: &RevisionView<'_, '_>,
    y: &super::object::Dictionary,
    ignore: &[&[u8]],
    ids: (ObjectId, ObjectId),
) -> Result<bool, PdfError> {
    // With a repeated key, lookups see only the last copy: compare every entry in order, so
    // that a copy added in front (read by first-wins viewers) is a change.
    if !x.duplicate_keys().is_empty() || !y.duplicate_keys().is_empty() {
        return Ok(x.entries.len() == y.entries.len()
            && x.entries.iter().zip(&y.entries).all(|((k, v), (l, w))| {
                k == l
                    && (ignore.contains(&k.as_bytes())
                        || same(old, v, new, w, ids).unwrap_or(false))
            }));
    }
    for key in dict_keys(x, y) {
        if ignore.contains(&key.as_slice()) {
            continue;
        }
        let (i, j) = (
            x.get(&key).unwrap_or(&Object::Null),
            y.get(&key).unwrap_or(&Object::Null),
        );
        if !same(old, i, new, j, ids)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The distinct keys of two dictionaries.
pub(super) fn dict_keys(
    x: &super::object::Dictionary,
    y: &super::object::Dictionary,
) -> Vec<Vec<u8>> {
    let keys: Vec<Vec<u8>> = x
        .entries
        .iter()
        .chain(y.entries.iter())
        .map(|(k, _)| k.0.clone())
        .collect();
    let mut keys = crate::sort::sorted_by(keys, Ord::cmp);
    keys.dedup();
    keys
}
