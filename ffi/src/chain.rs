//! Certificate chain validation for a purpose (RFC 5280 §6 through core's path module).

use kyso::KeyPurpose;

use crate::error::{Error, kyso_result};
use crate::options::kyso_verify_options;
use crate::ptr::{self, Out};
use crate::report::kyso_chain_report;

/// What a certificate is validated for (RFC 5280 §4.2.1.3 key usage, §4.2.1.12 extended key
/// usage).
pub type kyso_purpose = u32;
/// Signing documents (CMS, PDF): digitalSignature or nonRepudiation.
pub const KYSO_PURPOSE_DOCUMENT_SIGNING: kyso_purpose = 1;
/// S/MIME e-mail protection.
pub const KYSO_PURPOSE_EMAIL_PROTECTION: kyso_purpose = 2;
/// TLS client authentication.
pub const KYSO_PURPOSE_CLIENT_AUTH: kyso_purpose = 3;
/// RFC 3161 time-stamping (critical EKU id-kp-timeStamping).
pub const KYSO_PURPOSE_TIME_STAMPING: kyso_purpose = 4;
/// OCSP response signing (id-kp-OCSPSigning).
pub const KYSO_PURPOSE_OCSP_SIGNING: kyso_purpose = 5;
/// Any purpose: key usage and EKU are not checked.
pub const KYSO_PURPOSE_ANY: kyso_purpose = 6;

pub(crate) fn purpose(p: kyso_purpose) -> Option<KeyPurpose> {
    Some(match p {
        KYSO_PURPOSE_DOCUMENT_SIGNING => KeyPurpose::DocumentSigning,
        KYSO_PURPOSE_EMAIL_PROTECTION => KeyPurpose::EmailProtection,
        KYSO_PURPOSE_CLIENT_AUTH => KeyPurpose::ClientAuth,
        KYSO_PURPOSE_TIME_STAMPING => KeyPurpose::TimeStamping,
        KYSO_PURPOSE_OCSP_SIGNING => KeyPurpose::OcspSigning,
        KYSO_PURPOSE_ANY => KeyPurpose::Any,
        _ => return None,
    })
}

/// Validate the certificate in `cert` (PEM or DER; further certificates in the same input are
/// used as untrusted intermediates) for `purpose`, with the trust store, policy, time and
/// revocation settings of `options`. The time is `kyso_verify_options_set_validation_time` if
/// set, else the current time. A chain that does not validate is not an error: see
/// `kyso_chain_report_indication`. Without a trust store nothing validates
/// (INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_chain_validate(
    cert: *const u8,
    cert_len: usize,
    options: *const kyso_verify_options,
    purpose: kyso_purpose,
    report_out: *mut *mut kyso_chain_report,
) -> kyso_result {
    ffi_result!({
        // SAFETY: `cert_len` readable bytes by the caller's contract (kyso.h).
        let cert = unsafe { ptr::bytes(cert, cert_len, "cert") }?;
        // SAFETY: live options by the caller's contract (kyso.h).
        let opts = unsafe { ptr::obj(options, "options") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(report_out, "report_out") }?;
        let purpose = self::purpose(purpose).ok_or_else(|| {
            Error::new(
                kyso_result::KYSO_INVALID_PARAMETER,
                format!("unknown purpose {purpose}"),
            )
        })?;
        let certs = kyso::load_certificates(cert).map_err(|e| Error::from(e).context("cert"))?;
        let (leaf, rest) = certs.split_first().ok_or_else(|| {
            Error::new(kyso_result::KYSO_NO_CERTIFICATE, "no certificate in `cert`")
        })?;
        let report = opts.with_session(|session| session.validate_chain(leaf, rest, purpose))?;
        out.write(ptr::into_raw(kyso_chain_report::new(report)));
        Ok(())
    })
}
