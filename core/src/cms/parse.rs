//! Tolerant reading of CMS / PKCS #7 SignedData (RFC 5652 §5, PKCS #7 v1.5 = RFC 2315 §9).
//!
//! Why not simply `cms::signed_data::SignedData::from_der`? The `cms` crate decodes strictly,
//! and real files break it:
//! - one odd entry in `certificates` (serial > 20 bytes, attribute certificate) fails the whole
//!   message, while a verifier only needs the signer's certificate;
//! - `SetOfVec` checks and re-sorts `SET OF` on decode, so the original bytes of
//!   `signedAttrs` — which the signature covers — are not available, and unsorted sets from
//!   sloppy encoders fail;
//! - `eContent` is typed `OCTET STRING`, but PKCS #7 v1.5 allows any type there
//!   (Authenticode `SpcIndirectDataContent`, Microsoft CTL, Apple MDM) and signs the contents
//!   octets of its DER encoding (RFC 2315 §9.3);
//! - BER (indefinite lengths, constructed OCTET STRING segments) is what streaming encoders
//!   emit (RFC 5652 §5.1 allows BER; only `signedAttrs` must be DER, §5.3).
//!
//! So the outer structure is read here by walking BER TLVs with depth and count limits, keeping
//! every byte range, and the small leaves (AlgorithmIdentifier, Name, Time, certificates) are
//! handed to the RustCrypto `der` types.

use std::borrow::Cow;

use der::Tagged;
use der::asn1::ObjectIdentifier;
use serde::Serialize;
use spki::AlgorithmIdentifierOwned;
use x509_cert::name::Name;

use crate::ber::{self, Class, Reader};
use crate::cert::{Certificate, hex_upper};
use crate::crypto::DigestAlgorithm;
use crate::flaw::Flaw;
use crate::oid;
use crate::report::{Finding, Severity};

use super::CmsError;

/// Bounds on the work a single message may cause (hostile input never runs unbounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CmsLimits {
    /// Largest input accepted, in bytes (attached content included).
    pub max_input_len: usize,
    /// Deepest TLV nesting (X.690 has no limit; real CMS is < 20 levels deep).
    pub max_depth: usize,
    /// Most signatures verified in one message: signerInfos and counter-signatures together.
    pub max_signers: usize,
    /// Most entries in `certificates` (and in the caller's pool).
    pub max_certificates: usize,
    /// Most attributes in one signedAttrs / unsignedAttrs set.
    pub max_attributes: usize,
    /// Deepest chain of counter-signatures on counter-signatures (RFC 5652 §11.4).
    pub max_counter_signature_depth: usize,
}

