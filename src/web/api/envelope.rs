//! What every `/api` response goes through: errors become JSON with a
//! stable code, public reads get `Cache-Control` and an `ETag` (answering
//! `If-None-Match` with 304), personal and admin answers are never cached.

use std::sync::Arc;

use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Request, Response, Result};
use sha2::{Digest, Sha256};

use super::error::{ErrorBody, code_for_status};

/// How long clients and proxies may reuse a public answer: a second, so a
/// logged activity shows in standings and leaderboards within a second;
/// after that they revalidate with the `ETag`, and an unchanged answer
/// costs a bodyless 304.
const PUBLIC_MAX_AGE: &str = "public, max-age=1";

/// Wraps the API's endpoint; use with `EndpointExt::around`.
pub async fn envelope<E: Endpoint>(next: Arc<E>, req: Request) -> Result<Response> {
    // Human-readable messages follow the request's Accept-Language.
    let language = crate::web::language::of_request(&req, None);
    crate::web::language::scope(language, answer(next, req)).await
}

async fn answer<E: Endpoint>(next: Arc<E>, req: Request) -> Result<Response> {
    // Nesting rewrites the URI; the original one says which part of the API this is.
    let path = req.original_uri().path().to_string();
    let cacheable = matches!(*req.method(), Method::GET | Method::HEAD);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let resp = match next.call(req).await {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    };
    let status = resp.status();
    if status.is_client_error() || status.is_server_error() {
        return Ok(json_error(resp).await);
    }
    let public = is_public(&path);
    let (mut parts, body) = resp.into_parts();
    if !(cacheable && status == StatusCode::OK && public) {
        if !public || status != StatusCode::OK {
            parts
                .headers
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        return Ok(Response::from_parts(parts, body));
    }
    let bytes = body.into_bytes().await.unwrap_or_default();
    let etag = format!("\"{}\"", hex(&Sha256::digest(&bytes)[..16]));
    parts.headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PUBLIC_MAX_AGE),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    let matches = if_none_match.is_some_and(|v| {
        v.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    });
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Ok(Response::from_parts(parts, Body::empty()));
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

/// Public reads: everything under `/api/v1` but the personal and admin parts.
fn is_public(path: &str) -> bool {
    let rest = path.strip_prefix("/api/v1").unwrap_or(path);
    !(rest.starts_with("/me") || rest.starts_with("/admin"))
}

/// Turns an error response that is not already ours into `{code, message}`.
async fn json_error(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let status = resp.status();
    let (mut parts, body) = resp.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if is_json {
        return Response::from_parts(parts, body);
    }
    let text = body.into_string().await.unwrap_or_default();
    let language = crate::web::language::current();
    let message = if status == StatusCode::UNAUTHORIZED {
        // Only the bearer-token check answers 401 without a body of ours.
        language.t("api-missing-token")
    } else if text.trim().is_empty() {
        status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_string()
    } else if status.is_server_error() {
        tracing::error!(status = status.as_u16(), detail = %text, "API request failed");
        language.t("api-internal")
    } else {
        // poem's own words about a request it could not parse (English).
        text
    };
    let code = if status == StatusCode::UNAUTHORIZED {
        "missing_token"
    } else {
        code_for_status(status.as_u16())
    };
    let body = ErrorBody::new(code, message);
    let json = serde_json::json!({ "code": body.code, "message": body.message }).to_string();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_and_admin_paths_are_not_public() {
        assert!(is_public("/api/v1/standings"));
        assert!(!is_public("/api/v1/me"));
        assert!(!is_public("/api/v1/me/daily"));
        assert!(!is_public("/api/v1/admin/guilds"));
    }
}
