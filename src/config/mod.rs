//! Configuration from the environment (and `.env`, read by `main`).
//!
//! Every error names the variable, what was wrong with it and how to fix it.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

pub mod api;
pub mod messages;
pub mod metrics;
pub mod schedule;

pub use api::ApiConfig;
pub use messages::MessagesConfig;
pub use metrics::MetricsConfig;
pub use schedule::ScheduleConfig;

/// The default SQLite file used when no database is configured.
pub const DEFAULT_SQLITE_PATH: &str = "data/activity-challenge.db";
/// The default listening address.
pub const DEFAULT_LISTEN_ADDR: &str = "127.0.0.1:8080";
/// Telegram's own Bot API server.
pub const DEFAULT_TELEGRAM_API_URL: &str = "https://api.telegram.org";

/// A configuration problem, naming the variable and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {problem}. {fix}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: &'static str,
    /// What is wrong with its value.
    pub problem: String,
    /// What to do about it.
    pub fix: String,
}

impl ConfigError {
    fn new(variable: &'static str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            variable,
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    /// PostgreSQL, for production.
    Postgres,
    /// An SQLite file, the zero-set-up default.
    Sqlite,
}

/// A secret value that never shows up in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where the database is and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseConfig {
    url: Secret,
    /// The engine the URL points at.
    pub kind: DatabaseKind,
    /// Largest number of pooled connections (PostgreSQL; SQLite uses one writer).
    pub pool_size: u32,
    /// How long to keep retrying an unreachable database at start-up.
    pub connect_timeout: Duration,
}

impl DatabaseConfig {
    /// Builds a configuration from a URL, checking its scheme.
    pub fn from_url(url: &str) -> Result<Self, ConfigError> {
        let kind = database_kind(url)?;
        Ok(Self {
            url: Secret::new(url),
            kind,
            pool_size: 10,
            connect_timeout: Duration::from_secs(30),
        })
    }

    /// The URL with its password, for the driver only.
    pub fn url(&self) -> &str {
        self.url.expose()
    }

    /// The URL with any password replaced by `***`, safe to log and show.
    pub fn redacted_url(&self) -> String {
        redact_url(self.url.expose())
    }

    /// The database's name (PostgreSQL) or file path (SQLite).
    pub fn database_name(&self) -> String {
        match self.kind {
            DatabaseKind::Postgres => Url::parse(self.url())
                .ok()
                .map(|u| u.path().trim_start_matches('/').to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "postgres".to_string()),
            DatabaseKind::Sqlite => sqlite_path(self.url()).unwrap_or_default(),
        }
    }
}

