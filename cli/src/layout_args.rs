//! `kyso sign --appearance person|agency|copy|appendix`: the Decree 30/2020 Annex I layouts'
//! options, parsed into core's [`kyso::SignatureLayout`]. Every rule (sizes, placement, time
//! format, units) is core's; this file only maps flags onto its fields.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

/// The Decree 30 layout flags (flattened into `kyso sign`).
#[derive(Args, Debug, Default)]
pub struct LayoutArgs {
    /// PDF: a Decree 30/2020 layout: person (ký phê duyệt: --image between --title and the
    /// name), agency (đóng dấu phát hành: --seal at real size over the left third of the
    /// person's signature), copy (SAO Y/SAO LỤC/TRÍCH SAO stamp, top right of page 1, text
    /// only), appendix (stamp with --doc-number, top right of page 1, text only).
    #[arg(long, value_name = "KIND", value_parser = kind_arg)]
    pub appearance: Option<kyso::LayoutKind>,
    /// PDF: with --appearance, draw only the text (text-only) or only the image
    /// (image-only); both by default (full).
    #[arg(long, value_name = "VARIANT", value_parser = ["full", "text-only", "image-only"],
          requires = "appearance")]
    pub variant: Option<String>,
    /// PDF: the agency's seal image (PNG with a transparent background, red; JPEG accepted),
    /// drawn at its real size: from the image's DPI (PNG pHYs, JPEG JFIF), else --seal-size,
    /// else 40 mm across.
    #[arg(long, value_name = "FILE", requires = "appearance")]
    pub seal: Option<PathBuf>,
    /// PDF: the seal's width (`42mm`, `119pt`; a bare number is millimetres); overrides the
    /// image's DPI.
    #[arg(long, value_name = "SIZE", value_parser = mm_arg, requires = "appearance")]
    pub seal_size: Option<kyso::Length>,
    /// PDF: the title line above the signature image (e.g. "GIÁM ĐỐC").
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub title: Option<String>,
    /// PDF: the full name under the signature image (default: the certificate's CN).
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub name: Option<String>,
    /// PDF: add description lines (Người ký, Cơ quan, Chức vụ, Thời gian ký; labels in
    /// --lang).
    #[arg(long, requires = "appearance")]
    pub description: bool,
    /// PDF: the agency's name (Cơ quan; the copying agency on a copy stamp); default on
    /// description lines: the certificate's O.
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub agency: Option<String>,
    /// PDF: the position (Chức vụ) on description lines; default: the certificate's title.
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub position: Option<String>,
    /// PDF: the document's number and symbol (e.g. "Số: 123/UBND-VP"), shown in the agency's
    /// box or the appendix stamp, or filled into --doc-number-field.
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub doc_number: Option<String>,
    /// PDF: the issue date (e.g. "Ngày 14/03/2025"), shown in the agency's box or filled
    /// into --issued-field.
    #[arg(long, value_name = "TEXT", requires = "appearance")]
    pub issued: Option<String>,
    /// PDF: fill --doc-number into this existing text field (form filling, which DocMDP P=2
    /// permits) instead of the agency's box.
    #[arg(long, value_name = "NAME", requires = "doc_number")]
    pub doc_number_field: Option<String>,
    /// PDF: fill --issued into this existing text field instead of the agency's box.
    #[arg(long, value_name = "NAME", requires = "issued")]
    pub issued_field: Option<String>,
    /// PDF: the copy form of --appearance copy.
    #[arg(long, value_name = "KIND", value_parser = copy_kind_arg, requires = "appearance")]
    pub copy_kind: Option<kyso::CopyKind>,
    /// PDF: the signing time as vgca (14.03.2025 09:05:07 +07:00) or iso8601
    /// (2025-03-14T09:05:07+07:00); default vgca for person and agency, iso8601 for copies
    /// and appendices.
    #[arg(long, value_name = "FORMAT", value_parser = time_format_arg, requires = "appearance")]
    pub time_format: Option<kyso::TimeFormat>,
    /// PDF: the UTC offset the signing time is shown in (default +07:00, Vietnam).
    #[arg(long, value_name = "±HH:MM", value_parser = offset_arg, requires = "appearance")]
    pub utc_offset: Option<kyso::UtcOffset>,
    /// PDF: the agency's seal beside this signed signature field (default: the most recent
    /// signed signature with a visible box).
    #[arg(
        long,
        value_name = "NAME",
        requires = "appearance",
        conflicts_with = "rect"
    )]
    pub beside: Option<String>,
    /// PDF: the copy or appendix stamp's distance from the page's top and right edges
    /// (default 10mm; a bare number is millimetres).
    #[arg(long, value_name = "SIZE", value_parser = mm_arg, requires = "appearance",
          conflicts_with = "rect")]
    pub margin: Option<kyso::Length>,
}

