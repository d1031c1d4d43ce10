//! Parsing vectors for CRLs and OCSP (`../shared/testdata/ocsp-crl`: pyca/cryptography's CRL
//! and OCSP vectors, RustCrypto x509-ocsp's examples): every file parses or is rejected
//! cleanly with the outcome listed here, the RustCrypto CA's own response and CRL verify, and
//! a bounded mutation loop over every file never panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod revocation_support;

use kyso::RevocationStatus;
use kyso::ValidationPolicy;
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, Crl, EvidenceOrigin, OcspError, OcspResponse, RevocationEvidence};
use kyso::{OcspCheck, parse_ocsp_request};
use kyso_tests::DeterministicRng;
use revocation_support::*;

/// The variant name of an error's Debug form (`BadExtension { .. }` → `BadExtension`).
fn variant(e: impl core::fmt::Debug) -> String {
    let s = format!("{e:?}");
    s.split([' ', '(', '{']).next().unwrap().to_owned()
}

fn crl_outcome(bytes: &[u8]) -> String {
    match Crl::load_any(bytes) {
        Ok(v) if !v[0].unsupported_critical_extensions().is_empty() => "unusable".into(),
        Ok(v) if v[0].is_delta() => "ok delta".into(),
        Ok(_) => "ok".into(),
        Err(e) => format!("err {}", variant(e)),
    }
}

fn request_outcome(bytes: &[u8]) -> String {
    match parse_ocsp_request(bytes) {
        Ok(ids) => format!("request {}", ids.len()),
        Err(e) => format!("err {}", variant(e)),
    }
}

fn response_outcome(bytes: &[u8]) -> String {
    match OcspResponse::from_der(bytes) {
        Ok(r) => format!("response {}", r.response_status().name()),
        Err(e) => format!("err {}", variant(e)),
    }
}

