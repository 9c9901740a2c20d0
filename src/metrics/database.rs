//! Database health as metric families.
//!
//! On PostgreSQL the names, types and labels are postgres_exporter's, so its
//! published dashboards and alert rules work unchanged; what it lacks (per-index
//! figures) is under `activity_challenge_db_`. On SQLite there are no `pg_*`
//! series at all: the file's own figures are under `activity_challenge_sqlite_`.

use crate::store::db_stats::{DatabaseHealth, PostgresHealth, SqliteHealth};

use super::family::{Families, Family, num};

/// What one read of the database's health gave.
pub struct HealthReading {
    /// Whether the backend is PostgreSQL (decides between `pg_up` and nothing).
    pub postgres: bool,
    /// The figures, or `None` when the database did not answer in time.
    pub health: Option<DatabaseHealth>,
    /// How long the read took.
    pub seconds: f64,
}

/// The families of one reading.
pub fn families(reading: &HealthReading, out: &mut Families) {
    let up = f64::from(u8::from(reading.health.is_some()));
    out.single(
        Family::gauge(
            "activity_challenge_database_up",
            "1 when the database answered the last health read, 0 when it did not.",
        ),
        up,
    );
    out.single(
        Family::gauge(
            "activity_challenge_database_health_read_duration_seconds",
            "How long the last read of the database's health figures took.",
        ),
        reading.seconds,
    );
    if reading.postgres {
        out.single(
            Family::gauge("pg_up", "Whether the last scrape of the database was able to connect to the server (1 for yes, 0 for no)."),
            up,
        );
    }
    match &reading.health {
        Some(DatabaseHealth::Postgres(pg)) => postgres(pg, out),
        Some(DatabaseHealth::Sqlite(sqlite)) => sqlite_families(sqlite, out),
        None => {}
    }
}

fn postgres(pg: &PostgresHealth, out: &mut Families) {
    if let Some(db) = &pg.database {
        let labels = [
            ("datid", db.datid.as_str()),
            ("datname", db.datname.as_str()),
        ];
        let mut size = Family::gauge("pg_database_size_bytes", "Disk space used by the database");
        size.push(&[("datname", &db.datname)], num(db.size_bytes));
        out.add(size);
        let mut backends = Family::gauge(
            "pg_stat_database_numbackends",
            "Number of backends currently connected to this database.",
        );
        backends.push(&labels, num(db.numbackends));
        out.add(backends);
        for (name, help, value) in [
            (
                "xact_commit",
                "Number of transactions in this database that have been committed",
                db.xact_commit,
            ),
            (
                "xact_rollback",
                "Number of transactions in this database that have been rolled back",
                db.xact_rollback,
            ),
            (
                "blks_read",
                "Number of disk blocks read in this database",
                db.blks_read,
            ),
            (
                "blks_hit",
                "Number of times disk blocks were found already in the buffer cache, so that a read was not necessary",
                db.blks_hit,
            ),
            (
                "tup_returned",
                "Number of rows returned by queries in this database",
                db.tup_returned,
            ),
            (
                "tup_fetched",
                "Number of rows fetched by queries in this database",
                db.tup_fetched,
            ),
            (
                "tup_inserted",
                "Number of rows inserted by queries in this database",
                db.tup_inserted,
            ),
            (
                "tup_updated",
                "Number of rows updated by queries in this database",
                db.tup_updated,
            ),
            (
                "tup_deleted",
                "Number of rows deleted by queries in this database",
                db.tup_deleted,
            ),
            (
                "conflicts",
                "Number of queries canceled due to conflicts with recovery in this database",
                db.conflicts,
            ),
            (
                "temp_files",
                "Number of temporary files created by queries in this database",
                db.temp_files,
            ),
            (
                "temp_bytes",
                "Total amount of data written to temporary files by queries in this database",
                db.temp_bytes,
            ),
            (
                "deadlocks",
                "Number of deadlocks detected in this database",
                db.deadlocks,
            ),
        ] {
            let mut family = Family::counter(&format!("pg_stat_database_{name}"), help);
            family.push(&labels, num(value));
            out.add(family);
        }
    }

    let mut count = Family::gauge(
        "pg_stat_activity_count",
        "number of connections in this state",
    );
    let mut max_tx = Family::gauge(
        "pg_stat_activity_max_tx_duration",
        "max duration in seconds any active transaction has been running",
    );
    for a in &pg.activity {
        let labels = [("datname", a.datname.as_str()), ("state", a.state.as_str())];
        count.push(&labels, num(a.count));
        max_tx.push(&labels, a.max_tx_duration);
    }
    out.add(count);
    out.add(max_tx);

    out.single(
        Family::gauge(
            "pg_settings_max_connections",
            "Sets the maximum number of concurrent connections.",
        ),
        num(pg.max_connections),
    );
    out.single(
        Family::gauge(
            "pg_settings_superuser_reserved_connections",
            "Sets the number of connection slots reserved for superusers.",
        ),
        num(pg.superuser_reserved_connections),
    );

    user_tables(pg, out);
    indexes(pg, out);
}

