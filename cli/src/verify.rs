//! `kyso verify` and the CMS part of `kyso inspect`.

use std::path::PathBuf;

use kyso::{
    Certificate, Evidence, EvidenceError, Indication, KeyPurpose, Lang, Report, RustCryptoProvider,
    TrustStore, ValidationPolicy, Verifier,
};

use crate::files;
use crate::http::HttpFetcher;
use crate::msg::{Msg, label};
use crate::{ChainArgs, CmdResult, ValidationArgs, VerifyArgs};

/// Exit status for an indication (the CLI contract): 0 TOTAL-PASSED, 1 TOTAL-FAILED,
/// 2 INDETERMINATE.
pub fn exit_code(indication: Indication) -> u8 {
    match indication {
        Indication::TotalPassed => 0,
        Indication::TotalFailed => 1,
        _ => 2,
    }
}

/// Trust, evidence, policy and clock, loaded: shared by `verify`, `chain` and the demo.
#[derive(Clone)]
pub struct Validation {
    pub store: TrustStore,
    pub evidence: Evidence,
    pub online: bool,
    pub policy: ValidationPolicy,
    pub now: kyso::DateTime,
}

impl Validation {
    /// Run `f` with core's verification session over these settings (and the HTTP fetcher
    /// with `--online`).
    fn with_session<T>(&self, f: impl FnOnce(&Verifier<'_>) -> T) -> T {
        let fetcher = HttpFetcher::default();
        let crypto = RustCryptoProvider;
        let mut session = Verifier::borrowing(&self.store, self.policy.clone(), self.now, &crypto)
            .with_evidence_ref(&self.evidence);
        if self.online {
            session = session.with_fetcher(&fetcher);
        }
        f(&session)
    }
}

/// Verify a signature (detached `content` if given) under `v`.
pub fn verify_with(v: &Validation, signature: &[u8], content: Option<&[u8]>) -> Report {
    v.with_session(|session| session.verify_cms(signature, content))
}

/// The CLI's message for evidence core refused: the file named, then core's reason.
fn refused(path: &std::path::Path, e: EvidenceError) -> Msg {
    let path = path.display().to_string();
    let reason = e.reason().cloned().unwrap_or_else(|| e.message()).into();
    match e {
        EvidenceError::NotCrl { .. } => Msg::NotCrl { path, reason },
        EvidenceError::NotOcspResponse { .. } => Msg::NotOcsp { path, reason },
        _ => Msg::NotCertificate { path, reason },
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Certificate>, Msg> {
    let mut out = Vec::new();
    for p in paths {
        let bytes = files::read(p, files::MAX_INPUT)?;
        let certs = kyso::path::load_certificates(&bytes).map_err(|e| Msg::NotCertificate {
            path: p.display().to_string(),
            reason: e.message().into(),
        })?;
        out.extend(certs);
    }
    Ok(out)
}

fn load_validation(a: &ValidationArgs) -> Result<Validation, Msg> {
    let mut policy = ValidationPolicy::by_name(&a.policy).ok_or_else(|| Msg::UnknownPolicy {
        name: a.policy.clone(),
    })?;
    if let Some(at) = &a.at {
        let t = kyso::time::parse_rfc3339(at).ok_or_else(|| Msg::BadTime { value: at.clone() })?;
        policy.validation_time = kyso::policy::ValidationTime::At(t);
    }
    if a.danger_no_revocation {
        policy = policy.danger_without_revocation();
    }
    let mut store = TrustStore::new();
    store.add_anchors(load_all(&a.trust)?);
    for name in &a.bundle {
        let b =
            TrustStore::vn_bundle(name).map_err(|_| Msg::UnknownBundle { name: name.clone() })?;
        store.extend(&b);
    }
    // Core refuses what is not what it was given as: a typo must not silently become
    // "status unknown" (the same typed error on every surface).
    let mut evidence = Evidence::new();
    for p in &a.crl {
        let bytes = files::read(p, files::MAX_INPUT)?;
        evidence.add_crl(&bytes).map_err(|e| refused(p, e))?;
    }
    for p in &a.ocsp {
        let bytes = files::read(p, files::MAX_INPUT)?;
        evidence
            .add_ocsp_response(&bytes)
            .map_err(|e| refused(p, e))?;
    }
    for p in &a.untrusted {
        let bytes = files::read(p, files::MAX_INPUT)?;
        evidence
            .add_certificates(&bytes)
            .map_err(|e| refused(p, e))?;
    }
    Ok(Validation {
        store,
        evidence,
        online: a.online,
        policy,
        now: files::now()?,
    })
}

pub fn run(args: &VerifyArgs, lang: Lang) -> CmdResult {
    let signature = files::read(&args.file, files::MAX_INPUT)?;
    let shown = args.file.display().to_string();
    // Unreadable input is a usage-level error for the CLI (exit ≥ 64), not a verdict.
    if let Err(e) = kyso::cms::inspect(&signature) {
        return Err(Msg::NotCms {
            path: shown,
            reason: e.message().into(),
        });
    }
    let content = match &args.content {
        Some(p) => Some(files::read(p, files::MAX_CONTENT)?),
        None => None,
    };
    let v = load_validation(&args.validation)?;
    let report = verify_with(&v, &signature, content.as_deref());
    if args.validation.json {
        outln!("{}", report.to_json());
    } else {
        out!("{}", report.to_text(lang));
    }
    Ok(exit_code(report.indication))
}

/// `kyso chain`: path validation of one certificate, with revocation, at the time the policy
/// picks for a certificate alone (core's `Verifier::chain_time`).
pub fn run_chain(args: &ChainArgs, lang: Lang) -> CmdResult {
    let bytes = files::read(&args.cert, files::MAX_INPUT)?;
    let certs = kyso::path::load_certificates(&bytes).map_err(|e| Msg::NotCertificate {
        path: args.cert.display().to_string(),
        reason: e.message().into(),
    })?;
    let (leaf, rest) = certs.split_first().ok_or_else(|| Msg::NoCertificates {
        path: args.cert.display().to_string(),
    })?;
    // clap checked the name against core's table (`KeyPurpose::all_names`).
    let purpose = KeyPurpose::from_name(&args.purpose).unwrap_or(KeyPurpose::DocumentSigning);
    let v = load_validation(&args.validation)?;
    let report = v.with_session(|session| session.validate_chain(leaf, rest, purpose));
    if args.validation.json {
        outln!("{}", report.to_json());
    } else {
        out!("{}", report.to_text(lang));
    }
    Ok(exit_code(report.indication))
}

/// `kyso inspect` of CMS input.
pub fn inspect_cms(
    bytes: &[u8],
    path: &str,
    json: bool,
    lang: Lang,
    not_certificate: kyso::ErrorText,
) -> CmdResult {
    let info = kyso::cms::inspect(bytes).map_err(|e| Msg::NotInspectable {
        path: path.to_owned(),
        certificate: not_certificate.into(),
        cms: e.message().into(),
    })?;
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
        out!(
            "{}",
            crate::inspect::cert_text(v, lang, i, cert_views.len())
        );
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
    let _ = writeln!(s, "  {:<26} {ct}", l("Loại nội dung:", "Content type:"));
    let attached = match (info.attached, info.content_len) {
        (true, Some(n)) => format!(
            "{} ({n} byte)",
            l("có, kèm trong chữ ký", "yes, inside the signature")
        ),
        (true, None) => l("có", "yes").to_owned(),
        (false, _) => l("không (chữ ký tách rời)", "no (detached signature)").to_owned(),
    };
    let _ = writeln!(
        s,
        "  {:<26} {attached}",
        l("Nội dung đính kèm:", "Content attached:")
    );
    let digests: Vec<String> = info.digest_algorithms.iter().map(alg).collect();
    let _ = writeln!(
        s,
        "  {:<26} {}",
        l("Thuật toán băm:", "Digest algorithms:"),
        digests.join(", ")
    );
    let _ = writeln!(
        s,
        "  {:<26} {}",
        l("Số chứng thư số:", "Certificates:"),
        info.certificates.len()
    );
    let _ = writeln!(s, "  {:<26} {}", "CRL:", info.crl_count);
    let _ = writeln!(
        s,
        "  {:<26} {}",
        l("Số người ký:", "Signers:"),
        info.signers.len()
    );
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
    let _ = writeln!(
        s,
        "{indent}{} {} (v{}):",
        l("Người ký", "Signer"),
        si.index.saturating_add(1),
        si.version
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l("Định danh chứng thư:", "Certificate id:"),
        si.signer_identifier
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l("Thuật toán băm:", "Digest:"),
        alg(&si.digest_algorithm)
    );
    let _ = writeln!(
        s,
        "{indent}  {:<24} {}",
        l("Thuật toán ký:", "Signature:"),
        alg(&si.signature_algorithm)
    );
    match &si.signed_attributes {
        None => {
            let _ = writeln!(
                s,
                "{indent}  {}",
                l("Không có thuộc tính được ký", "No signed attributes")
            );
        }
        Some(attrs) => {
            let _ = writeln!(
                s,
                "{indent}  {}",
                l("Thuộc tính được ký:", "Signed attributes:")
            );
            for a in attrs {
                let name = a.name.unwrap_or(a.oid.as_str());
                let _ = writeln!(s, "{indent}    {name}: {}", a.values.join("; "));
            }
        }
    }
    if !si.unsigned_attributes.is_empty() {
        let _ = writeln!(
            s,
            "{indent}  {}",
            l("Thuộc tính không ký:", "Unsigned attributes:")
        );
        for a in &si.unsigned_attributes {
            let name = a.name.unwrap_or(a.oid.as_str());
            let _ = writeln!(
                s,
                "{indent}    {name}: {} {}",
                a.values.len(),
                l("giá trị", "value(s)")
            );
        }
    }
    for c in &si.counter_signatures {
        let _ = writeln!(
            s,
            "{indent}  {}",
            l(
                "Chữ ký đối chứng (counter-signature):",
                "Counter-signature:"
            )
        );
        signer_text(s, c, lang, &format!("{indent}    "));
    }
}
