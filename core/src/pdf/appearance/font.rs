//! A caller's TrueType/OpenType font, embedded as a subset in a composite font (ISO 32000-2
//! §9.7): a Type0 font with the `Identity-H` CMap (§9.7.5.2: two-byte codes, code = CID), a
//! CIDFontType2 descendant (CIDFontType0 with `/FontFile3 /OpenType` for CFF outlines) whose
//! CIDs are the subset's glyph ids (`/CIDToGIDMap /Identity`, §9.7.4.2), `/W` widths
//! (§9.7.4.3), a font descriptor (§9.8) and a `/ToUnicode` CMap (§9.10.3) so the text can be
//! searched and copied. Never a standard-14 font: those are Latin-only (WinAnsi) and show
//! "Đà Nẵng" as "à Nng" (shared/brief/pdf-ltv-login.md §1 rows 4, 20, 24).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId, Permissions, name_id};

use crate::pdf::object::{Dictionary, Object, ObjectId, PdfString};
use crate::pdf::sign::PdfSignError;
use crate::pdf::write::Body;

use super::cmap::to_unicode_cmap;
use super::error::AppearanceError;
use super::{ObjectSink, deflate, name};

/// A parsed font (the caller's bytes, borrowed).
pub(crate) struct Font<'a> {
    data: &'a [u8],
    face: Face<'a>,
    units_per_em: f64,
    /// CFF outlines (OpenType `CFF `), else TrueType `glyf`.
    cff: bool,
}

/// One glyph of laid-out text: the font's glyph id, the character it shows, its advance in
/// em (multiply by the font size for points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub ch: char,
    pub advance: f64,
}

impl<'a> Font<'a> {
    /// Parses the first face of `data` (a TrueType/OpenType file or the first font of a
    /// collection) and checks that its licence allows embedding a subset (OpenType OS/2
    /// `fsType`: bit 1 restricted licence, bit 8 no subsetting).
    pub(crate) fn parse(data: &'a [u8]) -> Result<Self, AppearanceError> {
        let face = Face::parse(data, 0).map_err(|_| AppearanceError::FontUnreadable)?;
        if matches!(face.permissions(), Some(Permissions::Restricted))
            || !face.is_subsetting_allowed()
        {
            return Err(AppearanceError::FontNotEmbeddable);
        }
        let tables = face.tables();
        let cff = tables.cff.is_some();
        // CFF2 (variable OpenType) and bitmap-only fonts have neither table: the subsetter
        // (without variable fonts) and PDF's font programs (§9.9) take only these two.
        if !cff && tables.glyf.is_none() {
            return Err(AppearanceError::FontUnreadable);
        }
        let units_per_em = f64::from(face.units_per_em());
        if units_per_em <= 0.0 {
            return Err(AppearanceError::FontUnreadable);
        }
        Ok(Self {
            data,
            face,
            units_per_em,
            cff,
        })
    }

    /// The glyph for `ch`, or an error naming the character: glyph 0 is `.notdef`, drawn as
    /// an empty box, which is as wrong as a dropped letter.
    pub(crate) fn glyph(&self, ch: char) -> Result<Glyph, AppearanceError> {
        let gid = self
            .face
            .glyph_index(ch)
            .filter(|g| g.0 != 0)
            .ok_or(AppearanceError::MissingGlyph { character: ch })?;
        Ok(Glyph {
            gid: gid.0,
            ch,
            advance: self.advance(gid.0),
        })
    }

