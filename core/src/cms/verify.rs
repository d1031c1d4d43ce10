//! SignedData verification. TODO(cms-verify helper).