/// (file, how it is read, expected outcome). Comments say why where it is not obvious.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("pyca-crl/crl_all_reasons.pem", "crl", "ok"),
    ("pyca-crl/crl_almost_10k.pem", "crl", "ok"),
    // version INTEGER 2 (v3): RFC 5280 §5.1.2.1 allows only v2.
    ("pyca-crl/crl_bad_version.pem", "crl", "err BadVersion"),
    ("pyca-crl/crl_delta_crl_indicator.pem", "crl", "ok delta"),
    (
        "pyca-crl/crl_dup_entry_ext.pem",
        "crl",
        "err DuplicateExtension",
    ),
    ("pyca-crl/crl_empty.pem", "crl", "ok"),
    ("pyca-crl/crl_empty_no_sequence.der", "crl", "ok"),
    ("pyca-crl/crl_ian_aia_aki.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_fullname_indirect_crl.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_fullname_only.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_fullname_only_aa.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_fullname_only_user.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_only_ca.pem", "crl", "ok"),
    ("pyca-crl/crl_idp_reasons_only.pem", "crl", "ok"),
    (
        "pyca-crl/crl_idp_relative_user_all_reasons.pem",
        "crl",
        "ok",
    ),
    ("pyca-crl/crl_idp_relativename_only.pem", "crl", "ok"),
    (
        "pyca-crl/crl_inner_outer_mismatch.der",
        "crl",
        "err SignatureAlgorithmMismatch",
    ),
    (
        "pyca-crl/crl_inval_cert_issuer_entry_ext.pem",
        "crl",
        "err BadExtension",
    ),
    // A v1 CRL (no version) whose entry has an extension: refused for that before the
    // fractional-seconds invalidityDate inside is even read.
    (
        "pyca-crl/crl_inval_date_fractional_seconds.der",
        "crl",
        "err ExtensionsInV1",
    ),
    ("pyca-crl/crl_invalid_time.der", "crl", "err Malformed"),
    // The issuer's PrintableString holds characters outside its alphabet; names are compared
    // and displayed leniently (docs/vietnam.md §5: real CAs mis-encode), so the CRL parses.
    (
        "pyca-crl/crl_issuer_invalid_printable_string.der",
        "crl",
        "ok",
    ),
    // Unknown critical entry extension: parses, never used (RFC 5280 §5.3).
    (
        "pyca-crl/crl_md2_unknown_crit_entry_ext.pem",
        "crl",
        "unusable",
    ),
    ("pyca-crl/crl_no_next_update.pem", "crl", "ok"),
    ("pyca-crl/crl_unrecognized_extension.der", "crl", "ok"),
    // reasonCode 7 is not a CRLReason value (RFC 5280 §5.3.1). pyca refuses the CRL; kyso
    // keeps it, the entry revoked with its reason unspecified (issue 12: a French plugtest CA's
    // CRL in shared/testdata/pdf writes 7, and refusing it left every certificate it covers
    // without status; OpenSSL keeps it too).
    ("pyca-crl/crl_unsupported_reason.pem", "crl", "ok"),
    ("pyca-crl/invalid_signature_crl.pem", "crl", "ok"),
    ("pyca-crl/valid_signature_crl.pem", "crl", "ok"),
    (
        "pyca-ocsp/ocsp-army.deps.mil-resp.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/ocsp-army.inapplicable-req.der",
        "request",
        "request 1",
    ),
    (
        "pyca-ocsp/ocsp-army.revoked-req.der",
        "request",
        "request 1",
    ),
    ("pyca-ocsp/ocsp-army.valid-req.der", "request", "request 1"),
    (
        "pyca-ocsp/req-acceptable-responses.der",
        "request",
        "request 1",
    ),
    (
        "pyca-ocsp/req-duplicate-ext.der",
        "request",
        "err DuplicateExtension",
    ),
    ("pyca-ocsp/req-ext-nonce.der", "request", "request 1"),
    ("pyca-ocsp/req-ext-unknown-oid.der", "request", "request 1"),
    // The hash OID is only an identifier: the request parses; no CertID with it ever matches.
    ("pyca-ocsp/req-invalid-hash-alg.der", "request", "request 1"),
    (
        "pyca-ocsp/req-invalid-version.der",
        "request",
        "err BadVersion",
    ),
    ("pyca-ocsp/req-multi-sha1.der", "request", "request 2"),
    ("pyca-ocsp/req-sha1.der", "request", "request 1"),
    (
        "pyca-ocsp/resp-delegate-unknown-cert.der",
        "response",
        "response successful",
    ),
    // Parses; verifying it refuses the unknown signature algorithm (checked below).
    (
        "pyca-ocsp/resp-invalid-signature-oid.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-invalid-version.der",
        "response",
        "err BadVersion",
    ),
    (
        "pyca-ocsp/resp-responder-key-hash.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-response-type-unknown-oid.der",
        "response",
        "err UnsupportedResponseType",
    ),
    (
        "pyca-ocsp/resp-revoked-no-next-update.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-revoked-reason.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-revoked.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-sct-extension.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-sha256.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-single-extension-reason.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-successful-no-response-bytes.der",
        "response",
        "err MissingResponseBytes",
    ),
    (
        "pyca-ocsp/resp-unauthorized.der",
        "response",
        "response unauthorized",
    ),
    (
        "pyca-ocsp/resp-unknown-extension.der",
        "response",
        "response successful",
    ),
    (
        "pyca-ocsp/resp-unknown-hash-alg.der",
        "response",
        "response successful",
    ),
    // responseStatus 4 is unused in RFC 6960 §4.2.1.
    (
        "pyca-ocsp/resp-unknown-response-status.der",
        "response",
        "err Malformed",
    ),
    (
        "rustcrypto-x509-ocsp/DODEMAILCA_63-resp.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-by-key-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-dtm-no-chain-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-internal-error.der",
        "response",
        "response internalError",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-malformed.der",
        "response",
        "response malformedRequest",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-multiple-exts-clean-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-multiple-exts-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-multiple-requests-nonce-req.der",
        "request",
        "request 8",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-multiple-requests-req.der",
        "request",
        "request 8",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-multiple-responses-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-sig-required.der",
        "response",
        "response sigRequired",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-signed-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-try-later.der",
        "response",
        "response tryLater",
    ),
    (
        "rustcrypto-x509-ocsp/ocsp-unauthorized.der",
        "response",
        "response unauthorized",
    ),
    (
        "rustcrypto-x509-ocsp/rsa-2048-sha256-ca-crl.der",
        "crl",
        "ok",
    ),
    (
        "rustcrypto-x509-ocsp/rsa-2048-sha256-revoked-ocsp-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/sha1-certid-ocsp-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/sha1-certid-ocsp-res.der",
        "response",
        "response successful",
    ),
    // SHA-224 CertIDs parse; kyso cannot compute SHA-224, so they never match (and kyso never
    // sends one).
    (
        "rustcrypto-x509-ocsp/sha224-certid-ocsp-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/sha256-certid-ocsp-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/sha256-certid-ocsp-res.der",
        "response",
        "response successful",
    ),
    (
        "rustcrypto-x509-ocsp/sha384-certid-ocsp-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/sha512-certid-ocsp-req.der",
        "request",
        "request 1",
    ),
    (
        "rustcrypto-x509-ocsp/sha512-certid-ocsp-res.der",
        "response",
        "response successful",
    ),
];

