//! Tests of every rule, the event round trip and the replay property.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::json;

use crate::*;

const DAY: i64 = 86_400;
const T0: i64 = 1_488_326_400; // 2017-03-01T00:00:00Z

fn mech() -> MechanismId {
    MechanismId::new("moc-test").unwrap()
}
fn pid(s: &str) -> PartyId {
    PartyId::new(s).unwrap()
}
fn sn(s: &str) -> ServiceNumber {
    ServiceNumber::new(s).unwrap()
}
fn commander() -> Actor {
    Actor::new(
        UserId::new("cmd").unwrap(),
        pid("fama"),
        [Role::JointCommander],
    )
}
fn officer(p: &str) -> Actor {
    Actor::new(
        UserId::new(format!("{p}-officer")).unwrap(),
        pid(p),
        [Role::PartyOfficer],
    )
}
fn vetter(p: &str, n: u8) -> Actor {
    Actor::new(
        UserId::new(format!("{p}-vetting-{n}")).unwrap(),
        pid(p),
        [Role::VettingOfficer],
    )
}
fn window(day: i64, hours: i64) -> Window {
    Window::new(
        Timestamp(T0 + day * DAY),
        Timestamp(T0 + day * DAY + hours * 3600),
    )
    .unwrap()
}
fn mref(s: &str) -> MemberRef {
    MemberRef {
        mechanism: mech(),
        service_number: sn(s),
    }
}
fn pref(s: &str) -> PatrolRef {
    PatrolRef {
        mechanism: mech(),
        patrol: PatrolId::new(s).unwrap(),
    }
}

mod incidents;

/// An incident record at Gao on 2017-01-18 with these sources.
fn incident_record(id: &str, sources: Vec<moc_incidents::Source>) -> moc_incidents::IncidentRecord {
    use moc_incidents::*;
    IncidentRecord {
        event_id_cnty: id.into(),
        event_date: "2017-01-18".into(),
        time_precision: Precision::EXACT,
        disorder_type: DisorderType::PoliticalViolence,
        event_type: EventType::ExplosionsRemoteViolence,
        sub_event_type: SubEventType::SuicideBomb,
        actor1: moc_incidents::Actor {
            name: "Al Mourabitoun".into(),
            associated: vec![],
            kind: ActorType::RebelGroup,
        },
        actor2: None,
        civilian_targeting: false,
        iso: 466,
        country: "Mali".into(),
        region: "Western Africa".into(),
        admin1: Some("Gao".into()),
        admin2: None,
        admin3: None,
        location: "Gao".into(),
        latitude_e6: 16_271_700,
        longitude_e6: -10_200,
        geo_precision: Precision::EXACT,
        sources,
        notes: "Suicide vehicle bomb at the MOC camp.".into(),
        tags: vec!["ceasefire violation".into()],
        fatalities: 0,
    }
}

/// A state under construction, recording every event it folded.
struct World {
    state: State,
    events: Vec<DomainEvent>,
    now: i64,
}

impl World {
    /// A small mechanism: FAMa, CMA and Platform contribute (quota 3 ± 1 in
    /// unit `u`, at least one of each on a patrol), MINUSMA observes.
    fn new() -> World {
        World::with_min(1)
    }

    /// The same with `k` members of each party needed on a patrol.
    fn with_min(k: u32) -> World {
        let mut w = World {
            state: State::default(),
            events: Vec::new(),
            now: T0 - 30 * DAY,
        };
        let c = commander();
        w.ok(
            &c,
            Command::CreateMechanism(MechanismCreated {
                mechanism: mech(),
                name_fr: "MOC test".into(),
                name_en: "Test OCM".into(),
                log_origin: "moc.example/test".into(),
                patrol_min_per_party: k,
            }),
        );
        for (id, kind) in [
            ("fama", PartyKind::StateForce),
            ("cma", PartyKind::SignatoryArmedCoalition),
            ("plateforme", PartyKind::SignatoryArmedCoalition),
            ("minusma", PartyKind::ObserverMission),
        ] {
            w.ok(
                &c,
                Command::JoinParty(PartyJoined {
                    mechanism: mech(),
                    party: Party {
                        id: pid(id),
                        name_fr: id.to_uppercase(),
                        name_en: id.to_uppercase(),
                        kind,
                        witness_key: format!("{id}+00000000+AAAA"),
                    },
                }),
            );
            if kind.contributes_members() {
                w.ok(
                    &c,
                    Command::SetQuota(QuotaSet {
                        mechanism: mech(),
                        unit: UnitId::new("u").unwrap(),
                        party: pid(id),
                        target: 3,
                        tolerance: 1,
                    }),
                );
            }
        }
        for (id, lat) in [("gao", 16_266_700), ("kidal", 18_441_100)] {
            w.ok(
                &c,
                Command::AddZone(ZoneAdded {
                    mechanism: mech(),
                    zone: Zone {
                        id: ZoneId::new(id).unwrap(),
                        name_fr: id.into(),
                        name_en: id.into(),
                        variants: vec![],
                        region: "Gao".into(),
                        coord: Coord::new(lat, 0).unwrap(),
                    },
                }),
            );
        }
        w
    }

