//! Feedback: three ratings and a comment per submission.

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryOrder, QuerySelect, Set,
};

use super::entities::feedback;
use super::{Store, StoreError, StoreResult, now};
use crate::domain::FeedbackDraft;
use crate::msg;

/// A feedback submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub id: i64,
    pub user_id: i64,
    pub ease_of_use: u8,
    pub usefulness: u8,
    pub overall_satisfaction: u8,
    pub text_feedback: String,
    pub created_at: DateTime<Utc>,
    pub reviewed: bool,
}

impl From<feedback::Model> for Feedback {
    fn from(m: feedback::Model) -> Self {
        Feedback {
            id: m.id,
            user_id: m.user_id,
            ease_of_use: m.ease_of_use as u8,
            usefulness: m.usefulness as u8,
            overall_satisfaction: m.overall_satisfaction as u8,
            text_feedback: m.text_feedback,
            created_at: m.created_at,
            reviewed: m.reviewed,
        }
    }
}

/// Which feedback to list.
#[derive(Debug, Clone, Default)]
pub struct FeedbackFilter {
    /// Only reviewed (`true`) or unreviewed (`false`) submissions.
    pub reviewed: Option<bool>,
    /// Only submissions with some rating at or below this (1–5).
    pub max_rating: Option<u8>,
    /// Only comments containing this (case-insensitive).
    pub text: Option<String>,
    /// Submitted at or after this moment.
    pub from: Option<DateTime<Utc>>,
    /// Submitted before this moment.
    pub to: Option<DateTime<Utc>>,
}

/// A submission with who gave it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct FeedbackRow {
    pub id: i64,
    pub user_id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub guild: Option<String>,
    pub ease_of_use: i16,
    pub usefulness: i16,
    pub overall_satisfaction: i16,
    pub text_feedback: String,
    pub created_at: DateTime<Utc>,
    pub reviewed: bool,
}

impl FeedbackRow {
    /// The giver's first and last name.
    pub fn display_name(&self) -> String {
        match &self.last_name {
            Some(last) if !last.is_empty() => format!("{} {last}", self.first_name),
            _ => self.first_name.clone(),
        }
    }
}

const FEEDBACK_WHERE: &str = "($1 IS NULL OR f.reviewed = $1) \
     AND ($2 IS NULL OR f.ease_of_use <= $2 OR f.usefulness <= $2 OR f.overall_satisfaction <= $2) \
     AND ($3 IS NULL OR LOWER(f.text_feedback) LIKE $3 ESCAPE '\\') \
     AND ($4 IS NULL OR f.created_at >= $4) AND ($5 IS NULL OR f.created_at < $5)";

impl FeedbackFilter {
    fn values(&self) -> Vec<sea_orm::Value> {
        vec![
            self.reviewed.into(),
            self.max_rating.map(i32::from).into(),
            self.text
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(super::search::contains_pattern)
                .into(),
            self.from.into(),
            self.to.into(),
        ]
    }
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// Averages of every rating over all submissions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedbackAverages {
    pub submissions: u64,
    pub ease_of_use: Option<Decimal>,
    pub usefulness: Option<Decimal>,
    pub overall_satisfaction: Option<Decimal>,
}

#[derive(FromQueryResult)]
struct AveragesRow {
    submissions: i64,
    ease_of_use: Option<f64>,
    usefulness: Option<f64>,
    overall_satisfaction: Option<f64>,
}

impl Store {
    /// Stores a participant's feedback.
    pub async fn submit_feedback(
        &self,
        user_id: i64,
        draft: &FeedbackDraft,
    ) -> StoreResult<Feedback> {
        feedback::ActiveModel {
            user_id: Set(user_id),
            ease_of_use: Set(i16::from(draft.ease_of_use())),
            usefulness: Set(i16::from(draft.usefulness())),
            overall_satisfaction: Set(i16::from(draft.overall_satisfaction())),
            text_feedback: Set(draft.text().to_string()),
            created_at: Set(now()),
            reviewed: Set(false),
            ..Default::default()
        }
        .insert(&self.db())
        .await
        .map(Feedback::from)
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
                StoreError::NotFound(msg!("err-no-participant", id = user_id))
            }
            _ => StoreError::Database(e),
        })
    }

    /// Feedback, newest first, a page at a time.
    pub async fn list_feedback(&self, offset: u64, limit: u64) -> StoreResult<Vec<Feedback>> {
        Ok(feedback::Entity::find()
            .order_by_desc(feedback::Column::CreatedAt)
            .order_by_desc(feedback::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Feedback::from)
            .collect())
    }

    /// A page of the submissions matching the filter, newest first, with
    /// who gave them.
    pub async fn find_feedback(
        &self,
        filter: &FeedbackFilter,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<FeedbackRow>> {
        let mut values = filter.values();
        values.push((limit as i64).into());
        values.push((offset as i64).into());
        self.query_all_as(
            &format!(
                "SELECT f.id AS id, f.user_id AS user_id, u.first_name AS first_name, u.last_name AS last_name, \
                        u.username AS username, u.guild AS guild, f.ease_of_use AS ease_of_use, \
                        f.usefulness AS usefulness, f.overall_satisfaction AS overall_satisfaction, \
                        f.text_feedback AS text_feedback, f.created_at AS created_at, f.reviewed AS reviewed \
                 FROM feedback f JOIN users u ON u.id = f.user_id WHERE {FEEDBACK_WHERE} \
                 ORDER BY f.created_at DESC, f.id DESC LIMIT $6 OFFSET $7"
            ),
            values,
        )
        .await
    }

    /// How many submissions match the filter.
    pub async fn count_matching_feedback(&self, filter: &FeedbackFilter) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>(
                &format!("SELECT COUNT(*) AS n FROM feedback f WHERE {FEEDBACK_WHERE}"),
                filter.values(),
            )
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// How many submissions there are.
    pub async fn count_feedback(&self) -> StoreResult<u64> {
        Ok(feedback::Entity::find().count(&self.db()).await?)
    }

    /// The average of each rating, to two decimals.
    pub async fn feedback_averages(&self) -> StoreResult<FeedbackAverages> {
        let row = self
            .query_one_as::<AveragesRow>(
                "SELECT COUNT(*) AS submissions, \
                        CAST(AVG(ease_of_use) AS DOUBLE PRECISION) AS ease_of_use, \
                        CAST(AVG(usefulness) AS DOUBLE PRECISION) AS usefulness, \
                        CAST(AVG(overall_satisfaction) AS DOUBLE PRECISION) AS overall_satisfaction \
                 FROM feedback",
                [],
            )
            .await?;
        let Some(row) = row else {
            return Ok(FeedbackAverages::default());
        };
        let dec = |v: Option<f64>| {
            v.and_then(|v| Decimal::try_from(v).ok())
                // Half up, like every other figure shown, always two decimals.
                .map(|d| {
                    let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                    d.rescale(2);
                    d
                })
        };
        Ok(FeedbackAverages {
            submissions: row.submissions as u64,
            ease_of_use: dec(row.ease_of_use),
            usefulness: dec(row.usefulness),
            overall_satisfaction: dec(row.overall_satisfaction),
        })
    }

    /// Marks a submission as reviewed (or not).
    pub async fn set_feedback_reviewed(&self, id: i64, reviewed: bool) -> StoreResult<Feedback> {
        let model = feedback::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-feedback", id = id)))?;
        let mut active: feedback::ActiveModel = model.into();
        active.reviewed = Set(reviewed);
        Ok(active.update(&self.db()).await?.into())
    }
}
