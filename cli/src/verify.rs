//! `kyso verify`.

use std::path::PathBuf;

use kyso::{
    Certificate, Evidence, EvidenceError, Indication, KeyPurpose, Lang, Report, RustCryptoProvider,
    TrustStore, ValidationPolicy, Verifier,
};

use crate::files;
use crate::http::HttpFetcher;
use crate::msg::Msg;
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
    pub(crate) fn with_session<T>(&self, f: impl FnOnce(&Verifier<'_>) -> T) -> T {
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
fn refused(path: &std::path::Path, error: EvidenceError) -> Msg {
    Msg::Refused {
        path: path.display().to_string(),
        error,
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Certificate>, Msg> {
    let mut out = Vec::new();
    for p in paths {
        let bytes = files::read(p, files::MAX_INPUT)?;
        let certs = kyso::load_certificates(&bytes).map_err(|e| Msg::NotCertificate {
            path: p.display().to_string(),
            reason: e.message().into(),
        })?;
        out.extend(certs);
    }
    Ok(out)
}

pub(crate) fn load_validation(a: &ValidationArgs) -> Result<Validation, Msg> {
    let mut policy = ValidationPolicy::by_name(&a.policy).ok_or_else(|| Msg::UnknownPolicy {
        name: a.policy.clone(),
    })?;
    if let Some(at) = &a.at {
        let t = kyso::time::parse_rfc3339(at).ok_or_else(|| Msg::BadTime { value: at.clone() })?;
        policy.validation_time = kyso::ValidationTime::At(t);
    }
    if a.danger_no_revocation {
        policy = policy.danger_without_revocation();
    }
    let mut store = TrustStore::new();
    store.add_anchors(load_all(&a.trust)?);
    for name in &a.bundle {
        let b =
            TrustStore::vn_bundle(name).map_err(|e| Msg::UnknownBundle { error: e.message() })?;
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
        now: match &a.now {
            Some(now) => {
                kyso::time::parse_rfc3339(now).ok_or_else(|| Msg::BadTime { value: now.clone() })?
            }
            None => files::now()?,
        },
    })
}

pub fn run(args: &VerifyArgs, lang: Lang) -> CmdResult {
    if files::is_pdf_file(&args.file) {
        return run_pdf(args, lang);
    }
    let signature = files::read(&args.file, files::MAX_INPUT)?;
    if kyso::is_timestamp_token(&signature) {
        return run_token(args, &signature, lang);
    }
    let shown = args.file.display().to_string();
    // Unreadable input is a usage-level error for the CLI (exit ≥ 64), not a verdict. With
    // --json the exit status stays, but stdout carries core's report on those bytes (its
    // FORMAT_FAILURE), the same report C and npm give (issue 10 item 4).
    let unreadable = kyso::inspect_signed_data(&signature)
        .err()
        .map(|e| Msg::NotCms {
            path: shown,
            reason: e.message().into(),
        });
    if let (Some(m), false) = (&unreadable, args.validation.json) {
        return Err(m.clone());
    }
    // Unreadable input stays the error reported first, as without --json (same exit status).
    let first = |e: Msg| unreadable.clone().unwrap_or(e);
    let content = match &args.content {
        Some(p) => Some(files::read(p, files::MAX_CONTENT).map_err(first)?),
        None => None,
    };
    let v = load_validation(&args.validation).map_err(first)?;
    let report = verify_with(&v, &signature, content.as_deref());
    if args.validation.json {
        outln!("{}", report.to_json());
    } else {
        out!("{}", report.to_text(lang));
    }
    Ok(match unreadable {
        Some(m) => m.exit_code(),
        None => exit_code(report.indication),
    })
}

/// `kyso verify TOKEN --content FILE`: an RFC 3161 token (or a TSA's answer) over a file.
fn run_token(args: &VerifyArgs, token: &[u8], lang: Lang) -> CmdResult {
    let path = args.content.as_ref().ok_or(Msg::TokenNeedsContent)?;
    let data = files::read(path, files::MAX_CONTENT)?;
    let v = load_validation(&args.validation)?;
    let report = v.with_session(|session| session.verify_timestamp(token, &data));
    if args.validation.json {
        outln!("{}", report.to_json());
    } else {
        out!("{}", report.to_text(lang));
    }
    Ok(exit_code(report.indication))
}

/// `kyso verify doc.pdf`: every signature of a PDF (core's `Verifier::verify_pdf`), read from
/// the file at offsets. Same exit codes: a PDF without signatures is INDETERMINATE (2).
fn run_pdf(args: &VerifyArgs, lang: Lang) -> CmdResult {
    if args.content.is_some() {
        return Err(Msg::PdfWithContent);
    }
    let source = files::FileSource::open(&args.file)?;
    let read = files::pdf_read_options(&args.pdf_password)?;
    let v = load_validation(&args.validation)?;
    let report = v.with_session(|session| session.verify_pdf_with(&source, &read));
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
    let certs = kyso::load_certificates(&bytes).map_err(|e| Msg::NotCertificate {
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
