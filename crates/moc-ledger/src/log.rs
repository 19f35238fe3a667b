//! The durable log: appends entries, publishes checkpoints, serves proofs.
//!
//! A log lives in one [`Storage`] (a directory, with [`FileStorage`]): the
//! `config` file (origin, log key, the parties allowed to author entries),
//! the log's private key under `private/`, the C2SP tiles and entry bundles,
//! and the `checkpoint`. The key design decision is the order of an append:
//! the batch's entry bundles and hash tiles (at every level) are written and
//! made durable first, then the new checkpoint is signed and atomically
//! replaces the old one, and only then are the entries' indexes
//! acknowledged. The checkpoint is therefore the commit record: a reader
//! (or a log reopened after a crash) trusts nothing beyond its size, and
//! tiles or bundles a crashed batch left behind are ignored and later
//! overwritten.
//!
//! Appends are batched by the [`Appender`] (up to [`BatchConfig::max_entries`]
//! entries or [`BatchConfig::max_wait`] after the first one, whichever comes
//! first), so one round of fsyncs and one checkpoint signature serve up to
//! 256 entries.
//!
//! Proofs are read from the stored tiles through an in-memory cache of
//! expanded tiles ([`crate::tiles::ExpandedTile`]), with the Merkle math of
//! [`crate::merkle`].

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::checkpoint::SignedCheckpoint;
use crate::entry::{Entry, EntryError};
use crate::keys::{KeyRing, SigningKey, VerifierKey};
use crate::merkle::{self, Hash, MerkleError};
use crate::proof_bundle::ProofBundle;
use crate::storage::{CHECKPOINT, FileStorage, FileWrite, Storage, StorageError};
use crate::tiles::{
    self, ExpandedTile, TileError, TileId, TileKind, TileSource, TiledHashReader, WIDTH,
};

/// The path of the log's configuration.
pub const CONFIG: &str = "config";

/// The path of the log's private key (readable by its owner only).
pub const PRIVATE_KEY: &str = "private/log.key";

/// The most entries a batch holds: one entry bundle's worth.
pub const MAX_BATCH: usize = 256;

/// How many expanded tiles the read cache keeps before it starts over
/// (about 16 KiB each: 128 MiB at most, enough for a 4-million-entry
/// log's level-0 tiles).
const CACHE_TILES: usize = 8192;

/// What a log is: its origin, the key that signs its checkpoints, and the
/// parties whose keys may author entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogConfig {
    /// The checkpoint origin line (c2sp.org/tlog-checkpoint), e.g.
    /// `moc.example/gao`; every entry names it.
    pub origin: String,
    /// The log's verifier key (checkpoints).
    pub log_key: VerifierKey,
    /// The verifier keys of the parties allowed to author entries.
    pub parties: Vec<VerifierKey>,
}

/// How the appender batches.
#[derive(Clone, Copy, Debug)]
pub struct BatchConfig {
    /// The most entries in one batch (at most [`MAX_BATCH`]).
    pub max_entries: usize,
    /// How long the first entry of a batch waits for others.
    pub max_wait: Duration,
}

impl Default for BatchConfig {
    /// 256 entries or 250 ms, as the ledger issue asks.
    fn default() -> Self {
        BatchConfig {
            max_entries: MAX_BATCH,
            max_wait: Duration::from_millis(250),
        }
    }
}

/// Why a log operation failed: not found, rejected, corrupt, or storage.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// Storage failed; for an append, nothing of the batch is acknowledged.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// There is no log here (no config or no checkpoint).
    #[error("no log here: {0} is missing")]
    NotALog(&'static str),
    /// `create` found a log already there.
    #[error("a log already exists here")]
    AlreadyExists,
    /// The config file is malformed.
    #[error("config line {line}: {why}")]
    Config {
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        why: String,
    },
    /// An entry the log refuses (bad signature, unknown party, wrong
    /// origin, malformed).
    #[error("entry rejected: {0}")]
    Rejected(String),
    /// An index or size beyond the current checkpoint.
    #[error("index {index} is not in the log (size {size})")]
    NotFound {
        /// The index asked for.
        index: u64,
        /// The log's size.
        size: u64,
    },
    /// Stored data that does not match the checkpoint or does not parse.
    #[error("corrupt log: {0}")]
    Corrupt(String),
    /// A tile or bundle that does not parse.
    #[error("corrupt log: {0}")]
    Tile(#[from] TileError),
    /// The log was opened read-only.
    #[error("the log is opened read-only")]
    ReadOnly,
    /// An earlier storage failure left the log's state unknown: reopen it.
    #[error("an earlier storage failure stopped this log; reopen it")]
    Poisoned,
    /// The appender has stopped.
    #[error("the appender has stopped")]
    Closed,
    /// The batch this entry was in could not be made durable (the
    /// appender's copy of the batch's error); nothing of it is acknowledged.
    #[error("the batch was not written: {0}")]
    BatchFailed(String),
}

impl From<MerkleError> for LogError {
    fn from(e: MerkleError) -> Self {
        LogError::Corrupt(e.to_string())
    }
}

impl LogConfig {
    /// The config file: `origin <origin>`, `log-key <vkey>`, then one
    /// `party <vkey>` line per party.
    pub fn to_text(&self) -> String {
        let mut out = format!("origin {}\nlog-key {}\n", self.origin, self.log_key);
        for p in &self.parties {
            out.push_str(&format!("party {p}\n"));
        }
        out
    }

    /// Parses the config file.
    ///
    /// # Errors
    ///
    /// [`LogError::Config`] naming the line.
    pub fn parse(text: &str) -> Result<Self, LogError> {
        let mut origin = None;
        let mut log_key = None;
        let mut parties = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let err = |why: String| LogError::Config { line: i + 1, why };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(' ')
                .ok_or_else(|| err("expected `name value`".into()))?;
            match key {
                "origin" if origin.is_none() => origin = Some(value.to_owned()),
                "log-key" if log_key.is_none() => {
                    log_key = Some(value.parse().map_err(|e| err(format!("{e}")))?)
                }
                "party" => parties.push(value.parse().map_err(|e| err(format!("{e}")))?),
                _ => return Err(err(format!("unexpected or repeated {key:?}"))),
            }
        }
        let missing = |what: &str| LogError::Config {
            line: text.lines().count(),
            why: format!("no {what} line"),
        };
        Ok(LogConfig {
            origin: origin.ok_or_else(|| missing("origin"))?,
            log_key: log_key.ok_or_else(|| missing("log-key"))?,
            parties,
        })
    }

    /// The parties' keys as a ring.
    pub fn party_ring(&self) -> KeyRing {
        self.parties.iter().cloned().collect()
    }
}

