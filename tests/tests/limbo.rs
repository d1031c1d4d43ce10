//! x509-limbo (../shared/testdata/x509-limbo, README there): `limbo-core.json` (208 hand-written
//! cases) and the full `limbo.json.gz` (9,780 cases) through `kyso::PathValidator`.
//!
//! - Cases with a feature kyso does not implement are SKIPPED (named below with the reason).
//! - SERVER cases check `expected_peer_name` against the leaf's subjectAltName here in the
//!   harness (Web-PKI host-name matching is not part of RFC 5280 path validation, so it is not
//!   in core); `extended_key_usage` / `key_usage` constraints are applied to the leaf.
//! - Results are written in the upstream harness format to
//!   `$CARGO_TARGET_TMPDIR/limbo-{core,full}-results.json`, and compared with the pyca
//!   cryptography 46.0.3 results in `peer-results/`.
//! - Divergences from `expected_result` must be listed in `tests/exceptions/limbo.json` with a
//!   reason; a listed case that now agrees fails the run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, Crl, EvidenceOrigin};
use kyso::{Indication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, ValidationPolicy};
use kyso::{PathValidator, TrustStore};
use kyso_tests::testdata;
use x509_cert::ext::pkix::name::GeneralName;

#[derive(serde::Deserialize)]
struct Suite {
    testcases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct PeerName {
    kind: String,
    value: String,
}

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    features: Vec<String>,
    validation_kind: String,
    trusted_certs: Vec<String>,
    untrusted_intermediates: Vec<String>,
    peer_certificate: String,
    validation_time: Option<String>,
    key_usage: Option<Vec<String>>,
    extended_key_usage: Option<Vec<String>>,
    expected_peer_name: Option<PeerName>,
    max_chain_depth: Option<u32>,
    #[serde(default)]
    crls: Vec<String>,
    expected_result: String,
}

/// Features kyso does not implement, and why (upstream README: skip these).
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "pedantic-public-suffix-wildcard",
        "no public-suffix list in kyso (Web-PKI rule)",
    ),
    (
        "pedantic-webpki-subscriber-key",
        "Web-PKI subscriber key rules are not kyso's profile",
    ),
    (
        "pedantic-webpki-eku",
        "Web-PKI EKU rules are not kyso's profile",
    ),
    (
        "pedantic-serial-number",
        "serial-number pedantry: kyso parses leniently (real VN certificates)",
    ),
    (
        "rfc5280-incompatible-with-webpki",
        "conflicting Web-PKI expectation",
    ),
];

#[derive(serde::Serialize)]
struct ResultLine {
    id: String,
    actual_result: String,
    context: String,
}

fn pem_cert(pem: &str) -> Result<Certificate, String> {
    Certificate::from_pem(pem.as_bytes())
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or_else(|| "no certificate".to_owned())
}

fn eku_oid(name: &str) -> Option<der::asn1::ObjectIdentifier> {
    use kyso::oid;
    Some(match name {
        "serverAuth" => oid::EKU_SERVER_AUTH,
        "clientAuth" => oid::EKU_CLIENT_AUTH,
        "codeSigning" => oid::EKU_CODE_SIGNING,
        "emailProtection" => oid::EKU_EMAIL_PROTECTION,
        "timeStamping" => oid::EKU_TIME_STAMPING,
        "OCSPSigning" => oid::EKU_OCSP_SIGNING,
        "anyExtendedKeyUsage" => oid::EKU_ANY,
        _ => return None,
    })
}

/// RFC 6125 §6.4 DNS-ID matching against subjectAltName dNSName (left-most `*` label only).
fn dns_match(pattern: &str, host: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let h = host.to_ascii_lowercase();
    if let Some(rest) = p.strip_prefix("*.") {
        match h.split_once('.') {
            Some((first, hr)) => !first.is_empty() && hr == rest && rest.contains('.'),
            None => false,
        }
    } else {
        p == h
    }
}

fn peer_name_ok(leaf: &Certificate, name: &PeerName) -> bool {
    let Ok(Some((_, san))) = leaf.subject_alt_name() else {
        return false;
    };
    match name.kind.as_str() {
        "DNS" => san.0.iter().any(|g| matches!(g, GeneralName::DnsName(d) if dns_match(d.as_str(), &name.value))),
        "IP" => {
            let Ok(ip) = name.value.parse::<std::net::IpAddr>() else { return false };
            let want = match ip {
                std::net::IpAddr::V4(v) => v.octets().to_vec(),
                std::net::IpAddr::V6(v) => v.octets().to_vec(),
            };
            san.0.iter().any(|g| matches!(g, GeneralName::IpAddress(o) if o.as_bytes() == want.as_slice()))
        }
        "RFC822" => san.0.iter().any(|g| matches!(g, GeneralName::Rfc822Name(m) if m.as_str().eq_ignore_ascii_case(&name.value))),
        _ => false,
    }
}

