//! Object identifiers used across kyso: the one table, grouped by the document that assigns
//! each (RFC section beside every group or constant).
//!
//! Values are written as dotted literals rather than taken from `const_oid::db`: the workspace
//! enables const-oid's `db` feature, so those constants would compile even with kyso's `oid-db`
//! feature off, but a literal next to its RFC section is what a reviewer checks against the
//! standard, and the table stays independent of how const-oid names things. `const_oid::db` is
//! used only to *name* OIDs outside this table in reports (feature `oid-db`).

/// The type of every constant here (`der`'s, re-exported so callers can parse and compare OIDs).
pub use der::asn1::ObjectIdentifier as Oid;

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
/// RFC 4519 `uid` — where Vietnamese CAs put CMND/CCCD/HC/MST/MNS (docs/vietnam.md §5).
pub const UID: Oid = Oid::new_unwrap("0.9.2342.19200300.100.1.1");
pub const DC: Oid = Oid::new_unwrap("0.9.2342.19200300.100.1.25");
/// PKCS #9 emailAddress (legacy e-mail in DN; VGCA certificates still carry it).
pub const EMAIL_ADDRESS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");

/// `table`'s value for `oid`.
///
/// OID tables are searched rather than `match`ed: each arm of a `match` on an OID compiles to
/// an inlined comparison of the whole 40-byte value, ~250 bytes of WASM apiece (issue 11's
/// size budget), where a table entry is its 40 bytes of data.
pub(crate) fn lookup<T: Copy>(table: &[(Oid, T)], oid: &Oid) -> Option<T> {
    table
        .iter()
        .find(|(key, _)| key == oid)
        .map(|(_, value)| *value)
}

/// Short names for display (RFC 4514 §3 plus the common extras).
pub fn attribute_short_name(oid: &Oid) -> Option<&'static str> {
    const SHORT_NAMES: &[(Oid, &str)] = &[
        (CN, "CN"),
        (SURNAME, "SN"),
        (SERIAL_NUMBER, "serialNumber"),
        (C, "C"),
        (L, "L"),
        (ST, "ST"),
        (STREET, "STREET"),
        (O, "O"),
        (OU, "OU"),
        (TITLE, "T"),
        (GIVEN_NAME, "GN"),
        (UID, "UID"),
        (DC, "DC"),
        (EMAIL_ADDRESS, "E"),
    ];
    lookup(SHORT_NAMES, oid)
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
/// ETSI EN 319 122-1 §5.5.3 archive-time-stamp-v3 (id-aa-ets-archiveTimestampV3).
pub const ID_AA_ETS_ARCHIVE_TIMESTAMP_V3: Oid = Oid::new_unwrap("0.4.0.1733.2.4");
/// ETSI EN 319 122-1 §5.5.2 ats-hash-index-v3 (id-aa-ATSHashIndex-v3).
pub const ID_AA_ATS_HASH_INDEX_V3: Oid = Oid::new_unwrap("0.4.0.19122.1.5");
/// S/MIME capabilities (RFC 8551 §2.5.2).
pub const ID_SMIME_CAPABILITIES: Oid = Oid::new_unwrap("1.2.840.113549.1.9.15");
/// RFC 3161 TSTInfo content type.
pub const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// RFC 5652 §8 encrypted-data content type (used inside PKCS #12, RFC 7292 §4.1).
pub const ID_ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
/// RFC 5940 §2.1 `id-ri-ocsp-response`: OCSP response in a CMS `otherRevInfo`.
pub const ID_RI_OCSP_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.16.2");
/// RFC 5940 §2.1 `id-ri-scvp`: SCVP response in a CMS `otherRevInfo`.
pub const ID_RI_SCVP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.16.4");
/// Microsoft Authenticode `SPC_INDIRECT_DATA` content type, seen in PKCS #7 files (display only).
pub const MS_SPC_INDIRECT_DATA: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.2.1.4");
/// Microsoft certificate trust list content type, seen in PKCS #7 files (display only).
pub const MS_CTL: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.10.1");

// PKCS #12 (RFC 7292) bag and certificate types, and password-based encryption (RFC 8018).
/// RFC 7292 §4.2 bag types.
pub const KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
pub const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
pub const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
pub const SAFE_CONTENTS_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.6");
/// RFC 7292 §4.2.3 certificate type `x509Certificate`.
pub const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
/// PBMAC1 (RFC 9579, RFC 8018 Appendix A.5): MAC digests beyond SHA-1/SHA-2.
pub const PBMAC1: Oid = Oid::new_unwrap("1.2.840.113549.1.5.14");
/// RFC 8018 Appendix A.4.
pub const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
/// RFC 8018 Appendix A.2.
pub const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
/// RFC 7914 §7.
pub const SCRYPT: Oid = Oid::new_unwrap("1.3.6.1.4.1.11591.4.11");
// RFC 7292 Appendix C: PKCS #12 password-based encryption schemes.
pub const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
pub const PBE_SHA1_2DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.4");
pub const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
pub const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");

