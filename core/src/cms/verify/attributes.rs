//! Signed attributes (RFC 5652 §5.3, §11; CAdES-B-B, ETSI EN 319 122-1 §5.2): content-type,
//! message-digest, signing-time, ESS signing-certificate(-v2) (RFC 5035) and
//! CMSAlgorithmProtection (RFC 6211).

use der::asn1::ObjectIdentifier;
use der::{Decode, Tagged};
use spki::AlgorithmIdentifierOwned;

use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::i18n::MessageId;
use crate::oid;
use crate::policy::ValidationPolicy;
use crate::report::{CheckStatus, Finding, Severity, SubIndication};
use crate::time::DateTime;

use super::super::parse::{self, ParsedSignerInfo, RawAttribute, Tlv};
use super::content::{Content, DigestOutcome};
use super::verdict::{Acc, err};
use super::{Ctx, Role, Signed};

/// The attributes' presence and the content-type attribute (RFC 5652 §5.3, §11.1).
pub(super) fn check_structure(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    si: &ParsedSignerInfo<'_>,
    role: Role,
) {
    // --- Signed attributes: structure (RFC 5652 §5.3, §11).
    if let Some(sa) = &si.signed_attrs {
        check_content_type(ctx, acc, sa.all(&oid::ID_CONTENT_TYPE), role);
    } else {
        acc.find(Finding::new(
            MessageId::UnprotectedSignedAttributes,
            Severity::Info,
        ));
        // RFC 5652 §5.3: signedAttrs MUST be present when the content type is not id-data, or
        // no signature covers eContentType and it could be changed at will. A counter-signer's
        // content is the signature value (§11.4), which has no type to bind.
        if role == Role::Signer && ctx.econtent_type != oid::ID_DATA {
            acc.failed(
                "content-type",
                SubIndication::FormatFailure,
                err(MessageId::MissingSignedAttribute).with("attribute", "content-type"),
            );
        } else {
            acc.check("content-type", CheckStatus::NotApplicable);
        }
    }
}

/// Cryptographic verification, first part (EN 319 102-1 §5.2.7): the message-digest attribute
/// against the content (RFC 5652 §5.4, §11.2), and CMSAlgorithmProtection (RFC 6211).
pub(super) fn check_content_binding(
    acc: &mut Acc,
    signed: &Signed<'_, '_>,
    content: &mut Content<'_>,
    crypto: &dyn CryptoProvider,
) {
    // --- CV: message digest (RFC 5652 §5.4, §11.2), then signature (§5.6).
    if let Some(sa) = &signed.si.signed_attrs {
        check_message_digest(
            acc,
            sa.all(&oid::ID_MESSAGE_DIGEST),
            signed.digest,
            content,
            crypto,
        );
        check_algorithm_protection(acc, sa.all(&oid::ID_AA_CMS_ALGORITHM_PROTECTION), signed.si);
    } else {
        acc.check("message-digest", CheckStatus::NotApplicable);
    }
}

