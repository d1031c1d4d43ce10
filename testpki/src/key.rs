//! Test key pairs: generation, PKCS#8 / SPKI encoding and signing, through the RustCrypto
//! crates directly (so the test PKI does not depend on the code it is used to test).

use der::{Decode, Encode};
use kyso::oid;
use kyso::{DigestAlgorithm, SignatureScheme};
use pkcs8::{EncodePrivateKey, EncodePublicKey};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SubjectPublicKeyInfoOwned};

use crate::PkiError;

/// Key algorithms the test PKI generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlg {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    P256,
    P384,
    Ed25519,
}

impl KeyAlg {
    /// Every algorithm, for matrix tests.
    pub const ALL: &'static [KeyAlg] = &[
        Self::Rsa2048,
        Self::Rsa3072,
        Self::Rsa4096,
        Self::P256,
        Self::P384,
        Self::Ed25519,
    ];

    /// Short name (`rsa2048`, `p256`, `ed25519`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa2048 => "rsa2048",
            Self::Rsa3072 => "rsa3072",
            Self::Rsa4096 => "rsa4096",
            Self::P256 => "p256",
            Self::P384 => "p384",
            Self::Ed25519 => "ed25519",
        }
    }

    /// The scheme a CA with this key signs with by default: RSA v1.5 with SHA-256 (Vietnamese
    /// practice, docs/vietnam.md §3), ECDSA with the digest matching the curve, Ed25519.
    pub fn default_scheme(self) -> SignatureScheme {
        match self {
            Self::Rsa2048 | Self::Rsa3072 | Self::Rsa4096 => SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha256,
            },
            Self::P256 => SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha256,
            },
            Self::P384 => SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha384,
            },
            Self::Ed25519 => SignatureScheme::Ed25519,
        }
    }
}

enum Inner {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A generated private key.
pub struct TestKey {
    alg: KeyAlg,
    inner: Inner,
}

impl core::fmt::Debug for TestKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TestKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl TestKey {
    /// Generate a fresh key of `alg` from `rng`. RSA generation takes a while (≈0.1–2 s for
    /// 2048–4096 bits with optimised dependencies).
    pub fn generate(alg: KeyAlg, rng: &mut dyn rand_core::CryptoRng) -> Result<Self, PkiError> {
        let err = PkiError::KeyGeneration { alg };
        let inner = match alg {
            KeyAlg::Rsa2048 | KeyAlg::Rsa3072 | KeyAlg::Rsa4096 => {
                let bits = match alg {
                    KeyAlg::Rsa2048 => 2048,
                    KeyAlg::Rsa3072 => 3072,
                    _ => 4096,
                };
                Inner::Rsa(Box::new(rsa::PrivateKey::new(rng, bits).map_err(|_| err)?))
            }
            KeyAlg::P256 => Inner::P256(loop {
                // Rejection sampling: a random 32-byte string is a valid scalar unless it is 0
                // or ≥ n (probability ≈ 2^-32 for P-256).
                let mut b = [0u8; 32];
                rng.fill_bytes(&mut b);
                if let Ok(k) = p256::ecdsa::SigningKey::from_slice(&b) {
                    break k;
                }
            }),
            KeyAlg::P384 => Inner::P384(loop {
                let mut b = [0u8; 48];
                rng.fill_bytes(&mut b);
                if let Ok(k) = p384::ecdsa::SigningKey::from_slice(&b) {
                    break k;
                }
            }),
            KeyAlg::Ed25519 => {
                // RFC 8032 §5.1.5: any 32 bytes are a private key.
                let mut seed = [0u8; 32];
                rng.fill_bytes(&mut seed);
                Inner::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
        };
        Ok(Self { alg, inner })
    }

    pub fn alg(&self) -> KeyAlg {
        self.alg
    }

    /// SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> Result<Vec<u8>, PkiError> {
        let doc = match &self.inner {
            Inner::Rsa(k) => k.to_public_key().to_public_key_der(),
            Inner::P256(k) => k.verifying_key().to_public_key_der(),
            Inner::P384(k) => k.verifying_key().to_public_key_der(),
            Inner::Ed25519(k) => k.verifying_key().to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|_| PkiError::Encoding {
                what: "SubjectPublicKeyInfo",
            })
    }

    /// SubjectPublicKeyInfo, parsed.
    pub fn spki(&self) -> Result<SubjectPublicKeyInfoOwned, PkiError> {
        SubjectPublicKeyInfoOwned::from_der(&self.spki_der()?).map_err(|_| PkiError::Encoding {
            what: "SubjectPublicKeyInfo",
        })
    }

