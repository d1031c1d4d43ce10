//! Legacy and PAdES B-B signing-time forms of PDF signatures (issue 11 item 4):
//!
//! - SubFilter `adbe.pkcs7.sha1` (ISO 32000-2 §12.8.3.3.1): the CMS encapsulates the SHA-1
//!   digest of the ByteRange bytes. Built here (pyHanko cannot write it): an incremental
//!   update with the signature dictionary is appended to a one-page PDF, the SHA-1 of the
//!   covered bytes is signed as attached content — by kyso's CMS builder (SHA-256 signer) and
//!   by `openssl cms -sign -nodetach -md sha1` (the SHA-1 CMS of old Vietnamese tools) — and
//!   the DER put into `/Contents`. Under `vn-gov` (SHA-1 legacy gate on) it is TOTAL-PASSED
//!   with the `pdf.sig.sha1-subfilter-legacy` warning; under `strict` it is not a pass
//!   (`pdf.sig.sha1-subfilter-not-allowed`); a digest of other bytes is TOTAL-FAILED
//!   everywhere.
//! - `/M` as the claimed signing time (ETSI EN 319 142-1 §5.4: PAdES B-B has no signing-time
//!   attribute): the chain is validated at `/M` under `vn-gov`, and the report names the
//!   source `pdf-signing-time`; proven with a certificate revoked between `/M` and now.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use kyso::{
    CryptoProvider, DateTime, DigestAlgorithm, Indication, PdfReport, PdfSignOptions, PdfSubFilter,
    RustCryptoProvider, SignedDataBuilder, SignerOptions, SoftwareKey, SubIndication, TimeSource,
    TrustStore, ValidationPolicy, Verifier, sign_pdf,
};
use kyso_testpki::pdf::{append_update, one_page_pdf};
use kyso_testpki::{Revoked, VnPki, VnPkiOptions, shift};
use kyso_tests::{DeterministicRng, TempDir, openssl_ok};

const DAY: i64 = 86_400;

struct Scene {
    pki: VnPki,
    key: SoftwareKey,
    /// When the PKI was made, the signing time (/M) a day later, now an hour after that.
    made: DateTime,
    time: DateTime,
    now: DateTime,
}

fn scene(label: &str) -> Scene {
    let made = shift(kyso_testpki::now().unwrap(), -2 * DAY).unwrap();
    let time = shift(made, DAY).unwrap();
    let now = shift(time, DAY).unwrap();
    let mut rng = DeterministicRng::from_label(label.as_bytes());
    let pki = VnPki::generate(&VnPkiOptions::fast(made), &mut rng).unwrap();
    let key = SoftwareKey::from_pkcs8_der(&pki.person.key.pkcs8_der().unwrap()).unwrap();
    Scene {
        pki,
        key,
        made,
        time,
        now,
    }
}

impl Scene {
    /// The sub-CA's CRL (revoking `revoked`) and the root's, issued after the signing.
    fn crls(&self, revoked: Vec<Revoked>) -> Vec<Vec<u8>> {
        let mut rng = DeterministicRng::from_label(b"crls");
        let issued = shift(self.time, 3600).unwrap();
        vec![
            self.pki.sub_ca_crl(revoked, issued, &mut rng).unwrap(),
            self.pki.root_crl(issued, &mut rng).unwrap(),
        ]
    }

    fn verify(&self, pdf: &[u8], policy: ValidationPolicy, crls: &[Vec<u8>]) -> PdfReport {
        let crypto = RustCryptoProvider;
        let mut anchors = TrustStore::new();
        anchors.add_anchor(self.pki.root.certificate.clone());
        let mut v = Verifier::new(anchors, policy, self.now, &crypto);
        v.add_certificates(self.pki.sub_ca.certificate.der())
            .unwrap();
        for crl in crls {
            v.add_crl(crl).unwrap();
        }
        v.verify_pdf(&pdf)
    }
}

/// `D:YYYYMMDDHHmmSS+00'00'` (ISO 32000-2 §7.9.4) of `t`.
fn pdf_date(t: &DateTime) -> String {
    let s = kyso::time::rfc3339(t);
    let digits: String = s.chars().filter(char::is_ascii_digit).take(14).collect();
    format!("D:{digits}+00'00'")
}

