//! Admin accounts and their sign-in: creating accounts, roles, resetting
//! passwords, the first admin from the environment, logging in (with an
//! authenticator code when two-factor sign-in is on) and out, and
//! unlocking an account that failed logins have blocked.
//!
//! Passwords are hashed with argon2id; sessions are kept as the SHA-256 of
//! the cookie's random token, so a copy of the database logs nobody in.
//! Authenticator secrets are RFC 6238 TOTP (SHA-1, six digits, 30 seconds,
//! one step of clock drift either way), each code accepted once.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest as _, Sha256};

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, record, require};
use crate::app::App;
use crate::domain::{AdminRole, check_admin_password, check_admin_username};
use crate::msg;
use crate::store::admins::{AdminAccount, NewAdminSession};
use crate::store::audit::NewAuditEntry;

/// How long a session lasts after logging in.
pub const SESSION_HOURS: i64 = 12;

/// How long the authenticator code may take after the password.
pub const CODE_MINUTES: i64 = 5;

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

/// Creates an admin account with a role.
pub async fn create(
    app: &App,
    actor: &Actor,
    username: &str,
    password: &str,
    role: AdminRole,
) -> ActionResult<AdminAccount> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let username = check_admin_username(username).map_err(|m| ActionError::field("username", m))?;
    check_admin_password(password).map_err(|m| ActionError::field("password", m))?;
    let hash = hash_off_thread(password).await?;
    let tx = app.store.begin().await?;
    if tx.admin_credentials(&username).await?.is_some() {
        return Err(ActionError::Conflict(msg!(
            "err-admin-exists-any-case",
            name = &username
        )));
    }
    let account = tx.create_admin(&username, &hash, role).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("admin.create", target(&account.username)).details(format!("role {role}")),
    )
    .await?;
    Ok(account)
}

/// Gives an admin another role. The last database admin keeps theirs, so
/// that someone can always manage the accounts.
pub async fn set_role(
    app: &App,
    actor: &Actor,
    username: &str,
    role: AdminRole,
) -> ActionResult<AdminAccount> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let tx = app.store.begin().await?;
    let before = tx.admin_account(username).await?;
    if before.role() == role {
        return Ok(before);
    }
    if before.role() == AdminRole::DatabaseAdmin {
        let others = tx
            .list_admins()
            .await?
            .iter()
            .filter(|a| a.id != before.id && a.role() == AdminRole::DatabaseAdmin)
            .count();
        if others == 0 {
            return Err(ActionError::Rejected(msg!(
                "err-last-database-admin",
                name = &before.username
            )));
        }
    }
    let account = tx.set_admin_role(before.id, role).await?;
    let record = Record::new("admin.role", target(&account.username))
        .details(format!("role: {} → {role}", before.role()));
    commit(app, tx, actor, record).await?;
    Ok(account)
}

/// Records that an admin lifted the block that failed logins put on
/// another's account (the block itself lives with the login form, which
/// clears it once this has been recorded).
pub async fn unlock(app: &App, actor: &Actor, username: &str) -> ActionResult<AdminAccount> {
    require(actor, AdminRole::Organiser)?;
    let account = app.store.admin_account(username).await?;
    super::login_limits::forget(app, &account.username).await?;
    record(
        app,
        actor,
        Record::new("admin.unlock", target(&account.username)),
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
    require(actor, AdminRole::DatabaseAdmin)?;
    check_admin_password(password).map_err(|m| ActionError::field("password", m))?;
    let hash = hash_off_thread(password).await?;
    let tx = app.store.begin().await?;
    let existing = tx.admin_account(username).await?;
    let account = tx.set_admin_password(&existing.username, &hash).await?;
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
        AdminRole::DatabaseAdmin,
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
    /// The password was right and an authenticator code is still due:
    /// the session opens nothing until [`login_code`] completes it.
    pub code_needed: bool,
}

fn login_failed(username: &str, details: String) -> NewAuditEntry<'_> {
    NewAuditEntry {
        admin_id: None,
        actor_kind: "admin",
        actor: username,
        action: "login.failed",
        target: None,
        details: Some(details),
        participant_id: None,
    }
}

