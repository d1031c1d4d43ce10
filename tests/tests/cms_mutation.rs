//! Robustness: truncated and bit-flipped versions of the CMS vectors never panic, hang or
//! fail to produce a report, and no mutant ever verifies TOTAL-PASSED. Bounded and
//! deterministic: every truncation length for small files (a stride for large ones) and a
//! fixed number of seeded bit flips per file (the test PKI's `DeterministicRng`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::{Body, Node, parse_smime, signed_data};
use kyso::{Certificate, DateTime, Indication, RustCryptoProvider, ValidationPolicy};
use kyso::{DetachedContent, VerifyOptions, verify_signed_data};
use kyso::{PathValidator, TrustStore};
use kyso::{SignedDataBuilder, SignerOptions};
use kyso_testpki::{KeyAlg, SchemeSigner, VnPki, VnPkiOptions, shift};
use kyso_tests::{DeterministicRng, read_testdata as read};

const VECTORS: &[&str] = &[
    "cms/rfc4134/4.1.bin",
    "cms/rfc4134/4.2.bin",
    "cms/rfc4134/4.3.bin",
    "cms/rfc4134/4.4.bin",
    "cms/rfc4134/4.5.bin",
    "cms/rfc4134/4.6.bin",
    "cms/rfc4134/4.7.bin",
    "cms/rfc4134/4.10.bin",
    "cms/rfc4134/4.11.bin",
    "cms/rfc4134/4.9.eml",
    "cms/rustcrypto-cms/cms_der.bin",
    "cms/rustcrypto-cms/cms_ber.bin",
    "cms/rustcrypto-cms/sd.cms",
    "cms/rustcrypto-cms/scep_der.bin",
    "cms/rustcrypto-cms/apple_mdm_signature_der.bin",
    "cms/rustcrypto-cms/authroot.stl",
    "cms/pyca-pkcs7/authenticode.der",
    "cms/pyca-pkcs7/amazon-roots.der",
    "cms/bc-pkix-mldsa/SignedData_ML-DSA-44.pem",
];

/// Files up to this size get every truncation length; larger ones a stride.
const FULL_TRUNCATION_MAX: usize = 4096;
const FLIPS_PER_FILE: usize = 300;

/// Verify, render and inspect `input`; the indication it verified to.
fn exercise(input: &[u8], content: Option<&[u8]>, opts: &VerifyOptions<'_>) -> Indication {
    let r = verify_signed_data(input, content.map(DetachedContent::Bytes), opts);
    let _ = r.to_text(kyso::Lang::Vi);
    let _ = r.to_json();
    let _ = kyso::inspect_signed_data(input);
    let _ = kyso::required_digests(input);
    r.indication
}

/// What the signatures cover in a SignedData: the encapsulated content type and content
/// octets and, per SignerInfo, the signed attributes and the signature value (RFC 5652 §5.4;
/// the eContent's own tag is not digested, and kyso reads PKCS #7 content of any type, RFC
/// 2315 §9.1). The rest — SignedData version, digestAlgorithms (a one-pass processing hint,
/// §5.1), certificates, CRLs, a SignerInfo's version, sid, algorithm fields and unsigned
/// attributes — no signature covers; algorithms are bound by CMSAlgorithmProtection and the
/// certificate by signing-certificate-v2 when those attributes are present.
#[derive(Debug, PartialEq, Eq)]
struct SignedParts {
    content_type: Vec<u8>,
    content: Vec<u8>,
    signers: Vec<(Option<Vec<u8>>, Vec<u8>)>,
}

/// The octets of a primitive value, or of a constructed one's primitives in order (BER
/// constructed strings, X.690 §8.7.3).
fn octets(n: &Node) -> Vec<u8> {
    match &n.body {
        Body::Prim(v) => v.clone(),
        Body::Cons(kids) => kids.iter().flat_map(octets).collect(),
    }
}

