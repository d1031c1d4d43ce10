//! The verification session: trust anchors, the caller's evidence, a policy, the current time,
//! a crypto provider and an optional fetcher, put together once and asked any number of
//! questions. The CLI, the C ABI and the WASM package all verify through it, so the set-up
//! (revocation checker → path validator → CMS verification) and the choice of validation time
//! exist once (issue 10 item 1).

mod evidence;
mod stream;
mod timestamp;

pub use evidence::{Evidence, EvidenceError, EvidenceKind};
pub use stream::CmsStream;

use std::borrow::Cow;

use crate::cert::Certificate;
use crate::cms::verify::DocumentTimes;
use crate::cms::{CmsLimits, DetachedContent, VerifyOptions};
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::fetch::Fetcher;
use crate::path::{BudgetLimits, PathValidator, TrustStore};
use crate::policy::{KeyPurpose, ValidationPolicy, ValidationTime};
use crate::report::{ChainReport, Report, TimeUsed};
use crate::revocation::{Checker, EvidenceOrigin};
use crate::time::DateTime;

/// A verification session: trust anchors, the caller's evidence, a policy, the current time,
/// a crypto provider and an optional fetcher, put together once and asked any number of
/// questions ([`Verifier::verify_cms`], [`Verifier::cms_stream`], [`Verifier::validate_chain`]).
///
/// Never fails once built: every problem with what is verified is in the report. Problems with
/// what the caller hands in (a file given as a CRL that is not one) are refused on intake with
/// an [`EvidenceError`].
///
/// # Where coming formats plug in
///
/// Each kind of signed object is one more method on [`Verifier`], built from the same
/// per-signature pipeline: the format's own structure check, then the CMS signer steps
/// (`cms::verify`: signer lookup, signed attributes, signature value), then
/// [`Verifier::chain_validator`] for the signer's path with this session's evidence and
/// fetcher, at the time the policy picks ([`ValidationTime`](crate::ValidationTime)).
/// - PDF (PAdES, ETSI EN 319 142-1): `verify_pdf(bytes)` finds each `/Sig` dictionary's
///   `/Contents` (a detached CMS) and its `/ByteRange`, feeds the byte ranges through a
///   [`CmsStream`], and adds the document's DSS CRLs/OCSP responses as message evidence.
/// - S/MIME messages (RFC 8551): `verify_message(mime)` takes the signed part as detached
///   content and validates the signer for [`KeyPurpose::EmailProtection`].
/// - Login (a signed challenge): `verify_login(challenge, signature)` checks the signature
///   over the server's nonce and the signer for [`KeyPurpose::ClientAuth`].
/// - Time-stamps (RFC 3161): the verified genTime becomes the validation time
///   ([`ValidationTime::SigningTime`](crate::ValidationTime::SigningTime)) inside the same pipeline.
pub struct Verifier<'a> {
    /// `None`: no trust anchor at all; a CMS signer's chain is then not validated
    /// (INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND, never a pass).
    anchors: Option<Cow<'a, TrustStore>>,
    evidence: Cow<'a, Evidence>,
    policy: ValidationPolicy,
    now: DateTime,
    crypto: &'a dyn CryptoProvider,
    fetcher: Option<&'a dyn Fetcher>,
    limits: CmsLimits,
    budget: BudgetLimits,
}

impl core::fmt::Debug for Verifier<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field("anchors", &self.anchors.is_some())
            .field("policy", &self.policy.name)
            .field("now", &self.now)
            .field("fetcher", &self.fetcher.is_some())
            .finish()
    }
}

impl<'a> Verifier<'a> {
    /// A session trusting `anchors`, deciding by `policy`, with `now` as the current time
    /// (core has no clock) and `crypto` for every digest and signature check.
    pub fn new(
        anchors: TrustStore,
        policy: ValidationPolicy,
        now: DateTime,
        crypto: &'a dyn CryptoProvider,
    ) -> Self {
        Self::with_anchors(Some(Cow::Owned(anchors)), policy, now, crypto)
    }

    /// [`Verifier::new`] over a store the caller keeps (a server or binding that serves many
    /// calls from one store makes a session per call without copying the anchors).
    pub fn borrowing(
        anchors: &'a TrustStore,
        policy: ValidationPolicy,
        now: DateTime,
        crypto: &'a dyn CryptoProvider,
    ) -> Self {
        Self::with_anchors(Some(Cow::Borrowed(anchors)), policy, now, crypto)
    }

