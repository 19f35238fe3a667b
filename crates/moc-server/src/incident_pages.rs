//! The incidents pages: `GET /incidents` (the list, with filters checked
//! here and shown beside their field) and `GET /incident?id=` (one
//! incident). Incidents are public, like the API's: the public reads which
//! party acted, never which account ([`IncidentView::public`]).
//!
//! This module turns the node's incidents into `moc_web`'s view models:
//! every label translated, parties named in the reader's language,
//! figures as the sources worded them.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use moc_domain::access::Action;
use moc_domain::incident::{
    ClaimKind, Finding, IncidentView, Speaker, Stamp, StepKind, VerificationStatus,
};
use moc_domain::moc_incidents::{Casualties, EventType, Figure, Source, SourceKind, VagueWord};
use moc_domain::{Actor, Command, IncidentId, IncidentRef, Mechanism};
use moc_i18n::{Arg, Lang, tr};
use moc_web::{Chrome, Page};
use tower_sessions::Session;

use crate::AppState;
use crate::api::store_error;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::pages::{
    date_errors, not_found_page, open_page, page, query_text, shown_mechanism, would_accept,
};
use crate::problem::Problem;

/// Incidents per page of the list.
const PAGE: u32 = 50;

/// `GET /incidents?m=&type=&region=&status=&from=&to=&q=&offset=`.
pub(crate) async fn list(
    State(app): State<AppState>,
    caller: Caller,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut chrome = match open_page(
        &caller,
        &session,
        &uri,
        &headers,
        Page::Incidents,
        Action::ReadPublic,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let value = |k: &str| query_text(q, k);
    let mut view = {
        let state = app.node.state().await;
        let Some(m) = shown_mechanism(&state, q) else {
            drop(state);
            return not_found_page(&chrome);
        };
        let mut regions: Vec<String> = m
            .zones
            .values()
            .map(|z| z.region.clone())
            .chain(m.incidents.values().filter_map(|i| i.record.admin1.clone()))
            .collect();
        regions.sort();
        regions.dedup();
        moc_web::IncidentList {
            mechanism: m.id.to_string(),
            name: mechanism_name(m, lang).to_owned(),
            types: EventType::ALL
                .iter()
                .map(|t| (t.slug().to_owned(), event_type(lang, *t)))
                .collect(),
            regions,
            statuses: VerificationStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), status(lang, *s)))
                .collect(),
            can_report: crate::incident_forms::may_report(caller.actor.as_ref()),
            ..moc_web::IncidentList::default()
        }
    };
    let mut filter = moc_web::IncidentFilter {
        event_type: value("type"),
        region: value("region"),
        status: value("status"),
        from: value("from"),
        to: value("to"),
        q: value("q").trim().to_owned(),
    };
    // A choice that is not offered is ignored (an old link); a typed value
    // that is wrong is said beside its field.
    if !view
        .types
        .iter()
        .any(|(slug, _)| *slug == filter.event_type)
    {
        filter.event_type.clear();
    }
    if !view.regions.contains(&filter.region) {
        filter.region.clear();
    }
    if VerificationStatus::parse(&filter.status).is_none() {
        filter.status.clear();
    }
    view.errors = date_errors(&filter.from, &filter.to);
    if !crate::incidents_api::text(&filter.q) {
        view.errors.push("q");
    }
    let offset: u32 = value("offset").parse().unwrap_or(0);
    let keep = |field: &str, v: &String| {
        (!v.is_empty() && !view.errors.contains(&field)).then(|| v.clone())
    };
    let f = moc_store::IncidentFilter {
        from: keep("from", &filter.from),
        to: keep("to", &filter.to),
        bbox: None,
        event_type: keep("type", &filter.event_type),
        admin1: keep("region", &filter.region),
        status: VerificationStatus::parse(&filter.status),
        text: keep("q", &filter.q),
        min_fatalities: None,
        actor: None,
        include_merged: false,
        offset,
        limit: PAGE,
    };
    let found = app
        .node
        .store()
        .incidents(&view.mechanism, &f)
        .await
        .map_err(store_error)?;
    view.total = found.total;
    view.offset = u64::from(offset);
    view.limit = u64::from(PAGE);
    view.rows = found
        .incidents
        .iter()
        .map(|v| moc_web::IncidentRow {
            id: v.id.to_string(),
            date: moc_web::format::day(lang, &v.record.event_date),
            location: v.record.location.clone(),
            region: v.record.admin1.clone().unwrap_or_default(),
            event_type: event_type(lang, v.record.event_type),
            killed: v.killed.map(|k| (u64::from(k.low), u64::from(k.high))),
            sources: v.record.sources.len() as u64,
            status: status(lang, v.status),
        })
        .collect();
    view.filter = filter;
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    let code = if view.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = moc_web::incidents(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, code, html))
}

