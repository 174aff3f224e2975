//! The public compliments page, `/{org}/compliments`: an organisation's published compliments
//! and suggestions, newest first, a page of 50 at a time, each with its kind, the month it was
//! published and the wording an officer approved — no reference, no name, no finer date. An
//! organisation whose procedure publishes nothing has no such page (404, saying so). The JSON
//! twin is `GET /api/v1/orgs/{org}/compliments` (`api/public.rs`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use redress_app::AppError;
use redress_app::published::PublicPage;
use redress_core::ids::OrgId;
use redress_core::procedure::FeedbackKind;

use super::not_found;
use super::page::{Problem, bad_parameter, problem};
use super::words::{month, paragraphs};
use crate::AppState;
use crate::pages::messages::Messages;
use crate::pages::render;

/// One item as the page shows it.
struct ItemView {
    heading: String,
    paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "public/compliments.html")]
struct ComplimentsPage<'a> {
    m: &'a Messages,
    title: String,
    service: String,
    home: String,
    has_errors: bool,
    org: String,
    lead: String,
    items: Vec<ItemView>,
    /// Nothing published at all (page 1 empty), or only this page empty.
    first_page: bool,
    newer: Option<String>,
    older: Option<String>,
}

/// The catalogue key of the page's title for the kinds it shows.
fn title_key(kinds: &[(FeedbackKind, String)]) -> &'static str {
    let compliments = kinds.iter().any(|(k, _)| *k == FeedbackKind::Compliment);
    let others = kinds.iter().any(|(k, _)| *k != FeedbackKind::Compliment);
    match (compliments, others) {
        (true, true) => "compliments.title_both",
        (false, true) => "compliments.title_comments",
        _ => "compliments.title_compliments",
    }
}

fn kind_key(kind: &str) -> String {
    format!("compliments.{kind}")
}

/// The page number asked for, from 1: absent is 1; anything but a whole number from 1 is a bad
/// address (400, naming `page`).
fn page_number(query: &HashMap<String, String>) -> Option<u32> {
    match query.get("page") {
        None => Some(1),
        Some(text) => text.parse::<u32>().ok().filter(|n| *n >= 1),
    }
}

/// `GET /{org}/compliments`.
pub async fn compliments(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let m = Messages::english();
    let Ok(id) = OrgId::parse(&org) else {
        return not_found();
    };
    let Some(page) = page_number(&query) else {
        return bad_parameter(m, "page");
    };
    let answer = match state.app.published(&id, page - 1).await {
        Ok(answer) => answer,
        Err(AppError::NotFound) => return not_found(),
        Err(error) => {
            tracing::error!(%error, "the compliments page could not be read");
            return problem(m, Problem::Fault);
        }
    };
    if answer.kinds.is_empty() {
        return problem(m, Problem::NotPublished);
    }
    render(&view(m, id.as_str(), &answer, page))
}

fn view<'a>(m: &'a Messages, org: &str, answer: &PublicPage, page: u32) -> ComplimentsPage<'a> {
    let place = answer
        .kinds
        .first()
        .map(|(_, place)| place.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    let href = |n: u32| format!("/{org}/compliments?page={n}");
    ComplimentsPage {
        m,
        title: m.get(title_key(&answer.kinds)).to_owned(),
        service: answer.organisation.clone(),
        home: format!("/{org}"),
        has_errors: false,
        org: org.to_owned(),
        lead: m.fill(
            "compliments.lead",
            &[("organisation", &answer.organisation), ("place", &place)],
        ),
        items: answer
            .items
            .iter()
            .map(|item| ItemView {
                heading: m.fill(
                    "compliments.item_heading",
                    &[
                        ("kind", m.get(&kind_key(&item.kind))),
                        ("month", &month(m, item.published_on)),
                    ],
                ),
                paragraphs: paragraphs(&item.wording),
            })
            .collect(),
        first_page: page == 1,
        newer: (page > 1).then(|| href(page - 1)),
        older: answer.more.then(|| href(page + 1)),
    }
}