impl Default for CmsLimits {
    fn default() -> Self {
        Self {
            max_input_len: 256 * 1024 * 1024,
            max_depth: crate::ber::MAX_DEPTH,
            max_signers: 256,
            max_certificates: 1024,
            max_attributes: 256,
            max_counter_signature_depth: 4,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// BER TLV walking (X.690 §8.1) is `crate::ber`: `der` neither keeps byte ranges of what it
// decodes nor tolerates the encodings listed in the module comment.
// ---------------------------------------------------------------------------------------------

/// A read failure with the byte offset where it happened (offsets are into the whole input).
pub(crate) use crate::ber::Error as ParseError;
/// One BER element (also what attribute values are kept as).
pub(crate) use crate::ber::Tlv;

impl From<ParseError> for CmsError {
    fn from(e: ParseError) -> Self {
        CmsError::Malformed {
            flaw: e.flaw,
            position: u32::try_from(e.offset).ok(),
        }
    }
}

type PResult<T> = Result<T, ParseError>;

// Universal tag numbers used here (X.680 §8.4).
const T_INTEGER: u32 = 2;
const T_OCTET_STRING: u32 = 4;
const T_OID: u32 = 6;
const T_SEQUENCE: u32 = 16;
const T_SET: u32 = 17;

/// An OBJECT IDENTIFIER element.
fn read_oid(t: &Tlv<'_>, field: &'static str) -> PResult<ObjectIdentifier> {
    if !t.is_universal(T_OID) || t.constructed {
        return Err(t.err(Flaw::WrongType {
            field,
            expected: "OBJECT IDENTIFIER",
        }));
    }
    ObjectIdentifier::from_bytes(t.content).map_err(|_| t.err(Flaw::Invalid { field }))
}

/// A small non-negative INTEGER (versions).
fn read_small_uint(t: &Tlv<'_>, field: &'static str) -> PResult<u64> {
    if !t.is_universal(T_INTEGER) || t.constructed || t.content.is_empty() {
        return Err(t.err(Flaw::WrongType {
            field,
            expected: "INTEGER",
        }));
    }
    if t.content.len() > 8 || t.content.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(t.err(Flaw::Invalid { field }));
    }
    Ok(t.content
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// Decode a small leaf with the `der` types: DER first, then BER (a BER message may carry
/// BER leaves).
fn decode_leaf<T: der::DecodeOwned>(t: &Tlv<'_>, field: &'static str) -> PResult<T> {
    T::from_der(t.raw).map_err(|_| t.err(Flaw::Invalid { field }))
}

/// `t`, when it is a constructed universal element of tag `number` (SEQUENCE or SET).
fn expect_universal<'a>(t: Tlv<'a>, number: u32, field: &'static str) -> PResult<Tlv<'a>> {
    if t.is_universal(number) && t.constructed {
        Ok(t)
    } else {
        let expected = if number == T_SET { "SET" } else { "SEQUENCE" };
        Err(t.err(Flaw::WrongType { field, expected }))
    }
}

/// The flaw of a required field that is absent.
const fn missing(parent: &'static str, field: &'static str) -> Flaw {
    Flaw::Missing { parent, field }
}

// ---------------------------------------------------------------------------------------------
// SignedData
// ---------------------------------------------------------------------------------------------

/// The encapsulated content as it is signed.
#[derive(Clone, Debug)]
pub(crate) struct EContent<'a> {
    /// The bytes the message digest covers: the OCTET STRING value (segments concatenated), or
    /// for PKCS #7 v1.5 content of another type the contents octets of its encoding
    /// (RFC 2315 §9.3: "the contents octets of the DER encoding of the content field").
    pub bytes: Cow<'a, [u8]>,
    /// Whether eContent was an OCTET STRING (CMS) rather than another type (PKCS #7 v1.5).
    pub octet_string: bool,
}

/// An attribute (RFC 5652 §5.3 `Attribute`) with its values kept as raw elements.
#[derive(Clone, Debug)]
pub(crate) struct RawAttribute<'a> {
    pub oid: ObjectIdentifier,
    pub values: Vec<Tlv<'a>>,
}

/// signedAttrs with the original encoding (the signature covers those bytes, RFC 5652 §5.4).
#[derive(Clone, Debug)]
pub(crate) struct SignedAttrs<'a> {
    /// The element as encoded, `[0] IMPLICIT` tag included.
    pub raw: &'a [u8],
    pub attrs: Vec<RawAttribute<'a>>,
}

impl SignedAttrs<'_> {
    /// What the signature is computed over (RFC 5652 §5.4): the original encoding with the
    /// `[0] IMPLICIT` tag replaced by the universal SET tag 0x31. Never a re-encoding: `der`'s
    /// `SetOfVec` re-sorts, which would break signers that did not sort
    /// (RFC 5652 §5.4 signs the bytes as sent).
    pub fn signed_bytes(&self) -> Vec<u8> {
        ber::retag(self.raw, ber::SET)
    }

    /// Every instance of attribute `oid`.
    pub fn all(&self, oid: &ObjectIdentifier) -> Vec<&RawAttribute<'_>> {
        self.attrs.iter().filter(|a| a.oid == *oid).collect()
    }
}

/// How a SignerInfo names its certificate (RFC 5652 §5.3 `SignerIdentifier`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sid {
    IssuerSerial { issuer: Name, serial: Vec<u8> },
    SubjectKeyId(Vec<u8>),
}

impl Sid {
    fn info(&self) -> SignerIdentifier {
        match self {
            Sid::IssuerSerial { issuer, serial } => SignerIdentifier::IssuerAndSerialNumber {
                issuer: crate::cert::DistinguishedName(issuer).to_string(),
                serial: hex_upper(serial),
            },
            Sid::SubjectKeyId(k) => SignerIdentifier::SubjectKeyIdentifier {
                key_id: hex_upper(k),
            },
        }
    }

    /// Whether `cert` is the certificate this identifier names. The issuer is compared under
    /// RFC 5280 §7.1 (RFC 5652 §5.3 names the certificate by "issuer's distinguished name"):
    /// signers such as Outlook and Android's apksigner re-encode it, e.g. PrintableString
    /// where the certificate has UTF8String, and a byte comparison then loses the signer.
    pub fn matches(&self, cert: &Certificate) -> bool {
        match self {
            Sid::IssuerSerial { issuer, serial } => {
                crate::name::names_match(cert.issuer_name(), issuer)
                    && strip_zeros(cert.serial_bytes()) == strip_zeros(serial)
            }
            Sid::SubjectKeyId(k) => cert.subject_key_identifier().as_deref() == Some(k.as_slice()),
        }
    }
}

