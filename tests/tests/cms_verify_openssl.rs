//! Interop: SignedData made by the OpenSSL CLI (`openssl cms -sign`, OpenSSL 3.0) verified by
//! kyso. Keys and certificates are made by openssl in a temporary directory: a test CA
//! (RSA-2048) and leaves RSA-2048 (PKCS #1 v1.5), RSA-3072 (PSS via
//! `-keyopt rsa_padding_mode:pss`), P-256, P-384 and Ed25519, with Vietnamese names and a
//! `UID=CCCD:` identity. Attached (`-nodetach`) and detached (`-binary`), with and without
//! `-cades`, with `-noattr`, and several `-signer`s. Then the failure cases: tampered content,
//! substituted certificates (same issuer/serial with another key, or another certificate),
//! altered signed-attribute bytes. Fails if openssl is missing.
//!
//! OpenSSL 3.0's CLI cannot make CMS with Ed25519 (`CMS_add1_signer: no default digest`, and
//! with `-md sha512` `eddsa_digest_signverify_init: invalid digest`; support came in 3.2), so
//! the Ed25519 messages are assembled here from an OpenSSL-made P-256 message: its signed
//! attributes are kept byte for byte, signed again by `openssl pkeyutl -sign -rawin` with the
//! Ed25519 key (RFC 8419 §3: PureEdDSA over the DER signed attributes, digestAlgorithm
//! SHA-512), and the certificate, signatureAlgorithm and signature are swapped in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::{Body, Node, signed_data, signer_info};
use kyso::ChainValidator;
use kyso::KeyPurpose;
use kyso::{
    Certificate, DateTime, Indication, RustCryptoProvider, SubIndication, ValidationPolicy,
};
use kyso::{ChainReport, CheckStatus, Report, TimeUsed};
use kyso::{CryptoProvider, SignatureScheme};
use kyso::{DetachedContent, VerifyOptions, verify_signed_data};
use kyso_tests::{
    DeterministicRng, TempDir, keyalg, openssl_ca, openssl_genpkey, openssl_issue, openssl_ok,
};

const CONTENT: &str = "QUYẾT ĐỊNH số 123/QĐ-UBND\nVề việc phê duyệt kế hoạch năm 2026.\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Rsa2048,
    Rsa3072Pss,
    P256,
    P384,
    Ed25519,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Rsa2048 => "rsa2048",
            Key::Rsa3072Pss => "rsa3072pss",
            Key::P256 => "p256",
            Key::P384 => "p384",
            Key::Ed25519 => "ed25519",
        }
    }

    fn genpkey_args(self) -> &'static [&'static str] {
        match self {
            Key::Rsa2048 => keyalg::RSA_2048,
            Key::Rsa3072Pss => keyalg::RSA_3072,
            Key::P256 => keyalg::P256,
            Key::P384 => keyalg::P384,
            Key::Ed25519 => keyalg::ED25519,
        }
    }

    fn sign_args(self) -> Vec<&'static str> {
        match self {
            Key::Rsa3072Pss => vec!["-keyopt", "rsa_padding_mode:pss"],
            _ => vec![],
        }
    }

    fn scheme_ok(self, s: Option<SignatureScheme>) -> bool {
        matches!(
            (self, s),
            (Key::Rsa2048, Some(SignatureScheme::RsaPkcs1v15 { .. }))
                | (Key::Rsa3072Pss, Some(SignatureScheme::RsaPss { .. }))
                | (Key::P256 | Key::P384, Some(SignatureScheme::Ecdsa { .. }))
                | (Key::Ed25519, Some(SignatureScheme::Ed25519))
        )
    }
}

const ALL_KEYS: [Key; 5] = [
    Key::Rsa2048,
    Key::Rsa3072Pss,
    Key::P256,
    Key::P384,
    Key::Ed25519,
];

/// The test PKI: a CA and one leaf per key type, all made by openssl.
struct Pki {
    dir: TempDir,
    ca: Certificate,
}

const LEAF_EXT: &str = "keyUsage=critical,digitalSignature,nonRepudiation\n\
subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nextendedKeyUsage=emailProtection\n";

impl Pki {
    fn new() -> Self {
        let dir = TempDir::new("cmsverify");
        let subj = "/C=VN/O=Kyso Thử nghiệm/CN=Kyso Test CA";
        openssl_ca(dir.dir(), keyalg::RSA_2048, subj, 3650);
        std::fs::write(dir.path("leaf.ext"), LEAF_EXT).unwrap();
        std::fs::write(dir.path("content.txt"), CONTENT).unwrap();
        let ca = Certificate::load_any(&std::fs::read(dir.path("ca.pem")).unwrap())
            .unwrap()
            .remove(0);
        let pki = Pki { dir, ca };
        for (i, k) in ALL_KEYS.iter().enumerate() {
            pki.leaf(k.name(), *k, 0x1000 + i as u32);
        }
        pki
    }

    /// Make `<name>.key` / `<name>.pem`, a leaf for `key` with serial `serial`.
    fn leaf(&self, name: &str, key: Key, serial: u32) {
        let d = &self.dir.0;
        let keyfile = format!("{name}.key");
        openssl_genpkey(d, key.genpkey_args(), &keyfile);
        let subj = format!(
            "/C=VN/O=Sở Y tế Hà Nội/CN=Nguyễn Văn An {name}/UID=CCCD:001099012345/emailAddress={name}@example.vn"
        );
        let serial = format!("{serial:#x}");
        let x509_args = [
            "-set_serial",
            &serial,
            "-days",
            "365",
            "-extfile",
            "leaf.ext",
        ];
        openssl_issue(d, &keyfile, &subj, &format!("{name}.pem"), &x509_args);
    }

    fn cert(&self, name: &str) -> Certificate {
        Certificate::load_any(&std::fs::read(self.dir.path(&format!("{name}.pem"))).unwrap())
            .unwrap()
            .remove(0)
    }

