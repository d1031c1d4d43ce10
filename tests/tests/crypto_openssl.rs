//! The pure-Rust provider against OpenSSL 3 (the CLI at /usr/bin/openssl): keys made by
//! `openssl genpkey`, signatures by `openssl dgst`/`pkeyutl` — RSA PKCS #1 v1.5 and PSS (also
//! an id-RSASSA-PSS restricted key, RFC 4055), ECDSA P-256/384/521, Ed25519 and DSA, with every
//! digest (SHA-1, SHA-224/256/384/512, SHA3-224/256/384/512) — verified by `RustCryptoProvider`, and a flipped bit in signature or message refused.
//! Fails if openssl is missing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use kyso::{
    CryptoError, CryptoProvider, DigestAlgorithm, KeyType, RustCryptoProvider, SignatureScheme,
};
use kyso_tests::{TempDir, openssl_ok};
use spki::SubjectPublicKeyInfoOwned;

fn spki_of(dir: &TempDir, key: &str) -> SubjectPublicKeyInfoOwned {
    openssl_ok(
        &dir.0,
        &[
            "pkey", "-in", key, "-pubout", "-outform", "DER", "-out", "pub.der",
        ],
    );
    let der = std::fs::read(dir.path("pub.der")).unwrap();
    <SubjectPublicKeyInfoOwned as der::Decode>::from_der(&der).unwrap()
}

fn dgst_name(d: DigestAlgorithm) -> &'static str {
    match d {
        DigestAlgorithm::Sha1 => "-sha1",
        DigestAlgorithm::Sha224 => "-sha224",
        DigestAlgorithm::Sha256 => "-sha256",
        DigestAlgorithm::Sha384 => "-sha384",
        DigestAlgorithm::Sha512 => "-sha512",
        DigestAlgorithm::Sha3_224 => "-sha3-224",
        DigestAlgorithm::Sha3_256 => "-sha3-256",
        DigestAlgorithm::Sha3_384 => "-sha3-384",
        DigestAlgorithm::Sha3_512 => "-sha3-512",
        other => panic!("no openssl dgst option for {other:?}"),
    }
}

/// `openssl dgst` arguments signing `msg.bin` with `k.pem` and digest `d` into `sig.bin`.
fn dgst_sign(d: DigestAlgorithm) -> [&'static str; 7] {
    [
        "dgst",
        dgst_name(d),
        "-sign",
        "k.pem",
        "-out",
        "sig.bin",
        "msg.bin",
    ]
}

/// Every digest: SHA-1, SHA-2 (SHA-224 included, issue 9) and SHA-3 (Thông tư 15/2025).
const DIGESTS: [DigestAlgorithm; 9] = DigestAlgorithm::ALL;

/// Sign `msg.bin` with openssl, verify with the provider; then a flipped bit in the
/// signature and in the message must fail. Returns how many checks ran.
fn check(
    dir: &TempDir,
    spki: &SubjectPublicKeyInfoOwned,
    scheme: SignatureScheme,
    sign_args: &[&str],
) -> usize {
    let msg = std::fs::read(dir.path("msg.bin")).unwrap();
    let _ = std::fs::remove_file(dir.path("sig.bin"));
    openssl_ok(&dir.0, sign_args);
    let sig = std::fs::read(dir.path("sig.bin")).unwrap();
    let p = RustCryptoProvider;
    assert_eq!(
        p.verify(scheme, spki, &msg, &sig),
        Ok(()),
        "{} {sign_args:?}",
        scheme.name()
    );
    let mut bad_sig = sig.clone();
    let mid = bad_sig.len() / 2;
    bad_sig[mid] ^= 0x01;
    assert!(
        p.verify(scheme, spki, &msg, &bad_sig).is_err(),
        "flipped signature accepted: {}",
        scheme.name()
    );
    let mut bad_msg = msg.clone();
    bad_msg[3] ^= 0x80;
    assert!(
        p.verify(scheme, spki, &bad_msg, &sig).is_err(),
        "flipped message accepted: {}",
        scheme.name()
    );
    3
}

