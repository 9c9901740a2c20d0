//! What the admin panel needs to be an organiser's tool:
//!
//! - `guilds.version` and `competitions.version`: each edit form carries the
//!   version it was read at, so that a save over someone else's newer edit
//!   is refused instead of silently undoing it.
//! - `guilds.name_key`: the name in lower case with runs of spaces made one,
//!   unique, so that "aalto athletes" cannot sit beside "Aalto Athletes".
//!   Existing guilds get their key here; of two that already collide, the
//!   later one gets no key until it is renamed (the migration does not rename
//!   anyone's guild).
//! - `competitions.activate_on`: a draft competition may be scheduled to
//!   become the active one on a day (in its own time zone).
//! - `admin_users.role` (viewer, organiser, database_admin; existing admins
//!   keep every power they had, so they become database admins), the
//!   two-factor secrets, and `admin_sessions.second_factor_pending` for a
//!   session whose password was right but whose code is still due. Admin
//!   names become lower case (names compare without case at login).
//! - `users.kept_from_cleanup`: an organiser said this person is not a test
//!   user, so the cleanup's name patterns no longer pick them.
//! - `users.search_text`: first name, last name and username in lower case
//!   without accents, computed by the database, which the participant
//!   search matches word by word. On PostgreSQL a trigram index speeds it
//!   up where the `pg_trgm` extension is available to this database's
//!   owner; without it the search works the same, only slower on large
//!   databases.
//! - `audit_log.participant_id`: which participant an entry is about, for a
//!   participant's timeline.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000008_organiser_tools"
    }
}

/// Letters folded to plain ASCII for searching, as
/// `activity_challenge::domain::search::fold` folds a query (a test checks
/// that the two agree). Upper and lower case both, because SQLite's
/// `lower()` folds only ASCII.
pub const SEARCH_FOLD: &[(&str, &str)] = &[
    ("ÀÁÂÃÄÅĀĂĄ", "AAAAAAAAA"),
    ("àáâãäåāăą", "aaaaaaaaa"),
    ("ÇĆČ", "CCC"),
    ("çćč", "ccc"),
    ("ĎĐ", "DD"),
    ("ďđ", "dd"),
    ("ÈÉÊËĒĖĘĚ", "EEEEEEEE"),
    ("èéêëēėęě", "eeeeeeee"),
    ("ĞĢ", "GG"),
    ("ğģ", "gg"),
    ("ÌÍÎÏĪĮİ", "IIIIIII"),
    ("ìíîïīįı", "iiiiiii"),
    ("ĶŁĻ", "KLL"),
    ("ķłļ", "kll"),
    ("ÑŃŇŅ", "NNNN"),
    ("ñńňņ", "nnnn"),
    ("ÒÓÔÕÖØŌŐ", "OOOOOOOO"),
    ("òóôõöøōő", "oooooooo"),
    ("Ř", "R"),
    ("ř", "r"),
    ("ŚŠŞ", "SSS"),
    ("śšş", "sss"),
    ("ŤŢ", "TT"),
    ("ťţ", "tt"),
    ("ÙÚÛÜŪŮŰŲ", "UUUUUUUU"),
    ("ùúûüūůűų", "uuuuuuuu"),
    ("ÝŸ", "YY"),
    ("ýÿ", "yy"),
    ("ŹŻŽ", "ZZZ"),
    ("źżž", "zzz"),
];

/// Letters that fold to two.
pub const SEARCH_FOLD_WIDE: &[(&str, &str)] = &[
    ("ß", "ss"),
    ("Æ", "ae"),
    ("æ", "ae"),
    ("Œ", "oe"),
    ("œ", "oe"),
    ("Þ", "th"),
    ("þ", "th"),
];

/// The searchable text of a `users` row, as SQL for `backend`: first name,
/// last name and username, separated by spaces, folded.
fn search_expression(backend: DbBackend) -> String {
    let source = "(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '') || ' ' || COALESCE(username, ''))";
    let mut expr = match backend {
        DbBackend::Postgres => {
            let from: String = SEARCH_FOLD.iter().map(|(f, _)| *f).collect();
            let to: String = SEARCH_FOLD.iter().map(|(_, t)| *t).collect();
            format!("translate({source}, '{from}', '{to}')")
        }
        _ => {
            let mut expr = source.to_string();
            for (from, to) in SEARCH_FOLD {
                for (f, t) in from.chars().zip(to.chars()) {
                    expr = format!("replace({expr}, '{f}', '{t}')");
                }
            }
            expr
        }
    };
    for (from, to) in SEARCH_FOLD_WIDE {
        expr = format!("replace({expr}, '{from}', '{to}')");
    }
    format!("lower({expr})")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        run_script(manager, POSTGRES_UP, SQLITE_UP).await?;
        let search = match backend {
            DbBackend::Postgres => format!(
                "ALTER TABLE users ADD COLUMN search_text TEXT GENERATED ALWAYS AS ({}) STORED",
                search_expression(backend)
            ),
            _ => format!(
                "ALTER TABLE users ADD COLUMN search_text TEXT GENERATED ALWAYS AS ({}) VIRTUAL",
                search_expression(backend)
            ),
        };
        db.execute_unprepared(&search).await?;
        if backend == DbBackend::Postgres {
            db.execute_unprepared(POSTGRES_TRIGRAM).await?;
        }
        fill_guild_keys(db, backend).await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS idx_guilds_name_key ON guilds (name_key)",
        )
        .await?;
        lower_admin_names(db, backend).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN, DOWN).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[derive(FromQueryResult)]
