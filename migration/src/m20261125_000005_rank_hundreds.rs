//! A third level of rank counts on PostgreSQL: participants per hundred
//! points, beside those per whole point and per cent.
//!
//! A rank sums the counts above a participant's points. With whole-point
//! buckets alone, someone with few points (most people) summed every bucket
//! above them: about four thousand buckets of eight stripes at a million
//! participants, a few milliseconds each time. Now a rank is the hundreds
//! above, plus the whole points above within the participant's own
//! hundred, plus the cents above within their own point: a few hundred rows
//! whatever the points. The same triggers keep the new level in step, in
//! the writing transaction.
//!
//! The counts' tables are small and rewritten all day, so autovacuum is told
//! to visit them by a fixed number of dead rows rather than a share of the
//! table; otherwise dead rows pile up and every rank reads them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261125_000002_rank_counts::RANK_FUNCTIONS;
use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000005_rank_hundreds"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, POSTGRES_UP, "").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, RANK_FUNCTIONS, "").await?;
        run_script(manager, POSTGRES_DOWN, "").await
    }
}

const POSTGRES_UP: &str = r#"
LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE IF NOT EXISTS rank_hundreds (
    scope VARCHAR(64) NOT NULL,
    hundred BIGINT NOT NULL,
    stripe SMALLINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (scope, hundred, stripe)
);

CREATE OR REPLACE FUNCTION rank_apply(guilds TEXT[], points NUMERIC[], ids BIGINT[], deltas BIGINT[]) RETURNS void
LANGUAGE sql AS $fn$
    INSERT INTO rank_hundreds AS r (scope, hundred, stripe, n)
    SELECT scope, hundred, stripe, SUM(d) FROM (
        SELECT '' AS scope, floor(c.p / 100)::BIGINT AS hundred, (c.i % 8)::SMALLINT AS stripe, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d)
        UNION ALL
        SELECT c.g, floor(c.p / 100)::BIGINT, (c.i % 8)::SMALLINT, c.d
        FROM unnest(guilds, points, ids, deltas) AS c(g, p, i, d) WHERE c.g IS NOT NULL
    ) x GROUP BY scope, hundred, stripe HAVING SUM(d) <> 0 ORDER BY scope, hundred, stripe
    ON CONFLICT (scope, hundred, stripe) DO UPDATE SET n = r.n + excluded.n;

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
-- one more than the participants with more points, from the hundreds
-- above, the whole points above within its own hundred, and the exact
-- cents above within its own point.
CREATE OR REPLACE FUNCTION rank_position(in_scope TEXT, in_points NUMERIC) RETURNS BIGINT
LANGUAGE sql STABLE AS $fn$
    SELECT CAST(1
        + COALESCE((SELECT SUM(n) FROM rank_hundreds
                    WHERE scope = in_scope AND hundred > floor(in_points / 100)::BIGINT), 0)
        + COALESCE((SELECT SUM(n) FROM rank_buckets
                    WHERE scope = in_scope AND bucket > floor(in_points)::BIGINT
                      AND bucket < (floor(in_points / 100)::BIGINT + 1) * 100), 0)
        + COALESCE((SELECT SUM(n) FROM rank_cents
                    WHERE scope = in_scope AND cents > (in_points * 100)::BIGINT
                      AND cents < (floor(in_points)::BIGINT + 1) * 100), 0) AS BIGINT)
$fn$;

-- How many participants `scope` has, from the fewest rows.
CREATE OR REPLACE FUNCTION rank_population(in_scope TEXT) RETURNS BIGINT
LANGUAGE sql STABLE AS $fn$
    SELECT CAST(COALESCE((SELECT SUM(n) FROM rank_hundreds WHERE scope = in_scope), 0) AS BIGINT)
$fn$;

TRUNCATE rank_hundreds;
INSERT INTO rank_hundreds (scope, hundred, stripe, n)
SELECT scope, floor(bucket / 100.0)::BIGINT, stripe, SUM(n) FROM rank_buckets
GROUP BY 1, 2, 3 HAVING SUM(n) <> 0;

ALTER TABLE rank_hundreds SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE rank_buckets SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE rank_cents SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE guild_totals SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
"#;

const POSTGRES_DOWN: &str = r#"
DROP FUNCTION IF EXISTS rank_population(TEXT);
DROP TABLE IF EXISTS rank_hundreds;
ALTER TABLE rank_buckets RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
ALTER TABLE rank_cents RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
ALTER TABLE guild_totals RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
"#;
