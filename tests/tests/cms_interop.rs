//! Signed files as other software writes them (issue 9: Android JAR signing, Thunderbird/NSS,
//! Outlook, GPGSM, Authenticode, Go, Ruby, Apple). Each test rebuilds the shape that tool
//! produces from a kyso-built message (byte edits through `cms_common::Node`) or with the
//! OpenSSL CLI, and checks the verdict and the message text in Vietnamese and English:
//!
//! - a SignerInfo (and an ESS IssuerSerial) naming the issuer with other string types than the
//!   certificate: found under RFC 5280 §7.1 matching; a different name is still not found;
//! - signing-time as an unsigned attribute (RFC 5652 §11.3): warned, never the claimed time;
//! - a newline or zero padding after the message or a DER certificate: accepted and counted;
//!   other trailing data refused;
//! - findings that say what rule broke: a critical AuthorityKeyIdentifier (RFC 5280
//!   §4.2.1.1), a counter-signature's RFC 5652 §11.4 reason, an unreadable (negative) RSA
//!   modulus said once, a self-signed signer listed once in the chain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::{Body, Node, signed_data, signer_info};
use der::{Decode, Encode};
use kyso::MessageId;
use kyso::{Certificate, DateTime, Lang, RustCryptoProvider};
use kyso::{CheckStatus, Indication, Report, SignerReport, SubIndication, TimeSource};
use kyso::{Checker, EvidenceOrigin, RevocationEvidence};
use kyso::{KeyPurpose, ValidationPolicy};
use kyso::{PathValidator, TrustStore};
use kyso::{SignedDataBuilder, SignerOptions, add_counter_signature};
use kyso::{VerifyOptions, verify_signed_data};
use kyso_testpki::{
    CertSpec, DeterministicRng, Dn, Issued, KeyAlg, Profile, SchemeSigner, VnPki, VnPkiOptions,
    shift,
};
use kyso_tests::TempDir;

const DAY: i64 = 86_400;
const CONTENT: &[u8] = "Công văn số 123/UBND-VP".as_bytes();

/// PrintableString and UTF8String identifier octets (X.690 §8.1.2, universal 19 and 12).
const PRINTABLE_STRING: u8 = 0x13;
const UTF8_STRING: u8 = 0x0c;

/// A P-256 VGCA-shaped PKI made at `made`, the CRLs of both CAs a day before `now`, and `now`.
struct Scene {
    pki: VnPki,
    crls: Vec<Vec<u8>>,
    now: DateTime,
}

fn scene(seed: u64) -> Scene {
    let made = kyso::time::parse_rfc3339("2026-03-01T08:00:00+07:00").unwrap();
    let now = shift(made, 10 * DAY).unwrap();
    let mut rng = DeterministicRng::from_seed(seed);
    let pki = VnPki::generate(&VnPkiOptions::all(made, KeyAlg::P256), &mut rng).unwrap();
    let issued = shift(now, -DAY).unwrap();
    let crls = vec![
        pki.sub_ca_crl(Vec::new(), issued, &mut rng).unwrap(),
        pki.root_crl(issued, &mut rng).unwrap(),
    ];
    Scene { pki, crls, now }
}

fn signer_of(who: &Issued) -> SchemeSigner<'_> {
    SchemeSigner {
        key: &who.key,
        scheme: who.key.default_scheme(),
    }
}

/// Attached CMS by the person, with the sub-CA certificate and a signing time an hour ago;
/// `adjust` changes the signer's options.
fn sign_with(
    s: &Scene,
    adjust: impl FnOnce(SignerOptions<'_>) -> SignerOptions<'_>,
    seed: u64,
) -> Vec<u8> {
    let signer = signer_of(&s.pki.person);
    let chain = [s.pki.sub_ca.certificate.clone()];
    let options = SignerOptions::new(&signer, &s.pki.person.certificate).chain(&chain);
    SignedDataBuilder::new(CONTENT)
        .add_signer(adjust(options))
        .build(
            &kyso::RustCryptoProvider,
            &mut DeterministicRng::from_seed(seed),
        )
        .unwrap()
}

fn sign(s: &Scene) -> Vec<u8> {
    let t = shift(s.now, -3600).unwrap();
    sign_with(s, |o| o.signing_time(t), 7)
}

/// Verify under `vn_gov()` with the root as anchor and the scene's CRLs.
fn check(s: &Scene, message: &[u8]) -> Report {
    check_with(s, message, s.pki.root.certificate.clone(), s.crls.clone())
}

/// Verify under `vn_gov()` with `anchor` and `crls` (as supplied by the caller).
fn check_with(s: &Scene, message: &[u8], anchor: Certificate, crls: Vec<Vec<u8>>) -> Report {
    let evidence = RevocationEvidence::new(crls, vec![]);
    check_with_evidence(s, message, anchor, &evidence)
}

fn check_with_evidence(
    s: &Scene,
    message: &[u8],
    anchor: Certificate,
    evidence: &RevocationEvidence,
) -> Report {
    let crypto = RustCryptoProvider;
    let checker = Checker::new().with_evidence(evidence, EvidenceOrigin::Caller);
    let mut anchors = TrustStore::new();
    anchors.add_anchor(anchor);
    let validator = PathValidator::new(anchors).with_revocation(&checker);
    let opts = VerifyOptions::new(ValidationPolicy::vn_gov(), s.now, &crypto)
        .with_chain_validator(&validator);
    verify_signed_data(message, None, &opts)
}

fn show(r: &Report) -> String {
    r.to_text(Lang::En)
}

fn assert_passed(r: &Report) {
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::TotalPassed, None),
        "{}",
        show(r)
    );
    assert!(r.signers[0].chain.is_some(), "{}", show(r));
    assert!(r.to_text(Lang::Vi).contains("HỢP LỆ: chữ ký số hợp lệ"));
    assert!(
        r.to_text(Lang::En)
            .contains("VALID: the signature is valid")
    );
}

