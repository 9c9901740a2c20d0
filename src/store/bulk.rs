//! Loading many rows at once (demo data, imports): `COPY` on PostgreSQL,
//! multi-row `INSERT`s on SQLite, all inside one transaction so that an
//! interrupted load leaves nothing behind.

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sqlx::{self, Postgres};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, FromQueryResult, RuntimeErr,
    TransactionTrait, Value,
};

use super::{Store, StoreError, StoreResult};
use crate::domain::Points;

/// A participant row for a bulk load.
#[derive(Debug, Clone)]
pub struct BulkParticipant {
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub guild: Option<String>,
    pub points: Points,
    pub is_test_user: bool,
    pub created_at: DateTime<Utc>,
}

/// An activity row for a bulk load.
#[derive(Debug, Clone)]
pub struct BulkActivity {
    pub user_id: i64,
    pub activity_type: String,
    pub compendium_code: Option<String>,
    pub met: Option<Decimal>,
    pub duration: u16,
    pub points: Points,
    pub description: Option<String>,
    pub activity_date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// An open bulk load; nothing is visible to others until [`BulkLoader::commit`].
pub struct BulkLoader {
    inner: Inner,
}

enum Inner {
    Postgres(sqlx::Transaction<'static, Postgres>),
    Sqlite(DatabaseTransaction),
}

fn sqlx_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e))))
}

#[derive(FromQueryResult)]
struct IdPair {
    telegram_id: i64,
    id: i64,
}

impl Store {
    /// Starts a bulk load in its own transaction.
    pub async fn bulk_loader(&self) -> StoreResult<BulkLoader> {
        let inner = match self.backend() {
            DbBackend::Postgres => Inner::Postgres(
                self.pool
                    .get_postgres_connection_pool()
                    .begin()
                    .await
                    .map_err(sqlx_err)?,
            ),
            _ => Inner::Sqlite(self.db().begin().await?),
        };
        Ok(BulkLoader { inner })
    }

    /// Refreshes the planner's statistics after a bulk load (PostgreSQL).
    pub async fn analyze_after_bulk_load(&self) -> StoreResult<()> {
        let sql = match self.backend() {
            DbBackend::Postgres => "ANALYZE users, activities",
            _ => "ANALYZE",
        };
        self.db().execute_unprepared(sql).await?;
        Ok(())
    }
}

