//! Public pages, no login: the list of organisations, each organisation's start page and
//! feedback form, its published compliments and suggestions, the confirmation, and the
//! complainant's tracking page.
//!
//! Every page works without JavaScript and takes its words from the message catalogue; words
//! that describe an organisation's procedure come from its procedure file.

mod answers;
mod compliments;
pub mod csrf;
pub mod fields;
mod form;
mod page;
mod start;
mod steps;
mod track;
mod validate;
pub mod words;

use askama::Template;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use redress_app::procedures::Loaded;
use redress_core::calendar::london_date;
use redress_core::ids::OrgId;
use redress_core::procedure::Procedure;

use super::messages::Messages;
use super::render;
use crate::AppState;

pub use page::{Problem, bad_parameter, problem};

/// The public page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(organisations))
        .route("/{org}", get(start::start))
        .route("/{org}/compliments", get(compliments::compliments))
        .route("/{org}/feedback", get(form::begin).post(form::post))
        .route("/{org}/feedback/{*rest}", get(form::restart))
        .route(
            "/{org}/feedback/upload",
            axum::routing::post(form::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .merge(track::router())
}

/// The procedure in force today for the organisation in the path; `None` when there is no
/// such organisation (show [`not_found`]).
fn procedure_for(state: &AppState, org: &str) -> Option<(OrgId, Loaded)> {
    let id = OrgId::parse(org).ok()?;
    let today = london_date(state.app.now());
    let loaded = state.app.procedures().in_force(&id, today)?.clone();
    Some((id, loaded))
}

/// The procedures in force today for the organisation in the path, its main one first (what the
/// feedback form chooses from by the matter); `None` when there is no such organisation.
fn procedures_for(state: &AppState, org: &str) -> Option<(OrgId, Vec<Arc<Procedure>>)> {
    let (id, _) = procedure_for(state, org)?;
    let today = london_date(state.app.now());
    let in_force = state
        .app
        .procedures()
        .in_force_all(&id, today)
        .into_iter()
        .map(|l| l.procedure.clone())
        .collect();
    Some((id, in_force))
}

/// The helpful 404 page for an address that names no organisation.
fn not_found() -> Response {
    problem(Messages::english(), Problem::OrganisationNotFound)
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
    let today = london_date(state.app.now());
    let organisations = procedures
        .orgs()
        .filter_map(|org| procedures.in_force(org, today))
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

/// A page and its status.
fn with_status(status: StatusCode, response: Response) -> Response {
    (status, response).into_response()
}
