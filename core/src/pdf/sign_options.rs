//! What a PDF signature should look like (issue 11 items 2 and 3): SubFilter, certification
//! level, field and placement, the texts of the signature dictionary, locks. Plain values; the
//! signing time comes from the caller (core has no clock).

use der::DateTime;

use crate::cert::Certificate;

use super::appearance::{SignatureLayout, VisibleAppearance};
use super::limits::PdfLimits;
use super::sign::PdfSignError;

/// The signature's encoding (ISO 32000-2 §12.8.3, ETSI EN 319 142-1 §5.3/§6.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfSubFilter {
    /// `adbe.pkcs7.detached`: a detached CMS over the ByteRange, with signing-time (what Ban
    /// Cơ yếu's tools write). The default.
    #[default]
    Pkcs7Detached,
    /// `ETSI.CAdES.detached` (PAdES baseline B-B, ETSI EN 319 142-1 §6.3): ESS
    /// signing-certificate-v2, no signing-time attribute (the time is the dictionary's `/M`).
    CadesDetached,
}

impl PdfSubFilter {
    /// The name written in `/SubFilter`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pkcs7Detached => "adbe.pkcs7.detached",
            Self::CadesDetached => "ETSI.CAdES.detached",
        }
    }

    /// The short name the CLI (`--subfilter`) and the npm package use: `pkcs7`, `cades`.
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Pkcs7Detached => "pkcs7",
            Self::CadesDetached => "cades",
        }
    }

    /// From a short name or the `/SubFilter` name itself.
    pub fn from_name(name: &str) -> Result<Self, PdfSignError> {
        [Self::Pkcs7Detached, Self::CadesDetached]
            .into_iter()
            .find(|s| name == s.short_name() || name == s.name())
            .ok_or_else(|| PdfSignError::UnknownSubFilter {
                name: name.to_owned(),
            })
    }

    /// The stable number of the C ABI (`KYSO_PDF_SUBFILTER_*`): 0 `adbe.pkcs7.detached`,
    /// 1 `ETSI.CAdES.detached`.
    pub fn code(self) -> u32 {
        match self {
            Self::Pkcs7Detached => 0,
            Self::CadesDetached => 1,
        }
    }

    /// From [`code`](Self::code).
    pub fn from_code(code: u32) -> Result<Self, PdfSignError> {
        [Self::Pkcs7Detached, Self::CadesDetached]
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| PdfSignError::UnknownSubFilter {
                name: code.to_string(),
            })
    }
}

/// What a certification signature allows later (DocMDP `/P`, ISO 32000-2 §12.8.2.2.2
/// Table 257).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocMdpPermission {
    /// 1: no changes.
    P1,
    /// 2: form filling and signing.
    P2,
    /// 3: as 2, plus annotations.
    P3,
}

impl DocMdpPermission {
    /// The `/P` value.
    pub fn value(self) -> u8 {
        match self {
            Self::P1 => 1,
            Self::P2 => 2,
            Self::P3 => 3,
        }
    }

    /// From a `/P` value (1–3).
    pub fn from_value(p: u8) -> Option<Self> {
        match p {
            1 => Some(Self::P1),
            2 => Some(Self::P2),
            3 => Some(Self::P3),
            _ => None,
        }
    }

    /// A certification level as a caller gives it (`kyso sign --certify`, the C and JS
    /// options): 1, 2 or 3, anything else refused with its catalogue sentence.
    pub fn from_level(level: i64) -> Result<Self, PdfSignError> {
        u8::try_from(level)
            .ok()
            .and_then(Self::from_value)
            .ok_or(PdfSignError::BadCertificationLevel { level })
    }
}

/// Which fields a FieldMDP lock freezes (ISO 32000-2 §12.7.5.5 Table 233 `/Action`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LockAction {
    /// Every field.
    All,
    /// Only these fields (fully qualified names).
    Include(Vec<String>),
    /// Every field but these.
    Exclude(Vec<String>),
}

/// A FieldMDP lock to put on the new signature field (`/Lock`, and the matching `/Reference`
/// entry of the signature dictionary, §12.8.2.2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldLock {
    pub action: LockAction,
}

impl FieldLock {
    pub fn new(action: LockAction) -> Self {
        Self { action }
    }
}

