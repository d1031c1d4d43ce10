//! An existing field's constraints (ISO 32000-2 §12.7.5.5): the seed value dictionary `/SV`
//! (Table 234; an entry binds only when its bit in `/Ff` is set) and the field lock `/Lock`
//! (Table 233), whose FieldMDP transform the signature must carry in `/Reference`
//! (§12.8.2.2.3).

use crate::crypto::DigestAlgorithm;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object};
use crate::pdf::sign_options::{FieldLock, LockAction, PdfSignOptions};
use crate::pdf::text::{decode_text_string, encode_text_string};

use super::PdfSignError;
use super::field::name_object;

// `/Ff` bits of a seed value dictionary (Table 234).
const SV_FILTER: i64 = 1 << 0;
const SV_SUBFILTER: i64 = 1 << 1;
const SV_REASONS: i64 = 1 << 3;
const SV_ADD_REV_INFO: i64 = 1 << 5;
const SV_DIGEST_METHOD: i64 = 1 << 6;

/// Refuses the signature when a required seed value is not met.
pub(crate) fn check_seed_values(
    view: &RevisionView<'_, '_>,
    seed: Option<&Object>,
    options: &PdfSignOptions,
    digest: DigestAlgorithm,
) -> Result<(), PdfSignError> {
    let Some(sv) = seed.map(|s| view.dict(s)).transpose()?.flatten() else {
        return Ok(());
    };
    let flags = view
        .get(&sv, b"Ff")?
        .and_then(|f| f.as_integer())
        .unwrap_or(0);
    let refuse = |what: String| Err(PdfSignError::SeedValue { what });
    if flags & SV_FILTER != 0
        && let Some(Object::Name(filter)) = view.get(&sv, b"Filter")?
        && !filter.is(b"Adobe.PPKLite")
    {
        return refuse(format!(
            "/Filter {}",
            String::from_utf8_lossy(filter.as_bytes())
        ));
    }
    if flags & SV_SUBFILTER != 0 {
        let allowed = names(view, &sv, b"SubFilter")?;
        if !allowed.is_empty() && !allowed.iter().any(|n| n == options.sub_filter.name()) {
            return refuse(format!("/SubFilter {}", allowed.join(", ")));
        }
    }
    if flags & SV_DIGEST_METHOD != 0 {
        let allowed = names(view, &sv, b"DigestMethod")?;
        let ours = match digest {
            DigestAlgorithm::Sha1 => "SHA1",
            DigestAlgorithm::Sha256 => "SHA256",
            DigestAlgorithm::Sha384 => "SHA384",
            DigestAlgorithm::Sha512 => "SHA512",
            _ => "",
        };
        if !allowed.is_empty() && !allowed.iter().any(|n| n.eq_ignore_ascii_case(ours)) {
            return refuse(format!("/DigestMethod {}", allowed.join(", ")));
        }
    }
    if flags & SV_REASONS != 0
        && let Some(Object::Array(items)) = view.get(&sv, b"Reasons")?
    {
        let reasons: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_string().map(|s| decode_text_string(&s.bytes)))
            .collect();
        // A single empty string means "no reason may be given" (Table 234 Reasons).
        let ok = match (reasons.as_slice(), &options.reason) {
            ([only], reason) if only.is_empty() => reason.is_none(),
            ([], _) => true,
            (list, Some(reason)) => list.contains(reason),
            (_, None) => false,
        };
        if !ok {
            return refuse(format!("/Reasons {}", reasons.join(" | ")));
        }
    }
    if flags & SV_ADD_REV_INFO != 0 && view.get(&sv, b"AddRevInfo")? == Some(Object::Boolean(true))
    {
        // TODO(issue 11, sign): revocation data in the signature is issue 9's work.
        return refuse("/AddRevInfo true".into());
    }
    Ok(())
}

/// The names (or strings) of an array entry, or of a single name.
fn names(
    view: &RevisionView<'_, '_>,
    dict: &Dictionary,
    key: &[u8],
) -> Result<Vec<String>, PdfSignError> {
    let one = |o: &Object| match o {
        Object::Name(n) => Some(String::from_utf8_lossy(n.as_bytes()).into_owned()),
        Object::String(s) => Some(decode_text_string(&s.bytes)),
        _ => None,
    };
    Ok(match view.get(dict, key)? {
        Some(Object::Array(items)) => items.iter().filter_map(one).collect(),
        Some(other) => one(&other).into_iter().collect(),
        None => Vec::new(),
    })
}

/// The FieldMDP transform parameters of an existing field's `/Lock` (Table 257: `/Action`,
/// `/Fields`, and PDF 2.0's `/P` when the lock has one), dereferenced.
pub(crate) fn existing_lock_params(
    view: &RevisionView<'_, '_>,
    lock: Option<&Object>,
) -> Result<Option<Dictionary>, PdfSignError> {
    let Some(lock) = lock.map(|l| view.dict(l)).transpose()?.flatten() else {
        return Ok(None);
    };
    let mut params = Dictionary::new();
    params.set(b"Type", name_object(b"TransformParams"));
    for key in [&b"Action"[..], b"Fields", b"P"] {
        if let Some(value) = view.get(&lock, key)? {
            params.set(key, value);
        }
    }
    params.set(b"V", name_object(b"1.2"));
    Ok(Some(params))
}

/// The `/Lock` dictionary for a new field and its transform parameters.
pub(crate) fn new_lock(lock: &FieldLock) -> (Dictionary, Dictionary) {
    let (action, fields): (&[u8], Option<&Vec<String>>) = match &lock.action {
        LockAction::All => (b"All", None),
        LockAction::Include(f) => (b"Include", Some(f)),
        LockAction::Exclude(f) => (b"Exclude", Some(f)),
    };
    let fields = fields.map(|names| {
        Object::Array(
            names
                .iter()
                .map(|n| {
                    Object::String(crate::pdf::object::PdfString::literal(&encode_text_string(
                        n,
                    )))
                })
                .collect(),
        )
    });
    let mut lock_dict = Dictionary::new();
    lock_dict.set(b"Type", name_object(b"SigFieldLock"));
    lock_dict.set(b"Action", name_object(action));
    let mut params = Dictionary::new();
    params.set(b"Type", name_object(b"TransformParams"));
    params.set(b"Action", name_object(action));
    if let Some(fields) = fields {
        lock_dict.set(b"Fields", fields.clone());
        params.set(b"Fields", fields);
    }
    params.set(b"V", name_object(b"1.2"));
    (lock_dict, params)
}
