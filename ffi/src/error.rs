//! Result codes, the per-call error detail, and the panic boundary.
//!
//! Codes are grouped in ranges so a caller can classify a code it does not know yet:
//!
//! | range     | meaning                                                         |
//! |-----------|-----------------------------------------------------------------|
//! | 0         | success                                                         |
//! | 1000–1999 | the caller's arguments or call order                            |
//! | 2000–2999 | the environment: files, clock                                   |
//! | 3000–3999 | input that is not what it should be (certificate, CMS, key)     |
//! | 4000–4999 | keys: passwords, key/certificate pairing, key formats           |
//! | 5000–5999 | signing                                                         |
//! | 9000–9999 | kyso itself (a bug: please report it)                           |
//!
//! A code, once published, keeps its number and meaning; new codes take new numbers.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use kyso::CertError;
use kyso::CryptoError;
use kyso::KeyError;
use kyso::StoreError;
use kyso::{CmsError, ErrorText, Lang};

/// Result of every fallible libkyso call. `KYSO_OK` is 0; the others are grouped in ranges
/// (see `kyso_result_text`). After a failure, `kyso_last_error_detail()` gives the details.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum kyso_result {
    /// Success.
    KYSO_OK = 0,

    // 1000–1999: the caller's arguments or call order.
    /// A required pointer argument was NULL.
    KYSO_NULL_PARAMETER = 1000,
    /// An argument is out of its documented domain (unknown constant, negative time, …).
    KYSO_INVALID_PARAMETER = 1001,
    /// A string argument is not valid UTF-8.
    KYSO_INVALID_UTF8 = 1002,
    /// No validation policy of that name (known: `vn-gov`, `strict`).
    KYSO_UNKNOWN_POLICY = 1003,
    /// No compiled-in trust bundle of that name (known: `vn`, `vgca`, `neac`).
    KYSO_UNKNOWN_BUNDLE = 1004,
    /// An index past the end of a list.
    KYSO_INDEX_OUT_OF_RANGE = 1005,
    /// The stream was already finished.
    KYSO_ALREADY_FINISHED = 1006,
    /// The value asked for is not in this object (e.g. a signer without signing time).
    KYSO_NOT_PRESENT = 1007,
    /// The call does not fit how the object was made (e.g. asking a prepare-stream to sign).
    KYSO_WRONG_MODE = 1008,
    /// A time-stamp is needed and no time-stamp authority was set
    /// (`kyso_verify_options_set_tsa`).
    KYSO_NO_TSA = 1009,

    // 2000–2999: the environment.
    /// A file could not be read.
    KYSO_IO_ERROR = 2000,
    /// The system clock is before 1970 or unreadable.
    KYSO_CLOCK_ERROR = 2001,

    // 3000–3999: input that is not what it should be.
    /// A certificate does not parse (DER or PEM).
    KYSO_MALFORMED_CERTIFICATE = 3000,
    /// No certificate where one was expected.
    KYSO_NO_CERTIFICATE = 3001,
    /// A PKCS#7 certificate bundle does not parse.
    KYSO_MALFORMED_PKCS7 = 3002,
    /// A CMS structure (or a prepared-signature state) does not parse.
    KYSO_MALFORMED_CMS = 3003,
    /// The input exceeds a size limit.
    KYSO_INPUT_TOO_LARGE = 3004,
    /// The bytes are not a key format kyso reads (PKCS#8, PKCS#1, SEC1, PKCS#12, PEM).
    KYSO_UNRECOGNIZED_KEY_FORMAT = 3005,
    /// A key structure was recognised but is malformed.
    KYSO_MALFORMED_KEY = 3006,
    /// Data given as a CRL does not parse as one (`kyso_verify_options_add_crl`).
    KYSO_MALFORMED_CRL = 3007,
    /// Data given as an OCSP response does not parse as one
    /// (`kyso_verify_options_add_ocsp_response`).
    KYSO_MALFORMED_OCSP_RESPONSE = 3008,
    /// The input to sign is not a PDF kyso can read (not a PDF at all, or malformed past
    /// reading).
    KYSO_MALFORMED_PDF = 3009,

    // 4000–4999: keys.
    /// The key or PKCS#12 file is encrypted and no password was given.
    KYSO_PASSWORD_REQUIRED = 4000,
    /// The password is wrong.
    KYSO_WRONG_PASSWORD = 4001,
    /// The PKCS#12 file holds no private key.
    KYSO_NO_PRIVATE_KEY = 4002,
    /// The PKCS#12 file holds no certificate for its private key.
    KYSO_NO_MATCHING_CERTIFICATE = 4003,
    /// The certificate's public key is not the signing key.
    KYSO_CERTIFICATE_KEY_MISMATCH = 4004,
    /// A key algorithm kyso does not support.
    KYSO_UNSUPPORTED_KEY_ALGORITHM = 4005,
    /// A key-encryption, MAC or KDF algorithm kyso does not implement.
    KYSO_UNSUPPORTED_ENCRYPTION = 4006,
    /// A resource limit was hit while reading a key (iteration count, nesting, size).
    KYSO_LIMIT_EXCEEDED = 4007,

    // 5000–5999: signing.
    /// The caller's signing callback returned a failure.
    KYSO_SIGNING_CALLBACK_FAILED = 5000,
    /// An external signature (callback or two-phase) does not verify with the certificate.
    KYSO_EXTERNAL_SIGNATURE_INVALID = 5001,
    /// The signature algorithm does not fit the key (e.g. ECDSA with an RSA certificate).
    KYSO_ALGORITHM_KEY_MISMATCH = 5002,
    /// SHA-1 was asked for: kyso never signs with SHA-1.
    KYSO_SHA1_SIGNING_REFUSED = 5003,
    /// The signing backend failed.
    KYSO_SIGNING_FAILED = 5004,
    /// A signature or digest algorithm kyso does not implement.
    KYSO_UNSUPPORTED_ALGORITHM = 5005,
    /// The signed data could not be assembled (content missing/attached mismatch, duplicate
    /// attribute, …): see the detail.
    KYSO_CMS_BUILD_ERROR = 5006,
    /// The PDF cannot take this signature: encrypted, damaged, already certified, the field is
    /// signed or not a signature field, its seed values ask otherwise (`kyso_last_error_code`
    /// says which, `pdf.sign.*`).
    KYSO_PDF_SIGNING_REFUSED = 5007,
    /// Two-phase PDF signing: the signature does not fit the space prepared for it, or the PDF
    /// given to finish is not the one that was prepared. Prepare again.
    KYSO_PDF_PREPARED_MISMATCH = 5008,
    /// No time-stamp could be obtained: the TSA could not be reached through the fetch
    /// callback, or its answer was not taken (refused, not for this request, a TSA
    /// certificate unfit for time-stamping). `kyso_last_error_code` says which (`tsp.*`).
    KYSO_TIMESTAMP_FAILED = 5009,

    // 9000–9999: kyso itself.
    /// A Rust panic was caught at the boundary: a bug in kyso (please report the detail).
    KYSO_PANIC = 9000,
    /// An internal invariant failed: a bug in kyso.
    KYSO_INTERNAL_ERROR = 9001,
}