/// The right edge of the tree: what an append needs to extend it.
#[derive(Clone, Debug, Default)]
struct Edge {
    size: u64,
    /// Per tile level, the hashes of the rightmost (partial) tile; empty
    /// when the level's hash count is a multiple of 256.
    tiles: Vec<Vec<Hash>>,
    /// The entries of the partial entry bundle.
    bundle: Vec<Vec<u8>>,
}

impl Edge {
    /// Adds one leaf, recording in `full` the tiles it completes.
    fn push(
        &mut self,
        entry: &[u8],
        full: &mut Vec<(TileId, Arc<ExpandedTile>)>,
        files: &mut Vec<FileWrite>,
    ) -> Result<(), LogError> {
        self.bundle.push(entry.to_vec());
        if self.bundle.len() as u64 == WIDTH {
            let id = TileId::entries(self.size / WIDTH, WIDTH as u16)?;
            let bytes = tiles::encode_bundle(self.bundle.iter().map(Vec::as_slice))?;
            files.push((id.path(), bytes));
            self.bundle.clear();
        }
        let mut hash = merkle::leaf_hash(entry);
        self.size += 1;
        let mut level = 0usize;
        loop {
            if self.tiles.len() <= level {
                self.tiles.push(Vec::new());
            }
            self.tiles[level].push(hash);
            if self.tiles[level].len() as u64 != WIDTH {
                break;
            }
            let count = self.size >> (8 * level);
            let id = TileId::hashes(level as u8, count / WIDTH - 1, WIDTH as u16)?;
            let expanded = ExpandedTile::new(std::mem::take(&mut self.tiles[level]));
            hash = expanded
                .root()
                .ok_or_else(|| LogError::Corrupt("full tile without root".into()))?;
            files.push((id.path(), tiles::encode_hash_tile(expanded.hashes())));
            full.push((id, Arc::new(expanded)));
            level += 1;
        }
        Ok(())
    }

    /// The partial tiles (with their files) at the current size that
    /// differ from those at `old_size`.
    fn partial_tiles(
        &self,
        old_size: u64,
        files: &mut Vec<FileWrite>,
    ) -> Result<Vec<(TileId, Arc<ExpandedTile>)>, LogError> {
        let mut out = Vec::new();
        for (level, hashes) in self.tiles.iter().enumerate() {
            let shift = 8 * level as u32;
            if hashes.is_empty() || old_size >> shift == self.size >> shift {
                continue;
            }
            let id = TileId::hashes(
                level as u8,
                (self.size >> shift) / WIDTH,
                hashes.len() as u16,
            )?;
            files.push((id.path(), tiles::encode_hash_tile(hashes)));
            out.push((id, Arc::new(ExpandedTile::new(hashes.clone()))));
        }
        if !self.bundle.is_empty() && old_size != self.size {
            let id = TileId::entries(self.size / WIDTH, self.bundle.len() as u16)?;
            files.push((
                id.path(),
                tiles::encode_bundle(self.bundle.iter().map(Vec::as_slice))?,
            ));
        }
        Ok(out)
    }
}

/// Serves the edge's partial tiles, which hold every hash the root needs.
struct EdgeSource<'a>(&'a [(TileId, Arc<ExpandedTile>)]);

impl TileSource for EdgeSource<'_> {
    fn expanded(&self, tile: TileId) -> Result<Arc<ExpandedTile>, tlog_tiles::Error> {
        self.0
            .iter()
            .find(|(id, _)| id.kind() == tile.kind() && id.index() == tile.index())
            .map(|(_, e)| e.clone())
            .ok_or(tlog_tiles::Error::InvalidTile)
    }
}

/// Expanded tiles read from storage, shared by every proof.
struct TileCache<'a> {
    storage: &'a dyn Storage,
    tiles: &'a RwLock<HashMap<(u8, u64), Arc<ExpandedTile>>>,
    /// The first error behind a `tlog_tiles::Error`, for a useful message.
    error: Mutex<Option<LogError>>,
}

impl TileSource for TileCache<'_> {
    fn expanded(&self, tile: TileId) -> Result<Arc<ExpandedTile>, tlog_tiles::Error> {
        let TileKind::Hashes { level } = tile.kind() else {
            return Err(tlog_tiles::Error::InvalidTile);
        };
        let key = (level, tile.index());
        {
            let cache = self.tiles.read().unwrap_or_else(|e| e.into_inner());
            if let Some(t) = cache
                .get(&key)
                .filter(|t| t.width() >= usize::from(tile.width()))
            {
                return Ok(t.clone());
            }
        }
        let loaded = read_hash_tile(self.storage, tile).map(|h| Arc::new(ExpandedTile::new(h)));
        match loaded {
            Ok(t) => {
                let mut cache = self.tiles.write().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CACHE_TILES {
                    cache.clear();
                }
                cache.insert(key, t.clone());
                Ok(t)
            }
            Err(e) => {
                self.error
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(e);
                Err(tlog_tiles::Error::InvalidTile)
            }
        }
    }
}

/// Reads and parses one hash tile.
fn read_hash_tile(storage: &dyn Storage, tile: TileId) -> Result<Vec<Hash>, LogError> {
    let bytes = storage
        .read(&tile.path())?
        .ok_or_else(|| LogError::Corrupt(format!("tile {} is missing", tile.path())))?;
    Ok(tiles::parse_hash_tile(&tile, &bytes)?)
}

/// The state a checkpoint commits to.
struct Head {
    checkpoint: SignedCheckpoint,
    bytes: Vec<u8>,
}