    fn run(&mut self, actor: &Actor, command: Command) -> Result<(), DomainError> {
        let events = decide(&self.state, &command, actor, Timestamp(self.now))?;
        for e in &events {
            self.state.apply(e);
        }
        self.events.extend(events);
        self.now += 60;
        Ok(())
    }

    fn ok(&mut self, actor: &Actor, command: Command) {
        if let Err(e) = self.run(actor, command.clone()) {
            panic!("{command:?} refused: {e}");
        }
    }

    fn m(&self) -> &Mechanism {
        &self.state.mechanisms[&mech()]
    }

    fn member(&self, s: &str) -> &Member {
        &self.m().members[&sn(s)]
    }

    /// Registers `party`'s member number `n` (`FAMA-0001`).
    fn register(&mut self, party: &str, n: u32, leader: bool) -> Result<String, DomainError> {
        let s = format!("{}-{n:04}", party.to_uppercase());
        let mut roles = BTreeSet::from([MemberRole::Rifleman]);
        if leader {
            roles.insert(MemberRole::PatrolLeader);
        }
        self.run(
            &officer(party),
            Command::RegisterMember(registration(party, &s, roles)),
        )?;
        Ok(s)
    }

    /// Registers and approves (own party and the next one).
    fn approved(&mut self, party: &str, n: u32, leader: bool) -> String {
        let s = self.register(party, n, leader).unwrap();
        let other = if party == "fama" { "cma" } else { "fama" };
        self.ok(&vetter(party, 1), Command::OpenVetting(mref(&s)));
        self.ok(&vetter(party, 1), Command::ApproveVetting(mref(&s)));
        self.ok(&vetter(other, 1), Command::ApproveVetting(mref(&s)));
        s
    }

    fn plan(&mut self, id: &str, members: &[&str], day: i64) -> Result<(), DomainError> {
        self.run(
            &commander(),
            Command::PlanPatrol(PlanPatrol {
                mechanism: mech(),
                patrol: PatrolId::new(id).unwrap(),
                zone: ZoneId::new("gao").unwrap(),
                route: vec![
                    Coord::new(16_266_700, 0).unwrap(),
                    Coord::new(16_300_000, 100_000).unwrap(),
                ],
                window: window(day, 8),
                members: members.iter().map(|s| sn(s)).collect(),
                leader: sn(members[0]),
            }),
        )
    }
}

fn registration(party: &str, s: &str, roles: BTreeSet<MemberRole>) -> MemberRegistered {
    MemberRegistered {
        mechanism: mech(),
        service_number: sn(s),
        party: pid(party),
        unit: UnitId::new("u").unwrap(),
        rank: Rank::Corporal,
        roles,
        languages: BTreeSet::from([Language::French]),
        identity_commitment: IdentityCommitment::new(format!("test:{s}")).unwrap(),
    }
}

fn report() -> PatrolReport {
    PatrolReport {
        departed: Timestamp(T0 + 3600),
        returned: Timestamp(T0 + 7 * 3600),
        distance_m: 84_500,
        observations: "Route clear; market at Djebock open.".into(),
        air_support: AirSupport {
            requested: true,
            received: false,
        },
        outreach: vec![
            Outreach {
                item: OutreachItem::Tea,
                quantity: 5,
            },
            Outreach {
                item: OutreachItem::Medicine,
                quantity: 2,
            },
        ],
    }
}

/// A world with one approved leader per contributing party.
fn crew() -> (World, [String; 3]) {
    let mut w = World::new();
    let a = w.approved("fama", 1, true);
    let b = w.approved("cma", 1, true);
    let c = w.approved("plateforme", 1, true);
    (w, [a, b, c])
}

#[test]
fn quota_breach_is_refused_with_the_numbers() {
    let mut w = World::new();
    for n in 1..=4 {
        w.register("fama", n, false).unwrap();
    }
    assert_eq!(
        w.register("fama", 5, false),
        Err(DomainError::QuotaExceeded {
            party: pid("fama"),
            unit: UnitId::new("u").unwrap(),
            target: 3,
            tolerance: 1,
            current: 4,
        })
    );
    let status = w.m().quota_status();
    let fama = status.iter().find(|l| l.party == pid("fama")).unwrap();
    assert_eq!(
        (fama.current, fama.deviation, fama.within_tolerance),
        (4, 1, true)
    );
    let cma = status.iter().find(|l| l.party == pid("cma")).unwrap();
    assert_eq!(
        (cma.current, cma.deviation, cma.within_tolerance),
        (0, -3, false)
    );
    // A rejected member frees its place.
    w.ok(&vetter("cma", 1), Command::OpenVetting(mref("FAMA-0001")));
    w.ok(
        &vetter("cma", 1),
        Command::RejectVetting {
            member: mref("FAMA-0001"),
            reason: VettingReason::ExtremistLinks,
        },
    );
    w.register("fama", 5, false).unwrap();
}

