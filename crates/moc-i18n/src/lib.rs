//! moc's translations and the one function that looks them up.
//!
//! Every string a user reads (CLI messages, pages, public exports) comes from
//! the Fluent files under `locales/{fr,en,ar}/`. French is the working
//! language of the mechanism and the fallback; English and Arabic follow.
//! The files are compiled into the binary, so a node in a camp with no
//! network still speaks every language.
//!
//! Out of scope: formatting dates and numbers per language (the web UI does
//! that where it renders them) and library error texts, which stay in English
//! for developers; the binary wraps them in a translated sentence.

use std::collections::HashMap;
use std::str::FromStr;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language moc speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// French, the working language and the fallback.
    #[default]
    Fr,
    /// English.
    En,
    /// Arabic, written right to left.
    Ar,
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::En, Lang::Ar];

    /// The BCP 47 code (`fr`, `en`, `ar`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// Whether the script runs right to left (for `dir="rtl"`).
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// Reads a language tag or a POSIX locale (`en_GB.UTF-8`, `ar-ML`) and
    /// keeps its primary language; `None` for one moc does not speak.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// The language of the environment: `MOC_LANG`, then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`; French when none names a language moc speaks.
    pub fn from_env() -> Lang {
        ["MOC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find_map(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    fn id(self) -> LanguageIdentifier {
        // The three codes are valid BCP 47 tags; parsing cannot fail.
        LanguageIdentifier::from_str(self.code()).unwrap_or_default()
    }
}

/// An argument for a message: text or a number.
#[derive(Clone, Debug)]
pub enum Arg {
    /// Text, inserted as is.
    Text(String),
    /// A number, which Fluent uses for plural selection.
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(n as f64)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as f64)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Self {
        Arg::Number(n)
    }
}

/// [`tr`] with the arguments as a JSON object (an error's details):
/// strings and numbers become arguments, anything else its JSON text.
#[must_use]
pub fn tr_fields(
    lang: Lang,
    key: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> String {
    let args: Vec<(&str, Arg)> = fields
        .iter()
        .map(|(k, v)| {
            let arg = match v {
                serde_json::Value::String(s) => Arg::from(s.as_str()),
                serde_json::Value::Number(n) => n
                    .as_i64()
                    .map(Arg::from)
                    .or_else(|| n.as_f64().map(Arg::from))
                    .unwrap_or_else(|| Arg::from(n.to_string())),
                other => Arg::from(other.to_string()),
            };
            (k.as_str(), arg)
        })
        .collect();
    tr(lang, key, &args)
}

/// A domain code as people read it: the translation of `{family}-{code}`
/// (`rank-staff-sergeant`, « sergent-chef »), or the code itself when it
/// has none (a newer node's code).
pub fn code_label(lang: Lang, family: &str, code: &str) -> String {
    let key = format!("{family}-{code}");
    let text = tr(lang, &key, &[]);
    if text == key { code.to_owned() } else { text }
}

/// The message `key` in `lang` with `args`.
///
/// A key missing from every file comes back as the key itself, so a
/// forgotten translation is visible, never a crash; the test
/// `every_key_in_every_language` keeps the files complete.
pub fn tr(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let id = lang.id();
    if args.is_empty() {
        return LOCALES
            .try_lookup(&id, key)
            .unwrap_or_else(|| key.to_owned());
    }
    let map: HashMap<std::borrow::Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (std::borrow::Cow::Owned((*k).to_owned()), value)
        })
        .collect();
    LOCALES
        .try_lookup_with_args(&id, key, &map)
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message keys of one `.ftl` text with the variables (`{ $name }`)
    /// each message uses.
    fn messages(ftl: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in ftl.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_message && let Some((k, _)) = line.split_once('=') {
                out.push((k.trim().to_owned(), Vec::new()));
            }
            if let Some((_, vars)) = out.last_mut() {
                for part in line.split("$").skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    if !name.is_empty() && !vars.contains(&name) {
                        vars.push(name);
                    }
                }
            }
        }
        out
    }

    fn message_keys(ftl: &str) -> Vec<String> {
        messages(ftl).into_iter().map(|(k, _)| k).collect()
    }

    /// The keys of every `.ftl` file of one language, sorted, with the
    /// file each comes from; a key defined twice fails the test.
    fn keys_of(lang: Lang) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.code());
        let mut keys = Vec::new();
        for file in std::fs::read_dir(&dir).expect("locale directory") {
            let path = file.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let text = std::fs::read_to_string(&path).expect("readable .ftl");
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                for k in message_keys(&text) {
                    keys.push((k, name.to_string()));
                }
            }
        }
        keys.sort();
        let before = keys.len();
        let mut names: Vec<&String> = keys.iter().map(|(k, _)| k).collect();
        names.dedup();
        assert_eq!(
            names.len(),
            before,
            "a key is defined twice in {}",
            lang.code()
        );
        keys
    }

    #[test]
    fn every_key_in_every_language() {
        let fr = keys_of(Lang::Fr);
        assert!(!fr.is_empty());
        for lang in [Lang::En, Lang::Ar] {
            assert_eq!(keys_of(lang), fr, "keys of {} differ from fr", lang.code());
        }
    }

    #[test]
    fn every_key_resolves_in_every_language() {
        for lang in Lang::ALL {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang.code());
            for file in std::fs::read_dir(&dir).expect("locale directory") {
                let path = file.expect("directory entry").path();
                let text = std::fs::read_to_string(&path).expect("readable .ftl");
                for (k, vars) in messages(&text) {
                    let args: Vec<(&str, Arg)> =
                        vars.iter().map(|v| (v.as_str(), Arg::from("x"))).collect();
                    let got = tr(lang, &k, &args);
                    assert_ne!(got, k, "{k} does not resolve in {}", lang.code());
                    assert!(!got.is_empty(), "{k} is empty in {}", lang.code());
                }
            }
        }
    }

    #[test]
    fn lookup_with_arguments_per_language() {
        let fr = tr(Lang::Fr, "error-prefix", &[]);
        let en = tr(Lang::En, "error-prefix", &[]);
        assert_ne!(fr, en);
        assert_ne!(fr, "error-prefix");
    }

    #[test]
    fn unknown_key_comes_back_as_itself() {
        assert_eq!(tr(Lang::En, "no-such-key", &[]), "no-such-key");
    }

    #[test]
    fn parses_locales() {
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("ar-ML"), Some(Lang::Ar));
        assert_eq!(Lang::parse("fr"), Some(Lang::Fr));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(Lang::parse(""), None);
    }
}
