//! Where the log's files live: a narrow trait and two implementations.
//!
//! The trait is shaped by what the log needs and nothing more: read one
//! file, make a set of files durable, replace the checkpoint atomically.
//! Everything the log publishes (tiles, entry bundles, the checkpoint) is an
//! immutable-or-atomically-replaced file named by its C2SP path, so a
//! directory of files is a complete backend and could be served as is.
//!
//! Durability rules, which [`FileStorage`] follows and the log's crash
//! safety relies on: [`Storage::write_files`] returns only once every file
//! and every directory entry naming it is on disk (write to a temporary
//! file, fsync it, rename it into place, fsync the directory);
//! [`Storage::replace_checkpoint`] is all-or-nothing (temporary file, fsync,
//! rename over the old one, fsync the directory). A reader thus never sees a
//! torn file, and a checkpoint never names data that is not yet durable.
//!
//! [`MemStorage`] keeps files in memory and can inject failures, for tests of
//! what the log does when a write fails half-way.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The path of the checkpoint, the one mutable file (c2sp.org/tlog-tiles,
/// "Checkpoints").
pub const CHECKPOINT: &str = "checkpoint";

/// The name of the lock file in a log directory.
const LOCK_FILE: &str = ".lock";

/// A file's path and contents.
pub type FileWrite = (String, Vec<u8>);

/// What the log needs from a place to keep its files.
///
/// Paths are relative, `/`-separated, without `.` or `..` components (the
/// C2SP paths, `checkpoint`, `config`, `private/…`).
pub trait Storage: Send + Sync {
    /// The contents of `path`, or `None` if there is no such file.
    ///
    /// # Errors
    ///
    /// [`StorageError`] if the file exists but cannot be read.
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StorageError>;

    /// Writes every file (creating or replacing it) and returns once all are
    /// durable. On error some may have been written and others not: the
    /// caller must not rely on any of them.
    ///
    /// # Errors
    ///
    /// [`StorageError`] if any write or sync failed.
    fn write_files(&self, files: &[FileWrite]) -> Result<(), StorageError>;

    /// Replaces the checkpoint atomically and durably: afterwards a reader
    /// sees either the old checkpoint or the new one, never a mix, and
    /// after a crash the new one if this returned `Ok`.
    ///
    /// # Errors
    ///
    /// [`StorageError`] if the write, sync or rename failed; the checkpoint
    /// is then the old one or the new one.
    fn replace_checkpoint(&self, checkpoint: &[u8]) -> Result<(), StorageError>;
}

/// Why storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Another writer holds the directory's lock.
    #[error("the log directory {0} is locked by another writer")]
    Locked(PathBuf),
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A path that is not a plain relative path.
    #[error("invalid storage path {0:?}")]
    BadPath(String),
    /// The storage was opened for reading only.
    #[error("the log directory {0} is opened read-only")]
    ReadOnly(PathBuf),
    /// A failure injected by [`MemStorage`] for a test.
    #[error("injected storage failure")]
    Injected,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StorageError + '_ {
    move |source| StorageError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Checks that `path` is relative, `/`-separated, with no empty, `.` or `..`
/// component, so no write can escape the directory.
fn check_path(path: &str) -> Result<(), StorageError> {
    let ok = !path.is_empty()
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'));
    if ok {
        Ok(())
    } else {
        Err(StorageError::BadPath(path.to_owned()))
    }
}

/// The file-backed storage: one directory, files at their paths.
///
/// A writer holds an exclusive lock on `<dir>/.lock` for as long as it lives
/// (released by the OS if the process dies), so two writers never run at
/// once; readers take no lock, since every file they read is either
/// immutable or replaced by rename.
#[derive(Debug)]
pub struct FileStorage {
    dir: PathBuf,
    /// The locked lock file; `None` for a reader.
    lock: Option<File>,
}

impl FileStorage {
    /// Opens `dir` (creating it if needed) for writing, taking its lock.
    ///
    /// # Errors
    ///
    /// [`StorageError::Locked`] if another writer holds it, or an I/O error.
    pub fn open_writer(dir: &Path) -> Result<Self, StorageError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(StorageError::Locked(dir.to_owned())),
            Err(fs::TryLockError::Error(e)) => return Err(io_err(&lock_path)(e)),
        }
        Ok(FileStorage {
            dir: dir.to_owned(),
            lock: Some(lock),
        })
    }

    /// Opens `dir` for reading only.
    ///
    /// # Errors
    ///
    /// An I/O error if `dir` is not a readable directory.
    pub fn open_reader(dir: &Path) -> Result<Self, StorageError> {
        let meta = fs::metadata(dir).map_err(io_err(dir))?;
        if !meta.is_dir() {
            return Err(io_err(dir)(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a directory",
            )));
        }
        Ok(FileStorage {
            dir: dir.to_owned(),
            lock: None,
        })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn writable(&self) -> Result<(), StorageError> {
        if self.lock.is_some() {
            Ok(())
        } else {
            Err(StorageError::ReadOnly(self.dir.clone()))
        }
    }

    /// Creates `dir` and its missing parents, recording in `to_sync` every
    /// directory whose entries changed, so that the new directories survive
    /// a crash too.
    fn ensure_dir(dir: &Path, to_sync: &mut BTreeSet<PathBuf>) -> Result<(), StorageError> {
        if dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            Self::ensure_dir(parent, to_sync)?;
            match fs::create_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_err(dir)(e)),
            }
            to_sync.insert(parent.to_owned());
        }
        Ok(())
    }

    /// Writes `bytes` to a temporary file beside `target` and syncs it;
    /// returns the temporary path, to be renamed onto `target`.
    fn write_temp(target: &Path, bytes: &[u8], private: bool) -> Result<PathBuf, StorageError> {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let temp = target.with_file_name(format!(".{name}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(if private { 0o600 } else { 0o644 });
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = options.open(&temp).map_err(io_err(&temp))?;
        f.write_all(bytes).map_err(io_err(&temp))?;
        f.sync_all().map_err(io_err(&temp))?;
        Ok(temp)
    }

    fn sync_dir(dir: &Path) -> Result<(), StorageError> {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(dir))
    }
}

