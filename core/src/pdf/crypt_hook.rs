//! Where the reader decrypts (ISO 32000-2 §7.6): every string of a top-level object and every
//! stream's data, with the exceptions of §7.6.2 (cross-reference streams, and the signature
//! dictionary's `/Contents`, which is never encrypted so that it can be verified). The standard
//! security handler itself is `super::crypt`, present with the `pdf-decrypt` feature; without
//! it [`Decryptor`] cannot be made and every encrypted file is `CryptError::NotInThisBuild`.

#[cfg(feature = "pdf-decrypt")]
pub(crate) use with_handler::Decryptor;
#[cfg(not(feature = "pdf-decrypt"))]
pub(crate) use without_handler::Decryptor;

#[cfg(not(feature = "pdf-decrypt"))]
mod without_handler {
    use super::super::object::{Dictionary, Object, ObjectId};
    use super::super::{CryptError, PdfError, PdfFile};

    /// No value of this type exists: the build has no security handler.
    #[derive(Debug)]
    pub(crate) enum Decryptor {}

    impl Decryptor {
        pub(crate) fn open(
            _file: &PdfFile<'_>,
            _encrypt: &Object,
            _password: Option<&[u8]>,
        ) -> Result<Self, PdfError> {
            Err(CryptError::NotInThisBuild.into())
        }

        pub(crate) fn decrypt_strings(
            &self,
            _id: ObjectId,
            _object: Object,
        ) -> Result<Object, PdfError> {
            match *self {}
        }

        pub(crate) fn decrypt_stream(
            &self,
            _id: ObjectId,
            _dict: &Dictionary,
            _data: Vec<u8>,
        ) -> Result<Vec<u8>, PdfError> {
            match *self {}
        }
    }
}

#[cfg(feature = "pdf-decrypt")]
mod with_handler {
    use super::super::crypt::SecurityHandler;
    use super::super::object::{Dictionary, Object, ObjectId};
    use super::super::{PdfError, PdfFile};

    /// Decrypts the objects of one encrypted file.
    #[derive(Debug)]
    pub(crate) struct Decryptor {
        handler: SecurityHandler,
        /// The `/Encrypt` dictionary's own object, whose strings are not encrypted (§7.6.2).
        encrypt_id: Option<ObjectId>,
    }

    impl Decryptor {
        /// Opens the file's security handler with `password` (the empty user password when `None`).
        /// Called before any decryptor is installed, so what it resolves is read as stored.
        pub(crate) fn open(
            file: &PdfFile<'_>,
            encrypt: &Object,
            password: Option<&[u8]>,
        ) -> Result<Self, PdfError> {
            let view = file.latest();
            let encrypt_id = encrypt.as_reference();
            let dict = resolved(&view, encrypt)?
                .ok_or(super::super::CryptError::Malformed { entry: "/Encrypt" })?;
            // The first string of the trailer's /ID (Algorithm 2 step (e)); absent in old files.
            let first_id = match view.trailer().get(b"ID") {
                Some(id) => view
                    .deref(id)?
                    .as_array()
                    .and_then(|ids| ids.first())
                    .and_then(Object::as_string)
                    .map(|s| s.bytes.clone())
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let handler = SecurityHandler::open(&dict, &first_id, password.unwrap_or_default())?;
            Ok(Self {
                handler,
                encrypt_id,
            })
        }

        pub(crate) fn handler(&self) -> &SecurityHandler {
            &self.handler
        }

        pub(crate) fn decrypt_strings(
            &self,
            id: ObjectId,
            object: Object,
        ) -> Result<Object, PdfError> {
            if Some(id) == self.encrypt_id {
                return Ok(object);
            }
            Ok(self.handler.decrypt_object(id, object)?)
        }

        pub(crate) fn decrypt_stream(
            &self,
            id: ObjectId,
            dict: &Dictionary,
            data: Vec<u8>,
        ) -> Result<Vec<u8>, PdfError> {
            Ok(self.handler.decrypt_stream(id, dict, &data)?)
        }
    }

    /// The `/Encrypt` dictionary with its direct values and the `/CF` filters dereferenced (a
    /// producer may write any of them indirectly).
    fn resolved(
        view: &super::super::RevisionView<'_, '_>,
        encrypt: &Object,
    ) -> Result<Option<Dictionary>, PdfError> {
        let Some(mut dict) = view.dict(encrypt)? else {
            return Ok(None);
        };
        for (_, value) in dict.entries.iter_mut() {
            *value = view.deref(value)?;
        }
        if let Some(Object::Dictionary(cf)) = dict.get(b"CF").cloned() {
            let mut cf = cf;
            for (_, filter) in cf.entries.iter_mut() {
                *filter = view.deref(filter)?;
            }
            dict.set(b"CF", Object::Dictionary(cf));
        }
        Ok(Some(dict))
    }
}
