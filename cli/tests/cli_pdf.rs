//! The CLI on PDFs (issue 11): `kyso sign` of a PDF, `kyso inspect doc.pdf`, `kyso verify
//! doc.pdf`. Runs the built `kyso` binary as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::{Command, Output};

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
