//! SignedData construction (RFC 5652 §5), DER output. This module holds the builder of a new
//! SignedData and the per-signer options; the other parts live beside it:
//! `edit` (existing SignedData), `prepared` (two-phase state), `signer_info` (signer checks
//! and signed attributes), `parts` (a SignedData split into its elements).
//!
//! - [`SignedDataBuilder`]: a new SignedData, attached or detached, content as bytes or as a
//!   digest the caller computed by streaming a large file through a
//!   [`Digester`](crate::crypto::Digester); any number of signers.
//! - [`add_signer`](super::add_signer): one more signer on an existing SignedData;
//!   [`add_counter_signature`](super::add_counter_signature): a counter-signature
//!   (RFC 5652 §11.4) on one of its signers. Both keep every existing SignerInfo, certificate,
//!   CRL and the content byte for byte.
//! - Two-phase (external) signing for tokens and remote services:
//!   [`SignedDataBuilder::prepare`], [`prepare_add_signer`](super::prepare_add_signer) or
//!   [`prepare_counter_signature`](super::prepare_counter_signature) give the exact bytes to
//!   sign (and their digest and `DigestInfo`); [`finish`](super::finish) checks the returned
//!   signature against the certificate before it assembles the SignedData.
//!
//! Every SignerInfo gets signed attributes (RFC 5652 §5.3 "MUST be present" once any is, and
//! CAdES needs them): content-type (RFC 5652 §11.1; never in a counter-signature, §11.4),
//! message-digest (§11.2), and by default signing-time (§11.3, when the caller passes a time),
//! ESS signing-certificate-v2 (RFC 5035; with it the signature is CAdES-B-B, ETSI EN 319 122-1
//! §5.2.2) and CMSAlgorithmProtection (RFC 6211), each of the last three with its own switch.
//!
//! Why not the `cms` crate's builder: it names the signer by SubjectKeyIdentifier whenever the
//! certificate has one (poppler/NSS then cannot find the signer), calls `Time::now()` (panics on
//! wasm32), pulls in getrandom and unwraps. The SignedData is assembled here from `cms`/`der`
//! types for the parts kyso creates, and from the original bytes (see `crate::ber`) for the parts it
//! keeps.

use std::borrow::Cow;

use der::asn1::ObjectIdentifier;
use x509_cert::attr::Attribute;

use super::CmsError;
use super::parts::Parts;
use super::prepared::PreparedSignature;
use super::signer_info::{Pending, check_signer, message_digest, normalize_signature, oid_tlv};
use crate::ber;
use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::key::Signer;
use crate::oid;
use crate::time::DateTime;

// ------------------------------------------------------------------------------------------
// Public API
// ------------------------------------------------------------------------------------------

/// What a signer signs when it is not already inside the SignedData.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Content<'a> {
    /// The content octets.
    Bytes(&'a [u8]),
    /// The digest of the content, computed by the caller (e.g. by streaming a large file through
    /// a [`Digester`](crate::crypto::Digester)), so the content is never held in memory. Only
    /// signers whose scheme uses this digest algorithm can sign it.
    Digest {
        algorithm: DigestAlgorithm,
        digest: &'a [u8],
    },
}

/// How a SignerInfo names its certificate (RFC 5652 §5.3 `SignerIdentifier`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignerIdentifierKind {
    /// `issuerAndSerialNumber`, SignerInfo version 1. The default: poppler/NSS and older
    /// verifiers only find the signer this way.
    #[default]
    IssuerAndSerialNumber,
    /// `subjectKeyIdentifier`, SignerInfo version 3 (and SignedData version 3). The certificate
    /// must have the extension.
    SubjectKeyIdentifier,
}

/// One signer: its key (or, for two-phase signing, just its scheme), certificate and the
/// attributes it signs.
///
/// Defaults: signer named by issuer and serial number; signed attributes content-type,
/// message-digest, ESS signing-certificate-v2 and CMSAlgorithmProtection; signing-time once
/// [`signing_time`](Self::signing_time) is given; the signer's certificate included.
#[derive(Clone)]
pub struct SignerOptions<'a> {
    pub(super) key: KeyRef<'a>,
    pub(super) certificate: &'a Certificate,
    pub(super) identifier: SignerIdentifierKind,
    pub(super) signing_time: Option<DateTime>,
    pub(super) signing_certificate_v2: bool,
    pub(super) algorithm_protection: bool,
    pub(super) include_certificate: bool,
    pub(super) chain: Vec<&'a Certificate>,
    pub(super) crls: Vec<&'a [u8]>,
    pub(super) signed_attributes: Vec<Attribute>,
    pub(super) unsigned_attributes: Vec<Attribute>,
}

