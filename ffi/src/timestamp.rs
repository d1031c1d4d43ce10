//! Time-stamps (RFC 3161) and long-term signatures (issue 12 item 6): verifying a token,
//! getting one through the fetch callback (over data, or as a CMS signer's signature
//! time-stamp, CAdES B-T), and raising a CMS or a PDF to a baseline level (CAdES B-T/B-LT,
//! PAdES B-T/B-LT/B-LTA). Core decides everything (`Verifier::verify_timestamp`,
//! `TimestampClient`, `timestamp_signer`, `extend_cms`, `extend_pdf`: which steps a level
//! takes); this file converts arguments and results.
//!
//! Strings returned by accessors are owned by their object and valid until it is freed; they
//! are UTF-8 and NUL-terminated. Accessors given NULL return NULL / 0 / false.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use kyso::{ExtendLevel, Extended, PdfSignOptions, TimestampReport};

use crate::bytes::{cstring, kyso_bytes};
use crate::error::{Error, Result, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, OptOut, Out};
use crate::report::{
    indication_code, kyso_indication, kyso_lang, lang, lang_slot, opt_ptr, out_of_range,
    sub_cstring,
};

/// A baseline level (ETSI EN 319 122-1 CAdES, EN 319 142-1 PAdES; the numbers are core's,
/// `ExtendLevel::code`).
pub type kyso_level = u32;
/// B-T: a time-stamp (CMS: a signature time-stamp on every signer without one; PDF: a
/// document time-stamp when no signature is time-stamped yet).
pub const KYSO_LEVEL_B_T: kyso_level = 1;
/// B-LT: B-T plus the certificates and revocation data a verification used, embedded (CMS:
/// `certificates` and `crls`; PDF: the document security store).
pub const KYSO_LEVEL_B_LT: kyso_level = 2;
/// B-LTA: B-LT, an archive time-stamp (CMS: archive-time-stamp-v3 on every signer; PDF: a
/// document time-stamp), then the validation data of its TSA.
pub const KYSO_LEVEL_B_LTA: kyso_level = 3;

// ------------------------------------------------------------------------------------------
// Time-stamp reports
// ------------------------------------------------------------------------------------------

/// The verification of one time-stamp token. Immutable: may be read from several threads.
/// Made by `kyso_verify_timestamp`, `kyso_timestamp` and `kyso_timestamp_signature` (freed
/// with `kyso_timestamp_report_free`), or borrowed from a report (never freed by itself).
pub struct kyso_timestamp_report {
    report: TimestampReport,
    indication: kyso_indication,
    sub_indication: Option<CString>,
    gen_time: Option<i64>,
    json: OnceLock<CString>,
    text: [OnceLock<CString>; 2],
}

impl kyso_timestamp_report {
    pub(crate) fn new(report: TimestampReport) -> Self {
        Self {
            indication: indication_code(report.indication),
            sub_indication: sub_cstring(report.sub_indication),
            gen_time: report.gen_time.as_ref().map(crate::env::to_unix),
            report,
            json: OnceLock::new(),
            text: [OnceLock::new(), OnceLock::new()],
        }
    }
}

/// Borrow a time-stamp report.
///
/// # Safety
/// NULL or a live time-stamp report (kyso.h).
unsafe fn ts<'a>(r: *const kyso_timestamp_report) -> Option<&'a kyso_timestamp_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(r, "report") }.ok()
}

/// The token's indication: TOTAL-PASSED when the token, its TSA's signature and chain (at
/// genTime) verified and it time-stamps the data (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_indication(
    report: *const kyso_timestamp_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live time-stamp report (kyso.h).
        unsafe { ts(report) }.map_or(0, |r| r.indication)
    })
}

/// The token's ETSI sub-indication (e.g. "HASH_FAILURE" for a token over other data), NULL
/// when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_sub_indication(
    report: *const kyso_timestamp_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live time-stamp report (kyso.h).
        unsafe { ts(report) }.map_or(std::ptr::null(), |r| opt_ptr(&r.sub_indication))
    })
}

/// The time the token proves (its genTime, to the second), seconds since 1970.
/// `KYSO_NOT_PRESENT` when the token could not be read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_gen_time(
    report: *const kyso_timestamp_report,
    unix_seconds_out: *mut i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: a live time-stamp report by the caller's contract (kyso.h).
        let r = unsafe { ptr::obj(report, "report") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(unix_seconds_out, "unix_seconds_out") }?;
        let t = r.gen_time.ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_NOT_PRESENT,
                "the token could not be read: no genTime",
            )
        })?;
        out.write(t);
        Ok(())
    })
}

