//! The one place every update goes through once the gate admitted it: the
//! private-chat rule, loading the dialogue and the participant, routing to
//! a flow, and turning any failure into an apology, a menu and a logged
//! cause chain.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::types::{
    CallbackQuery, ChatId, MediaKind, Message, MessageId, MessageKind, Update, UpdateKind, User,
};

use super::callback::{Callback, Screen};
use super::state::{Saved, State};
use super::turn::Turn;
use super::{
    BotContext, feedback, info, keyboards, language, logging, profile, registration, settings,
    stats, workouts,
};
use crate::i18n::Language;
use crate::tr;

/// How an update's handling ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Handled.
    Handled,
    /// Not for the bot (group chatter, channels, update kinds it does not use).
    Ignored,
    /// Dropped as it arrived: its chat sent too much, too fast.
    Throttled,
    /// Dropped unhandled: the bot was stopping and its grace period was over.
    Abandoned,
    /// The handler failed; the person got an apology.
    Failed,
}

/// Told about every update once it is handled, e.g. to count and time them.
pub trait UpdateObserver: Send + Sync {
    /// `update` was handled with `outcome` in `took`.
    fn handled(&self, update: &Update, outcome: Outcome, took: Duration);
}

/// Handles one update the gate admitted. Never fails and never panics
/// outward: no update can stop the bot.
pub async fn handle_update(ctx: Arc<BotContext>, update: Update) {
    let chat = update.chat().map(|c| c.id.0);
    if ctx.stopping.overdue() {
        ctx.stopping.abandon();
        report(&ctx, &update, Outcome::Abandoned, Duration::ZERO);
    } else {
        let started = Instant::now();
        let result = AssertUnwindSafe(route(&ctx, &update)).catch_unwind().await;
        let outcome = match result {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(error)) => {
                tracing::error!(
                    update = update.id.0,
                    error = format!("{error:#}"),
                    "a bot handler failed"
                );
                apologise(&ctx, &update).await;
                Outcome::Failed
            }
            Err(panic) => {
                let reason = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(update = update.id.0, reason, "a bot handler panicked");
                apologise(&ctx, &update).await;
                Outcome::Failed
            }
        };
        report(&ctx, &update, outcome, started.elapsed());
    }
    if let Some(chat) = chat {
        ctx.gate.finished(chat);
    }
}

/// Counts `update` in the metrics and tells the observer how it ended.
pub(super) fn report(ctx: &BotContext, update: &Update, outcome: Outcome, took: Duration) {
    let metrics = ctx.app.metrics.bot();
    metrics.update_received(update_kind(update));
    if matches!(outcome, Outcome::Throttled | Outcome::Abandoned) {
        metrics.update_dropped(match outcome {
            Outcome::Throttled => crate::metrics::bot::DropReason::Flood,
            _ => crate::metrics::bot::DropReason::Stopping,
        });
    } else {
        metrics.handler_finished(took.as_secs_f64(), !matches!(outcome, Outcome::Failed));
    }
    if let Some(observer) = &ctx.observer {
        observer.handled(update, outcome, took);
    }
}

/// The metrics label of an update: a closed set, never user text.
fn update_kind(update: &Update) -> crate::metrics::bot::UpdateKind {
    use crate::metrics::bot::UpdateKind as Kind;
    match &update.kind {
        UpdateKind::Message(_) => Kind::Message,
        UpdateKind::EditedMessage(_) => Kind::EditedMessage,
        UpdateKind::CallbackQuery(_) => Kind::CallbackQuery,
        UpdateKind::InlineQuery(_) => Kind::InlineQuery,
        UpdateKind::MyChatMember(_) => Kind::MyChatMember,
        _ => Kind::Other,
    }
}

/// How long the apology may wait for the database to tell whether the
/// person is registered.
const APOLOGY_LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);

async fn apologise(ctx: &BotContext, update: &Update) {
    if let UpdateKind::CallbackQuery(q) = &update.kind {
        let _ = ctx.telegram.answer_callback(&q.id, None).await;
    }
    if let Some(chat) = update.chat().filter(|c| c.is_private()) {
        // Only to pick the menu's buttons: when the database is what failed,
        // the apology must not wait for it a second time. In the language
        // of their Telegram app, for the same reason.
        let lang = Language::from_telegram(update.from().and_then(|u| u.language_code.as_deref()));
        let registered = match update.from() {
            Some(user) => matches!(
                tokio::time::timeout(
                    APOLOGY_LOOKUP_TIMEOUT,
                    ctx.app.store.participant_by_telegram_id(user.id.0 as i64),
                )
                .await,
                Ok(Ok(Some(_)))
            ),
            None => false,
        };
        if let Err(e) = ctx
            .telegram
            .send(
                chat.id,
                &lang.t("bot-apology"),
                Some(keyboards::main_menu(lang, registered)),
            )
            .await
        {
            tracing::warn!(error = %e, "could not send the apology");
        }
    }
}

