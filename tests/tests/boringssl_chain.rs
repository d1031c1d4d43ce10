//! BoringSSL `pki/testdata/verify_certificate_chain_unittest`: 197 chain verifications with
//! expected SUCCESS / FAILURE (README and `index.json` in
//! `../shared/testdata/boringssl-pki/verify_certificate_chain_unittest`), through
//! `kyso::PathValidator`.
//!
//! Set-up, as BoringSSL's `verify_certificate_chain_unittest.cc` does it: the chain file is
//! target first, the last certificate is the trust candidate; user-initial-policy-set
//! {anyPolicy}, no initial explicit policy / mapping inhibit / anyPolicy inhibit; the test
//! delegate (`SimplePathBuilderDelegate(1024, digest_policy)`) accepts RSA ≥ 1024 bits and
//! SHA-1 unless `digest_policy: STRONG`. No revocation (the suite has none).
//!
//! `last_cert_trust` maps to kyso's trust store:
//! - `TRUSTED_ANCHOR*` → an anchor (name and key, RFC 5280 §6.1.1 (d));
//!   `*_WITH_CONSTRAINTS*` → a constrained anchor (RFC 5937). kyso has no switch for the two
//!   BoringSSL-only refinements `*_WITH_EXPIRATION` (anchor validity) and
//!   `*_REQUIRE_BASIC_CONSTRAINTS`; the cases where they decide are in the exceptions file.
//! - `DISTRUSTED`, `UNSPECIFIED`, `TRUSTED_LEAF*` on a chain of two or more → no anchor (the
//!   whole chain is offered as untrusted certificates); a directly trusted *leaf* is not an
//!   anchor in BoringSSL either.
//! - One-certificate chains trusted as a leaf (`TRUSTED_LEAF*`, `TRUSTED_ANCHOR_OR_LEAF`) →
//!   the target is an anchor: kyso trusts whatever certificate the user gives as a name and a
//!   key, and the target itself as anchor is a path of its own whose validity and key usage
//!   still bind (issue 9). BoringSSL's `TRUSTED_ANCHOR` on the target alone (an anchor that
//!   may not be the target) and `TRUSTED_LEAF_REQUIRE_SELF_SIGNED` have no kyso switch: the
//!   cases where they decide are in the exceptions file.
//!
//! `key_purpose` maps to [`KeyPurpose`]: `ANY_EKU` → Any, `SERVER_AUTH*` → ServerAuth,
//! `CLIENT_AUTH*` and `MLS_CLIENT_AUTH` → ClientAuth, `C2PA_MANIFEST` → DocumentSigning,
//! `C2PA_TIMESTAMPING` → TimeStamping. The `*_STRICT*`, MLS and C2PA profiles add rules that
//! kyso does not have (CA/Browser Forum and protocol profiles): where they decide the result
//! the case is in the exceptions file, named as such.
//!
//! `expected_user_constrained_policy_set` (15 tests) is compared with kyso's RFC 5280 §6.1.6
//! user-constrained policy set whenever both sides accept the chain.
//!
//! Divergences: `tests/exceptions/boringssl-chain.toml`, one reason each; an exception that no
//! longer matches (kyso now agrees) fails the run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod revocation_support;

use std::collections::BTreeSet;
use std::path::Path;

use kyso::DateTime;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Indication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, ValidationPolicy};
use kyso::{PathValidator, TrustStore};
use revocation_support::{Tally, load_exceptions, testdata};

/// Every `CERTIFICATE` block of a chain file, in order (text between blocks ignored).
fn pem_certificates(text: &str) -> Vec<Vec<u8>> {
    kyso_tests::pem_blocks(text)
        .into_iter()
        .filter(|(label, _)| label == "CERTIFICATE")
        .map(|(_, der)| der)
        .collect()
}

/// `YYMMDDhhmmssZ` (UTCTime; RFC 5280 §4.1.2.5.1: YY ≥ 50 is 19YY).
fn utc_time(s: &str) -> DateTime {
    let d = |i: usize| -> u8 { s[i..i + 2].parse().unwrap() };
    assert!(s.len() == 13 && s.ends_with('Z'), "bad utc_time {s}");
    let yy = u16::from(d(0));
    let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
    DateTime::new(year, d(2), d(4), d(6), d(8), d(10)).unwrap()
}

fn purpose(name: &str) -> KeyPurpose {
    match name {
        "ANY_EKU" => KeyPurpose::Any,
        "SERVER_AUTH" | "SERVER_AUTH_STRICT" | "SERVER_AUTH_STRICT_LEAF" => KeyPurpose::ServerAuth,
        "CLIENT_AUTH" | "CLIENT_AUTH_STRICT" | "CLIENT_AUTH_STRICT_LEAF" | "MLS_CLIENT_AUTH" => {
            KeyPurpose::ClientAuth
        }
        "C2PA_MANIFEST" => KeyPurpose::DocumentSigning,
        "C2PA_TIMESTAMPING" => KeyPurpose::TimeStamping,
        other => panic!("unknown key_purpose {other}"),
    }
}

