//! The forms that write incidents: `GET`/`POST /incidents/new` files an
//! incident with its first source, `POST /incident/source` adds a source
//! to one (its form sits on the incident's page).
//!
//! Each field is read here with the format's own parsers (a figure as
//! the source words it through `Figure::parse`, a date that exists, a
//! point on the globe), then the whole record passes
//! `IncidentRecord::validate`; a wrong field comes back beside itself with
//! what was typed. What passes becomes the same `ReportIncident` or
//! `AddIncidentSource` command the API and the CLI send, so the domain's
//! rules (who may report, no duplicate source) are the node's, and a
//! refusal is said at the top of the form.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use moc_domain::access::{Action, Target, authorize};
use moc_domain::moc_incidents::model::parse_iso_date;
use moc_domain::moc_incidents::{
    Actor as GroupActor, ActorType, EventType, Figure, IncidentRecord, Precision, Source,
    SourceKind, SubEventType, Toll, reconcile,
};
use moc_domain::{
    Command, IncidentId, IncidentRef, Mechanism, MechanismId, ReportIncident, ZoneId,
};
use moc_i18n::{Arg, Lang, code_label, tr};
use moc_web::{Chrome, Field, Page};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{self, Caller, FormCaller};
use crate::extract::negotiate;
use crate::figures::in_lang;
use crate::pages::{not_found_page, open_page, page, shown_mechanism};
use crate::problem::Problem;

/// The longest text a label field takes (ACLED's, `MAX_LABEL_CHARS`).
const MAX_LABEL: usize = moc_domain::moc_incidents::model::MAX_LABEL_CHARS;

/// The languages a source's report may be in, by code; the form's first
/// choice is "unknown".
const LANGUAGES: [&str; 3] = ["fr", "en", "ar"];

/// The first value of form field `name`; empty when absent.
pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn typed(fields: &[(String, String)], name: &str) -> Field {
    Field {
        value: field(fields, name).to_owned(),
        error: None,
    }
}

/// The choices of a source's fields, translated.
pub(crate) fn source_choices(lang: Lang) -> moc_web::SourceChoices {
    moc_web::SourceChoices {
        kinds: SourceKind::ALL
            .iter()
            .map(|k| {
                let c = k.as_str().to_owned();
                let label = code_label(lang, "incident-source-kind", &c);
                (c, label)
            })
            .collect(),
        languages: std::iter::once((String::new(), tr(lang, "web-form-language-unknown", &[])))
            .chain(LANGUAGES.iter().map(|code| {
                let name = Lang::parse(code).map_or_else(
                    || (*code).to_owned(),
                    |l| tr(l, "server-language-name", &[]),
                );
                ((*code).to_owned(), name)
            }))
            .collect(),
    }
}

/// A blank source: a news outlet, in the reader's language.
pub(crate) fn blank_source(lang: Lang) -> moc_web::SourceFields {
    moc_web::SourceFields {
        kind: SourceKind::Media.as_str().to_owned(),
        language: lang.code().to_owned(),
        ..moc_web::SourceFields::default()
    }
}