fn setup(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    std::fs::write(
        dir.path("msg.bin"),
        b"k\xc3\xbd s\xe1\xbb\x91 - signed attributes stand-in",
    )
    .unwrap();
    dir
}

#[test]
fn rsa_v15_and_pss_from_openssl() {
    let dir = setup("rsa");
    openssl_ok(
        &dir.0,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "k.pem",
        ],
    );
    let spki = spki_of(&dir, "k.pem");
    assert_eq!(
        RustCryptoProvider.key_type(&spki),
        Ok(KeyType::Rsa { bits: 2048 })
    );
    let mut n = 0;
    for d in DIGESTS {
        n += check(
            &dir,
            &spki,
            SignatureScheme::RsaPkcs1v15 { digest: d },
            &dgst_sign(d),
        );
        for salt in [d.output_len(), 20, 0] {
            let saltopt = format!("rsa_pss_saltlen:{salt}");
            let mgf = format!("rsa_mgf1_md:{}", d.name());
            n += check(
                &dir,
                &spki,
                SignatureScheme::RsaPss {
                    digest: d,
                    salt_len: salt,
                },
                &[
                    "dgst",
                    dgst_name(d),
                    "-sign",
                    "k.pem",
                    "-sigopt",
                    "rsa_padding_mode:pss",
                    "-sigopt",
                    &saltopt,
                    "-sigopt",
                    &mgf,
                    "-out",
                    "sig.bin",
                    "msg.bin",
                ],
            );
        }
    }
    // A v1.5 signature is not a PSS signature, and the wrong digest fails.
    let msg = std::fs::read(dir.path("msg.bin")).unwrap();
    openssl_ok(&dir.0, &dgst_sign(DigestAlgorithm::Sha256));
    let sig = std::fs::read(dir.path("sig.bin")).unwrap();
    let p = RustCryptoProvider;
    assert!(
        p.verify(
            SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 32
            },
            &spki,
            &msg,
            &sig
        )
        .is_err()
    );
    assert!(
        p.verify(
            SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha384
            },
            &spki,
            &msg,
            &sig
        )
        .is_err()
    );
    assert_eq!(
        p.verify(
            SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha256
            },
            &spki,
            &msg,
            &sig
        ),
        Err(CryptoError::SchemeKeyMismatch)
    );
    assert_eq!(n, 9 * 4 * 3);
}

#[test]
fn rsassa_pss_restricted_key() {
    // RFC 4055 §1.2 id-RSASSA-PSS public key with parameters (hash SHA-256, salt ≥ 32).
    let dir = setup("pss-key");
    openssl_ok(
        &dir.0,
        &[
            "genpkey",
            "-algorithm",
            "RSA-PSS",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-pkeyopt",
            "rsa_pss_keygen_md:sha256",
            "-pkeyopt",
            "rsa_pss_keygen_mgf1_md:sha256",
            "-pkeyopt",
            "rsa_pss_keygen_saltlen:32",
            "-out",
            "k.pem",
        ],
    );
    let spki = spki_of(&dir, "k.pem");
    assert_eq!(spki.algorithm.oid, kyso::oid::RSASSA_PSS);
    assert!(spki.algorithm.parameters.is_some());
    assert_eq!(
        RustCryptoProvider.key_type(&spki),
        Ok(KeyType::Rsa { bits: 2048 })
    );
    let scheme = SignatureScheme::RsaPss {
        digest: DigestAlgorithm::Sha256,
        salt_len: 32,
    };
    check(&dir, &spki, scheme, &dgst_sign(DigestAlgorithm::Sha256));
    let msg = std::fs::read(dir.path("msg.bin")).unwrap();
    let sig = std::fs::read(dir.path("sig.bin")).unwrap();
    let p = RustCryptoProvider;
    assert_eq!(
        p.verify(
            SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha256
            },
            &spki,
            &msg,
            &sig
        ),
        Err(CryptoError::SchemeKeyMismatch)
    );
    assert_eq!(
        p.verify(
            SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha384,
                salt_len: 32
            },
            &spki,
            &msg,
            &sig
        ),
        Err(CryptoError::SchemeKeyMismatch)
    );
    assert_eq!(
        p.verify(
            SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 20
            },
            &spki,
            &msg,
            &sig
        ),
        Err(CryptoError::SchemeKeyMismatch)
    );
}

