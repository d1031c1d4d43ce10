//! The report of a PDF's verification (issue 11 item 6): per signature the field, revision,
//! coverage, SubFilter, DocMDP, modification level and findings beside the unchanged CMS
//! report of its signer; a document-level verdict. JSON field names are stable; text comes
//! from the catalogue in Vietnamese or English.

use serde::Serialize;

use super::signature::PdfSignatureKind;
use crate::i18n::{Lang, MessageId};
use crate::report::{Finding, Indication, Report, SubIndication};

/// How much a document changed after a signature (pyHanko's levels, ISO 32000-2 §12.8.2.2
/// DocMDP permissions), the highest seen over every later revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ModificationLevel {
    /// Nothing after the signature.
    None,
    /// Only signature maintenance: document security store, document time-stamps, metadata.
    SignatureMaintenance,
    /// Form filling and signing of existing fields.
    FormFilling,
    /// Comment annotations.
    Annotations,
    /// Anything else.
    Other,
}

impl ModificationLevel {
    /// The stable name (`none`, `signature-maintenance`, `form-filling`, `annotations`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::SignatureMaintenance => "signature-maintenance",
            Self::FormFilling => "form-filling",
            Self::Annotations => "annotations",
            Self::Other => "other",
        }
    }

    fn phrase(self) -> MessageId {
        match self {
            Self::None => MessageId::PdfLevelNone,
            Self::SignatureMaintenance => MessageId::PdfLevelSignatureMaintenance,
            Self::FormFilling => MessageId::PdfLevelFormFilling,
            Self::Annotations => MessageId::PdfLevelAnnotations,
            Self::Other => MessageId::PdfLevelOther,
        }
    }
}

impl PdfSignatureKind {
    /// The stable name (`approval`, `certification`, `document-timestamp`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approval => "approval",
            Self::Certification => "certification",
            Self::DocumentTimestamp => "document-timestamp",
        }
    }

    fn phrase(self) -> MessageId {
        match self {
            Self::Approval => MessageId::PdfKindApproval,
            Self::Certification => MessageId::PdfKindCertification,
            Self::DocumentTimestamp => MessageId::PdfKindDocumentTimestamp,
        }
    }
}

/// One signature of the document.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfSignatureReport {
    /// The signature field's fully qualified name.
    pub field: String,
    pub kind: PdfSignatureKind,
    /// `adbe.pkcs7.detached`, `ETSI.CAdES.detached`, `ETSI.RFC3161`, …
    pub sub_filter: String,
    /// The revision the signature covers, 1-based; `None` when its coverage ends inside one.
    pub revision: Option<usize>,
    /// Whether the signature covers the whole file as it is.
    pub covers_whole_document: bool,
    pub byte_range: Vec<i64>,
    /// The DocMDP permission of a certification signature (1, 2 or 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docmdp: Option<u8>,
    /// The highest change after this signature.
    pub modification_level: ModificationLevel,
    /// Whether those changes are permitted by the certification's DocMDP and the field locks.
    pub changes_permitted: bool,
    /// `/M`, the signing time written in the signature dictionary (RFC 3339), as claimed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_info: Option<String>,
    /// The verdict on this signature in this document: the CMS verdict, made worse by
    /// container problems and by changes not permitted after it (docs/architecture.md, PDF).
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// The cryptographic verdict on the CMS signature over the covered bytes, unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cms: Option<Report>,
    /// The level the signature reaches: a PAdES baseline level (`PAdES-B-B` … `PAdES-B-LTA`)
    /// for `ETSI.CAdES.detached`, a description for `adbe.pkcs7.detached` (`pdf/level.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// A document time-stamp's token (SubFilter ETSI.RFC3161), verified over the covered bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<crate::tsp::TimestampReport>,
    pub findings: Vec<Finding>,
}

