//! The schema: migrations up and down on both backends, the constraints
//! that keep the data honest, and the operations guide's SQL run unchanged
//! against the PostgreSQL schema.

use activity_challenge::config::DatabaseConfig;
use activity_challenge::domain::Points;
use activity_challenge::store::Store;
use migration::{Migrator, MigratorTrait, SchemaManager};
use rust_decimal::Decimal;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, QueryResult, Statement,
};

use crate::on_both_backends;
use crate::support::{Backend, TestDb, add_guild, register};

const TABLES: [&str; 19] = [
    "users",
    "activities",
    "feedback",
    "guilds",
    "competitions",
    "bot_dialogues",
    "admin_users",
    "admin_sessions",
    "audit_log",
    "favourites",
    "seasons",
    "season_guilds",
    "season_results",
    "activity_flags",
    "person_notices",
    "announcements",
    "jobs",
    "send_pacing",
    "person_settings",
];

async fn empty(backend: Backend) -> TestDb {
    match backend {
        Backend::Postgres => TestDb::empty_postgres().await,
        Backend::Sqlite => TestDb::empty_sqlite().await,
    }
}

/// Which of the schema's tables exist.
async fn existing_tables(db: &DatabaseConnection) -> Vec<&'static str> {
    let manager = SchemaManager::new(db);
    let mut found = Vec::new();
    for table in TABLES {
        if manager.has_table(table).await.expect("has_table") {
            found.push(table);
        }
    }
    found
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}\nfailed: {e}"))
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    rows(db, sql).await[0]
        .try_get_by_index::<i64>(0)
        .expect("a count")
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}\nfailed: {e}"));
}

/// Runs `sql` and expects the database to refuse it for breaking the
/// constraint whose message contains `because` (the constraint's name,
/// or "unique" / "foreign key"), so that a typo cannot pass as a refusal.
async fn refused(db: &DatabaseConnection, sql: &str, because: &str) {
    match db.execute_unprepared(sql).await {
        Ok(_) => panic!("accepted, but should break {because}: {sql}"),
        Err(e) => {
            let message = e.to_string().to_lowercase();
            assert!(
                message.contains(&because.to_lowercase()),
                "{sql}\nfailed for another reason: {e}"
            );
        }
    }
}

async fn up_down_up(backend: Backend) {
    let db = empty(backend).await;
    let conn = db.store.connection();
    assert!(existing_tables(conn).await.is_empty());

    Migrator::up(conn, None).await.expect("up");
    assert_eq!(existing_tables(conn).await, TABLES);
    assert_eq!(
        Migrator::get_applied_migrations(conn).await.unwrap().len(),
        Migrator::migrations().len()
    );

    Migrator::down(conn, None).await.expect("down");
    assert!(
        existing_tables(conn).await.is_empty(),
        "down removes every table"
    );
    assert!(
        Migrator::get_applied_migrations(conn)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        Migrator::get_pending_migrations(conn).await.unwrap().len(),
        Migrator::migrations().len()
    );

    Migrator::up(conn, None).await.expect("up again");
    assert_eq!(existing_tables(conn).await, TABLES);
    // The schema works after the round trip.
    add_guild(&db.store, "Ants", 3).await;
    register(&db.store, 1, "Aino", "Ants").await;
    assert_eq!(db.store.count_participants().await.unwrap(), 1);
}

