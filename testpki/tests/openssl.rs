//! The test PKI is only useful if other implementations accept it: OpenSSL (the peer at
//! /usr/bin/openssl) must parse every certificate, key and CRL it makes and verify the chains.
//! A missing openssl binary fails these tests; it is never a skip.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kyso_testpki::*;

fn now() -> kyso::DateTime {
    kyso::time::parse_rfc3339("2025-03-14T09:05:07+07:00").unwrap()
}

fn attime() -> String {
    // Check one day after the PKI was made: everything must be valid then.
    (kyso::time::unix_seconds(&now()) + 86_400).to_string()
}

struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("kyso-testpki-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, data).unwrap();
        p
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl CLI must be installed");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{stdout}\n{stderr}"
    );
    stdout + &stderr
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn check_pki(pki: &VnPki, tag: &str, rng: &mut dyn rand_core::CryptoRng) {
    let dir = TempDir::new(tag);
    let root = dir.write("root.pem", pki.root.cert_pem());
    let sub = dir.write("sub.pem", pki.sub_ca.cert_pem());
    let at = attime();
    for (name, issued, purpose) in [
        ("person", &pki.person, Some("smimesign")),
        ("agency", &pki.agency, Some("smimesign")),
        ("tsa", &pki.tsa, Some("timestampsign")),
        ("ocsp", &pki.ocsp, None),
    ] {
        let leaf = dir.write(&format!("{name}.pem"), issued.cert_pem());
        let key = dir.write(&format!("{name}.key"), issued.key_pem().unwrap());
        let text = openssl(&[
            "x509",
            "-in",
            s(&leaf),
            "-noout",
            "-text",
            "-nameopt",
            "utf8,sep_comma_plus",
        ]);
        assert!(text.contains("Certificate:"), "{text}");
        let mut args = vec![
            "verify",
            "-CAfile",
            s(&root),
            "-untrusted",
            s(&sub),
            "-attime",
            &at,
        ];
        if let Some(p) = purpose {
            args.extend(["-purpose", p]);
        }
        args.push(s(&leaf));
        let v = openssl(&args);
        assert!(v.contains(": OK"), "{name}: {v}");
        // The private key parses and matches the certificate's public key.
        let k = openssl(&["pkey", "-in", s(&key), "-pubout"]);
        let c = openssl(&["x509", "-in", s(&leaf), "-noout", "-pubkey"]);
        assert_eq!(k.trim(), c.trim(), "{name}: key does not match certificate");
    }
    // Person: Vietnamese name, identity, title, e-mail in SAN, EKUs.
    let person = openssl(&[
        "x509",
        "-in",
        s(&dir.0.join("person.pem")),
        "-noout",
        "-text",
        "-nameopt",
        "utf8,sep_comma_plus",
    ]);
    for needle in [
        "Nguyễn Thị Thu Hương",
        "UID=CCCD:001185012345",
        "title=Chánh Văn phòng",
        "O=Bộ Khoa học và Công nghệ",
        "email:huong.ntt@most.kyso.test",
        "E-mail Protection",
        "1.3.6.1.5.5.7.3.36",
        "Digital Signature, Non Repudiation",
        "2.16.704.1.1.1.1.1",
        "http://ca.kyso.test/crl/subca.crl",
        "OCSP - URI:http://ocsp.kyso.test/",
    ] {
        assert!(
            person.contains(needle),
            "person certificate lacks {needle:?}:\n{person}"
        );
    }
    let agency = openssl(&[
        "x509",
        "-in",
        s(&dir.0.join("agency.pem")),
        "-noout",
        "-subject",
        "-nameopt",
        "utf8",
    ]);
    assert!(
        agency.contains("UID=MST:0100123456") && agency.contains("Văn phòng Bộ"),
        "{agency}"
    );
    let tsa = openssl(&[
        "x509",
        "-in",
        s(&dir.0.join("tsa.pem")),
        "-noout",
        "-ext",
        "extendedKeyUsage",
    ]);
    assert!(
        tsa.contains("critical") && tsa.contains("Time Stamping"),
        "{tsa}"
    );
    let ocsp = openssl(&["x509", "-in", s(&dir.0.join("ocsp.pem")), "-noout", "-text"]);
    assert!(
        ocsp.contains("OCSP Signing") && ocsp.contains("OCSP No Check"),
        "{ocsp}"
    );
    let subtext = openssl(&["x509", "-in", s(&sub), "-noout", "-text"]);
    assert!(subtext.contains("CA:TRUE, pathlen:0"), "{subtext}");

    // CRL: revoked person (key compromise) and agency (superseded); OpenSSL checks its signature.
    let t = shift(now(), 3600).unwrap();
    let crl = pki
        .sub_ca_crl(
            vec![
                Revoked::new(&pki.person.certificate, t, Some(CrlReason::KeyCompromise)),
                Revoked::new(&pki.agency.certificate, t, Some(CrlReason::Superseded)),
            ],
            t,
            rng,
        )
        .unwrap();
    let crl_path = dir.write("sub.crl", &crl);
    let ct = openssl(&[
        "crl",
        "-inform",
        "DER",
        "-in",
        s(&crl_path),
        "-noout",
        "-text",
        "-CAfile",
        s(&sub),
    ]);
    assert!(ct.contains("verify OK"), "{ct}");
    assert!(ct.contains(&pki.person.certificate.serial_hex()), "{ct}");
    assert!(
        ct.contains("Key Compromise") && ct.contains("Superseded"),
        "{ct}"
    );
    // With the CRL, OpenSSL now rejects the person's certificate as revoked.
    let crl_pem = dir.write("sub.crl.pem", pem("X509 CRL", &crl));
    let root_crl = dir.write(
        "root.crl.pem",
        pem("X509 CRL", &pki.root_crl(t, rng).unwrap()),
    );
    let at_later = (kyso::time::unix_seconds(&t) + 60).to_string();
    let out = Command::new("openssl")
        .args([
            "verify",
            "-crl_check_all",
            "-CAfile",
            s(&root),
            "-untrusted",
            s(&sub),
            "-CRLfile",
            s(&crl_pem),
        ])
        .args([
            "-CRLfile",
            s(&root_crl),
            "-attime",
            &at_later,
            s(&dir.0.join("person.pem")),
        ])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && text.contains("revoked"), "{text}");
    // …and still accepts the TSA, which the CRL does not list.
    let ok = openssl(&[
        "verify",
        "-crl_check_all",
        "-CAfile",
        s(&root),
        "-untrusted",
        s(&sub),
        "-CRLfile",
        s(&crl_pem),
        "-CRLfile",
        s(&root_crl),
        "-attime",
        &at_later,
        s(&dir.0.join("tsa.pem")),
    ]);
    assert!(ok.contains(": OK"), "{ok}");
}

