//! CMS verify with chain validation and the revocation evidence the message carries
//! (SignedData `crls`, RFC 5652 §10.2.1: CRLs, and OCSP responses as RFC 5940
//! `id-ri-ocsp-response`), on a generated PKI shaped like VGCA G2 (kyso-testpki):
//!
//! - CRLs only inside the message (no caller evidence): TOTAL-PASSED, evidence `crl/message`;
//! - revoked before the signing time: TOTAL-FAILED REVOKED; revoked after: TOTAL-PASSED with
//!   the revocation reported (Decree 68/2024 practice, docs/vietnam.md §6);
//! - OCSP responses inside the message (RFC 5940);
//! - message and caller evidence pooled (the newest CRL decides, whoever holds it);
//! - revocation data dated after the current time refused (`ChainContext::now`);
//! - historic signatures checked with today's CRL, issued after the certificate expired:
//!   accepted under `vn_gov()` (`StatusAfterExpiry::AssumeRecordsKept`, noted in the report),
//!   INDETERMINATE under `RequireRetentionProof` (`strict()`);
//! - one `PathValidator` (with a fetching `Checker`) for several signers, and a CRL signed by
//!   a rolled-over CA key whose own status must be fetched during the CRL check (re-entry).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod cms_common;

use cms_common::{Body, Node, signed_data};
use der::Encode;
use kyso::MessageId;
use kyso::{Certificate, DateTime, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, RevocationEvidence};
use kyso::{Indication, Report, RevocationStatus, SubIndication, TimeSource};
use kyso::{PathValidator, TrustStore};
use kyso::{SignedDataBuilder, SignerOptions};
use kyso::{StatusAfterExpiry, ValidationPolicy, ValidationTime};
use kyso::{VerifyOptions, verify_signed_data};
use kyso_testpki::{
    CertSpec, CrlReason, CrlSpec, DeterministicRng, Dn, Issued, KeyAlg, Profile, Revoked,
    SchemeSigner, VnPki, VnPkiOptions, names, shift,
};
use kyso_tests::StubFetcher;
use kyso_tests::ocsp::{OcspStatus, ocsp_response, single};

const DAY: i64 = 86_400;
const YEAR: i64 = 365 * DAY;

fn t(s: &str) -> DateTime {
    kyso::time::parse_rfc3339(s).unwrap()
}

/// The PKI (made at `made`), P-256 throughout for speed.
fn pki(seed: u64, made: DateTime) -> VnPki {
    let mut rng = DeterministicRng::from_seed(seed);
    VnPki::generate(&VnPkiOptions::all(made, KeyAlg::P256), &mut rng).unwrap()
}

fn store(pki: &VnPki) -> TrustStore {
    let mut s = TrustStore::new();
    s.add_anchor(pki.root.certificate.clone());
    s
}

/// A sub-CA CRL with `revoked`, issued at `this_update`, valid a week.
fn sub_crl(pki: &VnPki, revoked: Vec<Revoked>, this_update: DateTime) -> Vec<u8> {
    pki.sub_ca_crl(revoked, this_update, &mut DeterministicRng::from_seed(11))
        .unwrap()
}

fn root_crl(pki: &VnPki, this_update: DateTime) -> Vec<u8> {
    pki.root_crl(this_update, &mut DeterministicRng::from_seed(12))
        .unwrap()
}

/// Attached CMS signed by `who` at `signing_time`, carrying the sub-CA certificate and `crls`.
fn sign(pki: &VnPki, who: &Issued, signing_time: DateTime, crls: &[Vec<u8>]) -> Vec<u8> {
    let signer = scheme_signer(who);
    let chain = [pki.sub_ca.certificate.clone()];
    let mut options = SignerOptions::new(&signer, &who.certificate)
        .signing_time(signing_time)
        .chain(&chain);
    for c in crls {
        options = options.crl(c);
    }
    SignedDataBuilder::new("Công văn số 123/UBND-VP".as_bytes())
        .add_signer(options)
        .build(
            &kyso::RustCryptoProvider,
            &mut DeterministicRng::from_seed(13),
        )
        .unwrap()
}

