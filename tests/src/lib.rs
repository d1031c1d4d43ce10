//! Shared helpers for the conformance and interop tests (tests/tests/*.rs): where the test data
//! is, base64, scratch directories, the OpenSSL CLI, deterministic random generators.
//!
//! Test support only: a helper that cannot do its job panics, which fails the calling test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Reproducible random bytes for RSA blinding, PSS salts and test keys (SHA-256 counter mode).
pub use kyso_testpki::DeterministicRng;

/// Print a suite's case counts in the one form `scripts/test.sh` adds up into its closing
/// "conformance cases" line: `cases: SUITE: P passed, E excepted, F failed, S skipped`.
/// Excepted cases are listed with their reasons in the suite's exceptions file; skipped ones are
/// printed with their reasons by the suite.
pub fn print_cases(suite: &str, passed: usize, excepted: usize, failed: usize, skipped: usize) {
    println!(
        "cases: {suite}: {passed} passed, {excepted} excepted, {failed} failed, {skipped} skipped"
    );
}

/// `../shared/testdata` relative to the repository, or `$KYSO_TESTDATA`.
pub fn testdata() -> PathBuf {
    match std::env::var_os("KYSO_TESTDATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
    }
}

/// A file under [`testdata`], which must exist.
pub fn read_testdata(rel: &str) -> Vec<u8> {
    let p = testdata().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Standard base64 (RFC 4648 §4). White space is skipped and decoding stops at the first `=`;
/// any other byte outside the alphabet panics (test data only).
pub fn base64_decode(text: impl AsRef<[u8]>) -> Vec<u8> {
    try_base64_decode(text).unwrap_or_else(|c| panic!("bad base64 byte {c:#04x}"))
}

/// [`base64_decode`], or the first byte outside the alphabet.
pub fn try_base64_decode(text: impl AsRef<[u8]>) -> Result<Vec<u8>, u8> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in text.as_ref() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            c => return Err(c),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// The PEM blocks of `text` (RFC 7468), in order, as (label, DER). Text between blocks
/// (descriptions, `openssl` dumps) is ignored.
pub fn pem_blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(b) = rest.find("-----BEGIN ") {
        let after = &rest[b + 11..];
        let label_end = after.find("-----").expect("label end");
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let end = body_start.find(&end_marker).expect("end marker");
        out.push((label.to_owned(), base64_decode(&body_start[..end])));
        rest = &body_start[end + end_marker.len()..];
    }
    out
}

