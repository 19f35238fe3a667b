//! Personal records: sealed into the restricted table, committed to in the
//! log.
//!
//! A member's record (name, birth date and place, photo reference, next of
//! kin) is serialised to canonical JSON and committed to with a fresh
//! random salt ([`moc_ledger::commitment`]); the log's `member-registered`
//! entry carries only `sha256:` and the commitment. The record and the salt
//! go to the restricted `identities` table before the entry is appended.

use std::fmt;

use moc_domain::{
    Actor, Command, IdentityCommitment, Language, MechanismId, MemberRegistered, MemberRole,
    PartyId, Rank, ServiceNumber, UnitId,
};
use moc_ledger::commitment;
use moc_store::IdentityRow;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::node::PendingIdentity;
use crate::{Executed, Node, NodeError, now};

/// The longest field of a personal record.
pub const MAX_FIELD: usize = 200;

/// A member's personal data. Never logged: `Debug` is redacted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalRecord {
    /// Full name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: String,
    /// Birth date (`YYYY-MM-DD`), when known.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<moc_domain::Date>))]
    pub birth_date: Option<String>,
    /// Birth place, when known.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub birth_place: Option<String>,
    /// Where the photo is kept (a reference, not the photo).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub photo_ref: Option<String>,
    /// Next of kin, when given.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub next_of_kin: Option<String>,
}

impl fmt::Debug for PersonalRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalRecord(<redacted>)")
    }
}

impl PersonalRecord {
    /// Checks every field.
    ///
    /// # Errors
    /// [`NodeError::Invalid`] naming the field.
    pub fn check(&self) -> Result<(), NodeError> {
        let fields: [(&'static str, Option<&String>); 5] = [
            ("full_name", Some(&self.full_name)),
            ("birth_date", self.birth_date.as_ref()),
            ("birth_place", self.birth_place.as_ref()),
            ("photo_ref", self.photo_ref.as_ref()),
            ("next_of_kin", self.next_of_kin.as_ref()),
        ];
        for (field, value) in fields {
            let Some(v) = value else { continue };
            let why = if v.trim().is_empty() {
                Some("empty".to_owned())
            } else if v.chars().count() > MAX_FIELD {
                Some(format!("longer than {MAX_FIELD} characters"))
            } else if v.chars().any(char::is_control) {
                Some("holds a control character".to_owned())
            } else {
                None
            };
            if let Some(why) = why {
                return Err(NodeError::Invalid { field, why });
            }
        }
        if let Some(d) = &self.birth_date {
            moc_domain::Date::new(d.clone()).map_err(|e| NodeError::Invalid {
                field: "birth_date",
                why: e.to_string(),
            })?;
        }
        Ok(())
    }

    /// The exact bytes committed to: the record as compact JSON, fields in
    /// declaration order.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Commits to the record with a fresh salt: the commitment for the log
    /// and the row for the restricted table.
    ///
    /// # Errors
    /// [`NodeError::Invalid`] for a bad record.
    pub fn seal(
        &self,
        mechanism: &MechanismId,
        service_number: &ServiceNumber,
    ) -> Result<(IdentityCommitment, IdentityRow), NodeError> {
        self.check()?;
        let record = String::from_utf8(self.to_bytes()).unwrap_or_default();
        let (c, opening) = commitment::commit(record.as_bytes(), &mut rand::rngs::OsRng);
        let text = format!("sha256:{c}");
        let commitment = IdentityCommitment::new(text.clone())?;
        Ok((
            commitment,
            IdentityRow {
                mechanism: mechanism.as_str().to_owned(),
                service_number: service_number.as_str().to_owned(),
                commitment: text,
                opening: opening.to_base64(),
                record,
            },
        ))
    }
}

/// A member to register: the codes that go into the log, and the personal
/// record that does not.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// Service number, unique per mechanism.
    pub service_number: ServiceNumber,
    /// The member's party.
    pub party: PartyId,
    /// The unit.
    pub unit: UnitId,
    /// Rank.
    pub rank: Rank,
    /// Functions.
    #[serde(default)]
    pub roles: BTreeSet<MemberRole>,
    /// Languages.
    #[serde(default)]
    pub languages: BTreeSet<Language>,
    /// Personal data, kept off the log.
    pub identity: PersonalRecord,
}

