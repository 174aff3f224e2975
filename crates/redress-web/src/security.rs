//! Security headers on every response: a content security policy with no inline script or
//! style, no framing, no MIME sniffing, no referrer (tracking URLs carry secrets), no caching
//! except for the static assets, and HSTS when a trusted proxy says the request came over TLS.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// The policy for every page. Nothing inline, nothing from elsewhere; forms post only here.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; \
base-uri 'none'";

/// HSTS: a year, sent only over TLS.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The layer: sets each header the handler did not set itself (an attachment download brings
/// its own sandboxing CSP; an asset its own cache lifetime).
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let over_tls = state
        .trusted_proxies
        .over_tls(crate::client::peer(request.extensions()), request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut default = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    default(header::CONTENT_SECURITY_POLICY, CSP);
    default(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    default(header::REFERRER_POLICY, "no-referrer");
    default(header::X_FRAME_OPTIONS, "DENY");
    default(header::CACHE_CONTROL, "no-store");
    if over_tls {
        default(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}
