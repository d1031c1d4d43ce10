//! Decree 30 layouts through `sign_pdf` (issue 13): where each box lands, what it draws,
//! drawing into an existing field, filling a text field, and the refusals.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use super::tests::{BODIES, Form, build, check_signed, identity, options, sign, with_empty_field};
use super::*;
use crate::cms::test_support::Crypto;
use crate::pdf::appearance::{
    AppearanceError, CopyKind, LayoutKind, Length, Placement, SignatureLayout, Variant,
};
use crate::pdf::sign_options::{DocMdpPermission, PdfRect};
use crate::test_support::TestRng;

const FONT: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf");
const MM: f64 = 72.0 / 25.4;

/// A `size`-pixel square RGBA disc in `rgb` on a transparent background, with a `pHYs` of
/// `ppm` pixels per metre when given.
fn disc(size: u32, rgb: [u8; 3], ppm: Option<u32>) -> Vec<u8> {
    let mut pixels = Vec::new();
    let c = f64::from(size) / 2.0;
    for y in 0..size {
        for x in 0..size {
            let d = ((f64::from(x) - c).powi(2) + (f64::from(y) - c).powi(2)).sqrt();
            let a = if d < c * 0.9 { 255 } else { 0 };
            pixels.extend_from_slice(&[rgb[0], rgb[1], rgb[2], a]);
        }
    }
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, size, size);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        if let Some(ppm) = ppm {
            e.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
        }
        e.write_header().unwrap().write_image_data(&pixels).unwrap();
    }
    out
}

fn person(image: bool) -> SignatureLayout {
    let mut l = SignatureLayout::new(LayoutKind::Person, FONT);
    if image {
        l.image = Some(disc(60, [20, 40, 220], None).into());
    }
    l.title = Some("GIÁM ĐỐC".into());
    l
}

fn agency(seal: Vec<u8>) -> SignatureLayout {
    let mut l = SignatureLayout::new(LayoutKind::Agency, FONT);
    l.image = Some(seal.into());
    l
}

fn with(layout: SignatureLayout) -> PdfSignOptions {
    let mut o = options();
    o.layout = Some(layout);
    o
}

fn err(base: &[u8], o: &PdfSignOptions) -> PdfSignError {
    let id = identity();
    sign_pdf(&base, &id.key, &id.cert, o, &Crypto, &mut TestRng::new(1)).unwrap_err()
}

/// The newest signed field's widget `/Rect` and its normal appearance's content.
fn newest(signed: &[u8], name: &str) -> ([f64; 4], String, Dictionary) {
    let file = PdfFile::open(&signed, &ReadOptions::default()).unwrap();
    let latest = file.latest();
    let field = latest
        .fields()
        .unwrap()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap();
    let widget = latest
        .dict(&Object::Reference(field.widgets[0]))
        .unwrap()
        .unwrap();
    let rect = latest
        .rectangle(widget.get(b"Rect").unwrap())
        .unwrap()
        .unwrap();
    let ap = latest.dict(widget.get(b"AP").unwrap()).unwrap().unwrap();
    let id = ap.get(b"N").unwrap().as_reference().unwrap();
    let Object::Stream(stream) = latest.resolve(id).unwrap() else {
        panic!("/AP /N is a stream")
    };
    let data = latest.stream_data(id, &stream).unwrap();
    let resources = latest
        .dict(stream.dict.get(b"Resources").unwrap())
        .unwrap()
        .unwrap();
    (rect, String::from_utf8_lossy(&data).into_owned(), resources)
}

fn close(a: [f64; 4], b: [f64; 4]) {
    for (x, y) in a.iter().zip(b.iter()) {
        assert!((x - y).abs() < 0.01, "{a:?} vs {b:?}");
    }
}

