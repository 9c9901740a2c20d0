//! Bearer tokens for the admin part of the JSON API.

use super::{ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::store::api_tokens::{ApiToken, CreatedApiToken};

fn target(t: &ApiToken) -> String {
    format!("api token #{} {}", t.id, quoted(&t.name))
}

/// Creates a token; its secret is in the answer only (the database keeps a hash).
pub async fn create(app: &App, actor: &Actor, name: &str) -> ActionResult<CreatedApiToken> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let tx = app.store.begin().await?;
    let created = tx.create_api_token(name).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("api_token.create", target(&created.token)),
    )
    .await?;
    Ok(created)
}

/// Revokes a token; it stops working at once.
pub async fn revoke(app: &App, actor: &Actor, id: i64) -> ActionResult<ApiToken> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let tx = app.store.begin().await?;
    let token = tx.revoke_api_token(id).await?;
    commit(
        app,
        tx,
        actor,
        Record::new("api_token.revoke", target(&token)),
    )
    .await?;
    Ok(token)
}
