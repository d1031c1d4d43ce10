//! Signing tests on hand-made files in each cross-reference form. Each signed result is
//! checked for the prefix property, re-read with the reader, its ByteRange checked against
//! the `/Contents` span, and its CMS checked over the covered bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use super::*;
use crate::cms::test_support::{Crypto, SHA256, V15, check, decode, digest, signer_infos};
use crate::pdf::sign_options::{DocMdpPermission, FieldLock, LockAction, PdfRect};
use crate::pdf::xref::XrefForm;
use crate::test_support::{TestRng, certificate, rsa2048, t};

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Form {
    Table,
    Stream,
    ObjStm,
    Hybrid,
}

pub(super) const BODIES: [&str; 4] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
    "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> >>",
    "<< /Length 11 >>\nstream\nBT ET 0 0 m\nendstream",
];

/// A one-page file whose objects are `bodies` (1-based numbers), in the given form. With
/// `ObjStm` and `Hybrid`, the dictionaries that are not streams go into an object stream.
pub(super) fn build(bodies: &[&str], form: Form) -> Vec<u8> {
    let n = u32::try_from(bodies.len()).unwrap();
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    // (number, type, field2, field3)
    let mut entries: Vec<(u32, u8, u64, u64)> = Vec::new();
    let packed: Vec<u32> = match form {
        Form::ObjStm | Form::Hybrid => (1..=n)
            .filter(|i| !bodies[usize::try_from(*i - 1).unwrap()].contains("stream"))
            .collect(),
        _ => Vec::new(),
    };
    for (i, body) in bodies.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap();
        if packed.contains(&number) {
            continue;
        }
        entries.push((number, 1, out.len() as u64, 0));
        out.extend_from_slice(format!("{number} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let mut next = n + 1;
    if !packed.is_empty() {
        let stm = next;
        next += 1;
        let mut header = String::new();
        let mut data = String::new();
        for (index, number) in packed.iter().enumerate() {
            header.push_str(&format!("{number} {} ", data.len()));
            data.push_str(bodies[usize::try_from(*number - 1).unwrap()]);
            data.push('\n');
            entries.push((*number, 2, u64::from(stm), index as u64));
        }
        let all = format!("{header}{data}");
        entries.push((stm, 1, out.len() as u64, 0));
        out.extend_from_slice(
            format!(
                "{stm} 0 obj\n<< /Type /ObjStm /N {} /First {} /Length {} >>\nstream\n{all}\nendstream\nendobj\n",
                packed.len(),
                header.len(),
                all.len()
            )
            .as_bytes(),
        );
    }
    entries.sort();
    let xref_stream = |out: &mut Vec<u8>, own: u32, rows: &[(u32, u8, u64, u64)], extra: &str| {
        let mut rows = rows.to_vec();
        let offset = out.len() as u64;
        if !extra.contains("XRefStm-only") {
            rows.push((own, 1, offset, 0));
        }
        rows.sort();
        let mut data = Vec::new();
        let mut index = String::new();
        for (number, kind, a, b) in &rows {
            index.push_str(&format!("{number} 1 "));
            data.push(*kind);
            data.extend_from_slice(&u32::try_from(*a).unwrap().to_be_bytes());
            data.extend_from_slice(&u16::try_from(*b).unwrap().to_be_bytes());
        }
        let extra = extra.replace("XRefStm-only", "");
        out.extend_from_slice(
            format!(
                "{own} 0 obj\n<< /Type /XRef /W [1 4 2] /Index [{index}] /Size {} {extra} /Length {} >>\nstream\n",
                own + 1,
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        offset
    };
    let id = "/ID [<0102030405060708090A0B0C0D0E0F10> <0102030405060708090A0B0C0D0E0F10>]";
    match form {
        Form::Table => {
            let xref = out.len();
            out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", n + 1).as_bytes());
            for (_, _, offset, _) in &entries {
                out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
            }
            out.extend_from_slice(
                format!(
                    "trailer\n<< /Size {} /Root 1 0 R {id} >>\nstartxref\n{xref}\n%%EOF\n",
                    n + 1
                )
                .as_bytes(),
            );
        }
        Form::Stream | Form::ObjStm => {
            let own = next;
            let xref = xref_stream(&mut out, own, &entries, &format!("/Root 1 0 R {id}"));
            out.extend_from_slice(format!("startxref\n{xref}\n%%EOF\n").as_bytes());
        }
        Form::Hybrid => {
            // The table lists the plain objects, the /XRefStm stream the compressed ones
            // (§7.5.8.4, as Microsoft Office writes them).
            let compressed: Vec<_> = entries.iter().copied().filter(|e| e.1 == 2).collect();
            let own = next;
            let stm_at = xref_stream(&mut out, own, &compressed, "XRefStm-only");
            let size = own + 1;
            let xref = out.len();
            out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
            for (number, kind, offset, _) in &entries {
                if *kind == 1 {
                    out.extend_from_slice(
                        format!("{number} 1\n{offset:010} 00000 n \n").as_bytes(),
                    );
                }
            }
            out.extend_from_slice(
                format!(
                    "trailer\n<< /Size {size} /Root 1 0 R /XRefStm {stm_at} {id} >>\nstartxref\n{xref}\n%%EOF\n"
                )
                .as_bytes(),
            );
        }
    }
    out
}

pub(super) fn options() -> PdfSignOptions {
    PdfSignOptions::new(t("2026-12-04T08:00:00Z"))
}

pub(super) struct Identity {
    pub(super) key: crate::key::SoftwareKey,
    pub(super) cert: Certificate,
}

pub(super) fn identity() -> Identity {
    let key = rsa2048(V15);
    let cert = certificate(&key, "Nguyễn Văn A", None, &[0x11], false);
    Identity { key, cert }
}

pub(super) fn sign(base: &[u8], id: &Identity, options: &PdfSignOptions) -> Vec<u8> {
    let update = sign_pdf(
        &base,
        &id.key,
        &id.cert,
        options,
        &Crypto,
        &mut TestRng::new(7),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = base.to_vec();
    out.extend_from_slice(&update.bytes);
    out
}

/// Everything a verifier checks about the newest signature, in small: returns the field name
/// and the signature dictionary.
pub(super) fn check_signed(base: &[u8], signed: &[u8], id: &Identity) -> (String, Dictionary) {
    assert_eq!(
        &signed[..base.len()],
        base,
        "the input is a byte-identical prefix"
    );
    let file = PdfFile::open(&signed, &ReadOptions::default()).unwrap();
    assert!(file.findings().is_empty(), "{:?}", file.findings());
    let before = PdfFile::open(&base, &ReadOptions::default()).unwrap();
    assert_eq!(file.revisions().len(), before.revisions().len() + 1);
    let latest = file.latest();
    let fields = latest.fields().unwrap();
    let newest = fields
        .iter()
        .filter(|f| f.value.is_some())
        .find_map(|f| {
            let sig = latest.dict(f.value.as_ref().unwrap()).unwrap()?;
            let Some(Object::Array(br)) = sig.get(b"ByteRange") else {
                return None;
            };
            let br: Vec<i64> = br.iter().map(|o| o.as_integer().unwrap()).collect();
            (usize::try_from(br[2] + br[3]).unwrap() == signed.len()).then(|| (f.clone(), sig, br))
        })
        .expect("a signature covering the whole file");
    let (field, sig, br) = newest;
    let contents = sig.get(b"Contents").unwrap().as_string().unwrap().clone();
    let span = contents.span.clone().unwrap();
    assert_eq!(br[0], 0);
    assert_eq!(
        (br[1] as u64, br[2] as u64),
        (span.start, span.end),
        "the gap is /Contents"
    );
    let (b, c) = (br[1] as usize, br[2] as usize);
    let covered = [&signed[..b], &signed[c..]].concat();
    // The DER is followed by zero padding.
    let der = der_prefix(&contents.bytes);
    assert!(contents.bytes[der.len()..].iter().all(|b| *b == 0));
    let [si] = signer_infos(&decode(der)).try_into().unwrap();
    check(&si, &id.cert, &digest(SHA256, &covered));
    assert_eq!(field.field_type.as_ref().unwrap().as_bytes(), b"Sig");
    (field.name, sig)
}

fn der_prefix(bytes: &[u8]) -> &[u8] {
    assert_eq!(bytes[0], 0x30);
    let (len, header) = match bytes[1] {
        n if n < 0x80 => (usize::from(n), 2),
        0x81 => (usize::from(bytes[2]), 3),
        0x82 => (usize::from(u16::from_be_bytes([bytes[2], bytes[3]])), 4),
        0x83 => (
            usize::from(bytes[2]) << 16 | usize::from(bytes[3]) << 8 | usize::from(bytes[4]),
            5,
        ),
        _ => panic!("length"),
    };
    &bytes[..header + len]
}

#[test]
fn signs_every_xref_form_twice_and_keeps_the_form() {
    let id = identity();
    for form in [Form::Table, Form::Stream, Form::ObjStm, Form::Hybrid] {
        let base = build(&BODIES, form);
        let file = PdfFile::open(&base, &ReadOptions::default()).unwrap();
        assert!(
            file.findings().is_empty(),
            "{form:?} fixture: {:?}",
            file.findings()
        );
        let expected = match form {
            Form::Table | Form::Hybrid => XrefForm::Table,
            _ => XrefForm::Stream,
        };
        let once = sign(&base, &id, &options());
        let (name, sig) = check_signed(&base, &once, &id);
        assert_eq!(name, "Signature1", "{form:?}");
        assert_eq!(
            sig.get(b"SubFilter").unwrap().as_name().unwrap().as_bytes(),
            b"adbe.pkcs7.detached"
        );
        let reread = PdfFile::open(&once, &ReadOptions::default()).unwrap();
        assert_eq!(
            reread.revisions().last().unwrap().form,
            expected,
            "{form:?}"
        );
        if form == Form::Hybrid {
            assert!(
                reread
                    .revisions()
                    .last()
                    .unwrap()
                    .trailer
                    .get(b"XRefStm")
                    .is_none()
            );
        }
        // The trailer keeps /Root and /ID.
        let trailer = &reread.revisions().last().unwrap().trailer;
        assert!(trailer.get(b"Root").is_some() && trailer.get(b"ID").is_some());

        let mut cades = options();
        cades.sub_filter = PdfSubFilter::CadesDetached;
        let twice = sign(&once, &id, &cades);
        let (name, sig) = check_signed(&once, &twice, &id);
        assert_eq!(name, "Signature2", "{form:?}");
        assert_eq!(
            sig.get(b"SubFilter").unwrap().as_name().unwrap().as_bytes(),
            b"ETSI.CAdES.detached"
        );
        let fields = PdfFile::open(&twice, &ReadOptions::default())
            .unwrap()
            .latest()
            .fields()
            .unwrap();
        assert_eq!(fields.len(), 2);
    }
}

#[test]
fn cades_has_no_signing_time_and_pkcs7_has_one() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    for (sub_filter, has_time) in [
        (PdfSubFilter::CadesDetached, false),
        (PdfSubFilter::Pkcs7Detached, true),
    ] {
        let mut o = options();
        o.sub_filter = sub_filter;
        let signed = sign(&base, &id, &o);
        let (_, sig) = check_signed(&base, &signed, &id);
        let der = der_prefix(&sig.get(b"Contents").unwrap().as_string().unwrap().bytes).to_vec();
        let [si] = signer_infos(&decode(&der)).try_into().unwrap();
        let attrs = si.signed_attrs.unwrap();
        assert_eq!(
            attrs.iter().any(|a| a.oid == crate::oid::ID_SIGNING_TIME),
            has_time
        );
        assert!(
            attrs
                .iter()
                .any(|a| a.oid == crate::oid::ID_AA_SIGNING_CERTIFICATE_V2)
        );
        assert_eq!(
            sig.get(b"M").unwrap().as_string().unwrap().bytes,
            b"D:20261204080000+00'00'"
        );
    }
}

#[test]
fn certification_then_approval_and_not_certification_twice() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let mut o = options();
    o.certify = Some(DocMdpPermission::P2);
    o.reason = Some("Phê duyệt".into());
    let certified = sign(&base, &id, &o);
    let (_, sig) = check_signed(&base, &certified, &id);
    let Some(Object::Array(reference)) = sig.get(b"Reference") else {
        panic!("no /Reference")
    };
    let params = reference[0]
        .as_dict()
        .unwrap()
        .get(b"TransformParams")
        .unwrap();
    assert_eq!(
        params.as_dict().unwrap().get(b"P"),
        Some(&Object::Integer(2))
    );
    let file = PdfFile::open(&certified, &ReadOptions::default()).unwrap();
    let (_, catalog) = file.latest().catalog().unwrap();
    let perms = catalog.get(b"Perms").unwrap().as_dict().unwrap();
    assert!(perms.get(b"DocMDP").unwrap().as_reference().is_some());
    assert_eq!(
        crate::pdf::text::decode_text_string(
            &sig.get(b"Reason").unwrap().as_string().unwrap().bytes
        ),
        "Phê duyệt"
    );

    assert_eq!(
        sign_pdf(
            &certified,
            &id.key,
            &id.cert,
            &o,
            &Crypto,
            &mut TestRng::new(1)
        )
        .unwrap_err(),
        PdfSignError::CertificationNotFirst
    );
    let approved = sign(&certified, &id, &options());
    check_signed(&certified, &approved, &id);

    // P=1: nothing may follow.
    let mut p1 = options();
    p1.certify = Some(DocMdpPermission::P1);
    let locked = sign(&base, &id, &p1);
    assert_eq!(
        sign_pdf(
            &locked,
            &id.key,
            &id.cert,
            &options(),
            &Crypto,
            &mut TestRng::new(1)
        )
        .unwrap_err(),
        PdfSignError::DocMdpForbids
    );
}

/// A file with an empty signature field `Approver` (with a /Lock and a seed value) and a text
/// field `Amount`, the AcroForm and /Annots indirect.
pub(super) fn with_empty_field(sv: &str) -> Vec<u8> {
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> /Annots 8 0 R >>",
        "<< /Length 11 >>\nstream\nBT ET 0 0 m\nendstream",
        "<< /Fields 9 0 R >>",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approver) /Rect [10 10 110 60] /P 3 0 R /Lock << /Type /SigFieldLock /Action /Include /Fields [(Amount)] >> >>",
        &format!(
            "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Amount) /V (100) /Rect [10 100 110 120] /P 3 0 R {sv} >>"
        ),
        "[6 0 R 7 0 R]",
        "[6 0 R 7 0 R]",
    ];
    let bodies: Vec<&str> = bodies.iter().map(|s| &**s).collect();
    build(&bodies, Form::Table)
}

#[test]
fn existing_empty_field_its_lock_and_only_the_needed_objects() {
    let id = identity();
    let base = with_empty_field("");
    let mut o = options();
    o.field = Some("Approver".into());
    let signed = sign(&base, &id, &o);
    let (name, sig) = check_signed(&base, &signed, &id);
    assert_eq!(name, "Approver");
    // The field's lock is carried as a FieldMDP reference.
    let Some(Object::Array(reference)) = sig.get(b"Reference") else {
        panic!("no /Reference")
    };
    let r = reference[0].as_dict().unwrap();
    assert_eq!(
        r.get(b"TransformMethod")
            .unwrap()
            .as_name()
            .unwrap()
            .as_bytes(),
        b"FieldMDP"
    );
    // Only the sig dict (new), the field (/V) and the AcroForm (/SigFlags) are in the update.
    let file = PdfFile::open(&signed, &ReadOptions::default()).unwrap();
    let mut defined: Vec<u32> = file.revisions()[1].entries.keys().copied().collect();
    defined.sort_unstable();
    assert_eq!(defined, vec![5, 6, 10]);

    // Signed now: refused a second time; a text field is not a signature field.
    assert!(matches!(
        sign_pdf(
            &signed,
            &id.key,
            &id.cert,
            &o,
            &Crypto,
            &mut TestRng::new(1)
        ),
        Err(PdfSignError::FieldAlreadySigned { .. })
    ));
    o.field = Some("Amount".into());
    assert!(matches!(
        sign_pdf(&base, &id.key, &id.cert, &o, &Crypto, &mut TestRng::new(1)),
        Err(PdfSignError::FieldNotSignature { .. })
    ));
    // A new field appends to the indirect /Annots and /Fields arrays, not to the page or the
    // AcroForm.
    let fresh = sign(&base, &id, &options());
    let file = PdfFile::open(&fresh, &ReadOptions::default()).unwrap();
    let defined: Vec<u32> = file.revisions()[1].entries.keys().copied().collect();
    assert!(defined.contains(&8) && defined.contains(&9) && !defined.contains(&3));
    check_signed(&base, &fresh, &id);
}

#[test]
fn seed_values_are_honoured() {
    let id = identity();
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [5 0 R] >>",
        "<< /Length 0 >>\nstream\n\nendstream",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (S) /Rect [0 0 0 0] /P 3 0 R /SV << /Ff 2 /SubFilter [/ETSI.CAdES.detached] >> >>",
    ];
    let base = build(&bodies, Form::Table);
    let mut o = options();
    o.field = Some("S".into());
    // The options as given contradict the required /SubFilter (seed_tests.rs has the rest).
    o.follow_seed_values = false;
    assert!(matches!(
        sign_pdf(&base, &id.key, &id.cert, &o, &Crypto, &mut TestRng::new(1)),
        Err(PdfSignError::SeedValue { .. })
    ));
    o.sub_filter = PdfSubFilter::CadesDetached;
    let signed = sign(&base, &id, &o);
    check_signed(&base, &signed, &id);
}

