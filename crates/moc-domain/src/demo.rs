//! A deterministic demo: the Gao MOC and the Mali–Mauritania joint patrols,
//! built by running the real [`decide`] so that the demo obeys every rule.
//!
//! The same [`DemoConfig`] always gives the same events. Randomness comes
//! from an internal splitmix64 generator seeded by the config, so the crate
//! needs no `rand`. There are no names here at all: identities live in the
//! restricted store, and the caller supplies the commitment for each member
//! (or uses [`placeholder_commitment`]).
//!
//! Coordinates are approximate town centres; figures in the incidents are
//! those the seed articles report.

use std::collections::{BTreeMap, BTreeSet};

use moc_incidents::{
    Actor as GroupActor, ActorType, Figure, IncidentRecord, Precision, Source, SourceKind,
    SubEventType, Toll, reconcile,
};

use crate::command::{Command, IncidentRef, MemberRef, PatrolRef, PlanPatrol, ReportIncident};
use crate::decide::decide;
use crate::error::DomainError;
use crate::event::{
    DomainEvent, LeaveGranted, MechanismCreated, MemberRegistered, PartyJoined, QuotaSet, ZoneAdded,
};
use crate::ids::{
    Coord, IdentityCommitment, IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber,
    Timestamp, UnitId, UserId, Window, ZoneId,
};
use crate::incident::{Claim, ClaimKind, Finding, Investigator, Speaker};
use crate::model::{
    AbortReason, Actor, AirSupport, Language, MemberRole, Outreach, OutreachItem, Party, PartyKind,
    PatrolReport, Rank, Role, VettingStatus, Zone,
};
use crate::state::State;

/// The Gao mechanism's id.
pub const GAO: &str = "moc-gao";
/// The Mali–Mauritania mechanism's id.
pub const MALI_MAURITANIA: &str = "mali-mauritanie";

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoConfig {
    /// The generator's seed.
    pub seed: u64,
    /// The first patrol day, at 00:00 UTC.
    pub start: Timestamp,
    /// Days of patrols; the last two are only planned.
    pub days: u32,
    /// Members per party in Gao (at most 210: the quota is 200 ± 10).
    pub members_per_party: u32,
    /// Members per party in the Mali–Mauritania mechanism (at most 45).
    pub partner_members_per_party: u32,
    /// Each party's witness key (party id → verifier key text). A party
    /// missing here gets a placeholder `<party>+<hex>+demo-witness-key`,
    /// enough for the rules but not for real witnessing.
    pub witness_keys: BTreeMap<String, String>,
}

impl Default for DemoConfig {
    /// Thirty days from 1 March 2017, 200 members per party in Gao, 40 per
    /// army on the Mauritanian border.
    fn default() -> Self {
        Self {
            seed: 2017,
            start: Timestamp(1_488_326_400),
            days: 30,
            members_per_party: 200,
            partner_members_per_party: 40,
            witness_keys: BTreeMap::new(),
        }
    }
}

/// One recorded event with the actor and time the ledger entry carries.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Recorded {
    /// Who did it (the entry's party and user).
    pub actor: Actor,
    /// When (the entry's time).
    pub at: Timestamp,
    /// What happened.
    pub event: DomainEvent,
}

/// The generated history and the state it folds to.
#[derive(Clone, Debug)]
pub struct Demo {
    /// Every event: all of Gao's, then all of the Mali–Mauritania
    /// mechanism's; within each mechanism (each has its own log) in time
    /// order.
    pub events: Vec<Recorded>,
    /// The folded state.
    pub state: State,
}

/// A commitment for demo members: `demo:` and a hash of the mechanism and
/// service number. Not salted: only for demos and tests.
#[must_use]
pub fn placeholder_commitment(
    mechanism: &MechanismId,
    member: &ServiceNumber,
) -> IdentityCommitment {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in mechanism
        .as_str()
        .bytes()
        .chain([0])
        .chain(member.as_str().bytes())
    {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    IdentityCommitment::demo(h)
}

/// Generates the demo.
///
/// # Errors
/// A [`DomainError`] if the configuration asks for something the rules
/// refuse, such as more members than the quota allows. Too few members to
/// compose a patrol is not an error: that patrol is skipped.
pub fn generate(
    config: &DemoConfig,
    commitment: &mut dyn FnMut(&MechanismId, &ServiceNumber) -> IdentityCommitment,
) -> Result<Demo, DomainError> {
    let mut run = Runner {
        state: State::default(),
        events: Vec::new(),
        now: config.start.plus(-60 * DAY),
        rng: SplitMix64(config.seed),
    };
    run.mechanism(&gao_spec(config.members_per_party), config, commitment)?;
    gao_incidents(&mut run)?;
    run.now = config.start.plus(-60 * DAY + 1);
    run.mechanism(
        &partner_spec(config.partner_members_per_party),
        config,
        commitment,
    )?;
    Ok(Demo {
        events: run.events,
        state: run.state,
    })
}

struct PartySpec {
    id: &'static str,
    name_fr: &'static str,
    name_en: &'static str,
    kind: PartyKind,
    prefix: &'static str,
    first_number: u32,
    /// Languages with the percentage of members speaking them.
    languages: &'static [(Language, u64)],
}

struct ZoneSpec {
    id: &'static str,
    name_fr: &'static str,
    name_en: &'static str,
    variants: &'static [&'static str],
    region: &'static str,
    lat_e6: i32,
    lon_e6: i32,
}

