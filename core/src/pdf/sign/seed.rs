//! An existing field's constraints (ISO 32000-2 §12.7.5.5): the seed value dictionary `/SV`
//! (Table 237; an entry binds only when its bit in `/Ff` is set, else it is a preference;
//! the certificate constraints `/Cert` are in `seed_cert`) and the field lock `/Lock`
//! (Table 236), whose FieldMDP transform the signature must carry in `/Reference`
//! (§12.8.2.2.3).

use crate::cert::Certificate;
use crate::crypto::DigestAlgorithm;
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object};
use crate::pdf::sign_options::{
    DocMdpPermission, FieldLock, LockAction, PdfSignOptions, PdfSubFilter,
};
use crate::pdf::text::{decode_text_string, encode_text_string};

use super::PdfSignError;
use super::error::SeedRequirement;
use super::field::name_object;

// `/Ff` bits of a seed value dictionary (ISO 32000-2 Table 237): bit n is `1 << (n - 1)`.
const SV_FILTER: i64 = 1 << 0;
const SV_SUBFILTER: i64 = 1 << 1;
const SV_V: i64 = 1 << 2;
const SV_REASONS: i64 = 1 << 3;
const SV_LEGAL_ATTESTATION: i64 = 1 << 4;
const SV_ADD_REV_INFO: i64 = 1 << 5;
const SV_DIGEST_METHOD: i64 = 1 << 6;
const SV_LOCK_DOCUMENT: i64 = 1 << 7;

/// The newest seed value dictionary version kyso reads (Table 237 `/V`; 3 is PDF 2.0's set of
/// entries, as pyHanko numbers them).
const SV_VERSION: i64 = 3;

