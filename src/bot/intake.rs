//! Where updates come in: the update source (long polling or the webhook)
//! wrapped so that every update passes the [`Gate`](super::flood::Gate)
//! before the dispatcher queues it behind its chat.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use super::BotContext;
use super::dispatch::{self, Outcome};
use super::flood::Verdict;

/// An update source whose updates are admitted or dropped as they arrive.
pub struct Intake<L> {
    inner: L,
    ctx: Arc<BotContext>,
}

impl<L> Intake<L> {
    /// Wraps `inner`.
    pub fn new(inner: L, ctx: Arc<BotContext>) -> Intake<L> {
        Intake { inner, ctx }
    }
}

impl<'a, L> AsUpdateStream<'a> for Intake<L>
where
    L: UpdateListener + Send + 'static,
    L::Err: Send,
{
    type StreamErr = L::Err;
    type Stream = BoxStream<'a, Result<Update, L::Err>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let ctx = self.ctx.clone();
        self.inner
            .as_stream()
            .filter_map(move |item| {
                let item = match item {
                    Ok(update) => admit(&ctx, update).map(Ok),
                    Err(e) => Some(Err(e)),
                };
                std::future::ready(item)
            })
            .boxed()
    }
}

impl<L> UpdateListener for Intake<L>
where
    L: UpdateListener + Send + 'static,
    L::Err: Send,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

/// The update, when the gate admits it; otherwise it is counted as dropped
/// or ignored here, and the person is told once when it was theirs.
fn admit(ctx: &Arc<BotContext>, update: Update) -> Option<Update> {
    match ctx.gate.check(&update) {
        Verdict::Admit => Some(update),
        Verdict::Ignore => {
            dispatch::report(ctx, &update, Outcome::Ignored, Duration::ZERO);
            None
        }
        Verdict::Drop { notice } => {
            dispatch::report(ctx, &update, Outcome::Throttled, Duration::ZERO);
            if notice && let Some(chat) = update.chat() {
                // Sent beside the chat's queue, not behind it; Telegram's
                // pacing for the chat still applies.
                let telegram = ctx.telegram.clone();
                let chat = chat.id;
                // The language of their Telegram app: looking up their own
                // choice would cost the database a query per dropped flood.
                let text = crate::i18n::Language::from_telegram(
                    update.from().and_then(|u| u.language_code.as_deref()),
                )
                .t("bot-slow-down");
                tokio::spawn(async move {
                    if let Err(e) = telegram.send(chat, &text, None).await {
                        tracing::warn!(error = %e, "could not send the slow-down notice");
                    }
                });
            }
            None
        }
    }
}
