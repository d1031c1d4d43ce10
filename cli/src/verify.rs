//! `kyso verify` and the CMS part of `kyso inspect`.

use std::path::PathBuf;

use kyso::cms::{DetachedContent, VerifyOptions};
use kyso::path::{PathValidator, TrustStore};
use kyso::policy::ValidationTime;
use kyso::{Certificate, Indication, Lang, Report, RustCryptoProvider, ValidationPolicy};

use crate::files;
use crate::msg::{Msg, label};
use crate::{CmdResult, VerifyArgs};

/// Exit status for an indication (the CLI contract): 0 TOTAL-PASSED, 1 TOTAL-FAILED,
/// 2 INDETERMINATE.
pub fn exit_code(indication: Indication) -> u8 {
    match indication {
        Indication::TotalPassed => 0,
        Indication::TotalFailed => 1,
        _ => 2,
    }
}

/// Everything `verify` needs, already loaded: shared by the command and the demo.
pub struct VerifyInput {
    pub signature: Vec<u8>,
    pub content: Option<Vec<u8>>,
    pub store: TrustStore,
    pub untrusted: Vec<Certificate>,
    pub policy: ValidationPolicy,
    pub now: kyso::DateTime,
}

/// Run core verification with path validation against `input.store`.
pub fn verify_loaded(input: &VerifyInput) -> Report {
    let crypto = RustCryptoProvider;
    let validator = PathValidator::new(input.store.clone());
    let options = VerifyOptions::new(input.policy.clone(), input.now, &crypto)
        .with_chain_validator(&validator)
        .with_extra_certificates(&input.untrusted);
    kyso::cms::verify(&input.signature, input.content.as_deref().map(DetachedContent::Bytes), &options)
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Certificate>, Msg> {
    let mut out = Vec::new();
    for p in paths {
        let bytes = files::read(p, files::MAX_INPUT)?;
        let certs = kyso::path::load_certificates(&bytes)
            .map_err(|e| Msg::NotCertificate { path: p.display().to_string(), reason: format!("{e:?}") })?;
        out.extend(certs);
    }
    Ok(out)
}

pub fn run(args: &VerifyArgs, lang: Lang) -> CmdResult {
    let mut policy =
        ValidationPolicy::by_name(&args.policy).ok_or_else(|| Msg::UnknownPolicy { name: args.policy.clone() })?;
    if let Some(at) = &args.at {
        let t = kyso::time::parse_rfc3339(at).ok_or_else(|| Msg::BadTime { value: at.clone() })?;
        policy.validation_time = ValidationTime::At(t);
    }
    if args.danger_no_revocation {
        policy = policy.danger_without_revocation();
    }
    let signature = files::read(&args.file, files::MAX_INPUT)?;
    let shown = args.file.display().to_string();
    // Unreadable input is a usage-level error for the CLI (exit ≥ 64), not a verdict.
    if let Err(e) = kyso::cms::inspect(&signature) {
        return Err(Msg::NotCms { path: shown, reason: format!("{e:?}") });
    }
    let content = match &args.content {
        Some(p) => Some(files::read(p, files::MAX_CONTENT)?),
        None => None,
    };
    let mut store = TrustStore::new();
    store.add_anchors(load_all(&args.trust)?);
    for name in &args.bundle {
        let b = TrustStore::vn_bundle(name).map_err(|_| Msg::UnknownBundle { name: name.clone() })?;
        store.extend(&b);
    }
    let untrusted = load_all(&args.untrusted)?;
    let input = VerifyInput { signature, content, store, untrusted, policy, now: files::now()? };
    let report = verify_loaded(&input);
    if args.json {
        outln!("{}", report.to_json());
    } else {
        out!("{}", report.to_text(lang));
    }
    Ok(exit_code(report.indication))
}

/// `kyso inspect` of CMS input.
pub fn inspect_cms(bytes: &[u8], path: &str, json: bool, lang: Lang) -> CmdResult {
    let info = kyso::cms::inspect(bytes).map_err(|_| Msg::NotInspectable { path: path.to_owned() })?;
    let certs = kyso::cms::certificates(bytes).unwrap_or_default();
    let cert_views: Vec<_> = certs.iter().map(crate::inspect::cert_view).collect();
    if json {
        let v = serde_json::json!({ "cms": info, "certificates": cert_views });
        outln!("{}", crate::inspect::to_json(&v)?);
        return Ok(0);
    }
    out!("{}", cms_text(&info, lang));
    for (i, v) in cert_views.iter().enumerate() {
        outln!();
        out!("{}", crate::inspect::cert_text(v, lang, i, cert_views.len()));
    }
    Ok(0)
}

fn alg(a: &kyso::cms::parse::AlgorithmInfo) -> String {
    match a.name {
        Some(n) => format!("{n} ({})", a.oid),
        None => a.oid.clone(),
    }
}

fn cms_text(info: &kyso::cms::SignedDataInfo, lang: Lang) -> String {
    use std::fmt::Write;
    let l = |vi, en| label(lang, vi, en);
    let mut s = String::new();
    let _ = writeln!(s, "CMS SignedData (v{}, {})", info.version, info.encoding.to_ascii_uppercase());
    let ct = match info.content_type_name {
        Some(n) => format!("{n} ({})", info.content_type),
        None => info.content_type.clone(),
    };
    let _ = writeln!(s, "  {:<26} {ct}", l("Loại nội dung:", "Content type:"));
    let attached = match (info.attached, info.content_len) {
        (true, Some(n)) => format!("{} ({n} byte)", l("có, kèm trong chữ ký", "yes, inside the signature")),
        (true, None) => l("có", "yes").to_owned(),
        (false, _) => l("không (chữ ký tách rời)", "no (detached signature)").to_owned(),
    };
    let _ = writeln!(s, "  {:<26} {attached}", l("Nội dung đính kèm:", "Content attached:"));
    let digests: Vec<String> = info.digest_algorithms.iter().map(alg).collect();
    let _ = writeln!(s, "  {:<26} {}", l("Thuật toán băm:", "Digest algorithms:"), digests.join(", "));
    let _ = writeln!(s, "  {:<26} {}", l("Số chứng thư số:", "Certificates:"), info.certificates.len());
    let _ = writeln!(s, "  {:<26} {}", "CRL:", info.crl_count);
    let _ = writeln!(s, "  {:<26} {}", l("Số người ký:", "Signers:"), info.signers.len());
    for f in &info.findings {
        let _ = writeln!(s, "  ! {}", f.message(lang));
    }
    for signer in &info.signers {
        signer_text(&mut s, signer, lang, "  ");
    }
    s
}

fn signer_text(s: &mut String, si: &kyso::cms::parse::SignerInfoView, lang: Lang, indent: &str) {
    use std::fmt::Write;
    let l = |vi, en| label(lang, vi, en);
    let _ = writeln!(s, "{indent}{} {} (v{}):", l("Người ký", "Signer"), si.index.saturating_add(1), si.version);
    let _ = writeln!(s, "{indent}  {:<24} {}", l("Định danh chứng thư:", "Certificate id:"), si.signer_identifier);
    let _ = writeln!(s, "{indent}  {:<24} {}", l("Thuật toán băm:", "Digest:"), alg(&si.digest_algorithm));
    let _ = writeln!(s, "{indent}  {:<24} {}", l("Thuật toán ký:", "Signature:"), alg(&si.signature_algorithm));
    match &si.signed_attributes {
        None => {
            let _ = writeln!(s, "{indent}  {}", l("Không có thuộc tính được ký", "No signed attributes"));
        }
        Some(attrs) => {
            let _ = writeln!(s, "{indent}  {}", l("Thuộc tính được ký:", "Signed attributes:"));
            for a in attrs {
                let name = a.name.unwrap_or(a.oid.as_str());
                let _ = writeln!(s, "{indent}    {name}: {}", a.values.join("; "));
            }
        }
    }
    if !si.unsigned_attributes.is_empty() {
        let _ = writeln!(s, "{indent}  {}", l("Thuộc tính không ký:", "Unsigned attributes:"));
        for a in &si.unsigned_attributes {
            let name = a.name.unwrap_or(a.oid.as_str());
            let _ = writeln!(s, "{indent}    {name}: {} {}", a.values.len(), l("giá trị", "value(s)"));
        }
    }
    for c in &si.counter_signatures {
        let _ = writeln!(s, "{indent}  {}", l("Chữ ký đối chứng (counter-signature):", "Counter-signature:"));
        signer_text(s, c, lang, &format!("{indent}    "));
    }
}
