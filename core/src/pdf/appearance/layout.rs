//! Decree 30/2020/NĐ-CP Annex I layouts of a visible signature, as values: who signs (the
//! person, `person`; the agency, `agency`; the agency on a copy, `copy`; on an appendix in a
//! separate file, `appendix`), what the box shows and where it goes. Core turns one into a
//! [`VisibleAppearance`](super::VisibleAppearance) and a rectangle at signing time
//! (`decree30.rs`), with the signer's certificate and the signing time in hand.
//!
//! - Person (§II.7.d): the handwritten-signature image (blue, PNG with a transparent
//!   background) centred between the title line above and the full name below.
//! - Agency (§II.8.a): the seal image (red) at its real size, overlapping about one third of
//!   the person's signature, on its left.
//! - Copy (Part II §I: SAO Y, SAO LỤC, TRÍCH SAO) and appendix in a separate file (§II.8.b,
//!   §II.9.d): text only, top right of page 1: the copy form and the copying agency (or the
//!   document's number and symbol), and the signing time in ISO 8601 with the Vietnam offset,
//!   Times New Roman 10 pt, upright, black.

use std::sync::Arc;

use der::DateTime;

use super::units::Length;
use crate::i18n::Lang;

/// Which Decree 30 signature the box is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutKind {
    /// Ký phê duyệt: the person with authority (Annex I §II.7.d).
    Person,
    /// Đóng dấu phát hành: the agency's seal (§II.8.a).
    Agency,
    /// An electronic copy (Part II §I): SAO Y, SAO LỤC or TRÍCH SAO.
    Copy(CopyKind),
    /// An appendix in a separate file (§II.8.b, §II.9.d).
    Appendix,
}

impl LayoutKind {
    /// `person`, `agency`, `copy`, `appendix` (a copy is `sao-y` unless told:
    /// [`CopyKind::from_name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "person" => Some(Self::Person),
            "agency" => Some(Self::Agency),
            "copy" => Some(Self::Copy(CopyKind::SaoY)),
            "appendix" => Some(Self::Appendix),
            _ => None,
        }
    }
}

/// The three forms of an electronic copy (Decree 30 Art 25, Part II §I of Annex I).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CopyKind {
    /// Sao y: a full copy of the original.
    #[default]
    SaoY,
    /// Sao lục: a copy of a copy.
    SaoLuc,
    /// Trích sao: a copy of part of the content.
    TrichSao,
}

impl CopyKind {
    /// The words the stamp shows: `SAO Y`, `SAO LỤC`, `TRÍCH SAO`.
    pub fn label(self) -> &'static str {
        match self {
            Self::SaoY => "SAO Y",
            Self::SaoLuc => "SAO LỤC",
            Self::TrichSao => "TRÍCH SAO",
        }
    }

    /// `sao-y`, `sao-luc`, `trich-sao`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sao-y" => Some(Self::SaoY),
            "sao-luc" => Some(Self::SaoLuc),
            "trich-sao" => Some(Self::TrichSao),
            _ => None,
        }
    }
}

/// How the signing time is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeFormat {
    /// `dd.MM.yyyy HH:mm:ss +07:00`, what the VGCA signing tool renders.
    Vgca,
    /// ISO 8601 `2025-03-14T09:05:07+07:00`, what Annex I asks of copies and appendices.
    Iso8601,
}

impl TimeFormat {
    /// `vgca`, `iso8601`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "vgca" => Some(Self::Vgca),
            "iso8601" | "iso" => Some(Self::Iso8601),
            _ => None,
        }
    }
}

/// A UTC offset, in minutes east of Greenwich (−14:00 to +14:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcOffset {
    minutes: i16,
}

impl UtcOffset {
    /// Vietnam's time zone, UTC+07:00 (Indochina Time, no daylight saving), which Annex I
    /// asks the signing time in.
    pub const VIETNAM: Self = Self { minutes: 420 };
    /// UTC.
    pub const UTC: Self = Self { minutes: 0 };

