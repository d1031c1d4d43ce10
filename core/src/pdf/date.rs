//! PDF dates (ISO 32000-2 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year
//! optional, for `/M` of signature dictionaries.

use crate::time::DateTime;

/// The UTC instant a PDF date names; `None` when it is not a date.
pub(crate) fn parse_pdf_date(text: &str) -> Option<DateTime> {
    let s = text.strip_prefix("D:").unwrap_or(text);
    let digits = |from: usize, len: usize, default: u32| -> Option<u32> {
        match s.get(from..from + len) {
            Some(part) if part.bytes().all(|b| b.is_ascii_digit()) => part.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = u16::try_from(digits(0, 4, 0)?).ok()?;
    if s.len() < 4 {
        return None;
    }
    let month = digits(4, 2, 1)?;
    let day = digits(6, 2, 1)?;
    let hour = digits(8, 2, 0)?;
    let minute = digits(10, 2, 0)?;
    let second = digits(12, 2, 0)?;
    let local = DateTime::new(
        year,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    // The offset from UT: Z, or +/- HH'mm'.
    let rest = s.get(14..).unwrap_or("");
    let (sign, offset) = match rest.chars().next() {
        Some('+') => (1i64, &rest[1..]),
        Some('-') => (-1i64, &rest[1..]),
        _ => (0, ""),
    };
    let hh: i64 = offset.get(0..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let mm: i64 = offset
        .get(3..5)
        .or_else(|| offset.get(2..4))
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let seconds =
        i64::try_from(crate::time::unix_seconds(&local)).ok()? - sign * (hh * 3600 + mm * 60);
    crate::time::from_unix_seconds(u64::try_from(seconds).ok()?)
}

/// `D:YYYYMMDDHHmmSS+07'00'`: `time` written in Vietnam time (UTC+7), as Vietnamese signing
/// tools write /M.
pub(crate) fn format_pdf_date_vn(time: &DateTime) -> String {
    let local =
        crate::time::from_unix_seconds(crate::time::unix_seconds(time).saturating_add(7 * 3600))
            .unwrap_or(*time);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+07'00'",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minutes(),
        local.seconds()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets() {
        let t = parse_pdf_date("D:20250314160507+07'00'").unwrap();
        assert_eq!(crate::time::rfc3339(&t), "2025-03-14T09:05:07Z");
        let z = parse_pdf_date("D:20250314090507Z").unwrap();
        assert_eq!(t, z);
        assert_eq!(format_pdf_date_vn(&t), "D:20250314160507+07'00'");
        assert!(parse_pdf_date("D:20").is_none());
    }
}
