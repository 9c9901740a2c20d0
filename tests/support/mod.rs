//! Test harness: a fresh database per test on each backend, and the real
//! server on a random port.
//!
//! PostgreSQL tests create their own database on the server named by
//! `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and drop it afterwards; SQLite tests use a file in a temporary directory.

#![allow(dead_code)]

pub mod cli;

pub mod fake_telegram;
pub mod faults;
pub mod fit_writer;
pub mod telegram_bot;
pub mod workout_files;

pub mod prometheus;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use activity_challenge::app::App;
use activity_challenge::config::{Config, DatabaseConfig};
use activity_challenge::domain::{Catalogue, CompetitionDraft, GuildDraft};
use activity_challenge::store::Store;
use activity_challenge::store::participants::{NewParticipant, Participant};
use activity_challenge::web::Application;
use sea_orm::{ConnectionTrait, Database};

/// The server that PostgreSQL tests create their databases on.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A URL for database `name` on the test server.
pub fn postgres_url(name: &str) -> String {
    let mut url = url::Url::parse(&admin_url()).expect("TEST_DATABASE_URL is a URL");
    url.set_path(name);
    url.to_string()
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Which backend a test database is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A migrated database that disappears with the value.
pub struct TestDb {
    pub store: Store,
    pub backend: Backend,
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh, migrated database on `backend`.
    pub async fn new(backend: Backend) -> TestDb {
        let db = match backend {
            Backend::Postgres => Self::empty_postgres().await,
            Backend::Sqlite => Self::empty_sqlite().await,
        };
        db.store.migrate().await.expect("migrations apply");
        db
    }

    /// A fresh PostgreSQL database with no tables.
    pub async fn empty_postgres() -> TestDb {
        let name = format!(
            "ac_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let admin = Database::connect(admin_url()).await.unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is needed for the tests and could not be reached at {} ({e}). \
                 Start it (scripts/test.sh does) or set TEST_DATABASE_URL.",
                admin_url()
            )
        });
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        let _ = admin.close().await;
        let url = postgres_url(&name);
        let store = Store::connect(&DatabaseConfig::from_url(&url).unwrap())
            .await
            .expect("connect to the test database");
        TestDb {
            store,
            backend: Backend::Postgres,
            url,
            pg_name: Some(name),
            _dir: None,
        }
    }

    /// A fresh SQLite file with no tables.
    pub async fn empty_sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let store = Store::connect(&DatabaseConfig::from_url(&url).unwrap())
            .await
            .expect("open the SQLite file");
        TestDb {
            store,
            backend: Backend::Sqlite,
            url,
            pg_name: None,
            _dir: Some(dir),
        }
    }

    /// A configuration pointing at this database, listening on a random port.
    pub fn config(&self) -> Config {
        config_for(&self.url)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop needs its own runtime: the test's may be shutting down.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A configuration for `database_url`, listening on a random loopback port.
pub fn config_for(database_url: &str) -> Config {
    let vars: HashMap<String, String> = [
        ("DATABASE_URL".to_string(), database_url.to_string()),
        ("LISTEN_ADDR".to_string(), "127.0.0.1:0".to_string()),
        ("DATABASE_CONNECT_TIMEOUT".to_string(), "5".to_string()),
    ]
    .into_iter()
    .collect();
    Config::from_vars(&vars).expect("test configuration is valid")
}

/// Runs a store test once on SQLite and once on PostgreSQL, as two tests
/// named `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($store:ident : Store) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($store: activity_challenge::store::Store) $body

            #[tokio::test]
            async fn sqlite() {
                let db = $crate::support::TestDb::new($crate::support::Backend::Sqlite).await;
                body(db.store.clone()).await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = $crate::support::TestDb::new($crate::support::Backend::Postgres).await;
                body(db.store.clone()).await;
            }
        }
    };
}

