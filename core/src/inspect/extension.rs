//! Certificate extensions decoded for display (RFC 5280 §4.2): each one kyso knows becomes an
//! [`ExtensionValue`]; the others are shown by OID name, criticality and the hex of their value.
//! Nothing here validates: path processing (`path::process`, `path::profile`) decides what an
//! extension means for a chain.

use core::fmt;

use der::Decode;
use der::asn1::{Ia5StringRef, ObjectIdentifier as Oid};
use serde::Serialize;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::certpolicy::{DisplayText, UserNotice};
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName, GeneralNames};
use x509_cert::ext::pkix::{
    AccessDescription, AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints,
    CertificatePolicies, CrlDistributionPoints, ExtendedKeyUsage, FreshestCrl, InhibitAnyPolicy,
    IssuerAltName, KeyUsage, KeyUsages, NameConstraints, PolicyConstraints, PolicyMappings,
    SubjectAltName, SubjectInfoAccessSyntax, SubjectKeyIdentifier,
};

use crate::oid;

/// One extension of a certificate (stable JSON field names: `oid`, `name`, `critical`, `value`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ExtensionView {
    /// Dotted OID.
    pub oid: String,
    /// RFC 5280 name (`keyUsage`, …), the `const-oid` database name, or empty.
    pub name: &'static str,
    pub critical: bool,
    /// The decoded value for people; the hex of extnValue's content when kyso does not know
    /// the extension or cannot decode it.
    pub value: String,
    /// The decoded value, structured; absent for unknown or undecodable extensions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<ExtensionValue>,
}

/// An OID with the name kyso or the `const-oid` database gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NamedOid {
    pub oid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
}

impl NamedOid {
    fn new(o: &Oid, known: fn(&Oid) -> Option<&'static str>) -> Self {
        Self {
            oid: o.to_string(),
            name: known(o).or_else(|| crate::cms::parse::oid_name(o)),
        }
    }
}

impl fmt::Display for NamedOid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(n) => f.write_str(n),
            None => f.write_str(&self.oid),
        }
    }
}

/// One CRL distribution point (RFC 5280 §4.2.1.13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DistributionPointView {
    /// fullName entries, or the nameRelativeToCRLIssuer RDN.
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crl_issuer: Vec<String>,
}

/// One AIA / SIA access description (RFC 5280 §4.2.2.1, §4.2.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AccessView {
    pub method: NamedOid,
    pub location: String,
}

/// One policy of certificatePolicies with its qualifiers (RFC 5280 §4.2.1.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PolicyView {
    pub policy: NamedOid,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub qualifiers: Vec<String>,
}

/// One policy mapping (RFC 5280 §4.2.1.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PolicyMappingView {
    pub issuer_domain_policy: String,
    pub subject_domain_policy: String,
}

