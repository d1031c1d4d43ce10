//! The session's own rules: evidence intake, the validation time the policy picks, and the
//! chain report's text in both languages. Inputs are the fixture of `testdata/session`
//! (made by its `make.sh` with OpenSSL), plus byte edits of it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use super::*;
use crate::i18n::MessageId;
use crate::report::{Indication, SubIndication, TimeSource};
use crate::{Lang, RustCryptoProvider};

const SIGNED: &[u8] = include_bytes!("../../testdata/session/signed.p7s");
const DETACHED: &[u8] = include_bytes!("../../testdata/session/detached.p7s");
const ROOT: &[u8] = include_bytes!("../../testdata/session/root.der");
const CRL: &[u8] = include_bytes!("../../testdata/session/root.crl");

fn now() -> DateTime {
    DateTime::new(2026, 12, 5, 0, 0, 0).unwrap()
}

fn anchors() -> TrustStore {
    let mut store = TrustStore::new();
    store.add_anchor(Certificate::from_der(ROOT).unwrap());
    store
}

fn signer() -> Certificate {
    crate::cms::certificates(SIGNED).unwrap().remove(0)
}

#[test]
fn valid_signature_with_the_roots_crl_passes() {
    let mut v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    v.add_crl(CRL).unwrap();
    let r = v.verify_cms(SIGNED, None);
    assert_eq!(r.indication, Indication::TotalPassed, "{}", r.to_json());
}

#[test]
fn missing_crl_is_indeterminate_never_a_pass() {
    let v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    let r = v.verify_cms(SIGNED, None);
    assert_eq!(r.indication, Indication::Indeterminate);
}

#[test]
fn no_anchor_is_no_chain_found() {
    let mut v = Verifier::without_anchors(ValidationPolicy::vn_gov(), now(), &RustCryptoProvider);
    v.add_crl(CRL).unwrap();
    let r = v.verify_cms(SIGNED, None);
    assert_eq!(r.indication, Indication::Indeterminate);
    assert_eq!(
        r.sub_indication,
        Some(SubIndication::NoCertificateChainFound)
    );
}

#[test]
fn a_certificate_given_as_a_crl_is_refused_with_one_typed_error() {
    let mut v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    let e = v.add_crl(ROOT).unwrap_err();
    assert!(matches!(e, EvidenceError::NotCrl { .. }), "{e:?}");
    assert_eq!(e.code(), "revocation.bad-crl");
    assert_eq!(e.message().id(), MessageId::EvidenceNotCrl);
    let vi = e.to_text(Lang::Vi);
    let en = e.to_text(Lang::En);
    assert!(
        vi.starts_with(
            "Dữ liệu được đưa vào làm danh sách thu hồi (CRL) không phải CRL đọc được: "
        ),
        "{vi}"
    );
    assert!(
        en.starts_with(
            "The data given as a certificate revocation list (CRL) is not a readable CRL: "
        ),
        "{en}"
    );
    // The parser's reason is in the same language, and nothing was added.
    assert!(!vi.contains("{reason}") && !en.contains("{reason}"));
    assert_eq!(e.to_string(), en);
    assert!(v.evidence().revocation().crls.is_empty());
}

#[test]
fn other_evidence_is_refused_with_its_own_code() {
    let mut ev = Evidence::new();
    let e = ev.add_ocsp_response(CRL).unwrap_err();
    assert_eq!(e.code(), "revocation.bad-ocsp");
    assert!(
        e.to_text(Lang::Vi)
            .starts_with("Dữ liệu được đưa vào làm phản hồi OCSP")
    );
    assert!(
        e.to_text(Lang::En)
            .starts_with("The data given as an OCSP response")
    );
    let e = ev.add_certificates(b"garbage").unwrap_err();
    assert_eq!(e.code(), "trust.bad-certificate");
    let e = ev.add(b"garbage").unwrap_err();
    assert_eq!(e, EvidenceError::Unrecognised);
    assert_eq!(e.code(), "evidence.unrecognised");
    assert_eq!(
        e.to_text(Lang::Vi),
        "Không nhận ra dữ liệu: đây không phải CRL, phản hồi OCSP hay chứng thư số"
    );
    assert_eq!(
        e.to_text(Lang::En),
        "The data is not recognised: it is neither a CRL, an OCSP response nor a certificate"
    );
}

#[test]
fn sniffing_says_what_each_blob_is() {
    assert_eq!(Evidence::sniff(CRL), Some(EvidenceKind::Crl));
    assert_eq!(Evidence::sniff(ROOT), Some(EvidenceKind::Certificates));
    assert_eq!(Evidence::sniff(b"\x30\x03\x02\x01\x00"), None);
    let mut ev = Evidence::new();
    assert_eq!(ev.add(CRL).unwrap(), EvidenceKind::Crl);
    assert_eq!(ev.add(ROOT).unwrap(), EvidenceKind::Certificates);
    // A certificate already held is not added twice.
    assert_eq!(ev.add_certificates(ROOT).unwrap(), 0);
    assert_eq!(
        (ev.revocation().crls.len(), ev.certificates().len()),
        (1, 1)
    );
}

#[test]
fn the_policy_decides_the_chain_time() {
    let v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    // vn-gov validates at the signing time; a certificate alone has none: now.
    assert_eq!(v.chain_time().source, TimeSource::Current);
    assert_eq!(v.chain_time().time, now());
    let fixed = DateTime::new(2027, 1, 1, 0, 0, 0).unwrap();
    let v = v.with_validation_time(fixed);
    assert_eq!(v.chain_time().source, TimeSource::Fixed);
    assert_eq!(v.chain_time().time, fixed);
}

