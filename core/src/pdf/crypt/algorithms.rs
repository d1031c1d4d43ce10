//! The numbered algorithms of ISO 32000-2 §7.6 on RustCrypto primitives (`md-5`, `rc4`, `aes`,
//! `cbc`, `sha2`): key derivation and password checks, per-object keys, RC4 and AES-CBC.

use super::{Authenticated, CryptError};
use crate::pdf::object::ObjectId;
use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use cbc::cipher::{
    BlockCipherDecrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit, StreamCipher,
};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

pub(super) use aes::{Aes128, Aes256};

/// The padding string of Algorithm 2 step (a).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// An AES block.
const BLOCK: usize = 16;

/// §7.6.4.3.3: a password for `/R` 5–6 is truncated to 127 bytes.
const MAX_AES_PASSWORD: usize = 127;

/// The `/Encrypt` entries Algorithms 2–7 use (`/R` 2–4).
pub(super) struct LegacyParams<'a> {
    pub revision: u8,
    /// The file key's length in bytes (5 to 16).
    pub length: usize,
    pub owner: &'a [u8; 32],
    pub user: &'a [u8; 32],
    pub permissions: u32,
    pub first_id: &'a [u8],
    pub encrypt_metadata: bool,
}

/// The `/Encrypt` entries Algorithm 2.A uses (`/R` 5–6).
pub(super) struct AesParams<'a> {
    pub revision: u8,
    pub owner: &'a [u8; 48],
    pub user: &'a [u8; 48],
    pub owner_key: &'a [u8; 32],
    pub user_key: &'a [u8; 32],
}

/// `/R` 2–4: the file key when `password` is the user password (Algorithm 6) or the owner
/// password (Algorithm 7: it decrypts `/O` to the user password).
pub(super) fn authenticate_legacy(
    params: &LegacyParams<'_>,
    password: &[u8],
) -> Option<(Vec<u8>, Authenticated)> {
    let key = file_key(params, password);
    if user_key_matches(params, &key) {
        return Some((key, Authenticated::User));
    }
    let user_password = user_password_from_owner(params, password);
    let key = file_key(params, &user_password);
    user_key_matches(params, &key).then_some((key, Authenticated::Owner))
}

/// Algorithm 2: the file encryption key from a (user) password, `/R` 2–4.
fn file_key(params: &LegacyParams<'_>, password: &[u8]) -> Vec<u8> {
    let mut md5 = Md5::new();
    md5.update(padded(password));
    md5.update(params.owner);
    md5.update(params.permissions.to_le_bytes());
    md5.update(params.first_id);
    if params.revision >= 4 && !params.encrypt_metadata {
        md5.update([0xFF; 4]);
    }
    let mut hash = md5.finalize();
    let n = params.length.min(hash.len());
    if params.revision >= 3 {
        // Step (h): 50 times, MD5 of the first n bytes of the previous hash.
        for _ in 0..50 {
            hash = Md5::digest(hash.get(..n).unwrap_or_default());
        }
    }
    hash.get(..n).unwrap_or_default().to_vec()
}

/// Algorithms 4 and 5 (what `/U` holds for `key`), compared as Algorithm 6 says: all 32 bytes
/// for `/R` 2, the first 16 for `/R` 3–4 (the rest is arbitrary padding).
fn user_key_matches(params: &LegacyParams<'_>, key: &[u8]) -> bool {
    if params.revision == 2 {
        return rc4(key, &PAD) == params.user;
    }
    let mut md5 = Md5::new();
    md5.update(PAD);
    md5.update(params.first_id);
    let mut value = md5.finalize().to_vec();
    rc4_rounds(key, &mut value, 0..=19);
    params.user.get(..16) == Some(value.as_slice())
}

/// Algorithm 7 steps (a)–(b): the (padded) user password that `/O` hides under the owner
/// password's key (Algorithm 3 steps (a)–(d)).
fn user_password_from_owner(params: &LegacyParams<'_>, password: &[u8]) -> Vec<u8> {
    let mut hash = Md5::digest(padded(password));
    if params.revision >= 3 {
        // Algorithm 3 step (c): 50 times, MD5 of the whole previous hash.
        for _ in 0..50 {
            hash = Md5::digest(hash);
        }
    }
    let key = hash.get(..params.length).unwrap_or(&hash).to_vec();
    let mut value = params.owner.to_vec();
    if params.revision == 2 {
        return rc4(&key, &value);
    }
    // Algorithm 7 step (b): 20 RC4 passes with the key XOR 19, 18, …, 0.
    rc4_rounds(&key, &mut value, (0..=19).rev());
    value
}