/// The report as JSON (stable field names and codes: the `timestamps` entries of a signer in
/// `kyso_report_json`, and `kyso verify --json` on a token). Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_json(
    report: *const kyso_timestamp_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live time-stamp report (kyso.h).
        unsafe { ts(report) }.map_or(std::ptr::null(), |r| {
            r.json.get_or_init(|| cstring(&r.report.to_json())).as_ptr()
        })
    })
}

/// The report as text for people in `lang` (`KYSO_LANG_VI` or `KYSO_LANG_EN`; NULL for another
/// value): kyso's one text, as `kyso verify` prints for a token. Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_text(
    report: *const kyso_timestamp_report,
    lang: kyso_lang,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live time-stamp report (kyso.h).
        match (unsafe { ts(report) }, self::lang(lang)) {
            (Some(r), Some(l)) => r.text.get(lang_slot(l)).map_or(std::ptr::null(), |slot| {
                slot.get_or_init(|| cstring(&r.report.to_text(l))).as_ptr()
            }),
            _ => std::ptr::null(),
        }
    })
}

/// Free a time-stamp report made by a call (not one borrowed from a report). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_report_free(report: *mut kyso_timestamp_report) {
    ffi_value!((), {
        // SAFETY: NULL or a time-stamp report from libkyso, freed once (kyso.h).
        unsafe { ptr::free(report) }
    })
}

// ------------------------------------------------------------------------------------------
// Verifying and getting time-stamps
// ------------------------------------------------------------------------------------------

/// Whether `data` is an RFC 3161 time-stamp token (DER, BER or PEM) or a TSA's
/// TimeStampResp rather than a signature: what `kyso_verify_timestamp` is for. False for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_is_timestamp_token(data: *const u8, len: usize) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or `len` readable bytes by the caller's contract (kyso.h).
        unsafe { ptr::bytes(data, len, "data") }.is_ok_and(kyso::is_timestamp_token)
    })
}

/// Verify the time-stamp `token` (a token or a TSA's TimeStampResp holding one) over `data`,
/// the time-stamped bytes: the imprint, the TSA's signature and ESS binding, and its
/// certificate and chain for id-kp-timeStamping at the token's genTime, with the options'
/// anchors, evidence and fetch callback. Problems are in the report, not errors; the call
/// fails only for bad arguments or an unusable clock. On success `*report_out` is a new
/// report (free with `kyso_timestamp_report_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_timestamp(
    token: *const u8,
    token_len: usize,
    data: *const u8,
    data_len: usize,
    options: *const kyso_verify_options,
    report_out: *mut *mut kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `token_len` readable bytes by the caller's contract (kyso.h).
        let token = unsafe { ptr::bytes(token, token_len, "token") }?;
        // SAFETY: `data_len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, data_len, "data") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let report = opts.with_session(|s| s.verify_timestamp(token, data))?;
        out.write(ptr::into_raw(kyso_timestamp_report::new(report)));
        Ok(())
    })
}

