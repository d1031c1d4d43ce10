//! NIST PKITS v1.0.1 (../shared/testdata/pkits, README there): all 249 runs of `pkits.json`,
//! with their user settings (initial policy set, explicit policy, policy-mapping inhibit,
//! any-policy inhibit), through `kyso::path::PathValidator` with revocation REQUIRED and the
//! case's CRLs given to the revocation module's `Checker`.
//!
//! Divergences must be listed in `tests/exceptions/pkits.json` with a reason; a listed case
//! that now agrees fails the run (so the file cannot go stale). Counts are printed every run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use der::asn1::ObjectIdentifier;
use kyso::path::{PathValidator, TrustStore};
use kyso::policy::{KeyPurpose, RevocationMode, ValidationPolicy};
use kyso::report::{Indication, TimeSource, TimeUsed};
use kyso::revocation::{Checker, EvidenceOrigin, RevocationChecker, RevocationEvidence};
use kyso::{Certificate, RustCryptoProvider};
use kyso_tests::testdata;

#[derive(serde::Deserialize)]
struct Suite {
    validation_time: String,
    testcases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    name: String,
    expected_result: String,
    trust_anchor: String,
    path: Vec<String>,
    crls: Vec<String>,
    settings: Settings,
}

#[derive(serde::Deserialize)]
struct Settings {
    initial_policy_set: Vec<String>,
    initial_explicit_policy: bool,
    initial_policy_mapping_inhibit: bool,
    initial_inhibit_any_policy: bool,
}

fn load(dir: &Path, name: &str) -> Result<Certificate, kyso::CertError> {
    let bytes = std::fs::read(dir.join("certs").join(name)).unwrap();
    Certificate::from_der(&bytes)
}

/// The revocation checker for a case, built from its CRLs (supplied by the caller).
fn checker(dir: &Path, crls: &[String]) -> Box<dyn RevocationChecker> {
    let evidence = RevocationEvidence {
        crls: crls
            .iter()
            .map(|c| std::fs::read(dir.join("crls").join(c)).unwrap())
            .collect(),
        ocsp_responses: Vec::new(),
    };
    Box::new(Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller))
}

#[test]
fn pkits() {
    let dir = testdata().join("pkits");
    let suite: Suite =
        serde_json::from_slice(&std::fs::read(dir.join("pkits.json")).unwrap()).unwrap();
    let exceptions: BTreeMap<String, String> = serde_json::from_slice(
        &std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exceptions/pkits.json"))
            .unwrap(),
    )
    .unwrap();
    let time = kyso::time::parse_rfc3339(&suite.validation_time).unwrap();
    let time = TimeUsed {
        time,
        source: TimeSource::Fixed,
    };
    let crypto = RustCryptoProvider;

    let (mut pass, mut fail, mut excepted) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    for case in &suite.testcases {
        let mut store = TrustStore::new();
        store.add_anchor(load(&dir, &case.trust_anchor).unwrap());
        let certs: Result<Vec<Certificate>, _> = case.path.iter().map(|p| load(&dir, p)).collect();
        // A certificate kyso cannot parse is refused: the run's result is FAILURE.
        let certs = match certs {
            Ok(c) => c,
            Err(e) => {
                let detail = format!(
                    "{} {} expected {} got FAILURE (unparsable certificate: {e})",
                    case.id, case.name, case.expected_result
                );
                match (case.expected_result == "FAILURE", exceptions.get(&case.id)) {
                    (true, None) => pass += 1,
                    (true, Some(_)) => unexpected_passes.push(detail),
                    (false, Some(reason)) => {
                        excepted += 1;
                        println!("EXCEPTION {detail}: {reason}");
                    }
                    (false, None) => {
                        fail += 1;
                        failures.push(detail);
                    }
                }
                continue;
            }
        };
        let (leaf, pool) = certs.split_last().unwrap();

        let mut policy = ValidationPolicy::vn_gov();
        policy.name = "pkits".into();
        // PKITS keys are RSA-2048 with SHA-256, except the DSA cases (4.1.4–4.1.6), which
        // sign with DSA/SHA-1: the legacy gates stay open as in vn_gov().
        policy.max_path_len = 16;
        let s = &case.settings;
        policy.chain.initial_policy_set = s
            .initial_policy_set
            .iter()
            .map(|o| ObjectIdentifier::new(o).unwrap())
            .collect();
        policy.chain.initial_explicit_policy = s.initial_explicit_policy;
        policy.chain.initial_policy_mapping_inhibit = s.initial_policy_mapping_inhibit;
        policy.chain.initial_any_policy_inhibit = s.initial_inhibit_any_policy;
        // PKITS: "require CRL-based revocation checking for every certificate in the path".
        let checker = checker(&dir, &case.crls);
        policy.revocation = RevocationMode::Require;

        let v = PathValidator::new(store);
        let r = v.validate_detailed(
            leaf,
            pool,
            KeyPurpose::Any,
            &time,
            &policy,
            &crypto,
            Some(checker.as_ref()),
        );
        let got = if r.report.indication == Indication::TotalPassed {
            "SUCCESS"
        } else {
            "FAILURE"
        };
        let agrees = got == case.expected_result;
        let detail = format!(
            "{} {} expected {} got {} ({})",
            case.id,
            case.name,
            case.expected_result,
            got,
            r.error
                .as_ref()
                .map(|e| format!("{e:?}"))
                .unwrap_or_else(|| "valid".into())
        );
        match (agrees, exceptions.get(&case.id)) {
            (true, None) => pass += 1,
            (true, Some(_)) => unexpected_passes.push(detail),
            (false, Some(reason)) => {
                excepted += 1;
                println!("EXCEPTION {detail}: {reason}");
            }
            (false, None) => {
                fail += 1;
                failures.push(detail);
            }
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    for u in &unexpected_passes {
        println!("UNEXPECTED PASS (remove from exceptions) {u}");
    }
    println!(
        "pkits: {} runs: {pass} passed, {fail} failed, {excepted} excepted (listed with reasons)",
        suite.testcases.len()
    );
    assert!(
        failures.is_empty(),
        "{} PKITS runs disagree",
        failures.len()
    );
    assert!(
        unexpected_passes.is_empty(),
        "exceptions that now pass: {unexpected_passes:?}"
    );
}
