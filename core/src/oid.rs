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

// Certificate extensions (RFC 5280 §4.2, RFC 6960 §4.2.2.2.1), read by path processing
// (`path::profile`) and shown by `inspect`.
pub const EXT_SUBJECT_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.14");
pub const EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
pub const EXT_SUBJECT_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.17");
pub const EXT_ISSUER_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.18");
pub const EXT_BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
pub const EXT_NAME_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.30");
pub const EXT_CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
pub const EXT_CERTIFICATE_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");
pub const EXT_POLICY_MAPPINGS: Oid = Oid::new_unwrap("2.5.29.33");
pub const EXT_AUTHORITY_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.35");
pub const EXT_POLICY_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.36");
pub const EXT_EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
pub const EXT_FRESHEST_CRL: Oid = Oid::new_unwrap("2.5.29.46");
pub const EXT_INHIBIT_ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.54");
pub const EXT_AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
pub const EXT_SUBJECT_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.11");
/// RFC 6960 §4.2.2.2.1 id-pkix-ocsp-nocheck.
pub const EXT_OCSP_NO_CHECK: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.5");

// Access methods (RFC 5280 §4.2.2.1, §4.2.2.2).
pub const AD_OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
pub const AD_CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
pub const AD_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.3");
pub const AD_CA_REPOSITORY: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.5");

/// anyPolicy (RFC 5280 §4.2.1.4).
pub const ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.32.0");

// Policy qualifier ids (RFC 5280 §4.2.1.4): id-qt-cps, id-qt-unotice.
pub const QT_CPS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.1");
pub const QT_UNOTICE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.2");

/// RFC 5280 §4.2 names of the certificate extensions kyso knows.
pub fn extension_name(oid: &Oid) -> Option<&'static str> {
    Some(match *oid {
        EXT_SUBJECT_KEY_IDENTIFIER => "subjectKeyIdentifier",
        EXT_KEY_USAGE => "keyUsage",
        EXT_SUBJECT_ALT_NAME => "subjectAltName",
        EXT_ISSUER_ALT_NAME => "issuerAltName",
        EXT_BASIC_CONSTRAINTS => "basicConstraints",
        EXT_NAME_CONSTRAINTS => "nameConstraints",
        EXT_CRL_DISTRIBUTION_POINTS => "cRLDistributionPoints",
        EXT_CERTIFICATE_POLICIES => "certificatePolicies",
        EXT_POLICY_MAPPINGS => "policyMappings",
        EXT_AUTHORITY_KEY_IDENTIFIER => "authorityKeyIdentifier",
        EXT_POLICY_CONSTRAINTS => "policyConstraints",
        EXT_EXTENDED_KEY_USAGE => "extKeyUsage",
        EXT_FRESHEST_CRL => "freshestCRL",
        EXT_INHIBIT_ANY_POLICY => "inhibitAnyPolicy",
        EXT_AUTHORITY_INFO_ACCESS => "authorityInfoAccess",
        EXT_SUBJECT_INFO_ACCESS => "subjectInfoAccess",
        EXT_OCSP_NO_CHECK => "ocspNoCheck",
        _ => return None,
    })
}

/// Names of the key purposes (RFC 5280 §4.2.1.12, RFC 9336) and the vendor ones kyso accepts.
pub fn eku_name(oid: &Oid) -> Option<&'static str> {
    Some(match *oid {
        EKU_ANY => "anyExtendedKeyUsage",
        EKU_SERVER_AUTH => "serverAuth",
        EKU_CLIENT_AUTH => "clientAuth",
        EKU_EMAIL_PROTECTION => "emailProtection",
        EKU_TIME_STAMPING => "timeStamping",
        EKU_OCSP_SIGNING => "OCSPSigning",
        EKU_DOCUMENT_SIGNING => "documentSigning",
        EKU_MS_DOCUMENT_SIGNING => "msDocumentSigning",
        EKU_ADOBE_PDF_SIGNING => "adobePdfSigning",
        _ => return None,
    })
}

/// Names of the access methods of AIA / SIA (RFC 5280 §4.2.2.1, §4.2.2.2).
pub fn access_method_name(oid: &Oid) -> Option<&'static str> {
    Some(match *oid {
        AD_OCSP => "OCSP",
        AD_CA_ISSUERS => "caIssuers",
        AD_TIME_STAMPING => "timeStamping",
        AD_CA_REPOSITORY => "caRepository",
        _ => return None,
    })
}
