//! The application value shared by every frontend, and the HTTP server that
//! carries them.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poem::Server;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};

use crate::config::Config;
use crate::domain::Catalogue;
use crate::store::Store;

/// Configuration, database and catalogue: built once at start-up and handed
/// to every frontend.
#[derive(Debug)]
pub struct App {
    pub config: Config,
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
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
        Ok(App {
            config,
            store,
            catalogue,
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
        Ok(Application {
            app,
            acceptor,
            addr,
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
        let routes = crate::web::routes(self.app.clone());
        Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(routes, shutdown, Some(Duration::from_secs(10)))
            .await
            .context("the HTTP server failed")?;
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
