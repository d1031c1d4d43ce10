//! Long-term PDF signatures validated **after their signer certificates expired**, offline,
//! from the data embedded in the file alone (issue 12, "Proof required": "pyHanko's and DSS's
//! LTA files in `../shared/testdata/pdf` validate TOTAL-PASSED at a date after the signer
//! certificate expired, from the embedded data alone, offline").
//!
//! Every long-term file of `$KYSO_TESTDATA/pdf` (its README: B-T files extended with document
//! time-stamps, B-LT files with a DSS, B-LTA files) is verified through the public API
//! (`Verifier::new(store, ValidationPolicy::vn_gov(), now, …).verify_pdf`) with **no fetcher,
//! no CRL or OCSP response besides the file's own** (its DSS, its CMS revocation values), at a
//! `now` after every signer certificate's notAfter:
//! - `now` = the latest signer certificate's notAfter (read from a first report) + 365 days,
//!   moved back to a day before the earliest notAfter of the trust anchors the chains end at
//!   when that comes first (and still after the signer's); the chosen `now` is printed.
//! - Trust. pyHanko's files: the `Root CA` of `pyhanko/pyhanko-testing-ca-certs.pem`, as its
//!   README says (the anchor alone: the intermediates must come from the file). The EU DSS
//!   files come without a trust list, so **the anchors are the self-signed certificates the
//!   file itself carries** (in its DSS streams, its signatures' CMS certificate sets and
//!   their time-stamp tokens) — this tests that the embedded *data* suffices to validate, not
//!   whom to trust; the output says so for each file. kyso's public API gives the certificates
//!   of one CMS (`signed_data_certificates`) but neither the DSS streams nor the time-stamp
//!   tokens' sets, so the test reads the file with `qpdf --json` (every stream decoded, every
//!   binary string) and takes every DER certificate found inside them, keeping the self-signed.
//!   A file without any self-signed certificate is validated with no anchor at all.
//!
//! A case is one signature (or document time-stamp) of one file. Expected: TOTAL-PASSED
//! with the signer's chain validated at a time-stamp's time (`chain.time_used.source ==
//! "timestamp"`) before its notAfter, for every signature the file's README calls long-term;
//! otherwise "not TOTAL-PASSED" with the property of the file that makes it so in [`CASES`].
//! Divergences are in `tests/exceptions/pdf-lta.toml`, one reason each; the test fails on an
//! unlisted divergence, a stale exception, a signature count that differs from the table, and
//! a long-term file of the README missing from it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions,
    clippy::print_stdout
)]

mod revocation_support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use kyso::{
    Certificate, DateTime, Indication, PdfReport, PdfSignatureKind, PdfSignatureReport,
    RustCryptoProvider, SubIndication, TimeSource, TrustStore, ValidationPolicy, Verifier,
};
use kyso_tests::{base64_decode, testdata};
use revocation_support::{Tally, load_exceptions};

const SUITE: &str = "pdf-lta-offline";

/// Whom a file is validated against.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Trust {
    /// pyHanko's `Root CA` (README).
    PyhankoRoot,
    /// The self-signed certificates the file carries.
    Embedded,
}

/// What one signature (in file order, document time-stamps included) must give.
#[derive(Clone, Copy, Debug)]
enum Want {
    /// TOTAL-PASSED; for a signature, its chain validated at a time-stamp's time before the
    /// signer certificate's notAfter.
    Passed,
    /// Not TOTAL-PASSED: the file lacks what it takes (the reason is in the table).
    NotPassed,
}

use Want::{NotPassed, Passed};

struct Case {
    file: &'static str,
    trust: Trust,
    /// One per signature field with a value, in file order.
    want: &'static [Want],
    /// Why a `NotPassed` is a property of the file, not of kyso.
    why: &'static str,
}

