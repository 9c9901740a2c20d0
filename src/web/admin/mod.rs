//! The admin panel: server-rendered pages for organisers under `/admin`.
//!
//! Every page but the login page needs a session ([`auth::Admin`]); every
//! state-changing form carries the session's CSRF token
//! ([`auth::AdminForm`]); every action is written to the audit log.

mod activities;
mod assets;
mod audit;
pub mod auth;
mod charts;
mod cleanup;
mod competition;
mod dashboard;
mod database;
mod exports;
mod feedback;
mod guilds;
mod layout;
mod participants;

use poem::middleware::SetHeader;
use poem::{EndpointExt, Route, get, post};

/// The Content-Security-Policy of every admin response: no inline scripts,
/// nothing from elsewhere, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The admin panel's routes, to be nested under `/admin`.
pub fn routes() -> impl poem::Endpoint {
    Route::new()
        .at("/", get(dashboard::page))
        .at("/login", get(auth::login_page).post(auth::login))
        .at("/logout", post(auth::logout))
        .at(
            "/competition",
            get(competition::page).post(competition::save),
        )
        .at("/guilds", get(guilds::list).post(guilds::create))
        .at("/guilds/:id", get(guilds::show).post(guilds::update))
        .at("/guilds/:id/active", post(guilds::set_active))
        .at("/participants", get(participants::list))
        .at("/participants/:id", get(participants::show))
        .at("/participants/:id/move", post(participants::move_to_guild))
        .at(
            "/participants/:id/test-user",
            post(participants::set_test_user),
        )
        .at(
            "/participants/:id/delete",
            get(participants::confirm_delete).post(participants::delete),
        )
        .at(
            "/activities",
            get(activities::list).post(activities::add_correction),
        )
        .at("/activities/:id/delete", post(activities::delete))
        .at("/feedback", get(feedback::list))
        .at("/feedback/:id/reviewed", post(feedback::set_reviewed))
        .at("/exports", get(exports::page))
        .at("/exports/:file", get(exports::download))
        .at("/cleanup", get(cleanup::preview).post(cleanup::confirm))
        .at("/audit", get(audit::list))
        .at("/database", get(database::page))
        .at("/database/maintenance", post(database::maintenance))
        .at("/database/kill-idle", post(database::kill_idle))
        .at("/database/backups", post(database::create_backup))
        .at("/database/backups/verify", post(database::verify_backup))
        .at("/database/backups/:file", get(database::download_backup))
        .at("/static/:file", get(assets::serve))
        .data(std::sync::Arc::new(auth::LoginLimiter::default()))
        .with(
            SetHeader::new()
                .overriding("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .overriding("X-Content-Type-Options", "nosniff")
                .overriding("Referrer-Policy", "same-origin")
                .overriding("X-Frame-Options", "DENY")
                .overriding("Cache-Control", "no-store"),
        )
}