impl BulkLoader {
    /// Inserts participants.
    pub async fn participants(&mut self, rows: &[BulkParticipant]) -> StoreResult<()> {
        match &mut self.inner {
            Inner::Postgres(tx) => {
                let mut buf = String::with_capacity(rows.len() * 96);
                for r in rows {
                    let _ = writeln!(
                        buf,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        r.telegram_id,
                        copy_opt(r.username.as_deref()),
                        copy_text(&r.first_name),
                        copy_opt(r.last_name.as_deref()),
                        copy_opt(r.guild.as_deref()),
                        r.points,
                        if r.is_test_user { "t" } else { "f" },
                        r.created_at.to_rfc3339(),
                        r.created_at.to_rfc3339(),
                    );
                }
                copy_in(
                    tx,
                    "COPY users (telegram_id, username, first_name, last_name, guild, points, is_test_user, created_at, updated_at) FROM STDIN",
                    buf,
                )
                .await
            }
            Inner::Sqlite(txn) => {
                for chunk in rows.chunks(500) {
                    let mut values = Vec::with_capacity(chunk.len() * 9);
                    for r in chunk {
                        values.extend([
                            Value::from(r.telegram_id),
                            r.username.clone().into(),
                            r.first_name.clone().into(),
                            r.last_name.clone().into(),
                            r.guild.clone().into(),
                            r.points.value().into(),
                            r.is_test_user.into(),
                            r.created_at.into(),
                            r.created_at.into(),
                        ]);
                    }
                    let sql = multi_insert(
                        "INSERT INTO users (telegram_id, username, first_name, last_name, guild, points, is_test_user, created_at, updated_at) VALUES ",
                        9,
                        chunk.len(),
                    );
                    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
                        DbBackend::Sqlite,
                        sql,
                        values,
                    ))
                    .await?;
                }
                Ok(())
            }
        }
    }

    /// The ids of the participants whose Telegram ids fall in `from..=to`,
    /// as `(telegram_id, id)` pairs.
    pub async fn participant_ids(&mut self, from: i64, to: i64) -> StoreResult<Vec<(i64, i64)>> {
        const SQL: &str = "SELECT telegram_id, id FROM users WHERE telegram_id BETWEEN $1 AND $2 ORDER BY telegram_id";
        match &mut self.inner {
            Inner::Postgres(tx) => {
                let rows: Vec<(i64, i64)> = sqlx::query_as(SQL)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(sqlx_err)?;
                Ok(rows)
            }
            Inner::Sqlite(txn) => {
                let rows = IdPair::find_by_statement(sea_orm::Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    SQL,
                    [from.into(), to.into()],
                ))
                .all(txn)
                .await?;
                Ok(rows.into_iter().map(|r| (r.telegram_id, r.id)).collect())
            }
        }
    }

    /// Inserts activities. The caller keeps each participant's total equal
    /// to the sum of the activities it loads for them.
    pub async fn activities(&mut self, rows: &[BulkActivity]) -> StoreResult<()> {
        match &mut self.inner {
            Inner::Postgres(tx) => {
                let mut buf = String::with_capacity(rows.len() * 100);
                for r in rows {
                    let _ = writeln!(
                        buf,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        r.user_id,
                        copy_text(&r.activity_type),
                        copy_opt(r.compendium_code.as_deref()),
                        r.met.map_or_else(|| "\\N".to_string(), |m| m.to_string()),
                        r.duration,
                        r.points,
                        copy_opt(r.description.as_deref()),
                        r.activity_date,
                        r.created_at.to_rfc3339(),
                    );
                }
                copy_in(
                    tx,
                    "COPY activities (user_id, activity_type, compendium_code, met, duration, points, description, activity_date, created_at) FROM STDIN",
                    buf,
                )
                .await
            }
            Inner::Sqlite(txn) => {
                for chunk in rows.chunks(500) {
                    let mut values = Vec::with_capacity(chunk.len() * 9);
                    for r in chunk {
                        values.extend([
                            Value::from(r.user_id),
                            r.activity_type.clone().into(),
                            r.compendium_code.clone().into(),
                            r.met.into(),
                            i32::from(r.duration).into(),
                            r.points.value().into(),
                            r.description.clone().into(),
                            r.activity_date.into(),
                            r.created_at.into(),
                        ]);
                    }
                    let sql = multi_insert(
                        "INSERT INTO activities (user_id, activity_type, compendium_code, met, duration, points, description, activity_date, created_at) VALUES ",
                        9,
                        chunk.len(),
                    );
                    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
                        DbBackend::Sqlite,
                        sql,
                        values,
                    ))
                    .await?;
                }
                Ok(())
            }
        }
    }

    /// Makes everything loaded visible at once.
    pub async fn commit(self) -> StoreResult<()> {
        match self.inner {
            Inner::Postgres(tx) => tx.commit().await.map_err(sqlx_err),
            Inner::Sqlite(txn) => Ok(txn.commit().await?),
        }
    }
}

async fn copy_in(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    statement: &str,
    data: String,
) -> StoreResult<()> {
    let mut copy = tx.copy_in_raw(statement).await.map_err(sqlx_err)?;
    if let Err(e) = copy.send(data.into_bytes()).await {
        let _ = copy.abort("send failed").await;
        return Err(sqlx_err(e));
    }
    copy.finish().await.map_err(sqlx_err)?;
    Ok(())
}

/// `INSERT ... VALUES ($1, ..), ($n, ..)` for `rows` rows of `columns` values.
fn multi_insert(prefix: &str, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(prefix.len() + rows * columns * 6);
    sql.push_str(prefix);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..columns {
            if col > 0 {
                sql.push_str(", ");
            }
            let _ = write!(sql, "${}", row * columns + col + 1);
        }
        sql.push(')');
    }
    sql
}

/// Escapes a value for `COPY ... FROM STDIN` text format.
fn copy_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn copy_opt(value: Option<&str>) -> String {
    value.map_or_else(|| "\\N".to_string(), copy_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_the_copy_specials() {
        assert_eq!(copy_text("a\tb\\c\nd\re"), "a\\tb\\\\c\\nd\\re");
        assert_eq!(copy_opt(None), "\\N");
    }

    #[test]
    fn multi_insert_numbers_every_placeholder() {
        assert_eq!(
            multi_insert("INSERT INTO t VALUES ", 2, 2),
            "INSERT INTO t VALUES ($1, $2), ($3, $4)"
        );
    }
}