const CASES: &[Case] = &[
    Case {
        file: "pyhanko/pades-lta-dss-indirect-arrs-test.pdf",
        trust: Trust::PyhankoRoot,
        want: &[Passed, Passed],
        why: "",
    },
    Case {
        file: "pyhanko/pades-lta-dss-indirect-arrs-test-2.pdf",
        trust: Trust::PyhankoRoot,
        want: &[Passed, Passed, Passed],
        why: "",
    },
    Case {
        file: "esig-dss/PAdES-LT.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed, Passed, Passed, Passed],
        why: "Signature1 has no signature time-stamp; its first proof of existence is the document \
             time-stamp of 2021-05-28T07:47:28Z, after its certificate expired (2021-04-01): \
             OUT_OF_BOUNDS_NO_POE (EN 319 102-1 §5.6.2.5)",
    },
    Case {
        file: "esig-dss/Signature-P-DE_SCI-4.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed, NotPassed],
        why: "the DSS OCSP responses for the signer and its CA are signed by D-TRUST OCSP-16/-11, \
             certified by D-TRUST Qualified Root CA 2 while the signer chains to Root CA 3: not \
             authorized responders (RFC 6960 §4.2.2.2; only a trust list makes them so); the \
             signature TSA's (C064) only OCSP response has thisUpdate 2015-09-29, six months \
             before genTime (stale under the freshness rule); the document TSA (C058) has no \
             revocation data in the file at all",
    },
    Case {
        file: "esig-dss/Signature-P-FR_CS-5.pdf",
        trust: Trust::Embedded,
        want: &[Passed, Passed, Passed],
        why: "kyso divergence, see tests/exceptions/pdf-lta.toml",
    },
    Case {
        file: "esig-dss/Test.signed_Certipost-2048-SHA512.extended-LTA.pdf",
        trust: Trust::Embedded,
        want: &[Passed, Passed, NotPassed],
        why: "the last document time-stamp (2019, Universign Timestamping Unit 026) comes without its \
             issuer (Universign Timestamping CA 2015): no chain from the file alone",
    },
    Case {
        file: "esig-dss/dss-2058_dss-2058-QC-LTA-test.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed, NotPassed, Passed],
        why: "the issuing CAs (CommisSign - 2, QuoVadis EU Issuing CA G3) have no revocation data in \
             the file (no CRL from their roots): the EU trust list anchors at those CAs, this \
             test at the self-signed roots the file carries",
    },
    Case {
        file: "esig-dss/belgian_pki_multiple_ocsps_lt.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed],
        why: "the signature TSA's CA (Universign Timestamping CA) has no revocation data in the file \
             (no CRL from Universign Primary CA hardware): the time-stamp is INDETERMINATE, no \
             proof of existence; vn-gov then validates at the claimed /M time (TOTAL-PASSED, \
             time source pdf-signing-time), which is not the proof this suite asks for",
    },
    Case {
        file: "esig-dss/doc-firmado-LT.pdf",
        trust: Trust::Embedded,
        want: &[Passed],
        why: "",
    },
    Case {
        file: "esig-dss/doc-firmado-T.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed],
        why: "B-T only: no DSS, the TSA certificate's issuer is not in the file and no revocation data \
             for the signer",
    },
    Case {
        file: "esig-dss/pades-t-level-extended.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed, NotPassed],
        why: "B-T extended with a document time-stamp but no DSS: the signer's issuing CA is not in \
             the file, the TSA has no revocation data",
    },
    Case {
        file: "esig-dss/pades-ltv.pdf",
        trust: Trust::Embedded,
        want: &[Passed, Passed, Passed],
        why: "",
    },
    Case {
        file: "esig-dss/timestamped_and_signed.pdf",
        trust: Trust::Embedded,
        want: &[NotPassed, NotPassed],
        why: "the file carries no self-signed certificate (its roots are not embedded): no anchor",
    },
    Case {
        file: "esig-dss/pades-5-signatures-and-1-document-timestamp.pdf",
        trust: Trust::Embedded,
        want: &[
            NotPassed, NotPassed, NotPassed, NotPassed, NotPassed, NotPassed,
        ],
        why: "the file carries no self-signed certificate (its roots are not embedded): no anchor",
    },
];

/// The long-term files of the README (time-stamped and/or with validation data): each must be
/// in [`CASES`].
const LONG_TERM: &[&str] = &[
    "pyhanko/pades-lta-dss-indirect-arrs-test.pdf",
    "pyhanko/pades-lta-dss-indirect-arrs-test-2.pdf",
    "esig-dss/PAdES-LT.pdf",
    "esig-dss/Signature-P-DE_SCI-4.pdf",
    "esig-dss/Signature-P-FR_CS-5.pdf",
    "esig-dss/Test.signed_Certipost-2048-SHA512.extended-LTA.pdf",
    "esig-dss/dss-2058_dss-2058-QC-LTA-test.pdf",
    "esig-dss/belgian_pki_multiple_ocsps_lt.pdf",
    "esig-dss/doc-firmado-LT.pdf",
    "esig-dss/doc-firmado-T.pdf",
    "esig-dss/pades-t-level-extended.pdf",
    "esig-dss/pades-ltv.pdf",
    "esig-dss/timestamped_and_signed.pdf",
    "esig-dss/pades-5-signatures-and-1-document-timestamp.pdf",
];

fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn verdict(indication: Indication, sub: Option<SubIndication>) -> String {
    match sub {
        Some(s) => format!("{}/{}", json_name(&indication), json_name(&s)),
        None => json_name(&indication),
    }
}

// ---- certificates the file carries (qpdf + a DER walk)

/// One DER TLV at `i`: (tag, start of contents, length; `None` for BER indefinite length).
fn tlv(b: &[u8], i: usize) -> Option<(u8, usize, Option<usize>)> {
    let tag = *b.get(i)?;
    let mut j = i + 1;
    if tag & 0x1f == 0x1f {
        while *b.get(j)? & 0x80 != 0 {
            j += 1;
        }
        j += 1;
    }
    let first = *b.get(j)?;
    j += 1;
    if first == 0x80 {
        return Some((tag, j, None));
    }
    if first & 0x80 == 0 {
        return Some((tag, j, Some(usize::from(first))));
    }
    let n = usize::from(first & 0x7f);
    if n > 4 {
        return None;
    }
    let mut len = 0usize;
    for k in 0..n {
        len = (len << 8) | usize::from(*b.get(j + k)?);
    }
    Some((tag, j + n, Some(len)))
}

/// Every X.509 certificate inside `b`: a SEQUENCE that parses as one, searched through
/// constructed values and OCTET STRINGs that hold DER (a time-stamp token's TSTInfo, a
/// signature-time-stamp attribute, an OCSP response's BasicOCSPResponse).
fn walk(b: &[u8], out: &mut Vec<Certificate>, depth: usize) {
    let mut i = 0;
    while i < b.len() && depth < 48 {
        let Some((tag, start, len)) = tlv(b, i) else {
            return;
        };
        let Some(len) = len else {
            walk(&b[start..], out, depth + 1);
            return;
        };
        let end = start + len;
        if end > b.len() {
            return;
        }
        if tag == 0x30
            && let Ok(c) = Certificate::from_der(&b[i..end])
        {
            out.push(c);
            i = end;
            continue;
        }
        if tag & 0x20 != 0 || (tag == 0x04 && len > 0 && matches!(b[start], 0x30 | 0xa0)) {
            walk(&b[start..end], out, depth + 1);
        }
        i = end;
    }
}

/// Every certificate the PDF carries in the objects of its latest revision: its streams
/// (decoded; the DSS `/Certs`, `/OCSPs`, `/CRLs`) and its binary strings (signatures'
/// `/Contents`), read with `qpdf --json`.
fn carried_certificates(path: &Path) -> Vec<Certificate> {
    let out = Command::new("qpdf")
        .args([
            "--json=2",
            "--json-stream-data=inline",
            "--decode-level=generalized",
        ])
        .arg(path)
        .arg("-")
        .output()
        .expect("qpdf (installed by scripts/test.sh)");
    // qpdf exits 3 when it warned (and still wrote its JSON).
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf --json {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    fn strings(v: &serde_json::Value, blobs: &mut Vec<Vec<u8>>) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(hex) = s.strip_prefix("b:") {
                    blobs.push(
                        (0..hex.len() / 2)
                            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                            .collect(),
                    );
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, blobs)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, blobs)),
            _ => {}
        }
    }
    let objects = json["qpdf"][1].as_object().expect("qpdf JSON v2 objects");
    for object in objects.values() {
        if let Some(stream) = object.get("stream") {
            if let Some(data) = stream.get("data").and_then(|d| d.as_str()) {
                blobs.push(base64_decode(data));
            }
            if let Some(dict) = stream.get("dict") {
                strings(dict, &mut blobs);
            }
        } else if let Some(value) = object.get("value") {
            strings(value, &mut blobs);
        }
    }
    let mut certs = Vec::new();
    for b in &blobs {
        walk(b, &mut certs, 0);
    }
    let mut seen = std::collections::BTreeSet::new();
    certs.retain(|c| seen.insert(c.der().to_vec()));
    certs
}

// ---- the report, read

fn add_days(t: DateTime, days: i64) -> DateTime {
    let secs = t.unix_duration().as_secs() as i64 + days * 86_400;
    DateTime::from_unix_duration(Duration::from_secs(secs as u64)).unwrap()
}

/// Every chain of the report (signers', their time-stamps' TSAs', document time-stamps').
fn chains(r: &PdfReport) -> Vec<&kyso::ChainReport> {
    let mut out = Vec::new();
    for s in &r.signatures {
        if let Some(cms) = &s.cms {
            for si in &cms.signers {
                out.extend(si.chain.as_ref());
                for t in &si.timestamps {
                    out.extend(t.tsa.as_ref().and_then(|t| t.chain.as_ref()));
                }
            }
        }
        if let Some(t) = &s.timestamp {
            out.extend(t.tsa.as_ref().and_then(|t| t.chain.as_ref()));
        }
    }
    out
}

