//! PDF signing (issue 11 item 7): one shot with any signer (a software key, a C callback for
//! tokens), or two-phase (prepare → the bytes to sign → finish) for certificate-only signers.
//! Core does everything (`kyso::sign_pdf`, `kyso::sign_pdf_with`, `prepare_pdf_signature`,
//! `PreparedPdfSignature`): the signed PDF is the input followed by an incremental update
//! (ISO 32000-2 §7.5.6, §12.8), so the input is a byte-identical prefix of the output. With a
//! signature time-stamp (`kyso_sign_pdf_timestamped`, core's `sign_pdf_timestamped`) the TSA
//! comes from verify options as for `kyso_timestamp_signature`. This file converts C arguments
//! to core's `PdfSignOptions` and core's results to `kyso_bytes`.

use std::ffi::{c_char, c_int};

use kyso::{
    CmsError, DateTime, DocMdpPermission, PdfRect, PdfSignOptions, PdfSubFilter, PdfTimestamping,
    PdfUpdate, PreparedPdfSignature, RustCryptoProvider, Signer as _, TimestampReport,
};

use crate::bytes::kyso_bytes;
use crate::error::{Error, Result, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, OptOut, Out};
use crate::sign::{
    Key, SignerInner, alg_from_scheme, call_callback, kyso_sig_alg, kyso_sign_input, kyso_signer,
    sign_input,
};
use crate::timestamp::kyso_timestamp_report;

/// A PDF signature's encoding (`/SubFilter`, ISO 32000-2 §12.8.3.1; the numbers are core's,
/// `PdfSubFilter::code`).
pub type kyso_pdf_subfilter = u32;
/// `adbe.pkcs7.detached`: a detached CMS with the signing-time attribute (what Ban Cơ yếu's
/// tools write). The default.
pub const KYSO_PDF_SUBFILTER_PKCS7: kyso_pdf_subfilter = 0;
/// `ETSI.CAdES.detached`: PAdES baseline B-B (ETSI EN 319 142-1 §6.3), no signing-time
/// attribute (the time is the signature dictionary's `/M`).
pub const KYSO_PDF_SUBFILTER_CADES: kyso_pdf_subfilter = 1;

/// How to sign a PDF. Defaults: `adbe.pkcs7.detached`, an approval signature in a new invisible
/// field (`Signature1`, `Signature2`, … the first free name) on page 1, signing time = the
/// system clock, the signer's chain certificates included, no reason, location or contact.
#[derive(Clone, Debug)]
pub struct kyso_pdf_sign_options {
    sub_filter: PdfSubFilter,
    certify: Option<DocMdpPermission>,
    field: Option<String>,
    page: u32,
    rect: Option<PdfRect>,
    reason: Option<String>,
    location: Option<String>,
    contact: Option<String>,
    signing_time: Option<DateTime>,
    include_chain: bool,
    /// Room for a signature time-stamp added at the second phase.
    timestamp_room: bool,
}

impl Default for kyso_pdf_sign_options {
    fn default() -> Self {
        Self {
            sub_filter: PdfSubFilter::default(),
            certify: None,
            field: None,
            page: 1,
            rect: None,
            reason: None,
            location: None,
            contact: None,
            signing_time: None,
            include_chain: true,
            timestamp_room: false,
        }
    }
}

impl kyso_pdf_sign_options {
    /// Core's options for `signer` (the clock read here when no time was set).
    fn core(&self, signer: &SignerInner) -> Result<PdfSignOptions> {
        let time = match self.signing_time {
            Some(t) => t,
            None => crate::env::now()?,
        };
        let mut o = PdfSignOptions::new(time);
        o.sub_filter = self.sub_filter;
        o.certify = self.certify;
        o.field.clone_from(&self.field);
        o.page = self.page;
        o.rect = self.rect;
        o.reason.clone_from(&self.reason);
        o.location.clone_from(&self.location);
        o.contact_info.clone_from(&self.contact);
        if self.include_chain {
            o.chain.clone_from(&signer.chain);
        }
        if self.timestamp_room {
            o.reserve_timestamp_room();
        }
        Ok(o)
    }
}

