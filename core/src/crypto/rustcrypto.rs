//! The pure-Rust provider (RustCrypto): builds for wasm32, no global state.
//!
//! Verification dispatches on the scheme and on the SubjectPublicKeyInfo's algorithm
//! (RFC 5280 §4.1.2.7); the two must agree ([`CryptoError::SchemeKeyMismatch`]). Messages are
//! hashed here with the scheme's digest, then the prehash is checked, so every key/digest
//! combination real CMS uses works (ECDSA P-256 with SHA-384, RSA with SHA-1, …).

use der::Decode;
use der::asn1::{ObjectIdentifier as Oid, UintRef};
use digest::Digest;
use signature::hazmat::PrehashVerifier;

use super::*;
use crate::oid;

/// The RustCrypto provider: pure Rust, builds for wasm32.
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCryptoProvider;

/// RSA modulus sizes accepted for verification. The lower bound is below the policy minimum
/// on purpose: the algorithm policy, not the provider, decides whether a 1024-bit key is
/// acceptable (and reports *why* it is not). The upper bound keeps verification cost bounded.
const RSA_VERIFY_BITS: core::ops::RangeInclusive<usize> = 512..=16384;

/// Largest DSA prime accepted (FIPS 186-4 §4.2 stops at L = 3072); bounds the work.
#[cfg(feature = "dsa")]
pub(crate) const DSA_MAX_BITS: u32 = 3072;

struct HashState<D>(D);

impl<D: Digest + Send> Digester for HashState<D> {
    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }
    fn finalize(self: Box<Self>) -> Vec<u8> {
        self.0.finalize().to_vec()
    }
}

/// Runs `$body` with `$D` bound to the RustCrypto type of `$alg` (the crates' APIs are generic
/// over the hash type; kyso picks it at run time).
macro_rules! with_hash {
    ($alg:expr, $D:ident => $body:expr) => {
        match $alg {
            DigestAlgorithm::Sha1 => {
                type $D = sha1::Sha1;
                $body
            }
            DigestAlgorithm::Sha224 => {
                type $D = sha2::Sha224;
                $body
            }
            DigestAlgorithm::Sha256 => {
                type $D = sha2::Sha256;
                $body
            }
            DigestAlgorithm::Sha384 => {
                type $D = sha2::Sha384;
                $body
            }
            DigestAlgorithm::Sha512 => {
                type $D = sha2::Sha512;
                $body
            }
            DigestAlgorithm::Sha3_224 => {
                type $D = sha3::Sha3_224;
                $body
            }
            DigestAlgorithm::Sha3_256 => {
                type $D = sha3::Sha3_256;
                $body
            }
            DigestAlgorithm::Sha3_384 => {
                type $D = sha3::Sha3_384;
                $body
            }
            DigestAlgorithm::Sha3_512 => {
                type $D = sha3::Sha3_512;
                $body
            }
        }
    };
}

pub(crate) fn hash(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    with_hash!(alg, D => D::digest(data).to_vec())
}

/// The public key in a SubjectPublicKeyInfo, parsed for its family.
pub(crate) enum PublicKey {
    Rsa(rsa::PublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    #[cfg(feature = "p521")]
    P521(p521::ecdsa::VerifyingKey),
    #[cfg(feature = "ed25519")]
    Ed25519(ed25519_dalek::VerifyingKey),
    #[cfg(feature = "dsa")]
    Dsa(Box<dsa::VerifyingKey>),
}

/// The bit length of a big-endian unsigned integer (leading zero octets ignored).
pub(crate) fn bit_len(be: &[u8]) -> u32 {
    let mut iter = be.iter().skip_while(|b| **b == 0);
    let Some(first) = iter.next() else { return 0 };
    let rest = u32::try_from(iter.count()).unwrap_or(u32::MAX / 16);
    rest.saturating_mul(8)
        .saturating_add(8 - first.leading_zeros())
}

/// The curve named in id-ecPublicKey parameters (RFC 5480 §2.1.1: namedCurve only; implicit
/// and specified curves are not supported, as RFC 5480 says they MUST NOT be used).
fn ec_curve(spki: &SubjectPublicKeyInfoOwned) -> Result<Oid, CryptoError> {
    let params = spki
        .algorithm
        .parameters
        .as_ref()
        .ok_or(CryptoError::InvalidPublicKey)?;
    params
        .decode_as::<Oid>()
        .map_err(|_| CryptoError::InvalidPublicKey)
}

fn key_bytes(spki: &SubjectPublicKeyInfoOwned) -> Result<&[u8], CryptoError> {
    spki.subject_public_key
        .as_bytes()
        .ok_or(CryptoError::InvalidPublicKey)
}

/// `Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }` (RFC 3279 §2.3.2), read only
/// for the size of `p` before handing the key to the `dsa` crate.
#[derive(der::Sequence)]
struct DssParms<'a> {
    p: UintRef<'a>,
    q: UintRef<'a>,
    g: UintRef<'a>,
}