fn user_tables(pg: &PostgresHealth, out: &mut Families) {
    let datname = pg.current_database.as_str();
    type Column = fn(&crate::store::db_stats::PgUserTable) -> f64;
    let columns: [(&str, &str, bool, Column); 21] = [
        (
            "seq_scan",
            "Number of sequential scans initiated on this table",
            true,
            |t| num(t.seq_scan),
        ),
        (
            "seq_tup_read",
            "Number of live rows fetched by sequential scans",
            true,
            |t| num(t.seq_tup_read),
        ),
        (
            "idx_scan",
            "Number of index scans initiated on this table",
            true,
            |t| num(t.idx_scan),
        ),
        (
            "idx_tup_fetch",
            "Number of live rows fetched by index scans",
            true,
            |t| num(t.idx_tup_fetch),
        ),
        ("n_tup_ins", "Number of rows inserted", true, |t| {
            num(t.n_tup_ins)
        }),
        ("n_tup_upd", "Number of rows updated", true, |t| {
            num(t.n_tup_upd)
        }),
        ("n_tup_del", "Number of rows deleted", true, |t| {
            num(t.n_tup_del)
        }),
        (
            "n_tup_hot_upd",
            "Number of rows HOT updated (i.e., with no separate index update required)",
            true,
            |t| num(t.n_tup_hot_upd),
        ),
        ("n_live_tup", "Estimated number of live rows", false, |t| {
            num(t.n_live_tup)
        }),
        ("n_dead_tup", "Estimated number of dead rows", false, |t| {
            num(t.n_dead_tup)
        }),
        (
            "n_mod_since_analyze",
            "Estimated number of rows changed since last analyze",
            false,
            |t| num(t.n_mod_since_analyze),
        ),
        (
            "last_vacuum",
            "Last time at which this table was manually vacuumed (not counting VACUUM FULL)",
            false,
            |t| t.last_vacuum,
        ),
        (
            "last_autovacuum",
            "Last time at which this table was vacuumed by the autovacuum daemon",
            false,
            |t| t.last_autovacuum,
        ),
        (
            "last_analyze",
            "Last time at which this table was manually analyzed",
            false,
            |t| t.last_analyze,
        ),
        (
            "last_autoanalyze",
            "Last time at which this table was analyzed by the autovacuum daemon",
            false,
            |t| t.last_autoanalyze,
        ),
        (
            "vacuum_count",
            "Number of times this table has been manually vacuumed (not counting VACUUM FULL)",
            true,
            |t| num(t.vacuum_count),
        ),
        (
            "autovacuum_count",
            "Number of times this table has been vacuumed by the autovacuum daemon",
            true,
            |t| num(t.autovacuum_count),
        ),
        (
            "analyze_count",
            "Number of times this table has been manually analyzed",
            true,
            |t| num(t.analyze_count),
        ),
        (
            "autoanalyze_count",
            "Number of times this table has been analyzed by the autovacuum daemon",
            true,
            |t| num(t.autoanalyze_count),
        ),
        (
            "index_size_bytes",
            "Total disk space used by this index, in bytes",
            false,
            |t| num(t.index_size_bytes),
        ),
        (
            "table_size_bytes",
            "Total disk space used by this table, in bytes",
            false,
            |t| num(t.table_size_bytes),
        ),
    ];
    for (name, help, is_counter, value) in columns {
        let name = format!("pg_stat_user_tables_{name}");
        let mut family = if is_counter {
            Family::counter(&name, help)
        } else {
            Family::gauge(&name, help)
        };
        for t in &pg.tables {
            family.push(
                &[
                    ("datname", datname),
                    ("schemaname", &t.schemaname),
                    ("relname", &t.relname),
                ],
                value(t),
            );
        }
        out.add(family);
    }

    type IoColumn = fn(&crate::store::db_stats::PgStatioUserTable) -> i64;
    let io_columns: [(&str, &str, IoColumn); 8] = [
        (
            "heap_blocks_read",
            "Number of disk blocks read from this table",
            |t| t.heap_blks_read,
        ),
        (
            "heap_blocks_hit",
            "Number of buffer hits in this table",
            |t| t.heap_blks_hit,
        ),
        (
            "idx_blocks_read",
            "Number of disk blocks read from all indexes on this table",
            |t| t.idx_blks_read,
        ),
        (
            "idx_blocks_hit",
            "Number of buffer hits in all indexes on this table",
            |t| t.idx_blks_hit,
        ),
        (
            "toast_blocks_read",
            "Number of disk blocks read from this table's TOAST table (if any)",
            |t| t.toast_blks_read,
        ),
        (
            "toast_blocks_hit",
            "Number of buffer hits in this table's TOAST table (if any)",
            |t| t.toast_blks_hit,
        ),
        (
            "tidx_blocks_read",
            "Number of disk blocks read from this table's TOAST table indexes (if any)",
            |t| t.tidx_blks_read,
        ),
        (
            "tidx_blocks_hit",
            "Number of buffer hits in this table's TOAST table indexes (if any)",
            |t| t.tidx_blks_hit,
        ),
    ];
    for (name, help, value) in io_columns {
        let mut family = Family::counter(&format!("pg_statio_user_tables_{name}"), help);
        for t in &pg.table_io {
            family.push(
                &[
                    ("datname", datname),
                    ("schemaname", &t.schemaname),
                    ("relname", &t.relname),
                ],
                num(value(t)),
            );
        }
        out.add(family);
    }
}