/// New PDF sign options with the defaults.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_new(
    options_out: *mut *mut kyso_pdf_sign_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(options_out, "options_out") }?;
        out.write(ptr::into_raw(kyso_pdf_sign_options::default()));
        Ok(())
    })
}

/// Borrow options to change.
///
/// # Safety
/// A live, unshared options object (kyso.h).
unsafe fn opts_mut<'a>(p: *mut kyso_pdf_sign_options) -> Result<&'a mut kyso_pdf_sign_options> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj_mut(p, "options") }
}

/// A NUL-terminated UTF-8 string, NULL meaning "unset".
///
/// # Safety
/// NULL or a NUL-terminated string (kyso.h).
unsafe fn opt_string(p: *const c_char, name: &str) -> Result<Option<String>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: not NULL; NUL-terminated by the caller's contract.
    Ok(Some(unsafe { ptr::str(p, name) }?.to_owned()))
}

/// The signature field: an existing empty signature field of this (fully qualified) name, else
/// a new field so named. NULL: a new field with the first free name `SignatureN`. A name that
/// cannot be a field's (empty, a period in it) is refused when signing
/// (`KYSO_INVALID_PARAMETER`, `pdf.sign.field-name-invalid`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_field(
    options: *mut kyso_pdf_sign_options,
    name: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        o.field = unsafe { opt_string(name, "name") }?;
        Ok(())
    })
}

/// Make a new field visible on page `page` (1-based) at `x`, `y` (from the bottom-left corner
/// of the page as the reader sees it: CropBox and /Rotate taken into account), `width` ×
/// `height`, in PDF points (1/72 inch). The widget has no appearance yet (an empty box).
/// Checked when signing: a page the document does not have, or a width or height that is not
/// a positive number, fails with `KYSO_INVALID_PARAMETER` (`pdf.sign.page-out-of-range`,
/// `pdf.sign.bad-rect`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_rect(
    options: *mut kyso_pdf_sign_options,
    page: u32,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.page = page;
        o.rect = Some(PdfRect::new(x, y, width, height));
        Ok(())
    })
}

/// Certify the document (DocMDP, ISO 32000-2 §12.8.2.2) with permission `level`: 1 no changes,
/// 2 form filling and signing (what Vietnamese e-documents use), 3 also annotations; 0 makes it
/// an approval signature again. Another value fails with `KYSO_INVALID_PARAMETER`
/// (`pdf.sign.bad-certification-level`). Only the first signature of a document can certify
/// it (else signing fails with `KYSO_PDF_SIGNING_REFUSED`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_certification(
    options: *mut kyso_pdf_sign_options,
    level: c_int,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.certify = match level {
            0 => None,
            l => Some(DocMdpPermission::from_level(i64::from(l))?),
        };
        Ok(())
    })
}

/// The encoding: `KYSO_PDF_SUBFILTER_PKCS7` (default) or `KYSO_PDF_SUBFILTER_CADES`. Another
/// value fails with `KYSO_INVALID_PARAMETER` (`pdf.sign.unknown-subfilter`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_sub_filter(
    options: *mut kyso_pdf_sign_options,
    sub_filter: kyso_pdf_subfilter,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.sub_filter = PdfSubFilter::from_code(sub_filter)?;
        Ok(())
    })
}

/// `/Reason` (why the document is signed; UTF-8, NULL to leave it out).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_reason(
    options: *mut kyso_pdf_sign_options,
    reason: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        o.reason = unsafe { opt_string(reason, "reason") }?;
        Ok(())
    })
}

/// `/Location` (where it is signed; UTF-8, NULL to leave it out).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_location(
    options: *mut kyso_pdf_sign_options,
    location: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        o.location = unsafe { opt_string(location, "location") }?;
        Ok(())
    })
}

/// `/ContactInfo` (how to reach the signer; UTF-8, NULL to leave it out).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_contact(
    options: *mut kyso_pdf_sign_options,
    contact: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        o.contact = unsafe { opt_string(contact, "contact") }?;
        Ok(())
    })
}

