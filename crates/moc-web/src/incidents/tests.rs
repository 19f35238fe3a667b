use moc_i18n::Lang;

use super::*;

fn row(id: &str, killed: Option<(u64, u64)>) -> IncidentRow {
    IncidentRow {
        id: id.into(),
        date: "18 janv. 2017".into(),
        location: "Gao".into(),
        region: "Gao".into(),
        event_type: "Explosions / violence à distance".into(),
        killed,
        sources: 9,
        status: "vérifié".into(),
    }
}

fn list() -> IncidentList {
    IncidentList {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        types: vec![("battles".into(), "Batailles".into())],
        regions: vec!["Gao".into(), "Kidal".into()],
        statuses: vec![("disputed".into(), "contesté".into())],
        filter: IncidentFilter {
            region: "Kidal".into(),
            q: "camp & <mixte>".into(),
            from: "2017-02-30x".into(),
            ..IncidentFilter::default()
        },
        errors: vec!["from"],
        total: 120,
        offset: 50,
        limit: 50,
        rows: vec![
            row("gao-2017-01-18", Some((47, 80))),
            row("x&y", Some((3, 3))),
            row("z", None),
        ],
        can_report: true,
    }
}

#[test]
fn the_list_keeps_its_filters_pages_and_links_each_incident() {
    let page = incidents(&Chrome::new(Lang::Fr, Page::Incidents), &list()).unwrap();
    assert!(
        page.contains("id=\"new-incident\" href=\"/incidents/new?lang=fr&#38;m=moc-gao\"")
            || page.contains("id=\"new-incident\" href=\"/incidents/new?lang=fr&amp;m=moc-gao\""),
        "{page}"
    );
    for id in ["type", "region", "status", "from", "to", "q"] {
        assert!(page.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert!(page.contains("<option value=\"Kidal\" selected>Kidal</option>"));
    assert!(
        page.contains(
            "value=\"2017-02-30x\" aria-invalid=\"true\" aria-describedby=\"from-error\""
        ),
        "{page}"
    );
    assert!(!page.contains("id=\"to-error\"") && !page.contains("id=\"q-error\""));
    // What was typed comes back escaped.
    assert!(!page.contains("<mixte>"), "{page}");
    // 51 to 53 of 120, with both neighbours, filters kept in the links.
    assert!(page.contains("120 incidents ; 51 à 53 affichés."), "{page}");
    assert!(page.contains(
        "href=\"/incidents?lang=fr&#38;m=moc-gao&#38;region=Kidal&#38;from=2017-02-30x&#38;q=camp%20%26%20%3Cmixte%3E\" rel=\"prev\""
    ) || page.contains(
        "href=\"/incidents?lang=fr&amp;m=moc-gao&amp;region=Kidal&amp;from=2017-02-30x&amp;q=camp%20%26%20%3Cmixte%3E\" rel=\"prev\""
    ), "{page}");
    assert!(page.contains("offset=53\" rel=\"next\""), "{page}");
    // Each row links its incident; ids are encoded.
    assert!(
        page.contains("m=moc-gao&#38;id=gao-2017-01-18\"")
            || page.contains("m=moc-gao&amp;id=gao-2017-01-18\"")
    );
    assert!(page.contains("id=x%26y\""), "{page}");
    assert!(page.contains("<td class=\"n\">47–80</td>"));
    assert!(page.contains("<td class=\"n\">3</td>"));
    assert!(page.contains("<td class=\"n\">—</td>"));
    assert!(page.contains("aria-current=\"page\">Incidents</a>"));
    assert!(!page.contains("web-") && !page.contains("col-"), "{page}");
}

#[test]
fn the_first_and_last_pages_have_one_neighbour_and_an_empty_list_says_so() {
    let mut v = list();
    v.offset = 0;
    v.total = 3;
    let page = incidents(&Chrome::new(Lang::En, Page::Incidents), &v).unwrap();
    assert!(!page.contains("rel=\"prev\"") && !page.contains("rel=\"next\""));
    v.rows.clear();
    v.total = 0;
    let page = incidents(&Chrome::new(Lang::En, Page::Incidents), &v).unwrap();
    assert!(page.contains("No incident matches these filters."));
    assert!(!page.contains("<table"));
}

fn stamp(party: &str, by: Option<&str>) -> Stamp {
    Stamp {
        party: party.into(),
        by: by.map(Into::into),
        at: "18 January 2017, 08:40 UTC".into(),
    }
}

fn source(outlet: &str, url: Option<&str>, killed: &str) -> SourceRow {
    SourceRow {
        outlet: outlet.into(),
        url: url.and_then(safe_url),
        date: "19 January 2017".into(),
        kind: "media".into(),
        language: "en".into(),
        killed: killed.into(),
        ..SourceRow::default()
    }
}

fn detail() -> IncidentDetail {
    IncidentDetail {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        id: "gao-2017-01-18".into(),
        date: "18 January 2017".into(),
        location: "Gao".into(),
        actors: vec!["Al Mourabitoun".into(), "MOC".into()],
        status: "verified".into(),
        merged: vec!["gao-2017-01-18-iss".into()],
        tolls: vec![Toll {
            label: "Killed".into(),
            low: 47,
            best: 60,
            high: 80,
            acled: 47,
        }],
        sources: vec![
            source("UN", Some("https://news.un.org/x"), "54"),
            source("ISS Today", Some("javascript:alert(1)"), "about 80"),
        ],
        claims: vec![
            ClaimColumn {
                heading: "Claims of responsibility".into(),
                claims: vec![ClaimRow {
                    speaker: "Al-Mourabitoun".into(),
                    against: None,
                    statement: "Claimed the attack <b>".into(),
                    source: source("Voice of America", None, ""),
                    recorded: stamp("FAMa", Some("fama-officer")),
                }],
            },
            ClaimColumn {
                heading: "Denials".into(),
                claims: vec![],
            },
            ClaimColumn {
                heading: "Accusations".into(),
                claims: vec![ClaimRow {
                    speaker: "GATIA".into(),
                    against: Some("CMA".into()),
                    statement: "They did it".into(),
                    source: source("RFI", None, ""),
                    recorded: stamp("Plateforme", None),
                }],
            },
        ],
        investigations: vec![InvestigationView {
            opened: stamp("MINUSMA", None),
            team: vec!["FAMa".into(), "CMA".into(), "MINUSMA".into()],
            findings: vec![FindingRow {
                finding: "verified".into(),
                text: "Crater and debris".into(),
                filed: stamp("FAMa", None),
            }],
            waiting: vec!["CMA".into()],
            outcome: None,
        }],
        timeline: vec![StepRow {
            stamp: stamp("MINUSMA", None),
            what: "Reported".into(),
        }],
        ..IncidentDetail::default()
    }
}

#[test]
fn an_incident_shows_every_source_the_range_and_claims_side_by_side() {
    let page = incident(&Chrome::new(Lang::En, Page::Incident), &detail()).unwrap();
    // Every source with its own figure, as worded.
    assert!(
        page.contains("<td class=\"n\">54</td>") && page.contains("<td class=\"n\">about 80</td>")
    );
    assert!(page.contains(
        "<a href=\"https://news.un.org/x\" rel=\"noreferrer noopener\"><bdi>UN</bdi></a>"
    ));
    // A source's address that is not http(s) is not a link.
    assert!(!page.contains("javascript:"), "{page}");
    assert!(page.contains("<bdi>ISS Today</bdi>"));
    // The range, low to high with the best estimate and ACLED's figure.
    for n in ["47", "60", "80"] {
        assert!(page.contains(&format!("<td class=\"n\">{n}</td>")), "{n}");
    }
    // Three columns of claims, the empty one saying so.
    assert_eq!(page.matches("<section class=\"claim-column\">").count(), 3);
    assert!(
        page.contains("<h3>Denials</h3>\n<p class=\"note\">None.</p>"),
        "{page}"
    );
    assert!(page.contains("GATIA</bdi></strong> → <bdi>CMA</bdi>"));
    assert!(!page.contains("attack <b>"), "statement escaped");
    // Who recorded it: the account for a signed-in reader, the party alone otherwise.
    assert!(page.contains("FAMa (fama-officer), 18 January 2017, 08:40 UTC"));
    assert!(page.contains("Plateforme, 18 January 2017, 08:40 UTC"));
    // The investigation: findings filed and the party still awaited.
    assert!(
        page.contains("Findings awaited from: <bdi>CMA</bdi>"),
        "{page}"
    );
    assert!(page.contains("id=gao-2017-01-18-iss"));
    assert!(
        page.contains("aria-current=\"page\">Incidents</a>"),
        "the list's tab stays current"
    );
    assert!(!page.contains("web-") && !page.contains("col-"), "{page}");
}

#[test]
fn a_merged_report_points_to_its_incident_in_arabic_too() {
    let mut v = detail();
    v.merged_into = Some("gao-2017-01-18".into());
    v.claims.iter_mut().for_each(|c| c.claims.clear());
    v.tolls.clear();
    let page = incident(&Chrome::new(Lang::Ar, Page::Incident), &v).unwrap();
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains("class=\"notice\""));
    assert!(page.contains("لم يُسجَّل أي تصريح."), "no claims said so");
    assert!(page.contains("لا يذكر أي مصدر حصيلة."));
}

#[test]
fn only_web_addresses_are_linked() {
    assert_eq!(
        safe_url(" https://a.org/x "),
        Some("https://a.org/x".into())
    );
    assert_eq!(safe_url("HTTP://a.org"), Some("HTTP://a.org".into()));
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//a.org",
        "ftp://a",
        "",
    ] {
        assert_eq!(safe_url(bad), None, "{bad}");
    }
}
