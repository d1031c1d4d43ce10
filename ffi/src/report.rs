//! Reports: the overall result, per-signer accessors (identity with the Vietnamese UID
//! identities, signing time, chain), the full JSON, and text in Vietnamese or English.
//!
//! Strings returned by accessors are owned by the report (or chain report) and valid until it
//! is freed; they are UTF-8 and NUL-terminated. Accessors given NULL return NULL / 0.

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

use kyso::{CertReport, ChainReport, CheckStatus, RevocationStatus, SignerReport};
use kyso::{Indication, Lang, Report, SubIndication};

use crate::bytes::cstring;
use crate::error::{Error, kyso_result};
use crate::ptr::{self, Out};

/// ETSI EN 319 102-1 main indication (0 only for a NULL handle).
pub type kyso_indication = u32;
/// All checks passed (ETSI TOTAL-PASSED).
pub const KYSO_INDICATION_TOTAL_PASSED: kyso_indication = 1;
/// A check failed for sure, e.g. the signature does not match (ETSI TOTAL-FAILED).
pub const KYSO_INDICATION_TOTAL_FAILED: kyso_indication = 2;
/// Could not be decided, e.g. no trusted chain or no revocation data (ETSI INDETERMINATE).
pub const KYSO_INDICATION_INDETERMINATE: kyso_indication = 3;

/// Language of report texts.
pub type kyso_lang = u32;
/// Tiếng Việt.
pub const KYSO_LANG_VI: kyso_lang = 0;
/// English.
pub const KYSO_LANG_EN: kyso_lang = 1;

pub(crate) fn indication_code(i: Indication) -> kyso_indication {
    match i {
        Indication::TotalPassed => KYSO_INDICATION_TOTAL_PASSED,
        Indication::TotalFailed => KYSO_INDICATION_TOTAL_FAILED,
        _ => KYSO_INDICATION_INDETERMINATE,
    }
}

pub(crate) fn lang(l: kyso_lang) -> Option<Lang> {
    match l {
        KYSO_LANG_VI => Some(Lang::Vi),
        KYSO_LANG_EN => Some(Lang::En),
        _ => None,
    }
}

pub(crate) fn lang_slot(l: Lang) -> usize {
    match l {
        Lang::Vi => 0,
        _ => 1,
    }
}

pub(crate) fn sub_cstring(s: Option<SubIndication>) -> Option<CString> {
    s.map(|s| cstring(s.as_str()))
}

pub(crate) fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

/// The ETSI name of an indication ("TOTAL-PASSED", "TOTAL-FAILED", "INDETERMINATE"); static,
/// NULL for an unknown value.
#[unsafe(no_mangle)]
pub extern "C" fn kyso_indication_text(indication: kyso_indication) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        match indication {
            KYSO_INDICATION_TOTAL_PASSED => c"TOTAL-PASSED".as_ptr(),
            KYSO_INDICATION_TOTAL_FAILED => c"TOTAL-FAILED".as_ptr(),
            KYSO_INDICATION_INDETERMINATE => c"INDETERMINATE".as_ptr(),
            _ => std::ptr::null(),
        }
    })
}

// ------------------------------------------------------------------------------------------
// Certificates in reports
// ------------------------------------------------------------------------------------------

/// One certificate as a report shows it (borrowed from its report).
pub struct kyso_cert_info {
    subject: CString,
    issuer: CString,
    serial: CString,
    sha256: CString,
    not_before: i64,
    not_after: i64,
    is_trust_anchor: bool,
    status: &'static CStr,
    revocation: Option<&'static CStr>,
}

impl kyso_cert_info {
    fn new(c: &CertReport) -> Self {
        Self {
            subject: cstring(&c.subject),
            issuer: cstring(&c.issuer),
            serial: cstring(&c.serial),
            sha256: cstring(&c.sha256),
            not_before: crate::env::to_unix(&c.not_before),
            not_after: crate::env::to_unix(&c.not_after),
            is_trust_anchor: c.is_trust_anchor,
            status: match c.status {
                CheckStatus::Passed => c"passed",
                CheckStatus::Failed => c"failed",
                CheckStatus::Indeterminate => c"indeterminate",
                CheckStatus::Skipped => c"skipped",
                CheckStatus::NotApplicable => c"not-applicable",
                // A status added later is never reported as a pass.
                _ => c"indeterminate",
            },
            revocation: c.revocation.as_ref().map(|r| match r.status {
                RevocationStatus::Good => c"good",
                RevocationStatus::Revoked => c"revoked",
                RevocationStatus::RevokedAfterValidationTime => c"revoked-after-validation-time",
                RevocationStatus::NotChecked => c"not-checked",
                _ => c"unknown",
            }),
        }
    }
}

