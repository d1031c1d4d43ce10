//! `kyso extend`: raise an existing CMS signature to CAdES B-T (a signature time-stamp per
//! signer that has none) and B-LT (the validation data its verification used, embedded;
//! ETSI EN 319 122-1). Core does the work (`kyso::timestamp_signer`,
//! `kyso::ValidationData`, `kyso::add_validation_data`); the signed bytes never change. When
//! validation data is missing the output is still written and the report says what is
//! missing (shared/brief/pdf-ltv-login.md T6: extension that aborts is a known failure).

use std::path::PathBuf;

use clap::Args;
use kyso::Lang;

use crate::files;
use crate::msg::{Msg, label};
use crate::timestamp::{Stamper, TsaArgs, print_taken};
use crate::{CmdResult, ValidationArgs};

#[derive(Args, Debug)]
pub struct ExtendArgs {
    /// The signature to extend: CMS/PKCS#7, PEM or DER.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The signed content, for a detached signature.
    #[arg(long, value_name = "DETACHED")]
    pub content: Option<PathBuf>,
    /// The level to reach: b-t, b-lt, or for a PDF also b-lta.
    #[arg(long, value_name = "LEVEL")]
    pub to: String,
    /// Where to write the extended signature (DER).
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    #[command(flatten)]
    pub tsa: TsaArgs,
    #[command(flatten)]
    pub validation: ValidationArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    T,
    Lt,
    /// PDF only: B-LT plus a document time-stamp (and the data for its TSA).
    Lta,
}

pub fn run(args: &ExtendArgs, lang: Lang) -> CmdResult {
    let pdf = files::is_pdf_file(&args.file);
    let level = match args.to.to_ascii_lowercase().as_str() {
        "b-t" => Level::T,
        "b-lt" => Level::Lt,
        "b-lta" if pdf => Level::Lta,
        _ => {
            return Err(Msg::ExtendLevel {
                level: args.to.clone(),
                format: if pdf { "PDF" } else { "CMS" },
            });
        }
    };
    if pdf {
        return run_pdf(args, level, lang);
    }
    let input = files::read(&args.file, files::MAX_INPUT)?;
    let content = match &args.content {
        Some(p) => Some(files::read(p, files::MAX_CONTENT)?),
        None => None,
    };
    let mut cms = kyso::inspect_signed_data(&input)
        .map(|_| input.clone())
        .map_err(|e| Msg::NotCms {
            path: args.file.display().to_string(),
            reason: e.message().into(),
        })?;
    let validation = crate::verify::load_validation(&args.validation)?;
    let mut rng = files::os_rng()?;

    // B-T: every signer without a signature time-stamp gets one.
    let report = crate::verify::verify_with(&validation, &cms, content.as_deref());
    let stamper = Stamper::from_args(&args.tsa)?;
    for (index, signer) in report.signers.iter().enumerate() {
        if !signer.timestamps.is_empty() {
            continue;
        }
        let stamper = stamper.as_ref().ok_or(Msg::ExtendNeedsTsa)?;
        let (stamped, taken) = stamper.stamp(&cms, index, validation.now, &mut rng)?;
        print_taken(&taken, lang);
        cms = stamped;
    }

    // B-LT: what the verification used, embedded; what is missing, said.
    let mut complete = true;
    if level >= Level::Lt {
        let report = crate::verify::verify_with(&validation, &cms, content.as_deref());
        let data = kyso::ValidationData::from_report(&report);
        cms = kyso::add_validation_data(&cms, &data).map_err(|e| Msg::SigningFailed {
            reason: e.message().into(),
        })?;
        errln!(
            "{} {} {}, {} CRL, {} OCSP",
            label(
                lang,
                "Dữ liệu kiểm tra dài hạn:",
                "Long-term validation data:"
            ),
            data.certificates.len(),
            label(lang, "chứng thư số", "certificates"),
            data.crls.len(),
            data.ocsp_responses.len(),
        );
        for f in &data.missing {
            errln!("  - {}", kyso::render_message(f.code, lang, &f.params));
        }
        complete = data.is_complete();
    }
    files::write(&args.out, &cms)?;
    errln!(
        "{} {} ({})",
        label(lang, "Đã ghi:", "Written:"),
        args.out.display(),
        if complete {
            args.to.to_ascii_uppercase()
        } else {
            format!(
                "{}, {}",
                args.to.to_ascii_uppercase(),
                label(lang, "thiếu dữ liệu, xem trên", "data missing, see above")
            )
        },
    );
    Ok(if complete { 0 } else { 2 })
}

