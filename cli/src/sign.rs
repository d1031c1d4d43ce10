//! `kyso sign`. (Waiting for the crypto key loading and cmsbuild branches.)

use kyso::Lang;

use crate::msg::Msg;
use crate::{CmdResult, SignArgs};

pub fn run(_args: &SignArgs, _lang: Lang) -> CmdResult {
    Err(Msg::NotAvailable { what: "sign" })
}
