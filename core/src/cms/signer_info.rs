//! A new SignerInfo (RFC 5652 §5.3): the checks on a signer before anything is signed, its
//! signed attributes, its identifier, and the signature value as CMS carries it.

use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString, UtcTime};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use super::CmsError;
use super::attr::{self, CmsAlgorithmProtection, EssCertIdV2, IssuerSerial, SigningCertificateV2};
use super::build::{Content, KeyRef, SignerIdentifierKind, SignerOptions};
use crate::ber;
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::flaw::Flaw;
use crate::oid as oids;
use crate::oid;
use crate::time::DateTime;

// ------------------------------------------------------------------------------------------
// Signer checks and signed attributes
// ------------------------------------------------------------------------------------------

/// Refuse what must never be signed, and signers that cannot produce a signature the
/// certificate verifies: the one may-sign rule ([`KeyType::check_signing_scheme`]) on the
/// certificate's key as `crypto` reads it, the signer's own key against the certificate's,
/// and a SubjectKeyIdentifier asked for but absent. Returns the scheme and its digest.
pub(super) fn check_signer(
    options: &SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
) -> Result<(SignatureScheme, DigestAlgorithm), CmsError> {
    let scheme = options.scheme();
    let cert_spki = options.certificate.public_key_info();
    crypto
        .key_type(cert_spki)
        .and_then(|key_type| key_type.check_signing_scheme(scheme))?;
    if let KeyRef::Signer(signer) = options.key
        && let Some(spki) = signer.public_key_info()
        && spki.subject_public_key.raw_bytes() != cert_spki.subject_public_key.raw_bytes()
    {
        return Err(CmsError::CertificateKeyMismatch);
    }
    if options.identifier == SignerIdentifierKind::SubjectKeyIdentifier
        && options.certificate.subject_key_identifier().is_none()
    {
        return Err(CmsError::NoSubjectKeyIdentifier);
    }
    Ok((scheme, scheme_digest(scheme)))
}

/// The message digest of content a signer signs with `alg`.
pub(super) fn message_digest(
    content: Content<'_>,
    alg: DigestAlgorithm,
    crypto: &dyn CryptoProvider,
) -> Result<Vec<u8>, CmsError> {
    match content {
        Content::Bytes(bytes) => Ok(crypto.digest(alg, bytes)),
        Content::Digest { algorithm, digest } => {
            if algorithm != alg {
                return Err(CmsError::DigestAlgorithmMismatch {
                    content: algorithm,
                    signer: alg,
                });
            }
            if digest.len() != alg.output_len() {
                return Err(CmsError::InvalidDigestLength {
                    algorithm,
                    len: digest.len(),
                });
            }
            Ok(digest.to_vec())
        }
    }
}

/// A SignerInfo whose signed attributes are final and which waits for its signature.
pub(super) struct Pending {
    pub(super) scheme: SignatureScheme,
    pub(super) version: u8,
    pub(super) sid: Vec<u8>,
    pub(super) digest_algorithm: Vec<u8>,
    /// DER of the signed attributes as the `SET` that is signed (RFC 5652 §5.4).
    pub(super) signed_attrs: Vec<u8>,
    pub(super) signature_algorithm: Vec<u8>,
    pub(super) unsigned_attrs: Vec<Vec<u8>>,
}

