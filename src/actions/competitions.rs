//! Competitions: create, change, make active, delete.

use chrono::Utc;

use super::{ActionError, ActionResult, Actor, Record, commit, quoted};
use crate::app::App;
use crate::domain::CompetitionDraft;
use crate::store::competitions::Competition;

/// The audit log's name for a competition.
pub fn target(c: &Competition) -> String {
    format!("competition #{} {}", c.id, quoted(&c.name))
}

fn window(c: &Competition) -> String {
    format!("{} – {} ({})", c.start_date, c.end_date, c.time_zone.name())
}

/// Creates a competition; with `activate`, it becomes the active one.
pub async fn create(
    app: &App,
    actor: &Actor,
    draft: &CompetitionDraft,
    activate: bool,
) -> ActionResult<Competition> {
    let tx = app.store.begin().await?;
    let created = tx.create_competition(draft, activate).await?;
    let record = Record::new("competition.create", target(&created)).details(format!(
        "{}{}",
        window(&created),
        if activate { ", active" } else { "" }
    ));
    commit(app, tx, actor, record).await?;
    Ok(created)
}

/// Changes a competition. Moving the dates or the time zone of a running
/// competition changes which days participants can log, so it needs
/// `confirmed`; without it the answer is [`ActionError::NeedsConfirmation`]
/// saying what would change, and nothing is written.
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    draft: &CompetitionDraft,
    confirmed: bool,
) -> ActionResult<Competition> {
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    let dates_change = before.start_date != draft.start
        || before.end_date != draft.end
        || before.time_zone != draft.time_zone;
    if dates_change && !confirmed && before.calendar().is_open(Utc::now()) {
        return Err(ActionError::NeedsConfirmation(format!(
            "The competition is running. Changing it from {} to {} – {} ({}) changes which days participants can log; confirm to save.",
            window(&before),
            draft.start,
            draft.end,
            draft.time_zone.name()
        )));
    }
    let mut changes = Vec::new();
    if before.name != draft.name {
        changes.push(format!(
            "name: {} → {}",
            quoted(&before.name),
            quoted(&draft.name)
        ));
    }
    if before.description != draft.description {
        changes.push(format!(
            "description: {} → {}",
            quoted(&before.description),
            quoted(&draft.description)
        ));
    }
    if dates_change {
        changes.push(format!(
            "dates: {} → {} – {} ({})",
            window(&before),
            draft.start,
            draft.end,
            draft.time_zone.name()
        ));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let updated = tx.update_competition(id, draft).await?;
    let record = Record::new("competition.update", target(&updated)).details(changes.join("; "));
    commit(app, tx, actor, record).await?;
    Ok(updated)
}

/// Makes a competition the active one (and no other).
pub async fn activate(app: &App, actor: &Actor, id: i64) -> ActionResult<Competition> {
    let tx = app.store.begin().await?;
    let previous = tx.active_competition().await?;
    let activated = tx.activate_competition(id).await?;
    let record = Record::new("competition.activate", target(&activated)).details(
        previous
            .filter(|p| p.id != activated.id)
            .map(|p| format!("instead of {}", target(&p)))
            .unwrap_or_default(),
    );
    commit(app, tx, actor, record).await?;
    Ok(activated)
}

/// Deletes a competition record; its activities stay.
pub async fn delete(app: &App, actor: &Actor, id: i64) -> ActionResult<Competition> {
    let tx = app.store.begin().await?;
    let deleted = tx.delete_competition(id).await?;
    let record = Record::new("competition.delete", target(&deleted)).details(window(&deleted));
    commit(app, tx, actor, record).await?;
    Ok(deleted)
}
