//! OCSP requests (RFC 6960 §4.1): CertID computation, a builder for the CLI's (and any
//! caller's) fetching, and a strict request parser.

use der::asn1::OctetString;
use der::{Decode, Encode, Reader, SliceReader, Tag};
use x509_cert::ext::{Extension, Extensions};

use super::asn1::{CertId, OcspRequest, RawInteger, Request, TbsRequest};
use super::{OcspError, OcspPart, malformed};
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::oid;

/// The CertID of `cert` (issued by `issuer`) with `hash` (RFC 6960 §4.1.1): the hash of the
/// issuer DN as encoded in `cert`, the hash of the issuer's subjectPublicKey BIT STRING value
/// (without tag, length and unused-bits octet), and `cert`'s serial number as encoded.
///
/// SHA-1 is what RFC 5019 (lightweight OCSP) requires and what most responders — Vietnamese
/// ones included \[I\] — understand; it is only an identifier here, not a signature.
pub fn cert_id(
    cert: &Certificate,
    issuer: &Certificate,
    hash: DigestAlgorithm,
    crypto: &dyn CryptoProvider,
) -> Result<CertId, OcspError> {
    let (issuer_dn, _) = tbs_name_fields(cert).ok_or(OcspError::BadIssuer)?;
    let key = issuer
        .public_key_info()
        .subject_public_key
        .as_bytes()
        .ok_or(OcspError::BadIssuer)?;
    let bad = |_| OcspError::BadIssuer;
    Ok(CertId {
        // With explicit NULL parameters, as OpenSSL, BoringSSL and Java clients send: some
        // responders compare the echoed CertID encoding, and RFC 6960 allows either form.
        hash_algorithm: spki::AlgorithmIdentifierOwned {
            oid: hash.algorithm_identifier().oid,
            parameters: Some(der::Any::null()),
        },
        issuer_name_hash: OctetString::new(crypto.digest(hash, issuer_dn)).map_err(bad)?,
        issuer_key_hash: OctetString::new(crypto.digest(hash, key)).map_err(bad)?,
        serial_number: RawInteger(cert.serial_bytes().to_vec()),
    })
}

/// Builds a DER OCSPRequest (unsigned: RFC 6960 §4.1.2 makes the signature optional and
/// responders rarely require it).
///
/// ```text
/// OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct OcspRequestBuilder {
    requests: Vec<CertId>,
    nonce: Option<Vec<u8>>,
}

impl OcspRequestBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask about `cert`, issued by `issuer`, identified with `hash`.
    pub fn add_certificate(
        mut self,
        cert: &Certificate,
        issuer: &Certificate,
        hash: DigestAlgorithm,
        crypto: &dyn CryptoProvider,
    ) -> Result<Self, OcspError> {
        self.requests.push(cert_id(cert, issuer, hash, crypto)?);
        Ok(self)
    }

    /// Add a ready CertID.
    pub fn add_cert_id(mut self, id: CertId) -> Self {
        self.requests.push(id);
        self
    }

    /// Add a nonce (RFC 6960 §4.4.1, RFC 8954 §2.1: 1 to 32 octets; 32 random octets are
    /// recommended — core has no RNG, so the caller draws them). Without a nonce, replayed
    /// responses are bounded only by thisUpdate/nextUpdate freshness.
    pub fn nonce(mut self, nonce: &[u8]) -> Result<Self, OcspError> {
        if nonce.is_empty() || nonce.len() > 32 {
            return Err(OcspError::BadNonce);
        }
        self.nonce = Some(nonce.to_vec());
        Ok(self)
    }

    /// The DER OCSPRequest.
    pub fn build(&self) -> Result<Vec<u8>, OcspError> {
        let fail = |_| OcspError::BadIssuer;
        let request_extensions = match &self.nonce {
            None => None,
            Some(n) => Some(vec![Extension {
                extn_id: oid::OCSP_NONCE,
                critical: false,
                extn_value: OctetString::new(
                    OctetString::new(n.as_slice())
                        .map_err(fail)?
                        .to_der()
                        .map_err(fail)?,
                )
                .map_err(fail)?,
            }]),
        };
        let req = OcspRequest {
            tbs_request: TbsRequest {
                version: None,
                requestor_name: None,
                request_list: self
                    .requests
                    .iter()
                    .map(|id| Request {
                        req_cert: id.clone(),
                        single_request_extensions: None,
                    })
                    .collect(),
                request_extensions,
            },
            optional_signature: None,
        };
        req.to_der().map_err(fail)
    }
}