#[test]
fn visible_field_on_a_rotated_page_and_a_new_lock() {
    let id = identity();
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 600 800] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Rotate 90 /CropBox [0 0 600 800] >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let base = build(&bodies, Form::Table);
    let mut o = options();
    o.rect = Some(PdfRect::new(10.0, 20.0, 100.0, 50.0));
    o.field = Some("Chữ ký".into());
    o.lock = Some(FieldLock::new(LockAction::All));
    let signed = sign(&base, &id, &o);
    let (name, _) = check_signed(&base, &signed, &id);
    assert_eq!(name, "Chữ ký");
    let file = PdfFile::open(&signed, &ReadOptions::default()).unwrap();
    let field = file.latest().fields().unwrap().remove(0);
    let rect = file
        .latest()
        .rectangle(field.dict.get(b"Rect").unwrap())
        .unwrap()
        .unwrap();
    // Displayed page is 800 wide, 600 high; (10,20)-(110,70) displayed → user x = 600 - y.
    assert_eq!(rect, [530.0, 10.0, 580.0, 110.0]);
    assert!(field.lock.is_some());
    assert_eq!(field.dict.get(b"F"), Some(&Object::Integer(132)));

    o.page = 2;
    assert_eq!(
        sign_pdf(&base, &id.key, &id.cert, &o, &Crypto, &mut TestRng::new(1)).unwrap_err(),
        PdfSignError::PageOutOfRange { page: 2, pages: 1 }
    );
}