async fn up_twice(backend: Backend) {
    let db = empty(backend).await;
    db.store.migrate().await.expect("first up");
    add_guild(&db.store, "Ants", 3).await;
    let p = register(&db.store, 1, "Aino", "Ants").await;
    let conn = db.store.connection();
    assert!(
        Migrator::get_pending_migrations(conn)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::up(conn, None).await.expect("second up");
    db.store.migrate().await.expect("third up");
    assert_eq!(
        Migrator::get_applied_migrations(conn).await.unwrap().len(),
        Migrator::migrations().len()
    );
    assert_eq!(existing_tables(conn).await, TABLES);
    assert_eq!(
        db.store.participant(p.id).await.unwrap(),
        p,
        "data survives"
    );
    assert_eq!(
        db.store.readiness().await,
        activity_challenge::store::Readiness::Ready
    );
}

mod migrating_up_down_and_up_again {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        up_down_up(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn postgres() {
        up_down_up(Backend::Postgres).await;
    }
}

mod migrating_up_twice_is_a_no_op {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        up_twice(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn postgres() {
        up_twice(Backend::Postgres).await;
    }
}

on_both_backends! {
    async fn the_constraints_hold(store: Store) {
        let db = store.connection();
        exec(
            db,
            "INSERT INTO guilds (name, member_count) VALUES ('Ants', 5)",
        )
        .await;
        exec(
            db,
            "INSERT INTO guilds (name, member_count) VALUES ('Bees', 5)",
        )
        .await;
        refused(
            db,
            "INSERT INTO guilds (name, member_count) VALUES ('Cats', 0)",
            "member_count",
        )
        .await;
        refused(
            db,
            "INSERT INTO guilds (name, member_count) VALUES ('Ants', 9)",
            "unique",
        )
        .await;
        exec(
            db,
            "INSERT INTO users (telegram_id, first_name, guild) VALUES (1, 'Aino', 'Ants')",
        )
        .await;
        exec(
            db,
            "INSERT INTO users (telegram_id, first_name, guild) VALUES (2, 'Eetu', 'Bees')",
        )
        .await;
        let aino = "(SELECT id FROM users WHERE telegram_id = 1)";
        let activity = |duration: i32, points: &str| {
            format!(
                "INSERT INTO activities (user_id, activity_type, duration, points, activity_date) \
                 VALUES ({aino}, 'Walking (Light)', {duration}, {points}, '2025-09-01')"
            )
        };

        // Durations are 1 to 1440 minutes.
        refused(db, &activity(0, "1.00"), "activities_duration_range").await;
        refused(db, &activity(1441, "1.00"), "activities_duration_range").await;
        exec(db, &activity(1, "0.05")).await;
        exec(db, &activity(1440, "72.00")).await;

        // Ratings are 1 to 5.
        let rating = |e: i32, u: i32, o: i32| {
            format!(
                "INSERT INTO feedback (user_id, ease_of_use, usefulness, overall_satisfaction, text_feedback) \
                 VALUES ({aino}, {e}, {u}, {o}, 'Nice and simple')"
            )
        };
        refused(db, &rating(6, 3, 3), "feedback_ease_of_use_range").await;
        refused(db, &rating(3, 6, 3), "feedback_usefulness_range").await;
        refused(db, &rating(3, 3, 6), "feedback_overall_satisfaction_range").await;
        refused(db, &rating(0, 3, 3), "feedback_ease_of_use_range").await;
        exec(db, &rating(5, 1, 5)).await;

        // Points are never negative.
        refused(db, &activity(30, "-0.01"), "activities_points_not_negative").await;
        refused(
            db,
            "UPDATE users SET points = -1 WHERE telegram_id = 1",
            "users_points_not_negative",
        )
        .await;

        // One account per Telegram id, and activities belong to someone.
        refused(
            db,
            "INSERT INTO users (telegram_id, first_name, guild) VALUES (1, 'Again', 'Bees')",
            "unique",
        )
        .await;
        refused(
            db,
            "INSERT INTO activities (user_id, activity_type, duration, points, activity_date) \
             VALUES (999999, 'Walking (Light)', 30, 1.00, '2025-09-01')",
            "foreign key",
        )
        .await;
        refused(
            db,
            "INSERT INTO users (telegram_id, first_name, guild) VALUES (3, 'X', 'Nowhere')",
            "foreign key",
        )
        .await;

        // An idempotency key is used once per participant; missing keys never clash.
        let keyed = |user: &str, key: &str| {
            format!(
                "INSERT INTO activities (user_id, activity_type, duration, points, activity_date, idempotency_key) \
                 VALUES ((SELECT id FROM users WHERE telegram_id = {user}), 'Yoga (Light)', 30, 1.25, '2025-09-02', {key})"
            )
        };
        exec(db, &keyed("1", "'k-1'")).await;
        refused(db, &keyed("1", "'k-1'"), "unique").await;
        exec(db, &keyed("2", "'k-1'")).await;
        exec(db, &keyed("1", "NULL")).await;
        exec(db, &keyed("1", "NULL")).await;

        // Renaming a guild renames it for its members; a guild in use stays.
        exec(
            db,
            "UPDATE guilds SET name = 'Red Ants' WHERE name = 'Ants'",
        )
        .await;
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM users WHERE guild = 'Red Ants'").await,
            1
        );
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM users WHERE guild = 'Ants'").await,
            0
        );
        refused(db, "DELETE FROM guilds WHERE name = 'Bees'", "foreign key").await;

        // A pinned activity: 1 to 1440 minutes, one pin per entry and person.
        let pin = |code: &str, duration: i32| {
            format!(
                "INSERT INTO favourites (user_id, compendium_code, duration, created_at) \
                 VALUES ({aino}, '{code}', {duration}, '2025-09-01T10:00:00Z')"
            )
        };
        exec(db, &pin("12050", 30)).await;
        refused(db, &pin("12050", 45), "unique").await;
        refused(db, &pin("17200", 0), "favourites_duration_range").await;
        refused(db, &pin("17200", 1441), "favourites_duration_range").await;
        refused(
            db,
            "INSERT INTO favourites (user_id, compendium_code, duration, created_at) \
             VALUES (999999, '12050', 30, '2025-09-01T10:00:00Z')",
            "foreign key",
        )
        .await;

        // Deleting a participant deletes their activities, feedback and pins.
        assert_eq!(
            count(
                db,
                &format!("SELECT COUNT(*) FROM activities WHERE user_id = {aino}")
            )
            .await,
            5
        );
        assert_eq!(
            count(
                db,
                &format!("SELECT COUNT(*) FROM feedback WHERE user_id = {aino}")
            )
            .await,
            1
        );
        exec(db, "DELETE FROM users WHERE telegram_id = 1").await;
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM activities").await,
            1,
            "only Eetu's activity is left"
        );
        assert_eq!(count(db, "SELECT COUNT(*) FROM feedback").await, 0);
        assert_eq!(count(db, "SELECT COUNT(*) FROM favourites").await, 0);

        // One competition is active at a time; inactive ones are unlimited.
        let competition = |active: &str| {
            format!(
                "INSERT INTO competitions (name, start_date, end_date, is_active) \
                 VALUES ('Autumn', '2025-09-01', '2025-09-30', {active})"
            )
        };
        exec(db, &competition("TRUE")).await;
        refused(db, &competition("TRUE"), "unique").await;
        exec(db, &competition("FALSE")).await;
        exec(db, &competition("FALSE")).await;
        refused(
            db,
            "INSERT INTO competitions (name, start_date, end_date, is_active) VALUES ('Backwards', '2025-09-30', '2025-09-01', FALSE)",
            "competitions_dates_ordered",
        )
        .await;
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM competitions WHERE is_active").await,
            1
        );
    }
}