/// A log: its storage, its config, its current checkpoint, and for a
/// writer its signing key and the tree's right edge.
pub struct Log {
    storage: Box<dyn Storage>,
    config: LogConfig,
    parties: KeyRing,
    signer: Option<SigningKey>,
    head: Head,
    edge: Edge,
    cache: RwLock<HashMap<(u8, u64), Arc<ExpandedTile>>>,
    poisoned: bool,
}

impl std::fmt::Debug for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Log")
            .field("origin", &self.config.origin)
            .field("size", &self.size())
            .field("writer", &self.signer.is_some())
            .finish()
    }
}

impl Log {
    /// Creates a log in directory `dir` (made if missing), signed by `key`.
    ///
    /// # Errors
    ///
    /// [`LogError::AlreadyExists`], a key that is not `config.log_key`'s
    /// private half ([`LogError::Rejected`]), or a storage error.
    pub fn create(dir: &Path, config: LogConfig, key: SigningKey) -> Result<Self, LogError> {
        Self::create_in(Box::new(FileStorage::open_writer(dir)?), config, key)
    }

    /// Opens the log in `dir` for appending (taking its lock).
    ///
    /// # Errors
    ///
    /// [`LogError::NotALog`], [`StorageError::Locked`] if another writer has
    /// it, [`LogError::Corrupt`] if its tiles do not match its checkpoint.
    pub fn open(dir: &Path) -> Result<Self, LogError> {
        Self::open_in(Box::new(FileStorage::open_writer(dir)?))
    }

    /// Opens the log in `dir` for reading (no lock, no key).
    ///
    /// # Errors
    ///
    /// As [`Log::open`], but never [`StorageError::Locked`].
    pub fn open_read_only(dir: &Path) -> Result<Self, LogError> {
        Self::open_with(Box::new(FileStorage::open_reader(dir)?), false)
    }

    /// [`Log::create`] in any storage.
    ///
    /// # Errors
    ///
    /// As [`Log::create`].
    pub fn create_in(
        storage: Box<dyn Storage>,
        config: LogConfig,
        key: SigningKey,
    ) -> Result<Self, LogError> {
        // The first checkpoint is the commit record of a creation too: a
        // config without one is a creation that crashed half-way, and
        // nothing was ever acknowledged from it, so it may be redone.
        if storage.read(CHECKPOINT)?.is_some() {
            return Err(LogError::AlreadyExists);
        }
        if key.verifier() != config.log_key {
            return Err(LogError::Rejected(
                "the signing key is not the log key of the config".into(),
            ));
        }
        if config.origin != key.name() {
            return Err(LogError::Rejected(format!(
                "the log key is named {:?}, the origin is {:?}",
                key.name(),
                config.origin
            )));
        }
        // Parse what we write, so a config that cannot be read back (a
        // newline in the origin) is refused now.
        let text = config.to_text();
        if LogConfig::parse(&text)? != config {
            return Err(LogError::Config {
                line: 1,
                why: "the origin cannot be written".into(),
            });
        }
        storage.write_files(&[
            (CONFIG.to_owned(), text.into_bytes()),
            (
                PRIVATE_KEY.to_owned(),
                format!("{}\n", key.to_private_string()).into_bytes(),
            ),
        ])?;
        let checkpoint = SignedCheckpoint::sign(&config.origin, 0, tlog_tiles::EMPTY_HASH, &key)
            .map_err(|e| LogError::Rejected(e.to_string()))?;
        storage.replace_checkpoint(&checkpoint.to_bytes())?;
        Self::open_in(storage)
    }

    /// [`Log::open_read_only`] in any storage.
    ///
    /// # Errors
    ///
    /// As [`Log::open_read_only`].
    pub fn open_read_only_in(storage: Box<dyn Storage>) -> Result<Self, LogError> {
        Self::open_with(storage, false)
    }

    /// [`Log::open`] in any storage.
    ///
    /// # Errors
    ///
    /// As [`Log::open`].
    pub fn open_in(storage: Box<dyn Storage>) -> Result<Self, LogError> {
        Self::open_with(storage, true)
    }

    fn open_with(storage: Box<dyn Storage>, writer: bool) -> Result<Self, LogError> {
        let config_bytes = storage.read(CONFIG)?.ok_or(LogError::NotALog(CONFIG))?;
        let config = LogConfig::parse(std::str::from_utf8(&config_bytes).map_err(|_| {
            LogError::Config {
                line: 1,
                why: "not UTF-8".into(),
            }
        })?)?;
        let signer = if writer {
            let bytes = storage
                .read(PRIVATE_KEY)?
                .ok_or(LogError::NotALog(PRIVATE_KEY))?;
            let key: SigningKey = std::str::from_utf8(&bytes)
                .map_err(|_| LogError::Corrupt("the log key is not UTF-8".into()))?
                .trim()
                .parse()
                .map_err(|e| LogError::Corrupt(format!("the log key: {e}")))?;
            if key.verifier() != config.log_key {
                return Err(LogError::Corrupt(
                    "the private key is not the config's log key".into(),
                ));
            }
            Some(key)
        } else {
            None
        };
        let bytes = storage
            .read(CHECKPOINT)?
            .ok_or(LogError::NotALog(CHECKPOINT))?;
        let checkpoint = open_checkpoint(&bytes, &config)?;
        let mut log = Log {
            parties: config.party_ring(),
            storage,
            config,
            signer,
            head: Head { checkpoint, bytes },
            edge: Edge::default(),
            cache: RwLock::new(HashMap::new()),
            poisoned: false,
        };
        // Only a writer needs the right edge; a reader (an audit above all)
        // must get to name a damaged tile rather than fail here.
        if writer {
            log.edge = log.load_edge()?;
        }
        Ok(log)
    }

