//! Signing: signers from PKCS#12, from a key and certificate, from a C callback (PKCS#11 tokens,
//! Windows CNG, remote signing services) or from a certificate alone (two-phase signing);
//! attached or detached CMS; streaming for large content; two-phase prepare/finish.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use kyso::Digester;
use kyso::finish_prepared_signature;
use kyso::{
    Certificate, CryptoError, CryptoProvider, DateTime, DigestAlgorithm, KeyBundle,
    PreparedSignature, RustCryptoProvider, SignInput, SignatureScheme, SignedDataBuilder,
    SignerOptions, SoftwareKey,
};

use crate::bytes::{kyso_bytes, kyso_writer};
use crate::error::{Error, Result, kyso_result};
use crate::ptr::{self, Out};

/// A signature algorithm (0 = the default for the key).
pub type kyso_sig_alg = u32;
/// The key's default: RSA → PKCS#1 v1.5 with SHA-256; EC P-256/P-384/P-521 → ECDSA with
/// SHA-256/384/512; Ed25519 → Ed25519.
pub const KYSO_SIG_DEFAULT: kyso_sig_alg = 0;
/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2).
pub const KYSO_SIG_RSA_PKCS1_SHA256: kyso_sig_alg = 1;
/// RSASSA-PKCS1-v1_5 with SHA-384.
pub const KYSO_SIG_RSA_PKCS1_SHA384: kyso_sig_alg = 2;
/// RSASSA-PKCS1-v1_5 with SHA-512.
pub const KYSO_SIG_RSA_PKCS1_SHA512: kyso_sig_alg = 3;
/// RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 bytes (RFC 8017 §8.1, RFC 4055 §3.1).
pub const KYSO_SIG_RSA_PSS_SHA256: kyso_sig_alg = 4;
/// RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48 bytes.
pub const KYSO_SIG_RSA_PSS_SHA384: kyso_sig_alg = 5;
/// RSASSA-PSS with SHA-512, MGF1-SHA-512, salt 64 bytes.
pub const KYSO_SIG_RSA_PSS_SHA512: kyso_sig_alg = 6;
/// ECDSA with SHA-256 (RFC 5758 §3.2).
pub const KYSO_SIG_ECDSA_SHA256: kyso_sig_alg = 7;
/// ECDSA with SHA-384.
pub const KYSO_SIG_ECDSA_SHA384: kyso_sig_alg = 8;
/// ECDSA with SHA-512.
pub const KYSO_SIG_ECDSA_SHA512: kyso_sig_alg = 9;
/// Ed25519 (RFC 8032, CMS per RFC 8419).
pub const KYSO_SIG_ED25519: kyso_sig_alg = 10;
// SHA-3 (FIPS 202; Thông tư 15/2025/TT-BKHCN). Values are ABI: added after the existing ones,
// never renumbered.
/// RSASSA-PKCS1-v1_5 with SHA3-224 (`id-rsassa-pkcs1-v1_5-with-sha3-224`, NIST CSOR).
pub const KYSO_SIG_RSA_PKCS1_SHA3_224: kyso_sig_alg = 11;
/// RSASSA-PKCS1-v1_5 with SHA3-256.
pub const KYSO_SIG_RSA_PKCS1_SHA3_256: kyso_sig_alg = 12;
/// RSASSA-PKCS1-v1_5 with SHA3-384.
pub const KYSO_SIG_RSA_PKCS1_SHA3_384: kyso_sig_alg = 13;
/// RSASSA-PKCS1-v1_5 with SHA3-512.
pub const KYSO_SIG_RSA_PKCS1_SHA3_512: kyso_sig_alg = 14;
/// RSASSA-PSS with SHA3-224, MGF1-SHA3-224, salt 28 bytes.
pub const KYSO_SIG_RSA_PSS_SHA3_224: kyso_sig_alg = 15;
/// RSASSA-PSS with SHA3-256, MGF1-SHA3-256, salt 32 bytes.
pub const KYSO_SIG_RSA_PSS_SHA3_256: kyso_sig_alg = 16;
/// RSASSA-PSS with SHA3-384, MGF1-SHA3-384, salt 48 bytes.
pub const KYSO_SIG_RSA_PSS_SHA3_384: kyso_sig_alg = 17;
/// RSASSA-PSS with SHA3-512, MGF1-SHA3-512, salt 64 bytes.
pub const KYSO_SIG_RSA_PSS_SHA3_512: kyso_sig_alg = 18;
/// ECDSA with SHA3-224 (`id-ecdsa-with-sha3-224`, NIST CSOR).
pub const KYSO_SIG_ECDSA_SHA3_224: kyso_sig_alg = 19;
/// ECDSA with SHA3-256.
pub const KYSO_SIG_ECDSA_SHA3_256: kyso_sig_alg = 20;
/// ECDSA with SHA3-384.
pub const KYSO_SIG_ECDSA_SHA3_384: kyso_sig_alg = 21;
/// ECDSA with SHA3-512.
pub const KYSO_SIG_ECDSA_SHA3_512: kyso_sig_alg = 22;

