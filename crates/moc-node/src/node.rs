//! The node: state, logs, store, and the command path.
//!
//! A command goes through [`Node::execute`]:
//!
//! 1. under the writer lock, [`moc_domain::decide`] checks it against the
//!    *head* state (every event submitted so far) and gives one event;
//! 2. the event becomes a `moc-event/v1` entry signed by the actor's party
//!    key and is submitted to the mechanism's [`Appender`]; the head state
//!    folds it and the lock is released, so the next command can be decided
//!    while this one is being made durable;
//! 3. the committer task waits, in submission order, until the appender
//!    reports each entry durable (its batch's checkpoint is written), folds
//!    it into the *durable* state, projects the batch into SQL in one
//!    transaction, and only then answers the caller.
//!
//! The head state can be ahead of the log only by entries in flight. If an
//! append or a projection fails, the node stops accepting commands (every
//! later one gets [`NodeError::Stopped`]): its head state may hold events
//! the log does not, and only a restart, which folds the log again and
//! lets the projection catch up from its cursor, makes them agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use moc_domain::{Actor, Command, DomainEvent, MechanismId, State, Timestamp, decide};
use moc_ledger::entry::{Entry, Event, verify_batch};
use moc_ledger::keys::{KeyKind, SigningKey};
use moc_ledger::log::{Appender, BatchConfig, Log, LogConfig, Pending, Submitter};
use moc_ledger::witness::{FileState, Witness};
use moc_store::{Dump, IdentityRow, Projected, Store};
use tokio::sync::{Mutex, RwLock, RwLockReadGuard, mpsc, oneshot};

use crate::NodeError;
use crate::accounts::Accounts;
use crate::layout::{Layout, NodeFile, write_atomic};

/// How to open a node.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// A PostgreSQL URL; `None` for the SQLite file in the data directory.
    pub database_url: Option<String>,
    /// How the logs batch appends. The node waits at most a few
    /// milliseconds for company, not the ledger's default 250 ms, so a
    /// lone command is answered quickly and a busy node still fills its
    /// batches.
    pub batch: BatchConfig,
}

impl Default for NodeOptions {
    fn default() -> Self {
        NodeOptions {
            database_url: None,
            batch: BatchConfig {
                max_entries: moc_ledger::log::MAX_BATCH,
                max_wait: Duration::from_millis(5),
            },
        }
    }
}

/// One mechanism's log, as the node sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogInfo {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The log's origin.
    pub origin: String,
    /// Its directory.
    pub dir: PathBuf,
}

/// What a command recorded.
#[derive(Clone, Debug)]
pub struct Executed {
    /// The mechanism's log origin.
    pub log_origin: String,
    /// The entry's index in that log.
    pub index: u64,
    /// The event.
    pub event: DomainEvent,
}

/// What `reindex` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReindexReport {
    /// Rows written, over every projection table.
    pub rows: usize,
    /// Whether the rebuilt tables equal the ones before, row for row.
    pub identical: bool,
}

/// A personal record and the opening of its commitment, to store in the
/// restricted table before the member's event is appended.
pub(crate) struct PendingIdentity(pub(crate) IdentityRow);

struct MechLog {
    origin: String,
    dir: PathBuf,
    /// The appender; its thread is joined by [`Node::close`].
    appender: Option<Appender>,
    submitter: Submitter,
}

struct Writer {
    head: State,
    logs: BTreeMap<MechanismId, MechLog>,
}

struct Commit {
    pending: Pending,
    origin: String,
    event: DomainEvent,
    reply: oneshot::Sender<Result<u64, NodeError>>,
}

/// A running node. Cheap to share behind an [`Arc`].
pub struct Node {
    layout: Layout,
    options: NodeOptions,
    node_file: NodeFile,
    pub(crate) accounts: std::sync::RwLock<Accounts>,
    keys: BTreeMap<String, SigningKey>,
    store: Store,
    writer: Mutex<Writer>,
    durable: Arc<RwLock<State>>,
    commits: mpsc::UnboundedSender<Commit>,
    stopped: Arc<AtomicBool>,
    witness: std::sync::Mutex<Option<Witness<FileState>>>,
    /// Password hashes at once: each takes 19 MiB and a core, so a flood
    /// of sign-ins waits here instead of exhausting memory.
    pub(crate) hashing: tokio::sync::Semaphore,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("dir", &self.layout.root())
            .finish_non_exhaustive()
    }
}

