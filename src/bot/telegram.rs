//! Every request the bot makes to Telegram goes through [`Telegram`]: one
//! place that respects rate limits (teloxide's `Throttle`, which also waits
//! out a 429's `retry_after`), retries network errors and 5xx answers with
//! backoff, and is where request metrics belong. Without limits (measuring
//! the server against a local Bot API) requests go out directly: the
//! throttle releases queued messages only every quarter of a second.

use std::future::Future;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};

use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::net::Download;
use teloxide::payloads::{
    AnswerCallbackQuerySetters, AnswerInlineQuerySetters, EditMessageTextSetters,
    GetUpdatesSetters, SendDocumentSetters, SendMessageSetters, SetMyCommandsSetters,
    SetWebhookSetters,
};
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, BotCommandScope, CallbackQueryId, FileId, InlineKeyboardMarkup,
    InlineQueryId, InlineQueryResult, InputFile, MessageId, ParseMode, Recipient, Update,
};
use teloxide::{ApiError, DownloadError, RequestError};

use crate::metrics::bot::{BotMetrics, TelegramOutcome};

/// How many times a request is tried before its error is returned.
const MAX_ATTEMPTS: u32 = 4;

/// Telegram's limits for sending: 30 messages a second overall and one a
/// second per chat. teloxide's default also allows only 20 a minute in
/// every chat, which is Telegram's rule for groups; a private conversation
/// may go at a message a second.
pub const LIMITS: Limits = Limits {
    messages_per_sec_overall: 30,
    messages_per_sec_chat: 1,
    messages_per_min_chat: 60,
    messages_per_min_channel_or_supergroup: 20,
};

/// The bot's outgoing side.
#[derive(Clone)]
pub struct Telegram {
    bot: Sender,
    metrics: BotMetrics,
    /// How many times a request is tried before its error is returned.
    attempts: u32,
}

/// Paced by the throttle, or direct.
#[derive(Clone)]
enum Sender {
    Paced(Throttle<Bot>),
    Direct(Bot),
}

/// Evaluates `$body` with `$bot` bound to whichever sender is in use.
macro_rules! with_bot {
    ($sender:expr, $bot:ident => $body:expr) => {
        match $sender {
            Sender::Paced($bot) => $body,
            Sender::Direct($bot) => $body,
        }
    };
}

impl std::fmt::Debug for Telegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telegram").finish_non_exhaustive()
    }
}

impl Telegram {
    /// Wraps `bot` in `limits` (normally [`LIMITS`]; `None` sends without
    /// pacing), counting every call in `metrics`. Must be called inside a
    /// Tokio runtime.
    pub fn new(bot: Bot, limits: Option<Limits>, metrics: BotMetrics) -> Telegram {
        Telegram {
            bot: match limits {
                Some(limits) => Sender::Paced(bot.throttle(limits)),
                None => Sender::Direct(bot),
            },
            metrics,
            attempts: MAX_ATTEMPTS,
        }
    }

    /// The same client, trying each request once: for the bot's start-up
    /// and long polling, which pause and try again on their own terms.
    pub fn without_retries(&self) -> Telegram {
        Telegram {
            attempts: 1,
            ..self.clone()
        }
    }

    /// Sends a file as a document, with a caption in HTML parse mode.
    pub async fn send_document(
        &self,
        chat: ChatId,
        file_name: &str,
        content: Vec<u8>,
        caption: &str,
    ) -> Result<Message, RequestError> {
        self.call("sendDocument", || {
            with_bot!(&self.bot, bot => {
                bot.send_document(
                    Recipient::Id(chat),
                    InputFile::memory(content.clone()).file_name(file_name.to_string()),
                )
                .caption(caption)
                .parse_mode(ParseMode::Html)
                .into_future()
                .boxed()
            })
        })
        .await
    }