/// Subject DN (RFC 4514 text, Vietnamese as UTF-8).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_subject(cert: *const kyso_cert_info) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(std::ptr::null(), |c| c.subject.as_ptr())
    })
}
/// Issuer DN.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_issuer(cert: *const kyso_cert_info) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(std::ptr::null(), |c| c.issuer.as_ptr())
    })
}
/// Serial number, upper-case hex.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_serial(cert: *const kyso_cert_info) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(std::ptr::null(), |c| c.serial.as_ptr())
    })
}
/// SHA-256 fingerprint of the DER certificate, lower-case hex.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_sha256(cert: *const kyso_cert_info) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(std::ptr::null(), |c| c.sha256.as_ptr())
    })
}
/// What validation concluded for this certificate: "passed", "failed", "indeterminate",
/// "skipped" or "not-applicable".
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_status(cert: *const kyso_cert_info) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(std::ptr::null(), |c| c.status.as_ptr())
    })
}

/// Revocation status of this certificate when it was checked: "good", "revoked",
/// "revoked-after-validation-time", "unknown" or "not-checked"; NULL when not checked.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_revocation_status(
    cert: *const kyso_cert_info,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }
            .ok()
            .and_then(|c| c.revocation)
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Start of validity, seconds since 1970 (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_not_before(cert: *const kyso_cert_info) -> i64 {
    ffi_value!(0, {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(0, |c| c.not_before)
    })
}

/// End of validity, seconds since 1970 (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_not_after(cert: *const kyso_cert_info) -> i64 {
    ffi_value!(0, {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.map_or(0, |c| c.not_after)
    })
}

/// Whether this certificate is the trust anchor that ends the chain.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_cert_info_is_trust_anchor(cert: *const kyso_cert_info) -> bool {
    ffi_value!(false, {
        // SAFETY: NULL or a live cert info borrowed from a live report (kyso.h).
        unsafe { ptr::obj(cert, "cert") }.is_ok_and(|c| c.is_trust_anchor)
    })
}

// ------------------------------------------------------------------------------------------
// Signer reports
// ------------------------------------------------------------------------------------------

/// The result for one signer (borrowed from its report; never freed by itself).
pub struct kyso_signer_report {
    indication: kyso_indication,
    sub_indication: Option<CString>,
    subject: Option<CString>,
    common_name: Option<CString>,
    organization: Option<CString>,
    email: Option<CString>,
    vn_ids: Vec<(CString, CString)>,
    signing_time: Option<(i64, CString)>,
    algorithm: Option<CString>,
    certificate: Option<kyso_cert_info>,
    chain_indication: kyso_indication,
    chain: Vec<kyso_cert_info>,
    timestamps: Vec<crate::timestamp::kyso_timestamp_report>,
}

impl kyso_signer_report {
    fn new(s: &SignerReport) -> Self {
        let id = s.signer.as_ref();
        let chain = s.chain.as_ref();
        Self {
            indication: indication_code(s.indication),
            sub_indication: sub_cstring(s.sub_indication),
            subject: id.map(|i| cstring(&i.subject)),
            common_name: id.and_then(|i| i.common_name.as_deref()).map(cstring),
            organization: id.and_then(|i| i.organization.as_deref()).map(cstring),
            email: id.and_then(|i| i.emails.first()).map(|e| cstring(e)),
            vn_ids: id
                .map(|i| {
                    i.vn_ids
                        .iter()
                        .map(|v| (cstring(v.kind()), cstring(v.value())))
                        .collect()
                })
                .unwrap_or_default(),
            signing_time: s
                .claimed_signing_time
                .as_ref()
                .map(|t| (crate::env::to_unix(t), cstring(&kyso::time::rfc3339(t)))),
            algorithm: s.signature_scheme.map(|a| cstring(a.name())),
            certificate: s.certificate.as_ref().map(kyso_cert_info::new),
            chain_indication: chain.map_or(0, |c| indication_code(c.indication)),
            chain: chain
                .map(|c| c.certificates.iter().map(kyso_cert_info::new).collect())
                .unwrap_or_default(),
            timestamps: s
                .timestamps
                .iter()
                .cloned()
                .map(crate::timestamp::kyso_timestamp_report::new)
                .collect(),
        }
    }
}

