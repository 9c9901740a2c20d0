//! Connecting to the database with retries, and saying clearly why not.

use std::path::Path;
use std::time::{Duration, Instant};

use sea_orm::sqlx::{self, Connection as _};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, RuntimeErr};

use crate::config::{DatabaseConfig, DatabaseKind, sqlite_path};

/// Why the database could not be reached, in the words of the operations
/// guide's troubleshooting section.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Nothing listens at the address.
    #[error(
        "PostgreSQL at {target} refused the connection. Check that it is running (`pg_isready -h HOST -p PORT`), \
         that DATABASE_URL (or POSTGRES_HOST/POSTGRES_PORT) points at it, and look at its log \
         (e.g. /var/log/postgresql/postgresql-*.log or `docker logs postgres`)."
    )]
    Refused { target: String },
    /// The host name does not resolve or the host cannot be reached.
    #[error(
        "could not reach the database host of {target}: {detail}. Check the host name in DATABASE_URL (or POSTGRES_HOST) and the network."
    )]
    Unreachable { target: String, detail: String },
    /// Wrong user name or password.
    #[error(
        "PostgreSQL at {target} rejected the user name or password. Check POSTGRES_USER/POSTGRES_PASSWORD or the \
         credentials in DATABASE_URL (percent-encode special characters, e.g. @ as %40)."
    )]
    Authentication { target: String },
    /// The server runs but the database does not exist.
    #[error(
        "the database {database:?} does not exist on {target}. Create it with `createdb -h HOST -U USER {database}` \
         (or `psql -c 'CREATE DATABASE {database};'`), or fix the name in DATABASE_URL / POSTGRES_DB."
    )]
    DatabaseMissing { target: String, database: String },
    /// The server has no connection slots left.
    #[error(
        "PostgreSQL at {target} has no free connections (\"sorry, too many clients already\"). Find idle sessions \
         with `SELECT count(*) FROM pg_stat_activity;`, end old idle ones, lower DATABASE_POOL_SIZE, or raise \
         max_connections in postgresql.conf."
    )]
    TooManyClients { target: String },
    /// TLS was required and failed, or refused by the server.
    #[error(
        "the TLS connection to {target} failed: {detail}. Check ?sslmode= in DATABASE_URL (require in production, disable for a local database without TLS)."
    )]
    Tls { target: String, detail: String },
    /// The SQLite file cannot be created or opened.
    #[error(
        "cannot open the SQLite database {path}: {detail}. Check that the directory exists and is writable, or set DATABASE_URL."
    )]
    Sqlite { path: String, detail: String },
    /// Still failing when the time allowed ran out.
    #[error("gave up connecting to {target} after {waited:?}: {last}")]
    GaveUp {
        target: String,
        waited: Duration,
        last: Box<ConnectError>,
    },
    /// Anything else the driver said.
    #[error("could not connect to {target}: {detail}")]
    Other { target: String, detail: String },
}

impl ConnectError {
    /// Whether waiting may help (the server is starting, or busy).
    fn is_transient(&self) -> bool {
        matches!(
            self,
            ConnectError::Refused { .. }
                | ConnectError::TooManyClients { .. }
                | ConnectError::Unreachable { .. }
                | ConnectError::Other { .. }
        )
    }
}

pub(super) async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, ConnectError> {
    let target = config.redacted_url();
    if config.kind == DatabaseKind::Sqlite {
        return connect_sqlite(config).await;
    }
    let started = Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        // One plain connection first: the pool hides the driver's reason
        // behind its own time-out, and the reason is what the operator needs.
        let probe = tokio::time::timeout(
            Duration::from_secs(5),
            sqlx::PgConnection::connect(config.url()),
        )
        .await;
        let probe = match probe {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                Ok(())
            }
            Ok(Err(e)) => Err(classify_sqlx(&e, &target, &config.database_name())),
            Err(_) => Err(ConnectError::Unreachable {
                target: target.clone(),
                detail: "no answer within 5 s".into(),
            }),
        };
        if let Err(err) = probe {
            let waited = started.elapsed();
            if !err.is_transient() {
                return Err(err);
            }
            if waited + delay > config.connect_timeout {
                return Err(ConnectError::GaveUp {
                    target,
                    waited,
                    last: Box::new(err),
                });
            }
            tracing::warn!(error = %err, retry_in = ?delay, "database not reachable yet; retrying");
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
            continue;
        }
        let mut options = ConnectOptions::new(config.url());
        options
            .max_connections(config.pool_size)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .idle_timeout(Duration::from_secs(300))
            .sqlx_logging(false)
            .set_application_name("activity-challenge");
        match Database::connect(options).await {
            Ok(db) => return Ok(db),
            Err(err) => {
                let err = classify(&err, &target, &config.database_name());
                let waited = started.elapsed();
                if !err.is_transient() {
                    return Err(err);
                }
                if waited + delay > config.connect_timeout {
                    return Err(ConnectError::GaveUp {
                        target,
                        waited,
                        last: Box::new(err),
                    });
                }
                tracing::warn!(error = %err, retry_in = ?delay, "database not reachable yet; retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

async fn connect_sqlite(config: &DatabaseConfig) -> Result<DatabaseConnection, ConnectError> {
    let path = sqlite_path(config.url()).unwrap_or_else(|| ":memory:".to_string());
    if let Some(dir) = Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        && path != ":memory:"
    {
        std::fs::create_dir_all(dir).map_err(|e| ConnectError::Sqlite {
            path: path.clone(),
            detail: e.to_string(),
        })?;
    }
    let mut options = ConnectOptions::new(config.url());
    options
        // One connection: SQLite has one writer, and a single connection
        // never meets "database is locked".
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
        });
    Database::connect(options)
        .await
        .map_err(|e| ConnectError::Sqlite {
            path,
            detail: driver_message(&e),
        })
}

fn classify(err: &DbErr, target: &str, database: &str) -> ConnectError {
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => classify_sqlx(e, target, database),
        _ => ConnectError::Other {
            target: target.to_string(),
            detail: driver_message(err),
        },
    }
}

fn classify_sqlx(err: &sqlx::Error, target: &str, database: &str) -> ConnectError {
    let target = target.to_string();
    match err {
        sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => ConnectError::Refused { target },
            _ => ConnectError::Unreachable {
                target,
                detail: io.to_string(),
            },
        },
        sqlx::Error::Tls(e) => ConnectError::Tls {
            target,
            detail: e.to_string(),
        },
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") | Some("28000") => ConnectError::Authentication { target },
            Some("3D000") => ConnectError::DatabaseMissing {
                target,
                database: database.to_string(),
            },
            Some("53300") => ConnectError::TooManyClients { target },
            _ => ConnectError::Other {
                target,
                detail: db.message().to_string(),
            },
        },
        sqlx::Error::PoolTimedOut => ConnectError::Unreachable {
            target,
            detail: "timed out".to_string(),
        },
        _ => {
            let detail = err.to_string();
            if detail.contains("Connection refused") {
                ConnectError::Refused { target }
            } else if detail.contains("SSL") || detail.contains("TLS") {
                ConnectError::Tls { target, detail }
            } else {
                ConnectError::Other { target, detail }
            }
        }
    }
}

fn driver_message(err: &DbErr) -> String {
    let text = err.to_string();
    text.strip_prefix("Connection Error: ")
        .unwrap_or(&text)
        .to_string()
}
