//! Trust anchors and known intermediates (RFC 5280 §6.1.1 (d), RFC 5937).
//!
//! An anchor is a certificate whose name and key the relying party trusts; its own signature
//! and validity are not part of path validation (RFC 5280 §6.1.1 (d)). An anchor may be
//! *constrained* (RFC 5937): then its certificate's name constraints, policies, policy
//! constraints and path length also bind the paths below it.
//! Intermediates in the store are untrusted candidates, as if supplied with the message.

use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};

use crate::cert::{CertError, Certificate};

/// One trust anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustAnchor {
    certificate: Certificate,
    constrained: bool,
}

impl TrustAnchor {
    /// An anchor trusted for its name and key only (RFC 5280 §6.1.1 (d)).
    pub fn new(certificate: Certificate) -> Self {
        Self {
            certificate,
            constrained: false,
        }
    }

    /// An anchor whose certificate's constraints are enforced (RFC 5937 §3).
    pub fn constrained(certificate: Certificate) -> Self {
        Self {
            certificate,
            constrained: true,
        }
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    pub fn is_constrained(&self) -> bool {
        self.constrained
    }
}

/// Why a bundle could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// A certificate in the bundle does not parse.
    Certificate(CertError),
    /// The PKCS#7 / CMS structure is not a SignedData with certificates.
    MalformedPkcs7,
    /// The bundle holds no certificate.
    Empty,
    /// No bundle of that name is compiled in (`vgca`, `neac`, `vn`).
    UnknownBundle { name: String },
}

impl From<CertError> for StoreError {
    fn from(e: CertError) -> Self {
        Self::Certificate(e)
    }
}

/// Trust anchors plus untrusted intermediates known in advance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustStore {
    anchors: Vec<TrustAnchor>,
    intermediates: Vec<Certificate>,
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Trust `cert` (name and key only). Duplicates are ignored.
    pub fn add_anchor(&mut self, cert: Certificate) -> &mut Self {
        self.push_anchor(TrustAnchor::new(cert))
    }

    /// Trust `cert` and enforce its constraints (RFC 5937).
    pub fn add_constrained_anchor(&mut self, cert: Certificate) -> &mut Self {
        self.push_anchor(TrustAnchor::constrained(cert))
    }

    fn push_anchor(&mut self, a: TrustAnchor) -> &mut Self {
        if !self.anchors.iter().any(|x| x.certificate == a.certificate) {
            self.anchors.push(a);
        }
        self
    }

    pub fn add_anchors(&mut self, certs: impl IntoIterator<Item = Certificate>) -> &mut Self {
        for c in certs {
            self.add_anchor(c);
        }
        self
    }

    /// Add an untrusted intermediate (a candidate issuer, never trusted by itself).
    pub fn add_intermediate(&mut self, cert: Certificate) -> &mut Self {
        if !self.intermediates.contains(&cert) {
            self.intermediates.push(cert);
        }
        self
    }

    pub fn add_intermediates(&mut self, certs: impl IntoIterator<Item = Certificate>) -> &mut Self {
        for c in certs {
            self.add_intermediate(c);
        }
        self
    }

    /// Anchors from a PEM text with any number of certificates.
    pub fn from_pem_bundle(pem: &[u8]) -> Result<Self, StoreError> {
        let certs = Certificate::from_pem(pem)?;
        if certs.is_empty() {
            return Err(StoreError::Empty);
        }
        let mut s = Self::new();
        s.add_anchors(certs);
        Ok(s)
    }

    /// Anchors from PEM (certificates or a `PKCS7` block), a DER certificate, or a DER
    /// PKCS#7 certs-only bundle (`.p7b`), sniffed.
    pub fn from_bundle(bytes: &[u8]) -> Result<Self, StoreError> {
        let certs = load_certificates(bytes)?;
        let mut s = Self::new();
        s.add_anchors(certs);
        Ok(s)
    }

    /// A bundle compiled into kyso by name: `vgca`, `neac` or `vn` (both). See
    /// `core/trust/vn/README.md` for provenance and fingerprints.
    pub fn vn_bundle(name: &str) -> Result<Self, StoreError> {
        super::vn::bundle(name)
    }

    pub fn anchors(&self) -> &[TrustAnchor] {
        &self.anchors
    }

    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// Merge another store into this one.
    pub fn extend(&mut self, other: &TrustStore) -> &mut Self {
        for a in &other.anchors {
            self.push_anchor(a.clone());
        }
        self.add_intermediates(other.intermediates.iter().cloned());
        self
    }
}

