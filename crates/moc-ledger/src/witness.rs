//! The witness: C2SP tlog-witness `add-checkpoint`, without the HTTP.
//!
//! A witness keeps, per log origin, the latest checkpoint it cosigned (size
//! and root). It cosigns a new checkpoint only if the log signed it, the
//! client knows the witness's current size, and a Merkle consistency proof
//! shows the new tree extends the old one (c2sp.org/tlog-witness#add-checkpoint).
//! So a log that forks its history cannot get both branches cosigned by one
//! witness, and a policy that needs several parties' witnesses makes a fork
//! visible to all of them.
//!
//! The key design decision: the state is updated, durably, *before* the
//! cosignature is returned, through [`WitnessState::store`], a
//! compare-and-swap on the origin's tree head; `&mut self` serialises
//! requests, so the spec's rollback race cannot happen in one process.
//! The node maps [`WitnessError::status`] to the HTTP status.
//!
//! [`FileState`] keeps the heads in one JSON file, replaced atomically
//! (write a temporary file, fsync, rename, fsync the directory), so a
//! witness restarted after a crash still refuses what it refused before. It
//! is the one piece of I/O in this module; everything else is pure.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::checkpoint::{CheckpointError, SignedCheckpoint};
use crate::cosignature::{Cosignature, MAX_TIMESTAMP};
use crate::keys::{KeyKind, SigningKey, VerifierKey};
use crate::merkle::{Hash, verify_consistency};

/// The most consistency proof lines a request may carry.
pub const MAX_PROOF_LINES: usize = 63;

/// The largest request body a witness reads.
pub const MAX_BODY: usize = 1_000_000;

/// The latest tree a witness cosigned for one origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TreeHead {
    /// The tree size.
    pub size: u64,
    /// The root hash.
    pub root: Hash,
}

/// Why a witness did not cosign. Each variant maps to the HTTP status of
/// c2sp.org/tlog-witness ([`WitnessError::status`]).
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum WitnessError {
    /// The request body is malformed (400).
    #[error("malformed add-checkpoint request: {0}")]
    Malformed(String),
    /// The old size is larger than the checkpoint's size (400).
    #[error("old size {old} is larger than the checkpoint size {size}")]
    OldSizeTooLarge {
        /// The old size of the request.
        old: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// The witness does not know the log (404).
    #[error("unknown log origin {0:?}")]
    UnknownOrigin(String),
    /// The log's signature is missing or wrong (403).
    #[error("checkpoint not signed by the log: {0}")]
    BadLogSignature(CheckpointError),
    /// The old size is not the witness's size for this log (409); the body
    /// tells the client the right one.
    #[error("old size {old} does not match the witness's size {current}")]
    Conflict {
        /// The old size of the request.
        old: u64,
        /// The size the witness last cosigned.
        current: u64,
    },
    /// Same size as the witness's, different root: a fork (409).
    #[error("checkpoint of size {size} has another root than the one cosigned")]
    RootMismatch {
        /// The size.
        size: u64,
    },
    /// The consistency proof does not verify (422).
    #[error("consistency proof from {old} to {size} does not verify")]
    BadProof {
        /// The old size.
        old: u64,
        /// The new size.
        size: u64,
    },
    /// The witness state could not be read or written (500).
    #[error("witness state: {0}")]
    State(String),
    /// The witness is set up wrongly (500).
    #[error("witness configuration: {0}")]
    Config(String),
}

impl WitnessError {
    /// The HTTP status of c2sp.org/tlog-witness for this error.
    pub fn status(&self) -> u16 {
        match self {
            WitnessError::Malformed(_) | WitnessError::OldSizeTooLarge { .. } => 400,
            WitnessError::BadLogSignature(_) => 403,
            WitnessError::UnknownOrigin(_) => 404,
            WitnessError::Conflict { .. } | WitnessError::RootMismatch { .. } => 409,
            WitnessError::BadProof { .. } => 422,
            WitnessError::State(_) | WitnessError::Config(_) => 500,
        }
    }

    /// The response body: for a stale old size, the witness's size and a
    /// newline (content type [`WitnessError::content_type`]); otherwise the
    /// message.
    pub fn body(&self) -> Vec<u8> {
        match self {
            WitnessError::Conflict { current, .. } => format!("{current}\n").into_bytes(),
            other => format!("{other}\n").into_bytes(),
        }
    }

    /// `text/x.tlog.size` for a stale old size, `text/plain` otherwise.
    pub fn content_type(&self) -> &'static str {
        match self {
            WitnessError::Conflict { .. } => "text/x.tlog.size",
            _ => "text/plain; charset=utf-8",
        }
    }
}