/// The signing time, in seconds since 1970, instead of the system clock: `/M`, and with
/// `adbe.pkcs7.detached` the signing-time attribute too.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_signing_time(
    options: *mut kyso_pdf_sign_options,
    unix_seconds: i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.signing_time = Some(crate::env::from_unix(unix_seconds, "unix_seconds")?);
        Ok(())
    })
}

/// Whether to put the signer's chain certificates into the signature (default true; the
/// signer's own certificate is always included).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_set_include_chain(
    options: *mut kyso_pdf_sign_options,
    include: bool,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.include_chain = include;
        Ok(())
    })
}

/// Reserve room in `/Contents` for a signature time-stamp added at the second phase
/// (`kyso_pdf_prepared_finish_timestamped`), as `kyso_sign_pdf_timestamped` does by itself.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_reserve_timestamp_room(
    options: *mut kyso_pdf_sign_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.timestamp_room = true;
        Ok(())
    })
}

/// Free PDF sign options. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_sign_options_free(options: *mut kyso_pdf_sign_options) {
    ffi_value!((), {
        // SAFETY: NULL or options from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(options) }
    })
}

/// The arguments `kyso_sign_pdf` and `kyso_prepare_pdf` share: the signer, the PDF and the
/// options (NULL: defaults) made into core's.
///
/// # Safety
/// A live signer, `pdf_len` readable bytes at `pdf`, NULL or live options (kyso.h).
unsafe fn pdf_args<'a>(
    signer: *const kyso_signer,
    pdf: *const u8,
    pdf_len: usize,
    options: *const kyso_pdf_sign_options,
) -> Result<(&'a SignerInner, &'a [u8], PdfSignOptions)> {
    // SAFETY: live signer by the caller's contract (kyso.h).
    let s: &'a kyso_signer = unsafe { ptr::obj(signer, "signer") }?;
    // SAFETY: `pdf_len` readable bytes by the caller's contract (kyso.h).
    let pdf = unsafe { ptr::bytes(pdf, pdf_len, "pdf") }?;
    // SAFETY: NULL or live options (kyso.h).
    let opts = unsafe { ptr::obj(options, "options") }
        .cloned()
        .unwrap_or_default();
    let core = opts.core(&s.inner)?;
    Ok((&s.inner, pdf, core))
}

/// Sign the PDF `pdf` in one step with a software key or a callback signer (a certificate-only
/// signer gives `KYSO_WRONG_MODE`: use `kyso_prepare_pdf`). On success `*signed_out` is the
/// signed PDF: the `pdf_len` input bytes unchanged, followed by an incremental update with the
/// signature (free with `kyso_bytes_free`). `options` may be NULL (defaults).
///
/// Refused: input that is not a readable PDF (`KYSO_MALFORMED_PDF`); an encrypted or damaged
/// PDF, certification of an already signed document, a signed or non-signature field
/// (`KYSO_PDF_SIGNING_REFUSED`); bad options (`KYSO_INVALID_PARAMETER`).
/// `kyso_last_error_code` gives core's `pdf.sign.*` code, `kyso_last_error_text` its sentence.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_pdf(
    signer: *const kyso_signer,
    pdf: *const u8,
    pdf_len: usize,
    options: *const kyso_pdf_sign_options,
    signed_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        let (inner, pdf, opts) = unsafe { pdf_args(signer, pdf, pdf_len, options) }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signed_out, "signed_out") }?;
        let (update, _) = sign_one_shot(inner, pdf, &opts, None)?;
        out.write(ptr::into_raw(kyso_bytes {
            data: update.signed_pdf(pdf)?,
        }));
        Ok(())
    })
}

