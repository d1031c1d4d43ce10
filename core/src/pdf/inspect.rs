//! `kyso inspect doc.pdf`: what a PDF holds, read without verifying anything — its revisions
//! (ISO 32000-2 §7.5.6 incremental updates: each one's byte span and cross-reference form),
//! its form fields (§12.7) and its signatures (§12.8.1: ByteRange, SubFilter, DocMDP, and the
//! signer's subject as the CMS names it). Every surface prints this one structure: the CLI,
//! C and WASM hold no logic of their own (shared/brief/architecture.md).

use serde::Serialize;

use super::file::{PdfFile, ReadOptions};
use super::signature::{self, FoundSignature};
use super::xref::XrefForm;
use super::{PdfError, PdfSignatureKind, PdfSource};
use crate::cms::parse::SignerIdentifier;
use crate::i18n::{Lang, MessageId};
use crate::report::Finding;

/// Everything `kyso inspect` shows about a PDF.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfInspection {
    /// The file's length in bytes.
    pub length: u64,
    /// Whether the file uses a security handler (§7.6).
    pub encrypted: bool,
    /// Whether the cross-reference data had to be rebuilt by scanning (R13).
    pub reconstructed: bool,
    /// Revisions, oldest first.
    pub revisions: Vec<PdfRevisionInfo>,
    /// Terminal form fields of the latest revision, in document order.
    pub fields: Vec<PdfFieldInfo>,
    /// Signature fields with a value, in the order of the revisions they sign.
    pub signatures: Vec<PdfSignatureInfo>,
    /// Structural oddities met while reading.
    pub findings: Vec<Finding>,
}

/// One revision (the original file or one incremental update, §7.5.6).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfRevisionInfo {
    /// 1-based, as in verification reports.
    pub number: usize,
    /// First byte of the revision.
    pub start: u64,
    /// Offset just after its `%%EOF` line.
    pub end: u64,
    /// Offset of its cross-reference section.
    pub startxref: u64,
    /// `table`, `stream` or `hybrid` (§7.5.4, §7.5.8, §7.5.8.4).
    pub xref_form: &'static str,
    /// How many object numbers this revision's section defines.
    pub entries: usize,
}

/// One terminal form field (§12.7.4).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfFieldInfo {
    /// Fully qualified name (`a.b.c`).
    pub name: String,
    /// `/FT` (`Sig`, `Tx`, `Btn`, `Ch`), when present.
    pub field_type: Option<String>,
    /// Whether the field has a value (`/V`).
    pub has_value: bool,
    /// How many widget annotations show it.
    pub widgets: usize,
}

/// One signature, as written (nothing verified).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PdfSignatureInfo {
    pub field: String,
    pub kind: PdfSignatureKind,
    pub sub_filter: String,
    /// `/ByteRange` as written, when it is an array of integers.
    pub byte_range: Option<Vec<i64>>,
    /// The revision (1-based) whose end the ByteRange ends at, when its shape is right.
    pub revision: Option<usize>,
    /// DocMDP `/P` of a certification signature (§12.8.2.2).
    pub docmdp: Option<u8>,
    /// Signer's certificate subject, found in the CMS by issuer and serial number.
    pub signer: Option<String>,
    /// `/M`, `/Name`, `/Reason`, `/Location` as written.
    pub signing_time: Option<String>,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// Length of the DER CMS in `/Contents` (without padding).
    pub cms_length: Option<usize>,
}

/// Read `pdf` and describe its revisions, fields and signatures. Fails only when the file
/// cannot be read at all (not a PDF, wrong password, limits); oddities become findings.
pub fn inspect_pdf(pdf: &dyn PdfSource) -> Result<PdfInspection, PdfError> {
    inspect_pdf_with(pdf, &super::PdfVerifyOptions::default())
}