/// Serial numbers compared by value: a redundant leading zero octet (seen from some encoders)
/// does not change the number.
pub(crate) fn strip_zeros(s: &[u8]) -> &[u8] {
    let mut s = s;
    while let [0, rest @ ..] = s {
        if rest.is_empty() {
            break;
        }
        s = rest;
    }
    s
}

/// One SignerInfo (RFC 5652 §5.3), read tolerantly.
#[derive(Clone, Debug)]
pub(crate) struct ParsedSignerInfo<'a> {
    pub version: u64,
    pub sid: Sid,
    pub digest_algorithm: AlgorithmIdentifierOwned,
    pub signed_attrs: Option<SignedAttrs<'a>>,
    pub signature_algorithm: AlgorithmIdentifierOwned,
    pub signature: Cow<'a, [u8]>,
    pub unsigned_attrs: Vec<RawAttribute<'a>>,
}

/// An entry of `certificates` that kyso did not load, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SkippedCertificate {
    /// Position in the certificate set (0-based).
    pub index: usize,
    /// `attribute-certificate-v1`, `attribute-certificate-v2`, `extended-certificate`, `other`,
    /// or `unparseable`.
    pub kind: &'static str,
    /// Why an `unparseable` entry was refused (English, for logs and JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The same, for the report's finding in the reader's language.
    #[serde(skip)]
    pub(crate) error: Option<crate::cert::CertError>,
}

/// SignedData read from a ContentInfo.
#[derive(Clone, Debug)]
pub(crate) struct ParsedSignedData<'a> {
    pub version: u64,
    /// Whether indefinite lengths occur anywhere in the SignedData (BER, not DER).
    pub ber: bool,
    pub digest_algorithms: Vec<AlgorithmIdentifierOwned>,
    pub econtent_type: ObjectIdentifier,
    pub econtent: Option<EContent<'a>>,
    pub certificates: Vec<Certificate>,
    pub skipped_certificates: Vec<SkippedCertificate>,
    /// Raw `RevocationInfoChoice` elements (CRLs and other revocation info, RFC 5652 §10.2.1).
    pub crls: Vec<&'a [u8]>,
    /// Each SignerInfo, or why it could not be read (the others are still verified).
    pub signer_infos: Vec<Result<ParsedSignerInfo<'a>, ParseError>>,
}

/// Strip PEM armour if present (`CMS`, `PKCS7`, `PKCS #7 SIGNED DATA` labels, RFC 7468 §10),
/// returning DER/BER.
pub(crate) fn unarmor(input: &[u8]) -> Result<Cow<'_, [u8]>, CmsError> {
    if !crate::pem::looks_like_pem(input) {
        return Ok(Cow::Borrowed(input));
    }
    let blocks = crate::pem::blocks(input).map_err(|_| CmsError::Malformed {
        flaw: Flaw::BadPem,
        position: None,
    })?;
    blocks
        .into_iter()
        .find(|b| matches!(b.label.as_str(), "CMS" | "PKCS7" | "PKCS #7 SIGNED DATA"))
        .map(|b| Cow::Owned(b.der))
        .ok_or(CmsError::Malformed {
            flaw: Flaw::NoPemBlock {
                labels: "CMS/PKCS7",
            },
            position: None,
        })
}

/// Read a ContentInfo holding SignedData (RFC 5652 §3, §5.1).
pub(crate) fn parse_content_info<'a>(
    input: &'a [u8],
    limits: &CmsLimits,
) -> Result<ParsedSignedData<'a>, CmsError> {
    if input.len() > limits.max_input_len {
        return Err(CmsError::TooLarge {
            len: input.len(),
            limit: limits.max_input_len,
        });
    }
    // Padding after the ContentInfo (a newline, Authenticode's and PDF's zero fill) is
    // ignored and counted; other trailing data is refused (see `crate::trailing`).
    let (input, _padding) = crate::trailing::split(input).map_err(|t| CmsError::Malformed {
        flaw: Flaw::TrailingData,
        position: u32::try_from(t.offset).ok(),
    })?;
    let mut top = Reader::top(input, limits.max_depth);
    let ci = expect_universal(top.expect(Flaw::Empty)?, T_SEQUENCE, "ContentInfo")?;
    if !top.is_empty() {
        return Err(CmsError::Malformed {
            flaw: Flaw::TrailingData,
            position: u32::try_from(ci.raw.len()).ok(),
        });
    }
    let mut r = ci.children()?;
    let ct = read_oid(
        &r.expect(missing("ContentInfo", "contentType"))?,
        "contentType",
    )?;
    if ct != oid::ID_SIGNED_DATA {
        return Err(CmsError::NotSignedData {
            content_type: ct.to_string(),
        });
    }
    let explicit = r.expect(missing("ContentInfo", "content"))?;
    if !explicit.is(Class::Context, 0) || !explicit.constructed {
        return Err(explicit
            .err(Flaw::WrongType {
                field: "content",
                expected: "[0] EXPLICIT",
            })
            .into());
    }
    let mut er = explicit.children()?;
    let sd = expect_universal(
        er.expect(missing("ContentInfo", "content"))?,
        T_SEQUENCE,
        "SignedData",
    )?;
    parse_signed_data(&sd, limits)
}