/// What a signing callback (or a two-phase signer) is given to sign.
pub type kyso_sign_input = u32;
/// The bytes to sign (the DER signed attributes, RFC 5652 §5.4): the signer hashes them itself
/// (PKCS#11 `CKM_SHA256_RSA_PKCS`, `CKM_ECDSA_SHA256`, Ed25519, most remote services).
pub const KYSO_SIGN_INPUT_MESSAGE: kyso_sign_input = 0;
/// The digest of the bytes to sign, with the algorithm's hash: for "sign hash" mechanisms
/// (`CKM_ECDSA`, `CKM_RSA_PKCS_PSS`, Windows `NCryptSignHash` with padding info naming the hash).
/// Not for Ed25519.
pub const KYSO_SIGN_INPUT_DIGEST: kyso_sign_input = 1;
/// The DER `DigestInfo` of that digest (RFC 8017 §9.2): for raw RSA PKCS#1 v1.5 mechanisms
/// (`CKM_RSA_PKCS`, `NCRYPT_PAD_PKCS1_FLAG` without an algorithm id). RSA PKCS#1 v1.5 only.
pub const KYSO_SIGN_INPUT_DIGEST_INFO: kyso_sign_input = 2;

/// Produces a signature for libkyso: sign `input` (`input_len` bytes, in the form chosen when
/// the signer was made, see `kyso_sign_input`) with `algorithm`, write the signature into
/// `signature` with `kyso_writer_write`, and return 0; non-zero on failure (token removed, PIN
/// refused, service down), which fails the signing call with `KYSO_SIGNING_CALLBACK_FAILED`.
/// ECDSA signatures may be DER or the raw `r ‖ s` that PKCS#11 and WebCrypto return.
/// libkyso checks the signature against the certificate before using it.
pub type kyso_sign_callback = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        algorithm: kyso_sig_alg,
        input: *const u8,
        input_len: usize,
        signature: *mut kyso_writer,
    ) -> c_int,
>;

/// Largest signature a callback may return (an RSA-16384 signature is 2 KiB).
const MAX_SIGNATURE_LEN: usize = 64 * 1024;

/// The scheme numbered `alg` in core's table (`SignatureScheme::from_signing_code`; the
/// `KYSO_SIG_*` constants above are those numbers, checked by a test below).
fn scheme_from_alg(alg: kyso_sig_alg) -> Option<SignatureScheme> {
    SignatureScheme::from_signing_code(alg)
}

/// The constant for a scheme kyso signs with (0 for one without a constant).
pub(crate) fn alg_from_scheme(s: SignatureScheme) -> kyso_sig_alg {
    s.signing_code().unwrap_or(KYSO_SIG_DEFAULT)
}

/// The scheme for `alg` with a key certified by `cert`: the key's default for
/// `KYSO_SIG_DEFAULT` (core's `KeyType::default_scheme`; DSA keys do not sign).
fn scheme_for_certificate(alg: kyso_sig_alg, cert: &Certificate) -> Result<SignatureScheme> {
    if alg != KYSO_SIG_DEFAULT {
        return scheme_from_alg(alg)
            .ok_or_else(|| Error::invalid("algorithm", format!("unknown algorithm {alg}")));
    }
    let key_type = RustCryptoProvider.key_type(cert.public_key_info())?;
    let scheme = key_type.default_scheme();
    // Core's may-sign rule; a key kyso does not sign with (DSA) keeps its C error code.
    key_type.check_signing_scheme(scheme).map_err(|e| match e {
        CryptoError::UnsupportedAlgorithm { .. } => Error::new(
            kyso_result::KYSO_UNSUPPORTED_KEY_ALGORITHM,
            "kyso signs with RSA, EC P-256/P-384/P-521 and Ed25519 keys only",
        ),
        other => other.into(),
    })?;
    Ok(scheme)
}

/// Core's rule for which input a scheme can sign (`SignInput::check`), with this ABI's
/// error code for a refused or unknown form (`KYSO_INVALID_PARAMETER`).
pub(crate) fn sign_input(input: kyso_sign_input, scheme: SignatureScheme) -> Result<SignInput> {
    let form = SignInput::from_code(input)
        .ok_or_else(|| Error::invalid("input", format!("unknown input form {input}")))?;
    form.check(scheme)
        .map_err(|e| Error::invalid("input", e.to_string()))?;
    Ok(form)
}

fn check_input_form(input: kyso_sign_input, scheme: SignatureScheme) -> Result<()> {
    sign_input(input, scheme).map(|_| ())
}

// ------------------------------------------------------------------------------------------
// Signers
// ------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
pub(crate) struct Callback {
    callback: unsafe extern "C" fn(
        *mut c_void,
        kyso_sig_alg,
        *const u8,
        usize,
        *mut kyso_writer,
    ) -> c_int,
    userdata: *mut c_void,
    pub(crate) input: kyso_sign_input,
}

pub(crate) enum Key {
    Software(Box<SoftwareKey>),
    Callback(Callback),
    /// Certificate only: two-phase signing (`kyso_prepare`).
    External,
}

pub(crate) struct SignerInner {
    pub(crate) key: Key,
    pub(crate) scheme: SignatureScheme,
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
}