/// A failure on its way to C: the code, the detail kept for `kyso_last_error_detail`, and,
/// for errors from core, its catalogue sentence for `kyso_last_error_text`.
#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) code: kyso_result,
    pub(crate) detail: String,
    pub(crate) text: Option<ErrorText>,
}

impl Error {
    pub(crate) fn new(code: kyso_result, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            text: None,
        }
    }

    /// The catalogue sentence of the core error this one comes from.
    fn with_text(mut self, text: ErrorText) -> Self {
        self.text = Some(text);
        self
    }

    pub(crate) fn null(name: &str) -> Self {
        Self::new(
            kyso_result::KYSO_NULL_PARAMETER,
            format!("argument `{name}` is NULL"),
        )
    }

    pub(crate) fn invalid(name: &str, why: impl core::fmt::Display) -> Self {
        Self::new(
            kyso_result::KYSO_INVALID_PARAMETER,
            format!("argument `{name}`: {why}"),
        )
    }

    /// Prefix the detail with where it happened (`signer certificate: …`).
    pub(crate) fn context(mut self, what: &str) -> Self {
        self.detail = format!("{what}: {}", self.detail);
        self
    }
}

pub(crate) type Result<T, E = Error> = core::result::Result<T, E>;

impl From<CertError> for Error {
    fn from(e: CertError) -> Self {
        let text = e.message();
        let code = match e {
            CertError::Empty => kyso_result::KYSO_NO_CERTIFICATE,
            CertError::TooLarge { .. } => kyso_result::KYSO_INPUT_TOO_LARGE,
            _ => kyso_result::KYSO_MALFORMED_CERTIFICATE,
        };
        Self::new(code, e.to_string()).with_text(text)
    }
}