#[test]
fn duplicate_service_number_and_wrong_party() {
    let mut w = World::new();
    w.register("cma", 1, false).unwrap();
    assert_eq!(
        w.register("cma", 1, false),
        Err(DomainError::DuplicateServiceNumber {
            member: sn("CMA-0001")
        })
    );
    let r = w.run(
        &officer("cma"),
        Command::RegisterMember(registration("fama", "FAMA-0009", BTreeSet::new())),
    );
    assert_eq!(
        r,
        Err(DomainError::WrongParty {
            actor_party: pid("cma"),
            target_party: pid("fama")
        })
    );
    let r = w.run(
        &officer("ganda"),
        Command::RegisterMember(registration("ganda", "GANDA-0001", BTreeSet::new())),
    );
    assert_eq!(
        r,
        Err(DomainError::UnknownParty {
            party: pid("ganda")
        })
    );
    let r = w.run(
        &officer("cma"),
        Command::UpdateMember(MemberUpdated {
            mechanism: mech(),
            service_number: sn("CMA-0001"),
            rank: Rank::Sergeant,
            roles: BTreeSet::from([MemberRole::Driver]),
            languages: BTreeSet::from([Language::Tamasheq, Language::Arabic]),
            identity_commitment: None,
        }),
    );
    assert_eq!(r, Ok(()));
    assert_eq!(w.member("CMA-0001").rank, Rank::Sergeant);
}

/// Runs approvals by the given vetting officers (party, officer number) on a
/// FAMa member and returns the outcome of each and the final status.
fn vet(approvers: &[(&str, u8)]) -> (Vec<Result<(), DomainError>>, VettingStatus, usize) {
    let mut w = World::new();
    let s = w.register("fama", 1, false).unwrap();
    w.ok(&vetter("minusma", 1), Command::OpenVetting(mref(&s)));
    let results = approvers
        .iter()
        .map(|(p, n)| w.run(&vetter(p, *n), Command::ApproveVetting(mref(&s))))
        .collect();
    let m = w.member(&s);
    (results, m.status, m.approvals.len())
}

/// Approvers, the outcome of each approval, the final status, approvals kept.
type VetCase<'a> = (
    &'a [(&'a str, u8)],
    Vec<Result<(), DomainError>>,
    VettingStatus,
    usize,
);
/// Patrol id, members (leader first), day, expected outcome.
type PlanCase<'a> = (&'a str, Vec<&'a str>, i64, Result<(), DomainError>);

#[test]
fn vetting_needs_two_parties_one_not_the_members_own() {
    let twice = Err(DomainError::VettingNeedsTwoParties {
        member: sn("FAMA-0001"),
        party: pid("fama"),
    });
    let cases: Vec<VetCase> = vec![
        (&[("fama", 1)], vec![Ok(())], VettingStatus::UnderReview, 1),
        (&[("cma", 1)], vec![Ok(())], VettingStatus::UnderReview, 1),
        (
            &[("fama", 1), ("fama", 2)],
            vec![Ok(()), twice],
            VettingStatus::UnderReview,
            1,
        ),
        (
            &[("fama", 1), ("cma", 1)],
            vec![Ok(()), Ok(())],
            VettingStatus::Approved,
            2,
        ),
        (
            &[("cma", 1), ("plateforme", 1)],
            vec![Ok(()), Ok(())],
            VettingStatus::Approved,
            2,
        ),
        (
            &[("minusma", 1), ("fama", 1)],
            vec![Ok(()), Ok(())],
            VettingStatus::Approved,
            2,
        ),
        (
            &[("fama", 1), ("cma", 1), ("plateforme", 1)],
            vec![
                Ok(()),
                Ok(()),
                Err(DomainError::InvalidTransition {
                    from: "approved",
                    to: "approved",
                }),
            ],
            VettingStatus::Approved,
            2,
        ),
    ];
    for (approvers, results, status, approvals) in cases {
        assert_eq!(
            vet(approvers),
            (results, status, approvals),
            "{approvers:?}"
        );
    }
}

#[test]
fn vetting_roles_transitions_and_rejection() {
    let mut w = World::new();
    let s = w.register("cma", 1, false).unwrap();
    // Not yet opened.
    assert_eq!(
        w.run(&vetter("fama", 1), Command::ApproveVetting(mref(&s))),
        Err(DomainError::InvalidTransition {
            from: "registered",
            to: "approved"
        })
    );
    // A party officer is not a vetting officer.
    assert_eq!(
        w.run(&officer("cma"), Command::OpenVetting(mref(&s))),
        Err(DomainError::MissingRole {
            role: "vetting-officer"
        })
    );
    w.ok(&vetter("fama", 1), Command::OpenVetting(mref(&s)));
    assert_eq!(
        w.run(&vetter("fama", 1), Command::OpenVetting(mref(&s))),
        Err(DomainError::InvalidTransition {
            from: "under-review",
            to: "under-review"
        })
    );
    assert_eq!(
        w.run(
            &vetter("fama", 1),
            Command::SuspendMember {
                member: mref(&s),
                reason: VettingReason::Conduct
            }
        ),
        Err(DomainError::InvalidTransition {
            from: "under-review",
            to: "suspended"
        })
    );
    w.ok(
        &vetter("plateforme", 1),
        Command::RejectVetting {
            member: mref(&s),
            reason: VettingReason::FailedChecks,
        },
    );
    let m = w.member(&s);
    assert_eq!(m.status, VettingStatus::Rejected);
    let (who, why) = m.decision.clone().unwrap();
    assert_eq!(
        (who.party, why),
        (pid("plateforme"), VettingReason::FailedChecks)
    );
    assert_eq!(
        w.run(&vetter("cma", 1), Command::ApproveVetting(mref(&s))),
        Err(DomainError::InvalidTransition {
            from: "rejected",
            to: "approved"
        })
    );
    // Approved → suspended, and a suspended member cannot patrol.
    let a = w.approved("cma", 2, true);
    w.ok(
        &vetter("fama", 1),
        Command::SuspendMember {
            member: mref(&a),
            reason: VettingReason::Conduct,
        },
    );
    assert_eq!(w.member(&a).status, VettingStatus::Suspended);
    let f = w.approved("fama", 1, true);
    let p = w.approved("plateforme", 1, true);
    assert_eq!(
        w.plan("p1", &[&f, &a, &p], 1),
        Err(DomainError::NotApproved { member: sn(&a) })
    );
}

