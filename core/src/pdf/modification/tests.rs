//! Hand-built revisions: each attack class and each permitted change, judged by `analyse`.

use super::*;
use crate::pdf::file::ReadOptions;

/// A one-page base: catalog 1, pages 2, page 3, content 4, font 5, AcroForm 6 with a text
/// field 7 (widget on the page) and an empty signature field 8.
fn base() -> Vec<u8> {
    let objects: Vec<&[u8]> = vec![
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R] >>",
        b"<< /Length 34 >>\nstream\nBT /F1 12 Tf 72 720 Td (100) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Fields [7 0 R 8 0 R] /SigFlags 3 >>",
        b"<< /FT /Tx /T (amount) /Type /Annot /Subtype /Widget /Rect [72 600 200 620] /P 3 0 R >>",
        b"<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
        // 9: an object present in the signed bytes but referenced by nothing (shadow content).
        b"<< /Length 30 >>\nstream\nBT /F1 12 Tf 72 720 Td (9) Tj\nendstream",
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    // A second body for object 4 that no table entry points at (pdf-attacker's hidden
    // content for "hide via referenced object").
    out.extend_from_slice(
        b"4 0 obj\n<< /Length 30 >>\nstream\nBT /F1 12 Tf 72 720 Td (9) Tj\nendstream\nendobj\n",
    );
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn startxref(pdf: &[u8]) -> usize {
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    std::str::from_utf8(&pdf[at + 9..])
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Appends an incremental update defining `objects` (number, body); `entries` may also
/// re-point a number at an existing offset (number, offset).
fn update(pdf: &mut Vec<u8>, objects: &[(u32, &str)], repoint: &[(u32, usize)]) {
    let prev = startxref(pdf);
    let mut entries: Vec<(u32, usize)> = repoint.to_vec();
    for (n, body) in objects {
        entries.push((*n, pdf.len()));
        pdf.extend_from_slice(format!("{n} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    entries.sort();
    let xref = pdf.len();
    let mut text = String::from("xref\n0 1\n0000000000 65535 f \n");
    for (n, off) in &entries {
        text.push_str(&format!("{n} 1\n{off:010} 00000 n \n"));
    }
    let size = entries.iter().map(|e| e.0).max().unwrap_or(0).max(9) + 1;
    text.push_str(&format!(
        "trailer\n<< /Size {size} /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    pdf.extend_from_slice(text.as_bytes());
}

fn offset_of(pdf: &[u8], n: u32) -> usize {
    let needle = format!("\n{n} 0 obj");
    pdf.windows(needle.len())
        .rposition(|w| w == needle.as_bytes())
        .unwrap()
        + 1
}

fn run(pdf: &[u8], docmdp: Option<u8>) -> ModificationAnalysis {
    let file = PdfFile::open(&pdf, &ReadOptions::default()).unwrap();
    analyse(
        &file,
        0,
        &MdpRules {
            docmdp,
            field_locks: Vec::new(),
        },
    )
}

/// `analyse` with revision `signed` (0-based) as the signed one.
fn run_from(pdf: &[u8], signed: usize, docmdp: Option<u8>) -> ModificationAnalysis {
    let file = PdfFile::open(&pdf, &ReadOptions::default()).unwrap();
    analyse(
        &file,
        signed,
        &MdpRules {
            docmdp,
            field_locks: Vec::new(),
        },
    )
}

fn codes(a: &ModificationAnalysis) -> Vec<&'static str> {
    for f in &a.findings {
        println!("{}", f.message(crate::i18n::Lang::En));
    }
    a.findings.iter().map(|f| f.code.code()).collect()
}

#[test]
fn nothing_after_the_signature() {
    let a = run(&base(), Some(2));
    assert_eq!(a.level, ModificationLevel::None);
    assert!(a.permitted);
    assert!(a.findings.is_empty());
}

#[test]
fn form_filling_is_permitted_under_p2_not_p1() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                7,
                "<< /FT /Tx /T (amount) /V (200) /Type /Annot /Subtype /Widget /Rect [72 600 200 620] /P 3 0 R /AP << /N 10 0 R >> >>",
            ),
            (
                10,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 128 20] /Length 22 >>\nstream\nBT /F1 12 Tf (200) Tj\nendstream",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert_eq!(a.level, ModificationLevel::FormFilling, "{:?}", codes(&a));
    assert!(a.permitted);
    assert_eq!(codes(&a), ["pdf.mod.permitted"]);
    let a = run(&pdf, Some(1));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.not-permitted"));
    // A FieldMDP lock on the field forbids it.
    let file = PdfFile::open(&pdf, &ReadOptions::default()).unwrap();
    let rules = MdpRules {
        docmdp: Some(2),
        field_locks: vec![FieldLockRule {
            action: LockAction::Include(vec!["amount".into()]),
            signature_field: "Sig1".into(),
        }],
    };
    let a = analyse(&file, 0, &rules);
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.field-locked"));
}

#[test]
fn incremental_saving_attack() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[(
            4,
            "<< /Length 34 >>\nstream\nBT /F1 12 Tf 72 720 Td (999) Tj ET\nendstream",
        )],
        &[],
    );
    let a = run(&pdf, Some(3));
    assert!(!a.permitted);
    assert!(
        codes(&a).contains(&"pdf.mod.page-content-changed"),
        "{:?}",
        codes(&a)
    );
}

#[test]
fn font_redefined_is_page_content() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")],
        &[],
    );
    let a = run(&pdf, None);
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.page-content-changed"));
}

