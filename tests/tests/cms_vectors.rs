//! Every SignedData vector in `../shared/testdata/cms` (see its README), verified by
//! `kyso::verify_signed_data` and classified against the verdict written here. Chain validation is
//! turned off by name (`danger_without_chain_validation`): path validation is tested elsewhere;
//! these vectors test the CMS layer. Prints a table (vector, policy, expected, got) and fails on
//! any mismatch.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cms_common;

use cms_common::parse_smime;
use kyso::Report;
use kyso::{
    Certificate, DateTime, Indication, RustCryptoProvider, SubIndication, ValidationPolicy,
};
use kyso::{DetachedContent, VerifyOptions, verify_signed_data};
use kyso_tests::read_testdata as read;

use Indication::{Indeterminate as IND, TotalFailed as TF, TotalPassed as TP};
use SubIndication as S;

fn now() -> DateTime {
    DateTime::new(2026, 1, 1, 0, 0, 0).unwrap()
}

/// The RFC 4134 examples are SHA-1 era: RSA-1024 and DSA-1024. This policy is vn-gov with the
/// RSA minimum lowered to 1024 so that their signatures are actually checked (SHA-1 and DSA
/// stay behind vn-gov's legacy gates, reported as weak), chain validation off by name.
fn legacy() -> ValidationPolicy {
    let mut p = ValidationPolicy::vn_gov().danger_without_chain_validation();
    p.name = "legacy-1024".into();
    p.algorithms.min_rsa_bits = 1024;
    p
}

fn vn_gov() -> ValidationPolicy {
    ValidationPolicy::vn_gov().danger_without_chain_validation()
}

fn strict() -> ValidationPolicy {
    ValidationPolicy::strict().danger_without_chain_validation()
}

enum Content {
    None,
    File(&'static str),
    /// The signed first part of a multipart/signed .eml (detached), or the opaque .eml's blob.
    Mime,
}

struct Case {
    file: &'static str,
    content: Content,
    extra_certs: &'static [&'static str],
    policy: fn() -> ValidationPolicy,
    expected: (Indication, Option<SubIndication>),
    /// Expected (indication, sub) per signer, when the vector has signers worth checking.
    signers: &'static [(Indication, Option<SubIndication>)],
    why: &'static str,
}

const fn case(
    file: &'static str,
    expected: (Indication, Option<SubIndication>),
    why: &'static str,
) -> Case {
    Case {
        file,
        content: Content::None,
        extra_certs: &[],
        policy: legacy,
        expected,
        signers: &[],
        why,
    }
}

const PASS: (Indication, Option<SubIndication>) = (TP, None);
const FORMAT: (Indication, Option<SubIndication>) = (TF, Some(S::FormatFailure));
const NO_SIGNED_DATA: (Indication, Option<SubIndication>) = (IND, Some(S::SignedDataNotFound));
const CRYPTO_CONSTRAINTS: (Indication, Option<SubIndication>) =
    (IND, Some(S::CryptoConstraintsFailure));

