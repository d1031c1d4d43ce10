//! PDF verification (issue 11): every signature of a PDF (ISO 32000-2 §12.8, PAdES) from bytes
//! in memory or from a file read at offsets (a 1 GB PDF is never held whole), with per
//! signature accessors (field, kind, verdict, modification level) and the document's JSON and
//! text. Everything is core's `Verifier::verify_pdf_with` and `PdfReport`; this file converts.
//!
//! Strings returned by accessors are owned by the report and valid until it is freed; they are
//! UTF-8 and NUL-terminated. Accessors given NULL return NULL / 0 / false.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use kyso::{PdfReport, PdfSignatureReport, PdfSource, PdfVerifyOptions, SourceError};

use crate::bytes::cstring;
use crate::error::{Error, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, Out};
use crate::report::{
    indication_code, kyso_indication, kyso_lang, kyso_report, lang, lang_slot, opt_ptr,
    out_of_range, sub_cstring,
};

/// Whether `data` (the first bytes of a file; at least 1024 when the file has that many) is a
/// PDF by kyso's rule: `%PDF-` within the first kilobyte (ISO 32000-2 §7.5.2), the rule the CLI
/// uses to route a file to the PDF verifier. False for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_is_pdf(data: *const u8, len: usize) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or `len` readable bytes by the caller's contract (kyso.h).
        unsafe { ptr::bytes(data, len, "data") }.is_ok_and(kyso::is_pdf)
    })
}

/// The PDF options core takes: a password when one was given.
///
/// # Safety
/// NULL or `password_len` readable bytes (kyso.h).
unsafe fn pdf_options(password: *const u8, password_len: usize) -> Result<PdfVerifyOptions, Error> {
    // SAFETY: forwarded contract.
    let password = unsafe { ptr::opt_bytes(password, password_len, "password") }?;
    let options = PdfVerifyOptions::default();
    Ok(match password {
        Some(p) => options.with_password(p),
        None => options,
    })
}

/// Verify every signature of a PDF held in memory.
///
/// `password`/`password_len`: the password of an encrypted PDF, `(NULL, 0)` for none (the empty
/// user password is tried). Verification problems (a malformed file, a broken signature,
/// changes not permitted after signing) are not errors: they are in the report
/// (`kyso_pdf_report_indication`, findings in the JSON). The call fails only for bad arguments
/// or an unusable clock. On success `*report_out` is a new report (free with
/// `kyso_pdf_report_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_pdf(
    pdf: *const u8,
    pdf_len: usize,
    password: *const u8,
    password_len: usize,
    options: *const kyso_verify_options,
    report_out: *mut *mut kyso_pdf_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `pdf_len` readable bytes by the caller's contract (kyso.h).
        let pdf = unsafe { ptr::bytes(pdf, pdf_len, "pdf") }?;
        // SAFETY: NULL or `password_len` readable bytes by the caller's contract (kyso.h).
        let pdf_options = unsafe { pdf_options(password, password_len) }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let report = opts.with_session(|s| s.verify_pdf_with(&pdf, &pdf_options))?;
        out.write(ptr::into_raw(kyso_pdf_report::new(report)));
        Ok(())
    })
}

/// A file read at offsets: core's reader asks for the parts it needs (the xref sections, the
/// objects it resolves, the signed ranges in chunks), so memory stays bounded by the reader's
/// limits, not the file's size (issue 11 item 3).
struct FileSource {
    file: std::fs::File,
    len: u64,
}

impl PdfSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        let mut filled = 0usize;
        while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
            let at = offset
                .checked_add(u64::try_from(filled).unwrap_or(u64::MAX))
                .ok_or_else(|| SourceError::new("offset overflow"))?;
            let n = read_at(&self.file, rest, at).map_err(|e| SourceError::new(e.to_string()))?;
            if n == 0 {
                break;
            }
            filled = filled.saturating_add(n);
        }
        Ok(filled)
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// [`kyso_verify_pdf`] on the file at `path` (NUL-terminated; any bytes on Unix, UTF-8
/// elsewhere), read at offsets rather than whole. `KYSO_IO_ERROR` when it cannot be opened; a
/// read failing later is reported in the report (`pdf.source`…).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_pdf_file(
    path: *const c_char,
    password: *const u8,
    password_len: usize,
    options: *const kyso_verify_options,
    report_out: *mut *mut kyso_pdf_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let path = unsafe { ptr::path(path, "path") }?;
        // SAFETY: NULL or `password_len` readable bytes by the caller's contract (kyso.h).
        let pdf_options = unsafe { pdf_options(password, password_len) }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let io = |e: std::io::Error| {
            Error::new(
                kyso_result::KYSO_IO_ERROR,
                format!("{}: {e}", path.display()),
            )
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let source = FileSource { file, len };
        let report = opts.with_session(|s| s.verify_pdf_with(&source, &pdf_options))?;
        out.write(ptr::into_raw(kyso_pdf_report::new(report)));
        Ok(())
    })
}

