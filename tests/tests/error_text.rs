//! Issue 9, defect 7: real bad inputs — a truncated CMS, garbage inside a SignerInfo, trailing
//! garbage, bad PEM, a ContentInfo that is not SignedData, truncated PKCS#8 / PKCS#12 and a
//! truncated certificate — give a verdict or an error whose Vietnamese text holds no English
//! prose (ASN.1 names such as `SignerInfo` aside) and whose English text is English. Inputs are
//! made at test time: a generated PKI (kyso-testpki), kyso's own signer, and byte edits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kyso::Finding;
use kyso::{
    Certificate, Indication, KeyBundle, Lang, Report, RustCryptoProvider, SoftwareKey,
    SubIndication, ValidationPolicy,
};
use kyso::{SignedDataBuilder, SignerOptions};
use kyso::{VerifyOptions, verify_signed_data};
use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};
use kyso_tests::{TempDir, openssl_ok};

/// English prose words (whole words, lower case or capitalised): none may appear in a
/// Vietnamese sentence; an English sentence has some. Not `data`: it is also the name of the
/// content type id-data (RFC 5652 §4), which messages show beside its OID.
const ENGLISH: &[&str] = &[
    "truncated",
    "expected",
    "invalid",
    "after",
    "length",
    "large",
    "missing",
    "not",
    "malformed",
    "unexpected",
    "trailing",
    "empty",
    "structure",
    "error",
    "has",
    "many",
    "element",
    "does",
    "the",
    "is",
    "of",
    "type",
    "no",
    "at",
];

fn english_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| {
            let lower = w.to_lowercase();
            ENGLISH.contains(&lower.as_str()) && w.get(1..) == lower.get(1..)
        })
        .collect()
}

/// Vietnamese text without English prose, English text with some, and the two different.
fn check_both(case: &str, vi: &str, en: &str) {
    assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{case}");
    let english_in_vi = english_words(vi);
    assert!(
        english_in_vi.is_empty(),
        "{case}: English {english_in_vi:?} in the Vietnamese text: {vi}"
    );
    assert!(
        !english_words(en).is_empty(),
        "{case}: the English text is not English: {en}"
    );
    assert_ne!(vi, en, "{case}");
    for t in [vi, en] {
        assert!(
            !t.contains('{') && !t.contains("Some(") && !t.contains("::"),
            "{case}: {t}"
        );
    }
}

struct Scene {
    pki: VnPki,
    now: kyso::DateTime,
    signed: Vec<u8>,
}

fn scene() -> Scene {
    let now = kyso::time::parse_rfc3339("2025-03-14T02:05:07Z").unwrap();
    let pki = VnPki::generate(
        &VnPkiOptions::fast(now),
        &mut DeterministicRng::from_seed(9),
    )
    .unwrap();
    let key = SoftwareKey::from_pkcs8_der(&pki.person.key.pkcs8_der().unwrap()).unwrap();
    let signed = SignedDataBuilder::new(b"Cong van so 123")
        .add_signer(SignerOptions::new(&key, &pki.person.certificate).signing_time(now))
        .build(
            &kyso::RustCryptoProvider,
            &mut DeterministicRng::from_seed(1),
        )
        .unwrap();
    Scene { pki, now, signed }
}

fn verify_bytes(s: &Scene, input: &[u8]) -> Report {
    let crypto = RustCryptoProvider;
    let opts = VerifyOptions::new(
        ValidationPolicy::vn_gov().danger_without_chain_validation(),
        s.now,
        &crypto,
    );
    verify_signed_data(input, None, &opts)
}