/// One-step signing with a software key or a callback signer, the CMS time-stamped before
/// embedding when `timestamping` is given: core's `sign_pdf_timestamped` for every key kind.
fn sign_one_shot(
    inner: &SignerInner,
    pdf: &[u8],
    opts: &PdfSignOptions,
    timestamping: Option<PdfTimestamping<'_>>,
) -> Result<(PdfUpdate, Option<TimestampReport>)> {
    let mut rng = crate::env::rng();
    let mut sign = |p: &PreparedPdfSignature| -> Result<Vec<u8>> {
        match &inner.key {
            Key::Software(k) => k
                .sign(p.to_be_signed(), &mut rng)
                .map_err(|e| Error::from(CmsError::from(e))),
            Key::Callback(cb) => {
                let form = sign_input(cb.input, inner.scheme)?;
                call_callback(cb, inner.scheme, p.input(form)?)
            }
            Key::External => Err(Error::new(
                kyso_result::KYSO_WRONG_MODE,
                "a certificate-only signer signs in two phases: use kyso_prepare_pdf / \
                 kyso_pdf_prepared_finish",
            )),
        }
    };
    kyso::sign_pdf_timestamped(
        &pdf,
        &inner.certificate,
        inner.scheme,
        opts,
        &RustCryptoProvider,
        &mut sign,
        timestamping,
    )
}

/// Sign the PDF `pdf` in one step as `kyso_sign_pdf` does, with a signature time-stamp added
/// to the signature before it is embedded: PAdES B-T with `KYSO_PDF_SUBFILTER_CADES` (ETSI EN
/// 319 142-1); with the default `adbe.pkcs7.detached`, a signature Adobe Reader shows as
/// time-stamped.
/// The time-stamp authority, its policy and the fetch callback that reaches it are those of
/// `tsa_options` (`kyso_verify_options_set_tsa`, `_set_tsa_policy`, `_set_fetch_callback`, as
/// for `kyso_timestamp_signature`); the TSA's answer is checked against the request, and its
/// chain with `tsa_options`' anchors, before the token is taken. On success `*signed_out` is
/// the signed PDF (the `pdf_len` input bytes unchanged, then the incremental update; free with
/// `kyso_bytes_free`) and, when `report_out` is not NULL, `*report_out` the token's report
/// (free with `kyso_timestamp_report_free`).
///
/// Fails as `kyso_sign_pdf`, and: no TSA set on `tsa_options`: `KYSO_NO_TSA`
/// (`extend.needs-tsa`); the TSA
/// unreachable, or an answer that is not this request's token: `KYSO_TIMESTAMP_FAILED`
/// (`kyso_last_error_code` `tsp.unreachable`, `tsp.not-taken`, …). Nothing is written to
/// `*signed_out` then: a signature is never embedded without the time-stamp asked for.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_pdf_timestamped(
    signer: *const kyso_signer,
    pdf: *const u8,
    pdf_len: usize,
    options: *const kyso_pdf_sign_options,
    tsa_options: *const kyso_verify_options,
    signed_out: *mut *mut kyso_bytes,
    report_out: *mut *mut kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        let (inner, pdf, opts) = unsafe { pdf_args(signer, pdf, pdf_len, options) }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let tsa = unsafe { ptr::obj(tsa_options, "tsa_options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signed_out, "signed_out") }?;
        // SAFETY: NULL or a writable pointer by the caller's contract (kyso.h).
        let report_out = unsafe { OptOut::new(report_out) };
        let (update, report) = tsa.with_stamping(|_, stamping| {
            // Core's sentence: a signature time-stamp is what PAdES B-T adds.
            let stamping = stamping.ok_or(kyso::ExtendError::NeedsTsa {
                level: kyso::ExtendLevel::BT,
            })?;
            let mut rng = crate::env::rng();
            sign_one_shot(
                inner,
                pdf,
                &opts,
                Some(PdfTimestamping::new(stamping, &mut rng)),
            )
        })??;
        // Core reports the token it embedded whenever it was asked to time-stamp.
        let report = report.ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_INTERNAL_ERROR,
                "the signature was made without its time-stamp report",
            )
        })?;
        out.write(ptr::into_raw(kyso_bytes {
            data: update.signed_pdf(pdf)?,
        }));
        report_out.write_new(kyso_timestamp_report::new(report));
        Ok(())
    })
}

