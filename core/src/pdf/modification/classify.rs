//! The named allow-list (shared/brief/pdf-ltv-login.md R6–R12): a changed object judged by the
//! role it had — which changes are signature maintenance, form filling, annotations, and which
//! are named attacks.

use std::collections::HashSet;

use super::appearance::{Drawing, normal_appearance};
use super::resources::{added_names, names_used};
use super::roles::Role;
use super::{Analysis, FieldTouch, dict_keys};
use crate::i18n::MessageId;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object, ObjectId};
use crate::pdf::report::ModificationLevel as L;

/// Comment annotations DocMDP P=3 is meant for (R9; pyHanko#209).
const COMMENTS: &[&[u8]] = &[
    b"Text",
    b"Popup",
    b"Highlight",
    b"Underline",
    b"StrikeOut",
    b"Squiggly",
];
/// Annotation flags (§12.5.3 Table 167): Hidden, NoView.
const HIDDEN: i64 = 2 | 32;

fn dict(o: &Object) -> Dictionary {
    o.as_dict().cloned().unwrap_or_default()
}

fn changed(a: &Dictionary, b: &Dictionary, key: &[u8]) -> bool {
    a.get(key) != b.get(key)
        && !matches!((a.get(key), b.get(key)), (Some(Object::String(x)), Some(Object::String(y))) if x.bytes == y.bytes)
}

