//! Appearance building on the font the CLI ships (Liberation Serif) and images made here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use super::cmap::{parse_bfchar, to_unicode_cmap};
use super::font::{Font, FontUse};
use super::image::Image;
use super::text::{MIN_FONT_SIZE, fit};
use super::*;
use crate::i18n::Lang;
use crate::pdf::object::Object;

/// Compile-time bytes of the repository's default font (tests only: core reads no files).
const FONT: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf");

const TEST_STRINGS: [&str; 3] = [
    "Nguyễn Thị Lấp Lánh Ánh",
    "Đà Nẵng",
    "Ủy ban nhân dân huyện Núi Thành",
];

/// Objects numbered from 100, kept in order.
#[derive(Default)]
struct VecSink(Vec<(ObjectId, Body)>);

impl ObjectSink for VecSink {
    fn add(&mut self, body: Body) -> Result<ObjectId, PdfSignError> {
        let id = ObjectId::new(100 + u32::try_from(self.0.len()).unwrap(), 0);
        self.0.push((id, body));
        Ok(id)
    }
}

impl VecSink {
    fn get(&self, id: ObjectId) -> &Body {
        &self.0.iter().find(|(i, _)| *i == id).unwrap().1
    }
}

fn lines(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|s| (*s).to_owned()).collect()
}

fn inflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec_zlib(data).unwrap()
}

fn png_bytes(color: png::ColorType, width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(pixels).unwrap();
    }
    out
}

/// A blue disc on a transparent background, as Decree 30 wants signature images.
fn rgba_disc(size: u32) -> Vec<u8> {
    let mut pixels = Vec::new();
    let c = f64::from(size) / 2.0;
    for y in 0..size {
        for x in 0..size {
            let d = ((f64::from(x) - c).powi(2) + (f64::from(y) - c).powi(2)).sqrt();
            let alpha = if d < c * 0.8 { 255 } else { 0 };
            pixels.extend_from_slice(&[0, 0, 200, alpha]);
        }
    }
    png_bytes(png::ColorType::Rgba, size, size, &pixels)
}

/// A JPEG's markers up to the frame header (what `jpeg_header` reads), then SOS and EOI.
fn jpeg_bytes(sof: u8, width: u16, height: u16, components: u8) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let len = 8 + 3 * u16::from(components);
    out.extend_from_slice(&[0xFF, sof]);
    out.extend_from_slice(&len.to_be_bytes());
    out.push(8);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.push(components);
    for i in 0..components {
        out.extend_from_slice(&[i + 1, 0x11, 0]);
    }
    out.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]);
    out
}

