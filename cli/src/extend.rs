//! `kyso extend`: raise an existing CMS signature to CAdES B-T (a signature time-stamp per
//! signer that has none), B-LT (the validation data its verification used, embedded) and
//! B-LTA (an archive time-stamp per signer; ETSI EN 319 122-1), a PDF to PAdES B-T, B-LT or B-LTA (ETSI EN 319 142-1). Core decides
//! and does the work (`kyso::extend_cms`, `kyso::extend_pdf`: the same steps as the C ABI's
//! `kyso_extend_cms` / `kyso_extend_pdf`); this file reads, prints and writes. The signed
//! bytes never change. When
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
    /// The level to reach: b-t, b-lt or b-lta.
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

pub fn run(args: &ExtendArgs, lang: Lang) -> CmdResult {
    let pdf = files::is_pdf_file(&args.file);
    let format = if pdf { "PDF" } else { "CMS" };
    let level_error = || Msg::ExtendLevel {
        level: args.to.clone(),
        format,
    };
    let level = kyso::ExtendLevel::from_name(&args.to).ok_or_else(level_error)?;
    if pdf && args.content.is_some() {
        return Err(Msg::PdfWithContent);
    }
    let input = files::read(&args.file, files::MAX_INPUT)?;
    let content = match &args.content {
        Some(p) => Some(files::read(p, files::MAX_CONTENT)?),
        None => None,
    };
    if !pdf {
        kyso::inspect_signed_data(&input).map_err(|e| Msg::NotCms {
            path: args.file.display().to_string(),
            reason: e.message().into(),
        })?;
    }
    let validation = crate::verify::load_validation(&args.validation)?;
    let stamper = Stamper::from_args(&args.tsa)?;
    let mut rng = files::os_rng()?;

    // Core decides which steps the level takes (`kyso::extend_cms`, `kyso::extend_pdf`).
    let extended = validation.with_session(|session| {
        let mut run = |stamping: Option<kyso::Stamping<'_>>| {
            if pdf {
                let options = kyso::PdfSignOptions::new(validation.now);
                kyso::extend_pdf(
                    &input.as_slice(),
                    level,
                    &options,
                    session,
                    stamping,
                    &mut rng,
                )
            } else {
                kyso::extend_cms(
                    &input,
                    content.as_deref(),
                    level,
                    session,
                    stamping,
                    &mut rng,
                )
            }
        };
        match &stamper {
            Some(s) => s.with_stamping(validation.now, |stamping| run(Some(stamping))),
            None => run(None),
        }
    });
    let extended = extended.map_err(|e| match e {
        kyso::ExtendError::NeedsTsa { .. } => Msg::ExtendNeedsTsa,
        kyso::ExtendError::Timestamp(t) => Msg::TimestampFailed {
            reason: t.message().into(),
        },
        other => Msg::SigningFailed {
            reason: other.message().into(),
        },
    })?;
    for taken in &extended.timestamps {
        print_taken(taken, lang);
    }
    for data in &extended.validation_data {
        print_data(data, lang);
    }
    let output = if pdf {
        [input.as_slice(), extended.bytes.as_slice()].concat()
    } else {
        extended.bytes
    };
    files::write(&args.out, &output)?;
    let complete = extended.validation_data.iter().all(|d| d.is_complete());
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