impl Storage for FileStorage {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StorageError> {
        check_path(path)?;
        let full = self.dir.join(path);
        match fs::read(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(&full)(e)),
        }
    }

    /// Files under `private/` are created readable by the owner only (the
    /// log's signing key lives there).
    fn write_files(&self, files: &[FileWrite]) -> Result<(), StorageError> {
        self.writable()?;
        let mut to_sync = BTreeSet::new();
        let mut targets = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            check_path(path)?;
            let target = self.dir.join(path);
            let parent = target.parent().unwrap_or(&self.dir).to_owned();
            Self::ensure_dir(&parent, &mut to_sync)?;
            to_sync.insert(parent);
            targets.push((target, bytes.as_slice(), path.starts_with("private/")));
        }
        // The fsyncs are the cost of an append: wait for them side by side
        // rather than one after the other.
        let temps = in_parallel(&targets, |(target, bytes, private)| {
            Self::write_temp(target, bytes, *private)
        })?;
        for (temp, (target, _, _)) in temps.iter().zip(&targets) {
            fs::rename(temp, target).map_err(io_err(target))?;
        }
        let dirs: Vec<PathBuf> = to_sync.into_iter().collect();
        in_parallel(&dirs, |d| Self::sync_dir(d))?;
        Ok(())
    }

    fn replace_checkpoint(&self, checkpoint: &[u8]) -> Result<(), StorageError> {
        self.writable()?;
        let target = self.dir.join(CHECKPOINT);
        let temp = Self::write_temp(&target, checkpoint, false)?;
        fs::rename(&temp, &target).map_err(io_err(&target))?;
        Self::sync_dir(&self.dir)
    }
}

/// Runs `f` on every item, each on its own thread (the work is waiting on
/// the disk, not computing), and returns the results in order or the first
/// error.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, StorageError> + Sync,
) -> Result<Vec<R>, StorageError> {
    if items.len() <= 1 {
        return items.iter().map(&f).collect();
    }
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items.iter().map(|item| s.spawn(move || f(item))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(StorageError::Io {
                        path: PathBuf::new(),
                        source: std::io::Error::other("a writer thread panicked"),
                    })
                })
            })
            .collect()
    })
}

/// What an injected failure does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The write fails: for [`Storage::write_files`], only the first half of
    /// the files is kept (a torn batch); a checkpoint is not replaced.
    Fail,
    /// The write is kept in full but reported as failed (the crash came
    /// after the data reached the disk, before the caller heard of it).
    KeepButFail,
}

/// In-memory storage for tests, which can inject failures.
///
/// Clones share the same files, so a test can keep one to look at (or
/// reopen a log from) after handing another to the log.
#[derive(Clone, Debug, Default)]
pub struct MemStorage {
    inner: Arc<Mutex<MemInner>>,
}

#[derive(Debug, Default)]
struct MemInner {
    files: BTreeMap<String, Vec<u8>>,
    /// Counts down mutating calls; at zero the fault fires.
    fault: Option<(u32, Fault)>,
}

impl MemStorage {
    /// An empty storage.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, MemInner> {
        // A panicking test thread must not hide the files from the others.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the mutating call (`write_files` or `replace_checkpoint`) after
    /// the next `skip` ones fail with `fault`; one shot.
    pub fn fail_after(&self, skip: u32, fault: Fault) {
        self.lock().fault = Some((skip, fault));
    }

    /// A copy of every file, by path.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.lock().files.clone()
    }

    /// Overwrites one file, bypassing the log (to simulate tampering).
    pub fn put(&self, path: &str, bytes: Vec<u8>) {
        self.lock().files.insert(path.to_owned(), bytes);
    }

    /// The fault firing now, if any.
    fn take_fault(inner: &mut MemInner) -> Option<Fault> {
        match inner.fault {
            Some((0, f)) => {
                inner.fault = None;
                Some(f)
            }
            Some((n, f)) => {
                inner.fault = Some((n - 1, f));
                None
            }
            None => None,
        }
    }
}

