//! Real Vietnamese chains (issue 3, "Real Vietnamese chains") against the compiled-in VN trust
//! bundle. Revocation is turned OFF BY NAME (`danger_without_revocation`) in every check here:
//! no CRL or OCSP response is available offline, and under `Prefer`/`Require` missing status is
//! INDETERMINATE by design — these tests are about the chain, not revocation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::PathBuf;

use kyso::MessageId;
use kyso::{Certificate, DateTime, RustCryptoProvider};
use kyso::{CheckStatus, Indication, SubIndication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, ValidationPolicy};
use kyso::{PathError, PathValidator, TrustStore};
use kyso_tests::testdata;

fn trust_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/trust/vn")
}

fn at(y: u16, m: u8, d: u8) -> TimeUsed {
    TimeUsed::new(DateTime::new(y, m, d, 0, 0, 0).unwrap(), TimeSource::Fixed)
}

fn now() -> TimeUsed {
    TimeUsed::new(kyso_testpki::now().unwrap(), TimeSource::Current)
}

fn cert(path: PathBuf) -> Certificate {
    Certificate::load_any(&std::fs::read(&path).unwrap())
        .unwrap()
        .remove(0)
}

fn vn_gov() -> ValidationPolicy {
    ValidationPolicy::vn_gov().danger_without_revocation()
}

#[test]
fn vgca_g1_end_entity_sha1() {
    let leaf = cert(testdata().join("vn-real/ee-vgca-license-key-generator.pem"));
    let v = PathValidator::new(TrustStore::vn_bundle("vgca").unwrap());
    let crypto = RustCryptoProvider;

    // Inside the certificate's validity (2017-02-21 → 2027-02-19).
    let r = v.validate_detailed(
        &leaf,
        &[],
        KeyPurpose::DocumentSigning,
        &at(2020, 6, 1),
        &vn_gov(),
        &crypto,
    );
    assert_eq!(
        r.report.indication,
        Indication::TotalPassed,
        "{:?}",
        r.error
    );
    assert_eq!(r.path.len(), 3);
    let anchor = r.report.certificates.last().unwrap();
    assert!(anchor.is_trust_anchor);
    assert!(
        anchor
            .subject
            .contains("Co quan chung thuc so chuyen dung Chinh phu (RootCA)")
    );
    // The SHA-1 signatures (leaf by sub-CA, sub-CA by root) are warnings, with the index.
    let weak: Vec<&str> = r
        .report
        .findings
        .iter()
        .filter(|f| f.code == MessageId::ChainWeakAlgorithm)
        .filter_map(|f| {
            f.params
                .iter()
                .find(|(k, _)| k == "cert")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert_eq!(weak, ["1", "0"]);
    assert!(
        r.report
            .certificates
            .iter()
            .all(|c| c.status == CheckStatus::Passed)
    );
    println!(
        "vgca-g1 EE under vn-gov: {} with {} weak-algorithm warnings",
        r.report.indication.as_str(),
        weak.len()
    );

    // strict(): SHA-1 refused, with the algorithm reason.
    let strict = ValidationPolicy::strict().danger_without_revocation();
    let r = v.validate_detailed(
        &leaf,
        &[],
        KeyPurpose::DocumentSigning,
        &at(2020, 6, 1),
        &strict,
        &crypto,
    );
    assert_ne!(r.report.indication, Indication::TotalPassed);
    assert_eq!(
        r.report.sub_indication,
        Some(SubIndication::CryptoConstraintsFailureNoPoe)
    );
    assert!(
        matches!(r.error, Some(PathError::AlgorithmNotAllowed { .. })),
        "{:?}",
        r.error
    );
    println!(
        "vgca-g1 EE under strict: {} {:?} ({:?})",
        r.report.indication.as_str(),
        r.report.sub_indication,
        r.error
    );
}

#[test]
fn sha2_sub_cas_to_their_roots() {
    let crypto = RustCryptoProvider;
    let v = PathValidator::new(TrustStore::vn_bundle("vn").unwrap());
    for (file, root_cn) in [
        (
            "vgca-g2/ca-co-quan-nha-nuoc.pem",
            "RootCA chuyên dùng Chính phủ G2",
        ),
        ("neac/sub/vnpt-ca-sha2.pem", "Vietnam National Root CA"),
    ] {
        let leaf = cert(trust_dir().join(file));
        let r = v.validate_detailed(&leaf, &[], KeyPurpose::Any, &now(), &vn_gov(), &crypto);
        assert_eq!(
            r.report.indication,
            Indication::TotalPassed,
            "{file}: {:?}",
            r.error
        );
        assert_eq!(r.path.len(), 2, "{file}");
        assert!(r.report.certificates[1].subject.contains(root_cn), "{file}");
        assert!(
            !r.report
                .findings
                .iter()
                .any(|f| f.code == MessageId::ChainWeakAlgorithm)
        );
        println!("{file}: {} to {root_cn}", r.report.indication.as_str());
    }
}

#[test]
fn expired_2008_root_sub_cas() {
    let crypto = RustCryptoProvider;
    let v = PathValidator::new(TrustStore::vn_bundle("neac").unwrap());
    let files = [
        ("bkavca-2008root.pem", at(2016, 6, 1)),
        ("ca2-2008root.pem", at(2016, 6, 1)),
        ("fptca-2008root.pem", at(2016, 6, 1)),
        ("newtelca-2008root.pem", at(2016, 6, 1)),
        ("viettelca-2008root.pem", at(2016, 6, 1)),
        ("vnptca-2008root.pem", at(2016, 6, 1)),
        // Issued 2017: a 2016 date is before their validity; 2019 is inside it.
        ("safeca-2008root.pem", at(2019, 1, 1)),
        ("smartsign-2008root.pem", at(2019, 1, 1)),
    ];
    let mut count = 0;
    for (file, then) in files {
        let leaf = cert(trust_dir().join("neac/sub").join(file));
        let today = v.validate_detailed(&leaf, &[], KeyPurpose::Any, &now(), &vn_gov(), &crypto);
        assert!(
            matches!(today.error, Some(PathError::Expired { cert: 0, .. })),
            "{file}: {:?}",
            today.error
        );
        assert_eq!(
            today.report.sub_indication,
            Some(SubIndication::OutOfBoundsNoPoe)
        );
        assert_eq!(today.report.certificates[0].status, CheckStatus::Failed);
        let past = v.validate_detailed(&leaf, &[], KeyPurpose::Any, &then, &vn_gov(), &crypto);
        assert_eq!(
            past.report.indication,
            Indication::TotalPassed,
            "{file}: {:?}",
            past.error
        );
        // The 2008 root signs with SHA-1: accepted under vn_gov with a warning on cert 0.
        assert!(
            past.report
                .findings
                .iter()
                .any(|f| f.code == MessageId::ChainWeakAlgorithm)
        );
        count += 1;
    }
    println!("expired 2008-root sub-CAs: {count} expired today and valid in their time");
    assert_eq!(count, 8);
}