#[test]
fn subset_has_only_the_glyphs_used_and_tounicode_maps_back() {
    let font = Font::parse(FONT).unwrap();
    let layout = fit(&font, &lines(&["Đà Nẵng"]), 200.0, 20.0, 10.0).unwrap();
    let mut used = FontUse::new(&font);
    let _ = text::draw(
        &layout,
        &mut used,
        "F1",
        0.0,
        200.0,
        20.0,
        TextAlign::Center,
    );
    // Đ à space N ẵ n g: 7 distinct characters, CIDs 1..=7 after .notdef.
    let map = used.text_map().clone();
    let chars: String = map.values().cloned().collect();
    assert_eq!(map.len(), 7, "{chars}");
    assert_eq!(
        map.keys().copied().collect::<Vec<_>>(),
        (1..=7).collect::<Vec<u16>>()
    );
    for c in "Đà Nẵng".chars() {
        assert!(chars.contains(c), "{c} missing from {chars}");
    }
    let subset = used.subset().unwrap();
    let face = ttf_parser::Face::parse(&subset, 0).unwrap();
    // Used glyphs, .notdef and the components of composite accented glyphs, nothing more.
    assert!(face.number_of_glyphs() >= 8, "{}", face.number_of_glyphs());
    assert!(face.number_of_glyphs() <= 20, "{}", face.number_of_glyphs());
    assert!(
        subset.len() * 20 < FONT.len(),
        "subset {} bytes",
        subset.len()
    );
    // The CMap gives the text back, code by code.
    assert_eq!(parse_bfchar(&to_unicode_cmap(&map)), map);

    // Through the objects: the Type0 font points to its ToUnicode stream, whose CMap agrees.
    let mut sink = VecSink::default();
    let type0 = used.embed(&mut sink).unwrap();
    let Body::Object(Object::Dictionary(type0)) = sink.get(type0) else {
        panic!("Type0 font is a dictionary")
    };
    assert_eq!(type0.get(b"Encoding"), Some(&name(b"Identity-H")));
    let base = type0
        .get(b"BaseFont")
        .unwrap()
        .as_name()
        .unwrap()
        .as_bytes()
        .to_vec();
    assert_eq!(
        base.get(6),
        Some(&b'+'),
        "{}",
        String::from_utf8_lossy(&base)
    );
    assert!(base.ends_with(b"+LiberationSerif"));
    let cmap_id = type0.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let Body::Stream { data, .. } = sink.get(cmap_id) else {
        panic!("ToUnicode is a stream")
    };
    assert_eq!(parse_bfchar(&inflate(data)), map);
    let cid_font = type0.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let Body::Object(Object::Dictionary(cid_font)) = sink.get(cid_font) else {
        panic!()
    };
    assert_eq!(cid_font.get(b"Subtype"), Some(&name(b"CIDFontType2")));
    let widths = cid_font.get(b"W").unwrap().as_array().unwrap()[1]
        .as_array()
        .unwrap();
    assert_eq!(widths.len(), 8);
}

#[test]
fn missing_glyph_is_an_error_naming_the_character() {
    let font = Font::parse(FONT).unwrap();
    let e = fit(&font, &lines(&["Hà Nội 漢"]), 200.0, 50.0, 10.0).unwrap_err();
    assert_eq!(e, AppearanceError::MissingGlyph { character: '漢' });
    for lang in [Lang::Vi, Lang::En] {
        let text = PdfSignError::from(e.clone()).message().render(lang);
        assert!(text.contains('漢') && text.contains("U+6F22"), "{text}");
    }
    assert_eq!(e.code(), "pdf.appearance.missing-glyph");
}

#[test]
fn text_is_nfc_normalised_before_lookup() {
    let font = Font::parse(FONT).unwrap();
    // "Nguyễn" with ễ as e + U+0302 (circumflex) + U+0303 (tilde).
    let decomposed = fit(&font, &lines(&["Nguye\u{302}\u{303}n"]), 200.0, 20.0, 10.0).unwrap();
    let precomposed = fit(&font, &lines(&["Nguyễn"]), 200.0, 20.0, 10.0).unwrap();
    assert_eq!(decomposed, precomposed);
    assert_eq!(decomposed.lines[0].glyphs.len(), 6);
}

#[test]
fn lines_wrap_and_the_size_is_the_largest_that_fits() {
    let font = Font::parse(FONT).unwrap();
    // Room enough: the maximum size, one line each.
    let roomy = fit(&font, &lines(&TEST_STRINGS), 300.0, 60.0, 10.0).unwrap();
    assert_eq!(roomy.size, 10.0);
    assert_eq!(roomy.lines.len(), 3);
    // A narrow box: the long line wraps or shrinks, never overflows.
    let narrow = fit(&font, &lines(&TEST_STRINGS), 90.0, 60.0, 10.0).unwrap();
    assert!(narrow.lines.len() > 3 || narrow.size < 10.0);
    assert!(
        narrow
            .lines
            .iter()
            .all(|l| l.width * narrow.size <= 90.0 + 1e-9)
    );
    assert!(narrow.height() <= 60.0);
    // One size step larger would not have fitted.
    let bigger = narrow.size + 0.5;
    if bigger <= 10.0 {
        assert!(
            fit(&font, &lines(&TEST_STRINGS), 90.0, 60.0, bigger)
                .map(|l| l.size < bigger)
                .unwrap_or(true)
        );
    }
    // A box too small for anything.
    assert_eq!(
        fit(&font, &lines(&TEST_STRINGS), 20.0, 5.0, 10.0).unwrap_err(),
        AppearanceError::TextDoesNotFit {
            min_size: MIN_FONT_SIZE
        }
    );
}

