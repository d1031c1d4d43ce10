//! Why a PDF could not be signed: typed, one catalogue sentence each (`pdf.sign.*`).

use crate::cms::CmsError;
use crate::error::ErrorText;
use crate::i18n::MessageId;
use crate::pdf::PdfError;

pub use super::lint::PdfDefect;

/// A PDF could not be signed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PdfSignError {
    /// The input could not be read.
    Read(PdfError),
    /// The input is encrypted: signing encrypted PDFs is not supported (issue 11 item 3).
    Encrypted,
    /// The input is damaged in a way a viewer would repair; a signature added to it would
    /// break earlier signatures in Acrobat (shared/brief/pdf-ltv-login.md §1 row 17).
    Damaged,
    /// The input has a defect viewers repair when they open it (the pre-sign lint,
    /// `sign/lint.rs`): signing over it would make signatures show as invalid in Acrobat.
    NeedsRepair { defect: PdfDefect, detail: String },
    /// The document has no page to put the field on, or not the page asked for.
    PageOutOfRange { page: u32, pages: usize },
    /// The rectangle is not a usable area (negative or non-finite size).
    BadRect,
    /// A field of that name exists and is not a signature field.
    FieldNotSignature { name: String },
    /// The signature field of that name is already signed.
    FieldAlreadySigned { name: String },
    /// The name cannot be a field's partial name (empty, or contains a period, §12.7.4.2).
    FieldNameInvalid { name: String },
    /// Certification is only for the first signature (ISO 32000-2 §12.8.2.2.1).
    CertificationNotFirst,
    /// The document is certified with DocMDP P=1: no later change is allowed.
    DocMdpForbids,
    /// The field's seed value dictionary (`/SV`, ISO 32000-2 §12.7.5.5 Table 237, or its
    /// certificate seed value dictionary `/Cert`, Table 238) requires something this
    /// signature does not do. `values` are the field's acceptable values as written in the
    /// file (names, reasons, numbers), for the sentence.
    SeedValue {
        requirement: SeedRequirement,
        values: String,
    },
    /// The signature does not fit into the space reserved for it (two-phase signing; one-shot
    /// signing retries with more room).
    ContentsTooSmall { needed: usize, reserved: usize },
    /// Building the CMS signature failed.
    Cms(CmsError),
    /// A number or offset does not fit the file format.
    TooLarge,
    /// A prepared signature's stored state is not valid.
    BadState,
    /// The PDF given to finish a prepared signature is not the one that was prepared (its
    /// length differs).
    InputMismatch { expected: u64, actual: u64 },
    /// A certification level other than 1, 2 or 3 (DocMDP `/P`, ISO 32000-2 Table 257).
    BadCertificationLevel { level: i64 },
    /// No time-stamp was obtained for a document time-stamp or a signature's time-stamp
    /// ([`crate::sign_pdf_timestamped`]): the TSA's reason.
    Timestamp(crate::tsp::TspError),
    /// A SubFilter kyso does not sign with (known: `adbe.pkcs7.detached` / `pkcs7`,
    /// `ETSI.CAdES.detached` / `cades`).
    UnknownSubFilter { name: String },
}

/// Which seed value a signature does not meet (ISO 32000-2 §12.7.5.5 Tables 237 and 238).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeedRequirement {
    /// `/Filter`: the signature handler.
    Filter,
    /// `/SubFilter`: the signature encoding.
    SubFilter,
    /// `/V`: a seed value reader newer than kyso's.
    Version,
    /// `/Reasons`: one of the listed reasons (or none when the list is one empty string).
    Reasons,
    /// `/LegalAttestation`: a legal attestation, which kyso does not write.
    LegalAttestation,
    /// `/AddRevInfo` true: revocation information in the signature, not embedded yet.
    AddRevInfo,
    /// `/DigestMethod`: the digest algorithm.
    DigestMethod,
    /// `/LockDocument` true (PDF 2.0): lock the document, not done yet.
    LockDocument,
    /// `/MDP /P` 1–3: a certification signature with that permission.
    Certification,
    /// `/MDP /P 0`: an approval signature, no certification.
    Approval,
    /// `/TimeStamp` with its required flag: a time-stamp, not added yet.
    TimeStamp,
    /// `/Cert /Subject`: one of the listed signing certificates.
    CertSubject,
    /// `/Cert /Issuer`: a certificate issued by one of the listed CAs.
    CertIssuer,
    /// `/Cert /OID`: one of the listed certificate policies.
    CertPolicy,
    /// `/Cert /SubjectDN`: a subject name matching one of the listed ones.
    CertSubjectDn,
    /// `/Cert /KeyUsage`: key usage bits as one of the listed patterns.
    CertKeyUsage,
}

