//! The ledger page, for accounts that may read the log (the log holds
//! patrol plans; the public page shows the checkpoint only):
//!
//! | route | answer |
//! |---|---|
//! | `GET /ledger?m=&entry=&old=` | checkpoint, cosignatures verified against each party's witness key, entry `entry` with its inclusion proof, checkpoint `old` checked for consistency |
//! | `GET /ledger/proof?m=&index=` | the entry's C2SP tlog-proof bundle, for `moc log verify-proof` |
//!
//! The log is opened read-only for each request (its checkpoint is
//! replaced atomically, so a reader sees one whole tree) on a blocking
//! thread: reading tiles is file I/O.

use std::path::PathBuf;
use std::str::FromStr;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_i18n::Lang;
use moc_ledger::checkpoint::SignedCheckpoint;
use moc_ledger::keys::VerifierKey;
use moc_ledger::log::Log;
use moc_ledger::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use moc_web::Page;
use tower_sessions::Session;

use crate::AppState;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::incident_pages::mechanism_name;
use crate::pages::{not_found_page, open_page, page, query_text, query_value, shown_mechanism};
use crate::problem::Problem;

/// The longest older checkpoint read: a checkpoint with a few dozen
/// cosignatures is well under it.
const MAX_OLD: usize = 4000;

/// `GET /ledger?m=&entry=&old=`.
pub(crate) async fn ledger(
    State(app): State<AppState>,
    caller: Caller,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut chrome = match open_page(
        &caller,
        &session,
        &uri,
        &headers,
        Page::Ledger,
        Action::ReadLog,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let value = |k: &str| query_text(q, k);
    let (mut view, witnesses) = {
        let state = app.node.state().await;
        let Some(m) = shown_mechanism(&state, q) else {
            drop(state);
            return not_found_page(&chrome);
        };
        let witnesses: Vec<(String, String)> = m
            .parties
            .values()
            .map(|p| {
                (
                    in_lang(lang, &p.name_fr, &p.name_en).to_owned(),
                    p.witness_key.clone(),
                )
            })
            .collect();
        let view = moc_web::LedgerView {
            mechanism: m.id.to_string(),
            name: mechanism_name(m, lang).to_owned(),
            entry_input: value("entry").trim().to_owned(),
            old_input: value("old").chars().take(MAX_OLD).collect(),
            ..moc_web::LedgerView::default()
        };
        (view, witnesses)
    };
    let Some(dir) = log_dir(&app, &view.mechanism).await else {
        return not_found_page(&chrome);
    };
    view = tokio::task::spawn_blocking(move || read(&dir, view, &witnesses, lang))
        .await
        .map_err(|e| Problem::internal(&e))??;
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    let status = if view.entry_error.is_some() || view.old_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = moc_web::ledger(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, status, html))
}

