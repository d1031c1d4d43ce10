//! AlgorithmIdentifier ⇄ [`DigestAlgorithm`] / [`SignatureScheme`] (RFC 3279, 4055, 5754,
//! 5758, 8410), and the PKCS #1 `DigestInfo` (RFC 8017 §9.2).
//!
//! Input is read tolerantly where the RFCs themselves ask for it (SHA-2 parameters absent *or*
//! NULL, RFC 5754 §2; `rsaEncryption` as a signature algorithm with the digest taken from the
//! SignerInfo, RFC 5754 §3.2) and strictly elsewhere (PSS parameters, RFC 4055 §3.1). Output is
//! always the canonical form.

use der::asn1::{Null, ObjectIdentifier as Oid, OctetStringRef};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;

use super::{CryptoError, DigestAlgorithm, SignatureScheme};
use crate::oid;

/// Largest PSS salt accepted in parameters: far above anything real (the salt cannot exceed
/// the modulus length), small enough that no arithmetic on it can overflow.
const MAX_PSS_SALT: u32 = 1024;

/// `RSASSA-PSS-params` (RFC 4055 §3.1):
/// ```text
/// RSASSA-PSS-params  ::=  SEQUENCE  {
///     hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
///     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
///     saltLength         [2] INTEGER DEFAULT 20,
///     trailerField       [3] INTEGER DEFAULT 1  }
/// ```
/// Written here rather than taken from `pkcs1::RsaPssParams`, which limits the salt to `u8`,
/// decodes a trailer other than 1 as a DER error instead of a parameter error, and writes the
/// hash parameters as NULL where RFC 5754 §2 says absent.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct PssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    hash: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    salt_len: Option<u32>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    trailer: Option<u32>,
}

/// `DigestInfo` (RFC 8017 §9.2 step 2):
/// ```text
/// DigestInfo ::= SEQUENCE {
///     digestAlgorithm AlgorithmIdentifier,
///     digest OCTET STRING }
/// ```
#[derive(Sequence)]
struct DigestInfo<'a> {
    algorithm: AlgorithmIdentifierOwned,
    digest: &'a OctetStringRef,
}

/// Whether `params` are absent or an ASN.1 NULL: both mean "no parameters" (RFC 5754 §2 for
/// SHA-2; RFC 4055 §5 for sha*WithRSAEncryption, whose NULL some encoders omit).
fn absent_or_null(params: Option<&Any>) -> bool {
    match params {
        None => true,
        Some(any) => any.is_null(),
    }
}

impl DigestAlgorithm {
    /// The algorithm's object identifier (RFC 3279 §2.2.1, RFC 5754 §2).
    pub fn oid(self) -> Oid {
        match self {
            Self::Sha1 => oid::SHA1,
            Self::Sha224 => oid::SHA224,
            Self::Sha256 => oid::SHA256,
            Self::Sha384 => oid::SHA384,
            Self::Sha512 => oid::SHA512,
            Self::Sha3_224 => oid::SHA3_224,
            Self::Sha3_256 => oid::SHA3_256,
            Self::Sha3_384 => oid::SHA3_384,
            Self::Sha3_512 => oid::SHA3_512,
        }
    }

    /// The digest for an OID, if kyso implements it.
    pub fn from_oid(oid: &Oid) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.oid() == *oid)
    }

    /// The AlgorithmIdentifier with parameters absent, as RFC 5754 §2 says implementations MUST
    /// generate (and RFC 3370 §2.1 says for SHA-1 in CMS; the NIST CSOR and RFC 8702 §2 for
    /// the SHA-3 family).
    pub fn algorithm_identifier(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned {
            oid: self.oid(),
            parameters: None,
        }
    }

    /// Parse a digest AlgorithmIdentifier, accepting parameters absent or NULL (RFC 5754 §2:
    /// "implementations MUST accept SHA2 AlgorithmIdentifiers with absent parameters as well
    /// as NULL parameters").
    pub fn from_algorithm_identifier(alg: &AlgorithmIdentifierOwned) -> Result<Self, CryptoError> {
        let digest = Self::from_oid(&alg.oid).ok_or_else(|| CryptoError::UnsupportedAlgorithm {
            oid: alg.oid.to_string(),
        })?;
        if !absent_or_null(alg.parameters.as_ref()) {
            return Err(CryptoError::InvalidParameters {
                oid: alg.oid.to_string(),
            });
        }
        Ok(digest)
    }
}

