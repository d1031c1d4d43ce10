//! `kyso inspect`: certificates (subject, issuer, serial, validity, key, extensions, Vietnamese
//! identities) and CMS structure, for people or as JSON. Nothing is verified here: core's
//! inspection views ([`kyso::Inspection`]) decode everything; this only prints them.

use kyso::{Inspection, Lang, RustCryptoProvider};
use serde::Serialize;

use crate::files;
use crate::msg::Msg;
use crate::{CmdResult, InspectArgs};

pub fn run(args: &InspectArgs, lang: Lang) -> CmdResult {
    if files::is_pdf_file(&args.file) {
        return run_pdf(args, lang);
    }
    let bytes = files::read(&args.file, files::MAX_INPUT)?;
    let inspection =
        Inspection::of(&bytes, &RustCryptoProvider).map_err(|e| Msg::NotInspectable {
            path: args.file.display().to_string(),
            certificate: e.certificate.into(),
            cms: e.cms.into(),
        })?;
    if args.json {
        outln!("{}", to_json(&inspection)?);
    } else {
        out!("{}", inspection.to_text(lang));
    }
    Ok(0)
}

/// `kyso inspect doc.pdf`: revisions, fields and signatures (core's `inspect_pdf`), read from
/// the file at offsets.
fn run_pdf(args: &InspectArgs, lang: Lang) -> CmdResult {
    let source = files::FileSource::open(&args.file)?;
    let read = files::pdf_read_options(&args.pdf_password)?;
    let inspection = kyso::inspect_pdf_with(&source, &read).map_err(|e| Msg::PdfUnreadable {
        path: args.file.display().to_string(),
        reason: e.message().into(),
    })?;
    if args.json {
        outln!("{}", inspection.to_json());
    } else {
        out!("{}", inspection.to_text(lang));
    }
    Ok(0)
}

pub fn to_json<T: Serialize>(v: &T) -> Result<String, Msg> {
    serde_json::to_string_pretty(v).map_err(|e| Msg::Internal {
        reason: e.to_string().into(),
    })
}
