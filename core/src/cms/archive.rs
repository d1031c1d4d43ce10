//! CAdES B-LTA: the archive-time-stamp-v3 attribute and its ats-hash-index-v3 (ETSI EN 319
//! 122-1 §5.5.2–§5.5.3; issue 12 item 3). No crate builds or checks these, so they are written
//! here on the verbatim SignedData parts (`parts.rs`).
//!
//! The time-stamp's imprint covers, concatenated (§5.5.3, each field as encoded, tag and length
//! included): the eContentType; the hash of the signed content; the signer's version, sid,
//! digestAlgorithm, signedAttrs, signatureAlgorithm and signature; and the ATSHashIndexV3 that
//! travels as an unsigned attribute of the time-stamp token's own SignerInfo:
//!
//! ```text
//! ATSHashIndexV3 ::= SEQUENCE {
//!   hashIndAlgorithm            AlgorithmIdentifier,
//!   certificatesHashIndex       SEQUENCE OF OCTET STRING,
//!   crlsHashIndex               SEQUENCE OF OCTET STRING,
//!   unsignedAttrValuesHashIndex SEQUENCE OF OCTET STRING }
//! ```
//!
//! The index hashes each CertificateChoices of `certificates`, each RevocationInfoChoice of
//! `crls`, and each unsigned attribute value as the concatenation of its attrType and that one
//! value (§5.5.2). Data added after the time-stamp (the TSA's own validation data, a later
//! archive time-stamp) is not in the index and does not break it; data the index lists must
//! still be there.

use std::borrow::Cow;

use super::CmsError;
use super::parts::{Parts, RawSignerInfo};
use crate::ber::{self, Tlv};
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::flaw::Flaw;
use crate::oid;

/// What an archive time-stamp over one signer is computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveTimestampInput {
    /// The DER ATSHashIndexV3, to go into the token as its ats-hash-index-v3 attribute.
    pub hash_index: Vec<u8>,
    /// The bytes whose digest is the token's message imprint (§5.5.3).
    pub imprinted: Vec<u8>,
}

/// The input of an archive time-stamp over signer `signer_index` of `cms`, with `digest`
/// (the TSA request's imprint algorithm, also used for the index). `content` is the signed
/// content of a detached signature; an attached one's is read from the SignedData.
pub fn archive_timestamp_input(
    cms: &[u8],
    content: Option<&[u8]>,
    signer_index: usize,
    digest: DigestAlgorithm,
    crypto: &dyn CryptoProvider,
) -> Result<ArchiveTimestampInput, CmsError> {
    let parts = Parts::parse(cms)?;
    let content_hash = match (parts.econtent()?.as_deref(), content) {
        (Some(c), _) | (None, Some(c)) => crypto.digest(digest, c),
        (None, None) => return Err(CmsError::ContentMissing),
    };
    let malformed = || CmsError::Malformed {
        flaw: Flaw::Invalid {
            field: "SignedData",
        },
        position: None,
    };
    let walked = Walked::read(cms).ok_or_else(malformed)?;
    let signer = walked.signer(signer_index).ok_or(CmsError::NoSuchSigner {
        index: signer_index,
    })?;
    let lists = walked
        .hashes(&signer, digest, crypto)
        .ok_or_else(malformed)?;
    // Unlike TS 101 733's ATSHashIndex, v3 has no DEFAULT for hashIndAlgorithm: always written.
    let algorithm = super::signer_info::digest_algorithm_identifier(digest)?;
    let sequence_of_octets = |hashes: &[Vec<u8>]| {
        let octets: Vec<Vec<u8>> = hashes
            .iter()
            .map(|h| ber::encode(ber::OCTET_STRING, &[h]))
            .collect();
        let refs: Vec<&[u8]> = octets.iter().map(Vec::as_slice).collect();
        ber::encode(ber::SEQUENCE, &refs)
    };
    let hash_index = ber::encode(
        ber::SEQUENCE,
        &[
            &algorithm,
            &sequence_of_octets(&lists.certificates),
            &sequence_of_octets(&lists.crls),
            &sequence_of_octets(&lists.unsigned_values),
        ],
    );
    let imprinted = walked.imprinted(&signer, &content_hash, &hash_index);
    Ok(ArchiveTimestampInput {
        hash_index,
        imprinted,
    })
}

