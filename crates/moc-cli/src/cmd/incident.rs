//! `moc incident import|export|synth|query`: incident datasets (ACLED,
//! UCDP GED, synthetic) in the node's database, beside the mechanisms' own
//! incidents (`moc incident add|list`, in `patrol.rs`).
//!
//! An import streams the file: every bad row is reported with its line and
//! field while the good rows go in, in batches; `--strict` reads the whole
//! file first and writes nothing unless every row is good. A re-import
//! replaces rows with the same event id instead of doubling them.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context as _, anyhow, bail};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use moc_i18n::Lang;
use moc_incidents::model::parse_bbox;
use moc_incidents::{AcledReader, IncidentRecord, RowError, UcdpReader};
use moc_store::{EncodedIncident, IncidentImport, IncidentQuery, MAX_PAGE, Store};
use rand::SeedableRng;

use crate::Ctx;
use crate::cmd::node::{
    NodeArgs, label, print_json, print_table, stored_mechanism, trs, with_store,
};

/// Rows written per transaction: large enough that a transaction's fixed
/// costs do not count, small enough that another writer of the node's
/// database never waits long.
const BATCH: usize = 20_000;
/// Bad rows listed one by one; the rest are counted.
const LISTED: usize = 50;

/// A dataset's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// ACLED's CSV (the current 31 columns, or the older shape).
    Acled,
    /// UCDP's Georeferenced Event Dataset CSV.
    Ucdp,
}

/// An export's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// ACLED's CSV columns.
    Acled,
    /// GeoJSON (RFC 7946), one point per incident.
    Geojson,
    /// CSV with HXL hashtags, as HDX publishes ACLED's data.
    Hxl,
}

/// Flags of `moc incident import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The CSV file.
    file: PathBuf,
    /// Its format.
    #[arg(long, value_enum, default_value = "acled")]
    format: ImportFormat,
    /// The dataset's name in the node (default: the format's).
    #[arg(long)]
    origin: Option<String>,
    /// Stop at the first bad row and import nothing.
    #[arg(long)]
    strict: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// The filters shared by `query` and `export`.
#[derive(Args, Debug, Default)]
pub struct FilterArgs {
    /// Only this dataset (acled, ucdp, synth).
    #[arg(long)]
    origin: Option<String>,
    /// On or after this day, YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// On or before this day, YYYY-MM-DD.
    #[arg(long)]
    to: Option<String>,
    /// Inside SOUTH,WEST,NORTH,EAST (decimal degrees).
    #[arg(long)]
    bbox: Option<String>,
    /// Of this event type (battles, violence-against-civilians, …).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// In this region (admin1: Gao, Mopti, …).
    #[arg(long)]
    region: Option<String>,
    /// With this actor, first or second.
    #[arg(long)]
    actor: Option<String>,
    /// With at least this many deaths.
    #[arg(long)]
    min_fatalities: Option<u32>,
}

/// Flags of `moc incident query`.
#[derive(Args, Debug)]
pub struct QueryArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Rows to show (at most 500).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// The format.
    #[arg(long, value_enum, default_value = "acled")]
    format: ExportFormat,
    /// The file to write (default: standard output). Never overwritten.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Export this mechanism's own incidents (from its log) instead of an
    /// imported dataset; the date, box, type and region filters apply.
    #[arg(long, short = 'm', conflicts_with_all = ["origin", "actor"])]
    mechanism: Option<String>,
}

/// Flags of `moc incident synth`.
#[derive(Args, Debug)]
pub struct SynthArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// How many incidents.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// The random seed (the same seed gives the same incidents).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write them as ACLED CSV to this file instead of the node.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Imported {
    /// The dataset's name in the node.
    pub origin: String,
    /// Good rows written.
    pub imported: u64,
    /// Bad rows left out.
    pub refused: u64,
    /// The first bad rows, as `file:line: why`.
    pub errors: Vec<String>,
    /// The reading thread stopped without finishing the file.
    #[serde(skip)]
    reader_failed: bool,
}

/// A file's rows, read on any thread.
type Rows = Box<dyn Iterator<Item = Result<IncidentRecord, RowError>> + Send>;

/// Rows from a file of either format.
fn rows(
    format: ImportFormat,
    reader: impl Read + Send + 'static,
) -> Result<Rows, moc_incidents::ImportError> {
    Ok(match format {
        ImportFormat::Acled => Box::new(AcledReader::new(reader)?),
        ImportFormat::Ucdp => Box::new(UcdpReader::new(reader)?),
    })
}