// ------------------------------------------------------------------------------------------
// Signature reports
// ------------------------------------------------------------------------------------------

/// One signature of a PDF (borrowed from its report; never freed by itself).
pub struct kyso_pdf_signature_report {
    field: CString,
    kind: CString,
    sub_filter: CString,
    modification_level: CString,
    indication: kyso_indication,
    sub_indication: Option<CString>,
    revision: usize,
    covers_whole_document: bool,
    changes_permitted: bool,
    /// The CMS verdict over the covered bytes, with the signer accessors of `kyso_report`.
    cms: Option<kyso_report>,
    /// A document time-stamp's token verification.
    timestamp: Option<crate::timestamp::kyso_timestamp_report>,
}

impl kyso_pdf_signature_report {
    fn new(s: &PdfSignatureReport) -> Self {
        Self {
            field: cstring(&s.field),
            kind: cstring(s.kind.as_str()),
            sub_filter: cstring(&s.sub_filter),
            modification_level: cstring(s.modification_level.as_str()),
            indication: indication_code(s.indication),
            sub_indication: sub_cstring(s.sub_indication),
            revision: s.revision.unwrap_or(0),
            covers_whole_document: s.covers_whole_document,
            changes_permitted: s.changes_permitted,
            cms: s.cms.clone().map(kyso_report::new),
            timestamp: s
                .timestamp
                .clone()
                .map(crate::timestamp::kyso_timestamp_report::new),
        }
    }
}

/// Borrow a signature report.
///
/// # Safety
/// NULL or a live signature report (kyso.h).
unsafe fn sig<'a>(s: *const kyso_pdf_signature_report) -> Option<&'a kyso_pdf_signature_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(s, "signature") }.ok()
}

/// The signature field's fully qualified name (`a.b.c`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_field(
    signature: *const kyso_pdf_signature_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(std::ptr::null(), |s| s.field.as_ptr())
    })
}

/// What the signature is: "approval", "certification" or "document-timestamp".
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_kind(
    signature: *const kyso_pdf_signature_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(std::ptr::null(), |s| s.kind.as_ptr())
    })
}

/// The signature dictionary's /SubFilter ("adbe.pkcs7.detached", "ETSI.CAdES.detached", …).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_sub_filter(
    signature: *const kyso_pdf_signature_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(std::ptr::null(), |s| s.sub_filter.as_ptr())
    })
}

/// The highest change after this signature: "none", "signature-maintenance", "form-filling",
/// "annotations" or "other" (the JSON's `modification_level`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_modification_level(
    signature: *const kyso_pdf_signature_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(std::ptr::null(), |s| s.modification_level.as_ptr())
    })
}

/// Whether the changes after this signature are permitted by the certification's DocMDP and
/// the field locks (true when there are none).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_changes_permitted(
    signature: *const kyso_pdf_signature_report,
) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.is_some_and(|s| s.changes_permitted)
    })
}

/// Whether the signature covers the whole file as it is.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_covers_whole_document(
    signature: *const kyso_pdf_signature_report,
) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.is_some_and(|s| s.covers_whole_document)
    })
}

/// The revision the signature covers, 1-based; 0 when its coverage ends inside one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_revision(
    signature: *const kyso_pdf_signature_report,
) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(0, |s| s.revision)
    })
}

/// The verdict on this signature in this document: the CMS verdict, made worse by container
/// problems and by changes not permitted after it (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_indication(
    signature: *const kyso_pdf_signature_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(0, |s| s.indication)
    })
}

/// This signature's ETSI sub-indication, NULL when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_sub_indication(
    signature: *const kyso_pdf_signature_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }.map_or(std::ptr::null(), |s| opt_ptr(&s.sub_indication))
    })
}

/// The cryptographic verdict on the CMS signature over the covered bytes, unchanged, as a
/// CMS report (`kyso_report_signer` etc. give the signer): borrowed from the PDF report, valid
/// until it is freed, and never passed to `kyso_report_free`. NULL when /Contents held no
/// readable CMS.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_cms(
    signature: *const kyso_pdf_signature_report,
) -> *const kyso_report {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }
            .and_then(|s| s.cms.as_ref())
            .map_or(std::ptr::null(), std::ptr::from_ref)
    })
}