/// `cms` with the time-stamp token `token` added to signer `signer_index` as a new
/// archive-time-stamp-v3 attribute, `hash_index` first put into the token's SignerInfo as its
/// ats-hash-index-v3 (an unsigned attribute: the TSA's signature does not cover it).
pub fn add_archive_timestamp(
    cms: &[u8],
    signer_index: usize,
    token: &[u8],
    hash_index: &[u8],
) -> Result<Vec<u8>, CmsError> {
    let mut token_parts = Parts::parse(token)?;
    let tsa_signer = token_parts
        .signer_infos
        .first_mut()
        .ok_or(CmsError::NoSuchSigner { index: 0 })?;
    *tsa_signer = Cow::Owned(
        RawSignerInfo::parse(tsa_signer)?
            .with_unsigned_value(&oid::ID_AA_ATS_HASH_INDEX_V3, hash_index)?,
    );
    let token = token_parts.encode();
    let mut parts = Parts::parse(cms)?;
    let slot = parts
        .signer_infos
        .get_mut(signer_index)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?;
    *slot = Cow::Owned(
        RawSignerInfo::parse(slot)?
            .with_new_unsigned_attribute(&oid::ID_AA_ETS_ARCHIVE_TIMESTAMP_V3, &token)?,
    );
    Ok(parts.encode())
}

#[cfg(feature = "cades-archive")]
/// Why an archive time-stamp's input could not be rebuilt at verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArchiveInputError {
    /// The token carries no single, readable ats-hash-index-v3.
    NoHashIndex,
    /// The index lists data no longer in the signature (removed or altered after the
    /// time-stamp).
    DataMissing,
    /// The index's algorithm is not one kyso computes.
    UnknownAlgorithm,
}

#[cfg(feature = "cades-archive")]
/// The bytes the archive time-stamp `token` on signer `signer_index` of the SignedData `der`
/// must have imprinted, rebuilt from the token's own hash index; `content_hash` gives the
/// signed content's digest with an algorithm (`None`: not at hand).
pub(crate) fn imprinted_for_verification(
    der: &[u8],
    signer_index: usize,
    token: &[u8],
    content_hash: &mut dyn FnMut(DigestAlgorithm) -> Option<Vec<u8>>,
    crypto: &dyn CryptoProvider,
) -> Result<Option<Vec<u8>>, ArchiveInputError> {
    let index_der = token_hash_index(token).ok_or(ArchiveInputError::NoHashIndex)?;
    let (algorithm, listed) = read_hash_index(&index_der).ok_or(ArchiveInputError::NoHashIndex)?;
    let alg = algorithm.ok_or(ArchiveInputError::UnknownAlgorithm)?;
    let walked = Walked::read(der).ok_or(ArchiveInputError::DataMissing)?;
    let signer = walked
        .signer(signer_index)
        .ok_or(ArchiveInputError::DataMissing)?;
    let now = walked
        .hashes(&signer, alg, crypto)
        .ok_or(ArchiveInputError::DataMissing)?;
    let present =
        |listed: &[Vec<u8>], current: &[Vec<u8>]| listed.iter().all(|h| current.contains(h));
    if !present(&listed.certificates, &now.certificates)
        || !present(&listed.crls, &now.crls)
        || !present(&listed.unsigned_values, &now.unsigned_values)
    {
        return Err(ArchiveInputError::DataMissing);
    }
    let Some(hash) = content_hash(alg) else {
        return Ok(None);
    };
    Ok(Some(walked.imprinted(&signer, &hash, &index_der)))
}

