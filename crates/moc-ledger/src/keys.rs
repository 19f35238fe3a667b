//! Ed25519 keys in the C2SP signed-note text formats.
//!
//! A verifier key ("vkey", c2sp.org/signed-note#verifier-keys) is
//! `name+hash+base64(type ‖ public key)` and the private key is the same
//! with `PRIVATE+KEY+` in front and the 32-byte seed instead of the public
//! key (the Go `sumdb/note` convention that `signed_note` also follows).
//! `hash` is the key id, `SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]` in hex.
//!
//! The key design decision: one key type, two [`KeyKind`]s. A party's or a
//! log's key signs note texts directly (signature type 0x01); a witness key
//! signs C2SP tlog-cosignature messages (type 0x04). The type byte is part
//! of the key id and of the key files, so the same file format serves both
//! and a key of one kind can never be mistaken for the other: a 0x04
//! signature does not verify under a 0x01 key id.
//!
//! Secrets are types: [`SigningKey`]'s `Debug` redacts the seed and it has
//! no `Display`; the private string comes out only through
//! [`SigningKey::to_private_string`].

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, Verifier as _};
use rand_core::CryptoRngCore;

/// What a key signs, fixed by the signature type byte of c2sp.org/signed-note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// Type 0x01: Ed25519 signatures over a note's text. Logs sign
    /// checkpoints and parties sign entries with these.
    Ed25519,
    /// Type 0x04: timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature).
    /// Witnesses cosign checkpoints with these.
    Cosignature,
}

impl KeyKind {
    /// The signature type identifier byte.
    pub fn type_byte(self) -> u8 {
        match self {
            KeyKind::Ed25519 => 0x01,
            KeyKind::Cosignature => 0x04,
        }
    }

    /// The kind of a type byte, if moc supports it.
    pub fn from_type_byte(b: u8) -> Option<KeyKind> {
        match b {
            0x01 => Some(KeyKind::Ed25519),
            0x04 => Some(KeyKind::Cosignature),
            _ => None,
        }
    }
}

/// Why a key string or key name was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// The key name is empty or has a space, a plus or a control character.
    #[error(
        "invalid key name {0:?}: it must be non-empty, without spaces, '+' or control characters"
    )]
    InvalidName(String),
    /// The key string does not have the expected parts.
    #[error("malformed key: {0}")]
    Malformed(&'static str),
    /// The signature type byte is not one moc supports.
    #[error("unsupported signature type 0x{0:02x} (moc uses 0x01 Ed25519 and 0x04 cosignature)")]
    UnsupportedType(u8),
    /// The key id written in the string is not the one the key computes to.
    #[error(
        "key id mismatch for {name}: the string says {stated:08x}, the key gives {computed:08x}"
    )]
    IdMismatch {
        /// The key name.
        name: String,
        /// The id written in the key string.
        stated: u32,
        /// The id computed from name, type and key.
        computed: u32,
    },
    /// Two different keys share a name and a key id in one key ring.
    #[error("two different keys for {name}+{id:08x}")]
    Ambiguous {
        /// The key name.
        name: String,
        /// The key id.
        id: u32,
    },
}

/// Whether `name` may name a key (c2sp.org/signed-note#format): non-empty,
/// no Unicode space, no `+`; moc also refuses control characters, which a
/// note may not contain.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// The key id of c2sp.org/signed-note: `SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]`.
pub fn key_id(name: &str, kind: KeyKind, public_key: &[u8; 32]) -> u32 {
    let mut material = Vec::with_capacity(33);
    material.push(kind.type_byte());
    material.extend_from_slice(public_key);
    signed_note::key_id(name, &material)
}

/// A private signing key with its name and kind. `Debug` shows the name and
/// key id only.
#[derive(Clone)]
pub struct SigningKey {
    name: String,
    kind: KeyKind,
    id: u32,
    key: ed25519_dalek::SigningKey,
}

/// A public key with its name and kind, as written in a vkey.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    kind: KeyKind,
    id: u32,
    key: ed25519_dalek::VerifyingKey,
}

/// Makes a new Ed25519 (type 0x01) key pair named `name`.
///
/// # Errors
///
/// [`KeyError::InvalidName`] for a name a note cannot carry.
pub fn generate(
    name: &str,
    rng: &mut impl CryptoRngCore,
) -> Result<(SigningKey, VerifierKey), KeyError> {
    generate_kind(name, KeyKind::Ed25519, rng)
}

