//! Two-phase PDF signing (issue 11 item 7; feature `sign`, so the verify-only bundle does not
//! carry it): [`PdfSignRequest::prepare`] makes the incremental update with its `/Contents`
//! placeholder and gives the exact bytes to sign; the caller signs them outside WASM (a
//! WebCrypto `CryptoKey`, a token bridge, a remote service); [`finish_pdf`] checks the
//! signature against the certificate and returns the signed PDF (the input followed by the
//! update, ISO 32000-2 §7.5.6). Core does the work (`kyso::prepare_pdf_signature`,
//! `PreparedPdfSignature::finish_pdf`); options are core's (`PdfSubFilter::from_name`,
//! `DocMdpPermission::from_level`). With a signature time-stamp, `reserveTimestamp` makes room
//! at the first phase and `Verifier.finishPdfTimestamped` (`timestamp.rs`) finishes.

use kyso::{
    Certificate, DateTime, DocMdpPermission, PdfRect, PdfSignError, PdfSignOptions, PdfSubFilter,
    RustCryptoProvider, SignatureScheme,
};
use wasm_bindgen::prelude::*;

use crate::error;
use crate::sign::scheme_from_parts;
use crate::verify::{load_certificates, parse_time};

/// A PDF signing error for JavaScript: core's code and sentences; a CMS failure (the external
/// signature does not verify) keeps the CMS code, as in [`crate::sign::finish`].
pub(crate) fn pdf_error(e: PdfSignError) -> JsValue {
    match e {
        PdfSignError::Cms(c) => error::cms(&c),
        other => error::core_error(other.code(), &other.to_string(), &other.message()),
    }
}

/// What to sign and how: the signer's certificate and chain, the scheme, the claimed signing
/// time, and the PDF options (SubFilter, certification, field, placement, texts).
#[wasm_bindgen]
pub struct PdfSignRequest {
    certificate: Option<Certificate>,
    chain: Vec<Certificate>,
    scheme: Option<SignatureScheme>,
    signing_time: Option<DateTime>,
    sub_filter: PdfSubFilter,
    certify: Option<DocMdpPermission>,
    field: Option<String>,
    page: u32,
    rect: Option<PdfRect>,
    reason: Option<String>,
    location: Option<String>,
    contact: Option<String>,
    /// Room reserved in `/Contents` for a signature time-stamp added at the second phase.
    timestamp_room: bool,
}

impl Default for PdfSignRequest {
    fn default() -> Self {
        Self {
            certificate: None,
            chain: Vec::new(),
            scheme: None,
            signing_time: None,
            sub_filter: PdfSubFilter::default(),
            certify: None,
            field: None,
            page: 1,
            rect: None,
            reason: None,
            location: None,
            contact: None,
            timestamp_room: false,
        }
    }
}

#[wasm_bindgen]
impl PdfSignRequest {
    #[wasm_bindgen(constructor)]
    pub fn new() -> PdfSignRequest {
        Self::default()
    }

    /// The signer's certificate (PEM or DER); further certificates in the same input are added
    /// to the chain.
    #[wasm_bindgen(js_name = setCertificate)]
    pub fn set_certificate(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        let mut certs = load_certificates(bytes, "signer certificate")?.into_iter();
        self.certificate = certs.next();
        self.chain.extend(certs);
        Ok(())
    }

    /// Certificates to include besides the signer's (intermediate CAs).
    #[wasm_bindgen(js_name = addChain)]
    pub fn add_chain(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.chain
            .extend(load_certificates(bytes, "chain certificate")?);
        Ok(())
    }

    /// The signature scheme, as [`crate::sign::SignRequest::set_scheme`].
    #[wasm_bindgen(js_name = setScheme)]
    pub fn set_scheme(
        &mut self,
        kind: &str,
        digest: &str,
        salt_len: Option<u32>,
    ) -> Result<(), JsValue> {
        self.scheme = Some(scheme_from_parts(kind, digest, salt_len)?);
        Ok(())
    }

    /// The signing time (RFC 3339): `/M`, and with `adbe.pkcs7.detached` the signing-time
    /// attribute. Required: core has no clock.
    #[wasm_bindgen(js_name = setSigningTime)]
    pub fn set_signing_time(&mut self, time: &str) -> Result<(), JsValue> {
        self.signing_time = Some(parse_time(time)?);
        Ok(())
    }

    /// `pkcs7` / `adbe.pkcs7.detached` (default) or `cades` / `ETSI.CAdES.detached`.
    #[wasm_bindgen(js_name = setSubFilter)]
    pub fn set_sub_filter(&mut self, name: &str) -> Result<(), JsValue> {
        self.sub_filter = PdfSubFilter::from_name(name).map_err(pdf_error)?;
        Ok(())
    }

    /// Certify with DocMDP permission 1, 2 or 3 (a BigInt: the number exactly as given).
    #[wasm_bindgen(js_name = setCertification)]
    pub fn set_certification(&mut self, level: i64) -> Result<(), JsValue> {
        self.certify = Some(DocMdpPermission::from_level(level).map_err(pdf_error)?);
        Ok(())
    }

    /// The signature field: an existing empty one of this name, else a new one so named.
    #[wasm_bindgen(js_name = setField)]
    pub fn set_field(&mut self, name: String) {
        self.field = Some(name);
    }

