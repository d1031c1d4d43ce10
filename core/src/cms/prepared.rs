//! Two-phase (external) signing for tokens and remote services: the first phase
//! ([`SignedDataBuilder::prepare`](super::SignedDataBuilder::prepare),
//! [`prepare_add_signer`](super::prepare_add_signer),
//! [`prepare_counter_signature`](super::prepare_counter_signature)) gives a
//! [`PreparedSignature`]: the exact bytes to sign, their digest and `DigestInfo`, and a state
//! that can be stored between requests; [`finish`] checks the returned signature against the
//! certificate before it assembles the SignedData.

use std::borrow::Cow;

use der::asn1::OctetString;
use der::{Decode, Encode, Sequence};

use super::CmsError;
use super::parts::{Parts, RawSignerInfo};
use super::signer_info::{Pending, normalize_signature, scheme_digest};
use crate::cert::Certificate;
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::flaw::Flaw;
use crate::names::SignInput;

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
    pub(super) base: Vec<u8>,
    pub(super) countersigned: Option<Vec<u8>>,
    pub(super) template: Vec<u8>,
    pub(super) certificate: Certificate,
    pub(super) scheme: SignatureScheme,
    pub(super) to_be_signed: Vec<u8>,
    pub(super) digest: Vec<u8>,
    pub(super) digest_info: Vec<u8>,
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

    /// What to sign in the form `input` asks for ([`to_be_signed`](Self::to_be_signed),
    /// [`digest`](Self::digest) or [`digest_info`](Self::digest_info)), if the scheme can sign
    /// that form ([`SignInput::check`]).
    pub fn input(&self, input: SignInput) -> Result<&[u8], CryptoError> {
        input.check(self.scheme)?;
        Ok(match input {
            SignInput::Message => &self.to_be_signed,
            SignInput::Digest => &self.digest,
            SignInput::DigestInfo => &self.digest_info,
        })
    }

    /// The signer's certificate, whose key the signature must verify with.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The DER length of the finished SignedData without the signature value (the PDF
    /// writer sizes `/Contents` from it: issue 11 item 2). The signature adds its own length
    /// and at most a few bytes of length octets per enclosing element.
    pub(crate) fn unsigned_len(&self) -> usize {
        self.base.len().saturating_add(self.template.len())
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

    /// Read back [`to_bytes`](Self::to_bytes); `crypto` recomputes the digest to sign.
    pub fn from_bytes(bytes: &[u8], crypto: &dyn CryptoProvider) -> Result<Self, CmsError> {
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
        let digest = crypto.digest(scheme_digest(scheme), &to_be_signed);
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

    pub(super) fn new(
        base: Vec<u8>,
        countersigned: Option<Vec<u8>>,
        pending: &Pending,
        certificate: &Certificate,
        crypto: &dyn CryptoProvider,
    ) -> Result<Self, CmsError> {
        let digest_alg = scheme_digest(pending.scheme);
        let digest = crypto.digest(digest_alg, &pending.signed_attrs);
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
// Two-phase state
// ------------------------------------------------------------------------------------------

pub(super) const PREPARED_STATE_VERSION: u8 = 1;

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
pub(super) struct PreparedStateDer {
    pub(super) version: u8,
    pub(super) base: OctetString,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub(super) countersigned: Option<OctetString>,
    pub(super) template: OctetString,
    pub(super) certificate: OctetString,
    pub(super) scheme_kind: u8,
    pub(super) scheme_digest: u8,
    pub(super) salt_len: u32,
}

pub(super) struct PreparedState {
    pub(super) version: u8,
    pub(super) base: Vec<u8>,
    pub(super) countersigned: Option<Vec<u8>>,
    pub(super) template: Vec<u8>,
    pub(super) certificate: Vec<u8>,
    pub(super) scheme_kind: u8,
    pub(super) scheme_digest: u8,
    pub(super) salt_len: u32,
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

pub(super) fn scheme_code(scheme: SignatureScheme) -> (u8, u8, u32) {
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

pub(super) fn scheme_from_code(kind: u8, digest: u8, salt_len: u32) -> Option<SignatureScheme> {
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

    use crate::cms::signer_info::is_der_ecdsa_signature;
    use crate::cms::{
        SignedDataBuilder, SignerOptions, finish, prepare_add_signer, prepare_counter_signature,
    };
    use crate::crypto::{RustCryptoProvider, SignatureScheme};
    use crate::key::Signer as _;

    use cms::signed_data::SignerInfo;

    #[test]
    fn two_phase_rsa_digest_info_roundtrips_state_and_refuses_bad_signatures() {
        let key = rsa2048(V15);
        let cert = certificate(&key, "Token", None, &[0x42], false);
        let prepared = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::external(V15, &cert).signing_time(t("2025-03-14T02:05:07Z")))
            .prepare(&Crypto)
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
        let restored = PreparedSignature::from_bytes(&prepared.to_bytes(), &Crypto).unwrap();
        assert_eq!(restored.to_be_signed(), prepared.to_be_signed());
        assert_eq!(restored.digest_info(), prepared.digest_info());
        let der = finish(&restored, &raw, &RustCryptoProvider).unwrap();
        let [si] = signer_infos(&decode(&der)).try_into().unwrap();
        check(&si, &cert, &digest(SHA256, CONTENT));
        // Same result as signing in one go (RSA v1.5 is deterministic).
        let direct = SignedDataBuilder::new(CONTENT)
            .detached()
            .add_signer(SignerOptions::new(&key, &cert).signing_time(t("2025-03-14T02:05:07Z")))
            .build(&Crypto, &mut TestRng::new(3))
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
            assert!(PreparedSignature::from_bytes(garbage, &Crypto).is_err());
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
            .build(&Crypto, &mut TestRng::new(1))
            .unwrap();
        let first = signer_infos(&decode(&der)).remove(0);

        let prepared = prepare_counter_signature(
            &der,
            0,
            SignerOptions::external(key.scheme(), &cert),
            &Crypto,
        )
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
            &PreparedSignature::from_bytes(&state, &Crypto).unwrap(),
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
        let prepared = prepare_add_signer(
            &out,
            None,
            SignerOptions::external(key.scheme(), &cert),
            &Crypto,
        )
        .unwrap();
        let sig = key
            .sign(prepared.to_be_signed(), &mut TestRng::new(1))
            .unwrap();
        let out2 = finish(&prepared, &sig, &RustCryptoProvider).unwrap();
        assert_eq!(decode(&out2).signer_infos.0.len(), 2);
    }
}
