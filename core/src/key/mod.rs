//! Signing keys: software keys from PKCS#8 / PKCS#1 / SEC1 / PKCS#12 files (RFC 5208, 5958,
//! 7292), and the [`Signer`] trait that tokens, remote services and WebCrypto implement.

mod pbe;
mod pkcs12;
mod software;

pub use software::SoftwareKey;

use crate::cert::Certificate;
use crate::crypto::{CryptoError, SignatureScheme};

/// Anything that can produce a signature for a certificate's key: a [`SoftwareKey`], a
/// PKCS#11 token, a remote signing service (through two-phase signing), WebCrypto.
pub trait Signer {
    /// The scheme this signer will use (e.g. RSA v1.5 with SHA-256).
    fn scheme(&self) -> SignatureScheme;
    /// Sign `message` (for CMS: the DER of the signed attributes). The RNG is used for RSA
    /// blinding and PSS salts; deterministic schemes (RFC 6979 ECDSA, Ed25519) ignore it.
    fn sign(
        &self,
        message: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError>;
    /// The public key, when the signer knows it, so that signing can check that the
    /// certificate it is paired with holds the same key (`CmsError::CertificateKeyMismatch`)
    /// before a signature nobody can verify is produced. Default: unknown.
    fn public_key_info(&self) -> Option<spki::SubjectPublicKeyInfoOwned> {
        None
    }
}

/// Errors loading or using keys.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The bytes are not any key format kyso reads.
    UnrecognizedFormat,
    /// The structure was recognised but is malformed (what is wrong, in which structure).
    Malformed { what: crate::flaw::Flaw },
    /// The key is encrypted and no password was given.
    PasswordRequired,
    /// The password is wrong (MAC mismatch or decryption padding failure).
    WrongPassword,
    /// An encryption / MAC / KDF algorithm kyso does not implement (its OID).
    UnsupportedEncryption { oid: String },
    /// The key algorithm is not supported (its OID).
    UnsupportedKeyAlgorithm { oid: String },
    /// The PKCS#12 file holds no private key.
    NoPrivateKey,
    /// The PKCS#12 file holds no certificate matching the private key.
    NoMatchingCertificate,
    /// The certificate's public key is not the private key's.
    CertificateKeyMismatch,
    /// A resource limit was hit (iteration count, nesting, size) — bounded work on hostile input.
    LimitExceeded { what: crate::flaw::Flaw },
    /// Data other than padding (white space, zero bytes) follows the key or PKCS#12 file's
    /// DER (`crate::trailing`): `len` bytes from `offset`.
    TrailingData { offset: usize, len: usize },
    /// Crypto failure.
    Crypto(CryptoError),
}

/// A private key with its certificate and the chain that came with it (PKCS#12 bag order is
/// not trusted: `chain` holds every other certificate of the file).
pub struct KeyBundle {
    pub key: SoftwareKey,
    pub certificate: Certificate,
    pub chain: Vec<Certificate>,
}

impl core::fmt::Debug for KeyBundle {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyBundle")
            .field("certificate", &self.certificate.subject().to_string())
            .field("chain_len", &self.chain.len())
            .finish_non_exhaustive()
    }
}

// Implemented by the key module (software.rs / pkcs12.rs):
//   SoftwareKey::from_pkcs8_der / from_pem(pem, password) / from_pkcs12(der, password) -> KeyBundle
//   SoftwareKey::public_key_info(), default_scheme(), with_scheme(...)
//   KeyBundle::from_bytes(bytes, password: Option<&[u8]>) (sniffs PKCS#12 / PEM / DER)
