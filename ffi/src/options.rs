//! Verification options: policy, trust, time, revocation evidence and the fetch callback.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use kyso::{DateTime, Evidence, RustCryptoProvider, TrustStore, ValidationPolicy, Verifier};
use kyso::{FetchError, FetchKind, Fetcher};
use kyso::{Stamping, TimestampClient};

use crate::bytes::kyso_writer;
use crate::error::{Error, Result, kyso_result};
use crate::ptr::{self, Out};

/// What a fetch is for (the `kind` argument of `kyso_fetch_callback`).
pub type kyso_fetch_kind = u32;
/// HTTP GET of a DER CRL (CRL distribution point, RFC 5280 §4.2.1.13).
pub const KYSO_FETCH_CRL: kyso_fetch_kind = 1;
/// HTTP POST of a DER OCSPRequest (`body`) with `Content-Type: application/ocsp-request`
/// (RFC 6960 Appendix A.1); the answer is the DER OCSPResponse.
pub const KYSO_FETCH_OCSP: kyso_fetch_kind = 2;
/// HTTP GET of a certificate (AIA caIssuers): DER or PKCS#7.
pub const KYSO_FETCH_CERTIFICATE: kyso_fetch_kind = 3;
/// HTTP POST of an RFC 3161 TimeStampReq (`body`), `application/timestamp-query`.
pub const KYSO_FETCH_TIMESTAMP: kyso_fetch_kind = 4;

/// Fetches `url` for libkyso (online revocation checking). `body` is NULL for a GET, else the
/// request body of a POST (`body_len` bytes). Write the response body into `response` with
/// `kyso_writer_write` (in as many pieces as convenient) and return 0; return non-zero on any
/// failure (network, time-out, HTTP status other than 200), and the status is then reported as
/// unknown/TRY_LATER, never as good. Called on the thread that called `kyso_verify` (or
/// `kyso_verifier_finish`, `kyso_chain_validate`), only during that call. Apply your own
/// time-outs: libkyso waits for the callback.
pub type kyso_fetch_callback = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        kind: kyso_fetch_kind,
        url: *const c_char,
        body: *const u8,
        body_len: usize,
        response: *mut kyso_writer,
    ) -> c_int,
>;

/// Default cap on one fetched response: 64 MiB (national CA CRLs run to tens of megabytes).
pub const KYSO_DEFAULT_FETCH_LIMIT: usize = 64 * 1024 * 1024;

/// The C callback as core's [`Fetcher`].
#[derive(Clone, Copy)]
pub(crate) struct CFetcher {
    callback: unsafe extern "C" fn(
        *mut c_void,
        kyso_fetch_kind,
        *const c_char,
        *const u8,
        usize,
        *mut kyso_writer,
    ) -> c_int,
    userdata: *mut c_void,
    limit: usize,
}

impl Fetcher for CFetcher {
    fn fetch(
        &self,
        kind: FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, FetchError> {
        let kind = match kind {
            FetchKind::Crl => KYSO_FETCH_CRL,
            FetchKind::Ocsp => KYSO_FETCH_OCSP,
            FetchKind::Certificate => KYSO_FETCH_CERTIFICATE,
            FetchKind::Timestamp => KYSO_FETCH_TIMESTAMP,
            _ => return Err(FetchError::NotAllowed),
        };
        // A URL with a NUL byte cannot be passed to C; it is not a URL anyone serves either.
        let url = std::ffi::CString::new(url).map_err(|_| FetchError::NotAllowed)?;
        let (body_ptr, body_len) = match body {
            Some(b) => (b.as_ptr(), b.len()),
            None => (std::ptr::null(), 0),
        };
        let mut writer = kyso_writer::new(self.limit);
        // SAFETY: the caller registered `callback` with this `userdata` and promised it is
        // callable with these arguments during verification (kyso.h); `url`, `body` and
        // `writer` outlive the call.
        let rc = unsafe {
            (self.callback)(
                self.userdata,
                kind,
                url.as_ptr(),
                body_ptr,
                body_len,
                &mut writer,
            )
        };
        if writer.overflowed {
            return Err(FetchError::TooLarge);
        }
        if rc != 0 {
            return Err(FetchError::Unavailable);
        }
        Ok(writer.buf)
    }
}

/// Options for `kyso_verify`, `kyso_verifier_new` and `kyso_chain_validate`. Defaults: policy
/// `vn-gov`, no trust anchor (so no chain validates until a store is set: nothing is trusted
/// implicitly), current time from the system clock, no revocation evidence, no fetching.
#[derive(Clone)]
pub struct kyso_verify_options {
    pub(crate) policy: ValidationPolicy,
    danger_without_chain: bool,
    danger_without_revocation: bool,
    now: Option<DateTime>,
    validation_time: Option<DateTime>,
    /// Shared, immutable: options may be read by several threads at once. Each call makes its
    /// own verification session from it (core's revocation checker is not `Sync`).
    pub(crate) store: Option<Arc<TrustStore>>,
    /// CRLs, OCSP responses and intermediates, each checked by core when added.
    pub(crate) evidence: Evidence,
    pub(crate) fetcher: Option<CFetcher>,
    fetch_limit: usize,
    /// The time-stamp authority: its URL, then its mirrors (`kyso_verify_options_set_tsa`).
    tsa_urls: Vec<String>,
    tsa_policy: Option<kyso::oid::Oid>,
    tsa_legacy_sha1: bool,
}

impl Default for kyso_verify_options {
    fn default() -> Self {
        Self {
            policy: ValidationPolicy::vn_gov(),
            danger_without_chain: false,
            danger_without_revocation: false,
            now: None,
            validation_time: None,
            store: None,
            evidence: Evidence::new(),
            fetcher: None,
            fetch_limit: KYSO_DEFAULT_FETCH_LIMIT,
            tsa_urls: Vec::new(),
            tsa_policy: None,
            tsa_legacy_sha1: false,
        }
    }
}

impl kyso_verify_options {
    /// The current time (fixed by the caller, else the system clock).
    pub(crate) fn now(&self) -> Result<DateTime> {
        match self.now {
            Some(t) => Ok(t),
            None => crate::env::now(),
        }
    }

