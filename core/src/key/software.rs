//! Software keys: a private key held in memory, read from PKCS#8 (RFC 5208 / RFC 5958,
//! plain or PBES2-encrypted), PKCS#1 (RFC 8017 A.1.2), SEC1 (RFC 5915) or PKCS#12 (RFC 7292,
//! see `pkcs12.rs`).
//!
//! Signing (RFC 8017 §8, FIPS 186-5, RFC 8032):
//! - RSA through `RandomizedSigner::try_sign_with_rng` with the caller's RNG, so the private
//!   operation is blinded (rsa 0.10's Marvin-safe path);
//! - ECDSA deterministic (RFC 6979), DER-encoded `Ecdsa-Sig-Value` (RFC 5758 §3.2);
//! - Ed25519 pure (RFC 8032 §5.1.6);
//! - DSA deterministic (RFC 6979) — legacy keys only (PKITS identities), never a default.
//!
//! Every backend type wipes its secret on drop (`ZeroizeOnDrop`); decrypted and decoded key
//! bytes pass through `Zeroizing` buffers.

use der::Decode;
use der::asn1::UintRef;
use signature::hazmat::PrehashSigner;
use signature::{RandomizedSigner, SignatureEncoding};
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use super::pbe::{self, Password};
use super::{KeyError, KeyFormat, Signer};
use crate::cert::Certificate;
use crate::crypto::{CryptoError, DigestAlgorithm, KeyType, SignatureScheme};
use crate::flaw::Flaw;
use crate::i18n::MessageId;
use crate::names::SignInput;
use crate::oid as oids;
use crate::report::{Finding, Severity};

/// Largest DER private key accepted (an RSA-16384 PKCS#8 is ~9 KiB).
const MAX_KEY_DER: usize = 64 * 1024;
/// Largest RSA modulus accepted for a private key: bounds key validation and signing time.
const MAX_RSA_BITS: u32 = 16384;

/// A private key held in memory: RSA, ECDSA P-256/P-384/P-521, Ed25519 (or legacy DSA).
pub struct SoftwareKey {
    inner: Inner,
    scheme: SignatureScheme,
    key_type: KeyType,
    spki: SubjectPublicKeyInfoOwned,
    /// Padding bytes after the DER of the file the key was read from (its own encoding or the
    /// PKCS#12 file holding it), ignored (`crate::trailing`); the caller may say so.
    trailing_padding: usize,
}

enum Inner {
    Rsa(RsaSigner),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    #[cfg(feature = "p521")]
    P521(p521::ecdsa::SigningKey),
    #[cfg(feature = "ed25519")]
    Ed25519(ed25519_dalek::SigningKey),
    #[cfg(feature = "dsa")]
    Dsa(Box<dsa::SigningKey>),
}

