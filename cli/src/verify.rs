//! `kyso verify`.

use std::path::PathBuf;

use kyso::cms::{DetachedContent, VerifyOptions};
use kyso::path::{PathValidator, TrustStore};
use kyso::policy::ValidationTime;
use kyso::report::{ChainReport, CheckStatus, TimeSource, TimeUsed};
use kyso::revocation::{Checker, EvidenceOrigin, RevocationEvidence};
use kyso::{Certificate, Indication, Lang, Report, RustCryptoProvider, ValidationPolicy};

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

/// Trust, revocation data, policy and clock, loaded: shared by `verify`, `chain` and the demo.
#[derive(Clone)]
pub struct Validation {
    pub store: TrustStore,
    pub untrusted: Vec<Certificate>,
    pub evidence: RevocationEvidence,
    pub online: bool,
    pub policy: ValidationPolicy,
    pub now: kyso::DateTime,
}

impl Validation {
    /// Run `f` with a path validator wired to a revocation checker holding the evidence (and
    /// the HTTP fetcher with `--online`).
    fn with_validator<T>(&self, f: impl FnOnce(&PathValidator<'_>) -> T) -> T {
        let fetcher = HttpFetcher::default();
        let mut checker = Checker::new().with_current_time(self.now);
        checker.add_evidence(&self.evidence, EvidenceOrigin::Caller);
        if self.online {
            checker = checker.with_fetcher(&fetcher);
        }
        let validator = PathValidator::borrowing(&self.store).with_revocation(&checker);
        f(&validator)
    }
}

/// Verify a signature (detached `content` if given) under `v`.
pub fn verify_with(v: &Validation, signature: &[u8], content: Option<&[u8]>) -> Report {
    let crypto = RustCryptoProvider;
    v.with_validator(|validator| {
        let options = VerifyOptions::new(v.policy.clone(), v.now, &crypto)
            .with_chain_validator(validator)
            .with_extra_certificates(&v.untrusted);
        kyso::cms::verify(signature, content.map(DetachedContent::Bytes), &options)
    })
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
        policy.validation_time = ValidationTime::At(t);
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
    let mut evidence = RevocationEvidence::default();
    for p in &a.crl {
        let bytes = files::read(p, files::MAX_INPUT)?;
        // Refuse what is not a CRL up front: a typo must not silently become "status unknown".
        kyso::revocation::Crl::load_any(&bytes).map_err(|e| Msg::NotCrl {
            path: p.display().to_string(),
            reason: e.message().into(),
        })?;
        evidence.crls.push(bytes);
    }
    for p in &a.ocsp {
        let bytes = files::read(p, files::MAX_INPUT)?;
        kyso::revocation::OcspResponse::from_der(&bytes).map_err(|e| Msg::NotOcsp {
            path: p.display().to_string(),
            reason: e.message().into(),
        })?;
        evidence.ocsp_responses.push(bytes);
    }
    Ok(Validation {
        store,
        untrusted: load_all(&a.untrusted)?,
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

/// `kyso chain`: path validation of one certificate, with revocation.
pub fn run_chain(args: &ChainArgs, lang: Lang) -> CmdResult {
    let bytes = files::read(&args.cert, files::MAX_INPUT)?;
    let certs = kyso::path::load_certificates(&bytes).map_err(|e| Msg::NotCertificate {
        path: args.cert.display().to_string(),
        reason: e.message().into(),
    })?;
    let mut it = certs.into_iter();
    let leaf = it.next().ok_or_else(|| Msg::NoCertificates {
        path: args.cert.display().to_string(),
    })?;
    let mut v = load_validation(&args.validation)?;
    v.untrusted.extend(it);
    // Certificates alone have no signing time: validate at --at, else now.
    let time = match v.policy.validation_time {
        ValidationTime::At(t) => TimeUsed {
            time: t,
            source: TimeSource::Fixed,
        },
        _ => TimeUsed {
            time: v.now,
            source: TimeSource::Current,
        },
    };
    let crypto = RustCryptoProvider;
    let report = v.with_validator(|validator| {
        kyso::ChainValidator::validate(
            validator,
            &leaf,
            &v.untrusted,
            args.purpose.into(),
            &time,
            &v.policy,
            &crypto,
        )
    });
    if args.validation.json {
        outln!("{}", crate::inspect::to_json(&report)?);
    } else {
        out!("{}", chain_text(&report, lang));
    }
    Ok(exit_code(report.indication))
}

fn status_text(s: CheckStatus, lang: Lang) -> &'static str {
    match s {
        CheckStatus::Passed => label(lang, "đạt", "passed"),
        CheckStatus::Failed => label(lang, "KHÔNG ĐẠT", "FAILED"),
        CheckStatus::Indeterminate => label(lang, "chưa xác định", "indeterminate"),
        CheckStatus::Skipped => label(lang, "bỏ qua", "skipped"),
        _ => label(lang, "không áp dụng", "not applicable"),
    }
}

fn chain_text(r: &ChainReport, lang: Lang) -> String {
    use std::fmt::Write;
    let l = |vi, en| label(lang, vi, en);
    let mut s = String::new();
    let verdict = match r.indication {
        Indication::TotalPassed => kyso::MessageId::IndicationTotalPassed,
        Indication::TotalFailed => kyso::MessageId::IndicationTotalFailed,
        _ => kyso::MessageId::IndicationIndeterminate,
    };
    let sub = r
        .sub_indication
        .map(|x| format!(" / {}", x.as_str()))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "{} {} [{}{sub}]",
        l("Chuỗi chứng thư số:", "Certificate chain:"),
        verdict.template(lang).split(':').next().unwrap_or_default(),
        r.indication.as_str()
    );
    let _ = writeln!(
        s,
        "{} {}",
        l("Thời điểm kiểm tra:", "Validated at:"),
        kyso::time::vietnam_iso8601(&r.time_used.time)
    );
    for (i, c) in r.certificates.iter().enumerate() {
        let anchor = if c.is_trust_anchor {
            l(" (chứng thư gốc tin cậy)", " (trust anchor)")
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {}. {}{anchor}: {}",
            i.saturating_add(1),
            c.subject,
            status_text(c.status, lang)
        );
        if let Some(rev) = &c.revocation {
            let st = serde_json::to_value(rev.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let src = rev
                .source
                .clone()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            let _ = writeln!(s, "     {} {st}{src}", l("Thu hồi:", "Revocation:"));
            for f in &rev.findings {
                let _ = writeln!(s, "       - {}", f.message(lang));
            }
        }
        for f in &c.findings {
            let _ = writeln!(s, "     - {}", f.message(lang));
        }
    }
    // A finding about one certificate is in the chain's list too; it was printed under that
    // certificate above, and is said once (issue 9: no finding printed twice).
    let under_a_certificate =
        |f: &&kyso::report::Finding| r.certificates.iter().any(|c| c.findings.contains(f));
    for f in r.findings.iter().filter(|f| !under_a_certificate(f)) {
        let _ = writeln!(s, "  - {}", f.message(lang));
    }
    s
}
