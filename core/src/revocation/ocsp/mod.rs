//! OCSP (RFC 6960): response parsing ([`OcspResponse`]), verification for one certificate
//! ([`OcspResponse::verify_for`]: direct and delegated responders, CertID matching with
//! SHA-1/SHA-2, freshness, critical extensions) and the request builder
//! ([`OcspRequestBuilder`]).

mod asn1;
mod check;
mod request;

pub use asn1::{CertId, OcspResponseStatus};
pub use check::{OcspCheck, OcspVerified};
pub use request::{OcspRequestBuilder, cert_id, parse_request};

use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;

use self::asn1::{BasicOcspResponse, OcspResponseAsn1, ResponseData, SingleResponse};
use crate::cert::Certificate;
use crate::oid;
use crate::time::DateTime;

/// Largest OCSP response accepted (bounded memory on hostile input; real responses are a few
/// KiB, with certificates).
pub const MAX_OCSP_LEN: usize = 1024 * 1024;

/// Which layer of a response failed to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcspPart {
    /// OCSPResponse, ResponseBytes or BasicOCSPResponse.
    Response,
    /// ResponseData (the signed part).
    ResponseData,
    /// OCSPRequest.
    Request,
}

impl OcspPart {
    /// The ASN.1 type's name in RFC 6960 (messages use it instead of `Debug`, whose string
    /// escaping would cost the WASM build Unicode tables).
    pub fn asn1_name(self) -> &'static str {
        match self {
            Self::Response => "OCSPResponse",
            Self::ResponseData => "ResponseData",
            Self::Request => "OCSPRequest",
        }
    }
}

/// Why an OCSP response (or request) cannot be parsed or does not vouch for a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcspError {
    /// Larger than `MAX_OCSP_LEN` (1 MiB).
    TooLarge { len: usize },
    /// Not DER for the structure.
    Malformed {
        part: OcspPart,
        position: Option<u32>,
        kind: crate::error::DerProblem,
    },
    /// A version other than v1 (RFC 6960 §4.1.1, §4.2.1).
    BadVersion { part: OcspPart },
    /// responseType other than id-pkix-ocsp-basic (RFC 6960 §4.2.1: the only one defined).
    UnsupportedResponseType { oid: String },
    /// `successful` without responseBytes.
    MissingResponseBytes,
    /// The same extension twice in one list.
    DuplicateExtension { oid: String },
    /// A nonce outside RFC 8954's 1..=32 octets (building a request).
    BadNonce,
    /// The issuer's certificate does not allow computing a CertID (its encoding could not be
    /// located).
    BadIssuer,
    /// The responder answered with an error status (RFC 6960 §2.3); no status inside.
    ErrorStatus { status: OcspResponseStatus },
    /// An unknown critical extension in ResponseData or in the matching SingleResponse.
    UnknownCriticalExtension { oid: String },
    /// No certificate named by the ResponderID is the CA or a delegate it authorised
    /// (RFC 6960 §4.2.2.2: issued directly by the CA, with id-kp-OCSPSigning, valid when the
    /// response was produced).
    ResponderNotFound,
    /// The responder was found but the signature does not verify.
    BadSignature,
    /// The signature algorithm is unknown or refused by the policy.
    AlgorithmRefused { alg: String },
    /// producedAt is outside the certificate's validity period (and no archive cutoff keeps
    /// expired certificates: RFC 6960 §4.4.4).
    ProducedAtOutsideValidity { produced_at: DateTime },
    /// The matching SingleResponse is dated after the current time given by the caller.
    NotYetValid { this_update: DateTime },
    /// The matching SingleResponse's nextUpdate passed, or it is older than the policy allows.
    Stale { this_update: DateTime },
    /// No SingleResponse is for this certificate.
    NoMatchingResponse,
}

fn malformed(part: OcspPart) -> impl Fn(der::Error) -> OcspError {
    move |e| OcspError::Malformed {
        part,
        position: e.position().map(u32::from),
        kind: crate::error::DerProblem::from_kind(e.kind()),
    }
}

/// A parsed OCSPResponse that keeps its original DER.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OcspResponse {
    der: Vec<u8>,
    status: OcspResponseStatus,
    basic: Option<Basic>,
    /// Padding bytes that followed the DER in the input it was read from (`crate::trailing`).
    trailing_padding: usize,
}

#[derive(Clone, Debug)]
struct Basic {
    tbs: Vec<u8>,
    data: ResponseData,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: Vec<u8>,
    certs: Vec<Certificate>,
}

