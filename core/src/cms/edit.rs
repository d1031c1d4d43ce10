//! Editing an existing SignedData: one more signer ([`add_signer`]) or a counter-signature
//! (RFC 5652 §11.4, [`add_counter_signature`]) and their two-phase forms, keeping every
//! existing SignerInfo, certificate, CRL and the content byte for byte. Unsigned attributes
//! (time-stamps, RFC 3161 / ETSI EN 319 122-1 §5.3) are added here too.

use std::borrow::Cow;

use super::CmsError;
use super::build::{Content, KeyRef, SignerOptions};
use super::parts::{Parts, RawSignerInfo};
use super::prepared::PreparedSignature;
use super::signer_info::{Pending, check_signer, message_digest, normalize_signature};
use crate::ber;
use crate::cert::Certificate;
use crate::crypto::CryptoProvider;

/// Add a signer to an existing SignedData (DER or BER `ContentInfo`), keeping its SignerInfos,
/// certificates, CRLs and content byte for byte; the digest algorithm and certificates are
/// added when missing. `detached` is the content (or its digest) when the SignedData does not
/// encapsulate it, `None` when it does.
pub fn add_signer(
    existing: &[u8],
    detached: Option<Content<'_>>,
    signer: SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, CmsError> {
    let KeyRef::Signer(key) = signer.key else {
        return Err(CmsError::ExternalSignerNeedsPrepare);
    };
    let (mut parts, pending) = add_signer_parts(existing, detached, &signer, crypto)?;
    let signature = key.sign(&pending.signed_attrs, rng)?;
    let signature = normalize_signature(pending.scheme, signer.certificate, signature)?;
    parts
        .signer_infos
        .push(Cow::Owned(pending.signer_info(&signature)));
    Ok(parts.encode())
}

/// Counter-sign signer `signer_index` (its position in the SignerInfos as encoded in
/// `existing`) of an existing SignedData (RFC 5652 §11.4): a SignerInfo over that signer's
/// signature value, without content-type attribute, put in its unsigned `countersignature`
/// attribute. Everything else is kept byte for byte.
pub fn add_counter_signature(
    existing: &[u8],
    signer_index: usize,
    signer: SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, CmsError> {
    let KeyRef::Signer(key) = signer.key else {
        return Err(CmsError::ExternalSignerNeedsPrepare);
    };
    let (mut parts, target, pending) =
        counter_signature_parts(existing, signer_index, &signer, crypto)?;
    let signature = key.sign(&pending.signed_attrs, rng)?;
    let signature = normalize_signature(pending.scheme, signer.certificate, signature)?;
    let counter = pending.signer_info(&signature);
    let slot = parts
        .signer_infos
        .get_mut(target)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?;
    *slot = Cow::Owned(RawSignerInfo::parse(slot)?.with_counter_signature(&counter)?);
    Ok(parts.encode())
}

/// The signature value of signer `signer_index` (its position in the SignerInfos as encoded):
/// what a signature time-stamp's imprint covers (RFC 3161 Appendix A; ETSI EN 319 122-1 §5.3).
pub fn signer_signature_value(existing: &[u8], signer_index: usize) -> Result<Vec<u8>, CmsError> {
    let parts = Parts::parse(existing)?;
    let raw = parts
        .signer_infos
        .get(signer_index)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?;
    let si = RawSignerInfo::parse(raw)?;
    Ok(ber::octets(&si.signature, "signature")
        .map_err(super::parts::malformed("signature"))?
        .into_owned())
}

/// Adds the time-stamp token `token` (a DER ContentInfo) to signer `signer_index` as an
/// id-aa-signatureTimeStampToken unsigned attribute (ETSI EN 319 122-1 §5.3: CAdES B-T),
/// keeping every other byte. The token is not checked here: verify it against the signature
/// value first ([`crate::Verifier::verify_timestamp_response`]).
pub fn add_signature_timestamp(
    existing: &[u8],
    signer_index: usize,
    token: &[u8],
) -> Result<Vec<u8>, CmsError> {
    let mut parts = Parts::parse(existing)?;
    let slot = parts
        .signer_infos
        .get_mut(signer_index)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?;
    *slot = Cow::Owned(
        RawSignerInfo::parse(slot)?
            .with_unsigned_value(&crate::oid::ID_AA_TIMESTAMP_TOKEN, token)?,
    );
    Ok(parts.encode())
}

/// Whether the first signer of `der` signed exactly the attributes `to_be_signed` (the DER
/// SET, RFC 5652 §5.4): how a finished CMS is tied back to the signature that was prepared.
pub(crate) fn signs_attributes(der: &[u8], to_be_signed: &[u8]) -> bool {
    Parts::parse(der)
        .ok()
        .and_then(|parts| {
            let first = parts.signer_infos.first()?;
            RawSignerInfo::parse(first).ok()?.signed_attrs_der()
        })
        .is_some_and(|signed| signed == to_be_signed)
}

/// Two-phase form of [`add_signer`].
pub fn prepare_add_signer(
    existing: &[u8],
    detached: Option<Content<'_>>,
    signer: SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
) -> Result<PreparedSignature, CmsError> {
    let (parts, pending) = add_signer_parts(existing, detached, &signer, crypto)?;
    PreparedSignature::new(parts.encode(), None, &pending, signer.certificate, crypto)
}

/// Two-phase form of [`add_counter_signature`].
pub fn prepare_counter_signature(
    existing: &[u8],
    signer_index: usize,
    signer: SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
) -> Result<PreparedSignature, CmsError> {
    let (parts, target, pending) =
        counter_signature_parts(existing, signer_index, &signer, crypto)?;
    let target_der = parts
        .signer_infos
        .get(target)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?
        .to_vec();
    PreparedSignature::new(
        parts.encode(),
        Some(target_der),
        &pending,
        signer.certificate,
        crypto,
    )
}

// ------------------------------------------------------------------------------------------
// Existing SignedData: parts kept verbatim
// ------------------------------------------------------------------------------------------

pub(super) fn add_signer_parts<'e>(
    existing: &'e [u8],
    detached: Option<Content<'_>>,
    options: &SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
) -> Result<(Parts<'e>, Pending), CmsError> {
    let mut parts = Parts::parse(existing)?;
    let (scheme, digest_alg) = check_signer(options, crypto)?;
    let digest = match (parts.econtent()?, detached) {
        (Some(content), None) => crypto.digest(digest_alg, &content),
        (Some(_), Some(_)) => return Err(CmsError::ContentAlreadyAttached),
        (None, Some(content)) => message_digest(content, digest_alg, crypto)?,
        (None, None) => return Err(CmsError::ContentMissing),
    };
    parts.add_signer_material(options)?;
    let pending = Pending::new(options, scheme, &digest, Some(parts.econtent_type), crypto)?;
    Ok((parts, pending))
}

/// The parts, the position of the countersigned SignerInfo in them, and the counter-signer.
pub(super) fn counter_signature_parts<'e>(
    existing: &'e [u8],
    signer_index: usize,
    options: &SignerOptions<'_>,
    crypto: &dyn CryptoProvider,
) -> Result<(Parts<'e>, usize, Pending), CmsError> {
    let mut parts = Parts::parse(existing)?;
    let (scheme, digest_alg) = check_signer(options, crypto)?;
    let target = parts
        .signer_infos
        .get(signer_index)
        .ok_or(CmsError::NoSuchSigner {
            index: signer_index,
        })?;
    // RFC 5652 §11.4: "the value of messageDigest is the digest of the contents octets of the
    // DER encoding of the signatureValue field of the SignerInfo" being countersigned.
    let countersigned = RawSignerInfo::parse(target)?;
    let value = ber::octets(&countersigned.signature, "signature").map_err(CmsError::from)?;
    let digest = crypto.digest(digest_alg, &value);
    // The counter-signer's certificates go into the SignedData's set (§11.4 gives the
    // countersignature no certificates of its own); its digest algorithm does not, since the
    // content is not digested with it (§5.1).
    for cert in signer_certificates(options) {
        parts.add_certificate(cert.der());
    }
    for crl in &options.crls {
        parts.add_crl(crl)?;
    }
    let pending = Pending::new(options, scheme, &digest, None, crypto)?;
    Ok((parts, signer_index, pending))
}

