//! Helpers shared by the revocation conformance tests (BoringSSL CRL/OCSP, PKITS CRL
//! sections, OCSP/CRL parsing vectors): PEM files with named sections,
//! the exceptions file format, a trivial issuer validator.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::collections::BTreeMap;

use kyso::DateTime;
use kyso::RevocationReport;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{IssuerValidator, RevocationChecker};
use kyso::{KeyPurpose, ValidationPolicy};

// Re-exported for the glob imports of the test files; not every file uses it.
#[allow(unused_imports)]
pub use kyso_tests::testdata;

/// The PEM blocks of a BoringSSL test file, by label (`CRL`, `CA CERTIFICATE`, …). Text
/// between blocks (descriptions, `openssl` dumps) is ignored.
pub fn pem_sections(text: &str) -> BTreeMap<String, Vec<u8>> {
    kyso_tests::pem_blocks(text).into_iter().collect()
}

/// One divergence from a suite's expected result, with the reason it is right (or accepted).
#[derive(Debug, Clone)]
pub struct Exception {
    pub test: String,
    pub expected: String,
    pub ours: String,
    pub reason: String,
}

/// Read an exceptions file: a TOML subset of `[[exception]]` tables with string keys
/// `test`, `expected`, `ours`, `reason` (no TOML crate in the workspace; the format is kept
/// to what real TOML parsers read identically).
pub fn load_exceptions(path: &std::path::Path) -> Vec<Exception> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut cur: Option<BTreeMap<String, String>> = None;
    let finish = |m: BTreeMap<String, String>, out: &mut Vec<Exception>| {
        let get = |k: &str| {
            m.get(k)
                .cloned()
                .unwrap_or_else(|| panic!("exception without {k}: {m:?}"))
        };
        let e = Exception {
            test: get("test"),
            expected: get("expected"),
            ours: get("ours"),
            reason: get("reason"),
        };
        assert!(
            !e.reason.trim().is_empty(),
            "exception {} has no reason",
            e.test
        );
        out.push(e);
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[exception]]" {
            if let Some(m) = cur.take() {
                finish(m, &mut out);
            }
            cur = Some(BTreeMap::new());
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("bad line {line}"));
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_else(|| panic!("value must be a string: {line}"));
        cur.as_mut()
            .expect("key outside [[exception]]")
            .insert(k.trim().to_owned(), v.replace("\\\"", "\""));
    }
    if let Some(m) = cur.take() {
        finish(m, &mut out);
    }
    out
}

/// Tallies and prints a conformance run; panics at the end on any unexpected result.
#[derive(Default)]
pub struct Tally {
    pub pass: usize,
    pub excepted: usize,
    pub fail: Vec<String>,
    pub skipped: Vec<(String, String)>,
    /// Every test recorded (not skipped), to find exceptions no run consulted.
    pub recorded: std::collections::BTreeSet<String>,
}

impl Tally {
    /// Record `test`: `ours` vs `expected`, consulting `exceptions`. An exception that no
    /// longer matches (we now agree, or differ otherwise) is a failure too.
    pub fn record(&mut self, test: &str, expected: &str, ours: &str, exceptions: &[Exception]) {
        self.recorded.insert(test.to_owned());
        let exc = exceptions.iter().find(|e| e.test == test);
        match exc {
            Some(e) if e.expected == expected && e.ours == ours && ours != expected => self.excepted += 1,
            Some(e) => self.fail.push(format!(
                "{test}: expected {expected}, got {ours}; exceptions file says {} → {} (stale exception)",
                e.expected, e.ours
            )),
            None if ours == expected => self.pass += 1,
            None => self.fail.push(format!("{test}: expected {expected}, got {ours}")),
        }
    }

    pub fn skip(&mut self, test: &str, reason: &str) {
        self.skipped.push((test.to_owned(), reason.to_owned()));
    }

    /// Prints the counts, exceptions, skips (with reasons) and failures; panics on any failure,
    /// including an exception for a test that was never recorded (skipped, renamed, gone).
    pub fn finish(mut self, suite: &str, exceptions: &[Exception]) {
        for e in exceptions
            .iter()
            .filter(|e| !self.recorded.contains(&e.test))
        {
            self.fail.push(format!(
                "{}: listed in the exceptions file but not run (skipped or no such test)",
                e.test
            ));
        }
        kyso_tests::print_cases(
            suite,
            self.pass,
            self.excepted,
            self.fail.len(),
            self.skipped.len(),
        );
        println!(
            "{suite}: {} passed, {} divergences (exceptions file), {} failed, {} skipped",
            self.pass,
            self.excepted,
            self.fail.len(),
            self.skipped.len()
        );
        for e in exceptions {
            println!(
                "  exception {}: expected {}, kyso {} — {}",
                e.test, e.expected, e.ours, e.reason
            );
        }
        for (t, r) in &self.skipped {
            println!("  skipped {t}: {r}");
        }
        for f in &self.fail {
            println!("  FAIL {f}");
        }
        assert!(
            self.fail.is_empty(),
            "{suite}: {} unexpected results",
            self.fail.len()
        );
    }
}

/// An issuer validator with a pool and no way to validate anything outside the path: enough
/// for suites whose CRL/OCSP signers are in the path (BoringSSL).
pub struct PathOnly(pub Vec<Certificate>);

impl IssuerValidator for PathOnly {
    fn validate_revocation_signer(&self, _: &Certificate, _: KeyPurpose, _: &DateTime) -> bool {
        false
    }
    fn pool(&self) -> &[Certificate] {
        &self.0
    }
}

/// `checker`'s verdict on `path[index]` at `t` with [`RustCryptoProvider`], CRL and OCSP
/// signers validated by the path alone ([`PathOnly`] with an empty pool).
pub fn check_path_only(
    checker: &dyn RevocationChecker,
    path: &[&Certificate],
    index: usize,
    t: &DateTime,
    policy: &ValidationPolicy,
) -> RevocationReport {
    checker.check(
        path,
        index,
        t,
        policy,
        &RustCryptoProvider,
        &PathOnly(vec![]),
    )
}

pub fn parse_time(s: &str) -> DateTime {
    kyso::time::parse_rfc3339(s).unwrap_or_else(|| panic!("bad time {s}"))
}
