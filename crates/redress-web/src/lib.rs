//! redress-web: redress over HTTP. Thin by design: it parses, authorises, calls the app and
//! renders. No SQL here, and no rules: those are in the store and in core.
//!
//! `app(state)` builds the whole router so tests can drive it in-process or on a real port.

#![forbid(unsafe_code)]

mod api;
pub mod assess;
pub mod client;
mod error;
mod json;
mod limit;
mod metrics;
mod openapi;
pub mod pages;
mod params;
pub mod reports;
mod security;
mod upload;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Request};
use axum::routing::get;
use redress_app::App;
use redress_store::AnyStore;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use limit::RateLimit;

/// Largest request body accepted (uploads, when they come, get their own limit).
pub const BODY_LIMIT: usize = 1 << 20;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The application.
    pub app: App<AnyStore>,
    /// Limits on public requests, per client address (each client's share).
    pub limit: Arc<RateLimit>,
    /// The public submission budget per organisation (by organisation id).
    pub org_limit: Arc<RateLimit<String>>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// Staff sign-in sessions and the sign-in lockout (in memory; see `pages::session`).
    pub sessions: Arc<pages::session::Sessions>,
    /// The reverse proxies whose `X-Forwarded-*` headers are believed (none by default).
    pub trusted_proxies: Arc<client::TrustedProxies>,
}

impl AppState {
    /// State around an app, with the default public rate limits (10 requests a minute per
    /// address; 600 submissions an hour per organisation) and no trusted proxy.
    pub fn new(app: App<AnyStore>) -> AppState {
        AppState {
            app,
            limit: Arc::new(RateLimit::new(10, 60)),
            org_limit: Arc::new(RateLimit::new(600, 3600)),
            metrics: Arc::default(),
            sessions: Arc::default(),
            trusted_proxies: Arc::default(),
        }
    }
}

/// Request ids: a process-wide counter, short and readable in logs.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&format!("req-{id}"))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
        let id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned();
        tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
    });
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics::render))
        .nest("/api/v1", api::router())
        .merge(pages::router())
        // After routing, so the path parameters have their names.
        .route_layer(axum::middleware::from_fn(params::check))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client::audit_scope,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(trace)
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(Counter::default()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` completes, then finishes the requests in
/// flight. Client addresses are passed to handlers for rate limiting.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