    /// `openssl cms -sign` with the given signers (name, key) and flags; DER output.
    fn sign(&self, signers: &[(&str, Key)], attached: bool, flags: &[&str]) -> Vec<u8> {
        let mut args: Vec<String> = [
            "cms",
            "-sign",
            "-binary",
            "-in",
            "content.txt",
            "-outform",
            "DER",
            "-out",
            "out.der",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if attached {
            args.push("-nodetach".into());
        }
        for (name, key) in signers {
            args.extend([
                "-signer".into(),
                format!("{name}.pem"),
                "-inkey".into(),
                format!("{name}.key"),
            ]);
            args.extend(key.sign_args().iter().map(|s| s.to_string()));
        }
        args.extend(flags.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        openssl_ok(&self.dir.0, &refs);
        std::fs::read(self.dir.path("out.der")).unwrap()
    }

    /// Ed25519 SignedData, assembled as the module comment explains.
    fn sign_ed25519(&self, attached: bool, with_attrs: bool) -> Vec<u8> {
        // A P-256 helper leaf with the Ed25519 leaf's serial, so the sid (issuer + serial)
        // already names the Ed25519 certificate.
        let serial = 0x1000 + ALL_KEYS.iter().position(|k| *k == Key::Ed25519).unwrap() as u32;
        if !self.dir.path("edhelper.pem").exists() {
            self.leaf("edhelper", Key::P256, serial);
        }
        let mut flags = vec!["-md", "sha512"];
        if !with_attrs {
            flags.push("-noattr");
        }
        let der = self.sign(&[("edhelper", Key::P256)], attached, &flags);
        let mut ci = Node::parse(&der);
        let sd = signed_data(&mut ci);
        let ed_cert = std::fs::read(self.dir.path("ed25519.pem")).unwrap();
        let ed_cert = Certificate::load_any(&ed_cert).unwrap().remove(0);
        *sd.child(0xA0).expect("certificates") = Node {
            tag: 0xA0,
            body: Body::Cons(vec![Node::from_der(ed_cert.der())]),
        };
        let si = signer_info(sd, 0);
        let to_sign = match si.kids().iter().find(|k| k.tag == 0xA0) {
            Some(attrs) => {
                let mut set = attrs.clone();
                set.tag = 0x31;
                set.encode()
            }
            None => CONTENT.as_bytes().to_vec(),
        };
        std::fs::write(self.dir.path("tbs.bin"), &to_sign).unwrap();
        openssl_ok(
            &self.dir.0,
            &[
                "pkeyutl",
                "-sign",
                "-rawin",
                "-inkey",
                "ed25519.key",
                "-in",
                "tbs.bin",
                "-out",
                "ed.sig",
            ],
        );
        let sig = std::fs::read(self.dir.path("ed.sig")).unwrap();
        let kids = si.kids();
        let sig_alg_pos = kids.iter().position(|k| k.tag == 0x04).unwrap() - 1;
        // id-Ed25519 (RFC 8410 §3), parameters absent.
        kids[sig_alg_pos] = Node::from_der(&[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70]);
        kids[sig_alg_pos + 1] = Node {
            tag: 0x04,
            body: Body::Prim(sig),
        };
        ci.encode()
    }

    fn signed(&self, key: Key, attached: bool, flags: &[&str]) -> Vec<u8> {
        if key == Key::Ed25519 {
            assert!(!flags.contains(&"-cades"), "not assembled for Ed25519");
            self.sign_ed25519(attached, !flags.contains(&"-noattr"))
        } else {
            self.sign(&[(key.name(), key)], attached, flags)
        }
    }
}

/// TEST-ONLY chain validator, not path validation: accepts exactly certificates issued and
/// signed by this test's CA, and fails everything else. It stands in for the `path` module so
/// that the chain seam (TimeUsed, folding of the chain indication) is exercised here.
struct AcceptTestCaLeavesOnly<'a> {
    ca: &'a Certificate,
}

impl ChainValidator for AcceptTestCaLeavesOnly<'_> {
    fn validate(
        &self,
        leaf: &Certificate,
        _pool: &[Certificate],
        purpose: KeyPurpose,
        time: &TimeUsed,
        _policy: &ValidationPolicy,
        crypto: &dyn CryptoProvider,
    ) -> ChainReport {
        assert_eq!(purpose, KeyPurpose::DocumentSigning);
        let signed_by_ca = leaf.issuer_name() == self.ca.subject_name()
            && SignatureScheme::from_algorithm_identifier(leaf.x509().signature_algorithm(), None)
                .is_ok_and(|s| {
                    crypto
                        .verify(
                            s,
                            self.ca.public_key_info(),
                            leaf.tbs_der(),
                            leaf.x509().signature().raw_bytes(),
                        )
                        .is_ok()
                });
        ChainReport::new(
            if signed_by_ca {
                Indication::TotalPassed
            } else {
                Indication::Indeterminate
            },
            (!signed_by_ca).then_some(SubIndication::NoCertificateChainFound),
            time.clone(),
        )
    }
}

fn now() -> DateTime {
    kyso_testpki::now().unwrap()
}

fn no_chain() -> ValidationPolicy {
    ValidationPolicy::vn_gov().danger_without_chain_validation()
}

fn check(r: &Report, want: (Indication, Option<SubIndication>), what: &str) {
    assert_eq!(
        (r.indication, r.sub_indication),
        want,
        "{what}\n{}",
        r.to_text(kyso::Lang::En)
    );
}

fn run(
    der: &[u8],
    attached: bool,
    policy: ValidationPolicy,
    validator: Option<&dyn ChainValidator>,
) -> Report {
    let crypto = RustCryptoProvider;
    let mut opts = VerifyOptions::new(policy, now(), &crypto);
    opts.chain_validator = validator;
    let content = (!attached).then_some(DetachedContent::Bytes(CONTENT.as_bytes()));
    verify_signed_data(der, content, &opts)
}