#[test]
fn two_phase_state_round_trip_and_too_small_contents() {
    let id = identity();
    let base = build(&BODIES, Form::Stream);
    let prepared = prepare_pdf_signature(&base, &id.cert, V15, &options(), &Crypto).unwrap();
    let state = prepared.to_bytes();
    let restored = PreparedPdfSignature::from_bytes(&state, &Crypto).unwrap();
    let signature =
        crate::key::Signer::sign(&id.key, restored.to_be_signed(), &mut TestRng::new(2)).unwrap();
    let update = restored.finish(&signature, &Crypto).unwrap();
    assert_eq!(update.input_len, base.len() as u64);
    let signed = update.signed_pdf(&base).unwrap();
    assert_eq!(signed, [base.clone(), update.bytes.clone()].concat());
    check_signed(&base, &signed, &id);
    assert_eq!(
        restored.finish_pdf(&base, &signature, &Crypto).unwrap(),
        signed
    );
    // Finishing onto another file: refused, not a broken PDF.
    let other = [base.as_slice(), b"\n"].concat();
    assert_eq!(
        restored
            .finish_pdf(&other, &signature, &Crypto)
            .unwrap_err(),
        PdfSignError::InputMismatch {
            expected: base.len() as u64,
            actual: other.len() as u64
        }
    );
    assert!(PreparedPdfSignature::from_bytes(&state[..state.len() / 2], &Crypto).is_err());

    // Room too small: typed error in two-phase, and one-shot retries.
    let small = prepare(&base, &id.cert, V15, &options(), &Crypto, Some(100)).unwrap();
    let signature =
        crate::key::Signer::sign(&id.key, small.to_be_signed(), &mut TestRng::new(2)).unwrap();
    assert!(matches!(
        small.finish(&signature, &Crypto),
        Err(PdfSignError::ContentsTooSmall { reserved: 100, .. })
    ));
    let mut o = options();
    o.extra_unsigned_bytes = 0;
    check_signed(&base, &sign(&base, &id, &o), &id);
}

