//! The HTTP server's routes.

pub mod health;

use std::sync::Arc;

use poem::{EndpointExt, Route, get};

use crate::app::App;

/// Every route of the main server.
pub fn routes(app: Arc<App>) -> impl poem::Endpoint {
    Route::new()
        .at("/healthz", get(health::healthz))
        .at("/readyz", get(health::readyz))
        .data(app)
}
