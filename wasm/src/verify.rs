//! Verification: [`Verifier`] (trust, policy, revocation evidence, fetched data), the
//! streaming digest of detached content ([`ContentDigester`]) and the report as JSON with
//! messages in the reader's language.
//!
//! Everything here hands values to core's verification session (`kyso::Verifier`) unchanged:
//! evidence intake, the validation time and the chain set-up are core's. The one piece of
//! plumbing of its own is [`FetchCache`], the bridge from core's synchronous [`Fetcher`] to an
//! asynchronous JS fetcher (see there).

use std::cell::RefCell;

use kyso::Digester;
use kyso::ValidationTime;
use kyso::{
    Certificate, CryptoProvider, DateTime, DigestAlgorithm, Evidence, EvidenceError, KeyPurpose,
    Lang, MessageId, RustCryptoProvider, TrustStore, ValidationPolicy,
};
use kyso::{FetchError, FetchKind, Fetcher};
use wasm_bindgen::prelude::*;

use crate::error::{self, js_error};

/// The most distinct requests one verification run may leave for the JS fetcher: a chain of
/// three certificates with two CRL mirrors and one OCSP URL each needs nine; the bound keeps a
/// hostile certificate with thousands of distribution points from turning into a request storm.
const MAX_PENDING_FETCHES: usize = 32;

/// Parse a time given by JS as RFC 3339 (`Date.prototype.toISOString()`).
pub(crate) fn parse_time(s: &str) -> Result<DateTime, JsValue> {
    kyso::time::parse_rfc3339(s).ok_or_else(|| {
        error::input(
            "input.bad-time",
            &format!("not an RFC 3339 time: '{s}' (use Date.prototype.toISOString())"),
        )
    })
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, JsValue> {
    Lang::parse(s).ok_or_else(|| {
        error::input(
            "input.bad-lang",
            &format!("unknown language '{s}' (known: vi, en)"),
        )
    })
}

pub(crate) fn parse_digest(s: &str) -> Result<DigestAlgorithm, JsValue> {
    DigestAlgorithm::from_name(s).ok_or_else(|| {
        let known: Vec<&str> = DigestAlgorithm::ALL.iter().map(|d| d.name()).collect();
        error::input(
            "input.bad-digest-algorithm",
            &format!(
                "unknown digest algorithm '{s}' (known: {})",
                known.join(", ")
            ),
        )
    })
}

/// Certificates from PEM (any number), DER, or a PKCS#7 certs-only bundle.
pub(crate) fn load_certificates(bytes: &[u8], what: &str) -> Result<Vec<Certificate>, JsValue> {
    kyso::load_certificates(bytes).map_err(|e| {
        error::core_error(
            "trust.bad-certificate",
            &format!("{what}: {e}"),
            &e.message(),
        )
    })
}

fn fetch_kind_name(kind: FetchKind) -> &'static str {
    match kind {
        FetchKind::Crl => "crl",
        FetchKind::Ocsp => "ocsp",
        FetchKind::Certificate => "certificate",
        FetchKind::Timestamp => "timestamp",
        _ => "other",
    }
}