#[test]
fn vetting_status_table() {
    use VettingStatus::*;
    let all = [Registered, UnderReview, Approved, Rejected, Suspended];
    let allowed: Vec<_> = all
        .iter()
        .flat_map(|a| all.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| a.can_become(*b))
        .collect();
    assert_eq!(
        allowed,
        [
            (Registered, UnderReview),
            (UnderReview, Approved),
            (UnderReview, Rejected),
            (Approved, Suspended)
        ]
    );
    use PatrolStatus as P;
    let all = [P::Planned, P::UnderWay, P::Completed, P::Aborted];
    let allowed: Vec<_> = all
        .iter()
        .flat_map(|a| all.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| a.can_become(*b))
        .collect();
    assert_eq!(
        allowed,
        [
            (P::Planned, P::UnderWay),
            (P::Planned, P::Aborted),
            (P::UnderWay, P::Completed),
            (P::UnderWay, P::Aborted)
        ]
    );
}

#[test]
fn patrol_composition_rules() {
    let (mut w, [f, c, p]) = crew();
    let f2 = w.approved("fama", 2, false);
    let c2 = w.register("cma", 2, true).unwrap(); // registered only
    let p2 = w.approved("plateforme", 2, false);
    w.ok(
        &officer("plateforme"),
        Command::GrantLeave(LeaveGranted {
            mechanism: mech(),
            service_number: sn(&p2),
            period: window(3, 48),
        }),
    );
    w.ok(
        &commander(),
        Command::PlanPatrol(PlanPatrol {
            mechanism: mech(),
            patrol: PatrolId::new("booked").unwrap(),
            zone: ZoneId::new("kidal").unwrap(),
            route: vec![],
            window: window(5, 8),
            members: vec![sn(&f2), sn(&c), sn(&p)],
            leader: sn(&c),
        }),
    );
    let cases: Vec<PlanCase> = vec![
        (
            "a",
            vec![&f, &c],
            1,
            Err(DomainError::MissingParty {
                party: pid("plateforme"),
                needed: 1,
                got: 0,
            }),
        ),
        (
            "b",
            vec![&f, &c, &c2, &p],
            1,
            Err(DomainError::NotApproved { member: sn(&c2) }),
        ),
        (
            "c",
            vec![&f, &c, &p2],
            4,
            Err(DomainError::OnLeave {
                member: sn(&p2),
                leave_start: T0 + 3 * DAY,
                leave_end: T0 + 5 * DAY,
            }),
        ),
        (
            "d",
            vec![&f, &c, &p],
            5,
            Err(DomainError::DoubleBooked {
                member: sn(&c),
                other: PatrolId::new("booked").unwrap(),
            }),
        ),
        (
            "e",
            vec![&f, &c, &f, &p],
            1,
            Err(DomainError::DuplicateMemberOnPatrol { member: sn(&f) }),
        ),
        (
            "f",
            vec![&f2, &c, &p],
            1,
            Err(DomainError::InvalidLeader { member: sn(&f2) }),
        ),
        (
            "g",
            vec![&f, "CMA-0099", &p],
            1,
            Err(DomainError::UnknownMember {
                member: sn("CMA-0099"),
            }),
        ),
        ("h", vec![&f, &c, &p, &p2], 1, Ok(())),
        (
            "h",
            vec![&f, &c, &p],
            9,
            Err(DomainError::DuplicatePatrol {
                patrol: PatrolId::new("h").unwrap(),
            }),
        ),
        ("i", vec![&f, &c, &p], 6, Ok(())),
    ];
    for (id, members, day, expected) in cases {
        assert_eq!(w.plan(id, &members, day), expected, "{id}");
    }
    // Leave that clashes with a planned patrol is refused.
    assert_eq!(
        w.run(
            &officer("fama"),
            Command::GrantLeave(LeaveGranted {
                mechanism: mech(),
                service_number: sn(&f),
                period: window(6, 2),
            })
        ),
        Err(DomainError::LeaveConflictsWithPatrol {
            member: sn(&f),
            patrol: PatrolId::new("i").unwrap()
        })
    );
    // An aborted patrol frees its members.
    w.ok(
        &commander(),
        Command::AbortPatrol {
            patrol: pref("i"),
            reason: AbortReason::Security,
        },
    );
    assert_eq!(w.plan("j", &[&f, &c, &p], 6), Ok(()));
    // Only a joint commander plans.
    assert_eq!(
        w.run(
            &officer("fama"),
            Command::PlanPatrol(PlanPatrol {
                mechanism: mech(),
                patrol: PatrolId::new("k").unwrap(),
                zone: ZoneId::new("gao").unwrap(),
                route: vec![],
                window: window(20, 1),
                members: vec![sn(&f)],
                leader: sn(&f),
            })
        ),
        Err(DomainError::MissingRole {
            role: "joint-commander"
        })
    );
}