/// Every finding of the report (message, signers, counter-signatures, chains) with `code`.
fn findings(r: &Report, code: MessageId) -> Vec<kyso::Finding> {
    fn walk(s: &SignerReport, code: MessageId, out: &mut Vec<kyso::Finding>) {
        out.extend(s.findings.iter().filter(|f| f.code == code).cloned());
        if let Some(ch) = &s.chain {
            out.extend(ch.findings.iter().filter(|f| f.code == code).cloned());
        }
        for cs in &s.counter_signatures {
            walk(cs, code, out);
        }
    }
    let mut out: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == code)
        .cloned()
        .collect();
    for s in &r.signers {
        walk(s, code, &mut out);
    }
    out
}

/// The one finding with `code`, its text in both languages checked against `vi` and `en`.
fn assert_one_finding(r: &Report, code: MessageId, vi: &str, en: &str) {
    let f = findings(r, code);
    assert_eq!(f.len(), 1, "{code:?}: {}", show(r));
    assert!(
        f[0].message(Lang::Vi).contains(vi),
        "{}",
        f[0].message(Lang::Vi)
    );
    assert!(
        f[0].message(Lang::En).contains(en),
        "{}",
        f[0].message(Lang::En)
    );
    assert!(r.to_text(Lang::Vi).contains(&f[0].message(Lang::Vi)));
    assert!(r.to_text(Lang::En).contains(&f[0].message(Lang::En)));
}

/// The revocation findings with `code` of every certificate of the first signer's chain, each
/// checked to be shown in both languages' text report.
fn revocation_findings(r: &Report, code: MessageId) -> Vec<kyso::Finding> {
    let chain = r.signers[0].chain.as_ref().expect("a chain report");
    let found: Vec<_> = chain
        .certificates
        .iter()
        .filter_map(|c| c.revocation.as_ref())
        .flat_map(|rev| rev.findings.iter().filter(|f| f.code == code).cloned())
        .collect();
    for f in &found {
        assert!(r.to_text(Lang::Vi).contains(&f.message(Lang::Vi)));
        assert!(r.to_text(Lang::En).contains(&f.message(Lang::En)));
    }
    found
}

/// Retag every attribute value of `name` (a Name node) from `from` to `to`, lengths kept.
fn retag_values(name: &mut Node, from: u8, to: u8) -> usize {
    let mut changed = 0;
    for rdn in name.kids() {
        for atv in rdn.kids() {
            let value = &mut atv.kids()[1];
            if value.tag == from {
                value.tag = to;
                changed += 1;
            }
        }
    }
    changed
}

/// Whether `node`'s first child is a primitive whose contents are `contents`.
fn first_child_is(node: &Node, contents: &[u8]) -> bool {
    matches!(&node.body, Body::Cons(k) if matches!(k.first(), Some(Node { body: Body::Prim(c), .. }) if c == contents))
}

/// The issuer Name of the first SignerInfo's issuerAndSerialNumber.
fn sid_issuer(ci: &mut Node) -> &mut Node {
    let si = signer_info(signed_data(ci), 0);
    &mut si.kids()[1].kids()[0]
}

// --- Defect 1: names compared under RFC 5280 §7.1 ----------------------------------------

