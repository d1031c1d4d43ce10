//! The CAdES baseline level a signer reaches (ETSI EN 319 122-1 §6), as far as kyso checks it:
//! - B-B: signed attributes with an ESS signing-certificate(-v2) binding that verified;
//! - B-T: B-B and a signature time-stamp that verified;
//! - B-LT: B-T and every CRL / OCSP response that decided a status in the signer's and its
//!   time-stamps' chains carried by the SignedData itself (`crls`), nothing missing;
//! - B-LTA: B-LT and an archive-time-stamp-v3 that verified (`crate::cms::archive`).

use super::ParsedSignerInfo;
use crate::cms::ValidationData;
use crate::report::{CheckStatus, SignerReport};
use crate::revocation::RevocationEvidence;
use crate::tsp::TimestampKind;

pub(super) fn cades(
    signer: &SignerReport,
    si: &ParsedSignerInfo<'_>,
    message: &RevocationEvidence,
) -> Option<&'static str> {
    si.signed_attrs.as_ref()?;
    let bound = signer
        .checks
        .iter()
        .any(|(name, s)| name == "signing-certificate" && *s == CheckStatus::Passed);
    if !bound {
        return None;
    }
    let passed = |kind| {
        signer
            .timestamps
            .iter()
            .any(|t| t.kind == kind && t.passed())
    };
    if !passed(TimestampKind::Signature) {
        return Some("CAdES-B-B");
    }
    let data = ValidationData::from_signer(signer);
    let embedded = data.is_complete()
        && data.crls.iter().all(|c| message.crls.contains(c))
        && data
            .ocsp_responses
            .iter()
            .all(|o| message.ocsp_responses.contains(o));
    Some(match (embedded, passed(TimestampKind::Archive)) {
        (true, true) => "CAdES-B-LTA",
        (true, false) => "CAdES-B-LT",
        (false, _) => "CAdES-B-T",
    })
}