impl Storage for MemStorage {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StorageError> {
        check_path(path)?;
        Ok(self.lock().files.get(path).cloned())
    }

    fn write_files(&self, files: &[FileWrite]) -> Result<(), StorageError> {
        for (path, _) in files {
            check_path(path)?;
        }
        let mut inner = self.lock();
        let fault = Self::take_fault(&mut inner);
        let keep = match fault {
            Some(Fault::Fail) => files.len() / 2,
            _ => files.len(),
        };
        for (path, bytes) in &files[..keep] {
            inner.files.insert(path.clone(), bytes.clone());
        }
        match fault {
            Some(_) => Err(StorageError::Injected),
            None => Ok(()),
        }
    }

    fn replace_checkpoint(&self, checkpoint: &[u8]) -> Result<(), StorageError> {
        let mut inner = self.lock();
        let fault = Self::take_fault(&mut inner);
        if fault != Some(Fault::Fail) {
            inner
                .files
                .insert(CHECKPOINT.to_owned(), checkpoint.to_vec());
        }
        match fault {
            Some(_) => Err(StorageError::Injected),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(s: &dyn Storage) {
        assert_eq!(s.read("tile/0/000").unwrap(), None);
        s.write_files(&[
            ("tile/0/000.p/1".into(), vec![1; 32]),
            ("tile/entries/x001/000".into(), b"abc".to_vec()),
        ])
        .unwrap();
        assert_eq!(s.read("tile/0/000.p/1").unwrap(), Some(vec![1; 32]));
        assert_eq!(
            s.read("tile/entries/x001/000").unwrap(),
            Some(b"abc".to_vec())
        );
        s.write_files(&[("tile/0/000.p/1".into(), vec![2; 32])])
            .unwrap();
        assert_eq!(s.read("tile/0/000.p/1").unwrap(), Some(vec![2; 32]));
        s.replace_checkpoint(b"one").unwrap();
        s.replace_checkpoint(b"two").unwrap();
        assert_eq!(s.read(CHECKPOINT).unwrap(), Some(b"two".to_vec()));
        for bad in ["", "/etc/passwd", "../x", "a//b", "a/./b", "tile/.."] {
            assert!(
                matches!(s.read(bad), Err(StorageError::BadPath(_))),
                "{bad}"
            );
            assert!(s.write_files(&[(bad.into(), vec![])]).is_err(), "{bad}");
        }
    }

    #[test]
    fn file_storage_story() {
        let dir = tempfile::tempdir().unwrap();
        let s = FileStorage::open_writer(dir.path()).unwrap();
        story(&s);
        // No temporary file is left behind.
        let leftovers: Vec<_> = walk(dir.path())
            .into_iter()
            .filter(|p| p.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.to_string_lossy().into_owned());
            }
        }
        out
    }

    #[test]
    fn mem_storage_story() {
        story(&MemStorage::new());
    }

    #[test]
    fn one_writer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = FileStorage::open_writer(dir.path()).unwrap();
        assert!(matches!(
            FileStorage::open_writer(dir.path()),
            Err(StorageError::Locked(_))
        ));
        // Readers are not blocked, and cannot write.
        let reader = FileStorage::open_reader(dir.path()).unwrap();
        assert!(matches!(
            reader.replace_checkpoint(b"x"),
            Err(StorageError::ReadOnly(_))
        ));
        drop(first);
        FileStorage::open_writer(dir.path()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let s = FileStorage::open_writer(dir.path()).unwrap();
        s.write_files(&[("private/log.key".into(), b"k".to_vec())])
            .unwrap();
        let mode = fs::metadata(dir.path().join("private/log.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn injected_faults() {
        let s = MemStorage::new();
        s.fail_after(1, Fault::Fail);
        let files: Vec<FileWrite> = (0..4).map(|i| (format!("f{i}"), vec![i])).collect();
        s.write_files(&files).unwrap();
        s.put("f0", vec![9]);
        s.put("f1", vec![9]);
        s.put("f2", vec![9]);
        s.put("f3", vec![9]);
        let second: Vec<FileWrite> = (0..4).map(|i| (format!("f{i}"), vec![10 + i])).collect();
        assert!(matches!(
            s.write_files(&second),
            Err(StorageError::Injected)
        ));
        let got: Vec<u8> = s.files().values().map(|v| v[0]).collect();
        assert_eq!(got, vec![10, 11, 9, 9], "a torn batch keeps half");
        s.fail_after(0, Fault::KeepButFail);
        assert!(s.replace_checkpoint(b"c").is_err());
        assert_eq!(s.read(CHECKPOINT).unwrap(), Some(b"c".to_vec()));
        s.fail_after(0, Fault::Fail);
        assert!(s.replace_checkpoint(b"d").is_err());
        assert_eq!(s.read(CHECKPOINT).unwrap(), Some(b"c".to_vec()));
        s.replace_checkpoint(b"e").unwrap();
    }
}
