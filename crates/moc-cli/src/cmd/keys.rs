//! `moc keys …`.

use clap::Subcommand;

use crate::Ctx;

/// `moc keys` subcommands.
#[derive(Subcommand, Debug)]
pub enum KeysCmd {}

/// Runs one `moc keys` subcommand.
pub fn run(cmd: KeysCmd, _ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {}
}
