//! Stats in the chat: my summary, the top 10, guild standings, my guild's top 10.

use super::callback::{Callback, StatsView};
use super::keyboards::{button, menu_button, rows};
use super::texts;
use super::turn::Turn;
use crate::store::standings::{Neighbour, ParticipantSummary, TopList};

/// Ranks a top list shows.
const TOP_RANKS: u64 = 10;
/// Rows a top list shows at most, when many are tied at the cut.
const TOP_ROWS: u64 = 20;

/// The stats views; with the Mini App one tap away when the server has a
/// public https address (Telegram opens Mini Apps over https only).
fn stats_keyboard(t: &Turn<'_>) -> teloxide::types::InlineKeyboardMarkup {
    let mut keyboard = vec![
        vec![
            button("👤 Me", Callback::Stats(StatsView::Me)),
            button("🏆 Top 10", Callback::Stats(StatsView::Top)),
        ],
        vec![
            button("🏰 Guilds", Callback::Stats(StatsView::Guilds)),
            button("👥 My guild", Callback::Stats(StatsView::MyGuild)),
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

/// "with Noora", "with Noora and Väinö", "with Noora, Väinö and 3 others".
fn level_with(s: &ParticipantSummary) -> Option<String> {
    if s.level_with == 0 {
        return None;
    }
    let mut names: Vec<String> = [&s.above, &s.below]
        .into_iter()
        .flatten()
        .filter(|n| n.points == s.participant.points)
        .map(|n| texts::name(&n.first_name))
        .collect();
    let others = s.level_with.saturating_sub(names.len() as u64);
    if others > 0 {
        names.push(format!(
            "{others} other{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    Some(match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => return None,
    })
}

fn neighbour_line(icon: &str, label: &str, n: &Neighbour, relation: &str) -> String {
    format!(
        "\n{icon} {label}: #{} {} with {} ({} {relation})",
        n.rank,
        texts::name(&n.first_name),
        n.points,
        n.gap
    )
}

async fn me(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let s = t.ctx.app.store.participant_summary(p.id).await?;
    let mut text = format!(
        "📊 <b>Your stats</b>\n\nPoints: <b>{}</b>\nRank: {} of {}",
        s.participant.points, s.global_rank, s.participants,
    );
    if let Some(level) = level_with(&s) {
        text.push_str(&format!(", level with {level}"));
    }
    text.push_str(&format!(
        "\nIn {}: {} of {}",
        texts::name(s.participant.guild.as_deref().unwrap_or("no guild")),
        s.guild_rank,
        s.guild_participants
    ));
    if let Some(a) = &s.ahead {
        text.push('\n');
        text.push_str(&neighbour_line("⬆️", "Just above", a, "ahead"));
    }
    if s.participant.points.value().is_zero() {
        text.push_str("\n\nLog an activity to start climbing!");
    } else if let Some(b) = &s.behind {
        if s.ahead.is_none() {
            text.push('\n');
        }
        text.push_str(&neighbour_line("⬇️", "Just below", b, "behind"));
    }
    t.show(&text, stats_keyboard(t)).await
}

/// A top list: tied people share a rank, marked "=" ("=10.").
fn board(title: &str, top: &TopList, show_guild: bool) -> String {
    let mut text = format!("{title}\n");
    if top.entries.is_empty() {
        text.push_str("\nNobody has points yet — be the first!");
    }
    let shared = |rank: u64| top.entries.iter().filter(|e| e.rank == rank).count() > 1;
    for e in &top.entries {
        let guild = match (&e.guild, show_guild) {
            (Some(g), true) => format!(" ({})", texts::name(g)),
            _ => String::new(),
        };
        let tie = if shared(e.rank) { "=" } else { "" };
        text.push_str(&format!(
            "\n{tie}{}. {}{guild} — {}",
            e.rank,
            texts::name(&e.first_name),
            e.points
        ));
    }
    if top.more_level > 0
        && let Some(last) = top.entries.last()
    {
        text.push_str(&format!(
            "\n…and {} more level on {} points.",
            top.more_level, last.points
        ));
    }
    text
}

/// Stats buttons.
pub async fn callback(t: &mut Turn<'_>, view: StatsView) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    match view {
        StatsView::Me => me(t).await,
        StatsView::Top => {
            let top = t.ctx.app.store.top_ranks(None, TOP_RANKS, TOP_ROWS).await?;
            let text = board("🏆 <b>Top 10</b>", &top, true);
            t.show(&text, stats_keyboard(t)).await
        }
        StatsView::Guilds => {
            let standings = t.ctx.app.store.guild_standings().await?;
            let mut text = String::from(
                "🏰 <b>Guild standings</b>\nAverage points per member · participation\n",
            );
            if standings.is_empty() {
                text.push_str("\nNo guilds yet.");
            }
            for g in &standings {
                let participation = if g.more_active_than_configured() {
                    format!(
                        "{}% ({} active, guild size set to {})",
                        g.participation_capped_percent(),
                        g.active_members,
                        g.configured_members
                    )
                } else {
                    format!(
                        "{}% ({} of {})",
                        g.participation_capped_percent(),
                        g.active_members,
                        g.configured_members
                    )
                };
                text.push_str(&format!(
                    "\n{}. {} — {} · {participation}",
                    g.rank,
                    texts::name(&g.name),
                    g.average,
                ));
            }
            if let Some(mine) = p.guild.as_deref()
                && !standings.is_empty()
                && standings.iter().all(|g| g.name != mine)
            {
                text.push_str(&format!(
                    "\n\nYour guild, {}, is closed by the organisers, so it is not ranked here. Your points and your ranks still count.",
                    texts::name(mine)
                ));
            }
            t.show(&text, stats_keyboard(t)).await
        }
        StatsView::MyGuild => {
            let guild = p.guild.clone().unwrap_or_default();
            let top = t
                .ctx
                .app
                .store
                .top_ranks(Some(&guild), TOP_RANKS, TOP_ROWS)
                .await?;
            let text = board(
                &format!("👥 <b>Top 10 of {}</b>", texts::name(&guild)),
                &top,
                false,
            );
            t.show(&text, stats_keyboard(t)).await
        }
    }
}
