//! Signature checks shared by CRLs and OCSP: scheme from the AlgorithmIdentifier, algorithm
//! policy on the signer's key, then the provider's verify over the original signed bytes.

use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, SignatureScheme};
use crate::policy::{AlgorithmVerdict, ValidationPolicy};

/// Why a signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SigProblem {
    /// The algorithm is unknown to kyso or refused by the policy (name or OID for display).
    AlgorithmRefused { alg: String },
    /// The signature does not verify with this key.
    Bad,
}

/// Verify `signature` over `message` with `spki` under `alg`, after the algorithm policy
/// (SHA-1 gate, RSA size) has accepted the scheme and key.
pub(crate) fn verify(
    crypto: &dyn CryptoProvider,
    policy: &ValidationPolicy,
    spki: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SigProblem> {
    let scheme = SignatureScheme::from_algorithm_identifier(alg, None).map_err(|_| {
        SigProblem::AlgorithmRefused {
            alg: alg.oid.to_string(),
        }
    })?;
    let key = crypto.key_type(spki).map_err(|_| SigProblem::Bad)?;
    match policy.algorithms.check(scheme, key) {
        AlgorithmVerdict::Accepted | AlgorithmVerdict::AcceptedWeak => {}
        _ => {
            return Err(SigProblem::AlgorithmRefused {
                alg: scheme.name().to_owned(),
            });
        }
    }
    crypto
        .verify(scheme, spki, message, signature)
        .map_err(|_| SigProblem::Bad)
}

/// Verify that `issuer`'s key signed `cert`.
pub(crate) fn verify_certificate(
    crypto: &dyn CryptoProvider,
    policy: &ValidationPolicy,
    cert: &Certificate,
    issuer: &Certificate,
) -> Result<(), SigProblem> {
    let sig = cert.x509().signature().as_bytes().ok_or(SigProblem::Bad)?;
    verify(
        crypto,
        policy,
        issuer.public_key_info(),
        cert.x509().signature_algorithm(),
        cert.tbs_der(),
        sig,
    )
}
