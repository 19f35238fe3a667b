use moc_i18n::Lang;

use super::*;

fn list() -> PatrolList {
    PatrolList {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        parties: vec![
            ("FAMA".into(), "Forces armées maliennes".into()),
            (
                "CMA".into(),
                "Coordination des mouvements de l'Azawad".into(),
            ),
            ("PLATEFORME".into(), "Plateforme".into()),
        ],
        zones: vec![("gao".into(), "Gao".into()), ("ber".into(), "Ber".into())],
        statuses: vec![("completed".into(), "terminée".into())],
        filter: PatrolFilter {
            zone: "ber".into(),
            day: "2017-13-01".into(),
            waiting: true,
            ..PatrolFilter::default()
        },
        errors: vec!["day"],
        total: 51,
        offset: 0,
        limit: 50,
        rows: vec![PatrolRow {
            id: "p-1&2".into(),
            day: "18 janv. 2017".into(),
            hours: "06:00–12:00".into(),
            zone: "Ber".into(),
            status: "terminée".into(),
            status_code: "completed".into(),
            composition: vec![4, 3, 3],
            endorsed: (2, 3),
        }],
    }
}

#[test]
fn the_list_has_a_column_per_party_and_keeps_its_filters() {
    let page = patrols(&Chrome::new(Lang::Fr, Page::Patrols), &list()).unwrap();
    for id in ["zone", "status", "day", "waiting"] {
        assert!(page.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert!(page.contains("<option value=\"ber\" selected>Ber</option>"));
    assert!(page.contains("id=\"waiting\" name=\"waiting\" type=\"checkbox\" value=\"1\" checked"));
    assert!(page.contains("aria-describedby=\"day-error\""), "{page}");
    assert!(
        page.contains("<th scope=\"col\"><abbr title=\"Forces armées maliennes\">FAMA</abbr></th>")
    );
    assert_eq!(page.matches("<abbr title=").count(), 3);
    assert!(page.contains("<td class=\"n\">4</td>"));
    assert!(page.contains("<td class=\"n\">2 / 3</td>"));
    // The id is escaped in the link; the next page keeps the filters.
    assert!(page.contains("id=p-1%262"), "{page}");
    assert!(page.contains("51 patrouilles ; 1 à 1 affichées."), "{page}");
    assert!(page.contains("zone=ber") && page.contains("waiting=1") && page.contains("offset=1"));
    assert!(!page.contains("rel=\"prev\""));
}

fn detail() -> PatrolDetail {
    PatrolDetail {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        id: "gao-2017-01-18-am".into(),
        zone: "Gao".into(),
        status: "en cours".into(),
        status_code: "under-way".into(),
        window: "du 18 janv. 2017 à 06:00 UTC au 18 janv. 2017 à 12:00 UTC".into(),
        started: Some("18 janv. 2017 à 06:10 UTC".into()),
        route: vec!["16.2717, -0.0447".into()],
        crews: vec![
            PartyCrew {
                party: "fama".into(),
                name: "FAMa".into(),
                members: vec![CrewMember {
                    service_number: "FAMA-0001".into(),
                    profile: "sergent · chef de patrouille".into(),
                    leader: true,
                }],
                endorsed_by: Some("fama-officer".into()),
                can_endorse: false,
            },
            PartyCrew {
                party: "cma".into(),
                name: "CMA".into(),
                members: vec![],
                endorsed_by: None,
                can_endorse: true,
            },
        ],
        report: None,
        abort_reason: None,
        can_start: false,
        can_abort: true,
        abort_reasons: vec![("security".into(), "sécurité".into())],
        report_form: Some(ReportForm {
            returned: Field {
                value: "<hier>".into(),
                error: Some("Saisissez une date et une heure.".into()),
            },
            outreach: vec![OutreachField {
                name: "outreach-tea".into(),
                label: "thé (kg)".into(),
                field: Field {
                    value: "10".into(),
                    error: None,
                },
            }],
            ..ReportForm::default()
        }),
        refusal: Some("Refusé.".into()),
    }
}

#[test]
fn a_patrol_shows_its_crews_and_only_the_forms_the_reader_may_use() {
    let mut chrome = Chrome::new(Lang::Fr, Page::Patrol);
    chrome.user = Some("cma-officer".into());
    chrome.csrf = Some("tok".into());
    let view = detail();
    let page = patrol(&chrome, &view).unwrap();
    assert!(page.contains("id=\"refusal\">Refusé.</p>"));
    assert!(!page.contains("id=\"start\"") && page.contains("id=\"abort\""));
    assert!(page.contains("action=\"/patrol/abort?lang=fr\""));
    // One endorse button, for the party that may endorse.
    assert_eq!(page.matches("class=\"endorse\"").count(), 1);
    assert!(page.contains("name=\"party\" value=\"cma\""));
    assert!(page.contains("Viser pour CMA"));
    assert!(page.contains("Visé par fama-officer"));
    assert!(!view.fully_endorsed() && !page.contains("id=\"endorsed\""));
    // The form as typed, escaped, the error beside its field, the token in
    // every form.
    assert!(
        page.contains("value=\"&#60;hier&#62;\"") || page.contains("value=\"&lt;hier&gt;\""),
        "{page}"
    );
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"returned-error\""));
    assert!(page.contains("id=\"form-error\""));
    assert!(page.contains("<label for=\"outreach-tea\">thé (kg)</label>"));
    assert_eq!(
        page.matches("name=\"csrf\" value=\"tok\"").count(),
        4,
        "sign-out, abort, endorse and report"
    );
    assert!(page.contains("<strong>(chef)</strong>"));
}

#[test]
fn a_reported_patrol_shows_its_report_instead_of_the_form() {
    let mut view = detail();
    view.report_form = None;
    view.report = Some(ReportView {
        departed: "d".into(),
        returned: "r".into(),
        distance: "42,5 km".into(),
        observations: "RAS".into(),
        air_support: "non demandé".into(),
        outreach: vec!["thé (kg) 10".into(), "eau (litres) 40".into()],
    });
    view.crews[1].endorsed_by = Some("cma-officer".into());
    view.crews[1].can_endorse = false;
    view.refusal = None;
    let page = patrol(&Chrome::new(Lang::En, Page::Patrol), &view).unwrap();
    assert!(page.contains("42,5 km") && page.contains("thé (kg) 10 · eau (litres) 40"));
    assert!(!page.contains("id=\"file-report\""));
    assert!(page.contains("id=\"endorsed\""));
    assert!(!page.contains("class=\"endorse\""));
}