#[test]
fn encrypted_and_damaged_inputs_are_refused() {
    let id = identity();
    let mut damaged = build(&BODIES, Form::Table);
    // Break the startxref offset: the reader must rebuild the table.
    let at = damaged.windows(9).rposition(|w| w == b"startxref").unwrap();
    damaged.truncate(at);
    damaged.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    assert_eq!(
        sign_pdf(
            &damaged,
            &id.key,
            &id.cert,
            &options(),
            &Crypto,
            &mut TestRng::new(1)
        )
        .unwrap_err(),
        PdfSignError::Damaged
    );
    let plain = build(&BODIES, Form::Table);
    let at = plain
        .windows(11)
        .rposition(|w| w == b"/Root 1 0 R")
        .unwrap()
        + 11;
    let encrypted = [
        &plain[..at],
        b" /Encrypt << /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 /Length 128 >>",
        &plain[at..],
    ]
    .concat();
    let err = sign_pdf(
        &encrypted,
        &id.key,
        &id.cert,
        &options(),
        &Crypto,
        &mut TestRng::new(1),
    )
    .unwrap_err();
    assert_eq!(err, PdfSignError::Encrypted, "{err}");
    assert_eq!(err.code(), "pdf.sign.encrypted");
}

#[test]
fn callback_signing_retries_and_passes_the_callers_error() {
    #[derive(Debug, PartialEq)]
    enum E {
        Pdf(PdfSignError),
        Token,
    }
    impl From<PdfSignError> for E {
        fn from(e: PdfSignError) -> Self {
            Self::Pdf(e)
        }
    }
    let id = identity();
    let base = build(&BODIES, Form::Table);
    let mut calls = 0;
    let update = sign_pdf_with(&base, &id.cert, V15, &options(), &Crypto, &mut |p| {
        calls += 1;
        crate::key::Signer::sign(&id.key, p.to_be_signed(), &mut TestRng::new(3))
            .map_err(|_| E::Token)
    })
    .unwrap();
    assert_eq!(calls, 1);
    check_signed(&base, &update.signed_pdf(&base).unwrap(), &id);
    let err = sign_pdf_with(&base, &id.cert, V15, &options(), &Crypto, &mut |_| {
        Err::<Vec<u8>, E>(E::Token)
    })
    .unwrap_err();
    assert_eq!(err, E::Token);
    let err = sign_pdf_with(
        &&b"not a pdf"[..],
        &id.cert,
        V15,
        &options(),
        &Crypto,
        &mut |_| Err::<Vec<u8>, E>(E::Token),
    )
    .unwrap_err();
    assert!(matches!(err, E::Pdf(PdfSignError::Read(_))), "{err:?}");
}

