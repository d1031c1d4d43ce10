//! CMS verification: one call over bytes (attached or detached), or a streaming verifier that
//! digests detached content piece by piece (a 1 GB file is never held in memory).

use kyso::cms::verify::{DetachedContent, VerifyOptions, verify};
use kyso::crypto::{DigestAlgorithm, Digester};
use kyso::{CryptoProvider, PathValidator, RustCryptoProvider};

use crate::error::{Error, Result, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, Out};
use crate::report::kyso_report;

/// Run `f` with core's verification environment assembled from `opts`: crypto provider, clock,
/// policy, chain validator with revocation (caller evidence, fetch callback).
pub(crate) fn with_environment<R>(
    opts: &kyso_verify_options,
    f: impl FnOnce(&VerifyOptions<'_>) -> R,
) -> Result<R> {
    let crypto = RustCryptoProvider;
    let now = opts.now()?;
    Ok(crate::revocation::with_checker(opts, now, |revocation| {
        // A validator per call over the shared store (borrowed, not copied), with this call's
        // revocation checker; core adds the message's own CRLs/OCSP responses per signer.
        let chain = opts.store.as_deref().map(|store| {
            let validator = PathValidator::borrowing(store);
            match revocation {
                Some(r) => validator.with_revocation(r),
                None => validator,
            }
        });
        let mut vo = VerifyOptions::new(opts.effective_policy(), now, &crypto)
            .with_extra_certificates(&opts.extra_certificates);
        if let Some(c) = &chain {
            vo = vo.with_chain_validator(c);
        }
        f(&vo)
    }))
}

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
        let report = with_environment(opts, |vo| {
            verify(signature, content.map(DetachedContent::Bytes), vo)
        })?;
        out.write(ptr::into_raw(kyso_report::new(report)));
        Ok(())
    })
}

/// Streaming verification of a detached signature: `kyso_verifier_new`, then
/// `kyso_verifier_update` with the content in pieces of any size, then `kyso_verifier_finish`.
/// The content is digested with each algorithm the signature's signers need and never kept.
pub struct kyso_verifier {
    signature: Vec<u8>,
    options: kyso_verify_options,
    digesters: Vec<(DigestAlgorithm, Box<dyn Digester>)>,
    finished: bool,
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
        // Which digests the signers need (RFC 5652 §5.1 digestAlgorithms and each SignerInfo):
        // unreadable input needs none, and verify reports it at finish.
        let algorithms = kyso::cms::required_digests(signature).unwrap_or_default();
        let crypto = RustCryptoProvider;
        let digesters = algorithms
            .into_iter()
            .map(|a| (a, crypto.digester(a)))
            .collect();
        out.write(ptr::into_raw(kyso_verifier {
            signature: signature.to_vec(),
            options: opts.clone(),
            digesters,
            finished: false,
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
        if v.finished {
            return Err(already_finished());
        }
        for (_, d) in &mut v.digesters {
            d.update(data);
        }
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
        if v.finished {
            return Err(already_finished());
        }
        v.finished = true;
        let digests = std::mem::take(&mut v.digesters)
            .into_iter()
            .map(|(a, d)| (a, d.finalize()))
            .collect();
        let report = with_environment(&v.options, |vo| {
            verify(&v.signature, Some(DetachedContent::Digests(digests)), vo)
        })?;
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