impl Node {
    /// Registers a member: seals the personal record, then runs
    /// `register-member` with its commitment.
    ///
    /// # Errors
    /// As [`Node::execute`], or [`NodeError::Invalid`] for a bad record.
    pub async fn register_member(
        &self,
        actor: &Actor,
        member: NewMember,
    ) -> Result<Executed, NodeError> {
        let (commitment, row) = member
            .identity
            .seal(&member.mechanism, &member.service_number)?;
        let command = Command::RegisterMember(MemberRegistered {
            mechanism: member.mechanism,
            service_number: member.service_number,
            party: member.party,
            unit: member.unit,
            rank: member.rank,
            roles: member.roles,
            languages: member.languages,
            identity_commitment: commitment,
        });
        let (at, ms) = now();
        self.execute_at(actor, command, at, ms, Some(PendingIdentity(row)))
            .await
    }

    /// Exports members' personal records for vetting: records the export in
    /// the log first (who, for which party, whose records), then reads the
    /// records. A member whose record was erased gets `null`.
    ///
    /// # Errors
    /// As [`Node::execute`] (the policy and the export rule refuse there),
    /// or the store's error.
    pub async fn export_identities(
        &self,
        actor: &Actor,
        mechanism: &MechanismId,
        members: &[ServiceNumber],
    ) -> Result<(Executed, Vec<serde_json::Value>), NodeError> {
        let command = Command::ExportIdentities {
            mechanism: mechanism.clone(),
            members: members.to_vec(),
        };
        let done = self.execute(actor, command).await?;
        let mut records = Vec::with_capacity(members.len());
        for sn in members {
            let row = self
                .store()
                .identity(mechanism.as_str(), sn.as_str())
                .await?;
            let record = match row {
                Some(r) => serde_json::from_str(&r.record).map_err(|e| NodeError::Invalid {
                    field: "identities",
                    why: format!("stored record of {sn} does not parse: {e}"),
                })?,
                None => serde_json::Value::Null,
            };
            records.push(serde_json::json!({
                "mechanism": mechanism.as_str(),
                "service_number": sn.as_str(),
                "record": record,
            }));
        }
        tracing::info!(
            user = actor.user.as_str(),
            members = members.len(),
            index = done.index,
            "identities exported"
        );
        Ok((done, records))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PersonalRecord {
        PersonalRecord {
            full_name: "Aïssata Exemplaire".into(),
            birth_date: Some("1990-02-03".into()),
            birth_place: Some("Gao".into()),
            photo_ref: None,
            next_of_kin: Some("Oumar Exemplaire".into()),
        }
    }

    #[test]
    fn a_sealed_record_opens_and_names_nobody_in_its_commitment() {
        let m = MechanismId::new("moc-gao").unwrap();
        let s = ServiceNumber::new("FAMA-0001").unwrap();
        let (c, row) = record().seal(&m, &s).unwrap();
        assert!(c.as_str().starts_with("sha256:"));
        assert!(!c.as_str().contains("Exemplaire"));
        assert!(!format!("{:?} {:?}", record(), row).contains("Exemplaire"));
        let opening = commitment::Opening::from_base64(&row.opening).unwrap();
        let committed: commitment::Commitment =
            c.as_str().trim_start_matches("sha256:").parse().unwrap();
        assert!(commitment::verify(
            &committed,
            &opening,
            row.record.as_bytes()
        ));
        // Two seals of one record differ: the salt is fresh.
        let (c2, _) = record().seal(&m, &s).unwrap();
        assert_ne!(c, c2);
    }

    #[test]
    fn bad_fields_are_named() {
        let mut r = record();
        r.full_name = "  ".into();
        assert!(matches!(
            r.check(),
            Err(NodeError::Invalid {
                field: "full_name",
                ..
            })
        ));
        let mut r = record();
        r.birth_date = Some("03/02/1990".into());
        assert!(matches!(
            r.check(),
            Err(NodeError::Invalid {
                field: "birth_date",
                ..
            })
        ));
        let mut r = record();
        r.next_of_kin = Some("a\nb".into());
        assert!(matches!(
            r.check(),
            Err(NodeError::Invalid {
                field: "next_of_kin",
                ..
            })
        ));
    }
}
