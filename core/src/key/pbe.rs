//! Password-based encryption of private keys and PKCS#12 contents, and the PKCS#12 MAC.
//!
//! - PBES2 (RFC 8018 §6.2) with PBKDF2 or scrypt: decoded and run by the `pkcs5` crate, after
//!   kyso has bounded its cost parameters (hostile files must not buy minutes of CPU).
//! - The PKCS#12 PBE schemes (RFC 7292 Appendix C: `pbeWithSHAAnd3-KeyTripleDES-CBC`,
//!   `…2-KeyTripleDES-CBC`, `…128BitRC2-CBC`, `…40BitRC2-CBC`) and the PKCS#12 MAC key: these
//!   need the PKCS#12 key-derivation function of RFC 7292 Appendix B, which no RustCrypto crate
//!   for der 0.8 provides, so it is written here (a dozen lines over `digest`).
//!
//! Passwords: PBES2 takes the password's UTF-8 bytes (RFC 8018 §3 leaves the encoding to the
//! application; OpenSSL and Windows use UTF-8); the PKCS#12 KDF takes it as a BMPString with
//! a two-byte NUL terminator (RFC 7292 Appendix B.1).

use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Any, Sequence};
use digest::Digest;
use spki::AlgorithmIdentifierOwned;
use std::cell::Cell;
use std::rc::Rc;

use zeroize::{Zeroize, Zeroizing};

use super::KeyError;
use crate::flaw::Flaw;
use crate::oid;

/// Largest PBKDF2 / PKCS#12-KDF iteration count accepted (RFC 8018 §4.2 calls 10 000 000
/// appropriate for "especially critical keys"; anything above is a denial-of-service lever).
pub(crate) const MAX_ITERATIONS: u32 = 10_000_000;
/// Key-derivation iterations one password may spend in total, over every MAC, bag and key
/// of a file and over its encodings ([`Password::candidates`]): a file within the per-run
/// limit could otherwise ask for ~80 runs of 10 M.
const MAX_KDF_WORK: u64 = 4 * 10_000_000; // 4 × MAX_ITERATIONS
/// scrypt memory bound (128·r·N bytes): 64 MiB, four times OpenSSL's default.
const MAX_SCRYPT_MEMORY: u64 = 64 * 1024 * 1024;
/// scrypt parallelisation bound.
const MAX_SCRYPT_P: u16 = 16;
/// Largest salt accepted (real files use 8–64 bytes).
const MAX_SALT: usize = 1024;

/// A password in the two encodings the formats use. Both copies are wiped on drop.
pub(crate) struct Password {
    utf8: Zeroizing<Vec<u8>>,
    /// BMPString + 2 NUL bytes (RFC 7292 B.1), or empty for the "no password" form.
    bmp: Zeroizing<Vec<u8>>,
    /// Key-derivation iterations spent so far, shared with the other candidate encodings.
    work: Rc<Cell<u64>>,
}

impl Password {
    pub(crate) fn new(password: &[u8]) -> Self {
        // RFC 7292 B.1: "the password is a BMPString ... with a two-byte zero terminator".
        // Non-UTF-8 input cannot be converted faithfully; it is taken as Latin-1 (each byte one
        // code unit), which is what Windows did for ANSI passwords.
        let mut bmp = Vec::with_capacity(password.len().saturating_mul(2).saturating_add(2));
        match core::str::from_utf8(password) {
            Ok(s) => s
                .encode_utf16()
                .for_each(|u| bmp.extend_from_slice(&u.to_be_bytes())),
            Err(_) => password
                .iter()
                .for_each(|b| bmp.extend_from_slice(&[0, *b])),
        }
        bmp.extend_from_slice(&[0, 0]);
        Self {
            utf8: Zeroizing::new(password.to_vec()),
            bmp: Zeroizing::new(bmp),
            work: Rc::default(),
        }
    }

