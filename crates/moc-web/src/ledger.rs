//! The ledger page: the log's latest checkpoint and who cosigned it, any
//! entry with its inclusion proof, and an older checkpoint checked for
//! consistency with the current one (the log only grew).
//!
//! The server does the cryptography (`moc_ledger`) and says what it found;
//! the page also gives what a reader needs to check it without trusting
//! this node: the signed checkpoint, the proof hashes, and the proof
//! bundle for `moc log verify-proof`.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// A party's witness and its cosignature of the checkpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cosigner {
    /// The party's name.
    pub party: String,
    /// Its witness key's name.
    pub key: String,
    /// When it cosigned, written per language; `None` if it has not.
    pub at: Option<String>,
    /// Whether its cosignature verifies with the party's key.
    pub valid: bool,
}

/// An entry looked up by its index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryView {
    /// Its index in the log.
    pub index: u64,
    /// The entry: a signed note, as text.
    pub text: String,
    /// Its leaf hash (RFC 6962), base64.
    pub leaf: String,
    /// The inclusion proof's hashes, base64, leaf side first.
    pub proof: Vec<String>,
    /// Whether the proof leads from the leaf to the checkpoint's root.
    pub verified: bool,
}

/// An older checkpoint compared with the current one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsistencyView {
    /// The older tree's size.
    pub old_size: u64,
    /// Its root, base64.
    pub old_root: String,
    /// The consistency proof's hashes, base64.
    pub proof: Vec<String>,
    /// Whether the proof shows the older tree to be a prefix of the
    /// current one.
    pub consistent: bool,
}

/// The ledger page.
#[derive(Clone, Debug, Default)]
pub struct LedgerView {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The log's origin line.
    pub origin: String,
    /// Entries the checkpoint commits to.
    pub size: u64,
    /// Its root hash, base64.
    pub root: String,
    /// The signed checkpoint, as served at `/logs/{m}/checkpoint`.
    pub checkpoint: String,
    /// Each party's witness, cosigned or not.
    pub cosigners: Vec<Cosigner>,
    /// Cosignatures by keys that are no party's.
    pub unknown_cosignatures: u64,
    /// The entry index as typed.
    pub entry_input: String,
    /// What is wrong with it (a message key).
    pub entry_error: Option<&'static str>,
    /// The entry found.
    pub entry: Option<EntryView>,
    /// The older checkpoint as pasted.
    pub old_input: String,
    /// What is wrong with it (a message key).
    pub old_error: Option<&'static str>,
    /// The comparison.
    pub consistency: Option<ConsistencyView>,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage<'a> {
    chrome: &'a Chrome,
    view: &'a LedgerView,
}

impl LedgerPage<'_> {
    /// The proof bundle of the entry shown.
    fn bundle_href(&self, index: &u64) -> String {
        format!(
            "{}?m={}&index={index}",
            Page::LEDGER_PROOF,
            encode_query(&self.view.mechanism)
        )
    }

    fn cosigned(&self) -> usize {
        self.view.cosigners.iter().filter(|c| c.valid).count()
    }

    fn cosigned_summary(&self) -> String {
        moc_i18n::tr(
            self.chrome.lang,
            "web-ledger-cosigned",
            &[
                ("count", self.chrome.n(self.cosigned() as u64).into()),
                (
                    "parties",
                    self.chrome.n(self.view.cosigners.len() as u64).into(),
                ),
            ],
        )
    }
}

/// The ledger page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn ledger(chrome: &Chrome, view: &LedgerView) -> Result<String, WebError> {
    Ok(LedgerPage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests {
    use moc_i18n::Lang;

    use super::*;

    fn view() -> LedgerView {
        LedgerView {
            mechanism: "moc-gao".into(),
            name: "MOC Gao".into(),
            origin: "moc.example/gao".into(),
            size: 1234,
            root: "AAAA=".into(),
            checkpoint: "moc.example/gao\n1234\nAAAA=\n\n— moc.example/gao xyz\n".into(),
            cosigners: vec![
                Cosigner {
                    party: "FAMa".into(),
                    key: "fama".into(),
                    at: Some("18 January 2017, 08:40 UTC".into()),
                    valid: true,
                },
                Cosigner {
                    party: "CMA".into(),
                    key: "cma".into(),
                    at: None,
                    valid: false,
                },
            ],
            entry_input: "7".into(),
            entry: Some(EntryView {
                index: 7,
                text: "moc-event/v1\n<script>\n".into(),
                leaf: "LEAF=".into(),
                proof: vec!["P1=".into(), "P2=".into()],
                verified: true,
            }),
            old_input: "garbage".into(),
            old_error: Some("web-ledger-old-bad"),
            ..LedgerView::default()
        }
    }

    #[test]
    fn the_ledger_shows_checkpoint_cosigners_entry_and_errors() {
        let page = ledger(&Chrome::new(Lang::En, Page::Ledger), &view()).unwrap();
        assert!(page.contains("moc.example/gao\n1234\nAAAA=\n"));
        assert!(
            page.contains("Cosigned by the witnesses of 1 of 2 parties."),
            "{page}"
        );
        assert!(page.contains("18 January 2017, 08:40 UTC"));
        assert!(page.contains("Not cosigned"), "{page}");
        // The entry: escaped, its proof hashes, verified, with its bundle.
        assert!(!page.contains("<script>\n"), "{page}");
        assert!(page.contains("<li><code>P1=</code></li>"));
        assert!(page.contains("class=\"ok\""), "{page}");
        assert!(
            page.contains("/ledger/proof?m=moc-gao&#38;index=7")
                || page.contains("/ledger/proof?m=moc-gao&amp;index=7"),
            "{page}"
        );
        // The pasted checkpoint is kept and its error shown beside it.
        assert!(page.contains(">garbage</textarea>"), "{page}");
        assert!(page.contains("aria-describedby=\"old-error\""));
        assert!(page.contains("id=\"old-error\""));
        assert!(!page.contains("web-"), "{page}");
    }

    #[test]
    fn a_failed_proof_and_an_inconsistent_log_are_alarms() {
        let mut v = view();
        if let Some(e) = v.entry.as_mut() {
            e.verified = false;
        }
        v.old_error = None;
        v.consistency = Some(ConsistencyView {
            old_size: 1000,
            old_root: "OLD=".into(),
            proof: vec![],
            consistent: false,
        });
        let page = ledger(&Chrome::new(Lang::Fr, Page::Ledger), &v).unwrap();
        assert_eq!(page.matches("role=\"alert\"").count(), 2, "{page}");
        assert!(!page.contains("class=\"ok\""));
    }
}