/// The claimed signing time (signed signing-time only), the warnings about an unsigned one or
/// one in the future.
pub(super) fn check_signing_times(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    si: &ParsedSignerInfo<'_>,
) -> Option<DateTime> {
    // --- SAV: signing-time (RFC 5652 §11.3), a signature-constraint after the cryptographic
    // ones (EN 319 102-1 §5.2.8).
    let claimed_signing_time = match &si.signed_attrs {
        Some(sa) => check_signing_time(acc, sa.all(&oid::ID_SIGNING_TIME), &ctx.opts.policy),
        None => {
            if ctx.opts.policy.require_signing_time {
                acc.undecided(
                    "signing-time",
                    SubIndication::SigConstraintsFailure,
                    err(MessageId::NoSigningTime),
                );
            }
            None
        }
    };

    // RFC 5652 §11.3: "The signing-time attribute MUST be a signed attribute", and ETSI
    // EN 319 102-1 §5.2.8 takes the claimed signing time from the signed attributes only. An
    // unsigned one is not protected by the signature, so anyone could have put it there: it is
    // never the claimed signing time (`claimed_signing_time` above reads the signed attributes
    // only) and never the validation time. It does not make the signature itself invalid —
    // the signature still verifies over what the signer did sign, and the unsigned attributes
    // are outside it (§5.3) — so the indication stays what the signed content decides and the
    // reader is warned.
    if si
        .unsigned_attrs
        .iter()
        .any(|a| a.oid == oid::ID_SIGNING_TIME)
    {
        acc.find(Finding::new(
            MessageId::SigningTimeUnsigned,
            Severity::Warning,
        ));
    }

    // A claimed signing time after the verifier's clock cannot be true; it is never used as
    // the validation time (see `path::validation_time`) and the reader is told why.
    if let Some(t) = claimed_signing_time
        && crate::path::is_after_now(&t, &ctx.opts.now, &ctx.opts.policy)
    {
        acc.find(
            Finding::new(MessageId::SigningTimeInFuture, Severity::Warning)
                .with("time", crate::time::vietnam_iso8601(&t)),
        );
    }
    claimed_signing_time
}

/// The single value of an attribute that must occur at most once with exactly one value
/// (RFC 5652 §5.3: content-type, message-digest, signing-time "MUST NOT" have multiple
/// instances; §11.1–§11.3 "MUST have a single attribute value").
fn single<'v, 'a>(attrs: &[&'v RawAttribute<'a>]) -> Result<Option<&'v Tlv<'a>>, ()> {
    match attrs {
        [] => Ok(None),
        [a] => match a.values.as_slice() {
            [v] => Ok(Some(v)),
            _ => Err(()),
        },
        _ => Err(()),
    }
}

fn attr_malformed(acc: &mut Acc, check: &str, attribute: &str) {
    acc.failed(
        check,
        SubIndication::FormatFailure,
        err(MessageId::AttributeMalformed).with("attribute", attribute),
    );
}

/// RFC 5652 §11.1: with signed attributes, content-type MUST be present and equal eContentType
/// (§5.6 "MUST match"); a counter-signature MUST NOT have one (§11.4).
fn check_content_type(ctx: &Ctx<'_, '_>, acc: &mut Acc, attrs: Vec<&RawAttribute<'_>>, role: Role) {
    if role == Role::CounterSigner {
        if attrs.is_empty() {
            acc.check("content-type", CheckStatus::NotApplicable);
        } else {
            acc.failed(
                "content-type",
                SubIndication::FormatFailure,
                err(MessageId::CounterSignatureContentType),
            );
        }
        return;
    }
    match single(&attrs) {
        Err(()) => attr_malformed(acc, "content-type", "content-type"),
        Ok(None) => acc.failed(
            "content-type",
            SubIndication::FormatFailure,
            err(MessageId::MissingSignedAttribute).with("attribute", "content-type"),
        ),
        Ok(Some(v)) => match ObjectIdentifier::from_der(v.raw) {
            Ok(o) if o == ctx.econtent_type => acc.check("content-type", CheckStatus::Passed),
            Ok(o) => acc.failed(
                "content-type",
                SubIndication::FormatFailure,
                err(MessageId::ContentTypeMismatch)
                    .with("attribute", o.to_string())
                    .with("econtent", ctx.econtent_type.to_string()),
            ),
            Err(_) => attr_malformed(acc, "content-type", "content-type"),
        },
    }
}