// Algorithms: digests, signatures, key types and curves.
// Digests: RFC 3279 §2.2.1 (SHA-1), RFC 5754 §2 (SHA-2), NIST CSOR `hashAlgs` (SHA-3,
// id-sha3-224..512 = 2.16.840.1.101.3.4.2.7–.10, as RFC 8702 §2 lists them beside SHAKE).
pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
pub const SHA224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.4");
pub const SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.7");
pub const SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.8");
pub const SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.9");
pub const SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.10");
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

// RSA: RFC 8017 Appendix C, RFC 4055 §3 / §5.
pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
/// OIW `sha1WithRSASignature`, seen in old Windows-made signatures.
pub const SHA1_WITH_RSA_OIW: Oid = Oid::new_unwrap("1.3.14.3.2.29");
pub const SHA224_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.14");
pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
// NIST CSOR `sigAlgs`: id-rsassa-pkcs1-v1_5-with-sha3-224..512.
pub const RSA_SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.13");
pub const RSA_SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.14");
pub const RSA_SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.15");
pub const RSA_SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.16");

// ECDSA: RFC 5480 §2.1.1 (key), RFC 3279 §2.2.3 (SHA-1), RFC 5758 §3.2 (SHA-2).
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub const ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
pub const ECDSA_SHA224: Oid = Oid::new_unwrap("1.2.840.10045.4.3.1");
pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
pub const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
// NIST CSOR `sigAlgs`: id-ecdsa-with-sha3-224..512.
pub const ECDSA_SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.9");
pub const ECDSA_SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.10");
pub const ECDSA_SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.11");
pub const ECDSA_SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.12");
// Named curves: RFC 5480 §2.1.1.1.
pub const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
pub const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");
pub const SECP521R1: Oid = Oid::new_unwrap("1.3.132.0.35");

// Ed25519: RFC 8410 §3.
pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");

// DSA: RFC 3279 §2.2.2 / §2.3.2 (id-dsa, id-dsa-with-sha1), RFC 5758 §3.1 (SHA-2).
pub const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
pub const DSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10040.4.3");
pub const DSA_SHA224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.1");
pub const DSA_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.2");
pub const DSA_SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.3");
pub const DSA_SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.4");
// NIST CSOR `sigAlgs`: id-dsa-with-sha3-224..512.
pub const DSA_SHA3_224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.5");
pub const DSA_SHA3_256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.6");
pub const DSA_SHA3_384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.7");
pub const DSA_SHA3_512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.8");

// X.509 certificate extensions (RFC 5280 §4.2) and CRL extensions (RFC 5280 §5.2, §5.3).
/// RFC 5280 §4.2.1.4 `anyPolicy`.
pub const ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.32.0");
/// RFC 5280 §4.2.1.4 policy qualifiers `id-qt-cps` and `id-qt-unotice`.
pub const QT_CPS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.1");
pub const QT_UNOTICE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.2");
/// RFC 5280 §4.2.2.1 access methods `id-ad-ocsp` (RFC 6960 §3.1) and `id-ad-caIssuers`.
pub const AD_OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
pub const AD_CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
/// RFC 5280 §5.2.3.
pub const CRL_NUMBER: Oid = Oid::new_unwrap("2.5.29.20");
/// RFC 5280 §5.2.4.
pub const DELTA_CRL_INDICATOR: Oid = Oid::new_unwrap("2.5.29.27");
/// RFC 5280 §5.2.5.
pub const ISSUING_DISTRIBUTION_POINT: Oid = Oid::new_unwrap("2.5.29.28");
/// ITU-T X.509 (2019) §9.6.2.8 expiredCertsOnCRL.
pub const EXPIRED_CERTS_ON_CRL: Oid = Oid::new_unwrap("2.5.29.60");
/// RFC 5280 §5.3.1.
pub const REASON_CODE: Oid = Oid::new_unwrap("2.5.29.21");
/// RFC 3280 §5.3.2 hold instruction code (dropped from RFC 5280, still seen).
pub const HOLD_INSTRUCTION_CODE: Oid = Oid::new_unwrap("2.5.29.23");
/// RFC 5280 §5.3.2.
pub const INVALIDITY_DATE: Oid = Oid::new_unwrap("2.5.29.24");
/// RFC 5280 §5.3.3.
pub const CERTIFICATE_ISSUER: Oid = Oid::new_unwrap("2.5.29.29");