    /// An offset of `minutes` east of UTC, or `None` outside ±14 h.
    pub fn from_minutes(minutes: i16) -> Option<Self> {
        (-840..=840).contains(&minutes).then_some(Self { minutes })
    }

    /// Minutes east of UTC.
    pub fn minutes(self) -> i16 {
        self.minutes
    }

    /// Reads `+07:00`, `-03:30`, `Z`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t == "Z" {
            return Some(Self::UTC);
        }
        let (sign, rest) = match t.split_at_checked(1)? {
            ("+", r) => (1i16, r),
            ("-", r) => (-1i16, r),
            _ => return None,
        };
        let (h, m) = rest.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (i16, i16) = (h.parse().ok()?, m.parse().ok()?);
        if m >= 60 {
            return None;
        }
        Self::from_minutes(sign * (h * 60 + m))
    }

    /// `+07:00`.
    pub fn to_text(self) -> String {
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let m = self.minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

impl Default for UtcOffset {
    fn default() -> Self {
        Self::VIETNAM
    }
}

/// `time` (UTC, as [`PdfSignOptions::time`](crate::PdfSignOptions::time) holds it) shifted
/// to `offset` and written in `format`. A time that cannot be shifted (before 1970 with a
/// negative offset) is written in UTC with `+00:00`: a different offset, never a wrong time.
pub fn format_signing_time(time: DateTime, offset: UtcOffset, format: TimeFormat) -> String {
    let secs = time.unix_duration().as_secs();
    let delta = u64::from(offset.minutes.unsigned_abs()) * 60;
    let shifted = if offset.minutes >= 0 {
        secs.checked_add(delta)
    } else {
        secs.checked_sub(delta)
    }
    .and_then(|s| DateTime::from_unix_duration(core::time::Duration::from_secs(s)).ok());
    let (t, offset) = match shifted {
        Some(t) => (t, offset),
        None => (time, UtcOffset::UTC),
    };
    let off = offset.to_text();
    let (y, mo, d, h, mi, s) = (
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minutes(),
        t.seconds(),
    );
    match format {
        TimeFormat::Vgca => format!("{d:02}.{mo:02}.{y:04} {h:02}:{mi:02}:{s:02} {off}"),
        TimeFormat::Iso8601 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{off}"),
    }
}

/// How a line of text sits between the box's sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextAlign {
    Left,
    /// The default: Decree 30's title and name lines are centred on the signature image.
    #[default]
    Center,
    Right,
}

/// Which parts of the layout are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Variant {
    /// Image and text (the default).
    #[default]
    Full,
    /// Text only: no image.
    TextOnly,
    /// The image only: no text.
    ImageOnly,
}

/// Where the box goes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Placement {
    /// The layout's own default: beside the person's signature for `agency`, top right of
    /// page 1 for `copy` and `appendix`, [`Given`](Self::Given) for `person`.
    Default,
    /// What the signing options say: an existing empty signature field
    /// ([`PdfSignOptions::field`](crate::PdfSignOptions::field)) draws into that field's
    /// widget, else [`page`](crate::PdfSignOptions::page) and
    /// [`rect`](crate::PdfSignOptions::rect).
    Given,
    /// Relative to the person's signature widget already in the document (Annex I §II.8.a):
    /// the widget of the signature field named `field`, or else of the most recently added
    /// signed signature field (the last in `/AcroForm /Fields` order) whose widget has an area
    /// on a page. The seal's right edge is at `overlap` × the person's box width from that
    /// box's left edge (default ⅓: the seal covers the left third of the box and reaches
    /// further left by the rest of its width), and the seal's vertical centre is the box's.
    BesideSignature { field: Option<String>, overlap: f64 },
    /// At the top right corner of a page (`page`, 1-based; page 1 by default), `margin` from
    /// the displayed page's top and right edges (after CropBox and `/Rotate`).
    TopRight { page: u32, margin: Length },
}

impl Placement {
    /// Beside the signature field `field` (or the most recent signed one), the seal over the
    /// left third of its box ([`DEFAULT_SEAL_OVERLAP`]).
    pub fn beside(field: Option<String>) -> Self {
        Self::BesideSignature {
            field,
            overlap: DEFAULT_SEAL_OVERLAP,
        }
    }

