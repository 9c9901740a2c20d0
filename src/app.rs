//! The application value shared by every frontend: configuration, the
//! store, the activity catalogue and the metrics registry. It knows nothing
//! of HTTP, Telegram or the command line.

use std::sync::Arc;

use anyhow::Context as _;

use crate::config::Config;
use crate::domain::Catalogue;
use crate::metrics::Metrics;
use crate::store::Store;

/// Configuration, database and catalogue: built once at start-up and handed
/// to every frontend.
#[derive(Debug)]
pub struct App {
    pub config: Config,
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
    /// The Prometheus registry and the figures read at scrape time.
    pub metrics: Metrics,
}

impl App {
    /// Connects to the database, brings the schema up to date (see
    /// [`prepare_schema`]) and loads the catalogue.
    pub async fn build(config: Config) -> anyhow::Result<App> {
        let catalogue = Arc::new(load_catalogue(&config)?);
        let store = Store::connect(&config.database).await?;
        prepare_schema(&store).await?;
        Ok(App::with_store(config, store, catalogue))
    }

    /// An app over an already connected and migrated store.
    pub fn with_store(config: Config, store: Store, catalogue: Arc<Catalogue>) -> App {
        let metrics = Metrics::new(config.database.pool_size, config.metrics.cache_ttl);
        metrics.bot().set_enabled(config.bot_token.is_some());
        metrics
            .competition()
            .set_categories(catalogue.categories().iter().map(|c| c.name.clone()));
        App {
            config,
            store,
            catalogue,
            metrics,
        }
    }
}

impl App {
    /// Today's date in the active competition's time zone (UTC when no
    /// competition is active): the day "today" means to participants.
    pub async fn competition_today(&self) -> crate::store::StoreResult<chrono::NaiveDate> {
        let now = chrono::Utc::now();
        Ok(match self.store.active_competition().await? {
            Some(c) => c.calendar().today(now),
            None => now.date_naive(),
        })
    }

    /// A participant's current and longest streak of active days in the
    /// active competition, by its local days (without one, over the last
    /// year).
    pub async fn streak(
        &self,
        user_id: i64,
    ) -> crate::store::StoreResult<crate::domain::streak::Streak> {
        let now = chrono::Utc::now();
        let (first, today) = match self.store.active_competition().await? {
            Some(c) => (c.start_date, c.calendar().today(now)),
            None => (now.date_naive() - chrono::Days::new(365), now.date_naive()),
        };
        let days = self.store.activity_days(user_id, first, today).await?;
        Ok(crate::domain::streak::streak(&days, today))
    }
}

/// Start-up's schema check. A current schema is left alone (nothing is
/// created or written). Pending migrations are applied when the connection
/// may change the schema (the database's owner, a superuser, or SQLite);
/// a limited role refuses to start, naming what is missing, so that the
/// owner applies it with `activity-challenge migrate`.
pub async fn prepare_schema(store: &Store) -> anyhow::Result<()> {
    let pending = store
        .pending_migrations()
        .await
        .context("reading which database migrations are applied failed")?;
    if pending.is_empty() {
        return Ok(());
    }
    let rights = store
        .schema_rights()
        .await
        .context("reading the database role's privileges failed")?;
    if let Some(refusal) = &rights.refusal {
        anyhow::bail!("{}", schema_behind(&pending, refusal));
    }
    let applied = store
        .migrate()
        .await
        .context("applying database migrations failed")?;
    tracing::info!(
        migrations = %applied.join(", "),
        "applied {} database migration(s); the schema is up to date",
        applied.len()
    );
    Ok(())
}

/// Why a connection that may not change the schema stops when migrations
/// are missing, and what to do.
pub fn schema_behind(pending: &[String], refusal: &str) -> String {
    format!(
        "the database schema is behind this version of activity-challenge: {} migration(s) not applied ({}). \
         This connection does not apply them because {refusal}. Run `activity-challenge migrate` \
         with the database owner's credentials, then start again (docs/operations.md, \"Least privilege\")",
        pending.len(),
        pending.join(", ")
    )
}

/// The built-in catalogue, or the organiser's own file when `CATALOGUE_FILE` is set.
pub fn load_catalogue(config: &Config) -> anyhow::Result<Catalogue> {
    match &config.catalogue_file {
        None => Ok(Catalogue::builtin()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("CATALOGUE_FILE: cannot read {}", path.display()))?;
            Catalogue::parse(&text).map_err(|e| {
                anyhow::anyhow!(
                    "CATALOGUE_FILE: {} is not a valid catalogue: {e}",
                    path.display()
                )
            })
        }
    }
}