/// RFC 5652 §11.3 signing-time: optional, single-valued, UTCTime or GeneralizedTime.
fn check_signing_time(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    policy: &ValidationPolicy,
) -> Option<DateTime> {
    match single(&attrs) {
        Err(()) => {
            attr_malformed(acc, "signing-time", "signing-time");
            None
        }
        Ok(None) => {
            if policy.require_signing_time {
                acc.undecided(
                    "signing-time",
                    SubIndication::SigConstraintsFailure,
                    err(MessageId::NoSigningTime),
                );
            } else {
                acc.check("signing-time", CheckStatus::NotApplicable);
            }
            None
        }
        Ok(Some(v)) => match x509_cert::time::Time::from_der(v.raw) {
            Ok(t) => {
                acc.check("signing-time", CheckStatus::Passed);
                Some(t.to_date_time())
            }
            Err(_) => {
                attr_malformed(acc, "signing-time", "signing-time");
                None
            }
        },
    }
}

/// RFC 5652 §11.2: message-digest MUST be present with signed attributes and equal the digest
/// of the content. Mismatch is TOTAL-FAILED HASH_FAILURE (EN 319 102-1 §5.2.7.4).
fn check_message_digest(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    digest: Option<DigestAlgorithm>,
    content: &mut Content<'_>,
    crypto: &dyn CryptoProvider,
) {
    let v = match single(&attrs) {
        Err(()) => return attr_malformed(acc, "message-digest", "message-digest"),
        Ok(None) => {
            return acc.failed(
                "message-digest",
                SubIndication::FormatFailure,
                err(MessageId::MissingSignedAttribute).with("attribute", "message-digest"),
            );
        }
        Ok(Some(v)) => v,
    };
    let Ok(claimed) = der::asn1::OctetString::from_der(v.raw) else {
        return attr_malformed(acc, "message-digest", "message-digest");
    };
    let Some(alg) = digest else {
        return acc.check("message-digest", CheckStatus::Indeterminate);
    };
    match content.digest(alg, crypto) {
        DigestOutcome::Digest(d) if d.as_slice() == claimed.as_bytes() => {
            acc.check("message-digest", CheckStatus::Passed)
        }
        DigestOutcome::Digest(_) => acc.failed(
            "message-digest",
            SubIndication::HashFailure,
            err(MessageId::MessageDigestMismatch),
        ),
        DigestOutcome::NoContent => acc.undecided(
            "message-digest",
            SubIndication::SignedDataNotFound,
            err(MessageId::CmsNoContent),
        ),
        DigestOutcome::NotSupplied => acc.undecided(
            "message-digest",
            SubIndication::SignedDataNotFound,
            err(MessageId::DigestNotSupplied).with("alg", alg.name()),
        ),
    }
}