#[test]
fn option_names_levels_and_codes() {
    use crate::pdf::sign_options::PdfSubFilter;
    for s in [PdfSubFilter::Pkcs7Detached, PdfSubFilter::CadesDetached] {
        assert_eq!(PdfSubFilter::from_name(s.short_name()), Ok(s));
        assert_eq!(PdfSubFilter::from_name(s.name()), Ok(s));
        assert_eq!(PdfSubFilter::from_code(s.code()), Ok(s));
    }
    assert_eq!(
        PdfSubFilter::from_name("adbe.pkcs7.sha1")
            .unwrap_err()
            .code(),
        "pdf.sign.unknown-subfilter"
    );
    assert!(PdfSubFilter::from_code(2).is_err());
    for (level, p) in [
        (1, DocMdpPermission::P1),
        (2, DocMdpPermission::P2),
        (3, DocMdpPermission::P3),
    ] {
        assert_eq!(DocMdpPermission::from_level(level), Ok(p));
    }
    for bad in [0, 4, -1, 257, i64::MAX] {
        let e = DocMdpPermission::from_level(bad).unwrap_err();
        assert_eq!(e, PdfSignError::BadCertificationLevel { level: bad });
        assert_eq!(e.code(), "pdf.sign.bad-certification-level");
    }
}