/// `message` with `other [1] { id-ri-ocsp-response, OCSPResponse }` added to its `crls`
/// (RFC 5940 §2.1): the field is unsigned, so the signatures stay valid.
fn with_ocsp(message: &[u8], ocsp: &[u8]) -> Vec<u8> {
    let mut ci = Node::parse(message);
    let sd = signed_data(&mut ci);
    let kids = sd.kids();
    if !kids.iter().any(|k| k.tag == 0xa1) {
        let at = kids.len() - 1;
        kids.insert(
            at,
            Node {
                tag: 0xa1,
                body: Body::Cons(Vec::new()),
            },
        );
    }
    let oid = kyso::oid::ID_RI_OCSP_RESPONSE;
    let other = Node {
        tag: 0xa1,
        body: Body::Cons(vec![Node::parse(&oid.to_der().unwrap()), Node::parse(ocsp)]),
    };
    sd.child(0xa1).unwrap().kids().push(other);
    ci.encode()
}

/// A BasicOCSPResponse by `signer` (RFC 6960 §4.2.1) about `cert` (issued by the sub-CA),
/// naming the responder by name and carrying its certificate.
fn ocsp(
    pki: &VnPki,
    signer: &Issued,
    cert: &Certificate,
    status: OcspStatus,
    produced_at: DateTime,
) -> Vec<u8> {
    let singles = vec![single(pki, cert, status, produced_at)];
    ocsp_response(signer, false, produced_at, singles, true)
}

/// Verify with a path validator that has no evidence of its own (`checker`: None) or the
/// caller's checker.
fn check(
    pki: &VnPki,
    message: &[u8],
    policy: ValidationPolicy,
    now: DateTime,
    checker: Option<&Checker<'_>>,
) -> Report {
    let crypto = RustCryptoProvider;
    let validator = match checker {
        Some(c) => PathValidator::new(store(pki)).with_revocation(c),
        None => PathValidator::new(store(pki)),
    };
    let opts = VerifyOptions::new(policy, now, &crypto).with_chain_validator(&validator);
    verify_signed_data(message, None, &opts)
}

fn leaf_revocation(r: &Report) -> &kyso::RevocationReport {
    r.signers[0].chain.as_ref().unwrap().certificates[0]
        .revocation
        .as_ref()
        .unwrap()
}

fn show(r: &Report) -> String {
    r.to_text(kyso::Lang::En)
}

/// Verify `message` under `vn_gov()` at the scene's `now`, with `crl` given by the caller (a
/// checker with no current time of its own).
fn check_with_caller_crl(s: &Scene, message: &[u8], crl: &[u8]) -> Report {
    let evidence = RevocationEvidence::new(vec![crl.to_vec()], vec![]);
    let checker = Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller);
    check(
        &s.pki,
        message,
        ValidationPolicy::vn_gov(),
        s.now,
        Some(&checker),
    )
}

/// TOTAL-FAILED / REVOKED, with the report shown if not.
fn assert_revoked(r: &Report) {
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::Revoked)),
        "{}",
        show(r)
    );
}

/// The first signer's leaf revocation report carries a finding `code`.
fn assert_leaf_finding(r: &Report, code: MessageId) {
    assert!(
        leaf_revocation(r).findings.iter().any(|f| f.code == code),
        "{}",
        show(r)
    );
}

/// Signs with `who`'s key in its default scheme.
fn scheme_signer(who: &Issued) -> SchemeSigner<'_> {
    SchemeSigner {
        key: &who.key,
        scheme: who.key.default_scheme(),
    }
}

/// The scenario most tests share: PKI made at `made`, signed ten days later.
struct Scene {
    pki: VnPki,
    signed_at: DateTime,
    now: DateTime,
}

impl Scene {
    /// The person's attached signature at `signed_at`, carrying `crls`.
    fn sign(&self, crls: &[Vec<u8>]) -> Vec<u8> {
        sign(&self.pki, &self.pki.person, self.signed_at, crls)
    }

