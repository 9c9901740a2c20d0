//! `/healthz` (the process answers) and `/readyz` (the database is reachable
//! and migrated, so requests can be served).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, handler};
use serde_json::json;

use crate::app::App;
use crate::store::Readiness;

/// Liveness: answers as long as the process serves HTTP.
#[handler]
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 when the database answers and is migrated, 503 otherwise.
#[handler]
pub async fn readyz(app: Data<&Arc<App>>) -> impl IntoResponse {
    let readiness = tokio::time::timeout(std::time::Duration::from_secs(3), app.store.readiness())
        .await
        .unwrap_or_else(|_| {
            Readiness::Unreachable("the database did not answer within 3 s".into())
        });
    match readiness {
        Readiness::Ready => Json(json!({ "status": "ready", "database": "ok" })).into_response(),
        Readiness::Pending(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "not ready", "database": format!("{n} migrations pending") })),
        )
            .into_response(),
        Readiness::Unreachable(reason) => {
            tracing::warn!(%reason, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "not ready", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}
