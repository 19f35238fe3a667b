//! What every node command shares: the data directory, the database, the
//! acting account, the mechanism, the runtime, tables and `--json`, and
//! the parsers for codes, times and coordinates.
//!
//! The commands open the node's data directory themselves (like `git`
//! opens a repository): a running `moc serve` holds the logs' write lock,
//! so write commands then fail with the lock error and the API is the way
//! in.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use moc_domain::{Coord, MechanismId, Timestamp};
use moc_i18n::{Lang, tr};
use moc_node::{Executed, Node, NodeOptions};
use moc_store::Store;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::Ctx;

/// Where the node is.
#[derive(Args, Debug, Clone)]
pub struct NodeArgs {
    /// The node's data directory.
    #[arg(long, env = "MOC_DATA", default_value = "moc-data")]
    pub data: PathBuf,
    /// A PostgreSQL URL for the projections (default: the SQLite file in the
    /// data directory).
    #[arg(long, env = "MOC_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// [`tr`] with text arguments.
pub fn trs(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, moc_i18n::Arg)> =
        args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    tr(lang, key, &args)
}

/// Who acts and where.
#[derive(Args, Debug, Clone)]
pub struct ActArgs {
    /// The account to act as.
    #[arg(long = "as", env = "MOC_USER")]
    pub user: Option<String>,
    /// The mechanism (needed when the node hosts more than one).
    #[arg(long, short = 'm', env = "MOC_MECHANISM")]
    pub mechanism: Option<String>,
}

/// The mechanism to read.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// The mechanism (needed when the node hosts more than one).
    #[arg(long, short = 'm', env = "MOC_MECHANISM")]
    pub mechanism: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl NodeArgs {
    /// The options to open the node with.
    pub fn options(&self) -> NodeOptions {
        NodeOptions {
            database_url: self.database_url.clone(),
            ..NodeOptions::default()
        }
    }
}

