//! PDFs signed by kyso, checked by the peers (issue 11 "Proof required", interop):
//! poppler `pdfsig` ("Signature is Valid." for every signature; `-nocert`: the test PKI is
//! not in an NSS database, the chain is pyHanko's and kyso's job), `qpdf --check` (no errors
//! or warnings), pyHanko `sign validate --trust root.pem --no-revocation-check` (intact and
//! valid), and kyso's own `Verifier::verify_pdf` (TOTAL-PASSED).
//!
//! Inputs: `$KYSO_TESTDATA/pdf/pyhanko/minimal.pdf`, rewritten by `qpdf` into a classic
//! table (`--object-streams=disable`) and an xref stream with object streams
//! (`--object-streams=generate`), and a 50 MB PDF made here. Cases: both SubFilters,
//! certification (DocMDP P=2) followed by an approval, two approvals in sequence, the
//! 50 MB file. Every output starts with its input byte for byte.
//!
//! The peers come from scripts/pdf-peers.sh (Debian poppler-utils and qpdf; pyHanko in
//! `${KYSO_PDF_VENV:-$HOME/.cache/kyso/pdf-venv}`); a missing peer fails the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::PathBuf;
use std::process::Command;

use kyso::{
    DateTime, DocMdpPermission, Indication, PdfSignOptions, PdfSubFilter, RustCryptoProvider,
    SoftwareKey, TrustStore, ValidationPolicy, Verifier, sign_pdf,
};
use kyso_testpki::{VnPki, VnPkiOptions, shift};
use kyso_tests::{DeterministicRng, TempDir, read_testdata};

const DAY: i64 = 86_400;

fn pyhanko() -> PathBuf {
    let venv = std::env::var_os("KYSO_PDF_VENV").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/kyso/pdf-venv"),
        PathBuf::from,
    );
    let exe = venv.join("bin/pyhanko");
    assert!(
        exe.exists(),
        "{} missing: run bash scripts/pdf-peers.sh (scripts/test.sh does)",
        exe.display()
    );
    exe
}

fn run(dir: &TempDir, program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program)
        .current_dir(dir.dir())
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} could not be run ({e}): install it with bash scripts/pdf-peers.sh")
        });
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

struct Scene {
    dir: TempDir,
    pki: VnPki,
    key: SoftwareKey,
    crls: Vec<Vec<u8>>,
    time: DateTime,
    now: DateTime,
}

fn scene(label: &str) -> Scene {
    let made = shift(kyso_testpki::now().unwrap(), -DAY).unwrap();
    let time = shift(made, DAY).unwrap();
    let now = shift(made, DAY + 3600).unwrap();
    let mut rng = DeterministicRng::from_label(label.as_bytes());
    let pki = VnPki::generate(&VnPkiOptions::fast(made), &mut rng).unwrap();
    let issued = shift(made, 60).unwrap();
    let crls = vec![
        pki.sub_ca_crl(Vec::new(), issued, &mut rng).unwrap(),
        pki.root_crl(issued, &mut rng).unwrap(),
    ];
    let key = SoftwareKey::from_pkcs8_der(&pki.person.key.pkcs8_der().unwrap()).unwrap();
    let dir = TempDir::new("pdf-sign-interop");
    dir.write("root.pem", pki.root.cert_pem());
    dir.write("minimal.pdf", read_testdata("pdf/pyhanko/minimal.pdf"));
    Scene {
        dir,
        pki,
        key,
        crls,
        time,
        now,
    }
}

impl Scene {
    fn options(&self) -> PdfSignOptions {
        let mut o = PdfSignOptions::new(self.time);
        o.chain = vec![self.pki.sub_ca.certificate.clone()];
        o.reason = Some("Phê duyệt văn bản".into());
        o.location = Some("Hà Nội".into());
        o
    }

    /// `qpdf ARGS minimal.pdf OUT`.
    fn qpdf_rewrite(&self, args: &[&str], out: &str) -> Vec<u8> {
        let mut all = args.to_vec();
        all.extend_from_slice(&["minimal.pdf", out]);
        let (ok, text) = run(&self.dir, "qpdf", &all);
        assert!(ok, "qpdf {all:?}: {text}");
        self.dir.read(out)
    }

    /// Signs `input` with kyso, writes `output`, checks the prefix property.
    fn sign(&self, input: &[u8], output: &str, options: &PdfSignOptions) -> Vec<u8> {
        let mut rng = DeterministicRng::from_label(output.as_bytes());
        let update = sign_pdf(
            &input,
            &self.key,
            &self.pki.person.certificate,
            options,
            &RustCryptoProvider,
            &mut rng,
        )
        .unwrap_or_else(|e| panic!("{output}: {e}"));
        let mut signed = input.to_vec();
        signed.extend_from_slice(&update.bytes);
        assert!(signed.starts_with(input));
        self.dir.write(output, &signed);
        signed
    }