/// Checks a name (without case) and password and opens a session. Both
/// outcomes are audited; a wrong name and a wrong password look (and take)
/// the same. With two-factor sign-in on, the session waits for the code.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    from: &str,
    user_agent: Option<&str>,
) -> ActionResult<Session> {
    let typed = username.trim().to_string();
    let credentials = app.store.admin_credentials(&typed).await?;
    let password = password.to_string();
    let verified = tokio::task::spawn_blocking(move || match credentials {
        Some(c) if verify_password(&password, &c.password_hash) => Some(c),
        Some(_) => None,
        None => {
            verify_against_nothing(&password);
            None
        }
    })
    .await
    .map_err(|e| ActionError::Internal(e.into()))?;
    let Some(account) = verified else {
        app.store
            .record_audit(login_failed(&typed, format!("from {from}")))
            .await?;
        return Err(ActionError::Forbidden(msg!("err-login-wrong")));
    };
    let code_needed = account.totp_secret.is_some();
    let token = random_token();
    let _ = app.store.purge_expired_admin_sessions().await;
    let tx = app.store.begin().await?;
    tx.create_admin_session(&NewAdminSession {
        token_hash: token_hash(&token),
        admin_id: account.id,
        csrf_token: random_token(),
        lifetime: if code_needed {
            chrono::Duration::minutes(CODE_MINUTES)
        } else {
            chrono::Duration::hours(SESSION_HOURS)
        },
        client_addr: Some(from.to_string()),
        user_agent: user_agent.map(|ua| ua.chars().take(256).collect()),
        second_factor_pending: code_needed,
    })
    .await?;
    if code_needed {
        // The sign-in is recorded once the code is right.
        tx.commit().await?;
    } else {
        let actor = Actor::Admin {
            id: account.id,
            username: account.username.clone(),
            role: AdminRole::parse(&account.role).unwrap_or(AdminRole::Viewer),
        };
        let record = Record::about_actor("login").details(format!("from {from}"));
        commit(app, tx, &actor, record).await?;
    }
    Ok(Session {
        admin_id: account.id,
        username: account.username,
        token,
        code_needed,
    })
}

/// Completes a sign-in that waits for its authenticator code. A wrong or
/// reused code is refused and audited; the session stays waiting.
pub async fn login_code(
    app: &App,
    session_hash: &str,
    code: &str,
    from: &str,
) -> ActionResult<AdminAccount> {
    let session = app
        .store
        .admin_session(session_hash)
        .await?
        .filter(|s| s.second_factor_pending)
        .ok_or_else(|| ActionError::Rejected(msg!("err-login-expired")))?;
    let credentials = app.store.admin_credentials_by_id(session.admin_id).await?;
    let step = credentials
        .totp_secret
        .as_deref()
        .and_then(|secret| check_code(secret, code));
    let accepted = match step {
        Some(step) => app.store.use_totp_step(session.admin_id, step).await?,
        None => false,
    };
    if !accepted {
        app.store
            .record_audit(login_failed(
                &session.username,
                format!("wrong or reused authenticator code from {from}"),
            ))
            .await?;
        return Err(ActionError::Forbidden(msg!("err-login-code-wrong")));
    }
    let tx = app.store.begin().await?;
    tx.complete_admin_session(session_hash, chrono::Duration::hours(SESSION_HOURS))
        .await?;
    let actor = Actor::Admin {
        id: session.admin_id,
        username: session.username.clone(),
        role: session.role(),
    };
    let record =
        Record::about_actor("login").details(format!("from {from}, with an authenticator code"));
    commit(app, tx, &actor, record).await?;
    app.store
        .admin_account(&session.username)
        .await
        .map_err(Into::into)
}

/// Records a login attempt refused because of too many failures, without
/// checking its password.
pub async fn login_blocked(app: &App, username: &str, from: &str, why: &str) -> ActionResult<()> {
    app.store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor_kind: "admin",
            actor: username.trim(),
            action: "login.blocked",
            target: None,
            details: Some(format!("from {from}: {why}")),
            participant_id: None,
        })
        .await?;
    app.metrics.action_done("login.blocked", "admin");
    Ok(())
}

/// A new authenticator secret to add to an app, shown once.
#[derive(Debug, Clone)]
pub struct TotpSetup {
    /// The secret in base32, for typing into an app.
    pub secret: String,
    /// The `otpauth://` link an app reads from a QR code.
    pub uri: String,
}

fn totp(secret_base32: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    totp_rs::Builder::new().with_secret(secret).build().ok()
}

