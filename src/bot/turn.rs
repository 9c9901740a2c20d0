//! One update being handled: who, where, which step, and how to answer.

use chrono::{DateTime, Utc};
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::types::{ChatId, InlineKeyboardMarkup, MessageId, User};

use super::BotContext;
use super::keyboards;
use super::state::State;
use super::storage::DbStorage;
use super::texts;
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
    pub participant: Option<Participant>,
    pub dialogue: Dialogue<State, DbStorage>,
    /// The state as stored when it is known (`None` when the stored one
    /// could not be read back), so that an unchanged state is not written.
    pub stored: Option<State>,
    /// The active competition, read when the update arrived.
    pub competition: Option<Competition>,
    /// The short notice shown on the tapped button's answer.
    pub notice: Option<String>,
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

    /// Moves the dialogue to `state`.
    pub async fn set_state(&mut self, state: State) -> anyhow::Result<()> {
        if self.stored.as_ref() != Some(&state) {
            self.dialogue.update(state.clone()).await?;
            self.stored = Some(state.clone());
        }
        self.state = state;
        Ok(())
    }

    /// Ends any wizard and shows the main menu with `heading` above it.
    pub async fn menu(&mut self, heading: Option<&str>) -> anyhow::Result<()> {
        self.set_state(State::Idle).await?;
        let text = match heading {
            Some(h) => format!("{h}\n\n{}", texts::MENU),
            None => texts::MENU.to_string(),
        };
        let registered = self.participant.is_some();
        self.show(&text, keyboards::main_menu(registered)).await
    }

    /// Answers a button from an old message: a notice and the menu.
    pub async fn stale(&mut self) -> anyhow::Result<()> {
        self.notice(texts::STALE_BUTTON);
        let registered = self.participant.is_some();
        self.say(texts::MENU, Some(keyboards::main_menu(registered)))
            .await
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
        self.show(texts::NOT_REGISTERED, keyboards::main_menu(false))
            .await?;
        Ok(None)
    }
}
