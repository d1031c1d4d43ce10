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
    o.status.code().expect("exited with a status, not a signal (no panics/aborts)")
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
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    kyso::time::from_unix_seconds(secs).unwrap()
}

/// One PKI for all tests (RSA-2048 everywhere, made once).
fn pki() -> &'static VnPki {
    static PKI: OnceLock<VnPki> = OnceLock::new();
    PKI.get_or_init(|| VnPki::generate(&VnPkiOptions::fast(now()), &mut DeterministicRng::from_seed(64)).unwrap())
}

#[test]
fn usage_errors_exit_64() {
    for args in [
        &["frobnicate"][..],
        &["verify"][..],                           // missing FILE and --trust
        &["verify", "x.p7s"][..],                  // missing --trust
        &["sign", "--in", "a", "--out", "b"][..],  // missing --key
        &["verify", "x", "--trust", "t", "--lang", "fr"][..],
        &["sign", "--key", "k", "--in", "a", "--out", "b", "--password-env", "A", "--password-file", "f"][..],
        &["sign", "--key", "k", "--in", "a", "--out", "b", "--attached", "--detached"][..],
        &["sign", "--key", "k", "--in", "a", "--out", "b", "--digest", "sha1"][..],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 64, "{args:?}: {}", stderr(&o));
    }
    // No password on the command line: there is no such option.
    let o = run(&["sign", "--key", "k", "--in", "a", "--out", "b", "--password", "secret"]);
    assert_eq!(code(&o), 64);
    // Help is not an error.
    assert_eq!(code(&run(&["--help"])), 0);
    assert_eq!(code(&run(&["verify", "--help"])), 0);
}

#[test]
fn unreadable_input_exits_at_least_64_in_the_chosen_language() {
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
    assert!(stderr(&o).contains("neither a certificate nor CMS"), "{}", stderr(&o));
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
    assert!(c["extensions"].as_array().unwrap().iter().any(|e| e["name"] == "keyUsage" && e["critical"] == true));
    // A PEM bundle: every certificate is shown.
    let b = dir.write("chain.pem", pki().chain_pem());
    let o = run(&["--lang", "en", "inspect", &b]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Certificate 2/2") && stdout(&o).contains("(self-issued — a root)"));
}
