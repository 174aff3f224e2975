//! `/staff/assess`: an organisation's self-assessment against a complaint handling code for a
//! period, chosen on the page (organisation, code, period), as an HTML table, and the same at
//! `/staff/assess.csv`, `.json` and `.pdf` with the same query. Core assesses, the app gathers
//! the cases' facts and says who may read the figures (the reports' rule), `crate::assess`
//! words and formats; this module only reads the query and answers.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::assess::{codes, parse_code};
use redress_app::reports::{parse_org, parse_period};
use redress_core::calendar::london_date;
use redress_core::codes::{Assessment, Code};
use redress_core::ids::OrgId;
use redress_core::names::serde_name;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page, encode};
use super::{Choice, org_name};
use crate::AppState;
use crate::assess::Table;
use crate::params::once;
use crate::reports::Format;

/// The query's pairs as sent: a field given twice is an error on that field, not a bare 400.
type AssessQuery = Vec<(String, String)>;

/// What the query asks for, or the errors to show: (field, message).
struct Asked {
    org: Option<OrgId>,
    /// The code's id as sent (empty: none chosen yet), and the code when it is one.
    against: String,
    code: Option<Code>,
    period: String,
    /// One of the organisation's procedures as given ("" for the main file and every case).
    procedure: String,
    errors: Vec<(String, String)>,
}

fn asked(state: &AppState, user: &StaffUser, query: &AssessQuery) -> Asked {
    let mut errors = Vec::new();
    let mut given = |name: &str| match once(query, name) {
        Ok(text) => text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        Err(message) => {
            errors.push((name.to_owned(), message));
            None
        }
    };
    let (org, against, period) = (given("org"), given("against"), given("period"));
    let procedure = given("procedure").unwrap_or_default();
    let mut invalid = |error: AppError| {
        if let AppError::Invalid { field, message } = error {
            errors.push((field, message));
        }
    };
    // Whether they may read the organisation is the app's to say (`assess_for`).
    let org = match org {
        None => user.actor.orgs().first().cloned(),
        Some(text) => parse_org(&text).map_err(&mut invalid).ok(),
    };
    let against = against.unwrap_or_default();
    let code = match against.as_str() {
        "" => None,
        text => parse_code(text).map_err(&mut invalid).ok(),
    };
    let period = period.unwrap_or_else(|| london_date(state.app.now()).year().to_string());
    if let Err(error) = parse_period(&period) {
        invalid(error);
    }
    Asked {
        org,
        against,
        code,
        period,
        procedure,
        errors,
    }
}

impl Asked {
    /// The query of the downloads.
    fn query(&self) -> String {
        let mut query = format!(
            "against={}&period={}",
            encode(&self.against),
            encode(&self.period)
        );
        if let Some(org) = &self.org {
            query = format!("org={org}&{query}");
        }
        if !self.procedure.is_empty() {
            query = format!("{query}&procedure={}", encode(&self.procedure));
        }
        query
    }
}

async fn assessment(
    state: &AppState,
    user: &StaffUser,
    asked: &Asked,
) -> Result<Option<Assessment>, AppError> {
    let (Some(org), Some(code), true) = (&asked.org, &asked.code, asked.errors.is_empty()) else {
        return Ok(None);
    };
    let period = parse_period(&asked.period)?;
    state
        .app
        .assess_for(&user.actor, org, code, period, Some(&asked.procedure))
        .await
        .map(Some)
}

/// One provision as the page's table shows it.
struct RowView {
    cells: [String; 5],
    /// The verdict's name (`met`, `not-met`, `not-evidenced`), for its tag's colour.
    verdict: String,
}

/// The assessment on the page: the table's words, and how many provisions have each verdict.
struct AssessmentView {
    table: Table,
    rows: Vec<RowView>,
    counts: String,
}

fn view(assessment: &Assessment, m: &Messages) -> AssessmentView {
    let table = Table::of(assessment, m);
    let verdicts: Vec<String> = assessment
        .rows
        .iter()
        .map(|row| serde_name(&row.verdict))
        .collect();
    let count = |name: &str| verdicts.iter().filter(|v| *v == name).count().to_string();
    AssessmentView {
        counts: m.fill(
            "assess.page.counts",
            &[
                ("met", &count("met")),
                ("not_met", &count("not-met")),
                ("not_evidenced", &count("not-evidenced")),
            ],
        ),
        rows: table
            .rows
            .iter()
            .zip(verdicts)
            .map(|(cells, verdict)| RowView {
                cells: cells.clone(),
                verdict,
            })
            .collect(),
        table,
    }
}