#[derive(Clone, Copy)]
pub(super) enum KeyRef<'a> {
    Signer(&'a dyn Signer),
    External(SignatureScheme),
}

impl core::fmt::Debug for SignerOptions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignerOptions")
            .field("scheme", &self.scheme())
            .field("external", &matches!(self.key, KeyRef::External(_)))
            .field("certificate", self.certificate)
            .field("identifier", &self.identifier)
            .field("signing_time", &self.signing_time)
            .field("signing_certificate_v2", &self.signing_certificate_v2)
            .field("algorithm_protection", &self.algorithm_protection)
            .field("include_certificate", &self.include_certificate)
            .field("chain_len", &self.chain.len())
            .field("crls", &self.crls.len())
            .field("signed_attributes", &self.signed_attributes.len())
            .field("unsigned_attributes", &self.unsigned_attributes.len())
            .finish()
    }
}

impl<'a> SignerOptions<'a> {
    /// A signer whose key signs in-process (software key, PKCS#11 session, …).
    pub fn new(signer: &'a dyn Signer, certificate: &'a Certificate) -> Self {
        Self::with_key(KeyRef::Signer(signer), certificate)
    }

    /// A signer whose signature will come from outside (two-phase signing): only the scheme is
    /// known now. Use with [`SignedDataBuilder::prepare`], [`prepare_add_signer`](super::prepare_add_signer) or
    /// [`prepare_counter_signature`](super::prepare_counter_signature).
    pub fn external(scheme: SignatureScheme, certificate: &'a Certificate) -> Self {
        Self::with_key(KeyRef::External(scheme), certificate)
    }

    fn with_key(key: KeyRef<'a>, certificate: &'a Certificate) -> Self {
        Self {
            key,
            certificate,
            identifier: SignerIdentifierKind::default(),
            signing_time: None,
            signing_certificate_v2: true,
            algorithm_protection: true,
            include_certificate: true,
            chain: Vec::new(),
            crls: Vec::new(),
            signed_attributes: Vec::new(),
            unsigned_attributes: Vec::new(),
        }
    }

    /// The signature scheme this signer uses.
    pub fn scheme(&self) -> SignatureScheme {
        match self.key {
            KeyRef::Signer(s) => s.scheme(),
            KeyRef::External(scheme) => scheme,
        }
    }

    /// The claimed signing time (signing-time attribute, RFC 5652 §11.3), as given by the caller:
    /// core has no clock. UTCTime up to 2049, GeneralizedTime from 2050.
    pub fn signing_time(mut self, time: DateTime) -> Self {
        self.signing_time = Some(time);
        self
    }

    /// How the SignerInfo names the certificate.
    pub fn identifier(mut self, kind: SignerIdentifierKind) -> Self {
        self.identifier = kind;
        self
    }

    /// Whether to sign the ESS signing-certificate-v2 attribute (RFC 5035 §3; on by default).
    /// Turning it off leaves a plain CMS signature that is not CAdES-B-B.
    pub fn signing_certificate_v2(mut self, on: bool) -> Self {
        self.signing_certificate_v2 = on;
        self
    }

    /// Whether to sign the CMSAlgorithmProtection attribute (RFC 6211; on by default).
    pub fn algorithm_protection(mut self, on: bool) -> Self {
        self.algorithm_protection = on;
        self
    }

    /// Whether to put the signer's certificate into the SignedData (on by default).
    pub fn include_certificate(mut self, on: bool) -> Self {
        self.include_certificate = on;
        self
    }

    /// More certificates to put into the SignedData (intermediate CAs, …); those already there
    /// are not repeated.
    pub fn chain(mut self, certificates: &'a [Certificate]) -> Self {
        self.chain.extend(certificates.iter());
        self
    }

    /// A CRL (DER `CertificateList`) to put into the SignedData.
    pub fn crl(mut self, der: &'a [u8]) -> Self {
        self.crls.push(der);
        self
    }

