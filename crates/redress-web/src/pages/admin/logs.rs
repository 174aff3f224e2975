//! The logs: `/staff/logs` (which logs there are), `/staff/logs/complaints` (King's Park's
//! complaints log: date received, number, panel or external investigation, decision, date
//! closed) and `/staff/logs/feedback` (compliments, comments and suggestions), each for one
//! organisation and year, each also as CSV (`.csv` on the same address).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use redress_app::admin::logs::{ComplaintLogRow, FeedbackLogRow, Investigator, PassedOnTo};
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use redress_core::procedure::FeedbackKind;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page, not_found};
use super::csv::Csv;
use super::{Choice, day, iso_day, org_name};
use crate::AppState;

/// Which log.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Log {
    Complaints,
    Feedback,
}

impl Log {
    fn slug(self) -> &'static str {
        match self {
            Log::Complaints => "complaints",
            Log::Feedback => "feedback",
        }
    }

    /// Whether an organisation keeps this log: the feedback log is for those that take
    /// something other than complaints.
    fn kept_by(self, state: &AppState, org: &OrgId) -> bool {
        let Some(latest) = state.app.procedures().latest(org) else {
            return false;
        };
        let kinds = &latest.procedure.organisation.kinds;
        match self {
            Log::Complaints => kinds.contains(&FeedbackKind::Complaint),
            Log::Feedback => kinds.iter().any(|k| *k != FeedbackKind::Complaint),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/logs_index.html")]
struct IndexPage {
    chrome: Chrome,
}
chrome_page!(IndexPage);

/// `GET /staff/logs`.
pub(super) async fn index(State(state): State<AppState>, user: StaffUser) -> Response {
    let m = Messages::english();
    let chrome = Chrome::new(&state, Some(&user), m.get("admin.logs.title").to_owned(), "/staff/logs");
    render(&IndexPage { chrome })
}

#[derive(Deserialize)]
pub(super) struct LogQuery {
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    year: Option<String>,
}

/// The organisation and year a log is for, and the choices the filter form offers.
struct Filter {
    org: Option<OrgId>,
    year: i16,
    orgs: Vec<Choice>,
    years: Vec<Choice>,
    /// The message for a year that is not one of the choices.
    year_error: Option<String>,
}

impl Filter {
    fn query(&self) -> String {
        match &self.org {
            Some(org) => format!("org={org}&year={}", self.year),
            None => format!("year={}", self.year),
        }
    }
}

/// Works out the filter; `Err` is the page to show instead (an organisation the user does not
/// belong to is not found).
fn filter(state: &AppState, user: &StaffUser, log: Log, query: &LogQuery) -> Result<Filter, Response> {
    let m = Messages::english();
    let mine: Vec<OrgId> = user
        .actor
        .orgs()
        .into_iter()
        .filter(|org| log.kept_by(state, org))
        .collect();
    let org = match query.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(asked) => Some(
            mine.iter()
                .find(|org| org.as_str() == asked)
                .cloned()
                .ok_or_else(|| not_found(state, user))?,
        ),
        None => mine.first().cloned(),
    };
    let this_year = london_date(state.app.now()).year();
    let first_year = org
        .as_ref()
        .and_then(|org| {
            state
                .app
                .procedures()
                .all()
                .filter(|l| &l.procedure.organisation.id == org)
                .map(|l| l.procedure.procedure.effective_from.year())
                .min()
        })
        .unwrap_or(this_year)
        .min(this_year);
    let asked_year = query.year.as_deref().map(str::trim).filter(|y| !y.is_empty());
    let (year, year_error) = match asked_year.map(str::parse::<i16>) {
        None => (this_year, None),
        Some(Ok(year)) if (first_year..=this_year).contains(&year) => (year, None),
        Some(_) => (this_year, Some(m.get("admin.logs.year_error").to_owned())),
    };
    Ok(Filter {
        orgs: mine
            .iter()
            .map(|o| Choice {
                value: o.to_string(),
                label: org_name(state, o),
                hint: String::new(),
                checked: Some(o) == org.as_ref(),
            })
            .collect(),
        years: (first_year..=this_year)
            .rev()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
                hint: String::new(),
                checked: y == year,
            })
            .collect(),
        org,
        year,
        year_error,
    })
}

/// One complaint as the log shows it.
struct ComplaintLine {
    received: String,
    reference: String,
    panel_number: Option<String>,
    panel_note: Option<String>,
    investigation: Vec<String>,
    decision: String,
    closed: String,
}

