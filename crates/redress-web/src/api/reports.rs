//! `GET /api/v1/reports?org=ORG&period=P[&procedure=ID]`: an organisation's report as JSON
//! (core's figures with their keys), the same as `redress report --format json` and
//! `/staff/reports.json`: one procedure's, or without `procedure` the organisation's over all
//! its procedures (with `by_procedure` when it runs several). A missing or bad `org` or
//! `period`, or a procedure the organisation does not have, is a 422 naming the field.

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use redress_app::reports::{parse_org, parse_period};
use redress_core::report::Report;
use serde::Deserialize;

use super::Staff;
use crate::AppState;
use crate::error::ApiError;

/// The report route.
pub fn router() -> Router<AppState> {
    Router::new().route("/reports", get(report))
}

#[derive(Deserialize)]
struct ReportQuery {
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    procedure: Option<String>,
}

async fn report(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Report>, ApiError> {
    let missing = |field: &str| ApiError::Invalid {
        message: format!("{field} is required"),
        field: Some(field.to_owned()),
    };
    let org = parse_org(query.org.as_deref().ok_or_else(|| missing("org"))?)?;
    let period = parse_period(query.period.as_deref().ok_or_else(|| missing("period"))?)?;
    Ok(Json(
        state
            .app
            .report_for(&actor, &org, period, query.procedure.as_deref())
            .await?,
    ))
}
