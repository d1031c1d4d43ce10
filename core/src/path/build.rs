//! Path building: depth-first search with backtracking over every candidate issuer (the
//! approach of rustls-webpki `src/verify_cert.rs`, which OpenSSL lacks), so that cross-
//! certificates, several anchors and stale intermediates in the pool do not hide a good path.
//!
//! - Candidates are matched by issuer/subject name under RFC 5280 §7.1 comparison and ordered
//!   by AuthorityKeyIdentifier / SubjectKeyIdentifier agreement (matching first, unknown next,
//!   mismatching last — a mismatch is allowed, RFC 5280 §4.2.1.1 does not make AKI binding),
//!   anchors before untrusted certificates at equal preference.
//! - A loop check refuses a certificate whose (subject, SubjectPublicKeyInfo) is already in the
//!   partial path.
//! - Each link's signature is verified before descending (cached: backtracking never checks
//!   the same link twice); a complete path then goes through RFC 5280 §6.1 ([`super::process`])
//!   and revocation; if either fails the search backtracks and tries the next candidate.
//! - Work is bounded by [`super::budget::Budget`]; exhaustion stops the search at once.
//! - On failure the most specific error over all paths tried is kept (by [`PathError::rank`]).

use core::cell::RefCell;
use std::collections::BTreeMap;

use super::budget::{Budget, BudgetKind};
use super::error::PathError;
use super::process::{self, Inputs, Processed};
use super::store::{TrustAnchor, TrustStore};
use crate::cert::{Certificate, dsa_without_parameters, working_public_key};
use crate::crypto::CryptoProvider;
use crate::i18n::MessageId;
use crate::name::NormName;
use crate::policy::{KeyPurpose, RevocationMode, ValidationPolicy};
use crate::report::{Finding, RevocationReport, RevocationStatus, Severity};
use crate::revocation::{IssuerValidator, RevocationChecker};
use crate::time::DateTime;

/// A candidate issuer.
#[derive(Clone, Copy)]
enum Cand<'a> {
    Anchor(&'a TrustAnchor),
    Pool(&'a Certificate),
}

impl<'a> Cand<'a> {
    fn cert(self) -> &'a Certificate {
        match self {
            Self::Anchor(a) => a.certificate(),
            Self::Pool(c) => c,
        }
    }
}

/// A path that passed §6.1 (revocation may still be undecided).
pub(crate) struct Found<'a> {
    pub(crate) path: Vec<&'a Certificate>,
    pub(crate) processed: Processed,
    /// Per certificate (anchor excluded): the revocation report, if checked.
    pub(crate) revocation: Vec<Option<RevocationReport>>,
    /// Revocation undecided (`RevocationUnknown`): the path is INDETERMINATE, not valid.
    pub(crate) revocation_error: Option<PathError>,
    pub(crate) findings: Vec<Finding>,
}

/// Best failure so far.
pub(crate) struct Failure<'a> {
    pub(crate) error: PathError,
    pub(crate) path: Vec<&'a Certificate>,
    /// When the path passed §6.1 and failed on revocation: the revocation report of each
    /// certificate (anchor excluded), so that the report shows the evidence. Else empty.
    pub(crate) revocation: Vec<Option<RevocationReport>>,
}

pub(crate) enum Outcome<'a> {
    Valid(Found<'a>),
    Failed(Failure<'a>),
}

/// What the depth-first search has found so far besides a valid path: the most specific
/// failure (reported when nothing validates), and a path valid except for undecided
/// revocation (preferred to any failure, kept while a fully valid path is still sought).
struct Outcomes<'a> {
    best: Option<Failure<'a>>,
    pending: Option<Found<'a>>,
}

enum Flow<'a> {
    /// Keep searching.
    Continue,
    /// A fully valid path.
    Done(Found<'a>),
    /// Budget exhausted: stop everything.
    Fatal(BudgetKind),
}