/// The whole server configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database.
    pub database: DatabaseConfig,
    /// Where the HTTP server listens.
    pub listen_addr: SocketAddr,
    /// The Telegram bot token; the bot is off without one.
    pub bot_token: Option<Secret>,
    /// The Bot API server the bot talks to.
    pub telegram_api_url: Url,
    /// An organiser's own activity catalogue, replacing the built-in one.
    pub catalogue_file: Option<PathBuf>,
    /// Whether admin cookies carry `Secure` (the panel is served over HTTPS).
    pub admin_cookie_secure: bool,
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-For` headers are
    /// believed about the client's address (`TRUSTED_PROXIES`); none by default.
    pub trusted_proxies: Vec<crate::domain::network::IpRange>,
    /// The admin created on first start when no admin exists yet.
    pub initial_admin: Option<InitialAdmin>,
    /// Webhook mode for the bot; long polling when `None`.
    pub bot_webhook: Option<WebhookConfig>,
    /// Where and how `/metrics` is served.
    pub metrics: MetricsConfig,
    /// Where backups go and how long they are kept.
    pub backup: BackupConfig,
    /// Backups, verifications and maintenance run by `serve` on a schedule.
    pub schedule: ScheduleConfig,
    /// The JSON API: CORS, Mini App sign-in age, public address.
    pub api: ApiConfig,
    /// How queued messages go out, and where admin alerts go.
    pub messages: MessagesConfig,
}

/// Backups: `BACKUP_DIR` (default `./backups`) and `BACKUP_KEEP_DAYS` (default 30).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupConfig {
    /// The directory backups are written to and pruned in.
    pub dir: PathBuf,
    /// Backups older than this many days are deleted after each new one.
    pub keep_days: u32,
    /// Encrypt backups at rest for this age recipient (`age1…`).
    pub age_recipient: Option<String>,
    /// The age identity (private key) file that decrypts them, for restore and verify.
    pub age_identity_file: Option<PathBuf>,
}

impl BackupConfig {
    fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let dir = PathBuf::from(get("BACKUP_DIR").unwrap_or("backups"));
        let keep_days = match get("BACKUP_KEEP_DAYS") {
            None => 30,
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3650).contains(n))
                .ok_or_else(|| {
                    ConfigError::new(
                        "BACKUP_KEEP_DAYS",
                        format!("{raw:?} is not a whole number of days between 1 and 3650"),
                        "Set it to how many days of backups to keep, e.g. BACKUP_KEEP_DAYS=30.",
                    )
                })?,
        };
        let age_recipient = match get("BACKUP_AGE_RECIPIENT") {
            None => None,
            Some(raw) => {
                raw.parse::<age::x25519::Recipient>().map_err(|e| {
                    ConfigError::new(
                        "BACKUP_AGE_RECIPIENT",
                        format!("not an age X25519 recipient ({e})"),
                        "Use the public key age-keygen printed, e.g. BACKUP_AGE_RECIPIENT=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p, or unset it to write unencrypted backups.",
                    )
                })?;
                Some(raw.to_string())
            }
        };
        let age_identity_file = get("BACKUP_AGE_IDENTITY_FILE").map(PathBuf::from);
        Ok(Self {
            dir,
            keep_days,
            age_recipient,
            age_identity_file,
        })
    }
}

/// The jobs `serve` runs on a schedule, all off unless set:
/// `BACKUP_SCHEDULE`, `BACKUP_VERIFY_SCHEDULE` (weekly on Sunday at 04:00
/// once backups are scheduled; `off` turns it off), `MAINTENANCE_SCHEDULE`
/// and `SCHEDULE_TIME_ZONE`.
fn schedule_from_vars(vars: &HashMap<String, String>) -> Result<ScheduleConfig, ConfigError> {
    use crate::domain::Schedule;
    let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let schedule = |name: &'static str| match get(name) {
        None | Some("off") => Ok(None),
        Some(raw) => Schedule::parse(raw).map(Some).map_err(|problem| {
            ConfigError::new(
                name,
                problem,
                format!("Set it like {name}=daily@02:00 or {name}=weekly@sun@03:00, or unset it."),
            )
        }),
    };
    let backup = schedule("BACKUP_SCHEDULE")?;
    let verify = match get("BACKUP_VERIFY_SCHEDULE") {
        None if backup.is_some() => Schedule::parse("weekly@sun@04:00").ok(),
        _ => schedule("BACKUP_VERIFY_SCHEDULE")?,
    };
    let maintenance = schedule("MAINTENANCE_SCHEDULE")?;
    let time_zone = match get("SCHEDULE_TIME_ZONE") {
        None => None,
        Some(raw) => Some(raw.parse::<chrono_tz::Tz>().map_err(|_| {
            ConfigError::new(
                "SCHEDULE_TIME_ZONE",
                format!("{raw:?} is not a time zone"),
                "Use an IANA name such as SCHEDULE_TIME_ZONE=Europe/Helsinki, or unset it to follow the active competition's time zone.",
            )
        })?),
    };
    Ok(ScheduleConfig {
        backup,
        verify,
        maintenance,
        time_zone,
    })
}

/// Where Telegram delivers updates in webhook mode, and the secret it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookConfig {
    /// The public HTTPS URL Telegram posts updates to.
    pub url: Url,
    /// The path this server answers on (by default the URL's path).
    pub path: String,
    /// Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`; requests without it are refused.
    pub secret: Secret,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads the configuration from the given variables (the environment in
    /// production; a map in tests).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let mut database = database_from_vars(vars)?;
        if let Some(size) = get("DATABASE_POOL_SIZE") {
            database.pool_size = size.parse::<u32>().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| {
                ConfigError::new(
                    "DATABASE_POOL_SIZE",
                    format!("{size:?} is not a whole number between 1 and 1000"),
                    "Set it to the number of connections this server may hold, e.g. DATABASE_POOL_SIZE=10, and keep the sum over all instances below PostgreSQL's max_connections.",
                )
            })?;
        }
        if let Some(secs) = get("DATABASE_CONNECT_TIMEOUT") {
            let secs = secs.parse::<u64>().ok().filter(|n| *n <= 3600).ok_or_else(|| {
                ConfigError::new(
                    "DATABASE_CONNECT_TIMEOUT",
                    format!("{secs:?} is not a number of seconds between 0 and 3600"),
                    "Set it to how long start-up may wait for the database, e.g. DATABASE_CONNECT_TIMEOUT=30.",
                )
            })?;
            database.connect_timeout = Duration::from_secs(secs);
        }

        let listen_addr = match get("LISTEN_ADDR") {
            None => DEFAULT_LISTEN_ADDR.parse().expect("default address parses"),
            Some(addr) => addr.parse().map_err(|_| {
                ConfigError::new(
                    "LISTEN_ADDR",
                    format!("{addr:?} is not an address with a port"),
                    "Use the form IP:PORT, e.g. LISTEN_ADDR=127.0.0.1:8080 or LISTEN_ADDR=0.0.0.0:8080.",
                )
            })?,
        };

        let (token_var, token) = match (get("TELEGRAM_BOT_TOKEN"), get("BOT_TOKEN")) {
            (Some(t), _) => ("TELEGRAM_BOT_TOKEN", Some(t)),
            (None, Some(t)) => ("BOT_TOKEN", Some(t)),
            (None, None) => ("TELEGRAM_BOT_TOKEN", None),
        };
        let bot_token = match token {
            None => None,
            Some(t) if is_plausible_bot_token(t) => Some(Secret::new(t)),
            Some(_) => {
                return Err(ConfigError::new(
                    token_var,
                    "the value does not look like a bot token (expected digits, a colon and at least 30 more characters)",
                    "Copy the token @BotFather gave you, e.g. 123456789:AAE..., or unset the variable to run without the bot.",
                ));
            }
        };

        let telegram_api_url = match get("TELEGRAM_API_URL") {
            None => Url::parse(DEFAULT_TELEGRAM_API_URL).expect("default URL parses"),
            Some(raw) => Url::parse(raw)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .ok_or_else(|| {
                    ConfigError::new(
                        "TELEGRAM_API_URL",
                        format!("{raw:?} is not an http(s) URL"),
                        "Point it at a Bot API server, e.g. TELEGRAM_API_URL=http://127.0.0.1:8081, or unset it to use Telegram's.",
                    )
                })?,
        };

        let catalogue_file = get("CATALOGUE_FILE").map(PathBuf::from);
        let admin_cookie_secure = admin_cookie_secure_from_vars(vars)?;
        let trusted_proxies = trusted_proxies_from_vars(vars)?;
        let initial_admin = initial_admin_from_vars(vars)?;
        let bot_webhook = webhook_from_vars(vars)?;
        let metrics = MetricsConfig::from_vars(vars)?;
        let backup = BackupConfig::from_vars(vars)?;
        let schedule = schedule_from_vars(vars)?;
        let api = ApiConfig::from_vars(vars)?;
        let messages = MessagesConfig::from_vars(vars)?;

        Ok(Self {
            database,
            listen_addr,
            bot_token,
            telegram_api_url,
            catalogue_file,
            admin_cookie_secure,
            trusted_proxies,
            initial_admin,
            bot_webhook,
            metrics,
            backup,
            schedule,
            api,
            messages,
        })
    }
}

