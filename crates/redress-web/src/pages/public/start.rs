//! An organisation's start page, written from its procedure file: what it takes, what is out
//! of scope and where to go instead, the time limit, each stage and its timescales in plain
//! words, the ombudsman, how personal data is used, and the button to start.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use redress_core::calendar::Duration;
use redress_core::procedure::{
    ClockStart, Escalator, ExclusionAction, FeedbackKind, LateComplaints, OmbudsmanWhen, Procedure,
    Stage, TimeLimitFrom,
};

use super::words::{counted_from, duration, handler, lower_first, paragraphs};
use super::{not_found, procedure_for};
use crate::AppState;
use crate::pages::messages::Messages;
use crate::pages::render;

pub(in crate::pages::public) mod more;

use more::{contact, others, privacy, who_can};

/// One matter out of scope.
struct ExclusionView {
    title: String,
    instead: String,
    note: String,
}

/// One stage.
struct StageView {
    name: String,
    description: Vec<String>,
    who: String,
    timescales: Vec<String>,
}

#[derive(Template)]
#[template(path = "public/start.html")]
struct StartPage<'a> {
    m: &'a Messages,
    title: String,
    service: &'a str,
    home: String,
    has_errors: bool,
    org: &'a str,
    lead: String,
    kinds: Vec<String>,
    ask_for: Vec<String>,
    time_limit: Vec<String>,
    exclusions: Vec<ExclusionView>,
    informal: Vec<String>,
    stages: Vec<StageView>,
    conflicts: Vec<String>,
    working_days: bool,
    ombudsman_heading: &'static str,
    ombudsman: Vec<String>,
    others: Vec<String>,
    who_can: Vec<String>,
    support: Vec<String>,
    privacy: Vec<String>,
    contact: Vec<(&'a str, String)>,
    /// The public compliments page, where the procedure publishes any kind of feedback.
    published_link: Option<String>,
}

/// `GET /{org}`.
pub async fn start(State(state): State<AppState>, Path(org): Path<String>) -> Response {
    let Some((_, loaded)) = procedure_for(&state, &org) else {
        return not_found();
    };
    let m = Messages::english();
    let p = &*loaded.procedure;
    let name = &p.organisation.name;
    let title = if p.organisation.kinds == [FeedbackKind::Complaint] {
        m.get("start.title_complaints").to_owned()
    } else {
        m.get("start.title_feedback").to_owned()
    };
    render(&StartPage {
        m,
        title,
        service: name,
        home: format!("/{org}"),
        has_errors: false,
        org: p.organisation.id.as_str(),
        lead: lead(m, p),
        kinds: p
            .organisation
            .kinds
            .iter()
            .map(|k| m.get(definition(*k)).to_owned())
            .collect(),
        ask_for: p.intake.ask_for.clone(),
        time_limit: time_limit(m, p),
        exclusions: p.exclusions.iter().map(|e| exclusion(m, e)).collect(),
        informal: p
            .informal
            .as_ref()
            .map(|i| paragraphs(&i.description))
            .unwrap_or_default(),
        stages: p
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| stage(m, p, i, s))
            .collect(),
        conflicts: conflicts(m, p),
        working_days: uses_working_days(p),
        ombudsman_heading: match p.ombudsman.as_ref().map(|o| o.when) {
            Some(OmbudsmanWhen::AnyTime) => "start.ombudsman_heading_any_time",
            _ => "start.ombudsman_heading",
        },
        ombudsman: ombudsman(m, p),
        others: others(m, p),
        published_link: (!redress_core::case::publication::published_kinds(p).is_empty())
            .then(|| format!("/{}/compliments", p.organisation.id)),
        who_can: who_can(m, p),
        support: p
            .intake
            .support
            .as_deref()
            .map(paragraphs)
            .unwrap_or_default(),
        privacy: privacy(m, p, state.app.retention_default()),
        contact: contact(m, p),
    })
}