/// Borrow a signer report.
///
/// # Safety
/// NULL or a live signer report (kyso.h).
unsafe fn signer<'a>(s: *const kyso_signer_report) -> Option<&'a kyso_signer_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(s, "signer") }.ok()
}

/// This signer's indication.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_indication(
    signer: *const kyso_signer_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(0, |s| s.indication)
    })
}

/// This signer's ETSI sub-indication (e.g. "HASH_FAILURE", "NO_CERTIFICATE_CHAIN_FOUND"),
/// NULL when there is none (TOTAL-PASSED).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_sub_indication(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.sub_indication))
    })
}
/// The signer certificate's subject DN, NULL if the certificate was not found.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_subject(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.subject))
    })
}
/// The signer's common name (CN), NULL if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_common_name(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.common_name))
    })
}
/// The signer's organisation (O), NULL if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_organization(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.organization))
    })
}
/// The signer's first e-mail address (subject emailAddress), NULL if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_email(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.email))
    })
}
/// The signature algorithm (e.g. "rsa-pkcs1v15-sha256", "ecdsa-sha384", "ed25519"), NULL
/// if the SignerInfo's algorithm is unknown.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_signature_algorithm(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(std::ptr::null(), |s| opt_ptr(&s.algorithm))
    })
}

/// Number of Vietnamese identities in the signer's subject `UID` attributes (CMND, CCCD, HC,
/// MST, MNS, or another UID kept verbatim).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_vn_id_count(
    signer: *const kyso_signer_report,
) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(0, |s| s.vn_ids.len())
    })
}

/// The Vietnamese identity at `index`: `*kind_out` is "CMND", "CCCD", "HC" (passport), "MST"
/// (tax code), "MNS" (budget unit code) or "UID" (unrecognised, value verbatim), `*value_out`
/// the number. Either output may be NULL if not wanted.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_vn_id(
    signer: *const kyso_signer_report,
    index: usize,
    kind_out: *mut *const c_char,
    value_out: *mut *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: NULL or writable pointers by the caller's contract (kyso.h).
        let kind_out = unsafe { ptr::OptOut::new(kind_out) };
        // SAFETY: NULL or a writable pointer by the caller's contract (kyso.h).
        let value_out = unsafe { ptr::OptOut::new(value_out) };
        let (k, v) = s
            .vn_ids
            .get(index)
            .ok_or_else(|| out_of_range(index, s.vn_ids.len()))?;
        kind_out.write(k.as_ptr());
        value_out.write(v.as_ptr());
        Ok(())
    })
}

/// The claimed signing time (signing-time attribute, RFC 5652 §11.3) in seconds since 1970.
/// `KYSO_NOT_PRESENT` when the signer did not include one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_signing_time(
    signer: *const kyso_signer_report,
    unix_seconds_out: *mut i64,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(unix_seconds_out, "unix_seconds_out") }?;
        let (t, _) = s.signing_time.as_ref().ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_NOT_PRESENT,
                "the signer has no signing-time attribute",
            )
        })?;
        out.write(*t);
        Ok(())
    })
}

/// The claimed signing time as RFC 3339 UTC text ("2026-03-14T02:05:07Z"), NULL if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_signing_time_text(
    signer: *const kyso_signer_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }
            .and_then(|s| s.signing_time.as_ref())
            .map_or(std::ptr::null(), |(_, t)| t.as_ptr())
    })
}

/// The signer's certificate, NULL if it was not found (borrowed from the report).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_certificate(
    signer: *const kyso_signer_report,
) -> *const kyso_cert_info {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }
            .and_then(|s| s.certificate.as_ref())
            .map_or(std::ptr::null(), std::ptr::from_ref)
    })
}

/// The indication of the signer's chain validation (0 when the chain was not validated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_chain_indication(
    signer: *const kyso_signer_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(0, |s| s.chain_indication)
    })
}

/// Number of certificates in the signer's chain (leaf first, trust anchor last; 0 when no
/// path was found or the chain was not validated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_chain_length(
    signer: *const kyso_signer_report,
) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(0, |s| s.chain.len())
    })
}

