//! The status model shared by CRLs and OCSP: what one piece of evidence says about one
//! certificate, and the reason codes both use.

use serde::Serialize;

use crate::time::DateTime;

/// `CRLReason` (RFC 5280 §5.3.1), also the `revocationReason` of OCSP `RevokedInfo`
/// (RFC 6960 §4.2.1).
///
/// ```text
/// CRLReason ::= ENUMERATED {
///      unspecified             (0),
///      keyCompromise           (1),
///      cACompromise            (2),
///      affiliationChanged      (3),
///      superseded              (4),
///      cessationOfOperation    (5),
///      certificateHold         (6),
///           -- value 7 is not used
///      removeFromCRL           (8),
///      privilegeWithdrawn      (9),
///      aACompromise           (10) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    #[serde(rename = "cACompromise")]
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    /// Suspension (reversible): a later CRL may drop the entry, a delta CRL may carry
    /// `removeFromCRL` for it (RFC 5280 §5.2.4).
    CertificateHold,
    /// Only in delta CRLs: the certificate is no longer on hold (RFC 5280 §5.3.1).
    #[serde(rename = "removeFromCRL")]
    RemoveFromCrl,
    PrivilegeWithdrawn,
    #[serde(rename = "aACompromise")]
    AaCompromise,
}

impl RevocationReason {
    /// The ASN.1 name (`keyCompromise`, …), as printed in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "keyCompromise",
            Self::CaCompromise => "cACompromise",
            Self::AffiliationChanged => "affiliationChanged",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessationOfOperation",
            Self::CertificateHold => "certificateHold",
            Self::RemoveFromCrl => "removeFromCRL",
            Self::PrivilegeWithdrawn => "privilegeWithdrawn",
            Self::AaCompromise => "aACompromise",
        }
    }

    /// From the ENUMERATED value; 7 and values above 10 are not reasons.
    pub fn from_code(code: u32) -> Option<Self> {
        Some(match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }
}

impl From<x509_cert::ext::pkix::CrlReason> for RevocationReason {
    fn from(r: x509_cert::ext::pkix::CrlReason) -> Self {
        use x509_cert::ext::pkix::CrlReason as R;
        match r {
            R::Unspecified => Self::Unspecified,
            R::KeyCompromise => Self::KeyCompromise,
            R::CaCompromise => Self::CaCompromise,
            R::AffiliationChanged => Self::AffiliationChanged,
            R::Superseded => Self::Superseded,
            R::CessationOfOperation => Self::CessationOfOperation,
            R::CertificateHold => Self::CertificateHold,
            R::RemoveFromCRL => Self::RemoveFromCrl,
            R::PrivilegeWithdrawn => Self::PrivilegeWithdrawn,
            R::AaCompromise => Self::AaCompromise,
        }
    }
}

impl core::fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Every reason of `ReasonFlags` except `unused` (bit 0): RFC 5280 §6.3.3 `all-reasons`.
pub(crate) const ALL_REASONS: u16 = 0b1_1111_1110;

/// What one piece of evidence (a CRL set for one issuer, or one OCSP response) says about one
/// certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertStatus {
    /// Not revoked as of the evidence's thisUpdate.
    Good,
    /// Revoked (or on hold). `time` is the revocationDate; `invalidity_date` is when the key
    /// is known or suspected to have been compromised (RFC 5280 §5.3.2), if stated.
    Revoked {
        time: DateTime,
        reason: Option<RevocationReason>,
        invalidity_date: Option<DateTime>,
    },
    /// An OCSP responder answered `unknown` (RFC 6960 §2.2).
    Unknown,
}

impl CertStatus {
    /// The instant from which the certificate must be treated as revoked: the revocation
    /// date, or the invalidity date when that is earlier. RFC 5280 §5.3.2: the invalidity
    /// date "may be earlier than the revocation date"; a signature made after it with a key
    /// suspected compromised is not trusted (conservative choice, documented in the report).
    pub fn effective_revocation_time(&self) -> Option<DateTime> {
        match self {
            Self::Revoked {
                time,
                invalidity_date: Some(inv),
                ..
            } if inv < time => Some(*inv),
            Self::Revoked { time, .. } => Some(*time),
            _ => None,
        }
    }

    /// Severity order for combining several answers about one certificate: revoked beats
    /// unknown beats good (as BoringSSL/Chromium combine several SingleResponses).
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Self::Good => 0,
            Self::Unknown => 1,
            Self::Revoked { .. } => 2,
        }
    }
}

