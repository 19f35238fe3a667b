//! Offline proofs that an entry is in the log: C2SP tlog-proof.
//!
//! A proof bundle (c2sp.org/tlog-proof) is a text file:
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64 of the entry>
//! index 73894
//! <base64 inclusion proof hash, leaf's sibling first>
//! …
//!
//! <the checkpoint note, with the log signature and witness cosignatures>
//! ```
//!
//! The key design decision: moc puts the entry itself in the spec's
//! optional `extra` line, so one file is enough to check a fact offline:
//! the entry's own signature (by its party), its inclusion under the
//! checkpoint, and the checkpoint's log signature and cosignatures against
//! a [`Policy`]. `extra` is unauthenticated by the spec; here it is
//! authenticated by the inclusion proof of its leaf hash.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::checkpoint::SignedCheckpoint;
use crate::entry::{Entry, EntryError};
use crate::keys::KeyRing;
use crate::merkle::{Hash, MAX_PROOF_LEN, MerkleError, leaf_hash, verify_inclusion};
use crate::policy::{Policy, PolicyError};

/// The first line of a proof bundle.
pub const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// The largest bundle [`ProofBundle::from_bytes`] reads.
pub const MAX_BUNDLE_LEN: usize = 1_200_000;

/// Why a proof bundle was refused.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum ProofError {
    /// The bundle is not a tlog-proof file.
    #[error("malformed proof bundle: {0}")]
    Malformed(String),
    /// The checkpoint does not satisfy the policy.
    #[error("checkpoint: {0}")]
    Policy(#[from] PolicyError),
    /// The inclusion proof does not lead to the checkpoint's root.
    #[error("inclusion proof of index {index}: {source}")]
    Inclusion {
        /// The entry's index.
        index: u64,
        /// Why the proof failed.
        source: MerkleError,
    },
    /// The bundle carries no entry, and one was needed.
    #[error("the bundle carries no entry")]
    NoEntry,
    /// The carried entry is malformed or its signature fails.
    #[error("entry: {0}")]
    Entry(#[from] EntryError),
}

/// A parsed proof bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct ProofBundle {
    /// The entry's index in the log.
    pub index: u64,
    /// The inclusion proof, leaf's sibling first (RFC 6962 §2.1.1).
    pub proof: Vec<Hash>,
    /// The checkpoint note, with its signatures.
    pub checkpoint: Vec<u8>,
    /// The entry's bytes, if carried (the `extra` line).
    pub entry: Option<Vec<u8>>,
}

impl ProofBundle {
    /// The bundle's text.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{HEADER}\n");
        if let Some(e) = &self.entry {
            out.push_str(&format!("extra {}\n", B64.encode(e)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.proof {
            out.push_str(&format!("{h}\n"));
        }
        out.push('\n');
        let mut out = out.into_bytes();
        out.extend_from_slice(&self.checkpoint);
        out
    }

    /// Parses a bundle.
    ///
    /// # Errors
    ///
    /// [`ProofError::Malformed`] naming the line.
    pub fn from_bytes(bytes: &[u8]) -> Result<ProofBundle, ProofError> {
        let bad = |s: String| ProofError::Malformed(s);
        if bytes.len() > MAX_BUNDLE_LEN {
            return Err(bad(format!("larger than {MAX_BUNDLE_LEN} bytes")));
        }
        let mut rest = bytes;
        let mut line_no = 0;
        let mut take = || -> Result<&[u8], ProofError> {
            line_no += 1;
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| bad(format!("line {line_no} does not end in a newline")))?;
            let line = &rest[..end];
            rest = &rest[end + 1..];
            Ok(line)
        };
        if take()? != HEADER.as_bytes() {
            return Err(bad(format!("line 1 is not {HEADER}")));
        }
        let mut line = take()?;
        let mut entry = None;
        if let Some(b64) = line.strip_prefix(b"extra ") {
            entry = Some(
                B64.decode(b64)
                    .map_err(|_| bad("line 2: extra data is not base64".into()))?,
            );
            line = take()?;
        }
        let index = line
            .strip_prefix(b"index ")
            .and_then(parse_decimal)
            .ok_or_else(|| bad("expected 'index <decimal without leading zeros>'".into()))?;
        let mut proof = Vec::new();
        loop {
            let line = take()?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LEN {
                return Err(bad(format!("more than {MAX_PROOF_LEN} proof hashes")));
            }
            let h: [u8; 32] = B64
                .decode(line)
                .ok()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| {
                    bad(format!(
                        "proof line {} is not a base64 hash",
                        proof.len() + 1
                    ))
                })?;
            proof.push(Hash(h));
        }
        if rest.is_empty() {
            return Err(bad("no checkpoint after the proof".into()));
        }
        Ok(ProofBundle {
            index,
            proof,
            checkpoint: rest.to_vec(),
            entry,
        })
    }

