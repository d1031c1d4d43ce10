//! Signature time-stamps (id-aa-signatureTimeStampToken, RFC 3161 Appendix A; ETSI EN 319
//! 122-1 §5.3, CAdES B-T): each token time-stamps the signer's signature value and is verified
//! as a token of its own (`crate::tsp`). There may be several (shared/brief/pdf-ltv-login.md
//! T12): all are verified and the earliest that passed is the signature's proof of existence
//! (ETSI EN 319 102-1, past signature validation), the time its chain is validated at under the policies that
//! validate at the signing time.
//!
//! Archive time-stamps (archive-time-stamp-v3, ETSI EN 319 122-1 §5.5.3, CAdES B-LTA) are
//! verified here too, over the input `crate::cms::archive` rebuilds from the token's hash
//! index; one that passed is a proof of existence of the signature like the others (and,
//! being later, decides the validation time only when nothing earlier passed).

use crate::i18n::MessageId;
use crate::oid;
use crate::report::{Finding, Severity, SubIndication};
use crate::time::DateTime;
use crate::tsp::{Expectation, Imprinted, TimestampKind, TimestampReport, verify_token};

use super::Ctx;
use super::content::Content;
#[cfg(feature = "cades-archive")]
use super::content::DigestOutcome;
use super::verdict::Acc;
#[cfg(feature = "cades-archive")]
use crate::cms::archive::{ArchiveInputError, imprinted_for_verification};
use crate::report::SubIndication as Sub;

/// Every signature and archive time-stamp of `si` (archive ones only for the signer at
/// position `archived` of the SignedData, whose signed content is `content`), and the
/// earliest genTime among those that passed.
pub(super) fn verify_all(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    si: &super::ParsedSignerInfo<'_>,
    claimed_signing_time: Option<DateTime>,
    archived: Option<usize>,
    content: &mut Content<'_>,
) -> (Vec<TimestampReport>, Option<DateTime>) {
    // A TSA's own SignerInfo is not itself time-stamped: tokens are not searched for tokens
    // (and hostile nesting cannot recurse through them).
    if ctx.opts.purpose == crate::policy::KeyPurpose::TimeStamping {
        return (Vec::new(), None);
    }
    let mut reports = Vec::new();
    let mut earliest: Option<DateTime> = None;
    let kinds = [
        (TimestampKind::Signature, oid::ID_AA_TIMESTAMP_TOKEN),
        (TimestampKind::Archive, oid::ID_AA_ETS_ARCHIVE_TIMESTAMP_V3),
    ];
    'kinds: for (kind, attribute) in kinds {
        let tokens = si
            .unsigned_attrs
            .iter()
            .filter(|a| a.oid == attribute)
            .flat_map(|a| a.values.iter());
        for (index, token) in tokens.enumerate() {
            if reports.len() >= ctx.opts.limits.max_signers {
                acc.find(Finding::new(
                    MessageId::CmsTooManySignatures,
                    Severity::Error,
                ));
                break 'kinds;
            }
            let rebuilt;
            let data = match (kind, archived) {
                (TimestampKind::Archive, Some(signer_index)) => {
                    rebuilt = archive_input(ctx, signer_index, token.raw, content);
                    match &rebuilt {
                        Ok(bytes) => Imprinted::Bytes(bytes),
                        Err((id, sub)) => Imprinted::Unavailable(*id, *sub),
                    }
                }
                // Archive time-stamps on counter-signatures are not read: not CAdES.
                (TimestampKind::Archive, None) => continue,
                _ => Imprinted::Bytes(&si.signature),
            };
            let report = verify_token(
                token.raw,
                kind,
                &Expectation::of(data),
                ctx.opts,
                Some(ctx.message_evidence),
                ctx.pool,
            );
            if report.passed() {
                if let Some(t) = report.gen_time {
                    earliest = Some(earliest.map_or(t, |e| e.min(t)));
                }
            } else {
                // A time-stamp that does not verify proves nothing; the signature itself is
                // judged without it (EN 319 102-1 validates each on its own), so this is
                // said, not folded.
                let id = match kind {
                    TimestampKind::Archive => MessageId::ArchiveTimestampFailed,
                    _ => MessageId::SignatureTimestampFailed,
                };
                acc.find(
                    Finding::new(id, Severity::Warning)
                        .with("index", index.saturating_add(1).to_string()),
                );
            }
            reports.push(report);
        }
    }
    // EN 319 102-1 TIMESTAMP_ORDER_FAILURE (time-stamp coherence): the signer cannot have signed after the
    // time-stamp over its signature existed; a claimed signing time later than the proof of
    // existence (beyond the policy's clock skew) is contradictory.
    if let (Some(poe), Some(claimed)) = (earliest, claimed_signing_time)
        && crate::path::is_after_now(&claimed, &poe, &ctx.opts.policy)
    {
        acc.undecided(
            "timestamp-order",
            SubIndication::TimestampOrderFailure,
            Finding::new(MessageId::SigningTimeAfterTimestamp, Severity::Error)
                .with("claimed", crate::time::rfc3339(&claimed))
                .with("time", crate::time::rfc3339(&poe)),
        );
    }
    (reports, earliest)
}

/// What the archive time-stamp `token` on signer `signer_index` must have imprinted
/// (§5.5.3), or why it cannot be rebuilt.
#[cfg(feature = "cades-archive")]
fn archive_input(
    ctx: &Ctx<'_, '_>,
    signer_index: usize,
    token: &[u8],
    content: &mut Content<'_>,
) -> Result<Vec<u8>, (MessageId, Sub)> {
    let crypto = ctx.opts.crypto;
    let mut content_hash = |alg| match content.digest(alg, crypto) {
        DigestOutcome::Digest(d) => Some(d),
        DigestOutcome::NoContent | DigestOutcome::NotSupplied => None,
    };
    match imprinted_for_verification(
        ctx.signed_data,
        signer_index,
        token,
        &mut content_hash,
        crypto,
    ) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err((MessageId::CmsNoContent, Sub::SignedDataNotFound)),
        Err(ArchiveInputError::NoHashIndex) => {
            Err((MessageId::ArchiveTimestampNoHashIndex, Sub::FormatFailure))
        }
        Err(ArchiveInputError::DataMissing) => {
            Err((MessageId::ArchiveTimestampDataMissing, Sub::HashFailure))
        }
        Err(ArchiveInputError::UnknownAlgorithm) => Err((
            MessageId::ArchiveTimestampNoHashIndex,
            Sub::CryptoConstraintsFailure,
        )),
    }
}

/// Without feature `cades-archive` archive time-stamps are not checked: undecided, said.
#[cfg(not(feature = "cades-archive"))]
fn archive_input(
    _: &Ctx<'_, '_>,
    _: usize,
    _: &[u8],
    _: &mut Content<'_>,
) -> Result<Vec<u8>, (MessageId, Sub)> {
    Err((MessageId::ArchiveTimestampNotInThisBuild, Sub::GenericError))
}
