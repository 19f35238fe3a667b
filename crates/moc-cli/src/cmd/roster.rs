//! `moc roster …`.

use clap::Subcommand;

use crate::Ctx;

/// `moc roster` subcommands.
#[derive(Subcommand, Debug)]
pub enum RosterCmd {}

/// Runs one `moc roster` subcommand.
pub fn run(cmd: RosterCmd, _ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {}
}
