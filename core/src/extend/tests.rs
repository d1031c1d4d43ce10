//! The level rules of `extend_cms` / `extend_pdf` with a fake TSA (tsp's tests) and a session
//! without anchors; real TSAs and chains are in tests/tests and the CLI's and C's tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::cms::test_support::ed_identity;
use crate::cms::{SignedDataBuilder, SignerOptions};
use crate::crypto::RustCryptoProvider;
use crate::policy::ValidationPolicy;
use crate::test_support::{TestRng, t};
use crate::tsp::tests::FakeTsa;

const NOW: &str = "2026-12-01T00:00:00Z";

fn session() -> Verifier<'static> {
    Verifier::without_anchors(ValidationPolicy::vn_gov(), t(NOW), &RustCryptoProvider)
}

fn signed() -> Vec<u8> {
    let (key, cert) = ed_identity(45, "Signer");
    SignedDataBuilder::new(b"noi dung")
        .add_signer(SignerOptions::new(&key, &cert))
        .build(&RustCryptoProvider, &mut TestRng::new(7))
        .unwrap()
}

#[test]
fn level_names_and_numbers() {
    for (name, level, code) in [
        ("b-t", ExtendLevel::BT, 1),
        ("B-LT", ExtendLevel::BLt, 2),
        ("b-LTA", ExtendLevel::BLta, 3),
    ] {
        assert_eq!(ExtendLevel::from_name(name), Some(level));
        assert_eq!(ExtendLevel::from_code(code), Some(level));
        assert_eq!(level.code(), code);
        assert!(name.eq_ignore_ascii_case(level.name()));
    }
    assert_eq!(ExtendLevel::from_name("b-b"), None);
    assert_eq!(ExtendLevel::from_code(0), None);
    assert_eq!(ExtendLevel::from_code(4), None);
}

#[test]
fn cms_b_t_stamps_unstamped_signers_once() {
    let cms = signed();
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let stamping = Stamping::new(&client, &verifier);

    // Without a TSA a signer that needs a time-stamp is an error, named.
    let err = extend_cms(
        &cms,
        None,
        ExtendLevel::BT,
        &verifier,
        None,
        &mut TestRng::new(1),
    )
    .unwrap_err();
    assert_eq!(err.code(), "extend.needs-tsa");
    assert!(err.to_string().contains("B-T"), "{err}");

    let out = extend_cms(
        &cms,
        None,
        ExtendLevel::BT,
        &verifier,
        Some(stamping),
        &mut TestRng::new(2),
    )
    .unwrap();
    assert_eq!(out.timestamps.len(), 1);
    assert!(out.validation_data.is_empty() && out.is_complete());
    assert_eq!(tsa.calls(), 1);
    let report = verifier.verify_cms(&out.bytes, None);
    assert_eq!(report.signers[0].timestamps.len(), 1);

    // Already time-stamped: nothing asked, no TSA needed.
    let again = extend_cms(
        &out.bytes,
        None,
        ExtendLevel::BT,
        &verifier,
        None,
        &mut TestRng::new(3),
    )
    .unwrap();
    assert!(again.timestamps.is_empty());
    assert_eq!(again.bytes, out.bytes);
}

#[test]
fn cms_b_t_stamps_every_signer_though_the_set_is_resorted() {
    let (k1, c1) = ed_identity(45, "Signer");
    let (k2, c2) = ed_identity(46, "Second signer");
    let cms = SignedDataBuilder::new(b"noi dung")
        .add_signer(SignerOptions::new(&k1, &c1))
        .add_signer(SignerOptions::new(&k2, &c2))
        .build(&RustCryptoProvider, &mut TestRng::new(7))
        .unwrap();
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let out = extend_cms(
        &cms,
        None,
        ExtendLevel::BT,
        &verifier,
        Some(Stamping::new(&client, &verifier)),
        &mut TestRng::new(2),
    )
    .unwrap();
    assert_eq!(out.timestamps.len(), 2);
    let report = verifier.verify_cms(&out.bytes, None);
    assert_eq!(report.signers.len(), 2);
    for signer in &report.signers {
        assert_eq!(signer.timestamps.len(), 1, "one time-stamp per signer");
    }
}