/// The signer certificates' notAfter (approval and certification signatures).
fn signer_not_after(r: &PdfReport) -> Vec<DateTime> {
    r.signatures
        .iter()
        .filter(|s| s.kind != PdfSignatureKind::DocumentTimestamp)
        .filter_map(|s| s.cms.as_ref())
        .flat_map(|c| &c.signers)
        .filter_map(|si| si.certificate.as_ref().map(|c| c.not_after))
        .collect()
}

/// The genTime of every time-stamp in the report (signature and document time-stamps).
fn gen_times(r: &PdfReport) -> Vec<DateTime> {
    let mut out = Vec::new();
    for s in &r.signatures {
        if let Some(cms) = &s.cms {
            for si in &cms.signers {
                out.extend(si.timestamps.iter().filter_map(|t| t.gen_time));
            }
        }
        out.extend(s.timestamp.as_ref().and_then(|t| t.gen_time));
    }
    out
}

/// The time one signature was validated at: the signer chain's for a signature, genTime for a
/// document time-stamp.
fn time_used(s: &PdfSignatureReport) -> String {
    if let Some(t) = &s.timestamp {
        return format!(
            "genTime {}",
            t.gen_time
                .map(|t| t.to_string())
                .unwrap_or_else(|| "?".into())
        );
    }
    let Some(si) = s.cms.as_ref().and_then(|c| c.signers.first()) else {
        return "-".into();
    };
    match &si.chain {
        Some(ch) => format!("{} {}", ch.time_used.time, json_name(&ch.time_used.source)),
        None => "-".into(),
    }
}

/// Whether one signature meets `Passed`.
fn passed(s: &PdfSignatureReport) -> bool {
    if s.indication != Indication::TotalPassed {
        return false;
    }
    if s.kind == PdfSignatureKind::DocumentTimestamp {
        return true;
    }
    let Some(cms) = &s.cms else { return false };
    !cms.signers.is_empty()
        && cms.signers.iter().all(|si| {
            let (Some(ch), Some(cert)) = (&si.chain, &si.certificate) else {
                return false;
            };
            ch.time_used.source == TimeSource::Timestamp && ch.time_used.time <= cert.not_after
        })
}

/// The codes that say why a signature did not pass: its own, its CMS's, its signers' and
/// their chains' and certificates', its time-stamps'.
fn why_not(s: &PdfSignatureReport) -> String {
    let mut codes: Vec<&str> = s.findings.iter().map(|f| f.code.code()).collect();
    let chain = |ch: &kyso::ChainReport, codes: &mut Vec<&'static str>| {
        codes.extend(ch.findings.iter().map(|f| f.code.code()));
        for c in &ch.certificates {
            codes.extend(c.findings.iter().map(|f| f.code.code()));
            if let Some(rv) = &c.revocation {
                codes.extend(rv.findings.iter().map(|f| f.code.code()));
            }
        }
    };
    if let Some(cms) = &s.cms {
        codes.extend(cms.findings.iter().map(|f| f.code.code()));
        for si in &cms.signers {
            codes.extend(si.findings.iter().map(|f| f.code.code()));
            if let Some(ch) = &si.chain {
                chain(ch, &mut codes);
            }
            for t in &si.timestamps {
                codes.extend(t.findings.iter().map(|f| f.code.code()));
                if let Some(ch) = t.tsa.as_ref().and_then(|t| t.chain.as_ref()) {
                    chain(ch, &mut codes);
                }
            }
        }
    }
    if let Some(t) = &s.timestamp {
        codes.extend(t.findings.iter().map(|f| f.code.code()));
        if let Some(ch) = t.tsa.as_ref().and_then(|t| t.chain.as_ref()) {
            chain(ch, &mut codes);
        }
    }
    codes.retain(|c| {
        !matches!(
            *c,
            "pdf.mod.permitted"
                | "signer.identified-by"
                | "chain.time-used"
                | "chain.anchor-root"
                | "chain.valid"
        )
    });
    codes.sort_unstable();
    codes.dedup();
    codes.join(" ")
}

fn describe(w: Want) -> &'static str {
    match w {
        Passed => "TOTAL-PASSED at a time-stamp's time",
        NotPassed => "not TOTAL-PASSED at a time-stamp's time",
    }
}