/// A one-page PDF with a second revision holding an `adbe.pkcs7.sha1` signature field whose
/// `/Contents` is a zero placeholder of `room` bytes; returns the file and the ByteRange.
fn sha1_placeholder(m: &DateTime, room: usize) -> (Vec<u8>, [usize; 4]) {
    let mut pdf = one_page_pdf();
    let sig = format!(
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.sha1 /ByteRange [0 0000000000 0000000000 0000000000] /Contents <{}> /M ({}) >>",
        "0".repeat(room * 2),
        pdf_date(m)
    );
    append_update(
        &mut pdf,
        &[
            (1, b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>"),
            (
                3,
                b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> /Annots [6 0 R] >>",
            ),
            (5, sig.as_bytes()),
            (
                6,
                b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Legacy) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>",
            ),
        ],
        7,
    );
    let open = pdf.windows(11).rposition(|w| w == b"/Contents <").unwrap() + 10;
    let close = open + 2 * room + 2;
    assert_eq!(pdf[close - 1], b'>');
    let ranges = [0, open, close, pdf.len() - close];
    let text = format!("[0 {:010} {:010} {:010}]", ranges[1], ranges[2], ranges[3]);
    let at = pdf.windows(12).rposition(|w| w == b"/ByteRange [").unwrap() + 11;
    pdf[at..at + text.len()].copy_from_slice(text.as_bytes());
    (pdf, ranges)
}

fn covered(pdf: &[u8], r: [usize; 4]) -> Vec<u8> {
    [&pdf[..r[1]], &pdf[r[2]..r[2] + r[3]]].concat()
}

fn put_contents(pdf: &mut [u8], r: [usize; 4], der: &[u8]) {
    let hex: String = der.iter().map(|b| format!("{b:02X}")).collect();
    assert!(hex.len() <= r[2] - r[1] - 2, "placeholder too small");
    pdf[r[1] + 1..r[1] + 1 + hex.len()].copy_from_slice(hex.as_bytes());
}

/// The attached CMS over `content` made by kyso's builder (the signer's digest is SHA-256:
/// kyso never signs with SHA-1; the document is bound by the SHA-1 content all the same).
fn kyso_cms(s: &Scene, content: &[u8]) -> Vec<u8> {
    let chain = [s.pki.sub_ca.certificate.clone()];
    SignedDataBuilder::new(content)
        .add_signer(
            SignerOptions::new(&s.key, &s.pki.person.certificate)
                .signing_time(s.time)
                .chain(&chain),
        )
        .build(
            &RustCryptoProvider,
            &mut DeterministicRng::from_label(b"cms"),
        )
        .unwrap()
}

/// The same with `openssl cms -sign -binary -nodetach -md sha1` (no signed attributes kept
/// out: OpenSSL adds signingTime with its own clock, which /M is compared with).
fn openssl_cms(s: &Scene, content: &[u8]) -> Vec<u8> {
    let dir = TempDir::new("pdf-legacy-openssl");
    dir.write("content.bin", content);
    dir.write("person.pem", s.pki.person.cert_pem());
    dir.write("sub.pem", s.pki.sub_ca.cert_pem());
    dir.write("person.key", s.pki.person.key.pkcs8_pem().unwrap());
    openssl_ok(
        dir.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-md",
            "sha1",
            "-in",
            "content.bin",
            "-signer",
            "person.pem",
            "-inkey",
            "person.key",
            "-certfile",
            "sub.pem",
            "-outform",
            "DER",
            "-out",
            "sig.der",
        ],
    );
    dir.read("sig.der")
}

fn codes(report: &PdfReport) -> Vec<&str> {
    report.signatures[0]
        .findings
        .iter()
        .map(|f| f.code.code())
        .collect()
}

