//! A [`SignatureLayout`] made concrete at signing time: the lines (with the signer's name from
//! the certificate and the signing time shifted to the layout's offset), the image, and the
//! box's size when the layout fixes it (the seal at its real size, a stamp sized to its
//! text). Where the box goes is `sign/placement.rs`; this file only needs the font and the
//! image's bytes.

use der::DateTime;

use super::font::Font;
use super::image::Image;
use super::layout::{
    DEFAULT_SEAL_MM, Label, LayoutKind, SignatureLayout, TextAlign, Variant, format_signing_time,
    label,
};
use super::units::PT_PER_MM;
use super::{AppearanceError, PADDING, VisibleAppearance, text};
use crate::cert::Identity;

/// What the layout draws and how large.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub appearance: VisibleAppearance,
    /// The box's width and height in points when the layout sets them; `None`: the caller's
    /// rectangle or field decides.
    pub size: Option<(f64, f64)>,
    /// Of the box's height, the part under the seal (agency text lines), in points.
    pub below: f64,
    /// Text fields to fill in the same update: (field name, value).
    pub fills: Vec<(String, String)>,
}

/// Resolves `layout` for a signer named by `identity`, signing at `time` (UTC).
pub(crate) fn resolve(
    layout: &SignatureLayout,
    identity: &Identity,
    time: DateTime,
) -> Result<Resolved, AppearanceError> {
    let when = format_signing_time(time, layout.utc_offset, layout.effective_time_format());
    let name = layout
        .name
        .clone()
        .or_else(|| identity.common_name.clone())
        .unwrap_or_else(|| identity.display_name());
    let description = |out: &mut Vec<String>| {
        if !layout.description {
            return;
        }
        let l = |what| label(layout.labels, what);
        out.push(format!("{}: {name}", l(Label::Signer)));
        if let Some(org) = layout
            .organization
            .clone()
            .or_else(|| identity.organization.clone())
        {
            out.push(format!("{}: {org}", l(Label::Organization)));
        }
        if let Some(position) = layout.position.clone().or_else(|| identity.title.clone()) {
            out.push(format!("{}: {position}", l(Label::Position)));
        }
        out.push(format!("{}: {when}", l(Label::Time)));
    };
    let text_on = layout.variant != Variant::ImageOnly;
    let image_on = layout.variant != Variant::TextOnly;
    let mut appearance = VisibleAppearance::new(layout.font.clone());
    appearance.max_font_size = layout.font_size;
    let mut fills = Vec::new();
    match layout.kind {
        LayoutKind::Person => {
            if image_on {
                appearance.image = Some(layout.image.clone().ok_or(AppearanceError::NeedsImage)?);
            }
            if text_on {
                appearance.header = layout.title.iter().cloned().collect();
                appearance.lines.push(name.clone());
                description(&mut appearance.lines);
            }
            Ok(Resolved {
                appearance,
                size: None,
                below: 0.0,
                fills,
            })
        }
        LayoutKind::Agency => {
            // The number and date go into their form fields when named, else into the box.
            for (value, field) in [
                (&layout.doc_number, &layout.doc_number_field),
                (&layout.issued, &layout.issued_field),
            ] {
                match (value, field) {
                    (Some(v), Some(f)) => fills.push((f.clone(), v.clone())),
                    (Some(v), None) if text_on => appearance.lines.push(v.clone()),
                    _ => {}
                }
            }
            if text_on {
                description(&mut appearance.lines);
            }
            if !image_on {
                return stamp(layout, appearance, fills);
            }
            let seal = layout.image.clone().ok_or(AppearanceError::NeedsImage)?;
            let image = Image::decode(&seal)?;
            let (seal_w, seal_h) = seal_size(layout, &image);
            appearance.image = Some(seal);
            // The seal at its real size: no padding around it.
            appearance.padding = 0.0;
            let below = if appearance.lines.is_empty() {
                0.0
            } else {
                let font = Font::parse(&layout.font)?;
                text::fit(
                    &font,
                    &appearance.lines,
                    seal_w,
                    f64::INFINITY,
                    layout.font_size,
                )?
                .height()
            };
            Ok(Resolved {
                appearance,
                size: Some((seal_w, seal_h + below)),
                below,
                fills,
            })
        }
        LayoutKind::Copy(kind) => {
            // Text only, no image (Annex I Part II §I): the copy form, the copying agency,
            // the signing time.
            appearance.lines.push(kind.label().to_owned());
            appearance.lines.extend(layout.organization.iter().cloned());
            appearance.lines.push(when);
            stamp(layout, appearance, fills)
        }
        LayoutKind::Appendix => {
            // Text only (§II.8.b, §II.9.d): the number and symbol of the document the
            // appendix belongs to, the agency when given, the signing time.
            appearance.lines.extend(layout.doc_number.iter().cloned());
            appearance.lines.extend(layout.organization.iter().cloned());
            appearance.lines.push(when);
            stamp(layout, appearance, fills)
        }
    }
}

/// A text-only box sized to its lines at the layout's font size (or the caller's size),
/// lines to the left, black (Annex I: 10 pt, upright, black).
fn stamp(
    layout: &SignatureLayout,
    mut appearance: VisibleAppearance,
    fills: Vec<(String, String)>,
) -> Result<Resolved, AppearanceError> {
    appearance.align = TextAlign::Left;
    let size = match layout.stamp_size {
        Some((w, h)) => (w.to_pt(), h.to_pt()),
        None if appearance.lines.is_empty() => return Err(AppearanceError::Empty),
        None => {
            let font = Font::parse(&layout.font)?;
            let width = text::widest(&font, &appearance.lines, layout.font_size)?;
            let height = text::fit(
                &font,
                &appearance.lines,
                width + 1.0,
                f64::INFINITY,
                layout.font_size,
            )?
            .height();
            // One point of slack so rounding never wraps a line.
            (width + 1.0 + 2.0 * PADDING, height + 2.0 * PADDING)
        }
    };
    Ok(Resolved {
        appearance,
        size: Some(size),
        below: 0.0,
        fills,
    })
}

/// The seal's width and height in points: the caller's width, else the image's resolution
/// (its real size), else [`DEFAULT_SEAL_MM`] across; the height keeps the aspect ratio.
fn seal_size(layout: &SignatureLayout, image: &Image) -> (f64, f64) {
    let (w_px, h_px) = (f64::from(image.width), f64::from(image.height));
    match (layout.seal_width, image.dpi) {
        (Some(w), _) => {
            let w = w.to_pt();
            (w, w * h_px / w_px)
        }
        (None, Some((x_dpi, y_dpi))) => (w_px / x_dpi * 72.0, h_px / y_dpi * 72.0),
        (None, None) => {
            let w = DEFAULT_SEAL_MM * PT_PER_MM;
            (w, w * h_px / w_px)
        }
    }
}
