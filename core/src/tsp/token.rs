//! The TSTInfo of a token (RFC 3161 §2.4.2) as verification and the report use it.

use der::Decode;
use der::asn1::ObjectIdentifier;
use x509_cert::ext::pkix::name::GeneralName;

use super::asn1::TstInfo;
use crate::crypto::DigestAlgorithm;
use crate::time::DateTime;

/// What a token says, read from its TSTInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenInfo {
    pub version: u8,
    pub policy: ObjectIdentifier,
    /// The imprint's algorithm as written, and kyso's name for it when it knows it.
    pub imprint_algorithm: ObjectIdentifier,
    pub imprint_digest: Option<DigestAlgorithm>,
    pub imprint: Vec<u8>,
    /// Upper-case hex of the serial number's content octets.
    pub serial: String,
    /// genTime truncated to the second (kyso's `DateTime`), and as written (fractions kept).
    pub gen_time: DateTime,
    pub gen_time_text: String,
    /// Accuracy in microseconds (RFC 3161 §2.4.2: seconds, millis, micros), if given.
    pub accuracy_micros: Option<u64>,
    pub ordering: bool,
    /// Content octets of the nonce INTEGER.
    pub nonce: Option<Vec<u8>>,
    pub tsa: Option<GeneralName>,
}

/// Reads a TSTInfo (DER as RFC 3161 §2.4.2 requires; BER re-encoded first, as old TSAs wrote
/// it); `None` when it is not one.
pub(crate) fn read(econtent: &[u8]) -> Option<TokenInfo> {
    let tst = match TstInfo::from_der(econtent) {
        Ok(t) => t,
        Err(_) => TstInfo::from_der(&crate::ber::to_der_form(econtent).ok()?).ok()?,
    };
    let (gen_time, gen_time_text) = gen_time(&tst.gen_time)?;
    let accuracy_micros = tst.accuracy.as_ref().map(|a| {
        u64::from(a.seconds.unwrap_or(0))
            .saturating_mul(1_000_000)
            .saturating_add(u64::from(a.millis.unwrap_or(0)).saturating_mul(1000))
            .saturating_add(u64::from(a.micros.unwrap_or(0)))
    });
    Some(TokenInfo {
        version: tst.version,
        policy: tst.policy,
        imprint_algorithm: tst.message_imprint.hash_algorithm.oid,
        imprint_digest: DigestAlgorithm::from_oid(&tst.message_imprint.hash_algorithm.oid),
        imprint: tst.message_imprint.hashed_message.as_bytes().to_vec(),
        serial: crate::cert::hex_upper(tst.serial_number.as_bytes()),
        gen_time,
        gen_time_text,
        accuracy_micros,
        ordering: tst.ordering.unwrap_or(false),
        nonce: tst.nonce.map(|n| n.as_bytes().to_vec()),
        tsa: tst.tsa,
    })
}

/// genTime (RFC 3161 §2.4.2): `YYYYMMDDhhmmss[.s...]Z`, fractions allowed (without trailing
/// zeros, but a token is not refused for those). `der`'s GeneralizedTime refuses fractions,
/// hence this reader.
fn gen_time(any: &der::Any) -> Option<(DateTime, String)> {
    if der::Tagged::tag(any) != der::Tag::GeneralizedTime {
        return None;
    }
    let text = core::str::from_utf8(any.value()).ok()?;
    let body = text.strip_suffix('Z')?;
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // u32 as the PDF date parser: one integer parser in the size-budgeted WASM engine.
    let num = |r: core::ops::Range<usize>| whole.get(r).and_then(|s| s.parse::<u32>().ok());
    let t = DateTime::new(
        u16::try_from(num(0..4)?).ok()?,
        u8::try_from(num(4..6)?).ok()?,
        u8::try_from(num(6..8)?).ok()?,
        u8::try_from(num(8..10)?).ok()?,
        u8::try_from(num(10..12)?).ok()?,
        u8::try_from(num(12..14)?).ok()?,
    )
    .ok()?;
    Some((t, text.to_owned()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn gt(s: &str) -> der::Any {
        der::Any::new(der::Tag::GeneralizedTime, s.as_bytes()).unwrap()
    }

    #[test]
    fn gen_time_with_and_without_fractions() {
        let (t, text) = gen_time(&gt("20250311123456.123Z")).unwrap();
        assert_eq!(t, DateTime::new(2025, 3, 11, 12, 34, 56).unwrap());
        assert_eq!(text, "20250311123456.123Z");
        assert!(gen_time(&gt("20250311123456Z")).is_some());
        for bad in [
            "20250311123456",
            "2025031112345Z",
            "20250311123456.Z",
            "20251311123456Z",
        ] {
            assert!(gen_time(&gt(bad)).is_none(), "{bad}");
        }
    }
}