/// Evidence core refused on intake: one code per kind, core's sentence as the text.
impl From<kyso::EvidenceError> for Error {
    fn from(e: kyso::EvidenceError) -> Self {
        let text = e.message();
        let code = match e {
            kyso::EvidenceError::NotCrl { .. } => kyso_result::KYSO_MALFORMED_CRL,
            kyso::EvidenceError::NotOcspResponse { .. } => {
                kyso_result::KYSO_MALFORMED_OCSP_RESPONSE
            }
            _ => kyso_result::KYSO_MALFORMED_CERTIFICATE,
        };
        Self::new(code, e.to_string()).with_text(text)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        let text = e.message();
        let error = match e {
            StoreError::Certificate(c) => c.into(),
            StoreError::MalformedPkcs7 => {
                Self::new(kyso_result::KYSO_MALFORMED_PKCS7, e.to_string())
            }
            StoreError::Empty => Self::new(kyso_result::KYSO_NO_CERTIFICATE, e.to_string()),
            StoreError::UnknownBundle { .. } => {
                Self::new(kyso_result::KYSO_UNKNOWN_BUNDLE, e.to_string())
            }
            _ => Self::new(kyso_result::KYSO_INTERNAL_ERROR, e.to_string()),
        };
        error.with_text(text)
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        use kyso_result::*;
        let text = e.message();
        let error = match e {
            CryptoError::UnsupportedAlgorithm { oid } => Self::new(
                KYSO_UNSUPPORTED_ALGORITHM,
                format!("algorithm {oid} is not supported"),
            ),
            CryptoError::InvalidParameters { oid } => Self::new(
                KYSO_UNSUPPORTED_ALGORITHM,
                format!("algorithm {oid}: malformed or inconsistent parameters"),
            ),
            CryptoError::InvalidPublicKey => Self::new(
                KYSO_MALFORMED_CERTIFICATE,
                "the certificate's public key does not parse",
            ),
            CryptoError::InvalidPrivateKey => {
                Self::new(KYSO_MALFORMED_KEY, "the private key cannot be used")
            }
            CryptoError::SchemeKeyMismatch => Self::new(
                KYSO_ALGORITHM_KEY_MISMATCH,
                "the signature algorithm does not fit the key (RSA/ECDSA/Ed25519 family or curve)",
            ),
            CryptoError::BadSignature => Self::new(
                KYSO_EXTERNAL_SIGNATURE_INVALID,
                "the signature does not verify with the certificate's public key",
            ),
            CryptoError::SigningFailed => {
                Self::new(KYSO_SIGNING_FAILED, "the signing backend failed")
            }
            CryptoError::Sha1SigningRefused => Self::new(
                KYSO_SHA1_SIGNING_REFUSED,
                "SHA-1 was requested for signing; kyso never signs with SHA-1",
            ),
            other => Self::new(KYSO_SIGNING_FAILED, other.to_string()),
        };
        error.with_text(text)
    }
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        use kyso_result::*;
        let text = e.message();
        let error = match e {
            KeyError::UnrecognizedFormat => Self::new(
                KYSO_UNRECOGNIZED_KEY_FORMAT,
                "not a key format kyso reads (PKCS#12, PKCS#8, PKCS#1, SEC1; DER or PEM)",
            ),
            KeyError::Malformed { what } => Self::new(KYSO_MALFORMED_KEY, what.to_string()),
            KeyError::PasswordRequired => Self::new(
                KYSO_PASSWORD_REQUIRED,
                "the key is encrypted and no password was given",
            ),
            KeyError::WrongPassword => Self::new(
                KYSO_WRONG_PASSWORD,
                "wrong password (MAC mismatch or decryption padding failure)",
            ),
            KeyError::UnsupportedEncryption { oid } => Self::new(
                KYSO_UNSUPPORTED_ENCRYPTION,
                format!("encryption/MAC/KDF algorithm {oid} is not implemented"),
            ),
            KeyError::UnsupportedKeyAlgorithm { oid } => Self::new(
                KYSO_UNSUPPORTED_KEY_ALGORITHM,
                format!("key algorithm {oid} is not supported"),
            ),
            KeyError::NoPrivateKey => {
                Self::new(KYSO_NO_PRIVATE_KEY, "the PKCS#12 file holds no private key")
            }
            KeyError::NoMatchingCertificate => Self::new(
                KYSO_NO_MATCHING_CERTIFICATE,
                "no certificate in the input holds the private key's public key",
            ),
            KeyError::CertificateKeyMismatch => Self::new(
                KYSO_CERTIFICATE_KEY_MISMATCH,
                "the certificate's public key is not the private key's",
            ),
            KeyError::LimitExceeded { what } => Self::new(KYSO_LIMIT_EXCEEDED, what.to_string()),
            KeyError::Crypto(c) => c.into(),
            other => Self::new(KYSO_MALFORMED_KEY, other.to_string()),
        };
        error.with_text(text)
    }
}

