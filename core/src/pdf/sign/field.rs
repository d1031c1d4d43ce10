//! The signature field and what points to it (ISO 32000-2 §12.7.5.5 signature fields,
//! §12.5.6.19 widgets, §12.7.3 AcroForm): which field to sign, where its widget goes, and the
//! minimal set of objects to change — the field (existing) or a new field+widget, the page's
//! `/Annots` (or the array object it refers to), the AcroForm (or its `/Fields` array
//! object) and the catalog only when the AcroForm is new or direct. Nothing else is
//! rewritten (shared/brief/pdf-ltv-login.md §1 rows 21, 22).

use std::collections::HashSet;

use crate::pdf::appearance::geometry::check_on_page;
use crate::pdf::appearance::{AppearanceError, VisibleAppearance, build as build_appearance};
use crate::pdf::document::PdfField;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Name, Object, ObjectId, PdfString};
use crate::pdf::sign_options::{PdfRect, PdfSignOptions};
use crate::pdf::text::encode_text_string;
use crate::pdf::write::{Body, IncrementalUpdate};

use super::PdfSignError;

/// Annotation flags Print (bit 3) and Locked (bit 8): `/F 132` (§12.5.3 Table 167), so the
/// widget prints and cannot be moved or deleted in a viewer.
const WIDGET_FLAGS: i64 = 132;
/// AcroForm `/SigFlags` SignaturesExist | AppendOnly (§12.7.3 Table 225).
const SIG_FLAGS: i64 = 3;

/// The field to sign.
pub(crate) enum Target {
    /// An existing empty signature field.
    Existing(Box<PdfField>),
    /// A new field so named.
    New(String),
}

/// Picks the field: the named existing empty signature field, else a new field with that
/// name or the first free `SignatureN` (names unique: EU DSS dss-demonstrations#62, brief §1
/// row 16).
pub(crate) fn choose(
    fields: &[PdfField],
    options: &PdfSignOptions,
) -> Result<Target, PdfSignError> {
    let mut taken: HashSet<&str> = HashSet::new();
    for f in fields {
        taken.insert(f.name.as_str());
        // Every ancestor's name is taken too (a new top-level field must not merge into one).
        let mut rest = f.name.as_str();
        while let Some((parent, _)) = rest.rsplit_once('.') {
            taken.insert(parent);
            rest = parent;
        }
    }
    match &options.field {
        Some(name) => {
            if let Some(field) = fields.iter().find(|f| &f.name == name) {
                if !field.field_type.as_ref().is_some_and(|t| t.is(b"Sig")) {
                    return Err(PdfSignError::FieldNotSignature { name: name.clone() });
                }
                if field.value.as_ref().is_some_and(|v| *v != Object::Null) {
                    return Err(PdfSignError::FieldAlreadySigned { name: name.clone() });
                }
                return Ok(Target::Existing(Box::new(field.clone())));
            }
            if name.is_empty() || name.contains('.') || taken.contains(name.as_str()) {
                return Err(PdfSignError::FieldNameInvalid { name: name.clone() });
            }
            Ok(Target::New(name.clone()))
        }
        None => {
            let mut n: u32 = 1;
            loop {
                let name = format!("Signature{n}");
                if !taken.contains(name.as_str()) {
                    return Ok(Target::New(name));
                }
                n = n.checked_add(1).ok_or(PdfSignError::TooLarge)?;
            }
        }
    }
}

/// Converts a rectangle given on the displayed page (origin at its bottom-left corner, after
/// the CropBox and `/Rotate` are applied, §7.7.3.3 Table 31: `/Rotate` turns the page
/// clockwise when displayed) into default user space `[llx lly urx ury]`.
pub(crate) fn to_user_space(
    rect: PdfRect,
    crop_box: [f64; 4],
    rotate: i64,
) -> Result<[f64; 4], PdfSignError> {
    let finite = [rect.x, rect.y, rect.width, rect.height]
        .iter()
        .all(|v| v.is_finite());
    if !finite || rect.width <= 0.0 || rect.height <= 0.0 {
        return Err(PdfSignError::BadRect);
    }
    let [cx0, cy0, cx1, cy1] = crop_box;
    let (cw, ch) = (cx1 - cx0, cy1 - cy0);
    // (u, v): user space relative to the CropBox origin, from displayed (dx, dy).
    let map = |dx: f64, dy: f64| -> (f64, f64) {
        match rotate.rem_euclid(360) {
            90 => (cw - dy, dx),
            180 => (cw - dx, ch - dy),
            270 => (dy, ch - dx),
            _ => (dx, dy),
        }
    };
    let (u0, v0) = map(rect.x, rect.y);
    let (u1, v1) = map(rect.x + rect.width, rect.y + rect.height);
    Ok([
        cx0 + u0.min(u1),
        cy0 + v0.min(v1),
        cx0 + u0.max(u1),
        cy0 + v0.max(v1),
    ])
}