    /// `message` verified at `now` with no evidence but what it carries.
    fn check(&self, message: &[u8], policy: ValidationPolicy) -> Report {
        check(&self.pki, message, policy, self.now, None)
    }
}

fn scene() -> Scene {
    let made = t("2025-03-14T02:05:07Z");
    Scene {
        pki: pki(0x494e_5447, made),
        signed_at: shift(made, 10 * DAY).unwrap(),
        now: shift(made, 40 * DAY).unwrap(),
    }
}

#[test]
fn crls_only_in_the_message_total_passed() {
    let s = scene();
    let after = shift(s.signed_at, DAY).unwrap();
    let crls = [sub_crl(&s.pki, vec![], after), root_crl(&s.pki, after)];
    let message = s.sign(&crls);
    assert_eq!(kyso::inspect_signed_data(&message).unwrap().crl_count, 2);
    let r = s.check(&message, ValidationPolicy::vn_gov());
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    let chain = r.signers[0].chain.as_ref().unwrap();
    // Validated at the claimed signing time (vn_gov trusts it), and the report says so.
    assert_eq!(
        (chain.time_used.time, chain.time_used.source),
        (s.signed_at, TimeSource::ClaimedSigningTime)
    );
    assert!(
        chain
            .findings
            .iter()
            .any(|f| f.code == MessageId::ChainTimeUsed)
    );
    for c in chain.certificates.iter().filter(|c| !c.is_trust_anchor) {
        let rev = c.revocation.as_ref().unwrap();
        assert_eq!(rev.status, RevocationStatus::Good);
        assert_eq!(rev.source.as_deref(), Some("crl/message"));
        assert_eq!(rev.this_update, Some(after));
    }
    // The signer's own certificate report carries its status too.
    let own = r.signers[0]
        .certificate
        .as_ref()
        .unwrap()
        .revocation
        .as_ref()
        .unwrap();
    assert_eq!(own.source.as_deref(), Some("crl/message"));
    assert!(
        show(&r).contains("Revocation: not revoked (crl/message"),
        "{}",
        show(&r)
    );

    // Without the CRLs the same message is INDETERMINATE (missing data is never a pass).
    let bare = s.sign(&[]);
    let r = s.check(&bare, ValidationPolicy::vn_gov());
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::Indeterminate, Some(SubIndication::TryLater))
    );
}

#[test]
fn revoked_before_signing_time_fails_after_passes() {
    let s = scene();
    let person = &s.pki.person.certificate;
    // Revoked the day before signing, CRL published the day after.
    let before = shift(s.signed_at, -DAY).unwrap();
    let crls = [
        sub_crl(
            &s.pki,
            vec![Revoked::new(person, before, Some(CrlReason::KeyCompromise))],
            shift(s.signed_at, DAY).unwrap(),
        ),
        root_crl(&s.pki, s.signed_at),
    ];
    let r = s.check(&s.sign(&crls), ValidationPolicy::vn_gov());
    assert_revoked(&r);
    let rev = leaf_revocation(&r);
    assert_eq!(rev.status, RevocationStatus::Revoked);
    assert_eq!(rev.revocation_time, Some(before));
    assert_eq!(rev.reason.as_deref(), Some("keyCompromise"));
    assert_eq!(rev.source.as_deref(), Some("crl/message"));
    assert!(show(&r).contains("REVOKED"), "{}", show(&r));

    // Revoked the day after signing, CRL two days after: the signature stands, and the
    // revocation is in the report.
    let later = shift(s.signed_at, DAY).unwrap();
    let crls = [
        sub_crl(
            &s.pki,
            vec![Revoked::new(person, later, Some(CrlReason::Superseded))],
            shift(s.signed_at, 2 * DAY).unwrap(),
        ),
        root_crl(&s.pki, s.signed_at),
    ];
    let r = s.check(&s.sign(&crls), ValidationPolicy::vn_gov());
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    let rev = leaf_revocation(&r);
    assert_eq!(rev.status, RevocationStatus::RevokedAfterValidationTime);
    assert_eq!(
        (rev.revocation_time, rev.reason.as_deref()),
        (Some(later), Some("superseded"))
    );
    let chain = r.signers[0].chain.as_ref().unwrap();
    assert!(
        chain
            .findings
            .iter()
            .any(|f| f.code == MessageId::ChainRevokedAfter),
        "{}",
        show(&r)
    );

    // The same message validated now (strict-like: no trust in the claimed time) is revoked.
    let mut now_policy = ValidationPolicy::vn_gov();
    now_policy.validation_time = ValidationTime::Current;
    // The week-long CRL has expired by `now`: give a fresh one, still carried by the message.
    let crls = [
        sub_crl(
            &s.pki,
            vec![Revoked::new(person, later, Some(CrlReason::Superseded))],
            shift(s.now, -DAY).unwrap(),
        ),
        root_crl(&s.pki, s.signed_at),
    ];
    let r = s.check(&s.sign(&crls), now_policy);
    assert_revoked(&r);
    assert_eq!(
        r.signers[0].chain.as_ref().unwrap().time_used.source,
        TimeSource::Current
    );
}

