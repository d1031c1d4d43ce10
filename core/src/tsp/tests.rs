//! Tokens made here with the CMS builder (TSTInfo content, ESS signing-certificate-v2) and
//! checked through the verification pipeline; the TSA chain is a recording validator, so
//! these rules are tested apart from path validation (tests/tests/tsp_*.rs use OpenSSL's TSA
//! and real chains).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use core::cell::RefCell;

use der::Encode;
use der::asn1::{Int, ObjectIdentifier, OctetString};

use super::asn1::{MessageImprint, TstInfo};
use super::*;
use crate::cert::Certificate;
use crate::cms::test_support::ed_identity;
use crate::cms::{
    ChainContext, ChainValidator, SignedDataBuilder, SignerOptions, VerifyOptions,
    add_signature_timestamp, signer_signature_value,
};
use crate::crypto::{CryptoProvider, DigestAlgorithm, RustCryptoProvider};
use crate::oid;
use crate::policy::{KeyPurpose, ValidationPolicy};
use crate::report::{ChainReport, Indication, SubIndication, TimeSource, TimeUsed};
use crate::test_support::{TestRng, t};
use crate::time::DateTime;

const DATA: &[u8] = b"c\xc3\xb4ng v\xc4\x83n s\xe1\xbb\x91 1/2026";
const POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1");

/// Passes every chain and remembers the purpose and time it was asked about.
#[derive(Default)]
struct Recording(RefCell<Vec<(KeyPurpose, TimeUsed)>>);

impl ChainValidator for Recording {
    fn validate(
        &self,
        _leaf: &Certificate,
        _pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        _policy: &ValidationPolicy,
        _crypto: &dyn CryptoProvider,
    ) -> ChainReport {
        self.0.borrow_mut().push((purpose, time.clone()));
        ChainReport::new(Indication::TotalPassed, None, time.clone())
    }

    fn validate_in_context(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        context: &ChainContext<'_>,
    ) -> ChainReport {
        self.validate(leaf, pool, purpose, time, context.policy, context.crypto)
    }
}

struct Tst {
    imprint: Vec<u8>,
    nonce: Option<Vec<u8>>,
    gen_time: &'static str,
    ess: bool,
}

impl Tst {
    fn over(data: &[u8]) -> Self {
        Self {
            imprint: RustCryptoProvider.digest(DigestAlgorithm::Sha256, data),
            nonce: None,
            gen_time: "20260301101112.25Z",
            ess: true,
        }
    }

    fn token(&self) -> Vec<u8> {
        let info = TstInfo {
            version: 1,
            policy: POLICY,
            message_imprint: MessageImprint {
                hash_algorithm: DigestAlgorithm::Sha256.algorithm_identifier(),
                hashed_message: OctetString::new(self.imprint.clone()).unwrap(),
            },
            serial_number: Int::new(&[0x01, 0x02]).unwrap(),
            gen_time: der::Any::new(der::Tag::GeneralizedTime, self.gen_time.as_bytes()).unwrap(),
            accuracy: None,
            ordering: None,
            nonce: self.nonce.as_deref().map(|n| Int::new(n).unwrap()),
            tsa: None,
            extensions: None,
        };
        let (key, cert) = ed_identity(41, "Test TSA");
        SignedDataBuilder::new(&info.to_der().unwrap())
            .content_type(oid::ID_CT_TST_INFO)
            .add_signer(SignerOptions::new(&key, &cert).signing_certificate_v2(self.ess))
            .build(&RustCryptoProvider, &mut TestRng::new(3))
            .unwrap()
    }
}

fn options<'a>(validator: &'a Recording) -> VerifyOptions<'a> {
    VerifyOptions::new(
        ValidationPolicy::vn_gov(),
        t("2026-12-01T00:00:00Z"),
        &RustCryptoProvider,
    )
    .with_chain_validator(validator)
}

fn check(token: &[u8], expectation: &Expectation<'_>) -> (TimestampReport, Recording) {
    let validator = Recording::default();
    let r = verify_token(
        token,
        TimestampKind::Token,
        expectation,
        &options(&validator),
        None,
        &[],
    );
    (r, validator)
}

fn codes(r: &TimestampReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.code()).collect()
}

