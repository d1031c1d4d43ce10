//! Revocation on a generated PKI shaped like VGCA G2 (kyso-testpki: root → sub-CA → person /
//! agency / OCSP responder with ocsp-nocheck): CRLs with reasons and invalidity dates, the
//! delegated OCSP responder through a fetcher, and OpenSSL 3 (`/usr/bin/openssl ocsp`) acting
//! as the responder whose answers kyso must verify.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod revocation_support;

use kyso::DigestAlgorithm;
use kyso::FetchKind;
use kyso::OcspCheck;
use kyso::RevocationStatus;
use kyso::{CertStatus, Checker, EvidenceOrigin, OcspError, OcspResponse, RevocationEvidence};
use kyso::{Certificate, RustCryptoProvider};
use kyso::{RevocationSources, ValidationPolicy};
use kyso_testpki::{
    CrlReason, DeterministicRng, KeyAlg, Revoked, VnPki, VnPkiOptions, names, shift,
};
use kyso_tests::ocsp::{OcspStatus, ocsp_response, single};
use kyso_tests::{StubFetcher, TempDir, openssl_ok};
use revocation_support::*;

const DAY: i64 = 86_400;

fn pki() -> (VnPki, kyso::DateTime) {
    pki_at(parse_time("2025-03-14T02:05:07Z"))
}

fn pki_at(now: kyso::DateTime) -> (VnPki, kyso::DateTime) {
    let mut rng = DeterministicRng::from_seed(0x5245_564f);
    (
        VnPki::generate(&VnPkiOptions::all(now, KeyAlg::P256), &mut rng).unwrap(),
        now,
    )
}

#[test]
fn delegated_responder_through_the_fetcher() {
    let (pki, now) = pki();
    let person = &pki.person.certificate;
    let sub = &pki.sub_ca.certificate;
    let good = ocsp_response(
        &pki.ocsp,
        true,
        now,
        vec![single(&pki, person, OcspStatus::Good, now)],
        true,
    );
    let responder = StubFetcher::new(vec![(names::OCSP_URL.into(), good)]);
    let mut policy = ValidationPolicy::vn_gov();
    policy.revocation_sources = RevocationSources::OcspFirst;
    let checker = Checker::new()
        .with_fetcher(&responder)
        .with_current_time(now);
    let r = check_path_only(
        &checker,
        &[person, sub, &pki.root.certificate],
        0,
        &now,
        &policy,
    );
    assert_eq!(r.status, RevocationStatus::Good, "{r:?}");
    assert_eq!(r.source.as_deref(), Some("ocsp/fetched"));
    let calls = responder.calls.borrow();
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.0, c.1.as_str()))
            .collect::<Vec<_>>(),
        [(FetchKind::Ocsp, names::OCSP_URL)]
    );
    // The responder certificate carries ocsp-nocheck, so no finding about its own status.
    assert!(r.findings.is_empty(), "{r:?}");
}