impl OcspResponse {
    /// Parse a DER OCSPResponse. Error statuses parse (they carry no status); a successful
    /// response must be a well-formed BasicOCSPResponse whose ResponseData decodes.
    ///
    /// Padding after the response (white space, zero bytes) is ignored; other trailing bytes
    /// are an error (`crate::trailing`).
    pub fn from_der(der: &[u8]) -> Result<Self, OcspError> {
        if der.len() > MAX_OCSP_LEN {
            return Err(OcspError::TooLarge { len: der.len() });
        }
        let (der, trailing_padding) = crate::trailing::padded(der);
        let outer = OcspResponseAsn1::from_der(der).map_err(malformed(OcspPart::Response))?;
        let basic = match (outer.response_status, outer.response_bytes) {
            (OcspResponseStatus::Successful, None) => return Err(OcspError::MissingResponseBytes),
            (OcspResponseStatus::Successful, Some(bytes)) => {
                if bytes.response_type != oid::OCSP_BASIC {
                    return Err(OcspError::UnsupportedResponseType {
                        oid: bytes.response_type.to_string(),
                    });
                }
                Some(Basic::parse(bytes.response.as_bytes())?)
            }
            // RFC 6960 §2.3: error responses carry no responseBytes; ignore any.
            _ => None,
        };
        Ok(Self {
            der: der.to_vec(),
            status: outer.response_status,
            basic,
            trailing_padding,
        })
    }

    /// The original DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// How many padding bytes (white space, zero bytes) followed the DER in the input it was
    /// read from and were ignored; 0 for a response carried by a message.
    pub fn trailing_padding(&self) -> usize {
        self.trailing_padding
    }

    pub fn response_status(&self) -> OcspResponseStatus {
        self.status
    }

    /// The signed ResponseData as encoded (successful responses only).
    pub fn tbs_der(&self) -> Option<&[u8]> {
        self.basic.as_ref().map(|b| b.tbs.as_slice())
    }

    pub fn produced_at(&self) -> Option<DateTime> {
        self.basic
            .as_ref()
            .map(|b| b.data.produced_at.to_date_time())
    }

    /// The thisUpdate of each SingleResponse, in order (empty for error statuses).
    pub fn this_updates(&self) -> Vec<DateTime> {
        self.responses()
            .iter()
            .map(|s| s.this_update.to_date_time())
            .collect()
    }

    /// The SingleResponses (empty for error statuses).
    pub(crate) fn responses(&self) -> &[SingleResponse] {
        self.basic
            .as_ref()
            .map(|b| b.data.responses.as_slice())
            .unwrap_or_default()
    }

    /// Certificates the responder included (those that parse; others are ignored).
    pub fn certificates(&self) -> &[Certificate] {
        self.basic
            .as_ref()
            .map(|b| b.certs.as_slice())
            .unwrap_or_default()
    }

    pub fn signature_algorithm(&self) -> Option<&AlgorithmIdentifierOwned> {
        self.basic.as_ref().map(|b| &b.signature_algorithm)
    }

    /// The nonce the responder echoed (RFC 8954: the extension value is an OCTET STRING; some
    /// responders put the raw bytes, which are returned as they are).
    pub fn nonce(&self) -> Option<Vec<u8>> {
        let ext = self
            .basic
            .as_ref()?
            .data
            .response_extensions
            .as_ref()?
            .iter()
            .find(|e| e.extn_id == oid::OCSP_NONCE)?;
        let raw = ext.extn_value.as_bytes();
        Some(match der::asn1::OctetString::from_der(raw) {
            Ok(o) => o.as_bytes().to_vec(),
            Err(_) => raw.to_vec(),
        })
    }
}

impl Basic {
    fn parse(bytes: &[u8]) -> Result<Self, OcspError> {
        let basic = BasicOcspResponse::from_der(bytes).map_err(malformed(OcspPart::Response))?;
        let tbs = basic
            .tbs_response_data
            .to_der()
            .map_err(malformed(OcspPart::Response))?;
        let data = ResponseData::from_der(&tbs).map_err(malformed(OcspPart::ResponseData))?;
        // RFC 6960 §4.2.1: Version ::= INTEGER { v1(0) }.
        if data.version.is_some_and(|v| v != 0) {
            return Err(OcspError::BadVersion {
                part: OcspPart::ResponseData,
            });
        }
        if let Some(exts) = &data.response_extensions {
            request::check_unique(exts)?;
        }
        for single in &data.responses {
            if let Some(exts) = &single.single_extensions {
                request::check_unique(exts)?;
            }
        }
        let signature = basic
            .signature
            .as_bytes()
            .ok_or(OcspError::Malformed {
                part: OcspPart::Response,
                position: None,
                kind: crate::error::DerProblem::UnusedBits,
            })?
            .to_vec();
        // A certificate kyso cannot parse cannot be a responder it accepts; skip it rather
        // than refuse the response (the CA itself may have signed).
        let certs = basic
            .certs
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.to_der().ok())
            .filter_map(|d| Certificate::from_der(&d).ok())
            .collect();
        Ok(Self {
            tbs,
            data,
            signature_algorithm: basic.signature_algorithm,
            signature,
            certs,
        })
    }
}
