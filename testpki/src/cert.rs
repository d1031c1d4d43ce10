//! Issuing certificates (RFC 5280 §4.1): the TBSCertificate is assembled from `der` types and
//! signed with a [`TestKey`]. x509-cert 0.3 keeps its TBS fields private and its builder feature
//! fixes the signer types; assembling the SEQUENCE here keeps every field under the test's
//! control (SHA-1 legacy signatures, PSS, odd profiles).

use der::asn1::{BitString, Ia5String, Int, ObjectIdentifier as Oid, OctetString};
use der::{Any, Decode, Encode, Sequence};
use kyso::SignatureScheme;
use kyso::oid;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AccessDescription, AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints,
    CertificatePolicies, CrlDistributionPoints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::time::Time;

use crate::key::{TestKey, der_of};
use crate::name::Dn;
use crate::{KeyAlg, PkiError};

/// What the certificate is for; decides basicConstraints, keyUsage and EKU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Profile {
    /// Self-signed root: CA, keyCertSign + cRLSign.
    Root,
    /// Subordinate CA with an optional pathLenConstraint (VGCA G2 sub-CA: 0).
    SubCa { path_len: Option<u8> },
    /// A person (docs/vietnam.md §5): digitalSignature + nonRepudiation, EKU emailProtection +
    /// documentSigning (RFC 9336), SAN rfc822Name when an e-mail is given.
    Person,
    /// An agency or organisation seal certificate: same usages as a person.
    Agency,
    /// RFC 3161 §2.3 TSA: EKU id-kp-timeStamping only, marked critical.
    Tsa,
    /// RFC 6960 §4.2.2.2 delegated OCSP responder: EKU id-kp-OCSPSigning, id-pkix-ocsp-nocheck.
    OcspResponder,
    /// End entity with the given key usage only and no EKU (for negative tests).
    Custom { key_usage: KeyUsage },
}

/// Everything that varies between certificates.
#[derive(Clone, Debug)]
pub struct CertSpec {
    pub subject: Dn,
    pub profile: Profile,
    pub key: KeyAlg,
    pub not_before: kyso::DateTime,
    pub not_after: kyso::DateTime,
    /// Signature scheme of the issuer; `None` = the issuer key's default.
    pub scheme: Option<SignatureScheme>,
    /// rfc822Name for the SAN (and kept in the DN's `E` if the caller put it there).
    pub email: Option<String>,
    /// Certificate policies (e.g. VGCA G2 2.16.704.1.1.1.1.1).
    pub policies: Vec<Oid>,
    /// CRL distribution point URI.
    pub crl_url: Option<String>,
    /// AIA OCSP URI.
    pub ocsp_url: Option<String>,
    /// AIA caIssuers URI.
    pub ca_issuers_url: Option<String>,
    /// Fixed serial (big-endian magnitude); `None` = 16 random bytes.
    pub serial: Option<Vec<u8>>,
}

impl CertSpec {
    pub fn new(
        subject: Dn,
        profile: Profile,
        key: KeyAlg,
        not_before: kyso::DateTime,
        not_after: kyso::DateTime,
    ) -> Self {
        Self {
            subject,
            profile,
            key,
            not_before,
            not_after,
            scheme: None,
            email: None,
            policies: Vec::new(),
            crl_url: None,
            ocsp_url: None,
            ca_issuers_url: None,
            serial: None,
        }
    }
}

/// A certificate with its private key: an issuer for further certificates and CRLs, or a
/// signer for CMS tests.
pub struct Issued {
    pub certificate: kyso::Certificate,
    pub key: TestKey,
    pub dn: Dn,
    name: Name,
}

impl core::fmt::Debug for Issued {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Issued")
            .field("certificate", &self.certificate)
            .finish_non_exhaustive()
    }
}

/// RFC 5280 §4.1.2.5: both times inside `Validity`.
#[derive(Clone, Debug, Sequence)]
struct ValidityDer {
    not_before: Time,
    not_after: Time,
}

/// RFC 5280 §4.1 TBSCertificate (v3 only: every certificate the test PKI makes has extensions).
#[derive(Clone, Debug, Sequence)]
struct TbsDer {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    version: u8,
    serial: Int,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    validity: ValidityDer,
    subject: Name,
    spki: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<Extension>>,
}

/// RFC 5280 §4.1 Certificate / §5.1 CertificateList: `SEQUENCE { tbs, algorithm, BIT STRING }`.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct SignedDer {
    pub(crate) tbs: Any,
    pub(crate) algorithm: AlgorithmIdentifierOwned,
    pub(crate) signature: BitString,
}