/// A multi-threaded runtime for one command.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// Opens the node, runs `f`, closes the node.
pub fn with_node<T>(
    args: &NodeArgs,
    ctx: &Ctx,
    f: impl AsyncFnOnce(Arc<Node>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    runtime()?.block_on(async {
        let node = Node::open(&args.data, args.options())
            .await
            .with_context(|| {
                trs(
                    ctx.lang,
                    "node-open-failed",
                    &[("dir", args.data.display().to_string())],
                )
            })?;
        let out = f(Arc::clone(&node)).await;
        node.close().await;
        out
    })
}

/// Connects to the node's projections only, for the read commands: they
/// need neither the logs nor their write lock, so they work while
/// `moc serve` runs.
pub fn with_store<T>(
    args: &NodeArgs,
    ctx: &Ctx,
    f: impl AsyncFnOnce(Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let layout = moc_node::layout::Layout::new(&args.data);
    if !layout.exists() {
        return Err(anyhow!(moc_node::NodeError::NotANode(args.data.clone()))).with_context(|| {
            trs(
                ctx.lang,
                "node-open-failed",
                &[("dir", args.data.display().to_string())],
            )
        });
    }
    let url = args
        .database_url
        .clone()
        .unwrap_or_else(|| Store::sqlite_url(&layout.sqlite()));
    runtime()?.block_on(async {
        let store = Store::connect(&url).await.with_context(|| {
            trs(
                ctx.lang,
                "node-open-failed",
                &[("dir", args.data.display().to_string())],
            )
        })?;
        let out = f(store.clone()).await;
        store.close().await;
        out
    })
}

/// For the read commands: the mechanism named, or the only one there is.
pub async fn stored_mechanism(
    store: &Store,
    named: Option<&str>,
    lang: Lang,
) -> anyhow::Result<String> {
    let ids: Vec<String> = store
        .mechanisms()
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let known = if ids.is_empty() {
        "—".to_owned()
    } else {
        ids.join(", ")
    };
    match named {
        Some(m) if ids.iter().any(|i| i == m) => Ok(m.to_owned()),
        Some(m) => bail!(trs(
            lang,
            "node-unknown-mechanism",
            &[("mechanism", m.to_owned()), ("known", known)]
        )),
        None if ids.len() == 1 => Ok(ids[0].clone()),
        None => bail!(trs(lang, "node-which-mechanism", &[("known", known)])),
    }
}

/// The mechanism named, or the only one the node hosts.
pub async fn mechanism(
    node: &Node,
    named: Option<&str>,
    lang: Lang,
) -> anyhow::Result<MechanismId> {
    let state = node.state().await;
    if let Some(m) = named {
        let id = MechanismId::new(m).map_err(|e| anyhow!(e))?;
        if state.mechanisms.contains_key(&id) {
            return Ok(id);
        }
        bail!(trs(
            lang,
            "node-unknown-mechanism",
            &[("mechanism", m.to_owned()), ("known", known(&state))]
        ));
    }
    let mut ids = state.mechanisms.keys();
    match (ids.next(), ids.next()) {
        (Some(id), None) => Ok(id.clone()),
        _ => bail!(trs(
            lang,
            "node-which-mechanism",
            &[("known", known(&state))]
        )),
    }
}

fn known(state: &moc_domain::State) -> String {
    let ids: Vec<&str> = state.mechanisms.keys().map(MechanismId::as_str).collect();
    if ids.is_empty() {
        "—".to_owned()
    } else {
        ids.join(", ")
    }
}

/// The actor of `--as`.
pub fn actor(node: &Node, act: &ActArgs, lang: Lang) -> anyhow::Result<moc_domain::Actor> {
    let Some(user) = &act.user else {
        let known: Vec<String> = node
            .accounts()
            .iter()
            .map(|a| a.user.as_str().to_owned())
            .collect();
        bail!(trs(lang, "node-who-acts", &[("known", known.join(", "))]));
    };
    Ok(node.actor(user)?)
}

/// Reads a domain code (`corporal`, `radio-operator`) through serde, whose
/// error lists the codes it expected.
pub fn code<T: DeserializeOwned>(flag: &str, value: &str, lang: Lang) -> anyhow::Result<T> {
    serde_json::from_value(json!(value)).map_err(|e| {
        anyhow!(trs(
            lang,
            "node-bad-flag",
            &[("flag", flag.to_owned()), ("why", e.to_string())]
        ))
    })
}

/// Reads a time: `YYYY-MM-DDTHH:MM[:SS][Z]` (UTC) or Unix seconds.
pub fn time(flag: &str, value: &str, lang: Lang) -> anyhow::Result<Timestamp> {
    parse_time(value).ok_or_else(|| {
        anyhow!(trs(
            lang,
            "node-bad-flag",
            &[
                ("flag", flag.to_owned()),
                (
                    "why",
                    format!("{value:?} is not YYYY-MM-DDTHH:MM[:SS]Z (UTC) nor Unix seconds")
                )
            ]
        ))
    })
}

fn parse_time(value: &str) -> Option<Timestamp> {
    if let Ok(s) = value.parse::<i64>() {
        return Some(Timestamp(s));
    }
    let v = value.strip_suffix('Z').unwrap_or(value);
    let (date, clock) = v.split_once('T').or_else(|| v.split_once(' '))?;
    let mut d = date.split('-');
    let (y, mo, da): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let mut c = clock.split(':');
    let (h, mi): (i64, i64) = (c.next()?.parse().ok()?, c.next()?.parse().ok()?);
    let s: i64 = c.next().map_or(Some(0), |s| s.parse().ok())?;
    if d.next().is_some()
        || c.next().is_some()
        || !(1..=12).contains(&mo)
        || !(1..=31).contains(&da)
        || !(0..24).contains(&h)
        || !(0..60).contains(&mi)
        || !(0..61).contains(&s)
    {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + da - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(Timestamp(days * 86_400 + h * 3600 + mi * 60 + s))
}

/// Reads a point: `LAT,LON` in decimal degrees.
pub fn coord(flag: &str, value: &str, lang: Lang) -> anyhow::Result<Coord> {
    let bad = |why: String| {
        anyhow!(trs(
            lang,
            "node-bad-flag",
            &[("flag", flag.to_owned()), ("why", why)]
        ))
    };
    let (lat, lon) = value
        .split_once(',')
        .ok_or_else(|| bad(format!("{value:?} is not LAT,LON")))?;
    let micro = |s: &str| -> Option<i32> {
        let f: f64 = s.trim().parse().ok()?;
        let m = (f * 1e6).round();
        (m.is_finite() && m.abs() < 2e9).then_some(m as i32)
    };
    let (Some(lat), Some(lon)) = (micro(lat), micro(lon)) else {
        return Err(bad(format!("{value:?} is not LAT,LON in decimal degrees")));
    };
    Coord::new(lat, lon).map_err(|e| bad(e.to_string()))
}

/// Prints what a command recorded: a line for people, JSON for scripts.
pub fn print_executed(e: &Executed, json: bool, lang: Lang) {
    if json {
        outln!(
            "{}",
            json!({
                "log_origin": e.log_origin,
                "index": e.index,
                "kind": e.event.kind(),
                "event": e.event.to_payload(),
            })
        );
    } else {
        outln!(
            "{}",
            trs(
                lang,
                "node-recorded",
                &[
                    ("kind", e.event.kind().to_owned()),
                    ("index", e.index.to_string()),
                    ("origin", e.log_origin.clone()),
                ]
            )
        );
    }
}

/// A table: translated headers, then rows, columns padded to the widest
/// cell (counted in characters, so accented names line up).
pub fn print_table(lang: Lang, headers: &[&str], rows: &[Vec<String>]) {
    let headers: Vec<String> = headers.iter().map(|h| trs(lang, h, &[])).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned()
    };
    outln!("{}", line(&headers));
    for row in rows {
        outln!("{}", line(row));
    }
}

/// A JSON array of codes as `a, b, c`.
pub fn list(v: &serde_json::Value) -> String {
    join_codes(v, str::to_owned)
}

/// A domain code as people read it: the translation of `{family}-{code}`
/// (`rank-staff-sergeant`, « sergent-chef »), or the code itself when it
/// has none (a newer node's code).
pub fn label(lang: Lang, family: &str, code: &str) -> String {
    moc_i18n::code_label(lang, family, code)
}

/// A JSON list of codes as people read it, comma-separated ([`label`]).
pub fn labels(lang: Lang, family: &str, v: &serde_json::Value) -> String {
    join_codes(v, |c| label(lang, family, c))
}

/// The strings of a JSON list, each through `show`, comma-separated.
fn join_codes(v: &serde_json::Value, show: impl Fn(&str) -> String) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(show)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// Prints `value` as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use moc_domain::{Language, MemberRole, PatrolStatus, Rank, VettingStatus};

    /// The codes of `values`, as serde writes them.
    fn codes<T: serde::Serialize>(values: &[T]) -> Vec<String> {
        values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn every_code_shown_in_a_table_has_a_label_in_every_language() {
        use Language as L;
        use MemberRole as R;
        let families = [
            (
                "rank",
                codes(&[
                    Rank::Private,
                    Rank::Corporal,
                    Rank::Sergeant,
                    Rank::StaffSergeant,
                    Rank::WarrantOfficer,
                    Rank::SecondLieutenant,
                    Rank::Lieutenant,
                    Rank::Captain,
                    Rank::Major,
                    Rank::LieutenantColonel,
                    Rank::Colonel,
                ]),
            ),
            (
                "vetting",
                codes(&[
                    VettingStatus::Registered,
                    VettingStatus::UnderReview,
                    VettingStatus::Approved,
                    VettingStatus::Rejected,
                    VettingStatus::Suspended,
                ]),
            ),
            (
                "role",
                codes(&[
                    R::PatrolLeader,
                    R::Driver,
                    R::Medic,
                    R::RadioOperator,
                    R::Interpreter,
                    R::Rifleman,
                    R::Mechanic,
                    R::Deminer,
                ]),
            ),
            (
                "language",
                codes(&[
                    L::French,
                    L::Bambara,
                    L::Songhai,
                    L::Tamasheq,
                    L::Arabic,
                    L::Fulfulde,
                    L::Hassaniya,
                ]),
            ),
            (
                "patrol-status",
                codes(&[
                    PatrolStatus::Planned,
                    PatrolStatus::UnderWay,
                    PatrolStatus::Completed,
                    PatrolStatus::Aborted,
                ]),
            ),
        ];
        let acled = [
            (
                "event-type",
                moc_domain::moc_incidents::EventType::ALL
                    .iter()
                    .map(|t| t.slug().to_owned())
                    .collect::<Vec<_>>(),
            ),
            (
                "sub-event-type",
                moc_domain::moc_incidents::SubEventType::ALL
                    .iter()
                    .map(|t| t.slug().to_owned())
                    .collect(),
            ),
        ];
        for lang in [Lang::Fr, Lang::En, Lang::Ar] {
            for (family, codes) in families.iter().chain(&acled) {
                for code in codes {
                    let key = format!("{family}-{code}");
                    assert_ne!(trs(lang, &key, &[]), key, "{}: {key}", lang.code());
                }
            }
        }
        // English shows ACLED's own labels.
        for t in moc_domain::moc_incidents::SubEventType::ALL {
            assert_eq!(label(Lang::En, "sub-event-type", t.slug()), t.label());
        }
        assert_eq!(label(Lang::Fr, "rank", "staff-sergeant"), "sergent-chef");
        assert_eq!(label(Lang::Fr, "rank", "field-marshal"), "field-marshal");
        assert_eq!(
            labels(Lang::Fr, "role", &serde_json::json!(["medic", "driver"])),
            "infirmier, chauffeur"
        );
    }

    #[test]
    fn times_parse_as_utc() {
        assert_eq!(parse_time("1970-01-01T00:00Z"), Some(Timestamp(0)));
        assert_eq!(
            parse_time("2017-01-18T08:40:00Z"),
            Some(Timestamp(1_484_728_800))
        );
        assert_eq!(
            parse_time("2017-03-01 00:00"),
            Some(Timestamp(1_488_326_400))
        );
        assert_eq!(parse_time("1488326400"), Some(Timestamp(1_488_326_400)));
        for bad in [
            "2017-13-01T00:00Z",
            "2017-01-18",
            "2017-01-18T25:00",
            "x",
            "",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn coordinates_are_micro_degrees() {
        let c = coord("--at", "16.2717,-0.0447", Lang::En).unwrap();
        assert_eq!((c.lat_e6, c.lon_e6), (16_271_700, -44_700));
        assert!(coord("--at", "16.2717", Lang::En).is_err());
        assert!(coord("--at", "95,0", Lang::En).is_err());
    }
}
