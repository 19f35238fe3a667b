//! Witness cosignatures: C2SP tlog-cosignature `cosignature/v1` (Ed25519).
//!
//! A cosignature is a note signature line on a checkpoint
//! (c2sp.org/tlog-cosignature#format):
//!
//! ```text
//! — <witness name> base64(key id ‖ u64 timestamp ‖ Ed25519 signature)
//! ```
//!
//! where the key id uses signature type 0x04 ([`KeyKind::Cosignature`]) and
//! the signed message is (c2sp.org/tlog-cosignature#ed25519-signed-message)
//!
//! ```text
//! cosignature/v1
//! time <timestamp>
//! <the checkpoint's note text, extension lines included>
//! ```
//!
//! Semantically the witness states that, at `timestamp` (POSIX seconds),
//! this is the largest consistent tree it has seen for the origin. Only the
//! Ed25519 variant is implemented; ML-DSA-44 (type 0x06) signatures are
//! ignored as unknown keys, as the spec requires of verifiers.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::keys::{KeyKind, SigningKey, VerifierKey, is_valid_name};

/// The header line of the signed message, for domain separation.
pub const HEADER: &str = "cosignature/v1";

/// The largest timestamp the spec allows, 2^63 − 1.
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// Why a cosignature was refused.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum CosignatureError {
    /// The signature line is not a cosignature/v1 line.
    #[error("malformed cosignature: {0}")]
    Malformed(&'static str),
    /// The key is not a cosignature (0x04) key.
    #[error("key {name}+{id:08x} is not a cosignature (type 0x04) key")]
    WrongKeyKind {
        /// The key name.
        name: String,
        /// The key id.
        id: u32,
    },
    /// The line names another key than the one given to verify it.
    #[error("cosignature by {name}+{id:08x} checked against another key")]
    KeyMismatch {
        /// The name on the line.
        name: String,
        /// The key id on the line.
        id: u32,
    },
    /// The timestamp exceeds 2^63 − 1.
    #[error("timestamp {0} exceeds 2^63-1")]
    TimestampTooLarge(u64),
    /// The signature does not verify.
    #[error("bad cosignature by {name}+{id:08x}")]
    BadSignature {
        /// The witness name.
        name: String,
        /// The key id.
        id: u32,
    },
}

/// The message a witness signs for a checkpoint text at `timestamp`.
pub fn signed_message(checkpoint_text: &[u8], timestamp: u64) -> Vec<u8> {
    let mut m = format!("{HEADER}\ntime {timestamp}\n").into_bytes();
    m.extend_from_slice(checkpoint_text);
    m
}

/// One timestamped Ed25519 cosignature, as carried on a signature line.
#[derive(Clone, PartialEq, Eq)]
pub struct Cosignature {
    name: String,
    key_id: u32,
    timestamp: u64,
    signature: [u8; 64],
}

impl Cosignature {
    /// Cosigns a checkpoint text (the note text, final newline included,
    /// no signature lines) at `timestamp`.
    ///
    /// # Errors
    ///
    /// [`CosignatureError::WrongKeyKind`] for a key that is not a
    /// cosignature key, [`CosignatureError::TimestampTooLarge`].
    pub fn sign(
        checkpoint_text: &[u8],
        key: &SigningKey,
        timestamp: u64,
    ) -> Result<Cosignature, CosignatureError> {
        if key.kind() != KeyKind::Cosignature {
            return Err(CosignatureError::WrongKeyKind {
                name: key.name().to_owned(),
                id: key.key_id(),
            });
        }
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        Ok(Cosignature {
            name: key.name().to_owned(),
            key_id: key.key_id(),
            timestamp,
            signature: key.sign(&signed_message(checkpoint_text, timestamp)),
        })
    }

    /// Parses a signature line `— name base64(id ‖ timestamp ‖ signature)`,
    /// with or without its final newline.
    ///
    /// # Errors
    ///
    /// [`CosignatureError::Malformed`] naming the part that is wrong (a
    /// plain 0x01 note signature is too short to be one).
    pub fn from_line(line: &[u8]) -> Result<Cosignature, CosignatureError> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line =
            std::str::from_utf8(line).map_err(|_| CosignatureError::Malformed("not UTF-8"))?;
        let rest = line
            .strip_prefix("\u{2014} ")
            .ok_or(CosignatureError::Malformed(
                "a signature line starts with '— '",
            ))?;
        let (name, b64) = rest.split_once(' ').ok_or(CosignatureError::Malformed(
            "no space between name and signature",
        ))?;
        if !is_valid_name(name) {
            return Err(CosignatureError::Malformed("invalid key name"));
        }
        let blob = B64
            .decode(b64)
            .map_err(|_| CosignatureError::Malformed("signature is not base64"))?;
        if blob.len() != 4 + 8 + 64 {
            return Err(CosignatureError::Malformed(
                "not 76 bytes (key id, timestamp, Ed25519 signature)",
            ));
        }
        let mut id = [0; 4];
        id.copy_from_slice(&blob[..4]);
        let mut ts = [0; 8];
        ts.copy_from_slice(&blob[4..12]);
        let mut signature = [0; 64];
        signature.copy_from_slice(&blob[12..]);
        let timestamp = u64::from_be_bytes(ts);
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        Ok(Cosignature {
            name: name.to_owned(),
            key_id: u32::from_be_bytes(id),
            timestamp,
            signature,
        })
    }

    /// The signature line, ending in a newline.
    pub fn to_line(&self) -> String {
        let mut blob = Vec::with_capacity(76);
        blob.extend_from_slice(&self.key_id.to_be_bytes());
        blob.extend_from_slice(&self.timestamp.to_be_bytes());
        blob.extend_from_slice(&self.signature);
        format!("\u{2014} {} {}\n", self.name, B64.encode(blob))
    }

    /// Checks this cosignature of `checkpoint_text` with the witness key.
    ///
    /// # Errors
    ///
    /// [`CosignatureError::WrongKeyKind`], [`CosignatureError::KeyMismatch`]
    /// if the line names another key, [`CosignatureError::BadSignature`].
    pub fn verify(
        &self,
        checkpoint_text: &[u8],
        key: &VerifierKey,
    ) -> Result<(), CosignatureError> {
        if key.kind() != KeyKind::Cosignature {
            return Err(CosignatureError::WrongKeyKind {
                name: key.name().to_owned(),
                id: key.key_id(),
            });
        }
        if key.name() != self.name || key.key_id() != self.key_id {
            return Err(CosignatureError::KeyMismatch {
                name: self.name.clone(),
                id: self.key_id,
            });
        }
        if key.verify(
            &signed_message(checkpoint_text, self.timestamp),
            &self.signature,
        ) {
            Ok(())
        } else {
            Err(CosignatureError::BadSignature {
                name: self.name.clone(),
                id: self.key_id,
            })
        }
    }

    /// The witness's key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The witness's key id.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// When the witness cosigned, in POSIX seconds.
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }
}