/// Verified links: (the certificate's whole DER — its TBSCertificate, algorithm and signature
/// value —, issuer SPKI DER) → verified. The key holds every byte the verdict depends on: a
/// key of the signature value alone would hand a genuine certificate's verdict to a copy of
/// it with another TBS (an expired CA's validity extended, a revoked CA's serial changed)
/// once the builder backtracks from the genuine one (RFC 5280 §6.1.3 (a)(1)).
type SigCache = BTreeMap<(Vec<u8>, Vec<u8>), bool>;

/// What every builder of one validation shares, revocation-signer validations included.
pub(crate) struct Shared {
    pub(crate) budget: Budget,
    sig_cache: RefCell<SigCache>,
    /// Untrusted pool plus anchors, owned, for [`IssuerValidator::pool`].
    owned_pool: Vec<Certificate>,
    /// Revocation signers whose validation is in progress further up the stack.
    signers_in_progress: RefCell<Vec<Vec<u8>>>,
}

impl Shared {
    pub(crate) fn new(budget: Budget, store: &TrustStore, extra: &[Certificate]) -> Self {
        let mut owned_pool: Vec<Certificate> = Vec::new();
        for c in extra
            .iter()
            .chain(store.intermediates())
            .chain(store.anchors().iter().map(TrustAnchor::certificate))
        {
            if !owned_pool.contains(c) {
                owned_pool.push(c.clone());
            }
        }
        Self {
            budget,
            sig_cache: RefCell::new(BTreeMap::new()),
            owned_pool,
            signers_in_progress: RefCell::new(Vec::new()),
        }
    }
}

/// One path search: the store, the untrusted pool, and the shared budget and signature
/// cache. Also the [`IssuerValidator`] handed to the revocation checker.
pub(crate) struct Builder<'a> {
    store: &'a TrustStore,
    pool: Vec<&'a Certificate>,
    pool_names: Vec<NormName>,
    anchor_names: Vec<NormName>,
    pub(crate) policy: &'a ValidationPolicy,
    pub(crate) crypto: &'a dyn CryptoProvider,
    shared: &'a Shared,
    revocation: Option<&'a dyn RevocationChecker>,
    /// Nesting of revocation-signer validations (bounded: a CRL signer's own CRL signer …).
    depth: core::cell::Cell<u8>,
}

/// Revocation-signer paths nest at most this deep (root CRL signer → its CRL → …); real PKIs
/// need 1–2 levels.
const MAX_SIGNER_NESTING: u8 = 4;

impl<'a> Builder<'a> {
    pub(crate) fn new(
        store: &'a TrustStore,
        extra: &'a [Certificate],
        policy: &'a ValidationPolicy,
        crypto: &'a dyn CryptoProvider,
        shared: &'a Shared,
        revocation: Option<&'a dyn RevocationChecker>,
    ) -> Self {
        let mut pool: Vec<&'a Certificate> = Vec::new();
        for c in extra.iter().chain(store.intermediates()) {
            if !pool.contains(&c) {
                pool.push(c);
            }
        }
        let pool_names = pool
            .iter()
            .map(|c| NormName::new(c.subject_name()))
            .collect();
        let anchor_names = store
            .anchors()
            .iter()
            .map(|a| NormName::new(a.certificate().subject_name()))
            .collect();
        Self {
            store,
            pool,
            pool_names,
            anchor_names,
            policy,
            crypto,
            shared,
            revocation,
            depth: core::cell::Cell::new(0),
        }
    }

