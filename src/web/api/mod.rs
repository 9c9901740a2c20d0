//! The JSON API under `/api/v1`, its OpenAPI spec at `/api/openapi.json`
//! and Swagger UI at `/api/docs`.

mod admin;
mod announcements;
mod envelope;
pub mod error;
mod me;
mod public;

use poem::middleware::Cors;
use poem::{EndpointExt, Route};
use poem_openapi::{OpenApiService, Tags};

use crate::config::Config;

/// Where the versioned operations live.
pub const API_PREFIX: &str = "/api/v1";

/// The spec's groups.
#[derive(Tags)]
enum ApiTags {
    /// Public, read-only: no sign-in, cacheable.
    Public,
    /// The signed-in participant's own figures (Telegram Mini App initData).
    Personal,
    /// Admin automation with a bearer token (`activity-challenge api-token create`).
    Admin,
}

type Apis = (
    public::PublicApi,
    me::MeApi,
    admin::AdminApi,
    announcements::AnnouncementsApi,
);

fn service() -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            public::PublicApi::default(),
            me::MeApi,
            admin::AdminApi,
            announcements::AnnouncementsApi,
        ),
        "Activity Challenge API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "Standings, leaderboard and catalogue of the Activity Challenge, and a participant's own \
         figures for the Telegram Mini App. Errors are JSON objects with a stable `code` and a \
         `message`. See docs/api.md.",
    )
    .server(API_PREFIX)
}

/// The OpenAPI spec as JSON, as served at `/api/openapi.json`.
pub fn spec_json() -> String {
    service().spec()
}

/// The `/api` routes: the operations, the spec and the docs. Every answer
/// goes through the envelope (JSON errors, caching), and CORS is added
/// only for the origins in `API_CORS_ORIGINS`.
pub fn routes(config: &Config) -> poem::endpoint::BoxEndpoint<'static> {
    let service = service();
    let spec = service.spec_endpoint();
    let docs = service.swagger_ui();
    let route = Route::new()
        .nest("/v1", service)
        .at("/openapi.json", spec)
        .nest("/docs", docs)
        .around(envelope::envelope);
    if config.api.cors_origins.is_empty() {
        return route.map_to_response().boxed();
    }
    let cors = config
        .api
        .cors_origins
        .iter()
        .fold(Cors::new(), |cors, origin| {
            cors.allow_origin(origin.as_str())
        })
        .allow_methods(["GET", "POST", "PUT", "DELETE"])
        .allow_headers([
            "Authorization",
            "X-Telegram-Init-Data",
            "Content-Type",
            "If-None-Match",
        ])
        .expose_headers(["ETag"]);
    route.with(cors).map_to_response().boxed()
}
