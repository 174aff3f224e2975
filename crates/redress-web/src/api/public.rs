//! Public routes, no login: give feedback to an organisation, and the complainant's tracking
//! routes reached by their secret token.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use redress_app::auth::Actor;
use redress_app::views::TrackingView;
use redress_core::case::{Command, Submission};
use redress_core::ids::OrgId;
use redress_core::procedure::Ground;
use serde::{Deserialize, Serialize};

use super::{ClientAddress, IdempotencyKey};
use crate::AppState;
use crate::error::ApiError;
use crate::json::JsonBody;

/// The public routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orgs/{org}/feedback", post(submit))
        .route("/orgs/{org}/compliments", get(compliments))
        .route("/track/{token}", get(track))
        .route("/track/{token}/escalate", post(escalate))
        .route("/track/{token}/withdraw", post(withdraw))
        .route("/track/{token}/withdraw-consent", post(withdraw_consent))
        .route("/track/{token}/information", post(information))
        .route("/track-link-requests", post(lost_link))
}

/// A request for a new tracking link: the case reference and the e-mail address on it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LostLink {
    reference: String,
    email: String,
}

/// Asks for a new tracking link to be e-mailed. 202 whether or not the reference and address
/// matched a case, so the answer tells nothing; 429 when they were asked about too often.
async fn lost_link(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<LostLink>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    if !state.limit.allow(address, state.app.now()) {
        return Err(ApiError::RateLimited);
    }
    match state
        .app
        .request_tracking_link(&body.reference, &body.email)
        .await?
    {
        redress_app::tracking::LinkRequest::Received => Ok((
            StatusCode::ACCEPTED,
            Json(serde_json::json!({
                "status": "received",
                "message": "if the reference and e-mail address match a case, a new tracking link has been sent to that address",
            })),
        )),
        redress_app::tracking::LinkRequest::TooMany => Err(ApiError::RateLimited),
    }
}

/// The answer to a submission.
#[derive(Serialize)]
struct Submitted {
    reference: String,
    tracking_token: String,
    tracking_url: String,
    next: Option<redress_app::views::NextStep>,
}

pub(crate) fn org_id(org: &str) -> Result<OrgId, ApiError> {
    OrgId::parse(org).map_err(|_| ApiError::NotFound)
}

/// Feedback from the public. With an `Idempotency-Key`, a retry of the same request is given
/// the first answer and makes no second case.
async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(org): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(submission): JsonBody<Submission>,
) -> Result<(StatusCode, HeaderMap, Json<Submitted>), ApiError> {
    let org = org_id(&org)?;
    if !crate::limit::allow_submission(&state, org.as_str(), address) {
        return Err(ApiError::RateLimited);
    }
    let submitted = state
        .app
        .submit_once(&Actor::Public, &org, submission, None, key.as_deref())
        .await?;
    Ok((
        StatusCode::CREATED,
        super::replayed_header(submitted.replayed),
        Json(Submitted {
            tracking_url: format!("/api/v1/track/{}", submitted.tracking_token),
            reference: submitted.reference,
            tracking_token: submitted.tracking_token,
            next: submitted.next,
        }),
    ))
}

/// One published item, as the public sees it: no reference, no name, the month only.
#[derive(Serialize)]
struct PublicItem {
    kind: String,
    month: String,
    wording: String,
}

/// A kind of feedback the organisation publishes, and where.
#[derive(Serialize)]
struct PublishedKind {
    kind: redress_core::procedure::FeedbackKind,
    place: String,
}

/// A page of the organisation's published compliments and suggestions.
#[derive(Serialize)]
struct Compliments {
    organisation: String,
    kinds: Vec<PublishedKind>,
    page: u32,
    per_page: u32,
    next_page: Option<u32>,
    items: Vec<PublicItem>,
}

/// The JSON twin of the public compliments page, `?page=N` from 1. 404 for an unknown
/// organisation, and for one whose procedure publishes nothing (saying so).
async fn compliments(
    State(state): State<AppState>,
    Path(org): Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Compliments>, ApiError> {
    let org = org_id(&org)?;
    let page = match query.get("page") {
        None => 1,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| ApiError::Invalid {
                message: "page must be a whole number from 1".to_owned(),
                field: Some("page".to_owned()),
            })?,
    };
    let answer = state.app.published(&org, page - 1).await?;
    if answer.kinds.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(Json(Compliments {
        organisation: answer.organisation,
        kinds: answer
            .kinds
            .into_iter()
            .map(|(kind, place)| PublishedKind { kind, place })
            .collect(),
        page,
        per_page: redress_app::published::PER_PAGE,
        next_page: answer.more.then(|| page + 1),
        items: answer
            .items
            .into_iter()
            .map(|item| PublicItem {
                kind: item.kind,
                month: format!(
                    "{:04}-{:02}",
                    item.published_on.year(),
                    item.published_on.month()
                ),
                wording: item.wording,
            })
            .collect(),
    }))
}