/// Whether revocation data dated `this_update` / `next_update` may speak for the validation
/// `time`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Freshness {
    Fresh,
    /// nextUpdate is at or before the validation time (RFC 5280 §6.3.3 (a)(1), RFC 6960
    /// §4.2.2.1), or before thisUpdate.
    Expired,
    /// thisUpdate is older than the policy's maximum age before the validation time.
    TooOld,
    /// thisUpdate is later than the current time the caller gave (plus clock skew): data
    /// from the future is a clock or issuer error. Without a current time, data issued after
    /// the validation time is welcome — it is how a historic signature is checked with
    /// today's CRL (revocation dates tell whether the revocation came before the signature).
    NotYetValid,
}

pub(crate) fn freshness(
    this_update: DateTime,
    next_update: Option<DateTime>,
    time: DateTime,
    now: Option<DateTime>,
    max_age_secs: Option<u64>,
    skew_secs: u64,
) -> Freshness {
    use crate::time::unix_seconds as secs;
    let (tu, t) = (secs(&this_update), secs(&time));
    if let Some(now) = now
        && tu > secs(&now).saturating_add(skew_secs)
    {
        return Freshness::NotYetValid;
    }
    if let Some(nu) = next_update {
        let nu = secs(&nu);
        if nu < tu || nu.saturating_add(skew_secs) <= t {
            return Freshness::Expired;
        }
    }
    if let Some(max) = max_age_secs
        && tu.saturating_add(max) < t
    {
        return Freshness::TooOld;
    }
    Freshness::Fresh
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_support::t;

    #[test]
    fn freshness_rules() {
        let (tu, nu, now) = (
            t("2024-01-10T00:00:00Z"),
            Some(t("2024-01-17T00:00:00Z")),
            t("2024-01-12T00:00:00Z"),
        );
        let f = |time: &str, now: Option<DateTime>, max: Option<u64>, skew: u64| {
            freshness(tu, nu, t(time), now, max, skew)
        };
        assert_eq!(
            f("2024-01-12T00:00:00Z", Some(now), None, 0),
            Freshness::Fresh
        );
        // nextUpdate at the validation time is already expired (RFC 5280 §6.3.3 (a)(1)).
        assert_eq!(f("2024-01-17T00:00:00Z", None, None, 0), Freshness::Expired);
        assert_eq!(f("2024-01-17T00:00:00Z", None, None, 60), Freshness::Fresh);
        // A week-old bound.
        assert_eq!(
            f("2024-01-16T00:00:00Z", None, Some(3 * 86400), 0),
            Freshness::TooOld
        );
        // Later data for an earlier validation time: fine without a current time…
        assert_eq!(f("2024-01-01T00:00:00Z", None, None, 0), Freshness::Fresh);
        // …but refused when the caller says it is earlier than thisUpdate now.
        assert_eq!(
            f(
                "2024-01-01T00:00:00Z",
                Some(t("2024-01-01T00:00:00Z")),
                None,
                300
            ),
            Freshness::NotYetValid
        );
        // nextUpdate before thisUpdate is nonsense.
        assert_eq!(
            freshness(tu, Some(t("2024-01-09T00:00:00Z")), tu, None, None, 0),
            Freshness::Expired
        );
    }

    #[test]
    fn invalidity_date_moves_revocation_earlier_only() {
        let r = |inv: &str| CertStatus::Revoked {
            time: t("2024-03-01T00:00:00Z"),
            reason: Some(RevocationReason::KeyCompromise),
            invalidity_date: Some(t(inv)),
        };
        assert_eq!(
            r("2024-02-01T00:00:00Z").effective_revocation_time(),
            Some(t("2024-02-01T00:00:00Z"))
        );
        assert_eq!(
            r("2024-04-01T00:00:00Z").effective_revocation_time(),
            Some(t("2024-03-01T00:00:00Z"))
        );
        assert_eq!(CertStatus::Good.effective_revocation_time(), None);
    }

    #[test]
    fn reason_codes() {
        assert_eq!(RevocationReason::from_code(7), None);
        assert_eq!(
            RevocationReason::from_code(8),
            Some(RevocationReason::RemoveFromCrl)
        );
        assert_eq!(RevocationReason::CaCompromise.name(), "cACompromise");
        assert_eq!(
            serde_json::to_string(&RevocationReason::RemoveFromCrl).unwrap(),
            "\"removeFromCRL\""
        );
    }
}