impl fmt::Debug for Cosignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Cosignature({}+{:08x} at {})",
            self.name, self.key_id, self.timestamp
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // c2sp.org/tlog-cosignature, the example checkpoint and its witness line.
    const SPEC_TEXT: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const SPEC_LINE: &str = "\u{2014} witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";
    const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    #[test]
    fn spec_signed_message_layout() {
        // The message printed in c2sp.org/tlog-cosignature#ed25519-signed-message.
        assert_eq!(
            signed_message(SPEC_TEXT.as_bytes(), 1679315147),
            b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n\
              CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        );
    }

    #[test]
    fn spec_example_line_frames_a_cosignature() {
        // The spec publishes no public key for this line, so the framing is
        // what can be checked: key id, the timestamp of the message example,
        // and an exact round trip.
        let c = Cosignature::from_line(SPEC_LINE.as_bytes()).unwrap();
        assert_eq!(c.name(), "witness.example.com/w1");
        assert_eq!(c.key_id(), 0x8d66cf3f);
        assert_eq!(c.timestamp(), 1679315147);
        assert_eq!(c.to_line(), format!("{SPEC_LINE}\n"));
    }

    #[test]
    fn published_timestamp_vector() {
        // transparency-dev/formats: this cosignature carries 1727964367;
        // the second blob is a plain 0x01 signature and is no cosignature.
        let line = "\u{2014} w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==";
        assert_eq!(
            Cosignature::from_line(line.as_bytes()).unwrap().timestamp(),
            1727964367
        );
        let plain = "\u{2014} w eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=";
        assert!(matches!(
            Cosignature::from_line(plain.as_bytes()),
            Err(CosignatureError::Malformed(_))
        ));
    }

    #[test]
    fn sign_verify_and_every_refusal() {
        let witness: SigningKey = PETER_SKEY
            .parse::<SigningKey>()
            .unwrap()
            .with_kind(KeyKind::Cosignature);
        let vkey = witness.verifier();
        let c = Cosignature::sign(SPEC_TEXT.as_bytes(), &witness, 1679315147).unwrap();
        c.verify(SPEC_TEXT.as_bytes(), &vkey).unwrap();
        // Regression vector: Ed25519 is deterministic, so this line is fixed.
        let again = Cosignature::from_line(c.to_line().as_bytes()).unwrap();
        assert_eq!(again, c);
        assert_eq!(
            c.verify(b"example.com/behind-the-sofa\n20852164\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", &vkey),
            Err(CosignatureError::BadSignature { name: "PeterNeumann".into(), id: vkey.key_id() })
        );
        // The plain key cannot cosign, nor verify a cosignature.
        let plain: SigningKey = PETER_SKEY.parse().unwrap();
        assert!(matches!(
            Cosignature::sign(SPEC_TEXT.as_bytes(), &plain, 1),
            Err(CosignatureError::WrongKeyKind { .. })
        ));
        assert!(matches!(
            c.verify(SPEC_TEXT.as_bytes(), &plain.verifier()),
            Err(CosignatureError::WrongKeyKind { .. })
        ));
        let other = SigningKey::from_seed("other", KeyKind::Cosignature, &[9; 32]).unwrap();
        assert!(matches!(
            c.verify(SPEC_TEXT.as_bytes(), &other.verifier()),
            Err(CosignatureError::KeyMismatch { .. })
        ));
        assert_eq!(
            Cosignature::sign(SPEC_TEXT.as_bytes(), &witness, 1 << 63),
            Err(CosignatureError::TimestampTooLarge(1 << 63))
        );
        // A changed timestamp breaks the signature.
        let mut late = c.clone();
        late.timestamp += 1;
        assert!(late.verify(SPEC_TEXT.as_bytes(), &vkey).is_err());
    }

    proptest::proptest! {
        #[test]
        fn line_parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = Cosignature::from_line(&bytes);
        }

        #[test]
        fn line_parser_never_panics_on_near_lines(s in "\u{2014} [a-z./]{0,12} [A-Za-z0-9+/=]{0,110}") {
            let _ = Cosignature::from_line(s.as_bytes());
        }
    }
}