#[test]
fn xref_only_repointing_is_shadow_hide() {
    let mut pdf = base();
    let hidden = offset_of(&pdf, 4);
    // Object 4 (the page content) now points at its other body inside the signed range.
    update(&mut pdf, &[], &[(4, hidden)]);
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(
        codes(&a).contains(&"pdf.mod.shadow-hide"),
        "{:?}",
        codes(&a)
    );
}

#[test]
fn reference_swap_is_hide_and_replace() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[(
            3,
            "<< /Type /Page /Parent 2 0 R /Contents 9 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R] >>",
        )],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(
        codes(&a).contains(&"pdf.mod.shadow-hide-replace"),
        "{:?}",
        codes(&a)
    );
    assert!(codes(&a).contains(&"pdf.mod.page-content-changed"));
}

#[test]
fn comments_are_permitted_under_p3_overlays_are_not() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 10 0 R] >>",
            ),
            (
                10,
                "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (ok) >>",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(3));
    assert_eq!(a.level, ModificationLevel::Annotations);
    assert!(a.permitted, "{:?}", codes(&a));
    assert!(!run(&pdf, Some(2)).permitted);

    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 10 0 R] >>",
            ),
            (
                10,
                "<< /Type /Annot /Subtype /FreeText /Rect [60 700 300 740] /Contents (999) /DA (/F1 12 Tf) >>",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(3));
    assert!(!a.permitted);
    assert!(
        codes(&a).contains(&"pdf.mod.annotation-overlay"),
        "{:?}",
        codes(&a)
    );
}

const SIG_VALUE: &str = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0 0 0] /Contents <00> >>";

#[test]
fn signing_an_existing_field_and_adding_an_invisible_one_are_permitted() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                8,
                "<< /FT /Sig /T (Sig2) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
            ),
            (10, SIG_VALUE),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert_eq!(a.level, ModificationLevel::FormFilling);
    assert!(a.permitted, "{:?}", codes(&a));

    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 11 0 R] >>",
            ),
            (6, "<< /Fields [7 0 R 8 0 R 11 0 R] /SigFlags 3 >>"),
            (10, SIG_VALUE),
            (
                11,
                "<< /FT /Sig /T (Sig3) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(a.permitted, "{:?}", codes(&a));
}

#[test]
fn sneaky_signature() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 11 0 R] >>",
            ),
            (6, "<< /Fields [7 0 R 8 0 R 11 0 R] /SigFlags 3 >>"),
            (10, SIG_VALUE),
            (
                11,
                "<< /FT /Sig /T (Sig3) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [60 700 300 740] /P 3 0 R /AP << /N 12 0 R >> >>",
            ),
            (
                12,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 240 40] /Length 41 >>\nstream\n1 g 0 0 240 40 re f 0 g BT (999) Tj ET\nendstream",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(
        codes(&a).contains(&"pdf.mod.sneaky-signature"),
        "{:?}",
        codes(&a)
    );
    // The same widget drawing only an image (a seal) is not flagged (R14).
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 11 0 R] >>",
            ),
            (6, "<< /Fields [7 0 R 8 0 R 11 0 R] /SigFlags 3 >>"),
            (10, SIG_VALUE),
            (
                11,
                "<< /FT /Sig /T (Sig3) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [60 700 300 740] /P 3 0 R /AP << /N 12 0 R >> >>",
            ),
            (
                12,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 240 40] /Resources << /XObject << /Im1 13 0 R >> >> /Length 29 >>\nstream\nq 240 0 0 40 0 0 cm /Im1 Do Q\nendstream",
            ),
            (
                13,
                "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x00\nendstream",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(a.permitted, "{:?}", codes(&a));
}

#[test]
fn need_appearances_and_active_content() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[(
            6,
            "<< /Fields [7 0 R 8 0 R] /SigFlags 3 /NeedAppearances true >>",
        )],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.need-appearances"));

    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                1,
                "<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /OpenAction 10 0 R >>",
            ),
            (10, "<< /S /JavaScript /JS (app.alert(1)) >>"),
        ],
        &[],
    );
    let a = run(&pdf, Some(3));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.active-content"));
}

