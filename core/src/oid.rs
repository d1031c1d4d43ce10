//! Object identifiers used across kyso, with the document that assigns each.

use der::asn1::ObjectIdentifier as Oid;

// X.520 / RFC 4519 attribute types.
pub const CN: Oid = Oid::new_unwrap("2.5.4.3");
pub const SURNAME: Oid = Oid::new_unwrap("2.5.4.4");
pub const SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
pub const C: Oid = Oid::new_unwrap("2.5.4.6");
pub const L: Oid = Oid::new_unwrap("2.5.4.7");
pub const ST: Oid = Oid::new_unwrap("2.5.4.8");
pub const STREET: Oid = Oid::new_unwrap("2.5.4.9");
pub const O: Oid = Oid::new_unwrap("2.5.4.10");
pub const OU: Oid = Oid::new_unwrap("2.5.4.11");
pub const TITLE: Oid = Oid::new_unwrap("2.5.4.12");
pub const GIVEN_NAME: Oid = Oid::new_unwrap("2.5.4.42");
/// RFC 4519 `uid` — where Vietnamese CAs put CMND/CCCD/HC/MST/MNS (vietnam.md §5).
pub const UID: Oid = Oid::new_unwrap("0.9.2342.19200300.100.1.1");
pub const DC: Oid = Oid::new_unwrap("0.9.2342.19200300.100.1.25");
/// PKCS #9 emailAddress (legacy e-mail in DN; VGCA certificates still carry it).
pub const EMAIL_ADDRESS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");

/// Short names for display (RFC 4514 §3 plus the common extras).
pub fn attribute_short_name(oid: &Oid) -> Option<&'static str> {
    Some(match *oid {
        CN => "CN",
        SURNAME => "SN",
        SERIAL_NUMBER => "serialNumber",
        C => "C",
        L => "L",
        ST => "ST",
        STREET => "STREET",
        O => "O",
        OU => "OU",
        TITLE => "T",
        GIVEN_NAME => "GN",
        UID => "UID",
        DC => "DC",
        EMAIL_ADDRESS => "E",
        _ => return None,
    })
}

// CMS content types and attributes (RFC 5652 §4–§11, RFC 5035, RFC 6211).
pub const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub const ID_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
pub const ID_COUNTERSIGNATURE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.6");
/// RFC 2634 §5.4 ESS signing-certificate (SHA-1 ESSCertID).
pub const ID_AA_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// RFC 5035 §3 ESS signing-certificate-v2.
pub const ID_AA_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// RFC 6211 §2 CMSAlgorithmProtection.
pub const ID_AA_CMS_ALGORITHM_PROTECTION: Oid = Oid::new_unwrap("1.2.840.113549.1.9.52");
/// RFC 3161 §3 / RFC 5652 unsigned attribute: signature time-stamp token.
pub const ID_AA_TIMESTAMP_TOKEN: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// S/MIME capabilities (RFC 8551 §2.5.2).
pub const ID_SMIME_CAPABILITIES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.15");
/// RFC 3161 TSTInfo content type.
pub const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");

// Extended key usages (RFC 5280 §4.2.1.12, RFC 9336 document signing).
pub const EKU_ANY: Oid = Oid::new_unwrap("2.5.29.37.0");
pub const EKU_SERVER_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.1");
pub const EKU_CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
pub const EKU_EMAIL_PROTECTION: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.4");
pub const EKU_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
pub const EKU_OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");
pub const EKU_DOCUMENT_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.36");
/// Microsoft "Document Signing" EKU, seen in Windows-issued signing certificates.
pub const EKU_MS_DOCUMENT_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.10.3.12");
/// Adobe Authentic Documents Trust "PDF signing".
pub const EKU_ADOBE_PDF_SIGNING: Oid = Oid::new_unwrap("1.2.840.113583.1.1.5");

/// VGCA G2 certificate policy (vietnam.md §4).
pub const VGCA_G2_POLICY: Oid = Oid::new_unwrap("2.16.704.1.1.1.1.1");

// DSA (verification of legacy signatures, cms::verify::signer_lookup).
/// `id-dsa` (RFC 3279 §2.3.2).
pub const ID_DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
/// `id-dsa-with-sha1` (RFC 3279 §2.2.2) and `id-dsa-with-sha224/256/384/512` (RFC 5758 §3.1).
pub const DSA_SIGNATURES: [Oid; 5] = [
    Oid::new_unwrap("1.2.840.10040.4.3"),
    Oid::new_unwrap("2.16.840.1.101.3.4.3.1"),
    Oid::new_unwrap("2.16.840.1.101.3.4.3.2"),
    Oid::new_unwrap("2.16.840.1.101.3.4.3.3"),
    Oid::new_unwrap("2.16.840.1.101.3.4.3.4"),
];
