//! `kyso verify` and the CMS part of `kyso inspect`. (Waiting for the cmsverify branch.)

use kyso::Lang;

use crate::msg::Msg;
use crate::{CmdResult, VerifyArgs};

pub fn run(_args: &VerifyArgs, _lang: Lang) -> CmdResult {
    Err(Msg::NotAvailable { what: "verify" })
}

pub fn inspect_cms(_bytes: &[u8], path: &str, _json: bool, _lang: Lang) -> CmdResult {
    Err(Msg::NotInspectable { path: path.to_owned() })
}
