//! From the node's state to the plain figures of `moc_web::figures`:
//! counting, with no I/O, so that the pages' numbers are tested here.
//!
//! Nothing personal crosses: members are counted by party, patrols by zone
//! and status, incidents by month and type.

use std::collections::BTreeMap;

use moc_domain::{Mechanism, PatrolStatus};
use moc_i18n::Lang;
use moc_web::figures::{self, Checkpoint, Month, Party, PatrolCounts, Zone};

/// The figures of `m` in `lang`, with its log's checkpoint if read.
pub(crate) fn mechanism(
    m: &Mechanism,
    lang: Lang,
    checkpoint: Option<Checkpoint>,
) -> figures::Mechanism {
    let name = |fr: &str, en: &str| in_lang(lang, fr, en).to_owned();

    // Incidents per zone, the weight of risky duty there; merged ones
    // count once, with the incident they were merged into.
    let live: Vec<_> = m
        .incidents
        .values()
        .filter(|i| i.merged_into.is_none())
        .collect();
    let mut per_zone: BTreeMap<&str, u64> = BTreeMap::new();
    for i in &live {
        if let Some(z) = &i.zone {
            *per_zone.entry(z.as_str()).or_default() += 1;
        }
    }

    // Members and quotas per party.
    let mut parties: BTreeMap<&str, Party> = m
        .parties
        .values()
        .filter(|p| p.kind.contributes_members())
        .map(|p| {
            (
                p.id.as_str(),
                Party {
                    name: name(&p.name_fr, &p.name_en),
                    ..Party::default()
                },
            )
        })
        .collect();
    for line in m.quota_status() {
        if let Some(p) = parties.get_mut(line.party.as_str()) {
            p.target += u64::from(line.target);
            p.tolerance += u64::from(line.tolerance);
            p.current += u64::from(line.current);
        }
    }

    // Patrols per zone and status; places per party.
    let mut total = PatrolCounts::default();
    let mut zones: BTreeMap<&str, Zone> = m
        .zones
        .values()
        .map(|z| {
            (
                z.id.as_str(),
                Zone {
                    name: name(&z.name_fr, &z.name_en),
                    patrols: PatrolCounts::default(),
                },
            )
        })
        .collect();
    for patrol in m.patrols.values() {
        for counts in [
            Some(&mut total),
            zones.get_mut(patrol.zone.as_str()).map(|z| &mut z.patrols),
        ]
        .into_iter()
        .flatten()
        {
            match patrol.status {
                PatrolStatus::Planned => counts.planned += 1,
                PatrolStatus::UnderWay => counts.under_way += 1,
                PatrolStatus::Completed => counts.completed += 1,
                PatrolStatus::Aborted => counts.aborted += 1,
            }
        }
        if patrol.status == PatrolStatus::Aborted {
            continue;
        }
        let risk = per_zone.get(patrol.zone.as_str()).copied().unwrap_or(0);
        for sn in &patrol.members {
            let party = m.members.get(sn).map(|member| member.party.as_str());
            if let Some(p) = party.and_then(|id| parties.get_mut(id)) {
                p.duty += 1;
                p.risky_duty += risk;
            }
        }
    }

    // Incidents per month and type, with the sources' lowest and highest
    // death tolls.
    let mut types: Vec<&'static str> = Vec::new();
    let mut months: BTreeMap<String, (BTreeMap<&'static str, u64>, u64, u64)> = BTreeMap::new();
    for i in &live {
        let Some(view) = moc_domain::incident::view(m, &i.id) else {
            continue;
        };
        let month = view.record.event_date.get(..7).unwrap_or("").to_owned();
        let slug = view.record.event_type.slug();
        if !types.contains(&slug) {
            types.push(slug);
        }
        let entry = months.entry(month).or_default();
        *entry.0.entry(slug).or_default() += 1;
        if let Some(k) = view.killed {
            entry.1 += u64::from(k.low);
            entry.2 += u64::from(k.high);
        }
    }
    types.sort_unstable();
    let months = months
        .into_iter()
        .map(|(month, (by_type, low, high))| Month {
            month,
            by_type: types
                .iter()
                .map(|t| by_type.get(t).copied().unwrap_or(0))
                .collect(),
            killed_low: low,
            killed_high: high,
        })
        .collect();

    let members = u64::try_from(m.members.len()).unwrap_or(u64::MAX);
    let approved = m
        .members
        .values()
        .filter(|member| member.status == moc_domain::VettingStatus::Approved)
        .count();
    figures::Mechanism {
        id: m.id.to_string(),
        name: name(&m.name_fr, &m.name_en),
        members,
        approved: u64::try_from(approved).unwrap_or(u64::MAX),
        parties: parties.into_values().collect(),
        patrols: total,
        zones: zones.into_values().collect(),
        incidents: u64::try_from(live.len()).unwrap_or(u64::MAX),
        event_types: types.into_iter().map(str::to_owned).collect(),
        months,
        checkpoint,
    }
}

/// A checkpoint's text and tree size (its second line,
/// c2sp.org/tlog-checkpoint); `None` for one that does not parse.
pub(crate) fn checkpoint(bytes: &[u8]) -> Option<Checkpoint> {
    let text = std::str::from_utf8(bytes).ok()?;
    let size = text.split('\n').nth(1)?.parse().ok()?;
    Some(Checkpoint {
        text: text.to_owned(),
        size,
    })
}

/// A name in the reader's language. No Arabic name is recorded: Arabic
/// readers get the English one.
pub(crate) fn in_lang<'a>(lang: Lang, fr: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Fr { fr } else { en }
}