    /// A glyph's advance width in em.
    fn advance(&self, gid: u16) -> f64 {
        f64::from(self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0)) / self.units_per_em
    }

    /// Font units to glyph space (1000 units per em, §9.2.4).
    fn to_glyph_space(&self, units: f64) -> f64 {
        units * 1000.0 / self.units_per_em
    }

    /// Ascender above the baseline, in em (hhea; OS/2 typographic metrics when the font
    /// asks for them, which ttf-parser applies).
    pub(crate) fn ascent(&self) -> f64 {
        f64::from(self.face.ascender()) / self.units_per_em
    }

    /// Descender below the baseline, in em (positive).
    pub(crate) fn descent(&self) -> f64 {
        -f64::from(self.face.descender()) / self.units_per_em
    }

    /// The distance between baselines, in em: ascender + descender + line gap, at least 1.
    pub(crate) fn line_height(&self) -> f64 {
        let gap = f64::from(self.face.line_gap()) / self.units_per_em;
        (self.ascent() + self.descent() + gap).max(1.0)
    }

    /// The PostScript name (name ID 6) with only the characters a PDF name takes without
    /// escapes; "Font" when the font has none readable (fonts whose only PostScript name is
    /// not UTF-16 broke pyHanko, brief §1 row 5).
    fn postscript_name(&self) -> String {
        let raw = self
            .face
            .names()
            .into_iter()
            .filter(|n| n.name_id == name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_default();
        let clean: String = raw
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .take(63)
            .collect();
        if clean.is_empty() {
            "Font".to_owned()
        } else {
            clean
        }
    }
}

/// The glyphs one appearance uses from a font: the subset's renumbering (new glyph id = CID)
/// and what each CID means as text, for the ToUnicode map.
pub(crate) struct FontUse<'f, 'a> {
    font: &'f Font<'a>,
    remapper: GlyphRemapper,
    text: BTreeMap<u16, String>,
}

impl<'f, 'a> FontUse<'f, 'a> {
    pub(crate) fn new(font: &'f Font<'a>) -> Self {
        Self {
            font,
            remapper: GlyphRemapper::new(),
            text: BTreeMap::new(),
        }
    }

    /// The CID that draws `glyph` in the embedded subset.
    pub(crate) fn cid(&mut self, glyph: Glyph) -> u16 {
        let cid = self.remapper.remap(glyph.gid);
        self.text.entry(cid).or_insert_with(|| glyph.ch.to_string());
        cid
    }

    /// The subset font program (an OpenType file with only the used glyphs, `.notdef` and
    /// the components of composite glyphs).
    pub(crate) fn subset(&self) -> Result<Vec<u8>, AppearanceError> {
        subsetter::subset(self.font.data, 0, &self.remapper)
            .map_err(|_| AppearanceError::FontSubset)
    }

