//! `/staff/reports`: an organisation's report for a period, chosen on the page (HTML with SVG
//! charts, each with a text alternative and a table), and the same report as CSV, JSON and PDF
//! at `/staff/reports.csv`, `.json` and `.pdf` with the same query. Where the organisation
//! runs more than one procedure the page offers one procedure's report beside the whole
//! (`procedure`; the app says whether it is one of the organisation's). Core computes, the app
//! gathers, `crate::reports` words and formats; this module only reads the query and answers.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::reports::{parse_org, parse_period};
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use redress_core::report::Report;
use serde::Deserialize;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page};
use super::{Choice, org_name};
use crate::AppState;
use crate::reports::{Format, SectionView, Tables, views};

#[derive(Deserialize)]
pub(super) struct ReportQuery {
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    procedure: Option<String>,
}

/// What the query asks for, or the errors to show: (field, message).
struct Asked {
    org: Option<OrgId>,
    period: String,
    /// The procedure as given ("" for the organisation as a whole).
    procedure: String,
    errors: Vec<(String, String)>,
}

fn asked(state: &AppState, user: &StaffUser, query: &ReportQuery) -> Asked {
    let mine = user.actor.orgs();
    let mut errors = Vec::new();
    let org = match query
        .org
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        None => mine.first().cloned(),
        // Whether they may read it is the app's to say (`report_for`), as for the API.
        Some(text) => match parse_org(text) {
            Ok(org) => Some(org),
            Err(AppError::Invalid { field, message }) => {
                errors.push((field, message));
                None
            }
            Err(_) => None,
        },
    };
    let period = query
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map_or_else(
            || london_date(state.app.now()).year().to_string(),
            str::to_owned,
        );
    if let Err(AppError::Invalid { field, message }) = parse_period(&period) {
        errors.push((field, message));
    }
    Asked {
        org,
        period,
        procedure: query
            .procedure
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        errors,
    }
}

async fn report(
    state: &AppState,
    user: &StaffUser,
    asked: &Asked,
) -> Result<Option<Report>, AppError> {
    let (Some(org), true) = (&asked.org, asked.errors.is_empty()) else {
        return Ok(None);
    };
    let period = parse_period(&asked.period)?;
    state
        .app
        .report_for(&user.actor, org, period, Some(&asked.procedure))
        .await
        .map(Some)
}

#[derive(Template)]
#[template(path = "admin/reports.html")]
struct ReportsPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    org_error: Option<String>,
    period_error: Option<String>,
    procedure_error: Option<String>,
    orgs: Vec<Choice>,
    /// The organisation's procedures to choose from (the whole first, value ""), when it runs
    /// more than one or one was asked for; empty: the page does not ask.
    procedures: Vec<Choice>,
    period: String,
    query: String,
    tables: Option<Tables>,
    sections: Vec<SectionView>,
}
chrome_page!(ReportsPage);

/// `GET /staff/reports`.
pub(super) async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ReportQuery>,
) -> Response {
    let m = Messages::english();
    let mut asked = asked(&state, &user, &query);
    let found = match report(&state, &user, &asked).await {
        Ok(found) => found,
        Err(AppError::Invalid { field, message }) => {
            asked.errors.push((field, message));
            None
        }
        Err(error) => return app_error_page(&state, &user, error),
    };
    let mut chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("report.heading").to_owned(),
        "/staff/reports",
    );
    let status = chrome.with_errors(!asked.errors.is_empty());
    let error_for = |field: &str| {
        asked
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    };
    let tables = found.as_ref().map(|r| Tables::of(r, m));
    let page = ReportsPage {
        errors: asked
            .errors
            .iter()
            .map(|(field, message)| (format!("#{field}"), message.clone()))
            .collect(),
        org_error: error_for("org"),
        period_error: error_for("period"),
        procedure_error: error_for("procedure"),
        procedures: procedure_choices(&state, m, asked.org.as_ref(), &asked.procedure),
        orgs: user
            .actor
            .orgs()
            .iter()
            .map(|o| Choice {
                value: o.to_string(),
                label: org_name(&state, o),
                hint: String::new(),
                checked: Some(o) == asked.org.as_ref(),
            })
            .collect(),
        query: match (&asked.org, asked.procedure.as_str()) {
            (Some(org), "") => format!("org={org}&period={}", encode(&asked.period)),
            (Some(org), procedure) => format!(
                "org={org}&period={}&procedure={}",
                encode(&asked.period),
                encode(procedure)
            ),
            (None, _) => format!("period={}", encode(&asked.period)),
        },
        period: asked.period.clone(),
        sections: tables.as_ref().map(|t| views(t, m)).unwrap_or_default(),
        tables,
        chrome,
    };
    (status, render(&page)).into_response()
}

/// The procedure choices for the organisation asked about: all together, then each of its
/// procedures by title; none when it runs one and none was asked for (`procedure` as given,
/// "" for the whole). The reports and the self-assessment pages offer the same.
pub(super) fn procedure_choices(
    state: &AppState,
    m: &Messages,
    org: Option<&OrgId>,
    procedure: &str,
) -> Vec<Choice> {
    let Some(org) = org else {
        return Vec::new();
    };
    let procedures = state.app.procedures();
    let ids = procedures.ids(org);
    if ids.len() < 2 && procedure.is_empty() {
        return Vec::new();
    }
    let mut choices = vec![Choice {
        value: String::new(),
        label: m.get("report.procedure_all").to_owned(),
        hint: String::new(),
        checked: procedure.is_empty(),
    }];
    choices.extend(ids.into_iter().filter_map(|id| {
        let loaded = procedures.latest_of(org, id)?;
        Some(Choice {
            value: id.to_string(),
            label: loaded.procedure.procedure.title.clone(),
            hint: String::new(),
            checked: procedure == id.as_str(),
        })
    }));
    choices
}

/// A query value with the few characters a period may hold that a URL would misread escaped.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `GET /staff/reports.csv`.
pub(super) async fn csv(
    state: State<AppState>,
    user: StaffUser,
    query: Query<ReportQuery>,
) -> Response {
    download(state, user, query, Format::Csv).await
}

/// `GET /staff/reports.json`.
pub(super) async fn json(
    state: State<AppState>,
    user: StaffUser,
    query: Query<ReportQuery>,
) -> Response {
    download(state, user, query, Format::Json).await
}

/// `GET /staff/reports.pdf`.
pub(super) async fn pdf(
    state: State<AppState>,
    user: StaffUser,
    query: Query<ReportQuery>,
) -> Response {
    download(state, user, query, Format::Pdf).await
}

/// A download: the report as a file, or a 422 (as the API) saying which field is wrong.
async fn download(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ReportQuery>,
    format: Format,
) -> Response {
    let asked = asked(&state, &user, &query);
    let bad = |message: String| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    };
    if let Some((field, message)) = asked.errors.first() {
        return bad(format!("{field}: {message}"));
    }
    let report = match report(&state, &user, &asked).await {
        Ok(Some(report)) => report,
        Ok(None) => {
            return bad(format!(
                "org: {}",
                Messages::english().get("report.no_organisations")
            ));
        }
        Err(AppError::Invalid { field, message }) => return bad(format!("{field}: {message}")),
        Err(error) => return app_error_page(&state, &user, error),
    };
    let bytes = match crate::reports::render(&report, format) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "report could not be written");
            return app_error_page(&state, &user, AppError::Internal(error.into()));
        }
    };
    let name = format!(
        "report-{}-{}.{}",
        report.organisation,
        report.period.label().replace("..", "-to-"),
        format.extension()
    );
    (
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
