use super::*;
use crate::figures::{Checkpoint, Month, Party, PatrolCounts, Zone};

fn gao() -> Mechanism {
    Mechanism {
        id: "moc-gao".into(),
        name: "MOC <Gao>".into(),
        members: 600,
        approved: 590,
        parties: vec![
            Party {
                name: "FAMa".into(),
                target: 200,
                tolerance: 5,
                current: 198,
                duty: 30,
                risky_duty: 10,
            },
            Party {
                name: "CMA".into(),
                target: 200,
                tolerance: 5,
                current: 210,
                duty: 10,
                risky_duty: 30,
            },
        ],
        patrols: PatrolCounts {
            planned: 3,
            under_way: 1,
            completed: 1234,
            aborted: 0,
        },
        zones: vec![Zone {
            name: "Ménaka".into(),
            patrols: PatrolCounts {
                planned: 3,
                under_way: 1,
                completed: 1234,
                aborted: 0,
            },
        }],
        incidents: 2,
        event_types: vec!["battles".into(), "violence-against-civilians".into()],
        months: vec![Month {
            month: "2017-01".into(),
            by_type: vec![1, 1],
            killed_low: 47,
            killed_high: 77,
        }],
        checkpoint: Some(Checkpoint {
            text: "moc.example/gao\n42\nAAAA=\n\n— moc.example/gao sig\n".into(),
            size: 42,
        }),
    }
}

#[test]
fn the_public_page_shows_figures_and_checkpoint_in_each_language() {
    let m = [gao()];
    let fr = public(&Chrome::new(Lang::Fr, Page::Public), &m).unwrap();
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"), "{fr}");
    assert!(
        fr.contains("MOC &#60;Gao&#62;") || fr.contains("MOC &lt;Gao&gt;"),
        "{fr}"
    );
    assert!(!fr.contains("<Gao>"));
    assert!(fr.contains("1\u{202f}234"), "grouped per French");
    assert!(fr.contains("hors tolérance"), "CMA over its tolerance");
    assert!(fr.contains("moc.example/gao\n42\n"));
    assert!(fr.contains("ses 42 entrées"));
    // When patrols go out is not public: no planned or under way counts.
    assert!(!fr.contains("En cours") && !fr.contains("Prévues"), "{fr}");
    assert!(fr.contains("Terminées"));
    let ar = public(&Chrome::new(Lang::Ar, Page::Public), &m).unwrap();
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("1\u{066c}234"));
    let en = public(&Chrome::new(Lang::En, Page::Public), &m).unwrap();
    assert!(en.contains("1,234"));
    for page in [&fr, &ar, &en] {
        // Every message resolved, no inline script or style.
        for key in ["web-", "server-", "event-type-"] {
            assert!(!page.contains(key), "{key} shows through: {page}");
        }
        assert!(!page.contains("<script>") && !page.contains("style="));
        assert!(page.contains("<a class=\"skip\" href=\"#main\">"));
    }
}

#[test]
fn the_public_page_says_when_there_is_nothing() {
    let page = public(&Chrome::new(Lang::En, Page::Public), &[]).unwrap();
    assert!(page.contains("No mechanism on this node yet."), "{page}");
}

#[test]
fn the_sign_in_form_keeps_the_user_and_shows_errors_beside_fields() {
    let form = SignInForm {
        user: "fama-officer\"><b>".into(),
        user_error: None,
        password_error: Some("web-sign-in-password-missing".into()),
        form_error: None,
        token: "tok".into(),
    };
    let page = sign_in(&Chrome::new(Lang::Fr, Page::SignIn), &form).unwrap();
    assert!(
        page.contains("value=\"fama-officer&#34;&#62;&#60;b&#62;\"")
            || page.contains("value=\"fama-officer&quot;&gt;&lt;b&gt;\""),
        "{page}"
    );
    assert!(page.contains("aria-describedby=\"password-error\""));
    assert!(
        page.contains("<p class=\"error\" id=\"password-error\">Saisissez votre mot de passe.</p>")
    );
    assert!(!page.contains("id=\"user-error\""));
    assert!(page.contains("name=\"token\" value=\"tok\""));
    assert!(page.contains("<label for=\"user\">") && page.contains("<label for=\"password\">"));
    // The sign-in page does not link to itself.
    assert_eq!(
        page.matches("href=\"/sign-in").count(),
        3,
        "only the language links"
    );
}

