//! The inspection views for people, in Vietnamese or English (labels from the one catalogue,
//! `i18n::inspect_label`). Field values (names, OIDs, hex) are shown as they are.

use core::fmt::Write;

use super::{CertificateView, CrlView, Inspection};
use crate::Lang;
use crate::cms::SignedDataInfo;
use crate::cms::parse::{AlgorithmInfo, SignerInfoView};
use crate::i18n::{InspectLabel as L, inspect_label, vn_identity_kind};

/// An unsigned attribute value longer than this (a time-stamp token, …) is counted, not shown.
const MAX_SHOWN_VALUE: usize = 96;

pub(super) fn inspection(i: &Inspection, lang: Lang) -> String {
    let mut s = String::new();
    let certs = i.certificates();
    if let Inspection::Cms { cms, crls, .. } = i {
        s.push_str(&signed_data(cms, lang));
        for (n, c) in crls.iter().enumerate() {
            s.push_str(&crl(c, lang, n, crls.len()));
        }
    }
    for (n, v) in certs.iter().enumerate() {
        if matches!(i, Inspection::Cms { .. }) {
            s.push('\n');
        }
        s.push_str(&certificate(v, lang, n, certs.len()));
    }
    s
}

pub(super) fn certificate(v: &CertificateView, lang: Lang, index: usize, total: usize) -> String {
    let l = |x| inspect_label(x, lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}/{}",
        l(L::Certificate),
        index.saturating_add(1),
        total
    );
    let id = &v.identity;
    let _ = writeln!(s, "  {:<22} {}", l(L::Subject), v.subject);
    if let Some(cn) = &id.common_name {
        let _ = writeln!(s, "  {:<22} {cn}", l(L::Name));
    }
    for vid in &id.vn_ids {
        let _ = writeln!(
            s,
            "  {:<22} {}: {}",
            l(L::Identity),
            vn_identity_kind(vid.kind(), lang),
            vid.value()
        );
    }
    if let Some(t) = &id.title {
        let _ = writeln!(s, "  {:<22} {t}", l(L::Title));
    }
    if let Some(o) = &id.organization {
        let _ = writeln!(s, "  {:<22} {o}", l(L::Organization));
    }
    for e in &id.emails {
        let _ = writeln!(s, "  {:<22} {e}", l(L::Email));
    }
    let _ = writeln!(s, "  {:<22} {}", l(L::Issuer), v.issuer);
    let _ = writeln!(s, "  {:<22} {}", l(L::Serial), v.serial);
    let _ = writeln!(
        s,
        "  {:<22} {} → {}",
        l(L::Validity),
        v.not_before,
        v.not_after
    );
    let _ = writeln!(s, "  {:<22} {}", l(L::PublicKey), v.public_key);
    let _ = writeln!(
        s,
        "  {:<22} {}",
        l(L::SignatureAlgorithm),
        v.signature_algorithm
    );
    let _ = writeln!(s, "  {:<22} {}", "SHA-256:", v.sha256_fingerprint);
    if v.self_issued {
        let _ = writeln!(s, "  {}", l(L::SelfIssued));
    }
    if !v.extensions.is_empty() {
        let _ = writeln!(s, "  {}", l(L::Extensions));
        for e in &v.extensions {
            let name = if e.name.is_empty() {
                e.oid.as_str()
            } else {
                e.name
            };
            let crit = if e.critical { l(L::Critical) } else { "" };
            let _ = writeln!(s, "    {name}{crit}: {}", e.value);
        }
    }
    s
}