/// Run one case: (SUCCESS | FAILURE | SKIPPED, context).
fn run(case: &Case) -> (&'static str, String) {
    if let Some((f, why)) = UNSUPPORTED
        .iter()
        .find(|(f, _)| case.features.iter().any(|c| c == f))
    {
        return ("SKIPPED", format!("unsupported feature {f}: {why}"));
    }
    let mut store = TrustStore::new();
    for t in &case.trusted_certs {
        match pem_cert(t) {
            Ok(c) => {
                store.add_anchor(c);
            }
            Err(e) => return ("FAILURE", format!("trust anchor does not parse: {e}")),
        }
    }
    let mut pool = Vec::new();
    for t in &case.untrusted_intermediates {
        match pem_cert(t) {
            Ok(c) => pool.push(c),
            // An unparsable pool certificate is just not a candidate.
            Err(_) => continue,
        }
    }
    let leaf = match pem_cert(&case.peer_certificate) {
        Ok(c) => c,
        Err(e) => return ("FAILURE", format!("leaf does not parse: {e}")),
    };
    let time = match &case.validation_time {
        Some(t) => kyso::time::parse_rfc3339(t).unwrap(),
        None => kyso_testpki::now().unwrap(),
    };
    let time = TimeUsed::new(time, TimeSource::Fixed);
    // Limbo's certificates are ECDSA P-256 and RSA-2048 with SHA-256, no revocation data.
    // Cases with CRLs (`has-crl`) require revocation status from them; the others carry no
    // revocation data, so revocation is off by name for them.
    let has_crl = case.features.iter().any(|f| f == "has-crl");
    let mut policy = ValidationPolicy::strict();
    if !has_crl {
        policy = policy.danger_without_revocation();
    }
    let mut checker = Checker::new();
    for pem in &case.crls {
        match Crl::from_pem(pem.as_bytes()) {
            Ok(crls) => crls
                .into_iter()
                .for_each(|c| checker.add_crl(c, EvidenceOrigin::Caller)),
            Err(e) => return ("FAILURE", format!("CRL does not parse: {e:?}")),
        }
    }
    policy.name = "limbo".into();
    // Limbo's CRLs are dated 1970 with a far nextUpdate: freshness by nextUpdate alone
    // (RFC 5280 §6.3.3 (a)(1)), not strict()'s one-week age bound.
    policy.crl_max_age_secs = None;
    // Limbo (like the Web PKI) expects a root's name constraints to bind: RFC 5937 anchors.
    policy.chain.enforce_anchor_constraints = true;
    policy.max_path_len = match case.max_chain_depth {
        // max_chain_depth counts intermediates; kyso's limit counts leaf and anchor too.
        Some(d) => u8::try_from(d.saturating_add(2)).unwrap_or(u8::MAX),
        None => 32,
    };
    let ekus = case.extended_key_usage.clone().unwrap_or_default();
    let purpose = if ekus.iter().any(|e| e == "clientAuth") {
        KeyPurpose::ClientAuth
    } else {
        KeyPurpose::Any
    };
    let validator = PathValidator::new(store);
    let validator = if has_crl {
        validator.with_revocation(&checker)
    } else {
        validator
    };
    let r = validator.validate_detailed(&leaf, &pool, purpose, &time, &policy, &RustCryptoProvider);
    if r.report.indication != Indication::TotalPassed {
        return ("FAILURE", format!("{:?}", r.error));
    }
    // Requested EKUs must be asserted by the leaf's EKU extension when present.
    if let Ok(Some((_, eku))) = leaf.extended_key_usage() {
        for e in &ekus {
            let Some(oid) = eku_oid(e) else {
                return ("FAILURE", format!("unknown EKU {e}"));
            };
            if !eku.0.contains(&oid) {
                return ("FAILURE", format!("leaf EKU lacks {e}"));
            }
        }
    }
    if let Some(kus) = &case.key_usage
        && let Ok(Some((_, ku))) = leaf.key_usage()
    {
        {
            for k in kus {
                let ok = match k.as_str() {
                    "digitalSignature" => ku.digital_signature(),
                    "keyEncipherment" => ku.key_encipherment(),
                    "keyAgreement" => ku.key_agreement(),
                    _ => true,
                };
                if !ok {
                    return ("FAILURE", format!("leaf keyUsage lacks {k}"));
                }
            }
        }
    }
    if case.validation_kind == "SERVER"
        && let Some(name) = &case.expected_peer_name
        && !peer_name_ok(&leaf, name)
    {
        return (
            "FAILURE",
            format!(
                "peer name {} {} not in subjectAltName",
                name.kind, name.value
            ),
        );
    }
    ("SUCCESS", "valid".into())
}

