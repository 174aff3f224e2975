//! `GET /api/v1/reports?org=ORG&period=P[&procedure=ID]`: an organisation's report as JSON
//! (core's figures with their keys), the same as `redress report --format json` and
//! `/staff/reports.json`: one procedure's, or without `procedure` the organisation's over all
//! its procedures (with `by_procedure` when it runs several). A missing, repeated or bad `org`
//! or `period`, or a procedure the organisation does not have, is a 422 naming the field.

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use redress_app::reports::{parse_org, parse_period};
use redress_core::report::Report;

use super::Staff;
use crate::AppState;
use crate::error::ApiError;
use crate::params::{optional, required};

/// The report route.
pub fn router() -> Router<AppState> {
    Router::new().route("/reports", get(report))
}

async fn report(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Report>, ApiError> {
    let org = parse_org(&required(&query, "org")?)?;
    let period = parse_period(&required(&query, "period")?)?;
    let procedure = optional(&query, "procedure")?;
    Ok(Json(
        state
            .app
            .report_for(&actor, &org, period, procedure.as_deref())
            .await?,
    ))
}
