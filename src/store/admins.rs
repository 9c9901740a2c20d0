//! Admin accounts and their server-side sessions.
//!
//! Passwords arrive here already hashed, and sessions are looked up by the
//! SHA-256 of the cookie's token: neither table holds anything that would
//! let a reader of a backup log in.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreError, StoreResult, now};

/// An admin account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AdminAccount {
    pub id: i64,
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// An account with its hash, for checking a password at login.
#[derive(Debug, Clone, FromQueryResult)]
pub struct AdminCredentials {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
}

/// A live session and the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AdminSessionRecord {
    /// The SHA-256 of the cookie's token, hex.
    pub id: String,
    pub admin_id: i64,
    pub username: String,
    /// The token every state-changing form must carry.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// What a new session needs.
#[derive(Debug, Clone)]
pub struct NewAdminSession {
    pub token_hash: String,
    pub admin_id: i64,
    pub csrf_token: String,
    pub lifetime: Duration,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
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
    ) -> StoreResult<AdminAccount> {
        let at = now();
        self.query_one_as::<AdminAccount>(
            "INSERT INTO admin_users (username, password_hash, created_at, password_changed_at) \
             VALUES ($1, $2, $3, $3) \
             RETURNING id, username, created_at, password_changed_at, last_login_at",
            [username.into(), password_hash.into(), at.into()],
        )
        .await
        .map_err(|e| match e {
            StoreError::Database(db) => StoreError::unique_as_conflict(db, || {
                format!("An admin called {username:?} already exists.")
            }),
            other => other,
        })?
        .ok_or_else(|| StoreError::NotFound("The new admin could not be read back.".into()))
    }

    /// Every admin account, by name.
    pub async fn list_admins(&self) -> StoreResult<Vec<AdminAccount>> {
        self.query_all_as(
            "SELECT id, username, created_at, password_changed_at, last_login_at \
             FROM admin_users ORDER BY username",
            [],
        )
        .await
    }

    /// How many admin accounts exist.
    pub async fn count_admins(&self) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>("SELECT COUNT(*) AS n FROM admin_users", [])
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// The account and hash for a username, if it exists.
    pub async fn admin_credentials(&self, username: &str) -> StoreResult<Option<AdminCredentials>> {
        self.query_one_as(
            "SELECT id, username, password_hash FROM admin_users WHERE username = $1",
            [username.into()],
        )
        .await
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
            "UPDATE admin_users SET password_hash = $1, password_changed_at = $2 WHERE username = $3 \
             RETURNING id, username, created_at, password_changed_at, last_login_at",
            [password_hash.into(), now().into(), username.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("There is no admin called {username:?}.")))?;
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
                "INSERT INTO admin_sessions (id, admin_id, csrf_token, created_at, last_seen_at, expires_at, client_addr, user_agent) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
                [
                    new.token_hash.clone().into(),
                    new.admin_id.into(),
                    new.csrf_token.clone().into(),
                    at.into(),
                    (at + new.lifetime).into(),
                    new.client_addr.clone().into(),
                    new.user_agent.clone().into(),
                ],
            ))
            .await?;
        self.db()
            .execute_raw(self.stmt(
                "UPDATE admin_users SET last_login_at = $1 WHERE id = $2",
                [at.into(), new.admin_id.into()],
            ))
            .await?;
        Ok(())
    }

    /// The live (unexpired) session with this token hash.
    pub async fn admin_session(&self, token_hash: &str) -> StoreResult<Option<AdminSessionRecord>> {
        self.query_one_as(
            "SELECT s.id AS id, s.admin_id AS admin_id, a.username AS username, \
                    s.csrf_token AS csrf_token, s.expires_at AS expires_at \
             FROM admin_sessions s JOIN admin_users a ON a.id = s.admin_id \
             WHERE s.id = $1 AND s.expires_at > $2",
            [token_hash.into(), now().into()],
        )
        .await
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