    /// Account for `iterations` of key derivation about to run with this password.
    pub(crate) fn spend(&self, iterations: u64) -> Result<(), KeyError> {
        let total = self.work.get().saturating_add(iterations);
        if total > MAX_KDF_WORK {
            return Err(KeyError::LimitExceeded {
                what: Flaw::KdfWork,
            });
        }
        self.work.set(total);
        Ok(())
    }

    /// The "absent password" form: OpenSSL writes an empty password as zero bytes rather than
    /// a lone terminator in some versions (`PKCS12_verify_mac` tries both).
    fn absent(work: Rc<Cell<u64>>) -> Self {
        Self {
            utf8: Zeroizing::new(Vec::new()),
            bmp: Zeroizing::new(Vec::new()),
            work,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.utf8.is_empty()
    }

    /// The encodings to try for the MAC: the password; for an empty password also the absent
    /// form; for a non-ASCII password also each byte as one BMP character, which is what
    /// OpenSSL before 1.1.0 (`OPENSSL_asc2uni`) and some Windows versions wrote.
    pub(crate) fn candidates(self) -> Vec<Password> {
        let mut out = Vec::with_capacity(2);
        if self.is_empty() {
            out.push(Self::absent(Rc::clone(&self.work)));
        } else if !self.utf8.is_ascii() && core::str::from_utf8(&self.utf8).is_ok() {
            let mut bmp = Vec::with_capacity(self.utf8.len().saturating_mul(2).saturating_add(2));
            self.utf8
                .iter()
                .for_each(|b| bmp.extend_from_slice(&[0, *b]));
            bmp.extend_from_slice(&[0, 0]);
            out.push(Self {
                utf8: self.utf8.clone(),
                bmp: Zeroizing::new(bmp),
                work: Rc::clone(&self.work),
            });
        }
        out.insert(0, self);
        out
    }
}

/// `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }` (RFC 7292 App. C).
#[derive(Sequence)]
struct Pkcs12PbeParams {
    salt: OctetString,
    iterations: u32,
}

/// `PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme
/// AlgorithmIdentifier }` (RFC 8018 Appendix A.4), read first only to name an unsupported
/// algorithm precisely; the full decoding is `pkcs5`'s.
#[derive(Sequence)]
struct Pbes2Outline {
    kdf: AlgorithmIdentifierOwned,
    encryption: AlgorithmIdentifierOwned,
}

fn unsupported(oid: Oid) -> KeyError {
    KeyError::UnsupportedEncryption {
        oid: oid.to_string(),
    }
}

/// Decrypt `ciphertext` encrypted under `alg` (PBES2 or a PKCS#12 PBE) with `password`.
/// A padding failure is [`KeyError::WrongPassword`]: with CBC and PKCS#7 padding that is what
/// a wrong password produces (and a right password never does on intact data).
pub(crate) fn decrypt(
    alg: &AlgorithmIdentifierOwned,
    password: &Password,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let params = alg.parameters.as_ref().ok_or(KeyError::Malformed {
        what: Flaw::Invalid {
            field: "PBE AlgorithmIdentifier parameters",
        },
    })?;
    match alg.oid {
        oid::PBES2 => pbes2(params, password, ciphertext),
        oid::PBE_SHA1_3DES => pkcs12_pbe(params, password, ciphertext, Cipher::Tdes3),
        oid::PBE_SHA1_2DES => pkcs12_pbe(params, password, ciphertext, Cipher::Tdes2),
        oid::PBE_SHA1_RC2_128 => {
            pkcs12_pbe(params, password, ciphertext, Cipher::Rc2 { bytes: 16 })
        }
        oid::PBE_SHA1_RC2_40 => pkcs12_pbe(params, password, ciphertext, Cipher::Rc2 { bytes: 5 }),
        other => Err(unsupported(other)),
    }
}

fn pbes2(
    params: &Any,
    password: &Password,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let outline: Pbes2Outline = params.decode_as().map_err(|_| KeyError::Malformed {
        what: Flaw::Invalid {
            field: "PBES2-params",
        },
    })?;
    if outline.kdf.oid != oid::PBKDF2 && outline.kdf.oid != oid::SCRYPT {
        return Err(unsupported(outline.kdf.oid));
    }
    let parsed: pkcs5::pbes2::Parameters = params
        .decode_as()
        .map_err(|_| unsupported(outline.encryption.oid))?;
    match &parsed.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) => {
            if p.iteration_count == 0 {
                return Err(KeyError::Malformed {
                    what: Flaw::Invalid {
                        field: "PBKDF2-params iterationCount",
                    },
                });
            }
            if p.iteration_count > MAX_ITERATIONS {
                return Err(KeyError::LimitExceeded {
                    what: Flaw::TooLarge {
                        field: "PBKDF2-params iterationCount",
                    },
                });
            }
            password.spend(u64::from(p.iteration_count))?;
        }
        pkcs5::pbes2::Kdf::Scrypt(p) => {
            let n = p.cost_parameter;
            // RFC 7914 §2: N is a power of two greater than 1 (pkcs5 would panic otherwise).
            if n < 2 || !n.is_power_of_two() || p.block_size == 0 || p.parallelization == 0 {
                return Err(KeyError::Malformed {
                    what: Flaw::Invalid {
                        field: "scrypt-params",
                    },
                });
            }
            // RFC 7914 §5-§6: V is N·128·r bytes, and B (the PBKDF2 output fed to ROMix) is
            // p·128·r more; both live at once.
            let block = 128u64.saturating_mul(u64::from(p.block_size));
            let memory = n
                .saturating_add(u64::from(p.parallelization))
                .saturating_mul(block);
            if memory > MAX_SCRYPT_MEMORY || p.parallelization > MAX_SCRYPT_P {
                return Err(KeyError::LimitExceeded {
                    what: Flaw::TooLarge {
                        field: "scrypt-params",
                    },
                });
            }
            // RFC 7914 §5: p runs of ROMix, each 2·N BlockMix calls.
            password.spend(
                n.saturating_mul(2)
                    .saturating_mul(u64::from(p.parallelization)),
            )?;
        }
        _ => return Err(unsupported(outline.kdf.oid)),
    }
    parsed
        .decrypt(password.utf8.as_slice(), ciphertext)
        .map(Zeroizing::new)
        .map_err(|e| match e {
            pkcs5::Error::DecryptFailed => KeyError::WrongPassword,
            _ => unsupported(outline.encryption.oid),
        })
}

