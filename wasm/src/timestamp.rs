//! Time-stamps (RFC 3161; issue 12 item 6) in the full build: verifying a token, and getting
//! one in two phases, because a browser's `fetch` is asynchronous while core is not:
//!
//! 1. the engine makes the TimeStampReq (`timestampRequest` over data,
//!    `signatureTimestampRequest` over a CMS signer's signature value), with a nonce from the
//!    random bytes JavaScript passes (`crypto.getRandomValues`; the engine has no randomness);
//! 2. JavaScript POSTs it to the TSA (`application/timestamp-query`);
//! 3. the engine checks the answer against the request with core's rule
//!    (`kyso::accept_timestamp_response`: the same decision as `TimestampClient` in the CLI and
//!    the C library) and returns the token (`Verifier.acceptTimestamp`) or embeds it as the
//!    signer's signature-time-stamp, CAdES B-T (`Verifier.addSignatureTimestamp`).
//!
//! Raising a signature to a baseline level (`Verifier.extendCms`, `Verifier.extendPdf`: core's
//! `extend_cms` / `extend_pdf`, which decide the steps of each level) needs the TSA and
//! revocation data in the middle of core's synchronous run: it goes through the verifier's
//! fetch cache like revocation fetching during verification (`verify.rs`, `FetchCache`) — a run
//! records what it could not answer, JavaScript fetches it, the run is repeated. The random
//! bytes are fixed for the whole call, so a repeated run makes the same TimeStampReqs and finds
//! the TSA's answers in the cache.
//!
//! Signing a PDF with a signature time-stamp (`Verifier.finishPdfTimestamped`) is the second
//! phase of PDF signing (`sign_pdf.rs`) run the same way: core's
//! `PreparedPdfSignature::finish_timestamped` puts the signature in, asks the TSA through the
//! fetch cache and embeds the CMS with its token; the run is repeated once JavaScript has the
//! TSA's answer.
//!
//! Core does every step (`TimestampRequest`, `signer_signature_value`,
//! `accept_timestamp_response`, `add_signature_timestamp` are what core's `timestamp_signer`
//! composes); this file converts arguments and errors.

use kyso::{
    ExtendError, ExtendLevel, Extended, PdfSignOptions, RustCryptoProvider, Stamping,
    TimestampClient, TimestampRequest, TspError,
};
use wasm_bindgen::prelude::*;

use crate::error;
use crate::verify::{Verifier, fetch_error, parse_digest, parse_time};

/// How many random bytes JavaScript gives as the seed of a call's nonces (`JsRandom`).
const RANDOM_BYTES: usize = 32;

/// Randomness seeded by JavaScript (`crypto.getRandomValues`, at least [`RANDOM_BYTES`]):
/// core's `with_random_nonce` takes a `CryptoRng`, and one call may need several nonces (an
/// extension time-stamps every signer, B-LTA twice). The seed is expanded as SHA-256(seed ‖
/// counter), so no output repeats and none is predictable without the seed, however many are
/// drawn.
struct JsRandom<'a> {
    seed: &'a [u8],
    counter: u64,
}

impl<'a> JsRandom<'a> {
    fn new(seed: &'a [u8]) -> Self {
        Self { seed, counter: 0 }
    }
}

