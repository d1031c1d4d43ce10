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
use super::content::{Content, DigestOutcome};
use super::verdict::Acc;
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
    let tokens = si
        .unsigned_attrs
        .iter()
        .filter(|a| a.oid == oid::ID_AA_TIMESTAMP_TOKEN)
        .flat_map(|a| a.values.iter());
    for (index, token) in tokens.enumerate() {
        if index >= ctx.opts.limits.max_signers {
            acc.find(Finding::new(
                MessageId::CmsTooManySignatures,
                Severity::Error,
            ));
            break;
        }
        let report = verify_token(
            token.raw,
            TimestampKind::Signature,
            &Expectation::of(Imprinted::Bytes(&si.signature)),
            ctx.opts,
            Some(ctx.message_evidence),
            ctx.pool,
        );
        if report.passed() {
            if let Some(t) = report.gen_time {
                earliest = Some(earliest.map_or(t, |e| e.min(t)));
            }
        } else {
            // A time-stamp that does not verify proves nothing; the signature itself is judged
            // without it (EN 319 102-1 validates each on its own), so this is said, not folded.
            acc.find(
                Finding::new(MessageId::SignatureTimestampFailed, Severity::Warning)
                    .with("index", index.saturating_add(1).to_string()),
            );
        }
        reports.push(report);
    }
    if let Some(signer_index) = archived {
        verify_archive(
            ctx,
            acc,
            si,
            signer_index,
            content,
            &mut reports,
            &mut earliest,
        );
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

/// The archive-time-stamp-v3 attributes of signer `signer_index` (§5.5.3), each token
/// checked against the input rebuilt from its own hash index.
fn verify_archive(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    si: &super::ParsedSignerInfo<'_>,
    signer_index: usize,
    content: &mut Content<'_>,
    reports: &mut Vec<TimestampReport>,
    earliest: &mut Option<DateTime>,
) {
    let tokens = si
        .unsigned_attrs
        .iter()
        .filter(|a| a.oid == oid::ID_AA_ETS_ARCHIVE_TIMESTAMP_V3)
        .flat_map(|a| a.values.iter());
    for (index, token) in tokens.enumerate() {
        if index >= ctx.opts.limits.max_signers {
            acc.find(Finding::new(
                MessageId::CmsTooManySignatures,
                Severity::Error,
            ));
            break;
        }
        let crypto = ctx.opts.crypto;
        let mut content_hash = |alg| match content.digest(alg, crypto) {
            DigestOutcome::Digest(d) => Some(d),
            DigestOutcome::NoContent | DigestOutcome::NotSupplied => None,
        };
        let rebuilt = imprinted_for_verification(
            ctx.signed_data,
            signer_index,
            token.raw,
            &mut content_hash,
            crypto,
        );
        let data = match &rebuilt {
            Ok(Some(bytes)) => Imprinted::Bytes(bytes),
            Ok(None) => Imprinted::Unavailable(
                MessageId::ArchiveTimestampNoContent,
                Sub::SignedDataNotFound,
            ),
            Err(ArchiveInputError::NoHashIndex) => {
                Imprinted::Unavailable(MessageId::ArchiveTimestampNoHashIndex, Sub::FormatFailure)
            }
            Err(ArchiveInputError::DataMissing) => {
                Imprinted::Unavailable(MessageId::ArchiveTimestampDataMissing, Sub::HashFailure)
            }
            Err(ArchiveInputError::UnknownAlgorithm) => Imprinted::Unavailable(
                MessageId::ArchiveTimestampAlgorithm,
                Sub::CryptoConstraintsFailure,
            ),
        };
        let report = verify_token(
            token.raw,
            TimestampKind::Archive,
            &Expectation::of(data),
            ctx.opts,
            Some(ctx.message_evidence),
            ctx.pool,
        );
        if report.passed() {
            if let Some(t) = report.gen_time {
                *earliest = Some(earliest.map_or(t, |e| e.min(t)));
            }
        } else {
            acc.find(
                Finding::new(MessageId::ArchiveTimestampFailed, Severity::Warning)
                    .with("index", index.saturating_add(1).to_string()),
            );
        }
        reports.push(report);
    }
}
