//! Robustness: truncated and bit-flipped versions of the CMS vectors never panic, hang or
//! fail to produce a report. Bounded and deterministic: every truncation length for small
//! files (a stride for large ones) and a fixed number of seeded bit flips per file, with a
//! xorshift PRNG written here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::parse_smime;
use kyso::cms::verify::{DetachedContent, VerifyOptions, verify};
use kyso::{Certificate, DateTime, RustCryptoProvider, ValidationPolicy};
use kyso_tests::{XorShift, read_testdata as read};

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

fn exercise(input: &[u8], content: Option<&[u8]>, opts: &VerifyOptions<'_>) {
    let r = verify(input, content.map(DetachedContent::Bytes), opts);
    let _ = r.to_text(kyso::Lang::Vi);
    let _ = r.to_json();
    let _ = kyso::cms::inspect(input);
    let _ = kyso::cms::required_digests(input);
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
    let mut rng = XorShift(0x6b79_736f_2d63_6d73); // "kyso-cms"
    let (mut truncations, mut flips) = (0usize, 0usize);
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
            exercise(&blob[..len], content, &opts);
            truncations += 1;
            len += stride;
        }
        for _ in 0..FLIPS_PER_FILE {
            let mut m = blob.clone();
            // One to three flipped bits per mutant.
            for _ in 0..=rng.below(3) {
                let i = rng.below(m.len());
                m[i] ^= 1 << rng.below(8);
            }
            exercise(&m, content, &opts);
            flips += 1;
        }
    }
    println!(
        "cms mutation: {} vectors, {truncations} truncations, {flips} bit-flip mutants, no panic",
        VECTORS.len()
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
        let r = verify(input, None, &opts);
        assert_eq!(r.indication, kyso::Indication::TotalFailed);
        assert_eq!(r.sub_indication, Some(kyso::SubIndication::FormatFailure));
        let _ = kyso::cms::inspect(input);
    }
}
