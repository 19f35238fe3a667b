//! From an article to candidate incidents.
//!
//! The article is read sentence by sentence. A sentence with an event
//! trigger (see [`crate::event_type`]) is a *mention*: its trigger, the
//! date and place nearest to it, its tolls and actors. Mentions are then
//! gathered into events, because an article reports one attack in many
//! sentences ("On 18 January, Mali suffered…", "Nearly 80 people were
//! killed… in Gao", "the 18 January attack on the MOC camp"):
//! - a mention joins an event when nothing contradicts it (same place or
//!   none, compatible dates or none, compatible types) and something ties
//!   them: the same place, overlapping dates, or the very next sentence;
//! - a mention that refers back ("the attack", "the clashes", "the
//!   hostages") joins the event it most likely names: the one of the
//!   previous sentence, else the one of the same event type, else the
//!   heaviest;
//! - a mention with a toll but no place of its own takes the place the
//!   story was at (the last place named in the few sentences before):
//!   "On May 16, the Prime Minister visited Kidal. … In response, rebels
//!   abducted 30 people" happened in Kidal;
//! - a sentence listing places for one trigger ("pulled out of Ménaka,
//!   Léré and Tessalit") gives one mention per place.
//!
//! An event with no place is no candidate (ACLED cannot code it), nor is a
//! sentence dated by a year alone ("in 2012, the military launched a
//! coup"): it is background. An analysis piece therefore yields none.
//!
//! The event's type is decided by its specific triggers (weight 3 or
//! more) when it has any, generic ones ("attack", "killed") otherwise, and
//! triggers in a dated sentence count double: the sentence that dates an
//! event usually states what it was.

use moc_incidents::{EventType, SubEventType};
use serde::Serialize;

use crate::actors::{ACTORS, find_actors, find_claim};
use crate::boilerplate::{Removed, clean, parse_header};
use crate::dates::{DateContext, DateKind, DateMention, Day, EventDate, find_dates};
use crate::event_type::{Trigger, find_triggers};
use crate::figures::{TollKind, TollMention, find_tolls};
use crate::gazetteer::Gazetteer;
use crate::lang::{Language, detect};
use crate::places::{PlaceMention, find_places, find_unresolved};
use crate::text::{Evidence, Sentence, Token, sentences};

/// A value with the text that supports it and a confidence in [0, 1].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// The text it was read from.
    pub evidence: Evidence,
    /// How sure the extractor is, from 0 to 1.
    pub confidence: f32,
}

/// An event's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// `YYYY-MM-DD`; `None` when the year is unknown.
    pub date: Option<String>,
    /// ACLED's `time_precision`: 1 day, 2 week, 3 month.
    pub time_precision: u8,
}

/// An event's place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceValue {
    /// The gazetteer's canonical name.
    pub location: String,
    /// Its region (admin1).
    pub admin1: String,
    /// ISO country code.
    pub country: String,
    /// Latitude (of the reference place when `geo_precision` is 2);
    /// `None` for a place the gazetteer lacks.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// ACLED's `geo_precision`: 1 at the place, 2 near it, 3 the region.
    pub geo_precision: u8,
    /// The relation to the reference place ("near", "80km north of").
    pub relation: Option<String>,
}

/// A toll as one sentence gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TollValue {
    /// What it counts.
    pub kind: TollKind,
    /// The figure as written ("at least 54").
    pub figure: String,
    /// Lowest number it allows.
    pub low: u32,
    /// Highest number it allows.
    pub high: u32,
    /// The text.
    pub evidence: Evidence,
}

/// A range over every figure given for one toll.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    /// The lowest figure's low end.
    pub low: u32,
    /// The highest figure's high end.
    pub high: u32,
}

/// A claim of responsibility.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// The actor claiming, when named in the sentence or the one before.
    pub actor: Option<String>,
    /// The claim's sentence.
    pub evidence: Evidence,
}

/// A candidate incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// When.
    pub date: Option<Field<DateValue>>,
    /// Where.
    pub place: Option<Field<PlaceValue>>,
    /// ACLED's event type.
    pub event_type: Option<Field<EventType>>,
    /// ACLED's sub-event type.
    pub sub_event_type: Option<Field<SubEventType>>,
    /// Killed: the range over every figure given.
    pub fatalities: Option<Range>,
    /// Injured.
    pub injured: Option<Range>,
    /// Abducted.
    pub abducted: Option<Range>,
    /// Every figure given, each with its text.
    pub tolls: Vec<TollValue>,
    /// The actors named.
    pub actors: Vec<Field<String>>,
    /// Claims of responsibility.
    pub claims: Vec<Claim>,
    /// Overall confidence: the mean of the fields' confidences.
    pub confidence: f32,
}