/// For a document time-stamp (kind "document-timestamp"), the verification of its RFC 3161
/// token over the covered bytes, borrowed from the PDF report (never passed to
/// `kyso_timestamp_report_free`); NULL for other signatures.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_signature_timestamp(
    signature: *const kyso_pdf_signature_report,
) -> *const crate::timestamp::kyso_timestamp_report {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signature report borrowed from a live report (kyso.h).
        unsafe { sig(signature) }
            .and_then(|s| s.timestamp.as_ref())
            .map_or(std::ptr::null(), std::ptr::from_ref)
    })
}

// ------------------------------------------------------------------------------------------
// PDF reports
// ------------------------------------------------------------------------------------------

/// The result of verifying one PDF. Immutable: may be read from several threads.
pub struct kyso_pdf_report {
    report: PdfReport,
    indication: kyso_indication,
    sub_indication: Option<CString>,
    signatures: Vec<kyso_pdf_signature_report>,
    json: OnceLock<CString>,
    text: [OnceLock<CString>; 2],
}

impl kyso_pdf_report {
    fn new(report: PdfReport) -> Self {
        Self {
            indication: indication_code(report.indication),
            sub_indication: sub_cstring(report.sub_indication),
            signatures: report
                .signatures
                .iter()
                .map(kyso_pdf_signature_report::new)
                .collect(),
            report,
            json: OnceLock::new(),
            text: [OnceLock::new(), OnceLock::new()],
        }
    }
}

/// Borrow a PDF report.
///
/// # Safety
/// NULL or a live PDF report (kyso.h).
unsafe fn pdf<'a>(r: *const kyso_pdf_report) -> Option<&'a kyso_pdf_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(r, "report") }.ok()
}

/// The document's indication: the worst of its signatures' (INDETERMINATE when it has none;
/// 0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_indication(
    report: *const kyso_pdf_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live PDF report (kyso.h).
        unsafe { pdf(report) }.map_or(0, |r| r.indication)
    })
}

/// The document's ETSI sub-indication (e.g. "SIGNED_DATA_NOT_FOUND" without signatures), NULL
/// when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_sub_indication(
    report: *const kyso_pdf_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live PDF report (kyso.h).
        unsafe { pdf(report) }.map_or(std::ptr::null(), |r| opt_ptr(&r.sub_indication))
    })
}

/// How many revisions the file has (the original plus incremental updates).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_revision_count(report: *const kyso_pdf_report) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live PDF report (kyso.h).
        unsafe { pdf(report) }.map_or(0, |r| r.report.revisions)
    })
}

/// Number of signatures (signature fields with a signature value) in the document.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_signature_count(report: *const kyso_pdf_report) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live PDF report (kyso.h).
        unsafe { pdf(report) }.map_or(0, |r| r.signatures.len())
    })
}

/// The signature at `index` (document order), borrowed from the report: valid until the report
/// is freed, never freed by itself.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_signature(
    report: *const kyso_pdf_report,
    index: usize,
    signature_out: *mut *const kyso_pdf_signature_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live PDF report (kyso.h).
        let r = unsafe { ptr::obj(report, "report") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signature_out, "signature_out") }?;
        let s = r
            .signatures
            .get(index)
            .ok_or_else(|| out_of_range(index, r.signatures.len()))?;
        out.write(std::ptr::from_ref(s));
        Ok(())
    })
}

/// The full report as JSON (stable field names and codes; the same JSON as `kyso verify
/// --json` on a PDF and the npm package's `verifyPdf`). Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_json(report: *const kyso_pdf_report) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live PDF report (kyso.h).
        unsafe { pdf(report) }.map_or(std::ptr::null(), |r| {
            r.json.get_or_init(|| cstring(&r.report.to_json())).as_ptr()
        })
    })
}

/// The report as text for people, in `lang` (`KYSO_LANG_VI` or `KYSO_LANG_EN`; NULL for another
/// value): kyso's one text, the same as `kyso verify` prints for a PDF. Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_text(
    report: *const kyso_pdf_report,
    lang: kyso_lang,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live PDF report (kyso.h).
        match (unsafe { pdf(report) }, self::lang(lang)) {
            (Some(r), Some(l)) => r.text.get(lang_slot(l)).map_or(std::ptr::null(), |slot| {
                slot.get_or_init(|| cstring(&r.report.to_text(l))).as_ptr()
            }),
            _ => std::ptr::null(),
        }
    })
}

/// Free a PDF report (and every signature report and CMS report borrowed from it). NULL is a
/// no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_report_free(report: *mut kyso_pdf_report) {
    ffi_value!((), {
        // SAFETY: NULL or a PDF report from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(report) }
    })
}
