//! The logs over HTTP at the C2SP tlog-tiles paths, and the witness.
//!
//! `GET /logs/{mechanism}/checkpoint` and `GET /logs/{mechanism}/tile/…`
//! serve the files of the mechanism's log directory
//! (c2sp.org/tlog-tiles). A file path is never built from the request: the
//! tile path is parsed into a [`TileId`] (only the C2SP grammar, in its
//! canonical form, passes) and the file is the one its own
//! [`TileId::path`] names, so `..`, `private/` or any other name cannot be
//! reached. A tile is served only if the current checkpoint's tree covers
//! it: a tile written for an append whose checkpoint never came (a crash)
//! is not part of the log.
//!
//! `POST /witness/add-checkpoint` is c2sp.org/tlog-witness, answered by the
//! node's witness.
//!
//! Reading a log needs an account (a witness uses a `read` token): the log
//! holds patrol plans — zones, windows, routes — that armed groups must not
//! read ahead of time. Submitting a checkpoint needs none: the witness
//! verifies what it cosigns.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moc_ledger::storage::CHECKPOINT;
use moc_ledger::tiles::TileId;
use moc_node::LogInfo;

use moc_domain::access::{Action, Target};

use crate::AppState;
use crate::auth::Caller;
use crate::extract::{ApiPath, body_bytes};
use crate::problem::{Kind, Problem};

/// The content type of checkpoints and witness answers.
const TEXT: &str = "text/plain; charset=utf-8";

/// Full tiles never change (c2sp.org/tlog-tiles); they are not for
/// shared caches, though, since reading them needs an account.
const IMMUTABLE: &str = "private, max-age=31536000, immutable";

/// `GET /logs/{mechanism}/checkpoint`.
pub(crate) async fn checkpoint(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
) -> Result<Response, Problem> {
    caller.allow(Action::ReadLog, Target::Whole)?;
    let log = find_log(&app, &m).await?;
    let bytes = read_checkpoint(&log).await?;
    Ok(file(bytes, TEXT, "private, no-cache"))
}

/// `GET /logs/{mechanism}/tile/{*path}`.
pub(crate) async fn tile(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((m, rest)): ApiPath<(String, String)>,
) -> Result<Response, Problem> {
    caller.allow(Action::ReadLog, Target::Whole)?;
    let log = find_log(&app, &m).await?;
    let tile = parse_tile(&rest)?;
    let size = tree_size(&read_checkpoint(&log).await?)
        .ok_or_else(|| Problem::internal(&"the log's checkpoint has no tree size"))?;
    let covered = TileId::in_tree(tile.kind(), tile.index(), size)
        .is_some_and(|now| now.width() >= tile.width());
    if !covered {
        return Err(Problem::not_found());
    }
    let path = log.dir.join(tile.path());
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Problem::not_found()),
        Err(e) => return Err(Problem::internal(&e)),
    };
    let cache = if tile.is_full() {
        IMMUTABLE
    } else {
        "private, no-cache"
    };
    Ok(file(bytes, "application/octet-stream", cache))
}

/// The tile named by the rest of the path after `tile/`, in the C2SP
/// grammar only.
fn parse_tile(rest: &str) -> Result<TileId, Problem> {
    let path = format!("tile/{rest}");
    match TileId::parse(&path) {
        // `parse` takes only the canonical form; checking that the tile
        // writes the same path back keeps it so.
        Ok(tile) if tile.path() == path => Ok(tile),
        _ => Err(
            Problem::message(Kind::BadRequest, "server-detail-bad-tile-path", Vec::new())
                .with("code", "bad-tile-path"),
        ),
    }
}

/// `POST /witness/add-checkpoint`: 200 and the cosignature line(s), or the
/// witness's status, body and content type (a stale old size answers 409
/// with the witness's size as `text/x.tlog.size`). Its own failures are a
/// 500 problem that tells nothing.
pub(crate) async fn add_checkpoint(State(app): State<AppState>, req: Request) -> Response {
    let body = match body_bytes(req, &app).await {
        Ok(b) => b,
        Err(p) => return p.into_response(),
    };
    match app.node.witness_add_checkpoint(&body).await {
        Ok(lines) => file(lines, TEXT, "no-store"),
        Err(e) if e.status() >= 500 => Problem::internal(&e).into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let mut response = (status, Bytes::from(e.body())).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(e.content_type()),
            );
            response
        }
    }
}

/// The log of the mechanism named in the path.
async fn find_log(app: &AppState, m: &str) -> Result<LogInfo, Problem> {
    app.node
        .logs()
        .await
        .into_iter()
        .find(|l| l.mechanism.as_str() == m)
        .ok_or_else(Problem::not_found)
}

async fn read_checkpoint(log: &LogInfo) -> Result<Vec<u8>, Problem> {
    tokio::fs::read(log.dir.join(CHECKPOINT))
        .await
        .map_err(|e| Problem::internal(&e))
}

/// The tree size of a checkpoint: its second line (c2sp.org/tlog-checkpoint).
fn tree_size(checkpoint: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(checkpoint).ok()?;
    let line = text.split('\n').nth(1)?;
    if line.is_empty() || (line.len() > 1 && line.starts_with('0')) {
        return None;
    }
    if !line.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    line.parse().ok()
}

fn file(bytes: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = (StatusCode::OK, Bytes::from(bytes)).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_tile_grammar_passes() {
        for ok in [
            "0/000",
            "0/x001/234",
            "1/000.p/7",
            "entries/000",
            "entries/x001/x234/067.p/255",
        ] {
            let t = parse_tile(ok).unwrap_or_else(|_| panic!("{ok} refused"));
            assert_eq!(t.path(), format!("tile/{ok}"));
        }
        for bad in [
            "",
            "..",
            "../private/log.key",
            "0/../../private/log.key",
            "0/000/../../config",
            "private/log.key",
            "0/0",
            "0/000.p/256",
            "0/000.p/0",
            "00/000",
            "64/000",
            "0/x000/001",
            "0/000/",
            "/0/000",
            "0//000",
            "0/000.p/07",
            "entries/000.json",
            "0/%2e%2e",
        ] {
            assert!(parse_tile(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn tree_size_is_the_second_line() {
        assert_eq!(
            tree_size(b"moc.example/gao\n1234\nroot=\n\n- sig\n"),
            Some(1234)
        );
        assert_eq!(tree_size(b"o\n0\nr\n"), Some(0));
        assert_eq!(tree_size(b"o\n01\nr\n"), None);
        assert_eq!(tree_size(b"o\n-1\nr\n"), None);
        assert_eq!(tree_size(b"o\n"), None);
    }
}
