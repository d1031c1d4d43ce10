//! Getting a time-stamp: a request with a fresh nonce, sent through the caller's
//! [`Fetcher`] to each of a TSA's URLs in turn (primary, then mirrors), the answer checked
//! against the request by the caller's verification session, the token taken only when it is
//! the genuine answer (RFC 3161 §2.4.2; issue 12 item 2).

use der::asn1::ObjectIdentifier;

use super::{TimestampReport, TimestampRequest, TspError};
use crate::crypto::DigestAlgorithm;
use crate::fetch::{FetchError, FetchKind, Fetcher};
use crate::report::{Indication, Severity, SubIndication};
use crate::verifier::Verifier;

/// A TSA to ask: its URLs (tried in order while one is unreachable), the imprint digest
/// (SHA-256 unless told otherwise) and an optional policy.
#[derive(Clone)]
pub struct TimestampClient<'a> {
    fetcher: &'a dyn Fetcher,
    urls: Vec<String>,
    digest: DigestAlgorithm,
    legacy_sha1: bool,
    policy: Option<ObjectIdentifier>,
}

impl core::fmt::Debug for TimestampClient<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TimestampClient")
            .field("urls", &self.urls)
            .field("digest", &self.digest)
            .field("policy", &self.policy)
            .finish()
    }
}

impl<'a> TimestampClient<'a> {
    /// Ask the TSA at `urls` (the first, then each mirror while the previous one is
    /// unreachable) through `fetcher` ([`FetchKind::Timestamp`]: the fetcher applies its own
    /// time-outs, retries and credentials).
    pub fn new(fetcher: &'a dyn Fetcher, urls: Vec<String>) -> Self {
        Self {
            fetcher,
            urls,
            digest: DigestAlgorithm::Sha256,
            legacy_sha1: false,
            policy: None,
        }
    }

    /// The imprint digest (SHA-1 is refused here; see
    /// [`danger_legacy_sha1`](Self::danger_legacy_sha1)).
    pub fn with_digest(mut self, digest: DigestAlgorithm) -> Self {
        self.digest = digest;
        self
    }

    /// Ask with a SHA-1 imprint, for TSAs that still expect it (docs/vietnam.md §3): verifiers
    /// accept such a token only under their legacy gate.
    pub fn danger_legacy_sha1(mut self) -> Self {
        self.digest = DigestAlgorithm::Sha1;
        self.legacy_sha1 = true;
        self
    }

    pub fn with_policy(mut self, policy: ObjectIdentifier) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The imprint digest asked for.
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.digest
    }

    /// A token over `data`, checked by `verifier` against the request, with its report.
    ///
    /// Taken when the answer is a token for this request: the imprint, the nonce and the
    /// policy match, the TSA's signature and ESS binding verify (nothing TOTAL-FAILED, no
    /// time-stamp finding of error severity), and the TSA's chain passed or is undecided only
    /// for want of data the signer may not have — revocation status not reachable now
    /// (TRY_LATER) or an anchor outside this session's trust (NO_CERTIFICATE_CHAIN_FOUND):
    /// every verifier checks the token again, at genTime, with its own anchors and data. A
    /// TSA certificate that is not fit for time-stamping (EKU, key usage, validity) is
    /// refused here already.
    pub fn timestamp(
        &self,
        data: &[u8],
        verifier: &Verifier<'_>,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<(Vec<u8>, TimestampReport), TspError> {
        self.timestamp_imprint(verifier.crypto().digest(self.digest, data), verifier, rng)
    }

    /// [`timestamp`](Self::timestamp) for data the caller digested itself with
    /// [`digest_algorithm`](Self::digest_algorithm) (a PDF's ByteRange, streamed).
    pub fn timestamp_imprint(
        &self,
        imprint: Vec<u8>,
        verifier: &Verifier<'_>,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<(Vec<u8>, TimestampReport), TspError> {
        let request = if self.legacy_sha1 {
            TimestampRequest::danger_legacy_sha1(imprint)?
        } else {
            TimestampRequest::new(self.digest, imprint)?
        };
        let mut request = request.with_random_nonce(rng);
        if let Some(p) = self.policy {
            request = request.with_policy(p);
        }
        let body = request.to_der();
        let mut last = None;
        for url in &self.urls {
            match self.fetcher.fetch(FetchKind::Timestamp, url, Some(&body)) {
                Ok(answer) => {
                    let report = verifier.verify_timestamp_response(&answer, &request);
                    return take(answer, report);
                }
                // Another mirror may answer; a refusal by this one (4xx) would be the same.
                Err(error @ (FetchError::Unavailable | FetchError::Status { code: 500.. })) => {
                    last = Some((url.clone(), error));
                }
                Err(error) => {
                    return Err(TspError::Unreachable {
                        url: url.clone(),
                        error,
                    });
                }
            }
        }
        let (url, error) = last.unwrap_or((String::new(), FetchError::NotAllowed));
        Err(TspError::Unreachable { url, error })
    }
}

