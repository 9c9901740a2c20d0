//! Competitions: name, window and time zone; one is active at a time.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::entities::competition;
use super::{Store, StoreError, StoreResult, now};
use crate::domain::milestones::Milestones;
use crate::domain::{CompetitionCalendar, CompetitionDraft, CompetitionRules, DEFAULT_TIME_ZONE};
use crate::msg;

/// A competition row's columns, for statements that return it.
const COLUMNS: &str = "id, name, description, start_date, end_date, time_zone, is_active, created_at, \
                       updated_at, version, activate_on, rules, milestones";

/// A competition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competition {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub time_zone: Tz,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    /// Raised by every edit (see [`Store::update_competition`]).
    pub version: i64,
    /// For a draft: the day (in its zone) it becomes the active competition.
    pub activate_on: Option<NaiveDate>,
    /// The scoring rules in force for entries logged from now on.
    pub rules: CompetitionRules,
    /// Which milestone messages go to participants, and when.
    pub milestones: Milestones,
}

impl Competition {
    /// The competition's calendar, for what may be logged when.
    pub fn calendar(&self) -> CompetitionCalendar {
        // The dates were checked on the way in and by the table's CHECK.
        CompetitionCalendar::new(
            self.start_date,
            self.end_date.max(self.start_date),
            self.time_zone,
        )
        .expect("start is on or before end")
    }
}

impl From<competition::Model> for Competition {
    fn from(m: competition::Model) -> Self {
        Competition {
            id: m.id,
            name: m.name,
            description: m.description,
            start_date: m.start_date,
            end_date: m.end_date,
            time_zone: m.time_zone.parse().unwrap_or(DEFAULT_TIME_ZONE),
            is_active: m.is_active,
            created_at: m.created_at,
            version: m.version,
            activate_on: m.activate_on,
            rules: serde_json::from_str(&m.rules).unwrap_or_else(|e| {
                tracing::error!(competition = m.id, error = %e, "unreadable scoring rules; scoring without them");
                CompetitionRules::default()
            }),
            milestones: serde_json::from_str(&m.milestones).unwrap_or_else(|e| {
                tracing::error!(competition = m.id, error = %e, "unreadable milestone settings; using the defaults");
                Milestones::default()
            }),
        }
    }
}