/// Webhook mode: `TELEGRAM_WEBHOOK_URL` turns it on and then needs
/// `TELEGRAM_WEBHOOK_SECRET`; `TELEGRAM_WEBHOOK_PATH` overrides the path served.
fn webhook_from_vars(vars: &HashMap<String, String>) -> Result<Option<WebhookConfig>, ConfigError> {
    let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let Some(raw) = get("TELEGRAM_WEBHOOK_URL") else {
        for var in ["TELEGRAM_WEBHOOK_PATH", "TELEGRAM_WEBHOOK_SECRET"] {
            if get(var).is_some() {
                return Err(ConfigError::new(
                    var,
                    "is set but TELEGRAM_WEBHOOK_URL is not",
                    "Set TELEGRAM_WEBHOOK_URL to the public https URL Telegram should post to, or unset this variable to use long polling.",
                ));
            }
        }
        return Ok(None);
    };
    let url = Url::parse(raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or_else(|| {
            ConfigError::new(
                "TELEGRAM_WEBHOOK_URL",
                format!("{raw:?} is not an http(s) URL"),
                "Use the public address Telegram should post updates to, e.g. TELEGRAM_WEBHOOK_URL=https://bot.example.org/telegram/webhook.",
            )
        })?;
    let path = match get("TELEGRAM_WEBHOOK_PATH") {
        Some(p) if p.starts_with('/') && p.len() > 1 && !p.contains(char::is_whitespace) => {
            p.to_string()
        }
        Some(p) => {
            return Err(ConfigError::new(
                "TELEGRAM_WEBHOOK_PATH",
                format!("{p:?} is not a path"),
                "Use a path starting with /, e.g. TELEGRAM_WEBHOOK_PATH=/telegram/webhook.",
            ));
        }
        None if url.path().len() > 1 => url.path().to_string(),
        None => {
            return Err(ConfigError::new(
                "TELEGRAM_WEBHOOK_URL",
                "has no path, so the webhook would take over the whole site",
                "Add a path, e.g. https://bot.example.org/telegram/webhook, or set TELEGRAM_WEBHOOK_PATH.",
            ));
        }
    };
    let secret = match get("TELEGRAM_WEBHOOK_SECRET") {
        Some(s)
            if (1..=256).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
        {
            Secret::new(s)
        }
        Some(_) => {
            return Err(ConfigError::new(
                "TELEGRAM_WEBHOOK_SECRET",
                "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -",
                "Generate one, e.g. TELEGRAM_WEBHOOK_SECRET=$(openssl rand -hex 32).",
            ));
        }
        None => {
            return Err(ConfigError::new(
                "TELEGRAM_WEBHOOK_SECRET",
                "is required in webhook mode",
                "Set it to a random string, e.g. TELEGRAM_WEBHOOK_SECRET=$(openssl rand -hex 32), so that only Telegram can post updates.",
            ));
        }
    };
    Ok(Some(WebhookConfig { url, path, secret }))
}

/// The first admin, from `ADMIN_USERNAME` and `ADMIN_PASSWORD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitialAdmin {
    /// The admin's login name.
    pub username: String,
    /// The admin's password, hashed before it is stored.
    pub password: Secret,
}

