//! The signature scheme of a certificate's signatureAlgorithm.
//!
//! TEMPORARY: until the crypto module's `SignatureScheme::from_algorithm_identifier`
//! (crypto/algid.rs) lands, a minimal mapping of the common OIDs lives here (no RSASSA-PSS).
//! Once it lands this file only delegates.

use spki::AlgorithmIdentifierOwned;

use crate::crypto::{CryptoError, DigestAlgorithm, SignatureScheme};

pub(crate) fn scheme(alg: &AlgorithmIdentifierOwned) -> Result<SignatureScheme, CryptoError> {
    use DigestAlgorithm::*;
    let o = alg.oid.to_string();
    Ok(match o.as_str() {
        // RFC 3279 §2.2.1, RFC 4055 §5
        "1.2.840.113549.1.1.5" => SignatureScheme::RsaPkcs1v15 { digest: Sha1 },
        "1.2.840.113549.1.1.11" => SignatureScheme::RsaPkcs1v15 { digest: Sha256 },
        "1.2.840.113549.1.1.12" => SignatureScheme::RsaPkcs1v15 { digest: Sha384 },
        "1.2.840.113549.1.1.13" => SignatureScheme::RsaPkcs1v15 { digest: Sha512 },
        // RFC 5758 §3.2
        "1.2.840.10045.4.1" => SignatureScheme::Ecdsa { digest: Sha1 },
        "1.2.840.10045.4.3.2" => SignatureScheme::Ecdsa { digest: Sha256 },
        "1.2.840.10045.4.3.3" => SignatureScheme::Ecdsa { digest: Sha384 },
        "1.2.840.10045.4.3.4" => SignatureScheme::Ecdsa { digest: Sha512 },
        // RFC 8410 §3
        "1.3.101.112" => SignatureScheme::Ed25519,
        _ => return Err(CryptoError::UnsupportedAlgorithm { oid: o }),
    })
}