    /// An extra signed attribute (commitment type, signer location, …). It must not repeat an
    /// attribute type kyso writes itself or another extra attribute.
    pub fn signed_attribute(mut self, attribute: Attribute) -> Self {
        self.signed_attributes.push(attribute);
        self
    }

    /// An unsigned attribute to put on the SignerInfo (e.g. a signature time-stamp token).
    pub fn unsigned_attribute(mut self, attribute: Attribute) -> Self {
        self.unsigned_attributes.push(attribute);
        self
    }
}

/// Builds a new SignedData.
///
/// ```
/// use kyso::{SignedDataBuilder, SignerOptions};
///
/// # fn main() -> Result<(), kyso::CmsError> {
/// # let (key, cert, mut rng) = doc::identity(); // an Ed25519 key and its certificate
/// // The signing time comes from the caller: core has no clock.
/// let t = kyso::time::parse_rfc3339("2025-03-14T09:05:07+07:00").expect("valid time");
/// let der = SignedDataBuilder::new("Quyết định số 01/QĐ-UBND".as_bytes())
///     .detached()
///     .add_signer(SignerOptions::new(&key, &cert).signing_time(t))
///     .build(&kyso::RustCryptoProvider, &mut rng)?;
/// assert_eq!(der.first(), Some(&0x30)); // DER ContentInfo
/// # Ok(())
/// # }
/// # mod doc {
/// #   use ed25519_dalek::{Signer as _, SigningKey};
/// #   pub struct DocKey(pub SigningKey);
/// #   impl kyso::Signer for DocKey {
/// #     fn scheme(&self) -> kyso::SignatureScheme { kyso::SignatureScheme::Ed25519 }
/// #     fn sign(&self, m: &[u8], _: &mut dyn rand_core::CryptoRng)
/// #       -> Result<Vec<u8>, kyso::CryptoError> { Ok(self.0.sign(m).to_bytes().to_vec()) }
/// #   }
/// #   pub struct DocRng(u64);
/// #   impl rand_core::TryRng for DocRng {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(self.try_next_u64()? as u32) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1); Ok(self.0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { for b in d { *b = self.try_next_u64()? as u8 } Ok(()) }
/// #   }
/// #   impl rand_core::TryCryptoRng for DocRng {}
/// #   fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
/// #     let c: Vec<u8> = parts.concat();
/// #     let mut v = vec![tag];
/// #     match c.len() { n if n < 128 => v.push(n as u8), n if n < 256 => v.extend([0x81, n as u8]), n => v.extend([0x82, (n >> 8) as u8, n as u8]) }
/// #     v.extend(c); v
/// #   }
/// #   pub fn identity() -> (DocKey, kyso::Certificate, DocRng) {
/// #     let key = SigningKey::from_bytes(&[7u8; 32]);
/// #     let ed = tlv(0x30, &[&[6, 3, 43, 101, 112]]);
/// #     let name = tlv(0x30, &[&tlv(0x31, &[&tlv(0x30, &[&[6, 3, 85, 4, 3], &tlv(0x0c, &[b"Doc"])])])]);
/// #     let validity = tlv(0x30, &[&tlv(0x17, &[b"250101000000Z"]), &tlv(0x17, &[b"350101000000Z"])]);
/// #     let spki = tlv(0x30, &[&ed, &tlv(0x03, &[&[0], key.verifying_key().as_bytes()])]);
/// #     let tbs = tlv(0x30, &[&tlv(0xa0, &[&[2, 1, 2]]), &[2, 1, 1], &ed, &name, &validity, &name, &spki]);
/// #     let sig = key.sign(&tbs).to_bytes();
/// #     let cert = tlv(0x30, &[&tbs, &ed, &tlv(0x03, &[&[0], &sig])]);
/// #     (DocKey(key), kyso::Certificate::from_der(&cert).unwrap(), DocRng(42))
/// #   }
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct SignedDataBuilder<'a> {
    pub(super) content: Content<'a>,
    pub(super) encapsulate: bool,
    pub(super) content_type: ObjectIdentifier,
    pub(super) certificates: Vec<&'a Certificate>,
    pub(super) crls: Vec<&'a [u8]>,
    pub(super) signers: Vec<SignerOptions<'a>>,
}

