//! The HTTP server's routes.

pub mod admin;
pub mod api;
pub mod health;
pub mod miniapp;

use std::sync::Arc;

use poem::{EndpointExt, Route, get};

use crate::app::App;

/// Every route, plus the bot's webhook route when the bot runs in webhook mode.
pub fn routes_with_bot_webhook(
    app: Arc<App>,
    webhook: Option<Arc<crate::bot::webhook::WebhookInbox>>,
) -> poem::endpoint::BoxEndpoint<'static> {
    match webhook {
        None => routes(app).map_to_response().boxed(),
        Some(inbox) => Route::new()
            .at(
                inbox.path(),
                poem::post(crate::bot::webhook::receive).data(inbox.clone()),
            )
            .nest("/", routes(app))
            .map_to_response()
            .boxed(),
    }
}

/// Every route of the main server.
pub fn routes(app: Arc<App>) -> impl poem::Endpoint {
    Route::new()
        .at("/healthz", get(health::healthz))
        .at("/readyz", get(health::readyz))
        .nest("/admin", admin::routes())
        .nest("/api", api::routes(&app.config))
        .nest("/app", miniapp::routes())
        .at("/metrics", get(crate::metrics::endpoint::metrics))
        .data(app)
}
