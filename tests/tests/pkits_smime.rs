//! NIST PKITS S/MIME through `kyso::verify_signed_data` WITH chain validation: every one of the 249
//! runs of `pkits.json` (which together use all 224 `smime/*.eml` messages; a message serves
//! several runs when the runs differ only in their user settings) is verified with
//! `kyso::PathValidator` — the PKITS trust anchor, the run's user settings (initial policy
//! set, explicit policy, policy-mapping inhibit, any-policy inhibit), revocation REQUIRED with
//! the run's CRLs — at the suite's fixed validation time (2011-04-15, as the PKITS harness
//! and OpenSSL's `-attime 1302825600`), and compared with the expected result: SUCCESS ⇒
//! TOTAL-PASSED, FAILURE ⇒ anything else.
//!
//! Every PKITS message carries CRLs itself (SignedData `crls`, RFC 5652 §10.2.1). Each run is
//! verified three times:
//! - `caller-only`: the message's CRLs removed (the field is unsigned, so the signature stays
//!   valid) and the run's CRLs given by the caller (`EvidenceOrigin::Caller`);
//! - `message-only`: the message as shipped, no caller evidence at all — the CRLs the message
//!   carries must decide (`EvidenceOrigin::Message`);
//! - `both`: the message's CRLs and the caller's, pooled.
//!
//! Divergences must be listed in `tests/exceptions/pkits-smime.json` (`"<id> <mode>": reason`);
//! a listed case that now agrees fails the run. Counts are printed every run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cms_common::{Node, parse_smime, signed_data};
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, RevocationEvidence};
use kyso::{DetachedContent, VerifyOptions, verify_signed_data};
use kyso::{Indication, Report, RevocationStatus, TimeSource};
use kyso::{PathValidator, TrustStore};
use kyso::{ValidationPolicy, ValidationTime};
use kyso_tests::pkits::{self, Case, Tally};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    CallerOnly,
    MessageOnly,
    Both,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Self::CallerOnly => "caller-only",
            Self::MessageOnly => "message-only",
            Self::Both => "both",
        }
    }

    /// Where the CRLs deciding a good status may come from.
    fn origins(self) -> &'static [&'static str] {
        match self {
            Self::CallerOnly => &["crl/caller"],
            Self::MessageOnly => &["crl/message"],
            Self::Both => &["crl/caller", "crl/message"],
        }
    }
}

/// The SignedData without its `crls [1] IMPLICIT RevocationInfoChoices` field (RFC 5652 §5.1).
fn without_crls(pkcs7: &[u8]) -> Vec<u8> {
    let mut ci = Node::parse(pkcs7);
    let kids = signed_data(&mut ci).kids();
    let before = kids.len();
    kids.retain(|k| k.tag != 0xa1);
    assert_eq!(kids.len() + 1, before, "one crls field");
    ci.encode()
}

fn policy_for(case: &Case, time: kyso::DateTime) -> ValidationPolicy {
    let mut policy = case.policy();
    policy.validation_time = ValidationTime::At(time);
    policy
}

fn verify_run(dir: &Path, case: &Case, time: kyso::DateTime, mode: Mode) -> Report {
    let crypto = RustCryptoProvider;
    let mut store = TrustStore::new();
    store.add_anchor(
        Certificate::from_der(&std::fs::read(dir.join("certs").join(&case.trust_anchor)).unwrap())
            .unwrap(),
    );
    let crls = case.crls(dir);
    let m = parse_smime(&std::fs::read(dir.join("smime").join(&case.smime)).unwrap());
    let part = m.signed_part.expect("multipart/signed");
    let policy = policy_for(case, time);
    let message = match mode {
        Mode::CallerOnly => without_crls(&m.pkcs7),
        _ => m.pkcs7.clone(),
    };
    let evidence = RevocationEvidence::new(crls, Vec::new());
    let checker = Checker::new()
        .with_evidence(&evidence, EvidenceOrigin::Caller)
        .with_current_time(time);
    let validator = match mode {
        Mode::MessageOnly => PathValidator::new(store),
        _ => PathValidator::new(store).with_revocation(&checker),
    };
    let opts = VerifyOptions::new(policy, time, &crypto).with_chain_validator(&validator);
    verify_signed_data(&message, Some(DetachedContent::Bytes(&part)), &opts)
}

/// What a TOTAL-PASSED report must show: the fixed time used, every certificate but the
/// anchor checked against a CRL from the expected origin.
fn evidence_problem(r: &Report, mode: Mode) -> Option<String> {
    let Some(chain) = r.signers.first().and_then(|s| s.chain.as_ref()) else {
        return Some("no signer or no chain in the report".into());
    };
    if chain.time_used.source != TimeSource::Fixed {
        return Some(format!("time source {:?}", chain.time_used.source));
    }
    for (i, c) in chain
        .certificates
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_trust_anchor)
    {
        let Some(rev) = c.revocation.as_ref() else {
            return Some(format!("certificate {i}: no revocation result"));
        };
        if rev.status != RevocationStatus::Good
            || !rev
                .source
                .as_deref()
                .is_some_and(|s| mode.origins().contains(&s))
        {
            return Some(format!(
                "certificate {i}: {:?} from {:?}",
                rev.status, rev.source
            ));
        }
    }
    None
}

