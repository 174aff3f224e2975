//! Staff pages: login, dashboard, case list and case page, logs, users and roles, procedure.

use axum::Router;

use crate::AppState;

/// The staff page routes, under `/staff`.
pub fn router() -> Router<AppState> {
    Router::new()
}
