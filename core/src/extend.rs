//! Raising an existing signature to a long-term level (issue 12 items 3–4): CAdES B-T and B-LT
//! and B-LTA on a CMS SignedData (ETSI EN 319 122-1), PAdES B-T, B-LT and B-LTA on a PDF (ETSI EN
//! 319 142-1). Which steps each level takes is decided here, once, for every surface (the
//! CLI's `kyso extend`, the C ABI's `kyso_extend_cms` / `kyso_extend_pdf`); the steps
//! themselves are [`crate::timestamp_signer`], [`ValidationData`], [`crate::add_validation_data`],
//! [`crate::add_pdf_validation_data`] and [`crate::timestamp_pdf`]. Signed bytes never change.
//! When validation data is missing the result is still returned and says what is missing
//! (shared/brief/pdf-ltv-login.md T6: an extension that aborts is a known failure).

use serde::Serialize;

use crate::cms::{CmsError, ValidationData};
use crate::error::ErrorText;
use crate::i18n::MessageId;
use crate::pdf::{PdfSignError, PdfSignOptions, PdfSource, SourceError};
use crate::report::Finding;
use crate::tsp::{TimestampClient, TimestampReport, TspError};
use crate::verifier::Verifier;

/// A baseline level to raise a signature to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ExtendLevel {
    /// A time-stamp: on every CMS signer without a signature time-stamp; on a PDF, a document
    /// time-stamp when no signature is time-stamped yet.
    BT,
    /// B-T plus the validation data the verification used (CMS: `certificates` and `crls`;
    /// PDF: the document security store).
    BLt,
    /// B-LT, then an archive time-stamp (CMS: archive-time-stamp-v3 on every signer; PDF: a
    /// document time-stamp), then the validation data of its TSA.
    BLta,
}

impl ExtendLevel {
    /// `b-t`, `b-lt`, `b-lta` (case-insensitive; the CLI's `--to` and the npm names).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "b-t" => Some(Self::BT),
            "b-lt" => Some(Self::BLt),
            "b-lta" => Some(Self::BLta),
            _ => None,
        }
    }

    /// The level's name as ETSI writes it (`B-T`, `B-LT`, `B-LTA`).
    pub fn name(self) -> &'static str {
        match self {
            Self::BT => "B-T",
            Self::BLt => "B-LT",
            Self::BLta => "B-LTA",
        }
    }

    /// The number the C ABI uses (`KYSO_LEVEL_B_T` = 1, `_B_LT` = 2, `_B_LTA` = 3).
    pub fn code(self) -> u32 {
        match self {
            Self::BT => 1,
            Self::BLt => 2,
            Self::BLta => 3,
        }
    }

    /// The level of a C number, `None` for another.
    pub fn from_code(code: u32) -> Option<Self> {
        [Self::BT, Self::BLt, Self::BLta]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

impl Serialize for ExtendLevel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Where time-stamps come from: the TSA client and the session that checks its answers before
/// they are taken (its anchors decide whether the TSA's chain is reported as verified).
#[derive(Clone, Copy, Debug)]
pub struct Stamping<'a> {
    client: &'a TimestampClient<'a>,
    verifier: &'a Verifier<'a>,
}

impl<'a> Stamping<'a> {
    pub fn new(client: &'a TimestampClient<'a>, verifier: &'a Verifier<'a>) -> Self {
        Self { client, verifier }
    }

    /// The TSA client.
    pub fn client(&self) -> &'a TimestampClient<'a> {
        self.client
    }

    /// The session that checks the TSA's answers.
    pub fn verifier(&self) -> &'a Verifier<'a> {
        self.verifier
    }
}

/// What an extension did.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Extended {
    /// CMS: the extended SignedData (DER). PDF: what to append to the input (its incremental
    /// updates, in order; empty when nothing was added).
    pub bytes: Vec<u8>,
    pub level: ExtendLevel,
    /// The reports of the time-stamps taken, in the order they were added.
    pub timestamps: Vec<TimestampReport>,
    /// The validation data of each B-LT step (a PDF raised to B-LTA has two: before and after
    /// the document time-stamp).
    pub validation_data: Vec<ValidationData>,
}

impl Extended {
    fn new(level: ExtendLevel) -> Self {
        Self {
            bytes: Vec::new(),
            level,
            timestamps: Vec::new(),
            validation_data: Vec::new(),
        }
    }

    /// Whether every validation data step found everything it needed.
    pub fn is_complete(&self) -> bool {
        self.validation_data.iter().all(ValidationData::is_complete)
    }

    /// What is missing, from every validation data step.
    pub fn missing(&self) -> impl Iterator<Item = &Finding> {
        self.validation_data.iter().flat_map(|d| d.missing.iter())
    }