/// What [`extract`] reads from one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Extraction {
    /// The article's language.
    pub language: Language,
    /// Its title (header or first line).
    pub title: Option<String>,
    /// Its publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Its address (`URL:` header).
    pub url: Option<String>,
    /// Its outlet (`Source:` header).
    pub source: Option<String>,
    /// The candidate incidents, in the order the article reports them.
    pub candidates: Vec<Candidate>,
    /// The lines set aside as boilerplate.
    pub removed: Vec<Removed>,
}

/// Options of one extraction.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The publication date, when the caller knows it; it overrides the
    /// article's own header and byline.
    pub published: Option<Day>,
}

/// How many sentences back a place or date still sets the scene.
const SCENE_SENTENCES: usize = 8;

/// One sentence's event trigger with what surrounds it.
#[derive(Clone, Debug)]
struct Mention {
    sentence: usize,
    triggers: Vec<(Trigger, Evidence)>,
    date: Option<(EventDate, Evidence)>,
    place: Option<(PlaceMention, Evidence)>,
    region: Option<(String, Evidence)>,
    tolls: Vec<(TollMention, Evidence)>,
    actors: Vec<(usize, Evidence)>,
    claim: Option<Claim>,
    anaphoric: bool,
    definite: bool,
    dated: bool,
}

/// An event being gathered from mentions.
#[derive(Clone, Debug)]
struct Draft {
    last_sentence: usize,
    triggers: Vec<(Trigger, bool, Evidence)>,
    date: Option<(EventDate, Evidence, f32)>,
    place: Option<(PlaceMention, Evidence, f32)>,
    region: Option<(String, Evidence)>,
    tolls: Vec<(TollMention, Evidence)>,
    actors: Vec<(usize, Evidence)>,
    claims: Vec<Claim>,
}

/// Extracts candidate incidents from an article's text.
pub fn extract(text: &str, gazetteer: &Gazetteer, options: &Options) -> Extraction {
    let header = parse_header(text);
    let cleaned = clean(text, header.body_start, header.title.as_deref());
    let published = options
        .published
        .or(header.published)
        .or(cleaned.byline_date);
    let mut all: Vec<Sentence> = Vec::new();
    for (p, &(s, e)) in cleaned.paragraphs.iter().enumerate() {
        all.extend(sentences(&text[s..e], s, p));
    }
    let tokens: Vec<Token> = all.iter().flat_map(|s| s.tokens.iter().cloned()).collect();
    let language = detect(&tokens);
    let title = header.title.clone().or_else(|| {
        cleaned
            .paragraphs
            .first()
            .map(|&(s, e)| text[s..e].to_string())
    });

    // Only needed when no publication date gives the year.
    let latest = if published.is_some() {
        None
    } else {
        latest_full_date(&all)
    };
    let mentions = read_mentions(text, &all, gazetteer, published, latest);
    let drafts = gather(mentions);
    let candidates = drafts
        .into_iter()
        .filter_map(|d| finish(d, gazetteer))
        .collect();
    Extraction {
        language,
        title,
        published: published.map(Day::iso),
        url: header.url,
        source: header.source,
        candidates,
        removed: cleaned.removed,
    }
}

/// The latest day of the article written with its year ("January 18,
/// 2017"), which gives the year of dates written without one when there is
/// no publication date. A month and year ("in Jan. 2013") do not count:
/// background is told by month, the news by day.
fn latest_full_date(all: &[Sentence]) -> Option<Day> {
    all.iter()
        .flat_map(|s| find_dates(&s.tokens, &DateContext::default()))
        .filter(|m| m.kind == DateKind::Absolute)
        .filter_map(|m| {
            m.value
                .filter(|v| v.year_known && v.precision == 1)
                .map(|v| v.day)
        })
        .max()
}

fn span(text: &str, tokens: &[Token], first: usize, end: usize) -> Evidence {
    match (
        tokens.get(first),
        end.checked_sub(1).and_then(|l| tokens.get(l)),
    ) {
        (Some(a), Some(b)) => Evidence::of(text, a.start, b.end),
        _ => Evidence::of(text, 0, 0),
    }
}

fn sentence_evidence(text: &str, s: &Sentence) -> Evidence {
    Evidence::of(text, s.start, s.end)
}

