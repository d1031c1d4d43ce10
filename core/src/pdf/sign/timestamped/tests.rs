//! Signing with a signature time-stamp, one-shot and two-phase, with tsp's fake TSA and a
//! session without anchors (real TSAs are in the CLI's and C's tests).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::super::prepare_pdf_signature;
use super::super::tests::{BODIES, Form, build, identity, options};
use super::*;
use crate::cms::CmsError;
use crate::cms::test_support::{Crypto, V15};
use crate::fetch::{FetchError, FetchKind, Fetcher};
use crate::policy::ValidationPolicy;
use crate::test_support::{TestRng, t};
use crate::tsp::TimestampClient;
use crate::tsp::tests::FakeTsa;
use crate::verifier::Verifier;

fn session() -> Verifier<'static> {
    Verifier::without_anchors(
        ValidationPolicy::vn_gov(),
        t("2026-12-05T00:00:00Z"),
        &Crypto,
    )
}

/// A TSA that answers anything with bytes that are no TimeStampResp.
struct GarbageTsa;

impl Fetcher for GarbageTsa {
    fn fetch(&self, _: FetchKind, _: &str, _: Option<&[u8]>) -> Result<Vec<u8>, FetchError> {
        Ok(b"not a TimeStampResp".to_vec())
    }
}

/// The signature's time-stamps as the verifier finds them in the signed PDF.
fn stamps_in(signed: &[u8], verifier: &Verifier<'_>) -> usize {
    let report = verifier.verify_pdf(&signed);
    assert_eq!(report.signatures.len(), 1);
    report.signatures[0]
        .cms
        .iter()
        .flat_map(|c| c.signers.iter())
        .map(|s| s.timestamps.len())
        .sum()
}

#[test]
fn one_shot_embeds_a_time_stamped_cms_and_reports_the_token() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let mut rng = TestRng::new(5);
    let mut signs = 0;
    let (update, report) = sign_pdf_timestamped(
        &base,
        &id.cert,
        V15,
        &options(),
        &Crypto,
        &mut |p: &PreparedPdfSignature| {
            signs += 1;
            crate::key::Signer::sign(&id.key, p.to_be_signed(), &mut TestRng::new(3))
                .map_err(|e| PdfSignError::from(CmsError::from(e)))
        },
        Some(PdfTimestamping::new(
            Stamping::new(&client, &verifier),
            &mut rng,
        )),
    )
    .unwrap();
    assert_eq!((signs, tsa.calls()), (1, 1), "fits the room reserved");
    assert!(report.unwrap().gen_time.is_some());
    let signed = update.signed_pdf(&base).unwrap();
    assert!(signed.starts_with(&base));
    assert_eq!(stamps_in(&signed, &verifier), 1);
}

#[test]
fn without_timestamping_it_is_sign_pdf_with() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let mut sign = |p: &PreparedPdfSignature| {
        crate::key::Signer::sign(&id.key, p.to_be_signed(), &mut TestRng::new(3))
            .map_err(|e| PdfSignError::from(CmsError::from(e)))
    };
    let (update, report) =
        sign_pdf_timestamped(&base, &id.cert, V15, &options(), &Crypto, &mut sign, None).unwrap();
    assert!(report.is_none());
    let plain = sign_pdf_with(&base, &id.cert, V15, &options(), &Crypto, &mut sign).unwrap();
    assert_eq!(update, plain);
    assert_eq!(stamps_in(&update.signed_pdf(&base).unwrap(), &session()), 0);
}

#[test]
fn a_tsa_answering_garbage_fails_the_signing() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let verifier = session();
    let client = TimestampClient::new(&GarbageTsa, vec!["http://tsa.test/".into()]);
    let mut rng = TestRng::new(5);
    let err = sign_pdf_timestamped(
        &base,
        &id.cert,
        V15,
        &options(),
        &Crypto,
        &mut |p: &PreparedPdfSignature| {
            crate::key::Signer::sign(&id.key, p.to_be_signed(), &mut TestRng::new(3))
                .map_err(|e| PdfSignError::from(CmsError::from(e)))
        },
        Some(PdfTimestamping::new(
            Stamping::new(&client, &verifier),
            &mut rng,
        )),
    )
    .unwrap_err();
    assert!(matches!(err, PdfSignError::Timestamp(_)), "{err}");
    assert!(err.code().starts_with("tsp."), "{}", err.code());
}

#[test]
fn two_phase_finish_adds_the_time_stamp_in_the_room_prepared() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);

    // Without room for it the token does not fit: refused, nothing embedded.
    let tight = prepare_pdf_signature(&base, &id.cert, V15, &options(), &Crypto).unwrap();
    let signature =
        crate::key::Signer::sign(&id.key, tight.to_be_signed(), &mut TestRng::new(3)).unwrap();
    let err = tight
        .finish_timestamped(
            &signature,
            &Crypto,
            Stamping::new(&client, &verifier),
            &mut TestRng::new(6),
        )
        .unwrap_err();
    assert!(
        matches!(err, PdfSignError::ContentsTooSmall { .. }),
        "{err}"
    );

    let mut o = options();
    o.reserve_timestamp_room();
    let prepared = prepare_pdf_signature(&base, &id.cert, V15, &o, &Crypto).unwrap();
    assert!(prepared.reserved() >= tight.reserved() + EXTENSION_ROOM);
    let signature =
        crate::key::Signer::sign(&id.key, prepared.to_be_signed(), &mut TestRng::new(3)).unwrap();
    let (update, report) = prepared
        .finish_timestamped(
            &signature,
            &Crypto,
            Stamping::new(&client, &verifier),
            &mut TestRng::new(6),
        )
        .unwrap();
    assert!(report.gen_time.is_some());
    assert_eq!(stamps_in(&update.signed_pdf(&base).unwrap(), &verifier), 1);
}