#[test]
fn person_between_title_and_name_then_the_seal_over_its_left_third() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let mut o = with(person(true));
    o.rect = Some(PdfRect::new(300.0, 100.0, 180.0, 90.0));
    o.certify = Some(DocMdpPermission::P2);
    let signed = sign(&base, &id, &o);
    let (name, _) = check_signed(&base, &signed, &id);
    let (rect, content, resources) = newest(&signed, &name);
    close(rect, [300.0, 100.0, 480.0, 190.0]);
    // Title and the certificate's name: two lines, the image between them.
    assert_eq!(content.matches(" Tj").count(), 2, "{content}");
    assert!(content.contains("/Im1 Do"));
    assert!(resources.get(b"Font").is_some() && resources.get(b"XObject").is_some());

    // A 300-pixel seal at 300 dpi (11811 pixels per metre) is one inch, 72 pt, across.
    let seal = disc(300, [220, 20, 20], Some(11_811));
    let stamped = sign(&signed, &id, &with(agency(seal.clone())));
    let (name2, _) = check_signed(&signed, &stamped, &id);
    assert_ne!(name, name2);
    let (rect, content, _) = newest(&stamped, &name2);
    let inch = 300.0 / (11_811.0 * 0.0254) * 72.0;
    // Right edge at a third of the person's 180 pt; centred on its 145 pt middle.
    close(
        rect,
        [360.0 - inch, 145.0 - inch / 2.0, 360.0, 145.0 + inch / 2.0],
    );
    assert!(content.contains("/Im1 Do") && !content.contains("Tj"));

    // A size in millimetres wins over the DPI; the number and date go under the seal.
    let mut l = agency(seal);
    l.seal_width = Some(Length::Mm(40.0));
    l.doc_number = Some("Số: 123/UBND-VP".into());
    l.issued = Some("Ngày 14/03/2025".into());
    let stamped = sign(&signed, &id, &with(l));
    let (rect, content, _) = newest(&stamped, "Signature2");
    let seal = 40.0 * MM;
    assert!((rect[2] - rect[0] - seal).abs() < 0.01 && rect[2] - 360.0 < 0.01);
    let below = rect[3] - rect[1] - seal;
    assert!(below > 20.0 && below < 30.0, "{below}");
    assert!(
        (rect[1] + below + seal / 2.0 - 145.0).abs() < 0.01,
        "{rect:?}"
    );
    assert_eq!(content.matches(" Tj").count(), 2, "{content}");

    // No DPI and no size: 40 mm across.
    let stamped = sign(&signed, &id, &with(agency(disc(50, [220, 20, 20], None))));
    let (rect, ..) = newest(&stamped, "Signature2");
    assert!((rect[2] - rect[0] - 40.0 * MM).abs() < 0.01);
}

#[test]
fn copy_and_appendix_stamps_sit_top_right_of_page_one_text_only() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let mut l = SignatureLayout::new(LayoutKind::Copy(CopyKind::SaoLuc), FONT);
    l.organization = Some("Ủy ban nhân dân huyện Núi Thành".into());
    l.image = Some(disc(20, [0, 0, 0], None).into());
    let signed = sign(&base, &id, &with(l));
    let (name, _) = check_signed(&base, &signed, &id);
    let (rect, content, resources) = newest(&signed, &name);
    let margin = 10.0 * MM;
    assert!((rect[2] - (595.0 - margin)).abs() < 0.01, "{rect:?}");
    assert!((rect[3] - (842.0 - margin)).abs() < 0.01, "{rect:?}");
    // Three lines at 10 pt: the form, the agency, the time (ISO 8601, +07:00).
    assert_eq!(content.matches(" Tj").count(), 3, "{content}");
    assert!(content.contains("/F1 10 Tf"), "{content}");
    assert!(resources.get(b"XObject").is_none(), "no image on a copy");
    let height = rect[3] - rect[1];
    assert!(height > 30.0 && height < 40.0, "{height}");

    let mut l = SignatureLayout::new(LayoutKind::Appendix, FONT);
    l.doc_number = Some("Phụ lục kèm Công văn số 123/UBND-VP".into());
    l.placement = Placement::TopRight {
        page: 1,
        margin: Length::Mm(15.0),
    };
    let signed = sign(&base, &id, &with(l));
    let (rect, content, _) = newest(&signed, "Signature1");
    assert!((rect[2] - (595.0 - 15.0 * MM)).abs() < 0.01, "{rect:?}");
    assert_eq!(content.matches(" Tj").count(), 2, "{content}");
}