/// The OpenAPI paths of the public compliments page's twin.
pub(crate) fn paths() -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let item = json!({ "type": "object", "required": ["kind", "month", "wording"], "properties": {
        "kind": { "type": "string", "enum": ["compliment", "comment", "suggestion"] },
        "month": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "description": "The month it was published (no finer date is given)" },
        "wording": { "type": "string", "description": "The words as an officer approved them, with anything that identifies anyone taken out" } } });
    let page = json!({ "type": "object", "required": ["organisation", "kinds", "page", "per_page", "next_page", "items"], "properties": {
        "organisation": { "type": "string" },
        "kinds": { "type": "array", "items": { "type": "object", "required": ["kind", "place"], "properties": {
            "kind": { "type": "string" }, "place": { "type": "string", "description": "Where the procedure says they are published" } } } },
        "page": { "type": "integer", "minimum": 1 },
        "per_page": { "type": "integer" },
        "next_page": { "type": ["integer", "null"], "description": "The next page's number, or null on the last" },
        "items": { "type": "array", "items": item, "description": "Newest first; no reference, no name" } } });
    let mut paths = serde_json::Map::new();
    paths.insert("/api/v1/orgs/{org}/compliments".into(), json!({ "get": {
        "summary": "An organisation's published compliments and suggestions (public, no login), newest first, 50 to a page",
        "parameters": [
            { "name": "org", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": u32::MAX }, "description": "From 1; a page past the last is empty" }
        ],
        "responses": {
            "200": { "description": "The page", "content": { "application/json": { "schema": page } } },
            "404": error("No such organisation, or its procedure publishes nothing"),
            "422": error("`page` is not a whole number from 1") } } }));
    paths
}

async fn track(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<TrackingView>, ApiError> {
    Ok(Json(state.app.track(&token).await?))
}

/// A complainant's request for the next stage.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Escalate {
    /// Why they remain dissatisfied.
    reasons: String,
    /// The outcome they now seek.
    #[serde(default)]
    outcome_sought: String,
    /// The grounds, where the procedure lists them.
    #[serde(default)]
    grounds: Vec<Ground>,
}

async fn escalate(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<Escalate>,
) -> Result<Json<TrackingView>, ApiError> {
    if !state.limit.allow(address, state.app.now()) {
        return Err(ApiError::RateLimited);
    }
    // A request made through the tracking page is in writing.
    let command = Command::RequestEscalation(redress_core::case::RequestEscalation {
        reasons: body.reasons,
        grounds: body.grounds,
        outcome_sought: body.outcome_sought,
        in_writing: true,
        late_reason: None,
    });
    Ok(Json(state.app.track_act(&token, command).await?))
}

/// Withdrawing a complaint.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Withdraw {
    #[serde(default)]
    reason: Option<String>,
}

async fn withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<Withdraw>,
) -> Result<Json<TrackingView>, ApiError> {
    Ok(Json(
        state
            .app
            .track_act(
                &token,
                Command::Withdraw(redress_core::case::Withdraw {
                    reason: body.reason,
                    letter: None,
                }),
            )
            .await?,
    ))
}

/// The giver withdraws their consent to publication: anything published comes down.
async fn withdraw_consent(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<TrackingView>, ApiError> {
    Ok(Json(
        state
            .app
            .track_act(&token, Command::WithdrawConsent)
            .await?,
    ))
}

/// More information from the complainant.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Information {
    summary: String,
}

async fn information(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<Information>,
) -> Result<Json<TrackingView>, ApiError> {
    if !state.limit.allow(address, state.app.now()) {
        return Err(ApiError::RateLimited);
    }
    Ok(Json(
        state
            .app
            .track_act(
                &token,
                Command::ReceiveInformation(redress_core::case::ReceiveInformation {
                    summary: body.summary,
                    channel: None,
                    message_id: None,
                }),
            )
            .await?,
    ))
}
