//! The signer's algorithms: the message-digest algorithm (RFC 5652 §5.3 digestAlgorithm), the
//! signature scheme (signatureAlgorithm, RFC 3370 / RFC 5754 / RFC 8419), and what the policy
//! says about them (EN 319 102-1 §5.2.8 cryptographic constraints).

use spki::AlgorithmIdentifierOwned;

use crate::crypto::algid::{SignatureAlgorithmAsDigest, needs_digest_hint};
use crate::crypto::{CryptoError, DigestAlgorithm, SignatureScheme};
use crate::i18n::MessageId;
use crate::policy::AlgorithmVerdict;
use crate::report::{CheckStatus, Finding, Severity, SubIndication};

use super::super::parse::{self, ParsedSignerInfo};
use super::verdict::{Acc, err};

/// The digest algorithm and the signature scheme of `si`, each `None` (with the reason in
/// `acc`) when kyso cannot name it.
pub(super) fn identify(
    acc: &mut Acc,
    si: &ParsedSignerInfo<'_>,
) -> (Option<DigestAlgorithm>, Option<SignatureScheme>) {
    let digest = signer_digest(acc, &si.digest_algorithm);
    let scheme = match SignatureScheme::from_algorithm_identifier(&si.signature_algorithm, digest) {
        Ok(s) => Some(s),
        // A bare key algorithm (rsaEncryption, …) takes its hash from digestAlgorithm, whose
        // problem `signer_digest` has already reported: naming the key algorithm "unsupported"
        // too would point the reader at the wrong field.
        Err(CryptoError::InvalidParameters { .. })
            if digest.is_none() && needs_digest_hint(&si.signature_algorithm.oid) =>
        {
            None
        }
        Err(CryptoError::InvalidParameters { .. }) if digest.is_some() => {
            acc.failed(
                "format",
                SubIndication::FormatFailure,
                err(MessageId::InvalidAlgorithmParameters)
                    .with("alg", alg_name(&si.signature_algorithm)),
            );
            None
        }
        Err(_) => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm).with("alg", alg_name(&si.signature_algorithm)),
            );
            None
        }
    };
    (digest, scheme)
}

pub(super) fn alg_name(ai: &AlgorithmIdentifierOwned) -> String {
    match parse::oid_name(&ai.oid) {
        Some(n) => format!("{n} ({})", ai.oid),
        None => ai.oid.to_string(),
    }
}

/// The SignerInfo's message-digest algorithm (RFC 5652 §5.3 digestAlgorithm), reporting what
/// it cannot be.
///
/// Some producers write the *signature* algorithm there (sha256WithRSAEncryption where sha256
/// belongs, issue 9). RFC 5652 §5.3 says the field "identifies the message digest algorithm",
/// so this is a producer bug — but when the signature algorithm names its hash, the intended
/// digest is unambiguous, and OpenSSL and Go accept such signatures. kyso does too, with a
/// warning naming the OID found; the indication is whatever the remaining checks give (the
/// message digest and the signature are still checked with that hash, so nothing unverified
/// passes). A key algorithm that names no hash (rsaEncryption) leaves the digest unknown:
/// INDETERMINATE, with a sentence saying exactly that.
fn signer_digest(acc: &mut Acc, ai: &AlgorithmIdentifierOwned) -> Option<DigestAlgorithm> {
    if let Some(d) = DigestAlgorithm::from_oid(&ai.oid) {
        return Some(d);
    }
    match SignatureAlgorithmAsDigest::of(ai) {
        Some(SignatureAlgorithmAsDigest::Hashed(d)) => {
            acc.find(
                Finding::new(
                    MessageId::DigestAlgorithmIsSignatureAlgorithm,
                    Severity::Warning,
                )
                .with("alg", alg_name(ai))
                .with("digest", d.name()),
            );
            Some(d)
        }
        Some(SignatureAlgorithmAsDigest::Unhashed) => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::DigestAlgorithmWithoutHash).with("alg", alg_name(ai)),
            );
            None
        }
        None => {
            acc.undecided(
                "algorithm-policy",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm).with("alg", alg_name(ai)),
            );
            None
        }
    }
}

pub(super) fn apply_algorithm_verdict(acc: &mut Acc, v: AlgorithmVerdict, name: &str) {
    match v {
        AlgorithmVerdict::Accepted => acc.check("algorithm-policy", CheckStatus::Passed),
        AlgorithmVerdict::AcceptedWeak => {
            acc.check("algorithm-policy", CheckStatus::Passed);
            acc.find(Finding::new(MessageId::WeakAlgorithm, Severity::Warning).with("alg", name));
        }
        AlgorithmVerdict::KeyTooSmall { bits, min } => acc.undecided(
            "algorithm-policy",
            SubIndication::CryptoConstraintsFailure,
            err(MessageId::KeyTooSmall)
                .with("bits", bits.to_string())
                .with("min", min.to_string()),
        ),
        _ => acc.undecided(
            "algorithm-policy",
            SubIndication::CryptoConstraintsFailure,
            err(MessageId::AlgorithmNotAllowed).with("alg", name),
        ),
    }
}