struct MechSpec {
    id: &'static str,
    name_fr: &'static str,
    name_en: &'static str,
    origin: &'static str,
    unit: &'static str,
    target: u32,
    tolerance: u32,
    members_per_party: u32,
    min_per_party: u32,
    max_per_party: u32,
    patrols_per_day: u32,
    parties: Vec<PartySpec>,
    zones: Vec<ZoneSpec>,
}

fn gao_spec(members_per_party: u32) -> MechSpec {
    use Language::*;
    MechSpec {
        id: GAO,
        name_fr: "MOC Gao",
        name_en: "Gao Operational Coordination Mechanism",
        origin: "moc.example/moc-gao",
        unit: "bataillon-gao",
        target: 200,
        tolerance: 10,
        members_per_party,
        min_per_party: 2,
        max_per_party: 4,
        patrols_per_day: 2,
        parties: vec![
            PartySpec {
                id: "fama",
                name_fr: "Forces armées maliennes",
                name_en: "Malian Armed Forces",
                kind: PartyKind::StateForce,
                prefix: "FAMA",
                first_number: 1,
                languages: &[
                    (French, 90),
                    (Bambara, 85),
                    (Songhai, 30),
                    (Fulfulde, 15),
                    (Tamasheq, 5),
                    (Arabic, 5),
                ],
            },
            PartySpec {
                id: "cma",
                name_fr: "Coordination des mouvements de l'Azawad",
                name_en: "Coordination of Azawad Movements",
                kind: PartyKind::SignatoryArmedCoalition,
                prefix: "CMA",
                first_number: 1,
                languages: &[
                    (Tamasheq, 85),
                    (Arabic, 60),
                    (French, 40),
                    (Songhai, 15),
                    (Hassaniya, 10),
                ],
            },
            PartySpec {
                id: "plateforme",
                name_fr: "Plateforme des mouvements du 14 juin 2014 d'Alger",
                name_en: "Platform coalition",
                kind: PartyKind::SignatoryArmedCoalition,
                prefix: "PLAT",
                first_number: 1,
                languages: &[
                    (Songhai, 60),
                    (Tamasheq, 45),
                    (Fulfulde, 40),
                    (French, 40),
                    (Arabic, 20),
                ],
            },
            PartySpec {
                id: "minusma",
                name_fr: "Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali",
                name_en: "United Nations Multidimensional Integrated Stabilization Mission in Mali",
                kind: PartyKind::ObserverMission,
                prefix: "UN",
                first_number: 1,
                languages: &[],
            },
        ],
        zones: vec![
            ZoneSpec {
                id: "gao",
                name_fr: "Gao",
                name_en: "Gao",
                variants: &[],
                region: "Gao",
                lat_e6: 16_271_700,
                lon_e6: -44_700,
            },
            ZoneSpec {
                id: "kidal",
                name_fr: "Kidal",
                name_en: "Kidal",
                variants: &[],
                region: "Kidal",
                lat_e6: 18_441_100,
                lon_e6: 1_407_800,
            },
            ZoneSpec {
                id: "tombouctou",
                name_fr: "Tombouctou",
                name_en: "Timbuktu",
                variants: &["Timbuktu", "Tombouctou", "Tumbutu"],
                region: "Tombouctou",
                lat_e6: 16_773_500,
                lon_e6: -3_007_400,
            },
            ZoneSpec {
                id: "menaka",
                name_fr: "Ménaka",
                name_en: "Menaka",
                variants: &["Menaka"],
                region: "Ménaka",
                lat_e6: 15_918_200,
                lon_e6: 2_402_200,
            },
        ],
    }
}

fn partner_spec(members_per_party: u32) -> MechSpec {
    use Language::*;
    MechSpec {
        id: MALI_MAURITANIA,
        name_fr: "Patrouilles conjointes Mali–Mauritanie",
        name_en: "Mali–Mauritania joint patrols",
        origin: "moc.example/mali-mauritanie",
        unit: "patrouilles-mixtes",
        target: 40,
        tolerance: 5,
        members_per_party,
        min_per_party: 3,
        max_per_party: 5,
        patrols_per_day: 1,
        parties: vec![
            PartySpec {
                id: "fama",
                name_fr: "Forces armées maliennes",
                name_en: "Malian Armed Forces",
                kind: PartyKind::StateForce,
                prefix: "FAMA",
                first_number: 5001,
                languages: &[
                    (French, 90),
                    (Bambara, 80),
                    (Songhai, 25),
                    (Fulfulde, 20),
                    (Arabic, 10),
                ],
            },
            PartySpec {
                id: "mauritanie",
                name_fr: "Armée nationale mauritanienne",
                name_en: "Mauritanian Army",
                kind: PartyKind::PartnerArmy,
                prefix: "MRT",
                first_number: 1,
                languages: &[(Hassaniya, 90), (Arabic, 80), (French, 50), (Fulfulde, 15)],
            },
        ],
        zones: vec![
            ZoneSpec {
                id: "lere",
                name_fr: "Léré",
                name_en: "Lere",
                variants: &["Lere"],
                region: "Tombouctou",
                lat_e6: 15_716_700,
                lon_e6: -4_916_700,
            },
            ZoneSpec {
                id: "nara",
                name_fr: "Nara",
                name_en: "Nara",
                variants: &[],
                region: "Koulikoro",
                lat_e6: 15_168_100,
                lon_e6: -7_286_300,
            },
            ZoneSpec {
                id: "bassikounou",
                name_fr: "Bassikounou",
                name_en: "Bassikounou",
                variants: &["Bassiknou"],
                region: "Hodh Ech Chargui",
                lat_e6: 15_865_600,
                lon_e6: -5_902_200,
            },
        ],
    }
}