#[test]
fn the_dashboard_draws_every_chart_with_its_table() {
    let mut chrome = Chrome::new(Lang::Fr, Page::Dashboard);
    chrome.user = Some("fama-officer".into());
    chrome.csrf = Some("csrf-token".into());
    let all = [
        ("moc-gao".to_owned(), "MOC Gao".to_owned()),
        ("mali-mauritanie".to_owned(), "Mali–Mauritanie".to_owned()),
    ];
    let page = dashboard(&chrome, &all, &gao()).unwrap();
    for id in ["members", "patrols", "incidents", "duty"] {
        assert!(
            page.contains(&format!("<section class=\"chart\" id=\"{id}\"")),
            "{id}"
        );
    }
    // Two charts for incidents (types, toll range): five in all.
    assert_eq!(page.matches("<svg class=\"chart\" role=\"img\"").count(), 5);
    assert!(
        page.contains("Combats") || page.contains("Batailles"),
        "types translated: {page}"
    );
    assert!(page.contains("janv. 2017"));
    assert!(
        page.contains("75,0\u{202f}%") && page.contains("25,0\u{202f}%"),
        "shares"
    );
    assert!(page.contains("<option value=\"mali-mauritanie\">"));
    assert!(page.contains("<option value=\"moc-gao\" selected>"));
    assert!(page.contains("name=\"csrf\" value=\"csrf-token\""));
    assert!(page.contains("Connecté : fama-officer"));
    assert!(!page.contains("web-") && !page.contains("event-type-"));
}

#[test]
fn inconsistent_figures_are_an_error_not_a_panic() {
    let mut m = gao();
    m.event_types.push("riots".into());
    // A month with fewer counts than types reads the missing ones as 0.
    assert!(dashboard(&Chrome::new(Lang::En, Page::Dashboard), &[], &m).is_ok());
    let mut m = gao();
    m.parties.clear();
    m.zones.clear();
    m.months.clear();
    let page = dashboard(&Chrome::new(Lang::En, Page::Dashboard), &[], &m).unwrap();
    assert_eq!(page.matches("Nothing to show yet.").count(), 4);
}

#[test]
fn the_map_page_labels_its_filters_and_loads_its_files() {
    let view = MapView {
        mechanism: "moc-gao".into(),
        name: "MOC Gao".into(),
        types: vec![("battles".into(), "Batailles".into())],
        regions: vec!["Gao".into(), "Ménaka".into()],
        filter: MapFilter {
            event_type: "battles".into(),
            region: "Ménaka".into(),
            from: "2017-13-01".into(),
            to: String::new(),
        },
        errors: vec!["from"],
        incidents_url: "/api/v1/mechanisms/moc-gao/incidents?limit=500&type=battles".into(),
    };
    let page = map(&Chrome::new(Lang::Fr, Page::Map), &view).unwrap();
    for id in ["type", "region", "from", "to"] {
        assert!(page.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert!(page.contains("<option value=\"battles\" selected>Batailles</option>"));
    assert!(page.contains("<option value=\"Ménaka\" selected>Ménaka</option>"));
    assert!(
        page.contains("value=\"2017-13-01\" aria-invalid=\"true\" aria-describedby=\"from-error\""),
        "{page}"
    );
    assert!(page.contains("id=\"from-error\""));
    assert!(!page.contains("id=\"to-error\""));
    assert!(page.contains("/map.js\" defer></script>"));
    assert!(page.contains("aria-current=\"page\">Carte</a>"));
    assert!(!page.contains("web-"));
}
