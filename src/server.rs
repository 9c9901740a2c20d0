//! `serve`: where the frontends meet. The one module that wires the HTTP
//! server, the Telegram bot and the job runner together over one [`App`];
//! no frontend imports another.

use std::process::ExitCode;
use std::sync::Arc;

use crate::config::Config;

/// The `activity-challenge` command: the command line, with `serve` and
/// `api spec` provided from here.
pub fn main() -> ExitCode {
    crate::cli::main(crate::cli::Entry {
        serve: |config| Box::pin(serve(config)),
        api_spec: crate::web::api::spec_json,
    })
}

/// Runs the server until SIGTERM or Ctrl-C: the HTTP server, the bot (when
/// a token is configured) and the scheduled jobs, then stops them in turn.
///
/// The signal handlers are installed before anything else happens, so a
/// stop at any moment — while the database is still being reached, or just
/// after the listener answers — is a graceful one that exits 0.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let mut shutdown = Box::pin(shutdown_signal()?);
    tracing::info!(database = %config.database.redacted_url(), "starting Activity Challenge");
    if config.bot_token.is_none() {
        tracing::info!("the Telegram bot is off: set TELEGRAM_BOT_TOKEN to turn it on");
    }
    let mut application = tokio::select! {
        built = crate::web::Application::build(config) => built?,
        () = &mut shutdown => {
            tracing::info!("stopped before start-up had finished");
            return Ok(());
        }
    };
    let app = application.app();
    // The bot reaches Telegram in the background: whatever Telegram does,
    // the admin panel, the API and /metrics serve from here on.
    let bot = crate::bot::BotService::start(app.clone(), Default::default());
    if let Some(inbox) = bot.as_ref().and_then(|b| b.webhook_inbox()) {
        application.mount(inbox.path().to_string(), inbox.endpoint());
    }
    tracing::info!(
        "ready: http://{}/healthz, http://{}/readyz",
        application.addr(),
        application.addr()
    );
    let scheduler = crate::jobs::start(
        app.clone(),
        Arc::new(crate::jobs::SystemClock),
        std::time::Duration::from_secs(30),
    );
    let activations =
        crate::jobs::start_activations(app.clone(), std::time::Duration::from_secs(60));
    let served = application.run_until_stopped(shutdown).await;
    activations.stop().await;
    scheduler.stop().await;
    served?;
    if let Some(bot) = bot {
        bot.stop().await;
    }
    // Hold the pool until requests in flight are done, then close it cleanly.
    if let Ok(app) = Arc::try_unwrap(app) {
        app.store.close().await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// Installs the SIGTERM and Ctrl-C handlers now, and returns a future that
/// completes when either arrives. Installing them at once (not when the
/// future is first polled) is what makes an early stop graceful.
pub fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())
            .map_err(|e| anyhow::anyhow!("cannot install the SIGTERM handler: {e}"))?;
        let mut interrupt = signal(SignalKind::interrupt())
            .map_err(|e| anyhow::anyhow!("cannot install the Ctrl-C handler: {e}"))?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
            tracing::info!("shutting down: finishing requests in flight");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async move {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down: finishing requests in flight");
        })
    }
}
