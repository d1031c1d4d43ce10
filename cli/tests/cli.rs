//! The CLI contract: exit codes, JSON shape, languages, the demo end to end, clean failures.
//! Runs the built `kyso` binary as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};

fn kyso() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kyso"))
}

fn run(args: &[&str]) -> Output {
    kyso().args(args).output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status
        .code()
        .expect("exited with a status, not a signal (no panics/aborts)")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("kyso-cli-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, data).unwrap();
        p.to_str().unwrap().to_owned()
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn now() -> kyso::DateTime {
    // Certificates valid from one day before the real clock: the CLI validates "now".
    kyso_testpki::now().unwrap()
}

/// One PKI for all tests (RSA-2048 everywhere, made once).
fn pki() -> &'static VnPki {
    static PKI: OnceLock<VnPki> = OnceLock::new();
    PKI.get_or_init(|| {
        VnPki::generate(
            &VnPkiOptions::fast(now()),
            &mut DeterministicRng::from_seed(64),
        )
        .unwrap()
    })
}

#[test]
fn usage_errors_exit_64() {
    for args in [
        &["frobnicate"][..],
        &["verify"][..],                          // missing FILE and --trust
        &["verify", "x.p7s"][..],                 // missing --trust
        &["sign", "--in", "a", "--out", "b"][..], // missing --key
        &["verify", "x", "--trust", "t", "--lang", "fr"][..],
        &[
            "sign",
            "--key",
            "k",
            "--in",
            "a",
            "--out",
            "b",
            "--password-env",
            "A",
            "--password-file",
            "f",
        ][..],
        &[
            "sign",
            "--key",
            "k",
            "--in",
            "a",
            "--out",
            "b",
            "--attached",
            "--detached",
        ][..],
        &[
            "sign", "--key", "k", "--in", "a", "--out", "b", "--digest", "sha1",
        ][..],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 64, "{args:?}: {}", stderr(&o));
    }
    // No password on the command line: there is no such option.
    let o = run(&[
        "sign",
        "--key",
        "k",
        "--in",
        "a",
        "--out",
        "b",
        "--password",
        "secret",
    ]);
    assert_eq!(code(&o), 64);
    // Help is not an error.
    assert_eq!(code(&run(&["--help"])), 0);
    assert_eq!(code(&run(&["verify", "--help"])), 0);
}