impl Analysis<'_, '_, '_> {
    pub(super) fn classify(
        &mut self,
        old: &RevisionView<'_, '_>,
        new: &RevisionView<'_, '_>,
        n: u32,
        role: &Role,
        before: &Object,
        after: &Object,
    ) {
        let (a, b) = (dict(before), dict(after));
        match role {
            Role::Catalog => self.catalog(old, new, &a, &b),
            Role::Dss | Role::Metadata => self.note(L::SignatureMaintenance),
            Role::AcroForm => self.acroform(new, &a, &b),
            Role::FieldsArray => self.new_fields(new, before, after),
            Role::FormResources => {
                if is_font(&a) {
                    self.flag(MessageId::PdfModShadowReplace, &[("object", n.to_string())]);
                } else {
                    self.note(L::SignatureMaintenance);
                }
            }
            Role::SigValue => {
                self.flag(
                    MessageId::PdfModObjectRedefined,
                    &[("object", n.to_string())],
                );
            }
            Role::Field { name, sig, signed } => {
                self.field(new, n, name, *sig, *signed, &a, &b);
            }
            Role::Appearance { owner } => {
                if matches!(self.roles.get(owner), Some(Role::Field { .. }))
                    && !self.private_appearance(n, *owner)
                {
                    // A field's appearance object also used outside that appearance (another
                    // annotation, a page, a trailer key): redefining it for the field changes
                    // the others — pyHanko's `form-update-override-appearance-stream-sneaky`.
                    // (An annotation's is judged as an annotation change below.)
                    self.flag(
                        MessageId::PdfModSharedAppearance,
                        &[("object", n.to_string())],
                    );
                    return;
                }
                if is_font(&a) {
                    // Font overwrite (pdf-attacker "replace via font"): the glyphs a field
                    // shows change without its value changing.
                    self.flag(MessageId::PdfModShadowReplace, &[("object", n.to_string())]);
                }
                match self.roles.get(owner).cloned() {
                    Some(Role::Field { name, sig, signed }) => {
                        if sig && signed {
                            self.flag(MessageId::PdfModShadowReplace, &[("object", n.to_string())]);
                        } else if !sig {
                            // The field's own appearance redefined in place: some processors
                            // fill fields so, and pyHanko allows it when nothing else uses the
                            // object (checked above) and the field has no appearance states
                            // (/AS: a checkbox or radio button is filled by switching state,
                            // never by redrawing one). Whether the value changed with it is
                            // judged with the field (`judge_fields`, R7).
                            self.touched.entry(name).or_default().appearance = true;
                            let states = old
                                .dict(&Object::Reference(ObjectId::new(*owner, 0)))
                                .ok()
                                .flatten()
                                .is_some_and(|w| w.get(b"AS").is_some());
                            if states {
                                self.flag(
                                    MessageId::PdfModShadowReplace,
                                    &[("object", n.to_string())],
                                );
                            }
                        } else {
                            self.note(L::FormFilling);
                        }
                    }
                    Some(Role::Annotation { page, subtype }) => {
                        self.annotation_changed(new, *owner, page, &subtype, None);
                    }
                    _ => self.flag(
                        MessageId::PdfModObjectRedefined,
                        &[("object", n.to_string())],
                    ),
                }
            }
            Role::Page(page) => self.page(old, new, *page, &a, &b, before, after),
            Role::AnnotsArray(page) => self.annots(old, new, *page, before, after),
            Role::PageContent(page) => {
                // Rewritten with equal content (the same resources re-pointed at copies):
                // nothing the reader sees changed.
                if self.equivalent_values(
                    old,
                    (before, super::id_at(old, n)),
                    new,
                    (after, super::id_at(new, n)),
                    role,
                ) {
                    return;
                }
                self.flag(
                    MessageId::PdfModPageContentChanged,
                    &[("page", (page + 1).to_string()), ("object", n.to_string())],
                );
            }
            Role::Annotation { page, subtype } => {
                if a.get(b"F").and_then(Object::as_integer).unwrap_or(0) & HIDDEN != 0
                    && b.get(b"F").and_then(Object::as_integer).unwrap_or(0) & HIDDEN == 0
                {
                    self.flag(MessageId::PdfModShadowHide, &[("object", n.to_string())]);
                }
                self.annotation_changed(new, n, *page, subtype, Some(&b));
            }
            Role::PageTree | Role::Other => {
                self.flag(
                    MessageId::PdfModObjectRedefined,
                    &[("object", n.to_string())],
                );
            }
        }
    }

    /// R12: the catalog's keys.
    fn catalog(
        &mut self,
        old: &RevisionView<'_, '_>,
        new: &RevisionView<'_, '_>,
        a: &Dictionary,
        b: &Dictionary,
    ) {
        for key in dict_keys(a, b) {
            if !changed(a, b, &key) {
                continue;
            }
            let name = String::from_utf8_lossy(&key).into_owned();
            match key.as_slice() {
                // PAdES validation data, metadata, extension levels, version: maintenance
                // (ISO 32000-2 errata pdf-issues#131: DSS/DTS are not changes).
                b"DSS" | b"Metadata" | b"Extensions" | b"Version" | b"PieceInfo" => {
                    self.note(L::SignatureMaintenance)
                }
                b"AcroForm" => {
                    let before = a
                        .get(b"AcroForm")
                        .and_then(|f| old.dict(f).ok().flatten())
                        .unwrap_or_default();
                    let after = b
                        .get(b"AcroForm")
                        .and_then(|f| new.dict(f).ok().flatten())
                        .unwrap_or_default();
                    if let Some(Object::Reference(id)) = b.get(b"AcroForm") {
                        self.roles.entry(id.number).or_insert(Role::AcroForm);
                    }
                    self.acroform(new, &before, &after);
                }
                b"Names" => {
                    // Only the JavaScript and EmbeddedFiles name trees are active content
                    // (§7.7.4 Table 32); others (Dests, AP) are document maintenance.
                    let get = |d: &Dictionary, v: &RevisionView<'_, '_>| {
                        d.get(b"Names")
                            .and_then(|n| v.dict(n).ok().flatten())
                            .unwrap_or_default()
                    };
                    let (x, y) = (get(a, old), get(b, new));
                    if changed(&x, &y, b"JavaScript") || changed(&x, &y, b"EmbeddedFiles") {
                        self.flag(MessageId::PdfModActiveContent, &[("what", name)]);
                    } else {
                        self.note(L::SignatureMaintenance);
                    }
                }
                b"OpenAction" | b"AA" | b"OCProperties" => {
                    self.flag(MessageId::PdfModActiveContent, &[("what", name)]);
                }
                _ => self.flag(MessageId::PdfModCatalogChanged, &[("key", name)]),
            }
        }
    }

    fn acroform(&mut self, new: &RevisionView<'_, '_>, a: &Dictionary, b: &Dictionary) {
        for key in dict_keys(a, b) {
            if !changed(a, b, &key) {
                continue;
            }
            match key.as_slice() {
                b"Fields" => {
                    let before = a.get(b"Fields").cloned().unwrap_or(Object::Null);
                    let after = b.get(b"Fields").cloned().unwrap_or(Object::Null);
                    self.new_fields(new, &before, &after);
                }
                // pyHanko#15: these are form maintenance, not tampering.
                b"SigFlags" | b"DR" | b"DA" => self.note(L::SignatureMaintenance),
                b"NeedAppearances" => {
                    if b.get(b"NeedAppearances") == Some(&Object::Boolean(true)) {
                        // R7: the viewer would redraw every field from /V, so the page shows
                        // something other than what was signed.
                        self.flag(MessageId::PdfModNeedAppearances, &[]);
                    } else {
                        self.note(L::SignatureMaintenance);
                    }
                }
                _ => self.flag(
                    MessageId::PdfModFormFieldChanged,
                    &[("field", String::from_utf8_lossy(&key).into_owned())],
                ),
            }
        }
    }

    /// Fields added to `/AcroForm /Fields` (the array, direct or its object).
    fn new_fields(&mut self, new: &RevisionView<'_, '_>, before: &Object, after: &Object) {
        let list = |o: &Object, view: &RevisionView<'_, '_>| -> Vec<ObjectId> {
            match view.deref(o) {
                Ok(Object::Array(items)) => items.iter().filter_map(Object::as_reference).collect(),
                _ => Vec::new(),
            }
        };
        let old_view = self.file.view(self.current.saturating_sub(1));
        let old: HashSet<ObjectId> = list(before, &old_view).into_iter().collect();
        for id in list(after, new) {
            if old.contains(&id) || self.roles.contains_key(&id.number) {
                continue;
            }
            let Ok(Some(field)) = new.dict(&Object::Reference(id)) else {
                continue;
            };
            let name = match field.get(b"T") {
                Some(Object::String(s)) => crate::pdf::text::decode_text_string(&s.bytes),
                _ => String::new(),
            };
            let sig = field
                .get(b"FT")
                .and_then(Object::as_name)
                .is_some_and(|f| f.is(b"Sig"));
            if !sig {
                // Only signature fields may be added (§12.8.2.2.2: "filling in forms …
                // and signing", not creating forms).
                self.flag(MessageId::PdfModFormFieldChanged, &[("field", name)]);
                continue;
            }
            self.roles.insert(
                id.number,
                Role::Field {
                    name: name.clone(),
                    sig: true,
                    signed: false,
                },
            );
            self.signing(new, &field);
            if self.certified() {
                self.sneaky(new, id, &name, &field);
            }
        }
    }

    /// A signature value set: a document time-stamp is maintenance, a signature is signing.
    fn signing(&mut self, new: &RevisionView<'_, '_>, field: &Dictionary) {
        let value = field.get(b"V").and_then(|v| new.dict(v).ok().flatten());
        match value {
            Some(v) if v.type_name().is_some_and(|t| t.is(b"DocTimeStamp")) => {
                self.note(L::SignatureMaintenance)
            }
            Some(_) => self.note(L::FormFilling),
            // An empty signature field added: a form change short of signing.
            None => self.note(L::FormFilling),
        }
    }

    /// R8 Sneaky Signature: a signature widget added after certification that draws text or
    /// graphics, or hides, or sits off the page. Image-only appearances never (R14).
    fn sneaky(&mut self, new: &RevisionView<'_, '_>, id: ObjectId, name: &str, field: &Dictionary) {
        let mut widgets = Vec::new();
        if field
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_some_and(|s| s.is(b"Widget"))
        {
            widgets.push(field.clone());
        }
        if let Ok(Some(Object::Array(kids))) = new.get(field, b"Kids") {
            widgets.extend(kids.iter().filter_map(|k| new.dict(k).ok().flatten()));
        }
        for widget in widgets {
            let drawing = normal_appearance(new, &widget);
            if drawing == Drawing::Empty {
                continue;
            }
            let flags = widget.get(b"F").and_then(Object::as_integer).unwrap_or(0);
            let rect = widget
                .get(b"Rect")
                .and_then(|r| new.rectangle(r).ok().flatten());
            let visible_area = rect.is_some_and(|r| r[2] > r[0] && r[3] > r[1]);
            let off_page = match (
                rect,
                widget.get(b"P").and_then(|p| new.dict(p).ok().flatten()),
            ) {
                (Some(r), Some(page)) => page
                    .get(b"MediaBox")
                    .and_then(|m| new.rectangle(m).ok().flatten())
                    .is_some_and(|m| r[2] <= m[0] || r[0] >= m[2] || r[3] <= m[1] || r[1] >= m[3]),
                _ => false,
            };
            if flags & HIDDEN != 0 || off_page || (visible_area && drawing == Drawing::Marks) {
                self.flag(
                    MessageId::PdfModSneakySignature,
                    &[
                        ("field", name.to_owned()),
                        ("object", id.number.to_string()),
                    ],
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        new: &RevisionView<'_, '_>,
        n: u32,
        name: &str,
        sig: bool,
        signed: bool,
        a: &Dictionary,
        b: &Dictionary,
    ) {
        for key in dict_keys(a, b) {
            if !changed(a, b, &key) {
                continue;
            }
            if key == b"AP"
                && let Some(Object::Reference(ap)) = a.get(b"AP")
                && !self.private_appearance(ap.number, n)
            {
                // The field's appearance dictionary was also used elsewhere in the signed
                // revision: pyHanko refuses any appearance update then (its
                // `form-update-ap-indirect-sneaky-trailer`), since which of the users the
                // update is for cannot be told from the structure.
                self.flag(
                    MessageId::PdfModSharedAppearance,
                    &[("object", ap.number.to_string())],
                );
                continue;
            }
            match key.as_slice() {
                b"V" if sig => {
                    if signed || a.get(b"V").is_some_and(|v| *v != Object::Null) {
                        self.flag(
                            MessageId::PdfModObjectRedefined,
                            &[("object", n.to_string())],
                        );
                    } else {
                        self.signing(new, b);
                    }
                }
                b"V" | b"AS" => self.touched.entry(name.to_owned()).or_default().value = true,
                b"AP" if sig => {
                    if signed {
                        self.flag(MessageId::PdfModShadowReplace, &[("object", n.to_string())]);
                    } else {
                        self.note(L::FormFilling);
                    }
                }
                b"AP" => self.touched.entry(name.to_owned()).or_default().appearance = true,
                // FieldMDP and seed values added to a signature field (pyHanko#55).
                b"Lock" | b"SV" if sig => self.note(L::SignatureMaintenance),
                // Signing an empty signature field rewrites its widget (/F, /DA, /MK, /P …).
                k if sig && !signed && !matches!(k, b"T" | b"FT" | b"Parent" | b"Kids") => {
                    self.note(L::FormFilling)
                }
                b"DA" | b"MK" => self.note(L::FormFilling),
                b"F" => {
                    let was = a.get(b"F").and_then(Object::as_integer).unwrap_or(0);
                    let now = b.get(b"F").and_then(Object::as_integer).unwrap_or(0);
                    if was & HIDDEN != 0 && now & HIDDEN == 0 {
                        self.flag(MessageId::PdfModShadowHide, &[("object", n.to_string())]);
                    } else {
                        self.flag(
                            MessageId::PdfModFormFieldChanged,
                            &[("field", name.to_owned())],
                        );
                    }
                }
                _ => self.flag(
                    MessageId::PdfModFormFieldChanged,
                    &[("field", name.to_owned())],
                ),
            }
        }
        if !sig && b.get(b"Ff").and_then(Object::as_integer).unwrap_or(0) & 1 != 0 {
            // ReadOnly (§12.7.4.1 Table 227): no value may change.
            if self
                .touched
                .get(name)
                .is_some_and(|t| t.value || t.appearance)
            {
                self.flag(
                    MessageId::PdfModFormFieldChanged,
                    &[("field", name.to_owned())],
                );
            }
        }
    }

    /// Form filling judged per field once the revision is read: FieldMDP locks (R6) and an
    /// appearance that changed without the value (R7 shadow replace).
    pub(super) fn judge_fields(&mut self) {
        let touched: Vec<(String, FieldTouch)> =
            core::mem::take(&mut self.touched).into_iter().collect();
        for (name, touch) in touched {
            self.note(L::FormFilling);
            if let Some(rule) = self.rules.field_locks.iter().find(|r| r.locks(&name)) {
                let by = rule.signature_field.clone();
                self.flag(
                    MessageId::PdfModFieldLocked,
                    &[("field", name.clone()), ("signature", by)],
                );
            }
            if touch.appearance && !touch.value {
                self.flag(MessageId::PdfModShadowReplace, &[("object", name)]);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn page(
        &mut self,
        old: &RevisionView<'_, '_>,
        new: &RevisionView<'_, '_>,
        page: usize,
        a: &Dictionary,
        b: &Dictionary,
        _before: &Object,
        _after: &Object,
    ) {
        for key in dict_keys(a, b) {
            if !changed(a, b, &key) {
                continue;
            }
            // Re-pointed at objects with equal content (EU DSS `Signature-P-DE_SCI-4`: a
            // time-stamping tool copied page 1's /Resources): what the reader sees is the same.
            if let (Some(x), Some(y)) = (a.get(&key), b.get(&key))
                && key != b"Annots"
                && self.equivalent(old, x, new, y, &Role::PageContent(page))
            {
                continue;
            }
            match key.as_slice() {
                b"Annots" => {
                    let before = a.get(b"Annots").cloned().unwrap_or(Object::Null);
                    let after = b.get(b"Annots").cloned().unwrap_or(Object::Null);
                    self.annots(old, new, page, &before, &after);
                }
                b"AA" => self.flag(MessageId::PdfModActiveContent, &[("what", "AA".into())]),
                b"PieceInfo" | b"LastModified" => self.note(L::SignatureMaintenance),
                b"Resources" if harmless_additions(old, a, new, b) => {
                    // New resource names that no signed content stream names.
                    self.note(L::SignatureMaintenance)
                }
                b"Contents" | b"Resources" | b"MediaBox" | b"CropBox" | b"Rotate" | b"Group"
                | b"UserUnit" => self.flag(
                    MessageId::PdfModPageContentChanged,
                    &[
                        ("page", (page + 1).to_string()),
                        ("object", String::from_utf8_lossy(&key).into_owned()),
                    ],
                ),
                _ => self.flag(
                    MessageId::PdfModObjectRedefined,
                    &[("object", format!("page {}", page + 1))],
                ),
            }
        }
    }

    /// A page's annotation list changed: judge what was added and removed.
    fn annots(
        &mut self,
        old: &RevisionView<'_, '_>,
        new: &RevisionView<'_, '_>,
        page: usize,
        before: &Object,
        after: &Object,
    ) {
        let list = |o: &Object, view: &RevisionView<'_, '_>| -> Vec<ObjectId> {
            match view.deref(o) {
                Ok(Object::Array(items)) => items.iter().filter_map(Object::as_reference).collect(),
                _ => Vec::new(),
            }
        };
        let was: HashSet<ObjectId> = list(before, old).into_iter().collect();
        let now = list(after, new);
        let now_set: HashSet<ObjectId> = now.iter().copied().collect();
        for removed in was.difference(&now_set) {
            match self.roles.get(&removed.number) {
                Some(Role::Annotation { .. }) => self.note(L::Annotations),
                _ => self.flag(
                    MessageId::PdfModObjectRedefined,
                    &[("object", removed.number.to_string())],
                ),
            }
        }
        for id in now {
            if was.contains(&id) {
                continue;
            }
            let Ok(Some(annot)) = new.dict(&Object::Reference(id)) else {
                continue;
            };
            let subtype = annot
                .get(b"Subtype")
                .and_then(Object::as_name)
                .map(|s| s.0.clone())
                .unwrap_or_default();
            if subtype == b"Widget" {
                // A widget is judged with its field (new fields through /AcroForm /Fields).
                let field = annot
                    .get(b"Parent")
                    .and_then(|p| new.dict(p).ok().flatten())
                    .unwrap_or_else(|| annot.clone());
                let is_sig = field
                    .get(b"FT")
                    .or(annot.get(b"FT"))
                    .and_then(Object::as_name)
                    .is_some_and(|f| f.is(b"Sig"));
                if !is_sig {
                    self.flag(
                        MessageId::PdfModFormFieldChanged,
                        &[("field", id.number.to_string())],
                    );
                }
                continue;
            }
            self.roles.insert(
                id.number,
                Role::Annotation {
                    page,
                    subtype: subtype.clone(),
                },
            );
            self.annotation_changed(new, id.number, page, &subtype, Some(&annot));
        }
    }

    /// An annotation added or modified (R9 Evil Annotation Attack).
    fn annotation_changed(
        &mut self,
        new: &RevisionView<'_, '_>,
        n: u32,
        page: usize,
        subtype: &[u8],
        annot: Option<&Dictionary>,
    ) {
        self.note(L::Annotations);
        let annot = match annot {
            Some(a) => a.clone(),
            None => new
                .dict(&Object::Reference(ObjectId::new(n, 0)))
                .ok()
                .flatten()
                .unwrap_or_default(),
        };
        if let Some(action) = annot.get(b"A").and_then(|a| new.dict(a).ok().flatten()) {
            let kind = action
                .get(b"S")
                .and_then(Object::as_name)
                .map(|s| s.0.clone());
            if matches!(kind.as_deref(), Some(b"JavaScript" | b"Launch")) {
                self.flag(
                    MessageId::PdfModActiveContent,
                    &[(
                        "what",
                        String::from_utf8_lossy(&kind.unwrap_or_default()).into_owned(),
                    )],
                );
            }
        }
        if annot.get(b"AA").is_some() {
            self.flag(MessageId::PdfModActiveContent, &[("what", "AA".into())]);
        }
        if !self.certified() {
            return;
        }
        let comment = COMMENTS.contains(&subtype);
        let drawing = normal_appearance(new, &annot);
        // A comment may carry an icon; one whose appearance draws over a large area is an
        // overlay, whatever its subtype says.
        let large = annot
            .get(b"Rect")
            .and_then(|r| new.rectangle(r).ok().flatten())
            .is_some_and(|r| (r[2] - r[0]) * (r[3] - r[1]) > 10_000.0);
        if !comment || (drawing == Drawing::Marks && large && subtype != b"Highlight") {
            self.flag(
                MessageId::PdfModAnnotationOverlay,
                &[
                    ("page", (page + 1).to_string()),
                    ("subtype", String::from_utf8_lossy(subtype).into_owned()),
                ],
            );
        }
    }
}

/// A font or font program (§9.6–9.9): its redefinition changes glyphs already shown.
fn is_font(d: &Dictionary) -> bool {
    d.type_name()
        .is_some_and(|t| t.is(b"Font") || t.is(b"FontDescriptor"))
        || d.get(b"Length1").is_some()
        || d.get(b"Subtype")
            .and_then(Object::as_name)
            .is_some_and(|s| s.is(b"Type1C") || s.is(b"CIDFontType0C") || s.is(b"OpenType"))
}

/// Whether the page's `/Resources` changed only by new names (direct dictionaries, every old
/// entry kept) that none of the page's signed content streams names: a name the signed content
/// uses but the signed resources lacked drew nothing, and supplying it now would draw
/// something (R10).
fn harmless_additions(
    old: &RevisionView<'_, '_>,
    a: &Dictionary,
    new: &RevisionView<'_, '_>,
    b: &Dictionary,
) -> bool {
    let Some(added) = added_names(old, a.get(b"Resources"), new, b.get(b"Resources"), 0) else {
        return false;
    };
    let Some(used) = names_used(old, a) else {
        return false;
    };
    added.iter().all(|name| !used.contains(name))
}