#[test]
fn a_good_token_passes_and_its_tsa_is_validated_at_gen_time() {
    let (r, v) = check(
        &Tst::over(DATA).token(),
        &Expectation::of(Imprinted::Bytes(DATA)),
    );
    assert_eq!(r.indication, Indication::TotalPassed, "{:?}", r.findings);
    assert_eq!(
        r.gen_time,
        Some(DateTime::new(2026, 3, 1, 10, 11, 12).unwrap())
    );
    assert_eq!(r.gen_time_exact.as_deref(), Some("20260301101112.25Z"));
    assert_eq!(r.policy.as_deref(), Some("1.3.6.1.4.1.99999.1"));
    assert_eq!(r.serial.as_deref(), Some("0102"));
    let asked = v.0.borrow();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].0, KeyPurpose::TimeStamping);
    assert_eq!(
        asked[0].1,
        TimeUsed::new(t("2026-03-01T10:11:12Z"), TimeSource::Timestamp)
    );
}

#[test]
fn other_data_is_a_hash_failure() {
    let (r, _) = check(
        &Tst::over(DATA).token(),
        &Expectation::of(Imprinted::Bytes(b"other")),
    );
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
    assert!(codes(&r).contains(&"tsp.imprint-mismatch"));
}

#[test]
fn nonce_must_be_echoed() {
    let sent = [0x41u8; 16];
    let expect = Expectation {
        data: Imprinted::Bytes(DATA),
        nonce: Some(&sent),
        policy: None,
    };
    let mut tst = Tst::over(DATA);
    assert!(codes(&check(&tst.token(), &expect).0).contains(&"tsp.nonce-missing"));
    tst.nonce = Some(vec![0x42; 16]);
    let (r, _) = check(&tst.token(), &expect);
    assert!(codes(&r).contains(&"tsp.nonce-mismatch"));
    assert_ne!(r.indication, Indication::TotalPassed);
    tst.nonce = Some(sent.to_vec());
    assert!(check(&tst.token(), &expect).0.passed());
}

#[test]
fn a_requested_policy_must_be_granted() {
    let other = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.2");
    let expect = Expectation {
        data: Imprinted::Bytes(DATA),
        nonce: None,
        policy: Some(&other),
    };
    let (r, _) = check(&Tst::over(DATA).token(), &expect);
    assert!(codes(&r).contains(&"tsp.policy-mismatch"));
    assert_eq!(r.sub_indication, Some(SubIndication::SigConstraintsFailure));
}

#[test]
fn a_token_without_ess_binding_fails() {
    let mut tst = Tst::over(DATA);
    tst.ess = false;
    let (r, _) = check(&tst.token(), &Expectation::of(Imprinted::Bytes(DATA)));
    assert_eq!(r.indication, Indication::TotalFailed);
    assert!(codes(&r).contains(&"tsp.no-signing-certificate"));
}

#[test]
fn a_future_token_proves_nothing() {
    let mut tst = Tst::over(DATA);
    tst.gen_time = "20300101000000Z";
    let (r, _) = check(&tst.token(), &Expectation::of(Imprinted::Bytes(DATA)));
    assert!(codes(&r).contains(&"tsp.in-future"));
    assert!(!r.passed());
}

#[test]
fn plain_signed_data_is_not_a_token() {
    let (key, cert) = ed_identity(42, "Not a TSA");
    let cms = SignedDataBuilder::new(DATA)
        .add_signer(SignerOptions::new(&key, &cert))
        .build(&RustCryptoProvider, &mut TestRng::new(4))
        .unwrap();
    let (r, _) = check(&cms, &Expectation::of(Imprinted::Bytes(DATA)));
    assert_eq!(r.sub_indication, Some(SubIndication::FormatFailure));
    assert_eq!(codes(&r), ["tsp.not-tst-info"]);
    for garbage in [&b""[..], b"\x30\x00", b"not a token"] {
        let (r, _) = check(garbage, &Expectation::of(Imprinted::Bytes(DATA)));
        assert_eq!(r.indication, Indication::TotalFailed);
    }
}