/// Now, as the domain's seconds and the ledger's milliseconds.
#[must_use]
pub fn now() -> (Timestamp, u64) {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    (
        Timestamp(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        ms,
    )
}

impl Node {
    /// Creates a new node directory: `node.json` and the party keys.
    /// Accounts ([`Node::add_users`]), mechanisms and their logs come
    /// later, once the node is open.
    ///
    /// # Errors
    /// [`NodeError::AlreadyExists`] when a node is there, or an I/O error.
    pub fn init(dir: &Path, node_party: &str, keys: &[SigningKey]) -> Result<(), NodeError> {
        let layout = Layout::new(dir);
        if layout.exists() {
            return Err(NodeError::AlreadyExists(dir.to_owned()));
        }
        for key in keys {
            write_atomic(
                &layout.party_key(key.name()),
                format!("{}\n", key.to_private_string()).as_bytes(),
                true,
            )?;
        }
        let node = NodeFile {
            party: node_party.to_owned(),
        };
        write_atomic(
            &layout.node_file(),
            serde_json::to_string_pretty(&node)
                .unwrap_or_default()
                .as_bytes(),
            false,
        )
    }

    /// Opens the node in `dir`: folds every log into the state, lets the
    /// SQL projection catch up from its cursors, and starts the appenders
    /// and the committer.
    ///
    /// # Errors
    /// [`NodeError::NotANode`], a log, store or file error, or
    /// [`NodeError::ProjectionAhead`] when the database holds more than the
    /// logs (it belongs to another data directory: run `moc reindex`).
    pub async fn open(dir: &Path, options: NodeOptions) -> Result<Arc<Node>, NodeError> {
        let layout = Layout::new(dir);
        if !layout.exists() {
            return Err(NodeError::NotANode(dir.to_owned()));
        }
        let node_text = std::fs::read_to_string(layout.node_file())
            .map_err(|e| NodeError::io(&layout.node_file(), e))?;
        let node_file: NodeFile =
            serde_json::from_str(&node_text).map_err(|e| NodeError::BadFile {
                path: layout.node_file(),
                why: e.to_string(),
            })?;
        let keys = load_keys(&layout)?;
        let url = options
            .database_url
            .clone()
            .unwrap_or_else(|| Store::sqlite_url(&layout.sqlite()));
        let store = Store::connect(&url).await?;
        let accounts = Accounts::from_rows(&store.users().await?)?;

        // Fold every log.
        let mut state = State::default();
        let mut opened = Vec::new();
        if layout.logs().is_dir() {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir(layout.logs())
                .map_err(|e| NodeError::io(&layout.logs(), e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join(moc_ledger::log::CONFIG).is_file())
                .collect();
            dirs.sort();
            for dir in dirs {
                let log = Log::open(&dir).map_err(|e| NodeError::log(&dir, e))?;
                let mechanism = fold_log(&log, &dir, &mut state)?;
                opened.push((mechanism, dir, log));
            }
        }

        // Catch the projection up.
        let cursors = store.cursors().await?;
        for (_, dir, log) in &opened {
            let origin = &log.config().origin;
            let cursor = cursors.get(origin).copied().unwrap_or(0);
            if cursor > log.size() {
                return Err(NodeError::ProjectionAhead {
                    origin: origin.clone(),
                    cursor,
                    size: log.size(),
                });
            }
            if cursor < log.size() {
                let entries = log
                    .entries(cursor..log.size())
                    .map_err(|e| NodeError::log(dir, e))?;
                let events = entries
                    .iter()
                    .map(|e| event_of(e, dir))
                    .collect::<Result<Vec<_>, _>>()?;
                let batch: Vec<Projected<'_>> = events
                    .iter()
                    .zip(cursor..)
                    .map(|(event, index)| Projected {
                        log_origin: origin,
                        index,
                        event,
                    })
                    .collect();
                store.project(&state, &batch).await?;
                tracing::info!(
                    origin = origin.as_str(),
                    from = cursor,
                    to = log.size(),
                    "projection caught up"
                );
            }
        }

        let mut logs = BTreeMap::new();
        for (mechanism, dir, log) in opened {
            logs.insert(mechanism, start_log(log, dir, options.batch));
        }
        let durable = Arc::new(RwLock::new(state.clone()));
        let stopped = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(committer(
            rx,
            Arc::clone(&durable),
            store.clone(),
            Arc::clone(&stopped),
        ));
        let node = Node {
            layout,
            options,
            node_file,
            accounts: std::sync::RwLock::new(accounts),
            keys,
            store,
            writer: Mutex::new(Writer { head: state, logs }),
            durable,
            commits: tx,
            stopped,
            witness: std::sync::Mutex::new(None),
            hashing: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            ),
        };
        node.refresh_witness().await?;
        Ok(Arc::new(node))
    }

    /// The data directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.layout.root()
    }

    /// The SQL store (projections and identities).
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The node's data directory.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Whether this node holds `party`'s signing key (and so can record
    /// events for its users).
    #[must_use]
    pub fn holds_key(&self, party: &str) -> bool {
        self.keys.contains_key(party)
    }

    /// The durable state: every event that is in the logs, nothing in
    /// flight.
    pub async fn state(&self) -> RwLockReadGuard<'_, State> {
        self.durable.read().await
    }

    /// The mechanisms' logs.
    pub async fn logs(&self) -> Vec<LogInfo> {
        let w = self.writer.lock().await;
        w.logs
            .iter()
            .map(|(m, l)| LogInfo {
                mechanism: m.clone(),
                origin: l.origin.clone(),
                dir: l.dir.clone(),
            })
            .collect()
    }

    /// Runs a command as `actor` at the current time.
    ///
    /// # Errors
    /// [`NodeError::Domain`] when a rule refuses it (nothing is recorded),
    /// [`NodeError::Stopped`] after an earlier failure, or the log's or
    /// store's error.
    pub async fn execute(&self, actor: &Actor, command: Command) -> Result<Executed, NodeError> {
        let (at, ms) = now();
        self.execute_at(actor, command, at, ms, None).await
    }

    /// Runs a command at a given time, storing `identity` in the restricted
    /// table first when it is a member's registration.
    pub(crate) async fn execute_at(
        &self,
        actor: &Actor,
        command: Command,
        at: Timestamp,
        time_ms: u64,
        identity: Option<PendingIdentity>,
    ) -> Result<Executed, NodeError> {
        let receiver = {
            let mut w = self.writer.lock().await;
            self.check_running()?;
            let events = decide(&w.head, &command, actor, at)?;
            let mut receivers = Vec::with_capacity(events.len());
            if let Some(PendingIdentity(row)) = &identity {
                // Any row already there is an orphan of a failed append:
                // the domain just said the member does not exist.
                self.store.replace_identity(row).await?;
            }
            for event in events {
                receivers.push(self.submit_locked(&mut w, actor, time_ms, event)?);
            }
            receivers
        };
        let mut last = None;
        for (origin, event, rx) in receiver {
            let result = rx.await.unwrap_or(Err(NodeError::Stopped));
            match result {
                Ok(index) => {
                    last = Some(Executed {
                        log_origin: origin,
                        index,
                        event,
                    });
                }
                Err(e) => {
                    if let Some(PendingIdentity(row)) = &identity {
                        let _ = self
                            .store
                            .delete_identity(&row.mechanism, &row.service_number)
                            .await;
                    }
                    return Err(e);
                }
            }
        }
        last.ok_or(NodeError::Stopped)
    }

    /// Records an event that was already decided (the demo's, decided by
    /// the same rules on an identical state), without waiting for it: the
    /// caller awaits the returned receivers.
    pub(crate) async fn submit_decided(
        &self,
        actor: &Actor,
        time_ms: u64,
        event: DomainEvent,
    ) -> Result<oneshot::Receiver<Result<u64, NodeError>>, NodeError> {
        let mut w = self.writer.lock().await;
        self.check_running()?;
        Ok(self.submit_locked(&mut w, actor, time_ms, event)?.2)
    }

    fn check_running(&self) -> Result<(), NodeError> {
        if self.stopped.load(Ordering::SeqCst) {
            Err(NodeError::Stopped)
        } else {
            Ok(())
        }
    }

    /// Signs and submits one event, folds it into the head state, and
    /// queues it for the committer. Called with the writer lock held.
    #[allow(clippy::type_complexity)]
    fn submit_locked(
        &self,
        w: &mut Writer,
        actor: &Actor,
        time_ms: u64,
        event: DomainEvent,
    ) -> Result<
        (
            String,
            DomainEvent,
            oneshot::Receiver<Result<u64, NodeError>>,
        ),
        NodeError,
    > {
        let key = self
            .keys
            .get(actor.party.as_str())
            .ok_or_else(|| NodeError::NoPartyKey(actor.party.as_str().to_owned()))?;
        let mechanism = event.mechanism().clone();
        if let DomainEvent::MechanismCreated(created) = &event
            && !w.logs.contains_key(&mechanism)
        {
            let log = self.create_log(&mechanism, &created.log_origin)?;
            w.logs.insert(mechanism.clone(), log);
        }
        let log = w
            .logs
            .get(&mechanism)
            .ok_or_else(|| NodeError::UnknownMechanism(mechanism.as_str().to_owned()))?;
        let entry = Entry::sign(
            &Event {
                origin: log.origin.clone(),
                kind: event.kind().to_owned(),
                party: actor.party.as_str().to_owned(),
                user: actor.user.as_str().to_owned(),
                time_ms,
                payload: event.to_payload(),
            },
            key,
        )?;
        let pending = log.submitter.submit(entry);
        let origin = log.origin.clone();
        w.head.apply(&event);
        let (tx, rx) = oneshot::channel();
        self.commits
            .send(Commit {
                pending,
                origin: origin.clone(),
                event: event.clone(),
                reply: tx,
            })
            .map_err(|_| NodeError::Stopped)?;
        Ok((origin, event, rx))
    }

    /// Creates a new mechanism's log, open to every party key this node
    /// holds, with a fresh log key.
    fn create_log(&self, mechanism: &MechanismId, origin: &str) -> Result<MechLog, NodeError> {
        let dir = self.layout.log(mechanism.as_str());
        let mut rng = rand::rngs::OsRng;
        let (log_key, log_verifier) = moc_ledger::keys::generate(origin, &mut rng)
            .map_err(|e| NodeError::Key(e.to_string()))?;
        let config = LogConfig {
            origin: origin.to_owned(),
            log_key: log_verifier,
            parties: self.keys.values().map(SigningKey::verifier).collect(),
        };
        let log = Log::create(&dir, config, log_key).map_err(|e| NodeError::log(&dir, e))?;
        let mut witness = self.witness.lock().unwrap_or_else(|e| e.into_inner());
        *witness = None; // rebuilt with the new log on the next request
        Ok(start_log(log, dir, self.options.batch))
    }

    /// Rebuilds every projection table from the logs, and says whether the
    /// result equals what was there.
    ///
    /// # Errors
    /// The store's error (then the old tables stay).
    pub async fn reindex(&self) -> Result<ReindexReport, NodeError> {
        let w = self.writer.lock().await;
        let before = self.store.dump().await?;
        let state = self.durable.read().await;
        let mut sizes = Vec::new();
        for (mechanism, log) in &w.logs {
            let size = Log::open_read_only(&log.dir)
                .map_err(|e| NodeError::log(&log.dir, e))?
                .size();
            sizes.push((log.origin.clone(), mechanism.clone(), size));
        }
        self.store.reindex(&state, &sizes).await?;
        let after = self.store.dump().await?;
        Ok(ReindexReport {
            rows: after.values().map(Vec::len).sum(),
            identical: before == after,
        })
    }

    /// Every projection table, for comparisons.
    ///
    /// # Errors
    /// The store's error.
    pub async fn dump(&self) -> Result<Dump, NodeError> {
        Ok(self.store.dump().await?)
    }

    /// Answers a witness `add-checkpoint` request for one of this node's
    /// logs: the node cosigns with its party's key as a cosignature key.
    ///
    /// # Errors
    /// The witness's error, whose `status()` is the HTTP status.
    pub async fn witness_add_checkpoint(
        &self,
        body: &[u8],
    ) -> Result<Vec<u8>, moc_ledger::witness::WitnessError> {
        if let Err(e) = self.refresh_witness().await {
            return Err(moc_ledger::witness::WitnessError::Config(e.to_string()));
        }
        let mut guard = self.witness.lock().unwrap_or_else(|e| e.into_inner());
        let witness = guard.as_mut().ok_or_else(|| {
            moc_ledger::witness::WitnessError::Config("this node has no witness key".into())
        })?;
        witness.add_checkpoint(body, now().0.0.max(0).unsigned_abs())
    }

    /// (Re)builds the witness when missing: it follows every log of this
    /// node.
    async fn refresh_witness(&self) -> Result<(), NodeError> {
        if self
            .witness
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return Ok(());
        }
        let Some(key) = self.keys.get(&self.node_file.party) else {
            return Ok(());
        };
        let mut log_keys = Vec::new();
        for info in self.logs().await {
            let config = LogConfig::parse(
                &std::fs::read_to_string(info.dir.join(moc_ledger::log::CONFIG))
                    .map_err(|e| NodeError::io(&info.dir, e))?,
            )
            .map_err(|e| NodeError::log(&info.dir, e))?;
            log_keys.push(config.log_key);
        }
        let path = self.layout.witness_state();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| NodeError::io(dir, e))?;
        }
        let state = FileState::open(path).map_err(|e| NodeError::Key(e.to_string()))?;
        let witness = Witness::new(key.with_kind(KeyKind::Cosignature), log_keys, state)
            .map_err(|e| NodeError::Key(e.to_string()))?;
        *self.witness.lock().unwrap_or_else(|e| e.into_inner()) = Some(witness);
        Ok(())
    }

    /// The node's witness public key, if it has one.
    #[must_use]
    pub fn witness_key(&self) -> Option<String> {
        self.keys
            .get(&self.node_file.party)
            .map(|k| k.with_kind(KeyKind::Cosignature).verifier().to_string())
    }

    /// Waits for everything in flight, stops the appenders and closes the
    /// database.
    pub async fn close(&self) {
        let mut w = self.writer.lock().await;
        // Every submitted event is answered once the committer has folded
        // it into the durable state: wait until that catches up with the
        // head (or the node has stopped, when it never will).
        while !self.stopped.load(Ordering::SeqCst) && *self.durable.read().await != w.head {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        self.stopped.store(true, Ordering::SeqCst);
        // An appender's thread ends once every submitter is gone.
        for (_, log) in std::mem::take(&mut w.logs) {
            let MechLog {
                appender,
                submitter,
                ..
            } = log;
            drop(submitter);
            if let Some(appender) = appender {
                let _ = tokio::task::spawn_blocking(move || appender.finish()).await;
            }
        }
        self.store.close().await;
    }
}

