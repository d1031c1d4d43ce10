//! The session's time-stamp questions: a token (or a TSA's answer) over some data, and a TSA's
//! answer to kyso's own request before it is embedded anywhere.

use super::Verifier;
use crate::cms::VerifyOptions;
use crate::i18n::MessageId;
use crate::report::{Finding, Severity};
use crate::tsp::{
    Expectation, Imprinted, TimestampKind, TimestampReport, TimestampRequest, TimestampResponse,
    verify_token,
};

impl Verifier<'_> {
    /// Verify a time-stamp token over `data`: `token` is a token (ContentInfo, DER, BER or
    /// PEM) or a TSA's `TimeStampResp` holding one. The TSA's certificate is validated for
    /// id-kp-timeStamping at the token's genTime, with this session's anchors and evidence.
    pub fn verify_timestamp(&self, token: &[u8], data: &[u8]) -> TimestampReport {
        match unwrap_response(token) {
            Ok(token) => self.verify_token_with(
                &token,
                TimestampKind::Token,
                &Expectation::of(Imprinted::Bytes(data)),
            ),
            Err(report) => *report,
        }
    }

    /// Verify a TSA's answer to `request` (RFC 3161 §2.4.2): a granted status, then the token
    /// against the request's imprint, nonce and policy. Take the token only when the report
    /// [`passed`](TimestampReport::passed): a refusal, garbage, a token for other data or for
    /// another request (replayed, misrouted) never passes.
    pub fn verify_timestamp_response(
        &self,
        response: &[u8],
        request: &TimestampRequest,
    ) -> TimestampReport {
        // A TSA answers with a TimeStampResp (RFC 3161 §2.4.2): anything else (an error
        // page, garbage, a bare token) is not an answer to this request.
        if TimestampResponse::from_der(response).is_err() {
            return TimestampReport::without_token(Finding::new(
                MessageId::TspBadResponse,
                Severity::Error,
            ));
        }
        let token = match unwrap_response(response) {
            Ok(token) => token,
            Err(report) => return *report,
        };
        let digests = [(request.digest_algorithm(), request.imprint().to_vec())];
        let expectation = Expectation {
            data: Imprinted::Digests(&digests),
            nonce: request.nonce(),
            policy: request.policy(),
        };
        self.verify_token_with(&token, TimestampKind::Token, &expectation)
    }

    pub(crate) fn verify_token_with(
        &self,
        token: &[u8],
        kind: TimestampKind,
        expectation: &Expectation<'_>,
    ) -> TimestampReport {
        self.chain_validator(|validator| {
            let mut options = VerifyOptions::new(self.policy.clone(), self.now, self.crypto)
                .with_extra_certificates(self.evidence.certificates())
                .with_limits(self.limits);
            if let Some(v) = validator {
                options = options.with_chain_validator(v);
            }
            verify_token(
                token,
                kind,
                expectation,
                &options,
                None,
                self.evidence.certificates(),
            )
        })
    }
}

/// The token inside a `TimeStampResp`, or `token` itself when it is not a response; a
/// refusal or an empty grant is a report saying so.
fn unwrap_response(input: &[u8]) -> Result<Vec<u8>, Box<TimestampReport>> {
    let Ok(response) = TimestampResponse::from_der(input) else {
        return Ok(input.to_vec());
    };
    let status = response.status();
    if !status.is_granted() {
        let failure = match response.failure_info() {
            [] => String::new(),
            bits => format!(", {}", bits.join(", ")),
        };
        let text = match response.status_text() {
            [] => String::new(),
            texts => format!(": \u{201c}{}\u{201d}", texts.join(" ")),
        };
        return Err(Box::new(TimestampReport::without_token(
            Finding::new(MessageId::TspRefused, Severity::Error)
                .with("status", status.name())
                .with("failure", failure)
                .with("text", text),
        )));
    }
    response.into_token().ok_or_else(|| {
        Box::new(TimestampReport::without_token(Finding::new(
            MessageId::TspNoToken,
            Severity::Error,
        )))
    })
}