#[test]
fn png_with_alpha_gets_a_soft_mask_and_opaque_png_none() {
    let transparent = Image::decode(&rgba_disc(32)).unwrap();
    assert!(transparent.has_smask());
    let mut sink = VecSink::default();
    let id = transparent.embed(&mut sink).unwrap();
    assert_eq!(sink.0.len(), 2);
    let Body::Stream { dict, data } = sink.get(id) else {
        panic!()
    };
    assert_eq!(dict.get(b"ColorSpace"), Some(&name(b"DeviceRGB")));
    assert_eq!(dict.get(b"Filter"), Some(&name(b"FlateDecode")));
    assert_eq!(inflate(data).len(), 32 * 32 * 3);
    let mask = dict.get(b"SMask").unwrap().as_reference().unwrap();
    let Body::Stream { dict, data } = sink.get(mask) else {
        panic!()
    };
    assert_eq!(dict.get(b"ColorSpace"), Some(&name(b"DeviceGray")));
    let alpha = inflate(data);
    assert_eq!(alpha.len(), 32 * 32);
    assert!(alpha.contains(&0) && alpha.contains(&255));

    let gray = png_bytes(
        png::ColorType::Grayscale,
        4,
        2,
        &[0, 50, 100, 150, 200, 250, 0, 0],
    );
    let opaque = Image::decode(&gray).unwrap();
    assert!(!opaque.has_smask());
    let mut sink = VecSink::default();
    let id = opaque.embed(&mut sink).unwrap();
    let Body::Stream { dict, data } = sink.get(id) else {
        panic!()
    };
    assert_eq!(dict.get(b"ColorSpace"), Some(&name(b"DeviceGray")));
    assert_eq!(inflate(data), vec![0, 50, 100, 150, 200, 250, 0, 0]);
    assert!(dict.get(b"SMask").is_none());
}

#[test]
fn jpeg_is_passed_through_with_its_frame_header() {
    let jpeg = jpeg_bytes(0xC0, 120, 45, 3);
    let image = Image::decode(&jpeg).unwrap();
    assert_eq!((image.width, image.height), (120, 45));
    let mut sink = VecSink::default();
    let id = image.embed(&mut sink).unwrap();
    let Body::Stream { dict, data } = sink.get(id) else {
        panic!()
    };
    assert_eq!(data, &jpeg);
    assert_eq!(dict.get(b"Filter"), Some(&name(b"DCTDecode")));
    assert_eq!(dict.get(b"ColorSpace"), Some(&name(b"DeviceRGB")));
    let gray = Image::decode(&jpeg_bytes(0xC2, 10, 10, 1)).unwrap();
    assert_eq!((gray.width, gray.height), (10, 10));
}