/// `GET /incident?m=&id=`: one incident, its sources side by side.
pub(crate) async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut chrome = match open_page(
        &caller,
        &session,
        &uri,
        &headers,
        Page::Incident,
        Action::ReadPublic,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let q = uri.query();
    let id = query_text(q, "id");
    let mechanism = {
        let state = app.node.state().await;
        match shown_mechanism(&state, q) {
            Some(m) => m.id.to_string(),
            None => String::new(),
        }
    };
    chrome.keep.push(("m".into(), mechanism.clone()));
    chrome.keep.push(("id".into(), id.clone()));
    render(
        &app,
        &chrome,
        caller.actor.as_ref(),
        (&mechanism, &id),
        None,
        StatusCode::OK,
    )
    .await
}

/// Incident `id` of mechanism `m` as `actor` reads it (the public without
/// account names), with the add-source form when the actor may add one:
/// blank, or `form` as a failed attempt left it.
pub(crate) async fn render(
    app: &AppState,
    chrome: &Chrome,
    actor: Option<&Actor>,
    (m, id): (&str, &str),
    form: Option<moc_web::SourceForm>,
    code: StatusCode,
) -> Result<Response, Problem> {
    let lang = chrome.lang;
    let (names, may_add) = {
        let state = app.node.state().await;
        let Some(found) = state.mechanisms.values().find(|x| x.id.as_str() == m) else {
            drop(state);
            return not_found_page(chrome);
        };
        let may_add = IncidentId::new(id).is_ok_and(|incident| {
            let command = Command::AddIncidentSource {
                incident: IncidentRef {
                    mechanism: found.id.clone(),
                    incident,
                },
                // A source no incident has: only who may add one, and to
                // which incident, decides.
                source: Source::new("\u{2063}", SourceKind::Media),
            };
            would_accept(&state, actor, &command)
        });
        (
            Names {
                lang,
                mechanism: mechanism_name(found, lang).to_owned(),
                parties: found
                    .parties
                    .values()
                    .map(|p| {
                        (
                            p.id.to_string(),
                            in_lang(lang, &p.name_fr, &p.name_en).to_owned(),
                        )
                    })
                    .collect(),
            },
            may_add,
        )
    };
    let found = app
        .node
        .store()
        .incident(m, id)
        .await
        .map_err(store_error)?;
    let Some(v) = found else {
        return not_found_page(chrome);
    };
    let v = if actor.is_some() { v } else { v.public() };
    let mut view = names.detail(m.to_owned(), &v);
    if may_add {
        view.source_form = Some(form.unwrap_or_else(|| moc_web::SourceForm {
            fields: crate::incident_forms::blank_source(lang),
            choices: crate::incident_forms::source_choices(lang),
            refusal: None,
        }));
    }
    let html = moc_web::incident(chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, code, html))
}

/// The mechanism's name in the reader's language.
pub(crate) fn mechanism_name(m: &Mechanism, lang: Lang) -> &str {
    in_lang(lang, &m.name_fr, &m.name_en)
}

fn event_type(lang: Lang, t: EventType) -> String {
    tr(lang, &format!("event-type-{}", t.slug()), &[])
}

fn status(lang: Lang, s: VerificationStatus) -> String {
    tr(lang, &format!("incident-status-{}", s.as_str()), &[])
}

fn finding(lang: Lang, f: Finding) -> String {
    tr(lang, &format!("incident-finding-{}", f.as_str()), &[])
}

fn claim_kind(lang: Lang, k: ClaimKind) -> String {
    tr(lang, &format!("incident-claim-{}", k.as_str()), &[])
}