#[test]
fn the_policy_decides_the_signature_time() {
    let mut v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    v.add_crl(CRL).unwrap();
    let r = v.verify_cms(SIGNED, None);
    let chain = r.signers[0].chain.as_ref().unwrap();
    // vn-gov trusts the claimed signing time (made by make.sh, before `now`).
    assert_eq!(chain.time_used.source, TimeSource::ClaimedSigningTime);
    let mut strict = Verifier::new(
        anchors(),
        ValidationPolicy::strict(),
        now(),
        &RustCryptoProvider,
    );
    strict.add_crl(CRL).unwrap();
    let r = strict.verify_cms(SIGNED, None);
    let chain = r.signers[0].chain.as_ref().unwrap();
    assert_eq!(chain.time_used.source, TimeSource::Current);
    assert_eq!(chain.time_used.time, now());
}

#[test]
fn streamed_content_gives_the_same_report_as_bytes() {
    let mut v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    v.add_crl(CRL).unwrap();
    let content = "Công văn số 123/UBND-VP".as_bytes();
    let stream_of = |data: &[u8]| {
        let mut stream = v.cms_stream(DETACHED);
        for piece in data.chunks(5) {
            stream.update(piece);
        }
        v.finish_cms_stream(stream)
    };
    let streamed = stream_of(content);
    let bytes = v.verify_cms(DETACHED, Some(content));
    assert_eq!(
        streamed.indication,
        Indication::TotalPassed,
        "{}",
        streamed.to_json()
    );
    assert_eq!(streamed.to_json(), bytes.to_json());
    // One byte changed: the message digest no longer matches.
    let mut tampered = content.to_vec();
    tampered[0] ^= 1;
    let r = stream_of(&tampered);
    assert_eq!(r.indication, Indication::TotalFailed);
    assert_eq!(r.sub_indication, Some(SubIndication::HashFailure));
}

#[test]
fn chain_text_in_both_languages() {
    let mut v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    v.add_crl(CRL).unwrap();
    let r = v.validate_chain(&signer(), &[], KeyPurpose::DocumentSigning);
    assert_eq!(r.indication, Indication::TotalPassed, "{}", r.to_json());
    let vi = r.to_text(Lang::Vi);
    let en = r.to_text(Lang::En);
    assert!(
        vi.starts_with("Chuỗi chứng thư số: HỢP LỆ [TOTAL-PASSED]\n"),
        "{vi}"
    );
    assert!(
        en.starts_with("Certificate chain: VALID [TOTAL-PASSED]\n"),
        "{en}"
    );
    assert!(
        vi.contains("Thời điểm kiểm tra: 2026-12-05T07:00:00+07:00 (thời điểm hiện tại)"),
        "{vi}"
    );
    assert!(
        en.contains("Validated at: 2026-12-05T07:00:00+07:00 (current time)"),
        "{en}"
    );
    assert!(vi.contains("  1. CN=Nguyễn Văn A"), "{vi}");
    assert!(vi.contains("(chứng thư gốc tin cậy): đạt"), "{vi}");
    assert!(en.contains("(trust anchor): passed"), "{en}");
    assert!(vi.contains("Tình trạng thu hồi: chưa bị thu hồi"), "{vi}");
    assert!(en.contains("Revocation: not revoked"), "{en}");
    said_once(&vi);
    said_once(&en);
}

#[test]
fn chain_text_says_why_without_a_crl() {
    let v = Verifier::new(
        anchors(),
        ValidationPolicy::vn_gov(),
        now(),
        &RustCryptoProvider,
    );
    let r = v.validate_chain(&signer(), &[], KeyPurpose::DocumentSigning);
    assert_eq!(r.indication, Indication::Indeterminate);
    let vi = r.to_text(Lang::Vi);
    let en = r.to_text(Lang::En);
    assert!(
        vi.starts_with("Chuỗi chứng thư số: CHƯA XÁC ĐỊNH [INDETERMINATE / TRY_LATER]"),
        "{vi}"
    );
    assert!(
        en.starts_with("Certificate chain: INDETERMINATE [INDETERMINATE / TRY_LATER]"),
        "{en}"
    );
    assert!(vi.contains(": chưa xác định"), "{vi}");
    assert!(en.contains(": indeterminate"), "{en}");
    // The undecided status is a finding of the leaf and of the chain: said once, under the leaf.
    assert!(r.findings_not_under_a_certificate().count() < r.findings.len());
    said_once(&vi);
    said_once(&en);
}

#[test]
fn purpose_names_one_table() {
    assert_eq!(
        KeyPurpose::from_name("email"),
        Some(KeyPurpose::EmailProtection)
    );
    assert_eq!(
        KeyPurpose::from_name("email-protection"),
        Some(KeyPurpose::EmailProtection)
    );
    assert_eq!(KeyPurpose::EmailProtection.name(), "email-protection");
    assert_eq!(KeyPurpose::from_name("mail"), None);
    for name in KeyPurpose::all_names() {
        let p = KeyPurpose::from_name(name).unwrap();
        assert_eq!(KeyPurpose::from_name(p.name()), Some(p));
        // The canonical name is the JSON form.
        assert_eq!(serde_json::to_value(p).unwrap(), p.name());
    }
}

/// A finding listed under a certificate is not printed again among the chain's (issue 9).
fn said_once(text: &str) {
    for line in text.lines().map(str::trim).filter(|l| l.starts_with("- ")) {
        let same = text.lines().filter(|l| l.trim() == line).count();
        assert_eq!(same, 1, "printed twice: {line}\n{text}");
    }
}
