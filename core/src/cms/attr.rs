//! ASN.1 types of the CMS signed attributes that neither `cms` nor `x509-cert` define:
//! ESS signing-certificate (RFC 2634 §5.4), ESS signing-certificate-v2 (RFC 5035 §3) and
//! CMSAlgorithmProtection (RFC 6211 §2). Built with `der` derive so that `build` encodes and
//! `verify` decodes the very same definitions.
//!
//! The simple attributes use existing types: content-type is an OBJECT IDENTIFIER,
//! message-digest an OCTET STRING (`cms::attr::MessageDigest`), signing-time an X.509 `Time`
//! (`cms::attr::SigningTime`).
// Some items (SHA-1 ESSCertID, matching helpers) are used only by `cms::verify`.
#![allow(dead_code)]

use der::asn1::{Int, ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};

use crate::cert::Certificate;

/// RFC 2634 §5.4 (ESS, the SHA-1 form; decoded for legacy signatures, never produced):
///
/// ```text
/// SigningCertificate ::=  SEQUENCE {
///     certs        SEQUENCE OF ESSCertID,
///     policies     SEQUENCE OF PolicyInformation OPTIONAL
/// }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificate {
    pub certs: Vec<EssCertId>,
    pub policies: Option<Vec<PolicyInformation>>,
}

/// RFC 2634 §5.4.1:
///
/// ```text
/// ESSCertID ::=  SEQUENCE {
///      certHash                 Hash,
///      issuerSerial             IssuerSerial OPTIONAL
/// }
/// Hash ::= OCTET STRING -- SHA1 hash of entire certificate
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertId {
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

/// RFC 2634 §5.4.1 (same definition in RFC 5035 §4):
///
/// ```text
/// IssuerSerial ::= SEQUENCE {
///      issuer                   GeneralNames,
///      serialNumber             CertificateSerialNumber
/// }
/// ```
///
/// The serial is a plain `INTEGER` (not x509-cert's `SerialNumber`) so that certificates with
/// serials longer than RFC 5280's 20 octets, which exist in the wild, still decode.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: GeneralNames,
    pub serial_number: Int,
}

/// RFC 5035 §3:
///
/// ```text
/// SigningCertificateV2 ::=  SEQUENCE {
///      certs        SEQUENCE OF ESSCertIDv2,
///      policies     SEQUENCE OF PolicyInformation OPTIONAL
/// }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    pub policies: Option<Vec<PolicyInformation>>,
}

/// RFC 5035 §4:
///
/// ```text
/// ESSCertIDv2 ::=  SEQUENCE {
///      hashAlgorithm           AlgorithmIdentifier
///                              DEFAULT {algorithm id-sha256},
///      certHash                 Hash,
///      issuerSerial             IssuerSerial OPTIONAL
/// }
/// Hash ::= OCTET STRING
/// ```
///
/// `hash_algorithm` is `None` when the field is absent, meaning the DEFAULT SHA-256 (read it
/// through [`EssCertIdV2::hash_algorithm`]). DER omits the DEFAULT (X.690 §11.5): build with
/// [`EssCertIdV2::new`], which does. (`der`'s `default` attribute cannot be used here: its
/// encoder moves the non-`Copy` field.) Decoding also accepts the default written out.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

/// RFC 6211 §2 (module `DEFINITIONS IMPLICIT TAGS`):
///
/// ```text
/// CMSAlgorithmProtection ::= SEQUENCE {
///     digestAlgorithm         DigestAlgorithmIdentifier,
///     signatureAlgorithm  [1] SignatureAlgorithmIdentifier OPTIONAL,
///     macAlgorithm        [2] MessageAuthenticationCodeAlgorithm
///                                      OPTIONAL
/// }
/// (WITH COMPONENTS { signatureAlgorithm PRESENT,
///                    macAlgorithm ABSENT } |
///  WITH COMPONENTS { signatureAlgorithm ABSENT,
///                    macAlgorithm PRESENT })
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct CmsAlgorithmProtection {
    pub digest_algorithm: AlgorithmIdentifierOwned,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    pub signature_algorithm: Option<AlgorithmIdentifierOwned>,
    #[asn1(
        context_specific = "2",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    pub mac_algorithm: Option<AlgorithmIdentifierOwned>,
}

/// `{algorithm id-sha256}` with absent parameters, as RFC 5754 §2 says SHA-2 identifiers are
/// written and as the DEFAULT of `ESSCertIDv2.hashAlgorithm` is spelled.
pub(crate) fn sha256_identifier() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: crate::oid::SHA256,
        parameters: None,
    }
}

