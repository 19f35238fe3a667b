//! Realistic, fictional ACLED-like incidents over Mali, 2012–2024.
//!
//! The proportions follow the shape of the conflict as ACLED's Mali data
//! shows it (central Mali, Mopti and Ségou, and the north, Gao, Tombouctou,
//! Ménaka and Kidal, dominate; the south is quieter), but every record is
//! invented: ids start with "MOC-", places are drawn inside rough regional
//! bounding boxes, and notes say the event is synthetic. Deterministic for
//! a seed: the RNG is the caller's.

use crate::model::{
    Actor, ActorType, EventType, Figure, IncidentRecord, Precision, Source, SourceKind,
    SourceScale, SubEventType, Toll, days_in_month, reconcile,
};
use rand::Rng;
use rand::seq::SliceRandom;

/// A region of Mali: (name, id code, weight, lat range, lon range, towns
/// with their cercle).
struct Region {
    name: &'static str,
    code: &'static str,
    weight: u32,
    lat: (f64, f64),
    lon: (f64, f64),
    towns: &'static [(&'static str, &'static str)],
}

const REGIONS: &[Region] = &[
    Region {
        name: "Mopti",
        code: "MOP",
        weight: 30,
        lat: (13.8, 15.6),
        lon: (-4.8, -1.5),
        towns: &[
            ("Sevare", "Mopti"),
            ("Djenne", "Djenne"),
            ("Bandiagara", "Bandiagara"),
            ("Douentza", "Douentza"),
            ("Bankass", "Bankass"),
            ("Koro", "Koro"),
            ("Tenenkou", "Tenenkou"),
            ("Youwarou", "Youwarou"),
        ],
    },
    Region {
        name: "Segou",
        code: "SEG",
        weight: 13,
        lat: (12.8, 15.2),
        lon: (-6.9, -4.5),
        towns: &[
            ("Segou", "Segou"),
            ("Niono", "Niono"),
            ("Macina", "Macina"),
            ("San", "San"),
            ("Diafarabe", "Tominian"),
        ],
    },
    Region {
        name: "Gao",
        code: "GAO",
        weight: 14,
        lat: (15.2, 17.4),
        lon: (-1.2, 2.8),
        towns: &[
            ("Gao", "Gao"),
            ("Ansongo", "Ansongo"),
            ("Bourem", "Bourem"),
            ("Tessit", "Ansongo"),
            ("Ouatagouna", "Ansongo"),
        ],
    },
    Region {
        name: "Tombouctou",
        code: "TBK",
        weight: 12,
        lat: (15.3, 19.5),
        lon: (-5.5, 0.0),
        towns: &[
            ("Timbuktu", "Tombouctou"),
            ("Goundam", "Goundam"),
            ("Niafunke", "Niafunke"),
            ("Ber", "Tombouctou"),
            ("Gourma-Rharous", "Gourma-Rharous"),
        ],
    },
    Region {
        name: "Menaka",
        code: "MNK",
        weight: 10,
        lat: (14.9, 16.6),
        lon: (1.6, 4.1),
        towns: &[
            ("Menaka", "Menaka"),
            ("Anderamboukane", "Menaka"),
            ("Inekar", "Menaka"),
            ("Tidermene", "Tidermene"),
        ],
    },
    Region {
        name: "Kidal",
        code: "KID",
        weight: 7,
        lat: (17.6, 20.4),
        lon: (-0.3, 4.1),
        towns: &[
            ("Kidal", "Kidal"),
            ("Aguelhok", "Tessalit"),
            ("Tessalit", "Tessalit"),
            ("Anefis", "Tin-Essako"),
        ],
    },
    Region {
        name: "Koulikoro",
        code: "KOU",
        weight: 5,
        lat: (12.3, 14.8),
        lon: (-8.8, -6.6),
        towns: &[
            ("Koulikoro", "Koulikoro"),
            ("Kati", "Kati"),
            ("Nara", "Nara"),
        ],
    },
    Region {
        name: "Bamako",
        code: "BKO",
        weight: 3,
        lat: (12.56, 12.70),
        lon: (-8.08, -7.92),
        towns: &[("Bamako", "Bamako")],
    },
    Region {
        name: "Sikasso",
        code: "SIK",
        weight: 3,
        lat: (10.3, 12.7),
        lon: (-8.4, -5.2),
        towns: &[
            ("Sikasso", "Sikasso"),
            ("Koutiala", "Koutiala"),
            ("Bougouni", "Bougouni"),
        ],
    },
    Region {
        name: "Kayes",
        code: "KAY",
        weight: 3,
        lat: (12.6, 15.4),
        lon: (-12.0, -9.0),
        towns: &[
            ("Kayes", "Kayes"),
            ("Nioro du Sahel", "Nioro"),
            ("Diema", "Diema"),
        ],
    },
];

