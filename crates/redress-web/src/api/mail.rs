//! E-mail in through the API (bearer token): the triage queue, one message, and an officer's
//! decision on it — the same use cases as the staff page `/staff/mail`.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use redress_app::mail::inbound::MailAction;
use redress_store::InboundMail;
use serde_json::{Value, json};

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::json::JsonBody;

/// The e-mail routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mail", get(queue))
        .route("/mail/{id}", get(read))
        .route("/mail/{id}/decision", post(decide))
}

async fn queue(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Value>, ApiError> {
    let mail = state.app.mail_queue(&actor).await?;
    Ok(Json(json!({ "mail": mail })))
}

async fn read(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
) -> Result<Json<InboundMail>, ApiError> {
    Ok(Json(state.app.mail_item(&actor, &id).await?))
}

/// `{"action": "match", "reference": "LPP-2026-0007"}`, `{"action": "reject"}` or
/// `{"action": "accept"}`.
async fn decide(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
    JsonBody(action): JsonBody<MailAction>,
) -> Result<Json<InboundMail>, ApiError> {
    Ok(Json(state.app.decide_mail(&actor, &id, action).await?))
}
