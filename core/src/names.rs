//! The names by which users choose signing algorithms, inputs, key purposes and key formats,
//! one table per kind, shared by every surface: the CLI (`--scheme`, `--digest`), the C ABI
//! (`KYSO_SIG_*`, `KYSO_SIGN_INPUT_*` values) and the npm package (scheme strings such as
//! `ecdsa-sha256`, `{kind, digest, saltLength}` objects). A binding parses with these and only
//! converts; a new scheme is one line here.

use crate::crypto::{CryptoError, DigestAlgorithm, KeyType, SignatureScheme};

/// Every scheme kyso signs with, with its stable number (the C constant `KYSO_SIG_*`; 0 is
/// "the key's default"). Numbers are ABI: new lines get new numbers, never renumbered. The
/// name of each is [`SignatureScheme::name`]. PSS salts are the digest length (RFC 8017 §9.1
/// note 4, and what RFC 4055 §3.1's defaults pair with each hash).
const SIGNING_SCHEMES: [(u32, SignatureScheme); 22] = {
    use DigestAlgorithm::*;
    use SignatureScheme::{Ecdsa, Ed25519, RsaPkcs1v15, RsaPss};
    [
        (1, RsaPkcs1v15 { digest: Sha256 }),
        (2, RsaPkcs1v15 { digest: Sha384 }),
        (3, RsaPkcs1v15 { digest: Sha512 }),
        (
            4,
            RsaPss {
                digest: Sha256,
                salt_len: 32,
            },
        ),
        (
            5,
            RsaPss {
                digest: Sha384,
                salt_len: 48,
            },
        ),
        (
            6,
            RsaPss {
                digest: Sha512,
                salt_len: 64,
            },
        ),
        (7, Ecdsa { digest: Sha256 }),
        (8, Ecdsa { digest: Sha384 }),
        (9, Ecdsa { digest: Sha512 }),
        (10, Ed25519),
        // SHA-3 (FIPS 202; Thông tư 15/2025/TT-BKHCN, shared/brief/vietnam.md §3).
        (11, RsaPkcs1v15 { digest: Sha3_224 }),
        (12, RsaPkcs1v15 { digest: Sha3_256 }),
        (13, RsaPkcs1v15 { digest: Sha3_384 }),
        (14, RsaPkcs1v15 { digest: Sha3_512 }),
        (
            15,
            RsaPss {
                digest: Sha3_224,
                salt_len: 28,
            },
        ),
        (
            16,
            RsaPss {
                digest: Sha3_256,
                salt_len: 32,
            },
        ),
        (
            17,
            RsaPss {
                digest: Sha3_384,
                salt_len: 48,
            },
        ),
        (
            18,
            RsaPss {
                digest: Sha3_512,
                salt_len: 64,
            },
        ),
        (19, Ecdsa { digest: Sha3_224 }),
        (20, Ecdsa { digest: Sha3_256 }),
        (21, Ecdsa { digest: Sha3_384 }),
        (22, Ecdsa { digest: Sha3_512 }),
    ]
};

/// The scheme families by name (the report's `signature_scheme.scheme` values), for the
/// `{kind, digest, saltLength}` form.
const SCHEME_KINDS: [&str; 4] = ["rsa-pkcs1v15", "rsa-pss", "ecdsa", "ed25519"];

/// Digests kyso offers for signing: SHA-2 from 256 bits and SHA-3. SHA-1 is refused
/// (vietnam.md §3) and SHA-224 is verified only (issue 9).
const SIGNING_DIGESTS: [DigestAlgorithm; 7] = {
    use DigestAlgorithm::*;
    [
        Sha256, Sha384, Sha512, Sha3_224, Sha3_256, Sha3_384, Sha3_512,
    ]
};

impl SignatureScheme {
    /// Every scheme kyso signs with ([`Self::signing_code`] order).
    pub fn signing_schemes() -> impl Iterator<Item = SignatureScheme> {
        SIGNING_SCHEMES.into_iter().map(|(_, s)| s)
    }

