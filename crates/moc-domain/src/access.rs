//! Who may do what: the authorisation policy, as one table.
//!
//! **Key design decision:** every permission the node grants is a row of
//! [`POLICY`] — *(who, action, scope)* — and [`authorize`] is the only
//! function that reads it. The CLI, the API, the pages and [`crate::decide`]
//! all call it, so there is one place to read, review and test the
//! matrix. What the table cannot say — whether a member is under review,
//! whether the party has endorsed already, whether the actor's party belongs
//! to the mechanism — are rules about the state, and stay in `decide`.
//!
//! The scope ties the actor's party to the resource's: a party officer of
//! the CMA registers CMA members ([`Scope::OwnParty`]), reports on patrols
//! the CMA was on ([`Scope::OnResource`]), and never acts for FAMa.

use std::collections::BTreeSet;

use crate::error::DomainError;
use crate::ids::PartyId;
use crate::model::{Actor, Role};

/// Everything a user can ask the node to do, reads included.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Action {
    /// Mechanisms, parties, zones, quota lines and their deviations,
    /// incidents: what the mechanism publishes.
    ReadPublic,
    /// Members (service numbers, codes, status, never names).
    ReadMembers,
    /// Patrols: plans, members, reports, endorsements.
    ReadPatrols,
    /// The log: checkpoints, tiles, entries.
    ReadLog,
    /// A member's personal record (name, birth date, photo, family).
    ReadIdentity,
    /// Exporting the personal records of members under review, for
    /// vetting; recorded in the log.
    ExportIdentities,
    /// Creating a mechanism.
    CreateMechanism,
    /// Setting a mechanism up: parties, quotas, zones.
    SetUpMechanism,
    /// Registering, updating a member and granting leave.
    ManageMember,
    /// Opening, approving, rejecting a vetting and suspending a member.
    Vet,
    /// Planning, starting and aborting patrols.
    CommandPatrol,
    /// Filing a patrol's report.
    ReportPatrol,
    /// Endorsing a patrol's report for a party.
    EndorsePatrol,
    /// Reporting an incident or an observation, adding a source to one,
    /// recording a claim about one.
    ReportIncident,
    /// Opening joint investigations, merging and splitting incidents.
    ManageIncidents,
    /// Filing a finding, for an investigator on the team (a rule of the
    /// state, checked by `decide`).
    FileFinding,
    /// Adding, disabling and listing a party's accounts.
    ManageUsers,
    /// Creating and revoking one's own API tokens.
    ManageOwnTokens,
    /// Submitting a checkpoint to the node's witness (c2sp.org/tlog-witness):
    /// open to all, because the witness verifies what it cosigns.
    SubmitCheckpoint,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 19] = [
        Action::ReadPublic,
        Action::ReadMembers,
        Action::ReadPatrols,
        Action::ReadLog,
        Action::ReadIdentity,
        Action::ExportIdentities,
        Action::CreateMechanism,
        Action::SetUpMechanism,
        Action::ManageMember,
        Action::Vet,
        Action::CommandPatrol,
        Action::ReportPatrol,
        Action::EndorsePatrol,
        Action::ReportIncident,
        Action::ManageIncidents,
        Action::FileFinding,
        Action::ManageUsers,
        Action::ManageOwnTokens,
        Action::SubmitCheckpoint,
    ];

    /// The action's code, for messages and the audit trail.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadPublic => "read-public",
            Action::ReadMembers => "read-members",
            Action::ReadPatrols => "read-patrols",
            Action::ReadLog => "read-log",
            Action::ReadIdentity => "read-identity",
            Action::ExportIdentities => "export-identities",
            Action::CreateMechanism => "create-mechanism",
            Action::SetUpMechanism => "set-up-mechanism",
            Action::ManageMember => "manage-member",
            Action::Vet => "vet",
            Action::CommandPatrol => "command-patrol",
            Action::ReportPatrol => "report-patrol",
            Action::EndorsePatrol => "endorse-patrol",
            Action::ReportIncident => "report-incident",
            Action::ManageIncidents => "manage-incidents",
            Action::FileFinding => "file-finding",
            Action::ManageUsers => "manage-users",
            Action::ManageOwnTokens => "manage-own-tokens",
            Action::SubmitCheckpoint => "submit-checkpoint",
        }
    }
}

/// Who a row of the policy admits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Who {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in account, whatever its roles.
    SignedIn,
    /// An account holding this role.
    Role(Role),
}