#[test]
fn rsa2048_pki_is_accepted_by_openssl() {
    let mut rng = DeterministicRng::from_seed(2048);
    let pki = VnPki::generate(&VnPkiOptions::fast(now()), &mut rng).unwrap();
    check_pki(&pki, "rsa2048", &mut rng);
}

#[test]
fn realistic_rsa4096_cas_are_accepted_by_openssl() {
    let mut rng = DeterministicRng::from_seed(4096);
    let mut opts = VnPkiOptions::realistic(now());
    opts.leaf_key = KeyAlg::Rsa3072;
    let pki = VnPki::generate(&opts, &mut rng).unwrap();
    check_pki(&pki, "rsa4096", &mut rng);
}

#[test]
fn ec_and_ed25519_pkis_are_accepted_by_openssl() {
    for alg in [KeyAlg::P256, KeyAlg::P384, KeyAlg::Ed25519] {
        let mut rng = DeterministicRng::from_seed(7);
        let pki = VnPki::generate(&VnPkiOptions::all(now(), alg), &mut rng).unwrap();
        check_pki(&pki, alg.name(), &mut rng);
    }
}

#[test]
fn pss_signed_pki_is_accepted_by_openssl() {
    let mut rng = DeterministicRng::from_seed(3);
    let mut opts = VnPkiOptions::fast(now());
    opts.ca_pss = true;
    let pki = VnPki::generate(&opts, &mut rng).unwrap();
    let text = openssl_text(&pki.person);
    assert!(text.contains("rsassaPss"), "{text}");
    check_pki(&pki, "pss", &mut rng);
}

fn openssl_text(issued: &Issued) -> String {
    let dir = TempDir::new(&format!("text-{}", issued.certificate.serial_hex()));
    let p = dir.write("c.pem", issued.cert_pem());
    openssl(&["x509", "-in", s(&p), "-noout", "-text"])
}

#[test]
fn legacy_sha1_pki_is_made_and_openssl_reads_it() {
    let mut rng = DeterministicRng::from_seed(1);
    let mut opts = VnPkiOptions::fast(now());
    opts.legacy_sha1 = true;
    let pki = VnPki::generate(&opts, &mut rng).unwrap();
    let text = openssl_text(&pki.person);
    assert!(text.contains("sha1WithRSAEncryption"), "{text}");
    // OpenSSL 3 refuses SHA-1 certificate signatures at its default security level (1); at
    // level 0 it checks them, which proves the SHA-1 signatures are correct.
    let dir = TempDir::new("sha1");
    let root = dir.write("root.pem", pki.root.cert_pem());
    let sub = dir.write("sub.pem", pki.sub_ca.cert_pem());
    let leaf = dir.write("leaf.pem", pki.person.cert_pem());
    let at = attime();
    let v = openssl(&[
        "verify",
        "-auth_level",
        "0",
        "-CAfile",
        s(&root),
        "-untrusted",
        s(&sub),
        "-attime",
        &at,
        s(&leaf),
    ]);
    assert!(v.contains(": OK"), "{v}");
}

#[test]
fn identities_round_trip_through_kyso() {
    let mut rng = DeterministicRng::from_seed(5);
    let pki = VnPki::generate(&VnPkiOptions::all(now(), KeyAlg::Ed25519), &mut rng).unwrap();
    let person = pki.person.certificate.identity();
    assert_eq!(
        pki.person
            .certificate
            .subject()
            .first(kyso::oid::CN)
            .as_deref(),
        Some(names::PERSON_CN)
    );
    assert!(
        person
            .vn_ids
            .iter()
            .any(|i| i.kind() == "CCCD" && i.value() == names::PERSON_CCCD),
        "{person:?}"
    );
    let agency = pki.agency.certificate.identity();
    assert!(
        agency
            .vn_ids
            .iter()
            .any(|i| i.kind() == "MST" && i.value() == names::AGENCY_MST),
        "{agency:?}"
    );
    assert_eq!(
        pki.person.certificate.issuer_name(),
        pki.sub_ca.certificate.subject_name()
    );
    assert_eq!(
        pki.sub_ca.certificate.authority_key_identifier(),
        pki.root.certificate.subject_key_identifier()
    );
    // Same seed, same PKI: the deterministic RNG makes failures replayable.
    let mut rng2 = DeterministicRng::from_seed(5);
    let again = VnPki::generate(&VnPkiOptions::all(now(), KeyAlg::Ed25519), &mut rng2).unwrap();
    assert_eq!(again.person.certificate.der(), pki.person.certificate.der());
}