#[test]
fn ocsp_revocation_timing_and_responder_rules() {
    let (pki, now) = pki();
    let person = &pki.person.certificate;
    let sub = &pki.sub_ca.certificate;
    let revoked_at = shift(now, -2 * DAY).unwrap();
    let revoked = OcspStatus::Revoked {
        time: revoked_at,
        reason: Some(CrlReason::KeyCompromise),
    };
    let resp = ocsp_response(
        &pki.ocsp,
        false,
        now,
        vec![single(&pki, person, revoked.clone(), now)],
        true,
    );
    let policy = ValidationPolicy::vn_gov();
    let evidence = RevocationEvidence::new(vec![], vec![resp.clone()]);
    let checker = Checker::new().with_evidence(&evidence, EvidenceOrigin::Message);
    let path = [person, sub];
    let at = |t| check_path_only(&checker, &path, 0, &t, &policy);
    // Signed three days ago: before the revocation, so the signature stands (Decree 68/2024).
    let before = at(shift(now, -3 * DAY).unwrap());
    assert_eq!(
        before.status,
        RevocationStatus::RevokedAfterValidationTime,
        "{before:?}"
    );
    let after = at(now);
    assert_eq!(after.status, RevocationStatus::Revoked);
    assert_eq!(after.reason.as_deref(), Some("keyCompromise"));
    assert_eq!(after.revocation_time, Some(revoked_at));
    assert_eq!(after.source.as_deref(), Some("ocsp/message"));

    let ctx = OcspCheck::new(now, &policy, &RustCryptoProvider).with_now(now);
    // A person's certificate is no responder: no id-kp-OCSPSigning.
    let by_person = OcspResponse::from_der(&ocsp_response(
        &pki.person,
        false,
        now,
        vec![single(&pki, person, revoked.clone(), now)],
        true,
    ))
    .unwrap();
    assert_eq!(
        by_person.verify_for(person, sub, &ctx).unwrap_err(),
        OcspError::ResponderNotFound
    );
    // The sub-CA itself may answer (direct response), by name or by key hash.
    for by_key in [false, true] {
        let direct = OcspResponse::from_der(&ocsp_response(
            &pki.sub_ca,
            by_key,
            now,
            vec![single(&pki, person, OcspStatus::Good, now)],
            false,
        ))
        .unwrap();
        let v = direct.verify_for(person, sub, &ctx).unwrap();
        assert_eq!((v.status, v.responder), (CertStatus::Good, None));
    }
    // The responder certificate left out of the response: found in the caller's pool.
    let bare = OcspResponse::from_der(&ocsp_response(
        &pki.ocsp,
        true,
        now,
        vec![single(&pki, person, OcspStatus::Good, now)],
        false,
    ))
    .unwrap();
    assert_eq!(
        bare.verify_for(person, sub, &ctx).unwrap_err(),
        OcspError::ResponderNotFound
    );
    let pool = [pki.ocsp.certificate.clone()];
    let v = bare
        .verify_for(person, sub, &ctx.with_extra_certs(&pool))
        .unwrap();
    assert_eq!(v.responder.as_ref(), Some(&pki.ocsp.certificate));
    assert!(v.responder_nocheck);
    // A stale answer: nextUpdate (a day after thisUpdate) passed.
    let old = OcspResponse::from_der(&ocsp_response(
        &pki.ocsp,
        true,
        now,
        vec![single(
            &pki,
            person,
            OcspStatus::Good,
            shift(now, -2 * DAY).unwrap(),
        )],
        true,
    ))
    .unwrap();
    assert!(matches!(
        old.verify_for(person, sub, &ctx),
        Err(OcspError::Stale { .. })
    ));
}

#[test]
fn crl_with_invalidity_date_and_sub_ca_checked_with_root_crl() {
    let (pki, now) = pki();
    let mut rng = DeterministicRng::from_seed(9);
    let person = &pki.person.certificate;
    let agency = &pki.agency.certificate;
    let mut entry = Revoked::new(
        person,
        shift(now, -DAY).unwrap(),
        Some(CrlReason::KeyCompromise),
    );
    entry.invalidity_date = Some(shift(now, -10 * DAY).unwrap());
    let crl = pki.sub_ca_crl(vec![entry], now, &mut rng).unwrap();
    let root_crl = pki.root_crl(now, &mut rng).unwrap();
    let fetcher = StubFetcher::new(vec![
        (names::CRL_URL.into(), crl),
        (names::ROOT_CRL_URL.into(), root_crl),
    ]);
    let policy = ValidationPolicy::vn_gov();
    let checker = Checker::new().with_fetcher(&fetcher);
    let path = [person, &pki.sub_ca.certificate, &pki.root.certificate];
    // Key compromise suspected ten days ago: a signature made five days ago does not stand,
    // although the revocation itself is one day old (RFC 5280 §5.3.2).
    let t = shift(now, -5 * DAY).unwrap();
    let r = check_path_only(&checker, &path, 0, &t, &policy);
    assert_eq!(r.status, RevocationStatus::Revoked, "{r:?}");
    assert_eq!(r.revocation_time, Some(shift(now, -10 * DAY).unwrap()));
    // The agency is not on the CRL; the CRL fetched once serves it too.
    let a = check_path_only(
        &checker,
        &[agency, &pki.sub_ca.certificate],
        0,
        &now,
        &policy,
    );
    assert_eq!(a.status, RevocationStatus::Good);
    // The sub-CA is checked with the root's CRL.
    let s = check_path_only(&checker, &path, 1, &now, &policy);
    assert_eq!(s.status, RevocationStatus::Good, "{s:?}");
    let calls = fetcher.calls.borrow();
    assert_eq!(
        calls.iter().filter(|(_, u, _)| u == names::CRL_URL).count(),
        1
    );
    assert_eq!(
        calls
            .iter()
            .filter(|(_, u, _)| u == names::ROOT_CRL_URL)
            .count(),
        1
    );
}