fn signed_parts(message: &[u8]) -> SignedParts {
    let mut ci = Node::parse(message);
    let kids = signed_data(&mut ci).kids();
    let encap = kids
        .iter_mut()
        .find(|k| k.tag == 0x30)
        .expect("encapContentInfo");
    let content_type = encap.kids()[0].encode();
    let content = encap.child(0xa0).map(|e| octets(e)).unwrap_or_default();
    let signer_infos = kids.last_mut().expect("signerInfos").kids();
    let signers = signer_infos
        .iter_mut()
        .map(|si| {
            let fields = si.kids();
            let attrs = fields.iter().find(|f| f.tag == 0xa0).map(Node::encode);
            let signature = fields.iter().find(|f| f.tag == 0x04).expect("signature");
            (attrs, signature.encode())
        })
        .collect();
    SignedParts {
        content_type,
        content,
        signers,
    }
}

/// Where `mutant` differs from `original` (offset: old → new, with the 8 bytes before).
fn changes(original: &[u8], mutant: &[u8]) -> String {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let mut out: Vec<String> = original
        .iter()
        .zip(mutant)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| {
            format!(
                "@{i} …{} {a:02x}→{b:02x}",
                hex(&original[i.saturating_sub(8)..i])
            )
        })
        .collect();
    if original.len() != mutant.len() {
        out.push(format!("length {} → {}", original.len(), mutant.len()));
    }
    out.join(", ")
}

/// A mutant of `original` must not verify TOTAL-PASSED unless its signed parts are unchanged:
/// then only fields no signature covers moved (SignedData version, digestAlgorithms — a
/// one-pass processing hint, RFC 5652 §5.1 —, certificates or CRLs), which is not a forgery.
/// Returns whether the mutant passed (for counting those explained ones).
fn assert_not_passed(indication: Indication, what: &str, original: &[u8], mutant: &[u8]) -> bool {
    if indication != Indication::TotalPassed {
        return false;
    }
    let (before, after) = (signed_parts(original), signed_parts(mutant));
    assert!(
        after == before,
        "{what}: a mutant with changed signed parts verified TOTAL-PASSED: {}",
        changes(original, mutant)
    );
    true
}

#[test]
fn truncations_and_bit_flips_never_panic() {
    let crypto = RustCryptoProvider;
    let now = DateTime::new(2026, 1, 1, 0, 0, 0).unwrap();
    let extra = Certificate::load_any(&read("cms/rfc4134/CarlDSSSelf.cer")).unwrap();
    let opts = VerifyOptions::new(
        ValidationPolicy::vn_gov().danger_without_chain_validation(),
        now,
        &crypto,
    )
    .with_extra_certificates(&extra);
    let ex_content = read("cms/rfc4134/ExContent.bin");
    let mut rng = DeterministicRng::from_seed(0x6b79_736f_2d63_6d73); // "kyso-cms"
    let (mut truncations, mut flips, mut unsigned_only) = (0usize, 0usize, 0usize);
    for v in VECTORS {
        let raw = read(v);
        let blob = if v.ends_with(".eml") {
            parse_smime(&raw).pkcs7
        } else {
            raw
        };
        let content = v.ends_with("4.3.bin").then_some(ex_content.as_slice());
        let stride = if blob.len() <= FULL_TRUNCATION_MAX {
            1
        } else {
            blob.len() / 512 + 1
        };
        let mut len = 0;
        while len < blob.len() {
            // The chain is not validated here (no anchors for these vectors): vectors whose
            // signature verifies are TOTAL-PASSED, so truncations must not be.
            let ind = exercise(&blob[..len], content, &opts);
            assert!(!assert_not_passed(ind, v, &blob, &blob[..len]));
            truncations += 1;
            len += stride;
        }
        for _ in 0..FLIPS_PER_FILE {
            let m = flip_bits(&blob, &mut rng);
            let passed = assert_not_passed(exercise(&m, content, &opts), v, &blob, &m);
            unsigned_only += usize::from(passed);
            flips += 1;
        }
    }
    println!(
        "cms mutation: {} vectors, {truncations} truncations, {flips} bit-flip mutants, no panic; \
         {unsigned_only} passed with only unsigned fields changed",
        VECTORS.len()
    );
}

/// One to three flipped bits of `blob`.
fn flip_bits(blob: &[u8], rng: &mut DeterministicRng) -> Vec<u8> {
    let mut m = blob.to_vec();
    for _ in 0..=rng.below(3) {
        let i = rng.below(m.len());
        m[i] ^= 1 << rng.below(8);
    }
    m
}

