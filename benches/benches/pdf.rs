//! PDF verification and signing (issue 11): kyso native against pyHanko in-process (the
//! Python script benches/pdf/pyhanko_verify.py, in the venv scripts/pdf-peers.sh makes) on the
//! same files in the same run, as time ratios; and the peak memory of signing a 200 MB PDF.
//!
//! Files, made here with kyso's own writer and a kyso-testpki chain: a 100 KB and a 10 MB
//! signed PDF, and PDFs with 1, 5 and 20 signatures (each signature its own revision).
//!
//! `cargo bench -p kyso-benches --bench pdf` prints the ratios (needs the pyHanko venv,
//! `bash scripts/pdf-peers.sh`) and the peak RSS of signing 200 MB in a child process;
//! `cargo test -p kyso-benches --benches` (the test command) runs every kyso case once, with a
//! 20 MB signing child, and checks each verification is TOTAL-PASSED.
//!
//! With `KYSO_BENCH_PDF_EXPORT=DIR` (what benches/wasm-pdf.mjs sets, under `cargo bench`) it
//! does only this instead: writes the same files, the root certificate and the native time per
//! verification of each file to DIR, for the Node bench to verify the very same bytes with
//! kyso-wasm and print the ratios wasm / native.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kyso::{
    Indication, PdfSignOptions, PdfSource, RustCryptoProvider, SoftwareKey, SourceError,
    TrustStore, ValidationPolicy, Verifier,
};
use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};

/// The validation time ("now") of every verification here.
const NOW: &str = "2025-03-14T10:00:00+07:00";

fn now() -> kyso::DateTime {
    kyso::time::parse_rfc3339(NOW).unwrap()
}

/// A one-page PDF whose content stream makes it about `size` bytes (classic xref table).
fn base_pdf(size: usize) -> Vec<u8> {
    let mut out = kyso_testpki::pdf::HEADER.to_vec();
    let body = pdf_body(out.len(), size);
    out.extend_from_slice(&body);
    out
}

/// The objects, cross-reference table and trailer of a one-page PDF, to be written after
/// `prefix_len` bytes of header (offsets count them).
fn pdf_body(prefix_len: usize, size: usize) -> Vec<u8> {
    let line = b"0 0 m 100 100 l S\n";
    let mut content = Vec::with_capacity(size);
    while content.len() + line.len() < size.max(line.len()) {
        content.extend_from_slice(line);
    }
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(&content);
    stream.extend_from_slice(b"\nendstream");
    kyso_testpki::pdf::classic_body(
        prefix_len,
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            &stream,
        ],
    )
}

struct Signing {
    pki: VnPki,
    key: SoftwareKey,
}

fn signing() -> Signing {
    let pki = VnPki::generate(
        &VnPkiOptions::fast(now()),
        &mut DeterministicRng::from_seed(1),
    )
    .unwrap();
    let key = SoftwareKey::from_pem(pki.person.key_pem().unwrap().as_bytes(), None).unwrap();
    Signing { pki, key }
}

fn sign(s: &Signing, source: &dyn PdfSource, field: usize) -> Vec<u8> {
    let mut options = PdfSignOptions::new(now());
    options.field = Some(format!("Signature{field}"));
    options.chain = vec![s.pki.sub_ca.certificate.clone()];
    let update = kyso::sign_pdf(
        source,
        &s.key,
        &s.pki.person.certificate,
        &options,
        &RustCryptoProvider,
        &mut DeterministicRng::from_seed(u64::try_from(field).unwrap()),
    )
    .unwrap();
    update.bytes
}

fn signed(s: &Signing, size: usize, signatures: usize) -> Vec<u8> {
    let mut pdf = base_pdf(size);
    for i in 1..=signatures {
        let update = sign(s, &pdf, i);
        pdf.extend_from_slice(&update);
    }
    pdf
}

fn verifier(s: &Signing) -> Verifier<'static> {
    let mut anchors = TrustStore::new();
    anchors.add_anchor(s.pki.root.certificate.clone());
    Verifier::new(
        anchors,
        ValidationPolicy::vn_gov().danger_without_revocation(),
        now(),
        &RustCryptoProvider,
    )
}

