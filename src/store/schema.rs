//! The schema's version: which migrations are applied, whether this
//! connection may apply the missing ones, and applying them.
//!
//! Reading the status never creates anything, so a limited role (rows
//! only, no `CREATE` on the schema) can check that the schema is current.
//! Applying runs each pending migration in order, and creates the
//! migrations table only when it does not exist yet: nothing runs a
//! `CREATE TABLE IF NOT EXISTS` that PostgreSQL would refuse to a limited
//! role, or answer with a "relation already exists, skipping" notice.

use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, TransactionTrait};

use super::{Store, StoreResult};

/// The table the migrator records applied migrations in.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// Whether the connected role may change the schema (apply migrations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaRights {
    /// The role connected (`current_user`; the file on SQLite).
    pub role: String,
    /// Why it may not, in words for an operator; `None` when it may.
    pub refusal: Option<String>,
}

impl SchemaRights {
    /// Whether migrations may be applied over this connection.
    pub fn may_change(&self) -> bool {
        self.refusal.is_none()
    }
}

#[derive(FromQueryResult)]
struct RightsRow {
    role: String,
    schema: String,
    superuser: bool,
    can_create: bool,
    other_owners: Option<String>,
}

impl Store {
    /// The migrations this binary has that the database has not applied,
    /// oldest first. Reads only: a role without `CREATE` can ask.
    pub async fn pending_migrations(&self) -> StoreResult<Vec<String>> {
        Ok(Migrator::get_pending_migrations_read_only(&self.pool)
            .await?
            .iter()
            .map(|m| m.name().to_string())
            .collect())
    }

    /// Every migration with whether it is applied, oldest first (reads only).
    pub async fn migration_status(&self) -> StoreResult<Vec<(String, bool)>> {
        let pending = self.pending_migrations().await?;
        Ok(Migrator::migrations()
            .iter()
            .map(|m| {
                let name = m.name().to_string();
                let applied = !pending.contains(&name);
                (name, applied)
            })
            .collect())
    }

    /// Whether the connected role may apply migrations. On PostgreSQL it
    /// needs `CREATE` on the schema and to own (or be a member of the
    /// owner of) every table already in it — the database's owner or a
    /// superuser; the limited role of `db create-app-role` has neither.
    /// On SQLite whoever can write the file may.
    pub async fn schema_rights(&self) -> StoreResult<SchemaRights> {
        if self.backend() != DbBackend::Postgres {
            return Ok(SchemaRights {
                role: "the SQLite file's user".into(),
                refusal: None,
            });
        }
        let row = self
            .query_one_as::<RightsRow>(
                "SELECT current_user::text AS role, \
                        COALESCE(current_schema(), 'public')::text AS schema, \
                        (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, \
                        has_schema_privilege(COALESCE(current_schema(), 'public'), 'CREATE') AS can_create, \
                        (SELECT string_agg(DISTINCT tableowner::text, ', ' ORDER BY tableowner::text) \
                           FROM pg_tables \
                          WHERE schemaname = COALESCE(current_schema(), 'public') \
                            AND NOT pg_has_role(current_user, tableowner, 'USAGE')) AS other_owners",
                [],
            )
            .await?
            .expect("the rights query returns a row");
        let refusal = if row.superuser {
            None
        } else if !row.can_create {
            Some(format!(
                "the role {:?} has no CREATE privilege on the schema {:?}",
                row.role, row.schema
            ))
        } else {
            row.other_owners.map(|owners| {
                format!(
                    "the role {:?} does not own the tables, which belong to {owners}",
                    row.role
                )
            })
        };
        Ok(SchemaRights {
            role: row.role,
            refusal,
        })
    }

    /// Applies every pending migration, oldest first, each in its own
    /// transaction (on SQLite where the migration asks for one), and
    /// returns their names (empty when the schema was current). Call it
    /// as a role that [may change the schema](Store::schema_rights).
    pub async fn migrate(&self) -> StoreResult<Vec<String>> {
        let pending = self.pending_migrations().await?;
        if pending.is_empty() {
            return Ok(pending);
        }
        let backend = self.backend();
        let has_table = match backend {
            DbBackend::Postgres => {
                self.query_one_as::<Exists>(
                    "SELECT to_regclass($1) IS NOT NULL AS found",
                    [MIGRATIONS_TABLE.into()],
                )
                .await?
            }
            _ => {
                self.query_one_as::<Exists>(
                    "SELECT COUNT(*) > 0 AS found FROM sqlite_master WHERE type = 'table' AND name = $1",
                    [MIGRATIONS_TABLE.into()],
                )
                .await?
            }
        }
        .is_some_and(|e| e.found);
        if !has_table {
            Migrator::install(&self.pool).await?;
        }
        for migration in Migrator::migrations()
            .into_iter()
            .filter(|m| pending.iter().any(|p| p == m.name()))
        {
            let name = migration.name().to_string();
            tracing::debug!(migration = %name, "applying database migration");
            let record = self.stmt(
                &format!("INSERT INTO {MIGRATIONS_TABLE} (version, applied_at) VALUES ($1, $2)"),
                [name.clone().into(), chrono::Utc::now().timestamp().into()],
            );
            let in_transaction = migration
                .use_transaction()
                .unwrap_or(backend == DbBackend::Postgres);
            if in_transaction {
                let txn = self.pool.begin().await?;
                migration.up(&SchemaManager::new(&txn)).await?;
                txn.execute_raw(record).await?;
                txn.commit().await?;
            } else {
                migration.up(&SchemaManager::new(&self.pool)).await?;
                self.pool.execute_raw(record).await?;
            }
        }
        tracing::info!(applied = pending.len(), "the database schema is up to date");
        Ok(pending)
    }
}

#[derive(FromQueryResult)]
struct Exists {
    found: bool,
}
