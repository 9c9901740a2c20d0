//! Admin accounts and their server-side sessions.
//!
//! Passwords arrive here already hashed, and sessions are looked up by the
//! SHA-256 of the cookie's token: neither table holds anything that would
//! let a reader of a backup log in.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreError, StoreResult, now};
use crate::domain::AdminRole;
use crate::i18n::Message;
use crate::msg;

/// An admin account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AdminAccount {
    pub id: i64,
    pub username: String,
    /// `viewer`, `organiser` or `database_admin`.
    pub role: String,
    /// Whether signing in needs a code from an authenticator app.
    pub totp_enabled: bool,
    pub created_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The language chosen in the panel (`en`, `fi`); `None` follows the browser.
    pub language: Option<String>,
}

impl AdminAccount {
    /// The account's role (an unknown stored value reads as a viewer).
    pub fn role(&self) -> AdminRole {
        AdminRole::parse(&self.role).unwrap_or(AdminRole::Viewer)
    }
}

/// An account with its secrets, for checking a sign-in.
#[derive(Debug, Clone, FromQueryResult)]
pub struct AdminCredentials {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub password_hash: String,
    /// The authenticator secret (base32), when two-factor sign-in is on.
    pub totp_secret: Option<String>,
    /// A secret being set up, until its first code confirms it.
    pub totp_pending_secret: Option<String>,
}

/// A live session and the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AdminSessionRecord {
    /// The SHA-256 of the cookie's token, hex.
    pub id: String,
    pub admin_id: i64,
    pub username: String,
    pub role: String,
    /// The token every state-changing form must carry.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    /// The password was right, the authenticator code is still due.
    pub second_factor_pending: bool,
    /// The language the admin chose (`en`, `fi`); `None` follows the browser.
    pub language: Option<String>,
}

impl AdminSessionRecord {
    /// The session's role (an unknown stored value reads as a viewer).
    pub fn role(&self) -> AdminRole {
        AdminRole::parse(&self.role).unwrap_or(AdminRole::Viewer)
    }
}

const ACCOUNT_COLUMNS: &str = "id, username, role, (totp_secret IS NOT NULL) AS totp_enabled, \
     created_at, password_changed_at, last_login_at, language";

/// What a new session needs.
#[derive(Debug, Clone)]
pub struct NewAdminSession {
    pub token_hash: String,
    pub admin_id: i64,
    pub csrf_token: String,
    pub lifetime: Duration,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The authenticator code is still due.
    pub second_factor_pending: bool,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

impl Store {
    /// Adds an admin account with an already hashed password.
    pub async fn create_admin(
        &self,
        username: &str,
        password_hash: &str,
        role: AdminRole,
    ) -> StoreResult<AdminAccount> {
        let at = now();
        self.query_one_as::<AdminAccount>(
            &format!(
                "INSERT INTO admin_users (username, password_hash, created_at, password_changed_at, role) \
                 VALUES ($1, $2, $3, $3, $4) RETURNING {ACCOUNT_COLUMNS}"
            ),
            [
                username.into(),
                password_hash.into(),
                at.into(),
                role.as_str().into(),
            ],
        )
        .await
        .map_err(|e| match e {
            StoreError::Database(db) => StoreError::unique_as_conflict(db, || {
                msg!("err-admin-exists", name = username)
            }),
            other => other,
        })?
        .ok_or_else(|| StoreError::NotFound(Message::verbatim("The new admin could not be read back.")))
    }

    /// Every admin account, by name.
    pub async fn list_admins(&self) -> StoreResult<Vec<AdminAccount>> {
        self.query_all_as(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM admin_users ORDER BY username"),
            [],
        )
        .await
    }

