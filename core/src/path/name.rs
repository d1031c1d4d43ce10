//! Distinguished-name comparison for path building (RFC 5280 §7.1).
//!
//! RFC 5280 §7.1 asks conforming implementations to compare names with the LDAP
//! string preparation of RFC 4518: attribute values in PrintableString and UTF8String
//! (and, we add, the other directory string types real CAs use — T61String, BMPString,
//! IA5String for emailAddress/DC) are compared case-insensitively after removing leading and
//! trailing white space and folding internal runs of white space to one space. Other value
//! types are compared as their exact encoding. RDNs compare as sets of attributes.
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
                let mut atvs: Vec<(String, Value)> =
                    rdn.iter().map(|atv| (atv.oid.to_string(), prepare(&atv.value))).collect();
                atvs.sort();
                atvs
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
/// Whether two names are equal under §7.1.
pub(crate) fn names_match(a: &Name, b: &Name) -> bool {
    NormName::new(a) == NormName::new(b)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::as_conversions)]
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
}
