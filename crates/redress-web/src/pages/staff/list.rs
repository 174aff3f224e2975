//! The case list, `/staff/cases`: the API's filters and text search as a GET form, and a
//! "Next page" link that carries the cursor.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_app::dashboard::DueList;
use redress_app::views::{STATUSES, parse_kind, parse_status};
use redress_core::calendar::end_of_day;
use redress_core::ids::OrgId;
use redress_store::CaseFilter;

use super::super::messages::Messages;
use super::super::render;
use super::dashboard::{Row, row};
use super::forms::{Field, FormData, Typed, parse_date};
use super::words::name;
use super::{Chrome, StaffUser, app_error_page, chrome_page, encode};
use crate::AppState;

/// The query parameters, as the API names them.
const PARAMS: &[&str] = &[
    "org",
    "kind",
    "status",
    "stage",
    "handler",
    "due_before",
    "overdue",
    "due",
    "q",
];

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct CaseListPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    rows: Vec<Row>,
    caption: String,
    next: Option<String>,
    first: Option<String>,
}
chrome_page!(CaseListPage);

fn filter_fields(m: &Messages, state: &AppState, user: &StaffUser) -> Vec<Field> {
    let any = || (String::new(), m.get("staff.list.any").to_owned());
    let procedures = state.app.procedures();
    let orgs = user.actor.orgs();
    let mut org_options = vec![any()];
    let mut stage_options = vec![any()];
    let mut kinds = Vec::new();
    for org in &orgs {
        let Some(loaded) = procedures.latest(org) else {
            continue;
        };
        let p = &loaded.procedure;
        org_options.push((org.to_string(), p.organisation.name.clone()));
        for stage in &p.stages {
            let option = (stage.id.to_string(), stage.id.to_string());
            if !stage_options.contains(&option) {
                stage_options.push(option);
            }
        }
        for kind in &p.organisation.kinds {
            let word = redress_app::views::word(kind);
            if !kinds.contains(&word) {
                kinds.push(word);
            }
        }
    }
    let mut kind_options = vec![any()];
    kind_options.extend(kinds.iter().map(|k| (k.clone(), name(m, "kind", k))));
    let mut status_options = vec![
        ("open".to_owned(), name(m, "status", "open")),
        ("any".to_owned(), m.get("staff.list.any").to_owned()),
    ];
    for status in &STATUSES[1..] {
        status_options.push(((*status).to_owned(), name(m, "status", status)));
    }
    let label = |key: &str| m.get(&format!("staff.list.{key}")).to_owned();
    let mut fields = vec![Field::new("text", "filter", "q", label("q")).hint(label("q_hint"))];
    if orgs.len() > 1 {
        fields.push(Field::new("select", "filter", "org", label("org")).options(org_options));
    }
    fields.extend([
        Field::new("select", "filter", "kind", label("kind")).options(kind_options),
        Field::new("select", "filter", "status", label("status"))
            .options(status_options)
            .value("open"),
        Field::new("select", "filter", "stage", label("stage")).options(stage_options),
        Field::new("text", "filter", "handler", label("handler"))
            .hint(label("handler_hint"))
            .width("govuk-input--width-20"),
        Field::new("date", "filter", "due_before", label("due_before"))
            .hint(label("due_before_hint"))
            .width("govuk-input--width-10"),
        Field::new("checkbox", "filter", "overdue", label("overdue")),
        Field::new("select", "filter", "due", label("due")).options(
            std::iter::once(any())
                .chain(
                    DueList::ALL
                        .iter()
                        .map(|(name, _)| ((*name).to_owned(), label(&format!("due_{name}")))),
                )
                .collect(),
        ),
    ]);
    fields
}