impl Store {
    /// Creates a competition; with `activate`, it becomes the active one.
    pub async fn create_competition(
        &self,
        draft: &CompetitionDraft,
        activate: bool,
    ) -> StoreResult<Competition> {
        let txn = self.db().begin().await?;
        if activate {
            deactivate_all(&txn).await?;
        }
        let at = now();
        let model = competition::ActiveModel {
            name: Set(draft.name.clone()),
            description: Set(draft.description.clone()),
            start_date: Set(draft.start),
            end_date: Set(draft.end),
            time_zone: Set(draft.time_zone.name().to_string()),
            is_active: Set(activate),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
            activate_on: Set(None),
            rules: Set("{}".to_string()),
            milestones: Set("{}".to_string()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(model.into())
    }

    /// The active competition, if any.
    pub async fn active_competition(&self) -> StoreResult<Option<Competition>> {
        Ok(competition::Entity::find()
            .filter(competition::Column::IsActive.eq(true))
            .one(&self.db())
            .await?
            .map(Competition::from))
    }

    /// Every competition, newest first.
    pub async fn list_competitions(&self) -> StoreResult<Vec<Competition>> {
        Ok(competition::Entity::find()
            .order_by_desc(competition::Column::StartDate)
            .order_by_desc(competition::Column::Id)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Competition::from)
            .collect())
    }

    /// One competition.
    pub async fn competition(&self, id: i64) -> StoreResult<Competition> {
        competition::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .map(Competition::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-competition", id = id)))
    }

    /// Changes a competition's name, description, dates and zone, raising
    /// its version. With `expected_version`, a competition changed since is
    /// left alone: [`StoreError::Conflict`].
    pub async fn update_competition(
        &self,
        id: i64,
        draft: &CompetitionDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Competition> {
        let updated = competition::Model::find_by_statement(self.stmt(
            &format!(
            "UPDATE competitions SET name = $1, description = $2, start_date = $3, end_date = $4, \
             time_zone = $5, updated_at = $6, version = version + 1 \
             WHERE id = $7 AND ($8 IS NULL OR version = $8) \
             RETURNING {COLUMNS}"),
            [
                draft.name.clone().into(),
                draft.description.clone().into(),
                draft.start.into(),
                draft.end.into(),
                draft.time_zone.name().into(),
                now().into(),
                id.into(),
                expected_version.into(),
            ],
        ))
        .one(&self.db())
        .await?;
        match updated {
            Some(model) => Ok(model.into()),
            None => {
                let current = self.competition(id).await?;
                Err(StoreError::Conflict(msg!(
                    "err-competition-changed",
                    name = current.name,
                    version = current.version
                )))
            }
        }
    }

    /// Replaces a competition's scoring rules, raising its version. With
    /// `expected_version`, a competition changed since is left alone:
    /// [`StoreError::Conflict`].
    pub async fn set_competition_rules(
        &self,
        id: i64,
        rules: &CompetitionRules,
        expected_version: Option<i64>,
    ) -> StoreResult<Competition> {
        let json = serde_json::to_string(rules).expect("rules serialise");
        self.set_document(id, "rules", json, expected_version).await
    }

    /// Replaces a competition's milestone settings, raising its version,
    /// like [`Store::set_competition_rules`].
    pub async fn set_competition_milestones(
        &self,
        id: i64,
        milestones: &Milestones,
        expected_version: Option<i64>,
    ) -> StoreResult<Competition> {
        let json = serde_json::to_string(milestones).expect("milestones serialise");
        self.set_document(id, "milestones", json, expected_version)
            .await
    }

    /// Replaces one of a competition's JSON documents (`rules` or
    /// `milestones`), raising its version unless it changed since
    /// `expected_version`.
    async fn set_document(
        &self,
        id: i64,
        column: &'static str,
        json: String,
        expected_version: Option<i64>,
    ) -> StoreResult<Competition> {
        let updated = competition::Model::find_by_statement(self.stmt(
            &format!(
                "UPDATE competitions SET {column} = $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND ($4 IS NULL OR version = $4) \
                 RETURNING {COLUMNS}"
            ),
            [
                json.into(),
                now().into(),
                id.into(),
                expected_version.into(),
            ],
        ))
        .one(&self.db())
        .await?;
        match updated {
            Some(model) => Ok(model.into()),
            None => {
                let current = self.competition(id).await?;
                Err(StoreError::Conflict(msg!(
                    "err-competition-changed",
                    name = current.name,
                    version = current.version
                )))
            }
        }
    }

    /// Schedules a draft to become the active competition on `day` (in its
    /// zone), or (`None`) takes the schedule off.
    pub async fn set_competition_activation(
        &self,
        id: i64,
        day: Option<NaiveDate>,
    ) -> StoreResult<Competition> {
        competition::Model::find_by_statement(self.stmt(
            &format!(
            "UPDATE competitions SET activate_on = $1, updated_at = $2, version = version + 1 WHERE id = $3 \
             RETURNING {COLUMNS}"),
            [day.into(), now().into(), id.into()],
        ))
        .one(&self.db())
        .await?
        .map(Competition::from)
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-competition", id = id)))
    }

    /// The drafts scheduled for activation, soonest first.
    pub async fn scheduled_competitions(&self) -> StoreResult<Vec<Competition>> {
        Ok(competition::Entity::find()
            .filter(competition::Column::IsActive.eq(false))
            .filter(competition::Column::ActivateOn.is_not_null())
            .order_by_asc(competition::Column::ActivateOn)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Competition::from)
            .collect())
    }

    /// Makes this competition the active one (and no other).
    pub async fn activate_competition(&self, id: i64) -> StoreResult<Competition> {
        let txn = self.db().begin().await?;
        let model = competition::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-competition", id = id)))?;
        deactivate_all(&txn).await?;
        let version = model.version;
        let mut active: competition::ActiveModel = model.into();
        active.is_active = Set(true);
        active.activate_on = Set(None);
        active.version = Set(version + 1);
        active.updated_at = Set(now());
        let updated = active.update(&txn).await?;
        txn.commit().await?;
        Ok(updated.into())
    }

    /// Deletes a competition record (activities are not touched).
    pub async fn delete_competition(&self, id: i64) -> StoreResult<Competition> {
        let model = competition::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-competition", id = id)))?;
        competition::Entity::delete_by_id(id)
            .exec(&self.db())
            .await?;
        Ok(model.into())
    }
}

async fn deactivate_all(txn: &sea_orm::DatabaseTransaction) -> StoreResult<()> {
    competition::Entity::update_many()
        .col_expr(
            competition::Column::IsActive,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(competition::Column::IsActive.eq(true))
        .exec(txn)
        .await?;
    Ok(())
}