/// Words that make a trigger refer back to an event already told.
const DEFINITE: &[&str] = &[
    "the", "this", "that", "these", "le", "la", "l", "les", "cette", "ce", "ces",
];

fn read_mentions(
    text: &str,
    all: &[Sentence],
    gazetteer: &Gazetteer,
    published: Option<Day>,
    latest: Option<Day>,
) -> Vec<Mention> {
    let mut ctx = DateContext {
        published,
        latest,
        previous: None,
    };
    let mut mentions = Vec::new();
    // The last place and date named, with their sentence: the scene.
    let mut scene_place: Option<(PlaceMention, Evidence, usize)> = None;
    let mut scene_date: Option<(EventDate, Evidence, usize)> = None;
    let mut last_actor: Option<String> = None;
    let mut scene_region: Option<(String, Evidence, usize)> = None;
    for (index, sentence) in all.iter().enumerate() {
        let tokens = &sentence.tokens;
        let dates = find_dates(tokens, &ctx);
        let mut masked = vec![false; tokens.len()];
        for d in &dates {
            masked[d.first..d.end.min(tokens.len())].fill(true);
        }
        let mut places = find_places(tokens, gazetteer);
        places.extend(find_unresolved(tokens, &places));
        places.sort_by_key(|p| p.first);
        // "BAMAKO (Reuters) -" names where the report was filed, not where
        // the event happened.
        let dateline = dateline_end(text, sentence);
        places.retain(|p| tokens[p.first].start >= dateline);
        let triggers = find_triggers(tokens);
        let tolls: Vec<(TollMention, Evidence)> = find_tolls(tokens, &masked)
            .into_iter()
            .map(|t| {
                let e = span(text, tokens, t.first, t.end);
                (t, e)
            })
            .collect();
        let actors: Vec<(usize, Evidence)> = find_actors(tokens)
            .into_iter()
            .map(|a| (a.actor, span(text, tokens, a.first, a.end)))
            .collect();
        // The claimant is named before the claim ("Al-Mourabitoun …
        // claimed"), or in an earlier sentence ("This group had claimed").
        let claim = find_claim(tokens).map(|at| Claim {
            actor: actors
                .iter()
                .find(|(_, e)| e.start < tokens[at].start)
                .map(|(a, _)| ACTORS[*a].name.to_string())
                .or_else(|| last_actor.clone()),
            evidence: sentence_evidence(text, sentence),
        });
        if let Some((a, _)) = actors.first() {
            last_actor = Some(ACTORS[*a].name.to_string());
        }
        let anchor = triggers.first().map_or(0, |t| t.first);
        let date = nearest_date(&dates, anchor);
        let year_only = dates.iter().any(|d| d.kind == DateKind::YearOnly)
            && !dates.iter().any(|d| d.kind != DateKind::YearOnly);
        let date_value =
            date.and_then(|d| d.value.map(|v| (v, span(text, tokens, d.first, d.end))));

        if !triggers.is_empty() && !year_only {
            let definite = date.is_none()
                && triggers.iter().any(|t| {
                    tokens[t.first.saturating_sub(3)..t.first]
                        .iter()
                        .any(|w| DEFINITE.contains(&w.folded.as_str()))
                });
            let anaphoric = definite && places.is_empty();
            let region = places
                .iter()
                .find(|p| p.geo_precision == 3)
                .and_then(|p| {
                    let place = gazetteer.place(p.place)?;
                    Some((place.admin1.clone(), span(text, tokens, p.first, p.end)))
                })
                .or_else(|| {
                    // A village the gazetteer lacks is in the region the
                    // story last named.
                    let unresolved = places.iter().any(|p| p.unresolved.is_some());
                    scene_region
                        .clone()
                        .filter(|(_, _, at)| unresolved && index - at <= SCENE_SENTENCES)
                        .map(|(r, e, _)| (r, e))
                });
            let base = Mention {
                sentence: index,
                triggers: triggers
                    .iter()
                    .map(|t| (*t, span(text, tokens, t.first, t.end)))
                    .collect(),
                date: date_value.clone(),
                place: None,
                region,
                tolls: tolls.clone(),
                actors: actors.clone(),
                claim: claim.clone(),
                anaphoric,
                definite,
                dated: date.is_some(),
            };
            let sites = sites(tokens, &places);
            if sites.is_empty() {
                mentions.push(base);
            } else {
                for p in sites {
                    let e = span(text, tokens, p.first, p.end);
                    mentions.push(Mention {
                        place: Some((p.clone(), e)),
                        ..base.clone()
                    });
                }
            }
            // Tolls without their own place take the scene's.
            if let Some(m) = mentions.last_mut()
                && m.place.is_none()
                && !m.tolls.is_empty()
                && !m.anaphoric
            {
                if let Some((p, e, at)) = &scene_place
                    && index - at <= SCENE_SENTENCES
                {
                    m.place = Some((p.clone(), e.clone()));
                }
                if m.date.is_none()
                    && let Some((d, e, at)) = &scene_date
                    && index - at <= SCENE_SENTENCES
                {
                    m.date = Some((*d, e.clone()));
                }
            }
        } else if let Some(c) = claim {
            // A claim in a sentence of its own names the last event.
            mentions.push(Mention {
                sentence: index,
                triggers: Vec::new(),
                date: None,
                place: None,
                region: None,
                tolls: Vec::new(),
                actors,
                claim: Some(c),
                anaphoric: true,
                definite: true,
                dated: false,
            });
        }
        if let Some(p) = places.iter().find(|p| p.geo_precision == 3)
            && let Some(place) = gazetteer.place(p.place)
        {
            scene_region = Some((
                place.admin1.clone(),
                span(text, tokens, p.first, p.end),
                index,
            ));
        }
        if abroad(tokens) && places.is_empty() {
            // "seven foreigners in Niger": the story has left the scene.
            scene_place = None;
        }
        if let Some(p) = places.iter().find(|p| p.geo_precision < 3) {
            scene_place = Some((p.clone(), span(text, tokens, p.first, p.end), index));
        }
        if let Some((v, e)) = date_value {
            ctx.previous = Some(v);
            scene_date = Some((v, e, index));
        }
    }
    mentions
}

