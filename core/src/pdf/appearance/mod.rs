//! Visible signature appearances (issue 13): what a new signature widget draws in its normal
//! appearance stream (ISO 32000-2 §12.5.5 appearance streams, §8.10 form XObjects). One
//! concept per file: `font.rs` embedding a caller's font as a subset, `cmap.rs` its ToUnicode
//! map, `text.rs` line breaking and sizing, `image.rs` PNG and JPEG images. This file is the
//! first layout: an image above, text lines below, both centred.
//!
//! Core takes the font's bytes from the caller (no I/O): the CLI ships Liberation Serif
//! (metric-compatible with Times New Roman, the face Decree 30 Annex I names, SIL OFL).

// The drawing itself is core feature `appearance` (its crates cost WASM size, Cargo.toml); the
// options type and the errors are always there, so a build without it refuses by name.
#[cfg(feature = "appearance")]
mod cmap;
#[cfg(feature = "appearance")]
pub(crate) mod decree30;
mod error;
#[cfg(feature = "appearance")]
mod font;
pub(crate) mod geometry;
#[cfg(feature = "appearance")]
mod image;
mod layout;
#[cfg(feature = "appearance")]
mod text;
mod units;

#[cfg(all(test, feature = "appearance"))]
mod tests;

use std::sync::Arc;

use crate::pdf::object::{Dictionary, ObjectId};
use crate::pdf::sign::PdfSignError;
use crate::pdf::write::{Body, IncrementalUpdate};

pub use error::{AppearanceError, ImageKind};
pub use layout::{
    CopyKind, DECREE30_FONT_SIZE, DEFAULT_SEAL_MM, DEFAULT_SEAL_OVERLAP, DEFAULT_STAMP_MARGIN_MM,
    LayoutKind, Placement, SignatureLayout, TextAlign, TimeFormat, UtcOffset, Variant,
    format_signing_time,
};
pub use units::{Length, PT_PER_MM, Unit};

/// The largest text size by default, in points: Decree 30 Annex I sets the signing-time text
/// in 10 pt Times New Roman.
pub const DEFAULT_MAX_FONT_SIZE: f64 = 10.0;

/// The inner margin of the box, in points (at most a tenth of its smaller side).
const PADDING: f64 = 2.0;
#[cfg(feature = "appearance")]
/// With both an image and text, the text takes at most this share of the box's height.
const TEXT_SHARE: f64 = 0.5;

/// What a new visible signature shows: optional lines of text above an optional image above
/// lines of text, set in the caller's font (a TrueType or OpenType file's bytes; kyso's CLI
/// passes Liberation Serif). Build with [`VisibleAppearance::new`] and the `with_*` methods;
/// the Decree 30 layouts ([`SignatureLayout`]) make one of these.
#[derive(Clone)]
#[non_exhaustive]
pub struct VisibleAppearance {
    /// The font file (TrueType/OpenType; the first face of a collection).
    pub font: Arc<[u8]>,
    /// Lines above the image (a title line, Decree 30 Annex I §II.7.d), set at the size of
    /// [`lines`](Self::lines).
    pub header: Vec<String>,
    /// Lines of text below the image, each broken further to the box's width;
    /// NFC-normalised before use.
    pub lines: Vec<String>,
    /// A PNG (transparency kept as a soft mask) or JPEG image.
    pub image: Option<Arc<[u8]>>,
    /// The largest font size in points; the text is set at the largest size up to this that
    /// fits ([`DEFAULT_MAX_FONT_SIZE`] by default).
    pub max_font_size: f64,
    /// The inner margin of the box in points (at most a tenth of its smaller side); 2 by
    /// default, 0 for a seal drawn at its real size.
    pub padding: f64,
    /// How each line sits between the box's sides (centred by default).
    pub align: TextAlign,
}

impl VisibleAppearance {
    /// An appearance in `font`, with no text or image yet.
    pub fn new(font: impl Into<Arc<[u8]>>) -> Self {
        Self {
            font: font.into(),
            header: Vec::new(),
            lines: Vec::new(),
            image: None,
            max_font_size: DEFAULT_MAX_FONT_SIZE,
            padding: PADDING,
            align: TextAlign::Center,
        }
    }