#[test]
fn patrol_lifecycle_and_endorsement_by_every_party_on_it() {
    let (mut w, [f, c, p]) = crew();
    w.plan("p1", &[&f, &c, &p], 1).unwrap();
    let endorse = |party: &str| Command::EndorsePatrol {
        patrol: pref("p1"),
        party: pid(party),
    };
    let report_cmd = Command::ReportPatrol {
        patrol: pref("p1"),
        report: report(),
    };
    // Invalid transitions.
    assert_eq!(
        w.run(&commander(), report_cmd.clone()),
        Err(DomainError::InvalidTransition {
            from: "planned",
            to: "completed"
        })
    );
    assert_eq!(
        w.run(&officer("fama"), endorse("fama")),
        Err(DomainError::InvalidTransition {
            from: "planned",
            to: "endorsed"
        })
    );
    w.ok(&commander(), Command::StartPatrol(pref("p1")));
    assert_eq!(
        w.run(&commander(), Command::StartPatrol(pref("p1"))),
        Err(DomainError::InvalidTransition {
            from: "under-way",
            to: "under-way"
        })
    );
    // A party officer of a party not on the patrol cannot report it.
    assert_eq!(
        w.run(&officer("minusma"), report_cmd.clone()),
        Err(DomainError::NotOnPatrol {
            party: pid("minusma")
        })
    );
    w.ok(&officer("cma"), report_cmd.clone());
    assert_eq!(
        w.run(
            &commander(),
            Command::AbortPatrol {
                patrol: pref("p1"),
                reason: AbortReason::Weather
            }
        ),
        Err(DomainError::InvalidTransition {
            from: "completed",
            to: "aborted"
        })
    );
    // Endorsements: not on the patrol, wrong party, twice.
    assert_eq!(
        w.run(&officer("minusma"), endorse("minusma")),
        Err(DomainError::NotOnPatrol {
            party: pid("minusma")
        })
    );
    assert_eq!(
        w.run(&officer("cma"), endorse("fama")),
        Err(DomainError::WrongParty {
            actor_party: pid("cma"),
            target_party: pid("fama")
        })
    );
    w.ok(&officer("fama"), endorse("fama"));
    assert_eq!(
        w.run(&officer("fama"), endorse("fama")),
        Err(DomainError::AlreadyEndorsed {
            party: pid("fama"),
            patrol: PatrolId::new("p1").unwrap()
        })
    );
    w.ok(&officer("cma"), endorse("cma"));
    let patrol = &w.m().patrols[&PatrolId::new("p1").unwrap()];
    assert!(!patrol.fully_endorsed());
    assert_eq!(patrol.missing_endorsements(), vec![pid("plateforme")]);
    w.ok(&officer("plateforme"), endorse("plateforme"));
    let patrol = &w.m().patrols[&PatrolId::new("p1").unwrap()];
    assert!(patrol.fully_endorsed());
    assert_eq!(patrol.status, PatrolStatus::Completed);
    assert_eq!(patrol.report.as_ref().map(|r| r.distance_m), Some(84_500));
}

#[test]
fn endorsement_by_a_party_with_no_members_on_the_patrol() {
    // With k = 0 a FAMa–CMA patrol is allowed; it needs no Platform
    // endorsement, and refuses one.
    let mut w = World::with_min(0);
    let f = w.approved("fama", 1, true);
    let c = w.approved("cma", 1, true);
    w.approved("plateforme", 1, true);
    w.plan("p2", &[&f, &c], 1).unwrap();
    w.ok(&commander(), Command::StartPatrol(pref("p2")));
    w.ok(
        &commander(),
        Command::ReportPatrol {
            patrol: pref("p2"),
            report: report(),
        },
    );
    let endorse = |party: &str| Command::EndorsePatrol {
        patrol: pref("p2"),
        party: pid(party),
    };
    assert_eq!(
        w.run(&officer("plateforme"), endorse("plateforme")),
        Err(DomainError::NotOnPatrol {
            party: pid("plateforme")
        })
    );
    w.ok(&officer("fama"), endorse("fama"));
    w.ok(&officer("cma"), endorse("cma"));
    assert!(w.m().patrols[&PatrolId::new("p2").unwrap()].fully_endorsed());
}