async fn route(ctx: &BotContext, update: &Update) -> anyhow::Result<Outcome> {
    match &update.kind {
        UpdateKind::Message(message) => on_message(ctx, message).await,
        UpdateKind::EditedMessage(message) => on_edited(ctx, message).await,
        UpdateKind::CallbackQuery(query) => on_callback(ctx, query).await,
        UpdateKind::InlineQuery(query) => super::inline::answer(ctx, query)
            .await
            .map(|()| Outcome::Handled),
        _ => Ok(Outcome::Ignored),
    }
}

async fn turn<'a>(
    ctx: &'a BotContext,
    chat: ChatId,
    user: &User,
    origin: Option<MessageId>,
) -> anyhow::Result<Turn<'a>> {
    // The dialogue, the person's registration and the competition in one
    // round trip.
    let context = ctx.app.store.chat_context(chat.0, user.id.0 as i64).await?;
    let stored = match &context.dialogue_state {
        None => Some(Saved {
            state: State::Idle,
            screen: None,
        }),
        Some(json) => super::storage::decode(chat, json),
    };
    let state = stored.as_ref().map(|s| s.state.clone()).unwrap_or_default();
    let lang = context
        .language
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_else(|| Language::from_telegram(user.language_code.as_deref()));
    let screen = stored
        .as_ref()
        .and_then(|s| s.screen)
        .unwrap_or_else(Screen::fresh);
    let mut t = Turn {
        ctx,
        chat,
        user: user.clone(),
        origin,
        state,
        screen,
        participant: context.participant,
        lang,
        dialogue: Dialogue::new(ctx.storage.clone(), chat),
        stored,
        competition: context.active_competition,
        notice: None,
        resuming: false,
        resume_wanted: false,
        now: chrono::Utc::now(),
    };
    if t.state != State::Idle && t.stored.as_ref().is_some_and(|s| s.screen.is_none()) {
        // A step stored before buttons carried screens: give it one now,
        // so that the buttons shown from here on work.
        t.save().await?;
    }
    if context.unreachable
        && let Some(actor) = t.actor().filter(|_| t.chat.0 == t.user.id.0 as i64)
        && let Some(p) = &t.participant
    {
        // They had blocked the bot and write to it again: messages go to
        // them again.
        crate::actions::reminders::note_reachable(&ctx.app, &actor, p.id).await?;
    }
    deliver_notices(&mut t).await?;
    Ok(t)
}

/// Gives the person the notices left for them (an organiser rejected an
/// entry, and why) before answering what they sent.
async fn deliver_notices(t: &mut Turn<'_>) -> anyhow::Result<()> {
    // Only in the person's own chat with the bot.
    let Some(actor) = t.actor().filter(|_| t.chat.0 == t.user.id.0 as i64) else {
        return Ok(());
    };
    for notice in crate::actions::reviews::my_notices(&t.ctx.app, &actor).await? {
        t.say(&notice.message.render(t.lang), None).await?;
        crate::actions::reviews::notice_given(&t.ctx.app, &actor, notice.id).await?;
    }
    Ok(())
}

async fn on_message(ctx: &BotContext, message: &Message) -> anyhow::Result<Outcome> {
    if !message.chat.is_private() {
        // The gate lets through only commands meant for the bot, at most
        // one per group now and then: one polite line, in the language of
        // the sender's Telegram app.
        let lang = Language::from_telegram(
            message
                .from
                .as_ref()
                .and_then(|u| u.language_code.as_deref()),
        );
        ctx.telegram
            .send(message.chat.id, &lang.t("bot-private-only"), None)
            .await?;
        return Ok(Outcome::Handled);
    }
    let Some(user) = message.from.as_ref().filter(|u| !u.is_bot) else {
        return Ok(Outcome::Ignored);
    };
    if !matches!(message.kind, MessageKind::Common(_)) {
        // Service messages (pinned, chat settings, …): nothing to answer.
        return Ok(Outcome::Ignored);
    }
    let mut t = turn(ctx, message.chat.id, user, None).await?;
    // A workout file (also forwarded, whatever its caption says).
    if let MessageKind::Common(common) = &message.kind
        && let MediaKind::Document(d) = &common.media_kind
    {
        workouts::on_document(&mut t, &d.document).await?;
        resume_if_wanted(&mut t).await?;
        return Ok(Outcome::Handled);
    }
    // A photo captioned "running 30" means the same as the text.
    let text = message
        .text()
        .or_else(|| message.caption())
        .unwrap_or("")
        .trim();
    if text.is_empty() {
        unsupported(&mut t, message).await?;
        return Ok(Outcome::Handled);
    }
    if let Some(command) = command_of(text) {
        on_command(&mut t, &command).await?;
    } else {
        on_text(&mut t, text).await?;
    }
    resume_if_wanted(&mut t).await?;
    Ok(Outcome::Handled)
}