    /// The scheme called `name` ([`Self::name`]: `rsa-pss-sha256`, `ecdsa-sha3-256`,
    /// `ed25519`; ASCII case ignored), among those kyso signs with.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::signing_schemes().find(|s| s.name().eq_ignore_ascii_case(name))
    }

    /// The scheme numbered `code` (the C constant `KYSO_SIG_*`; 0, "the key's default", is
    /// not a scheme).
    pub fn from_signing_code(code: u32) -> Option<Self> {
        SIGNING_SCHEMES
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| s)
    }

    /// The number of this scheme (the C constant), if kyso signs with it. PSS with another
    /// salt length than the table's has the number of its digest's line.
    pub fn signing_code(self) -> Option<u32> {
        SIGNING_SCHEMES
            .into_iter()
            .find(|(_, s)| match (s, self) {
                (
                    SignatureScheme::RsaPss { digest: a, .. },
                    SignatureScheme::RsaPss { digest: b, .. },
                ) => *a == b,
                (s, other) => *s == other,
            })
            .map(|(c, _)| c)
    }

    /// A scheme from its family name (`rsa-pkcs1v15`, `rsa-pss`, `ecdsa`, `ed25519`), a digest
    /// name and, for PSS, a salt length in bytes (default the digest length, RFC 4055 §3.1
    /// practice). Ed25519 fixes its own digest (RFC 8419 §3.1), so `digest` is ignored for it.
    pub fn from_parts(
        kind: &str,
        digest: &str,
        salt_len: Option<usize>,
    ) -> Result<Self, NameError> {
        if kind == "ed25519" {
            return Ok(SignatureScheme::Ed25519);
        }
        let digest = DigestAlgorithm::from_signing_name(digest)?;
        Ok(match kind {
            "rsa-pkcs1v15" => SignatureScheme::RsaPkcs1v15 { digest },
            "rsa-pss" => SignatureScheme::RsaPss {
                digest,
                salt_len: salt_len.unwrap_or(digest.output_len()),
            },
            "ecdsa" => SignatureScheme::Ecdsa { digest },
            _ => {
                return Err(NameError::UnknownScheme {
                    name: kind.to_owned(),
                });
            }
        })
    }

    /// The family name of this scheme (`rsa-pkcs1v15`, `rsa-pss`, `ecdsa`, `ed25519`, `dsa`):
    /// the report's `signature_scheme.scheme` value and [`Self::from_parts`]'s `kind`.
    pub fn kind_name(self) -> &'static str {
        match self {
            SignatureScheme::RsaPkcs1v15 { .. } => "rsa-pkcs1v15",
            SignatureScheme::RsaPss { .. } => "rsa-pss",
            SignatureScheme::Ecdsa { .. } => "ecdsa",
            SignatureScheme::Ed25519 => "ed25519",
            SignatureScheme::Dsa { .. } => "dsa",
        }
    }

    /// The family names [`Self::from_parts`] takes.
    pub fn kind_names() -> &'static [&'static str] {
        &SCHEME_KINDS
    }

    /// The scheme for a key of type `key` given the CLI's choices (`--digest`, `--pss`): RSA →
    /// PKCS#1 v1.5 (PSS with `pss`, salt the digest length), EC → ECDSA, Ed25519 → Ed25519
    /// (its digest is fixed, RFC 8419). Refused as the may-sign rule refuses
    /// ([`KeyType::check_signing_scheme`]): PSS for a key that is not RSA is
    /// [`CryptoError::SchemeKeyMismatch`].
    pub fn for_key(key: KeyType, digest: DigestAlgorithm, pss: bool) -> Result<Self, CryptoError> {
        let scheme = match key {
            KeyType::Rsa { .. } if pss => SignatureScheme::RsaPss {
                digest,
                salt_len: digest.output_len(),
            },
            KeyType::Rsa { .. } => SignatureScheme::RsaPkcs1v15 { digest },
            _ if pss => return Err(CryptoError::SchemeKeyMismatch),
            KeyType::EcP256 | KeyType::EcP384 | KeyType::EcP521 => {
                SignatureScheme::Ecdsa { digest }
            }
            other => other.default_scheme(),
        };
        key.check_signing_scheme(scheme)?;
        Ok(scheme)
    }
}

impl DigestAlgorithm {
    /// The digests kyso signs with (SHA-2 from 256 bits, SHA-3), in the CLI's order.
    pub fn signing_digests() -> &'static [DigestAlgorithm] {
        &SIGNING_DIGESTS
    }

    /// A digest to sign with, by [`Self::name`]: SHA-1 is [`NameError::Sha1Refused`],
    /// SHA-224 and unknown names [`NameError::UnknownDigest`].
    pub fn from_signing_name(name: &str) -> Result<Self, NameError> {
        match Self::from_name(name) {
            Some(DigestAlgorithm::Sha1) => Err(NameError::Sha1Refused),
            Some(d) if SIGNING_DIGESTS.contains(&d) => Ok(d),
            _ => Err(NameError::UnknownDigest {
                name: name.to_owned(),
            }),
        }
    }
}

