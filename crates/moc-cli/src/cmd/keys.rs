//! `moc keys …`: make and inspect keys in the C2SP signed-note formats.
//!
//! `generate` writes `<name>.key` (the `PRIVATE+KEY+…` string, mode 0600)
//! and `<name>.pub` (the vkey) and never overwrites either; `show` prints
//! the public key of a `.key` or `.pub` file. The key formats and their
//! checks live in `moc_ledger::keys`; this module only does the files.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use moc_i18n::tr;
use moc_ledger::keys::{self, KeyKind, SigningKey, VerifierKey};

use crate::Ctx;

/// `moc keys` subcommands.
#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// Generates a key pair: DIR/NAME.key (private) and DIR/NAME.pub.
    Generate(GenerateArgs),
    /// Prints the public key (vkey) of a .key or .pub file.
    Show(ShowArgs),
}

/// Flags of `moc keys generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// The key name: the log's origin for a log key, the party's name for
    /// a party key, the witness's name for a witness key.
    #[arg(long)]
    name: String,
    /// The directory to write the two files into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Make a witness key (C2SP tlog-cosignature, signature type 0x04).
    #[arg(long)]
    witness: bool,
}

/// Flags of `moc keys show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// A .key or .pub file.
    file: PathBuf,
}

/// Runs one `moc keys` subcommand.
pub fn run(cmd: KeysCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        KeysCmd::Generate(args) => generate(&args, ctx),
        KeysCmd::Show(args) => show(&args.file, ctx),
    }
}

/// The file stem for a key name: letters, digits, `.`, `_` and `-` kept,
/// anything else (the `/` of an origin) becomes `-`.
fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn generate(args: &GenerateArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let kind = if args.witness {
        KeyKind::Cosignature
    } else {
        KeyKind::Ed25519
    };
    let (skey, vkey) = keys::generate_kind(&args.name, kind, &mut rand_core::OsRng)
        .with_context(|| tr(lang, "keys-bad-name", &[("name", args.name.clone().into())]))?;
    let stem = file_stem(&args.name);
    let private = args.out.join(format!("{stem}.key"));
    let public = args.out.join(format!("{stem}.pub"));
    for path in [&private, &public] {
        if path.exists() {
            bail!(tr(
                lang,
                "keys-exists",
                &[("path", path.display().to_string().into())]
            ));
        }
    }
    fs::create_dir_all(&args.out).with_context(|| {
        tr(
            lang,
            "keys-create-dir-error",
            &[("path", args.out.display().to_string().into())],
        )
    })?;
    write_new(&private, &format!("{}\n", skey.to_private_string()), true).with_context(|| {
        tr(
            lang,
            "keys-write-error",
            &[("path", private.display().to_string().into())],
        )
    })?;
    write_new(&public, &format!("{vkey}\n"), false).with_context(|| {
        tr(
            lang,
            "keys-write-error",
            &[("path", public.display().to_string().into())],
        )
    })?;
    let message = if args.witness {
        "keys-written-witness"
    } else {
        "keys-written"
    };
    eprintln!(
        "{}",
        tr(
            lang,
            message,
            &[
                ("name", args.name.clone().into()),
                ("private", private.display().to_string().into()),
                ("public", public.display().to_string().into()),
            ],
        )
    );
    outln!("{vkey}");
    Ok(())
}

/// Creates `path`, failing if it exists; a private key file is readable by
/// its owner only, from the moment it exists.
fn write_new(path: &Path, contents: &str, private: bool) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut f = options.open(path)?;
    f.write_all(contents.as_bytes())?;
    f.sync_all()
}

fn show(path: &Path, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let shown = path.display().to_string();
    let text = fs::read_to_string(path)
        .with_context(|| tr(lang, "keys-read-error", &[("path", shown.clone().into())]))?;
    let text = text.trim();
    let vkey: VerifierKey = if text.starts_with("PRIVATE+KEY+") {
        text.parse::<SigningKey>()
            .map(|k| k.verifier())
            .with_context(|| tr(lang, "keys-bad-key", &[("path", shown.clone().into())]))?
    } else {
        text.parse::<VerifierKey>()
            .with_context(|| tr(lang, "keys-bad-key", &[("path", shown.clone().into())]))?
    };
    outln!("{vkey}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("moc.example/gao"), "moc.example-gao");
        assert_eq!(file_stem("fama"), "fama");
        assert_eq!(file_stem("a\\b:c"), "a-b-c");
        assert_eq!(file_stem("témoin"), "t-moin");
    }
}
