//! SignedData construction (RFC 5652 §5), DER output.
//!
//! - [`SignedDataBuilder`]: a new SignedData, attached or detached, content as bytes or as a
//!   digest the caller computed by streaming a large file through a
//!   [`Digester`](crate::crypto::Digester); any number of signers.
//! - [`add_signer`]: one more signer on an existing SignedData; [`add_counter_signature`]: a
//!   counter-signature (RFC 5652 §11.4) on one of its signers. Both keep every existing
//!   SignerInfo, certificate, CRL and the content byte for byte.
//! - Two-phase (external) signing for tokens and remote services: [`SignedDataBuilder::prepare`],
//!   [`prepare_add_signer`] or [`prepare_counter_signature`] give the exact bytes to sign (and
//!   their digest and `DigestInfo`); [`finish`] checks the returned signature against the
//!   certificate before it assembles the SignedData.
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

use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString, UtcTime};
use der::{Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use super::CmsError;
use super::attr::{self, CmsAlgorithmProtection, EssCertIdV2, IssuerSerial, SigningCertificateV2};
use crate::ber::{self, Tlv};
use crate::cert::Certificate;
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::flaw::Flaw;
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
    key: KeyRef<'a>,
    certificate: &'a Certificate,
    identifier: SignerIdentifierKind,
    signing_time: Option<DateTime>,
    signing_certificate_v2: bool,
    algorithm_protection: bool,
    include_certificate: bool,
    chain: Vec<&'a Certificate>,
    crls: Vec<&'a [u8]>,
    signed_attributes: Vec<Attribute>,
    unsigned_attributes: Vec<Attribute>,
}

