//! RFC 6962 / RFC 9162 Merkle tree hashing and proofs.
//!
//! The math is `tlog_tiles`' (a port of Go's `sumdb/tlog`, which has served
//! the Go checksum database for years); this module only gives it moc's
//! names, bounds every input an attacker controls so that verification never
//! panics, and adds [`MemoryTree`], an in-memory [`HashReader`] used by the
//! tests, the witness tests and anyone who needs a small tree.
//!
//! Hashes (c2sp.org/tlog-tiles, RFC 6962 §2.1):
//! leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right).
//!
//! Stored hashes are addressed by `tlog_tiles::stored_hash_index(level, n)`;
//! a storage backend implements [`HashReader`] over its tiles and calls
//! [`prove_inclusion`], [`prove_consistency`] and [`root`] with it.

pub use tlog_tiles::{Hash, HashReader};

/// The deepest RFC 6962 proof for a tree of at most 2^64 leaves has 64
/// hashes (tlog-witness allows 63 proof lines for the same reason: a
/// consistency proof never exceeds that in practice).
pub const MAX_PROOF_LEN: usize = 64;

/// Why a proof did not verify or could not be built.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum MerkleError {
    /// The leaf index is not inside the tree.
    #[error("index {index} is not in a tree of size {size}")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// A consistency proof was asked from a larger tree to a smaller one.
    #[error("old size {old} is larger than new size {new}")]
    OldLarger {
        /// The old tree size.
        old: u64,
        /// The new tree size.
        new: u64,
    },
    /// The proof has more hashes than any tree can need.
    #[error("proof has {0} hashes, more than the {MAX_PROOF_LEN} any tree needs")]
    TooLong(usize),
    /// The proof does not lead to the expected root.
    #[error("proof does not match the root hash")]
    InvalidProof,
    /// The hash reader failed (storage error, missing tile).
    #[error("reading stored hashes: {0}")]
    Read(String),
}

/// The leaf hash of an entry: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    tlog_tiles::record_hash(entry)
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: Hash, right: Hash) -> Hash {
    tlog_tiles::node_hash(left, right)
}

/// The root of the empty tree, SHA-256 of the empty string (RFC 6962 §2.1).
pub const EMPTY_ROOT: Hash = tlog_tiles::EMPTY_HASH;

/// Checks that `proof` shows the leaf `leaf` at `index` in the tree of
/// `tree_size` leaves whose root is `root` (RFC 9162 §2.1.3.2).
///
/// # Errors
///
/// [`MerkleError::IndexOutOfRange`] if `index >= tree_size`,
/// [`MerkleError::TooLong`] for an oversized proof, otherwise
/// [`MerkleError::InvalidProof`] when the proof does not lead to `root`.
pub fn verify_inclusion(
    proof: &[Hash],
    tree_size: u64,
    root: Hash,
    index: u64,
    leaf: Hash,
) -> Result<(), MerkleError> {
    if index >= tree_size {
        return Err(MerkleError::IndexOutOfRange {
            index,
            size: tree_size,
        });
    }
    if proof.len() > MAX_PROOF_LEN {
        return Err(MerkleError::TooLong(proof.len()));
    }
    tlog_tiles::check_record(&proof.to_vec(), tree_size, root, index, leaf)
        .map_err(|_| MerkleError::InvalidProof)
}

/// Checks that `proof` shows the tree (`old_size`, `old_root`) to be a prefix
/// of the tree (`new_size`, `new_root`) (RFC 9162 §2.1.4.2).
///
/// An empty old tree is a prefix of every tree: the proof must then be
/// empty. Equal sizes need an empty proof and equal roots.
///
/// # Errors
///
/// [`MerkleError::OldLarger`] if `old_size > new_size`,
/// [`MerkleError::TooLong`] for an oversized proof, otherwise
/// [`MerkleError::InvalidProof`].
pub fn verify_consistency(
    proof: &[Hash],
    new_size: u64,
    new_root: Hash,
    old_size: u64,
    old_root: Hash,
) -> Result<(), MerkleError> {
    if old_size > new_size {
        return Err(MerkleError::OldLarger {
            old: old_size,
            new: new_size,
        });
    }
    if proof.len() > MAX_PROOF_LEN {
        return Err(MerkleError::TooLong(proof.len()));
    }
    if old_size == 0 {
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(MerkleError::InvalidProof)
        };
    }
    tlog_tiles::check_tree(&proof.to_vec(), new_size, new_root, old_size, old_root)
        .map_err(|_| MerkleError::InvalidProof)
}