    /// At the top right of page `page`, [`DEFAULT_STAMP_MARGIN_MM`] from its edges unless
    /// `margin` says.
    pub fn top_right(page: u32, margin: Option<Length>) -> Self {
        Self::TopRight {
            page,
            margin: margin.unwrap_or(Length::Mm(DEFAULT_STAMP_MARGIN_MM)),
        }
    }
}

/// How much of the person's signature box the seal covers, from its left edge (Annex I
/// §II.8.a: "khoảng 1/3 chữ ký", about one third of the signature, on its left).
pub const DEFAULT_SEAL_OVERLAP: f64 = 1.0 / 3.0;
/// The default margin of the copy and appendix stamps from the page's top and right edges:
/// 10 mm, inside the 20–25 mm top margin and 15–20 mm right margin of Annex I §I.4.
pub const DEFAULT_STAMP_MARGIN_MM: f64 = 10.0;
/// The seal's width when neither the image's DPI nor the caller gives one: 40 mm, a common
/// diameter of a Vietnamese agency seal (Decree 99/2016 seal specimens are 35–42 mm).
pub const DEFAULT_SEAL_MM: f64 = 40.0;
/// Decree 30 Annex I: the signing-time text is 10 pt.
pub const DECREE30_FONT_SIZE: f64 = 10.0;

/// A Decree 30 layout. Build with [`SignatureLayout::new`] and set the fields; every
/// dimension has a default from Annex I and can be overridden.
#[derive(Clone)]
#[non_exhaustive]
pub struct SignatureLayout {
    pub kind: LayoutKind,
    pub variant: Variant,
    /// The font (TrueType/OpenType bytes) for every line.
    pub font: Arc<[u8]>,
    /// The handwritten-signature image (person) or the seal (agency): PNG or JPEG, drawn as
    /// given (never recoloured).
    pub image: Option<Arc<[u8]>>,
    /// The title line above the signature image (`GIÁM ĐỐC`, `KT. CHỦ TỊCH`).
    pub title: Option<String>,
    /// The full name under the image; the signer certificate's common name when `None`.
    pub name: Option<String>,
    /// Description lines under the name (person, agency): Người ký / Cơ quan / Chức vụ /
    /// Thời gian ký, labelled in `labels`.
    pub description: bool,
    /// Cơ quan: the agency's name (description lines; the copying agency on a copy). The
    /// certificate's organisation when `None` on a description line.
    pub organization: Option<String>,
    /// Chức vụ: the position (description lines); the certificate's title when `None`.
    pub position: Option<String>,
    /// The document's number and symbol (`Số: 123/UBND-VP`), as the caller writes it.
    pub doc_number: Option<String>,
    /// The issue date (`Ngày 14/03/2025`), as the caller writes it.
    pub issued: Option<String>,
    /// Fill `doc_number` into this pre-existing text field instead of the appearance.
    pub doc_number_field: Option<String>,
    /// Fill `issued` into this pre-existing text field instead of the appearance.
    pub issued_field: Option<String>,
    /// The signing time's format: VGCA's for person and agency, ISO 8601 for copies and
    /// appendices when `None`.
    pub time_format: Option<TimeFormat>,
    /// The offset the signing time is shown in (Vietnam, +07:00, by default).
    pub utc_offset: UtcOffset,
    /// The language of the description labels.
    pub labels: Lang,
    /// The seal's width: from the image's resolution (PNG `pHYs`, JPEG JFIF density) when
    /// `None`, else [`DEFAULT_SEAL_MM`].
    pub seal_width: Option<Length>,
    /// The largest text size in points ([`DECREE30_FONT_SIZE`]).
    pub font_size: f64,
    pub placement: Placement,
    /// The box's size for copy and appendix stamps (and for text-only agency boxes); sized
    /// to the text at `font_size` when `None`.
    pub stamp_size: Option<(Length, Length)>,
}