impl From<CmsError> for Error {
    fn from(e: CmsError) -> Self {
        use kyso_result::*;
        let text = e.message();
        let error = match e {
            CmsError::Malformed { flaw, position } => Self::new(
                KYSO_MALFORMED_CMS,
                match position {
                    Some(p) => format!("{flaw} at byte {p}"),
                    None => flaw.to_string(),
                },
            ),
            CmsError::NotSignedData { content_type } => Self::new(
                KYSO_MALFORMED_CMS,
                format!("content type {content_type} is not SignedData (RFC 5652 §5)"),
            ),
            CmsError::TooLarge { len, limit } => Self::new(
                KYSO_INPUT_TOO_LARGE,
                format!("{len} bytes exceed the limit of {limit}"),
            ),
            CmsError::ExternalSignatureInvalid => Self::new(
                KYSO_EXTERNAL_SIGNATURE_INVALID,
                "the external signature does not verify with the signer certificate's public key \
                 over the signed attributes (RFC 5652 §5.4): wrong key, wrong algorithm or \
                 wrong input form",
            ),
            CmsError::CertificateKeyMismatch => Self::new(
                KYSO_CERTIFICATE_KEY_MISMATCH,
                "the signer certificate's public key is not the signing key",
            ),
            CmsError::Crypto(c) => c.into(),
            CmsError::DigestAlgorithmMismatch { content, signer } => Self::new(
                KYSO_CMS_BUILD_ERROR,
                format!(
                    "content digest is {} but the signer signs with {}",
                    content.name(),
                    signer.name()
                ),
            ),
            other => Self::new(KYSO_CMS_BUILD_ERROR, other.to_string()),
        };
        error.with_text(text)
    }
}

/// A PDF that could not be signed: a code by whose problem it is (the caller's arguments, the
/// document, the two-phase state), core's sentence as the text. CMS failures (an external
/// signature that does not verify) keep the CMS codes.
impl From<kyso::PdfSignError> for Error {
    fn from(e: kyso::PdfSignError) -> Self {
        use kyso::PdfSignError as P;
        use kyso_result::*;
        let code = match &e {
            P::Cms(c) => return c.clone().into(),
            // A signature time-stamp that could not be had: the TSA's codes.
            P::Timestamp(t) => return t.clone().into(),
            P::Read(_) => KYSO_MALFORMED_PDF,
            P::Encrypted
            | P::Damaged
            | P::NeedsRepair { .. }
            | P::FieldNotSignature { .. }
            | P::FieldAlreadySigned { .. }
            | P::CertificationNotFirst
            | P::DocMdpForbids
            | P::SeedValue { .. } => KYSO_PDF_SIGNING_REFUSED,
            P::PageOutOfRange { .. }
            | P::BadRect
            | P::FieldNameInvalid { .. }
            | P::BadCertificationLevel { .. }
            | P::UnknownSubFilter { .. } => KYSO_INVALID_PARAMETER,
            P::ContentsTooSmall { .. } | P::InputMismatch { .. } => KYSO_PDF_PREPARED_MISMATCH,
            P::TooLarge => KYSO_INPUT_TOO_LARGE,
            P::BadState => KYSO_MALFORMED_CMS,
            _ => KYSO_PDF_SIGNING_REFUSED,
        };
        Self::new(code, e.to_string()).with_text(e.message())
    }
}