/// Where a witness keeps its tree heads. `store` must be durable when it
/// returns and must refuse if the stored head is not `expected` (compare
/// and swap), so that two writers can never roll a log back.
pub trait WitnessState {
    /// The head last stored for `origin`, if any.
    ///
    /// # Errors
    ///
    /// [`WitnessError::State`] if the state cannot be read.
    fn load(&self, origin: &str) -> Result<Option<TreeHead>, WitnessError>;

    /// Replaces `expected` by `new` for `origin`, durably.
    ///
    /// # Errors
    ///
    /// [`WitnessError::State`] if the stored head is not `expected` or the
    /// write fails; then nothing changed.
    fn store(
        &mut self,
        origin: &str,
        expected: Option<TreeHead>,
        new: TreeHead,
    ) -> Result<(), WitnessError>;
}

/// Tree heads in memory, for tests and for the node's own bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct MemoryState {
    heads: HashMap<String, TreeHead>,
}

impl MemoryState {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }
}

/// The compare half of [`WitnessState::store`]'s compare-and-swap, shared
/// by every implementation.
fn check_expected(
    current: Option<TreeHead>,
    origin: &str,
    expected: Option<TreeHead>,
) -> Result<(), WitnessError> {
    if current == expected {
        Ok(())
    } else {
        Err(WitnessError::State(format!(
            "head of {origin} changed concurrently"
        )))
    }
}

impl WitnessState for MemoryState {
    fn load(&self, origin: &str) -> Result<Option<TreeHead>, WitnessError> {
        Ok(self.heads.get(origin).copied())
    }

    fn store(
        &mut self,
        origin: &str,
        expected: Option<TreeHead>,
        new: TreeHead,
    ) -> Result<(), WitnessError> {
        check_expected(self.heads.get(origin).copied(), origin, expected)?;
        self.heads.insert(origin.to_owned(), new);
        Ok(())
    }
}

/// The JSON form of the state file: `{"heads":{"<origin>":{"size":N,"root":"<base64>"}}}`.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct StateFile {
    heads: BTreeMap<String, HeadJson>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct HeadJson {
    size: u64,
    root: String,
}

/// Tree heads in one JSON file, replaced atomically on every change. One
/// witness process owns a state file.
#[derive(Debug)]
pub struct FileState {
    path: PathBuf,
    heads: BTreeMap<String, TreeHead>,
}

