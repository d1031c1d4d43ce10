//! Which container a key file is in, told from its bytes: the one place the CLI, C and WASM
//! surfaces (and [`KeyBundle::from_bytes`](super::KeyBundle::from_bytes),
//! [`SoftwareKey::from_bytes`](super::SoftwareKey::from_bytes)) sniff key files.

use super::pkcs12::looks_like_pfx;
use super::software::DerKeyForm;

/// The form of a key file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PEM text (RFC 7468): a private key block, perhaps with certificates.
    Pem,
    /// A PKCS#12 / PFX file (RFC 7292 §4): `SEQUENCE { INTEGER 3, … }`.
    Pkcs12,
    /// DER PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208 §5, RFC 5958 §2).
    Pkcs8,
    /// DER PKCS#8 `EncryptedPrivateKeyInfo` (RFC 5958 §3): needs a password.
    EncryptedPkcs8,
    /// DER PKCS#1 `RSAPrivateKey` (RFC 8017 App. A.1.2).
    Pkcs1,
    /// DER SEC1 `ECPrivateKey` (RFC 5915 §3).
    Sec1,
}

/// Key formats by name (reports, messages).
const KEY_FORMATS: [(KeyFormat, &str); 6] = [
    (KeyFormat::Pem, "pem"),
    (KeyFormat::Pkcs12, "pkcs12"),
    (KeyFormat::Pkcs8, "pkcs8"),
    (KeyFormat::EncryptedPkcs8, "encrypted-pkcs8"),
    (KeyFormat::Pkcs1, "pkcs1"),
    (KeyFormat::Sec1, "sec1"),
];