#[test]
fn ocsp_responses_in_the_message() {
    let s = scene();
    let person = &s.pki.person.certificate;
    let produced = shift(s.signed_at, 3600).unwrap();
    let base = s.sign(&[root_crl(&s.pki, s.signed_at)]);

    // Good, from the delegated responder (id-pkix-ocsp-nocheck), carried as RFC 5940 other.
    let good = ocsp(&s.pki, &s.pki.ocsp, person, OcspStatus::Good, produced);
    let r = s.check(&with_ocsp(&base, &good), ValidationPolicy::vn_gov());
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    assert_eq!(leaf_revocation(&r).source.as_deref(), Some("ocsp/message"));

    // Revoked before signing.
    let revoked = ocsp(
        &s.pki,
        &s.pki.ocsp,
        person,
        OcspStatus::Revoked {
            time: shift(s.signed_at, -DAY).unwrap(),
            reason: Some(CrlReason::KeyCompromise),
        },
        produced,
    );
    let r = s.check(&with_ocsp(&base, &revoked), ValidationPolicy::vn_gov());
    assert_revoked(&r);
    assert_eq!(leaf_revocation(&r).source.as_deref(), Some("ocsp/message"));

    // An OCSP response dated after the current time given to verify is refused.
    let future = ocsp(
        &s.pki,
        &s.pki.ocsp,
        person,
        OcspStatus::Good,
        shift(s.now, 2 * DAY).unwrap(),
    );
    let r = s.check(&with_ocsp(&base, &future), ValidationPolicy::vn_gov());
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    assert_leaf_finding(&r, MessageId::RevocationNotYetValid);
}

#[test]
fn future_dated_crl_is_refused() {
    let s = scene();
    // A CRL claiming to be issued two days after "now": a clock or issuer error.
    let crls = [
        sub_crl(&s.pki, vec![], shift(s.now, 2 * DAY).unwrap()),
        root_crl(&s.pki, s.signed_at),
    ];
    let message = s.sign(&crls);
    let r = s.check(&message, ValidationPolicy::vn_gov());
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    assert_leaf_finding(&r, MessageId::RevocationNotYetValid);
    // The same CRL checked later (its date has come) is fine.
    let r = check(
        &s.pki,
        &message,
        ValidationPolicy::vn_gov(),
        shift(s.now, 3 * DAY).unwrap(),
        None,
    );
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));

    // The same CRL from a caller whose checker was given no current time: verify's `now`
    // (ChainContext) applies to it too.
    let bare = s.sign(&crls[1..]);
    let r = check_with_caller_crl(&s, &bare, &crls[0]);
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    assert_leaf_finding(&r, MessageId::RevocationNotYetValid);
}