    /// JSON with stable field names: `level`, `complete`, `timestamps` (time-stamp reports),
    /// `validation_data` (per step: `certificates`, `crls`, `ocsp_responses` counts and the
    /// `missing` findings).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Data<'a> {
            certificates: usize,
            crls: usize,
            ocsp_responses: usize,
            missing: &'a [Finding],
        }
        #[derive(Serialize)]
        struct Json<'a> {
            level: ExtendLevel,
            complete: bool,
            timestamps: &'a [TimestampReport],
            validation_data: Vec<Data<'a>>,
        }
        let json = Json {
            level: self.level,
            complete: self.is_complete(),
            timestamps: &self.timestamps,
            validation_data: self
                .validation_data
                .iter()
                .map(|d| Data {
                    certificates: d.certificates.len(),
                    crls: d.crls.len(),
                    ocsp_responses: d.ocsp_responses.len(),
                    missing: &d.missing,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }
}

/// Why a signature could not be extended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ExtendError {
    /// A time-stamp is needed and no TSA was given (`extend.needs-tsa`).
    NeedsTsa { level: ExtendLevel },
    /// A time-stamp could not be obtained or added.
    Timestamp(TspError),
    /// The signature could not be read or edited.
    Cms(CmsError),
    /// The PDF could not take the update.
    Pdf(PdfSignError),
}

impl ExtendError {
    /// The sentence, from the catalogue.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::NeedsTsa { level } => {
                ErrorText::new(MessageId::ExtendNeedsTsa).with("level", level.name())
            }
            Self::Timestamp(e) => e.message(),
            Self::Cms(e) => e.message(),
            Self::Pdf(e) => e.message(),
        }
    }

    /// The stable string code.
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl From<TspError> for ExtendError {
    fn from(e: TspError) -> Self {
        match e {
            TspError::Cms(c) => Self::Cms(c),
            other => Self::Timestamp(other),
        }
    }
}

impl From<CmsError> for ExtendError {
    fn from(e: CmsError) -> Self {
        Self::Cms(e)
    }
}

impl From<PdfSignError> for ExtendError {
    fn from(e: PdfSignError) -> Self {
        match e {
            PdfSignError::Timestamp(t) => Self::from(t),
            other => Self::Pdf(other),
        }
    }
}

/// Raises the CMS SignedData `cms` (with its detached `content`, if any) to `level`: every
/// signer without a signature time-stamp gets one from `stamping` (needed only then); for B-LT
/// the certificates and revocation data of a verification by `verifier` after that are
/// embedded, and what it could not find is listed in [`Extended::validation_data`] — not an
/// error; for B-LTA every signer then gets an archive time-stamp (ETSI EN 319 122-1 §5.5.3,
/// over the signature, the content and the data embedded so far; a detached signature needs
/// `content`), and the validation data of those time-stamps' TSAs is embedded after them.
pub fn extend_cms(
    cms: &[u8],
    content: Option<&[u8]>,
    level: ExtendLevel,
    verifier: &Verifier<'_>,
    stamping: Option<Stamping<'_>>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Extended, ExtendError> {
    crate::cms::inspect(cms)?;
    let mut out = Extended::new(level);
    let mut cms = cms.to_vec();
    // Signers are named by their signature value: adding an unsigned attribute re-sorts the
    // DER SET OF SignerInfo (X.690 §11.6), so an index does not survive a time-stamp.
    let report = verifier.verify_cms(&cms, content);
    let values = (0..report.signers.len())
        .map(|index| crate::cms::signer_signature_value(&cms, index))
        .collect::<Result<Vec<_>, _>>()?;
    let pending = report
        .signers
        .iter()
        .zip(&values)
        .filter(|(signer, _)| {
            !signer
                .timestamps
                .iter()
                .any(|t| t.kind == crate::tsp::TimestampKind::Signature)
        })
        .map(|(_, value)| value);
    for value in pending {
        let s = stamping.ok_or(ExtendError::NeedsTsa { level })?;
        let index = signer_index(&cms, value)?;
        let (stamped, taken) =
            crate::tsp::timestamp_signer(&cms, index, s.client, s.verifier, rng)?;
        out.timestamps.push(taken);
        cms = stamped;
    }
    if level >= ExtendLevel::BLt {
        add_cms_validation_data(&mut cms, content, verifier, &mut out)?;
    }
    if level == ExtendLevel::BLta {
        for value in &values {
            let s = stamping.ok_or(ExtendError::NeedsTsa { level })?;
            let index = signer_index(&cms, value)?;
            let (stamped, taken) = crate::tsp::archive_timestamp_signer(
                &cms, content, index, s.client, s.verifier, rng,
            )?;
            out.timestamps.push(taken);
            cms = stamped;
        }
        // The archive time-stamps' own TSA chains and revocation data, for the next renewal
        // to cover (their index does not list them, and need not).
        add_cms_validation_data(&mut cms, content, verifier, &mut out)?;
    }
    out.bytes = cms;
    Ok(out)
}

/// One B-LT step on a CMS: what a verification of it now used, embedded.
fn add_cms_validation_data(
    cms: &mut Vec<u8>,
    content: Option<&[u8]>,
    verifier: &Verifier<'_>,
    out: &mut Extended,
) -> Result<(), ExtendError> {
    let report = verifier.verify_cms(cms, content);
    let data = ValidationData::from_report(&report);
    *cms = crate::cms::add_validation_data(cms, &data)?;
    out.validation_data.push(data);
    Ok(())
}