fn kind_arg(v: &str) -> Result<kyso::LayoutKind, String> {
    kyso::LayoutKind::from_name(v).ok_or_else(|| "person, agency, copy or appendix".to_owned())
}

fn copy_kind_arg(v: &str) -> Result<kyso::CopyKind, String> {
    kyso::CopyKind::from_name(v).ok_or_else(|| "sao-y, sao-luc or trich-sao".to_owned())
}

fn time_format_arg(v: &str) -> Result<kyso::TimeFormat, String> {
    kyso::TimeFormat::from_name(v).ok_or_else(|| "vgca or iso8601".to_owned())
}

fn offset_arg(v: &str) -> Result<kyso::UtcOffset, String> {
    kyso::UtcOffset::parse(v).ok_or_else(|| "+HH:MM or -HH:MM, at most 14:00".to_owned())
}

fn mm_arg(v: &str) -> Result<kyso::Length, String> {
    kyso::Length::parse(v, kyso::Unit::Mm).map_err(|e| e.to_string())
}

/// The layout from the flags: `font` and `image` (the signature image; the seal for the
/// agency) already read.
pub fn layout(
    args: &LayoutArgs,
    kind: kyso::LayoutKind,
    font: Vec<u8>,
    image: Option<Vec<u8>>,
    page: Option<u32>,
    has_rect: bool,
    lang: kyso::Lang,
) -> kyso::SignatureLayout {
    let kind = match (kind, args.copy_kind) {
        (kyso::LayoutKind::Copy(_), Some(c)) => kyso::LayoutKind::Copy(c),
        (k, _) => k,
    };
    let mut l = kyso::SignatureLayout::new(kind, font);
    l.variant = match args.variant.as_deref() {
        Some("text-only") => kyso::Variant::TextOnly,
        Some("image-only") => kyso::Variant::ImageOnly,
        _ => kyso::Variant::Full,
    };
    l.image = image.map(Arc::from);
    l.title.clone_from(&args.title);
    l.name.clone_from(&args.name);
    l.description = args.description;
    l.organization.clone_from(&args.agency);
    l.position.clone_from(&args.position);
    l.doc_number.clone_from(&args.doc_number);
    l.issued.clone_from(&args.issued);
    l.doc_number_field.clone_from(&args.doc_number_field);
    l.issued_field.clone_from(&args.issued_field);
    l.time_format = args.time_format;
    if let Some(o) = args.utc_offset {
        l.utc_offset = o;
    }
    l.labels = lang;
    l.seal_width = args.seal_size;
    // --rect (or an existing --field) is the caller's placement; else the layout's default,
    // with --beside, --page and --margin where given.
    let stamp = matches!(kind, kyso::LayoutKind::Copy(_) | kyso::LayoutKind::Appendix);
    l.placement = if has_rect {
        kyso::Placement::Given
    } else if args.beside.is_some() {
        kyso::Placement::beside(args.beside.clone())
    } else if stamp && (page.is_some() || args.margin.is_some()) {
        kyso::Placement::top_right(page.unwrap_or(1), args.margin)
    } else {
        kyso::Placement::Default
    };
    l
}