/// Operational notes for reports: what was seen, never who.
const OBSERVATIONS: &[&str] = &[
    "Axe dégagé, circulation normale.",
    "Marché ouvert, population calme.",
    "Engin suspect signalé, zone balisée et contournée.",
    "Point d'eau visité ; pompe à réparer.",
    "Traces récentes de véhicules hors piste relevées.",
    "Rencontre avec les autorités villageoises ; aucune présence armée signalée.",
    "Poste de contrôle conjoint tenu deux heures.",
    "Vent de sable, visibilité réduite, itinéraire raccourci.",
];

/// splitmix64: tiny, fast and good enough for demo data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = usize::try_from(self.below(items.len() as u64)).ok()?;
        items.get(i)
    }
}

struct Runner {
    state: State,
    events: Vec<Recorded>,
    now: Timestamp,
    rng: SplitMix64,
}

impl Runner {
    /// Moves the clock to `t`, never backwards, so each log's entries are
    /// in time order.
    fn at(&mut self, t: Timestamp) {
        self.now = self.now.max(t);
    }

    fn run(&mut self, actor: &Actor, command: Command) -> Result<(), DomainError> {
        let events = decide(&self.state, &command, actor, self.now)?;
        for event in events {
            self.state.apply(&event);
            self.events.push(Recorded {
                actor: actor.clone(),
                at: self.now,
                event,
            });
        }
        self.now = self.now.plus(1);
        Ok(())
    }

