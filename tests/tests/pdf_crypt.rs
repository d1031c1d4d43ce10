//! Encrypted PDFs (ISO 32000-2 §7.6, the standard security handler) verified through kyso's
//! public API: a one-page PDF encrypted by qpdf (RC4-128, AES-128, AES-256; empty and
//! non-empty user passwords), signed by pyHanko (which keeps the signature's `/Contents`
//! unencrypted, §7.6.2), then `Verifier::verify_pdf_with` with the user password, the owner
//! password and a wrong one. Peers: qpdf, OpenSSL and the pyHanko venv of
//! scripts/pdf-peers.sh (`$KYSO_PDF_VENV`); the test fails without them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::PathBuf;
use std::process::Command;

use kyso::{
    Certificate, DateTime, Indication, PdfVerifyOptions, RustCryptoProvider, TrustStore,
    ValidationPolicy, ValidationTime, Verifier,
};
use kyso_tests::{TempDir, keyalg, openssl_ca, openssl_genpkey, openssl_issue};

const PLAIN: &str = "%PDF-1.7
1 0 obj
<< /Type /Catalog /Pages 2 0 R >>
endobj
2 0 obj
<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>
endobj
3 0 obj
<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> >>
endobj
4 0 obj
<< /Length 44 >>
stream
BT /F1 12 Tf 10 50 Td (kyso page text) Tj ET
endstream
endobj
trailer
<< /Size 5 /Root 1 0 R >>
%%EOF
";

/// pyHanko signs an encrypted file once authenticated with the owner password.
const SIGN: &str = "import sys
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
src, dst, pw = sys.argv[1], sys.argv[2], sys.argv[3].encode()
with open(src, 'rb') as f:
    w = IncrementalPdfFileWriter(f)
    w.encrypt(pw)
    signer = signers.SimpleSigner.load('leaf.key', 'leaf.pem', ca_chain_files=('ca.pem',))
    with open(dst, 'wb') as out:
        signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name='Sig1'), signer=signer, output=out)
";

const OWNER: &str = "kyso-owner";

fn python() -> PathBuf {
    let venv = std::env::var_os("KYSO_PDF_VENV").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/kyso/pdf-venv"),
        PathBuf::from,
    );
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/pdf-peers.sh",
        python.display()
    );
    python
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e} (run scripts/pdf-peers.sh)"));
    // qpdf exits 3 on warnings (it repairs the hand-written file's missing xref table).
    let code = output.status.code();
    assert!(
        code == Some(0) || code == Some(3),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn encrypted_pdfs_signed_by_pyhanko_verify() {
    let dir = TempDir::new("pdf-crypt");
    let python = python();
    openssl_ca(dir.dir(), keyalg::RSA_2048, "/CN=kyso crypt test CA", 3650);
    openssl_genpkey(dir.dir(), keyalg::RSA_2048, "leaf.key");
    dir.write(
        "leaf.ext",
        "keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=critical,CA:FALSE\n",
    );
    openssl_issue(
        dir.dir(),
        "leaf.key",
        "/CN=Nguyễn Văn Mã Hóa",
        "leaf.pem",
        &["-days", "3650", "-extfile", "leaf.ext"],
    );
    dir.write("plain.pdf", PLAIN);
    dir.write("sign.py", SIGN);
    run(Command::new("qpdf")
        .current_dir(dir.dir())
        .args(["plain.pdf", "base.pdf"]));

    let crypto = RustCryptoProvider;
    let mut store = TrustStore::new();
    for c in Certificate::from_pem(&dir.read("ca.pem")).unwrap() {
        store.add_anchor(c);
    }
    // name | user password | qpdf key arguments
    let cases: [(&str, &str, &[&str]); 5] = [
        ("rc4-128", "", &["128", "--use-aes=n"]),
        ("aes-128", "", &["128", "--use-aes=y"]),
        ("aes-256", "", &["256"]),
        ("aes-256-user", "kyso-user", &["256"]),
        ("aes-128-user", "kyso-user", &["128", "--use-aes=y"]),
    ];
    let mut checked = 0;
    for (name, user, key) in cases {
        let encrypted = format!("{name}.pdf");
        let signed = format!("{name}-signed.pdf");
        let mut qpdf = Command::new("qpdf");
        qpdf.current_dir(dir.dir())
            .args(["--allow-weak-crypto", "--encrypt", user, OWNER])
            .args(key)
            .args(["--", "base.pdf", &encrypted]);
        run(&mut qpdf);
        run(Command::new(&python)
            .current_dir(dir.dir())
            .args(["sign.py", &encrypted, &signed, OWNER]));
        let bytes = dir.read(&signed);
        // Validated now (the certificates and the signature were made moments ago).
        let now = DateTime::from_unix_duration(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap(),
        )
        .unwrap();
        let policy = ValidationPolicy::vn_gov()
            .danger_without_revocation()
            .with_validation_time(ValidationTime::At(now));
        let verifier = Verifier::borrowing(&store, policy, now, &crypto);
        let passwords: Vec<Option<&str>> = if user.is_empty() {
            vec![None, Some(OWNER)]
        } else {
            vec![Some(user), Some(OWNER)]
        };
        for password in passwords {
            let mut options = PdfVerifyOptions::default();
            if let Some(p) = password {
                options = options.with_password(p);
            }
            let report = verifier.verify_pdf_with(&bytes, &options);
            let codes: Vec<&str> = report.findings.iter().map(|f| f.code.code()).collect();
            assert!(report.encrypted, "{name}");
            assert_eq!(report.signatures.len(), 1, "{name} {password:?}: {codes:?}");
            let signature = &report.signatures[0];
            assert!(signature.covers_whole_document, "{name}");
            assert_eq!(
                report.indication,
                Indication::TotalPassed,
                "{name} {password:?}: {}",
                report.to_json()
            );
            checked += 1;
        }
        // A wrong password is reported as such, not as a damaged file.
        let wrong = PdfVerifyOptions::default().with_password("wrong");
        let report = verifier.verify_pdf_with(&bytes, &wrong);
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.code()).collect();
        assert!(report.signatures.is_empty(), "{name}");
        assert!(
            codes.contains(&"pdf.crypt.wrong-password"),
            "{name}: {codes:?}"
        );
        if !user.is_empty() {
            let report = verifier.verify_pdf_with(&bytes, &PdfVerifyOptions::default());
            let codes: Vec<&str> = report.findings.iter().map(|f| f.code.code()).collect();
            assert!(
                codes.contains(&"pdf.crypt.wrong-password"),
                "{name}: {codes:?}"
            );
        }
    }
    println!("pdf crypt: {checked} verifications of pyHanko-signed, qpdf-encrypted PDFs passed");
}