fn indexes(pg: &PostgresHealth, out: &mut Families) {
    let datname = pg.current_database.as_str();
    type Column = fn(&crate::store::db_stats::PgUserIndex) -> i64;
    let columns: [(&str, &str, bool, Column); 6] = [
        (
            "activity_challenge_db_index_size_bytes",
            "Disk space used by this index.",
            false,
            |i| i.size_bytes,
        ),
        (
            "activity_challenge_db_index_scans_total",
            "Index scans initiated on this index.",
            true,
            |i| i.idx_scan,
        ),
        (
            "activity_challenge_db_index_tuples_read_total",
            "Index entries returned by scans on this index.",
            true,
            |i| i.idx_tup_read,
        ),
        (
            "activity_challenge_db_index_tuples_fetched_total",
            "Live table rows fetched by simple index scans using this index.",
            true,
            |i| i.idx_tup_fetch,
        ),
        (
            "activity_challenge_db_index_blocks_read_total",
            "Disk blocks read from this index.",
            true,
            |i| i.idx_blks_read,
        ),
        (
            "activity_challenge_db_index_blocks_hit_total",
            "Buffer hits in this index.",
            true,
            |i| i.idx_blks_hit,
        ),
    ];
    for (name, help, is_counter, value) in columns {
        let mut family = if is_counter {
            Family::counter(name, help)
        } else {
            Family::gauge(name, help)
        };
        for i in &pg.indexes {
            family.push(
                &[
                    ("datname", datname),
                    ("schemaname", &i.schemaname),
                    ("relname", &i.relname),
                    ("indexrelname", &i.indexrelname),
                ],
                num(value(i)),
            );
        }
        out.add(family);
    }
}

fn sqlite_families(s: &SqliteHealth, out: &mut Families) {
    out.single(
        Family::gauge(
            "activity_challenge_sqlite_database_size_bytes",
            "Size of the SQLite database file and its write-ahead log on disk.",
        ),
        s.file_size_bytes as f64,
    );
    out.single(
        Family::gauge(
            "activity_challenge_sqlite_page_size_bytes",
            "Size of one page of the SQLite database.",
        ),
        num(s.page_size),
    );
    out.single(
        Family::gauge(
            "activity_challenge_sqlite_pages",
            "Pages in the SQLite database file.",
        ),
        num(s.page_count),
    );
    out.single(
        Family::gauge(
            "activity_challenge_sqlite_freelist_pages",
            "Unused pages in the SQLite database file (VACUUM returns them to the file system).",
        ),
        num(s.freelist_count),
    );
    let mut tables = Family::gauge(
        "activity_challenge_sqlite_table_size_bytes",
        "Bytes of the pages holding this table's rows.",
    );
    let mut indexes = Family::gauge(
        "activity_challenge_sqlite_index_size_bytes",
        "Bytes of the pages holding this index.",
    );
    for o in &s.objects {
        if o.kind == "table" {
            tables.push(&[("relname", &o.name)], num(o.bytes));
        } else {
            indexes.push(
                &[("relname", &o.table_name), ("indexrelname", &o.name)],
                num(o.bytes),
            );
        }
    }
    out.add(tables);
    out.add(indexes);
}
