//! Issue 11 item 5, the attack table: each attack class built at test time on a PDF signed by
//! kyso's own writer (certified, DocMDP P=2 unless the attack needs P=3), by appending the
//! attacker's incremental update; kyso must name it with its finding code and must not say
//! TOTAL-PASSED. Permitted changes are checked not to be flagged. Prints the table with
//! --nocapture. (The analysis rules themselves are unit-tested in core/src/pdf/modification.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use kyso::{
    DocMdpPermission, Indication, PdfReport, PdfSignOptions, RustCryptoProvider, SoftwareKey,
    TrustStore, ValidationPolicy, Verifier,
};
use kyso_testpki::pdf::last_startxref;
use kyso_testpki::{DeterministicRng, VnPki, VnPkiOptions};

fn now() -> kyso::DateTime {
    kyso::time::parse_rfc3339("2025-03-14T10:00:00+07:00").unwrap()
}

/// A one-page PDF (classic table) with a spare, unreferenced stream 5 (shadow content an
/// attacker prepared before signing) and a font 6.
fn base_pdf() -> Vec<u8> {
    base_pdf_with(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>")
}

/// [`base_pdf`] with another page dictionary (object 3).
fn base_pdf_with(page: &[u8]) -> Vec<u8> {
    let objects: [&[u8]; 6] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (So tien: 500.000) Tj ET\nendstream",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (So tien: 900.000) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    kyso_testpki::pdf::classic_pdf(&objects)
}

fn last_size(pdf: &[u8]) -> u32 {
    let text = String::from_utf8_lossy(pdf).into_owned();
    let at = text.rfind("/Size ").unwrap();
    text[at + 6..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Appends an incremental update: `objects` written (or, with `offset: Some`, only re-pointed to
/// an existing offset), a classic table chained to the previous section.
/// An object of an update: its number, and its new body or the offset it is re-pointed to.
type UpdateObject<'a> = (u32, Option<&'a [u8]>, Option<usize>);

fn append(pdf: &mut Vec<u8>, objects: &[UpdateObject<'_>], root: &str) {
    let prev = last_startxref(pdf);
    let size = last_size(pdf).max(objects.iter().map(|o| o.0 + 1).max().unwrap_or(0));
    let mut entries = Vec::new();
    for (number, body, offset) in objects {
        let at = match (body, offset) {
            (Some(body), _) => {
                let at = pdf.len();
                pdf.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
                pdf.extend_from_slice(body);
                pdf.extend_from_slice(b"\nendobj\n");
                at
            }
            (None, Some(o)) => *o,
            _ => unreachable!(),
        };
        entries.push((*number, at));
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n");
    for (number, at) in &entries {
        pdf.extend_from_slice(format!("{number} 1\n{at:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
}

/// The body of the newest definition of object `number` written in the file.
fn last_object_body(pdf: &[u8], number: u32) -> String {
    let text = String::from_utf8_lossy(pdf).into_owned();
    let header = format!("\n{number} 0 obj");
    let at = text.rfind(&header).unwrap() + header.len();
    let end = at + text[at..].find("endobj").unwrap();
    text[at..end].trim().to_owned()
}

fn offset_of(pdf: &[u8], header: &str) -> usize {
    let needle = header.as_bytes();
    pdf.windows(needle.len()).position(|w| w == needle).unwrap()
}

struct Setup {
    pki: VnPki,
    key: SoftwareKey,
}

fn setup() -> Setup {
    let pki = VnPki::generate(
        &VnPkiOptions::fast(now()),
        &mut DeterministicRng::from_seed(7),
    )
    .unwrap();
    let key = SoftwareKey::from_pem(pki.person.key_pem().unwrap().as_bytes(), None).unwrap();
    Setup { pki, key }
}

fn signed(s: &Setup, certify: Option<DocMdpPermission>) -> Vec<u8> {
    sign_base(s, base_pdf(), certify)
}

fn sign_base(s: &Setup, base: Vec<u8>, certify: Option<DocMdpPermission>) -> Vec<u8> {
    let mut pdf = base;
    let mut options = PdfSignOptions::new(now());
    options.certify = certify;
    options.chain = vec![s.pki.sub_ca.certificate.clone()];
    let update = kyso::sign_pdf(
        &pdf,
        &s.key,
        &s.pki.person.certificate,
        &options,
        &RustCryptoProvider,
        &mut DeterministicRng::from_seed(1),
    )
    .unwrap();
    pdf.extend_from_slice(&update.bytes);
    pdf
}

fn verify(s: &Setup, pdf: &[u8]) -> PdfReport {
    let mut anchors = TrustStore::new();
    anchors.add_anchor(s.pki.root.certificate.clone());
    Verifier::new(
        anchors,
        ValidationPolicy::vn_gov().danger_without_revocation(),
        now(),
        &RustCryptoProvider,
    )
    .verify_pdf(&pdf.to_vec())
}

fn codes(report: &PdfReport) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = report.findings.iter().map(|f| f.code.code()).collect();
    for s in &report.signatures {
        out.extend(s.findings.iter().map(|f| f.code.code()));
    }
    out
}

#[test]
fn attack_table() {
    let s = setup();
    let p2 = signed(&s, Some(DocMdpPermission::P2));
    let p3 = signed(&s, Some(DocMdpPermission::P3));
    let clean = verify(&s, &p2);
    assert_eq!(
        clean.indication,
        Indication::TotalPassed,
        "{}",
        clean.to_json()
    );

    let mut cases: Vec<(&str, Vec<u8>, &[&str])> = Vec::new();
    // Incremental saving attack: the signed page's content replaced.
    let mut isa = p2.clone();
    append(&mut isa, &[(4, Some(b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (So tien: 900.000) Tj ET\nendstream"), None)], "1 0 R");
    cases.push((
        "incremental saving (page content)",
        isa,
        &["pdf.mod.page-content-changed"],
    ));
    // Shadow hide-and-replace by an xref-only update: object 4 re-pointed to the prepared
    // object 5 already inside the signed bytes.
    let mut shadow = p2.clone();
    let five = offset_of(&shadow, "5 0 obj");
    append(&mut shadow, &[(4, None, Some(five))], "1 0 R");
    cases.push((
        "shadow: xref-only re-pointing",
        shadow,
        &[
            "pdf.mod.shadow-hide",
            "pdf.mod.shadow-hide-replace",
            "pdf.xref.bad-offset",
            "pdf.mod.page-content-changed",
            "pdf.mod.object-redefined",
            "pdf.xref.redefines-signed",
        ],
    ));
    // Font overwrite (shadow replace via fonts).
    let mut font = p2.clone();
    append(
        &mut font,
        &[(
            6,
            Some(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"),
            None,
        )],
        "1 0 R",
    );
    cases.push((
        "shadow replace: font overwritten",
        font,
        &["pdf.mod.page-content-changed", "pdf.mod.shadow-replace"],
    ));
    // Evil Annotation under P3: a FreeText over the amount.
    let mut eaa = p3.clone();
    let size = last_size(&eaa);
    let annot = "<< /Type /Annot /Subtype /FreeText /Rect [60 700 300 740] /Contents (So tien: 900.000) /DA (/Helv 12 Tf 0 g) /P 3 0 R >>";
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> /Annots [{size} 0 R] >>"
    );
    append(
        &mut eaa,
        &[
            (size, Some(annot.as_bytes()), None),
            (3, Some(page.as_bytes()), None),
        ],
        "1 0 R",
    );
    cases.push((
        "Evil Annotation (P=3 FreeText)",
        eaa,
        &["pdf.mod.annotation-overlay"],
    ));
    // Active content: /OpenAction JavaScript on the catalog.
    let mut js = p2.clone();
    let catalog = last_object_body(&js, 1);
    let with_js = catalog.replacen(
        "<<",
        "<< /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
        1,
    );
    append(&mut js, &[(1, Some(with_js.as_bytes()), None)], "1 0 R");
    cases.push((
        "active content (OpenAction JS)",
        js,
        &["pdf.mod.active-content"],
    ));
    // /NeedAppearances switched on.
    let mut need = p2.clone();
    let acro_ref = catalog
        .split("/AcroForm")
        .nth(1)
        .map(|r| r.split_whitespace().take(2).collect::<Vec<_>>().join(" "));
    if let Some(acro) = acro_ref.filter(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit())) {
        let number: u32 = acro.split_whitespace().next().unwrap().parse().unwrap();
        let body = last_object_body(&need, number).replacen("<<", "<< /NeedAppearances true", 1);
        append(&mut need, &[(number, Some(body.as_bytes()), None)], "1 0 R");
        cases.push((
            "/NeedAppearances switched on",
            need,
            &["pdf.mod.need-appearances"],
        ));
    }
    // Catalog swap: /Pages replaced by another tree.
    let mut pages = p2.clone();
    let n = last_size(&pages);
    let tree = format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", n + 1);
    let newpage =
        format!("<< /Type /Page /Parent {n} 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>");
    let swapped = catalog.replace("/Pages 2 0 R", &format!("/Pages {n} 0 R"));
    append(
        &mut pages,
        &[
            (n, Some(tree.as_bytes()), None),
            (n + 1, Some(newpage.as_bytes()), None),
            (1, Some(swapped.as_bytes()), None),
        ],
        "1 0 R",
    );
    cases.push((
        "catalog /Pages swapped",
        pages,
        &[
            "pdf.mod.catalog-changed",
            "pdf.mod.page-content-changed",
            "pdf.mod.shadow-hide-replace",
        ],
    ));
    // Data after the last %%EOF (something for a lenient viewer to find).
    let mut tail = p2.clone();
    tail.extend_from_slice(b"4 0 obj\n<< /Length 3 >>\nstream\nq Q\nendstream\nendobj\n");
    cases.push(("data after %%EOF", tail, &["pdf.xref.data-after-eof"]));
    // Signature wrapping: the /Contents padding used to carry bytes.
    let mut wrap = p2.clone();
    let contents = offset_of(&wrap, "/Contents <") + 11;
    let end = contents + wrap[contents..].iter().position(|b| *b == b'>').unwrap();
    wrap[end - 8..end].copy_from_slice(b"41414141");
    cases.push((
        "signature wrapping (payload in the gap)",
        wrap,
        &["pdf.sig.contents-padding"],
    ));
    // /Prev loop.
    let mut looped = p2.clone();
    let xref = looped.len();
    looped.extend_from_slice(format!("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size {} /Root 1 0 R /Prev {xref} >>\nstartxref\n{xref}\n%%EOF\n", last_size(&p2)).as_bytes());
    cases.push(("xref /Prev loop", looped, &["pdf.xref.prev-loop"]));

    // Duplicate dictionary keys (ISO 32000-2 §7.3.7): a later revision redefines the signed
    // page with a second /Contents in front — kyso (and most viewers) read the last copy, the
    // signed content; a first-wins viewer shows the new object, "900.000".
    let mut dup = p2.clone();
    let n = last_size(&dup);
    let page = last_object_body(&dup, 3).replacen(
        "/Contents 4 0 R",
        &format!("/Contents {n} 0 R /Contents 4 0 R"),
        1,
    );
    append(
        &mut dup,
        &[
            (n, Some(b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (So tien: 900.000) Tj ET\nendstream"), None),
            (3, Some(page.as_bytes()), None),
        ],
        "1 0 R",
    );
    cases.push((
        "duplicate key: /Contents, later revision",
        dup,
        &["pdf.parse.duplicate-key"],
    ));
    // The same trick prepared before signing: the signer's viewer (last wins) showed 500.000.
    let prepared = base_pdf_with(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>");
    cases.push((
        "duplicate key: /Contents, signed revision",
        sign_base(&s, prepared, Some(DocMdpPermission::P2)),
        &["pdf.parse.duplicate-key"],
    ));

    println!("{:<42} {:<16} finding codes", "attack", "verdict");
    let mut failures = Vec::new();
    for (name, pdf, expected) in &cases {
        let report = verify(&s, pdf);
        let found = codes(&report);
        println!(
            "{name:<42} {:<16} {}",
            report.indication.as_str(),
            found.join(" ")
        );
        if report.indication == Indication::TotalPassed {
            failures.push(format!("{name}: TOTAL-PASSED"));
        }
        if !expected.iter().any(|c| found.contains(c)) {
            failures.push(format!("{name}: none of {expected:?} in {found:?}"));
        }
    }
    // Permitted: a second approval signature after a P=2 certification.
    let mut second = p2.clone();
    let mut options = PdfSignOptions::new(now());
    options.chain = vec![s.pki.sub_ca.certificate.clone()];
    let update = kyso::sign_pdf(
        &second,
        &s.key,
        &s.pki.person.certificate,
        &options,
        &RustCryptoProvider,
        &mut DeterministicRng::from_seed(2),
    )
    .unwrap();
    second.extend_from_slice(&update.bytes);
    let report = verify(&s, &second);
    println!(
        "{:<42} {:<16} {}",
        "(permitted) second signature under P=2",
        report.indication.as_str(),
        codes(&report).join(" ")
    );
    if report.indication != Indication::TotalPassed {
        failures.push(format!("second signature under P=2: {}", report.to_json()));
    }
    println!(
        "pdf attacks: {} classes, {} caught, {} problems",
        cases.len(),
        cases.len() - failures.len().min(cases.len()),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
