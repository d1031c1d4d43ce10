//! A SignedData split into its elements (RFC 5652 §5.1), each kept as encoded when it comes
//! from an existing SignedData, or created by the builder.

use std::borrow::Cow;

use der::asn1::ObjectIdentifier;

use super::CmsError;
use super::build::SignerOptions;
use super::edit::signer_certificates;
use super::signer_info::{digest_algorithm_identifier, oid_tlv, scheme_digest};
use crate::ber::{self, Tlv};
use crate::crypto::DigestAlgorithm;
use crate::flaw::Flaw;
use crate::oid;

/// A SignedData split into its elements, each either borrowed from the input (kept verbatim)
/// or created here.
///
/// ```text
/// ContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   content [0] EXPLICIT ANY DEFINED BY contentType }
///
/// SignedData ::= SEQUENCE {
///   version CMSVersion,
///   digestAlgorithms DigestAlgorithmIdentifiers,
///   encapContentInfo EncapsulatedContentInfo,
///   certificates [0] IMPLICIT CertificateSet OPTIONAL,
///   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///   signerInfos SignerInfos }
/// ```
pub(super) struct Parts<'a> {
    pub(super) digest_algorithms: Vec<Cow<'a, [u8]>>,
    pub(super) encap: Cow<'a, [u8]>,
    pub(super) econtent_type: ObjectIdentifier,
    pub(super) certificates: Option<Vec<Cow<'a, [u8]>>>,
    pub(super) crls: Option<Vec<Cow<'a, [u8]>>>,
    pub(super) signer_infos: Vec<Cow<'a, [u8]>>,
}

/// The error for structure `field` (an ASN.1 name) that does not read.
pub(super) fn malformed(field: &'static str) -> impl Fn(ber::Error) -> CmsError {
    move |_| CmsError::Malformed {
        flaw: Flaw::Invalid { field },
        position: None,
    }
}

impl<'a> Parts<'a> {
    pub(super) fn parse(der: &'a [u8]) -> Result<Self, CmsError> {
        let bad = |field| CmsError::Malformed {
            flaw: Flaw::Invalid { field },
            position: None,
        };
        let ci = ber::parse(der).map_err(malformed("ContentInfo"))?;
        if ci.tag() != ber::SEQUENCE {
            return Err(bad("ContentInfo"));
        }
        let ci_fields = ci.elements().map_err(malformed("ContentInfo"))?;
        let [content_type, content] = ci_fields.as_slice() else {
            return Err(bad("ContentInfo"));
        };
        if content_type.tag() != ber::OID {
            return Err(bad("ContentInfo contentType"));
        }
        if content_type.content != oid::ID_SIGNED_DATA.as_bytes() {
            let content_type = ObjectIdentifier::from_bytes(content_type.content)
                .map(|o| o.to_string())
                .unwrap_or_default();
            return Err(CmsError::NotSignedData { content_type });
        }
        if content.tag() != ber::context_constructed(0) {
            return Err(bad("ContentInfo content"));
        }
        let inner = content
            .elements()
            .map_err(malformed("ContentInfo content"))?;
        let [sd] = inner.as_slice() else {
            return Err(bad("ContentInfo content"));
        };
        if sd.tag() != ber::SEQUENCE {
            return Err(bad("SignedData"));
        }
        let fields = sd.elements().map_err(malformed("SignedData"))?;
        let mut fields = fields.into_iter().peekable();
        let _version = fields
            .next()
            .filter(|f| f.tag() == ber::INTEGER)
            .ok_or(bad("SignedData version"))?;
        let digest_algorithms = fields
            .next()
            .filter(|f| f.tag() == ber::SET)
            .ok_or(bad("digestAlgorithms"))?;
        let encap = fields
            .next()
            .filter(|f| f.tag() == ber::SEQUENCE)
            .ok_or(bad("encapContentInfo"))?;
        let econtent_type = encap
            .elements()
            .ok()
            .and_then(|c| c.first().copied())
            .filter(|t| t.tag() == ber::OID)
            .and_then(|t| ObjectIdentifier::from_bytes(t.content).ok())
            .ok_or(bad("eContentType"))?;
        let certificates = match fields.next_if(|f| f.tag() == ber::context_constructed(0)) {
            Some(set) => Some(raw_children(&set, "certificates")?),
            None => None,
        };
        let crls = match fields.next_if(|f| f.tag() == ber::context_constructed(1)) {
            Some(set) => Some(raw_children(&set, "crls")?),
            None => None,
        };
        let signer_infos = fields
            .next()
            .filter(|f| f.tag() == ber::SET)
            .ok_or(bad("signerInfos"))?;
        if fields.next().is_some() {
            return Err(CmsError::Malformed {
                flaw: Flaw::UnexpectedElement {
                    parent: "SignedData",
                },
                position: None,
            });
        }
        Ok(Self {
            digest_algorithms: raw_children(&digest_algorithms, "digestAlgorithms")?,
            encap: canonical_encap(&encap)?,
            econtent_type,
            certificates,
            crls,
            signer_infos: raw_children(&signer_infos, "signerInfos")?,
        })
    }