/// Whether the sentence puts something in another country ("in Niger",
/// "au Burkina Faso"); Mali itself is the scene of every article.
fn abroad(tokens: &[Token]) -> bool {
    tokens.windows(2).any(|w| {
        matches!(
            w[0].folded.as_str(),
            "in" | "au" | "en" | "to" | "from" | "into"
        ) && w[1].capitalised
            && w[1].folded != "mali"
            && crate::gazetteer::is_country(&w[1].folded)
    })
}

/// Where the dateline of a paragraph's first sentence ends ("BAMAKO
/// (Reuters) -", "GAO, Mali (AP) —", "Bamako (AFP) -"), or the sentence's
/// start when it has none: a short opening that closes a parenthesis
/// before a dash, or a word in capitals before a dash or a comma.
fn dateline_end(text: &str, sentence: &Sentence) -> usize {
    let s = &text[sentence.start..sentence.end];
    let head: String = s.chars().take(60).collect();
    for dash in [") -", ") —", ") –", ")—", ") :"] {
        if let Some(at) = head.find(dash) {
            return sentence.start + at + dash.len();
        }
    }
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    let capitals = first_word.chars().count() >= 3 && first_word.chars().all(char::is_uppercase);
    let after = s[first_word.len()..].trim_start();
    if capitals && after.starts_with(['-', '—', '–', ',', '(']) {
        return sentence.start + first_word.len();
    }
    sentence.start
}

/// The date mention nearest to the trigger, years alone left out.
fn nearest_date(dates: &[DateMention], anchor: usize) -> Option<&DateMention> {
    dates
        .iter()
        .filter(|d| d.kind != DateKind::YearOnly)
        .min_by_key(|d| d.first.abs_diff(anchor).min(d.end.abs_diff(anchor)))
}

/// The places where the sentence's event happened: the first place that
/// is not a region, or every place of a list ("Ménaka, Léré and
/// Tessalit") — but not of a route ("between Gao and Ansongo").
fn sites<'a>(tokens: &[Token], places: &'a [PlaceMention]) -> Vec<&'a PlaceMention> {
    let local: Vec<&PlaceMention> = places.iter().filter(|p| p.geo_precision < 3).collect();
    let Some(first) = local.first() else {
        // Only a region ("in the Mopti region"): the event is placed there,
        // at geo precision 3.
        return places.iter().take(1).collect();
    };
    let route = first.first > 0
        && matches!(
            tokens[first.first - 1].folded.as_str(),
            "between" | "entre" | "from" | "de"
        );
    let mut list = vec![*first];
    for pair in local.windows(2) {
        let gap = &tokens[pair[0].end..pair[1].first];
        let joined = pair[1].first > pair[0].end || pair[1].geo_precision == 1;
        let is_list = joined
            && gap
                .iter()
                .all(|t| t.capitalised || matches!(t.folded.as_str(), "and" | "et" | "or" | "ou"))
            && (pair[1].clause_break(tokens)
                || gap.iter().any(|t| t.folded == "and" || t.folded == "et"));
        if !is_list || route {
            break;
        }
        list.push(pair[1]);
    }
    list
}