fn definition(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "start.define_complaint",
        FeedbackKind::Compliment => "start.define_compliment",
        FeedbackKind::Comment => "start.define_comment",
        FeedbackKind::Suggestion => "start.define_suggestion",
    }
}

fn lead(m: &Messages, p: &Procedure) -> String {
    let things: Vec<String> = p
        .organisation
        .kinds
        .iter()
        .map(|kind| {
            m.get(match kind {
                FeedbackKind::Complaint => "start.do_complaint",
                FeedbackKind::Compliment => "start.do_compliment",
                FeedbackKind::Comment => "start.do_comment",
                FeedbackKind::Suggestion => "start.do_suggestion",
            })
            .to_owned()
        })
        .collect();
    m.fill(
        "start.lead",
        &[
            ("things", &list_or(m, &things)),
            ("organisation", &p.organisation.name),
        ],
    )
}

/// "a, b or c".
fn list_or(m: &Messages, items: &[String]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => m.fill(
            "common.list_or",
            &[("items", &init.join(", ")), ("last", last)],
        ),
        _ => items.join(""),
    }
}

fn time_limit(m: &Messages, p: &Procedure) -> Vec<String> {
    let Some(limit) = &p.time_limit else {
        return Vec::new();
    };
    let within = duration(m, limit.within);
    let mut out = vec![m.fill(
        match limit.from {
            TimeLimitFrom::Event => "start.limit_event",
            TimeLimitFrom::EventOrAwareness => "start.limit_awareness",
        },
        &[("within", &within)],
    )];
    out.push(
        m.get(match limit.late {
            LateComplaints::SpecialCircumstances => "start.limit_special",
            LateComplaints::Refused => "start.limit_refused",
        })
        .to_owned(),
    );
    out
}

fn exclusion(m: &Messages, e: &redress_core::procedure::Exclusion) -> ExclusionView {
    let route = e.route.as_deref().unwrap_or_default();
    let key = match (e.action, route.is_empty()) {
        (ExclusionAction::Refer, false) => "start.exclusion_refer",
        (ExclusionAction::Refer, true) => "start.exclusion_refer_somewhere",
        (ExclusionAction::Signpost, false) => "start.exclusion_signpost",
        (ExclusionAction::Signpost, true) => "start.exclusion_signpost_somewhere",
        (ExclusionAction::Explain, _) => "start.exclusion_explain",
        (ExclusionAction::Decline, _) => "start.exclusion_decline",
    };
    ExclusionView {
        title: e.title.clone(),
        instead: m.fill(key, &[("route", route)]),
        note: e.note.clone().unwrap_or_default(),
    }
}

