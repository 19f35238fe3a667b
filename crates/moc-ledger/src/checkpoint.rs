//! Signed checkpoints: C2SP tlog-checkpoint notes signed by the log key,
//! carrying witness cosignatures.
//!
//! A checkpoint (c2sp.org/tlog-checkpoint) is a signed note whose text is
//! the origin, the tree size and the base64 root hash, one per line,
//! optionally followed by extension lines:
//!
//! ```text
//! moc.example/gao
//! 1042
//! nND/nri//U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=
//!
//! — moc.example/gao base64(key id ‖ Ed25519 signature)
//! — fama-witness base64(key id ‖ timestamp ‖ Ed25519 signature)
//! ```
//!
//! The key design decision: a [`SignedCheckpoint`] exists only with a
//! verified log signature. [`SignedCheckpoint::from_bytes`] takes the log's
//! key and refuses a note it has not signed; the text is parsed by
//! `tlog_tiles::Checkpoint` and the note by `signed_note`. Cosignatures
//! ride along unverified: which of them count is the job of
//! [`crate::policy`]. The log key's name must be the origin (as
//! c2sp.org/tlog-policy requires of log keys), so a checkpoint cannot be
//! passed off as another log's.

use signed_note::Note;
use tlog_tiles::Checkpoint;

use crate::cosignature::Cosignature;
use crate::keys::{KeyKind, SigningKey, VerifierKey};
use crate::merkle::Hash;

/// Why a checkpoint was refused.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    /// The bytes are not a signed note or its text is not a checkpoint.
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    /// The checkpoint's origin is not the log key's name.
    #[error("checkpoint origin {origin:?} is not the log key's name {key:?}")]
    OriginMismatch {
        /// The origin line.
        origin: String,
        /// The log key's name.
        key: String,
    },
    /// The log key is a witness key.
    #[error("log key {0} is a cosignature key; a log signs with an Ed25519 (0x01) key")]
    WrongKeyKind(String),
    /// No signature line is by the log key.
    #[error("no signature by the log key {name}+{id:08x}")]
    MissingLogSignature {
        /// The log key's name.
        name: String,
        /// The log key's id.
        id: u32,
    },
    /// A signature line by the log key does not verify.
    #[error("bad log signature by {name}+{id:08x}")]
    BadSignature {
        /// The log key's name.
        name: String,
        /// The log key's id.
        id: u32,
    },
}

/// One signature line of a checkpoint note, in its order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Line {
    /// The log's signature (key id, Ed25519 signature).
    Log(Vec<u8>),
    /// A witness cosignature.
    Cosig(Cosignature),
    /// Any other signature line, kept verbatim (with its newline): unknown
    /// keys must be ignored, not dropped from what we pass on.
    Other(Vec<u8>),
}

/// A checkpoint whose log signature has been verified, with the signature
/// lines it came with.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedCheckpoint {
    text: Vec<u8>,
    origin: String,
    size: u64,
    root: Hash,
    log_name: String,
    log_id: u32,
    lines: Vec<Line>,
}

impl SignedCheckpoint {
    /// Signs a new checkpoint for the tree (`size`, `root`) of the log
    /// `origin` with the log key.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::OriginMismatch`] if the key is not named
    /// `origin`, [`CheckpointError::WrongKeyKind`],
    /// [`CheckpointError::Malformed`] for an origin a note cannot carry.
    pub fn sign(
        origin: &str,
        size: u64,
        root: Hash,
        key: &SigningKey,
    ) -> Result<SignedCheckpoint, CheckpointError> {
        if key.name() != origin {
            return Err(CheckpointError::OriginMismatch {
                origin: origin.to_owned(),
                key: key.name().to_owned(),
            });
        }
        if key.kind() != KeyKind::Ed25519 {
            return Err(CheckpointError::WrongKeyKind(key.name().to_owned()));
        }
        let cp = Checkpoint::new(origin, size, root, "")
            .map_err(|_| CheckpointError::Malformed("empty origin"))?;
        let text = cp.to_bytes();
        // The note rules (no control characters) apply to the origin too.
        Note::new(&text, &[])
            .map_err(|_| CheckpointError::Malformed("origin has a control character"))?;
        let mut blob = key.key_id().to_be_bytes().to_vec();
        blob.extend_from_slice(&key.sign(&text));
        Ok(SignedCheckpoint {
            text,
            origin: origin.to_owned(),
            size,
            root,
            log_name: key.name().to_owned(),
            log_id: key.key_id(),
            lines: vec![Line::Log(blob)],
        })
    }

