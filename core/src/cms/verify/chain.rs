//! The signer's certificate chain (X.509 certificate validation, EN 319 102-1 §5.2.6) through
//! the [`ChainValidator`](super::ChainValidator) seam, at the instant the policy names
//! (`path::validation_time`: a time-stamp, the trusted claimed signing time, or now).

use crate::cert::Certificate;
use crate::i18n::MessageId;
use crate::report::{ChainReport, CheckStatus, Finding, Indication, Severity, SubIndication};
use crate::time::DateTime;

use super::super::ChainContext;
use super::Ctx;
use super::verdict::{Acc, err};

/// Validate `cert`'s chain (skipped only by `danger_skip_chain_validation`); `None` when it
/// was not validated.
pub(super) fn validate(
    ctx: &Ctx<'_, '_>,
    acc: &mut Acc,
    cert: Option<&Certificate>,
    claimed_signing_time: Option<DateTime>,
    document_signing_time: Option<DateTime>,
    timestamp: Option<DateTime>,
) -> Option<ChainReport> {
    // --- Chain (EN 319 102-1 §5.2.6 through the ChainValidator seam).
    let mut chain = None;
    if let Some(cert) = cert {
        let policy = &ctx.opts.policy;
        if policy.danger_skip_chain_validation {
            acc.check("chain", CheckStatus::Skipped);
            acc.find(Finding::new(MessageId::ChainSkipped, Severity::Warning));
        } else if let Some(validator) = ctx.opts.chain_validator {
            // Issue 3 items 5 and 8: the signer's certificate is validated at the time the
            // policy names — for vn_gov() the signing time (the earliest verified signature
            // time-stamp, else the claimed signing-time it trusts), for strict() now — and
            // the report says which time and why (ChainReport.time_used, chain.time-used).
            // A time-stamp token's TSA is validated at the token's own genTime.
            let mut time = ctx.opts.fixed_time.clone().unwrap_or_else(|| {
                crate::path::validation_time(
                    policy,
                    ctx.opts.now,
                    timestamp,
                    claimed_signing_time.or(document_signing_time),
                )
            });
            // The claim came from the container (PDF /M), not from a signed attribute: the
            // report names it so, and says it is a claim.
            if claimed_signing_time.is_none()
                && document_signing_time.is_some()
                && time.source == crate::report::TimeSource::ClaimedSigningTime
            {
                time.source = crate::report::TimeSource::PdfSigningTime;
            }
            let context =
                ChainContext::new(policy, ctx.opts.crypto, ctx.opts.now, ctx.message_evidence);
            let cr =
                validator.validate_in_context(cert, ctx.pool, ctx.opts.purpose, &time, &context);
            let status = match cr.indication {
                Indication::TotalPassed => CheckStatus::Passed,
                Indication::TotalFailed => CheckStatus::Failed,
                Indication::Indeterminate => CheckStatus::Indeterminate,
            };
            acc.check("chain", status);
            acc.verdict.fold(cr.indication, cr.sub_indication);
            chain = Some(cr);
        } else {
            acc.undecided(
                "chain",
                SubIndication::NoCertificateChainFound,
                err(MessageId::ChainNotValidated),
            );
        }
    } else {
        acc.check("chain", CheckStatus::NotApplicable);
    }
    chain
}
