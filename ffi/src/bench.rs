//! Only with `--features bench`: the same work as `kyso_verify` / `kyso_sign` done through the
//! Rust API in a loop, so `ffi/bench/overhead.c` can time the C layer against it in one
//! process. Not in kyso.h (excluded in cbindgen.toml), never in an installed library.

use std::ffi::c_char;

use kyso::{Indication, KeyBundle, RustCryptoProvider, Verifier};
use kyso::{SignedDataBuilder, SignerOptions};

use crate::options::kyso_verify_options;
use crate::ptr;

/// Verify `signature` (attached) `iterations` times the way a Rust program would: per call a
/// verification session borrowing the shared store and evidence, `verify_cms`, the indication
/// read. Returns how many were TOTAL-PASSED (`u32::MAX` on bad args).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_bench_rust_verify(
    options: *const kyso_verify_options,
    signature: *const u8,
    signature_len: usize,
    iterations: u32,
) -> u32 {
    // SAFETY: bench harness passes live options and a readable buffer.
    let Ok(opts) = (unsafe { ptr::obj(options, "options") }) else {
        return u32::MAX;
    };
    // SAFETY: as above.
    let Ok(sig) = (unsafe { ptr::bytes(signature, signature_len, "signature") }) else {
        return u32::MAX;
    };
    let Some(store) = opts.store.as_deref() else {
        return u32::MAX;
    };
    let Ok(now) = crate::env::now() else {
        return u32::MAX;
    };
    let crypto = RustCryptoProvider;
    let policy = opts.effective_policy();
    let mut passed = 0;
    for _ in 0..iterations {
        let session = Verifier::borrowing(store, policy.clone(), now, &crypto)
            .with_evidence_ref(&opts.evidence);
        if session.verify_cms(sig, None).indication == Indication::TotalPassed {
            passed += 1;
        }
    }
    passed
}

/// Sign `content` (attached) `iterations` times through the Rust API with the PKCS#12 key.
/// Returns how many signatures were made (`u32::MAX` on bad args).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_bench_rust_sign(
    p12: *const u8,
    p12_len: usize,
    password: *const c_char,
    content: *const u8,
    content_len: usize,
    iterations: u32,
) -> u32 {
    // SAFETY: bench harness passes readable buffers and a NUL-terminated password.
    let Ok(p12) = (unsafe { ptr::bytes(p12, p12_len, "p12") }) else {
        return u32::MAX;
    };
    // SAFETY: as above.
    let Ok(content) = (unsafe { ptr::bytes(content, content_len, "content") }) else {
        return u32::MAX;
    };
    // SAFETY: as above.
    let password = unsafe { ptr::opt_cbytes(password) };
    let Ok(bundle) = KeyBundle::from_bytes(p12, password) else {
        return u32::MAX;
    };
    let mut rng = crate::env::rng();
    let mut made = 0;
    for _ in 0..iterations {
        let Ok(now) = crate::env::now() else {
            return u32::MAX;
        };
        let signer = SignerOptions::new(&bundle.key, &bundle.certificate)
            .signing_time(now)
            .chain(&bundle.chain);
        if SignedDataBuilder::new(content)
            .add_signer(signer)
            .build(&kyso::RustCryptoProvider, &mut rng)
            .is_ok()
        {
            made += 1;
        }
    }
    made
}