/// Writes the field side of the signature into `update`: the field's `/V` (existing field)
/// or a new merged field+widget with an appearance stream, the page's `/Annots`, the
/// AcroForm's `/Fields` and `/SigFlags`. Returns the field's object id.
pub(crate) fn place(
    update: &mut IncrementalUpdate<'_, '_>,
    view: &RevisionView<'_, '_>,
    target: &Target,
    sig: ObjectId,
    lock: Option<&Dictionary>,
    options: &PdfSignOptions,
) -> Result<ObjectId, PdfSignError> {
    let (catalog_id, _) = view.catalog()?;
    let field_id = match target {
        Target::Existing(field) => {
            if let Some(appearance) = &options.appearance {
                draw_into_existing(update, view, field, appearance)?;
            }
            let mut dict = current_dict(update, field.id)?;
            dict.set(b"V", Object::Reference(sig));
            update.set(field.id, Body::Object(Object::Dictionary(dict)));
            field.id
        }
        Target::New(name) => {
            let pages = view.pages()?;
            let page_index = usize::try_from(options.page)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .ok_or(PdfSignError::PageOutOfRange {
                    page: options.page,
                    pages: pages.len(),
                })?;
            let page = pages.get(page_index).ok_or(PdfSignError::PageOutOfRange {
                page: options.page,
                pages: pages.len(),
            })?;
            let rect = match options.rect {
                Some(r) => {
                    check_on_page(r, page.crop_box, page.rotate, options.page)?;
                    to_user_space(r, page.crop_box, page.rotate)?
                }
                None if options.appearance.is_some() => {
                    return Err(AppearanceError::NeedsRect.into());
                }
                None => [0.0; 4],
            };
            let widget = update.allocate()?;
            // The appearance's objects first: a bad font or image is refused before the
            // widget exists (nothing is written unless the whole update succeeds anyway).
            let stream = appearance_stream(update, rect, page.rotate, options.appearance.as_ref())?;
            let appearance = update.allocate()?;
            update.set(appearance, stream);
            let mut dict = Dictionary::new();
            dict.set(b"Type", name_object(b"Annot"));
            dict.set(b"Subtype", name_object(b"Widget"));
            dict.set(b"FT", name_object(b"Sig"));
            dict.set(
                b"T",
                Object::String(PdfString::literal(&encode_text_string(name))),
            );
            dict.set(b"V", Object::Reference(sig));
            dict.set(b"F", Object::Integer(WIDGET_FLAGS));
            dict.set(
                b"Rect",
                Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            dict.set(b"P", Object::Reference(page.id));
            let mut ap = Dictionary::new();
            ap.set(b"N", Object::Reference(appearance));
            dict.set(b"AP", Object::Dictionary(ap));
            if page.rotate != 0 {
                // The appearance issue draws upright text on rotated pages through /MK /R.
                let mut mk = Dictionary::new();
                mk.set(b"R", Object::Integer(page.rotate));
                dict.set(b"MK", Object::Dictionary(mk));
            }
            if let Some(lock) = lock {
                dict.set(b"Lock", Object::Dictionary(lock.clone()));
            }
            update.set(widget, Body::Object(Object::Dictionary(dict)));
            add_to_annots(update, page.id, widget)?;
            widget
        }
    };
    let new_field = matches!(target, Target::New(_)).then_some(field_id);
    update_acroform(update, catalog_id, new_field)?;
    Ok(field_id)
}

/// Draws `appearance` into the first widget of an existing empty signature field (its
/// `/Rect` as the document has it, upright on a rotated page), replacing its `/AP`: the
/// widget of a field signed by the same update, which DocMDP P=2 and P=3 permit
/// (§12.8.2.2.2; a field that existed when the document was certified, R8).
fn draw_into_existing(
    update: &mut IncrementalUpdate<'_, '_>,
    view: &RevisionView<'_, '_>,
    field: &PdfField,
    appearance: &VisibleAppearance,
) -> Result<(), PdfSignError> {
    let no_area = || AppearanceError::FieldHasNoArea {
        name: field.name.clone(),
    };
    let widget_id = *field.widgets.first().ok_or_else(no_area)?;
    let mut widget = current_dict(update, widget_id)?;
    let rect = match widget.get(b"Rect") {
        Some(r) => view.rectangle(r)?,
        None => None,
    }
    .filter(|[x0, y0, x1, y1]| x1 - x0 > 0.0 && y1 - y0 > 0.0)
    .ok_or_else(no_area)?;
    let pages = view.pages()?;
    let rotate = super::placement::page_of(view, &pages, widget_id, &widget)?
        .map_or(0, |(_, page)| page.rotate);
    let stream = appearance_stream(update, rect, rotate, Some(appearance))?;
    let ap_id = update.allocate()?;
    update.set(ap_id, stream);
    let mut ap = Dictionary::new();
    ap.set(b"N", Object::Reference(ap_id));
    widget.set(b"AP", Object::Dictionary(ap));
    update.set(widget_id, Body::Object(Object::Dictionary(widget)));
    Ok(())
}

/// The widget's normal appearance (§12.5.5): a form XObject whose BBox is the box as the
/// reader sees it; on a page with `/Rotate` its `/Matrix` turns the drawing against the
/// page's rotation so text and images stand upright on screen (the matrix maps the BBox onto
/// the rotated `/Rect`, §12.5.5 step b). With no `appearance` the form is empty.
pub(crate) fn appearance_stream(
    update: &mut IncrementalUpdate<'_, '_>,
    rect: [f64; 4],
    rotate: i64,
    appearance: Option<&VisibleAppearance>,
) -> Result<Body, PdfSignError> {
    let [x0, y0, x1, y1] = rect;
    let (user_w, user_h) = (x1 - x0, y1 - y0);
    let quarter = rotate.rem_euclid(360) / 90;
    // Displayed width and height: swapped on pages turned by a quarter.
    let (w, h) = if quarter % 2 == 1 {
        (user_h, user_w)
    } else {
        (user_w, user_h)
    };
    let mut dict = Dictionary::new();
    dict.set(b"Type", name_object(b"XObject"));
    dict.set(b"Subtype", name_object(b"Form"));
    let mut data = Vec::new();
    let mut resources = Dictionary::new();
    let (w, h) = match appearance {
        Some(appearance) => {
            let built = build_appearance(appearance, w, h, update)?;
            data = built.content;
            resources = built.resources;
            // /Rotate turns the page clockwise when shown (§7.7.3.3 Table 31); the content
            // turns the other way: 90 → [0 1 -1 0 0 0], 180 → [-1 0 0 -1 0 0],
            // 270 → [0 -1 1 0 0 0].
            let matrix: Option<[i64; 4]> = match quarter {
                1 => Some([0, 1, -1, 0]),
                2 => Some([-1, 0, 0, -1]),
                3 => Some([0, -1, 1, 0]),
                _ => None,
            };
            if let Some(m) = matrix {
                let mut items: Vec<Object> = m.iter().map(|v| Object::Integer(*v)).collect();
                items.extend([Object::Integer(0), Object::Integer(0)]);
                dict.set(b"Matrix", Object::Array(items));
            }
            (w, h)
        }
        // The empty form keeps the BBox it always had (user space).
        None => (user_w, user_h),
    };
    dict.set(
        b"BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(w),
            Object::Real(h),
        ]),
    );
    dict.set(b"Resources", Object::Dictionary(resources));
    Ok(Body::Stream { dict, data })
}