fn cases() -> Vec<Case> {
    let r = "cms/rfc4134/";
    let _ = r;
    vec![
        // --- RFC 4134 §4 SignedData examples.
        case(
            "cms/rfc4134/4.1.bin",
            PASS,
            "DSA/SHA-1, attached, no signed attributes",
        ),
        Case {
            policy: strict,
            ..case(
                "cms/rfc4134/4.1.bin",
                CRYPTO_CONSTRAINTS,
                "strict policy refuses DSA and SHA-1",
            )
        },
        case("cms/rfc4134/4.2.bin", PASS, "RSA-1024/SHA-1, attached"),
        Case {
            policy: vn_gov,
            ..case(
                "cms/rfc4134/4.2.bin",
                CRYPTO_CONSTRAINTS,
                "vn-gov: RSA-1024 below the 2048-bit minimum",
            )
        },
        Case {
            content: Content::File("cms/rfc4134/ExContent.bin"),
            ..case(
                "cms/rfc4134/4.3.bin",
                PASS,
                "DSA, detached, content = ExContent.bin",
            )
        },
        case(
            "cms/rfc4134/4.3.bin",
            NO_SIGNED_DATA,
            "detached and no content supplied",
        ),
        Case {
            signers: &[PASS],
            ..case(
                "cms/rfc4134/4.4.bin",
                PASS,
                "signed attributes + RSA counter-signature, DSA signer",
            )
        },
        case("cms/rfc4134/4.5.bin", PASS, "all-RSA"),
        Case {
            extra_certs: &["cms/rfc4134/CarlDSSSelf.cer"],
            signers: &[PASS, PASS],
            ..case(
                "cms/rfc4134/4.6.bin",
                PASS,
                "two signers; Diane's DSA key inherits its parameters from Carl (RFC 3279 §2.3.2), whose certificate the caller supplies (OpenSSL fails this vector)",
            )
        },
        Case {
            signers: &[PASS, CRYPTO_CONSTRAINTS],
            ..case(
                "cms/rfc4134/4.6.bin",
                CRYPTO_CONSTRAINTS,
                "without Carl's certificate Diane's key has no DSA parameters",
            )
        },
        case(
            "cms/rfc4134/4.7.bin",
            PASS,
            "signer identified by SubjectKeyIdentifier",
        ),
        Case {
            content: Content::Mime,
            ..case(
                "cms/rfc4134/4.8.eml",
                PASS,
                "S/MIME multipart/signed (detached)",
            )
        },
        Case {
            content: Content::Mime,
            ..case(
                "cms/rfc4134/4.9.eml",
                PASS,
                "S/MIME application/pkcs7-mime (attached)",
            )
        },
        case("cms/rfc4134/4.10.bin", PASS, "many signed attributes"),
        case(
            "cms/rfc4134/4.11.bin",
            NO_SIGNED_DATA,
            "certificates-only: no signer (kyso: INDETERMINATE, not malformed)",
        ),
        // Not SignedData at all.
        case("cms/rfc4134/3.1.bin", FORMAT, "ContentInfo Data (BER)"),
        case("cms/rfc4134/3.2.bin", FORMAT, "ContentInfo Data (DER)"),
        case("cms/rfc4134/5.1.bin", FORMAT, "EnvelopedData"),
        case("cms/rfc4134/5.2.bin", FORMAT, "EnvelopedData"),
        case("cms/rfc4134/6.0.bin", FORMAT, "DigestedData"),
        case("cms/rfc4134/7.1.bin", FORMAT, "EncryptedData"),
        case("cms/rfc4134/7.2.bin", FORMAT, "EncryptedData"),
        case(
            "cms/rfc4134/AliceRSASignByCarl.cer",
            FORMAT,
            "a certificate, not a ContentInfo",
        ),
        // --- RustCrypto cms examples.
        case(
            "cms/rustcrypto-cms/cms_der.bin",
            PASS,
            "ECDSA P-256, DER, with ESS v2 and CMSAlgorithmProtection",
        ),
        case(
            "cms/rustcrypto-cms/cms_ber.bin",
            PASS,
            "same message BER: indefinite lengths, 1000-byte OCTET STRING segments",
        ),
        case("cms/rustcrypto-cms/sd.cms", PASS, "RSA"),
        case(
            "cms/rustcrypto-cms/scep_der.bin",
            PASS,
            "SCEP PKIMessage, RSA-SHA256",
        ),
        case(
            "cms/rustcrypto-cms/authroot.stl",
            PASS,
            "Microsoft CTL: PKCS#7 content that is not an OCTET STRING, digest over its contents octets (RFC 2315 §9.3)",
        ),
        case(
            "cms/rustcrypto-cms/apple_mdm_signature_der.bin",
            (TF, Some(S::HashFailure)),
            "Apple MDM: eContent is a certificate SEQUENCE whose contents octets (RFC 2315 §9.3) — and whose whole encoding — do not hash to messageDigest (the MDM signature covers the HTTP body, absent here); the signer certificate is absent too",
        ),
        case(
            "cms/rustcrypto-cms/pkits.p7b",
            NO_SIGNED_DATA,
            "certs-only bundle",
        ),
        case(
            "cms/rustcrypto-cms/pkits_ee.p7b",
            NO_SIGNED_DATA,
            "certs-only bundle",
        ),
        case(
            "cms/rustcrypto-cms/signer_info_explicit_attrs.bin",
            FORMAT,
            "bare SignerInfo, not a ContentInfo",
        ),
        case(
            "cms/rustcrypto-cms/signer_info_sequence_not_set.bin",
            FORMAT,
            "bare SignerInfo, not a ContentInfo",
        ),
        case(
            "cms/rustcrypto-cms/digested_data.bin",
            FORMAT,
            "DigestedData",
        ),
        case(
            "cms/rustcrypto-cms/compressed_data.bin",
            FORMAT,
            "CompressedData",
        ),
        case(
            "cms/rustcrypto-cms/encrypted_data.bin",
            FORMAT,
            "EncryptedData",
        ),
        case(
            "cms/rustcrypto-cms/enveloped_data_ktri.bin",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/rustcrypto-cms/enveloped_data_kari.bin",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/rustcrypto-cms/enveloped_data_kekri.bin",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/rustcrypto-cms/enveloped_data_pwri.bin",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/rustcrypto-cms/enveloped_data_multi.bin",
            FORMAT,
            "EnvelopedData",
        ),
        case("cms/rustcrypto-cms/data.txt", FORMAT, "plain text"),
        case("cms/rustcrypto-cms/GoodCACert.crt", FORMAT, "a certificate"),
        // --- pyca/cryptography PKCS#7 vectors.
        case(
            "cms/pyca-pkcs7/amazon-roots.der",
            NO_SIGNED_DATA,
            "certs-only bundle (DER)",
        ),
        case(
            "cms/pyca-pkcs7/amazon-roots.p7b",
            NO_SIGNED_DATA,
            "certs-only bundle (PEM)",
        ),
        case(
            "cms/pyca-pkcs7/isrg.pem",
            NO_SIGNED_DATA,
            "certs-only bundle (PEM)",
        ),
        case(
            "cms/pyca-pkcs7/authenticode.der",
            PASS,
            "Authenticode: SpcIndirectDataContent (not an OCTET STRING) digested over its contents octets (RFC 2315 §9.3)",
        ),
        case("cms/pyca-pkcs7/enveloped.pem", FORMAT, "EnvelopedData"),
        case(
            "cms/pyca-pkcs7/enveloped-no-content.der",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/pyca-pkcs7/enveloped-rsa-oaep.pem",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/pyca-pkcs7/enveloped-triple-des.pem",
            FORMAT,
            "EnvelopedData",
        ),
        case(
            "cms/pyca-pkcs7/ascii-san.pem",
            FORMAT,
            "PEM certificate, no CMS block",
        ),
        case(
            "cms/pyca-pkcs7/non-ascii-san.pem",
            FORMAT,
            "PEM certificate, no CMS block",
        ),
        // --- ML-DSA (draft-ietf-lamps-cms-ml-dsa): parsed, not supported.
        Case {
            extra_certs: &["cms/bc-pkix-mldsa/cert-ML-DSA-44.pem"],
            signers: &[CRYPTO_CONSTRAINTS],
            ..case(
                "cms/bc-pkix-mldsa/SignedData_ML-DSA-44.pem",
                CRYPTO_CONSTRAINTS,
                "ML-DSA-44 unsupported",
            )
        },
        Case {
            extra_certs: &["cms/bc-pkix-mldsa/cert-ML-DSA-65.pem"],
            signers: &[CRYPTO_CONSTRAINTS],
            ..case(
                "cms/bc-pkix-mldsa/SignedData_ML-DSA-65.pem",
                CRYPTO_CONSTRAINTS,
                "ML-DSA-65 unsupported",
            )
        },
        Case {
            extra_certs: &["cms/bc-pkix-mldsa/cert-ML-DSA-87.pem"],
            signers: &[CRYPTO_CONSTRAINTS],
            ..case(
                "cms/bc-pkix-mldsa/SignedData_ML-DSA-87.pem",
                CRYPTO_CONSTRAINTS,
                "ML-DSA-87 unsupported",
            )
        },
    ]
}

