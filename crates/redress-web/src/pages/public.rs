//! Public pages, no login: the list of organisations, each organisation's start page and
//! feedback form, the confirmation, and the complainant's tracking page.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::messages::Messages;
use super::render;
use crate::AppState;

/// The public page routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(organisations))
}

#[derive(Template)]
#[template(path = "public/organisations.html")]
struct Organisations<'a> {
    m: &'a Messages,
    title: &'a str,
    service: &'a str,
    home: &'a str,
    has_errors: bool,
    organisations: Vec<(String, String)>,
}

async fn organisations(State(state): State<AppState>) -> Response {
    let m = Messages::english();
    let procedures = state.app.procedures();
    let organisations = procedures
        .orgs()
        .filter_map(|org| procedures.latest(org))
        .map(|l| {
            (
                l.procedure.organisation.id.to_string(),
                l.procedure.organisation.name.clone(),
            )
        })
        .collect();
    render(&Organisations {
        m,
        title: m.get("organisations.title"),
        service: m.get("organisations.service"),
        home: "/",
        has_errors: false,
        organisations,
    })
}
