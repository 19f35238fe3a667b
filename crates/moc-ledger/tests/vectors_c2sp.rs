//! The examples printed in the C2SP specifications (and the Go `sumdb/note`
//! vectors every signed-note implementation shares), run through moc's
//! parsers. Where a spec publishes no key, the framing is checked.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use moc_ledger::checkpoint::SignedCheckpoint;
use moc_ledger::cosignature::Cosignature;
use moc_ledger::keys::{KeyKind, SigningKey, VerifierKey};
use moc_ledger::merkle::{Hash, leaf_hash};
use moc_ledger::policy::Policy;
use moc_ledger::proof_bundle::ProofBundle;
use moc_ledger::witness::AddCheckpoint;

/// golang.org/x/mod/sumdb/note: two keys and their signatures on one text.
const NOTE_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                         then you don't know what your problem is.\n";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SIG: &str =
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const ENOCH_SIG: &str =
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";

#[test]
fn signed_note_vectors_verify_with_our_keys() {
    for (vkey, sig) in [(PETER_VKEY, PETER_SIG), (ENOCH_VKEY, ENOCH_SIG)] {
        let key: VerifierKey = vkey.parse().unwrap();
        assert_eq!(key.kind(), KeyKind::Ed25519);
        let blob = B64.decode(sig).unwrap();
        assert_eq!(
            u32::from_be_bytes(blob[..4].try_into().unwrap()),
            key.key_id()
        );
        assert!(key.verify(NOTE_TEXT.as_bytes(), &blob[4..]), "{vkey}");
        assert!(!key.verify(b"another text\n", &blob[4..]));
    }
}

/// c2sp.org/tlog-witness, the example request body.
const WITNESS_REQUEST: &str = "old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

\u{2014} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
\u{2014} example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
";

/// c2sp.org/tlog-witness, the example response body.
const WITNESS_RESPONSE: &str = "\u{2014} witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
\u{2014} witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
\u{2014} witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==
";

#[test]
fn tlog_witness_example_request_parses_and_round_trips() {
    let req = AddCheckpoint::parse(WITNESS_REQUEST.as_bytes()).unwrap();
    assert_eq!(req.old_size, 20852014);
    assert_eq!(req.proof.len(), 4);
    assert_eq!(
        req.proof[0],
        Hash::parse_hash("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=").unwrap()
    );
    assert_eq!(
        SignedCheckpoint::origin_of(&req.checkpoint).unwrap(),
        "example.com/behind-the-sofa"
    );
    assert_eq!(req.to_bytes(), WITNESS_REQUEST.as_bytes());
}

#[test]
fn tlog_witness_example_response_is_placeholder_bytes() {
    // Every line frames 76 bytes (key id, timestamp, Ed25519 signature),
    // but the bytes are placeholders: two of the three "timestamps" exceed
    // 2^63-1, which tlog-cosignature forbids, so a strict parser refuses
    // them. The third parses and round-trips.
    let lines: Vec<&str> = WITNESS_RESPONSE.lines().collect();
    for line in &lines {
        let b64 = line.rsplit(' ').next().unwrap();
        assert_eq!(B64.decode(b64).unwrap().len(), 76);
    }
    for line in &lines[..2] {
        assert!(matches!(
            Cosignature::from_line(line.as_bytes()),
            Err(moc_ledger::cosignature::CosignatureError::TimestampTooLarge(_))
        ));
    }
    let c = Cosignature::from_line(lines[2].as_bytes()).unwrap();
    assert_eq!((c.name(), c.key_id()), ("witness.example/w2", 0x016ba2f1));
    assert_eq!(c.to_line(), format!("{}\n", lines[2]));
}

/// c2sp.org/tlog-proof, the example header (its signatures are elided with
/// "[...]" in the spec, so only the proof part is checked).
const PROOF_EXAMPLE: &str = "c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

\u{2014} example.com/fancylog hI2DJw[...]1roloI=
";

#[test]
fn tlog_proof_example_parses() {
    let b = ProofBundle::from_bytes(PROOF_EXAMPLE.as_bytes()).unwrap();
    assert_eq!(b.index, 73894);
    assert_eq!(b.proof.len(), 5);
    assert!(
        b.entry
            .as_ref()
            .unwrap()
            .starts_with(b"age-v1.2.1-darwin-arm64.tar.gz")
    );
    assert!(b.checkpoint.starts_with(b"example.com/fancylog\n109482\n"));
    assert_eq!(b.to_bytes(), PROOF_EXAMPLE.as_bytes());
}

