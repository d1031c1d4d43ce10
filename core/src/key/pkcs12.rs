//! PKCS #12 / PFX files (RFC 7292): the private key and certificates Vietnamese users export
//! from Windows, from CA tools and from OpenSSL.
//!
//! No PKCS#12 crate compatible with der 0.8 exists, so the ASN.1 types are written
//! here with `der` derive, each quoting its definition. Supported:
//! - password integrity (`authSafe` of type id-data) with the HMAC of RFC 7292 §5 / App. B
//!   over SHA-1 or SHA-2 (OpenSSL 3 default: HMAC-SHA-256, 2048 iterations);
//! - shrouded key bags and encrypted-data bags under PBES2 (OpenSSL 3 default:
//!   PBKDF2-HMAC-SHA-256 + AES-256-CBC) or the PKCS#12 PBEs (`-legacy` / Windows:
//!   pbeWithSHAAnd3-KeyTripleDES-CBC keys, pbeWithSHAAnd40BitRC2-CBC certificates);
//! - plain key bags, X.509 certificate bags, nested safe-contents bags.
//!
//! Not supported (reported, never guessed): public-key integrity / privacy modes (signed or
//! enveloped `authSafe`), PBMAC1 (RFC 9579), RC4 PBEs.
//!
//! Order of work: the MAC is verified before anything is decrypted, so a wrong password is
//! reported as [`KeyError::WrongPassword`] without touching the encrypted parts. All work is
//! bounded: file size, number of bags, nesting depth, KDF iteration counts.

use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Any, Decode, Encode, Sequence};
use digest::Digest;
use hmac::{Hmac, KeyInit, Mac};
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

use super::pbe::{self, KdfId, Password};
use super::{KeyBundle, KeyError, SoftwareKey};
use crate::cert::Certificate;
use crate::crypto::DigestAlgorithm;
use crate::flaw::Flaw;
use crate::oid;

/// Largest PFX accepted.
const MAX_PFX_LEN: usize = 16 * 1024 * 1024;
/// Largest number of ContentInfos in the AuthenticatedSafe.
const MAX_CONTENT_INFOS: usize = 64;
/// Largest number of bags in the whole file.
const MAX_BAGS: usize = 4096;
/// Deepest nesting of safeContentsBag.
const MAX_DEPTH: usize = 4;
/// Largest number of private keys tried against the certificates.
const MAX_KEYS: usize = 16;

/// RFC 7292 §4:
/// ```text
/// PFX ::= SEQUENCE {
///     version    INTEGER {v3(3)}(v3,...),
///     authSafe   ContentInfo,
///     macData    MacData OPTIONAL
/// }
/// ```
#[derive(Sequence)]
struct Pfx {
    version: u8,
    auth_safe: ContentInfo,
    mac_data: Option<MacData>,
}

/// RFC 5652 §3 (used by RFC 7292 for `authSafe` and the AuthenticatedSafe elements):
/// ```text
/// ContentInfo ::= SEQUENCE {
///     contentType ContentType,
///     content [0] EXPLICIT ANY DEFINED BY contentType }
/// ```
/// (`content` is OPTIONAL in the PKCS #7 original, which PKCS #12 files can follow.)
#[derive(Sequence)]
struct ContentInfo {
    content_type: Oid,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<Any>,
}

/// RFC 7292 §4:
/// ```text
/// MacData ::= SEQUENCE {
///     mac        DigestInfo,
///     macSalt    OCTET STRING,
///     iterations INTEGER DEFAULT 1
///     -- Note: The default is for historical reasons and its use is deprecated.
/// }
/// ```
#[derive(Sequence)]
struct MacData {
    mac: DigestInfo,
    mac_salt: OctetString,
    #[asn1(default = "one")]
    iterations: u32,
}

fn one() -> u32 {
    1
}