impl<'a> SignedDataBuilder<'a> {
    /// A SignedData over `content`, encapsulated (attached) unless [`detached`](Self::detached)
    /// is called. Content type id-data unless [`content_type`](Self::content_type) says otherwise.
    pub fn new(content: &'a [u8]) -> Self {
        Self {
            content: Content::Bytes(content),
            encapsulate: true,
            content_type: oid::ID_DATA,
            certificates: Vec::new(),
            crls: Vec::new(),
            signers: Vec::new(),
        }
    }

    /// A detached SignedData over content known only by its digest (the caller streamed the
    /// file through a [`Digester`](crate::crypto::Digester)).
    pub fn from_digest(algorithm: DigestAlgorithm, digest: &'a [u8]) -> Self {
        Self {
            content: Content::Digest { algorithm, digest },
            encapsulate: false,
            ..Self::new(&[])
        }
    }

    /// Leave the content out of the SignedData (a detached signature, RFC 5652 §5.2: eContent
    /// absent), as PDF signatures and `.p7s` files are.
    pub fn detached(mut self) -> Self {
        self.encapsulate = false;
        self
    }

    /// The content type (eContentType, and the value of each signer's content-type attribute).
    pub fn content_type(mut self, content_type: ObjectIdentifier) -> Self {
        self.content_type = content_type;
        self
    }

    /// A certificate to include whatever the signers are (e.g. a shared chain).
    pub fn add_certificate(mut self, certificate: &'a Certificate) -> Self {
        self.certificates.push(certificate);
        self
    }

    /// A CRL (DER `CertificateList`) to include.
    pub fn add_crl(mut self, der: &'a [u8]) -> Self {
        self.crls.push(der);
        self
    }

    /// One more signer. With no signer at all, [`build`](Self::build) gives a certificates-only
    /// SignedData (RFC 5652 §5.2 degenerate case).
    pub fn add_signer(mut self, signer: SignerOptions<'a>) -> Self {
        self.signers.push(signer);
        self
    }

    /// Sign with every signer and return the DER `ContentInfo`.
    /// `crypto` computes the digests and reads the certificate's key for the may-sign rule.
    pub fn build(
        self,
        crypto: &dyn CryptoProvider,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, CmsError> {
        let mut parts = self.skeleton()?;
        for options in &self.signers {
            let KeyRef::Signer(signer) = options.key else {
                return Err(CmsError::ExternalSignerNeedsPrepare);
            };
            let pending = self.pending(options, crypto)?;
            let signature = signer.sign(&pending.signed_attrs, rng)?;
            let signature = normalize_signature(pending.scheme, options.certificate, signature)?;
            parts
                .signer_infos
                .push(Cow::Owned(pending.signer_info(&signature)));
        }
        Ok(parts.encode())
    }

    /// First phase of two-phase signing: everything but the signature of the one signer added
    /// (usually made with [`SignerOptions::external`]). Pass the result and the signature to
    /// [`finish`](super::finish).
    pub fn prepare(self, crypto: &dyn CryptoProvider) -> Result<PreparedSignature, CmsError> {
        let [options] = self.signers.as_slice() else {
            return Err(CmsError::PrepareNeedsOneSigner {
                signers: self.signers.len(),
            });
        };
        let parts = self.skeleton()?;
        let pending = self.pending(options, crypto)?;
        PreparedSignature::new(parts.encode(), None, &pending, options.certificate, crypto)
    }

    /// The SignedData without SignerInfos: content, digest algorithms, certificates, CRLs.
    fn skeleton(&self) -> Result<Parts<'a>, CmsError> {
        let type_tlv = oid_tlv(&self.content_type);
        let encap = match (self.encapsulate, self.content) {
            (true, Content::Bytes(bytes)) => {
                let octets = ber::encode(ber::OCTET_STRING, &[bytes]);
                let explicit = ber::encode(ber::context_constructed(0), &[&octets]);
                ber::encode(ber::SEQUENCE, &[&type_tlv, &explicit])
            }
            (true, Content::Digest { .. }) => return Err(CmsError::ContentMissing),
            (false, _) => ber::encode(ber::SEQUENCE, &[&type_tlv]),
        };
        let mut parts = Parts {
            digest_algorithms: Vec::new(),
            encap: Cow::Owned(encap),
            econtent_type: self.content_type,
            certificates: None,
            crls: None,
            signer_infos: Vec::new(),
        };
        for cert in &self.certificates {
            parts.add_certificate(cert.der());
        }
        for crl in &self.crls {
            parts.add_crl(crl)?;
        }
        for options in &self.signers {
            parts.add_signer_material(options)?;
        }
        Ok(parts)
    }