pub use crate::domain::MIN_ADMIN_PASSWORD_CHARS;

/// `TRUSTED_PROXIES`: addresses or CIDR ranges, separated by commas.
fn trusted_proxies_from_vars(
    vars: &HashMap<String, String>,
) -> Result<Vec<crate::domain::network::IpRange>, ConfigError> {
    let Some(raw) = vars.get("TRUSTED_PROXIES").map(|v| v.trim()) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse().map_err(|problem: String| {
                ConfigError::new(
                    "TRUSTED_PROXIES",
                    problem,
                    "List the reverse proxies' addresses or ranges, e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8, or unset it when nothing proxies the server.",
                )
            })
        })
        .collect()
}

/// `ADMIN_COOKIE_SECURE`, or else whether `PUBLIC_URL` is https.
fn admin_cookie_secure_from_vars(vars: &HashMap<String, String>) -> Result<bool, ConfigError> {
    let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    match get("ADMIN_COOKIE_SECURE") {
        Some(raw) => match raw.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(ConfigError::new(
                "ADMIN_COOKIE_SECURE",
                format!("{raw:?} is neither true nor false"),
                "Set ADMIN_COOKIE_SECURE=true when the admin panel is served over HTTPS, false otherwise.",
            )),
        },
        None => {
            Ok(get("PUBLIC_URL").is_some_and(|u| u.to_ascii_lowercase().starts_with("https://")))
        }
    }
}

