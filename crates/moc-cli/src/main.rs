//! The `moc` binary.
//!
//! This crate only parses flags, calls the libraries and turns outcomes into
//! messages and exit codes; the work is in the `moc-*` library crates. Every
//! message a user reads goes through `moc-i18n` (French by default; `MOC_LANG`
//! or `LANG` pick English or Arabic).
//!
//! Exit codes, set here and nowhere else: 0 success, 1 a failure the message
//! explains (bad input, failed verification, I/O), 2 bad usage (from clap).

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use moc_i18n::{Lang, tr};

/// `println!` for standard output that ends the process quietly, with the
/// status of a process killed by SIGPIPE (141), when the reader has gone
/// (`moc patrol list --json | head`), where `println!` would panic.
macro_rules! outln {
    () => {
        $crate::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` likewise.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

mod cmd;
mod help;

/// Writes to standard output; see [`outln`].
fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("moc: {e}");
        std::process::exit(1);
    }
}

/// moc — the shared record and the tools of a joint operational coordination mechanism.
#[derive(Parser, Debug)]
#[command(name = "moc", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Signing keys in the C2SP signed-note format.
    #[command(subcommand)]
    Keys(cmd::keys::KeysCmd),
    /// The tamper-evident log: create, append, checkpoint, prove, verify.
    #[command(subcommand)]
    Log(cmd::log::LogCmd),
    /// Benchmarks that write one JSON object.
    #[command(subcommand)]
    Bench(cmd::bench::BenchCmd),
    /// The roster engine: solve and evaluate shift-scheduling instances.
    #[command(subcommand)]
    Roster(cmd::roster::RosterCmd),
    /// Creates a new node: its party key and its first administrator.
    Init(cmd::user::InitArgs),
    /// The node's accounts.
    #[command(subcommand)]
    User(cmd::user::UserCmd),
    /// API tokens, for scripts and witnesses.
    #[command(subcommand)]
    Token(cmd::user::TokenCmd),
    /// Creates the Gao demo node and serves it.
    Demo(cmd::serve::DemoArgs),
    /// Serves a node: the JSON API, the web pages, the logs and the witness.
    Serve(cmd::serve::ServeArgs),
    /// Rebuilds the SQL projections from the logs.
    Reindex(cmd::serve::ReindexArgs),
    /// Members of the mixed units.
    #[command(subcommand)]
    Member(cmd::member::MemberCmd),
    /// Two-party vetting of members.
    #[command(subcommand)]
    Vetting(cmd::member::VettingCmd),
    /// Mixed patrols, from plan to endorsement.
    #[command(subcommand)]
    Patrol(cmd::patrol::PatrolCmd),
    /// Incidents and their sources.
    #[command(subcommand)]
    Incident(cmd::incident_record::IncidentCmd),
    /// Candidate incidents from news articles.
    #[command(subcommand)]
    Intake(cmd::intake::IntakeCmd),
}

/// What every command can use: the language of the user.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// The language for messages.
    pub lang: Lang,
}

fn main() -> ExitCode {
    let ctx = Ctx {
        lang: Lang::from_env(),
    };
    // The help texts come from the translation files, not from the doc
    // comments above (which stay as the English reference for developers).
    let matches = help::localize(Cli::command(), ctx.lang).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let outcome = match cli.command {
        Command::Keys(c) => cmd::keys::run(c, &ctx),
        Command::Log(c) => cmd::log::run(c, &ctx),
        Command::Bench(c) => cmd::bench::run(c, &ctx),
        Command::Roster(c) => cmd::roster::run(c, &ctx),
        Command::Init(a) => cmd::user::init(&a, &ctx),
        Command::User(c) => cmd::user::run(c, &ctx),
        Command::Token(c) => cmd::user::token(c, &ctx),
        Command::Demo(a) => cmd::serve::demo(&a, &ctx),
        Command::Serve(a) => cmd::serve::serve(&a, &ctx),
        Command::Reindex(a) => cmd::serve::reindex(&a, &ctx),
        Command::Member(c) => cmd::member::run(c, &ctx),
        Command::Vetting(c) => cmd::member::vetting(c, &ctx),
        Command::Patrol(c) => cmd::patrol::run(c, &ctx),
        Command::Incident(c) => cmd::incident_record::run(c, &ctx),
        Command::Intake(c) => cmd::intake::run(c, &ctx),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&ctx, &err);
            ExitCode::from(1)
        }
    }
}

/// An error's message: a domain refusal in the user's language, anything
/// else as its library wrote it.
fn text(lang: Lang, e: &(dyn std::error::Error + 'static)) -> String {
    let domain = e
        .downcast_ref::<moc_domain::DomainError>()
        .or_else(|| match e.downcast_ref::<moc_node::NodeError>() {
            Some(moc_node::NodeError::Domain(d)) => Some(d),
            _ => None,
        });
    match domain {
        Some(d) => {
            let (code, details) = d.code_and_details();
            let fields = details.as_object().cloned().unwrap_or_default();
            moc_i18n::tr_fields(lang, &format!("domain-{code}"), &fields)
        }
        None => e.to_string(),
    }
}

/// Prints an error and its chain of causes, one per line, to stderr.
fn report(ctx: &Ctx, err: &anyhow::Error) {
    // A closed pipe (`moc log checkpoint | head -1`) is not worth a message.
    if err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return;
    }
    let first = err
        .chain()
        .next()
        .map_or_else(|| err.to_string(), |e| text(ctx.lang, e));
    eprintln!("moc: {}: {first}", tr(ctx.lang, "error-prefix", &[]));
    for line in causes(ctx.lang, err) {
        eprintln!("  {} {line}", tr(ctx.lang, "error-cause", &[]));
    }
}

/// The causes of `err` worth printing: library errors often repeat their
/// source in their own message (`"checkpoint: {0}"`), so a cause already
/// written in full by the line before it is skipped.
fn causes(lang: Lang, err: &anyhow::Error) -> Vec<String> {
    let mut out = Vec::new();
    let mut previous = err.to_string();
    for cause in err.chain().skip(1) {
        let text = text(lang, cause);
        if !previous.contains(&text) {
            out.push(text.clone());
        }
        previous = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("checkpoint: {0}")]
    struct Wrapping(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("not signed by a log of the policy")]
    struct Inner;

    #[test]
    fn domain_refusals_are_told_in_the_users_language() {
        let e = moc_node::NodeError::Domain(moc_domain::DomainError::WrongParty {
            actor_party: moc_domain::PartyId::new("cma").unwrap(),
            target_party: moc_domain::PartyId::new("fama").unwrap(),
        });
        let err = anyhow::Error::new(e);
        let fr = text(Lang::Fr, err.chain().next().unwrap());
        assert_eq!(fr, "Un officier de cma ne peut pas agir pour fama.");
        let ar = text(Lang::Ar, err.chain().next().unwrap());
        assert!(
            ar.contains("cma") && ar.contains("fama") && !ar.contains("officer"),
            "{ar}"
        );
    }

    #[test]
    fn causes_already_in_the_message_are_not_repeated() {
        let err = anyhow::Error::new(Wrapping(Inner)).context("the proof p.txt is not valid");
        assert_eq!(
            causes(Lang::En, &err),
            vec!["checkpoint: not signed by a log of the policy".to_owned()]
        );
        let plain = anyhow::Error::new(Inner).context("outer");
        assert_eq!(
            causes(Lang::En, &plain),
            vec!["not signed by a log of the policy".to_owned()]
        );
    }
}
