//! `serve`: the long-running server.

use crate::app::{Application, shutdown_signal};
use crate::config::Config;

pub(super) async fn run(config: Config) -> anyhow::Result<()> {
    tracing::info!(database = %config.database.redacted_url(), "starting Activity Challenge");
    if config.bot_token.is_none() {
        tracing::info!("the Telegram bot is off: set TELEGRAM_BOT_TOKEN to turn it on");
    }
    let mut application = Application::build(config).await?;
    let bot = crate::bot::BotService::start(application.app(), Default::default()).await?;
    if let Some(inbox) = bot.as_ref().and_then(|b| b.webhook_inbox()) {
        application.set_bot_webhook(inbox);
    }
    tracing::info!(
        "ready: http://{}/healthz, http://{}/readyz",
        application.addr(),
        application.addr()
    );
    let app = application.app();
    let scheduler = crate::ops::schedule::start(
        app.config.clone(),
        app.store.clone(),
        std::sync::Arc::new(crate::ops::schedule::SystemClock),
        std::time::Duration::from_secs(30),
    );
    let served = application.run_until_stopped(shutdown_signal()).await;
    if let Some(scheduler) = scheduler {
        scheduler.stop().await;
    }
    served?;
    if let Some(bot) = bot {
        bot.stop().await;
    }
    // Hold the pool until requests in flight are done, then close it cleanly.
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.store.close().await;
    }
    tracing::info!("stopped");
    Ok(())
}
