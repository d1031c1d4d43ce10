//! Two-phase signing (RFC 5652 §5.4): [`SignRequest::prepare`] gives the exact bytes to sign,
//! the caller signs them outside WASM (a WebCrypto `CryptoKey`, a USB token bridge, a remote
//! signing service) and [`finish`] checks that signature against the certificate and returns
//! the SignedData. Core does the work (`kyso::SignedDataBuilder::prepare`,
//! `kyso::finish_prepared_signature`); no private key and no RNG ever enter WASM.

use kyso::{
    Certificate, DateTime, DigestAlgorithm, NameError, RustCryptoProvider, SignatureScheme,
    SignedDataBuilder, SignerOptions,
};
use wasm_bindgen::prelude::*;

use crate::error;
use crate::verify::{load_certificates, parse_digest, parse_time};

/// What to sign and how: content (or its digest), the signer's certificate and chain, the
/// scheme, the claimed signing time.
#[wasm_bindgen]
#[derive(Default)]
pub struct SignRequest {
    content: Option<Vec<u8>>,
    digest: Option<(DigestAlgorithm, Vec<u8>)>,
    detached: bool,
    certificate: Option<Certificate>,
    chain: Vec<Certificate>,
    scheme: Option<SignatureScheme>,
    signing_time: Option<DateTime>,
    crls: Vec<Vec<u8>>,
}

#[wasm_bindgen]
impl SignRequest {
    #[wasm_bindgen(constructor)]
    pub fn new() -> SignRequest {
        Self::default()
    }

    /// The content to sign (encapsulated unless `setDetached(true)`).
    #[wasm_bindgen(js_name = setContent)]
    pub fn set_content(&mut self, content: Vec<u8>) {
        self.content = Some(content);
        self.digest = None;
    }

    /// The digest of the content, computed by the caller (streamed); the signature is then
    /// detached and the scheme must use this digest algorithm.
    #[wasm_bindgen(js_name = setContentDigest)]
    pub fn set_content_digest(&mut self, algorithm: &str, digest: Vec<u8>) -> Result<(), JsValue> {
        self.digest = Some((parse_digest(algorithm)?, digest));
        self.content = None;
        Ok(())
    }

    /// Leave the content out of the SignedData (a `.p7s`-style detached signature).
    #[wasm_bindgen(js_name = setDetached)]
    pub fn set_detached(&mut self, detached: bool) {
        self.detached = detached;
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

    /// A CRL (DER) to include in the SignedData.
    #[wasm_bindgen(js_name = addCrl)]
    pub fn add_crl(&mut self, der: Vec<u8>) {
        self.crls.push(der);
    }

    /// The signature scheme: `kind` is `rsa-pkcs1v15`, `rsa-pss`, `ecdsa` or `ed25519` (the
    /// report's `signature_scheme.scheme` names); `digest` as `sha256`…; `salt_len` for PSS
    /// (bytes, default the digest length, RFC 4055 §3.1 practice).
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

    /// The claimed signing time (RFC 3339): core has no clock.
    #[wasm_bindgen(js_name = setSigningTime)]
    pub fn set_signing_time(&mut self, time: &str) -> Result<(), JsValue> {
        self.signing_time = Some(parse_time(time)?);
        Ok(())
    }

    /// First phase: everything but the signature.
    pub fn prepare(&self) -> Result<PreparedSignature, JsValue> {
        let certificate = self
            .certificate
            .as_ref()
            .ok_or_else(|| error::input("input.missing-certificate", "no signer certificate"))?;
        let scheme = self
            .scheme
            .ok_or_else(|| error::input("input.missing-scheme", "no signature scheme"))?;
        let mut signer = SignerOptions::external(scheme, certificate).chain(&self.chain);
        if let Some(t) = self.signing_time {
            signer = signer.signing_time(t);
        }
        let mut builder = match (&self.content, &self.digest) {
            (_, Some((alg, d))) => SignedDataBuilder::from_digest(*alg, d),
            (Some(c), None) => SignedDataBuilder::new(c),
            (None, None) => {
                return Err(error::input("input.missing-content", "no content to sign"));
            }
        };
        if self.detached {
            builder = builder.detached();
        }
        for crl in &self.crls {
            builder = builder.add_crl(crl);
        }
        builder
            .add_signer(signer)
            .prepare(&RustCryptoProvider)
            .map(|inner| PreparedSignature { inner })
            .map_err(|e| error::cms(&e))
    }
}

/// A scheme from its parts by core's name table (`SignatureScheme::from_parts`); an unknown
/// kind keeps this package's code `input.bad-scheme`. Shared by CMS and PDF requests.
pub(crate) fn scheme_from_parts(
    kind: &str,
    digest: &str,
    salt_len: Option<u32>,
) -> Result<SignatureScheme, JsValue> {
    let digest = parse_digest(digest)?;
    let salt_len = salt_len.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    SignatureScheme::from_parts(kind, digest.name(), salt_len).map_err(|e| match e {
        NameError::UnknownScheme { .. } => {
            error::core_error("input.bad-scheme", &e.to_string(), &e.message())
        }
        other => error::core_error(other.code(), &other.to_string(), &other.message()),
    })
}

/// The result of the first phase: what to sign, and the state [`finish`] needs.
#[wasm_bindgen]
pub struct PreparedSignature {
    inner: kyso::PreparedSignature,
}

#[wasm_bindgen]
impl PreparedSignature {
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

