//! Helpers shared by core's unit tests: keys, self-signed certificates, a deterministic RNG
//! and time parsing, all made in Rust (core's unit tests cannot depend on the test crates;
//! the OpenSSL interop tests and the test PKI live in `kyso-tests` and `kyso-testpki`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crate::ber;
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider as _, SignatureScheme};
use crate::key::{Signer, SoftwareKey};
use crate::time::DateTime;
use der::Encode;
use pkcs8::EncodePrivateKey;

/// SHA-256 in counter mode over a seed: deterministic, good enough for blinding and salts
/// in tests (never for real keys).
pub(crate) struct TestRng {
    seed: u64,
    counter: u64,
}

impl TestRng {
    pub(crate) fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }
}

impl rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        use sha2::Digest;
        for chunk in dst.chunks_mut(32) {
            self.counter += 1;
            let mut h = sha2::Sha256::new();
            h.update(self.seed.to_le_bytes());
            h.update(self.counter.to_le_bytes());
            let out = h.finalize();
            chunk.copy_from_slice(&out[..chunk.len()]);
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for TestRng {}

pub(crate) fn p256_key(seed: u8) -> SoftwareKey {
    let key = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
    SoftwareKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()).unwrap()
}

pub(crate) fn p384_key(seed: u8) -> SoftwareKey {
    let key = p384::SecretKey::from_slice(&[seed; 48]).unwrap();
    SoftwareKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()).unwrap()
}

pub(crate) fn ed25519_key(seed: u8) -> SoftwareKey {
    let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
    SoftwareKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()).unwrap()
}

fn name(cn: &str) -> Vec<u8> {
    let atv = ber::encode(
        ber::SEQUENCE,
        &[&[6, 3, 85, 4, 3], &ber::encode(0x0c, &[cn.as_bytes()])],
    );
    ber::encode(ber::SEQUENCE, &[&ber::encode(ber::SET, &[&atv])])
}

/// A v3 certificate for `key`'s public key, signed by `issuer` (self-signed when `None`),
/// with keyUsage digitalSignature and, if `ski`, a SubjectKeyIdentifier.
pub(crate) fn certificate(
    key: &SoftwareKey,
    cn: &str,
    issuer: Option<(&SoftwareKey, &str)>,
    serial: &[u8],
    ski: bool,
) -> Certificate {
    let (issuer_key, issuer_cn) = issuer.unwrap_or((key, cn));
    let sig_alg = issuer_key.scheme().algorithm_identifier().to_der().unwrap();
    let spki = key.public_key_info().to_der().unwrap();
    let validity = ber::encode(
        ber::SEQUENCE,
        &[
            &ber::encode(0x17, &[b"250101000000Z"]),
            &ber::encode(0x17, &[b"350101000000Z"]),
        ],
    );
    let mut exts = Vec::new();
    // keyUsage critical digitalSignature (RFC 5280 §4.2.1.3).
    exts.push(ber::encode(
        ber::SEQUENCE,
        &[
            &[6, 3, 85, 29, 15],
            &[1, 1, 0xff],
            &ber::encode(4, &[&[3, 2, 7, 0x80]]),
        ],
    ));
    if ski {
        let id =
            &crate::crypto::RustCryptoProvider.digest(crate::DigestAlgorithm::Sha256, &spki)[..20];
        exts.push(ber::encode(
            ber::SEQUENCE,
            &[
                &[6, 3, 85, 29, 14],
                &ber::encode(4, &[&ber::encode(4, &[id])]),
            ],
        ));
    }
    let exts = ber::encode(
        0xa3,
        &[&ber::encode(
            ber::SEQUENCE,
            &exts.iter().map(Vec::as_slice).collect::<Vec<_>>(),
        )],
    );
    let tbs = ber::encode(
        ber::SEQUENCE,
        &[
            &ber::encode(0xa0, &[&[2, 1, 2]]),
            &ber::encode(ber::INTEGER, &[serial]),
            &sig_alg,
            &name(issuer_cn),
            &validity,
            &name(cn),
            &spki,
            &exts,
        ],
    );
    let sig = issuer_key.sign(&tbs, &mut TestRng::new(99)).unwrap();
    let mut bits = vec![0u8];
    bits.extend_from_slice(&sig);
    let der = ber::encode(ber::SEQUENCE, &[&tbs, &sig_alg, &ber::encode(3, &[&bits])]);
    Certificate::from_der(&der).unwrap()
}

/// RSA keys are slow to generate: one per test binary (PKCS#8 DER).
pub(crate) fn rsa2048_der() -> &'static [u8] {
    static K: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    K.get_or_init(|| {
        let key = rsa::PrivateKey::new(&mut TestRng::new(1), 2048).unwrap();
        key.to_pkcs8_der().unwrap().as_bytes().to_vec()
    })
}

/// The test RSA-2048 key with the scheme asked.
pub(crate) fn rsa2048(scheme: SignatureScheme) -> SoftwareKey {
    SoftwareKey::from_pkcs8_der(rsa2048_der())
        .unwrap()
        .with_scheme(scheme)
        .unwrap()
}

/// The same key as the `rsa` crate's type, for signing a `DigestInfo` the way a token does.
pub(crate) fn rsa2048_raw() -> rsa::PrivateKey {
    use pkcs8::DecodePrivateKey;
    rsa::PrivateKey::from_pkcs8_der(rsa2048_der()).unwrap()
}

/// An RFC 3339 time, e.g. `t("2026-03-14T09:05:07+07:00")`.
pub(crate) fn t(s: &str) -> DateTime {
    crate::time::parse_rfc3339(s).unwrap()
}