/// What a CMS `digestAlgorithm` field holds when it names a signature or public-key algorithm
/// instead of a digest (RFC 5652 §5.3: "digestAlgorithm identifies the message digest
/// algorithm") — a known producer bug (see `cms::verify`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignatureAlgorithmAsDigest {
    /// A signature algorithm that names its hash (`sha256WithRSAEncryption`,
    /// `ecdsa-with-SHA384`, `id-RSASSA-PSS` with parameters, …): the digest is that hash.
    Hashed(DigestAlgorithm),
    /// A key algorithm that names no hash (`rsaEncryption`, `id-ecPublicKey`, `id-dsa`,
    /// `id-Ed25519`): the digest cannot be known.
    Unhashed,
}

impl SignatureAlgorithmAsDigest {
    /// `None` when `alg` is neither a signature nor a key algorithm kyso knows (or is a
    /// signature algorithm with unusable parameters).
    pub(crate) fn of(alg: &AlgorithmIdentifierOwned) -> Option<Self> {
        if needs_digest_hint(&alg.oid) || alg.oid == oid::ED25519 {
            return Some(Self::Unhashed);
        }
        SignatureScheme::from_algorithm_identifier(alg, None)
            .ok()
            .map(|s| Self::Hashed(s.digest()))
    }
}

/// Whether `oid` is a bare key algorithm that CMS admits as a signatureAlgorithm, its digest
/// taken from the SignerInfo's digestAlgorithm (RFC 5754 §3.2, RFC 3370 §3.1; see
/// [`SignatureScheme::from_algorithm_identifier`]).
pub(crate) fn needs_digest_hint(oid: &Oid) -> bool {
    matches!(*oid, oid::RSA_ENCRYPTION | oid::EC_PUBLIC_KEY | oid::DSA)
}

/// Signature algorithms that name their digest and take no parameters (absent or NULL): RFC
/// 4055 §5 and RFC 8017 (RSA), RFC 5758 §3.2 (ECDSA, DSA), RFC 8410 (Ed25519), the NIST CSOR
/// SHA-3 arcs, and OIW sha1WithRSASignature. A table, not `match` arms: see [`oid::lookup`].
const FIXED_SIGNATURE_SCHEMES: &[(Oid, SignatureScheme)] = {
    use DigestAlgorithm as D;
    use SignatureScheme::{Dsa, Ecdsa, RsaPkcs1v15};
    &[
        (oid::SHA1_WITH_RSA, RsaPkcs1v15 { digest: D::Sha1 }),
        (oid::SHA1_WITH_RSA_OIW, RsaPkcs1v15 { digest: D::Sha1 }),
        (oid::SHA224_WITH_RSA, RsaPkcs1v15 { digest: D::Sha224 }),
        (oid::SHA256_WITH_RSA, RsaPkcs1v15 { digest: D::Sha256 }),
        (oid::SHA384_WITH_RSA, RsaPkcs1v15 { digest: D::Sha384 }),
        (oid::SHA512_WITH_RSA, RsaPkcs1v15 { digest: D::Sha512 }),
        (
            oid::RSA_SHA3_224,
            RsaPkcs1v15 {
                digest: D::Sha3_224,
            },
        ),
        (
            oid::RSA_SHA3_256,
            RsaPkcs1v15 {
                digest: D::Sha3_256,
            },
        ),
        (
            oid::RSA_SHA3_384,
            RsaPkcs1v15 {
                digest: D::Sha3_384,
            },
        ),
        (
            oid::RSA_SHA3_512,
            RsaPkcs1v15 {
                digest: D::Sha3_512,
            },
        ),
        (oid::ECDSA_SHA1, Ecdsa { digest: D::Sha1 }),
        (oid::ECDSA_SHA224, Ecdsa { digest: D::Sha224 }),
        (oid::ECDSA_SHA256, Ecdsa { digest: D::Sha256 }),
        (oid::ECDSA_SHA384, Ecdsa { digest: D::Sha384 }),
        (oid::ECDSA_SHA512, Ecdsa { digest: D::Sha512 }),
        (
            oid::ECDSA_SHA3_224,
            Ecdsa {
                digest: D::Sha3_224,
            },
        ),
        (
            oid::ECDSA_SHA3_256,
            Ecdsa {
                digest: D::Sha3_256,
            },
        ),
        (
            oid::ECDSA_SHA3_384,
            Ecdsa {
                digest: D::Sha3_384,
            },
        ),
        (
            oid::ECDSA_SHA3_512,
            Ecdsa {
                digest: D::Sha3_512,
            },
        ),
        (oid::ED25519, SignatureScheme::Ed25519),
        (oid::DSA_SHA1, Dsa { digest: D::Sha1 }),
        (oid::DSA_SHA224, Dsa { digest: D::Sha224 }),
        (oid::DSA_SHA256, Dsa { digest: D::Sha256 }),
        (oid::DSA_SHA384, Dsa { digest: D::Sha384 }),
        (oid::DSA_SHA512, Dsa { digest: D::Sha512 }),
        (
            oid::DSA_SHA3_224,
            Dsa {
                digest: D::Sha3_224,
            },
        ),
        (
            oid::DSA_SHA3_256,
            Dsa {
                digest: D::Sha3_256,
            },
        ),
        (
            oid::DSA_SHA3_384,
            Dsa {
                digest: D::Sha3_384,
            },
        ),
        (
            oid::DSA_SHA3_512,
            Dsa {
                digest: D::Sha3_512,
            },
        ),
    ]
};