impl FileState {
    /// Opens the state file, or starts empty if it does not exist yet.
    ///
    /// # Errors
    ///
    /// [`WitnessError::State`] naming the file if it cannot be read or
    /// parsed (a corrupt state must stop the witness, not reset it).
    pub fn open(path: impl Into<PathBuf>) -> Result<FileState, WitnessError> {
        let path = path.into();
        let heads = match fs::read(&path) {
            Ok(bytes) => parse_state(&bytes)
                .map_err(|e| WitnessError::State(format!("{}: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(WitnessError::State(format!("{}: {e}", path.display()))),
        };
        Ok(FileState { path, heads })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, heads: &BTreeMap<String, TreeHead>) -> std::io::Result<()> {
        let file = StateFile {
            heads: heads
                .iter()
                .map(|(o, h)| {
                    (
                        o.clone(),
                        HeadJson {
                            size: h.size,
                            root: h.root.to_string(),
                        },
                    )
                })
                .collect(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut tmp_name = self.path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = dir.join(tmp_name);
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &self.path)?;
        fs::File::open(&dir)?.sync_all()
    }
}

fn parse_state(bytes: &[u8]) -> Result<BTreeMap<String, TreeHead>, String> {
    let file: StateFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    file.heads
        .into_iter()
        .map(|(origin, h)| {
            let root = Hash::parse_hash(&h.root)
                .map_err(|_| format!("root of {origin:?} is not a base64 hash"))?;
            Ok((origin, TreeHead { size: h.size, root }))
        })
        .collect()
}

impl WitnessState for FileState {
    fn load(&self, origin: &str) -> Result<Option<TreeHead>, WitnessError> {
        Ok(self.heads.get(origin).copied())
    }

    fn store(
        &mut self,
        origin: &str,
        expected: Option<TreeHead>,
        new: TreeHead,
    ) -> Result<(), WitnessError> {
        check_expected(self.heads.get(origin).copied(), origin, expected)?;
        let mut next = self.heads.clone();
        next.insert(origin.to_owned(), new);
        self.write(&next)
            .map_err(|e| WitnessError::State(format!("{}: {e}", self.path.display())))?;
        self.heads = next;
        Ok(())
    }
}

/// A parsed `add-checkpoint` request body.
#[derive(Clone, Debug, PartialEq)]
pub struct AddCheckpoint {
    /// The size of the checkpoint the client believes the witness has.
    pub old_size: u64,
    /// The consistency proof from `old_size` to the checkpoint's size.
    pub proof: Vec<Hash>,
    /// The checkpoint note, with its signatures.
    pub checkpoint: Vec<u8>,
}

impl AddCheckpoint {
    /// Parses `old N`, up to 63 base64 hash lines, an empty line, then the
    /// checkpoint note.
    ///
    /// # Errors
    ///
    /// [`WitnessError::Malformed`] naming the line.
    pub fn parse(body: &[u8]) -> Result<AddCheckpoint, WitnessError> {
        let bad = |s: String| WitnessError::Malformed(s);
        if body.len() > MAX_BODY {
            return Err(bad(format!("body larger than {MAX_BODY} bytes")));
        }
        let mut rest = body;
        let mut take_line = |n: usize| -> Result<&[u8], WitnessError> {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| bad(format!("line {n} does not end in a newline")))?;
            let line = &rest[..end];
            rest = &rest[end + 1..];
            Ok(line)
        };
        let first = take_line(1)?;
        let old = first
            .strip_prefix(b"old ")
            .ok_or_else(|| bad("line 1 is not 'old <size>'".into()))?;
        let old_size = parse_decimal(old)
            .ok_or_else(|| bad("old size is not a decimal number without leading zeros".into()))?;
        let mut proof = Vec::new();
        loop {
            let n = proof.len() + 2;
            let line = take_line(n)?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(bad(format!("more than {MAX_PROOF_LINES} proof lines")));
            }
            let bytes = B64
                .decode(line)
                .map_err(|_| bad(format!("line {n} is not base64")))?;
            let hash: [u8; 32] = bytes
                .try_into()
                .map_err(|_| bad(format!("line {n} is not a 32-byte hash")))?;
            proof.push(Hash(hash));
        }
        Ok(AddCheckpoint {
            old_size,
            proof,
            checkpoint: rest.to_vec(),
        })
    }

    /// The request body, as a log sends it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("old {}\n", self.old_size).into_bytes();
        for h in &self.proof {
            out.extend_from_slice(format!("{h}\n").as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&self.checkpoint);
        out
    }
}

/// A decimal without sign or leading zeros ("0" itself is fine).
fn parse_decimal(s: &[u8]) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s[0] == b'0') || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// A witness: its cosigning key, the logs it follows, and its state.
pub struct Witness<S: WitnessState> {
    key: SigningKey,
    logs: HashMap<String, VerifierKey>,
    state: S,
}

impl<S: WitnessState> Witness<S> {
    /// A witness cosigning with `key` (a [`KeyKind::Cosignature`] key) for
    /// the logs whose keys are given (each key's name is its origin).
    ///
    /// # Errors
    ///
    /// [`WitnessError::Config`] for a key of the wrong kind or two keys for
    /// one origin.
    pub fn new(
        key: SigningKey,
        logs: impl IntoIterator<Item = VerifierKey>,
        state: S,
    ) -> Result<Witness<S>, WitnessError> {
        if key.kind() != KeyKind::Cosignature {
            return Err(WitnessError::Config(format!(
                "{} is not a cosignature (0x04) key",
                key.name()
            )));
        }
        let mut map = HashMap::new();
        for log in logs {
            if log.kind() != KeyKind::Ed25519 {
                return Err(WitnessError::Config(format!(
                    "log key {log} is not an Ed25519 (0x01) key"
                )));
            }
            if let Some(prev) = map.insert(log.name().to_owned(), log.clone())
                && prev != log
            {
                return Err(WitnessError::Config(format!(
                    "two keys for the log {}",
                    log.name()
                )));
            }
        }
        Ok(Witness {
            key,
            logs: map,
            state,
        })
    }

