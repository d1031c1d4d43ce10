//! PKITS S/MIME: the 224 `../shared/testdata/pkits/smime/*.eml` messages (detached PKCS #7,
//! SHA-256, RSA, chain certificates embedded). Signature-level checks only: every signer's
//! certificate is found, content-type / message-digest / signature pass, the algorithms are
//! accepted. Chain validation is off by name here (PKITS path results belong to the path
//! module's tests), so each message must be TOTAL-PASSED with the chain check `skipped`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::parse_smime;
use kyso::CheckStatus;
use kyso::{DateTime, Indication, RustCryptoProvider, ValidationPolicy};
use kyso::{DetachedContent, VerifyOptions, verify_signed_data};
use kyso_tests::testdata;

/// Messages kyso cannot verify today, each with the reason. The test checks that each still
/// fails for exactly that reason, so a fix shows up as a failure asking to remove the entry.
const KNOWN_LIMITATIONS: &[(&str, &str)] = &[];

#[test]
fn pkits_smime_signatures() {
    let crypto = RustCryptoProvider;
    let now = DateTime::new(2011, 4, 15, 0, 0, 0).unwrap();
    let opts = VerifyOptions::new(
        ValidationPolicy::vn_gov().danger_without_chain_validation(),
        now,
        &crypto,
    );
    let dir = testdata().join("pkits/smime");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let (mut passed, mut skipped) = (0usize, 0usize);
    for f in &files {
        let m = parse_smime(&std::fs::read(f).unwrap());
        let part = m.signed_part.expect("multipart/signed");
        let r = verify_signed_data(&m.pkcs7, Some(DetachedContent::Bytes(&part)), &opts);
        let checks_ok = r.signers.len() == 1
            && r.signers.iter().all(|s| {
                s.checks.iter().all(|(name, st)| match name.as_str() {
                    "chain" => *st == CheckStatus::Skipped,
                    "signer-certificate" | "content-type" | "message-digest" | "signature"
                    | "algorithm-policy" => *st == CheckStatus::Passed,
                    _ => matches!(st, CheckStatus::Passed | CheckStatus::NotApplicable),
                })
            });
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if let Some((_, reason)) = KNOWN_LIMITATIONS.iter().find(|(n, _)| *n == name) {
            let still = r.indication == Indication::Indeterminate
                && r.sub_indication == Some(kyso::SubIndication::NoSigningCertificateFound)
                && r.findings
                    .iter()
                    .any(|f| f.code.code() == "cms.certificate-skipped");
            assert!(
                still,
                "{name} no longer fails as recorded ({reason}); remove it from KNOWN_LIMITATIONS"
            );
            println!("skipped-with-reason: {name}: {reason}");
            skipped += 1;
            continue;
        }
        if r.indication != Indication::TotalPassed || !checks_ok {
            failures.push(format!("{}: {}", f.display(), r.to_text(kyso::Lang::En)));
        } else {
            passed += 1;
        }
    }
    println!(
        "PKITS S/MIME signature checks: {} messages, {passed} passed, {} failed, {skipped} skipped-with-reason",
        files.len(),
        failures.len()
    );
    assert_eq!(files.len(), 224, "expected the 224 PKITS S/MIME messages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