impl SeedRequirement {
    fn message_id(self) -> MessageId {
        match self {
            Self::Filter => MessageId::PdfSeedFilter,
            Self::SubFilter => MessageId::PdfSeedSubFilter,
            Self::Version => MessageId::PdfSeedVersion,
            Self::Reasons => MessageId::PdfSeedReasons,
            Self::LegalAttestation => MessageId::PdfSeedLegalAttestation,
            Self::AddRevInfo => MessageId::PdfSeedAddRevInfo,
            Self::DigestMethod => MessageId::PdfSeedDigestMethod,
            Self::LockDocument => MessageId::PdfSeedLockDocument,
            Self::Certification => MessageId::PdfSeedCertification,
            Self::Approval => MessageId::PdfSeedApproval,
            Self::TimeStamp => MessageId::PdfSeedTimeStamp,
            Self::CertSubject => MessageId::PdfSeedCertSubject,
            Self::CertIssuer => MessageId::PdfSeedCertIssuer,
            Self::CertPolicy => MessageId::PdfSeedCertPolicy,
            Self::CertSubjectDn => MessageId::PdfSeedCertSubjectDn,
            Self::CertKeyUsage => MessageId::PdfSeedCertKeyUsage,
        }
    }
}

impl PdfSignError {
    /// The catalogue sentence.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::Read(e) => {
                ErrorText::new(MessageId::PdfSignRead).with_phrase("detail", e.message())
            }
            Self::Encrypted => ErrorText::new(MessageId::PdfSignEncrypted),
            Self::Damaged => ErrorText::new(MessageId::PdfSignDamaged),
            Self::NeedsRepair { defect, detail } => ErrorText::new(MessageId::PdfSignNeedsRepair)
                .with_phrase(
                    "defect",
                    ErrorText::new(defect.message_id()).with("detail", detail.clone()),
                ),
            Self::PageOutOfRange { page, pages } => {
                ErrorText::new(MessageId::PdfSignPageOutOfRange)
                    .with("page", page.to_string())
                    .with("pages", pages.to_string())
            }
            Self::BadRect => ErrorText::new(MessageId::PdfSignBadRect),
            Self::FieldNotSignature { name } => {
                ErrorText::new(MessageId::PdfSignFieldNotSignature).with("name", name.clone())
            }
            Self::FieldAlreadySigned { name } => {
                ErrorText::new(MessageId::PdfSignFieldAlreadySigned).with("name", name.clone())
            }
            Self::FieldNameInvalid { name } => {
                ErrorText::new(MessageId::PdfSignFieldNameInvalid).with("name", name.clone())
            }
            Self::CertificationNotFirst => ErrorText::new(MessageId::PdfSignCertificationNotFirst),
            Self::DocMdpForbids => ErrorText::new(MessageId::PdfSignDocMdpForbids),
            Self::SeedValue {
                requirement,
                values,
            } => ErrorText::new(MessageId::PdfSignSeedValue).with_phrase(
                "what",
                ErrorText::new(requirement.message_id()).with("values", values.clone()),
            ),
            Self::ContentsTooSmall { needed, reserved } => {
                ErrorText::new(MessageId::PdfSignContentsTooSmall)
                    .with("needed", needed.to_string())
                    .with("reserved", reserved.to_string())
            }
            Self::Cms(e) => {
                ErrorText::new(MessageId::PdfSignCms).with_phrase("detail", e.message())
            }
            Self::TooLarge => ErrorText::new(MessageId::PdfSignTooLarge),
            Self::BadState => ErrorText::new(MessageId::PdfSignBadState),
            Self::InputMismatch { expected, actual } => {
                ErrorText::new(MessageId::PdfSignInputMismatch)
                    .with("expected", expected.to_string())
                    .with("actual", actual.to_string())
            }
            Self::BadCertificationLevel { level } => {
                ErrorText::new(MessageId::PdfSignBadCertificationLevel)
                    .with("level", level.to_string())
            }
            Self::UnknownSubFilter { name } => {
                ErrorText::new(MessageId::PdfSignUnknownSubFilter).with("name", name.clone())
            }
            Self::Timestamp(e) => e.message(),
        }
    }

    /// The stable code of [`PdfSignError::message`].
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl core::fmt::Display for PdfSignError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message().render(crate::i18n::Lang::En))
    }
}

impl std::error::Error for PdfSignError {}

impl From<PdfError> for PdfSignError {
    fn from(e: PdfError) -> Self {
        match e {
            // Whatever is wrong with an encrypted file's encryption, it is refused as
            // encrypted (the clearer message for the user).
            PdfError::Crypt(_) => Self::Encrypted,
            other => Self::Read(other),
        }
    }
}

impl From<CmsError> for PdfSignError {
    fn from(e: CmsError) -> Self {
        Self::Cms(e)
    }
}