/// How the actor's party must relate to the resource's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    /// Any resource.
    Any,
    /// The resource belongs to the actor's party.
    OwnParty,
    /// The actor's party is among the resource's parties (a patrol's).
    OnResource,
}

/// What an action is about, as far as parties go.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// The mechanism or the node as a whole.
    Whole,
    /// Something one party owns: a member, an endorsement, an account.
    Party(&'a PartyId),
    /// Something several parties share: a patrol.
    Parties(&'a BTreeSet<PartyId>),
}

/// One permission.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Who.
    pub who: Who,
    /// May do what.
    pub action: Action,
    /// To which resources.
    pub scope: Scope,
}

const fn rule(who: Who, action: Action, scope: Scope) -> Rule {
    Rule { who, action, scope }
}

use Action as A;
use Role as R;
use Scope as S;
use Who as W;

/// The whole policy. An action no row admits is refused.
pub const POLICY: &[Rule] = &[
    // What the mechanism publishes: counts, codes, incidents.
    rule(W::Anyone, A::ReadPublic, S::Any),
    rule(W::Anyone, A::SubmitCheckpoint, S::Any),
    // Signed-in accounts of every party and the observers read the shared
    // record: members by service number, patrols, the log itself.
    rule(W::SignedIn, A::ReadMembers, S::Any),
    rule(W::SignedIn, A::ReadPatrols, S::Any),
    rule(W::SignedIn, A::ReadLog, S::Any),
    rule(W::SignedIn, A::ManageOwnTokens, S::Any),
    // Names: a party's own members, to the roles that register and vet.
    rule(W::Role(R::PartyOfficer), A::ReadIdentity, S::OwnParty),
    rule(W::Role(R::VettingOfficer), A::ReadIdentity, S::OwnParty),
    // Vetting across parties needs the records: an explicit, logged export.
    rule(W::Role(R::VettingOfficer), A::ExportIdentities, S::Any),
    rule(W::Role(R::JointCommander), A::CreateMechanism, S::Any),
    rule(W::Role(R::JointCommander), A::SetUpMechanism, S::Any),
    rule(W::Role(R::PartyOfficer), A::ManageMember, S::OwnParty),
    rule(W::Role(R::VettingOfficer), A::Vet, S::Any),
    rule(W::Role(R::JointCommander), A::CommandPatrol, S::Any),
    rule(W::Role(R::JointCommander), A::ReportPatrol, S::Any),
    rule(W::Role(R::PartyOfficer), A::ReportPatrol, S::OnResource),
    rule(W::Role(R::PartyOfficer), A::EndorsePatrol, S::OwnParty),
    rule(W::Role(R::PartyOfficer), A::ReportIncident, S::Any),
    rule(W::Role(R::JointCommander), A::ReportIncident, S::Any),
    rule(W::Role(R::Observer), A::ReportIncident, S::Any),
    // Verification is joint: the mechanism's command and the observers
    // convene teams and merge reports; whoever is on a team files its
    // party's finding.
    rule(W::Role(R::JointCommander), A::ManageIncidents, S::Any),
    rule(W::Role(R::Observer), A::ManageIncidents, S::Any),
    rule(W::SignedIn, A::FileFinding, S::Any),
    rule(W::Role(R::PartyAdmin), A::ManageUsers, S::OwnParty),
];

/// Which roles a party admin may give (and manage accounts holding): its
/// party's own work. Joint commanders act for the whole mechanism and
/// observers for the mission watching it, so only the node's operator,
/// who holds the keys, creates those.
pub const ADMIN_GRANTS: &[Role] = &[R::PartyAdmin, R::PartyOfficer, R::VettingOfficer];

/// Whether `by` (`None`: the node's operator) may give `role`, or manage
/// an account that holds it.
///
/// # Errors
/// [`DomainError::MissingRole`] naming the role only the operator gives.
pub fn may_grant(by: Option<&Actor>, role: Role) -> Result<(), DomainError> {
    match by {
        None => Ok(()),
        Some(a) if a.has(R::PartyAdmin) && ADMIN_GRANTS.contains(&role) => Ok(()),
        Some(_) => Err(DomainError::MissingRole { role: "operator" }),
    }
}

