//! BoringSSL `pki/testdata/crl_unittest`: 66 CRL checks with expected GOOD / REVOKED / UNKNOWN
//! (README and `expected.json` in `../shared/testdata/boringssl-pki/crl_unittest`).
//!
//! As BoringSSL's `crl_unittest.cc` does: the chain is [target, CA, CA 2 if present], the CRL
//! is checked for the target at 2017-03-09T00:00:00Z with a maximum age of one week, and then
//! again with an unrelated certificate prepended (target at index 1) to show the index is
//! honoured. Divergences are in `tests/exceptions/boringssl-crl.toml`, one reason each.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod revocation_support;

use kyso::RevocationStatus;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, RevocationChecker, RevocationEvidence};
use kyso::{RevocationSources, ValidationPolicy};
use revocation_support::*;

fn status_name(s: RevocationStatus) -> &'static str {
    match s {
        RevocationStatus::Good => "GOOD",
        RevocationStatus::Revoked | RevocationStatus::RevokedAfterValidationTime => "REVOKED",
        _ => "UNKNOWN",
    }
}

/// The policy of the suite: one-week maximum age, no clock skew, CRLs only, and the test
/// PKI's 1024-bit RSA keys admitted.
pub fn suite_policy() -> ValidationPolicy {
    let mut p = ValidationPolicy::vn_gov();
    p.algorithms.min_rsa_bits = 1024;
    p.crl_max_age_secs = Some(7 * 24 * 3600);
    p.revocation_clock_skew_secs = 0;
    p.revocation_sources = RevocationSources::CrlOnly;
    // BoringSSL's rules, RFC 5280 §3.3 read strictly (not vn_gov()'s historic-document choice).
    p.status_after_expiry = kyso::StatusAfterExpiry::RequireRetentionProof;
    p
}

#[test]
fn boringssl_crl_unittest() {
    let dir = testdata().join("boringssl-pki/crl_unittest");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let time = parse_time(expected["verify_time"].as_str().unwrap());
    assert_eq!(expected["max_age_seconds"].as_u64(), Some(7 * 24 * 3600));
    let exceptions = load_exceptions(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/boringssl-crl.toml"),
    );
    let policy = suite_policy();
    let crypto = RustCryptoProvider;
    // The unrelated certificate for the index check: BoringSSL uses one of its own; any
    // certificate of the suite that is not the target does the same job.
    let unrelated = {
        let s = pem_sections(&std::fs::read_to_string(dir.join("good_key_rollover.pem")).unwrap());
        Certificate::from_der(&s["CA CERTIFICATE 2"]).unwrap()
    };

    let mut tally = Tally::default();
    let tests = expected["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 66, "the suite has 66 tests");
    for t in tests {
        let file = t["file"].as_str().unwrap();
        let want = t["expected_revocation_status"].as_str().unwrap();
        let s = pem_sections(&std::fs::read_to_string(dir.join(file)).unwrap());
        let cert = Certificate::from_der(&s["CERTIFICATE"]).unwrap();
        let ca = Certificate::from_der(&s["CA CERTIFICATE"]).unwrap();
        let ca2 = s
            .get("CA CERTIFICATE 2")
            .map(|d| Certificate::from_der(d).unwrap());
        let evidence = RevocationEvidence::new(vec![s["CRL"].clone()], vec![]);
        let checker = Checker::new()
            .with_evidence(&evidence, EvidenceOrigin::Caller)
            .with_current_time(time);
        let issuers = PathOnly(Vec::new());

        let mut path: Vec<&Certificate> = vec![&cert, &ca];
        path.extend(ca2.as_ref());
        let r0 = checker.check(&path, 0, &time, &policy, &crypto, &issuers);
        path.insert(0, &unrelated);
        let r1 = checker.check(&path, 1, &time, &policy, &crypto, &issuers);
        let (a, b) = (status_name(r0.status), status_name(r1.status));
        let ours = if a == b {
            a.to_owned()
        } else {
            format!("{a} (index 0) / {b} (index 1)")
        };
        if ours != want {
            println!(
                "  {file}: {ours} ({:?})",
                r0.findings
                    .iter()
                    .map(|f| f.message(kyso::Lang::En))
                    .collect::<Vec<_>>()
            );
        }
        tally.record(file, want, &ours, &exceptions);
    }
    tally.finish("BoringSSL crl_unittest", &exceptions);
}
