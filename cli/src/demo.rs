//! `kyso demo`: a PKI shaped like the Vietnamese government's (root → sub-CA → a person with a
//! CCCD and an agency with a tax code), a sample "Công văn" signed first by the person then by
//! the agency (Decree 30/2020 Art 5: both signatures make the e-document an original), verified,
//! then a tampered copy verified to show the failure. Everything is written to DIR so the user
//! can repeat each step with `kyso verify` / `kyso inspect`.

use std::path::Path;

use kyso::TrustStore;
use kyso::{Content, SignedDataBuilder, SignerOptions};
use kyso::{Evidence, Lang, ValidationPolicy};
use kyso_testpki::{VnPki, VnPkiOptions};

use crate::files;
use crate::msg::{Msg, label};
use crate::verify::{Validation, verify_with};
use crate::{CmdResult, DemoArgs};

/// The sample document (UTF-8 Vietnamese official letter), shipped with the binary.
const SAMPLE: &str = include_str!("../assets/cong-van.txt");

fn write(dir: &Path, name: &str, data: &[u8]) -> Result<(), Msg> {
    files::write(&dir.join(name), data)
}

fn pki_error(e: kyso_testpki::PkiError) -> Msg {
    Msg::Internal {
        reason: e.to_string().into(),
    }
}

pub(crate) fn rule(title: &str) {
    outln!("\n━━━ {title} ━━━");
}