/// The decoded value of an extension kyso knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExtensionValue {
    /// §4.2.1.9.
    BasicConstraints { ca: bool, path_len: Option<u8> },
    /// §4.2.1.3: the bits set, by their RFC names.
    KeyUsage { usages: Vec<&'static str> },
    /// §4.2.1.12.
    ExtendedKeyUsage { purposes: Vec<NamedOid> },
    /// §4.2.1.2, colon-separated hex.
    SubjectKeyIdentifier { key_id: String },
    /// §4.2.1.1.
    AuthorityKeyIdentifier {
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        issuer: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        serial: Option<String>,
    },
    /// §4.2.1.6.
    SubjectAltName { names: Vec<String> },
    /// §4.2.1.7.
    IssuerAltName { names: Vec<String> },
    /// §4.2.1.13.
    CrlDistributionPoints { points: Vec<DistributionPointView> },
    /// §4.2.1.15.
    FreshestCrl { points: Vec<DistributionPointView> },
    /// §4.2.2.1.
    AuthorityInfoAccess { access: Vec<AccessView> },
    /// §4.2.2.2.
    SubjectInfoAccess { access: Vec<AccessView> },
    /// §4.2.1.4.
    CertificatePolicies { policies: Vec<PolicyView> },
    /// §4.2.1.5.
    PolicyMappings { mappings: Vec<PolicyMappingView> },
    /// §4.2.1.10: each subtree as a general name (`DNS:example.vn`, `IP:10.0.0.0/255.0.0.0`).
    NameConstraints {
        permitted: Vec<String>,
        excluded: Vec<String>,
    },
    /// §4.2.1.11.
    PolicyConstraints {
        #[serde(skip_serializing_if = "Option::is_none")]
        require_explicit_policy: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        inhibit_policy_mapping: Option<u32>,
    },
    /// §4.2.1.14.
    InhibitAnyPolicy { skip_certs: u32 },
    /// RFC 6960 §4.2.2.2.1: the value is NULL.
    OcspNoCheck,
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ExtensionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BasicConstraints { ca, path_len } => match path_len {
                Some(p) => write!(f, "CA={ca}, pathLen={p}"),
                None => write!(f, "CA={ca}"),
            },
            Self::KeyUsage { usages } => f.write_str(&usages.join(", ")),
            Self::ExtendedKeyUsage { purposes } => f.write_str(&join(purposes)),
            Self::SubjectKeyIdentifier { key_id } => f.write_str(key_id),
            Self::AuthorityKeyIdentifier {
                key_id,
                issuer,
                serial,
            } => {
                let mut parts: Vec<String> = key_id.iter().cloned().collect();
                parts.extend(issuer.iter().map(|i| format!("issuer {i}")));
                parts.extend(serial.iter().map(|s| format!("serial {s}")));
                f.write_str(&parts.join(", "))
            }
            Self::SubjectAltName { names } | Self::IssuerAltName { names } => {
                f.write_str(&names.join(", "))
            }
            Self::CrlDistributionPoints { points } | Self::FreshestCrl { points } => {
                f.write_str(&join(points))
            }
            Self::AuthorityInfoAccess { access } | Self::SubjectInfoAccess { access } => {
                f.write_str(&join(access))
            }
            Self::CertificatePolicies { policies } => f.write_str(&join(policies)),
            Self::PolicyMappings { mappings } => f.write_str(
                &mappings
                    .iter()
                    .map(|m| format!("{} → {}", m.issuer_domain_policy, m.subject_domain_policy))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Self::NameConstraints {
                permitted,
                excluded,
            } => {
                let mut parts = Vec::new();
                if !permitted.is_empty() {
                    parts.push(format!("permitted: {}", permitted.join(", ")));
                }
                if !excluded.is_empty() {
                    parts.push(format!("excluded: {}", excluded.join(", ")));
                }
                f.write_str(&parts.join("; "))
            }
            Self::PolicyConstraints {
                require_explicit_policy,
                inhibit_policy_mapping,
            } => {
                let mut parts = Vec::new();
                if let Some(r) = require_explicit_policy {
                    parts.push(format!("requireExplicitPolicy={r}"));
                }
                if let Some(i) = inhibit_policy_mapping {
                    parts.push(format!("inhibitPolicyMapping={i}"));
                }
                f.write_str(&parts.join(", "))
            }
            Self::InhibitAnyPolicy { skip_certs } => write!(f, "skipCerts={skip_certs}"),
            Self::OcspNoCheck => Ok(()),
        }
    }
}

impl fmt::Display for DistributionPointView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names.join(", "))?;
        if !self.reasons.is_empty() {
            write!(f, " (reasons: {})", self.reasons.join(", "))?;
        }
        if !self.crl_issuer.is_empty() {
            write!(f, " (cRLIssuer: {})", self.crl_issuer.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Display for AccessView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.location)
    }
}

impl fmt::Display for PolicyView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Policies are shown dotted first: the OID is what policies are compared by.
        f.write_str(&self.policy.oid)?;
        if let Some(n) = self.policy.name {
            write!(f, " ({n})")?;
        }
        for q in &self.qualifiers {
            write!(f, " [{q}]")?;
        }
        Ok(())
    }
}