/// The index of the signer whose signature value is `value`.
fn signer_index(cms: &[u8], value: &[u8]) -> Result<usize, CmsError> {
    let mut index = 0usize;
    loop {
        if crate::cms::signer_signature_value(cms, index)? == value {
            return Ok(index);
        }
        index = index.saturating_add(1);
    }
}

/// Raises the PDF `source` to `level`, each step an incremental update appended to the last
/// ([`Extended::bytes`] holds them all): B-T adds a document time-stamp when no signature is
/// time-stamped yet; B-LT does that too, then puts the validation data of every signature and
/// time-stamp (as verified by `verifier`) into the DSS; B-LTA puts the data in the DSS, adds a
/// document time-stamp, then the validation data of that time-stamp's TSA. `options` gives the time written into the
/// document time-stamp's dictionary and the reader's limits. A time-stamp needs `stamping`.
pub fn extend_pdf(
    source: &dyn PdfSource,
    level: ExtendLevel,
    options: &PdfSignOptions,
    verifier: &Verifier<'_>,
    stamping: Option<Stamping<'_>>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<Extended, ExtendError> {
    let mut out = Extended::new(level);
    let report = verifier.verify_pdf(&Appended::new(source, &out.bytes));
    let stamped = report.signatures.iter().any(|s| {
        s.timestamp.is_some()
            || s.cms
                .iter()
                .flat_map(|c| c.signers.iter())
                .any(|signer| !signer.timestamps.is_empty())
    });
    // B-T first when nothing is time-stamped (B-LT builds on B-T); then the DSS, whose data
    // covers that time-stamp's TSA too; B-LTA ends with a document time-stamp over it all and
    // the data for that one.
    if !stamped && level < ExtendLevel::BLta {
        document_timestamp(source, level, options, stamping, rng, &mut out)?;
    }
    if level >= ExtendLevel::BLt {
        add_dss(source, options, verifier, &mut out)?;
    }
    if level == ExtendLevel::BLta {
        document_timestamp(source, level, options, stamping, rng, &mut out)?;
        add_dss(source, options, verifier, &mut out)?;
    }
    Ok(out)
}

/// A document time-stamp on the PDF so far (PAdES B-T, or the archive step of B-LTA).
fn document_timestamp(
    source: &dyn PdfSource,
    level: ExtendLevel,
    options: &PdfSignOptions,
    stamping: Option<Stamping<'_>>,
    rng: &mut dyn rand_core::CryptoRng,
    out: &mut Extended,
) -> Result<(), ExtendError> {
    let s = stamping.ok_or(ExtendError::NeedsTsa { level })?;
    let doc = Appended::new(source, &out.bytes);
    let (update, taken) = crate::pdf::timestamp_pdf(&doc, options, s.client, s.verifier, rng)?;
    out.bytes.extend_from_slice(&update.bytes);
    out.timestamps.push(taken);
    Ok(())
}

/// One B-LT step on a PDF: what a verification of the document so far used, into the DSS.
fn add_dss(
    source: &dyn PdfSource,
    options: &PdfSignOptions,
    verifier: &Verifier<'_>,
    out: &mut Extended,
) -> Result<(), ExtendError> {
    let doc = Appended::new(source, &out.bytes);
    let report = verifier.verify_pdf(&doc);
    let data = ValidationData::from_pdf_report(&report);
    let update = crate::pdf::add_pdf_validation_data(&doc, &data, options)?;
    out.validation_data.push(data);
    if let Some(update) = update {
        out.bytes.extend_from_slice(&update.bytes);
    }
    Ok(())
}

/// The caller's source followed by the updates made so far: the document as it now is,
/// without copying the input.
struct Appended<'a> {
    base: &'a dyn PdfSource,
    tail: &'a [u8],
}

impl<'a> Appended<'a> {
    fn new(base: &'a dyn PdfSource, tail: &'a [u8]) -> Self {
        Self { base, tail }
    }
}

impl PdfSource for Appended<'_> {
    fn len(&self) -> u64 {
        self.base.len().saturating_add(PdfSource::len(self.tail))
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, SourceError> {
        let base_len = self.base.len();
        let mut filled = 0usize;
        if offset < base_len {
            filled = self.base.read_at(offset, buf)?;
            let base_rest = base_len.saturating_sub(offset);
            if u64::try_from(filled).unwrap_or(u64::MAX) < base_rest {
                // Short read inside the base: the caller's end of file.
                return Ok(filled);
            }
        }
        let at = offset
            .saturating_add(u64::try_from(filled).unwrap_or(u64::MAX))
            .saturating_sub(base_len);
        let rest = buf.get_mut(filled..).unwrap_or_default();
        let n = self.tail.read_at(at, rest)?;
        Ok(filled.saturating_add(n))
    }
}

#[cfg(test)]
mod tests;
