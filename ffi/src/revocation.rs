//! Revocation for the C API: the caller's CRLs and OCSP responses and the fetch callback, lent
//! to path validation through core's `RevocationChecker` seam.

use kyso::DateTime;
use kyso::revocation::RevocationChecker;

use crate::options::kyso_verify_options;

/// Run `f` with this call's revocation checker (or none).
pub(crate) fn with_checker<R>(
    opts: &kyso_verify_options,
    now: DateTime,
    f: impl FnOnce(Option<&dyn RevocationChecker>) -> R,
) -> R {
    // TODO(revocation branch): core's `revocation::Checker` with opts.crls / opts.ocsp_responses
    // (EvidenceOrigin::Caller), opts.fetcher and `now`.
    let _ = (opts, now);
    f(None)
}
