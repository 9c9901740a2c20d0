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
pub async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(database = %config.database.redacted_url(), "starting Activity Challenge");
    if config.bot_token.is_none() {
        tracing::info!("the Telegram bot is off: set TELEGRAM_BOT_TOKEN to turn it on");
    }
    let mut application = crate::web::Application::build(config).await?;
    let app = application.app();
    let bot = crate::bot::BotService::start(app.clone(), Default::default()).await?;
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
    let served = application.run_until_stopped(shutdown_signal()).await;
    activations.stop().await;
    if let Some(scheduler) = scheduler {
        scheduler.stop().await;
    }
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
