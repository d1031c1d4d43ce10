//! Time values. `core` has no clock: every "now" is passed in by the caller (CLI, FFI, WASM).

pub(crate) use der::DateTime;

/// Seconds since the Unix epoch of `t`.
pub fn unix_seconds(t: &DateTime) -> u64 {
    t.unix_duration().as_secs()
}

/// The instant `secs` seconds after the Unix epoch, if representable (years 1970–9999).
pub fn from_unix_seconds(secs: u64) -> Option<DateTime> {
    DateTime::from_unix_duration(core::time::Duration::from_secs(secs)).ok()
}

/// RFC 3339 form in UTC (`2025-03-14T02:05:07Z`).
pub fn rfc3339(t: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minutes(),
        t.seconds()
    )
}

/// Vietnam time (UTC+07:00, no daylight saving) in the form Decree 30/2020 Annex I asks for
/// signing-time text: ISO 8601 with the zone (`2025-03-14T09:05:07+07:00`).
pub(crate) fn vietnam_iso8601(t: &DateTime) -> String {
    let local = unix_seconds(t).saturating_add(7 * 3600);
    match from_unix_seconds(local) {
        Some(l) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
            l.year(),
            l.month(),
            l.day(),
            l.hour(),
            l.minutes(),
            l.seconds()
        ),
        None => rfc3339(t),
    }
}

/// Parse RFC 3339 (`2025-03-14T09:05:07+07:00`, `…Z`, fractional seconds dropped).
pub fn parse_rfc3339(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let (date, rest) = s.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let year: u16 = d.next()?.parse().ok()?;
    let month: u8 = d.next()?.parse().ok()?;
    let day: u8 = d.next()?.parse().ok()?;
    if d.next().is_some() {
        return None;
    }
    let (clock, offset_secs): (&str, i64) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let pos = rest.rfind(['+', '-'])?;
        let (c, off) = rest.split_at(pos);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off.get(1..)?.split_once(':')?;
        // RFC 3339 §5.6: time-numoffset is two digits each; anything else is not a time.
        let oh: i64 = oh.parse().ok().filter(|h| (0..24).contains(h))?;
        let om: i64 = om.parse().ok().filter(|m| (0..60).contains(m))?;
        (c, sign * (oh * 3600 + om * 60))
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let hour: u8 = c.next()?.parse().ok()?;
    let minute: u8 = c.next()?.parse().ok()?;
    let second: u8 = c.next()?.parse().ok()?;
    let local = DateTime::new(year, month, day, hour, minute, second).ok()?;
    let utc = i64::try_from(unix_seconds(&local))
        .ok()?
        .checked_sub(offset_secs)?;
    from_unix_seconds(u64::try_from(utc).ok()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_offsets() {
        let utc = parse_rfc3339("2025-03-14T02:05:07Z").unwrap();
        assert_eq!(parse_rfc3339("2025-03-14T09:05:07+07:00"), Some(utc));
        assert_eq!(parse_rfc3339("2025-03-13T21:35:07-04:30"), Some(utc));
        // Offsets outside RFC 3339's two-digit hour and minute are not times (and never
        // overflow the arithmetic).
        assert_eq!(
            parse_rfc3339("2025-03-14T09:05:07+99999999999999999:00"),
            None
        );
        assert_eq!(parse_rfc3339("2025-03-14T09:05:07+07:60"), None);
        assert_eq!(parse_rfc3339("2025-03-14T09:05:07+24:00"), None);
    }
}
