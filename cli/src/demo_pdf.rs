//! `kyso demo`, PDF part (issue 11): a one-page "Công văn" PDF, certified (DocMDP P=2) by the
//! person, then signed by the agency's office in a second revision, verified; then an
//! incremental update that replaces the page's content stream (the "incremental saving
//! attack", Mladenov et al., NDSS 2019) is caught. Files go to the demo's directory.

use std::path::Path;

use kyso::{DocMdpPermission, Lang, PdfRect, PdfSignOptions, RustCryptoProvider, SoftwareKey};
use kyso_testpki::VnPki;

use crate::files;
use crate::msg::{Msg, label};
use crate::verify::Validation;

/// The page's text: ASCII in the standard Helvetica font (no embedded font yet); what the
/// demo prints comes from the catalogue in Vietnamese or English.
fn page_content(amount: &str) -> Vec<u8> {
    let lines = [
        (72, 770, 14, "MINISTRY OF SCIENCE AND TECHNOLOGY - OFFICE"),
        (72, 740, 12, "Official letter No. 123/VP-CNTT, Ha Noi"),
        (
            72,
            700,
            12,
            "Subject: pilot of digital signatures on official documents",
        ),
        (
            72,
            670,
            12,
            "The Office asks the IT Department to run the pilot in Q3.",
        ),
        (72, 640, 12, &*format!("Budget approved: {amount} VND")),
        (
            72,
            600,
            12,
            "Signed: the Director; issued by the Office (seal).",
        ),
    ];
    let mut out = String::from("BT\n");
    for (x, y, size, text) in lines {
        out.push_str(&format!("/F1 {size} Tf 1 0 0 1 {x} {y} Tm ({text}) Tj\n"));
    }
    out.push_str("ET\n");
    out.into_bytes()
}

/// A one-page A4 PDF (ISO 32000-2 §7.5: header, objects, classic cross-reference table,
/// trailer), offsets computed.
pub fn cong_van_pdf(amount: &str) -> Vec<u8> {
    let content = page_content(amount);
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(),
            content,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let objects: Vec<&[u8]> = objects.iter().map(Vec::as_slice).collect();
    kyso_testpki::pdf::classic_pdf(&objects)
}

/// The last number after `key` in `bytes` (`startxref`, `/Size`): the newest trailer's.
fn last_number(bytes: &[u8], key: &[u8]) -> Option<u64> {
    let at = bytes.windows(key.len()).rposition(|w| w == key)?;
    let rest = bytes.get(at.checked_add(key.len())?..)?;
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| char::from(*b))
        .collect();
    digits.parse().ok()
}

/// What an attacker appends after the signatures (§7.5.6 incremental update): object 4, the
/// page's content stream, redefined with another amount; a classic xref section pointing to
/// it and a trailer chained to the signed file's (`/Prev`).
pub fn tamper_update(signed: &[u8], amount: &str) -> Option<Vec<u8>> {
    let prev = last_number(signed, b"startxref")?;
    let size = last_number(signed, b"/Size")?;
    let content = page_content(amount);
    let object_at = signed.len();
    let mut out = format!("4 0 obj\n<< /Length {} >>\nstream\n", content.len()).into_bytes();
    out.extend_from_slice(&content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = object_at.checked_add(out.len())?;
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n4 1\n{object_at:010} 00000 n \ntrailer\n<< /Size {size} /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Some(out)
}

fn sign(
    input: &[u8],
    key: &SoftwareKey,
    issued: &kyso_testpki::Issued,
    chain: &[kyso::Certificate],
    options: PdfSignOptions,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, Msg> {
    let mut o = options;
    o.chain = chain.to_vec();
    let update = kyso::sign_pdf(
        &input.to_vec(),
        key,
        &issued.certificate,
        &o,
        &RustCryptoProvider,
        rng,
    )
    .map_err(|e| Msg::SigningFailed {
        reason: e.message().into(),
    })?;
    Ok([input, &update.bytes].concat())
}

/// The PDF steps; `true` when the signed file passes and the tampered one does not.
#[allow(clippy::too_many_arguments)]
pub fn run(
    dir: &Path,
    pki: &VnPki,
    keys: (&SoftwareKey, &SoftwareKey),
    v: &Validation,
    now: kyso::DateTime,
    earlier: kyso::DateTime,
    rng: &mut dyn rand_core::CryptoRng,
    lang: Lang,
) -> Result<bool, Msg> {
    let l = |vi, en| label(lang, vi, en);
    let chain = [pki.sub_ca.certificate.clone()];
    super::demo::rule(l(
        "6. Văn bản PDF: ký chứng thực, rồi cơ quan ký ban hành",
        "6. A PDF document: certified, then issued by the agency",
    ));
    let original = cong_van_pdf("500,000,000");
    files::write(&dir.join("cong-van.pdf"), &original)?;
    let mut first = PdfSignOptions::new(earlier);
    first.certify = Some(DocMdpPermission::P2);
    first.field = Some("NguoiKy".to_owned());
    first.rect = Some(PdfRect::new(72.0, 480.0, 200.0, 60.0));
    first.reason = Some("Phê duyệt".to_owned());
    first.location = Some("Hà Nội".to_owned());
    let certified = sign(&original, keys.0, &pki.person, &chain, first, rng)?;
    let mut second = PdfSignOptions::new(now);
    second.field = Some("VanPhong".to_owned());
    second.rect = Some(PdfRect::new(320.0, 480.0, 200.0, 60.0));
    second.reason = Some("Ban hành".to_owned());
    second.location = Some("Hà Nội".to_owned());
    let signed = sign(&certified, keys.1, &pki.agency, &chain, second, rng)?;
    files::write(&dir.join("cong-van-da-ky.pdf"), &signed)?;
    outln!(
        "{} cong-van-da-ky.pdf ({} byte): {} {} (P=2) → {} {}",
        l("Đã tạo", "Wrote"),
        signed.len(),
        l("chứng thực bởi", "certified by"),
        kyso_testpki::names::PERSON_CN,
        l("rồi ký bởi", "then signed by"),
        kyso_testpki::names::AGENCY_CN
    );
    let report = v.with_session(|s| s.verify_pdf(&signed));
    out!("{}", report.to_text(lang));
    files::write(&dir.join("report-pdf.json"), report.to_json().as_bytes())?;

    super::demo::rule(l(
        "7. Thêm một bản cập nhật đổi số tiền trên trang rồi kiểm tra lại",
        "7. Appending an update that changes the amount on the page, then verifying again",
    ));
    let update = tamper_update(&signed, "900,000,000").ok_or_else(|| Msg::Internal {
        reason: "startxref".into(),
    })?;
    let tampered = [signed.as_slice(), &update].concat();
    files::write(&dir.join("cong-van-da-sua.pdf"), &tampered)?;
    outln!("cong-van-da-sua.pdf: \"500,000,000 VND\" → \"900,000,000 VND\"");
    let bad = v.with_session(|s| s.verify_pdf(&tampered));
    out!("{}", bad.to_text(lang));
    files::write(
        &dir.join("report-pdf-da-sua.json"),
        bad.to_json().as_bytes(),
    )?;
    Ok(report.indication == kyso::Indication::TotalPassed
        && bad.indication != kyso::Indication::TotalPassed)
}
