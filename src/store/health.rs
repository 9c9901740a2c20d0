//! The database health report of the operations guide: sizes, index usage,
//! cache hits, sequential scans, dead tuples, connections, long-running and
//! slow queries (PostgreSQL).

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use super::{Store, StoreResult};

/// One part of the health report: a small table and an optional remark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthSection {
    /// What the section shows.
    pub title: &'static str,
    /// Column headings.
    pub columns: Vec<&'static str>,
    /// The rows, as text.
    pub rows: Vec<Vec<String>>,
    /// Advice or an explanation (e.g. how to enable pg_stat_statements).
    pub note: Option<String>,
}

/// Every section, in the order the guide discusses them. Each query casts
/// its columns to text, so one reader fits all.
const SECTIONS: &[(&str, &[&str], &str)] = &[
    (
        "Database size",
        &["database", "size"],
        "SELECT current_database()::text, pg_size_pretty(pg_database_size(current_database()))",
    ),
    (
        "Table sizes (with indexes)",
        &["table", "total", "rows (estimate)"],
        "SELECT relname::text, pg_size_pretty(pg_total_relation_size(relid)), n_live_tup::text \
         FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC",
    ),
    (
        "Index sizes and usage",
        &["table", "index", "size", "scans"],
        "SELECT relname::text, indexrelname::text, pg_size_pretty(pg_relation_size(indexrelid)), idx_scan::text \
         FROM pg_stat_user_indexes ORDER BY pg_relation_size(indexrelid) DESC",
    ),
    (
        "Unused indexes (no scans since statistics were reset; primary keys and unique indexes excluded)",
        &["table", "index", "size"],
        "SELECT s.relname::text, s.indexrelname::text, pg_size_pretty(pg_relation_size(s.indexrelid)) \
         FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid \
         WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary ORDER BY 1, 2",
    ),
    (
        "Duplicate indexes (same table, columns and predicate)",
        &["table", "indexes"],
        "SELECT indrelid::regclass::text, string_agg(indexrelid::regclass::text, ', ' ORDER BY indexrelid::regclass::text) \
         FROM pg_index GROUP BY indrelid, indkey::text, COALESCE(indexprs::text, ''), COALESCE(indpred::text, '') \
         HAVING COUNT(*) > 1 AND indrelid::regclass::text NOT LIKE 'pg_%'",
    ),
    (
        "Cache hit ratio (should be above 99 %)",
        &["heap read", "heap hit", "ratio"],
        "SELECT COALESCE(sum(heap_blks_read), 0)::text, COALESCE(sum(heap_blks_hit), 0)::text, \
         COALESCE(round(100 * sum(heap_blks_hit) / NULLIF(sum(heap_blks_hit) + sum(heap_blks_read), 0), 2)::text || ' %', 'no reads yet') \
         FROM pg_statio_user_tables",
    ),
    (
        "Tables read mostly by sequential scans (more than 1000 scans, fewer index scans)",
        &["table", "seq scans", "rows read", "index scans"],
        "SELECT relname::text, seq_scan::text, seq_tup_read::text, COALESCE(idx_scan, 0)::text \
         FROM pg_stat_user_tables WHERE seq_scan > 1000 AND seq_scan > COALESCE(idx_scan, 0) ORDER BY seq_scan DESC",
    ),
    (
        "Dead tuples and last vacuum",
        &[
            "table",
            "live",
            "dead",
            "last vacuum",
            "last autovacuum",
            "last analyze",
        ],
        "SELECT relname::text, n_live_tup::text, n_dead_tup::text, \
         COALESCE(to_char(last_vacuum, 'YYYY-MM-DD HH24:MI'), 'never'), \
         COALESCE(to_char(last_autovacuum, 'YYYY-MM-DD HH24:MI'), 'never'), \
         COALESCE(to_char(GREATEST(last_analyze, last_autoanalyze), 'YYYY-MM-DD HH24:MI'), 'never') \
         FROM pg_stat_user_tables ORDER BY n_dead_tup DESC",
    ),
    (
        "Connections against max_connections",
        &["max", "used", "reserved for superusers", "available"],
        "SELECT max_conn::text, used::text, res::text, (max_conn - used - res)::text FROM \
         (SELECT count(*) used FROM pg_stat_activity) a, \
         (SELECT setting::int res FROM pg_settings WHERE name = 'superuser_reserved_connections') b, \
         (SELECT setting::int max_conn FROM pg_settings WHERE name = 'max_connections') c",
    ),
    (
        "This database's sessions by state",
        &["state", "sessions"],
        "SELECT COALESCE(state, 'unknown'), count(*)::text FROM pg_stat_activity \
         WHERE datname = current_database() GROUP BY 1 ORDER BY 1",
    ),
    (
        "Queries running longer than 5 seconds",
        &["pid", "duration", "query"],
        "SELECT pid::text, date_trunc('second', now() - query_start)::text, left(query, 200) \
         FROM pg_stat_activity WHERE state = 'active' AND datname = current_database() \
         AND pid <> pg_backend_pid() AND now() - query_start > interval '5 seconds' ORDER BY query_start",
    ),
];

