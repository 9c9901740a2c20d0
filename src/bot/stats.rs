//! Stats in the chat: my summary, the top 10, guild standings, my guild's top 10.

use super::keyboards::{button, menu_button, rows};
use super::texts::escape;
use super::turn::Turn;
use crate::store::standings::LeaderboardEntry;

/// The stats views; with the Mini App one tap away when the server has a
/// public https address (Telegram opens Mini Apps over https only).
fn stats_keyboard(t: &Turn<'_>) -> teloxide::types::InlineKeyboardMarkup {
    let mut keyboard = vec![
        vec![button("👤 Me", "st:me"), button("🏆 Top 10", "st:top")],
        vec![
            button("🏰 Guilds", "st:guilds"),
            button("👥 My guild", "st:guild"),
        ],
    ];
    if let Some(url) = t.ctx.app.config.api.mini_app_url() {
        keyboard.push(vec![teloxide::types::InlineKeyboardButton::web_app(
            "📱 Open the stats app",
            teloxide::types::WebAppInfo { url },
        )]);
    }
    keyboard.push(vec![menu_button()]);
    rows(keyboard)
}

/// `/stats`: my summary with the other views one tap away.
pub async fn menu(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if t.registered().await?.is_none() {
        return Ok(());
    }
    t.set_state(super::state::State::Idle).await?;
    me(t).await
}

async fn me(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let s = t.ctx.app.store.participant_summary(p.id).await?;
    let mut text = format!(
        "📊 <b>Your stats</b>\n\nPoints: <b>{}</b>\nRank: {} of {}\nIn {}: {} of {}",
        s.participant.points,
        s.global_rank,
        s.participants,
        escape(s.participant.guild.as_deref().unwrap_or("no guild")),
        s.guild_rank,
        s.guild_participants
    );
    if let Some(a) = &s.above {
        text.push_str(&format!(
            "\n\n⬆️ Just above: #{} {} with {} ({} ahead)",
            a.rank,
            escape(&a.first_name),
            a.points,
            a.gap
        ));
    }
    if let Some(b) = &s.below {
        text.push_str(&format!(
            "\n⬇️ Just below: #{} {} with {} ({} behind)",
            b.rank,
            escape(&b.first_name),
            b.points,
            b.gap
        ));
    }
    t.show(&text, stats_keyboard(t)).await
}

fn board(title: &str, entries: &[LeaderboardEntry], show_guild: bool) -> String {
    let mut text = format!("{title}\n");
    if entries.is_empty() {
        text.push_str("\nNobody has points yet — be the first!");
    }
    for e in entries {
        let guild = match (&e.guild, show_guild) {
            (Some(g), true) => format!(" ({})", escape(g)),
            _ => String::new(),
        };
        text.push_str(&format!(
            "\n{}. {}{guild} — {}",
            e.rank,
            escape(&e.first_name),
            e.points
        ));
    }
    text
}

/// Stats buttons.
pub async fn callback(t: &mut Turn<'_>, action: &str) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    match action {
        "menu" | "me" => me(t).await,
        "top" => {
            let top = t.ctx.app.store.leaderboard(10).await?;
            let text = board("🏆 <b>Top 10</b>", &top, true);
            t.show(&text, stats_keyboard(t)).await
        }
        "guilds" => {
            let standings = t.ctx.app.store.guild_standings().await?;
            let mut text = String::from(
                "🏰 <b>Guild standings</b>\nAverage points per member · participation\n",
            );
            if standings.is_empty() {
                text.push_str("\nNo guilds yet.");
            }
            for g in &standings {
                text.push_str(&format!(
                    "\n{}. {} — {} · {}% ({} of {})",
                    g.rank,
                    escape(&g.name),
                    g.average,
                    g.participation_percent(),
                    g.active_members,
                    g.configured_members
                ));
            }
            t.show(&text, stats_keyboard(t)).await
        }
        "guild" => {
            let guild = p.guild.clone().unwrap_or_default();
            let top = t.ctx.app.store.guild_leaderboard(&guild, 10).await?;
            let text = board(
                &format!("👥 <b>Top 10 of {}</b>", escape(&guild)),
                &top,
                false,
            );
            t.show(&text, stats_keyboard(t)).await
        }
        _ => t.stale().await,
    }
}