/// CAdES B-T: a token over the signature value, added as an unsigned attribute, is verified
/// with the signer and its genTime becomes the time the signer's chain is validated at.
#[test]
fn a_signature_time_stamp_is_the_validation_time() {
    let (key, cert) = ed_identity(43, "Nguyễn Văn A");
    let cms = SignedDataBuilder::new(DATA)
        .add_signer(SignerOptions::new(&key, &cert).signing_time(t("2026-03-01T10:11:00Z")))
        .build(&RustCryptoProvider, &mut TestRng::new(5))
        .unwrap();
    let signature = signer_signature_value(&cms, 0).unwrap();
    let stamped = add_signature_timestamp(&cms, 0, &Tst::over(&signature).token()).unwrap();
    // Everything but the SignerInfo's new unsigned attribute is kept: same content, same
    // signature value.
    assert_eq!(signer_signature_value(&stamped, 0).unwrap(), signature);

    let validator = Recording::default();
    let report = crate::cms::verify(&stamped, None, &options(&validator));
    assert_eq!(report.indication, Indication::TotalPassed, "{report:?}");
    let signer = &report.signers[0];
    assert_eq!(signer.timestamps.len(), 1);
    assert!(signer.timestamps[0].passed());
    assert_eq!(signer.timestamps[0].kind, TimestampKind::Signature);
    let chain = signer.chain.as_ref().unwrap();
    assert_eq!(
        chain.time_used,
        TimeUsed::new(t("2026-03-01T10:11:12Z"), TimeSource::Timestamp)
    );
    let text = report.to_text(crate::i18n::Lang::Vi);
    assert!(text.contains("Dấu thời gian 1"), "{text}");

    // A token over something else is reported and proves nothing: the claimed time is used.
    let wrong = add_signature_timestamp(&cms, 0, &Tst::over(b"else").token()).unwrap();
    let report = crate::cms::verify(&wrong, None, &options(&Recording::default()));
    let signer = &report.signers[0];
    assert!(!signer.timestamps[0].passed());
    assert!(
        signer
            .findings
            .iter()
            .any(|f| f.code.code() == "cms.signature-timestamp-failed")
    );
    assert_eq!(
        signer.chain.as_ref().unwrap().time_used.source,
        TimeSource::ClaimedSigningTime
    );
}

#[test]
fn signing_after_the_time_stamp_is_an_order_failure() {
    let (key, cert) = ed_identity(44, "Late");
    let cms = SignedDataBuilder::new(DATA)
        .add_signer(SignerOptions::new(&key, &cert).signing_time(t("2026-03-02T00:00:00Z")))
        .build(&RustCryptoProvider, &mut TestRng::new(6))
        .unwrap();
    let signature = signer_signature_value(&cms, 0).unwrap();
    let stamped = add_signature_timestamp(&cms, 0, &Tst::over(&signature).token()).unwrap();
    let report = crate::cms::verify(&stamped, None, &options(&Recording::default()));
    assert_eq!(
        (report.indication, report.sub_indication),
        (
            Indication::Indeterminate,
            Some(SubIndication::TimestampOrderFailure)
        )
    );
}

/// A TSA behind a fetcher: answers each request with a token over its imprint (echoing the
/// nonce unless told otherwise); the first `down` calls find it unavailable.
pub(crate) struct FakeTsa {
    down: core::cell::Cell<usize>,
    echo_nonce: bool,
    calls: RefCell<Vec<String>>,
}

impl FakeTsa {
    /// A TSA that answers every request correctly (for other modules' tests).
    pub(crate) fn good() -> Self {
        Self {
            down: core::cell::Cell::new(0),
            echo_nonce: true,
            calls: RefCell::default(),
        }
    }

    /// How many requests it was sent.
    pub(crate) fn calls(&self) -> usize {
        self.calls.borrow().len()
    }
}

