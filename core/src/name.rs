//! Distinguished-name comparison (RFC 5280 §7.1), for path building, name constraints and
//! CRL / OCSP issuer matching.
//!
//! RFC 5280 §7.1 asks conforming implementations to compare names with the LDAP string
//! preparation of RFC 4518: attribute values in PrintableString and UTF8String (and, we add,
//! the other directory string types real CAs use — T61String, BMPString, IA5String for
//! emailAddress/DC) are compared case-insensitively after removing leading and trailing white
//! space and folding internal runs of white space to one space. It matters in practice: the CRL
//! issuer of a real CA may be encoded as PrintableString while the certificate's issuer field
//! is a UTF8String, or differ in case or spacing (BoringSSL `good_issuer_name_normalization`).
//! Other value types are compared as their exact encoding. RDNs compare as sets of attributes.
//! Hand-written: no RustCrypto crate implements §7.1 comparison.

use der::{Encode, Tag, Tagged};
use x509_cert::name::Name;

/// One attribute value prepared for comparison.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Value {
    /// A string type after RFC 4518 insignificant-space handling and case folding.
    Text(String),
    /// Anything else: the full DER encoding (tag and value).
    Raw(Vec<u8>),
}

/// A name in the canonical form used for matching: RDNs in encoded order, each RDN's
/// attributes sorted (an RDN is a SET, so order within it is not significant).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NormName(Vec<Vec<(String, Value)>>);

impl NormName {
    pub(crate) fn new(name: &Name) -> Self {
        let rdns = name
            .iter_rdn()
            .map(|rdn| {
                let atvs: Vec<(String, Value)> = rdn
                    .iter()
                    .map(|atv| (atv.oid.to_string(), prepare(&atv.value)))
                    .collect();
                crate::sort::sorted_by(atvs, Ord::cmp)
            })
            .collect();
        Self(rdns)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `self` lies in the subtree rooted at `base` (RFC 5280 §4.2.1.10 directoryName:
    /// the base's RDNs are a prefix of the name's RDNs).
    pub(crate) fn within(&self, base: &NormName) -> bool {
        base.0.len() <= self.0.len() && base.0.iter().zip(self.0.iter()).all(|(a, b)| a == b)
    }
}

/// Whether `a` and `b` name the same entity under RFC 5280 §7.1 matching.
pub(crate) fn names_match(a: &Name, b: &Name) -> bool {
    a == b || NormName::new(a) == NormName::new(b)
}

/// RFC 4518 §2 (simplified, as RFC 5280 §7.1 allows): case fold, trim, fold inner spaces.
fn prepare(value: &der::Any) -> Value {
    let text = match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::TeletexString
        | Tag::BmpString
        | Tag::Ia5String
        | Tag::VisibleString => Some(crate::cert::decode_directory_string(value)),
        _ => None,
    };
    match text {
        Some(t) => {
            let folded: Vec<String> = t.split_whitespace().map(|w| w.to_lowercase()).collect();
            Value::Text(folded.join(" "))
        }
        None => Value::Raw(value.to_der().unwrap_or_default()),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;
    use core::str::FromStr;

    #[test]
    fn case_and_space_insensitive() {
        let a = Name::from_str("CN=Good  CA,O=Test Certificates 2011,C=US").unwrap();
        let b = Name::from_str("CN=good ca,O=test certificates 2011,C=us").unwrap();
        let c = Name::from_str("CN=Good CA2,O=Test Certificates 2011,C=US").unwrap();
        assert!(names_match(&a, &b));
        assert!(!names_match(&a, &c));
        let base = Name::from_str("O=Test Certificates 2011,C=US").unwrap();
        assert!(NormName::new(&a).within(&NormName::new(&base)));
        assert!(!NormName::new(&base).within(&NormName::new(&a)));
    }

    #[test]
    fn attribute_type_and_rdn_count_matter() {
        let a = Name::from_str("CN=Test  Intermediate CA,O=Kyso").unwrap();
        let b = Name::from_str("CN=test intermediate ca,O=KYSO").unwrap();
        let c = Name::from_str("CN=Test Intermediate CA,OU=Kyso").unwrap();
        let d = Name::from_str("CN=Test Intermediate CA").unwrap();
        assert!(names_match(&a, &b));
        assert!(!names_match(&a, &c));
        assert!(!names_match(&a, &d));
    }

    #[test]
    fn string_types_compare_by_text_others_by_encoding() {
        // The same CN as PrintableString and as UTF8String (a CRL issuer vs a certificate's
        // issuer field) match; an OCTET STRING value never matches a string.
        let rdn = |value: &[u8]| {
            let atv = [
                &[0x30, u8::try_from(5 + value.len()).unwrap(), 6, 3, 85, 4, 3][..],
                value,
            ]
            .concat();
            let set = [&[0x31, u8::try_from(atv.len()).unwrap()][..], &atv].concat();
            let seq = [&[0x30, u8::try_from(set.len()).unwrap()][..], &set].concat();
            <Name as der::Decode>::from_der(&seq).unwrap()
        };
        let printable = rdn(&[0x13, 2, b'C', b'A']);
        let utf8 = rdn(&[0x0c, 3, b' ', b'c', b'a']);
        let octets = rdn(&[0x04, 2, b'C', b'A']);
        assert!(names_match(&printable, &utf8));
        assert!(!names_match(&printable, &octets));
        assert!(names_match(&octets, &octets.clone()));
    }
}