/// `ADMIN_USERNAME` and `ADMIN_PASSWORD` go together.
fn initial_admin_from_vars(
    vars: &HashMap<String, String>,
) -> Result<Option<InitialAdmin>, ConfigError> {
    let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    match (
        get("ADMIN_USERNAME"),
        vars.get("ADMIN_PASSWORD").filter(|p| !p.is_empty()),
    ) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(ConfigError::new(
            "ADMIN_PASSWORD",
            "is not set but ADMIN_USERNAME is",
            "Set ADMIN_PASSWORD to the first admin's password, or unset ADMIN_USERNAME and create admins with `activity-challenge admin create`.",
        )),
        (None, Some(_)) => Err(ConfigError::new(
            "ADMIN_USERNAME",
            "is not set but ADMIN_PASSWORD is",
            "Set ADMIN_USERNAME to the first admin's login name, or unset ADMIN_PASSWORD.",
        )),
        (Some(username), Some(password)) => {
            if username.chars().count() > 64 || username.chars().any(char::is_control) {
                return Err(ConfigError::new(
                    "ADMIN_USERNAME",
                    "is longer than 64 characters or contains control characters",
                    "Use a short login name such as ADMIN_USERNAME=organiser.",
                ));
            }
            if password.chars().count() < MIN_ADMIN_PASSWORD_CHARS {
                return Err(ConfigError::new(
                    "ADMIN_PASSWORD",
                    format!("is shorter than {MIN_ADMIN_PASSWORD_CHARS} characters"),
                    "Choose a longer password (a few random words work well).",
                ));
            }
            Ok(Some(InitialAdmin {
                username: username.to_string(),
                password: Secret::new(password.clone()),
            }))
        }
    }
}

fn is_plausible_bot_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, secret)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && secret.len() >= 30
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

/// Picks the database: `DATABASE_URL`, else the `POSTGRES_*` / `PG*`
/// variables, else the default SQLite file.
fn database_from_vars(vars: &HashMap<String, String>) -> Result<DatabaseConfig, ConfigError> {
    let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    if let Some(url) = get("DATABASE_URL") {
        return DatabaseConfig::from_url(url);
    }
    let either = |ours: &'static str, standard: &'static str| {
        get(ours)
            .map(|v| (ours, v))
            .or_else(|| get(standard).map(|v| (standard, v)))
    };
    let host = either("POSTGRES_HOST", "PGHOST");
    let db = either("POSTGRES_DB", "PGDATABASE");
    let user = either("POSTGRES_USER", "PGUSER");
    if host.is_none() && db.is_none() && user.is_none() {
        return DatabaseConfig::from_url(&format!("sqlite://{DEFAULT_SQLITE_PATH}?mode=rwc"));
    }
    let host = host.map(|(_, v)| v).unwrap_or("localhost");
    let port = match either("POSTGRES_PORT", "PGPORT") {
        None => 5432,
        Some((var, raw)) => raw.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            ConfigError::new(
                var,
                format!("{raw:?} is not a port number"),
                "Use a number between 1 and 65535, e.g. 5432.",
            )
        })?,
    };
    let mut url = Url::parse("postgres://localhost").expect("static URL parses");
    url.set_host(Some(host)).map_err(|_| {
        ConfigError::new(
            if get("POSTGRES_HOST").is_some() {
                "POSTGRES_HOST"
            } else {
                "PGHOST"
            },
            format!("{host:?} is not a host name or address"),
            "Use a host name such as localhost or postgres, or an IP address.",
        )
    })?;
    url.set_port(Some(port)).expect("postgres URLs take ports");
    url.set_username(user.map(|(_, v)| v).unwrap_or("postgres"))
        .expect("postgres URLs take user names");
    if let Some((_, password)) = either("POSTGRES_PASSWORD", "PGPASSWORD") {
        url.set_password(Some(password))
            .expect("postgres URLs take passwords");
    }
    url.set_path(db.map(|(_, v)| v).unwrap_or("activity_challenge"));
    if let Some((var, mode)) = either("POSTGRES_SSLMODE", "PGSSLMODE") {
        if !matches!(
            mode,
            "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full"
        ) {
            return Err(ConfigError::new(
                var,
                format!("{mode:?} is not an sslmode"),
                "Use one of disable, allow, prefer, require, verify-ca, verify-full.",
            ));
        }
        url.query_pairs_mut().append_pair("sslmode", mode);
    }
    DatabaseConfig::from_url(url.as_str())
}