    /// A visible widget on `page` (1-based) at `x`, `y`, `width` × `height` points from the
    /// bottom-left corner of the displayed page.
    #[wasm_bindgen(js_name = setRect)]
    pub fn set_rect(&mut self, page: u32, x: f64, y: f64, width: f64, height: f64) {
        self.page = page;
        self.rect = Some(PdfRect::new(x, y, width, height));
    }

    /// `/Reason`.
    #[wasm_bindgen(js_name = setReason)]
    pub fn set_reason(&mut self, text: String) {
        self.reason = Some(text);
    }

    /// `/Location`.
    #[wasm_bindgen(js_name = setLocation)]
    pub fn set_location(&mut self, text: String) {
        self.location = Some(text);
    }

    /// `/ContactInfo`.
    #[wasm_bindgen(js_name = setContact)]
    pub fn set_contact(&mut self, text: String) {
        self.contact = Some(text);
    }

    /// Reserve room in `/Contents` for a signature time-stamp added when finishing
    /// (`Verifier.finishPdfTimestamped`; core's `PdfSignOptions::reserve_timestamp_room`).
    #[wasm_bindgen(js_name = reserveTimestamp)]
    pub fn reserve_timestamp(&mut self) {
        self.timestamp_room = true;
    }

    /// First phase: the update with its placeholder and what to sign. Refused as core refuses
    /// (`pdf.sign.*`: not a PDF, encrypted, damaged, certification of a signed document, …).
    pub fn prepare(&self, pdf: &[u8]) -> Result<PreparedPdfSignature, JsValue> {
        let certificate = self
            .certificate
            .as_ref()
            .ok_or_else(|| error::input("input.missing-certificate", "no signer certificate"))?;
        let scheme = self
            .scheme
            .ok_or_else(|| error::input("input.missing-scheme", "no signature scheme"))?;
        let time = self
            .signing_time
            .ok_or_else(|| error::input("input.bad-time", "no signing time"))?;
        let mut o = PdfSignOptions::new(time);
        o.sub_filter = self.sub_filter;
        o.certify = self.certify;
        o.field.clone_from(&self.field);
        o.page = self.page;
        o.rect = self.rect;
        o.reason.clone_from(&self.reason);
        o.location.clone_from(&self.location);
        o.contact_info.clone_from(&self.contact);
        o.chain.clone_from(&self.chain);
        if self.timestamp_room {
            o.reserve_timestamp_room();
        }
        kyso::prepare_pdf_signature(&pdf, certificate, scheme, &o, &RustCryptoProvider)
            .map(|inner| PreparedPdfSignature { inner })
            .map_err(pdf_error)
    }
}

/// The result of the first phase: what to sign, and the state [`finish_pdf`] needs (it holds
/// the update, not the PDF).
#[wasm_bindgen]
pub struct PreparedPdfSignature {
    pub(crate) inner: kyso::PreparedPdfSignature,
}

#[wasm_bindgen]
impl PreparedPdfSignature {
    /// The exact bytes to sign (DER of the signed attributes): what WebCrypto `sign` takes.
    #[wasm_bindgen(getter, js_name = toBeSigned)]
    pub fn to_be_signed(&self) -> Vec<u8> {
        self.inner.to_be_signed().to_vec()
    }

    /// The digest of `toBeSigned`, for signers that take a hash.
    #[wasm_bindgen(getter)]
    pub fn digest(&self) -> Vec<u8> {
        self.inner.digest().to_vec()
    }

    /// The DER DigestInfo of the digest, for raw RSA PKCS#1 v1.5 signers.
    #[wasm_bindgen(getter, js_name = digestInfo)]
    pub fn digest_info(&self) -> Vec<u8> {
        self.inner.digest_info().to_vec()
    }

    /// The scheme name (`ecdsa-sha256`, `rsa-pkcs1v15-sha256`, …).
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_owned()
    }

    /// The digest algorithm of the scheme (`sha256`, …).
    #[wasm_bindgen(getter, js_name = digestAlgorithm)]
    pub fn digest_algorithm(&self) -> String {
        self.inner.digest_algorithm().name().to_owned()
    }

    /// The state as bytes, to keep between requests (`PreparedPdfSignature.fromBytes`).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }

    /// Read back `toBytes`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<PreparedPdfSignature, JsValue> {
        kyso::PreparedPdfSignature::from_bytes(bytes, &RustCryptoProvider)
            .map(|inner| Self { inner })
            .map_err(pdf_error)
    }
}

/// Second phase: check `signature` (over `toBeSigned`; ECDSA as DER or WebCrypto's raw
/// `r ‖ s`) against the certificate and return the signed PDF: `pdf` (the same bytes that were
/// prepared; another length is refused, `pdf.sign.input-mismatch`) followed by the update.
#[wasm_bindgen(js_name = finishPdf)]
pub fn finish_pdf(
    prepared: &PreparedPdfSignature,
    pdf: &[u8],
    signature: &[u8],
) -> Result<Vec<u8>, JsValue> {
    prepared
        .inner
        .finish_pdf(pdf, signature, &RustCryptoProvider)
        .map_err(pdf_error)
}
