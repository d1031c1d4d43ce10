//! Verifying a signed PDF (issue 11 item 4): every signature's container rules
//! ([`super::signature`]), its CMS over the covered bytes through the session's one CMS
//! pipeline (chain, revocation, validation time), the SubFilter rules, and what changed after
//! it (modification analysis against DocMDP and field locks). The document's verdict is the
//! worst of its signatures'.
//!
//! Verdicts (ETSI EN 319 102-1 has no indication for "intact but followed by changes that are
//! not permitted"): the CMS verdict is kept unchanged in `cms`; the signature's own verdict in
//! the document is TOTAL-FAILED / FORMAT_FAILURE when its container is malformed (the
//! ByteRange and /Contents rules: the signed object as presented is not a valid PAdES
//! container, §5.2.2 format checking) or when later changes are not permitted — pyHanko
//! likewise fails the bottom line ("docmdp_ok" false) while reporting the signature intact.

use super::PdfSource;
use super::file::{PdfFile, ReadOptions};
use super::limits::PdfLimits;
use super::object::Object;
use super::report::{ModificationLevel, PdfReport, PdfSignatureReport, worse};
use super::signature::{self, FoundSignature, PdfSignatureKind};
use crate::cms::DetachedContent;
use crate::cms::verify::DocumentTimes;
use crate::crypto::DigestAlgorithm;
use crate::i18n::MessageId;
use crate::report::{Finding, Indication, Report, Severity, SubIndication};
use crate::time::DateTime;
use crate::verifier::{Evidence, Verifier};

/// How to read the PDF being verified.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct PdfVerifyOptions {
    /// The password of an encrypted PDF (the empty user password is tried when `None`).
    pub password: Option<Vec<u8>>,
    pub limits: PdfLimits,
}

impl PdfVerifyOptions {
    pub fn with_password(mut self, password: impl Into<Vec<u8>>) -> Self {
        self.password = Some(password.into());
        self
    }

    pub fn with_limits(mut self, limits: PdfLimits) -> Self {
        self.limits = limits;
        self
    }
}

/// Signed content up to this size is read whole when a signer signed it directly (no signed
/// attributes, the legacy Vietnamese form); larger content is verified by digest only.
const WHOLE_CONTENT_LIMIT: u64 = 256 * 1024 * 1024;
const CHUNK: usize = 1 << 16;

