//! Issue 9: trust anchors the user gives that are not roots, and CRLs that are readable but
//! not usable. Through core's `PathValidator` and `Checker` on a generated PKI (kyso-testpki:
//! root → sub-CA → person), checking the verdict and the report's text in vi and en.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kyso::PathValidator;
use kyso::{
    Certificate, Indication, KeyPurpose, Lang, MessageId, RustCryptoProvider, TrustStore,
    ValidationPolicy,
};
use kyso::{ChainReport, RevocationStatus, TimeSource, TimeUsed};
use kyso::{Checker, Crl, EvidenceOrigin, RevocationEvidence};
use kyso_testpki::{DeterministicRng, KeyAlg, VnPki, VnPkiOptions};

fn make_pki(seed: u64) -> (VnPki, kyso::DateTime) {
    let now = kyso::time::parse_rfc3339("2025-03-14T02:05:07Z").unwrap();
    let pki = VnPki::generate(
        &VnPkiOptions::all(now, KeyAlg::P256),
        &mut DeterministicRng::from_seed(seed),
    )
    .unwrap();
    (pki, now)
}

fn at(t: kyso::DateTime) -> TimeUsed {
    TimeUsed::new(t, TimeSource::Fixed)
}

/// Validate the person's certificate with `anchors` only (no intermediates), revocation off.
fn validate(pki: &VnPki, now: kyso::DateTime, anchors: &[&Certificate]) -> ChainReport {
    let mut store = TrustStore::new();
    store.add_anchors(anchors.iter().map(|c| (*c).clone()));
    PathValidator::new(store)
        .validate_detailed(
            &pki.person.certificate,
            &[],
            KeyPurpose::DocumentSigning,
            &at(now),
            &ValidationPolicy::vn_gov().danger_without_revocation(),
            &RustCryptoProvider,
        )
        .report
}