fn source_kind(lang: Lang, k: SourceKind) -> String {
    tr(lang, &format!("incident-source-kind-{}", k.as_str()), &[])
}

/// A figure as its source worded it, in the reader's language.
fn figure(lang: Lang, f: Option<Figure>) -> String {
    let n = |n: u32| Arg::from(moc_web::format::number(lang, i64::from(n)));
    match f {
        None => String::new(),
        Some(Figure::Exact(v)) => moc_web::format::number(lang, i64::from(v)),
        Some(Figure::AtLeast(v)) => tr(lang, "web-figure-at-least", &[("n", n(v))]),
        Some(Figure::About(v)) => tr(lang, "web-figure-about", &[("n", n(v))]),
        Some(Figure::Vague(w)) => {
            let word = match w {
                VagueWord::Several => "several",
                VagueWord::Many => "many",
                VagueWord::Tens => "tens",
                VagueWord::Dozens => "dozens",
                VagueWord::Hundreds => "hundreds",
                VagueWord::Thousands => "thousands",
            };
            tr(lang, &format!("web-figure-{word}"), &[])
        }
    }
}

/// What turns ids into names for one reader.
struct Names {
    lang: Lang,
    mechanism: String,
    /// Party id → name in the reader's language.
    parties: std::collections::BTreeMap<String, String>,
}

