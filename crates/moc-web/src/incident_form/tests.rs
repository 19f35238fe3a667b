use moc_i18n::Lang;

use super::*;
use crate::incidents::IncidentDetail;

fn failed() -> IncidentForm {
    IncidentForm {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        date: Field {
            value: "18/01/2017".into(),
            error: Some("Saisissez une date réelle.".into()),
        },
        time_precision: "2".into(),
        sub_event: Field {
            value: "suicide-bomb".into(),
            error: None,
        },
        actor1: Field {
            value: "Al Mourabitoun <AQMI>".into(),
            error: None,
        },
        actor1_type: "political-militia".into(),
        location: Field {
            value: "Gao".into(),
            error: None,
        },
        source: SourceFields {
            outlet: Field {
                value: "VOA".into(),
                error: None,
            },
            kind: "official".into(),
            killed: Field {
                value: "beaucoup".into(),
                error: Some("Saisissez un nombre.".into()),
            },
            ..SourceFields::default()
        },
        sub_events: vec![(
            "Explosions / violence à distance".into(),
            vec![
                ("suicide-bomb".into(), "Attentat-suicide".into()),
                ("grenade".into(), "Grenade".into()),
            ],
        )],
        actor_types: vec![
            ("rebel-group".into(), "groupe rebelle".into()),
            ("political-militia".into(), "milice politique".into()),
        ],
        time_precisions: vec![
            ("1".into(), "au jour près".into()),
            ("2".into(), "à la semaine près".into()),
        ],
        source_choices: SourceChoices {
            kinds: vec![
                ("media".into(), "média".into()),
                ("official".into(), "officielle".into()),
            ],
            languages: vec![(String::new(), "inconnue".into())],
        },
        regions: vec!["Gao".into(), "Kidal".into()],
        ..IncidentForm::default()
    }
}

#[test]
fn a_failed_incident_form_keeps_every_choice_and_says_what_was_wrong() {
    let mut chrome = Chrome::new(Lang::Fr, Page::IncidentNew);
    chrome.csrf = Some("tok".into());
    let view = failed();
    assert!(view.has_errors());
    let page = incident_new(&chrome, &view).unwrap();
    assert!(page.contains("id=\"form-error\""));
    assert!(page.contains("value=\"18/01/2017\" type=\"date\" dir=\"ltr\" aria-invalid=\"true\" aria-describedby=\"date-error\""), "{page}");
    assert!(page.contains("<option value=\"suicide-bomb\" selected>Attentat-suicide</option>"));
    assert!(page.contains("<optgroup label=\"Explosions / violence à distance\">"));
    assert!(
        page.contains("<option value=\"political-militia\" selected>milice politique</option>")
    );
    assert!(page.contains("<option value=\"2\" selected>à la semaine près</option>"));
    assert!(page.contains("<option value=\"official\" selected>officielle</option>"));
    assert!(page.contains("id=\"killed-error\">Saisissez un nombre.</p>"));
    // What was typed comes back escaped.
    assert!(!page.contains("<AQMI>"));
    assert!(page.contains("<datalist id=\"regions\">"));
    assert!(page.contains("name=\"csrf\" value=\"tok\""));
    for id in [
        "date",
        "time_precision",
        "sub_event",
        "actor1",
        "actor1_type",
        "actor2",
        "civilians",
        "notes",
        "location",
        "region",
        "latitude",
        "longitude",
        "geo_precision",
        "zone",
        "outlet",
        "kind",
        "source_date",
        "url",
        "language",
        "killed",
        "injured",
        "abducted",
        "id",
    ] {
        assert!(
            page.contains(&format!("<label for=\"{id}\">")),
            "a label for {id}"
        );
    }
}

#[test]
fn the_incident_page_offers_the_source_form_only_when_given_one() {
    let chrome = Chrome::new(Lang::En, Page::Incident);
    let mut view = IncidentDetail {
        mechanism: "moc-gao".into(),
        id: "gao-2017-01-18".into(),
        ..IncidentDetail::default()
    };
    let page = crate::incident(&chrome, &view).unwrap();
    assert!(!page.contains("id=\"add-source\""));
    view.source_form = Some(SourceForm {
        fields: SourceFields {
            outlet: Field {
                value: "RFI".into(),
                error: None,
            },
            ..SourceFields::default()
        },
        choices: SourceChoices::default(),
        refusal: Some("Already recorded.".into()),
    });
    let page = crate::incident(&chrome, &view).unwrap();
    assert!(page.contains("id=\"add-source\""));
    assert!(page.contains("action=\"/incident/source?lang=en\""));
    assert!(page.contains("name=\"id\" value=\"gao-2017-01-18\""));
    assert!(page.contains("id=\"refusal\">Already recorded.</p>"));
    assert!(page.contains("value=\"RFI\""));
}