// ---------------------------------------------------------------------------
// The operations guide (database-operations.md), on PostgreSQL.
// ---------------------------------------------------------------------------

/// A PostgreSQL database with guilds, participants (two of them test
/// users), activities on both sides of the archive date, and feedback.
async fn guide_database() -> TestDb {
    let db = TestDb::new(Backend::Postgres).await;
    let store = &db.store;
    add_guild(store, "Ants", 10).await;
    add_guild(store, "Bees", 10).await;
    exec(
        store.connection(),
        "INSERT INTO guilds (name, member_count) VALUES ('Nobody', 4)",
    )
    .await;
    let real = [
        (1, "Aino", "Ants", Some("aino")),
        (2, "Eetu", "Ants", Some("eetu")),
        (3, "Sofia", "Bees", None),
        (4, "Test Person", "Bees", Some("person4")),
        (5, "Leo", "Bees", Some("testbot_1")),
    ];
    for (telegram_id, first_name, guild, username) in real {
        let p = register(store, telegram_id, first_name, guild).await;
        let username = username.map_or("NULL".to_string(), |u| format!("'{u}'"));
        exec(
            store.connection(),
            &format!("UPDATE users SET username = {username} WHERE id = {}", p.id),
        )
        .await;
        for (date, cents) in [
            ("2025-12-01", 150),
            ("2025-12-23", 275),
            ("2025-12-24", 300),
            ("2026-01-10", 1000),
        ] {
            store
                .log_activity(activity_challenge::store::activities::NewActivity {
                    user_id: p.id,
                    activity_type: "Running (Moderate)".to_string(),
                    compendium_code: Some("12029".to_string()),
                    met: Some(Decimal::new(60, 1)),
                    duration: activity_challenge::domain::DurationMinutes::new(30).unwrap(),
                    points: Points::from_cents(cents * telegram_id),
                    description: None,
                    activity_date: date.parse().unwrap(),
                    idempotency_key: None,
                    source: activity_challenge::domain::ActivitySource::Typed,
                    workout: None,
                    daily_max_points: None,
                })
                .await
                .unwrap();
        }
        store
            .submit_feedback(
                p.id,
                &activity_challenge::domain::FeedbackDraft::new(4, 4, 5, "Really motivating!")
                    .unwrap(),
            )
            .await
            .unwrap();
    }
    db
}