/// `GET /ledger/proof?m=&index=`: the proof bundle of one entry.
pub(crate) async fn proof(
    State(app): State<AppState>,
    caller: Caller,
    uri: Uri,
) -> Result<Response, Problem> {
    caller.allow(Action::ReadLog, Target::Whole)?;
    let q = uri.query();
    let mechanism = {
        let state = app.node.state().await;
        shown_mechanism(&state, q)
            .map(|m| m.id.to_string())
            .ok_or_else(Problem::not_found)?
    };
    let index: u64 = query_value(q, "index")
        .and_then(|i| i.parse().ok())
        .ok_or_else(|| crate::incidents_api::bad_filter("index"))?;
    let dir = log_dir(&app, &mechanism)
        .await
        .ok_or_else(Problem::not_found)?;
    let bundle = tokio::task::spawn_blocking(move || {
        let log = Log::open_read_only(&dir).map_err(|e| Problem::internal(&e))?;
        if index >= log.size() {
            return Err(Problem::not_found());
        }
        log.proof_bundle(index)
            .map(|b| b.to_bytes())
            .map_err(|e| Problem::internal(&e))
    })
    .await
    .map_err(|e| Problem::internal(&e))??;
    let mut r = (StatusCode::OK, bundle).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{mechanism}-entry-{index}.proof\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

async fn log_dir(app: &AppState, mechanism: &str) -> Option<PathBuf> {
    app.node
        .logs()
        .await
        .into_iter()
        .find(|l| l.mechanism.as_str() == mechanism)
        .map(|l| l.dir)
}

/// Fills the view from the log: the checkpoint, each party's
/// cosignature, and what the reader asked for.
fn read(
    dir: &std::path::Path,
    mut view: moc_web::LedgerView,
    witnesses: &[(String, String)],
    lang: Lang,
) -> Result<moc_web::LedgerView, Problem> {
    let log = Log::open_read_only(dir).map_err(|e| Problem::internal(&e))?;
    let cp = log.checkpoint();
    let (size, root) = (cp.size(), cp.root());
    view.origin = cp.origin().to_owned();
    view.size = size;
    view.root = root.to_string();
    view.checkpoint = String::from_utf8_lossy(log.checkpoint_bytes()).into_owned();
    let cosignatures = cp.cosignatures();
    let mut matched = vec![false; cosignatures.len()];
    for (party, key_text) in witnesses {
        let key = VerifierKey::from_str(key_text).ok();
        let found = key.as_ref().and_then(|k| {
            let i = cosignatures
                .iter()
                .position(|c| c.name() == k.name() && c.key_id() == k.key_id())?;
            matched[i] = true;
            Some((cosignatures[i], k))
        });
        view.cosigners.push(moc_web::Cosigner {
            party: party.clone(),
            key: key
                .as_ref()
                .map_or_else(String::new, |k| k.name().to_owned()),
            at: found.map(|(c, _)| {
                moc_web::format::moment(lang, i64::try_from(c.timestamp()).unwrap_or(i64::MAX))
            }),
            valid: found.is_some_and(|(c, k)| c.verify(cp.text(), k).is_ok()),
        });
    }
    // Counted per cosignature, not per party: two parties naming one key
    // must not make the count negative.
    view.unknown_cosignatures = matched.iter().filter(|m| !**m).count() as u64;

    if !view.entry_input.is_empty() {
        match view.entry_input.parse::<u64>() {
            Err(_) => view.entry_error = Some("web-ledger-index-bad"),
            Ok(i) if i >= size => view.entry_error = Some("web-ledger-index-beyond"),
            Ok(index) => {
                let bytes = log.entry_bytes(index).map_err(|e| Problem::internal(&e))?;
                let leaf = leaf_hash(&bytes);
                let proof = log
                    .prove_inclusion(index)
                    .map_err(|e| Problem::internal(&e))?;
                view.entry = Some(moc_web::EntryView {
                    index,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    leaf: leaf.to_string(),
                    verified: verify_inclusion(&proof, size, root, index, leaf).is_ok(),
                    proof: proof.iter().map(ToString::to_string).collect(),
                });
            }
        }
    }

    if !view.old_input.trim().is_empty() {
        // A text area sends CRLF line ends; a signed note has LF only and
        // ends with one.
        let mut text = view.old_input.replace("\r\n", "\n").trim().to_owned();
        text.push('\n');
        let bytes = text.as_bytes();
        if SignedCheckpoint::origin_of(bytes).is_err() {
            view.old_error = Some("web-ledger-old-bad");
        } else {
            match SignedCheckpoint::from_bytes(bytes, &log.config().log_key) {
                Err(_) => view.old_error = Some("web-ledger-old-other-log"),
                Ok(old) if old.size() > size => view.old_error = Some("web-ledger-old-larger"),
                Ok(old) => {
                    let proof = log
                        .prove_consistency(old.size())
                        .map_err(|e| Problem::internal(&e))?;
                    view.consistency = Some(moc_web::ConsistencyView {
                        old_size: old.size(),
                        old_root: old.root().to_string(),
                        consistent: verify_consistency(&proof, size, root, old.size(), old.root())
                            .is_ok(),
                        proof: proof.iter().map(ToString::to_string).collect(),
                    });
                }
            }
        }
    }
    Ok(view)
}
