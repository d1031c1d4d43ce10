//! `kyso inspect`: certificates (subject, issuer, serial, validity, key, extensions, Vietnamese
//! identities) and CMS structure, for people or as JSON. Nothing is verified here: core's
//! inspection views ([`kyso::Inspection`]) decode everything; this only prints them.

use kyso::{Inspection, Lang, RustCryptoProvider};
use serde::Serialize;

use crate::files;
use crate::msg::Msg;
use crate::{CmdResult, InspectArgs};

pub fn run(args: &InspectArgs, lang: Lang) -> CmdResult {
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

pub fn to_json<T: Serialize>(v: &T) -> Result<String, Msg> {
    serde_json::to_string_pretty(v).map_err(|e| Msg::Internal {
        reason: e.to_string().into(),
    })
}