async fn database_name(db: &DatabaseConnection) -> String {
    rows(db, "SELECT current_database() AS name").await[0]
        .try_get("", "name")
        .unwrap()
}

/// The guide's SQL with the production database name replaced by the test
/// database's.
fn for_test_database(sql: &str, name: &str) -> String {
    sql.replace("activity_challenge_bot", name)
}

const EXPORT_ACTIVITIES: &str = "SELECT * FROM activities";
const EXPORT_USERS: &str = "SELECT username, guild, points, created_at FROM users";
const GUILD_STATISTICS: &str = "
    SELECT 
      u.guild,
      COUNT(*) as registered_users,
      SUM(u.points) as total_points,
      AVG(u.points) as avg_points
    FROM users u
    WHERE u.guild IS NOT NULL
    GROUP BY u.guild
  ";
const FIND_TEST_USERS: &str = "SELECT * FROM users 
WHERE username LIKE 'test%' 
   OR first_name LIKE 'Test%';";
const DELETE_TEST_USERS: &str = "DELETE FROM users 
WHERE username LIKE 'test%';";
const ARCHIVE_CREATE: &str = "CREATE TABLE activities_archive_2025 AS 
SELECT * FROM activities 
WHERE activity_date < '2025-12-24';";
const ARCHIVE_VERIFY: &str = "SELECT COUNT(*) FROM activities_archive_2025;";
const ARCHIVE_DELETE: &str = "DELETE FROM activities 
WHERE activity_date < '2025-12-24';";
const ARCHIVE_VACUUM: &str = "VACUUM FULL activities;";
const DATABASE_SIZE: &str = "SELECT pg_size_pretty(pg_database_size('activity_challenge_bot'));";
const TABLE_SIZES: &str = "SELECT 
  table_name,
  pg_size_pretty(pg_total_relation_size(table_name::regclass)) as size
FROM information_schema.tables
WHERE table_schema = 'public'
ORDER BY pg_total_relation_size(table_name::regclass) DESC;";
const LARGE_TABLES: &str = "SELECT 
  table_name,
  pg_size_pretty(pg_total_relation_size(table_name::regclass))
