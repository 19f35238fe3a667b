//! Our Merkle code (tlog_tiles underneath) against a second, independent
//! implementation, `ct-merkle`: roots, inclusion proofs and consistency
//! proofs must agree byte for byte and verify across implementations, for
//! trees up to 100,000 leaves.

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use ct_merkle::{ConsistencyProof, InclusionProof, RootHash};
use moc_ledger::merkle::{Hash, MemoryTree, leaf_hash, verify_consistency, verify_inclusion};
use proptest::prelude::*;
use sha2_v11::Sha256;

/// Both trees over the same `n` leaves (leaf `i` is `i` in 8 bytes, salted
/// so that two test runs do not share leaves).
fn trees(n: u64, salt: u64) -> (MemoryTree, MemoryBackedTree<Sha256, Vec<u8>>) {
    let mut ours = MemoryTree::new();
    let mut theirs = MemoryBackedTree::<Sha256, Vec<u8>>::new();
    for i in 0..n {
        let leaf = [salt.to_be_bytes(), i.to_be_bytes()].concat();
        ours.push(leaf_hash(&leaf));
        theirs.push(leaf);
    }
    (ours, theirs)
}

fn leaf(salt: u64, i: u64) -> Vec<u8> {
    [salt.to_be_bytes(), i.to_be_bytes()].concat()
}

fn to_bytes(proof: &[Hash]) -> Vec<u8> {
    proof.iter().flat_map(|h| h.0).collect()
}

fn from_bytes(bytes: &[u8]) -> Vec<Hash> {
    bytes
        .chunks(32)
        .map(|c| Hash(c.try_into().expect("32-byte chunks")))
        .collect()
}

fn ct_root(h: Hash, n: u64) -> RootHash<Sha256> {
    let digest = ct_merkle::digest::Output::<Sha256>::try_from(&h.0[..]).expect("32 bytes");
    RootHash::new(digest, n)
}

/// Compares both implementations on a tree of `n` leaves, for the given
/// indexes and old sizes (taken modulo the size).
fn check(n: u64, salt: u64, indexes: &[u64], olds: &[u64]) {
    let (ours, theirs) = trees(n, salt);
    let root = ours.root();
    assert_eq!(
        &root.0[..],
        theirs.root().as_bytes().as_slice(),
        "root of {n}"
    );

    for &i in indexes {
        let i = i % n;
        let our_proof = ours.prove_inclusion(n, i).unwrap();
        let their_proof = theirs.prove_inclusion(usize::try_from(i).unwrap());
        assert_eq!(
            to_bytes(&our_proof),
            their_proof.as_bytes(),
            "inclusion {i} of {n}"
        );
        // Each verifies the other's proof.
        verify_inclusion(
            &from_bytes(their_proof.as_bytes()),
            n,
            root,
            i,
            leaf_hash(&leaf(salt, i)),
        )
        .unwrap();
        let theirs_of_ours =
            InclusionProof::<Sha256>::try_from_bytes(to_bytes(&our_proof)).unwrap();
        theirs
            .root()
            .verify_inclusion(&leaf(salt, i), i, &theirs_of_ours)
            .unwrap();
    }

    for &old in olds {
        let old = 1 + old % n;
        let old_root = ours.root_at(old).unwrap();
        let our_proof = ours.prove_consistency(n, old).unwrap();
        let their_proof = theirs.prove_consistency(usize::try_from(n - old).unwrap());
        assert_eq!(
            to_bytes(&our_proof),
            their_proof.as_bytes(),
            "consistency {old}->{n}"
        );
        verify_consistency(&from_bytes(their_proof.as_bytes()), n, root, old, old_root).unwrap();
        let theirs_of_ours =
            ConsistencyProof::<Sha256>::try_from_bytes(to_bytes(&our_proof)).unwrap();
        theirs
            .root()
            .verify_consistency(&ct_root(old_root, old), &theirs_of_ours)
            .unwrap();
    }
}

#[test]
fn fixed_sizes_agree() {
    for n in [1u64, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 65536, 100_000] {
        let idx = [0, 1, n / 2, n - 1, 12_345, 99_999];
        let olds = [0, 1, n / 2, n.saturating_sub(2), n - 1, 4095, 65535];
        check(n, n, &idx, &olds);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn small_random_trees_agree(
        n in 1u64..3000,
        salt: u64,
        idx in proptest::collection::vec(any::<u64>(), 1..8),
        olds in proptest::collection::vec(any::<u64>(), 1..8),
    ) {
        check(n, salt, &idx, &olds);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]
    #[test]
    fn big_random_trees_agree(
        n in 3000u64..=100_000,
        salt: u64,
        idx in proptest::collection::vec(any::<u64>(), 4),
        olds in proptest::collection::vec(any::<u64>(), 4),
    ) {
        check(n, salt, &idx, &olds);
    }
}