impl SignatureLayout {
    /// A `kind` layout in `font`, everything else at its default.
    pub fn new(kind: LayoutKind, font: impl Into<Arc<[u8]>>) -> Self {
        Self {
            kind,
            variant: Variant::Full,
            font: font.into(),
            image: None,
            title: None,
            name: None,
            description: false,
            organization: None,
            position: None,
            doc_number: None,
            issued: None,
            doc_number_field: None,
            issued_field: None,
            time_format: None,
            utc_offset: UtcOffset::VIETNAM,
            labels: Lang::Vi,
            seal_width: None,
            font_size: DECREE30_FONT_SIZE,
            placement: Placement::Default,
            stamp_size: None,
        }
    }

    /// The time format in effect.
    pub fn effective_time_format(&self) -> TimeFormat {
        match (self.time_format, self.kind) {
            (Some(f), _) => f,
            (None, LayoutKind::Person | LayoutKind::Agency) => TimeFormat::Vgca,
            (None, _) => TimeFormat::Iso8601,
        }
    }

    /// The placement in effect: [`Placement::Default`] made concrete.
    pub fn effective_placement(&self) -> Placement {
        match (&self.placement, self.kind) {
            (Placement::Default, LayoutKind::Agency) => Placement::beside(None),
            (Placement::Default, LayoutKind::Copy(_) | LayoutKind::Appendix) => {
                Placement::top_right(1, None)
            }
            (Placement::Default, LayoutKind::Person) => Placement::Given,
            (p, _) => p.clone(),
        }
    }
}

impl core::fmt::Debug for SignatureLayout {
    // Sizes, not the font's and image's bytes.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignatureLayout")
            .field("kind", &self.kind)
            .field("variant", &self.variant)
            .field("font_bytes", &self.font.len())
            .field("image_bytes", &self.image.as_ref().map(|i| i.len()))
            .field("title", &self.title)
            .field("name", &self.name)
            .field("placement", &self.placement)
            .finish_non_exhaustive()
    }
}

/// The description labels (document text, drawn in the box, not messages).
pub(crate) fn label(lang: Lang, what: Label) -> &'static str {
    match (lang, what) {
        (Lang::En, Label::Signer) => "Signer",
        (Lang::En, Label::Organization) => "Organization",
        (Lang::En, Label::Position) => "Position",
        (Lang::En, Label::Time) => "Signing time",
        (_, Label::Signer) => "Người ký",
        (_, Label::Organization) => "Cơ quan",
        (_, Label::Position) => "Chức vụ",
        (_, Label::Time) => "Thời gian ký",
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Label {
    Signer,
    Organization,
    Position,
    Time,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn signing_time_in_vietnam_time_both_formats() {
        // 2025-03-14 02:05:07 UTC is 09:05:07 in Hà Nội.
        let t = DateTime::new(2025, 3, 14, 2, 5, 7).unwrap();
        assert_eq!(
            format_signing_time(t, UtcOffset::VIETNAM, TimeFormat::Iso8601),
            "2025-03-14T09:05:07+07:00"
        );
        assert_eq!(
            format_signing_time(t, UtcOffset::VIETNAM, TimeFormat::Vgca),
            "14.03.2025 09:05:07 +07:00"
        );
        // Across midnight and a negative offset.
        let late = DateTime::new(2025, 12, 31, 20, 0, 0).unwrap();
        assert_eq!(
            format_signing_time(late, UtcOffset::VIETNAM, TimeFormat::Iso8601),
            "2026-01-01T03:00:00+07:00"
        );
        let minus = UtcOffset::parse("-03:30").unwrap();
        assert_eq!(minus.minutes(), -210);
        assert_eq!(
            format_signing_time(t, minus, TimeFormat::Iso8601),
            "2025-03-13T22:35:07-03:30"
        );
        assert_eq!(UtcOffset::parse("+07:00"), Some(UtcOffset::VIETNAM));
        assert_eq!(UtcOffset::parse("+15:00"), None);
        assert_eq!(UtcOffset::parse("0700"), None);
    }
}