const PASS: (Indication, Option<SubIndication>) = (Indication::TotalPassed, None);
const SIG_CRYPTO_FAILURE: (Indication, Option<SubIndication>) = (
    Indication::TotalFailed,
    Some(SubIndication::SigCryptoFailure),
);

/// [`run`] without chain validation, and [`check`] that the result is `want`.
fn verified(
    der: &[u8],
    attached: bool,
    want: (Indication, Option<SubIndication>),
    what: &str,
) -> Report {
    let r = run(der, attached, no_chain(), None);
    check(&r, want, what);
    r
}

#[test]
fn openssl_matrix_verifies() {
    let pki = Pki::new();
    let ca = pki.ca.clone();
    let test_chain = AcceptTestCaLeavesOnly { ca: &ca };
    let mut count = 0;
    for key in ALL_KEYS {
        let variants: &[&[&str]] = if key == Key::Ed25519 {
            &[&[], &["-noattr"]]
        } else {
            &[&[], &["-cades"], &["-noattr"]]
        };
        for attached in [true, false] {
            for flags in variants {
                let what = format!("{key:?} attached={attached} flags={flags:?}");
                let der = pki.signed(key, attached, flags);
                // Chain check skipped by name: TOTAL-PASSED, chain `skipped` with a warning.
                let r = verified(&der, attached, PASS, &what);
                let s = &r.signers[0];
                assert!(
                    key.scheme_ok(s.signature_scheme),
                    "{what}: {:?}",
                    s.signature_scheme
                );
                assert!(
                    s.checks.contains(&("chain".into(), CheckStatus::Skipped)),
                    "{what}"
                );
                assert!(
                    s.findings.iter().any(|f| f.code.code() == "chain.skipped"),
                    "{what}"
                );
                let expect_ess = if flags.contains(&"-cades") {
                    CheckStatus::Passed
                } else {
                    CheckStatus::NotApplicable
                };
                if !flags.contains(&"-noattr") {
                    assert!(
                        s.checks
                            .contains(&("signing-certificate".into(), expect_ess)),
                        "{what}: {:?}",
                        s.checks
                    );
                    assert!(
                        s.checks
                            .contains(&("message-digest".into(), CheckStatus::Passed)),
                        "{what}"
                    );
                    assert!(s.claimed_signing_time.is_some(), "{what}");
                }
                assert_eq!(r.detached, !attached, "{what}");
                // With the test validator: chain checked, TOTAL-PASSED at the claimed time.
                let r = run(
                    &der,
                    attached,
                    ValidationPolicy::vn_gov(),
                    Some(&test_chain),
                );
                check(&r, PASS, &format!("{what} (test chain validator)"));
                let chain = r.signers[0].chain.as_ref().expect("chain report");
                if !flags.contains(&"-noattr") {
                    assert_eq!(
                        chain.time_used.source,
                        kyso::TimeSource::ClaimedSigningTime,
                        "{what}"
                    );
                }
                // Chain required but no validator: never a pass.
                let r = run(&der, attached, ValidationPolicy::vn_gov(), None);
                check(
                    &r,
                    (
                        Indication::Indeterminate,
                        Some(SubIndication::NoCertificateChainFound),
                    ),
                    &what,
                );
                count += 1;
            }
        }
    }
    println!(
        "openssl cms -sign matrix: {count} messages TOTAL-PASSED (chain skipped / test validator), INDETERMINATE without validator"
    );
    assert_eq!(count, 4 * 2 * 3 + 2 * 2);
}

#[test]
fn openssl_multiple_signers() {
    let pki = Pki::new();
    for attached in [true, false] {
        let der = pki.sign(
            &[
                ("rsa2048", Key::Rsa2048),
                ("p256", Key::P256),
                ("rsa3072pss", Key::Rsa3072Pss),
                ("p384", Key::P384),
            ],
            attached,
            &["-cades"],
        );
        let r = verified(&der, attached, PASS, "four signers");
        assert_eq!(r.signers.len(), 4);
        assert!(
            r.signers
                .iter()
                .all(|s| s.indication == Indication::TotalPassed)
        );
    }
}

#[test]
fn identity_and_text_report() {
    let pki = Pki::new();
    let der = pki.sign(&[("rsa2048", Key::Rsa2048)], true, &["-cades"]);
    let r = verified(&der, true, PASS, "identity");
    let id = r.signers[0].signer.as_ref().unwrap();
    assert_eq!(id.common_name.as_deref(), Some("Nguyễn Văn An rsa2048"));
    assert_eq!(
        id.vn_ids,
        vec![kyso::VnIdentity::Cccd("001099012345".into())]
    );
    let vi = r.to_text(kyso::Lang::Vi);
    for needle in [
        "HỢP LỆ",
        "Nguyễn Văn An rsa2048",
        "CCCD 001099012345",
        "Sở Y tế Hà Nội",
        "rsa2048@example.vn",
        "+07:00",
        "rsa-pkcs1v15-sha256",
    ] {
        assert!(vi.contains(needle), "missing {needle:?} in:\n{vi}");
    }
    let en = r.to_text(kyso::Lang::En);
    assert!(
        en.contains("VALID") && en.contains("Certificate chain"),
        "{en}"
    );
    let json = r.to_json();
    assert!(
        json.contains("\"indication\": \"TOTAL-PASSED\"") && json.contains("\"CCCD\""),
        "{json}"
    );
    println!("{vi}");
}