/// Upper-case hex, no separators.
pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Upper-case hex with colons (key identifiers, fingerprints), as OpenSSL prints them.
pub(crate) fn hex_colon(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// An iPAddress general name: 4 or 16 octets, or address + mask (8 or 32 octets) in name
/// constraints (RFC 5280 §4.2.1.10); anything else in hex.
fn ip(b: &[u8]) -> String {
    fn addr(b: &[u8]) -> Option<String> {
        if let Ok(v4) = <[u8; 4]>::try_from(b) {
            return Some(core::net::Ipv4Addr::from(v4).to_string());
        }
        <[u8; 16]>::try_from(b)
            .ok()
            .map(|v6| core::net::Ipv6Addr::from(v6).to_string())
    }
    let half = b.len() / 2;
    match (addr(b), b.split_at_checked(half)) {
        (Some(a), _) => a,
        (None, Some((a, m))) if matches!(b.len(), 8 | 32) => match (addr(a), addr(m)) {
            (Some(a), Some(m)) => format!("{a}/{m}"),
            _ => hex(b),
        },
        _ => hex(b),
    }
}

/// A general name in OpenSSL's `TYPE:value` style.
fn general_name(g: &GeneralName) -> String {
    match g {
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::DirectoryName(n) => format!("DirName:{}", crate::DistinguishedName(n)),
        GeneralName::IpAddress(a) => format!("IP:{}", ip(a.as_bytes())),
        GeneralName::RegisteredId(o) => format!("RID:{o}"),
        GeneralName::OtherName(o) => format!("othername:{}", o.type_id),
        GeneralName::EdiPartyName(_) => "EdiPartyName".into(),
    }
}

fn general_names(g: &GeneralNames) -> Vec<String> {
    g.iter().map(general_name).collect()
}

fn reasons(flags: &x509_cert::ext::pkix::crl::dp::ReasonFlags) -> Vec<&'static str> {
    use x509_cert::ext::pkix::crl::dp::Reasons as R;
    [
        (R::Unused, "unused"),
        (R::KeyCompromise, "keyCompromise"),
        (R::CaCompromise, "cACompromise"),
        (R::AffiliationChanged, "affiliationChanged"),
        (R::Superseded, "superseded"),
        (R::CessationOfOperation, "cessationOfOperation"),
        (R::CertificateHold, "certificateHold"),
        (R::PrivilegeWithdrawn, "privilegeWithdrawn"),
        (R::AaCompromise, "aACompromise"),
    ]
    .into_iter()
    .filter(|(r, _)| flags.contains(*r))
    .map(|(_, n)| n)
    .collect()
}

fn distribution_points(points: &[DistributionPoint]) -> Vec<DistributionPointView> {
    points
        .iter()
        .map(|dp| DistributionPointView {
            names: match &dp.distribution_point {
                Some(DistributionPointName::FullName(n)) => general_names(n),
                Some(DistributionPointName::NameRelativeToCRLIssuer(rdn)) => {
                    vec![rdn.to_string()]
                }
                None => Vec::new(),
            },
            reasons: dp.reasons.as_ref().map(reasons).unwrap_or_default(),
            crl_issuer: dp
                .crl_issuer
                .as_ref()
                .map(general_names)
                .unwrap_or_default(),
        })
        .collect()
}

fn access(descriptions: &[AccessDescription]) -> Vec<AccessView> {
    descriptions
        .iter()
        .map(|d| AccessView {
            method: NamedOid::new(&d.access_method, oid::access_method_name),
            location: general_name(&d.access_location),
        })
        .collect()
}

fn display_text(t: &DisplayText) -> String {
    match t {
        DisplayText::Ia5String(s) => s.to_string(),
        DisplayText::Utf8String(s) => s.clone(),
    }
}