    /// The encapsulated content octets, if present (RFC 5652 §5.2: `eContent [0] EXPLICIT OCTET
    /// STRING OPTIONAL`; the digest is over the value octets, §5.4).
    pub(super) fn econtent(&self) -> Result<Option<Cow<'_, [u8]>>, CmsError> {
        let encap = ber::parse(&self.encap).map_err(malformed("encapContentInfo"))?;
        let fields = encap.elements().map_err(malformed("encapContentInfo"))?;
        let Some(explicit) = fields.get(1) else {
            return Ok(None);
        };
        let inner = explicit.elements().map_err(malformed("eContent"))?;
        let [octets] = inner.as_slice() else {
            return Err(CmsError::Malformed {
                flaw: Flaw::Invalid { field: "eContent" },
                position: None,
            });
        };
        // PKCS #7 allowed any type here; CMS requires OCTET STRING.
        let value = ber::octets(octets, "eContent").map_err(CmsError::from)?;
        Ok(Some(value))
    }

    pub(super) fn add_digest_algorithm(&mut self, alg: DigestAlgorithm) {
        // Compare by OID only: SHA-2 identifiers with NULL parameters (RFC 5754 §2 says accept
        // both) name the same algorithm.
        let oid = alg.oid();
        let present = self.digest_algorithms.iter().any(|raw| {
            ber::parse(raw)
                .and_then(|t| t.elements())
                .map(|c| {
                    c.first()
                        .is_some_and(|o| o.tag() == ber::OID && o.content == oid.as_bytes())
                })
                .unwrap_or(false)
        });
        if !present && let Ok(der) = digest_algorithm_identifier(alg) {
            self.digest_algorithms.push(Cow::Owned(der));
        }
    }

    pub(super) fn add_certificate(&mut self, der: &[u8]) {
        let certs = self.certificates.get_or_insert_with(Vec::new);
        if !certs.iter().any(|c| c.as_ref() == der) {
            certs.push(Cow::Owned(der.to_vec()));
        }
    }

    pub(super) fn add_crl(&mut self, der: &[u8]) -> Result<(), CmsError> {
        let crl = ber::parse(der).map_err(malformed("CertificateList"))?;
        if crl.tag() != ber::SEQUENCE {
            return Err(CmsError::Malformed {
                flaw: Flaw::WrongType {
                    field: "CertificateList",
                    expected: "SEQUENCE",
                },
                position: None,
            });
        }
        let crls = self.crls.get_or_insert_with(Vec::new);
        if !crls.iter().any(|c| c.as_ref() == der) {
            crls.push(Cow::Owned(der.to_vec()));
        }
        Ok(())
    }

    /// An OCSP response as RFC 5940 §2.1 other revocation info:
    /// `[1] { id-ri-ocsp-response, OCSPResponse }`.
    pub(super) fn add_ocsp_response(&mut self, der: &[u8]) {
        let entry = ber::encode(
            ber::context_constructed(1),
            &[&oid_tlv(&oid::ID_RI_OCSP_RESPONSE), der],
        );
        let crls = self.crls.get_or_insert_with(Vec::new);
        if !crls.iter().any(|c| c.as_ref() == entry.as_slice()) {
            crls.push(Cow::Owned(entry));
        }
    }

    pub(super) fn add_signer_material(
        &mut self,
        options: &SignerOptions<'_>,
    ) -> Result<(), CmsError> {
        self.add_digest_algorithm(scheme_digest(options.scheme()));
        for cert in signer_certificates(options) {
            self.add_certificate(cert.der());
        }
        for crl in &options.crls {
            self.add_crl(crl)?;
        }
        Ok(())
    }

    /// RFC 5652 §5.1:
    ///
    /// ```text
    /// IF ((certificates is present) AND (any certificates with a type of other are present)) OR
    ///    ((crls is present) AND (any crls with a type of other are present))
    ///   THEN version MUST be 5
    /// ELSE IF (certificates is present) AND (any version 2 attribute certificates are present)
    ///   THEN version MUST be 4
    /// ELSE IF ((certificates is present) AND (any version 1 attribute certificates are present))
    ///   OR (any SignerInfo structures are version 3) OR
    ///   (encapContentInfo eContentType is other than id-data)
    ///   THEN version MUST be 3
    /// ELSE version MUST be 1
    /// ```
    pub(super) fn version(&self) -> u8 {
        let tags = |set: &Option<Vec<Cow<'_, [u8]>>>| -> Vec<u8> {
            set.iter()
                .flatten()
                .filter_map(|e| e.first().copied())
                .collect()
        };
        let cert_tags = tags(&self.certificates);
        let crl_tags = tags(&self.crls);
        if cert_tags.contains(&ber::context_constructed(3))
            || crl_tags.contains(&ber::context_constructed(1))
        {
            return 5;
        }
        if cert_tags.contains(&ber::context_constructed(2)) {
            return 4;
        }
        let v3_signer = self.signer_infos.iter().any(|si| {
            ber::parse(si)
                .and_then(|t| t.elements())
                .map(|c| {
                    c.first()
                        .is_some_and(|v| v.tag() == ber::INTEGER && v.content == [3])
                })
                .unwrap_or(false)
        });
        if cert_tags.contains(&ber::context_constructed(1))
            || v3_signer
            || self.econtent_type != oid::ID_DATA
        {
            return 3;
        }
        1
    }

    /// DER `ContentInfo`; existing elements are copied as they were, SET OF elements sorted
    /// (X.690 §11.6).
    pub(super) fn encode(&self) -> Vec<u8> {
        let version = ber::encode(ber::INTEGER, &[&[self.version()]]);
        let digest_algorithms = ber::encode_set_of(ber::SET, &self.digest_algorithms);
        let certificates = self
            .certificates
            .as_ref()
            .map(|c| ber::encode_set_of(ber::context_constructed(0), c))
            .unwrap_or_default();
        let crls = self
            .crls
            .as_ref()
            .map(|c| ber::encode_set_of(ber::context_constructed(1), c))
            .unwrap_or_default();
        let signer_infos = ber::encode_set_of(ber::SET, &self.signer_infos);
        let signed_data = ber::encode(
            ber::SEQUENCE,
            &[
                &version,
                &digest_algorithms,
                &self.encap,
                &certificates,
                &crls,
                &signer_infos,
            ],
        );
        let content = ber::encode(ber::context_constructed(0), &[&signed_data]);
        ber::encode(ber::SEQUENCE, &[&oid_tlv(&oid::ID_SIGNED_DATA), &content])
    }
}