    /// Build and validate a path for `leaf`.
    pub(crate) fn run(
        &self,
        leaf: &'a Certificate,
        purpose: KeyPurpose,
        time: &DateTime,
    ) -> Outcome<'a> {
        let mut chain = vec![leaf];
        let mut keys = vec![(
            NormName::new(leaf.subject_name()),
            leaf.public_key_info_der(),
        )];
        let mut out = Outcomes {
            best: None,
            pending: None,
        };
        // The target itself given as an anchor (RFC 5280 §6.1.1 (d): a name and a key): the
        // path is the anchor alone. If it fails its own checks, a path through its issuer is
        // still searched (it would fail the same checks, and the report keeps the most
        // specific reason).
        if self.is_anchor(leaf) {
            let inp = self.inputs(time, purpose, false);
            match process::process_trusted_target(leaf, &inp) {
                Ok(processed) => {
                    return Outcome::Valid(Found {
                        path: vec![leaf],
                        processed,
                        revocation: Vec::new(),
                        revocation_error: None,
                        findings: Vec::new(),
                    });
                }
                Err(PathError::BudgetExhausted { kind }) => {
                    return Outcome::Failed(Failure {
                        error: PathError::BudgetExhausted { kind },
                        path: vec![leaf],
                        revocation: Vec::new(),
                    });
                }
                Err(e) => Self::record(&mut out.best, e, &[leaf]),
            }
        }
        let flow = self.search(&mut chain, &mut keys, purpose, time, &mut out);
        match flow {
            Flow::Done(f) => Outcome::Valid(f),
            Flow::Fatal(kind) => Outcome::Failed(Failure {
                error: PathError::BudgetExhausted { kind },
                path: vec![leaf],
                revocation: Vec::new(),
            }),
            Flow::Continue => match out.pending {
                // A path valid except for undecided revocation beats any failed path.
                Some(p) => Outcome::Valid(p),
                None => Outcome::Failed(out.best.unwrap_or(Failure {
                    error: PathError::NoIssuer { cert: 0 },
                    path: vec![leaf],
                    revocation: Vec::new(),
                })),
            },
        }
    }

    /// The inputs of one RFC 5280 §6.1 processing run with this builder's policy and budget.
    fn inputs<'i>(
        &'i self,
        time: &'i DateTime,
        purpose: KeyPurpose,
        constrained_anchor: bool,
    ) -> Inputs<'i> {
        Inputs {
            policy: self.policy,
            crypto: self.crypto,
            time,
            purpose,
            budget: &self.shared.budget,
            constrained_anchor,
        }
    }

    /// Whether `cert` is one of the store's anchors: the same certificate, or the same
    /// subject name (RFC 5280 §7.1 comparison) with the same public key, since an anchor is
    /// a name and a key (RFC 5280 §6.1.1 (d)).
    fn is_anchor(&self, cert: &Certificate) -> bool {
        let name = NormName::new(cert.subject_name());
        let spki = cert.public_key_info_der();
        self.store
            .anchors()
            .iter()
            .zip(&self.anchor_names)
            .any(|(a, n)| {
                a.certificate() == cert
                    || (*n == name && a.certificate().public_key_info_der() == spki)
            })
    }

    fn record(best: &mut Option<Failure<'a>>, error: PathError, path: &[&'a Certificate]) {
        Self::record_with(best, error, path, Vec::new());
    }

    fn record_with(
        best: &mut Option<Failure<'a>>,
        error: PathError,
        path: &[&'a Certificate],
        revocation: Vec<Option<RevocationReport>>,
    ) {
        let better = best.as_ref().is_none_or(|b| error.rank() > b.error.rank());
        if better {
            *best = Some(Failure {
                error,
                path: path.to_vec(),
                revocation,
            });
        }
    }

    /// Candidate issuers of `cert`, in preference order.
    fn candidates(&self, cert: &Certificate) -> Vec<Cand<'a>> {
        let want = NormName::new(cert.issuer_name());
        let aki = cert.authority_key_identifier();
        let pref = |c: &Certificate| -> u8 {
            match (&aki, c.subject_key_identifier()) {
                (Some(a), Some(s)) if *a == s => 0,
                (Some(_), Some(_)) => 2,
                _ => 1,
            }
        };
        let mut out: Vec<(u8, u8, Cand<'a>)> = Vec::new();
        for (a, n) in self.store.anchors().iter().zip(&self.anchor_names) {
            if *n == want {
                out.push((pref(a.certificate()), 0, Cand::Anchor(a)));
            }
        }
        for (c, n) in self.pool.iter().zip(&self.pool_names) {
            if *n == want {
                out.push((pref(c), 1, Cand::Pool(c)));
            }
        }
        // Preference, then anchors before the pool, then the order they were found in.
        crate::sort::sorted_by(out, |(p, kind, _), (q, other, _)| {
            (p, kind).cmp(&(q, other))
        })
        .into_iter()
        .map(|(_, _, c)| c)
        .collect()
    }

    /// Verify that `issuer`'s key signed `cert` (RFC 5280 §6.1.3 (a)(1)), cached.
    fn verify_link(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        idx: usize,
    ) -> Result<(), PathError> {
        let x = cert.x509();
        // §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
        if x.signature_algorithm() != x.tbs_certificate().signature() {
            return Err(PathError::SignatureAlgorithmMismatch { cert: idx });
        }
        let scheme = super::sigalg::scheme(x.signature_algorithm()).map_err(|_| {
            PathError::UnsupportedAlgorithm {
                cert: idx,
                oid: x.signature_algorithm().oid.to_string(),
            }
        })?;
        let key = (cert.der().to_vec(), issuer.public_key_info_der());
        if let Some(ok) = self.shared.sig_cache.borrow().get(&key) {
            return if *ok {
                Ok(())
            } else {
                Err(PathError::SignatureInvalid { cert: idx })
            };
        }
        self.shared
            .budget
            .signature()
            .map_err(|kind| PathError::BudgetExhausted { kind })?;
        let ok = self
            .crypto
            .verify(
                scheme,
                issuer.public_key_info(),
                cert.tbs_der(),
                x.signature().raw_bytes(),
            )
            .is_ok();
        self.shared.sig_cache.borrow_mut().insert(key, ok);
        if ok {
            Ok(())
        } else {
            Err(PathError::SignatureInvalid { cert: idx })
        }
    }

    /// Verify the links whose issuer key is DSA without parameters, with the parameters of
    /// the nearest DSA key above it (RFC 5280 §6.1.3 (a)(1), §6.1.4 (d)–(f):
    /// working_public_key_parameters). PKITS 4.1.5.
    fn verify_inherited(&self, full: &[&Certificate]) -> Result<(), PathError> {
        for (k, pair) in full.windows(2).enumerate() {
            let [cert, issuer] = pair else { continue };
            if !dsa_without_parameters(issuer.public_key_info()) {
                continue;
            }
            let spki = working_public_key(full, k.saturating_add(1))
                .filter(|spki| spki.algorithm.parameters.is_some())
                .ok_or(PathError::SignatureInvalid { cert: k })?;
            let x = cert.x509();
            let scheme = super::sigalg::scheme(x.signature_algorithm()).map_err(|_| {
                PathError::UnsupportedAlgorithm {
                    cert: k,
                    oid: x.signature_algorithm().oid.to_string(),
                }
            })?;
            self.shared
                .budget
                .signature()
                .map_err(|kind| PathError::BudgetExhausted { kind })?;
            self.crypto
                .verify(scheme, &spki, cert.tbs_der(), x.signature().raw_bytes())
                .map_err(|_| PathError::SignatureInvalid { cert: k })?;
        }
        Ok(())
    }

    fn search(
        &self,
        chain: &mut Vec<&'a Certificate>,
        keys: &mut Vec<(NormName, Vec<u8>)>,
        purpose: KeyPurpose,
        time: &DateTime,
        out: &mut Outcomes<'a>,
    ) -> Flow<'a> {
        let Some(top) = chain.last().copied() else {
            return Flow::Continue;
        };
        let top_idx = chain.len().saturating_sub(1);
        let cands = self.candidates(top);
        if cands.is_empty() {
            Self::record(&mut out.best, PathError::NoIssuer { cert: top_idx }, chain);
            return Flow::Continue;
        }
        for cand in cands {
            if let Err(kind) = self.shared.budget.candidate() {
                return Flow::Fatal(kind);
            }
            let issuer = cand.cert();
            // Depth: the path with this issuer has chain.len() + 1 certificates.
            if chain.len().saturating_add(1) > usize::from(self.policy.max_path_len) {
                Self::record(
                    &mut out.best,
                    PathError::MaxDepth {
                        max: self.policy.max_path_len,
                    },
                    chain,
                );
                continue;
            }
            if let Cand::Pool(c) = cand {
                // Loop check on (subject, SPKI).
                let k = (NormName::new(c.subject_name()), c.public_key_info_der());
                if keys.contains(&k) {
                    continue;
                }
                // Prune issuers that cannot be CAs (§6.1.4 (k)) before spending a signature.
                let is_ca = match c.version() {
                    3 => c
                        .basic_constraints()
                        .ok()
                        .flatten()
                        .is_some_and(|(_, b)| b.ca),
                    _ => self.policy.chain.allow_v1_intermediates,
                };
                if !is_ca {
                    let mut p = chain.clone();
                    p.push(c);
                    Self::record(
                        &mut out.best,
                        PathError::NotCa {
                            cert: top_idx.saturating_add(1),
                        },
                        &p,
                    );
                    continue;
                }
            }
            // A DSA key without domain parameters inherits them from further up
            // (RFC 5280 §6.1.4 (f)); that link is verified once the path is complete.
            let deferred = dsa_without_parameters(issuer.public_key_info());
            match if deferred {
                Ok(())
            } else {
                self.verify_link(top, issuer, top_idx)
            } {
                Ok(()) => {}
                Err(PathError::BudgetExhausted { kind }) => return Flow::Fatal(kind),
                Err(e) => {
                    let mut p = chain.clone();
                    p.push(issuer);
                    Self::record(&mut out.best, e, &p);
                    continue;
                }
            }
            match cand {
                Cand::Anchor(anchor) => {
                    let mut full = chain.clone();
                    full.push(anchor.certificate());
                    let constrained =
                        anchor.is_constrained() || self.policy.chain.enforce_anchor_constraints;
                    let inp = self.inputs(time, purpose, constrained);
                    if let Err(e) = self.verify_inherited(&full) {
                        if let PathError::BudgetExhausted { kind } = e {
                            return Flow::Fatal(kind);
                        }
                        Self::record(&mut out.best, e, &full);
                        continue;
                    }
                    match process::process(&full, &inp) {
                        Err(PathError::BudgetExhausted { kind }) => return Flow::Fatal(kind),
                        Err(e) => Self::record(&mut out.best, e, &full),
                        Ok(processed) => {
                            let found = self.check_revocation(full.clone(), processed, time);
                            match &found.revocation_error {
                                None => return Flow::Done(found),
                                Some(e @ PathError::RevocationUnknown { .. }) => {
                                    Self::record(&mut out.best, e.clone(), &full);
                                    if out.pending.is_none() {
                                        out.pending = Some(found);
                                    }
                                }
                                Some(e) => {
                                    let e = e.clone();
                                    Self::record_with(&mut out.best, e, &full, found.revocation);
                                }
                            }
                        }
                    }
                }
                Cand::Pool(c) => {
                    chain.push(c);
                    keys.push((NormName::new(c.subject_name()), c.public_key_info_der()));
                    let flow = self.search(chain, keys, purpose, time, out);
                    chain.pop();
                    keys.pop();
                    match flow {
                        Flow::Continue => {}
                        done => return done,
                    }
                }
            }
        }
        Flow::Continue
    }

    /// RFC 5280 §6.1.3 (a)(3) for every certificate but the anchor, mapped per
    /// `policy.revocation`. A revocation after the validation time does not invalidate.
    fn check_revocation(
        &self,
        path: Vec<&'a Certificate>,
        processed: Processed,
        time: &DateTime,
    ) -> Found<'a> {
        let n = path.len().saturating_sub(1);
        let mut revocation = vec![None; n];
        let mut findings = Vec::new();
        let mut unknown: Option<PathError> = None;
        let mut revoked: Option<PathError> = None;
        if self.policy.revocation == RevocationMode::DangerOff {
            findings.push(Finding::new(
                MessageId::ChainRevocationSkipped,
                Severity::Warning,
            ));
            for r in revocation.iter_mut() {
                *r = Some(not_checked());
            }
        } else {
            for (idx, slot) in revocation.iter_mut().enumerate() {
                let mut rep = match self.revocation {
                    Some(checker) => {
                        checker.check(&path, idx, time, self.policy, self.crypto, self)
                    }
                    None => unknown_report(),
                };
                match rep.status {
                    RevocationStatus::Good => {}
                    RevocationStatus::Revoked | RevocationStatus::RevokedAfterValidationTime => {
                        let after = rep.revocation_time.as_ref().is_some_and(|t| t > time);
                        if after {
                            rep.status = RevocationStatus::RevokedAfterValidationTime;
                            findings.push(
                                Finding::new(MessageId::ChainRevokedAfter, Severity::Info)
                                    .with("cert", idx.to_string())
                                    .with(
                                        "revocation_time",
                                        rep.revocation_time
                                            .as_ref()
                                            .map(crate::time::rfc3339)
                                            .unwrap_or_default(),
                                    )
                                    .with(
                                        "reason",
                                        rep.reason.clone().unwrap_or_else(|| "unspecified".into()),
                                    ),
                            );
                        } else if revoked.is_none() {
                            revoked = Some(PathError::Revoked {
                                cert: idx,
                                time: rep.revocation_time,
                                reason: rep.reason.clone(),
                            });
                        }
                    }
                    _ => {
                        if unknown.is_none() {
                            unknown = Some(PathError::RevocationUnknown { cert: idx });
                        }
                    }
                }
                *slot = Some(rep);
            }
        }
        Found {
            path,
            processed,
            revocation,
            revocation_error: revoked.or(unknown),
            findings,
        }
    }
}