#[test]
fn message_and_caller_evidence_are_pooled() {
    let s = scene();
    let person = &s.pki.person.certificate;
    let revoked_at = shift(s.signed_at, -DAY).unwrap();
    // An old CRL (before the revocation, still fresh at the signing time) and a newer one
    // listing the revocation.
    let old = sub_crl(&s.pki, vec![], shift(s.signed_at, -5 * DAY).unwrap());
    let new = sub_crl(
        &s.pki,
        vec![Revoked::new(
            person,
            revoked_at,
            Some(CrlReason::KeyCompromise),
        )],
        shift(s.signed_at, DAY).unwrap(),
    );
    let root = root_crl(&s.pki, s.signed_at);
    for (in_message, from_caller) in [(&old, &new), (&new, &old)] {
        let message = s.sign(&[in_message.clone(), root.clone()]);
        let r = check_with_caller_crl(&s, &message, from_caller);
        // The newest CRL decides whoever holds it: message-first or caller-first would let
        // the old CRL answer "good" in one of the two orders.
        assert_revoked(&r);
        let origin = if std::ptr::eq(in_message, &new) {
            "crl/message"
        } else {
            "crl/caller"
        };
        assert_eq!(leaf_revocation(&r).source.as_deref(), Some(origin));
    }
}

/// A document signed in 2025 with a certificate that expired in 2027, checked in 2030 with the
/// CAs' current CRLs (issued after the expiry).
#[test]
fn historic_signature_with_todays_crl() {
    let made = t("2025-03-14T02:05:07Z");
    let pki = pki(0x4849_5354, made);
    let person = &pki.person.certificate;
    let signed_at = shift(made, 30 * DAY).unwrap();
    let now = shift(made, 5 * YEAR).unwrap();
    assert!(person.not_after() < now);
    let today = shift(now, -DAY).unwrap();
    let run = |revoked: Vec<Revoked>, policy: ValidationPolicy| {
        let crls = [sub_crl(&pki, revoked, today), root_crl(&pki, today)];
        check(
            &pki,
            &sign(&pki, &pki.person, signed_at, &crls),
            policy,
            now,
            None,
        )
    };

    // vn_gov: today's CRL does not list the signer ⇒ not revoked; the assumption is reported.
    let vn = ValidationPolicy::vn_gov();
    assert_eq!(vn.status_after_expiry, StatusAfterExpiry::AssumeRecordsKept);
    let r = run(vec![], vn.clone());
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    let rev = leaf_revocation(&r);
    assert_eq!(rev.status, RevocationStatus::Good);
    assert!(
        rev.findings
            .iter()
            .any(|f| f.code == MessageId::RevocationAfterExpiryAccepted),
        "{}",
        show(&r)
    );
    assert!(
        show(&r).contains("after the certificate expired"),
        "{}",
        show(&r)
    );
    // The sub-CA has not expired: no such note for it.
    let sub = r.signers[0].chain.as_ref().unwrap().certificates[1]
        .revocation
        .as_ref()
        .unwrap();
    assert!(sub.findings.is_empty());

    // Listed as revoked before the signing time: revoked under every policy.
    let before = vec![Revoked::new(
        person,
        shift(signed_at, -DAY).unwrap(),
        Some(CrlReason::KeyCompromise),
    )];
    let r = run(before.clone(), vn.clone());
    assert_revoked(&r);
    // Listed as revoked after the signing time: the signature stands (Decree 68/2024 practice).
    let after = vec![Revoked::new(
        person,
        shift(signed_at, YEAR).unwrap(),
        Some(CrlReason::CessationOfOperation),
    )];
    let r = run(after, vn.clone());
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    assert_eq!(
        leaf_revocation(&r).status,
        RevocationStatus::RevokedAfterValidationTime
    );

    // RFC 5280 §3.3 read strictly: today's CRL cannot prove the expired certificate was not
    // revoked ⇒ INDETERMINATE, with the reason.
    let mut strict_time = vn.clone();
    strict_time.status_after_expiry = StatusAfterExpiry::RequireRetentionProof;
    let r = run(vec![], strict_time);
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    assert!(
        leaf_revocation(&r)
            .findings
            .iter()
            .any(|f| f.code == MessageId::RevocationOutOfScope
                && f.message(kyso::Lang::En)
                    .contains("issued after the certificate expired")
                && f.message(kyso::Lang::Vi)
                    .contains("được phát hành sau khi chứng thư số hết hạn")),
        "{}",
        show(&r)
    );
    // strict() is strict here too (validated at the signing time by name, since it does not
    // trust the claimed time): INDETERMINATE, while a listed revocation still fails.
    let mut strict = ValidationPolicy::strict();
    assert_eq!(
        strict.status_after_expiry,
        StatusAfterExpiry::RequireRetentionProof
    );
    strict.validation_time = ValidationTime::At(signed_at);
    let r = run(vec![], strict.clone());
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
    let r = run(before, strict);
    assert_revoked(&r);

    // OCSP the same way: a CA-signed response produced today about the expired certificate.
    let resp = ocsp(&pki, &pki.sub_ca, person, OcspStatus::Good, today);
    let message = with_ocsp(
        &sign(&pki, &pki.person, signed_at, &[root_crl(&pki, today)]),
        &resp,
    );
    let r = check(&pki, &message, vn.clone(), now, None);
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    assert_eq!(leaf_revocation(&r).source.as_deref(), Some("ocsp/message"));
    assert!(
        leaf_revocation(&r)
            .findings
            .iter()
            .any(|f| f.code == MessageId::RevocationAfterExpiryAccepted)
    );
    let mut no = vn;
    no.status_after_expiry = StatusAfterExpiry::RequireRetentionProof;
    let r = check(&pki, &message, no, now, None);
    assert_eq!(r.indication, Indication::Indeterminate, "{}", show(&r));
}