/// Whether `actor` (`None`: not signed in) may do `action` to `target`.
///
/// # Errors
/// - [`DomainError::SignInRequired`] when only signed-in accounts may;
/// - [`DomainError::MissingRole`] naming a role that would do, when the
///   actor holds none of them;
/// - [`DomainError::WrongParty`] or [`DomainError::NotOnPatrol`] when a
///   role matches but the resource is another party's.
pub fn authorize(
    actor: Option<&Actor>,
    action: Action,
    target: Target<'_>,
) -> Result<(), DomainError> {
    let rows = POLICY.iter().filter(|r| r.action == action);
    let mut scope_refusal = None;
    let mut wanted_role = None;
    for row in rows {
        let holds = match (row.who, actor) {
            (W::Anyone, _) => true,
            (_, None) => false,
            (W::SignedIn, Some(_)) => true,
            (W::Role(role), Some(a)) => {
                wanted_role.get_or_insert(role);
                a.has(role)
            }
        };
        if !holds {
            continue;
        }
        match in_scope(row.scope, actor, target) {
            Ok(()) => return Ok(()),
            Err(e) => {
                scope_refusal.get_or_insert(e);
            }
        }
    }
    if let Some(e) = scope_refusal {
        return Err(e);
    }
    match (actor, wanted_role) {
        (None, _) => Err(DomainError::SignInRequired {
            action: action.as_str(),
        }),
        (Some(_), Some(role)) => Err(DomainError::MissingRole {
            role: role.as_str(),
        }),
        // No row names a role: the action is open to signed-in accounts,
        // which this actor is, so a row must have held. Refuse anyway.
        (Some(_), None) => Err(DomainError::MissingRole { role: "none" }),
    }
}

