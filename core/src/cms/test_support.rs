//! CMS-specific helpers for the builder, editing and two-phase unit tests, over the crate's
//! shared `test_support` (keys, certificates, RNG), which this re-exports.
use crate::cert::Certificate;
use crate::crypto::RustCryptoProvider;
use crate::crypto::{CryptoProvider as _, SignatureScheme};
use crate::key::SoftwareKey;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::Encode;

use crate::crypto::DigestAlgorithm;
use crate::oid;
use der::Decode;
use der::asn1::{ObjectIdentifier, OctetString};

pub(crate) use crate::test_support::*;

// Shared by the builder, editing and two-phase tests.
pub(crate) const SHA256: DigestAlgorithm = DigestAlgorithm::Sha256;
pub(crate) const V15: SignatureScheme = SignatureScheme::RsaPkcs1v15 { digest: SHA256 };
pub(crate) const CONTENT: &[u8] = b"C\xc3\xb4ng v\xc4\x83n s\xe1\xbb\x91 01/UBND";

pub(crate) fn decode(der: &[u8]) -> SignedData {
    let ci = cms::content_info::ContentInfo::from_der(der).unwrap();
    assert_eq!(ci.content_type, oid::ID_SIGNED_DATA);
    ci.content.decode_as::<SignedData>().unwrap()
}

pub(crate) fn signer_infos(sd: &SignedData) -> Vec<SignerInfo> {
    sd.signer_infos.0.iter().cloned().collect()
}

pub(crate) fn attr_value(
    attrs: &x509_cert::attr::Attributes,
    oid: ObjectIdentifier,
) -> Option<der::Any> {
    let a = attrs.iter().find(|a| a.oid == oid)?;
    assert_eq!(a.values.len(), 1, "{oid} must be single-valued");
    a.values.get(0).cloned()
}

/// The signature verifies over the DER signed attributes and message-digest is `digest`.
pub(crate) fn check(si: &SignerInfo, cert: &Certificate, digest: &[u8]) {
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

pub(crate) fn ed_identity(seed: u8, cn: &str) -> (SoftwareKey, Certificate) {
    let key = ed25519_key(seed);
    let cert = certificate(&key, cn, None, &[seed], true);
    (key, cert)
}

pub(crate) fn check_quiet(si: &SignerInfo, cert: &Certificate) -> bool {
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.serial_number.as_bytes() == cert.serial_bytes()
        }
        SignerIdentifier::SubjectKeyIdentifier(_) => false,
    }
}

pub(crate) use crate::crypto::RustCryptoProvider as Crypto;

/// A digest with the test provider.
pub(crate) fn digest(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    RustCryptoProvider.digest(alg, data)
}