#[test]
fn signer_found_when_its_sid_spells_the_issuer_with_other_string_types() {
    let s = scene(1);
    let mut ci = Node::parse(&sign(&s));
    // C=VN is a PrintableString in the certificate; Outlook-style re-encoding as UTF8String.
    assert_eq!(
        retag_values(sid_issuer(&mut ci), PRINTABLE_STRING, UTF8_STRING),
        1
    );
    let r = check(&s, &ci.encode());
    assert_passed(&r);
    assert_eq!(r.signers[0].chain.as_ref().unwrap().certificates.len(), 3);
    assert!(
        r.signers[0]
            .checks
            .contains(&("signer-certificate".into(), CheckStatus::Passed))
    );
}

#[test]
fn signer_not_found_when_its_sid_names_another_issuer() {
    let s = scene(1);
    let mut ci = Node::parse(&sign(&s));
    // Same encoding, one letter of the organisation changed: another name.
    let issuer = sid_issuer(&mut ci);
    let org = issuer
        .kids()
        .iter_mut()
        .map(|rdn| &mut rdn.kids()[0])
        .find(|atv| first_child_is(atv, &[85, 4, 10]))
        .unwrap();
    let Body::Prim(v) = &mut org.kids()[1].body else {
        panic!("value")
    };
    v[0] = b'X';
    let r = check(&s, &ci.encode());
    assert_eq!(
        (r.indication, r.sub_indication),
        (
            Indication::Indeterminate,
            Some(SubIndication::NoSigningCertificateFound)
        ),
        "{}",
        show(&r)
    );
    assert_one_finding(
        &r,
        MessageId::SignerCertNotFound,
        "Không tìm thấy chứng thư số của người ký",
        "The signer's certificate was not found",
    );
}

/// The signing-certificate-v2 attribute kyso writes, with its IssuerSerial's issuer retagged
/// from `from` to `to` (and, when `rename`, one letter of the organisation changed).
fn ess_attribute(message: &[u8], from: u8, to: u8, rename: bool) -> x509_cert::attr::Attribute {
    let mut ci = Node::parse(message);
    let si = signer_info(signed_data(&mut ci), 0);
    let attrs = si.child(0xa0).unwrap();
    let ess_oid = oid_der(kyso::oid::ID_AA_SIGNING_CERTIFICATE_V2);
    let attr = attrs
        .kids()
        .iter_mut()
        .find(|a| first_child_is(a, &ess_oid[2..]))
        .unwrap();
    // Attribute { type, SET { SigningCertificateV2 { SEQUENCE OF ESSCertIDv2 { hash,
    // IssuerSerial { GeneralNames { [4] Name }, serial } } } } }
    let id = &mut attr.kids()[1].kids()[0].kids()[0].kids()[0];
    let issuer_serial = id.kids().last_mut().unwrap();
    let name = &mut issuer_serial.kids()[0].kids()[0].kids()[0];
    assert_eq!(retag_values(name, from, to), 1);
    if rename {
        let Body::Prim(v) = &mut name.kids()[1].kids()[0].kids()[1].body else {
            panic!("value")
        };
        v[0] ^= 0x01;
    }
    x509_cert::attr::Attribute::from_der(&attr.encode()).unwrap()
}

fn oid_der(oid: der::asn1::ObjectIdentifier) -> Vec<u8> {
    oid.to_der().unwrap()
}