/// A sticker, voice message, bare photo…: say what the bot understands,
/// and show the open step again so that it stays in sight.
async fn unsupported(t: &mut Turn<'_>, message: &Message) -> anyhow::Result<()> {
    let what = match &message.kind {
        MessageKind::Common(common) => match &common.media_kind {
            MediaKind::Sticker(_) => "sticker",
            MediaKind::Voice(_) | MediaKind::Audio(_) => "voice",
            MediaKind::Photo(_) => "photo",
            MediaKind::Video(_) | MediaKind::VideoNote(_) | MediaKind::Animation(_) => "video",
            MediaKind::Document(_) => "file",
            MediaKind::Location(_) | MediaKind::Venue(_) => "location",
            MediaKind::Contact(_) => "contact",
            _ => "other",
        },
        _ => "other",
    };
    let line = tr!(t.lang, "bot-unsupported", kind = what);
    if t.state == State::Idle {
        return t.menu(Some(&line)).await;
    }
    let text = tr!(t.lang, "bot-unsupported-resume", line = line);
    t.say(&text, None).await?;
    resume(t).await
}

/// An edited message: the bot acted on (or refused) the original already,
/// so it says so instead of staying silent.
async fn on_edited(ctx: &BotContext, message: &Message) -> anyhow::Result<Outcome> {
    if !message.chat.is_private() || message.from.as_ref().is_none_or(|u| u.is_bot) {
        return Ok(Outcome::Ignored);
    }
    let user = message.from.as_ref();
    let chosen = match user {
        Some(u) => ctx.app.store.bot_language(u.id.0 as i64).await?,
        None => None,
    };
    let lang = chosen
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_else(|| Language::from_telegram(user.and_then(|u| u.language_code.as_deref())));
    ctx.telegram
        .send(message.chat.id, &lang.t("bot-edited-message"), None)
        .await?;
    Ok(Outcome::Handled)
}

/// "/log@MyBot extra" → "log".
fn command_of(text: &str) -> Option<String> {
    let word = text.strip_prefix('/')?.split_whitespace().next()?;
    let name = word.split('@').next().unwrap_or(word);
    Some(name.to_ascii_lowercase())
}

async fn on_command(t: &mut Turn<'_>, command: &str) -> anyhow::Result<()> {
    match command {
        "start" => registration::start(t).await,
        "cancel" => {
            let was_busy = t.state != State::Idle;
            let heading = t.t(if was_busy {
                "bot-cancelled"
            } else {
                "bot-nothing-to-cancel"
            });
            t.menu(Some(&heading)).await
        }
        "help" => {
            let (text, keyboard) = (super::texts::help(t.lang), t.main_menu());
            t.say(&text, Some(keyboard)).await
        }
        "language" | "kieli" => language::show(t).await,
        "log" => logging::start(t).await,
        "stats" => stats::menu(t).await,
        "profile" => profile::show(t).await,
        "mydata" | "omattiedot" => profile::my_data(t).await,
        "feedback" => feedback::start(t).await,
        "settings" | "asetukset" => settings::show(t).await,
        _ => {
            let (text, keyboard) = (t.t("bot-unknown-command"), t.main_menu());
            t.say(&text, Some(keyboard)).await
        }
    }
}

async fn on_text(t: &mut Turn<'_>, text: &str) -> anyhow::Result<()> {
    match t.state.clone() {
        State::LogDuration { code, date } => logging::typed_duration(t, &code, date, text).await,
        State::LogDate { code, minutes } => logging::typed_date(t, &code, minutes, text).await,
        State::FeedbackRatings { ratings } => feedback::typed_rating(t, ratings, text).await,
        State::FeedbackText { ratings } => feedback::text(t, ratings, text).await,
        State::WorkoutActivity { .. } => workouts::typed(t, text).await,
        // The categories screen invites typing an activity ("swim 45"), and
        // so does every step before one is chosen.
        State::LogActivity { .. } | State::LogIntensity { .. } if t.participant.is_some() => {
            logging::quick_entry(t, text).await
        }
        State::Idle => {
            if t.participant.is_some() {
                logging::quick_entry(t, text).await
            } else {
                let text = t.t("bot-not-registered");
                t.say(&text, Some(keyboards::main_menu(t.lang, false)))
                    .await
            }
        }
        _ => {
            let text = t.t("bot-use-buttons");
            t.say(&text, None).await?;
            resume(t).await
        }
    }
}