/// [`inspect_pdf`] with the password of an encrypted file and other limits (the same read
/// options verification takes).
pub fn inspect_pdf_with(
    pdf: &dyn PdfSource,
    read: &super::PdfVerifyOptions,
) -> Result<PdfInspection, PdfError> {
    let options = ReadOptions {
        limits: read.limits,
        allow_reconstruction: true,
        password: read.password.clone(),
    };
    let file = PdfFile::open(pdf, &options)?;
    let latest = file.latest();
    let mut start = 0u64;
    let mut revisions = Vec::new();
    for (index, r) in file.revisions().iter().enumerate() {
        revisions.push(PdfRevisionInfo {
            number: index.saturating_add(1),
            start,
            end: r.end,
            startxref: r.startxref,
            xref_form: match r.form {
                XrefForm::Table => "table",
                XrefForm::Stream => "stream",
                XrefForm::Hybrid => "hybrid",
            },
            entries: r.entries.len(),
        });
        start = r.end;
    }
    let fields = latest
        .fields()?
        .into_iter()
        .map(|f| PdfFieldInfo {
            name: f.name,
            field_type: f
                .field_type
                .map(|t| String::from_utf8_lossy(t.as_bytes()).into_owned()),
            has_value: f.value.is_some(),
            widgets: f.widgets.len(),
        })
        .collect();
    let (found, mut findings) = signature::collect(&latest)?;
    let signatures = found
        .iter()
        .map(|s| signature_info(&file, s))
        .collect::<Result<Vec<_>, _>>()?;
    let mut all = super::verify::reader_findings(&file);
    all.append(&mut findings);
    Ok(PdfInspection {
        length: file.len(),
        encrypted: file.is_encrypted(),
        reconstructed: file.reconstructed(),
        revisions,
        fields,
        signatures,
        findings: all,
    })
}

fn signature_info(file: &PdfFile<'_>, s: &FoundSignature) -> Result<PdfSignatureInfo, PdfError> {
    let coverage = signature::check_coverage(file, s);
    let docmdp = match s.kind {
        PdfSignatureKind::Certification => signature::docmdp_of(&file.latest(), &s.dict)?,
        _ => None,
    };
    let signer = coverage.cms.as_deref().and_then(signer_subject);
    Ok(PdfSignatureInfo {
        field: s.field.clone(),
        kind: s.kind,
        sub_filter: s.sub_filter.clone(),
        byte_range: s.byte_range.clone(),
        revision: coverage.revision.map(|r| r.saturating_add(1)),
        docmdp,
        signer,
        signing_time: signature::text_entry(&s.dict, b"M"),
        name: signature::text_entry(&s.dict, b"Name"),
        reason: signature::text_entry(&s.dict, b"Reason"),
        location: signature::text_entry(&s.dict, b"Location"),
        cms_length: coverage.cms.as_ref().map(Vec::len),
    })
}

/// The subject of the certificate the first SignerInfo names (RFC 5652 §5.3 sid); with a
/// subjectKeyIdentifier sid, the first certificate's subject when the message carries one.
fn signer_subject(cms: &[u8]) -> Option<String> {
    let info = crate::cms::inspect(cms).ok()?;
    let signer = info.signers.first()?;
    match &signer.signer_identifier {
        SignerIdentifier::IssuerAndSerialNumber { issuer, serial } => info
            .certificates
            .iter()
            .find(|c| &c.issuer == issuer && &c.serial == serial)
            .map(|c| c.subject.clone()),
        SignerIdentifier::SubjectKeyIdentifier { .. } => {
            info.certificates.first().map(|c| c.subject.clone())
        }
    }
}

fn kind_phrase(kind: PdfSignatureKind) -> MessageId {
    match kind {
        PdfSignatureKind::Approval => MessageId::PdfKindApproval,
        PdfSignatureKind::Certification => MessageId::PdfKindCertification,
        PdfSignatureKind::DocumentTimestamp => MessageId::PdfKindDocumentTimestamp,
    }
}