    /// Writes the font's objects and returns the Type0 font's id.
    pub(crate) fn embed(&self, sink: &mut dyn ObjectSink) -> Result<ObjectId, PdfSignError> {
        let program = self.subset()?;
        let font = self.font;
        // The subset tag: six upper-case letters then '+' (§9.9.2), here from the subset's
        // digest, so the same glyphs of the same font give the same name and different
        // subsets different names.
        let digest = Sha256::digest(&program);
        let tag: String = digest
            .iter()
            .take(6)
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base_font = format!("{tag}+{}", font.postscript_name());

        let mut file_dict = Dictionary::new();
        file_dict.set(b"Filter", name(b"FlateDecode"));
        if font.cff {
            // An OpenType font program with CFF outlines (§9.9, Table 124 `OpenType`).
            file_dict.set(b"Subtype", name(b"OpenType"));
        } else {
            // `/Length1`: the length of the TrueType program before compression (Table 125).
            file_dict.set(
                b"Length1",
                Object::Integer(i64::try_from(program.len()).map_err(|_| PdfSignError::TooLarge)?),
            );
        }
        let file_id = sink.add(Body::Stream {
            dict: file_dict,
            data: deflate(&program),
        })?;

        let face = &font.face;
        let bbox = face.global_bounding_box();
        let mut descriptor = Dictionary::new();
        descriptor.set(b"Type", name(b"FontDescriptor"));
        descriptor.set(b"FontName", name(base_font.as_bytes()));
        // Flags (§9.8.2 Table 121): Symbolic (bit 3): the glyphs are outside the standard
        // Latin set, as for every CIDFont; FixedPitch (bit 1) and Italic (bit 7) from the font.
        let mut flags = 4;
        if face.is_monospaced() {
            flags |= 1;
        }
        if face.is_italic() {
            flags |= 64;
        }
        descriptor.set(b"Flags", Object::Integer(flags));
        descriptor.set(
            b"FontBBox",
            Object::Array(
                [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
                    .iter()
                    .map(|v| Object::Real(font.to_glyph_space(f64::from(*v))))
                    .collect(),
            ),
        );
        descriptor.set(b"ItalicAngle", Object::Real(f64::from(face.italic_angle())));
        descriptor.set(
            b"Ascent",
            Object::Real(font.to_glyph_space(f64::from(face.ascender()))),
        );
        descriptor.set(
            b"Descent",
            Object::Real(font.to_glyph_space(f64::from(face.descender()))),
        );
        let cap = face.capital_height().unwrap_or(face.ascender());
        descriptor.set(
            b"CapHeight",
            Object::Real(font.to_glyph_space(f64::from(cap))),
        );
        // StemV is required and no font table gives it; the usual estimate from the weight
        // class (as pdf.js and typst do): 10 + 0.244 × (weight − 50).
        let weight = f64::from(face.weight().to_number());
        descriptor.set(
            b"StemV",
            Object::Real((10.0 + 0.244 * (weight - 50.0)).round()),
        );
        let file_key: &[u8] = if font.cff { b"FontFile3" } else { b"FontFile2" };
        descriptor.set(file_key, Object::Reference(file_id));
        let descriptor_id = sink.add(Body::Object(Object::Dictionary(descriptor)))?;

        // `/W [0 [w0 w1 …]]`: CIDs are 0, 1, 2, … in the remapper's order (§9.7.4.3).
        let widths: Vec<Object> = self
            .remapper
            .remapped_gids()
            .map(|gid| Object::Real((font.advance(gid) * 1000.0 * 1000.0).round() / 1000.0))
            .collect();
        let mut system_info = Dictionary::new();
        system_info.set(b"Registry", Object::String(PdfString::literal(b"Adobe")));
        system_info.set(b"Ordering", Object::String(PdfString::literal(b"Identity")));
        system_info.set(b"Supplement", Object::Integer(0));
        let mut cid_font = Dictionary::new();
        cid_font.set(b"Type", name(b"Font"));
        let subtype: &[u8] = if font.cff {
            b"CIDFontType0"
        } else {
            b"CIDFontType2"
        };
        cid_font.set(b"Subtype", name(subtype));
        cid_font.set(b"BaseFont", name(base_font.as_bytes()));
        cid_font.set(b"CIDSystemInfo", Object::Dictionary(system_info));
        cid_font.set(b"FontDescriptor", Object::Reference(descriptor_id));
        cid_font.set(
            b"W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        );
        if !font.cff {
            cid_font.set(b"CIDToGIDMap", name(b"Identity"));
        }
        let cid_font_id = sink.add(Body::Object(Object::Dictionary(cid_font)))?;

        let cmap = to_unicode_cmap(&self.text);
        let mut cmap_dict = Dictionary::new();
        cmap_dict.set(b"Filter", name(b"FlateDecode"));
        let cmap_id = sink.add(Body::Stream {
            dict: cmap_dict,
            data: deflate(&cmap),
        })?;

        let mut type0 = Dictionary::new();
        type0.set(b"Type", name(b"Font"));
        type0.set(b"Subtype", name(b"Type0"));
        type0.set(b"BaseFont", name(base_font.as_bytes()));
        type0.set(b"Encoding", name(b"Identity-H"));
        type0.set(
            b"DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font_id)]),
        );
        type0.set(b"ToUnicode", Object::Reference(cmap_id));
        sink.add(Body::Object(Object::Dictionary(type0)))
    }

    /// CID → text, for tests.
    #[cfg(test)]
    pub(crate) fn text_map(&self) -> &BTreeMap<u16, String> {
        &self.text
    }
}