/// The encapContentInfo as it was if it is DER, else re-encoded as DER with the same
/// eContentType and content octets. Streaming encoders write it with indefinite lengths and a
/// constructed OCTET STRING; only the content octets are signed (RFC 5652 §5.4: "Only the
/// octets comprising the value of the eContent OCTET STRING are input to the message digest
/// algorithm, not the tag or the length octets"), so the content stays byte for byte the same
/// while the output becomes DER that strict decoders (RustCrypto `cms`) read.
pub(super) fn canonical_encap<'a>(encap: &Tlv<'a>) -> Result<Cow<'a, [u8]>, CmsError> {
    let bad = || CmsError::Malformed {
        flaw: Flaw::Invalid {
            field: "encapContentInfo",
        },
        position: None,
    };
    let fields = encap.elements().map_err(|_| bad())?;
    let (content_type, explicit) = match fields.as_slice() {
        [ct] => (ct, None),
        [ct, e] if e.tag() == ber::context_constructed(0) => (ct, Some(e)),
        _ => return Err(bad()),
    };
    let rebuilt = match explicit {
        None => ber::encode(ber::SEQUENCE, &[content_type.raw]),
        Some(e) => {
            let inner = e.elements().map_err(|_| bad())?;
            let [octets] = inner.as_slice() else {
                return Err(bad());
            };
            let value = ber::octets(octets, "eContent").map_err(CmsError::from)?;
            let octets = ber::encode(ber::OCTET_STRING, &[&value]);
            let e = ber::encode(ber::context_constructed(0), &[&octets]);
            ber::encode(ber::SEQUENCE, &[content_type.raw, &e])
        }
    };
    Ok(if rebuilt.as_slice() == encap.raw {
        Cow::Borrowed(encap.raw)
    } else {
        Cow::Owned(rebuilt)
    })
}

