//! The only place raw pointers from C become Rust references. Each helper checks for NULL and
//! states, in its `# Safety` section, the contract the C caller signs (documented in kyso.h and
//! docs/c-api.md); the exported functions only call these.

use std::ffi::{CStr, c_char};

use crate::error::{Error, Result, kyso_result};

/// Borrow the input buffer `(ptr, len)`. `(NULL, 0)` is the empty buffer; `(NULL, n > 0)` is an
/// error.
///
/// # Safety
/// If `ptr` is not NULL it must point to `len` readable bytes that stay valid and unmodified for
/// `'a` (the duration of the call).
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Error::null(name))
        };
    }
    if isize::try_from(len).is_err() {
        return Err(Error::invalid(name, "length exceeds isize::MAX"));
    }
    // SAFETY: not NULL (checked), `len` readable bytes by the caller's contract, and
    // `len <= isize::MAX` (checked) as `from_raw_parts` requires.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Like [`bytes`], but NULL means "absent" whatever `len` is.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn opt_bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<Option<&'a [u8]>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { bytes(ptr, len, name) }.map(Some)
}

/// Borrow a NUL-terminated UTF-8 string.
///
/// # Safety
/// If not NULL, `ptr` must point to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    // SAFETY: not NULL (checked); NUL-terminated and valid by the caller's contract.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|_| {
        Error::new(
            kyso_result::KYSO_INVALID_UTF8,
            format!("argument `{name}` is not valid UTF-8"),
        )
    })
}

/// Borrow a NUL-terminated byte string (passwords: any bytes), NULL meaning absent.
///
/// # Safety
/// As [`str`].
pub(crate) unsafe fn opt_cbytes<'a>(ptr: *const c_char) -> Option<&'a [u8]> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: not NULL (checked); NUL-terminated and valid by the caller's contract.
    Some(unsafe { CStr::from_ptr(ptr) }.to_bytes())
}

/// Borrow an object made by libkyso.
///
/// # Safety
/// If not NULL, `ptr` must come from the matching libkyso constructor, not yet freed, and not be
/// mutated by another thread during the call.
pub(crate) unsafe fn obj<'a, T>(ptr: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: a live object from `Box::into_raw` by the caller's contract; NULL gives None.
    unsafe { ptr.as_ref() }.ok_or_else(|| Error::null(name))
}

/// Borrow an object made by libkyso mutably.
///
/// # Safety
/// As [`obj`], and no other reference to it may be in use during the call.
pub(crate) unsafe fn obj_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: a live, unaliased object from `Box::into_raw` by the caller's contract.
    unsafe { ptr.as_mut() }.ok_or_else(|| Error::null(name))
}

/// An output pointer, checked for NULL before any work and written only on success.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// # Safety
    /// If not NULL, `ptr` must be valid for writing a `T` for the duration of the call.
    pub(crate) unsafe fn new(ptr: *mut T, name: &str) -> Result<Self> {
        if ptr.is_null() {
            Err(Error::null(name))
        } else {
            Ok(Self(ptr))
        }
    }

    pub(crate) fn write(self, value: T) {
        // SAFETY: not NULL and writable by `Out::new`'s contract; `write` does not drop the
        // (possibly uninitialised) old value.
        unsafe { self.0.write(value) }
    }
}

/// An optional output pointer (NULL: the caller does not want this value).
pub(crate) struct OptOut<T>(*mut T);

impl<T> OptOut<T> {
    /// # Safety
    /// If not NULL, `ptr` must be valid for writing a `T` for the duration of the call.
    pub(crate) unsafe fn new(ptr: *mut T) -> Self {
        Self(ptr)
    }

    pub(crate) fn write(self, value: T) {
        if !self.0.is_null() {
            // SAFETY: not NULL (checked) and writable by `OptOut::new`'s contract.
            unsafe { self.0.write(value) }
        }
    }
}

impl<T> OptOut<*mut T> {
    /// Hand `value` to C when the caller asked for it; dropped otherwise (never leaked).
    pub(crate) fn write_new(self, value: T) {
        if !self.0.is_null() {
            self.write(into_raw(value));
        }
    }
}

/// Hand an object to C.
pub(crate) fn into_raw<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Take back and drop an object handed to C; NULL is a no-op.
///
/// # Safety
/// If not NULL, `ptr` must come from [`into_raw`] with the same `T` and not have been freed.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: from `Box::into_raw` with this `T`, freed once, by the caller's contract.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A file path: any bytes on Unix, UTF-8 elsewhere.
///
/// # Safety
/// As [`str`].
pub(crate) unsafe fn path<'a>(ptr: *const c_char, name: &str) -> Result<&'a std::path::Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        // SAFETY: forwarded contract.
        let b = unsafe { opt_cbytes(ptr) }.ok_or_else(|| Error::null(name))?;
        Ok(std::path::Path::new(std::ffi::OsStr::from_bytes(b)))
    }
    #[cfg(not(unix))]
    {
        // SAFETY: forwarded contract.
        let s = unsafe { str(ptr, name) }?;
        Ok(std::path::Path::new(s))
    }
}

/// Largest file libkyso reads (key files, trust bundles, CRLs): bad input never eats unbounded
/// memory. Large content is signed and verified by streaming instead.
pub(crate) const MAX_FILE_LEN: u64 = 256 * 1024 * 1024;

/// Read a whole file, bounded by [`MAX_FILE_LEN`].
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        Error::new(
            kyso_result::KYSO_IO_ERROR,
            format!("{}: {e}", path.display()),
        )
    };
    let f = std::fs::File::open(path).map_err(io)?;
    let mut out = Vec::new();
    f.take(MAX_FILE_LEN + 1).read_to_end(&mut out).map_err(io)?;
    if u64::try_from(out.len()).unwrap_or(u64::MAX) > MAX_FILE_LEN {
        return Err(Error::new(
            kyso_result::KYSO_INPUT_TOO_LARGE,
            format!("{}: larger than {MAX_FILE_LEN} bytes", path.display()),
        ));
    }
    Ok(out)
}