#[test]
fn ess_issuer_serial_compares_names_under_rfc5280_7_1() {
    let s = scene(2);
    let t = shift(s.now, -3600).unwrap();
    let plain = sign(&s);
    for (rename, passes) in [(false, true), (true, false)] {
        let ess = ess_attribute(&plain, PRINTABLE_STRING, UTF8_STRING, rename);
        let message = sign_with(
            &s,
            |o| {
                o.signing_time(t)
                    .signing_certificate_v2(false)
                    .signed_attribute(ess)
            },
            8,
        );
        let r = check(&s, &message);
        if passes {
            assert_passed(&r);
            assert!(
                r.signers[0]
                    .checks
                    .contains(&("signing-certificate".into(), CheckStatus::Passed))
            );
        } else {
            assert_eq!(
                (r.indication, r.sub_indication),
                (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                "{}",
                show(&r)
            );
            assert_one_finding(
                &r,
                MessageId::SigningCertificateIssuerSerialMismatch,
                "Tên tổ chức cấp hoặc số hiệu trong thuộc tính signing-certificate không khớp",
                "The issuer or serial number in the signing-certificate attribute does not match",
            );
        }
    }
}

// --- Defect 4: signing-time as an unsigned attribute ---------------------------------------

fn signing_time_attribute(t: DateTime) -> x509_cert::attr::Attribute {
    let time = x509_cert::time::Time::UtcTime(
        der::asn1::UtcTime::from_unix_duration(core::time::Duration::from_secs(
            kyso::time::unix_seconds(&t),
        ))
        .unwrap(),
    );
    let mut values = der::asn1::SetOfVec::new();
    values
        .insert(der::Any::encode_from(&time).unwrap())
        .unwrap();
    x509_cert::attr::Attribute {
        oid: kyso::oid::ID_SIGNING_TIME,
        values,
    }
}

#[test]
fn unsigned_signing_time_is_warned_and_never_the_claimed_time() {
    let s = scene(3);
    let forged = shift(s.now, -400 * DAY).unwrap();
    // Only the unsigned one: no claimed signing time at all; validation at the current time.
    let message = sign_with(
        &s,
        |o| o.unsigned_attribute(signing_time_attribute(forged)),
        9,
    );
    let r = check(&s, &message);
    assert_passed(&r);
    let signer = &r.signers[0];
    assert_eq!(signer.claimed_signing_time, None);
    assert_eq!(
        signer.chain.as_ref().unwrap().time_used.source,
        TimeSource::Current
    );
    assert_one_finding(
        &r,
        MessageId::SigningTimeUnsigned,
        "Thuộc tính signing-time nằm ngoài phần được ký, điều mà RFC 5652 §11.3 không cho phép",
        "A signing-time attribute is unsigned, which RFC 5652 §11.3 forbids",
    );
    // The report shows no claimed signing time.
    assert!(
        !r.to_text(Lang::Vi)
            .contains("Thời điểm ký (người ký tự khai")
    );
    assert!(
        !r.to_text(Lang::En)
            .contains("Signing time (claimed by the signer")
    );
    // Next to a signed one: the signed one is the claimed time, the unsigned one is ignored.
    let signed = shift(s.now, -3600).unwrap();
    let message = sign_with(
        &s,
        |o| {
            o.signing_time(signed)
                .unsigned_attribute(signing_time_attribute(forged))
        },
        10,
    );
    let r = check(&s, &message);
    assert_passed(&r);
    assert_eq!(r.signers[0].claimed_signing_time, Some(signed));
    assert_eq!(findings(&r, MessageId::SigningTimeUnsigned).len(), 1);
}

// --- Defect 5: trailing bytes ---------------------------------------------------------------

#[test]
fn newline_or_zero_padding_after_the_message_is_ignored_and_counted() {
    let s = scene(4);
    let message = sign(&s);
    for (padding, count) in [(b"\n".to_vec(), "1"), (vec![0u8; 512], "512")] {
        let r = check(&s, &[&message[..], &padding[..]].concat());
        assert_passed(&r);
        assert_one_finding(
            &r,
            MessageId::InputTrailingPadding,
            &format!("Đã bỏ qua {count} byte đệm (khoảng trắng hoặc byte 0)"),
            &format!("{count} padding byte(s) (white space or zero bytes)"),
        );
    }
    // Without padding, no such finding.
    assert!(findings(&check(&s, &message), MessageId::InputTrailingPadding).is_empty());
}

#[test]
fn other_trailing_data_after_the_message_is_refused() {
    let s = scene(4);
    let message = sign(&s);
    let r = check(&s, &[&message[..], b"\ngarbage"].concat());
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
        "{}",
        show(&r)
    );
    assert!(r.signers.is_empty());
    let at = message.len().to_string();
    assert_one_finding(
        &r,
        MessageId::InputTrailingData,
        &format!("Sau phần cuối của dữ liệu (byte {at}) còn 8 byte không phải khoảng trắng"),
        &format!(
            "8 byte(s) other than white space or zero bytes follow the end of the data (at byte {at})"
        ),
    );
}

#[test]
fn der_certificate_with_a_newline_is_a_trust_anchor() {
    let s = scene(5);
    let root = s.pki.root.certificate.der();
    let with_newline = Certificate::from_der(&[root, b"\r\n"].concat()).unwrap();
    assert_eq!(
        with_newline.der(),
        root,
        "the padding is not part of the certificate"
    );
    let loaded = kyso::load_certificates(&[root, b"\n"].concat()).unwrap();
    assert_eq!(loaded, vec![with_newline.clone()]);
    assert!(Certificate::from_der(&[root, b"\ngarbage"].concat()).is_err());
    // CRLs read from files too.
    let crl = kyso::Crl::from_der(&[&s.crls[0][..], b"\n"].concat()).unwrap();
    assert_eq!(crl.der(), s.crls[0].as_slice());
    assert!(kyso::Crl::from_der(&[&s.crls[0][..], b"x"].concat()).is_err());
    // The anchor read with its newline validates the chain.
    let crypto = RustCryptoProvider;
    let evidence = RevocationEvidence::new(s.crls.clone(), vec![]);
    let checker = Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller);
    let mut anchors = TrustStore::new();
    anchors.add_anchor(with_newline);
    let validator = PathValidator::new(anchors).with_revocation(&checker);
    let opts = VerifyOptions::new(ValidationPolicy::vn_gov(), s.now, &crypto)
        .with_chain_validator(&validator);
    assert_passed(&verify_signed_data(&sign(&s), None, &opts));
}