pub fn run(args: &DemoArgs, lang: Lang) -> CmdResult {
    let l = |vi, en| label(lang, vi, en);
    let dir = args.out.as_path();
    std::fs::create_dir_all(dir).map_err(|e| Msg::CannotWrite {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let now = files::now()?;
    let mut rng = files::os_rng()?;

    // 1. The PKI.
    rule(l(
        "1. Hạ tầng khóa công khai thử nghiệm",
        "1. A test public-key infrastructure",
    ));
    outln!(
        "{}",
        l(
            "Tạo chứng thư gốc (RSA-4096), CA cấp dưới (RSA-4096, pathLen 0, chính sách 2.16.704.1.1.1.1.1),\nmột cá nhân (UID=CCCD) và một cơ quan (UID=MST), như hệ thống của Ban Cơ yếu Chính phủ…",
            "Making a root (RSA-4096), a sub-CA (RSA-4096, pathLen 0, policy 2.16.704.1.1.1.1.1),\na person (UID=CCCD) and an agency (UID=MST), shaped like the Government Cipher Committee's PKI…"
        )
    );
    let pki = VnPki::generate(&VnPkiOptions::realistic(now), &mut rng).map_err(pki_error)?;
    let crl = pki
        .sub_ca_crl(Vec::new(), now, &mut rng)
        .map_err(pki_error)?;
    let root_crl = pki.root_crl(now, &mut rng).map_err(pki_error)?;
    write(dir, "root-ca.pem", pki.root.cert_pem().as_bytes())?;
    write(dir, "sub-ca.pem", pki.sub_ca.cert_pem().as_bytes())?;
    write(dir, "person.pem", pki.person.cert_pem().as_bytes())?;
    write(
        dir,
        "person.key",
        pki.person.key_pem().map_err(pki_error)?.as_bytes(),
    )?;
    write(dir, "agency.pem", pki.agency.cert_pem().as_bytes())?;
    write(
        dir,
        "agency.key",
        pki.agency.key_pem().map_err(pki_error)?.as_bytes(),
    )?;
    write(dir, "sub-ca.crl", &crl)?;
    write(dir, "root-ca.crl", &root_crl)?;
    for issued in [&pki.person, &pki.agency] {
        let v = kyso::CertificateView::new(&issued.certificate, &kyso::RustCryptoProvider);
        out!(
            "\n{}",
            v.to_text(lang, 0, 1)
                .lines()
                .skip(1)
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        );
        outln!();
    }

    // 2. Sign: the person (approval), then the agency adds its signature (issue).
    rule(l("2. Ký số văn bản", "2. Signing the document"));
    let doc = SAMPLE.as_bytes();
    write(dir, "cong-van.txt", doc)?;
    let person_key =
        kyso::SoftwareKey::from_pem(pki.person.key_pem().map_err(pki_error)?.as_bytes(), None)
            .map_err(|e| Msg::Internal {
                reason: e.message().into(),
            })?;
    let agency_key =
        kyso::SoftwareKey::from_pem(pki.agency.key_pem().map_err(pki_error)?.as_bytes(), None)
            .map_err(|e| Msg::Internal {
                reason: e.message().into(),
            })?;
    let chain = [pki.sub_ca.certificate.clone()];
    let sign_err = |e: kyso::CmsError| Msg::SigningFailed {
        reason: e.message().into(),
    };
    // The leader signs first, the clerk issues a minute later (Decree 30/2020 workflow); both
    // times lie in the past so that no signing time is later than the verifier's clock.
    let earlier = kyso_testpki::shift(now, -60).map_err(pki_error)?;
    let first = SignedDataBuilder::new(doc)
        .detached()
        .add_signer(
            SignerOptions::new(&person_key, &pki.person.certificate)
                .signing_time(earlier)
                .chain(&chain),
        )
        .build(&kyso::RustCryptoProvider, &mut rng)
        .map_err(sign_err)?;
    let signed = kyso::add_signer(
        &first,
        Some(Content::Bytes(doc)),
        SignerOptions::new(&agency_key, &pki.agency.certificate).signing_time(now),
        &kyso::RustCryptoProvider,
        &mut rng,
    )
    .map_err(sign_err)?;
    write(dir, "cong-van.txt.p7s", &signed)?;
    outln!(
        "{} cong-van.txt.p7s ({} byte): {} {} → {} {}",
        l("Đã tạo", "Wrote"),
        signed.len(),
        l("ký bởi", "signed by"),
        kyso_testpki::names::PERSON_CN,
        l("rồi", "then"),
        kyso_testpki::names::AGENCY_CN
    );

    // 3. Verify, with the CAs' CRLs as revocation evidence (the person and agency are not on them).
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let mut evidence = Evidence::new();
    for c in [&crl, &root_crl] {
        evidence.add_crl(c).map_err(|e| Msg::Internal {
            reason: e.message().into(),
        })?;
    }
    let v = Validation {
        store,
        evidence,
        online: false,
        policy: ValidationPolicy::vn_gov(),
        now,
    };
    rule(l(
        "3. Kiểm tra chữ ký trên văn bản gốc",
        "3. Verifying the original document",
    ));
    let report = verify_with(&v, &signed, Some(doc));
    out!("{}", report.to_text(lang));
    write(dir, "report.json", report.to_json().as_bytes())?;

    // 4. Tamper.
    rule(l(
        "4. Sửa một chữ trong văn bản rồi kiểm tra lại",
        "4. Changing one word, then verifying again",
    ));
    let tampered = SAMPLE.replace("500.000 đồng", "900.000 đồng");
    write(dir, "cong-van-da-sua.txt", tampered.as_bytes())?;
    outln!("cong-van-da-sua.txt: \"500.000 đồng\" → \"900.000 đồng\"");
    let bad = verify_with(&v, &signed, Some(tampered.as_bytes()));
    out!("{}", bad.to_text(lang));
    write(dir, "report-da-sua.json", bad.to_json().as_bytes())?;

    // 6–7. The same workflow on a PDF, and an incremental update that changes the page.
    let pdf_ok = crate::demo_pdf::run(
        dir,
        &pki,
        (&person_key, &agency_key),
        &v,
        now,
        earlier,
        &mut rng,
        lang,
    )?;

    // 8. How to repeat.
    rule(l("8. Tự làm lại bằng dòng lệnh", "8. Repeat it yourself"));
    let d = dir.display();
    outln!("kyso inspect {d}/cong-van.txt.p7s");
    let crls = format!("--crl {d}/sub-ca.crl --crl {d}/root-ca.crl");
    outln!(
        "kyso verify {d}/cong-van.txt.p7s --content {d}/cong-van.txt --trust {d}/root-ca.pem {crls}"
    );
    outln!(
        "kyso verify {d}/cong-van.txt.p7s --content {d}/cong-van-da-sua.txt --trust {d}/root-ca.pem {crls}"
    );
    outln!("kyso chain {d}/person.pem --untrusted {d}/sub-ca.pem --trust {d}/root-ca.pem {crls}");
    outln!(
        "kyso sign --key {d}/person.key --cert {d}/person.pem --chain {d}/sub-ca.pem --in {d}/cong-van.txt --out {d}/lai.p7s"
    );

    outln!("kyso inspect {d}/cong-van-da-ky.pdf");
    outln!("kyso verify {d}/cong-van-da-ky.pdf --trust {d}/root-ca.pem {crls}");
    outln!("kyso verify {d}/cong-van-da-sua.pdf --trust {d}/root-ca.pem {crls}");

    // The demo succeeds when the originals pass and the tampered copies fail.
    let ok = pdf_ok
        && report.indication == kyso::Indication::TotalPassed
        && bad.indication == kyso::Indication::TotalFailed;
    Ok(if ok { 0 } else { 1 })
}