pub(super) fn raw_children<'a>(
    set: &Tlv<'a>,
    field: &'static str,
) -> Result<Vec<Cow<'a, [u8]>>, CmsError> {
    Ok(set
        .elements()
        .map_err(malformed(field))?
        .into_iter()
        .map(|c| Cow::Borrowed(c.raw))
        .collect())
}

/// A SignerInfo split into its fields, kept as encoded.
pub(super) struct RawSignerInfo<'a> {
    pub(super) version: Tlv<'a>,
    pub(super) sid: Tlv<'a>,
    pub(super) digest_algorithm: Tlv<'a>,
    pub(super) signed_attrs: Option<Tlv<'a>>,
    pub(super) signature_algorithm: Tlv<'a>,
    pub(super) signature: Tlv<'a>,
    pub(super) unsigned_attrs: Option<Tlv<'a>>,
}

impl<'a> RawSignerInfo<'a> {
    pub(super) fn parse(der: &'a [u8]) -> Result<Self, CmsError> {
        let bad = |field| CmsError::Malformed {
            flaw: Flaw::Invalid { field },
            position: None,
        };
        let si = ber::parse(der).map_err(malformed("SignerInfo"))?;
        if si.tag() != ber::SEQUENCE {
            return Err(bad("SignerInfo"));
        }
        let fields = si.elements().map_err(malformed("SignerInfo"))?;
        let mut fields = fields.into_iter().peekable();
        let version = fields
            .next()
            .filter(|f| f.tag() == ber::INTEGER)
            .ok_or(bad("SignerInfo version"))?;
        let sid = fields.next().ok_or(bad("SignerInfo sid"))?;
        let digest_algorithm = fields
            .next()
            .filter(|f| f.tag() == ber::SEQUENCE)
            .ok_or(bad("SignerInfo digestAlgorithm"))?;
        let signed_attrs = fields.next_if(|f| f.tag() == ber::context_constructed(0));
        let signature_algorithm = fields
            .next()
            .filter(|f| f.tag() == ber::SEQUENCE)
            .ok_or(bad("SignerInfo signatureAlgorithm"))?;
        let signature = fields
            .next()
            .filter(|f| f.tag() == ber::OCTET_STRING || f.tag() == ber::OCTET_STRING_CONSTRUCTED)
            .ok_or(bad("SignerInfo signature"))?;
        let unsigned_attrs = fields.next_if(|f| f.tag() == ber::context_constructed(1));
        if fields.next().is_some() {
            return Err(CmsError::Malformed {
                flaw: Flaw::UnexpectedElement {
                    parent: "SignerInfo",
                },
                position: None,
            });
        }
        Ok(Self {
            version,
            sid,
            digest_algorithm,
            signed_attrs,
            signature_algorithm,
            signature,
            unsigned_attrs,
        })
    }

    /// The signed attributes as the DER `SET` that was signed (only for definite-length
    /// encodings, i.e. the templates kyso makes).
    pub(super) fn signed_attrs_der(&self) -> Option<Vec<u8>> {
        self.signed_attrs
            .as_ref()
            .map(|t| ber::retag(t.raw, ber::SET))
    }

