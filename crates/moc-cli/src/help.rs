//! Translated `--help`: every about and help text of the command tree comes
//! from the `cli-*` keys of the translation files.
//!
//! Keys follow the tree: `cli` is `moc` itself, `cli-log-append` the about
//! of `moc log append`, `cli-log-append--dir` the help of its `--dir`
//! argument, `cli-help-heading-*` clap's headings. The test
//! `every_command_and_argument_is_translated` walks the real tree, so a new
//! flag without a translation fails the suite.

use clap::Command;
use moc_i18n::{Lang, tr};

/// The help of argument `id` of the command at `key`: its own text
/// (`cli-member-list--party`), or else the text shared by every command
/// that has the argument (`cli-arg--data`), for the flags the node commands
/// all take.
fn arg_help(lang: Lang, key: &str, id: &str) -> Option<String> {
    lookup(lang, &format!("{key}--{id}")).or_else(|| lookup(lang, &format!("cli-arg--{id}")))
}

/// The message `key` in `lang`, or `None` when no file has it.
fn lookup(lang: Lang, key: &str) -> Option<String> {
    let text = tr(lang, key, &[]);
    (text != key).then_some(text)
}

/// `cmd` with every text replaced by its translation in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let heading = |k: &str| lookup(lang, &format!("cli-help-heading-{k}"));
    let mut cmd = cmd;
    if let (Some(usage), Some(options), Some(arguments), Some(commands)) = (
        heading("usage"),
        heading("options"),
        heading("arguments"),
        heading("commands"),
    ) {
        cmd = apply_headings(cmd, &usage, &options, &arguments, &commands, lang);
    }
    localize_node(cmd, "cli", lang)
}

fn apply_headings(
    cmd: Command,
    usage: &str,
    options: &str,
    arguments: &str,
    commands: &str,
    lang: Lang,
) -> Command {
    let template =
        format!("{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}");
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(commands.to_owned())
        .disable_help_subcommand(true);
    // The built-in flags, re-declared so their help is translated too.
    let help = lookup(lang, "cli-flag-help").unwrap_or_default();
    let version = lookup(lang, "cli-flag-version").unwrap_or_default();
    cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(help.clone())
                .global(true),
        )
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(version),
        );
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let heading = if positional { arguments } else { options };
        cmd = cmd.mut_arg(id, |a| a.help_heading(heading.to_owned()));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| {
            apply_headings(s, usage, options, arguments, commands, lang)
        });
    }
    cmd
}

fn localize_node(cmd: Command, key: &str, lang: Lang) -> Command {
    let mut cmd = cmd;
    if let Some(about) = lookup(lang, key) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        if let Some(help) = arg_help(lang, key, &id) {
            cmd = cmd.mut_arg(&id, |a| a.help(help).long_help(None));
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        let child = format!("{key}-{name}");
        cmd = cmd.mut_subcommand(name, |s| localize_node(s, &child, lang));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::Cli;

    /// Every command (key, no argument, about) and every argument (command
    /// key, argument id, help) of the tree, with the English doc comment.
    type Key = (String, Option<String>, String);
    fn keys(cmd: &Command, key: &str, out: &mut Vec<Key>) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        out.push((key.to_owned(), None, about));
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id != "help" && id != "version" {
                let doc = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                out.push((key.to_owned(), Some(id.to_owned()), doc));
            }
        }
        for s in cmd.get_subcommands() {
            keys(s, &format!("{key}-{}", s.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_is_translated() {
        let mut all = Vec::new();
        keys(&Cli::command(), "cli", &mut all);
        assert!(all.len() > 20, "the tree has commands and arguments");
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            for (k, arg, _) in &all {
                let found = match arg {
                    None => lookup(lang, k).is_some(),
                    Some(id) => arg_help(lang, k, id).is_some(),
                };
                if !found {
                    let arg = arg.as_ref().map(|a| format!("--{a}")).unwrap_or_default();
                    missing.push(format!("{}: {k}{arg}", lang.code()));
                }
            }
            for k in [
                "cli-help-heading-usage",
                "cli-help-heading-options",
                "cli-help-heading-arguments",
                "cli-help-heading-commands",
                "cli-flag-help",
                "cli-flag-version",
            ] {
                if lookup(lang, k).is_none() {
                    missing.push(format!("{}: {k}", lang.code()));
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:#?}");
    }

    #[test]
    fn help_is_rendered_in_the_language_asked() {
        for lang in Lang::ALL {
            let mut cmd = localize(Cli::command(), lang);
            // As `get_matches` does: propagates the version to subcommands.
            cmd.build();
            let help = cmd
                .find_subcommand_mut("log")
                .and_then(|c| c.find_subcommand_mut("append"))
                .map(|c| c.render_help().to_string())
                .unwrap_or_default();
            let about = lookup(lang, "cli-log-append").unwrap_or_default();
            assert!(help.contains(&about), "{}: {help}", lang.code());
            let usage = lookup(lang, "cli-help-heading-usage").unwrap_or_default();
            assert!(
                help.contains(&format!("{usage}:")),
                "{}: {help}",
                lang.code()
            );
        }
    }

    #[test]
    fn localized_tree_still_parses() {
        let m = localize(Cli::command(), Lang::Fr).try_get_matches_from([
            "moc",
            "log",
            "checkpoint",
            "--dir",
            "x",
        ]);
        assert!(m.is_ok());
        let bad = localize(Cli::command(), Lang::Fr).try_get_matches_from([
            "moc",
            "log",
            "checkpoint",
            "--nope",
        ]);
        assert!(bad.is_err());
    }

    /// Writes the English `cli.ftl` lines that no file has yet, from the doc
    /// comments, when `MOC_WRITE_CLI_FTL` names a file: the starting point
    /// of a translation (shared `cli-arg--*` keys are written by hand).
    #[test]
    fn english_reference_from_doc_comments() {
        let mut all = Vec::new();
        keys(&Cli::command(), "cli", &mut all);
        let undocumented: Vec<String> = all
            .iter()
            .filter(|(_, _, doc)| doc.trim().is_empty())
            .map(|(k, arg, _)| format!("{k} {arg:?}"))
            .collect();
        assert!(
            undocumented.is_empty(),
            "commands or arguments without a doc comment: {undocumented:?}"
        );
        let text: String = all
            .iter()
            .filter(|(k, arg, _)| match arg {
                None => lookup(Lang::En, k).is_none(),
                Some(id) => arg_help(Lang::En, k, id).is_none(),
            })
            .map(|(k, arg, doc)| {
                let key = arg.as_ref().map_or(k.clone(), |a| format!("{k}--{a}"));
                format!("{key} = {}\n", doc.replace('\n', " "))
            })
            .collect();
        if let Ok(path) = std::env::var("MOC_WRITE_CLI_FTL") {
            std::fs::write(path, text).expect("writable");
        }
    }
}