fn parse_signed_data<'a>(
    sd: &Tlv<'a>,
    limits: &CmsLimits,
) -> Result<ParsedSignedData<'a>, CmsError> {
    let ber = sd.indefinite || sd.any_indefinite();
    let mut r = sd.children()?;
    let version = read_small_uint(&r.expect(missing("SignedData", "version"))?, "version")?;

    let algs = expect_universal(
        r.expect(missing("SignedData", "digestAlgorithms"))?,
        T_SET,
        "digestAlgorithms",
    )?;
    let mut digest_algorithms = Vec::new();
    let mut ar = algs.children()?;
    while let Some(a) = ar.next_tlv()? {
        if digest_algorithms.len() >= limits.max_signers {
            return Err(a
                .err(Flaw::TooMany {
                    field: "digestAlgorithms",
                })
                .into());
        }
        digest_algorithms.push(decode_leaf::<AlgorithmIdentifierOwned>(
            &a,
            "digestAlgorithms",
        )?);
    }

    let eci = expect_universal(
        r.expect(missing("SignedData", "encapContentInfo"))?,
        T_SEQUENCE,
        "encapContentInfo",
    )?;
    let mut er = eci.children()?;
    let econtent_type = read_oid(
        &er.expect(missing("encapContentInfo", "eContentType"))?,
        "eContentType",
    )?;
    let econtent = match er.next_tlv()? {
        None => None,
        Some(ex) => {
            if !ex.is(Class::Context, 0) || !ex.constructed {
                return Err(ex
                    .err(Flaw::WrongType {
                        field: "eContent",
                        expected: "[0] EXPLICIT",
                    })
                    .into());
            }
            let mut xr = ex.children()?;
            match xr.next_tlv()? {
                // `[0] {}`: treat as absent (detached); seen from some encoders.
                None => None,
                Some(inner) if inner.is_universal(T_OCTET_STRING) => Some(EContent {
                    bytes: ber::octets(&inner, "eContent")?,
                    octet_string: true,
                }),
                // PKCS #7 v1.5 content of any type: digest over its contents octets.
                Some(inner) => Some(EContent {
                    bytes: Cow::Borrowed(inner.content),
                    octet_string: false,
                }),
            }
        }
    };

    let mut certificates = Vec::new();
    let mut skipped_certificates = Vec::new();
    let mut crls = Vec::new();
    let mut next = r.expect(missing("SignedData", "signerInfos"))?;
    if next.is(Class::Context, 0) {
        let mut cr = next.children()?;
        let mut index = 0usize;
        while let Some(c) = cr.next_tlv()? {
            if index >= limits.max_certificates {
                return Err(c
                    .err(Flaw::TooMany {
                        field: "certificates",
                    })
                    .into());
            }
            // CertificateChoices (RFC 5652 §10.2.2).
            let kind = match (c.class, c.number) {
                (Class::Universal, T_SEQUENCE) => None,
                (Class::Context, 0) => Some("extended-certificate"),
                (Class::Context, 1) => Some("attribute-certificate-v1"),
                (Class::Context, 2) => Some("attribute-certificate-v2"),
                _ => Some("other"),
            };
            match kind {
                Some(kind) => skipped_certificates.push(SkippedCertificate {
                    index,
                    kind,
                    detail: None,
                    error: None,
                }),
                None => match Certificate::from_der(c.raw) {
                    Ok(cert) => certificates.push(cert),
                    Err(e) => skipped_certificates.push(SkippedCertificate {
                        index,
                        kind: "unparseable",
                        detail: Some(e.to_string()),
                        error: Some(e),
                    }),
                },
            }
            index = index.saturating_add(1);
        }
        next = r.expect(missing("SignedData", "signerInfos"))?;
    }
    if next.is(Class::Context, 1) {
        let mut cr = next.children()?;
        while let Some(c) = cr.next_tlv()? {
            if crls.len() >= limits.max_certificates {
                return Err(c.err(Flaw::TooMany { field: "crls" }).into());
            }
            crls.push(c.raw);
        }
        next = r.expect(missing("SignedData", "signerInfos"))?;
    }
    let sis = expect_universal(next, T_SET, "signerInfos")?;
    let mut signer_infos = Vec::new();
    let mut sr = sis.children()?;
    while let Some(si) = sr.next_tlv()? {
        if signer_infos.len() >= limits.max_signers {
            return Err(si
                .err(Flaw::TooMany {
                    field: "signerInfos",
                })
                .into());
        }
        signer_infos.push(parse_signer_info(&si, limits));
    }
    Ok(ParsedSignedData {
        version,
        ber,
        digest_algorithms,
        econtent_type,
        econtent,
        certificates,
        skipped_certificates,
        crls,
        signer_infos,
    })
}

