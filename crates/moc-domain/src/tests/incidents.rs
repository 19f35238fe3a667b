//! Incidents: sources and their tolls, claims, joint verification, merge
//! and split.

use moc_incidents::{Figure, Source, SourceKind};

use super::{World, commander, incident_record, mech, officer, pid};
use crate::incident::view;
use crate::*;

fn observer() -> Actor {
    Actor::new(
        UserId::new("minusma-observer").unwrap(),
        pid("minusma"),
        [Role::Observer],
    )
}

fn iid(s: &str) -> IncidentId {
    IncidentId::new(s).unwrap()
}

fn iref(s: &str) -> IncidentRef {
    IncidentRef {
        mechanism: mech(),
        incident: iid(s),
    }
}

fn source(outlet: &str, killed: u32, kind: SourceKind) -> Source {
    Source {
        killed: Some(Figure::Exact(killed)),
        ..Source::new(outlet, kind)
    }
}

/// The Gao bombing's real sources (issue 5's acceptance fixture).
fn gao_sources() -> Vec<Source> {
    use SourceKind::*;
    vec![
        source("ORTM", 47, Official),
        source("UN", 54, Observer),
        source("ACLED", 55, Observer),
        source("RFI", 60, Media),
        source("MINUSMA", 61, Observer),
        source("The Guardian", 76, Media),
        source("French army via AP", 77, Official),
        source("Al-Mourabitoun claim", 80, Perpetrator),
    ]
}

fn report(w: &mut World, who: &Actor, id: &str, sources: Vec<Source>) -> Result<(), DomainError> {
    w.run(
        who,
        Command::ReportIncident(ReportIncident {
            mechanism: mech(),
            incident: iid(id),
            zone: Some(ZoneId::new("gao").unwrap()),
            record: incident_record(id, sources),
        }),
    )
}

fn member_of(a: &Actor) -> Investigator {
    Investigator {
        party: a.party.clone(),
        user: Some(a.user.clone()),
    }
}

fn open(w: &mut World, id: &str, team: &[&Actor]) -> Result<(), DomainError> {
    w.run(
        &observer(),
        Command::OpenInvestigation {
            incident: iref(id),
            team: team.iter().map(|a| member_of(a)).collect(),
        },
    )
}

fn file(w: &mut World, who: &Actor, id: &str, finding: Finding) -> Result<(), DomainError> {
    w.run(
        who,
        Command::FileFinding {
            incident: iref(id),
            finding,
            text: "Site visited.".into(),
        },
    )
}

fn merge(w: &mut World, into: &str, from: &str) -> Result<(), DomainError> {
    w.run(
        &commander(),
        Command::MergeIncidents {
            mechanism: mech(),
            into: iid(into),
            from: iid(from),
            reason: "Same attack.".into(),
        },
    )
}

fn split(w: &mut World, id: &str) -> Result<(), DomainError> {
    w.run(
        &commander(),
        Command::SplitIncident {
            incident: iref(id),
            reason: "Two attacks after all.".into(),
        },
    )
}

fn claim(kind: ClaimKind, speaker: Speaker, against: Option<Speaker>) -> Claim {
    Claim {
        kind,
        speaker,
        against,
        statement: "Said on the radio.".into(),
        source: Source::new("ISS Today", SourceKind::Media),
    }
}

/// Emits every incident event kind once at least, for the full scenario.
pub(super) fn every_incident_step(w: &mut World) {
    report(w, &observer(), "gao-a", gao_sources()).unwrap();
    report(w, &officer("cma"), "gao-b", vec![]).unwrap();
    w.ok(
        &officer("cma"),
        Command::AddIncidentSource {
            incident: iref("gao-b"),
            source: Source {
                killed: Some(Figure::About(80)),
                ..Source::new("ISS Today", SourceKind::Media)
            },
        },
    );
    w.ok(
        &officer("plateforme"),
        Command::RecordClaim {
            incident: iref("gao-a"),
            claim: claim(
                ClaimKind::Responsibility,
                Speaker::Group("Al-Mourabitoun".into()),
                None,
            ),
        },
    );
    merge(w, "gao-a", "gao-b").unwrap();
    split(w, "gao-b").unwrap();
    let (f, c) = (officer("fama"), officer("cma"));
    open(w, "gao-a", &[&f, &c, &observer()]).unwrap();
    for who in [&f, &c, &observer()] {
        file(w, who, "gao-a", Finding::Verified).unwrap();
    }
}