fn start_log(log: Log, dir: PathBuf, batch: BatchConfig) -> MechLog {
    let origin = log.config().origin.clone();
    let appender = Appender::spawn(log, batch);
    let submitter = appender.submitter();
    MechLog {
        origin,
        dir,
        appender: Some(appender),
        submitter,
    }
}

fn load_keys(layout: &Layout) -> Result<BTreeMap<String, SigningKey>, NodeError> {
    let dir = layout.party_keys();
    let mut keys = BTreeMap::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| NodeError::io(&dir, e))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("key") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| NodeError::io(&path, e))?;
        let key: SigningKey = text.trim().parse().map_err(|e| NodeError::BadFile {
            path: path.clone(),
            why: format!("{e}"),
        })?;
        keys.insert(key.name().to_owned(), key);
    }
    Ok(keys)
}

/// The domain event in a log entry.
fn event_of(entry: &Entry, dir: &Path) -> Result<DomainEvent, NodeError> {
    let e = entry.event();
    DomainEvent::from_kind_payload(&e.kind, &e.payload).map_err(|why| NodeError::BadLog {
        dir: dir.to_owned(),
        why: why.to_string(),
    })
}

/// Verifies every entry's signature and folds the log into `state`;
/// returns the log's mechanism.
fn fold_log(log: &Log, dir: &Path, state: &mut State) -> Result<MechanismId, NodeError> {
    let entries = log
        .entries(0..log.size())
        .map_err(|e| NodeError::log(dir, e))?;
    verify_batch(&entries, &log.config().party_ring()).map_err(|(i, e)| NodeError::BadLog {
        dir: dir.to_owned(),
        why: format!("entry {i}: {e}"),
    })?;
    let mut mechanism = None;
    for (i, entry) in entries.iter().enumerate() {
        let event = event_of(entry, dir)?;
        match &mechanism {
            None => mechanism = Some(event.mechanism().clone()),
            Some(m) if m != event.mechanism() => {
                return Err(NodeError::BadLog {
                    dir: dir.to_owned(),
                    why: format!(
                        "entry {i} belongs to mechanism {}, not {m}",
                        event.mechanism()
                    ),
                });
            }
            Some(_) => {}
        }
        state.apply(&event);
    }
    mechanism.ok_or_else(|| NodeError::BadLog {
        dir: dir.to_owned(),
        why: "the log is empty: a mechanism's log starts with its creation".into(),
    })
}