    /// The origin line of a checkpoint note, read without checking any
    /// signature, so that a witness or verifier can pick the log key.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::Malformed`].
    pub fn origin_of(bytes: &[u8]) -> Result<String, CheckpointError> {
        let note =
            Note::from_bytes(bytes).map_err(|_| CheckpointError::Malformed("not a signed note"))?;
        let cp = Checkpoint::from_bytes(note.text())
            .map_err(|_| CheckpointError::Malformed("note text is not origin, size, root hash"))?;
        Ok(cp.origin().to_owned())
    }

    /// Parses a checkpoint note and verifies the log's signature.
    ///
    /// Every signature line by the log key must verify and there must be at
    /// least one. Lines that are 76-byte timestamped signatures are kept as
    /// cosignatures (unverified); other lines are kept verbatim.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::Malformed`], [`CheckpointError::OriginMismatch`],
    /// [`CheckpointError::WrongKeyKind`],
    /// [`CheckpointError::MissingLogSignature`] or
    /// [`CheckpointError::BadSignature`].
    pub fn from_bytes(
        bytes: &[u8],
        log_key: &VerifierKey,
    ) -> Result<SignedCheckpoint, CheckpointError> {
        let note =
            Note::from_bytes(bytes).map_err(|_| CheckpointError::Malformed("not a signed note"))?;
        let text = note.text().to_vec();
        let cp = Checkpoint::from_bytes(&text)
            .map_err(|_| CheckpointError::Malformed("note text is not origin, size, root hash"))?;
        if cp.origin() != log_key.name() {
            return Err(CheckpointError::OriginMismatch {
                origin: cp.origin().to_owned(),
                key: log_key.name().to_owned(),
            });
        }
        if log_key.kind() != KeyKind::Ed25519 {
            return Err(CheckpointError::WrongKeyKind(log_key.name().to_owned()));
        }
        // `Note` has validated every line; walk them again to keep each verbatim.
        let sig_block = &bytes[text.len() + 1..];
        let mut lines = Vec::new();
        let mut log_signed = false;
        for raw in sig_block.split_inclusive(|&b| b == b'\n') {
            let sig = signed_note::Signature::from_bytes(raw.strip_suffix(b"\n").unwrap_or(raw))
                .map_err(|_| CheckpointError::Malformed("bad signature line"))?;
            if sig.name() == log_key.name() && sig.id() == log_key.key_id() {
                if !log_key.verify(&text, sig.signature()) {
                    return Err(CheckpointError::BadSignature {
                        name: sig.name().to_owned(),
                        id: sig.id(),
                    });
                }
                log_signed = true;
                let mut blob = sig.id().to_be_bytes().to_vec();
                blob.extend_from_slice(sig.signature());
                lines.push(Line::Log(blob));
            } else if let Ok(c) = Cosignature::from_line(raw) {
                lines.push(Line::Cosig(c));
            } else {
                lines.push(Line::Other(raw.to_vec()));
            }
        }
        if !log_signed {
            return Err(CheckpointError::MissingLogSignature {
                name: log_key.name().to_owned(),
                id: log_key.key_id(),
            });
        }
        Ok(SignedCheckpoint {
            origin: cp.origin().to_owned(),
            size: cp.size(),
            root: *cp.hash(),
            text,
            log_name: log_key.name().to_owned(),
            log_id: log_key.key_id(),
            lines,
        })
    }

