//! Identification of the signing certificate (ISC, ETSI EN 319 102-1 §5.2.3): the certificates
//! the SignerIdentifier matches (RFC 5652 §5.3), the one whose key verifies when several do,
//! and DSA domain parameters inherited from the issuer (RFC 3279 §2.3.2).

use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, SignatureScheme};
use crate::i18n::MessageId;
use crate::oid;
use crate::report::{CheckStatus, SubIndication};

use super::content::Content;
use super::verdict::{Acc, err};
use super::{Ctx, Signed};

/// The signer's certificate among the message's and the caller's, and the ESS
/// signing-certificate binding to it (RFC 5035).
pub(super) fn find<'p>(
    ctx: &Ctx<'p, '_>,
    acc: &mut Acc,
    signed: &Signed<'_, '_>,
    content: &Content<'_>,
) -> Option<&'p Certificate> {
    let crypto = ctx.opts.crypto;
    // --- ISC: find the signer's certificate (EN 319 102-1 §5.2.3).
    let candidates: Vec<&Certificate> = ctx
        .pool
        .iter()
        .filter(|c| signed.si.sid.matches(c))
        .collect();
    let cert = pick_candidate(
        &candidates,
        signed.scheme,
        signed.message.or(content.bytes()),
        &signed.si.signature,
        crypto,
    );
    match cert {
        Some(_) => acc.check("signer-certificate", CheckStatus::Passed),
        None => acc.undecided(
            "signer-certificate",
            SubIndication::NoSigningCertificateFound,
            err(MessageId::SignerCertNotFound),
        ),
    }
    if let (Some(sa), Some(cert)) = (&signed.si.signed_attrs, cert) {
        super::attributes::check_signing_certificate(acc, sa, cert, crypto);
    }
    cert
}

/// RFC 3279 §2.3.2: "If the DSA algorithm parameters are absent from the subjectPublicKeyInfo
/// AlgorithmIdentifier and the CA signed the subject certificate using DSA, then the
/// certificate issuer's DSA parameters apply to the subject's DSA key." (RFC 4134 §4.6's second
/// signer, Diane, relies on it.) Returns the key with the issuer's parameters filled in, or
/// `None` when nothing is inherited.
pub(super) fn inherit_dsa_parameters(
    cert: &Certificate,
    pool: &[Certificate],
) -> Option<spki::SubjectPublicKeyInfoOwned> {
    let mut current = cert;
    let spki = cert.public_key_info();
    if spki.algorithm.oid != oid::DSA || spki.algorithm.parameters.is_some() {
        return None;
    }
    // Walk up at most a few issuers (parameters may themselves be inherited).
    for _ in 0..4 {
        if ![
            oid::DSA_SHA1,
            oid::DSA_SHA224,
            oid::DSA_SHA256,
            oid::DSA_SHA384,
            oid::DSA_SHA512,
        ]
        .contains(&current.x509().signature_algorithm().oid)
        {
            return None;
        }
        let issuer = pool.iter().find(|c| {
            crate::name::names_match(c.subject_name(), current.issuer_name()) && *c != current
        })?;
        let ik = issuer.public_key_info();
        if ik.algorithm.oid != oid::DSA {
            return None;
        }
        if let Some(params) = &ik.algorithm.parameters {
            let mut out = spki.clone();
            out.algorithm.parameters = Some(params.clone());
            return Some(out);
        }
        current = issuer;
    }
    None
}

/// Among certificates matching the sid, the one whose key verifies the signature; else the
/// first. Several can match when a message carries two certificates with the same issuer and
/// serial (a mis-issuing CA, or an attacker's substitute): the key decides, never the order.
fn pick_candidate<'c>(
    candidates: &[&'c Certificate],
    scheme: Option<SignatureScheme>,
    message: Option<&[u8]>,
    signature: &[u8],
    crypto: &dyn CryptoProvider,
) -> Option<&'c Certificate> {
    if candidates.len() > 1
        && let (Some(scheme), Some(m)) = (scheme, message)
    {
        for c in candidates.iter().take(16) {
            if crypto
                .verify(scheme, c.public_key_info(), m, signature)
                .is_ok()
            {
                return Some(c);
            }
        }
    }
    candidates.first().copied()
}
