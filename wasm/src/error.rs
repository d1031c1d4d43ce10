//! Errors reaching JavaScript: real `Error` objects (name `KysoError`) with a stable string
//! `code` and the English `Display` text of the core error as `message` (architecture.md §4,
//! the lightningcss / matrix-sdk-crypto-wasm model; never PKI.js's magic numbers).
//!
//! The codes are the public contract of the npm package (listed in `js/index.d.ts`,
//! `ErrorCode`); a code is never reused for another meaning. Core has no `code()` on its error
//! enums yet, so the table lives here; it is a naming table, not logic, and moves to core
//! once core exposes one (the FFI needs the same).

use kyso::CmsError;
use kyso::crypto::CryptoError;
use wasm_bindgen::JsValue;

/// A JS `Error` with `name = "KysoError"`, `code` and `message`.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name("KysoError");
    // Reflect::set on a fresh Error object cannot fail (it is extensible and not a proxy);
    // were it to, the error still carries its message.
    let _ = js_sys::Reflect::set(&e, &JsValue::from_str("code"), &JsValue::from_str(code));
    e.into()
}

/// `input.*`: an argument the binding could not read (bad time string, unknown name, …).
pub(crate) fn input(code: &'static str, message: &str) -> JsValue {
    js_error(code, message)
}

pub(crate) fn crypto_code(e: &CryptoError) -> &'static str {
    match e {
        CryptoError::UnsupportedAlgorithm { .. } => "crypto.unsupported-algorithm",
        CryptoError::InvalidParameters { .. } => "crypto.invalid-parameters",
        CryptoError::InvalidPublicKey => "crypto.invalid-public-key",
        CryptoError::InvalidPrivateKey => "crypto.invalid-private-key",
        CryptoError::SchemeKeyMismatch => "crypto.scheme-key-mismatch",
        CryptoError::BadSignature => "crypto.bad-signature",
        CryptoError::SigningFailed => "crypto.signing-failed",
        CryptoError::Sha1SigningRefused => "crypto.sha1-signing-refused",
        _ => "crypto.error",
    }
}

pub(crate) fn cms_code(e: &CmsError) -> &'static str {
    match e {
        CmsError::Malformed { .. } => "cms.malformed",
        CmsError::NotSignedData { .. } => "cms.not-signed-data",
        CmsError::TooLarge { .. } => "cms.too-large",
        CmsError::NoSuchSigner { .. } => "cms.no-such-signer",
        CmsError::ExternalSignatureInvalid => "cms.external-signature-invalid",
        CmsError::CertificateKeyMismatch => "cms.certificate-key-mismatch",
        CmsError::ContentMissing => "cms.content-missing",
        CmsError::Crypto(c) => crypto_code(c),
        CmsError::Encoding { .. } => "cms.encoding",
        CmsError::ExternalSignerNeedsPrepare => "cms.external-signer-needs-prepare",
        CmsError::PrepareNeedsOneSigner { .. } => "cms.prepare-needs-one-signer",
        CmsError::DigestAlgorithmMismatch { .. } => "cms.digest-algorithm-mismatch",
        CmsError::InvalidDigestLength { .. } => "cms.invalid-digest-length",
        CmsError::DuplicateAttribute { .. } => "cms.duplicate-attribute",
        CmsError::NoSubjectKeyIdentifier => "cms.no-subject-key-identifier",
        CmsError::ContentAlreadyAttached => "cms.content-already-attached",
        _ => "cms.error",
    }
}

pub(crate) fn cms(e: &CmsError) -> JsValue {
    js_error(cms_code(e), &e.to_string())
}
