//! The CLI on PDFs (issue 11): `kyso sign` of a PDF, `kyso inspect doc.pdf`, `kyso verify
//! doc.pdf`. Runs the built `kyso` binary as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use kyso_testpki::pdf::one_page_pdf;
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

/// The shared test data (scripts/test.sh: ../shared/testdata unless KYSO_TESTDATA says).
fn testdata(rel: &str) -> String {
    let root = std::env::var("KYSO_TESTDATA").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
        PathBuf::from,
    );
    let p = root.join(rel);
    assert!(
        p.exists(),
        "test data missing: {} (scripts/test.sh fetches it)",
        p.display()
    );
    p.to_str().unwrap().to_owned()
}

#[test]
fn inspect_pdf_shows_revisions_fields_and_signatures() {
    // pyHanko's certified file: one incremental update, one certification signature (P=1).
    let file = testdata("pdf/pyhanko/certified-with-indirect-refs-in-dir.pdf");
    let o = run(&["--lang", "en", "inspect", &file]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("2 revisions, 1 form fields, 1 signatures"),
        "{text}"
    );
    assert!(
        text.contains("Revision 2: bytes 739–13211, cross-reference table"),
        "{text}"
    );
    assert!(text.contains("field \"Sig1\" (certification signature, adbe.pkcs7.detached)"));
    assert!(text.contains("ByteRange [0 1187 12535 676]; ends at the end of revision 2"));
    assert!(
        text.contains("Signer: E=test@example.com, CN=Lord Testerino"),
        "{text}"
    );
    assert!(text.contains("P = 1"), "{text}");

    let o = run(&["inspect", &file]);
    assert!(
        stdout(&o).contains("Chữ ký 1 — trường \"Sig1\""),
        "{}",
        stdout(&o)
    );

    let o = run(&["inspect", "--json", &file]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(json["revisions"][1]["start"], 739);
    assert_eq!(json["revisions"][1]["xref_form"], "table");
    let sig = &json["signatures"][0];
    assert_eq!(sig["field"], "Sig1");
    assert_eq!(sig["kind"], "certification");
    assert_eq!(sig["docmdp"], 1);
    assert_eq!(sig["revision"], 2);
    assert_eq!(sig["byte_range"], serde_json::json!([0, 1187, 12535, 676]));
}

#[test]
fn inspect_of_a_broken_pdf_is_core_s_sentence() {
    let dir = std::env::temp_dir().join(format!("kyso-cli-pdf-{}-broken", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.pdf");
    std::fs::write(&path, b"%PDF-1.7\nnothing else\n").unwrap();
    let o = run(&["inspect", "--json", path.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code(&o), 65, "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let code = json["error"]["code"].as_str().unwrap();
    assert!(code.starts_with("pdf."), "{code}");
    assert!(!json["error"]["messages"]["vi"].as_str().unwrap().is_empty());
}

/// One PKI for all tests (RSA-2048 everywhere, made once).
fn pki() -> &'static VnPki {
    static PKI: OnceLock<VnPki> = OnceLock::new();
    PKI.get_or_init(|| {
        VnPki::generate(
            &VnPkiOptions::fast(kyso_testpki::now().unwrap()),
            &mut DeterministicRng::from_seed(65),
        )
        .unwrap()
    })
}

struct Dir(PathBuf);
impl Dir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("kyso-cli-pdf-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_owned()
    }
    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> String {
        let p = self.path(name);
        std::fs::write(&p, data).unwrap();
        p
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The test PKI's files in a fresh directory, and `doc.pdf`.
struct Setup {
    dir: Dir,
    root: String,
    sub: String,
    person: (String, String),
    agency: (String, String),
    doc: String,
}

fn setup(tag: &str) -> Setup {
    let dir = Dir::new(tag);
    let p = pki();
    Setup {
        root: dir.write("root.pem", p.root.cert_pem()),
        sub: dir.write("sub.pem", p.sub_ca.cert_pem()),
        person: (
            dir.write("person.key", p.person.key_pem().unwrap()),
            dir.write("person.pem", p.person.cert_pem()),
        ),
        agency: (
            dir.write("agency.key", p.agency.key_pem().unwrap()),
            dir.write("agency.pem", p.agency.cert_pem()),
        ),
        doc: dir.write("doc.pdf", one_page_pdf()),
        dir,
    }
}

fn sign_pdf(f: &Setup, who: &(String, String), input: &str, out: &str, extra: &[&str]) {
    let mut args = vec![
        "sign", "--key", &who.0, "--cert", &who.1, "--chain", &f.sub, "--in", input, "--out", out,
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// `kyso verify PDF --trust ROOT --danger-no-revocation --json` (the chain is checked; the
/// test PKI publishes no revocation data for these files).
fn verify_json(f: &Setup, pdf: &str) -> (i32, serde_json::Value) {
    let o = run(&[
        "verify",
        pdf,
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--json",
    ]);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    (code(&o), v)
}

fn inspect_json(pdf: &str) -> serde_json::Value {
    let o = run(&["inspect", "--json", pdf]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn sign_a_pdf_then_verify_total_passed_and_the_input_is_a_prefix() {
    let f = setup("sign");
    let out = f.dir.path("signed.pdf");
    sign_pdf(
        &f,
        &f.person,
        &f.doc,
        &out,
        &[
            "--reason",
            "Phê duyệt",
            "--location",
            "Hà Nội",
            "--contact",
            "a@b.vn",
        ],
    );
    let (input, output) = (std::fs::read(&f.doc).unwrap(), std::fs::read(&out).unwrap());
    assert!(output.len() > input.len() && output.starts_with(&input));
    let (code, v) = verify_json(&f, &out);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["indication"], "TOTAL-PASSED");
    assert_eq!(v["signatures"][0]["sub_filter"], "adbe.pkcs7.detached");
    assert_eq!(v["signatures"][0]["covers_whole_document"], true);
    let i = inspect_json(&out);
    assert_eq!(i["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(i["signatures"][0]["reason"], "Phê duyệt");
    assert_eq!(i["signatures"][0]["location"], "Hà Nội");
    assert!(
        i["signatures"][0]["signer"]
            .as_str()
            .unwrap()
            .contains(kyso_testpki::names::PERSON_CN),
        "{i:#}"
    );

    // A tampered copy (one byte of the original revision) fails.
    let mut bad = output.clone();
    let at = input.len() / 2;
    bad[at] ^= 0x01;
    let bad_path = f.dir.write("bad.pdf", &bad);
    let (code, v) = verify_json(&f, &bad_path);
    assert_ne!(code, 0, "{v:#}");
}

#[test]
fn two_signatures_in_sequence_and_cades() {
    let f = setup("twice");
    let (one, two) = (f.dir.path("one.pdf"), f.dir.path("two.pdf"));
    sign_pdf(&f, &f.person, &f.doc, &one, &["--field", "NguoiKy"]);
    sign_pdf(
        &f,
        &f.agency,
        &one,
        &two,
        &[
            "--field",
            "CoQuan",
            "--subfilter",
            "cades",
            "--page",
            "1",
            "--rect",
            "350,50,200,60",
        ],
    );
    assert!(
        std::fs::read(&two)
            .unwrap()
            .starts_with(&std::fs::read(&one).unwrap())
    );
    let (code, v) = verify_json(&f, &two);
    assert!(sequence_passes(code, &v), "{v:#}");
    let sigs = v["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2);
    assert_eq!(sigs[0]["field"], "NguoiKy");
    assert_eq!(sigs[0]["covers_whole_document"], false);
    assert_eq!(sigs[0]["modification_level"], "form-filling");
    assert_eq!(sigs[1]["field"], "CoQuan");
    assert_eq!(sigs[1]["sub_filter"], "ETSI.CAdES.detached");
    let i = inspect_json(&two);
    assert_eq!(i["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(i["signatures"][1]["revision"], 3);
}

#[test]
fn certify_2_then_an_approval_signature_is_permitted() {
    let f = setup("certify");
    let (one, two) = (f.dir.path("one.pdf"), f.dir.path("two.pdf"));
    sign_pdf(&f, &f.person, &f.doc, &one, &["--certify", "2"]);
    let i = inspect_json(&one);
    assert_eq!(i["signatures"][0]["kind"], "certification");
    assert_eq!(i["signatures"][0]["docmdp"], 2);
    let (code, v) = verify_json(&f, &one);
    assert_eq!(code, 0, "{v:#}");
    sign_pdf(&f, &f.agency, &one, &two, &[]);
    let (code, v) = verify_json(&f, &two);
    assert!(sequence_passes(code, &v), "{v:#}");
    assert_eq!(v["signatures"][0]["docmdp"], 2);
    assert_eq!(v["signatures"][0]["kind"], "certification");

    // Usage errors: P out of range, a malformed rectangle.
    let out = f.dir.path("x.pdf");
    for extra in [
        &["--certify", "4"][..],
        &["--rect", "1,2,3"],
        &["--rect", "0,0,-5,5"],
    ] {
        let mut args = vec![
            "sign",
            "--key",
            &f.person.0,
            "--cert",
            &f.person.1,
            "--in",
            &f.doc,
            "--out",
            &out,
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_eq!(code_of(&o), 64, "{extra:?}: {}", stderr(&o));
    }
}

fn code_of(o: &Output) -> i32 {
    code(o)
}

/// A file signed in sequence: every signature TOTAL-PASSED (the later revisions only add
/// signatures, which modification analysis permits), so the file is TOTAL-PASSED.
fn sequence_passes(code: i32, v: &serde_json::Value) -> bool {
    let sigs = v["signatures"].as_array().unwrap();
    code == 0
        && v["indication"] == "TOTAL-PASSED"
        && sigs.len() > 1
        && sigs.iter().all(|s| s["indication"] == "TOTAL-PASSED")
}

/// An encrypted PDF (qpdf, AES-256, user password `mật khẩu` in UTF-8): without the password
/// `verify` is INDETERMINATE (exit 2, nothing is known about the signatures) and `inspect`
/// fails with core's sentence (exit 65); with `--pdf-password-env` or `--pdf-password-file`
/// both read it (the file has no signature: `pdf.report.no-signatures`, still exit 2).
#[test]
fn encrypted_pdf_with_the_password_from_env_or_file() {
    let f = setup("encrypted");
    let enc = f.dir.path("enc.pdf");
    let o = Command::new("qpdf")
        .args([
            "--encrypt",
            "mật khẩu",
            "owner-pw",
            "256",
            "--",
            &f.doc,
            &enc,
        ])
        .output()
        .expect("qpdf (bash scripts/pdf-peers.sh installs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pw_file = f.dir.write("pw.txt", "mật khẩu\n");
    let wrong_file = f.dir.write("wrong.txt", "sai\n");

    let verify = |extra: &[&str], env: Option<&str>| {
        let mut c = kyso();
        c.args([
            "verify",
            &enc,
            "--trust",
            &f.root,
            "--danger-no-revocation",
            "--json",
        ])
        .args(extra);
        if let Some(pw) = env {
            c.env("KYSO_TEST_PDF_PW", pw);
        }
        let o = c.output().unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
        (code(&o), v)
    };
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };

    let (c, v) = verify(&[], None);
    assert_eq!((c, &v["encrypted"]), (2, &serde_json::json!(true)), "{v:#}");
    assert!(codes(&v).iter().any(|c| c.contains("password")), "{v:#}");
    let (c, v) = verify(&["--pdf-password-file", &wrong_file], None);
    assert_eq!(c, 2);
    assert!(codes(&v).iter().any(|c| c.contains("password")), "{v:#}");
    for (extra, env) in [
        (
            vec!["--pdf-password-env", "KYSO_TEST_PDF_PW"],
            Some("mật khẩu"),
        ),
        (vec!["--pdf-password-file", pw_file.as_str()], None),
    ] {
        let (c, v) = verify(&extra, env);
        assert_eq!(c, 2, "{v:#}");
        assert_eq!(v["encrypted"], true);
        assert_eq!(codes(&v), vec!["pdf.report.no-signatures"], "{v:#}");
    }

    let o = run(&["inspect", "--json", &enc]);
    assert_eq!(code(&o), 65, "{}", stdout(&o));
    let o = run(&["inspect", "--json", &enc, "--pdf-password-file", &pw_file]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["revisions"].as_array().unwrap().len(), 1, "{json:#}");
    // A variable that is not set: the CLI's own usage error.
    let o = run(&["inspect", &enc, "--pdf-password-env", "KYSO_TEST_UNSET_VAR"]);
    assert_eq!(code(&o), 64, "{}", stderr(&o));
}
