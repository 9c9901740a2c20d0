//! Participants: registration, lookup, moves, deletion.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set,
    TransactionTrait,
};

use super::entities::{guild, user};
use super::{Store, StoreError, StoreResult, now};
use crate::domain::Points;
use crate::msg;

/// A registered participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: i64,
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub guild: Option<String>,
    pub points: Points,
    pub is_test_user: bool,
    /// Unmarked by an organiser: not a test user, whatever the name says.
    pub kept_from_cleanup: bool,
    /// Shown as "anonymous" in public lists (the leaderboards), by the
    /// person's own choice.
    pub public_anonymous: bool,
    pub created_at: DateTime<Utc>,
}

impl Participant {
    /// First and last name, as Telegram shows them.
    pub fn display_name(&self) -> String {
        match &self.last_name {
            Some(last) if !last.is_empty() => format!("{} {}", self.first_name, last),
            _ => self.first_name.clone(),
        }
    }
}

impl From<user::Model> for Participant {
    fn from(m: user::Model) -> Self {
        Participant {
            id: m.id,
            telegram_id: m.telegram_id,
            username: m.username,
            first_name: m.first_name,
            last_name: m.last_name,
            guild: m.guild,
            points: Points::new(m.points),
            is_test_user: m.is_test_user,
            kept_from_cleanup: m.kept_from_cleanup,
            public_anonymous: m.public_anonymous,
            created_at: m.created_at,
        }
    }
}

/// What a person gives when they register.
#[derive(Debug, Clone)]
pub struct NewParticipant {
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub guild: String,
    pub is_test_user: bool,
}

/// The outcome of a registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// A new participant.
    Created(Participant),
    /// This Telegram account was already registered; nothing changed.
    AlreadyRegistered(Participant),
}

impl Registration {
    /// The participant, new or existing.
    pub fn participant(&self) -> &Participant {
        match self {
            Registration::Created(p) | Registration::AlreadyRegistered(p) => p,
        }
    }
}

/// What went with a deleted participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedParticipant {
    pub participant: Participant,
    pub activities: u64,
    pub feedback: u64,
}

impl Store {
    /// Registers a participant with an active guild. Registering the same
    /// Telegram account twice returns the existing participant.
    pub async fn register_participant(&self, new: NewParticipant) -> StoreResult<Registration> {
        if let Some(existing) = self.participant_by_telegram_id(new.telegram_id).await? {
            return Ok(Registration::AlreadyRegistered(existing));
        }
        let txn = self.db().begin().await?;
        let guild = guild::Entity::find()
            .filter(guild::Column::Name.eq(new.guild.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-named", name = &new.guild)))?;
        if !guild.active {
            return Err(StoreError::Rejected(msg!(
                "err-guild-closed",
                name = guild.name
            )));
        }
        let at = now();
        let inserted = user::ActiveModel {
            telegram_id: Set(new.telegram_id),
            username: Set(new.username.filter(|u| !u.is_empty())),
            first_name: Set(new.first_name),
            last_name: Set(new.last_name.filter(|l| !l.is_empty())),
            guild: Set(Some(guild.name)),
            points: Set(Points::ZERO.value()),
            is_test_user: Set(new.is_test_user),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(model) => {
                txn.commit().await?;
                Ok(Registration::Created(model.into()))
            }
            Err(err)
                if matches!(
                    err.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                // A concurrent registration of the same account won the race.
                drop(txn);
                let existing = self
                    .participant_by_telegram_id(new.telegram_id)
                    .await?
                    .ok_or_else(|| StoreError::Database(err))?;
                Ok(Registration::AlreadyRegistered(existing))
            }
            Err(err) => Err(err.into()),
        }
    }

    /// The participant with this Telegram account, if registered.
    pub async fn participant_by_telegram_id(
        &self,
        telegram_id: i64,
    ) -> StoreResult<Option<Participant>> {
        Ok(user::Entity::find()
            .filter(user::Column::TelegramId.eq(telegram_id))
            .one(&self.db())
            .await?
            .map(Participant::from))
    }

    /// The participant with this id.
    pub async fn participant(&self, id: i64) -> StoreResult<Participant> {
        user::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .map(Participant::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = id)))
    }

    /// How many participants are registered. On PostgreSQL this reads the
    /// rank counts the triggers keep in step (a few hundred rows, exact in
    /// every transaction) instead of counting a million rows.
    pub async fn count_participants(&self) -> StoreResult<u64> {
        use sea_orm::PaginatorTrait;
        if self.backend() == sea_orm::DbBackend::Postgres {
            #[derive(FromQueryResult)]
            struct Population {
                n: i64,
            }
            let row = self
                .query_one_as::<Population>("SELECT rank_population('') AS n", [])
                .await?
                .expect("an aggregate query returns a row");
            return Ok(row.n as u64);
        }
        Ok(user::Entity::find().count(&self.db()).await?)
    }