/// Certificates and keys of the RustCrypto set: not revocation data.
const NOT_REVOCATION_DATA: &[&str] = &[
    "rustcrypto-x509-ocsp/rsa-2048-sha256-ca-key.der",
    "rustcrypto-x509-ocsp/rsa-2048-sha256-ca.der",
    "rustcrypto-x509-ocsp/rsa-2048-sha256-crt-key.der",
    "rustcrypto-x509-ocsp/rsa-2048-sha256-crt.der",
    "rustcrypto-x509-ocsp/rsa-2048-sha256-ocsp-crt-key.der",
    "rustcrypto-x509-ocsp/rsa-2048-sha256-ocsp-crt.der",
];

fn outcome(kind: &str, bytes: &[u8]) -> String {
    match kind {
        "crl" => crl_outcome(bytes),
        "request" => request_outcome(bytes),
        _ => response_outcome(bytes),
    }
}

#[test]
fn every_file_parses_or_is_rejected_as_listed() {
    let base = testdata().join("ocsp-crl");
    let mut on_disk = Vec::new();
    for sub in ["pyca-crl", "pyca-ocsp", "rustcrypto-x509-ocsp"] {
        for e in std::fs::read_dir(base.join(sub)).unwrap() {
            on_disk.push(format!(
                "{sub}/{}",
                e.unwrap().file_name().to_str().unwrap()
            ));
        }
    }
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED
        .iter()
        .map(|e| e.0)
        .chain(NOT_REVOCATION_DATA.iter().copied())
        .collect();
    for f in &on_disk {
        assert!(listed.contains(&f.as_str()), "{f} has no expected outcome");
    }
    let mut tally = Tally::default();
    for (file, kind, want) in EXPECTED {
        let bytes = std::fs::read(base.join(file)).unwrap();
        tally.record(file, want, &outcome(kind, &bytes), &[]);
    }
    tally.finish("ocsp-crl parsing vectors", &[]);
}

fn rustcrypto(name: &str) -> Vec<u8> {
    std::fs::read(testdata().join("ocsp-crl/rustcrypto-x509-ocsp").join(name)).unwrap()
}

#[test]
fn rustcrypto_ca_response_and_crl_verify() {
    let ca = Certificate::from_der(&rustcrypto("rsa-2048-sha256-ca.der")).unwrap();
    let crt = Certificate::from_der(&rustcrypto("rsa-2048-sha256-crt.der")).unwrap();
    let responder = Certificate::from_der(&rustcrypto("rsa-2048-sha256-ocsp-crt.der")).unwrap();
    let policy = ValidationPolicy::vn_gov();
    let crypto = RustCryptoProvider;

    // The response is about serial 03 (not in the set), signed by the delegated responder:
    // for serial 02 it must authenticate, then find no SingleResponse (the responder check
    // comes first, so anything else would mean the signature or delegation failed).
    let resp = OcspResponse::from_der(&rustcrypto("rsa-2048-sha256-revoked-ocsp-res.der")).unwrap();
    let t = resp.this_updates()[0];
    let extra = [responder.clone()];
    let ctx = OcspCheck::new(t, &policy, &crypto).with_extra_certs(&extra);
    assert_eq!(
        resp.verify_for(&crt, &ca, &ctx).unwrap_err(),
        OcspError::NoMatchingResponse
    );
    // The responder certificate travels in the response: no extra certificate is needed.
    assert!(resp.certificates().contains(&responder));
    let ctx_no = ctx.with_extra_certs(&[]);
    assert_eq!(
        resp.verify_for(&crt, &ca, &ctx_no).unwrap_err(),
        OcspError::NoMatchingResponse
    );
    // With issuer and subject swapped the CertID matches nothing, which is checked before any
    // responder is looked for (that search costs signature checks); the responder rules
    // themselves (RFC 6960 §4.2.2.2) are exercised by the BoringSSL OCSP suite.
    assert_eq!(
        resp.verify_for(&ca, &crt, &ctx_no).unwrap_err(),
        OcspError::NoMatchingResponse
    );
    // Tampered signed data: the signature no longer verifies.
    let mut tampered = rustcrypto("rsa-2048-sha256-revoked-ocsp-res.der");
    let tbs = resp.tbs_der().unwrap().to_vec();
    // Change the CertID serial 03 to 02 inside the signed bytes: the response would now be
    // about the end-entity certificate, if the signature did not catch it.
    let start = tampered
        .windows(tbs.len())
        .position(|w| w == tbs.as_slice())
        .unwrap();
    let at = start
        + tbs
            .windows(3)
            .position(|w| w == [0x02, 0x01, 0x03])
            .unwrap()
        + 2;
    tampered[at] = 0x02;
    let bad = OcspResponse::from_der(&tampered).unwrap();
    assert_eq!(
        bad.verify_for(&crt, &ca, &ctx).unwrap_err(),
        OcspError::BadSignature
    );

    // The CA's CRL: the end-entity certificate (serial 02) is not on it.
    let crl = Crl::from_der(&rustcrypto("rsa-2048-sha256-ca-crl.der")).unwrap();
    let time = crl.this_update();
    let evidence = RevocationEvidence::new(vec![crl.der().to_vec()], vec![]);
    let checker = Checker::new().with_evidence(&evidence, EvidenceOrigin::Caller);
    let report = check_path_only(&checker, &[&crt, &ca], 0, &time, &policy);
    assert_eq!(report.status, RevocationStatus::Good, "{report:?}");
    assert_eq!(report.source.as_deref(), Some("crl/caller"));
}

