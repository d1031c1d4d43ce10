//! Where a box goes on the displayed page: the page as a reader sees it (the CropBox, turned
//! clockwise by `/Rotate`, ISO 32000-2 §7.7.3.3 Table 31), with `x`, `y` from its bottom-left
//! corner in points. Pure arithmetic; `sign/placement.rs` reads the pages and widgets.

use super::error::AppearanceError;
use crate::pdf::sign_options::PdfRect;

/// Slack for rounding when a box touches the page's edge, in points.
const EDGE: f64 = 0.01;

/// The displayed page's width and height: the CropBox's, swapped on quarter turns.
pub(crate) fn displayed_size(crop_box: [f64; 4], rotate: i64) -> (f64, f64) {
    let [x0, y0, x1, y1] = crop_box;
    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
    if rotate.rem_euclid(180) == 90 {
        (h, w)
    } else {
        (w, h)
    }
}

/// Refuses a rectangle not wholly on the displayed page `page` (1-based, for the message).
pub(crate) fn check_on_page(
    rect: PdfRect,
    crop_box: [f64; 4],
    rotate: i64,
    page: u32,
) -> Result<(), AppearanceError> {
    let (w, h) = displayed_size(crop_box, rotate);
    let inside = rect.x >= -EDGE
        && rect.y >= -EDGE
        && rect.x + rect.width <= w + EDGE
        && rect.y + rect.height <= h + EDGE;
    if inside {
        Ok(())
    } else {
        Err(AppearanceError::RectOffPage { page })
    }
}

/// A rectangle in default user space `[llx lly urx ury]` as the displayed page shows it: the
/// inverse of `sign::field::to_user_space` (`/Rotate` 90: user (u, v) relative to the CropBox
/// origin is displayed at (v, cw − u); 180: (cw − u, ch − v); 270: (ch − v, u)).
pub(crate) fn to_displayed(user: [f64; 4], crop_box: [f64; 4], rotate: i64) -> PdfRect {
    let [cx0, cy0, cx1, cy1] = crop_box;
    let (cw, ch) = (cx1 - cx0, cy1 - cy0);
    let map = |u: f64, v: f64| -> (f64, f64) {
        let (u, v) = (u - cx0, v - cy0);
        match rotate.rem_euclid(360) {
            90 => (v, cw - u),
            180 => (cw - u, ch - v),
            270 => (ch - v, u),
            _ => (u, v),
        }
    };
    let (a, b) = map(user[0], user[1]);
    let (c, d) = map(user[2], user[3]);
    PdfRect::new(a.min(c), b.min(d), (c - a).abs(), (d - b).abs())
}

/// A `width` × `height` box `margin` from the top and right edges of a displayed page of
/// `page_w` × `page_h` (Decree 30 Annex I: copy and appendix stamps at the top right of the
/// first page).
pub(crate) fn top_right(page_w: f64, page_h: f64, width: f64, height: f64, margin: f64) -> PdfRect {
    PdfRect::new(
        page_w - margin - width,
        page_h - margin - height,
        width,
        height,
    )
}

/// The agency's box beside the person's signature box `person` (Decree 30 Annex I §II.8.a:
/// the seal overlaps about one third of the person's signature, on its left). The seal,
/// `seal_w` × `seal_h`, has its right edge at `overlap` × the person's width from the
/// person's left edge and its vertical centre at the person's; the box continues `below`
/// points under the seal (the document number and date lines).
pub(crate) fn beside(
    person: PdfRect,
    seal_w: f64,
    seal_h: f64,
    below: f64,
    overlap: f64,
) -> PdfRect {
    let right = person.x + overlap.clamp(0.0, 1.0) * person.width;
    let centre = person.y + person.height / 2.0;
    PdfRect::new(
        right - seal_w,
        centre - seal_h / 2.0 - below,
        seal_w,
        seal_h + below,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const A4: [f64; 4] = [0.0, 0.0, 595.0, 842.0];

    #[test]
    fn off_page_rectangles_are_refused_by_page() {
        let ok = PdfRect::new(0.0, 0.0, 595.0, 842.0);
        assert!(check_on_page(ok, A4, 0, 1).is_ok());
        let off = PdfRect::new(500.0, 800.0, 100.0, 50.0);
        assert_eq!(
            check_on_page(off, A4, 0, 3),
            Err(AppearanceError::RectOffPage { page: 3 })
        );
        // On a page turned a quarter the displayed page is 842 wide.
        let wide = PdfRect::new(700.0, 10.0, 100.0, 50.0);
        assert!(check_on_page(wide, A4, 0, 1).is_err());
        assert!(check_on_page(wide, A4, 90, 1).is_ok());
        assert!(check_on_page(PdfRect::new(-1.0, 0.0, 10.0, 10.0), A4, 0, 1).is_err());
    }

    #[test]
    fn top_right_box_and_displayed_coordinates() {
        let r = top_right(595.0, 842.0, 150.0, 40.0, 10.0 * 72.0 / 25.4);
        assert!((r.x + r.width - (595.0 - 28.346_456_692_913_385)).abs() < 1e-9);
        assert!((r.y + r.height - (842.0 - 28.346_456_692_913_385)).abs() < 1e-9);
        // to_displayed inverts to_user_space for every rotation.
        let crop = [10.0, 20.0, 610.0, 820.0];
        for rotate in [0, 90, 180, 270] {
            let shown = PdfRect::new(30.0, 40.0, 100.0, 50.0);
            let user = crate::pdf::sign::field::to_user_space(shown, crop, rotate).unwrap();
            let back = to_displayed(user, crop, rotate);
            for (a, b) in [
                (back.x, shown.x),
                (back.y, shown.y),
                (back.width, shown.width),
                (back.height, shown.height),
            ] {
                assert!((a - b).abs() < 1e-9, "{rotate}: {back:?}");
            }
        }
    }

    #[test]
    fn the_seal_covers_the_left_third_of_the_person_box() {
        let person = PdfRect::new(330.0, 150.0, 180.0, 90.0);
        let seal = 40.0 * 72.0 / 25.4;
        let b = beside(person, seal, seal, 0.0, 1.0 / 3.0);
        // Right edge at one third of the person's box, centred on it vertically.
        assert!((b.x + b.width - 390.0).abs() < 1e-9);
        assert!((b.y + b.height / 2.0 - 195.0).abs() < 1e-9);
        assert!((b.width - 113.385_826_771_653_5).abs() < 1e-9);
        // Text under the seal extends the box down; the seal stays centred.
        let t = beside(person, seal, seal, 24.0, 1.0 / 3.0);
        assert!((t.y + 24.0 + seal / 2.0 - 195.0).abs() < 1e-9);
        assert!((t.height - seal - 24.0).abs() < 1e-9);
    }
}