/// The elements of a SignedData that archive time-stamps cover, as encoded. A walk over the
/// TLVs only (not `Parts`, whose editing code the verify-only WASM engine does not carry).
struct Walked<'a> {
    /// The eContentType, tag and length included.
    content_type: &'a [u8],
    /// Each CertificateChoices of `certificates`.
    certificates: Vec<&'a [u8]>,
    /// Each RevocationInfoChoice of `crls`.
    crls: Vec<&'a [u8]>,
    signer_infos: Vec<Tlv<'a>>,
}

/// A SignerInfo's fields as encoded: version to signature, and the unsigned attributes.
struct SignerFields<'a> {
    signed: Vec<&'a [u8]>,
    unsigned: Option<Tlv<'a>>,
}

/// The hashes an ATSHashIndexV3 lists (§5.5.2).
struct HashLists {
    certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    unsigned_values: Vec<Vec<u8>>,
}

impl<'a> Walked<'a> {
    /// A ContentInfo holding a SignedData (RFC 5652 §3, §5.1).
    fn read(der: &'a [u8]) -> Option<Self> {
        let content_info = ber::parse(der).ok()?.elements().ok()?;
        let [_, content] = content_info.as_slice() else {
            return None;
        };
        let inner = content.elements().ok()?;
        let [signed_data] = inner.as_slice() else {
            return None;
        };
        // version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos.
        let fields = signed_data.elements().ok()?;
        let [_, _, encap, rest @ ..] = fields.as_slice() else {
            return None;
        };
        let mut walked = Self {
            content_type: encap.elements().ok()?.first()?.raw,
            certificates: Vec::new(),
            crls: Vec::new(),
            signer_infos: Vec::new(),
        };
        for field in rest {
            let children = field.elements().ok()?;
            let raws = || children.iter().map(|c| c.raw).collect();
            match field.tag() {
                t if t == ber::context_constructed(0) => walked.certificates = raws(),
                t if t == ber::context_constructed(1) => walked.crls = raws(),
                _ => walked.signer_infos = children,
            }
        }
        Some(walked)
    }

    /// Signer `index` (RFC 5652 §5.3: the unsigned attributes are the trailing `[1]`).
    fn signer(&self, index: usize) -> Option<SignerFields<'a>> {
        let mut elements = self.signer_infos.get(index)?.elements().ok()?;
        let unsigned = match elements.last() {
            Some(last) if last.tag() == ber::context_constructed(1) => elements.pop(),
            _ => None,
        };
        Some(SignerFields {
            signed: elements.iter().map(|e| e.raw).collect(),
            unsigned,
        })
    }

    /// The hashes with `alg` of each certificate, revocation entry and unsigned attribute
    /// value (attrType ‖ the value) there now.
    fn hashes(
        &self,
        signer: &SignerFields<'_>,
        alg: DigestAlgorithm,
        crypto: &dyn CryptoProvider,
    ) -> Option<HashLists> {
        let mut lists = HashLists {
            certificates: Vec::new(),
            crls: Vec::new(),
            unsigned_values: Vec::new(),
        };
        for (items, out) in [
            (&self.certificates, &mut lists.certificates),
            (&self.crls, &mut lists.crls),
        ] {
            for item in items {
                out.push(crypto.digest(alg, item));
            }
        }
        if let Some(unsigned) = &signer.unsigned {
            let mut joined = Vec::new();
            for attribute in unsigned.elements().ok()? {
                let fields = attribute.elements().ok()?;
                let [attr_type, values] = fields.as_slice() else {
                    return None;
                };
                for value in values.elements().ok()? {
                    joined.clear();
                    joined.extend_from_slice(attr_type.raw);
                    joined.extend_from_slice(value.raw);
                    lists.unsigned_values.push(crypto.digest(alg, &joined));
                }
            }
        }
        Some(lists)
    }

    /// a) ‖ b) ‖ c) ‖ d) of §5.5.3.
    fn imprinted(&self, signer: &SignerFields<'_>, content_hash: &[u8], index: &[u8]) -> Vec<u8> {
        let mut out = self.content_type.to_vec();
        out.extend_from_slice(content_hash);
        for field in &signer.signed {
            out.extend_from_slice(field);
        }
        out.extend_from_slice(index);
        out
    }
}

