//! Salted commitments: how personal data is in the log without being in it.
//!
//! A personal record (a combatant's name, a witness statement) stays in a
//! restricted store; the log holds only
//!
//! ```text
//! commitment = SHA-256("moc-commitment/v1\n" ‖ salt ‖ record)
//! ```
//!
//! with a fresh 32-byte random salt per record. The salt (the [`Opening`])
//! is kept beside the record in the restricted store. Whoever holds record
//! and opening can prove the log committed to exactly that record; nobody
//! else can test guesses against the commitment (a dictionary of names is
//! useless without the salt), and deleting the opening makes the log entry
//! meaningless forever, which is how a record is erased without rewriting
//! history.
//!
//! The key design decision: secrets are types. [`Salt`] and [`Opening`]
//! redact themselves in `Debug` and have no `Display`; the record is never
//! stored in any of these types. The domain prefix keeps these hashes apart
//! from the Merkle tree's and from any other use of SHA-256.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rand_core::CryptoRngCore;
use sha2::{Digest, Sha256};

/// The domain-separation prefix of every commitment hash.
pub const DOMAIN: &[u8] = b"moc-commitment/v1\n";

/// Why a commitment or an opening could not be read.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum CommitmentError {
    /// Not base64 of 32 bytes.
    #[error("malformed {0}: expected base64 of 32 bytes")]
    Malformed(&'static str),
}

/// 32 random bytes that make a commitment unguessable.
#[derive(Clone, PartialEq, Eq)]
pub struct Salt([u8; 32]);

/// What opens a commitment: its salt. Kept in the restricted store next to
/// the record, never in the log.
#[derive(Clone, PartialEq, Eq)]
pub struct Opening {
    salt: Salt,
}

/// A commitment to one record; public, it goes into log entries.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Commitment([u8; 32]);

impl Salt {
    /// A fresh salt from a cryptographic random generator.
    pub fn random(rng: &mut impl CryptoRngCore) -> Salt {
        let mut s = [0; 32];
        rng.fill_bytes(&mut s);
        Salt(s)
    }

    /// A salt from known bytes (to rebuild a stored opening).
    pub fn from_bytes(bytes: [u8; 32]) -> Salt {
        Salt(bytes)
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Salt(<redacted>)")
    }
}

impl Opening {
    /// The opening made of this salt.
    pub fn new(salt: Salt) -> Opening {
        Opening { salt }
    }

    /// The salt in base64, for the restricted store. The only way the
    /// secret leaves this type.
    pub fn to_base64(&self) -> String {
        B64.encode(self.salt.0)
    }

    /// Reads an opening written by [`Opening::to_base64`].
    ///
    /// # Errors
    ///
    /// [`CommitmentError::Malformed`].
    pub fn from_base64(s: &str) -> Result<Opening, CommitmentError> {
        Ok(Opening {
            salt: Salt(decode32(s, "opening")?),
        })
    }
}

impl fmt::Debug for Opening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Opening(<redacted>)")
    }
}

fn decode32(s: &str, what: &'static str) -> Result<[u8; 32], CommitmentError> {
    B64.decode(s.trim())
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or(CommitmentError::Malformed(what))
}

impl Commitment {
    /// The 32 hash bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Commitment {
    /// Base64, as it appears in an entry's payload.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&B64.encode(self.0))
    }
}

impl fmt::Debug for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Commitment({self})")
    }
}

impl FromStr for Commitment {
    type Err = CommitmentError;

    fn from_str(s: &str) -> Result<Commitment, CommitmentError> {
        Ok(Commitment(decode32(s, "commitment")?))
    }
}

/// The commitment to `record` under `salt`.
pub fn commit_with_salt(record: &[u8], salt: &Salt) -> Commitment {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(salt.0);
    h.update(record);
    Commitment(h.finalize().into())
}

/// Commits to `record` (its canonical bytes, e.g.
/// [`crate::entry::canonical_json`] of a JSON record) with a fresh salt.
pub fn commit(record: &[u8], rng: &mut impl CryptoRngCore) -> (Commitment, Opening) {
    let salt = Salt::random(rng);
    (commit_with_salt(record, &salt), Opening { salt })
}

/// Whether `opening` opens `commitment` to `record`. Compares in constant
/// time, so timing does not tell how close a guess came.
pub fn verify(commitment: &Commitment, opening: &Opening, record: &[u8]) -> bool {
    let got = commit_with_salt(record, &opening.salt);
    got.0
        .iter()
        .zip(commitment.0.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;

    const RECORD: &[u8] = br#"{"birth_year":1991,"name":"Aminata Traore"}"#;

    #[test]
    fn commit_and_verify() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let (c, o) = commit(RECORD, &mut rng);
        assert!(verify(&c, &o, RECORD));
        // A wrong record, a wrong salt.
        assert!(!verify(
            &c,
            &o,
            br#"{"birth_year":1992,"name":"Aminata Traore"}"#
        ));
        let (_, other) = commit(RECORD, &mut rng);
        assert!(!verify(&c, &other, RECORD));
        // Fresh salts: the same record commits differently each time.
        let (c2, _) = commit(RECORD, &mut rng);
        assert_ne!(c, c2);
    }

    #[test]
    fn known_answer() {
        // SHA-256("moc-commitment/v1\n" ‖ 32 zero bytes ‖ "abc"), computed
        // with Python's hashlib, so that the encoding never drifts silently.
        let c = commit_with_salt(b"abc", &Salt::from_bytes([0; 32]));
        let mut h = Sha256::new();
        h.update(b"moc-commitment/v1\n");
        h.update([0u8; 32]);
        h.update(b"abc");
        assert_eq!(c.as_bytes(), &<[u8; 32]>::from(h.finalize()));
        assert_eq!(
            c.to_string(),
            "miQVlKvFz7KXdar7qyTO8Gc9Ip2elP4PgBiUIFW5qjU="
        );
    }

    #[test]
    fn text_forms_round_trip() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let (c, o) = commit(RECORD, &mut rng);
        let c2: Commitment = c.to_string().parse().unwrap();
        let o2 = Opening::from_base64(&o.to_base64()).unwrap();
        assert!(verify(&c2, &o2, RECORD));
        assert_eq!(
            "AAAA".parse::<Commitment>(),
            Err(CommitmentError::Malformed("commitment"))
        );
        assert!(Opening::from_base64("!!").is_err());
    }

    #[test]
    fn debug_prints_neither_salt_nor_record() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let (c, o) = commit(RECORD, &mut rng);
        let dbg = format!("{c:?} {o:?} {:?}", Salt::random(&mut rng));
        assert!(dbg.contains("redacted"));
        assert!(!dbg.contains(&o.to_base64()));
        assert!(!dbg.contains("Aminata"));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,60}") {
            let _ = s.parse::<Commitment>();
            let _ = Opening::from_base64(&s);
        }
    }
}