#[test]
fn pdf_lta_offline() {
    let root = testdata().join("pdf");
    let crypto = RustCryptoProvider;

    for f in LONG_TERM {
        assert!(
            CASES.iter().any(|c| c.file == *f),
            "{f}: a long-term file of the README missing from CASES"
        );
    }

    let pyhanko_root: Vec<Certificate> = Certificate::from_pem(
        &std::fs::read(root.join("pyhanko/pyhanko-testing-ca-certs.pem")).unwrap(),
    )
    .unwrap()
    .into_iter()
    .filter(|c| c.is_self_issued())
    .collect();
    assert_eq!(
        pyhanko_root.len(),
        1,
        "one Root CA in pyhanko-testing-ca-certs.pem"
    );

    let exceptions =
        load_exceptions(&Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/pdf-lta.toml"));
    let mut tally = Tally::default();
    let mut table = Vec::new();
    println!(
        "{SUITE}: offline (no fetcher), revocation data = the file's own; EU DSS files trusted \
         through the self-signed certificates they carry themselves (the test is whether the \
         embedded data suffices, not whom to trust)"
    );
    for case in CASES {
        let path = root.join(case.file);
        let bytes = std::fs::read(&path).unwrap();
        let anchors: Vec<Certificate> = match case.trust {
            Trust::PyhankoRoot => pyhanko_root.clone(),
            Trust::Embedded => carried_certificates(&path)
                .into_iter()
                .filter(Certificate::is_self_issued)
                .collect(),
        };
        let anchor_names: Vec<String> = anchors.iter().map(|c| c.subject().to_string()).collect();
        let store = || {
            let mut s = TrustStore::new();
            s.add_anchors(anchors.clone());
            s
        };
        // First pass: the signer certificates' notAfter and the anchors the chains end at.
        let probe = DateTime::new(2026, 12, 1, 0, 0, 0).unwrap();
        let first =
            Verifier::new(store(), ValidationPolicy::vn_gov(), probe, &crypto).verify_pdf(&bytes);
        let expiry = signer_not_after(&first)
            .into_iter()
            .max()
            .unwrap_or_else(|| panic!("{}: no signer certificate found", case.file));
        // `now` must also follow every time-stamp (a later one would be "in the future" and
        // the revocation data gathered for it "not yet valid").
        let latest = gen_times(&first).into_iter().chain([expiry]).max().unwrap();
        let anchors_end = chains(&first)
            .iter()
            .filter_map(|ch| ch.certificates.last())
            .filter(|c| c.is_trust_anchor)
            .map(|c| c.not_after)
            .min();
        let mut now = add_days(latest, 365);
        if let Some(end) = anchors_end
            && end < now
            && add_days(end, -1) > latest
        {
            now = add_days(end, -1);
        }
        assert!(now > expiry);

        let report =
            Verifier::new(store(), ValidationPolicy::vn_gov(), now, &crypto).verify_pdf(&bytes);
        println!(
            "{SUITE}: {} — anchors ({}): {}; latest signer notAfter {expiry}, latest \
             time-stamp or notAfter {latest}, now {now}; document {}",
            case.file,
            match case.trust {
                Trust::PyhankoRoot => "README's Root CA",
                Trust::Embedded => "self-signed, carried by the file",
            },
            if anchor_names.is_empty() {
                "none".to_owned()
            } else {
                anchor_names.join(" | ")
            },
            verdict(report.indication, report.sub_indication),
        );
        assert_eq!(
            report.signatures.len(),
            case.want.len(),
            "{}: signatures found vs table",
            case.file
        );
        for (s, &want) in report.signatures.iter().zip(case.want) {
            let id = format!("{}#{}", case.file, s.field);
            let ok = passed(s);
            let expected = describe(want);
            let ours = match (want, ok) {
                (Passed, true) | (NotPassed, false) => expected.to_owned(),
                _ => format!(
                    "{} at {} [{}]",
                    verdict(s.indication, s.sub_indication),
                    time_used(s),
                    why_not(s)
                ),
            };
            table.push(format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                case.file,
                s.field,
                if s.kind == PdfSignatureKind::DocumentTimestamp {
                    "doc-ts"
                } else {
                    "sig"
                },
                now,
                s.level.as_deref().unwrap_or("-"),
                time_used(s),
                verdict(s.indication, s.sub_indication),
            ));
            if !ok {
                println!(
                    "    {id}: {} at {} [{}]{}",
                    verdict(s.indication, s.sub_indication),
                    time_used(s),
                    why_not(s),
                    if case.why.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", case.why)
                    }
                );
            }
            tally.record(&id, expected, &ours, &exceptions);
        }
    }
    println!("| file | field | kind | now | level | validated at | verdict |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for row in &table {
        println!("{row}");
    }
    tally.finish(SUITE, &exceptions);
}