#[test]
fn bad_inputs_are_refused_without_panicking() {
    let mut w = World::new();
    let bad_report = PatrolReport {
        departed: Timestamp(10),
        returned: Timestamp(5),
        ..report()
    };
    let long = "x".repeat(MAX_TEXT + 1);
    let cases: Vec<(Actor, Command, ErrorCategory)> = vec![
        (
            commander(),
            Command::StartPatrol(pref("nope")),
            ErrorCategory::NotFound,
        ),
        (
            commander(),
            Command::StartPatrol(PatrolRef {
                mechanism: MechanismId::new("other").unwrap(),
                patrol: PatrolId::new("x").unwrap(),
            }),
            ErrorCategory::NotFound,
        ),
        (
            commander(),
            Command::ReportPatrol {
                patrol: pref("nope"),
                report: bad_report,
            },
            ErrorCategory::NotFound,
        ),
        (
            officer("fama"),
            Command::ReportIncident(ReportIncident {
                mechanism: mech(),
                incident: IncidentId::new("i1").unwrap(),
                zone: None,
                record: moc_incidents::IncidentRecord {
                    notes: long,
                    ..incident_record("i1", vec![])
                },
            }),
            ErrorCategory::Invalid,
        ),
        (
            officer("fama"),
            Command::ReportIncident(ReportIncident {
                mechanism: mech(),
                incident: IncidentId::new("i1").unwrap(),
                zone: None,
                record: moc_incidents::IncidentRecord {
                    latitude_e6: 200_000_000,
                    ..incident_record("i1", vec![])
                },
            }),
            ErrorCategory::Invalid,
        ),
        (
            commander(),
            Command::CreateMechanism(MechanismCreated {
                mechanism: mech(),
                name_fr: "x".into(),
                name_en: "x".into(),
                log_origin: "x".into(),
                patrol_min_per_party: 1,
            }),
            ErrorCategory::Rejected,
        ),
    ];
    for (actor, command, category) in cases {
        let before = w.state.clone();
        let err = w.run(&actor, command.clone()).unwrap_err();
        assert_eq!(err.category(), category, "{command:?}: {err}");
        assert_eq!(w.state, before);
    }
}

/// A scenario that emits every event kind once at least.
fn full_scenario() -> World {
    let (mut w, [f, c, p]) = crew();
    w.ok(
        &officer("fama"),
        Command::UpdateMember(MemberUpdated {
            mechanism: mech(),
            service_number: sn(&f),
            rank: Rank::Lieutenant,
            roles: BTreeSet::from([MemberRole::PatrolLeader, MemberRole::RadioOperator]),
            languages: BTreeSet::from([Language::French, Language::Bambara]),
            identity_commitment: Some(IdentityCommitment::new("test:new-commitment").unwrap()),
        }),
    );
    let r = w.register("cma", 7, false).unwrap();
    w.ok(&vetter("fama", 1), Command::OpenVetting(mref(&r)));
    w.ok(
        &vetter("fama", 1),
        Command::RejectVetting {
            member: mref(&r),
            reason: VettingReason::IncompleteFile,
        },
    );
    let s = w.approved("plateforme", 7, false);
    w.ok(
        &vetter("cma", 1),
        Command::SuspendMember {
            member: mref(&s),
            reason: VettingReason::Conduct,
        },
    );
    w.ok(
        &officer("cma"),
        Command::GrantLeave(LeaveGranted {
            mechanism: mech(),
            service_number: sn(&c),
            period: window(10, 72),
        }),
    );
    w.plan("p1", &[&f, &c, &p], 1).unwrap();
    w.ok(&commander(), Command::StartPatrol(pref("p1")));
    w.ok(
        &commander(),
        Command::ReportPatrol {
            patrol: pref("p1"),
            report: report(),
        },
    );
    for party in ["fama", "cma", "plateforme"] {
        w.ok(
            &officer(party),
            Command::EndorsePatrol {
                patrol: pref("p1"),
                party: pid(party),
            },
        );
    }
    w.plan("p2", &[&f, &c, &p], 2).unwrap();
    w.ok(
        &commander(),
        Command::AbortPatrol {
            patrol: pref("p2"),
            reason: AbortReason::Vehicle,
        },
    );
    incidents::every_incident_step(&mut w);
    w.ok(
        &vetter("fama", 1),
        Command::ExportIdentities {
            mechanism: mech(),
            members: vec![sn(&f)],
        },
    );
    w
}

#[test]
fn identity_exports_are_for_vetting_and_say_who() {
    let (mut w, [f, c, _]) = crew();
    let export = |members: &[&str]| Command::ExportIdentities {
        mechanism: mech(),
        members: members.iter().map(|s| sn(s)).collect(),
    };
    // An officer (not a vetting officer) may not export, even its own.
    assert_eq!(
        w.run(&officer("fama"), export(&[&f])),
        Err(DomainError::MissingRole {
            role: "vetting-officer"
        })
    );
    // A vetting officer exports its own party's records…
    w.ok(&vetter("fama", 1), export(&[&f]));
    let Some(DomainEvent::IdentitiesExported(e)) = w.events.last() else {
        panic!("no export event");
    };
    assert_eq!(e.officer.as_str(), "fama-vetting-1");
    assert_eq!(e.officer_party, pid("fama"));
    assert_eq!(e.members, vec![sn(&f)]);
    // …but not an approved CMA member's,
    assert_eq!(
        w.run(&vetter("fama", 1), export(&[&c])),
        Err(DomainError::NotUnderReview { member: sn(&c) })
    );
    // only one under review.
    let r = w.register("cma", 9, false).unwrap();
    w.ok(&vetter("cma", 1), Command::OpenVetting(mref(&r)));
    w.ok(&vetter("fama", 1), export(&[&r]));
    // No list, a repeated member, an unknown member.
    for (members, want) in [
        (vec![], "members"),
        (vec![r.as_str(), r.as_str()], "members"),
        (vec!["CMA-0999"], "unknown"),
    ] {
        let err = w.run(&vetter("fama", 1), export(&members)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(want), "{text}");
    }
    // The export changes nothing in the mechanism.
    let before = w.state.clone();
    w.ok(&vetter("fama", 1), export(&[&f]));
    assert_eq!(w.state, before);
}

