//! Signing keys: software keys from PKCS#8 / PKCS#1 / SEC1 / PKCS#12 files (RFC 5208, 5958,
//! 7292), and the [`Signer`] trait that tokens, remote services and WebCrypto implement.

mod format;
mod pbe;
mod pkcs12;
mod software;

pub use format::KeyFormat;
pub use software::SoftwareKey;

use crate::cert::Certificate;
use crate::crypto::{CryptoError, SignatureScheme};
use crate::names::SignInput;

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
    /// Sign `digest`, the scheme's hash of the message ([`SignInput::Digest`]): how tokens
    /// (`CKM_ECDSA`, `CKM_RSA_PKCS_PSS`) and remote "sign hash" services work. Not for
    /// Ed25519. Default: [`CryptoError::InputSchemeMismatch`] (a signer that only signs
    /// messages).
    fn sign_digest(
        &self,
        digest: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        let _ = (digest, rng);
        Err(CryptoError::InputSchemeMismatch)
    }
    /// Sign a DER `DigestInfo` (RFC 8017 §9.2) as it is ([`SignInput::DigestInfo`]): raw
    /// RSA PKCS#1 v1.5 (`CKM_RSA_PKCS`). Default: [`CryptoError::InputSchemeMismatch`].
    fn sign_digest_info(
        &self,
        digest_info: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        let _ = (digest_info, rng);
        Err(CryptoError::InputSchemeMismatch)
    }
    /// Sign `data` given in the form `input` (the three methods above by one name), after
    /// checking that the scheme can sign that form ([`SignInput::check`]).
    fn sign_input(
        &self,
        input: SignInput,
        data: &[u8],
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CryptoError> {
        input.check(self.scheme())?;
        match input {
            SignInput::Message => self.sign(data, rng),
            SignInput::Digest => self.sign_digest(data, rng),
            SignInput::DigestInfo => self.sign_digest_info(data, rng),
        }
    }
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
#[non_exhaustive]
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

// Implemented by the key module: software.rs (SoftwareKey, its forms and signing), pkcs12.rs
// (KeyBundle loaders), format.rs (KeyFormat: which form a key file is in).

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;
    use crate::cms::test_support::{TestRng, p256_key, rsa2048};
    use crate::crypto::{
        CryptoProvider as _, DigestAlgorithm, RustCryptoProvider, SigningProvider as _,
    };

    const MESSAGE: &[u8] = "Quyết định số 01/QĐ-UBND".as_bytes();

    /// A signature made from `input` verifies over the message with the public key.
    fn verifies(key: &SoftwareKey, sig: &[u8]) -> bool {
        RustCryptoProvider
            .verify(key.scheme(), &key.public_key_info(), MESSAGE, sig)
            .is_ok()
    }

    #[test]
    fn signer_signs_a_message_a_digest_and_a_digest_info() {
        let mut rng = TestRng::new(7);
        let sha256 = DigestAlgorithm::Sha256;
        let v15 = rsa2048(SignatureScheme::RsaPkcs1v15 { digest: sha256 });
        let pss = rsa2048(SignatureScheme::RsaPss {
            digest: sha256,
            salt_len: 32,
        });
        let ec = p256_key(9);
        for key in [&v15, &pss, &ec] {
            let alg = key.scheme().digest();
            let digest = RustCryptoProvider.digest(alg, MESSAGE);
            for (input, data) in [(SignInput::Message, MESSAGE), (SignInput::Digest, &digest)] {
                let sig = key.sign_input(input, data, &mut rng).unwrap();
                assert!(
                    verifies(key, &sig),
                    "{} {}",
                    key.scheme().name(),
                    input.name()
                );
            }
            // A digest of the wrong length is refused, never signed as given.
            assert!(key.sign_digest(&digest[1..], &mut rng).is_err());
        }
        // DigestInfo (raw `CKM_RSA_PKCS`): RSA PKCS#1 v1.5 only.
        let digest = RustCryptoProvider.digest(sha256, MESSAGE);
        let info = crate::crypto::digest_info(sha256, &digest);
        let sig = v15.sign_digest_info(&info, &mut rng).unwrap();
        assert!(verifies(&v15, &sig));
        assert_eq!(
            v15.sign_input(SignInput::DigestInfo, &info, &mut rng)
                .unwrap(),
            sig,
            "PKCS#1 v1.5 is deterministic"
        );
        for key in [&pss, &ec] {
            assert_eq!(
                key.sign_input(SignInput::DigestInfo, &info, &mut rng),
                Err(CryptoError::InputSchemeMismatch)
            );
        }
        // A tampered message does not verify (the check above can fail).
        let sig = ec
            .sign_input(SignInput::Message, MESSAGE, &mut rng)
            .unwrap();
        assert!(
            RustCryptoProvider
                .verify(ec.scheme(), &ec.public_key_info(), b"other", &sig)
                .is_err()
        );
    }

    #[test]
    #[cfg(feature = "ed25519")]
    fn ed25519_signs_messages_only() {
        let mut rng = TestRng::new(8);
        let key = crate::cms::test_support::ed25519_key(4);
        let sig = key
            .sign_input(SignInput::Message, MESSAGE, &mut rng)
            .unwrap();
        assert!(verifies(&key, &sig));
        let digest = RustCryptoProvider.digest(DigestAlgorithm::Sha512, MESSAGE);
        assert_eq!(
            key.sign_input(SignInput::Digest, &digest, &mut rng),
            Err(CryptoError::InputSchemeMismatch)
        );
        assert_eq!(
            key.sign_digest(&digest, &mut rng),
            Err(CryptoError::InputSchemeMismatch)
        );
    }

    #[test]
    fn the_provider_makes_signing_keys_from_pkcs8() {
        let der = crate::cms::test_support::rsa2048_der();
        let signer = RustCryptoProvider.signing_key(der).unwrap();
        let sig = signer.sign(MESSAGE, &mut TestRng::new(2)).unwrap();
        let spki = signer.public_key_info().unwrap();
        RustCryptoProvider
            .verify(signer.scheme(), &spki, MESSAGE, &sig)
            .unwrap();
        assert!(RustCryptoProvider.signing_key(b"not a key").is_err());
    }
}