    fn mechanism(
        &mut self,
        spec: &MechSpec,
        config: &DemoConfig,
        commitment: &mut dyn FnMut(&MechanismId, &ServiceNumber) -> IdentityCommitment,
    ) -> Result<(), DomainError> {
        let mech = MechanismId::new(spec.id)?;
        let first = spec.parties.first().map_or("fama", |p| p.id);
        let commander = Actor::new(
            UserId::new(format!("{}-commander", spec.id))?,
            PartyId::new(first)?,
            [Role::JointCommander],
        );
        let officer = |p: &str| -> Result<Actor, DomainError> {
            Ok(Actor::new(
                UserId::new(format!("{p}-officer"))?,
                PartyId::new(p)?,
                [Role::PartyOfficer],
            ))
        };
        let vetter = |p: &str| -> Result<Actor, DomainError> {
            Ok(Actor::new(
                UserId::new(format!("{p}-vetting"))?,
                PartyId::new(p)?,
                [Role::VettingOfficer],
            ))
        };
        let unit = UnitId::new(spec.unit)?;

        // Set-up.
        self.run(
            &commander,
            Command::CreateMechanism(MechanismCreated {
                mechanism: mech.clone(),
                name_fr: spec.name_fr.into(),
                name_en: spec.name_en.into(),
                log_origin: spec.origin.into(),
                patrol_min_per_party: spec.min_per_party,
            }),
        )?;
        for p in &spec.parties {
            // Draw even when a key is given, so the rest of the demo does
            // not depend on which keys were.
            let placeholder = format!("{}+{:08x}+demo-witness-key", p.id, self.rng.next() as u32);
            let key = config
                .witness_keys
                .get(p.id)
                .cloned()
                .unwrap_or(placeholder);
            self.run(
                &commander,
                Command::JoinParty(PartyJoined {
                    mechanism: mech.clone(),
                    party: Party {
                        id: PartyId::new(p.id)?,
                        name_fr: p.name_fr.into(),
                        name_en: p.name_en.into(),
                        kind: p.kind,
                        witness_key: key,
                    },
                }),
            )?;
        }
        let contributing: Vec<&PartySpec> = spec
            .parties
            .iter()
            .filter(|p| p.kind.contributes_members())
            .collect();
        for p in &contributing {
            self.run(
                &commander,
                Command::SetQuota(QuotaSet {
                    mechanism: mech.clone(),
                    unit: unit.clone(),
                    party: PartyId::new(p.id)?,
                    target: spec.target,
                    tolerance: spec.tolerance,
                }),
            )?;
        }
        for z in &spec.zones {
            self.run(
                &commander,
                Command::AddZone(ZoneAdded {
                    mechanism: mech.clone(),
                    zone: Zone {
                        id: ZoneId::new(z.id)?,
                        name_fr: z.name_fr.into(),
                        name_en: z.name_en.into(),
                        variants: z.variants.iter().map(|v| (*v).to_string()).collect(),
                        region: z.region.into(),
                        coord: Coord::new(z.lat_e6, z.lon_e6)?,
                    },
                }),
            )?;
        }

        // Registration, one party after the other.
        self.at(config.start.plus(-50 * DAY));
        let mut roster: Vec<(usize, ServiceNumber)> = Vec::new();
        for (pi, p) in contributing.iter().enumerate() {
            for i in 0..spec.members_per_party {
                let s = ServiceNumber::new(format!("{}-{:04}", p.prefix, p.first_number + i))?;
                let (rank, roles, languages) = self.profile(p);
                self.run(
                    &officer(p.id)?,
                    Command::RegisterMember(MemberRegistered {
                        mechanism: mech.clone(),
                        service_number: s.clone(),
                        party: PartyId::new(p.id)?,
                        unit: unit.clone(),
                        rank,
                        roles,
                        languages,
                        identity_commitment: commitment(&mech, &s),
                    }),
                )?;
                roster.push((pi, s));
            }
        }

        // Vetting: opened by the member's own party, approved by two
        // parties, at least one not the member's own. The observer mission
        // takes a share where there is one.
        self.at(config.start.plus(-40 * DAY));
        let observer = spec
            .parties
            .iter()
            .find(|p| !p.kind.contributes_members())
            .map(|p| p.id);
        for (k, (pi, s)) in roster.iter().enumerate() {
            let own = contributing[*pi].id;
            let next = contributing[(pi + 1) % contributing.len()].id;
            let after = contributing[(pi + 2) % contributing.len()].id;
            let r = MemberRef {
                mechanism: mech.clone(),
                service_number: s.clone(),
            };
            let pair = match (k % 3, observer) {
                (0, _) => (own, next),
                (1, _) if after != own => (next, after),
                (2, Some(obs)) => (obs, own),
                _ => (next, own),
            };
            self.run(&vetter(own)?, Command::OpenVetting(r.clone()))?;
            self.run(&vetter(pair.0)?, Command::ApproveVetting(r.clone()))?;
            self.run(&vetter(pair.1)?, Command::ApproveVetting(r))?;
        }

        // Leave for a few members, granted before any patrol is planned.
        self.at(config.start.plus(-DAY));
        let days = i64::from(config.days);
        for (pi, s) in &roster {
            if self.rng.chance(6) {
                let begin = config
                    .start
                    .plus(i64::try_from(self.rng.below(days.max(1) as u64)).unwrap_or(0) * DAY);
                let length = 5 + i64::try_from(self.rng.below(10)).unwrap_or(0);
                self.run(
                    &officer(contributing[*pi].id)?,
                    Command::GrantLeave(LeaveGranted {
                        mechanism: mech.clone(),
                        service_number: s.clone(),
                        period: Window::new(begin, begin.plus(length * DAY))?,
                    }),
                )?;
            }
        }

        // Patrols, day by day, every event in time order: the day's plans
        // at dawn, then starts (or aborts), then reports and endorsements.
        // The last two days are only planned.
        for day in 0..days {
            let morning = config.start.plus(day * DAY);
            let today = usize::try_from(day).unwrap_or(0);
            let mut planned = Vec::new();
            for n in 0..spec.patrols_per_day {
                let n = n as usize;
                self.at(morning.plus(5 * HOUR));
                let zone =
                    &spec.zones[(today * spec.patrols_per_day as usize + n) % spec.zones.len()];
                let lead = contributing[(today + n) % contributing.len()];
                let hours = 6 + i64::try_from(self.rng.below(5)).unwrap_or(0);
                let begin = morning.plus((7 + n as i64) * HOUR);
                let window = Window::new(begin, begin.plus(hours * HOUR))?;
                let id = PatrolId::new(format!("{}-j{:02}-{}", zone.id, day + 1, n + 1))?;
                let Some((members, leader)) =
                    self.crew(&mech, spec, &contributing, lead.id, &window)?
                else {
                    continue;
                };
                let route = self.route(zone)?;
                self.run(
                    &commander,
                    Command::PlanPatrol(PlanPatrol {
                        mechanism: mech.clone(),
                        patrol: id.clone(),
                        zone: ZoneId::new(zone.id)?,
                        route,
                        window,
                        members,
                        leader,
                    }),
                )?;
                planned.push((
                    PatrolRef {
                        mechanism: mech.clone(),
                        patrol: id,
                    },
                    window,
                ));
            }
            if day >= days - 2 {
                continue;
            }
            let mut under_way = Vec::new();
            for (r, window) in planned {
                if self.rng.chance(4) {
                    self.at(window.start.plus(-HOUR));
                    let reason = if self.rng.chance(50) {
                        AbortReason::Security
                    } else {
                        AbortReason::Vehicle
                    };
                    self.run(&commander, Command::AbortPatrol { patrol: r, reason })?;
                } else {
                    self.at(window.start);
                    self.run(&commander, Command::StartPatrol(r.clone()))?;
                    under_way.push((r, window));
                }
            }
            under_way.sort_by_key(|(_, w)| w.end);
            for (r, window) in under_way {
                self.at(window.end);
                let report = self.report(&window);
                self.run(
                    &commander,
                    Command::ReportPatrol {
                        patrol: r.clone(),
                        report,
                    },
                )?;
                let parties = self
                    .state
                    .mechanism(&mech)
                    .and_then(|m| m.patrols.get(&r.patrol))
                    .map(|p| p.parties.clone())
                    .unwrap_or_default();
                for party in parties {
                    // The most recent patrols still wait for some endorsements.
                    if day >= days - 4 && self.rng.chance(30) {
                        continue;
                    }
                    self.at(self.now.plus(HOUR));
                    self.run(
                        &officer(party.as_str())?,
                        Command::EndorsePatrol {
                            patrol: r.clone(),
                            party,
                        },
                    )?;
                }
            }
        }
        Ok(())
    }

