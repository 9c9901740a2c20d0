//! Registration: terms → guild → confirm.

use super::callback::{Callback, RegisterButton};
use super::keyboards::{button, grid, menu_button, rows};
use super::state::State;
use super::texts::{self, escape};
use super::turn::Turn;
use crate::domain::Phase;
use crate::store::participants::{NewParticipant, Registration};

/// `/start`: the menu for participants, registration for newcomers.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if let Some(p) = t.participant.clone() {
        let greeting = format!("👋 Welcome back, {}!", texts::name(&p.first_name));
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
        texts::name(&t.user.first_name),
        texts::TERMS
    );
    let screen = t.screen;
    t.show(
        &text,
        rows(vec![vec![
            button(
                "✅ Accept",
                Callback::Register(RegisterButton::Accept(screen)),
            ),
            button(
                "❌ Decline",
                Callback::Register(RegisterButton::Decline(screen)),
            ),
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
    let screen = t.screen;
    let buttons = guilds
        .iter()
        .map(|g| {
            button(
                g.name.clone(),
                Callback::Register(RegisterButton::Guild {
                    screen,
                    guild: g.id,
                }),
            )
        })
        .collect();
    t.show(
        "🏰 <b>Pick your guild</b>\nYour points count for the guild you choose.",
        grid(
            buttons,
            2,
            vec![button(
                "✖ Cancel",
                Callback::Register(RegisterButton::Decline(screen)),
            )],
        ),
    )
    .await
}

/// "Join this guild?"
pub async fn show_confirm(t: &mut Turn<'_>, guild: &str) -> anyhow::Result<()> {
    let text = format!(
        "You are joining <b>{}</b> as {}. Is that right?",
        texts::name(guild),
        texts::name(&t.user.first_name)
    );
    let screen = t.screen;
    t.show(
        &text,
        rows(vec![
            vec![button(
                "✅ Join",
                Callback::Register(RegisterButton::Join(screen)),
            )],
            vec![button(
                "↩ Pick another guild",
                Callback::Register(RegisterButton::Back(screen)),
            )],
        ]),
    )
    .await
}

/// Registration buttons.
pub async fn callback(t: &mut Turn<'_>, pressed: RegisterButton) -> anyhow::Result<()> {
    if t.participant.is_some() {
        t.notice("You are already registered.");
        return t.menu(None).await;
    }
    if let Some(screen) = Callback::Register(pressed).screen()
        && !t.on_screen(screen)
    {
        return t.stale().await;
    }
    match (pressed, t.state.clone()) {
        (RegisterButton::Start, _) => start(t).await,
        (RegisterButton::Accept(_), State::RegisterTerms) => {
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        (RegisterButton::Decline(_), _) => {
            t.set_state(State::Idle).await?;
            t.show(
                "No problem. You can register any time with /start.",
                rows(vec![vec![
                    button("✅ Register", Callback::Register(RegisterButton::Start)),
                    menu_button(),
                ]]),
            )
            .await
        }
        (RegisterButton::Guild { guild, .. }, State::RegisterGuild) => {
            match t.ctx.app.store.guild(guild).await.ok().filter(|g| g.active) {
                Some(g) => {
                    t.set_state(State::RegisterConfirm {
                        guild: g.name.clone(),
                        guild_id: Some(g.id),
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
        (RegisterButton::Back(_), State::RegisterConfirm { .. }) => {
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        (RegisterButton::Join(_), State::RegisterConfirm { guild, guild_id }) => {
            register(t, &guild, guild_id).await
        }
        _ => t.stale().await,
    }
}

async fn register(t: &mut Turn<'_>, shown: &str, guild_id: Option<i64>) -> anyhow::Result<()> {
    // The guild picked, under its name now: an organiser may have renamed
    // it while the person was reading the confirmation.
    let guild = match guild_id {
        Some(id) => match t.ctx.app.store.guild(id).await {
            Ok(g) => g.name,
            Err(crate::store::StoreError::NotFound(_)) => shown.to_string(),
            Err(e) => return Err(e.into()),
        },
        None => shown.to_string(),
    };
    let new = NewParticipant {
        telegram_id: t.user.id.0 as i64,
        username: t.user.username.clone(),
        first_name: texts::truncate(&t.user.first_name, 100),
        last_name: t.user.last_name.as_deref().map(|l| texts::truncate(l, 100)),
        guild: guild.clone(),
        is_test_user: false,
    };
    let registration = crate::actions::participants::register(&t.ctx.app, new).await;
    match registration {
        Ok(Registration::Created(p)) | Ok(Registration::AlreadyRegistered(p)) => {
            let heading = format!(
                "🎉 Welcome to <b>{}</b>, {}! You are registered.\nLog your first activity with the button below or by typing e.g. <code>running 30</code>.",
                texts::name(p.guild.as_deref().unwrap_or(&guild)),
                texts::name(&p.first_name)
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