    /// Every peer and kyso accept `file` with `signatures` signatures.
    fn check(&self, file: &str, signatures: usize) {
        // poppler
        let (_, text) = run(&self.dir, "pdfsig", &["-nocert", "-no-ocsp", file]);
        let valid = text.matches("Signature is Valid.").count();
        assert_eq!(valid, signatures, "pdfsig {file}:\n{text}");
        assert_eq!(
            text.matches("Signature #").count(),
            signatures,
            "pdfsig {file}:\n{text}"
        );
        // qpdf
        let (ok, text) = run(&self.dir, "qpdf", &["--check", file]);
        assert!(
            ok && !text.contains("WARNING") && text.contains("No syntax or stream encoding errors"),
            "qpdf --check {file}:\n{text}"
        );
        // pyHanko: every signature intact and valid against the test root.
        let exe = pyhanko();
        let (ok, text) = run(
            &self.dir,
            exe.to_str().unwrap(),
            &[
                "sign",
                "validate",
                "--trust",
                "root.pem",
                "--no-revocation-check",
                "--pretty-print",
                file,
            ],
        );
        assert!(ok, "pyhanko sign validate {file}:\n{text}");
        assert!(
            text.contains("judged VALID") && !text.contains("INVALID"),
            "pyhanko sign validate {file}:\n{text}"
        );
        // The newest signature covers the file; each earlier one sees only signing and
        // form-filling changes (pyHanko's FORM_FILLING modification level: a new signature
        // field and its signature).
        assert_eq!(
            text.matches("The signature covers the entire file.")
                .count(),
            1,
            "pyhanko sign validate {file}:\n{text}"
        );
        assert_eq!(
            text.matches("All modifications relate to signing and form filling operations")
                .count(),
            signatures - 1,
            "pyhanko sign validate {file}:\n{text}"
        );
        println!("pyhanko {file}:\n{text}");
        // kyso
        let bytes = self.dir.read(file);
        let crypto = RustCryptoProvider;
        let mut anchors = TrustStore::new();
        anchors.add_anchor(self.pki.root.certificate.clone());
        let mut v = Verifier::new(anchors, ValidationPolicy::vn_gov(), self.now, &crypto);
        for crl in &self.crls {
            v.add_crl(crl).unwrap();
        }
        let report = v.verify_pdf(&bytes);
        assert_eq!(report.signatures.len(), signatures, "{}", report.to_json());
        for sig in &report.signatures {
            let cms = sig.cms.as_ref().expect("a CMS verdict");
            assert_eq!(
                cms.indication,
                Indication::TotalPassed,
                "{}",
                report.to_json()
            );
        }
        assert_eq!(
            report.indication,
            Indication::TotalPassed,
            "{}",
            report.to_json()
        );
    }
}

#[test]
fn both_subfilters_on_table_and_object_stream_inputs() {
    let s = scene("pdf-sign-interop-subfilters");
    let table = s.qpdf_rewrite(&["--object-streams=disable"], "table.pdf");
    let objstm = s.qpdf_rewrite(&["--object-streams=generate"], "objstm.pdf");
    let minimal = s.dir.read("minimal.pdf");
    for (name, input) in [
        ("minimal", &minimal),
        ("table", &table),
        ("objstm", &objstm),
    ] {
        for (tag, sub_filter) in [
            ("pkcs7", PdfSubFilter::Pkcs7Detached),
            ("cades", PdfSubFilter::CadesDetached),
        ] {
            let mut o = s.options();
            o.sub_filter = sub_filter;
            let out = format!("{name}-{tag}.pdf");
            s.sign(input, &out, &o);
            s.check(&out, 1);
        }
    }
}

#[test]
fn certification_then_approval_and_two_approvals() {
    let s = scene("pdf-sign-interop-sequence");
    let objstm = s.qpdf_rewrite(&["--object-streams=generate"], "objstm.pdf");
    let table = s.qpdf_rewrite(&["--object-streams=disable"], "table.pdf");
    for (name, input) in [("objstm", &objstm), ("table", &table)] {
        let mut o = s.options();
        o.certify = Some(DocMdpPermission::P2);
        o.sub_filter = PdfSubFilter::CadesDetached;
        let first = format!("{name}-certified.pdf");
        let certified = s.sign(input, &first, &o);
        s.check(&first, 1);
        let second = format!("{name}-certified-approved.pdf");
        s.sign(&certified, &second, &s.options());
        s.check(&second, 2);

        let once = s.sign(input, &format!("{name}-a1.pdf"), &s.options());
        let twice = format!("{name}-a2.pdf");
        s.sign(&once, &twice, &s.options());
        s.check(&twice, 2);
    }
}

/// A one-page PDF of about `size` bytes: the page's content stream is `size` bytes of path
/// operators (a classic table; offsets computed).
fn big_pdf(size: usize) -> Vec<u8> {
    let line = b"10 10 m 20 20 l S\n";
    let mut content = Vec::with_capacity(size + line.len());
    while content.len() < size {
        content.extend_from_slice(line);
    }
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for body in [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            &content,
            b"\nendstream",
        ]
        .concat(),
    ] {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 5\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

#[test]
fn a_50_mb_pdf() {
    let s = scene("pdf-sign-interop-50mb");
    let big = big_pdf(50 * 1024 * 1024);
    s.dir.write("big.pdf", &big);
    let mut o = s.options();
    o.sub_filter = PdfSubFilter::CadesDetached;
    s.sign(&big, "big-signed.pdf", &o);
    s.check("big-signed.pdf", 1);
}