#[test]
fn an_extension_adds_unsigned_attributes_before_embedding() {
    let id = identity();
    let base = build(&BODIES, Form::Table);
    // A "token" larger than the room kyso reserves: the one-shot form prepares again.
    let blob = crate::ber::encode(crate::ber::SEQUENCE, &[&vec![0x04; 20_000]]);
    let mut extended = 0;
    let mut extend = |cms: Vec<u8>| -> Result<Vec<u8>, PdfSignError> {
        extended += 1;
        Ok(crate::cms::add_signature_timestamp(&cms, 0, &blob)?)
    };
    let update = sign_pdf_extended(
        &base,
        &id.cert,
        V15,
        &options(),
        &Crypto,
        &mut |p| {
            crate::key::Signer::sign(&id.key, p.to_be_signed(), &mut TestRng::new(3))
                .map_err(|e| PdfSignError::from(CmsError::from(e)))
        },
        Some(&mut extend),
    )
    .unwrap();
    assert_eq!(extended, 2, "prepared again with more room");
    let signed = update.signed_pdf(&base).unwrap();
    let (_, sig) = check_signed(&base, &signed, &id);
    let contents = sig
        .get(b"Contents")
        .unwrap()
        .as_string()
        .unwrap()
        .bytes
        .clone();
    let sd = decode(der_prefix(&contents));
    let si = &signer_infos(&sd)[0];
    assert_eq!(si.unsigned_attrs.as_ref().unwrap().len(), 1);

    // A CMS that is not the prepared signature's is not embedded.
    let prepared = prepare_pdf_signature(&base, &id.cert, V15, &options(), &Crypto).unwrap();
    let other = prepare_pdf_signature(&base, &id.cert, V15, &options(), &Crypto).unwrap();
    let signature =
        crate::key::Signer::sign(&id.key, other.to_be_signed(), &mut TestRng::new(4)).unwrap();
    let foreign = other.finish_cms(&signature, &Crypto).unwrap();
    if prepared.to_be_signed() != other.to_be_signed() {
        assert_eq!(
            prepared.embed(&foreign).unwrap_err(),
            PdfSignError::BadState
        );
    }
    assert_eq!(
        prepared.embed(b"\x30\x00").unwrap_err(),
        PdfSignError::BadState
    );
}