impl crate::fetch::Fetcher for FakeTsa {
    fn fetch(
        &self,
        kind: crate::fetch::FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, crate::fetch::FetchError> {
        assert_eq!(kind, crate::fetch::FetchKind::Timestamp);
        self.calls.borrow_mut().push(url.to_owned());
        if url.contains("gone") {
            return Err(crate::fetch::FetchError::Status { code: 404 });
        }
        if self.down.get() > 0 {
            self.down.set(self.down.get() - 1);
            return Err(crate::fetch::FetchError::Unavailable);
        }
        let request = TimestampRequest::from_der(body.unwrap()).unwrap();
        let tst = Tst {
            imprint: request.imprint().to_vec(),
            nonce: if self.echo_nonce {
                request.nonce().map(<[u8]>::to_vec)
            } else {
                Some(vec![0x45; 16])
            },
            gen_time: "20261130080000Z",
            ess: true,
        };
        // TimeStampResp { status { granted }, token } (RFC 3161 §2.4.2).
        let status = crate::ber::encode(crate::ber::SEQUENCE, &[&[0x02, 0x01, 0x00]]);
        Ok(crate::ber::encode(
            crate::ber::SEQUENCE,
            &[&status, &tst.token()],
        ))
    }
}

#[test]
fn the_client_tries_mirrors_and_takes_only_the_answer_to_its_request() {
    let (key, cert) = ed_identity(45, "Signer");
    let cms = SignedDataBuilder::new(DATA)
        .add_signer(SignerOptions::new(&key, &cert))
        .build(&RustCryptoProvider, &mut TestRng::new(7))
        .unwrap();
    let verifier = crate::verifier::Verifier::without_anchors(
        ValidationPolicy::vn_gov(),
        t("2026-12-01T00:00:00Z"),
        &RustCryptoProvider,
    );
    let urls = vec![
        "http://primary.test/".to_owned(),
        "http://mirror.test/".to_owned(),
    ];
    let tsa = FakeTsa {
        down: core::cell::Cell::new(1),
        echo_nonce: true,
        calls: RefCell::default(),
    };
    let client = TimestampClient::new(&tsa, urls.clone());
    let (stamped, report) =
        timestamp_signer(&cms, 0, &client, &verifier, &mut TestRng::new(8)).unwrap();
    assert_eq!(
        *tsa.calls.borrow(),
        urls,
        "the mirror after the unavailable primary"
    );
    // Without anchors the TSA's chain is INDETERMINATE: reported, the token still taken.
    assert_eq!(report.indication, Indication::Indeterminate);
    let signer = &crate::cms::verify(&stamped, None, &options(&Recording::default())).signers[0];
    assert!(signer.timestamps[0].passed());

    let replayed = FakeTsa {
        down: core::cell::Cell::new(0),
        echo_nonce: false,
        calls: RefCell::default(),
    };
    let client = TimestampClient::new(&replayed, urls);
    let err = timestamp_signer(&cms, 0, &client, &verifier, &mut TestRng::new(9)).unwrap_err();
    assert_eq!(err.code(), "tsp.not-taken");
    assert!(err.to_string().contains("nonce"), "{err}");

    let gone = TimestampClient::new(
        &replayed,
        vec!["http://gone.test/".into(), "http://x/".into()],
    );
    let err = timestamp_signer(&cms, 0, &gone, &verifier, &mut TestRng::new(9)).unwrap_err();
    assert_eq!(err.code(), "tsp.unreachable");
    assert_eq!(replayed.calls.borrow().last().unwrap(), "http://gone.test/");
}

#[test]
fn an_answer_fetched_by_the_caller_is_taken_only_for_its_request() {
    let verifier = crate::verifier::Verifier::without_anchors(
        ValidationPolicy::vn_gov(),
        t("2026-12-01T00:00:00Z"),
        &RustCryptoProvider,
    );
    let tsa = FakeTsa {
        down: core::cell::Cell::new(0),
        echo_nonce: true,
        calls: RefCell::default(),
    };
    let request = TimestampRequest::for_data(&RustCryptoProvider, DigestAlgorithm::Sha256, DATA)
        .unwrap()
        .with_random_nonce(&mut TestRng::new(11));
    let answer = crate::fetch::Fetcher::fetch(
        &tsa,
        crate::fetch::FetchKind::Timestamp,
        "http://tsa.test/",
        Some(&request.to_der()),
    )
    .unwrap();
    let (token, report) = accept_timestamp_response(&answer, &request, &verifier).unwrap();
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity != crate::report::Severity::Error)
    );
    assert!(crate::tsp::is_timestamp_token(&token));
    // The same answer for another request (another nonce) is not taken.
    let other = TimestampRequest::for_data(&RustCryptoProvider, DigestAlgorithm::Sha256, DATA)
        .unwrap()
        .with_random_nonce(&mut TestRng::new(12));
    let err = accept_timestamp_response(&answer, &other, &verifier).unwrap_err();
    assert_eq!(err.code(), "tsp.not-taken");
}