    /// The policy with the caller's `danger_*` switches applied.
    pub(crate) fn effective_policy(&self) -> ValidationPolicy {
        let mut p = self.policy.clone();
        if self.danger_without_chain {
            p = p.danger_without_chain_validation();
        }
        if self.danger_without_revocation {
            p = p.danger_without_revocation();
        }
        p
    }

    /// Run `f` with core's verification session over these options: the store (none set:
    /// nothing is trusted), the evidence, the fetch callback, the fixed validation time if
    /// set, and the current time. Core decides everything else, the validation time included.
    pub(crate) fn with_session<R>(&self, f: impl FnOnce(&Verifier<'_>) -> R) -> Result<R> {
        let crypto = RustCryptoProvider;
        let now = self.now()?;
        let policy = self.effective_policy();
        let mut session = match self.store.as_deref() {
            Some(store) => Verifier::borrowing(store, policy, now, &crypto),
            None => Verifier::without_anchors(policy, now, &crypto),
        }
        .with_evidence_ref(&self.evidence);
        if let Some(t) = self.validation_time {
            session = session.with_validation_time(t);
        }
        if let Some(fetcher) = self.fetcher.as_ref() {
            session = session.with_fetcher(fetcher);
        }
        Ok(f(&session))
    }
}

impl kyso_verify_options {
    /// [`with_session`](Self::with_session), with the TSA as core's `Stamping` when one is
    /// set: asked through the fetch callback (`KYSO_FETCH_TIMESTAMP`; without a callback every
    /// request fails as not allowed, and core says so), its answers checked by the same
    /// session.
    pub(crate) fn with_stamping<R>(
        &self,
        f: impl FnOnce(&Verifier<'_>, Option<Stamping<'_>>) -> R,
    ) -> Result<R> {
        self.with_session(|session| {
            if self.tsa_urls.is_empty() {
                return f(session, None);
            }
            let fetcher: &dyn Fetcher = match self.fetcher.as_ref() {
                Some(c) => c,
                None => &NoFetch,
            };
            let mut client = TimestampClient::new(fetcher, self.tsa_urls.clone());
            if let Some(p) = self.tsa_policy {
                client = client.with_policy(p);
            }
            if self.tsa_legacy_sha1 {
                client = client.danger_legacy_sha1();
            }
            f(session, Some(Stamping::new(&client, session)))
        })
    }
}

/// No fetch callback set: nothing is fetched.
struct NoFetch;

impl Fetcher for NoFetch {
    fn fetch(&self, _: FetchKind, _: &str, _: Option<&[u8]>) -> Result<Vec<u8>, FetchError> {
        Err(FetchError::NotAllowed)
    }
}

/// Borrow options mutably for a setter.
///
/// # Safety
/// Live, unshared options (kyso.h).
unsafe fn opts_mut<'a>(options: *mut kyso_verify_options) -> Result<&'a mut kyso_verify_options> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj_mut(options, "options") }
}