impl Names {
    fn party(&self, id: &str) -> String {
        self.parties
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    fn speaker(&self, s: &Speaker) -> String {
        match s {
            Speaker::Party(p) => self.party(p.as_str()),
            Speaker::Group(g) => g.clone(),
        }
    }

    fn stamp(&self, s: &Stamp) -> moc_web::Stamp {
        moc_web::Stamp {
            party: self.party(s.party.as_str()),
            by: s.by.as_ref().map(ToString::to_string),
            at: moc_web::format::moment(self.lang, s.at.0),
        }
    }

    fn source(&self, s: &Source) -> moc_web::SourceRow {
        let lang = self.lang;
        moc_web::SourceRow {
            outlet: s.outlet.clone(),
            url: s.url.as_deref().and_then(moc_web::safe_url),
            date: s
                .date
                .as_deref()
                .map(|d| moc_web::format::day(lang, d))
                .unwrap_or_default(),
            kind: source_kind(lang, s.kind),
            language: s.language.clone().unwrap_or_default(),
            killed: figure(lang, s.killed),
            injured: figure(lang, s.injured),
            abducted: figure(lang, s.abducted),
        }
    }

    fn step(&self, what: &StepKind) -> String {
        let lang = self.lang;
        let t = |key: &str, args: &[(&str, String)]| {
            let args: Vec<(&str, Arg)> = args
                .iter()
                .map(|(k, v)| (*k, Arg::from(v.clone())))
                .collect();
            tr(lang, key, &args)
        };
        match what {
            StepKind::Reported => t("web-step-reported", &[]),
            StepKind::SourceAdded { outlet } => {
                t("web-step-source-added", &[("outlet", outlet.clone())])
            }
            StepKind::ClaimRecorded { kind } => t(
                "web-step-claim-recorded",
                &[("kind", claim_kind(lang, *kind))],
            ),
            StepKind::InvestigationOpened { parties } => {
                let names: Vec<String> = parties.iter().map(|p| self.party(p.as_str())).collect();
                t(
                    "web-step-investigation-opened",
                    &[("parties", names.join(", "))],
                )
            }
            StepKind::FindingFiled { finding: f } => {
                t("web-step-finding-filed", &[("finding", finding(lang, *f))])
            }
            StepKind::Concluded { status: s } => {
                t("web-step-concluded", &[("status", status(lang, *s))])
            }
            StepKind::Absorbed { from, reason } => t(
                "web-step-absorbed",
                &[("from", from.to_string()), ("reason", reason.clone())],
            ),
            StepKind::MergedInto { into, reason } => t(
                "web-step-merged-into",
                &[("into", into.to_string()), ("reason", reason.clone())],
            ),
            StepKind::Released { from, reason } => t(
                "web-step-released",
                &[("from", from.to_string()), ("reason", reason.clone())],
            ),
            StepKind::SplitFrom { into, reason } => t(
                "web-step-split-from",
                &[("into", into.to_string()), ("reason", reason.clone())],
            ),
        }
    }

    fn toll(&self, key: &str, c: Option<Casualties>) -> Option<moc_web::Toll> {
        c.map(|c| moc_web::Toll {
            label: tr(self.lang, key, &[]),
            low: u64::from(c.low),
            best: u64::from(c.best),
            high: u64::from(c.high),
            acled: u64::from(c.acled),
        })
    }

    fn detail(&self, mechanism: String, v: &IncidentView) -> moc_web::IncidentDetail {
        let lang = self.lang;
        let r = &v.record;
        let precision = |kind: &str, p: u8| tr(lang, &format!("web-{kind}-precision-{p}"), &[]);
        let claims = [
            ClaimKind::Responsibility,
            ClaimKind::Denial,
            ClaimKind::Accusation,
        ]
        .iter()
        .map(|&kind| moc_web::ClaimColumn {
            heading: tr(lang, &format!("web-claims-{}", kind.as_str()), &[]),
            claims: v
                .claims
                .iter()
                .filter(|c| c.claim.kind == kind)
                .map(|c| moc_web::ClaimRow {
                    speaker: self.speaker(&c.claim.speaker),
                    against: c.claim.against.as_ref().map(|a| self.speaker(a)),
                    statement: c.claim.statement.clone(),
                    source: self.source(&c.claim.source),
                    recorded: self.stamp(&c.recorded),
                })
                .collect(),
        })
        .collect();
        let investigations = v
            .investigations
            .iter()
            .map(|inv| {
                let team = inv
                    .team
                    .iter()
                    .map(|m| match &m.user {
                        Some(u) => format!("{} ({u})", self.party(m.party.as_str())),
                        None => self.party(m.party.as_str()),
                    })
                    .collect();
                let waiting = inv
                    .parties()
                    .into_iter()
                    .filter(|p| !inv.findings.contains_key(*p))
                    .map(|p| self.party(p.as_str()))
                    .collect();
                moc_web::InvestigationView {
                    opened: self.stamp(&inv.opened),
                    team,
                    findings: inv
                        .findings
                        .values()
                        .map(|f| moc_web::FindingRow {
                            finding: finding(lang, f.finding),
                            text: f.text.clone(),
                            filed: self.stamp(&f.filed),
                        })
                        .collect(),
                    waiting,
                    outcome: inv.outcome.map(|s| status(lang, s)),
                }
            })
            .collect();
        let coordinate = |e6: i32| format!("{:.4}", f64::from(e6) / 1e6);
        moc_web::IncidentDetail {
            mechanism,
            name: self.mechanism.clone(),
            id: v.id.to_string(),
            date: moc_web::format::day(lang, &r.event_date),
            time_precision: precision("time", r.time_precision.get()),
            location: r.location.clone(),
            region: r.admin1.clone().unwrap_or_default(),
            country: r.country.clone(),
            coordinates: format!(
                "{}, {}",
                coordinate(r.latitude_e6),
                coordinate(r.longitude_e6)
            ),
            geo_precision: precision("geo", r.geo_precision.get()),
            event_type: event_type(lang, r.event_type),
            sub_event_type: tr(
                lang,
                &format!("sub-event-type-{}", r.sub_event_type.slug()),
                &[],
            ),
            actors: std::iter::once(&r.actor1)
                .chain(r.actor2.as_ref())
                .map(|a| a.name.clone())
                .collect(),
            notes: r.notes.clone(),
            status: status(lang, v.status),
            merged_into: v.merged_into.as_ref().map(ToString::to_string),
            merged: v.merged.iter().map(ToString::to_string).collect(),
            tolls: [
                self.toll("col-killed", v.killed),
                self.toll("col-injured", v.injured),
                self.toll("col-abducted", v.abducted),
            ]
            .into_iter()
            .flatten()
            .collect(),
            sources: r.sources.iter().map(|s| self.source(s)).collect(),
            claims,
            investigations,
            timeline: v
                .timeline
                .iter()
                .map(|s| moc_web::StepRow {
                    stamp: self.stamp(&s.stamp),
                    what: self.step(&s.what),
                })
                .collect(),
            source_form: None,
        }
    }
}
