//! `GET /metrics`: on the main server, or only on `METRICS_ADDR` when that is
//! set; behind a bearer token when `METRICS_TOKEN` is set.

use std::sync::Arc;

use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Endpoint, EndpointExt, Request, Response, Route, get, handler};

use crate::app::App;

use crate::metrics::TEXT_CONTENT_TYPE;

/// Marks requests that arrived on the dedicated metrics listener.
#[derive(Clone, Copy, Debug)]
pub struct MetricsListener;

/// The routes of the dedicated metrics listener (`METRICS_ADDR`).
pub fn listener_routes(app: Arc<App>) -> impl Endpoint {
    Route::new()
        .at("/metrics", get(metrics))
        .data(MetricsListener)
        .with(app.metrics.http().middleware())
        .data(app)
}

/// Serves the metrics in the Prometheus text format.
#[handler]
pub async fn metrics(app: Data<&Arc<App>>, req: &Request) -> Response {
    // With a dedicated listener, the main server does not show metrics at all.
    if app.config.metrics.addr.is_some() && req.data::<MetricsListener>().is_none() {
        return StatusCode::NOT_FOUND.into();
    }
    if let Some(token) = &app.config.metrics.token
        && !bearer_matches(req, token.expose())
    {
        return Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")
            .body("A bearer token is required: send the METRICS_TOKEN value as `Authorization: Bearer TOKEN`.\n");
    }
    let body = app.metrics.render(&app.store).await;
    Response::builder()
        .content_type(TEXT_CONTENT_TYPE)
        .body(body)
}

/// Whether the request carries `Authorization: Bearer <token>`.
fn bearer_matches(req: &Request, token: &str) -> bool {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, value) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| value.trim())
        })
        .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes()))
}

/// Compares without stopping at the first difference, so response times do
/// not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn compares_whole_tokens() {
        assert!(constant_time_eq(b"secret-token", b"secret-token"));
        assert!(!constant_time_eq(b"secret-token", b"secret-tokem"));
        assert!(!constant_time_eq(b"secret", b"secret-token"));
        assert!(!constant_time_eq(b"", b"x"));
    }
}
