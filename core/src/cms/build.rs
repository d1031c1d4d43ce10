//! SignedData construction. TODO(cms-build helper).