/// Reads a source's fields: the fields as typed with an error beside each
/// wrong one, and the source when nothing is wrong.
pub(crate) fn read_source(
    lang: Lang,
    fields: &[(String, String)],
) -> (moc_web::SourceFields, Option<Source>) {
    let t = |key: &str| tr(lang, key, &[]);
    let mut f = moc_web::SourceFields {
        outlet: typed(fields, "outlet"),
        kind: field(fields, "kind").to_owned(),
        date: typed(fields, "source_date"),
        url: typed(fields, "url"),
        language: field(fields, "language").to_owned(),
        killed: typed(fields, "killed"),
        injured: typed(fields, "injured"),
        abducted: typed(fields, "abducted"),
    };
    let kind = SourceKind::ALL
        .iter()
        .copied()
        .find(|k| k.as_str() == f.kind)
        .unwrap_or(SourceKind::Media);
    let outlet = f.outlet.value.trim().to_owned();
    if outlet.is_empty() {
        f.outlet.error = Some(t("web-form-error-required"));
    } else if outlet.chars().count() > MAX_LABEL || outlet.contains(';') {
        f.outlet.error = Some(invalid(lang, "; / 300"));
    }
    let mut source = Source::new(outlet, kind);
    let date = f.date.value.trim();
    if !date.is_empty() {
        if parse_iso_date(date).is_some() {
            source.date = Some(date.to_owned());
        } else {
            f.date.error = Some(t("web-form-error-date"));
        }
    }
    let url = f.url.value.trim();
    if !url.is_empty() {
        match moc_web::safe_url(url) {
            Some(u) if u.chars().count() <= 2000 => source.url = Some(u),
            _ => f.url.error = Some(t("web-form-error-url")),
        }
    }
    if LANGUAGES.contains(&f.language.as_str()) {
        source.language = Some(f.language.clone());
    } else {
        f.language.clear();
    }
    for (toll, field) in [
        (Toll::Killed, &mut f.killed),
        (Toll::Injured, &mut f.injured),
        (Toll::Abducted, &mut f.abducted),
    ] {
        let words = field.value.trim();
        if words.is_empty() {
            continue;
        }
        match Figure::parse(words) {
            Ok(figure) => match toll {
                Toll::Killed => source.killed = Some(figure),
                Toll::Injured => source.injured = Some(figure),
                Toll::Abducted => source.abducted = Some(figure),
            },
            Err(_) => field.error = Some(t("web-form-error-figure")),
        }
    }
    // The format's own rules last, should one be stricter than the above.
    if !f.has_errors()
        && let Err(e) = source.validate("source")
    {
        f.outlet.error = Some(invalid(lang, &e.to_string()));
    }
    let ok = !f.has_errors();
    (f, ok.then_some(source))
}

fn invalid(lang: Lang, detail: &str) -> String {
    tr(
        lang,
        "web-form-error-invalid",
        &[("detail", Arg::from(detail))],
    )
}

/// Reads degrees, `16.27` or `16,27`, within `max`; as millionths.
fn degrees(text: &str, max: f64) -> Option<i32> {
    let v: f64 = text.trim().replace(',', ".").parse().ok()?;
    // In range once checked: at most 180e6.
    #[allow(clippy::cast_possible_truncation)]
    (v.is_finite() && v.abs() <= max).then(|| (v * 1e6).round() as i32)
}

/// Turns a place and a day into an id: `tin-essako-2017-02-03`.
fn make_id(location: &str, date: &str) -> String {
    let mut slug = String::new();
    for c in location.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(40).collect();
    if slug.is_empty() {
        format!("incident-{date}")
    } else {
        format!("{slug}-{date}")
    }
}

/// The new incident form's fields and choices for mechanism `m`, blank.
fn blank_form(lang: Lang, m: &Mechanism) -> moc_web::IncidentForm {
    let precisions = |kind: &str| {
        (1..=3)
            .map(|p| {
                (
                    p.to_string(),
                    tr(lang, &format!("web-{kind}-precision-{p}"), &[]),
                )
            })
            .collect()
    };
    let mut regions: Vec<String> = m
        .zones
        .values()
        .map(|z| z.region.clone())
        .chain(m.incidents.values().filter_map(|i| i.record.admin1.clone()))
        .collect();
    regions.sort();
    regions.dedup();
    moc_web::IncidentForm {
        mechanism: m.id.to_string(),
        name: in_lang(lang, &m.name_fr, &m.name_en).to_owned(),
        time_precision: "1".into(),
        geo_precision: "1".into(),
        actor1_type: ActorType::RebelGroup.slug().to_owned(),
        actor2_type: ActorType::StateForces.slug().to_owned(),
        source: blank_source(lang),
        sub_events: EventType::ALL
            .iter()
            .map(|t| {
                (
                    code_label(lang, "event-type", t.slug()),
                    t.sub_event_types()
                        .map(|s| {
                            (
                                s.slug().to_owned(),
                                code_label(lang, "sub-event-type", s.slug()),
                            )
                        })
                        .collect(),
                )
            })
            .collect(),
        actor_types: ActorType::ALL
            .iter()
            .map(|a| {
                (
                    a.slug().to_owned(),
                    code_label(lang, "actor-type", a.slug()),
                )
            })
            .collect(),
        time_precisions: precisions("time"),
        geo_precisions: precisions("geo"),
        zones: std::iter::once((String::new(), tr(lang, "web-form-zone-none", &[])))
            .chain(m.zones.values().map(|z| {
                (
                    z.id.to_string(),
                    in_lang(lang, &z.name_fr, &z.name_en).to_owned(),
                )
            }))
            .collect(),
        regions,
        source_choices: source_choices(lang),
        ..moc_web::IncidentForm::default()
    }
}