/// Read one SignerInfo (RFC 5652 §5.3). Also used for counter-signature values (§11.4).
pub(crate) fn parse_signer_info<'a>(
    si: &Tlv<'a>,
    limits: &CmsLimits,
) -> PResult<ParsedSignerInfo<'a>> {
    if !si.is_universal(T_SEQUENCE) || !si.constructed {
        return Err(si.err(Flaw::WrongType {
            field: "SignerInfo",
            expected: "SEQUENCE",
        }));
    }
    let mut r = si.children()?;
    let version = read_small_uint(&r.expect(missing("SignerInfo", "version"))?, "version")?;
    let sid_t = r.expect(missing("SignerInfo", "sid"))?;
    let sid = if sid_t.is_universal(T_SEQUENCE) && sid_t.constructed {
        // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }
        let mut ir = sid_t.children()?;
        let issuer_t = ir.expect(missing("IssuerAndSerialNumber", "issuer"))?;
        let issuer = decode_leaf::<Name>(&issuer_t, "sid issuer")?;
        let serial_t = ir.expect(missing("IssuerAndSerialNumber", "serialNumber"))?;
        if !serial_t.is_universal(T_INTEGER) || serial_t.constructed {
            return Err(serial_t.err(Flaw::WrongType {
                field: "serialNumber",
                expected: "INTEGER",
            }));
        }
        Sid::IssuerSerial {
            issuer,
            serial: serial_t.content.to_vec(),
        }
    } else if sid_t.is(Class::Context, 0) {
        // [0] IMPLICIT SubjectKeyIdentifier (OCTET STRING; constructed form in BER).
        Sid::SubjectKeyId(sid_t.string_value()?.into_owned())
    } else {
        return Err(sid_t.err(Flaw::UnknownChoice { field: "sid" }));
    };
    let digest_algorithm = decode_leaf::<AlgorithmIdentifierOwned>(
        &r.expect(missing("SignerInfo", "digestAlgorithm"))?,
        "digestAlgorithm",
    )?;
    let mut next = r.expect(missing("SignerInfo", "signatureAlgorithm"))?;
    let mut signed_attrs = None;
    if next.is(Class::Context, 0) {
        if !next.constructed {
            return Err(next.err(Flaw::Ber));
        }
        signed_attrs = Some(SignedAttrs {
            raw: next.raw,
            attrs: parse_attributes(&next, limits)?,
        });
        next = r.expect(missing("SignerInfo", "signatureAlgorithm"))?;
    }
    let signature_algorithm = decode_leaf::<AlgorithmIdentifierOwned>(&next, "signatureAlgorithm")?;
    let sig_t = r.expect(missing("SignerInfo", "signature"))?;
    let signature = ber::octets(&sig_t, "signature")?;
    let mut unsigned_attrs = Vec::new();
    if let Some(u) = r.next_tlv()? {
        if !u.is(Class::Context, 1) || !u.constructed {
            return Err(u.err(Flaw::UnexpectedElement {
                parent: "SignerInfo",
            }));
        }
        unsigned_attrs = parse_attributes(&u, limits)?;
    }
    if let Some(extra) = r.next_tlv()? {
        return Err(extra.err(Flaw::UnexpectedElement {
            parent: "SignerInfo",
        }));
    }
    Ok(ParsedSignerInfo {
        version,
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
        unsigned_attrs,
    })
}

/// `SET OF Attribute` under an implicit tag. Order is kept as encoded.
fn parse_attributes<'a>(set: &Tlv<'a>, limits: &CmsLimits) -> PResult<Vec<RawAttribute<'a>>> {
    let mut out = Vec::new();
    let mut r = set.children()?;
    while let Some(a) = r.next_tlv()? {
        if out.len() >= limits.max_attributes {
            return Err(a.err(Flaw::TooMany {
                field: "Attributes",
            }));
        }
        let a = expect_universal(a, T_SEQUENCE, "Attribute")?;
        let mut ar = a.children()?;
        let oid = read_oid(&ar.expect(missing("Attribute", "attrType"))?, "attrType")?;
        let vals = expect_universal(
            ar.expect(missing("Attribute", "attrValues"))?,
            T_SET,
            "attrValues",
        )?;
        let mut values = Vec::new();
        let mut vr = vals.children()?;
        while let Some(v) = vr.next_tlv()? {
            if values.len() >= limits.max_attributes {
                return Err(v.err(Flaw::TooMany {
                    field: "attrValues",
                }));
            }
            values.push(v);
        }
        out.push(RawAttribute { oid, values });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The public parsed view (`kyso inspect`)
// ---------------------------------------------------------------------------------------------

/// How a signer names its certificate (RFC 5652 §5.3), for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignerIdentifier {
    IssuerAndSerialNumber { issuer: String, serial: String },
    SubjectKeyIdentifier { key_id: String },
}