/// A time-stamp that could not be obtained or added: the TSA's failures are
/// `KYSO_TIMESTAMP_FAILED`, a request kyso cannot make `KYSO_INVALID_PARAMETER`, an unreadable
/// signature the CMS codes; core's sentence as the text.
impl From<kyso::TspError> for Error {
    fn from(e: kyso::TspError) -> Self {
        use kyso::TspError as T;
        use kyso_result::*;
        let code = match &e {
            T::Cms(c) => return c.clone().into(),
            T::Sha1NotAllowed | T::ImprintLength { .. } | T::BadRequest => KYSO_INVALID_PARAMETER,
            _ => KYSO_TIMESTAMP_FAILED,
        };
        Self::new(code, e.to_string()).with_text(e.message())
    }
}

/// A signature that could not be extended: no TSA when one is needed (`KYSO_NO_TSA`), a
/// level the format does not have (`KYSO_INVALID_PARAMETER`), else the step's own code.
impl From<kyso::ExtendError> for Error {
    fn from(e: kyso::ExtendError) -> Self {
        use kyso::ExtendError as X;
        use kyso_result::*;
        let code = match e {
            X::Timestamp(t) => return t.into(),
            X::Cms(c) => return c.into(),
            X::Pdf(p) => return p.into(),
            X::NeedsTsa { .. } => KYSO_NO_TSA,
            _ => KYSO_INTERNAL_ERROR,
        };
        Self::new(code, e.to_string()).with_text(e.message())
    }
}

thread_local! {
    /// Detail of the last failed call on this thread (rustls-ffi gives only the code's text).
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
    /// The catalogue sentence of that failure in Vietnamese and English, when it came from core.
    static LAST_ERROR_TEXT: RefCell<Option<[CString; 2]>> = const { RefCell::new(None) };
    /// The stable string code of that failure (`kyso_last_error_code`).
    static LAST_ERROR_CODE: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Forget the previous detail: called on entry of every call that returns a `kyso_result`.
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|l| l.borrow_mut().take());
    LAST_ERROR_TEXT.with(|l| l.borrow_mut().take());
    LAST_ERROR_CODE.with(|l| l.borrow_mut().take());
}

/// Record a failure with no core error behind it: the detail, and the fallback string code
/// of `result` (see `kyso_last_error_code`).
pub(crate) fn set_last_error(result: kyso_result, detail: &str) {
    let c = crate::bytes::cstring(detail);
    LAST_ERROR.with(|l| *l.borrow_mut() = Some(c));
    LAST_ERROR_TEXT.with(|l| l.borrow_mut().take());
    let code = crate::bytes::cstring(&fallback_code(result));
    LAST_ERROR_CODE.with(|l| *l.borrow_mut() = Some(code));
}

/// The string code of a failure core did not report (a NULL argument, an I/O error, a panic):
/// `kyso_result.` and the number, documented in docs/c-api.md. Core's codes never take this
/// form, so the two cannot be confused.
fn fallback_code(result: kyso_result) -> String {
    format!("kyso_result.{}", result.code())
}