/// Fills the blank form `f` with what the extractor read from an article.
fn from_item(lang: Lang, f: &mut moc_web::IncidentForm, item: &moc_intake::review::Item) {
    let d = &item.draft;
    let text = |v: &Option<String>| Field {
        value: v.clone().unwrap_or_default(),
        error: None,
    };
    let degrees = |v: Option<f64>| Field {
        value: v.map(|x| format!("{x:.4}")).unwrap_or_default(),
        error: None,
    };
    let figure = |v: Option<Figure>| Field {
        value: v.map(|x| x.to_string()).unwrap_or_default(),
        error: None,
    };
    f.intake = item.id.to_string();
    f.date = text(&d.date);
    f.time_precision = d.time_precision.clamp(1, 3).to_string();
    f.location = text(&d.location);
    f.region = text(&d.admin1);
    f.latitude = degrees(d.latitude);
    f.longitude = degrees(d.longitude);
    f.geo_precision = d.geo_precision.clamp(1, 3).to_string();
    f.sub_event.value = d
        .sub_event_type
        .map(|s| s.slug().to_owned())
        .unwrap_or_default();
    if let Some((name, kind)) = &d.actor1 {
        f.actor1.value.clone_from(name);
        f.actor1_type = kind.slug().to_owned();
    }
    if let Some((name, kind)) = &d.actor2 {
        f.actor2.value.clone_from(name);
        f.actor2_type = kind.slug().to_owned();
    }
    f.notes = text(&item.article.title);
    let a = &item.article;
    f.source.outlet = text(&a.outlet);
    f.source.url = text(&a.url);
    f.source.date = text(&a.published);
    f.source.language = if LANGUAGES.contains(&a.language.as_str()) {
        a.language.clone()
    } else {
        lang.code().to_owned()
    };
    f.source.killed = figure(d.killed);
    f.source.injured = figure(d.injured);
    f.source.abducted = figure(d.abducted);
}

/// What a filed incident becomes: its id, its zone and its record.
type Filed = (IncidentId, Option<ZoneId>, IncidentRecord);

