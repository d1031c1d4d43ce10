//! CMS verification: one call over bytes (attached or detached), or a streaming verifier that
//! digests detached content piece by piece (a 1 GB file is never held in memory).

use kyso::{CmsStream, RustCryptoProvider};

use crate::error::{Error, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, Out};
use crate::report::kyso_report;

/// Verify a CMS/PKCS#7 SignedData (DER, BER or PEM) and return its report.
///
/// `content`/`content_len`: for a detached signature the signed content; pass `(NULL, 0)` for an
/// attached signature (the content is inside). Verification problems (bad signature, unknown
/// signer, untrusted chain, unreadable input) are not errors: they are in the report
/// (`kyso_report_indication`). The call fails only for bad arguments (`KYSO_NULL_PARAMETER`,
/// …) or an unusable clock. On success `*report_out` is a new report (free with
/// `kyso_report_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify(
    signature: *const u8,
    signature_len: usize,
    content: *const u8,
    content_len: usize,
    options: *const kyso_verify_options,
    report_out: *mut *mut kyso_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `signature_len` readable bytes by the caller's contract (kyso.h).
        let signature = unsafe { ptr::bytes(signature, signature_len, "signature") }?;
        // SAFETY: NULL or `content_len` readable bytes by the caller's contract (kyso.h).
        let content = unsafe { ptr::opt_bytes(content, content_len, "content") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let report = opts.with_session(|session| session.verify_cms(signature, content))?;
        out.write(ptr::into_raw(kyso_report::new(report)));
        Ok(())
    })
}

/// Streaming verification of a detached signature: `kyso_verifier_new`, then
/// `kyso_verifier_update` with the content in pieces of any size, then `kyso_verifier_finish`.
/// The content is digested with each algorithm the signature's signers need and never kept.
pub struct kyso_verifier {
    options: kyso_verify_options,
    /// Core's stream; `None` once finished.
    stream: Option<CmsStream>,
}

/// Start verifying the detached `signature` (DER, BER or PEM) against content that will come
/// through `kyso_verifier_update`. The options are copied. A signature that does not parse is
/// not an error here: `kyso_verifier_finish` reports it (TOTAL-FAILED FORMAT_FAILURE).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verifier_new(
    signature: *const u8,
    signature_len: usize,
    options: *const kyso_verify_options,
    verifier_out: *mut *mut kyso_verifier,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `signature_len` readable bytes by the caller's contract (kyso.h).
        let signature = unsafe { ptr::bytes(signature, signature_len, "signature") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(verifier_out, "verifier_out") }?;
        // Core picks the digests the signers need; unreadable input is reported at finish.
        out.write(ptr::into_raw(kyso_verifier {
            options: opts.clone(),
            stream: Some(CmsStream::new(signature, &RustCryptoProvider)),
        }));
        Ok(())
    })
}

/// Feed the next `len` bytes of the content.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verifier_update(
    verifier: *mut kyso_verifier,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared verifier by the caller's contract (kyso.h).
        let v = unsafe { ptr::obj_mut(verifier, "verifier") }?;
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        v.stream.as_mut().ok_or_else(already_finished)?.update(data);
        Ok(())
    })
}

/// Finish: verify the signature against the digests of everything fed, and return the report
/// (free with `kyso_report_free`). The verifier cannot be used again (but must still be freed).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verifier_finish(
    verifier: *mut kyso_verifier,
    report_out: *mut *mut kyso_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared verifier by the caller's contract (kyso.h).
        let v = unsafe { ptr::obj_mut(verifier, "verifier") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let stream = v.stream.take().ok_or_else(already_finished)?;
        let report = v
            .options
            .with_session(|session| session.finish_cms_stream(stream))?;
        out.write(ptr::into_raw(kyso_report::new(report)));
        Ok(())
    })
}

/// Free a verifier. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verifier_free(verifier: *mut kyso_verifier) {
    ffi_value!((), {
        // SAFETY: NULL or a verifier from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(verifier) }
    })
}

pub(crate) fn already_finished() -> Error {
    Error::new(
        kyso_result::KYSO_ALREADY_FINISHED,
        "finish was already called on this stream",
    )
}