#[test]
fn pyca_invalid_signature_oid_is_refused() {
    let bytes = std::fs::read(testdata().join("ocsp-crl/pyca-ocsp/resp-invalid-signature-oid.der"))
        .unwrap();
    let resp = OcspResponse::from_der(&bytes).unwrap();
    // Any certificate will do as "issuer": the algorithm is refused before keys matter, or
    // no responder matches — either way the response cannot vouch.
    let ca = Certificate::from_der(&rustcrypto("rsa-2048-sha256-ca.der")).unwrap();
    let policy = ValidationPolicy::vn_gov();
    let ctx = OcspCheck::new(resp.produced_at().unwrap(), &policy, &RustCryptoProvider)
        .with_extra_certs(resp.certificates());
    assert!(resp.verify_for(&ca, &ca, &ctx).is_err());
}

/// What a CRL's or an OCSP response's signature covers, and the signature: a mutant whose
/// signed parts are unchanged may still be accepted (only unsigned bytes moved).
#[derive(Debug, Default, PartialEq, Eq)]
struct Signed {
    crls: Vec<(Vec<u8>, Vec<u8>)>,
    ocsp_tbs: Option<Vec<u8>>,
}

impl Signed {
    fn of(bytes: &[u8]) -> Self {
        Self {
            crls: Crl::load_any(bytes)
                .map(|cs| cs.iter().map(Self::crl_parts).collect())
                .unwrap_or_default(),
            ocsp_tbs: OcspResponse::from_der(bytes)
                .ok()
                .and_then(|r| r.tbs_der().map(<[u8]>::to_vec)),
        }
    }

    fn crl_parts(c: &Crl) -> (Vec<u8>, Vec<u8>) {
        (c.tbs_der().to_vec(), c.signature().to_vec())
    }
}

/// Evidence that gave a definitive status was accepted (good or revoked, not unknown).
fn accepted(status: RevocationStatus) -> bool {
    matches!(
        status,
        RevocationStatus::Good
            | RevocationStatus::Revoked
            | RevocationStatus::RevokedAfterValidationTime
    )
}