#[test]
fn openssl_responder_answers_verify() {
    // OpenSSL stamps its answers with the system clock: make the PKI around it.
    let (pki, now) = pki_at(kyso_testpki::now().unwrap());
    let tmp = TempDir::new("ocsp-openssl");
    let dir = tmp.dir();
    std::fs::write(dir.join("ca.pem"), pki.sub_ca.cert_pem()).unwrap();
    std::fs::write(dir.join("ocsp.pem"), pki.ocsp.cert_pem()).unwrap();
    std::fs::write(dir.join("ocsp.key"), pki.ocsp.key_pem().unwrap()).unwrap();
    // index.txt (OpenSSL CA database): V = valid, R = revoked at 250301000000Z, keyCompromise.
    let line = |status: &str, rev: &str, cert: &Certificate| {
        format!(
            "{status}\t270101000000Z\t{rev}\t{}\tunknown\t/CN=x\n",
            cert.serial_hex()
        )
    };
    let index = line("V", "", &pki.person.certificate)
        + &line("R", "250301000000Z,keyCompromise", &pki.agency.certificate);
    std::fs::write(dir.join("index.txt"), index).unwrap();
    std::fs::write(dir.join("index.txt.attr"), "unique_subject = no\n").unwrap();

    let policy = ValidationPolicy::vn_gov();
    let sub = &pki.sub_ca.certificate;
    for (cert, name) in [
        (&pki.person.certificate, "person"),
        (&pki.agency.certificate, "agency"),
    ] {
        let req = kyso::OcspRequestBuilder::new()
            .add_certificate(cert, sub, DigestAlgorithm::Sha256, &RustCryptoProvider)
            .unwrap()
            .nonce(&[7; 16])
            .unwrap()
            .build()
            .unwrap();
        std::fs::write(dir.join(format!("{name}.req")), &req).unwrap();
        openssl_ok(
            dir,
            &[
                "ocsp",
                "-index",
                "index.txt",
                "-CA",
                "ca.pem",
                "-rsigner",
                "ocsp.pem",
                "-rkey",
                "ocsp.key",
                "-reqin",
                &format!("{name}.req"),
                "-respout",
                &format!("{name}.resp"),
                "-ndays",
                "1",
            ],
        );
        let resp =
            OcspResponse::from_der(&std::fs::read(dir.join(format!("{name}.resp"))).unwrap())
                .unwrap();
        assert_eq!(
            resp.nonce().as_deref(),
            Some(&[7u8; 16][..]),
            "OpenSSL echoes the nonce"
        );
        // OpenSSL stamps the current clock: validate at its thisUpdate.
        let t = resp.this_updates()[0];
        let ctx = OcspCheck::new(t, &policy, &RustCryptoProvider);
        let v = resp
            .verify_for(cert, sub, &ctx)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        match name {
            "person" => assert_eq!(v.status, CertStatus::Good),
            _ => assert!(
                matches!(
                    v.status,
                    CertStatus::Revoked { reason: Some(kyso::RevocationReason::KeyCompromise), time, .. }
                        if time == parse_time("2025-03-01T00:00:00Z")
                ),
                "{v:?}"
            ),
        }
        assert_eq!(v.responder.as_ref(), Some(&pki.ocsp.certificate));
        let _ = now;
    }
}

/// Hostile evidence: many CRLs named like the sub-CA whose signatures do not verify, newer than
/// the real one. kyso looks up the signer of at most 16 CRLs per certificate (each lookup may
/// cost signature checks and a path validation), then stops with `revocation.work-limit`:
/// never a pass, and bounded work. Under the limit, the real CRL still decides.
#[test]
fn forged_crls_stop_at_the_work_limit() {
    let (pki, now) = pki();
    let mut rng = DeterministicRng::from_seed(16);
    let person = &pki.person.certificate;
    let path = [person, &pki.sub_ca.certificate, &pki.root.certificate];
    let real = pki
        .sub_ca_crl(vec![], shift(now, -DAY).unwrap(), &mut rng)
        .unwrap();
    let mut forged = |n: i64| -> Vec<Vec<u8>> {
        (1..=n)
            .map(|k| {
                let mut crl = pki
                    .sub_ca_crl(vec![], shift(now, -k).unwrap(), &mut rng)
                    .unwrap();
                *crl.last_mut().unwrap() ^= 0x01; // the signature no longer verifies
                crl
            })
            .collect()
    };
    let policy = ValidationPolicy::vn_gov();
    for (n, expect_good) in [(10, true), (40, false)] {
        let mut crls = forged(n);
        crls.push(real.clone());
        let evidence = RevocationEvidence::new(crls, vec![]);
        let checker = Checker::new()
            .with_evidence(&evidence, EvidenceOrigin::Caller)
            .with_current_time(now);
        let r = check_path_only(&checker, &path, 0, &now, &policy);
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code.code()).collect();
        if expect_good {
            assert_eq!(r.status, RevocationStatus::Good, "{n} forged: {r:?}");
        } else {
            assert_eq!(r.status, RevocationStatus::Unknown, "{n} forged: {r:?}");
            assert!(codes.contains(&"revocation.work-limit"), "{codes:?}");
        }
    }
}
