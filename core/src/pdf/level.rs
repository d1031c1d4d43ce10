//! The level a PDF signature reaches, named honestly (issue 12 item 4): a PAdES baseline level
//! (ETSI EN 319 142-1 §6: B-B, B-T, B-LT, B-LTA) only for an `ETSI.CAdES.detached` signature;
//! an `adbe.pkcs7.detached` one is described by what it has (a time-stamp, LTV data, a
//! document time-stamp over them) — Adobe calls that "LTV enabled", PAdES does not.
//!
//! - T: a signature time-stamp that verified, or a verified document time-stamp covering the
//!   signature (EN 319 142-1 allows either);
//! - LT: T, and every CRL / OCSP response that decided a status in the signature's and its
//!   time-stamps' chains is in the document (DSS) or in the CMS itself, with nothing missing;
//! - LTA: LT, and a verified document time-stamp covers a revision after the signature's in
//!   which the document security store exists (so it covers validation data).

use super::report::PdfSignatureReport;
use crate::cms::ValidationData;

/// The document's own validation data (DSS) as DER, and what the CMS carries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Embedded {
    pub crls: Vec<Vec<u8>>,
    pub ocsp_responses: Vec<Vec<u8>>,
}

/// A verified document time-stamp: the revision it covers (1-based) and whether the document
/// security store existed in that revision (so the time-stamp covers validation data).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DocumentTimestamp {
    pub revision: usize,
    pub covers_dss: bool,
}

/// What can be said of `signature`'s level, given the verified document time-stamps.
pub(crate) fn name(
    signature: &PdfSignatureReport,
    embedded: &Embedded,
    message: &Embedded,
    document_timestamps: &[DocumentTimestamp],
) -> Option<String> {
    let cms = signature.cms.as_ref()?;
    let revision = signature.revision?;
    let covered_later = document_timestamps.iter().any(|t| t.revision > revision);
    let archived = document_timestamps
        .iter()
        .any(|t| t.revision > revision && t.covers_dss);
    let stamped = covered_later
        || cms
            .signers
            .iter()
            .all(|s| s.timestamps.iter().any(crate::tsp::TimestampReport::passed));
    let data = ValidationData::from_report(cms);
    let held = |der: &Vec<u8>, embedded: &[Vec<u8>], message: &[Vec<u8>]| {
        embedded.contains(der) || message.contains(der)
    };
    let long_term = stamped
        && data.is_complete()
        && data
            .crls
            .iter()
            .all(|c| held(c, &embedded.crls, &message.crls))
        && data
            .ocsp_responses
            .iter()
            .all(|o| held(o, &embedded.ocsp_responses, &message.ocsp_responses));
    let cades = signature.sub_filter == "ETSI.CAdES.detached";
    Some(
        match (cades, stamped, long_term, long_term && archived) {
            (true, _, _, true) => "PAdES-B-LTA",
            (true, _, true, _) => "PAdES-B-LT",
            (true, true, _, _) => "PAdES-B-T",
            (true, ..) => "PAdES-B-B",
            (false, _, _, true) => "PKCS#7, LTV data and document time-stamp (not PAdES)",
            (false, _, true, _) => "PKCS#7, time-stamped, LTV data (not PAdES)",
            (false, true, _, _) => "PKCS#7, time-stamped (not PAdES)",
            (false, ..) => "PKCS#7 (not PAdES)",
        }
        .to_owned(),
    )
}