    /// A plausible rank, functions and languages for a member of `p`.
    fn profile(&mut self, p: &PartySpec) -> (Rank, BTreeSet<MemberRole>, BTreeSet<Language>) {
        let mut languages: BTreeSet<Language> = p
            .languages
            .iter()
            .filter(|(_, pct)| self.rng.chance(*pct))
            .map(|(l, _)| *l)
            .collect();
        if languages.is_empty()
            && let Some((l, _)) = p.languages.first()
        {
            languages.insert(*l);
        }
        let mut roles = BTreeSet::from([MemberRole::Rifleman]);
        let leader = self.rng.chance(12);
        for (role, pct) in [
            (MemberRole::Driver, 15),
            (MemberRole::Medic, 8),
            (MemberRole::RadioOperator, 8),
            (MemberRole::Mechanic, 3),
            (MemberRole::Deminer, 3),
        ] {
            if self.rng.chance(pct) {
                roles.insert(role);
            }
        }
        if languages.len() >= 3 && self.rng.chance(40) {
            roles.insert(MemberRole::Interpreter);
        }
        let rank = if leader {
            roles.insert(MemberRole::PatrolLeader);
            *self
                .rng
                .pick(&[
                    Rank::Sergeant,
                    Rank::StaffSergeant,
                    Rank::WarrantOfficer,
                    Rank::SecondLieutenant,
                    Rank::Lieutenant,
                    Rank::Captain,
                ])
                .unwrap_or(&Rank::Sergeant)
        } else {
            *self
                .rng
                .pick(&[
                    Rank::Private,
                    Rank::Private,
                    Rank::Private,
                    Rank::Private,
                    Rank::Corporal,
                    Rank::Corporal,
                    Rank::Sergeant,
                    Rank::StaffSergeant,
                ])
                .unwrap_or(&Rank::Private)
        };
        (rank, roles, languages)
    }

    /// Picks available approved members: a leader from `lead`, then between
    /// the minimum and maximum of every contributing party. `None` when the
    /// pool is too thin that day.
    fn crew(
        &mut self,
        mech: &MechanismId,
        spec: &MechSpec,
        contributing: &[&PartySpec],
        lead: &str,
        window: &Window,
    ) -> Result<Option<(Vec<ServiceNumber>, ServiceNumber)>, DomainError> {
        let Some(m) = self.state.mechanism(mech) else {
            return Err(DomainError::UnknownMechanism(mech.clone()));
        };
        let available = |s: &ServiceNumber| {
            m.members.get(s).is_some_and(|x| {
                x.status == VettingStatus::Approved
                    && x.on_leave_during(window).is_none()
                    && m.patrols_of(s, window).next().is_none()
            })
        };
        let mut chosen: Vec<ServiceNumber> = Vec::new();
        let mut leader = None;
        for p in contributing {
            let party = PartyId::new(p.id)?;
            let pool: Vec<&ServiceNumber> = m
                .members
                .values()
                .filter(|x| x.party == party)
                .map(|x| &x.service_number)
                .collect();
            let want = spec.min_per_party
                + u32::try_from(
                    self.rng
                        .below(u64::from(spec.max_per_party - spec.min_per_party + 1)),
                )
                .unwrap_or(0);
            let mut got = 0;
            if p.id == lead {
                for _ in 0..200 {
                    let Some(s) = self.rng.pick(&pool) else { break };
                    if available(s) && m.members[*s].roles.contains(&MemberRole::PatrolLeader) {
                        leader = Some((*s).clone());
                        chosen.push((*s).clone());
                        got += 1;
                        break;
                    }
                }
            }
            for _ in 0..200 {
                if got >= want {
                    break;
                }
                let Some(s) = self.rng.pick(&pool) else { break };
                if available(s) && !chosen.contains(s) {
                    chosen.push((*s).clone());
                    got += 1;
                }
            }
            if got < spec.min_per_party {
                return Ok(None);
            }
        }
        let Some(leader) = leader else {
            return Ok(None);
        };
        // The leader first: lists read better that way.
        chosen.retain(|s| s != &leader);
        chosen.insert(0, leader.clone());
        Ok(Some((chosen, leader)))
    }

    /// A loop of three waypoints around the zone's centre.
    fn route(&mut self, zone: &ZoneSpec) -> Result<Vec<Coord>, DomainError> {
        let mut route = vec![Coord::new(zone.lat_e6, zone.lon_e6)?];
        for _ in 0..3 {
            let dlat = i32::try_from(self.rng.below(600_000)).unwrap_or(0) - 300_000;
            let dlon = i32::try_from(self.rng.below(600_000)).unwrap_or(0) - 300_000;
            route.push(Coord::new(zone.lat_e6 + dlat, zone.lon_e6 + dlon)?);
        }
        route.push(Coord::new(zone.lat_e6, zone.lon_e6)?);
        Ok(route)
    }

    fn report(&mut self, window: &Window) -> PatrolReport {
        let requested = self.rng.chance(15);
        let mut outreach = Vec::new();
        for (item, pct, max) in [
            (OutreachItem::Tea, 60, 10),
            (OutreachItem::Sugar, 60, 25),
            (OutreachItem::Medicine, 35, 6),
            (OutreachItem::Water, 20, 200),
        ] {
            if self.rng.chance(pct) {
                outreach.push(Outreach {
                    item,
                    quantity: 1 + u32::try_from(self.rng.below(max)).unwrap_or(0),
                });
            }
        }
        PatrolReport {
            departed: window
                .start
                .plus(i64::try_from(self.rng.below(1800)).unwrap_or(0)),
            returned: window.end,
            distance_m: 40_000 + u32::try_from(self.rng.below(140_000)).unwrap_or(0),
            observations: (*self.rng.pick(OBSERVATIONS).unwrap_or(&"RAS.")).to_string(),
            air_support: AirSupport {
                requested,
                received: requested && self.rng.chance(60),
            },
            outreach,
        }
    }
}