#[test]
fn der_trust_anchor_with_a_newline_is_said_on_its_chain_entry() {
    let s = scene(6);
    let root = &s.pki.root.certificate;
    let anchor = Certificate::from_der(&[root.der(), b"\n"].concat()).unwrap();
    assert_eq!(anchor.trailing_padding(), 1);
    assert_eq!(root.trailing_padding(), 0);
    let r = check_with(&s, &sign(&s), anchor, s.crls.clone());
    assert_passed(&r);
    let subject = root.subject().to_string();
    assert_one_finding(
        &r,
        MessageId::InputTrailingPaddingCertificate,
        &format!(
            "Đã bỏ qua 1 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của chứng thư số {subject}"
        ),
        &format!(
            "1 padding byte(s) (white space or zero bytes) after the end of the certificate {subject} were ignored"
        ),
    );
    // The finding sits on the anchor's entry, not on the others.
    let chain = r.signers[0].chain.as_ref().unwrap();
    let on_entry = |c: &kyso::CertReport| {
        c.findings
            .iter()
            .filter(|f| f.code == MessageId::InputTrailingPaddingCertificate)
            .count()
    };
    let (anchor_entry, others) = chain.certificates.split_last().unwrap();
    assert!(anchor_entry.is_trust_anchor);
    assert_eq!(on_entry(anchor_entry), 1, "{}", show(&r));
    assert!(others.iter().all(|c| on_entry(c) == 0), "{}", show(&r));
    // The same anchor without the newline: nothing to say.
    let plain = check(&s, &sign(&s));
    assert!(findings(&plain, MessageId::InputTrailingPaddingCertificate).is_empty());
}

#[test]
fn crl_with_zero_padding_is_evidence_and_said() {
    let s = scene(7);
    let mut crls = s.crls.clone();
    crls[0].extend_from_slice(&[0u8; 16]);
    let r = check_with(&s, &sign(&s), s.pki.root.certificate.clone(), crls);
    assert_passed(&r);
    let found = revocation_findings(&r, MessageId::InputTrailingPaddingRevocation);
    assert_eq!(found.len(), 1, "{}", show(&r));
    let issuer = s.pki.sub_ca.certificate.subject().to_string();
    assert!(found[0].message(Lang::Vi).contains(&format!(
        "Đã bỏ qua 16 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của dữ liệu thu hồi CRL về các chứng thư số do {issuer} cấp"
    )));
    assert!(found[0].message(Lang::En).contains(&format!(
        "16 padding byte(s) (white space or zero bytes) after the end of the CRL revocation data for certificates issued by {issuer} were ignored"
    )));
    // On the signer's entry, whose status the padded CRL decided.
    let chain = r.signers[0].chain.as_ref().unwrap();
    let signer_revocation = chain.certificates[0].revocation.as_ref().unwrap();
    assert_eq!(signer_revocation.source.as_deref(), Some("crl/caller"));
    assert!(
        signer_revocation
            .findings
            .iter()
            .any(|f| f.code == MessageId::InputTrailingPaddingRevocation)
    );
    // Without padding: nothing to say.
    let plain = check(&s, &sign(&s));
    assert!(revocation_findings(&plain, MessageId::InputTrailingPaddingRevocation).is_empty());
}

#[test]
fn ocsp_response_with_a_newline_is_evidence_and_said() {
    use kyso_tests::ocsp::{OcspStatus, ocsp_response, single};
    let s = scene(8);
    let produced = shift(s.now, -DAY).unwrap();
    let person = &s.pki.person.certificate;
    let singles = vec![single(&s.pki, person, OcspStatus::Good, produced)];
    let response = ocsp_response(&s.pki.sub_ca, false, produced, singles, true);
    // The person's status from the response only (the root's CRL covers the sub-CA).
    let evidence = RevocationEvidence::new(
        vec![s.crls[1].clone()],
        vec![[&response[..], b"\n"].concat()],
    );
    let r = check_with_evidence(&s, &sign(&s), s.pki.root.certificate.clone(), &evidence);
    assert_passed(&r);
    let chain = r.signers[0].chain.as_ref().unwrap();
    assert_eq!(
        chain.certificates[0]
            .revocation
            .as_ref()
            .unwrap()
            .source
            .as_deref(),
        Some("ocsp/caller")
    );
    let found = revocation_findings(&r, MessageId::InputTrailingPaddingRevocation);
    assert_eq!(found.len(), 1, "{}", show(&r));
    let issuer = s.pki.sub_ca.certificate.subject().to_string();
    assert!(found[0].message(Lang::Vi).contains(&format!(
        "Đã bỏ qua 1 byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của dữ liệu thu hồi OCSP về các chứng thư số do {issuer} cấp"
    )));
    assert!(found[0].message(Lang::En).contains(&format!(
        "1 padding byte(s) (white space or zero bytes) after the end of the OCSP revocation data for certificates issued by {issuer} were ignored"
    )));
}

