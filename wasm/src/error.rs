//! Errors reaching JavaScript: real `Error` objects (name `KysoError`) with a stable string
//! `code` and the English `Display` text of the core error as `message` (shared/brief/architecture.md §4,
//! the lightningcss / matrix-sdk-crypto-wasm model; never PKI.js's magic numbers).
//!
//! The codes are the public contract of the npm package (listed in `js/index.d.ts`,
//! `ErrorCode`); a code is never reused for another meaning. Errors from core carry core's
//! codes (`CmsError::code`, `CryptoError::code`); the `input.*`, `trust.*`, `revocation.*` and
//! `policy.*` codes name which argument of a binding call was refused.

use kyso::CmsError;
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

pub(crate) fn cms(e: &CmsError) -> JsValue {
    js_error(e.code(), &e.to_string())
}