/// Sign `tbs_der` with `key` and wrap it as Certificate / CertificateList DER.
pub(crate) fn sign_structure(
    tbs_der: &[u8],
    key: &TestKey,
    algorithm: AlgorithmIdentifierOwned,
    scheme: SignatureScheme,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, PkiError> {
    let sig = key.sign(scheme, tbs_der, rng)?;
    let signed = SignedDer {
        tbs: Any::from_der(tbs_der).map_err(|_| PkiError::Encoding { what: "TBS" })?,
        algorithm,
        signature: BitString::from_bytes(&sig)
            .map_err(|_| PkiError::Encoding { what: "signature" })?,
    };
    der_of(&signed, "signed structure")
}

pub(crate) fn extension<T: Encode + const_oid::AssociatedOid>(
    value: &T,
    critical: bool,
) -> Result<Extension, PkiError> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(der_of(value, "extension")?)
            .map_err(|_| PkiError::Encoding { what: "extension" })?,
    })
}

/// RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING contents.
fn key_id(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    use sha1::Digest;
    sha1::Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

/// A positive serial of 16 random bytes (RFC 5280 §4.1.2.2: ≤ 20 octets, positive, and CAs
/// should make them unpredictable).
pub(crate) fn random_serial(rng: &mut dyn rand_core::CryptoRng) -> Vec<u8> {
    let mut s = [0u8; 16];
    rng.fill_bytes(&mut s);
    if let Some(first) = s.first_mut() {
        // Clear the sign bit and avoid a leading zero octet that DER would strip.
        *first = (*first & 0x7f) | 0x01;
    }
    s.to_vec()
}

fn ia5(s: &str) -> Result<Ia5String, PkiError> {
    Ia5String::new(s).map_err(|_| PkiError::Encoding { what: "IA5String" })
}

fn uri(s: &str) -> Result<GeneralName, PkiError> {
    Ok(GeneralName::UniformResourceIdentifier(ia5(s)?))
}

impl Issued {
    /// A self-signed root.
    pub fn self_signed(
        spec: &CertSpec,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Self, PkiError> {
        let key = TestKey::generate(spec.key, rng)?;
        let name = spec.subject.to_name()?;
        let certificate = build(spec, &key, &key, &name, &name, None, rng)?;
        Ok(Self {
            certificate,
            key,
            dn: spec.subject.clone(),
            name,
        })
    }

    /// A certificate for a fresh key, issued by `self`.
    pub fn issue(
        &self,
        spec: &CertSpec,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Self, PkiError> {
        let key = TestKey::generate(spec.key, rng)?;
        self.issue_for_key(spec, key, rng)
    }

    /// A certificate for a given key (e.g. to re-certify a key), issued by `self`.
    pub fn issue_for_key(
        &self,
        spec: &CertSpec,
        key: TestKey,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Self, PkiError> {
        let name = spec.subject.to_name()?;
        let certificate = build(
            spec,
            &key,
            &self.key,
            &self.name,
            &name,
            Some(&self.certificate),
            rng,
        )?;
        Ok(Self {
            certificate,
            key,
            dn: spec.subject.clone(),
            name,
        })
    }

    /// The certificate as PEM.
    pub fn cert_pem(&self) -> String {
        crate::pem("CERTIFICATE", self.certificate.der())
    }

    /// The private key as unencrypted PKCS#8 PEM.
    pub fn key_pem(&self) -> Result<String, PkiError> {
        self.key.pkcs8_pem()
    }

    /// The issuer-side `Name` of this certificate's subject.
    pub fn name(&self) -> &Name {
        &self.name
    }
}

fn build(
    spec: &CertSpec,
    subject_key: &TestKey,
    issuer_key: &TestKey,
    issuer_name: &Name,
    subject_name: &Name,
    issuer_cert: Option<&kyso::Certificate>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<kyso::Certificate, PkiError> {
    let scheme = spec.scheme.unwrap_or_else(|| issuer_key.default_scheme());
    let algorithm = issuer_key.algorithm_identifier(scheme)?;
    let spki = subject_key.spki()?;
    let serial_bytes = spec.serial.clone().unwrap_or_else(|| random_serial(rng));
    let serial = Int::new(&serial_bytes).map_err(|_| PkiError::Encoding { what: "serial" })?;

    let mut exts = Vec::new();
    let (ca, path_len) = match spec.profile {
        Profile::Root => (true, None),
        Profile::SubCa { path_len } => (true, path_len),
        _ => (false, None),
    };
    // RFC 5280 §4.2.1.9: critical in CA certificates; we mark it critical everywhere, as VGCA does.
    exts.push(extension(
        &BasicConstraints {
            ca,
            path_len_constraint: path_len,
        },
        true,
    )?);
    let ku = match spec.profile {
        Profile::Root | Profile::SubCa { .. } => {
            KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
        }
        Profile::Person | Profile::Agency | Profile::Tsa | Profile::OcspResponder => {
            KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation)
        }
        Profile::Custom { key_usage } => key_usage,
    };
    // RFC 5280 §4.2.1.3: SHOULD be critical.
    exts.push(extension(&ku, true)?);
    let ski = key_id(&spki);
    exts.push(extension(
        &SubjectKeyIdentifier(
            OctetString::new(ski).map_err(|_| PkiError::Encoding { what: "SKI" })?,
        ),
        false,
    )?);
    if let Some(issuer) = issuer_cert {
        let kid = key_id(issuer.public_key_info());
        exts.push(extension(
            &AuthorityKeyIdentifier {
                key_identifier: Some(
                    OctetString::new(kid).map_err(|_| PkiError::Encoding { what: "AKI" })?,
                ),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            },
            false,
        )?);
    }
    match spec.profile {
        Profile::Person | Profile::Agency => exts.push(extension(
            &ExtendedKeyUsage(vec![
                kyso::oid::EKU_EMAIL_PROTECTION,
                kyso::oid::EKU_DOCUMENT_SIGNING,
            ]),
            false,
        )?),
        // RFC 3161 §2.3: "critical" and only id-kp-timeStamping.
        Profile::Tsa => exts.push(extension(
            &ExtendedKeyUsage(vec![kyso::oid::EKU_TIME_STAMPING]),
            true,
        )?),
        Profile::OcspResponder => {
            exts.push(extension(
                &ExtendedKeyUsage(vec![kyso::oid::EKU_OCSP_SIGNING]),
                false,
            )?);
            // RFC 6960 §4.2.2.2.1 id-pkix-ocsp-nocheck: NULL.
            exts.push(Extension {
                extn_id: oid::EXT_OCSP_NO_CHECK,
                critical: false,
                extn_value: OctetString::new(der_of(&der::asn1::Null, "NULL")?).map_err(|_| {
                    PkiError::Encoding {
                        what: "ocsp-nocheck",
                    }
                })?,
            });
        }
        _ => {}
    }
    if let Some(email) = &spec.email {
        exts.push(extension(
            &SubjectAltName(vec![GeneralName::Rfc822Name(ia5(email)?)]),
            false,
        )?);
    }
    if !spec.policies.is_empty() {
        let p = spec
            .policies
            .iter()
            .map(|oid| PolicyInformation {
                policy_identifier: *oid,
                policy_qualifiers: None,
            })
            .collect();
        exts.push(extension(&CertificatePolicies(p), false)?);
    }
    if let Some(url) = &spec.crl_url {
        exts.push(extension(
            &CrlDistributionPoints(vec![DistributionPoint {
                distribution_point: Some(DistributionPointName::FullName(vec![uri(url)?])),
                reasons: None,
                crl_issuer: None,
            }]),
            false,
        )?);
    }
    let mut aia = Vec::new();
    if let Some(url) = &spec.ocsp_url {
        aia.push(AccessDescription {
            access_method: oid::AD_OCSP,
            access_location: uri(url)?,
        });
    }
    if let Some(url) = &spec.ca_issuers_url {
        aia.push(AccessDescription {
            access_method: oid::AD_CA_ISSUERS,
            access_location: uri(url)?,
        });
    }
    if !aia.is_empty() {
        exts.push(extension(&AuthorityInfoAccessSyntax(aia), false)?);
    }

    let tbs = TbsDer {
        version: 2,
        serial,
        signature: algorithm.clone(),
        issuer: issuer_name.clone(),
        validity: ValidityDer {
            not_before: spec.not_before.into(),
            not_after: spec.not_after.into(),
        },
        subject: subject_name.clone(),
        spki,
        extensions: Some(exts),
    };
    let tbs_der = der_of(&tbs, "TBSCertificate")?;
    let der = sign_structure(&tbs_der, issuer_key, algorithm, scheme, rng)?;
    kyso::Certificate::from_der(&der).map_err(|_| PkiError::Encoding {
        what: "Certificate",
    })
}
