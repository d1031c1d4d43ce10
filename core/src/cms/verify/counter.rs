//! Counter-signatures (RFC 5652 §11.4): each signs its parent's signature value and is
//! verified as a signer of its own, bounded in depth and in number per message.

use crate::i18n::MessageId;
use crate::oid;
use crate::report::{Finding, Indication, Severity, SignerReport};

use super::super::parse::{Tlv, parse_signer_info};
use super::content::{Content, Source};
use super::verdict::{Acc, err};
use super::{CmsError, Ctx};

/// Every counter-signature of `si`; a failed one is reported on the parent, not folded into its
/// indication (EN 319 102-1 validates each signature on its own).
pub(super) fn verify_all(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    si: &super::ParsedSignerInfo<'_>,
    depth: usize,
) -> Vec<SignerReport> {
    // --- Counter-signatures (RFC 5652 §11.4): each signs this signer's signature value.
    let mut counter_signatures = Vec::new();
    let counter_values: Vec<&Tlv<'_>> = si
        .unsigned_attrs
        .iter()
        .filter(|a| a.oid == oid::ID_COUNTERSIGNATURE)
        .flat_map(|a| a.values.iter())
        .collect();
    if !counter_values.is_empty() && depth >= ctx.opts.limits.max_counter_signature_depth {
        acc.find(Finding::new(
            MessageId::CmsCounterSignaturesTooDeep,
            Severity::Error,
        ));
    } else {
        for (ci, v) in counter_values.into_iter().enumerate() {
            let left = ctx.counter_signatures_left.get();
            if left == 0 {
                acc.find(Finding::new(
                    MessageId::CmsTooManySignatures,
                    Severity::Error,
                ));
                break;
            }
            ctx.counter_signatures_left.set(left.saturating_sub(1));
            let cs = match parse_signer_info(v, &ctx.opts.limits) {
                Ok(csi) => {
                    let mut parent = Content {
                        source: Source::Bytes(&si.signature),
                        cache: Vec::new(),
                    };
                    super::verify_signer(
                        ctx,
                        ci,
                        &csi,
                        &mut parent,
                        super::Role::CounterSigner,
                        depth.saturating_add(1),
                    )
                }
                Err(e) => super::malformed_signer(ci, &CmsError::from(e)),
            };
            if cs.indication != Indication::TotalPassed {
                // A counter-signature vouches for this signature; its failure does not change
                // whether this signature itself is valid (EN 319 102-1 validates each
                // signature on its own), so it is reported, not folded.
                acc.find(counter_signature_finding(ci.saturating_add(1), &cs));
            }
            counter_signatures.push(cs);
        }
    }
    counter_signatures
}

/// The parent signer's finding for a counter-signature that did not pass, numbered as the
/// report numbers it (from 1), saying which RFC 5652 §11.4 requirement failed: the signature
/// value, the message-digest over the countersigned signature value, a required attribute, or a
/// content-type attribute §11.4 forbids. Other failures keep the general sentence; the
/// counter-signature's own findings give the detail.
fn counter_signature_finding(number: usize, cs: &SignerReport) -> Finding {
    let failed = cs.indication == Indication::TotalFailed;
    let reason = cs.findings.iter().find_map(|f| match f.code {
        MessageId::MessageDigestMismatch if failed => {
            Some(err(MessageId::CounterSignatureDigestMismatch))
        }
        MessageId::SignatureInvalid if failed => {
            Some(err(MessageId::CounterSignatureSignatureInvalid))
        }
        MessageId::CounterSignatureContentType if failed => {
            Some(err(MessageId::CounterSignatureHasContentType))
        }
        MessageId::MissingSignedAttribute if failed => {
            let attribute = f
                .params
                .iter()
                .find(|(k, _)| k == "attribute")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            Some(err(MessageId::CounterSignatureMissingAttribute).with("attribute", attribute))
        }
        MessageId::SignerCertNotFound if !failed => {
            Some(err(MessageId::CounterSignatureSignerNotFound))
        }
        _ => None,
    });
    let generic = if failed {
        MessageId::CounterSignatureInvalid
    } else {
        MessageId::CounterSignatureIndeterminate
    };
    let f = reason.unwrap_or_else(|| err(generic));
    Finding {
        severity: Severity::Warning,
        ..f
    }
    .with("index", number.to_string())
}