/// Outcome of one test: `Ok((SUCCESS|FAILURE, detail, policy set))` or `Err(skip reason)`.
fn run(
    t: &serde_json::Value,
    dir: &Path,
) -> Result<(&'static str, String, Option<BTreeSet<String>>), String> {
    let trust = t["last_cert_trust"].as_str().unwrap();
    let text = std::fs::read_to_string(dir.join(t["chain"].as_str().unwrap())).unwrap();
    let ders = pem_certificates(&text);
    assert!(!ders.is_empty(), "{}: empty chain", t["test"]);
    let leaf_trust = trust.starts_with("TRUSTED_LEAF") || trust == "TRUSTED_ANCHOR_OR_LEAF";
    // A certificate kyso cannot parse is refused: the chain fails.
    let mut certs = Vec::new();
    for (i, d) in ders.iter().enumerate() {
        match Certificate::from_der(d) {
            Ok(c) => certs.push(c),
            Err(e) => {
                return Ok((
                    "FAILURE",
                    format!("certificate {i} does not parse: {e}"),
                    None,
                ));
            }
        }
    }
    let (leaf, rest) = certs.split_first().unwrap();
    let mut store = TrustStore::new();
    let mut pool: Vec<Certificate> = rest.to_vec();
    let last = certs.last().unwrap().clone();
    match trust {
        "TRUSTED_ANCHOR"
        | "TRUSTED_ANCHOR_OR_LEAF"
        | "TRUSTED_ANCHOR_WITH_EXPIRATION"
        | "TRUSTED_ANCHOR_WITH_REQUIRE_BASIC_CONSTRAINTS" => {
            pool.pop();
            store.add_anchor(last);
        }
        "TRUSTED_ANCHOR_WITH_CONSTRAINTS"
        | "TRUSTED_ANCHOR_WITH_EXPIRATION_AND_CONSTRAINTS"
        | "TRUSTED_ANCHOR_WITH_CONSTRAINTS_REQUIRE_BASIC_CONSTRAINTS" => {
            pool.pop();
            store.add_constrained_anchor(last);
        }
        // The target alone, trusted directly: it is the anchor.
        "TRUSTED_LEAF" | "TRUSTED_LEAF_REQUIRE_SELF_SIGNED" if certs.len() == 1 && leaf_trust => {
            store.add_anchor(last);
        }
        // Not an anchor: everything is an untrusted candidate.
        "DISTRUSTED" | "UNSPECIFIED" | "TRUSTED_LEAF" | "TRUSTED_LEAF_REQUIRE_SELF_SIGNED" => {}
        other => panic!("unknown last_cert_trust {other}"),
    }

    let mut policy = ValidationPolicy::vn_gov().danger_without_revocation();
    policy.name = "boringssl-pki".into();
    // SimplePathBuilderDelegate(1024, …): RSA keys of 1024 bits and more.
    policy.algorithms.min_rsa_bits = 1024;
    // DigestPolicy::kStrong refuses SHA-1; the default kWeakAllowSha1 accepts it (kyso: with
    // a weak-algorithm warning).
    policy.algorithms.allow_sha1_legacy =
        t.get("digest_policy").and_then(|v| v.as_str()) != Some("STRONG");
    // VerifyCertificateChain sets no depth limit; the chains are at most a handful long.
    policy.max_path_len = 16;
    let time = TimeUsed::new(utc_time(t["utc_time"].as_str().unwrap()), TimeSource::Fixed);
    let r = PathValidator::new(store).validate_detailed(
        leaf,
        &pool,
        purpose(t["key_purpose"].as_str().unwrap()),
        &time,
        &policy,
        &RustCryptoProvider,
    );
    if r.report.indication == Indication::TotalPassed {
        let set = r.policies.iter().cloned().collect();
        Ok((
            "SUCCESS",
            format!("valid, path of {}", r.path.len()),
            Some(set),
        ))
    } else {
        Ok(("FAILURE", format!("{:?}", r.error), None))
    }
}

#[test]
fn boringssl_verify_certificate_chain() {
    let dir = testdata().join("boringssl-pki/verify_certificate_chain_unittest");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let exceptions = load_exceptions(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/boringssl-chain.toml"),
    );
    let tests = index["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 197, "the suite has 197 tests");
    let mut tally = Tally::default();
    let (mut policy_sets_checked, mut policy_set_failures) = (0, Vec::new());
    for t in tests {
        let name = t["test"].as_str().unwrap();
        let want = t["expected_result"].as_str().unwrap();
        match run(t, &dir) {
            Err(reason) => tally.skip(name, &reason),
            Ok((ours, detail, set)) => {
                // KYSO_VERBOSE=1 prints every verdict with kyso's reason (to audit that
                // agreeing failures fail for the expected reason).
                let excepted = exceptions.iter().any(|e| e.test == name);
                if (ours != want && !excepted) || std::env::var_os("KYSO_VERBOSE").is_some() {
                    println!("  {name}: expected {want}, kyso {ours} ({detail})");
                }
                tally.record(name, want, ours, &exceptions);
                if let (Some(exp), Some(got)) = (t.get("expected_user_constrained_policy_set"), set)
                    && want == "SUCCESS"
                {
                    let exp: BTreeSet<String> = exp
                        .as_str()
                        .unwrap()
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .collect();
                    policy_sets_checked += 1;
                    if exp != got {
                        policy_set_failures
                            .push(format!("{name}: policy set expected {exp:?}, kyso {got:?}"));
                    }
                }
            }
        }
    }
    println!(
        "boringssl user-constrained-policy-set: {} compared, {} differ",
        policy_sets_checked,
        policy_set_failures.len()
    );
    for f in &policy_set_failures {
        println!("  POLICY SET {f}");
    }
    // The 14 cases with an expected user-constrained policy set that kyso also accepts.
    assert_eq!(policy_sets_checked, 14, "policy sets compared");
    // Exceptions are only for verdicts; policy sets must agree.
    let n_policy_failures = policy_set_failures.len();
    // Nothing is skipped: directly trusted targets are run too (issue 9).
    assert!(tally.skipped.is_empty(), "skipped: {:?}", tally.skipped);
    tally.finish("boringssl verify_certificate_chain", &exceptions);
    assert_eq!(n_policy_failures, 0, "user-constrained policy sets differ");
}