/// Reads the new incident form: the form as typed with an error beside
/// each wrong field, and the incident when nothing is wrong.
fn read_incident(
    lang: Lang,
    m: &Mechanism,
    fields: &[(String, String)],
) -> (moc_web::IncidentForm, Option<Filed>) {
    let t = |key: &str| tr(lang, key, &[]);
    let (source_fields, source) = read_source(lang, fields);
    let mut f = moc_web::IncidentForm {
        id: typed(fields, "id"),
        date: typed(fields, "date"),
        time_precision: field(fields, "time_precision").to_owned(),
        sub_event: typed(fields, "sub_event"),
        actor1: typed(fields, "actor1"),
        actor1_type: field(fields, "actor1_type").to_owned(),
        actor2: typed(fields, "actor2"),
        actor2_type: field(fields, "actor2_type").to_owned(),
        civilians: field(fields, "civilians") == "1",
        location: typed(fields, "location"),
        region: typed(fields, "region"),
        latitude: typed(fields, "latitude"),
        longitude: typed(fields, "longitude"),
        geo_precision: field(fields, "geo_precision").to_owned(),
        zone: field(fields, "zone").to_owned(),
        notes: typed(fields, "notes"),
        source: source_fields,
        intake: field(fields, "intake")
            .parse::<u32>()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        ..blank_form(lang, m)
    };
    let date = f.date.value.trim().to_owned();
    if parse_iso_date(&date).is_none() {
        f.date.error = Some(t("web-form-error-date"));
    }
    let sub = SubEventType::from_slug(&f.sub_event.value);
    if sub.is_none() {
        f.sub_event.error = Some(t("web-form-error-choose"));
    }
    let label = |field: &mut Field, required: bool| -> Option<String> {
        let v = field.value.trim().to_owned();
        if v.is_empty() {
            if required {
                field.error = Some(t("web-form-error-required"));
            }
            None
        } else if v.chars().count() > MAX_LABEL {
            field.error = Some(tr(
                lang,
                "web-form-error-too-long",
                &[("max", Arg::from(MAX_LABEL.to_string()))],
            ));
            None
        } else {
            Some(v)
        }
    };
    let actor1 = label(&mut f.actor1, true);
    let actor2 = label(&mut f.actor2, false);
    let location = label(&mut f.location, true);
    let region = label(&mut f.region, true);
    let latitude = degrees(&f.latitude.value, 90.0);
    if latitude.is_none() {
        f.latitude.error = Some(t("web-form-error-latitude"));
    }
    let longitude = degrees(&f.longitude.value, 180.0);
    if longitude.is_none() {
        f.longitude.error = Some(t("web-form-error-longitude"));
    }
    if f.notes.value.chars().count() > moc_domain::MAX_TEXT {
        f.notes.error = Some(tr(
            lang,
            "web-form-error-too-long",
            &[("max", Arg::from(moc_domain::MAX_TEXT.to_string()))],
        ));
    }
    let precision = |code: &str| {
        code.parse::<u8>()
            .ok()
            .and_then(Precision::new)
            .unwrap_or(Precision::EXACT)
    };
    let actor_type = |code: &str, default: ActorType| ActorType::from_slug(code).unwrap_or(default);
    let zone = m.zones.keys().find(|z| z.as_str() == f.zone).cloned();
    let typed_id = f.id.value.trim().to_owned();
    let id_text = if typed_id.is_empty() {
        make_id(location.as_deref().unwrap_or_default(), &date)
    } else {
        typed_id
    };
    let id = IncidentId::new(id_text);
    if id.is_err() {
        f.id.error = Some(t("web-form-error-id"));
    }
    let (
        Some(sub),
        Some(actor1),
        Some(location),
        Some(region),
        Some(lat),
        Some(lon),
        Some(source),
        Ok(id),
    ) = (
        sub, actor1, location, region, latitude, longitude, source, id,
    )
    else {
        return (f, None);
    };
    if f.has_errors() {
        return (f, None);
    }
    let sources = vec![source];
    let fatalities = reconcile(&sources, Toll::Killed).map_or(0, |c| c.acled);
    let record = IncidentRecord {
        event_id_cnty: id.to_string(),
        event_date: date,
        time_precision: precision(&f.time_precision),
        disorder_type: sub.default_disorder_type(),
        event_type: sub.event_type(),
        sub_event_type: sub,
        actor1: GroupActor {
            name: actor1,
            associated: Vec::new(),
            kind: actor_type(&f.actor1_type, ActorType::RebelGroup),
        },
        actor2: actor2.map(|name| GroupActor {
            name,
            associated: Vec::new(),
            kind: actor_type(&f.actor2_type, ActorType::StateForces),
        }),
        civilian_targeting: f.civilians,
        iso: 466,
        country: "Mali".into(),
        region: "Western Africa".into(),
        admin1: Some(region),
        admin2: None,
        admin3: None,
        location,
        latitude_e6: lat,
        longitude_e6: lon,
        geo_precision: precision(&f.geo_precision),
        sources,
        notes: f.notes.value.trim().to_owned(),
        tags: Vec::new(),
        fatalities,
    };
    if let Err(e) = record.validate() {
        f.notes.error = Some(invalid(lang, &e.to_string()));
        return (f, None);
    }
    (f, Some((id, zone, record)))
}

