//! Errors reaching JavaScript: real `Error` objects (name `KysoError`) with a stable string
//! `code` and the English `Display` text of the core error as `message` (the
//! lightningcss / matrix-sdk-crypto-wasm model; never PKI.js's magic numbers).
//!
//! The codes are the public contract of the npm package (listed in `js/index.d.ts`,
//! `ErrorCode`); a code is never reused for another meaning. Errors from core carry core's
//! codes (`CmsError::code`, `CryptoError::code`); the `input.*`, `trust.*`, `revocation.*` and
//! `policy.*` codes name which argument of a binding call was refused.

use kyso::{CmsError, ErrorText, Lang};
use wasm_bindgen::JsValue;

/// A JS `Error` with `name = "KysoError"`, `code` and `message`.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    error_object(code, message).into()
}

fn error_object(code: &str, message: &str) -> js_sys::Error {
    let e = js_sys::Error::new(message);
    e.set_name("KysoError");
    // Reflect::set on a fresh Error object cannot fail (it is extensible and not a proxy);
    // were it to, the error still carries its message.
    let _ = js_sys::Reflect::set(&e, &JsValue::from_str("code"), &JsValue::from_str(code));
    e
}

/// [`js_error`] for an error from core: `message` as before (English, kept for
/// compatibility), plus `messages: { vi, en }`, core's catalogue sentence in each language
/// (issue 9), for showing to people.
pub(crate) fn core_error(code: &str, message: &str, text: &ErrorText) -> JsValue {
    let e = error_object(code, message);
    let messages = js_sys::Object::new();
    for (key, lang) in [("vi", Lang::Vi), ("en", Lang::En)] {
        let _ = js_sys::Reflect::set(
            &messages,
            &JsValue::from_str(key),
            &JsValue::from_str(&text.render(lang)),
        );
    }
    let _ = js_sys::Reflect::set(&e, &JsValue::from_str("messages"), &messages);
    e.into()
}

/// `input.*`: an argument the binding could not read (bad time string, unknown name, …).
pub(crate) fn input(code: &'static str, message: &str) -> JsValue {
    js_error(code, message)
}

pub(crate) fn cms(e: &CmsError) -> JsValue {
    core_error(e.code(), &e.to_string(), &e.message())
}