#[test]
fn crl_with_other_trailing_data_is_refused_as_evidence() {
    let s = scene(7);
    let mut crls = s.crls.clone();
    let at = crls[0].len().to_string();
    crls[0].extend_from_slice(b"junk");
    let r = check_with(&s, &sign(&s), s.pki.root.certificate.clone(), crls);
    // The signer's status is then unknown: never a pass.
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    assert!(r.to_text(Lang::Vi).contains("CHƯA XÁC ĐỊNH"));
    let found = revocation_findings(&r, MessageId::InputTrailingDataRevocation);
    assert_eq!(found.len(), 1, "{}", show(&r));
    assert!(
        found[0].message(Lang::Vi).contains(&format!(
            "Sau phần cuối của một dữ liệu thu hồi CRL (byte {at}) còn 4 byte không phải khoảng trắng hay byte 0 nên dữ liệu này bị bỏ qua"
        )),
        "{}",
        found[0].message(Lang::Vi)
    );
    assert!(
        found[0].message(Lang::En).contains(&format!(
            "4 byte(s) other than white space or zero bytes follow the end of a CRL revocation item (at byte {at}), so it was ignored"
        )),
        "{}",
        found[0].message(Lang::En)
    );
    // Said once, not also counted as an unreadable item.
    assert!(revocation_findings(&r, MessageId::RevocationUnparsedEvidence).is_empty());
}

// --- Defect 8: findings that name the rule ----------------------------------------------------

#[test]
fn critical_authority_key_identifier_names_rfc5280_4_2_1_1() {
    let dir = TempDir::new("interop-critical-aki");
    kyso_tests::openssl_ca(
        dir.dir(),
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        "/CN=Kyso AKI CA",
        30,
    );
    kyso_tests::openssl_genpkey(
        dir.dir(),
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        "leaf.key",
    );
    dir.write(
        "leaf.ext",
        "authorityKeyIdentifier=critical,keyid\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    );
    kyso_tests::openssl_issue(
        dir.dir(),
        "leaf.key",
        "/CN=Kyso AKI leaf",
        "leaf.pem",
        &["-days", "30", "-extfile", "leaf.ext"],
    );
    let ca = Certificate::load_any(&dir.read("ca.pem"))
        .unwrap()
        .remove(0);
    let leaf = Certificate::load_any(&dir.read("leaf.pem"))
        .unwrap()
        .remove(0);
    let mut anchors = TrustStore::new();
    anchors.add_anchor(ca);
    let now = leaf.not_before();
    let time = kyso::TimeUsed::new(now, TimeSource::Current);
    let policy = ValidationPolicy::vn_gov().danger_without_revocation();
    let report = PathValidator::new(anchors)
        .validate_detailed(
            &leaf,
            &[],
            KeyPurpose::DocumentSigning,
            &time,
            &policy,
            &RustCryptoProvider,
        )
        .report;
    assert_eq!(
        (report.indication, report.sub_indication),
        (
            Indication::Indeterminate,
            Some(SubIndication::CertificateChainGeneralFailure)
        )
    );
    let f: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == MessageId::ChainCriticalNotAllowed)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", report.findings);
    assert_eq!(
        f[0].message(Lang::En),
        "In certificate 0, the Authority Key Identifier extension is marked critical, which RFC 5280 §4.2.1.1 forbids"
    );
    assert_eq!(
        f[0].message(Lang::Vi),
        "Trong chứng thư 0, phần mở rộng Authority Key Identifier được đánh dấu là bắt buộc (critical), điều mà RFC 5280 §4.2.1.1 không cho phép"
    );
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.code == MessageId::ChainMalformedExtension)
    );
}

/// `message` with the unsigned attributes (counter-signatures) of `donor`'s first signer.
fn graft_unsigned_attributes(message: &[u8], donor: &[u8]) -> Vec<u8> {
    let mut d = Node::parse(donor);
    let unsigned = signer_info(signed_data(&mut d), 0)
        .child(0xa1)
        .unwrap()
        .clone();
    let mut ci = Node::parse(message);
    let si = signer_info(signed_data(&mut ci), 0);
    assert!(si.child(0xa1).is_none());
    si.kids().push(unsigned);
    ci.encode()
}