    /// Reads the right edge of the tree at the checkpoint's size and checks
    /// that it hashes to the checkpoint's root: a torn write or a tampered
    /// partial tile is caught here, before anything is appended to it.
    fn load_edge(&self) -> Result<Edge, LogError> {
        let size = self.size();
        let mut edge = Edge {
            size,
            ..Edge::default()
        };
        let mut level = 0u32;
        while size >> (8 * level) > 0 {
            let count = size >> (8 * level);
            let width = count % WIDTH;
            let hashes = if width > 0 {
                read_hash_tile(
                    self.storage.as_ref(),
                    TileId::hashes(level as u8, count / WIDTH, width as u16)?,
                )?
            } else {
                Vec::new()
            };
            edge.tiles.push(hashes);
            level += 1;
        }
        if !size.is_multiple_of(WIDTH) {
            let id = TileId::entries(size / WIDTH, (size % WIDTH) as u16)?;
            edge.bundle = self.read_bundle(id)?.into_iter().collect();
        }
        let root = edge_root(&edge)?;
        if root != self.root() {
            return Err(LogError::Corrupt(format!(
                "the tiles at size {size} do not hash to the checkpoint's root"
            )));
        }
        Ok(edge)
    }

    /// The log's config.
    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    /// The size of the tree the current checkpoint commits to.
    pub fn size(&self) -> u64 {
        self.head.checkpoint.size()
    }

    /// The root hash the current checkpoint commits to.
    pub fn root(&self) -> Hash {
        self.head.checkpoint.root()
    }

    /// The current checkpoint.
    pub fn checkpoint(&self) -> &SignedCheckpoint {
        &self.head.checkpoint
    }

    /// The current checkpoint's bytes, as stored.
    pub fn checkpoint_bytes(&self) -> &[u8] {
        &self.head.bytes
    }