/// Two tests of `async fn $name(backend: Backend)`, `$name::sqlite` and
/// `$name::postgres`, each with the given test attribute:
/// `each_backend!(#[tokio::test] exports);`.
#[macro_export]
macro_rules! each_backend {
    (#[$test:meta] $name:ident) => {
        mod $name {
            #[$test]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await;
            }

            #[$test]
            async fn postgres() {
                super::$name($crate::support::Backend::Postgres).await;
            }
        }
    };
}

/// Adds a guild.
pub async fn add_guild(store: &Store, name: &str, members: u32) {
    store
        .create_guild(&GuildDraft::parse(name, &members.to_string()).expect("valid guild"))
        .await
        .expect("guild created");
}

/// Creates the active competition running from `days_ago` days ago to
/// `days_ahead` days ahead.
pub async fn add_running_competition(store: &Store, days_ago: u64, days_ahead: u64) {
    let today = today();
    let draft = CompetitionDraft::parse(
        "Test Challenge",
        "",
        &(today - chrono::Days::new(days_ago)).to_string(),
        &(today + chrono::Days::new(days_ahead)).to_string(),
        "Europe/Helsinki",
    )
    .expect("valid competition");
    store
        .create_competition(&draft, true)
        .await
        .expect("competition created");
}

/// A clock the test sets by hand, for the scheduler.
pub struct ManualClock(pub std::sync::Mutex<chrono::DateTime<chrono::Utc>>);

impl activity_challenge::jobs::Clock for ManualClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

/// An RFC 3339 moment, e.g. `2026-03-29T15:00:00Z`, in UTC.
pub fn utc(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// Today as the tests' competitions (Europe/Helsinki) and admins count
/// it: from 22:00 UTC (21:00 in summer) it is already tomorrow there.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

/// Registers a participant with Telegram id `telegram_id` in `guild`.
pub async fn register(
    store: &Store,
    telegram_id: i64,
    first_name: &str,
    guild: &str,
) -> Participant {
    store
        .register_participant(NewParticipant {
            telegram_id,
            username: Some(format!("user{telegram_id}")),
            first_name: first_name.to_string(),
            last_name: None,
            guild: guild.to_string(),
            is_test_user: false,
        })
        .await
        .expect("registered")
        .participant()
        .clone()
}

/// The built-in catalogue.
pub fn catalogue() -> Catalogue {
    Catalogue::builtin()
}

/// An app over `store` with default settings, for calling actions directly.
pub fn app_for(store: &Store) -> App {
    App::with_store(
        Config::from_vars(&HashMap::new()).expect("the defaults are valid"),
        store.clone(),
        Arc::new(catalogue()),
    )
}

/// Creates a database admin (who may do everything) through its action.
pub async fn create_admin(store: &Store, username: &str, password: &str) {
    create_admin_with_role(
        store,
        username,
        password,
        activity_challenge::domain::AdminRole::DatabaseAdmin,
    )
    .await;
}

/// Creates an admin account with a role through its action.
pub async fn create_admin_with_role(
    store: &Store,
    username: &str,
    password: &str,
    role: activity_challenge::domain::AdminRole,
) {
    activity_challenge::actions::admins::create(
        &app_for(store),
        &activity_challenge::actions::Actor::System,
        username,
        password,
        role,
    )
    .await
    .expect("admin created");
}

/// The server running in the background on a random port.
pub struct TestServer {
    pub base_url: String,
    pub app: Arc<App>,
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    /// Builds and starts the server on `config`.
    pub async fn start(config: Config) -> TestServer {
        let application = Application::build(config).await.expect("server builds");
        let base_url = format!("http://{}", application.addr());
        let app = application.app();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(application.run_until_stopped(async move {
            let _ = rx.await;
        }));
        TestServer {
            base_url,
            app,
            client: reqwest::Client::builder().build().unwrap(),
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base_url, path))
            .send()
            .await
            .expect("request sent")
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.expect("server task").expect("server ran");
        }
    }
}