    /// Sends a message in HTML parse mode, with an optional inline keyboard.
    pub async fn send(
        &self,
        chat: ChatId,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Message, RequestError> {
        self.call("sendMessage", || {
            with_bot!(&self.bot, bot => {
                let request = bot
                    .send_message(Recipient::Id(chat), text)
                    .parse_mode(ParseMode::Html);
                match keyboard.clone() {
                    Some(k) => request.reply_markup(k),
                    None => request,
                }
                .into_future()
                .boxed()
            })
        })
        .await
    }

    /// Replaces a message's text and keyboard. Falls back to sending a new
    /// message when the old one cannot be edited (too old, deleted).
    pub async fn edit_or_send(
        &self,
        chat: ChatId,
        message: MessageId,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        let edited = self
            .call("editMessageText", || {
                with_bot!(&self.bot, bot => {
                    let request = bot
                        .edit_message_text(chat, message, text)
                        .parse_mode(ParseMode::Html);
                    match keyboard.clone() {
                        Some(k) => request.reply_markup(k),
                        None => request,
                    }
                    .into_future()
                    .boxed()
                })
            })
            .await;
        match edited {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
            Err(RequestError::Api(
                ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited,
            )) => self.send(chat, text, keyboard).await.map(|_| ()),
            Err(e) => Err(e),
        }
    }

    /// Takes the buttons off a message, leaving its text (an old message
    /// whose buttons no longer apply).
    pub async fn remove_keyboard(
        &self,
        chat: ChatId,
        message: MessageId,
    ) -> Result<(), RequestError> {
        let removed = self
            .call("editMessageReplyMarkup", || {
                with_bot!(&self.bot, bot => bot
                    .edit_message_reply_markup(chat, message)
                    .into_future()
                    .boxed())
            })
            .await;
        match removed {
            Ok(_)
            | Err(RequestError::Api(
                ApiError::MessageNotModified
                | ApiError::MessageToEditNotFound
                | ApiError::MessageCantBeEdited,
            )) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Where a file sent to the bot can be downloaded from, with its size
    /// as Telegram knows it (`getFile`).
    pub async fn file_path(&self, file: &FileId) -> Result<(String, u32), RequestError> {
        let found = self
            .call(
                "getFile",
                || with_bot!(&self.bot, bot => bot.get_file(file.clone()).into_future().boxed()),
            )
            .await?;
        Ok((found.path, found.meta.size))
    }

    /// Downloads a file by the path [`file_path`](Self::file_path) gave,
    /// stopping as soon as it is larger than `limit` bytes (then `None`).
    pub async fn download(
        &self,
        path: &str,
        limit: usize,
    ) -> Result<Option<Vec<u8>>, RequestError> {
        self.call("downloadFile", || {
            with_bot!(&self.bot, bot => {
                let mut stream = bot.download_file_stream(path);
                async move {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = stream.next().await {
                        let chunk = chunk.map_err(|e| RequestError::from(DownloadError::from(e)))?;
                        if bytes.len() + chunk.len() > limit {
                            return Ok(None);
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(Some(bytes))
                }
                .boxed()
            })
        })
        .await
    }

    /// The bot's own username (without "@"), as Telegram knows it.
    pub async fn username(&self) -> Result<Option<String>, RequestError> {
        let me = self
            .call(
                "getMe",
                || with_bot!(&self.bot, bot => bot.get_me().into_future().boxed()),
            )
            .await?;
        Ok(me.user.username.clone())
    }

    /// Answers a button tap, with a short notice when `text` is given.
    pub async fn answer_callback(
        &self,
        id: &CallbackQueryId,
        text: Option<&str>,
    ) -> Result<(), RequestError> {
        self.call("answerCallbackQuery", || {
            with_bot!(&self.bot, bot => {
                let request = bot.answer_callback_query(id.clone());
                match text {
                    Some(t) => request.text(t),
                    None => request,
                }
                .into_future()
                .boxed()
            })
        })
        .await
        .map(|_| ())
    }

    /// Answers an inline query with `results`, which Telegram may keep for
    /// `cache_seconds` for this person (the answer is in their language).
    pub async fn answer_inline(
        &self,
        id: &InlineQueryId,
        results: Vec<InlineQueryResult>,
        cache_seconds: u32,
    ) -> Result<(), RequestError> {
        self.call("answerInlineQuery", || {
            with_bot!(&self.bot, bot => bot
                .answer_inline_query(id.clone(), results.clone())
                .cache_time(cache_seconds)
                .is_personal(true)
                .into_future()
                .boxed())
        })
        .await
        .map(|_| ())
    }

    /// Registers the command list shown in Telegram's menu: for everyone
    /// whose app is in `language_code` (or for everyone else, with `None`),
    /// or for one `chat` (a person who chose a language in the bot).
    pub async fn set_commands(
        &self,
        commands: &[(&str, String)],
        language_code: Option<&str>,
        chat: Option<ChatId>,
    ) -> Result<(), RequestError> {
        let list: Vec<BotCommand> = commands
            .iter()
            .map(|(c, d)| BotCommand::new(*c, d.clone()))
            .collect();
        self.call("setMyCommands", || {
            with_bot!(&self.bot, bot => {
                let mut request = bot.set_my_commands(list.clone());
                if let Some(code) = language_code {
                    request = request.language_code(code);
                }
                if let Some(chat) = chat {
                    request = request.scope(BotCommandScope::Chat {
                        chat_id: Recipient::Id(chat),
                    });
                }
                request.into_future().boxed()
            })
        })
        .await
        .map(|_| ())
    }

    /// Asks Telegram to post updates to `url` with `secret` in the header.
    pub async fn set_webhook(&self, url: url::Url, secret: &str) -> Result<(), RequestError> {
        self.call("setWebhook", || {
            with_bot!(&self.bot, bot => bot
                .set_webhook(url.clone())
                .secret_token(secret.to_string())
                .into_future()
                .boxed())
        })
        .await
        .map(|_| ())
    }

    /// Long polling: the updates from `offset` on, waiting up to `timeout`
    /// seconds for news; `allowed` (the kinds the bot handles) is sent when
    /// given and then remembered by Telegram.
    pub async fn updates(
        &self,
        offset: i32,
        timeout: u32,
        limit: Option<u8>,
        allowed: Option<Vec<AllowedUpdate>>,
    ) -> Result<Vec<Update>, RequestError> {
        self.call("getUpdates", || {
            with_bot!(&self.bot, bot => {
                let mut request = bot.get_updates().offset(offset).timeout(timeout);
                if let Some(limit) = limit {
                    request = request.limit(limit);
                }
                if let Some(allowed) = allowed.clone() {
                    request = request.allowed_updates(allowed);
                }
                request.into_future().boxed()
            })
        })
        .await
    }

    /// Stops webhook delivery, so that long polling can take over.
    pub async fn delete_webhook(&self) -> Result<(), RequestError> {
        self.call(
            "deleteWebhook",
            || with_bot!(&self.bot, bot => bot.delete_webhook().into_future().boxed()),
        )
        .await
        .map(|_| ())
    }

    /// Sends a request built by `make`, retrying what may succeed later.
    async fn call<T, Fut>(
        &self,
        method: &'static str,
        mut make: impl FnMut() -> Fut,
    ) -> Result<T, RequestError>
    where
        Fut: Future<Output = Result<T, RequestError>>,
    {
        let mut delay = Duration::from_millis(250);
        let mut attempt = 1;
        loop {
            let result = make().await;
            self.metrics.telegram_call(method, outcome_of(&result));
            match result {
                Ok(value) => return Ok(value),
                Err(e) if attempt < self.attempts && retryable(&e).is_some() => {
                    self.metrics.telegram_retry(method);
                    let wait = retryable(&e).flatten().unwrap_or(delay);
                    tracing::warn!(method, attempt, error = %e, "Telegram request failed; retrying in {wait:?}");
                    tokio::time::sleep(wait).await;
                    delay = (delay * 2).min(Duration::from_secs(8));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// How a call ended, for the metrics.
fn outcome_of<T>(result: &Result<T, RequestError>) -> TelegramOutcome {
    match result {
        Ok(_) => TelegramOutcome::Ok,
        Err(RequestError::RetryAfter(_)) => TelegramOutcome::RateLimited,
        Err(RequestError::Network(_) | RequestError::Io(_)) => TelegramOutcome::NetworkError,
        Err(_) => TelegramOutcome::ApiError,
    }
}

/// `Some(wait)` when the error may go away: a 429 (wait as told), network
/// trouble or a server error (wait with backoff, `None`).
fn retryable(error: &RequestError) -> Option<Option<Duration>> {
    match error {
        RequestError::RetryAfter(after) => Some(Some(after.duration())),
        RequestError::Network(_) | RequestError::Io(_) => Some(None),
        // A 5xx answer from a proxy is often not JSON at all.
        RequestError::InvalidJson { .. } => Some(None),
        RequestError::Api(ApiError::Unknown(description)) => {
            let d = description.to_ascii_lowercase();
            (d.contains("internal server error")
                || d.contains("bad gateway")
                || d.contains("service unavailable")
                || d.contains("gateway timeout")
                || d.starts_with("too many requests"))
            .then_some(None)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// Every method this client calls has its zero series in the metrics
    /// from the first scrape.
    #[test]
    fn every_method_called_has_its_metric_series() {
        let source = include_str!("telegram.rs");
        let call = [".ca", "ll("].concat();
        let called: Vec<&str> = source
            .split(call.as_str())
            .skip(1)
            .filter_map(|rest| rest.trim_start().strip_prefix('"'))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(called.len() >= 6, "{called:?}");
        for method in called {
            assert!(
                crate::metrics::bot::BOT_API_METHODS.contains(&method),
                "{method} is missing from BOT_API_METHODS"
            );
        }
    }
}
