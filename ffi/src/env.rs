//! What core does not have and the C library supplies: the clock and OS randomness.

use std::time::{SystemTime, UNIX_EPOCH};

use kyso::DateTime;

use crate::error::{Error, Result, kyso_result};

/// The current time from the system clock.
pub(crate) fn now() -> Result<DateTime> {
    let d = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|_| {
        Error::new(
            kyso_result::KYSO_CLOCK_ERROR,
            "the system clock is before 1970",
        )
    })?;
    // Whole seconds: CMS signing-time and report times have second precision.
    DateTime::from_unix_duration(std::time::Duration::from_secs(d.as_secs())).map_err(|_| {
        Error::new(
            kyso_result::KYSO_CLOCK_ERROR,
            "the system clock is past 9999",
        )
    })
}

/// A time given by C as seconds since 1970-01-01T00:00:00Z.
pub(crate) fn from_unix(seconds: i64, name: &str) -> Result<DateTime> {
    let secs = u64::try_from(seconds).map_err(|_| Error::invalid(name, "time before 1970"))?;
    DateTime::from_unix_duration(std::time::Duration::from_secs(secs))
        .map_err(|_| Error::invalid(name, "time past 9999-12-31"))
}

/// Seconds since 1970 of a report time.
pub(crate) fn to_unix(t: &DateTime) -> i64 {
    i64::try_from(t.unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// The OS random generator (RSA blinding, PSS salts). A failing OS RNG panics inside
/// `UnwrapErr`; the panic boundary turns that into `KYSO_PANIC` rather than a weak signature.
pub(crate) fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}