/// RFC 8017 §9.2 / PKCS #7:
/// ```text
/// DigestInfo ::= SEQUENCE {
///     digestAlgorithm DigestAlgorithmIdentifier,
///     digest Digest }
/// ```
#[derive(Sequence)]
struct DigestInfo {
    algorithm: AlgorithmIdentifierOwned,
    digest: OctetString,
}

/// RFC 7292 §4.2:
/// ```text
/// SafeBag ::= SEQUENCE {
///     bagId          BAG-TYPE.&id ({PKCS12BagSet}),
///     bagValue       [0] EXPLICIT BAG-TYPE.&Type({PKCS12BagSet}{@bagId}),
///     bagAttributes  SET OF PKCS12Attribute OPTIONAL
/// }
/// ```
/// The attributes (friendlyName, localKeyID) are not needed: the key and its certificate are
/// paired by public key, which cannot lie, rather than by localKeyID, which can.
#[derive(Sequence)]
struct SafeBag {
    bag_id: Oid,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: Any,
    bag_attributes: Option<Any>,
}

/// RFC 7292 §4.2.3:
/// ```text
/// CertBag ::= SEQUENCE {
///     certId      BAG-TYPE.&id   ({CertTypes}),
///     certValue   [0] EXPLICIT BAG-TYPE.&Type ({CertTypes}{@certId})
/// }
/// x509Certificate BAG-TYPE ::= {OCTET STRING IDENTIFIED BY {certTypes 1}}
///     -- DER-encoded X.509 certificate stored in OCTET STRING
/// ```
#[derive(Sequence)]
struct CertBag {
    cert_id: Oid,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    cert_value: Any,
}

/// RFC 5652 §8 (the `encryptedData` element of an AuthenticatedSafe, RFC 7292 §4.1):
/// ```text
/// EncryptedData ::= SEQUENCE {
///     version CMSVersion,
///     encryptedContentInfo EncryptedContentInfo,
///     unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
/// ```
#[derive(Sequence)]
struct EncryptedData {
    version: u8,
    encrypted_content_info: EncryptedContentInfo,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        constructed = "true",
        optional = "true"
    )]
    unprotected_attrs: Option<der::asn1::SetOfVec<Any>>,
}

/// RFC 5652 §6.1:
/// ```text
/// EncryptedContentInfo ::= SEQUENCE {
///     contentType ContentType,
///     contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
///     encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }
/// EncryptedContent ::= OCTET STRING
/// ```
#[derive(Sequence)]
struct EncryptedContentInfo {
    content_type: Oid,
    content_encryption_algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetString>,
}

/// The structure `field` (an ASN.1 name) does not decode.
fn malformed(field: &'static str) -> KeyError {
    KeyError::Malformed {
        what: Flaw::Invalid { field },
    }
}

/// Whether `bytes` start like a PFX: SEQUENCE { INTEGER 3, SEQUENCE … }.
pub(crate) fn looks_like_pfx(bytes: &[u8]) -> bool {
    let mut reader = match der::SliceReader::new(bytes) {
        Ok(r) => r,
        Err(_) => return false,
    };
    let Ok(header) = der::Header::decode(&mut reader) else {
        return false;
    };
    if header.tag() != der::Tag::Sequence {
        return false;
    }
    matches!(u8::decode(&mut reader), Ok(3))
}

/// The bytes of an `OCTET STRING` carried as `[0] EXPLICIT` content.
fn octets(content: Option<&Any>, what: &'static str) -> Result<Vec<u8>, KeyError> {
    let any = content.ok_or(malformed(what))?;
    let os: OctetString = any.decode_as().map_err(|_| malformed(what))?;
    Ok(os.into_bytes().into_vec())
}

