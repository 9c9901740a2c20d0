//! The HTTP server: the admin panel, the JSON API, the Mini App, `/metrics`,
//! `/healthz` and `/readyz` on one listener (and `/metrics` on its own when
//! `METRICS_ADDR` is set), plus routes other parts mount (the bot's webhook).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poem::endpoint::BoxEndpoint;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::{EndpointExt, Server};

use crate::app::App;
use crate::config::Config;

/// The HTTP server, bound and ready to run.
pub struct Application {
    app: Arc<App>,
    acceptor: TcpAcceptor,
    addr: SocketAddr,
    metrics_acceptor: Option<(TcpAcceptor, SocketAddr)>,
    mounted: Vec<(String, BoxEndpoint<'static>)>,
}

impl Application {
    /// Builds the app (creating the first admin from `ADMIN_USERNAME` when
    /// there is none) and binds the listener (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let listen = config.listen_addr;
        let app = Arc::new(App::build(config).await?);
        crate::actions::admins::ensure_initial(&app).await?;
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
            mounted: Vec::new(),
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

    /// Serves `endpoint` at `path` beside the other routes (the bot's
    /// webhook, in webhook mode).
    pub fn mount(&mut self, path: impl Into<String>, endpoint: BoxEndpoint<'static>) {
        self.mounted.push((path.into(), endpoint));
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
        let routes = super::routes_with(self.app.clone(), self.mounted)
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
            super::metrics::listener_routes(self.app.clone()),
            wait(stopped),
            Some(Duration::from_secs(10)),
        );
        let (main, metrics) = tokio::join!(main, metrics);
        main.context("the HTTP server failed")?;
        metrics.context("the metrics server (METRICS_ADDR) failed")?;
        Ok(())
    }
}