#[test]
fn pkits_smime_with_chain_validation() {
    let (dir, suite) = pkits::suite();
    let exceptions = pkits::exceptions("pkits-smime.json");
    let time = suite.time();

    let on_disk: BTreeSet<String> = std::fs::read_dir(dir.join("smime"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    let used: BTreeSet<String> = suite.testcases.iter().map(|c| c.smime.clone()).collect();
    assert_eq!(on_disk.len(), 224, "expected the 224 PKITS S/MIME messages");
    assert_eq!(
        used, on_disk,
        "every message belongs to a run and every run to a message"
    );
    let carrying = on_disk
        .iter()
        .filter(|f| {
            let m = parse_smime(&std::fs::read(dir.join("smime").join(f)).unwrap());
            kyso::inspect_signed_data(&m.pkcs7).unwrap().crl_count > 0
        })
        .count();
    println!(
        "pkits-smime: {carrying} of {} messages carry CRLs themselves",
        on_disk.len()
    );
    // Is each message signed by its run's end entity? (Data quirks show up here.)
    let mut other_signer = BTreeSet::new();
    for case in &suite.testcases {
        let m = parse_smime(&std::fs::read(dir.join("smime").join(&case.smime)).unwrap());
        let ee = std::fs::read(dir.join("certs").join(case.path.last().unwrap())).unwrap();
        let certs = kyso::signed_data_certificates(&m.pkcs7).unwrap();
        if !certs.iter().any(|c| c.der() == ee.as_slice()) {
            other_signer.insert(case.smime.clone());
        }
    }
    println!(
        "pkits-smime: messages not carrying their run's end-entity certificate: {other_signer:?}"
    );
    // The message-only mode needs messages that carry CRLs; the one data quirk is the reason
    // for the one exception (tests/exceptions/pkits-smime.json).
    assert!(carrying > 0, "no PKITS message carries CRLs");
    assert_eq!(
        other_signer,
        BTreeSet::from(["SignedValidonlySomeReasonsTest18.eml".to_owned()])
    );

    // Per mode: run id → the verdict, to check that where the evidence comes from does not
    // change the answer.
    let mut verdicts: Vec<BTreeMap<&str, String>> = Vec::new();
    for mode in [Mode::CallerOnly, Mode::MessageOnly, Mode::Both] {
        let mut seen = BTreeMap::new();
        let mut subs: BTreeMap<String, usize> = BTreeMap::new();
        let mut tally = Tally::default();
        let (mut passed_total, mut failed_total) = (0usize, 0usize);
        let mut files_off: BTreeSet<&str> = BTreeSet::new();
        for case in &suite.testcases {
            let r = verify_run(&dir, case, time, mode);
            let got = if r.indication == Indication::TotalPassed {
                "SUCCESS"
            } else {
                "FAILURE"
            };
            if got == "SUCCESS" {
                passed_total += 1;
            } else {
                failed_total += 1;
            }
            let mut agrees = got == case.expected_result;
            let mut why = format!(
                "{}{}",
                r.indication.as_str(),
                r.sub_indication
                    .map(|s| format!(" {}", s.as_str()))
                    .unwrap_or_default()
            );
            if agrees
                && got == "SUCCESS"
                && let Some(p) = evidence_problem(&r, mode)
            {
                agrees = false;
                why = format!("TOTAL-PASSED but the report lacks the evidence: {p}");
            }
            seen.insert(case.id.as_str(), why.clone());
            if case.expected_result == "FAILURE" {
                *subs.entry(why.clone()).or_default() += 1;
            }
            let key = format!("{} {}", case.id, mode.name());
            let detail = format!(
                "{key} {} ({}) expected {} got {got}: {why}",
                case.name, case.smime, case.expected_result
            );
            if !agrees {
                files_off.insert(&case.smime);
            }
            tally.record(agrees, exceptions.get(&key), detail, |d| {
                format!("{d}\n{}", r.to_text(kyso::Lang::En))
            });
        }
        println!(
            "pkits-smime [{}]: {} runs over {} messages: {} agree, {} disagree, {} \
             excepted; kyso TOTAL-PASSED {passed_total}, not passed {failed_total}; messages \
             whose every run agrees: {}",
            mode.name(),
            suite.testcases.len(),
            used.len(),
            tally.pass,
            tally.failures.len(),
            tally.excepted,
            used.len() - files_off.len(),
        );
        println!(
            "pkits-smime [{}]: expected-FAILURE runs by verdict: {subs:?}",
            mode.name()
        );
        let this_mode: BTreeMap<String, String> = exceptions
            .iter()
            .filter(|(k, _)| k.ends_with(&format!(" {}", mode.name())))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        tally.finish(
            &format!("pkits-smime [{}]", mode.name()),
            suite.testcases.len(),
            &this_mode,
        );
        verdicts.push(seen);
    }
    let mut differ = Vec::new();
    for (id, v) in &verdicts[0] {
        for other in &verdicts[1..] {
            if other.get(id) != Some(v) && !exceptions.contains_key(&format!("{id} caller-only")) {
                differ.push(format!("{id}: {v} vs {:?}", other.get(id)));
            }
        }
    }
    println!(
        "pkits-smime: runs whose verdict depends on where the CRLs come from: {}",
        differ.len()
    );
    assert!(differ.is_empty(), "{differ:#?}");
}