#[test]
fn the_gao_fixture_keeps_every_source_and_reconciles_the_range() {
    let mut w = World::new();
    report(&mut w, &observer(), "gao-2017-01-18", gao_sources()).unwrap();
    let v = view(w.m(), &iid("gao-2017-01-18")).unwrap();
    let killed = v.killed.unwrap();
    assert_eq!((killed.low, killed.high, killed.acled), (47, 80, 47));
    // The median of the seven sources that are not the attackers' claim.
    assert_eq!(killed.best, 60);
    assert_eq!(v.record.fatalities, 47);
    let outlets: Vec<&str> = v.record.sources.iter().map(|s| s.outlet.as_str()).collect();
    assert_eq!(
        outlets,
        [
            "ORTM",
            "UN",
            "ACLED",
            "RFI",
            "MINUSMA",
            "The Guardian",
            "French army via AP",
            "Al-Mourabitoun claim"
        ]
    );
    assert_eq!(v.status, VerificationStatus::Reported);
    assert_eq!(v.reported.party, pid("minusma"));
}

#[test]
fn reports_are_checked_against_the_format_and_the_mechanism() {
    let mut w = World::new();
    let bad = |w: &mut World, record: moc_incidents::IncidentRecord, zone: Option<&str>| {
        w.run(
            &officer("fama"),
            Command::ReportIncident(ReportIncident {
                mechanism: mech(),
                incident: iid("i1"),
                zone: zone.map(|z| ZoneId::new(z).unwrap()),
                record,
            }),
        )
        .unwrap_err()
    };
    let e = bad(&mut w, incident_record("other", vec![]), None);
    assert!(
        matches!(&e, DomainError::InvalidRecord { field, .. } if field == "event_id_cnty"),
        "{e}"
    );
    let mut dated = Source::new("RFI", SourceKind::Media);
    dated.date = Some("2017-02-30".into());
    let e = bad(&mut w, incident_record("i1", vec![dated]), None);
    assert!(
        matches!(&e, DomainError::InvalidRecord { field, .. } if field == "sources[0].date"),
        "{e}"
    );
    let e = bad(&mut w, incident_record("i1", vec![]), Some("menaka"));
    assert!(matches!(e, DomainError::UnknownZone { .. }), "{e}");
    let many = vec![Source::new("RFI", SourceKind::Media); incident::MAX_SOURCES + 1];
    let e = bad(&mut w, incident_record("i1", many), None);
    assert!(
        matches!(
            e,
            DomainError::InvalidField {
                field: "sources",
                ..
            }
        ),
        "{e}"
    );
    report(&mut w, &officer("fama"), "i1", vec![]).unwrap();
    let e = report(&mut w, &officer("cma"), "i1", vec![]).unwrap_err();
    assert!(matches!(e, DomainError::DuplicateIncident { .. }), "{e}");
    // Vetting officers report nothing.
    let vetter = Actor::new(
        UserId::new("v").unwrap(),
        pid("fama"),
        [Role::VettingOfficer],
    );
    let e = report(&mut w, &vetter, "i2", vec![]).unwrap_err();
    assert!(matches!(e, DomainError::MissingRole { .. }), "{e}");
}

#[test]
fn sources_are_added_once_and_change_the_range() {
    let mut w = World::new();
    report(
        &mut w,
        &officer("fama"),
        "i1",
        vec![source("ORTM", 47, SourceKind::Official)],
    )
    .unwrap();
    let add = |w: &mut World, s: Source| {
        w.run(
            &officer("cma"),
            Command::AddIncidentSource {
                incident: iref("i1"),
                source: s,
            },
        )
    };
    add(&mut w, source("RFI", 60, SourceKind::Media)).unwrap();
    let e = add(&mut w, source("RFI", 60, SourceKind::Media)).unwrap_err();
    assert!(matches!(e, DomainError::DuplicateSource { .. }), "{e}");
    let mut bad = Source::new("RFI", SourceKind::Media);
    bad.language = Some("not a tag!".into());
    let e = add(&mut w, bad).unwrap_err();
    assert!(
        matches!(&e, DomainError::InvalidRecord { field, .. } if field == "source.language"),
        "{e}"
    );
    let e = w
        .run(
            &officer("cma"),
            Command::AddIncidentSource {
                incident: iref("nope"),
                source: Source::new("RFI", SourceKind::Media),
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::UnknownIncident { .. }), "{e}");
    let v = view(w.m(), &iid("i1")).unwrap();
    let k = v.killed.unwrap();
    assert_eq!((k.low, k.high, v.record.fatalities), (47, 60, 47));
    assert!(matches!(
        &v.timeline[1].what,
        incident::StepKind::SourceAdded { outlet } if outlet == "RFI"
    ));
    assert_eq!(v.timeline[1].stamp.party, pid("cma"));
}