impl EssCertIdV2 {
    /// An `ESSCertIDv2`, omitting `hashAlgorithm` when it is the DEFAULT SHA-256 (X.690 §11.5).
    pub(crate) fn new(
        hash_algorithm: AlgorithmIdentifierOwned,
        cert_hash: &[u8],
        issuer_serial: Option<IssuerSerial>,
    ) -> der::Result<Self> {
        let is_default =
            hash_algorithm.oid == crate::oid::SHA256 && hash_algorithm.parameters.is_none();
        Ok(Self {
            hash_algorithm: if is_default {
                None
            } else {
                Some(hash_algorithm)
            },
            cert_hash: OctetString::new(cert_hash)?,
            issuer_serial,
        })
    }

    /// The hash algorithm, the DEFAULT `{algorithm id-sha256}` when absent.
    pub(crate) fn hash_algorithm(&self) -> AlgorithmIdentifierOwned {
        self.hash_algorithm
            .clone()
            .unwrap_or_else(sha256_identifier)
    }
}

impl IssuerSerial {
    /// The issuer name (as a one-element `GeneralNames` holding a `directoryName`) and serial
    /// number of `cert`, as RFC 5035 §4 asks: "issuer contains the issuer name of the
    /// certificate; serialNumber holds the serial number that uniquely identifies it".
    pub(crate) fn of(cert: &Certificate) -> der::Result<Self> {
        Ok(Self {
            issuer: vec![GeneralName::DirectoryName(cert.issuer_name().clone())],
            serial_number: Int::new(cert.serial_bytes())?,
        })
    }

    /// Whether this names `cert`: the issuer DN under RFC 5280 §7.1 comparison (ESS, RFC 5035
    /// §4, compares "issuer name", and signers re-encode it with other string types), the
    /// serial as an integer (a redundant leading zero octet does not change it).
    pub(crate) fn matches(&self, cert: &Certificate) -> bool {
        let serial_ok = super::parse::strip_zeros(self.serial_number.as_bytes())
            == super::parse::strip_zeros(cert.serial_bytes());
        let issuer_ok = self.issuer.iter().any(|gn| match gn {
            GeneralName::DirectoryName(n) => crate::name::names_match(n, cert.issuer_name()),
            _ => false,
        });
        serial_ok && issuer_ok
    }
}

/// An `Attribute` with a single value, the DER encoding of `value`.
pub(crate) fn single_valued(oid: ObjectIdentifier, value: &impl Encode) -> der::Result<Attribute> {
    let any = Any::from_der(&value.to_der()?)?;
    let mut values = SetOfVec::new();
    values.insert(any)?;
    Ok(Attribute { oid, values })
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

    #[test]
    fn ess_cert_id_v2_omits_default_sha256_and_decodes_both_forms() {
        let hash = OctetString::new([7u8; 32]).unwrap();
        let id = EssCertIdV2::new(sha256_identifier(), &[7u8; 32], None).unwrap();
        assert_eq!(id.hash_algorithm, None);
        let der = id.to_der().unwrap();
        // SEQUENCE { OCTET STRING (32) } — the DEFAULT is not written (X.690 §11.5).
        assert_eq!(der.get(..4), Some(&[0x30, 34, 0x04, 32][..]));
        assert_eq!(EssCertIdV2::from_der(&der).unwrap(), id);

        // An encoder that writes the default out is still understood.
        let mut explicit = vec![0x30, 13 + 34, 0x30, 11, 0x06, 9];
        explicit.extend_from_slice(crate::oid::SHA256.as_bytes());
        explicit.extend_from_slice(&[0x04, 32]);
        explicit.extend_from_slice(&[7u8; 32]);
        let decoded = EssCertIdV2::from_der(&explicit).unwrap();
        assert_eq!(decoded.hash_algorithm(), sha256_identifier());
        assert_eq!(decoded.cert_hash, hash);
    }

    #[test]
    fn algorithm_protection_uses_implicit_context_tags() {
        let sig = AlgorithmIdentifierOwned {
            oid: crate::oid::ECDSA_SHA256,
            parameters: None,
        };
        let ap = CmsAlgorithmProtection {
            digest_algorithm: sha256_identifier(),
            signature_algorithm: Some(sig),
            mac_algorithm: None,
        };
        let der = ap.to_der().unwrap();
        // SEQUENCE { SEQUENCE { sha256 }, [1] { ecdsa-with-SHA256 } }
        let expected: &[u8] = &[
            0x30, 0x19, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0xa1, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
        ];
        assert_eq!(der, expected);
        assert_eq!(CmsAlgorithmProtection::from_der(&der).unwrap(), ap);
    }
}