    /// The storage (for the audit, which reads every file).
    pub fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }

    /// Checks that an entry may go into this log: it parses, names this
    /// log's origin and is signed by one of its parties.
    ///
    /// # Errors
    ///
    /// [`LogError::Rejected`] saying why.
    pub fn check_entry(&self, entry: &Entry) -> Result<(), LogError> {
        self.check_origin(entry)?;
        entry
            .verify(&self.parties)
            .map_err(|e| LogError::Rejected(e.to_string()))
    }

    fn check_origin(&self, entry: &Entry) -> Result<(), LogError> {
        if entry.event().origin != self.config.origin {
            return Err(LogError::Rejected(format!(
                "the entry is for log {:?}, this is {:?}",
                entry.event().origin,
                self.config.origin
            )));
        }
        Ok(())
    }

    /// Appends a batch: checks every entry (one batched signature check),
    /// appends those that pass, makes them durable, publishes the new
    /// checkpoint, and returns each entry's index or why it was refused.
    ///
    /// # Errors
    ///
    /// The outer error is a storage failure (or a read-only or poisoned
    /// log): then no entry of the batch is acknowledged, and the log must be
    /// reopened ([`LogError::Poisoned`] until then), which finds it at its
    /// last durable checkpoint.
    pub fn append(&mut self, entries: &[Entry]) -> Result<Vec<Result<u64, LogError>>, LogError> {
        let mut verdicts: Vec<Result<(), LogError>> =
            entries.iter().map(|e| self.check_origin(e)).collect();
        match crate::entry::verify_batch(entries, &self.parties) {
            Ok(()) => {}
            Err(_) => {
                // Find every bad one, not only the first.
                for (e, v) in entries.iter().zip(verdicts.iter_mut()) {
                    if v.is_ok() {
                        *v = e
                            .verify(&self.parties)
                            .map_err(|e: EntryError| LogError::Rejected(e.to_string()));
                    }
                }
            }
        }
        let good: Vec<&[u8]> = entries
            .iter()
            .zip(&verdicts)
            .filter(|(_, v)| v.is_ok())
            .map(|(e, _)| e.as_bytes())
            .collect();
        let range = self.append_bytes(&good)?;
        let mut next = range.start;
        Ok(verdicts
            .into_iter()
            .map(|v| {
                v.map(|()| {
                    next += 1;
                    next - 1
                })
            })
            .collect())
    }

    /// The rules entries must follow to enter this log, to check them
    /// away from the appender (in the submitters' threads).
    pub fn rules(&self) -> EntryRules {
        EntryRules {
            origin: self.config.origin.clone(),
            parties: Arc::new(self.parties.clone()),
        }
    }

    /// Appends entries checked by [`EntryRules::check`]: makes them
    /// durable, publishes the new checkpoint, and returns their indexes.
    ///
    /// # Errors
    ///
    /// As [`Log::append`]'s outer error; [`LogError::Rejected`] (nothing
    /// written) if an entry was checked for another log.
    pub fn append_checked(&mut self, entries: &[CheckedEntry]) -> Result<Range<u64>, LogError> {
        for e in entries {
            self.check_origin(&e.0)?;
        }
        let bytes: Vec<&[u8]> = entries.iter().map(|e| e.0.as_bytes()).collect();
        self.append_bytes(&bytes)
    }

    /// Appends entries already checked: the durable core of
    /// [`Log::append`].
    fn append_bytes(&mut self, entries: &[&[u8]]) -> Result<Range<u64>, LogError> {
        if self.poisoned {
            return Err(LogError::Poisoned);
        }
        let key = self.signer.clone().ok_or(LogError::ReadOnly)?;
        let old = self.size();
        if entries.is_empty() {
            return Ok(old..old);
        }
        for e in entries {
            if e.len() > tiles::MAX_ENTRY_LEN {
                return Err(LogError::Rejected(format!(
                    "an entry of {} bytes is too long",
                    e.len()
                )));
            }
        }
        let mut edge = self.edge.clone();
        let mut files = Vec::new();
        let mut full = Vec::new();
        for e in entries {
            edge.push(e, &mut full, &mut files)?;
        }
        let partial = edge.partial_tiles(old, &mut files)?;
        let root = edge_root_from(&edge, &partial)?;
        let checkpoint = SignedCheckpoint::sign(&self.config.origin, edge.size, root, &key)
            .map_err(|e| LogError::Rejected(e.to_string()))?;
        let bytes = checkpoint.to_bytes();
        // From here on a failure leaves the storage's state unknown to us.
        self.poisoned = true;
        self.storage.write_files(&files)?;
        self.storage.replace_checkpoint(&bytes)?;
        self.poisoned = false;
        self.head = Head { checkpoint, bytes };
        self.edge = edge;
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        if cache.len() + full.len() + partial.len() > CACHE_TILES {
            cache.clear();
        }
        for (id, t) in full.into_iter().chain(partial) {
            if let TileKind::Hashes { level } = id.kind() {
                cache.insert((level, id.index()), t);
            }
        }
        Ok(old..self.size())
    }

    /// Reads and parses one entry bundle.
    fn read_bundle(&self, id: TileId) -> Result<Vec<Vec<u8>>, LogError> {
        let bytes = self
            .storage
            .read(&id.path())?
            .ok_or_else(|| LogError::Corrupt(format!("entry bundle {} is missing", id.path())))?;
        Ok(tiles::parse_bundle(&id, &bytes)?
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect())
    }

    /// The bytes of entry `index`.
    ///
    /// # Errors
    ///
    /// [`LogError::NotFound`] beyond the checkpoint, or a storage or
    /// corruption error.
    pub fn entry_bytes(&self, index: u64) -> Result<Vec<u8>, LogError> {
        let id = TileId::in_tree(TileKind::Entries, index / WIDTH, self.size())
            .filter(|_| index < self.size())
            .ok_or(LogError::NotFound {
                index,
                size: self.size(),
            })?;
        let mut bundle = self.read_bundle(id)?;
        Ok(bundle.swap_remove((index % WIDTH) as usize))
    }

    /// Entry `index`, parsed.
    ///
    /// # Errors
    ///
    /// As [`Log::entry_bytes`], or [`LogError::Corrupt`] if it does not parse.
    pub fn entry(&self, index: u64) -> Result<Entry, LogError> {
        let bytes = self.entry_bytes(index)?;
        Entry::from_bytes(&bytes).map_err(|e| LogError::Corrupt(format!("entry {index}: {e}")))
    }

    /// Entries `range.start..range.end`, parsed, reading each entry bundle
    /// once (a node replays its whole log this way when it starts).
    ///
    /// # Errors
    ///
    /// [`LogError::NotFound`] if the range goes beyond the checkpoint, or as
    /// [`Log::entry`].
    pub fn entries(&self, range: Range<u64>) -> Result<Vec<Entry>, LogError> {
        if range.end > self.size() {
            return Err(LogError::NotFound {
                index: range.end - 1,
                size: self.size(),
            });
        }
        let mut out =
            Vec::with_capacity(usize::try_from(range.end.saturating_sub(range.start)).unwrap_or(0));
        let mut index = range.start;
        while index < range.end {
            let n = index / WIDTH;
            let id =
                TileId::in_tree(TileKind::Entries, n, self.size()).ok_or(LogError::NotFound {
                    index,
                    size: self.size(),
                })?;
            let bundle = self.read_bundle(id)?;
            let last = ((n + 1) * WIDTH).min(range.end);
            for i in index..last {
                let bytes = bundle.get((i % WIDTH) as usize).ok_or_else(|| {
                    LogError::Corrupt(format!("entry bundle {} is short", id.path()))
                })?;
                out.push(
                    Entry::from_bytes(bytes)
                        .map_err(|e| LogError::Corrupt(format!("entry {i}: {e}")))?,
                );
            }
            index = last;
        }
        Ok(out)
    }

    /// Runs `f` with a hash reader over the stored tiles of the current
    /// tree, turning a tile failure into its own error.
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&TiledHashReader<'_, TileCache<'_>>) -> Result<T, MerkleError>,
    ) -> Result<T, LogError> {
        let cache = TileCache {
            storage: self.storage.as_ref(),
            tiles: &self.cache,
            error: Mutex::new(None),
        };
        let reader = TiledHashReader::new(self.size(), &cache);
        let out = f(&reader);
        if let Some(e) = cache.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        Ok(out?)
    }

    /// The inclusion proof of entry `index` in the current tree, from the
    /// stored tiles.
    ///
    /// # Errors
    ///
    /// [`LogError::NotFound`] beyond the checkpoint, or a storage or
    /// corruption error.
    pub fn prove_inclusion(&self, index: u64) -> Result<Vec<Hash>, LogError> {
        if index >= self.size() {
            return Err(LogError::NotFound {
                index,
                size: self.size(),
            });
        }
        self.with_reader(|r| merkle::prove_inclusion(self.size(), index, r))
    }

    /// A C2SP tlog-proof bundle for entry `index`: the entry, its
    /// inclusion proof and the current checkpoint with its signatures.
    ///
    /// # Errors
    ///
    /// As [`Log::prove_inclusion`].
    pub fn proof_bundle(&self, index: u64) -> Result<ProofBundle, LogError> {
        Ok(ProofBundle {
            index,
            proof: self.prove_inclusion(index)?,
            checkpoint: self.head.bytes.clone(),
            entry: Some(self.entry_bytes(index)?),
        })
    }

    /// The consistency proof from the tree of `old_size` to the current one.
    ///
    /// # Errors
    ///
    /// [`LogError::NotFound`] if `old_size` is beyond the checkpoint, or a
    /// storage or corruption error.
    pub fn prove_consistency(&self, old_size: u64) -> Result<Vec<Hash>, LogError> {
        if old_size > self.size() {
            return Err(LogError::NotFound {
                index: old_size,
                size: self.size(),
            });
        }
        self.with_reader(|r| merkle::prove_consistency(self.size(), old_size, r))
    }

    /// The root of the tree of `size` leaves (at most the current size),
    /// from the stored tiles.
    ///
    /// # Errors
    ///
    /// As [`Log::prove_consistency`].
    pub fn root_at(&self, size: u64) -> Result<Hash, LogError> {
        if size > self.size() {
            return Err(LogError::NotFound {
                index: size,
                size: self.size(),
            });
        }
        let cache = TileCache {
            storage: self.storage.as_ref(),
            tiles: &self.cache,
            error: Mutex::new(None),
        };
        let reader = TiledHashReader::new(size, &cache);
        let out = merkle::root(size, &reader);
        if let Some(e) = cache.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        Ok(out?)
    }
}

/// The root of the tree whose right edge is `edge`.
fn edge_root(edge: &Edge) -> Result<Hash, LogError> {
    let mut files = Vec::new();
    let partial = edge.partial_tiles(0, &mut files)?;
    edge_root_from(edge, &partial)
}

