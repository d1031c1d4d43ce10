//! An existing field's seed values (ISO 32000-2 §12.7.5.5 Tables 237, 238): required values
//! the options contradict refuse the signature with `pdf.sign.seed-value` and a sentence
//! naming the requirement; values that are not required fill the options left open.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::tests::{Form, Identity, build, check_signed, identity, options, sign};
use super::*;
use crate::cms::test_support::Crypto;
use crate::pdf::sign_options::DocMdpPermission;
use crate::pdf::text::{decode_text_string, encode_text_string};
use crate::test_support::TestRng;

/// A one-page file with the empty signature field `S` whose `/SV` is `sv`.
fn with_seed(sv: &str) -> Vec<u8> {
    let field = format!(
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (S) /Rect [0 0 0 0] /P 3 0 R /SV {sv} >>"
    );
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [5 0 R] >>",
        "<< /Length 0 >>\nstream\n\nendstream",
        &field,
    ];
    build(&bodies, Form::Table)
}

fn field_options() -> PdfSignOptions {
    let mut o = options();
    o.field = Some("S".into());
    o
}

fn attempt(base: &[u8], id: &Identity, o: &PdfSignOptions) -> Result<PdfUpdate, PdfSignError> {
    sign_pdf(&base, &id.key, &id.cert, o, &Crypto, &mut TestRng::new(1))
}

fn refused(result: Result<PdfUpdate, PdfSignError>, want: SeedRequirement) -> String {
    match result {
        Err(e @ PdfSignError::SeedValue { requirement, .. }) => {
            assert_eq!(requirement, want, "{e}");
            assert_eq!(e.code(), "pdf.sign.seed-value");
            e.to_string()
        }
        other => panic!("expected a {want:?} seed value refusal, got {other:?}"),
    }
}

/// The newest signature dictionary of `signed`.
fn sig_dict(base: &[u8], signed: &[u8], id: &Identity) -> Dictionary {
    check_signed(base, signed, id).1
}

/// Signs `base` with `o` and gives the `/SubFilter` written.
fn signed_sub_filter(base: &[u8], id: &Identity, o: &PdfSignOptions) -> String {
    let signed = sign(base, id, o);
    let sig = sig_dict(base, &signed, id);
    String::from_utf8_lossy(sig.get(b"SubFilter").unwrap().as_name().unwrap().as_bytes())
        .into_owned()
}

#[test]
fn subfilter_required_refuses_an_explicit_other_and_fills_the_default() {
    let id = identity();
    let base = with_seed("<< /Ff 2 /SubFilter [/ETSI.CAdES.detached] >>");
    // Left at the default: the field's encoding is used.
    assert_eq!(
        signed_sub_filter(&base, &id, &field_options()),
        "ETSI.CAdES.detached"
    );
    // Options used as given: refused.
    let mut o = field_options();
    o.follow_seed_values = false;
    let text = refused(attempt(&base, &id, &o), SeedRequirement::SubFilter);
    assert!(text.contains("ETSI.CAdES.detached"), "{text}");

    let base = with_seed("<< /Ff 2 /SubFilter [/adbe.pkcs7.detached] >>");
    let mut o = field_options();
    o.sub_filter = PdfSubFilter::CadesDetached;
    refused(attempt(&base, &id, &o), SeedRequirement::SubFilter);
    // Unsupported encodings only: nothing to follow, refused.
    let base = with_seed("<< /Ff 2 /SubFilter [/adbe.x509.rsa_sha1] >>");
    refused(
        attempt(&base, &id, &field_options()),
        SeedRequirement::SubFilter,
    );
}

#[test]
fn subfilter_not_required_is_a_preference() {
    let id = identity();
    let base = with_seed("<< /SubFilter [/ETSI.CAdES.detached /adbe.pkcs7.detached] >>");
    // The default is in the list: kept.
    assert_eq!(
        signed_sub_filter(&base, &id, &field_options()),
        "adbe.pkcs7.detached"
    );
    let base = with_seed("<< /SubFilter [/ETSI.CAdES.detached] >>");
    assert_eq!(
        signed_sub_filter(&base, &id, &field_options()),
        "ETSI.CAdES.detached"
    );
    let mut o = field_options();
    o.follow_seed_values = false;
    assert_eq!(signed_sub_filter(&base, &id, &o), "adbe.pkcs7.detached");
}

#[test]
fn reasons_required_and_preferred() {
    let id = identity();
    let base = with_seed("<< /Ff 8 /Reasons [(Phe duyet) (Xem xet)] >>");
    let reason = |signed: &[u8]| {
        let sig = sig_dict(&base, signed, &id);
        sig.get(b"Reason")
            .map(|r| decode_text_string(&r.as_string().unwrap().bytes))
    };
    // No reason given: the first listed one.
    assert_eq!(
        reason(&sign(&base, &id, &field_options())).as_deref(),
        Some("Phe duyet")
    );
    let mut o = field_options();
    o.reason = Some("Xem xet".into());
    assert_eq!(reason(&sign(&base, &id, &o)).as_deref(), Some("Xem xet"));
    o.reason = Some("Khac".into());
    let text = refused(attempt(&base, &id, &o), SeedRequirement::Reasons);
    assert!(text.contains("Phe duyet, Xem xet"), "{text}");
    // Not required: any reason, the first listed when none.
    let base = with_seed("<< /Reasons [(Phe duyet)] >>");
    check_signed(&base, &sign(&base, &id, &o), &id);
    // One empty string: no reason may be given.
    let base = with_seed("<< /Ff 8 /Reasons [()] >>");
    refused(attempt(&base, &id, &o), SeedRequirement::Reasons);
    let signed = sign(&base, &id, &field_options());
    assert!(sig_dict(&base, &signed, &id).get(b"Reason").is_none());
}