/// Parse a PFX and return its key with the certificate that matches it.
pub(crate) fn parse(der: &[u8], password: &[u8]) -> Result<KeyBundle, KeyError> {
    if der.len() > MAX_PFX_LEN {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooLarge { field: "PFX" },
        });
    }
    // Padding after the file (a newline, zero fill) is ignored and counted; other trailing
    // data is refused (`crate::trailing`).
    let (der, padding) = crate::trailing::split(der).map_err(|t| KeyError::TrailingData {
        offset: t.offset,
        len: t.len,
    })?;
    // DER first (OpenSSL, Windows, Java); then the DER form of BER, for old encoders that
    // write indefinite lengths or constructed OCTET STRINGs.
    let pfx = Pfx::from_der(der)
        .ok()
        .or_else(|| {
            let der_form = crate::ber::to_der_form(der).ok()?;
            Pfx::from_der(&der_form).ok()
        })
        .ok_or_else(|| malformed("PKCS#12 PFX"))?;
    if pfx.version != 3 {
        return Err(malformed("PKCS#12 version"));
    }
    match pfx.auth_safe.content_type {
        oid::ID_DATA => {}
        // RFC 7292 §3.1 public-key integrity mode.
        other => {
            return Err(KeyError::UnsupportedEncryption {
                oid: other.to_string(),
            });
        }
    }
    let auth_safe = octets(pfx.auth_safe.content.as_ref(), "PKCS#12 authSafe")?;

    // RFC 7292 §5.1: verify the MAC before anything else; it decides which password encoding
    // is the right one (OpenSSL treats an empty password as either two NUL bytes or nothing).
    let candidates = Password::new(password).candidates();
    let password = match &pfx.mac_data {
        Some(mac) => {
            let mut matched = None;
            for candidate in candidates {
                if verify_mac(mac, &candidate, &auth_safe)? {
                    matched = Some(candidate);
                    break;
                }
            }
            matched.ok_or(KeyError::WrongPassword)?
        }
        None => candidates
            .into_iter()
            .next()
            .ok_or(KeyError::WrongPassword)?,
    };

    // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (RFC 7292 §4.1). Counted before decoding,
    // so that a huge count is refused without allocating it.
    if crate::ber::more_children_than(&auth_safe, MAX_CONTENT_INFOS) {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooMany {
                field: "AuthenticatedSafe",
            },
        });
    }
    let infos: Vec<ContentInfo> =
        Vec::from_der(&auth_safe).map_err(|_| malformed("PKCS#12 AuthenticatedSafe"))?;
    let mut found = Found::default();
    for info in &infos {
        match info.content_type {
            oid::ID_DATA => {
                let contents = octets(info.content.as_ref(), "PKCS#12 data")?;
                safe_contents(&contents, &password, 0, &mut found)?;
            }
            oid::ID_ENCRYPTED_DATA => {
                let any = info
                    .content
                    .as_ref()
                    .ok_or(malformed("PKCS#12 encryptedData"))?;
                let ed: EncryptedData = any
                    .decode_as()
                    .map_err(|_| malformed("PKCS#12 encryptedData"))?;
                let _ = (ed.version, ed.unprotected_attrs);
                let eci = ed.encrypted_content_info;
                if eci.content_type != oid::ID_DATA {
                    return Err(malformed("PKCS#12 EncryptedContentInfo contentType"));
                }
                let Some(ct) = eci.encrypted_content else {
                    continue;
                };
                let plain =
                    pbe::decrypt(&eci.content_encryption_algorithm, &password, ct.as_bytes())?;
                // A garbled plaintext after valid padding is a wrong password too (no MAC).
                safe_contents(&plain, &password, 0, &mut found).map_err(|e| match e {
                    KeyError::Malformed { .. } if pfx.mac_data.is_none() => KeyError::WrongPassword,
                    other => other,
                })?;
            }
            // envelopedData (public-key privacy mode) and anything else.
            other => {
                return Err(KeyError::UnsupportedEncryption {
                    oid: other.to_string(),
                });
            }
        }
    }
    let _ = oid::ID_SIGNED_DATA;
    let mut bundle = pair(found)?;
    bundle.key = bundle.key.with_trailing_padding(padding);
    Ok(bundle)
}

