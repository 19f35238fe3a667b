//! Entries: one event, signed by its author party, as a C2SP signed note.
//!
//! An entry is the leaf of the log. Its bytes are a signed note
//! (c2sp.org/signed-note) whose text is the canonical event:
//!
//! ```text
//! moc-event/v1
//! origin moc.example/gao
//! kind patrol-report
//! party fama
//! user u-0042
//! time 1700000000000
//! payload {"km":12,"route":"Gao-Ansongo"}
//!
//! — fama base64(key id ‖ Ed25519 signature)
//! ```
//!
//! The key design decision: the bytes are canonical, so the same event
//! always hashes the same and a parser accepts exactly what the signer
//! wrote. [`Entry::from_bytes`] re-encodes what it parsed and refuses input
//! that differs by one byte (a reordered JSON key, a leading zero, a second
//! signature). The payload is JSON with object keys sorted by their UTF-8
//! bytes, no whitespace, numbers and strings as `serde_json` writes them.
//!
//! The origin line binds an entry to one log, so it cannot be replayed into
//! another. The signature line's key name must equal the `party` line: the
//! author signs as itself. Entries are at most [`MAX_ENTRY_LEN`] bytes
//! because entry bundles (c2sp.org/tlog-tiles) carry 16-bit lengths.
//!
//! Endorsements by other parties are later entries of kind
//! [`ENDORSEMENT_KIND`] whose payload names the endorsed entry's index and
//! leaf hash ([`Event::endorsement`]).

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rayon::prelude::*;
use serde_json::Value;

use crate::keys::{KeyKind, KeyRing, SigningKey, VerifierKey, is_valid_name};
use crate::merkle::{self, Hash};

/// The first line of every entry's text: format and version.
pub const HEADER: &str = "moc-event/v1";

/// The largest entry, in bytes (16-bit lengths in entry bundles).
pub const MAX_ENTRY_LEN: usize = 65_535;

/// The kind of an endorsement entry.
pub const ENDORSEMENT_KIND: &str = "endorsement";

/// How many signatures one batch verification covers; a failed batch is
/// re-checked one by one, so smaller chunks localise a bad entry faster.
const BATCH: usize = 1024;

/// One event, before signing. Every field is plain text except the payload,
/// which is opaque JSON to this crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The log's origin (its checkpoint origin line).
    pub origin: String,
    /// The event kind (`member-registered`, `patrol-report`, …): a
    /// non-empty word without spaces.
    pub kind: String,
    /// The author party: a signed-note key name (no spaces, no `+`).
    pub party: String,
    /// The author user's id: non-empty, no control characters.
    pub user: String,
    /// When the event happened, in Unix milliseconds.
    pub time_ms: u64,
    /// The event's data; never personal data in clear (commit to it).
    pub payload: Value,
}

