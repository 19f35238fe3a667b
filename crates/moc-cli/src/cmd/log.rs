//! `moc log …`.

use clap::Subcommand;

use crate::Ctx;

/// `moc log` subcommands.
#[derive(Subcommand, Debug)]
pub enum LogCmd {}

/// Runs one `moc log` subcommand.
pub fn run(cmd: LogCmd, _ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {}
}
