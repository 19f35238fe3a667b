//! The pages over the router: signing in with the HTML form (errors beside
//! the field, the typed user kept, the form's token checked), the
//! dashboard for a session, signing out with the session's CSRF token, and
//! the embedded files' caching.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{PASSWORD, Reply, demo};

/// The value of `name="{field}" value="…"` in a page.
fn hidden(page: &str, field: &str) -> String {
    let marker = format!("name=\"{field}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {field} in {page}"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// The `name=value` of a `Set-Cookie` for cookie `name`.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

fn form(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn get_with(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_see_the_dashboard_sign_out() {
    let d = demo().await;

    // The public is sent to the sign-in page, in its language.
    let r = d.get_as("/dashboard?lang=en", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header(header::LOCATION), "/sign-in?lang=en");

    let r = d.get_as("/sign-in", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
    let page = r.text();
    let token = hidden(&page, "token");
    let cookie = set_cookie(&r, "moc_form").expect("a form cookie");
    assert_eq!(cookie, format!("moc_form={token}"));
    assert!(
        r.headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("HttpOnly; Secure; SameSite=Strict")
    );

    // A missing password: said beside the field, the user name kept.
    let r = d
        .send(form(
            "/sign-in",
            &cookie,
            &format!("user=fama-officer&password=&token={token}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains("value=\"fama-officer\""), "{page}");
    assert!(page.contains("id=\"password-error\">Saisissez votre mot de passe.</p>"));
    assert!(!page.contains("id=\"user-error\""));

    // A wrong password: said once for the form, the user name kept.
    let token = hidden(&page, "token");
    let cookie = set_cookie(&r, "moc_form").unwrap();
    let r = d
        .send(form(
            "/sign-in?lang=en",
            &cookie,
            &format!("user=fama-officer&password=nope&token={token}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let page = r.text();
    assert!(page.contains("Wrong user name or password."), "{page}");
    assert!(page.contains("value=\"fama-officer\""));
    assert!(set_cookie(&r, "moc_session").is_none());

    // A form whose token is not the cookie's (a forged login) is refused
    // even with the right password.
    let r = d
        .send(form(
            "/sign-in",
            "moc_form=other",
            &format!("user=fama-officer&password={PASSWORD}&token={token}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(set_cookie(&r, "moc_session").is_none());
    let r = d
        .send(form(
            "/sign-in",
            "",
            &format!("user=fama-officer&password={PASSWORD}&token="),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The right password: a session, and the dashboard.
    let cookie = format!("moc_form={token}");
    let r = d
        .send(form(
            "/sign-in",
            &cookie,
            &format!("user=fama-officer&password={PASSWORD}&token={token}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header(header::LOCATION), "/dashboard?lang=fr");
    let session = set_cookie(&r, "moc_session").expect("a session cookie");

    let r = d.send(get_with("/dashboard?lang=fr", &session)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = r.text();
    assert!(page.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(page.contains("Tableau de bord"), "{page}");
    // The node's largest mechanism, Gao's battalion, by default.
    assert!(
        page.contains("<option value=\"moc-gao\" selected>"),
        "{page}"
    );
    assert!(
        page.contains("Batailles") && page.contains("janv. 2017"),
        "{page}"
    );
    assert_eq!(page.matches("<svg class=\"chart\" role=\"img\"").count(), 5);
    assert!(page.contains("Connecté : fama-officer"));
    for id in ["members", "patrols", "incidents", "duty"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }

    // Another mechanism, by its id; an unknown one is not found.
    let r = d
        .send(get_with("/dashboard?lang=en&m=mali-mauritanie", &session))
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.text()
            .contains("<option value=\"mali-mauritanie\" selected>")
    );
    let r = d.send(get_with("/dashboard?m=nowhere", &session)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Signing out needs the session's CSRF token.
    let csrf = hidden(&page, "csrf");
    let r = d.send(form("/sign-out", &session, "csrf=wrong")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(d.send(get_with("/dashboard", &session)).await.status, 200);
    let r = d
        .send(form("/sign-out", &session, &format!("csrf={csrf}")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header(header::LOCATION), "/?lang=fr");
    let r = d.send(get_with("/dashboard", &session)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "signed out");
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_share_the_api_limit_per_account() {
    let d = demo().await;
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        let r = d.get_as("/sign-in?lang=en", None).await;
        let token = hidden(&r.text(), "token");
        let cookie = format!("moc_form={token}");
        let r = d
            .send(form(
                "/sign-in?lang=en",
                &cookie,
                &format!("user=cma-officer&password=bad&token={token}"),
            ))
            .await;
        last = r.status;
        if last == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.text().contains("Too many attempts"), "{}", r.text());
            assert!(!r.header(header::RETRY_AFTER).is_empty());
            assert!(r.text().contains("value=\"cma-officer\""));
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_are_served_from_the_binary_and_cached_under_the_build_id() {
    let d = demo().await;
    let page = d.get_as("/", None).await.text();
    let start = page.find("href=\"/assets/").expect("a style sheet") + "href=\"".len();
    let css = page[start..].split('"').next().unwrap().to_owned();
    assert!(css.ends_with("/moc.css"), "{css}");
    let r = d.get_as(&css, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert_eq!(
        r.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(r.text().contains("margin-inline"));
    // Every file the page links to is there.
    for marker in ["src=\"/assets/", "href=\"/assets/"] {
        for part in page.split(marker).skip(1) {
            let url = format!("/assets/{}", part.split('"').next().unwrap());
            assert_eq!(d.get_as(&url, None).await.status, 200, "{url}");
        }
    }
    // An older build's URL still finds the file, revalidated.
    let r = d.get_as("/assets/000000000000/moc.css", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header(header::CACHE_CONTROL), "no-cache");
    for missing in [
        "/assets/000000000000/nothing.css",
        "/assets/000000000000/vendor/leaflet/package.json",
        "/assets/000000000000/../Cargo.toml",
    ] {
        assert_eq!(d.get_as(missing, None).await.status, 404, "{missing}");
    }
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_page_checks_its_filters_and_points_at_the_incidents() {
    let d = demo().await;
    let r = d.get_as("/map", None).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    let url = hidden_attr(&page, "data-incidents");
    assert_eq!(url, "/api/v1/mechanisms/moc-gao/incidents?limit=500");
    for file in [
        "leaflet.js",
        "leaflet.markercluster.js",
        "topojson-client.min.js",
        "/map.js",
        "countries-110m.json",
    ] {
        assert!(page.contains(file), "{file}");
    }
    // The incidents it reads are there for the public.
    let incidents = d.get_as(&url, None).await;
    assert_eq!(incidents.status, 200);
    assert!(!incidents.json()["incidents"].as_array().unwrap().is_empty());

    // Valid filters go into the URL; a bad date is said beside its field.
    let r = d
        .get_as(
            "/map?lang=en&type=battles&region=Gao&from=2017-01-01&to=2017-13-01",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    // Attributes escape `&` (askama writes `&#38;`).
    let want =
        "/api/v1/mechanisms/moc-gao/incidents?limit=500&type=battles&region=Gao&from=2017-01-01";
    assert_eq!(
        hidden_attr(&page, "data-incidents"),
        want.replace('&', &amp_form(&page))
    );
    assert!(
        page.contains("id=\"to-error\">Enter a date, for example 2017-01-18.</p>"),
        "{page}"
    );
    assert!(!page.contains("id=\"from-error\""));
    assert!(page.contains("<option value=\"battles\" selected>"));
    // Unknown choices are ignored.
    let r = d.get_as("/map?type=nothing&region=Atlantis", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        hidden_attr(&r.text(), "data-incidents"),
        "/api/v1/mechanisms/moc-gao/incidents?limit=500"
    );
    d.close().await;
}

/// The value of attribute `name="…"` in a page.
fn hidden_attr(page: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// How the page escapes `&` in attributes (askama writes `&#38;`).
fn amp_form(page: &str) -> String {
    if page.contains("&#38;") {
        "&#38;"
    } else {
        "&amp;"
    }
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_incidents_pages_list_filter_and_show_every_source() {
    let d = demo().await;

    // The list, for the public, in French by default.
    let r = d.get_as("/incidents", None).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    let amp = amp_form(&page);
    assert!(
        page.contains(&format!(
            "/incident?lang=fr{amp}m=moc-gao{amp}id=gao-2017-01-18\""
        )),
        "{page}"
    );
    // A merged report is not listed on its own.
    assert!(!page.contains("id=gao-2017-01-18-iss\""));
    assert!(
        page.contains("<td class=\"n\">47–80</td>"),
        "the bombing's range: {page}"
    );

    // Filters: a type keeps only its incidents; a bad date is said beside
    // its field and ignored; an unknown status is ignored.
    let r = d
        .get_as("/incidents?lang=en&type=battles&status=nothing", None)
        .await;
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(!page.contains("id=gao-2017-01-18\""), "{page}");
    assert!(page.contains("<option value=\"battles\" selected>"));
    let r = d.get_as("/incidents?lang=en&from=2017-13-01", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains("id=\"from-error\""), "{page}");
    assert!(
        page.contains("id=gao-2017-01-18\""),
        "the list is still shown"
    );
    let r = d.get_as("/incidents?lang=en&q=Mourabitoun", None).await;
    assert!(r.text().contains("id=gao-2017-01-18\""));

    // One incident, for the public: every source with its own figure, the
    // merged report's included; claims by kind; parties, never accounts.
    let r = d.get_as("/incident?lang=en&id=gao-2017-01-18", None).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    for text in [
        "ORTM",
        "The Guardian",
        "ISS Today",
        "about 80",
        "Al-Mourabitoun",
        "Claims of responsibility",
        "Denials",
        "Accusations",
        "Reported",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    for account in [
        "minusma-observer",
        "fama-officer",
        "cma-officer",
        "moc-gao-commander",
    ] {
        assert!(!page.contains(account), "{account} shown to the public");
    }
    // A signed-in reader sees who entered what.
    let r = d
        .get_as("/incident?lang=en&id=gao-2017-01-18", Some("fama-officer"))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("(minusma-observer)"), "{}", r.text());

    // The merged report points to the incident; an unknown one is a 404.
    let r = d
        .get_as("/incident?lang=fr&id=gao-2017-01-18-iss", None)
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("class=\"notice\""));
    let r = d.get_as("/incident?id=nothing-here", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = d.get_as("/incidents?m=no-such-mechanism", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_page_proves_entries_and_checks_an_older_checkpoint() {
    let d = demo().await;
    // The log holds patrol plans: accounts only.
    let r = d.get_as("/ledger?lang=en", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header(header::LOCATION), "/sign-in?lang=en");

    let reader = Some("minusma-observer");
    let r = d.get_as("/ledger?lang=en", reader).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    let served = d.get("/logs/moc-gao/checkpoint").await.text();
    let origin = served.lines().next().unwrap().to_owned();
    assert!(page.contains(&origin), "{page}");
    assert!(page.contains("Cosignatures"));

    // An entry, its proof verified, and its bundle to check offline.
    let r = d.get_as("/ledger?lang=en&entry=0", reader).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(
        page.contains("Entry 0 is in the log: its inclusion proof leads to the checkpoint"),
        "{page}"
    );
    assert!(
        page.contains("moc-event/v1") || page.contains(&origin),
        "{page}"
    );
    let bundle = d.get_as("/ledger/proof?m=moc-gao&index=0", reader).await;
    assert_eq!(bundle.status, 200);
    assert!(bundle.text().contains("index 0\n"), "{}", bundle.text());
    assert!(
        bundle
            .header(header::CONTENT_DISPOSITION)
            .contains("moc-gao-entry-0.proof")
    );
    assert_eq!(
        d.get_as("/ledger/proof?m=moc-gao&index=99999999", reader)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        d.get_as("/ledger/proof?m=moc-gao&index=x", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "the public may not read the log"
    );

    // Bad numbers are said beside the field.
    for (entry, message) in [
        ("x", "Enter a whole number from 0."),
        ("99999999", "The log has"),
    ] {
        let r = d
            .get_as(&format!("/ledger?lang=en&entry={entry}"), reader)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{entry}");
        let page = r.text();
        assert!(page.contains("id=\"entry-error\""), "{entry}");
        assert!(page.contains(message), "{entry}: {page}");
    }

    // Today's checkpoint, pasted back with CRLF line ends, is consistent
    // with itself; garbage and another log's checkpoint are refused.
    let pasted = moc_web::encode_query(&served.replace('\n', "\r\n"));
    let r = d
        .get_as(&format!("/ledger?lang=en&old={pasted}"), reader)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("Consistent: the log of"), "{}", r.text());
    let r = d.get_as("/ledger?lang=en&old=garbage", reader).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("This is not a signed checkpoint"));
    let other = d.get("/logs/mali-mauritanie/checkpoint").await.text();
    let r = d
        .get_as(
            &format!("/ledger?lang=en&old={}", moc_web::encode_query(&other)),
            reader,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("is not this log"), "{}", r.text());
    d.close().await;
}

/// Signs `user` in through the form: the session cookie and the
/// session's CSRF token (read from the sign-out form of a page).
async fn sign_in(d: &common::Demo, user: &str) -> (String, String) {
    let r = d.get_as("/sign-in", None).await;
    let token = hidden(&r.text(), "token");
    let r = d
        .send(form(
            "/sign-in",
            &format!("moc_form={token}"),
            &format!("user={user}&password={PASSWORD}&token={token}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{user}: {}", r.text());
    let session = set_cookie(&r, "moc_session").expect("a session cookie");
    let page = d.send(get_with("/patrols", &session)).await.text();
    (session, hidden(&page, "csrf"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patrol_is_started_reported_and_endorsed_by_each_party_from_its_page() {
    let d = demo().await;
    let commander = "moc-gao-commander";
    let planned = d
        .get_as(
            "/api/v1/mechanisms/moc-gao/patrols?status=planned",
            Some(commander),
        )
        .await
        .json();
    let patrol = &planned["patrols"][0];
    let id = patrol["id"].as_str().expect("a planned patrol").to_owned();
    let parties: Vec<String> = patrol["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert!(parties.len() >= 2, "{parties:?}");
    let page_uri = format!("/patrol?lang=fr&m=moc-gao&id={id}");

    // Only accounts read patrols.
    let r = d.get_as("/patrols?lang=en", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header(header::LOCATION), "/sign-in?lang=en");

    let (session, csrf) = sign_in(&d, commander).await;
    // The list: the patrol among the planned ones; a wrong day is said
    // beside its field.
    let r = d
        .send(get_with(
            "/patrols?lang=fr&status=planned&day=2017-13-01",
            &session,
        ))
        .await;
    assert_eq!(r.status, 200);
    let list = r.text();
    let amp = amp_form(&list);
    assert!(
        list.contains("<h1>Patrouilles — <bdi>MOC Gao</bdi></h1>"),
        "{list}"
    );
    assert!(list.contains("id=\"day-error\""), "{list}");
    assert!(
        list.contains(&format!("/patrol?lang=fr{amp}m=moc-gao{amp}id={id}\"")),
        "{list}"
    );
    assert!(list.contains("<a href=\"/patrols?lang=fr\" aria-current=\"page\">Patrouilles</a>"));
    let r = d
        .send(get_with(
            "/patrols?lang=fr&status=completed&waiting=1",
            &session,
        ))
        .await;
    assert!(!r.text().contains(&format!("id={id}\"")));

    // The planned patrol: the commander may start or abort it; nobody
    // endorses yet; an officer has no button at all.
    let page = d.send(get_with(&page_uri, &session)).await.text();
    assert!(
        page.contains("id=\"start\"") && page.contains("id=\"abort\""),
        "{page}"
    );
    assert!(!page.contains("class=\"endorse\"") && !page.contains("id=\"file-report\""));
    assert!(page.contains("planifiée"));
    let (officer, officer_csrf) = sign_in(&d, "fama-officer").await;
    let page = d.send(get_with(&page_uri, &officer)).await.text();
    assert!(!page.contains("id=\"start\"") && !page.contains("id=\"abort\""));

    // Starting needs the session's token.
    let body = format!("m=moc-gao&id={id}");
    let r = d
        .send(form(
            "/patrol/start?lang=fr",
            &session,
            &format!("{body}&csrf=forged"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = d
        .send(form(
            "/patrol/start?lang=fr",
            &session,
            &format!("{body}&csrf={csrf}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header(header::LOCATION),
        format!("/patrol?lang=fr&m=moc-gao&id={id}")
    );
    // An officer of a party on it may not start it again: said on the page.
    let r = d
        .send(form(
            "/patrol/start?lang=fr",
            &officer,
            &format!("{body}&csrf={officer_csrf}"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(r.text().contains("id=\"refusal\""));

    // Under way: the report form, its departure filled in.
    let page = d.send(get_with(&page_uri, &session)).await.text();
    assert!(
        page.contains("en cours") && page.contains("id=\"file-report\""),
        "{page}"
    );
    assert!(!hidden_attr(&page[page.find("id=\"departed\"").unwrap()..], "value").is_empty());

    // A wrong report: each error beside its field, what was typed kept,
    // nothing recorded.
    let bad = format!(
        "{body}&csrf={csrf}&departed=2026-12-08T06:00&returned=2026-12-08T05:00\
         &distance_km=loin&observations=Piste+d%C3%A9gag%C3%A9e&outreach-tea=beaucoup"
    );
    let r = d.send(form("/patrol/report?lang=fr", &session, &bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(
        page.contains("id=\"returned-error\">Le retour doit suivre le départ.</p>"),
        "{page}"
    );
    assert!(page.contains("id=\"distance_km-error\""));
    assert!(page.contains("value=\"loin\"") && page.contains("value=\"beaucoup\""));
    assert!(page.contains(">Piste dégagée</textarea>"));
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"outreach-tea-error\""));
    let status = d
        .get_as(
            &format!("/api/v1/mechanisms/moc-gao/patrols/{id}"),
            Some(commander),
        )
        .await
        .json();
    assert_eq!(status["status"], "under-way");

    // The right one.
    let good = format!(
        "{body}&csrf={csrf}&departed=2026-12-08T06:00&returned=2026-12-08T11:30\
         &distance_km=42%2C5&observations=RAS&air_requested=1&outreach-tea=10"
    );
    let r = d
        .send(form("/patrol/report?lang=fr", &session, &good))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = d.send(get_with(&page_uri, &session)).await.text();
    assert!(
        page.contains("42,5 km") && page.contains("thé (kg) 10"),
        "{page}"
    );
    assert!(page.contains("demandé, non reçu"));
    assert_eq!(page.matches("Pas encore visé.").count(), parties.len());
    // The commander is no party's officer: no endorse button.
    assert!(!page.contains("class=\"endorse\""));

    // Each party's officer endorses for its own party, and only for it.
    for (i, party) in parties.iter().enumerate() {
        let (officer, officer_csrf) = sign_in(&d, &format!("{party}-officer")).await;
        let page = d.send(get_with(&page_uri, &officer)).await.text();
        assert_eq!(
            page.matches("class=\"endorse\"").count(),
            1,
            "{party}: {page}"
        );
        assert!(page.contains(&format!("name=\"party\" value=\"{party}\"")));
        let other = &parties[(i + 1) % parties.len()];
        let r = d
            .send(form(
                "/patrol/endorse?lang=en",
                &officer,
                &format!("{body}&csrf={officer_csrf}&party={other}"),
            ))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{party} for {other}");
        assert!(r.text().contains("id=\"refusal\""));
        let r = d
            .send(form(
                "/patrol/endorse?lang=fr",
                &officer,
                &format!("{body}&csrf={officer_csrf}&party={party}"),
            ))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{party}: {}", r.text());
        let page = d.send(get_with(&page_uri, &officer)).await.text();
        assert!(
            page.contains(&format!("Visé par {party}-officer")),
            "{page}"
        );
        assert!(!page.contains("class=\"endorse\""), "endorsed once");
    }
    let page = d.send(get_with(&page_uri, &session)).await.text();
    assert!(page.contains("id=\"endorsed\""), "{page}");
    let status = d
        .get_as(
            &format!("/api/v1/mechanisms/moc-gao/patrols/{id}"),
            Some(commander),
        )
        .await
        .json();
    assert_eq!(status["status"], "completed");
    assert_eq!(
        status["endorsements"].as_object().unwrap().len(),
        parties.len()
    );

    // An unknown patrol is not found.
    let r = d
        .send(get_with("/patrol?lang=fr&m=moc-gao&id=nowhere", &session))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_is_filed_from_its_form_and_given_a_second_source() {
    let d = demo().await;
    // The form is for accounts that may report; the public signs in first.
    let r = d.get_as("/incidents/new?lang=en", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (session, csrf) = sign_in(&d, "fama-officer").await;
    let list = d
        .send(get_with("/incidents?lang=fr", &session))
        .await
        .text();
    assert!(list.contains("id=\"new-incident\""), "{list}");
    let public_list = d.get_as("/incidents?lang=fr", None).await.text();
    assert!(!public_list.contains("id=\"new-incident\""));
    let r = d
        .send(get_with("/incidents/new?lang=fr&m=moc-gao", &session))
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.text()
            .contains("<option value=\"suicide-bomb\">Attentat-suicide</option>")
    );

    let fields = "m=moc-gao&sub_event=armed-clash&actor1=CMA\
                  &actor1_type=rebel-group&actor2=GATIA&actor2_type=identity-militia\
                  &location=An%C3%A9fis&region=Kidal&latitude=18%2C0544&longitude=0.6055\
                  &zone=&outlet=Studio+Tamani&kind=media&language=fr";
    // A wrong toll and a date that does not exist: said beside each, the
    // rest kept, nothing recorded.
    let r = d
        .send(form(
            "/incidents/new?lang=fr",
            &session,
            &format!("{fields}&csrf={csrf}&killed=beaucoup+trop&date=2017-02-30"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains("id=\"killed-error\""), "{page}");
    assert!(page.contains("id=\"date-error\""));
    assert!(page.contains("value=\"Anéfis\"") && page.contains("value=\"beaucoup trop\""));
    assert_eq!(
        d.get("/incident?m=moc-gao&id=anefis-2017-06-10")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Without the session's token: refused.
    let r = d
        .send(form(
            "/incidents/new?lang=fr",
            &session,
            &format!("{fields}&csrf=forged&killed=12&date=2017-06-10"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = d
        .send(form(
            "/incidents/new?lang=fr",
            &session,
            &format!("{fields}&csrf={csrf}&killed=12&date=2017-06-10"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header(header::LOCATION),
        "/incident?lang=fr&m=moc-gao&id=anefis-2017-06-10"
    );
    // The same id again: the node refuses, said at the top of the form.
    let r = d
        .send(form(
            "/incidents/new?lang=fr",
            &session,
            &format!("{fields}&csrf={csrf}&killed=12&date=2017-06-10"),
        ))
        .await;
    assert_eq!(r.status.as_u16() / 100, 4, "{}", r.status);
    assert!(r.text().contains("id=\"refusal\""));

    // The second source, from the incident's page.
    let page = d
        .send(get_with(
            "/incident?lang=fr&m=moc-gao&id=anefis-2017-06-10",
            &session,
        ))
        .await
        .text();
    assert!(page.contains("id=\"add-source\""), "{page}");
    let source =
        format!("m=moc-gao&id=anefis-2017-06-10&csrf={csrf}&outlet=RFI&kind=media&language=fr");
    let r = d
        .send(form(
            "/incident/source?lang=fr",
            &session,
            &format!("{source}&killed=%3F%3F"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"killed-error\""));
    let r = d
        .send(form(
            "/incident/source?lang=fr",
            &session,
            &format!("{source}&killed=pr%C3%A8s+de+20"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view = d
        .get_as(
            "/api/v1/mechanisms/moc-gao/incidents/anefis-2017-06-10",
            Some("fama-officer"),
        )
        .await
        .json();
    let outlets: Vec<&str> = view["record"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets, ["Studio Tamani", "RFI"], "{view}");
    assert_eq!(view["killed"]["low"], 12);
    assert_eq!(view["killed"]["high"], 20);
    // The public reads the incident, but gets no form.
    let page = d
        .get_as("/incident?lang=fr&m=moc-gao&id=anefis-2017-06-10", None)
        .await
        .text();
    assert!(page.contains("RFI") && !page.contains("id=\"add-source\""));
    d.close().await;
}

/// Queues the seed articles 000 (VOA, the Gao bombing) and 003 (ISS
/// Today) as `moc intake queue` does; the items' numbers.
fn queue_seeds(d: &common::Demo) -> Vec<u32> {
    use moc_intake::gazetteer::Gazetteer;
    let seeds =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../moc-intake/tests/data/seeds");
    let g = Gazetteer::mali().unwrap();
    let mut queue = moc_node::intake::LockedQueue::open(d.node.layout()).unwrap();
    let mut ids = Vec::new();
    for (file, outlet) in [
        ("000_fe1b975141318dc0.txt", "Test Wire"),
        ("003_f2511676c083130f.txt", "ISS Today"),
    ] {
        let text = std::fs::read_to_string(seeds.join(file)).unwrap();
        let extraction = moc_intake::extract(&text, &g, &moc_intake::Options { published: None });
        ids.extend(queue.queue_mut().add(file, &extraction, Some(outlet)));
    }
    queue.save().unwrap();
    ids
}

fn item_status(d: &common::Demo, id: u32) -> moc_intake::review::Status {
    let mut queue = moc_node::intake::LockedQueue::open(d.node.layout()).unwrap();
    queue
        .queue_mut()
        .get_mut(id)
        .map(|i| i.status.clone())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn articles_are_reviewed_from_their_page_joined_filed_or_set_aside() {
    use moc_intake::review::Status;
    let d = demo().await;
    let ids = queue_seeds(&d);
    assert!(ids.len() >= 2, "{ids:?}");
    let (first, second) = (ids[0], ids[ids.len() - 1]);

    let r = d.get_as("/intake?lang=fr", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "accounts only");
    let (session, csrf) = sign_in(&d, "fama-officer").await;
    let page = d
        .send(get_with("/intake?lang=fr&m=moc-gao", &session))
        .await
        .text();
    assert!(page.contains("Articles à vérifier"), "{page}");
    assert!(page.contains(&format!("id=\"item-{first}\"")));
    // The Gao bombing of the VOA article is the demo's incident.
    assert!(
        page.contains("name=\"incident\" value=\"gao-2017-01-18\""),
        "{page}"
    );
    assert!(page.contains("<blockquote>"), "the evidence is quoted");

    // Joining the proposed incident: the article becomes its source.
    let body = format!("m=moc-gao&csrf={csrf}&item={first}&incident=gao-2017-01-18");
    let r = d
        .send(form(
            "/intake/source?lang=fr",
            &session,
            &format!("m=moc-gao&csrf=forged&item={first}&incident=gao-2017-01-18"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = d
        .send(form("/intake/source?lang=fr", &session, &body))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header(header::LOCATION), "/intake?lang=fr&m=moc-gao");
    assert!(matches!(
        item_status(&d, first),
        Status::Accepted { ref incident, as_source: true, ref by } if incident == "gao-2017-01-18" && by == "fama-officer"
    ));
    let view = d
        .get("/api/v1/mechanisms/moc-gao/incidents/gao-2017-01-18")
        .await
        .json();
    assert!(view.to_string().contains("Test Wire"), "{view}");
    // Filed once: a second time is refused on the page.
    let r = d
        .send(form("/intake/source?lang=fr", &session, &body))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("id=\"refusal\""));

    // Setting aside needs a reason.
    let reject = format!("m=moc-gao&csrf={csrf}&item={second}");
    let r = d
        .send(form(
            "/intake/reject?lang=fr",
            &session,
            &format!("{reject}&reason=+"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(item_status(&d, second), Status::Pending));

    // Filing as a new incident: the form comes pre-filled from the item.
    let r = d
        .send(get_with(
            &format!("/incidents/new?lang=fr&m=moc-gao&intake={second}"),
            &session,
        ))
        .await;
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(
        page.contains(&format!("name=\"intake\" value=\"{second}\"")),
        "{page}"
    );
    assert!(page.contains("value=\"ISS Today\""), "{page}");
    let r = d
        .send(get_with(
            &format!("/incidents/new?lang=fr&m=moc-gao&intake={first}"),
            &session,
        ))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "a filed item is not filed again"
    );
    let fields = format!(
        "m=moc-gao&csrf={csrf}&intake={second}&date=2017-01-18&sub_event=suicide-bomb\
         &actor1=Al+Mourabitoun&actor1_type=political-militia&location=Gao&region=Gao\
         &latitude=16.27&longitude=-0.04&outlet=ISS+Today&kind=media&killed=nearly+80\
         &id=gao-2017-01-18-iss-web"
    );
    let r = d
        .send(form("/incidents/new?lang=fr", &session, &fields))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(matches!(
        item_status(&d, second),
        Status::Accepted { ref incident, as_source: false, .. } if incident == "gao-2017-01-18-iss-web"
    ));
    let page = d
        .send(get_with("/intake?lang=fr&m=moc-gao", &session))
        .await
        .text();
    assert!(
        page.contains("gao-2017-01-18-iss-web") && page.contains("Déjà traités"),
        "{page}"
    );
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_listed_by_code_and_vetted_from_the_queue_under_the_two_party_rule() {
    let d = demo().await;
    for sn in ["FAMA-9001", "FAMA-9002"] {
        let r = d
            .post(
                "/api/v1/mechanisms/moc-gao/members",
                Some("fama-officer"),
                &common::new_member(sn, "fama", "Personne Fictive"),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }

    // The list: codes, never a name; the two new members wait.
    let (officer, _) = sign_in(&d, "fama-officer").await;
    let page = d
        .send(get_with("/members?lang=fr&m=moc-gao&q=fama-900", &officer))
        .await
        .text();
    assert!(
        page.contains("<code dir=\"ltr\">FAMA-9001</code>"),
        "{page}"
    );
    assert!(!page.contains("Personne Fictive"));
    assert!(page.contains("2 membres ; 1 à 2 affichés."), "{page}");
    assert!(page.contains("id=\"vetting-link\""));
    assert!(page.contains("<a href=\"/members?lang=fr\" aria-current=\"page\">Membres</a>"));
    // A party officer reads the queue but has no button.
    let page = d
        .send(get_with("/vetting?lang=fr&m=moc-gao", &officer))
        .await
        .text();
    assert!(page.contains("id=\"member-FAMA-9001\""), "{page}");
    assert!(!page.contains("class=\"open-review\"") && !page.contains("class=\"approve\""));

    let (fama, fama_csrf) = sign_in(&d, "fama-vetting").await;
    let page = d
        .send(get_with("/vetting?lang=fr&m=moc-gao", &fama))
        .await
        .text();
    assert_eq!(page.matches("class=\"open-review\"").count(), 2, "{page}");
    let post = |who: &str, csrf: &str, action: &str, sn: &str, extra: &str| {
        form(
            &format!("/vetting/{action}?lang=fr"),
            who,
            &format!("m=moc-gao&csrf={csrf}&sn={sn}{extra}"),
        )
    };
    let r = d.send(post(&fama, "forged", "open", "FAMA-9001", "")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = d
        .send(post(&fama, &fama_csrf, "open", "FAMA-9001", ""))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.header(header::LOCATION), "/vetting?lang=fr&m=moc-gao");
    let r = d
        .send(post(&fama, &fama_csrf, "approve", "FAMA-9001", ""))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // One approval, from the member's own party: the rule says what is
    // missing, and the same party cannot approve again.
    let page = d
        .send(get_with("/vetting?lang=fr&m=moc-gao", &fama))
        .await
        .text();
    assert!(
        page.contains("Il manque l&#39;approbation d&#39;une partie autre que")
            || page.contains("Il manque l&#x27;approbation d&#x27;une partie autre que"),
        "{page}"
    );
    assert!(page.contains("fama-vetting"));
    let r = d
        .send(post(&fama, &fama_csrf, "approve", "FAMA-9001", ""))
        .await;
    assert_eq!(r.status.as_u16() / 100, 4, "{}", r.status);
    assert!(r.text().contains("id=\"refusal\""));

    // Another party's officer completes it: the member leaves the queue.
    let (cma, cma_csrf) = sign_in(&d, "cma-vetting").await;
    let r = d
        .send(post(&cma, &cma_csrf, "approve", "FAMA-9001", ""))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let member = d
        .get_as(
            "/api/v1/mechanisms/moc-gao/members/FAMA-9001",
            Some("fama-officer"),
        )
        .await
        .json();
    assert_eq!(member["status"], "approved", "{member}");
    // The other is rejected, with a reason code.
    let r = d.send(post(&cma, &cma_csrf, "open", "FAMA-9002", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = d
        .send(post(
            &cma,
            &cma_csrf,
            "reject",
            "FAMA-9002",
            "&reason=incomplete-file",
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = d
        .send(get_with("/vetting?lang=fr&m=moc-gao", &cma))
        .await
        .text();
    assert!(
        !page.contains("FAMA-9001") && !page.contains("FAMA-9002"),
        "{page}"
    );
    assert!(
        page.contains("Aucun membre n&#39;attend") || page.contains("Aucun membre n&#x27;attend"),
        "{page}"
    );
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_language_is_remembered_for_the_next_pages() {
    let d = demo().await;
    let r = d.get_as("/?lang=ar", None).await;
    let cookie = set_cookie(&r, "moc_lang").expect("the language remembered");
    assert_eq!(cookie, "moc_lang=ar");
    let line = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("moc_lang="))
        .unwrap()
        .to_owned();
    assert!(
        line.contains("Path=/") && line.contains("SameSite=Lax"),
        "{line}"
    );
    // The next page, without `?lang=`, in Arabic; the header loses to it.
    let r = d
        .send(
            Request::get("/")
                .header(header::COOKIE, &cookie)
                .header(header::ACCEPT_LANGUAGE, "en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(r.text().contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(set_cookie(&r, "moc_lang").is_none(), "set once");
    // The API leaves no cookie.
    let r = d.get_as("/api/v1/mechanisms?lang=en", None).await;
    assert!(set_cookie(&r, "moc_lang").is_none());
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_gzipped_for_clients_that_ask() {
    let d = demo().await;
    let page = d.get_as("/", None).await.text();
    let leaflet = page
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with("moc.css"))
        .expect("the style sheet's address")
        .to_owned();
    let plain = d.get_as(&leaflet, None).await;
    assert_eq!(plain.status, 200);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    let r = d
        .send(
            Request::get(&leaflet)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header(header::CONTENT_ENCODING), "gzip");
    assert!(
        r.body.len() * 2 < plain.body.len(),
        "{} bytes gzipped, {} plain",
        r.body.len(),
        plain.body.len()
    );
    assert!(r.body.starts_with(&[0x1f, 0x8b]));
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_roster_shows_a_week_and_flags_a_patrol_whose_member_was_suspended() {
    let d = demo().await;
    let planned = d
        .get_as(
            "/api/v1/mechanisms/moc-gao/patrols?status=planned",
            Some("moc-gao-commander"),
        )
        .await
        .json();
    let patrol = &planned["patrols"][0];
    let id = patrol["id"].as_str().unwrap().to_owned();
    let member = patrol["members"][1].as_str().unwrap().to_owned();
    let (session, _) = sign_in(&d, "moc-gao-commander").await;
    // By default, the week that ends with the latest patrol: the planned
    // ones are there.
    let page = d
        .send(get_with("/roster?lang=fr&m=moc-gao", &session))
        .await
        .text();
    assert!(
        page.contains("<h1>Planning des patrouilles — <bdi>MOC Gao</bdi></h1>"),
        "{page}"
    );
    assert!(page.contains(&format!("id={id}\"")), "{page}");
    assert!(
        !page.contains("class=\"roster-patrol faulty"),
        "the demo's plans are sound"
    );
    assert!(page.contains("<a href=\"/roster?lang=fr\" aria-current=\"page\">Planning</a>"));

    // A member of it suspended: the patrol breaks the rule, said on it.
    let r = d
        .post(
            &format!("/api/v1/mechanisms/moc-gao/members/{member}/vetting"),
            Some("cma-vetting"),
            &serde_json::json!({"action": "suspend", "reason": "conduct"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = d
        .send(get_with("/roster?lang=fr&m=moc-gao", &session))
        .await
        .text();
    assert!(
        page.matches("class=\"roster-patrol faulty").count() >= 1,
        "{page}"
    );
    assert!(page.contains(&member));
    // Another week, by its first day; a wrong day falls back.
    let r = d
        .send(get_with(
            "/roster?lang=fr&m=moc-gao&from=2017-03-01",
            &session,
        ))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("from=2017-03-08"));
    let r = d
        .send(get_with("/roster?lang=fr&m=moc-gao&from=nope", &session))
        .await;
    assert_eq!(r.status, 200);
    d.close().await;
}