pub(super) fn signer_certificates<'o>(
    options: &'o SignerOptions<'_>,
) -> impl Iterator<Item = &'o Certificate> {
    options
        .include_certificate
        .then_some(options.certificate)
        .into_iter()
        .chain(options.chain.iter().copied())
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
    use crate::cms::test_support::*;

    use crate::cms::{
        Content, SignedDataBuilder, SignerOptions, add_counter_signature, add_signer,
        prepare_counter_signature,
    };
    use crate::crypto::{DigestAlgorithm, RustCryptoProvider, SignatureScheme};
    use crate::oid;
    use cms::signed_data::{SignerIdentifier, SignerInfo};
    use der::Encode as _;
    use der::asn1::OctetString;

    /// Several signers in one build, then one more added: existing bytes are kept verbatim.
    #[test]
    pub(super) fn multi_signer_then_add_signer_keeps_existing_bytes() {
        let rsa = rsa2048(V15);
        let rsa_cert = certificate(&rsa, "RSA signer", None, &[0x30], false);
        let (ed, ed_cert) = ed_identity(13, "Ed signer");
        let p256 = p256_key(14);
        let ca = certificate(&p256, "CA", None, &[1], true);
        let p256_cert = certificate(
            &p256,
            "P-256 signer",
            Some((&p256, "CA")),
            &[0x7f; 21],
            true,
        );

        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&rsa, &rsa_cert))
            .add_signer(SignerOptions::new(&ed, &ed_cert).signing_time(t("2025-01-01T00:00:00Z")))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let sd = decode(&der);
        assert_eq!(sd.digest_algorithms.len(), 2);
        let before: Vec<Vec<u8>> = sd
            .signer_infos
            .0
            .iter()
            .map(|si| si.to_der().unwrap())
            .collect();
        assert_eq!(before.len(), 2);

        let chain = [ca.clone()];
        let added = add_signer(
            &der,
            None,
            SignerOptions::new(&p256, &p256_cert).chain(&chain),
            &Crypto,
            &mut TestRng::new(2),
        )
        .unwrap();
        let sd2 = decode(&added);
        assert_eq!(sd2.digest_algorithms.len(), 2, "SHA-256 already listed");
        assert_eq!(sd2.certificates.as_ref().unwrap().0.len(), 4);
        let after: Vec<Vec<u8>> = sd2
            .signer_infos
            .0
            .iter()
            .map(|si| si.to_der().unwrap())
            .collect();
        assert_eq!(after.len(), 3);
        for si in &before {
            assert!(after.contains(si));
            assert!(
                added.windows(si.len()).any(|w| w == si.as_slice()),
                "existing SignerInfo verbatim"
            );
        }
        assert_eq!(sd2.encap_content_info, sd.encap_content_info);
        for si in signer_infos(&sd2) {
            let cert = [&rsa_cert, &ed_cert, &p256_cert]
                .into_iter()
                .find(|c| match &si.sid {
                    SignerIdentifier::IssuerAndSerialNumber(isn) => {
                        isn.serial_number.as_bytes() == c.serial_bytes()
                    }
                    SignerIdentifier::SubjectKeyIdentifier(_) => false,
                })
                .unwrap();
            let alg = DigestAlgorithm::from_algorithm_identifier(&si.digest_alg).unwrap();
            check(&si, cert, &digest(alg, CONTENT));
        }

        // Detached: the content (or its digest) must come with the call.
        let detached = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::new(&ed, &ed_cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let err = add_signer(
            &detached,
            None,
            SignerOptions::new(&rsa, &rsa_cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap_err();
        assert_eq!(err, CmsError::ContentMissing);
        let err = add_signer(
            &der,
            Some(Content::Bytes(CONTENT)),
            SignerOptions::new(&rsa, &rsa_cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap_err();
        assert_eq!(err, CmsError::ContentAlreadyAttached);
        let d = digest(SHA256, CONTENT);
        let two = add_signer(
            &detached,
            Some(Content::Digest {
                algorithm: SHA256,
                digest: &d,
            }),
            SignerOptions::new(&rsa, &rsa_cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap();
        let sd3 = decode(&two);
        assert_eq!(sd3.signer_infos.0.len(), 2);
        assert_eq!(sd3.digest_algorithms.len(), 2);
    }

    #[test]
    pub(super) fn counter_signature_is_over_the_signature_value() {
        let rsa = rsa2048(V15);
        let rsa_cert = certificate(&rsa, "Leader", None, &[0x31], false);
        let (ed, ed_cert) = ed_identity(15, "Clerk");
        let (ed2, ed2_cert) = ed_identity(16, "Receiver");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&rsa, &rsa_cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let original = signer_infos(&decode(&der)).remove(0);

        let once = add_counter_signature(
            &der,
            0,
            SignerOptions::new(&ed, &ed_cert).signing_time(t("2025-05-05T05:05:05Z")),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap();
        let twice = add_counter_signature(
            &once,
            0,
            SignerOptions::new(&ed2, &ed2_cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap();
        let sd = decode(&twice);
        assert_eq!(sd.certificates.as_ref().unwrap().0.len(), 3);
        assert_eq!(
            sd.digest_algorithms.len(),
            1,
            "countersigners' digests are not content digests"
        );
        let [si] = signer_infos(&sd).try_into().unwrap();
        // Everything the original signer signed is untouched.
        assert_eq!(si.signed_attrs, original.signed_attrs);
        assert_eq!(si.signature, original.signature);
        check(&si, &rsa_cert, &digest(SHA256, CONTENT));
        let unsigned = si.unsigned_attrs.as_ref().unwrap();
        let [countersig] = unsigned.as_slice() else {
            panic!("one countersignature attribute")
        };
        assert_eq!(countersig.oid, oid::ID_COUNTERSIGNATURE);
        assert_eq!(
            countersig.values.len(),
            2,
            "second counter-signature joins the same attribute"
        );
        for value in countersig.values.iter() {
            let cs = value.decode_as::<SignerInfo>().unwrap();
            let attrs = cs.signed_attrs.as_ref().unwrap();
            assert!(
                attr_value(attrs, oid::ID_CONTENT_TYPE).is_none(),
                "RFC 5652 §11.4"
            );
            let cert = if check_quiet(&cs, &ed_cert) {
                &ed_cert
            } else {
                &ed2_cert
            };
            check(
                &cs,
                cert,
                &digest(DigestAlgorithm::Sha512, original.signature.as_bytes()),
            );
        }
        let err = add_counter_signature(
            &der,
            1,
            SignerOptions::new(&ed, &ed_cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap_err();
        assert_eq!(err, CmsError::NoSuchSigner { index: 1 });
    }

    /// Counter-signatures share `CmsLimits::max_signers` with the signerInfos: beyond it they are
    /// reported, not verified (fan-out cannot multiply a message's work).
    #[test]
    pub(super) fn counter_signatures_share_the_signature_limit() {
        let rsa = rsa2048(V15);
        let rsa_cert = certificate(&rsa, "Leader", None, &[0x31], false);
        let (ed, ed_cert) = ed_identity(15, "Clerk");
        let mut der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&rsa, &rsa_cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        for i in 0..3 {
            der = add_counter_signature(
                &der,
                0,
                SignerOptions::new(&ed, &ed_cert),
                &Crypto,
                &mut TestRng::new(i),
            )
            .unwrap();
        }
        let crypto = RustCryptoProvider;
        let verify_with = |max_signers| {
            let opts = crate::cms::VerifyOptions::new(
                crate::policy::ValidationPolicy::vn_gov(),
                t("2025-06-01T00:00:00Z"),
                &crypto,
            )
            .with_limits(crate::cms::CmsLimits {
                max_signers,
                ..Default::default()
            });
            crate::cms::verify(&der, None, &opts)
        };
        let all = verify_with(256);
        assert_eq!(all.signers[0].counter_signatures.len(), 3);
        let limited = verify_with(2);
        assert_eq!(limited.signers[0].counter_signatures.len(), 1);
        assert!(
            limited.signers[0]
                .findings
                .iter()
                .any(|f| f.code == crate::i18n::MessageId::CmsTooManySignatures),
            "{:?}",
            limited.signers[0].findings
        );
    }
    #[test]
    pub(super) fn hostile_input_is_an_error_not_a_panic() {
        let (key, cert) = ed_identity(22, "Fuzz");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        for len in 0..der.len() {
            let truncated = &der[..len];
            assert!(
                add_signer(
                    truncated,
                    None,
                    SignerOptions::new(&key, &cert),
                    &Crypto,
                    &mut TestRng::new(1)
                )
                .is_err()
            );
            assert!(
                prepare_counter_signature(truncated, 0, SignerOptions::new(&key, &cert), &Crypto)
                    .is_err()
            );
        }
        // Every single-byte corruption: never a panic (most are errors; some still parse).
        for i in 0..der.len() {
            let mut bad = der.clone();
            bad[i] ^= 0xff;
            let _ = add_signer(
                &bad,
                None,
                SignerOptions::new(&key, &cert),
                &Crypto,
                &mut TestRng::new(1),
            );
            let _ = add_counter_signature(
                &bad,
                0,
                SignerOptions::new(&key, &cert),
                &Crypto,
                &mut TestRng::new(1),
            );
        }
        let data_ci = [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0,
            0x00,
        ];
        assert_eq!(
            add_signer(
                &data_ci,
                None,
                SignerOptions::new(&key, &cert),
                &Crypto,
                &mut TestRng::new(1)
            )
            .unwrap_err(),
            CmsError::NotSignedData {
                content_type: "1.2.840.113549.1.7.1".into()
            }
        );
    }

    /// BER input (indefinite lengths everywhere, constructed OCTET STRING content) is accepted.
    #[test]
    pub(super) fn ber_indefinite_input_is_kept() {
        let (key, cert) = ed_identity(23, "BER");
        // ContentInfo { signedData, [0] { SignedData { 1, {}, { data, [0] { OCTET STRING (cons) } }, {} } } }
        let mut ber = vec![
            0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0,
            0x80,
        ];
        ber.extend_from_slice(&[0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00]);
        ber.extend_from_slice(&[
            0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
        ]);
        ber.extend_from_slice(&[0xa0, 0x80, 0x24, 0x80]);
        let (a, b) = CONTENT.split_at(5);
        ber.extend_from_slice(&ber::encode(ber::OCTET_STRING, &[a]));
        ber.extend_from_slice(&ber::encode(ber::OCTET_STRING, &[b]));
        ber.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // octets, [0], encap
        ber.extend_from_slice(&[0x31, 0x00, 0, 0, 0, 0, 0, 0]); // signerInfos, SignedData, [0], ContentInfo
        let out = add_signer(
            &ber,
            None,
            SignerOptions::new(&key, &cert),
            &Crypto,
            &mut TestRng::new(1),
        )
        .unwrap();
        // The content octets are kept; their BER framing becomes DER (RFC 5652 §5.4 signs the
        // octets only), so the whole output is DER that the strict `cms` decoder reads.
        let sd = decode(&out);
        let econtent = sd
            .encap_content_info
            .econtent
            .as_ref()
            .unwrap()
            .decode_as::<OctetString>()
            .unwrap();
        assert_eq!(econtent.as_bytes(), CONTENT);
        let parts = Parts::parse(&out).unwrap();
        assert_eq!(parts.econtent().unwrap().as_deref(), Some(CONTENT));
        assert_eq!(parts.signer_infos.len(), 1);
        let si = RawSignerInfo::parse(&parts.signer_infos[0]).unwrap();
        let attrs = si.signed_attrs_der().unwrap();
        let sig = ber::octets(&si.signature, "signature").unwrap();
        RustCryptoProvider
            .verify(
                SignatureScheme::Ed25519,
                cert.public_key_info(),
                &attrs,
                &sig,
            )
            .unwrap();
    }
}
