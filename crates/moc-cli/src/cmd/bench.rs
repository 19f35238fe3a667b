//! `moc bench …`: measurements that print one JSON object.
//!
//! `moc bench ledger` builds a real log in a temporary directory (file
//! storage, fsyncs and all) and measures what the ledger issue's goals name:
//! durable appends per second with many concurrent submitters (each signs
//! its own entries), inclusion proofs per second served from the stored
//! tiles by a freshly opened log, proof verifications per second, and the
//! time a full audit would take per million entries.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use moc_i18n::tr;
use moc_ledger::audit;
use moc_ledger::entry::{Entry, Event};
use moc_ledger::keys::{KeyKind, SigningKey};
use moc_ledger::log::{Appender, BatchConfig, Log, LogConfig, Pending};
use moc_ledger::merkle::verify_inclusion;
use moc_store::{IncidentQuery, Store};
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::Ctx;

/// `moc bench` subcommands.
#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// The ledger: durable appends, inclusion proofs, verifications, audit.
    Ledger(LedgerArgs),
    /// The node: commands per second through decision, signature, durable
    /// append and SQL projection.
    Node(NodeBenchArgs),
    /// Imported incidents: ACLED CSV import rate, query and aggregate
    /// latencies.
    Incidents(IncidentsBenchArgs),
    /// The intake: articles per second through extraction, on one core.
    Intake(IntakeBenchArgs),
    /// The web pages on the demo node: server render latency and weight
    /// (the HTML and the files it loads).
    Pages(PagesBenchArgs),
}

/// Flags of `moc bench pages`.
#[derive(Args, Debug)]
pub struct PagesBenchArgs {
    /// Timed requests of each page (after two to warm up).
    #[arg(long, default_value_t = 100)]
    rounds: usize,
    /// Where to build the demo node (default: a new directory under the
    /// system's temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object on one line (default: indented).
    #[arg(long)]
    json: bool,
}

/// Flags of `moc bench intake`.
#[derive(Args, Debug)]
pub struct IntakeBenchArgs {
    /// Times every article is extracted.
    #[arg(long, default_value_t = 200)]
    rounds: usize,
    /// A folder of articles (`*.txt`; default: the five seed articles,
    /// built into the binary).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object on one line (default: indented).
    #[arg(long)]
    json: bool,
}

/// Flags of `moc bench incidents`.
#[derive(Args, Debug)]
pub struct IncidentsBenchArgs {
    /// Synthetic incidents to write as ACLED CSV and import.
    #[arg(long, default_value_t = 1_000_000)]
    count: usize,
    /// Random queries of each kind.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// The random seed of the incidents and the queries.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to build the database (default: a new directory under the
    /// system's temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object on one line (default: indented).
    #[arg(long)]
    json: bool,
}

/// Flags of `moc bench node`.
#[derive(Args, Debug)]
pub struct NodeBenchArgs {
    /// Members to register; each takes four commands (register, open
    /// vetting, two approvals).
    #[arg(long, default_value_t = 2_000)]
    members: u32,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: u32,
    /// A PostgreSQL URL (default: SQLite in the scratch directory).
    #[arg(long)]
    database_url: Option<String>,
    /// Where to build the node (default: a new directory under the system's
    /// temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object (the only output format).
    #[arg(long)]
    json: bool,
}

/// Flags of `moc bench ledger`.
#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// How many entries to append (and then audit).
    #[arg(long, default_value_t = 50_000)]
    entries: u64,
    /// How many inclusion proofs to build and verify.
    #[arg(long, default_value_t = 200_000)]
    proofs: u64,
    /// Concurrent submitters; each keeps up to 64 entries in flight.
    #[arg(long, default_value_t = 8)]
    submitters: u64,
    /// Where to build the log (default: a new directory under the system's
    /// temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object (the only output format for now; kept for
    /// scripts that pass it).
    #[arg(long)]
    json: bool,
}

/// Runs one `moc bench` subcommand.
pub fn run(cmd: BenchCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        BenchCmd::Ledger(a) => ledger(&a, ctx),
        BenchCmd::Node(a) => node(&a, ctx),
        BenchCmd::Incidents(a) => incidents(&a, ctx),
        BenchCmd::Intake(a) => intake(&a, ctx),
        BenchCmd::Pages(a) => pages(&a, ctx),
    }
}

