//! Distinguished-name comparison for CRL and OCSP matching (RFC 5280 §7.1).
//!
//! RFC 5280 §7.1 asks for RFC 4518 string preparation before comparing names: the CRL issuer
//! of a real CA may be encoded as PrintableString while the certificate's issuer field is a
//! UTF8String, or differ in case or spacing (BoringSSL `good_issuer_name_normalization`).
//! This applies the parts of RFC 4518 that matter in practice — insignificant space handling
//! and case folding over DirectoryString values — and compares anything else byte for byte.

use der::{Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RelativeDistinguishedName};

/// Whether `a` and `b` name the same entity under RFC 5280 §7.1 matching.
pub(crate) fn names_match(a: &Name, b: &Name) -> bool {
    if a == b {
        return true;
    }
    let (ra, rb) = (a.as_ref(), b.as_ref());
    if ra.len() != rb.len() {
        return false;
    }
    ra.iter().zip(rb.iter()).all(|(x, y)| rdns_match(x, y))
}

/// RDNs are sets: same size and every attribute of one matched in the other.
fn rdns_match(a: &RelativeDistinguishedName, b: &RelativeDistinguishedName) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| atvs_match(x, y)))
}

fn atvs_match(a: &AttributeTypeAndValue, b: &AttributeTypeAndValue) -> bool {
    if a.oid != b.oid {
        return false;
    }
    match (prepared(&a.value), prepared(&b.value)) {
        (Some(x), Some(y)) => x == y,
        // Not strings (or one string, one not): compare tag and content exactly.
        _ => a.value == b.value,
    }
}

/// RFC 4518 §2 (simplified): decode a string value, fold case, drop leading and trailing
/// spaces and collapse inner runs of whitespace to one space. `None` for non-string values.
fn prepared(value: &der::Any) -> Option<String> {
    match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::TeletexString
        | Tag::BmpString
        | Tag::Ia5String
        | Tag::VisibleString => {}
        _ => return None,
    }
    let text = crate::cert::decode_directory_string(value);
    let folded: String = text.chars().flat_map(char::to_lowercase).collect();
    Some(folded.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use core::str::FromStr;

    #[test]
    fn case_and_space_insensitive_but_attribute_sensitive() {
        let a = Name::from_str("CN=Test  Intermediate CA,O=Kyso").unwrap();
        let b = Name::from_str("CN=test intermediate ca,O=KYSO").unwrap();
        let c = Name::from_str("CN=Test Intermediate CA,OU=Kyso").unwrap();
        let d = Name::from_str("CN=Test Intermediate CA").unwrap();
        assert!(names_match(&a, &b));
        assert!(!names_match(&a, &c));
        assert!(!names_match(&a, &d));
    }
}
