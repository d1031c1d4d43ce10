//! OCSP responses (RFC 6960 §4.2.1) signed by a test PKI's CA or responder.
//!
//! Encoded here from the RFC's ASN.1, not with kyso's decoding types (those are private to
//! kyso): an independent encoder, so a tagging mistake in kyso's decoder cannot cancel out in
//! the tests that feed it these responses.

use der::asn1::{BitString, GeneralizedTime, Int, ObjectIdentifier, OctetString};
use der::{Any, Sequence, Tag, TagNumber};
use kyso::{Certificate, DateTime};
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::CrlReason;

use crate::PkiError;
use crate::cert::Issued;
use crate::key::der_of;

/// What a SingleResponse says about a certificate (RFC 6960 §4.2.1 `CertStatus`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OcspStatus {
    Good,
    Revoked {
        time: DateTime,
        reason: Option<CrlReason>,
    },
    Unknown,
}

/// One encoded SingleResponse, ready for [`basic_response`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleResponse(Any);

/// `CertID` (RFC 6960 §4.1.1) with SHA-1, the hash RFC 5019 §2.1.1 requires of clients.
#[derive(Sequence)]
struct CertId {
    hash_algorithm: AlgorithmIdentifierOwned,
    issuer_name_hash: OctetString,
    issuer_key_hash: OctetString,
    serial_number: Int,
}

/// `RevokedInfo` (RFC 6960 §4.2.1).
#[derive(Sequence)]
struct RevokedInfo {
    revocation_time: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    revocation_reason: Option<CrlReason>,
}

/// `SingleResponse` (RFC 6960 §4.2.1), `certStatus` pre-encoded (its CHOICE is IMPLICIT).
#[derive(Sequence)]
struct Single {
    cert_id: CertId,
    cert_status: Any,
    this_update: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    next_update: Option<GeneralizedTime>,
}

/// `ResponseData` (RFC 6960 §4.2.1), version v1 (DEFAULT, omitted), `responderID` pre-encoded.
#[derive(Sequence)]
struct ResponseData {
    responder_id: Any,
    produced_at: GeneralizedTime,
    responses: Vec<Any>,
}

/// `BasicOCSPResponse` (RFC 6960 §4.2.1).
#[derive(Sequence)]
struct BasicResponse {
    tbs_response_data: Any,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    certs: Option<Vec<Any>>,
}

/// `ResponseBytes` (RFC 6960 §4.2.1).
#[derive(Sequence)]
struct ResponseBytes {
    response_type: ObjectIdentifier,
    response: OctetString,
}

/// `OCSPResponse` (RFC 6960 §4.2.1), `responseStatus` pre-encoded (ENUMERATED).
#[derive(Sequence)]
struct Response {
    response_status: Any,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    response_bytes: Option<ResponseBytes>,
}

fn encoding(what: &'static str) -> impl Fn(der::Error) -> PkiError {
    move |_| PkiError::Encoding { what }
}

fn context(number: u32, constructed: bool, content: Vec<u8>) -> Result<Any, PkiError> {
    let tag = Tag::ContextSpecific {
        constructed,
        number: TagNumber(number),
    };
    Any::new(tag, content).map_err(encoding("context-specific value"))
}

fn sha1_octets(data: &[u8]) -> Result<OctetString, PkiError> {
    OctetString::new(Sha1::digest(data).to_vec()).map_err(encoding("SHA-1 hash"))
}

fn public_key_bits(cert: &Certificate) -> Result<&[u8], PkiError> {
    cert.public_key_info()
        .subject_public_key
        .as_bytes()
        .ok_or(PkiError::Encoding {
            what: "subjectPublicKey",
        })
}