#[test]
fn dss_only_update_is_maintenance_even_under_p1() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                1,
                "<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /DSS 10 0 R >>",
            ),
            (10, "<< /Certs [11 0 R] >>"),
            (11, "<< /Length 3 >>\nstream\nabc\nendstream"),
        ],
        &[],
    );
    let a = run(&pdf, Some(1));
    assert_eq!(a.level, ModificationLevel::SignatureMaintenance);
    assert!(a.permitted, "{:?}", codes(&a));
    assert_eq!(codes(&a), ["pdf.mod.permitted"]);
}

#[test]
fn pages_replaced_is_catalog_change() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (1, "<< /Type /Catalog /Pages 10 0 R /AcroForm 6 0 R >>"),
            (10, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        ],
        &[],
    );
    let a = run(&pdf, Some(3));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.catalog-changed"));
}

#[test]
fn identical_rewrite_is_no_change() {
    let mut pdf = base();
    update(
        &mut pdf,
        &[(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")],
        &[],
    );
    let a = run(&pdf, Some(1));
    assert_eq!(a.level, ModificationLevel::None);
    assert!(a.permitted);
}

/// The signed revision (rev 2): the empty signature field 8 shows appearance stream 10; with
/// `shared`, a Square annotation 11 on the page shows the same stream.
fn with_sig_appearance(shared: bool) -> Vec<u8> {
    let mut pdf = base();
    let annots = if shared {
        "[7 0 R 8 0 R 11 0 R]"
    } else {
        "[7 0 R 8 0 R]"
    };
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots {annots} >>"
    );
    update(
        &mut pdf,
        &[
            (3, &page),
            (
                8,
                "<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [300 50 500 100] /P 3 0 R /AP << /N 10 0 R >> >>",
            ),
            (
                10,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 200 50] /Length 15 >>\nstream\n0 0 200 50 re S\nendstream",
            ),
            (
                11,
                "<< /Type /Annot /Subtype /Square /Rect [72 700 272 750] /P 3 0 R /AP << /N 10 0 R >> >>",
            ),
        ],
        &[],
    );
    pdf
}

/// Signing field 8 (rev 3) and redefining its appearance stream 10 in place.
fn sign_field_8_in_place(pdf: &mut Vec<u8>) {
    update(
        pdf,
        &[
            (
                8,
                "<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [300 50 500 100] /P 3 0 R /AP << /N 10 0 R >> /V 12 0 R >>",
            ),
            (
                10,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 200 50] /Length 33 >>\nstream\nBT /F1 12 Tf (So tien: 900) Tj ET\nendstream",
            ),
            (
                12,
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0 0 0] /Contents <00> >>",
            ),
        ],
        &[],
    );
}

#[test]
fn appearance_redefined_in_place_only_when_not_shared() {
    // pyHanko's form-update-override-appearance-stream: the stream is the field's alone.
    let mut private = with_sig_appearance(false);
    sign_field_8_in_place(&mut private);
    let a = run_from(&private, 1, Some(2));
    assert_eq!(a.level, ModificationLevel::FormFilling, "{:?}", codes(&a));
    assert!(a.permitted);
    // …-sneaky: the Square annotation shows the same stream, so it changes too.
    let mut shared = with_sig_appearance(true);
    sign_field_8_in_place(&mut shared);
    let a = run_from(&shared, 1, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.shared-appearance"));
}

#[test]
fn text_field_appearance_redefined_in_place_is_filling_only_with_its_value() {
    // Rev 2 (signed): the text field 7 shows stream 10.
    let signed = || {
        let mut pdf = base();
        update(
            &mut pdf,
            &[
                (
                    7,
                    "<< /FT /Tx /T (amount) /V (100) /Type /Annot /Subtype /Widget /Rect [72 600 200 620] /P 3 0 R /AP << /N 10 0 R >> >>",
                ),
                (
                    10,
                    "<< /Type /XObject /Subtype /Form /BBox [0 0 128 20] /Length 21 >>\nstream\nBT /F1 12 Tf (100) Tj\nendstream",
                ),
            ],
            &[],
        );
        pdf
    };
    let redraw = "<< /Type /XObject /Subtype /Form /BBox [0 0 128 20] /Length 21 >>\nstream\nBT /F1 12 Tf (200) Tj\nendstream";
    // Value and appearance together, the stream overwritten in place: form filling.
    let mut pdf = signed();
    update(
        &mut pdf,
        &[
            (
                7,
                "<< /FT /Tx /T (amount) /V (200) /Type /Annot /Subtype /Widget /Rect [72 600 200 620] /P 3 0 R /AP << /N 10 0 R >> >>",
            ),
            (10, redraw),
        ],
        &[],
    );
    let a = run_from(&pdf, 1, Some(2));
    assert_eq!(a.level, ModificationLevel::FormFilling, "{:?}", codes(&a));
    assert!(a.permitted);
    // The appearance alone: what is shown no longer matches the value (R7).
    let mut pdf = signed();
    update(&mut pdf, &[(10, redraw)], &[]);
    let a = run_from(&pdf, 1, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.shadow-replace"));
}

#[test]
fn appearance_dictionary_shared_with_the_trailer_is_flagged() {
    // pyHanko's form-update-ap-indirect-sneaky-trailer: the field's /AP 13 is also the
    // trailer's /FooBar; the field is then given a new appearance.
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                8,
                "<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /AP 13 0 R >>",
            ),
            (13, "<< /N 9 0 R >>"),
        ],
        &[],
    );
    let trailer_key = |pdf: &mut Vec<u8>| {
        let at = pdf.windows(9).rposition(|w| w == b"/Root 1 0").unwrap();
        pdf.splice(at..at, b"/FooBar 13 0 R ".iter().copied());
        // The xref offset is unchanged: the trailer follows the table.
    };
    trailer_key(&mut pdf);
    update(
        &mut pdf,
        &[
            (
                8,
                "<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /AP << /N 14 0 R >> /V 12 0 R >>",
            ),
            (
                12,
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0 0 0] /Contents <00> >>",
            ),
            (
                14,
                "<< /Type /XObject /Subtype /Form /BBox [0 0 0 0] /Length 0 >>\nstream\n\nendstream",
            ),
        ],
        &[],
    );
    let a = run_from(&pdf, 1, None);
    assert!(!a.permitted, "{:?}", codes(&a));
    assert!(codes(&a).contains(&"pdf.mod.shared-appearance"));
}

