//! Cryptographic verification of the signature value (RFC 5652 §5.6; EN 319 102-1 §5.2.7), then
//! the algorithm policy on the key actually used (§5.2.8).

use crate::cert::Certificate;
use crate::crypto::{CryptoError, KeyType};
use crate::i18n::MessageId;
use crate::report::{CheckStatus, SubIndication};

use super::content::{Content, Source};
use super::verdict::{Acc, err};
use super::{Ctx, Signed};

/// The signature value over the signed attributes (or the content itself, §5.4), and the key's
/// type for the report.
pub(super) fn check(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    signed: &Signed<'_, '_>,
    cert: Option<&Certificate>,
    content: &Content<'_>,
) -> Option<KeyType> {
    let crypto = ctx.opts.crypto;
    let mut key_type = None;
    match (cert, signed.scheme) {
        (Some(cert), Some(scheme)) => {
            let inherited = super::signer_lookup::inherit_dsa_parameters(cert, ctx.pool);
            let spki = inherited.as_ref().unwrap_or(cert.public_key_info());
            // The key is read once: an unreadable key (e.g. an RSA modulus encoded as a
            // negative INTEGER, which RFC 8017 §A.1.1 and RFC 3279 §2.3.1 make a positive
            // one) is one finding, not one per check that needs the key.
            let key = crypto.key_type(spki);
            // Without signed attributes the signature covers the content itself (§5.4).
            let signed_bytes: Option<&[u8]> = match signed.message {
                Some(m) => Some(m),
                None => content.bytes(),
            };
            match signed_bytes {
                Some(_) if matches!(key, Err(CryptoError::InvalidPublicKey)) => acc.undecided(
                    "signature",
                    SubIndication::CryptoConstraintsFailure,
                    err(MessageId::InvalidPublicKey),
                ),
                None => {
                    let f = match content.source {
                        Source::Digests(_) => err(MessageId::ContentNeeded),
                        _ => err(MessageId::CmsNoContent),
                    };
                    acc.undecided("signature", SubIndication::SignedDataNotFound, f);
                }
                Some(m) => match crypto.verify(scheme, spki, m, &signed.si.signature) {
                    Ok(()) => acc.check("signature", CheckStatus::Passed),
                    Err(CryptoError::UnsupportedAlgorithm { oid }) => acc.undecided(
                        "signature",
                        SubIndication::CryptoConstraintsFailure,
                        err(MessageId::UnsupportedAlgorithm).with("alg", oid),
                    ),
                    Err(CryptoError::InvalidPublicKey) => acc.undecided(
                        "signature",
                        SubIndication::CryptoConstraintsFailure,
                        err(MessageId::InvalidPublicKey),
                    ),
                    Err(_) => acc.failed(
                        "signature",
                        SubIndication::SigCryptoFailure,
                        err(MessageId::SignatureInvalid),
                    ),
                },
            }
            // --- SAV: algorithm policy (EN 319 102-1 §5.2.8, cryptographic constraints).
            match key {
                Ok(kt) => {
                    key_type = Some(kt);
                    let v = ctx.opts.policy.algorithms.check(scheme, kt);
                    let d = signed
                        .digest
                        .map(|d| ctx.opts.policy.algorithms.check_digest(Some(d)));
                    super::algorithms::apply_algorithm_verdict(acc, v, scheme.name());
                    // The message-digest algorithm too, when the scheme hashes with another one.
                    if let (Some(d), Some(dv)) = (signed.digest, d)
                        && d != scheme.digest()
                    {
                        super::algorithms::apply_algorithm_verdict(acc, dv, d.name());
                    }
                }
                // Already said by the signature check.
                Err(CryptoError::InvalidPublicKey) if signed_bytes.is_some() => {
                    acc.check("algorithm-policy", CheckStatus::Indeterminate)
                }
                Err(_) => acc.undecided(
                    "algorithm-policy",
                    SubIndication::CryptoConstraintsFailure,
                    err(MessageId::InvalidPublicKey),
                ),
            }
        }
        (None, Some(_)) => acc.check("signature", CheckStatus::Indeterminate),
        (_, None) => acc.check("signature", CheckStatus::Indeterminate),
    }
    key_type
}
