//! Participants: registering, moving to another guild, deleting an account.

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::msg;
use crate::store::participants::{DeletedParticipant, NewParticipant, Participant, Registration};

/// The audit log's name for a participant.
pub fn target(p: &Participant) -> String {
    format!("participant #{} {}", p.id, quoted(&p.display_name()))
}

/// Registers the person behind a Telegram account with an active guild.
/// Registering an account twice returns the existing participant and
/// records nothing.
pub async fn register(app: &App, new: NewParticipant) -> ActionResult<Registration> {
    let telegram_id = new.telegram_id;
    let tx = app.store.begin().await?;
    let registration = tx.register_participant(new).await?;
    let Registration::Created(p) = &registration else {
        return Ok(registration);
    };
    let actor = Actor::Participant {
        id: p.id,
        telegram_id,
    };
    let record = Record::new("participant.register", target(p))
        .details(format!(
            "guild {}",
            quoted(p.guild.as_deref().unwrap_or(""))
        ))
        .about(p.id);
    let guild = p.guild.clone();
    commit(app, tx, &actor, record).await?;
    app.metrics
        .competition()
        .participant_registered(guild.as_deref());
    Ok(registration)
}

/// Moves a participant to another guild; their points go with them.
pub async fn move_to_guild(
    app: &App,
    actor: &Actor,
    id: i64,
    guild: &str,
) -> ActionResult<Participant> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let before = tx.participant(id).await?;
    if before.guild.as_deref() == Some(guild) {
        return Ok(before);
    }
    let moved = tx.move_participant(id, guild).await?;
    let record = Record::new("participant.move", target(&moved))
        .details(format!(
            "guild: {} → {}",
            quoted(before.guild.as_deref().unwrap_or("")),
            quoted(guild)
        ))
        .about(id);
    commit(app, tx, actor, record).await?;
    Ok(moved)
}

/// Deletes a participant with their activities and feedback. A participant
/// may delete only their own account.
pub async fn delete(app: &App, actor: &Actor, id: i64) -> ActionResult<DeletedParticipant> {
    match actor {
        Actor::Participant { id: own, .. } if *own != id => {
            return Err(ActionError::Forbidden(msg!("err-delete-own-account-only")));
        }
        Actor::Participant { .. } => {}
        _ => require(actor, AdminRole::Organiser)?,
    }
    let tx = app.store.begin().await?;
    let deleted = tx.delete_participant(id).await?;
    let p = &deleted.participant;
    let record = Record::new(
        "participant.delete",
        format!(
            "participant #{} {} (Telegram {})",
            p.id,
            quoted(&p.display_name()),
            p.telegram_id
        ),
    )
    .details(format!(
        "{} activities, {} feedback, {} points removed",
        deleted.activities, deleted.feedback, p.points
    ));
    commit(app, tx, actor, record).await?;
    Ok(deleted)
}

/// Remembers the language a Telegram user chose in the bot, registered or
/// not. A person's own preference, like the step their dialogue is at: it
/// is not audited.
pub async fn choose_language(
    app: &App,
    telegram_id: i64,
    language: crate::i18n::Language,
) -> ActionResult<()> {
    app.store
        .set_bot_language(telegram_id, language.code())
        .await?;
    Ok(())
}
