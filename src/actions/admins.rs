//! Admin accounts and their sign-in: creating accounts, resetting
//! passwords, the first admin from the environment, logging in and out.
//!
//! Passwords are hashed with argon2id; sessions are kept as the SHA-256 of
//! the cookie's random token, so a copy of the database logs nobody in.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest as _, Sha256};

use super::{ActionError, ActionResult, Actor, Record, commit, quoted};
use crate::app::App;
use crate::domain::{check_admin_password, check_admin_username};
use crate::store::admins::{AdminAccount, NewAdminSession};
use crate::store::audit::NewAuditEntry;

/// How long a session lasts after logging in.
pub const SESSION_HOURS: i64 = 12;

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, two passes, one lane.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// A fresh random token: 32 bytes as hex.
pub fn random_token() -> String {
    hex(&random_bytes::<32>())
}

/// The SHA-256 of a token, as hex: what the database keeps of a session.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2id and a fresh random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>())
        .map_err(|e| anyhow::anyhow!("cannot encode the salt: {e}"))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends as long as a real check, so that a login for an unknown account
/// takes the same time as one with a wrong password.
fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// Hashing takes tens of milliseconds of CPU: off the async workers.
async fn hash_off_thread(password: &str) -> ActionResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ActionError::Internal(e.into()))?
        .map_err(ActionError::Internal)
}

fn target(username: &str) -> String {
    format!("admin {}", quoted(username))
}

/// Creates an admin account.
pub async fn create(
    app: &App,
    actor: &Actor,
    username: &str,
    password: &str,
) -> ActionResult<AdminAccount> {
    let username = check_admin_username(username).map_err(|m| ActionError::field("username", m))?;
    check_admin_password(password).map_err(|m| ActionError::field("password", m))?;
    let hash = hash_off_thread(password).await?;
    let tx = app.store.begin().await?;
    let account = tx.create_admin(username, &hash).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("admin.create", target(&account.username)),
    )
    .await?;
    Ok(account)
}

/// Sets a new password and ends all of the admin's sessions.
pub async fn reset_password(
    app: &App,
    actor: &Actor,
    username: &str,
    password: &str,
) -> ActionResult<AdminAccount> {
    check_admin_password(password).map_err(|m| ActionError::field("password", m))?;
    let hash = hash_off_thread(password).await?;
    let tx = app.store.begin().await?;
    let account = tx.set_admin_password(username.trim(), &hash).await?;
    let record = Record::new("admin.reset_password", target(&account.username))
        .details("all sessions ended");
    commit(app, tx, actor, record).await?;
    Ok(account)
}

/// On first start: creates the admin named by `ADMIN_USERNAME` and
/// `ADMIN_PASSWORD` when no admin exists yet.
pub async fn ensure_initial(app: &App) -> anyhow::Result<()> {
    let Some(initial) = &app.config.initial_admin else {
        return Ok(());
    };
    if app.store.count_admins().await? > 0 {
        return Ok(());
    }
    match create(
        app,
        &Actor::System,
        &initial.username,
        initial.password.expose(),
    )
    .await
    {
        Ok(account) => {
            tracing::info!(admin = %account.username, "created the first admin from ADMIN_USERNAME");
            Ok(())
        }
        // Another instance starting at the same moment created it.
        Err(ActionError::Conflict(_)) => Ok(()),
        Err(e) => {
            Err(anyhow::Error::new(e).context("ADMIN_USERNAME: creating the first admin failed"))
        }
    }
}

/// A signed-in admin's new session.
#[derive(Debug, Clone)]
pub struct Session {
    pub admin_id: i64,
    pub username: String,
    /// The cookie's value; only its hash is stored.
    pub token: String,
}

/// Checks a name and password and opens a session. Both outcomes are
/// audited; a wrong name and a wrong password look (and take) the same.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    from: &str,
    user_agent: Option<&str>,
) -> ActionResult<Session> {
    let username = username.trim().to_string();
    let credentials = app.store.admin_credentials(&username).await?;
    let password = password.to_string();
    let verified = tokio::task::spawn_blocking(move || match credentials {
        Some(c) if verify_password(&password, &c.password_hash) => Some((c.id, c.username)),
        Some(_) => None,
        None => {
            verify_against_nothing(&password);
            None
        }
    })
    .await
    .map_err(|e| ActionError::Internal(e.into()))?;
    let Some((admin_id, username)) = verified else {
        app.store
            .record_audit(NewAuditEntry {
                admin_id: None,
                actor_kind: "admin",
                actor: &username,
                action: "login.failed",
                target: None,
                details: Some(format!("from {from}")),
            })
            .await?;
        return Err(ActionError::Forbidden(
            "The name or password is wrong. Check both and try again.".into(),
        ));
    };
    let token = random_token();
    let _ = app.store.purge_expired_admin_sessions().await;
    let tx = app.store.begin().await?;
    tx.create_admin_session(&NewAdminSession {
        token_hash: token_hash(&token),
        admin_id,
        csrf_token: random_token(),
        lifetime: chrono::Duration::hours(SESSION_HOURS),
        client_addr: Some(from.to_string()),
        user_agent: user_agent.map(|ua| ua.chars().take(256).collect()),
    })
    .await?;
    let actor = Actor::Admin {
        id: admin_id,
        username: username.clone(),
    };
    let record = Record::about_actor("login").details(format!("from {from}"));
    commit(app, tx, &actor, record).await?;
    Ok(Session {
        admin_id,
        username,
        token,
    })
}

/// Ends a session.
pub async fn logout(app: &App, actor: &Actor, session_hash: &str) -> ActionResult<()> {
    let tx = app.store.begin().await?;
    tx.delete_admin_session(session_hash).await?;
    commit(app, tx, actor, Record::about_actor("logout")).await
}