/// Something that signs: a key with its certificate, a callback, or a certificate alone for
/// two-phase signing. Streams and prepared signatures made from it keep what they need, so it
/// may be freed before them.
pub struct kyso_signer {
    pub(crate) inner: Arc<SignerInner>,
}
// `Arc` (atomic count), not `Rc`: C may free the signer on one thread while a stream made from
// it finishes on another. `SignerInner` is not `Send`/`Sync` only because of the callback's
// `userdata` pointer, whose thread-safety is the caller's (kyso.h, docs/c-api.md).

#[allow(clippy::arc_with_non_send_sync)] // see `kyso_signer`
fn signer_from_bundle(b: KeyBundle) -> kyso_signer {
    let scheme = b.key.default_scheme();
    kyso_signer {
        inner: Arc::new(SignerInner {
            key: Key::Software(Box::new(b.key)),
            scheme,
            certificate: b.certificate,
            chain: b.chain,
        }),
    }
}

/// Certificates for a callback or external signer: the first is the signer's, the rest chain.
fn signer_certificates(data: &[u8]) -> Result<(Certificate, Vec<Certificate>)> {
    let certs = kyso::load_certificates(data).map_err(|e| Error::from(e).context("cert"))?;
    let mut it = certs.into_iter();
    let first = it
        .next()
        .ok_or_else(|| Error::new(kyso_result::KYSO_NO_CERTIFICATE, "no certificate in `cert`"))?;
    Ok((first, it.collect()))
}

/// A signer from a PKCS#12 / PFX file's bytes (RFC 7292; `.p12`, `.pfx` as issued by
/// Vietnamese CAs) protected by `password` (UTF-8; NULL for none). The certificate matching the
/// key signs; the file's other certificates are included as the chain. Also accepts PEM text
/// holding a private key and its certificates. `KYSO_WRONG_PASSWORD` /
/// `KYSO_PASSWORD_REQUIRED` for password problems.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_from_pkcs12(
    data: *const u8,
    len: usize,
    password: *const c_char,
    signer_out: *mut *mut kyso_signer,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        let password = unsafe { ptr::opt_cbytes(password) };
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        let bundle = KeyBundle::from_bytes(data, password)?;
        out.write(ptr::into_raw(signer_from_bundle(bundle)));
        Ok(())
    })
}

/// Like `kyso_signer_from_pkcs12`, reading the file at `path`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_from_pkcs12_file(
    path: *const c_char,
    password: *const c_char,
    signer_out: *mut *mut kyso_signer,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let path = unsafe { ptr::path(path, "path") }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        let password = unsafe { ptr::opt_cbytes(password) };
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        // Key file bytes are wiped when dropped (the parsed key itself lives in core).
        let data = zeroize::Zeroizing::new(ptr::read_file(path)?);
        let bundle = KeyBundle::from_bytes(&data, password)
            .map_err(|e| Error::from(e).context(&path.display().to_string()))?;
        out.write(ptr::into_raw(signer_from_bundle(bundle)));
        Ok(())
    })
}

/// A signer from a private key (PEM or DER: PKCS#8, encrypted PKCS#8 with `password`, PKCS#1,
/// SEC1) and certificates (PEM, DER or PKCS#7): the certificate holding the key's public key
/// signs, the others are included as its chain. `KYSO_CERTIFICATE_KEY_MISMATCH` if no
/// certificate holds the key.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_from_pem(
    key: *const u8,
    key_len: usize,
    cert: *const u8,
    cert_len: usize,
    password: *const c_char,
    signer_out: *mut *mut kyso_signer,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `key_len` readable bytes by the caller's contract (kyso.h).
        let key = unsafe { ptr::bytes(key, key_len, "key") }?;
        // SAFETY: `cert_len` readable bytes by the caller's contract (kyso.h).
        let cert = unsafe { ptr::bytes(cert, cert_len, "cert") }?;
        // SAFETY: NULL or a NUL-terminated string by the caller's contract (kyso.h).
        let password = unsafe { ptr::opt_cbytes(password) };
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        let key =
            SoftwareKey::from_bytes(key, password).map_err(|e| Error::from(e).context("key"))?;
        let certs = kyso::load_certificates(cert).map_err(|e| Error::from(e).context("cert"))?;
        let bundle = KeyBundle::from_parts(key, certs)?;
        out.write(ptr::into_raw(signer_from_bundle(bundle)));
        Ok(())
    })
}

/// A signer whose key is elsewhere (PKCS#11 token, Windows CNG, remote service): `callback`
/// is called with `userdata` for each signature, with the input in the form `input`
/// (`KYSO_SIGN_INPUT_*`). `cert` holds the signer's certificate first (PEM or DER), then any
/// chain certificates to include. `algorithm` may be `KYSO_SIG_DEFAULT` (the certificate key's
/// default). `userdata` must stay valid while the signer (or a stream made from it) is used.
#[unsafe(no_mangle)]
#[allow(clippy::arc_with_non_send_sync)] // see `kyso_signer`
pub unsafe extern "C" fn kyso_signer_from_callback(
    cert: *const u8,
    cert_len: usize,
    algorithm: kyso_sig_alg,
    input: kyso_sign_input,
    callback: kyso_sign_callback,
    userdata: *mut c_void,
    signer_out: *mut *mut kyso_signer,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `cert_len` readable bytes by the caller's contract (kyso.h).
        let cert = unsafe { ptr::bytes(cert, cert_len, "cert") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        let callback = callback.ok_or_else(|| Error::null("callback"))?;
        let (certificate, chain) = signer_certificates(cert)?;
        let scheme = scheme_for_certificate(algorithm, &certificate)?;
        check_input_form(input, scheme)?;
        out.write(ptr::into_raw(kyso_signer {
            inner: Arc::new(SignerInner {
                key: Key::Callback(Callback {
                    callback,
                    userdata,
                    input,
                }),
                scheme,
                certificate,
                chain,
            }),
        }));
        Ok(())
    })
}

