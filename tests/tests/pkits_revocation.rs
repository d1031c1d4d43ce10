//! NIST PKITS sections 4.4 (basic CRL), 4.14 (distribution points, indirect CRLs,
//! onlySomeReasons) and 4.15 (delta CRLs) at the revocation level, ahead of the full path
//! harness (the path module runs every PKITS section through real path validation).
//!
//! The chain of each test is built here by name and signature from the supplied certificates
//! (PKITS chains are unambiguous), every certificate of it is checked by the [`Checker`] with
//! the test's CRLs, and CRL signers outside the chain (indirect CRL issuers, separate CRL keys)
//! are validated by a small validator that chains them the same way and checks their own
//! revocation (recursively, depth-bounded). A run succeeds iff every certificate below the
//! anchor has status good. Validated at 2011-04-15, revocation required, CRLs only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod revocation_support;

use std::cell::Cell;

use kyso::DateTime;
use kyso::RevocationStatus;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, IssuerValidator, RevocationChecker, RevocationEvidence};
use kyso::{CryptoProvider, SignatureScheme};
use kyso::{KeyPurpose, RevocationMode, RevocationSources, ValidationPolicy};
use revocation_support::*;

fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    let Ok(scheme) =
        SignatureScheme::from_algorithm_identifier(cert.x509().signature_algorithm(), None)
    else {
        return false;
    };
    let Some(sig) = cert.x509().signature().as_bytes() else {
        return false;
    };
    RustCryptoProvider
        .verify(scheme, issuer.public_key_info(), cert.tbs_der(), sig)
        .is_ok()
}

/// [cert, …, anchor] by issuer name and signature; `None` if no chain.
fn chain<'a>(
    cert: &'a Certificate,
    pool: &'a [Certificate],
    anchor: &'a Certificate,
) -> Option<Vec<&'a Certificate>> {
    let mut out = vec![cert];
    for _ in 0..10 {
        let last = *out.last().unwrap();
        if last.issuer_name() == anchor.subject_name() && signed_by(last, anchor) {
            out.push(anchor);
            return Some(out);
        }
        let next = pool.iter().find(|c| {
            c.subject_name() == last.issuer_name()
                && !out.iter().any(|o| o.der() == c.der())
                && signed_by(last, c)
        })?;
        out.push(next);
    }
    None
}

struct Validator<'a> {
    pool: Vec<Certificate>,
    anchor: &'a Certificate,
    checker: &'a Checker<'a>,
    policy: &'a ValidationPolicy,
    depth: Cell<u8>,
}

impl Validator<'_> {
    /// Every certificate of `chain` below the anchor valid at `time` and not revoked.
    fn chain_ok(&self, chain: &[&Certificate], time: &DateTime) -> Result<(), String> {
        for i in 0..chain.len() - 1 {
            if !chain[i].is_valid_at(time) {
                return Err(format!("{} expired or not yet valid", chain[i].subject()));
            }
            let r = self
                .checker
                .check(chain, i, time, self.policy, &RustCryptoProvider, self);
            if r.status != RevocationStatus::Good
                && r.status != RevocationStatus::RevokedAfterValidationTime
            {
                return Err(format!(
                    "{}: {:?} {:?}",
                    chain[i].subject(),
                    r.status,
                    r.findings
                        .iter()
                        .map(|f| f.message(kyso::Lang::En))
                        .collect::<Vec<_>>()
                ));
            }
        }
        Ok(())
    }
}

impl IssuerValidator for Validator<'_> {
    fn validate_revocation_signer(
        &self,
        signer: &Certificate,
        _: KeyPurpose,
        time: &DateTime,
    ) -> bool {
        // Recursion guard: a CRL signer whose status depends on CRLs it signs itself.
        if self.depth.get() >= 4 {
            return false;
        }
        self.depth.set(self.depth.get() + 1);
        let ok =
            chain(signer, &self.pool, self.anchor).is_some_and(|c| self.chain_ok(&c, time).is_ok());
        self.depth.set(self.depth.get() - 1);
        ok
    }
    fn pool(&self) -> &[Certificate] {
        &self.pool
    }
}

#[test]
fn pkits_crl_sections() {
    let dir = testdata().join("pkits");
    let suite: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("pkits.json")).unwrap()).unwrap();
    let time = parse_time(suite["validation_time"].as_str().unwrap());
    let load_cert = |n: &str| {
        Certificate::from_der(&std::fs::read(dir.join("certs").join(n)).unwrap()).unwrap()
    };
    let exceptions = load_exceptions(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/pkits-revocation.toml"),
    );
    let mut policy = ValidationPolicy::vn_gov();
    policy.revocation = RevocationMode::Require;
    policy.revocation_sources = RevocationSources::CrlOnly;

    let mut tally = Tally::default();
    let mut runs = 0;
    for t in suite["testcases"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        if !(id.starts_with("4.4.") || id.starts_with("4.14.") || id.starts_with("4.15.")) {
            continue;
        }
        runs += 1;
        let want = t["expected_result"].as_str().unwrap();
        let anchor = load_cert(t["trust_anchor"].as_str().unwrap());
        let pool: Vec<Certificate> = t["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| load_cert(p.as_str().unwrap()))
            .collect();
        let evidence = RevocationEvidence::new(
            t["crls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| std::fs::read(dir.join("crls").join(c.as_str().unwrap())).unwrap())
                .collect(),
            vec![],
        );
        let checker = Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller);
        let validator = Validator {
            pool: pool.clone(),
            anchor: &anchor,
            checker: &checker,
            policy: &policy,
            depth: Cell::new(0),
        };
        let ee = pool.last().unwrap();
        let result = match chain(ee, &pool, &anchor) {
            None => Err("no chain".to_owned()),
            Some(c) => validator.chain_ok(&c, &time),
        };
        let ours = if result.is_ok() { "SUCCESS" } else { "FAILURE" };
        if ours != want {
            println!("  {id} {}: {ours}: {result:?}", t["name"].as_str().unwrap());
        }
        tally.record(id, want, ours, &exceptions);
    }
    assert_eq!(runs, 66, "4.4 (21) + 4.14 (35) + 4.15 (10) runs");
    tally.finish("PKITS 4.4/4.14/4.15 (revocation level)", &exceptions);
}
