//! Inspection views: what a certificate or a CMS SignedData says, decoded for people and for
//! JSON, with nothing verified. Bindings (`kyso inspect`) only print these; the text is in
//! Vietnamese or English from the one catalogue (`i18n::inspect_label`).

mod extension;
mod text;

use serde::Serialize;

pub use extension::{
    AccessView, DistributionPointView, ExtensionValue, ExtensionView, NamedOid, PolicyMappingView,
    PolicyView,
};

use crate::cms::{CmsError, SignedDataInfo};
use crate::crypto::{CryptoProvider, DigestAlgorithm, KeyType, SignatureScheme};
use crate::{CertError, Certificate, ErrorText, Identity, Lang};

/// A certificate summarised for `inspect` (stable JSON field names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CertificateView {
    /// Subject DN, RFC 4514 order, Vietnamese text as written (UTF-8).
    pub subject: String,
    pub issuer: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    pub version: u8,
    /// Validity bounds in Vietnam time (ISO 8601, `+07:00`).
    pub not_before: String,
    pub not_after: String,
    pub self_issued: bool,
    /// `RSA 2048 bit`, `ECDSA P-256`, …, or the algorithm OID.
    pub public_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
    /// kyso's scheme name (`rsa-pkcs1v15-sha256`, …), or the algorithm OID.
    pub signature_algorithm: String,
    pub sha256_fingerprint: String,
    /// Name, organisation, title, e-mail and Vietnamese identities (CCCD, MST, …).
    pub identity: Identity,
    pub extensions: Vec<ExtensionView>,
}

impl CertificateView {
    /// The view of `cert`; `crypto` names its key and computes the fingerprint.
    pub fn new(cert: &Certificate, crypto: &dyn CryptoProvider) -> Self {
        let spki = cert.public_key_info();
        let key_type = crypto.key_type(spki).ok();
        let public_key = match key_type {
            Some(KeyType::Rsa { bits }) => format!("RSA {bits} bit"),
            Some(KeyType::EcP256) => "ECDSA P-256".into(),
            Some(KeyType::EcP384) => "ECDSA P-384".into(),
            Some(KeyType::EcP521) => "ECDSA P-521".into(),
            Some(KeyType::Ed25519) => "Ed25519".into(),
            _ => oid_display(&spki.algorithm.oid),
        };
        let sig_alg = cert.x509().signature_algorithm();
        let signature_algorithm = match SignatureScheme::from_algorithm_identifier(sig_alg, None) {
            Ok(s) => s.name().to_owned(),
            Err(_) => oid_display(&sig_alg.oid),
        };
        Self {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: cert.serial_hex(),
            version: cert.version(),
            not_before: crate::time::vietnam_iso8601(&cert.not_before()),
            not_after: crate::time::vietnam_iso8601(&cert.not_after()),
            self_issued: cert.is_self_issued(),
            public_key,
            key_type,
            signature_algorithm,
            sha256_fingerprint: extension::hex_colon(
                &crypto.digest(DigestAlgorithm::Sha256, cert.der()),
            ),
            identity: cert.identity(),
            extensions: cert
                .extensions()
                .iter()
                .map(extension::extension_view)
                .collect(),
        }
    }

    /// The certificate for people; `index` of `total` heads it (`Certificate 1/2`).
    pub fn to_text(&self, lang: Lang, index: usize, total: usize) -> String {
        text::certificate(self, lang, index, total)
    }
}

/// A CRL carried in a SignedData (RFC 5652 §10.2.1), summarised; nothing verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CrlView {
    pub issuer: String,
    /// thisUpdate / nextUpdate in Vietnam time (ISO 8601, `+07:00`).
    pub this_update: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update: Option<String>,
    /// cRLNumber (RFC 5280 §5.2.3), upper-case hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// How many certificates it lists as revoked.
    pub revoked: usize,
}

impl CrlView {
    fn new(crl: &crate::revocation::Crl) -> Self {
        Self {
            issuer: crl.issuer().to_string(),
            this_update: crate::time::vietnam_iso8601(&crl.this_update()),
            next_update: crl.next_update().map(|t| crate::time::vietnam_iso8601(&t)),
            number: crl.crl_number().map(extension::hex),
            revoked: crl.entries().len(),
        }
    }
}

/// The CRLs of a SignedData that kyso can read (the others are counted in `crl_count`).
fn crl_views(bytes: &[u8]) -> Vec<CrlView> {
    let Ok(der) = crate::cms::parse::unarmor(bytes) else {
        return Vec::new();
    };
    let Ok(sd) = crate::cms::parse::parse_content_info(&der, &crate::cms::CmsLimits::default())
    else {
        return Vec::new();
    };
    sd.crls
        .iter()
        .filter_map(|c| crate::revocation::Crl::from_der(c).ok())
        .map(|c| CrlView::new(&c))
        .collect()
}

/// `name (dotted)` when the OID has a name, else dotted.
fn oid_display(o: &der::asn1::ObjectIdentifier) -> String {
    match crate::cms::parse::oid_name(o) {
        Some(name) => format!("{name} ({o})"),
        None => o.to_string(),
    }
}

/// What `inspect` found in a file: certificates (PEM blocks or one DER certificate), or a CMS
/// SignedData with the certificates it carries. JSON: `{"certificates": […]}` or
/// `{"cms": {…}, "certificates": […]}` (stable field names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Inspection {
    #[non_exhaustive]
    Certificates { certificates: Vec<CertificateView> },
    #[non_exhaustive]
    Cms {
        cms: Box<SignedDataInfo>,
        certificates: Vec<CertificateView>,
        /// The CRLs the SignedData carries (field added in issue 10; absent when none).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        crls: Vec<CrlView>,
    },
}

/// Why `inspect` could not read a file: what reading it as each format said.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NotInspectable {
    /// Read as certificates (PEM or DER).
    pub certificate: ErrorText,
    /// Read as CMS / PKCS #7 SignedData.
    pub cms: ErrorText,
}

impl Inspection {
    /// Read `bytes` as certificates first, then as CMS (DER, BER or PEM). Nothing is verified.
    pub fn of(bytes: &[u8], crypto: &dyn CryptoProvider) -> Result<Self, NotInspectable> {
        let view = |c: &Certificate| CertificateView::new(c, crypto);
        let not_certificate = match Certificate::load_any(bytes) {
            Ok(c) if c.is_empty() => CertError::Empty.message(),
            Ok(c) => {
                return Ok(Self::Certificates {
                    certificates: c.iter().map(view).collect(),
                });
            }
            Err(e) => e.message(),
        };
        let info = crate::cms::inspect(bytes).map_err(|e: CmsError| NotInspectable {
            certificate: not_certificate,
            cms: e.message(),
        })?;
        let certs = crate::cms::certificates(bytes).unwrap_or_default();
        Ok(Self::Cms {
            cms: Box::new(info),
            certificates: certs.iter().map(view).collect(),
            crls: crl_views(bytes),
        })
    }

    /// The certificates shown (those of the file, or those the SignedData carries).
    pub fn certificates(&self) -> &[CertificateView] {
        match self {
            Self::Certificates { certificates } | Self::Cms { certificates, .. } => certificates,
        }
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The whole inspection for people in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        text::inspection(self, lang)
    }
}
