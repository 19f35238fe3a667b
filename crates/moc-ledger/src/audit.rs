//! The full audit of a log from its files.
//!
//! Anyone holding a copy of a log's files can check all of it without
//! trusting whoever wrote them: every entry bundle is parsed, every entry's
//! signature checked against the parties' keys (batched Ed25519 over every
//! core, [`crate::entry::verify_batch`]), every hash tile rebuilt from the
//! entries and compared byte for byte with the stored one, and the rebuilt
//! tree's root compared with the checkpoint's, whose log signature
//! [`Log::open_read_only`] has already checked.
//!
//! The key design decision: the audit recomputes, it does not sample. The
//! first problem found stops it, and the error names the entry index or the
//! tile path, in log order, so an operator knows where to look.

use rayon::prelude::*;

use crate::entry::{self, Entry};
use crate::log::{Log, LogError};
use crate::merkle::{self, Hash};
use crate::tiles::{self, ExpandedTile, TileId, TileKind, WIDTH};

/// How many entry bundles are checked together: enough entries (16,384)
/// for batch verification to keep both cores busy.
const BUNDLES_PER_CHUNK: u64 = 64;

/// What a passed audit covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditReport {
    /// The tree size of the audited checkpoint.
    pub size: u64,
    /// The hash tiles compared.
    pub tiles: u64,
    /// The entry bundles read.
    pub bundles: u64,
}

/// What the audit found wrong (the first thing, in log order).
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// An entry that does not parse, is for another log, or whose
    /// signature fails.
    #[error("entry {index}: {why}")]
    Entry {
        /// The entry's index in the log.
        index: u64,
        /// What is wrong with it.
        why: String,
    },
    /// A hash tile or entry bundle that is missing, malformed, or differs
    /// from what the entries give.
    #[error("{path}: {why}")]
    Tile {
        /// The tile's path.
        path: String,
        /// What is wrong with it.
        why: String,
    },
    /// The rebuilt tree does not have the checkpoint's root.
    #[error("checkpoint: {0}")]
    Checkpoint(String),
    /// Reading failed.
    #[error(transparent)]
    Log(#[from] LogError),
}

/// Audits `log` at its current checkpoint, calling `progress` with the
/// number of entries checked so far (out of `log.size()`).
///
/// # Errors
///
/// The first [`AuditError`] found.
pub fn audit(log: &Log, progress: &mut dyn FnMut(u64)) -> Result<AuditReport, AuditError> {
    let size = log.size();
    let parties = log.config().party_ring();
    let origin = log.config().origin.as_str();
    let bundles = size.div_ceil(WIDTH);
    let mut rebuilt = Rebuilt::new(log, size);
    let mut first = 0;
    while first < bundles {
        let last = (first + BUNDLES_PER_CHUNK).min(bundles);
        // Read and parse the chunk's bundles, in parallel.
        let parsed: Vec<(TileId, Vec<Entry>)> = (first..last)
            .into_par_iter()
            .map(|b| read_bundle(log, b, size, origin))
            .collect::<Result<_, _>>()?;
        let entries: Vec<Entry> = parsed.into_iter().flat_map(|(_, e)| e).collect();
        if let Err((i, why)) = entry::verify_batch(&entries, &parties) {
            return Err(AuditError::Entry {
                index: first * WIDTH + i as u64,
                why: why.to_string(),
            });
        }
        let leaves: Vec<Hash> = entries.par_iter().map(Entry::leaf_hash).collect();
        for (b, chunk) in (first..last).zip(leaves.chunks(WIDTH as usize)) {
            rebuilt.add_tile(0, b, chunk.to_vec())?;
        }
        first = last;
        progress((first * WIDTH).min(size));
    }
    let root = rebuilt.finish()?;
    if root != log.root() {
        return Err(AuditError::Checkpoint(format!(
            "root {} differs from the tiles' root {root}",
            log.root()
        )));
    }
    Ok(AuditReport {
        size,
        tiles: rebuilt.compared,
        bundles,
    })
}

