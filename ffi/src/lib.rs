//! libkyso: the C ABI of kyso, for e-office systems written in C/C++, Java (JNA/FFM), .NET
//! (P/Invoke), PHP, … The header `include/kyso.h` is generated from this crate by cbindgen and
//! committed; `tests/header.rs` fails when it drifts.
//!
//! Conventions (rustls-ffi's; the guide is `docs/c-api.md`):
//! - symbols `kyso_<type>_<verb>`; opaque types created by `_new`/`_from_*`, freed by `_free`,
//!   and `_free(NULL)` is a no-op;
//! - every fallible call returns a [`kyso_result`] (numbered in documented ranges, never reused)
//!   and writes its outputs through pointers **only on success**; after a failure
//!   `kyso_last_error_detail()` says what exactly went wrong on this thread (which certificate,
//!   which rule), beyond the code's static text;
//! - buffers are `(const uint8_t *ptr, size_t len)`; callbacks take `void *userdata` first;
//! - every body runs inside a panic boundary (a Rust panic becomes `KYSO_PANIC`, never an
//!   unwind into C); every pointer is NULL-checked.
//!
//! This crate adapts types and supplies the environment core does not have (clock, OS
//! randomness, files, the C fetch and sign callbacks); all logic stays in core.

#![allow(non_camel_case_types)]
// The safety contract of every exported function is the same and stated once, in kyso.h's
// preamble and docs/c-api.md ("Pointers"): live objects from libkyso, (ptr, len) readable,
// NUL-terminated strings, writable out-pointers, no concurrent mutation.
#![allow(clippy::missing_safety_doc)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

#[macro_use]
mod error;
mod bytes;
mod chain;
mod env;
mod options;
mod pdf;
mod ptr;
mod report;
mod sign;
mod sign_pdf;
mod timestamp;
mod trust;
mod verify;
mod version;

#[cfg(feature = "bench")]
mod bench;

pub use bytes::*;
pub use chain::*;
pub use error::*;
pub use options::*;
pub use pdf::*;
pub use report::*;
pub use sign::*;
pub use sign_pdf::*;
pub use timestamp::*;
pub use trust::*;
pub use verify::*;
pub use version::*;

/// The thread-safety statement of docs/c-api.md, checked by the compiler: what several threads
/// may read at once is `Sync`. (`kyso_verify_options` and `kyso_signer` are `Sync` but for the
/// callbacks' `userdata` pointers, whose thread-safety is the caller's, as documented.)
#[cfg(test)]
mod thread_safety {
    fn sync<T: Sync + Send>() {}

    #[test]
    fn shared_objects_are_sync() {
        sync::<crate::report::kyso_report>();
        sync::<crate::report::kyso_chain_report>();
        sync::<crate::pdf::kyso_pdf_report>();
        sync::<crate::trust::kyso_trust_store>();
        sync::<crate::bytes::kyso_bytes>();
        sync::<crate::sign::kyso_prepared>();
        sync::<crate::sign::kyso_sign_options>();
        sync::<crate::sign_pdf::kyso_pdf_prepared>();
        sync::<crate::sign_pdf::kyso_pdf_sign_options>();
        sync::<crate::timestamp::kyso_timestamp_report>();
        sync::<crate::timestamp::kyso_extended>();
        // What kyso_verify_options and kyso_signer hold besides callback pointers.
        sync::<std::sync::Arc<kyso::TrustStore>>();
        sync::<kyso::RevocationEvidence>();
        sync::<kyso::ValidationPolicy>();
        sync::<kyso::Certificate>();
        sync::<kyso::SoftwareKey>();
    }
}
