//! The node's review queue of candidate incidents read from articles
//! (`intake/queue.json`), shared by `moc intake` and the web review page.
//!
//! The file is read and held under a lock (`intake/queue.lock`: two
//! reviewers, at a terminal or in a browser, wait for each other) and
//! rewritten whole through a temporary file and a rename, so a crash
//! leaves the old queue or the new one. Callers save only after the
//! signed command succeeded: a refused one leaves the queue as it was.
//!
//! Matching an item against the mechanism's known incidents reads the
//! store ([`proposal`]); `moc_intake::matching::decide` has the last word.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use moc_intake::dates::{Day, EventDate};
use moc_intake::matching::{Decision, Key, Known, decide};
use moc_intake::review::{Item, Queue, Status};
use moc_store::{IncidentFilter, MAX_INCIDENT_PAGE, Store, StoreError};

use crate::layout::{Layout, write_atomic};

/// Why the queue could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// There is no node in this directory.
    #[error("{0}: no moc node here (node.json is missing)")]
    NotANode(PathBuf),
    /// The queue or its lock could not be read.
    #[error("{path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The queue file is not a queue.
    #[error("{path}: not a review queue: {why}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The queue could not be written.
    #[error("{path}: {why}")]
    Unwritable {
        /// The file.
        path: PathBuf,
        /// What failed.
        why: String,
    },
    /// No item has this number.
    #[error("no item {0} in the queue")]
    NoItem(u32),
    /// The item was filed already.
    #[error("item {item} was accepted already, as incident {incident}")]
    AlreadyAccepted {
        /// The item.
        item: u32,
        /// The incident it became or joined.
        incident: String,
    },
    /// The item was set aside already.
    #[error("item {0} was rejected already")]
    AlreadyRejected(u32),
}

/// The queue, held under its lock until dropped.
#[derive(Debug)]
pub struct LockedQueue {
    path: PathBuf,
    queue: Queue,
    _lock: File,
}

impl LockedQueue {
    /// Locks and reads the queue of the node laid out by `layout` (an
    /// empty queue when there is no file yet). Blocks while another holds
    /// the lock.
    ///
    /// # Errors
    /// [`IntakeError::NotANode`], [`IntakeError::Unreadable`],
    /// [`IntakeError::Corrupt`].
    pub fn open(layout: &Layout) -> Result<LockedQueue, IntakeError> {
        if !layout.exists() {
            return Err(IntakeError::NotANode(layout.root().to_owned()));
        }
        let path = layout.intake_queue();
        let unreadable = |source| IntakeError::Unreadable {
            path: path.clone(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(unreadable)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("queue.lock"))
            .map_err(unreadable)?;
        lock.lock().map_err(unreadable)?;
        let queue = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| IntakeError::Corrupt {
                path: path.clone(),
                why: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Queue::default(),
            Err(e) => return Err(unreadable(e)),
        };
        Ok(LockedQueue {
            path,
            queue,
            _lock: lock,
        })
    }

    /// The queue's file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The queue.
    #[must_use]
    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// The queue, to add items to.
    pub fn queue_mut(&mut self) -> &mut Queue {
        &mut self.queue
    }

    /// The pending item `id`.
    ///
    /// # Errors
    /// [`IntakeError::NoItem`], [`IntakeError::AlreadyAccepted`],
    /// [`IntakeError::AlreadyRejected`].
    pub fn pending(&mut self, id: u32) -> Result<&mut Item, IntakeError> {
        let item = self.queue.get_mut(id).ok_or(IntakeError::NoItem(id))?;
        match &item.status {
            Status::Pending => Ok(item),
            Status::Accepted { incident, .. } => Err(IntakeError::AlreadyAccepted {
                item: id,
                incident: incident.clone(),
            }),
            Status::Rejected { .. } => Err(IntakeError::AlreadyRejected(id)),
        }
    }

    /// Writes the queue back, whole.
    ///
    /// # Errors
    /// [`IntakeError::Unwritable`].
    pub fn save(&self) -> Result<(), IntakeError> {
        let unwritable = |why: String| IntakeError::Unwritable {
            path: self.path.clone(),
            why,
        };
        let bytes =
            serde_json::to_vec_pretty(&self.queue).map_err(|e| unwritable(e.to_string()))?;
        write_atomic(&self.path, &bytes, false).map_err(|e| unwritable(e.to_string()))
    }
}

/// The mechanism's incidents that could be the same event as `key`: those
/// dated within 40 days and within about a degree (the month-precise dates
/// and the 50 km of [`decide`] fit inside; `decide` has the last word).
///
/// # Errors
/// The store's.
pub async fn known_near(store: &Store, m: &str, key: &Key) -> Result<Vec<Known>, StoreError> {
    let day = |n: i64| key.date.day.plus(n).iso();
    // Within ±91° and ±181°: fits.
    #[allow(clippy::cast_possible_truncation)]
    let e6 = |deg: f64| (deg * 1e6).round() as i32;
    let mut filter = IncidentFilter {
        from: Some(day(-40)),
        to: Some(day(40)),
        bbox: Some((
            e6(key.latitude - 1.0),
            e6(key.longitude - 1.0),
            e6(key.latitude + 1.0),
            e6(key.longitude + 1.0),
        )),
        limit: MAX_INCIDENT_PAGE,
        ..IncidentFilter::default()
    };
    let mut known = Vec::new();
    loop {
        let page = store.incidents(m, &filter).await?;
        let n = u32::try_from(page.incidents.len()).unwrap_or(u32::MAX);
        for v in page.incidents {
            let r = &v.record;
            let Some(day) = Day::parse_iso(&r.event_date) else {
                continue;
            };
            known.push(Known {
                id: v.id.to_string(),
                key: Key {
                    date: EventDate {
                        day,
                        precision: r.time_precision.get(),
                        year_known: true,
                    },
                    latitude: f64::from(r.latitude_e6) / 1e6,
                    longitude: f64::from(r.longitude_e6) / 1e6,
                    event_type: r.event_type,
                },
            });
        }
        if n < MAX_INCIDENT_PAGE {
            break;
        }
        filter.offset += n;
    }
    Ok(known)
}

/// What matching proposes for `item` in mechanism `m`: `None` when the
/// item cannot be matched (no date, place or type yet).
///
/// # Errors
/// The store's.
pub async fn proposal(store: &Store, m: &str, item: &Item) -> Result<Option<Decision>, StoreError> {
    let Some(key) = item.draft.key() else {
        return Ok(None);
    };
    let known = known_near(store, m, &key).await?;
    Ok(Some(decide(&key, &known)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_node_a_corrupt_queue_and_filed_items_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        assert!(matches!(
            LockedQueue::open(&layout),
            Err(IntakeError::NotANode(_))
        ));
        std::fs::write(layout.node_file(), b"{}").unwrap();
        // No queue yet: an empty one, and nothing to review.
        let mut q = LockedQueue::open(&layout).unwrap();
        assert!(q.queue().items.is_empty());
        assert!(matches!(q.pending(3), Err(IntakeError::NoItem(3))));
        q.save().unwrap();
        drop(q);
        let q = LockedQueue::open(&layout).unwrap();
        assert_eq!(q.queue(), &Queue::default());
        drop(q);
        std::fs::write(layout.intake_queue(), b"not json").unwrap();
        let err = LockedQueue::open(&layout).unwrap_err();
        assert!(matches!(err, IntakeError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("queue.json"), "{err}");
    }
}