/// Certificates from PEM (CERTIFICATE and PKCS7 blocks), DER certificate or DER PKCS#7.
pub fn load_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, StoreError> {
    let mut out = Vec::new();
    if crate::pem::looks_like_pem(bytes) {
        let blocks = crate::pem::blocks(bytes).map_err(|_| CertError::BadPem)?;
        for b in blocks {
            match b.label.as_str() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    out.push(Certificate::from_der(&b.der)?)
                }
                "PKCS7" | "CMS" => out.extend(pkcs7_certificates(&b.der)?),
                _ => {}
            }
        }
    } else if is_pkcs7(bytes) {
        out = pkcs7_certificates(bytes)?;
    } else {
        out.push(Certificate::from_der(bytes)?);
    }
    if out.is_empty() {
        return Err(StoreError::Empty);
    }
    Ok(out)
}

fn is_pkcs7(der: &[u8]) -> bool {
    // ContentInfo ::= SEQUENCE { contentType OID, … }: a certificate starts with
    // SEQUENCE { SEQUENCE (tbs) …, so the first inner tag tells them apart.
    let Ok(mut r) = SliceReader::new(der) else {
        return false;
    };
    let Ok(h) = der::Header::decode(&mut r) else {
        return false;
    };
    h.tag() == Tag::Sequence
        && der::Header::peek(&r).is_ok_and(|h| h.tag() == Tag::ObjectIdentifier)
}

/// The certificate set of a PKCS#7 / CMS SignedData (RFC 5652 §5.1: `certificates [0] IMPLICIT
/// CertificateSet`). Read field by field with `der` rather than through `cms::SignedData`
/// because the latter decodes every certificate with the strict profile and fails the whole
/// bundle on one odd certificate; non-X.509 choices (attribute
/// certificates, `other`) are skipped.
pub(crate) fn pkcs7_certificates(der: &[u8]) -> Result<Vec<Certificate>, StoreError> {
    let bad = |_| StoreError::MalformedPkcs7;
    let ci = der::Any::from_der(crate::trailing::without_padding(der)).map_err(bad)?;
    let mut r = SliceReader::new(ci.value()).map_err(bad)?;
    let ct = der::asn1::ObjectIdentifier::decode(&mut r).map_err(bad)?;
    if ct != crate::oid::ID_SIGNED_DATA {
        return Err(StoreError::MalformedPkcs7);
    }
    let explicit = der::Any::decode(&mut r).map_err(bad)?;
    let sd = der::Any::from_der(explicit.value()).map_err(bad)?;
    let mut r = SliceReader::new(sd.value()).map_err(bad)?;
    // version, digestAlgorithms, encapContentInfo
    for _ in 0..3 {
        der::Any::decode(&mut r).map_err(bad)?;
    }
    let mut out = Vec::new();
    if r.is_finished() {
        return Ok(out);
    }
    let next = der::Any::decode(&mut r).map_err(bad)?;
    if next.tag().is_context_specific() && next.tag().number() == der::TagNumber(0) {
        let mut cr = SliceReader::new(next.value()).map_err(bad)?;
        while !cr.is_finished() {
            let item = der::Any::decode(&mut cr).map_err(bad)?;
            if item.tag() == Tag::Sequence {
                let encoded = item.to_der().map_err(bad)?;
                out.push(Certificate::from_der(&encoded)?);
            }
        }
    }
    Ok(out)
}
