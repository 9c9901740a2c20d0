//! Participants: registering, moving to another guild, deleting an account,
//! appearing anonymously in public lists, and a copy of one's own data.

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::msg;
use crate::store::own_data::OwnRows;
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

/// Whether a participant appears in public lists (the leaderboards of the
/// bot, the Mini App and the public API) as "anonymous". Only the person
/// chooses this for themselves; it is audited, as it changes what others see.
pub async fn choose_public_anonymous(
    app: &App,
    actor: &Actor,
    id: i64,
    anonymous: bool,
) -> ActionResult<Participant> {
    own_only(actor, id)?;
    let tx = app.store.begin().await?;
    let updated = tx.set_public_anonymous(id, anonymous).await?;
    let record = Record::new(
        if anonymous {
            "participant.anonymous_on"
        } else {
            "participant.anonymous_off"
        },
        target(&updated),
    )
    .about(id);
    commit(app, tx, actor, record).await?;
    Ok(updated)
}

/// Everything stored about a participant, for their own copy: the profile,
/// the language chosen in the bot, where the bot's conversation stands,
/// activities (also archived ones of earlier competitions), feedback and
/// the activities pinned to the bot's menu.
/// Only the person asks for it; the copy is audited.
pub async fn own_data(app: &App, actor: &Actor, id: i64) -> ActionResult<OwnData> {
    own_only(actor, id)?;
    let tx = app.store.begin().await?;
    let participant = tx.participant(id).await?;
    let rows = tx.own_rows(id, participant.telegram_id).await?;
    let record = Record::new("participant.data_copy", target(&participant))
        .details(format!(
            "{} activities, {} archived, {} feedback",
            rows.activities.len(),
            rows.archived_activities.len(),
            rows.feedback.len()
        ))
        .about(id);
    commit(app, tx, actor, record).await?;
    Ok(OwnData {
        exported_at: chrono::Utc::now(),
        rows,
    })
}

/// A person's own copy of their data.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnData {
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub rows: OwnRows,
}

impl OwnData {
    /// The copy as a JSON document, one key per kind of data, each row with
    /// every column the database keeps; `about` says what it holds, in the
    /// reader's language.
    pub fn to_json(&self, about: &str) -> String {
        serde_json::to_string_pretty(&self.to_value(about)).unwrap_or_default()
    }

    /// The same document as a JSON value.
    pub fn to_value(&self, about: &str) -> serde_json::Value {
        let r = &self.rows;
        serde_json::json!({
            "exported_at": self.exported_at.to_rfc3339(),
            "about": about,
            "profile": r.profile,
            "language": r.language,
            "dialogue": r.dialogue,
            "activities": r.activities,
            "archived_activities": r.archived_activities,
            "feedback": r.feedback,
            "favourites": r.favourites,
            "season_results": r.season_results,
            "review_flags": r.review_flags,
            "notices": r.notices,
            "settings": r.settings,
        })
    }

    /// The name the copy is saved under, with the day it was made.
    pub fn file_name(&self) -> String {
        format!(
            "activity-challenge-my-data-{}.json",
            self.exported_at.format("%Y-%m-%d")
        )
    }
}

/// A participant acts only on their own account; admins and the CLI may
/// act on anyone's (a person's request by other means).
fn own_only(actor: &Actor, id: i64) -> ActionResult<()> {
    match actor {
        Actor::Participant { id: own, .. } if *own != id => {
            Err(ActionError::Forbidden(msg!("err-own-data-only")))
        }
        Actor::Participant { .. } => Ok(()),
        _ => require(actor, AdminRole::Organiser),
    }
}