/// What a signer is given to sign: the message, its digest, or the DER `DigestInfo` of the
/// digest (RFC 8017 §9.2). Tokens and remote services often sign digests (PKCS#11
/// `CKM_ECDSA`, `CKM_RSA_PKCS`); the C values are the `KYSO_SIGN_INPUT_*` constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignInput {
    /// The bytes to sign; the signer hashes them (`CKM_SHA256_RSA_PKCS`, WebCrypto, Ed25519).
    Message,
    /// Their digest with the scheme's hash (`CKM_ECDSA`, `CKM_RSA_PKCS_PSS`). Not Ed25519.
    Digest,
    /// The DER `DigestInfo` of that digest, for raw RSA PKCS#1 v1.5 (`CKM_RSA_PKCS`).
    DigestInfo,
}

/// Sign inputs by stable number (C `KYSO_SIGN_INPUT_*`) and name (JS).
const SIGN_INPUTS: [(u32, &str, SignInput); 3] = [
    (0, "message", SignInput::Message),
    (1, "digest", SignInput::Digest),
    (2, "digest-info", SignInput::DigestInfo),
];

impl SignInput {
    /// The input numbered `code` (C `KYSO_SIGN_INPUT_*`).
    pub fn from_code(code: u32) -> Option<Self> {
        SIGN_INPUTS
            .into_iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, _, i)| i)
    }

    /// The input called `name` (`message`, `digest`, `digest-info`).
    pub fn from_name(name: &str) -> Option<Self> {
        SIGN_INPUTS
            .into_iter()
            .find(|(_, n, _)| *n == name)
            .map(|(_, _, i)| i)
    }

    /// This input's stable number.
    pub fn code(self) -> u32 {
        SIGN_INPUTS
            .into_iter()
            .find(|(_, _, i)| *i == self)
            .map_or(0, |(c, _, _)| c)
    }

    /// This input's name.
    pub fn name(self) -> &'static str {
        SIGN_INPUTS
            .into_iter()
            .find(|(_, _, i)| *i == self)
            .map_or("message", |(_, n, _)| n)
    }

    /// Whether a signature under `scheme` can be made from this input: PureEdDSA signs the
    /// message itself (RFC 8032 §5.1.6), and only RSA PKCS#1 v1.5 signs a `DigestInfo`
    /// (RFC 8017 §8.2.1 step 1 builds it; PSS and ECDSA sign the bare hash).
    pub fn check(self, scheme: SignatureScheme) -> Result<(), CryptoError> {
        match (self, scheme) {
            (SignInput::Message, _)
            | (SignInput::DigestInfo, SignatureScheme::RsaPkcs1v15 { .. }) => Ok(()),
            (SignInput::Digest, s) if !matches!(s, SignatureScheme::Ed25519) => Ok(()),
            _ => Err(CryptoError::InputSchemeMismatch),
        }
    }
}

/// A name that is not in the tables above.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// Not a scheme (or scheme family) kyso signs with.
    UnknownScheme { name: String },
    /// Not a digest kyso signs with.
    UnknownDigest { name: String },
    /// SHA-1 was asked for signing (vietnam.md §3: verification of old signatures only).
    Sha1Refused,
}