    /// A session with no trust anchor: signatures are checked but no signer's chain validates
    /// (INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND). Nothing is trusted implicitly.
    pub fn without_anchors(
        policy: ValidationPolicy,
        now: DateTime,
        crypto: &'a dyn CryptoProvider,
    ) -> Self {
        Self::with_anchors(None, policy, now, crypto)
    }

    fn with_anchors(
        anchors: Option<Cow<'a, TrustStore>>,
        policy: ValidationPolicy,
        now: DateTime,
        crypto: &'a dyn CryptoProvider,
    ) -> Self {
        Self {
            anchors,
            evidence: Cow::Owned(Evidence::default()),
            policy,
            now,
            crypto,
            fetcher: None,
            limits: CmsLimits::default(),
            budget: BudgetLimits::default(),
        }
    }

    /// Use `evidence` (CRLs, OCSP responses, intermediates) gathered beforehand.
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = Cow::Owned(evidence);
        self
    }

    /// [`Verifier::with_evidence`] over evidence the caller keeps.
    pub fn with_evidence_ref(mut self, evidence: &'a Evidence) -> Self {
        self.evidence = Cow::Borrowed(evidence);
        self
    }

    /// Let revocation checking fetch CRLs, OCSP responses and certificates through `fetcher`
    /// when the evidence at hand does not decide. Without one kyso never asks the network.
    pub fn with_fetcher(mut self, fetcher: &'a dyn Fetcher) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// Validate at this fixed instant whatever the signature claims (the policy's
    /// [`ValidationTime::At`]).
    pub fn with_validation_time(mut self, time: DateTime) -> Self {
        self.policy.validation_time = ValidationTime::At(time);
        self
    }

    /// Replace the CMS parsing limits.
    pub fn with_limits(mut self, limits: CmsLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Replace the path-building work limits.
    pub fn with_budget(mut self, budget: BudgetLimits) -> Self {
        self.budget = budget;
        self
    }

    /// Add a CRL to this session's evidence (refused unless it parses).
    pub fn add_crl(&mut self, bytes: &[u8]) -> Result<(), EvidenceError> {
        self.evidence.to_mut().add_crl(bytes)
    }

    /// Add an OCSP response to this session's evidence (refused unless it parses).
    pub fn add_ocsp_response(&mut self, bytes: &[u8]) -> Result<(), EvidenceError> {
        self.evidence.to_mut().add_ocsp_response(bytes)
    }

    /// Add untrusted intermediate certificates; returns how many were new.
    pub fn add_certificates(&mut self, bytes: &[u8]) -> Result<usize, EvidenceError> {
        self.evidence.to_mut().add_certificates(bytes)
    }

    /// Add `bytes` as whatever it is ([`Evidence::sniff`]).
    pub fn add_evidence(&mut self, bytes: &[u8]) -> Result<EvidenceKind, EvidenceError> {
        self.evidence.to_mut().add(bytes)
    }

    pub fn policy(&self) -> &ValidationPolicy {
        &self.policy
    }

    pub fn now(&self) -> DateTime {
        self.now
    }

    pub fn evidence(&self) -> &Evidence {
        &self.evidence
    }

    pub fn crypto(&self) -> &'a dyn CryptoProvider {
        self.crypto
    }

    /// The instant a certificate alone is validated at, and why: certificates carry no signing
    /// time, so the policy's fixed time if it names one, else `now` (the same rule
    /// [`ValidationTime`](crate::ValidationTime) gives to a signature without signing time).
    pub fn chain_time(&self) -> TimeUsed {
        crate::path::validation_time(&self.policy, self.now, None, None)
    }

    /// Verify a CMS / PKCS #7 SignedData (DER, BER or PEM); `content` for a detached signature.
    pub fn verify_cms(&self, signature: &[u8], content: Option<&[u8]>) -> Report {
        self.verify_cms_content(
            signature,
            content.map(DetachedContent::Bytes),
            DocumentTimes::default(),
        )
    }

    /// Verify a detached signature against digests of its content the caller computed (e.g.
    /// with a [`CmsStream`], or one pass over a large file).
    pub fn verify_cms_digests(
        &self,
        signature: &[u8],
        digests: Vec<(DigestAlgorithm, Vec<u8>)>,
    ) -> Report {
        self.verify_cms_content(
            signature,
            Some(DetachedContent::Digests(digests)),
            DocumentTimes::default(),
        )
    }

    /// Start streaming the detached content of `signature` (see [`CmsStream`]); finish with
    /// [`Verifier::finish_cms_stream`].
    pub fn cms_stream(&self, signature: &[u8]) -> CmsStream {
        CmsStream::new(signature, self.crypto)
    }

    /// Verify the signature a [`CmsStream`] was started with against what was fed to it.
    pub fn finish_cms_stream(&self, stream: CmsStream) -> Report {
        let (signature, digests) = stream.finish();
        self.verify_cms_digests(&signature, digests)
    }

    /// The one place CMS verification is wired: this session's chain validator (revocation
    /// evidence, fetcher, budget), its intermediates, its policy and time.
    /// `document_time`: the signing time a container claims outside the CMS (PDF `/M`), used
    /// for a signer without a signing-time attribute (see `VerifyOptions`).
    pub(crate) fn verify_cms_content(
        &self,
        signature: &[u8],
        content: Option<DetachedContent<'_>>,
        document: DocumentTimes,
    ) -> Report {
        self.chain_validator(|validator| {
            let mut options = VerifyOptions::new(self.policy.clone(), self.now, self.crypto)
                .with_extra_certificates(self.evidence.certificates())
                .with_limits(self.limits)
                .with_document_times(document);
            if let Some(v) = validator {
                options = options.with_chain_validator(v);
            }
            crate::cms::verify(signature, content, &options)
        })
    }

    /// Validate `leaf`'s certification path for `purpose` (RFC 5280 §6) at
    /// [`Verifier::chain_time`]; `extra` are untrusted candidates besides the session's
    /// intermediates (e.g. the rest of the file the leaf came from).
    pub fn validate_chain(
        &self,
        leaf: &Certificate,
        extra: &[Certificate],
        purpose: KeyPurpose,
    ) -> ChainReport {
        let mut pool: Vec<Certificate> = extra.to_vec();
        for c in self.evidence.certificates() {
            if !pool.contains(c) {
                pool.push(c.clone());
            }
        }
        let empty = TrustStore::new();
        let store = self.anchors.as_deref().unwrap_or(&empty);
        self.with_checker(|checker| {
            let validator = PathValidator::borrowing(store)
                .with_budget(self.budget)
                .with_revocation(checker);
            crate::ChainValidator::validate(
                &validator,
                leaf,
                &pool,
                purpose,
                &self.chain_time(),
                &self.policy,
                self.crypto,
            )
        })
    }

    /// A session like this one whose evidence also holds `extra` (a document's own validation
    /// data, e.g. a PDF's document security store); the caller's evidence is not changed.
    pub(crate) fn with_extra_evidence(&self, extra: impl FnOnce(&mut Evidence)) -> Verifier<'_> {
        let mut evidence = self.evidence.as_ref().clone();
        extra(&mut evidence);
        Verifier {
            anchors: self.anchors.as_deref().map(Cow::Borrowed),
            evidence: Cow::Owned(evidence),
            policy: self.policy.clone(),
            now: self.now,
            crypto: self.crypto,
            fetcher: self.fetcher,
            limits: self.limits,
            budget: self.budget,
        }
    }

    /// Run `f` with this session's path validator (`None` without anchors), wired to a
    /// revocation checker holding the caller's evidence, the fetcher and `now`. A checker is
    /// made per call: it caches what it fetches and is `!Sync`.
    pub fn chain_validator<T>(&self, f: impl FnOnce(Option<&PathValidator<'_>>) -> T) -> T {
        self.with_checker(|checker| match self.anchors.as_deref() {
            Some(store) => {
                let validator = PathValidator::borrowing(store)
                    .with_budget(self.budget)
                    .with_revocation(checker);
                f(Some(&validator))
            }
            None => f(None),
        })
    }

    fn with_checker<T>(&self, f: impl FnOnce(&Checker<'_>) -> T) -> T {
        let mut checker = Checker::new()
            .with_evidence(self.evidence.revocation(), EvidenceOrigin::Caller)
            .with_current_time(self.now);
        if let Some(fetcher) = self.fetcher {
            checker = checker.with_fetcher(fetcher);
        }
        f(&checker)
    }
}

#[cfg(test)]
mod tests;