fn open(
    path: &Path,
    format: ImportFormat,
    lang: Lang,
    read: Arc<AtomicU64>,
) -> anyhow::Result<Rows> {
    let file = File::open(path).with_context(|| {
        trs(
            lang,
            "incident-file-unreadable",
            &[("file", path.display().to_string())],
        )
    })?;
    let counted = Counted { inner: file, read };
    rows(format, BufReader::with_capacity(1 << 20, counted)).with_context(|| {
        trs(
            lang,
            "incident-file-unreadable",
            &[("file", path.display().to_string())],
        )
    })
}

fn bar(path: &Path) -> ProgressBar {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Runs `moc incident import`.
pub fn import(a: ImportArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let origin = a.origin.clone().unwrap_or_else(|| {
        match a.format {
            ImportFormat::Acled => "acled",
            ImportFormat::Ucdp => "ucdp",
        }
        .to_owned()
    });
    let file = a.file.display().to_string();
    if a.strict {
        // First pass: every row must be good, or nothing is written.
        for row in open(&a.file, a.format, lang, Arc::default())? {
            if let Err(e) = row {
                bail!(row_message(&file, &e));
            }
        }
    }
    let summary = with_store(&a.node, ctx, async |store| {
        import_file(&store, &a.file, a.format, &origin, lang, true).await
    })?;
    if a.json {
        print_json(&summary)?;
    } else {
        for e in &summary.errors {
            eprintln!("{e}");
        }
        outln!(
            "{}",
            trs(
                lang,
                "incident-imported",
                &[
                    ("imported", summary.imported.to_string()),
                    ("refused", summary.refused.to_string()),
                    ("origin", summary.origin.clone()),
                ]
            )
        );
    }
    if summary.refused > 0 {
        return Err(anyhow!(trs(
            lang,
            "incident-rows-refused",
            &[("refused", summary.refused.to_string()), ("file", file)]
        )));
    }
    Ok(())
}

/// One batch from the reading thread: good records and bad rows.
struct Batch {
    good: Vec<EncodedIncident>,
    bad: Vec<RowError>,
    /// A record could not be encoded: the reading stopped there.
    failed: Option<moc_store::StoreError>,
}

/// Imports `path` into `store` as `origin`, the path of `moc incident
/// import` and of `moc bench incidents`: one thread reads and checks the
/// rows while this task writes the previous batch, [`BATCH`] rows per
/// transaction; bad rows are counted and the first [`LISTED`] kept as
/// messages. Then the monthly aggregate is rebuilt, and every row is
/// durable when this returns.
///
/// # Errors
/// The file cannot be opened, or the database fails (the batches already
/// committed stay).
pub async fn import_file(
    store: &Store,
    path: &Path,
    format: ImportFormat,
    origin: &str,
    lang: Lang,
    progress: bool,
) -> anyhow::Result<Imported> {
    let file = path.display().to_string();
    let read = Arc::new(AtomicU64::new(0));
    let rows = open(path, format, lang, Arc::clone(&read))?;
    let bar = if progress {
        bar(path)
    } else {
        ProgressBar::hidden()
    };
    bar.set_message(trs(lang, "incident-importing", &[]));
    let expected = std::fs::metadata(path).map_or(0, |m| m.len() / ROW_BYTES_AT_MOST);
    let mut import = store.begin_incident_import(origin, expected).await?;
    let written = write_batches(store, &mut import, rows, &file, &bar, &read).await;
    // Whatever happened, the indexes are built again and what was
    // committed is made durable.
    let finished = store.finish_incident_import(import).await;
    bar.finish_and_clear();
    let mut out = written?;
    out.origin = origin.to_owned();
    finished?;
    if out.reader_failed {
        bail!(trs(lang, "incident-file-unreadable", &[("file", file)]));
    }
    Ok(out)
}

/// The bytes of an ACLED or UCDP row, generously: a file's size divided by
/// this is fewer rows than it holds, so that a small file never takes the
/// large import's path.
const ROW_BYTES_AT_MOST: u64 = 1_000;

/// The body of [`import_file`]: reads `rows` on a thread of its own while
/// this task writes the previous batch; `read` counts the file's bytes
/// read, for the progress bar.
async fn write_batches(
    store: &Store,
    import: &mut IncidentImport,
    rows: Rows,
    file: &str,
    bar: &ProgressBar,
    read: &AtomicU64,
) -> anyhow::Result<Imported> {
    // Two batches in flight: one being written, one being read.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(1);
    let reader = std::thread::spawn(move || {
        let mut batch = Batch {
            good: Vec::with_capacity(BATCH),
            bad: Vec::new(),
            failed: None,
        };
        for row in rows {
            // Encoded here, on the reading thread, so that the writer
            // only binds.
            match row {
                Ok(r) => match EncodedIncident::new(r) {
                    Ok(encoded) => batch.good.push(encoded),
                    Err(e) => {
                        batch.failed = Some(e);
                        let _ = tx.blocking_send(batch);
                        return;
                    }
                },
                Err(e) => batch.bad.push(e),
            }
            if batch.good.len() == BATCH {
                let full = std::mem::replace(
                    &mut batch,
                    Batch {
                        good: Vec::with_capacity(BATCH),
                        bad: Vec::new(),
                        failed: None,
                    },
                );
                if tx.blocking_send(full).is_err() {
                    // The writer stopped on an error; it reports it.
                    return;
                }
            }
        }
        let _ = tx.blocking_send(batch);
    });
    let mut out = Imported::default();
    while let Some(batch) = rx.recv().await {
        for e in &batch.bad {
            if out.errors.len() < LISTED {
                out.errors.push(row_message(file, e));
            }
        }
        out.refused += batch.bad.len() as u64;
        out.imported += store.put_encoded_incidents(import, &batch.good).await?;
        if let Some(e) = batch.failed {
            return Err(e.into());
        }
        bar.set_position(read.load(Ordering::Relaxed));
    }
    out.reader_failed = reader.join().is_err();
    Ok(out)
}

/// A reader that counts the bytes it has given.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn row_message(file: &str, e: &RowError) -> String {
    format!("{file}:{e}")
}