    /// The account with this name (compared without case).
    pub async fn admin_account(&self, username: &str) -> StoreResult<AdminAccount> {
        let key = crate::domain::admin_username_key(username);
        self.query_one_as(
            &format!(
                "SELECT {ACCOUNT_COLUMNS} FROM admin_users WHERE username = $1 OR username = $2 \
                 ORDER BY CASE WHEN username = $1 THEN 0 ELSE 1 END LIMIT 1"
            ),
            [key.into(), username.trim().into()],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-admin-named", name = username.trim())))
    }

    /// Gives an admin another role.
    pub async fn set_admin_role(&self, id: i64, role: AdminRole) -> StoreResult<AdminAccount> {
        self.query_one_as(
            &format!("UPDATE admin_users SET role = $1 WHERE id = $2 RETURNING {ACCOUNT_COLUMNS}"),
            [role.as_str().into(), id.into()],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-admin-id", id = id)))
    }

    /// Keeps a new authenticator secret until its first code confirms it.
    pub async fn set_totp_pending(&self, id: i64, secret: &str) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "UPDATE admin_users SET totp_pending_secret = $1 WHERE id = $2",
                [secret.into(), id.into()],
            ))
            .await?;
        Ok(())
    }

    /// Turns two-factor sign-in on with the confirmed pending secret, or
    /// (`None`) off; either way the pending secret goes.
    pub async fn set_totp(&self, id: i64, secret: Option<&str>) -> StoreResult<AdminAccount> {
        self.query_one_as(
            &format!(
                "UPDATE admin_users SET totp_secret = $1, totp_pending_secret = NULL, totp_last_step = NULL \
                 WHERE id = $2 RETURNING {ACCOUNT_COLUMNS}"
            ),
            [secret.map(str::to_string).into(), id.into()],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-admin-id", id = id)))
    }

    /// Spends a code's time step: true when it is later than every step
    /// used before (so a code works once), false for a replay.
    pub async fn use_totp_step(&self, id: i64, step: i64) -> StoreResult<bool> {
        Ok(self
            .db()
            .execute_raw(self.stmt(
                "UPDATE admin_users SET totp_last_step = $1 \
                 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
                [step.into(), id.into()],
            ))
            .await?
            .rows_affected()
            == 1)
    }

    /// How many admin accounts exist.
    pub async fn count_admins(&self) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>("SELECT COUNT(*) AS n FROM admin_users", [])
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// The account and its secrets for a name typed at sign-in (compared
    /// without case), if it exists.
    pub async fn admin_credentials(&self, username: &str) -> StoreResult<Option<AdminCredentials>> {
        let key = crate::domain::admin_username_key(username);
        self.query_one_as(
            "SELECT id, username, role, password_hash, totp_secret, totp_pending_secret FROM admin_users \
             WHERE username = $1 OR username = $2 ORDER BY CASE WHEN username = $1 THEN 0 ELSE 1 END LIMIT 1",
            [key.into(), username.trim().into()],
        )
        .await
    }

    /// The secrets of an account by id.
    pub async fn admin_credentials_by_id(&self, id: i64) -> StoreResult<AdminCredentials> {
        self.query_one_as(
            "SELECT id, username, role, password_hash, totp_secret, totp_pending_secret FROM admin_users WHERE id = $1",
            [id.into()],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-admin-id", id = id)))
    }

    /// Replaces an admin's password hash and ends every session of theirs,
    /// in one transaction: a stolen session dies with the old password.
    pub async fn set_admin_password(
        &self,
        username: &str,
        password_hash: &str,
    ) -> StoreResult<AdminAccount> {
        use sea_orm::TransactionTrait;
        let txn = self.db().begin().await?;
        let account = AdminAccount::find_by_statement(self.stmt(
            &format!(
                "UPDATE admin_users SET password_hash = $1, password_changed_at = $2 WHERE username = $3 \
                 RETURNING {ACCOUNT_COLUMNS}"
            ),
            [password_hash.into(), now().into(), username.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-admin-named", name = username)))?;
        txn.execute_raw(self.stmt(
            "DELETE FROM admin_sessions WHERE admin_id = $1",
            [account.id.into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Records a successful login and opens a session.
    pub async fn create_admin_session(&self, new: &NewAdminSession) -> StoreResult<()> {
        let at = now();
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO admin_sessions (id, admin_id, csrf_token, created_at, last_seen_at, expires_at, client_addr, user_agent, second_factor_pending) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)",
                [
                    new.token_hash.clone().into(),
                    new.admin_id.into(),
                    new.csrf_token.clone().into(),
                    at.into(),
                    (at + new.lifetime).into(),
                    new.client_addr.clone().into(),
                    new.user_agent.clone().into(),
                    new.second_factor_pending.into(),
                ],
            ))
            .await?;
        if !new.second_factor_pending {
            self.db()
                .execute_raw(self.stmt(
                    "UPDATE admin_users SET last_login_at = $1 WHERE id = $2",
                    [at.into(), new.admin_id.into()],
                ))
                .await?;
        }
        Ok(())
    }

    /// Completes a session whose authenticator code was right, for its
    /// full lifetime.
    pub async fn complete_admin_session(
        &self,
        token_hash: &str,
        lifetime: Duration,
    ) -> StoreResult<()> {
        let at = now();
        self.db()
            .execute_raw(self.stmt(
                "UPDATE admin_sessions SET second_factor_pending = $1, expires_at = $2, last_seen_at = $3 WHERE id = $4",
                [false.into(), (at + lifetime).into(), at.into(), token_hash.into()],
            ))
            .await?;
        self.db()
            .execute_raw(self.stmt(
                "UPDATE admin_users SET last_login_at = $1 WHERE id = (SELECT admin_id FROM admin_sessions WHERE id = $2)",
                [at.into(), token_hash.into()],
            ))
            .await?;
        Ok(())
    }

    /// The live (unexpired) session with this token hash.
    pub async fn admin_session(&self, token_hash: &str) -> StoreResult<Option<AdminSessionRecord>> {
        self.query_one_as(
            "SELECT s.id AS id, s.admin_id AS admin_id, a.username AS username, a.role AS role, \
                    s.csrf_token AS csrf_token, s.expires_at AS expires_at, \
                    s.second_factor_pending AS second_factor_pending, a.language AS language \
             FROM admin_sessions s JOIN admin_users a ON a.id = s.admin_id \
             WHERE s.id = $1 AND s.expires_at > $2",
            [token_hash.into(), now().into()],
        )
        .await
    }

    /// Remembers the language an admin chose (`None`: follow the browser).
    pub async fn set_admin_language(&self, id: i64, language: Option<&str>) -> StoreResult<()> {
        let result = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE admin_users SET language = $1 WHERE id = $2",
                [language.map(str::to_string).into(), id.into()],
            ))
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound(msg!("err-no-admin-id", id = id)));
        }
        Ok(())
    }

    /// Notes that a session was used.
    pub async fn touch_admin_session(&self, token_hash: &str) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "UPDATE admin_sessions SET last_seen_at = $1 WHERE id = $2",
                [now().into(), token_hash.into()],
            ))
            .await?;
        Ok(())
    }

    /// Ends one session (logout).
    pub async fn delete_admin_session(&self, token_hash: &str) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "DELETE FROM admin_sessions WHERE id = $1",
                [token_hash.into()],
            ))
            .await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many went.
    pub async fn purge_expired_admin_sessions(&self) -> StoreResult<u64> {
        Ok(self
            .db()
            .execute_raw(self.stmt(
                "DELETE FROM admin_sessions WHERE expires_at <= $1",
                [now().into()],
            ))
            .await?
            .rows_affected())
    }

    /// How many live sessions an admin has.
    pub async fn count_admin_sessions(&self, admin_id: i64) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>(
                "SELECT COUNT(*) AS n FROM admin_sessions WHERE admin_id = $1 AND expires_at > $2",
                [admin_id.into(), now().into()],
            )
            .await?
            .map_or(0, |c| c.n as u64))
    }
}