/// Reads bundle `b` of the tree of `size` and parses its entries, checking
/// each is for this log.
fn read_bundle(
    log: &Log,
    b: u64,
    size: u64,
    origin: &str,
) -> Result<(TileId, Vec<Entry>), AuditError> {
    let id = TileId::in_tree(TileKind::Entries, b, size)
        .ok_or_else(|| AuditError::Checkpoint(format!("no bundle {b} in a tree of {size}")))?;
    let tile_err = |why: String| AuditError::Tile {
        path: id.path(),
        why,
    };
    let bytes = log
        .storage()
        .read(&id.path())
        .map_err(LogError::from)?
        .ok_or_else(|| tile_err("missing".into()))?;
    let raw = tiles::parse_bundle(&id, &bytes).map_err(|e| tile_err(e.to_string()))?;
    let mut out = Vec::with_capacity(raw.len());
    for (i, bytes) in raw.into_iter().enumerate() {
        let index = id.first_entry() + i as u64;
        let e = Entry::from_bytes(bytes).map_err(|e| AuditError::Entry {
            index,
            why: e.to_string(),
        })?;
        if e.event().origin != origin {
            return Err(AuditError::Entry {
                index,
                why: format!("for log {:?}, not this one", e.event().origin),
            });
        }
        out.push(e);
    }
    Ok((id, out))
}

/// The tiles rebuilt so far: the current (incomplete) tile at each level.
struct Rebuilt<'a> {
    log: &'a Log,
    size: u64,
    levels: Vec<Vec<Hash>>,
    /// Per level, the full tiles rebuilt so far.
    full: Vec<u64>,
    partial: Vec<(TileId, std::sync::Arc<ExpandedTile>)>,
    compared: u64,
}

impl<'a> Rebuilt<'a> {
    fn new(log: &'a Log, size: u64) -> Self {
        Rebuilt {
            log,
            size,
            levels: Vec::new(),
            full: Vec::new(),
            partial: Vec::new(),
            compared: 0,
        }
    }

    /// Compares the rebuilt tile (`level`, `index`) with the stored one
    /// and, if full, feeds its root to the level above.
    fn add_tile(&mut self, level: u8, index: u64, hashes: Vec<Hash>) -> Result<(), AuditError> {
        let id =
            TileId::in_tree(TileKind::Hashes { level }, index, self.size).ok_or_else(|| {
                AuditError::Checkpoint(format!(
                    "no tile {level}/{index} in a tree of {}",
                    self.size
                ))
            })?;
        let stored = self
            .log
            .storage()
            .read(&id.path())
            .map_err(LogError::from)?
            .ok_or_else(|| AuditError::Tile {
                path: id.path(),
                why: "missing".into(),
            })?;
        let expected = tiles::encode_hash_tile(&hashes);
        if stored != expected {
            let why = match tiles::parse_hash_tile(&id, &stored) {
                Err(e) => e.to_string(),
                Ok(got) => {
                    let at = got
                        .iter()
                        .zip(&hashes)
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    format!("hash {at} differs from the one rebuilt from the entries")
                }
            };
            return Err(AuditError::Tile {
                path: id.path(),
                why,
            });
        }
        self.compared += 1;
        let expanded = ExpandedTile::new(hashes);
        match expanded.root() {
            Some(root) => {
                let up = usize::from(level) + 1;
                if self.levels.len() <= up {
                    self.levels.resize(up + 1, Vec::new());
                }
                self.levels[up].push(root);
                if self.levels[up].len() as u64 == WIDTH {
                    let full = std::mem::take(&mut self.levels[up]);
                    if self.full.len() <= up {
                        self.full.resize(up + 1, 0);
                    }
                    // A full tile's index is how many came before it.
                    let index = self.full[up];
                    self.full[up] += 1;
                    self.add_tile(up as u8, index, full)?;
                }
            }
            None => self.partial.push((id, std::sync::Arc::new(expanded))),
        }
        Ok(())
    }