#[derive(Clone, Copy)]
enum Cipher {
    Tdes3,
    Tdes2,
    Rc2 { bytes: usize },
}

fn pkcs12_pbe(
    params: &Any,
    password: &Password,
    ciphertext: &[u8],
    cipher: Cipher,
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let p: Pkcs12PbeParams = params.decode_as().map_err(|_| KeyError::Malformed {
        what: Flaw::Invalid {
            field: "pkcs-12PbeParams",
        },
    })?;
    let salt = p.salt.as_bytes();
    check_kdf_cost(salt, p.iterations)?;
    // RFC 7292 B.3: one run for the key, one for the IV.
    password.spend(u64::from(p.iterations).saturating_mul(2))?;
    let key_len = match cipher {
        Cipher::Tdes3 => 24,
        Cipher::Tdes2 => 16,
        Cipher::Rc2 { bytes } => bytes,
    };
    // RFC 7292 B.3: ID 1 for key material, ID 2 for the IV.
    let key = kdf::<sha1::Sha1>(KdfId::Key, password, salt, p.iterations, key_len, 64);
    let iv = kdf::<sha1::Sha1>(KdfId::Iv, password, salt, p.iterations, 8, 64);
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    let plain_len = cbc_decrypt(cipher, &key, &iv, &mut buf)?;
    buf.truncate(plain_len);
    Ok(buf)
}

pub(crate) fn check_kdf_cost(salt: &[u8], iterations: u32) -> Result<(), KeyError> {
    if iterations == 0 {
        return Err(KeyError::Malformed {
            what: Flaw::Invalid {
                field: "pkcs-12PbeParams iterations",
            },
        });
    }
    if iterations > MAX_ITERATIONS {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooLarge {
                field: "pkcs-12PbeParams iterations",
            },
        });
    }
    if salt.len() > MAX_SALT {
        return Err(KeyError::LimitExceeded {
            what: Flaw::TooLarge {
                field: "pkcs-12PbeParams salt",
            },
        });
    }
    Ok(())
}