/// A signer that has only the certificate (first in `cert`, then chain certificates), for
/// two-phase signing: `kyso_prepare` / `kyso_sign_stream_prepare` give the bytes to sign, the
/// signature is made elsewhere, `kyso_prepared_finish` assembles the result.
#[unsafe(no_mangle)]
#[allow(clippy::arc_with_non_send_sync)] // see `kyso_signer`
pub unsafe extern "C" fn kyso_signer_from_certificate(
    cert: *const u8,
    cert_len: usize,
    algorithm: kyso_sig_alg,
    signer_out: *mut *mut kyso_signer,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `cert_len` readable bytes by the caller's contract (kyso.h).
        let cert = unsafe { ptr::bytes(cert, cert_len, "cert") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        let (certificate, chain) = signer_certificates(cert)?;
        let scheme = scheme_for_certificate(algorithm, &certificate)?;
        out.write(ptr::into_raw(kyso_signer {
            inner: Arc::new(SignerInner {
                key: Key::External,
                scheme,
                certificate,
                chain,
            }),
        }));
        Ok(())
    })
}

/// Choose the signature algorithm (e.g. `KYSO_SIG_RSA_PSS_SHA256` for an RSA key). Refuses an
/// algorithm of another key family (`KYSO_ALGORITHM_KEY_MISMATCH`). Not possible once a
/// stream or prepared signature shares the signer (`KYSO_WRONG_MODE`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_set_algorithm(
    signer: *mut kyso_signer,
    algorithm: kyso_sig_alg,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared signer by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(signer, "signer") }?;
        let scheme = match scheme_from_alg(algorithm) {
            Some(scheme) => scheme,
            None if algorithm == KYSO_SIG_DEFAULT => match &s.inner.key {
                Key::Software(k) => k.default_scheme(),
                _ => scheme_for_certificate(KYSO_SIG_DEFAULT, &s.inner.certificate)?,
            },
            None => {
                return Err(Error::invalid(
                    "algorithm",
                    format!("unknown algorithm {algorithm}"),
                ));
            }
        };
        let inner = Arc::get_mut(&mut s.inner).ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_WRONG_MODE,
                "the signer is shared with a stream; set the algorithm first",
            )
        })?;
        match &mut inner.key {
            Key::Software(k) => {
                // `with_scheme` consumes the key, so refuse what it would refuse first and a
                // failed call never leaves the signer without its key.
                k.key_type().check_signing_scheme(scheme)?;
                let Key::Software(k) = std::mem::replace(&mut inner.key, Key::External) else {
                    return Err(Error::new(
                        kyso_result::KYSO_INTERNAL_ERROR,
                        "key kind changed",
                    ));
                };
                inner.key = Key::Software(Box::new((*k).with_scheme(scheme).map_err(|e| {
                    Error::from(e).context("the signer lost its key and can now only prepare")
                })?));
            }
            Key::Callback(cb) => check_input_form(cb.input, scheme)?,
            Key::External => {}
        }
        inner.scheme = scheme;
        Ok(())
    })
}

/// The signer's certificate as DER (a copy; free with `kyso_bytes_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_certificate(
    signer: *const kyso_signer,
    der_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live signer by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(der_out, "der_out") }?;
        out.write(ptr::into_raw(kyso_bytes {
            data: s.inner.certificate.der().to_vec(),
        }));
        Ok(())
    })
}

/// The signer's current algorithm.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_algorithm(signer: *const kyso_signer) -> kyso_sig_alg {
    ffi_value!(KYSO_SIG_DEFAULT, {
        // SAFETY: NULL or a live signer (kyso.h).
        unsafe { ptr::obj(signer, "signer") }
            .map_or(KYSO_SIG_DEFAULT, |s| alg_from_scheme(s.inner.scheme))
    })
}

/// Free a signer. NULL is a no-op. Streams and prepared signatures made from it stay usable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_free(signer: *mut kyso_signer) {
    ffi_value!((), {
        // SAFETY: NULL or a signer from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(signer) }
    })
}

// ------------------------------------------------------------------------------------------
// Sign options
// ------------------------------------------------------------------------------------------

/// How to sign. Defaults: attached (the content inside the signature), signing time = the
/// system clock, the signer's chain certificates included, no CRLs.
#[derive(Clone, Debug)]
pub struct kyso_sign_options {
    detached: bool,
    signing_time: SigningTime,
    include_chain: bool,
    /// DER CRLs to carry in the SignedData `crls` field (RFC 5652 §10.2.1).
    crls: Vec<Vec<u8>>,
}