fn edge_root_from(edge: &Edge, partial: &[(TileId, Arc<ExpandedTile>)]) -> Result<Hash, LogError> {
    // Every hash of the root's decomposition lies in a partial edge tile;
    // levels whose edge tile is empty or unchanged need one too.
    let mut all: Vec<(TileId, Arc<ExpandedTile>)> = partial.to_vec();
    for (level, hashes) in edge.tiles.iter().enumerate() {
        let count = edge.size >> (8 * level as u32);
        if hashes.is_empty()
            || all
                .iter()
                .any(|(id, _)| id.kind() == (TileKind::Hashes { level: level as u8 }))
        {
            continue;
        }
        let id = TileId::hashes(level as u8, count / WIDTH, hashes.len() as u16)?;
        all.push((id, Arc::new(ExpandedTile::new(hashes.clone()))));
    }
    let source = EdgeSource(&all);
    Ok(merkle::root(
        edge.size,
        &TiledHashReader::new(edge.size, &source),
    )?)
}

/// Parses and verifies a checkpoint against the log's config.
fn open_checkpoint(bytes: &[u8], config: &LogConfig) -> Result<SignedCheckpoint, LogError> {
    let cp = SignedCheckpoint::from_bytes(bytes, &config.log_key)
        .map_err(|e| LogError::Corrupt(format!("checkpoint: {e}")))?;
    if cp.origin() != config.origin {
        return Err(LogError::Corrupt(format!(
            "checkpoint: origin {:?}, expected {:?}",
            cp.origin(),
            config.origin
        )));
    }
    Ok(cp)
}

/// An entry that passed a log's [`EntryRules`]: for its origin and signed
/// by one of its parties. Only [`EntryRules::check`] makes one.
#[derive(Clone, Debug)]
pub struct CheckedEntry(Entry);

impl CheckedEntry {
    /// The entry.
    pub fn entry(&self) -> &Entry {
        &self.0
    }
}

/// What an entry must satisfy to enter a log: its origin, and a signature
/// by one of its parties. Cheap to clone (the key ring is shared).
#[derive(Clone, Debug)]
pub struct EntryRules {
    origin: String,
    parties: Arc<KeyRing>,
}

impl EntryRules {
    /// Checks `entry` (one Ed25519 verification).
    ///
    /// # Errors
    ///
    /// [`LogError::Rejected`] saying why.
    pub fn check(&self, entry: Entry) -> Result<CheckedEntry, LogError> {
        if entry.event().origin != self.origin {
            return Err(LogError::Rejected(format!(
                "the entry is for log {:?}, this is {:?}",
                entry.event().origin,
                self.origin
            )));
        }
        entry
            .verify(&self.parties)
            .map_err(|e| LogError::Rejected(e.to_string()))?;
        Ok(CheckedEntry(entry))
    }
}

/// One entry waiting for its index.
struct Request {
    entry: CheckedEntry,
    reply: mpsc::Sender<Result<u64, LogError>>,
}

/// An entry submitted to the [`Appender`], waiting to be acknowledged.
#[derive(Debug)]
pub struct Pending(mpsc::Receiver<Result<u64, LogError>>);

impl Pending {
    /// Blocks until the entry is durable and under a published checkpoint,
    /// and returns its index.
    ///
    /// # Errors
    ///
    /// [`LogError::Rejected`] for this entry, or the batch's storage error,
    /// or [`LogError::Closed`] if the appender stopped.
    pub fn wait(self) -> Result<u64, LogError> {
        self.0.recv().unwrap_or(Err(LogError::Closed))
    }
}

/// A handle that submits entries to an [`Appender`] from any thread.
///
/// The entry's signature is checked in the submitting thread, so that the
/// appender spends its time on the disk and signature checks of the next
/// batch overlap the fsyncs of the current one.
#[derive(Clone, Debug)]
pub struct Submitter {
    tx: mpsc::Sender<Request>,
    rules: EntryRules,
}

impl Submitter {
    /// Checks and queues `entry`; [`Pending::wait`] gives its index once
    /// durable, or why it was refused.
    pub fn submit(&self, entry: Entry) -> Pending {
        let (reply, rx) = mpsc::channel();
        match self.rules.check(entry) {
            // If the appender has stopped, the dropped `reply` makes `wait`
            // return `Closed`.
            Ok(entry) => {
                let _ = self.tx.send(Request { entry, reply });
            }
            Err(e) => {
                let _ = reply.send(Err(e));
            }
        }
        Pending(rx)
    }
}

/// The batching appender: a thread that owns the log, gathers submitted
/// entries into batches, and acknowledges each once its batch is durable.
#[derive(Debug)]
pub struct Appender {
    submitter: Option<Submitter>,
    thread: Option<JoinHandle<Log>>,
}

impl Appender {
    /// Starts the appender thread over `log`.
    pub fn spawn(log: Log, config: BatchConfig) -> Self {
        let (tx, rx) = mpsc::channel::<Request>();
        let rules = log.rules();
        let max = config.max_entries.clamp(1, MAX_BATCH);
        let thread = std::thread::spawn(move || {
            let mut log = log;
            while let Ok(first) = rx.recv() {
                let deadline = Instant::now() + config.max_wait;
                let mut batch = vec![first];
                while batch.len() < max {
                    let now = Instant::now();
                    if now >= deadline {
                        break;
                    }
                    match rx.recv_timeout(deadline - now) {
                        Ok(r) => batch.push(r),
                        Err(_) => break,
                    }
                }
                let (entries, replies): (Vec<CheckedEntry>, Vec<_>) =
                    batch.into_iter().map(|r| (r.entry, r.reply)).unzip();
                match log.append_checked(&entries) {
                    Ok(range) => {
                        for (reply, index) in replies.into_iter().zip(range) {
                            let _ = reply.send(Ok(index));
                        }
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        for reply in replies {
                            let _ = reply.send(Err(match &e {
                                LogError::Poisoned => LogError::Poisoned,
                                _ => LogError::BatchFailed(msg.clone()),
                            }));
                        }
                    }
                }
            }
            log
        });
        Appender {
            submitter: Some(Submitter { tx, rules }),
            thread: Some(thread),
        }
    }

    /// A handle for submitting from other threads.
    ///
    /// # Panics
    ///
    /// Never: the handle is only taken away by [`Appender::finish`], which
    /// consumes the appender.
    pub fn submitter(&self) -> Submitter {
        self.submitter.clone().expect("the appender is running")
    }

