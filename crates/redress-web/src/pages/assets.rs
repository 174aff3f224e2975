//! Static assets, embedded in the binary so `redress serve` needs no web server or build step:
//! the stylesheet compiled from govuk-frontend, its JavaScript module, redress's own small
//! script that starts it, and the package's licence. `tools/govuk-frontend/README.md` says
//! which version they come from and how to rebuild them.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

/// Every asset. The pages work without the two scripts; they only enhance (focus on the
/// error summary, conditionally revealed questions).
const ASSETS: &[Asset] = &[
    Asset {
        name: "redress.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/redress.css"),
    },
    Asset {
        name: "redress.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/redress.js"),
    },
    Asset {
        name: "govuk-frontend.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/govuk-frontend.min.js"),
    },
    Asset {
        name: "govuk-frontend-LICENCE.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: include_bytes!("../../assets/govuk-frontend-LICENCE.txt"),
    },
];

/// `/assets/{name}`.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{*name}", get(asset))
}

/// A validator that changes whenever the file does: its length and a cheap hash, worked out
/// once per asset.
fn etag(index: usize) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                // FNV-1a: not for security, only so a browser can ask "has it changed?".
                let hash = asset.bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                });
                format!("\"{:x}-{hash:016x}\"", asset.bytes.len())
            })
            .collect()
    });
    &tags[index]
}

async fn asset(Path(name): Path<String>, headers: HeaderMap) -> impl IntoResponse {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let asset = &ASSETS[index];
    let etag = etag(index);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    // An hour's cache, then a cheap revalidation: after an upgrade, pages pick up the new
    // styles within the hour without needing versioned file names.
    let cache = [
        (header::CACHE_CONTROL, "public, max-age=3600"),
        (header::ETAG, etag),
    ];
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, asset.content_type)],
        cache,
        asset.bytes,
    )
        .into_response()
}
