//! E-mail out routes (bearer token): a case's messages and where each stands, and for admins the
//! parked messages and retrying one. The same use cases as the staff pages' e-mail list.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use redress_app::mail::MailLine;
use serde_json::{Map, Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;

/// The e-mail routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{reference}/outbox", get(case_mail))
        .route("/outbox/parked", get(parked))
        .route("/outbox/{id}/retry", post(retry))
}

async fn case_mail(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(reference): Path<String>,
) -> Result<Json<Vec<MailLine>>, ApiError> {
    Ok(Json(state.app.case_mail(&actor, &reference).await?))
}

async fn parked(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Vec<MailLine>>, ApiError> {
    Ok(Json(state.app.parked_mail(&actor).await?))
}

async fn retry(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    state.app.retry_mail(&actor, &id).await?;
    Ok(Json(json!({ "id": id, "queued": true })))
}

/// The OpenAPI paths of these routes.
pub(crate) fn paths() -> Map<String, Value> {
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let line = json!({ "type": "object", "required": ["id", "reference", "kind", "created_at", "delivery"], "properties": {
        "id": { "type": "string" }, "reference": { "type": "string" }, "org": { "type": ["string", "null"] },
        "kind": { "type": "string" }, "to": { "type": ["string", "null"] }, "subject": { "type": ["string", "null"] },
        "created_at": { "type": "string", "format": "date-time" },
        "delivery": { "type": "object", "required": ["state"], "properties": {
            "state": { "enum": ["sent", "queued", "parked", "no-mail-server"] } } } } });
    let list = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "type": "array", "items": line } } } });
    let bearer = json!([{ "bearer": [] }]);
    let path_parameter = |name: &str| json!([{ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }]);
    let mut paths = Map::new();
    paths.insert("/api/v1/cases/{reference}/outbox".into(), json!({ "get": {
        "summary": "A case's e-mail and where each message stands (staff)",
        "security": bearer, "parameters": path_parameter("reference"),
        "responses": { "200": list("The case's messages, oldest first"), "401": error("No token"), "404": error("No such case, or not yours") } } }));
    paths.insert("/api/v1/outbox/parked".into(), json!({ "get": {
        "summary": "E-mail parked after failing, in the organisations the caller is admin of",
        "security": bearer,
        "responses": { "200": list("Parked messages, oldest first"), "401": error("No token") } } }));
    paths.insert("/api/v1/outbox/{id}/retry".into(), json!({ "post": {
        "summary": "Queue a parked message again (admins of its case's organisation)",
        "security": bearer, "parameters": path_parameter("id"),
        "responses": { "200": { "description": "Queued again" }, "401": error("No token"), "403": error("Not an admin there"),
            "404": error("No such message, or not yours"), "422": error("The message is not parked") } } }));
    paths
}
