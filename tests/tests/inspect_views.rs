//! Core's inspection views (`kyso::Inspection`): a certificate carrying every extension kyso
//! decodes, built with the OpenSSL CLI at test time, and a CMS message signed with it. Checks
//! the decoded values, the JSON field names `kyso inspect --json` has always used, and the
//! text in Vietnamese and English.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kyso::{ExtensionValue, Inspection, Lang, RustCryptoProvider};
use kyso_tests::{TempDir, keyalg, openssl_genpkey, openssl_ok};

const EXTENSIONS: &str = "\
[ext]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, digitalSignature, nonRepudiation, keyCertSign, cRLSign
extendedKeyUsage = emailProtection, 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = email:a@kyso.test, DNS:kyso.test, IP:192.0.2.1
issuerAltName = URI:http://ca.kyso.test/
crlDistributionPoints = URI:http://ca.kyso.test/ca.crl
freshestCRL = URI:http://ca.kyso.test/delta.crl
authorityInfoAccess = OCSP;URI:http://ocsp.kyso.test, caIssuers;URI:http://ca.kyso.test/ca.crt
subjectInfoAccess = caRepository;URI:http://ca.kyso.test/repo
certificatePolicies = @vgca
policyMappings = 2.16.704.1.1.1.1.1:2.16.704.1.1.1.1.2
nameConstraints = critical, permitted;DNS:.kyso.test, excluded;IP:10.0.0.0/255.0.0.0
policyConstraints = critical, requireExplicitPolicy:0, inhibitPolicyMapping:1
inhibitAnyPolicy = critical, 2
noCheck = ignored
1.2.3.4.5 = critical, DER:0500

[vgca]
policyIdentifier = 2.16.704.1.1.1.1.1
CPS.1 = \"http://ca.kyso.test/cps\"
";

const SUBJECT: &str = "/C=VN/ST=Hà Nội/O=Bộ Khoa học và Công nghệ/title=Chánh Văn phòng/CN=Nguyễn Thị Thu Hương/UID=CCCD:001185012345";

/// A self-signed certificate (`c.pem`, key `c.key`) with every extension above.
fn certificate(dir: &TempDir) -> Vec<u8> {
    dir.write("ext.cnf", EXTENSIONS);
    openssl_genpkey(dir.dir(), keyalg::P256, "c.key");
    openssl_ok(
        dir.dir(),
        &[
            "req",
            "-x509",
            "-new",
            "-utf8",
            "-key",
            "c.key",
            "-subj",
            SUBJECT,
            "-days",
            "30",
            "-config",
            "ext.cnf",
            "-extensions",
            "ext",
            "-out",
            "c.pem",
        ],
    );
    dir.read("c.pem")
}

fn decoded(i: &Inspection, name: &str) -> ExtensionValue {
    let e = i.certificates()[0]
        .extensions
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    e.decoded
        .clone()
        .unwrap_or_else(|| panic!("{name} not decoded"))
}