/// Verify `message` under `vn_gov()` at the scene's `now`, with a checker that fetches the root
/// CRL (issued at the signing time) from a [`StubFetcher`]; returns the report, the URLs
/// requested and how many CRLs the checker kept.
fn check_fetching_root_crl(s: &Scene, message: &[u8]) -> (Report, Vec<String>, usize) {
    let server = StubFetcher::new(vec![(
        names::ROOT_CRL_URL.to_owned(),
        root_crl(&s.pki, s.signed_at),
    )]);
    let checker = Checker::new()
        .with_fetcher(&server)
        .with_current_time(s.now);
    let r = check(
        &s.pki,
        message,
        ValidationPolicy::vn_gov(),
        s.now,
        Some(&checker),
    );
    let kept = checker.fetched_evidence().crls.len();
    let calls = server.urls();
    (r, calls, kept)
}

#[test]
fn one_path_validator_for_several_signers() {
    let s = scene();
    let agency = &s.pki.agency.certificate;
    let crl = sub_crl(
        &s.pki,
        vec![Revoked::new(
            agency,
            shift(s.signed_at, -DAY).unwrap(),
            Some(CrlReason::AffiliationChanged),
        )],
        shift(s.signed_at, DAY).unwrap(),
    );
    let person = scheme_signer(&s.pki.person);
    let seal = scheme_signer(&s.pki.agency);
    let chain = [s.pki.sub_ca.certificate.clone()];
    let message = SignedDataBuilder::new(b"Quyet dinh")
        .add_signer(
            SignerOptions::new(&person, &s.pki.person.certificate)
                .signing_time(s.signed_at)
                .chain(&chain)
                .crl(&crl),
        )
        .add_signer(SignerOptions::new(&seal, agency).signing_time(s.signed_at))
        .build(
            &kyso::RustCryptoProvider,
            &mut DeterministicRng::from_seed(3),
        )
        .unwrap();
    // The root CRL only through the caller's fetcher, shared by both signers' validations.
    let (r, calls, kept) = check_fetching_root_crl(&s, &message);
    assert_eq!(r.signers.len(), 2);
    // signerInfos is a SET OF (DER-sorted): find each signer by name.
    let by = |cn: &str| {
        r.signers
            .iter()
            .find(|x| x.signer.as_ref().and_then(|i| i.common_name.as_deref()) == Some(cn))
            .unwrap()
    };
    assert_eq!(
        by(names::PERSON_CN).indication,
        Indication::TotalPassed,
        "{}",
        show(&r)
    );
    let seal_report = by(names::AGENCY_CN);
    assert_eq!(
        (seal_report.indication, seal_report.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::Revoked)),
        "{}",
        show(&r)
    );
    assert_eq!(r.indication, Indication::TotalFailed);
    for sr in &r.signers {
        let ch = sr.chain.as_ref().unwrap();
        assert_eq!(
            ch.certificates[0]
                .revocation
                .as_ref()
                .unwrap()
                .source
                .as_deref(),
            Some("crl/message")
        );
        assert_eq!(
            ch.certificates[1]
                .revocation
                .as_ref()
                .unwrap()
                .source
                .as_deref(),
            Some("crl/fetched")
        );
    }
    // Fetched once: the caller's checker keeps what it fetched across signers.
    assert_eq!(calls, vec![names::ROOT_CRL_URL.to_owned()]);
    assert_eq!(kept, 1);
}