/// Makes a new key pair of the given kind (a witness uses
/// [`KeyKind::Cosignature`]).
///
/// # Errors
///
/// [`KeyError::InvalidName`] for a name a note cannot carry.
pub fn generate_kind(
    name: &str,
    kind: KeyKind,
    rng: &mut impl CryptoRngCore,
) -> Result<(SigningKey, VerifierKey), KeyError> {
    if !is_valid_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    let key = ed25519_dalek::SigningKey::generate(rng);
    let signing = SigningKey::from_parts(name, kind, key);
    let verifier = signing.verifier();
    Ok((signing, verifier))
}

impl SigningKey {
    fn from_parts(name: &str, kind: KeyKind, key: ed25519_dalek::SigningKey) -> Self {
        let id = key_id(name, kind, key.verifying_key().as_bytes());
        SigningKey {
            name: name.to_owned(),
            kind,
            id,
            key,
        }
    }

    /// A key from a 32-byte Ed25519 seed (tests and deterministic tools).
    ///
    /// # Errors
    ///
    /// [`KeyError::InvalidName`].
    pub fn from_seed(name: &str, kind: KeyKind, seed: &[u8; 32]) -> Result<Self, KeyError> {
        if !is_valid_name(name) {
            return Err(KeyError::InvalidName(name.to_owned()));
        }
        Ok(Self::from_parts(
            name,
            kind,
            ed25519_dalek::SigningKey::from_bytes(seed),
        ))
    }

    /// The key name (a log's origin, a party's name, a witness's name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The key id.
    pub fn key_id(&self) -> u32 {
        self.id
    }

    /// The same secret as a key of another kind (with its own key id). Go's
    /// witnesses keep 0x01 private keys and cosign with them this way.
    pub fn with_kind(&self, kind: KeyKind) -> SigningKey {
        Self::from_parts(&self.name, kind, self.key.clone())
    }

    /// The Ed25519 signature of `msg` (RFC 8032; deterministic).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }

    /// The public half.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            kind: self.kind,
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// `PRIVATE+KEY+name+hash+base64(type ‖ seed)`: the only way the secret
    /// leaves this type, for writing a key file.
    pub fn to_private_string(&self) -> String {
        let mut material = Vec::with_capacity(33);
        material.push(self.kind.type_byte());
        material.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.id,
            B64.encode(&material)
        )
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("id", &format_args!("{:08x}", self.id))
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// Splits `name+hash+base64` into its checked parts.
fn parse_tail(s: &str) -> Result<(&str, u32, KeyKind, Vec<u8>), KeyError> {
    // The base64 key may itself contain '+': split off two parts only.
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(hash), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Malformed(
            "expected three '+'-separated parts: name, key id, base64 key",
        ));
    };
    if !is_valid_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    if hash.len() != 8 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::Malformed("key id is not 8 hexadecimal digits"));
    }
    let id = u32::from_str_radix(hash, 16).map_err(|_| KeyError::Malformed("key id"))?;
    let material = B64
        .decode(b64)
        .map_err(|_| KeyError::Malformed("key is not valid base64"))?;
    let (&type_byte, key) = material
        .split_first()
        .ok_or(KeyError::Malformed("key is empty"))?;
    let kind = KeyKind::from_type_byte(type_byte).ok_or(KeyError::UnsupportedType(type_byte))?;
    if key.len() != 32 {
        return Err(KeyError::Malformed("an Ed25519 key has 32 bytes"));
    }
    Ok((name, id, kind, key.to_vec()))
}

impl FromStr for SigningKey {
    type Err = KeyError;

    /// Parses `PRIVATE+KEY+name+hash+base64(type ‖ seed)`, surrounding
    /// whitespace (a key file's newline) ignored; checks the key id.
    fn from_str(s: &str) -> Result<Self, KeyError> {
        let rest = s
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(KeyError::Malformed(
                "a private key starts with PRIVATE+KEY+",
            ))?;
        let (name, stated, kind, seed) = parse_tail(rest)?;
        let seed: [u8; 32] = seed
            .try_into()
            .map_err(|_| KeyError::Malformed("an Ed25519 key has 32 bytes"))?;
        let key = Self::from_parts(name, kind, ed25519_dalek::SigningKey::from_bytes(&seed));
        if key.id != stated {
            return Err(KeyError::IdMismatch {
                name: name.to_owned(),
                stated,
                computed: key.id,
            });
        }
        Ok(key)
    }
}

impl VerifierKey {
    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The key id.
    pub fn key_id(&self) -> u32 {
        self.id
    }

    /// The raw 32-byte Ed25519 public key (two vkeys that wrap the same
    /// bytes are duplicates in a policy, c2sp.org/tlog-policy).
    pub fn public_key(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }

    /// The dalek key, for batch verification.
    pub fn verifying_key(&self) -> &ed25519_dalek::VerifyingKey {
        &self.key
    }

    /// Whether `sig` is this key's Ed25519 signature of `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key.verify(msg, &sig).is_ok()
    }
}

impl FromStr for VerifierKey {
    type Err = KeyError;

    /// Parses `name+hash+base64(type ‖ key)`, surrounding whitespace
    /// ignored; checks the key id and that the key is a curve point.
    fn from_str(s: &str) -> Result<Self, KeyError> {
        let (name, stated, kind, key) = parse_tail(s.trim())?;
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| KeyError::Malformed("an Ed25519 key has 32 bytes"))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&key)
            .map_err(|_| KeyError::Malformed("not an Ed25519 public key"))?;
        let computed = key_id(name, kind, key.as_bytes());
        if computed != stated {
            return Err(KeyError::IdMismatch {
                name: name.to_owned(),
                stated,
                computed,
            });
        }
        Ok(VerifierKey {
            name: name.to_owned(),
            kind,
            id: stated,
            key,
        })
    }
}

impl fmt::Display for VerifierKey {
    /// The vkey string `name+hash+base64(type ‖ key)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut material = Vec::with_capacity(33);
        material.push(self.kind.type_byte());
        material.extend_from_slice(self.key.as_bytes());
        write!(f, "{}+{:08x}+{}", self.name, self.id, B64.encode(&material))
    }
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({self})")
    }
}

/// The public keys a verifier trusts, looked up by (name, key id) as
/// signature lines name them.
#[derive(Clone, Debug, Default)]
pub struct KeyRing {
    keys: HashMap<(String, u32), VerifierKey>,
}

impl KeyRing {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key. Adding the same key twice is harmless.
    ///
    /// # Errors
    ///
    /// [`KeyError::Ambiguous`] if a different key has the same name and id.
    pub fn add(&mut self, key: VerifierKey) -> Result<(), KeyError> {
        let slot = (key.name.clone(), key.id);
        match self.keys.get(&slot) {
            Some(existing) if *existing != key => Err(KeyError::Ambiguous {
                name: key.name,
                id: key.id,
            }),
            Some(_) => Ok(()),
            None => {
                self.keys.insert(slot, key);
                Ok(())
            }
        }
    }

    /// The key with this name and id, if trusted.
    pub fn get(&self, name: &str, key_id: u32) -> Option<&VerifierKey> {
        // A borrowed tuple key would need a custom Borrow impl; an owned
        // lookup key is cheap next to a signature check.
        self.keys.get(&(name.to_owned(), key_id))
    }