/// Why an entry was refused.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum EntryError {
    /// A field of the event cannot be written into an entry.
    #[error("invalid event field {field}: {why}")]
    InvalidField {
        /// The field name.
        field: &'static str,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The entry (or the entry it would become) is too long.
    #[error("entry is {0} bytes, more than the {MAX_ENTRY_LEN} an entry bundle can hold")]
    TooLong(usize),
    /// The bytes are not a well-formed entry.
    #[error("malformed entry: {what} (line {line})")]
    Malformed {
        /// What is wrong.
        what: &'static str,
        /// The 1-based line number where it is wrong.
        line: usize,
    },
    /// The bytes parse but are not in canonical form.
    #[error("entry is not canonical: {0}")]
    NotCanonical(&'static str),
    /// No trusted key has this name and key id.
    #[error("unknown key {name}+{id:08x}")]
    UnknownKey {
        /// The key name (the party).
        name: String,
        /// The key id.
        id: u32,
    },
    /// A key of the wrong kind (a witness key) signed the entry.
    #[error("key {name}+{id:08x} is a {kind:?} key, not a party's Ed25519 key")]
    WrongKeyKind {
        /// The key name.
        name: String,
        /// The key id.
        id: u32,
        /// Its kind.
        kind: KeyKind,
    },
    /// The signature does not verify.
    #[error("bad signature by {name}+{id:08x}")]
    BadSignature {
        /// The key name (the party).
        name: String,
        /// The key id.
        id: u32,
    },
}

fn invalid(field: &'static str, why: &'static str) -> EntryError {
    EntryError::InvalidField { field, why }
}

impl Event {
    /// An endorsement by `party` of the entry `endorsed`, stored at `index`
    /// in the log `origin`. Its payload is
    /// `{"index":N,"leaf_hash":"<base64>"}`: the hash pins the exact
    /// bytes, the index lets a reader fetch them.
    pub fn endorsement(
        origin: &str,
        party: &str,
        user: &str,
        time_ms: u64,
        endorsed: &Entry,
        index: u64,
    ) -> Event {
        Event {
            origin: origin.to_owned(),
            kind: ENDORSEMENT_KIND.to_owned(),
            party: party.to_owned(),
            user: user.to_owned(),
            time_ms,
            payload: serde_json::json!({
                "index": index,
                "leaf_hash": endorsed.leaf_hash().to_string(),
            }),
        }
    }

    /// For an endorsement, the endorsed entry's index and leaf hash.
    pub fn endorsed(&self) -> Option<(u64, Hash)> {
        if self.kind != ENDORSEMENT_KIND {
            return None;
        }
        let index = self.payload.get("index")?.as_u64()?;
        let hash = Hash::parse_hash(self.payload.get("leaf_hash")?.as_str()?).ok()?;
        Some((index, hash))
    }

    /// Checks every field can go into an entry unchanged.
    fn validate(&self) -> Result<(), EntryError> {
        fn word(field: &'static str, v: &str) -> Result<(), EntryError> {
            if v.is_empty() {
                return Err(invalid(field, "empty"));
            }
            if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(invalid(field, "contains a space or a control character"));
            }
            Ok(())
        }
        word("origin", &self.origin)?;
        word("kind", &self.kind)?;
        if !is_valid_name(&self.party) {
            return Err(invalid(
                "party",
                "not a key name (empty, a space, '+' or a control character)",
            ));
        }
        if self.user.is_empty() {
            return Err(invalid("user", "empty"));
        }
        if self.user.chars().any(char::is_control) {
            return Err(invalid("user", "contains a control character"));
        }
        if self.user.starts_with(' ') || self.user.ends_with(' ') {
            return Err(invalid("user", "leading or trailing space"));
        }
        if depth(&self.payload) > MAX_DEPTH {
            return Err(invalid("payload", "nested deeper than 128 levels"));
        }
        Ok(())
    }

    /// The canonical note text of this event (with its final newline).
    ///
    /// # Errors
    ///
    /// [`EntryError::InvalidField`] for a field that cannot be written.
    pub fn canonical_text(&self) -> Result<String, EntryError> {
        self.validate()?;
        Ok(format!(
            "{HEADER}\norigin {}\nkind {}\nparty {}\nuser {}\ntime {}\npayload {}\n",
            self.origin,
            self.kind,
            self.party,
            self.user,
            self.time_ms,
            canonical_json(&self.payload)
        ))
    }
}

/// The deepest payload nesting accepted: `serde_json` refuses to read
/// deeper, so a deeper payload could be signed but never parsed again.
const MAX_DEPTH: usize = 127;