/// Parse a DER OCSPRequest strictly (v1 only, no duplicate extensions, at least one request)
/// and return the CertIDs it asks about (RFC 6960 §4.1.1 `reqCert`), in order.
pub fn parse_request(der: &[u8]) -> Result<Vec<CertId>, OcspError> {
    if der.len() > super::MAX_OCSP_LEN {
        return Err(OcspError::TooLarge { len: der.len() });
    }
    let req = OcspRequest::from_der(der).map_err(malformed(OcspPart::Request))?;
    if req.tbs_request.version.is_some_and(|v| v != 0) {
        return Err(OcspError::BadVersion {
            part: OcspPart::Request,
        });
    }
    if req.tbs_request.request_list.is_empty() {
        return Err(OcspError::Malformed {
            part: OcspPart::Request,
            position: None,
            kind: crate::error::DerProblem::EmptyList,
        });
    }
    if let Some(exts) = &req.tbs_request.request_extensions {
        check_unique(exts)?;
    }
    for r in &req.tbs_request.request_list {
        if let Some(exts) = &r.single_request_extensions {
            check_unique(exts)?;
        }
    }
    Ok(req
        .tbs_request
        .request_list
        .into_iter()
        .map(|r| r.req_cert)
        .collect())
}

/// RFC 5280 §4.2 (RFC 6960 §4.4 uses its Extensions): each extension at most once, in
/// O(n log n).
pub(crate) fn check_unique(exts: &Extensions) -> Result<(), OcspError> {
    let mut seen = std::collections::BTreeSet::new();
    match exts.iter().find(|e| !seen.insert(e.extn_id)) {
        Some(e) => Err(OcspError::DuplicateExtension {
            oid: e.extn_id.to_string(),
        }),
        None => Ok(()),
    }
}

/// The original encodings of the `issuer` and `subject` fields of `cert`'s TBSCertificate
/// (RFC 5280 §4.1): hashes must be over the bytes as encoded, and a re-encoded `Name` can
/// differ (SET OF order).
pub(crate) fn tbs_name_fields(cert: &Certificate) -> Option<(&[u8], &[u8])> {
    let mut r = SliceReader::new(cert.tbs_der()).ok()?;
    r.sequence(|r| {
        // version [0] EXPLICIT, optional
        if Tag::peek(r)?
            == (Tag::ContextSpecific {
                constructed: true,
                number: der::TagNumber(0),
            })
        {
            r.tlv_bytes()?;
        }
        r.tlv_bytes()?; // serialNumber
        r.tlv_bytes()?; // signature
        let issuer = r.tlv_bytes()?;
        r.tlv_bytes()?; // validity
        let subject = r.tlv_bytes()?;
        // Leave the rest unread: only the two fields are wanted.
        let rest = r.remaining_len();
        r.read_slice(rest)?;
        Ok::<_, der::Error>((issuer, subject))
    })
    .ok()
}

/// SHA-1 (or `alg`) of a certificate's subjectPublicKey BIT STRING value: the `byKey`
/// ResponderID and the CertID issuerKeyHash (RFC 6960 §4.1.1, §4.2.1).
pub(crate) fn key_hash(
    cert: &Certificate,
    alg: DigestAlgorithm,
    crypto: &dyn CryptoProvider,
) -> Option<Vec<u8>> {
    let key = cert.public_key_info().subject_public_key.as_bytes()?;
    Some(crypto.digest(alg, key))
}
