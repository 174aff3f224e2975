//! Static assets, embedded in the binary so `redress serve` needs no web server or build step:
//! the compiled govuk-frontend styles and script (see `assets/README.md` for the version,
//! licence and how to update them).

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

/// (name, content type, bytes) of every asset.
const ASSETS: &[(&str, &str, &[u8])] = &[(
    "redress.css",
    "text/css; charset=utf-8",
    include_bytes!("../../assets/redress.css"),
)];

/// `/assets/{name}`.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{*name}", get(asset))
}

async fn asset(Path(name): Path<String>) -> impl IntoResponse {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
