//! Images for an appearance (ISO 32000-2 §8.9.5 image XObjects): a PNG is decoded and
//! re-encoded as 8-bit DeviceGray/DeviceRGB samples with FlateDecode, its alpha channel as a
//! soft mask (`/SMask`, §11.6.5.3) — Decree 30 Annex I asks for signature and seal images as
//! PNG with a transparent background, which must stay transparent over the page; a JPEG is
//! passed through as it is with DCTDecode (§7.4.8), which every PDF reader decodes.

use std::io::Cursor;

use crate::pdf::object::{Dictionary, Object, ObjectId};
use crate::pdf::sign::PdfSignError;
use crate::pdf::write::Body;

use super::error::{AppearanceError, ImageKind};
use super::{ObjectSink, deflate, name};

/// Largest image kyso embeds, in pixels (a 600 dpi A5 scan); a seal or a signature is a few
/// hundred pixels across, and the bound keeps decoding memory under ~100 MB.
const MAX_PIXELS: u64 = 25_000_000;

/// An image ready to embed.
#[derive(Clone, Debug)]
pub(crate) struct Image {
    pub width: u32,
    pub height: u32,
    /// Pixels per inch across and down, when the file says (PNG `pHYs` in pixels per metre,
    /// ISO/IEC 15948 §11.3.5.3; JPEG JFIF APP0 density in dots per inch or per cm). Exif
    /// resolution is not read: seals come as PNG (Annex I), and a JPEG without JFIF density
    /// takes the size given in millimetres or the default.
    pub dpi: Option<(f64, f64)>,
    dict: Dictionary,
    data: Vec<u8>,
    /// The soft mask's samples (8-bit gray, Flate-compressed), when the image has alpha.
    smask: Option<Vec<u8>>,
}

impl Image {
    /// Decodes `bytes`, told apart by their signatures (PNG §5.2 of ISO/IEC 15948, JPEG SOI).
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, AppearanceError> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            png_image(bytes)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            jpeg_image(bytes)
        } else {
            Err(AppearanceError::ImageFormat)
        }
    }

    /// Whether the image has a soft mask.
    pub(crate) fn has_smask(&self) -> bool {
        self.smask.is_some()
    }

    /// Writes the image (and its soft mask) and returns the image XObject's id.
    pub(crate) fn embed(&self, sink: &mut dyn ObjectSink) -> Result<ObjectId, PdfSignError> {
        let mut dict = self.dict.clone();
        if let Some(mask) = &self.smask {
            let mut mask_dict = base_dict(self.width, self.height);
            mask_dict.set(b"ColorSpace", name(b"DeviceGray"));
            mask_dict.set(b"Filter", name(b"FlateDecode"));
            let mask_id = sink.add(Body::Stream {
                dict: mask_dict,
                data: mask.clone(),
            })?;
            dict.set(b"SMask", Object::Reference(mask_id));
        }
        sink.add(Body::Stream {
            dict,
            data: self.data.clone(),
        })
    }
}

fn base_dict(width: u32, height: u32) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set(b"Type", name(b"XObject"));
    dict.set(b"Subtype", name(b"Image"));
    dict.set(b"Width", Object::Integer(i64::from(width)));
    dict.set(b"Height", Object::Integer(i64::from(height)));
    dict.set(b"BitsPerComponent", Object::Integer(8));
    dict
}

fn check_size(width: u32, height: u32) -> Result<(), AppearanceError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(AppearanceError::ImageTooLarge);
    }
    Ok(())
}

fn png_error(e: png::DecodingError) -> AppearanceError {
    match e {
        png::DecodingError::LimitsExceeded => AppearanceError::ImageTooLarge,
        _ => AppearanceError::ImageUnreadable {
            kind: ImageKind::Png,
        },
    }
}

/// A PNG through the `png` crate, normalised to 8 bits per sample (palette expanded, 16-bit
/// stripped: PDF readers show 8-bit samples everywhere, and a signature image gains nothing
/// from 16), colour and alpha split into the image and its soft mask.
fn png_image(bytes: &[u8]) -> Result<Image, AppearanceError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (width, height, dpi) = {
        let info = reader.info();
        // Only the metre unit gives a physical size; `Unspecified` is an aspect ratio.
        let dpi = info
            .pixel_dims
            .filter(|d| d.unit == png::Unit::Meter && d.xppu > 0 && d.yppu > 0)
            .map(|d| (f64::from(d.xppu) * 0.0254, f64::from(d.yppu) * 0.0254));
        (info.width, info.height, dpi)
    };
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or(AppearanceError::ImageTooLarge)?;
    let mut buffer = vec![0u8; size];
    let frame = reader.next_frame(&mut buffer).map_err(png_error)?;
    let pixels = buffer
        .get(..frame.buffer_size())
        .ok_or(AppearanceError::ImageUnreadable {
            kind: ImageKind::Png,
        })?;
    let (colours, alpha, space): (usize, bool, &[u8]) = match frame.color_type {
        png::ColorType::Grayscale => (1, false, b"DeviceGray"),
        png::ColorType::GrayscaleAlpha => (1, true, b"DeviceGray"),
        png::ColorType::Rgb => (3, false, b"DeviceRGB"),
        png::ColorType::Rgba => (3, true, b"DeviceRGB"),
        // `normalize_to_color8` expands palettes; an indexed frame here is a decoder surprise.
        png::ColorType::Indexed => {
            return Err(AppearanceError::ImageUnreadable {
                kind: ImageKind::Png,
            });
        }
    };
    let stride = colours + usize::from(alpha);
    let row = frame.line_size;
    let width_px = usize::try_from(width).map_err(|_| AppearanceError::ImageTooLarge)?;
    let mut colour = Vec::with_capacity(pixels.len());
    let mut mask = Vec::new();
    // Rows may carry padding past width × stride; walk them row by row.
    for line in pixels.chunks(row.max(1)) {
        let used = line.get(..width_px.saturating_mul(stride)).ok_or(
            AppearanceError::ImageUnreadable {
                kind: ImageKind::Png,
            },
        )?;
        for px in used.chunks_exact(stride) {
            let (c, a) = px.split_at(colours);
            colour.extend_from_slice(c);
            mask.extend_from_slice(a);
        }
    }
    // A fully opaque alpha channel needs no mask.
    let smask = (alpha && mask.iter().any(|a| *a != 255)).then(|| deflate(&mask));
    let mut dict = base_dict(width, height);
    dict.set(b"ColorSpace", name(space));
    dict.set(b"Filter", name(b"FlateDecode"));
    Ok(Image {
        width,
        height,
        dpi,
        dict,
        data: deflate(&colour),
        smask,
    })
}