/// The first counter-signature's SignerInfo node of the first signer.
fn counter_signer_info(ci: &mut Node) -> &mut Node {
    let si = signer_info(signed_data(ci), 0);
    &mut si.child(0xa1).unwrap().kids()[0].kids()[1].kids()[0]
}

fn counter_sign(s: &Scene, message: &[u8]) -> Vec<u8> {
    let signer = signer_of(&s.pki.agency);
    let t = shift(s.now, -1800).unwrap();
    let options = SignerOptions::new(&signer, &s.pki.agency.certificate).signing_time(t);
    add_counter_signature(
        message,
        0,
        options,
        &kyso::RustCryptoProvider,
        &mut DeterministicRng::from_seed(21),
    )
    .unwrap()
}

#[test]
fn counter_signature_failures_say_the_rfc5652_11_4_reason() {
    let s = scene(6);
    let message = sign(&s);
    let countersigned = counter_sign(&s, &message);
    // Control: a good counter-signature passes and nothing is said.
    let r = check(&s, &countersigned);
    assert_passed(&r);
    assert_eq!(
        r.signers[0].counter_signatures[0].indication,
        Indication::TotalPassed
    );

    // The counter-signature of one signature put on another: its own signature verifies, but
    // its message-digest is not the digest of this signature value.
    let t = shift(s.now, -3500).unwrap();
    let other = sign_with(&s, |o| o.signing_time(t), 17);
    let r = check(&s, &graft_unsigned_attributes(&other, &countersigned));
    assert_passed(&r);
    assert_eq!(
        r.signers[0].counter_signatures[0].sub_indication,
        Some(SubIndication::HashFailure)
    );
    assert_one_finding(
        &r,
        MessageId::CounterSignatureDigestMismatch,
        "Chữ ký đối chứng số 1 không hợp lệ: thuộc tính message-digest không khớp với giá trị băm của chữ ký được đối chứng (RFC 5652 §11.4)",
        "Counter-signature 1 is not valid: its message-digest attribute does not match the digest of the signature value it countersigns (RFC 5652 §11.4)",
    );
    assert!(findings(&r, MessageId::CounterSignatureInvalid).is_empty());

    // A flipped bit in the counter-signature's signature value.
    let mut ci = Node::parse(&countersigned);
    let csi = counter_signer_info(&mut ci);
    let Body::Prim(sig) = &mut csi.kids().last_mut().unwrap().body else {
        panic!("signature")
    };
    let last = sig.len() - 1;
    sig[last] ^= 0x01;
    let r = check(&s, &ci.encode());
    assert_passed(&r);
    assert_one_finding(
        &r,
        MessageId::CounterSignatureSignatureInvalid,
        "Chữ ký đối chứng số 1 không hợp lệ: giá trị chữ ký không đúng với khóa công khai của người ký đối chứng",
        "Counter-signature 1 is not valid: its signature value does not verify with the countersigner's public key",
    );

    // A content-type attribute added to the counter-signature's signed attributes, re-signed by
    // the countersigner: the signature verifies, but §11.4 forbids the attribute.
    let mut ci = Node::parse(&countersigned);
    let csi = counter_signer_info(&mut ci);
    let content_type = Node {
        tag: 0x30,
        body: Body::Cons(vec![
            Node::parse(&oid_der(kyso::oid::ID_CONTENT_TYPE)),
            Node {
                tag: 0x31,
                body: Body::Cons(vec![Node::parse(&oid_der(kyso::oid::ID_DATA))]),
            },
        ]),
    };
    let attrs = csi.child(0xa0).unwrap();
    attrs.kids().insert(0, content_type);
    let mut to_sign = attrs.encode();
    to_sign[0] = 0x31; // RFC 5652 §5.4: the signature covers the SET OF encoding.
    let agency = &s.pki.agency.key;
    let sig = agency
        .sign(
            agency.default_scheme(),
            &to_sign,
            &mut DeterministicRng::from_seed(22),
        )
        .unwrap();
    *csi.kids().last_mut().unwrap() = Node {
        tag: 0x04,
        body: Body::Prim(sig),
    };
    let r = check(&s, &ci.encode());
    assert_passed(&r);
    let checks = &r.signers[0].counter_signatures[0].checks;
    assert!(checks.contains(&("content-type".to_owned(), CheckStatus::Failed)));
    assert!(checks.contains(&("signature".to_owned(), CheckStatus::Passed)));
    assert_one_finding(
        &r,
        MessageId::CounterSignatureHasContentType,
        "Chữ ký đối chứng số 1 không hợp lệ: có thuộc tính content-type, điều mà RFC 5652 §11.4 không cho phép",
        "Counter-signature 1 is not valid: it carries a content-type attribute, which RFC 5652 §11.4 forbids",
    );
}