fn database_kind(url: &str) -> Result<DatabaseKind, ConfigError> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("postgres" | "postgresql") => {
            let parsed = Url::parse(url).map_err(|e| {
                ConfigError::new(
                    "DATABASE_URL",
                    format!("the PostgreSQL URL does not parse ({e})"),
                    "Use postgres://USER:PASSWORD@HOST:5432/DATABASE; percent-encode special characters in the password (@ as %40, / as %2F).",
                )
            })?;
            if let Some(mode) = parsed
                .query_pairs()
                .find(|(k, _)| k == "sslmode")
                .map(|(_, v)| v.into_owned())
                && !matches!(
                    mode.as_str(),
                    "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full"
                )
            {
                return Err(ConfigError::new(
                    "DATABASE_URL",
                    format!("sslmode={mode} is not an sslmode"),
                    "Use ?sslmode=require in production (or disable for a local database); allowed: disable, allow, prefer, require, verify-ca, verify-full.",
                ));
            }
            Ok(DatabaseKind::Postgres)
        }
        Some("sqlite") => Ok(DatabaseKind::Sqlite),
        _ => Err(ConfigError::new(
            "DATABASE_URL",
            format!(
                "{:?} is neither a PostgreSQL nor an SQLite URL",
                redact_url(url)
            ),
            "Use postgres://USER:PASSWORD@HOST:5432/DATABASE, or sqlite://PATH?mode=rwc, or unset it to use the SQLite file data/activity-challenge.db.",
        )),
    }
}