/// RC4 over `data` once per `round`, each with `key` XOR the round number (Algorithms 5, 7).
fn rc4_rounds(key: &[u8], data: &mut Vec<u8>, rounds: impl Iterator<Item = u8>) {
    for round in rounds {
        let round_key: Vec<u8> = key.iter().map(|byte| byte ^ round).collect();
        *data = rc4(&round_key, data);
    }
}

/// Algorithm 2 step (a): the password's first 32 bytes, completed with [`PAD`].
fn padded(password: &[u8]) -> [u8; 32] {
    let mut out = PAD;
    for (slot, byte) in out
        .iter_mut()
        .zip(password.iter().chain(PAD.iter()).take(32))
    {
        *slot = *byte;
    }
    out
}

/// Algorithm 1: the key for object `id`'s strings and streams (`/R` ≤ 4): MD5 of the file key,
/// the object number's low 3 bytes and the generation's low 2 bytes (little-endian), and
/// `sAlT` for AES; its first n + 5 bytes, at most 16.
pub(super) fn object_key(file_key: &[u8], id: ObjectId, aes: bool) -> Vec<u8> {
    let [n0, n1, n2, _] = id.number.to_le_bytes();
    let mut md5 = Md5::new();
    md5.update(file_key);
    md5.update([n0, n1, n2]);
    md5.update(id.generation.to_le_bytes());
    if aes {
        md5.update(b"sAlT");
    }
    let hash = md5.finalize();
    let n = file_key.len().saturating_add(5).min(hash.len());
    hash.get(..n).unwrap_or_default().to_vec()
}

/// RC4 (symmetric). `key` is 5 to 21 bytes here; an unusable key yields the data unchanged,
/// which the caller then fails to parse.
pub(super) fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    if let Ok(mut cipher) = rc4::Rc4::new_from_slice(key) {
        cipher.apply_keystream(&mut out);
    }
    out
}

/// AES-CBC decryption as §7.6.3.1 stores it: a 16-byte IV, then the ciphertext with PKCS #5
/// padding. `None` when the length is not whole blocks or the padding is wrong. Empty data (and
/// a lone IV, written by some producers for an empty string) decrypts to nothing.
pub(super) fn aes_cbc_decrypt<C>(key: &[u8], data: &[u8]) -> Option<Vec<u8>>
where
    C: BlockCipherDecrypt + KeyInit,
    cbc::Decryptor<C>: KeyIvInit,
{
    if data.len() <= BLOCK {
        return data.len().eq(&0).then(Vec::new).or_else(|| {
            // A lone IV: nothing was encrypted (no padding block either).
            (data.len() == BLOCK).then(Vec::new)
        });
    }
    let (iv, body) = data.split_at_checked(BLOCK)?;
    if body.len() % BLOCK != 0 {
        return None;
    }
    let mut buf = body.to_vec();
    let cipher = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    let plain = cipher.decrypt_padded::<Pkcs7>(&mut buf).ok()?;
    Some(plain.to_vec())
}

/// `/R` 5–6, Algorithm 2.A: the owner password is tried first (steps (a)–(d)), then the user
/// password; the matching one's intermediate key decrypts `/OE` or `/UE` to the file key.
/// `Ok(None)`: neither matches.
pub(super) fn authenticate_aes256(
    params: &AesParams<'_>,
    password: &[u8],
) -> Result<Option<(Vec<u8>, Authenticated)>, CryptError> {
    let password = password.get(..MAX_AES_PASSWORD).unwrap_or(password);
    let (owner_hash, rest) = params.owner.split_at(32);
    let (owner_validation, owner_key_salt) = rest.split_at(8);
    let (user_hash, rest) = params.user.split_at(32);
    let (user_validation, user_key_salt) = rest.split_at(8);
    let revision = params.revision;
    let bad = CryptError::Malformed { entry: "/OE" };
    if hash_2b(revision, password, owner_validation, params.user)? == owner_hash {
        let intermediate = hash_2b(revision, password, owner_key_salt, params.user)?;
        let key = aes256_cbc_no_iv(&intermediate, params.owner_key).ok_or(bad)?;
        return Ok(Some((key, Authenticated::Owner)));
    }
    if hash_2b(revision, password, user_validation, &[])? == user_hash {
        let intermediate = hash_2b(revision, password, user_key_salt, &[])?;
        let key = aes256_cbc_no_iv(&intermediate, params.user_key)
            .ok_or(CryptError::Malformed { entry: "/UE" })?;
        return Ok(Some((key, Authenticated::User)));
    }
    Ok(None)
}