#[test]
fn every_extension_is_decoded() {
    let dir = TempDir::new("inspect-views");
    let i = Inspection::of(&certificate(&dir), &RustCryptoProvider).unwrap();
    assert!(matches!(i, Inspection::Certificates { .. }));
    let c = &i.certificates()[0];
    assert_eq!(c.public_key, "ECDSA P-256");
    assert_eq!(c.signature_algorithm, "ecdsa-sha256");
    assert!(c.self_issued);
    assert_eq!(c.identity.vn_ids[0].kind(), "CCCD");
    assert!(c.subject.contains("Nguyễn Thị Thu Hương"), "{}", c.subject);

    assert_eq!(
        decoded(&i, "basicConstraints"),
        ExtensionValue::BasicConstraints {
            ca: true,
            path_len: Some(1)
        }
    );
    let value = |name: &str| decoded(&i, name).to_string();
    assert_eq!(value("basicConstraints"), "CA=true, pathLen=1");
    assert_eq!(
        value("keyUsage"),
        "digitalSignature, nonRepudiation, keyCertSign, cRLSign"
    );
    assert_eq!(value("extKeyUsage"), "emailProtection, documentSigning");
    assert_eq!(
        value("subjectKeyIdentifier").len(),
        59,
        "20 bytes, colon-separated"
    );
    assert_eq!(
        value("authorityKeyIdentifier"),
        value("subjectKeyIdentifier")
    );
    assert_eq!(
        value("subjectAltName"),
        "email:a@kyso.test, DNS:kyso.test, IP:192.0.2.1"
    );
    assert_eq!(value("issuerAltName"), "URI:http://ca.kyso.test/");
    assert_eq!(
        value("cRLDistributionPoints"),
        "URI:http://ca.kyso.test/ca.crl"
    );
    assert_eq!(value("freshestCRL"), "URI:http://ca.kyso.test/delta.crl");
    assert_eq!(
        value("authorityInfoAccess"),
        "OCSP URI:http://ocsp.kyso.test, caIssuers URI:http://ca.kyso.test/ca.crt"
    );
    assert_eq!(
        value("subjectInfoAccess"),
        "caRepository URI:http://ca.kyso.test/repo"
    );
    assert_eq!(
        value("certificatePolicies"),
        "2.16.704.1.1.1.1.1 (VGCA G2) [CPS: http://ca.kyso.test/cps]"
    );
    assert_eq!(
        value("policyMappings"),
        "2.16.704.1.1.1.1.1 → 2.16.704.1.1.1.1.2"
    );
    assert_eq!(
        value("nameConstraints"),
        "permitted: DNS:.kyso.test; excluded: IP:10.0.0.0/255.0.0.0"
    );
    assert_eq!(
        value("policyConstraints"),
        "requireExplicitPolicy=0, inhibitPolicyMapping=1"
    );
    assert_eq!(value("inhibitAnyPolicy"), "skipCerts=2");
    assert_eq!(decoded(&i, "ocspNoCheck"), ExtensionValue::OcspNoCheck);

    // An extension kyso does not know: OID, critical flag and the hex of its value.
    let unknown = c.extensions.iter().find(|e| e.oid == "1.2.3.4.5").unwrap();
    assert_eq!((unknown.name, unknown.critical), ("", true));
    assert_eq!(unknown.value, "0500");
    assert!(unknown.decoded.is_none());
}