#[test]
fn corrupt_inputs_are_typed_errors() {
    let png = rgba_disc(16);
    let truncated = &png[..png.len() / 2];
    assert_eq!(
        Image::decode(truncated).unwrap_err(),
        AppearanceError::ImageUnreadable {
            kind: ImageKind::Png
        }
    );
    let mut bad_crc = png.clone();
    let last = bad_crc.len() - 20;
    bad_crc[last] ^= 0xFF;
    assert!(Image::decode(&bad_crc).is_err());
    let jpeg = jpeg_bytes(0xC0, 120, 45, 3);
    assert_eq!(
        Image::decode(&jpeg[..12]).unwrap_err(),
        AppearanceError::ImageUnreadable {
            kind: ImageKind::Jpeg
        }
    );
    assert_eq!(
        Image::decode(&jpeg_bytes(0xC9, 10, 10, 3)).unwrap_err(),
        AppearanceError::JpegUnsupported
    );
    assert_eq!(
        Image::decode(&jpeg_bytes(0xC0, 10, 0, 3)).unwrap_err(),
        AppearanceError::JpegUnsupported
    );
    assert_eq!(
        Image::decode(b"GIF89a....").unwrap_err(),
        AppearanceError::ImageFormat
    );
    assert!(matches!(
        Font::parse(b"not a font at all").map(|_| ()),
        Err(AppearanceError::FontUnreadable)
    ));
    assert!(matches!(
        Font::parse(&FONT[..4096]).map(|_| ()),
        Err(AppearanceError::FontUnreadable)
    ));
    // Every appearance error is a sentence in both languages, under the signing error.
    let all = [
        AppearanceError::FontUnreadable,
        AppearanceError::FontNotEmbeddable,
        AppearanceError::FontSubset,
        AppearanceError::MissingGlyph { character: 'ơ' },
        AppearanceError::TextDoesNotFit { min_size: 4 },
        AppearanceError::ImageFormat,
        AppearanceError::ImageUnreadable {
            kind: ImageKind::Jpeg,
        },
        AppearanceError::JpegUnsupported,
        AppearanceError::ImageTooLarge,
        AppearanceError::Empty,
        AppearanceError::NeedsRect,
        AppearanceError::FieldHasNoArea { name: "Ký".into() },
        AppearanceError::BadLength {
            value: "3cm".into(),
        },
        AppearanceError::RectOffPage { page: 2 },
        AppearanceError::NoPersonSignature,
        AppearanceError::PersonFieldUnusable { name: "A".into() },
        AppearanceError::FormFieldUnusable { name: "So".into() },
        AppearanceError::NeedsImage,
        AppearanceError::NotInThisBuild,
    ];
    for e in all {
        for lang in [Lang::Vi, Lang::En] {
            let text = PdfSignError::from(e.clone()).message().render(lang);
            assert!(!text.contains('{') && !text.contains("pdf."), "{text}");
        }
    }
}

#[test]
fn build_draws_the_image_above_the_text() {
    let appearance = VisibleAppearance::new(FONT)
        .with_lines(TEST_STRINGS)
        .with_image(rgba_disc(64));
    let mut sink = VecSink::default();
    let built = build(&appearance, 200.0, 80.0, &mut sink).unwrap();
    let content = String::from_utf8(built.content).unwrap();
    assert!(content.contains("/Im1 Do"), "{content}");
    assert!(
        content.contains("/F1 ") && content.contains(" Tf\n0 g\n"),
        "{content}"
    );
    assert_eq!(content.matches(" Tj").count(), 3, "{content}");
    assert!(built.resources.get(b"Font").is_some());
    assert!(built.resources.get(b"XObject").is_some());
    // smask, image, font file, descriptor, CIDFont, ToUnicode, Type0.
    assert_eq!(sink.0.len(), 7);

    let mut sink = VecSink::default();
    assert_eq!(
        build(&VisibleAppearance::new(FONT), 100.0, 50.0, &mut sink).unwrap_err(),
        PdfSignError::Appearance(AppearanceError::Empty)
    );
    // Nothing is written when the input is bad.
    let bad = VisibleAppearance::new(FONT)
        .with_lines(["Đà Nẵng"])
        .with_image(b"\x89PNG\r\n\x1a\nbroken".to_vec());
    assert!(build(&bad, 100.0, 50.0, &mut sink).is_err());
    assert!(sink.0.is_empty());
    // An image alone needs no readable font.
    let image_only = VisibleAppearance::new(Vec::new()).with_image(rgba_disc(8));
    assert!(build(&image_only, 100.0, 50.0, &mut sink).is_ok());
}
