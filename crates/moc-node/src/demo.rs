//! The demo node: the Gao MOC and the Mali–Mauritania patrols, with their
//! members' (fictional) personal records sealed in the restricted table.
//!
//! The history comes from [`moc_domain::demo::generate`], which runs the
//! real rules; this module adds what a node needs around it: a signing key
//! per party (the demo node holds them all, where a real deployment gives
//! each party its own node), the accounts the history acts as, and a
//! personal record per member. Names are generated from invented family
//! names (*Tessaloumé*, *Karabindo*), so that nobody real is named and a
//! test can search the logs for every one of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use moc_domain::demo::{DemoConfig, generate, placeholder_commitment};
use moc_domain::{IdentityCommitment, MechanismId, PartyId, Role, ServiceNumber, UserId};
use moc_ledger::keys::{KeyKind, SigningKey};
use moc_store::IdentityRow;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::identity::PersonalRecord;
use crate::layout::Layout;
use crate::{NewUser, Node, NodeError, NodeOptions, Password};

/// The party whose node the demo is: the observer mission's.
pub const DEMO_NODE_PARTY: &str = "minusma";

/// What the demo did.
#[derive(Clone, Debug)]
pub struct DemoReport {
    /// Whether an existing demo directory was opened instead of created.
    pub reused: bool,
    /// Events recorded.
    pub events: usize,
    /// Members registered (with a sealed personal record each).
    pub members: usize,
    /// Time taken.
    pub elapsed: Duration,
}

const GIVEN: &[&str] = &[
    "Amadou",
    "Moussa",
    "Ibrahim",
    "Aïssata",
    "Fatoumata",
    "Mariam",
    "Oumar",
    "Hamadoun",
    "Sidi",
    "Mohamed",
    "Alhousseini",
    "Aminata",
    "Bintou",
    "Salif",
    "Hawa",
    "Boubacar",
    "Zeinabou",
    "Issa",
    "Kadidia",
    "Souleymane",
    "Mahamane",
    "Rokia",
    "Youssouf",
    "Nana",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ten", "ba", "mi", "sor", "da", "ni", "ga", "ré", "wa", "zu", "fo", "lé", "ma",
    "tu", "bin", "sa", "ko", "dé",
];

const PLACES: &[&str] = &[
    "Gao",
    "Kidal",
    "Tombouctou",
    "Ménaka",
    "Bourem",
    "Ansongo",
    "Goundam",
    "Nioro du Sahel",
    "Bassikounou",
    "Nara",
];

const KIN: &[&str] = &["mère", "père", "épouse", "époux", "frère", "sœur"];

/// An invented family name of three syllables, capitalised, with a final
/// `é` or `o` so it reads as a name and matches no common one.
fn family_name(rng: &mut ChaCha8Rng) -> String {
    let mut s = String::new();
    for _ in 0..3 {
        s.push_str(SYLLABLES[rng.gen_range(0..SYLLABLES.len())]);
    }
    s.push(if rng.gen_bool(0.5) { 'o' } else { 'é' });
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A fictional personal record.
fn record(rng: &mut ChaCha8Rng, service_number: &ServiceNumber) -> PersonalRecord {
    let family = family_name(rng);
    let given = GIVEN[rng.gen_range(0..GIVEN.len())];
    let kin_given = GIVEN[rng.gen_range(0..GIVEN.len())];
    PersonalRecord {
        full_name: format!("{given} {family}"),
        birth_date: Some(format!(
            "{}-{:02}-{:02}",
            rng.gen_range(1968..2000),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28)
        )),
        birth_place: Some(PLACES[rng.gen_range(0..PLACES.len())].to_owned()),
        photo_ref: Some(format!("photos/{}.jpg", service_number.as_str())),
        next_of_kin: Some(format!(
            "{kin_given} {family} ({})",
            KIN[rng.gen_range(0..KIN.len())]
        )),
    }
}