fn in_scope(scope: Scope, actor: Option<&Actor>, target: Target<'_>) -> Result<(), DomainError> {
    let Some(actor) = actor else {
        return if scope == Scope::Any {
            Ok(())
        } else {
            Err(DomainError::SignInRequired { action: "scoped" })
        };
    };
    match (scope, target) {
        (Scope::Any, _) => Ok(()),
        (Scope::OwnParty, Target::Party(p)) if *p == actor.party => Ok(()),
        (Scope::OwnParty, Target::Party(p)) => Err(DomainError::WrongParty {
            actor_party: actor.party.clone(),
            target_party: p.clone(),
        }),
        (Scope::OnResource, Target::Parties(set)) if set.contains(&actor.party) => Ok(()),
        (Scope::OnResource, Target::Parties(_)) => Err(DomainError::NotOnPatrol {
            party: actor.party.clone(),
        }),
        // A scoped row and a target that has no party (or the wrong shape)
        // never match: refuse rather than guess.
        (Scope::OwnParty | Scope::OnResource, _) => Err(DomainError::MissingRole { role: "scope" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn actor(party: &str, roles: &[Role]) -> Actor {
        Actor::new(
            UserId::new("u").unwrap(),
            PartyId::new(party).unwrap(),
            roles.iter().copied(),
        )
    }

    /// The matrix written out by hand, independently of [`POLICY`]: for
    /// every role (and the public), every action, and a resource of the
    /// actor's own party, of another party, and of both. `true` = allowed.
    ///
    /// Columns: own party, other party, shared (patrol with own + other),
    /// other-only patrol, whole.
    #[test]
    fn every_cell_of_the_matrix() {
        type Row = (Action, [bool; 5]);
        let public: &[Row] = &[(A::ReadPublic, [true; 5]), (A::SubmitCheckpoint, [true; 5])];
        let signed_in: &[Row] = &[
            (A::ReadPublic, [true; 5]),
            (A::SubmitCheckpoint, [true; 5]),
            (A::ReadMembers, [true; 5]),
            (A::ReadPatrols, [true; 5]),
            (A::ReadLog, [true; 5]),
            (A::ManageOwnTokens, [true; 5]),
            (A::FileFinding, [true; 5]),
        ];
        let by_role: &[(Option<Role>, &[Row])] = &[
            (None, &[]),
            (
                Some(R::PartyOfficer),
                &[
                    (A::ReadIdentity, [true, false, false, false, false]),
                    (A::ManageMember, [true, false, false, false, false]),
                    (A::ReportPatrol, [false, false, true, false, false]),
                    (A::EndorsePatrol, [true, false, false, false, false]),
                    (A::ReportIncident, [true; 5]),
                ],
            ),
            (
                Some(R::VettingOfficer),
                &[
                    (A::ReadIdentity, [true, false, false, false, false]),
                    (A::ExportIdentities, [true; 5]),
                    (A::Vet, [true; 5]),
                ],
            ),
            (
                Some(R::JointCommander),
                &[
                    (A::CreateMechanism, [true; 5]),
                    (A::SetUpMechanism, [true; 5]),
                    (A::CommandPatrol, [true; 5]),
                    (A::ReportPatrol, [true; 5]),
                    (A::ReportIncident, [true; 5]),
                    (A::ManageIncidents, [true; 5]),
                ],
            ),
            (
                Some(R::Observer),
                &[
                    (A::ReportIncident, [true; 5]),
                    (A::ManageIncidents, [true; 5]),
                ],
            ),
            (
                Some(R::PartyAdmin),
                &[(A::ManageUsers, [true, false, false, false, false])],
            ),
        ];
        let own = PartyId::new("cma").unwrap();
        let other = PartyId::new("fama").unwrap();
        let shared: BTreeSet<PartyId> = [own.clone(), other.clone()].into();
        let other_only: BTreeSet<PartyId> = [other.clone()].into();
        let targets = [
            Target::Party(&own),
            Target::Party(&other),
            Target::Parties(&shared),
            Target::Parties(&other_only),
            Target::Whole,
        ];
        let mut cells = 0;
        for (role, rows) in by_role {
            // `None`: signed in with no role at all.
            let roles: Vec<Role> = role.iter().copied().collect();
            let who = Some(actor("cma", &roles));
            let expected_rows: Vec<&Row> = signed_in.iter().chain(rows.iter()).collect();
            for action in Action::ALL {
                // A role's own rows say where it is allowed; every target
                // of an action it has no row for is refused.
                let expected = expected_rows
                    .iter()
                    .find(|(a, _)| *a == action)
                    .map_or([false; 5], |(_, cells)| *cells);
                for (t, target) in targets.iter().enumerate() {
                    let got = authorize(who.as_ref(), action, *target).is_ok();
                    assert_eq!(
                        got, expected[t],
                        "{role:?} {action:?} on target {t}: got {got}"
                    );
                    cells += 1;
                }
            }
        }
        for action in Action::ALL {
            let expected = public
                .iter()
                .find(|(a, _)| *a == action)
                .map_or([false; 5], |(_, cells)| *cells);
            for (t, target) in targets.iter().enumerate() {
                let got = authorize(None, action, *target).is_ok();
                assert_eq!(got, expected[t], "public {action:?} on target {t}");
                cells += 1;
            }
        }
        assert_eq!(
            cells,
            (by_role.len() + 1) * Action::ALL.len() * targets.len()
        );
    }

    #[test]
    fn refusals_say_why() {
        let cma_officer = actor("cma", &[R::PartyOfficer]);
        let fama = PartyId::new("fama").unwrap();
        assert_eq!(
            authorize(Some(&cma_officer), A::EndorsePatrol, Target::Party(&fama)),
            Err(DomainError::WrongParty {
                actor_party: PartyId::new("cma").unwrap(),
                target_party: fama.clone(),
            })
        );
        let fama_only: BTreeSet<PartyId> = [fama.clone()].into();
        assert_eq!(
            authorize(
                Some(&cma_officer),
                A::ReportPatrol,
                Target::Parties(&fama_only)
            ),
            Err(DomainError::NotOnPatrol {
                party: PartyId::new("cma").unwrap()
            })
        );
        assert_eq!(
            authorize(Some(&cma_officer), A::Vet, Target::Whole),
            Err(DomainError::MissingRole {
                role: "vetting-officer"
            })
        );
        assert_eq!(
            authorize(None, A::ReadMembers, Target::Whole),
            Err(DomainError::SignInRequired {
                action: "read-members"
            })
        );
    }

    #[test]
    fn party_admins_grant_their_party_roles_only() {
        let admin = actor("cma", &[R::PartyAdmin]);
        let officer = actor("cma", &[R::PartyOfficer]);
        for role in [R::PartyAdmin, R::PartyOfficer, R::VettingOfficer] {
            assert!(may_grant(Some(&admin), role).is_ok(), "{role:?}");
            assert!(may_grant(Some(&officer), role).is_err(), "{role:?}");
            assert!(may_grant(None, role).is_ok());
        }
        for role in [R::JointCommander, R::Observer] {
            assert!(may_grant(Some(&admin), role).is_err(), "{role:?}");
            assert!(may_grant(None, role).is_ok());
        }
    }

    #[test]
    fn several_roles_add_up() {
        let both = actor("cma", &[R::PartyOfficer, R::JointCommander]);
        let fama_only: BTreeSet<PartyId> = [PartyId::new("fama").unwrap()].into();
        // The officer's row refuses (not on the patrol); the commander's
        // row admits.
        assert!(authorize(Some(&both), A::ReportPatrol, Target::Parties(&fama_only)).is_ok());
    }
}