#[test]
fn an_existing_empty_field_is_drawn_into_and_a_text_field_filled() {
    let id = identity();
    let base = with_empty_field("");
    let mut o = with(person(false));
    o.layout.as_mut().unwrap().variant = Variant::TextOnly;
    o.field = Some("Approver".into());
    let signed = sign(&base, &id, &o);
    let (name, _) = check_signed(&base, &signed, &id);
    assert_eq!(name, "Approver");
    let (rect, content, resources) = newest(&signed, "Approver");
    close(rect, [10.0, 10.0, 110.0, 60.0]);
    assert_eq!(content.matches(" Tj").count(), 2, "{content}");
    assert!(resources.get(b"Font").is_some());

    // The agency's number into the text field `Amount`, in the same update.
    let mut l = agency(disc(40, [220, 20, 20], None));
    l.doc_number = Some("Số: 123/UBND-VP".into());
    l.doc_number_field = Some("Amount".into());
    l.placement = Placement::Given;
    let mut o = with(l);
    o.rect = Some(PdfRect::new(300.0, 300.0, 120.0, 120.0));
    let filled = sign(&signed, &id, &o);
    check_signed(&signed, &filled, &id);
    let file = PdfFile::open(&filled, &ReadOptions::default()).unwrap();
    let latest = file.latest();
    let amount = latest
        .fields()
        .unwrap()
        .into_iter()
        .find(|f| f.name == "Amount")
        .unwrap();
    let value = amount.value.unwrap();
    assert_eq!(
        crate::pdf::text::decode_text_string(&value.as_string().unwrap().bytes),
        "Số: 123/UBND-VP"
    );
    let (_, content, _) = newest(&filled, "Amount");
    assert!(
        content.starts_with("/Tx BMC") && content.contains(" Tj"),
        "{content}"
    );
}

#[test]
fn refusals_name_the_problem() {
    let base = build(&BODIES, Form::Table);
    // Off the page: 595 wide.
    let mut o = with(person(true));
    o.rect = Some(PdfRect::new(500.0, 100.0, 180.0, 90.0));
    assert_eq!(
        err(&base, &o),
        AppearanceError::RectOffPage { page: 1 }.into()
    );
    // Plain appearances too.
    let mut plain = options();
    plain.rect = Some(PdfRect::new(-5.0, 100.0, 50.0, 50.0));
    assert_eq!(
        err(&base, &plain),
        AppearanceError::RectOffPage { page: 1 }.into()
    );
    // No person's signature to put the seal on, or not the one named.
    let seal = disc(40, [220, 20, 20], None);
    assert_eq!(
        err(&base, &with(agency(seal.clone()))),
        AppearanceError::NoPersonSignature.into()
    );
    let mut named = agency(seal.clone());
    named.placement = Placement::BesideSignature {
        field: Some("Nobody".into()),
        overlap: 1.0 / 3.0,
    };
    assert_eq!(
        err(&base, &with(named)),
        AppearanceError::PersonFieldUnusable {
            name: "Nobody".into()
        }
        .into()
    );
    // A person's or agency's layout without its image; a stamp too small for its text.
    let mut o = with(person(false));
    o.rect = Some(PdfRect::new(300.0, 100.0, 180.0, 90.0));
    assert_eq!(err(&base, &o), AppearanceError::NeedsImage.into());
    let mut tiny = SignatureLayout::new(LayoutKind::Copy(CopyKind::SaoY), FONT);
    tiny.stamp_size = Some((Length::Mm(10.0), Length::Mm(3.0)));
    assert_eq!(
        err(&base, &with(tiny)),
        AppearanceError::TextDoesNotFit { min_size: 4 }.into()
    );
    // A text field that is not there.
    let mut l = agency(seal);
    l.doc_number = Some("Số: 1".into());
    l.doc_number_field = Some("SoKyHieu".into());
    l.placement = Placement::Given;
    let mut o = with(l);
    o.rect = Some(PdfRect::new(300.0, 300.0, 120.0, 120.0));
    assert_eq!(
        err(&base, &o),
        AppearanceError::FormFieldUnusable {
            name: "SoKyHieu".into()
        }
        .into()
    );
    // An existing field with no area.
    let mut hidden = with_empty_field("");
    let at = hidden
        .windows(b"/Rect [10 10 110 60]".len())
        .position(|w| w == b"/Rect [10 10 110 60]")
        .unwrap();
    hidden[at..at + 20].copy_from_slice(b"/Rect [0 0 0 0]     ");
    let mut o = with(person(true));
    o.field = Some("Approver".into());
    assert_eq!(
        err(&hidden, &o),
        AppearanceError::FieldHasNoArea {
            name: "Approver".into()
        }
        .into()
    );
}