/// c2sp.org/tlog-policy, the example policy with real keys in place of the
/// elided `<vkey>`s: two of the X witnesses and one of the Y witnesses.
#[test]
fn tlog_policy_example_means_two_x_and_one_y() {
    let log = SigningKey::from_seed("example.com/log", KeyKind::Ed25519, &[1; 32]).unwrap();
    let w = |name: &str, seed: u8| {
        SigningKey::from_seed(
            &format!("{name}.example"),
            KeyKind::Cosignature,
            &[seed; 32],
        )
        .unwrap()
    };
    let ws = [
        w("x1", 11),
        w("x2", 12),
        w("x3", 13),
        w("y1", 21),
        w("y2", 22),
        w("y3", 23),
    ];
    let v = |i: usize| ws[i].verifier().to_string();
    let text = format!(
        "log {}\n\nwitness X1 {}\nwitness X2 {}\nwitness X3 {}\ngroup X-witnesses 2 X1 X2 X3\n\n\
         witness Y1 {}\nwitness Y2 {}\nwitness Y3 {}\ngroup Y-witnesses any Y1 Y2 Y3\n\n\
         group X-and-Y all X-witnesses Y-witnesses\nquorum X-and-Y\n",
        log.verifier(),
        v(0),
        v(1),
        v(2),
        v(3),
        v(4),
        v(5)
    );
    let policy = Policy::parse(&text).unwrap();
    let cosigned = |who: &[usize]| {
        let mut cp = SignedCheckpoint::sign("example.com/log", 3, leaf_hash(b"r"), &log).unwrap();
        for &i in who {
            cp.add_cosignature(Cosignature::sign(cp.text(), &ws[i], 1).unwrap());
        }
        cp
    };
    policy.check(&cosigned(&[0, 2, 5])).unwrap();
    assert_eq!(
        policy
            .check(&cosigned(&[0, 3, 4, 5]))
            .unwrap_err()
            .to_string(),
        "quorum X-and-Y needs 2 of 2, got 1: Y-witnesses"
    );
    assert!(policy.check(&cosigned(&[0, 1, 2])).is_err());
}

/// A checkpoint and cosignature made by moc, then checked by an independent
/// implementation (Python's `cryptography` Ed25519 and `hashlib` for the
/// key ids, following the spec texts): log signature over the note text,
/// cosignature/v1 over "cosignature/v1\ntime 1700000000\n" ‖ text, key id
/// types 0x01 and 0x04. Kept as a regression vector.
const MOC_LOG_VKEY: &str = "moc.example/gao+5a9feb52+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c";
const MOC_WITNESS_VKEY: &str =
    "fama.example/witness+74948b26+BIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU";
const MOC_COSIGNED: &str = "moc.example/gao
1042
Sg/pN/Cv9RRbgsSj6TvvLmLzLUxnNSVWYsp0DN6wfdE=

\u{2014} moc.example/gao Wp/rUqXk12gWw2LBh67t6k62IP0PwNLIlE4APsh00mc0iPzYyCcJGS6/i6i5IOa8Y86bYURpsN6E2BBmi4+dqMjsMwQ=
\u{2014} fama.example/witness dJSLJgAAAABlU/EAWuZ0iVUnyOknLHUW73SvL5xrIxMZ0El4S8I3T3hoSsVNCfHMb3PomdkX+Al4HFhtgAlgrdhkVjkgFydmahxsBg==
";

#[test]
fn cross_checked_cosigned_checkpoint() {
    let policy = Policy::parse(&format!(
        "log {MOC_LOG_VKEY}\nwitness fama {MOC_WITNESS_VKEY}\nquorum fama\n"
    ))
    .unwrap();
    let cp = policy.verify_checkpoint(MOC_COSIGNED.as_bytes()).unwrap();
    assert_eq!((cp.size(), cp.root()), (1042, leaf_hash(b"moc")));
    assert_eq!(cp.cosignatures()[0].timestamp(), 1_700_000_000);
    assert_eq!(cp.to_bytes(), MOC_COSIGNED.as_bytes());
    // And moc reproduces it byte for byte (Ed25519 is deterministic).
    let log = SigningKey::from_seed("moc.example/gao", KeyKind::Ed25519, &[1; 32]).unwrap();
    let w = SigningKey::from_seed("fama.example/witness", KeyKind::Cosignature, &[2; 32]).unwrap();
    let mut again =
        SignedCheckpoint::sign("moc.example/gao", 1042, leaf_hash(b"moc"), &log).unwrap();
    again.add_cosignature(Cosignature::sign(again.text(), &w, 1_700_000_000).unwrap());
    assert_eq!(again.to_bytes(), MOC_COSIGNED.as_bytes());
}