    /// Compares the partial tiles of the upper levels and returns the root.
    fn finish(&mut self) -> Result<Hash, AuditError> {
        let mut level = 1u8;
        while self.size >> (8 * u32::from(level)) > 0 {
            let count = self.size >> (8 * u32::from(level));
            let hashes = self
                .levels
                .get(usize::from(level))
                .cloned()
                .unwrap_or_default();
            if !hashes.is_empty() {
                self.add_tile(level, count / WIDTH, hashes)?;
            }
            level += 1;
        }
        struct Partial<'p>(&'p [(TileId, std::sync::Arc<ExpandedTile>)]);
        impl tiles::TileSource for Partial<'_> {
            fn expanded(
                &self,
                tile: TileId,
            ) -> Result<std::sync::Arc<ExpandedTile>, tlog_tiles::Error> {
                self.0
                    .iter()
                    .find(|(id, _)| id.kind() == tile.kind() && id.index() == tile.index())
                    .map(|(_, e)| e.clone())
                    .ok_or(tlog_tiles::Error::InvalidTile)
            }
        }
        let source = Partial(&self.partial);
        merkle::root(self.size, &tiles::TiledHashReader::new(self.size, &source))
            .map_err(|e| AuditError::Checkpoint(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Event;
    use crate::keys::{KeyKind, SigningKey};
    use crate::log::LogConfig;
    use crate::storage::MemStorage;

    const ORIGIN: &str = "moc.example/audit";

    fn key(name: &str, seed: u8) -> SigningKey {
        SigningKey::from_seed(name, KeyKind::Ed25519, &[seed; 32]).unwrap()
    }

    /// A log of `n` entries in memory.
    fn log_of(n: u64) -> MemStorage {
        let storage = MemStorage::new();
        let config = LogConfig {
            origin: ORIGIN.into(),
            log_key: key(ORIGIN, 1).verifier(),
            parties: vec![key("fama", 2).verifier()],
        };
        let mut log = Log::create_in(Box::new(storage.clone()), config, key(ORIGIN, 1)).unwrap();
        let entries: Vec<Entry> = (0..n)
            .map(|i| {
                let event = Event {
                    origin: ORIGIN.into(),
                    kind: "note".into(),
                    party: "fama".into(),
                    user: format!("u{i}"),
                    time_ms: i,
                    payload: serde_json::json!({ "text": "hello", "i": i }),
                };
                Entry::sign(&event, &key("fama", 2)).unwrap()
            })
            .collect();
        for chunk in entries.chunks(256) {
            log.append(chunk).unwrap();
        }
        storage
    }

    fn run(storage: &MemStorage) -> Result<AuditReport, AuditError> {
        let log = Log::open_read_only_in(Box::new(storage.clone()))?;
        let mut last = 0;
        let report = audit(&log, &mut |done| {
            assert!(done >= last);
            last = done;
        })?;
        assert_eq!(last, log.size());
        Ok(report)
    }

    /// Flips one byte of `path` at `at` (from the end if negative) and
    /// checks the audit's error names `expected`.
    fn check(storage: &MemStorage, path: &str, at: isize, expected: &str) {
        let original = storage.files()[path].clone();
        let mut bytes = original.clone();
        let i = if at < 0 {
            (bytes.len() as isize + at) as usize
        } else {
            at as usize
        };
        bytes[i] ^= 0x01;
        storage.put(path, bytes);
        let err = run(storage).expect_err(path).to_string();
        assert!(
            err.contains(expected),
            "{path}@{at}: {err:?} does not name {expected:?}"
        );
        storage.put(path, original);
        run(storage).unwrap();
    }

    #[test]
    fn a_sound_log_passes() {
        for n in [0, 1, 255, 256, 257, 600] {
            let report = run(&log_of(n)).unwrap();
            assert_eq!(report.size, n);
            assert_eq!(report.bundles, n.div_ceil(256));
        }
    }

    #[test]
    fn names_the_first_damage() {
        let storage = log_of(600);
        // An entry's text (its JSON payload), then its signature (the last
        // bytes of the bundle are the last entry's signature line).
        check(&storage, "tile/entries/001", 2 + 40, "entry 256:");
        check(&storage, "tile/entries/002.p/88", -5, "entry 599:");
        // A length prefix: the bundle no longer parses.
        check(&storage, "tile/entries/000", 0, "tile/entries/000:");
        // Hash tiles at both levels, full and partial.
        check(&storage, "tile/0/001", 100, "tile/0/001:");
        check(&storage, "tile/0/002.p/88", 0, "tile/0/002.p/88:");
        check(&storage, "tile/1/000.p/2", 33, "tile/1/000.p/2:");
    }

    #[test]
    fn names_truncated_and_missing_files() {
        let storage = log_of(300);
        let tile = storage.files()["tile/0/000"].clone();
        storage.put("tile/0/000", tile[..100].to_vec());
        let err = run(&storage).unwrap_err().to_string();
        assert!(err.starts_with("tile/0/000:"), "{err}");
        let storage = log_of(300);
        let mut files = storage.files();
        files.remove("tile/entries/001.p/44");
        let fresh = MemStorage::new();
        for (k, v) in files {
            fresh.put(&k, v);
        }
        let err = run(&fresh).unwrap_err().to_string();
        assert_eq!(err, "tile/entries/001.p/44: missing");
    }

    #[test]
    fn a_damaged_checkpoint_is_refused() {
        let storage = log_of(10);
        let mut cp = storage.files()["checkpoint"].clone();
        let at = cp.len() - 10;
        cp[at] ^= 1;
        storage.put("checkpoint", cp);
        let err = run(&storage).unwrap_err().to_string();
        assert!(err.contains("checkpoint"), "{err}");
    }

    #[test]
    fn ignores_files_beyond_the_checkpoint() {
        let storage = log_of(10);
        storage.put("tile/0/000.p/11", vec![0; 32 * 11]);
        storage.put("tile/entries/000.p/11", vec![0; 5]);
        run(&storage).unwrap();
    }
}