#[derive(Clone, Copy, Debug)]
enum SigningTime {
    Now,
    At(DateTime),
    Omit,
}

impl Default for kyso_sign_options {
    fn default() -> Self {
        Self {
            detached: false,
            signing_time: SigningTime::Now,
            include_chain: true,
            crls: Vec::new(),
        }
    }
}

/// New sign options with the defaults.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_new(
    options_out: *mut *mut kyso_sign_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(options_out, "options_out") }?;
        out.write(ptr::into_raw(kyso_sign_options::default()));
        Ok(())
    })
}

/// Detached (`true`: the content is left out, as in `.p7s` files) or attached (`false`).
/// Streams always make detached signatures.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_set_detached(
    options: *mut kyso_sign_options,
    detached: bool,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { ptr::obj_mut(options, "options") }?;
        o.detached = detached;
        Ok(())
    })
}

/// The signing-time attribute (RFC 5652 §11.3) to claim, in seconds since 1970, instead of the
/// system clock.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_set_signing_time(
    options: *mut kyso_sign_options,
    unix_seconds: i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { ptr::obj_mut(options, "options") }?;
        o.signing_time = SigningTime::At(crate::env::from_unix(unix_seconds, "unix_seconds")?);
        Ok(())
    })
}

/// Leave the signing-time attribute out (Decree 30/2020 shows it on every signature, and the
/// `strict` policy requires it: only for special cases).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_omit_signing_time(
    options: *mut kyso_sign_options,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { ptr::obj_mut(options, "options") }?;
        o.signing_time = SigningTime::Omit;
        Ok(())
    })
}

/// Whether to include the signer's chain certificates (default true; the signer's own
/// certificate is always included).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_set_include_chain(
    options: *mut kyso_sign_options,
    include: bool,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { ptr::obj_mut(options, "options") }?;
        o.include_chain = include;
        Ok(())
    })
}

/// Carry a CRL (DER or PEM `CertificateList`, RFC 5280 §5) in the signature's `crls` field
/// (RFC 5652 §10.2.1), so a verifier can check revocation offline. May be called several times;
/// a PEM text may hold several CRLs. Input that is not a CRL is refused
/// (`KYSO_INVALID_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_add_crl(
    options: *mut kyso_sign_options,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared options by the caller's contract (kyso.h).
        let o = unsafe { ptr::obj_mut(options, "options") }?;
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        let crls = kyso::Crl::load_any(data).map_err(|e| Error::invalid("data", format!("{e}")))?;
        o.crls.extend(crls.iter().map(|c| c.der().to_vec()));
        Ok(())
    })
}

/// Free sign options. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_options_free(options: *mut kyso_sign_options) {
    ffi_value!((), {
        // SAFETY: NULL or options from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(options) }
    })
}

/// Options from a possibly NULL pointer (NULL: defaults).
///
/// # Safety
/// NULL or live options (kyso.h).
unsafe fn sign_options(p: *const kyso_sign_options) -> kyso_sign_options {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(p, "options") }
        .cloned()
        .unwrap_or_default()
}

// ------------------------------------------------------------------------------------------
// Signing
// ------------------------------------------------------------------------------------------

enum Content<'a> {
    Bytes {
        data: &'a [u8],
        detached: bool,
    },
    Digest {
        algorithm: DigestAlgorithm,
        digest: &'a [u8],
    },
}

fn builder<'a>(content: &Content<'a>) -> SignedDataBuilder<'a> {
    match *content {
        Content::Bytes {
            data,
            detached: false,
        } => SignedDataBuilder::new(data),
        Content::Bytes {
            data,
            detached: true,
        } => SignedDataBuilder::new(data).detached(),
        Content::Digest { algorithm, digest } => SignedDataBuilder::from_digest(algorithm, digest),
    }
}

fn signer_options<'a>(
    inner: &'a SignerInner,
    opts: &'a kyso_sign_options,
) -> Result<SignerOptions<'a>> {
    let so = match &inner.key {
        Key::Software(k) => SignerOptions::new(k.as_ref(), &inner.certificate),
        Key::Callback(_) | Key::External => {
            SignerOptions::external(inner.scheme, &inner.certificate)
        }
    };
    time_and_chain(so, inner, opts)
}

/// The signing time, chain and CRLs `opts` ask for, added to `so`.
fn time_and_chain<'a>(
    mut so: SignerOptions<'a>,
    inner: &'a SignerInner,
    opts: &'a kyso_sign_options,
) -> Result<SignerOptions<'a>> {
    match opts.signing_time {
        SigningTime::Now => so = so.signing_time(crate::env::now()?),
        SigningTime::At(t) => so = so.signing_time(t),
        SigningTime::Omit => {}
    }
    if opts.include_chain {
        so = so.chain(&inner.chain);
    }
    for crl in &opts.crls {
        so = so.crl(crl);
    }
    Ok(so)
}

