//! Byte buffers crossing the boundary: [`kyso_bytes`] (output owned by libkyso, freed by the
//! caller) and [`kyso_writer`] (a sink a C callback writes its answer into).

use std::ffi::CString;

use crate::error::{Error, kyso_result};
use crate::ptr;

/// Bytes produced by libkyso (a signature, a prepared state). Read with `kyso_bytes_data` and
/// `kyso_bytes_len`; free with `kyso_bytes_free`.
pub struct kyso_bytes {
    pub(crate) data: Vec<u8>,
}

/// Pointer to the bytes (valid until `kyso_bytes_free`); NULL if `bytes` is NULL. For empty
/// bytes the pointer is not NULL but must not be read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_bytes_data(bytes: *const kyso_bytes) -> *const u8 {
    ffi_value!(std::ptr::null(), {
        // SAFETY: NULL or a live kyso_bytes (caller's contract, kyso.h).
        match unsafe { ptr::obj(bytes, "bytes") } {
            Ok(b) => b.data.as_ptr(),
            Err(_) => std::ptr::null(),
        }
    })
}

/// Number of bytes; 0 if `bytes` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_bytes_len(bytes: *const kyso_bytes) -> usize {
    ffi_value!(0, {
        // SAFETY: NULL or a live kyso_bytes (caller's contract, kyso.h).
        unsafe { ptr::obj(bytes, "bytes") }
            .map(|b| b.data.len())
            .unwrap_or(0)
    })
}

/// Free bytes returned by libkyso. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_bytes_free(bytes: *mut kyso_bytes) {
    ffi_value!((), {
        // SAFETY: NULL or a kyso_bytes from libkyso, freed once (caller's contract, kyso.h).
        unsafe { ptr::free(bytes) }
    })
}

/// Where a callback (fetch, sign) writes its answer, in one or more pieces (a curl write
/// callback can forward each chunk). Owned by libkyso and valid only during the callback.
pub struct kyso_writer {
    pub(crate) buf: Vec<u8>,
    pub(crate) limit: usize,
    pub(crate) overflowed: bool,
}

impl kyso_writer {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            buf: Vec::new(),
            limit,
            overflowed: false,
        }
    }
}

/// Append `len` bytes to the callback's answer. Fails with `KYSO_INPUT_TOO_LARGE` past the size
/// limit (fetch: see `kyso_verify_options_set_fetch_limit`; signatures: 64 KiB); the answer is
/// then discarded.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kyso_writer_write(
    writer: *mut kyso_writer,
    data: *const u8,
    len: usize,
) -> kyso_result {
    ffi_result!({
        // SAFETY: the writer libkyso passed to the running callback (caller's contract).
        let w = unsafe { ptr::obj_mut(writer, "writer") }?;
        // SAFETY: `len` readable bytes at `data` (caller's contract).
        let data = unsafe { ptr::bytes(data, len, "data") }?;
        if w.overflowed || w.buf.len().saturating_add(data.len()) > w.limit {
            w.overflowed = true;
            w.buf = Vec::new();
            return Err(Error::new(
                kyso_result::KYSO_INPUT_TOO_LARGE,
                format!("callback answer exceeds the limit of {} bytes", w.limit),
            ));
        }
        w.buf.extend_from_slice(data);
        Ok(())
    })
}

/// A C string from Rust text. Text from certificates may hold NUL characters (a hostile DN),
/// which C strings cannot: they become U+FFFD so nothing is silently truncated.
pub(crate) fn cstring(s: &str) -> CString {
    let cleaned: String = s
        .chars()
        .map(|c| if c == '\0' { '\u{FFFD}' } else { c })
        .collect();
    CString::new(cleaned).unwrap_or_default()
}