fn stage(m: &Messages, p: &Procedure, index: usize, s: &Stage) -> StageView {
    let first = index == 0;
    // A stage the handler refers a complaint to was not asked for, so its clocks do not count
    // from "receiving your request".
    let referred = !first
        && p.stages.iter().any(|earlier| {
            p.next_stage(earlier).is_some_and(|next| next.id == s.id)
                && earlier
                    .escalation
                    .as_ref()
                    .is_some_and(|e| e.by == Escalator::Handler)
        });
    let from_words = |from: ClockStart| match from {
        ClockStart::Receipt | ClockStart::Escalation if referred => m.get("start.from_referral"),
        other => counted_from(m, other, first),
    };
    let mut timescales = Vec::new();
    let fill = |key: &str, within: Duration, from| {
        m.fill(
            key,
            &[("within", &duration(m, within)), ("from", from_words(from))],
        )
    };
    if let Some(ack) = &s.acknowledge {
        let key = if first {
            "start.acknowledge"
        } else {
            "start.acknowledge_request"
        };
        timescales.push(fill(key, ack.within, ack.from));
    }
    if let Some(respond) = &s.respond {
        timescales.push(fill("start.respond", respond.within, respond.from));
    }
    if let Some(holding) = &s.holding_letter {
        timescales.push(fill("start.holding_letter", holding.within, holding.from));
    } else if s.extension.is_some() {
        timescales.push(m.get("start.extension").to_owned());
    }
    if let Some(updates) = &s.updates {
        timescales.push(match updates.every {
            Some(every) => m.fill("start.updates_every", &[("every", &duration(m, every))]),
            None => m.get("start.updates").to_owned(),
        });
    }
    if s.respond.is_none() {
        timescales.push(m.get("start.no_timescale").to_owned());
    }
    if let Some(escalation) = &s.escalation {
        let next = p.next_stage(s).map_or("", |st| st.name.as_str());
        timescales.push(match (escalation.by, escalation.within) {
            (Escalator::Complainant, Some(within)) => m.fill(
                "start.escalate_within",
                &[
                    ("next", next),
                    ("within", &duration(m, within)),
                    ("from", counted_from(m, escalation.from, first)),
                ],
            ),
            (Escalator::Complainant, None) => m.fill("start.escalate", &[("next", next)]),
            (Escalator::Handler, _) => match &escalation.when {
                Some(when) => m.fill(
                    "start.referred_up_when",
                    &[
                        ("when", &lower_first(when.trim().trim_end_matches('.'))),
                        ("next", next),
                    ],
                ),
                None => m.fill("start.referred_up", &[("next", next)]),
            },
        });
        if escalation.in_writing {
            timescales.push(m.get("start.escalate_in_writing").to_owned());
        }
        if escalation.by == Escalator::Handler && escalation.notify_complainant {
            timescales.push(m.get("start.referred_up_told").to_owned());
        }
    }
    StageView {
        name: s.name.clone(),
        description: s.description.as_deref().map(paragraphs).unwrap_or_default(),
        who: m.fill("start.who", &[("who", &handler(m, p, &s.handler))]),
        timescales,
    }
}

fn conflicts(m: &Messages, p: &Procedure) -> Vec<String> {
    let title = |role| {
        p.roles
            .get(role)
            .map_or_else(String::new, |r| r.title.clone())
    };
    p.conflicts
        .iter()
        .filter_map(|rule| {
            let about = title(&rule.when_named);
            if let Some(handler) = &rule.handler {
                Some(m.fill(
                    "start.conflict_handler",
                    &[("role", &about), ("handler", &title(handler))],
                ))
            } else {
                let stage = p
                    .stages
                    .iter()
                    .find(|s| Some(&s.id) == rule.start_at.as_ref())?;
                Some(m.fill(
                    "start.conflict_stage",
                    &[("role", &about), ("stage", &stage.name)],
                ))
            }
        })
        .collect()
}

fn uses_working_days(p: &Procedure) -> bool {
    let working = |d: &Duration| matches!(d, Duration::WorkingDays(_));
    p.stages.iter().any(|s| {
        s.acknowledge.as_ref().is_some_and(|a| working(&a.within))
            || s.respond.as_ref().is_some_and(|r| working(&r.within))
            || s.holding_letter
                .as_ref()
                .is_some_and(|h| working(&h.within))
            || s.escalation
                .as_ref()
                .and_then(|e| e.within)
                .is_some_and(|w| working(&w))
    })
}

fn ombudsman(m: &Messages, p: &Procedure) -> Vec<String> {
    let Some(o) = &p.ombudsman else {
        return Vec::new();
    };
    let key = match o.when {
        OmbudsmanWhen::AfterFinalStage => "start.ombudsman_after",
        OmbudsmanWhen::AnyTime => "start.ombudsman_any_time",
    };
    let mut out = vec![m.fill(key, &[("ombudsman", &o.name)])];
    out.extend(o.note.clone());
    let ways = crate::pages::letter::contact_ways(m, &o.contact);
    if !ways.is_empty() {
        out.push(m.fill(
            "letter.ombudsman_contact",
            &[("ombudsman", &o.name), ("ways", &ways.join("; "))],
        ));
    }
    out
}