impl PlaceMention {
    fn clause_break(&self, tokens: &[Token]) -> bool {
        tokens
            .get(self.first)
            .is_some_and(|t| t.clause_break_before)
    }
}

fn strongest(triggers: &[(Trigger, bool, Evidence)]) -> Option<(SubEventType, u32, usize)> {
    let specific = triggers.iter().any(|(t, ..)| t.weight >= 3);
    let mut totals: Vec<(SubEventType, u32, usize)> = Vec::new();
    for (i, (t, dated, _)) in triggers.iter().enumerate() {
        if specific && t.weight < 3 {
            continue;
        }
        let w = u32::from(t.weight) * if *dated { 2 } else { 1 };
        match totals.iter_mut().find(|(s, ..)| *s == t.sub_event) {
            Some(entry) => entry.1 += w,
            None => totals.push((t.sub_event, w, i)),
        }
    }
    // A suicide bomb absorbs the other explosions told with it.
    if let Some(suicide) = totals
        .iter()
        .position(|(s, ..)| *s == SubEventType::SuicideBomb)
    {
        let others: u32 = totals
            .iter()
            .filter(|(s, ..)| {
                *s != SubEventType::SuicideBomb
                    && s.event_type() == EventType::ExplosionsRemoteViolence
            })
            .map(|(_, w, _)| *w)
            .sum();
        totals[suicide].1 += others;
        totals.retain(|(s, ..)| {
            *s == SubEventType::SuicideBomb || s.event_type() != EventType::ExplosionsRemoteViolence
        });
    }
    totals
        .into_iter()
        .max_by_key(|(_, w, i)| (*w, std::cmp::Reverse(*i)))
}

fn draft_type(d: &Draft) -> Option<(EventType, u32)> {
    strongest(&d.triggers).map(|(s, w, _)| (s.event_type(), w))
}

fn mention_type(m: &Mention) -> Option<(EventType, u8)> {
    let triggers: Vec<Trigger> = m.triggers.iter().map(|(t, _)| *t).collect();
    crate::event_type::resolve(&triggers).map(|(s, w, _)| (s.event_type(), w.min(255) as u8))
}

fn types_compatible(d: &Draft, m: &Mention) -> bool {
    match (draft_type(d), mention_type(m)) {
        (Some((a, wa)), Some((b, wb))) => a == b || wa <= 2 || wb <= 2,
        _ => true,
    }
}

fn same_place(d: &Draft, m: &Mention) -> Option<bool> {
    match (&d.place, &m.place) {
        (Some((a, ..)), Some((b, _))) => Some(a.same_place(b)),
        _ => None,
    }
}

fn dates_agree(d: &Draft, m: &Mention) -> Option<bool> {
    match (&d.date, &m.date) {
        (Some((a, ..)), Some((b, _))) => Some(a.compatible(*b)),
        _ => None,
    }
}