/// The second half of getting a time-stamp when the caller does the HTTP exchange itself (a
/// browser's `fetch`, a C callback that is asynchronous): `answer` is the TSA's reply to
/// `request`; the token is returned, with its report, only when it is the genuine answer —
/// the same rule as [`TimestampClient::timestamp`].
pub fn accept_timestamp_response(
    answer: &[u8],
    request: &TimestampRequest,
    verifier: &Verifier<'_>,
) -> Result<(Vec<u8>, TimestampReport), TspError> {
    let report = verifier.verify_timestamp_response(answer, request);
    take(answer.to_vec(), report)
}

/// The token of `answer` when `report` says it is the genuine answer (see
/// [`TimestampClient::timestamp`]).
fn take(answer: Vec<u8>, report: TimestampReport) -> Result<(Vec<u8>, TimestampReport), TspError> {
    let token_error = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.code.code().starts_with("tsp."));
    let signature_failed = report.tsa.as_ref().is_none_or(|s| match s.indication {
        Indication::TotalPassed => false,
        Indication::TotalFailed => true,
        Indication::Indeterminate => !matches!(
            s.sub_indication,
            Some(SubIndication::TryLater | SubIndication::NoCertificateChainFound)
        ),
    });
    if report.indication == Indication::TotalFailed || token_error || signature_failed {
        return Err(TspError::NotTaken(Box::new(report)));
    }
    let token = match super::TimestampResponse::from_der(&answer) {
        Ok(response) => response.into_token(),
        Err(_) => Some(answer),
    };
    token
        .map(|t| (t, report.clone()))
        .ok_or_else(|| TspError::NotTaken(Box::new(report)))
}

/// CAdES B-T (ETSI EN 319 122-1 §5.3): a time-stamp over signer `signer_index`'s signature
/// value from `client`, added to the SignedData `cms` as its signature-time-stamp; every other
/// byte is kept. Returns the new SignedData and the token's report.
pub fn timestamp_signer(
    cms: &[u8],
    signer_index: usize,
    client: &TimestampClient<'_>,
    verifier: &Verifier<'_>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<(Vec<u8>, TimestampReport), TspError> {
    let signature = crate::cms::signer_signature_value(cms, signer_index)?;
    let (token, mut report) = client.timestamp(&signature, verifier, rng)?;
    report.kind = super::TimestampKind::Signature;
    let stamped = crate::cms::add_signature_timestamp(cms, signer_index, &token)?;
    Ok((stamped, report))
}

/// CAdES B-LTA (ETSI EN 319 122-1 §5.5.3): an archive time-stamp over signer `signer_index`
/// of `cms` — its signature, the signed content's digest (`content` for a detached
/// signature), and an index of the certificates, revocation data and unsigned attributes there
/// now — from `client`, added as a new archive-time-stamp-v3 attribute. The signature should
/// be B-LT first (the time-stamp then protects its validation data). Returns the new
/// SignedData and the token's report.
pub fn archive_timestamp_signer(
    cms: &[u8],
    content: Option<&[u8]>,
    signer_index: usize,
    client: &TimestampClient<'_>,
    verifier: &Verifier<'_>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<(Vec<u8>, TimestampReport), TspError> {
    let input = crate::cms::archive_timestamp_input(
        cms,
        content,
        signer_index,
        client.digest_algorithm(),
        verifier.crypto(),
    )?;
    let (token, mut report) = client.timestamp(&input.imprinted, verifier, rng)?;
    report.kind = super::TimestampKind::Archive;
    let stamped = crate::cms::add_archive_timestamp(cms, signer_index, &token, &input.hash_index)?;
    Ok((stamped, report))
}
