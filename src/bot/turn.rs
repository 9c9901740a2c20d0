//! One update being handled: who, where, which step, and how to answer.

use chrono::{DateTime, Utc};
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::types::{ChatId, InlineKeyboardMarkup, MessageId, User};

use super::BotContext;
use super::callback::Screen;
use super::keyboards;
use super::state::{Saved, State};
use super::storage::DbStorage;
use crate::i18n::Language;
use crate::store::competitions::Competition;
use crate::store::participants::Participant;

/// The handling of one update.
pub struct Turn<'a> {
    pub ctx: &'a BotContext,
    pub chat: ChatId,
    pub user: User,
    /// The message whose button was tapped (answers edit it in place).
    pub origin: Option<MessageId>,
    pub state: State,
    /// The screen the state is shown on: what its buttons carry.
    pub screen: Screen,
    pub participant: Option<Participant>,
    /// The language the bot speaks to this person: their `/language`
    /// choice, else their Telegram app's.
    pub lang: Language,
    pub dialogue: Dialogue<Saved, DbStorage>,
    /// The state as stored when it is known (`None` when the stored one
    /// could not be read back), so that an unchanged state is not written.
    pub stored: Option<Saved>,
    /// The active competition, read when the update arrived.
    pub competition: Option<Competition>,
    /// The short notice shown on the tapped button's answer.
    pub notice: Option<String>,
    /// Set while the open step is shown again after an expired button: if
    /// that step cannot be shown either, the menu is.
    pub resuming: bool,
    /// Set by [`expired`](Self::expired): the dispatcher shows the open step
    /// again once the flow has returned.
    pub resume_wanted: bool,
    pub now: DateTime<Utc>,
}

impl Turn<'_> {
    /// Shows a screen: edits the tapped message, or sends a new one.
    pub async fn show(&mut self, text: &str, keyboard: InlineKeyboardMarkup) -> anyhow::Result<()> {
        match self.origin {
            Some(id) => {
                self.ctx
                    .telegram
                    .edit_or_send(self.chat, id, text, Some(keyboard))
                    .await?
            }
            None => {
                self.ctx
                    .telegram
                    .send(self.chat, text, Some(keyboard))
                    .await?;
            }
        }
        Ok(())
    }

    /// Sends a new message, leaving the tapped one as it is.
    pub async fn say(
        &mut self,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<()> {
        self.ctx.telegram.send(self.chat, text, keyboard).await?;
        Ok(())
    }

    /// Replaces the tapped message's text and removes its buttons (it
    /// stays as a record), or sends the text when nothing was tapped.
    pub async fn settle(&mut self, text: &str) -> anyhow::Result<()> {
        match self.origin {
            Some(id) => {
                self.ctx
                    .telegram
                    .edit_or_send(self.chat, id, text, None)
                    .await?
            }
            None => {
                self.ctx.telegram.send(self.chat, text, None).await?;
            }
        }
        Ok(())
    }

    /// Sets the notice shown when the tapped button is answered.
    pub fn notice(&mut self, text: impl Into<String>) {
        self.notice = Some(text.into());
    }

    /// Moves the dialogue to `state`. A different step gets a new screen,
    /// so that the buttons of every earlier message expire; the same step
    /// keeps its screen (showing it again leaves older copies working).
    pub async fn set_state(&mut self, state: State) -> anyhow::Result<()> {
        if state != self.state {
            self.screen = Screen::fresh();
        }
        self.state = state;
        self.save().await
    }

    /// Writes the state and screen, unless they are stored already (no
    /// wizard open is no row at all, whatever the screen).
    pub async fn save(&mut self) -> anyhow::Result<()> {
        let saved = Saved {
            state: self.state.clone(),
            screen: (self.state != State::Idle).then_some(self.screen),
        };
        if self.stored.as_ref() != Some(&saved) {
            self.dialogue.update(saved.clone()).await?;
            self.stored = Some(saved);
        }
        Ok(())
    }

    /// True when a button carrying `screen` belongs to the step the chat
    /// is at now.
    pub fn on_screen(&self, screen: Screen) -> bool {
        self.state != State::Idle && self.screen == screen
    }

    /// The message `id` in the person's language.
    pub fn t(&self, id: &'static str) -> String {
        self.lang.t(id)
    }

    /// The main menu's buttons, for a participant or a newcomer.
    pub fn main_menu(&self) -> InlineKeyboardMarkup {
        keyboards::main_menu(self.lang, self.participant.is_some())
    }

    /// Ends any wizard and shows the main menu with `heading` above it.
    pub async fn menu(&mut self, heading: Option<&str>) -> anyhow::Result<()> {
        self.set_state(State::Idle).await?;
        let menu = self.t("bot-menu");
        let text = match heading {
            Some(h) => format!("{h}\n\n{menu}"),
            None => menu,
        };
        let keyboard = self.full_menu().await?;
        self.show(&text, keyboard).await
    }

    /// The main menu, with a participant's pinned activities and then
    /// their most recent ones on top ("📌 Running 30 min", "🔁 Yoga 20 min").
    pub async fn full_menu(&self) -> anyhow::Result<InlineKeyboardMarkup> {
        let Some(p) = &self.participant else {
            return Ok(self.main_menu());
        };
        let favourites = self.ctx.app.store.favourites(p.id).await?;
        let recent = self
            .ctx
            .app
            .store
            .participant_activities(p.id, 0, 50)
            .await?;
        let buttons =
            keyboards::quick_buttons(self.lang, &self.ctx.app.catalogue, &favourites, &recent);
        Ok(keyboards::main_menu_with(self.lang, buttons))
    }

    /// Answers a button from an old message: a notice, its buttons taken
    /// off, and where the person is now (the open step, or the menu).
    pub async fn stale(&mut self) -> anyhow::Result<()> {
        let notice = self.t("bot-stale-button");
        self.expired(&notice).await
    }

    /// Like [`stale`](Self::stale), with `notice` as the answer. The open
    /// step is shown again by the dispatcher when the flow returns (a flow
    /// returns right after calling this).
    pub async fn expired(&mut self, notice: &str) -> anyhow::Result<()> {
        if self.resuming {
            // The open step itself no longer exists (e.g. the catalogue
            // changed under it): the menu is the way out.
            return self.menu(None).await;
        }
        self.notice(notice);
        if let Some(id) = self.origin {
            self.ctx.telegram.remove_keyboard(self.chat, id).await?;
        }
        self.resuming = true;
        self.resume_wanted = true;
        Ok(())
    }

    /// The participant as the actor of an action, when registered.
    pub fn actor(&self) -> Option<crate::actions::Actor> {
        self.participant
            .as_ref()
            .map(|p| crate::actions::Actor::Participant {
                id: p.id,
                telegram_id: p.telegram_id,
            })
    }

    /// The participant, or a prompt to register (then `None`).
    pub async fn registered(&mut self) -> anyhow::Result<Option<Participant>> {
        if let Some(p) = &self.participant {
            return Ok(Some(p.clone()));
        }
        self.set_state(State::Idle).await?;
        let text = self.t("bot-not-registered");
        self.show(&text, keyboards::main_menu(self.lang, false))
            .await?;
        Ok(None)
    }
}