/// `der` (a certificate) with its RSA modulus re-encoded without the leading zero octet: a
/// negative INTEGER, as some signers write it. The issuer's signature no longer matches.
fn with_negative_modulus(der: &[u8]) -> Vec<u8> {
    let mut cert = Node::parse(der);
    let spki = &mut cert.kids()[0].kids()[6];
    let Body::Prim(bits) = &mut spki.kids()[1].body else {
        panic!("BIT STRING")
    };
    let mut rsa = Node::parse(&bits[1..]);
    let Body::Prim(modulus) = &mut rsa.kids()[0].body else {
        panic!("modulus")
    };
    assert_eq!(modulus[0], 0, "positive modulus with a leading zero");
    modulus.remove(0);
    *bits = [&[0u8][..], &rsa.encode()].concat();
    cert.encode()
}

#[test]
fn unreadable_rsa_key_is_said_once() {
    let s = scene(7);
    let mut rng = DeterministicRng::from_seed(31);
    let spec = CertSpec::new(
        Dn::new().c("VN").o("Bộ Tài chính").cn("Trần Văn Nam"),
        Profile::Person,
        KeyAlg::Rsa2048,
        shift(s.now, -DAY).unwrap(),
        shift(s.now, 300 * DAY).unwrap(),
    );
    let rsa = s.pki.sub_ca.issue(&spec, &mut rng).unwrap();
    let signer = signer_of(&rsa);
    let t = shift(s.now, -3600).unwrap();
    let message = SignedDataBuilder::new(CONTENT)
        .add_signer(
            SignerOptions::new(&signer, &rsa.certificate)
                .signing_time(t)
                .signing_certificate_v2(false),
        )
        .build(&kyso::RustCryptoProvider, &mut rng)
        .unwrap();
    // Swap the signer's certificate for the negative-modulus one.
    let mut ci = Node::parse(&message);
    let sd = signed_data(&mut ci);
    let certs = sd.child(0xa0).unwrap();
    let at = certs
        .kids()
        .iter()
        .position(|c| c.encode() == rsa.certificate.der())
        .unwrap();
    certs.kids()[at] = Node::parse(&with_negative_modulus(rsa.certificate.der()));
    let r = check(&s, &ci.encode());
    assert_eq!(
        (r.indication, r.sub_indication),
        (
            Indication::Indeterminate,
            Some(SubIndication::CryptoConstraintsFailure)
        ),
        "{}",
        show(&r)
    );
    assert_one_finding(
        &r,
        MessageId::InvalidPublicKey,
        "Không đọc được khóa công khai trong chứng thư số của người ký",
        "The public key in the signer's certificate could not be read",
    );
    for lang in [Lang::Vi, Lang::En] {
        let text = r.to_text(lang);
        let sentence = kyso::render_message(MessageId::InvalidPublicKey, lang, &[]);
        assert_eq!(text.matches(&sentence).count(), 1, "{text}");
    }
}

#[test]
fn self_signed_signer_is_listed_once_in_the_chain() {
    let made = kyso::time::parse_rfc3339("2026-03-01T08:00:00+07:00").unwrap();
    let now = shift(made, DAY).unwrap();
    let mut rng = DeterministicRng::from_seed(41);
    let spec = CertSpec::new(
        Dn::new().c("VN").o("Sở Tư pháp").cn("Lê Thị Mai"),
        Profile::Person,
        KeyAlg::P256,
        made,
        shift(made, 300 * DAY).unwrap(),
    );
    let me = Issued::self_signed(&spec, &mut rng).unwrap();
    let signer = signer_of(&me);
    let message = SignedDataBuilder::new(CONTENT)
        .add_signer(SignerOptions::new(&signer, &me.certificate).signing_time(now))
        .build(&kyso::RustCryptoProvider, &mut rng)
        .unwrap();
    let crypto = RustCryptoProvider;
    let mut anchors = TrustStore::new();
    anchors.add_anchor(me.certificate.clone());
    let validator = PathValidator::new(anchors);
    let opts = VerifyOptions::new(
        ValidationPolicy::vn_gov().danger_without_revocation(),
        now,
        &crypto,
    )
    .with_chain_validator(&validator);
    let r = verify_signed_data(&message, None, &opts);
    let chain = r.signers[0].chain.as_ref().unwrap();
    assert_eq!(chain.certificates.len(), 1, "{}", show(&r));
    assert!(chain.certificates[0].is_trust_anchor);
    let subject = me.certificate.subject().to_string();
    for lang in [Lang::Vi, Lang::En] {
        let text = r.to_text(lang);
        assert_eq!(text.matches(&format!("- {subject} (")).count(), 1, "{text}");
    }
    assert_passed(&r);
}