/// Record `e` for `kyso_last_error_detail`, `kyso_last_error_text` and `kyso_last_error_code`,
/// and return its result code.
pub(crate) fn record(e: Error) -> kyso_result {
    let text = result_str(e.code);
    set_last_error(e.code, &format!("{text}: {}", e.detail));
    if let Some(t) = &e.text {
        let texts = [Lang::Vi, Lang::En].map(|l| crate::bytes::cstring(&t.render(l)));
        LAST_ERROR_TEXT.with(|l| *l.borrow_mut() = Some(texts));
        // Core's own code for the error (its catalogue id): the npm package's `KysoError.code`
        // and the CLI's `--json` error code for the same failure (issue 10 item 4).
        let code = crate::bytes::cstring(t.code());
        LAST_ERROR_CODE.with(|l| *l.borrow_mut() = Some(code));
    }
    e.code
}

/// Record a caught panic.
pub(crate) fn record_panic(payload: &(dyn core::any::Any + Send)) -> kyso_result {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    set_last_error(
        kyso_result::KYSO_PANIC,
        &format!("internal error (panic caught at the C boundary): {msg}"),
    );
    kyso_result::KYSO_PANIC
}

/// Run a fallible body inside the panic boundary: clear the last error, catch panics, turn
/// `Err` into its code (recording the detail).
macro_rules! ffi_result {
    ($body:block) => {{
        $crate::error::clear_last_error();
        let run = || -> $crate::error::Result<()> { $body };
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(run)) {
            Ok(Ok(())) => $crate::error::kyso_result::KYSO_OK,
            Ok(Err(e)) => $crate::error::record(e),
            Err(payload) => $crate::error::record_panic(payload.as_ref()),
        }
    }};
}

/// Run an infallible accessor inside the panic boundary; `$default` when it panics. Accessors
/// leave the last error alone (so `kyso_result_text` etc. can be called while handling one).
macro_rules! ffi_value {
    ($default:expr, $body:block) => {{
        let run = || $body;
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(run)) {
            Ok(v) => v,
            Err(payload) => {
                $crate::error::record_panic(payload.as_ref());
                $default
            }
        }
    }};
}

fn result_str(r: kyso_result) -> &'static str {
    result_cstr(r).to_str().unwrap_or("")
}

fn result_cstr(r: kyso_result) -> &'static core::ffi::CStr {
    use kyso_result::*;
    match r {
        KYSO_OK => c"success",
        KYSO_NULL_PARAMETER => c"a required pointer argument is NULL",
        KYSO_INVALID_PARAMETER => c"invalid argument",
        KYSO_INVALID_UTF8 => c"string argument is not valid UTF-8",
        KYSO_UNKNOWN_POLICY => c"unknown validation policy name",
        KYSO_UNKNOWN_BUNDLE => c"unknown trust bundle name",
        KYSO_INDEX_OUT_OF_RANGE => c"index out of range",
        KYSO_ALREADY_FINISHED => c"the stream is already finished",
        KYSO_NOT_PRESENT => c"the value is not present",
        KYSO_WRONG_MODE => c"the call does not fit how the object was created",
        KYSO_NO_TSA => c"a time-stamp is needed and no time-stamp authority was set",
        KYSO_IO_ERROR => c"I/O error",
        KYSO_CLOCK_ERROR => c"the system clock is unusable",
        KYSO_MALFORMED_CERTIFICATE => c"malformed certificate",
        KYSO_NO_CERTIFICATE => c"no certificate found",
        KYSO_MALFORMED_PKCS7 => c"malformed PKCS#7 certificate bundle",
        KYSO_MALFORMED_CMS => c"malformed CMS structure",
        KYSO_INPUT_TOO_LARGE => c"input too large",
        KYSO_UNRECOGNIZED_KEY_FORMAT => c"unrecognized key format",
        KYSO_MALFORMED_KEY => c"malformed key",
        KYSO_MALFORMED_CRL => c"malformed CRL",
        KYSO_MALFORMED_OCSP_RESPONSE => c"malformed OCSP response",
        KYSO_PASSWORD_REQUIRED => c"password required",
        KYSO_WRONG_PASSWORD => c"wrong password",
        KYSO_NO_PRIVATE_KEY => c"no private key in the PKCS#12 file",
        KYSO_NO_MATCHING_CERTIFICATE => c"no certificate matches the private key",
        KYSO_CERTIFICATE_KEY_MISMATCH => c"certificate and key do not match",
        KYSO_UNSUPPORTED_KEY_ALGORITHM => c"unsupported key algorithm",
        KYSO_UNSUPPORTED_ENCRYPTION => c"unsupported key encryption",
        KYSO_LIMIT_EXCEEDED => c"resource limit exceeded",
        KYSO_SIGNING_CALLBACK_FAILED => c"the signing callback failed",
        KYSO_EXTERNAL_SIGNATURE_INVALID => c"the external signature is invalid",
        KYSO_ALGORITHM_KEY_MISMATCH => c"signature algorithm does not fit the key",
        KYSO_SHA1_SIGNING_REFUSED => c"signing with SHA-1 is refused",
        KYSO_SIGNING_FAILED => c"signing failed",
        KYSO_UNSUPPORTED_ALGORITHM => c"unsupported algorithm",
        KYSO_CMS_BUILD_ERROR => c"the signed data could not be assembled",
        KYSO_MALFORMED_PDF => c"malformed PDF",
        KYSO_PDF_SIGNING_REFUSED => c"the PDF cannot take this signature",
        KYSO_PDF_PREPARED_MISMATCH => c"the prepared PDF signature does not fit",
        KYSO_TIMESTAMP_FAILED => c"no time-stamp could be obtained",
        KYSO_PANIC => c"internal error (panic)",
        KYSO_INTERNAL_ERROR => c"internal error",
    }
}

