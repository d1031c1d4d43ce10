//! Where the reader decrypts (ISO 32000-2 §7.6): every string of a top-level object and every
//! stream's data, with the exceptions of §7.6.2 (cross-reference streams, and the signature
//! dictionary's `/Contents`, which is never encrypted so that it can be verified).
//! TODO(issue 11, crypt): the standard security handler (crypt.rs) plugs in here.

use super::object::{Dictionary, Object, ObjectId};
use super::{PdfError, PdfFile};

/// Decrypts the objects of one encrypted file.
pub(crate) struct Decryptor {
    _private: (),
}

impl Decryptor {
    /// Opens the file's security handler with `password` (the empty user password when `None`).
    pub(crate) fn open(
        _file: &PdfFile<'_>,
        _encrypt: &Object,
        _password: Option<&[u8]>,
    ) -> Result<Self, PdfError> {
        Err(PdfError::Encryption {
            what: "this version of kyso does not decrypt PDF files".to_owned(),
        })
    }

    pub(crate) fn decrypt_strings(
        &self,
        _id: ObjectId,
        object: Object,
    ) -> Result<Object, PdfError> {
        Ok(object)
    }

    pub(crate) fn decrypt_stream(
        &self,
        _id: ObjectId,
        _dict: &Dictionary,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, PdfError> {
        Ok(data)
    }
}