    /// The witness's public key.
    pub fn verifier(&self) -> VerifierKey {
        self.key.verifier()
    }

    /// The state (to inspect it in tests or tools).
    pub fn state(&self) -> &S {
        &self.state
    }

    /// Handles an `add-checkpoint` request body at time `now` (POSIX
    /// seconds) and returns the response body: one cosignature line.
    ///
    /// # Errors
    ///
    /// A [`WitnessError`] whose [`status`](WitnessError::status) is the
    /// HTTP status to answer with. On any error nothing is stored.
    pub fn add_checkpoint(&mut self, body: &[u8], now: u64) -> Result<Vec<u8>, WitnessError> {
        let req = AddCheckpoint::parse(body)?;
        let origin = SignedCheckpoint::origin_of(&req.checkpoint)
            .map_err(|e| WitnessError::Malformed(e.to_string()))?;
        let log_key = self
            .logs
            .get(&origin)
            .ok_or_else(|| WitnessError::UnknownOrigin(origin.clone()))?;
        let cp = SignedCheckpoint::from_bytes(&req.checkpoint, log_key).map_err(|e| match e {
            CheckpointError::Malformed(_) => WitnessError::Malformed(e.to_string()),
            other => WitnessError::BadLogSignature(other),
        })?;
        let size = cp.size();
        if req.old_size > size {
            return Err(WitnessError::OldSizeTooLarge {
                old: req.old_size,
                size,
            });
        }
        let current = self.state.load(&origin)?;
        let current_size = current.map_or(0, |h| h.size);
        if req.old_size != current_size {
            return Err(WitnessError::Conflict {
                old: req.old_size,
                current: current_size,
            });
        }
        match current {
            Some(head) if head.size == size && head.root != cp.root() => {
                return Err(WitnessError::RootMismatch { size });
            }
            Some(head) => verify_consistency(&req.proof, size, cp.root(), head.size, head.root),
            None => verify_consistency(&req.proof, size, cp.root(), 0, cp.root()),
        }
        .map_err(|_| WitnessError::BadProof {
            old: req.old_size,
            size,
        })?;
        if now > MAX_TIMESTAMP {
            return Err(WitnessError::Config(format!(
                "clock reads {now}, past 2^63-1"
            )));
        }
        // Durable first, cosign second: a crash in between loses a
        // cosignature, never the record of what was cosigned.
        self.state.store(
            &origin,
            current,
            TreeHead {
                size,
                root: cp.root(),
            },
        )?;
        let cosig = Cosignature::sign(cp.text(), &self.key, now)
            .map_err(|e| WitnessError::Config(e.to_string()))?;
        Ok(cosig.to_line().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{MemoryTree, leaf_hash};

    const ORIGIN: &str = "moc.example/gao";

    fn log_key() -> SigningKey {
        SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32]).unwrap()
    }

    fn witness_key() -> SigningKey {
        SigningKey::from_seed("fama-witness", KeyKind::Cosignature, &[2; 32]).unwrap()
    }

    fn witness<S: WitnessState>(state: S) -> Witness<S> {
        Witness::new(witness_key(), [log_key().verifier()], state).unwrap()
    }

    /// A tree whose leaves are `prefix`-salted numbers.
    fn tree(prefix: &str, n: u64) -> MemoryTree {
        let mut t = MemoryTree::new();
        for i in 0..n {
            t.push(leaf_hash(format!("{prefix}{i}").as_bytes()));
        }
        t
    }

    fn request(t: &MemoryTree, old: u64, size: u64) -> Vec<u8> {
        let cp =
            SignedCheckpoint::sign(ORIGIN, size, t.root_at(size).unwrap(), &log_key()).unwrap();
        AddCheckpoint {
            old_size: old,
            proof: t.prove_consistency(size, old).unwrap(),
            checkpoint: cp.to_bytes(),
        }
        .to_bytes()
    }

    #[test]
    fn cosigns_a_growing_log_and_the_cosignature_verifies() {
        let mut w = witness(MemoryState::new());
        let t = tree("a", 20);
        for (old, size) in [(0, 3), (3, 3), (3, 10), (10, 20)] {
            let line = w
                .add_checkpoint(&request(&t, old, size), 1_700_000_000)
                .unwrap();
            let mut cp =
                SignedCheckpoint::sign(ORIGIN, size, t.root_at(size).unwrap(), &log_key()).unwrap();
            assert_eq!(cp.add_cosignature_lines(&line), 1);
            cp.cosignatures()[0]
                .verify(cp.text(), &w.verifier())
                .unwrap();
        }
        assert_eq!(w.state().load(ORIGIN).unwrap().map(|h| h.size), Some(20));
    }