/// CBC decryption with PKCS#7 padding (RFC 8018 §6.1.1 step 4 / RFC 7292 Appendix C) in place;
/// returns the plaintext length.
fn cbc_decrypt(cipher: Cipher, key: &[u8], iv: &[u8], buf: &mut [u8]) -> Result<usize, KeyError> {
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockModeDecrypt, InnerIvInit, KeyIvInit};
    let bad_key = |_| KeyError::Malformed {
        what: Flaw::Invalid {
            field: "PBKDF2-params keyLength",
        },
    };
    let plain = match cipher {
        Cipher::Tdes3 => cbc::Decryptor::<des::TdesEde3>::new_from_slices(key, iv)
            .map_err(bad_key)?
            .decrypt_padded::<Pkcs7>(buf)
            .map(<[u8]>::len),
        Cipher::Tdes2 => cbc::Decryptor::<des::TdesEde2>::new_from_slices(key, iv)
            .map_err(bad_key)?
            .decrypt_padded::<Pkcs7>(buf)
            .map(<[u8]>::len),
        Cipher::Rc2 { bytes } => {
            // RFC 2268 effective key bits = key length in bits (40 or 128).
            let rc2 = rc2::Rc2::new_with_eff_key_len(key, bytes.saturating_mul(8));
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, iv)
                .map_err(bad_key)?
                .decrypt_padded::<Pkcs7>(buf)
                .map(<[u8]>::len)
        }
    };
    plain.map_err(|_| KeyError::WrongPassword)
}

/// The diversifier of RFC 7292 B.3.
#[derive(Clone, Copy)]
pub(crate) enum KdfId {
    Key = 1,
    Iv = 2,
    Mac = 3,
}

