//! Favourites: a participant pins an entry of their history (its activity,
//! intensity and duration) so that the bot's menu offers it first, and
//! unpins it again. Each is the person's own choice about their menu, kept
//! in the audit log like their other choices.

use super::{ActionError, ActionResult, Actor, Record, commit};
use crate::app::App;
use crate::msg;
use crate::store::favourites::Favourite;

/// How many activities a participant may pin: the menu stays short.
pub const MAX_FAVOURITES: usize = 3;

/// Only the participant pins and unpins their own.
fn own(actor: &Actor, participant: i64) -> ActionResult<()> {
    match actor {
        Actor::Participant { id, .. } if *id == participant => Ok(()),
        _ => Err(ActionError::Forbidden(msg!("err-own-data-only"))),
    }
}

fn target(participant: i64) -> String {
    format!("participant #{participant}")
}

/// Pins the activity of the participant's entry `activity` at its duration.
/// Pinned already, it takes the entry's duration; more than
/// [`MAX_FAVOURITES`] are refused.
pub async fn pin(
    app: &App,
    actor: &Actor,
    participant: i64,
    activity: i64,
) -> ActionResult<Favourite> {
    own(actor, participant)?;
    let tx = app.store.begin().await?;
    let entry = tx.activity(activity).await?;
    if entry.user_id != participant {
        return Err(ActionError::NotFound(msg!(
            "err-no-activity",
            id = activity
        )));
    }
    let Some(code) = entry
        .compendium_code
        .as_deref()
        .filter(|c| app.catalogue.entry_by_code(c).is_some())
    else {
        return Err(ActionError::Rejected(msg!(
            "err-favourite-not-in-catalogue"
        )));
    };
    let pinned = tx.favourites(participant).await?;
    if !pinned.iter().any(|f| f.compendium_code == code) && pinned.len() >= MAX_FAVOURITES {
        return Err(ActionError::Rejected(msg!(
            "err-favourites-full",
            max = MAX_FAVOURITES
        )));
    }
    let favourite = tx
        .pin_favourite(participant, code, entry.duration_minutes)
        .await?;
    let record = Record::new("favourite.pin", target(participant))
        .details(format!(
            "{} ({}), {} min",
            entry.activity_type, code, entry.duration_minutes
        ))
        .about(participant);
    commit(app, tx, actor, record).await?;
    Ok(favourite)
}

/// Unpins the entry `code`; one not pinned is `NotFound`.
pub async fn unpin(app: &App, actor: &Actor, participant: i64, code: &str) -> ActionResult<()> {
    own(actor, participant)?;
    let tx = app.store.begin().await?;
    if !tx.unpin_favourite(participant, code).await? {
        return Err(ActionError::NotFound(msg!("err-favourite-not-pinned")));
    }
    let label = app
        .catalogue
        .entry_by_code(code)
        .map(|e| e.label())
        .unwrap_or_default();
    let record = Record::new("favourite.unpin", target(participant))
        .details(format!("{label} ({code})"))
        .about(participant);
    commit(app, tx, actor, record).await?;
    Ok(())
}