/// `GET /incidents/new?m=`: the form, for accounts that may report.
pub(crate) async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let chrome = match open_page(
        &caller,
        &session,
        &uri,
        &headers,
        Page::IncidentNew,
        Action::ReportIncident,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let state = app.node.state().await;
    let Some(m) = shown_mechanism(&state, uri.query()) else {
        drop(state);
        return not_found_page(&chrome);
    };
    let mut view = blank_form(chrome.lang, m);
    drop(state);
    // Filing an item of the review queue: its fields, ready to correct.
    if let Ok(id) = crate::pages::query_text(uri.query(), "intake").parse::<u32>() {
        match crate::intake_pages::pending_item(&app, id).await? {
            Some(item) => from_item(chrome.lang, &mut view, &item),
            None => return not_found_page(&chrome),
        }
    }
    let html = moc_web::incident_new(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(chrome.lang, StatusCode::OK, html))
}

/// Who posted a page's form and the frame of the page that answers it
/// (the language, the account, the session's CSRF token, the form's `m`
/// and `id` kept for the language switch); or the answer to give instead:
/// sign in first, or a forged form.
pub(crate) async fn posted(
    app: &AppState,
    session: &Session,
    uri: &Uri,
    headers: &HeaderMap,
    fields: &[(String, String)],
    page: Page,
) -> Result<Result<(moc_domain::Actor, Chrome), Response>, Problem> {
    let lang = negotiate(uri.query(), headers);
    let actor = match auth::form_caller(app, session, headers, field(fields, "csrf")).await? {
        FormCaller::Actor(actor) => actor,
        FormCaller::Public => {
            let to = format!("{}?lang={}", Page::SignIn.path(), lang.code());
            return Ok(Err(Redirect::to(&to).into_response()));
        }
        FormCaller::Forged => return Ok(Err(crate::pages::forged_form(lang)?)),
    };
    let mut chrome = Chrome::new(lang, page);
    chrome.user = Some(actor.user.to_string());
    chrome.csrf = auth::session_csrf(session).await?;
    for key in ["m", "id"] {
        let value = field(fields, key);
        if !value.is_empty() {
            chrome.keep.push((key.into(), value.to_owned()));
        }
    }
    Ok(Ok((actor, chrome)))
}