/// Runs `suite`, which must have `cases` test cases. `whole`: the suite every exception is
/// drawn from, so each exception must have been consulted.
fn harness(label: &str, suite: Suite, cases: usize, whole: bool) {
    assert_eq!(
        suite.testcases.len(),
        cases,
        "limbo {label}: cases in the data"
    );
    let exceptions: BTreeMap<String, String> = serde_json::from_slice(
        &std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exceptions/limbo.json"))
            .unwrap(),
    )
    .unwrap();
    let mut results = Vec::new();
    let (mut pass, mut fail, mut skipped, mut excepted, mut consulted) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut unexpected = Vec::new();
    for case in &suite.testcases {
        let (actual, context) = run(case);
        if actual == "SKIPPED" {
            skipped += 1;
        } else {
            let agrees = actual == case.expected_result;
            let listed = exceptions.get(&case.id);
            if listed.is_some() {
                consulted += 1;
            }
            match (agrees, listed) {
                (true, None) => pass += 1,
                (true, Some(_)) => unexpected.push(case.id.clone()),
                (false, Some(_)) => excepted += 1,
                (false, None) => {
                    fail += 1;
                    failures.push(format!(
                        "{} expected {} got {actual}: {context}",
                        case.id, case.expected_result
                    ));
                }
            }
        }
        results.push(ResultLine {
            id: case.id.clone(),
            actual_result: actual.into(),
            context,
        });
    }
    let out = serde_json::json!({ "version": 1, "harness": "kyso", "results": results });
    let file =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("limbo-{label}-results.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(&out).unwrap()).unwrap();

    // Comparison with pyca cryptography's published harness run on the same suite.
    let mut gz = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(
            testdata().join("x509-limbo/peer-results/pyca-cryptography-46.0.3.json.gz"),
        )
        .unwrap(),
    )
    .read_to_end(&mut gz)
    .unwrap();
    let peer: serde_json::Value = serde_json::from_slice(&gz).unwrap();
    let peer: BTreeMap<&str, &str> = peer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["actual_result"].as_str().unwrap(),
            )
        })
        .collect();
    let (mut same, mut differ) = (0, 0);
    for r in &results {
        match peer.get(r.id.as_str()) {
            Some(p) if *p == r.actual_result => same += 1,
            Some(_) => differ += 1,
            None => {}
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "limbo {label}: {} cases: {pass} passed, {fail} failed, {excepted} excepted (listed with reasons), {skipped} skipped (unsupported features); results in {}",
        suite.testcases.len(),
        file.display()
    );
    println!(
        "limbo {label} vs pyca-cryptography-46.0.3: same actual result on {same}, different on {differ}"
    );
    kyso_tests::print_cases(&format!("limbo {label}"), pass, excepted, fail, skipped);
    assert!(same + differ > 0, "the pyca comparison compared nothing");
    assert!(
        unexpected.is_empty(),
        "exceptions that now pass: {unexpected:?}"
    );
    assert!(
        failures.is_empty(),
        "{} limbo cases disagree",
        failures.len()
    );
    if whole {
        assert_eq!(
            consulted,
            exceptions.len(),
            "exceptions for cases that were skipped or are not in the suite"
        );
    }
}

#[test]
fn limbo_core() {
    let suite: Suite = serde_json::from_slice(
        &std::fs::read(testdata().join("x509-limbo/limbo-core.json")).unwrap(),
    )
    .unwrap();
    harness("core", suite, 208, false);
}

#[test]
fn limbo_full() {
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(testdata().join("x509-limbo/limbo.json.gz")).unwrap(),
    )
    .read_to_end(&mut json)
    .unwrap();
    let suite: Suite = serde_json::from_slice(&json).unwrap();
    harness("full", suite, 9780, true);
}