/// The PKCS#12 key-derivation function, RFC 7292 Appendix B.2, over hash `D` with block size
/// `v` bytes (64 for SHA-1/SHA-256, 128 for SHA-384/SHA-512). Hand-written: no crate
/// compatible with der 0.8 / digest 0.11 implements it.
pub(crate) fn kdf<D: Digest>(
    id: KdfId,
    password: &Password,
    salt: &[u8],
    iterations: u32,
    n: usize,
    v: usize,
) -> Zeroizing<Vec<u8>> {
    let u = <D as Digest>::output_size();
    let id_byte = match id {
        KdfId::Key => 1u8,
        KdfId::Iv => 2,
        KdfId::Mac => 3,
    };
    // Step 1: D = v copies of ID.
    let d_block = vec![id_byte; v];
    // Steps 2–4: I = S || P, each the input repeated to a multiple of v bytes (empty stays
    // empty).
    let fill = |input: &[u8]| -> Vec<u8> {
        if input.is_empty() {
            return Vec::new();
        }
        let len = input.len().div_ceil(v).saturating_mul(v);
        input.iter().copied().cycle().take(len).collect()
    };
    let mut i_buf = Zeroizing::new(fill(salt));
    i_buf.extend_from_slice(&Zeroizing::new(fill(&password.bmp)));
    let mut out = Zeroizing::new(Vec::with_capacity(n.saturating_add(u)));
    // Step 5: c = ceil(n / u) rounds.
    while out.len() < n {
        // Step 6a: A = H^r(D || I).
        let mut h = D::new();
        h.update(&d_block);
        h.update(i_buf.as_slice());
        let mut a = h.finalize();
        for _ in 1..iterations {
            a = D::digest(&a);
        }
        out.extend_from_slice(&a);
        if out.len() >= n {
            a.as_mut_slice().zeroize();
            break;
        }
        // Step 6b: B = A repeated to v bytes; 6c: each v-byte block I_j = (I_j + B + 1) mod
        // 2^(8v), big-endian.
        let b: Zeroizing<Vec<u8>> = Zeroizing::new(a.iter().copied().cycle().take(v).collect());
        a.as_mut_slice().zeroize();
        for block in i_buf.chunks_mut(v) {
            let mut carry: u16 = 1;
            for (x, y) in block.iter_mut().rev().zip(b.iter().rev()) {
                let sum = u16::from(*x) + u16::from(*y) + carry;
                *x = sum.to_be_bytes()[1];
                carry = sum >> 8;
            }
        }
    }
    out.truncate(n);
    out
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

    use crate::cert::from_hex as hex;

    #[test]
    fn kdf_work_is_shared_by_a_password_and_its_encodings() {
        let one = Password::new(b"x");
        one.spend(MAX_KDF_WORK).unwrap();
        assert!(matches!(one.spend(1), Err(KeyError::LimitExceeded { .. })));
        // The empty password is tried in two encodings: they share one budget.
        let both = Password::new(b"").candidates();
        assert_eq!(both.len(), 2);
        both[0].spend(MAX_KDF_WORK).unwrap();
        assert!(both[1].spend(1).is_err());
    }

    // Test vectors for the PKCS#12 KDF (SHA-1), as published with OpenSSL's and Bouncy Castle's
    // test suites (originally from the PKCS#12 v1.0 errata test set): password "smeg",
    // salt 0A58CF64530D823F, 1 iteration.
    #[test]
    fn kdf_sha1_smeg_vectors() {
        let pw = Password::new(b"smeg");
        let salt = hex("0A58CF64530D823F");
        let key = kdf::<sha1::Sha1>(KdfId::Key, &pw, &salt, 1, 24, 64);
        assert_eq!(
            *key,
            hex("8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3")
        );
        let iv = kdf::<sha1::Sha1>(KdfId::Iv, &pw, &salt, 1, 8, 64);
        assert_eq!(*iv, hex("79993DFE048D3B76"));
        // "queeg", salt 1682C0FC5B3F7EC5, 1000 iterations.
        let pw = Password::new(b"queeg");
        let salt = hex("1682C0FC5B3F7EC5");
        let key = kdf::<sha1::Sha1>(KdfId::Key, &pw, &salt, 1000, 24, 64);
        assert_eq!(
            *key,
            hex("483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F")
        );
        let iv = kdf::<sha1::Sha1>(KdfId::Iv, &pw, &salt, 1000, 8, 64);
        assert_eq!(*iv, hex("9D461D1B00355C50"));
        // MAC key: "smeg", salt 3D83C0E4546AC140, ID 3, 1 iteration, 20 bytes.
        let pw = Password::new(b"smeg");
        let mac = kdf::<sha1::Sha1>(KdfId::Mac, &pw, &hex("3D83C0E4546AC140"), 1, 20, 64);
        assert_eq!(*mac, hex("8D967D88F6CAA9D714800AB3D48051D63F73A312"));
    }

    #[test]
    fn password_encodings() {
        let p = Password::new("ký".as_bytes());
        assert_eq!(*p.bmp, vec![0, b'k', 0, 0xfd, 0, 0]);
        assert_eq!(*p.utf8, "ký".as_bytes());
        assert_eq!(Password::new(b"").candidates().len(), 2);
        assert_eq!(Password::new(b"abc").candidates().len(), 1);
        let c = Password::new("ký".as_bytes()).candidates();
        assert_eq!(c.len(), 2);
        assert_eq!(*c[1].bmp, vec![0, b'k', 0, 0xc3, 0, 0xbd, 0, 0]);
    }

    #[test]
    fn cost_limits() {
        assert_eq!(
            check_kdf_cost(b"salt", MAX_ITERATIONS + 1),
            Err(KeyError::LimitExceeded {
                what: Flaw::TooLarge {
                    field: "pkcs-12PbeParams iterations",
                },
            })
        );
        assert!(check_kdf_cost(b"salt", 0).is_err());
        assert!(check_kdf_cost(&[0u8; 2000], 1).is_err());
        assert!(check_kdf_cost(b"salt", 2048).is_ok());
    }
}