    /// Every key named `name` (a party may rotate keys).
    pub fn by_name<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a VerifierKey> + 'a {
        self.keys.values().filter(move |k| k.name == name)
    }

    /// Every key, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &VerifierKey> {
        self.keys.values()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the ring is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl FromIterator<VerifierKey> for KeyRing {
    /// Collects keys; of two different keys with the same name and id the
    /// first is kept (use [`KeyRing::add`] to be told).
    fn from_iter<I: IntoIterator<Item = VerifierKey>>(iter: I) -> Self {
        let mut ring = KeyRing::new();
        for k in iter {
            let _ = ring.add(k);
        }
        ring
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;

    // The signed-note key pair of Go's sumdb/note documentation, used by
    // every implementation as a vector.
    const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    // A published type-0x04 witness vkey (transparency-dev/formats tests).
    const COSIG_VKEY: &str = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

    fn check_vkey(input: &str, expected: Result<(&str, KeyKind, u32), KeyError>) {
        let got = input
            .parse::<VerifierKey>()
            .map(|k| (k.name().to_owned(), k.kind(), k.key_id()));
        assert_eq!(
            got,
            expected.map(|(n, k, i)| (n.to_owned(), k, i)),
            "{input}"
        );
    }

    #[test]
    fn spec_vkeys_parse_and_round_trip() {
        check_vkey(
            PETER_VKEY,
            Ok(("PeterNeumann", KeyKind::Ed25519, 0xc74f20a3)),
        );
        check_vkey(
            COSIG_VKEY,
            Ok(("remora.n621.de", KeyKind::Cosignature, 0xda77ade7)),
        );
        for v in [PETER_VKEY, COSIG_VKEY] {
            assert_eq!(v.parse::<VerifierKey>().unwrap().to_string(), v);
        }
    }

    #[test]
    fn bad_vkeys_name_the_problem() {
        check_vkey(
            "a+b",
            Err(KeyError::Malformed(
                "expected three '+'-separated parts: name, key id, base64 key",
            )),
        );
        check_vkey(
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            Err(KeyError::IdMismatch {
                name: "PeterNeumann".into(),
                stated: 0xc74f20a4,
                computed: 0xc74f20a3,
            }),
        );
        check_vkey(
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            Err(KeyError::InvalidName("Peter Neumann".into())),
        );
        check_vkey(
            "PeterNeumann+c74f 0a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            Err(KeyError::Malformed("key id is not 8 hexadecimal digits")),
        );
        check_vkey("x+12345678+AwEB", Err(KeyError::UnsupportedType(3)));
        check_vkey(
            "x+12345678+!!",
            Err(KeyError::Malformed("key is not valid base64")),
        );
        check_vkey(
            "x+12345678+AQ==",
            Err(KeyError::Malformed("an Ed25519 key has 32 bytes")),
        );
    }

    #[test]
    fn spec_private_key_matches_its_vkey_and_signs_the_spec_note() {
        let skey: SigningKey = PETER_SKEY.parse().unwrap();
        assert_eq!(skey.verifier().to_string(), PETER_VKEY);
        assert_eq!(skey.to_private_string(), PETER_SKEY);
        // The signature line of the sumdb/note example.
        let text = b"If you think cryptography is the answer to your problem,\n\
                     then you don't know what your problem is.\n";
        let mut blob = skey.key_id().to_be_bytes().to_vec();
        blob.extend_from_slice(&skey.sign(text));
        assert_eq!(
            B64.encode(blob),
            "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let skey: SigningKey = PETER_SKEY.parse().unwrap();
        let dbg = format!("{skey:?}");
        assert!(dbg.contains("PeterNeumann") && dbg.contains("redacted"));
        assert!(!dbg.contains("AYEKFALV"));
        let seed_hex: String = skey
            .key
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!dbg.contains(&seed_hex));
        assert!(!dbg.contains(&format!("{:?}", skey.key.as_bytes())));
    }

    #[test]
    fn generated_keys_round_trip_in_both_kinds() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for kind in [KeyKind::Ed25519, KeyKind::Cosignature] {
            let (s, v) = generate_kind("witness.example/w1", kind, &mut rng).unwrap();
            let s2: SigningKey = s.to_private_string().parse().unwrap();
            assert_eq!(s2.verifier(), v);
            assert_eq!(v.to_string().parse::<VerifierKey>().unwrap(), v);
            assert!(v.verify(b"m", &s.sign(b"m")));
            assert!(!v.verify(b"n", &s.sign(b"m")));
            assert!(!v.verify(b"m", &[0; 10]));
        }
        // The same secret has a different id in each kind.
        let (s, _) = generate("w", &mut rng).unwrap();
        assert_ne!(s.key_id(), s.with_kind(KeyKind::Cosignature).key_id());
        assert_eq!(
            generate("a b", &mut rng).unwrap_err(),
            KeyError::InvalidName("a b".into())
        );
        assert!(generate("a+b", &mut rng).is_err());
        assert!(generate("", &mut rng).is_err());
    }

    #[test]
    fn private_key_errors() {
        assert_eq!(
            "PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
                .parse::<SigningKey>()
                .unwrap_err(),
            KeyError::Malformed("a private key starts with PRIVATE+KEY+")
        );
        assert!(matches!(
            PETER_SKEY
                .replace("c74f20a3", "c74f20a4")
                .parse::<SigningKey>(),
            Err(KeyError::IdMismatch { .. })
        ));
    }

    #[test]
    fn key_ring_lookups_and_ambiguity() {
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let (_, a) = generate("fama", &mut rng).unwrap();
        let (_, b) = generate("cma", &mut rng).unwrap();
        let mut ring: KeyRing = [a.clone(), b.clone()].into_iter().collect();
        assert_eq!(ring.len(), 2);
        ring.add(a.clone()).unwrap();
        assert_eq!(ring.get("fama", a.key_id()), Some(&a));
        assert_eq!(ring.get("fama", b.key_id()), None);
        assert_eq!(ring.by_name("cma").count(), 1);
        // A forged key with a colliding (name, id) is refused.
        let forged = VerifierKey {
            key: b.key,
            ..a.clone()
        };
        assert!(matches!(ring.add(forged), Err(KeyError::Ambiguous { .. })));
    }

    proptest::proptest! {
        #[test]
        fn key_parsers_never_panic(s in "\\PC{0,120}") {
            let _ = s.parse::<VerifierKey>();
            let _ = s.parse::<SigningKey>();
            let _ = format!("PRIVATE+KEY+{s}").parse::<SigningKey>();
        }
    }
}