/// New options with the defaults described at `kyso_verify_options`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_new(
    options_out: *mut *mut kyso_verify_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(options_out, "options_out") }?;
        out.write(ptr::into_raw(kyso_verify_options::default()));
        Ok(())
    })
}

/// Choose the validation policy by name: `"vn-gov"` (default: Vietnamese government practice —
/// RSA ≥ 2048, SHA-2, SHA-1 accepted with a warning for historic signatures, revocation checked
/// when data is available, validated at the signing time) or `"strict"` (no SHA-1, revocation
/// required, signing time required). `KYSO_UNKNOWN_POLICY` for any other name.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_policy(
    options: *mut kyso_verify_options,
    name: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let name = unsafe { ptr::str(name, "name") }?;
        o.policy = ValidationPolicy::by_name(name).ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_UNKNOWN_POLICY,
                format!("no policy named {name} (known: vn-gov, strict)"),
            )
        })?;
        Ok(())
    })
}

/// Use the anchors and intermediates of `store` (a copy is taken: `store` may be freed or
/// changed afterwards without affecting these options).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_trust_store(
    options: *mut kyso_verify_options,
    store: *const crate::trust::kyso_trust_store,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: a live store by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj(store, "store") }?;
        o.store = Some(Arc::new(s.store.clone()));
        Ok(())
    })
}

/// Fix "now" (seconds since 1970-01-01T00:00:00Z) instead of reading the system clock: the
/// time used when the policy validates at the current time, and for revocation freshness.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_current_time(
    options: *mut kyso_verify_options,
    unix_seconds: i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.now = Some(crate::env::from_unix(unix_seconds, "unix_seconds")?);
        Ok(())
    })
}

/// Validate at this fixed instant (seconds since 1970) whatever the signature claims
/// (overrides the policy's choice of validation time).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_validation_time(
    options: *mut kyso_verify_options,
    unix_seconds: i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.validation_time = Some(crate::env::from_unix(unix_seconds, "unix_seconds")?);
        Ok(())
    })
}

/// Add untrusted certificates (PEM, DER or PKCS#7) that may help find the signer's certificate
/// and build its path, e.g. the intermediate CA when a signature does not carry it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_add_certificates(
    options: *mut kyso_verify_options,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        o.evidence
            .add_certificates(data)
            .map_err(|e| Error::from(e).context("certificates"))?;
        Ok(())
    })
}

/// Add a CRL (DER or PEM `CertificateList`, RFC 5280 §5) as revocation evidence. Data that
/// does not parse as a CRL is refused here with `KYSO_MALFORMED_CRL` (its reason in
/// `kyso_last_error_text`), the same refusal as the CLI's and the npm package's: a wrong file
/// must not silently leave the status unknown. Empty data is `KYSO_INVALID_PARAMETER`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_add_crl(
    options: *mut kyso_verify_options,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        unsafe { add_evidence(options, data, len, "empty CRL", Evidence::add_crl) }
    })
}

/// Add an OCSP response (DER `OCSPResponse`, RFC 6960 §4.2.1) as revocation evidence. Data
/// that does not parse as one is refused with `KYSO_MALFORMED_OCSP_RESPONSE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_add_ocsp_response(
    options: *mut kyso_verify_options,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        unsafe {
            add_evidence(
                options,
                data,
                len,
                "empty OCSP response",
                Evidence::add_ocsp_response,
            )
        }
    })
}

/// Hands the `len` bytes at `data` to core's evidence intake `add`; empty data is refused
/// with `empty` as the reason (an argument error, before core looks at it).
///
/// # Safety
/// Live, unshared options and `len` readable bytes at `data` (kyso.h).
unsafe fn add_evidence(
    options: *mut kyso_verify_options,
    data: *const u8,
    len: usize,
    empty: &'static str,
    add: fn(&mut Evidence, &[u8]) -> std::result::Result<(), kyso::EvidenceError>,
) -> Result<()> {
    // SAFETY: live, unshared options by the caller's contract (kyso.h).
    let o = unsafe { opts_mut(options) }?;
    // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
    let data = unsafe { ptr::bytes(data, len, "data") }?;
    if data.is_empty() {
        return Err(Error::invalid("data", empty));
    }
    add(&mut o.evidence, data).map_err(|e| Error::from(e).context("data"))?;
    Ok(())
}

