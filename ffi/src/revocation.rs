//! Revocation for the C API: the caller's CRLs and OCSP responses and the fetch callback, lent
//! to path validation through core's `RevocationChecker` seam.

use kyso::DateTime;
use kyso::revocation::{Checker, EvidenceOrigin, RevocationChecker};

use crate::options::kyso_verify_options;

/// Run `f` with this call's revocation checker: evidence from the options (parsed per call: the
/// checker caches what it fetches, so one checker serves one verification), the fetch
/// callback if set, and `now` for freshness.
pub(crate) fn with_checker<R>(
    opts: &kyso_verify_options,
    now: DateTime,
    f: impl FnOnce(Option<&dyn RevocationChecker>) -> R,
) -> R {
    let mut checker = Checker::new()
        .with_evidence(&opts.evidence, EvidenceOrigin::Caller)
        .with_current_time(now);
    if let Some(fetcher) = opts.fetcher.as_ref() {
        checker = checker.with_fetcher(fetcher);
    }
    f(Some(&checker))
}
