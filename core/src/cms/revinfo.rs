//! The revocation information a SignedData carries (RFC 5652 §10.2.1), as
//! [`RevocationEvidence`] for chain validation:
//!
//! ```text
//! RevocationInfoChoices ::= SET OF RevocationInfoChoice
//! RevocationInfoChoice ::= CHOICE {
//!   crl CertificateList,
//!   other [1] IMPLICIT OtherRevocationInfoFormat }
//! OtherRevocationInfoFormat ::= SEQUENCE {
//!   otherRevInfoFormat OBJECT IDENTIFIER,
//!   otherRevInfo ANY DEFINED BY otherRevInfoFormat }
//! ```
//!
//! RFC 5940 §2.1 defines `id-ri-ocsp-response` (otherRevInfo is an OCSPResponse, RFC 6960
//! §4.2.1) and `id-ri-scvp` (an SCVP response, not used by kyso). The elements arrive as the raw
//! bytes the tolerant reader kept ([`super::parse`]); each is sorted here by its tag, and its
//! content is left for the revocation module to parse (an unreadable CRL or response is
//! counted and reported there, never fatal to the signature).

use der::Decode;
use der::asn1::ObjectIdentifier;

use super::parse::CmsLimits;
use crate::ber::{Class, Reader as TlvReader};
use crate::i18n::MessageId;
use crate::oid;
use crate::report::{Finding, Severity};
use crate::revocation::RevocationEvidence;

/// ASN.1 universal SEQUENCE tag number (X.680 §8.4).
const T_SEQUENCE: u32 = 16;

/// Sort the raw `RevocationInfoChoice` elements into CRLs and OCSP responses. Elements kyso
/// does not use (SCVP responses, unknown formats, unreadable `other` wrappers) are reported
/// as findings.
pub(crate) fn evidence(raw: &[&[u8]], limits: &CmsLimits) -> (RevocationEvidence, Vec<Finding>) {
    let mut out = RevocationEvidence::default();
    let mut findings = Vec::new();
    let skipped = |kind: String| {
        Finding::new(MessageId::CmsRevocationInfoSkipped, Severity::Info).with("kind", kind)
    };
    for element in raw {
        let tlv = match TlvReader::top(element, limits.max_depth).next_tlv() {
            Ok(Some(t)) => t,
            _ => {
                findings.push(skipped("unreadable".into()));
                continue;
            }
        };
        match (tlv.class, tlv.number, tlv.constructed) {
            // crl CertificateList (RFC 5280 §5.1).
            (Class::Universal, T_SEQUENCE, true) => out.crls.push(element.to_vec()),
            // other [1] IMPLICIT OtherRevocationInfoFormat.
            (Class::Context, 1, true) => match other(&tlv) {
                Some(Other::Ocsp(der)) => out.ocsp_responses.push(der),
                Some(Other::Scvp) => findings.push(skipped("scvp".into())),
                Some(Other::Unknown(oid)) => findings.push(skipped(oid.to_string())),
                None => findings.push(skipped("unreadable".into())),
            },
            _ => findings.push(skipped("unknown".into())),
        }
    }
    (out, findings)
}

enum Other {
    Ocsp(Vec<u8>),
    Scvp,
    Unknown(ObjectIdentifier),
}

fn other(tlv: &super::parse::Tlv<'_>) -> Option<Other> {
    let mut r = tlv.children().ok()?;
    let format = r.next_tlv().ok()??;
    let format = ObjectIdentifier::from_der(format.raw).ok()?;
    let info = r.next_tlv().ok()??;
    Some(if format == oid::ID_RI_OCSP_RESPONSE {
        Other::Ocsp(info.raw.to_vec())
    } else if format == oid::ID_RI_SCVP {
        Other::Scvp
    } else {
        Other::Unknown(format)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use der::Encode;

    #[test]
    fn sorts_crls_ocsp_and_others() {
        let crl = [0x30, 0x03, 0x02, 0x01, 0x01];
        // [1] { OID id-ri-ocsp-response, SEQUENCE { ENUMERATED 1 } }
        let mut ocsp = vec![0xa1, 0x0f, 0x06, 0x08];
        ocsp.extend_from_slice(&oid::ID_RI_OCSP_RESPONSE.to_der().unwrap()[2..]);
        ocsp.extend_from_slice(&[0x30, 0x03, 0x0a, 0x01, 0x01]);
        let mut scvp = vec![0xa1, 0x0c, 0x06, 0x08];
        scvp.extend_from_slice(&oid::ID_RI_SCVP.to_der().unwrap()[2..]);
        scvp.extend_from_slice(&[0x05, 0x00]);
        let junk = [0xa1, 0x05, 0x02];
        let prim = [0x81, 0x01, 0x00];
        let (ev, f) = evidence(&[&crl, &ocsp, &scvp, &junk, &prim], &CmsLimits::default());
        assert_eq!(ev.crls, vec![crl.to_vec()]);
        assert_eq!(ev.ocsp_responses, vec![vec![0x30, 0x03, 0x0a, 0x01, 0x01]]);
        let kinds: Vec<&str> = f.iter().map(|f| f.params[0].1.as_str()).collect();
        assert_eq!(kinds, ["scvp", "unreadable", "unknown"]);
    }
}