impl FilterArgs {
    fn query(&self, lang: Lang) -> anyhow::Result<IncidentQuery> {
        let bbox = match &self.bbox {
            None => None,
            Some(text) => Some(parse_bbox(text).ok_or_else(|| {
                anyhow!(trs(lang, "incident-bad-bbox", &[("value", text.clone())]))
            })?),
        };
        for (flag, date) in [("--from", &self.from), ("--to", &self.to)] {
            if let Some(d) = date
                && moc_incidents::model::parse_iso_date(d).is_none()
            {
                bail!(trs(
                    lang,
                    "incident-bad-date",
                    &[("flag", flag.to_owned()), ("value", d.clone())]
                ));
            }
        }
        Ok(IncidentQuery {
            origin: self.origin.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            bbox,
            event_type: self.event_type.clone(),
            admin1: self.region.clone(),
            actor: self.actor.clone(),
            min_fatalities: self.min_fatalities,
            offset: 0,
            limit: MAX_PAGE,
        })
    }
}

/// Runs `moc incident query`.
pub fn query(a: QueryArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let mut q = a.filter.query(lang)?;
    q.limit = a.limit.min(MAX_PAGE);
    q.offset = a.offset;
    with_store(&a.node, ctx, async |store| {
        let page = store.query_incidents(&q).await?;
        if a.json {
            return print_json(&page);
        }
        let rows: Vec<Vec<String>> = page
            .records
            .iter()
            .map(|r| {
                vec![
                    r.event_date.clone(),
                    r.event_id_cnty.clone(),
                    label(lang, "event-type", r.event_type.slug()),
                    r.admin1.clone().unwrap_or_else(|| "—".to_owned()),
                    r.location.clone(),
                    r.fatalities.to_string(),
                ]
            })
            .collect();
        print_table(
            lang,
            &[
                "col-date",
                "col-incident",
                "col-type",
                "col-region",
                "col-location",
                "col-fatalities",
            ],
            &rows,
        );
        outln!(
            "{}",
            trs(
                lang,
                "incident-page",
                &[
                    ("shown", page.records.len().to_string()),
                    ("total", page.total.to_string())
                ]
            )
        );
        Ok(())
    })
}

/// A new file (never an existing one), or standard output.
fn output(out: Option<&Path>, lang: Lang) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(path) => Box::new(BufWriter::new(
            File::options()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| {
                    trs(
                        lang,
                        "incident-out-exists",
                        &[("file", path.display().to_string())],
                    )
                })?,
        )),
    })
}