#[cfg(test)]
mod tests {
    use moc_domain::MechanismId;
    use moc_domain::demo::{DemoConfig, generate, placeholder_commitment};

    use super::*;

    #[test]
    fn the_demo_counts_add_up() {
        let state = generate(&DemoConfig::default(), &mut placeholder_commitment)
            .unwrap()
            .state;
        let gao = state
            .mechanism(&MechanismId::new("moc-gao").unwrap())
            .unwrap();
        let f = mechanism(gao, Lang::Fr, None);
        assert_eq!(f.members, u64::try_from(gao.members.len()).unwrap());
        assert!(f.approved > 0 && f.approved <= f.members);
        // The observer mission puts no one on patrols: not among the parties.
        assert_eq!(f.parties.len(), 3, "{:?}", f.parties);
        let quota: u64 = f.parties.iter().map(|p| p.current).sum();
        assert!(quota > 0 && quota <= f.members);
        let p = f.patrols;
        assert_eq!(
            p.planned + p.under_way + p.completed + p.aborted,
            u64::try_from(gao.patrols.len()).unwrap()
        );
        let by_zone: u64 = f.zones.iter().map(|z| z.patrols.completed).sum();
        assert_eq!(by_zone, p.completed);
        // Places on patrols that were not aborted, party by party.
        let places: u64 = gao
            .patrols
            .values()
            .filter(|x| x.status != PatrolStatus::Aborted)
            .map(|x| u64::try_from(x.members.len()).unwrap())
            .sum();
        assert_eq!(f.parties.iter().map(|p| p.duty).sum::<u64>(), places);
        // Incidents by month add up to the count.
        let by_month: u64 = f.months.iter().flat_map(|m| &m.by_type).sum();
        assert_eq!(by_month, f.incidents);
        assert!(f.months.windows(2).all(|w| w[0].month < w[1].month));
        assert!(f.months.iter().all(|m| m.killed_low <= m.killed_high));
        assert_eq!(f.name, gao.name_fr);
        assert_eq!(mechanism(gao, Lang::Ar, None).name, gao.name_en);
    }

    #[test]
    fn checkpoints_give_their_size() {
        let c = checkpoint(b"moc.example/gao\n1234\nroot=\n\n- sig\n").unwrap();
        assert_eq!(c.size, 1234);
        assert!(c.text.starts_with("moc.example/gao\n"));
        assert!(checkpoint(b"origin only").is_none());
        assert!(checkpoint(b"o\nx\n").is_none());
        assert!(checkpoint(&[0xff, 0xfe]).is_none());
    }
}