#[test]
fn every_kind_round_trips_through_its_payload() {
    let w = full_scenario();
    let kinds: BTreeSet<&str> = w.events.iter().map(DomainEvent::kind).collect();
    assert_eq!(kinds, KINDS.iter().copied().collect::<BTreeSet<_>>());
    for e in &w.events {
        let payload = e.to_payload();
        assert!(payload.is_object(), "{}", e.kind());
        assert_eq!(
            DomainEvent::from_kind_payload(e.kind(), &payload).as_ref(),
            Ok(e)
        );
        // Strict: an extra field is refused, whatever the kind.
        let mut extra = payload.clone();
        extra
            .as_object_mut()
            .unwrap()
            .insert("name".into(), json!("Moussa"));
        assert!(matches!(
            DomainEvent::from_kind_payload(e.kind(), &extra),
            Err(DomainError::BadPayload { .. })
        ));
    }
    assert!(matches!(
        DomainEvent::from_kind_payload("member-deleted", &json!({})),
        Err(DomainError::UnknownEventKind(_))
    ));
    // A name cannot be smuggled in a service number or a commitment.
    let mut p = w
        .events
        .iter()
        .find(|e| e.kind() == "member-registered")
        .unwrap()
        .to_payload();
    p["identity_commitment"] = json!("Moussa Traoré");
    assert!(DomainEvent::from_kind_payload("member-registered", &p).is_err());
    p["identity_commitment"] = json!("test:ok-commitment");
    p["service_number"] = json!("Moussa Traoré");
    assert!(DomainEvent::from_kind_payload("member-registered", &p).is_err());
    // Replay gives the same state.
    assert_eq!(State::replay(&w.events), w.state);
}

#[test]
fn commands_read_from_json_strictly() {
    let c = Command::EndorsePatrol {
        patrol: pref("p1"),
        party: pid("fama"),
    };
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["command"], "endorse-patrol");
    assert_eq!(serde_json::from_value::<Command>(v.clone()).unwrap(), c);
    let mut extra = v;
    extra.as_object_mut().unwrap().insert("x".into(), json!(1));
    assert!(serde_json::from_value::<Command>(extra).is_err());
    let c = Command::OpenVetting(mref("FAMA-0001"));
    assert_eq!(
        serde_json::from_value::<Command>(serde_json::to_value(&c).unwrap()).unwrap(),
        c
    );
}