struct Named {
    id: i64,
    name: String,
}

/// A guild name's key: lower case, runs of white space made one space
/// (the rule of `GuildDraft::key`).
fn guild_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

async fn fill_guild_keys(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
) -> Result<(), DbErr> {
    let guilds = Named::find_by_statement(Statement::from_string(
        backend,
        "SELECT id, name FROM guilds ORDER BY id",
    ))
    .all(db)
    .await?;
    let mut seen = std::collections::HashSet::new();
    for g in guilds {
        let key = guild_key(&g.name);
        if !seen.insert(key.clone()) {
            continue;
        }
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE guilds SET name_key = $1 WHERE id = $2",
            [key.into(), g.id.into()],
        ))
        .await?;
    }
    Ok(())
}

async fn lower_admin_names(
    db: &SchemaManagerConnection<'_>,
    backend: DbBackend,
) -> Result<(), DbErr> {
    let admins = Named::find_by_statement(Statement::from_string(
        backend,
        "SELECT id, username AS name FROM admin_users ORDER BY id",
    ))
    .all(db)
    .await?;
    let taken: std::collections::HashSet<String> = admins.iter().map(|a| a.name.clone()).collect();
    let mut claimed = std::collections::HashSet::new();
    for a in &admins {
        let lower = a.name.to_lowercase();
        // Two accounts differing only in case keep their names; the second
        // signs in with its exact name until an admin renames it.
        if lower == a.name || taken.contains(&lower) || !claimed.insert(lower.clone()) {
            continue;
        }
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE admin_users SET username = $1 WHERE id = $2",
            [lower.into(), a.id.into()],
        ))
        .await?;
    }
    Ok(())
}

const POSTGRES_UP: &str = r#"
ALTER TABLE guilds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE guilds ADD COLUMN name_key VARCHAR(64);
ALTER TABLE competitions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE competitions ADD COLUMN activate_on DATE;
ALTER TABLE admin_users ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'organiser'
    CONSTRAINT admin_users_role_known CHECK (role IN ('viewer', 'organiser', 'database_admin'));
-- Every admin so far could do everything.
UPDATE admin_users SET role = 'database_admin';
ALTER TABLE admin_users ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE admin_users ADD COLUMN totp_pending_secret VARCHAR(64);
ALTER TABLE admin_users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE admin_sessions ADD COLUMN second_factor_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN kept_from_cleanup BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE audit_log ADD COLUMN participant_id BIGINT;
CREATE INDEX IF NOT EXISTS idx_audit_log_participant ON audit_log (participant_id, created_at) WHERE participant_id IS NOT NULL;
"#;

const SQLITE_UP: &str = r#"
ALTER TABLE guilds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE guilds ADD COLUMN name_key VARCHAR(64);
ALTER TABLE competitions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE competitions ADD COLUMN activate_on DATE;
ALTER TABLE admin_users ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'organiser'
    CONSTRAINT admin_users_role_known CHECK (role IN ('viewer', 'organiser', 'database_admin'));
UPDATE admin_users SET role = 'database_admin';
ALTER TABLE admin_users ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE admin_users ADD COLUMN totp_pending_secret VARCHAR(64);
ALTER TABLE admin_users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE admin_sessions ADD COLUMN second_factor_pending BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN kept_from_cleanup BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN participant_id BIGINT;
CREATE INDEX IF NOT EXISTS idx_audit_log_participant ON audit_log (participant_id, created_at) WHERE participant_id IS NOT NULL;
"#;

/// The trigram index, where the extension can be had: `pg_trgm` is a
/// trusted extension (PostgreSQL 13 and later), so the database's owner may
/// create it without being a superuser. Without it nothing fails.
const POSTGRES_TRIGRAM: &str = r#"
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
       AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm;
        EXCEPTION WHEN insufficient_privilege OR feature_not_supported THEN
            RAISE NOTICE 'pg_trgm is not available to this role: the participant search works without its index';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS idx_users_search_trgm ON users USING gin (search_text gin_trgm_ops)';
    END IF;
END
$$;
"#;

const DOWN: &str = r#"
DROP INDEX IF EXISTS idx_users_search_trgm;
DROP INDEX IF EXISTS idx_audit_log_participant;
DROP INDEX IF EXISTS idx_guilds_name_key;
ALTER TABLE audit_log DROP COLUMN participant_id;
ALTER TABLE users DROP COLUMN search_text;
ALTER TABLE users DROP COLUMN kept_from_cleanup;
ALTER TABLE admin_sessions DROP COLUMN second_factor_pending;
ALTER TABLE admin_users DROP COLUMN totp_last_step;
ALTER TABLE admin_users DROP COLUMN totp_pending_secret;
ALTER TABLE admin_users DROP COLUMN totp_secret;
ALTER TABLE admin_users DROP COLUMN role;
ALTER TABLE competitions DROP COLUMN activate_on;
ALTER TABLE competitions DROP COLUMN version;
ALTER TABLE guilds DROP COLUMN name_key;
ALTER TABLE guilds DROP COLUMN version;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folded_letter_has_its_replacement() {
        for (from, to) in SEARCH_FOLD {
            assert_eq!(from.chars().count(), to.chars().count(), "{from}");
        }
        assert_eq!(guild_key("  Aalto   Athletes "), "aalto athletes");
        let sqlite = search_expression(DbBackend::Sqlite);
        assert!(sqlite.starts_with("lower(") && sqlite.contains("'ä', 'a'"));
        assert!(search_expression(DbBackend::Postgres).contains("translate("));
    }
}