#[cfg(feature = "cades-archive")]
/// The single ats-hash-index-v3 value in the first SignerInfo of the token, as encoded.
fn token_hash_index(token: &[u8]) -> Option<Vec<u8>> {
    let walked = Walked::read(token)?;
    let unsigned = walked.signer(0)?.unsigned?;
    let mut found = None;
    for attribute in unsigned.elements().ok()? {
        let fields = attribute.elements().ok()?;
        let [attr_type, values] = fields.as_slice() else {
            return None;
        };
        if attr_type.content == oid::ID_AA_ATS_HASH_INDEX_V3.as_bytes() {
            let values = values.elements().ok()?;
            let [value] = values.as_slice() else {
                return None;
            };
            if found.replace(value.raw.to_vec()).is_some() {
                // §5.5.2: exactly one instance.
                return None;
            }
        }
    }
    found
}

#[cfg(feature = "cades-archive")]
/// An ATSHashIndexV3's algorithm (`None` inside: one kyso does not compute) and lists.
fn read_hash_index(der: &[u8]) -> Option<(Option<DigestAlgorithm>, HashLists)> {
    let top = ber::parse(der).ok()?;
    if top.tag() != ber::SEQUENCE {
        return None;
    }
    let fields = top.elements().ok()?;
    let (algorithm, lists) = match fields.as_slice() {
        [a, rest @ ..] if rest.len() == 3 => {
            let oid = a
                .elements()
                .ok()?
                .first()
                .filter(|t| t.tag() == ber::OID)
                .and_then(|t| der::asn1::ObjectIdentifier::from_bytes(t.content).ok())?;
            (DigestAlgorithm::from_oid(&oid), rest)
        }
        // Read leniently as TS 101 733's DEFAULT id-sha256 when absent.
        rest if rest.len() == 3 => (Some(DigestAlgorithm::Sha256), rest),
        _ => return None,
    };
    let list = |t: &Tlv<'_>| -> Option<Vec<Vec<u8>>> {
        let mut out = Vec::new();
        for octets in t.elements().ok()? {
            if octets.tag() != ber::OCTET_STRING {
                return None;
            }
            out.push(octets.content.to_vec());
        }
        (t.tag() == ber::SEQUENCE).then_some(out)
    };
    let [certificates, crls, unsigned_values] = lists else {
        return None;
    };
    Some((
        algorithm,
        HashLists {
            certificates: list(certificates)?,
            crls: list(crls)?,
            unsigned_values: list(unsigned_values)?,
        },
    ))
}