/// An RSA key typed for its scheme, as the rsa crate's signers are generic over the digest:
/// one v1.5 and one PSS variant per digest. SHA-1 has no variant: kyso never signs with it.
macro_rules! rsa_signer {
    ($($digest:ident => $hash:ty, $v15:ident, $pss:ident;)*) => {
        enum RsaSigner {
            $(
                $v15(rsa::pkcs1v15::SigningKey<$hash>),
                $pss(rsa::pss::SigningKey<$hash>),
            )*
        }

        impl RsaSigner {
            fn new(key: rsa::PrivateKey, scheme: SignatureScheme) -> Result<Self, CryptoError> {
                use DigestAlgorithm as D;
                use rsa::{pkcs1v15, pss};
                Ok(match scheme {
                    $(
                        SignatureScheme::RsaPkcs1v15 { digest: D::$digest } => {
                            Self::$v15(pkcs1v15::SigningKey::new(key))
                        }
                        SignatureScheme::RsaPss {
                            digest: D::$digest,
                            salt_len,
                        } => Self::$pss(pss::SigningKey::new_with_salt_len(key, salt_len)),
                    )*
                    s if s.digest() == D::Sha1 => return Err(CryptoError::Sha1SigningRefused),
                    _ => return Err(CryptoError::SchemeKeyMismatch),
                })
            }

            fn into_private(self) -> rsa::PrivateKey {
                match self {
                    $(
                        Self::$v15(k) => k.into(),
                        Self::$pss(k) => k.into(),
                    )*
                }
            }

            /// Sign `digest`, the scheme's hash of the message (RFC 8017 §8.2.1 step 1 builds
            /// the DigestInfo for v1.5; §8.1.1 PSS encodes the hash), blinded with `rng`.
            fn sign_digest(
                &self,
                digest: &[u8],
                rng: &mut dyn rand_core::CryptoRng,
            ) -> Result<Vec<u8>, CryptoError> {
                use signature::hazmat::RandomizedPrehashSigner;
                match self {
                    $(
                        Self::$v15(k) => AsRef::<rsa::PrivateKey>::as_ref(k)
                            .sign_with_rng(rng, rsa::Pkcs1v15Sign::new::<$hash>(), digest)
                            .map_err(|_| CryptoError::SigningFailed),
                        Self::$pss(k) => k
                            .sign_prehash_with_rng(rng, digest)
                            .map(|sig| sig.to_vec())
                            .map_err(|_| CryptoError::SigningFailed),
                    )*
                }
            }

            /// Sign a DER `DigestInfo` as it is (RFC 8017 §8.2.1 from step 2: EMSA-PKCS1-v1_5
            /// padding of T), what a raw `CKM_RSA_PKCS` mechanism does. v1.5 only.
            fn sign_digest_info(
                &self,
                digest_info: &[u8],
                rng: &mut dyn rand_core::CryptoRng,
            ) -> Result<Vec<u8>, CryptoError> {
                match self {
                    $(
                        Self::$v15(k) => AsRef::<rsa::PrivateKey>::as_ref(k)
                            .sign_with_rng(rng, rsa::Pkcs1v15Sign::new_unprefixed(), digest_info)
                            .map_err(|_| CryptoError::SigningFailed),
                        Self::$pss(_) => Err(CryptoError::InputSchemeMismatch),
                    )*
                }
            }

            fn sign(
                &self,
                message: &[u8],
                rng: &mut dyn rand_core::CryptoRng,
            ) -> Result<Vec<u8>, CryptoError> {
                fn go<S: RandomizedSigner<Sig>, Sig: SignatureEncoding>(
                    s: &S,
                    rng: &mut dyn rand_core::CryptoRng,
                    message: &[u8],
                ) -> Result<Vec<u8>, CryptoError> {
                    s.try_sign_with_rng(rng, message)
                        .map(|sig| sig.to_vec())
                        .map_err(|_| CryptoError::SigningFailed)
                }
                match self {
                    $(
                        Self::$v15(k) => go(k, rng, message),
                        Self::$pss(k) => go(k, rng, message),
                    )*
                }
            }
        }
    };
}

rsa_signer! {
    Sha224 => sha2::Sha224, V15Sha224, PssSha224;
    Sha256 => sha2::Sha256, V15Sha256, PssSha256;
    Sha384 => sha2::Sha384, V15Sha384, PssSha384;
    Sha512 => sha2::Sha512, V15Sha512, PssSha512;
    Sha3_224 => sha3::Sha3_224, V15Sha3_224, PssSha3_224;
    Sha3_256 => sha3::Sha3_256, V15Sha3_256, PssSha3_256;
    Sha3_384 => sha3::Sha3_384, V15Sha3_384, PssSha3_384;
    Sha3_512 => sha3::Sha3_512, V15Sha3_512, PssSha3_512;
}