/// The nesting depth of a JSON value, without recursion (a hostile value
/// must not overflow the stack).
fn depth(v: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// Writes `v` as canonical JSON: object keys sorted by their UTF-8 bytes,
/// no insignificant whitespace, scalars as `serde_json` writes them. Sorting
/// here (not relying on `serde_json`'s map order) keeps the encoding the
/// same whichever `serde_json` features the build enables.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A signed entry: the exact bytes that are hashed into the log, and what
/// they say. Built only by [`Entry::sign`] or [`Entry::from_bytes`], so its
/// bytes are always canonical.
#[derive(Clone, PartialEq)]
pub struct Entry {
    bytes: Vec<u8>,
    text_len: usize,
    event: Event,
    key_id: u32,
    signature: [u8; 64],
}

impl Entry {
    /// Signs `event` with the author party's key.
    ///
    /// # Errors
    ///
    /// [`EntryError::InvalidField`] for a bad field or when the key's name is
    /// not the event's party or the key is a witness key;
    /// [`EntryError::TooLong`] past [`MAX_ENTRY_LEN`].
    pub fn sign(event: &Event, key: &SigningKey) -> Result<Entry, EntryError> {
        let text = event.canonical_text()?;
        if key.name() != event.party {
            return Err(invalid("party", "differs from the signing key's name"));
        }
        if key.kind() != KeyKind::Ed25519 {
            return Err(invalid(
                "party",
                "a witness (cosignature) key cannot sign entries",
            ));
        }
        // A payload whose numbers do not read back to the same text could
        // be signed but never parsed again: refuse it now.
        let json = canonical_json(&event.payload);
        let reread: Result<Value, _> = serde_json::from_str(&json);
        if reread.map(|v| canonical_json(&v)).ok().as_deref() != Some(json.as_str()) {
            return Err(invalid(
                "payload",
                "does not read back identically (a number out of range?)",
            ));
        }
        let signature = key.sign(text.as_bytes());
        let bytes = encode(&text, &event.party, key.key_id(), &signature);
        if bytes.len() > MAX_ENTRY_LEN {
            return Err(EntryError::TooLong(bytes.len()));
        }
        Ok(Entry {
            text_len: text.len(),
            bytes,
            event: event.clone(),
            key_id: key.key_id(),
            signature,
        })
    }

    /// Parses entry bytes and checks they are canonical. Does not check the
    /// signature: see [`Entry::verify`] and [`verify_batch`].
    ///
    /// # Errors
    ///
    /// [`EntryError::TooLong`], [`EntryError::Malformed`] naming the line,
    /// or [`EntryError::NotCanonical`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Entry, EntryError> {
        if bytes.len() > MAX_ENTRY_LEN {
            return Err(EntryError::TooLong(bytes.len()));
        }
        let malformed = |what, line| EntryError::Malformed { what, line };
        let s = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8", 0))?;
        let mut lines = s.split_inclusive('\n');
        let mut next = |n: usize| -> Result<&str, EntryError> {
            let l = lines.next().ok_or(malformed("too few lines", n))?;
            l.strip_suffix('\n')
                .ok_or(malformed("line does not end in a newline", n))
        };
        if next(1)? != HEADER {
            return Err(malformed("first line is not moc-event/v1", 1));
        }
        let mut field = |n: usize, name: &'static str| -> Result<&str, EntryError> {
            let l = next(n)?;
            l.strip_prefix(name)
                .and_then(|r| r.strip_prefix(' '))
                .ok_or(malformed(
                    "expected the fields origin, kind, party, user, time, payload in this order",
                    n,
                ))
        };
        let origin = field(2, "origin")?.to_owned();
        let kind = field(3, "kind")?.to_owned();
        let party = field(4, "party")?.to_owned();
        let user = field(5, "user")?.to_owned();
        let time = field(6, "time")?;
        let payload = field(7, "payload")?;
        if !next(8)?.is_empty() {
            return Err(malformed("expected the blank line before the signature", 8));
        }
        let sig_line = next(9)?;
        if next(10).is_ok() {
            return Err(malformed("more than one signature line", 10));
        }
        if time.len() > 1 && time.starts_with('0') {
            return Err(EntryError::NotCanonical("time has a leading zero"));
        }
        let time_ms: u64 = time
            .parse()
            .map_err(|_| malformed("time is not a decimal number of milliseconds", 6))?;
        let payload: Value =
            serde_json::from_str(payload).map_err(|_| malformed("payload is not JSON", 7))?;
        let (name, key_id, signature) = parse_signature_line(sig_line).ok_or(malformed(
            "signature line is not '— name base64(id ‖ 64-byte signature)'",
            9,
        ))?;
        if name != party {
            return Err(malformed("the signature's key name is not the party", 9));
        }
        let event = Event {
            origin,
            kind,
            party,
            user,
            time_ms,
            payload,
        };
        let text = event
            .canonical_text()
            .map_err(|_| malformed("a field has a forbidden character or is empty", 2))?;
        let canonical = encode(&text, &event.party, key_id, &signature);
        if canonical != bytes {
            return Err(EntryError::NotCanonical(
                "re-encoding differs (payload key order, spacing or number form)",
            ));
        }
        Ok(Entry {
            text_len: text.len(),
            bytes: canonical,
            event,
            key_id,
            signature,
        })
    }

    /// The entry's bytes, as stored in entry bundles and hashed as a leaf.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The event the entry records.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// The note text the author signed (the canonical event).
    pub fn signed_message(&self) -> &[u8] {
        &self.bytes[..self.text_len]
    }

    /// The id of the key that signed.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The leaf hash of this entry in the log.
    pub fn leaf_hash(&self) -> Hash {
        merkle::leaf_hash(&self.bytes)
    }

    /// The key in `keys` this entry names, checked to be a party key.
    fn key<'a>(&self, keys: &'a KeyRing) -> Result<&'a VerifierKey, EntryError> {
        let name = &self.event.party;
        let key = keys
            .get(name, self.key_id)
            .ok_or_else(|| EntryError::UnknownKey {
                name: name.clone(),
                id: self.key_id,
            })?;
        if key.kind() != KeyKind::Ed25519 {
            return Err(EntryError::WrongKeyKind {
                name: name.clone(),
                id: self.key_id,
                kind: key.kind(),
            });
        }
        Ok(key)
    }

    /// Checks the author's signature with the trusted keys.
    ///
    /// # Errors
    ///
    /// [`EntryError::UnknownKey`], [`EntryError::WrongKeyKind`] or
    /// [`EntryError::BadSignature`].
    pub fn verify(&self, keys: &KeyRing) -> Result<(), EntryError> {
        let key = self.key(keys)?;
        if key.verify(self.signed_message(), &self.signature) {
            Ok(())
        } else {
            Err(EntryError::BadSignature {
                name: self.event.party.clone(),
                id: self.key_id,
            })
        }
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("event", &self.event)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

/// Checks the signatures of many entries, using Ed25519 batch verification
/// on chunks spread over every core. A failed chunk is re-checked entry by
/// entry, so the error names the first bad entry.
///
/// Batch verification accepts exactly the signatures single verification
/// accepts for honestly made signatures; for adversarial ones (mixed-order
/// points) the two Ed25519 checks may differ, and the one-by-one fallback
/// decides only when a batch fails.
///
/// # Errors
///
/// The index in `entries` of the first entry that fails, and why.
pub fn verify_batch(entries: &[Entry], keys: &KeyRing) -> Result<(), (usize, EntryError)> {
    // Resolve keys once per distinct (party, key id): lookups allocate.
    // Entries before the first unresolvable key are checked for signatures,
    // so the error always names the lowest bad index.
    let mut cache: HashMap<(&str, u32), Result<&VerifierKey, EntryError>> = HashMap::new();
    let mut resolved = Vec::with_capacity(entries.len());
    let mut key_error = None;
    for (i, e) in entries.iter().enumerate() {
        let r = cache
            .entry((e.event.party.as_str(), e.key_id))
            .or_insert_with(|| e.key(keys));
        match r {
            Ok(k) => resolved.push(*k),
            Err(err) => {
                key_error = Some((i, err.clone()));
                break;
            }
        }
    }
    let entries = &entries[..resolved.len()];

    let first_bad = entries
        .par_chunks(BATCH)
        .zip(resolved.par_chunks(BATCH))
        .enumerate()
        .filter_map(|(c, (chunk, chunk_keys))| {
            let messages: Vec<&[u8]> = chunk.iter().map(Entry::signed_message).collect();
            let signatures: Vec<ed25519_dalek::Signature> = chunk
                .iter()
                .map(|e| ed25519_dalek::Signature::from_bytes(&e.signature))
                .collect();
            let vks: Vec<ed25519_dalek::VerifyingKey> =
                chunk_keys.iter().map(|k| *k.verifying_key()).collect();
            if ed25519_dalek::verify_batch(&messages, &signatures, &vks).is_ok() {
                return None;
            }
            chunk
                .iter()
                .enumerate()
                .find_map(|(j, e)| e.verify(keys).err().map(|err| (c * BATCH + j, err)))
        })
        .min_by_key(|(i, _)| *i);
    match first_bad.or(key_error) {
        Some(bad) => Err(bad),
        None => Ok(()),
    }
}

/// The note bytes: text, blank line, one signature line.
fn encode(text: &str, name: &str, key_id: u32, signature: &[u8; 64]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(68);
    blob.extend_from_slice(&key_id.to_be_bytes());
    blob.extend_from_slice(signature);
    format!("{text}\n\u{2014} {name} {}\n", B64.encode(blob)).into_bytes()
}

/// Parses `— name base64(id ‖ 64-byte signature)`.
fn parse_signature_line(line: &str) -> Option<(&str, u32, [u8; 64])> {
    let rest = line.strip_prefix("\u{2014} ")?;
    let (name, b64) = rest.split_once(' ')?;
    let blob = B64.decode(b64).ok()?;
    if blob.len() != 68 {
        return None;
    }
    let id = u32::from_be_bytes(blob[..4].try_into().ok()?);
    let sig: [u8; 64] = blob[4..].try_into().ok()?;
    Some((name, id, sig))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate;
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;
    use serde_json::json;

    fn key(name: &str, seed: u64) -> SigningKey {
        generate(name, &mut ChaCha20Rng::seed_from_u64(seed))
            .unwrap()
            .0
    }

    fn event() -> Event {
        Event {
            origin: "moc.example/gao".into(),
            kind: "patrol-report".into(),
            party: "fama".into(),
            user: "u-0042".into(),
            time_ms: 1_700_000_000_000,
            payload: json!({"route": "Gao-Ansongo", "km": 12, "nested": {"b": [1, 2.5, null], "a": "é\n"}}),
        }
    }

    #[test]
    fn layout_is_the_documented_one() {
        let e = Entry::sign(&event(), &key("fama", 1)).unwrap();
        let s = std::str::from_utf8(e.as_bytes()).unwrap();
        let text = "moc-event/v1\norigin moc.example/gao\nkind patrol-report\nparty fama\n\
                    user u-0042\ntime 1700000000000\n\
                    payload {\"km\":12,\"nested\":{\"a\":\"é\\n\",\"b\":[1,2.5,null]},\"route\":\"Gao-Ansongo\"}\n";
        assert!(s.starts_with(&format!("{text}\n\u{2014} fama ")), "{s}");
        assert_eq!(e.signed_message(), text.as_bytes());
        // It is a signed note that the signed_note crate reads too.
        let note = signed_note::Note::from_bytes(e.as_bytes()).unwrap();
        assert_eq!(note.text(), text.as_bytes());
    }

    #[test]
    fn round_trip_and_verify() {
        let k = key("fama", 1);
        let e = Entry::sign(&event(), &k).unwrap();
        let back = Entry::from_bytes(e.as_bytes()).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.event(), &event());
        let ring: KeyRing = [k.verifier()].into_iter().collect();
        back.verify(&ring).unwrap();
        assert_eq!(
            back.verify(&KeyRing::new()),
            Err(EntryError::UnknownKey {
                name: "fama".into(),
                id: k.key_id()
            })
        );
        // Same event, same bytes, same leaf hash.
        assert_eq!(
            Entry::sign(&event(), &k).unwrap().leaf_hash(),
            e.leaf_hash()
        );
    }

    #[test]
    fn a_flipped_byte_is_caught() {
        let k = key("fama", 1);
        let ring: KeyRing = [k.verifier()].into_iter().collect();
        let e = Entry::sign(&event(), &k).unwrap();
        let mut bytes = e.as_bytes().to_vec();
        let pos = bytes.iter().position(|&b| b == b'G').unwrap();
        bytes[pos] = b'H';
        let tampered = Entry::from_bytes(&bytes).unwrap();
        assert!(matches!(
            tampered.verify(&ring),
            Err(EntryError::BadSignature { .. })
        ));
    }

    fn check_parse(input: &str, expected: EntryError) {
        assert_eq!(
            Entry::from_bytes(input.as_bytes()).unwrap_err(),
            expected,
            "{input}"
        );
    }

    #[test]
    fn non_canonical_and_malformed_inputs_are_named() {
        let e = Entry::sign(&event(), &key("fama", 1)).unwrap();
        let good = std::str::from_utf8(e.as_bytes()).unwrap().to_owned();
        check_parse(
            &good.replace("{\"km\":12,", "{\"km\": 12,"),
            EntryError::NotCanonical(
                "re-encoding differs (payload key order, spacing or number form)",
            ),
        );
        check_parse(
            &good.replace("time 1700000000000", "time 01700000000000"),
            EntryError::NotCanonical("time has a leading zero"),
        );
        check_parse(
            &good.replace("moc-event/v1", "moc-event/v2"),
            EntryError::Malformed {
                what: "first line is not moc-event/v1",
                line: 1,
            },
        );
        check_parse(
            &good.replace("party fama", "author fama"),
            EntryError::Malformed {
                what: "expected the fields origin, kind, party, user, time, payload in this order",
                line: 4,
            },
        );
        check_parse(
            &good.replace("payload {", "payload {{"),
            EntryError::Malformed {
                what: "payload is not JSON",
                line: 7,
            },
        );
        let sig_line = good.lines().last().unwrap().to_owned();
        check_parse(
            &format!("{good}{sig_line}\n"),
            EntryError::Malformed {
                what: "more than one signature line",
                line: 10,
            },
        );
        check_parse(
            &good.replace("\u{2014} fama", "\u{2014} cma"),
            EntryError::Malformed {
                what: "the signature's key name is not the party",
                line: 9,
            },
        );
        check_parse(
            good.trim_end(),
            EntryError::Malformed {
                what: "line does not end in a newline",
                line: 9,
            },
        );
    }

    #[test]
    fn invalid_events_are_refused_when_signing() {
        let k = key("fama", 1);
        let check = |f: &dyn Fn(&mut Event), field: &'static str| {
            let mut ev = event();
            f(&mut ev);
            match Entry::sign(&ev, &k) {
                Err(EntryError::InvalidField { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        };
        check(&|e| e.kind = String::new(), "kind");
        check(&|e| e.kind = "a\nb".into(), "kind");
        check(&|e| e.origin = "o\n".into(), "origin");
        check(&|e| e.user = "u\nsecret".into(), "user");
        check(&|e| e.user = String::new(), "user");
        check(&|e| e.party = "fa ma".into(), "party");
        check(&|e| e.party = "cma".into(), "party");
        let witness = k.with_kind(KeyKind::Cosignature);
        assert!(Entry::sign(&event(), &witness).is_err());
        let mut deep = event();
        for _ in 0..200 {
            deep.payload = json!([deep.payload]);
        }
        assert!(matches!(
            Entry::sign(&deep, &k),
            Err(EntryError::InvalidField {
                field: "payload",
                ..
            })
        ));
        let mut big = event();
        big.payload = json!("x".repeat(70_000));
        assert!(matches!(Entry::sign(&big, &k), Err(EntryError::TooLong(_))));
    }

    #[test]
    fn endorsements_name_the_endorsed_entry() {
        let e = Entry::sign(&event(), &key("fama", 1)).unwrap();
        let ev = Event::endorsement("moc.example/gao", "cma", "u-7", 5, &e, 41);
        assert_eq!(ev.kind, ENDORSEMENT_KIND);
        assert_eq!(ev.endorsed(), Some((41, e.leaf_hash())));
        let signed = Entry::sign(&ev, &key("cma", 2)).unwrap();
        let back = Entry::from_bytes(signed.as_bytes()).unwrap();
        assert_eq!(back.event().endorsed(), Some((41, e.leaf_hash())));
        assert_eq!(event().endorsed(), None);
    }

    #[test]
    fn batch_verification_names_the_first_bad_entry() {
        let parties = [key("fama", 1), key("cma", 2), key("plateforme", 3)];
        let ring: KeyRing = parties.iter().map(SigningKey::verifier).collect();
        let mut entries: Vec<Entry> = (0..1000u64)
            .map(|i| {
                let k = &parties[(i % 3) as usize];
                let mut ev = event();
                ev.party = k.name().into();
                ev.time_ms = i;
                Entry::sign(&ev, k).unwrap()
            })
            .collect();
        verify_batch(&entries, &ring).unwrap();
        verify_batch(&[], &ring).unwrap();

        // Entry 700 signed by the wrong key (same name, so same party).
        let mut ev = entries[700].event().clone();
        ev.user = "forged".into();
        let impostor = key(&ev.party, 99);
        let forged = Entry::sign(&ev, &impostor).unwrap();
        // Keep the genuine key id so the lookup succeeds and the signature fails.
        let text = std::str::from_utf8(forged.signed_message()).unwrap();
        let bytes = encode(text, &ev.party, entries[700].key_id(), &forged.signature);
        entries[700] = Entry::from_bytes(&bytes).unwrap();
        entries[901] = entries[700].clone();
        let (i, err) = verify_batch(&entries, &ring).unwrap_err();
        assert_eq!(i, 700);
        assert!(matches!(err, EntryError::BadSignature { .. }));

        // An unknown key is reported at its index, unless a bad signature
        // comes first.
        let stranger = key("stranger", 5);
        let mut ev = event();
        ev.party = "stranger".into();
        entries[800] = Entry::sign(&ev, &stranger).unwrap();
        assert!(matches!(
            verify_batch(&entries, &ring),
            Err((700, EntryError::BadSignature { .. }))
        ));
        entries[3] = Entry::sign(&ev, &stranger).unwrap();
        assert!(matches!(
            verify_batch(&entries, &ring),
            Err((3, EntryError::UnknownKey { .. }))
        ));
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics_on_random_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = Entry::from_bytes(&bytes);
        }

        #[test]
        fn parser_never_panics_on_mutated_entries(pos in 0usize..300, byte: u8) {
            let e = Entry::sign(&event(), &key("fama", 1)).unwrap();
            let mut b = e.as_bytes().to_vec();
            let p = pos % b.len();
            b[p] = byte;
            if let Ok(parsed) = Entry::from_bytes(&b) {
                proptest::prop_assert_eq!(parsed.as_bytes(), &b[..]);
            }
        }

        #[test]
        fn any_json_payload_round_trips(s in "\\PC{0,40}", n: i64, f in -1e12f64..1e12) {
            let mut ev = event();
            ev.payload = json!({"s": s, "n": n, "f": f, "z": [s, {"y": n}]});
            let e = Entry::sign(&ev, &key("fama", 1)).unwrap();
            let back = Entry::from_bytes(e.as_bytes()).unwrap();
            proptest::prop_assert_eq!(back.event(), &ev);
        }
    }
}