/// PAdES (ETSI EN 319 142-1) on a PDF, each step an incremental update appended to the last:
/// b-t adds a document time-stamp when no signature has a time-stamp yet; b-lt does that too,
/// then puts the validation data of every signature and time-stamp into the DSS; b-lta puts
/// the data in the DSS, adds a document time-stamp, then the validation data of that
/// time-stamp's TSA (so it can be checked offline too).
fn run_pdf(args: &ExtendArgs, level: Level, lang: Lang) -> CmdResult {
    if args.content.is_some() {
        return Err(Msg::PdfWithContent);
    }
    let mut doc = files::read(&args.file, files::MAX_INPUT)?;
    let validation = crate::verify::load_validation(&args.validation)?;
    let stamper = Stamper::from_args(&args.tsa)?;
    let options = kyso::PdfSignOptions::new(validation.now);
    let mut rng = files::os_rng()?;
    let mut complete = true;
    let add_dss = |doc: &mut Vec<u8>, complete: &mut bool| -> Result<(), Msg> {
        let report = validation.with_session(|s| s.verify_pdf(&doc.as_slice()));
        let data = kyso::ValidationData::from_pdf_report(&report);
        print_data(&data, lang);
        *complete &= data.is_complete();
        if let Some(update) = kyso::add_pdf_validation_data(&doc.as_slice(), &data, &options)? {
            doc.extend_from_slice(&update.bytes);
        }
        Ok(())
    };
    let report = validation.with_session(|s| s.verify_pdf(&doc.as_slice()));
    let stamped = report.signatures.iter().any(|s| {
        s.timestamp.is_some()
            || s.cms
                .iter()
                .flat_map(|c| c.signers.iter())
                .any(|signer| !signer.timestamps.is_empty())
    });
    let mut document_timestamp = |doc: &mut Vec<u8>| -> Result<(), Msg> {
        let stamper = stamper.as_ref().ok_or(Msg::ExtendNeedsTsa)?;
        let (update, report) =
            stamper.document_timestamp(doc, &options, validation.now, &mut rng)?;
        print_taken(&report, lang);
        doc.extend_from_slice(&update.bytes);
        Ok(())
    };
    // B-T first when nothing is time-stamped (B-LT builds on B-T); then the DSS, whose data
    // covers that time-stamp's TSA too; B-LTA ends with a document time-stamp over it all and
    // the data for that one.
    if !stamped && level < Level::Lta {
        document_timestamp(&mut doc)?;
    }
    if level >= Level::Lt {
        add_dss(&mut doc, &mut complete)?;
    }
    if level == Level::Lta {
        document_timestamp(&mut doc)?;
        add_dss(&mut doc, &mut complete)?;
    }
    files::write(&args.out, &doc)?;
    print_written(args, complete, lang);
    Ok(if complete { 0 } else { 2 })
}

fn print_data(data: &kyso::ValidationData, lang: Lang) {
    errln!(
        "{} {} {}, {} CRL, {} OCSP",
        label(
            lang,
            "Dữ liệu kiểm tra dài hạn:",
            "Long-term validation data:"
        ),
        data.certificates.len(),
        label(lang, "chứng thư số", "certificates"),
        data.crls.len(),
        data.ocsp_responses.len(),
    );
    for f in &data.missing {
        errln!("  - {}", kyso::render_message(f.code, lang, &f.params));
    }
}

fn print_written(args: &ExtendArgs, complete: bool, lang: Lang) {
    errln!(
        "{} {} ({})",
        label(lang, "Đã ghi:", "Written:"),
        args.out.display(),
        if complete {
            args.to.to_ascii_uppercase()
        } else {
            format!(
                "{}, {}",
                args.to.to_ascii_uppercase(),
                label(lang, "thiếu dữ liệu, xem trên", "data missing, see above")
            )
        },
    );
}
