//! The seed articles against their gold annotation, and the two reports of
//! the Gao bombing matched into one incident.

use moc_incidents::EventType;
use moc_intake::eval::{evaluate, read_gold};
use moc_intake::matching::{Decision, Key, Known, decide};
use moc_intake::{Extraction, Gazetteer, Options, extract};

const SEEDS: &[(&str, &str)] = &[
    (
        "000_fe1b975141318dc0.txt",
        include_str!("data/seeds/000_fe1b975141318dc0.txt"),
    ),
    (
        "001_d605a979a074433c.txt",
        include_str!("data/seeds/001_d605a979a074433c.txt"),
    ),
    (
        "002_bc0492a829f2896b.txt",
        include_str!("data/seeds/002_bc0492a829f2896b.txt"),
    ),
    (
        "003_f2511676c083130f.txt",
        include_str!("data/seeds/003_f2511676c083130f.txt"),
    ),
    (
        "004_9fc6cc11b9d5f883.txt",
        include_str!("data/seeds/004_9fc6cc11b9d5f883.txt"),
    ),
];

fn extracted(g: &Gazetteer) -> Vec<(String, Extraction)> {
    SEEDS
        .iter()
        .map(|(f, t)| (f.to_string(), extract(t, g, &Options::default())))
        .collect()
}

#[test]
fn every_field_scores_at_least_0_9_on_the_seeds() {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let gold = read_gold(include_str!("data/seeds/gold.csv")).expect("gold reads");
    let report = evaluate(&extracted(&g), &gold, &g);
    for f in &report.fields {
        assert!(f.f1 >= 0.9, "{}: {f:?}", f.field);
    }
}

#[test]
fn the_analysis_piece_yields_nothing() {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let x = extract(SEEDS[1].1, &g, &Options::default());
    assert_eq!(x.candidates, []);
}

#[test]
fn both_reports_of_the_gao_bombing_become_one_incident_with_both_tolls() {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let gao = |text: &str| {
        extract(text, &g, &Options::default())
            .candidates
            .into_iter()
            .find(|c| c.place.as_ref().is_some_and(|p| p.value.location == "Gao"))
            .expect("a Gao candidate")
    };
    let ap = gao(SEEDS[0].1);
    let iss = gao(SEEDS[3].1);
    for c in [&ap, &iss] {
        assert_eq!(
            c.date.as_ref().and_then(|d| d.value.date.as_deref()),
            Some("2017-01-18")
        );
        assert_eq!(
            c.event_type.as_ref().map(|t| t.value),
            Some(EventType::ExplosionsRemoteViolence)
        );
    }
    // Each source keeps its own figure: 54, and nearly 80.
    assert_eq!(ap.fatalities.map(|r| (r.low, r.high)), Some((54, 54)));
    assert_eq!(iss.fatalities.map(|r| r.high), Some(80));
    assert!(ap.tolls.iter().any(|t| t.evidence.text == "at least 54"));
    assert!(iss.tolls.iter().any(|t| t.evidence.text == "Nearly 80"));

    let known = [Known {
        id: "gao-2017-01-18".into(),
        key: Key::of(&ap).expect("dated, placed, typed"),
    }];
    let second = Key::of(&iss).expect("dated, placed, typed");
    assert!(matches!(
        decide(&second, &known),
        Decision::AddSource { ref incident, days_apart: 0, .. } if incident == "gao-2017-01-18"
    ));
}

#[test]
fn evidence_quotes_the_article() {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    for (name, text) in SEEDS {
        for c in extract(text, &g, &Options::default()).candidates {
            let spans = c
                .place
                .iter()
                .map(|f| &f.evidence)
                .chain(c.date.iter().map(|f| &f.evidence))
                .chain(c.event_type.iter().map(|f| &f.evidence))
                .chain(c.tolls.iter().map(|t| &t.evidence));
            for e in spans {
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()), "{name}");
                assert!(!e.text.is_empty(), "{name}");
            }
        }
    }
}