/// Sign in one step with a software key or a callback.
fn sign_now(
    inner: &SignerInner,
    content: Content<'_>,
    opts: &kyso_sign_options,
) -> Result<Vec<u8>> {
    let b = builder(&content).add_signer(signer_options(inner, opts)?);
    match &inner.key {
        Key::Software(_) => Ok(b.build(&RustCryptoProvider, &mut crate::env::rng())?),
        Key::Callback(cb) => {
            let prepared = b.prepare(&RustCryptoProvider)?;
            let signature = call_sign_callback(cb, inner.scheme, &prepared)?;
            Ok(finish_prepared_signature(
                &prepared,
                &signature,
                &RustCryptoProvider,
            )?)
        }
        Key::External => Err(Error::new(
            kyso_result::KYSO_WRONG_MODE,
            "a certificate-only signer signs in two phases: use kyso_prepare / kyso_prepared_finish",
        )),
    }
}

fn call_sign_callback(
    cb: &Callback,
    scheme: SignatureScheme,
    p: &PreparedSignature,
) -> Result<Vec<u8>> {
    let input = p.input(sign_input(cb.input, scheme)?)?;
    call_callback(cb, scheme, input)
}

/// Call the C signing callback on `input` (already in the form the signer was made for).
pub(crate) fn call_callback(
    cb: &Callback,
    scheme: SignatureScheme,
    input: &[u8],
) -> Result<Vec<u8>> {
    let mut writer = kyso_writer::new(MAX_SIGNATURE_LEN);
    // SAFETY: the caller registered `callback` with `userdata` and promised it is callable
    // with these arguments while the signer is in use (kyso.h); `input` and `writer` outlive
    // the call.
    let rc = unsafe {
        (cb.callback)(
            cb.userdata,
            alg_from_scheme(scheme),
            input.as_ptr(),
            input.len(),
            &mut writer,
        )
    };
    if rc != 0 {
        return Err(Error::new(
            kyso_result::KYSO_SIGNING_CALLBACK_FAILED,
            format!("the signing callback returned {rc}"),
        ));
    }
    if writer.overflowed {
        return Err(Error::new(
            kyso_result::KYSO_SIGNING_CALLBACK_FAILED,
            format!("the signing callback wrote more than {MAX_SIGNATURE_LEN} bytes"),
        ));
    }
    if writer.buf.is_empty() {
        return Err(Error::new(
            kyso_result::KYSO_SIGNING_CALLBACK_FAILED,
            "the signing callback returned 0 but wrote no signature",
        ));
    }
    Ok(writer.buf)
}

/// The arguments `kyso_sign` and `kyso_prepare` share, checked in order: the signer, the
/// content (attached or detached as the options say) and the options (NULL: defaults).
///
/// # Safety
/// A live signer, `content_len` readable bytes at `content`, NULL or live options (kyso.h).
unsafe fn content_args<'a>(
    signer: *const kyso_signer,
    content: *const u8,
    content_len: usize,
    options: *const kyso_sign_options,
) -> Result<(&'a SignerInner, Content<'a>, kyso_sign_options)> {
    // SAFETY: live signer by the caller's contract (kyso.h).
    let s: &'a kyso_signer = unsafe { ptr::obj(signer, "signer") }?;
    // SAFETY: `content_len` readable bytes by the caller's contract (kyso.h).
    let data = unsafe { ptr::bytes(content, content_len, "content") }?;
    // SAFETY: NULL or live options (kyso.h).
    let opts = unsafe { sign_options(options) };
    let content = Content::Bytes {
        data,
        detached: opts.detached,
    };
    Ok((&s.inner, content, opts))
}

/// Sign `content` and return the CMS SignedData (DER `ContentInfo`, CAdES-B-B signed
/// attributes: content-type, message-digest, signing-time, ESS signing-certificate-v2,
/// CMSAlgorithmProtection). `options` may be NULL (attached, signing time now, chain
/// included). A certificate-only signer gives `KYSO_WRONG_MODE` (use `kyso_prepare`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign(
    signer: *const kyso_signer,
    content: *const u8,
    content_len: usize,
    options: *const kyso_sign_options,
    signature_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        let (inner, content, opts) =
            unsafe { content_args(signer, content, content_len, options) }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signature_out, "signature_out") }?;
        let der = sign_now(inner, content, &opts)?;
        out.write(ptr::into_raw(kyso_bytes { data: der }));
        Ok(())
    })
}

// ------------------------------------------------------------------------------------------
// Two-phase
// ------------------------------------------------------------------------------------------

/// The first phase of two-phase signing: what to sign, and the state `kyso_prepared_finish`
/// needs. Can be saved with `kyso_prepared_to_bytes` (e.g. between two web requests).
pub struct kyso_prepared {
    prepared: PreparedSignature,
}

/// First phase: everything but the signature. Works with any signer (for a certificate-only
/// signer it is the only way). Give `kyso_prepared_input` to the token or service, then pass
/// its signature to `kyso_prepared_finish`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepare(
    signer: *const kyso_signer,
    content: *const u8,
    content_len: usize,
    options: *const kyso_sign_options,
    prepared_out: *mut *mut kyso_prepared,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        let (inner, content, opts) =
            unsafe { content_args(signer, content, content_len, options) }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(prepared_out, "prepared_out") }?;
        let prepared = prepare(inner, content, &opts)?;
        out.write(ptr::into_raw(kyso_prepared { prepared }));
        Ok(())
    })
}

