use super::*;
use crate::matching::{Decision, Known, decide};
use crate::{Gazetteer, Options, extract};

const FIRST: &str = "Title: Suicide bomber kills 54 at Gao camp\n\
Published: 2017-01-19\n\
Source: Reuters\n\
URL: https://example.org/gao\n\
\n\
A suicide car bomb killed 54 people at a camp of the joint patrols in Gao \
on Wednesday, January 18, 2017. Al Mourabitoun claimed responsibility for \
the attack on the camp, where Malian soldiers and former rebels lived.\n";

const SECOND: &str = "Title: Gao attack toll rises\n\
Published: 2017-01-20\n\
\n\
Nearly 80 people were killed in the suicide bombing in Gao on January 18, \
2017, officials said.\n";

fn queue() -> Queue {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let mut q = Queue::default();
    let a = q.add("first.txt", &extract(FIRST, &g, &Options::default()), None);
    let b = q.add(
        "second.txt",
        &extract(SECOND, &g, &Options::default()),
        Some("ISS Today"),
    );
    assert_eq!((a.len(), b.len()), (1, 1), "{q:#?}");
    q
}

#[test]
fn a_queued_article_drafts_a_record_with_its_source() {
    let q = queue();
    let item = &q.items[0];
    assert_eq!(item.id, 1);
    assert_eq!(item.status, Status::Pending);
    assert_eq!(item.article.outlet.as_deref(), Some("Reuters"));
    let d = &item.draft;
    assert_eq!(d.date.as_deref(), Some("2017-01-18"));
    assert_eq!(d.location.as_deref(), Some("Gao"));
    assert_eq!(d.sub_event_type, Some(SubEventType::SuicideBomb));
    assert_eq!(d.killed, Some(Figure::Exact(54)));
    // The first actor: the group claiming, else an armed group named,
    // else an unidentified one; the second, another actor named.
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let c = &extract(FIRST, &g, &Options::default()).candidates[0];
    let named: Vec<&str> = c.actors.iter().map(|a| a.value.as_str()).collect();
    let expected =
        c.claims
            .iter()
            .find_map(|cl| cl.actor.as_deref())
            .or_else(|| {
                named.iter().copied().find(|n| {
                    ["Al Mourabitoun", "AQIM: Al Qaeda in the Islamic Maghreb"].contains(n)
                })
            })
            .unwrap_or(UNIDENTIFIED);
    assert_eq!(d.actor1.as_ref().map(|a| a.0.as_str()), Some(expected));
    if let Some((name, _)) = &d.actor2 {
        assert!(named.contains(&name.as_str()) && name != expected, "{d:?}");
    }
    assert!(item.evidence.iter().any(|(f, _)| f == "killed"));

    let r = item.record("MOC-GAO-0001").unwrap();
    r.validate().unwrap();
    assert_eq!(r.fatalities, 54);
    assert_eq!(r.sources.len(), 1);
    assert_eq!(r.sources[0].outlet, "Reuters");
    assert_eq!(r.sources[0].url.as_deref(), Some("https://example.org/gao"));
    assert_eq!(r.sources[0].date.as_deref(), Some("2017-01-19"));
    assert_eq!(r.admin1.as_deref(), Some("Gao"));

    // The outlet given when queueing wins over a missing header.
    let s = q.items[1].source().unwrap();
    assert_eq!(s.outlet, "ISS Today");
    assert_eq!(s.killed, Some(Figure::About(80)));
}

#[test]
fn two_articles_about_one_attack_match() {
    let q = queue();
    let known = [Known {
        id: "MOC-GAO-0001".into(),
        key: q.items[0].draft.key().unwrap(),
    }];
    let second = q.items[1].draft.key().unwrap();
    assert!(matches!(
        decide(&second, &known),
        Decision::AddSource { ref incident, .. } if incident == "MOC-GAO-0001"
    ));
}

#[test]
fn a_record_names_what_it_lacks() {
    let mut q = queue();
    let item = q.get_mut(2).unwrap();
    item.article.outlet = None;
    assert_eq!(
        item.record("X").unwrap_err(),
        ReviewError::Missing { field: "outlet" }
    );
    item.draft.sub_event_type = None;
    assert_eq!(
        item.record("X").unwrap_err(),
        ReviewError::Missing { field: "sub-event" }
    );
    item.set("sub-event=Suicide bomb").unwrap();
    item.set("outlet=ISS Today").unwrap();
    item.record("X").unwrap().validate().unwrap();
}

#[test]
fn edits_change_one_field_or_say_why_not() {
    let mut q = queue();
    let item = q.get_mut(1).unwrap();
    item.set("killed=at least 60").unwrap();
    assert_eq!(item.draft.killed, Some(Figure::AtLeast(60)));
    item.set("at=16.27, -0.04").unwrap();
    assert_eq!(
        (item.draft.latitude, item.draft.longitude),
        (Some(16.27), Some(-0.04))
    );
    item.set("actor1-type=2").unwrap();
    assert_eq!(
        item.draft.actor1.as_ref().map(|a| a.1),
        Some(ActorType::RebelGroup)
    );
    let before = item.clone();
    for (edit, field) in [
        ("date=18/01/2017", "date"),
        ("at=100,0", "at"),
        ("time-precision=4", "time-precision"),
        ("sub-event=Car bomb", "sub-event"),
        ("killed=lots", "killed"),
        ("actor2-type=9", "actor2-type"),
    ] {
        match item.set(edit) {
            Err(ReviewError::BadValue { field: f, .. }) => assert_eq!(f, field, "{edit}"),
            other => panic!("{edit}: {other:?}"),
        }
    }
    assert!(matches!(
        item.set("weather=sunny"),
        Err(ReviewError::UnknownField { .. })
    ));
    assert!(matches!(
        item.set("killed"),
        Err(ReviewError::NotAnEdit { .. })
    ));
    assert_eq!(*item, before, "a refused edit changes nothing");
}

#[test]
fn the_queue_reads_back_as_written() {
    let mut q = queue();
    q.get_mut(1).unwrap().status = Status::Accepted {
        incident: "MOC-GAO-0001".into(),
        as_source: false,
        by: "cma-officer".into(),
    };
    q.get_mut(2).unwrap().status = Status::Rejected {
        reason: "duplicate".into(),
        by: "cma-officer".into(),
    };
    let text = serde_json::to_string_pretty(&q).unwrap();
    let back: Queue = serde_json::from_str(&text).unwrap();
    assert_eq!(back, q);
    assert_eq!(back.pending().count(), 0);
    assert_eq!(back.next, 3);
}

#[test]
fn an_analysis_piece_queues_nothing() {
    let g = Gazetteer::mali().expect("embedded gazetteer");
    let mut q = Queue::default();
    let text = "The peace process in Mali has stalled since 2015, analysts say.";
    assert!(
        q.add("a.txt", &extract(text, &g, &Options::default()), None)
            .is_empty()
    );
    assert!(q.items.is_empty());
}

/// The actors' rule on names alone: a claim wins, then an armed group, and
/// the dictionary's ACLED type comes along.
#[test]
fn actors_take_their_acled_types() {
    assert_eq!(
        actor_type("Military Forces of Mali (FAMa)"),
        ActorType::StateForces
    );
    assert_eq!(
        actor_type("Operation Barkhane"),
        ActorType::ExternalOtherForces
    );
    assert_eq!(actor_type("Al Mourabitoun"), ActorType::RebelGroup);
    assert_eq!(actor_type("Some new group"), ActorType::PoliticalMilitia);
}