/// Interprets one random step as a command against the current state. Most
/// are valid often enough to build long histories; the others are refused,
/// which must leave the state alone.
fn random_command(w: &World, op: u8, a: u8, b: u8, c: u8) -> (Actor, Command) {
    const PARTIES: [&str; 3] = ["fama", "cma", "plateforme"];
    let party = PARTIES[usize::from(a) % 3];
    let s = format!("{}-{:04}", party.to_uppercase(), b % 8);
    let any_vetter = vetter(
        ["fama", "cma", "plateforme", "minusma"][usize::from(c) % 4],
        c % 2,
    );
    // Patrol steps address a patrol in the status they apply to (mostly).
    let some_patrol = |st: PatrolStatus| {
        let patrols: Vec<PatrolId> = w
            .m()
            .patrols
            .values()
            .filter(|p| p.status == st || c.is_multiple_of(8))
            .map(|p| p.id.clone())
            .collect();
        patrols
            .get(usize::from(a) % patrols.len().max(1))
            .cloned()
            .map_or_else(
                || pref("none"),
                |patrol| PatrolRef {
                    mechanism: mech(),
                    patrol,
                },
            )
    };
    // Vetting steps address a member in the status they apply to, so that
    // histories reach approved members and patrols.
    let in_status = |st: VettingStatus| {
        let v: Vec<&ServiceNumber> = w
            .m()
            .members
            .values()
            .filter(|m| m.status == st)
            .map(|m| &m.service_number)
            .collect();
        v.get(usize::from(b) % v.len().max(1))
            .map_or_else(|| mref(&s), |x| mref(x.as_str()))
    };
    match op % 16 {
        0 | 12 => {
            let mut roles = BTreeSet::from([MemberRole::Driver]);
            if c.is_multiple_of(2) {
                roles.insert(MemberRole::PatrolLeader);
            }
            (
                officer(party),
                Command::RegisterMember(registration(party, &s, roles)),
            )
        }
        1 => (
            any_vetter,
            Command::OpenVetting(in_status(VettingStatus::Registered)),
        ),
        2 | 3 | 13 => (
            any_vetter,
            Command::ApproveVetting(in_status(VettingStatus::UnderReview)),
        ),
        4 => (
            any_vetter,
            Command::RejectVetting {
                member: mref(&s),
                reason: VettingReason::Other,
            },
        ),
        5 => (
            any_vetter,
            Command::SuspendMember {
                member: mref(&s),
                reason: VettingReason::Conduct,
            },
        ),
        6 => (
            officer(party),
            Command::GrantLeave(LeaveGranted {
                mechanism: mech(),
                service_number: sn(&s),
                period: window(i64::from(c % 10), 24 * (1 + i64::from(a % 3))),
            }),
        ),
        7 | 14 | 15 => {
            let m = w.m();
            let mut members = Vec::new();
            for (i, p) in PARTIES.iter().enumerate() {
                let approved: Vec<&Member> = m
                    .members
                    .values()
                    .filter(|x| x.party == pid(p) && x.status == VettingStatus::Approved)
                    .collect();
                if !approved.is_empty() {
                    members.push(
                        approved[(usize::from(b) + i) % approved.len()]
                            .service_number
                            .clone(),
                    );
                }
            }
            let leader = members
                .iter()
                .find(|s| m.members[*s].roles.contains(&MemberRole::PatrolLeader))
                .or(members.first())
                .cloned()
                .unwrap_or_else(|| sn("NONE"));
            (
                commander(),
                Command::PlanPatrol(PlanPatrol {
                    mechanism: mech(),
                    patrol: PatrolId::new(format!("p{}", m.patrols.len())).unwrap(),
                    zone: ZoneId::new(if a.is_multiple_of(2) { "gao" } else { "kidal" }).unwrap(),
                    route: vec![Coord::new(i32::from(a) * 1000, i32::from(b) * 1000).unwrap()],
                    window: window(i64::from(c % 30), 4 + i64::from(a % 20)),
                    members,
                    leader,
                }),
            )
        }
        8 => (
            commander(),
            Command::StartPatrol(some_patrol(PatrolStatus::Planned)),
        ),
        9 => (
            commander(),
            Command::ReportPatrol {
                patrol: some_patrol(PatrolStatus::UnderWay),
                report: report(),
            },
        ),
        10 => (
            officer(party),
            Command::EndorsePatrol {
                patrol: some_patrol(PatrolStatus::Completed),
                party: pid(party),
            },
        ),
        _ => (
            commander(),
            Command::AbortPatrol {
                patrol: some_patrol(PatrolStatus::Planned),
                reason: AbortReason::Order,
            },
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Replaying the emitted events, read back from their payloads, from an
    /// empty state gives the state the commands built; refused commands
    /// change nothing.
    #[test]
    fn replay_gives_the_same_state(steps in proptest::collection::vec(any::<(u8, u8, u8, u8)>(), 0..300)) {
        let mut w = World::new();
        for (op, a, b, c) in steps {
            let (actor, command) = random_command(&w, op, a, b, c);
            let before = w.state.clone();
            if w.run(&actor, command).is_err() {
                prop_assert_eq!(&w.state, &before);
            }
        }
        prop_assert_eq!(&State::replay(&w.events), &w.state);
        let read_back: Vec<DomainEvent> = w
            .events
            .iter()
            .map(|e| DomainEvent::from_kind_payload(e.kind(), &e.to_payload()).unwrap())
            .collect();
        prop_assert_eq!(&State::replay(&read_back), &w.state);
        // The composition rule holds for every patrol in the state.
        let m = w.m();
        for p in m.patrols.values() {
            for s in &p.members {
                prop_assert!(m.members[s].approvals.len() >= 2);
            }
            prop_assert_eq!(p.parties.len(), 3);
        }
    }

    /// Arbitrary JSON never panics the payload reader.
    #[test]
    fn payload_reader_is_total(kind in 0..KINDS.len(), text in "\\PC{0,40}", n in any::<i64>()) {
        let payload = json!({"mechanism": text, "service_number": text, "at": n, "window": {"start": n, "end": n}});
        let _ = DomainEvent::from_kind_payload(KINDS[kind], &payload);
    }
}

#[test]
fn a_planned_patrol_shows_the_rules_a_later_suspension_breaks() {
    let (mut w, [f, c, p]) = crew();
    w.ok(
        &commander(),
        Command::PlanPatrol(PlanPatrol {
            mechanism: mech(),
            patrol: PatrolId::new("later").unwrap(),
            zone: ZoneId::new("gao").unwrap(),
            route: vec![],
            window: window(5, 8),
            members: vec![sn(&f), sn(&c), sn(&p)],
            leader: sn(&f),
        }),
    );
    let patrol = w.m().patrols[&PatrolId::new("later").unwrap()].clone();
    assert_eq!(
        patrol_faults(w.m(), &patrol),
        Vec::new(),
        "sound when planned"
    );
    w.ok(
        &vetter("cma", 1),
        Command::SuspendMember {
            member: mref(&c),
            reason: VettingReason::Conduct,
        },
    );
    assert_eq!(
        patrol_faults(w.m(), &patrol),
        vec![DomainError::NotApproved { member: sn(&c) }]
    );
    // Aborted, it is history: nothing to flag.
    let mut aborted = patrol;
    aborted.status = PatrolStatus::Aborted;
    assert!(patrol_faults(w.m(), &aborted).is_empty());
}
