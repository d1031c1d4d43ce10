//! Hostile PDFs through the public verification API (issue 11 "Bad input";
//! shared/brief/pdf-ltv-login.md R19): every file of the corpora truncated at many offsets,
//! random byte mutations of the corpora (deterministic seed), and hand-built attacks on the
//! reader — `/Prev` loops, 10^5 nested arrays and dictionaries, a Flate stream inflating to
//! gigabytes (in an object stream and in an xref stream), huge and self-referencing
//! `/Length`, object-stream cycles and reference cycles. Each must give a report (typed
//! error or findings), never a panic, within a time bound; counts are printed.
//!
//! Mutation count: ≥ 50,000 (the figure) in release builds or with
//! `KYSO_HOSTILE_FULL=1`; a smaller sample otherwise so a debug `cargo test` stays quick
//! (scripts/test.sh runs the release build).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use kyso::{DateTime, Indication, PdfReport, RustCryptoProvider, ValidationPolicy, Verifier};
use kyso_tests::testdata;

/// One verification may take at most this long (generous for a loaded CI machine running a
/// debug build; a release run of the corpus takes milliseconds per file).
const TIME_BOUND: Duration = Duration::from_secs(20);

/// The figure for random mutations.
const FULL_MUTATIONS: usize = 50_000;
/// Mutations in a debug run without `KYSO_HOSTILE_FULL`.
const QUICK_MUTATIONS: usize = 1_000;

/// splitmix64: a tiny deterministic generator (the sequence is the test's seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = testdata().join("pdf");
    let mut out = Vec::new();
    for dir in ["pyhanko", "pyhanko/coverage-anomalies", "esig-dss"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        files.sort();
        for f in files {
            let name = format!("{dir}/{}", f.file_name().unwrap().to_string_lossy());
            out.push((name, std::fs::read(&f).unwrap()));
        }
    }
    assert!(out.len() >= 50, "the PDF corpora: {} files", out.len());
    out
}

/// What one hostile input did.
struct Outcome {
    report: Option<PdfReport>,
    panic: Option<String>,
    elapsed: Duration,
}

fn run(verifier: &Verifier<'_>, bytes: &[u8]) -> Outcome {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| verifier.verify_pdf(&bytes)));
    let elapsed = started.elapsed();
    match result {
        Ok(report) => Outcome {
            report: Some(report),
            panic: None,
            elapsed,
        },
        Err(payload) => Outcome {
            report: None,
            panic: Some(
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "non-string panic".into()),
            ),
            elapsed,
        },
    }
}

/// Runs and tallies many inputs: panics and overtime are collected (with what reproduces
/// them) and asserted at the end, so one run shows every problem.
#[derive(Default)]
struct Tally {
    runs: usize,
    panics: Vec<String>,
    slow: Vec<String>,
    total_passed: usize,
    slowest: Duration,
    slowest_case: String,
}

impl Tally {
    fn record(&mut self, case: impl Fn() -> String, outcome: &Outcome) -> Option<()> {
        self.runs += 1;
        if outcome.elapsed > self.slowest {
            self.slowest = outcome.elapsed;
            self.slowest_case = case();
        }
        if let Some(p) = &outcome.panic {
            self.panics.push(format!("{}: panic {p}", case()));
            return None;
        }
        if outcome.elapsed > TIME_BOUND {
            self.slow
                .push(format!("{}: {:.1?}", case(), outcome.elapsed));
        }
        if outcome.report.as_ref()?.indication == Indication::TotalPassed {
            self.total_passed += 1;
        }
        Some(())
    }

    fn finish(&self, what: &str) {
        println!(
            "pdf hostile: {what}: {} runs, {} panics, {} over {TIME_BOUND:?}, slowest {:.1?} ({}), \
             {} still TOTAL-PASSED",
            self.runs,
            self.panics.len(),
            self.slow.len(),
            self.slowest,
            self.slowest_case,
            self.total_passed
        );
        for p in self.panics.iter().take(20) {
            println!("  PANIC {p}");
        }
        for s in self.slow.iter().take(20) {
            println!("  SLOW {s}");
        }
        assert!(
            self.panics.is_empty(),
            "{what}: {} panics",
            self.panics.len()
        );
        assert!(
            self.slow.is_empty(),
            "{what}: {} over the time bound",
            self.slow.len()
        );
    }
}