impl PdfInspection {
    /// JSON with stable field names (the same on every surface).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A readable multi-line description in `lang`, every line a catalogue sentence.
    pub fn to_text(&self, lang: Lang) -> String {
        use core::fmt::Write;
        let line = |id: MessageId, params: &[(&str, String)]| {
            let params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            crate::i18n::render(id, lang, &params)
        };
        let yes_no = |b: bool| {
            let id = if b {
                MessageId::PdfInspectYes
            } else {
                MessageId::PdfInspectNo
            };
            line(id, &[])
        };
        let none = || line(MessageId::PdfInspectAbsent, &[]);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            line(
                MessageId::PdfInspectDocument,
                &[
                    ("length", self.length.to_string()),
                    ("revisions", self.revisions.len().to_string()),
                    ("fields", self.fields.len().to_string()),
                    ("signatures", self.signatures.len().to_string()),
                    ("encrypted", yes_no(self.encrypted)),
                ]
            )
        );
        if self.reconstructed {
            let _ = writeln!(out, "  {}", line(MessageId::PdfInspectReconstructed, &[]));
        }
        crate::i18n::push_findings(&mut out, "  ", &self.findings, lang);
        for r in &self.revisions {
            let _ = writeln!(
                out,
                "{}",
                line(
                    MessageId::PdfInspectRevision,
                    &[
                        ("number", r.number.to_string()),
                        ("start", r.start.to_string()),
                        ("end", r.end.to_string()),
                        ("form", r.xref_form.to_owned()),
                        ("entries", r.entries.to_string()),
                    ]
                )
            );
        }
        for f in &self.fields {
            let _ = writeln!(
                out,
                "{}",
                line(
                    MessageId::PdfInspectField,
                    &[
                        ("name", f.name.clone()),
                        ("type", f.field_type.clone().unwrap_or_else(none)),
                        ("value", yes_no(f.has_value)),
                        ("widgets", f.widgets.to_string()),
                    ]
                )
            );
        }
        for (i, s) in self.signatures.iter().enumerate() {
            let byte_range = s.byte_range.as_ref().map_or_else(none, |r| {
                let parts: Vec<String> = r.iter().map(i64::to_string).collect();
                format!("[{}]", parts.join(" "))
            });
            let _ = writeln!(
                out,
                "{}",
                line(
                    MessageId::PdfInspectSignature,
                    &[
                        ("number", i.saturating_add(1).to_string()),
                        ("field", s.field.clone()),
                        ("kind", line(kind_phrase(s.kind), &[])),
                        ("subfilter", s.sub_filter.clone()),
                    ]
                )
            );
            let _ = writeln!(
                out,
                "  {}",
                line(
                    MessageId::PdfInspectByteRange,
                    &[
                        ("range", byte_range),
                        ("revision", s.revision.map_or_else(none, |r| r.to_string())),
                    ]
                )
            );
            let _ = writeln!(
                out,
                "  {}",
                line(
                    MessageId::PdfInspectSigner,
                    &[
                        ("subject", s.signer.clone().unwrap_or_else(none)),
                        ("time", s.signing_time.clone().unwrap_or_else(none)),
                    ]
                )
            );
            if let Some(p) = s.docmdp {
                let _ = writeln!(
                    out,
                    "  {}",
                    line(MessageId::PdfReportDocMdp, &[("p", p.to_string())])
                );
            }
            for (id, value) in [
                (MessageId::PdfInspectReason, &s.reason),
                (MessageId::PdfInspectLocation, &s.location),
            ] {
                if let Some(v) = value {
                    let _ = writeln!(out, "  {}", line(id, &[("value", v.clone())]));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_is_an_error() {
        let bytes: &[u8] = b"hello";
        assert!(inspect_pdf(&bytes).is_err());
    }

    #[test]
    fn an_unsigned_file_has_one_table_revision_and_no_signatures() {
        let bytes = crate::pdf::tests::minimal_pdf();
        let inspection = inspect_pdf(&bytes).unwrap();
        assert_eq!(inspection.length, u64::try_from(bytes.len()).unwrap());
        assert_eq!(inspection.revisions.len(), 1);
        let r = &inspection.revisions[0];
        assert_eq!((r.number, r.start, r.xref_form), (1, 0, "table"));
        assert_eq!(r.end, inspection.length);
        assert!(inspection.signatures.is_empty());
        let text = inspection.to_text(Lang::En);
        assert!(text.contains("1 revisions"), "{text}");
        assert!(text.contains("cross-reference table"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&inspection.to_json()).unwrap();
        assert_eq!(json["revisions"][0]["xref_form"], "table");
    }
}
