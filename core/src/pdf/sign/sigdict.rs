//! The signature dictionary with its placeholders (ISO 32000-2 §12.8.1 Table 255): `/ByteRange`
//! written at a fixed width so that the real offsets can be put in place afterwards, and
//! `/Contents` as a hex string of zeros sized for the CMS.

use der::DateTime;

use crate::pdf::object::{Dictionary, Object, PdfString};
use crate::pdf::serialize::{write_name, write_object};
use crate::pdf::sign_options::PdfSignOptions;
use crate::pdf::text::encode_text_string;

use super::field::name_object;

/// Room for each of the three computed ByteRange numbers: 20 digits holds any u64, far beyond
/// the 10-digit minimum that files over 100 MB need (pyHanko#336, brief §1 row 6).
const BYTE_RANGE_DIGITS: usize = 20;

/// The dictionary's bytes and where its placeholders are in them.
pub(crate) struct SigDict {
    pub bytes: Vec<u8>,
    /// Offset of `[` of the ByteRange array and the width kept for it (up to `/Contents`).
    pub byte_range_at: usize,
    pub byte_range_width: usize,
    /// Offset of `<` of `/Contents` and its length including `<` and `>`.
    pub contents_at: usize,
    pub contents_len: usize,
}

/// A signature, or a document time-stamp (ETSI EN 319 142-1 §5.4.3: `/Type /DocTimeStamp`,
/// SubFilter `ETSI.RFC3161`, `/Contents` an RFC 3161 token; no signer entries).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Signature,
    DocumentTimestamp,
}

/// Builds the dictionary. `reserved` is the room for the CMS in bytes (twice that in hex);
/// `reference` the `/Reference` array (DocMDP / FieldMDP signature references).
pub(crate) fn build(
    options: &PdfSignOptions,
    reserved: usize,
    reference: Vec<Object>,
    kind: Kind,
) -> SigDict {
    let mut out = Vec::new();
    let sub_filter: &[u8] = match kind {
        Kind::Signature => {
            out.extend_from_slice(b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter ");
            options.sub_filter.name().as_bytes()
        }
        Kind::DocumentTimestamp => {
            out.extend_from_slice(b"<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter ");
            b"ETSI.RFC3161"
        }
    };
    write_name(&mut out, &crate::pdf::object::Name::new(sub_filter));
    out.extend_from_slice(b" /ByteRange ");
    let byte_range_at = out.len();
    let byte_range_width = placeholder_byte_range().len();
    out.extend_from_slice(placeholder_byte_range().as_bytes());
    out.extend_from_slice(b" /Contents ");
    let contents_at = out.len();
    out.push(b'<');
    out.resize(out.len().saturating_add(reserved.saturating_mul(2)), b'0');
    out.push(b'>');
    let contents_len = out.len().saturating_sub(contents_at);

    let mut rest = Dictionary::new();
    if kind == Kind::DocumentTimestamp {
        // The token's genTime is the time; no signer, reason or location to state.
        out.extend_from_slice(b" >>");
        return SigDict {
            bytes: out,
            byte_range_at,
            byte_range_width,
            contents_at,
            contents_len,
        };
    }
    rest.set(
        b"M",
        Object::String(PdfString::literal(pdf_date(&options.time).as_bytes())),
    );
    for (key, value) in [
        (&b"Name"[..], &options.name),
        (b"Reason", &options.reason),
        (b"Location", &options.location),
        (b"ContactInfo", &options.contact_info),
    ] {
        if let Some(text) = value {
            rest.set(
                key,
                Object::String(PdfString::literal(&encode_text_string(text))),
            );
        }
    }
    if !reference.is_empty() {
        rest.set(b"Reference", Object::Array(reference));
    }
    if options.prop_build {
        // Adobe PDF Signature Build Dictionary Specification: /App names the signing software.
        let mut app = Dictionary::new();
        app.set(b"Name", name_object(b"kyso"));
        app.set(
            b"REx",
            Object::String(PdfString::literal(env!("CARGO_PKG_VERSION").as_bytes())),
        );
        let mut build = Dictionary::new();
        build.set(b"App", Object::Dictionary(app));
        rest.set(b"Prop_Build", Object::Dictionary(build));
    }
    for (key, value) in &rest.entries {
        out.push(b' ');
        write_name(&mut out, key);
        out.push(b' ');
        write_object(&mut out, value);
    }
    out.extend_from_slice(b" >>");
    SigDict {
        bytes: out,
        byte_range_at,
        byte_range_width,
        contents_at,
        contents_len,
    }
}

fn placeholder_byte_range() -> String {
    // "[0 " + three fields + "]"; the real array is written left-aligned and padded with
    // spaces (whitespace between tokens is free, §7.2.3).
    format!("[0 {}]", " ".repeat(3 * BYTE_RANGE_DIGITS + 2))
}

/// The ByteRange text for the given values, padded to `width`; `None` if it does not fit.
pub(crate) fn byte_range_text(values: [u64; 4], width: usize) -> Option<Vec<u8>> {
    let [a, b, c, d] = values;
    let mut text = format!("[{a} {b} {c} {d}]").into_bytes();
    if text.len() > width {
        return None;
    }
    text.resize(width, b' ');
    Some(text)
}

/// A PDF date (§7.9.4) in UTC: `D:YYYYMMDDHHmmSS+00'00'`.
pub(crate) fn pdf_date(t: &DateTime) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minutes(),
        t.seconds()
    )
}