fn verifier(crypto: &RustCryptoProvider) -> Verifier<'_> {
    // No anchors: the work of reading, ByteRange checks and CMS verification all happen; a
    // fixed time keeps runs reproducible.
    let now = DateTime::new(2026, 12, 1, 0, 0, 0).unwrap();
    Verifier::without_anchors(ValidationPolicy::vn_gov(), now, crypto)
}

/// Release builds and `KYSO_HOSTILE_FULL=1` run the full counts.
fn full_mode() -> bool {
    std::env::var_os("KYSO_HOSTILE_FULL").is_some() || !cfg!(debug_assertions)
}

/// Every corpus file cut at 64 evenly spread offsets, at each of its last 48 bytes and around
/// its first 16 `startxref`/`%%EOF`/`xref`/`endobj` keywords (where structure lives); fewer
/// in a quick (debug) run.
#[test]
fn truncations() {
    let crypto = RustCryptoProvider;
    let v = verifier(&crypto);
    let full = full_mode();
    let (spread, tail, per_keyword) = if full { (64, 48, 16) } else { (16, 12, 3) };
    let mut tally = Tally::default();
    for (name, bytes) in corpus() {
        let n = bytes.len();
        let mut cuts: Vec<usize> = (0..spread).map(|i| n * i / spread).collect();
        cuts.extend((1..=tail).map(|k| n.saturating_sub(k)));
        for keyword in [&b"startxref"[..], b"%%EOF", b"xref", b"endobj"] {
            for pos in find_all(&bytes, keyword).into_iter().take(per_keyword) {
                cuts.extend([pos, pos + 1, pos + keyword.len(), pos + keyword.len() + 2]);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts.into_iter().filter(|&c| c < n) {
            let outcome = run(&v, &bytes[..cut]);
            tally.record(|| format!("{name} cut at {cut}"), &outcome);
        }
    }
    println!(
        "pdf hostile: truncations in {} mode ({spread} spread cuts, last {tail} bytes, {per_keyword} per keyword and file)",
        if full { "full" } else { "quick" }
    );
    tally.finish("truncations");
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// Random mutations: 1–4 edits each (a random byte, a flipped bit, a digit changed, a byte
/// deleted or inserted, a span duplicated), placed anywhere, near the end (trailer, xref),
/// or at a structural keyword, on a file drawn from the corpora.
#[test]
fn mutations() {
    let full = full_mode();
    let count = if full {
        FULL_MUTATIONS
    } else {
        QUICK_MUTATIONS
    };
    let crypto = RustCryptoProvider;
    let v = verifier(&crypto);
    let files = corpus();
    let keywords: Vec<Vec<usize>> = files
        .iter()
        .map(|(_, b)| {
            let mut k = Vec::new();
            for kw in [
                &b" obj"[..],
                b"xref",
                b"/Length",
                b"/ByteRange",
                b"/Contents",
                b"/Prev",
                b"/W ",
                b"stream",
                b" R",
                b"/Type",
                b"trailer",
                b"/Filter",
                b"/First",
            ] {
                k.extend(find_all(b, kw));
            }
            k
        })
        .collect();
    let mut rng = Rng(0x6b79_736f_7064_6600);
    let mut tally = Tally::default();
    let started = Instant::now();
    for i in 0..count {
        let which = rng.below(files.len());
        let (name, original) = &files[which];
        let mut bytes = original.clone();
        let edits = 1 + rng.below(4);
        let mut what = Vec::new();
        for _ in 0..edits {
            let n = bytes.len().max(1);
            let pos = match rng.below(3) {
                0 => rng.below(n),
                1 => n.saturating_sub(1 + rng.below(2048.min(n))),
                _ => {
                    let k = &keywords[which];
                    if k.is_empty() {
                        rng.below(n)
                    } else {
                        (k[rng.below(k.len())] + rng.below(24)).min(n - 1)
                    }
                }
            };
            if bytes.is_empty() {
                break;
            }
            match rng.below(6) {
                0 => bytes[pos] = rng.next() as u8,
                1 => bytes[pos] ^= 1 << rng.below(8),
                2 => bytes[pos] = b"0123456789"[rng.below(10)],
                3 => {
                    bytes.remove(pos);
                }
                4 => bytes.insert(pos, b"0 []<>()/R\n"[rng.below(11)]),
                _ => {
                    let len = rng.below(64).min(bytes.len() - pos);
                    let span = bytes[pos..pos + len].to_vec();
                    bytes.splice(pos..pos, span);
                }
            }
            what.push(pos);
        }
        let outcome = run(&v, &bytes);
        tally.record(
            || format!("mutation #{i} of {name} at {what:?} (seed 0x6b79736f70646600)"),
            &outcome,
        );
    }
    println!(
        "pdf hostile: {count} mutations in {:.1?} ({} mode)",
        started.elapsed(),
        if full {
            "full"
        } else {
            "quick: KYSO_HOSTILE_FULL=1 or --release for 50,000"
        }
    );
    tally.finish("mutations");
}

// ---------------------------------------------------------------- hand-built attacks

/// A classic-xref PDF: `objects` as (number, body after `N 0 obj`), a table covering
/// 0..=max, and a trailer with `/Size`, `/Root 1 0 R` and `trailer_extra`. Returns the file
/// and the offset of its xref table.
fn classic(objects: &[(u32, Vec<u8>)], trailer_extra: &str) -> (Vec<u8>, usize) {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let max = objects.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let mut offsets = vec![None; max as usize + 1];
    for (n, body) in objects {
        offsets[*n as usize] = Some(out.len());
        writeln!(out, "{n} 0 obj").unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n", max + 1).unwrap();
    for o in &offsets {
        match o {
            Some(off) => writeln!(out, "{off:010} 00000 n ").unwrap(),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
        max + 1
    )
    .unwrap();
    (out, xref)
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A stream object body with `dict_extra` in its dictionary and `data` as its data;
/// `/Length` is the data's unless `length` overrides it.
fn stream(dict_extra: &str, data: &[u8], length: Option<&str>) -> Vec<u8> {
    let len = length.map_or_else(|| data.len().to_string(), str::to_owned);
    let mut out = format!("<< /Length {len} {dict_extra} >>\nstream\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A zlib stream inflating to `chunks` MiB of zeros, built from one full-flushed deflate
/// block repeated (after a full flush the compressor starts afresh, so every MiB compresses
/// to the same bytes): a few KiB per GiB, made in milliseconds.
fn flate_bomb(chunks: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut c = Compress::new(Compression::best(), true);
    let mut first = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut first, FlushCompress::Full)
        .unwrap();
    let mut block = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut block, FlushCompress::Full)
        .unwrap();
    let mut tail = Vec::with_capacity(64);
    c.compress_vec(&[], &mut tail, FlushCompress::Finish)
        .unwrap();
    let mut out = first;
    for _ in 1..chunks {
        out.extend_from_slice(&block);
    }
    // The Adler-32 in `tail` is for two MiB, not for `chunks`: a reader must stop at its
    // size limit long before it could check it.
    out.extend_from_slice(&tail);
    out
}

/// An xref-stream PDF: `objects` written in order as (number, body) at known offsets,
/// `in_streams` as (number, object stream, index) type-2 entries, and the xref stream as
/// object `xref_number` with `xref_extra` in its dictionary (raw entries, /W [1 4 2]).
fn with_xref_stream(
    objects: &[(u32, Vec<u8>)],
    in_streams: &[(u32, u32, u16)],
    xref_number: u32,
    xref_extra: &str,
) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut entries: std::collections::BTreeMap<u32, (u8, u32, u16)> = Default::default();
    for (n, body) in objects {
        entries.insert(*n, (1, out.len() as u32, 0));
        writeln!(out, "{n} 0 obj").unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    for (n, s, i) in in_streams {
        entries.insert(*n, (2, *s, *i));
    }
    let xref_offset = out.len();
    entries.insert(xref_number, (1, xref_offset as u32, 0));
    let size = entries.keys().max().unwrap() + 1;
    let mut data = vec![0u8, 0, 0, 0, 0, 0xff, 0xff]; // object 0: free
    for n in 1..size {
        let (t, a, b) = entries.get(&n).copied().unwrap_or((0, 0, 0));
        data.push(t);
        data.extend_from_slice(&a.to_be_bytes());
        data.extend_from_slice(&b.to_be_bytes());
    }
    writeln!(out, "{xref_number} 0 obj").unwrap();
    out.extend_from_slice(&stream(
        &format!("/Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R {xref_extra}"),
        &data,
        None,
    ));
    write!(out, "\nendobj\nstartxref\n{xref_offset}\n%%EOF\n").unwrap();
    out
}

/// An object stream holding `objects` (number, body), dictionary extras in `extra`.
fn object_stream(objects: &[(u32, &str)], extra: &str, filter_bomb: Option<usize>) -> Vec<u8> {
    let mut header = String::new();
    let mut body = String::new();
    for (n, o) in objects {
        header.push_str(&format!("{n} {} ", body.len()));
        body.push_str(o);
        body.push('\n');
    }
    let first = header.len();
    let data = format!("{header}{body}");
    match filter_bomb {
        None => stream(
            &format!("/Type /ObjStm /N {} /First {first} {extra}", objects.len()),
            data.as_bytes(),
            None,
        ),
        Some(chunks) => stream(
            &format!("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode {extra}"),
            &flate_bomb(chunks),
            None,
        ),
    }
}

const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>";

fn hostile_cases() -> Vec<(&'static str, Vec<u8>)> {
    let catalog = || obj("<< /Type /Catalog /Pages 2 0 R >>");
    let base = || vec![(1, catalog()), (2, obj(PAGES)), (3, obj(PAGE))];
    let mut cases = Vec::new();

    // /Prev pointing at its own section.
    {
        let objects = base();
        let (probe, _) = classic(&objects, "/Prev 0000000000");
        let xref = find_all(&probe, b"\nxref\n").last().copied().unwrap() + 1;
        let (file, xref2) = classic(&objects, &format!("/Prev {xref:010}"));
        assert_eq!(xref, xref2);
        cases.push(("xref /Prev to itself", file));
    }
    // Two sections whose /Prev point at each other.
    {
        let (mut file, first_xref) = classic(&base(), "/Prev 0000000000");
        let second_xref = file.len();
        write!(
            file,
            "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev {first_xref} >>\n\
             startxref\n{second_xref}\n%%EOF\n"
        )
        .unwrap();
        let at = find_all(&file, b"/Prev 0000000000")[0] + 6;
        file.splice(at..at + 10, format!("{second_xref:010}").into_bytes());
        cases.push(("xref /Prev loop of two sections", file));
    }
    // 10^5 nested arrays and dictionaries in the catalog (read by every verification).
    for (label, open, close) in [
        ("10^5 nested arrays", "[", "]"),
        ("10^5 nested dictionaries", "<< /A ", ">>"),
    ] {
        let deep = format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        let mut objects = base();
        objects[0].1 = obj(&format!("<< /Type /Catalog /Pages 2 0 R /Deep {deep} >>"));
        cases.push((label, classic(&objects, "").0));
        // Unclosed: the parser must not recurse or loop to the end either.
        let mut objects = base();
        objects[0].1 = obj(&format!(
            "<< /Type /Catalog /Pages 2 0 R /Deep {}",
            open.repeat(100_000)
        ));
        cases.push(("10^5 unclosed nestings", classic(&objects, "").0));
    }
    // A chain of 1000 references to reach the AcroForm, and a reference cycle.
    {
        let mut objects = base();
        objects[0].1 = obj("<< /Type /Catalog /Pages 2 0 R /AcroForm 10 0 R >>");
        for i in 10..1010u32 {
            objects.push((i, obj(&format!("{} 0 R", i + 1))));
        }
        objects.push((1010, obj("<< /Fields [] >>")));
        cases.push(("1000-long reference chain", classic(&objects, "").0));
        let mut objects = base();
        objects[0].1 = obj("<< /Type /Catalog /Pages 2 0 R /AcroForm 10 0 R >>");
        objects.push((10, obj("11 0 R")));
        objects.push((11, obj("10 0 R")));
        cases.push(("reference cycle", classic(&objects, "").0));
        let mut objects = base();
        objects[1].1 = obj("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>");
        cases.push(("page tree cycle", classic(&objects, "").0));
    }
    // Huge, negative and self-referencing /Length.
    for (label, length) in [
        ("/Length 99999999999999", "99999999999999"),
        ("/Length -5", "-5"),
        ("/Length referring to its own stream", "4 0 R"),
    ] {
        let mut objects = base();
        objects[0].1 = obj("<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>");
        objects[2].1 =
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        objects.push((4, stream("", b"BT ET", Some(length))));
        cases.push((label, classic(&objects, "").0));
    }
    // A decompression bomb (4 GiB of zeros) as a page's content stream and in the AcroForm
    // dictionary's object stream (which verification must decode).
    {
        let mut objects = base();
        objects[2].1 =
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        objects.push((4, stream("/Filter /FlateDecode", &flate_bomb(4096), None)));
        cases.push(("4 GiB Flate bomb as page content", classic(&objects, "").0));
        let objects = vec![
            (1, obj("<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>")),
            (2, obj(PAGES)),
            (3, obj(PAGE)),
            (5, object_stream(&[], "", Some(4096))),
        ];
        cases.push((
            "4 GiB Flate bomb as object stream",
            with_xref_stream(&objects, &[(6, 5, 0)], 7, ""),
        ));
        // The xref stream itself inflates to 4 GiB.
        let mut file = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (n, body) in [(1, catalog()), (2, obj(PAGES)), (3, obj(PAGE))] {
            offsets.push(file.len());
            writeln!(file, "{n} 0 obj").unwrap();
            file.extend_from_slice(&body);
            file.extend_from_slice(b"\nendobj\n");
        }
        let xref = file.len();
        file.extend_from_slice(b"4 0 obj\n");
        file.extend_from_slice(&stream(
            "/Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
            &flate_bomb(4096),
            None,
        ));
        write!(file, "\nendobj\nstartxref\n{xref}\n%%EOF\n").unwrap();
        cases.push(("4 GiB Flate bomb as xref stream", file));
    }
    // Object-stream cycles: the catalog inside object stream 5 which /Extends 6 which
    // /Extends 5; an object stream listed as stored inside itself; two object streams each
    // stored in the other.
    {
        let pages_and_page = [(2, PAGES), (3, PAGE)];
        let objects = vec![
            (
                5,
                object_stream(
                    &[(1, "<< /Type /Catalog /Pages 2 0 R >>")],
                    "/Extends 6 0 R",
                    None,
                ),
            ),
            (6, object_stream(&pages_and_page, "/Extends 5 0 R", None)),
        ];
        cases.push((
            "object streams extending each other",
            with_xref_stream(&objects, &[(1, 5, 0), (2, 6, 0), (3, 6, 1)], 7, ""),
        ));
        let objects = vec![(2, obj(PAGES)), (3, obj(PAGE))];
        cases.push((
            "object stream stored in itself",
            with_xref_stream(&objects, &[(1, 5, 0), (5, 5, 1)], 7, ""),
        ));
        cases.push((
            "object streams stored in each other",
            with_xref_stream(&objects, &[(1, 5, 0), (5, 6, 0), (6, 5, 0)], 7, ""),
        ));
        // The xref stream's /Prev pointing at itself.
        let objects = vec![(1, catalog()), (2, obj(PAGES)), (3, obj(PAGE))];
        let probe = with_xref_stream(&objects, &[], 7, "/Prev 0000000000");
        let at = find_all(&probe, b"7 0 obj").last().copied().unwrap();
        cases.push((
            "xref stream /Prev to itself",
            with_xref_stream(&objects, &[], 7, &format!("/Prev {at:010}")),
        ));
        // /Size claiming 2^31 objects, /W with huge widths, /Index beyond /Size.
        cases.push((
            "xref stream /Size 2147483647 /W [9 9 9]",
            with_xref_stream(&objects, &[], 7, "/Size 2147483647 /W [9 9 9]"),
        ));
        cases.push((
            "xref stream /Index [4294967295 4294967295]",
            with_xref_stream(&objects, &[], 7, "/Index [4294967295 4294967295]"),
        ));
    }
    cases
}

#[test]
fn hand_built_attacks() {
    let crypto = RustCryptoProvider;
    let v = verifier(&crypto);
    let mut tally = Tally::default();
    let cases = hostile_cases();
    for (label, file) in &cases {
        let outcome = run(&v, file);
        if let Some(r) = &outcome.report {
            let mut codes: Vec<&str> = r.findings.iter().map(|f| f.code.code()).collect();
            codes.dedup();
            println!(
                "pdf hostile: {label} ({} bytes, {:.1?}): {:?} {:?} revisions={} signatures={} {:?}",
                file.len(),
                outcome.elapsed,
                r.indication,
                r.sub_indication,
                r.revisions,
                r.signatures.len(),
                codes
            );
            // None of these has a signature: never a passing verdict.
            assert_ne!(r.indication, Indication::TotalPassed, "{label}");
            // The attacks a reader must name (R13, R19); the others must only be survived
            // (a page's content is not decoded by verification).
            let wanted = if label.contains("/Prev") {
                Some("pdf.xref.prev-loop")
            } else if label.starts_with("10^5")
                || label.contains("reference chain")
                || *label == "reference cycle"
                || *label == "4 GiB Flate bomb as object stream"
            {
                Some("pdf.limit.exceeded")
            } else {
                None
            };
            if let Some(code) = wanted {
                assert!(
                    codes.contains(&code),
                    "{label}: {code} expected, got {codes:?}"
                );
            }
        }
        tally.record(|| (*label).to_owned(), &outcome);
    }
    assert!(cases.len() >= 20, "{} cases", cases.len());
    tally.finish("hand-built attacks");
}
