//! The standard security handler (ISO 32000-2 §7.6.4), so that encrypted PDFs can be read for
//! verification: RC4 40–128-bit (`/V 1`, `/V 2`), crypt filters (`/V 4`: `/V2` = RC4,
//! `/AESV2` = AES-128-CBC, `/Identity`) and AES-256 (`/V 5`, `/R 5` and `/R 6`, `/AESV3`).
//! Signing an encrypted PDF is refused elsewhere (shared/brief/pdf-ltv-login.md, VGCA practice),
//! so only decryption is here.
//!
//! What is *not* decrypted is decided here too (§7.6.2): strings of the cross-reference stream
//! dictionary (§7.5.8.1), the hexadecimal `/Contents` string of a signature dictionary, streams
//! of the `/Identity` crypt filter (§7.4.10), and the metadata stream when `/EncryptMetadata` is
//! false (Table 21). Strings inside object streams are never decrypted on their own: the
//! reader calls this handler for top-level objects only. Strings of the `/Encrypt` dictionary and
//! the trailer's `/ID` are the caller's to leave alone (this handler never sees them).

mod algorithms;
#[cfg(test)]
mod tests;

use super::CryptError;
use super::object::{Dictionary, Name, Object, ObjectId, PdfString, Stream};
use algorithms::{Aes128, Aes256};

/// A crypt filter method (§7.6.6, Table 25 `/CFM`); `/V 1`–`/V 2` files use RC4 throughout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// `/Identity` (§7.6.6): the data is not encrypted.
    Identity,
    /// `/V2`: RC4 with the per-object key of Algorithm 1.
    Rc4,
    /// `/AESV2`: AES-128-CBC with the per-object key of Algorithm 1 (salted with `sAlT`).
    AesV2,
    /// `/AESV3`: AES-256-CBC with the file encryption key itself (Algorithm 1.A).
    AesV3,
}

/// Which password opened the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Authenticated {
    User,
    Owner,
}

/// The standard security handler of one file, authenticated: it holds the file encryption key.
pub(crate) struct SecurityHandler {
    /// The file encryption key (5–16 bytes for `/R` ≤ 4, 32 bytes for `/R` 5–6).
    key: Vec<u8>,
    strings: Method,
    streams: Method,
    embedded_files: Method,
    /// The `/CF` crypt filters by name, for streams that name one in a `/Crypt` filter.
    filters: Vec<(Name, Method)>,
    encrypt_metadata: bool,
    authenticated: Authenticated,
    /// `/P` (Table 22), as the unsigned 32-bit value its bits are defined on.
    permissions: u32,
    /// `/R` 5–6: whether `/Perms` decrypts to `/P` and `/EncryptMetadata` (Algorithm 13);
    /// `None` for earlier revisions or when `/Perms` is absent.
    permissions_consistent: Option<bool>,
}

impl core::fmt::Debug for SecurityHandler {
    /// Never the key.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SecurityHandler")
            .field("method", &self.describe())
            .field("authenticated", &self.authenticated)
            .finish_non_exhaustive()
    }
}

impl Drop for SecurityHandler {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}

/// The longest `what` taken from the file into an error (a name can be any length).
const MAX_WHAT: usize = 64;