/// A scratch directory under the system temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory; `tag` names it for people looking at a leftover one. Unique per
    /// process and call, so tests running in parallel never share one.
    pub fn new(tag: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("kyso-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        Self(p)
    }

    pub fn dir(&self) -> &Path {
        &self.0
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Write `bytes` to `name` in the directory; returns `name` (handy in argument lists).
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.path(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        name.to_string()
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The OpenSSL CLI the interop tests run (OpenSSL 3.0 here). Tests that need it fail without
/// it; none is skipped.
pub const OPENSSL: &str = "/usr/bin/openssl";

/// Run openssl with `args` in `dir`, whatever its exit status. Panics if it cannot be run.
pub fn openssl(dir: &Path, args: &[&str]) -> Output {
    Command::new(OPENSSL)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {OPENSSL} (the OpenSSL CLI is required): {e}"))
}

/// Run openssl with `args` in `dir` and require success; its output on failure.
pub fn openssl_ok(dir: &Path, args: &[&str]) -> Output {
    let out = openssl(dir, args);
    assert!(
        out.status.success(),
        "openssl {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `openssl genpkey` arguments for the key types the interop tests use.
pub mod keyalg {
    pub const RSA_2048: &[&str] = &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
    pub const RSA_3072: &[&str] = &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"];
    pub const P256: &[&str] = &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
    pub const P384: &[&str] = &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];
    pub const P521: &[&str] = &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"];
    pub const ED25519: &[&str] = &["-algorithm", "ED25519"];
}

/// `openssl genpkey` with `alg` (one of [`keyalg`]): a PKCS#8 PEM private key `out` in `dir`.
pub fn openssl_genpkey(dir: &Path, alg: &[&str], out: &str) {
    let mut args = vec!["genpkey"];
    args.extend_from_slice(alg);
    args.extend_from_slice(&["-out", out]);
    openssl_ok(dir, &args);
}

/// A self-signed test CA in `dir`: key `ca.key` made with `alg`, certificate `ca.pem` with the
/// UTF-8 subject `subj`, basicConstraints cA and keyUsage keyCertSign + cRLSign, valid `days`.
pub fn openssl_ca(dir: &Path, alg: &[&str], subj: &str, days: u32) {
    openssl_genpkey(dir, alg, "ca.key");
    let days = days.to_string();
    openssl_ok(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            &days,
            "-utf8",
            "-subj",
            subj,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// A certificate `cert` (PEM) for the private key file `key`, with the UTF-8 subject `subj`,
/// issued by `ca.pem` / `ca.key` in `dir` through `openssl req -new` and `openssl x509 -req`;
/// `x509_args` go to the latter (`-days`, `-set_serial`, `-extfile`, …).
pub fn openssl_issue(dir: &Path, key: &str, subj: &str, cert: &str, x509_args: &[&str]) {
    let csr = format!("{cert}.csr");
    openssl_ok(
        dir,
        &[
            "req", "-new", "-utf8", "-key", key, "-subj", subj, "-out", &csr,
        ],
    );
    let mut args = vec![
        "x509", "-req", "-in", &csr, "-CA", "ca.pem", "-CAkey", "ca.key", "-out", cert,
    ];
    args.extend_from_slice(x509_args);
    openssl_ok(dir, &args);
}

/// One fetch a [`StubFetcher`] received: what, where, and the POST body (OCSP requests).
pub type FetchCall = (kyso::FetchKind, String, Option<Vec<u8>>);

/// The test stand-in for the network: answers fetches from a table (URL → bytes) and records
/// every call. An OCSP request body must be a well-formed OCSPRequest (else HTTP 400, as a
/// responder would answer); a URL not in the table is unavailable.
pub struct StubFetcher {
    answers: Vec<(String, Vec<u8>)>,
    /// Every fetch so far, in order.
    pub calls: std::cell::RefCell<Vec<FetchCall>>,
}

impl StubFetcher {
    pub fn new(answers: Vec<(String, Vec<u8>)>) -> Self {
        Self {
            answers,
            calls: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The URLs fetched so far, in order.
    pub fn urls(&self) -> Vec<String> {
        self.calls.borrow().iter().map(|c| c.1.clone()).collect()
    }
}

impl kyso::Fetcher for StubFetcher {
    fn fetch(
        &self,
        kind: kyso::FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, kyso::FetchError> {
        use kyso::{FetchError, FetchKind};
        self.calls
            .borrow_mut()
            .push((kind, url.to_owned(), body.map(<[u8]>::to_vec)));
        if kind == FetchKind::Ocsp {
            kyso::parse_ocsp_request(body.ok_or(FetchError::NotAllowed)?)
                .map_err(|_| FetchError::Status { code: 400 })?;
        }
        self.answers
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, b)| b.clone())
            .ok_or(FetchError::Unavailable)
    }
}

/// NIST PKITS v1.0.1 (`pkits/pkits.json`, README there): the runs, their user settings and
/// the exceptions files, shared by the path (`pkits.rs`) and S/MIME (`pkits_smime.rs`) suites.
pub mod pkits {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use der::asn1::ObjectIdentifier;
    use kyso::{RevocationMode, ValidationPolicy};

    #[derive(serde::Deserialize)]
    pub struct Suite {
        pub validation_time: String,
        pub testcases: Vec<Case>,
    }

    #[derive(serde::Deserialize)]
    pub struct Case {
        pub id: String,
        pub name: String,
        pub expected_result: String,
        pub trust_anchor: String,
        pub path: Vec<String>,
        pub crls: Vec<String>,
        pub settings: Settings,
        pub smime: String,
    }

    #[derive(serde::Deserialize)]
    pub struct Settings {
        pub initial_policy_set: Vec<String>,
        pub initial_explicit_policy: bool,
        pub initial_policy_mapping_inhibit: bool,
        pub initial_inhibit_any_policy: bool,
    }

    /// The PKITS folder under [`testdata`](crate::testdata) and its `pkits.json`.
    pub fn suite() -> (PathBuf, Suite) {
        let dir = crate::testdata().join("pkits");
        let suite =
            serde_json::from_slice(&std::fs::read(dir.join("pkits.json")).unwrap()).unwrap();
        (dir, suite)
    }

    impl Suite {
        /// The suite's fixed validation time (2011-04-15).
        pub fn time(&self) -> kyso::DateTime {
            kyso::time::parse_rfc3339(&self.validation_time).unwrap()
        }
    }

    impl Case {
        /// The run's CRLs, as the caller's evidence.
        pub fn crls(&self, dir: &Path) -> Vec<Vec<u8>> {
            self.crls
                .iter()
                .map(|c| std::fs::read(dir.join("crls").join(c)).unwrap())
                .collect()
        }

        /// `vn_gov()` with the run's user settings and revocation REQUIRED.
        pub fn policy(&self) -> ValidationPolicy {
            let mut policy = ValidationPolicy::vn_gov();
            policy.name = "pkits".into();
            // PKITS keys are RSA-2048 with SHA-256, except the DSA cases (4.1.4–4.1.6), which
            // sign with DSA/SHA-1: vn_gov()'s legacy gates stay open. PKITS paths are up to 7
            // certificates deep (4.5, 4.6.x).
            policy.max_path_len = 16;
            let s = &self.settings;
            policy.chain.initial_policy_set = s
                .initial_policy_set
                .iter()
                .map(|o| ObjectIdentifier::new(o).unwrap())
                .collect();
            policy.chain.initial_explicit_policy = s.initial_explicit_policy;
            policy.chain.initial_policy_mapping_inhibit = s.initial_policy_mapping_inhibit;
            policy.chain.initial_any_policy_inhibit = s.initial_inhibit_any_policy;
            // PKITS: "require CRL-based revocation checking for every certificate in the path".
            policy.revocation = RevocationMode::Require;
            policy
        }
    }

    /// `tests/exceptions/<name>`: run key → the reason kyso's result differs.
    pub fn exceptions(name: &str) -> BTreeMap<String, String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("exceptions")
            .join(name);
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    /// Agreements, listed exceptions, disagreements and listed exceptions that now agree.
    #[derive(Default)]
    pub struct Tally {
        pub pass: usize,
        pub excepted: usize,
        pub failures: Vec<String>,
        pub unexpected_passes: Vec<String>,
    }

    impl Tally {
        /// Counts one run described by `detail`; an unlisted disagreement is recorded as
        /// `failure(detail)`.
        pub fn record(
            &mut self,
            agrees: bool,
            exception: Option<&String>,
            detail: String,
            failure: impl FnOnce(String) -> String,
        ) {
            match (agrees, exception) {
                (true, None) => self.pass += 1,
                (true, Some(_)) => self.unexpected_passes.push(detail),
                (false, Some(reason)) => {
                    self.excepted += 1;
                    println!("EXCEPTION {detail}: {reason}");
                }
                (false, None) => self.failures.push(failure(detail)),
            }
        }

        /// Prints the disagreements, the stale exceptions and the counts; panics on any
        /// disagreement, on an exception that now agrees, and on an exception that no run
        /// consulted (a renamed or vanished case). `runs` is how many runs the suite has.
        pub fn finish(&self, suite: &str, runs: usize, exceptions: &BTreeMap<String, String>) {
            for f in &self.failures {
                println!("FAIL {f}");
            }
            for u in &self.unexpected_passes {
                println!("UNEXPECTED PASS (remove from exceptions) {u}");
            }
            crate::print_cases(suite, self.pass, self.excepted, self.failures.len(), 0);
            let counted = self.pass + self.excepted + self.failures.len();
            assert_eq!(
                counted + self.unexpected_passes.len(),
                runs,
                "{suite}: runs counted"
            );
            assert!(
                self.failures.is_empty(),
                "{suite}: {} runs disagree",
                self.failures.len()
            );
            assert!(
                self.unexpected_passes.is_empty(),
                "{suite}: exceptions that now pass: {:?}",
                self.unexpected_passes
            );
            assert_eq!(
                self.excepted,
                exceptions.len(),
                "{suite}: exceptions no run consulted"
            );
        }
    }
}

/// OCSP responses about certificates of a generated [`VnPki`](kyso_testpki::VnPki) (issued by
/// its sub-CA), encoded by the test PKI (RFC 6960 §4.2.1).
pub mod ocsp {
    use kyso::{Certificate, DateTime};
    pub use kyso_testpki::OcspStatus;
    use kyso_testpki::{DeterministicRng, Issued, SingleResponse, VnPki, shift};

    const DAY: i64 = 86_400;

    /// A successful OCSP response signed by `signer`, naming it by key hash or by name.
    pub fn ocsp_response(
        signer: &Issued,
        by_key: bool,
        produced_at: DateTime,
        singles: Vec<SingleResponse>,
        include_signer: bool,
    ) -> Vec<u8> {
        let mut rng = DeterministicRng::from_seed(7);
        kyso_testpki::basic_response(
            signer,
            by_key,
            produced_at,
            &singles,
            include_signer,
            &mut rng,
        )
        .unwrap()
    }

    /// `status` of `cert` (issued by the PKI's sub-CA) from `this_update` for one day.
    pub fn single(
        pki: &VnPki,
        cert: &Certificate,
        status: OcspStatus,
        this_update: DateTime,
    ) -> SingleResponse {
        let next_update = shift(this_update, DAY).unwrap();
        kyso_testpki::single_response(
            cert,
            &pki.sub_ca.certificate,
            &status,
            this_update,
            Some(next_update),
        )
        .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_with_and_without_padding_and_white_space() {
        assert_eq!(base64_decode("a8O9IHPhu5E="), "ký số".as_bytes());
        assert_eq!(base64_decode("TWE=\r\n"), b"Ma");
        assert_eq!(base64_decode(b"T W\nE"), b"Ma");
    }

    #[test]
    fn base64_refuses_bytes_outside_the_alphabet() {
        assert_eq!(try_base64_decode("TW-E"), Err(b'-'));
        assert_eq!(try_base64_decode("TWE="), Ok(b"Ma".to_vec()));
    }

    #[test]
    fn temp_dirs_are_distinct_and_removed() {
        let a = TempDir::new("selftest");
        let b = TempDir::new("selftest");
        assert_ne!(a.dir(), b.dir());
        assert_eq!(a.write("x", b"1"), "x");
        assert_eq!(a.read("x"), b"1");
        let p = a.dir().to_path_buf();
        drop(a);
        assert!(!p.exists());
    }
}
