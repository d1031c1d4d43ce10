//! NIST PKITS v1.0.1 (../shared/testdata/pkits, README there): all 249 runs of `pkits.json`,
//! with their user settings (initial policy set, explicit policy, policy-mapping inhibit,
//! any-policy inhibit), through `kyso::PathValidator` with revocation REQUIRED and the
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

use std::path::Path;

use kyso::KeyPurpose;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, RevocationChecker, RevocationEvidence};
use kyso::{Indication, TimeSource, TimeUsed};
use kyso::{PathValidator, TrustStore};
use kyso_tests::pkits::{self, Case, Tally};

fn load(dir: &Path, name: &str) -> Result<Certificate, kyso::CertError> {
    let bytes = std::fs::read(dir.join("certs").join(name)).unwrap();
    Certificate::from_der(&bytes)
}

/// The revocation checker for a case, built from its CRLs (supplied by the caller).
fn checker(dir: &Path, case: &Case) -> Box<dyn RevocationChecker> {
    let evidence = RevocationEvidence::new(case.crls(dir), Vec::new());
    Box::new(Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller))
}

#[test]
fn pkits() {
    let (dir, suite) = pkits::suite();
    let exceptions = pkits::exceptions("pkits.json");
    let time = TimeUsed::new(suite.time(), TimeSource::Fixed);
    let crypto = RustCryptoProvider;

    let mut tally = Tally::default();
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
                let agrees = case.expected_result == "FAILURE";
                tally.record(agrees, exceptions.get(&case.id), detail, |d| d);
                continue;
            }
        };
        let (leaf, pool) = certs.split_last().unwrap();

        let policy = case.policy();
        let checker = checker(&dir, case);

        let v = PathValidator::new(store);
        let r = v.with_revocation(checker.as_ref()).validate_detailed(
            leaf,
            pool,
            KeyPurpose::Any,
            &time,
            &policy,
            &crypto,
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
        tally.record(agrees, exceptions.get(&case.id), detail, |d| d);
    }
    // NIST PKITS 1.0.1 as shipped in ../shared/testdata/pkits: 249 runs.
    assert_eq!(suite.testcases.len(), 249, "PKITS runs in the data");
    tally.finish("pkits", suite.testcases.len(), &exceptions);
}
