//! The dashboard, `/staff`: what is overdue, due today, due this week and awaiting
//! acknowledgement, and the open cases counted per organisation, stage and handler.
//!
//! Every count is the store's exact grouped count (`App::open_counts`); each list shows its
//! first cases and links to the whole list (`/staff/cases?due=overdue|today|week|unacknowledged`),
//! which the same instants (`App::due_windows`) narrow, so a count and its list agree.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::SignedDuration;
use redress_app::dashboard::{DueList, DueWindows};
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use redress_store::{CaseFilter, CaseSummary, OrgOpenCounts};

use super::super::messages::Messages;
use super::super::render;
use super::words::{date, name, stage};
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode};
use crate::AppState;

/// Cases listed at most under each heading.
const LIST_LIMIT: u32 = 25;

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    orgs: Vec<OrgCounts>,
    lists: Vec<CaseList>,
    by_stage: Vec<(String, String, String, u64)>,
    by_handler: Vec<(String, u64)>,
    /// Procedure reviews due and versions to confirm (see `pages::admin`).
    procedure_notices: Vec<crate::pages::admin::ReminderLine>,
    /// Conduct reviews due soon, today or overdue: (the person, what and when, the case to
    /// open the record from).
    conduct_reviews: Vec<(String, String, Option<String>)>,
    /// Learning actions not yet done: (case link, reference, what, owner, due in words,
    /// overdue).
    learning: Vec<LearningLine>,
    /// The heading with the counts.
    learning_heading: String,
    /// Said when there are more than are listed.
    learning_more: Option<String>,
}
chrome_page!(Dashboard);

/// A learning action not yet done, as the dashboard lists it.
struct LearningLine {
    href: String,
    reference: String,
    what: String,
    owner: String,
    due: String,
    overdue: bool,
}

struct OrgCounts {
    name: String,
    /// The counts, in words.
    detail: String,
    overdue: u64,
    /// The overdue count, in words.
    overdue_text: String,
}