/// The chain certificate at `index` (0 = the signer's own), borrowed from the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_chain_cert(
    signer: *const kyso_signer_report,
    index: usize,
    cert_out: *mut *const kyso_cert_info,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        let c = s
            .chain
            .get(index)
            .ok_or_else(|| out_of_range(index, s.chain.len()))?;
        out.write(std::ptr::from_ref(c));
        Ok(())
    })
}

pub(crate) fn out_of_range(index: usize, len: usize) -> Error {
    Error::new(
        kyso_result::KYSO_INDEX_OUT_OF_RANGE,
        format!("index {index}, but there are {len}"),
    )
}

/// Number of signature time-stamps on this signer (CAdES B-T; RFC 3161 tokens in its
/// unsigned attributes).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_timestamp_count(
    signer: *const kyso_signer_report,
) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live signer report borrowed from a live report (kyso.h).
        unsafe { self::signer(signer) }.map_or(0, |s| s.timestamps.len())
    })
}

/// The signature time-stamp at `index`, borrowed from the report (never passed to
/// `kyso_timestamp_report_free`): its verdict, genTime, JSON and text.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_signer_report_timestamp(
    signer: *const kyso_signer_report,
    index: usize,
    report_out: *mut *const crate::timestamp::kyso_timestamp_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: a live signer report by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj(signer, "signer") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let t = s
            .timestamps
            .get(index)
            .ok_or_else(|| out_of_range(index, s.timestamps.len()))?;
        out.write(std::ptr::from_ref(t));
        Ok(())
    })
}

// ------------------------------------------------------------------------------------------
// Reports
// ------------------------------------------------------------------------------------------

/// The result of verifying one signed object. Immutable: may be read from several threads.
pub struct kyso_report {
    report: Report,
    indication: kyso_indication,
    sub_indication: Option<CString>,
    signers: Vec<kyso_signer_report>,
    json: OnceLock<CString>,
    text: [OnceLock<CString>; 2],
}

impl kyso_report {
    pub(crate) fn new(report: Report) -> Self {
        Self {
            indication: indication_code(report.indication),
            sub_indication: sub_cstring(report.sub_indication),
            signers: report.signers.iter().map(kyso_signer_report::new).collect(),
            report,
            json: OnceLock::new(),
            text: [OnceLock::new(), OnceLock::new()],
        }
    }
}

/// Borrow a report.
///
/// # Safety
/// NULL or a live report (kyso.h).
unsafe fn report<'a>(r: *const kyso_report) -> Option<&'a kyso_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(r, "report") }.ok()
}

/// The overall indication: the worst of the signers' (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_indication(report: *const kyso_report) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live report (kyso.h).
        unsafe { self::report(report) }.map_or(0, |r| r.indication)
    })
}

/// The overall ETSI sub-indication (e.g. "FORMAT_FAILURE", "SIG_CRYPTO_FAILURE"), NULL when
/// there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_sub_indication(report: *const kyso_report) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live report (kyso.h).
        unsafe { self::report(report) }.map_or(std::ptr::null(), |r| opt_ptr(&r.sub_indication))
    })
}

/// Number of signers (SignerInfos) in the signed object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_signer_count(report: *const kyso_report) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live report (kyso.h).
        unsafe { self::report(report) }.map_or(0, |r| r.signers.len())
    })
}

/// The signer at `index` (order of the SignerInfos), borrowed from the report: valid until the
/// report is freed, never freed by itself.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_signer(
    report: *const kyso_report,
    index: usize,
    signer_out: *mut *const kyso_signer_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live report (kyso.h).
        let r = unsafe { ptr::obj(report, "report") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(signer_out, "signer_out") }?;
        let s = r
            .signers
            .get(index)
            .ok_or_else(|| out_of_range(index, r.signers.len()))?;
        out.write(std::ptr::from_ref(s));
        Ok(())
    })
}

/// The full report as JSON (stable field names and codes; the same JSON as `kyso verify
/// --json`). Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_json(report: *const kyso_report) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live report (kyso.h).
        unsafe { self::report(report) }.map_or(std::ptr::null(), |r| {
            r.json.get_or_init(|| cstring(&r.report.to_json())).as_ptr()
        })
    })
}