/// Static English text for a result code (never NULL; an unknown number gives
/// "unknown result code"). The pointer is valid for the life of the program.
#[unsafe(no_mangle)]
pub extern "C" fn kyso_result_text(result: u32) -> *const c_char {
    ffi_value!(c"internal error".as_ptr(), {
        match code_from_u32(result) {
            Some(r) => result_cstr(r).as_ptr(),
            None => c"unknown result code".as_ptr(),
        }
    })
}

fn code_from_u32(n: u32) -> Option<kyso_result> {
    use kyso_result::*;
    const ALL: &[kyso_result] = &[
        KYSO_OK,
        KYSO_NULL_PARAMETER,
        KYSO_INVALID_PARAMETER,
        KYSO_INVALID_UTF8,
        KYSO_UNKNOWN_POLICY,
        KYSO_UNKNOWN_BUNDLE,
        KYSO_INDEX_OUT_OF_RANGE,
        KYSO_ALREADY_FINISHED,
        KYSO_NOT_PRESENT,
        KYSO_WRONG_MODE,
        KYSO_NO_TSA,
        KYSO_IO_ERROR,
        KYSO_CLOCK_ERROR,
        KYSO_MALFORMED_CERTIFICATE,
        KYSO_NO_CERTIFICATE,
        KYSO_MALFORMED_PKCS7,
        KYSO_MALFORMED_CMS,
        KYSO_INPUT_TOO_LARGE,
        KYSO_UNRECOGNIZED_KEY_FORMAT,
        KYSO_MALFORMED_KEY,
        KYSO_MALFORMED_CRL,
        KYSO_MALFORMED_OCSP_RESPONSE,
        KYSO_MALFORMED_PDF,
        KYSO_PASSWORD_REQUIRED,
        KYSO_WRONG_PASSWORD,
        KYSO_NO_PRIVATE_KEY,
        KYSO_NO_MATCHING_CERTIFICATE,
        KYSO_CERTIFICATE_KEY_MISMATCH,
        KYSO_UNSUPPORTED_KEY_ALGORITHM,
        KYSO_UNSUPPORTED_ENCRYPTION,
        KYSO_LIMIT_EXCEEDED,
        KYSO_SIGNING_CALLBACK_FAILED,
        KYSO_EXTERNAL_SIGNATURE_INVALID,
        KYSO_ALGORITHM_KEY_MISMATCH,
        KYSO_SHA1_SIGNING_REFUSED,
        KYSO_SIGNING_FAILED,
        KYSO_UNSUPPORTED_ALGORITHM,
        KYSO_CMS_BUILD_ERROR,
        KYSO_PDF_SIGNING_REFUSED,
        KYSO_PDF_PREPARED_MISMATCH,
        KYSO_TIMESTAMP_FAILED,
        KYSO_PANIC,
        KYSO_INTERNAL_ERROR,
    ];
    ALL.iter().copied().find(|r| r.code() == n)
}