impl NameError {
    /// A stable string code, as [`CryptoError::code`].
    pub fn code(&self) -> &'static str {
        self.message().code()
    }

    /// The catalogue sentence for this error, naming what is known.
    pub fn message(&self) -> crate::ErrorText {
        use crate::MessageId as M;
        let e = crate::ErrorText::new;
        match self {
            Self::UnknownScheme { name } => {
                let known: Vec<&str> = SignatureScheme::signing_schemes()
                    .map(SignatureScheme::name)
                    .chain(SCHEME_KINDS.iter().copied().filter(|k| *k != "ed25519"))
                    .collect();
                e(M::NameUnknownScheme)
                    .with("name", name.clone())
                    .with("known", known.join(", "))
            }
            Self::UnknownDigest { name } => {
                let known: Vec<&str> = SIGNING_DIGESTS.iter().map(|d| d.name()).collect();
                e(M::NameUnknownDigest)
                    .with("name", name.clone())
                    .with("known", known.join(", "))
            }
            Self::Sha1Refused => CryptoError::Sha1SigningRefused.message(),
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
    use crate::Lang;
    use crate::policy::KeyPurpose;

    /// The names each surface uses today: `wasm/js/api.js` scheme strings, the CLI's
    /// `--digest` values, C's `KYSO_SIG_*` numbers (1..=22), report names.
    const JS_SCHEME_NAMES: [&str; 22] = [
        "rsa-pkcs1v15-sha256",
        "rsa-pkcs1v15-sha384",
        "rsa-pkcs1v15-sha512",
        "rsa-pss-sha256",
        "rsa-pss-sha384",
        "rsa-pss-sha512",
        "ecdsa-sha256",
        "ecdsa-sha384",
        "ecdsa-sha512",
        "ed25519",
        "rsa-pkcs1v15-sha3-224",
        "rsa-pkcs1v15-sha3-256",
        "rsa-pkcs1v15-sha3-384",
        "rsa-pkcs1v15-sha3-512",
        "rsa-pss-sha3-224",
        "rsa-pss-sha3-256",
        "rsa-pss-sha3-384",
        "rsa-pss-sha3-512",
        "ecdsa-sha3-224",
        "ecdsa-sha3-256",
        "ecdsa-sha3-384",
        "ecdsa-sha3-512",
    ];

    #[test]
    fn every_scheme_name_and_number_parses_and_round_trips() {
        for (i, name) in JS_SCHEME_NAMES.iter().enumerate() {
            let code = u32::try_from(i).unwrap() + 1;
            let by_name = SignatureScheme::from_name(name).unwrap_or_else(|| panic!("{name}"));
            let by_code = SignatureScheme::from_signing_code(code).unwrap();
            assert_eq!(by_name, by_code, "{name} is C constant {code}");
            assert_eq!(by_name.name(), *name);
            assert_eq!(by_name.signing_code(), Some(code));
            // The `{kind, digest, saltLength}` form (JS objects, WASM `setScheme`).
            let (kind, digest) = (by_name.kind_name(), by_name.digest().name());
            assert!(SignatureScheme::kind_names().contains(&kind));
            assert_eq!(
                SignatureScheme::from_parts(kind, digest, None).unwrap(),
                by_name
            );
        }
        assert_eq!(SignatureScheme::signing_schemes().count(), 22);
        assert_eq!(SignatureScheme::from_signing_code(0), None);
        assert_eq!(SignatureScheme::from_signing_code(23), None);
        assert_eq!(SignatureScheme::from_name("rsa-pkcs1v15-sha1"), None);
        assert_eq!(SignatureScheme::from_name("dsa-sha256"), None);
        // PSS with another salt keeps its digest's number (C `kyso_signer_algorithm`).
        let salt20 = SignatureScheme::from_parts("rsa-pss", "sha256", Some(20)).unwrap();
        assert_eq!(
            salt20,
            SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 20
            }
        );
        assert_eq!(salt20.signing_code(), Some(4));
    }

    #[test]
    fn digest_names_of_the_cli_parse_and_sha1_is_refused_in_both_languages() {
        for name in [
            "sha256", "sha384", "sha512", "sha3-224", "sha3-256", "sha3-384", "sha3-512",
        ] {
            let d = DigestAlgorithm::from_signing_name(name).unwrap();
            assert_eq!(d.name(), name);
            assert!(DigestAlgorithm::signing_digests().contains(&d));
        }
        let sha1 = DigestAlgorithm::from_signing_name("sha1").unwrap_err();
        assert_eq!(sha1, NameError::Sha1Refused);
        assert_eq!(
            sha1.message().render(Lang::Vi),
            "Không ký bằng SHA-1: thuật toán này không còn an toàn"
        );
        assert_eq!(
            sha1.message().render(Lang::En),
            "Signing with SHA-1 is refused: the algorithm is no longer safe"
        );
        let md5 = DigestAlgorithm::from_signing_name("md5").unwrap_err();
        assert_eq!(md5.code(), "name.unknown-digest");
        assert!(
            md5.message()
                .render(Lang::Vi)
                .starts_with("Không ký được bằng hàm băm 'md5' (có: sha256, sha384")
        );
        assert!(
            md5.message()
                .render(Lang::En)
                .starts_with("Cannot sign with the digest 'md5' (known: sha256, sha384")
        );
        let bad = SignatureScheme::from_parts("rsa", "sha256", None).unwrap_err();
        assert_eq!(bad.code(), "name.unknown-scheme");
        assert!(
            bad.message().render(Lang::En).starts_with(
                "There is no signature scheme named 'rsa' (known: rsa-pkcs1v15-sha256"
            )
        );
        assert!(
            bad.message()
                .render(Lang::Vi)
                .starts_with("Không có thuật toán ký tên 'rsa' (có: rsa-pkcs1v15-sha256")
        );
    }

    #[test]
    fn sign_inputs_and_purposes_by_name_and_number() {
        for (code, name) in [(0, "message"), (1, "digest"), (2, "digest-info")] {
            let i = SignInput::from_code(code).unwrap();
            assert_eq!(SignInput::from_name(name), Some(i));
            assert_eq!((i.code(), i.name()), (code, name));
        }
        assert_eq!(SignInput::from_code(3), None);
        let v15 = SignatureScheme::from_name("rsa-pkcs1v15-sha256").unwrap();
        let pss = SignatureScheme::from_name("rsa-pss-sha256").unwrap();
        assert!(SignInput::DigestInfo.check(v15).is_ok());
        assert_eq!(
            SignInput::DigestInfo.check(pss),
            Err(CryptoError::InputSchemeMismatch)
        );
        assert_eq!(
            SignInput::Digest.check(SignatureScheme::Ed25519),
            Err(CryptoError::InputSchemeMismatch)
        );
        assert!(SignInput::Message.check(SignatureScheme::Ed25519).is_ok());
        let text = CryptoError::InputSchemeMismatch.message();
        assert!(
            text.render(Lang::Vi)
                .starts_with("Thuật toán ký này không ký được")
        );
        assert!(
            text.render(Lang::En)
                .starts_with("This signature algorithm cannot sign")
        );

        // The CLI's `email` and WASM's `email-protection` name one purpose.
        for n in KeyPurpose::all_names() {
            let purpose = KeyPurpose::from_name(n).unwrap();
            assert_eq!(KeyPurpose::from_name(purpose.name()), Some(purpose));
        }
        assert_eq!(
            KeyPurpose::from_name("email"),
            Some(KeyPurpose::EmailProtection)
        );
        assert_eq!(KeyPurpose::EmailProtection.name(), "email-protection");
        assert_eq!(KeyPurpose::from_name("e-mail"), None);
    }

    #[test]
    fn may_sign_rule_refuses_an_rsa_scheme_for_a_p256_key_in_both_languages() {
        let v15 = SignatureScheme::from_name("rsa-pkcs1v15-sha256").unwrap();
        let err = KeyType::EcP256.check_signing_scheme(v15).unwrap_err();
        assert_eq!(err, CryptoError::SchemeKeyMismatch);
        assert_eq!(err.code(), "crypto.scheme-key-mismatch");
        assert_eq!(
            err.message().render(Lang::Vi),
            "Thuật toán ký không phù hợp với loại khóa"
        );
        assert_eq!(
            err.message().render(Lang::En),
            "The signature algorithm does not fit the key"
        );
        // The CLI's `--pss` on an EC key is the same refusal.
        assert_eq!(
            SignatureScheme::for_key(KeyType::EcP256, DigestAlgorithm::Sha256, true),
            Err(CryptoError::SchemeKeyMismatch)
        );
        // Each key family signs with its own schemes, and only those.
        let rsa = KeyType::Rsa { bits: 2048 };
        for s in SignatureScheme::signing_schemes() {
            let fits = |k: KeyType| k.check_signing_scheme(s).is_ok();
            match s {
                SignatureScheme::RsaPkcs1v15 { .. } | SignatureScheme::RsaPss { .. } => {
                    assert!(fits(rsa) && !fits(KeyType::EcP256) && !fits(KeyType::Ed25519));
                }
                SignatureScheme::Ecdsa { .. } => {
                    assert!(fits(KeyType::EcP384) && !fits(rsa) && !fits(KeyType::Ed25519));
                }
                _ => assert!(fits(KeyType::Ed25519) && !fits(rsa) && !fits(KeyType::EcP521)),
            }
        }
        // SHA-1, DSA and a PSS salt larger than the modulus allows (RFC 8017 §9.1.1 step 3).
        let sha1 = SignatureScheme::Ecdsa {
            digest: DigestAlgorithm::Sha1,
        };
        assert_eq!(
            KeyType::EcP256.check_signing_scheme(sha1),
            Err(CryptoError::Sha1SigningRefused)
        );
        let dsa = KeyType::Dsa { bits: 2048 };
        assert!(matches!(
            dsa.check_signing_scheme(dsa.default_scheme()),
            Err(CryptoError::UnsupportedAlgorithm { .. })
        ));
        let big_salt = SignatureScheme::RsaPss {
            digest: DigestAlgorithm::Sha512,
            salt_len: 200,
        };
        assert!(matches!(
            KeyType::Rsa { bits: 1024 }.check_signing_scheme(big_salt),
            Err(CryptoError::InvalidParameters { .. })
        ));
        assert_eq!(
            SignatureScheme::for_key(rsa, DigestAlgorithm::Sha384, true),
            Ok(SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha384,
                salt_len: 48
            })
        );
        assert_eq!(
            SignatureScheme::for_key(KeyType::Ed25519, DigestAlgorithm::Sha256, false),
            Ok(SignatureScheme::Ed25519)
        );
    }
}