/// An armed actor: name, type, years active.
struct Armed {
    name: &'static str,
    kind: ActorType,
    from: u16,
    to: u16,
    weight: u32,
}

const ARMED: &[Armed] = &[
    Armed {
        name: "Military Forces of Mali",
        kind: ActorType::StateForces,
        from: 2012,
        to: 2024,
        weight: 30,
    },
    Armed {
        name: "JNIM: Jama'at Nasr al-Islam wal Muslimin",
        kind: ActorType::RebelGroup,
        from: 2017,
        to: 2024,
        weight: 30,
    },
    Armed {
        name: "Islamic State (Sahel)",
        kind: ActorType::RebelGroup,
        from: 2015,
        to: 2024,
        weight: 12,
    },
    Armed {
        name: "Ansar Dine",
        kind: ActorType::RebelGroup,
        from: 2012,
        to: 2016,
        weight: 10,
    },
    Armed {
        name: "MNLA: National Movement for the Liberation of Azawad",
        kind: ActorType::RebelGroup,
        from: 2012,
        to: 2014,
        weight: 8,
    },
    Armed {
        name: "CMA: Coordination of Azawad Movements",
        kind: ActorType::RebelGroup,
        from: 2014,
        to: 2024,
        weight: 6,
    },
    Armed {
        name: "GATIA: Imghad Tuareg and Allies Self-Defense Group",
        kind: ActorType::PoliticalMilitia,
        from: 2014,
        to: 2024,
        weight: 5,
    },
    Armed {
        name: "Dan Na Ambassagou",
        kind: ActorType::IdentityMilitia,
        from: 2016,
        to: 2024,
        weight: 8,
    },
    Armed {
        name: "Wagner Group",
        kind: ActorType::ExternalOtherForces,
        from: 2021,
        to: 2023,
        weight: 8,
    },
    Armed {
        name: "Africa Corps",
        kind: ActorType::ExternalOtherForces,
        from: 2024,
        to: 2024,
        weight: 8,
    },
    Armed {
        name: "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
        kind: ActorType::ExternalOtherForces,
        from: 2013,
        to: 2023,
        weight: 5,
    },
    Armed {
        name: "Unidentified Armed Group (Mali)",
        kind: ActorType::PoliticalMilitia,
        from: 2012,
        to: 2024,
        weight: 12,
    },
];

/// Outlets: (name, kind, scale).
const OUTLETS: &[(&str, SourceKind, &str)] = &[
    ("Studio Tamani", SourceKind::Media, "National"),
    ("RFI", SourceKind::Media, "International"),
    ("AFP", SourceKind::Media, "International"),
    ("Le Journal du Mali", SourceKind::Media, "National"),
    ("Maliweb", SourceKind::Media, "National"),
    ("Menastream", SourceKind::Media, "New media"),
    ("Reuters", SourceKind::Media, "International"),
    ("Al Jazeera", SourceKind::Media, "International"),
    ("FAMa communique", SourceKind::Official, "National"),
    ("MINUSMA", SourceKind::Observer, "Other"),
    ("Human Rights Watch", SourceKind::Observer, "Other"),
    ("Local source", SourceKind::Media, "Local partner"),
];

fn weighted<'a, T>(rng: &mut impl Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if pick < w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1]
}

fn actor(name: &str, kind: ActorType) -> Actor {
    Actor {
        name: name.to_owned(),
        associated: Vec::new(),
        kind,
    }
}

fn armed(rng: &mut impl Rng, year: u16, not: Option<&str>) -> Actor {
    let active: Vec<&Armed> = ARMED
        .iter()
        .filter(|a| a.from <= year && year <= a.to && Some(a.name) != not)
        .collect();
    let a = weighted(rng, &active, |a| a.weight);
    actor(a.name, a.kind)
}