    fn status_of(w: &mut Witness<MemoryState>, body: &[u8]) -> u16 {
        w.add_checkpoint(body, 5).unwrap_err().status()
    }

    #[test]
    fn every_status_code() {
        let t = tree("a", 10);
        let mut w = witness(MemoryState::new());
        w.add_checkpoint(&request(&t, 0, 4), 1).unwrap();

        // 409: stale old size, with the witness's size in the body.
        let err = w.add_checkpoint(&request(&t, 2, 8), 1).unwrap_err();
        assert_eq!(
            (err.status(), err.body(), err.content_type()),
            (409, b"4\n".to_vec(), "text/x.tlog.size")
        );
        // 422: a proof that does not verify.
        let mut req = AddCheckpoint::parse(&request(&t, 4, 8)).unwrap();
        req.proof[0] = leaf_hash(b"x");
        assert_eq!(status_of(&mut w, &req.to_bytes()), 422);
        // 400: old size above the checkpoint's size; malformed bodies.
        let mut req = AddCheckpoint::parse(&request(&t, 0, 3)).unwrap();
        req.old_size = 9;
        assert_eq!(status_of(&mut w, &req.to_bytes()), 400);
        assert_eq!(status_of(&mut w, b"old 01\n\n"), 400);
        assert_eq!(status_of(&mut w, b"new 4\n\n"), 400);
        assert_eq!(status_of(&mut w, b"old 4\nnot-base64\n\n"), 400);
        assert_eq!(status_of(&mut w, b"old 4\n\nnot a checkpoint"), 400);
        let too_many = format!("old 4\n{}\n", format!("{}\n", leaf_hash(b"h")).repeat(64));
        assert_eq!(status_of(&mut w, too_many.as_bytes()), 400);
        // 403: not signed by the log's key (a key with the same name).
        let impostor = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[9; 32]).unwrap();
        let forged = SignedCheckpoint::sign(ORIGIN, 8, t.root_at(8).unwrap(), &impostor).unwrap();
        let body = AddCheckpoint {
            old_size: 4,
            proof: t.prove_consistency(8, 4).unwrap(),
            checkpoint: forged.to_bytes(),
        };
        assert_eq!(status_of(&mut w, &body.to_bytes()), 403);
        // 404: a log the witness does not follow.
        let stranger =
            SigningKey::from_seed("other.example/log", KeyKind::Ed25519, &[3; 32]).unwrap();
        let cp =
            SignedCheckpoint::sign("other.example/log", 1, leaf_hash(b"z"), &stranger).unwrap();
        let body = AddCheckpoint {
            old_size: 0,
            proof: vec![],
            checkpoint: cp.to_bytes(),
        };
        assert_eq!(status_of(&mut w, &body.to_bytes()), 404);
        // 409: same size, another root.
        let fork = tree("b", 10);
        assert_eq!(status_of(&mut w, &request(&fork, 4, 4)), 409);
        // Nothing above changed the state.
        assert_eq!(w.state().load(ORIGIN).unwrap().map(|h| h.size), Some(4));
        // A non-empty proof from size 0 is a bad proof.
        let mut w2 = witness(MemoryState::new());
        let req = AddCheckpoint {
            proof: vec![leaf_hash(b"p")],
            ..AddCheckpoint::parse(&request(&t, 0, 4)).unwrap()
        };
        assert_eq!(status_of(&mut w2, &req.to_bytes()), 422);
        // A witness key of the wrong kind is a configuration error.
        assert!(Witness::new(log_key(), [], MemoryState::new()).is_err());
    }