fn dsa_bits(spki: &SubjectPublicKeyInfoOwned) -> Result<u32, CryptoError> {
    dsa_params_bits(spki.algorithm.parameters.as_ref().map(der::AnyRef::from))
}

/// The size of `p` in DSA domain parameters. A certificate may omit the parameters and
/// inherit them from its issuer (RFC 3279 §2.3.2); kyso does not implement that inheritance
/// for verification, so absent parameters are an invalid key here.
pub(crate) fn dsa_params_bits(params: Option<der::AnyRef<'_>>) -> Result<u32, CryptoError> {
    let params = params.ok_or(CryptoError::InvalidPublicKey)?;
    let parms: DssParms<'_> = params
        .decode_as()
        .map_err(|_| CryptoError::InvalidPublicKey)?;
    let _ = (parms.q, parms.g);
    Ok(bit_len(parms.p.as_bytes()))
}

/// Whether two SubjectPublicKeyInfos hold the same public key, comparing keys rather than
/// encodings: an RSA key under rsaEncryption and under id-RSASSA-PSS, an EC point compressed
/// or not, are the same key. DSA keys are compared by `y`, and by their parameters when both
/// carry them (a certificate may inherit them, RFC 3279 §2.3.2).
pub(crate) fn same_public_key(
    a: &SubjectPublicKeyInfoOwned,
    b: &SubjectPublicKeyInfoOwned,
) -> bool {
    if a.algorithm.oid == oid::DSA || b.algorithm.oid == oid::DSA {
        return a.algorithm.oid == b.algorithm.oid
            && a.subject_public_key == b.subject_public_key
            && match (&a.algorithm.parameters, &b.algorithm.parameters) {
                (Some(pa), Some(pb)) => pa == pb,
                _ => true,
            };
    }
    match (parse_public_key(a), parse_public_key(b)) {
        (Ok((ka, _)), Ok((kb, _))) => match (ka, kb) {
            (PublicKey::Rsa(x), PublicKey::Rsa(y)) => x == y,
            (PublicKey::P256(x), PublicKey::P256(y)) => x == y,
            (PublicKey::P384(x), PublicKey::P384(y)) => x == y,
            #[cfg(feature = "p521")]
            (PublicKey::P521(x), PublicKey::P521(y)) => x == y,
            #[cfg(feature = "ed25519")]
            (PublicKey::Ed25519(x), PublicKey::Ed25519(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// The RSA public key of an `rsaEncryption` (or `id-RSASSA-PSS`, RFC 4055 §1.2) SPKI:
/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
fn rsa_key(spki: &SubjectPublicKeyInfoOwned) -> Result<(rsa::PublicKey, u32), CryptoError> {
    let key = pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(key_bytes(spki)?)
        .map_err(|_| CryptoError::InvalidPublicKey)?;
    let bits = bit_len(key.modulus.as_bytes());
    let n = rsa::BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
    let e = rsa::BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes());
    let key = rsa::PublicKey::new_with_size_limits(n, e, RSA_VERIFY_BITS)
        .map_err(|_| CryptoError::InvalidPublicKey)?;
    Ok((key, bits))
}

/// Parse a SubjectPublicKeyInfo into a usable key and its [`KeyType`].
pub(crate) fn parse_public_key(
    spki: &SubjectPublicKeyInfoOwned,
) -> Result<(PublicKey, KeyType), CryptoError> {
    match spki.algorithm.oid {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
            let (key, bits) = rsa_key(spki)?;
            Ok((PublicKey::Rsa(key), KeyType::Rsa { bits }))
        }
        oid::EC_PUBLIC_KEY => {
            let point = key_bytes(spki)?;
            let bad = |_| CryptoError::InvalidPublicKey;
            match ec_curve(spki)? {
                oid::SECP256R1 => Ok((
                    PublicKey::P256(
                        p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?,
                    ),
                    KeyType::EcP256,
                )),
                oid::SECP384R1 => Ok((
                    PublicKey::P384(
                        p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?,
                    ),
                    KeyType::EcP384,
                )),
                #[cfg(feature = "p521")]
                oid::SECP521R1 => Ok((
                    PublicKey::P521(
                        p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?,
                    ),
                    KeyType::EcP521,
                )),
                other => Err(CryptoError::UnsupportedAlgorithm {
                    oid: other.to_string(),
                }),
            }
        }
        #[cfg(feature = "ed25519")]
        oid::ED25519 => {
            // RFC 8410 §3: parameters MUST be absent.
            if spki.algorithm.parameters.is_some() {
                return Err(CryptoError::InvalidPublicKey);
            }
            let bytes: &[u8; 32] = key_bytes(spki)?
                .try_into()
                .map_err(|_| CryptoError::InvalidPublicKey)?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
                .map_err(|_| CryptoError::InvalidPublicKey)?;
            Ok((PublicKey::Ed25519(key), KeyType::Ed25519))
        }
        #[cfg(feature = "dsa")]
        oid::DSA => {
            let bits = dsa_bits(spki)?;
            if bits > DSA_MAX_BITS {
                return Err(CryptoError::InvalidPublicKey);
            }
            let key = dsa::VerifyingKey::try_from(der::referenced::OwnedToRef::owned_to_ref(spki))
                .map_err(|_| CryptoError::InvalidPublicKey)?;
            Ok((PublicKey::Dsa(Box::new(key)), KeyType::Dsa { bits }))
        }
        other => Err(CryptoError::UnsupportedAlgorithm {
            oid: other.to_string(),
        }),
    }
}

/// PKCS #1 v1.5 padding for `alg`: the rsa crate takes the DigestInfo prefix (RFC 8017 §9.2)
/// from the hash type's OID (`AssociatedOid`, the `oid` feature of sha1/sha2/sha3).
fn rsa_v15(alg: DigestAlgorithm) -> rsa::Pkcs1v15Sign {
    with_hash!(alg, D => rsa::Pkcs1v15Sign::new::<D>())
}

fn rsa_pss_verify(
    key: &rsa::PublicKey,
    alg: DigestAlgorithm,
    salt_len: usize,
    hashed: &[u8],
    sig: &[u8],
) -> rsa::errors::Result<()> {
    use rsa::pss::Pss;
    with_hash!(alg, D => key.verify(Pss::<D>::new_with_salt(salt_len), hashed, sig))
}

/// ECDSA verification over a prehash: the digest is truncated or zero-extended to the curve
/// order's length as FIPS 186-5 §6.4.2 says, so any digest works with any curve. The signature
/// is `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5758 §3.2, RFC 3279 §2.2.3).
macro_rules! ecdsa_verify {
    ($curve:ident, $key:expr, $hashed:expr, $sig:expr) => {{
        let sig =
            $curve::ecdsa::Signature::from_der($sig).map_err(|_| CryptoError::BadSignature)?;
        $key.verify_prehash($hashed, &sig)
            .map_err(|_| CryptoError::BadSignature)
    }};
}

impl RustCryptoProvider {
    /// Verify with an already parsed key (the signing side checks its own output with it).
    pub(crate) fn verify_with(
        scheme: SignatureScheme,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        fn bad<E>(_: E) -> CryptoError {
            CryptoError::BadSignature
        }
        match (scheme, key) {
            (SignatureScheme::RsaPkcs1v15 { digest }, PublicKey::Rsa(k)) => k
                .verify(rsa_v15(digest), &hash(digest, message), signature)
                .map_err(bad),
            (SignatureScheme::RsaPss { digest, salt_len }, PublicKey::Rsa(k)) => {
                rsa_pss_verify(k, digest, salt_len, &hash(digest, message), signature).map_err(bad)
            }
            (SignatureScheme::Ecdsa { digest }, PublicKey::P256(k)) => {
                ecdsa_verify!(p256, k, &hash(digest, message), signature)
            }
            (SignatureScheme::Ecdsa { digest }, PublicKey::P384(k)) => {
                ecdsa_verify!(p384, k, &hash(digest, message), signature)
            }
            #[cfg(feature = "p521")]
            (SignatureScheme::Ecdsa { digest }, PublicKey::P521(k)) => {
                ecdsa_verify!(p521, k, &hash(digest, message), signature)
            }
            #[cfg(feature = "ed25519")]
            (SignatureScheme::Ed25519, PublicKey::Ed25519(k)) => {
                let sig = ed25519_dalek::Signature::from_slice(signature).map_err(bad)?;
                signature::Verifier::verify(k, message, &sig).map_err(bad)
            }
            #[cfg(feature = "dsa")]
            (SignatureScheme::Dsa { digest }, PublicKey::Dsa(k)) => {
                // Dss-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.2).
                let sig = dsa::Signature::try_from(signature).map_err(bad)?;
                k.verify_prehash(&hash(digest, message), &sig).map_err(bad)
            }
            _ => Err(CryptoError::SchemeKeyMismatch),
        }
    }
}

impl CryptoProvider for RustCryptoProvider {
    fn digester(&self, alg: DigestAlgorithm) -> Box<dyn Digester> {
        with_hash!(alg, D => Box::new(HashState(D::new())))
    }

    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
        hash(alg, data)
    }

    fn verify(
        &self,
        scheme: SignatureScheme,
        spki: &SubjectPublicKeyInfoOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        // A key restricted to RSASSA-PSS (RFC 4055 §1.2) must not verify v1.5 signatures, and
        // when its parameters are present the signature must use the same hash and MGF and a
        // salt at least as long (RFC 4055 §3.3).
        if spki.algorithm.oid == oid::RSASSA_PSS {
            let SignatureScheme::RsaPss { digest, salt_len } = scheme else {
                return Err(CryptoError::SchemeKeyMismatch);
            };
            if let Some(params) = spki.algorithm.parameters.as_ref() {
                match super::algid::parse_pss(Some(params)) {
                    Some(SignatureScheme::RsaPss {
                        digest: d,
                        salt_len: s,
                    }) if d == digest && salt_len >= s => {}
                    _ => return Err(CryptoError::SchemeKeyMismatch),
                }
            }
        }
        let (key, _) = parse_public_key(spki)?;
        Self::verify_with(scheme, &key, message, signature)
    }

    fn key_type(&self, spki: &SubjectPublicKeyInfoOwned) -> Result<KeyType, CryptoError> {
        match spki.algorithm.oid {
            // Sizes only: no need to build the arithmetic.
            oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
                let key = pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(key_bytes(spki)?)
                    .map_err(|_| CryptoError::InvalidPublicKey)?;
                Ok(KeyType::Rsa {
                    bits: bit_len(key.modulus.as_bytes()),
                })
            }
            oid::DSA => Ok(KeyType::Dsa {
                bits: dsa_bits(spki)?,
            }),
            _ => parse_public_key(spki).map(|(_, t)| t),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;

    const DIGESTS: [DigestAlgorithm; 9] = DigestAlgorithm::ALL;

    #[test]
    fn streaming_digester_matches_one_shot() {
        let p = RustCryptoProvider;
        let data: Vec<u8> = (0u32..10_000).map(|i| (i % 251) as u8).collect();
        for d in DIGESTS {
            let mut s = p.digester(d);
            for chunk in data.chunks(333) {
                s.update(chunk);
            }
            let streamed = s.finalize();
            assert_eq!(streamed, p.digest(d, &data));
            assert_eq!(streamed.len(), d.output_len());
        }
        // FIPS 180-2 "abc" vectors.
        let abc = p.digest(DigestAlgorithm::Sha256, b"abc");
        assert_eq!(abc[..4], [0xba, 0x78, 0x16, 0xbf]);
        let abc1 = p.digest(DigestAlgorithm::Sha1, b"abc");
        assert_eq!(abc1[..4], [0xa9, 0x99, 0x3e, 0x36]);
        // FIPS 180-4 SHA-224 and FIPS 202 SHA3-256 / SHA3-512 "abc" vectors (NIST CSRC
        // example values).
        let abc224 = p.digest(DigestAlgorithm::Sha224, b"abc");
        assert_eq!(abc224[..4], [0x23, 0x09, 0x7d, 0x22]);
        let abc3 = p.digest(DigestAlgorithm::Sha3_256, b"abc");
        assert_eq!(abc3[..4], [0x3a, 0x98, 0x5d, 0xa7]);
        let abc3_512 = p.digest(DigestAlgorithm::Sha3_512, b"abc");
        assert_eq!(abc3_512[..4], [0xb7, 0x51, 0x85, 0x0b]);
    }

    #[test]
    fn garbage_keys_and_signatures_are_errors() {
        let p = RustCryptoProvider;
        let spki = SubjectPublicKeyInfoOwned {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: oid::RSA_ENCRYPTION,
                parameters: None,
            },
            subject_public_key: der::asn1::BitString::from_bytes(&[
                0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03,
            ])
            .unwrap(),
        };
        assert_eq!(p.key_type(&spki), Ok(KeyType::Rsa { bits: 3 }));
        assert_eq!(
            p.verify(
                SignatureScheme::RsaPkcs1v15 {
                    digest: DigestAlgorithm::Sha256
                },
                &spki,
                b"m",
                b"s"
            ),
            Err(CryptoError::InvalidPublicKey)
        );
        let unknown = SubjectPublicKeyInfoOwned {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: Oid::new_unwrap("1.2.3.4"),
                parameters: None,
            },
            subject_public_key: der::asn1::BitString::from_bytes(&[1, 2, 3]).unwrap(),
        };
        assert!(matches!(
            p.key_type(&unknown),
            Err(CryptoError::UnsupportedAlgorithm { .. })
        ));
    }
}

#[cfg(test)]
mod policy_tests {
    use super::*;
    use crate::policy::{AlgorithmVerdict, ValidationPolicy};

    #[test]
    fn dsa_rides_on_the_legacy_gate() {
        let dsa = SignatureScheme::Dsa {
            digest: DigestAlgorithm::Sha256,
        };
        let key = KeyType::Dsa { bits: 2048 };
        assert_eq!(
            ValidationPolicy::vn_gov().algorithms.check(dsa, key),
            AlgorithmVerdict::AcceptedWeak
        );
        assert_eq!(
            ValidationPolicy::strict().algorithms.check(dsa, key),
            AlgorithmVerdict::NotAllowed
        );
        let mut p = ValidationPolicy::vn_gov().algorithms;
        p.allow_sha1_legacy = false;
        assert_eq!(p.check(dsa, key), AlgorithmVerdict::NotAllowed);
    }
}

impl super::SigningProvider for RustCryptoProvider {
    fn signing_key(
        &self,
        pkcs8_der: &[u8],
    ) -> Result<Box<dyn crate::Signer + Send + Sync>, crate::KeyError> {
        Ok(Box::new(crate::SoftwareKey::from_pkcs8_der(pkcs8_der)?))
    }
}
