//! The pre-sign lint: each defect a viewer repairs is refused with its own sentence, and the
//! clean fixtures of every cross-reference form still sign (`tests.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::tests::{BODIES, Form, build, identity};
use super::*;
use crate::cms::test_support::Crypto;
use crate::test_support::TestRng;

fn defect_of(pdf: &[u8]) -> (PdfDefect, String) {
    let id = identity();
    let options = super::tests::options();
    match sign_pdf(
        &pdf,
        &id.key,
        &id.cert,
        &options,
        &Crypto,
        &mut TestRng::new(1),
    ) {
        Err(e @ PdfSignError::NeedsRepair { defect, .. }) => {
            assert_eq!(e.code(), "pdf.sign.needs-repair");
            (defect, e.to_string())
        }
        other => panic!("expected a needs-repair refusal, got {other:?}"),
    }
}

fn replace(pdf: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = pdf
        .windows(from.len())
        .rposition(|w| w == from)
        .expect("pattern");
    [&pdf[..at], to, &pdf[at + from.len()..]].concat()
}

#[test]
fn data_after_eof_and_missing_eof() {
    let mut pdf = build(&BODIES, Form::Table);
    pdf.extend_from_slice(b"<< /Injected true >>\n");
    let (defect, text) = defect_of(&pdf);
    assert_eq!(defect, PdfDefect::DataAfterEof);
    assert!(text.contains("after the PDF's last %%EOF"), "{text}");

    let pdf = build(&BODIES, Form::Table);
    let pdf = replace(&pdf, b"%%EOF\n", b"");
    assert_eq!(defect_of(&pdf).0, PdfDefect::NoEof);
}

#[test]
fn wrong_offset_size_and_gaps() {
    let pdf = build(&BODIES, Form::Table);
    // Object 3's entry one byte off: Acrobat finds it by scanning, kyso refuses.
    let table = pdf.windows(6).rposition(|w| w == b"\nxref\n").unwrap() + 1;
    let line = table + "xref\n0 5\n".len() + 3 * 20;
    let offset: usize = std::str::from_utf8(&pdf[line..line + 10])
        .unwrap()
        .parse()
        .unwrap();
    let mut shifted = pdf.clone();
    shifted[line..line + 10].copy_from_slice(format!("{:010}", offset + 1).as_bytes());
    let (defect, text) = defect_of(&shifted);
    assert_eq!(defect, PdfDefect::BadOffset, "{text}");
    assert!(text.contains("object 3 0"), "{text}");

    let small = replace(&pdf, b"/Size 5", b"/Size 4");
    assert_eq!(defect_of(&small).0, PdfDefect::WrongSize);

    // The original table in two subsections, object 2 left out (the table starts where it
    // did, so startxref still points at it).
    let head = table + "xref\n".len();
    let rows = &pdf[head + "0 5\n".len()..];
    let mut gapped = pdf[..head].to_vec();
    gapped.extend_from_slice(b"0 2\n");
    gapped.extend_from_slice(&rows[..40]);
    gapped.extend_from_slice(b"3 2\n");
    gapped.extend_from_slice(&rows[60..]);
    let (defect, text) = defect_of(&gapped);
    assert_eq!(defect, PdfDefect::XrefGaps, "{text}");
}

#[test]
fn prev_loop() {
    let mut pdf = build(&BODIES, Form::Table);
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev {xref} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    assert_eq!(defect_of(&pdf).0, PdfDefect::PrevLoop);
}