/// An incident record with the demo's defaults (Mali, exact date).
#[allow(clippy::too_many_arguments)] // One place per field the demo varies.
fn demo_record(
    id: &str,
    date: &str,
    sub: SubEventType,
    actors: (GroupActor, Option<GroupActor>),
    place: (&str, &str, i32, i32),
    notes: &str,
    sources: Vec<Source>,
) -> IncidentRecord {
    let (admin1, location, latitude_e6, longitude_e6) = place;
    let killed = reconcile(&sources, Toll::Killed).map_or(0, |c| c.acled);
    IncidentRecord {
        event_id_cnty: id.into(),
        event_date: date.into(),
        time_precision: Precision::EXACT,
        disorder_type: sub.default_disorder_type(),
        event_type: sub.event_type(),
        sub_event_type: sub,
        actor1: actors.0,
        actor2: actors.1,
        civilian_targeting: false,
        iso: 466,
        country: "Mali".into(),
        region: "Western Africa".into(),
        admin1: Some(admin1.into()),
        admin2: None,
        admin3: None,
        location: location.into(),
        latitude_e6,
        longitude_e6,
        geo_precision: Precision::EXACT,
        sources,
        notes: notes.into(),
        tags: vec!["ceasefire violation".into()],
        fatalities: killed,
    }
}

fn group(name: &str, kind: ActorType) -> GroupActor {
    GroupActor {
        name: name.into(),
        associated: Vec::new(),
        kind,
    }
}

/// A source with its outlet, kind, date, language and deaths.
fn src(outlet: &str, kind: SourceKind, date: &str, lang: &str, killed: Option<Figure>) -> Source {
    Source {
        date: Some(date.into()),
        language: Some(lang.into()),
        killed,
        ..Source::new(outlet, kind)
    }
}

