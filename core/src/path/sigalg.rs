//! The signature scheme of a certificate's signatureAlgorithm (RFC 5280 §4.1.1.2), through the
//! crypto module's AlgorithmIdentifier mapping. Certificates carry no separate digest, so no
//! hint is given.

use spki::AlgorithmIdentifierOwned;

use crate::crypto::{CryptoError, SignatureScheme};

pub(crate) fn scheme(alg: &AlgorithmIdentifierOwned) -> Result<SignatureScheme, CryptoError> {
    SignatureScheme::from_algorithm_identifier(alg, None)
}
