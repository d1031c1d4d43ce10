//! RFC 3161 time-stamps (with RFC 5816's ESS signing-certificate-v2): the request a caller
//! sends to a TSA ([`TimestampRequest`]), the TSA's answer ([`TimestampResponse`]) and the
//! verification of a time-stamp token ([`TimestampReport`]), whether on its own, as a
//! signature time-stamp inside a CMS signer (ETSI EN 319 122-1 §5.3, CAdES B-T) or as a PDF
//! document time-stamp.
//!
//! A token is a CMS SignedData whose content is a TSTInfo (RFC 3161 §2.4.2); it is verified as
//! a CMS signer of its own (`crate::cms::verify`), by the same pipeline as any signature, with
//! the TSA's certificate validated for id-kp-timeStamping at the token's genTime (RFC 3161
//! §2.3; shared/brief/pdf-ltv-login.md T7), and then the TSTInfo is checked against what was
//! time-stamped (`verify.rs`).

mod asn1;
mod client;
mod request;
mod response;
mod token;
mod verify;

pub use client::{
    TimestampClient, accept_timestamp_response, archive_timestamp_signer, timestamp_signer,
};
pub use request::TimestampRequest;
pub use response::{TimestampResponse, TimestampStatus};
pub use verify::{TimestampKind, TimestampReport};

pub(crate) use verify::{Expectation, Imprinted, verify_token};

use crate::crypto::DigestAlgorithm;
use crate::error::ErrorText;
use crate::i18n::MessageId;

/// Whether `input` is a time-stamp token (SignedData over a TSTInfo, DER, BER or PEM) or a
/// TSA's `TimeStampResp`, rather than a signature: what [`crate::Verifier::verify_timestamp`]
/// is for.
pub fn is_timestamp_token(input: &[u8]) -> bool {
    TimestampResponse::from_der(input).is_ok()
        || crate::cms::inspect(input)
            .is_ok_and(|i| i.content_type == crate::oid::ID_CT_TST_INFO.to_string())
}

/// The imprint algorithm of the token `token` (what the time-stamped data must be digested
/// with), when the token can be read.
pub(crate) fn imprint_algorithm(token: &[u8]) -> Option<DigestAlgorithm> {
    let der = crate::cms::parse::unarmor(token).ok()?;
    let sd = crate::cms::parse::parse_content_info(&der, &crate::cms::CmsLimits::default()).ok()?;
    token::read(sd.econtent.as_ref()?.bytes.as_ref())?.imprint_digest
}

/// Why a time-stamp could not be requested, obtained or added.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TspError {
    /// SHA-1 imprints are only requested through
    /// [`TimestampRequest::danger_legacy_sha1`] (`tsp.sha1-not-allowed`).
    Sha1NotAllowed,
    /// The imprint is not as long as the digest's output (`tsp.imprint-length`).
    ImprintLength { expected: usize, got: usize },
    /// The TSA's answer is not a TimeStampResp (`tsp.bad-response`).
    BadResponse,
    /// Not a TimeStampReq kyso can check an answer against (`tsp.bad-request`).
    BadRequest,
    /// No TSA could be reached: the last URL tried and why (`tsp.unreachable`).
    Unreachable {
        url: String,
        error: crate::fetch::FetchError,
    },
    /// The TSA answered, but not with a token for this request (a refusal, garbage, a token
    /// for other data or another nonce, a bad signature): the report says what
    /// (`tsp.not-taken`).
    NotTaken(Box<TimestampReport>),
    /// The signature to time-stamp could not be read or edited.
    Cms(crate::cms::CmsError),
}

impl TspError {
    /// The sentence, from the catalogue.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::Sha1NotAllowed => ErrorText::new(MessageId::TspSha1NotAllowed),
            Self::ImprintLength { expected, got } => ErrorText::new(MessageId::TspImprintLength)
                .with("expected", expected.to_string())
                .with("got", got.to_string()),
            Self::BadResponse => ErrorText::new(MessageId::TspBadResponse),
            Self::BadRequest => ErrorText::new(MessageId::TspBadRequest),
            Self::Unreachable { url, error } => ErrorText::new(MessageId::TspUnreachable)
                .with("url", url.clone())
                .with_phrase("reason", error.message()),
            Self::NotTaken(report) => {
                // The first error anywhere: the token's, the TSA signer's, its chain's.
                let tsa_findings = report.tsa.iter().flat_map(|s| {
                    let chain = s.chain.iter().flat_map(|c| {
                        c.certificates
                            .iter()
                            .flat_map(|cert| cert.findings.iter())
                            .chain(c.findings.iter())
                    });
                    s.findings.iter().chain(chain)
                });
                let reason = report
                    .findings
                    .iter()
                    .chain(tsa_findings)
                    .find(|f| f.severity == crate::report::Severity::Error)
                    .map(ErrorText::from_finding)
                    .unwrap_or_else(|| ErrorText::new(MessageId::TspNotTakenGeneric));
                ErrorText::new(MessageId::TspNotTaken).with_phrase("reason", reason)
            }
            Self::Cms(e) => e.message(),
        }
    }

    /// The stable string code.
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl From<crate::cms::CmsError> for TspError {
    fn from(e: crate::cms::CmsError) -> Self {
        Self::Cms(e)
    }
}

#[cfg(test)]
pub(crate) mod tests;
