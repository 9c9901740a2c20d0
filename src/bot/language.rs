//! `/language`: the person picks the language the bot speaks to them. The
//! choice is remembered (registered or not) and their command menu follows.

use super::keyboards;
use super::state::State;
use super::turn::Turn;
use crate::i18n::Language;

/// The languages to choose from.
pub async fn show(t: &mut Turn<'_>) -> anyhow::Result<()> {
    t.set_state(State::Idle).await?;
    let text = t.t("bot-language-choose");
    t.show(&text, keyboards::languages(t.lang)).await
}

/// `chosen` was tapped: remember it, answer in it.
pub async fn choose(t: &mut Turn<'_>, chosen: Language) -> anyhow::Result<()> {
    let telegram_id = t.user.id.0 as i64;
    crate::actions::participants::choose_language(&t.ctx.app, telegram_id, chosen).await?;
    t.lang = chosen;
    // Their own command menu, in their language; a convenience only.
    if let Err(e) = t
        .ctx
        .telegram
        .set_commands(&super::texts::commands(chosen), None, Some(t.chat))
        .await
    {
        tracing::warn!(error = %e, "could not set a chat's command menu");
    }
    let done = t.t("bot-language-chosen");
    t.notice(done.clone());
    t.menu(Some(&done)).await
}