fn gather(mentions: Vec<Mention>) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    for m in mentions {
        let fits = |d: &Draft| {
            same_place(d, &m) != Some(false)
                && dates_agree(d, &m) != Some(false)
                && types_compatible(d, &m)
        };
        let kind = mention_type(&m).map(|(t, _)| t);
        let same_kind = |d: &Draft| kind.is_some() && draft_type(d).map(|(t, _)| t) == kind;
        let target = if m.triggers.is_empty() {
            // A claim alone: the event told last.
            (0..drafts.len()).max_by_key(|&i| (drafts[i].last_sentence, i))
        } else if m.definite && m.place.is_some() && m.date.is_none() {
            // "the Tin-Essako blast": the event already told at that place.
            drafts.iter().rposition(|d| same_place(d, &m) == Some(true))
        } else if m.anaphoric {
            // "the clashes": an event of the same type, else the one just
            // told, else the heaviest.
            let typed = drafts
                .iter()
                .enumerate()
                .filter(|(_, d)| same_kind(d) && fits(d))
                .max_by_key(|(_, d)| draft_type(d).map_or(0, |(_, w)| w))
                .map(|(i, _)| i);
            typed
                .or_else(|| {
                    drafts
                        .iter()
                        .rposition(|d| d.last_sentence + 1 >= m.sentence && fits(d))
                })
                .or_else(|| {
                    drafts
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| fits(d))
                        .max_by_key(|(_, d)| draft_type(d).map_or(0, |(_, w)| w))
                        .map(|(i, _)| i)
                })
        } else {
            drafts.iter().rposition(|d| {
                let tied = same_place(d, &m) == Some(true)
                    || dates_agree(d, &m) == Some(true)
                    || (d.last_sentence + 1 == m.sentence && m.place.is_none() && m.date.is_none());
                tied && fits(d)
            })
        };
        match target {
            Some(i) => absorb(&mut drafts[i], m),
            None if m.triggers.is_empty() => {}
            None => drafts.push(new_draft(m)),
        }
    }
    // Events told apart in the story but at one place, on compatible
    // dates, of one type are one event.
    let mut merged: Vec<Draft> = Vec::new();
    for d in drafts {
        let same = merged.iter().position(|e| {
            matches!((&e.place, &d.place), (Some((a, ..)), Some((b, ..))) if a.same_place(b))
                && match (&e.date, &d.date) {
                    (Some((a, ..)), Some((b, ..))) => a.compatible(*b),
                    _ => true,
                }
                && draft_type(e).map(|t| t.0) == draft_type(&d).map(|t| t.0)
        });
        match same {
            Some(i) => {
                let e = &mut merged[i];
                e.triggers.extend(d.triggers);
                e.tolls.extend(d.tolls);
                e.actors.extend(d.actors);
                e.claims.extend(d.claims);
                if e.date.is_none()
                    || d.date.as_ref().is_some_and(|(n, ..)| {
                        e.date
                            .as_ref()
                            .is_some_and(|(o, ..)| n.precision < o.precision)
                    })
                {
                    e.date = d.date.or(e.date.take());
                }
            }
            None => merged.push(d),
        }
    }
    merged
}

fn new_draft(m: Mention) -> Draft {
    let mut d = Draft {
        last_sentence: m.sentence,
        triggers: Vec::new(),
        date: None,
        place: None,
        region: None,
        tolls: Vec::new(),
        actors: Vec::new(),
        claims: Vec::new(),
    };
    absorb(&mut d, m);
    d
}

fn absorb(d: &mut Draft, m: Mention) {
    d.last_sentence = d.last_sentence.max(m.sentence);
    for (t, e) in m.triggers {
        d.triggers.push((t, m.dated, e));
    }
    if let Some((v, e)) = m.date {
        let better = d
            .date
            .as_ref()
            .is_none_or(|(o, ..)| v.precision < o.precision);
        if better {
            let confidence = if m.dated { 0.9 } else { 0.6 };
            d.date = Some((v, e, confidence));
        }
    }
    if let Some((p, e)) = m.place
        && d.place.is_none()
    {
        let confidence = if p.locative { 0.9 } else { 0.7 };
        d.place = Some((p, e, confidence));
    }
    if d.region.is_none() {
        d.region = m.region;
    }
    d.tolls.extend(m.tolls);
    d.actors.extend(m.actors);
    d.claims.extend(m.claim);
}

fn range(tolls: &[(TollMention, Evidence)], kind: TollKind) -> Option<Range> {
    let of_kind = tolls.iter().filter(|(t, _)| t.kind == kind);
    let low = of_kind.clone().map(|(t, _)| t.low).min()?;
    let high = of_kind.map(|(t, _)| t.high).max()?;
    Some(Range { low, high })
}

