//! The PDF object model (ISO 32000-2 §7.3): what the reader produces, what the writer writes
//! and what modification analysis compares. Objects are plain values; file positions are kept
//! where the signature rules need them (the `/Contents` string's span for ByteRange checks,
//! a stream's raw data span for lazy loading).

use core::ops::Range;

/// An indirect object's identity (ISO 32000-2 §7.3.10): object number and generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId {
    pub number: u32,
    pub generation: u16,
}

impl ObjectId {
    pub fn new(number: u32, generation: u16) -> Self {
        Self { number, generation }
    }
}

/// A byte span in the file: `start..end`, absolute offsets from the first byte (u64: files
/// over 4 GiB exist and wasm32's usize is 32 bits).
pub type FileSpan = Range<u64>;

/// A name object (§7.3.5) with `#xx` escapes decoded: the bytes after the `/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(pub Vec<u8>);

impl Name {
    pub fn new(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Compares with a name given without its `/` (`name.is(b"Sig")`).
    pub fn is(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

/// A string object (§7.3.4): decoded bytes (escapes and hex undone; decrypted when the file
/// is encrypted), whether it was written as a hex string, and where it sits in the file when
/// it was read straight from the file (not from an object stream).
#[derive(Clone, Debug, PartialEq)]
pub struct PdfString {
    pub bytes: Vec<u8>,
    pub hex: bool,
    /// The span including the delimiters (`<`…`>` or `(`…`)`); `None` for strings inside
    /// object streams or built in memory.
    pub span: Option<FileSpan>,
}

impl PdfString {
    pub fn literal(bytes: &[u8]) -> Self {
        Self {
            bytes: bytes.to_vec(),
            hex: false,
            span: None,
        }
    }
}

/// A dictionary (§7.3.7), entries in file order. Duplicate keys are kept as read so that the
/// reader can report them (a parser differential, shared/brief/pdf-ltv-login.md R13); lookups
/// return the **last** one, as most viewers do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    pub entries: Vec<(Name, Object)>,
}

impl Dictionary {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `key` (given without its `/`); the last entry when the key repeats.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.entries
            .iter()
            .rev()
            .find(|(name, _)| name.is(key))
            .map(|(_, value)| value)
    }

    /// Sets `key`, replacing every earlier entry of that key.
    pub fn set(&mut self, key: &[u8], value: Object) {
        self.entries.retain(|(name, _)| !name.is(key));
        self.entries.push((Name::new(key), value));
    }

    /// Keys that occur more than once, in first-seen order.
    pub fn duplicate_keys(&self) -> Vec<&Name> {
        let mut seen: Vec<&Name> = Vec::new();
        let mut repeated: Vec<&Name> = Vec::new();
        for (name, _) in &self.entries {
            if seen.contains(&name) {
                if !repeated.contains(&name) {
                    repeated.push(name);
                }
            } else {
                seen.push(name);
            }
        }
        repeated
    }

    /// `/Type` as a name, if present.
    pub fn type_name(&self) -> Option<&Name> {
        match self.get(b"Type") {
            Some(Object::Name(name)) => Some(name),
            _ => None,
        }
    }
}

/// A stream (§7.3.8): its dictionary and where its raw (still encoded, still encrypted) data
/// is in the file. The data is read only when asked for (lazy loading by offset).
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    pub dict: Dictionary,
    pub data: FileSpan,
}

/// A PDF object (§7.3).
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Null,
    Boolean(bool),
    Integer(i64),
    /// A real number; the writer never rewrites objects it did not create, so the value is
    /// enough (no original text kept).
    Real(f64),
    String(PdfString),
    Name(Name),
    Array(Vec<Object>),
    Dictionary(Dictionary),
    Stream(Stream),
    Reference(ObjectId),
}

impl Object {
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Object::Integer(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&Name> {
        match self {
            Object::Name(name) => Some(name),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&Dictionary> {
        match self {
            Object::Dictionary(dict) => Some(dict),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_string(&self) -> Option<&PdfString> {
        match self {
            Object::String(string) => Some(string),
            _ => None,
        }
    }

    pub fn as_reference(&self) -> Option<ObjectId> {
        match self {
            Object::Reference(id) => Some(*id),
            _ => None,
        }
    }
}