/// The options the signature is made with once the field's seed values are applied (ISO
/// 32000-2 §12.7.5.5): a required value the options contradict refuses the signature
/// ([`PdfSignError::SeedValue`]); a value that is not required is followed where the caller
/// left the option open (`follow_seed_values`): the first supported `/SubFilter` when the
/// caller's is not in the list, the first `/Reasons` entry when no reason was given, the
/// `/MDP` certification when none was asked for. `/DigestMethod` can only be checked: the
/// digest is the signer's scheme's.
pub(crate) fn apply_seed_values(
    view: &RevisionView<'_, '_>,
    seed: Option<&Object>,
    options: &PdfSignOptions,
    digest: DigestAlgorithm,
    certificate: &Certificate,
) -> Result<PdfSignOptions, PdfSignError> {
    let mut out = options.clone();
    let Some(sv) = seed.map(|s| view.dict(s)).transpose()?.flatten() else {
        return Ok(out);
    };
    let flags = view
        .get(&sv, b"Ff")?
        .and_then(|f| f.as_integer())
        .unwrap_or(0);
    let follow = options.follow_seed_values;
    let refuse = |requirement: SeedRequirement, values: &[String]| {
        Err(PdfSignError::SeedValue {
            requirement,
            values: values.join(", "),
        })
    };

    if flags & SV_V != 0
        && let Some(version) = view.get(&sv, b"V")?.and_then(|v| v.as_integer())
        && version > SV_VERSION
    {
        return refuse(SeedRequirement::Version, &[version.to_string()]);
    }
    if flags & SV_FILTER != 0
        && let Some(Object::Name(filter)) = view.get(&sv, b"Filter")?
        && !filter.is(b"Adobe.PPKLite")
    {
        return refuse(
            SeedRequirement::Filter,
            &[String::from_utf8_lossy(filter.as_bytes()).into_owned()],
        );
    }

    let sub_filters = names(view, &sv, b"SubFilter")?;
    let ours = out.sub_filter.name();
    if !sub_filters.is_empty() && !sub_filters.iter().any(|n| n == ours) {
        // "The first name in the array that matches an encoding supported by the signature
        // handler shall be the encoding that is actually used" (Table 237 SubFilter).
        // The caller's choice is open when left at the default (it cannot be told apart from
        // an explicit `adbe.pkcs7.detached`: `follow_seed_values = false` keeps it).
        let open = follow && out.sub_filter == PdfSubFilter::default();
        let supported = sub_filters.iter().find_map(|n| sub_filter_named(n));
        match supported {
            Some(s) if open => out.sub_filter = s,
            _ if flags & SV_SUBFILTER != 0 => {
                return refuse(SeedRequirement::SubFilter, &sub_filters);
            }
            _ => {}
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
            return refuse(SeedRequirement::DigestMethod, &allowed);
        }
    }

    if let Some(Object::Array(items)) = view.get(&sv, b"Reasons")? {
        let reasons: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_string().map(|s| decode_text_string(&s.bytes)))
            .collect();
        // A single empty string means "no reason may be given" (Table 237 Reasons).
        let no_reason = matches!(reasons.as_slice(), [only] if only.is_empty());
        if out.reason.is_none() && follow && !no_reason {
            out.reason = reasons.iter().find(|r| !r.is_empty()).cloned();
        }
        let ok = match (reasons.as_slice(), &out.reason) {
            (_, reason) if no_reason => reason.is_none(),
            ([], _) => true,
            (list, Some(reason)) => list.contains(reason),
            (_, None) => false,
        };
        if !ok && flags & SV_REASONS != 0 {
            return refuse(SeedRequirement::Reasons, &reasons);
        }
    }

    if flags & SV_LEGAL_ATTESTATION != 0
        && let Some(Object::Array(items)) = view.get(&sv, b"LegalAttestation")?
        && !items.is_empty()
    {
        let list: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_string().map(|s| decode_text_string(&s.bytes)))
            .collect();
        return refuse(SeedRequirement::LegalAttestation, &list);
    }
    if flags & SV_ADD_REV_INFO != 0 && view.get(&sv, b"AddRevInfo")? == Some(Object::Boolean(true))
    {
        // TODO(issue 9): revocation data in the signature (adbe-revocationInfoArchival).
        return refuse(SeedRequirement::AddRevInfo, &["true".into()]);
    }
    if flags & SV_LOCK_DOCUMENT != 0
        && view.get(&sv, b"LockDocument")?.is_some_and(|v| {
            v.as_name().is_some_and(|n| n.is(b"true")) || v == Object::Boolean(true)
        })
    {
        return refuse(SeedRequirement::LockDocument, &["true".into()]);
    }

    // /MDP (Table 237): no /Ff bit; "P … 0 … the signature shall be an approval, 1–3 … an
    // author signature with that DocMDP permission". Binding when present.
    if let Some(mdp) = view.get(&sv, b"MDP")?
        && let Some(mdp) = view.dict(&mdp)?
        && let Some(p) = view.get(&mdp, b"P")?.and_then(|p| p.as_integer())
    {
        match (p, out.certify) {
            (0, Some(asked)) => {
                return refuse(
                    SeedRequirement::Approval,
                    &[format!("0 ≠ {}", asked.value())],
                );
            }
            (1..=3, None) if follow => {
                out.certify = u8::try_from(p).ok().and_then(DocMdpPermission::from_value);
            }
            (1..=3, asked) if asked.map(|a| i64::from(a.value())) != Some(p) => {
                return refuse(SeedRequirement::Certification, &[p.to_string()]);
            }
            _ => {}
        }
    }

    // /TimeStamp (Table 237, its own /Ff 1 = required): kyso does not time-stamp yet.
    if let Some(ts) = view.get(&sv, b"TimeStamp")?
        && let Some(ts) = view.dict(&ts)?
        && view
            .get(&ts, b"Ff")?
            .and_then(|f| f.as_integer())
            .unwrap_or(0)
            & 1
            != 0
    {
        let url = view
            .get(&ts, b"URL")?
            .and_then(|u| u.as_string().map(|s| decode_text_string(&s.bytes)))
            .unwrap_or_default();
        // TODO(issue 9): signature time-stamps in PDF.
        return refuse(SeedRequirement::TimeStamp, &[url]);
    }

    if let Some(cert) = view.get(&sv, b"Cert")?
        && let Some(cert) = view.dict(&cert)?
    {
        super::seed_cert::check(view, &cert, certificate, &options.chain)?;
    }
    Ok(out)
}

fn sub_filter_named(name: &str) -> Option<PdfSubFilter> {
    [PdfSubFilter::Pkcs7Detached, PdfSubFilter::CadesDetached]
        .into_iter()
        .find(|s| s.name() == name)
}

/// The names (or strings) of an array entry, or of a single name.
pub(super) fn names(
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
