//! Reader tests on hand-made files; the corpora are read by tests/tests/pdf_*.rs.

use super::*;

/// A minimal one-page PDF with a classic cross-reference table, offsets computed.
pub(crate) fn minimal_pdf() -> Vec<u8> {
    let objects: [&[u8]; 4] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 11 >>\nstream\nBT ET 0 0 m\nendstream",
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
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

#[allow(clippy::ptr_arg)] // a Vec is the source (a slice would need `&&[u8]`)
fn open(bytes: &Vec<u8>) -> PdfFile<'_> {
    PdfFile::open(bytes, &ReadOptions::default()).unwrap()
}

#[test]
fn reads_a_classic_file() {
    let pdf = minimal_pdf();
    let file = open(&pdf);
    assert_eq!(file.revisions().len(), 1);
    let rev = &file.revisions()[0];
    assert_eq!(rev.form, XrefForm::Table);
    assert_eq!(rev.end, u64::try_from(pdf.len()).unwrap());
    let view = file.latest();
    let pages = view.pages().unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].media_box, [0.0, 0.0, 595.0, 842.0]);
    let Object::Stream(s) = view.resolve(ObjectId::new(4, 0)).unwrap() else {
        panic!()
    };
    assert_eq!(
        view.stream_data(ObjectId::new(4, 0), &s).unwrap(),
        b"BT ET 0 0 m"
    );
    assert!(file.findings().is_empty());
}

#[test]
fn an_incremental_update_is_a_second_revision() {
    let mut pdf = minimal_pdf();
    let first_end = pdf.len();
    let prev = {
        let f = open(&pdf);
        f.revisions()[0].startxref
    };
    let obj = pdf.len();
    pdf.extend_from_slice(b"4 0 obj\n<< /Length 3 >>\nstream\nq Q\nendstream\nendobj\n");
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 1\n0000000000 65535 f \n4 1\n{obj:010} 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    let file = open(&pdf);
    assert_eq!(file.revisions().len(), 2);
    assert_eq!(file.revisions()[0].end, u64::try_from(first_end).unwrap());
    assert_eq!(file.revisions()[1].start, u64::try_from(first_end).unwrap());
    let id = ObjectId::new(4, 0);
    let Object::Stream(old) = file.view(0).resolve(id).unwrap() else {
        panic!()
    };
    let Object::Stream(new) = file.view(1).resolve(id).unwrap() else {
        panic!()
    };
    assert_eq!(file.view(0).stream_data(id, &old).unwrap(), b"BT ET 0 0 m");
    assert_eq!(file.view(1).stream_data(id, &new).unwrap(), b"q Q");
}

#[test]
fn a_prev_loop_is_a_finding_not_a_hang() {
    let mut pdf = minimal_pdf();
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev {xref} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    let file = open(&pdf);
    assert!(
        file.findings()
            .iter()
            .any(|f| f.code == crate::i18n::MessageId::PdfXrefPrevLoop)
    );
}

#[test]
fn damaged_files_are_reconstructed_only_when_allowed() {
    let mut pdf = minimal_pdf();
    let len = pdf.len();
    pdf.truncate(len - 20); // startxref destroyed
    assert!(PdfFile::open(&pdf, &ReadOptions::default()).is_err());
    let options = ReadOptions {
        allow_reconstruction: true,
        ..ReadOptions::default()
    };
    let file = PdfFile::open(&pdf, &options).unwrap();
    assert!(file.reconstructed());
    assert!(
        file.findings()
            .iter()
            .any(|f| f.code == crate::i18n::MessageId::PdfXrefReconstructed)
    );
    assert_eq!(file.latest().pages().unwrap().len(), 1);
}

#[test]
fn not_a_pdf() {
    assert_eq!(
        PdfFile::open(&b"hello".as_slice(), &ReadOptions::default()).unwrap_err(),
        PdfError::NotPdf
    );
}

/// Every corpus file opens and every revision's pages and fields can be walked (counts are
/// printed; the verdicts are tests/tests/pdf_corpus.rs's job). The corpus is KYSO_TESTDATA or
/// ../shared/testdata beside the repository; without it the test fails, never skips.
#[test]
fn corpus_files_open() {
    let root = std::env::var("KYSO_TESTDATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata").to_owned()
    });
    let mut opened = 0;
    for dir in [
        "pdf/pyhanko",
        "pdf/pyhanko/coverage-anomalies",
        "pdf/esig-dss",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            panic!("{dir} missing")
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let options = ReadOptions {
                allow_reconstruction: true,
                ..ReadOptions::default()
            };
            match PdfFile::open(&bytes, &options) {
                Ok(file) => {
                    opened += 1;
                    let latest = file.latest();
                    let pages = latest.pages().map(|p| p.len());
                    let fields = latest.fields().map(|f| f.len());
                    println!(
                        "{}: {} revisions {:?} pages {:?} fields {:?} findings {:?}",
                        path.display(),
                        file.revisions().len(),
                        file.revisions()
                            .iter()
                            .map(|r| r.form.name())
                            .collect::<Vec<_>>(),
                        pages,
                        fields,
                        file.findings()
                            .iter()
                            .map(|f| f.code.code())
                            .collect::<Vec<_>>()
                    );
                }
                Err(e) => println!("{}: {e}", path.display()),
            }
        }
    }
    assert!(opened > 40, "{opened}");
}