/// The filter a query asks for, or what is wrong with it.
fn filter(
    m: &Messages,
    state: &AppState,
    query: &FormData,
) -> Result<CaseFilter, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let org = match query.opt("org") {
        None => None,
        Some(text) => match OrgId::parse(&text) {
            Ok(org) => Some(org),
            Err(_) => {
                problems.push(("org".to_owned(), m.get("staff.list.org_invalid").to_owned()));
                None
            }
        },
    };
    let due_before = match query.opt("due_before") {
        None => None,
        Some(text) => match parse_date(&text) {
            // "Due before" a day includes everything due by the end of that day.
            Some(day) => Some(end_of_day(day)),
            None => {
                problems.push((
                    "due_before".to_owned(),
                    m.get("staff.field.date_invalid").to_owned(),
                ));
                None
            }
        },
    };
    let kind = match query.opt("kind") {
        None => None,
        Some(text) => match parse_kind(&text) {
            Ok(kind) => Some(kind),
            Err(message) => {
                problems.push(("kind".to_owned(), message));
                None
            }
        },
    };
    let status = match query.opt("status").as_deref() {
        None => Some("open".to_owned()),
        Some("any") => None,
        Some(text) => match parse_status(text) {
            Ok(status) => Some(status),
            Err(message) => {
                problems.push(("status".to_owned(), message));
                None
            }
        },
    };
    let due = match query.opt("due") {
        None => None,
        Some(text) => match DueList::parse(&text) {
            Some(list) => Some(list),
            None => {
                problems.push(("due".to_owned(), m.get("staff.list.due_invalid").to_owned()));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut filter = CaseFilter {
        org,
        kind,
        status,
        stage: query.opt("stage"),
        handler: query.opt("handler"),
        due_before,
        overdue_at: matches!(query.text("overdue").as_str(), "yes" | "true")
            .then(|| state.app.now()),
        text: query.opt("q"),
        after: query.opt("cursor"),
        limit: 50,
        ..CaseFilter::default()
    };
    if let Some(list) = due {
        state.app.due_windows().narrow(list, &mut filter);
    }
    Ok(filter)
}

/// `GET /staff/cases`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let m = Messages::english();
    let mut params: Vec<(String, String)> = PARAMS
        .iter()
        .filter_map(|p| query.get(*p).map(|v| ((*p).to_owned(), v.clone())))
        .collect();
    // The API writes `overdue=true`; the form's checkbox sends `overdue=yes`.
    for (name, value) in &mut params {
        if name == "overdue" && value == "true" {
            *value = "yes".to_owned();
        }
    }
    let mut form = FormData(params.clone());
    if let Some(cursor) = query.get("cursor") {
        form.0.push(("cursor".to_owned(), cursor.clone()));
    }
    let mut fields = filter_fields(m, &state, &user);
    let mut errors = Vec::new();
    let (rows, next, status) = match filter(m, &state, &form) {
        Ok(filter) => match state.app.query_cases(&user.actor, filter).await {
            Ok(page) => (
                page.cases.iter().map(|c| row(&state, m, c)).collect(),
                page.next,
                StatusCode::OK,
            ),
            // A cursor that names no page (edited, or from an old link).
            Err(AppError::NotFound) => {
                errors.push((String::new(), m.get("staff.list.cursor_invalid").to_owned()));
                (Vec::new(), None, StatusCode::BAD_REQUEST)
            }
            Err(AppError::Invalid { field, message }) => {
                let message = if field == "cursor" {
                    m.get("staff.list.cursor_invalid").to_owned()
                } else {
                    message
                };
                errors.push((field, message));
                (Vec::new(), None, StatusCode::BAD_REQUEST)
            }
            Err(error) => return app_error_page(&state, &user, error),
        },
        Err(problems) => {
            errors = problems;
            (Vec::new(), None, StatusCode::BAD_REQUEST)
        }
    };
    let typed = Typed {
        form: FormData(params.clone()),
        errors,
    };
    if !params.is_empty() || !typed.errors.is_empty() {
        typed.refill(&mut fields);
    }
    let summary = typed.summary(&fields, "#filter-q");
    let link = |cursor: Option<&str>| {
        let mut pairs: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        pairs.extend(cursor.map(|c| format!("cursor={}", encode(c))));
        format!("/staff/cases?{}", pairs.join("&"))
    };
    let mut chrome = Chrome::new(
        &state,
        Some(&user),
        m.get("staff.list.title").to_owned(),
        "/staff/cases",
    );
    chrome.has_errors = !summary.is_empty();
    let page = CaseListPage {
        chrome,
        errors: summary,
        fields,
        caption: m.get("staff.list.results").to_owned(),
        first: query.contains_key("cursor").then(|| link(None)),
        next: next.as_deref().map(|c| link(Some(c))),
        rows,
    };
    (status, render(&page)).into_response()
}