impl Pending {
    /// `content_type` is `None` for a counter-signature (RFC 5652 §11.4: "MUST NOT contain a
    /// content-type attribute").
    pub(super) fn new(
        options: &SignerOptions<'_>,
        scheme: SignatureScheme,
        message_digest: &[u8],
        content_type: Option<ObjectIdentifier>,
        crypto: &dyn CryptoProvider,
    ) -> Result<Self, CmsError> {
        let enc = |_| CmsError::Encoding {
            what: "signedAttrs",
        };
        let cert = options.certificate;
        let digest_alg = scheme_digest(scheme);
        let digest_algorithm = digest_algorithm_identifier(digest_alg)?;
        let signature_algorithm = signature_algorithm_identifier(scheme)?;

        let mut attrs: Vec<Attribute> = Vec::new();
        if let Some(ct) = content_type {
            attrs.push(attr::single_valued(oid::ID_CONTENT_TYPE, &ct).map_err(enc)?);
        }
        let md = OctetString::new(message_digest).map_err(enc)?;
        attrs.push(attr::single_valued(oid::ID_MESSAGE_DIGEST, &md).map_err(enc)?);
        if let Some(t) = &options.signing_time {
            attrs.push(attr::single_valued(oid::ID_SIGNING_TIME, &signing_time(t)?).map_err(enc)?);
        }
        if options.signing_certificate_v2 {
            // RFC 5035 §4 / EN 319 122-1 §5.2.2.3: SHA-256 hash of the whole certificate, with
            // issuerSerial so that a certificate re-issued with the same key is told apart.
            let id = EssCertIdV2::new(
                attr::sha256_identifier(),
                &crypto.digest(DigestAlgorithm::Sha256, cert.der()),
                Some(IssuerSerial::of(cert).map_err(enc)?),
            )
            .map_err(enc)?;
            let value = SigningCertificateV2 {
                certs: vec![id],
                policies: None,
            };
            attrs
                .push(attr::single_valued(oid::ID_AA_SIGNING_CERTIFICATE_V2, &value).map_err(enc)?);
        }
        if options.algorithm_protection {
            // RFC 6211 §2: the same identifiers as in the SignerInfo, signatureAlgorithm present
            // and macAlgorithm absent for SignedData.
            let value = CmsAlgorithmProtection {
                digest_algorithm: AlgorithmIdentifierOwned::from_der(&digest_algorithm)
                    .map_err(enc)?,
                signature_algorithm: Some(
                    AlgorithmIdentifierOwned::from_der(&signature_algorithm).map_err(enc)?,
                ),
                mac_algorithm: None,
            };
            attrs.push(
                attr::single_valued(oid::ID_AA_CMS_ALGORITHM_PROTECTION, &value).map_err(enc)?,
            );
        }
        for extra in &options.signed_attributes {
            if extra.oid == oid::ID_CONTENT_TYPE && content_type.is_none() {
                // RFC 5652 §11.4 forbids it in a counter-signature, whoever adds it.
                return Err(CmsError::DuplicateAttribute {
                    oid: extra.oid.to_string(),
                });
            }
            attrs.push(extra.clone());
        }
        let mut seen = std::collections::BTreeSet::new();
        for a in &attrs {
            if !seen.insert(a.oid) {
                return Err(CmsError::DuplicateAttribute {
                    oid: a.oid.to_string(),
                });
            }
        }
        // DER SET OF: the encodings sorted as octet strings (X.690 §11.6). This exact
        // encoding is what is signed (RFC 5652 §5.4) and what is sent.
        let encoded = attrs
            .iter()
            .map(Encode::to_der)
            .collect::<Result<Vec<_>, _>>()
            .map_err(enc)?;
        let signed_attrs = ber::encode_set_of(ber::SET, &encoded);

        let mut unsigned_attrs = Vec::new();
        for a in &options.unsigned_attributes {
            unsigned_attrs.push(a.to_der().map_err(|_| CmsError::Encoding {
                what: "unsignedAttrs",
            })?);
        }

        let (version, sid) = signer_identifier(cert, options.identifier)?;
        Ok(Self {
            scheme,
            version,
            sid,
            digest_algorithm,
            signed_attrs,
            signature_algorithm,
            unsigned_attrs,
        })
    }

    /// RFC 5652 §5.3:
    ///
    /// ```text
    /// SignerInfo ::= SEQUENCE {
    ///   version CMSVersion,
    ///   sid SignerIdentifier,
    ///   digestAlgorithm DigestAlgorithmIdentifier,
    ///   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
    ///   signatureAlgorithm SignatureAlgorithmIdentifier,
    ///   signature SignatureValue,
    ///   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
    /// ```
    pub(super) fn signer_info(&self, signature: &[u8]) -> Vec<u8> {
        let version = ber::encode(ber::INTEGER, &[&[self.version]]);
        let signed = ber::retag(&self.signed_attrs, ber::context_constructed(0));
        let sig = ber::encode(ber::OCTET_STRING, &[signature]);
        let unsigned = (!self.unsigned_attrs.is_empty())
            .then(|| ber::encode_set_of(ber::context_constructed(1), &self.unsigned_attrs));
        ber::encode(
            ber::SEQUENCE,
            &[
                &version,
                &self.sid,
                &self.digest_algorithm,
                &signed,
                &self.signature_algorithm,
                &sig,
                unsigned.as_deref().unwrap_or_default(),
            ],
        )
    }
}

/// `signing-time` value (RFC 5652 §11.3): "Dates between 1 January 1950 and 31 December 2049
/// (inclusive) MUST be encoded as UTCTime. Any dates with year values before 1950 or after
/// 2049 MUST be encoded as GeneralizedTime." (`DateTime` starts in 1970.)
pub(super) fn signing_time(t: &DateTime) -> Result<Time, CmsError> {
    let enc = |_| CmsError::Encoding {
        what: "signingTime",
    };
    if t.year() < 2050 {
        Ok(Time::UtcTime(UtcTime::from_date_time(*t).map_err(enc)?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from(t)))
    }
}