    #[test]
    fn a_fork_is_refused_even_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("witness-state.json");
        let honest = tree("a", 16);
        let fork = tree("b", 16);
        {
            let mut w = witness(FileState::open(&path).unwrap());
            w.add_checkpoint(&request(&honest, 0, 8), 1).unwrap();
            // The forked branch, with a proof that is valid *within the fork*.
            assert_eq!(
                w.add_checkpoint(&request(&fork, 8, 12), 2)
                    .unwrap_err()
                    .status(),
                422
            );
            assert_eq!(
                w.add_checkpoint(&request(&fork, 0, 12), 2)
                    .unwrap_err()
                    .status(),
                409
            );
        }
        // Restarted from its file: still at 8 on the honest branch.
        let mut w = witness(FileState::open(&path).unwrap());
        assert_eq!(
            w.state().load(ORIGIN).unwrap(),
            Some(TreeHead {
                size: 8,
                root: honest.root_at(8).unwrap()
            })
        );
        assert_eq!(
            w.add_checkpoint(&request(&fork, 8, 12), 3)
                .unwrap_err()
                .status(),
            422
        );
        assert_eq!(
            w.add_checkpoint(&request(&fork, 8, 8), 3)
                .unwrap_err()
                .status(),
            409
        );
        w.add_checkpoint(&request(&honest, 8, 16), 3).unwrap();
        let w = witness(FileState::open(&path).unwrap());
        assert_eq!(w.state().load(ORIGIN).unwrap().map(|h| h.size), Some(16));
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_corrupt_state_file_stops_the_witness() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(&path, b"{\"heads\":{\"x\":{\"size\":1,\"root\":\"nope\"}}}").unwrap();
        let err = FileState::open(&path).unwrap_err();
        assert!(err.to_string().contains("state.json"), "{err}");
        fs::write(&path, b"garbage").unwrap();
        assert!(FileState::open(&path).is_err());
    }

    #[test]
    fn state_is_compare_and_swap() {
        let mut s = MemoryState::new();
        let h = TreeHead {
            size: 1,
            root: leaf_hash(b"a"),
        };
        s.store("o", None, h).unwrap();
        assert!(s.store("o", None, h).is_err());
        s.store(
            "o",
            Some(h),
            TreeHead {
                size: 2,
                root: h.root,
            },
        )
        .unwrap();
    }

    #[test]
    fn request_round_trip() {
        let body = request(&tree("a", 9), 5, 9);
        assert_eq!(AddCheckpoint::parse(&body).unwrap().to_bytes(), body);
    }

    /// Two branches of one log that share their first `common` leaves.
    fn branches(common: u64, n: u64) -> [MemoryTree; 2] {
        let mut a = MemoryTree::new();
        let mut b = MemoryTree::new();
        for i in 0..n {
            a.push(leaf_hash(format!("a{i}").as_bytes()));
            let leaf = if i < common {
                format!("a{i}")
            } else {
                format!("b{i}")
            };
            b.push(leaf_hash(leaf.as_bytes()));
        }
        [a, b]
    }

    proptest::proptest! {
        /// Whatever a forking log sends, in any order, every two
        /// checkpoints the witness cosigned are consistent.
        #[test]
        fn never_cosigns_two_inconsistent_checkpoints(
            common in 0u64..12,
            requests in proptest::collection::vec((0usize..2, proptest::bool::ANY, 0u64..25, 0u64..25), 1..40),
        ) {
            let trees = branches(common, 24);
            let mut w = witness(MemoryState::new());
            let mut cosigned: Vec<(usize, u64)> = Vec::new();
            for (branch, from_current, old, size) in requests {
                let size = size.min(24);
                // Half the time a client that knows the witness's size, as a log does.
                let current = w.state().load(ORIGIN).unwrap().map_or(0, |h| h.size);
                let old = if from_current { current } else { old }.min(size);
                if w.add_checkpoint(&request(&trees[branch], old, size), 1).is_ok() {
                    cosigned.push((branch, size));
                }
            }
            for &(b1, s1) in &cosigned {
                for &(b2, s2) in &cosigned {
                    let consistent = b1 == b2 || s1.min(s2) <= common;
                    proptest::prop_assert!(consistent, "{:?}", cosigned);
                }
            }
        }

        #[test]
        fn request_parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = AddCheckpoint::parse(&bytes);
            let mut w = witness(MemoryState::new());
            let _ = w.add_checkpoint(&bytes, 1);
        }

        #[test]
        fn witness_never_panics_on_mutated_requests(pos in 0usize..600, byte: u8) {
            let t = tree("a", 9);
            let mut w = witness(MemoryState::new());
            w.add_checkpoint(&request(&t, 0, 5), 1).unwrap();
            let mut b = request(&t, 5, 9);
            let p = pos % b.len();
            b[p] = byte;
            let _ = w.add_checkpoint(&b, 1);
        }
    }
}