impl SecurityHandler {
    /// Authenticates `password` as the user password, then as the owner password (§7.6.4.4:
    /// Algorithms 6 and 7 for `/R` 2–4, Algorithm 2.A for `/R` 5–6), and derives the file
    /// encryption key.
    ///
    /// `encrypt`: the trailer's `/Encrypt` dictionary (already resolved), `first_id`: the first
    /// string of the trailer's `/ID` array (may be empty), `password`: user or owner password
    /// bytes (PDFDocEncoding for `/R` ≤ 4, UTF-8 for `/R` 5–6; used as given, no SASLprep).
    pub(crate) fn open(
        encrypt: &Dictionary,
        first_id: &[u8],
        password: &[u8],
    ) -> Result<Self, CryptError> {
        let filter = encrypt
            .get(b"Filter")
            .and_then(Object::as_name)
            .ok_or(CryptError::Malformed { entry: "/Filter" })?;
        if !filter.is(b"Standard") {
            return Err(unsupported("/Filter /", filter.as_bytes()));
        }
        let version = match encrypt.get(b"V") {
            None => 0,
            Some(value) => value
                .as_integer()
                .ok_or(CryptError::Malformed { entry: "/V" })?,
        };
        let revision = encrypt
            .get(b"R")
            .and_then(Object::as_integer)
            .ok_or(CryptError::Malformed { entry: "/R" })?;
        // Table 21: /R 2 goes with /V 1, /R 3 with /V 2 (or /V 1 with /R 3 permissions), /R 4
        // with /V 4, /R 5 (Adobe extension level 3, deprecated) and /R 6 with /V 5. Mixed pairs
        // seen in the field (/V 2 with /R 2) are read as their /R says.
        let revision = match (version, revision) {
            (1 | 2 | 4, 2..=4) | (5, 5 | 6) => u8::try_from(revision).unwrap_or_default(),
            (0 | 3, _) | (6.., _) | (..0, _) => {
                return Err(unsupported("/V ", version.to_string().as_bytes()));
            }
            _ => return Err(unsupported("/R ", revision.to_string().as_bytes())),
        };
        let permissions = encrypt
            .get(b"P")
            .and_then(Object::as_integer)
            .ok_or(CryptError::Malformed { entry: "/P" })?;
        // /P is a signed 32-bit integer in the file, but producers also write it unsigned.
        let permissions = u32::try_from(permissions & 0xFFFF_FFFF).unwrap_or_default();
        let encrypt_metadata = match encrypt.get(b"EncryptMetadata") {
            // Meaningful from /V 4 on (Table 21); earlier files always encrypt metadata.
            Some(Object::Boolean(value)) if version >= 4 => *value,
            Some(Object::Boolean(_)) | None => true,
            Some(_) => {
                return Err(CryptError::Malformed {
                    entry: "/EncryptMetadata",
                });
            }
        };

        let (strings, streams, embedded_files, filters) = if version >= 4 {
            let filters = crypt_filters(encrypt, version)?;
            let pick =
                |key: &'static [u8], entry: &'static str, default: Method| match encrypt.get(key) {
                    None => Ok(default),
                    Some(Object::Name(name)) => filter_method(&filters, name),
                    Some(_) => Err(CryptError::Malformed { entry }),
                };
            // StmF and StrF default to /Identity; EFF to StmF (Table 20).
            let streams = pick(b"StmF", "/StmF", Method::Identity)?;
            let strings = pick(b"StrF", "/StrF", Method::Identity)?;
            let embedded_files = pick(b"EFF", "/EFF", streams)?;
            (strings, streams, embedded_files, filters)
        } else {
            (Method::Rc4, Method::Rc4, Method::Rc4, Vec::new())
        };

        let (key, authenticated, permissions_consistent) = if revision <= 4 {
            let uses_aes = [strings, streams, embedded_files]
                .into_iter()
                .chain(filters.iter().map(|(_, method)| *method))
                .any(|method| method == Method::AesV2);
            let length = key_length(encrypt, revision, uses_aes)?;
            let owner = fixed::<32>(encrypt, b"O", "/O")?;
            let user = fixed::<32>(encrypt, b"U", "/U")?;
            let params = algorithms::LegacyParams {
                revision,
                length,
                owner: &owner,
                user: &user,
                permissions,
                first_id,
                encrypt_metadata,
            };
            let (key, who) = algorithms::authenticate_legacy(&params, password)
                .ok_or(CryptError::WrongPassword)?;
            (key, who, None)
        } else {
            let owner = fixed::<48>(encrypt, b"O", "/O")?;
            let user = fixed::<48>(encrypt, b"U", "/U")?;
            let owner_key = fixed::<32>(encrypt, b"OE", "/OE")?;
            let user_key = fixed::<32>(encrypt, b"UE", "/UE")?;
            let params = algorithms::AesParams {
                revision,
                owner: &owner,
                user: &user,
                owner_key: &owner_key,
                user_key: &user_key,
            };
            let (key, who) = algorithms::authenticate_aes256(&params, password)?
                .ok_or(CryptError::WrongPassword)?;
            // Algorithm 13: /Perms repeats /P and /EncryptMetadata under the file key. A
            // mismatch means the dictionary was edited; it does not stop decryption.
            let consistent = match encrypt.get(b"Perms") {
                None => None,
                Some(_) => {
                    let perms = fixed::<16>(encrypt, b"Perms", "/Perms")?;
                    Some(algorithms::permissions_match(
                        &key,
                        &perms,
                        permissions,
                        encrypt_metadata,
                    ))
                }
            };
            (key, who, consistent)
        };

        Ok(Self {
            key,
            strings,
            streams,
            embedded_files,
            filters,
            encrypt_metadata,
            authenticated,
            permissions,
            permissions_consistent,
        })
    }