#[test]
#[cfg(feature = "appearance")]
fn a_visible_appearance_in_every_xref_form_and_its_refusals() {
    use crate::pdf::appearance::{AppearanceError, VisibleAppearance};
    const FONT: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf");
    let id = identity();
    let mut o = options();
    o.rect = Some(PdfRect::new(300.0, 100.0, 200.0, 60.0));
    o.appearance = Some(VisibleAppearance::new(FONT).with_lines(["Đà Nẵng"]));
    for form in [Form::Table, Form::Stream, Form::ObjStm, Form::Hybrid] {
        let base = build(&BODIES, form);
        let signed = sign(&base, &id, &o);
        check_signed(&base, &signed, &id);
        let file = PdfFile::open(&signed, &ReadOptions::default()).unwrap();
        let latest = file.latest();
        let field = latest.fields().unwrap().remove(0);
        let ap = latest
            .dict(field.dict.get(b"AP").unwrap())
            .unwrap()
            .unwrap();
        let Object::Stream(stream) = latest
            .resolve(ap.get(b"N").unwrap().as_reference().unwrap())
            .unwrap()
        else {
            panic!("{form:?}: /AP /N is a stream")
        };
        let fonts = latest
            .dict(stream.dict.get(b"Resources").unwrap())
            .unwrap()
            .unwrap();
        assert!(fonts.get(b"Font").is_some(), "{form:?}");
    }
    // A visible appearance for a new field needs a rectangle.
    let base = build(&BODIES, Form::Table);
    let mut no_rect = o.clone();
    no_rect.rect = None;
    let err = |o: &PdfSignOptions, base: &[u8]| {
        sign_pdf(&base, &id.key, &id.cert, o, &Crypto, &mut TestRng::new(1)).unwrap_err()
    };
    assert_eq!(err(&no_rect, &base), AppearanceError::NeedsRect.into());
    // Drawing into an existing field, layouts: sign/layout_tests.rs.
}