impl kyso_result {
    /// The number C sees.
    #[allow(clippy::as_conversions)] // fieldless #[repr(u32)] enum to its discriminant: lossless
    pub(crate) fn code(self) -> u32 {
        self as u32
    }
}

/// The detail of the last failed call on the calling thread: the code's text followed by what
/// exactly went wrong (which argument, which certificate, which rule), e.g.
/// `wrong password: wrong password (MAC mismatch or decryption padding failure)`.
///
/// Every call that returns a `kyso_result` clears it on entry, so it describes the most recent
/// such call; accessors that return values directly leave it alone. Returns "" when the last
/// call succeeded. The pointer stays valid until the next `kyso_result`-returning call on this
/// thread; copy the string to keep it.
#[unsafe(no_mangle)]
pub extern "C" fn kyso_last_error_detail() -> *const c_char {
    ffi_value!(c"".as_ptr(), {
        LAST_ERROR.with(|l| match l.borrow().as_ref() {
            // The CString lives in the thread-local until the next fallible call replaces it.
            Some(c) => c.as_ptr(),
            None => c"".as_ptr(),
        })
    })
}

/// The last failed call's error on the calling thread as a sentence of kyso's message
/// catalogue in `lang` (`KYSO_LANG_VI` or `KYSO_LANG_EN`), for showing to people, e.g.
/// `Dữ liệu ký số không đúng định dạng CMS/PKCS#7: dữ liệu bị cắt cụt, thiếu phần cuối (tại
/// byte 0)`.
///
/// NULL when the last `kyso_result`-returning call succeeded, when `lang` is unknown, or when
/// the failure was in the call itself rather than in its input (a NULL or invalid argument, an
/// I/O error: `kyso_last_error_detail` says which). Same lifetime as
/// `kyso_last_error_detail`: valid until the next `kyso_result`-returning call on this thread.
#[unsafe(no_mangle)]
pub extern "C" fn kyso_last_error_text(lang: crate::report::kyso_lang) -> *const c_char {
    ffi_value!(core::ptr::null(), {
        let slot = match lang {
            crate::report::KYSO_LANG_VI => 0,
            crate::report::KYSO_LANG_EN => 1,
            _ => return core::ptr::null(),
        };
        LAST_ERROR_TEXT.with(|l| match l.borrow().as_ref().and_then(|t| t.get(slot)) {
            // The CString lives in the thread-local until the next fallible call replaces it.
            Some(c) => c.as_ptr(),
            None => core::ptr::null(),
        })
    })
}

/// The stable string code of the last failed call's error on the calling thread: the code of
/// kyso's message catalogue for errors from kyso's core (e.g. `revocation.bad-crl`,
/// `cms.malformed`, `key.wrong-password`), the same code the CLI's `--json` error and the npm
/// package's `KysoError.code` give for the same failure. For failures in the call itself
/// rather than in its input (a NULL or invalid argument, an I/O error, a caught panic), which
/// have no catalogue entry, it is `kyso_result.` followed by the `kyso_result` number, e.g.
/// `kyso_result.1000` for `KYSO_NULL_PARAMETER`.
///
/// Returns "" when the last `kyso_result`-returning call succeeded. Same lifetime as
/// `kyso_last_error_detail`: valid until the next `kyso_result`-returning call on this thread.
#[unsafe(no_mangle)]
pub extern "C" fn kyso_last_error_code() -> *const c_char {
    ffi_value!(c"".as_ptr(), {
        LAST_ERROR_CODE.with(|l| match l.borrow().as_ref() {
            // The CString lives in the thread-local until the next fallible call replaces it.
            Some(c) => c.as_ptr(),
            None => c"".as_ptr(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code has its own text, and the number round-trips.
    #[test]
    fn codes_round_trip() {
        for n in 0..10_000u32 {
            if let Some(r) = code_from_u32(n) {
                assert_eq!(r.code(), n);
                assert!(!result_str(r).is_empty());
            }
        }
    }
}
