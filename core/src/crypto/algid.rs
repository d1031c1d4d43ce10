//! AlgorithmIdentifier ⇄ [`DigestAlgorithm`] / [`SignatureScheme`] (RFC 4055, 5754, 5758, 8410).
//! TODO(crypto helper): implement.
use super::*;

/// DER `DigestInfo` (RFC 8017 §9.2) for `digest` computed with `alg`: what an RSA v1.5 token
/// or remote signing service signs.
pub fn digest_info(alg: DigestAlgorithm, digest: &[u8]) -> Vec<u8> {
    let _ = (alg, digest);
    Vec::new()
}
