//! Filling pre-existing text fields in the signature's update (issue 13: the agency's
//! document number and issue date, Decree 30 Art 15.3: the number and time are assigned
//! after the person signs). Form filling is what DocMDP P=2 permits after certification
//! (ISO 32000-2 §12.8.2.2.2 Table 257); the value (`/V`, a text string, §12.7.5.3) and the
//! widget's appearance (`/AP /N`, regenerated here, §12.7.4.3: a text field's appearance is
//! its text in a `/Tx` marked-content sequence) change together, so a viewer that does not
//! regenerate appearances shows what was filled, and no `/NeedAppearances` is set (R7).

use crate::pdf::appearance::AppearanceError;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Object, PdfString};
use crate::pdf::sign_options::FormFill;
use crate::pdf::text::encode_text_string;
use crate::pdf::write::{Body, IncrementalUpdate};

use super::PdfSignError;
use super::field::{appearance_stream, current_dict};
use super::placement::page_of;

/// Fills every field of `fills` in `update`.
pub(crate) fn fill(
    update: &mut IncrementalUpdate<'_, '_>,
    view: &RevisionView<'_, '_>,
    fills: &[FormFill],
) -> Result<(), PdfSignError> {
    if fills.is_empty() {
        return Ok(());
    }
    let fields = view.fields()?;
    let pages = view.pages()?;
    for fill in fills {
        let unusable = || AppearanceError::FormFieldUnusable {
            name: fill.field.clone(),
        };
        let field = fields
            .iter()
            .find(|f| f.name == fill.field)
            .filter(|f| f.field_type.as_ref().is_some_and(|t| t.is(b"Tx")))
            .ok_or_else(unusable)?;
        let widget_id = *field.widgets.first().ok_or_else(unusable)?;
        let mut widget = current_dict(update, widget_id)?;
        let rect = match widget.get(b"Rect") {
            Some(r) => view.rectangle(r)?,
            None => None,
        }
        .filter(|[x0, y0, x1, y1]| x1 > x0 && y1 > y0)
        .ok_or_else(unusable)?;
        let (_, page) = page_of(view, &pages, widget_id, &widget)?.ok_or_else(unusable)?;
        let mut stream = appearance_stream(update, rect, page.rotate, Some(&fill.appearance))?;
        if let Body::Stream { data, .. } = &mut stream {
            let mut wrapped = b"/Tx BMC\nq\n".to_vec();
            wrapped.append(data);
            wrapped.extend_from_slice(b"Q\nEMC\n");
            *data = wrapped;
        }
        let ap_id = update.allocate()?;
        update.set(ap_id, stream);
        let mut ap = crate::pdf::object::Dictionary::new();
        ap.set(b"N", Object::Reference(ap_id));
        widget.set(b"AP", Object::Dictionary(ap));
        update.set(widget_id, Body::Object(Object::Dictionary(widget)));
        let mut dict = current_dict(update, field.id)?;
        dict.set(
            b"V",
            Object::String(PdfString::literal(&encode_text_string(&fill.value))),
        );
        update.set(field.id, Body::Object(Object::Dictionary(dict)));
    }
    Ok(())
}