/// `POST /incidents/new`: files the incident and shows it, or the form
/// again with what was wrong.
pub(crate) async fn file(
    State(app): State<AppState>,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let (actor, chrome) =
        match posted(&app, &session, &uri, &headers, &fields, Page::IncidentNew).await? {
            Ok(posted) => posted,
            Err(answer) => return Ok(answer),
        };
    let lang = chrome.lang;
    let m = field(&fields, "m").to_owned();
    let (mut view, filed) = {
        let state = app.node.state().await;
        let Some(mechanism) = state.mechanisms.values().find(|x| x.id.as_str() == m) else {
            drop(state);
            return not_found_page(&chrome);
        };
        read_incident(lang, mechanism, &fields)
    };
    let Some((incident, zone, record)) = filed else {
        let html = moc_web::incident_new(&chrome, &view).map_err(|e| Problem::internal(&e))?;
        return Ok(page(lang, StatusCode::UNPROCESSABLE_ENTITY, html));
    };
    let Ok(mechanism) = MechanismId::new(&m) else {
        return not_found_page(&chrome);
    };
    let to = moc_web::incident_href(&chrome, &m, incident.as_str());
    let filed_id = incident.to_string();
    let command = Command::ReportIncident(ReportIncident {
        mechanism,
        incident,
        zone,
        record,
    });
    match app.node.execute(&actor, command).await {
        Ok(_) => {
            if let Ok(item) = view.intake.parse::<u32>() {
                let by = actor.user.to_string();
                crate::intake_pages::accepted_as_new(&app, item, &filed_id, &by).await;
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let problem = Problem::from(e);
            let Some(code) = problem.refusal_status() else {
                return Err(problem);
            };
            view.refusal = Some(problem.detail(lang));
            let html = moc_web::incident_new(&chrome, &view).map_err(|e| Problem::internal(&e))?;
            Ok(page(lang, code, html))
        }
    }
}

/// `POST /incident/source`: adds the source and shows the incident, or
/// the incident again with the form as typed and what was wrong.
pub(crate) async fn add_source(
    State(app): State<AppState>,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let (actor, chrome) =
        match posted(&app, &session, &uri, &headers, &fields, Page::Incident).await? {
            Ok(posted) => posted,
            Err(answer) => return Ok(answer),
        };
    let lang = chrome.lang;
    let (m, id) = (field(&fields, "m"), field(&fields, "id"));
    let (Ok(mechanism), Ok(incident)) = (MechanismId::new(m), IncidentId::new(id)) else {
        return not_found_page(&chrome);
    };
    let (mut form, source) = read_source(lang, &fields);
    let answer = |form: moc_web::SourceFields, refusal: Option<String>, code: StatusCode| {
        let form = moc_web::SourceForm {
            fields: form,
            choices: source_choices(lang),
            refusal,
        };
        crate::incident_pages::render(&app, &chrome, Some(&actor), (m, id), Some(form), code)
    };
    let Some(source) = source else {
        return answer(form, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let command = Command::AddIncidentSource {
        incident: IncidentRef {
            mechanism,
            incident,
        },
        source,
    };
    match app.node.execute(&actor, command).await {
        Ok(_) => {
            let to = moc_web::incident_href(&chrome, m, id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let problem = Problem::from(e);
            let Some(code) = problem.refusal_status() else {
                return Err(problem);
            };
            form.outlet.error = None;
            answer(form, Some(problem.detail(lang)), code).await
        }
    }
}

/// Whether `actor` may file incidents at all (the list's link).
pub(crate) fn may_report(actor: Option<&moc_domain::Actor>) -> bool {
    actor.is_some() && authorize(actor, Action::ReportIncident, Target::Whole).is_ok()
}

#[cfg(test)]
mod tests {
    use moc_domain::demo::{DemoConfig, generate, placeholder_commitment};

    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn gao() -> Mechanism {
        let state = generate(&DemoConfig::default(), &mut placeholder_commitment)
            .unwrap()
            .state;
        state
            .mechanisms
            .values()
            .max_by_key(|m| m.members.len())
            .unwrap()
            .clone()
    }

    #[test]
    fn a_source_keeps_its_words_and_refuses_what_is_not_a_figure() {
        let (f, source) = read_source(
            Lang::En,
            &fields(&[
                ("outlet", " ISS Today "),
                ("kind", "observer"),
                ("source_date", "2017-01-20"),
                ("url", "https://issafrica.org/x"),
                ("language", "en"),
                ("killed", "nearly 80"),
                ("injured", ""),
            ]),
        );
        assert!(!f.has_errors(), "{f:?}");
        let s = source.unwrap();
        assert_eq!(s.outlet, "ISS Today");
        assert_eq!(s.kind, SourceKind::Observer);
        assert_eq!(s.killed, Some(Figure::parse("nearly 80").unwrap()));
        assert_eq!(s.injured, None);
        assert_eq!(s.language.as_deref(), Some("en"));

        let (f, source) = read_source(
            Lang::Fr,
            &fields(&[
                ("outlet", ""),
                ("source_date", "2017-02-30"),
                ("url", "javascript:alert(1)"),
                ("language", "xx"),
                ("killed", "beaucoup trop"),
            ]),
        );
        assert!(source.is_none());
        assert_eq!(f.outlet.error.as_deref(), Some("Ce champ est obligatoire."));
        assert!(f.date.error.is_some() && f.url.error.is_some() && f.killed.error.is_some());
        assert_eq!(f.killed.value, "beaucoup trop");
        assert_eq!(f.language, "", "an unknown language is not kept");
    }

    fn gao_bombing() -> Vec<(String, String)> {
        fields(&[
            ("date", "2017-01-18"),
            ("sub_event", "suicide-bomb"),
            ("actor1", "Al Mourabitoun"),
            ("actor1_type", "political-militia"),
            ("location", "Gao"),
            ("region", "Gao"),
            ("latitude", "16,2717"),
            ("longitude", "-0.0447"),
            ("zone", "gao"),
            ("outlet", "VOA"),
            ("killed", "54"),
        ])
    }

    #[test]
    fn an_incident_form_becomes_a_valid_record_with_its_source() {
        let m = gao();
        let (f, filed) = read_incident(Lang::Fr, &m, &gao_bombing());
        assert!(!f.has_errors(), "{f:?}");
        let (id, zone, record) = filed.unwrap();
        assert_eq!(id.as_str(), "gao-2017-01-18");
        assert_eq!(zone.map(|z| z.to_string()).as_deref(), Some("gao"));
        assert_eq!(record.sub_event_type, SubEventType::SuicideBomb);
        assert_eq!(record.event_type, EventType::ExplosionsRemoteViolence);
        assert_eq!(record.actor1.kind, ActorType::PoliticalMilitia);
        assert_eq!(record.latitude_e6, 16_271_700);
        assert_eq!(record.fatalities, 54);
        assert_eq!(record.sources.len(), 1);
        assert_eq!(record.validate(), Ok(()));
    }

    #[test]
    fn a_wrong_incident_form_names_each_field_and_keeps_the_text() {
        let m = gao();
        let mut bad = gao_bombing();
        for (k, v) in &mut bad {
            match k.as_str() {
                "date" => *v = "18/01/2017".into(),
                "sub_event" => *v = "tea-party".into(),
                "latitude" => *v = "95".into(),
                "location" => *v = String::new(),
                "killed" => *v = "lots".into(),
                _ => {}
            }
        }
        bad.push(("id".into(), "gao bombing!".into()));
        let (f, filed) = read_incident(Lang::En, &m, &bad);
        assert!(filed.is_none());
        assert_eq!(
            f.date.error.as_deref(),
            Some("Enter a real date, such as 2017-01-18.")
        );
        assert_eq!(f.date.value, "18/01/2017");
        assert!(f.sub_event.error.is_some());
        assert!(f.latitude.error.is_some() && f.longitude.error.is_none());
        assert!(f.location.error.is_some());
        assert!(f.source.killed.error.is_some());
        assert!(f.id.error.is_some());
        // The choices are still there to choose from.
        assert_eq!(f.sub_events.len(), 6);
        assert!(f.zones.iter().any(|(id, _)| id == "gao"));
    }

    #[test]
    fn ids_are_made_from_the_place_and_the_day() {
        assert_eq!(make_id("Tin-Essako", "2017-02-03"), "tin-essako-2017-02-03");
        assert_eq!(
            make_id("Ménaka (near)", "2018-01-01"),
            "menaka-near-2018-01-01"
        );
        assert_eq!(make_id("؟", "2018-01-01"), "incident-2018-01-01");
        assert!(IncidentId::new(make_id(&"Tombouctou ".repeat(20), "2018-01-01")).is_ok());
    }
}
