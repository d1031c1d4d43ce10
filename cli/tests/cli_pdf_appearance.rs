//! Visible signatures through the CLI (issue 13 item 1): `kyso sign --rect … --text … --image
//! …` on a PDF, then what real readers see: poppler's `pdffonts` (the font embedded, subset,
//! with ToUnicode), `pdftotext` (the Vietnamese text back, diacritics included) and
//! `pdftoppm` (pixels drawn inside the rectangle and nowhere else), and `kyso verify`
//! (TOTAL-PASSED, no modification finding). poppler-utils comes from scripts/pdf-peers.sh
//! (run by scripts/test.sh), the CFF font from Debian fonts-texgyre (scripts/test.sh); a
//! missing tool or font fails the test, it never skips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use kyso_testpki::pdf::one_page_pdf;
use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};

const LINES: [&str; 3] = [
    "Nguyễn Thị Lấp Lánh Ánh",
    "Đà Nẵng",
    "Ủy ban nhân dân huyện Núi Thành",
];
/// The rectangle, in points from the page's bottom-left corner (A4, 595 × 842).
const RECT: (u32, u32, u32, u32) = (300, 100, 220, 120);
const PAGE_HEIGHT: u32 = 842;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kyso"))
        .args(args)
        .output()
        .unwrap()
}

/// A poppler tool, which must be installed (scripts/pdf-peers.sh installs poppler-utils).
fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is missing ({e}): run scripts/pdf-peers.sh (Debian poppler-utils)")
    });
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn pki() -> &'static VnPki {
    static PKI: OnceLock<VnPki> = OnceLock::new();
    PKI.get_or_init(|| {
        VnPki::generate(
            &VnPkiOptions::fast(kyso_testpki::now().unwrap()),
            &mut DeterministicRng::from_seed(66),
        )
        .unwrap()
    })
}

struct Dir(PathBuf);
impl Dir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("kyso-appearance-{}-{tag}", std::process::id()));
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

/// A blue ring on a transparent background (Decree 30 Annex I: a blue signature image, PNG
/// with a transparent background).
fn ring_png() -> Vec<u8> {
    let (w, h) = (120u32, 60u32);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (f64::from(x) - 60.0, f64::from(y) - 30.0);
            let d = dx * dx / 3600.0 + dy * dy / 900.0;
            let alpha = if (0.5..1.0).contains(&d) { 255 } else { 0 };
            pixels.extend_from_slice(&[20, 40, 220, alpha]);
        }
    }
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        e.write_header().unwrap().write_image_data(&pixels).unwrap();
    }
    out
}

struct Fixture {
    dir: Dir,
    key: String,
    cert: String,
    chain: String,
    root: String,
    doc: String,
}

fn fixture(tag: &str) -> Fixture {
    let dir = Dir::new(tag);
    let p = pki();
    Fixture {
        key: dir.write("person.key", p.person.key_pem().unwrap()),
        cert: dir.write("person.pem", p.person.cert_pem()),
        chain: dir.write("sub.pem", p.sub_ca.cert_pem()),
        root: dir.write("root.pem", p.root.cert_pem()),
        doc: dir.write("doc.pdf", one_page_pdf()),
        dir,
    }
}

