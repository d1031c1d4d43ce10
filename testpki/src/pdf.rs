//! Hand-made PDFs for tests, benches and the demo: a classic cross-reference table with the
//! offsets computed (ISO 32000-2 §7.5.4), and incremental updates appended to one (§7.5.6).
//! Plain byte builders, nothing is parsed: a test that wants a broken file breaks these bytes.

/// The header every file here starts with: `%PDF-1.7` and a binary comment line (§7.5.2).
pub const HEADER: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

/// The four objects of [`one_page_pdf`]: catalog 1, pages 2, page 3 (A4), content 4.
pub const ONE_PAGE: [&[u8]; 4] = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> >>",
    b"<< /Length 11 >>\nstream\nBT ET 0 0 m\nendstream",
];

/// A one-page PDF with a classic cross-reference table.
pub fn one_page_pdf() -> Vec<u8> {
    classic_pdf(&ONE_PAGE)
}

/// A PDF whose objects `1 0 obj` … `n 0 obj` are `objects` (object 1 is the catalog, the
/// trailer's `/Root`), with a classic cross-reference table.
pub fn classic_pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    let body = classic_body(out.len(), objects);
    out.extend_from_slice(&body);
    out
}

/// What [`classic_pdf`] writes after the header, for a file whose first `prefix_len` bytes are
/// written by the caller (the offsets count them).
pub fn classic_body(prefix_len: usize, objects: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(prefix_len + out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = prefix_len + out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in &offsets {
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

/// The offset the last `startxref` of `pdf` names (0 when there is none).
pub fn last_startxref(pdf: &[u8]) -> usize {
    let Some(at) = pdf.windows(9).rposition(|w| w == b"startxref") else {
        return 0;
    };
    pdf.get(at + 9..)
        .and_then(|rest| std::str::from_utf8(rest).ok())
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Appends an incremental update (§7.5.6) defining `objects` (number, body) with a classic
/// cross-reference section chained to the previous one by `/Prev`; `/Size` is `size`, the
/// trailer also gets `/Root 1 0 R`.
pub fn append_update(pdf: &mut Vec<u8>, objects: &[(u32, &[u8])], size: u32) {
    let prev = last_startxref(pdf);
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, body) in objects {
        offsets.push((*number, pdf.len()));
        pdf.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n");
    for (number, offset) in &offsets {
        pdf.extend_from_slice(format!("{number} 1\n{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_point_at_their_objects() {
        let mut pdf = one_page_pdf();
        let xref = last_startxref(&pdf);
        assert!(pdf[xref..].starts_with(b"xref\n0 5\n"));
        let table = std::str::from_utf8(&pdf[xref..]).unwrap();
        for (i, line) in table.lines().skip(3).take(4).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
        append_update(&mut pdf, &[(3, b"<< /Type /Page /Parent 2 0 R >>")], 5);
        let update = last_startxref(&pdf);
        assert_ne!(update, xref);
        let text = std::str::from_utf8(&pdf[update..]).unwrap();
        assert!(text.contains(&format!("/Prev {xref}")));
        let offset: usize = text.lines().nth(2).unwrap()[..10].parse().unwrap();
        assert!(pdf[offset..].starts_with(b"3 0 obj"));
    }
}