/// Let verification fetch CRLs and OCSP responses online through `callback` (see
/// `kyso_fetch_callback`). Without it libkyso never touches the network. A NULL `callback`
/// removes a previously set one. `userdata` is passed back untouched and must stay valid
/// while these options (or a verifier made from them) are in use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_fetch_callback(
    options: *mut kyso_verify_options,
    callback: kyso_fetch_callback,
    userdata: *mut c_void,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.fetcher = callback.map(|callback| CFetcher {
            callback,
            userdata,
            limit: o.fetch_limit,
        });
        Ok(())
    })
}

/// Cap on the size of one fetched response (default `KYSO_DEFAULT_FETCH_LIMIT`); a larger
/// answer fails the fetch. Must be at least 1.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_fetch_limit(
    options: *mut kyso_verify_options,
    max_bytes: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        if max_bytes == 0 {
            return Err(Error::invalid("max_bytes", "must be at least 1"));
        }
        o.fetch_limit = max_bytes;
        if let Some(f) = o.fetcher.as_mut() {
            f.limit = max_bytes;
        }
        Ok(())
    })
}

/// The time-stamp authority for `kyso_timestamp`, `kyso_timestamp_signature`,
/// `kyso_extend_cms` and `kyso_extend_pdf`: its URL (`http://…`; NULL removes the TSA and its
/// mirrors). Requests go through the fetch callback (`kyso_verify_options_set_fetch_callback`)
/// as `KYSO_FETCH_TIMESTAMP` POSTs; a callback that answers only these keeps verification
/// offline. Every answer is checked by a session over these options before it is taken: the
/// imprint, the nonce, the policy, the TSA's signature and a TSA certificate fit for
/// time-stamping; its chain is validated with these options' anchors and evidence (a chain
/// undecided for want of an anchor or revocation data is reported, and the token taken:
/// every verifier checks it again).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_tsa(
    options: *mut kyso_verify_options,
    url: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.tsa_urls.clear();
        if !url.is_null() {
            // SAFETY: a NUL-terminated string by the caller's contract (kyso.h).
            let url = unsafe { ptr::str(url, "url") }?;
            o.tsa_urls.push(url.to_owned());
        }
        Ok(())
    })
}

/// A mirror of the TSA, asked when the ones before it are unreachable (the callback failed or
/// answered an HTTP 5xx status). `KYSO_WRONG_MODE` when no TSA is set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_add_tsa_mirror(
    options: *mut kyso_verify_options,
    url: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        // SAFETY: a NUL-terminated string by the caller's contract (kyso.h).
        let url = unsafe { ptr::str(url, "url") }?;
        if o.tsa_urls.is_empty() {
            return Err(Error::new(
                kyso_result::KYSO_WRONG_MODE,
                "no TSA is set: call kyso_verify_options_set_tsa first",
            ));
        }
        o.tsa_urls.push(url.to_owned());
        Ok(())
    })
}

/// Ask the TSA for this policy (a dotted OID, e.g. "1.3.6.1.4.1.99999.1"); a token under
/// another policy is not taken. NULL: no policy asked. Not an OID: `KYSO_INVALID_PARAMETER`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_set_tsa_policy(
    options: *mut kyso_verify_options,
    oid: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.tsa_policy = if oid.is_null() {
            None
        } else {
            // SAFETY: a NUL-terminated string by the caller's contract (kyso.h).
            let text = unsafe { ptr::str(oid, "oid") }?;
            Some(
                text.parse::<kyso::oid::Oid>()
                    .map_err(|_| Error::invalid("oid", format!("{text} is not a dotted OID")))?,
            )
        };
        Ok(())
    })
}

/// DANGER: ask the TSA for a SHA-1 imprint, for TSAs that still expect one (Ban Cơ yếu's
/// signer asks so). Verifiers accept such a token only under their legacy SHA-1 gate.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_danger_tsa_legacy_sha1(
    options: *mut kyso_verify_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.tsa_legacy_sha1 = true;
        Ok(())
    })
}

/// DANGER: do not check revocation at all. The report records that it was skipped; a revoked
/// certificate then goes unnoticed. For offline test set-ups only.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_danger_without_revocation(
    options: *mut kyso_verify_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.danger_without_revocation = true;
        Ok(())
    })
}

/// DANGER: do not validate the signer's certificate chain: only the signature's cryptography is
/// checked, and the result is never TOTAL-PASSED on the chain's behalf (the report says the
/// chain was skipped).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_danger_without_chain_validation(
    options: *mut kyso_verify_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { opts_mut(options) }?;
        o.danger_without_chain = true;
        Ok(())
    })
}

/// Free options. NULL is a no-op. Verifiers made from them keep their own copy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_verify_options_free(options: *mut kyso_verify_options) {
    ffi_value!((), {
        // SAFETY: NULL or options from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(options) }
    })
}