/// The first phase of two-phase PDF signing: the incremental update with its `/Contents`
/// placeholder, and what to sign. It does not keep the PDF: `kyso_pdf_prepared_finish` is
/// given the same PDF again. Can be saved with `kyso_pdf_prepared_to_bytes`.
pub struct kyso_pdf_prepared {
    prepared: PreparedPdfSignature,
}

/// First phase: everything but the signature value, with any signer (for a certificate-only
/// signer it is the only way). Give `kyso_pdf_prepared_input` to the token or service, then
/// its signature and the same PDF to `kyso_pdf_prepared_finish`. Fails as `kyso_sign_pdf`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepare_pdf(
    signer: *const kyso_signer,
    pdf: *const u8,
    pdf_len: usize,
    options: *const kyso_pdf_sign_options,
    prepared_out: *mut *mut kyso_pdf_prepared,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        let (inner, pdf, opts) = unsafe { pdf_args(signer, pdf, pdf_len, options) }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(prepared_out, "prepared_out") }?;
        let prepared = kyso::prepare_pdf_signature(
            &pdf,
            &inner.certificate,
            inner.scheme,
            &opts,
            &RustCryptoProvider,
        )?;
        out.write(ptr::into_raw(kyso_pdf_prepared { prepared }));
        Ok(())
    })
}

/// The bytes to sign, in the form asked for (`KYSO_SIGN_INPUT_MESSAGE`, `_DIGEST`,
/// `_DIGEST_INFO`), borrowed from the prepared signature.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_input(
    prepared: *const kyso_pdf_prepared,
    input: kyso_sign_input,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let data_out = unsafe { Out::new(data_out, "data_out") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let len_out = unsafe { Out::new(len_out, "len_out") }?;
        let bytes = p.prepared.input(sign_input(input, p.prepared.scheme())?)?;
        data_out.write(bytes.as_ptr());
        len_out.write(bytes.len());
        Ok(())
    })
}

/// The algorithm the signature must be made with.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_algorithm(
    prepared: *const kyso_pdf_prepared,
) -> kyso_sig_alg {
    ffi_value!(crate::sign::KYSO_SIG_DEFAULT, {
        // SAFETY: NULL or a live prepared signature (kyso.h).
        unsafe { ptr::obj(prepared, "prepared") }.map_or(crate::sign::KYSO_SIG_DEFAULT, |p| {
            alg_from_scheme(p.prepared.scheme())
        })
    })
}

/// Second phase: check `signature` (over `kyso_pdf_prepared_input`; ECDSA as DER or raw
/// `r ‖ s`) against the certificate, put the CMS into the update and return the signed PDF:
/// `pdf` (the same bytes that were prepared) followed by the update. A signature that does not
/// verify gives `KYSO_EXTERNAL_SIGNATURE_INVALID` (retry with the right one); a PDF of another
/// length than the prepared one, or a signature larger than the room prepared for it, gives
/// `KYSO_PDF_PREPARED_MISMATCH`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_finish(
    prepared: *const kyso_pdf_prepared,
    pdf: *const u8,
    pdf_len: usize,
    signature: *const u8,
    signature_len: usize,
    signed_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: `pdf_len` readable bytes by the caller's contract (kyso.h).
        let pdf = unsafe { ptr::bytes(pdf, pdf_len, "pdf") }?;
        // SAFETY: `signature_len` readable bytes by the caller's contract (kyso.h).
        let signature = unsafe { ptr::bytes(signature, signature_len, "signature") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signed_out, "signed_out") }?;
        let data = p.prepared.finish_pdf(pdf, signature, &RustCryptoProvider)?;
        out.write(ptr::into_raw(kyso_bytes { data }));
        Ok(())
    })
}

