//! Cryptographic primitives behind one trait, so that native builds can plug in a faster
//! backend (aws-lc-rs) while WASM keeps the pure RustCrypto one.
//!
//! Algorithm identifiers: RFC 3279 (RSA v1.5 with SHA-1), RFC 4055 (RSASSA-PSS, SHA-2 with RSA),
//! RFC 5758 (ECDSA with SHA-2), RFC 8410 (Ed25519), RFC 5754 (SHA-2 in CMS), the NIST
//! Computer Security Objects Register (SHA-3 hashes and signatures, `2.16.840.1.101.3.4.{2,3}`;
//! used by CMS as RFC 8702 uses the SHAKEs).

pub(crate) mod rustcrypto;

pub use rustcrypto::RustCryptoProvider;

use serde::Serialize;
use spki::SubjectPublicKeyInfoOwned;

/// Digest algorithms kyso knows. SHA-1 exists for verifying historic Vietnamese signatures
/// (VGCA G1, MIC 2008 root) behind [`crate::policy::AlgorithmPolicy::allow_sha1_legacy`];
/// kyso never signs with it.
///
/// SHA-224 (RFC 5754 §2) is verified because other software signs with it (issue 9); kyso
/// does not offer it for signing in its bindings. SHA-3 (FIPS 202) is on Thông tư
/// 15/2025/TT-BKHCN's list (docs/vietnam.md §3): verified and offered for signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DigestAlgorithm {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
    Sha224,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
}

/// A signature scheme: the key family together with everything needed to sign or verify
/// (digest, PSS parameters). The curve of ECDSA comes from the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "scheme", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2): the default for RSA keys, as used by VGCA tools.
    RsaPkcs1v15 { digest: DigestAlgorithm },
    /// RSASSA-PSS (RFC 8017 §8.1) with MGF1 over the same digest (RFC 4055 §3.1) and the
    /// given salt length in bytes. Trailer field is always 1.
    RsaPss {
        digest: DigestAlgorithm,
        salt_len: usize,
    },
    /// ECDSA (FIPS 186-5) on the key's curve, signature DER-encoded `Ecdsa-Sig-Value` (RFC 5758 §3.2).
    Ecdsa { digest: DigestAlgorithm },
    /// PureEdDSA Ed25519 (RFC 8032), CMS per RFC 8419 (message digest SHA-512).
    Ed25519,
    /// DSA (FIPS 186-4, RFC 3279 §2.2.2, RFC 5758 §3.1), verification only: legacy signatures
    /// (RFC 4134 examples, old archives). Refused by the algorithm policy unless
    /// [`crate::policy::AlgorithmPolicy::allow_dsa_legacy`] is set.
    Dsa { digest: DigestAlgorithm },
}

/// The public-key family and size of a subject public key, as the algorithm policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum KeyType {
    Rsa {
        bits: u32,
    },
    EcP256,
    EcP384,
    EcP521,
    Ed25519,
    /// DSA with a prime `p` of `bits` bits (legacy, verification only).
    Dsa {
        bits: u32,
    },
}