impl rand_core::TryRng for JsRandom<'_> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        use kyso::CryptoProvider as _;
        for chunk in dst.chunks_mut(32) {
            self.counter = self.counter.wrapping_add(1);
            let mut input = self.seed.to_vec();
            input.extend_from_slice(&self.counter.to_be_bytes());
            let block = RustCryptoProvider.digest(kyso::DigestAlgorithm::Sha256, &input);
            for (d, b) in chunk.iter_mut().zip(block) {
                *d = b;
            }
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for JsRandom<'_> {}

/// A TimeStampReq for `imprint`-to-be under `digest` with a nonce from `random`, as DER.
fn request(
    make: impl FnOnce(&RustCryptoProvider, kyso::DigestAlgorithm) -> Result<TimestampRequest, TspError>,
    digest: &str,
    random: &[u8],
) -> Result<Vec<u8>, JsValue> {
    if random.len() < RANDOM_BYTES {
        return Err(error::input(
            "input.bad-random",
            &format!(
                "a time-stamp request needs {RANDOM_BYTES} random bytes (crypto.getRandomValues)"
            ),
        ));
    }
    let digest = parse_digest(digest)?;
    let request = make(&RustCryptoProvider, digest).map_err(|e| tsp(&e))?;
    Ok(request
        .with_random_nonce(&mut JsRandom::new(random))
        .to_der())
}

/// A TimeStampReq (DER) over `data` digested with `digest` (`sha256`, …), with a fresh nonce
/// from `random` (at least 32 bytes from `crypto.getRandomValues`).
#[wasm_bindgen(js_name = timestampRequest)]
pub fn timestamp_request(data: &[u8], digest: &str, random: &[u8]) -> Result<Vec<u8>, JsValue> {
    request(
        |c, d| TimestampRequest::for_data(c, d, data),
        digest,
        random,
    )
}

/// A TimeStampReq (DER) over the signature value of signer `signer_index` of the SignedData
/// `cms` (what a signature-time-stamp covers, ETSI EN 319 122-1 §5.3), like
/// [`timestamp_request`].
#[wasm_bindgen(js_name = signatureTimestampRequest)]
pub fn signature_timestamp_request(
    cms: &[u8],
    signer_index: usize,
    digest: &str,
    random: &[u8],
) -> Result<Vec<u8>, JsValue> {
    let signature = kyso::signer_signature_value(cms, signer_index).map_err(|e| error::cms(&e))?;
    request(
        |c, d| TimestampRequest::for_data(c, d, &signature),
        digest,
        random,
    )
}

/// The error for a TSA that could not be reached: `url` and the HTTP `status` (0: network
/// error or time-out), as core words it (`tsp.unreachable`).
#[wasm_bindgen(js_name = timestampUnreachable)]
pub fn timestamp_unreachable(url: &str, status: u16) -> JsValue {
    tsp(&TspError::Unreachable {
        url: url.to_owned(),
        error: fetch_error(status),
    })
}

#[wasm_bindgen]
impl Verifier {
    /// Verify a time-stamp token (or a whole TimeStampResp) over `data` at `now` (RFC 3339):
    /// core's `TimestampReport` as JSON.
    #[wasm_bindgen(js_name = verifyTimestamp)]
    pub fn verify_timestamp(
        &self,
        token: &[u8],
        data: &[u8],
        now: &str,
    ) -> Result<String, JsValue> {
        let now = parse_time(now)?;
        Ok(self
            .with_session(now, |s| s.verify_timestamp(token, data))
            .to_json())
    }

    /// The token in the TSA's `answer` to `request` (the DER from `timestampRequest`), when it
    /// is the genuine answer (core's `accept_timestamp_response`); else a `tsp.not-taken`
    /// error carrying the report (`report`, JSON text).
    #[wasm_bindgen(js_name = acceptTimestamp)]
    pub fn accept_timestamp(
        &self,
        request: &[u8],
        answer: &[u8],
        now: &str,
    ) -> Result<Vec<u8>, JsValue> {
        self.accept(request, answer, now)
    }

    /// [`accept_timestamp`](Self::accept_timestamp) for the request from
    /// `signatureTimestampRequest`, then the token added to signer `signer_index` of `cms` as
    /// its signature-time-stamp (CAdES B-T); every other byte of `cms` is kept. Returns the new
    /// SignedData (DER).
    #[wasm_bindgen(js_name = addSignatureTimestamp)]
    pub fn add_signature_timestamp(
        &self,
        cms: &[u8],
        signer_index: usize,
        request: &[u8],
        answer: &[u8],
        now: &str,
    ) -> Result<Vec<u8>, JsValue> {
        let token = self.accept(request, answer, now)?;
        kyso::add_signature_timestamp(cms, signer_index, &token).map_err(|e| error::cms(&e))
    }
}

#[wasm_bindgen]
impl Verifier {
    /// Raise the CMS SignedData `cms` (detached `content`, if any) to `level` (`b-t`, `b-lt`)
    /// with core's `extend_cms`, asking the TSA at `tsa` (when one is needed) through the fetch
    /// cache; `random`: bytes for the requests' nonces (16 per time-stamp). Returns
    /// `{data, report}`: the new SignedData and core's `Extended` JSON.
    #[wasm_bindgen(js_name = extendCms)]
    #[allow(clippy::too_many_arguments)]
    pub fn extend_cms(
        &self,
        cms: &[u8],
        content: Option<Vec<u8>>,
        level: &str,
        tsa: Option<String>,
        digest: &str,
        random: &[u8],
        now: &str,
    ) -> Result<js_sys::Object, JsValue> {
        let level = parse_level(level)?;
        let extended = self.with_stamping(tsa, digest, random, now, |session, stamping, rng| {
            kyso::extend_cms(cms, content.as_deref(), level, session, stamping, rng)
        })?;
        Ok(extension(&extended.bytes, &extended))
    }

    /// Raise the PDF `pdf` to `level` (`b-t`, `b-lt`, `b-lta`) with core's `extend_pdf`, as
    /// [`extend_cms`](Self::extend_cms); `now` is also the time written into a document
    /// time-stamp's dictionary. `data` is the whole new PDF (the input unchanged, then the
    /// incremental updates).
    #[wasm_bindgen(js_name = extendPdf)]
    pub fn extend_pdf(
        &self,
        pdf: &[u8],
        level: &str,
        tsa: Option<String>,
        digest: &str,
        random: &[u8],
        now: &str,
    ) -> Result<js_sys::Object, JsValue> {
        let level = parse_level(level)?;
        let options = PdfSignOptions::new(parse_time(now)?);
        let extended = self.with_stamping(tsa, digest, random, now, |session, stamping, rng| {
            kyso::extend_pdf(&pdf, level, &options, session, stamping, rng)
        })?;
        Ok(extension(
            &[pdf, extended.bytes.as_slice()].concat(),
            &extended,
        ))
    }
}

#[wasm_bindgen]
impl Verifier {
    /// The second phase of PDF signing with a signature time-stamp (prepared with
    /// `PdfSignRequest.reserveTimestamp`): core's `finish_timestamped` checks `signature`, gets
    /// a token over it from the TSA at `tsa` through the fetch cache (the answer checked with
    /// this verifier's anchors) and embeds the time-stamped CMS. `random`: bytes for the
    /// request's nonce. Returns `{data, report}`: the signed PDF (`pdf`, the prepared input,
    /// followed by the update) and the token's report (core's JSON).
    #[wasm_bindgen(js_name = finishPdfTimestamped)]
    #[allow(clippy::too_many_arguments)]
    pub fn finish_pdf_timestamped(
        &self,
        prepared: &crate::sign_pdf::PreparedPdfSignature,
        pdf: &[u8],
        signature: &[u8],
        tsa: String,
        digest: &str,
        random: &[u8],
        now: &str,
    ) -> Result<js_sys::Object, JsValue> {
        if random.len() < RANDOM_BYTES {
            return Err(error::input(
                "input.bad-random",
                &format!(
                    "a time-stamp request needs {RANDOM_BYTES} random bytes (crypto.getRandomValues)"
                ),
            ));
        }
        let digest = parse_digest(digest)?;
        let now = parse_time(now)?;
        let mut rng = JsRandom::new(random);
        let (update, report) = self
            .with_session(now, |session| {
                let client = TimestampClient::new(self.fetcher(), vec![tsa]).with_digest(digest);
                prepared.inner.finish_timestamped(
                    signature,
                    &RustCryptoProvider,
                    Stamping::new(&client, session),
                    &mut rng,
                )
            })
            .map_err(|e| match e {
                kyso::PdfSignError::Timestamp(t) => tsp(&t),
                other => crate::sign_pdf::pdf_error(other),
            })?;
        let data = update.signed_pdf(pdf).map_err(crate::sign_pdf::pdf_error)?;
        let o = js_sys::Object::new();
        // Reflect::set on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(
            &o,
            &"data".into(),
            &js_sys::Uint8Array::from(data.as_slice()).into(),
        );
        let _ = js_sys::Reflect::set(&o, &"report".into(), &report.to_json().into());
        Ok(o)
    }
}