#[test]
fn digest_version_and_unsupported_requirements() {
    let id = identity();
    for (sv, want) in [
        (
            "<< /Ff 64 /DigestMethod [/SHA384 /SHA512] >>",
            SeedRequirement::DigestMethod,
        ),
        ("<< /Ff 4 /V 4 >>", SeedRequirement::Version),
        (
            "<< /Ff 1 /Filter /Entrust.PPKEF >>",
            SeedRequirement::Filter,
        ),
        ("<< /Ff 32 /AddRevInfo true >>", SeedRequirement::AddRevInfo),
        (
            "<< /Ff 16 /LegalAttestation [(Khong co noi dung dong)] >>",
            SeedRequirement::LegalAttestation,
        ),
        (
            "<< /Ff 128 /LockDocument /true >>",
            SeedRequirement::LockDocument,
        ),
        (
            "<< /TimeStamp << /URL (http://tsa.ca.gov.vn) /Ff 1 >> >>",
            SeedRequirement::TimeStamp,
        ),
    ] {
        let text = refused(attempt(&with_seed(sv), &id, &field_options()), want);
        assert!(!text.is_empty());
    }
    // The same entries without their required bit are no obstacle.
    for sv in [
        "<< /DigestMethod [/SHA384] /V 4 /Filter /Entrust.PPKEF /AddRevInfo true >>",
        "<< /Ff 64 /DigestMethod [/SHA256] /V 3 >>",
        "<< /TimeStamp << /URL (http://tsa.ca.gov.vn) >> /LockDocument /auto >>",
    ] {
        let base = with_seed(sv);
        check_signed(&base, &sign(&base, &id, &field_options()), &id);
    }
}

#[test]
fn mdp_certifies_or_forbids_certification() {
    let id = identity();
    let base = with_seed("<< /MDP << /P 2 >> >>");
    let signed = sign(&base, &id, &field_options());
    let sig = sig_dict(&base, &signed, &id);
    let Some(Object::Array(reference)) = sig.get(b"Reference") else {
        panic!("no /Reference: the field asks for a certification")
    };
    let params = reference[0].as_dict().unwrap().get(b"TransformParams");
    assert_eq!(
        params.unwrap().as_dict().unwrap().get(b"P"),
        Some(&Object::Integer(2))
    );
    let mut o = field_options();
    o.certify = Some(DocMdpPermission::P1);
    refused(attempt(&base, &id, &o), SeedRequirement::Certification);

    let base = with_seed("<< /MDP << /P 0 >> >>");
    refused(attempt(&base, &id, &o), SeedRequirement::Approval);
    let signed = sign(&base, &id, &field_options());
    assert!(sig_dict(&base, &signed, &id).get(b"Reference").is_none());
}

fn hex(bytes: &[u8]) -> String {
    let s: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("<{s}>")
}

#[test]
fn certificate_constraints() {
    let id = identity();
    let other = crate::test_support::certificate(
        &crate::test_support::rsa2048(crate::cms::test_support::V15),
        "Tran Thi B",
        None,
        &[0x22],
        false,
    );
    let ours = hex(id.cert.der());
    let theirs = hex(other.der());
    let cn = hex(&encode_text_string("Nguyễn Văn A"));
    let ok = [
        format!("<< /Cert << /Ff 1 /Subject [{theirs} {ours}] >> >>"),
        format!("<< /Cert << /Ff 8 /SubjectDN [<< /CN (Tran Thi B) >> << /CN {cn} >>] >> >>"),
        "<< /Cert << /Ff 32 /KeyUsage [(1XXXXXXXX)] >> >>".to_owned(),
        // Not required: no obstacle.
        format!("<< /Cert << /Subject [{theirs}] /KeyUsage [(X1XXXXXXX)] /OID [(1.2.3.4)] >> >>"),
    ];
    for sv in ok {
        let base = with_seed(&sv);
        check_signed(&base, &sign(&base, &id, &field_options()), &id);
    }
    for (sv, want) in [
        (
            format!("<< /Cert << /Ff 1 /Subject [{theirs}] >> >>"),
            SeedRequirement::CertSubject,
        ),
        (
            format!("<< /Cert << /Ff 2 /Issuer [{theirs}] >> >>"),
            SeedRequirement::CertIssuer,
        ),
        (
            "<< /Cert << /Ff 4 /OID [(2.16.704.1.2.3)] >> >>".to_owned(),
            SeedRequirement::CertPolicy,
        ),
        (
            "<< /Cert << /Ff 8 /SubjectDN [<< /CN (Tran Thi B) >>] >> >>".to_owned(),
            SeedRequirement::CertSubjectDn,
        ),
        (
            "<< /Cert << /Ff 32 /KeyUsage [(X1XXXXXXX) (XXXXX1XXX)] >> >>".to_owned(),
            SeedRequirement::CertKeyUsage,
        ),
    ] {
        let text = refused(attempt(&with_seed(&sv), &id, &field_options()), want);
        assert!(!text.is_empty());
    }
    // The issuer constraint met by the certificate's own issuer (self-issued test cert).
    let base = with_seed(&format!("<< /Cert << /Ff 2 /Issuer [{ours}] >> >>"));
    check_signed(&base, &sign(&base, &id, &field_options()), &id);
}