    /// The note: text, blank line, then every signature line in order.
    pub fn to_bytes(&self) -> Vec<u8> {
        use base64::Engine as _;
        let mut out = self.text.clone();
        out.push(b'\n');
        for line in &self.lines {
            match line {
                Line::Log(blob) => out.extend_from_slice(
                    format!(
                        "\u{2014} {} {}\n",
                        self.log_name,
                        base64::engine::general_purpose::STANDARD.encode(blob)
                    )
                    .as_bytes(),
                ),
                Line::Cosig(c) => out.extend_from_slice(c.to_line().as_bytes()),
                Line::Other(raw) => {
                    out.extend_from_slice(raw);
                    if !raw.ends_with(b"\n") {
                        out.push(b'\n');
                    }
                }
            }
        }
        out
    }

    /// The note text (what the log signed and witnesses cosign).
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// The log's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The tree size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root hash.
    pub fn root(&self) -> Hash {
        self.root
    }

    /// The name and key id of the log key whose signature was verified.
    pub fn log_key(&self) -> (&str, u32) {
        (&self.log_name, self.log_id)
    }

    /// Adds a witness cosignature, replacing an earlier one by the same key
    /// (name and key id). It is not verified here.
    pub fn add_cosignature(&mut self, cosignature: Cosignature) {
        self.lines.retain(|l| match l {
            Line::Cosig(c) => {
                !(c.name() == cosignature.name() && c.key_id() == cosignature.key_id())
            }
            _ => true,
        });
        self.lines.push(Line::Cosig(cosignature));
    }