FROM information_schema.tables
WHERE table_schema = 'public'
ORDER BY pg_total_relation_size(table_name::regclass) DESC;";
const INDEX_SIZES: &str = "SELECT 
  indexname,
  pg_size_pretty(pg_relation_size(indexrelid)) as size
FROM pg_stat_user_indexes
ORDER BY pg_relation_size(indexrelid) DESC;";
const UNUSED_INDEXES: &str = "SELECT 
  schemaname,
  tablename,
  indexname,
  idx_scan as index_scans
FROM pg_stat_user_indexes
WHERE idx_scan = 0
AND indexname NOT LIKE '%_pkey';";
const INDEX_USAGE: &str = "SELECT 
  schemaname,
  tablename,
  indexname,
  idx_scan as scans,
  idx_tup_read as tuples_read,
  idx_tup_fetch as tuples_fetched
FROM pg_stat_user_indexes
ORDER BY idx_scan DESC;";
const TABLE_SCANS: &str = "SELECT 
  schemaname,
  tablename,
  seq_scan,      -- Sequential scans (bad if high)
  seq_tup_read,
  idx_scan,      -- Index scans (good)
  idx_tup_fetch
FROM pg_stat_user_tables
ORDER BY seq_scan DESC;";
const TABLE_SCANS_OVER_1000: &str = "SELECT * FROM pg_stat_user_tables
WHERE seq_scan > 1000
ORDER BY seq_scan DESC;";
const CACHE_HIT_RATIO: &str = "SELECT 
  sum(heap_blks_read) as heap_read,
  sum(heap_blks_hit) as heap_hit,
  sum(heap_blks_hit) / (sum(heap_blks_hit) + sum(heap_blks_read)) as ratio
FROM pg_statio_user_tables;";
const CURRENT_CONNECTIONS: &str = "SELECT 
  datname,
  usename,
  application_name,
  client_addr,
  state,
  query_start,
  state_change
FROM pg_stat_activity
WHERE datname = 'activity_challenge_bot';";
const CONNECTION_COUNT: &str = "SELECT count(*) FROM pg_stat_activity;";
const CONNECTION_LIMITS: &str = "SELECT 
  max_conn,
  used,
  res_for_super,
  max_conn - used - res_for_super as available
FROM (
  SELECT count(*) used FROM pg_stat_activity
) t1,
(
  SELECT setting::int res_for_super FROM pg_settings WHERE name='superuser_reserved_connections'
) t2,
(
  SELECT setting::int max_conn FROM pg_settings WHERE name='max_connections'
) t3;";
const KILL_IDLE: &str = "SELECT pg_terminate_backend(pid)
FROM pg_stat_activity
WHERE datname = 'activity_challenge_bot'
  AND state = 'idle'
  AND state_change < NOW() - INTERVAL '5 minutes';";
const RUNNING_QUERIES: &str = "SELECT 
  pid,
  now() - query_start as duration,
  query
FROM pg_stat_activity
WHERE state = 'active'
  AND datname = 'activity_challenge_bot'
ORDER BY duration DESC;";
const MAINTENANCE: [&str; 8] = [
    "ANALYZE;",
    "VACUUM ANALYZE;",
    "REINDEX TABLE activities;",
    "ANALYZE users;",
    "ANALYZE activities;",
    "ANALYZE feedback;",
    "REINDEX TABLE users;",
    "REINDEX TABLE feedback;",
];
const LIMITED_ROLE: &str = "
CREATE USER bot_user WITH PASSWORD 'secure_password';
GRANT CONNECT ON DATABASE activity_challenge_bot TO bot_user;
GRANT USAGE ON SCHEMA public TO bot_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bot_user;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bot_user;
ALTER DEFAULT PRIVILEGES IN SCHEMA public 
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bot_user;";