fn sign(f: &Fixture, out: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "sign", "--key", &f.key, "--cert", &f.cert, "--chain", &f.chain, "--in", &f.doc, "--out",
        out,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn rect_arg() -> String {
    let (x, y, w, h) = RECT;
    format!("{x},{y},{w},{h}")
}

/// The page rendered by pdftoppm at 72 dpi (one pixel per point), as RGB rows.
fn render(f: &Fixture, pdf: &str) -> (u32, u32, Vec<u8>) {
    let prefix = f.dir.path("page");
    tool(
        "pdftoppm",
        &["-png", "-r", "72", "-singlefile", pdf, &prefix],
    );
    let bytes = std::fs::read(format!("{prefix}.png")).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn visible_signature_is_embedded_searchable_drawn_in_its_box_and_verifies() {
    let f = fixture("visible");
    let image = f.dir.write("sig.png", ring_png());
    let out = f.dir.path("signed.pdf");
    let rect = rect_arg();
    let mut extra = vec!["--rect", rect.as_str(), "--image", image.as_str()];
    for line in LINES {
        extra.extend(["--text", line]);
    }
    let o = sign(&f, &out, &extra);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (input, output) = (std::fs::read(&f.doc).unwrap(), std::fs::read(&out).unwrap());
    assert!(
        output.starts_with(&input),
        "the input is a prefix of the output"
    );

    // Verification: TOTAL-PASSED, nothing changed after signing.
    let o = run(&[
        "verify",
        &out,
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{v:#}");
    assert_eq!(v["indication"], "TOTAL-PASSED");
    assert_eq!(v["signatures"][0]["modification_level"], "none", "{v:#}");
    assert_eq!(
        v["signatures"][0]["findings"],
        serde_json::json!([]),
        "{v:#}"
    );

    // pdffonts: name, type, encoding, emb, sub, uni, object, id.
    let fonts = tool("pdffonts", &[&out]);
    let line = fonts
        .lines()
        .find(|l| l.contains("+LiberationSerif"))
        .unwrap_or_else(|| panic!("no subset font:\n{fonts}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[0].find('+'), Some(6), "subset tag: {line}");
    assert!(
        line.contains("CID TrueType") && line.contains("Identity-H"),
        "{line}"
    );
    assert_eq!(
        &cols[cols.len() - 5..cols.len() - 2],
        ["yes", "yes", "yes"],
        "{line}"
    );
    assert_eq!(
        fonts.lines().count(),
        3,
        "one font only, no standard-14 fallback:\n{fonts}"
    );

    // poppler's own signature check agrees (-nocert: the test PKI is not in NSS's store).
    let sig = tool("pdfsig", &["-nocert", "-no-ocsp", &out]);
    assert!(sig.contains("Signature is Valid."), "{sig}");

    // pdftotext: the text back, every diacritic.
    let text = tool("pdftotext", &[&out, "-"]);
    for line in LINES {
        assert!(text.contains(line), "{line:?} not in {text:?}");
    }

    // pdftoppm: ink inside the rectangle (blue from the image, dark from the text) and
    // nothing outside it (one pixel of anti-aliasing allowed at the edge).
    let (width, height, pixels) = render(&f, &out);
    assert_eq!((width, height), (595, 842));
    let (x0, y_bottom, w, h) = RECT;
    let (left, right) = (x0, x0 + w);
    let (top, bottom) = (PAGE_HEIGHT - (y_bottom + h), PAGE_HEIGHT - y_bottom);
    let (mut inside_ink, mut blue, mut dark, mut outside_ink) = (0, 0, 0, 0);
    for y in 0..height {
        for x in 0..width {
            let i = usize::try_from((y * width + x) * 3).unwrap();
            let (r, g, b) = (pixels[i], pixels[i + 1], pixels[i + 2]);
            let ink = (r, g, b) != (255, 255, 255);
            let inside = (left..right).contains(&x) && (top..bottom).contains(&y);
            let near = (left.saturating_sub(1)..=right).contains(&x)
                && (top.saturating_sub(1)..=bottom).contains(&y);
            if inside && ink {
                inside_ink += 1;
                if b > 150 && r < 100 {
                    blue += 1;
                }
                if r < 100 && g < 100 && b < 100 {
                    dark += 1;
                }
            } else if !near && ink {
                outside_ink += 1;
            }
        }
    }
    assert_eq!(outside_ink, 0, "pixels drawn outside the rectangle");
    assert!(blue > 500, "{blue} blue pixels of the image");
    assert!(dark > 100, "{dark} dark text pixels");
    assert!(inside_ink > blue + dark);

    // Bytes an appearance adds: against the same signature without one.
    let plain = f.dir.path("plain.pdf");
    let rect = rect_arg();
    assert_eq!(sign(&f, &plain, &["--rect", &rect]).status.code(), Some(0));
    let text_only = f.dir.path("text.pdf");
    let mut extra = vec!["--rect", rect.as_str()];
    for line in LINES {
        extra.extend(["--text", line]);
    }
    assert_eq!(sign(&f, &text_only, &extra).status.code(), Some(0));
    let size = |p: &str| std::fs::metadata(p).unwrap().len();
    let (plain, text_only, both) = (size(&plain), size(&text_only), size(&out));
    eprintln!(
        "bytes added: text (font subset, ToUnicode, widths) {}, image (PNG ring 120×60 with \
         soft mask) {}",
        text_only - plain,
        both - text_only
    );
    // A subset of ~30 glyphs, not the 384 KB font.
    assert!(text_only - plain < 24_000, "{}", text_only - plain);
}

#[test]
fn bad_appearance_input_is_refused_with_no_output() {
    let f = fixture("refused");
    let rect = rect_arg();
    let cases: [(&str, Vec<String>, &str); 4] = [
        (
            "missing glyph",
            vec!["--text".into(), "Hà Nội 漢".into()],
            "漢",
        ),
        (
            "corrupt png",
            vec![
                "--text".into(),
                "Đà Nẵng".into(),
                "--image".into(),
                f.dir.write("bad.png", &ring_png()[..200]),
            ],
            "PNG",
        ),
        (
            "corrupt jpeg",
            vec![
                "--image".into(),
                f.dir.write("bad.jpg", [0xFF, 0xD8, 0xFF, 0xC0, 0]),
            ],
            "JPEG",
        ),
        (
            "corrupt font",
            vec![
                "--text".into(),
                "Đà Nẵng".into(),
                "--font".into(),
                f.dir.write("bad.ttf", b"\0\x01\0\0garbage"),
            ],
            "font",
        ),
    ];
    for (what, extra, expected) in cases {
        let out = f.dir.path("out.pdf");
        let mut args = vec![
            "--lang".to_owned(),
            "en".to_owned(),
            "--rect".to_owned(),
            rect.clone(),
        ];
        args.extend(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // `--lang` is a global flag: it goes before the subcommand.
        let mut full = vec![
            args[0], args[1], "sign", "--key", &f.key, "--cert", &f.cert, "--in", &f.doc, "--out",
            &out,
        ];
        full.extend_from_slice(&args[2..]);
        let o = run(&full);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(0), "{what}");
        assert!(stderr.contains(expected), "{what}: {stderr}");
        assert!(
            !std::path::Path::new(&out).exists(),
            "{what}: no output file"
        );
    }
}

#[test]
fn on_a_rotated_page_the_appearance_stands_upright_in_the_displayed_rectangle() {
    let f = fixture("rotated");
    let rotated = kyso_testpki::pdf::classic_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> /Rotate 90 >>",
        b"<< /Length 11 >>\nstream\nBT ET 0 0 m\nendstream",
    ]);
    let doc = f.dir.write("rotated.pdf", rotated);
    let out = f.dir.path("rotated-signed.pdf");
    // Displayed page: 842 wide, 595 high; the box from (500, 50), 250 × 60.
    let o = run(&[
        "sign",
        "--key",
        &f.key,
        "--cert",
        &f.cert,
        "--chain",
        &f.chain,
        "--in",
        &doc,
        "--out",
        &out,
        "--rect",
        "500,50,250,60",
        "--text",
        LINES[0],
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(tool("pdftotext", &[&out, "-"]).contains(LINES[0]));
    let (width, height, pixels) = render(&f, &out);
    assert_eq!((width, height), (842, 595));
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (u32::MAX, 0, u32::MAX, 0);
    for y in 0..height {
        for x in 0..width {
            let i = usize::try_from((y * width + x) * 3).unwrap();
            if pixels[i..i + 3] != [255, 255, 255] {
                (min_x, max_x) = (min_x.min(x), max_x.max(x));
                (min_y, max_y) = (min_y.min(y), max_y.max(y));
            }
        }
    }
    // Ink only inside the displayed box (x 500–750, y from the top 595−110 … 595−50).
    assert!(min_x >= 499 && max_x <= 750, "x {min_x}–{max_x}");
    assert!(min_y >= 484 && max_y <= 545, "y {min_y}–{max_y}");
    // One upright line of text: much wider than tall (turned, it would be tall and narrow).
    assert!(
        max_x - min_x > 4 * (max_y - min_y),
        "{min_x}–{max_x} × {min_y}–{max_y}"
    );
}

/// TeX Gyre Termes (a Times clone with CFF outlines, Debian fonts-texgyre, which
/// scripts/test.sh installs): an OpenType/CFF font embeds as CIDFontType0 with `/FontFile3
/// /OpenType` (shared/brief/pdf-ltv-login.md §1 row 5: OTF fonts broke other signers).
const CFF_FONT: &str = "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf";

#[test]
fn an_opentype_cff_font_embeds_as_a_cid_type0_subset() {
    assert!(
        std::path::Path::new(CFF_FONT).exists(),
        "{CFF_FONT} is missing: install Debian fonts-texgyre (scripts/test.sh does)"
    );
    let f = fixture("cff");
    let out = f.dir.path("cff.pdf");
    let rect = rect_arg();
    let mut extra = vec!["--rect", rect.as_str(), "--font", CFF_FONT];
    for line in LINES {
        extra.extend(["--text", line]);
    }
    let o = sign(&f, &out, &extra);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fonts = tool("pdffonts", &[&out]);
    let line = fonts
        .lines()
        .find(|l| l.contains("+TeXGyreTermes-Regular"))
        .unwrap_or_else(|| panic!("no subset font:\n{fonts}"));
    assert!(
        line.contains("CID Type 0C (OT)") && line.contains("Identity-H"),
        "{line}"
    );
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &cols[cols.len() - 5..cols.len() - 2],
        ["yes", "yes", "yes"],
        "{line}"
    );
    let text = tool("pdftotext", &[&out, "-"]);
    for line in LINES {
        assert!(text.contains(line), "{line:?} not in {text:?}");
    }
    let o = run(&[
        "verify",
        &out,
        "--trust",
        &f.root,
        "--danger-no-revocation",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["indication"], "TOTAL-PASSED", "{v:#}");
    assert_eq!(
        v["signatures"][0]["findings"],
        serde_json::json!([]),
        "{v:#}"
    );
}