#[test]
fn unreadable_input_exits_65_or_66_in_the_chosen_language() {
    let o = run(&["inspect", "/nonexistent/kyso-file.pem"]);
    assert_eq!(code(&o), 66);
    assert!(stderr(&o).contains("Không đọc được tệp"), "{}", stderr(&o));
    let o = run(&["--lang", "en", "inspect", "/nonexistent/kyso-file.pem"]);
    assert_eq!(code(&o), 66);
    assert!(stderr(&o).contains("Cannot read"), "{}", stderr(&o));
    let dir = TempDir::new("garbage");
    let g = dir.write("garbage.bin", b"\x30\x82\xff\xff not DER at all");
    let o = run(&["inspect", &g, "--lang", "en"]);
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("neither a certificate nor CMS"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn inspect_certificate_shows_vietnamese_identity() {
    let dir = TempDir::new("inspect-cert");
    let p = dir.write("person.pem", pki().person.cert_pem());
    let o = run(&["inspect", &p]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Nguyễn Thị Thu Hương",
        "CCCD (căn cước công dân): 001185012345",
        "Chánh Văn phòng",
        "Bộ Khoa học và Công nghệ",
        "RSA 2048 bit",
        "rsa-pkcs1v15-sha256",
        "digitalSignature, nonRepudiation",
        "emailProtection, documentSigning",
        "email:huong.ntt@most.kyso.test",
        "+07:00",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    // DER input and JSON output.
    let d = dir.write("agency.der", pki().agency.certificate.der());
    let o = run(&["inspect", &d, "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &v["certificates"][0];
    assert_eq!(c["identity"]["vn_ids"][0]["kind"], "MST");
    assert_eq!(c["identity"]["vn_ids"][0]["value"], "0100123456");
    assert_eq!(c["serial"], pki().agency.certificate.serial_hex());
    assert!(
        c["extensions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "keyUsage" && e["critical"] == true)
    );
    // A PEM bundle: every certificate is shown.
    let b = dir.write("chain.pem", pki().chain_pem());
    let o = run(&["--lang", "en", "inspect", &b]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("Certificate 2/2") && stdout(&o).contains("(self-issued — a root)")
    );
}

/// Files of the shared PKI in `dir`: root, sub-CA, person cert and key, content.
struct Signed {
    dir: TempDir,
    root: String,
    sub: String,
    person_cert: String,
    person_key: String,
    content: String,
}

fn setup(tag: &str) -> Signed {
    let dir = TempDir::new(tag);
    let p = pki();
    Signed {
        root: dir.write("root.pem", p.root.cert_pem()),
        sub: dir.write("sub.pem", p.sub_ca.cert_pem()),
        person_cert: dir.write("person.pem", p.person.cert_pem()),
        person_key: dir.write("person.key", p.person.key_pem().unwrap()),
        content: dir.write(
            "cong-van.txt",
            "Công văn số 123/VP-CNTT: thử nghiệm ký số.\n",
        ),
        dir,
    }
}

fn sign(f: &Signed, out: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "sign",
        "--key",
        &f.person_key,
        "--cert",
        &f.person_cert,
        "--chain",
        &f.sub,
        "--in",
        &f.content,
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// `kyso verify SIG --content CONTENT --trust ROOT` plus `extra`.
fn verify(f: &Signed, sig: &str, extra: &[&str]) -> Output {
    let mut args = vec!["verify", sig, "--content", &f.content, "--trust", &f.root];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn sign_then_verify_exit_codes_and_json() {
    let f = setup("roundtrip");
    let sig = f.dir.path("detached.p7s");
    let o = sign(&f, s(&sig), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Without revocation data the status is unknown: INDETERMINATE (2), never a pass.
    let o = verify(&f, s(&sig), &["--json"]);
    assert_eq!(code(&o), 2, "{}\n{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "INDETERMINATE");
    assert_eq!(v["signers"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["signers"][0]["signer"]["vn_ids"][0]["value"],
        "001185012345"
    );

    // Revocation turned off by name: TOTAL-PASSED (0), and the report says revocation was skipped.
    let o = verify(&f, s(&sig), &["--danger-no-revocation", "--json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-PASSED");
    assert!(
        stdout(&o).contains("\"chain.revocation-skipped\""),
        "{}",
        stdout(&o)
    );

    // Tampered content: TOTAL-FAILED (1), HASH_FAILURE; text in both languages.
    let bad = f
        .dir
        .write("bad.txt", "Công văn số 124/VP-CNTT: thử nghiệm ký số.\n");
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &bad,
        "--trust",
        &f.root,
        "--danger-no-revocation",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("KHÔNG HỢP LỆ") && stdout(&o).contains("HASH_FAILURE"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &bad,
        "--trust",
        &f.root,
        "--lang",
        "en",
        "--json",
    ]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-FAILED");
    assert_eq!(v["sub_indication"], "HASH_FAILURE");

    // Wrong trust anchor: the chain cannot be built, never a pass.
    let other = VnPki::generate(
        &VnPkiOptions::all(now(), kyso_testpki::KeyAlg::P256),
        &mut DeterministicRng::from_seed(9),
    )
    .unwrap();
    let other_root = f.dir.write("other-root.pem", other.root.cert_pem());
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &f.content,
        "--trust",
        &other_root,
        "--danger-no-revocation",
        "--json",
    ]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));

    // Attached, PEM output, PSS, SHA-384; `--at` and `--policy strict`.
    let att = f.dir.path("attached.pem");
    let o = sign(
        &f,
        s(&att),
        &["--attached", "--pem", "--pss", "--digest", "sha384"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&att)
            .unwrap()
            .starts_with("-----BEGIN CMS-----")
    );
    let o = run(&[
        "verify",
        s(&att),
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["signers"][0]["signature_scheme"]["scheme"], "rsa-pss");

    // SHA-3 (Thông tư 15/2025/TT-BKHCN), v1.5 and PSS: `--digest sha3-256`.
    for pss in [false, true] {
        let out = f.dir.path(&format!("sha3-{pss}.p7s"));
        let mut args = vec!["--attached", "--digest", "sha3-256"];
        if pss {
            args.push("--pss");
        }
        let o = sign(&f, s(&out), &args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let o = run(&[
            "verify",
            s(&out),
            "--trust",
            &f.root,
            "--danger-no-revocation",
            "--lang",
            "en",
        ]);
        assert_eq!(code(&o), 0, "{}", stdout(&o));
        let want = if pss {
            "rsa-pss-sha3-256"
        } else {
            "rsa-pkcs1v15-sha3-256"
        };
        assert!(stdout(&o).contains(want), "{}", stdout(&o));
    }
    let o = run(&[
        "verify",
        s(&att),
        "--trust",
        &f.root,
        "--policy",
        "strict",
        "--at",
        "2020-01-01T00:00:00+07:00",
    ]);
    assert_eq!(
        code(&o),
        2,
        "before the certificates existed: {}",
        stdout(&o)
    );
    assert_eq!(
        code(&run(&[
            "verify",
            s(&att),
            "--trust",
            &f.root,
            "--policy",
            "lax"
        ])),
        64
    );
    assert_eq!(
        code(&run(&[
            "verify",
            s(&att),
            "--trust",
            &f.root,
            "--at",
            "yesterday"
        ])),
        64
    );

    // OpenSSL accepts what kyso signed (detached, DER).
    let out = Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            s(&sig),
            "-content",
            &f.content,
        ])
        .args(["-CAfile", &f.root, "-purpose", "any", "-out", "/dev/null"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // inspect on CMS: structure and the embedded certificates.
    let o = run(&["inspect", s(&sig), "--lang", "en"]);
    assert_eq!(code(&o), 0);
    let t = stdout(&o);
    assert!(
        t.contains("no (detached signature)")
            && t.contains("messageDigest")
            && t.contains("Nguyễn Thị Thu Hương"),
        "{t}"
    );
    let o = run(&["inspect", s(&att), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cms"]["attached"], true);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 2);
}

#[test]
fn unreadable_signature_is_not_a_verdict() {
    let f = setup("unreadable");
    let junk = f
        .dir
        .write("junk.p7s", b"\x30\x03\x02\x01\x01 trailing junk");
    let o = run(&["verify", &junk, "--trust", &f.root]);
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    let o = run(&["verify", &f.content, "--trust", &f.root, "--lang", "en"]);
    assert_eq!(code(&o), 65);
    assert!(stderr(&o).contains("not readable CMS"), "{}", stderr(&o));
    let o = run(&["verify", &f.content, "--trust", &f.content]);
    assert!(code(&o) >= 64);
    let o = run(&["verify", "/nonexistent.p7s", "--trust", &f.root]);
    assert_eq!(code(&o), 66);
}

#[test]
fn files_with_a_trailing_newline_or_zero_padding_are_read() {
    // Issue 9: a DER message or certificate followed by a newline (written by a text tool) or
    // zero padding (Authenticode) verifies, and the report counts the ignored bytes; other
    // trailing data is still refused (exit 65).
    let f = setup("trailing");
    let sig = f.dir.path("sig.p7s");
    assert_eq!(code(&sign(&f, s(&sig), &[])), 0);
    let der = std::fs::read(&sig).unwrap();
    let root_der = [pki().root.certificate.der(), b"\n"].concat();
    let root = f.dir.write("root-newline.cer", root_der);
    let check = |name: &str, padding: &[u8], lang: &str| {
        let file = f.dir.write(name, [&der[..], padding].concat());
        run(&[
            "verify",
            &file,
            "--content",
            &f.content,
            "--trust",
            &root,
            "--danger-no-revocation",
            "--lang",
            lang,
        ])
    };
    let o = check("newline.p7s", b"\n", "vi");
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o)
            .contains("Đã bỏ qua 1 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của dữ liệu"),
        "{}",
        stdout(&o)
    );
    let o = check("zeros.p7s", &[0u8; 512], "en");
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(
            "512 padding byte(s) (white space or zero bytes) after the end of the data were ignored"
        ),
        "{}",
        stdout(&o)
    );
    let o = check("garbage.p7s", b"garbage", "en");
    assert_eq!(code(&o), 65, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn trust_anchor_with_a_newline_is_said_in_both_languages() {
    // Issue 9 defect 5: a DER anchor written with a newline after it is used, and the chain
    // report says the byte was ignored, naming the certificate (default Vietnamese, --lang en).
    let f = setup("anchor-newline");
    let sig = f.dir.path("sig.p7s");
    assert_eq!(code(&sign(&f, s(&sig), &[])), 0);
    let root = &pki().root.certificate;
    let anchor = f
        .dir
        .write("anchor-with-newline.der", [root.der(), b"\n"].concat());
    let subject = root.subject().to_string();
    let check = |lang: &[&str]| {
        let mut args = vec![
            "verify",
            s(&sig),
            "--content",
            &f.content,
            "--trust",
            &anchor,
            "--danger-no-revocation",
        ];
        args.extend_from_slice(lang);
        let o = run(&args);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
        stdout(&o)
    };
    let vi = check(&[]);
    assert!(
        vi.contains(&format!(
            "Đã bỏ qua 1 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của chứng thư số {subject}"
        )),
        "{vi}"
    );
    let en = check(&["--lang", "en"]);
    assert!(
        en.contains(&format!(
            "1 padding byte(s) (white space or zero bytes) after the end of the certificate {subject} were ignored"
        )),
        "{en}"
    );
    // `chain` prints a certificate's finding under it and not again in the chain's list
    // (defect 8: no finding printed twice).
    let o = run(&[
        "chain",
        &f.person_cert,
        "--untrusted",
        &f.sub,
        "--trust",
        &anchor,
        "--danger-no-revocation",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o).matches("padding byte(s)").count(),
        1,
        "{}",
        stdout(&o)
    );
    // The same anchor as PEM: nothing to say.
    let o = verify(&f, s(&sig), &["--danger-no-revocation", "--lang", "en"]);
    assert_eq!(code(&o), 0);
    assert!(!stdout(&o).contains("padding byte(s)"), "{}", stdout(&o));
}

#[test]
fn pkcs12_with_trailing_padding_signs_and_says_so() {
    // Issue 9 defect 5: a .p12 with a Windows line ending after it signs (the note on stderr,
    // in the chosen language); other trailing data is refused with a sentence (exit 65).
    let f = setup("p12-padding");
    let p12 = f.dir.path("person.p12");
    let out = Command::new("openssl")
        .args(["pkcs12", "-export", "-inkey", &f.person_key])
        .args(["-in", &f.person_cert, "-certfile", &f.sub])
        .args(["-passout", "pass:pw", "-out", s(&p12)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let der = std::fs::read(&p12).unwrap();
    let padded = f.dir.write("padded.p12", [&der[..], b"\r\n"].concat());
    let junk = f.dir.write("junk.p12", [&der[..], b"junk"].concat());
    let pw = f.dir.write("pw.txt", "pw\n");
    let sig = f.dir.path("padded.p7s");
    let sign_with = |key: &str, lang: &str| {
        run(&[
            "sign",
            "--key",
            key,
            "--password-file",
            &pw,
            "--in",
            &f.content,
            "--out",
            s(&sig),
            "--lang",
            lang,
        ])
    };
    let o = sign_with(&padded, "vi");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("Đã bỏ qua 2 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của tệp khóa"),
        "{}",
        stderr(&o)
    );
    let o = verify(&f, s(&sig), &["--danger-no-revocation"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = sign_with(&padded, "en");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "2 padding byte(s) (white space or zero bytes) after the end of the key file were ignored"
        ),
        "{}",
        stderr(&o)
    );
    let at = der.len();
    let o = sign_with(&junk, "en");
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "4 byte(s) other than white space or zero bytes follow the end of the data (at byte {at}), so the data is refused"
        )),
        "{}",
        stderr(&o)
    );
    let o = sign_with(&junk, "vi");
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "Sau phần cuối của dữ liệu (byte {at}) còn 4 byte không phải khoảng trắng hay byte 0 nên dữ liệu bị từ chối"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn pkcs12_keys_and_passwords() {
    let f = setup("p12");
    let p12 = f.dir.path("person.p12");
    let out = Command::new("openssl")
        .args([
            "pkcs12",
            "-export",
            "-inkey",
            &f.person_key,
            "-in",
            &f.person_cert,
            "-certfile",
            &f.sub,
        ])
        .args(["-passout", "pass:mật-khẩu đúng", "-out", s(&p12)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sig = f.dir.path("p12.p7s");
    let base = [
        "sign",
        "--key",
        s(&p12),
        "--in",
        &f.content,
        "--out",
        s(&sig),
    ];

    // No password given: a clear request for one.
    let o = run(&base);
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    assert!(stderr(&o).contains("--password-env"), "{}", stderr(&o));
    // Wrong password: ≥ 64 and a clear message, in either language.
    let o = kyso()
        .args(base)
        .args(["--password-env", "KYSO_TEST_PW"])
        .env("KYSO_TEST_PW", "sai")
        .output()
        .unwrap();
    assert_eq!(code(&o), 65);
    assert!(stderr(&o).contains("Sai mật khẩu"), "{}", stderr(&o));
    let pwfile = f.dir.write("pw.txt", "sai\n");
    let o = run(&[&base[..], &["--password-file", &pwfile, "--lang", "en"]].concat());
    assert_eq!(code(&o), 65);
    assert!(stderr(&o).contains("Wrong password"), "{}", stderr(&o));
    // Unset variable.
    let o = kyso()
        .args(base)
        .args(["--password-env", "KYSO_TEST_UNSET_VAR"])
        .env_remove("KYSO_TEST_UNSET_VAR")
        .output()
        .unwrap();
    assert_eq!(code(&o), 64);
    // Right password (file, with a Windows line ending): signs, and the chain from the .p12 is included.
    let pwfile = f.dir.write("pw-ok.txt", "mật-khẩu đúng\r\n");
    let o = run(&[&base[..], &["--password-file", &pwfile]].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = verify(&f, s(&sig), &["--danger-no-revocation"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // A PEM key without a certificate needs --cert.
    let o = run(&[
        "sign",
        "--key",
        &f.person_key,
        "--in",
        &f.content,
        "--out",
        s(&sig),
    ]);
    assert_eq!(code(&o), 64, "{}", stderr(&o));
    // A certificate that is not the key's.
    let agency = f.dir.write("agency.pem", pki().agency.cert_pem());
    let o = run(&[
        "sign",
        "--key",
        &f.person_key,
        "--cert",
        &agency,
        "--in",
        &f.content,
        "--out",
        s(&sig),
    ]);
    assert_eq!(code(&o), 65, "{}", stderr(&o));
}

#[test]
fn demo_runs_end_to_end() {
    let dir = TempDir::new("demo");
    let out = dir.path("out");
    let o = run(&["demo", "--out", s(&out), "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    let t = stdout(&o);
    assert!(
        t.contains("Nguyễn Thị Thu Hương") && t.contains("MST"),
        "{t}"
    );
    assert!(
        t.contains("TOTAL-FAILED / HASH_FAILURE"),
        "the tampered copy must fail:\n{t}"
    );
    assert!(
        t.contains("VALID: the signature is valid [TOTAL-PASSED]"),
        "the original passes (with the CAs' CRLs):\n{t}"
    );
    for name in [
        "root-ca.pem",
        "sub-ca.pem",
        "person.pem",
        "person.key",
        "agency.pem",
        "cong-van.txt",
        "cong-van.txt.p7s",
        "cong-van-da-sua.txt",
        "report.json",
        "cong-van.pdf",
        "cong-van-da-ky.pdf",
        "cong-van-da-sua.pdf",
        "report-pdf.json",
        "cong-van-da-ky.png",
    ] {
        assert!(out.join(name).exists(), "{name} missing");
    }
    // The PDF steps: certified then issued passes; the changed page is an incremental saving
    // attack.
    let pdf: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report-pdf.json")).unwrap()).unwrap();
    assert_eq!(pdf["indication"], "TOTAL-PASSED", "{pdf:#}");
    assert_eq!(pdf["signatures"][0]["docmdp"], 2);
    let bad = std::fs::read_to_string(out.join("report-pdf-da-sua.json")).unwrap();
    assert!(bad.contains("\"pdf.mod.page-content-changed\""), "{bad}");
    assert!(t.contains("incremental saving attack"), "{t}");
    // Page 1 rendered by pdftoppm (installed here and in CI by scripts/pdf-peers.sh) shows the
    // Decree 30 signatures: the person's blue handwriting (Annex I §II.7.d) and the agency's
    // red seal (§II.8.a).
    let rendered = out.join("cong-van-da-ky.png");
    assert!(t.contains(s(&rendered)), "{t}");
    let bytes = std::fs::read(&rendered).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    let (mut blue, mut red) = (0, 0);
    for p in buf.chunks_exact(3) {
        let (r, g, b) = (p[0], p[1], p[2]);
        if b > 150 && r < 100 && g < 120 {
            blue += 1;
        }
        if r > 180 && g < 90 && b < 90 {
            red += 1;
        }
    }
    assert!(blue > 300, "{blue} blue pixels in {}", rendered.display());
    assert!(red > 300, "{red} red pixels in {}", rendered.display());
    // The files let a user repeat every step with the CLI.
    let sig = out.join("cong-van.txt.p7s");
    let root = out.join("root-ca.pem");
    let (sub_crl, root_crl) = (out.join("sub-ca.crl"), out.join("root-ca.crl"));
    let crls = ["--crl", s(&sub_crl), "--crl", s(&root_crl)];
    let o = run(&[
        &[
            "verify",
            s(&sig),
            "--content",
            s(&out.join("cong-van.txt")),
            "--trust",
            s(&root),
            "--json",
        ][..],
        &crls,
    ]
    .concat());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["signers"].as_array().unwrap().len(),
        2,
        "person and agency"
    );
    assert_eq!(v["indication"], "TOTAL-PASSED");
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        s(&out.join("cong-van-da-sua.txt")),
        "--trust",
        s(&root),
    ]);
    assert_eq!(code(&o), 1);
    // Vietnamese is the default language.
    let o = run(&["demo", "--out", s(&dir.path("vi"))]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("KHÔNG HỢP LỆ"), "{}", stdout(&o));
}

#[test]
fn revocation_from_crl_files_and_the_chain_command() {
    use kyso_testpki::{CrlReason, Revoked, shift};
    let f = setup("crl");
    let p = pki();
    let mut rng = DeterministicRng::from_seed(77);
    let sig = f.dir.path("sig.p7s");
    assert_eq!(code(&sign(&f, s(&sig), &[])), 0);
    let t = shift(now(), -1800).unwrap();
    let root_crl = f.dir.write("root.crl", p.root_crl(t, &mut rng).unwrap());
    let clean = f.dir.write(
        "clean.crl",
        kyso_testpki::pem("X509 CRL", &p.sub_ca_crl(Vec::new(), t, &mut rng).unwrap()),
    );
    let revoked = f.dir.write(
        "revoked.crl",
        p.sub_ca_crl(
            vec![Revoked::new(
                &p.person.certificate,
                shift(t, 60).unwrap(),
                Some(CrlReason::KeyCompromise),
            )],
            shift(t, 120).unwrap(),
            &mut rng,
        )
        .unwrap(),
    );
    let verify = |crl: &str, extra: &[&str]| {
        let mut a = vec![
            "verify",
            s(&sig),
            "--content",
            &f.content,
            "--trust",
            &f.root,
            "--crl",
            &root_crl,
            "--crl",
            crl,
            "--json",
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    // Not on the CRLs: TOTAL-PASSED.
    let o = verify(&clean, &[]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // Revoked (key compromise) before the signing time: never a pass, and the report says why.
    let o = verify(&revoked, &[]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["sub_indication"].as_str().unwrap().starts_with("REVOKED"),
        "{}",
        stdout(&o)
    );
    // A file that is not a CRL is refused, not silently ignored.
    let o = verify(&f.content, &[]);
    assert_eq!(code(&o), 65, "{}", stderr(&o));

    // `kyso chain`: the person's certificate, with and without revocation data.
    let chain = |extra: &[&str]| {
        let mut a = vec![
            "chain",
            &f.person_cert,
            "--untrusted",
            &f.sub,
            "--trust",
            &f.root,
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    // The text is core's (`ChainReport::to_text`, one catalogue), in both languages.
    let o = chain(&["--crl", &root_crl, "--crl", &clean]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let vi = stdout(&o);
    assert!(
        vi.starts_with("Chuỗi chứng thư số: HỢP LỆ [TOTAL-PASSED]\nThời điểm kiểm tra: "),
        "{vi}"
    );
    assert!(vi.contains("(chứng thư gốc tin cậy): đạt"), "{vi}");
    assert!(
        vi.contains("Tình trạng thu hồi: chưa bị thu hồi (crl/caller"),
        "{vi}"
    );
    let o = chain(&["--crl", &root_crl, "--crl", &clean, "--lang", "en"]);
    let en = stdout(&o);
    assert!(
        en.starts_with("Certificate chain: VALID [TOTAL-PASSED]\nValidated at: "),
        "{en}"
    );
    assert!(en.contains("(trust anchor): passed"), "{en}");
    assert!(en.contains("Revocation: not revoked (crl/caller"), "{en}");
    let o = chain(&["--crl", &root_crl, "--crl", &revoked, "--lang", "en"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("Revocation: REVOKED"), "{}", stdout(&o));
    let o = chain(&["--crl", &root_crl, "--crl", &revoked]);
    assert!(
        stdout(&o).contains("Tình trạng thu hồi: ĐÃ BỊ THU HỒI"),
        "{}",
        stdout(&o)
    );
    // `email` (the CLI's name) and `email-protection` (the npm package's) are one purpose.
    for purpose in ["email", "email-protection"] {
        let o = chain(&[
            "--crl",
            &root_crl,
            "--crl",
            &clean,
            "--purpose",
            purpose,
            "--json",
        ]);
        assert_ne!(code(&o), 64, "{purpose}: {}", stderr(&o));
    }
    let o = chain(&["--purpose", "mail"]);
    assert_eq!(code(&o), 64, "{}", stderr(&o));
    let o = chain(&[]);
    assert_eq!(code(&o), 2, "no revocation data: {}", stdout(&o));
    let o = chain(&["--json", "--danger-no-revocation"]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-PASSED");
    assert_eq!(v["certificates"].as_array().unwrap().len(), 3);
    // The TSA certificate is not good for document signing; it is for time-stamping.
    let tsa = f.dir.write("tsa.pem", p.tsa.cert_pem());
    let o = run(&[
        "chain",
        &tsa,
        "--untrusted",
        &f.sub,
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--purpose",
        "time-stamping",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&[
        "chain",
        &tsa,
        "--untrusted",
        &f.sub,
        "--trust",
        &f.root,
        "--danger-no-revocation",
    ]);
    assert_ne!(code(&o), 0, "{}", stdout(&o));
}

/// `--online`: CRLs fetched over HTTP from the distribution points in the certificates, served
/// here by a small server on 127.0.0.1 that stops by itself.
#[test]
fn online_revocation_fetches_crls_over_http() {
    use kyso_testpki::{CertSpec, CrlSpec, Dn, Issued, KeyAlg, Profile, shift};
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let t = now();
    let (nb, na) = (shift(t, -3600).unwrap(), shift(t, 86_400 * 30).unwrap());
    let mut rng = DeterministicRng::from_seed(11);
    let root = Issued::self_signed(
        &CertSpec::new(
            Dn::new().c("VN").cn("Root trực tuyến"),
            Profile::Root,
            KeyAlg::P256,
            nb,
            na,
        ),
        &mut rng,
    )
    .unwrap();
    let mut sub_spec = CertSpec::new(
        Dn::new().c("VN").cn("CA trực tuyến"),
        Profile::SubCa { path_len: Some(0) },
        KeyAlg::P256,
        nb,
        na,
    );
    sub_spec.crl_url = Some(format!("{base}/root.crl"));
    let sub = root.issue(&sub_spec, &mut rng).unwrap();
    let mut leaf_spec = CertSpec::new(
        Dn::new()
            .c("VN")
            .cn("Trần Văn Bình")
            .uid("CCCD:079090001234"),
        Profile::Person,
        KeyAlg::P256,
        nb,
        na,
    );
    leaf_spec.crl_url = Some(format!("{base}/sub.crl"));
    let leaf = sub.issue(&leaf_spec, &mut rng).unwrap();
    let crl = |ca: &Issued, rng: &mut DeterministicRng| {
        ca.crl(
            &CrlSpec {
                this_update: shift(t, -600).unwrap(),
                next_update: Some(shift(t, 86_400).unwrap()),
                number: 1,
                revoked: Vec::new(),
            },
            rng,
        )
        .unwrap()
    };
    let (root_crl, sub_crl) = (crl(&root, &mut rng), crl(&sub, &mut rng));
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            let Ok((mut conn, _)) = listener.accept() else {
                std::thread::sleep(std::time::Duration::from_millis(10));
                continue;
            };
            conn.set_nonblocking(false).unwrap();
            let mut buf = [0u8; 2048];
            let n = conn.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let body: &[u8] = if req.starts_with("GET /root.crl ") {
                &root_crl
            } else if req.starts_with("GET /sub.crl ") {
                &sub_crl
            } else {
                let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                continue;
            };
            let _ = conn.write_all(format!("HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
            let _ = conn.write_all(body);
        }
    });
    let dir = TempDir::new("online");
    let root_pem = dir.write("root.pem", root.cert_pem());
    let leaf_pem = dir.write("leaf.pem", format!("{}{}", leaf.cert_pem(), sub.cert_pem()));
    let key = dir.write("leaf.key", leaf.key_pem().unwrap());
    let content = dir.write("doc.txt", "Quyết định số 45/QĐ-UBND\n");
    let sig = dir.path("doc.p7s");
    let o = run(&[
        "sign",
        "--key",
        &key,
        "--cert",
        &leaf_pem,
        "--in",
        &content,
        "--out",
        s(&sig),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &content,
        "--trust",
        &root_pem,
    ]);
    assert_eq!(code(&o), 2, "offline: status unknown, {}", stdout(&o));
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &content,
        "--trust",
        &root_pem,
        "--online",
        "--json",
    ]);
    assert_eq!(code(&o), 0, "online: {}", stdout(&o));
    assert!(
        stdout(&o).contains("fetched"),
        "the report names the fetched source: {}",
        stdout(&o)
    );
    let o = run(&["chain", &leaf_pem, "--trust", &root_pem, "--online"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

/// Issue 9 defect 6: whatever certificate `--trust` names is an anchor (RFC 5280 §6.1.1 (d):
/// a name and a key). The sub-CA alone terminates the path; the signer's own certificate is a
/// path of its own; a CA of the same name with another key is not trusted. The report names
/// the anchor, in vi and en.
#[test]
fn any_trusted_certificate_is_an_anchor_and_the_report_names_it() {
    let f = setup("anchor");
    let chain = |trust: &str, extra: &[&str]| {
        let mut a = vec![
            "chain",
            &f.person_cert,
            "--trust",
            trust,
            "--danger-no-revocation",
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    // The intermediate as the only anchor.
    let o = chain(&f.sub, &["--json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-PASSED");
    assert_eq!(v["trust_anchor"]["self_issued"], false, "{v}");
    assert_eq!(v["trust_anchor"]["is_target"], false, "{v}");
    let sub_subject = v["trust_anchor"]["subject"].as_str().unwrap().to_owned();
    assert!(sub_subject.contains("CN="), "{sub_subject}");
    assert_eq!(v["trust_anchor"]["sha256"].as_str().unwrap().len(), 64);
    let vi = stdout(&chain(&f.sub, &[]));
    assert!(
        vi.contains(&format!("Chứng thư tin cậy được dùng: {sub_subject}"))
            && vi.contains("không phải chứng thư tự cấp"),
        "{vi}"
    );
    let en = stdout(&chain(&f.sub, &["--lang", "en"]));
    assert!(
        en.contains(&format!("Trust anchor used: {sub_subject}")) && en.contains("not self-issued"),
        "{en}"
    );
    // The root: named as a self-issued anchor.
    let o = run(&[
        "chain",
        &f.person_cert,
        "--untrusted",
        &f.sub,
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("(self-issued; SHA-256 "),
        "{}",
        stdout(&o)
    );
    // The signer's certificate itself: trusted directly, said so.
    let o = chain(&f.person_cert, &["--json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["trust_anchor"]["is_target"], true, "{v}");
    assert_eq!(v["certificates"].as_array().unwrap().len(), 1);
    let vi = stdout(&chain(&f.person_cert, &[]));
    assert!(vi.contains("được chỉ định là chứng thư tin cậy"), "{vi}");
    let en = stdout(&chain(&f.person_cert, &["--lang", "en"]));
    assert!(en.contains("itself was given as a trust anchor"), "{en}");
    // A sub-CA of the same name but another key (another PKI): no path.
    let other = VnPki::generate(
        &VnPkiOptions::fast(now()),
        &mut DeterministicRng::from_seed(65),
    )
    .unwrap();
    let stranger = f.dir.write("stranger.pem", other.sub_ca.cert_pem());
    let o = chain(&stranger, &["--lang", "en"]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(!stdout(&o).contains("Trust anchor used"), "{}", stdout(&o));
    // Through `verify`: a signature checked against the sub-CA alone.
    let sig = f.dir.path("sig.p7s");
    assert_eq!(code(&sign(&f, s(&sig), &[])), 0);
    let o = run(&[
        "verify",
        s(&sig),
        "--content",
        &f.content,
        "--trust",
        &f.sub,
        "--danger-no-revocation",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Trust anchor used"), "{}", stdout(&o));
}

/// No Rust debug text in what the CLI prints about unreadable input.
fn assert_no_debug_text(text: &str) {
    for bad in [
        "{",
        "}",
        "Some(",
        "None",
        "::",
        "Malformed",
        "NotSignedData",
        "BadSignatureEncoding",
    ] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
}

/// Issue 9 defect 7: garbage, a truncated file: a sentence saying which formats were tried
/// and why each failed, in the chosen language, never debug text.
#[test]
fn unreadable_files_are_explained_in_sentences() {
    let dir = TempDir::new("unreadable");
    let garbage = dir.write("garbage.bin", b"\x04\x03abc not ASN.1 at all".as_slice());
    let truncated = dir.write("truncated.der", b"\x30\x82\x05\x00\x02\x01".as_slice());
    for file in [&garbage, &truncated] {
        let o = run(&["inspect", file]);
        assert_eq!(code(&o), 65);
        let vi = stderr(&o);
        assert!(
            vi.contains("Đọc như chứng thư số (PEM hoặc DER): Chứng thư số không đúng định dạng")
                && vi.contains(
                    "Đọc như dữ liệu ký số CMS/PKCS#7: Dữ liệu ký số không đúng định dạng"
                ),
            "{vi}"
        );
        assert_no_debug_text(&vi);
        let o = run(&["inspect", file, "--lang", "en"]);
        let en = stderr(&o);
        assert!(
            en.contains("As a certificate (PEM or DER): The certificate is not well-formed")
                && en.contains("As CMS/PKCS#7 signed data: The signed data is not well-formed"),
            "{en}"
        );
        assert_no_debug_text(&en);
        let o = run(&["verify", file, "--trust", file, "--lang", "en"]);
        assert_eq!(code(&o), 65);
        assert!(
            stderr(&o).contains(
                "is not readable CMS/PKCS#7 signed data: The signed data is not well-formed"
            ),
            "{}",
            stderr(&o)
        );
        assert_no_debug_text(&stderr(&o));
    }
    let o = run(&["inspect", &truncated, "--lang", "en"]);
    assert!(
        stderr(&o).contains("the data is truncated"),
        "{}",
        stderr(&o)
    );
    let o = run(&["inspect", &truncated]);
    assert!(stderr(&o).contains("dữ liệu bị cắt cụt"), "{}", stderr(&o));
}

fn pkits(rel: &str) -> String {
    let base = match std::env::var_os("KYSO_TESTDATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
    };
    let p = base.join("pkits").join(rel);
    assert!(p.exists(), "{}", p.display());
    p.to_str().unwrap().to_owned()
}

/// Issue 9 defect 9, PKITS 4.4.4 (Invalid Bad CRL Signature Test4): the CA's CRL parses but
/// its signature is malformed. It is evidence that failed, not unreadable input: no exit 65;
/// the status stays undecided (exit 2) and the report names the CRL's issuer and the reason.
#[test]
fn crl_with_a_malformed_signature_is_refused_evidence_not_bad_input() {
    let run_444 = |lang: &str| {
        run(&[
            "chain",
            &pkits("certs/InvalidBadCRLSignatureTest4EE.crt"),
            "--untrusted",
            &pkits("certs/BadCRLSignatureCACert.crt"),
            "--trust",
            &pkits("certs/TrustAnchorRootCertificate.crt"),
            "--crl",
            &pkits("crls/TrustAnchorRootCRL.crl"),
            "--crl",
            &pkits("crls/BadCRLSignatureCACRL.crl"),
            "--at",
            "2011-01-01T00:00:00Z",
            "--lang",
            lang,
        ])
    };
    let o = run_444("vi");
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(
            "Chữ ký trên CRL của CN=Bad CRL Signature CA, O=Test Certificates 2011, C=US sai cấu trúc"
        ),
        "{}",
        stdout(&o)
    );
    let o = run_444("en");
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(
            "The signature on the CRL from CN=Bad CRL Signature CA, O=Test Certificates 2011, C=US is malformed"
        ),
        "{}",
        stdout(&o)
    );
    assert_no_debug_text(&stdout(&o));
    // A file that is not a CRL at all is still bad input, explained in a sentence.
    let o = run(&[
        "chain",
        &pkits("certs/InvalidBadCRLSignatureTest4EE.crt"),
        "--trust",
        &pkits("certs/TrustAnchorRootCertificate.crt"),
        "--crl",
        &pkits("certs/BadCRLSignatureCACert.crt"),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 65, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a readable CRL: The CRL is not well-formed"),
        "{}",
        stderr(&o)
    );
    assert_no_debug_text(&stderr(&o));
}

/// With `--json`, an error is JSON on stdout in the npm `KysoError` shape, its code core's
/// (the same as C's `kyso_last_error_code` and npm's `KysoError.code`, issue 10 item 4), its
/// sentence core's in both languages after the file's name; the exit status is unchanged, and
/// without `--json` the text on stderr is as before.
#[test]
fn json_errors_carry_core_code_and_both_languages() {
    let f = setup("json-errors");
    let sig = f.dir.path("cong-van.p7s");
    assert_eq!(code(&sign(&f, s(&sig), &[])), 0);
    // A certificate given as a CRL: core's `revocation.bad-crl`.
    let o = verify(&f, s(&sig), &["--crl", &f.root, "--json"]);
    assert_eq!(code(&o), 65, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stderr(&o), "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["error"];
    assert_eq!(e["code"], "revocation.bad-crl", "{v}");
    let (vi, en) = (
        e["messages"]["vi"].as_str().unwrap(),
        e["messages"]["en"].as_str().unwrap(),
    );
    assert!(
        vi.starts_with(&format!(
            "Tệp {}: Dữ liệu được đưa vào làm danh sách thu hồi (CRL) không phải CRL đọc được: ",
            f.root
        )),
        "{vi}"
    );
    assert!(
        en.starts_with(&format!(
            "{}: The data given as a certificate revocation list (CRL) is not a readable CRL: ",
            f.root
        )),
        "{en}"
    );
    assert_no_debug_text(vi);
    assert_no_debug_text(en);
    // The same answer whatever --lang: both languages are in it.
    let o2 = verify(&f, s(&sig), &["--crl", &f.root, "--json", "--lang", "en"]);
    assert_eq!(o2.stdout, o.stdout);
    // Text mode: unchanged, the sentence on stderr, nothing on stdout.
    let o = verify(&f, s(&sig), &["--crl", &f.root]);
    assert_eq!(code(&o), 65);
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains(&format!(
            "kyso: Tệp {} không phải danh sách thu hồi (CRL) đọc được: ",
            f.root
        )),
        "{}",
        stderr(&o)
    );
    // The CLI's own errors (no core error behind them) get `cli.*` codes, same statuses.
    // Exit status, then the JSON error's code and both sentences.
    let json_error = |o: &std::process::Output, exit: i32, code_: &str, vi: &str, en: &str| {
        assert_eq!(code(o), exit, "{}", stdout(o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["error"]["code"], code_, "{v}");
        assert_eq!(v["error"]["messages"]["vi"], vi, "{v}");
        assert_eq!(v["error"]["messages"]["en"], en, "{v}");
    };
    json_error(
        &verify(&f, s(&sig), &["--policy", "lax", "--json"]),
        64,
        "cli.unknown-policy",
        "Chính sách không tồn tại: lax (có: vn-gov, strict)",
        "Unknown policy: lax (known: vn-gov, strict)",
    );
    // An unknown compiled-in bundle is core's StoreError: its code and sentences.
    json_error(
        &verify(&f, s(&sig), &["--bundle", "vgcx", "--json"]),
        64,
        "store.unknown-bundle",
        "Không có bộ chứng thư gốc tên vgcx (có: vgca, neac, vn)",
        "There is no trust bundle named vgcx (known: vgca, neac, vn)",
    );
    let o = run(&["verify", "/nonexistent.p7s", "--trust", &f.root, "--json"]);
    assert_eq!(code(&o), 66);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "cli.cannot-read");
    // `chain --json` and `inspect --json` too; an unreadable certificate has core's code.
    let o = run(&["chain", &f.content, "--trust", &f.root, "--json"]);
    assert_eq!(code(&o), 65);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = v["error"]["code"].as_str().unwrap();
    assert!(!c.is_empty() && !c.starts_with("cli."), "{v}");
    let o = run(&["inspect", &f.content, "--json"]);
    assert_eq!(code(&o), 65);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "cli.not-inspectable", "{v}");
}

/// Unreadable signed data with `--json`: exit 65 as ever, and on stdout core's report on those
/// bytes (TOTAL-FAILED / FORMAT_FAILURE, here `input.trailing-data`), the report C's `kyso_verify` and
/// npm's `verify` give for them (issue 10 item 4). Without `--json`: the stderr sentence only.
#[test]
fn unreadable_signature_with_json_is_core_format_failure_report() {
    let f = setup("garbage-json");
    let junk = f
        .dir
        .write("junk.p7s", b"\x30\x03\x02\x01\x01 trailing junk");
    let o = run(&["verify", &junk, "--trust", &f.root, "--json"]);
    assert_eq!(code(&o), 65, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stderr(&o), "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-FAILED", "{v}");
    assert_eq!(v["sub_indication"], "FORMAT_FAILURE", "{v}");
    assert_eq!(v["findings"][0]["code"], "input.trailing-data", "{v}");
    assert_eq!(v["signers"].as_array().unwrap().len(), 0, "{v}");
    // Unreadable input is still the error reported first when another one follows (exit 65,
    // not the missing content's 66).
    let o = run(&[
        "verify",
        &junk,
        "--content",
        "/nonexistent.txt",
        "--trust",
        &f.root,
        "--json",
    ]);
    assert_eq!(code(&o), 65, "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "cms.malformed", "{v}");
    let m = &v["error"]["messages"];
    assert!(
        m["vi"].as_str().unwrap().ends_with(
            "không phải dữ liệu ký số CMS/PKCS#7 đọc được: Dữ liệu ký số không đúng định dạng CMS/PKCS#7: có dữ liệu thừa sau cấu trúc (tại byte 5)"
        ),
        "{v}"
    );
    assert!(
        m["en"].as_str().unwrap().ends_with(
            "is not readable CMS/PKCS#7 signed data: The signed data is not well-formed CMS/PKCS#7: there are extra bytes after the structure (at byte 5)"
        ),
        "{v}"
    );
    let o = run(&["verify", &junk, "--trust", &f.root]);
    assert_eq!(code(&o), 65);
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("không phải dữ liệu ký số CMS/PKCS#7 đọc được"),
        "{}",
        stderr(&o)
    );
    let o = run(&["verify", &junk, "--trust", &f.root, "--lang", "en"]);
    assert_eq!(code(&o), 65);
    assert!(
        stderr(&o).contains("is not readable CMS/PKCS#7 signed data"),
        "{}",
        stderr(&o)
    );
}