    /// Checks that the leaf `leaf` is at `index` under a checkpoint that
    /// satisfies `policy`.
    ///
    /// # Errors
    ///
    /// [`ProofError::Policy`] or [`ProofError::Inclusion`].
    pub fn verify(&self, leaf: Hash, policy: &Policy) -> Result<(), ProofError> {
        self.verify_leaf(leaf, policy).map(|_| ())
    }

    /// Like [`ProofBundle::verify`], returning the verified checkpoint.
    ///
    /// # Errors
    ///
    /// [`ProofError::Policy`] or [`ProofError::Inclusion`].
    pub fn verify_leaf(&self, leaf: Hash, policy: &Policy) -> Result<SignedCheckpoint, ProofError> {
        let cp = policy.verify_checkpoint(&self.checkpoint)?;
        verify_inclusion(&self.proof, cp.size(), cp.root(), self.index, leaf).map_err(
            |source| ProofError::Inclusion {
                index: self.index,
                source,
            },
        )?;
        Ok(cp)
    }

    /// Checks the carried entry: canonical, signed by its party (keys in
    /// `parties`), for the checkpoint's log, and included under a
    /// checkpoint that satisfies `policy`. Returns the entry.
    ///
    /// # Errors
    ///
    /// [`ProofError::NoEntry`], [`ProofError::Entry`], or what
    /// [`ProofBundle::verify`] returns.
    pub fn verify_entry(&self, policy: &Policy, parties: &KeyRing) -> Result<Entry, ProofError> {
        let bytes = self.entry.as_ref().ok_or(ProofError::NoEntry)?;
        let entry = Entry::from_bytes(bytes)?;
        entry.verify(parties)?;
        let cp = self.verify_leaf(leaf_hash(bytes), policy)?;
        if entry.event().origin != cp.origin() {
            return Err(ProofError::Malformed(format!(
                "entry is for the log {:?}, the checkpoint for {:?}",
                entry.event().origin,
                cp.origin()
            )));
        }
        Ok(entry)
    }
}

