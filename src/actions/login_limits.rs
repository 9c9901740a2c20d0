//! Limits on failed admin logins: per account and per client address,
//! counted in the database so that every server instance enforces the
//! same limits (N instances do not give N times the tries).

use std::time::Duration;

use chrono::Utc;

use super::ActionResult;
use crate::app::App;
use crate::domain::admin_username_key;

/// Failed logins allowed per account in the window.
pub const ACCOUNT_FAILURES: u64 = 5;
/// Failed logins allowed per client address in the window.
pub const ADDRESS_FAILURES: u64 = 20;
/// The window failures are counted in.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Why a login is refused before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked {
    /// "this account" or "your address".
    pub what: &'static str,
    /// How long until a try is allowed again.
    pub wait: Duration,
}

fn account_key(username: &str) -> String {
    format!("account:{}", admin_username_key(username))
}

fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

fn window_start() -> chrono::DateTime<Utc> {
    Utc::now() - chrono::Duration::from_std(FAILURE_WINDOW).unwrap_or_default()
}

/// How long until `first` leaves the window.
fn wait_from(first: chrono::DateTime<Utc>) -> Duration {
    let left = first + chrono::Duration::from_std(FAILURE_WINDOW).unwrap_or_default() - Utc::now();
    left.to_std()
        .unwrap_or(Duration::from_secs(1))
        .max(Duration::from_secs(1))
}

/// Whether a login for `username` from `addr` must wait.
pub async fn check(app: &App, username: &str, addr: &str) -> ActionResult<Option<Blocked>> {
    let since = window_start();
    for (key, limit, what) in [
        (account_key(username), ACCOUNT_FAILURES, "this account"),
        (address_key(addr), ADDRESS_FAILURES, "your address"),
    ] {
        let (n, first) = app.store.login_failures_since(&key, since).await?;
        if n >= limit
            && let Some(first) = first
        {
            return Ok(Some(Blocked {
                what,
                wait: wait_from(first),
            }));
        }
    }
    Ok(None)
}

/// Counts a failed login (a wrong password or code).
pub async fn failed(app: &App, username: &str, addr: &str) -> ActionResult<()> {
    app.store
        .record_login_failure(&[account_key(username), address_key(addr)])
        .await?;
    Ok(())
}

/// Forgets an account's failures: it signed in, or an admin unlocked it.
pub async fn forget(app: &App, username: &str) -> ActionResult<()> {
    app.store
        .clear_login_failures(&account_key(username), window_start())
        .await?;
    Ok(())
}

/// The accounts blocked now, by lower-case name, with how long each must wait.
pub async fn blocked_accounts(app: &App) -> ActionResult<Vec<(String, Duration)>> {
    Ok(app
        .store
        .keys_over_limit("account:", ACCOUNT_FAILURES, window_start())
        .await?
        .into_iter()
        .filter_map(|(key, first)| {
            key.strip_prefix("account:")
                .map(|name| (name.to_string(), wait_from(first)))
        })
        .collect())
}
