//! Library version, for checking at run time that the loaded libkyso is the one the program
//! was built against (`KYSO_VERSION_*` macros in kyso.h).

use std::ffi::c_char;

const VERSION: &std::ffi::CStr = match std::ffi::CStr::from_bytes_with_nul(
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
) {
    Ok(v) => v,
    Err(_) => c"unknown",
};

/// The library version as text, e.g. "0.1.0" (static; never NULL).
#[unsafe(no_mangle)]
pub extern "C" fn kyso_version() -> *const c_char {
    ffi_value!(c"unknown".as_ptr(), { VERSION.as_ptr() })
}

/// The library version as a number: major * 10000 + minor * 100 + patch (compare with
/// `KYSO_VERSION_NUMBER` from the header to detect a mismatched library).
#[unsafe(no_mangle)]
pub extern "C" fn kyso_version_number() -> u32 {
    ffi_value!(0, { version_number() })
}

pub(crate) fn version_number() -> u32 {
    let part = |s: &str| s.parse::<u32>().unwrap_or(0);
    part(env!("CARGO_PKG_VERSION_MAJOR")) * 10_000
        + part(env!("CARGO_PKG_VERSION_MINOR")) * 100
        + part(env!("CARGO_PKG_VERSION_PATCH"))
}
