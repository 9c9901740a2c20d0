//! `/healthz` (the process answers) and `/readyz` (the state of each part:
//! the database, which decides readiness, and the Telegram bot and the job
//! runner, which are shown but do not).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, handler};
use serde_json::json;

use crate::app::App;
use crate::metrics::BotState;
use crate::store::Readiness;

/// Liveness: answers as long as the process serves HTTP.
#[handler]
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 when the database answers and is migrated, 503 otherwise.
/// The body says how each part is: `database` (kept as the one-word
/// summary older checks read) and `parts` with the database's, the bot's
/// and the job runner's details. A bot that is off, starting or failing,
/// or a job whose last run failed, is shown there but does not make the
/// server unready: the admin panel, the API and the metrics work without
/// them.
#[handler]
pub async fn readyz(app: Data<&Arc<App>>) -> impl IntoResponse {
    let readiness = tokio::time::timeout(std::time::Duration::from_secs(3), app.store.readiness())
        .await
        .unwrap_or_else(|_| {
            Readiness::Unreachable("the database did not answer within 3 s".into())
        });
    let (ready, summary, database) = match readiness {
        Readiness::Ready => (
            true,
            "ok".to_string(),
            json!({ "state": "ready", "reachable": true, "migrated": true }),
        ),
        Readiness::Pending(n) => (
            false,
            format!("{n} migrations pending"),
            json!({
                "state": "not_migrated",
                "reachable": true,
                "migrated": false,
                "pending_migrations": n,
            }),
        ),
        Readiness::Unreachable(reason) => {
            tracing::warn!(%reason, "readiness check failed");
            (
                false,
                "unreachable".to_string(),
                json!({ "state": "unreachable", "reachable": false, "migrated": null }),
            )
        }
    };
    let bot = app.metrics.bot_status().report();
    let bot = if bot.state == BotState::Off {
        json!({ "state": "off" })
    } else {
        json!(bot)
    };
    let body = json!({
        "status": if ready { "ready" } else { "not ready" },
        "database": summary,
        "parts": {
            "database": database,
            "bot": bot,
            "jobs": app.metrics.job_status().report(),
        },
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
