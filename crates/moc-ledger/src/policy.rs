//! Trust policies: which logs and which witness cosignatures make a
//! checkpoint count (C2SP tlog-policy).
//!
//! A policy file (c2sp.org/tlog-policy) lists logs, witnesses, groups of
//! witnesses with a threshold, and one quorum:
//!
//! ```text
//! log moc.example/gao+1234abcd+AQ…
//! witness fama fama-witness+…+BA…
//! witness cma cma-witness+…+BA…
//! witness plateforme plateforme-witness+…+BA…
//! witness minusma minusma-witness+…+BA…
//! group parties 2 fama cma plateforme
//! group all-and-un all parties minusma
//! quorum all-and-un
//! ```
//!
//! The key design decision: follow the spec exactly (names defined before
//! use, each member once, `1 <= k <= n`, `none`, duplicate keys refused)
//! and make the refusal say what is missing ("quorum parties needs 3 of 4,
//! got 2: fama, cma"), because in moc a missing cosignature is a political
//! fact the operators must see, not a generic failure.
//!
//! Deviation: the spec treats bytes with the high bit set as opaque; this
//! parser requires the file to be UTF-8 (the names are then compared as
//! bytes all the same).

use std::collections::{HashMap, HashSet};

use crate::checkpoint::{CheckpointError, SignedCheckpoint};
use crate::keys::{KeyKind, VerifierKey};

/// The most logs, witnesses or groups a policy may define (the spec asks
/// for at least 32).
pub const MAX_ITEMS: usize = 256;

/// Why a policy file was refused, or a checkpoint did not satisfy it.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum PolicyError {
    /// The policy file is malformed.
    #[error("policy line {line}: {what}")]
    Syntax {
        /// The 1-based line number (0 for the whole file).
        line: usize,
        /// What is wrong.
        what: String,
    },
    /// The checkpoint is not signed by a log of the policy.
    #[error("checkpoint of {origin:?} is not signed by a log of the policy")]
    UnknownLog {
        /// The checkpoint's origin.
        origin: String,
    },
    /// The log's signature check failed.
    #[error("log signature: {0}")]
    Checkpoint(CheckpointError),
    /// A cosignature by a policy witness does not verify.
    #[error("bad cosignature by witness {witness}")]
    BadCosignature {
        /// The witness's name in the policy.
        witness: String,
    },
    /// Not enough witnesses cosigned.
    #[error("quorum {group} needs {need} of {of}, got {}: {}", got.len(), if got.is_empty() { "none".to_owned() } else { got.join(", ") })]
    QuorumNotMet {
        /// The group (or witness) that is not satisfied.
        group: String,
        /// How many of its members must witness.
        need: usize,
        /// How many members it has.
        of: usize,
        /// The members that did witness.
        got: Vec<String>,
    },
}

/// A name in the policy's namespace.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Node {
    Witness(usize),
    Group(usize),
    None,
}

#[derive(Clone, Debug, PartialEq)]
struct Group {
    name: String,
    threshold: usize,
    members: Vec<(String, Node)>,
}

/// A parsed policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    logs: Vec<(VerifierKey, Option<String>)>,
    witnesses: Vec<(String, VerifierKey, Option<String>)>,
    groups: Vec<Group>,
    quorum: (String, Node),
}

fn syntax(line: usize, what: impl Into<String>) -> PolicyError {
    PolicyError::Syntax {
        line,
        what: what.into(),
    }
}

impl Policy {
    /// Parses a policy file given as bytes.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Syntax`] naming the line and the problem.
    pub fn from_bytes(bytes: &[u8]) -> Result<Policy, PolicyError> {
        let text = std::str::from_utf8(bytes).map_err(|_| syntax(0, "not UTF-8"))?;
        Policy::parse(text)
    }

    /// Parses a policy file.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Syntax`] naming the line and the problem.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let mut logs: Vec<(VerifierKey, Option<String>)> = Vec::new();
        let mut witnesses: Vec<(String, VerifierKey, Option<String>)> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut names: HashMap<String, Node> = HashMap::new();
        let mut keys_seen: HashSet<[u8; 32]> = HashSet::new();
        let mut quorum: Option<(String, Node)> = None;