#[derive(Default)]
struct Found {
    keys: Vec<SoftwareKey>,
    certs: Vec<Certificate>,
    bags: usize,
}

/// `SafeContents ::= SEQUENCE OF SafeBag` (RFC 7292 §4.2).
fn safe_contents(
    der: &[u8],
    password: &Password,
    depth: usize,
    found: &mut Found,
) -> Result<(), KeyError> {
    if depth > MAX_DEPTH {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooDeep,
        });
    }
    if crate::ber::more_children_than(der, MAX_BAGS.saturating_sub(found.bags)) {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooMany {
                field: "SafeContents",
            },
        });
    }
    let bags: Vec<SafeBag> = Vec::from_der(der).map_err(|_| malformed("PKCS#12 SafeContents"))?;
    for bag in bags {
        found.bags = found.bags.saturating_add(1);
        if found.bags > MAX_BAGS {
            return Err(KeyError::LimitExceeded {
                what: Flaw::TooMany {
                    field: "SafeContents",
                },
            });
        }
        let _ = &bag.bag_attributes;
        match bag.bag_id {
            oid::KEY_BAG | oid::SHROUDED_KEY_BAG => {
                if found.keys.len() >= MAX_KEYS {
                    return Err(KeyError::LimitExceeded {
                        what: Flaw::TooMany { field: "keyBag" },
                    });
                }
                let value = Zeroizing::new(
                    bag.bag_value
                        .to_der()
                        .map_err(|_| malformed("PKCS#12 keyBag"))?,
                );
                let key = if bag.bag_id == oid::KEY_BAG {
                    SoftwareKey::from_pkcs8_der(&value)?
                } else {
                    SoftwareKey::from_encrypted_pkcs8_with(&value, password)?
                };
                found.keys.push(key);
            }
            oid::CERT_BAG => {
                let cert_bag: CertBag = bag
                    .bag_value
                    .decode_as()
                    .map_err(|_| malformed("PKCS#12 CertBag"))?;
                // sdsiCertificate and other types carry no X.509 certificate: skipped.
                if cert_bag.cert_id == oid::X509_CERTIFICATE {
                    let der = octets(Some(&cert_bag.cert_value), "PKCS#12 x509Certificate")?;
                    let cert = Certificate::from_der(&der)
                        .map_err(|_| malformed("PKCS#12 x509Certificate"))?;
                    found.certs.push(cert);
                }
            }
            oid::SAFE_CONTENTS_BAG => {
                let inner = bag
                    .bag_value
                    .to_der()
                    .map_err(|_| malformed("PKCS#12 safeContentsBag"))?;
                safe_contents(&inner, password, depth.saturating_add(1), found)?;
            }
            // crlBag, secretBag, unknown bag types: nothing kyso uses.
            _ => {}
        }
    }
    Ok(())
}

/// The first key that has a certificate, with that certificate; every other certificate goes
/// to the chain in file order (bag order is not trusted to mean anything).
fn pair(found: Found) -> Result<KeyBundle, KeyError> {
    let Found {
        keys, mut certs, ..
    } = found;
    if keys.is_empty() {
        return Err(KeyError::NoPrivateKey);
    }
    for key in keys {
        if let Some(i) = certs.iter().position(|c| key.matches_certificate(c)) {
            let certificate = certs.remove(i);
            return Ok(KeyBundle {
                key,
                certificate,
                chain: certs,
            });
        }
    }
    // One certificate that is not the key's is a mismatch; several (a chain without its leaf)
    // or none is a missing certificate.
    if certs.len() == 1 {
        Err(KeyError::CertificateKeyMismatch)
    } else {
        Err(KeyError::NoMatchingCertificate)
    }
}