#[test]
fn resources_repointed_at_an_equal_copy_are_no_change() {
    // EU DSS Signature-P-DE_SCI-4: the page's resources rewritten as an identical object.
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 10 0 R /Annots [7 0 R 8 0 R] >>",
            ),
            (10, "<< /Font << /F1 11 0 R >> >>"),
            (11, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        ],
        &[],
    );
    let a = run(&pdf, Some(1));
    assert_eq!(a.level, ModificationLevel::None, "{:?}", codes(&a));
    assert!(a.permitted);
    // The copy stands for the signed font from then on: redefining it is an attack.
    update(
        &mut pdf,
        &[(11, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.page-content-changed"));
}

#[test]
fn resource_additions_only_when_the_signed_content_does_not_name_them() {
    let page = |fonts: &str| {
        format!(
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << {fonts} >> >> /Annots [7 0 R 8 0 R] >>"
        )
    };
    // A new name nothing signed uses: harmless.
    let mut pdf = base();
    update(&mut pdf, &[(3, &page("/F1 5 0 R /F9 5 0 R"))], &[]);
    let a = run(&pdf, Some(2));
    assert!(a.permitted, "{:?}", codes(&a));
    // The signed content (rev 2) draws with /F2, which its resources lack; rev 3 supplies it.
    let mut pdf = base();
    update(
        &mut pdf,
        &[(
            4,
            "<< /Length 54 >>\nstream\nBT /F1 12 Tf 72 720 Td (100) Tj /F2 12 Tf (+800) Tj ET\nendstream",
        )],
        &[],
    );
    update(&mut pdf, &[(3, &page("/F1 5 0 R /F2 5 0 R"))], &[]);
    let a = run_from(&pdf, 1, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.mod.page-content-changed"));
}

#[test]
fn duplicate_key_added_in_front_is_flagged() {
    // Lookups read the last /Contents (unchanged); a first-wins viewer reads object 10.
    let mut pdf = base();
    update(
        &mut pdf,
        &[
            (
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 10 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R] >>",
            ),
            (
                10,
                "<< /Length 34 >>\nstream\nBT /F1 12 Tf 72 720 Td (900) Tj ET\nendstream",
            ),
        ],
        &[],
    );
    let a = run(&pdf, Some(2));
    assert!(!a.permitted);
    assert!(codes(&a).contains(&"pdf.parse.duplicate-key"));
}

/// Prints the analysis of every revision of a few corpus files (debug aid; no assertion).
#[test]
fn corpus_debug() {
    let Ok(root) = std::env::var("KYSO_MOD_DEBUG") else {
        return;
    };
    for name in root.split(',') {
        let bytes = std::fs::read(name).unwrap();
        let options = ReadOptions {
            allow_reconstruction: true,
            ..ReadOptions::default()
        };
        let file = PdfFile::open(&bytes, &options).unwrap();
        for signed in 0..file.revisions().len() {
            let a = analyse(&file, signed, &MdpRules::default());
            println!("{name} rev {signed}: {:?}", a.level);
            for f in &a.findings {
                println!("   {}", f.message(crate::i18n::Lang::En));
            }
        }
    }
}