    /// Decrypts a string of object `id` (§7.6.3, Algorithm 1 / 1.A).
    pub(crate) fn decrypt_string(&self, id: ObjectId, data: &[u8]) -> Result<Vec<u8>, CryptError> {
        self.decrypt(self.strings, id, data)
    }

    /// Decrypts the data of stream object `id`; `stream_dict` says which crypt filter applies:
    /// none for a cross-reference stream (§7.5.8.1), the one named by a `/Crypt` filter
    /// (§7.4.10), none for the metadata stream when `/EncryptMetadata` is false, `/EFF` for an
    /// embedded file, `/StmF` otherwise.
    pub(crate) fn decrypt_stream(
        &self,
        id: ObjectId,
        stream_dict: &Dictionary,
        data: &[u8],
    ) -> Result<Vec<u8>, CryptError> {
        let kind = stream_dict.type_name();
        if kind.is_some_and(|kind| kind.is(b"XRef")) {
            return Ok(data.to_vec());
        }
        if let Some(method) = self.crypt_filter(stream_dict)? {
            return self.decrypt(method, id, data);
        }
        if !self.encrypt_metadata && kind.is_some_and(|kind| kind.is(b"Metadata")) {
            return Ok(data.to_vec());
        }
        let method = if kind.is_some_and(|kind| kind.is(b"EmbeddedFile")) {
            self.embedded_files
        } else {
            self.streams
        };
        self.decrypt(method, id, data)
    }

    /// Decrypts every string of top-level object `id` (a stream's dictionary included, not its
    /// data), except the ones §7.6.2 exempts (see [`is_exempt_string`]).
    pub(crate) fn decrypt_object(
        &self,
        id: ObjectId,
        object: Object,
    ) -> Result<Object, CryptError> {
        match object {
            Object::String(string) => Ok(Object::String(PdfString {
                bytes: self.decrypt_string(id, &string.bytes)?,
                ..string
            })),
            Object::Array(items) => items
                .into_iter()
                .map(|item| self.decrypt_object(id, item))
                .collect::<Result<Vec<_>, _>>()
                .map(Object::Array),
            Object::Dictionary(dict) => self.decrypt_dict(id, dict).map(Object::Dictionary),
            Object::Stream(stream) => Ok(Object::Stream(Stream {
                dict: self.decrypt_dict(id, stream.dict)?,
                data: stream.data,
            })),
            other => Ok(other),
        }
    }