#[tokio::test]
async fn the_operations_guide_exports_and_statistics_run_on_postgres() {
    let db = guide_database().await;
    let conn = db.store.connection();

    let activities = rows(conn, EXPORT_ACTIVITIES).await;
    assert_eq!(activities.len(), 20);
    let users = rows(conn, EXPORT_USERS).await;
    assert_eq!(users.len(), 5);
    let total: Decimal = users
        .iter()
        .map(|r| r.try_get::<Decimal>("", "points").unwrap())
        .sum();
    assert_eq!(total, Decimal::new(1725 * 15, 2));

    let guilds = rows(conn, GUILD_STATISTICS).await;
    let mut stats: Vec<(String, i64, Decimal, Decimal)> = guilds
        .iter()
        .map(|r| {
            (
                r.try_get("", "guild").unwrap(),
                r.try_get("", "registered_users").unwrap(),
                r.try_get("", "total_points").unwrap(),
                r.try_get::<Decimal>("", "avg_points").unwrap().round_dp(2),
            )
        })
        .collect();
    stats.sort();
    assert_eq!(
        stats,
        [
            (
                "Ants".to_string(),
                2,
                Decimal::new(1725 * 3, 2),
                Decimal::new(2588, 2)
            ),
            (
                "Bees".to_string(),
                3,
                Decimal::new(1725 * 12, 2),
                Decimal::new(6900, 2)
            ),
        ]
    );
}

#[tokio::test]
async fn the_operations_guide_cleans_up_test_users_and_archives_old_activities_on_postgres() {
    let db = guide_database().await;
    let store = &db.store;
    let conn = store.connection();

    // "Test Person" by first name, "testbot_1" by username.
    let found: Vec<i64> = rows(conn, FIND_TEST_USERS)
        .await
        .iter()
        .map(|r| r.try_get("", "telegram_id").unwrap())
        .collect();
    let mut found = found;
    found.sort_unstable();
    assert_eq!(found, [4, 5]);

    // Deleting by username takes the activities and feedback along.
    let deleted = conn.execute_unprepared(DELETE_TEST_USERS).await.unwrap();
    assert_eq!(deleted.rows_affected(), 1);
    assert_eq!(store.participant_by_telegram_id(5).await.unwrap(), None);
    assert!(store.participant_by_telegram_id(4).await.unwrap().is_some());
    assert_eq!(count(conn, "SELECT COUNT(*) FROM activities").await, 16);
    assert_eq!(count(conn, "SELECT COUNT(*) FROM feedback").await, 4);

    exec(conn, ARCHIVE_CREATE).await;
    assert_eq!(
        count(conn, ARCHIVE_VERIFY).await,
        8,
        "two activities before the date for each of four people"
    );
    let removed = conn.execute_unprepared(ARCHIVE_DELETE).await.unwrap();
    assert_eq!(removed.rows_affected(), 8);
    exec(conn, ARCHIVE_VACUUM).await;
    assert_eq!(
        count(
            conn,
            "SELECT COUNT(*) FROM activities WHERE activity_date < '2025-12-24'"
        )
        .await,
        0
    );
    assert_eq!(count(conn, "SELECT COUNT(*) FROM activities").await, 8);
    // The archive keeps the columns of the live table.
    assert_eq!(
        count(conn, "SELECT COUNT(*) FROM activities_archive_2025 a JOIN users u ON u.id = a.user_id WHERE a.points > 0").await,
        8
    );
    // The guide's archiving leaves the totals alone, so they no longer equal
    // the sums of the remaining activities: a repair now would take the
    // archived points off everyone's total.
    let report = store.check_points(false).await.unwrap();
    assert_eq!(report.drifts.len(), 4);
}

