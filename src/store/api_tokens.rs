//! Bearer tokens for the admin part of the JSON API: created (shown once),
//! listed, revoked. Only their SHA-256 is stored.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use sha2::{Digest, Sha256};

use super::{Store, StoreError, StoreResult, now};
use crate::i18n::Message;
use crate::msg;

/// What every token starts with, so that a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "acapi_";

/// A token as listed: never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ApiToken {
    pub id: i64,
    /// What the token is for, e.g. `nightly export`.
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new token and its secret, which is shown once and never stored.
#[derive(Debug, Clone)]
pub struct CreatedApiToken {
    pub token: ApiToken,
    pub secret: String,
}

const COLUMNS: &str = "id, name, prefix, created_at, last_used_at, revoked_at";

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Creates a token named `name` (1 to 64 characters).
    pub async fn create_api_token(&self, name: &str) -> StoreResult<CreatedApiToken> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(StoreError::Rejected(crate::i18n::Message::verbatim(
                "A token needs a name of 1 to 64 characters saying what it is for.",
            )));
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| {
            StoreError::Rejected(crate::i18n::Message::verbatim(format!(
                "the system's random generator failed: {e}"
            )))
        })?;
        let random: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let secret = format!("{TOKEN_PREFIX}{random}");
        let prefix = secret[..TOKEN_PREFIX.len() + 6].to_string();
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO api_tokens (name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4)",
                [
                    name.into(),
                    prefix.clone().into(),
                    hash(&secret).into(),
                    now().into(),
                ],
            ))
            .await?;
        let token = self
            .query_one_as::<ApiToken>(
                &format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1"),
                [hash(&secret).into()],
            )
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(Message::verbatim("the new token could not be read back"))
            })?;
        Ok(CreatedApiToken { token, secret })
    }

    /// Every token, newest first.
    pub async fn list_api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        self.query_all_as(
            &format!("SELECT {COLUMNS} FROM api_tokens ORDER BY id DESC"),
            [],
        )
        .await
    }

    /// Revokes a token; it stops working at once.
    pub async fn revoke_api_token(&self, id: i64) -> StoreResult<ApiToken> {
        let token = self
            .query_one_as::<ApiToken>(
                &format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1"),
                [id.into()],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-api-token", id = id)))?;
        if token.revoked_at.is_some() {
            return Err(StoreError::Rejected(crate::i18n::Message::verbatim(
                format!("API token {id} is already revoked."),
            )));
        }
        let at = now();
        self.db()
            .execute_raw(self.stmt(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2",
                [at.into(), id.into()],
            ))
            .await?;
        Ok(ApiToken {
            revoked_at: Some(at),
            ..token
        })
    }

    /// The live token with this secret, noting that it was used.
    pub async fn authenticate_api_token(&self, secret: &str) -> StoreResult<Option<ApiToken>> {
        // The lookup is by hash, so timing says nothing about the secret.
        let digest = hash(secret.trim());
        let token = self
            .query_one_as::<ApiToken>(
                &format!(
                    "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
                ),
                [digest.into()],
            )
            .await?;
        if let Some(token) = &token {
            self.db()
                .execute_raw(self.stmt(
                    "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2",
                    [now().into(), token.id.into()],
                ))
                .await?;
        }
        Ok(token)
    }
}