/// Content changed after signing: HASH_FAILURE with signed attributes; without them the
/// signature itself covers the content, so SIG_CRYPTO_FAILURE.
#[test]
fn tampered_content() {
    let pki = Pki::new();
    let crypto = RustCryptoProvider;
    let opts = VerifyOptions::new(no_chain(), now(), &crypto);
    let tampered = CONTENT.replace("123", "124");
    for key in [Key::Rsa2048, Key::P256, Key::Ed25519] {
        // Detached, wrong content supplied.
        let der = pki.signed(key, false, &[]);
        let r = verify_signed_data(
            &der,
            Some(DetachedContent::Bytes(tampered.as_bytes())),
            &opts,
        );
        check(
            &r,
            (Indication::TotalFailed, Some(SubIndication::HashFailure)),
            &format!("{key:?} detached"),
        );
        // Attached, content bytes changed inside the message.
        let mut der = pki.signed(key, true, &[]);
        let at = der
            .windows(3)
            .position(|w| w == b"123")
            .expect("content in message");
        der[at + 2] = b'4';
        let r = verify_signed_data(&der, None, &opts);
        check(
            &r,
            (Indication::TotalFailed, Some(SubIndication::HashFailure)),
            &format!("{key:?} attached"),
        );
        // No signed attributes.
        let der = pki.signed(key, false, &["-noattr"]);
        let r = verify_signed_data(
            &der,
            Some(DetachedContent::Bytes(tampered.as_bytes())),
            &opts,
        );
        check(&r, SIG_CRYPTO_FAILURE, &format!("{key:?} -noattr"));
    }
}

/// Replace the certificate set of an OpenSSL-made message.
fn with_certificates(der: &[u8], certs: &[&Certificate]) -> Vec<u8> {
    let mut ci = Node::parse(der);
    let sd = signed_data(&mut ci);
    *sd.child(0xA0).expect("certificates") = Node {
        tag: 0xA0,
        body: Body::Cons(certs.iter().map(|c| Node::from_der(c.der())).collect()),
    };
    ci.encode()
}

/// Two meanings of "swapped certificate":
/// 1. a certificate with the same issuer and serial but another key replaces the signer's:
///    the sid still finds it, the signature does not verify (SIG_CRYPTO_FAILURE); with
///    `-cades` the ESS signing-certificate-v2 hash already disagrees (FORMAT_FAILURE, checked
///    first, EN 319 102-1 §5.2.3);
/// 2. a different certificate (other serial): the sid finds nothing
///    (INDETERMINATE NO_SIGNING_CERTIFICATE_FOUND).
#[test]
fn swapped_certificate() {
    let pki = Pki::new();
    let rsa_serial = 0x1000;
    pki.leaf("impostor", Key::Rsa2048, rsa_serial);
    let impostor = pki.cert("impostor");
    let genuine = pki.cert("rsa2048");
    assert_eq!(impostor.serial_bytes(), genuine.serial_bytes());
    assert_eq!(impostor.issuer_name(), genuine.issuer_name());
    let other = pki.cert("p256");
    for attached in [true, false] {
        let plain = pki.sign(&[("rsa2048", Key::Rsa2048)], attached, &[]);
        let cades = pki.sign(&[("rsa2048", Key::Rsa2048)], attached, &["-cades"]);
        verified(
            &with_certificates(&plain, &[&impostor]),
            attached,
            SIG_CRYPTO_FAILURE,
            "same issuer/serial, other key",
        );
        let r = verified(
            &with_certificates(&cades, &[&impostor]),
            attached,
            (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
            "same issuer/serial, other key, -cades",
        );
        assert!(
            r.signers[0]
                .findings
                .iter()
                .any(|f| f.code.code() == "cms.signing-certificate-mismatch")
        );
        verified(
            &with_certificates(&plain, &[&other]),
            attached,
            (
                Indication::Indeterminate,
                Some(SubIndication::NoSigningCertificateFound),
            ),
            "different certificate",
        );
        // Both the impostor and the genuine certificate present: the key decides, whatever the order.
        verified(
            &with_certificates(&plain, &[&impostor, &genuine]),
            attached,
            PASS,
            "impostor listed first, genuine second",
        );
        // The genuine certificate from the caller's pool instead of the message.
        let crypto = RustCryptoProvider;
        let pool = [genuine.clone()];
        let opts = VerifyOptions::new(no_chain(), now(), &crypto).with_extra_certificates(&pool);
        let content = (!attached).then_some(DetachedContent::Bytes(CONTENT.as_bytes()));
        let r = verify_signed_data(&with_certificates(&plain, &[&other]), content, &opts);
        check(&r, PASS, "signer certificate from the caller's pool");
    }
}

/// One digit of the signing-time attribute changed: the message digest still matches, the
/// signature over the signed attributes does not.
#[test]
fn altered_signed_attribute() {
    let pki = Pki::new();
    // id-signingTime OID, SET, UTCTime(13).
    let marker: &[u8] = &[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05, 0x31, 0x0F, 0x17, 0x0D,
    ];
    for key in ALL_KEYS {
        for attached in [true, false] {
            let mut der = pki.signed(key, attached, &[]);
            let at = der
                .windows(marker.len())
                .position(|w| w == marker)
                .expect("signing-time")
                + marker.len();
            // YYMMDDHHMMSSZ: change the last seconds digit.
            der[at + 11] = if der[at + 11] == b'0' { b'1' } else { b'0' };
            let r = verified(
                &der,
                attached,
                SIG_CRYPTO_FAILURE,
                &format!("{key:?} {attached}"),
            );
            assert!(
                r.signers[0]
                    .checks
                    .contains(&("message-digest".into(), CheckStatus::Passed))
            );
        }
    }
}

fn prim(tag: u8, v: &[u8]) -> Node {
    Node {
        tag,
        body: Body::Prim(v.to_vec()),
    }
}

fn cons(tag: u8, kids: Vec<Node>) -> Node {
    Node {
        tag,
        body: Body::Cons(kids),
    }
}

const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const OID_SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
const OID_ECDSA_SHA256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
const OID_CAP: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x34];
const OID_CONTENT_TYPE: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03];
const OID_MESSAGE_DIGEST: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04];
const OID_SIGNING_TIME: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05];
const OID_SIGNED_DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

