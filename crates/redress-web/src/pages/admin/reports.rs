//! `/staff/reports`: an organisation's report for a period, chosen on the page (HTML with SVG
//! charts, each with a text alternative and a table), and the same report as CSV, JSON and PDF
//! at `/staff/reports.csv`, `.json` and `.pdf` with the same query. Where the organisation
//! runs more than one procedure the page offers one procedure's report beside the whole
//! (`procedure`; the app says whether it is one of the organisation's). Core computes, the app
//! gathers, `crate::reports` words and formats; this module only reads the query and answers.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_core::report::Report;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page};
use super::figures::{Asked, Form, Pairs, refused};
use crate::AppState;
use crate::reports::{Format, SectionView, Tables, views};

async fn report(
    state: &AppState,
    user: &StaffUser,
    asked: &Asked,
) -> Result<Option<Report>, AppError> {
    let Some((org, period)) = asked.chosen() else {
        return Ok(None);
    };
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
    form: Form,
    query: String,
    tables: Option<Tables>,
    sections: Vec<SectionView>,
}
chrome_page!(ReportsPage);

/// `GET /staff/reports`.
pub(super) async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<Pairs>,
) -> Response {
    let m = Messages::english();
    let mut asked = Asked::read(&state, &user, &query);
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
    let tables = found.as_ref().map(|r| Tables::of(r, m));
    let page = ReportsPage {
        errors: asked.summary(),
        form: asked.form(&state, &user, m),
        query: asked.query(&[]),
        sections: tables.as_ref().map(|t| views(t, m)).unwrap_or_default(),
        tables,
        chrome,
    };
    (status, render(&page)).into_response()
}

/// `GET /staff/reports.csv`.
pub(super) async fn csv(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Csv).await
}

/// `GET /staff/reports.json`.
pub(super) async fn json(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Json).await
}

/// `GET /staff/reports.pdf`.
pub(super) async fn pdf(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Pdf).await
}

/// A download: the report as a file, or a 422 (as the API) saying which field is wrong.
async fn download(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<Pairs>,
    format: Format,
) -> Response {
    let asked = Asked::read(&state, &user, &query);
    if let Some((field, message)) = asked.errors.first() {
        return refused(field, message);
    }
    let report = match report(&state, &user, &asked).await {
        Ok(Some(report)) => report,
        Ok(None) => {
            return refused("org", Messages::english().get("report.no_organisations"));
        }
        Err(AppError::Invalid { field, message }) => return refused(&field, &message),
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
    crate::upload::file(format.media_type(), &name, bytes)
}