/// Algorithm 13 steps (a)–(c): `/Perms` decrypted with the file key (AES-256, one block, no
/// IV) holds `/P` (little-endian, bytes 0–3), `T` or `F` for `/EncryptMetadata` (byte 8) and
/// `adb` (bytes 9–11).
pub(super) fn permissions_match(
    file_key: &[u8],
    perms: &[u8; 16],
    permissions: u32,
    encrypt_metadata: bool,
) -> bool {
    let Ok(cipher) = Aes256::new_from_slice(file_key) else {
        return false;
    };
    let mut block = aes::Block::from(*perms);
    cipher.decrypt_block(&mut block);
    let plain: [u8; 16] = block.into();
    let metadata = if encrypt_metadata { b'T' } else { b'F' };
    plain.get(..4) == Some(permissions.to_le_bytes().as_slice())
        && plain.get(8) == Some(&metadata)
        && plain.get(9..12) == Some(b"adb".as_slice())
}

/// Algorithm 2.B (`/R` 6; `/R` 5 stops after the first SHA-256): the hash of `password`,
/// `salt` and `udata` (the 48-byte `/U` when checking the owner password, else empty). At
/// least 64 rounds and at most 64 + 224 (the last byte of E is at most 255), so it ends.
fn hash_2b(
    revision: u8,
    password: &[u8],
    salt: &[u8],
    udata: &[u8],
) -> Result<[u8; 32], CryptError> {
    let first = Sha256::new()
        .chain_update(password)
        .chain_update(salt)
        .chain_update(udata)
        .finalize();
    let mut k: Vec<u8> = first.to_vec();
    if revision == 6 {
        let mut round: u32 = 0;
        loop {
            // (a) K1 = 64 × (password ‖ K ‖ udata); (b) E = AES-128-CBC(K1), key = K[0..16],
            // IV = K[16..32], no padding (K1 is 64 × its part, a whole number of blocks).
            let part = password.len() + k.len() + udata.len();
            let mut k1 = Vec::with_capacity(part.saturating_mul(64));
            for _ in 0..64 {
                k1.extend_from_slice(password);
                k1.extend_from_slice(&k);
                k1.extend_from_slice(udata);
            }
            let (Some(key), Some(iv)) = (k.get(..16), k.get(16..32)) else {
                return Err(CryptError::Malformed { entry: "/U" });
            };
            let length = k1.len();
            let e = cbc::Encryptor::<Aes128>::new_from_slices(key, iv)
                .ok()
                .and_then(|cipher| cipher.encrypt_padded::<NoPadding>(&mut k1, length).ok())
                .ok_or(CryptError::Malformed { entry: "/U" })?;
            // (c) the first 16 bytes of E as a number mod 3 = their sum mod 3 (256 ≡ 1 mod 3);
            // (d) that picks SHA-256, -384 or -512 for the next K.
            let sum: u32 = e.iter().take(16).map(|byte| u32::from(*byte)).sum();
            k = match sum % 3 {
                0 => Sha256::digest(e).to_vec(),
                1 => Sha384::digest(e).to_vec(),
                _ => Sha512::digest(e).to_vec(),
            };
            // (e)–(f): after round 64, stop when E's last byte ≤ round − 32.
            round += 1;
            let last = u32::from(e.last().copied().unwrap_or_default());
            if round >= 64 && last <= round - 32 {
                break;
            }
        }
    }
    k.get(..32)
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or(CryptError::Malformed { entry: "/U" })
}

/// AES-256-CBC decryption with a zero IV and no padding (`/OE`, `/UE`: Algorithm 2.A (d)/(e)).
fn aes256_cbc_no_iv(key: &[u8; 32], data: &[u8; 32]) -> Option<Vec<u8>> {
    let mut buf = data.to_vec();
    let cipher = cbc::Decryptor::<Aes256>::new_from_slices(key, &[0; BLOCK]).ok()?;
    cipher
        .decrypt_padded::<NoPadding>(&mut buf)
        .ok()
        .map(<[u8]>::to_vec)
}

#[cfg(test)]
pub(super) fn hash_2b_for_tests(
    revision: u8,
    password: &[u8],
    salt: &[u8],
    udata: &[u8],
) -> Result<[u8; 32], CryptError> {
    hash_2b(revision, password, salt, udata)
}

#[cfg(test)]
pub(super) fn aes_cbc_encrypt_for_tests<C>(key: &[u8], iv: &[u8; 16], data: &[u8]) -> Vec<u8>
where
    C: cbc::cipher::BlockCipherEncrypt + KeyInit,
    cbc::Encryptor<C>: KeyIvInit,
{
    let Ok(cipher) = cbc::Encryptor::<C>::new_from_slices(key, iv) else {
        return Vec::new();
    };
    let mut buf = data.to_vec();
    buf.resize((data.len() / BLOCK + 1) * BLOCK, 0);
    let mut out = iv.to_vec();
    if let Ok(encrypted) = cipher.encrypt_padded::<Pkcs7>(&mut buf, data.len()) {
        out.extend_from_slice(encrypted);
    }
    out
}