    /// Unencrypted PKCS#8 (RFC 5958) DER.
    pub fn pkcs8_der(&self) -> Result<Vec<u8>, PkiError> {
        let doc = match &self.inner {
            Inner::Rsa(k) => k.to_pkcs8_der(),
            Inner::P256(k) => k.to_pkcs8_der(),
            Inner::P384(k) => k.to_pkcs8_der(),
            Inner::Ed25519(k) => {
                // ed25519-dalek writes a v2 OneAsymmetricKey (RFC 5958, with the public key),
                // which OpenSSL 3.0 refuses to load. Write the v1 form of RFC 8410 §7 instead:
                // the private key is the 32-byte seed wrapped in an OCTET STRING
                // (CurvePrivateKey).
                let inner = der_of(
                    &der::asn1::OctetString::new(k.to_bytes().to_vec())
                        .map_err(|_| PkiError::Encoding { what: "PKCS#8" })?,
                    "CurvePrivateKey",
                )?;
                let info = pkcs8::PrivateKeyInfoOwned::new(
                    AlgorithmIdentifierOwned {
                        oid: oid::ED25519,
                        parameters: None,
                    },
                    der::asn1::OctetString::new(inner)
                        .map_err(|_| PkiError::Encoding { what: "PKCS#8" })?,
                );
                return der_of(&info, "PKCS#8");
            }
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|_| PkiError::Encoding { what: "PKCS#8" })
    }

    /// Unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn pkcs8_pem(&self) -> Result<String, PkiError> {
        Ok(crate::pem("PRIVATE KEY", &self.pkcs8_der()?))
    }

    /// The scheme this key signs certificates and CRLs with by default.
    pub fn default_scheme(&self) -> SignatureScheme {
        self.alg.default_scheme()
    }

    /// The AlgorithmIdentifier for `scheme` (RFC 4055 §5 / RFC 3279 §2.2.1 for RSA with
    /// NULL parameters, RFC 5758 §3.2 ECDSA without parameters, RFC 8410 §3 Ed25519, RFC 4055
    /// §3.1 RSASSA-PSS parameters — built by the `rsa` crate).
    pub fn algorithm_identifier(
        &self,
        scheme: SignatureScheme,
    ) -> Result<AlgorithmIdentifierOwned, PkiError> {
        let bad = PkiError::SchemeKeyMismatch { alg: self.alg };
        let null = || der::Any::from(der::asn1::Null);
        let (oid, params) = match (&self.inner, scheme) {
            (Inner::Rsa(_), SignatureScheme::RsaPkcs1v15 { digest }) => (
                match digest {
                    DigestAlgorithm::Sha1 => oid::SHA1_WITH_RSA,
                    DigestAlgorithm::Sha256 => oid::SHA256_WITH_RSA,
                    DigestAlgorithm::Sha384 => oid::SHA384_WITH_RSA,
                    DigestAlgorithm::Sha512 => oid::SHA512_WITH_RSA,
                    _ => return Err(bad),
                },
                Some(null()),
            ),
            (Inner::Rsa(k), SignatureScheme::RsaPss { digest, salt_len }) => {
                let key = (**k).clone();
                let id = match digest {
                    DigestAlgorithm::Sha256 => {
                        rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(key, salt_len)
                            .signature_algorithm_identifier()
                    }
                    DigestAlgorithm::Sha384 => {
                        rsa::pss::SigningKey::<sha2::Sha384>::new_with_salt_len(key, salt_len)
                            .signature_algorithm_identifier()
                    }
                    DigestAlgorithm::Sha512 => {
                        rsa::pss::SigningKey::<sha2::Sha512>::new_with_salt_len(key, salt_len)
                            .signature_algorithm_identifier()
                    }
                    _ => return Err(bad),
                };
                return id.map_err(|_| PkiError::Encoding {
                    what: "RSASSA-PSS parameters",
                });
            }
            (Inner::P256(_) | Inner::P384(_), SignatureScheme::Ecdsa { digest }) => (
                match digest {
                    DigestAlgorithm::Sha1 => oid::ECDSA_SHA1,
                    DigestAlgorithm::Sha256 => oid::ECDSA_SHA256,
                    DigestAlgorithm::Sha384 => oid::ECDSA_SHA384,
                    DigestAlgorithm::Sha512 => oid::ECDSA_SHA512,
                    _ => return Err(bad),
                },
                None,
            ),
            (Inner::Ed25519(_), SignatureScheme::Ed25519) => (oid::ED25519, None),
            _ => return Err(bad),
        };
        Ok(AlgorithmIdentifierOwned {
            oid,
            parameters: params,
        })
    }