fn texts(r: &ChainReport, lang: Lang) -> String {
    r.findings
        .iter()
        .map(|f| f.message(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_intermediate_given_as_anchor_ends_the_path_and_is_named() {
    let (pki, now) = make_pki(1);
    let r = validate(&pki, now, &[&pki.sub_ca.certificate]);
    assert_eq!(r.indication, Indication::TotalPassed, "{r:?}");
    assert_eq!(r.certificates.len(), 2);
    let a = r.trust_anchor.as_ref().unwrap();
    let sub = pki.sub_ca.certificate.subject().to_string();
    assert_eq!(a.subject, sub);
    assert!(!a.self_issued && !a.is_target);
    assert_eq!(a.sha256, r.certificates[1].sha256);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == MessageId::ChainAnchorNotSelfIssued)
    );
    let root = pki.root.certificate.subject().to_string();
    let vi = texts(&r, Lang::Vi);
    assert!(
        vi.contains(&format!(
            "Chứng thư tin cậy được dùng: {sub}, do {root} cấp (không phải chứng thư tự cấp; SHA-256 {}",
            a.sha256
        )),
        "{vi}"
    );
    let en = texts(&r, Lang::En);
    assert!(
        en.contains(&format!(
            "Trust anchor used: {sub}, issued by {root} (not self-issued; SHA-256 {}",
            a.sha256
        )),
        "{en}"
    );
}

#[test]
fn the_root_is_named_as_a_self_issued_anchor() {
    let (pki, now) = make_pki(1);
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let r = PathValidator::new(store)
        .validate_detailed(
            &pki.person.certificate,
            std::slice::from_ref(&pki.sub_ca.certificate),
            KeyPurpose::DocumentSigning,
            &at(now),
            &ValidationPolicy::vn_gov().danger_without_revocation(),
            &RustCryptoProvider,
        )
        .report;
    assert_eq!(r.indication, Indication::TotalPassed, "{r:?}");
    let a = r.trust_anchor.as_ref().unwrap();
    assert!(a.self_issued && !a.is_target);
    assert!(texts(&r, Lang::En).contains("Trust anchor used: "));
    assert!(texts(&r, Lang::Vi).contains("Chứng thư gốc tin cậy được dùng: "));
}

/// The signer's own certificate as the anchor: the path is that certificate alone (RFC 5280
/// §6.1: the anchor is not part of the path). Its validity and key usage still bind; its
/// revocation is not checked, even where the policy requires revocation, and the report says
/// so.
#[test]
fn the_target_given_as_anchor_is_trusted_directly_within_its_own_limits() {
    let (pki, now) = make_pki(1);
    let person = &pki.person.certificate;
    let r = validate(&pki, now, &[person]);
    assert_eq!(r.indication, Indication::TotalPassed, "{r:?}");
    assert_eq!(r.certificates.len(), 1);
    assert!(r.certificates[0].is_trust_anchor);
    assert!(r.trust_anchor.as_ref().unwrap().is_target);
    let vi = texts(&r, Lang::Vi);
    assert!(
        vi.contains("được chỉ định là chứng thư tin cậy")
            && vi.contains("không kiểm tra tình trạng thu hồi"),
        "{vi}"
    );
    let en = texts(&r, Lang::En);
    assert!(
        en.contains("itself was given as a trust anchor")
            && en.contains("its revocation status was not"),
        "{en}"
    );
    // With revocation required and no data: still trusted directly (nothing to check against).
    let mut store = TrustStore::new();
    store.add_anchor(person.clone());
    let r = PathValidator::new(store.clone())
        .validate_detailed(
            person,
            &[],
            KeyPurpose::DocumentSigning,
            &at(now),
            &ValidationPolicy::vn_gov(),
            &RustCryptoProvider,
        )
        .report;
    assert_eq!(r.indication, Indication::TotalPassed, "{r:?}");
    // After it expired: not valid, the reason in both languages.
    let later = kyso_testpki::shift(person.not_after(), 86_400).unwrap();
    let r = PathValidator::new(store.clone())
        .validate_detailed(
            person,
            &[],
            KeyPurpose::DocumentSigning,
            &at(later),
            &ValidationPolicy::vn_gov().danger_without_revocation(),
            &RustCryptoProvider,
        )
        .report;
    assert_ne!(r.indication, Indication::TotalPassed, "{r:?}");
    assert!(
        texts(&r, Lang::En).contains("expired"),
        "{}",
        texts(&r, Lang::En)
    );
    assert!(
        texts(&r, Lang::Vi).contains("đã hết hạn"),
        "{}",
        texts(&r, Lang::Vi)
    );
    // Not for a purpose its extended key usage does not allow (time-stamping).
    let r = PathValidator::new(store)
        .validate_detailed(
            person,
            &[],
            KeyPurpose::TimeStamping,
            &at(now),
            &ValidationPolicy::vn_gov().danger_without_revocation(),
            &RustCryptoProvider,
        )
        .report;
    assert_ne!(r.indication, Indication::TotalPassed, "{r:?}");
}

#[test]
fn an_unrelated_intermediate_of_the_same_name_is_no_anchor() {
    let (pki, now) = make_pki(1);
    let (other, _) = make_pki(2);
    assert_eq!(
        other.sub_ca.certificate.subject().to_string(),
        pki.sub_ca.certificate.subject().to_string()
    );
    let r = validate(&pki, now, &[&other.sub_ca.certificate]);
    assert_eq!(r.indication, Indication::Indeterminate, "{r:?}");
    assert!(r.trust_anchor.is_none());
    assert!(texts(&r, Lang::En).contains("does not verify with the issuer's public key"));
    assert!(texts(&r, Lang::Vi).contains("không đúng với khóa công khai của tổ chức cấp"));
}

/// A CRL whose signature BIT STRING has unused bits (as PKITS 4.4.4's) is a CRL: it parses,
/// and the checker refuses it as evidence with a reason naming its issuer.
#[test]
fn a_crl_with_a_malformed_signature_is_refused_evidence_with_its_issuer_named() {
    let (pki, now) = make_pki(1);
    let mut rng = DeterministicRng::from_seed(3);
    let t = kyso_testpki::shift(now, -600).unwrap();
    let good = pki.sub_ca_crl(Vec::new(), t, &mut rng).unwrap();
    let sig_len = Crl::from_der(&good).unwrap().signature().len();
    let mut bad = good.clone();
    // BIT STRING: 03 len unused-bits value; the unused-bits octet precedes the value.
    let unused = bad.len() - sig_len - 1;
    assert_eq!(bad[unused], 0);
    bad[unused] = 3;
    let crl = Crl::from_der(&bad).expect("still a CRL");
    assert!(!crl.has_well_formed_signature());
    assert!(Crl::from_der(&good).unwrap().has_well_formed_signature());

    let root_crl = pki.root_crl(t, &mut rng).unwrap();
    let evidence = RevocationEvidence::new(vec![root_crl, bad], Vec::new());
    let mut checker = Checker::new().with_current_time(now);
    checker.add_evidence(&evidence, EvidenceOrigin::Caller);
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let r = PathValidator::new(store)
        .with_revocation(&checker)
        .validate_detailed(
            &pki.person.certificate,
            std::slice::from_ref(&pki.sub_ca.certificate),
            KeyPurpose::DocumentSigning,
            &at(now),
            &ValidationPolicy::vn_gov(),
            &RustCryptoProvider,
        )
        .report;
    assert_eq!(r.indication, Indication::Indeterminate, "{r:?}");
    let rev = r.certificates[0].revocation.as_ref().unwrap();
    assert_eq!(rev.status, RevocationStatus::Unknown);
    let f = rev
        .findings
        .iter()
        .find(|f| f.code == MessageId::RevocationSignatureMalformed)
        .expect("the refusal is reported");
    let issuer = pki.sub_ca.certificate.subject().to_string();
    assert!(
        f.message(Lang::Vi)
            .starts_with(&format!("Chữ ký trên CRL của {issuer} sai cấu trúc")),
        "{}",
        f.message(Lang::Vi)
    );
    assert!(
        f.message(Lang::En).starts_with(&format!(
            "The signature on the CRL from {issuer} is malformed"
        )),
        "{}",
        f.message(Lang::En)
    );
}