/// A SingleResponse about `cert`, issued by `issuer`, valid from `this_update` to
/// `next_update` (RFC 6960 §4.2.1).
pub fn single_response(
    cert: &Certificate,
    issuer: &Certificate,
    status: &OcspStatus,
    this_update: DateTime,
    next_update: Option<DateTime>,
) -> Result<SingleResponse, PkiError> {
    let cert_id = CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: kyso::oid::SHA1,
            parameters: Some(Any::from(der::asn1::Null)),
        },
        issuer_name_hash: sha1_octets(&der_of(issuer.subject_name(), "issuer name")?)?,
        issuer_key_hash: sha1_octets(public_key_bits(issuer)?)?,
        serial_number: Int::new(cert.serial_bytes()).map_err(encoding("serial number"))?,
    };
    // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
    // unknown [2] IMPLICIT NULL }: an IMPLICIT tag replaces the inner one, content kept.
    let cert_status = match status {
        OcspStatus::Good => context(0, false, Vec::new())?,
        OcspStatus::Revoked { time, reason } => {
            let info = RevokedInfo {
                revocation_time: GeneralizedTime::from_date_time(*time),
                revocation_reason: *reason,
            };
            let der = der_of(&info, "RevokedInfo")?;
            let content = content_of(&der)?;
            context(1, true, content)?
        }
        OcspStatus::Unknown => context(2, false, Vec::new())?,
    };
    let single = Single {
        cert_id,
        cert_status,
        this_update: GeneralizedTime::from_date_time(this_update),
        next_update: next_update.map(GeneralizedTime::from_date_time),
    };
    let der = der_of(&single, "SingleResponse")?;
    Ok(SingleResponse(
        der::Decode::from_der(&der).map_err(encoding("SingleResponse"))?,
    ))
}

/// A successful OCSPResponse holding a BasicOCSPResponse signed by `signer` (RFC 6960
/// §4.2.1), naming the responder by key hash (`by_key`) or by name, and carrying the signer's
/// certificate when `include_signer`.
pub fn basic_response(
    signer: &Issued,
    by_key: bool,
    produced_at: DateTime,
    singles: &[SingleResponse],
    include_signer: bool,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, PkiError> {
    // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }, EXPLICIT tags
    // (the module's default): the inner TLV is kept whole.
    let responder_id = if by_key {
        let hash = sha1_octets(public_key_bits(&signer.certificate)?)?;
        context(2, true, der_of(&hash, "KeyHash")?)?
    } else {
        let name = der_of(signer.certificate.subject_name(), "responder name")?;
        context(1, true, name)?
    };
    let data = ResponseData {
        responder_id,
        produced_at: GeneralizedTime::from_date_time(produced_at),
        responses: singles.iter().map(|s| s.0.clone()).collect(),
    };
    let tbs = der_of(&data, "ResponseData")?;
    let scheme = signer.key.default_scheme();
    let signature = signer.key.sign(scheme, &tbs, rng)?;
    let certs = if include_signer {
        let cert = der::Decode::from_der(signer.certificate.der())
            .map_err(encoding("responder certificate"))?;
        Some(vec![cert])
    } else {
        None
    };
    let basic = BasicResponse {
        tbs_response_data: der::Decode::from_der(&tbs).map_err(encoding("ResponseData"))?,
        signature_algorithm: signer.key.algorithm_identifier(scheme)?,
        signature: BitString::from_bytes(&signature).map_err(encoding("signature"))?,
        certs,
    };
    let response = Response {
        // OCSPResponseStatus ::= ENUMERATED { successful (0), ... }
        response_status: Any::new(Tag::Enumerated, [0u8]).map_err(encoding("status"))?,
        response_bytes: Some(ResponseBytes {
            response_type: kyso::oid::OCSP_BASIC,
            response: OctetString::new(der_of(&basic, "BasicOCSPResponse")?)
                .map_err(encoding("BasicOCSPResponse"))?,
        }),
    };
    der_of(&response, "OCSPResponse")
}

/// The content octets of one DER TLV.
fn content_of(der: &[u8]) -> Result<Vec<u8>, PkiError> {
    let any: Any = der::Decode::from_der(der).map_err(encoding("TLV"))?;
    Ok(any.value().to_vec())
}