impl SignatureScheme {
    /// The digest the scheme hashes the message with. Ed25519 is PureEdDSA and hashes
    /// internally; for CMS its message digest is SHA-512 (RFC 8419 §3).
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            Self::RsaPkcs1v15 { digest }
            | Self::RsaPss { digest, .. }
            | Self::Ecdsa { digest }
            | Self::Dsa { digest } => digest,
            Self::Ed25519 => DigestAlgorithm::Sha512,
        }
    }

    /// Stable name for reports and the CLI (`rsa-pkcs1v15-sha256`, `ecdsa-sha3-384`, …): the
    /// family, a dash, the digest's [`DigestAlgorithm::name`].
    pub fn name(self) -> &'static str {
        /// `$prefix` followed by each digest's name, as a `&'static str`.
        macro_rules! with_digest {
            ($prefix:literal, $digest:expr) => {
                match $digest {
                    DigestAlgorithm::Sha1 => concat!($prefix, "sha1"),
                    DigestAlgorithm::Sha224 => concat!($prefix, "sha224"),
                    DigestAlgorithm::Sha256 => concat!($prefix, "sha256"),
                    DigestAlgorithm::Sha384 => concat!($prefix, "sha384"),
                    DigestAlgorithm::Sha512 => concat!($prefix, "sha512"),
                    DigestAlgorithm::Sha3_224 => concat!($prefix, "sha3-224"),
                    DigestAlgorithm::Sha3_256 => concat!($prefix, "sha3-256"),
                    DigestAlgorithm::Sha3_384 => concat!($prefix, "sha3-384"),
                    DigestAlgorithm::Sha3_512 => concat!($prefix, "sha3-512"),
                }
            };
        }
        match self {
            Self::RsaPkcs1v15 { digest } => with_digest!("rsa-pkcs1v15-", digest),
            Self::RsaPss { digest, .. } => with_digest!("rsa-pss-", digest),
            Self::Ecdsa { digest } => with_digest!("ecdsa-", digest),
            Self::Dsa { digest } => with_digest!("dsa-", digest),
            Self::Ed25519 => "ed25519",
        }
    }

    /// The signature AlgorithmIdentifier to write (in a SignerInfo, a certificate, a CRL).
    ///
    /// - RSA v1.5: `sha*WithRSAEncryption` with NULL parameters (RFC 4055 §5: "the parameters
    ///   MUST be present and MUST be NULL" — RFC 3279 §2.2.1 for SHA-1).
    /// - PSS: `id-RSASSA-PSS` with explicit RSASSA-PSS-params (RFC 4055 §3.1): hash and MGF1
    ///   hash identical, components equal to their DEFAULT omitted as DER requires.
    /// - RSA v1.5 with SHA-3: `id-rsassa-pkcs1-v1_5-with-sha3-*` (NIST CSOR), NULL parameters
    ///   like its SHA-2 siblings (what OpenSSL writes and reads).
    /// - ECDSA, DSA with SHA-2: parameters absent (RFC 5758 §3.1–3.2), likewise with SHA-3
    ///   (`id-ecdsa-with-sha3-*`, `id-dsa-with-sha3-*`, NIST CSOR); Ed25519: absent
    ///   (RFC 8410 §3).
    pub fn algorithm_identifier(self) -> AlgorithmIdentifierOwned {
        use DigestAlgorithm as D;
        let null = || Some(Any::from(Null));
        let (oid, parameters) = match self {
            Self::RsaPkcs1v15 { digest } => (
                match digest {
                    D::Sha1 => oid::SHA1_WITH_RSA,
                    D::Sha224 => oid::SHA224_WITH_RSA,
                    D::Sha256 => oid::SHA256_WITH_RSA,
                    D::Sha384 => oid::SHA384_WITH_RSA,
                    D::Sha512 => oid::SHA512_WITH_RSA,
                    D::Sha3_224 => oid::RSA_SHA3_224,
                    D::Sha3_256 => oid::RSA_SHA3_256,
                    D::Sha3_384 => oid::RSA_SHA3_384,
                    D::Sha3_512 => oid::RSA_SHA3_512,
                },
                null(),
            ),
            Self::RsaPss { digest, salt_len } => (oid::RSASSA_PSS, pss_params(digest, salt_len)),
            Self::Ecdsa { digest } => (
                match digest {
                    D::Sha1 => oid::ECDSA_SHA1,
                    D::Sha224 => oid::ECDSA_SHA224,
                    D::Sha256 => oid::ECDSA_SHA256,
                    D::Sha384 => oid::ECDSA_SHA384,
                    D::Sha512 => oid::ECDSA_SHA512,
                    D::Sha3_224 => oid::ECDSA_SHA3_224,
                    D::Sha3_256 => oid::ECDSA_SHA3_256,
                    D::Sha3_384 => oid::ECDSA_SHA3_384,
                    D::Sha3_512 => oid::ECDSA_SHA3_512,
                },
                None,
            ),
            Self::Dsa { digest } => (
                match digest {
                    D::Sha1 => oid::DSA_SHA1,
                    D::Sha224 => oid::DSA_SHA224,
                    D::Sha256 => oid::DSA_SHA256,
                    D::Sha384 => oid::DSA_SHA384,
                    D::Sha512 => oid::DSA_SHA512,
                    D::Sha3_224 => oid::DSA_SHA3_224,
                    D::Sha3_256 => oid::DSA_SHA3_256,
                    D::Sha3_384 => oid::DSA_SHA3_384,
                    D::Sha3_512 => oid::DSA_SHA3_512,
                },
                None,
            ),
            Self::Ed25519 => (oid::ED25519, None),
        };
        AlgorithmIdentifierOwned { oid, parameters }
    }

    /// The scheme a signature AlgorithmIdentifier names.
    ///
    /// `digest_hint` is the SignerInfo's `digestAlgorithm`: CMS allows a bare key algorithm
    /// (`rsaEncryption`, RFC 5754 §3.2 / RFC 3370 §3.2; likewise `id-dsa`, RFC 3370 §3.1, and
    /// `id-ecPublicKey`, written by some old toolkits) whose digest comes from there. Without a
    /// hint such identifiers are [`CryptoError::InvalidParameters`].
    pub fn from_algorithm_identifier(
        alg: &AlgorithmIdentifierOwned,
        digest_hint: Option<DigestAlgorithm>,
    ) -> Result<Self, CryptoError> {
        let oid = alg.oid;
        let params = alg.parameters.as_ref();
        let invalid = || CryptoError::InvalidParameters {
            oid: oid.to_string(),
        };
        let hinted = || digest_hint.ok_or_else(invalid);
        // Families whose parameters are absent (RFC 5758, 8410) or NULL (RFC 4055 §5). Some
        // encoders write NULL where absent is specified; both carry no information, so both
        // are accepted.
        let no_params = |scheme: Self| {
            if absent_or_null(params) {
                Ok(scheme)
            } else {
                Err(invalid())
            }
        };
        if let Some(scheme) = oid::lookup(FIXED_SIGNATURE_SCHEMES, &oid) {
            return no_params(scheme);
        }
        match oid {
            oid::RSA_ENCRYPTION => no_params(Self::RsaPkcs1v15 { digest: hinted()? }),
            oid::RSASSA_PSS => parse_pss(params).ok_or_else(invalid),
            // An id-ecPublicKey here may carry the curve as parameter; the curve comes from
            // the certificate's key anyway, so the parameters are not interpreted.
            oid::EC_PUBLIC_KEY => Ok(Self::Ecdsa { digest: hinted()? }),
            // id-dsa as a signature algorithm: the domain parameters, if any, belong to the key.
            oid::DSA => Ok(Self::Dsa { digest: hinted()? }),
            _ => Err(CryptoError::UnsupportedAlgorithm {
                oid: oid.to_string(),
            }),
        }
    }
}