#[test]
fn adbe_pkcs7_sha1_passes_only_under_the_sha1_legacy_gate() {
    let s = scene("pdf-legacy-sha1");
    let crls = s.crls(Vec::new());
    let crypto = RustCryptoProvider;
    for (maker, cms) in [
        ("kyso", kyso_cms as fn(&Scene, &[u8]) -> Vec<u8>),
        ("openssl", openssl_cms),
    ] {
        let (mut pdf, r) = sha1_placeholder(&s.time, 8192);
        let digest = crypto.digest(DigestAlgorithm::Sha1, &covered(&pdf, r));
        assert_eq!(digest.len(), 20);
        put_contents(&mut pdf, r, &cms(&s, &digest));

        let report = s.verify(&pdf, ValidationPolicy::vn_gov(), &crls);
        let sig = &report.signatures[0];
        assert_eq!(
            (report.indication, sig.indication),
            (Indication::TotalPassed, Indication::TotalPassed),
            "{maker}: {}",
            report.to_json()
        );
        assert_eq!(sig.sub_filter, "adbe.pkcs7.sha1");
        assert!(
            codes(&report).contains(&"pdf.sig.sha1-subfilter-legacy"),
            "{maker}"
        );

        // Outside the gate: a clear finding, and not a pass.
        let strict = s.verify(&pdf, ValidationPolicy::strict(), &crls);
        assert_eq!(
            (strict.indication, strict.sub_indication),
            (
                Indication::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure)
            ),
            "{maker}: {}",
            strict.to_json()
        );
        assert!(
            codes(&strict).contains(&"pdf.sig.sha1-subfilter-not-allowed"),
            "{maker}"
        );
        let text = strict.to_text(kyso::Lang::En);
        assert!(text.contains("adbe.pkcs7.sha1"), "{text}");

        // The digest of other bytes (one byte of the page changed after signing): failed
        // under every policy.
        let mut forged = pdf.clone();
        let at = forged.windows(5).position(|w| w == b"BT ET").unwrap();
        forged[at] = b'b';
        for policy in [ValidationPolicy::vn_gov(), ValidationPolicy::strict()] {
            let report = s.verify(&forged, policy, &crls);
            assert_eq!(report.indication, Indication::TotalFailed, "{maker}");
            assert!(
                codes(&report).contains(&"pdf.sig.sha1-digest-mismatch"),
                "{maker}: {}",
                report.to_json()
            );
        }
    }

    // Content that is not a 20-byte digest (the whole covered bytes signed instead).
    let (mut pdf, r) = sha1_placeholder(&s.time, 8192);
    let whole = covered(&pdf, r);
    put_contents(&mut pdf, r, &kyso_cms(&s, &whole[..64]));
    let report = s.verify(&pdf, ValidationPolicy::vn_gov(), &crls);
    assert_eq!(report.indication, Indication::TotalFailed);
    assert!(codes(&report).contains(&"pdf.sig.sha1-digest-mismatch"));
}

#[test]
fn pades_b_b_is_validated_at_m_under_vn_gov() {
    let s = scene("pdf-legacy-m");
    let mut options = PdfSignOptions::new(s.time);
    options.sub_filter = PdfSubFilter::CadesDetached;
    options.chain = vec![s.pki.sub_ca.certificate.clone()];
    let base = one_page_pdf();
    let update = sign_pdf(
        &base,
        &s.key,
        &s.pki.person.certificate,
        &options,
        &RustCryptoProvider,
        &mut DeterministicRng::from_label(b"pades"),
    )
    .unwrap();
    let pdf = [base, update.bytes].concat();

    // Revoked between /M and now: valid at /M (vn-gov), revoked now (strict).
    let revoked_at = shift(s.time, 1800).unwrap();
    assert!(revoked_at > s.made);
    let crls = s.crls(vec![Revoked::new(
        &s.pki.person.certificate,
        revoked_at,
        None,
    )]);
    let report = s.verify(&pdf, ValidationPolicy::vn_gov(), &crls);
    let sig = &report.signatures[0];
    assert_eq!(
        report.indication,
        Indication::TotalPassed,
        "{}",
        report.to_json()
    );
    let cms = sig.cms.as_ref().unwrap();
    assert_eq!(
        cms.signers[0].claimed_signing_time, None,
        "no signing-time attribute"
    );
    let chain = cms.signers[0].chain.as_ref().unwrap();
    assert_eq!(chain.time_used.source, TimeSource::PdfSigningTime);
    assert_eq!(chain.time_used.time, s.time);
    // The report says which time and that it is a claim.
    let en = report.to_text(kyso::Lang::En);
    assert!(en.contains("not attested by a time-stamp"), "{en}");
    assert!(report.to_json().contains("\"pdf-signing-time\""));

    let strict = s.verify(&pdf, ValidationPolicy::strict(), &crls);
    assert_eq!(
        strict.indication,
        Indication::TotalFailed,
        "{}",
        strict.to_json()
    );
    let chain = strict.signatures[0].cms.as_ref().unwrap().signers[0]
        .chain
        .clone()
        .unwrap();
    assert_eq!(chain.time_used.source, TimeSource::Current);

    // A /M in the future is not trusted: validated now, revoked.
    let mut late = options.clone();
    late.time = shift(s.now, DAY).unwrap();
    let base = one_page_pdf();
    let update = sign_pdf(
        &base,
        &s.key,
        &s.pki.person.certificate,
        &late,
        &RustCryptoProvider,
        &mut DeterministicRng::from_label(b"late"),
    )
    .unwrap();
    let future = s.verify(
        &[base, update.bytes].concat(),
        ValidationPolicy::vn_gov(),
        &crls,
    );
    assert_eq!(
        future.indication,
        Indication::TotalFailed,
        "{}",
        future.to_json()
    );
}