impl core::fmt::Display for SignerIdentifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::IssuerAndSerialNumber { issuer, serial } => {
                write!(f, "issuer \"{issuer}\", serial {serial}")
            }
            Self::SubjectKeyIdentifier { key_id } => write!(f, "subjectKeyIdentifier {key_id}"),
        }
    }
}

/// An algorithm identifier for display: dotted OID and a well-known name if there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AlgorithmInfo {
    pub oid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    /// Whether parameters are present (and not NULL).
    pub has_parameters: bool,
}

impl AlgorithmInfo {
    fn from_ai(ai: &AlgorithmIdentifierOwned) -> Self {
        Self {
            oid: ai.oid.to_string(),
            name: oid_name(&ai.oid),
            has_parameters: ai
                .parameters
                .as_ref()
                .is_some_and(|p| p.tag() != der::Tag::Null),
        }
    }
}

/// One attribute for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AttributeInfo {
    pub oid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    /// Each value decoded for people where kyso knows the type, else hex of its encoding.
    pub values: Vec<String>,
}

/// A certificate of the message, summarised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    #[serde(serialize_with = "crate::report::ser_time")]
    pub not_before: crate::time::DateTime,
    #[serde(serialize_with = "crate::report::ser_time")]
    pub not_after: crate::time::DateTime,
}

/// One SignerInfo, as read (nothing verified).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SignerInfoView {
    pub index: usize,
    pub version: u64,
    pub signer_identifier: SignerIdentifier,
    pub digest_algorithm: AlgorithmInfo,
    pub signature_algorithm: AlgorithmInfo,
    /// `None` when signedAttrs is absent (basic PKCS #7: the signature covers the content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_attributes: Option<Vec<AttributeInfo>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unsigned_attributes: Vec<AttributeInfo>,
    /// Counter-signatures (RFC 5652 §11.4) found in the unsigned attributes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counter_signatures: Vec<SignerInfoView>,
}

/// A parsed, unverified view of a SignedData, for `kyso inspect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SignedDataInfo {
    pub version: u64,
    /// `der` or `ber` (indefinite lengths present).
    pub encoding: &'static str,
    /// eContentType, dotted.
    pub content_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type_name: Option<&'static str>,
    /// Whether the content is carried in the message (`false`: detached signature).
    pub attached: bool,
    /// Length in bytes of the signed content when attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_len: Option<usize>,
    /// `false` for PKCS #7 v1.5 content that is not an OCTET STRING (Authenticode, CTL, …).
    pub content_is_octet_string: bool,
    pub digest_algorithms: Vec<AlgorithmInfo>,
    pub certificates: Vec<CertificateInfo>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped_certificates: Vec<SkippedCertificate>,
    pub crl_count: usize,
    pub signers: Vec<SignerInfoView>,
    /// Problems met while reading (unreadable SignerInfo, skipped certificates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

/// Read a SignedData (DER, BER, or PEM-armoured) without verifying anything.
pub fn inspect(input: &[u8]) -> Result<SignedDataInfo, CmsError> {
    inspect_with_limits(input, &CmsLimits::default())
}

/// [`inspect`] with explicit limits.
pub fn inspect_with_limits(input: &[u8], limits: &CmsLimits) -> Result<SignedDataInfo, CmsError> {
    let der = unarmor(input)?;
    let sd = parse_content_info(&der, limits)?;
    let mut findings = skipped_findings(&sd.skipped_certificates);
    let mut signers = Vec::new();
    for (index, si) in sd.signer_infos.iter().enumerate() {
        match si {
            Ok(si) => signers.push(signer_view(index, si, limits, 0)),
            Err(e) => findings.push(malformed_finding(&CmsError::from(*e))),
        }
    }
    Ok(SignedDataInfo {
        version: sd.version,
        encoding: if sd.ber { "ber" } else { "der" },
        content_type: sd.econtent_type.to_string(),
        content_type_name: oid_name(&sd.econtent_type),
        attached: sd.econtent.is_some(),
        content_len: sd.econtent.as_ref().map(|c| c.bytes.len()),
        content_is_octet_string: sd.econtent.as_ref().is_none_or(|c| c.octet_string),
        digest_algorithms: sd
            .digest_algorithms
            .iter()
            .map(AlgorithmInfo::from_ai)
            .collect(),
        certificates: sd.certificates.iter().map(cert_info).collect(),
        skipped_certificates: sd.skipped_certificates.clone(),
        crl_count: sd.crls.len(),
        signers,
        findings,
    })
}