fn complaint_line(m: &Messages, row: ComplaintLogRow, date: fn(Date) -> String) -> ComplaintLine {
    let mut investigation: Vec<String> = row
        .investigated_by
        .iter()
        .map(|(stage, who)| match who {
            Investigator::Panel(names) => m.fill(
                "admin.logs.by_panel",
                &[("stage", stage), ("names", &names.join(", "))],
            ),
            Investigator::External(who) => {
                m.fill("admin.logs.by_external", &[("stage", stage), ("who", who)])
            }
            Investigator::Handler(name, title) => m.fill(
                "admin.logs.by_handler",
                &[("stage", stage), ("name", name), ("title", title)],
            ),
        })
        .collect();
    investigation.extend(
        row.referred_to
            .iter()
            .map(|body| m.fill("admin.logs.referred_to", &[("body", body)])),
    );
    if investigation.is_empty() {
        investigation.push(m.get("admin.logs.not_yet").to_owned());
    }
    let several_stages = row.investigated_by.len() > 1;
    let decision = match (&row.outcome, row.ending) {
        (Some((stage, outcome)), _) => {
            let outcome = word(m, "outcome", outcome);
            if several_stages {
                m.fill("admin.logs.outcome_at", &[("outcome", &outcome), ("stage", stage)])
            } else {
                outcome
            }
        }
        (None, Some(ending)) => word(m, "ending", ending),
        (None, None) => m.get("admin.logs.not_decided").to_owned(),
    };
    ComplaintLine {
        received: date(row.received_on),
        reference: row.reference,
        panel_note: row
            .panel_number
            .as_ref()
            .map(|number| m.fill("admin.logs.panel_number", &[("number", number)])),
        panel_number: row.panel_number,
        investigation,
        decision,
        closed: row
            .closed_on
            .map_or_else(|| m.get("admin.logs.still_open").to_owned(), date),
    }
}

/// One compliment, comment or suggestion as the log shows it.
struct FeedbackLine {
    received: String,
    reference: String,
    kind: String,
    title: String,
    passed_on: String,
    replied: String,
    published: String,
    closed: String,
}

fn feedback_line(m: &Messages, row: FeedbackLogRow, date: fn(Date) -> String) -> FeedbackLine {
    let not_yet = || m.get("admin.logs.not_yet").to_owned();
    let passed_on: Vec<String> = row
        .passed_on_to
        .iter()
        .map(|to| match to {
            PassedOnTo::Person => m.get("admin.logs.passed_on_person").to_owned(),
            PassedOnTo::Role(title) => title.clone(),
        })
        .collect();
    FeedbackLine {
        received: date(row.received_on),
        kind: m.get(&format!("admin.kind.{}", row.kind)).to_owned(),
        passed_on: if passed_on.is_empty() { not_yet() } else { passed_on.join("; ") },
        replied: row.replied_on.map_or_else(not_yet, date),
        published: row.published.map_or_else(not_yet, |(on, place)| {
            m.fill("admin.logs.published_at", &[("date", &date(on)), ("place", &place)])
        }),
        closed: row
            .closed_on
            .map_or_else(|| m.get("admin.logs.still_open").to_owned(), date),
        reference: row.reference,
        title: row.title,
    }
}

/// The catalogue's word for a value: `admin.{group}.{serde name}`.
fn word<T: serde::Serialize>(m: &Messages, group: &str, value: T) -> String {
    m.get(&format!("admin.{group}.{}", redress_app::views::word(&value)))
        .to_owned()
}

#[derive(Template)]
#[template(path = "admin/log.html")]
struct LogPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    intro: String,
    heading: String,
    none: String,
    columns: Vec<String>,
    log: &'static str,
    organisation: String,
    filter: Filter,
    complaints: Vec<ComplaintLine>,
    feedback: Vec<FeedbackLine>,
}
chrome_page!(LogPage);

/// `GET /staff/logs/complaints`.
pub(super) async fn complaints(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<LogQuery>,
) -> Response {
    page(state, user, Log::Complaints, query).await
}

/// `GET /staff/logs/feedback`.
pub(super) async fn feedback(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<LogQuery>,
) -> Response {
    page(state, user, Log::Feedback, query).await
}