fn run(c: &Case, crypto: &RustCryptoProvider) -> Report {
    let raw = read(c.file);
    let (blob, mime_part) = match c.content {
        Content::Mime => {
            let m = parse_smime(&raw);
            (m.pkcs7, m.signed_part)
        }
        _ => (raw, None),
    };
    let file_content = match c.content {
        Content::File(f) => Some(read(f)),
        _ => None,
    };
    let detached = match (&file_content, &mime_part) {
        (Some(b), _) | (None, Some(b)) => Some(DetachedContent::Bytes(b)),
        _ => None,
    };
    let mut extra = Vec::new();
    for f in c.extra_certs {
        extra.extend(Certificate::load_any(&read(f)).unwrap());
    }
    let opts = VerifyOptions::new((c.policy)(), now(), crypto).with_extra_certificates(&extra);
    verify_signed_data(&blob, detached, &opts)
}

fn show(v: (Indication, Option<SubIndication>)) -> String {
    match v.1 {
        Some(s) => format!("{}/{}", v.0.as_str(), s.as_str()),
        None => v.0.as_str().to_owned(),
    }
}

#[test]
fn cms_vectors() {
    let crypto = RustCryptoProvider;
    let mut failures = Vec::new();
    let (mut pass, mut fail) = (0, 0);
    println!(
        "{:<52} {:<12} {:<45} {:<45}",
        "vector", "policy", "expected", "got"
    );
    for c in cases() {
        let report = run(&c, &crypto);
        let got = (report.indication, report.sub_indication);
        let mut ok = got == c.expected;
        if !c.signers.is_empty() {
            let per: Vec<_> = report
                .signers
                .iter()
                .map(|s| (s.indication, s.sub_indication))
                .collect();
            ok &= per == c.signers;
        }
        // The text rendering must work for every report, in both languages.
        assert!(!report.to_text(kyso::Lang::Vi).is_empty());
        assert!(!report.to_text(kyso::Lang::En).is_empty());
        let policy = (c.policy)().name;
        println!(
            "{:<52} {:<12} {:<45} {:<45} {}",
            c.file.trim_start_matches("cms/"),
            policy,
            show(c.expected),
            show(got),
            if ok { "ok" } else { "MISMATCH" }
        );
        if ok {
            pass += 1;
        } else {
            fail += 1;
            failures.push(format!(
                "{} ({}): {}\n{}",
                c.file,
                c.why,
                show(got),
                report.to_text(kyso::Lang::En)
            ));
        }
    }
    println!("cms vectors: {pass} as expected, {fail} mismatched");
    kyso_tests::print_cases("cms vectors", pass, 0, fail, 0);
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

/// BER and DER encodings of the same message give the same verdict and the same checks.
#[test]
fn ber_and_der_agree() {
    let crypto = RustCryptoProvider;
    let opts = VerifyOptions::new(vn_gov(), now(), &crypto);
    let ber = verify_signed_data(&read("cms/rustcrypto-cms/cms_ber.bin"), None, &opts);
    let der = verify_signed_data(&read("cms/rustcrypto-cms/cms_der.bin"), None, &opts);
    assert_eq!(ber.indication, TP);
    assert_eq!(ber.indication, der.indication);
    assert_eq!(ber.signers[0].checks, der.signers[0].checks);
    let info = kyso::inspect_signed_data(&read("cms/rustcrypto-cms/cms_ber.bin")).unwrap();
    assert_eq!(info.encoding, "ber");
    assert_eq!(info.content_len, Some(10034));
    assert_eq!(
        kyso::inspect_signed_data(&read("cms/rustcrypto-cms/cms_der.bin"))
            .unwrap()
            .encoding,
        "der"
    );
}

/// The parsed view used by `kyso inspect`, and the digest list for one-pass hashing.
#[test]
fn inspect_views() {
    let info = kyso::inspect_signed_data(&read("cms/rfc4134/4.4.bin")).unwrap();
    assert!(info.attached);
    assert_eq!(info.content_type_name, Some("data"));
    assert_eq!(info.signers.len(), 1);
    assert_eq!(info.signers[0].counter_signatures.len(), 1);
    let names: Vec<_> = info.signers[0]
        .signed_attributes
        .as_ref()
        .unwrap()
        .iter()
        .map(|a| a.name)
        .collect();
    assert!(
        names.contains(&Some("messageDigest")) && names.contains(&Some("signingTime")),
        "{names:?}"
    );
    assert_eq!(info.certificates.len(), 3);
    assert_eq!(info.crl_count, 1);

    let stl = kyso::inspect_signed_data(&read("cms/rustcrypto-cms/authroot.stl")).unwrap();
    assert!(!stl.content_is_octet_string);
    assert_eq!(stl.content_type_name, Some("certificateTrustList"));

    let bundle = kyso::signed_data_certificates(&read("cms/pyca-pkcs7/amazon-roots.p7b")).unwrap();
    assert_eq!(bundle.len(), 2);

    assert_eq!(
        kyso::required_digests(&read("cms/rfc4134/4.3.bin")).unwrap(),
        vec![kyso::DigestAlgorithm::Sha1]
    );
}

/// A detached signature verified from caller-supplied digests gives the same verdict as from
/// the content, when every signer has signed attributes; a signer without them needs the
/// content itself.
#[test]
fn detached_digests() {
    let crypto = RustCryptoProvider;
    let opts = VerifyOptions::new(legacy(), now(), &crypto);
    // 4.8: multipart/signed, no signed attributes (DSA over the content itself).
    let m = parse_smime(&read("cms/rfc4134/4.8.eml"));
    let part = m.signed_part.unwrap();
    let algs = kyso::required_digests(&m.pkcs7).unwrap();
    let digests: Vec<_> = algs
        .iter()
        .map(|a| (*a, kyso::CryptoProvider::digest(&crypto, *a, &part)))
        .collect();
    let r = verify_signed_data(&m.pkcs7, Some(DetachedContent::Digests(digests)), &opts);
    assert_eq!(
        (r.indication, r.sub_indication),
        NO_SIGNED_DATA,
        "{}",
        r.to_text(kyso::Lang::En)
    );

    // PKITS S/MIME messages carry signed attributes: digests suffice.
    let m = parse_smime(&read(
        "pkits/smime/SignedValidBasicSelfIssuedNewWithOldTest3.eml",
    ));
    let part = m.signed_part.unwrap();
    let algs = kyso::required_digests(&m.pkcs7).unwrap();
    let digests: Vec<_> = algs
        .iter()
        .map(|a| (*a, kyso::CryptoProvider::digest(&crypto, *a, &part)))
        .collect();
    let r = verify_signed_data(
        &m.pkcs7,
        Some(DetachedContent::Digests(digests.clone())),
        &VerifyOptions::new(vn_gov(), now(), &crypto),
    );
    assert_eq!(r.indication, TP, "{}", r.to_text(kyso::Lang::En));
    let mut wrong = digests;
    wrong[0].1[0] ^= 1;
    let r = verify_signed_data(
        &m.pkcs7,
        Some(DetachedContent::Digests(wrong)),
        &VerifyOptions::new(vn_gov(), now(), &crypto),
    );
    assert_eq!((r.indication, r.sub_indication), (TF, Some(S::HashFailure)));
}