    fn pending(
        &self,
        options: &SignerOptions<'_>,
        crypto: &dyn CryptoProvider,
    ) -> Result<Pending, CmsError> {
        let (scheme, digest_alg) = check_signer(options, crypto)?;
        let digest = message_digest(self.content, digest_alg, crypto)?;
        Pending::new(options, scheme, &digest, Some(self.content_type), crypto)
    }
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
    use crate::cms::attr::{self, CmsAlgorithmProtection, SigningCertificateV2};
    use crate::cms::signer_info::signing_time;
    use crate::cms::test_support::*;
    use crate::cms::{SignedDataBuilder, SignerIdentifierKind, SignerOptions};
    use crate::crypto::{CryptoError, DigestAlgorithm, SignatureScheme};
    use crate::key::SoftwareKey;
    use crate::oid;
    use cms::signed_data::SignerIdentifier;
    use der::asn1::{ObjectIdentifier, OctetString};
    use der::{Decode as _, Encode as _, Tagged as _};
    use x509_cert::time::Time;

    #[test]
    fn attached_rsa_carries_all_cades_attributes() {
        let key = rsa2048(V15);
        let cert = certificate(&key, "Nguyễn Văn A", None, &[0x01, 0x23], false);
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(
                SignerOptions::new(&key, &cert).signing_time(t("2025-03-14T09:05:07+07:00")),
            )
            .build(&Crypto, &mut TestRng::new(5))
            .unwrap();
        let sd = decode(&der);
        assert_eq!(sd.version, cms::content_info::CmsVersion::V1);
        assert_eq!(
            sd.digest_algorithms
                .iter()
                .map(|a| a.oid)
                .collect::<Vec<_>>(),
            vec![SHA256.oid()]
        );
        let econtent = sd
            .encap_content_info
            .econtent
            .as_ref()
            .unwrap()
            .decode_as::<OctetString>()
            .unwrap();
        assert_eq!(econtent.as_bytes(), CONTENT);
        assert_eq!(sd.certificates.as_ref().unwrap().0.len(), 1);
        let [si] = signer_infos(&sd).try_into().unwrap();
        assert_eq!(si.version, cms::content_info::CmsVersion::V1);
        let SignerIdentifier::IssuerAndSerialNumber(isn) = &si.sid else {
            panic!("sid")
        };
        assert_eq!(isn.serial_number.as_bytes(), cert.serial_bytes());
        assert_eq!(&isn.issuer, cert.issuer_name());
        // sha256WithRSAEncryption with NULL parameters.
        assert_eq!(
            si.signature_algorithm.oid.to_string(),
            "1.2.840.113549.1.1.11"
        );
        check(&si, &cert, &digest(SHA256, CONTENT));

        let attrs = si.signed_attrs.as_ref().unwrap();
        assert_eq!(attrs.len(), 5);
        let ct = attr_value(attrs, oid::ID_CONTENT_TYPE)
            .unwrap()
            .decode_as::<ObjectIdentifier>()
            .unwrap();
        assert_eq!(ct, oid::ID_DATA);
        let st = attr_value(attrs, oid::ID_SIGNING_TIME).unwrap();
        assert_eq!(st.tag(), der::Tag::UtcTime);
        assert_eq!(
            st.decode_as::<Time>().unwrap().to_date_time(),
            t("2025-03-14T02:05:07Z")
        );
        let scv2 = attr_value(attrs, oid::ID_AA_SIGNING_CERTIFICATE_V2)
            .unwrap()
            .decode_as::<SigningCertificateV2>()
            .unwrap();
        let [id] = scv2.certs.as_slice() else {
            panic!("one ESSCertIDv2")
        };
        assert_eq!(id.hash_algorithm, None, "DEFAULT sha256 omitted");
        assert_eq!(id.cert_hash.as_bytes(), digest(SHA256, cert.der()));
        assert!(id.issuer_serial.as_ref().unwrap().matches(&cert));
        let ap = attr_value(attrs, oid::ID_AA_CMS_ALGORITHM_PROTECTION)
            .unwrap()
            .decode_as::<CmsAlgorithmProtection>()
            .unwrap();
        assert_eq!(ap.digest_algorithm, si.digest_alg);
        assert_eq!(
            ap.signature_algorithm.as_ref(),
            Some(&si.signature_algorithm)
        );
        assert_eq!(ap.mac_algorithm, None);
        // Our bytes are DER: re-encoding the decoded structure gives them back.
        let reencoded = cms::content_info::ContentInfo::from_der(&der)
            .unwrap()
            .to_der()
            .unwrap();
        assert_eq!(reencoded, der);
    }