fn attr_oid(a: &Node) -> Vec<u8> {
    match &a.body {
        Body::Cons(k) => match &k[0].body {
            Body::Prim(v) => v.clone(),
            Body::Cons(_) => panic!(),
        },
        Body::Prim(_) => panic!(),
    }
}

/// CMSAlgorithmProtection (RFC 6211 §2) with the given digest and ecdsa-with-SHA256.
fn cap(digest_oid: &[u8]) -> Node {
    cons(
        0x30,
        vec![
            prim(0x06, OID_CAP),
            cons(
                0x31,
                vec![cons(
                    0x30,
                    vec![
                        cons(0x30, vec![prim(0x06, digest_oid)]),
                        cons(0xA1, vec![prim(0x06, OID_ECDSA_SHA256)]),
                    ],
                )],
            ),
        ],
    )
}

/// Sign an OpenSSL-made P-256 message again after editing its signed attributes, with
/// `openssl dgst -sha256 -sign` over the edited SET (what RFC 5652 §5.4 says is signed).
fn resigned(pki: &Pki, attached: bool, edit: impl FnOnce(&mut Vec<Node>)) -> Vec<u8> {
    let der = pki.sign(&[("p256", Key::P256)], attached, &[]);
    let mut ci = Node::parse(&der);
    let si = signer_info(signed_data(&mut ci), 0);
    let attrs = si.child(0xA0).expect("signed attributes");
    edit(attrs.kids());
    let mut set = attrs.clone();
    set.tag = 0x31;
    std::fs::write(pki.dir.path("tbs.bin"), set.encode()).unwrap();
    openssl_ok(
        &pki.dir.0,
        &[
            "dgst", "-sha256", "-sign", "p256.key", "-out", "re.sig", "tbs.bin",
        ],
    );
    let sig = std::fs::read(pki.dir.path("re.sig")).unwrap();
    *si.child(0x04).expect("signature") = prim(0x04, &sig);
    ci.encode()
}

/// Signed-attribute rules, each on a message whose signature is valid over the edited
/// attributes, so only the rule under test can fail.
/// [`resigned`] with `edit`, then [`verified`] to be `want`.
fn resigned_verified(
    pki: &Pki,
    attached: bool,
    edit: impl FnOnce(&mut Vec<Node>),
    want: (Indication, Option<SubIndication>),
    what: &str,
) -> Report {
    verified(&resigned(pki, attached, edit), attached, want, what)
}

#[test]
fn signed_attribute_rules() {
    let pki = Pki::new();
    let ff = (Indication::TotalFailed, Some(SubIndication::FormatFailure));
    let status = |r: &Report, check: &str| {
        r.signers[0]
            .checks
            .iter()
            .find(|(n, _)| n == check)
            .map(|(_, s)| *s)
    };
    for attached in [true, false] {
        // Control: re-signing without edits passes.
        resigned_verified(&pki, attached, |_| {}, PASS, "re-signed unchanged");

        // Unsorted SET OF (reversed): DER requires sorting, but what was signed is the bytes as
        // sent; kyso never re-encodes (a re-sorting decoder would break this signature).
        resigned_verified(
            &pki,
            attached,
            |a| a.reverse(),
            PASS,
            "unsorted signed attributes",
        );

        // CMSAlgorithmProtection matching the algorithms: checked and passed.
        let r = resigned_verified(
            &pki,
            attached,
            |a| a.push(cap(OID_SHA256)),
            PASS,
            "matching CMSAlgorithmProtection",
        );
        assert_eq!(
            status(&r, "algorithm-protection"),
            Some(CheckStatus::Passed)
        );

        // CMSAlgorithmProtection naming another digest: RFC 6211 §3 "MUST fail".
        let r = resigned_verified(
            &pki,
            attached,
            |a| a.push(cap(OID_SHA384)),
            SIG_CRYPTO_FAILURE,
            "CAP digest mismatch",
        );
        assert_eq!(status(&r, "signature"), Some(CheckStatus::Passed));
        assert_eq!(
            status(&r, "algorithm-protection"),
            Some(CheckStatus::Failed)
        );

        // content-type absent: RFC 5652 §11.1 MUST be present with signed attributes.
        resigned_verified(
            &pki,
            attached,
            |a| a.retain(|x| attr_oid(x) != OID_CONTENT_TYPE),
            ff,
            "content-type absent",
        );

        // content-type not equal to eContentType (RFC 5652 §5.6).
        let edit = |a: &mut Vec<Node>| {
            for x in a.iter_mut().filter(|x| attr_oid(x) == OID_CONTENT_TYPE) {
                x.kids()[1] = cons(0x31, vec![prim(0x06, OID_SIGNED_DATA)]);
            }
        };
        let r = resigned_verified(&pki, attached, edit, ff, "content-type mismatch");
        assert!(
            r.signers[0]
                .findings
                .iter()
                .any(|f| f.code.code() == "cms.content-type-mismatch")
        );

        // message-digest absent (RFC 5652 §11.2).
        resigned_verified(
            &pki,
            attached,
            |a| a.retain(|x| attr_oid(x) != OID_MESSAGE_DIGEST),
            ff,
            "message-digest absent",
        );

        // signing-time twice (RFC 5652 §5.3: MUST NOT have multiple instances).
        let edit = |a: &mut Vec<Node>| {
            let st = a
                .iter()
                .find(|x| attr_oid(x) == OID_SIGNING_TIME)
                .unwrap()
                .clone();
            a.push(st);
        };
        resigned_verified(&pki, attached, edit, ff, "signing-time twice");
    }
}

/// TEST-ONLY chain validator returning a fixed verdict, to check how the chain's indication is
/// folded into the signer's.
struct FixedChain(Indication, Option<SubIndication>);