impl KeyFormat {
    /// The form of `bytes`, or `None` when they are none of these (the loaders then say
    /// [`KeyError::UnrecognizedFormat`](super::KeyError::UnrecognizedFormat)). Padding after a
    /// DER key (`crate::trailing`) does not change its form.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if crate::pem::looks_like_pem(bytes) {
            return Some(Self::Pem);
        }
        if looks_like_pfx(bytes) {
            return Some(Self::Pkcs12);
        }
        let der = match crate::trailing::split(bytes) {
            Ok((der, _)) => der,
            Err(t) => bytes.get(..t.offset).unwrap_or_default(),
        };
        Some(match DerKeyForm::of(der)? {
            DerKeyForm::Pkcs8 => Self::Pkcs8,
            DerKeyForm::EncryptedPkcs8 => Self::EncryptedPkcs8,
            DerKeyForm::Pkcs1 => Self::Pkcs1,
            DerKeyForm::Sec1 => Self::Sec1,
        })
    }

    /// This form's name (`pem`, `pkcs12`, `pkcs8`, `encrypted-pkcs8`, `pkcs1`, `sec1`).
    pub fn name(self) -> &'static str {
        KEY_FORMATS
            .into_iter()
            .find(|(f, _)| *f == self)
            .map_or("pem", |(_, n)| n)
    }

    /// The form called `name` ([`Self::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        KEY_FORMATS
            .into_iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| f)
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
    use crate::cms::test_support::{rsa2048_der, rsa2048_raw};
    use crate::{KeyBundle, KeyError, Lang, SoftwareKey};

    fn pem(label: &str, der: &[u8]) -> Vec<u8> {
        pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
            .unwrap()
            .into_bytes()
    }

    /// An RSA key in every form a key file comes in, made now from one key.
    fn forms() -> Vec<(KeyFormat, Vec<u8>)> {
        use rsa::pkcs1::EncodeRsaPrivateKey as _;
        let pkcs8 = rsa2048_der().to_vec();
        let pkcs1 = rsa2048_raw().to_pkcs1_der().unwrap().as_bytes().to_vec();
        let info = pkcs8::PrivateKeyInfoRef::try_from(pkcs8.as_slice()).unwrap();
        // PBKDF2 with few iterations: the test is about the form, not the KDF's strength.
        let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
            2048, &[7u8; 16], [9u8; 16],
        )
        .unwrap();
        let encrypted = info
            .encrypt_with_params(params, b"mat khau")
            .unwrap()
            .as_bytes()
            .to_vec();
        let p256 = p256::SecretKey::from_slice(&[5u8; 32]).unwrap();
        let sec1 = p256.to_sec1_der().unwrap().to_vec();
        vec![
            (KeyFormat::Pem, pem("PRIVATE KEY", &pkcs8)),
            (KeyFormat::Pkcs8, pkcs8),
            (KeyFormat::EncryptedPkcs8, encrypted),
            (KeyFormat::Pkcs1, pkcs1),
            (KeyFormat::Sec1, sec1),
        ]
    }

    #[test]
    fn each_form_is_detected_by_name_and_loads() {
        for (format, bytes) in forms() {
            assert_eq!(KeyFormat::detect(&bytes), Some(format), "{}", format.name());
            assert_eq!(KeyFormat::from_name(format.name()), Some(format));
            // Padding after a DER key does not change its form.
            let mut padded = bytes.clone();
            padded.push(b'\n');
            assert_eq!(KeyFormat::detect(&padded), Some(format));
            let key = SoftwareKey::from_bytes(&bytes, Some(b"mat khau")).unwrap();
            assert!(matches!(
                key.key_type(),
                crate::KeyType::Rsa { .. } | crate::KeyType::EcP256
            ));
        }
        // An encrypted key without its password is a typed error, not a guess.
        let (_, encrypted) = forms().remove(2);
        assert_eq!(
            SoftwareKey::from_bytes(&encrypted, None).unwrap_err(),
            KeyError::PasswordRequired
        );
        assert_eq!(
            SoftwareKey::from_bytes(&encrypted, Some(b"sai")).unwrap_err(),
            KeyError::WrongPassword
        );
    }

    #[test]
    fn pkcs12_is_detected_and_loads_with_its_certificate() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/testdata/pkits/pkcs12/ValidCertificatePathTest1EE.p12"
        );
        let Ok(p12) = std::fs::read(path) else {
            eprintln!("skipped: {path} not present");
            return;
        };
        assert_eq!(KeyFormat::detect(&p12), Some(KeyFormat::Pkcs12));
        let bundle = KeyBundle::from_bytes(&p12, Some(b"password")).unwrap();
        assert!(bundle.key.matches_certificate(&bundle.certificate));
        assert_eq!(
            KeyBundle::from_bytes(&p12, None).unwrap_err(),
            KeyError::PasswordRequired
        );
        // A key alone is refused by the bundle loader but read by the key loader.
        assert_eq!(
            SoftwareKey::from_bytes(&p12, Some(b"password")).unwrap_err(),
            KeyError::NoMatchingCertificate
        );
    }

    #[test]
    fn garbage_is_a_typed_error_in_both_languages() {
        for garbage in [
            &b""[..],
            b"hello",
            &[0x30, 0x03, 0x02, 0x01, 0x09],
            &[0xff; 40],
        ] {
            assert_eq!(KeyFormat::detect(garbage), None);
            let err = SoftwareKey::from_bytes(garbage, None).unwrap_err();
            assert_eq!(err, KeyError::UnrecognizedFormat, "{garbage:?}");
            assert_eq!(
                KeyBundle::from_bytes(garbage, None).unwrap_err(),
                KeyError::UnrecognizedFormat
            );
        }
        let text = KeyError::UnrecognizedFormat.message();
        assert_eq!(text.code(), "key.unrecognized-format");
        assert!(!text.render(Lang::Vi).is_empty() && !text.render(Lang::En).is_empty());
        assert_ne!(text.render(Lang::Vi), text.render(Lang::En));
    }

    #[test]
    fn certificates_given_apart_choose_the_signer() {
        use crate::cms::test_support::{certificate, p256_key};
        let key = p256_key(3);
        let cert = certificate(&key, "Signer", None, &[3], false);
        let other = certificate(&p256_key(4), "Other", None, &[4], false);
        let p256 = p256::SecretKey::from_slice(&[3u8; 32]).unwrap();
        let sec1 = pem("EC PRIVATE KEY", &p256.to_sec1_der().unwrap());
        let bundle =
            KeyBundle::from_key_and_certificates(&sec1, None, vec![other.clone(), cert.clone()])
                .unwrap();
        assert_eq!(bundle.certificate, cert);
        assert_eq!(bundle.chain, vec![other.clone()]);
        assert_eq!(
            KeyBundle::from_key_and_certificates(&sec1, None, vec![other]).unwrap_err(),
            KeyError::CertificateKeyMismatch
        );
        assert_eq!(
            KeyBundle::from_bytes(&sec1, None).unwrap_err(),
            KeyError::NoMatchingCertificate
        );
    }
}