// OCSP (RFC 6960 §4.2.1, §4.4; RFC 8954; RFC 6962 §3.3).
/// RFC 6960 §4.2.1 `id-pkix-ocsp-basic`.
pub const OCSP_BASIC: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// RFC 6960 §4.4.1, RFC 8954 `id-pkix-ocsp-nonce`.
pub const OCSP_NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// RFC 6960 §4.4.2 `id-pkix-ocsp-crl`.
pub const OCSP_CRL_ID: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.3");
/// RFC 6960 §4.4.4 `id-pkix-ocsp-archive-cutoff`.
pub const OCSP_ARCHIVE_CUTOFF: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.6");
/// RFC 6960 §4.4.8 `id-pkix-ocsp-extended-revoke`.
pub const OCSP_EXTENDED_REVOKE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.9");
/// RFC 6962 §3.3 signed certificate timestamp list in an OCSP SingleResponse.
pub const CT_SCT_LIST: Oid = Oid::new_unwrap("1.3.6.1.4.1.11129.2.4.5");

// Extended key usages (RFC 5280 §4.2.1.12, RFC 9336 document signing).
pub const EKU_ANY: Oid = Oid::new_unwrap("2.5.29.37.0");
pub const EKU_SERVER_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.1");
pub const EKU_CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
pub const EKU_CODE_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.3");
pub const EKU_EMAIL_PROTECTION: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.4");
pub const EKU_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
pub const EKU_OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");
pub const EKU_DOCUMENT_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.36");
/// Microsoft "Document Signing" EKU, seen in Windows-issued signing certificates.
pub const EKU_MS_DOCUMENT_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.10.3.12");
/// Adobe Authentic Documents Trust "PDF signing".
pub const EKU_ADOBE_PDF_SIGNING: Oid = Oid::new_unwrap("1.2.840.113583.1.1.5");

/// VGCA G2 certificate policy (docs/vietnam.md §4).
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
pub const AD_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.3");
pub const AD_CA_REPOSITORY: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.5");

// Policy qualifier ids (RFC 5280 §4.2.1.4): id-qt-cps, id-qt-unotice.

/// RFC 5280 §4.2 names of the certificate extensions kyso knows.
pub fn extension_name(oid: &Oid) -> Option<&'static str> {
    const EXTENSION_NAMES: &[(Oid, &str)] = &[
        (EXT_SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier"),
        (EXT_KEY_USAGE, "keyUsage"),
        (EXT_SUBJECT_ALT_NAME, "subjectAltName"),
        (EXT_ISSUER_ALT_NAME, "issuerAltName"),
        (EXT_BASIC_CONSTRAINTS, "basicConstraints"),
        (EXT_NAME_CONSTRAINTS, "nameConstraints"),
        (EXT_CRL_DISTRIBUTION_POINTS, "cRLDistributionPoints"),
        (EXT_CERTIFICATE_POLICIES, "certificatePolicies"),
        (EXT_POLICY_MAPPINGS, "policyMappings"),
        (EXT_AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier"),
        (EXT_POLICY_CONSTRAINTS, "policyConstraints"),
        (EXT_EXTENDED_KEY_USAGE, "extKeyUsage"),
        (EXT_FRESHEST_CRL, "freshestCRL"),
        (EXT_INHIBIT_ANY_POLICY, "inhibitAnyPolicy"),
        (EXT_AUTHORITY_INFO_ACCESS, "authorityInfoAccess"),
        (EXT_SUBJECT_INFO_ACCESS, "subjectInfoAccess"),
        (EXT_OCSP_NO_CHECK, "ocspNoCheck"),
    ];
    lookup(EXTENSION_NAMES, oid)
}

/// Names of the key purposes (RFC 5280 §4.2.1.12, RFC 9336) and the vendor ones kyso accepts.
pub fn eku_name(oid: &Oid) -> Option<&'static str> {
    const EKU_NAMES: &[(Oid, &str)] = &[
        (EKU_ANY, "anyExtendedKeyUsage"),
        (EKU_SERVER_AUTH, "serverAuth"),
        (EKU_CLIENT_AUTH, "clientAuth"),
        (EKU_EMAIL_PROTECTION, "emailProtection"),
        (EKU_TIME_STAMPING, "timeStamping"),
        (EKU_OCSP_SIGNING, "OCSPSigning"),
        (EKU_DOCUMENT_SIGNING, "documentSigning"),
        (EKU_MS_DOCUMENT_SIGNING, "msDocumentSigning"),
        (EKU_ADOBE_PDF_SIGNING, "adobePdfSigning"),
    ];
    lookup(EKU_NAMES, oid)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    /// One table: no value twice, so a constant added later cannot duplicate another under a
    /// second name.
    #[test]
    fn each_value_once() {
        let source = include_str!("oid.rs");
        let mut seen = std::collections::BTreeSet::new();
        for rest in source.split("Oid::new_unwrap(\"").skip(1) {
            let value = rest.split('"').next().unwrap();
            assert!(seen.insert(value), "{value} is in the table twice");
        }
        assert!(seen.len() > 100, "{}", seen.len());
    }
}
