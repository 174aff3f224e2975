//! `/staff/assess`: an organisation's self-assessment against a complaint handling code for a
//! period, chosen on the page (organisation, code, period), as an HTML table, and the same at
//! `/staff/assess.csv`, `.json` and `.pdf` with the same query. Core assesses, the app gathers
//! the cases' facts and says who may read the figures (the reports' rule), `crate::assess`
//! words and formats; this module only reads the query and answers.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::assess::{codes, parse_code};
use redress_core::codes::{Assessment, Code};
use redress_core::names::serde_name;

use super::super::messages::Messages;
use super::super::render;
use super::super::staff::{Chrome, StaffUser, app_error_page, chrome_page};
use super::Choice;
use super::figures::{self, Form, Pairs, refused};
use crate::AppState;
use crate::assess::Table;
use crate::reports::Format;

/// What the query asks for: the organisation, period and procedure as for a report, and the
/// code to assess against.
struct Asked {
    figures: figures::Asked,
    /// The code's id as sent (empty: none chosen yet), and the code when it is one.
    against: String,
    code: Option<Code>,
}

fn asked(state: &AppState, user: &StaffUser, query: &Pairs) -> Asked {
    let mut figures = figures::Asked::read(state, user, query);
    let against = figures.other(query, "against").unwrap_or_default();
    let code = match against.as_str() {
        "" => None,
        text => parse_code(text).map_err(|e| figures.invalid(e)).ok(),
    };
    Asked {
        figures,
        against,
        code,
    }
}

impl Asked {
    /// The query of the downloads.
    fn query(&self) -> String {
        self.figures.query(&[("against", &self.against)])
    }
}

async fn assessment(
    state: &AppState,
    user: &StaffUser,
    asked: &Asked,
) -> Result<Option<Assessment>, AppError> {
    let (Some((org, period)), Some(code)) = (asked.figures.chosen(), &asked.code) else {
        return Ok(None);
    };
    state
        .app
        .assess_for(
            &user.actor,
            org,
            code,
            period,
            Some(&asked.figures.procedure),
        )
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
    form: Form,
    against_error: Option<String>,
    codes: Vec<Choice>,
    query: String,
    assessment: Option<AssessmentView>,
}
chrome_page!(AssessPage);

/// `GET /staff/assess`.
pub(super) async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<Pairs>,
) -> Response {
    let m = Messages::english();
    let mut asked = asked(&state, &user, &query);
    let found = match assessment(&state, &user, &asked).await {
        Ok(found) => found,
        Err(error) => {
            if !matches!(error, AppError::Invalid { .. }) {
                return app_error_page(&state, &user, error);
            }
            asked.figures.invalid(error);
            None
        }
    };
    let mut chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("assess.page.heading").to_owned(),
        "/staff/assess",
    );
    let status = chrome.with_errors(!asked.figures.errors.is_empty());
    let page = AssessPage {
        errors: asked.figures.summary(),
        form: asked.figures.form(&state, &user, m),
        against_error: asked.figures.error_for("against"),
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
        assessment: found.as_ref().map(|a| view(a, m)),
        chrome,
    };
    (status, render(&page)).into_response()
}

/// `GET /staff/assess.csv`.
pub(super) async fn csv(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Csv).await
}

/// `GET /staff/assess.json`.
pub(super) async fn json(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Json).await
}

/// `GET /staff/assess.pdf`.
pub(super) async fn pdf(state: State<AppState>, user: StaffUser, query: Query<Pairs>) -> Response {
    download(state, user, query, Format::Pdf).await
}

/// A download: the assessment as a file, or a 422 (as the API) saying which field is wrong.
async fn download(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<Pairs>,
    format: Format,
) -> Response {
    let m = Messages::english();
    let asked = asked(&state, &user, &query);
    if let Some((field, message)) = asked.figures.errors.first() {
        return refused(field, message);
    }
    if asked.code.is_none() {
        let ids: Vec<&str> = codes().into_iter().map(|(id, _)| id).collect();
        return refused(
            "against",
            &m.fill("assess.page.choose_code", &[("codes", &ids.join(", "))]),
        );
    }
    let assessment = match assessment(&state, &user, &asked).await {
        Ok(Some(assessment)) => assessment,
        Ok(None) => return refused("org", m.get("report.no_organisations")),
        Err(AppError::Invalid { field, message }) => return refused(&field, &message),
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
        .figures
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
    crate::upload::file(format.media_type(), &name, bytes)
}
