//! The TSA's answer (RFC 3161 §2.4.2): `TimeStampResp` = status + the token when granted.
//! Read with kyso's BER reader so that a token in indefinite-length BER (old TSAs; the BSI
//! TR-ESOR data in shared/testdata/tsp) is kept byte for byte.

use super::TspError;
use crate::ber;

/// PKIStatus (RFC 3161 §2.4.2, RFC 4210 §5.2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampStatus {
    Granted,
    GrantedWithMods,
    Rejection,
    Waiting,
    RevocationWarning,
    RevocationNotification,
    /// A value RFC 3161 does not define.
    Other(u64),
}

impl TimestampStatus {
    fn from_value(v: u64) -> Self {
        match v {
            0 => Self::Granted,
            1 => Self::GrantedWithMods,
            2 => Self::Rejection,
            3 => Self::Waiting,
            4 => Self::RevocationWarning,
            5 => Self::RevocationNotification,
            other => Self::Other(other),
        }
    }

    /// RFC 3161 §2.4.2: "When the status contains the value zero or one, a TimeStampToken
    /// MUST be present."
    pub fn is_granted(self) -> bool {
        matches!(self, Self::Granted | Self::GrantedWithMods)
    }

    /// The ASN.1 name (`granted`, `rejection`, …).
    pub fn name(self) -> String {
        match self {
            Self::Granted => "granted".into(),
            Self::GrantedWithMods => "grantedWithMods".into(),
            Self::Rejection => "rejection".into(),
            Self::Waiting => "waiting".into(),
            Self::RevocationWarning => "revocationWarning".into(),
            Self::RevocationNotification => "revocationNotification".into(),
            Self::Other(v) => v.to_string(),
        }
    }
}

/// PKIFailureInfo bits RFC 3161 §2.4.2 names.
const FAILURE_BITS: &[(usize, &str)] = &[
    (0, "badAlg"),
    (2, "badRequest"),
    (5, "badDataFormat"),
    (14, "timeNotAvailable"),
    (15, "unacceptedPolicy"),
    (16, "unacceptedExtension"),
    (17, "addInfoNotAvailable"),
    (25, "systemFailure"),
];

/// A parsed `TimeStampResp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampResponse {
    status: TimestampStatus,
    status_text: Vec<String>,
    failure_info: Vec<&'static str>,
    token: Option<Vec<u8>>,
}

impl TimestampResponse {
    /// Reads a DER (or BER) `TimeStampResp`. A response that is not one (an HTML error page,
    /// garbage) is [`TspError::BadResponse`]; a well-formed refusal is a response whose
    /// [`status`](Self::status) says so.
    pub fn from_der(input: &[u8]) -> Result<Self, TspError> {
        Self::read(input).ok_or(TspError::BadResponse)
    }

    fn read(input: &[u8]) -> Option<Self> {
        let outer = ber::parse(input).ok()?;
        if !outer.is_universal(16) || outer.raw.len() != input.len() {
            return None;
        }
        let mut fields = outer.children().ok()?;
        let status_info = fields.next_tlv().ok()??;
        let mut si = status_info.children().ok()?;
        let status = si.next_tlv().ok()??;
        if !status.is_universal(2) {
            return None;
        }
        let status = TimestampStatus::from_value(small_uint(status.content)?);
        let mut status_text = Vec::new();
        let mut failure_info = Vec::new();
        while let Some(t) = si.next_tlv().ok()? {
            if t.is_universal(16) {
                // PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
                let mut texts = t.children().ok()?;
                while let Some(s) = texts.next_tlv().ok()? {
                    status_text.push(String::from_utf8_lossy(&s.string_value().ok()?).into_owned());
                }
            } else if t.is_universal(3) {
                let bits = t.string_value().ok()?;
                let data = bits.get(1..).unwrap_or_default();
                for (bit, name) in FAILURE_BITS {
                    let byte = data.get(bit / 8).copied().unwrap_or_default();
                    if byte & (0x80 >> (bit % 8)) != 0 {
                        failure_info.push(*name);
                    }
                }
            } else {
                return None;
            }
        }
        let token = match fields.next_tlv().ok()? {
            Some(t) if t.is_universal(16) => Some(t.raw.to_vec()),
            Some(_) => return None,
            None => None,
        };
        if !fields.is_empty() {
            return None;
        }
        Some(Self {
            status,
            status_text,
            failure_info,
            token,
        })
    }

    pub fn status(&self) -> TimestampStatus {
        self.status
    }

    /// The TSA's free-text explanation, if any.
    pub fn status_text(&self) -> &[String] {
        &self.status_text
    }

    /// The PKIFailureInfo bits set, by name (`badAlg`, `systemFailure`, …).
    pub fn failure_info(&self) -> &[&'static str] {
        &self.failure_info
    }

    /// The time-stamp token (a DER ContentInfo), present when granted.
    pub fn token(&self) -> Option<&[u8]> {
        self.token.as_deref()
    }

    /// Takes the token out of the response.
    pub fn into_token(self) -> Option<Vec<u8>> {
        self.token
    }
}

/// A non-negative INTEGER that fits in 64 bits.
fn small_uint(content: &[u8]) -> Option<u64> {
    if content.is_empty() || content.len() > 9 || content.first()? & 0x80 != 0 {
        return None;
    }
    Some(
        content
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_names_its_failure() {
        // TimeStampResp { status { rejection, "no", failInfo badAlg } }
        let der = [
            0x30, 0x0f, 0x30, 0x0d, 0x02, 0x01, 0x02, 0x30, 0x04, 0x0c, 0x02, b'n', b'o', 0x03,
            0x02, 0x07, 0x80,
        ];
        let r = TimestampResponse::from_der(&der).unwrap();
        assert_eq!(r.status(), TimestampStatus::Rejection);
        assert_eq!(r.status_text(), ["no"]);
        assert_eq!(r.failure_info(), ["badAlg"]);
        assert!(r.token().is_none());
    }

    #[test]
    fn garbage_is_not_a_response() {
        for bad in [&b""[..], b"<html>", &[0x30, 0x03, 0x02, 0x01, 0x00, 0x00]] {
            assert_eq!(TimestampResponse::from_der(bad), Err(TspError::BadResponse));
        }
    }
}