        for (i, raw) in text.split('\n').enumerate() {
            let n = i + 1;
            if let Some(c) = raw
                .chars()
                .find(|&c| ((c as u32) < 0x20 && c != '\t') || c == '\u{7f}')
            {
                return Err(syntax(n, format!("control character U+{:04X}", c as u32)));
            }
            let words: Vec<&str> = raw.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            let Some(&keyword) = words.first() else {
                continue;
            };
            if keyword.starts_with('#') {
                continue;
            }
            let args = &words[1..];
            match keyword {
                "log" => {
                    let (vkey, url) = match args {
                        [v] => (v, None),
                        [v, u] => (v, Some((*u).to_owned())),
                        _ => return Err(syntax(n, "expected 'log <vkey> [<url>]'")),
                    };
                    let key: VerifierKey = vkey
                        .parse()
                        .map_err(|e| syntax(n, format!("log key: {e}")))?;
                    if key.kind() != KeyKind::Ed25519 {
                        return Err(syntax(n, "a log key must be an Ed25519 (0x01) vkey"));
                    }
                    if !keys_seen.insert(*key.public_key()) {
                        return Err(syntax(n, "duplicate public key"));
                    }
                    if logs.len() == MAX_ITEMS {
                        return Err(syntax(n, format!("more than {MAX_ITEMS} logs")));
                    }
                    logs.push((key, url));
                }
                "witness" => {
                    let (name, vkey, url) = match args {
                        [name, v] => (name, v, None),
                        [name, v, u] => (name, v, Some((*u).to_owned())),
                        _ => return Err(syntax(n, "expected 'witness <name> <vkey> [<url>]'")),
                    };
                    check_new_name(&names, name, n)?;
                    let key: VerifierKey = vkey
                        .parse()
                        .map_err(|e| syntax(n, format!("witness key: {e}")))?;
                    if key.kind() != KeyKind::Cosignature {
                        return Err(syntax(n, "a witness key must be a cosignature (0x04) vkey"));
                    }
                    if !keys_seen.insert(*key.public_key()) {
                        return Err(syntax(n, "duplicate public key"));
                    }
                    if witnesses.len() == MAX_ITEMS {
                        return Err(syntax(n, format!("more than {MAX_ITEMS} witnesses")));
                    }
                    names.insert((*name).to_owned(), Node::Witness(witnesses.len()));
                    witnesses.push(((*name).to_owned(), key, url));
                }
                "group" => {
                    let [name, threshold, members @ ..] = args else {
                        return Err(syntax(n, "expected 'group <name> all|any|<k> <name>...'"));
                    };
                    check_new_name(&names, name, n)?;
                    if members.is_empty() {
                        return Err(syntax(n, "a group needs at least one member"));
                    }
                    let mut seen = HashSet::new();
                    let mut resolved = Vec::with_capacity(members.len());
                    for m in members {
                        let node = match names.get(*m) {
                            Some(node) => *node,
                            None if *m == "none" => {
                                return Err(syntax(n, "'none' cannot be a group member"));
                            }
                            None => {
                                return Err(syntax(
                                    n,
                                    format!("{m} is not defined on an earlier line"),
                                ));
                            }
                        };
                        if !seen.insert(*m) {
                            return Err(syntax(n, format!("{m} is listed twice")));
                        }
                        resolved.push(((*m).to_owned(), node));
                    }
                    let k = match *threshold {
                        "all" => members.len(),
                        "any" => 1,
                        k => {
                            let ok = !k.is_empty()
                                && k.bytes().all(|b| b.is_ascii_digit())
                                && !k.starts_with('0');
                            let k: usize = if ok { k.parse().unwrap_or(0) } else { 0 };
                            if k < 1 || k > members.len() {
                                return Err(syntax(
                                    n,
                                    format!(
                                        "threshold must be all, any or a number from 1 to {}",
                                        members.len()
                                    ),
                                ));
                            }
                            k
                        }
                    };
                    if groups.len() == MAX_ITEMS {
                        return Err(syntax(n, format!("more than {MAX_ITEMS} groups")));
                    }
                    names.insert((*name).to_owned(), Node::Group(groups.len()));
                    groups.push(Group {
                        name: (*name).to_owned(),
                        threshold: k,
                        members: resolved,
                    });
                }
                "quorum" => {
                    let [name] = args else {
                        return Err(syntax(n, "expected 'quorum <name>'"));
                    };
                    if quorum.is_some() {
                        return Err(syntax(n, "a policy has exactly one quorum line"));
                    }
                    let node = match names.get(*name) {
                        Some(node) => *node,
                        None if *name == "none" => Node::None,
                        None => {
                            return Err(syntax(
                                n,
                                format!("{name} is not defined on an earlier line"),
                            ));
                        }
                    };
                    quorum = Some(((*name).to_owned(), node));
                }
                other => return Err(syntax(n, format!("unknown keyword {other:?}"))),
            }
        }
        let quorum = quorum.ok_or_else(|| syntax(0, "no quorum line"))?;
        Ok(Policy {
            logs,
            witnesses,
            groups,
            quorum,
        })
    }

    /// The logs' keys.
    pub fn logs(&self) -> impl Iterator<Item = &VerifierKey> {
        self.logs.iter().map(|(k, _)| k)
    }

    /// The witnesses: policy name and key.
    pub fn witnesses(&self) -> impl Iterator<Item = (&str, &VerifierKey)> {
        self.witnesses.iter().map(|(n, k, _)| (n.as_str(), k))
    }

    /// Parses a checkpoint note signed by one of the policy's logs (chosen
    /// by origin) and checks its cosignatures against the quorum.
    ///
    /// # Errors
    ///
    /// [`PolicyError::UnknownLog`], [`PolicyError::Checkpoint`], or what
    /// [`Policy::check`] returns.
    pub fn verify_checkpoint(&self, bytes: &[u8]) -> Result<SignedCheckpoint, PolicyError> {
        let origin = SignedCheckpoint::origin_of(bytes).map_err(PolicyError::Checkpoint)?;
        let mut last = None;
        for (key, _) in self.logs.iter().filter(|(k, _)| k.name() == origin) {
            match SignedCheckpoint::from_bytes(bytes, key) {
                Ok(cp) => {
                    self.check(&cp)?;
                    return Ok(cp);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(match last {
            // One of our log keys has this name but did not sign (or signed badly).
            Some(e) => PolicyError::Checkpoint(e),
            None => PolicyError::UnknownLog { origin },
        })
    }

    /// Checks that the checkpoint's log is one of the policy's (when the
    /// policy lists logs) and that its verified cosignatures satisfy the
    /// quorum.
    ///
    /// # Errors
    ///
    /// [`PolicyError::UnknownLog`], [`PolicyError::BadCosignature`] if a
    /// policy witness's cosignature fails to verify, or
    /// [`PolicyError::QuorumNotMet`] naming the first unsatisfied group and
    /// who did cosign.
    pub fn check(&self, cp: &SignedCheckpoint) -> Result<(), PolicyError> {
        let (log_name, log_id) = cp.log_key();
        if !self.logs.is_empty()
            && !self
                .logs
                .iter()
                .any(|(k, _)| k.name() == log_name && k.key_id() == log_id)
        {
            return Err(PolicyError::UnknownLog {
                origin: cp.origin().to_owned(),
            });
        }
        let mut witnessed = vec![false; self.witnesses.len()];
        for (i, (name, key, _)) in self.witnesses.iter().enumerate() {
            for c in cp.cosignatures() {
                if c.name() == key.name() && c.key_id() == key.key_id() {
                    if c.verify(cp.text(), key).is_err() {
                        return Err(PolicyError::BadCosignature {
                            witness: name.clone(),
                        });
                    }
                    witnessed[i] = true;
                }
            }
        }
        let (qname, qnode) = &self.quorum;
        match *qnode {
            Node::None => Ok(()),
            Node::Witness(i) if witnessed[i] => Ok(()),
            Node::Witness(_) => Err(PolicyError::QuorumNotMet {
                group: qname.clone(),
                need: 1,
                of: 1,
                got: vec![],
            }),
            Node::Group(g) => self.check_group(g, &witnessed),
        }
    }

    /// Whether group `g` is satisfied; if not, the error for the group.
    fn check_group(&self, g: usize, witnessed: &[bool]) -> Result<(), PolicyError> {
        let group = &self.groups[g];
        let got: Vec<String> = group
            .members
            .iter()
            .filter(|(_, node)| self.satisfied(*node, witnessed))
            .map(|(name, _)| name.clone())
            .collect();
        if got.len() >= group.threshold {
            return Ok(());
        }
        Err(PolicyError::QuorumNotMet {
            group: group.name.clone(),
            need: group.threshold,
            of: group.members.len(),
            got,
        })
    }

    fn satisfied(&self, node: Node, witnessed: &[bool]) -> bool {
        match node {
            Node::Witness(i) => witnessed[i],
            // Groups only name earlier groups, so this recursion ends.
            Node::Group(g) => self.check_group(g, witnessed).is_ok(),
            Node::None => true,
        }
    }
}

fn check_new_name(
    names: &HashMap<String, Node>,
    name: &str,
    line: usize,
) -> Result<(), PolicyError> {
    if name == "none" {
        return Err(syntax(line, "'none' is a reserved name"));
    }
    if names.contains_key(name) {
        return Err(syntax(line, format!("{name} is already defined")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cosignature::Cosignature;
    use crate::keys::SigningKey;
    use crate::merkle::leaf_hash;

    const ORIGIN: &str = "moc.example/gao";

    fn log_key() -> SigningKey {
        SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32]).unwrap()
    }

    fn wkey(name: &str, seed: u8) -> SigningKey {
        SigningKey::from_seed(
            &format!("{name}-witness"),
            KeyKind::Cosignature,
            &[seed; 32],
        )
        .unwrap()
    }

    fn parties() -> Vec<(&'static str, SigningKey)> {
        vec![
            ("fama", wkey("fama", 10)),
            ("cma", wkey("cma", 11)),
            ("plateforme", wkey("plateforme", 12)),
            ("minusma", wkey("minusma", 13)),
        ]
    }

    fn policy_text(rules: &str) -> String {
        let mut s = format!("# moc policy\nlog {}\n\n", log_key().verifier());
        for (name, k) in parties() {
            s.push_str(&format!(
                "witness {name}\t{}  https://w.example/{name}\n",
                k.verifier()
            ));
        }
        s.push_str(rules);
        s
    }

    fn cosigned_by(names: &[&str]) -> SignedCheckpoint {
        let mut cp = SignedCheckpoint::sign(ORIGIN, 10, leaf_hash(b"r"), &log_key()).unwrap();
        for (name, k) in parties() {
            if names.contains(&name) {
                cp.add_cosignature(Cosignature::sign(cp.text(), &k, 100).unwrap());
            }
        }
        cp
    }

    #[test]
    fn threshold_groups_name_what_is_missing() {
        let p = Policy::parse(&policy_text(
            "group four 3 fama cma plateforme minusma\nquorum four\n",
        ))
        .unwrap();
        p.check(&cosigned_by(&["fama", "cma", "minusma"])).unwrap();
        let err = p.check(&cosigned_by(&["fama", "cma"])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "quorum four needs 3 of 4, got 2: fama, cma"
        );
        let err = p.check(&cosigned_by(&[])).unwrap_err();
        assert_eq!(err.to_string(), "quorum four needs 3 of 4, got 0: none");
    }

    #[test]
    fn nested_groups_all_any_single_and_none() {
        let rules =
            "group parties any fama cma plateforme\ngroup both all parties minusma\nquorum both\n";
        let p = Policy::parse(&policy_text(rules)).unwrap();
        p.check(&cosigned_by(&["cma", "minusma"])).unwrap();
        assert_eq!(
            p.check(&cosigned_by(&["cma", "fama"]))
                .unwrap_err()
                .to_string(),
            "quorum both needs 2 of 2, got 1: parties"
        );
        let single = Policy::parse(&policy_text("quorum minusma\n")).unwrap();
        single.check(&cosigned_by(&["minusma"])).unwrap();
        assert!(single.check(&cosigned_by(&["fama"])).is_err());
        let none = Policy::parse(&policy_text("quorum none\n")).unwrap();
        none.check(&cosigned_by(&[])).unwrap();
    }

    #[test]
    fn forged_or_foreign_cosignatures_do_not_count() {
        let p = Policy::parse(&policy_text("group g all fama cma\nquorum g\n")).unwrap();
        // A cosignature on another checkpoint, pasted onto this one.
        let other = SignedCheckpoint::sign(ORIGIN, 11, leaf_hash(b"s"), &log_key()).unwrap();
        let mut cp = cosigned_by(&["fama"]);
        cp.add_cosignature(Cosignature::sign(other.text(), &parties()[1].1, 1).unwrap());
        assert_eq!(
            p.check(&cp),
            Err(PolicyError::BadCosignature {
                witness: "cma".into()
            })
        );
        // A plain (0x01) key with the witness's name does not count.
        let plain = wkey("cma", 11).with_kind(KeyKind::Ed25519);
        let mut cp = cosigned_by(&["fama"]);
        cp.add_cosignature_lines(format!("\u{2014} {} AAAAAA==\n", plain.name()).as_bytes());
        assert!(matches!(
            p.check(&cp),
            Err(PolicyError::QuorumNotMet { .. })
        ));
    }

    #[test]
    fn verify_checkpoint_picks_the_log_by_origin() {
        let p = Policy::parse(&policy_text("quorum fama\n")).unwrap();
        let bytes = cosigned_by(&["fama"]).to_bytes();
        assert_eq!(p.verify_checkpoint(&bytes).unwrap().size(), 10);
        let stranger = SigningKey::from_seed("x.example/log", KeyKind::Ed25519, &[5; 32]).unwrap();
        let cp = SignedCheckpoint::sign("x.example/log", 1, leaf_hash(b"r"), &stranger).unwrap();
        assert!(matches!(
            p.verify_checkpoint(&cp.to_bytes()),
            Err(PolicyError::UnknownLog { .. })
        ));
        let impostor = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[6; 32]).unwrap();
        let cp = SignedCheckpoint::sign(ORIGIN, 1, leaf_hash(b"r"), &impostor).unwrap();
        assert!(matches!(
            p.verify_checkpoint(&cp.to_bytes()),
            Err(PolicyError::Checkpoint(
                CheckpointError::MissingLogSignature { .. }
            ))
        ));
        // check() refuses a checkpoint by a log not in the policy.
        assert!(matches!(p.check(&cp), Err(PolicyError::UnknownLog { .. })));
    }

    fn check_syntax(rules: &str, line: usize, what: &str) {
        match Policy::parse(&policy_text(rules)) {
            Err(PolicyError::Syntax { line: l, what: w }) => {
                assert_eq!((l, w.as_str()), (line, what), "{rules}");
            }
            other => panic!("{rules}: {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_name_line_and_problem() {
        // The header takes lines 1-3 and the four witnesses lines 4-7.
        check_syntax("quorum x\n", 8, "x is not defined on an earlier line");
        check_syntax("", 0, "no quorum line");
        check_syntax(
            "quorum none\nquorum none\n",
            9,
            "a policy has exactly one quorum line",
        );
        check_syntax(
            "group g 5 fama cma\nquorum g\n",
            8,
            "threshold must be all, any or a number from 1 to 2",
        );
        check_syntax(
            "group g 0 fama\nquorum g\n",
            8,
            "threshold must be all, any or a number from 1 to 1",
        );
        check_syntax(
            "group g 01 fama\nquorum g\n",
            8,
            "threshold must be all, any or a number from 1 to 1",
        );
        check_syntax(
            "group g any fama fama\nquorum g\n",
            8,
            "fama is listed twice",
        );
        check_syntax(
            "group g any\nquorum g\n",
            8,
            "a group needs at least one member",
        );
        check_syntax(
            "group g any none\nquorum g\n",
            8,
            "'none' cannot be a group member",
        );
        check_syntax(
            "group g any h\ngroup h any fama\nquorum g\n",
            8,
            "h is not defined on an earlier line",
        );
        check_syntax(
            "group fama any cma\nquorum fama\n",
            8,
            "fama is already defined",
        );
        check_syntax(
            "group none any cma\nquorum none\n",
            8,
            "'none' is a reserved name",
        );
        check_syntax("frobnicate\n", 8, "unknown keyword \"frobnicate\"");
        check_syntax("quorum none\r\n", 8, "control character U+000D");
        let dup = format!("witness again {}\nquorum none\n", parties()[0].1.verifier());
        check_syntax(&dup, 8, "duplicate public key");
        let wrong = format!("witness w {}\nquorum none\n", log_key().verifier());
        check_syntax(&wrong, 8, "a witness key must be a cosignature (0x04) vkey");
        let plain = format!(
            "witness w {}\nquorum none\n",
            SigningKey::from_seed("w", KeyKind::Ed25519, &[40; 32])
                .unwrap()
                .verifier()
        );
        check_syntax(&plain, 8, "a witness key must be a cosignature (0x04) vkey");
        assert!(matches!(
            Policy::from_bytes(b"\xff"),
            Err(PolicyError::Syntax { line: 0, .. })
        ));
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(s in "[a-z0-9 \t\n#+/=]{0,200}") {
            let _ = Policy::parse(&s);
        }

        #[test]
        fn parser_never_panics_on_random_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = Policy::from_bytes(&bytes);
        }

        #[test]
        fn parser_never_panics_on_mutated_policies(pos in 0usize..1000, byte in 0x20u8..0x7f) {
            let mut b = policy_text("group g 2 fama cma minusma\nquorum g\n").into_bytes();
            let p = pos % b.len();
            b[p] = byte;
            if let Ok(p) = Policy::from_bytes(&b) {
                let _ = p.check(&cosigned_by(&["fama", "cma"]));
            }
        }
    }
}
