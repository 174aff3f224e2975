//! Staff routes (bearer token): list and read cases, act on them, record feedback received by
//! phone, letter or in person, and read the loaded procedures.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use redress_app::dashboard::DueList;
use redress_app::views::CaseView;
use redress_app::views::{parse_kind, parse_status};
use redress_core::case::{Command, Submission};
use redress_core::simulate::parse_instant;
use redress_store::{CaseFilter, Page};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Staff;
use super::public::org_id;
use crate::AppState;
use crate::error::ApiError;
use crate::json::{JsonBody, from_value};

/// The staff routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases", get(list))
        .route("/cases/{reference}", get(read))
        .route("/cases/{reference}/actions", post(act))
        .route("/orgs", get(orgs))
        .route("/orgs/{org}/procedure", get(procedure))
        .route("/orgs/{org}/cases", post(record))
        .route("/cases/{reference}/letters", get(letters))
        .route("/cases/{reference}/letters/{id}/pdf", get(letter_pdf))
        .route("/cases/{reference}/tracking-link", post(tracking_link))
}

/// `GET /cases/{reference}/letters`: every letter the case sent, with how it went out.
async fn letters(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let letters = state.app.letters(&actor, &reference).await?;
    let list: Vec<Value> = letters
        .iter()
        .map(|l| {
            json!({
                "id": l.id,
                "kind": l.kind,
                "status": l.status,
                "sent_at": l.sent_at,
                "edited": l.edited,
                "subject": l.letter.subject,
                "pdf_url": format!("/api/v1/cases/{}/letters/{}/pdf", crate::pages::staff::encode(&reference), l.id),
            })
        })
        .collect();
    Ok(Json(json!({ "letters": list })))
}

/// `GET /cases/{reference}/letters/{id}/pdf`: the letter as an A4 PDF.
async fn letter_pdf(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path((reference, id)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::invalid("id", "a letter id is a number from the letters list"))?;
    let pdf = state.app.letter_pdf(&actor, &reference, id).await?;
    Ok(pdf_response(&reference, id, pdf))
}

/// A PDF as a download named after the case and letter.
pub(crate) fn pdf_response(reference: &str, id: u64, pdf: Vec<u8>) -> axum::response::Response {
    crate::upload::file(
        "application/pdf",
        &format!("{reference}-letter-{id}.pdf"),
        pdf,
    )
}

/// How a new tracking link should reach the person.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackingLink {
    delivery: redress_core::case::LinkDelivery,
}

/// Issues a new tracking link (the old one stops working). `email`: queued to the address on
/// the case, 202 with no link. `shown`: 201 with the link, returned this once.
async fn tracking_link(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
    JsonBody(body): JsonBody<TrackingLink>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let link = state
        .app
        .issue_tracking_link(&actor, &reference, body.delivery, None)
        .await?;
    Ok(match link {
        Some(link) => (StatusCode::CREATED, Json(json!({ "tracking_url": link }))),
        None => (StatusCode::ACCEPTED, Json(json!({ "status": "queued" }))),
    })
}

const FILTERS: &[&str] = &[
    "org",
    "kind",
    "status",
    "stage",
    "handler",
    "due_before",
    "overdue",
    "due",
    "q",
    "cursor",
    "limit",
];

async fn list(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Page>, ApiError> {
    if let Some(unknown) = query.keys().find(|k| !FILTERS.contains(&k.as_str())) {
        return Err(ApiError::invalid(
            unknown,
            format!("unknown filter; the filters are: {}", FILTERS.join(", ")),
        ));
    }
    let text = |key: &str| {
        query
            .get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let now = state.app.now();
    let due = text("due")
        .map(|name| {
            DueList::parse(&name).ok_or_else(|| {
                ApiError::invalid("due", "use overdue, today, week or unacknowledged")
            })
        })
        .transpose()?;
    let mut filter = CaseFilter {
        viewer: redress_store::Viewer::default(),
        org: text("org")
            .map(|o| org_id(&o).map_err(|_| ApiError::invalid("org", "not an organisation id")))
            .transpose()?,
        kind: text("kind")
            .map(|k| parse_kind(&k).map_err(|message| ApiError::invalid("kind", message)))
            .transpose()?,
        status: text("status")
            .map(|s| parse_status(&s).map_err(|message| ApiError::invalid("status", message)))
            .transpose()?,
        stage: text("stage"),
        handler: text("handler"),
        due_before: text("due_before")
            .map(|d| instant("due_before", &d))
            .transpose()?,
        overdue_at: match text("overdue").as_deref() {
            None | Some("false") => None,
            Some("true") => Some(now),
            Some(_) => return Err(ApiError::invalid("overdue", "use true or false")),
        },
        text: text("q"),
        after: text("cursor"),
        limit: match text("limit") {
            None => 50,
            Some(limit) => limit
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=200).contains(l))
                .ok_or_else(|| ApiError::invalid("limit", "a number from 1 to 200"))?,
        },
        ..CaseFilter::default()
    };
    if let Some(list) = due {
        state.app.due_windows().narrow(list, &mut filter);
    }
    Ok(Json(state.app.query_cases(&actor, filter).await?))
}