impl KeyType {
    /// The scheme a key of this type signs with unless told otherwise: RSA → PKCS#1 v1.5 with
    /// SHA-256 (what Vietnamese CA tools and verifiers expect), P-256/P-384/P-521 → ECDSA with
    /// SHA-256/384/512 (RFC 5480 §4 pairing), Ed25519 → Ed25519, DSA → DSA with SHA-256.
    pub fn default_scheme(self) -> SignatureScheme {
        match self {
            KeyType::Rsa { .. } => SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha256,
            },
            KeyType::EcP256 => SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha256,
            },
            KeyType::EcP384 => SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha384,
            },
            KeyType::EcP521 => SignatureScheme::Ecdsa {
                digest: DigestAlgorithm::Sha512,
            },
            KeyType::Ed25519 => SignatureScheme::Ed25519,
            KeyType::Dsa { .. } => SignatureScheme::Dsa {
                digest: DigestAlgorithm::Sha256,
            },
        }
    }

    /// Whether a key of this type may sign with `scheme` — the one "may this key sign" rule,
    /// used by software keys, the CMS builder (on the certificate's key) and the bindings.
    /// SHA-1 is refused ([`CryptoError::Sha1SigningRefused`]), so is a scheme of another key
    /// family ([`CryptoError::SchemeKeyMismatch`]), DSA ([`CryptoError::UnsupportedAlgorithm`],
    /// verification only) and a PSS salt too long for the modulus
    /// (RFC 8017 §9.1.1 step 3: emLen ≥ hLen + sLen + 2; [`CryptoError::InvalidParameters`]).
    pub fn check_signing_scheme(self, scheme: SignatureScheme) -> Result<(), CryptoError> {
        if scheme.digest() == DigestAlgorithm::Sha1 {
            return Err(CryptoError::Sha1SigningRefused);
        }
        let fits = matches!(
            (self, scheme),
            (
                KeyType::Rsa { .. },
                SignatureScheme::RsaPkcs1v15 { .. } | SignatureScheme::RsaPss { .. }
            ) | (
                KeyType::EcP256 | KeyType::EcP384 | KeyType::EcP521,
                SignatureScheme::Ecdsa { .. }
            ) | (KeyType::Ed25519, SignatureScheme::Ed25519)
                | (KeyType::Dsa { .. }, SignatureScheme::Dsa { .. })
        );
        if !fits {
            return Err(CryptoError::SchemeKeyMismatch);
        }
        // DSA is for verifying legacy signatures (RFC 3279 §2.2.2 archives, PKITS): FIPS 186-5
        // no longer approves it for generating signatures, and kyso offers no DSA signing.
        if let SignatureScheme::Dsa { .. } = scheme {
            return Err(CryptoError::UnsupportedAlgorithm {
                oid: crate::oid::DSA.to_string(),
            });
        }
        if let (KeyType::Rsa { bits }, SignatureScheme::RsaPss { digest, salt_len }) =
            (self, scheme)
        {
            let em_len = usize::try_from(bits.saturating_sub(1).div_ceil(8)).unwrap_or(0);
            if digest
                .output_len()
                .saturating_add(salt_len)
                .saturating_add(2)
                > em_len
            {
                return Err(CryptoError::InvalidParameters {
                    oid: crate::oid::RSASSA_PSS.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// Errors of the crypto layer. Structured, so callers can map them to ETSI sub-indications.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// The algorithm OID is not one kyso implements.
    UnsupportedAlgorithm { oid: String },
    /// The algorithm parameters are malformed or inconsistent (e.g. PSS with MGF1 over another
    /// digest than the message digest, or absent parameters where RFC 4055 requires them).
    InvalidParameters { oid: String },
    /// The public key could not be parsed for the declared algorithm.
    InvalidPublicKey,
    /// The private key could not be used.
    InvalidPrivateKey,
    /// The signature scheme does not fit the key (e.g. ECDSA scheme with an RSA key).
    SchemeKeyMismatch,
    /// The signature value is malformed or does not verify.
    BadSignature,
    /// Signing failed inside the backend (RNG failure, …).
    SigningFailed,
    /// SHA-1 was requested for signing: kyso never signs with SHA-1.
    Sha1SigningRefused,
    /// The signer cannot sign this input under the scheme (a digest with Ed25519, a
    /// `DigestInfo` with another scheme than RSA PKCS#1 v1.5): see [`crate::SignInput::check`].
    InputSchemeMismatch,
}

/// An incremental digest computation, so large content is hashed without holding it.
pub trait Digester: Send {
    fn update(&mut self, data: &[u8]);
    fn finalize(self: Box<Self>) -> Vec<u8>;
}

/// The operations every backend provides: digests and verification by scheme and SPKI.
/// Signing keys come from [`SigningProvider`]; hardware and remote keys sign through the same
/// [`crate::Signer`] seam.
pub trait CryptoProvider: Send + Sync {
    /// A fresh incremental digest.
    fn digester(&self, alg: DigestAlgorithm) -> Box<dyn Digester>;

    /// One-shot digest.
    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
        let mut d = self.digester(alg);
        d.update(data);
        d.finalize()
    }

    /// Verify `signature` over `message` with the key in `spki` under `scheme`.
    /// Algorithm *policy* (SHA-1 gate, key sizes) is not checked here; see
    /// [`crate::policy::AlgorithmPolicy`].
    fn verify(
        &self,
        scheme: SignatureScheme,
        spki: &SubjectPublicKeyInfoOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError>;

    /// The family and size of a public key.
    fn key_type(&self, spki: &SubjectPublicKeyInfoOwned) -> Result<KeyType, CryptoError>;
}

/// A provider that also signs: it makes signing keys from private keys. A separate trait, not
/// more methods of [`CryptoProvider`], so that a verify-only build (the WASM verify page, whose
/// size is budgeted) does not link private-key code through the provider's vtable.
pub trait SigningProvider: CryptoProvider {
    /// A signer for the private key in an unencrypted PKCS#8 `PrivateKeyInfo` (RFC 5958 §2),
    /// signing with the key type's default scheme: the provider's own key implementation.
    /// Core reads the containers (PEM, PKCS#12, encrypted PKCS#8: [`crate::KeyBundle`]); the
    /// key operations belong to the provider, so a native one (aws-lc-rs) signs with its own
    /// code. RustCrypto's is [`crate::SoftwareKey`].
    fn signing_key(
        &self,
        pkcs8_der: &[u8],
    ) -> Result<Box<dyn crate::Signer + Send + Sync>, crate::KeyError>;
}

impl DigestAlgorithm {
    /// Every digest kyso knows, SHA-1 first (for tables and name look-ups).
    pub const ALL: [DigestAlgorithm; 9] = [
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
        Self::Sha3_224,
        Self::Sha3_256,
        Self::Sha3_384,
        Self::Sha3_512,
    ];

    /// Stable lower-case name (`sha256`, `sha3-256`), as used on the CLI and in reports; the
    /// SHA-3 names are OpenSSL's (`openssl dgst -sha3-256`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha224 => "sha224",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
            Self::Sha3_224 => "sha3-224",
            Self::Sha3_256 => "sha3-256",
            Self::Sha3_384 => "sha3-384",
            Self::Sha3_512 => "sha3-512",
        }
    }

    /// The digest called `name` (as [`Self::name`] writes it, ASCII case ignored).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(name))
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 | Self::Sha3_224 => 28,
            Self::Sha256 | Self::Sha3_256 => 32,
            Self::Sha384 | Self::Sha3_384 => 48,
            Self::Sha512 | Self::Sha3_512 => 64,
        }
    }
}

// Implemented in rustcrypto.rs / algid.rs by the crypto module:
//   DigestAlgorithm::{oid, from_oid, algorithm_identifier}
//   SignatureScheme::{algorithm_identifier, from_algorithm_identifier, digest, name}
pub(crate) mod algid;
pub use algid::digest_info;