/// RFC 5958 §3 (RFC 5208 §6):
/// ```text
/// EncryptedPrivateKeyInfo ::= SEQUENCE {
///     encryptionAlgorithm  EncryptionAlgorithmIdentifier,
///     encryptedData        EncryptedData }
/// EncryptedData ::= OCTET STRING
/// ```
/// Decoded here rather than with `pkcs8::EncryptedPrivateKeyInfo`, which only admits the PBES
/// schemes of the pkcs5 crate and so rejects the PKCS#12 PBEs (RFC 7292 App. C) that shrouded
/// key bags and `openssl pkcs8 -v1` use.
#[derive(der::Sequence)]
struct EncryptedPrivateKeyInfo {
    encryption_algorithm: spki::AlgorithmIdentifierOwned,
    encrypted_data: der::asn1::OctetString,
}

/// The DER key structures [`SoftwareKey::from_der`] tells apart, by which decodes.
pub(super) enum DerKeyForm {
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1,
    Sec1,
}

impl DerKeyForm {
    pub(super) fn of(der: &[u8]) -> Option<Self> {
        if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
            Some(Self::Pkcs8)
        } else if EncryptedPrivateKeyInfo::from_der(der).is_ok() {
            Some(Self::EncryptedPkcs8)
        } else if pkcs1::RsaPrivateKey::<UintRef<'_>>::from_der(der).is_ok() {
            Some(Self::Pkcs1)
        } else if sec1::EcPrivateKey::from_der(der).is_ok() {
            Some(Self::Sec1)
        } else {
            None
        }
    }
}

/// The structure `field` (an ASN.1 name) does not decode.
fn malformed(field: &'static str) -> KeyError {
    KeyError::Malformed {
        what: Flaw::Invalid { field },
    }
}

fn spki_of<K: EncodePublicKey>(key: &K) -> Result<SubjectPublicKeyInfoOwned, KeyError> {
    let doc = key
        .to_public_key_der()
        .map_err(|_| KeyError::Crypto(CryptoError::InvalidPrivateKey))?;
    SubjectPublicKeyInfoOwned::from_der(doc.as_bytes())
        .map_err(|_| KeyError::Crypto(CryptoError::InvalidPrivateKey))
}

/// `ECPrivateKey` (RFC 5915 §3) for a known curve: the scalar, checked against the embedded
/// public key when there is one.
macro_rules! ec_key {
    ($curve:ident, $variant:ident, $kt:expr, $sec1:expr) => {{
        let sec1: &sec1::EcPrivateKey<'_> = $sec1;
        let key = $curve::ecdsa::SigningKey::from_slice(sec1.private_key)
            .map_err(|_| malformed("ECPrivateKey privateKey"))?;
        if let Some(pubkey) = sec1.public_key {
            let embedded = $curve::ecdsa::VerifyingKey::from_sec1_bytes(pubkey)
                .map_err(|_| malformed("ECPrivateKey publicKey"))?;
            if &embedded != key.verifying_key() {
                return Err(KeyError::Malformed {
                    what: Flaw::KeyMismatch {
                        field: "ECPrivateKey publicKey",
                    },
                });
            }
        }
        let spki = spki_of(key.verifying_key())?;
        (Inner::$variant(key), $kt, spki)
    }};
}