    /// The lines of text.
    pub fn with_lines<S: Into<String>>(mut self, lines: impl IntoIterator<Item = S>) -> Self {
        self.lines = lines.into_iter().map(Into::into).collect();
        self
    }

    /// The lines above the image.
    pub fn with_header<S: Into<String>>(mut self, lines: impl IntoIterator<Item = S>) -> Self {
        self.header = lines.into_iter().map(Into::into).collect();
        self
    }

    /// The image (PNG or JPEG bytes).
    pub fn with_image(mut self, image: impl Into<Arc<[u8]>>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// The largest font size, in points.
    pub fn with_max_font_size(mut self, size: f64) -> Self {
        self.max_font_size = size;
        self
    }
}

impl core::fmt::Debug for VisibleAppearance {
    // Sizes, not the font's and image's bytes.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VisibleAppearance")
            .field("font_bytes", &self.font.len())
            .field("header", &self.header)
            .field("lines", &self.lines)
            .field("image_bytes", &self.image.as_ref().map(|i| i.len()))
            .field("max_font_size", &self.max_font_size)
            .field("padding", &self.padding)
            .field("align", &self.align)
            .finish()
    }
}

/// Where the appearance's objects go: a new object number each.
pub(crate) trait ObjectSink {
    fn add(&mut self, body: Body) -> Result<ObjectId, PdfSignError>;
}

impl ObjectSink for IncrementalUpdate<'_, '_> {
    fn add(&mut self, body: Body) -> Result<ObjectId, PdfSignError> {
        let id = self.allocate()?;
        self.set(id, body);
        Ok(id)
    }
}

/// A built appearance: the form XObject's content stream and resources (its objects are in
/// the sink already).
#[derive(Clone, Debug)]
pub(crate) struct Built {
    pub content: Vec<u8>,
    pub resources: Dictionary,
}

