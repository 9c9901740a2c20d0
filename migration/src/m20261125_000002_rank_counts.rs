//! Ranks at scale on PostgreSQL: counts of participants per whole point
//! and per exact cent, and per-guild totals, kept in step with `users` by
//! statement-level triggers in the same transaction as every change.
//!
//! A participant's rank is one more than the number of participants with
//! more points. Counting those through an index takes time proportional to
//! the rank (hundreds of milliseconds at a million participants); summing
//! the counts of the whole-point buckets above, plus the exact cents above
//! within the participant's own bucket, takes a few hundred rows whatever
//! the rank. `stripe` (id mod 8) spreads concurrent writers over several
//! rows so that two participants with the same points rarely wait on each
//! other. Because the triggers run inside the writing transaction, the
//! counts are exactly what a recount would give, from any number of server
//! instances, and for every writer: the bot, the admin panel, imports,
//! archives and hand-written SQL such as the operations guide's.
//!
//! SQLite deployments are small; there the store counts directly and this
//! migration does nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_rank_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, POSTGRES_UP, "").await?;
        run_script(manager, RANK_FUNCTIONS, "").await?;
        run_script(manager, POSTGRES_TRIGGERS, "").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, POSTGRES_DOWN, "").await
    }
}

const POSTGRES_UP: &str = r#"
LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE IF NOT EXISTS rank_buckets (
    scope VARCHAR(64) NOT NULL,
    bucket BIGINT NOT NULL,
    stripe SMALLINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (scope, bucket, stripe)
);

CREATE TABLE IF NOT EXISTS rank_cents (
    scope VARCHAR(64) NOT NULL,
    cents BIGINT NOT NULL,
    stripe SMALLINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (scope, cents, stripe)
);

CREATE TABLE IF NOT EXISTS guild_totals (
    guild VARCHAR(64) NOT NULL,
    stripe SMALLINT NOT NULL,
    registered BIGINT NOT NULL,
    active_members BIGINT NOT NULL,
    total_points NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (guild, stripe)
);

"#;

/// `rank_apply` and `rank_position` as this migration defines them (a
/// later migration that redefines them puts these back on its way down).
pub(crate) const RANK_FUNCTIONS: &str = r#"
CREATE OR REPLACE FUNCTION rank_apply(guilds TEXT[], points NUMERIC[], ids BIGINT[], deltas BIGINT[]) RETURNS void
LANGUAGE sql AS $fn$
    INSERT INTO rank_buckets AS r (scope, bucket, stripe, n)
    SELECT scope, bucket, stripe, SUM(d) FROM (
        SELECT '' AS scope, floor(c.p)::BIGINT AS bucket, (c.i % 8)::SMALLINT AS stripe, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d)
        UNION ALL
        SELECT c.g, floor(c.p)::BIGINT, (c.i % 8)::SMALLINT, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d) WHERE c.g IS NOT NULL
    ) x GROUP BY scope, bucket, stripe HAVING SUM(d) <> 0 ORDER BY scope, bucket, stripe
    ON CONFLICT (scope, bucket, stripe) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO rank_cents AS r (scope, cents, stripe, n)
    SELECT scope, cents, stripe, SUM(d) FROM (
        SELECT '' AS scope, (c.p * 100)::BIGINT AS cents, (c.i % 8)::SMALLINT AS stripe, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d)
        UNION ALL
        SELECT c.g, (c.p * 100)::BIGINT, (c.i % 8)::SMALLINT, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d) WHERE c.g IS NOT NULL
    ) x GROUP BY scope, cents, stripe HAVING SUM(d) <> 0 ORDER BY scope, cents, stripe
    ON CONFLICT (scope, cents, stripe) DO UPDATE SET n = r.n + excluded.n;

    INSERT INTO guild_totals AS t (guild, stripe, registered, active_members, total_points)
    SELECT c.g, (c.i % 8)::SMALLINT, SUM(c.d), SUM(CASE WHEN c.p > 0 THEN c.d ELSE 0 END), SUM(c.d * c.p)
    FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d) WHERE c.g IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (guild, stripe) DO UPDATE SET
        registered = t.registered + excluded.registered,
        active_members = t.active_members + excluded.active_members,
        total_points = t.total_points + excluded.total_points;
$fn$;

-- The rank `points` has within `scope` ('' for everyone, else a guild):
-- one more than the participants with more points, from the whole-point
-- buckets above and the exact cents above within its own bucket.
CREATE OR REPLACE FUNCTION rank_position(in_scope TEXT, in_points NUMERIC) RETURNS BIGINT
LANGUAGE sql STABLE AS $fn$
    SELECT CAST(1
        + COALESCE((SELECT SUM(n) FROM rank_buckets
                    WHERE scope = in_scope AND bucket > floor(in_points)::BIGINT), 0)
        + COALESCE((SELECT SUM(n) FROM rank_cents
                    WHERE scope = in_scope AND cents > (in_points * 100)::BIGINT
                      AND cents < (floor(in_points)::BIGINT + 1) * 100), 0) AS BIGINT)
$fn$;
"#;

const POSTGRES_TRIGGERS: &str = r#"
CREATE OR REPLACE FUNCTION users_rank_after_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM rank_apply(array_agg(guild), array_agg(points), array_agg(id), array_agg(1::BIGINT)) FROM new_rows;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION users_rank_after_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM rank_apply(array_agg(guild), array_agg(points), array_agg(id), array_agg(-1::BIGINT)) FROM old_rows;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION users_rank_after_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM rank_apply(array_agg(g), array_agg(p), array_agg(i), array_agg(d)) FROM (
        SELECT n.guild AS g, n.points AS p, n.id AS i, 1::BIGINT AS d
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.points IS DISTINCT FROM o.points OR n.guild IS DISTINCT FROM o.guild
        UNION ALL
        SELECT o.guild, o.points, o.id, -1::BIGINT
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.points IS DISTINCT FROM o.points OR n.guild IS DISTINCT FROM o.guild
    ) changes;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS users_rank_insert ON users;
CREATE TRIGGER users_rank_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION users_rank_after_insert();
DROP TRIGGER IF EXISTS users_rank_delete ON users;
CREATE TRIGGER users_rank_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION users_rank_after_delete();
DROP TRIGGER IF EXISTS users_rank_update ON users;
CREATE TRIGGER users_rank_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION users_rank_after_update();

-- Start from the rows already there (writers wait on the lock above).
TRUNCATE rank_buckets, rank_cents, guild_totals;
SELECT rank_apply(array_agg(guild), array_agg(points), array_agg(id), array_agg(1::BIGINT)) FROM users;
"#;

const POSTGRES_DOWN: &str = r#"
DROP TRIGGER IF EXISTS users_rank_insert ON users;
DROP TRIGGER IF EXISTS users_rank_delete ON users;
DROP TRIGGER IF EXISTS users_rank_update ON users;
DROP FUNCTION IF EXISTS users_rank_after_insert();
DROP FUNCTION IF EXISTS users_rank_after_delete();
DROP FUNCTION IF EXISTS users_rank_after_update();
DROP FUNCTION IF EXISTS rank_apply(TEXT[], NUMERIC[], BIGINT[], BIGINT[]);
DROP FUNCTION IF EXISTS rank_position(TEXT, NUMERIC);
DROP TABLE IF EXISTS guild_totals;
DROP TABLE IF EXISTS rank_cents;
DROP TABLE IF EXISTS rank_buckets;
"#;