#[test]
fn claims_and_denials_stand_side_by_side() {
    let mut w = World::new();
    report(&mut w, &officer("plateforme"), "tin-essako", vec![]).unwrap();
    let cma = Speaker::Party(pid("cma"));
    w.ok(
        &officer("plateforme"),
        Command::RecordClaim {
            incident: iref("tin-essako"),
            claim: claim(
                ClaimKind::Accusation,
                Speaker::Group("GATIA".into()),
                Some(cma.clone()),
            ),
        },
    );
    w.ok(
        &officer("cma"),
        Command::RecordClaim {
            incident: iref("tin-essako"),
            claim: claim(ClaimKind::Denial, cma, None),
        },
    );
    let v = view(w.m(), &iid("tin-essako")).unwrap();
    let kinds: Vec<(ClaimKind, &PartyId)> = v
        .claims
        .iter()
        .map(|c| (c.claim.kind, &c.recorded.party))
        .collect();
    assert_eq!(
        kinds,
        [
            (ClaimKind::Accusation, &pid("plateforme")),
            (ClaimKind::Denial, &pid("cma"))
        ]
    );
    // A party that is not in the mechanism cannot be named as one.
    let e = w
        .run(
            &officer("cma"),
            Command::RecordClaim {
                incident: iref("tin-essako"),
                claim: claim(ClaimKind::Denial, Speaker::Party(pid("mnla")), None),
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::UnknownParty { .. }), "{e}");
    let e = w
        .run(
            &officer("cma"),
            Command::RecordClaim {
                incident: iref("tin-essako"),
                claim: Claim {
                    statement: " ".into(),
                    ..claim(ClaimKind::Denial, Speaker::Party(pid("cma")), None)
                },
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            DomainError::InvalidField {
                field: "statement",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_team_is_joint_or_refused() {
    let mut w = World::new();
    report(&mut w, &officer("fama"), "i1", vec![]).unwrap();
    let (f, c) = (officer("fama"), officer("cma"));
    let e = open(&mut w, "i1", &[&f, &observer()]).unwrap_err();
    assert_eq!(
        e,
        DomainError::TeamNotJoint {
            parties: 1,
            observers: 1
        }
    );
    let e = open(&mut w, "i1", &[&f, &c]).unwrap_err();
    assert_eq!(
        e,
        DomainError::TeamNotJoint {
            parties: 2,
            observers: 0
        }
    );
    let e = open(&mut w, "i1", &[&f, &f, &c, &observer()]).unwrap_err();
    assert!(
        matches!(e, DomainError::InvalidField { field: "team", .. }),
        "{e}"
    );
    let stranger = Actor::new(UserId::new("x").unwrap(), pid("mnla"), [Role::PartyOfficer]);
    let e = open(&mut w, "i1", &[&f, &c, &stranger, &observer()]).unwrap_err();
    assert!(matches!(e, DomainError::UnknownParty { .. }), "{e}");
    // Only the command and the observers convene a team.
    let e = w
        .run(
            &officer("fama"),
            Command::OpenInvestigation {
                incident: iref("i1"),
                team: vec![member_of(&f), member_of(&c), member_of(&observer())],
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::MissingRole { .. }), "{e}");
    assert_eq!(
        w.m().incidents[&iid("i1")].status,
        VerificationStatus::Reported
    );
    open(&mut w, "i1", &[&f, &c, &observer()]).unwrap();
    let e = open(&mut w, "i1", &[&f, &c, &observer()]).unwrap_err();
    assert!(matches!(e, DomainError::InvalidTransition { .. }), "{e}");
}

#[test]
fn verification_is_unanimous_or_disputed_and_can_reopen() {
    let mut w = World::new();
    report(&mut w, &officer("fama"), "i1", vec![]).unwrap();
    let (f, c, p) = (officer("fama"), officer("cma"), officer("plateforme"));
    let e = file(&mut w, &f, "i1", Finding::Verified).unwrap_err();
    assert!(matches!(e, DomainError::NoOpenInvestigation { .. }), "{e}");
    open(&mut w, "i1", &[&f, &c, &observer()]).unwrap();
    // Not on the team: the Platform's officer, and a FAMa account other
    // than the investigator.
    let e = file(&mut w, &p, "i1", Finding::Verified).unwrap_err();
    assert!(matches!(e, DomainError::NotInvestigator { .. }), "{e}");
    let other = Actor::new(
        UserId::new("fama-2").unwrap(),
        pid("fama"),
        [Role::PartyOfficer],
    );
    let e = file(&mut w, &other, "i1", Finding::Verified).unwrap_err();
    assert!(matches!(e, DomainError::NotInvestigator { .. }), "{e}");
    file(&mut w, &f, "i1", Finding::Verified).unwrap();
    let e = file(&mut w, &f, "i1", Finding::NotVerified).unwrap_err();
    assert!(matches!(e, DomainError::FindingAlreadyFiled { .. }), "{e}");
    file(&mut w, &c, "i1", Finding::NotVerified).unwrap();
    assert_eq!(
        w.m().incidents[&iid("i1")].status,
        VerificationStatus::UnderInvestigation
    );
    file(&mut w, &observer(), "i1", Finding::Verified).unwrap();
    let i = &w.m().incidents[&iid("i1")];
    assert_eq!(i.status, VerificationStatus::Disputed);
    assert_eq!(
        i.investigations[0].outcome,
        Some(VerificationStatus::Disputed)
    );
    // A new team looks again and agrees.
    open(&mut w, "i1", &[&f, &p, &observer()]).unwrap();
    for who in [&f, &p, &observer()] {
        file(&mut w, who, "i1", Finding::NotVerified).unwrap();
    }
    let v = view(w.m(), &iid("i1")).unwrap();
    assert_eq!(v.status, VerificationStatus::NotVerified);
    assert_eq!(v.investigations.len(), 2);
    let steps: Vec<&str> = v
        .timeline
        .iter()
        .filter_map(|s| match &s.what {
            incident::StepKind::Concluded { status } => Some(status.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(steps, ["disputed", "not-verified"]);
}

#[test]
fn merged_reports_read_as_one_and_a_split_restores_both() {
    let mut w = World::new();
    report(
        &mut w,
        &observer(),
        "a",
        vec![source("UN", 54, SourceKind::Observer)],
    )
    .unwrap();
    report(
        &mut w,
        &officer("cma"),
        "b",
        vec![
            Source {
                killed: Some(Figure::About(80)),
                ..Source::new("ISS Today", SourceKind::Media)
            },
            // Both reports cite the UN: it counts once.
            source("UN", 54, SourceKind::Observer),
        ],
    )
    .unwrap();
    report(
        &mut w,
        &officer("fama"),
        "c",
        vec![source("ORTM", 47, SourceKind::Official)],
    )
    .unwrap();
    w.ok(
        &officer("cma"),
        Command::RecordClaim {
            incident: iref("b"),
            claim: claim(ClaimKind::Denial, Speaker::Party(pid("cma")), None),
        },
    );
    let before_a = view(w.m(), &iid("a")).unwrap();
    let before_b = view(w.m(), &iid("b")).unwrap();

    let e = merge(&mut w, "a", "a").unwrap_err();
    assert!(
        matches!(e, DomainError::InvalidField { field: "from", .. }),
        "{e}"
    );
    let e = split(&mut w, "b").unwrap_err();
    assert!(matches!(e, DomainError::NotMerged { .. }), "{e}");
    let e = w
        .run(
            &officer("fama"),
            Command::MergeIncidents {
                mechanism: mech(),
                into: iid("a"),
                from: iid("b"),
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::MissingRole { .. }), "{e}");

    merge(&mut w, "b", "c").unwrap();
    merge(&mut w, "a", "b").unwrap();
    let v = view(w.m(), &iid("a")).unwrap();
    let outlets: Vec<&str> = v.record.sources.iter().map(|s| s.outlet.as_str()).collect();
    assert_eq!(outlets, ["UN", "ISS Today", "ORTM"]);
    let k = v.killed.unwrap();
    assert_eq!((k.low, k.high, v.record.fatalities), (47, 80, 47));
    assert_eq!(v.merged, [iid("b"), iid("c")]);
    assert_eq!(v.claims.len(), 1);
    assert_eq!(view(w.m(), &iid("b")).unwrap().merged_into, Some(iid("a")));

    // A merged incident is read through its target: no merging into it,
    // no investigation of it on its own.
    let e = merge(&mut w, "b", "a").unwrap_err();
    assert!(matches!(e, DomainError::IncidentMerged { .. }), "{e}");
    let e = open(
        &mut w,
        "c",
        &[&officer("fama"), &officer("cma"), &observer()],
    )
    .unwrap_err();
    assert!(matches!(e, DomainError::IncidentMerged { .. }), "{e}");

    split(&mut w, "b").unwrap();
    let after_a = view(w.m(), &iid("a")).unwrap();
    assert_eq!(after_a.record, before_a.record);
    assert_eq!(after_a.claims, before_a.claims);
    let after_b = view(w.m(), &iid("b")).unwrap();
    assert_eq!(after_b.merged_into, None);
    // `c` is still merged into `b`: the split undid one merge only.
    assert_eq!(after_b.merged, [iid("c")]);
    assert_ne!(after_b.record, before_b.record);
    split(&mut w, "c").unwrap();
    assert_eq!(view(w.m(), &iid("b")).unwrap().record, before_b.record);
}

#[test]
fn an_incident_under_investigation_is_not_merged_away() {
    let mut w = World::new();
    report(&mut w, &observer(), "a", vec![]).unwrap();
    report(&mut w, &observer(), "b", vec![]).unwrap();
    open(
        &mut w,
        "b",
        &[&officer("fama"), &officer("cma"), &observer()],
    )
    .unwrap();
    let e = merge(&mut w, "a", "b").unwrap_err();
    assert!(matches!(e, DomainError::UnderInvestigation { .. }), "{e}");
}

#[test]
fn public_views_name_parties_not_accounts() {
    let mut w = World::new();
    every_incident_step(&mut w);
    let v = view(w.m(), &iid("gao-a")).unwrap();
    let full = serde_json::to_string(&v).unwrap();
    assert!(full.contains("fama-officer"), "the full view says who");
    let public = serde_json::to_string(&v.public()).unwrap();
    for user in [
        "fama-officer",
        "cma-officer",
        "plateforme-officer",
        "minusma-observer",
    ] {
        assert!(!public.contains(user), "{user} in {public}");
    }
    assert!(public.contains("\"party\":\"fama\""));
}

#[test]
fn outcomes_need_every_party_and_unanimity() {
    use std::collections::BTreeMap;
    let parties = [pid("fama"), pid("cma"), pid("minusma")];
    let stamp = Stamp {
        by: None,
        party: pid("fama"),
        at: Timestamp(0),
    };
    // Every assignment of {absent, verified, not verified} to the three
    // parties, against a direct reading of the rule.
    for code in 0..27u32 {
        let mut findings = BTreeMap::new();
        let mut digits = code;
        for p in &parties {
            let finding = match digits % 3 {
                0 => None,
                1 => Some(Finding::Verified),
                _ => Some(Finding::NotVerified),
            };
            digits /= 3;
            if let Some(finding) = finding {
                findings.insert(
                    p.clone(),
                    incident::FiledFinding {
                        finding,
                        text: "t".into(),
                        filed: stamp.clone(),
                    },
                );
            }
        }
        let got = incident::outcome(&parties, &findings);
        let all: Vec<Finding> = findings.values().map(|f| f.finding).collect();
        let expected = if all.len() < parties.len() {
            None
        } else if all.iter().all(|f| *f == Finding::Verified) {
            Some(VerificationStatus::Verified)
        } else if all.iter().all(|f| *f == Finding::NotVerified) {
            Some(VerificationStatus::NotVerified)
        } else {
            Some(VerificationStatus::Disputed)
        };
        assert_eq!(got, expected, "assignment {code}");
    }
}