/// The incidents the seed articles report: the Gao bombing with every
/// source's toll (and a second report of it, merged in), claimed by
/// Al-Mourabitoun and jointly verified; GATIA's accusation against the CMA
/// at Tin-Essako, denied, its verification disputed; and two more.
fn gao_incidents(run: &mut Runner) -> Result<(), DomainError> {
    use Figure::{About, AtLeast, Exact};
    use SourceKind::{Media, Observer, Official, Perpetrator};
    let mech = MechanismId::new(GAO)?;
    let user = |u: &str, p: &str, r: Role| -> Result<Actor, DomainError> {
        Ok(Actor::new(UserId::new(u)?, PartyId::new(p)?, [r]))
    };
    let observer = user("minusma-observer", "minusma", Role::Observer)?;
    let commander = user("moc-gao-commander", "fama", Role::JointCommander)?;
    let officers = [
        user("fama-officer", "fama", Role::PartyOfficer)?,
        user("cma-officer", "cma", Role::PartyOfficer)?,
        user("plateforme-officer", "plateforme", Role::PartyOfficer)?,
    ];
    let [fama, cma, plateforme] = &officers;
    let moc = GroupActor {
        name: "MOC: Operational Coordination Mechanism".into(),
        associated: vec!["CMA".into(), "Platform".into(), "FAMa".into()],
        kind: ActorType::StateForces,
    };
    let gao = ("Gao", "Gao", 16_271_700, -10_200);
    let r = |i: &str| -> Result<IncidentRef, DomainError> {
        Ok(IncidentRef {
            mechanism: mech.clone(),
            incident: IncidentId::new(i)?,
        })
    };
    let report = |run: &mut Runner,
                  who: &Actor,
                  zone: Option<&str>,
                  record: IncidentRecord|
     -> Result<(), DomainError> {
        run.run(
            who,
            Command::ReportIncident(ReportIncident {
                mechanism: mech.clone(),
                incident: IncidentId::new(record.event_id_cnty.clone())?,
                zone: zone.map(ZoneId::new).transpose()?,
                record,
            }),
        )
    };

    // The bombing, as the observer files it from every outlet.
    let bombing = "A suicide vehicle bomb hit the MOC camp in Gao during the morning \
                   assembly of the mixed units.";
    report(
        run,
        &observer,
        Some("gao"),
        demo_record(
            "gao-2017-01-18",
            "2017-01-18",
            SubEventType::SuicideBomb,
            (
                group("Al Mourabitoun", ActorType::RebelGroup),
                Some(moc.clone()),
            ),
            gao,
            bombing,
            vec![
                src("ORTM", Official, "2017-01-18", "fr", Some(Exact(47))),
                src("UN", Observer, "2017-01-19", "en", Some(Exact(54))),
                src("ACLED", Observer, "2017-01-24", "en", Some(Exact(55))),
                src("RFI", Media, "2017-01-19", "fr", Some(Exact(60))),
                src("MINUSMA", Observer, "2017-01-20", "fr", Some(Exact(61))),
                src("The Guardian", Media, "2017-01-19", "en", Some(Exact(76))),
                src(
                    "French army via AP",
                    Official,
                    "2017-01-19",
                    "en",
                    Some(Exact(77)),
                ),
                src(
                    "Al-Mourabitoun claim",
                    Perpetrator,
                    "2017-01-18",
                    "ar",
                    Some(Exact(80)),
                ),
            ],
        ),
    )?;
    // The CMA files the same attack from the ISS article ("nearly 80");
    // the commander sees two reports of one event and merges them.
    report(
        run,
        cma,
        Some("gao"),
        demo_record(
            "gao-2017-01-18-iss",
            "2017-01-18",
            SubEventType::SuicideBomb,
            (group("Al Mourabitoun", ActorType::RebelGroup), Some(moc)),
            gao,
            "Attack on the MOC camp in Gao; nearly 80 dead according to ISS.",
            vec![src("ISS Today", Media, "2017-02-01", "en", Some(About(80)))],
        ),
    )?;
    run.run(
        &commander,
        Command::MergeIncidents {
            mechanism: mech.clone(),
            into: IncidentId::new("gao-2017-01-18")?,
            from: IncidentId::new("gao-2017-01-18-iss")?,
            reason: "Même attentat : même date, même camp.".into(),
        },
    )?;
    run.run(
        fama,
        Command::RecordClaim {
            incident: r("gao-2017-01-18")?,
            claim: Claim {
                kind: ClaimKind::Responsibility,
                speaker: Speaker::Group("Al-Mourabitoun".into()),
                against: None,
                statement: "Claimed the attack and warned of more to come to punish \
                            \"all who were lured by France\"."
                    .into(),
                source: src(
                    "Voice of America",
                    Media,
                    "2017-02-23",
                    "en",
                    Some(AtLeast(54)),
                ),
            },
        },
    )?;
    let team = |parties: &[&Actor]| -> Vec<Investigator> {
        parties
            .iter()
            .map(|a| Investigator {
                party: a.party.clone(),
                user: Some(a.user.clone()),
            })
            .collect()
    };
    run.run(
        &observer,
        Command::OpenInvestigation {
            incident: r("gao-2017-01-18")?,
            team: team(&[fama, cma, plateforme, &observer]),
        },
    )?;
    for who in [fama, cma, plateforme, &observer] {
        run.run(
            who,
            Command::FileFinding {
                incident: r("gao-2017-01-18")?,
                finding: Finding::Verified,
                text: "Visite du camp, registres d'appel et liste des victimes de l'hôpital \
                       de Gao concordants."
                    .into(),
            },
        )?;
    }

    // Tin-Essako: GATIA (Platform) accuses the CMA, which denies.
    report(
        run,
        plateforme,
        Some("kidal"),
        demo_record(
            "tin-essako-2017-01-22",
            "2017-01-22",
            SubEventType::ArmedClash,
            (
                group(
                    "CMA: Coordination of Azawad Movements",
                    ActorType::RebelGroup,
                ),
                Some(group(
                    "GATIA: Imghad Tuareg and Allies Self-Defense Group",
                    ActorType::PoliticalMilitia,
                )),
            ),
            ("Kidal", "Tin-Essako", 18_452_000, 2_480_000),
            "GATIA reports an attack on its positions near Tin-Essako.",
            vec![src("ISS Today", Media, "2017-02-01", "en", None)],
        ),
    )?;
    let iss = src("ISS Today", Media, "2017-02-01", "en", None);
    run.run(
        plateforme,
        Command::RecordClaim {
            incident: r("tin-essako-2017-01-22")?,
            claim: Claim {
                kind: ClaimKind::Accusation,
                speaker: Speaker::Group("GATIA".into()),
                against: Some(Speaker::Party(PartyId::new("cma")?)),
                statement: "The CMA attacked our positions near Tin-Essako.".into(),
                source: iss.clone(),
            },
        },
    )?;
    run.run(
        cma,
        Command::RecordClaim {
            incident: r("tin-essako-2017-01-22")?,
            claim: Claim {
                kind: ClaimKind::Denial,
                speaker: Speaker::Party(PartyId::new("cma")?),
                against: None,
                statement: "The CMA formally denies the accusation.".into(),
                source: iss,
            },
        },
    )?;
    run.run(
        &commander,
        Command::OpenInvestigation {
            incident: r("tin-essako-2017-01-22")?,
            team: team(&[cma, plateforme, &observer]),
        },
    )?;
    let findings = [
        (
            cma,
            Finding::NotVerified,
            "Aucune unité de la CMA dans la zone ce jour-là.",
        ),
        (
            plateforme,
            Finding::Verified,
            "Douilles et traces de véhicules relevées sur nos positions.",
        ),
        (
            &observer,
            Finding::NotVerified,
            "Accès refusé au site ; impossible de confirmer.",
        ),
    ];
    for (who, finding, text) in findings {
        run.run(
            who,
            Command::FileFinding {
                incident: r("tin-essako-2017-01-22")?,
                finding,
                text: text.into(),
            },
        )?;
    }

    report(
        run,
        &observer,
        Some("kidal"),
        demo_record(
            "kidal-2014-05-21",
            "2014-05-21",
            SubEventType::ArmedClash,
            (
                group(
                    "Military Forces of Mali (2002-2012)",
                    ActorType::StateForces,
                ),
                Some(group(
                    "MNLA: National Movement for the Liberation of Azawad",
                    ActorType::RebelGroup,
                )),
            ),
            ("Kidal", "Kidal", 18_441_100, 1_407_800),
            "Fighting in Kidal between the army and a coalition of armed groups.",
            vec![src(
                "War Is Boring",
                Media,
                "2014-05-22",
                "en",
                Some(Exact(20)),
            )],
        ),
    )?;
    report(
        run,
        &observer,
        Some("tombouctou"),
        demo_record(
            "tombouctou-2017-03-06",
            "2017-03-06",
            SubEventType::NonStateActorOvertakesTerritory,
            (
                group(
                    "Unidentified Armed Group (Mali)",
                    ActorType::PoliticalMilitia,
                ),
                None,
            ),
            ("Tombouctou", "Tombouctou", 16_773_500, -3_007_400),
            "Armed men take over the checkpoints around Timbuktu; shops closed.",
            vec![src(
                "World Politics Review",
                Media,
                "2017-03-07",
                "en",
                None,
            )],
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn demo() -> Demo {
        generate(&DemoConfig::default(), &mut placeholder_commitment).unwrap()
    }

    #[test]
    fn gao_has_600_approved_members_200_per_party() {
        let d = demo();
        let gao = d.state.mechanism(&MechanismId::new(GAO).unwrap()).unwrap();
        let mut per_party: BTreeMap<&str, usize> = BTreeMap::new();
        for m in gao.members.values() {
            assert_eq!(m.status, VettingStatus::Approved);
            *per_party.entry(m.party.as_str()).or_default() += 1;
        }
        assert_eq!(
            per_party,
            BTreeMap::from([("cma", 200), ("fama", 200), ("plateforme", 200)])
        );
        assert!(gao.quota_status().iter().all(|q| q.deviation == 0));
        assert_eq!(gao.zones.len(), 4);
        assert_eq!(gao.incidents.len(), 5);
        let view = |id: &str| crate::incident::view(gao, &IncidentId::new(id).unwrap()).unwrap();
        let bombing = view("gao-2017-01-18");
        assert_eq!(bombing.status, crate::VerificationStatus::Verified);
        assert_eq!(bombing.record.sources.len(), 9);
        let k = bombing.killed.unwrap();
        assert_eq!((k.low, k.high, k.acled), (47, 80, 47));
        assert_eq!(bombing.merged.len(), 1);
        let tin_essako = view("tin-essako-2017-01-22");
        assert_eq!(tin_essako.status, crate::VerificationStatus::Disputed);
        assert_eq!(tin_essako.claims.len(), 2);
        // Languages follow the parties.
        let share = |party: &str, l: Language| {
            let of: Vec<_> = gao
                .members
                .values()
                .filter(|m| m.party.as_str() == party)
                .collect();
            of.iter().filter(|m| m.languages.contains(&l)).count() * 100 / of.len()
        };
        assert!(share("cma", Language::Tamasheq) > 70);
        assert!(share("fama", Language::Bambara) > 70);
        assert!(share("plateforme", Language::Songhai) > 45);
    }

    #[test]
    fn patrols_are_planned_completed_and_endorsed() {
        let d = demo();
        let gao = d.state.mechanism(&MechanismId::new(GAO).unwrap()).unwrap();
        let count = |f: &dyn Fn(&crate::model::Patrol) -> bool| {
            gao.patrols.values().filter(|p| f(p)).count()
        };
        assert!(gao.patrols.len() >= 50, "{}", gao.patrols.len());
        assert!(
            count(&|p| p.status == crate::model::PatrolStatus::Completed && p.fully_endorsed())
                >= 40
        );
        assert!(count(&|p| p.status == crate::model::PatrolStatus::Planned) >= 2);
        for p in gao.patrols.values() {
            assert_eq!(p.parties.len(), 3);
        }
        let partner = d
            .state
            .mechanism(&MechanismId::new(MALI_MAURITANIA).unwrap())
            .unwrap();
        assert_eq!(partner.members.len(), 80);
        assert!(partner.patrols.len() >= 20);
    }

    #[test]
    fn deterministic_replayable_and_nameless() {
        let a = demo();
        let b = demo();
        assert_eq!(a.events, b.events);
        let events: Vec<DomainEvent> = a.events.iter().map(|r| r.event.clone()).collect();
        assert_eq!(State::replay(&events), a.state);
        for mech in [GAO, MALI_MAURITANIA] {
            let times: Vec<Timestamp> = a
                .events
                .iter()
                .filter(|r| r.event.mechanism().as_str() == mech)
                .map(|r| r.at)
                .collect();
            assert!(
                times.windows(2).all(|w| w[0] <= w[1]),
                "{mech} out of time order"
            );
        }
        let other = generate(
            &DemoConfig {
                seed: 7,
                ..DemoConfig::default()
            },
            &mut placeholder_commitment,
        )
        .unwrap();
        assert_ne!(other.events, a.events);
        // Every payload reads back; member payloads hold only the listed fields.
        for r in &a.events {
            let p = r.event.to_payload();
            assert_eq!(
                DomainEvent::from_kind_payload(r.event.kind(), &p).as_ref(),
                Ok(&r.event)
            );
            if r.event.kind() == "member-registered" {
                let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
                assert_eq!(keys.len(), 8, "{keys:?}");
            }
        }
    }

    #[test]
    fn over_quota_config_is_refused() {
        let err = generate(
            &DemoConfig {
                members_per_party: 211,
                ..DemoConfig::default()
            },
            &mut placeholder_commitment,
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                DomainError::QuotaExceeded {
                    target: 200,
                    tolerance: 10,
                    current: 210,
                    ..
                }
            ),
            "{err}"
        );
    }
}