fn parse_decimal(s: &[u8]) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s[0] == b'0') || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cosignature::Cosignature;
    use crate::entry::Event;
    use crate::keys::{KeyKind, SigningKey};
    use crate::merkle::MemoryTree;

    const ORIGIN: &str = "moc.example/gao";

    struct Fixture {
        log: SigningKey,
        party: SigningKey,
        witness: SigningKey,
        entries: Vec<Entry>,
        tree: MemoryTree,
    }

    fn fixture() -> Fixture {
        let log = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32]).unwrap();
        let party = SigningKey::from_seed("fama", KeyKind::Ed25519, &[2; 32]).unwrap();
        let witness = SigningKey::from_seed("cma-witness", KeyKind::Cosignature, &[3; 32]).unwrap();
        let mut tree = MemoryTree::new();
        let entries: Vec<Entry> = (0..13)
            .map(|i| {
                let ev = Event {
                    origin: ORIGIN.into(),
                    kind: "note".into(),
                    party: "fama".into(),
                    user: "u1".into(),
                    time_ms: i,
                    payload: serde_json::json!({"n": i}),
                };
                let e = Entry::sign(&ev, &party).unwrap();
                tree.push(e.leaf_hash());
                e
            })
            .collect();
        Fixture {
            log,
            party,
            witness,
            entries,
            tree,
        }
    }

    fn policy(f: &Fixture) -> Policy {
        Policy::parse(&format!(
            "log {}\nwitness cma {}\nquorum cma\n",
            f.log.verifier(),
            f.witness.verifier()
        ))
        .unwrap()
    }

    fn bundle(f: &Fixture, index: u64, cosign: bool) -> ProofBundle {
        let size = f.tree.size();
        let mut cp = SignedCheckpoint::sign(ORIGIN, size, f.tree.root(), &f.log).unwrap();
        if cosign {
            cp.add_cosignature(Cosignature::sign(cp.text(), &f.witness, 1_700_000_000).unwrap());
        }
        ProofBundle {
            index,
            proof: f.tree.prove_inclusion(size, index).unwrap(),
            checkpoint: cp.to_bytes(),
            entry: Some(f.entries[index as usize].as_bytes().to_vec()),
        }
    }

    #[test]
    fn layout_round_trip_and_verify() {
        let f = fixture();
        let p = policy(&f);
        let parties: KeyRing = [f.party.verifier()].into_iter().collect();
        for i in 0..13 {
            let b = bundle(&f, i, true);
            let bytes = b.to_bytes();
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with(&format!("{HEADER}\nextra ")));
            assert!(text.contains(&format!("\nindex {i}\n")));
            let back = ProofBundle::from_bytes(&bytes).unwrap();
            assert_eq!(back, b);
            back.verify(f.entries[i as usize].leaf_hash(), &p).unwrap();
            assert_eq!(
                back.verify_entry(&p, &parties).unwrap(),
                f.entries[i as usize]
            );
        }
        // Without the extra line.
        let mut b = bundle(&f, 4, true);
        b.entry = None;
        let back = ProofBundle::from_bytes(&b.to_bytes()).unwrap();
        assert_eq!(back.entry, None);
        back.verify(f.entries[4].leaf_hash(), &p).unwrap();
        assert_eq!(back.verify_entry(&p, &parties), Err(ProofError::NoEntry));
    }

    #[test]
    fn refusals() {
        let f = fixture();
        let p = policy(&f);
        let b = bundle(&f, 5, true);
        // Another leaf, another index.
        assert!(matches!(
            b.verify(f.entries[6].leaf_hash(), &p),
            Err(ProofError::Inclusion { index: 5, .. })
        ));
        // No cosignature: the policy's quorum fails and says so.
        let uncosigned = bundle(&f, 5, false);
        assert_eq!(
            uncosigned
                .verify(f.entries[5].leaf_hash(), &p)
                .unwrap_err()
                .to_string(),
            "checkpoint: quorum cma needs 1 of 1, got 0: none"
        );
        // A tampered entry in the extra line.
        let mut t = b.clone();
        let mut e = t.entry.take().unwrap();
        let pos = e.iter().position(|&c| c == b'u').unwrap();
        e[pos] = b'v';
        t.entry = Some(e);
        let parties: KeyRing = [f.party.verifier()].into_iter().collect();
        assert!(matches!(
            t.verify_entry(&p, &parties),
            Err(ProofError::Entry(_))
        ));
        for bad in [
            &b""[..],
            b"c2sp.org/tlog-proof@v2\nindex 1\n\nx",
            b"c2sp.org/tlog-proof@v1\nindex 01\n\nx",
            b"c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\nx",
            b"c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nx",
            b"c2sp.org/tlog-proof@v1\nindex 1\n\n",
        ] {
            assert!(matches!(
                ProofBundle::from_bytes(bad),
                Err(ProofError::Malformed(_))
            ));
        }
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = ProofBundle::from_bytes(&bytes);
        }

        #[test]
        fn mutated_bundles_never_panic_nor_verify(pos in 0usize..2000, byte: u8) {
            let f = fixture();
            let p = policy(&f);
            let parties: KeyRing = [f.party.verifier()].into_iter().collect();
            let mut b = bundle(&f, 7, true).to_bytes();
            let i = pos % b.len();
            let changed = b[i] != byte;
            b[i] = byte;
            if let Ok(parsed) = ProofBundle::from_bytes(&b)
                && parsed.verify_entry(&p, &parties).is_ok()
            {
                // Every byte is covered by a hash or a signature.
                proptest::prop_assert!(!changed);
            }
        }
    }
}