    /// How many participants a public list holds: everyone but test users
    /// (read through a partial index of the few test users).
    pub async fn count_public_participants(&self) -> StoreResult<u64> {
        #[derive(FromQueryResult)]
        struct Count {
            n: i64,
        }
        let all = self.count_participants().await?;
        let test = self
            .query_one_as::<Count>("SELECT COUNT(*) AS n FROM users WHERE is_test_user", [])
            .await?
            .map_or(0, |c| c.n.max(0) as u64);
        Ok(all.saturating_sub(test))
    }

    /// The largest Telegram id registered, if any.
    pub async fn max_telegram_id(&self) -> StoreResult<Option<i64>> {
        #[derive(FromQueryResult)]
        struct Max {
            n: Option<i64>,
        }
        Ok(self
            .query_one_as::<Max>("SELECT MAX(telegram_id) AS n FROM users", [])
            .await?
            .and_then(|m| m.n))
    }

    /// Moves a participant to another (active or inactive) guild; their
    /// points move with them.
    pub async fn move_participant(&self, id: i64, guild_name: &str) -> StoreResult<Participant> {
        let txn = self.db().begin().await?;
        guild::Entity::find()
            .filter(guild::Column::Name.eq(guild_name))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-named", name = guild_name)))?;
        let model = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = id)))?;
        let mut active: user::ActiveModel = model.into();
        active.guild = Set(Some(guild_name.to_string()));
        active.updated_at = Set(now());
        let updated = active.update(&txn).await?;
        txn.commit().await?;
        Ok(updated.into())
    }

    /// Marks a participant as a test user (cleaned up before results), or
    /// unmarks them: a real participant, whom the cleanup's name patterns
    /// then leave alone.
    pub async fn set_test_user(&self, id: i64, is_test_user: bool) -> StoreResult<Participant> {
        let model = user::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = id)))?;
        let mut active: user::ActiveModel = model.into();
        active.is_test_user = Set(is_test_user);
        active.kept_from_cleanup = Set(!is_test_user);
        active.updated_at = Set(now());
        Ok(active.update(&self.db()).await?.into())
    }

    /// Whether a participant appears in public lists as "anonymous".
    pub async fn set_public_anonymous(&self, id: i64, anonymous: bool) -> StoreResult<Participant> {
        let model = user::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = id)))?;
        let mut active: user::ActiveModel = model.into();
        active.public_anonymous = Set(anonymous);
        active.updated_at = Set(now());
        Ok(active.update(&self.db()).await?.into())
    }

    /// Deletes a participant; their activities and feedback go with them.
    pub async fn delete_participant(&self, id: i64) -> StoreResult<DeletedParticipant> {
        #[derive(sea_orm::FromQueryResult)]
        struct Counts {
            activities: i64,
            feedback: i64,
        }
        let txn = self.db().begin().await?;
        let model = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = id)))?;
        let counts = Counts::find_by_statement(self.stmt(
            "SELECT (SELECT COUNT(*) FROM activities WHERE user_id = $1) AS activities, \
                    (SELECT COUNT(*) FROM feedback WHERE user_id = $1) AS feedback",
            [id.into()],
        ))
        .one(&txn)
        .await?
        .unwrap_or(Counts {
            activities: 0,
            feedback: 0,
        });
        // Their place in ended seasons stays, so that the others' ranks
        // stay as they were, but nothing on it leads back to them: the
        // foreign key would clear the id, and the guild goes too.
        txn.execute_raw(self.stmt(
            "UPDATE season_results SET user_id = NULL, guild = NULL WHERE user_id = $1",
            [id.into()],
        ))
        .await?;
        user::Entity::delete_by_id(id).exec(&txn).await?;
        // The language they chose in the bot and where their dialogue was
        // are theirs too (a private chat's id is the person's Telegram id).
        for sql in [
            "DELETE FROM bot_languages WHERE telegram_id = $1",
            "DELETE FROM bot_dialogues WHERE chat_id = $1",
        ] {
            txn.execute_raw(self.stmt(sql, [model.telegram_id.into()]))
                .await?;
        }
        txn.commit().await?;
        Ok(DeletedParticipant {
            participant: model.into(),
            activities: counts.activities as u64,
            feedback: counts.feedback as u64,
        })
    }
}