#[test]
fn cms_b_lt_reports_what_is_missing_and_still_returns_the_signature() {
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let out = extend_cms(
        &signed(),
        None,
        ExtendLevel::BLt,
        &verifier,
        Some(Stamping::new(&client, &verifier)),
        &mut TestRng::new(4),
    )
    .unwrap();
    assert_eq!(out.timestamps.len(), 1);
    assert_eq!(out.validation_data.len(), 1);
    // No anchors: no chain, said, not an error.
    assert!(!out.is_complete());
    assert!(out.missing().any(|f| f.code.code() == "ltv.no-chain"));
    let json: serde_json::Value = serde_json::from_str(&out.to_json()).unwrap();
    assert_eq!(json["level"], "B-LT");
    assert_eq!(json["complete"], false);
    assert_eq!(json["timestamps"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["validation_data"][0]["missing"][0]["code"],
        "ltv.no-chain"
    );
    assert!(crate::cms::inspect(&out.bytes).is_ok());
}

/// The archive time-stamps of the signers of `cms`, with every finding code of each.
#[cfg(feature = "cades-archive")]
fn archive_findings(
    verifier: &Verifier<'_>,
    cms: &[u8],
    content: Option<&[u8]>,
) -> Vec<Vec<String>> {
    let report = verifier.verify_cms(cms, content);
    report
        .signers
        .iter()
        .flat_map(|s| s.timestamps.iter())
        .filter(|t| t.kind == crate::tsp::TimestampKind::Archive)
        .map(|t| {
            t.findings
                .iter()
                .map(|f| f.code.code().to_string())
                .collect()
        })
        .collect()
}

#[test]
#[cfg(feature = "cades-archive")]
fn cms_b_lta_adds_an_archive_timestamp_over_the_signature_and_its_data() {
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let stamping = Stamping::new(&client, &verifier);
    let err = extend_cms(
        &signed(),
        None,
        ExtendLevel::BLta,
        &verifier,
        None,
        &mut TestRng::new(5),
    )
    .unwrap_err();
    assert_eq!(err.code(), "extend.needs-tsa");

    let out = extend_cms(
        &signed(),
        None,
        ExtendLevel::BLta,
        &verifier,
        Some(stamping),
        &mut TestRng::new(6),
    )
    .unwrap();
    // A signature time-stamp, then the archive time-stamp; B-LT data before and after it.
    let kinds: Vec<_> = out.timestamps.iter().map(|t| t.kind).collect();
    use crate::tsp::TimestampKind::{Archive, Signature};
    assert_eq!(kinds, [Signature, Archive]);
    assert_eq!(out.validation_data.len(), 2);
    assert!(out.to_json().contains("\"level\": \"B-LTA\""));
    // The imprint rebuilt at verification matches: no imprint or archive finding.
    let found = archive_findings(&verifier, &out.bytes, None);
    assert_eq!(found.len(), 1);
    assert!(
        !found[0]
            .iter()
            .any(|c| c.starts_with("tsp.imprint") || c.starts_with("cms.archive-timestamp")),
        "{found:?}"
    );

    // Renewal: a second archive time-stamp covers the first; both still verify.
    let again = extend_cms(
        &out.bytes,
        None,
        ExtendLevel::BLta,
        &verifier,
        Some(stamping),
        &mut TestRng::new(7),
    )
    .unwrap();
    assert_eq!(
        again.timestamps.len(),
        1,
        "the signer is time-stamped already"
    );
    let found = archive_findings(&verifier, &again.bytes, None);
    assert_eq!(found.len(), 2);
    assert!(
        found
            .iter()
            .flatten()
            .all(|c| !c.starts_with("tsp.imprint")),
        "{found:?}"
    );

    // Other content than was signed: the archive time-stamp's imprint no longer matches.
    let found = archive_findings(&verifier, &out.bytes, Some(b"khac"));
    assert!(
        found[0].iter().any(|c| c == "tsp.imprint-mismatch"),
        "{found:?}"
    );
}

#[test]
#[cfg(feature = "cades-archive")]
fn cms_b_lta_of_a_detached_signature_needs_its_content() {
    let (key, cert) = ed_identity(45, "Signer");
    let cms = SignedDataBuilder::new(b"noi dung")
        .detached()
        .add_signer(SignerOptions::new(&key, &cert))
        .build(&RustCryptoProvider, &mut TestRng::new(7))
        .unwrap();
    let verifier = session();
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let stamping = Stamping::new(&client, &verifier);
    let err = extend_cms(
        &cms,
        None,
        ExtendLevel::BLta,
        &verifier,
        Some(stamping),
        &mut TestRng::new(1),
    )
    .unwrap_err();
    assert!(
        matches!(err, ExtendError::Cms(crate::cms::CmsError::ContentMissing)),
        "{err}"
    );
    let out = extend_cms(
        &cms,
        Some(b"noi dung"),
        ExtendLevel::BLta,
        &verifier,
        Some(stamping),
        &mut TestRng::new(2),
    )
    .unwrap();
    let found = archive_findings(&verifier, &out.bytes, Some(b"noi dung"));
    assert!(
        found[0].iter().all(|c| !c.starts_with("tsp.imprint")),
        "{found:?}"
    );
    // Without the content the archive time-stamp is undecided, and says why.
    let found = archive_findings(&verifier, &out.bytes, None);
    assert!(found[0].iter().any(|c| c == "cms.no-content"), "{found:?}");
}

#[test]
fn cms_garbage_is_refused() {
    let verifier = session();
    let err = extend_cms(
        b"not a signature",
        None,
        ExtendLevel::BT,
        &verifier,
        None,
        &mut TestRng::new(5),
    )
    .unwrap_err();
    assert!(matches!(err, ExtendError::Cms(_)), "{err:?}");
}

#[test]
fn pdf_levels_take_their_steps() {
    let pdf = crate::pdf::tests::minimal_pdf();
    let verifier = session();
    let options = PdfSignOptions::new(t(NOW));
    let tsa = FakeTsa::good();
    let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
    let stamping = Stamping::new(&client, &verifier);

    // B-T on a document nothing time-stamps: a document time-stamp, which needs a TSA.
    let err = extend_pdf(
        &pdf,
        ExtendLevel::BT,
        &options,
        &verifier,
        None,
        &mut TestRng::new(6),
    )
    .unwrap_err();
    assert_eq!(err.code(), "extend.needs-tsa");
    let bt = extend_pdf(
        &pdf,
        ExtendLevel::BT,
        &options,
        &verifier,
        Some(stamping),
        &mut TestRng::new(6),
    )
    .unwrap();
    assert_eq!(bt.timestamps.len(), 1);
    let doc = [pdf.as_slice(), bt.bytes.as_slice()].concat();
    let report = verifier.verify_pdf(&doc);
    assert_eq!(report.signatures.len(), 1);
    assert!(report.signatures[0].timestamp.is_some());

    // B-LT on a document nothing time-stamps: B-T first, then the DSS.
    let lt = extend_pdf(
        &pdf,
        ExtendLevel::BLt,
        &options,
        &verifier,
        Some(stamping),
        &mut TestRng::new(6),
    )
    .unwrap();
    assert_eq!(lt.timestamps.len(), 1);
    assert_eq!(lt.validation_data.len(), 1);

    // Time-stamped already: B-T adds nothing.
    let again = extend_pdf(
        &doc,
        ExtendLevel::BT,
        &options,
        &verifier,
        None,
        &mut TestRng::new(7),
    )
    .unwrap();
    assert!(again.bytes.is_empty() && again.timestamps.is_empty());

    // B-LTA: DSS, document time-stamp, DSS again (two steps), all appended.
    let lta = extend_pdf(
        &doc,
        ExtendLevel::BLta,
        &options,
        &verifier,
        Some(stamping),
        &mut TestRng::new(8),
    )
    .unwrap();
    assert_eq!(lta.timestamps.len(), 1);
    assert_eq!(lta.validation_data.len(), 2);
    let doc = [doc.as_slice(), lta.bytes.as_slice()].concat();
    assert_eq!(verifier.verify_pdf(&doc).signatures.len(), 2);
}

#[test]
fn appended_reads_across_the_seam() {
    let base = b"0123456789".to_vec();
    let tail = b"abcdef";
    let doc = Appended::new(&base, tail);
    assert_eq!(doc.len(), 16);
    let mut buf = [0u8; 8];
    assert_eq!(doc.read_at(6, &mut buf).unwrap(), 8);
    assert_eq!(&buf, b"6789abcd");
    assert_eq!(doc.read_at(12, &mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"cdef");
    assert_eq!(doc.read_at(40, &mut buf).unwrap(), 0);
    let mut all = [0u8; 16];
    assert_eq!(doc.read_at(0, &mut all).unwrap(), 16);
    assert_eq!(&all, b"0123456789abcdef");
}