fn prepare(
    inner: &SignerInner,
    content: Content<'_>,
    opts: &kyso_sign_options,
) -> Result<PreparedSignature> {
    // Two-phase always goes through an external signer option, whatever key the signer has.
    let so = SignerOptions::external(inner.scheme, &inner.certificate);
    let so = time_and_chain(so, inner, opts)?;
    Ok(builder(&content)
        .add_signer(so)
        .prepare(&RustCryptoProvider)?)
}

/// The bytes to sign, in the form asked for (`KYSO_SIGN_INPUT_MESSAGE`, `_DIGEST`,
/// `_DIGEST_INFO`), borrowed from the prepared signature.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_input(
    prepared: *const kyso_prepared,
    input: kyso_sign_input,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: writable pointers by the caller's contract (kyso.h).
        let data_out = unsafe { Out::new(data_out, "data_out") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let len_out = unsafe { Out::new(len_out, "len_out") }?;
        let bytes = p.prepared.input(sign_input(input, p.prepared.scheme())?)?;
        data_out.write(bytes.as_ptr());
        len_out.write(bytes.len());
        Ok(())
    })
}

/// The algorithm the signature must be made with.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_algorithm(prepared: *const kyso_prepared) -> kyso_sig_alg {
    ffi_value!(KYSO_SIG_DEFAULT, {
        // SAFETY: NULL or a live prepared signature (kyso.h).
        unsafe { ptr::obj(prepared, "prepared") }
            .map_or(KYSO_SIG_DEFAULT, |p| alg_from_scheme(p.prepared.scheme()))
    })
}

/// Second phase: check `signature` (over `kyso_prepared_input`) against the certificate and
/// assemble the CMS SignedData. A signature that does not verify is refused with
/// `KYSO_EXTERNAL_SIGNATURE_INVALID` (and can be retried). ECDSA may be DER or raw `r ‖ s`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_finish(
    prepared: *const kyso_prepared,
    signature: *const u8,
    signature_len: usize,
    signed_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: `signature_len` readable bytes by the caller's contract (kyso.h).
        let signature = unsafe { ptr::bytes(signature, signature_len, "signature") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signed_out, "signed_out") }?;
        let der = finish_prepared_signature(&p.prepared, signature, &RustCryptoProvider)?;
        out.write(ptr::into_raw(kyso_bytes { data: der }));
        Ok(())
    })
}

/// The prepared state as bytes, to keep between requests (not secret, but a server that hands
/// it to clients must protect it against tampering itself, e.g. with a MAC).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_to_bytes(
    prepared: *const kyso_prepared,
    bytes_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live prepared signature by the caller's contract (kyso.h).
        let p = unsafe { ptr::obj(prepared, "prepared") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(bytes_out, "bytes_out") }?;
        out.write(ptr::into_raw(kyso_bytes {
            data: p.prepared.to_bytes(),
        }));
        Ok(())
    })
}

/// Read back `kyso_prepared_to_bytes`. `KYSO_MALFORMED_CMS` if the bytes are not such a state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_from_bytes(
    data: *const u8,
    len: usize,
    prepared_out: *mut *mut kyso_prepared,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(prepared_out, "prepared_out") }?;
        let prepared = PreparedSignature::from_bytes(data, &RustCryptoProvider)?;
        out.write(ptr::into_raw(kyso_prepared { prepared }));
        Ok(())
    })
}

/// Free a prepared signature. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_prepared_free(prepared: *mut kyso_prepared) {
    ffi_value!((), {
        // SAFETY: NULL or a prepared signature from libkyso, freed once (kyso.h).
        unsafe { ptr::free(prepared) }
    })
}

// ------------------------------------------------------------------------------------------
// Streaming
// ------------------------------------------------------------------------------------------

/// Detached signing of large content: `kyso_sign_stream_new`, `kyso_sign_stream_update` with
/// the content in pieces, then `kyso_sign_stream_finish` (one step) or
/// `kyso_sign_stream_prepare` (two-phase). Only the digest is kept.
pub struct kyso_sign_stream {
    signer: Arc<SignerInner>,
    options: kyso_sign_options,
    algorithm: DigestAlgorithm,
    digester: Option<Box<dyn Digester>>,
}

/// Start a detached signature over content that will come through `kyso_sign_stream_update`.
/// `options` may be NULL; its attached/detached choice is ignored (always detached).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_stream_new(
    signer: *const kyso_signer,
    options: *const kyso_sign_options,
    stream_out: *mut *mut kyso_sign_stream,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live signer by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: NULL or live options (kyso.h).
        let opts = unsafe { sign_options(options) };
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(stream_out, "stream_out") }?;
        let algorithm = s.inner.scheme.digest();
        if algorithm == DigestAlgorithm::Sha1 {
            return Err(kyso::CryptoError::Sha1SigningRefused.into());
        }
        out.write(ptr::into_raw(kyso_sign_stream {
            signer: Arc::clone(&s.inner),
            options: opts,
            algorithm,
            digester: Some(RustCryptoProvider.digester(algorithm)),
        }));
        Ok(())
    })
}

/// Feed the next `len` bytes of the content.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_stream_update(
    stream: *mut kyso_sign_stream,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared stream by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(stream, "stream") }?;
        // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        s.digester
            .as_mut()
            .ok_or_else(crate::verify::already_finished)?
            .update(data);
        Ok(())
    })
}