/// The two qualifiers RFC 5280 §4.2.1.4 defines, decoded; others as `OID` only.
fn policies(p: &CertificatePolicies) -> Vec<PolicyView> {
    p.0.iter()
        .map(|pi| PolicyView {
            policy: NamedOid::new(&pi.policy_identifier, |o| {
                (*o == oid::VGCA_G2_POLICY).then_some("VGCA G2")
            }),
            qualifiers: pi
                .policy_qualifiers
                .iter()
                .flatten()
                .map(|q| {
                    let id = q.policy_qualifier_id;
                    let value = q.qualifier.as_ref();
                    match id {
                        oid::QT_CPS => value
                            .and_then(|v| v.decode_as::<Ia5StringRef<'_>>().ok())
                            .map_or_else(|| "CPS".to_owned(), |s| format!("CPS: {}", s.as_str())),
                        oid::QT_UNOTICE => value
                            .and_then(|v| v.decode_as::<UserNotice>().ok())
                            .and_then(|n| n.explicit_text.as_ref().map(display_text))
                            .map_or_else(
                                || "userNotice".to_owned(),
                                |t| format!("userNotice: {t}"),
                            ),
                        other => other.to_string(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn key_usages(k: &KeyUsage) -> Vec<&'static str> {
    [
        (KeyUsages::DigitalSignature, "digitalSignature"),
        (KeyUsages::NonRepudiation, "nonRepudiation"),
        (KeyUsages::KeyEncipherment, "keyEncipherment"),
        (KeyUsages::DataEncipherment, "dataEncipherment"),
        (KeyUsages::KeyAgreement, "keyAgreement"),
        (KeyUsages::KeyCertSign, "keyCertSign"),
        (KeyUsages::CRLSign, "cRLSign"),
        (KeyUsages::EncipherOnly, "encipherOnly"),
        (KeyUsages::DecipherOnly, "decipherOnly"),
    ]
    .into_iter()
    .filter(|(f, _)| k.0.contains(*f))
    .map(|(_, n)| n)
    .collect()
}

/// Decode `bytes` (extnValue's content) as the extension `id`; `None` when kyso does not know
/// the extension or the value does not decode.
fn decode(id: &Oid, bytes: &[u8]) -> Option<ExtensionValue> {
    use ExtensionValue as V;
    Some(match *id {
        oid::EXT_BASIC_CONSTRAINTS => {
            let b = BasicConstraints::from_der(bytes).ok()?;
            V::BasicConstraints {
                ca: b.ca,
                path_len: b.path_len_constraint,
            }
        }
        oid::EXT_KEY_USAGE => V::KeyUsage {
            usages: key_usages(&KeyUsage::from_der(bytes).ok()?),
        },
        oid::EXT_EXTENDED_KEY_USAGE => V::ExtendedKeyUsage {
            purposes: ExtendedKeyUsage::from_der(bytes)
                .ok()?
                .0
                .iter()
                .map(|o| NamedOid::new(o, oid::eku_name))
                .collect(),
        },
        oid::EXT_SUBJECT_KEY_IDENTIFIER => V::SubjectKeyIdentifier {
            key_id: hex_colon(SubjectKeyIdentifier::from_der(bytes).ok()?.0.as_bytes()),
        },
        oid::EXT_AUTHORITY_KEY_IDENTIFIER => {
            let a = AuthorityKeyIdentifier::from_der(bytes).ok()?;
            V::AuthorityKeyIdentifier {
                key_id: a.key_identifier.map(|k| hex_colon(k.as_bytes())),
                issuer: a
                    .authority_cert_issuer
                    .as_ref()
                    .map(general_names)
                    .unwrap_or_default(),
                serial: a.authority_cert_serial_number.map(|s| hex(s.as_bytes())),
            }
        }
        oid::EXT_SUBJECT_ALT_NAME => V::SubjectAltName {
            names: general_names(&SubjectAltName::from_der(bytes).ok()?.0),
        },
        oid::EXT_ISSUER_ALT_NAME => V::IssuerAltName {
            names: general_names(&IssuerAltName::from_der(bytes).ok()?.0),
        },
        oid::EXT_CRL_DISTRIBUTION_POINTS => V::CrlDistributionPoints {
            points: distribution_points(&CrlDistributionPoints::from_der(bytes).ok()?.0),
        },
        oid::EXT_FRESHEST_CRL => V::FreshestCrl {
            points: distribution_points(&FreshestCrl::from_der(bytes).ok()?.0),
        },
        oid::EXT_AUTHORITY_INFO_ACCESS => V::AuthorityInfoAccess {
            access: access(&AuthorityInfoAccessSyntax::from_der(bytes).ok()?.0),
        },
        oid::EXT_SUBJECT_INFO_ACCESS => V::SubjectInfoAccess {
            access: access(&SubjectInfoAccessSyntax::from_der(bytes).ok()?.0),
        },
        oid::EXT_CERTIFICATE_POLICIES => V::CertificatePolicies {
            policies: policies(&CertificatePolicies::from_der(bytes).ok()?),
        },
        oid::EXT_POLICY_MAPPINGS => V::PolicyMappings {
            mappings: PolicyMappings::from_der(bytes)
                .ok()?
                .0
                .iter()
                .map(|m| PolicyMappingView {
                    issuer_domain_policy: m.issuer_domain_policy.to_string(),
                    subject_domain_policy: m.subject_domain_policy.to_string(),
                })
                .collect(),
        },
        oid::EXT_NAME_CONSTRAINTS => {
            let nc = NameConstraints::from_der(bytes).ok()?;
            let subtrees =
                |s: &Option<Vec<x509_cert::ext::pkix::constraints::name::GeneralSubtree>>| {
                    s.iter()
                        .flatten()
                        .map(|st| general_name(&st.base))
                        .collect()
                };
            V::NameConstraints {
                permitted: subtrees(&nc.permitted_subtrees),
                excluded: subtrees(&nc.excluded_subtrees),
            }
        }
        oid::EXT_POLICY_CONSTRAINTS => {
            let pc = PolicyConstraints::from_der(bytes).ok()?;
            V::PolicyConstraints {
                require_explicit_policy: pc.require_explicit_policy,
                inhibit_policy_mapping: pc.inhibit_policy_mapping,
            }
        }
        oid::EXT_INHIBIT_ANY_POLICY => V::InhibitAnyPolicy {
            skip_certs: InhibitAnyPolicy::from_der(bytes).ok()?.0,
        },
        oid::EXT_OCSP_NO_CHECK => {
            der::asn1::Null::from_der(bytes).ok()?;
            V::OcspNoCheck
        }
        _ => return None,
    })
}

/// The view of one extension.
pub(crate) fn extension_view(e: &Extension) -> ExtensionView {
    let bytes = e.extn_value.as_bytes();
    let decoded = decode(&e.extn_id, bytes);
    ExtensionView {
        oid: e.extn_id.to_string(),
        name: oid::extension_name(&e.extn_id)
            .or_else(|| crate::cms::parse::oid_name(&e.extn_id))
            .unwrap_or(""),
        critical: e.critical,
        value: match &decoded {
            Some(v) => v.to_string(),
            None => hex(bytes),
        },
        decoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_and_masks_are_readable() {
        assert_eq!(ip(&[192, 168, 1, 2]), "192.168.1.2");
        assert_eq!(ip(&[10, 0, 0, 0, 255, 0, 0, 0]), "10.0.0.0/255.0.0.0");
        assert_eq!(ip(&[0; 16]), "::");
        assert_eq!(ip(&[1, 2, 3]), "010203");
    }

    #[test]
    fn an_unknown_extension_keeps_its_oid_criticality_and_hex() {
        let e = Extension {
            extn_id: Oid::new_unwrap("1.2.3.4.5"),
            critical: true,
            extn_value: der::asn1::OctetString::new(vec![0x05, 0x00]).unwrap(),
        };
        let v = extension_view(&e);
        assert_eq!(
            (v.oid.as_str(), v.name, v.critical),
            ("1.2.3.4.5", "", true)
        );
        assert_eq!(v.value, "0500");
        assert!(v.decoded.is_none());
    }
}
