//! The dashboard, `/staff`: what is overdue, due today, due this week and awaiting
//! acknowledgement, and the open cases counted per organisation, stage and handler.
//!
//! It reads the open cases the user may see through the case list (each row carries its next
//! deadline) and sorts them here, so it needs no query of its own.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use redress_core::calendar::{end_of_day, london_date};
use redress_store::{CaseFilter, CaseSummary};

use super::super::messages::Messages;
use super::super::render;
use super::words::{date, name, stage};
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode};
use crate::AppState;

/// Open cases read at most, in pages of 200.
const MAX_PAGES: usize = 10;
/// Cases listed at most under each heading.
const LIST_LIMIT: usize = 25;

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    orgs: Vec<OrgCounts>,
    lists: Vec<CaseList>,
    by_stage: Vec<(String, String, String, usize)>,
    by_handler: Vec<(String, usize)>,
    truncated: bool,
    /// Procedure reviews due and versions to confirm (see `pages::admin`).
    procedure_notices: Vec<crate::pages::admin::ReminderLine>,
}
chrome_page!(Dashboard);

struct OrgCounts {
    name: String,
    /// The counts, in words.
    detail: String,
    overdue: usize,
    /// The overdue count, in words.
    overdue_text: String,
}

/// A heading and the cases under it.
struct CaseList {
    id: &'static str,
    heading: String,
    empty: String,
    more: Option<String>,
    rows: Vec<Row>,
}

/// A case in a dashboard list.
pub struct Row {
    /// The reference.
    pub reference: String,
    /// The link to the case page.
    pub href: String,
    /// The organisation's name.
    pub org: String,
    /// What the case is about.
    pub title: String,
    /// Its kind, stage and status, in words.
    pub meta: String,
    /// What is due next and by when, in words; empty when nothing is.
    pub next: String,
    /// Who handles it.
    pub handler: String,
}

/// A dashboard or list row for a case summary.
pub fn row(state: &AppState, m: &Messages, case: &CaseSummary) -> Row {
    let loaded = state.app.procedures().latest(&case.org);
    let org = loaded.map_or_else(
        || case.org.to_string(),
        |l| l.procedure.organisation.name.clone(),
    );
    let mut meta = vec![name(m, "kind", &case.kind)];
    if let (Some(stage_id), Some(l)) = (&case.stage, loaded) {
        meta.push(stage(&l.procedure, stage_id));
    }
    meta.push(name(m, "status", &case.status));
    Row {
        meta: meta.join(" · "),
        reference: case.reference.clone(),
        href: format!("/staff/cases/{}", encode(&case.reference)),
        org,
        title: case.title.clone(),
        next: match (&case.next_due_what, case.next_due_at) {
            (Some(what), Some(at)) => {
                // The last day it is in time: the instant it passes is the start of the next.
                let day = date(london_date(at - SignedDuration::from_nanos(1)));
                m.fill("staff.table.next_due", &[("what", what), ("date", &day)])
            }
            _ => String::new(),
        },
        handler: case
            .handler
            .clone()
            .unwrap_or_else(|| m.get("staff.dashboard.no_handler").to_owned()),
    }
}

/// Every open case the user may see, up to a limit; and whether there were more.
async fn open_cases(
    state: &AppState,
    user: &StaffUser,
) -> Result<(Vec<CaseSummary>, bool), redress_app::AppError> {
    let mut cases = Vec::new();
    let mut after = None;
    for _ in 0..MAX_PAGES {
        let filter = CaseFilter {
            status: Some("open".to_owned()),
            after,
            limit: 200,
            ..CaseFilter::default()
        };
        let page = state.app.query_cases(&user.actor, filter).await?;
        cases.extend(page.cases);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok((cases, false)),
        }
    }
    Ok((cases, true))
}

fn awaiting_acknowledgement(case: &CaseSummary) -> bool {
    // The next deadline of a complaint not yet acknowledged is its acknowledgement (core names
    // that clock "Acknowledge (stage)"), since acknowledging always comes first.
    case.next_due_what
        .as_deref()
        .is_some_and(|w| w.starts_with("Acknowledge"))
}

