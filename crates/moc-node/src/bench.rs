//! `moc bench node`: commands per second through the whole path.
//!
//! A fresh node in a scratch directory hosts one mechanism with three
//! parties; `clients` concurrent tasks then register members (each with a
//! sealed personal record), open their vetting and approve them by two
//! parties: four commands per member, each decided, signed, appended
//! durably (fsync and a signed checkpoint per batch) and projected into SQL
//! before it is answered. Only that part is timed.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use moc_domain::{
    Actor, Command, Language, MechanismCreated, MechanismId, MemberRef, MemberRole, Party, PartyId,
    PartyJoined, PartyKind, QuotaSet, Rank, Role, ServiceNumber, UnitId, UserId,
};
use moc_ledger::keys::KeyKind;
use serde::Serialize;

use crate::identity::{NewMember, PersonalRecord};
use crate::{NewUser, Node, NodeError, NodeOptions};

/// What to run.
#[derive(Clone, Debug)]
pub struct BenchConfig {
    /// Members to register (four commands each).
    pub members: u32,
    /// Concurrent clients.
    pub clients: u32,
}

/// What was measured.
#[derive(Clone, Debug, Serialize)]
pub struct BenchResult {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Commands run in the timed part.
    pub commands: u64,
    /// Concurrent clients.
    pub clients: u32,
    /// Seconds the timed part took.
    pub seconds: f64,
    /// Commands per second.
    pub commands_per_s: f64,
    /// Entries in the log at the end.
    pub log_entries: u64,
}

const PARTIES: [&str; 3] = ["fama", "cma", "plateforme"];

fn id<T>(r: Result<T, moc_domain::DomainError>) -> Result<T, NodeError> {
    r.map_err(NodeError::from)
}

/// Runs the benchmark in `dir` (which must not hold a node).
///
/// # Errors
/// Any node error; a refused command is a bug in the benchmark and fails it.
pub async fn run(
    dir: &Path,
    options: NodeOptions,
    config: &BenchConfig,
) -> Result<BenchResult, NodeError> {
    let mut rng = rand::rngs::OsRng;
    let mut keys = Vec::new();
    let mut accounts = Vec::new();
    for p in PARTIES {
        let (key, _) =
            moc_ledger::keys::generate(p, &mut rng).map_err(|e| NodeError::Key(e.to_string()))?;
        keys.push(key);
        for (suffix, role) in [
            ("officer", Role::PartyOfficer),
            ("vetting", Role::VettingOfficer),
        ] {
            accounts.push(NewUser {
                user: id(UserId::new(format!("{p}-{suffix}")))?,
                party: id(PartyId::new(p))?,
                roles: [role].into(),
                password: None,
            });
        }
    }
    accounts.push(NewUser {
        user: id(UserId::new("commander"))?,
        party: id(PartyId::new("fama"))?,
        roles: [Role::JointCommander].into(),
        password: None,
    });
    Node::init(dir, "fama", &keys)?;
    let node = Node::open(dir, options).await?;
    node.add_users(None, accounts).await?;
    let backend = match node.store().backend() {
        moc_store::Backend::Sqlite => "sqlite",
        moc_store::Backend::Postgres => "postgres",
    };

    let mechanism = id(MechanismId::new("bench"))?;
    let unit = id(UnitId::new("bataillon"))?;
    let commander = node.actor("commander")?;
    node.execute(
        &commander,
        Command::CreateMechanism(MechanismCreated {
            mechanism: mechanism.clone(),
            name_fr: "Banc d'essai".into(),
            name_en: "Bench".into(),
            log_origin: "moc.example/bench".into(),
            patrol_min_per_party: 1,
        }),
    )
    .await?;
    let per_party = config.members.div_ceil(3);
    for (key, p) in keys.iter().zip(PARTIES) {
        node.execute(
            &commander,
            Command::JoinParty(PartyJoined {
                mechanism: mechanism.clone(),
                party: Party {
                    id: id(PartyId::new(p))?,
                    name_fr: p.to_uppercase(),
                    name_en: p.to_uppercase(),
                    kind: PartyKind::StateForce,
                    witness_key: key.with_kind(KeyKind::Cosignature).verifier().to_string(),
                },
            }),
        )
        .await?;
        node.execute(
            &commander,
            Command::SetQuota(QuotaSet {
                mechanism: mechanism.clone(),
                unit: unit.clone(),
                party: id(PartyId::new(p))?,
                target: per_party,
                tolerance: 0,
            }),
        )
        .await?;
    }

    let started = Instant::now();
    let clients = config.clients.max(1);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let node = Arc::clone(&node);
        let mechanism = mechanism.clone();
        let unit = unit.clone();
        let members = config.members;
        tasks.push(tokio::spawn(async move {
            let mut i = c;
            while i < members {
                client_member(&node, &mechanism, &unit, i).await?;
                i += clients;
            }
            Ok::<(), NodeError>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|_| NodeError::Stopped)??;
    }
    let seconds = started.elapsed().as_secs_f64();
    let commands = u64::from(config.members) * 4;
    let log_entries = node
        .logs()
        .await
        .first()
        .map(|l| {
            moc_ledger::log::Log::open_read_only(&l.dir)
                .map(|log| log.size())
                .unwrap_or(0)
        })
        .unwrap_or(0);
    node.close().await;
    Ok(BenchResult {
        backend,
        commands,
        clients,
        seconds,
        commands_per_s: commands as f64 / seconds.max(1e-9),
        log_entries,
    })
}

/// One member's four commands.
async fn client_member(
    node: &Node,
    mechanism: &MechanismId,
    unit: &UnitId,
    i: u32,
) -> Result<(), NodeError> {
    let party = PARTIES[(i % 3) as usize];
    let other = PARTIES[((i + 1) % 3) as usize];
    let service_number = id(ServiceNumber::new(format!("B-{i:07}")))?;
    let officer = node.actor(&format!("{party}-officer"))?;
    node.register_member(
        &officer,
        NewMember {
            mechanism: mechanism.clone(),
            service_number: service_number.clone(),
            party: id(PartyId::new(party))?,
            unit: unit.clone(),
            rank: Rank::Corporal,
            roles: [MemberRole::Driver].into(),
            languages: [Language::French, Language::Songhai].into(),
            identity: PersonalRecord {
                full_name: format!("Banc Essai {i}"),
                birth_date: Some("1990-01-01".into()),
                birth_place: None,
                photo_ref: None,
                next_of_kin: None,
            },
        },
    )
    .await?;
    let member = MemberRef {
        mechanism: mechanism.clone(),
        service_number,
    };
    let vetter = |p: &str| -> Result<Actor, NodeError> { node.actor(&format!("{p}-vetting")) };
    node.execute(&vetter(party)?, Command::OpenVetting(member.clone()))
        .await?;
    node.execute(&vetter(party)?, Command::ApproveVetting(member.clone()))
        .await?;
    node.execute(&vetter(other)?, Command::ApproveVetting(member))
        .await?;
    Ok(())
}