fn finish(d: Draft, gazetteer: &Gazetteer) -> Option<Candidate> {
    let (pm, place_evidence, place_conf) = d.place?;
    // A place the gazetteer lacks keeps its name as written (capitalised
    // from the evidence), the region named with it, and no point.
    let region = d
        .region
        .as_ref()
        .map(|(r, _)| r.clone())
        .unwrap_or_default();
    let (location, mut admin1, country, point, place_conf) = match &pm.unresolved {
        Some(_) => (
            place_evidence.text.clone(),
            region.clone(),
            String::new(),
            None,
            place_conf * 0.6,
        ),
        None => {
            let place = gazetteer.place(pm.place)?;
            (
                place.name.clone(),
                place.admin1.clone(),
                place.country.clone(),
                Some((place.latitude, place.longitude)),
                place_conf,
            )
        }
    };
    let (sub, weight, index) = strongest(&d.triggers)?;
    if weight < 2 && d.tolls.is_empty() {
        return None;
    }
    let total: u32 = d.triggers.iter().map(|(t, ..)| u32::from(t.weight)).sum();
    let type_conf = (weight as f32 / total.max(1) as f32).clamp(0.3, 0.95);
    let trigger_evidence = d
        .triggers
        .get(index)
        .map(|(_, _, e)| e.clone())
        .unwrap_or_else(|| place_evidence.clone());
    if admin1.is_empty() {
        admin1 = region;
    }
    let date = d.date.map(|(v, e, c)| Field {
        value: DateValue {
            date: v.iso(),
            time_precision: v.precision,
        },
        evidence: e,
        confidence: if v.year_known { c } else { c / 2.0 },
    });
    let mut actors: Vec<Field<String>> = Vec::new();
    for (a, e) in d.actors {
        let name = ACTORS[a].name.to_string();
        if !actors.iter().any(|f| f.value == name) {
            actors.push(Field {
                value: name,
                evidence: e,
                confidence: 0.8,
            });
        }
    }
    let mut tolls: Vec<TollValue> = Vec::new();
    for (t, e) in &d.tolls {
        if !tolls.iter().any(|o| o.evidence == *e) {
            tolls.push(TollValue {
                kind: t.kind,
                figure: t.figure.to_string(),
                low: t.low,
                high: t.high,
                evidence: e.clone(),
            });
        }
    }
    let place_field = Field {
        value: PlaceValue {
            location,
            admin1,
            country,
            latitude: point.map(|p| p.0),
            longitude: point.map(|p| p.1),
            geo_precision: pm.geo_precision,
            relation: pm.relation.clone(),
        },
        evidence: place_evidence,
        confidence: place_conf,
    };
    let confidences = [
        Some(place_field.confidence),
        date.as_ref().map(|f| f.confidence),
        Some(type_conf),
    ];
    let present: Vec<f32> = confidences.iter().flatten().copied().collect();
    let confidence = present.iter().sum::<f32>() / present.len().max(1) as f32;
    Some(Candidate {
        date,
        place: Some(place_field),
        event_type: Some(Field {
            value: sub.event_type(),
            evidence: trigger_evidence.clone(),
            confidence: type_conf,
        }),
        sub_event_type: Some(Field {
            value: sub,
            evidence: trigger_evidence,
            confidence: type_conf * 0.9,
        }),
        fatalities: range(&d.tolls, TollKind::Killed),
        injured: range(&d.tolls, TollKind::Injured),
        abducted: range(&d.tolls, TollKind::Abducted),
        tolls,
        actors,
        claims: d.claims,
        confidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(date, location, admin1, event type, killed low–high)` of every
    /// candidate.
    type Row = (
        Option<String>,
        String,
        String,
        Option<EventType>,
        Option<(u32, u32)>,
    );

    fn rows(article: &str) -> Vec<Row> {
        let g = Gazetteer::mali().expect("embedded gazetteer");
        extract(article, &g, &Options::default())
            .candidates
            .into_iter()
            .map(|c| {
                let place = c.place.map(|p| p.value);
                (
                    c.date.and_then(|d| d.value.date),
                    place
                        .as_ref()
                        .map(|p| p.location.clone())
                        .unwrap_or_default(),
                    place.map(|p| p.admin1).unwrap_or_default(),
                    c.event_type.map(|t| t.value),
                    c.fatalities.map(|r| (r.low, r.high)),
                )
            })
            .collect()
    }

    fn row(
        date: Option<&str>,
        location: &str,
        admin1: &str,
        t: EventType,
        killed: Option<(u32, u32)>,
    ) -> Row {
        (
            date.map(str::to_string),
            location.into(),
            admin1.into(),
            Some(t),
            killed,
        )
    }

    #[test]
    fn a_french_report_with_a_header() {
        let article = "Title: Mali : une dizaine de soldats tués près de Tombouctou\nPublished: 2019-03-18\n\n\
            Une dizaine de soldats maliens ont été tués dimanche dans l’attaque de leur camp près de Tombouctou, \
            a annoncé l’armée malienne. L’attaque a été revendiquée par le JNIM.\n\
            Abonnez-vous pour lire la suite\n";
        assert_eq!(
            rows(article),
            [row(
                Some("2019-03-17"),
                "Timbuktu",
                "Tombouctou",
                EventType::Battles,
                Some((9, 11))
            )]
        );
    }

    #[test]
    fn two_events_in_one_report() {
        let article = "Published: 2018-05-10\n\n\
            On Tuesday, an IED struck a MINUSMA convoy near Aguelhok, killing two peacekeepers.\n\
            Separately, protesters marched in Bamako on Wednesday against the government.\n";
        assert_eq!(
            rows(article),
            [
                row(
                    Some("2018-05-08"),
                    "Aguelhok",
                    "Kidal",
                    EventType::ExplosionsRemoteViolence,
                    Some((2, 2))
                ),
                row(
                    Some("2018-05-09"),
                    "Bamako",
                    "Bamako",
                    EventType::Protests,
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_village_the_gazetteer_lacks_keeps_its_name_and_region() {
        let article = "Published: 2019-03-25\n\n\
            On 23 March 2019, gunmen attacked the village of Ogossagou in the Mopti region, killing at least 160 civilians.\n";
        assert_eq!(
            rows(article),
            [row(
                Some("2019-03-23"),
                "Ogossagou",
                "Mopti",
                EventType::ViolenceAgainstCivilians,
                Some((160, 160))
            )]
        );
    }

    #[test]
    fn a_wire_report_with_a_dateline_and_villages_the_gazetteer_lacks() {
        let article = "Title: Mali: 14 soldiers killed in ambush in Mopti region\nPublished: 2019-11-05\n\n\
            BAMAKO (Reuters) - Suspected jihadists killed 14 soldiers in an ambush on Monday near Dioura in central Mali's Mopti region, the army said.\n\
            The attack came days after gunmen on motorbikes killed 37 people in the Fulani village of Koulogon.\n\
            Separately, a peacekeeper was killed and three others wounded when their convoy hit a landmine near Aguelhok on Sunday.\n\
            Reporting by Tiemoko Diallo; Editing by Andrew Cawthorne\n";
        assert_eq!(
            rows(article),
            [
                row(
                    Some("2019-11-04"),
                    "Dioura",
                    "Mopti",
                    EventType::Battles,
                    Some((14, 14))
                ),
                row(
                    None,
                    "Koulogon",
                    "Mopti",
                    EventType::ViolenceAgainstCivilians,
                    Some((37, 37))
                ),
                row(
                    Some("2019-11-03"),
                    "Aguelhok",
                    "Kidal",
                    EventType::ExplosionsRemoteViolence,
                    Some((1, 1))
                ),
            ]
        );
    }

    #[test]
    fn a_french_report_of_three_events() {
        let article = "Title: Mali : au moins 26 civils tués par une mine dans le centre\nPublished: 2021-01-04\n\n\
            Au moins 26 civils, dont des femmes et des enfants, ont été tués dimanche lorsque leur véhicule a sauté sur une mine près de Boni, dans la région de Mopti, selon des sources locales.\n\
            Le même jour, des hommes armés ont enlevé trois agents humanitaires à Ménaka. L'enlèvement n'a pas été revendiqué.\n\
            Par ailleurs, le camp de la MINUSMA à Tessalit a été la cible de tirs de roquettes samedi, sans faire de victimes.\n\
            Lire aussi : Mali, la crise sans fin\n";
        assert_eq!(
            rows(article),
            [
                row(
                    Some("2021-01-03"),
                    "Boni",
                    "Mopti",
                    EventType::ExplosionsRemoteViolence,
                    Some((26, 26))
                ),
                row(
                    Some("2021-01-03"),
                    "Ménaka",
                    "Ménaka",
                    EventType::ViolenceAgainstCivilians,
                    None
                ),
                row(
                    Some("2021-01-02"),
                    "Tessalit",
                    "Kidal",
                    EventType::ExplosionsRemoteViolence,
                    None
                ),
            ]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let g = Gazetteer::mali().expect("embedded gazetteer");
        for text in [
            "",
            "\n\n\n",
            "Title:\n\n",
            ")) — …. ?! «»",
            "About 4294967295 people were killed in Gao. Some 99999999999999 died.",
            "Le 31 février 2017, à Gao, 12 morts.",
            "Gao. Gao. Gao.",
            "قُتل 54 شخصًا في غاو يوم 18 يناير",
            "e\u{301}\u{301} Me\u{301}naka 80km north of",
            "On the day, a week later, six days after.",
        ] {
            let x = extract(text, &g, &Options::default());
            for c in &x.candidates {
                let e = &c.place.as_ref().expect("a candidate has a place").evidence;
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()));
            }
        }
    }

    #[test]
    fn analysis_without_an_event_yields_nothing() {
        let article = "The peace process in Mali has stalled since 2015. Attacks could resume if the \
            armed groups are not disarmed, analysts in Bamako warn, and the threat of violence remains.\n";
        assert_eq!(rows(article), []);
    }
}