impl Store {
    /// The health report (PostgreSQL only; SQLite has none of these views).
    pub async fn health_report(&self) -> StoreResult<Vec<HealthSection>> {
        let mut sections = Vec::new();
        for (title, columns, sql) in SECTIONS {
            sections.push(HealthSection {
                title,
                columns: columns.to_vec(),
                rows: self.text_rows(sql, columns.len()).await?,
                note: None,
            });
        }
        sections.push(self.slow_queries().await?);
        Ok(sections)
    }

    async fn text_rows(&self, sql: &str, width: usize) -> StoreResult<Vec<Vec<String>>> {
        let rows = self
            .db()
            .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await?;
        rows.iter()
            .map(|row| {
                (0..width)
                    .map(|i| {
                        Ok(row
                            .try_get_by_index::<Option<String>>(i)?
                            .unwrap_or_default())
                    })
                    .collect()
            })
            .collect()
    }

    /// The slowest statements by mean time, from `pg_stat_statements` when
    /// it is installed in this database.
    async fn slow_queries(&self) -> StoreResult<HealthSection> {
        let installed = !self
            .text_rows(
                "SELECT extname::text FROM pg_extension WHERE extname = 'pg_stat_statements'",
                1,
            )
            .await?
            .is_empty();
        let columns = vec!["calls", "mean ms", "max ms", "total ms", "query"];
        let title = "Slowest queries (pg_stat_statements)";
        if !installed {
            return Ok(HealthSection {
                title,
                columns,
                rows: Vec::new(),
                note: Some(
                    "pg_stat_statements is not installed. To enable it, add \
                     shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart \
                     PostgreSQL, and run CREATE EXTENSION pg_stat_statements; in this database. \
                     For a log of slow statements set log_min_duration_statement = 1000 (ms)."
                        .to_string(),
                ),
            });
        }
        let rows = self
            .text_rows(
                "SELECT calls::text, round(mean_exec_time::numeric, 2)::text, \
                 round(max_exec_time::numeric, 2)::text, round(total_exec_time::numeric, 2)::text, \
                 left(query, 200) FROM pg_stat_statements \
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                 ORDER BY mean_exec_time DESC LIMIT 10",
                columns.len(),
            )
            .await;
        match rows {
            Ok(rows) => Ok(HealthSection {
                title,
                columns,
                rows,
                note: None,
            }),
            // Installed but not preloaded: the view exists and refuses to answer.
            Err(e) => Ok(HealthSection {
                title,
                columns,
                rows: Vec::new(),
                note: Some(format!(
                    "pg_stat_statements is installed but not loaded ({e}); add it to \
                     shared_preload_libraries in postgresql.conf and restart PostgreSQL."
                )),
            }),
        }
    }
}