/// A JPEG's frame header read from its markers (ITU-T T.81 §B.2). A hand-written reader of a
/// few lines rather than a JPEG decoder crate: the samples are never decoded (PDF embeds
/// the file as it is under DCTDecode), only the SOF's size and component count are needed
/// for the image dictionary, and the marker walk also refuses truncated headers.
struct JpegHeader {
    width: u16,
    height: u16,
    components: u8,
    /// An Adobe APP14 segment: its CMYK is stored inverted (the convention pdf.js and
    /// Acrobat follow), so a four-component image gets `/Decode [1 0 1 0 1 0 1 0]`.
    adobe: bool,
    /// JFIF APP0 density as dots per inch (units 1: per inch, 2: per cm).
    dpi: Option<(f64, f64)>,
}

fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, AppearanceError> {
    let corrupt = AppearanceError::ImageUnreadable {
        kind: ImageKind::Jpeg,
    };
    let mut pos = 2usize;
    let mut adobe = false;
    let mut dpi = None;
    loop {
        // Markers are 0xFF then a code; any number of 0xFF fill bytes may precede the code.
        if bytes.get(pos) != Some(&0xFF) {
            return Err(corrupt);
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or(corrupt.clone())?;
        pos += 1;
        // Standalone markers (TEM, RSTn) have no length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue;
        }
        // EOI or SOS before a frame header: no image to describe.
        if marker == 0xD9 || marker == 0xDA {
            return Err(corrupt);
        }
        let len_bytes = bytes.get(pos..pos + 2).ok_or(corrupt.clone())?;
        let len = usize::from(u16::from_be_bytes([
            *len_bytes.first().ok_or(corrupt.clone())?,
            *len_bytes.get(1).ok_or(corrupt.clone())?,
        ]));
        let segment = bytes
            .get(pos + 2..pos + len.max(2))
            .filter(|_| len >= 2)
            .ok_or(corrupt.clone())?;
        match marker {
            // APP14 "Adobe".
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            // APP0 "JFIF\0", version (2), units (1), Xdensity (2), Ydensity (2).
            0xE0 if segment.starts_with(b"JFIF\0") => {
                if let Some(&[unit, x0, x1, y0, y1]) = segment.get(7..12) {
                    let (x, y) = (
                        f64::from(u16::from_be_bytes([x0, x1])),
                        f64::from(u16::from_be_bytes([y0, y1])),
                    );
                    let per_inch = match unit {
                        1 => Some(1.0),
                        2 => Some(2.54),
                        _ => None,
                    };
                    dpi = per_inch
                        .filter(|_| x > 0.0 && y > 0.0)
                        .map(|k| (x * k, y * k));
                }
            }
            // SOF0 baseline, SOF1 extended sequential, SOF2 progressive (Huffman): what PDF
            // readers decode (progressive since PDF 1.3, §7.4.8).
            0xC0..=0xC2 => {
                let field = |i: usize| segment.get(i).copied().ok_or(corrupt.clone());
                let precision = field(0)?;
                let height = u16::from_be_bytes([field(1)?, field(2)?]);
                let width = u16::from_be_bytes([field(3)?, field(4)?]);
                let components = field(5)?;
                if precision != 8 || !matches!(components, 1 | 3 | 4) {
                    return Err(AppearanceError::JpegUnsupported);
                }
                // Height 0 defers the height to a DNL marker, which PDF readers do not take.
                if width == 0 || height == 0 {
                    return Err(AppearanceError::JpegUnsupported);
                }
                return Ok(JpegHeader {
                    width,
                    height,
                    components,
                    adobe,
                    dpi,
                });
            }
            // SOF3 lossless, SOF5–7 hierarchical, SOF9–11 and SOF13–15 arithmetic coding.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(AppearanceError::JpegUnsupported);
            }
            _ => {}
        }
        pos += len;
    }
}

fn jpeg_image(bytes: &[u8]) -> Result<Image, AppearanceError> {
    let header = jpeg_header(bytes)?;
    let (width, height) = (u32::from(header.width), u32::from(header.height));
    check_size(width, height)?;
    let mut dict = base_dict(width, height);
    let space: &[u8] = match header.components {
        1 => b"DeviceGray",
        3 => b"DeviceRGB",
        _ => b"DeviceCMYK",
    };
    dict.set(b"ColorSpace", name(space));
    if header.components == 4 && header.adobe {
        dict.set(
            b"Decode",
            Object::Array(
                [1, 0, 1, 0, 1, 0, 1, 0]
                    .iter()
                    .map(|v| Object::Integer(*v))
                    .collect(),
            ),
        );
    }
    dict.set(b"Filter", name(b"DCTDecode"));
    Ok(Image {
        width,
        height,
        dpi: header.dpi,
        dict,
        data: bytes.to_vec(),
        smask: None,
    })
}