/// Waits for submitted entries in order, folds and projects them, answers.
async fn committer(
    mut rx: mpsc::UnboundedReceiver<Commit>,
    durable: Arc<RwLock<State>>,
    store: Store,
    stopped: Arc<AtomicBool>,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < 4096 {
            match rx.try_recv() {
                Ok(c) => batch.push(c),
                Err(_) => break,
            }
        }
        let mut waits = Vec::with_capacity(batch.len());
        let mut rest = Vec::with_capacity(batch.len());
        for c in batch {
            waits.push(c.pending);
            rest.push((c.origin, c.event, c.reply));
        }
        let results = tokio::task::spawn_blocking(move || {
            waits.into_iter().map(Pending::wait).collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        let mut ok = Vec::new();
        let mut failed = false;
        for (i, (origin, event, reply)) in rest.into_iter().enumerate() {
            match results.get(i) {
                Some(Ok(index)) if !failed => ok.push((origin, *index, event, reply)),
                Some(Err(e)) => {
                    failed = true;
                    let _ = reply.send(Err(NodeError::Append(e.to_string())));
                }
                _ => {
                    failed = true;
                    let _ = reply.send(Err(NodeError::Stopped));
                }
            }
        }
        if failed {
            stopped.store(true, Ordering::SeqCst);
            tracing::error!("an append failed; the node stops accepting commands until restarted");
        }
        if ok.is_empty() {
            continue;
        }
        let mut state = durable.write().await;
        for (_, _, event, _) in &ok {
            state.apply(event);
        }
        let state = state.downgrade();
        let projected: Vec<Projected<'_>> = ok
            .iter()
            .map(|(origin, index, event, _)| Projected {
                log_origin: origin,
                index: *index,
                event,
            })
            .collect();
        let outcome = store.project(&state, &projected).await;
        drop(projected);
        drop(state);
        match outcome {
            Ok(()) => {
                for (_, index, _, reply) in ok {
                    let _ = reply.send(Ok(index));
                }
            }
            Err(e) => {
                stopped.store(true, Ordering::SeqCst);
                tracing::error!(error = %e, "projection failed; the node stops until restarted");
                let msg = e.to_string();
                for (_, _, _, reply) in ok {
                    let _ = reply.send(Err(NodeError::Projection(msg.clone())));
                }
            }
        }
    }
}