    #[test]
    fn every_scheme_detached() {
        let pss = SignatureScheme::RsaPss {
            digest: DigestAlgorithm::Sha384,
            salt_len: 48,
        };
        let cases: Vec<(SoftwareKey, &str, DigestAlgorithm)> = vec![
            (
                rsa2048(pss),
                "1.2.840.113549.1.1.10",
                DigestAlgorithm::Sha384,
            ),
            (
                p256_key(3)
                    .with_scheme(SignatureScheme::Ecdsa { digest: SHA256 })
                    .unwrap(),
                "1.2.840.10045.4.3.2",
                SHA256,
            ),
            (
                p384_key(4)
                    .with_scheme(SignatureScheme::Ecdsa {
                        digest: DigestAlgorithm::Sha384,
                    })
                    .unwrap(),
                "1.2.840.10045.4.3.3",
                DigestAlgorithm::Sha384,
            ),
            (ed25519_key(5), "1.3.101.112", DigestAlgorithm::Sha512),
        ];
        for (key, sig_oid, digest_alg) in cases {
            let cert = certificate(&key, "Signer", None, &[9], false);
            let der = SignedDataBuilder::new(CONTENT)
                .detached()
                .add_signer(SignerOptions::new(&key, &cert))
                .build(&Crypto, &mut TestRng::new(6))
                .unwrap();
            let sd = decode(&der);
            assert!(sd.encap_content_info.econtent.is_none());
            let [si] = signer_infos(&sd).try_into().unwrap();
            assert_eq!(si.signature_algorithm.oid.to_string(), sig_oid);
            assert_eq!(si.digest_alg.oid, digest_alg.oid());
            assert_eq!(si.digest_alg.parameters, None);
            // No time given: no signing-time.
            assert!(attr_value(si.signed_attrs.as_ref().unwrap(), oid::ID_SIGNING_TIME).is_none());
            check(&si, &cert, &digest(digest_alg, CONTENT));
        }
    }

    #[test]
    fn precomputed_digest_gives_the_same_signed_attributes() {
        let (key, cert) = ed_identity(7, "Ed");
        let from_bytes = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let d = digest(DigestAlgorithm::Sha512, CONTENT);
        let from_digest = SignedDataBuilder::from_digest(DigestAlgorithm::Sha512, &d)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        // Ed25519 is deterministic: the whole SignedData is identical.
        assert_eq!(from_bytes, from_digest);

        let d256 = digest(SHA256, CONTENT);
        let err = SignedDataBuilder::from_digest(SHA256, &d256)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(
            err,
            CmsError::DigestAlgorithmMismatch {
                content: SHA256,
                signer: DigestAlgorithm::Sha512
            }
        );
        let err = SignedDataBuilder::from_digest(DigestAlgorithm::Sha512, &d256)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(
            err,
            CmsError::InvalidDigestLength {
                algorithm: DigestAlgorithm::Sha512,
                len: 32
            }
        );
    }