/// The file path of an SQLite URL (`sqlite://path?opts`, `sqlite:path`).
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// Replaces a URL's password with `***`.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => match url.split_once("://") {
            Some((scheme, rest)) => match rest.rsplit_once('@') {
                Some((_, host)) => format!("{scheme}://***@{host}"),
                None => url.to_string(),
            },
            None => "(unparseable URL)".to_string(),
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Variables for `from_vars` from `(name, value)` pairs.
    pub(crate) fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_to_sqlite_and_localhost() {
        let c = Config::from_vars(&vars(&[])).unwrap();
        assert_eq!(c.database.kind, DatabaseKind::Sqlite);
        assert_eq!(
            c.database.url(),
            "sqlite://data/activity-challenge.db?mode=rwc"
        );
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:8080");
        assert!(c.bot_token.is_none());
        assert_eq!(c.telegram_api_url.as_str(), "https://api.telegram.org/");
    }

    #[test]
    fn builds_a_postgres_url_from_postgres_variables() {
        let c = Config::from_vars(&vars(&[
            ("POSTGRES_HOST", "db"),
            ("POSTGRES_PORT", "5433"),
            ("POSTGRES_DB", "activity_challenge_bot"),
            ("POSTGRES_USER", "bot_user"),
            ("POSTGRES_PASSWORD", "p@ss/word"),
            ("PGSSLMODE", "require"),
        ]))
        .unwrap();
        assert_eq!(c.database.kind, DatabaseKind::Postgres);
        assert_eq!(
            c.database.url(),
            "postgres://bot_user:p%40ss%2Fword@db:5433/activity_challenge_bot?sslmode=require"
        );
        assert_eq!(
            c.database.redacted_url(),
            "postgres://bot_user:***@db:5433/activity_challenge_bot?sslmode=require"
        );
        assert_eq!(c.database.database_name(), "activity_challenge_bot");
    }

    #[test]
    fn standard_pg_variables_are_honoured() {
        let c = Config::from_vars(&vars(&[
            ("PGHOST", "127.0.0.1"),
            ("PGUSER", "me"),
            ("PGDATABASE", "x"),
        ]))
        .unwrap();
        assert_eq!(c.database.url(), "postgres://me@127.0.0.1:5432/x");
    }

    #[test]
    fn database_url_wins_and_is_checked() {
        let c = Config::from_vars(&vars(&[
            ("DATABASE_URL", "postgresql://u:secret@h/d?sslmode=disable"),
            ("PGHOST", "ignored"),
        ]))
        .unwrap();
        assert_eq!(c.database.kind, DatabaseKind::Postgres);
        let e = Config::from_vars(&vars(&[("DATABASE_URL", "mysql://u:secret@h/d")])).unwrap_err();
        assert_eq!(e.variable, "DATABASE_URL");
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = Config::from_vars(&vars(&[(
            "DATABASE_URL",
            "postgres://h/d?sslmode=sometimes",
        )]))
        .unwrap_err();
        assert!(e.to_string().contains("sslmode"), "{e}");
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("LISTEN_ADDR", "8080"),
            ("TELEGRAM_BOT_TOKEN", "not-a-token"),
            ("TELEGRAM_API_URL", "ftp://x"),
            ("DATABASE_POOL_SIZE", "0"),
            ("DATABASE_CONNECT_TIMEOUT", "forever"),
        ] {
            let e = Config::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
        }
        let e = Config::from_vars(&vars(&[("PGHOST", "h"), ("PGPORT", "x")])).unwrap_err();
        assert_eq!(e.variable, "PGPORT");
        let e = Config::from_vars(&vars(&[("BOT_TOKEN", "123:short")])).unwrap_err();
        assert_eq!(e.variable, "BOT_TOKEN");
    }

    #[test]
    fn bot_token_is_accepted_from_either_variable_and_never_printed() {
        let token = "123456789:AAEabcdefghijklmnopqrstuvwxyz012345";
        let c = Config::from_vars(&vars(&[("BOT_TOKEN", token)])).unwrap();
        assert_eq!(c.bot_token.as_ref().unwrap().expose(), token);
        assert!(!format!("{c:?}").contains("AAEabc"));
    }

    #[test]
    fn webhook_mode_needs_a_url_and_a_secret() {
        assert!(Config::from_vars(&vars(&[])).unwrap().bot_webhook.is_none());
        let c = Config::from_vars(&vars(&[
            ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg/hook"),
            ("TELEGRAM_WEBHOOK_SECRET", "s3cret_value"),
        ]))
        .unwrap();
        let hook = c.bot_webhook.unwrap();
        assert_eq!(hook.path, "/tg/hook");
        assert!(!format!("{hook:?}").contains("s3cret"));
        for (pairs, var) in [
            (
                vec![("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/tg")],
                "TELEGRAM_WEBHOOK_SECRET",
            ),
            (
                vec![("TELEGRAM_WEBHOOK_SECRET", "x")],
                "TELEGRAM_WEBHOOK_SECRET",
            ),
            (
                vec![
                    ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/"),
                    ("TELEGRAM_WEBHOOK_SECRET", "x"),
                ],
                "TELEGRAM_WEBHOOK_URL",
            ),
            (
                vec![
                    ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/a"),
                    ("TELEGRAM_WEBHOOK_SECRET", "has space"),
                ],
                "TELEGRAM_WEBHOOK_SECRET",
            ),
            (
                vec![
                    ("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/a"),
                    ("TELEGRAM_WEBHOOK_SECRET", "ok"),
                    ("TELEGRAM_WEBHOOK_PATH", "nope"),
                ],
                "TELEGRAM_WEBHOOK_PATH",
            ),
        ] {
            let e = Config::from_vars(&vars(&pairs)).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
        }
    }

    #[test]
    fn admin_settings_are_checked() {
        let c = Config::from_vars(&vars(&[("PUBLIC_URL", "https://panel.example.org")])).unwrap();
        assert!(c.admin_cookie_secure);
        assert!(c.initial_admin.is_none());
        let c = Config::from_vars(&vars(&[
            ("ADMIN_COOKIE_SECURE", "false"),
            ("ADMIN_USERNAME", "organiser"),
            ("ADMIN_PASSWORD", "correct horse battery"),
        ]))
        .unwrap();
        assert!(!c.admin_cookie_secure);
        assert_eq!(c.initial_admin.unwrap().username, "organiser");
        for (pairs, var) in [
            (
                vec![("ADMIN_COOKIE_SECURE", "maybe")],
                "ADMIN_COOKIE_SECURE",
            ),
            (vec![("ADMIN_USERNAME", "organiser")], "ADMIN_PASSWORD"),
            (
                vec![("ADMIN_PASSWORD", "correct horse battery")],
                "ADMIN_USERNAME",
            ),
            (
                vec![("ADMIN_USERNAME", "o"), ("ADMIN_PASSWORD", "short")],
                "ADMIN_PASSWORD",
            ),
        ] {
            let e = Config::from_vars(&vars(&pairs)).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
        }
    }

    #[test]
    fn sqlite_paths_are_read_from_urls() {
        assert_eq!(
            sqlite_path("sqlite://data/x.db?mode=rwc").as_deref(),
            Some("data/x.db")
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/x.db").as_deref(),
            Some("/tmp/x.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
