//! `moc bench …`.

use clap::Subcommand;

use crate::Ctx;

/// `moc bench` subcommands.
#[derive(Subcommand, Debug)]
pub enum BenchCmd {}

/// Runs one `moc bench` subcommand.
pub fn run(cmd: BenchCmd, _ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {}
}
