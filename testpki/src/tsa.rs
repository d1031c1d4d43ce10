//! A time-stamp authority for tests (RFC 3161 §2.4.2): a TSTInfo over a given imprint, signed
//! by an [`Issued`] TSA certificate through kyso's own CMS builder (with ESS
//! signing-certificate-v2, RFC 5816), at a time the test chooses — so that scenarios can
//! place a time-stamp before or after an expiry or a revocation without a clock.

use der::Encode;
use der::asn1::{GeneralizedTime, Int, ObjectIdentifier, OctetString};
use kyso::{DigestAlgorithm, RustCryptoProvider, SignedDataBuilder, SignerOptions};
use spki::AlgorithmIdentifierOwned;

use crate::PkiError;
use crate::cert::Issued;
use crate::key::SchemeSigner;

/// RFC 3161 §2.4.2 TSTInfo, the fields a test TSA writes (no accuracy, ordering, tsa name
/// or extensions).
#[derive(der::Sequence)]
struct TstInfo {
    version: u8,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: GeneralizedTime,
    nonce: Option<Int>,
}

#[derive(der::Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// What the token says.
#[derive(Clone, Debug)]
pub struct TokenSpec {
    pub digest: DigestAlgorithm,
    pub imprint: Vec<u8>,
    pub gen_time: kyso::DateTime,
    /// Content octets of a positive INTEGER.
    pub nonce: Option<Vec<u8>>,
    pub policy: ObjectIdentifier,
    pub serial: u64,
}

impl TokenSpec {
    /// A token over `data` (SHA-256) at `gen_time`, under a test policy.
    pub fn over(data: &[u8], gen_time: kyso::DateTime) -> Self {
        use sha2::Digest;
        Self {
            digest: DigestAlgorithm::Sha256,
            imprint: sha2::Sha256::digest(data).to_vec(),
            gen_time,
            nonce: None,
            policy: ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.3161"),
            serial: 1,
        }
    }
}

impl Issued {
    /// A time-stamp token (ContentInfo SignedData with TSTInfo content) signed by this TSA.
    pub fn timestamp_token(
        &self,
        spec: &TokenSpec,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, PkiError> {
        let enc = |what| move |_| PkiError::Encoding { what };
        let info = TstInfo {
            version: 1,
            policy: spec.policy,
            message_imprint: MessageImprint {
                hash_algorithm: spec.digest.algorithm_identifier(),
                hashed_message: OctetString::new(spec.imprint.clone()).map_err(enc("imprint"))?,
            },
            serial_number: Int::new(&positive(spec.serial)).map_err(enc("serial"))?,
            gen_time: GeneralizedTime::from_date_time(spec.gen_time),
            nonce: match &spec.nonce {
                Some(n) => Some(Int::new(n).map_err(enc("nonce"))?),
                None => None,
            },
        };
        let der = info.to_der().map_err(enc("TSTInfo"))?;
        let signer = SchemeSigner {
            key: &self.key,
            scheme: self.key.default_scheme(),
        };
        SignedDataBuilder::new(&der)
            .content_type(kyso::oid::ID_CT_TST_INFO)
            .add_signer(SignerOptions::new(&signer, &self.certificate).signing_time(spec.gen_time))
            .build(&RustCryptoProvider, rng)
            .map_err(|_| PkiError::Encoding {
                what: "time-stamp token",
            })
    }
}

/// The minimal two's-complement content octets of a non-negative number.
fn positive(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let start = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len() - 1);
    let mut out = bytes.get(start..).unwrap_or(&bytes).to_vec();
    if out.first().is_some_and(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}