fn parse_fetch_kind(s: &str) -> Result<FetchKind, JsValue> {
    match s {
        "crl" => Ok(FetchKind::Crl),
        "ocsp" => Ok(FetchKind::Ocsp),
        "certificate" => Ok(FetchKind::Certificate),
        "timestamp" => Ok(FetchKind::Timestamp),
        _ => Err(error::input(
            "input.bad-fetch-kind",
            &format!("unknown fetch kind '{s}'"),
        )),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct FetchRequest {
    kind: FetchKind,
    url: String,
    body: Option<Vec<u8>>,
}

/// Core's [`Fetcher`] is synchronous (core is pure and cannot await); JS fetchers are
/// asynchronous. The bridge: a verification run answers from this cache, and every request it
/// cannot answer is recorded and fails as `Unavailable` (so that run reports TRY_LATER, never
/// a pass). The JS side then awaits the caller's fetcher for the recorded requests, stores the
/// answers with [`Verifier::add_fetched`] / [`Verifier::add_fetch_failure`] and runs the
/// verification again, until a run asks for nothing new (`js/api.js`, `runWithFetcher`).
/// Requests are keyed by kind, URL and body: core builds OCSP requests without a nonce, so the
/// same request comes back identical in the next run.
#[derive(Default)]
struct FetchCache {
    answered: Vec<(FetchRequest, Result<Vec<u8>, FetchError>)>,
    pending: RefCell<Vec<FetchRequest>>,
}

impl Fetcher for FetchCache {
    fn fetch(
        &self,
        kind: FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, FetchError> {
        let req = FetchRequest {
            kind,
            url: url.to_owned(),
            body: body.map(<[u8]>::to_vec),
        };
        if let Some((_, answer)) = self.answered.iter().find(|(r, _)| *r == req) {
            return answer.clone();
        }
        let mut pending = self.pending.borrow_mut();
        if !pending.contains(&req) && pending.len() < MAX_PENDING_FETCHES {
            pending.push(req);
        }
        Err(FetchError::Unavailable)
    }
}

/// Trust, policy and revocation evidence for verifying signatures and validating chains.
/// Reusable: one `Verifier` can check any number of files.
#[wasm_bindgen]
pub struct Verifier {
    policy: ValidationPolicy,
    store: TrustStore,
    /// CRLs, OCSP responses and intermediates, checked by core when added.
    evidence: Evidence,
    online: bool,
    fetch: FetchCache,
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier with the named policy (`vn-gov`, `strict`), no trust anchor, no evidence.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: &str) -> Result<Verifier, JsValue> {
        let policy = ValidationPolicy::by_name(policy).ok_or_else(|| {
            error::input(
                "policy.unknown",
                &format!("unknown policy '{policy}' (known: vn-gov, strict)"),
            )
        })?;
        Ok(Self {
            policy,
            store: TrustStore::new(),
            evidence: Evidence::new(),
            online: false,
            fetch: FetchCache::default(),
        })
    }

    /// Trust a bundle compiled into kyso: `vgca`, `neac` or `vn` (both).
    #[wasm_bindgen(js_name = addBundle)]
    pub fn add_bundle(&mut self, name: &str) -> Result<(), JsValue> {
        let bundle = TrustStore::vn_bundle(name)
            .map_err(|e| error::core_error("trust.unknown-bundle", &e.to_string(), &e.message()))?;
        self.store.extend(&bundle);
        Ok(())
    }

    /// Trust the certificates in `bytes` (PEM with any number of certificates, DER, `.p7b`).
    #[wasm_bindgen(js_name = addTrust)]
    pub fn add_trust(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        let certs = load_certificates(bytes, "trust anchor")?;
        self.store.add_anchors(certs);
        Ok(())
    }

    /// Untrusted certificates that may help build a path (intermediate CAs).
    #[wasm_bindgen(js_name = addIntermediates)]
    pub fn add_intermediates(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.evidence
            .add_certificates(bytes)
            .map_err(|e| evidence_error(&e))?;
        Ok(())
    }

    /// A CRL (DER or PEM). Refused up front by core when it does not parse (`revocation.bad-crl`,
    /// the same refusal as the CLI's and the C library's).
    #[wasm_bindgen(js_name = addCrl)]
    pub fn add_crl(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.evidence.add_crl(bytes).map_err(|e| evidence_error(&e))
    }

    /// A DER OCSPResponse (`revocation.bad-ocsp` when it does not parse).
    #[wasm_bindgen(js_name = addOcspResponse)]
    pub fn add_ocsp_response(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.evidence
            .add_ocsp_response(bytes)
            .map_err(|e| evidence_error(&e))
    }

    /// Validate at this fixed instant (RFC 3339) instead of the policy's choice.
    #[wasm_bindgen(js_name = setValidationTime)]
    pub fn set_validation_time(&mut self, time: &str) -> Result<(), JsValue> {
        self.policy.validation_time = ValidationTime::At(parse_time(time)?);
        Ok(())
    }

    /// Validate at the current time given to `verify` (ignore signing-time).
    #[wasm_bindgen(js_name = validateAtCurrentTime)]
    pub fn validate_at_current_time(&mut self) {
        self.policy.validation_time = ValidationTime::Current;
    }

    /// Turn revocation checking off; reports say so (`RevocationMode::DangerOff`).
    #[wasm_bindgen(js_name = dangerWithoutRevocation)]
    pub fn danger_without_revocation(&mut self) {
        self.policy = self.policy.clone().danger_without_revocation();
    }

    /// Let revocation checking ask for CRLs/OCSP over the network: requests are recorded for
    /// the JS fetcher (see [`FetchCache`]).
    #[wasm_bindgen(js_name = setOnline)]
    pub fn set_online(&mut self, online: bool) {
        self.online = online;
    }

    /// Requests the last runs could not answer from the cache (and clears the list): an array
    /// of `{kind, url, body?}`.
    #[wasm_bindgen(js_name = takeFetchRequests)]
    pub fn take_fetch_requests(&self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for r in self.fetch.pending.borrow_mut().drain(..) {
            let o = js_sys::Object::new();
            // Reflect::set on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&o, &"kind".into(), &fetch_kind_name(r.kind).into());
            let _ = js_sys::Reflect::set(&o, &"url".into(), &r.url.as_str().into());
            if let Some(b) = &r.body {
                let _ = js_sys::Reflect::set(
                    &o,
                    &"body".into(),
                    &js_sys::Uint8Array::from(b.as_slice()).into(),
                );
            }
            out.push(&o);
        }
        out
    }

    /// The answer to a recorded request.
    #[wasm_bindgen(js_name = addFetched)]
    pub fn add_fetched(
        &mut self,
        kind: &str,
        url: &str,
        body: Option<Vec<u8>>,
        response: Vec<u8>,
    ) -> Result<(), JsValue> {
        self.answer(kind, url, body, Ok(response))
    }

    /// A recorded request failed: HTTP `status` (0 for a network error or time-out,
    /// 413 for a response over the size cap, 403 when the fetcher refused the URL).
    #[wasm_bindgen(js_name = addFetchFailure)]
    pub fn add_fetch_failure(
        &mut self,
        kind: &str,
        url: &str,
        body: Option<Vec<u8>>,
        status: u16,
    ) -> Result<(), JsValue> {
        self.answer(kind, url, body, Err(fetch_error(status)))
    }

    /// Verify a CMS/PKCS#7 SignedData (DER, BER or PEM); `content` for a detached signature.
    /// `now` is the current time (RFC 3339). Returns core's report JSON (`Report::to_json`, the
    /// same text as the CLI's `--json` and the C library's `kyso_report_json`).
    pub fn verify(
        &self,
        signature: &[u8],
        content: Option<Vec<u8>>,
        now: &str,
    ) -> Result<String, JsValue> {
        let now = parse_time(now)?;
        let report = self.with_session(now, |s| s.verify_cms(signature, content.as_deref()));
        Ok(report.to_json())
    }

    /// Verify every signature of a PDF held in memory (ISO 32000-2 §12.8, PAdES) with an
    /// optional `password` for an encrypted file. `now` is the current time (RFC 3339).
    /// Returns core's PDF report JSON (`PdfReport::to_json`, the same text as the CLI's
    /// `kyso verify --json` and the C library's `kyso_pdf_report_json`).
    #[wasm_bindgen(js_name = verifyPdf)]
    pub fn verify_pdf(
        &self,
        pdf: &[u8],
        password: Option<Vec<u8>>,
        now: &str,
    ) -> Result<String, JsValue> {
        let now = parse_time(now)?;
        let mut options = kyso::PdfVerifyOptions::default();
        if let Some(p) = password {
            options = options.with_password(p);
        }
        let report = self.with_session(now, |s| s.verify_pdf_with(&pdf, &options));
        Ok(report.to_json())
    }

    /// Verify a detached signature against digests of its content computed by streaming it
    /// through a [`ContentDigester`].
    #[wasm_bindgen(js_name = verifyDigests)]
    pub fn verify_digests(
        &self,
        signature: &[u8],
        digests: &ContentDigests,
        now: &str,
    ) -> Result<String, JsValue> {
        let now = parse_time(now)?;
        let report = self.with_session(now, |s| {
            s.verify_cms_digests(signature, digests.digests.clone())
        });
        Ok(report.to_json())
    }

    /// Validate a certificate path (RFC 5280 §6) for `purpose` (a name of core's table:
    /// `document-signing`, `email-protection`, …) at the time core's policy picks: the first
    /// certificate of `certificates` is the target, the others untrusted candidates.
    #[wasm_bindgen(js_name = validateChain)]
    pub fn validate_chain(
        &self,
        certificates: &[u8],
        purpose: &str,
        now: &str,
    ) -> Result<String, JsValue> {
        let now = parse_time(now)?;
        let purpose = KeyPurpose::from_name(purpose).ok_or_else(|| {
            error::input(
                "input.bad-purpose",
                &format!("unknown key purpose '{purpose}'"),
            )
        })?;
        let certs = load_certificates(certificates, "certificate")?;
        let (leaf, rest) = certs
            .split_first()
            .ok_or_else(|| js_error("trust.bad-certificate", "no certificate given"))?;
        let report = self.with_session(now, |s| s.validate_chain(leaf, rest, purpose));
        Ok(report.to_json())
    }
}

/// A failed fetch as core names it, from the status a JS fetcher reported (see
/// [`Verifier::add_fetch_failure`]).
pub(crate) fn fetch_error(status: u16) -> FetchError {
    match status {
        0 => FetchError::Unavailable,
        403 => FetchError::NotAllowed,
        413 => FetchError::TooLarge,
        code => FetchError::Status { code },
    }
}

impl Verifier {
    fn answer(
        &mut self,
        kind: &str,
        url: &str,
        body: Option<Vec<u8>>,
        answer: Result<Vec<u8>, FetchError>,
    ) -> Result<(), JsValue> {
        let req = FetchRequest {
            kind: parse_fetch_kind(kind)?,
            url: url.to_owned(),
            body,
        };
        self.fetch.answered.retain(|(r, _)| *r != req);
        self.fetch.answered.push((req, answer));
        Ok(())
    }

    /// Core's verification session over this verifier's trust, policy and evidence at `now`
    /// (and the fetch cache when online).
    /// The fetch cache as core's [`Fetcher`] (for a TSA client).
    #[cfg(feature = "sign")]
    pub(crate) fn fetcher(&self) -> &dyn Fetcher {
        &self.fetch
    }

    pub(crate) fn with_session<T>(
        &self,
        now: DateTime,
        f: impl FnOnce(&kyso::Verifier<'_>) -> T,
    ) -> T {
        let crypto = RustCryptoProvider;
        let mut session = kyso::Verifier::borrowing(&self.store, self.policy.clone(), now, &crypto)
            .with_evidence_ref(&self.evidence);
        if self.online {
            session = session.with_fetcher(&self.fetch);
        }
        f(&session)
    }
}

/// Evidence core refused: core's code (`revocation.bad-crl`, …) and sentence.
fn evidence_error(e: &EvidenceError) -> JsValue {
    error::core_error(e.code(), &e.to_string(), &e.message())
}

/// The digest algorithms a detached signature needs its content hashed with (names such as
/// `sha256`), so that content can be streamed once through a [`ContentDigester`].
#[wasm_bindgen(js_name = requiredDigests)]
pub fn required_digests(signature: &[u8]) -> Result<Vec<String>, JsValue> {
    kyso::required_digests(signature)
        .map(|v| v.into_iter().map(|d| d.name().to_owned()).collect())
        .map_err(|e| error::cms(&e))
}

/// Incremental digests of content fed in chunks (a `ReadableStream`, a large `Blob`), so the
/// content is never held in memory.
#[wasm_bindgen]
pub struct ContentDigester {
    parts: Vec<(DigestAlgorithm, Box<dyn Digester>)>,
}

#[wasm_bindgen]
impl ContentDigester {
    /// Digesters for the named algorithms (`sha256`, …).
    #[wasm_bindgen(constructor)]
    pub fn new(algorithms: Vec<String>) -> Result<ContentDigester, JsValue> {
        let crypto = RustCryptoProvider;
        let mut parts: Vec<(DigestAlgorithm, Box<dyn Digester>)> = Vec::new();
        for name in &algorithms {
            let alg = parse_digest(name)?;
            if !parts.iter().any(|(a, _)| *a == alg) {
                parts.push((alg, crypto.digester(alg)));
            }
        }
        Ok(Self { parts })
    }

    /// Feed the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        for (_, d) in &mut self.parts {
            d.update(chunk);
        }
    }

    /// The digests (consumes the digester).
    pub fn finish(self) -> ContentDigests {
        ContentDigests {
            digests: self
                .parts
                .into_iter()
                .map(|(a, d)| (a, d.finalize()))
                .collect(),
        }
    }
}

/// Finished digests of some content, reusable across verification runs.
#[wasm_bindgen]
pub struct ContentDigests {
    digests: Vec<(DigestAlgorithm, Vec<u8>)>,
}

#[wasm_bindgen]
impl ContentDigests {
    /// The digest with the named algorithm, if it was computed (for signing streamed content).
    #[cfg(feature = "sign")]
    pub fn digest(&self, algorithm: &str) -> Result<Option<Vec<u8>>, JsValue> {
        let alg = parse_digest(algorithm)?;
        Ok(self
            .digests
            .iter()
            .find(|(a, _)| *a == alg)
            .map(|(_, d)| d.clone()))
    }
}

/// The text of message `code` from core's catalogue (a finding's `code`, or an indication
/// heading such as `indication.total-passed`) in `lang`, with `params` given as a flat list
/// `[name, value, name, value, …]`; `undefined` for an unknown code.
///
/// Reports come back without texts and the JS layer asks for each finding's message here:
/// building the texts into the JSON in Rust (through `serde_json::Value`) cost 12 KB gzip of
/// the size budget, this lookup almost nothing.
#[wasm_bindgen]
pub fn message(code: &str, params: Vec<String>, lang: &str) -> Result<Option<String>, JsValue> {
    let lang = parse_lang(lang)?;
    let Some(id) = MessageId::from_code(code) else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = params
        .chunks_exact(2)
        .filter_map(|kv| match kv {
            [k, v] => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect();
    Ok(Some(kyso::render_message(id, lang, &pairs)))
}

/// Whether `head` (the first bytes of a file, at least [`kyso::PDF_HEADER_WINDOW`] when there
/// are that many) is a PDF by core's rule (`%PDF-` within the first kilobyte, ISO 32000-2
/// §7.5.2): how the widget and the CLI tell a PDF from a CMS signature.
#[wasm_bindgen(js_name = isPdf)]
pub fn is_pdf(head: &[u8]) -> bool {
    kyso::is_pdf(head)
}

/// How many leading bytes [`is_pdf`] looks at.
#[wasm_bindgen(js_name = pdfHeaderWindow)]
pub fn pdf_header_window() -> usize {
    kyso::PDF_HEADER_WINDOW
}
