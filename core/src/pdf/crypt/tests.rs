//! The standard security handler against qpdf's files (scripts/make-pdf-crypt-fixtures.sh
//! made them, and recorded in keys.txt the file key qpdf derives for each) and against
//! hand-made encryption dictionaries.

use super::algorithms;
use super::*;
use crate::pdf::{PdfFile, ReadOptions};

const USER: &[u8] = b"kyso-user";
const OWNER: &[u8] = b"kyso-owner";
const KEYS: &str = include_str!("../../../testdata/pdf/crypt/keys.txt");

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../testdata/pdf/crypt/", $name, ".pdf")).as_slice(),
        )
    };
}

/// Every fixture: name, bytes, user password, what `describe` says.
fn fixtures() -> Vec<(&'static str, &'static [u8], &'static [u8], &'static str)> {
    let user = USER;
    vec![
        (fixture!("rc4-40"), user, "RC4 40-bit"),
        (fixture!("rc4-128"), user, "RC4 128-bit"),
        (fixture!("rc4-128-v4"), user, "RC4 128-bit"),
        (fixture!("aes-128"), user, "AES-128"),
        (fixture!("aes-128-clear-meta"), user, "AES-128"),
        (fixture!("aes-128-objstm"), user, "AES-128"),
        (fixture!("aes-256"), user, "AES-256"),
        (fixture!("aes-256-r5"), user, "AES-256"),
        (fixture!("aes-256-empty"), b"".as_slice(), "AES-256"),
        (fixture!("aes-256-utf8"), "mật-khẩu".as_bytes(), "AES-256"),
    ]
    .into_iter()
    .map(|((name, bytes), password, describe)| (name, bytes, password, describe))
    .collect()
}

