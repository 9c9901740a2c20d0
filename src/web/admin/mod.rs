//! The admin panel: server-rendered pages for organisers under `/admin`.
//!
//! Every page but the login pages needs a session ([`auth::Admin`]) whose
//! role reaches the route's ([`auth::Needs`]); every state-changing form
//! carries the session's CSRF token ([`auth::AdminForm`]); every action is
//! written to the audit log.

mod account;
mod activities;
mod admins;
mod announcements;
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
mod qr;
mod respond;
mod reviews;
mod seasons;

use poem::error::NotFoundError;
use poem::http::StatusCode;
use poem::middleware::SetHeader;
use poem::{Endpoint, EndpointExt, Route, get, post};

use crate::domain::AdminRole;
use auth::Needs;

/// The Content-Security-Policy of every admin response: no inline scripts,
/// nothing from elsewhere, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The cookie remembering the panel's language in this browser (the login
/// page has no session to read the admin's choice from).
pub const LANGUAGE_COOKIE: &str = "ac_lang";

/// Own-account routes every signed-in admin may use.
fn own<E: Endpoint + 'static>(ep: E) -> impl Endpoint {
    ep.data(Needs(AdminRole::Viewer))
}

/// Routes for organisers (the default for changes, stated where it reads).
fn organiser<E: Endpoint + 'static>(ep: E) -> impl Endpoint {
    ep.data(Needs(AdminRole::Organiser))
}

/// Routes for database admins.
fn dba<E: Endpoint + 'static>(ep: E) -> impl Endpoint {
    ep.data(Needs(AdminRole::DatabaseAdmin))
}

/// The admin panel's routes, to be nested under `/admin`.
pub fn routes() -> impl poem::Endpoint {
    Route::new()
        .at("/", get(dashboard::page))
        .at("/login", get(auth::login_page).post(auth::login))
        .at("/login/code", get(auth::code_page).post(auth::login_code))
        .at("/logout", post(own(auth::logout)))
        .at("/language", post(own(auth::choose_language)))
        .at("/account", get(account::page))
        .at("/account/totp", post(own(account::start_totp)))
        .at("/account/totp/confirm", post(own(account::confirm_totp)))
        .at("/account/totp/disable", post(own(account::disable_totp)))
        .at("/admins", get(admins::list).post(dba(admins::create)))
        .at("/admins/:id/role", post(dba(admins::set_role)))
        .at("/admins/:id/unlock", post(organiser(admins::unlock)))
        .at("/admins/:id/totp-off", post(dba(admins::totp_off)))
        .at("/competition", get(competition::current))
        .at(
            "/competitions",
            get(competition::list).post(organiser(competition::create)),
        )
        .at("/competitions/new", get(competition::new_form))
        .at(
            "/competitions/:id",
            get(competition::edit).post(organiser(competition::save)),
        )
        .at(
            "/competitions/:id/rules",
            post(organiser(competition::save_rules)),
        )
        .at(
            "/competitions/:id/milestones",
            post(organiser(competition::save_milestones)),
        )
        .at(
            "/competitions/:id/recompute",
            get(organiser(competition::recompute_preview)).post(organiser(competition::recompute)),
        )
        .at(
            "/competitions/:id/end-season",
            get(organiser(seasons::preview)).post(organiser(seasons::end)),
        )
        .at("/hall-of-fame", get(seasons::hall_of_fame))
        .at(
            "/competitions/:id/activate",
            post(organiser(competition::activate)),
        )
        .at(
            "/competitions/:id/schedule",
            post(organiser(competition::schedule)),
        )
        .at(
            "/competitions/:id/delete",
            post(organiser(competition::delete)),
        )
        .at("/guilds", get(guilds::list).post(organiser(guilds::create)))
        .at(
            "/guilds/:id",
            get(guilds::show).post(organiser(guilds::update)),
        )
        .at("/guilds/:id/active", post(organiser(guilds::set_active)))
        .at("/guilds/:id/delete", post(organiser(guilds::delete)))
        .at("/participants", get(participants::list))
        .at("/participants/:id", get(participants::show))
        .at(
            "/participants/:id/move",
            post(organiser(participants::move_to_guild)),
        )
        .at(
            "/participants/:id/test-user",
            post(organiser(participants::set_test_user)),
        )
        .at(
            "/participants/:id/delete",
            get(participants::confirm_delete).post(organiser(participants::delete)),
        )
        .at(
            "/activities",
            get(activities::list).post(organiser(activities::add_correction)),
        )
        .at(
            "/activities/:id",
            get(activities::edit_page).post(organiser(activities::save_edit)),
        )
        .at(
            "/activities/:id/delete",
            post(organiser(activities::delete)),
        )
        .at("/feedback", get(feedback::list))
        .at("/reviews", get(reviews::list))
        .at("/reviews/:id/approve", post(organiser(reviews::approve)))
        .at("/reviews/:id/reject", post(organiser(reviews::reject)))
        .at(
            "/feedback/:id/reviewed",
            post(organiser(feedback::set_reviewed)),
        )
        .at("/exports", get(organiser(exports::page)))
        .at("/exports/:file", get(organiser(exports::download)))
        .at(
            "/cleanup",
            get(cleanup::preview).post(organiser(cleanup::confirm)),
        )
        .at(
            "/announcements",
            get(announcements::list).post(organiser(announcements::send)),
        )
        .at(
            "/announcements/preview",
            post(organiser(announcements::preview)),
        )
        .at("/announcements/:id", get(announcements::show))
        .at("/announcements/:id/progress", get(announcements::progress))
        .at(
            "/announcements/:id/cancel",
            post(organiser(announcements::cancel)),
        )
        .at("/queue", get(announcements::queue))
        .at("/queue/:id/retry", post(organiser(announcements::retry)))
        .at("/audit", get(audit::list))
        .at("/database", get(database::page))
        .at("/database/maintenance", post(dba(database::maintenance)))
        .at("/database/kill-idle", post(dba(database::kill_idle)))
        .at("/database/backups", post(dba(database::create_backup)))
        .at(
            "/database/backups/verify",
            post(dba(database::verify_backup)),
        )
        .at(
            "/database/backups/:file",
            get(dba(database::download_backup)),
        )
        .at("/static/:file", get(assets::serve))
        // Errors become pages here, inside the headers below, so that a
        // refusal or an unknown path carries the same headers as a page.
        .catch_all_error(|err: poem::Error| async move {
            if err.is::<NotFoundError>() {
                layout::error_response(
                    StatusCode::NOT_FOUND,
                    &layout::t("admin-error-not-found"),
                    &layout::t("admin-error-no-such-page"),
                )
            } else {
                err.into_response()
            }
        })
        // Every page, error pages too, in the admin's language: the one
        // they chose (a cookie here; their stored choice once the session
        // is read), else their browser's.
        .around(|ep, req| async move {
            let language = crate::web::language::of_request(&req, Some(LANGUAGE_COOKIE));
            crate::web::language::scope(language, ep.call(req)).await
        })
        .with(
            SetHeader::new()
                .overriding("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .overriding("X-Content-Type-Options", "nosniff")
                .overriding("Referrer-Policy", "same-origin")
                .overriding("X-Frame-Options", "DENY")
                .overriding("Cache-Control", "no-store"),
        )
}
