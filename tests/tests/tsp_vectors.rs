//! Every RFC 3161 response and token in `../shared/testdata/tsp` (see its README), verified by
//! `Verifier::verify_timestamp` / `verify_timestamp_response` against the verdict written here.
//! Each folder's `ts_chain.pem` gives the anchors (its self-signed certificates) and the
//! intermediates; the vectors carry no revocation data and their TSAs are not reachable, so
//! revocation is turned off by name (`danger_without_revocation`): what is tested is the token,
//! the TSA's signature and its chain for id-kp-timeStamping at genTime. Prints a table and the
//! suite's counts; fails on any mismatch.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use kyso::{
    Certificate, DateTime, Indication, RustCryptoProvider, SubIndication, TimestampReport,
    TimestampRequest, TrustStore, ValidationPolicy, Verifier, load_certificates,
};
use kyso_tests::{print_cases, read_testdata as read};

use Indication::{Indeterminate as IND, TotalFailed as TF, TotalPassed as TP};
use SubIndication as S;

/// What a token is checked against.
enum Against {
    /// The time-stamped data.
    Data(&'static str),
    /// Bytes given inline.
    Bytes(&'static [u8]),
    /// The request it answers (imprint, nonce, policy).
    Request(&'static str),
}

struct Case {
    file: &'static str,
    chain: Option<&'static str>,
    /// Certificates given to the session besides the chain (e.g. the TSA's, when the token
    /// does not embed it).
    extra: &'static [&'static str],
    against: Against,
    expected: (Indication, Option<SubIndication>),
    /// The TSA's own signer verdict, when the case is about the imprint rather than the TSA.
    tsa: Option<Indication>,
    /// A finding code the report must hold.
    finding: Option<&'static str>,
    why: &'static str,
}

const RC: &str = "tsp/rfc3161-client";

const CASES: &[Case] = &[
    Case {
        file: "sigstage/response-sha256.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "real staging TSA, SHA-256 imprint of `hello`",
    },
    Case {
        file: "sigstage/response-sha384.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "SHA-384 imprint",
    },
    Case {
        file: "sigstage/response-sha512.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "SHA-512 imprint",
    },
    Case {
        file: "sigstage/response-sha256.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hellO"),
        expected: (TF, Some(S::HashFailure)),
        tsa: Some(TP),
        finding: None,
        why: "the same token over other data: imprint mismatch",
    },
    Case {
        file: "sigstage/response-invalid-signature.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (TF, Some(S::SigCryptoFailure)),
        tsa: None,
        finding: None,
        why: "broken TSA signature",
    },
    Case {
        file: "sigstage/response-no-embedded-cert.tsr",
        chain: Some("sigstage/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "certReq=false: the TSA certificate comes from ts_chain.pem (the session's evidence)",
    },
    Case {
        file: "sigstage/response-no-embedded-cert.tsr",
        chain: None,
        extra: &[],
        against: Against::Bytes(b"hello"),
        expected: (IND, Some(S::NoSigningCertificateFound)),
        tsa: None,
        finding: None,
        why: "certReq=false and no certificate given: the TSA cannot be identified",
    },
    Case {
        file: "sigstore.mock/response-expired.tsr",
        chain: Some("sigstore.mock/ts_chain.pem"),
        extra: &[],
        against: Against::Data("sigstore.mock/payload"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "TSA certificate valid 2023-01-01..2024-01-01, expired now; genTime 2023-02-01 \
              is inside it, and a token is validated at its genTime (pdf-ltv-login.md T7; the \
              README's 'or need a past validation time')",
    },
    Case {
        file: "test_tsa/response.tsr",
        chain: Some("test_tsa/ts_chain.pem"),
        extra: &[],
        against: Against::Request("test_tsa/request.der"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "local TSA's answer to its request (SHA-512, nonce)",
    },
    Case {
        file: "test_tsa/other_response.tsr",
        chain: Some("test_tsa/ts_chain.pem"),
        extra: &[],
        against: Against::Request("test_tsa/request.der"),
        expected: (IND, Some(S::CertificateChainGeneralFailure)),
        tsa: None,
        finding: Some("tsp.nonce-mismatch"),
        why: "an answer to another request for the same data: the nonce differs (and its TSA \
              key, made on another run under the same names, is not ts_chain.pem's)",
    },
    Case {
        file: "test_tsa/other_response.tsr",
        chain: Some("test_tsa/ts_chain.pem"),
        extra: &[],
        against: Against::Request("test_tsa/other_request.der"),
        expected: (IND, Some(S::CertificateChainGeneralFailure)),
        tsa: None,
        finding: Some("chain.signature-invalid"),
        why: "the other answer matches its own request, but its embedded chain was made on \
              another run: ts_chain.pem's intermediate did not sign its TSA certificate",
    },
    Case {
        file: "test_tsa/response-injected-certs.tsr",
        chain: Some("test_tsa/ts_chain.pem"),
        extra: &[],
        against: Against::Request("test_tsa/request.der"),
        expected: (TP, None),
        tsa: None,
        finding: None,
        why: "unrelated certificates injected: the signer is still found by its identifier",
    },
    Case {
        file: "identrust/issue-104.tsr",
        chain: Some("identrust/ts_chain.pem"),
        extra: &[],
        against: Against::Bytes(b"the data is not published"),
        expected: (TF, Some(S::HashFailure)),
        tsa: Some(TP),
        finding: None,
        why: "real public TSA (IdenTrust): the TSA's signature and chain pass; the time-stamped \
              data is not in the corpus, so the imprint check must fail",
    },
    Case {
        file: "../bc-tsp/20170316_Testdaten/Testdaten_ERS-Testool/rfc4998/2Chains3ATS/BIN_ER.ers.0.0.tsr",
        chain: None,
        extra: &[],
        against: Against::Bytes(b""),
        expected: (TF, Some(S::HashFailure)),
        tsa: Some(IND),
        finding: Some("chain.no-issuer"),
        why: "BSI TR-ESOR archive time-stamp, a bare token in indefinite-length BER: read, its \
              TSA (exceet TSA 04) identified and its signature checked; the TSA's CA is not \
              in the corpus and the imprint is an evidence-record hash node, not given here",
    },
    Case {
        file: "../bc-tsp/20170316_Testdaten/Testdaten_ERS-Testool/rfc4998/2Chains3ATS/BIN_ER.ers.0.1.tsr",
        chain: None,
        extra: &[],
        against: Against::Bytes(b""),
        expected: (TF, Some(S::HashFailure)),
        tsa: Some(IND),
        finding: Some("chain.no-issuer"),
        why: "BSI TR-ESOR archive time-stamp, a bare token in indefinite-length BER: read, its \
              TSA (exceet TSA 04) identified and its signature checked; the TSA's CA is not \
              in the corpus and the imprint is an evidence-record hash node, not given here",
    },
    Case {
        file: "../bc-tsp/20170316_Testdaten/Testdaten_ERS-Testool/rfc4998/2Chains3ATS/BIN_ER.ers.1.0.tsr",
        chain: None,
        extra: &[],
        against: Against::Bytes(b""),
        expected: (TF, Some(S::HashFailure)),
        tsa: Some(IND),
        finding: Some("chain.no-issuer"),
        why: "BSI TR-ESOR archive time-stamp, a bare token in indefinite-length BER: read, its \
              TSA (exceet TSA 04) identified and its signature checked; the TSA's CA is not \
              in the corpus and the imprint is an evidence-record hash node, not given here",
    },
];

fn now() -> DateTime {
    DateTime::new(2026, 1, 1, 0, 0, 0).unwrap()
}

fn policy() -> ValidationPolicy {
    let mut p = ValidationPolicy::vn_gov().danger_without_revocation();
    p.name = "tsp-vectors".into();
    p
}

fn run(case: &Case, crypto: &RustCryptoProvider) -> TimestampReport {
    let mut store = TrustStore::new();
    let mut others: Vec<Certificate> = Vec::new();
    if let Some(chain) = case.chain {
        for c in load_certificates(&read(&format!("{RC}/{chain}"))).unwrap() {
            if c.subject_name() == c.issuer_name() {
                store.add_anchor(c);
            } else {
                others.push(c);
            }
        }
    }
    let mut verifier = Verifier::new(store, policy(), now(), crypto);
    for c in others {
        verifier.add_certificates(c.der()).unwrap();
    }
    for e in case.extra {
        verifier
            .add_certificates(&read(&format!("{RC}/{e}")))
            .unwrap();
    }
    let token = read(&format!("{RC}/{}", case.file));
    match &case.against {
        Against::Data(f) => verifier.verify_timestamp(&token, &read(&format!("{RC}/{f}"))),
        Against::Bytes(b) => verifier.verify_timestamp(&token, b),
        Against::Request(f) => {
            let request = TimestampRequest::from_der(&read(&format!("{RC}/{f}"))).unwrap();
            verifier.verify_timestamp_response(&token, &request)
        }
    }
}

/// Every finding code in the report, the TSA signer's and its chain's included.
fn all_codes(r: &TimestampReport) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = r.findings.iter().map(|f| f.code.code()).collect();
    if let Some(tsa) = &r.tsa {
        out.extend(tsa.findings.iter().map(|f| f.code.code()));
        if let Some(chain) = &tsa.chain {
            out.extend(chain.findings.iter().map(|f| f.code.code()));
            for c in &chain.certificates {
                out.extend(c.findings.iter().map(|f| f.code.code()));
            }
        }
    }
    out
}

fn show(i: Indication, s: Option<SubIndication>) -> String {
    match s {
        Some(s) => format!("{}/{}", i.as_str(), s.as_str()),
        None => i.as_str().to_owned(),
    }
}

#[test]
fn tsp_vectors() {
    let crypto = RustCryptoProvider;
    let (mut passed, mut failed) = (0, 0);
    for case in CASES {
        let r = run(case, &crypto);
        let got = (r.indication, r.sub_indication);
        let tsa_got = r.tsa.as_ref().map(|s| s.indication);
        let codes = all_codes(&r);
        let ok = got == case.expected
            && case.tsa.is_none_or(|t| tsa_got == Some(t))
            && case.finding.is_none_or(|f| codes.contains(&f));
        println!(
            "{} {:<42} expected {:<40} got {:<40} genTime {} — {}",
            if ok { "ok  " } else { "FAIL" },
            case.file,
            show(case.expected.0, case.expected.1),
            show(r.indication, r.sub_indication),
            r.gen_time_exact.as_deref().unwrap_or("-"),
            case.why
        );
        if !ok {
            println!("{}", serde_json::to_string_pretty(&r).unwrap());
            failed += 1;
        } else {
            passed += 1;
        }
    }
    print_cases("tsp-vectors", passed, 0, failed, 0);
    assert_eq!(failed, 0);
}