impl Verifier {
    /// Core's session at `now` and, with a TSA URL, the stamping over the fetch cache.
    fn with_stamping(
        &self,
        tsa: Option<String>,
        digest: &str,
        random: &[u8],
        now: &str,
        f: impl FnOnce(
            &kyso::Verifier<'_>,
            Option<Stamping<'_>>,
            &mut dyn rand_core::CryptoRng,
        ) -> Result<Extended, ExtendError>,
    ) -> Result<Extended, JsValue> {
        if random.len() < RANDOM_BYTES {
            return Err(error::input(
                "input.bad-random",
                &format!(
                    "extending needs at least {RANDOM_BYTES} random bytes (crypto.getRandomValues)"
                ),
            ));
        }
        let digest = parse_digest(digest)?;
        let now = parse_time(now)?;
        let mut rng = JsRandom::new(random);
        self.with_session(now, |session| {
            let client =
                tsa.map(|url| TimestampClient::new(self.fetcher(), vec![url]).with_digest(digest));
            let stamping = client.as_ref().map(|c| Stamping::new(c, session));
            f(session, stamping, &mut rng)
        })
        .map_err(|e| match e {
            ExtendError::Timestamp(t) => tsp(&t),
            other => {
                let text = other.message();
                error::core_error(text.code(), &text.render(kyso::Lang::En), &text)
            }
        })
    }

    fn accept(&self, request: &[u8], answer: &[u8], now: &str) -> Result<Vec<u8>, JsValue> {
        let now = parse_time(now)?;
        let request = TimestampRequest::from_der(request).map_err(|e| tsp(&e))?;
        self.with_session(now, |s| {
            kyso::accept_timestamp_response(answer, &request, s)
        })
        .map(|(token, _)| token)
        .map_err(|e| tsp(&e))
    }
}

fn parse_level(name: &str) -> Result<ExtendLevel, JsValue> {
    ExtendLevel::from_name(name).ok_or_else(|| {
        error::input(
            "input.bad-level",
            &format!("unknown level '{name}' (known: b-t, b-lt, b-lta)"),
        )
    })
}

/// `{data, report}` for JavaScript: the extended bytes and core's `Extended` JSON.
fn extension(data: &[u8], extended: &Extended) -> js_sys::Object {
    let o = js_sys::Object::new();
    // Reflect::set on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&o, &"data".into(), &js_sys::Uint8Array::from(data).into());
    let _ = js_sys::Reflect::set(&o, &"report".into(), &extended.to_json().into());
    o
}

/// A time-stamp error: core's code and sentences; a refused answer carries its report
/// (`report`, core's JSON) so the page can show why.
fn tsp(e: &TspError) -> JsValue {
    let text = e.message();
    let err = error::core_error(text.code(), &text.render(kyso::Lang::En), &text);
    if let TspError::NotTaken(report) = e {
        let _ = js_sys::Reflect::set(
            &err,
            &JsValue::from_str("report"),
            &JsValue::from_str(&report.to_json()),
        );
    }
    err
}
