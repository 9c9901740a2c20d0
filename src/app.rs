//! The application value shared by every frontend, and the HTTP server that
//! carries them.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::{EndpointExt, Server};

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
    /// Connects to the database, applies migrations and loads the catalogue.
    pub async fn build(config: Config) -> anyhow::Result<App> {
        let catalogue = Arc::new(load_catalogue(&config)?);
        let store = Store::connect(&config.database).await?;
        store
            .migrate()
            .await
            .context("applying database migrations failed")?;
        crate::web::admin::accounts::ensure_initial_admin(&store, &config).await?;
        let metrics = Metrics::new(config.database.pool_size, config.metrics.cache_ttl);
        metrics.bot().set_enabled(config.bot_token.is_some());
        Ok(App {
            config,
            store,
            catalogue,
            metrics,
        })
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

/// The HTTP server, bound and ready to run.
pub struct Application {
    app: Arc<App>,
    acceptor: TcpAcceptor,
    addr: SocketAddr,
    metrics_acceptor: Option<(TcpAcceptor, SocketAddr)>,
    bot_webhook: Option<Arc<crate::bot::webhook::WebhookInbox>>,
}

impl Application {
    /// Builds the app and binds the listener (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let listen = config.listen_addr;
        let app = Arc::new(App::build(config).await?);
        Self::with_app(app, listen).await
    }

    /// Binds the listener for an already built app.
    pub async fn with_app(app: Arc<App>, listen: SocketAddr) -> anyhow::Result<Application> {
        let acceptor = TcpListener::bind(listen)
            .into_acceptor()
            .await
            .with_context(|| {
                format!("LISTEN_ADDR: cannot listen on {listen} (is another server using it?)")
            })?;
        let addr = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .unwrap_or(listen);
        let metrics_acceptor = match app.config.metrics.addr {
            None => None,
            Some(metrics_listen) => {
                let acceptor = TcpListener::bind(metrics_listen)
                    .into_acceptor()
                    .await
                    .with_context(|| {
                        format!("METRICS_ADDR: cannot listen on {metrics_listen} (is another server using it?)")
                    })?;
                let addr = acceptor
                    .local_addr()
                    .first()
                    .and_then(|a| a.as_socket_addr().copied())
                    .unwrap_or(metrics_listen);
                Some((acceptor, addr))
            }
        };
        Ok(Application {
            app,
            acceptor,
            addr,
            metrics_acceptor,
            bot_webhook: None,
        })
    }

    /// The address actually listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port actually listened on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The address `/metrics` is served on when `METRICS_ADDR` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_acceptor.as_ref().map(|(_, addr)| *addr)
    }

    /// Serves the bot's webhook route (webhook mode) beside the other routes.
    pub fn set_bot_webhook(&mut self, inbox: Arc<crate::bot::webhook::WebhookInbox>) {
        self.bot_webhook = Some(inbox);
    }

    /// The shared app.
    pub fn app(&self) -> Arc<App> {
        self.app.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish
    /// (up to ten seconds).
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let routes =
            crate::web::routes_with_bot_webhook(self.app.clone(), self.bot_webhook.clone())
                .with(self.app.metrics.http().middleware());
        let Some((metrics_acceptor, _)) = self.metrics_acceptor else {
            Server::new_with_acceptor(self.acceptor)
                .run_with_graceful_shutdown(routes, shutdown, Some(Duration::from_secs(10)))
                .await
                .context("the HTTP server failed")?;
            return Ok(());
        };
        // Both listeners stop on the same signal.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let wait = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|stopped| *stopped).await;
        };
        let main = Server::new_with_acceptor(self.acceptor).run_with_graceful_shutdown(
            routes,
            wait(stopped.clone()),
            Some(Duration::from_secs(10)),
        );
        let metrics = Server::new_with_acceptor(metrics_acceptor).run_with_graceful_shutdown(
            crate::metrics::endpoint::listener_routes(self.app.clone()),
            wait(stopped),
            Some(Duration::from_secs(10)),
        );
        let (main, metrics) = tokio::join!(main, metrics);
        main.context("the HTTP server failed")?;
        metrics.context("the metrics server (METRICS_ADDR) failed")?;
        Ok(())
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