/// Runs `moc incident export`.
pub fn export(a: ExportArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let q = a.filter.query(lang)?;
    let format = a.format;
    with_store(&a.node, ctx, async |store| {
        // The rows go to the file as they are read, on a thread of its
        // own: an export of a million rows holds a few of them at a time.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<IncidentRecord>(EXPORT_QUEUE);
        let out = a.out.clone();
        let writer = tokio::task::spawn_blocking(move || {
            let received = std::iter::from_fn(|| rx.blocking_recv());
            write(format, received, out.as_deref(), lang)
        });
        let read: anyhow::Result<()> = match &a.mechanism {
            None => store.send_incidents(&q, tx).await.map_err(Into::into),
            Some(m) => send_mechanism_incidents(&store, m, &q, tx, lang).await,
        };
        let written = writer
            .await
            .map_err(|_| anyhow!(trs(lang, "incident-export-failed", &[])))?;
        if let Err(e) = read {
            // What was written holds only part of the rows.
            if let Some(path) = &a.out {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
        written
    })
}

/// Rows an export keeps between the database and the file.
const EXPORT_QUEUE: usize = 1024;

/// Sends mechanism `m`'s incidents matching `q` into `out`, as read:
/// merged reports inside the incident they were merged into.
async fn send_mechanism_incidents(
    store: &Store,
    m: &str,
    q: &IncidentQuery,
    out: tokio::sync::mpsc::Sender<IncidentRecord>,
    lang: Lang,
) -> anyhow::Result<()> {
    let m = stored_mechanism(store, Some(m), lang).await?;
    let f = moc_store::IncidentFilter {
        from: q.from.clone(),
        to: q.to.clone(),
        bbox: q.bbox,
        event_type: q.event_type.clone(),
        admin1: q.admin1.clone(),
        min_fatalities: q.min_fatalities,
        actor: q.actor.clone(),
        ..moc_store::IncidentFilter::default()
    };
    for view in store.all_mechanism_incidents(&m, &f).await? {
        if out.send(view.record).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Writes `records` in `format` to `out` (standard output without one);
/// a file that could not be written whole is removed.
fn write(
    format: ExportFormat,
    records: impl IntoIterator<Item = impl std::borrow::Borrow<IncidentRecord>>,
    out: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut w = output(out, lang)?;
    let done = match format {
        ExportFormat::Acled => moc_incidents::write_acled(records, &mut w),
        ExportFormat::Geojson => moc_incidents::write_geojson(records, &mut w),
        ExportFormat::Hxl => moc_incidents::write_hxl(records, &mut w),
    };
    let flushed = done
        .map_err(anyhow::Error::from)
        .and_then(|()| Ok(w.flush()?));
    if let (Err(e), Some(path)) = (&flushed, out) {
        // Nothing half-written is left behind.
        drop(w);
        let _ = std::fs::remove_file(path);
        bail!("{}: {e}", path.display());
    }
    flushed
}

/// Runs `moc incident synth`.
pub fn synth(a: SynthArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(a.seed);
    if let Some(path) = &a.out {
        let records: Vec<IncidentRecord> = moc_incidents::synthesize(a.count, &mut rng).collect();
        return write(ExportFormat::Acled, &records, Some(path), lang);
    }
    let n = with_store(&a.node, ctx, async |store| {
        // An error below leaves the indexes to the next start-up.
        let mut import = store
            .begin_incident_import("synth", u64::try_from(a.count).unwrap_or(u64::MAX))
            .await?;
        let mut n = 0u64;
        let mut batch = Vec::with_capacity(BATCH);
        for r in moc_incidents::synthesize(a.count, &mut rng) {
            batch.push(EncodedIncident::new(r)?);
            if batch.len() == BATCH {
                n += store.put_encoded_incidents(&mut import, &batch).await?;
                batch.clear();
            }
        }
        n += store.put_encoded_incidents(&mut import, &batch).await?;
        store.finish_incident_import(import).await?;
        Ok(n)
    })?;
    outln!(
        "{}",
        trs(
            lang,
            "incident-imported",
            &[
                ("imported", n.to_string()),
                ("refused", "0".to_owned()),
                ("origin", "synth".to_owned()),
            ]
        )
    );
    Ok(())
}