/// The verification of one PDF.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfReport {
    /// The document's verdict: the worst of its signatures' (no signature ⇒ INDETERMINATE
    /// SIGNED_DATA_NOT_FOUND).
    pub indication: Indication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indication: Option<SubIndication>,
    /// Always `pdf`.
    pub format: &'static str,
    pub policy: String,
    /// How many revisions the file has (the original plus incremental updates).
    pub revisions: usize,
    pub encrypted: bool,
    pub signatures: Vec<PdfSignatureReport>,
    /// Document-level findings (structure, reading).
    pub findings: Vec<Finding>,
}

impl PdfReport {
    /// JSON with stable field names (the same on every surface).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A human-readable multi-line report in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        use core::fmt::Write;
        let line = |id: MessageId, params: &[(&str, String)]| {
            let params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            crate::i18n::render(id, lang, &params)
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            line(
                MessageId::PdfReportResult,
                &[(
                    "verdict",
                    crate::i18n::verdict_line(self.indication, self.sub_indication, lang)
                )]
            )
        );
        let _ = writeln!(
            out,
            "{}",
            line(
                MessageId::PdfReportDocument,
                &[
                    ("revisions", self.revisions.to_string()),
                    ("signatures", self.signatures.len().to_string()),
                    ("policy", self.policy.clone())
                ]
            )
        );
        crate::i18n::push_findings(&mut out, "  ", &self.findings, lang);
        for (i, s) in self.signatures.iter().enumerate() {
            out.push('\n');
            let _ = writeln!(
                out,
                "{}",
                line(
                    MessageId::PdfReportSignature,
                    &[
                        ("number", (i + 1).to_string()),
                        ("field", s.field.clone()),
                        ("kind", crate::i18n::render(s.kind.phrase(), lang, &[])),
                        ("subfilter", s.sub_filter.clone()),
                        (
                            "verdict",
                            crate::i18n::verdict_line(s.indication, s.sub_indication, lang)
                        ),
                    ]
                )
            );
            let coverage = match (s.revision, s.covers_whole_document) {
                (Some(r), true) => line(
                    MessageId::PdfReportCoversWhole,
                    &[("revision", r.to_string())],
                ),
                (Some(r), false) => line(
                    MessageId::PdfReportCoversRevision,
                    &[
                        ("revision", r.to_string()),
                        ("revisions", self.revisions.to_string()),
                    ],
                ),
                (None, _) => line(MessageId::PdfReportCoversNothing, &[]),
            };
            let _ = writeln!(out, "  {coverage}");
            if let Some(level) = &s.level {
                let _ = writeln!(
                    out,
                    "  {}",
                    line(MessageId::PdfReportLevel, &[("level", level.clone())])
                );
            }
            if let Some(p) = s.docmdp {
                let _ = writeln!(
                    out,
                    "  {}",
                    line(MessageId::PdfReportDocMdp, &[("p", p.to_string())])
                );
            }
            let _ = writeln!(
                out,
                "  {}",
                line(
                    MessageId::PdfReportModification,
                    &[(
                        "level",
                        crate::i18n::render(s.modification_level.phrase(), lang, &[])
                    )]
                )
            );
            crate::i18n::push_findings(&mut out, "  ", &s.findings, lang);
            if let Some(cms) = &s.cms {
                for l in cms.to_text(lang).lines() {
                    let _ = writeln!(out, "    {l}");
                }
            }
            if let Some(t) = &s.timestamp {
                crate::i18n::render_timestamp(&mut out, t, 0, lang, "    ");
            }
        }
        out
    }
}

/// The worse of two verdicts (TOTAL-FAILED over INDETERMINATE over TOTAL-PASSED).
pub(crate) fn worse(
    a: (Indication, Option<SubIndication>),
    b: (Indication, Option<SubIndication>),
) -> (Indication, Option<SubIndication>) {
    let rank = |i: Indication| match i {
        Indication::TotalPassed => 0,
        Indication::Indeterminate => 1,
        Indication::TotalFailed => 2,
    };
    if rank(b.0) > rank(a.0) { b } else { a }
}