#[cfg(all(test, feature = "cades-archive"))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::cms::test_support::ed_identity;
    use crate::cms::{SignedDataBuilder, SignerOptions};
    use crate::crypto::RustCryptoProvider;
    use crate::policy::ValidationPolicy;
    use crate::test_support::{TestRng, t};
    use crate::tsp::tests::FakeTsa;
    use crate::tsp::{TimestampClient, TimestampKind};
    use crate::verifier::Verifier;
    use crate::{ExtendLevel, Stamping, extend_cms};

    fn archived() -> (Vec<u8>, Verifier<'static>) {
        let (key, cert) = ed_identity(45, "Signer");
        let cms = SignedDataBuilder::new(b"noi dung")
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&RustCryptoProvider, &mut TestRng::new(7))
            .unwrap();
        let verifier = Verifier::without_anchors(
            ValidationPolicy::vn_gov(),
            t("2026-12-01T00:00:00Z"),
            &RustCryptoProvider,
        );
        let tsa = FakeTsa::good();
        let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
        let out = extend_cms(
            &cms,
            None,
            ExtendLevel::BLta,
            &verifier,
            Some(Stamping::new(&client, &verifier)),
            &mut TestRng::new(3),
        )
        .unwrap();
        (out.bytes, verifier)
    }

    fn archive_codes(verifier: &Verifier<'_>, cms: &[u8]) -> Vec<String> {
        let report = verifier.verify_cms(cms, None);
        let ats = report.signers[0]
            .timestamps
            .iter()
            .find(|t| t.kind == TimestampKind::Archive)
            .expect("an archive time-stamp");
        ats.findings
            .iter()
            .map(|f| f.code.code().to_string())
            .collect()
    }

    #[test]
    fn the_index_lists_every_certificate_revocation_entry_and_unsigned_value() {
        let (cms, _) = archived();
        let parts = Parts::parse(&cms).unwrap();
        let input =
            archive_timestamp_input(&cms, None, 0, DigestAlgorithm::Sha256, &RustCryptoProvider)
                .unwrap();
        let (algorithm, read) = read_hash_index(&input.hash_index).unwrap();
        assert_eq!(algorithm, Some(DigestAlgorithm::Sha256));
        let count = |set: &Option<Vec<Cow<'_, [u8]>>>| set.as_ref().map_or(0, Vec::len);
        assert_eq!(read.certificates.len(), count(&parts.certificates));
        assert_eq!(read.crls.len(), count(&parts.crls));
        // The signature time-stamp and the archive time-stamp: one value each.
        assert_eq!(read.unsigned_values.len(), 2);
        // The algorithm is written even for SHA-256 (no DEFAULT in v3).
        let top = ber::parse(&input.hash_index).unwrap();
        assert_eq!(top.elements().unwrap().len(), 4);
        // The imprinted input starts with the eContentType and ends with the index.
        assert!(input.imprinted.starts_with(&[ber::OID]));
        assert!(input.imprinted.ends_with(&input.hash_index));
    }

    #[test]
    fn removed_data_and_a_missing_index_are_found() {
        let (cms, verifier) = archived();
        assert!(
            !archive_codes(&verifier, &cms)
                .iter()
                .any(|c| c.starts_with("cms.archive-timestamp") || c.starts_with("tsp.imprint")),
        );
        // A certificate the index lists, removed after the time-stamp.
        let mut parts = Parts::parse(&cms).unwrap();
        parts.certificates.as_mut().unwrap().pop();
        let stripped = parts.encode();
        assert!(
            archive_codes(&verifier, &stripped)
                .contains(&"cms.archive-timestamp.data-missing".to_string())
        );
        let report = verifier.verify_cms(&stripped, None);
        assert!(
            report.signers[0]
                .findings
                .iter()
                .any(|f| f.code.code() == "cms.archive-timestamp-failed")
        );

        // A token without its ats-hash-index-v3.
        let signature = crate::cms::signer_signature_value(&cms, 0).unwrap();
        let (token, _) = {
            let tsa = FakeTsa::good();
            let client = TimestampClient::new(&tsa, vec!["http://tsa.test/".into()]);
            client
                .timestamp(&signature, &verifier, &mut TestRng::new(9))
                .unwrap()
        };
        let mut parts = Parts::parse(&cms).unwrap();
        let si = RawSignerInfo::parse(&parts.signer_infos[0]).unwrap();
        let bare = si
            .with_new_unsigned_attribute(&oid::ID_AA_ETS_ARCHIVE_TIMESTAMP_V3, &token)
            .unwrap();
        parts.signer_infos[0] = Cow::Owned(bare);
        let codes = verifier.verify_cms(&parts.encode(), None).signers[0]
            .timestamps
            .iter()
            .filter(|t| t.kind == TimestampKind::Archive)
            .flat_map(|t| t.findings.iter().map(|f| f.code.code().to_string()))
            .collect::<Vec<_>>();
        assert!(
            codes.contains(&"cms.archive-timestamp.no-hash-index".to_string()),
            "{codes:?}"
        );
    }
}