/// Ends the stream's digest and hands it to `step` (`sign_now` or `prepare`).
fn finish_stream<T>(
    s: &mut kyso_sign_stream,
    step: fn(&SignerInner, Content<'_>, &kyso_sign_options) -> Result<T>,
) -> Result<T> {
    let digest = s
        .digester
        .take()
        .ok_or_else(crate::verify::already_finished)?
        .finalize();
    step(
        &s.signer,
        Content::Digest {
            algorithm: s.algorithm,
            digest: &digest,
        },
        &s.options,
    )
}

/// Finish and sign (software key or callback signer): the detached CMS SignedData. The stream
/// cannot be used again (but must still be freed).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_stream_finish(
    stream: *mut kyso_sign_stream,
    signature_out: *mut *mut kyso_bytes,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared stream by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(stream, "stream") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signature_out, "signature_out") }?;
        if matches!(s.signer.key, Key::External) {
            return Err(Error::new(
                kyso_result::KYSO_WRONG_MODE,
                "a certificate-only signer signs in two phases: use kyso_sign_stream_prepare",
            ));
        }
        let der = finish_stream(s, sign_now)?;
        out.write(ptr::into_raw(kyso_bytes { data: der }));
        Ok(())
    })
}

/// Finish with the first phase of two-phase signing (any signer). The stream cannot be used
/// again (but must still be freed).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_stream_prepare(
    stream: *mut kyso_sign_stream,
    prepared_out: *mut *mut kyso_prepared,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared stream by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(stream, "stream") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(prepared_out, "prepared_out") }?;
        let prepared = finish_stream(s, prepare)?;
        out.write(ptr::into_raw(kyso_prepared { prepared }));
        Ok(())
    })
}

/// Free a sign stream. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_sign_stream_free(stream: *mut kyso_sign_stream) {
    ffi_value!((), {
        // SAFETY: NULL or a stream from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(stream) }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The `KYSO_SIG_*` constants (ABI, in kyso.h) are the numbers of core's scheme table.
    #[test]
    fn sig_constants_are_core_table_numbers() {
        let constants = [
            (KYSO_SIG_RSA_PKCS1_SHA256, "rsa-pkcs1v15-sha256"),
            (KYSO_SIG_RSA_PKCS1_SHA384, "rsa-pkcs1v15-sha384"),
            (KYSO_SIG_RSA_PKCS1_SHA512, "rsa-pkcs1v15-sha512"),
            (KYSO_SIG_RSA_PSS_SHA256, "rsa-pss-sha256"),
            (KYSO_SIG_RSA_PSS_SHA384, "rsa-pss-sha384"),
            (KYSO_SIG_RSA_PSS_SHA512, "rsa-pss-sha512"),
            (KYSO_SIG_ECDSA_SHA256, "ecdsa-sha256"),
            (KYSO_SIG_ECDSA_SHA384, "ecdsa-sha384"),
            (KYSO_SIG_ECDSA_SHA512, "ecdsa-sha512"),
            (KYSO_SIG_ED25519, "ed25519"),
            (KYSO_SIG_RSA_PKCS1_SHA3_224, "rsa-pkcs1v15-sha3-224"),
            (KYSO_SIG_RSA_PKCS1_SHA3_256, "rsa-pkcs1v15-sha3-256"),
            (KYSO_SIG_RSA_PKCS1_SHA3_384, "rsa-pkcs1v15-sha3-384"),
            (KYSO_SIG_RSA_PKCS1_SHA3_512, "rsa-pkcs1v15-sha3-512"),
            (KYSO_SIG_RSA_PSS_SHA3_224, "rsa-pss-sha3-224"),
            (KYSO_SIG_RSA_PSS_SHA3_256, "rsa-pss-sha3-256"),
            (KYSO_SIG_RSA_PSS_SHA3_384, "rsa-pss-sha3-384"),
            (KYSO_SIG_RSA_PSS_SHA3_512, "rsa-pss-sha3-512"),
            (KYSO_SIG_ECDSA_SHA3_224, "ecdsa-sha3-224"),
            (KYSO_SIG_ECDSA_SHA3_256, "ecdsa-sha3-256"),
            (KYSO_SIG_ECDSA_SHA3_384, "ecdsa-sha3-384"),
            (KYSO_SIG_ECDSA_SHA3_512, "ecdsa-sha3-512"),
        ];
        assert_eq!(constants.len(), SignatureScheme::signing_schemes().count());
        for (code, name) in constants {
            let scheme = scheme_from_alg(code).unwrap();
            assert_eq!(scheme.name(), name);
            assert_eq!(alg_from_scheme(scheme), code);
        }
        assert_eq!(scheme_from_alg(KYSO_SIG_DEFAULT), None);
        for (code, form) in [
            (KYSO_SIGN_INPUT_MESSAGE, SignInput::Message),
            (KYSO_SIGN_INPUT_DIGEST, SignInput::Digest),
            (KYSO_SIGN_INPUT_DIGEST_INFO, SignInput::DigestInfo),
        ] {
            assert_eq!(SignInput::from_code(code), Some(form));
        }
    }
}
