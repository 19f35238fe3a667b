//! The authorisation matrix on the real API: for the public and an account
//! of every role, every action that has a route, against a resource of the
//! caller's own party and of another party, the server allows exactly what
//! the policy (`moc_domain::access::authorize`) allows — and refuses with
//! 401 when nobody is signed in, 403 when the account may not.
//!
//! The policy table itself is checked cell by cell against a hand-written
//! matrix in `moc-domain`; this test checks that every route asks it.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::{Demo, ROUTES, demo, new_member};
use moc_domain::access::{Action, Target, authorize};
use moc_domain::{Actor, MechanismId, PartyId, PatrolStatus, ServiceNumber, VettingStatus};
use serde_json::json;

const GAO: &str = "/api/v1/mechanisms/moc-gao";
/// A demo incident that nobody investigates or merges.
const KIDAL: &str = "kidal-2014-05-21";

/// Resources of one party, made for the probes.
struct Of {
    party: PartyId,
    /// A member (identity reads).
    member: String,
    /// A member under review, for exports only.
    export: String,
    /// A member under review, for vetting probes only.
    vet: String,
}

/// Registers a member of `party` and opens its vetting.
async fn under_review(d: &Demo, party: &str, sn: &str) -> String {
    let r = d
        .post(
            &format!("{GAO}/members"),
            Some(&format!("{party}-officer")),
            &new_member(sn, party, "Personne Fictive"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = d
        .post(
            &format!("{GAO}/members/{sn}/vetting"),
            Some(&format!("{party}-vetting")),
            &json!({"action": "open"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    sn.to_owned()
}

/// One probe: the action, its target, and the request that exercises it.
struct Probe {
    action: Action,
    target: Target2,
    method: &'static str,
    uri: String,
    body: Option<serde_json::Value>,
}

/// The route template a probe's URI matches.
fn template(method: &str, uri: &str) -> String {
    let path = uri.split('?').next().unwrap_or(uri);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let t: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prev = if i > 0 { parts[i - 1] } else { "" };
            match prev {
                "mechanisms" | "logs" => "{m}".to_owned(),
                "members" => "{sn}".to_owned(),
                "patrols" | "users" | "tokens" => "{id}".to_owned(),
                "incidents" if !matches!(*p, "aggregate" | "export") => "{i}".to_owned(),
                _ if parts.get(2) == Some(&"tile") && i >= 3 => "{*path}".to_owned(),
                _ => (*p).to_owned(),
            }
        })
        .collect();
    let mut t = t.join("/");
    if let Some(i) = t.find("{*path}") {
        t.truncate(i + "{*path}".len());
    }
    format!("{method} /{t}")
}

/// An owned [`Target`].
#[derive(Clone)]
enum Target2 {
    Whole,
    Party(PartyId),
    Parties(BTreeSet<PartyId>),
    /// The caller's own party (a list of its own accounts).
    Own,
}

impl Target2 {
    fn as_target<'a>(&'a self, actor: Option<&'a Actor>) -> Target<'a> {
        match self {
            Target2::Whole => Target::Whole,
            Target2::Party(p) => Target::Party(p),
            Target2::Parties(s) => Target::Parties(s),
            Target2::Own => actor.map_or(Target::Whole, |a| Target::Party(&a.party)),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_asks_the_policy() {
    let d = demo().await;
    let mech = MechanismId::new("moc-gao").unwrap();
    let mut of = Vec::new();
    for (party, n) in [("cma", 1), ("fama", 2)] {
        let prefix = party.to_uppercase();
        let member = {
            let state = d.node.state().await;
            let m = state.mechanism(&mech).unwrap();
            m.members
                .values()
                .find(|x| x.party.as_str() == party && x.status == VettingStatus::Approved)
                .unwrap()
                .service_number
                .to_string()
        };
        of.push(Of {
            party: PartyId::new(party).unwrap(),
            member,
            export: under_review(&d, party, &format!("{prefix}-98{n}1")).await,
            vet: under_review(&d, party, &format!("{prefix}-98{n}2")).await,
        });
    }
    let zone = d.get(GAO).await.json()["zones"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    d.node
        .add_users(
            None,
            ["cma", "fama"]
                .iter()
                .map(|p| moc_node::NewUser {
                    user: moc_domain::UserId::new(format!("{p}-spare")).unwrap(),
                    party: PartyId::new(*p).unwrap(),
                    roles: [moc_domain::Role::PartyOfficer].into(),
                    password: None,
                })
                .collect(),
        )
        .await
        .unwrap();
    let (planned, completed, completed_parties, plan) = {
        let state = d.node.state().await;
        let m = state.mechanism(&mech).unwrap();
        let planned = m
            .patrols
            .values()
            .find(|p| p.status == PatrolStatus::Planned)
            .expect("a planned patrol");
        // A plan like that one under a new id (its members are busy then,
        // so even the commander may be refused, but not for who it is).
        let plan = json!({
            "mechanism": "moc-gao",
            "patrol": "matrix-plan",
            "zone": planned.zone,
            "route": planned.route,
            "window": planned.window,
            "members": planned.members,
            "leader": planned.leader,
        });
        let completed = m
            .patrols
            .values()
            .find(|p| p.status == PatrolStatus::Completed)
            .expect("a completed patrol");
        (
            planned.id.to_string(),
            completed.id.to_string(),
            completed.parties.clone(),
            plan,
        )
    };

    let mut probes = vec![
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: GAO.into(),
            body: None,
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/incidents"),
            body: None,
        },
        Probe {
            action: Action::ReadMembers,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/members"),
            body: None,
        },
        Probe {
            action: Action::ReadMembers,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/members/{}", of[0].member),
            body: None,
        },
        Probe {
            action: Action::ReadPatrols,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/patrols"),
            body: None,
        },
        Probe {
            action: Action::ReadPatrols,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/patrols/{completed}"),
            body: None,
        },
        Probe {
            action: Action::ReadLog,
            target: Target2::Whole,
            method: "GET",
            uri: "/logs/moc-gao/checkpoint".into(),
            body: None,
        },
        Probe {
            action: Action::ManageOwnTokens,
            target: Target2::Whole,
            method: "GET",
            uri: "/api/v1/tokens".into(),
            body: None,
        },
        Probe {
            action: Action::CommandPatrol,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/patrols"),
            body: Some(plan),
        },
        Probe {
            action: Action::CommandPatrol,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/patrols/{planned}/start"),
            body: None,
        },
        Probe {
            action: Action::ReportPatrol,
            target: Target2::Parties(completed_parties.clone()),
            method: "POST",
            uri: format!("{GAO}/patrols/{completed}/report"),
            body: Some(json!({
                "departed": 1_488_358_800, "returned": 1_488_380_400, "distance_m": 1000,
                "observations": "RAS", "air_support": {"requested": false, "received": false},
                "outreach": []
            })),
        },
        Probe {
            action: Action::ReportIncident,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents"),
            body: Some(json!({
                "incident": "matrix-probe", "zone": zone,
                "record": common::incident_record("matrix-probe", "RFI", 1)
            })),
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/incidents/{KIDAL}"),
            body: None,
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/incidents/aggregate"),
            body: None,
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: "/api/v1/datasets/incidents?type=battles".into(),
            body: None,
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: "/api/v1/datasets/incidents/aggregate?from=2017-01".into(),
            body: None,
        },
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: format!("{GAO}/incidents/export?format=hxl"),
            body: None,
        },
        Probe {
            action: Action::ReportIncident,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/sources"),
            body: Some(json!({
                "outlet": "Matrix", "url": null, "date": null, "language": null, "scale": null,
                "killed": null, "injured": null, "abducted": null, "kind": "media"
            })),
        },
        Probe {
            action: Action::ReportIncident,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/claims"),
            body: Some(json!({
                "kind": "denial", "speaker": {"group": "Probe"}, "statement": "Probe.",
                "source": {
                    "outlet": "Matrix", "url": null, "date": null, "language": null,
                    "scale": null, "killed": null, "injured": null, "abducted": null,
                    "kind": "media"
                }
            })),
        },
        // A team that is not joint: the rules refuse it (409) once the
        // policy has let the caller through.
        Probe {
            action: Action::ManageIncidents,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/investigations"),
            body: Some(json!({"team": [{"party": "fama", "user": "fama-officer"}]})),
        },
        // Nothing is under investigation: 409 for whoever may file.
        Probe {
            action: Action::FileFinding,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/findings"),
            body: Some(json!({"finding": "verified", "text": "Probe."})),
        },
        Probe {
            action: Action::ManageIncidents,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/merge"),
            body: Some(json!({"from": "no-such-incident", "reason": "Probe."})),
        },
        Probe {
            action: Action::ManageIncidents,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/incidents/{KIDAL}/split"),
            body: Some(json!({"reason": "Probe."})),
        },
    ];
    let tile = "tile/0/000";
    probes.extend([
        Probe {
            action: Action::ReadPublic,
            target: Target2::Whole,
            method: "GET",
            uri: "/api/v1/mechanisms".into(),
            body: None,
        },
        Probe {
            action: Action::ReadLog,
            target: Target2::Whole,
            method: "GET",
            uri: format!("/logs/moc-gao/{tile}"),
            body: None,
        },
        Probe {
            action: Action::CommandPatrol,
            target: Target2::Whole,
            method: "POST",
            uri: format!("{GAO}/patrols/{planned}/abort"),
            body: Some(json!({"reason": "weather"})),
        },
        Probe {
            action: Action::ManageUsers,
            target: Target2::Own,
            method: "GET",
            uri: "/api/v1/users".into(),
            body: None,
        },
        Probe {
            action: Action::ManageOwnTokens,
            target: Target2::Whole,
            method: "POST",
            uri: "/api/v1/tokens".into(),
            body: Some(json!({"scope": "read", "label": "matrix"})),
        },
        Probe {
            action: Action::ManageOwnTokens,
            target: Target2::Whole,
            method: "DELETE",
            uri: "/api/v1/tokens/0000000000000000".into(),
            body: None,
        },
        // Who one is, and signing out, need only to be signed in, as the
        // own-tokens row says.
        Probe {
            action: Action::ManageOwnTokens,
            target: Target2::Whole,
            method: "GET",
            uri: "/api/v1/session".into(),
            body: None,
        },
        Probe {
            action: Action::ManageOwnTokens,
            target: Target2::Whole,
            method: "DELETE",
            uri: "/api/v1/session".into(),
            body: None,
        },
    ]);
    for (i, o) in of.iter().enumerate() {
        let p = &o.party;
        let spare = format!("{}-spare", p.as_str());
        probes.extend(["disable", "enable"].map(|verb| Probe {
            action: Action::ManageUsers,
            target: Target2::Party(p.clone()),
            method: "POST",
            uri: format!("/api/v1/users/{spare}/{verb}"),
            body: None,
        }));
        probes.push(Probe {
            action: Action::ManageUsers,
            target: Target2::Party(p.clone()),
            method: "PUT",
            uri: format!("/api/v1/users/{spare}/password"),
            body: Some(json!({"password": "a spare password"})),
        });
        probes.extend([
            Probe {
                action: Action::ReadIdentity,
                target: Target2::Party(p.clone()),
                method: "GET",
                uri: format!("{GAO}/members/{}/identity", o.member),
                body: None,
            },
            Probe {
                action: Action::ExportIdentities,
                target: Target2::Whole,
                method: "POST",
                uri: format!("{GAO}/identities/export"),
                body: Some(json!({"members": [o.export]})),
            },
            Probe {
                action: Action::Vet,
                target: Target2::Whole,
                method: "POST",
                uri: format!("{GAO}/members/{}/vetting", o.vet),
                body: Some(json!({"action": "approve"})),
            },
            Probe {
                action: Action::ManageMember,
                target: Target2::Party(p.clone()),
                method: "POST",
                uri: format!("{GAO}/members"),
                body: Some(new_member(
                    &format!("{}-97{i}0", p.as_str().to_uppercase()),
                    p.as_str(),
                    "Personne Fictive",
                )),
            },
            Probe {
                action: Action::EndorsePatrol,
                target: Target2::Party(p.clone()),
                method: "POST",
                uri: format!("{GAO}/patrols/{completed}/endorse"),
                body: Some(json!({"party": p.as_str()})),
            },
            Probe {
                action: Action::ManageUsers,
                target: Target2::Party(p.clone()),
                method: "POST",
                uri: "/api/v1/users".into(),
                body: Some(json!({
                    "user": format!("matrix-{}-{i}", p.as_str()),
                    "party": p.as_str(),
                    "roles": ["party-officer"],
                })),
            },
        ]);
    }

    let callers: [Option<&str>; 6] = [
        None,
        Some("cma-officer"),
        Some("cma-vetting"),
        Some("cma-admin"),
        Some("moc-gao-commander"),
        Some("minusma-observer"),
    ];
    let mut cells = 0;
    let mut covered = BTreeSet::new();
    let mut routes = BTreeSet::new();
    for caller in callers {
        let actor: Option<Actor> = caller.map(|u| d.node.actor(u).unwrap());
        for probe in &probes {
            let allowed = authorize(
                actor.as_ref(),
                probe.action,
                probe.target.as_target(actor.as_ref()),
            )
            .is_ok();
            let body = probe
                .body
                .as_ref()
                .map_or(String::new(), ToString::to_string);
            let mut req = axum::http::Request::builder()
                .method(probe.method)
                .uri(&probe.uri)
                .header(axum::http::header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(body))
                .unwrap();
            if let Some(u) = caller {
                common::bearer(&mut req, &d.token(u));
            }
            let reply = d.send(req).await;
            let refused = matches!(reply.status.as_u16(), 401 | 403);
            assert_eq!(
                !refused,
                allowed,
                "{caller:?} {:?} {} {}: {} {}",
                probe.action,
                probe.method,
                probe.uri,
                reply.status,
                reply.text()
            );
            if refused {
                let want = if caller.is_none() { 401 } else { 403 };
                reply.problem(want);
            }
            covered.insert(format!("{:?}", probe.action));
            routes.insert(template(probe.method, &probe.uri));
            cells += 1;
        }
    }
    assert_eq!(cells, callers.len() * probes.len());
    let all: BTreeSet<String> = ROUTES.iter().map(|r| (*r).to_owned()).collect();
    assert_eq!(routes, all, "every route is probed");
    // Every action that has a route is probed. Creating and setting up a
    // mechanism have no route yet; the witness endpoint is checked in
    // api.rs.
    for action in Action::ALL {
        let routed = !matches!(
            action,
            Action::CreateMechanism | Action::SetUpMechanism | Action::SubmitCheckpoint
        );
        assert_eq!(
            covered.contains(&format!("{action:?}")),
            routed,
            "{action:?}"
        );
    }
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_a_new_user_meets_are_clear() {
    let d = demo().await;
    let mech = MechanismId::new("moc-gao").unwrap();
    let completed = {
        let state = d.node.state().await;
        let m = state.mechanism(&mech).unwrap();
        m.patrols
            .values()
            .find(|p| p.status == PatrolStatus::Completed)
            .unwrap()
            .id
            .to_string()
    };
    // A CMA officer endorsing for FAMa: 403, saying why, in French by
    // default and in English when asked.
    let uri = format!("{GAO}/patrols/{completed}/endorse");
    let v = d
        .post(&uri, Some("cma-officer"), &json!({"party": "fama"}))
        .await
        .problem(403);
    assert_eq!(v["code"], "wrong-party");
    assert_eq!(v["title"], "Action interdite", "{v}");
    assert_eq!(
        v["detail"],
        "Un officier de cma ne peut pas agir pour fama."
    );
    let v = d
        .post(
            &format!("{uri}?lang=en"),
            Some("cma-officer"),
            &json!({"party": "fama"}),
        )
        .await
        .problem(403);
    assert_eq!(v["detail"], "An officer of cma cannot act for fama.", "{v}");
    // A second vetting officer of the same party: refused.
    let sn = under_review(&d, "cma", "CMA-9961").await;
    let vetting = format!("{GAO}/members/{sn}/vetting");
    let approve = json!({"action": "approve"});
    let r = d.post(&vetting, Some("fama-vetting"), &approve).await;
    assert_eq!(r.status, 200, "{}", r.text());
    d.node
        .add_users(
            None,
            vec![moc_node::NewUser {
                user: moc_domain::UserId::new("fama-vetting-2").unwrap(),
                party: PartyId::new("fama").unwrap(),
                roles: [moc_domain::Role::VettingOfficer].into(),
                password: None,
            }],
        )
        .await
        .unwrap();
    let second = d.node.actor("fama-vetting-2").unwrap();
    let token = d
        .node
        .issue_token(&second, moc_node::TokenScope::Act, "t")
        .await
        .unwrap()
        .token;
    let mut req = common::post(&vetting, approve.to_string());
    common::bearer(&mut req, &token);
    let v = d.send(req).await.problem(409);
    assert_eq!(v["code"], "vetting-needs-two-parties", "{v}");
    let status = {
        let state = d.node.state().await;
        state.mechanism(&mech).unwrap().members[&ServiceNumber::new(&sn).unwrap()].status
    };
    assert_eq!(status, VettingStatus::UnderReview);
    d.close().await;
}
