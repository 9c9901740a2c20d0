//! Registration: terms → guild → confirm.

use super::callback::{Callback, RegisterButton};
use super::keyboards::{button, grid, menu_button, rows};
use super::state::State;
use super::texts::{self, escape};
use super::turn::Turn;
use crate::domain::Phase;
use crate::store::participants::{NewParticipant, Registration};
use crate::tr;

/// `/start`: the menu for participants, registration for newcomers.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if let Some(p) = t.participant.clone() {
        let greeting = tr!(
            t.lang,
            "bot-welcome-back",
            name = texts::name(&p.first_name)
        );
        return t.menu(Some(&greeting)).await;
    }
    if let Some(competition) = t.competition.clone()
        && let Phase::Finished { ended_on } = competition.calendar().phase(t.now)
    {
        t.set_state(State::Idle).await?;
        let text = tr!(
            t.lang,
            "bot-registration-closed",
            competition = escape(&competition.name),
            end = ended_on
        );
        return t.show(&text, super::keyboards::just_menu(t.lang)).await;
    }
    t.set_state(State::RegisterTerms).await?;
    show_terms(t).await
}

/// The terms with accept and decline.
pub async fn show_terms(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let text = tr!(
        t.lang,
        "bot-register-terms",
        name = texts::name(&t.user.first_name),
        terms = t.t("bot-terms")
    );
    let screen = t.screen;
    let keyboard = rows(vec![vec![
        button(
            t.t("bot-button-accept"),
            Callback::Register(RegisterButton::Accept(screen)),
        ),
        button(
            t.t("bot-button-decline"),
            Callback::Register(RegisterButton::Decline(screen)),
        ),
    ]]);
    t.show(&text, keyboard).await
}

/// The active guilds to choose from.
pub async fn show_guilds(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let guilds = t.ctx.app.store.active_guilds().await?;
    if guilds.is_empty() {
        t.set_state(State::Idle).await?;
        let text = t.t("bot-no-guilds");
        return t.show(&text, super::keyboards::just_menu(t.lang)).await;
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
    let keyboard = grid(
        buttons,
        2,
        vec![button(
            t.t("bot-button-cancel"),
            Callback::Register(RegisterButton::Decline(screen)),
        )],
    );
    let text = t.t("bot-pick-guild");
    t.show(&text, keyboard).await
}

/// "Join this guild?"
pub async fn show_confirm(t: &mut Turn<'_>, guild: &str) -> anyhow::Result<()> {
    let text = tr!(
        t.lang,
        "bot-confirm-guild",
        guild = texts::name(guild),
        name = texts::name(&t.user.first_name)
    );
    let screen = t.screen;
    let keyboard = rows(vec![
        vec![button(
            t.t("bot-button-join"),
            Callback::Register(RegisterButton::Join(screen)),
        )],
        vec![button(
            t.t("bot-button-other-guild"),
            Callback::Register(RegisterButton::Back(screen)),
        )],
    ]);
    t.show(&text, keyboard).await
}

/// Registration buttons.
pub async fn callback(t: &mut Turn<'_>, pressed: RegisterButton) -> anyhow::Result<()> {
    if t.participant.is_some() {
        t.notice(t.t("bot-already-registered"));
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
            let keyboard = rows(vec![vec![
                button(
                    t.t("bot-button-register"),
                    Callback::Register(RegisterButton::Start),
                ),
                menu_button(t.lang),
            ]]);
            let text = t.t("bot-declined");
            t.show(&text, keyboard).await
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
                    t.notice(t.t("bot-guild-gone"));
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
            let heading = tr!(
                t.lang,
                "bot-registered",
                guild = texts::name(p.guild.as_deref().unwrap_or(&guild)),
                name = texts::name(&p.first_name)
            );
            t.participant = Some(p);
            t.menu(Some(&heading)).await
        }
        Err(
            crate::actions::ActionError::NotFound(_) | crate::actions::ActionError::Rejected(_),
        ) => {
            t.notice(t.t("bot-guild-gone"));
            t.set_state(State::RegisterGuild).await?;
            show_guilds(t).await
        }
        Err(e) => Err(e.into()),
    }
}