/// RFC 7292 §5.1 / Appendix B: HMAC over the authSafe content with a key from the PKCS#12 KDF
/// (ID 3) over the MAC's own digest. `Ok(false)` for a mismatch.
fn verify_mac(mac: &MacData, password: &Password, content: &[u8]) -> Result<bool, KeyError> {
    let alg = &mac.mac.algorithm;
    if alg.oid == oid::PBMAC1 {
        return Err(KeyError::UnsupportedEncryption {
            oid: alg.oid.to_string(),
        });
    }
    let digest = DigestAlgorithm::from_algorithm_identifier(alg).map_err(|_| {
        KeyError::UnsupportedEncryption {
            oid: alg.oid.to_string(),
        }
    })?;
    let salt = mac.mac_salt.as_bytes();
    pbe::check_kdf_cost(salt, mac.iterations)?;
    password.spend(u64::from(mac.iterations))?;
    let expected = mac.mac.digest.as_bytes();
    fn go<D>(
        password: &Password,
        salt: &[u8],
        iterations: u32,
        v: usize,
        content: &[u8],
        expected: &[u8],
    ) -> bool
    where
        D: Digest + digest::block_api::EagerHash + Clone,
        Hmac<D>: KeyInit + Mac,
    {
        let n = <D as Digest>::output_size();
        let key = pbe::kdf::<D>(KdfId::Mac, password, salt, iterations, n, v);
        let Ok(mut h) = <Hmac<D> as KeyInit>::new_from_slice(&key) else {
            return false;
        };
        Mac::update(&mut h, content);
        // Constant-time comparison (hmac's verify_slice).
        h.verify_slice(expected).is_ok()
    }
    // RFC 7292 B.2: v = 64 bytes for SHA-1/SHA-224/SHA-256, 128 for SHA-384/SHA-512.
    Ok(match digest {
        DigestAlgorithm::Sha1 => {
            go::<sha1::Sha1>(password, salt, mac.iterations, 64, content, expected)
        }
        DigestAlgorithm::Sha224 => {
            go::<sha2::Sha224>(password, salt, mac.iterations, 64, content, expected)
        }
        DigestAlgorithm::Sha256 => {
            go::<sha2::Sha256>(password, salt, mac.iterations, 64, content, expected)
        }
        DigestAlgorithm::Sha384 => {
            go::<sha2::Sha384>(password, salt, mac.iterations, 128, content, expected)
        }
        DigestAlgorithm::Sha512 => {
            go::<sha2::Sha512>(password, salt, mac.iterations, 128, content, expected)
        }
        // RFC 7292 defines the MAC key derivation for Merkle–Damgård hashes only (B.2 needs
        // their block size v); RFC 9579 moves newer hashes to PBMAC1, refused above.
        DigestAlgorithm::Sha3_224
        | DigestAlgorithm::Sha3_256
        | DigestAlgorithm::Sha3_384
        | DigestAlgorithm::Sha3_512 => {
            return Err(KeyError::UnsupportedEncryption {
                oid: alg.oid.to_string(),
            });
        }
    })
}

impl KeyBundle {
    /// Read a PKCS#12 / PFX file (RFC 7292) protected by `password` (UTF-8). The MAC is
    /// checked first: a wrong password is [`KeyError::WrongPassword`]. Padding after the file
    /// is ignored and counted (`key.trailing_padding()`); other trailing data is
    /// [`KeyError::TrailingData`].
    pub fn from_pkcs12(der: &[u8], password: &[u8]) -> Result<Self, KeyError> {
        parse(der, password)
    }

    /// A key with certificates from elsewhere (`--key k.pem --cert c.pem`): the first
    /// certificate matching the key becomes `certificate`, the rest `chain`.
    /// [`KeyError::CertificateKeyMismatch`] if none matches.
    pub fn from_parts(key: SoftwareKey, certificates: Vec<Certificate>) -> Result<Self, KeyError> {
        let mut certificates = certificates;
        let i = certificates
            .iter()
            .position(|c| key.matches_certificate(c))
            .ok_or(if certificates.is_empty() {
                KeyError::NoMatchingCertificate
            } else {
                KeyError::CertificateKeyMismatch
            })?;
        let certificate = certificates.remove(i);
        Ok(Self {
            key,
            certificate,
            chain: certificates,
        })
    }