/// Heavy-tailed deaths: most events kill 0–5, a few 20–100.
fn deaths(rng: &mut impl Rng, event: EventType) -> u32 {
    let u: f64 = rng.r#gen();
    match event {
        EventType::Protests | EventType::StrategicDevelopments => u32::from(u > 0.95),
        EventType::Riots => {
            if u < 0.8 {
                0
            } else {
                rng.gen_range(1..=3)
            }
        }
        _ => {
            if u < 0.35 {
                0
            } else if u < 0.85 {
                rng.gen_range(1..=5)
            } else if u < 0.96 {
                rng.gen_range(6..=19)
            } else {
                rng.gen_range(20..=100)
            }
        }
    }
}

fn coordinate(rng: &mut impl Rng, range: (f64, f64)) -> i32 {
    // Four decimals, as ACLED publishes.
    let v = rng.gen_range(range.0..range.1);
    (v * 10_000.0).round() as i32 * 100
}

/// One fictional incident; `n` numbers its id.
fn incident(rng: &mut impl Rng, n: usize) -> IncidentRecord {
    let region = weighted(rng, REGIONS, |r| r.weight);
    let &(town, cercle) = region.towns.choose(rng).unwrap_or(&("Gao", "Gao"));
    // Violence grew over the years: weight a year by its rank.
    let years: Vec<u16> = (2012..=2024).collect();
    let year = *weighted(rng, &years, |y| u32::from(y - 2008));
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=days_in_month(year, month));
    let event_type = weighted(
        rng,
        &[
            (EventType::Battles, 30),
            (EventType::ViolenceAgainstCivilians, 30),
            (EventType::ExplosionsRemoteViolence, 15),
            (EventType::StrategicDevelopments, 13),
            (EventType::Protests, 8),
            (EventType::Riots, 4),
        ],
        |(_, w)| *w,
    )
    .0;
    let subs: Vec<SubEventType> = event_type.sub_event_types().collect();
    // The first sub-event of each type is by far the most common.
    let sub_event_type = if rng.gen_bool(0.6) {
        subs[0]
    } else {
        *subs.choose(rng).unwrap_or(&subs[0])
    };
    let sub_event_type = match sub_event_type {
        SubEventType::ChemicalWeapon => SubEventType::RemoteExplosiveLandmineIed,
        s => s,
    };
    let civilians = actor("Civilians (Mali)", ActorType::Civilians);
    let (actor1, actor2) = match event_type {
        EventType::Battles => {
            let a = armed(rng, year, None);
            let b = armed(rng, year, Some(&a.name));
            (a, Some(b))
        }
        EventType::ViolenceAgainstCivilians => (armed(rng, year, None), Some(civilians)),
        EventType::ExplosionsRemoteViolence => {
            let a = armed(rng, year, None);
            let b = if rng.gen_bool(0.5) {
                Some(armed(rng, year, Some(&a.name)))
            } else {
                Some(civilians)
            };
            (a, b)
        }
        EventType::Protests => (
            actor("Protesters (Mali)", ActorType::Protesters),
            rng.gen_bool(0.2)
                .then(|| actor("Police Forces of Mali", ActorType::StateForces)),
        ),
        EventType::Riots => (actor("Rioters (Mali)", ActorType::Rioters), None),
        EventType::StrategicDevelopments => (armed(rng, year, None), None),
    };
    let civilian_targeting = event_type == EventType::ViolenceAgainstCivilians
        || (actor2.as_ref().map(|a| a.kind) == Some(ActorType::Civilians));
    let killed = deaths(rng, event_type);
    let mut outlets: Vec<&(&str, SourceKind, &str)> = OUTLETS.iter().collect();
    outlets.shuffle(rng);
    let count = rng.gen_range(1..=3);
    let scale = SourceScale::parse(outlets[0].2);
    let sources: Vec<Source> = outlets[..count]
        .iter()
        .enumerate()
        .map(|(i, (outlet, kind, _))| {
            // The first source gives the lowest figure; others may say more.
            let extra = if i == 0 || killed == 0 {
                0
            } else {
                rng.gen_range(0..=killed / 3)
            };
            Source {
                scale: scale.clone(),
                killed: Some(Figure::Exact(killed + extra)),
                ..Source::new(*outlet, *kind)
            }
        })
        .collect();
    let fatalities = reconcile(&sources, Toll::Killed).map_or(0, |c| c.acled);
    let mut tags = Vec::new();
    if event_type == EventType::Battles
        && year >= 2015
        && [
            &actor1.name,
            &actor2.as_ref().map_or(String::new(), |a| a.name.clone()),
        ]
        .iter()
        .any(|n| n.starts_with("CMA") || n.starts_with("GATIA"))
    {
        tags.push("ceasefire violation".to_owned());
    }
    let notes = format!(
        "Synthetic event. On {day} {} {year}, {} near {town} ({}): {} reported killed.",
        MONTH_NAMES[usize::from(month - 1)],
        sub_event_type.label().to_lowercase(),
        region.name,
        fatalities
    );
    IncidentRecord {
        event_id_cnty: format!("MOC-{}-{:04}", region.code, n),
        event_date: format!("{year:04}-{month:02}-{day:02}"),
        time_precision: Precision::new(*weighted(rng, &[1u8, 2, 3], |p| {
            [80, 15, 5][usize::from(p - 1)]
        }))
        .unwrap_or(Precision::EXACT),
        disorder_type: sub_event_type.default_disorder_type(),
        event_type,
        sub_event_type,
        actor1,
        actor2,
        civilian_targeting,
        iso: 466,
        country: "Mali".to_owned(),
        region: "Western Africa".to_owned(),
        admin1: Some(region.name.to_owned()),
        admin2: Some(cercle.to_owned()),
        admin3: None,
        location: town.to_owned(),
        latitude_e6: coordinate(rng, region.lat),
        longitude_e6: coordinate(rng, region.lon),
        geo_precision: Precision::new(*weighted(rng, &[1u8, 2, 3], |p| {
            [60, 30, 10][usize::from(p - 1)]
        }))
        .unwrap_or(Precision::EXACT),
        sources,
        notes,
        tags,
        fatalities,
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `count` fictional incidents over Mali 2012–2024, numbered from 1 in
/// their ids ("MOC-GAO-0001"); the same RNG state gives the same records.
/// Every record passes [`IncidentRecord::validate`].
pub fn synthesize<R: Rng>(count: usize, rng: &mut R) -> impl Iterator<Item = IncidentRecord> {
    (1..=count).map(move |n| incident(rng, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    #[test]
    fn deterministic_valid_and_realistic() {
        let a: Vec<_> = synthesize(5000, &mut ChaCha8Rng::seed_from_u64(1)).collect();
        let b: Vec<_> = synthesize(5000, &mut ChaCha8Rng::seed_from_u64(1)).collect();
        assert_eq!(a, b);
        let c: Vec<_> = synthesize(50, &mut ChaCha8Rng::seed_from_u64(2)).collect();
        assert_ne!(a[..50], c[..]);
        let mut by_region: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_type: BTreeMap<EventType, usize> = BTreeMap::new();
        for r in &a {
            assert_eq!(r.validate(), Ok(()), "{r:?}");
            let region = REGIONS
                .iter()
                .find(|g| Some(g.name) == r.admin1.as_deref())
                .expect("a known region");
            let lat = f64::from(r.latitude_e6) / 1e6;
            let lon = f64::from(r.longitude_e6) / 1e6;
            assert!(
                lat >= region.lat.0 - 1e-4 && lat <= region.lat.1 + 1e-4,
                "{lat}"
            );
            assert!(
                lon >= region.lon.0 - 1e-4 && lon <= region.lon.1 + 1e-4,
                "{lon}"
            );
            assert!((1..=3).contains(&r.sources.len()));
            assert!((2012..=2024).contains(&r.year()));
            *by_region.entry(region.name).or_default() += 1;
            *by_type.entry(r.event_type).or_default() += 1;
        }
        let north_centre: usize = ["Mopti", "Segou", "Gao", "Tombouctou", "Menaka", "Kidal"]
            .iter()
            .map(|n| by_region.get(n).copied().unwrap_or(0))
            .sum();
        assert!(north_centre > a.len() * 8 / 10, "{by_region:?}");
        assert!(
            by_region["Mopti"] > by_region["Bamako"] * 5,
            "{by_region:?}"
        );
        assert!(by_type[&EventType::Battles] > by_type[&EventType::Protests] * 2);
        assert!(by_type[&EventType::ViolenceAgainstCivilians] > by_type[&EventType::Riots] * 3);
        let small = a.iter().filter(|r| r.fatalities <= 5).count();
        let big = a.iter().filter(|r| r.fatalities >= 20).count();
        assert!(small > a.len() * 3 / 4, "{small}");
        assert!(big > 0 && big < a.len() / 20, "{big}");
        assert!(
            a.iter()
                .any(|r| r.tags.iter().any(|t| t == "ceasefire violation"))
        );
        assert!(
            a.iter()
                .all(|r| r.actor1.name != "Wagner Group" || (2021..=2023).contains(&r.year()))
        );
    }
}
