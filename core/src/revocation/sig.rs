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

/// The public key of `path[j]` with DSA domain parameters inherited from the nearest DSA key
/// above it when its own are absent (RFC 3279 §2.3.2, RFC 5280 §6.1.4 (f)
/// working_public_key_parameters): a CRL signed by such a key verifies only with them
/// (NIST PKITS 4.1.5). Same rule as the path module's issuer key.
pub(crate) fn inherited_key(path: &[&Certificate], j: usize) -> Option<SubjectPublicKeyInfoOwned> {
    const DSA: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
    let cert = path.get(j)?;
    let mut spki = cert.public_key_info().clone();
    if spki.algorithm.oid == DSA
        && spki
            .algorithm
            .parameters
            .as_ref()
            .is_none_or(|p| p.is_null())
    {
        spki.algorithm.parameters = path
            .iter()
            .skip(j.saturating_add(1))
            .map(|c| c.public_key_info())
            .take_while(|s| s.algorithm.oid == DSA)
            .find_map(|s| s.algorithm.parameters.clone());
    }
    Some(spki)
}