/// A message that does verify TOTAL-PASSED (signed now by the test PKI, chain to its root,
/// CRLs carried in the message), truncated at every length and bit-flipped: no mutant may
/// still pass. This is what makes the loop able to fail without a panic.
#[test]
fn mutants_of_a_passing_message_never_pass() {
    const DAY: i64 = 86_400;
    let made = kyso::time::parse_rfc3339("2025-03-14T02:05:07Z").unwrap();
    let signed_at = shift(made, 10 * DAY).unwrap();
    let now = shift(made, 40 * DAY).unwrap();
    let mut rng = DeterministicRng::from_seed(0x6d75_7461_6e74);
    let pki = VnPki::generate(&VnPkiOptions::all(made, KeyAlg::P256), &mut rng).unwrap();
    let crls = [
        pki.sub_ca_crl(vec![], signed_at, &mut rng).unwrap(),
        pki.root_crl(signed_at, &mut rng).unwrap(),
    ];
    let signer = SchemeSigner {
        key: &pki.person.key,
        scheme: pki.person.key.default_scheme(),
    };
    let chain = [pki.sub_ca.certificate.clone()];
    let mut options = SignerOptions::new(&signer, &pki.person.certificate)
        .signing_time(signed_at)
        .chain(&chain);
    for c in &crls {
        options = options.crl(c);
    }
    let message = SignedDataBuilder::new("Công văn số 123/UBND-VP".as_bytes())
        .add_signer(options)
        .build(&kyso::RustCryptoProvider, &mut rng)
        .unwrap();

    let crypto = RustCryptoProvider;
    let mut anchors = TrustStore::new();
    anchors.add_anchor(pki.root.certificate.clone());
    let validator = PathValidator::new(anchors);
    let opts = VerifyOptions::new(ValidationPolicy::vn_gov(), now, &crypto)
        .with_chain_validator(&validator);
    assert_eq!(exercise(&message, None, &opts), Indication::TotalPassed);

    for len in 0..message.len() {
        let ind = exercise(&message[..len], None, &opts);
        assert!(!assert_not_passed(
            ind,
            "truncated message",
            &message,
            &message[..len]
        ));
    }
    let mut unsigned_only = 0usize;
    for _ in 0..FLIPS_PER_FILE * 4 {
        let m = flip_bits(&message, &mut rng);
        let passed = assert_not_passed(
            exercise(&m, None, &opts),
            "bit-flipped message",
            &message,
            &m,
        );
        unsigned_only += usize::from(passed);
    }
    println!(
        "cms mutation: {} truncations and {} bit-flip mutants of a passing message; \
         {unsigned_only} passed with only unsigned fields changed",
        message.len(),
        FLIPS_PER_FILE * 4
    );
}

/// Hand-made hostile shapes: deep nesting, huge declared lengths, long indefinite chains.
#[test]
fn hostile_shapes() {
    let crypto = RustCryptoProvider;
    let now = DateTime::new(2026, 1, 1, 0, 0, 0).unwrap();
    let opts = VerifyOptions::new(ValidationPolicy::vn_gov(), now, &crypto);
    let mut deep = Vec::new();
    for _ in 0..100_000 {
        deep.extend_from_slice(&[0x30, 0x80]);
    }
    let mut huge = vec![0x30, 0x84, 0x7f, 0xff, 0xff, 0xff];
    huge.extend_from_slice(&[0; 64]);
    // ContentInfo { signedData, [0] { SEQUENCE (indefinite) { 10_000 nested [0] … } } }
    let mut nested = vec![
        0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80,
    ];
    for _ in 0..10_000 {
        nested.extend_from_slice(&[0xa0, 0x80]);
    }
    for input in [
        &deep[..],
        &huge[..],
        &nested[..],
        &[][..],
        &[0x30][..],
        &[0x30, 0x80][..],
    ] {
        let r = verify_signed_data(input, None, &opts);
        assert_eq!(r.indication, kyso::Indication::TotalFailed);
        assert_eq!(r.sub_indication, Some(kyso::SubIndication::FormatFailure));
        let _ = kyso::inspect_signed_data(input);
    }
}