#[test]
fn json_keeps_the_field_names_of_kyso_inspect() {
    let dir = TempDir::new("inspect-json");
    let i = Inspection::of(&certificate(&dir), &RustCryptoProvider).unwrap();
    let v: serde_json::Value = serde_json::from_str(&i.to_json()).unwrap();
    let c = &v["certificates"][0];
    for field in [
        "subject",
        "issuer",
        "serial",
        "version",
        "not_before",
        "not_after",
        "self_issued",
        "public_key",
        "key_type",
        "signature_algorithm",
        "sha256_fingerprint",
        "identity",
        "extensions",
    ] {
        assert!(!c[field].is_null(), "{field} missing in {c}");
    }
    assert_eq!(c["identity"]["vn_ids"][0]["kind"], "CCCD");
    let bc = c["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "basicConstraints")
        .unwrap();
    assert_eq!(bc["oid"], "2.5.29.19");
    assert_eq!(bc["critical"], true);
    assert_eq!(bc["value"], "CA=true, pathLen=1");
    assert_eq!(bc["decoded"]["type"], "basic_constraints");
    assert_eq!(bc["decoded"]["path_len"], 1);
}

#[test]
fn text_is_in_vietnamese_and_english() {
    let dir = TempDir::new("inspect-text");
    let i = Inspection::of(&certificate(&dir), &RustCryptoProvider).unwrap();
    let vi = i.to_text(Lang::Vi);
    for needle in [
        "Chứng thư số 1/1",
        "CCCD (căn cước công dân): 001185012345",
        "Chức danh:",
        "Chánh Văn phòng",
        "Tổ chức cấp:",
        "(tự cấp — chứng thư gốc)",
        "Phần mở rộng:",
        "basicConstraints (bắt buộc): CA=true, pathLen=1",
        "1.2.3.4.5 (bắt buộc): 0500",
    ] {
        assert!(vi.contains(needle), "missing {needle:?} in:\n{vi}");
    }
    let en = i.to_text(Lang::En);
    for needle in [
        "Certificate 1/1",
        "CCCD (citizen ID): 001185012345",
        "Issuer:",
        "(self-issued — a root)",
        "Extensions:",
        "nameConstraints (critical): permitted: DNS:.kyso.test",
    ] {
        assert!(en.contains(needle), "missing {needle:?} in:\n{en}");
    }
    assert!(!en.contains("Chứng thư"), "{en}");
}

#[test]
fn cms_structure_and_its_certificates() {
    let dir = TempDir::new("inspect-cms");
    certificate(&dir);
    dir.write("doc.txt", "Công văn số 123/UBND-VP");
    openssl_ok(
        dir.dir(),
        &[
            "cms", "-sign", "-in", "doc.txt", "-signer", "c.pem", "-inkey", "c.key", "-md",
            "sha256", "-outform", "DER", "-out", "s.p7s", "-binary",
        ],
    );
    let i = Inspection::of(&dir.read("s.p7s"), &RustCryptoProvider).unwrap();
    let Inspection::Cms {
        cms, certificates, ..
    } = &i
    else {
        panic!("not CMS: {i:?}")
    };
    assert!(!cms.attached);
    assert_eq!(certificates.len(), 1);
    assert_eq!(cms.signers.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&i.to_json()).unwrap();
    assert_eq!(v["cms"]["attached"], false);
    assert_eq!(
        v["cms"]["signers"][0]["digest_algorithm"]["oid"],
        "2.16.840.1.101.3.4.2.1"
    );
    assert_eq!(v["certificates"].as_array().unwrap().len(), 1);
    let en = i.to_text(Lang::En);
    for needle in [
        "CMS SignedData (v1, DER)",
        "no (detached signature)",
        "Signed attributes:",
        "messageDigest: ",
        "contentType: 1.2.840.113549.1.7.1 (data)",
        "Certificate 1/1",
    ] {
        assert!(en.contains(needle), "missing {needle:?} in:\n{en}");
    }
    let vi = i.to_text(Lang::Vi);
    for needle in [
        "không (chữ ký tách rời)",
        "Thuộc tính được ký:",
        "Người ký 1 (v1):",
        "Chứng thư số 1/1",
    ] {
        assert!(vi.contains(needle), "missing {needle:?} in:\n{vi}");
    }
}

#[test]
fn garbage_says_what_each_format_said() {
    let e = Inspection::of(b"\x04\x03abc not ASN.1", &RustCryptoProvider).unwrap_err();
    assert!(
        e.certificate
            .render(Lang::En)
            .contains("The certificate is not well-formed"),
        "{}",
        e.certificate.render(Lang::En)
    );
    assert!(
        e.cms
            .render(Lang::Vi)
            .contains("Dữ liệu ký số không đúng định dạng"),
        "{}",
        e.cms.render(Lang::Vi)
    );
}

#[test]
fn crls_carried_in_signed_data_are_summarised() {
    let dir = TempDir::new("inspect-crl");
    certificate(&dir);
    dir.write(
        "ca.cnf",
        "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\n\
         default_md = sha256\ndefault_crl_days = 30\n",
    );
    dir.write("index.txt", "");
    dir.write("crlnumber", "2A\n");
    openssl_ok(
        dir.dir(),
        &[
            "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "c.key", "-cert", "c.pem", "-out",
            "crl.pem",
        ],
    );
    openssl_ok(
        dir.dir(),
        &[
            "crl2pkcs7",
            "-in",
            "crl.pem",
            "-certfile",
            "c.pem",
            "-outform",
            "DER",
            "-out",
            "bundle.p7b",
        ],
    );
    let i = Inspection::of(&dir.read("bundle.p7b"), &RustCryptoProvider).unwrap();
    let v: serde_json::Value = serde_json::from_str(&i.to_json()).unwrap();
    assert_eq!(v["cms"]["crl_count"], 1);
    let crl = &v["crls"][0];
    assert_eq!(crl["number"], "2A");
    assert_eq!(crl["revoked"], 0);
    assert!(
        crl["issuer"]
            .as_str()
            .unwrap()
            .contains("Nguyễn Thị Thu Hương")
    );
    assert!(crl["next_update"].as_str().unwrap().ends_with("+07:00"));
    let en = i.to_text(Lang::En);
    assert!(
        en.contains("CRL 1/1:") && en.contains("CRL number:") && en.contains("Next update:"),
        "{en}"
    );
    let vi = i.to_text(Lang::Vi);
    assert!(
        vi.contains("Số CRL:") && vi.contains("Số chứng thư bị thu hồi:"),
        "{vi}"
    );
}