    /// Read a key and its certificate from whatever the user has: a PKCS#12 file, or PEM text
    /// with a private key (plain or encrypted PKCS#8, PKCS#1, SEC1) and CERTIFICATE blocks.
    /// DER PKCS#8 alone has no certificate and gives [`KeyError::NoMatchingCertificate`].
    /// `password: None` on a password-protected file gives [`KeyError::PasswordRequired`].
    pub fn from_bytes(bytes: &[u8], password: Option<&[u8]>) -> Result<Self, KeyError> {
        // One sniffing rule for every loader (`KeyFormat::detect`).
        match super::KeyFormat::detect(bytes) {
            Some(super::KeyFormat::Pem) => {
                let key = SoftwareKey::from_pem(bytes, password)?;
                let certs =
                    Certificate::from_pem(bytes).map_err(|_| malformed("CERTIFICATE PEM"))?;
                Self::from_parts(key, certs)
            }
            Some(super::KeyFormat::Pkcs12) => match password {
                Some(p) => parse(bytes, p),
                // An empty password is the only thing to try; if it is not it, ask for one.
                None => parse(bytes, b"").map_err(|e| match e {
                    KeyError::WrongPassword => KeyError::PasswordRequired,
                    other => other,
                }),
            },
            _ => {
                let key = SoftwareKey::from_der(bytes, password)?;
                Self::from_parts(key, Vec::new())
            }
        }
    }

    /// A key file of any form ([`KeyFormat`](super::KeyFormat)) with the signer's certificate
    /// given apart (the CLI's `--cert`, C's `kyso_signer_from_pem`), or not. With
    /// `certificates`, the first of them holding the key signs
    /// ([`KeyError::CertificateKeyMismatch`] if none does) and the file's own certificates
    /// join the chain; without, the file must hold the certificate ([`Self::from_bytes`]).
    pub fn from_key_and_certificates(
        bytes: &[u8],
        password: Option<&[u8]>,
        certificates: Vec<Certificate>,
    ) -> Result<Self, KeyError> {
        if certificates.is_empty() {
            return Self::from_bytes(bytes, password);
        }
        let (key, file_certificates) = match Self::from_bytes(bytes, password) {
            Ok(bundle) => {
                let mut others = vec![bundle.certificate];
                others.extend(bundle.chain);
                (bundle.key, others)
            }
            // A key file without certificates (PEM key, DER key).
            Err(KeyError::NoMatchingCertificate)
                if super::KeyFormat::detect(bytes) != Some(super::KeyFormat::Pkcs12) =>
            {
                let others = Certificate::from_pem(bytes).unwrap_or_default();
                (SoftwareKey::from_bytes(bytes, password)?, others)
            }
            Err(e) => return Err(e),
        };
        let mut bundle = Self::from_parts(key, certificates).map_err(|e| match e {
            KeyError::NoMatchingCertificate => KeyError::CertificateKeyMismatch,
            other => other,
        })?;
        for c in file_certificates {
            if c != bundle.certificate && !bundle.chain.contains(&c) {
                bundle.chain.push(c);
            }
        }
        Ok(bundle)
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

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for input in [
            &b""[..],
            b"\x30",
            b"\x30\x03\x02\x01\x03",
            b"\x30\x80\x02\x01\x03\x00\x00",
            &[0xffu8; 64],
        ] {
            assert!(KeyBundle::from_pkcs12(input, b"pw").is_err());
            assert!(KeyBundle::from_bytes(input, None).is_err());
        }
        assert!(looks_like_pfx(b"\x30\x03\x02\x01\x03"));
        assert!(!looks_like_pfx(b"\x30\x03\x02\x01\x00"));
    }
}