/// A rectangle on a page as the reader sees it: `x`, `y` from the bottom-left corner of the
/// displayed page (CropBox and `/Rotate` applied), width and height, in PDF points.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct PdfRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl PdfRect {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }
}

/// How to sign a PDF. Build with [`PdfSignOptions::new`] and set the fields.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PdfSignOptions {
    /// The signing time: `/M`, and for `adbe.pkcs7.detached` the signing-time attribute.
    pub time: DateTime,
    pub sub_filter: PdfSubFilter,
    /// Certify the document (only as its first signature).
    pub certify: Option<DocMdpPermission>,
    /// An existing empty signature field of this name, else a new field so named; a new
    /// field is named `Signature1`, `Signature2`, … (the first free name) when `None`.
    pub field: Option<String>,
    /// Page of a new field, 1-based (default 1).
    pub page: u32,
    /// Where a new field's widget goes; invisible (`/Rect [0 0 0 0]`) when `None`.
    pub rect: Option<PdfRect>,
    /// `/Name`, `/Reason`, `/Location`, `/ContactInfo` (§12.8.1 Table 255).
    pub name: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub contact_info: Option<String>,
    /// A FieldMDP lock on the new field.
    pub lock: Option<FieldLock>,
    /// Certificates to put into the CMS besides the signer's (intermediate CAs).
    pub chain: Vec<Certificate>,
    /// Extra room, in bytes, to reserve in `/Contents` for unsigned attributes added to the CMS
    /// before it is embedded (a signature time-stamp, [`crate::sign_pdf_extended`]); 0 lets
    /// `sign_pdf_extended` reserve 12 KB. For a time-stamp added at the second phase
    /// ([`crate::PreparedPdfSignature::finish_timestamped`]) see
    /// [`reserve_timestamp_room`](Self::reserve_timestamp_room).
    pub extra_unsigned_bytes: usize,
    /// Bounds for reading the input.
    pub limits: PdfLimits,
    /// Write `/Prop_Build` (the application that signed, §12.8.1 and Adobe's PDF Signature
    /// Build Dictionary Specification).
    pub prop_build: bool,
    /// When signing an existing field with seed values (`/SV`, ISO 32000-2 §12.7.5.5), take
    /// the field's values for the options left open: `reason` and `certify` left `None`,
    /// `sub_filter` left at its default (the first supported `/SubFilter` of the field when
    /// the default is not among them). Default `true`. With `false` the options are used as
    /// given. Either way a *required* seed value the options contradict refuses the signature
    /// ([`PdfSignError::SeedValue`](super::PdfSignError::SeedValue)).
    pub follow_seed_values: bool,
    /// What the visible field shows (issue 13): text in the caller's font and an optional
    /// image. Needs [`rect`](Self::rect) for a new field, or draws into an existing empty
    /// signature field's widget ([`field`](Self::field)); `None` draws an empty appearance.
    pub appearance: Option<VisibleAppearance>,
    /// A Decree 30 layout (person, agency, copy, appendix): at signing time core makes it
    /// the [`appearance`](Self::appearance) (which it replaces) and, by its
    /// [`Placement`](super::appearance::Placement), the page and rectangle; its document
    /// number and date may fill pre-existing text fields in the same update.
    pub layout: Option<SignatureLayout>,
    /// Text fields to fill in the same update, with their appearances (from `layout`).
    pub(crate) fills: Vec<FormFill>,
}

/// A text field to fill: its value and the font its appearance is drawn in.
#[derive(Clone, Debug)]
pub(crate) struct FormFill {
    pub field: String,
    pub value: String,
    pub appearance: VisibleAppearance,
}

impl PdfSignOptions {
    /// Defaults: `adbe.pkcs7.detached`, approval signature, a new invisible field on page 1.
    pub fn new(time: DateTime) -> Self {
        Self {
            time,
            sub_filter: PdfSubFilter::default(),
            certify: None,
            field: None,
            page: 1,
            rect: None,
            name: None,
            reason: None,
            location: None,
            contact_info: None,
            lock: None,
            chain: Vec::new(),
            extra_unsigned_bytes: 0,
            limits: PdfLimits::default(),
            prop_build: true,
            follow_seed_values: true,
            appearance: None,
            layout: None,
            fills: Vec::new(),
        }
    }
}