    /// For reports: the algorithm of the streams (of the strings when streams are not
    /// encrypted), e.g. `RC4 128-bit`, `AES-256`.
    pub(crate) fn describe(&self) -> &'static str {
        let method = match self.streams {
            Method::Identity => self.strings,
            method => method,
        };
        match method {
            Method::Identity => "identity (not encrypted)",
            Method::Rc4 => match self.key.len() {
                5 => "RC4 40-bit",
                7 => "RC4 56-bit",
                8 => "RC4 64-bit",
                10 => "RC4 80-bit",
                12 => "RC4 96-bit",
                16 => "RC4 128-bit",
                _ => "RC4",
            },
            Method::AesV2 => "AES-128",
            Method::AesV3 => "AES-256",
        }
    }

    /// Which password opened the file.
    pub(crate) fn authenticated(&self) -> Authenticated {
        self.authenticated
    }

    /// `/P`, the user access permissions (Table 22).
    pub(crate) fn permissions(&self) -> u32 {
        self.permissions
    }

    /// `/R` 5–6 only: whether `/Perms` agrees with `/P` and `/EncryptMetadata` (Algorithm 13).
    /// `Some(false)` means the encryption dictionary was altered after encryption.
    pub(crate) fn permissions_consistent(&self) -> Option<bool> {
        self.permissions_consistent
    }

    fn decrypt_dict(&self, id: ObjectId, dict: Dictionary) -> Result<Dictionary, CryptError> {
        // §7.5.8.1: strings in a cross-reference stream's dictionary are not encrypted (its
        // /ID in particular).
        if dict.type_name().is_some_and(|kind| kind.is(b"XRef")) {
            return Ok(dict);
        }
        let signature = is_signature_dictionary(&dict);
        let entries = dict
            .entries
            .into_iter()
            .map(|(key, value)| {
                if signature && is_exempt_signature_value(&key, &value) {
                    Ok((key, value))
                } else {
                    self.decrypt_object(id, value).map(|value| (key, value))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Dictionary { entries })
    }

    /// The crypt filter a stream names in its `/Filter` array (§7.4.10: `/Crypt` with the
    /// filter's `/Name` in the matching `/DecodeParms`, `/Identity` when absent).
    fn crypt_filter(&self, dict: &Dictionary) -> Result<Option<Method>, CryptError> {
        let position = match dict.get(b"Filter") {
            Some(Object::Name(name)) if name.is(b"Crypt") => Some(0),
            Some(Object::Array(filters)) => filters
                .iter()
                .position(|f| f.as_name().is_some_and(|n| n.is(b"Crypt"))),
            _ => None,
        };
        let Some(position) = position else {
            return Ok(None);
        };
        let parms = match dict.get(b"DecodeParms") {
            Some(Object::Dictionary(parms)) if position == 0 => Some(parms),
            Some(Object::Array(all)) => all.get(position).and_then(Object::as_dict),
            _ => None,
        };
        match parms.and_then(|p| p.get(b"Name")) {
            None => Ok(Some(Method::Identity)),
            Some(Object::Name(name)) => filter_method(&self.filters, name).map(Some),
            Some(_) => Err(CryptError::Malformed {
                entry: "/DecodeParms /Name",
            }),
        }
    }

    fn decrypt(&self, method: Method, id: ObjectId, data: &[u8]) -> Result<Vec<u8>, CryptError> {
        let bad = || CryptError::BadPadding { object: id };
        match method {
            Method::Identity => Ok(data.to_vec()),
            Method::Rc4 => Ok(algorithms::rc4(
                &algorithms::object_key(&self.key, id, false),
                data,
            )),
            Method::AesV2 => algorithms::aes_cbc_decrypt::<Aes128>(
                &algorithms::object_key(&self.key, id, true),
                data,
            )
            .ok_or_else(bad),
            Method::AesV3 => algorithms::aes_cbc_decrypt::<Aes256>(&self.key, data).ok_or_else(bad),
        }
    }
}

/// Whether `value`, the entry `key` of dictionary `dict`, stays as written in an encrypted file
/// although it is a string of a top-level object: ISO 32000-2 §7.6.2 exempts "any hexadecimal
/// strings representing the value of the Contents key in a Signature dictionary" (and qpdf,
/// Acrobat and pyHanko write it so: the signature covers the file as written, so it cannot be
/// encrypted after signing). A signature dictionary is recognised by `/Type /Sig` or
/// `/DocTimeStamp`, or, `/Type` being optional (Table 255), by `/ByteRange`.
pub(crate) fn is_exempt_string(dict: &Dictionary, key: &[u8], value: &Object) -> bool {
    is_signature_dictionary(dict) && is_exempt_signature_value(&Name::new(key), value)
}

fn is_signature_dictionary(dict: &Dictionary) -> bool {
    match dict.type_name() {
        Some(kind) => kind.is(b"Sig") || kind.is(b"DocTimeStamp"),
        None => dict.get(b"ByteRange").is_some(),
    }
}

fn is_exempt_signature_value(key: &Name, value: &Object) -> bool {
    key.is(b"Contents") && matches!(value, Object::String(PdfString { hex: true, .. }))
}

/// `prefix` and the file's name or number, bounded.
fn unsupported(prefix: &str, what: &[u8]) -> CryptError {
    let what = what.get(..MAX_WHAT).unwrap_or(what);
    CryptError::Unsupported {
        what: format!("{prefix}{}", String::from_utf8_lossy(what)),
    }
}

/// A string entry of at least `N` bytes; its first `N` (producers sometimes pad `/O` and `/U`).
fn fixed<const N: usize>(
    dict: &Dictionary,
    key: &[u8],
    entry: &'static str,
) -> Result<[u8; N], CryptError> {
    dict.get(key)
        .and_then(Object::as_string)
        .and_then(|s| s.bytes.get(..N))
        .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
        .ok_or(CryptError::Malformed { entry })
}

/// The file encryption key's length in bytes for `/R` 2–4 (Algorithm 2 step (i)): 5 for `/R` 2,
/// else `/Length` in bits (40 to 128, a multiple of 8; 40 by default, 128 for `/V 4` when only
/// the crypt filter gives it). Some producers give the crypt filter's `/Length` in bytes.
fn key_length(encrypt: &Dictionary, revision: u8, uses_aes: bool) -> Result<usize, CryptError> {
    let bad = CryptError::Malformed { entry: "/Length" };
    if revision == 2 {
        return if uses_aes { Err(bad) } else { Ok(5) };
    }
    let declared = match encrypt.get(b"Length") {
        Some(value) => Some(value.as_integer().ok_or(bad.clone())?),
        None => encrypt.get(b"CF").and_then(Object::as_dict).and_then(|cf| {
            let name = encrypt.get(b"StmF").and_then(Object::as_name)?;
            cf.get(name.as_bytes())?
                .as_dict()?
                .get(b"Length")?
                .as_integer()
        }),
    };
    let bits = match declared {
        None if revision >= 4 => 128,
        None => 40,
        Some(bytes @ 5..=16) => bytes.saturating_mul(8),
        Some(bits) => bits,
    };
    // AES-128 needs the whole 16-byte key (Algorithm 1 truncates to n + 5 ≤ 16 bytes).
    match usize::try_from(bits / 8) {
        Ok(bytes @ 5..=16) if bits % 8 == 0 && (!uses_aes || bytes == 16) => Ok(bytes),
        _ => Err(bad),
    }
}

/// The `/CF` dictionary's crypt filters (§7.6.6, Table 25), with the methods `/V` allows.
fn crypt_filters(encrypt: &Dictionary, version: i64) -> Result<Vec<(Name, Method)>, CryptError> {
    let Some(cf) = encrypt.get(b"CF") else {
        return Ok(Vec::new());
    };
    let cf = cf.as_dict().ok_or(CryptError::Malformed { entry: "/CF" })?;
    let mut filters = Vec::new();
    for (name, value) in &cf.entries {
        let filter = value
            .as_dict()
            .ok_or(CryptError::Malformed { entry: "/CF" })?;
        let method = match filter.get(b"CFM") {
            Some(Object::Name(cfm)) => match (cfm.as_bytes(), version) {
                (b"V2", 4) => Method::Rc4,
                (b"AESV2", 4) => Method::AesV2,
                (b"AESV3", 5) => Method::AesV3,
                (b"None", _) => return Err(unsupported("/CFM /", cfm.as_bytes())),
                (other, _) => return Err(unsupported("/CFM /", other)),
            },
            // Table 25: /CFM defaults to /None (the handler decrypts by its own means).
            None => return Err(unsupported("/CFM /", b"None")),
            Some(_) => return Err(CryptError::Malformed { entry: "/CF /CFM" }),
        };
        filters.push((name.clone(), method));
    }
    Ok(filters)
}

/// A crypt filter by name: `/Identity` is predefined and cannot be redefined (§7.6.6).
fn filter_method(filters: &[(Name, Method)], name: &Name) -> Result<Method, CryptError> {
    if name.is(b"Identity") {
        return Ok(Method::Identity);
    }
    filters
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, method)| *method)
        .ok_or(CryptError::Malformed { entry: "/CF" })
}