/// Shows the open step again when a flow found its button expired.
async fn resume_if_wanted(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if std::mem::take(&mut t.resume_wanted) {
        resume(t).await?;
    }
    Ok(())
}

/// Shows the current step again as a new message (after text where a
/// button was expected, or a button from an older message).
async fn resume(t: &mut Turn<'_>) -> anyhow::Result<()> {
    t.origin = None;
    match t.state.clone() {
        State::Idle => t.menu(None).await,
        State::RegisterTerms => registration::show_terms(t).await,
        State::RegisterGuild => registration::show_guilds(t).await,
        State::RegisterConfirm { guild, .. } => registration::show_confirm(t, &guild).await,
        State::LogActivity { .. } => logging::show_categories(t).await,
        State::LogIntensity {
            category, activity, ..
        } => logging::show_intensities(t, category, activity).await,
        State::LogDate { code, .. } => logging::show_dates(t, &code, None).await,
        State::LogDuration { code, date } => logging::show_durations(t, &code, date).await,
        State::LogReview {
            code,
            date,
            minutes,
        } => logging::show_review(t, &code, date, minutes).await,
        State::FeedbackRatings { ratings } => feedback::ask_rating(t, &ratings).await,
        State::FeedbackText { .. } => feedback::ask_text(t).await,
        State::WorkoutCard { card } => workouts::show_card(t, &card, &[]).await,
        State::WorkoutActivity { card, entry } => workouts::show_categories(t, &card, entry).await,
        State::WorkoutIntensity {
            category, activity, ..
        } => workouts::show_intensities(t, category, activity).await,
    }
}

async fn on_callback(ctx: &BotContext, query: &CallbackQuery) -> anyhow::Result<Outcome> {
    let Some(message) = &query.message else {
        ctx.telegram.answer_callback(&query.id, None).await?;
        return Ok(Outcome::Ignored);
    };
    let chat = message.chat();
    if !chat.is_private() {
        let lang = Language::from_telegram(query.from.language_code.as_deref());
        ctx.telegram
            .answer_callback(&query.id, Some(&lang.t("bot-private-only")))
            .await?;
        return Ok(Outcome::Handled);
    }
    let mut t = turn(ctx, chat.id, &query.from, Some(message.id())).await?;
    let result = match Callback::decode(query.data.as_deref().unwrap_or("")) {
        Some(callback) => on_button(&mut t, callback).await,
        None => t.stale().await,
    };
    let result = match result {
        Ok(()) => resume_if_wanted(&mut t).await,
        failed => failed,
    };
    // Answer the tap even when the handler failed, so the button stops spinning.
    let notice = t.notice.take();
    let answered = ctx
        .telegram
        .answer_callback(&query.id, notice.as_deref())
        .await;
    result?;
    answered?;
    Ok(Outcome::Handled)
}

async fn on_button(t: &mut Turn<'_>, callback: Callback) -> anyhow::Result<()> {
    match callback {
        Callback::Nothing => Ok(()),
        Callback::Menu => t.menu(None).await,
        Callback::Leave(screen) => {
            if t.on_screen(screen) || t.state == State::Idle {
                t.menu(None).await
            } else {
                t.stale().await
            }
        }
        Callback::Info(page) => info::show(t, page).await,
        Callback::Language(None) => language::show(t).await,
        Callback::Language(Some(chosen)) => language::choose(t, chosen).await,
        Callback::Register(button) => registration::callback(t, button).await,
        Callback::Profile(button) => profile::callback(t, button).await,
        Callback::Log(_)
        | Callback::Stats(_)
        | Callback::Feedback(_)
        | Callback::Workout(_)
        | Callback::Settings(_)
            if t.participant.is_none() =>
        {
            t.registered().await.map(|_| ())
        }
        Callback::Log(button) => logging::callback(t, button).await,
        Callback::Stats(view) => stats::callback(t, view).await,
        Callback::Feedback(button) => feedback::callback(t, button).await,
        Callback::Workout(button) => workouts::callback(t, button).await,
        Callback::Settings(button) => settings::callback(t, button).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_recognised_with_and_without_the_bot_name() {
        assert_eq!(command_of("/start").as_deref(), Some("start"));
        assert_eq!(command_of("/LOG@ActivityBot now").as_deref(), Some("log"));
        assert_eq!(command_of("swim 30"), None);
    }
}