/// The seed articles, the default corpus of `moc bench intake`.
const SEED_ARTICLES: [&str; 5] = [
    include_str!("../../../moc-intake/tests/data/seeds/000_fe1b975141318dc0.txt"),
    include_str!("../../../moc-intake/tests/data/seeds/001_d605a979a074433c.txt"),
    include_str!("../../../moc-intake/tests/data/seeds/002_bc0492a829f2896b.txt"),
    include_str!("../../../moc-intake/tests/data/seeds/003_f2511676c083130f.txt"),
    include_str!("../../../moc-intake/tests/data/seeds/004_9fc6cc11b9d5f883.txt"),
];

/// What `moc bench intake` measured.
#[derive(Debug, Serialize)]
struct IntakeBench {
    /// Distinct articles.
    articles: usize,
    /// Times each was extracted.
    rounds: usize,
    /// Threads used: one, as the goal is per core.
    threads: usize,
    /// Mean article size, in bytes.
    mean_bytes: usize,
    /// Candidates per round.
    candidates: usize,
    /// Seconds for every round.
    seconds: f64,
    /// Extractions per second.
    articles_per_s: f64,
}

/// `moc bench intake`: extracts the articles `rounds` times on the calling
/// thread, the gazetteer built once beforehand as a node would.
fn intake(a: &IntakeBenchArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let texts: Vec<String> = match &a.dir {
        Some(dir) => crate::cmd::intake::read_dir_articles(dir, ctx.lang)?
            .into_iter()
            .map(|(_, text)| text)
            .collect(),
        None => SEED_ARTICLES.iter().map(|t| (*t).to_string()).collect(),
    };
    let gazetteer = crate::cmd::intake::gazetteer(ctx.lang)?;
    let options = moc_intake::Options::default();
    let rounds = a.rounds.max(1);
    let mut candidates = 0;
    let started = Instant::now();
    for round in 0..rounds {
        for text in &texts {
            let found = moc_intake::extract(text, &gazetteer, &options)
                .candidates
                .len();
            if round == 0 {
                candidates += found;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let count = texts.len() * rounds;
    let result = IntakeBench {
        articles: texts.len(),
        rounds,
        threads: 1,
        mean_bytes: texts.iter().map(String::len).sum::<usize>() / texts.len().max(1),
        candidates,
        seconds: (seconds * 1000.0).round() / 1000.0,
        articles_per_s: (count as f64 / seconds.max(1e-9)).round(),
    };
    if a.json {
        outln!("{}", serde_json::to_string(&result)?);
    } else {
        outln!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

/// One page as `moc bench pages` measured it.
#[derive(Debug, Serialize)]
struct PageBench {
    /// The path and query asked for.
    path: String,
    /// The answer's status.
    status: u16,
    /// The HTML's size as sent (gzip), in KB.
    html_kb: f64,
    /// The HTML and every file it loads from `/assets/` (styles, scripts,
    /// and the fonts the styles name), in KB as sent to a browser that
    /// accepts gzip: what a first visit fetches (the map's incidents come
    /// from the API, counted apart).
    total_kb: f64,
    /// Server latency of the page, in ms.
    ms: Latencies,
}

/// What `moc bench pages` measured.
#[derive(Debug, Serialize)]
struct PagesBench {
    /// Timed requests per page.
    rounds: usize,
    /// The account the pages were read as.
    account: &'static str,
    /// Every page.
    pages: Vec<PageBench>,
    /// The slowest page's p95, in ms.
    worst_p95_ms: f64,
    /// The heaviest page's total, in KB.
    heaviest_kb: f64,
}

/// A body as text, gunzipped when it is gzip (the bench asks for gzip, and
/// small or already-compressed files come as they are).
fn gunzip(body: &[u8]) -> String {
    use std::io::Read as _;
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        if flate2::read::GzDecoder::new(body)
            .read_to_string(&mut text)
            .is_ok()
        {
            return text;
        }
    }
    String::from_utf8_lossy(body).into_owned()
}

/// The files a style sheet at `css` loads: its `url(…)`s, relative ones
/// resolved against the sheet's folder (fonts, every one of them: an upper
/// bound, since a browser fetches only the faces a page uses).
fn css_urls(css: &str, text: &str) -> Vec<String> {
    let dir = css.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = asset_paths(text);
    for part in text.split("url(").skip(1) {
        let inner = part.split(')').next().unwrap_or_default();
        let url = inner.trim().trim_matches(['"', '\'']);
        if url.is_empty() || url.starts_with('/') || url.starts_with("data:") || url.contains("://")
        {
            continue;
        }
        let path = format!("{dir}/{url}");
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// The paths of the files a page or a style sheet loads from `/assets/`.
fn asset_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("/assets/") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c == '"' || c == '\'' || c == ')' || c.is_whitespace())
            .unwrap_or(tail.len());
        let path = tail[..end]
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned();
        if !out.contains(&path) {
            out.push(path);
        }
        rest = &tail[end..];
    }
    out
}

/// `moc bench pages`: builds the demo node, then asks the router (in the
/// process, no network) for each page as the joint commander, who may
/// read them all.
fn pages(a: &PagesBenchArgs, ctx: &Ctx) -> anyhow::Result<()> {
    use tower::ServiceExt as _;
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "pages");
    let rounds = a.rounds.max(1);
    let account = "moc-gao-commander";
    let result = crate::cmd::node::runtime()?.block_on(async {
        let password = moc_node::Password::new("bench-pages-password-1")?;
        let (node, _) = moc_node::demo::open_or_create(
            &dir,
            moc_node::NodeOptions::default(),
            &moc_domain::demo::DemoConfig::default(),
            &password,
        )
        .await?;
        let actor = node.actor(account)?;
        let token = node
            .issue_token(&actor, moc_node::TokenScope::Read, "bench")
            .await?
            .token;
        let patrol = {
            let state = node.state().await;
            state
                .mechanisms
                .values()
                .filter(|m| m.id.as_str() == "moc-gao")
                .flat_map(|m| m.patrols.values())
                .find(|p| p.report.is_some())
                .map(|p| p.id.to_string())
                .unwrap_or_default()
        };
        let router = moc_server::router(std::sync::Arc::clone(&node));
        let get = |path: String| {
            let router = router.clone();
            let token = token.clone();
            async move {
                let req = axum::http::Request::get(path)
                    .header("authorization", format!("Bearer {token}"))
                    .header("accept-encoding", "gzip")
                    .body(axum::body::Body::empty())?;
                let resp = router.oneshot(req).await?;
                let status = resp.status().as_u16();
                let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await?;
                anyhow::Ok((status, bytes))
            }
        };
        let paths = [
            "/".to_owned(),
            "/?lang=ar".to_owned(),
            "/dashboard".to_owned(),
            "/dashboard?lang=ar".to_owned(),
            "/members?m=moc-gao".to_owned(),
            "/vetting?m=moc-gao".to_owned(),
            "/roster?m=moc-gao".to_owned(),
            "/patrols?m=moc-gao".to_owned(),
            format!("/patrol?m=moc-gao&id={patrol}"),
            "/map?m=moc-gao".to_owned(),
            "/incidents?m=moc-gao".to_owned(),
            "/incident?m=moc-gao&id=gao-2017-01-18".to_owned(),
            "/incidents/new?m=moc-gao".to_owned(),
            "/intake?m=moc-gao".to_owned(),
            "/ledger?m=moc-gao".to_owned(),
        ];
        let mut asset_kb = std::collections::HashMap::new();
        let mut out = Vec::new();
        for path in paths {
            let (status, html) = get(path.clone()).await?;
            let html_text = gunzip(&html);
            let _ = get(path.clone()).await?;
            let mut ms = Vec::with_capacity(rounds);
            for _ in 0..rounds {
                let started = Instant::now();
                let _ = get(path.clone()).await?;
                ms.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            // The files the page loads, and the fonts its styles load.
            let mut total = html.len();
            let mut todo = asset_paths(&html_text);
            let mut seen = Vec::new();
            while let Some(asset) = todo.pop() {
                if seen.contains(&asset) {
                    continue;
                }
                seen.push(asset.clone());
                if !asset_kb.contains_key(&asset) {
                    let (_, body) = get(asset.clone()).await?;
                    let nested = if asset.ends_with(".css") {
                        css_urls(&asset, &gunzip(&body))
                    } else {
                        Vec::new()
                    };
                    asset_kb.insert(asset.clone(), (body.len(), nested));
                }
                if let Some((size, nested)) = asset_kb.get(&asset) {
                    total += size;
                    todo.extend(nested.iter().cloned());
                }
            }
            let kb = |n: usize| (n as f64 / 1024.0 * 10.0).round() / 10.0;
            out.push(PageBench {
                path,
                status,
                html_kb: kb(html.len()),
                total_kb: kb(total),
                ms: Latencies::of(ms),
            });
        }
        node.close().await;
        anyhow::Ok(out)
    });
    let pages = result.with_context(|| {
        tr(
            lang,
            "bench-node-failed",
            &[("path", dir.display().to_string().into())],
        )
    })?;
    let result = PagesBench {
        rounds,
        account,
        worst_p95_ms: pages.iter().map(|p| p.ms.p95).fold(0.0, f64::max),
        heaviest_kb: pages.iter().map(|p| p.total_kb).fold(0.0, f64::max),
        pages,
    };
    if a.json {
        outln!("{}", serde_json::to_string(&result)?);
    } else {
        outln!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

/// What `moc bench incidents` measured.
#[derive(Debug, Serialize)]
struct IncidentsBench {
    /// `sqlite`.
    backend: &'static str,
    /// Rows imported.
    rows: u64,
    /// The ACLED CSV file's size.
    file_mb: f64,
    /// Seconds the import took: reading, checking, writing, the monthly
    /// aggregate and the final sync.
    import_s: f64,
    /// Rows per second of the whole import.
    import_rows_per_s: f64,
    /// The database's size after the import.
    database_mb: f64,
    /// Queries run of each kind.
    queries: usize,
    /// Box + date range + type, a page of 50 newest first and the count.
    bbox_date_type_ms: Latencies,
    /// Average rows the box queries counted.
    bbox_date_type_mean_total: f64,
    /// Month × type × region over a range of months, a third filtered by
    /// type and a third by region.
    monthly_ms: Latencies,
}

/// Latency percentiles, in milliseconds.
#[derive(Debug, Serialize)]
struct Latencies {
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
}

impl Latencies {
    fn of(mut ms: Vec<f64>) -> Latencies {
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let i = ((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len().max(1)) - 1;
            ms.get(i).map_or(0.0, |v| (v * 1000.0).round() / 1000.0)
        };
        Latencies {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

/// Mali's regions as the synthetic incidents name them.
const REGIONS: [&str; 10] = [
    "Mopti",
    "Segou",
    "Gao",
    "Tombouctou",
    "Menaka",
    "Kidal",
    "Koulikoro",
    "Bamako",
    "Sikasso",
    "Kayes",
];

fn incidents(a: &IncidentsBenchArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "incidents");
    let fail = || {
        tr(
            lang,
            "bench-incidents-failed",
            &[("path", dir.display().to_string().into())],
        )
    };
    std::fs::create_dir_all(&dir).with_context(fail)?;
    let csv = dir.join("incidents.csv");
    {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(a.seed);
        let records: Vec<_> = moc_incidents::synthesize(a.count, &mut rng).collect();
        let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).with_context(fail)?);
        moc_incidents::write_acled(&records, &mut out).with_context(fail)?;
        std::io::Write::flush(&mut out).with_context(fail)?;
    }
    let database = dir.join("moc.sqlite");
    let result = crate::cmd::node::runtime()?.block_on(async {
        let store = Store::connect(&Store::sqlite_url(&database)).await?;
        let started = Instant::now();
        let imported = crate::cmd::incident::import_file(
            &store,
            &csv,
            crate::cmd::incident::ImportFormat::Acled,
            "acled",
            lang,
            false,
        )
        .await?;
        let import_time = started.elapsed();

        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(a.seed.wrapping_add(1));
        let mut boxes = Vec::with_capacity(a.queries);
        let mut totals = 0u64;
        for _ in 0..a.queries {
            let q = random_box_query(&mut rng);
            let started = Instant::now();
            let page = store.query_incidents(&q).await?;
            boxes.push(started.elapsed().as_secs_f64() * 1000.0);
            totals += page.total;
        }
        let mut months = Vec::with_capacity(a.queries);
        for _ in 0..a.queries {
            let (from, to) = random_months(&mut rng);
            let which = rng.gen_range(0..3);
            let event_type = (which == 1).then(|| random_type(&mut rng));
            let region = (which == 2).then(|| REGIONS[rng.gen_range(0..REGIONS.len())]);
            let started = Instant::now();
            store
                .incident_months(None, &from, &to, event_type.as_deref(), region)
                .await?;
            months.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        store.close().await;
        let bytes = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let to_mb = |b: u64| (b as f64 / 1e4).round() / 100.0;
        let mb = |p: &std::path::Path| to_mb(bytes(p));
        let seconds = import_time.as_secs_f64();
        anyhow::Ok(IncidentsBench {
            backend: "sqlite",
            rows: imported.imported,
            file_mb: mb(&csv),
            import_s: (seconds * 1000.0).round() / 1000.0,
            import_rows_per_s: (imported.imported as f64 / seconds.max(1e-9)).round(),
            // The file and its write-ahead log: whether the last close
            // checkpointed the log into the file is SQLite's choice.
            database_mb: to_mb(bytes(&database) + bytes(&dir.join("moc.sqlite-wal"))),
            queries: a.queries,
            bbox_date_type_ms: Latencies::of(boxes),
            bbox_date_type_mean_total: (totals as f64 / a.queries.max(1) as f64).round(),
            monthly_ms: Latencies::of(months),
        })
    });
    let result = result.with_context(fail)?;
    if a.json {
        outln!("{}", serde_json::to_string(&result)?);
    } else {
        outln!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

/// An event type's code.
fn random_type(rng: &mut impl Rng) -> String {
    let all = moc_incidents::EventType::ALL;
    match serde_json::to_value(all[rng.gen_range(0..all.len())]) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

/// A dashboard's question: incidents of one type in a box of one to five
/// degrees somewhere over Mali, over one month to two years, the newest 50.
fn random_box_query(rng: &mut impl Rng) -> IncidentQuery {
    let year = rng.gen_range(2012..=2023);
    let month = rng.gen_range(1..=12);
    let span = rng.gen_range(1..=24);
    let (to_year, to_month) = (year + (month + span - 2) / 12, (month + span - 2) % 12 + 1);
    let south = rng.gen_range(10_000_000..22_000_000);
    let west = rng.gen_range(-12_000_000..2_000_000);
    let (height, width) = (
        rng.gen_range(1_000_000..=5_000_000),
        rng.gen_range(1_000_000..=5_000_000),
    );
    IncidentQuery {
        from: Some(format!("{year}-{month:02}-01")),
        to: Some(format!("{to_year}-{to_month:02}-31")),
        bbox: Some((south, west, south + height, west + width)),
        event_type: Some(random_type(rng)),
        limit: 50,
        ..IncidentQuery::default()
    }
}

/// One month to three years, as `YYYY-MM` bounds.
fn random_months(rng: &mut impl Rng) -> (String, String) {
    let year = rng.gen_range(2012..=2023);
    let month = rng.gen_range(1..=12);
    let span = rng.gen_range(1..=36);
    let (to_year, to_month) = (year + (month + span - 2) / 12, (month + span - 2) % 12 + 1);
    (
        format!("{year}-{month:02}"),
        format!("{to_year}-{to_month:02}"),
    )
}

fn node(a: &NodeBenchArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "node");
    let options = moc_node::NodeOptions {
        database_url: a.database_url.clone(),
        ..moc_node::NodeOptions::default()
    };
    let config = moc_node::bench::BenchConfig {
        members: a.members,
        clients: a.clients,
    };
    let result = crate::cmd::node::runtime()?
        .block_on(moc_node::bench::run(&dir, options, &config))
        .with_context(|| {
            tr(
                lang,
                "bench-node-failed",
                &[("path", dir.display().to_string().into())],
            )
        })?;
    outln!("{}", serde_json::to_string(&result)?);
    Ok(())
}

/// The directory to build in: the one given (kept), or a fresh one under
/// the system's temporary directory (removed when the guard drops).
fn scratch(given: Option<&PathBuf>, what: &str) -> (PathBuf, TempDir) {
    match given {
        Some(d) => (d.clone(), TempDir(None)),
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let d = std::env::temp_dir()
                .join(format!("moc-bench-{what}-{}-{nanos}", std::process::id()));
            (d.clone(), TempDir(Some(d)))
        }
    }
}

const ORIGIN: &str = "bench.moc.example/ledger";

/// Removes the temporary log directory however the bench ends.
struct TempDir(Option<PathBuf>);

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

fn ledger(a: &LedgerArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "ledger");
    let fail = || {
        tr(
            lang,
            "bench-failed",
            &[("path", dir.display().to_string().into())],
        )
    };
    // Fixed seeds: the keys do not matter, only the work does.
    let log_key = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32])?;
    let parties: Vec<SigningKey> = ["fama", "cma", "plateforme"]
        .iter()
        .enumerate()
        .map(|(i, n)| SigningKey::from_seed(n, KeyKind::Ed25519, &[i as u8 + 2; 32]))
        .collect::<Result<_, _>>()?;
    let config = LogConfig {
        origin: ORIGIN.into(),
        log_key: log_key.verifier(),
        parties: parties.iter().map(SigningKey::verifier).collect(),
    };
    let log = Log::create(&dir, config, log_key).with_context(fail)?;

    // Durable appends: submitters sign and submit, keeping a window of
    // entries in flight, as many clients of one node would.
    let appender = Appender::spawn(log, BatchConfig::default());
    let started = Instant::now();
    let per = a.entries.div_ceil(a.submitters.max(1));
    let results: Vec<anyhow::Result<u64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..a.submitters.max(1))
            .map(|t| {
                let submitter = appender.submitter();
                let key = parties[t as usize % parties.len()].clone();
                let first = t * per;
                let last = ((t + 1) * per).min(a.entries);
                s.spawn(move || -> anyhow::Result<u64> {
                    let mut window: VecDeque<Pending> = VecDeque::new();
                    let mut done = 0;
                    for i in first..last {
                        let entry = Entry::sign(&event(i, key.name()), &key)?;
                        window.push_back(submitter.submit(entry));
                        if window.len() >= 64
                            && let Some(p) = window.pop_front()
                        {
                            p.wait()?;
                            done += 1;
                        }
                    }
                    for p in window {
                        p.wait()?;
                        done += 1;
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("submitter panicked")))
            })
            .collect()
    });
    let append_time = started.elapsed();
    let appended: u64 = results
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()
        .with_context(fail)?
        .iter()
        .sum();
    drop(appender.finish().with_context(fail)?);

    // Inclusion proofs from the stored tiles, by a freshly opened reader
    // (its tile cache starts empty), at random indexes.
    let reader = Log::open_read_only(&dir).with_context(fail)?;
    let size = reader.size();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let indexes: Vec<u64> = (0..a.proofs)
        .map(|_| rng.gen_range(0..size.max(1)))
        .collect();
    // One prover per core, as a node serving many readers would run.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = indexes.len().div_ceil(threads).max(1);
    let started = Instant::now();
    let proofs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = indexes
            .chunks(share)
            .map(|chunk| {
                let reader = &reader;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|&i| reader.prove_inclusion(i))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(moc_ledger::log::LogError::Closed)))
            .collect::<Result<Vec<Vec<_>>, _>>()
    })
    .with_context(fail)?
    .into_iter()
    .flatten()
    .collect();
    let prove_time = started.elapsed();

    // Their verification, against leaf hashes read beforehand.
    let leaves: Vec<_> = indexes
        .iter()
        .map(|&i| reader.entry(i).map(|e| e.leaf_hash()))
        .collect::<Result<_, _>>()
        .with_context(fail)?;
    let root = reader.root();
    let started = Instant::now();
    for ((p, &i), leaf) in proofs.iter().zip(&indexes).zip(&leaves) {
        verify_inclusion(p, size, root, i, *leaf).with_context(fail)?;
    }
    let verify_time = started.elapsed();

    // The full audit, from the files.
    let auditor = Log::open_read_only(&dir).with_context(fail)?;
    let started = Instant::now();
    audit::audit(&auditor, &mut |_| {}).with_context(fail)?;
    let audit_time = started.elapsed();

    let rate = |n: u64, d: Duration| (n as f64 / d.as_secs_f64().max(1e-9)).round();
    let out = serde_json::json!({
        "entries": appended,
        "appends_per_s": rate(appended, append_time),
        "inclusion_proofs_per_s": rate(a.proofs, prove_time),
        "proof_verifications_per_s": rate(a.proofs, verify_time),
        "audit_s_per_million": (audit_time.as_secs_f64() * 1e6 / size.max(1) as f64 * 100.0).round() / 100.0,
    });
    if a.json {
        outln!("{out}");
    } else {
        outln!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}

/// A typical small event: a patrol report with a few fields.
fn event(i: u64, party: &str) -> Event {
    Event {
        origin: ORIGIN.into(),
        kind: "patrol-report".into(),
        party: party.into(),
        user: format!("user-{}", i % 97),
        time_ms: 1_700_000_000_000 + i,
        payload: serde_json::json!({
            "patrol": i / 16,
            "sector": "Gao-Nord",
            "status": "completed",
            "members": 12,
        }),
    }
}