/// Milliseconds per call, over enough calls to take about `budget_ms`.
fn time_ms(budget_ms: f64, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut n = 0u32;
    while n < 3 || (start.elapsed().as_secs_f64() * 1000.0 < budget_ms && n < 10_000) {
        f();
        n += 1;
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
}

/// A file read at offsets (what the CLI does), for the signing-memory child.
struct FileSource(std::cell::RefCell<std::fs::File>, u64);

impl PdfSource for FileSource {
    fn len(&self) -> u64 {
        self.1
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = self.0.borrow_mut();
        f.seek(SeekFrom::Start(offset))
            .map_err(|e| SourceError::new(e.to_string()))?;
        let mut filled = 0;
        while filled < buf.len() {
            let n = f
                .read(&mut buf[filled..])
                .map_err(|e| SourceError::new(e.to_string()))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        Ok(filled)
    }
}

/// Child process: sign a `megabytes` MB PDF from disk to disk, then print the peak RSS
/// (VmHWM) in KiB.
fn signing_child(megabytes: usize) {
    let dir = std::env::temp_dir().join(format!("kyso-bench-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.pdf");
    {
        // Written in pieces (comment lines of 1 MiB, then the document) so that making the
        // input does not raise the peak.
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        let mut filler = vec![b'%'; 1 << 20];
        *filler.last_mut().unwrap() = b'\n';
        f.write_all(b"%PDF-1.7\n").unwrap();
        for _ in 0..megabytes {
            f.write_all(&filler).unwrap();
        }
        f.write_all(&pdf_body(9 + megabytes * (1 << 20), 1024))
            .unwrap();
    }
    let s = signing();
    let file = std::fs::File::open(&input).unwrap();
    let len = file.metadata().unwrap().len();
    let source = FileSource(std::cell::RefCell::new(file), len);
    let update = sign(&s, &source, 1);
    let output = dir.join("out.pdf");
    std::fs::copy(&input, &output).unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(&output)
        .unwrap()
        .write_all(&update)
        .unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: 0 kB")
        .to_owned();
    // Check the result is a valid signed PDF (verified from the file, at offsets).
    let out = std::fs::File::open(&output).unwrap();
    let out_len = out.metadata().unwrap().len();
    let report = verifier(&s).verify_pdf(&FileSource(std::cell::RefCell::new(out), out_len));
    assert_eq!(
        report.indication,
        Indication::TotalPassed,
        "{}",
        report.to_json()
    );
    println!("{hwm}");
    std::fs::remove_dir_all(&dir).ok();
}

fn signing_peak_kib(megabytes: usize) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("KYSO_BENCH_PDF_SIGN_CHILD", megabytes.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .expect("child printed VmHWM");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn pyhanko_python() -> PathBuf {
    let venv = std::env::var("KYSO_PDF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/kyso/pdf-venv")
        });
    venv.join("bin/python")
}

/// The bench's files: a 100 KB and a 10 MB signed PDF, and PDFs with 5 and 20 signatures.
fn cases(s: &Signing) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("100 KB, 1 signature", signed(s, 100 * 1024, 1)),
        ("10 MB, 1 signature", signed(s, 10 * 1024 * 1024, 1)),
        ("5 signatures", signed(s, 20 * 1024, 5)),
        ("20 signatures", signed(s, 20 * 1024, 20)),
    ]
}

/// A count from the environment (the Node bench passes its own, so both sides time alike).
fn env_count(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// Milliseconds per call: one warm-up call, then `rounds` rounds of `iterations` calls; the
/// fastest round's mean. The machine is shared (other builds and tests run beside a bench), and
/// the fastest round is the one least disturbed by them; benches/wasm-pdf.mjs times kyso-wasm
/// the same way.
fn best_round_ms(rounds: u32, iterations: u32, mut f: impl FnMut()) -> f64 {
    f();
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations));
    }
    best
}