/// The encapsulated content of a SignedData (`eContent`, RFC 5652 §5.2), `None` when it is
/// detached. For readers of content a container defines, such as PDF's `adbe.pkcs7.sha1`
/// (ISO 32000-2 §12.8.3.3.1: the content is the SHA-1 digest of the ByteRange bytes).
pub(crate) fn encapsulated_content(
    input: &[u8],
    limits: &CmsLimits,
) -> Result<Option<Vec<u8>>, CmsError> {
    let der = unarmor(input)?;
    let sd = parse_content_info(&der, limits)?;
    Ok(sd.econtent.map(|c| c.bytes.into_owned()))
}

/// The certificates carried in a SignedData (e.g. a `.p7b` bundle), in order; entries kyso
/// cannot load are left out (see [`SignedDataInfo::skipped_certificates`]).
pub fn certificates(input: &[u8]) -> Result<Vec<Certificate>, CmsError> {
    let der = unarmor(input)?;
    Ok(parse_content_info(&der, &CmsLimits::default())?.certificates)
}

/// The digest algorithms needed to verify a detached SignedData over its content, so a caller
/// can hash a large file in one pass and pass [`super::verify::DetachedContent::Digests`].
/// The union of `digestAlgorithms` and each signer's `digestAlgorithm` that kyso implements,
/// sorted and without duplicates.
pub fn required_digests(input: &[u8]) -> Result<Vec<DigestAlgorithm>, CmsError> {
    let der = unarmor(input)?;
    let sd = parse_content_info(&der, &CmsLimits::default())?;
    let out: Vec<DigestAlgorithm> = sd
        .digest_algorithms
        .iter()
        .chain(
            sd.signer_infos
                .iter()
                .filter_map(|s| s.as_ref().ok())
                .map(|s| &s.digest_algorithm),
        )
        .filter_map(|ai| {
            // A signature algorithm in place of a digest (tolerated by verify, see
            // `cms::verify::signer_digest`): its hash is the one to compute.
            DigestAlgorithm::from_oid(&ai.oid).or(
                match crate::crypto::algid::SignatureAlgorithmAsDigest::of(ai) {
                    Some(crate::crypto::algid::SignatureAlgorithmAsDigest::Hashed(d)) => Some(d),
                    _ => None,
                },
            )
        })
        .collect();
    let mut out = crate::sort::sorted_by(out, Ord::cmp);
    out.dedup();
    Ok(out)
}

pub(crate) fn cert_info(c: &Certificate) -> CertificateInfo {
    CertificateInfo {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        serial: c.serial_hex(),
        not_before: c.not_before(),
        not_after: c.not_after(),
    }
}

pub(crate) fn skipped_findings(skipped: &[SkippedCertificate]) -> Vec<Finding> {
    skipped
        .iter()
        .map(|s| {
            let f = Finding::new(
                crate::i18n::MessageId::CertificateEntrySkipped,
                Severity::Info,
            )
            .with("index", s.index.to_string());
            // An entry that failed to parse is of the `certificate` alternative of
            // CertificateChoices (RFC 5652 §10.2.2): name it by that, not by prose.
            let f = match s.kind {
                "unparseable" => f.with("kind", "certificate"),
                kind => f.with("kind", kind),
            };
            match &s.error {
                Some(e) => f.with_phrase("detail", &e.message()),
                None => f.with("detail", "-"),
            }
        })
        .collect()
}

/// The finding for a message, or one SignerInfo, that cannot be read: `cms.malformed` with
/// the flaw as a phrase, so the whole sentence is in the reader's language (issue 9).
pub(crate) fn malformed_finding(e: &CmsError) -> Finding {
    match e {
        CmsError::Malformed { .. } => Finding::from_text(&e.message(), Severity::Error),
        other => Finding::new(crate::i18n::MessageId::CmsMalformed, Severity::Error)
            .with_phrase("detail", &other.message()),
    }
}