impl SoftwareKey {
    /// Read an unencrypted PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208 §5,
    /// RFC 5958 §2; v1 and v2).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.len() > MAX_KEY_DER {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "PrivateKeyInfo",
                },
            });
        }
        let info = pkcs8::PrivateKeyInfoRef::from_der(der)
            .map_err(|_| malformed("PKCS#8 PrivateKeyInfo"))?;
        Self::from_private_key_info(&info)
    }

    /// Read a PKCS#8 `EncryptedPrivateKeyInfo` (RFC 5208 §6 / RFC 5958 §3) encrypted with
    /// PBES2 (RFC 8018 §6.2: PBKDF2-HMAC-SHA1/SHA-2 or scrypt, AES-CBC or 3DES) or a PKCS#12
    /// PBE scheme (RFC 7292 Appendix C, as `openssl pkcs8 -v1` writes).
    pub fn from_encrypted_pkcs8_der(der: &[u8], password: &[u8]) -> Result<Self, KeyError> {
        Self::from_encrypted_pkcs8_with(der, &Password::new(password))
    }

    pub(crate) fn from_encrypted_pkcs8_with(
        der: &[u8],
        password: &Password,
    ) -> Result<Self, KeyError> {
        if der.len() > MAX_KEY_DER {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "PrivateKeyInfo",
                },
            });
        }
        let info = EncryptedPrivateKeyInfo::from_der(der)
            .map_err(|_| malformed("PKCS#8 EncryptedPrivateKeyInfo"))?;
        let plain = pbe::decrypt(
            &info.encryption_algorithm,
            password,
            info.encrypted_data.as_bytes(),
        )?;
        // Valid padding with a wrong password happens (~1/256 for CBC); the plaintext is then
        // garbage, which is still a wrong password from the user's point of view.
        match pkcs8::PrivateKeyInfoRef::from_der(&plain) {
            Ok(pki) => Self::from_private_key_info(&pki),
            Err(_) => Err(KeyError::WrongPassword),
        }
    }

    /// Read a PKCS#1 `RSAPrivateKey` (RFC 8017 Appendix A.1.2), two-prime only.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.len() > MAX_KEY_DER {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "PrivateKeyInfo",
                },
            });
        }
        let raw = pkcs1::RsaPrivateKey::<UintRef<'_>>::from_der(der)
            .map_err(|_| malformed("PKCS#1 RSAPrivateKey"))?;
        if crate::crypto::rustcrypto::bit_len(raw.modulus.as_bytes()) > MAX_RSA_BITS {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "RSAPrivateKey modulus",
                },
            });
        }
        // rsa's own conversion: checks the two-prime version, validates and precomputes CRT.
        let key = rsa::PrivateKey::try_from(raw).map_err(|_| malformed("PKCS#1 RSAPrivateKey"))?;
        let public = key.to_public_key();
        let bits =
            crate::crypto::rustcrypto::bit_len(&rsa::traits::PublicKeyParts::n_bytes(&public));
        let spki = spki_of(&public)?;
        let scheme = SignatureScheme::RsaPkcs1v15 {
            digest: DigestAlgorithm::Sha256,
        };
        let inner = Inner::Rsa(RsaSigner::new(key, scheme).map_err(KeyError::Crypto)?);
        Ok(Self {
            inner,
            scheme,
            key_type: KeyType::Rsa { bits },
            spki,
            trailing_padding: 0,
        })
    }

    /// Read a SEC1 `ECPrivateKey` (RFC 5915 §3) with a named curve (P-256, P-384, P-521).
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.len() > MAX_KEY_DER {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "PrivateKeyInfo",
                },
            });
        }
        Self::from_sec1_with_curve(der, None)
    }

    fn from_sec1_with_curve(
        der: &[u8],
        curve_hint: Option<der::asn1::ObjectIdentifier>,
    ) -> Result<Self, KeyError> {
        let sec1 = sec1::EcPrivateKey::from_der(der).map_err(|_| malformed("SEC1 ECPrivateKey"))?;
        let embedded = sec1.parameters.map(|p| match p {
            sec1::EcParameters::NamedCurve(oid) => oid,
        });
        // RFC 5915 §3: in PKCS#8 the curve is in the AlgorithmIdentifier; if the
        // ECPrivateKey repeats it, the two must agree.
        let curve = match (curve_hint, embedded) {
            (Some(a), Some(b)) if a != b => {
                return Err(KeyError::Malformed {
                    what: Flaw::Disagree {
                        field: "namedCurve",
                    },
                });
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => {
                return Err(KeyError::Malformed {
                    what: Flaw::Missing {
                        parent: "ECPrivateKey",
                        field: "parameters",
                    },
                });
            }
        };
        let (inner, key_type, spki) = match curve {
            oids::SECP256R1 => ec_key!(p256, P256, KeyType::EcP256, &sec1),
            oids::SECP384R1 => ec_key!(p384, P384, KeyType::EcP384, &sec1),
            #[cfg(feature = "p521")]
            oids::SECP521R1 => ec_key!(p521, P521, KeyType::EcP521, &sec1),
            other => {
                return Err(KeyError::UnsupportedKeyAlgorithm {
                    oid: other.to_string(),
                });
            }
        };
        let mut key = Self {
            inner,
            scheme: SignatureScheme::Ed25519,
            key_type,
            spki,
            trailing_padding: 0,
        };
        key.scheme = key.default_scheme();
        Ok(key)
    }

    fn from_private_key_info(info: &pkcs8::PrivateKeyInfoRef<'_>) -> Result<Self, KeyError> {
        let oid = info.algorithm.oid;
        let key = match oid {
            oids::RSA_ENCRYPTION => Self::from_pkcs1_der(info.private_key.as_bytes())?,
            oids::EC_PUBLIC_KEY => {
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|_| malformed("ECParameters"))?;
                Self::from_sec1_with_curve(info.private_key.as_bytes(), Some(curve))?
            }
            #[cfg(feature = "ed25519")]
            oids::ED25519 => {
                // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING, inside the PKCS#8 OCTET STRING.
                let inner = <&der::asn1::OctetStringRef>::from_der(info.private_key.as_bytes())
                    .map_err(|_| malformed("Ed25519 CurvePrivateKey"))?;
                let mut seed = Zeroizing::new([0u8; 32]);
                if inner.as_bytes().len() != 32 {
                    return Err(malformed("Ed25519 CurvePrivateKey"));
                }
                seed.copy_from_slice(inner.as_bytes());
                let key = ed25519_dalek::SigningKey::from_bytes(&seed);
                let spki = spki_of(&key.verifying_key())?;
                Self {
                    inner: Inner::Ed25519(key),
                    scheme: SignatureScheme::Ed25519,
                    key_type: KeyType::Ed25519,
                    spki,
                    trailing_padding: 0,
                }
            }
            #[cfg(feature = "dsa")]
            oids::DSA => {
                let bits = crate::crypto::rustcrypto::dsa_params_bits(info.algorithm.parameters)
                    .map_err(|_| malformed("Dss-Parms"))?;
                if bits > crate::crypto::rustcrypto::DSA_MAX_BITS {
                    return Err(KeyError::LimitExceeded {
                        what: Flaw::TooLarge {
                            field: "Dss-Parms p",
                        },
                    });
                }
                let key = dsa::SigningKey::try_from(info.clone())
                    .map_err(|_| malformed("DSA privateKey"))?;
                let spki = spki_of(key.verifying_key())?;
                Self {
                    inner: Inner::Dsa(Box::new(key)),
                    scheme: SignatureScheme::Dsa {
                        digest: DigestAlgorithm::Sha256,
                    },
                    key_type: KeyType::Dsa { bits },
                    spki,
                    trailing_padding: 0,
                }
            }
            other => {
                return Err(KeyError::UnsupportedKeyAlgorithm {
                    oid: other.to_string(),
                });
            }
        };
        // RFC 5958 §2 (v2): the optional publicKey must be this key's.
        if let Some(public) = &info.public_key
            && public.as_bytes() != key.spki.subject_public_key.as_bytes()
            && !key.same_ec_point(public.raw_bytes())
        {
            return Err(KeyError::Malformed {
                what: Flaw::KeyMismatch {
                    field: "PKCS#8 publicKey",
                },
            });
        }
        Ok(key)
    }

    /// Whether `point` is this EC key's public point in another SEC1 form (compressed).
    fn same_ec_point(&self, point: &[u8]) -> bool {
        match &self.inner {
            Inner::P256(k) => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|p| &p == k.verifying_key()),
            Inner::P384(k) => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|p| &p == k.verifying_key()),
            #[cfg(feature = "p521")]
            Inner::P521(k) => p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .is_ok_and(|p| &p == k.verifying_key()),
            _ => false,
        }
    }

    /// Read a key file's DER of any of the forms above (PKCS#8, encrypted PKCS#8, PKCS#1,
    /// SEC1). Padding after it (white space, zero bytes: a newline left by a text tool) is
    /// ignored and counted ([`Self::trailing_padding`]); other data after a key is refused
    /// with [`KeyError::TrailingData`] (`crate::trailing`).
    pub fn from_der(der: &[u8], password: Option<&[u8]>) -> Result<Self, KeyError> {
        if der.len() > MAX_KEY_DER {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "PrivateKeyInfo",
                },
            });
        }
        let (der, padding) = match crate::trailing::split(der) {
            Ok(split) => split,
            // Data after a key is refused and said; after anything else, the input is simply
            // not a key.
            Err(t) => {
                let outer = der.get(..t.offset).unwrap_or_default();
                return Err(match DerKeyForm::of(outer) {
                    Some(_) => KeyError::TrailingData {
                        offset: t.offset,
                        len: t.len,
                    },
                    None => KeyError::UnrecognizedFormat,
                });
            }
        };
        let key = match DerKeyForm::of(der).ok_or(KeyError::UnrecognizedFormat)? {
            DerKeyForm::Pkcs8 => Self::from_pkcs8_der(der),
            DerKeyForm::EncryptedPkcs8 => {
                let password = password.ok_or(KeyError::PasswordRequired)?;
                Self::from_encrypted_pkcs8_der(der, password)
            }
            DerKeyForm::Pkcs1 => Self::from_pkcs1_der(der),
            DerKeyForm::Sec1 => Self::from_sec1_der(der),
        }?;
        Ok(key.with_trailing_padding(padding))
    }

    /// How many padding bytes (white space, zero bytes) followed the DER of the file the key
    /// was read from (its own encoding, or the PKCS#12 file holding it) and were ignored.
    pub fn trailing_padding(&self) -> usize {
        self.trailing_padding
    }

    /// What reading the key noticed, for the caller to show (there is no report for key
    /// loading): padding after the file's DER (`input.trailing-padding-key`).
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.trailing_padding > 0 {
            out.push(
                Finding::new(MessageId::InputTrailingPaddingKey, Severity::Info)
                    .with("count", self.trailing_padding.to_string()),
            );
        }
        out
    }

    pub(super) fn with_trailing_padding(mut self, count: usize) -> Self {
        self.trailing_padding = count;
        self
    }

    /// Read a private key from a file's bytes, whichever form they are in ([`KeyFormat`]):
    /// PEM text ([`Self::from_pem`]) or DER PKCS#8, encrypted PKCS#8, PKCS#1, SEC1
    /// ([`Self::from_der`]). A PKCS#12 file holds a certificate too: read it with
    /// [`KeyBundle::from_bytes`](super::KeyBundle::from_bytes).
    pub fn from_bytes(bytes: &[u8], password: Option<&[u8]>) -> Result<Self, KeyError> {
        match KeyFormat::detect(bytes) {
            Some(KeyFormat::Pem) => Self::from_pem(bytes, password),
            Some(KeyFormat::Pkcs12) => Err(KeyError::NoMatchingCertificate),
            _ => Self::from_der(bytes, password),
        }
    }

    /// Read the first private key in PEM text (RFC 7468): `PRIVATE KEY` (PKCS#8),
    /// `ENCRYPTED PRIVATE KEY` (needs `password`), `RSA PRIVATE KEY` (PKCS#1),
    /// `EC PRIVATE KEY` (SEC1). Other blocks (certificates, `EC PARAMETERS`) are skipped.
    pub fn from_pem(pem: &[u8], password: Option<&[u8]>) -> Result<Self, KeyError> {
        let blocks = crate::pem::blocks(pem).map_err(|_| {
            if contains(pem, b"Proc-Type: 4,ENCRYPTED") {
                // RFC 1421-style encryption of traditional OpenSSL keys: MD5-based KDF, not
                // supported; `openssl pkcs8 -topk8 -v2 aes-256-cbc` converts such a key.
                KeyError::Malformed {
                    what: Flaw::LegacyPemEncryption,
                }
            } else {
                KeyError::Malformed { what: Flaw::BadPem }
            }
        })?;
        for block in blocks {
            let der = Zeroizing::new(block.der);
            match block.label.as_str() {
                "PRIVATE KEY" => return Self::from_pkcs8_der(&der),
                "ENCRYPTED PRIVATE KEY" => {
                    let password = password.ok_or(KeyError::PasswordRequired)?;
                    return Self::from_encrypted_pkcs8_der(&der, password);
                }
                "RSA PRIVATE KEY" => return Self::from_pkcs1_der(&der),
                "EC PRIVATE KEY" => return Self::from_sec1_der(&der),
                _ => {}
            }
        }
        Err(KeyError::UnrecognizedFormat)
    }

    /// The scheme this key signs with unless told otherwise ([`KeyType::default_scheme`]).
    pub fn default_scheme(&self) -> SignatureScheme {
        self.key_type.default_scheme()
    }

    /// The same key signing with `scheme` (e.g. `RsaPss { digest: Sha256, salt_len: 32 }`),
    /// if [`KeyType::check_signing_scheme`] allows it.
    pub fn with_scheme(self, scheme: SignatureScheme) -> Result<Self, CryptoError> {
        self.key_type.check_signing_scheme(scheme)?;
        let Self {
            inner,
            key_type,
            spki,
            trailing_padding,
            ..
        } = self;
        let inner = match inner {
            Inner::Rsa(r) => Inner::Rsa(RsaSigner::new(r.into_private(), scheme)?),
            other => other,
        };
        Ok(Self {
            inner,
            scheme,
            key_type,
            spki,
            trailing_padding,
        })
    }

    /// The public key, as it appears in a certificate.
    pub fn public_key_info(&self) -> SubjectPublicKeyInfoOwned {
        self.spki.clone()
    }

    /// The key family and size.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// Whether `cert` certifies this key (same public key; EC points compared as points, DSA
    /// keys whose certificate inherits the domain parameters compared by `y`).
    pub fn matches_certificate(&self, cert: &Certificate) -> bool {
        self.matches_public_key(cert.public_key_info())
    }

    /// Whether `spki` is this key's public key.
    pub fn matches_public_key(&self, spki: &SubjectPublicKeyInfoOwned) -> bool {
        crate::crypto::rustcrypto::same_public_key(&self.spki, spki)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The software key is RustCrypto's: it hashes with the RustCrypto backend's own digests (a
/// native provider brings its own key type through [`crate::CryptoProvider::signing_key`]).
fn hash(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    crate::crypto::rustcrypto::hash(alg, data)
}

/// ECDSA over a prehash, RFC 6979 nonce. A digest shorter than half the field (SHA-256 on
/// P-521) is left-padded with zeros to that length: the integer is unchanged (FIPS 186-5
/// §6.4.1 uses the whole digest when it is shorter than the order), and the ecdsa crate
/// refuses shorter prehashes.
macro_rules! ecdsa_sign_prehash {
    ($curve:ident, $key:expr, $digest:expr) => {{
        let mut h = $digest.to_vec();
        let field_len = <$curve::FieldBytes>::default().len();
        let min = field_len.div_ceil(2);
        if h.len() < min {
            let mut padded = vec![0u8; min.saturating_sub(h.len())];
            padded.extend_from_slice(&h);
            h = padded;
        }
        let sig: $curve::ecdsa::Signature = $key
            .sign_prehash(&h)
            .map_err(|_| CryptoError::SigningFailed)?;
        Ok(sig.to_der().as_bytes().to_vec())
    }};
}

impl SoftwareKey {
    /// Sign `digest` (already hashed with the scheme's digest) for every key family but
    /// Ed25519, which signs messages only (RFC 8032 §5.1.6).
    fn sign_prehashed(
        &self,
        digest: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        let alg = self.scheme.digest();
        // "never signs with SHA-1" is a promise, not a consequence: checked on every path.
        if alg == DigestAlgorithm::Sha1 {
            return Err(CryptoError::Sha1SigningRefused);
        }
        if digest.len() != alg.output_len() {
            return Err(CryptoError::SigningFailed);
        }
        match &self.inner {
            Inner::Rsa(r) => r.sign_digest(digest, rng),
            Inner::P256(k) => ecdsa_sign_prehash!(p256, k, digest),
            Inner::P384(k) => ecdsa_sign_prehash!(p384, k, digest),
            #[cfg(feature = "p521")]
            Inner::P521(k) => ecdsa_sign_prehash!(p521, k, digest),
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(_) => Err(CryptoError::InputSchemeMismatch),
            #[cfg(feature = "dsa")]
            Inner::Dsa(k) => {
                let h = digest;
                let sig = match alg {
                    DigestAlgorithm::Sha224 => k.sign_prehashed_rfc6979::<sha2::Sha224>(h),
                    DigestAlgorithm::Sha256 => k.sign_prehashed_rfc6979::<sha2::Sha256>(h),
                    DigestAlgorithm::Sha384 => k.sign_prehashed_rfc6979::<sha2::Sha384>(h),
                    DigestAlgorithm::Sha512 => k.sign_prehashed_rfc6979::<sha2::Sha512>(h),
                    DigestAlgorithm::Sha3_224 => k.sign_prehashed_rfc6979::<sha3::Sha3_224>(h),
                    DigestAlgorithm::Sha3_256 => k.sign_prehashed_rfc6979::<sha3::Sha3_256>(h),
                    DigestAlgorithm::Sha3_384 => k.sign_prehashed_rfc6979::<sha3::Sha3_384>(h),
                    DigestAlgorithm::Sha3_512 => k.sign_prehashed_rfc6979::<sha3::Sha3_512>(h),
                    DigestAlgorithm::Sha1 => return Err(CryptoError::Sha1SigningRefused),
                };
                der::Encode::to_der(&sig.map_err(|_| CryptoError::SigningFailed)?)
                    .map_err(|_| CryptoError::SigningFailed)
            }
        }
    }
}

impl Signer for SoftwareKey {
    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    fn public_key_info(&self) -> Option<SubjectPublicKeyInfoOwned> {
        Some(SoftwareKey::public_key_info(self))
    }

    fn sign(
        &self,
        message: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        // Constructors and `with_scheme` never store a SHA-1 scheme; checked again here because
        // "never signs with SHA-1" is a promise, not a consequence.
        if self.scheme.digest() == DigestAlgorithm::Sha1 {
            return Err(CryptoError::Sha1SigningRefused);
        }
        match &self.inner {
            Inner::Rsa(r) => r.sign(message, rng),
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(k) => Ok(signature::Signer::<ed25519_dalek::Signature>::try_sign(
                k, message,
            )
            .map_err(|_| CryptoError::SigningFailed)?
            .to_bytes()
            .to_vec()),
            _ => self.sign_prehashed(&hash(self.scheme.digest(), message), rng),
        }
    }

    fn sign_digest(
        &self,
        digest: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        SignInput::Digest.check(self.scheme)?;
        self.sign_prehashed(digest, rng)
    }

    fn sign_digest_info(
        &self,
        digest_info: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        SignInput::DigestInfo.check(self.scheme)?;
        match &self.inner {
            Inner::Rsa(r) => r.sign_digest_info(digest_info, rng),
            _ => Err(CryptoError::InputSchemeMismatch),
        }
    }
}

impl core::fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SoftwareKey")
            .field("key_type", &self.key_type)
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

// A SoftwareKey moves between threads (CLI worker pools, FFI callers): keep it Send + Sync.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SoftwareKey>();
    send_sync::<super::KeyBundle>();
};