/// Explicit RSASSA-PSS-params for `digest`, MGF1 over the same digest (RFC 4055 §3.1: "the
/// mask generation function ... SHOULD be the same hash function as the one used by the
/// signature"), trailer 1.
fn pss_params(digest: DigestAlgorithm, salt_len: usize) -> Option<Any> {
    let hash = digest.algorithm_identifier();
    let mgf_param = Any::encode_from(&hash).ok()?;
    let sha1_default = digest == DigestAlgorithm::Sha1;
    let salt = u32::try_from(salt_len).ok()?;
    // DER (X.690 §11.5): a component equal to its DEFAULT value is not encoded.
    let params = PssParams {
        hash: (!sha1_default).then(|| hash.clone()),
        mask_gen: (!sha1_default).then_some(AlgorithmIdentifierOwned {
            oid: oid::MGF1,
            parameters: Some(mgf_param),
        }),
        salt_len: (salt != 20).then_some(salt),
        trailer: None,
    };
    Any::encode_from(&params).ok()
}

/// Parse RSASSA-PSS-params (RFC 4055 §3.1). `None` for anything kyso refuses: absent
/// parameters (RFC 4055 §3.1 makes them mandatory in a signature AlgorithmIdentifier), an MGF
/// other than MGF1, an MGF1 hash different from the message hash, a trailer other than 1
/// (RFC 4055 §3.1: "the trailerField MUST be 1"), an unknown hash.
pub(crate) fn parse_pss(params: Option<&Any>) -> Option<SignatureScheme> {
    let params: PssParams = params?.decode_as().ok()?;
    let digest = match &params.hash {
        None => DigestAlgorithm::Sha1,
        Some(h) => DigestAlgorithm::from_algorithm_identifier(h).ok()?,
    };
    let mgf_digest = match &params.mask_gen {
        None => DigestAlgorithm::Sha1,
        Some(mgf) => {
            if mgf.oid != oid::MGF1 {
                return None;
            }
            let inner: AlgorithmIdentifierOwned = mgf.parameters.as_ref()?.decode_as().ok()?;
            DigestAlgorithm::from_algorithm_identifier(&inner).ok()?
        }
    };
    if mgf_digest != digest {
        return None;
    }
    if params.trailer.unwrap_or(1) != 1 {
        return None;
    }
    let salt = params.salt_len.unwrap_or(20);
    if salt > MAX_PSS_SALT {
        return None;
    }
    Some(SignatureScheme::RsaPss {
        digest,
        salt_len: usize::try_from(salt).ok()?,
    })
}