    /// Checks and queues `entry`.
    pub fn submit(&self, entry: Entry) -> Pending {
        self.submitter().submit(entry)
    }

    /// Stops accepting entries once every submitter is dropped, finishes
    /// the last batch, and gives the log back.
    ///
    /// # Errors
    ///
    /// [`LogError::Closed`] if the appender thread panicked.
    pub fn finish(mut self) -> Result<Log, LogError> {
        self.submitter = None;
        self.thread
            .take()
            .ok_or(LogError::Closed)?
            .join()
            .map_err(|_| LogError::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Event;
    use crate::keys::KeyKind;
    use crate::merkle::MemoryTree;
    use crate::storage::{Fault, MemStorage};

    const ORIGIN: &str = "moc.example/test";

    fn log_key() -> SigningKey {
        SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32]).unwrap()
    }

    fn party() -> SigningKey {
        SigningKey::from_seed("fama", KeyKind::Ed25519, &[2; 32]).unwrap()
    }

    fn config() -> LogConfig {
        LogConfig {
            origin: ORIGIN.into(),
            log_key: log_key().verifier(),
            parties: vec![party().verifier()],
        }
    }

    fn event(i: u64) -> Event {
        Event {
            origin: ORIGIN.into(),
            kind: "note".into(),
            party: "fama".into(),
            user: "u1".into(),
            time_ms: 1_700_000_000_000 + i,
            payload: serde_json::json!({ "i": i }),
        }
    }

    fn entry(i: u64) -> Entry {
        Entry::sign(&event(i), &party()).unwrap()
    }

    fn new_log(storage: &MemStorage) -> Log {
        Log::create_in(Box::new(storage.clone()), config(), log_key()).unwrap()
    }

    /// The log's tree must be the tree of its entries, and every proof
    /// must check against its checkpoint.
    fn check_against_memory(log: &Log, expected: &[Entry]) {
        assert_eq!(log.size(), expected.len() as u64);
        let mut tree = MemoryTree::new();
        for e in expected {
            tree.push(e.leaf_hash());
        }
        assert_eq!(log.root(), tree.root());
        let n = log.size();
        for i in [0, n / 2, n.saturating_sub(1)] {
            if i < n {
                let p = log.prove_inclusion(i).unwrap();
                merkle::verify_inclusion(&p, n, log.root(), i, expected[i as usize].leaf_hash())
                    .unwrap();
                assert_eq!(log.entry_bytes(i).unwrap(), expected[i as usize].as_bytes());
            }
        }
        for old in [1, n / 3, n] {
            if (1..=n).contains(&old) {
                let p = log.prove_consistency(old).unwrap();
                merkle::verify_consistency(&p, n, log.root(), old, tree.root_at(old).unwrap())
                    .unwrap();
            }
        }
    }

    #[test]
    fn entries_reads_ranges_across_bundles() {
        let storage = MemStorage::new();
        let mut log = new_log(&storage);
        let all: Vec<Entry> = (0..600).map(entry).collect();
        for chunk in all.chunks(MAX_BATCH) {
            log.append(chunk).unwrap();
        }
        for (start, end) in [(0, 600), (0, 0), (255, 257), (10, 11), (512, 600)] {
            let got = log.entries(start..end).unwrap();
            let want = &all[start as usize..end as usize];
            assert_eq!(
                got.iter().map(Entry::as_bytes).collect::<Vec<_>>(),
                want.iter().map(Entry::as_bytes).collect::<Vec<_>>()
            );
        }
        assert!(matches!(
            log.entries(599..601),
            Err(LogError::NotFound {
                index: 600,
                size: 600
            })
        ));
    }

    #[test]
    fn appends_reopen_and_prove() {
        let storage = MemStorage::new();
        let mut log = new_log(&storage);
        assert_eq!(log.size(), 0);
        let mut all = Vec::new();
        let mut next = 0;
        for batch in [1usize, 2, 253, 256, 1, 255, 300, 65_536 - 1068, 300] {
            let entries: Vec<Entry> = (next..next + batch as u64).map(entry).collect();
            next += batch as u64;
            for chunk in entries.chunks(MAX_BATCH) {
                let old = log.size();
                let before = storage.files();
                let got = log.append(chunk).unwrap();
                let want: Vec<u64> = (old..old + chunk.len() as u64).collect();
                assert_eq!(
                    got.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
                    want
                );
                // Exactly the tiles C2SP says a growth writes, plus the checkpoint.
                let after = storage.files();
                let mut changed: Vec<String> = after
                    .iter()
                    .filter(|(k, v)| before.get(*k) != Some(v))
                    .map(|(k, _)| k.clone())
                    .collect();
                changed.sort();
                let mut expected: Vec<String> = tiles::tiles_for_growth(old, log.size())
                    .iter()
                    .map(TileId::path)
                    .collect();
                expected.push(CHECKPOINT.into());
                expected.sort();
                assert_eq!(changed, expected);
            }
            all.extend(entries);
            check_against_memory(&log, &all);
        }
        drop(log);
        let reopened = Log::open_in(Box::new(storage.clone())).unwrap();
        check_against_memory(&reopened, &all);
        assert_eq!(reopened.entry(7).unwrap(), all[7]);
        let bundle = reopened.proof_bundle(1000).unwrap();
        let policy =
            crate::policy::Policy::parse(&format!("log {}\nquorum none\n", log_key().verifier()))
                .unwrap();
        let again = ProofBundle::from_bytes(&bundle.to_bytes()).unwrap();
        assert_eq!(
            again.verify_entry(&policy, &config().party_ring()).unwrap(),
            all[1000]
        );
        assert!(matches!(
            reopened.prove_inclusion(all.len() as u64),
            Err(LogError::NotFound { .. })
        ));
    }