/// A heading and the cases under it.
struct CaseList {
    id: &'static str,
    heading: String,
    empty: String,
    /// The link to the whole list and its words, when it holds more than the page shows.
    more: Option<(String, String)>,
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

/// The first cases of one due list, with its heading; the count comes from the store's exact
/// counts, and a link to the whole list when it holds more than the page shows.
async fn due_list(
    state: &AppState,
    user: &StaffUser,
    windows: &DueWindows,
    (id, list, count): (&'static str, DueList, u64),
) -> Result<CaseList, redress_app::AppError> {
    let m = Messages::english();
    // The most urgent first: the whole list, newest first, is a link away.
    let mut filter = CaseFilter {
        limit: LIST_LIMIT,
        soonest_due: true,
        ..CaseFilter::default()
    };
    windows.narrow(list, &mut filter);
    let page = state.app.query_cases(&user.actor, filter).await?;
    let week_end = date(windows.week_end);
    Ok(CaseList {
        id,
        heading: m.fill(
            &format!("staff.dashboard.{id}"),
            &[("count", &count.to_string()), ("date", &week_end)],
        ),
        empty: m.get(&format!("staff.dashboard.{id}_empty")).to_owned(),
        more: (count > page.cases.len() as u64).then(|| {
            (
                format!("/staff/cases?due={}", list.name()),
                m.fill("staff.dashboard.see_all", &[("count", &count.to_string())]),
            )
        }),
        rows: page.cases.iter().map(|c| row(state, m, c)).collect(),
    })
}

/// `GET /staff`.
pub(super) async fn show(State(state): State<AppState>, user: StaffUser) -> Response {
    let m = Messages::english();
    let windows = state.app.due_windows();
    let counts = match state.app.open_counts(&user.actor, &windows).await {
        Ok(counts) => counts,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let org_name = |org: &OrgId| {
        state.app.procedures().latest(org).map_or_else(
            || org.to_string(),
            |l| l.procedure.organisation.name.clone(),
        )
    };
    let orgs = counts
        .orgs
        .iter()
        .map(|o| OrgCounts {
            name: org_name(&o.org),
            detail: m.fill(
                "staff.dashboard.org_detail",
                &[
                    ("complaints", &o.complaints.to_string()),
                    ("other", &(o.open - o.complaints).to_string()),
                    ("soon", &(o.due_today + o.due_week).to_string()),
                    ("open", &o.open.to_string()),
                    ("awaiting", &o.with_clock.to_string()),
                ],
            ),
            overdue: o.overdue,
            overdue_text: m.fill(
                "staff.dashboard.org_overdue",
                &[("count", &o.overdue.to_string())],
            ),
        })
        .collect();
    let total = |count: fn(&OrgOpenCounts) -> u64| counts.orgs.iter().map(count).sum::<u64>();
    let mut lists = Vec::new();
    for list in [
        ("overdue", DueList::Overdue, total(|o| o.overdue)),
        ("due_today", DueList::Today, total(|o| o.due_today)),
        ("due_week", DueList::Week, total(|o| o.due_week)),
        ("awaiting", DueList::Unacknowledged, total(|o| o.with_clock)),
    ] {
        match due_list(&state, &user, &windows, list).await {
            Ok(list) => lists.push(list),
            Err(error) => return app_error_page(&state, &user, error),
        }
    }
    let by_stage = counts
        .by_stage
        .iter()
        .map(|(org, stage_id, count)| {
            let stage_name = state
                .app
                .procedures()
                .latest(org)
                .map_or_else(|| stage_id.clone(), |l| stage(&l.procedure, stage_id));
            let href = format!(
                "/staff/cases?status=open&org={}&stage={}",
                encode(org.as_str()),
                encode(stage_id)
            );
            (org_name(org), stage_name, href, *count)
        })
        .collect();
    let mut by_handler: Vec<(String, u64)> = Vec::new();
    for (handler, count) in &counts.by_handler {
        let handler = handler
            .clone()
            .unwrap_or_else(|| m.get("staff.dashboard.no_handler").to_owned());
        // Cases named "no handler" by hand join the ones with none, as on the page before.
        match by_handler.iter_mut().find(|(name, _)| *name == handler) {
            Some((_, total)) => *total += count,
            None => by_handler.push((handler, *count)),
        }
    }
    by_handler.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let conduct_reviews = match state.app.conduct_reviews(&user.actor).await {
        Ok(reviews) => reviews
            .into_iter()
            .map(|due| {
                (
                    due.person.to_string(),
                    super::conduct::review_line(m, &due.review),
                    due.reference,
                )
            })
            .collect(),
        Err(error) => return app_error_page(&state, &user, error),
    };
    let actions = match state.app.open_learning(&user.actor).await {
        Ok(actions) => actions,
        Err(error) => return app_error_page(&state, &user, error),
    };
    let learning_heading = m.fill(
        "staff.dashboard.learning",
        &[
            ("count", &actions.open.to_string()),
            ("overdue", &actions.overdue.to_string()),
        ],
    );
    let learning_more = (actions.open > actions.first.len() as u64).then(|| {
        m.fill(
            "staff.dashboard.learning_more",
            &[("shown", &actions.first.len().to_string())],
        )
    });
    let learning = actions
        .first
        .into_iter()
        .map(|a| LearningLine {
            href: format!("/staff/cases/{}", encode(&a.row.reference)),
            due: a.row.due_on.map_or_else(
                || m.get("staff.dashboard.learning_no_due").to_owned(),
                |d| {
                    m.fill(
                        if a.overdue {
                            "staff.dashboard.learning_overdue"
                        } else {
                            "staff.dashboard.learning_due"
                        },
                        &[("date", &date(d))],
                    )
                },
            ),
            overdue: a.overdue,
            owner: a.row.owner.clone().unwrap_or_default(),
            reference: a.row.reference,
            what: a.row.what,
        })
        .collect();
    let title = m.get("staff.dashboard.title").to_owned();
    let page = Dashboard {
        learning,
        learning_heading,
        learning_more,
        conduct_reviews,
        chrome: Chrome::new(&state, Some(&user), title, "/staff"),
        orgs,
        lists,
        by_stage,
        by_handler,
        procedure_notices: crate::pages::admin::procedure_notices(&state, &user).await,
    };
    render(&page)
}