/// DER `DigestInfo` (RFC 8017 §9.2) for `digest` computed with `alg`: what an RSA v1.5 token
/// or remote signing service signs. The AlgorithmIdentifier carries NULL parameters, as in the
/// DER prefixes listed in RFC 8017 §9.2 Note 1 (which every RSA verifier compares against).
pub fn digest_info(alg: DigestAlgorithm, digest: &[u8]) -> Vec<u8> {
    let info = OctetStringRef::new(digest).map(|digest| DigestInfo {
        algorithm: AlgorithmIdentifierOwned {
            oid: alg.oid(),
            parameters: Some(Any::from(Null)),
        },
        digest,
    });
    // Encoding a SEQUENCE of an OID, a NULL and an octet string cannot fail for any digest
    // length below der's 256 MiB limit; an empty vector is returned rather than panicking.
    info.and_then(|i| i.to_der()).unwrap_or_default()
}

/// Decode an AlgorithmIdentifier from DER (helper for callers holding raw bytes).
#[allow(dead_code)]
pub(crate) fn algorithm_identifier_from_der(der: &[u8]) -> Option<AlgorithmIdentifierOwned> {
    AlgorithmIdentifierOwned::from_der(der).ok()
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
    use der::Decode;

    use crate::cert::from_hex as hex;

    #[test]
    fn digest_oids_round_trip() {
        for d in DigestAlgorithm::ALL {
            assert_eq!(DigestAlgorithm::from_oid(&d.oid()), Some(d));
            let ai = d.algorithm_identifier();
            assert!(ai.parameters.is_none());
            assert_eq!(DigestAlgorithm::from_algorithm_identifier(&ai), Ok(d));
            let with_null = AlgorithmIdentifierOwned {
                oid: d.oid(),
                parameters: Some(Any::from(Null)),
            };
            assert_eq!(
                DigestAlgorithm::from_algorithm_identifier(&with_null),
                Ok(d)
            );
        }
        // sha256 with absent params: 30 0b 06 09 60 86 48 01 65 03 04 02 01 (RFC 5754 §2).
        assert_eq!(
            DigestAlgorithm::Sha256
                .algorithm_identifier()
                .to_der()
                .unwrap(),
            hex("300b0609608648016503040201")
        );
        let md5 = AlgorithmIdentifierOwned {
            oid: Oid::new_unwrap("1.2.840.113549.2.5"),
            parameters: None,
        };
        assert!(DigestAlgorithm::from_algorithm_identifier(&md5).is_err());
    }

    #[test]
    fn digest_info_matches_rfc8017_prefix() {
        // RFC 8017 §9.2 Note 1: SHA-256 prefix.
        let d = [0u8; 32];
        let di = digest_info(DigestAlgorithm::Sha256, &d);
        let prefix = hex("3031300d060960864801650304020105000420");
        assert_eq!(&di[..prefix.len()], &prefix[..]);
        assert_eq!(di.len(), prefix.len() + 32);
        let sha1_prefix = hex("3021300906052b0e03021a05000414");
        assert_eq!(
            &digest_info(DigestAlgorithm::Sha1, &[0u8; 20])[..sha1_prefix.len()],
            &sha1_prefix[..]
        );
        let sha512_prefix = hex("3051300d060960864801650304020305000440");
        assert_eq!(
            &digest_info(DigestAlgorithm::Sha512, &[0u8; 64])[..sha512_prefix.len()],
            &sha512_prefix[..]
        );
    }

    fn all_schemes() -> Vec<SignatureScheme> {
        let mut v = Vec::new();
        for d in DigestAlgorithm::ALL {
            v.push(SignatureScheme::RsaPkcs1v15 { digest: d });
            v.push(SignatureScheme::RsaPss {
                digest: d,
                salt_len: d.output_len(),
            });
            v.push(SignatureScheme::RsaPss {
                digest: d,
                salt_len: 20,
            });
            v.push(SignatureScheme::Ecdsa { digest: d });
            v.push(SignatureScheme::Dsa { digest: d });
        }
        v.push(SignatureScheme::Ed25519);
        v
    }

    #[test]
    fn schemes_round_trip_through_der() {
        for s in all_schemes() {
            let der = s.algorithm_identifier().to_der().unwrap();
            let back = AlgorithmIdentifierOwned::from_der(&der).unwrap();
            assert_eq!(
                SignatureScheme::from_algorithm_identifier(&back, None),
                Ok(s),
                "{}",
                s.name()
            );
        }
    }

    #[test]
    fn known_encodings() {
        // sha256WithRSAEncryption, NULL params.
        let ai = SignatureScheme::RsaPkcs1v15 {
            digest: DigestAlgorithm::Sha256,
        }
        .algorithm_identifier();
        assert_eq!(ai.to_der().unwrap(), hex("300d06092a864886f70d01010b0500"));
        // ecdsa-with-SHA256, absent params (RFC 5758 §3.2).
        let ai = SignatureScheme::Ecdsa {
            digest: DigestAlgorithm::Sha256,
        }
        .algorithm_identifier();
        assert_eq!(ai.to_der().unwrap(), hex("300a06082a8648ce3d040302"));
        // Ed25519 (RFC 8410 §3 example: 30 05 06 03 2b 65 70).
        assert_eq!(
            SignatureScheme::Ed25519
                .algorithm_identifier()
                .to_der()
                .unwrap(),
            hex("300506032b6570")
        );
        // PSS SHA-256 salt 32 as written by `openssl req -sigopt rsa_padding_mode:pss`
        // (hash AlgorithmIdentifiers without parameters; trailer omitted).
        let openssl = hex(
            "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
        );
        let ai = AlgorithmIdentifierOwned::from_der(&openssl).unwrap();
        assert_eq!(
            SignatureScheme::from_algorithm_identifier(&ai, None),
            Ok(SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 32
            })
        );
    }

    #[test]
    fn sha224_and_sha3_identifiers() {
        // id-sha3-256 (2.16.840.1.101.3.4.2.8), parameters absent.
        assert_eq!(
            DigestAlgorithm::Sha3_256
                .algorithm_identifier()
                .to_der()
                .unwrap(),
            hex("300b0609608648016503040208")
        );
        // sha224 (RFC 5754 §2: 2.16.840.1.101.3.4.2.4).
        assert_eq!(
            DigestAlgorithm::Sha224.oid(),
            Oid::new_unwrap("2.16.840.1.101.3.4.2.4")
        );
        let cases = [
            // RFC 5754 §3.2 / RFC 4055 §5: sha224WithRSAEncryption.
            ("1.2.840.113549.1.1.14", "rsa-pkcs1v15-sha224"),
            // RFC 5758 §3.2: ecdsa-with-SHA224.
            ("1.2.840.10045.4.3.1", "ecdsa-sha224"),
            // RFC 5758 §3.1: id-dsa-with-sha224.
            ("2.16.840.1.101.3.4.3.1", "dsa-sha224"),
            // NIST CSOR sigAlgs (issue 9, defect 10).
            ("2.16.840.1.101.3.4.3.5", "dsa-sha3-224"),
            ("2.16.840.1.101.3.4.3.9", "ecdsa-sha3-224"),
            ("2.16.840.1.101.3.4.3.10", "ecdsa-sha3-256"),
            ("2.16.840.1.101.3.4.3.11", "ecdsa-sha3-384"),
            ("2.16.840.1.101.3.4.3.12", "ecdsa-sha3-512"),
            ("2.16.840.1.101.3.4.3.13", "rsa-pkcs1v15-sha3-224"),
            ("2.16.840.1.101.3.4.3.14", "rsa-pkcs1v15-sha3-256"),
            ("2.16.840.1.101.3.4.3.15", "rsa-pkcs1v15-sha3-384"),
            ("2.16.840.1.101.3.4.3.16", "rsa-pkcs1v15-sha3-512"),
        ];
        for (oid, name) in cases {
            let ai = AlgorithmIdentifierOwned {
                oid: Oid::new_unwrap(oid),
                parameters: None,
            };
            let s = SignatureScheme::from_algorithm_identifier(&ai, None).unwrap();
            assert_eq!(s.name(), name);
            assert_eq!(s.algorithm_identifier().oid, ai.oid, "{name}");
        }
        // RSA v1.5 with SHA3-256 is written with NULL parameters, like its SHA-2 siblings.
        let ai = SignatureScheme::RsaPkcs1v15 {
            digest: DigestAlgorithm::Sha3_256,
        }
        .algorithm_identifier();
        assert_eq!(ai.to_der().unwrap(), hex("300d060960864801650304030e0500"));
        // PSS with SHA3-256: hash and MGF1 hash id-sha3-256 (RFC 4055 §3.1 structure).
        let ai = SignatureScheme::RsaPss {
            digest: DigestAlgorithm::Sha3_256,
            salt_len: 32,
        }
        .algorithm_identifier();
        assert_eq!(
            ai.to_der().unwrap(),
            hex(
                "303d06092a864886f70d01010a3030a00d300b0609608648016503040208a11a301806092a864886f70d010108300b0609608648016503040208a203020120"
            )
        );
    }

    #[test]
    fn signature_algorithms_in_the_digest_field() {
        let ai = |oid: &str| AlgorithmIdentifierOwned {
            oid: Oid::new_unwrap(oid),
            parameters: Some(Any::from(Null)),
        };
        assert_eq!(
            SignatureAlgorithmAsDigest::of(&ai("1.2.840.113549.1.1.11")),
            Some(SignatureAlgorithmAsDigest::Hashed(DigestAlgorithm::Sha256))
        );
        assert_eq!(
            SignatureAlgorithmAsDigest::of(&AlgorithmIdentifierOwned {
                oid: oid::ECDSA_SHA3_384,
                parameters: None
            }),
            Some(SignatureAlgorithmAsDigest::Hashed(
                DigestAlgorithm::Sha3_384
            ))
        );
        assert_eq!(
            SignatureAlgorithmAsDigest::of(&ai("1.2.840.113549.1.1.1")),
            Some(SignatureAlgorithmAsDigest::Unhashed)
        );
        // md5WithRSAEncryption: not a signature algorithm kyso knows.
        assert_eq!(
            SignatureAlgorithmAsDigest::of(&ai("1.2.840.113549.1.1.4")),
            None
        );
    }

    #[test]
    fn pss_defaults_and_refusals() {
        let pss = |params: &str| AlgorithmIdentifierOwned {
            oid: oid::RSASSA_PSS,
            parameters: Some(Any::from_der(&hex(params)).unwrap()),
        };
        // Empty SEQUENCE: all defaults (SHA-1, MGF1-SHA-1, salt 20, trailer 1).
        assert_eq!(
            SignatureScheme::from_algorithm_identifier(&pss("3000"), None),
            Ok(SignatureScheme::RsaPss {
                digest: DigestAlgorithm::Sha1,
                salt_len: 20
            })
        );
        // Absent parameters are refused.
        let bare = AlgorithmIdentifierOwned {
            oid: oid::RSASSA_PSS,
            parameters: None,
        };
        assert!(matches!(
            SignatureScheme::from_algorithm_identifier(&bare, None),
            Err(CryptoError::InvalidParameters { .. })
        ));
        // hash SHA-256, MGF1 default (SHA-1): mismatch.
        assert!(
            SignatureScheme::from_algorithm_identifier(
                &pss("300fa00d300b0609608648016503040201"),
                None
            )
            .is_err()
        );
        // Trailer 2.
        assert!(SignatureScheme::from_algorithm_identifier(&pss("3005a303020102"), None).is_err());
        // Trailer 1 written explicitly: accepted.
        assert!(SignatureScheme::from_algorithm_identifier(&pss("3005a303020101"), None).is_ok());
        // MGF other than MGF1 (id-mgf2-ish OID 1.2.840.113549.1.1.9 here).
        assert!(
            SignatureScheme::from_algorithm_identifier(
                &pss("3011a10f300d06092a864886f70d0101093000"),
                None
            )
            .is_err()
        );
    }

    #[test]
    fn hints_and_unknowns() {
        let rsa = AlgorithmIdentifierOwned {
            oid: oid::RSA_ENCRYPTION,
            parameters: Some(Any::from(Null)),
        };
        assert_eq!(
            SignatureScheme::from_algorithm_identifier(&rsa, Some(DigestAlgorithm::Sha384)),
            Ok(SignatureScheme::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha384
            })
        );
        assert!(matches!(
            SignatureScheme::from_algorithm_identifier(&rsa, None),
            Err(CryptoError::InvalidParameters { .. })
        ));
        let md5rsa = AlgorithmIdentifierOwned {
            oid: Oid::new_unwrap("1.2.840.113549.1.1.4"),
            parameters: None,
        };
        assert_eq!(
            SignatureScheme::from_algorithm_identifier(&md5rsa, None),
            Err(CryptoError::UnsupportedAlgorithm {
                oid: "1.2.840.113549.1.1.4".into()
            })
        );
        // ECDSA with a non-NULL parameter is refused.
        let bad = AlgorithmIdentifierOwned {
            oid: oid::ECDSA_SHA256,
            parameters: Some(Any::from(oid::SECP256R1)),
        };
        assert!(SignatureScheme::from_algorithm_identifier(&bad, None).is_err());
        assert_eq!(SignatureScheme::Ed25519.digest(), DigestAlgorithm::Sha512);
    }
}
