//! `kyso demo`.

use kyso::Lang;

use crate::msg::Msg;
use crate::{CmdResult, DemoArgs};

pub fn run(_args: &DemoArgs, _lang: Lang) -> CmdResult {
    Err(Msg::NotAvailable { what: "demo" })
}
