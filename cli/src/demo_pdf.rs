//! `kyso demo`, PDF part (issue 11): a one-page "Công văn" PDF, certified (DocMDP P=2) by the
//! person, then signed by the agency's office in a second revision, verified; then an
//! incremental update that replaces the page's content stream (the "incremental saving
//! attack", Mladenov et al., NDSS 2019) is caught. Both signatures are visible in the Decree
//! 30/2020 layouts (Annex I §II.7.d person, §II.8.a agency's seal), and page 1 is rendered to
//! cong-van-da-ky.png when poppler's `pdftoppm` is installed. Files go to the demo's directory.

use std::path::Path;

use kyso::{
    DEFAULT_SEAL_MM, DocMdpPermission, Lang, LayoutKind, Length, PdfRect, PdfSignOptions,
    Placement, RustCryptoProvider, SignatureLayout, SoftwareKey, Variant,
};
use kyso_testpki::VnPki;

use crate::files;
use crate::msg::{Msg, label};
use crate::verify::Validation;

/// The page's text: ASCII in the standard Helvetica font (the page itself embeds no font);
/// the visible signatures below it (the person's box on the right, the seal over its left
/// third) carry their own embedded Liberation Serif with Vietnamese text. What the demo
/// prints comes from the catalogue in Vietnamese or English.
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
            "Signed: the Chief of Office (below); issued by the Office (seal).",
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

/// The visible signatures' font: Liberation Serif, the one `kyso sign` uses by default.
const DEMO_FONT: &[u8] = crate::sign_pdf::DEFAULT_FONT;

/// Page 1 of cong-van-da-ky.pdf as cong-van-da-ky.png (100 dpi) with poppler's `pdftoppm`
/// when it is on PATH; otherwise, or when it fails, a sentence saying how to make it. Never
/// an error: the picture is a convenience.
fn render_page(dir: &Path, lang: Lang) {
    let l = |vi, en| label(lang, vi, en);
    let pdf = dir.join("cong-van-da-ky.pdf");
    let prefix = dir.join("cong-van-da-ky");
    let png = dir.join("cong-van-da-ky.png");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "100", "-singlefile"])
        .arg(&pdf)
        .arg(&prefix)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if rendered && png.is_file() {
        outln!(
            "{} {} ({})",
            l("Đã tạo", "Wrote"),
            png.display(),
            l(
                "trang 1 với chữ ký và con dấu",
                "page 1 with the signature and the seal"
            )
        );
    } else {
        outln!(
            "{} pdftoppm -png -r 100 -singlefile {} {}",
            l(
                "Chưa tạo được ảnh trang 1 (cần pdftoppm của poppler-utils); lệnh tạo ảnh:",
                "Page 1 was not rendered to PNG (poppler-utils' pdftoppm is needed); to make it, run:"
            ),
            pdf.display(),
            prefix.display()
        );
    }
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
    // The person certifies with the Decree 30 person layout (Annex I §II.7.d): title, the
    // blue handwritten signature, the full name from the certificate, then the description
    // lines with the signing time in Vietnam time (+07:00).
    let mut person = SignatureLayout::new(LayoutKind::Person, DEMO_FONT);
    person.image = Some(crate::demo_images::signature_png()?.into());
    person.title = Some("CHÁNH VĂN PHÒNG".to_owned());
    person.description = true;
    person.labels = lang;
    let mut first = PdfSignOptions::new(earlier);
    first.certify = Some(DocMdpPermission::P2);
    first.field = Some("NguoiKy".to_owned());
    first.rect = Some(PdfRect::new(330.0, 400.0, 220.0, 160.0));
    first.reason = Some("Phê duyệt".to_owned());
    first.location = Some("Hà Nội".to_owned());
    first.layout = Some(person);
    let certified = sign(&original, keys.0, &pki.person, &chain, first, rng)?;
    // The agency's office seals (Annex I §II.8.a): the red seal at its real size (40 mm),
    // over the left third of the person's signature; image only, since text in the agency's
    // box after a certification may look like an overlay to a viewer.
    let mut agency = SignatureLayout::new(LayoutKind::Agency, DEMO_FONT);
    agency.image = Some(crate::demo_images::seal_png()?.into());
    agency.variant = Variant::ImageOnly;
    agency.seal_width = Some(Length::Mm(DEFAULT_SEAL_MM));
    agency.placement = Placement::beside(Some("NguoiKy".to_owned()));
    agency.labels = lang;
    let mut second = PdfSignOptions::new(now);
    second.field = Some("VanPhong".to_owned());
    second.reason = Some("Ban hành".to_owned());
    second.location = Some("Hà Nội".to_owned());
    second.layout = Some(agency);
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
    render_page(dir, lang);
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