#[test]
fn ecdsa_all_curves_all_digests_from_openssl() {
    let dir = setup("ec");
    let mut n = 0;
    for (curve, kt) in [
        ("P-256", KeyType::EcP256),
        ("P-384", KeyType::EcP384),
        ("P-521", KeyType::EcP521),
    ] {
        let curveopt = format!("ec_paramgen_curve:{curve}");
        openssl_ok(
            &dir.0,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                &curveopt,
                "-out",
                "k.pem",
            ],
        );
        let spki = spki_of(&dir, "k.pem");
        assert_eq!(RustCryptoProvider.key_type(&spki), Ok(kt));
        for d in DIGESTS {
            n += check(
                &dir,
                &spki,
                SignatureScheme::Ecdsa { digest: d },
                &dgst_sign(d),
            );
        }
        let msg = std::fs::read(dir.path("msg.bin")).unwrap();
        let sig = std::fs::read(dir.path("sig.bin")).unwrap();
        assert_eq!(
            RustCryptoProvider.verify(
                SignatureScheme::RsaPkcs1v15 {
                    digest: DigestAlgorithm::Sha512
                },
                &spki,
                &msg,
                &sig
            ),
            Err(CryptoError::SchemeKeyMismatch)
        );
    }
    assert_eq!(n, 3 * 9 * 3);
}

#[test]
fn ed25519_from_openssl() {
    let dir = setup("ed");
    openssl_ok(
        &dir.0,
        &["genpkey", "-algorithm", "ED25519", "-out", "k.pem"],
    );
    let spki = spki_of(&dir, "k.pem");
    assert_eq!(RustCryptoProvider.key_type(&spki), Ok(KeyType::Ed25519));
    let n = check(
        &dir,
        &spki,
        SignatureScheme::Ed25519,
        &[
            "pkeyutl", "-sign", "-rawin", "-inkey", "k.pem", "-in", "msg.bin", "-out", "sig.bin",
        ],
    );
    assert_eq!(n, 3);
}

#[test]
fn dsa_from_openssl() {
    let dir = setup("dsa");
    let mut n = 0;
    for (bits, qbits, digests) in [
        (
            "1024",
            "160",
            &[DigestAlgorithm::Sha1, DigestAlgorithm::Sha256][..],
        ),
        ("2048", "256", &DIGESTS[..]),
    ] {
        let b = format!("dsa_paramgen_bits:{bits}");
        let q = format!("dsa_paramgen_q_bits:{qbits}");
        openssl_ok(
            &dir.0,
            &[
                "genpkey",
                "-genparam",
                "-algorithm",
                "DSA",
                "-pkeyopt",
                &b,
                "-pkeyopt",
                &q,
                "-out",
                "p.pem",
            ],
        );
        openssl_ok(&dir.0, &["genpkey", "-paramfile", "p.pem", "-out", "k.pem"]);
        let spki = spki_of(&dir, "k.pem");
        assert_eq!(
            RustCryptoProvider.key_type(&spki),
            Ok(KeyType::Dsa {
                bits: bits.parse().unwrap()
            })
        );
        for d in digests {
            n += check(
                &dir,
                &spki,
                SignatureScheme::Dsa { digest: *d },
                &dgst_sign(*d),
            );
        }
    }
    assert_eq!(n, (2 + 9) * 3);
}
