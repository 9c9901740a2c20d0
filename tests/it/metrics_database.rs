//! Database health in `/metrics`: postgres_exporter's names on PostgreSQL,
//! figures that agree with PostgreSQL's own, no `pg_*` on SQLite, and a
//! database that goes away.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::metrics_endpoint::config_with;
use crate::support::prometheus::{Sample, find, parse_samples, value};
use crate::support::{Backend, TestDb, TestServer, add_guild, admin_url, register};

async fn scalar(conn: &DatabaseConnection, sql: &str) -> f64 {
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("one row");
    row.try_get_by_index::<f64>(0).unwrap()
}

async fn scrape(server: &TestServer) -> (String, Vec<Sample>) {
    let text = server.get("/metrics").await.text().await.unwrap();
    let samples = parse_samples(&text);
    (text, samples)
}

fn dbname(db: &TestDb) -> String {
    db.url.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn postgres_figures_use_postgres_exporter_names_types_and_labels() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    register(&db.store, 3001, "Aino", "Blue Herons").await;
    let server = TestServer::start(config_with(&db, &[])).await;
    let (text, s) = scrape(&server).await;
    let name = dbname(&db);

    assert_eq!(value(&s, "pg_up", &[]), 1.0);
    assert_eq!(value(&s, "activity_challenge_database_up", &[]), 1.0);
    assert!(value(&s, "pg_database_size_bytes", &[("datname", &name)]) > 0.0);
    for family in [
        "xact_commit",
        "xact_rollback",
        "blks_read",
        "blks_hit",
        "tup_returned",
        "tup_fetched",
        "tup_inserted",
        "tup_updated",
        "tup_deleted",
        "conflicts",
        "temp_files",
        "temp_bytes",
        "deadlocks",
    ] {
        let full = format!("pg_stat_database_{family}");
        assert!(
            text.contains(&format!("# TYPE {full} counter\n")),
            "{full} is a counter"
        );
        let found = find(&s, &full, &[("datname", &name)]);
        assert_eq!(found.len(), 1, "{full}");
        assert_eq!(
            found[0].labels.keys().collect::<Vec<_>>(),
            ["datid", "datname"],
            "{full}"
        );
    }
    assert!(text.contains("# TYPE pg_stat_database_numbackends gauge\n"));
    for state in [
        "active",
        "idle",
        "idle in transaction",
        "idle in transaction (aborted)",
        "fastpath function call",
        "disabled",
    ] {
        let found = find(
            &s,
            "pg_stat_activity_count",
            &[("datname", &name), ("state", state)],
        );
        assert_eq!(found.len(), 1, "pg_stat_activity_count state {state}");
        assert_eq!(
            found[0].labels.keys().collect::<Vec<_>>(),
            ["datname", "state"]
        );
        assert_eq!(
            find(
                &s,
                "pg_stat_activity_max_tx_duration",
                &[("datname", &name), ("state", state)]
            )
            .len(),
            1
        );
    }
    assert!(value(&s, "pg_settings_max_connections", &[]) > 0.0);
    assert!(value(&s, "pg_settings_superuser_reserved_connections", &[]) >= 0.0);

    let users = [
        ("datname", name.as_str()),
        ("schemaname", "public"),
        ("relname", "users"),
    ];
    for (family, kind) in [
        ("seq_scan", "counter"),
        ("seq_tup_read", "counter"),
        ("idx_scan", "counter"),
        ("idx_tup_fetch", "counter"),
        ("n_tup_ins", "counter"),
        ("n_tup_upd", "counter"),
        ("n_tup_del", "counter"),
        ("n_tup_hot_upd", "counter"),
        ("n_live_tup", "gauge"),
        ("n_dead_tup", "gauge"),
        ("n_mod_since_analyze", "gauge"),
        ("last_vacuum", "gauge"),
        ("last_autovacuum", "gauge"),
        ("last_analyze", "gauge"),
        ("last_autoanalyze", "gauge"),
        ("vacuum_count", "counter"),
        ("autovacuum_count", "counter"),
        ("analyze_count", "counter"),
        ("autoanalyze_count", "counter"),
        ("index_size_bytes", "gauge"),
        ("table_size_bytes", "gauge"),
    ] {
        let full = format!("pg_stat_user_tables_{family}");
        assert!(
            text.contains(&format!("# TYPE {full} {kind}\n")),
            "{full} is a {kind}"
        );
        assert_eq!(find(&s, &full, &users).len(), 1, "{full}");
    }
    for family in [
        "heap_blocks_read",
        "heap_blocks_hit",
        "idx_blocks_read",
        "idx_blocks_hit",
        "toast_blocks_read",
        "toast_blocks_hit",
        "tidx_blocks_read",
        "tidx_blocks_hit",
    ] {
        let full = format!("pg_statio_user_tables_{family}");
        assert!(text.contains(&format!("# TYPE {full} counter\n")), "{full}");
        assert_eq!(find(&s, &full, &users).len(), 1, "{full}");
    }
    let index = [("relname", "users"), ("indexrelname", "idx_users_points")];
    assert!(value(&s, "activity_challenge_db_index_size_bytes", &index) > 0.0);
    assert_eq!(
        find(&s, "activity_challenge_db_index_scans_total", &index).len(),
        1
    );
    // Nothing from SQLite on PostgreSQL.
    assert!(!text.contains("activity_challenge_sqlite_"));
    server.stop().await;
}