    #[test]
    fn refuses_bad_entries_one_by_one() {
        let storage = MemStorage::new();
        let mut log = new_log(&storage);
        let stranger = SigningKey::from_seed("stranger", KeyKind::Ed25519, &[3; 32]).unwrap();
        let mut foreign = event(1);
        foreign.party = "stranger".into();
        let mut other_log = event(2);
        other_log.origin = "elsewhere".into();
        let batch = vec![
            entry(0),
            Entry::sign(&foreign, &stranger).unwrap(),
            Entry::sign(&other_log, &party()).unwrap(),
            entry(3),
        ];
        let got = log.append(&batch).unwrap();
        assert_eq!(got[0].as_ref().unwrap(), &0);
        assert!(matches!(got[1], Err(LogError::Rejected(_))));
        assert!(matches!(got[2], Err(LogError::Rejected(_))));
        assert_eq!(got[3].as_ref().unwrap(), &1);
        check_against_memory(&log, &[batch[0].clone(), batch[3].clone()]);
    }

    /// A failure at any write of an append leaves a log that reopens at a
    /// durable checkpoint with every acknowledged entry, and keeps working.
    #[test]
    fn survives_failures_at_every_step() {
        for fault in [Fault::Fail, Fault::KeepButFail] {
            for step in 0..2 {
                let storage = MemStorage::new();
                let mut log = new_log(&storage);
                let mut acked: Vec<Entry> = (0..300).map(entry).collect();
                log.append(&acked[..256]).unwrap();
                log.append(&acked[256..]).unwrap();
                storage.fail_after(step, fault);
                let lost: Vec<Entry> = (300..600).map(entry).collect();
                assert!(log.append(&lost[..256]).is_err());
                assert!(matches!(log.append(&lost[..1]), Err(LogError::Poisoned)));
                drop(log);
                let mut log = Log::open_in(Box::new(storage.clone())).unwrap();
                // Kept-but-failed checkpoint: the batch is durable after all.
                if fault == Fault::KeepButFail && step == 1 {
                    acked.extend_from_slice(&lost[..256]);
                }
                check_against_memory(&log, &acked);
                let more: Vec<Entry> = (1000..1100).map(entry).collect();
                log.append(&more).unwrap();
                acked.extend(more);
                check_against_memory(&log, &acked);
                let log = Log::open_in(Box::new(storage.clone())).unwrap();
                check_against_memory(&log, &acked);
            }
        }
    }

    #[test]
    fn detects_a_torn_edge_on_open() {
        let storage = MemStorage::new();
        let mut log = new_log(&storage);
        log.append(&(0..10).map(entry).collect::<Vec<_>>()).unwrap();
        drop(log);
        let mut tile = storage.files()["tile/0/000.p/10"].clone();
        tile[5] ^= 1;
        storage.put("tile/0/000.p/10", tile);
        assert!(matches!(
            Log::open_in(Box::new(storage.clone())),
            Err(LogError::Corrupt(_))
        ));
        storage.put("tile/0/000.p/10", vec![0; 31]);
        assert!(matches!(
            Log::open_in(Box::new(storage)),
            Err(LogError::Tile(_))
        ));
    }

    #[test]
    fn create_refuses_an_existing_log_or_a_wrong_key() {
        let storage = MemStorage::new();
        new_log(&storage);
        assert!(matches!(
            Log::create_in(Box::new(storage), config(), log_key()),
            Err(LogError::AlreadyExists)
        ));
        assert!(matches!(
            Log::create_in(Box::new(MemStorage::new()), config(), party()),
            Err(LogError::Rejected(_))
        ));
    }

    #[test]
    fn a_creation_that_failed_half_way_can_be_redone() {
        let storage = MemStorage::new();
        storage.fail_after(1, Fault::Fail);
        assert!(Log::create_in(Box::new(storage.clone()), config(), log_key()).is_err());
        assert!(matches!(
            Log::open_in(Box::new(storage.clone())),
            Err(LogError::NotALog(CHECKPOINT))
        ));
        let mut log = new_log(&storage);
        log.append(&[entry(0)]).unwrap();
    }

    #[test]
    fn config_round_trip_and_errors() {
        let c = config();
        assert_eq!(LogConfig::parse(&c.to_text()).unwrap(), c);
        for (text, line) in [
            ("origin a\norigin b\n", 2),
            ("origin a\nlog-key nonsense\n", 2),
            ("origin a\n", 1),
            ("bogus\n", 1),
        ] {
            match LogConfig::parse(text) {
                Err(LogError::Config { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn appender_batches_concurrent_submitters() {
        let storage = MemStorage::new();
        let log = new_log(&storage);
        let appender = Appender::spawn(
            log,
            BatchConfig {
                max_entries: 64,
                max_wait: Duration::from_millis(20),
            },
        );
        let threads: Vec<_> = (0..4u64)
            .map(|t| {
                let s = appender.submitter();
                std::thread::spawn(move || {
                    let pending: Vec<Pending> =
                        (0..100).map(|i| s.submit(entry(t * 1000 + i))).collect();
                    pending
                        .into_iter()
                        .map(|p| p.wait().unwrap())
                        .collect::<Vec<u64>>()
                })
            })
            .collect();
        let mut all: Vec<u64> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        all.sort();
        assert_eq!(all, (0..400).collect::<Vec<_>>());
        let stranger = SigningKey::from_seed("stranger", KeyKind::Ed25519, &[3; 32]).unwrap();
        let mut foreign = event(1);
        foreign.party = "stranger".into();
        let refused = appender.submit(Entry::sign(&foreign, &stranger).unwrap());
        assert!(matches!(refused.wait(), Err(LogError::Rejected(_))));
        let log = appender.finish().unwrap();
        assert_eq!(log.size(), 400);
        let entries: Vec<Entry> = (0..400).map(|i| log.entry(i).unwrap()).collect();
        check_against_memory(&log, &entries);
    }

    #[test]
    fn read_only_logs_do_not_append() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::create(dir.path(), config(), log_key()).unwrap();
        log.append(&[entry(0)]).unwrap();
        assert!(matches!(
            Log::open(dir.path()),
            Err(LogError::Storage(StorageError::Locked(_)))
        ));
        let mut reader = Log::open_read_only(dir.path()).unwrap();
        assert_eq!(reader.size(), 1);
        assert!(matches!(
            reader.append(&[entry(1)]),
            Err(LogError::ReadOnly)
        ));
        drop(log);
        let log = Log::open(dir.path()).unwrap();
        assert_eq!(log.size(), 1);
    }
}
