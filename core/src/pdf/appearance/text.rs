//! Text for an appearance: NFC normalisation, glyph lookup (a missing glyph is an error that
//! names the character), greedy line breaking at spaces, and the largest font size not above
//! the caller's maximum at which every line fits the box; then the content-stream fragment
//! that draws it (ISO 32000-2 §9.4 text objects, §9.3 text state).
//!
//! Glyphs are placed one after another with their advance widths, no kerning or ligatures:
//! Vietnamese in NFC needs neither (each letter with its diacritics is one precomposed
//! character with its own glyph in a Vietnamese-capable font, TCVN 6909:2001).

use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

use crate::pdf::serialize::write_real;

use super::error::AppearanceError;
use super::font::{Font, FontUse, Glyph};
use super::layout::TextAlign;

/// The smallest size kyso sets text at, in points: below this a printed stamp is unreadable,
/// and "does not fit" is the honest answer.
pub(crate) const MIN_FONT_SIZE: u32 = 4;
/// Sizes tried step down by half a point from the maximum.
const SIZE_STEP: f64 = 0.5;

/// One line of set text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub glyphs: Vec<Glyph>,
    /// Width in em.
    pub width: f64,
}

/// Text laid out for a box.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TextLayout {
    pub size: f64,
    pub lines: Vec<Line>,
    /// Baseline to baseline, in points.
    pub leading: f64,
    /// First line's ascent and last line's descent, in points.
    pub ascent: f64,
    pub descent: f64,
}

impl TextLayout {
    /// The height the text takes, in points.
    pub(crate) fn height(&self) -> f64 {
        match self.lines.len() {
            0 => 0.0,
            n => self.ascent + self.descent + self.leading * count(n.saturating_sub(1)),
        }
    }
}

/// A paragraph as words of glyphs, with the space glyph to join them.
struct Paragraph {
    words: Vec<Vec<Glyph>>,
}

/// NFC-normalises and looks up every character of `lines` (each a paragraph); a character the
/// font lacks is an error naming it, so a stamp never silently loses letters.
fn shape(
    font: &Font<'_>,
    lines: &[String],
) -> Result<(Vec<Paragraph>, Option<Glyph>), AppearanceError> {
    let mut paragraphs = Vec::new();
    let mut space = None;
    for line in lines {
        let text: String = line.nfc().collect();
        let mut words = Vec::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let glyphs = word
                .chars()
                .map(|c| font.glyph(c))
                .collect::<Result<Vec<_>, _>>()?;
            words.push(glyphs);
        }
        if words.len() > 1 && space.is_none() {
            space = Some(font.glyph(' ')?);
        }
        paragraphs.push(Paragraph { words });
    }
    Ok((paragraphs, space))
}

fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

fn width_of(glyphs: &[Glyph]) -> f64 {
    glyphs.iter().map(|g| g.advance).sum()
}

/// Greedy line breaking of the paragraphs at `limit` em; a word wider than a line is broken
/// between glyphs (names and place names have no hyphenation rule to follow).
fn wrap(paragraphs: &[Paragraph], space: Option<Glyph>, limit: f64) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        let mut current: Vec<Glyph> = Vec::new();
        let mut width = 0.0;
        for word in &paragraph.words {
            let word_width = width_of(word);
            let space_width = space.map_or(0.0, |s| s.advance);
            if !current.is_empty() && width + space_width + word_width <= limit {
                if let Some(s) = space {
                    current.push(s);
                }
                current.extend_from_slice(word);
                width += space_width + word_width;
                continue;
            }
            if !current.is_empty() {
                lines.push(Line {
                    glyphs: std::mem::take(&mut current),
                    width,
                });
                width = 0.0;
            }
            if word_width <= limit {
                current.extend_from_slice(word);
                width = word_width;
                continue;
            }
            for glyph in word {
                if !current.is_empty() && width + glyph.advance > limit {
                    lines.push(Line {
                        glyphs: std::mem::take(&mut current),
                        width,
                    });
                    width = 0.0;
                }
                current.push(*glyph);
                width += glyph.advance;
            }
        }
        // An empty paragraph is an empty line (a caller's blank separator line).
        lines.push(Line {
            glyphs: current,
            width,
        });
    }
    lines
}

/// The widest line of `lines` (unbroken) at `size` points, in points: what a box sized to its
/// text needs inside its padding.
pub(crate) fn widest(font: &Font<'_>, lines: &[String], size: f64) -> Result<f64, AppearanceError> {
    let (paragraphs, space) = shape(font, lines)?;
    let space = space.map_or(0.0, |s| s.advance);
    Ok(paragraphs
        .iter()
        .map(|p| {
            let words: f64 = p.words.iter().map(|w| width_of(w)).sum();
            words + space * count(p.words.len().saturating_sub(1))
        })
        .fold(0.0, f64::max)
        * size)
}

/// The largest size ≤ `max_size` (in half points, down to [`MIN_FONT_SIZE`]) at which the
/// wrapped `lines` fit `width` × `height` points.
pub(crate) fn fit(
    font: &Font<'_>,
    lines: &[String],
    width: f64,
    height: f64,
    max_size: f64,
) -> Result<TextLayout, AppearanceError> {
    let (paragraphs, space) = shape(font, lines)?;
    let min = f64::from(MIN_FONT_SIZE);
    let mut size = if max_size.is_finite() {
        max_size.max(min)
    } else {
        min
    };
    while size >= min {
        let wrapped = wrap(&paragraphs, space, width / size);
        let layout = TextLayout {
            size,
            leading: font.line_height() * size,
            ascent: font.ascent() * size,
            descent: font.descent() * size,
            lines: wrapped,
        };
        let fits_width = layout.lines.iter().all(|l| l.width * size <= width + 1e-9);
        if fits_width && layout.height() <= height + 1e-9 {
            return Ok(layout);
        }
        size -= SIZE_STEP;
    }
    Err(AppearanceError::TextDoesNotFit {
        min_size: MIN_FONT_SIZE,
    })
}

/// The text object drawing `layout` aligned by `align` in the box from `x` to `x + width`,
/// its top at `top`, in black (`0 g`, Decree 30 Annex I: the signing-time text is black),
/// with the font resource `/font_name`. Each line is shown with `Tj` on a two-byte hex string
/// of CIDs (Identity-H, §9.7.5.2), positioned by `Tm` so rounding never accumulates.
pub(crate) fn draw(
    layout: &TextLayout,
    font: &mut FontUse<'_, '_>,
    font_name: &str,
    x: f64,
    width: f64,
    top: f64,
    align: TextAlign,
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(format!("BT\n/{font_name} ").as_bytes());
    write_real(&mut out, layout.size);
    out.extend_from_slice(b" Tf\n0 g\n");
    let mut baseline = top - layout.ascent;
    for line in &layout.lines {
        if !line.glyphs.is_empty() {
            let room = width - line.width * layout.size;
            let left = match align {
                TextAlign::Left => x,
                TextAlign::Center => x + room / 2.0,
                TextAlign::Right => x + room,
            };
            out.extend_from_slice(b"1 0 0 1 ");
            write_real(&mut out, left);
            out.push(b' ');
            write_real(&mut out, baseline);
            out.extend_from_slice(b" Tm\n<");
            let mut hex = String::new();
            for glyph in &line.glyphs {
                let _ = write!(hex, "{:04X}", font.cid(*glyph));
            }
            out.extend_from_slice(hex.as_bytes());
            out.extend_from_slice(b"> Tj\n");
        }
        baseline -= layout.leading;
    }
    out.extend_from_slice(b"ET\n");
    out
}