/// Key roll-over: the sub-CA's CRL is signed by its new key (a second certificate, same name),
/// carried by the message with that certificate. Checking the leaf's CRL validates the new
/// certificate, whose own status needs the root CRL, fetched *during* the leaf's CRL check
/// (the checker re-entered while evaluating): must work, not panic on a held borrow.
#[test]
fn crl_signed_by_rolled_over_key_with_nested_fetch() {
    let s = scene();
    let mut rng = DeterministicRng::from_seed(21);
    let mut spec = CertSpec::new(
        Dn::new().c("VN").o(names::CA_ORG).cn(names::SUB_CA_CN),
        Profile::SubCa { path_len: Some(0) },
        KeyAlg::P256,
        shift(s.signed_at, -2 * DAY).unwrap(),
        shift(s.signed_at, 5 * YEAR).unwrap(),
    );
    spec.crl_url = Some(names::ROOT_CRL_URL.into());
    let rolled = s.pki.root.issue(&spec, &mut rng).unwrap();
    let crl = rolled
        .crl(
            &CrlSpec {
                this_update: s.signed_at,
                next_update: Some(shift(s.signed_at, 7 * DAY).unwrap()),
                number: 2,
                revoked: vec![],
            },
            &mut rng,
        )
        .unwrap();
    let signer = scheme_signer(&s.pki.person);
    let chain = [s.pki.sub_ca.certificate.clone(), rolled.certificate.clone()];
    let message = SignedDataBuilder::new(b"Quyet dinh")
        .add_signer(
            SignerOptions::new(&signer, &s.pki.person.certificate)
                .signing_time(s.signed_at)
                .chain(&chain)
                .crl(&crl),
        )
        .build(&kyso::RustCryptoProvider, &mut rng)
        .unwrap();
    let (r, calls, _) = check_fetching_root_crl(&s, &message);
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    assert_eq!(leaf_revocation(&r).source.as_deref(), Some("crl/message"));
    assert_eq!(calls, vec![names::ROOT_CRL_URL.to_owned()]);
}

/// Content supplied by the caller is what gets checked, even for an attached signature: the
/// same bytes pass, other bytes fail with HASH_FAILURE and `cms.supplied-content-differs`
/// (checking only the embedded copy would call an unsigned file signed).
#[test]
fn supplied_content_is_what_is_checked() {
    let s = scene();
    let after = shift(s.signed_at, DAY).unwrap();
    let crls = [sub_crl(&s.pki, vec![], after), root_crl(&s.pki, after)];
    let message = s.sign(&crls);
    let crypto = RustCryptoProvider;
    let validator = PathValidator::new(store(&s.pki));
    let opts = VerifyOptions::new(ValidationPolicy::vn_gov(), s.now, &crypto)
        .with_chain_validator(&validator);
    let same = "Công văn số 123/UBND-VP".as_bytes();
    let r = verify_signed_data(&message, Some(kyso::DetachedContent::Bytes(same)), &opts);
    assert_eq!(r.indication, Indication::TotalPassed, "{}", show(&r));
    let other = "Công văn số 124/UBND-VP".as_bytes();
    let r = verify_signed_data(&message, Some(kyso::DetachedContent::Bytes(other)), &opts);
    assert_eq!(
        (r.indication, r.sub_indication),
        (Indication::TotalFailed, Some(SubIndication::HashFailure)),
        "{}",
        show(&r)
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == MessageId::SuppliedContentDiffers)
    );
}