/// `KYSO_BENCH_PDF_EXPORT=DIR`: the files as case{i}.pdf, the root as root.pem, and
/// native.json: per file its name, size, signature count and native ms per `verify_pdf`
/// (vn-gov, without revocation, at `now()`: what the Node bench asks of kyso-wasm too).
fn export(dir: &Path) {
    let rounds = env_count("KYSO_BENCH_ROUNDS", 5);
    let iterations = env_count("KYSO_BENCH_ITERATIONS", 10);
    std::fs::create_dir_all(dir).unwrap();
    let s = signing();
    std::fs::write(dir.join("root.pem"), s.pki.root.cert_pem()).unwrap();
    let v = verifier(&s);
    let mut entries = Vec::new();
    for (i, (name, pdf)) in cases(&s).iter().enumerate() {
        let report = v.verify_pdf(pdf);
        assert_eq!(
            report.indication,
            Indication::TotalPassed,
            "{name}: {}",
            report.to_json()
        );
        let file = format!("case{i}.pdf");
        std::fs::write(dir.join(&file), pdf).unwrap();
        let ms = best_round_ms(rounds, iterations, || drop(v.verify_pdf(pdf)));
        entries.push(format!(
            "{{\"name\": \"{name}\", \"file\": \"{file}\", \"bytes\": {}, \"signatures\": {}, \"ms\": {ms}}}",
            pdf.len(),
            report.signatures.len()
        ));
    }
    std::fs::write(
        dir.join("native.json"),
        format!(
            "{{\"now\": \"{}\", \"rounds\": {rounds}, \"iterations\": {iterations}, \"cases\": [{}]}}\n",
            NOW,
            entries.join(", ")
        ),
    )
    .unwrap();
}

fn main() {
    if let Ok(mb) = std::env::var("KYSO_BENCH_PDF_SIGN_CHILD") {
        signing_child(mb.parse().unwrap());
        return;
    }
    if let Ok(dir) = std::env::var("KYSO_BENCH_PDF_EXPORT") {
        export(Path::new(&dir));
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let s = signing();
    let cases = cases(&s);
    let v = verifier(&s);
    let mut kyso_ms = Vec::new();
    for (name, pdf) in &cases {
        let report = v.verify_pdf(pdf);
        assert_eq!(
            report.indication,
            Indication::TotalPassed,
            "{name}: {}",
            report.to_json()
        );
        let ms = if full {
            time_ms(2000.0, || drop(v.verify_pdf(pdf)))
        } else {
            0.0
        };
        kyso_ms.push(ms);
    }
    let megabytes = if full { 200 } else { 20 };
    let peak = signing_peak_kib(megabytes);
    println!(
        "pdf sign {megabytes} MB from disk: peak RSS {:.1} MiB (goal < 64 MiB)",
        peak as f64 / 1024.0
    );
    if !full {
        println!(
            "pdf bench (test mode): {} verifications TOTAL-PASSED, signing child ok",
            cases.len()
        );
        return;
    }
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB over 64 MiB");
    // pyHanko on the same files.
    let dir = std::env::temp_dir().join(format!("kyso-bench-pdf-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = dir.join("root.pem");
    std::fs::write(&root, s.pki.root.cert_pem()).unwrap();
    let mut paths = Vec::new();
    for (i, (_, pdf)) in cases.iter().enumerate() {
        let p = dir.join(format!("case{i}.pdf"));
        std::fs::write(&p, pdf).unwrap();
        paths.push(p);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("pdf/pyhanko_verify.py");
    let out = std::process::Command::new(pyhanko_python())
        .arg(&script)
        .arg(&root)
        .arg("5")
        .args(&paths)
        .output()
        .expect("pyHanko venv missing: run `bash scripts/pdf-peers.sh`");
    assert!(
        out.status.success(),
        "pyHanko: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let times: std::collections::BTreeMap<String, f64> =
        serde_json_lite(&String::from_utf8_lossy(&out.stdout));
    println!("\npdf verify, kyso native vs pyHanko in-process (goal: kyso ≥ 20× faster)");
    for (i, (name, _)) in cases.iter().enumerate() {
        let py = times[&paths[i].display().to_string()];
        println!(
            "  {name:<22} kyso {:>9.3} ms  pyHanko {:>9.3} ms  ratio {:>6.1}×",
            kyso_ms[i],
            py,
            py / kyso_ms[i]
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The script prints `{"path": ms, …}`: a flat object of numbers, read without a JSON crate.
fn serde_json_lite(text: &str) -> std::collections::BTreeMap<String, f64> {
    let mut out = std::collections::BTreeMap::new();
    let body = text.trim().trim_start_matches('{').trim_end_matches('}');
    for pair in body.split(", \"") {
        let pair = pair.trim_start_matches('"');
        if let Some((k, v)) = pair.rsplit_once("\": ") {
            out.insert(k.to_owned(), v.trim().parse().unwrap());
        }
    }
    out
}
