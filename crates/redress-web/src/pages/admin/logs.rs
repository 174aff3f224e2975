//! The logs: `/staff/logs` (which logs there are), `/staff/logs/complaints` (King's Park's
//! complaints log: date received, number, panel or external investigation, decision, date
//! closed) and `/staff/logs/feedback` (compliments, comments and suggestions), each for one
//! organisation and year, each also as CSV (`.csv` on the same address).

mod filter;
mod lines;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use redress_core::ids::OrgId;
use redress_core::procedure::FeedbackKind;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page};
use super::csv::Csv;
use super::{day, iso_day, org_name};
use crate::AppState;
use filter::{Filter, LogQuery, filter};
use lines::{
    ComplaintLine, FeedbackLine, clock_cells, clock_columns, columns, complaint_line, feedback_line,
};

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
    let chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("admin.logs.title").to_owned(),
        "/staff/logs",
    );
    render(&IndexPage { chrome })
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
    let title = m
        .get(&format!("admin.logs.{}_title", log.slug()))
        .to_owned();
    let mut chrome = Chrome::new(&state, Some(&user), title, "/staff/logs");
    chrome.has_errors = filter.year_error.is_some();
    let status = if chrome.has_errors {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let year = filter.year.to_string();
    let page = LogPage {
        chrome,
        errors: filter
            .year_error
            .iter()
            .map(|e| ("#year".to_owned(), e.clone()))
            .collect(),
        intro: m
            .get(&format!("admin.logs.{}_intro", log.slug()))
            .to_owned(),
        heading: m.fill("admin.logs.heading", &[("year", &year)]),
        none: m.fill(
            &format!("admin.logs.{}_none", log.slug()),
            &[("year", &year)],
        ),
        columns: columns(m, log, false),
        log: log.slug(),
        organisation: filter
            .org
            .as_ref()
            .map(|o| org_name(&state, o))
            .unwrap_or_default(),
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
            let rows = app
                .complaints_log(&user.actor, org, filter.year)
                .await
                .map_err(failed)?;
            (
                rows.into_iter()
                    .map(|r| complaint_line(m, r, date))
                    .collect(),
                Vec::new(),
            )
        }
        Log::Feedback => {
            let rows = app
                .feedback_log(&user.actor, org, filter.year)
                .await
                .map_err(failed)?;
            (
                Vec::new(),
                rows.into_iter()
                    .map(|r| feedback_line(m, r, date))
                    .collect(),
            )
        }
    })
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
    // The complaints log's clock columns follow the stages of the organisation's procedure.
    let stages: Vec<(String, String)> = filter
        .org
        .as_ref()
        .and_then(|org| state.app.procedures().latest(org))
        .map(|loaded| {
            loaded
                .procedure
                .stages
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut header = columns(m, log, true);
    if log == Log::Complaints {
        header.extend(clock_columns(m, &stages));
    }
    csv.row(&header);
    match log {
        Log::Complaints => {
            for line in complaints {
                let mut cells = vec![
                    line.received.clone(),
                    line.reference.clone(),
                    line.panel_number.clone().unwrap_or_default(),
                    line.channel.clone(),
                    line.investigation.join("; "),
                    line.decision.clone(),
                    line.remedies.clone(),
                    line.themes.clone(),
                    line.closed.clone(),
                ];
                cells.extend(clock_cells(m, &line, &stages));
                csv.row(&cells);
            }
        }
        Log::Feedback => {
            for l in feedback {
                csv.row(&[
                    &l.received,
                    &l.reference,
                    &l.kind,
                    &l.title,
                    &l.passed_on,
                    &l.replied,
                    &l.published,
                    &l.closed,
                ]);
            }
        }
    }
    let org = filter
        .org
        .as_ref()
        .map(OrgId::to_string)
        .unwrap_or_default();
    let name = format!("{}-log-{org}-{}.csv", log.slug(), filter.year);
    crate::upload::file("text/csv; charset=utf-8", &name, csv.finish().into_bytes())
}