fn instant(field: &str, text: &str) -> Result<Timestamp, ApiError> {
    parse_instant(text).map_err(|e| ApiError::invalid(field, e))
}

async fn read(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(state.app.read_case(&actor, &reference).await?))
}

/// Splits the optional `at` and `expected_version` off a command body.
fn envelope(mut body: Value) -> Result<(Value, Option<Timestamp>, Option<u64>), ApiError> {
    let object = body.as_object_mut().ok_or_else(|| {
        ApiError::bad_request("the body must be a JSON object with a `type`", None)
    })?;
    let at = match object.remove("at") {
        None | Some(Value::Null) => None,
        Some(Value::String(at)) => Some(instant("at", &at)?),
        Some(_) => {
            return Err(ApiError::invalid(
                "at",
                "an instant like 2026-12-23T10:00:00Z",
            ));
        }
    };
    let expected = match object.remove("expected_version") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .ok_or_else(|| ApiError::invalid("expected_version", "a whole number"))?,
        ),
    };
    Ok((body, at, expected))
}

async fn act(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<CaseView>, ApiError> {
    let (body, at, expected) = envelope(body)?;
    let command: Command = from_value(body)?;
    Ok(Json(
        state
            .app
            .act(&actor, &reference, command, at, expected)
            .await?,
    ))
}

/// Feedback a member of staff records: a call, a letter, a visit.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    submission: Submission,
    /// When it was received, if not now.
    #[serde(default)]
    at: Option<String>,
}

/// Feedback recorded by staff; an `Idempotency-Key` works as on the public route, per user.
async fn record(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(org): Path<String>,
    super::IdempotencyKey(key): super::IdempotencyKey,
    JsonBody(body): JsonBody<Record>,
) -> Result<(StatusCode, axum::http::HeaderMap, Json<Value>), ApiError> {
    let org = org_id(&org)?;
    if !actor.can_see(&org) {
        return Err(ApiError::NotFound);
    }
    let at = body.at.as_deref().map(|at| instant("at", at)).transpose()?;
    let submitted = state
        .app
        .submit_once(&actor, &org, body.submission, at, key.as_deref())
        .await?;
    Ok((
        StatusCode::CREATED,
        super::replayed_header(submitted.replayed),
        Json(json!({
            "reference": submitted.reference,
            "tracking_token": submitted.tracking_token,
            "next": submitted.next,
        })),
    ))
}

async fn orgs(State(state): State<AppState>) -> Json<Value> {
    let procedures = state.app.procedures();
    let today = redress_core::calendar::london_date(state.app.now());
    let list: Vec<Value> = procedures
        .orgs()
        .filter_map(|org| {
            procedures
                .in_force(org, today)
                .or_else(|| procedures.latest(org))
        })
        .map(|loaded| {
            let p = &loaded.procedure;
            let org = &p.organisation.id;
            let in_force = procedures.in_force_all(org, today);
            let in_force: Vec<&redress_core::procedure::Procedure> =
                in_force.iter().map(|l| &*l.procedure).collect();
            json!({
                "id": p.organisation.id,
                "name": p.organisation.name,
                "kinds": p.organisation.kinds,
                "region": p.organisation.region,
                "version": p.procedure.version,
                "effective_from": p.procedure.effective_from,
                // What feedback may be about, as a submission's `matter` (core's
                // `matter_choices`): empty when the organisation runs one procedure.
                "matters": redress_core::case::matter_choices(&in_force),
                "procedures": in_force.iter().map(|p| json!({
                    "id": p.procedure.id,
                    "title": p.procedure.title,
                    "version": p.procedure.version,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "orgs": list }))
}

async fn procedure(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let org = org_id(&org)?;
    let procedures = state.app.procedures();
    let today = redress_core::calendar::london_date(state.app.now());
    let loaded = procedures
        .in_force(&org, today)
        .or_else(|| procedures.latest(&org))
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({
        "procedure": *loaded.procedure,
        "explanation": redress_core::procedure::explain(&loaded.procedure).to_markdown(),
        "flowchart": redress_core::procedure::mermaid(&loaded.procedure),
    })))
}