fn signer_view(
    index: usize,
    si: &ParsedSignerInfo<'_>,
    limits: &CmsLimits,
    depth: usize,
) -> SignerInfoView {
    let mut counter_signatures = Vec::new();
    if depth < limits.max_counter_signature_depth {
        for a in si
            .unsigned_attrs
            .iter()
            .filter(|a| a.oid == oid::ID_COUNTERSIGNATURE)
        {
            for v in &a.values {
                if let Ok(cs) = parse_signer_info(v, limits) {
                    counter_signatures.push(signer_view(
                        counter_signatures.len(),
                        &cs,
                        limits,
                        depth.saturating_add(1),
                    ));
                }
            }
        }
    }
    SignerInfoView {
        index,
        version: si.version,
        signer_identifier: si.sid.info(),
        digest_algorithm: AlgorithmInfo::from_ai(&si.digest_algorithm),
        signature_algorithm: AlgorithmInfo::from_ai(&si.signature_algorithm),
        signed_attributes: si
            .signed_attrs
            .as_ref()
            .map(|s| s.attrs.iter().map(attribute_info).collect()),
        unsigned_attributes: si.unsigned_attrs.iter().map(attribute_info).collect(),
        counter_signatures,
    }
}

pub(crate) fn signer_identifier(sid: &Sid) -> SignerIdentifier {
    sid.info()
}

fn attribute_info(a: &RawAttribute<'_>) -> AttributeInfo {
    AttributeInfo {
        oid: a.oid.to_string(),
        name: oid_name(&a.oid),
        values: a.values.iter().map(|v| display_value(&a.oid, v)).collect(),
    }
}

/// A readable rendering of well-known attribute values.
fn display_value(attr: &ObjectIdentifier, v: &Tlv<'_>) -> String {
    if *attr == oid::ID_CONTENT_TYPE {
        if let Ok(o) = read_oid(v, "attrValues") {
            return match oid_name(&o) {
                Some(n) => format!("{o} ({n})"),
                None => o.to_string(),
            };
        }
    } else if *attr == oid::ID_SIGNING_TIME {
        if let Ok(t) = decode_leaf::<x509_cert::time::Time>(v, "time") {
            return crate::time::rfc3339(&t.to_date_time());
        }
    } else if *attr == oid::ID_MESSAGE_DIGEST {
        if v.is_universal(T_OCTET_STRING) && !v.constructed {
            return hex_upper(v.content);
        }
    } else if *attr == oid::ID_COUNTERSIGNATURE {
        return "SignerInfo".to_owned();
    }
    hex_upper(v.raw)
}

/// A readable name for well-known OIDs (the `const-oid` database, plus the Microsoft and
/// Apple content types seen in PKCS #7 files).
pub fn oid_name(o: &ObjectIdentifier) -> Option<&'static str> {
    const NAMES: &[(ObjectIdentifier, &str)] = &[
        (oid::ID_DATA, "data"),
        (oid::ID_SIGNED_DATA, "signedData"),
        (oid::ID_CT_TST_INFO, "tstInfo"),
        (oid::ID_CONTENT_TYPE, "contentType"),
        (oid::ID_MESSAGE_DIGEST, "messageDigest"),
        (oid::ID_SIGNING_TIME, "signingTime"),
        (oid::ID_COUNTERSIGNATURE, "countersignature"),
        (oid::ID_AA_SIGNING_CERTIFICATE, "signingCertificate"),
        (oid::ID_AA_SIGNING_CERTIFICATE_V2, "signingCertificateV2"),
        (
            oid::ID_AA_CMS_ALGORITHM_PROTECTION,
            "cmsAlgorithmProtection",
        ),
        (oid::ID_AA_TIMESTAMP_TOKEN, "signatureTimeStampToken"),
        (oid::ID_SMIME_CAPABILITIES, "smimeCapabilities"),
        (oid::MS_SPC_INDIRECT_DATA, "spcIndirectDataContent"),
        (oid::MS_CTL, "certificateTrustList"),
    ];
    let known = oid::lookup(NAMES, o);
    #[cfg(feature = "oid-db")]
    let known = known.or_else(|| const_oid::db::DB.by_oid(o));
    known
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
    fn signed_attrs_retagged_not_reencoded() {
        // Deliberately unsorted SET: bytes must come back as they were, tag 0xA0 → 0x31.
        let raw = [0xA0, 0x06, 0x30, 0x01, 0x05, 0x30, 0x01, 0x01];
        let sa = SignedAttrs {
            raw: &raw,
            attrs: Vec::new(),
        };
        assert_eq!(
            sa.signed_bytes(),
            vec![0x31, 0x06, 0x30, 0x01, 0x05, 0x30, 0x01, 0x01]
        );
    }

    #[test]
    fn serial_comparison_ignores_redundant_zero() {
        assert_eq!(strip_zeros(&[0, 0, 0x81]), &[0x81]);
        assert_eq!(strip_zeros(&[0]), &[0]);
    }
}
