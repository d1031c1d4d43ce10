//! Where a Decree 30 layout's box goes in this document (issue 13): the signing options with
//! the layout made concrete — its appearance, and the page and rectangle its
//! [`Placement`] asks for: the caller's, the top right of a page, or beside the person's
//! signature widget already in the document (Annex I §II.8.a). The arithmetic is
//! `appearance/geometry.rs`; this file reads the pages, fields and widgets.

use crate::cert::Certificate;
use crate::pdf::PdfError;
use crate::pdf::appearance::SignatureLayout;
use crate::pdf::document::{PdfField, PdfPage};
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object, ObjectId};
use crate::pdf::sign_options::PdfSignOptions;

use super::PdfSignError;
use super::field::Target;

/// `options` with `layout` resolved: [`PdfSignOptions::appearance`], `page`, `rect` and the
/// text fields to fill set. An existing empty signature field (`target`) is drawn into
/// whatever the placement says.
#[cfg(feature = "appearance")]
pub(crate) fn apply(
    view: &RevisionView<'_, '_>,
    fields: &[PdfField],
    target: &Target,
    options: &PdfSignOptions,
    layout: &SignatureLayout,
    certificate: &Certificate,
) -> Result<PdfSignOptions, PdfSignError> {
    use crate::pdf::appearance::AppearanceError;
    use crate::pdf::appearance::Placement;
    use crate::pdf::appearance::decree30::resolve;
    use crate::pdf::appearance::geometry::{beside, displayed_size, to_displayed, top_right};
    use crate::pdf::sign_options::FormFill;

    let resolved = resolve(layout, &certificate.identity(), options.time)?;
    let mut out = options.clone();
    out.layout = None;
    out.fills = resolved
        .fills
        .iter()
        .map(|(field, value)| {
            let mut appearance =
                crate::pdf::appearance::VisibleAppearance::new(layout.font.clone())
                    .with_lines([value.clone()]);
            appearance.max_font_size = layout.font_size;
            appearance.align = crate::pdf::appearance::TextAlign::Left;
            FormFill {
                field: field.clone(),
                value: value.clone(),
                appearance,
            }
        })
        .collect();
    out.appearance = Some(resolved.appearance);
    if matches!(target, Target::Existing(_)) {
        return Ok(out);
    }
    let needs_size = || AppearanceError::NeedsRect;
    match layout.effective_placement() {
        Placement::BesideSignature { field, overlap } => {
            let (w, h) = resolved.size.ok_or_else(needs_size)?;
            let (page_number, page, user) = person_box(view, fields, field.as_deref())?;
            let person = to_displayed(user, page.crop_box, page.rotate);
            out.page = page_number;
            out.rect = Some(beside(
                person,
                w,
                h - resolved.below,
                resolved.below,
                overlap,
            ));
        }
        Placement::TopRight { page, margin } => {
            let (w, h) = resolved.size.ok_or_else(needs_size)?;
            let pages = view.pages()?;
            let index = usize::try_from(page).ok().and_then(|p| p.checked_sub(1));
            let the_page =
                index
                    .and_then(|i| pages.get(i))
                    .ok_or(PdfSignError::PageOutOfRange {
                        page,
                        pages: pages.len(),
                    })?;
            let (pw, ph) = displayed_size(the_page.crop_box, the_page.rotate);
            out.page = page;
            out.rect = Some(top_right(pw, ph, w, h, margin.to_pt()));
        }
        // The caller's page and rectangle (a new field needs one: `NeedsRect` otherwise),
        // the appearance drawn to fill it.
        _ => {}
    }
    Ok(out)
}

/// Without the `appearance` feature a layout is refused by name, never drawn empty.
#[cfg(not(feature = "appearance"))]
pub(crate) fn apply(
    _view: &RevisionView<'_, '_>,
    _fields: &[PdfField],
    _target: &Target,
    _options: &PdfSignOptions,
    _layout: &SignatureLayout,
    _certificate: &Certificate,
) -> Result<PdfSignOptions, PdfSignError> {
    Err(crate::pdf::appearance::AppearanceError::NotInThisBuild.into())
}

/// The person's signature box: the widget of the signature field `name`, or of the most
/// recently added signed signature field (last in `/AcroForm /Fields` order, where signing
/// appends) with a widget that has an area on a page. Returns the page number (1-based), the
/// page and the widget's `/Rect` in user space.
#[cfg(feature = "appearance")]
fn person_box(
    view: &RevisionView<'_, '_>,
    fields: &[PdfField],
    name: Option<&str>,
) -> Result<(u32, PdfPage, [f64; 4]), PdfSignError> {
    use crate::pdf::appearance::AppearanceError;
    let pages = view.pages()?;
    for field in fields.iter().rev() {
        if name.is_some_and(|n| n != field.name) {
            continue;
        }
        let signed = field.field_type.as_ref().is_some_and(|t| t.is(b"Sig"))
            && field.value.as_ref().is_some_and(|v| *v != Object::Null);
        if signed {
            for widget_id in &field.widgets {
                let Some(widget) = view.dict(&Object::Reference(*widget_id))? else {
                    continue;
                };
                let rect = match widget.get(b"Rect") {
                    Some(r) => view.rectangle(r)?,
                    None => None,
                };
                let Some(rect) = rect.filter(|[x0, y0, x1, y1]| x1 > x0 && y1 > y0) else {
                    continue;
                };
                if let Some((index, page)) = page_of(view, &pages, *widget_id, &widget)? {
                    let number = u32::try_from(index + 1).map_err(|_| PdfSignError::TooLarge)?;
                    return Ok((number, page.clone(), rect));
                }
            }
        }
        if let Some(name) = name {
            return Err(AppearanceError::PersonFieldUnusable {
                name: name.to_owned(),
            }
            .into());
        }
    }
    Err(match name {
        Some(name) => AppearanceError::PersonFieldUnusable {
            name: name.to_owned(),
        },
        None => AppearanceError::NoPersonSignature,
    }
    .into())
}

/// The page a widget is on: its `/P` (§12.5.2 Table 166), else the page whose `/Annots`
/// lists it. With its index in document order.
pub(crate) fn page_of<'p>(
    view: &RevisionView<'_, '_>,
    pages: &'p [PdfPage],
    widget_id: ObjectId,
    widget: &Dictionary,
) -> Result<Option<(usize, &'p PdfPage)>, PdfError> {
    if let Some(p) = widget.get(b"P").and_then(Object::as_reference)
        && let Some(found) = pages.iter().enumerate().find(|(_, page)| page.id == p)
    {
        return Ok(Some(found));
    }
    for (i, page) in pages.iter().enumerate() {
        if let Some(Object::Array(annots)) = view.get(&page.dict, b"Annots")?
            && annots.contains(&Object::Reference(widget_id))
        {
            return Ok(Some((i, page)));
        }
    }
    Ok(None)
}
