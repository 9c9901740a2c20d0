//! Registration: terms → guild → confirm.

use super::keyboards::{button, grid, menu_button, rows};
use super::state::State;
use super::texts::{self, escape};
use super::turn::Turn;
use crate::domain::Phase;
use crate::store::participants::{NewParticipant, Registration};

/// `/start`: the menu for participants, registration for newcomers.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if let Some(p) = t.participant.clone() {
        let greeting = format!("👋 Welcome back, {}!", escape(&p.first_name));
        return t.menu(Some(&greeting)).await;
    }
    if let Some(competition) = t.competition.clone()
        && let Phase::Finished { ended_on } = competition.calendar().phase(t.now)
    {
        t.set_state(State::Idle).await?;
        let text = format!(
            "👋 Hello! The {} ended on {ended_on}, so registration is closed. Thanks for your interest!",
            escape(&competition.name)
        );
        return t.show(&text, super::keyboards::just_menu()).await;
    }
    t.set_state(State::RegisterTerms).await?;
    show_terms(t).await
}

/// The terms with accept and decline.
pub async fn show_terms(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let text = format!(
        "👋 Hello {}! Welcome to the Activity Challenge.\n\n{}\n\nDo you accept these terms?",
        escape(&t.user.first_name),
        texts::TERMS
    );
    t.show(
        &text,
        rows(vec![vec![
            button("✅ Accept", "reg:accept"),
            button("❌ Decline", "reg:decline"),
        ]]),
    )
    .await
}

/// The active guilds to choose from.
pub async fn show_guilds(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let guilds = t.ctx.app.store.active_guilds().await?;
    if guilds.is_empty() {
        t.set_state(State::Idle).await?;
        return t
            .show(
                "There are no guilds open for registration yet. Please try again later (send /start).",
                super::keyboards::just_menu(),
            )
            .await;
    }
    let buttons = guilds
        .iter()
        .map(|g| button(g.name.clone(), format!("reg:g:{}", g.id)))
        .collect();
    t.show(
        "🏰 <b>Pick your guild</b>\nYour points count for the guild you choose.",
        grid(buttons, 2, vec![button("✖ Cancel", "reg:decline")]),
    )
    .await
}

/// "Join this guild?"
pub async fn show_confirm(t: &mut Turn<'_>, guild: &str) -> anyhow::Result<()> {
    let text = format!(
        "You are joining <b>{}</b> as {}. Is that right?",
        escape(guild),
        escape(&t.user.first_name)
    );
    t.show(
        &text,
        rows(vec![
            vec![button("✅ Join", "reg:ok")],
            vec![button("↩ Pick another guild", "reg:back")],
        ]),
    )
    .await
}

/// Registration buttons.
pub async fn callback(t: &mut Turn<'_>, action: &str) -> anyhow::Result<()> {
    if t.participant.is_some() {
        t.notice("You are already registered.");
        return t.menu(None).await;
    }
    let (verb, arg) = action.split_once(':').unwrap_or((action, ""));
    match (verb, t.state.clone()) {
        ("start", _) => start(t).await,
        ("accept", State::RegisterTerms) => {
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        ("decline", _) => {
            t.set_state(State::Idle).await?;
            t.show(
                "No problem. You can register any time with /start.",
                rows(vec![vec![
                    button("✅ Register", "reg:start"),
                    menu_button(),
                ]]),
            )
            .await
        }
        ("g", State::RegisterGuild) => {
            let guild = match arg.parse::<i64>() {
                Ok(id) => t.ctx.app.store.guild(id).await.ok().filter(|g| g.active),
                Err(_) => None,
            };
            match guild {
                Some(g) => {
                    t.set_state(State::RegisterConfirm {
                        guild: g.name.clone(),
                    })
                    .await?;
                    show_confirm(t, &g.name).await
                }
                None => {
                    t.notice("That guild is no longer open; pick another.");
                    show_guilds(t).await
                }
            }
        }
        ("back", State::RegisterConfirm { .. }) => {
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        ("ok", State::RegisterConfirm { guild }) => register(t, &guild).await,
        _ => t.stale().await,
    }
}

async fn register(t: &mut Turn<'_>, guild: &str) -> anyhow::Result<()> {
    let new = NewParticipant {
        telegram_id: t.user.id.0 as i64,
        username: t.user.username.clone(),
        first_name: texts::truncate(&t.user.first_name, 100),
        last_name: t.user.last_name.as_deref().map(|l| texts::truncate(l, 100)),
        guild: guild.to_string(),
        is_test_user: false,
    };
    let registration = crate::actions::participants::register(&t.ctx.app, new).await;
    match registration {
        Ok(Registration::Created(p)) | Ok(Registration::AlreadyRegistered(p)) => {
            let heading = format!(
                "🎉 Welcome to <b>{}</b>, {}! You are registered.\nLog your first activity with the button below or by typing e.g. <code>running 30</code>.",
                escape(p.guild.as_deref().unwrap_or(guild)),
                escape(&p.first_name)
            );
            t.participant = Some(p);
            t.menu(Some(&heading)).await
        }
        Err(
            crate::actions::ActionError::NotFound(_) | crate::actions::ActionError::Rejected(_),
        ) => {
            t.notice("That guild is no longer open; pick another.");
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        Err(e) => Err(e.into()),
    }
}