#[tokio::test]
async fn the_operations_guide_sizes_connections_and_maintenance_run_on_postgres() {
    let db = guide_database().await;
    let conn = db.store.connection();
    let name = database_name(conn).await;
    let sql = |s: &str| for_test_database(s, &name);

    let size: String = rows(conn, &sql(DATABASE_SIZE)).await[0]
        .try_get_by_index(0)
        .unwrap();
    assert!(size.ends_with("kB") || size.ends_with("MB"), "{size}");

    for query in [TABLE_SIZES, LARGE_TABLES] {
        let tables: Vec<String> = rows(conn, query)
            .await
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect();
        for table in TABLES.iter().chain(&["seaql_migrations"]) {
            assert!(
                tables.iter().any(|t| t == table),
                "{table} missing from {tables:?}"
            );
        }
    }

    let connections = rows(conn, &sql(CURRENT_CONNECTIONS)).await;
    assert!(
        connections.iter().any(|r| r
            .try_get::<Option<String>>("", "application_name")
            .unwrap()
            .as_deref()
            == Some("activity-challenge")),
        "the store's own connections are listed"
    );
    assert!(count(conn, CONNECTION_COUNT).await >= 1);
    let limits = &rows(conn, CONNECTION_LIMITS).await[0];
    let max_conn: i32 = limits.try_get("", "max_conn").unwrap();
    let used: i64 = limits.try_get("", "used").unwrap();
    let reserved: i32 = limits.try_get("", "res_for_super").unwrap();
    let available: i64 = limits.try_get("", "available").unwrap();
    assert_eq!(available, i64::from(max_conn) - used - i64::from(reserved));
    assert!(available > 0);

    // Nothing has been idle for five minutes in a database this young.
    assert!(rows(conn, &sql(KILL_IDLE)).await.is_empty());
    assert!(
        !rows(conn, &sql(RUNNING_QUERIES)).await.is_empty(),
        "the query itself is running"
    );
    rows(conn, TABLE_SCANS_OVER_1000).await;

    for statement in MAINTENANCE {
        exec(conn, statement).await;
    }
    assert_eq!(db.store.count_activities().await.unwrap(), 20);
}

#[tokio::test]
async fn the_operations_guide_cache_hit_ratio_is_between_0_and_1_on_postgres() {
    let db = guide_database().await;
    // One connection, so the statistics it flushes are the ones it reads.
    let mut options = ConnectOptions::new(db.url.clone());
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    let conn = Database::connect(options).await.unwrap();
    for table in ["users", "activities", "feedback", "guilds"] {
        rows(&conn, &format!("SELECT * FROM {table}")).await;
    }
    rows(&conn, "SELECT pg_stat_force_next_flush()").await;

    let row = &rows(&conn, CACHE_HIT_RATIO).await[0];
    let ratio: Decimal = row.try_get("", "ratio").unwrap();
    let hits: Decimal = row.try_get("", "heap_hit").unwrap();
    assert!(hits > Decimal::ZERO);
    assert!(ratio > Decimal::ZERO && ratio <= Decimal::ONE, "{ratio}");
    conn.close().await.unwrap();
}

/// The guide's index and table statistics queries name columns
/// (`tablename`, `indexname`) that PostgreSQL's `pg_stat_user_indexes` and
/// `pg_stat_user_tables` do not have (they are `relname` and
/// `indexrelname`), so they fail on every PostgreSQL version, whatever the
/// schema. This pins that down, and shows the corrected queries work on
/// our schema. Fix the guide, then turn these into plain runs.
#[tokio::test]
async fn the_operations_guide_index_statistics_queries_need_pg_catalog_column_names() {
    let db = guide_database().await;
    let conn = db.store.connection();
    for (query, missing) in [
        (INDEX_SIZES, "indexname"),
        (UNUSED_INDEXES, "tablename"),
        (INDEX_USAGE, "tablename"),
        (TABLE_SCANS, "tablename"),
    ] {
        let err: DbErr = conn
            .query_all_raw(Statement::from_string(conn.get_database_backend(), query))
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("column \"{missing}\" does not exist")),
            "{query}\n{err}"
        );

        let corrected = query
            .replace("tablename", "relname AS tablename")
            .replace("indexname", "indexrelname");
        let found = rows(conn, &corrected).await;
        assert!(!found.is_empty(), "{corrected}");
    }
    let sizes = rows(
        conn,
        &INDEX_SIZES.replace("indexname", "indexrelname AS indexname"),
    )
    .await;
    let names: Vec<String> = sizes
        .iter()
        .map(|r| r.try_get("", "indexname").unwrap())
        .collect();
    for index in [
        "idx_users_points",
        "idx_activities_idempotency",
        "idx_competitions_one_active",
    ] {
        assert!(names.iter().any(|n| n == index), "{index} in {names:?}");
    }
}