impl ChainValidator for FixedChain {
    fn validate(
        &self,
        _leaf: &Certificate,
        _pool: &[Certificate],
        _purpose: KeyPurpose,
        time: &TimeUsed,
        _policy: &ValidationPolicy,
        _crypto: &dyn CryptoProvider,
    ) -> ChainReport {
        ChainReport::new(self.0, self.1, time.clone())
    }
}

#[test]
fn chain_indication_is_folded() {
    let pki = Pki::new();
    let der = pki.sign(&[("p256", Key::P256)], true, &["-cades"]);
    // A certificate the test CA did not issue: the test validator finds no chain.
    openssl_ok(
        &pki.dir.0,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "self.key",
            "-out",
            "self.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Self-signed",
        ],
    );
    let self_der = pki.sign(&[("self", Key::P256)], true, &[]);
    let ca = pki.ca.clone();
    let test_ca = AcceptTestCaLeavesOnly { ca: &ca };
    let r = run(&self_der, true, ValidationPolicy::vn_gov(), Some(&test_ca));
    check(
        &r,
        (
            Indication::Indeterminate,
            Some(SubIndication::NoCertificateChainFound),
        ),
        "self-signed leaf",
    );
    assert!(
        r.signers[0]
            .checks
            .contains(&("chain".into(), CheckStatus::Indeterminate))
    );
    assert!(
        r.signers[0]
            .checks
            .contains(&("signature".into(), CheckStatus::Passed))
    );

    let revoked = FixedChain(Indication::TotalFailed, Some(SubIndication::Revoked));
    let r = run(&der, true, ValidationPolicy::vn_gov(), Some(&revoked));
    check(
        &r,
        (Indication::TotalFailed, Some(SubIndication::Revoked)),
        "revoked chain",
    );
    assert!(
        r.signers[0]
            .checks
            .contains(&("chain".into(), CheckStatus::Failed))
    );

    // A crypto failure stays the reason even when the chain is also bad (checked first).
    let mut tampered = der.clone();
    let at = tampered.windows(3).position(|w| w == b"123").unwrap();
    tampered[at] = b'9';
    let r = run(&tampered, true, ValidationPolicy::vn_gov(), Some(&revoked));
    check(
        &r,
        (Indication::TotalFailed, Some(SubIndication::HashFailure)),
        "tampered and revoked",
    );

    // Validation time: a fixed instant from the policy reaches the validator.
    let fixed = DateTime::new(2025, 3, 14, 2, 5, 7).unwrap();
    let mut p = ValidationPolicy::vn_gov();
    p.validation_time = kyso::ValidationTime::At(fixed);
    let ok = FixedChain(Indication::TotalPassed, None);
    let r = run(&der, true, p, Some(&ok));
    check(&r, PASS, "fixed time");
    let t = &r.signers[0].chain.as_ref().unwrap().time_used;
    assert_eq!((t.time, t.source), (fixed, kyso::TimeSource::Fixed));
}

/// SignedData built by `kyso::SignedDataBuilder` with the OpenSSL-made keys (every scheme, ESS v2 and
/// CMSAlgorithmProtection on), then counter-signed: verify reports every signer and the
/// counter-signature TOTAL-PASSED, with the attribute checks actually run.
#[test]
fn kyso_built_messages_verify() {
    use kyso::{SignedDataBuilder, SignerOptions, add_counter_signature};
    let pki = Pki::new();
    // RSA blinding and PSS salts need *an* RNG here, not an unpredictable one.
    let mut rng = DeterministicRng::from_label(b"cmsverify");
    let key = |name: &str| {
        kyso::SoftwareKey::from_pem(
            &std::fs::read(pki.dir.path(&format!("{name}.key"))).unwrap(),
            None,
        )
        .unwrap()
    };
    let signing_time = DateTime::new(2026, 3, 14, 2, 5, 7).unwrap();
    for k in ALL_KEYS {
        let mut sk = key(k.name());
        if k == Key::Rsa3072Pss {
            let pss = SignatureScheme::RsaPss {
                digest: kyso::DigestAlgorithm::Sha256,
                salt_len: 32,
            };
            sk = sk.with_scheme(pss).unwrap();
        }
        let cert = pki.cert(k.name());
        for attached in [true, false] {
            let opts = SignerOptions::new(&sk, &cert)
                .signing_time(signing_time)
                .signing_certificate_v2(true)
                .algorithm_protection(true);
            let mut b = SignedDataBuilder::new(CONTENT.as_bytes()).add_signer(opts);
            if !attached {
                b = b.detached();
            }
            let der = b.build(&kyso::RustCryptoProvider, &mut rng).unwrap();
            let r = run(&der, attached, no_chain(), None);
            let what = format!("kyso-built {k:?} attached={attached}");
            check(&r, PASS, &what);
            let s = &r.signers[0];
            for c in [
                "signing-certificate",
                "algorithm-protection",
                "message-digest",
                "signature",
                "content-type",
            ] {
                assert!(
                    s.checks.contains(&(c.into(), CheckStatus::Passed)),
                    "{what}: {c} {:?}",
                    s.checks
                );
            }
            assert_eq!(s.claimed_signing_time, Some(signing_time));
            assert!(k.scheme_ok(s.signature_scheme), "{what}");

            // Counter-sign with P-256 (RFC 5652 §11.4).
            let csk = key("p256");
            let ccert = pki.cert("p256");
            let counter = add_counter_signature(
                &der,
                0,
                SignerOptions::new(&csk, &ccert),
                &kyso::RustCryptoProvider,
                &mut rng,
            )
            .unwrap();
            let r = verified(
                &counter,
                attached,
                PASS,
                &format!("{what} + counter-signature"),
            );
            let cs = &r.signers[0].counter_signatures;
            assert_eq!(cs.len(), 1, "{what}");
            assert_eq!(cs[0].indication, Indication::TotalPassed, "{what}");
            assert!(
                cs[0]
                    .checks
                    .contains(&("content-type".into(), CheckStatus::NotApplicable))
            );
            assert!(
                cs[0]
                    .checks
                    .contains(&("message-digest".into(), CheckStatus::Passed))
            );
        }
    }
}