/// Appends `widget` to the page's `/Annots`: in the array object when the page refers to one,
/// else in the page's own dictionary.
fn add_to_annots(
    update: &mut IncrementalUpdate<'_, '_>,
    page: ObjectId,
    widget: ObjectId,
) -> Result<(), PdfSignError> {
    let mut page_dict = current_dict(update, page)?;
    match page_dict.get(b"Annots").cloned() {
        Some(Object::Reference(array_id)) => {
            if let Object::Array(mut items) = update.current(array_id)? {
                items.push(Object::Reference(widget));
                update.set(array_id, Body::Object(Object::Array(items)));
                return Ok(());
            }
            // A reference to something that is not an array: the page gets a direct one.
            page_dict.set(b"Annots", Object::Array(vec![Object::Reference(widget)]));
        }
        Some(Object::Array(mut items)) => {
            items.push(Object::Reference(widget));
            page_dict.set(b"Annots", Object::Array(items));
        }
        _ => page_dict.set(b"Annots", Object::Array(vec![Object::Reference(widget)])),
    }
    update.set(page, Body::Object(Object::Dictionary(page_dict)));
    Ok(())
}

/// Adds the new field to `/Fields` and sets `/SigFlags 3`, changing the fewest objects: the
/// `/Fields` array object when it is indirect, the AcroForm object when it is indirect, the
/// catalog only when the AcroForm is missing or direct.
fn update_acroform(
    update: &mut IncrementalUpdate<'_, '_>,
    catalog_id: ObjectId,
    new_field: Option<ObjectId>,
) -> Result<(), PdfSignError> {
    let mut catalog = current_dict(update, catalog_id)?;
    match catalog.get(b"AcroForm").cloned() {
        Some(Object::Reference(form_id)) => {
            if let Object::Dictionary(mut form) = update.current(form_id)? {
                if edit_form(update, &mut form, new_field)? {
                    update.set(form_id, Body::Object(Object::Dictionary(form)));
                }
                return Ok(());
            }
        }
        Some(Object::Dictionary(mut form)) => {
            if edit_form(update, &mut form, new_field)? {
                catalog.set(b"AcroForm", Object::Dictionary(form));
                update.set(catalog_id, Body::Object(Object::Dictionary(catalog)));
            }
            return Ok(());
        }
        _ => {}
    }
    // No usable AcroForm: a new one.
    let mut form = Dictionary::new();
    form.set(
        b"Fields",
        Object::Array(new_field.into_iter().map(Object::Reference).collect()),
    );
    form.set(b"SigFlags", Object::Integer(SIG_FLAGS));
    let form_id = update.allocate()?;
    update.set(form_id, Body::Object(Object::Dictionary(form)));
    catalog.set(b"AcroForm", Object::Reference(form_id));
    update.set(catalog_id, Body::Object(Object::Dictionary(catalog)));
    Ok(())
}

