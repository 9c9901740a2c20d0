//! Test users: marking them, and the cleanup that removes them before the
//! results count.

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::msg;
use crate::store::participants::Participant;
use crate::store::test_users::CleanupResult;

/// Marks (`true`) a participant as a test user, or unmarks them: then they
/// are a real participant, and the cleanup's name patterns no longer pick
/// them.
pub async fn set_test_user(
    app: &App,
    actor: &Actor,
    id: i64,
    is_test_user: bool,
) -> ActionResult<Participant> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let p = tx.set_test_user(id, is_test_user).await?;
    let action = if is_test_user {
        "participant.mark_test"
    } else {
        "participant.unmark_test"
    };
    commit(
        app,
        tx,
        actor,
        Record::new(action, super::participants::target(&p)).about(p.id),
    )
    .await?;
    Ok(p)
}

/// Deletes the chosen test participants in one transaction, provided each
/// still matches the cleanup's patterns; otherwise nothing is deleted.
pub async fn cleanup(app: &App, actor: &Actor, ids: &[i64]) -> ActionResult<CleanupResult> {
    require(actor, AdminRole::Organiser)?;
    if ids.is_empty() {
        return Err(ActionError::Rejected(msg!("err-cleanup-nobody-ticked")));
    }
    let tx = app.store.begin().await?;
    let result = tx.cleanup_delete(ids).await?;
    let removed: Vec<String> = result
        .removed
        .iter()
        .map(|(id, name)| format!("#{id} {}", quoted(name)))
        .collect();
    let record = Record::new(
        "cleanup.delete",
        format!("{} test participants", result.participants),
    )
    .details(format!(
        "{} activities and {} points removed: {}",
        result.activities,
        result.points,
        removed.join(", ")
    ));
    commit(app, tx, actor, record).await?;
    Ok(result)
}
