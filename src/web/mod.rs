//! The HTTP frontends: the admin panel, the JSON API, the Mini App,
//! `/metrics`, `/healthz` and `/readyz`, and the server that carries them.

pub mod admin;
pub mod api;
pub mod download;
pub mod health;
pub mod language;
pub mod metrics;
pub mod miniapp;
pub mod server;

use std::sync::Arc;

use poem::endpoint::BoxEndpoint;
use poem::{EndpointExt, Route, get};

pub use server::Application;

use crate::app::App;

/// Every route, plus `mounted` ones (path, endpoint) beside them.
pub fn routes_with(
    app: Arc<App>,
    mounted: Vec<(String, BoxEndpoint<'static>)>,
) -> BoxEndpoint<'static> {
    if mounted.is_empty() {
        return routes(app).map_to_response().boxed();
    }
    let mut route = Route::new();
    for (path, endpoint) in mounted {
        route = route.at(path, endpoint);
    }
    route.nest("/", routes(app)).map_to_response().boxed()
}

/// Every route of the main server.
pub fn routes(app: Arc<App>) -> impl poem::Endpoint {
    Route::new()
        .at("/healthz", get(health::healthz))
        .at("/readyz", get(health::readyz))
        .nest("/admin", admin::routes())
        .nest("/api", api::routes(&app.config))
        .nest("/app", miniapp::routes())
        .at("/metrics", get(metrics::metrics))
        .data(app)
}