fn crl(c: &CrlView, lang: Lang, index: usize, total: usize) -> String {
    let l = |x| inspect_label(x, lang);
    let mut s = String::new();
    let _ = writeln!(s, "  CRL {}/{total}:", index.saturating_add(1));
    let _ = writeln!(s, "    {:<24} {}", l(L::Issuer), c.issuer);
    let _ = writeln!(s, "    {:<24} {}", l(L::ThisUpdate), c.this_update);
    if let Some(n) = &c.next_update {
        let _ = writeln!(s, "    {:<24} {n}", l(L::NextUpdate));
    }
    if let Some(n) = &c.number {
        let _ = writeln!(s, "    {:<24} {n}", l(L::CrlNumber));
    }
    let _ = writeln!(s, "    {:<24} {}", l(L::RevokedCount), c.revoked);
    s
}

fn alg(a: &AlgorithmInfo) -> String {
    match a.name {
        Some(n) => format!("{n} ({})", a.oid),
        None => a.oid.clone(),
    }
}

pub(super) fn signed_data(info: &SignedDataInfo, lang: Lang) -> String {
    let l = |x| inspect_label(x, lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "CMS SignedData (v{}, {})",
        info.version,
        info.encoding.to_ascii_uppercase()
    );
    let ct = match info.content_type_name {
        Some(n) => format!("{n} ({})", info.content_type),
        None => info.content_type.clone(),
    };
    let _ = writeln!(s, "  {:<26} {ct}", l(L::ContentType));
    let attached = match (info.attached, info.content_len) {
        (true, Some(n)) => format!("{} ({n} byte)", l(L::AttachedInside)),
        (true, None) => l(L::Yes).to_owned(),
        (false, _) => l(L::DetachedNo).to_owned(),
    };
    let _ = writeln!(s, "  {:<26} {attached}", l(L::ContentAttached));
    let digests: Vec<String> = info.digest_algorithms.iter().map(alg).collect();
    let _ = writeln!(s, "  {:<26} {}", l(L::DigestAlgorithms), digests.join(", "));
    let _ = writeln!(
        s,
        "  {:<26} {}",
        l(L::CertificateCount),
        info.certificates.len()
    );
    let _ = writeln!(s, "  {:<26} {}", "CRL:", info.crl_count);
    let _ = writeln!(s, "  {:<26} {}", l(L::Signers), info.signers.len());
    for f in &info.findings {
        let _ = writeln!(s, "  ! {}", f.message(lang));
    }
    for signer in &info.signers {
        signer_text(&mut s, signer, lang, "  ");
    }
    s
}

fn signer_text(s: &mut String, si: &SignerInfoView, lang: Lang, indent: &str) {
    let l = |x| inspect_label(x, lang);
    let _ = writeln!(
        s,
        "{indent}{} {} (v{}):",
        l(L::Signer),
        si.index.saturating_add(1),
        si.version
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l(L::SignerId),
        si.signer_identifier
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l(L::Digest),
        alg(&si.digest_algorithm)
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l(L::SignatureAlgorithm),
        alg(&si.signature_algorithm)
    );
    match &si.signed_attributes {
        None => {
            let _ = writeln!(s, "{indent}  {}", l(L::NoSignedAttributes));
        }
        Some(attrs) => {
            let _ = writeln!(s, "{indent}  {}", l(L::SignedAttributes));
            for a in attrs {
                let name = a.name.unwrap_or(a.oid.as_str());
                let _ = writeln!(s, "{indent}    {name}: {}", a.values.join("; "));
            }
        }
    }
    if !si.unsigned_attributes.is_empty() {
        let _ = writeln!(s, "{indent}  {}", l(L::UnsignedAttributes));
        for a in &si.unsigned_attributes {
            let name = a.name.unwrap_or(a.oid.as_str());
            let short = a.values.iter().all(|v| v.len() <= MAX_SHOWN_VALUE);
            if short {
                let _ = writeln!(s, "{indent}    {name}: {}", a.values.join("; "));
            } else {
                let _ = writeln!(s, "{indent}    {name}: {} {}", a.values.len(), l(L::Values));
            }
        }
    }
    for c in &si.counter_signatures {
        let _ = writeln!(s, "{indent}  {}", l(L::CounterSignature));
        signer_text(s, c, lang, &format!("{indent}    "));
    }
}