/// The report as text for people, in `lang` (`KYSO_LANG_VI` or `KYSO_LANG_EN`); NULL for an
/// unknown language. Owned by the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_text(
    report: *const kyso_report,
    lang: kyso_lang,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live report (kyso.h).
        match (unsafe { self::report(report) }, self::lang(lang)) {
            (Some(r), Some(l)) => r.text.get(lang_slot(l)).map_or(std::ptr::null(), |slot| {
                slot.get_or_init(|| cstring(&r.report.to_text(l))).as_ptr()
            }),
            _ => std::ptr::null(),
        }
    })
}

/// Free a report (and every signer report and cert info borrowed from it). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_report_free(report: *mut kyso_report) {
    ffi_value!((), {
        // SAFETY: NULL or a report from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(report) }
    })
}

// ------------------------------------------------------------------------------------------
// Chain reports
// ------------------------------------------------------------------------------------------

/// The result of validating one certificate's chain (`kyso_chain_validate`).
pub struct kyso_chain_report {
    report: ChainReport,
    indication: kyso_indication,
    sub_indication: Option<CString>,
    certificates: Vec<kyso_cert_info>,
    json: OnceLock<CString>,
    text: [OnceLock<CString>; 2],
}

impl kyso_chain_report {
    pub(crate) fn new(report: ChainReport) -> Self {
        Self {
            indication: indication_code(report.indication),
            sub_indication: sub_cstring(report.sub_indication),
            certificates: report
                .certificates
                .iter()
                .map(kyso_cert_info::new)
                .collect(),
            report,
            json: OnceLock::new(),
            text: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// Core's text, from the one catalogue (issue 10 item 2).
    fn text(&self, l: Lang) -> String {
        self.report.to_text(l)
    }
}

/// Borrow a chain report.
///
/// # Safety
/// NULL or a live chain report (kyso.h).
unsafe fn chain<'a>(r: *const kyso_chain_report) -> Option<&'a kyso_chain_report> {
    // SAFETY: forwarded contract.
    unsafe { ptr::obj(r, "report") }.ok()
}

/// The chain's indication (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_indication(
    report: *const kyso_chain_report,
) -> kyso_indication {
    ffi_value!(0, {
        // SAFETY: NULL or a live chain report (kyso.h).
        unsafe { chain(report) }.map_or(0, |r| r.indication)
    })
}

/// The chain's ETSI sub-indication, NULL when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_sub_indication(
    report: *const kyso_chain_report,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live chain report (kyso.h).
        unsafe { chain(report) }.map_or(std::ptr::null(), |r| opt_ptr(&r.sub_indication))
    })
}

/// Number of certificates on the reported path (leaf first, anchor last).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_cert_count(report: *const kyso_chain_report) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live chain report (kyso.h).
        unsafe { chain(report) }.map_or(0, |r| r.certificates.len())
    })
}

/// The certificate at `index` on the path, borrowed from the chain report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_cert(
    report: *const kyso_chain_report,
    index: usize,
    cert_out: *mut *const kyso_cert_info,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NULL or a live chain report (kyso.h).
        let r = unsafe { ptr::obj(report, "report") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(cert_out, "cert_out") }?;
        let c = r
            .certificates
            .get(index)
            .ok_or_else(|| out_of_range(index, r.certificates.len()))?;
        out.write(std::ptr::from_ref(c));
        Ok(())
    })
}

/// The chain report as JSON, the same as `kyso chain --json` and the npm package's
/// `validateChain`. Owned by the chain report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_json(report: *const kyso_chain_report) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live chain report (kyso.h).
        unsafe { chain(report) }.map_or(std::ptr::null(), |r| {
            r.json.get_or_init(|| cstring(&r.report.to_json())).as_ptr()
        })
    })
}

/// The chain report as text for people in `lang` (`KYSO_LANG_VI` or `KYSO_LANG_EN`; NULL for
/// another value): the verdict, the validation time, each certificate of the path with its
/// status and revocation, and the findings — kyso's one text, the same as `kyso chain` prints.
/// Owned by the chain report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_text(
    report: *const kyso_chain_report,
    lang: kyso_lang,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live chain report (kyso.h).
        match (unsafe { chain(report) }, self::lang(lang)) {
            (Some(r), Some(l)) => r.text.get(lang_slot(l)).map_or(std::ptr::null(), |slot| {
                slot.get_or_init(|| cstring(&r.text(l))).as_ptr()
            }),
            _ => std::ptr::null(),
        }
    })
}

/// Free a chain report. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_report_free(report: *mut kyso_chain_report) {
    ffi_value!((), {
        // SAFETY: NULL or a chain report from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(report) }
    })
}