/// Opens the demo node in `dir`, creating it first when the directory
/// holds no node. A new demo's accounts — every account its history acts
/// as, and a `<party>-admin` per party — all get `password`.
///
/// # Errors
/// A node, store or log error; a directory that exists but holds no node
/// and is not empty is refused, so nothing of the user's is overwritten.
pub async fn open_or_create(
    dir: &Path,
    options: NodeOptions,
    config: &DemoConfig,
    password: &Password,
) -> Result<(Arc<Node>, DemoReport), NodeError> {
    let started = Instant::now();
    let layout = Layout::new(dir);
    if layout.exists() {
        let node = Node::open(dir, options).await?;
        let members = node
            .state()
            .await
            .mechanisms
            .values()
            .map(|m| m.members.len())
            .sum();
        return Ok((
            node,
            DemoReport {
                reused: true,
                events: 0,
                members,
                elapsed: started.elapsed(),
            },
        ));
    }
    if dir.is_dir()
        && std::fs::read_dir(dir)
            .map_err(|e| NodeError::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(NodeError::BadFile {
            path: dir.to_owned(),
            why: "the directory is not empty and holds no moc node; give a new --data directory"
                .into(),
        });
    }

    // First pass: which parties and accounts the history uses.
    let dry = generate(config, &mut placeholder_commitment)?;
    let mut parties: Vec<String> = dry
        .state
        .mechanisms
        .values()
        .flat_map(|m| m.parties.keys().map(|p| p.as_str().to_owned()))
        .collect();
    parties.sort();
    parties.dedup();
    let mut rng = rand::rngs::OsRng;
    let mut keys = Vec::new();
    let mut witness_keys = BTreeMap::new();
    for p in &parties {
        let (key, _) =
            moc_ledger::keys::generate(p, &mut rng).map_err(|e| NodeError::Key(e.to_string()))?;
        witness_keys.insert(
            p.clone(),
            key.with_kind(KeyKind::Cosignature).verifier().to_string(),
        );
        keys.push(key);
    }
    let mut accounts: BTreeMap<UserId, NewUser> = BTreeMap::new();
    for r in &dry.events {
        accounts
            .entry(r.actor.user.clone())
            .or_insert_with(|| NewUser {
                user: r.actor.user.clone(),
                party: r.actor.party.clone(),
                roles: BTreeSet::new(),
                password: Some(password.clone()),
            })
            .roles
            .extend(r.actor.roles.iter().copied());
    }
    for p in &parties {
        let user = UserId::new(format!("{p}-admin"))?;
        let party = PartyId::new(p)?;
        accounts.insert(
            user.clone(),
            NewUser {
                user,
                party,
                roles: BTreeSet::from([Role::PartyAdmin]),
                password: Some(password.clone()),
            },
        );
    }

    // Second pass: the real history, each member's record sealed.
    let config = DemoConfig {
        witness_keys,
        ..config.clone()
    };
    let mut names = ChaCha8Rng::seed_from_u64(config.seed);
    let mut rows: Vec<IdentityRow> = Vec::new();
    let mut failure = None;
    let mut seal = |m: &MechanismId, s: &ServiceNumber| -> IdentityCommitment {
        match record(&mut names, s).seal(m, s) {
            Ok((c, row)) => {
                rows.push(row);
                c
            }
            Err(e) => {
                failure.get_or_insert(e);
                placeholder_commitment(m, s)
            }
        }
    };
    let demo = generate(&config, &mut seal)?;
    if let Some(e) = failure {
        return Err(e);
    }

    Node::init(dir, DEMO_NODE_PARTY, &keys)?;
    let node = Node::open(dir, options).await?;
    node.add_users(None, accounts.into_values().collect())
        .await?;
    node.store().put_identities(&rows).await?;
    let mut waits = Vec::with_capacity(demo.events.len());
    for r in &demo.events {
        let ms = u64::try_from(r.at.0).unwrap_or(0).saturating_mul(1000);
        waits.push(node.submit_decided(&r.actor, ms, r.event.clone()).await?);
    }
    for w in waits {
        w.await.unwrap_or(Err(NodeError::Stopped))?;
    }
    Ok((
        node,
        DemoReport {
            reused: false,
            events: demo.events.len(),
            members: rows.len(),
            elapsed: started.elapsed(),
        },
    ))
}

/// The key of a party in a demo directory, for tests and tools.
///
/// # Errors
/// I/O or parse errors.
pub fn party_key(dir: &Path, party: &str) -> Result<SigningKey, NodeError> {
    let path = Layout::new(dir).party_key(party);
    let text = std::fs::read_to_string(&path).map_err(|e| NodeError::io(&path, e))?;
    text.trim().parse().map_err(|e| NodeError::BadFile {
        path,
        why: format!("{e}"),
    })
}