/// Every finding of the report and its signers, in `lang`.
fn findings(r: &Report, lang: Lang) -> String {
    let all: Vec<&Finding> = r
        .findings
        .iter()
        .chain(r.signers.iter().flat_map(|s| s.findings.iter()))
        .collect();
    all.iter()
        .map(|f| f.message(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A report that fails for its format, with the sentences in both languages.
fn format_failure(s: &Scene, case: &str, input: &[u8], vi_has: &str, en_has: &str) {
    let r = verify_bytes(s, input);
    assert_eq!(r.indication, Indication::TotalFailed, "{case}: {r:?}");
    let sub = r
        .sub_indication
        .or_else(|| r.signers.first().and_then(|x| x.sub_indication));
    assert_eq!(sub, Some(SubIndication::FormatFailure), "{case}: {r:?}");
    let (vi, en) = (findings(&r, Lang::Vi), findings(&r, Lang::En));
    assert!(vi.contains(vi_has), "{case}: {vi}");
    assert!(en.contains(en_has), "{case}: {en}");
    check_both(case, &vi, &en);
    // `inspect` says why it cannot read the file, in the same words.
    if let Err(e) = kyso::inspect_signed_data(input) {
        check_both(case, &e.to_text(Lang::Vi), &e.to_text(Lang::En));
    }
}

#[test]
fn unreadable_cms_is_a_vietnamese_or_english_sentence() {
    let s = scene();
    let m = &s.signed;
    format_failure(
        &s,
        "truncated",
        &m[..m.len() / 2],
        "Dữ liệu ký số không đúng định dạng CMS/PKCS#7: ",
        "The signed data is not well-formed CMS/PKCS#7: ",
    );
    let mut trailing = m.clone();
    trailing.extend_from_slice(b"garbage!");
    format_failure(
        &s,
        "trailing garbage",
        &trailing,
        "còn 8 byte không phải khoảng trắng hay byte 0 nên dữ liệu bị từ chối",
        "8 byte(s) other than white space or zero bytes follow the end of the data",
    );
    format_failure(
        &s,
        "bad length",
        &[0x30, 0x85, 1, 1, 1, 1, 1],
        "độ dài khai báo của một phần tử không đúng (tại byte 2)",
        "an element has a wrong length (at byte 2)",
    );
    // The SignerInfo's version (INTEGER 1, then the IssuerAndSerialNumber SEQUENCE) made an
    // OCTET STRING: that signer is unreadable, the message still is.
    let at = m
        .windows(4)
        .rposition(|w| w == [0x02, 0x01, 0x01, 0x30])
        .expect("SignerInfo version");
    let mut bad_signer = m.clone();
    bad_signer[at] = 0x04;
    format_failure(
        &s,
        "garbage in SignerInfo",
        &bad_signer,
        "version không thuộc kiểu INTEGER",
        "version is not of type INTEGER",
    );
    let r = verify_bytes(&s, &bad_signer);
    assert_eq!(r.signers.len(), 1);
    // A ContentInfo holding id-data, not SignedData (RFC 5652 §3).
    let data = [
        0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02,
        0x04, 0x00,
    ];
    let r = verify_bytes(&s, &data);
    assert_eq!(r.indication, Indication::TotalFailed);
    check_both(
        "not SignedData",
        &findings(&r, Lang::Vi),
        &findings(&r, Lang::En),
    );
    let e = kyso::inspect_signed_data(&data).unwrap_err();
    check_both("not SignedData", &e.to_text(Lang::Vi), &e.to_text(Lang::En));
}

#[test]
fn bad_pem_says_why_in_each_language() {
    let s = scene();
    for (case, pem, vi_has, en_has) in [
        (
            "bad armour",
            "-----BEGIN CMS-----\n!!!! not base64 !!!!\n-----END CMS-----\n".to_owned(),
            "lớp bọc PEM không hợp lệ",
            "the PEM armour is invalid",
        ),
        (
            "no CMS block",
            s.pki.person.cert_pem(),
            "văn bản PEM không có khối CMS/PKCS7",
            "the PEM text has no CMS/PKCS7 block",
        ),
    ] {
        let e = kyso::inspect_signed_data(pem.as_bytes()).unwrap_err();
        let (vi, en) = (e.to_text(Lang::Vi), e.to_text(Lang::En));
        assert!(vi.contains(vi_has), "{case}: {vi}");
        assert!(en.contains(en_has), "{case}: {en}");
        check_both(case, &vi, &en);
        format_failure(&s, case, pem.as_bytes(), vi_has, en_has);
    }
}

#[test]
fn truncated_keys_and_certificates_say_why_in_each_language() {
    let s = scene();
    let pkcs8 = s.pki.person.key.pkcs8_der().unwrap();
    let e = SoftwareKey::from_pkcs8_der(&pkcs8[..pkcs8.len() - 7]).unwrap_err();
    let (vi, en) = (e.to_text(Lang::Vi), e.to_text(Lang::En));
    assert!(vi.starts_with("Tệp khóa sai cấu trúc: "), "{vi}");
    assert!(en.starts_with("The key file is malformed: "), "{en}");
    check_both("truncated PKCS#8", &vi, &en);

    let dir = TempDir::new("error-text");
    dir.write("key.pem", s.pki.person.key.pkcs8_pem().unwrap());
    dir.write("cert.pem", s.pki.person.cert_pem());
    openssl_ok(
        dir.dir(),
        &[
            "pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-passout", "pass:x",
            "-out", "id.p12",
        ],
    );
    let p12 = dir.read("id.p12");
    assert!(KeyBundle::from_pkcs12(&p12, b"x").is_ok());
    for cut in [p12.len() / 2, p12.len() - 1] {
        let e = KeyBundle::from_pkcs12(&p12[..cut], b"x").unwrap_err();
        check_both(
            "truncated PKCS#12",
            &e.to_text(Lang::Vi),
            &e.to_text(Lang::En),
        );
    }

    let der = s.pki.person.certificate.der().to_vec();
    let e = Certificate::from_der(&der[..der.len() - 10]).unwrap_err();
    let (vi, en) = (e.to_text(Lang::Vi), e.to_text(Lang::En));
    assert!(
        vi.starts_with("Chứng thư số không đúng định dạng: "),
        "{vi}"
    );
    check_both("truncated certificate", &vi, &en);
}