/// Builds `appearance` for a box of `width` × `height` points (the form's BBox
/// `[0 0 width height]`). Everything is decoded and laid out before the first object is
/// written, so a bad input leaves the sink as it was.
#[cfg(feature = "appearance")]
pub(crate) fn build(
    appearance: &VisibleAppearance,
    width: f64,
    height: f64,
    sink: &mut dyn ObjectSink,
) -> Result<Built, PdfSignError> {
    use crate::pdf::object::Object;
    use crate::pdf::serialize::write_real;
    use font::{Font, FontUse};
    use image::Image;

    let blank = |lines: &[String]| lines.iter().all(|l| l.trim().is_empty());
    let (has_header, has_footer) = (!blank(&appearance.header), !blank(&appearance.lines));
    let has_text = has_header || has_footer;
    if !has_text && appearance.image.is_none() {
        return Err(AppearanceError::Empty.into());
    }
    let image = appearance.image.as_deref().map(Image::decode).transpose()?;
    let padding = if appearance.padding.is_finite() {
        appearance.padding.max(0.0)
    } else {
        PADDING
    };
    let pad = padding.min(width / 10.0).min(height / 10.0);
    let (inner_w, inner_h) = (width - 2.0 * pad, height - 2.0 * pad);
    let font = if has_text {
        Some(Font::parse(&appearance.font)?)
    } else {
        None
    };
    // One size for every line: found for the header and the lines together, then each block
    // laid out at it (two blocks never take more height than one of all their lines).
    let (header, footer) = match &font {
        Some(font) => {
            let text_h = if image.is_some() {
                inner_h * TEXT_SHARE
            } else {
                inner_h
            };
            let all: Vec<String> = if has_header {
                appearance
                    .header
                    .iter()
                    .chain(appearance.lines.iter().filter(|_| has_footer))
                    .cloned()
                    .collect()
            } else {
                appearance.lines.clone()
            };
            let joint = text::fit(font, &all, inner_w, text_h, appearance.max_font_size)?;
            let block = |lines: &[String], on: bool| {
                on.then(|| text::fit(font, lines, inner_w, f64::INFINITY, joint.size))
                    .transpose()
            };
            (
                block(&appearance.header, has_header)?,
                block(&appearance.lines, has_footer)?,
            )
        }
        None => (None, None),
    };
    let header_h = header.as_ref().map_or(0.0, text::TextLayout::height);
    let footer_h = footer.as_ref().map_or(0.0, text::TextLayout::height);

    let mut content = Vec::new();
    let mut resources = Dictionary::new();
    if let Some(image) = &image {
        // The image fills what the text leaves, keeping its aspect ratio, centred between
        // the header and the lines (Decree 30 Annex I §II.7.d: the signature image between
        // the title line and the full name).
        let gap_below = if footer.is_some() { pad } else { 0.0 };
        let gap_above = if header.is_some() { pad } else { 0.0 };
        let area_h = inner_h - header_h - footer_h - gap_below - gap_above;
        let (iw, ih) = (f64::from(image.width), f64::from(image.height));
        let scale = (inner_w / iw).min(area_h / ih).max(0.0);
        let (w, h) = (iw * scale, ih * scale);
        let x = pad + (inner_w - w) / 2.0;
        let y = pad + footer_h + gap_below + (area_h - h) / 2.0;
        let id = image.embed(sink)?;
        let mut xobjects = Dictionary::new();
        xobjects.set(b"Im1", Object::Reference(id));
        resources.set(b"XObject", Object::Dictionary(xobjects));
        // The image is a unit square scaled by `cm` (§8.9.4).
        content.extend_from_slice(b"q\n");
        for v in [w, 0.0, 0.0, h, x, y] {
            write_real(&mut content, v);
            content.push(b' ');
        }
        content.extend_from_slice(b"cm\n/Im1 Do\nQ\n");
    }
    if let Some(font) = &font {
        let mut used = FontUse::new(font);
        let align = appearance.align;
        if let Some(layout) = &header {
            let top = height - pad;
            content.extend(text::draw(
                layout, &mut used, "F1", pad, inner_w, top, align,
            ));
        }
        if let Some(layout) = &footer {
            // Without an image or header the lines are centred in the box's height.
            let top = if image.is_none() && header.is_none() {
                pad + (inner_h + footer_h) / 2.0
            } else {
                pad + footer_h
            };
            content.extend(text::draw(
                layout, &mut used, "F1", pad, inner_w, top, align,
            ));
        }
        let id = used.embed(sink)?;
        let mut fonts = Dictionary::new();
        fonts.set(b"F1", Object::Reference(id));
        resources.set(b"Font", Object::Dictionary(fonts));
    }
    Ok(Built { content, resources })
}

/// Without the `appearance` feature nothing is drawn: the request is refused, never answered
/// with an empty box.
#[cfg(not(feature = "appearance"))]
pub(crate) fn build(
    _appearance: &VisibleAppearance,
    _width: f64,
    _height: f64,
    _sink: &mut dyn ObjectSink,
) -> Result<Built, PdfSignError> {
    Err(AppearanceError::NotInThisBuild.into())
}

/// zlib-wrapped deflate for `/FlateDecode` (§7.4.4) with miniz_oxide, already core's
/// inflater; level 9: these streams are written once and kept for the document's life.
#[cfg(feature = "appearance")]
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 9)
}

#[cfg(feature = "appearance")]
pub(crate) fn name(bytes: &[u8]) -> crate::pdf::object::Object {
    crate::pdf::object::Object::Name(crate::pdf::object::Name::new(bytes))
}

#[cfg(all(test, not(feature = "appearance")))]
mod without_the_feature {
    #![allow(clippy::unwrap_used)]
    use super::*;

    struct NoSink;
    impl ObjectSink for NoSink {
        fn add(&mut self, _body: Body) -> Result<ObjectId, PdfSignError> {
            Err(PdfSignError::TooLarge)
        }
    }

    #[test]
    fn an_appearance_is_refused_by_name() {
        let a = VisibleAppearance::new(Vec::new()).with_lines(["Đà Nẵng"]);
        assert_eq!(
            build(&a, 100.0, 50.0, &mut NoSink).unwrap_err(),
            AppearanceError::NotInThisBuild.into()
        );
    }
}
