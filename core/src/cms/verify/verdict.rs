//! How the checks of one signer fold into its indication (ETSI EN 319 102-1 §5.1: the worst
//! result wins; among equals the earliest building block's reason is kept).

use crate::i18n::MessageId;
use crate::report::{CheckStatus, Finding, Indication, Severity, SubIndication};

/// The running verdict of one signer: worst indication wins; on a tie the first reason stays.
pub(crate) struct Verdict {
    pub(crate) indication: Indication,
    pub(crate) sub: Option<SubIndication>,
}

impl Verdict {
    pub(crate) fn new() -> Self {
        Self {
            indication: Indication::TotalPassed,
            sub: None,
        }
    }

    pub(crate) fn fold(&mut self, indication: Indication, sub: Option<SubIndication>) {
        let worse = self.indication.worst(indication);
        if worse != self.indication {
            self.indication = worse;
            self.sub = sub;
        } else if worse == indication && self.sub.is_none() && worse != Indication::TotalPassed {
            self.sub = sub;
        }
    }

    pub(crate) fn fail(&mut self, sub: SubIndication) {
        self.fold(Indication::TotalFailed, Some(sub));
    }

    pub(crate) fn indeterminate(&mut self, sub: SubIndication) {
        self.fold(Indication::Indeterminate, Some(sub));
    }
}

/// Accumulates checks, findings and the verdict of one signer.
pub(super) struct Acc {
    pub(super) verdict: Verdict,
    pub(super) checks: Vec<(String, CheckStatus)>,
    pub(super) findings: Vec<Finding>,
}

impl Acc {
    pub(super) fn new() -> Self {
        Self {
            verdict: Verdict::new(),
            checks: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub(super) fn check(&mut self, name: &str, status: CheckStatus) {
        self.checks.push((name.to_owned(), status));
    }

    /// Record a finding once: the same sentence twice tells the reader nothing more (and
    /// reads as two problems). Causes of repeats are fixed where found; this is the backstop.
    pub(super) fn find(&mut self, f: Finding) {
        if !self.findings.contains(&f) {
            self.findings.push(f);
        }
    }

    pub(super) fn failed(&mut self, name: &str, sub: SubIndication, f: Finding) {
        self.check(name, CheckStatus::Failed);
        self.verdict.fail(sub);
        self.find(f);
    }

    pub(super) fn undecided(&mut self, name: &str, sub: SubIndication, f: Finding) {
        self.check(name, CheckStatus::Indeterminate);
        self.verdict.indeterminate(sub);
        self.find(f);
    }
}

pub(super) fn err(code: MessageId) -> Finding {
    Finding::new(code, Severity::Error)
}