    /// The state as bytes, to keep between requests (`PreparedSignature.fromBytes`).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }

    /// Read back `toBytes`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<PreparedSignature, JsValue> {
        kyso::PreparedSignature::from_bytes(bytes, &RustCryptoProvider)
            .map(|inner| Self { inner })
            .map_err(|e| error::cms(&e))
    }
}

/// Second phase: check `signature` (over `toBeSigned`; ECDSA as DER or WebCrypto's raw
/// `r ‖ s`) against the certificate and return the DER SignedData (`ContentInfo`).
#[wasm_bindgen]
pub fn finish(prepared: &PreparedSignature, signature: &[u8]) -> Result<Vec<u8>, JsValue> {
    kyso::finish_prepared_signature(&prepared.inner, signature, &RustCryptoProvider).map_err(|e| {
        match e {
            kyso::CmsError::ExternalSignatureInvalid => error::core_error(
                "cms.external-signature-invalid",
                "the signature does not verify with the signer certificate's key (wrong key, or \
             signed with another scheme than prepared)",
                &e.message(),
            ),
            other => error::cms(&other),
        }
    })
}

/// A signature scheme in canonical form, from a name (`ecdsa-sha256`, `ed25519`; `digest`
/// absent) or a family with a digest and PSS salt (`{kind, digest, saltLength}`): core's name
/// table decides (`SignatureScheme::from_name` / `from_parts`), the JS layer only converts.
/// Returns `{name, kind, digest, saltLength}` (`saltLength` for PSS only).
#[wasm_bindgen(js_name = describeScheme)]
pub fn describe_scheme(
    kind: &str,
    digest: Option<String>,
    salt_len: Option<u32>,
) -> Result<JsValue, JsValue> {
    let salt_len = salt_len.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let scheme = match digest {
        None => SignatureScheme::from_name(kind).ok_or(NameError::UnknownScheme {
            name: kind.to_owned(),
        }),
        Some(d) => SignatureScheme::from_parts(kind, &d, salt_len),
    }
    .map_err(|e| match e {
        NameError::UnknownScheme { .. } => {
            error::core_error("input.bad-scheme", &e.to_string(), &e.message())
        }
        other => error::core_error(other.code(), &other.to_string(), &other.message()),
    })?;
    let out = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), &v);
    set("name", JsValue::from_str(scheme.name()))?;
    set("kind", JsValue::from_str(scheme.kind_name()))?;
    set("digest", JsValue::from_str(scheme.digest().name()))?;
    if let SignatureScheme::RsaPss { salt_len, .. } = scheme {
        let salt = u32::try_from(salt_len).unwrap_or(u32::MAX);
        set("saltLength", JsValue::from_f64(f64::from(salt)))?;
    }
    Ok(out.into())
}
