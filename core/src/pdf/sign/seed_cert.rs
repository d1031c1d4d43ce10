//! The certificate seed value dictionary of a signature field (`/SV /Cert`, ISO 32000-2
//! §12.7.5.5 Table 238): which signing certificates the field accepts. Each constraint binds
//! only when its bit in the dictionary's own `/Ff` is set (1 Subject, 2 Issuer, 3 OID,
//! 4 SubjectDN, 6 KeyUsage; 7 URL only tells where to get a certificate). A certificate that
//! does not meet a required constraint refuses the signature with a sentence naming it;
//! constraints that are not required are hints for choosing a certificate and change nothing
//! here (the certificate is the caller's).

use der::Decode;
use x509_cert::ext::pkix::{CertificatePolicies, KeyUsages};

use crate::cert::Certificate;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object};
use crate::pdf::text::decode_text_string;

use super::PdfSignError;
use super::error::SeedRequirement;

const CERT_SUBJECT: i64 = 1 << 0;
const CERT_ISSUER: i64 = 1 << 1;
const CERT_OID: i64 = 1 << 2;
const CERT_SUBJECT_DN: i64 = 1 << 3;
const CERT_KEY_USAGE: i64 = 1 << 5;

/// Key usage bits in the order of the `/KeyUsage` strings (Table 238, RFC 5280 §4.2.1.3).
const KEY_USAGE_ORDER: [KeyUsages; 9] = [
    KeyUsages::DigitalSignature,
    KeyUsages::NonRepudiation,
    KeyUsages::KeyEncipherment,
    KeyUsages::DataEncipherment,
    KeyUsages::KeyAgreement,
    KeyUsages::KeyCertSign,
    KeyUsages::CRLSign,
    KeyUsages::EncipherOnly,
    KeyUsages::DecipherOnly,
];

/// Refuses `certificate` (with `chain`, the certificates the signature carries) when it does
/// not meet a required constraint of `cert` (the `/Cert` dictionary).
pub(super) fn check(
    view: &RevisionView<'_, '_>,
    cert: &Dictionary,
    certificate: &Certificate,
    chain: &[Certificate],
) -> Result<(), PdfSignError> {
    let flags = view
        .get(cert, b"Ff")?
        .and_then(|f| f.as_integer())
        .unwrap_or(0);
    let refuse = |requirement, values: String| {
        Err(PdfSignError::SeedValue {
            requirement,
            values,
        })
    };

    // /Subject: the signing certificate is one of these (DER byte strings).
    let subjects = strings(view, cert, b"Subject")?;
    if flags & CERT_SUBJECT != 0
        && !subjects.is_empty()
        && !subjects
            .iter()
            .any(|der| der.as_slice() == certificate.der())
    {
        return refuse(SeedRequirement::CertSubject, subjects.len().to_string());
    }

    // /Issuer: "the signer's certificate chain shall include one of these issuer
    // certificates": the signing certificate's issuer, or a certificate the signature carries.
    let issuers = strings(view, cert, b"Issuer")?;
    if flags & CERT_ISSUER != 0 && !issuers.is_empty() {
        let listed: Vec<Certificate> = issuers
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect();
        let issued_by_one = listed.iter().any(|ca| {
            crate::name::names_match(certificate.issuer_name(), ca.subject_name())
                || chain.iter().any(|c| c.der() == ca.der())
        });
        if !issued_by_one {
            return refuse(SeedRequirement::CertIssuer, issuers.len().to_string());
        }
    }

    // /OID: certificate policies, one of which the signing certificate asserts.
    let oids: Vec<String> = strings(view, cert, b"OID")?
        .iter()
        .filter_map(|bytes| oid_text(bytes))
        .collect();
    if flags & CERT_OID != 0 && !oids.is_empty() {
        let asserted = policies(certificate);
        if !oids.iter().any(|o| asserted.contains(o)) {
            return refuse(SeedRequirement::CertPolicy, oids.join(", "));
        }
    }

    // /SubjectDN: dictionaries of attribute (short name or dotted OID) → value; the subject
    // must carry every attribute of one of them.
    if flags & CERT_SUBJECT_DN != 0
        && let Some(Object::Array(dns)) = view.get(cert, b"SubjectDN")?
        && !dns.is_empty()
    {
        let subject = certificate.subject().attributes();
        let mut wanted = Vec::new();
        let mut matched = false;
        for dn in &dns {
            let Some(dn) = view.dict(dn)? else { continue };
            let pairs: Vec<(String, String)> = dn
                .entries
                .iter()
                .filter_map(|(k, v)| {
                    let value = v.as_string().map(|s| decode_text_string(&s.bytes))?;
                    Some((String::from_utf8_lossy(k.as_bytes()).into_owned(), value))
                })
                .collect();
            matched |= pairs.iter().all(|(key, value)| {
                subject
                    .iter()
                    .any(|(k, v)| k.eq_ignore_ascii_case(key) && v == value)
            });
            wanted.push(
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !matched {
            return refuse(SeedRequirement::CertSubjectDn, wanted.join(" | "));
        }
    }

    // /KeyUsage: strings of nine characters, 1 set, 0 clear, X either; one must match. A
    // certificate without the extension has an unrestricted key (RFC 5280 §4.2.1.3): every
    // usage counts as set.
    let patterns: Vec<String> = strings(view, cert, b"KeyUsage")?
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    if flags & CERT_KEY_USAGE != 0 && !patterns.is_empty() {
        let usage = certificate.key_usage().ok().flatten().map(|(_, ku)| ku);
        let has = |bit: KeyUsages| usage.as_ref().is_none_or(|ku| ku.0.contains(bit));
        let fits = |pattern: &String| {
            pattern
                .chars()
                .zip(KEY_USAGE_ORDER)
                .all(|(c, bit)| match c {
                    '1' => has(bit),
                    '0' => !has(bit),
                    _ => true,
                })
        };
        if !patterns.iter().any(fits) {
            return refuse(SeedRequirement::CertKeyUsage, patterns.join(", "));
        }
    }
    Ok(())
}

/// The byte strings of an array entry (or of a single string).
fn strings(
    view: &RevisionView<'_, '_>,
    dict: &Dictionary,
    key: &[u8],
) -> Result<Vec<Vec<u8>>, PdfSignError> {
    Ok(match view.get(dict, key)? {
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_string().map(|s| s.bytes.clone()))
            .collect(),
        Some(Object::String(s)) => vec![s.bytes],
        _ => Vec::new(),
    })
}

/// A policy OID written as dotted text (as Acrobat and pyHanko write it) or as the DER
/// contents octets of an OBJECT IDENTIFIER, in dotted form.
fn oid_text(bytes: &[u8]) -> Option<String> {
    let text = core::str::from_utf8(bytes).ok().map(str::trim);
    if let Some(text) = text
        && let Ok(oid) = der::asn1::ObjectIdentifier::new(text)
    {
        return Some(oid.to_string());
    }
    der::asn1::ObjectIdentifier::from_bytes(bytes)
        .ok()
        .map(|o| o.to_string())
}

/// The certificate policies the certificate asserts (RFC 5280 §4.2.1.4), dotted.
fn policies(certificate: &Certificate) -> Vec<String> {
    let Ok(Some(ext)) = certificate.extension(crate::oid::EXT_CERTIFICATE_POLICIES) else {
        return Vec::new();
    };
    CertificatePolicies::from_der(ext.extn_value.as_bytes())
        .map(|cp| {
            cp.0.iter()
                .map(|p| p.policy_identifier.to_string())
                .collect()
        })
        .unwrap_or_default()
}