/// Drops the guide's limited role however the test ends.
struct RoleCleanup {
    url: String,
    role: String,
}

impl Drop for RoleCleanup {
    fn drop(&mut self) {
        let (url, role) = (self.url.clone(), self.role.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(db) = Database::connect(url).await {
                    let _ = db
                        .execute_unprepared(&format!("DROP OWNED BY {role}"))
                        .await;
                    let _ = db
                        .execute_unprepared(&format!("DROP ROLE IF EXISTS {role}"))
                        .await;
                    let _ = db.close().await;
                }
            });
        })
        .join();
    }
}

#[tokio::test]
async fn the_operations_guide_limited_role_can_run_the_bot_but_not_change_the_schema_on_postgres() {
    let db = guide_database().await;
    let conn = db.store.connection();
    let name = database_name(conn).await;
    let role = format!(
        "bot_user_{}_{}",
        std::process::id(),
        name.rsplit('_').next().unwrap_or("0")
    );
    let cleanup = RoleCleanup {
        url: db.url.clone(),
        role: role.clone(),
    };
    let script = for_test_database(LIMITED_ROLE, &name).replace("bot_user", &role);
    for statement in script.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        exec(conn, statement).await;
    }

    // Connected as the limited role, the bot's everyday work succeeds.
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_username(&role).unwrap();
    url.set_password(Some("secure_password")).unwrap();
    let limited = Store::connect(&DatabaseConfig::from_url(url.as_str()).unwrap())
        .await
        .expect("the role connects");
    assert_eq!(
        limited.readiness().await,
        activity_challenge::store::Readiness::Ready
    );
    let p = register(&limited, 77, "Limited", "Ants").await;
    let logged = limited
        .log_activity(
            activity_challenge::store::activities::NewActivity::from_catalogue(
                p.id,
                crate::support::catalogue().entry_by_code("12020").unwrap(),
                activity_challenge::domain::DurationMinutes::new(45).unwrap(),
                "2025-09-01".parse().unwrap(),
                Some("role-check".to_string()),
            ),
        )
        .await
        .unwrap();
    assert_eq!(logged.total, Points::from_cents(563));
    limited
        .delete_activity(logged.activity.id, Some(p.id))
        .await
        .unwrap();
    limited.save_dialogue_state(77, "{}").await.unwrap();
    assert_eq!(limited.leaderboard(3).await.unwrap().len(), 3);

    // ...but it cannot change the schema.
    let err = limited
        .connection()
        .execute_unprepared("CREATE TABLE sneaky (id INT)")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    let err = limited
        .connection()
        .execute_unprepared("DROP TABLE activities")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("must be owner"), "{err}");

    // Tables created later are covered by the default privileges.
    exec(conn, "CREATE TABLE activities_archive_2026 (id BIGINT)").await;
    rows(
        limited.connection(),
        "SELECT * FROM activities_archive_2026",
    )
    .await;
    limited.close().await;

    exec(conn, &format!("DROP OWNED BY {role}")).await;
    exec(conn, &format!("DROP ROLE {role}")).await;
    assert_eq!(
        count(
            conn,
            &format!("SELECT COUNT(*) FROM pg_roles WHERE rolname = '{role}'")
        )
        .await,
        0
    );
    drop(cleanup);
}