    #[test]
    fn subject_key_identifier_makes_version_3() {
        let (key, cert) = ed_identity(8, "SKI");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(
                SignerOptions::new(&key, &cert)
                    .identifier(SignerIdentifierKind::SubjectKeyIdentifier),
            )
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let sd = decode(&der);
        assert_eq!(sd.version, cms::content_info::CmsVersion::V3);
        let [si] = signer_infos(&sd).try_into().unwrap();
        assert_eq!(si.version, cms::content_info::CmsVersion::V3);
        let SignerIdentifier::SubjectKeyIdentifier(ski) = &si.sid else {
            panic!("sid")
        };
        assert_eq!(
            Some(ski.0.as_bytes().to_vec()),
            cert.subject_key_identifier()
        );

        let no_ski = certificate(&key, "No SKI", None, &[1], false);
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(
                SignerOptions::new(&key, &no_ski)
                    .identifier(SignerIdentifierKind::SubjectKeyIdentifier),
            )
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::NoSubjectKeyIdentifier);
    }

    #[test]
    fn switches_extra_attributes_and_other_content_type() {
        let (key, cert) = ed_identity(9, "Switch");
        let tst_info = oid::ID_CT_TST_INFO;
        let extra = attr::single_valued(
            ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.16"),
            &oid::ID_DATA,
        )
        .unwrap();
        let der = SignedDataBuilder::new(CONTENT)
            .content_type(tst_info)
            .add_signer(
                SignerOptions::new(&key, &cert)
                    .signing_certificate_v2(false)
                    .algorithm_protection(false)
                    .include_certificate(false)
                    .signed_attribute(extra.clone())
                    .signing_time(t("2051-01-02T03:04:05Z")),
            )
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let sd = decode(&der);
        assert_eq!(
            sd.version,
            cms::content_info::CmsVersion::V3,
            "eContentType not id-data"
        );
        assert!(sd.certificates.is_none());
        let [si] = signer_infos(&sd).try_into().unwrap();
        let attrs = si.signed_attrs.as_ref().unwrap();
        let oids: Vec<_> = attrs.iter().map(|a| a.oid).collect();
        assert_eq!(oids.len(), 4);
        assert!(oids.contains(&extra.oid));
        let ct = attr_value(attrs, oid::ID_CONTENT_TYPE)
            .unwrap()
            .decode_as::<ObjectIdentifier>()
            .unwrap();
        assert_eq!(ct, tst_info);
        // RFC 5652 §11.3: GeneralizedTime from 2050.
        assert_eq!(
            attr_value(attrs, oid::ID_SIGNING_TIME).unwrap().tag(),
            der::Tag::GeneralizedTime
        );
        check(&si, &cert, &digest(DigestAlgorithm::Sha512, CONTENT));

        let dup = attr::single_valued(
            oid::ID_SIGNING_TIME,
            &signing_time(&t("2025-01-01T00:00:00Z")).unwrap(),
        )
        .unwrap();
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(
                SignerOptions::new(&key, &cert)
                    .signing_time(t("2025-01-01T00:00:00Z"))
                    .signed_attribute(dup),
            )
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(
            err,
            CmsError::DuplicateAttribute {
                oid: oid::ID_SIGNING_TIME.to_string()
            }
        );
    }

    #[test]
    fn refuses_sha1_dsa_mismatched_keys_and_misuse() {
        let (key, cert) = ed_identity(10, "A");
        let (other_key, _) = ed_identity(11, "B");
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&other_key, &cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::CertificateKeyMismatch);

        let rsa_cert = certificate(&rsa2048(V15), "RSA", None, &[2], false);
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &rsa_cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::Crypto(CryptoError::SchemeKeyMismatch));

        let sha1 = SignatureScheme::RsaPkcs1v15 {
            digest: DigestAlgorithm::Sha1,
        };
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::external(sha1, &rsa_cert))
            .prepare(&Crypto)
            .unwrap_err();
        assert_eq!(err, CmsError::Crypto(CryptoError::Sha1SigningRefused));

        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::external(V15, &rsa_cert))
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::ExternalSignerNeedsPrepare);
        let err = SignedDataBuilder::new(CONTENT)
            .prepare(&Crypto)
            .unwrap_err();
        assert_eq!(err, CmsError::PrepareNeedsOneSigner { signers: 0 });
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &cert))
            .add_signer(SignerOptions::new(&key, &cert))
            .prepare(&Crypto)
            .unwrap_err();
        assert_eq!(err, CmsError::PrepareNeedsOneSigner { signers: 2 });
    }

    #[test]
    fn certificates_only_when_no_signer() {
        let (_, cert) = ed_identity(12, "Bundle");
        let der = SignedDataBuilder::new(&[])
            .detached()
            .add_certificate(&cert)
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let sd = decode(&der);
        assert!(sd.signer_infos.0.is_empty());
        assert!(sd.digest_algorithms.is_empty());
        assert_eq!(sd.certificates.unwrap().0.len(), 1);
    }
}