    /// Adds the cosignature lines a witness returned (c2sp.org/tlog-witness
    /// response body); lines that are not cosignatures are skipped.
    /// Returns how many were added.
    pub fn add_cosignature_lines(&mut self, body: &[u8]) -> usize {
        let mut n = 0;
        for line in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if let Ok(c) = Cosignature::from_line(line) {
                self.add_cosignature(c);
                n += 1;
            }
        }
        n
    }

    /// The cosignatures carried, unverified, in note order.
    pub fn cosignatures(&self) -> Vec<&Cosignature> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                Line::Cosig(c) => Some(c),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate_kind;
    use crate::merkle::leaf_hash;
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;

    const ORIGIN: &str = "moc.example/gao";

    fn log_key() -> SigningKey {
        SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32]).unwrap()
    }

    #[test]
    fn sign_parse_round_trip() {
        let k = log_key();
        let cp = SignedCheckpoint::sign(ORIGIN, 1042, leaf_hash(b"r"), &k).unwrap();
        let bytes = cp.to_bytes();
        let text = format!("{ORIGIN}\n1042\n{}\n", leaf_hash(b"r"));
        assert!(bytes.starts_with(format!("{text}\n\u{2014} {ORIGIN} ").as_bytes()));
        let back = SignedCheckpoint::from_bytes(&bytes, &k.verifier()).unwrap();
        assert_eq!(back, cp);
        assert_eq!(
            (back.origin(), back.size(), back.root()),
            (ORIGIN, 1042, leaf_hash(b"r"))
        );
        assert_eq!(back.text(), text.as_bytes());
        assert_eq!(SignedCheckpoint::origin_of(&bytes).unwrap(), ORIGIN);
    }

    #[test]
    fn every_refusal_is_named() {
        let k = log_key();
        let v = k.verifier();
        let cp = SignedCheckpoint::sign(ORIGIN, 5, leaf_hash(b"r"), &k).unwrap();
        let bytes = cp.to_bytes();

        // A flipped size breaks the signature.
        let tampered = String::from_utf8(bytes.clone())
            .unwrap()
            .replace("\n5\n", "\n6\n");
        assert_eq!(
            SignedCheckpoint::from_bytes(tampered.as_bytes(), &v),
            Err(CheckpointError::BadSignature {
                name: ORIGIN.into(),
                id: v.key_id()
            })
        );
        // Another log's key.
        let other = SigningKey::from_seed("other.example/log", KeyKind::Ed25519, &[2; 32]).unwrap();
        assert!(matches!(
            SignedCheckpoint::from_bytes(&bytes, &other.verifier()),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        // Same name, another key: no signature by it.
        let impostor = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[3; 32]).unwrap();
        assert!(matches!(
            SignedCheckpoint::from_bytes(&bytes, &impostor.verifier()),
            Err(CheckpointError::MissingLogSignature { .. })
        ));
        assert!(matches!(
            SignedCheckpoint::sign("elsewhere", 5, leaf_hash(b"r"), &k),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        let wk = k.with_kind(KeyKind::Cosignature);
        assert!(matches!(
            SignedCheckpoint::sign(ORIGIN, 5, leaf_hash(b"r"), &wk),
            Err(CheckpointError::WrongKeyKind(_))
        ));
        for bad in [&b"nonsense"[..], b"a\n1\n\n\xe2\x80\x94 a AAAAAAA=\n", b""] {
            assert!(matches!(
                SignedCheckpoint::from_bytes(bad, &v),
                Err(CheckpointError::Malformed(_))
            ));
        }
        // Leading zeros in the size are refused by tlog_tiles.
        let zero = String::from_utf8(bytes).unwrap().replace("\n5\n", "\n05\n");
        assert!(matches!(
            SignedCheckpoint::from_bytes(zero.as_bytes(), &v),
            Err(CheckpointError::Malformed(_))
        ));
    }

    #[test]
    fn cosignatures_ride_along_and_round_trip() {
        let k = log_key();
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let (w1, _) = generate_kind("fama-witness", KeyKind::Cosignature, &mut rng).unwrap();
        let (w2, _) = generate_kind("cma-witness", KeyKind::Cosignature, &mut rng).unwrap();
        let mut cp = SignedCheckpoint::sign(ORIGIN, 7, leaf_hash(b"r"), &k).unwrap();
        cp.add_cosignature(Cosignature::sign(cp.text(), &w1, 10).unwrap());
        let line = Cosignature::sign(cp.text(), &w2, 11).unwrap().to_line();
        assert_eq!(
            cp.add_cosignature_lines(format!("{line}garbage\n").as_bytes()),
            1
        );
        // Replacing w1's cosignature keeps one line per key.
        cp.add_cosignature(Cosignature::sign(cp.text(), &w1, 12).unwrap());
        let cos = cp.cosignatures();
        assert_eq!(cos.len(), 2);
        assert_eq!(cos[1].timestamp(), 12);
        // An unknown signature line survives a round trip verbatim.
        let mut bytes = cp.to_bytes();
        let foreign = "\u{2014} someone.example AAAAAQID\n";
        bytes.extend_from_slice(foreign.as_bytes());
        let back = SignedCheckpoint::from_bytes(&bytes, &k.verifier()).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.cosignatures().len(), 2);
        for c in back.cosignatures() {
            let key = if c.name() == "fama-witness" { &w1 } else { &w2 };
            c.verify(back.text(), &key.verifier()).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let v = log_key().verifier();
            let _ = SignedCheckpoint::from_bytes(&bytes, &v);
            let _ = SignedCheckpoint::origin_of(&bytes);
        }

        #[test]
        fn parser_never_panics_on_mutations(pos in 0usize..400, byte: u8) {
            let k = log_key();
            let mut b = SignedCheckpoint::sign(ORIGIN, 9, leaf_hash(b"r"), &k).unwrap().to_bytes();
            let p = pos % b.len();
            b[p] = byte;
            if let Ok(cp) = SignedCheckpoint::from_bytes(&b, &k.verifier()) {
                proptest::prop_assert_eq!(cp.to_bytes(), b);
            }
        }
    }
}