/// The time step a six-digit code is right for (now, or one step either
/// side), if it is.
fn check_code(secret_base32: &str, code: &str) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now = u64::try_from(chrono::Utc::now().timestamp()).ok()?;
    totp(secret_base32)?
        .check(&code, now)
        .and_then(|step| i64::try_from(step).ok())
}

/// The code an authenticator shows for `secret` at `unix_time` (for tests
/// and for checking a set-up by hand).
pub fn code_at(secret_base32: &str, unix_time: u64) -> Option<String> {
    Some(totp(secret_base32)?.generate(unix_time).to_string())
}

fn own_account(actor: &Actor) -> ActionResult<(i64, String)> {
    match actor {
        Actor::Admin { id, username, .. } => Ok((*id, username.clone())),
        _ => Err(ActionError::Forbidden(msg!("err-totp-own-only"))),
    }
}

/// Starts setting up two-factor sign-in for the acting admin: a fresh
/// secret, kept aside until a code from it confirms it.
pub async fn start_totp(app: &App, actor: &Actor) -> ActionResult<TotpSetup> {
    let (id, username) = own_account(actor)?;
    let secret = totp_rs::Secret::from(random_bytes::<20>().to_vec()).to_base32();
    app.store.set_totp_pending(id, &secret).await?;
    let label: String =
        url::form_urlencoded::byte_serialize(format!("Activity Challenge:{username}").as_bytes())
            .collect();
    Ok(TotpSetup {
        uri: format!(
            "otpauth://totp/{}?secret={secret}&issuer=Activity%20Challenge&algorithm=SHA1&digits=6&period=30",
            label.replace('+', "%20")
        ),
        secret,
    })
}

/// Turns two-factor sign-in on once a code from the new secret is right.
pub async fn confirm_totp(app: &App, actor: &Actor, code: &str) -> ActionResult<AdminAccount> {
    let (id, username) = own_account(actor)?;
    let credentials = app.store.admin_credentials_by_id(id).await?;
    let pending = credentials
        .totp_pending_secret
        .ok_or_else(|| ActionError::Rejected(msg!("err-totp-start-first")))?;
    let Some(step) = check_code(&pending, code) else {
        return Err(ActionError::field("code", msg!("err-totp-code-mismatch")));
    };
    let tx = app.store.begin().await?;
    let account = tx.set_totp(id, Some(&pending)).await?;
    tx.use_totp_step(id, step).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("admin.totp_enable", target(&username)),
    )
    .await?;
    Ok(account)
}

/// Turns two-factor sign-in off: the acting admin's own (with a current
/// code), or, for a database admin, anyone's (when a phone is lost).
pub async fn disable_totp(
    app: &App,
    actor: &Actor,
    username: &str,
    code: Option<&str>,
) -> ActionResult<AdminAccount> {
    let account = app.store.admin_account(username).await?;
    let own = actor.admin_id() == Some(account.id);
    if own {
        let credentials = app.store.admin_credentials_by_id(account.id).await?;
        let right = credentials
            .totp_secret
            .as_deref()
            .zip(code)
            .and_then(|(secret, code)| check_code(secret, code))
            .is_some();
        if !right {
            return Err(ActionError::field("code", msg!("err-totp-off-code")));
        }
    } else {
        require(actor, AdminRole::DatabaseAdmin)?;
    }
    let tx = app.store.begin().await?;
    let account = tx.set_totp(account.id, None).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("admin.totp_disable", target(&account.username)),
    )
    .await?;
    Ok(account)
}

/// Ends a session.
pub async fn logout(app: &App, actor: &Actor, session_hash: &str) -> ActionResult<()> {
    let tx = app.store.begin().await?;
    tx.delete_admin_session(session_hash).await?;
    commit(app, tx, actor, Record::about_actor("logout")).await
}

/// Remembers the panel's language the acting admin chose. Their own
/// preference, like their session: it is not audited.
pub async fn choose_language(
    app: &App,
    actor: &Actor,
    language: crate::i18n::Language,
) -> ActionResult<()> {
    let Actor::Admin { id, .. } = actor else {
        return Err(ActionError::Forbidden(crate::msg!("err-organisers-only")));
    };
    app.store
        .set_admin_language(*id, Some(language.code()))
        .await?;
    Ok(())
}
