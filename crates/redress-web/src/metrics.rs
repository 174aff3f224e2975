//! `/metrics` in the Prometheus text format: requests by method, route and status.

use std::collections::BTreeMap;
use std::sync::Mutex;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Request counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
}

/// Middleware: counts each request by method, matched route and status.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let key = (method, route, response.status().as_u16());
    *state
        .metrics
        .requests
        .lock()
        .expect("metrics lock poisoned")
        .entry(key)
        .or_default() += 1;
    response
}

/// The metrics page.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = String::from(
        "# HELP redress_http_requests_total HTTP requests by method, route and status.\n# TYPE redress_http_requests_total counter\n",
    );
    for ((method, route, status), count) in state
        .metrics
        .requests
        .lock()
        .expect("metrics lock poisoned")
        .iter()
    {
        text.push_str(&format!(
            "redress_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}\n",
            route.replace('"', "'")
        ));
    }
    ([("content-type", "text/plain; version=0.0.4")], text)
}