fn not_checked() -> RevocationReport {
    RevocationReport::not_checked()
}

fn unknown_report() -> RevocationReport {
    RevocationReport::new(RevocationStatus::Unknown)
}

impl IssuerValidator for Builder<'_> {
    /// The CRL / OCSP signer must chain to an anchor of the same store, with the same pool and
    /// budget (RFC 5280 §6.3.3 (f), RFC 6960 §4.2.2.2), and must not itself be revoked. An
    /// anchor is trusted as such (its key is what the relying party trusts).
    fn validate_revocation_signer(
        &self,
        signer: &Certificate,
        purpose: KeyPurpose,
        time: &DateTime,
    ) -> bool {
        if self.is_anchor(signer) {
            return true;
        }
        // A signer whose own status is given by a CRL it signed (an indirect CRL issuer
        // covering itself, PKITS 4.14.30): its path is being validated further up; accept the
        // self-reference here and let that outer validation decide.
        if self
            .shared
            .signers_in_progress
            .borrow()
            .iter()
            .any(|d| d.as_slice() == signer.der())
        {
            return true;
        }
        let depth = self.depth.get();
        if depth >= MAX_SIGNER_NESTING {
            return false;
        }
        self.depth.set(depth.saturating_add(1));
        let signer = signer.clone();
        // `run` borrows the leaf for the builder's lifetime: search from the signer with a
        // builder borrowing it for this call only, sharing budget and signature cache.
        let sub = Builder {
            store: self.store,
            pool: self.pool.clone(),
            pool_names: self.pool_names.clone(),
            anchor_names: self.anchor_names.clone(),
            policy: self.policy,
            crypto: self.crypto,
            shared: self.shared,
            revocation: self.revocation,
            depth: core::cell::Cell::new(depth.saturating_add(1)),
        };
        self.shared
            .signers_in_progress
            .borrow_mut()
            .push(signer.der().to_vec());
        let ok = matches!(
            sub.run(&signer, purpose, time),
            Outcome::Valid(f) if f.revocation_error.is_none()
        );
        self.shared.signers_in_progress.borrow_mut().pop();
        self.depth.set(depth);
        ok
    }

    fn pool(&self) -> &[Certificate] {
        &self.shared.owned_pool
    }
}