#[derive(Clone, Copy)]
enum KeyRef<'a> {
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
    /// known now. Use with [`SignedDataBuilder::prepare`], [`prepare_add_signer`] or
    /// [`prepare_counter_signature`].
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
///     .build(&mut rng)?;
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
    content: Content<'a>,
    encapsulate: bool,
    content_type: ObjectIdentifier,
    certificates: Vec<&'a Certificate>,
    crls: Vec<&'a [u8]>,
    signers: Vec<SignerOptions<'a>>,
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
    pub fn build(self, rng: &mut dyn rand_core::CryptoRng) -> Result<Vec<u8>, CmsError> {
        let mut parts = self.skeleton()?;
        for options in &self.signers {
            let KeyRef::Signer(signer) = options.key else {
                return Err(CmsError::ExternalSignerNeedsPrepare);
            };
            let pending = self.pending(options)?;
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
    /// [`finish`].
    pub fn prepare(self) -> Result<PreparedSignature, CmsError> {
        let [options] = self.signers.as_slice() else {
            return Err(CmsError::PrepareNeedsOneSigner {
                signers: self.signers.len(),
            });
        };
        let parts = self.skeleton()?;
        let pending = self.pending(options)?;
        PreparedSignature::new(parts.encode(), None, &pending, options.certificate)
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

    fn pending(&self, options: &SignerOptions<'_>) -> Result<Pending, CmsError> {
        let (scheme, digest_alg) = check_signer(options)?;
        let digest = message_digest(self.content, digest_alg)?;
        Pending::new(options, scheme, &digest, Some(self.content_type))
    }
}

/// Add a signer to an existing SignedData (DER or BER `ContentInfo`), keeping its SignerInfos,
/// certificates, CRLs and content byte for byte; the digest algorithm and certificates are
/// added when missing. `detached` is the content (or its digest) when the SignedData does not
/// encapsulate it, `None` when it does.
pub fn add_signer(
    existing: &[u8],
    detached: Option<Content<'_>>,
    signer: SignerOptions<'_>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, CmsError> {
    let KeyRef::Signer(key) = signer.key else {
        return Err(CmsError::ExternalSignerNeedsPrepare);
    };
    let (mut parts, pending) = add_signer_parts(existing, detached, &signer)?;
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
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Vec<u8>, CmsError> {
    let KeyRef::Signer(key) = signer.key else {
        return Err(CmsError::ExternalSignerNeedsPrepare);
    };
    let (mut parts, target, pending) = counter_signature_parts(existing, signer_index, &signer)?;
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

/// Two-phase form of [`add_signer`].
pub fn prepare_add_signer(
    existing: &[u8],
    detached: Option<Content<'_>>,
    signer: SignerOptions<'_>,
) -> Result<PreparedSignature, CmsError> {
    let (parts, pending) = add_signer_parts(existing, detached, &signer)?;
    PreparedSignature::new(parts.encode(), None, &pending, signer.certificate)
}

/// Two-phase form of [`add_counter_signature`].
pub fn prepare_counter_signature(
    existing: &[u8],
    signer_index: usize,
    signer: SignerOptions<'_>,
) -> Result<PreparedSignature, CmsError> {
    let (parts, target, pending) = counter_signature_parts(existing, signer_index, &signer)?;
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
    )
}

/// Second phase of two-phase signing: check `signature` (made by a token or remote service over
/// [`PreparedSignature::to_be_signed`]) against the certificate's public key with `crypto`,
/// then assemble the SignedData. A signature that does not verify is refused with
/// [`CmsError::ExternalSignatureInvalid`], so a wrong key, PIN-less token or tampered response
/// never produces a broken signature file. ECDSA signatures may be given DER-encoded or as the
/// raw `r ‖ s` that PKCS#11 and WebCrypto return.
pub fn finish(
    prepared: &PreparedSignature,
    signature: &[u8],
    crypto: &dyn CryptoProvider,
) -> Result<Vec<u8>, CmsError> {
    let signature =
        normalize_signature(prepared.scheme, &prepared.certificate, signature.to_vec())?;
    match crypto.verify(
        prepared.scheme,
        prepared.certificate.public_key_info(),
        &prepared.to_be_signed,
        &signature,
    ) {
        Ok(()) => {}
        Err(CryptoError::BadSignature) => return Err(CmsError::ExternalSignatureInvalid),
        Err(e) => return Err(e.into()),
    }
    let signer_info = RawSignerInfo::parse(&prepared.template)?.with_signature(&signature);
    let mut parts = Parts::parse(&prepared.base)?;
    match &prepared.countersigned {
        None => parts.signer_infos.push(Cow::Owned(signer_info)),
        Some(target) => {
            let slot = parts
                .signer_infos
                .iter_mut()
                .find(|si| si.as_ref() == target.as_slice())
                .ok_or(CmsError::Malformed {
                    flaw: Flaw::Invalid {
                        field: "PreparedState countersigned",
                    },
                    position: None,
                })?;
            *slot = Cow::Owned(RawSignerInfo::parse(slot)?.with_counter_signature(&signer_info)?);
        }
    }
    Ok(parts.encode())
}

/// The result of the first phase of two-phase signing: what to sign, and the opaque state
/// [`finish`] needs. [`to_bytes`](Self::to_bytes)/[`from_bytes`](Self::from_bytes) let a web
/// server keep it between requests (the state holds the content when it is attached, and the
/// signer's certificate; it is not secret, but a server that hands it to clients must protect
/// it against tampering itself, e.g. with a MAC).
#[derive(Clone, Debug)]
pub struct PreparedSignature {
    base: Vec<u8>,
    countersigned: Option<Vec<u8>>,
    template: Vec<u8>,
    certificate: Certificate,
    scheme: SignatureScheme,
    to_be_signed: Vec<u8>,
    digest: Vec<u8>,
    digest_info: Vec<u8>,
}

impl PreparedSignature {
    /// The exact bytes to sign: the DER of the signed attributes `SET` (RFC 5652 §5.4).
    /// Signers that hash themselves (most PKCS#11 mechanisms, WebCrypto, Ed25519) sign these.
    pub fn to_be_signed(&self) -> &[u8] {
        &self.to_be_signed
    }

    /// The scheme the signature must be made with (RSA v1.5/PSS parameters, digest).
    pub fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    /// The digest algorithm of the scheme.
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        scheme_digest(self.scheme)
    }

    /// The digest of [`to_be_signed`](Self::to_be_signed), for signers that take a hash
    /// (ECDSA `CKM_ECDSA`, RSA-PSS `CKM_RSA_PKCS_PSS`, remote "sign hash" services).
    pub fn digest(&self) -> &[u8] {
        &self.digest
    }

    /// The DER `DigestInfo` (RFC 8017 §9.2) of the digest: what a raw RSA PKCS#1 v1.5
    /// mechanism (`CKM_RSA_PKCS`, Windows `NCRYPT_PAD_PKCS1` without OID) must sign.
    pub fn digest_info(&self) -> &[u8] {
        &self.digest_info
    }

    /// The signer's certificate, whose key the signature must verify with.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The state as bytes (a small DER structure, version 1), to store between requests.
    pub fn to_bytes(&self) -> Vec<u8> {
        let (kind, digest, salt_len) = scheme_code(self.scheme);
        let state = PreparedState {
            version: PREPARED_STATE_VERSION,
            base: self.base.clone(),
            countersigned: self.countersigned.clone(),
            template: self.template.clone(),
            certificate: self.certificate.der().to_vec(),
            scheme_kind: kind,
            scheme_digest: digest,
            salt_len,
        };
        state.encode()
    }

    /// Read back [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CmsError> {
        let bad = |field| CmsError::Malformed {
            flaw: Flaw::Invalid { field },
            position: None,
        };
        let state = PreparedState::decode(bytes).ok_or(bad("PreparedState"))?;
        if state.version != PREPARED_STATE_VERSION {
            return Err(bad("PreparedState version"));
        }
        let scheme = scheme_from_code(state.scheme_kind, state.scheme_digest, state.salt_len)
            .ok_or(bad("PreparedState scheme"))?;
        let certificate = Certificate::from_der(&state.certificate)
            .map_err(|_| bad("PreparedState certificate"))?;
        // Both must parse: finish relies on them.
        Parts::parse(&state.base)?;
        let template = RawSignerInfo::parse(&state.template)?;
        let to_be_signed = template
            .signed_attrs_der()
            .ok_or(bad("PreparedState signedAttrs"))?;
        let digest = digest(scheme_digest(scheme), &to_be_signed);
        let digest_info = crate::crypto::digest_info(scheme_digest(scheme), &digest);
        Ok(Self {
            base: state.base,
            countersigned: state.countersigned,
            template: state.template,
            certificate,
            scheme,
            to_be_signed,
            digest,
            digest_info,
        })
    }

    fn new(
        base: Vec<u8>,
        countersigned: Option<Vec<u8>>,
        pending: &Pending,
        certificate: &Certificate,
    ) -> Result<Self, CmsError> {
        let digest_alg = scheme_digest(pending.scheme);
        let digest = digest(digest_alg, &pending.signed_attrs);
        Ok(Self {
            base,
            countersigned,
            template: pending.signer_info(&[]),
            certificate: certificate.clone(),
            scheme: pending.scheme,
            digest_info: crate::crypto::digest_info(digest_alg, &digest),
            digest,
            to_be_signed: pending.signed_attrs.clone(),
        })
    }
}

// ------------------------------------------------------------------------------------------
// Signer checks and signed attributes
// ------------------------------------------------------------------------------------------

/// Refuse what must never be signed, and signers that cannot produce a signature the
/// certificate verifies. Returns the scheme and its digest algorithm.
fn check_signer(
    options: &SignerOptions<'_>,
) -> Result<(SignatureScheme, DigestAlgorithm), CmsError> {
    let scheme = options.scheme();
    let digest_alg = scheme_digest(scheme);
    // vietnam.md §3: SHA-1 is accepted for verifying historic signatures only.
    if digest_alg == DigestAlgorithm::Sha1 {
        return Err(CryptoError::Sha1SigningRefused.into());
    }
    let cert_spki = options.certificate.public_key_info();
    let family_ok = match scheme {
        SignatureScheme::RsaPkcs1v15 { .. } | SignatureScheme::RsaPss { .. } => {
            cert_spki.algorithm.oid == OID_RSA_ENCRYPTION
                || cert_spki.algorithm.oid == OID_RSASSA_PSS
        }
        SignatureScheme::Ecdsa { .. } => cert_spki.algorithm.oid == OID_EC_PUBLIC_KEY,
        SignatureScheme::Ed25519 => cert_spki.algorithm.oid == OID_ED25519,
        // Legacy DSA exists for verifying old signatures only.
        SignatureScheme::Dsa { .. } => {
            return Err(CryptoError::UnsupportedAlgorithm {
                oid: OID_DSA.to_string(),
            }
            .into());
        }
    };
    if !family_ok {
        return Err(CryptoError::SchemeKeyMismatch.into());
    }
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
    Ok((scheme, digest_alg))
}

/// The message digest of content a signer signs with `alg`.
fn message_digest(content: Content<'_>, alg: DigestAlgorithm) -> Result<Vec<u8>, CmsError> {
    match content {
        Content::Bytes(bytes) => Ok(digest(alg, bytes)),
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
struct Pending {
    scheme: SignatureScheme,
    version: u8,
    sid: Vec<u8>,
    digest_algorithm: Vec<u8>,
    /// DER of the signed attributes as the `SET` that is signed (RFC 5652 §5.4).
    signed_attrs: Vec<u8>,
    signature_algorithm: Vec<u8>,
    unsigned_attrs: Vec<Vec<u8>>,
}

impl Pending {
    /// `content_type` is `None` for a counter-signature (RFC 5652 §11.4: "MUST NOT contain a
    /// content-type attribute").
    fn new(
        options: &SignerOptions<'_>,
        scheme: SignatureScheme,
        message_digest: &[u8],
        content_type: Option<ObjectIdentifier>,
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
                &digest(DigestAlgorithm::Sha256, cert.der()),
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
    fn signer_info(&self, signature: &[u8]) -> Vec<u8> {
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
fn signing_time(t: &DateTime) -> Result<Time, CmsError> {
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
fn signer_identifier(
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
fn normalize_signature(
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
            Some(c) if c == OID_P256 => p256::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            Some(c) if c == OID_P384 => p384::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            Some(c) if c == OID_P521 => p521::ecdsa::Signature::from_slice(&signature)
                .map(|s| s.to_der().as_bytes().to_vec()),
            _ => return Ok(signature),
        };
    // Bytes that are neither DER nor r ‖ s of the curve's size go through unchanged: verifiers
    // (and `finish`) reject them.
    Ok(converted.unwrap_or(signature))
}

/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` filling the bytes exactly.
fn is_der_ecdsa_signature(bytes: &[u8]) -> bool {
    let Ok(seq) = ber::parse(bytes) else {
        return false;
    };
    if seq.tag() != ber::SEQUENCE {
        return false;
    }
    matches!(seq.elements().as_deref(), Ok([r, s]) if r.tag() == ber::INTEGER && s.tag() == ber::INTEGER)
}

// ------------------------------------------------------------------------------------------
// Existing SignedData: parts kept verbatim
// ------------------------------------------------------------------------------------------

fn add_signer_parts<'e>(
    existing: &'e [u8],
    detached: Option<Content<'_>>,
    options: &SignerOptions<'_>,
) -> Result<(Parts<'e>, Pending), CmsError> {
    let mut parts = Parts::parse(existing)?;
    let (scheme, digest_alg) = check_signer(options)?;
    let digest = match (parts.econtent()?, detached) {
        (Some(content), None) => self::digest(digest_alg, &content),
        (Some(_), Some(_)) => return Err(CmsError::ContentAlreadyAttached),
        (None, Some(content)) => message_digest(content, digest_alg)?,
        (None, None) => return Err(CmsError::ContentMissing),
    };
    parts.add_signer_material(options)?;
    let pending = Pending::new(options, scheme, &digest, Some(parts.econtent_type))?;
    Ok((parts, pending))
}

/// The parts, the position of the countersigned SignerInfo in them, and the counter-signer.
fn counter_signature_parts<'e>(
    existing: &'e [u8],
    signer_index: usize,
    options: &SignerOptions<'_>,
) -> Result<(Parts<'e>, usize, Pending), CmsError> {
    let mut parts = Parts::parse(existing)?;
    let (scheme, digest_alg) = check_signer(options)?;
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
    let digest = digest(digest_alg, &value);
    // The counter-signer's certificates go into the SignedData's set (§11.4 gives the
    // countersignature no certificates of its own); its digest algorithm does not, since the
    // content is not digested with it (§5.1).
    for cert in signer_certificates(options) {
        parts.add_certificate(cert.der());
    }
    for crl in &options.crls {
        parts.add_crl(crl)?;
    }
    let pending = Pending::new(options, scheme, &digest, None)?;
    Ok((parts, signer_index, pending))
}

fn signer_certificates<'o>(
    options: &'o SignerOptions<'_>,
) -> impl Iterator<Item = &'o Certificate> {
    options
        .include_certificate
        .then_some(options.certificate)
        .into_iter()
        .chain(options.chain.iter().copied())
}

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
struct Parts<'a> {
    digest_algorithms: Vec<Cow<'a, [u8]>>,
    encap: Cow<'a, [u8]>,
    econtent_type: ObjectIdentifier,
    certificates: Option<Vec<Cow<'a, [u8]>>>,
    crls: Option<Vec<Cow<'a, [u8]>>>,
    signer_infos: Vec<Cow<'a, [u8]>>,
}

/// The error for structure `field` (an ASN.1 name) that does not read.
fn malformed(field: &'static str) -> impl Fn(ber::Error) -> CmsError {
    move |_| CmsError::Malformed {
        flaw: Flaw::Invalid { field },
        position: None,
    }
}

impl<'a> Parts<'a> {
    fn parse(der: &'a [u8]) -> Result<Self, CmsError> {
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
    fn econtent(&self) -> Result<Option<Cow<'_, [u8]>>, CmsError> {
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

    fn add_digest_algorithm(&mut self, alg: DigestAlgorithm) {
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

    fn add_certificate(&mut self, der: &[u8]) {
        let certs = self.certificates.get_or_insert_with(Vec::new);
        if !certs.iter().any(|c| c.as_ref() == der) {
            certs.push(Cow::Owned(der.to_vec()));
        }
    }

    fn add_crl(&mut self, der: &[u8]) -> Result<(), CmsError> {
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

    fn add_signer_material(&mut self, options: &SignerOptions<'_>) -> Result<(), CmsError> {
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
    fn version(&self) -> u8 {
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
    fn encode(&self) -> Vec<u8> {
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
fn canonical_encap<'a>(encap: &Tlv<'a>) -> Result<Cow<'a, [u8]>, CmsError> {
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

fn raw_children<'a>(set: &Tlv<'a>, field: &'static str) -> Result<Vec<Cow<'a, [u8]>>, CmsError> {
    Ok(set
        .elements()
        .map_err(malformed(field))?
        .into_iter()
        .map(|c| Cow::Borrowed(c.raw))
        .collect())
}

/// A SignerInfo split into its fields, kept as encoded.
struct RawSignerInfo<'a> {
    version: Tlv<'a>,
    sid: Tlv<'a>,
    digest_algorithm: Tlv<'a>,
    signed_attrs: Option<Tlv<'a>>,
    signature_algorithm: Tlv<'a>,
    signature: Tlv<'a>,
    unsigned_attrs: Option<Tlv<'a>>,
}

impl<'a> RawSignerInfo<'a> {
    fn parse(der: &'a [u8]) -> Result<Self, CmsError> {
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
    fn signed_attrs_der(&self) -> Option<Vec<u8>> {
        self.signed_attrs
            .as_ref()
            .map(|t| ber::retag(t.raw, ber::SET))
    }

    fn reassemble(&self, signature: &[u8], unsigned: Option<&[u8]>) -> Vec<u8> {
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
    fn with_signature(&self, signature: &[u8]) -> Vec<u8> {
        let sig = ber::encode(ber::OCTET_STRING, &[signature]);
        self.reassemble(&sig, self.unsigned_attrs.map(|t| t.raw))
    }

    /// This SignerInfo with `counter` added to its countersignature attribute (RFC 5652 §11.4:
    /// "The countersignature attribute can have multiple attribute values"; an existing
    /// attribute gets one more value, otherwise one is created). All other bytes are kept.
    fn with_counter_signature(&self, counter: &[u8]) -> Result<Vec<u8>, CmsError> {
        let countersig_oid = oid_tlv(&oid::ID_COUNTERSIGNATURE);
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
                            && oid.content == oid::ID_COUNTERSIGNATURE.as_bytes() =>
                    {
                        let mut raw: Vec<&[u8]> = values
                            .elements()
                            .map_err(malformed("countersignature attrValues"))?
                            .iter()
                            .map(|v| v.raw)
                            .collect();
                        raw.push(counter);
                        let values = ber::encode_set_of(ber::SET, &raw);
                        attributes.push(ber::encode(ber::SEQUENCE, &[oid.raw, &values]));
                        added = true;
                    }
                    _ => attributes.push(attribute.raw.to_vec()),
                }
            }
        }
        if !added {
            let values = ber::encode(ber::SET, &[counter]);
            attributes.push(ber::encode(ber::SEQUENCE, &[&countersig_oid, &values]));
        }
        let unsigned = ber::encode_set_of(ber::context_constructed(1), &attributes);
        Ok(self.reassemble(self.signature.raw, Some(&unsigned)))
    }
}

// ------------------------------------------------------------------------------------------
// Two-phase state
// ------------------------------------------------------------------------------------------

const PREPARED_STATE_VERSION: u8 = 1;

/// The serialised state of a [`PreparedSignature`] (kyso-private, versioned):
///
/// ```text
/// PreparedState ::= SEQUENCE {
///   version        INTEGER (1),
///   base           OCTET STRING,  -- ContentInfo the signer is added to (DER)
///   countersigned  [0] IMPLICIT OCTET STRING OPTIONAL,  -- SignerInfo being countersigned
///   template       OCTET STRING,  -- the new SignerInfo with an empty signature
///   certificate    OCTET STRING,  -- the signer's certificate
///   schemeKind     INTEGER, schemeDigest INTEGER, saltLength INTEGER }
/// ```
#[derive(Sequence)]
struct PreparedStateDer {
    version: u8,
    base: OctetString,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    countersigned: Option<OctetString>,
    template: OctetString,
    certificate: OctetString,
    scheme_kind: u8,
    scheme_digest: u8,
    salt_len: u32,
}

struct PreparedState {
    version: u8,
    base: Vec<u8>,
    countersigned: Option<Vec<u8>>,
    template: Vec<u8>,
    certificate: Vec<u8>,
    scheme_kind: u8,
    scheme_digest: u8,
    salt_len: u32,
}

impl PreparedState {
    fn encode(self) -> Vec<u8> {
        let octets = |v: Vec<u8>| OctetString::new(v).ok();
        let der = (|| {
            PreparedStateDer {
                version: self.version,
                base: octets(self.base)?,
                countersigned: match self.countersigned {
                    Some(c) => Some(octets(c)?),
                    None => None,
                },
                template: octets(self.template)?,
                certificate: octets(self.certificate)?,
                scheme_kind: self.scheme_kind,
                scheme_digest: self.scheme_digest,
                salt_len: self.salt_len,
            }
            .to_der()
            .ok()
        })();
        // OctetString::new and to_der fail only past der's 256 MiB length limit; the state of
        // such a message is reported as empty, which from_bytes rejects.
        der.unwrap_or_default()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let d = PreparedStateDer::from_der(bytes).ok()?;
        Some(Self {
            version: d.version,
            base: d.base.into_bytes().into(),
            countersigned: d.countersigned.map(|c| c.into_bytes().into()),
            template: d.template.into_bytes().into(),
            certificate: d.certificate.into_bytes().into(),
            scheme_kind: d.scheme_kind,
            scheme_digest: d.scheme_digest,
            salt_len: d.salt_len,
        })
    }
}

fn scheme_code(scheme: SignatureScheme) -> (u8, u8, u32) {
    // Codes are part of the serialised pending state: never renumber, only add.
    let d = |alg: DigestAlgorithm| match alg {
        DigestAlgorithm::Sha1 => 1,
        DigestAlgorithm::Sha256 => 2,
        DigestAlgorithm::Sha384 => 3,
        DigestAlgorithm::Sha512 => 4,
        DigestAlgorithm::Sha224 => 5,
        DigestAlgorithm::Sha3_224 => 6,
        DigestAlgorithm::Sha3_256 => 7,
        DigestAlgorithm::Sha3_384 => 8,
        DigestAlgorithm::Sha3_512 => 9,
    };
    match scheme {
        SignatureScheme::RsaPkcs1v15 { digest } => (1, d(digest), 0),
        SignatureScheme::RsaPss { digest, salt_len } => {
            (2, d(digest), u32::try_from(salt_len).unwrap_or(u32::MAX))
        }
        SignatureScheme::Ecdsa { digest } => (3, d(digest), 0),
        SignatureScheme::Ed25519 => (4, 4, 0),
        SignatureScheme::Dsa { digest } => (5, d(digest), 0),
    }
}

fn scheme_from_code(kind: u8, digest: u8, salt_len: u32) -> Option<SignatureScheme> {
    let digest = match digest {
        1 => DigestAlgorithm::Sha1,
        2 => DigestAlgorithm::Sha256,
        3 => DigestAlgorithm::Sha384,
        4 => DigestAlgorithm::Sha512,
        5 => DigestAlgorithm::Sha224,
        6 => DigestAlgorithm::Sha3_224,
        7 => DigestAlgorithm::Sha3_256,
        8 => DigestAlgorithm::Sha3_384,
        9 => DigestAlgorithm::Sha3_512,
        _ => return None,
    };
    Some(match kind {
        1 => SignatureScheme::RsaPkcs1v15 { digest },
        2 => SignatureScheme::RsaPss {
            digest,
            salt_len: usize::try_from(salt_len).ok()?,
        },
        3 => SignatureScheme::Ecdsa { digest },
        4 => SignatureScheme::Ed25519,
        5 => SignatureScheme::Dsa { digest },
        _ => return None,
    })
}

// ------------------------------------------------------------------------------------------
// Algorithms
// ------------------------------------------------------------------------------------------

// Key families of certificate public keys (RFC 8017 App. C, RFC 4055 §1.2, RFC 5480 §2.1.1,
// RFC 8410 §3) and named curves (RFC 5480 §2.1.1.1).
const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// The digest a scheme signs with (for Ed25519, SHA-512: RFC 8419 §3.1, "When signing with
/// Ed25519, the digestAlgorithm MUST be id-sha512").
fn scheme_digest(scheme: SignatureScheme) -> DigestAlgorithm {
    scheme.digest()
}

/// DER AlgorithmIdentifier of a digest, parameters absent (RFC 5754 §2: "Implementations MUST
/// generate SHA2 AlgorithmIdentifiers with absent parameters").
fn digest_algorithm_identifier(alg: DigestAlgorithm) -> Result<Vec<u8>, CmsError> {
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
fn signature_algorithm_identifier(scheme: SignatureScheme) -> Result<Vec<u8>, CmsError> {
    scheme
        .algorithm_identifier()
        .to_der()
        .map_err(|_| CmsError::Encoding {
            what: "signatureAlgorithm",
        })
}

fn digest(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    crate::crypto::RustCryptoProvider.digest(alg, data)
}

fn oid_tlv(oid: &ObjectIdentifier) -> Vec<u8> {
    ber::encode(ber::OID, &[oid.as_bytes()])
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
    use crate::crypto::RustCryptoProvider;
    use crate::key::SoftwareKey;
    use crate::test_support::*;
    use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
    use der::Tagged as _;

    const SHA256: DigestAlgorithm = DigestAlgorithm::Sha256;
    const V15: SignatureScheme = SignatureScheme::RsaPkcs1v15 { digest: SHA256 };
    const CONTENT: &[u8] = b"C\xc3\xb4ng v\xc4\x83n s\xe1\xbb\x91 01/UBND";

    fn decode(der: &[u8]) -> SignedData {
        let ci = cms::content_info::ContentInfo::from_der(der).unwrap();
        assert_eq!(ci.content_type, oid::ID_SIGNED_DATA);
        ci.content.decode_as::<SignedData>().unwrap()
    }

    fn signer_infos(sd: &SignedData) -> Vec<SignerInfo> {
        sd.signer_infos.0.iter().cloned().collect()
    }

    fn attr_value(attrs: &x509_cert::attr::Attributes, oid: ObjectIdentifier) -> Option<der::Any> {
        let a = attrs.iter().find(|a| a.oid == oid)?;
        assert_eq!(a.values.len(), 1, "{oid} must be single-valued");
        a.values.get(0).cloned()
    }

    /// The signature verifies over the DER signed attributes and message-digest is `digest`.
    fn check(si: &SignerInfo, cert: &Certificate, digest: &[u8]) {
        let attrs = si.signed_attrs.as_ref().expect("signed attributes");
        let md = attr_value(attrs, oid::ID_MESSAGE_DIGEST)
            .unwrap()
            .decode_as::<OctetString>()
            .unwrap();
        assert_eq!(md.as_bytes(), digest);
        let digest_alg = DigestAlgorithm::from_algorithm_identifier(&si.digest_alg).unwrap();
        let scheme =
            SignatureScheme::from_algorithm_identifier(&si.signature_algorithm, Some(digest_alg))
                .unwrap();
        RustCryptoProvider
            .verify(
                scheme,
                cert.public_key_info(),
                &attrs.to_der().unwrap(),
                si.signature.as_bytes(),
            )
            .unwrap();
    }

    fn ed_identity(seed: u8, cn: &str) -> (SoftwareKey, Certificate) {
        let key = ed25519_key(seed);
        let cert = certificate(&key, cn, None, &[seed], true);
        (key, cert)
    }

    #[test]
    fn attached_rsa_carries_all_cades_attributes() {
        let key = rsa2048(V15);
        let cert = certificate(&key, "Nguyễn Văn A", None, &[0x01, 0x23], false);
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(
                SignerOptions::new(&key, &cert).signing_time(t("2025-03-14T09:05:07+07:00")),
            )
            .build(&mut TestRng::new(5))
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
                .build(&mut TestRng::new(6))
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
            .build(&mut TestRng::new(1))
            .unwrap();
        let d = digest(DigestAlgorithm::Sha512, CONTENT);
        let from_digest = SignedDataBuilder::from_digest(DigestAlgorithm::Sha512, &d)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&mut TestRng::new(1))
            .unwrap();
        // Ed25519 is deterministic: the whole SignedData is identical.
        assert_eq!(from_bytes, from_digest);

        let d256 = digest(SHA256, CONTENT);
        let err = SignedDataBuilder::from_digest(SHA256, &d256)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::CertificateKeyMismatch);

        let rsa_cert = certificate(&rsa2048(V15), "RSA", None, &[2], false);
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &rsa_cert))
            .build(&mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::Crypto(CryptoError::SchemeKeyMismatch));

        let sha1 = SignatureScheme::RsaPkcs1v15 {
            digest: DigestAlgorithm::Sha1,
        };
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::external(sha1, &rsa_cert))
            .prepare()
            .unwrap_err();
        assert_eq!(err, CmsError::Crypto(CryptoError::Sha1SigningRefused));

        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::external(V15, &rsa_cert))
            .build(&mut TestRng::new(1))
            .unwrap_err();
        assert_eq!(err, CmsError::ExternalSignerNeedsPrepare);
        let err = SignedDataBuilder::new(CONTENT).prepare().unwrap_err();
        assert_eq!(err, CmsError::PrepareNeedsOneSigner { signers: 0 });
        let err = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &cert))
            .add_signer(SignerOptions::new(&key, &cert))
            .prepare()
            .unwrap_err();
        assert_eq!(err, CmsError::PrepareNeedsOneSigner { signers: 2 });
    }

    #[test]
    fn certificates_only_when_no_signer() {
        let (_, cert) = ed_identity(12, "Bundle");
        let der = SignedDataBuilder::new(&[])
            .detached()
            .add_certificate(&cert)
            .build(&mut TestRng::new(1))
            .unwrap();
        let sd = decode(&der);
        assert!(sd.signer_infos.0.is_empty());
        assert!(sd.digest_algorithms.is_empty());
        assert_eq!(sd.certificates.unwrap().0.len(), 1);
    }

    /// Several signers in one build, then one more added: existing bytes are kept verbatim.
    #[test]
    fn multi_signer_then_add_signer_keeps_existing_bytes() {
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
            .build(&mut TestRng::new(1))
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
            .build(&mut TestRng::new(1))
            .unwrap();
        let err = add_signer(
            &detached,
            None,
            SignerOptions::new(&rsa, &rsa_cert),
            &mut TestRng::new(1),
        )
        .unwrap_err();
        assert_eq!(err, CmsError::ContentMissing);
        let err = add_signer(
            &der,
            Some(Content::Bytes(CONTENT)),
            SignerOptions::new(&rsa, &rsa_cert),
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
            &mut TestRng::new(1),
        )
        .unwrap();
        let sd3 = decode(&two);
        assert_eq!(sd3.signer_infos.0.len(), 2);
        assert_eq!(sd3.digest_algorithms.len(), 2);
    }

    #[test]
    fn counter_signature_is_over_the_signature_value() {
        let rsa = rsa2048(V15);
        let rsa_cert = certificate(&rsa, "Leader", None, &[0x31], false);
        let (ed, ed_cert) = ed_identity(15, "Clerk");
        let (ed2, ed2_cert) = ed_identity(16, "Receiver");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&rsa, &rsa_cert))
            .build(&mut TestRng::new(1))
            .unwrap();
        let original = signer_infos(&decode(&der)).remove(0);

        let once = add_counter_signature(
            &der,
            0,
            SignerOptions::new(&ed, &ed_cert).signing_time(t("2025-05-05T05:05:05Z")),
            &mut TestRng::new(1),
        )
        .unwrap();
        let twice = add_counter_signature(
            &once,
            0,
            SignerOptions::new(&ed2, &ed2_cert),
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
            &mut TestRng::new(1),
        )
        .unwrap_err();
        assert_eq!(err, CmsError::NoSuchSigner { index: 1 });
    }

    /// Counter-signatures share `Limits::max_signers` with the signerInfos: beyond it they are
    /// reported, not verified (fan-out cannot multiply a message's work).
    #[test]
    fn counter_signatures_share_the_signature_limit() {
        let rsa = rsa2048(V15);
        let rsa_cert = certificate(&rsa, "Leader", None, &[0x31], false);
        let (ed, ed_cert) = ed_identity(15, "Clerk");
        let mut der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&rsa, &rsa_cert))
            .build(&mut TestRng::new(1))
            .unwrap();
        for i in 0..3 {
            der = add_counter_signature(
                &der,
                0,
                SignerOptions::new(&ed, &ed_cert),
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
            .with_limits(crate::cms::Limits {
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

    fn check_quiet(si: &SignerInfo, cert: &Certificate) -> bool {
        match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                isn.serial_number.as_bytes() == cert.serial_bytes()
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => false,
        }
    }

    #[test]
    fn two_phase_rsa_digest_info_roundtrips_state_and_refuses_bad_signatures() {
        let key = rsa2048(V15);
        let cert = certificate(&key, "Token", None, &[0x42], false);
        let prepared = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::external(V15, &cert).signing_time(t("2025-03-14T02:05:07Z")))
            .prepare()
            .unwrap();
        assert_eq!(prepared.digest(), digest(SHA256, prepared.to_be_signed()));
        assert_eq!(prepared.digest_algorithm(), SHA256);
        assert_eq!(prepared.scheme(), V15);
        assert_eq!(prepared.to_be_signed().first(), Some(&0x31), "a DER SET");

        // A token signing the DigestInfo with raw PKCS#1 v1.5 (CKM_RSA_PKCS).
        let raw = rsa2048_raw()
            .sign(
                rsa::pkcs1v15::Pkcs1v15Sign::new_unprefixed(),
                prepared.digest_info(),
            )
            .unwrap();
        // The state survives a trip through bytes (web server between requests).
        let restored = PreparedSignature::from_bytes(&prepared.to_bytes()).unwrap();
        assert_eq!(restored.to_be_signed(), prepared.to_be_signed());
        assert_eq!(restored.digest_info(), prepared.digest_info());
        let der = finish(&restored, &raw, &RustCryptoProvider).unwrap();
        let [si] = signer_infos(&decode(&der)).try_into().unwrap();
        check(&si, &cert, &digest(SHA256, CONTENT));
        // Same result as signing in one go (RSA v1.5 is deterministic).
        let direct = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::new(&key, &cert).signing_time(t("2025-03-14T02:05:07Z")))
            .build(&mut TestRng::new(3))
            .unwrap();
        assert_eq!(der, direct);

        let mut bad = raw.clone();
        if let Some(b) = bad.last_mut() {
            *b ^= 1;
        }
        assert_eq!(
            finish(&prepared, &bad, &RustCryptoProvider).unwrap_err(),
            CmsError::ExternalSignatureInvalid
        );
        // A signature by another key is refused too.
        let (ed, _) = ed_identity(17, "x");
        let other = ed
            .sign(prepared.to_be_signed(), &mut TestRng::new(1))
            .unwrap();
        assert!(finish(&prepared, &other, &RustCryptoProvider).is_err());

        for garbage in [&[][..], &[0x30, 0x00], &[0x30, 0x80, 0x00], b"not a state"] {
            assert!(PreparedSignature::from_bytes(garbage).is_err());
        }
    }

    #[test]
    fn two_phase_ecdsa_accepts_raw_r_s_and_counter_signature() {
        let key = p256_key(20)
            .with_scheme(SignatureScheme::Ecdsa { digest: SHA256 })
            .unwrap();
        let cert = certificate(&key, "WebCrypto", None, &[0x43], false);
        let (ed, ed_cert) = ed_identity(21, "First");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&ed, &ed_cert))
            .build(&mut TestRng::new(1))
            .unwrap();
        let first = signer_infos(&decode(&der)).remove(0);

        let prepared =
            prepare_counter_signature(&der, 0, SignerOptions::external(key.scheme(), &cert))
                .unwrap();
        let sig_der = key
            .sign(prepared.to_be_signed(), &mut TestRng::new(1))
            .unwrap();
        // WebCrypto / PKCS#11 give r ‖ s.
        let raw = p256::ecdsa::Signature::from_der(&sig_der)
            .unwrap()
            .to_bytes()
            .to_vec();
        assert_eq!(raw.len(), 64);
        let state = prepared.to_bytes();
        let out = finish(
            &PreparedSignature::from_bytes(&state).unwrap(),
            &raw,
            &RustCryptoProvider,
        )
        .unwrap();
        let [si] = signer_infos(&decode(&out)).try_into().unwrap();
        assert_eq!(si.signature, first.signature);
        let cs_attr = si
            .unsigned_attrs
            .as_ref()
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .clone();
        let cs = cs_attr
            .values
            .get(0)
            .unwrap()
            .decode_as::<SignerInfo>()
            .unwrap();
        assert!(is_der_ecdsa_signature(cs.signature.as_bytes()));
        check(&cs, &cert, &digest(SHA256, first.signature.as_bytes()));

        // Two-phase add_signer on the existing attached SignedData.
        let prepared =
            prepare_add_signer(&out, None, SignerOptions::external(key.scheme(), &cert)).unwrap();
        let sig = key
            .sign(prepared.to_be_signed(), &mut TestRng::new(1))
            .unwrap();
        let out2 = finish(&prepared, &sig, &RustCryptoProvider).unwrap();
        assert_eq!(decode(&out2).signer_infos.0.len(), 2);
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        let (key, cert) = ed_identity(22, "Fuzz");
        let der = SignedDataBuilder::new(CONTENT)
            .add_signer(SignerOptions::new(&key, &cert))
            .build(&mut TestRng::new(1))
            .unwrap();
        for len in 0..der.len() {
            let truncated = &der[..len];
            assert!(
                add_signer(
                    truncated,
                    None,
                    SignerOptions::new(&key, &cert),
                    &mut TestRng::new(1)
                )
                .is_err()
            );
            assert!(
                prepare_counter_signature(truncated, 0, SignerOptions::new(&key, &cert)).is_err()
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
                &mut TestRng::new(1),
            );
            let _ = add_counter_signature(
                &bad,
                0,
                SignerOptions::new(&key, &cert),
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
    fn ber_indefinite_input_is_kept() {
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