/// ESS signing-certificate (RFC 2634 §5.4, SHA-1) and signing-certificate-v2 (RFC 5035 §3):
/// the first ESSCertID names the signing certificate by hash (and optionally issuer/serial).
///
/// A mismatch is TOTAL-FAILED FORMAT_FAILURE: EN 319 102-1 §5.2.3.4 (ISC) fails the
/// signature when the signed reference does not match the certificate used, and the EU DSS
/// reference implementation of that block reports a certificate-digest mismatch as
/// INVALID/FORMAT_FAILURE (`DigestValueMatchCheck`). kyso treats an issuerSerial that
/// contradicts a matching hash the same way (the signed attribute is self-contradictory).
pub(super) fn check_signing_certificate(
    acc: &mut Acc,
    sa: &parse::SignedAttrs<'_>,
    cert: &Certificate,
    crypto: &dyn CryptoProvider,
) {
    let v2 = sa.all(&oid::ID_AA_SIGNING_CERTIFICATE_V2);
    let v1 = sa.all(&oid::ID_AA_SIGNING_CERTIFICATE);
    if v1.is_empty() && v2.is_empty() {
        acc.check("signing-certificate", CheckStatus::NotApplicable);
        return;
    }
    let mut ok = true;
    for (attrs, name, is_v2) in [
        (v2, "signing-certificate-v2", true),
        (v1, "signing-certificate", false),
    ] {
        if attrs.is_empty() {
            continue;
        }
        let Ok(Some(v)) = single(&attrs) else {
            attr_malformed(acc, "signing-certificate", name);
            ok = false;
            continue;
        };
        let first = if is_v2 {
            super::super::attr::SigningCertificateV2::from_der(v.raw)
                .ok()
                .and_then(|s| s.certs.into_iter().next())
                .map(|id| (Some(id.hash_algorithm()), id.cert_hash, id.issuer_serial))
        } else {
            super::super::attr::SigningCertificate::from_der(v.raw)
                .ok()
                .and_then(|s| s.certs.into_iter().next())
                .map(|id| (None, id.cert_hash, id.issuer_serial))
        };
        let Some((hash_alg, cert_hash, issuer_serial)) = first else {
            attr_malformed(acc, "signing-certificate", name);
            ok = false;
            continue;
        };
        let alg = match &hash_alg {
            None => Some(DigestAlgorithm::Sha1),
            Some(ai) => DigestAlgorithm::from_oid(&ai.oid),
        };
        let Some(alg) = alg else {
            acc.undecided(
                "signing-certificate",
                SubIndication::CryptoConstraintsFailure,
                err(MessageId::UnsupportedAlgorithm).with(
                    "alg",
                    hash_alg
                        .as_ref()
                        .map(super::algorithms::alg_name)
                        .unwrap_or_default(),
                ),
            );
            ok = false;
            continue;
        };
        if crypto.digest(alg, cert.der()) != cert_hash.as_bytes() {
            acc.failed(
                "signing-certificate",
                SubIndication::FormatFailure,
                err(MessageId::SigningCertificateMismatch),
            );
            ok = false;
            continue;
        }
        if let Some(is) = issuer_serial
            && !is.matches(cert)
        {
            acc.failed(
                "signing-certificate",
                SubIndication::FormatFailure,
                err(MessageId::SigningCertificateIssuerSerialMismatch),
            );
            ok = false;
        }
    }
    if ok {
        acc.check("signing-certificate", CheckStatus::Passed);
    }
}

/// RFC 6211 §3: CMSAlgorithmProtection's digestAlgorithm and signatureAlgorithm must equal the
/// SignerInfo's, else "the signature validation MUST fail" (TOTAL-FAILED SIG_CRYPTO_FAILURE:
/// the signature is not a valid one under the algorithms the signer declared). Absent and NULL
/// parameters compare equal (RFC 4055 §2.1 and RFC 5754 §2 allow both for SHA-2).
fn check_algorithm_protection(
    acc: &mut Acc,
    attrs: Vec<&RawAttribute<'_>>,
    si: &ParsedSignerInfo<'_>,
) {
    let v = match single(&attrs) {
        Err(()) => return attr_malformed(acc, "algorithm-protection", "cms-algorithm-protection"),
        Ok(None) => return acc.check("algorithm-protection", CheckStatus::NotApplicable),
        Ok(Some(v)) => v,
    };
    let Ok(ap) = super::super::attr::CmsAlgorithmProtection::from_der(v.raw) else {
        return attr_malformed(acc, "algorithm-protection", "cms-algorithm-protection");
    };
    let sig_ok = ap
        .signature_algorithm
        .as_ref()
        .is_some_and(|s| same_algorithm(s, &si.signature_algorithm));
    if same_algorithm(&ap.digest_algorithm, &si.digest_algorithm)
        && sig_ok
        && ap.mac_algorithm.is_none()
    {
        acc.check("algorithm-protection", CheckStatus::Passed);
    } else {
        acc.failed(
            "algorithm-protection",
            SubIndication::SigCryptoFailure,
            err(MessageId::AlgorithmProtectionMismatch),
        );
    }
}

pub(super) fn same_algorithm(a: &AlgorithmIdentifierOwned, b: &AlgorithmIdentifierOwned) -> bool {
    let norm = |p: &Option<der::Any>| p.as_ref().filter(|p| p.tag() != der::Tag::Null).cloned();
    a.oid == b.oid && norm(&a.parameters) == norm(&b.parameters)
}
