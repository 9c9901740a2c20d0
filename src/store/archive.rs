//! Archiving old activities: copying them into an archive table and,
//! optionally, removing them from the live table with the participants'
//! totals lowered in the same transaction.

use chrono::NaiveDate;
use migration::m20261125_000003_activities_archive::{DEFAULT_ARCHIVE_TABLE, archive_table_script};
use migration::m20261203_000010_activity_source::source_columns_script;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, TransactionTrait};

use super::maintenance::quote_ident;
use super::{Store, StoreError, StoreResult, now};
use crate::domain::Points;

/// What an archive run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveOutcome {
    /// The archive table.
    pub table: String,
    /// Live activities dated before the cut-off.
    pub matching: u64,
    /// Of those, how many were copied now (the rest were archived before).
    pub copied: u64,
    /// Live activities deleted after the copy was verified (0 without delete).
    pub deleted: u64,
    /// The points taken off participants' totals with the deleted activities.
    pub points_moved: Points,
    /// The participants whose totals were lowered.
    pub participants: u64,
}

#[derive(FromQueryResult)]
struct Figures {
    n: i64,
    total: Option<Decimal>,
    users: i64,
}

const COLUMNS: &str = "id, user_id, activity_type, compendium_code, met, duration, points, description, \
                       activity_date, idempotency_key, created_at, source, started_at, distance_m, workout_sha256";

impl Store {
    /// Whether an SQLite table has a column.
    async fn sqlite_has_column(
        &self,
        txn: &DatabaseTransaction,
        table: &str,
        column: &str,
    ) -> StoreResult<bool> {
        #[derive(FromQueryResult)]
        struct Found {
            n: i64,
        }
        let found = Found::find_by_statement(self.stmt(
            "SELECT COUNT(*) AS n FROM pragma_table_info($1) WHERE name = $2",
            [table.into(), column.into()],
        ))
        .one(txn)
        .await?;
        Ok(found.is_some_and(|f| f.n > 0))
    }

    async fn archive_figures(
        &self,
        txn: &DatabaseTransaction,
        sql: &str,
        before: NaiveDate,
    ) -> StoreResult<(u64, Points, u64)> {
        let row = Figures::find_by_statement(self.stmt(sql, [before.into()]))
            .one(txn)
            .await?;
        Ok(row.map_or((0, Points::ZERO, 0), |r| {
            (
                r.n as u64,
                Points::new(r.total.unwrap_or_default()),
                r.users as u64,
            )
        }))
    }

    /// Copies every activity dated before `before` into `table` (created
    /// when it is not the default archive), skipping those already there,
    /// and checks that each of them is in the archive with the same points.
    /// With `delete`, then removes them from `activities` and takes their
    /// points off their participants' totals. All in one transaction: a
    /// failed check leaves everything as it was.
    pub async fn archive_activities(
        &self,
        table: &str,
        before: NaiveDate,
        delete: bool,
    ) -> StoreResult<ArchiveOutcome> {
        let quoted = quote_ident(table)?;
        if table == "activities" {
            return Err(StoreError::Rejected(crate::i18n::Message::verbatim(
                "the archive table cannot be the activities table itself",
            )));
        }
        let txn = self.db().begin().await?;
        let postgres = self.backend() == DbBackend::Postgres;
        if table != DEFAULT_ARCHIVE_TABLE {
            for statement in archive_table_script(postgres, table).split(';') {
                if !statement.trim().is_empty() {
                    txn.execute_unprepared(statement).await?;
                }
            }
            // An archive table made before activities had their source
            // columns (or just now) gets them; PostgreSQL skips existing ones.
            let missing = postgres || !self.sqlite_has_column(&txn, table, "source").await?;
            if missing {
                for statement in source_columns_script(postgres, table).split(';') {
                    if !statement.trim().is_empty() {
                        txn.execute_unprepared(statement).await?;
                    }
                }
            }
        }
        if postgres {
            // Writers of activities wait (readers do not), so the counts,
            // the copy and the delete all see the same rows.
            txn.execute_unprepared("LOCK TABLE activities IN SHARE ROW EXCLUSIVE MODE")
                .await?;
        }
        let (matching, live_points, participants) = self
            .archive_figures(
                &txn,
                "SELECT COUNT(*) AS n, SUM(points) AS total, COUNT(DISTINCT user_id) AS users \
                 FROM activities WHERE activity_date < $1",
                before,
            )
            .await?;
        let copied = txn
            .execute_raw(self.stmt(
                &format!(
                    "INSERT INTO {quoted} ({COLUMNS}, archived_at) SELECT {COLUMNS}, $2 FROM activities \
                     WHERE activity_date < $1 AND NOT EXISTS (SELECT 1 FROM {quoted} x WHERE x.id = activities.id)"
                ),
                [before.into(), now().into()],
            ))
            .await?
            .rows_affected();
        let (archived, archived_points, _) = self
            .archive_figures(
                &txn,
                &format!(
                    "SELECT COUNT(*) AS n, SUM(x.points) AS total, COUNT(DISTINCT x.user_id) AS users \
                     FROM activities a JOIN {quoted} x ON x.id = a.id AND x.user_id = a.user_id \
                     WHERE a.activity_date < $1"
                ),
                before,
            )
            .await?;
        if archived != matching || archived_points != live_points {
            return Err(StoreError::Conflict(crate::i18n::Message::verbatim(
                format!(
                    "the archive check failed: {matching} activities ({live_points} points) before {before}, \
                 but {archived} ({archived_points} points) found in {table}; nothing was changed"
                ),
            )));
        }
        let mut outcome = ArchiveOutcome {
            table: table.to_string(),
            matching,
            copied,
            deleted: 0,
            points_moved: Points::ZERO,
            participants: 0,
        };
        if delete && matching > 0 {
            txn.execute_raw(self.stmt(
                "UPDATE users SET points = ROUND(points - COALESCE((SELECT SUM(a.points) FROM activities a \
                   WHERE a.user_id = users.id AND a.activity_date < $1), 0), 2), updated_at = $2 \
                 WHERE id IN (SELECT user_id FROM activities WHERE activity_date < $1)",
                [before.into(), now().into()],
            ))
            .await?;
            let deleted = txn
                .execute_raw(self.stmt(
                    "DELETE FROM activities WHERE activity_date < $1",
                    [before.into()],
                ))
                .await?
                .rows_affected();
            if deleted != matching {
                return Err(StoreError::Conflict(crate::i18n::Message::verbatim(
                    format!(
                        "{deleted} activities were about to be deleted where {matching} were archived; nothing was changed"
                    ),
                )));
            }
            outcome.deleted = deleted;
            outcome.points_moved = live_points;
            outcome.participants = participants;
        }
        txn.commit().await?;
        Ok(outcome)
    }
}