/// `kyso_pdf_prepared_finish` with a signature time-stamp added to the CMS before it is
/// embedded: the two-phase form of `kyso_sign_pdf_timestamped`, for signers that sign
/// elsewhere (a token, a remote service). Prepare with options on which
/// `kyso_pdf_sign_options_reserve_timestamp_room` was called. The TSA, its policy and the
/// fetch callback are `tsa_options`', as for `kyso_sign_pdf_timestamped`. On success
/// `*signed_out` is the signed PDF and, when `report_out` is not NULL, `*report_out` the
/// token's report (free with `kyso_timestamp_report_free`).
///
/// Fails as `kyso_pdf_prepared_finish`, and as `kyso_sign_pdf_timestamped` for the TSA
/// (`KYSO_NO_TSA`, `KYSO_TIMESTAMP_FAILED`); a token larger than the room prepared is
/// `KYSO_PDF_PREPARED_MISMATCH` (`pdf.sign.contents-too-small`): prepare again with the room
/// reserved. Nothing is written to `*signed_out` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_finish_timestamped(
    prepared: *const kyso_pdf_prepared,
    pdf: *const u8,
    pdf_len: usize,
    signature: *const u8,
    signature_len: usize,
    tsa_options: *const kyso_verify_options,
    signed_out: *mut *mut kyso_bytes,
    report_out: *mut *mut kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: `pdf_len` readable bytes by the caller's contract (kyso.h).
        let pdf = unsafe { ptr::bytes(pdf, pdf_len, "pdf") }?;
        // SAFETY: `signature_len` readable bytes by the caller's contract (kyso.h).
        let signature = unsafe { ptr::bytes(signature, signature_len, "signature") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let tsa = unsafe { ptr::obj(tsa_options, "tsa_options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signed_out, "signed_out") }?;
        // SAFETY: NULL or a writable pointer by the caller's contract (kyso.h).
        let report_out = unsafe { OptOut::new(report_out) };
        let (update, report) = tsa.with_stamping(|_, stamping| -> Result<_> {
            let stamping = stamping.ok_or(kyso::ExtendError::NeedsTsa {
                level: kyso::ExtendLevel::BT,
            })?;
            let mut rng = crate::env::rng();
            Ok(p.prepared
                .finish_timestamped(signature, &RustCryptoProvider, stamping, &mut rng)?)
        })??;
        out.write(ptr::into_raw(kyso_bytes {
            data: update.signed_pdf(pdf)?,
        }));
        report_out.write_new(kyso_timestamp_report::new(report));
        Ok(())
    })
}

/// The prepared state as bytes, to keep between requests (it holds the update, not the PDF;
/// not secret, but a server that hands it to clients must protect it against tampering, e.g.
/// with a MAC).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_to_bytes(
    prepared: *const kyso_pdf_prepared,
    bytes_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(bytes_out, "bytes_out") }?;
        out.write(ptr::into_raw(kyso_bytes {
            data: p.prepared.to_bytes(),
        }));
        Ok(())
    })
}

/// Read back `kyso_pdf_prepared_to_bytes`. `KYSO_MALFORMED_CMS` (`pdf.sign.bad-state`) if the
/// bytes are not such a state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_from_bytes(
    data: *const u8,
    len: usize,
    prepared_out: *mut *mut kyso_pdf_prepared,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(prepared_out, "prepared_out") }?;
        let prepared = PreparedPdfSignature::from_bytes(data, &RustCryptoProvider)?;
        out.write(ptr::into_raw(kyso_pdf_prepared { prepared }));
        Ok(())
    })
}

/// Free a prepared PDF signature. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_pdf_prepared_free(prepared: *mut kyso_pdf_prepared) {
    ffi_value!((), {
        // SAFETY: NULL or a prepared PDF signature from libkyso, freed once (kyso.h).
        unsafe { ptr::free(prepared) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `KYSO_PDF_SUBFILTER_*` constants (ABI) are core's numbers.
    #[test]
    fn subfilter_constants_are_core_numbers() {
        assert_eq!(
            PdfSubFilter::from_code(KYSO_PDF_SUBFILTER_PKCS7),
            Ok(PdfSubFilter::Pkcs7Detached)
        );
        assert_eq!(
            PdfSubFilter::from_code(KYSO_PDF_SUBFILTER_CADES),
            Ok(PdfSubFilter::CadesDetached)
        );
    }
}
