//! Trust stores: anchors from PEM/DER/PKCS#7 bytes or files, or the compiled-in Vietnamese
//! bundles (`vn` = `vgca` + `neac`, see core/trust/vn/README.md for provenance).

use std::ffi::c_char;

use kyso::load_certificates;
use kyso::{Certificate, TrustStore};

use crate::error::kyso_result;
use crate::ptr::{self, Out};

/// A set of trust anchors (plus untrusted intermediates known in advance). Immutable once
/// handed to `kyso_verify_options_set_trust_store`, which takes a copy.
pub struct kyso_trust_store {
    pub(crate) store: TrustStore,
}

/// A new, empty trust store (nothing is trusted until anchors are added).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_new(
    store_out: *mut *mut kyso_trust_store,
) -> kyso_result {
    ffi_result!({
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(store_out, "store_out") }?;
        out.write(ptr::into_raw(kyso_trust_store {
            store: TrustStore::new(),
        }));
        Ok(())
    })
}

/// A trust store holding a compiled-in bundle: `"vn"` (VGCA and NEAC roots with their
/// sub-CAs), `"vgca"` (Ban Cơ yếu Chính phủ, government) or `"neac"` (Bộ KH&CN root of the
/// public CAs). Fails with `KYSO_UNKNOWN_BUNDLE` for any other name.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_from_bundle(
    name: *const c_char,
    store_out: *mut *mut kyso_trust_store,
) -> kyso_result {
    ffi_result!({
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let name = unsafe { ptr::str(name, "name") }?;
        // SAFETY: writable pointer by the caller's contract (kyso.h).
        let out = unsafe { Out::new(store_out, "store_out") }?;
        let store = TrustStore::vn_bundle(name)?;
        out.write(ptr::into_raw(kyso_trust_store { store }));
        Ok(())
    })
}

/// Add a compiled-in bundle (see `kyso_trust_store_from_bundle`) to `store`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_add_bundle(
    store: *mut kyso_trust_store,
    name: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared store by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(store, "store") }?;
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let name = unsafe { ptr::str(name, "name") }?;
        let bundle = TrustStore::vn_bundle(name)?;
        s.store.extend(&bundle);
        Ok(())
    })
}

/// Trust every certificate in `data`: PEM (any number of CERTIFICATE or PKCS7 blocks), one DER
/// certificate, or a DER PKCS#7 bundle (.p7b). Nothing is added if any certificate fails to
/// parse.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_add_anchors(
    store: *mut kyso_trust_store,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        unsafe {
            add_certificates(store, data, len, "anchors", |s, c| {
                s.add_anchors(c);
            })
        }
    })
}

/// Like `kyso_trust_store_add_anchors`, reading the file at `path`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_add_anchors_file(
    store: *mut kyso_trust_store,
    path: *const c_char,
) -> kyso_result {
    ffi_result!({
        // SAFETY: live, unshared store by the caller's contract (kyso.h).
        let s = unsafe { ptr::obj_mut(store, "store") }?;
        // SAFETY: NUL-terminated string by the caller's contract (kyso.h).
        let path = unsafe { ptr::path(path, "path") }?;
        let data = ptr::read_file(path)?;
        let certs = load_certificates(&data)
            .map_err(|e| crate::error::Error::from(e).context(&path.display().to_string()))?;
        s.store.add_anchors(certs);
        Ok(())
    })
}

/// Add untrusted intermediate CA certificates (same formats as anchors): candidates for path
/// building, never trusted by themselves.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_add_intermediates(
    store: *mut kyso_trust_store,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: forwarded contract (kyso.h).
        unsafe {
            add_certificates(store, data, len, "intermediates", |s, c| {
                s.add_intermediates(c);
            })
        }
    })
}

/// Parses every certificate in the `len` bytes at `data` (an error names `what`) and hands
/// them to `add`.
///
/// # Safety
/// A live, unshared store and `len` readable bytes at `data` (kyso.h).
unsafe fn add_certificates(
    store: *mut kyso_trust_store,
    data: *const u8,
    len: usize,
    what: &str,
    add: fn(&mut TrustStore, Vec<Certificate>),
) -> crate::error::Result<()> {
    // SAFETY: live, unshared store by the caller's contract (kyso.h).
    let s = unsafe { ptr::obj_mut(store, "store") }?;
    // SAFETY: `len` readable bytes by the caller's contract (kyso.h).
    let data = unsafe { ptr::bytes(data, len, "data") }?;
    let certs = load_certificates(data).map_err(|e| crate::error::Error::from(e).context(what))?;
    add(&mut s.store, certs);
    Ok(())
}

/// Number of trust anchors (0 if `store` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_anchor_count(store: *const kyso_trust_store) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live store (caller's contract, kyso.h).
        unsafe { ptr::obj(store, "store") }
            .map(|s| s.store.anchors().len())
            .unwrap_or(0)
    })
}

/// Free a trust store. NULL is a no-op. Options that were given the store keep their copy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_trust_store_free(store: *mut kyso_trust_store) {
    ffi_value!((), {
        // SAFETY: NULL or a store from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(store) }
    })
}
