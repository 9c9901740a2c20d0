//! `/settings`: the daily reminder (off by default; an hour outside the
//! quiet hours, or off) and the weekly digest (on by default).

use super::callback::{Callback, SettingsButton};
use super::keyboards::{button, grid, menu_button, rows};
use super::state::State;
use super::turn::Turn;
use crate::actions::ActionError;
use crate::store::reminders::PersonSettings;
use crate::tr;

/// Hour buttons per row.
const HOURS_PER_ROW: usize = 4;

/// `/settings`.
pub async fn show(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    t.set_state(State::Idle).await?;
    let settings = crate::actions::reminders::settings(&t.ctx.app, &actor, p.id).await?;
    show_settings(t, settings).await
}

async fn show_settings(t: &mut Turn<'_>, settings: PersonSettings) -> anyhow::Result<()> {
    let reminder = match settings.reminder_hour {
        Some(hour) => tr!(t.lang, "bot-settings-reminder-at", hour = hour),
        None => t.t("bot-settings-reminder-none"),
    };
    let digest = t.t(if settings.weekly_digest {
        "bot-settings-digest-yes"
    } else {
        "bot-settings-digest-no"
    });
    let text = tr!(t.lang, "bot-settings", reminder = reminder, digest = digest);
    let mut keyboard = vec![vec![button(
        t.t("bot-button-reminder-hour"),
        Callback::Settings(SettingsButton::Hours),
    )]];
    if settings.reminder_hour.is_some() {
        keyboard.push(vec![button(
            t.t("bot-button-reminder-off"),
            Callback::Settings(SettingsButton::Reminder(None)),
        )]);
    }
    keyboard.push(vec![if settings.weekly_digest {
        button(
            t.t("bot-button-digest-off"),
            Callback::Settings(SettingsButton::Digest(false)),
        )
    } else {
        button(
            t.t("bot-button-digest-on"),
            Callback::Settings(SettingsButton::Digest(true)),
        )
    }]);
    keyboard.push(vec![menu_button(t.lang)]);
    t.show(&text, rows(keyboard)).await
}

/// The hours a reminder may be set for.
async fn show_hours(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let quiet = t.ctx.app.config.messages.quiet_hours;
    let text = if quiet.start == quiet.end {
        t.t("bot-settings-hours")
    } else {
        tr!(
            t.lang,
            "bot-settings-hours-quiet",
            start = quiet.start,
            end = quiet.end
        )
    };
    let hours = quiet
        .allowed_hours()
        .into_iter()
        .map(|h| {
            button(
                format!("{h:02}:00"),
                Callback::Settings(SettingsButton::Reminder(Some(h))),
            )
        })
        .collect();
    let back = button(
        t.t("bot-button-back"),
        Callback::Settings(SettingsButton::Show),
    );
    t.show(&text, grid(hours, HOURS_PER_ROW, vec![back])).await
}

/// A settings button.
pub async fn callback(t: &mut Turn<'_>, pressed: SettingsButton) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let app = t.ctx.app.clone();
    let changed = match pressed {
        SettingsButton::Show => return show(t).await,
        SettingsButton::Hours => return show_hours(t).await,
        SettingsButton::Reminder(hour) => {
            match crate::actions::reminders::set_reminder(&app, &actor, p.id, hour).await {
                Ok(settings) => {
                    t.notice(match hour {
                        Some(hour) => tr!(t.lang, "bot-reminder-set", hour = hour),
                        None => t.t("bot-reminder-turned-off"),
                    });
                    settings
                }
                Err(ActionError::Rejected(why)) => {
                    t.notice(why.render(t.lang));
                    return show_hours(t).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        SettingsButton::Digest(on) => {
            let settings =
                crate::actions::reminders::set_weekly_digest(&app, &actor, p.id, on).await?;
            t.notice(t.t(if on {
                "bot-digest-turned-on"
            } else {
                "bot-digest-turned-off"
            }));
            settings
        }
    };
    t.set_state(State::Idle).await?;
    show_settings(t, changed).await
}

/// The weekly digest's text.
pub(super) fn digest_text(
    lang: crate::i18n::Language,
    digest: &crate::domain::queue::WeeklyDigest,
) -> String {
    let sunday = digest
        .week
        .checked_add_days(chrono::Days::new(6))
        .unwrap_or(digest.week);
    let mut text = tr!(
        lang,
        "bot-digest",
        from = digest.week,
        to = sunday,
        points = crate::domain::Points::from_cents(digest.points_cents),
        days = digest.active_days,
        streak = digest.streak,
        rank = digest.rank,
        before = digest.rank_before
    );
    if let Some(guild) = &digest.guild {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-digest-guild",
            guild = super::texts::name(&guild.name),
            rank = guild.rank,
            before = guild.rank_before
        ));
    }
    text
}