fn qpdf_key(name: &str) -> Vec<u8> {
    let hex = KEYS
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{name} not in keys.txt"));
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn open<'a>(bytes: &'a &'static [u8], password: &[u8]) -> Result<PdfFile<'a>, PdfError> {
    PdfFile::open(
        bytes,
        &ReadOptions {
            password: Some(password.to_vec()),
            ..ReadOptions::default()
        },
    )
}

use crate::pdf::PdfError;

/// The handler the file opened with, rebuilt from its trailer (to see its key).
fn handler_of(file: &PdfFile<'_>, password: &[u8]) -> SecurityHandler {
    let view = file.latest();
    let encrypt = view
        .dict(view.trailer().get(b"Encrypt").unwrap())
        .unwrap()
        .unwrap();
    let id = view.deref(view.trailer().get(b"ID").unwrap()).unwrap();
    let first = id.as_array().unwrap()[0].as_string().unwrap().bytes.clone();
    SecurityHandler::open(&encrypt, &first, password).unwrap()
}

#[test]
fn derives_the_key_qpdf_derives_with_either_password() {
    for (name, bytes, user, describe) in fixtures() {
        for (password, who) in [(user, Authenticated::User), (OWNER, Authenticated::Owner)] {
            let file = open(&bytes, password).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(file.is_encrypted(), "{name}");
            let handler = handler_of(&file, password);
            assert_eq!(handler.key, qpdf_key(name), "{name} key");
            assert_eq!(handler.authenticated(), who, "{name}");
            assert_eq!(handler.describe(), describe, "{name}");
            if name.starts_with("aes-256") {
                assert_eq!(handler.permissions_consistent(), Some(true), "{name}");
            }
        }
    }
}

#[test]
fn a_wrong_password_is_a_typed_error() {
    for (name, bytes, user, _) in fixtures() {
        let wrong: &[u8] = if user.is_empty() { b"nope" } else { b"" };
        // The owner password of aes-256-empty is not "nope" either: only the empty user
        // password and the owner password open it.
        let error = open(&bytes, wrong).map(|_| ()).unwrap_err();
        assert_eq!(error, PdfError::Crypt(CryptError::WrongPassword), "{name}");
        assert_eq!(error.code(), "pdf.crypt.wrong-password");
    }
}

#[test]
fn decrypts_strings_streams_and_leaves_the_exempt_ones() {
    for (name, bytes, user, _) in fixtures() {
        let file = open(&bytes, user).unwrap();
        let view = file.latest();
        // A string of an ordinary object (/Info /Title).
        let info = view
            .dict(view.trailer().get(b"Info").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            info.get(b"Title").unwrap().as_string().unwrap().bytes,
            b"kyso title",
            "{name}"
        );
        // A content stream.
        let page = &view.pages().unwrap()[0];
        let contents = page.dict.get(b"Contents").unwrap().as_reference().unwrap();
        let Object::Stream(stream) = view.resolve(contents).unwrap() else {
            panic!("{name}: contents")
        };
        let data = view.stream_data(contents, &stream).unwrap();
        assert!(
            data.windows(14).any(|w| w == b"kyso page text"),
            "{name}: content {data:?}"
        );
        // The metadata stream (left in clear text with /EncryptMetadata false).
        let (_, catalog) = view.catalog().unwrap();
        let metadata = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
        let Object::Stream(stream) = view.resolve(metadata).unwrap() else {
            panic!("{name}: metadata")
        };
        let data = view.stream_data(metadata, &stream).unwrap();
        assert!(
            data.windows(13).any(|w| w == b"kyso metadata"),
            "{name}: metadata {data:?}"
        );
        // The signature dictionary: /Contents as written (§7.6.2), /Reason decrypted.
        let fields = view.fields().unwrap();
        let signature = view
            .dict(fields[0].value.as_ref().unwrap())
            .unwrap()
            .unwrap();
        let contents = signature.get(b"Contents").unwrap().as_string().unwrap();
        assert_eq!(
            contents.bytes, b"\x30\x80\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
            "{name}"
        );
        assert!(contents.hex);
        assert_eq!(
            signature.get(b"Reason").unwrap().as_string().unwrap().bytes,
            b"kyso reason",
            "{name}"
        );
    }
}

#[test]
fn the_metadata_stream_of_clear_meta_is_not_encrypted_in_the_file() {
    let (_, bytes) = fixture!("aes-128-clear-meta");
    assert!(bytes.windows(13).any(|w| w == b"kyso metadata"));
    let (_, bytes) = fixture!("aes-128");
    assert!(!bytes.windows(13).any(|w| w == b"kyso metadata"));
}

/// A V 4 dictionary with one crypt filter of method `cfm`.
fn v4(cfm: &[u8]) -> Dictionary {
    let mut filter = Dictionary::new();
    filter.set(b"CFM", Object::Name(Name::new(cfm)));
    let mut cf = Dictionary::new();
    cf.set(b"StdCF", Object::Dictionary(filter));
    let mut dict = Dictionary::new();
    dict.set(b"Filter", Object::Name(Name::new(b"Standard")));
    dict.set(b"V", Object::Integer(4));
    dict.set(b"R", Object::Integer(4));
    dict.set(b"P", Object::Integer(-4));
    dict.set(b"O", Object::String(PdfString::literal(&[0; 32])));
    dict.set(b"U", Object::String(PdfString::literal(&[0; 32])));
    dict.set(b"CF", Object::Dictionary(cf));
    dict.set(b"StmF", Object::Name(Name::new(b"StdCF")));
    dict.set(b"StrF", Object::Name(Name::new(b"StdCF")));
    dict
}

#[test]
fn unsupported_and_malformed_dictionaries_are_typed_errors() {
    let open = |dict: &Dictionary| SecurityHandler::open(dict, b"id", b"").map(|_| ());
    let mut pubsec = v4(b"AESV2");
    pubsec.set(b"Filter", Object::Name(Name::new(b"Adobe.PubSec")));
    assert_eq!(
        open(&pubsec),
        Err(CryptError::Unsupported {
            what: "/Filter /Adobe.PubSec".into()
        })
    );
    let mut v3 = v4(b"V2");
    v3.set(b"V", Object::Integer(3));
    assert!(matches!(open(&v3), Err(CryptError::Unsupported { .. })));
    assert!(matches!(
        open(&v4(b"None")),
        Err(CryptError::Unsupported { .. })
    ));
    // AESV3 belongs to V 5.
    assert!(matches!(
        open(&v4(b"AESV3")),
        Err(CryptError::Unsupported { .. })
    ));
    let mut short = v4(b"AESV2");
    short.set(b"O", Object::String(PdfString::literal(&[0; 31])));
    assert_eq!(open(&short), Err(CryptError::Malformed { entry: "/O" }));
    let mut no_filter = v4(b"AESV2");
    no_filter.set(b"StmF", Object::Name(Name::new(b"Missing")));
    assert_eq!(
        open(&no_filter),
        Err(CryptError::Malformed { entry: "/CF" })
    );
    let mut aes40 = v4(b"AESV2");
    aes40.set(b"Length", Object::Integer(40));
    assert_eq!(
        open(&aes40),
        Err(CryptError::Malformed { entry: "/Length" })
    );
    // Well-formed, but all-zero /O and /U match no password.
    assert_eq!(open(&v4(b"AESV2")), Err(CryptError::WrongPassword));
    for error in [
        CryptError::WrongPassword,
        CryptError::Malformed { entry: "/O" },
        CryptError::BadPadding {
            object: ObjectId::new(7, 0),
        },
    ] {
        assert!(error.code().starts_with("pdf.crypt."));
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn aes_damage_is_a_typed_error_not_a_panic() {
    let key = [7u8; 16];
    let iv = [9u8; 16];
    let good = algorithms::aes_cbc_encrypt_for_tests::<Aes128>(&key, &iv, b"kyso");
    assert_eq!(
        algorithms::aes_cbc_decrypt::<Aes128>(&key, &good).as_deref(),
        Some(b"kyso".as_slice())
    );
    // Truncated, not whole blocks, wrong key (bad padding), empty, lone IV.
    for bad in [&good[..good.len() - 1], &good[..20]] {
        assert_eq!(algorithms::aes_cbc_decrypt::<Aes128>(&key, bad), None);
    }
    let mut corrupt = good.clone();
    *corrupt.last_mut().unwrap() ^= 0xFF;
    assert_eq!(algorithms::aes_cbc_decrypt::<Aes128>(&key, &corrupt), None);
    assert_eq!(
        algorithms::aes_cbc_decrypt::<Aes128>(&key, &[]),
        Some(Vec::new())
    );
    assert_eq!(
        algorithms::aes_cbc_decrypt::<Aes128>(&key, &iv),
        Some(Vec::new())
    );
    assert_eq!(algorithms::aes_cbc_decrypt::<Aes128>(&key, &iv[..5]), None);
}

#[test]
fn rc4_is_symmetric_and_object_keys_differ_per_object() {
    let key = algorithms::object_key(b"12345", ObjectId::new(1, 0), false);
    assert_eq!(key.len(), 10);
    assert_ne!(
        key,
        algorithms::object_key(b"12345", ObjectId::new(2, 0), false)
    );
    assert_ne!(
        key,
        algorithms::object_key(b"12345", ObjectId::new(1, 0), true)
    );
    assert_eq!(
        algorithms::object_key(&[1; 16], ObjectId::new(1, 0), true).len(),
        16
    );
    let secret = algorithms::rc4(&key, b"kyso");
    assert_ne!(secret, b"kyso");
    assert_eq!(algorithms::rc4(&key, &secret), b"kyso");
}

#[test]
fn the_signature_contents_exemption_needs_a_signature_dictionary_and_hex() {
    let hex = Object::String(PdfString {
        bytes: vec![1, 2],
        hex: true,
        span: None,
    });
    let literal = Object::String(PdfString::literal(&[1, 2]));
    let mut sig = Dictionary::new();
    sig.set(b"Type", Object::Name(Name::new(b"Sig")));
    assert!(is_exempt_string(&sig, b"Contents", &hex));
    assert!(!is_exempt_string(&sig, b"Contents", &literal));
    assert!(!is_exempt_string(&sig, b"Reason", &hex));
    let mut untyped = Dictionary::new();
    untyped.set(b"ByteRange", Object::Array(Vec::new()));
    assert!(is_exempt_string(&untyped, b"Contents", &hex));
    // A page's /Contents is no signature value.
    let mut page = Dictionary::new();
    page.set(b"Type", Object::Name(Name::new(b"Page")));
    assert!(!is_exempt_string(&page, b"Contents", &hex));
}

#[test]
fn algorithm_2b_ends_and_depends_on_every_input() {
    let a = algorithms::hash_2b_for_tests(6, b"pw", &[1; 8], &[]).unwrap();
    assert_ne!(
        a,
        algorithms::hash_2b_for_tests(6, b"pw", &[2; 8], &[]).unwrap()
    );
    assert_ne!(
        a,
        algorithms::hash_2b_for_tests(6, b"px", &[1; 8], &[]).unwrap()
    );
    assert_ne!(
        a,
        algorithms::hash_2b_for_tests(6, b"pw", &[1; 8], &[0; 48]).unwrap()
    );
    // R 5 is one SHA-256.
    assert_ne!(
        a,
        algorithms::hash_2b_for_tests(5, b"pw", &[1; 8], &[]).unwrap()
    );
    // The longest password (127 bytes) with a 48-byte udata.
    assert!(algorithms::hash_2b_for_tests(6, &[0xAB; 127], &[3; 8], &[4; 48]).is_ok());
}