/// A mutant accepted as evidence must carry the original's signed parts unchanged: otherwise
/// a changed CRL or response passed its signature check, which is a bug.
fn assert_signed_parts_unchanged(
    mutant: &Signed,
    original: &Signed,
    what: &str,
    m: &[u8],
) -> usize {
    let same = mutant.crls.iter().all(|c| original.crls.contains(c))
        && (mutant.ocsp_tbs.is_none() || mutant.ocsp_tbs == original.ocsp_tbs);
    assert!(
        same,
        "{what}: a mutant with changed signed bytes was accepted: {}",
        m.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    1
}

/// Bounded mutation loop: byte flips, truncations, insertions and length-byte changes over
/// every file; every parser must return (Ok or Err) without panicking, and a mutant is
/// accepted as evidence only if what its signature covers is unchanged.
#[test]
fn mutations_never_panic() {
    let base = testdata().join("ocsp-crl");
    let mut rng = DeterministicRng::from_seed(0x6b79_736f_2d72_6576);
    let ca = Certificate::from_der(&rustcrypto("rsa-2048-sha256-ca.der")).unwrap();
    let crt = Certificate::from_der(&rustcrypto("rsa-2048-sha256-crt.der")).unwrap();
    let policy = ValidationPolicy::vn_gov();
    let (mut runs, mut accepted_unchanged) = (0usize, 0usize);
    for (file, _, _) in EXPECTED {
        let original = std::fs::read(base.join(file)).unwrap();
        let original_signed = Signed::of(&original);
        // The 10k-entry CRL is large: fewer rounds keep the loop bounded in time.
        let rounds = if original.len() > 100_000 { 8 } else { 200 };
        for _ in 0..rounds {
            let mut m = original.clone();
            for _ in 0..=rng.below(3) {
                let i = rng.below(m.len());
                match rng.below(4) {
                    0 => m[i] ^= 1 << rng.below(8),
                    1 => m.truncate(i),
                    2 => m.insert(i, rng.below(256) as u8),
                    _ => m[i] = [0x00, 0x80, 0x81, 0x84, 0xff][rng.below(5)],
                }
                if m.is_empty() {
                    break;
                }
            }
            if let Ok(crls) = Crl::load_any(&m) {
                // Parsed mutants also go through the RFC 5280 §6.3.3 check.
                let mut checker = Checker::new();
                for c in crls {
                    checker.add_crl(c, EvidenceOrigin::Caller);
                }
                let t = ca.not_before();
                let r = check_path_only(&checker, &[&crt, &ca], 0, &t, &policy);
                if accepted(r.status) {
                    accepted_unchanged +=
                        assert_signed_parts_unchanged(&Signed::of(&m), &original_signed, file, &m);
                }
            }
            let _ = parse_ocsp_request(&m);
            if let Ok(r) = OcspResponse::from_der(&m) {
                let ctx = OcspCheck::new(
                    r.produced_at().unwrap_or(ca.not_before()),
                    &policy,
                    &RustCryptoProvider,
                );
                if r.verify_for(&crt, &ca, &ctx).is_ok() {
                    accepted_unchanged +=
                        assert_signed_parts_unchanged(&Signed::of(&m), &original_signed, file, &m);
                }
            }
            runs += 1;
        }
    }
    println!(
        "ocsp-crl mutation loop: {runs} mutated inputs, no panic; {accepted_unchanged} accepted, \
         all with their signed bytes unchanged"
    );
    assert!(runs > 10_000);
}

/// The same mutation loop over the BoringSSL CRL and OCSP suites, with each file's own
/// certificates, so mutants that still parse reach the deep checks (scopes, signers, deltas,
/// responder delegation, CertID matching); a mutant is accepted as evidence only if what its
/// signature covers is unchanged.
#[test]
fn boringssl_mutations_never_panic() {
    let mut rng = DeterministicRng::from_seed(0x7265_766f_6361_7469);
    let mut policy = ValidationPolicy::vn_gov();
    policy.algorithms.min_rsa_bits = 1024;
    let (mut runs, mut accepted_unchanged) = (0usize, 0usize);
    for (sub, label) in [("crl_unittest", "CRL"), ("ocsp_unittest", "OCSP RESPONSE")] {
        let dir = testdata().join("boringssl-pki").join(sub);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.retain(|p| p.extension().is_some_and(|e| e == "pem"));
        files.sort();
        for f in files {
            let s = pem_sections(&std::fs::read_to_string(&f).unwrap());
            let (Ok(cert), Ok(ca)) = (
                Certificate::from_der(&s["CERTIFICATE"]),
                Certificate::from_der(&s["CA CERTIFICATE"]),
            ) else {
                continue;
            };
            let t = parse_time("2017-03-07T00:00:00Z");
            let original_signed = Signed::of(&s[label]);
            let what = f.display().to_string();
            for _ in 0..60 {
                let mut m = s[label].clone();
                for _ in 0..=rng.below(2) {
                    let i = rng.below(m.len());
                    match rng.below(3) {
                        0 => m[i] ^= 1 << rng.below(8),
                        1 => m[i] = [0x00, 0x01, 0x80, 0xff][rng.below(4)],
                        _ => m.truncate(i.max(1)),
                    }
                }
                let mutant_signed = Signed::of(&m);
                let evidence = if label == "CRL" {
                    RevocationEvidence::new(vec![m.clone()], vec![])
                } else {
                    RevocationEvidence::new(vec![], vec![m.clone()])
                };
                let checker = Checker::new()
                    .with_evidence(&evidence, EvidenceOrigin::Caller)
                    .with_current_time(t);
                let r = check_path_only(&checker, &[&cert, &ca], 0, &t, &policy);
                if accepted(r.status) {
                    accepted_unchanged +=
                        assert_signed_parts_unchanged(&mutant_signed, &original_signed, &what, &m);
                }
                runs += 1;
            }
        }
    }
    println!(
        "BoringSSL CRL/OCSP mutation loop: {runs} mutated inputs checked, no panic; \
         {accepted_unchanged} accepted, all with their signed bytes unchanged"
    );
    assert!(runs > 5_000);
}