/// SignedData for a key/digest pair that OpenSSL 3.0's `cms -sign` cannot make: ECDSA with
/// SHA-3 ("CMS_add1_signer: unsupported signature algorithm") and RSA-PSS with SHA-3
/// ("rsa_generate_signature_aid: internal error"). OpenSSL makes an RSA v1.5 message with
/// `-md <digest>` by a helper leaf carrying the target leaf's serial (so the sid already names
/// the target); its signed attributes are kept byte for byte and signed again by
/// `openssl dgst -<digest> -sign` with the target key (PSS options for the PSS key, salt = hash
/// length); the certificate, signatureAlgorithm and signature are swapped in. So OpenSSL
/// computes every hash and signature; kyso only writes the AlgorithmIdentifier, whose bytes the
/// core unit tests pin and `openssl cms -verify` accepts (cms_sign_openssl.rs).
fn sign_reassembled(pki: &Pki, key: Key, digest: kyso::DigestAlgorithm, attached: bool) -> Vec<u8> {
    use der::Encode;
    let serial = 0x1000 + ALL_KEYS.iter().position(|k| *k == key).unwrap() as u32;
    let helper = format!("helper-{}", key.name());
    if !pki.dir.path(&format!("{helper}.pem")).exists() {
        pki.leaf(&helper, Key::Rsa2048, serial);
    }
    let der = pki.sign(
        &[(&helper, Key::Rsa2048)],
        attached,
        &["-md", digest.name()],
    );
    let mut ci = Node::parse(&der);
    let sd = signed_data(&mut ci);
    *sd.child(0xA0).expect("certificates") = Node {
        tag: 0xA0,
        body: Body::Cons(vec![Node::from_der(pki.cert(key.name()).der())]),
    };
    let si = signer_info(sd, 0);
    let mut set = si.child(0xA0).expect("signed attributes").clone();
    set.tag = 0x31;
    std::fs::write(pki.dir.path("tbs.bin"), set.encode()).unwrap();
    let md = format!("-{}", digest.name());
    let keyfile = format!("{}.key", key.name());
    let mut args = vec!["dgst", &md, "-sign", &keyfile];
    let scheme = if key == Key::Rsa3072Pss {
        args.extend([
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:digest",
        ]);
        SignatureScheme::RsaPss {
            digest,
            salt_len: digest.output_len(),
        }
    } else {
        SignatureScheme::Ecdsa { digest }
    };
    args.extend(["-out", "re.sig", "tbs.bin"]);
    openssl_ok(&pki.dir.0, &args);
    let sig = std::fs::read(pki.dir.path("re.sig")).unwrap();
    let kids = si.kids();
    let sig_pos = kids.iter().position(|k| k.tag == 0x04).unwrap();
    kids[sig_pos - 1] = Node::from_der(&scheme.algorithm_identifier().to_der().unwrap());
    kids[sig_pos] = prim(0x04, &sig);
    ci.encode()
}

/// Issue 9 defects 2 and 10: SHA-224 (RFC 5754) and SHA-3 (Thông tư 15/2025/TT-BKHCN) made by
/// OpenSSL verify TOTAL-PASSED, and the report names the scheme in both languages. OpenSSL
/// 3.0 `cms -sign -md` makes RSA v1.5 with SHA-224 and SHA3-*, RSA-PSS and ECDSA with SHA-224;
/// ECDSA and PSS with SHA-3 are reassembled ([`sign_reassembled`]). The strict policy, which
/// keeps to Thông tư 15/2025's list, refuses SHA-224 with a sentence naming it.
#[test]
fn openssl_sha224_and_sha3_verify() {
    use kyso::DigestAlgorithm as D;
    let pki = Pki::new();
    let sha3 = [D::Sha3_224, D::Sha3_256, D::Sha3_384, D::Sha3_512];
    let mut rows: Vec<(Key, D, bool)> = Vec::new();
    for key in [Key::Rsa2048, Key::Rsa3072Pss, Key::P256, Key::P384] {
        rows.push((key, D::Sha224, false));
    }
    for d in sha3 {
        rows.push((Key::Rsa2048, d, false));
        for key in [Key::Rsa3072Pss, Key::P256, Key::P384] {
            rows.push((key, d, true));
        }
    }
    let mut count = 0;
    for (key, digest, reassembled) in rows {
        for attached in [true, false] {
            let what = format!("{key:?} {} attached={attached}", digest.name());
            let der = if reassembled {
                sign_reassembled(&pki, key, digest, attached)
            } else {
                pki.sign(
                    &[(key.name(), key)],
                    attached,
                    &["-md", digest.name(), "-cades"],
                )
            };
            let r = verified(&der, attached, PASS, &what);
            let s = &r.signers[0];
            let scheme = s.signature_scheme.expect("scheme");
            assert!(key.scheme_ok(Some(scheme)), "{what}: {scheme:?}");
            assert_eq!(scheme.digest(), digest, "{what}");
            assert!(
                s.checks
                    .contains(&("message-digest".into(), CheckStatus::Passed)),
                "{what}"
            );
            let (vi, en) = (r.to_text(kyso::Lang::Vi), r.to_text(kyso::Lang::En));
            assert!(
                vi.contains("HỢP LỆ: chữ ký số hợp lệ") && vi.contains(scheme.name()),
                "{what}\n{vi}"
            );
            assert!(
                en.contains("VALID: the signature is valid") && en.contains(scheme.name()),
                "{what}\n{en}"
            );
            count += 1;
        }
    }
    // Strict policy: SHA-224 is not on Thông tư 15/2025's list.
    let der = pki.sign(&[("rsa2048", Key::Rsa2048)], true, &["-md", "sha224"]);
    let strict = ValidationPolicy::strict().danger_without_chain_validation();
    let r = run(&der, true, strict, None);
    assert_eq!(r.indication, Indication::Indeterminate);
    let f = r.signers[0]
        .findings
        .iter()
        .find(|f| f.code.code() == "crypto.algorithm-not-allowed")
        .expect("algorithm-not-allowed");
    assert_eq!(
        f.message(kyso::Lang::Vi),
        "Thuật toán rsa-pkcs1v15-sha224 không được chính sách cho phép"
    );
    assert_eq!(
        f.message(kyso::Lang::En),
        "Algorithm rsa-pkcs1v15-sha224 is not allowed by the policy"
    );
    println!("SHA-224 / SHA-3 messages from OpenSSL verified TOTAL-PASSED: {count}");
    assert_eq!(count, (4 + 4 * 4) * 2);
}