/// `SignerIdentifier` (RFC 5652 §5.3) and the SignerInfo version it implies. The issuer name and
/// serial number are copied from the certificate's own encoding, so the signer is found by
/// byte comparison too (NSS) and certificates with > 20-octet serials work.
pub(super) fn signer_identifier(
    cert: &Certificate,
    kind: SignerIdentifierKind,
) -> Result<(u8, Vec<u8>), CmsError> {
    match kind {
        SignerIdentifierKind::IssuerAndSerialNumber => {
            let bad = CmsError::Malformed {
                flaw: Flaw::Invalid {
                    field: "TBSCertificate",
                },
                position: None,
            };
            let tbs = ber::parse(cert.tbs_der()).map_err(|_| bad.clone())?;
            let fields = tbs.elements().map_err(|_| bad.clone())?;
            let mut fields = fields
                .iter()
                .skip_while(|f| f.tag() == ber::context_constructed(0));
            let serial = fields
                .next()
                .filter(|f| f.tag() == ber::INTEGER)
                .ok_or(bad.clone())?;
            let _signature = fields.next().ok_or(bad.clone())?;
            let issuer = fields
                .next()
                .filter(|f| f.tag() == ber::SEQUENCE)
                .ok_or(bad)?;
            Ok((1, ber::encode(ber::SEQUENCE, &[issuer.raw, serial.raw])))
        }
        SignerIdentifierKind::SubjectKeyIdentifier => {
            let ski = cert
                .subject_key_identifier()
                .ok_or(CmsError::NoSubjectKeyIdentifier)?;
            Ok((3, ber::encode(ber::context_primitive(0), &[&ski])))
        }
    }
}

/// Signatures as CMS carries them: ECDSA as DER `Ecdsa-Sig-Value` (RFC 5758 §3.2). Tokens and
/// WebCrypto give `r ‖ s`; convert it when the bytes are not already DER.
pub(super) fn normalize_signature(
    scheme: SignatureScheme,
    cert: &Certificate,
    signature: Vec<u8>,
) -> Result<Vec<u8>, CmsError> {
    if !matches!(scheme, SignatureScheme::Ecdsa { .. }) || is_der_ecdsa_signature(&signature) {
        return Ok(signature);
    }
    let curve = cert
        .public_key_info()
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    let converted =
        match curve {
            Some(c) if c == oids::SECP256R1 => p256::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            Some(c) if c == oids::SECP384R1 => p384::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            #[cfg(feature = "p521")]
            Some(c) if c == oids::SECP521R1 => p521::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            _ => return Ok(signature),
        };
    // Bytes that are neither DER nor r ‖ s of the curve's size go through unchanged: verifiers
    // (and `finish`) reject them.
    Ok(converted.unwrap_or(signature))
}

/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` filling the bytes exactly.
pub(super) fn is_der_ecdsa_signature(bytes: &[u8]) -> bool {
    let Ok(seq) = ber::parse(bytes) else {
        return false;
    };
    if seq.tag() != ber::SEQUENCE {
        return false;
    }
    matches!(seq.elements().as_deref(), Ok([r, s]) if r.tag() == ber::INTEGER && s.tag() == ber::INTEGER)
}

// ------------------------------------------------------------------------------------------
// Algorithms
// ------------------------------------------------------------------------------------------

/// The digest a scheme signs with (for Ed25519, SHA-512: RFC 8419 §3.1, "When signing with
/// Ed25519, the digestAlgorithm MUST be id-sha512").
pub(super) fn scheme_digest(scheme: SignatureScheme) -> DigestAlgorithm {
    scheme.digest()
}

/// DER AlgorithmIdentifier of a digest, parameters absent (RFC 5754 §2: "Implementations MUST
/// generate SHA2 AlgorithmIdentifiers with absent parameters").
pub(super) fn digest_algorithm_identifier(alg: DigestAlgorithm) -> Result<Vec<u8>, CmsError> {
    alg.algorithm_identifier()
        .to_der()
        .map_err(|_| CmsError::Encoding {
            what: "digestAlgorithm",
        })
}

/// DER signatureAlgorithm of a SignerInfo, as `SignatureScheme::algorithm_identifier` writes it.
///
/// RSA PKCS#1 v1.5 is written as `sha256WithRSAEncryption` (etc., NULL parameters, RFC 4055 §5,
/// RFC 5754 §3.2), not OpenSSL's `rsaEncryption` (RFC 3370 §3.2 allows both): the identifier
/// then names the whole algorithm, so CMSAlgorithmProtection binds the hash too; it is the
/// identifier X.509 uses; and poppler/NSS, Adobe, OpenSSL and BouncyCastle accept it (pyHanko
/// writes it too). RSASSA-PSS carries explicit parameters (RFC 4055 §3.1: MGF1 with the same
/// hash, the salt length, trailer 1); ECDSA `ecdsa-with-SHA*` with absent parameters (RFC 5758
/// §3.2); Ed25519 `id-Ed25519` with absent parameters (RFC 8419 §2.3).
pub(super) fn signature_algorithm_identifier(scheme: SignatureScheme) -> Result<Vec<u8>, CmsError> {
    scheme
        .algorithm_identifier()
        .to_der()
        .map_err(|_| CmsError::Encoding {
            what: "signatureAlgorithm",
        })
}

pub(super) fn oid_tlv(oid: &ObjectIdentifier) -> Vec<u8> {
    ber::encode(ber::OID, &[oid.as_bytes()])
}