#[tokio::test]
async fn cache_hits_connections_and_sizes_agree_with_postgresql() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    for i in 0..50 {
        register(&db.store, 4000 + i, "Participant", "Blue Herons").await;
    }
    let server = TestServer::start(config_with(&db, &[])).await;
    let direct = Database::connect(&db.url).await.unwrap();
    let name = dbname(&db);
    let stat = |column: &str| {
        format!("SELECT {column}::float8 FROM pg_stat_database WHERE datname = current_database()")
    };
    let backends = "SELECT count(*)::float8 FROM pg_stat_activity WHERE datname = current_database() AND state IS NOT NULL";

    let hit_before = scalar(&direct, &stat("blks_hit")).await;
    let read_before = scalar(&direct, &stat("blks_read")).await;
    let conns_before = scalar(&direct, backends).await;
    let (_, s) = scrape(&server).await;
    let hit_after = scalar(&direct, &stat("blks_hit")).await;
    let read_after = scalar(&direct, &stat("blks_read")).await;
    let conns_after = scalar(&direct, backends).await;

    let hit = value(&s, "pg_stat_database_blks_hit", &[("datname", &name)]);
    let read = value(&s, "pg_stat_database_blks_read", &[("datname", &name)]);
    assert!(
        (hit_before..=hit_after).contains(&hit),
        "{hit_before} <= {hit} <= {hit_after}"
    );
    assert!(
        (read_before..=read_after).contains(&read),
        "{read_before} <= {read} <= {read_after}"
    );
    let ratio = hit / (hit + read);
    let direct_ratio = hit_after / (hit_after + read_after);
    assert!(
        (ratio - direct_ratio).abs() < 0.01,
        "cache-hit ratio {ratio} vs {direct_ratio}"
    );

    let conns: f64 = find(&s, "pg_stat_activity_count", &[("datname", &name)])
        .iter()
        .map(|x| x.value)
        .sum();
    let (lo, hi) = (conns_before.min(conns_after), conns_before.max(conns_after));
    assert!(
        (lo - 1.0..=hi + 1.0).contains(&conns),
        "connections {conns}, PostgreSQL says {conns_before}..{conns_after}"
    );
    let numbackends = value(&s, "pg_stat_database_numbackends", &[("datname", &name)]);
    assert!(
        (lo - 1.0..=hi + 1.0).contains(&numbackends),
        "numbackends {numbackends}"
    );
    assert_eq!(
        value(&s, "pg_settings_max_connections", &[]),
        scalar(
            &direct,
            "SELECT setting::float8 FROM pg_settings WHERE name = 'max_connections'"
        )
        .await
    );

    for table in ["users", "guilds", "activities"] {
        let labels = [("relname", table)];
        assert_eq!(
            value(&s, "pg_stat_user_tables_table_size_bytes", &labels),
            scalar(&direct, &format!("SELECT pg_table_size('{table}')::float8")).await,
            "{table}"
        );
        assert_eq!(
            value(&s, "pg_stat_user_tables_index_size_bytes", &labels),
            scalar(
                &direct,
                &format!("SELECT pg_indexes_size('{table}')::float8")
            )
            .await,
            "{table}"
        );
    }
    assert_eq!(
        value(&s, "pg_database_size_bytes", &[("datname", &name)]),
        scalar(
            &direct,
            "SELECT pg_database_size(current_database())::float8"
        )
        .await
    );
    assert_eq!(value(&s, "activity_challenge_participants", &[]), 50.0);
    let _ = direct.close().await;
    server.stop().await;
}

#[tokio::test]
async fn sqlite_has_its_own_figures_and_no_pg_series() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    register(&db.store, 5001, "Aino", "Blue Herons").await;
    let server = TestServer::start(config_with(&db, &[])).await;
    let (text, s) = scrape(&server).await;

    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("pg_") || l.contains(" pg_")),
        "no pg_* series on SQLite"
    );
    assert_eq!(value(&s, "activity_challenge_database_up", &[]), 1.0);
    let pages = value(&s, "activity_challenge_sqlite_pages", &[]);
    let page_size = value(&s, "activity_challenge_sqlite_page_size_bytes", &[]);
    assert!(pages > 0.0 && page_size >= 512.0);
    assert!(value(&s, "activity_challenge_sqlite_freelist_pages", &[]) <= pages);
    let file = value(&s, "activity_challenge_sqlite_database_size_bytes", &[]);
    assert!(file > 0.0);
    assert!(
        value(
            &s,
            "activity_challenge_sqlite_table_size_bytes",
            &[("relname", "users")]
        ) >= page_size
    );
    assert!(
        !find(
            &s,
            "activity_challenge_sqlite_index_size_bytes",
            &[("relname", "users")]
        )
        .is_empty()
    );
    server.stop().await;
}

#[tokio::test]
async fn a_database_that_goes_away_gives_pg_up_0_and_the_scrape_still_succeeds() {
    let db = TestDb::new(Backend::Postgres).await;
    let server = TestServer::start(config_with(&db, &[])).await;
    let (_, s) = scrape(&server).await;
    assert_eq!(value(&s, "pg_up", &[]), 1.0);

    let admin = Database::connect(admin_url()).await.unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE {} WITH (FORCE)", dbname(&db)))
        .await
        .unwrap();
    let _ = admin.close().await;

    let started = std::time::Instant::now();
    let resp = server.get("/metrics").await;
    assert_eq!(resp.status(), 200);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "the scrape waited too long"
    );
    let text = resp.text().await.unwrap();
    let s = parse_samples(&text);
    assert_eq!(value(&s, "pg_up", &[]), 0.0);
    assert_eq!(value(&s, "activity_challenge_database_up", &[]), 0.0);
    assert!(find(&s, "pg_stat_database_xact_commit", &[]).is_empty());
    assert!(text.contains("activity_challenge_build_info"));
    server.stop().await;
}