    pub(super) fn reassemble(&self, signature: &[u8], unsigned: Option<&[u8]>) -> Vec<u8> {
        ber::encode(
            ber::SEQUENCE,
            &[
                self.version.raw,
                self.sid.raw,
                self.digest_algorithm.raw,
                self.signed_attrs.map(|t| t.raw).unwrap_or_default(),
                self.signature_algorithm.raw,
                signature,
                unsigned.unwrap_or_default(),
            ],
        )
    }

    /// This SignerInfo (a template with an empty signature) with `signature` filled in.
    pub(super) fn with_signature(&self, signature: &[u8]) -> Vec<u8> {
        let sig = ber::encode(ber::OCTET_STRING, &[signature]);
        self.reassemble(&sig, self.unsigned_attrs.map(|t| t.raw))
    }

    /// This SignerInfo with `counter` added to its countersignature attribute (RFC 5652 §11.4:
    /// "The countersignature attribute can have multiple attribute values"; an existing
    /// attribute gets one more value, otherwise one is created). All other bytes are kept.
    pub(super) fn with_counter_signature(&self, counter: &[u8]) -> Result<Vec<u8>, CmsError> {
        self.with_unsigned_value(&oid::ID_COUNTERSIGNATURE, counter)
    }

    /// This SignerInfo with `value` added to its unsigned attribute `attribute_oid` (one more
    /// value of an existing attribute, else a new attribute). All other bytes are kept.
    /// This SignerInfo with a new unsigned attribute `attribute_oid` holding the one value
    /// `value`, beside any of the same type (ETSI EN 319 122-1 §5.5.3: each archive time-stamp
    /// is an attribute instance of its own). All other bytes are kept.
    pub(super) fn with_new_unsigned_attribute(
        &self,
        attribute_oid: &ObjectIdentifier,
        value: &[u8],
    ) -> Result<Vec<u8>, CmsError> {
        let mut attributes: Vec<&[u8]> = Vec::new();
        let existing = match &self.unsigned_attrs {
            Some(unsigned) => unsigned.elements().map_err(malformed("unsignedAttrs"))?,
            None => Vec::new(),
        };
        attributes.extend(existing.iter().map(|a| a.raw));
        let values = ber::encode(ber::SET, &[value]);
        let added = ber::encode(ber::SEQUENCE, &[&oid_tlv(attribute_oid), &values]);
        attributes.push(&added);
        let unsigned = ber::encode_set_of(ber::context_constructed(1), &attributes);
        Ok(self.reassemble(self.signature.raw, Some(&unsigned)))
    }

    pub(super) fn with_unsigned_value(
        &self,
        attribute_oid: &ObjectIdentifier,
        value: &[u8],
    ) -> Result<Vec<u8>, CmsError> {
        let attribute_tlv = oid_tlv(attribute_oid);
        let mut attributes: Vec<Vec<u8>> = Vec::new();
        let mut added = false;
        if let Some(unsigned) = &self.unsigned_attrs {
            for attribute in unsigned.elements().map_err(malformed("unsignedAttrs"))? {
                let fields = attribute
                    .elements()
                    .map_err(malformed("unsignedAttrs Attribute"))?;
                match fields.as_slice() {
                    [oid, values]
                        if !added
                            && oid.tag() == ber::OID
                            && oid.content == attribute_oid.as_bytes() =>
                    {
                        let mut raw: Vec<&[u8]> = values
                            .elements()
                            .map_err(malformed("unsignedAttrs attrValues"))?
                            .iter()
                            .map(|v| v.raw)
                            .collect();
                        raw.push(value);
                        let values = ber::encode_set_of(ber::SET, &raw);
                        attributes.push(ber::encode(ber::SEQUENCE, &[oid.raw, &values]));
                        added = true;
                    }
                    _ => attributes.push(attribute.raw.to_vec()),
                }
            }
        }
        if !added {
            let values = ber::encode(ber::SET, &[value]);
            attributes.push(ber::encode(ber::SEQUENCE, &[&attribute_tlv, &values]));
        }
        let unsigned = ber::encode_set_of(ber::context_constructed(1), &attributes);
        Ok(self.reassemble(self.signature.raw, Some(&unsigned)))
    }
}