/// Get a time-stamp token over `data` from the options' TSA (`kyso_verify_options_set_tsa`)
/// through the fetch callback. On success `*token_out` is the token (a DER ContentInfo that
/// `openssl ts -verify -token_in` reads; free with `kyso_bytes_free`) and, when `report_out`
/// is not NULL, `*report_out` its report (free with `kyso_timestamp_report_free`). No TSA:
/// `KYSO_NO_TSA`; unreachable, or an answer that is not this request's token:
/// `KYSO_TIMESTAMP_FAILED` (`kyso_last_error_code` `tsp.unreachable`, `tsp.not-taken`, …).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp(
    data: *const u8,
    data_len: usize,
    options: *const kyso_verify_options,
    token_out: *mut *mut kyso_bytes,
    report_out: *mut *mut kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `data_len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, data_len, "data") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let token_out = unsafe { Out::new(token_out, "token_out") }?;
        // SAFETY: NULL or a writable pointer by the caller's contract (kyso.h).
        let report_out = unsafe { OptOut::new(report_out) };
        let (token, report) = opts.with_stamping(|_, stamping| {
            let s = stamping.ok_or_else(no_tsa)?;
            s.client()
                .timestamp(data, s.verifier(), &mut crate::env::rng())
                .map_err(Error::from)
        })??;
        token_out.write(ptr::into_raw(kyso_bytes { data: token }));
        report_out.write_new(kyso_timestamp_report::new(report));
        Ok(())
    })
}

/// CAdES B-T: a signature time-stamp from the options' TSA over signer `signer_index`'s
/// signature value, added to the CMS SignedData `cms` as an unsigned attribute (every other
/// byte kept; the signer set is re-sorted as DER requires, so indexes may change). On success
/// `*cms_out` is the new SignedData (DER; free with `kyso_bytes_free`) and, when `report_out`
/// is not NULL, `*report_out` the token's report. Fails as `kyso_timestamp`; an unreadable
/// `cms` gives `KYSO_MALFORMED_CMS`, an index past the signers `KYSO_CMS_BUILD_ERROR`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_timestamp_signature(
    cms: *const u8,
    cms_len: usize,
    signer_index: usize,
    options: *const kyso_verify_options,
    cms_out: *mut *mut kyso_bytes,
    report_out: *mut *mut kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `cms_len` readable bytes by the caller's contract (kyso.h).
        let cms = unsafe { ptr::bytes(cms, cms_len, "cms") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let cms_out = unsafe { Out::new(cms_out, "cms_out") }?;
        // SAFETY: NULL or a writable pointer by the caller's contract (kyso.h).
        let report_out = unsafe { OptOut::new(report_out) };
        let (stamped, report) = opts.with_stamping(|_, stamping| {
            let s = stamping.ok_or_else(no_tsa)?;
            kyso::timestamp_signer(
                cms,
                signer_index,
                s.client(),
                s.verifier(),
                &mut crate::env::rng(),
            )
            .map_err(Error::from)
        })??;
        cms_out.write(ptr::into_raw(kyso_bytes { data: stamped }));
        report_out.write_new(kyso_timestamp_report::new(report));
        Ok(())
    })
}

fn no_tsa() -> Error {
    Error::new(
        kyso_result::KYSO_NO_TSA,
        "no time-stamp authority is set (kyso_verify_options_set_tsa)",
    )
}

// ------------------------------------------------------------------------------------------
// Extending signatures
// ------------------------------------------------------------------------------------------

/// What `kyso_extend_cms` / `kyso_extend_pdf` made: the extended signature or document, the
/// time-stamps taken, and what validation data was embedded or is missing. Immutable.
pub struct kyso_extended {
    data: Vec<u8>,
    complete: bool,
    timestamps: Vec<kyso_timestamp_report>,
    json: CString,
}

impl kyso_extended {
    fn new(extended: Extended, data: Vec<u8>) -> Self {
        Self {
            complete: extended.is_complete(),
            json: cstring(&extended.to_json()),
            timestamps: extended
                .timestamps
                .into_iter()
                .map(kyso_timestamp_report::new)
                .collect(),
            data,
        }
    }
}

fn level(l: kyso_level) -> Result<ExtendLevel> {
    ExtendLevel::from_code(l).ok_or_else(|| {
        Error::invalid(
            "level",
            format!("{l} is not KYSO_LEVEL_B_T, KYSO_LEVEL_B_LT or KYSO_LEVEL_B_LTA"),
        )
    })
}

/// Raise the CMS SignedData `cms` (DER, BER or PEM; `content` the detached content or
/// `(NULL, 0)`) to `level`, `KYSO_LEVEL_B_T` or `KYSO_LEVEL_B_LT` (ETSI EN 319 122-1): every
/// signer without a signature time-stamp gets one from the options' TSA (needed only then);
/// for B-LT the certificates, CRLs and OCSP responses that a verification with the options'
/// anchors, evidence and fetch callback used are added to the SignedData's `certificates` and
/// `crls`. Signed bytes never change. Data that could not be found is not an error: the
/// result is made and says so (`kyso_extended_complete`, `missing` in `kyso_extended_json`).
/// Fails with `KYSO_NO_TSA` (a signer needs a time-stamp and no TSA is set),
/// `KYSO_TIMESTAMP_FAILED`, `KYSO_MALFORMED_CMS` (also a detached signature raised to B-LTA
/// without its content: the archive time-stamp covers it), `KYSO_INVALID_PARAMETER` (an
/// unknown level). On success `*extended_out` is new (free with
/// `kyso_extended_free`); `kyso_extended_data` is the new SignedData (DER).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extend_cms(
    cms: *const u8,
    cms_len: usize,
    content: *const u8,
    content_len: usize,
    level: kyso_level,
    options: *const kyso_verify_options,
    extended_out: *mut *mut kyso_extended,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `cms_len` readable bytes by the caller's contract (kyso.h).
        let cms = unsafe { ptr::bytes(cms, cms_len, "cms") }?;
        // SAFETY: NULL or `content_len` readable bytes by the caller's contract (kyso.h).
        let content = unsafe { ptr::opt_bytes(content, content_len, "content") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(extended_out, "extended_out") }?;
        let level = self::level(level)?;
        let extended = opts.with_stamping(|session, stamping| {
            kyso::extend_cms(
                cms,
                content,
                level,
                session,
                stamping,
                &mut crate::env::rng(),
            )
        })??;
        let data = extended.bytes.clone();
        out.write(ptr::into_raw(kyso_extended::new(extended, data)));
        Ok(())
    })
}

/// Raise the PDF `pdf` to `level` (ETSI EN 319 142-1), each step an incremental update:
/// `KYSO_LEVEL_B_T` adds a document time-stamp when no signature is time-stamped yet;
/// `KYSO_LEVEL_B_LT` puts the validation data of every signature and time-stamp (verified with
/// the options) into the document security store; `KYSO_LEVEL_B_LTA` does B-LT, adds a
/// document time-stamp, then its TSA's validation data. The time written into a document
/// time-stamp is the options' current time. `kyso_extended_data` is the whole new PDF: the
/// `pdf_len` input bytes unchanged, then the updates (the input alone when nothing was
/// needed). Fails as `kyso_extend_cms`, and with `KYSO_MALFORMED_PDF` /
/// `KYSO_PDF_SIGNING_REFUSED` for a PDF that cannot take an update (encrypted, damaged,
/// certified with DocMDP P=1: `pdf.sign.docmdp-forbids`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extend_pdf(
    pdf: *const u8,
    pdf_len: usize,
    level: kyso_level,
    options: *const kyso_verify_options,
    extended_out: *mut *mut kyso_extended,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `pdf_len` readable bytes by the caller's contract (kyso.h).
        let pdf = unsafe { ptr::bytes(pdf, pdf_len, "pdf") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(extended_out, "extended_out") }?;
        let level = self::level(level)?;
        let sign_options = PdfSignOptions::new(opts.now()?);
        let extended = opts.with_stamping(|session, stamping| {
            kyso::extend_pdf(
                &pdf,
                level,
                &sign_options,
                session,
                stamping,
                &mut crate::env::rng(),
            )
        })??;
        let data = [pdf, extended.bytes.as_slice()].concat();
        out.write(ptr::into_raw(kyso_extended::new(extended, data)));
        Ok(())
    })
}

/// Borrow an extension result.
///
/// # Safety
/// NULL or a live extension result (kyso.h).
unsafe fn ext<'a>(e: *const kyso_extended) -> Option<&'a kyso_extended> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(e, "extended") }.ok()
}

/// Pointer to the extended signature or document (valid until `kyso_extended_free`); NULL for
/// NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_data(extended: *const kyso_extended) -> *const u8 {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live extension result (kyso.h).
        unsafe { ext(extended) }.map_or(std::ptr::null(), |e| e.data.as_ptr())
    })
}

/// Its length in bytes (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_len(extended: *const kyso_extended) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live extension result (kyso.h).
        unsafe { ext(extended) }.map_or(0, |e| e.data.len())
    })
}

/// Whether every validation data step found all it needed (always true for B-T; false for
/// NULL). When false, `kyso_extended_json` lists what is missing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_complete(extended: *const kyso_extended) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or a live extension result (kyso.h).
        unsafe { ext(extended) }.is_some_and(|e| e.complete)
    })
}

/// How many time-stamps were taken.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_timestamp_count(extended: *const kyso_extended) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live extension result (kyso.h).
        unsafe { ext(extended) }.map_or(0, |e| e.timestamps.len())
    })
}

/// The report of the time-stamp taken at `index` (in the order they were added), borrowed
/// from the result: never passed to `kyso_timestamp_report_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_timestamp(
    extended: *const kyso_extended,
    index: usize,
    report_out: *mut *const kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: a live extension result by the caller's contract (kyso.h).
        let e = unsafe { ptr::obj(extended, "extended") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let r = e
            .timestamps
            .get(index)
            .ok_or_else(|| out_of_range(index, e.timestamps.len()))?;
        out.write(std::ptr::from_ref(r));
        Ok(())
    })
}

/// What was done, as JSON with stable names: `level`, `complete`, `timestamps` (each a
/// time-stamp report), `validation_data` (per B-LT step: `certificates`, `crls`,
/// `ocsp_responses` counts and the `missing` findings with their codes, e.g.
/// `ltv.no-revocation-data`). Owned by the result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_json(extended: *const kyso_extended) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live extension result (kyso.h).
        unsafe { ext(extended) }.map_or(std::ptr::null(), |e| e.json.as_ptr())
    })
}

/// Free an extension result (and the time-stamp reports borrowed from it). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_extended_free(extended: *mut kyso_extended) {
    ffi_value!((), {
        // SAFETY: NULL or an extension result from libkyso, freed once (kyso.h).
        unsafe { ptr::free(extended) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `KYSO_LEVEL_*` constants (ABI) are core's numbers.
    #[test]
    fn level_constants_are_core_numbers() {
        assert_eq!(level(KYSO_LEVEL_B_T).unwrap(), ExtendLevel::BT);
        assert_eq!(level(KYSO_LEVEL_B_LT).unwrap(), ExtendLevel::BLt);
        assert_eq!(level(KYSO_LEVEL_B_LTA).unwrap(), ExtendLevel::BLta);
        assert!(level(0).is_err());
    }
}