/// `GET /staff`.
pub(super) async fn show(State(state): State<AppState>, user: StaffUser) -> Response {
    let m = Messages::english();
    let (mut cases, truncated) = match open_cases(&state, &user).await {
        Ok(found) => found,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let now = state.app.now();
    let today = london_date(now);
    let today_ends = end_of_day(today);
    let week_end_date = today
        .checked_add(jiff::Span::new().days(7))
        .unwrap_or(today);
    let week_ends = end_of_day(week_end_date);
    cases.sort_by_key(|c| c.next_due_at.unwrap_or(Timestamp::MAX));
    let due = |c: &CaseSummary| c.next_due_at;
    let overdue = |c: &CaseSummary| due(c).is_some_and(|at| at <= now);
    let due_today = |c: &CaseSummary| due(c).is_some_and(|at| at > now && at <= today_ends);
    let due_week = |c: &CaseSummary| due(c).is_some_and(|at| at > today_ends && at <= week_ends);

    let orgs = user
        .actor
        .orgs()
        .iter()
        .map(|org| {
            let mine: Vec<&CaseSummary> = cases.iter().filter(|c| &c.org == org).collect();
            let count =
                |test: &dyn Fn(&CaseSummary) -> bool| mine.iter().filter(|c| test(c)).count();
            OrgCounts {
                name: state.app.procedures().latest(org).map_or_else(
                    || org.to_string(),
                    |l| l.procedure.organisation.name.clone(),
                ),
                detail: m.fill(
                    "staff.dashboard.org_detail",
                    &[
                        ("complaints", &count(&|c| c.kind == "complaint").to_string()),
                        ("other", &count(&|c| c.kind != "complaint").to_string()),
                        ("soon", &count(&|c| due_today(c) || due_week(c)).to_string()),
                        ("open", &mine.len().to_string()),
                        ("awaiting", &count(&awaiting_acknowledgement).to_string()),
                    ],
                ),
                overdue: count(&overdue),
                overdue_text: m.fill(
                    "staff.dashboard.org_overdue",
                    &[("count", &count(&overdue).to_string())],
                ),
            }
        })
        .collect();

    let week_end = date(week_end_date);
    let list = |id: &'static str, test: &dyn Fn(&CaseSummary) -> bool, more: Option<String>| {
        let matching: Vec<&CaseSummary> = cases.iter().filter(|c| test(c)).collect();
        CaseList {
            id,
            heading: m.fill(
                &format!("staff.dashboard.{id}"),
                &[("count", &matching.len().to_string()), ("date", &week_end)],
            ),
            empty: m.get(&format!("staff.dashboard.{id}_empty")).to_owned(),
            more: more.filter(|_| matching.len() > LIST_LIMIT),
            rows: matching
                .iter()
                .take(LIST_LIMIT)
                .map(|c| row(&state, m, c))
                .collect(),
        }
    };
    let lists = vec![
        list(
            "overdue",
            &overdue,
            Some("/staff/cases?status=open&overdue=true".to_owned()),
        ),
        list("due_today", &due_today, None),
        list("due_week", &due_week, None),
        list("awaiting", &awaiting_acknowledgement, None),
    ];

    let mut stages: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut handlers: BTreeMap<String, usize> = BTreeMap::new();
    for case in &cases {
        if let Some(stage_id) = &case.stage {
            *stages
                .entry((case.org.to_string(), stage_id.clone()))
                .or_default() += 1;
        }
        let handler = case
            .handler
            .clone()
            .unwrap_or_else(|| m.get("staff.dashboard.no_handler").to_owned());
        *handlers.entry(handler).or_default() += 1;
    }
    let by_stage = stages
        .into_iter()
        .map(|((org, stage_id), count)| {
            let loaded = redress_core::ids::OrgId::parse(&org)
                .ok()
                .and_then(|o| state.app.procedures().latest(&o).cloned());
            let (org_name, stage_name) = match &loaded {
                Some(l) => (
                    l.procedure.organisation.name.clone(),
                    stage(&l.procedure, &stage_id),
                ),
                None => (org.clone(), stage_id.clone()),
            };
            let href = format!(
                "/staff/cases?status=open&org={}&stage={}",
                encode(&org),
                encode(&stage_id)
            );
            (org_name, stage_name, href, count)
        })
        .collect();
    let mut by_handler: Vec<(String, usize)> = handlers.into_iter().collect();
    by_handler.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let title = m.get("staff.dashboard.title").to_owned();
    let page = Dashboard {
        chrome: Chrome::new(&state, Some(&user), title, "/staff"),
        orgs,
        lists,
        by_stage,
        by_handler,
        truncated,
        procedure_notices: crate::pages::admin::procedure_notices(&state, &user).await,
    };
    render(&page)
}