/// Edits an AcroForm dictionary; true when the dictionary itself changed.
fn edit_form(
    update: &mut IncrementalUpdate<'_, '_>,
    form: &mut Dictionary,
    new_field: Option<ObjectId>,
) -> Result<bool, PdfSignError> {
    let mut changed = false;
    let flags = match form.get(b"SigFlags") {
        Some(Object::Reference(id)) => update.current(*id)?.as_integer(),
        Some(other) => other.as_integer(),
        None => None,
    }
    .unwrap_or(0);
    if flags & SIG_FLAGS != SIG_FLAGS {
        form.set(b"SigFlags", Object::Integer(flags | SIG_FLAGS));
        changed = true;
    }
    if let Some(field) = new_field {
        match form.get(b"Fields").cloned() {
            Some(Object::Reference(array_id)) => match update.current(array_id)? {
                Object::Array(mut items) => {
                    items.push(Object::Reference(field));
                    update.set(array_id, Body::Object(Object::Array(items)));
                }
                _ => {
                    form.set(b"Fields", Object::Array(vec![Object::Reference(field)]));
                    changed = true;
                }
            },
            Some(Object::Array(mut items)) => {
                items.push(Object::Reference(field));
                form.set(b"Fields", Object::Array(items));
                changed = true;
            }
            _ => {
                form.set(b"Fields", Object::Array(vec![Object::Reference(field)]));
                changed = true;
            }
        }
    }
    Ok(changed)
}

/// Sets `/Perms /DocMDP` to the certification signature (§12.8.4 Table 263), in the
/// `/Perms` object when the catalog refers to one.
pub(crate) fn set_docmdp(
    update: &mut IncrementalUpdate<'_, '_>,
    catalog_id: ObjectId,
    sig: ObjectId,
) -> Result<(), PdfSignError> {
    let mut catalog = current_dict(update, catalog_id)?;
    if let Some(Object::Reference(perms_id)) = catalog.get(b"Perms").cloned()
        && let Object::Dictionary(mut perms) = update.current(perms_id)?
    {
        perms.set(b"DocMDP", Object::Reference(sig));
        update.set(perms_id, Body::Object(Object::Dictionary(perms)));
        return Ok(());
    }
    let mut perms = match catalog.get(b"Perms") {
        Some(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    perms.set(b"DocMDP", Object::Reference(sig));
    catalog.set(b"Perms", Object::Dictionary(perms));
    update.set(catalog_id, Body::Object(Object::Dictionary(catalog)));
    Ok(())
}

/// The object as the update has it, as a dictionary (an empty one when it is not).
pub(crate) fn current_dict(
    update: &IncrementalUpdate<'_, '_>,
    id: ObjectId,
) -> Result<Dictionary, PdfSignError> {
    Ok(match update.current(id)? {
        Object::Dictionary(d) => d,
        _ => Dictionary::new(),
    })
}

pub(crate) fn name_object(name: &[u8]) -> Object {
    Object::Name(Name::new(name))
}