/// Replace the digest AlgorithmIdentifier of SignerInfo 0 and of the SignedData's
/// digestAlgorithms SET (both unsigned, RFC 5652 §5.1, §5.3) with `alg_der`.
fn with_digest_algorithm(der: &[u8], alg_der: &[u8]) -> Vec<u8> {
    let mut ci = Node::parse(der);
    let sd = signed_data(&mut ci);
    sd.kids()[1] = cons(0x31, vec![Node::from_der(alg_der)]);
    let si = signer_info(sd, 0);
    assert_eq!(si.kids()[2].tag, 0x30, "digestAlgorithm");
    si.kids()[2] = Node::from_der(alg_der);
    ci.encode()
}

/// Issue 9 defect 3: a signature algorithm OID where the digest algorithm belongs (a producer
/// bug OpenSSL and Go tolerate) verifies with a warning naming the OID and the hash used; a
/// bare rsaEncryption there is INDETERMINATE with a sentence saying that field names no hash,
/// not "unsupported algorithm rsaEncryption".
#[test]
fn digest_algorithm_holding_a_signature_algorithm() {
    let pki = Pki::new();
    // sha256WithRSAEncryption, NULL (RFC 4055 §5); ecdsa-with-SHA384, absent (RFC 5758 §3.2).
    let sha256_rsa = hex("300d06092a864886f70d01010b0500");
    let ecdsa_sha384 = hex("300a06082a8648ce3d040303");
    let cases = [
        (
            Key::Rsa2048,
            "sha256",
            &sha256_rsa,
            "sha256WithRSAEncryption",
            "sha256",
        ),
        (
            Key::P384,
            "sha384",
            &ecdsa_sha384,
            "ecdsa-with-SHA384",
            "sha384",
        ),
    ];
    for (key, md, alg, name, digest) in cases {
        for attached in [true, false] {
            let what = format!("{key:?} {name} attached={attached}");
            let der = pki.sign(&[(key.name(), key)], attached, &["-md", md]);
            let der = with_digest_algorithm(&der, alg);
            let r = verified(&der, attached, PASS, &what);
            let f = r.signers[0]
                .findings
                .iter()
                .find(|f| f.code.code() == "cms.digest-algorithm-is-signature-algorithm")
                .unwrap_or_else(|| panic!("{what}: no warning\n{}", r.to_text(kyso::Lang::En)));
            assert_eq!(f.severity, kyso::Severity::Warning);
            let vi = f.message(kyso::Lang::Vi);
            let en = f.message(kyso::Lang::En);
            assert!(
                vi.starts_with(&format!(
                    "Trường digestAlgorithm chứa thuật toán chữ ký {name} ("
                )) && vi.ends_with(&format!("đã dùng hàm băm {digest} của thuật toán đó")),
                "{what}: {vi}"
            );
            assert!(
                en.starts_with(&format!(
                    "The digestAlgorithm field holds the signature algorithm {name} ("
                )) && en.ends_with(&format!("its hash {digest} was used")),
                "{what}: {en}"
            );
            assert!(r.to_text(kyso::Lang::Vi).contains(&vi), "{what}");
            assert!(r.to_text(kyso::Lang::En).contains(&en), "{what}");
            // One-pass hashing of detached content asks for the intended hash.
            assert_eq!(
                kyso::required_digests(&der).unwrap(),
                vec![kyso::DigestAlgorithm::from_name(digest).unwrap()],
                "{what}"
            );
        }
    }
    // rsaEncryption names no hash: the digest cannot be known.
    let der = pki.sign(&[("rsa2048", Key::Rsa2048)], true, &[]);
    let der = with_digest_algorithm(&der, &hex("300d06092a864886f70d0101010500"));
    let r = verified(
        &der,
        true,
        (
            Indication::Indeterminate,
            Some(SubIndication::CryptoConstraintsFailure),
        ),
        "rsaEncryption as digestAlgorithm",
    );
    let codes: Vec<&str> = r.signers[0]
        .findings
        .iter()
        .map(|f| f.code.code())
        .collect();
    assert!(
        !codes.contains(&"crypto.unsupported-algorithm"),
        "{codes:?}"
    );
    let f = r.signers[0]
        .findings
        .iter()
        .find(|f| f.code.code() == "cms.digest-algorithm-without-hash")
        .expect("digest-algorithm-without-hash");
    assert_eq!(
        f.message(kyso::Lang::Vi),
        "Trường digestAlgorithm chứa rsaEncryption (1.2.840.113549.1.1.1), một thuật toán chữ ký \
         không chỉ rõ hàm băm, nên không xác định được hàm băm đã dùng"
    );
    assert_eq!(
        f.message(kyso::Lang::En),
        "The digestAlgorithm field holds rsaEncryption (1.2.840.113549.1.1.1), a signature \
         algorithm that names no hash function, so the digest algorithm used is unknown"
    );
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