async fn page(state: AppState, user: StaffUser, log: Log, query: LogQuery) -> Response {
    let m = Messages::english();
    let filter = match filter(&state, &user, log, &query) {
        Ok(filter) => filter,
        Err(page) => return page,
    };
    let (complaints, feedback) = match lines(&state, &user, log, &filter, day).await {
        Ok(lines) => lines,
        Err(page) => return page,
    };
    let title = m.get(&format!("admin.logs.{}_title", log.slug())).to_owned();
    let mut chrome = Chrome::new(&state, Some(&user), title, "/staff/logs");
    chrome.has_errors = filter.year_error.is_some();
    let status = if chrome.has_errors { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let year = filter.year.to_string();
    let page = LogPage {
        chrome,
        errors: filter.year_error.iter().map(|e| ("#year".to_owned(), e.clone())).collect(),
        intro: m.get(&format!("admin.logs.{}_intro", log.slug())).to_owned(),
        heading: m.fill("admin.logs.heading", &[("year", &year)]),
        none: m.fill(&format!("admin.logs.{}_none", log.slug()), &[("year", &year)]),
        columns: columns(m, log, false),
        log: log.slug(),
        organisation: filter.org.as_ref().map(|o| org_name(&state, o)).unwrap_or_default(),
        filter,
        complaints,
        feedback,
    };
    (status, render(&page)).into_response()
}

/// The rows of the log the filter names, with dates written by `date`. Nothing for a filter
/// with an error or no organisation.
async fn lines(
    state: &AppState,
    user: &StaffUser,
    log: Log,
    filter: &Filter,
    date: fn(Date) -> String,
) -> Result<(Vec<ComplaintLine>, Vec<FeedbackLine>), Response> {
    let m = Messages::english();
    let Some(org) = filter.org.as_ref().filter(|_| filter.year_error.is_none()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let app = &state.app;
    let failed = |error| app_error_page(state, user, error);
    Ok(match log {
        Log::Complaints => {
            let rows = app.complaints_log(&user.actor, org, filter.year).await.map_err(failed)?;
            (rows.into_iter().map(|r| complaint_line(m, r, date)).collect(), Vec::new())
        }
        Log::Feedback => {
            let rows = app.feedback_log(&user.actor, org, filter.year).await.map_err(failed)?;
            (Vec::new(), rows.into_iter().map(|r| feedback_line(m, r, date)).collect())
        }
    })
}

/// The column headings of a log; the CSV has the panel number in a column of its own.
fn columns(m: &Messages, log: Log, csv: bool) -> Vec<String> {
    let keys: &[&str] = match (log, csv) {
        (Log::Complaints, false) => &["received", "number", "investigation", "decision", "closed"],
        (Log::Complaints, true) => {
            &["received", "number", "panel_number", "investigation", "decision", "closed"]
        }
        (Log::Feedback, _) => &[
            "received", "reference", "kind", "about", "passed_on", "replied", "published", "closed",
        ],
    };
    keys.iter()
        .map(|key| m.get(&format!("admin.logs.column.{key}")).to_owned())
        .collect()
}

/// `GET /staff/logs/complaints.csv`.
pub(super) async fn complaints_csv(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<LogQuery>,
) -> Response {
    download(state, user, Log::Complaints, query).await
}

/// `GET /staff/logs/feedback.csv`.
pub(super) async fn feedback_csv(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<LogQuery>,
) -> Response {
    download(state, user, Log::Feedback, query).await
}

async fn download(state: AppState, user: StaffUser, log: Log, query: LogQuery) -> Response {
    let m = Messages::english();
    let filter = match filter(&state, &user, log, &query) {
        Ok(filter) if filter.year_error.is_none() && filter.org.is_some() => filter,
        Ok(_) => return super::bad_request(&state, &user),
        Err(page) => return page,
    };
    let (complaints, feedback) = match lines(&state, &user, log, &filter, iso_day).await {
        Ok(lines) => lines,
        Err(page) => return page,
    };
    let mut csv = Csv::new();
    csv.row(&columns(m, log, true));
    match log {
        Log::Complaints => {
            for line in complaints {
                let panel_number = line.panel_number.unwrap_or_default();
                let investigation = line.investigation.join("; ");
                csv.row(&[&line.received, &line.reference, &panel_number, &investigation, &line.decision, &line.closed]);
            }
        }
        Log::Feedback => {
            for l in feedback {
                csv.row(&[&l.received, &l.reference, &l.kind, &l.title, &l.passed_on, &l.replied, &l.published, &l.closed]);
            }
        }
    }
    let org = filter.org.as_ref().map(OrgId::to_string).unwrap_or_default();
    let name = format!("{}-log-{org}-{}.csv", log.slug(), filter.year);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv.finish(),
    )
        .into_response()
}