    /// Sign `message` under `scheme`. SHA-1 is allowed here on purpose: the test PKI makes
    /// historic (VGCA G1-like) certificates for the legacy-verification tests.
    pub fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, PkiError> {
        use signature::{RandomizedSigner, SignatureEncoding};
        let err = PkiError::Signing { alg: self.alg };
        match (&self.inner, scheme) {
            (Inner::Rsa(k), SignatureScheme::RsaPkcs1v15 { digest }) => {
                // Randomized signing: RSA blinding with the caller's RNG, as the rsa crate's
                // `RandomizedSigner` does.
                let key = (**k).clone();
                let sig = match digest {
                    DigestAlgorithm::Sha1 => rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new(key)
                        .try_sign_with_rng(rng, message)
                        .map(|s| s.to_vec()),
                    DigestAlgorithm::Sha256 => rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key)
                        .try_sign_with_rng(rng, message)
                        .map(|s| s.to_vec()),
                    DigestAlgorithm::Sha384 => rsa::pkcs1v15::SigningKey::<sha2::Sha384>::new(key)
                        .try_sign_with_rng(rng, message)
                        .map(|s| s.to_vec()),
                    DigestAlgorithm::Sha512 => rsa::pkcs1v15::SigningKey::<sha2::Sha512>::new(key)
                        .try_sign_with_rng(rng, message)
                        .map(|s| s.to_vec()),
                    _ => return Err(err),
                };
                sig.map_err(|_| err)
            }
            (Inner::Rsa(k), SignatureScheme::RsaPss { digest, salt_len }) => {
                let key = (**k).clone();
                let sig = match digest {
                    DigestAlgorithm::Sha256 => {
                        rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(key, salt_len)
                            .try_sign_with_rng(rng, message)
                            .map(|s| s.to_vec())
                    }
                    DigestAlgorithm::Sha384 => {
                        rsa::pss::SigningKey::<sha2::Sha384>::new_with_salt_len(key, salt_len)
                            .try_sign_with_rng(rng, message)
                            .map(|s| s.to_vec())
                    }
                    DigestAlgorithm::Sha512 => {
                        rsa::pss::SigningKey::<sha2::Sha512>::new_with_salt_len(key, salt_len)
                            .try_sign_with_rng(rng, message)
                            .map(|s| s.to_vec())
                    }
                    _ => return Err(err),
                };
                sig.map_err(|_| err)
            }
            (Inner::P256(k), SignatureScheme::Ecdsa { digest }) => {
                use signature::hazmat::PrehashSigner;
                let h = prehash(digest, message).ok_or(err.clone())?;
                let sig: p256::ecdsa::Signature = k.sign_prehash(&h).map_err(|_| err)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            (Inner::P384(k), SignatureScheme::Ecdsa { digest }) => {
                use signature::hazmat::PrehashSigner;
                let h = prehash(digest, message).ok_or(err.clone())?;
                let sig: p384::ecdsa::Signature = k.sign_prehash(&h).map_err(|_| err)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            (Inner::Ed25519(k), SignatureScheme::Ed25519) => {
                use signature::Signer as _;
                Ok(k.sign(message).to_bytes().to_vec())
            }
            _ => Err(PkiError::SchemeKeyMismatch { alg: self.alg }),
        }
    }
}

/// Lets a test key sign through kyso's [`kyso::Signer`] seam (for tests that need a signer
/// without going through key-file loading).
pub struct SchemeSigner<'a> {
    pub key: &'a TestKey,
    pub scheme: SignatureScheme,
}

impl kyso::Signer for SchemeSigner<'_> {
    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    fn sign(
        &self,
        message: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, kyso::CryptoError> {
        self.key
            .sign(self.scheme, message, rng)
            .map_err(|_| kyso::CryptoError::SigningFailed)
    }
}

fn prehash(digest: DigestAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
    use sha2::Digest;
    Some(match digest {
        DigestAlgorithm::Sha1 => sha1::Sha1::digest(message).to_vec(),
        DigestAlgorithm::Sha256 => sha2::Sha256::digest(message).to_vec(),
        DigestAlgorithm::Sha384 => sha2::Sha384::digest(message).to_vec(),
        DigestAlgorithm::Sha512 => sha2::Sha512::digest(message).to_vec(),
        _ => return None,
    })
}

/// Encode `value` as DER, mapping the error to a [`PkiError::Encoding`] naming `what`.
pub(crate) fn der_of<T: Encode>(value: &T, what: &'static str) -> Result<Vec<u8>, PkiError> {
    value.to_der().map_err(|_| PkiError::Encoding { what })
}