/// The inclusion proof of leaf `index` in the tree of `tree_size` leaves,
/// read from stored hashes.
///
/// # Errors
///
/// [`MerkleError::IndexOutOfRange`], or [`MerkleError::Read`] if the reader
/// fails.
pub fn prove_inclusion<R: HashReader>(
    tree_size: u64,
    index: u64,
    reader: &R,
) -> Result<Vec<Hash>, MerkleError> {
    if index >= tree_size {
        return Err(MerkleError::IndexOutOfRange {
            index,
            size: tree_size,
        });
    }
    tlog_tiles::prove_record(tree_size, index, reader).map_err(|e| MerkleError::Read(e.to_string()))
}

/// The consistency proof from the tree of `old_size` leaves to the tree of
/// `new_size` leaves, read from stored hashes. Empty when `old_size` is 0 or
/// equals `new_size`.
///
/// # Errors
///
/// [`MerkleError::OldLarger`], or [`MerkleError::Read`] if the reader fails.
pub fn prove_consistency<R: HashReader>(
    new_size: u64,
    old_size: u64,
    reader: &R,
) -> Result<Vec<Hash>, MerkleError> {
    if old_size > new_size {
        return Err(MerkleError::OldLarger {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 {
        return Ok(Vec::new());
    }
    tlog_tiles::prove_tree(new_size, old_size, reader).map_err(|e| MerkleError::Read(e.to_string()))
}

/// The root hash of the tree of `tree_size` leaves, read from stored hashes.
///
/// # Errors
///
/// [`MerkleError::Read`] if the reader fails.
pub fn root<R: HashReader>(tree_size: u64, reader: &R) -> Result<Hash, MerkleError> {
    tlog_tiles::tree_hash(tree_size, reader).map_err(|e| MerkleError::Read(e.to_string()))
}

/// A whole tree in memory, as the dense list of stored hashes that
/// `tlog_tiles` expects (index `stored_hash_index(level, n)`).
///
/// Used by tests and by small tools; the log's storage keeps the same
/// hashes in tiles instead.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    hashes: Vec<Hash>,
    size: u64,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one leaf hash and returns its index.
    pub fn push(&mut self, leaf: Hash) -> u64 {
        let index = self.size;
        // Reading our own complete vector cannot fail.
        let new = tlog_tiles::stored_hashes_for_record_hash(index, leaf, self)
            .unwrap_or_else(|_| vec![leaf]);
        self.hashes.extend(new);
        self.size += 1;
        index
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        self.root_at(self.size)
            .expect("a memory tree holds every hash of its prefixes")
    }

    /// The root of the prefix of `size` leaves.
    ///
    /// # Errors
    ///
    /// [`MerkleError::IndexOutOfRange`] if `size` exceeds the tree.
    pub fn root_at(&self, size: u64) -> Result<Hash, MerkleError> {
        self.check_size(size)?;
        root(size, self)
    }

    /// The inclusion proof of `index` in the prefix of `size` leaves.
    ///
    /// # Errors
    ///
    /// [`MerkleError::IndexOutOfRange`] for an index or size outside the tree.
    pub fn prove_inclusion(&self, size: u64, index: u64) -> Result<Vec<Hash>, MerkleError> {
        self.check_size(size)?;
        prove_inclusion(size, index, self)
    }

    /// The consistency proof from the prefix of `old` leaves to that of `new`.
    ///
    /// # Errors
    ///
    /// [`MerkleError::IndexOutOfRange`] or [`MerkleError::OldLarger`].
    pub fn prove_consistency(&self, new: u64, old: u64) -> Result<Vec<Hash>, MerkleError> {
        self.check_size(new)?;
        prove_consistency(new, old, self)
    }

    fn check_size(&self, size: u64) -> Result<(), MerkleError> {
        if size > self.size {
            return Err(MerkleError::IndexOutOfRange {
                index: size,
                size: self.size,
            });
        }
        Ok(())
    }
}

impl HashReader for MemoryTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.hashes.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root of a list of leaf hashes by the RFC 6962 recursive
    /// definition, independent of `tlog_tiles`.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => EMPTY_ROOT,
            1 => leaves[0],
            n => {
                // The largest power of two strictly below n.
                let k = 1usize << (usize::BITS - 1 - (n - 1).leading_zeros());
                node_hash(reference_root(&leaves[..k]), reference_root(&leaves[k..]))
            }
        }
    }

    fn tree(n: u64) -> MemoryTree {
        let mut t = MemoryTree::new();
        for i in 0..n {
            t.push(leaf_hash(&i.to_be_bytes()));
        }
        t
    }

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        assert_eq!(
            EMPTY_ROOT.to_string(),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(MemoryTree::new().root(), EMPTY_ROOT);
    }

    #[test]
    fn roots_match_the_recursive_definition() {
        for n in 0..70u64 {
            let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect();
            assert_eq!(tree(n).root(), reference_root(&leaves), "size {n}");
        }
    }

    #[test]
    fn every_inclusion_and_consistency_proof_of_small_trees() {
        let t = tree(40);
        for size in 1..=40 {
            let root = t.root_at(size).unwrap();
            for index in 0..size {
                let p = t.prove_inclusion(size, index).unwrap();
                let leaf = leaf_hash(&index.to_be_bytes());
                verify_inclusion(&p, size, root, index, leaf).unwrap();
                assert_eq!(
                    verify_inclusion(&p, size, root, index, leaf_hash(b"x")),
                    Err(MerkleError::InvalidProof)
                );
            }
            for old in 0..=size {
                let p = t.prove_consistency(size, old).unwrap();
                let old_root = t.root_at(old).unwrap();
                verify_consistency(&p, size, root, old, old_root).unwrap();
                if old > 0 {
                    assert_eq!(
                        verify_consistency(&p, size, root, old, leaf_hash(b"x")),
                        Err(MerkleError::InvalidProof)
                    );
                }
            }
        }
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let t = tree(5);
        let root = t.root();
        let leaf = leaf_hash(&0u64.to_be_bytes());
        assert!(matches!(
            verify_inclusion(&[], 5, root, 5, leaf),
            Err(MerkleError::IndexOutOfRange { .. })
        ));
        assert!(matches!(
            verify_inclusion(&[], 0, root, 0, leaf),
            Err(MerkleError::IndexOutOfRange { .. })
        ));
        assert!(matches!(
            verify_inclusion(&vec![root; 65], u64::MAX, root, 3, leaf),
            Err(MerkleError::TooLong(65))
        ));
        assert!(verify_inclusion(&vec![root; 64], u64::MAX, root, u64::MAX - 1, leaf).is_err());
        assert!(verify_consistency(&vec![root; 64], u64::MAX, root, 1, leaf).is_err());
        assert!(matches!(
            verify_consistency(&[], 3, root, 4, root),
            Err(MerkleError::OldLarger { .. })
        ));
        assert_eq!(
            verify_consistency(&[root], 3, root, 0, root),
            Err(MerkleError::InvalidProof)
        );
        assert!(t.prove_inclusion(6, 0).is_err());
        assert!(t.prove_inclusion(5, 5).is_err());
        assert!(t.prove_consistency(5, 6).is_err());
    }

    #[test]
    fn equal_sizes_need_equal_roots() {
        let t = tree(9);
        verify_consistency(&[], 9, t.root(), 9, t.root()).unwrap();
        assert_eq!(
            verify_consistency(&[], 9, t.root(), 9, t.root_at(8).unwrap()),
            Err(MerkleError::InvalidProof)
        );
    }
}