#[derive(Template)]
#[template(path = "admin/assess.html")]
struct AssessPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    org_error: Option<String>,
    against_error: Option<String>,
    period_error: Option<String>,
    procedure_error: Option<String>,
    orgs: Vec<Choice>,
    /// The organisation's procedures, when it runs several (`reports::procedure_choices`).
    procedures: Vec<Choice>,
    codes: Vec<Choice>,
    period: String,
    query: String,
    assessment: Option<AssessmentView>,
}
chrome_page!(AssessPage);

/// `GET /staff/assess`.
pub(super) async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<AssessQuery>,
) -> Response {
    let m = Messages::english();
    let mut asked = asked(&state, &user, &query);
    let found = match assessment(&state, &user, &asked).await {
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
        m.get("assess.page.heading").to_owned(),
        "/staff/assess",
    );
    let status = chrome.with_errors(!asked.errors.is_empty());
    let error_for = |field: &str| {
        asked
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    };
    let page = AssessPage {
        errors: asked
            .errors
            .iter()
            .map(|(field, message)| (format!("#{field}"), message.clone()))
            .collect(),
        org_error: error_for("org"),
        against_error: error_for("against"),
        period_error: error_for("period"),
        procedure_error: error_for("procedure"),
        procedures: super::reports::procedure_choices(
            &state,
            m,
            asked.org.as_ref(),
            &asked.procedure,
        ),
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
        codes: codes()
            .into_iter()
            .map(|(id, title)| Choice {
                checked: id == asked.against,
                value: id.to_owned(),
                label: title,
                hint: String::new(),
            })
            .collect(),
        query: asked.query(),
        period: asked.period.clone(),
        assessment: found.as_ref().map(|a| view(a, m)),
        chrome,
    };
    (status, render(&page)).into_response()
}

/// `GET /staff/assess.csv`.
pub(super) async fn csv(
    state: State<AppState>,
    user: StaffUser,
    query: Query<AssessQuery>,
) -> Response {
    download(state, user, query, Format::Csv).await
}

/// `GET /staff/assess.json`.
pub(super) async fn json(
    state: State<AppState>,
    user: StaffUser,
    query: Query<AssessQuery>,
) -> Response {
    download(state, user, query, Format::Json).await
}

/// `GET /staff/assess.pdf`.
pub(super) async fn pdf(
    state: State<AppState>,
    user: StaffUser,
    query: Query<AssessQuery>,
) -> Response {
    download(state, user, query, Format::Pdf).await
}

/// A download: the assessment as a file, or a 422 (as the API) saying which field is wrong.
async fn download(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<AssessQuery>,
    format: Format,
) -> Response {
    let m = Messages::english();
    let asked = asked(&state, &user, &query);
    let bad = |field: &str, message: &str| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{field}: {message}"),
        )
            .into_response()
    };
    if let Some((field, message)) = asked.errors.first() {
        return bad(field, message);
    }
    if asked.code.is_none() {
        let ids: Vec<&str> = codes().into_iter().map(|(id, _)| id).collect();
        return bad(
            "against",
            &m.fill("assess.page.choose_code", &[("codes", &ids.join(", "))]),
        );
    }
    let assessment = match assessment(&state, &user, &asked).await {
        Ok(Some(assessment)) => assessment,
        Ok(None) => return bad("org", m.get("report.no_organisations")),
        Err(AppError::Invalid { field, message }) => return bad(&field, &message),
        Err(error) => return app_error_page(&state, &user, error),
    };
    let bytes = match crate::assess::render(&assessment, format) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "self-assessment could not be written");
            return app_error_page(&state, &user, AppError::Internal(error.into()));
        }
    };
    let org = asked
        .org
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let name = format!(
        "self-assessment-{org}-{}-{}.{}",
        assessment.code,
        assessment.period.label().replace("..", "-to-"),
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