impl Verifier<'_> {
    /// Verify every signature of a PDF (PAdES / `adbe.pkcs7.detached`).
    pub fn verify_pdf(&self, pdf: &dyn PdfSource) -> PdfReport {
        self.verify_pdf_with(pdf, &PdfVerifyOptions::default())
    }

    /// [`Verifier::verify_pdf`] with a password or other limits.
    pub fn verify_pdf_with(&self, pdf: &dyn PdfSource, options: &PdfVerifyOptions) -> PdfReport {
        let mut report = PdfReport {
            indication: Indication::Indeterminate,
            sub_indication: Some(SubIndication::SignedDataNotFound),
            format: "pdf",
            policy: self.policy().name.to_string(),
            revisions: 0,
            encrypted: false,
            signatures: Vec::new(),
            findings: Vec::new(),
        };
        let read = ReadOptions {
            limits: options.limits,
            allow_reconstruction: true,
            password: options.password.clone(),
        };
        let file = match PdfFile::open(pdf, &read) {
            Ok(file) => file,
            Err(error) => {
                // Without the password (or a handler for its encryption) the signatures cannot
                // be reached: nothing is known about them (INDETERMINATE), unlike a file that
                // is not a readable PDF.
                if matches!(
                    error,
                    super::PdfError::Crypt(
                        super::CryptError::WrongPassword
                            | super::CryptError::Unsupported { .. }
                            | super::CryptError::NotInThisBuild
                    )
                ) {
                    report.encrypted = true;
                } else {
                    report.indication = Indication::TotalFailed;
                    report.sub_indication = Some(SubIndication::FormatFailure);
                }
                report.findings.push(error_finding(&error));
                return report;
            }
        };
        report.revisions = file.revisions().len();
        report.encrypted = file.is_encrypted();
        let latest = file.latest();
        let (found, findings) = match signature::collect(&latest) {
            Ok(v) => v,
            Err(error) => {
                report.findings.extend(reader_findings(&file));
                report.indication = Indication::TotalFailed;
                report.sub_indication = Some(SubIndication::FormatFailure);
                report.findings.push(error_finding(&error));
                return report;
            }
        };
        report.findings.extend(findings);
        // The document's own validation data (PAdES DSS, ETSI EN 319 142-1 §5.4.2) joins the
        // caller's evidence.
        let mut embedded = super::level::Embedded::default();
        let session = self.with_extra_evidence(|evidence| add_dss(&file, evidence, &mut embedded));
        let mut verdict: Option<(Indication, Option<SubIndication>)> = None;
        let first_signed_revision = found
            .iter()
            .filter_map(|s| signature::check_coverage(&file, s).revision)
            .min();
        // Document time-stamps first: each one that verifies is a proof of existence of every
        // signature in the revisions it covers (ETSI EN 319 142-1 §5.4.3), the time those are
        // validated at when it is earlier than their own time-stamps.
        // Not `vec![None; n]`: that clones, and would link the whole report tree's `Clone`
        // code into the size-budgeted WASM engine (~1 KB gzip) for `None`s.
        let mut reports: Vec<Option<PdfSignatureReport>> =
            std::iter::repeat_with(|| None).take(found.len()).collect();
        let mut proofs: Vec<(usize, DateTime)> = Vec::new();
        for (index, found_signature) in found.iter().enumerate() {
            if found_signature.kind != PdfSignatureKind::DocumentTimestamp {
                continue;
            }
            let s = session.verify_one(
                &file,
                found_signature,
                index,
                first_signed_revision,
                &found,
                None,
            );
            if let (Some(revision), Some(t)) = (
                s.revision,
                s.timestamp
                    .as_ref()
                    .filter(|t| t.passed())
                    .and_then(|t| t.gen_time),
            ) {
                proofs.push((revision, t));
            }
            if let Some(slot) = reports.get_mut(index) {
                *slot = Some(s);
            }
        }
        for (index, found_signature) in found.iter().enumerate() {
            let s = match reports.get_mut(index).and_then(Option::take) {
                Some(s) => s,
                None => {
                    let revision = signature::check_coverage(&file, found_signature)
                        .revision
                        .map(|r| r + 1);
                    let poe = proofs
                        .iter()
                        .filter(|(covered, _)| revision.is_some_and(|r| r <= *covered))
                        .map(|(_, t)| *t)
                        .min();
                    session.verify_one(
                        &file,
                        found_signature,
                        index,
                        first_signed_revision,
                        &found,
                        poe,
                    )
                }
            };
            let mut s = s;
            if s.kind != PdfSignatureKind::DocumentTimestamp {
                let message = signature::check_coverage(&file, found_signature)
                    .cms
                    .map(|cms| message_evidence(&cms))
                    .unwrap_or_default();
                let covered: Vec<super::level::DocumentTimestamp> = proofs
                    .iter()
                    .map(|(r, _)| super::level::DocumentTimestamp {
                        revision: *r,
                        covers_dss: has_dss(&file, *r),
                    })
                    .collect();
                s.level = super::level::name(&s, &embedded, &message, &covered);
            }
            let counts = !(s.kind == PdfSignatureKind::DocumentTimestamp
                && s.indication == Indication::Indeterminate);
            if counts {
                let this = (s.indication, s.sub_indication);
                verdict = Some(verdict.map_or(this, |v| worse(v, this)));
            }
            report.signatures.push(s);
        }
        let structural = reader_findings(&file);
        // R13: a file that had to be reconstructed, or whose readings disagree, is never
        // TOTAL-PASSED (pyHanko#71, dss-demonstrations#71).
        // Readings that disagree (a hybrid file whose table and stream differ, entries pointing
        // to other objects, a looping chain) are parser differentials an attacker can use:
        // TOTAL-FAILED. A repaired file whose signatures otherwise check out is INDETERMINATE:
        // the repair is the reader's guess, not what every viewer shows.
        // Bytes after the last %%EOF are outside every revision: no signature covers them and a
        // lenient viewer may still read them (incremental saving attack): not a pass either.
        let repaired = file.reconstructed()
            || structural
                .iter()
                .any(|f| f.code == MessageId::PdfXrefDataAfterEof);
        let differential = structural.iter().any(|f| match f.code {
            MessageId::PdfXrefHybridMismatch | MessageId::PdfXrefPrevLoop => true,
            // In a repaired file wrong offsets are part of the damage already reported.
            MessageId::PdfXrefBadOffset => !repaired,
            _ => false,
        });
        report.findings.extend(structural);
        match verdict {
            None => {
                report
                    .findings
                    .push(Finding::new(MessageId::PdfNoSignatures, Severity::Error));
            }
            Some(mut v) => {
                if differential {
                    v = worse(
                        v,
                        (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                    );
                }
                if repaired {
                    v = worse(
                        v,
                        (
                            Indication::Indeterminate,
                            Some(SubIndication::SigConstraintsFailure),
                        ),
                    );
                }
                report.indication = v.0;
                report.sub_indication = v.1;
            }
        }
        report
    }

    fn verify_one(
        &self,
        file: &PdfFile<'_>,
        found: &FoundSignature,
        index: usize,
        first_signed: Option<usize>,
        all: &[FoundSignature],
        poe: Option<DateTime>,
    ) -> PdfSignatureReport {
        let coverage = signature::check_coverage(file, found);
        let mut out = PdfSignatureReport {
            field: found.field.clone(),
            kind: found.kind,
            sub_filter: found.sub_filter.clone(),
            revision: coverage.revision.map(|r| r + 1),
            // The coverage ends at a revision's end (checked above); the whole document when
            // that is the last revision (bytes after it are `pdf.xref.data-after-eof`).
            covers_whole_document: coverage
                .revision
                .is_some_and(|r| r + 1 == file.revisions().len()),
            byte_range: found.byte_range.clone().unwrap_or_default(),
            docmdp: None,
            modification_level: ModificationLevel::None,
            changes_permitted: true,
            claimed_time: signature::text_entry(&found.dict, b"M"),
            name: signature::text_entry(&found.dict, b"Name"),
            reason: signature::text_entry(&found.dict, b"Reason"),
            location: signature::text_entry(&found.dict, b"Location"),
            contact_info: signature::text_entry(&found.dict, b"ContactInfo"),
            indication: Indication::TotalPassed,
            sub_indication: None,
            cms: None,
            level: None,
            timestamp: None,
            findings: coverage.findings.clone(),
        };
        let mut verdict = (Indication::TotalPassed, None);
        if !coverage.fatal.is_empty() {
            out.findings.extend(coverage.fatal.iter().cloned());
            verdict = (Indication::TotalFailed, Some(SubIndication::FormatFailure));
        }
        // Duplicate keys in what this signature depends on (R13 parser differential): values
        // that disagree, or any repeat in the signature dictionary, mean two viewers check two
        // different things — TOTAL-FAILED like a hybrid-xref mismatch.
        let signed = coverage
            .revision
            .unwrap_or_else(|| file.revisions().len().saturating_sub(1));
        let duplicates = super::duplicates::findings(file, found, signed);
        if duplicates.iter().any(|f| f.severity == Severity::Error) {
            verdict = worse(
                verdict,
                (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
            );
        }
        out.findings.extend(duplicates);
        // Certification (R15): at most one, and it is the first signature.
        if found.kind == PdfSignatureKind::Certification {
            out.docmdp = signature::docmdp_of(&file.latest(), &found.dict)
                .ok()
                .flatten();
            if index != 0
                || coverage
                    .revision
                    .is_some_and(|r| first_signed.is_some_and(|f| r > f))
            {
                out.findings.push(Finding::new(
                    MessageId::PdfSigCertificationNotFirst,
                    Severity::Error,
                ));
                verdict = worse(
                    verdict,
                    (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                );
            }
        }
        // SubFilter (ISO 32000-2 §12.8.3.3, ETSI EN 319 142-1 §6.1).
        let detached = matches!(
            found.sub_filter.as_str(),
            "adbe.pkcs7.detached" | "ETSI.CAdES.detached"
        );
        let sha1 = found.sub_filter == "adbe.pkcs7.sha1";
        // /M: where PAdES B-B puts the signing time (ETSI EN 319 142-1 §5.4); the CMS uses
        // it as the claimed signing time of a signer without a signing-time attribute.
        let m_time = out
            .claimed_time
            .as_deref()
            .and_then(super::date::parse_pdf_date);
        let times = DocumentTimes {
            claimed: m_time,
            proof_of_existence: poe,
        };
        match found.sub_filter.as_str() {
            _ if detached || sha1 => {}
            // A document time-stamp (ETSI EN 319 142-1 §5.4.3): /Contents is an RFC 3161 token
            // whose imprint is the digest of the covered bytes.
            "ETSI.RFC3161" => {
                if let (Some(token), Some(ranges)) = (&coverage.cms, coverage.ranges) {
                    let r = self.verify_document_timestamp(file, token, ranges);
                    verdict = worse(verdict, (r.indication, r.sub_indication));
                    out.timestamp = Some(r);
                }
            }
            other => {
                out.findings.push(
                    Finding::new(MessageId::PdfSigSubFilterUnsupported, Severity::Error)
                        .with("subfilter", other),
                );
                verdict = worse(
                    verdict,
                    (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                );
            }
        }
        let cms_report = match (&coverage.cms, coverage.ranges) {
            (Some(cms), Some(ranges)) if detached => {
                if crate::cms::inspect(cms).is_ok_and(|info| info.attached) {
                    out.findings.push(
                        Finding::new(MessageId::PdfSigEncapsulatedContent, Severity::Error)
                            .with("subfilter", found.sub_filter.clone()),
                    );
                    verdict = worse(
                        verdict,
                        (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                    );
                }
                Some(self.verify_ranges(file, cms, ranges, times))
            }
            (Some(cms), Some(ranges)) if sha1 => {
                let (report, findings, v) = self.verify_sha1_subfilter(file, cms, ranges, times);
                out.findings.extend(findings);
                verdict = worse(verdict, v);
                Some(report)
            }
            _ => None,
        };
        if let Some(mut cms_report) = cms_report {
            // The PDF signature's level is the PAdES one (`level.rs`), not its CMS's.
            for signer in &mut cms_report.signers {
                signer.level = None;
            }
            if let (Some(m_time), Some(signer)) = (&m_time, cms_report.signers.first())
                && let Some(cms_time) = signer.claimed_signing_time
            {
                let (a, b) = (
                    crate::time::unix_seconds(m_time),
                    crate::time::unix_seconds(&cms_time),
                );
                // /M is written by the signer's software a moment before or after it asks
                // for the signature: minutes apart is normal, more is a claim to check.
                if a.abs_diff(b) > 15 * 60 {
                    out.findings.push(
                        Finding::new(MessageId::PdfSigTimeMismatch, Severity::Warning)
                            .with("m", crate::time::rfc3339(m_time))
                            .with("signing_time", crate::time::rfc3339(&cms_time)),
                    );
                }
            }
            verdict = worse(verdict, (cms_report.indication, cms_report.sub_indication));
            out.cms = Some(cms_report);
        }
        // Changes after the signed revision.
        if let Some(revision) = coverage.revision {
            let later = file.revisions().len().saturating_sub(revision + 1);
            if later > 0 {
                // Modification analysis (R4–R12) against the certification's DocMDP and the
                // FieldMDP locks in force at this revision.
                let rules = super::modification::rules_for(file, all, revision);
                let analysis = super::modification::analyse(file, revision, &rules);
                out.modification_level = analysis.level;
                out.changes_permitted = analysis.permitted;
                for f in analysis.findings {
                    // A repeated key is reported once (also by the duplicate-key check).
                    if !out.findings.contains(&f) {
                        out.findings.push(f);
                    }
                }
                if !analysis.permitted {
                    verdict = worse(
                        verdict,
                        (Indication::TotalFailed, Some(SubIndication::FormatFailure)),
                    );
                }
            }
        }
        out.indication = verdict.0;
        out.sub_indication = verdict.1;
        out
    }

    /// The CMS over the two covered ranges: digests streamed over the file; the bytes
    /// themselves when a signer has no signed attributes (it signed them directly, RFC 5652
    /// §5.4 — the legacy Vietnamese form, vietnam.md §5) and they fit in memory.
    fn verify_ranges(
        &self,
        file: &PdfFile<'_>,
        cms: &[u8],
        ranges: [(u64, u64); 2],
        times: DocumentTimes,
    ) -> Report {
        let needs_bytes = crate::cms::inspect(cms)
            .is_ok_and(|info| info.signers.iter().any(|s| s.signed_attributes.is_none()));
        let total = ranges[0].1.saturating_add(ranges[1].1);
        if needs_bytes && total <= WHOLE_CONTENT_LIMIT {
            let mut content = Vec::new();
            for (start, len) in ranges {
                match file.read_span(start..start.saturating_add(len)) {
                    Ok(bytes) => content.extend_from_slice(&bytes),
                    Err(_) => {
                        return self.verify_cms_content(
                            cms,
                            Some(DetachedContent::Bytes(&[])),
                            times,
                        );
                    }
                }
            }
            return self.verify_cms_content(cms, Some(DetachedContent::Bytes(&content)), times);
        }
        let mut stream = self.cms_stream(cms);
        // A short read leaves the digest wrong, which the CMS check then reports.
        let _ = for_each_chunk(file, ranges, |bytes| stream.update(bytes));
        let (signature, digests) = stream.finish();
        self.verify_cms_content(&signature, Some(DetachedContent::Digests(digests)), times)
    }

    /// A document time-stamp's token over the covered ranges, digested (streamed) with the
    /// token's own imprint algorithm.
    fn verify_document_timestamp(
        &self,
        file: &PdfFile<'_>,
        token: &[u8],
        ranges: [(u64, u64); 2],
    ) -> crate::tsp::TimestampReport {
        let mut digests = Vec::new();
        if let Some(alg) = crate::tsp::imprint_algorithm(token) {
            let mut digester = self.crypto().digester(alg);
            // A short read leaves the digest wrong, which the imprint check then reports.
            let _ = for_each_chunk(file, ranges, |bytes| digester.update(bytes));
            digests.push((alg, digester.finalize()));
        }
        self.verify_token_with(
            token,
            crate::tsp::TimestampKind::Document,
            &crate::tsp::Expectation::of(crate::tsp::Imprinted::Digests(&digests)),
        )
    }

    /// `adbe.pkcs7.sha1` (ISO 32000-2 §12.8.3.3.1, deprecated in PDF 2.0): the CMS signs, as
    /// its encapsulated content, the SHA-1 digest of the ByteRange bytes. The document is then
    /// bound by SHA-1 alone whatever the CMS's own digest, so it is accepted only under the
    /// policy's SHA-1 legacy gate (the gate Vietnamese legacy signatures need, vietnam.md §5),
    /// with a warning; outside it the signature is INDETERMINATE
    /// CRYPTO_CONSTRAINTS_FAILURE (ETSI EN 319 102-1 §5.2.8), never a pass. The CMS and the
    /// digest are checked either way, so a forgery is TOTAL-FAILED under every policy.
    fn verify_sha1_subfilter(
        &self,
        file: &PdfFile<'_>,
        cms: &[u8],
        ranges: [(u64, u64); 2],
        times: DocumentTimes,
    ) -> (Report, Vec<Finding>, (Indication, Option<SubIndication>)) {
        let mut findings = Vec::new();
        let mut verdict = (Indication::TotalPassed, None);
        if self.policy().algorithms.allow_sha1_legacy {
            findings.push(
                Finding::new(MessageId::PdfSigSha1Legacy, Severity::Warning)
                    .with("policy", self.policy().name.clone()),
            );
        } else {
            findings.push(
                Finding::new(MessageId::PdfSigSha1NotAllowed, Severity::Error)
                    .with("policy", self.policy().name.clone()),
            );
            verdict = (
                Indication::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure),
            );
        }
        // The CMS over its own encapsulated content (the 20-byte digest).
        let report = self.verify_cms_content(cms, None, times);
        let content =
            crate::cms::parse::encapsulated_content(cms, &crate::cms::CmsLimits::default())
                .ok()
                .flatten();
        let digest = self.sha1_of_ranges(file, ranges);
        let bound = match (&content, &digest) {
            (Some(content), Some(digest)) => content == digest,
            _ => false,
        };
        if !bound {
            let detail = match content {
                None => "no encapsulated content".to_owned(),
                Some(c) if c.len() != 20 => format!("{} bytes, not a SHA-1 digest", c.len()),
                Some(_) => "it differs from the SHA-1 digest of the signed bytes".to_owned(),
            };
            findings.push(
                Finding::new(MessageId::PdfSigSha1DigestMismatch, Severity::Error)
                    .with("detail", detail),
            );
            verdict = worse(
                verdict,
                (Indication::TotalFailed, Some(SubIndication::HashFailure)),
            );
        }
        (report, findings, verdict)
    }

    /// SHA-1 over the two covered ranges, streamed; `None` when the file cannot be read.
    fn sha1_of_ranges(&self, file: &PdfFile<'_>, ranges: [(u64, u64); 2]) -> Option<Vec<u8>> {
        let mut digester = self.crypto().digester(DigestAlgorithm::Sha1);
        for_each_chunk(file, ranges, |bytes| digester.update(bytes))?;
        Some(digester.finalize())
    }
}

/// Feeds the covered ranges to `f` in chunks of at most [`CHUNK`] bytes (a signed range is
/// never read whole); `None` when the file ends early or cannot be read.
fn for_each_chunk(
    file: &PdfFile<'_>,
    ranges: [(u64, u64); 2],
    mut f: impl FnMut(&[u8]),
) -> Option<()> {
    for (start, len) in ranges {
        let mut offset = start;
        let end = start.saturating_add(len);
        while offset < end {
            let n = (end - offset).min(u64::try_from(CHUNK).unwrap_or(u64::MAX));
            let bytes = file.read_span(offset..offset.saturating_add(n)).ok()?;
            if bytes.is_empty() {
                return None;
            }
            f(&bytes);
            offset = offset.saturating_add(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
        }
    }
    Some(())
}

/// The certificates, CRLs and OCSP responses of the document security stores of every
/// revision, newest first (ETSI EN 319 142-1 §5.4.2): a later update may replace the store
/// rather than extend it, and what an earlier one held is still the document's own data (EU
/// DSS reads them all). 10,000 entries at most. Unreadable items are skipped: the chain then
/// misses them and says so.
fn add_dss(file: &PdfFile<'_>, evidence: &mut Evidence, embedded: &mut super::level::Embedded) {
    let mut seen = std::collections::BTreeSet::new();
    let mut budget = 10_000usize;
    for revision in (0..file.revisions().len()).rev() {
        let view = file.view(revision);
        let Ok((_, catalog)) = view.catalog() else {
            continue;
        };
        let Ok(Some(dss)) = view
            .get(&catalog, b"DSS")
            .map(|d| d.and_then(|d| d.as_dict().cloned()))
        else {
            continue;
        };
        add_dss_of(&view, &dss, evidence, embedded, &mut seen, &mut budget);
    }
}

fn add_dss_of(
    view: &super::file::RevisionView<'_, '_>,
    dss: &super::object::Dictionary,
    evidence: &mut Evidence,
    embedded: &mut super::level::Embedded,
    seen: &mut std::collections::BTreeSet<(usize, super::object::ObjectId)>,
    budget: &mut usize,
) {
    let mut arrays = |dict: &super::object::Dictionary, keys: [&[u8]; 3]| {
        add_dss_arrays(view, dict, keys, evidence, embedded, seen, budget);
    };
    arrays(dss, [b"Certs", b"CRLs", b"OCSPs"]);
    // Each /VRI entry's /Cert, /CRL, /OCSP (§5.4.2.2: per-signature subsets). VRI is read
    // whatever its keys say: tools derive them differently (SHA-1 of the trimmed DER or of the
    // padded /Contents; shared/brief/pdf-ltv-login.md T2), and its data is evidence like the
    // rest.
    if let Ok(Some(Object::Dictionary(vri))) = view.get(dss, b"VRI") {
        for (_, entry) in &vri.entries {
            if let Ok(Object::Dictionary(entry)) = view.deref(entry) {
                arrays(&entry, [b"Cert", b"CRL", b"OCSP"]);
            }
        }
    }
}

/// The streams of `dict`'s arrays `keys` (certificates, CRLs, OCSP responses), as evidence.
fn add_dss_arrays(
    view: &super::file::RevisionView<'_, '_>,
    dict: &super::object::Dictionary,
    keys: [&[u8]; 3],
    evidence: &mut Evidence,
    embedded: &mut super::level::Embedded,
    seen: &mut std::collections::BTreeSet<(usize, super::object::ObjectId)>,
    budget: &mut usize,
) {
    for (k, key) in keys.into_iter().enumerate() {
        let Ok(Some(Object::Array(items))) = view.get(dict, key) else {
            continue;
        };
        for item in &items {
            if *budget == 0 {
                return;
            }
            *budget = budget.saturating_sub(1);
            let Some(id) = item.as_reference() else {
                continue;
            };
            // The same stream seen through an earlier revision's store or another entry: once
            // is enough.
            if !seen.insert((k, id)) {
                continue;
            }
            let Ok(Object::Stream(stream)) = view.resolve(id) else {
                continue;
            };
            let Ok(data) = view.stream_data(id, &stream) else {
                continue;
            };
            let _ = match k {
                0 => evidence.add_certificates(&data).map(|_| ()),
                1 => {
                    embedded.crls.push(data.clone());
                    evidence.add_crl(&data)
                }
                _ => {
                    embedded.ocsp_responses.push(data.clone());
                    evidence.add_ocsp_response(&data)
                }
            };
        }
    }
}

/// Whether the catalog of revision `revision` (1-based) has a document security store.
fn has_dss(file: &PdfFile<'_>, revision: usize) -> bool {
    let view = file.view(revision.saturating_sub(1));
    view.catalog()
        .is_ok_and(|(_, catalog)| catalog.get(b"DSS").is_some())
}

/// The revocation data a signature's CMS carries itself (its `crls` field).
fn message_evidence(cms: &[u8]) -> super::level::Embedded {
    let Ok(sd) = crate::cms::parse::parse_content_info(cms, &crate::cms::CmsLimits::default())
    else {
        return super::level::Embedded::default();
    };
    let (evidence, _) = crate::cms::revinfo_evidence(&sd.crls, &crate::cms::CmsLimits::default());
    super::level::Embedded {
        crls: evidence.crls,
        ocsp_responses: evidence.ocsp_responses,
    }
}

fn error_finding(error: &super::PdfError) -> Finding {
    let text = error.message();
    let mut finding = Finding::new(text.id(), Severity::Error);
    finding.params = text.flat_params();
    finding
}

pub(super) fn reader_findings(file: &PdfFile<'_>) -> Vec<Finding> {
    file.findings()
        .into_iter()
        .map(|f| {
            let severity = match f.code {
                MessageId::PdfXrefNoEof => Severity::Warning,
                _ => Severity::Error,
            };
            Finding::new(f.code, severity).with("detail", f.detail)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A PDF whose objects are `objects` (object 1 the catalog), offsets computed.
    fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let size = objects.len() + 1;
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
    }

    #[test]
    fn vri_entries_are_evidence_whatever_their_key() {
        let (_, cert) = crate::cms::test_support::ed_identity(45, "Signer");
        let mut stream = format!("<< /Length {} >>\nstream\n", cert.der().len()).into_bytes();
        stream.extend_from_slice(cert.der());
        stream.extend_from_slice(b"\nendstream");
        // No /Certs array: the certificate is only under a VRI entry, keyed in lowercase hex
        // (not the uppercase SHA-1 ETSI EN 319 142-1 §5.4.2.2 names).
        let pdf = pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R /DSS 4 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /Resources << >> >>".to_vec(),
            b"<< /VRI << /0a1b2c3d 5 0 R >> >>".to_vec(),
            b"<< /Cert [6 0 R] >>".to_vec(),
            stream,
        ]);
        let file = PdfFile::open(&pdf, &ReadOptions::default()).unwrap();
        let mut evidence = Evidence::new();
        let mut embedded = super::super::level::Embedded::default();
        add_dss(&file, &mut evidence, &mut embedded);
        assert_eq!(evidence.certificates(), [cert]);
    }
}
