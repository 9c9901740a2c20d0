//! Stats in the chat: my summary, the top 10, guild standings, my guild's top 10.

use super::callback::{Callback, StatsView};
use super::keyboards::{button, menu_button, rows};
use super::texts;
use super::turn::Turn;
use crate::i18n::Language;
use crate::store::seasons::{HallOfFameSeason, OwnSeason};
use crate::store::standings::{Neighbour, ParticipantSummary, TopList};
use crate::tr;

/// Ranks a top list shows.
const TOP_RANKS: u64 = 10;
/// Rows a top list shows at most, when many are tied at the cut.
const TOP_ROWS: u64 = 20;

/// The stats views; with the Mini App one tap away when the server has a
/// public https address (Telegram opens Mini Apps over https only).
fn stats_keyboard(t: &Turn<'_>) -> teloxide::types::InlineKeyboardMarkup {
    let mut keyboard = vec![
        vec![
            button(t.t("bot-button-me"), Callback::Stats(StatsView::Me)),
            button(t.t("bot-button-top"), Callback::Stats(StatsView::Top)),
        ],
        vec![
            button(t.t("bot-button-guilds"), Callback::Stats(StatsView::Guilds)),
            button(
                t.t("bot-button-my-guild"),
                Callback::Stats(StatsView::MyGuild),
            ),
        ],
        vec![
            button(
                t.t("bot-button-seasons"),
                Callback::Stats(StatsView::Seasons),
            ),
            button(
                t.t("bot-button-streaks"),
                Callback::Stats(StatsView::Streaks),
            ),
        ],
    ];
    if let Some(mut url) = t.ctx.app.config.api.mini_app_url() {
        // The app opens in the language the person chose here.
        url.query_pairs_mut().append_pair("lang", t.lang.code());
        keyboard.push(vec![teloxide::types::InlineKeyboardButton::web_app(
            t.t("bot-button-stats-app"),
            teloxide::types::WebAppInfo { url },
        )]);
    }
    keyboard.push(vec![menu_button(t.lang)]);
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

/// "Noora", "Noora and Väinö", "Noora, Väinö and 3 others".
fn level_with(lang: Language, s: &ParticipantSummary) -> Option<String> {
    if s.level_with == 0 {
        return None;
    }
    let mut names: Vec<String> = [&s.above, &s.below]
        .into_iter()
        .flatten()
        .filter(|n| n.points == s.participant.points)
        .map(|n| texts::public_name(lang, &n.first_name, n.anonymous))
        .collect();
    let others = s.level_with.saturating_sub(names.len() as u64);
    if others > 0 {
        names.push(tr!(lang, "bot-stats-others", count = others));
    }
    Some(match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => tr!(
            lang,
            "bot-stats-and",
            first = init.join(", "),
            last = last.as_str()
        ),
        [] => return None,
    })
}

fn neighbour_line(lang: Language, id: &'static str, n: &Neighbour) -> String {
    let line = crate::i18n::Message::new(id)
        .arg("rank", n.rank)
        .arg("name", texts::public_name(lang, &n.first_name, n.anonymous))
        .arg("points", n.points)
        .arg("gap", n.gap)
        .render(lang);
    format!("\n{line}")
}

async fn me(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let s = t.ctx.app.store.participant_summary(p.id).await?;
    let lang = t.lang;
    let mut text = tr!(
        lang,
        "bot-stats-me",
        points = s.participant.points,
        rank = s.global_rank,
        participants = s.participants
    );
    if let Some(level) = level_with(lang, &s) {
        text.push_str(&tr!(lang, "bot-stats-level-with", names = level));
    }
    let guild = match s.participant.guild.as_deref() {
        Some(g) => texts::name(g),
        None => lang.t("bot-stats-no-guild"),
    };
    text.push('\n');
    text.push_str(&tr!(
        lang,
        "bot-stats-guild-rank",
        guild = guild,
        rank = s.guild_rank,
        participants = s.guild_participants
    ));
    let streak = t.ctx.app.streak(p.id).await?;
    if streak.current > 0 {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-stats-streak",
            current = streak.current,
            longest = streak.longest
        ));
    } else if streak.longest > 0 {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-stats-streak-over",
            longest = streak.longest
        ));
    }
    if let Some(a) = &s.ahead {
        text.push('\n');
        text.push_str(&neighbour_line(lang, "bot-stats-above", a));
    }
    if s.participant.points.value().is_zero() {
        text.push_str("\n\n");
        text.push_str(&lang.t("bot-stats-start-climbing"));
    } else if let Some(b) = &s.behind {
        if s.ahead.is_none() {
            text.push('\n');
        }
        text.push_str(&neighbour_line(lang, "bot-stats-below", b));
    }
    t.show(&text, stats_keyboard(t)).await
}

/// Past seasons the chat shows, the latest first.
const SEASONS_SHOWN: usize = 3;
/// Ranks of each past season's participants and guilds shown in the chat.
const SEASON_RANKS: u64 = 3;

/// The hall of fame: each past season's top guilds and participants, and
/// where the reader finished in it.
pub fn past_seasons(lang: Language, hall: &[HallOfFameSeason], mine: &[OwnSeason]) -> String {
    let mut text = lang.t("bot-stats-seasons-title");
    if hall.is_empty() {
        text.push_str("\n\n");
        text.push_str(&lang.t("bot-stats-seasons-none"));
        return text;
    }
    for h in hall.iter().take(SEASONS_SHOWN) {
        let s = &h.season;
        text.push_str("\n\n");
        text.push_str(&tr!(
            lang,
            "bot-stats-season-heading",
            name = texts::name(&s.name),
            start = s.start_date,
            end = s.end_date
        ));
        for g in h.guilds.iter().take(SEASON_RANKS as usize) {
            text.push_str(&format!(
                "\n🏰 {}. {} — {}",
                g.rank,
                texts::name(&g.name),
                crate::i18n::format::number(lang, g.score)
            ));
        }
        for l in &h.leaders {
            let who = if l.former {
                texts::escape(&lang.t("bot-stats-season-former"))
            } else {
                texts::public_name(lang, &l.first_name, l.anonymous)
            };
            text.push_str(&format!(
                "\n🏅 {}. {who} — {}",
                l.rank,
                crate::i18n::format::number(lang, l.points)
            ));
        }
        match mine.iter().find(|m| m.season.id == s.id) {
            Some(m) => {
                text.push('\n');
                text.push_str(&tr!(
                    lang,
                    "bot-stats-season-mine",
                    rank = m.rank,
                    participants = s.participants,
                    points = m.points
                ));
            }
            None => {
                text.push('\n');
                text.push_str(&lang.t("bot-stats-season-not-in"));
            }
        }
    }
    let older: Vec<&OwnSeason> = mine
        .iter()
        .filter(|m| {
            !hall
                .iter()
                .take(SEASONS_SHOWN)
                .any(|h| h.season.id == m.season.id)
        })
        .collect();
    for m in older {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-stats-season-mine-older",
            name = texts::name(&m.season.name),
            rank = m.rank,
            participants = m.season.participants,
            points = m.points
        ));
    }
    text
}

/// A top list: tied people share a rank, marked "=" ("=10.").
fn board(lang: Language, title: &str, top: &TopList, show_guild: bool) -> String {
    let mut text = format!("{title}\n");
    if top.entries.is_empty() {
        text.push('\n');
        text.push_str(&lang.t("bot-stats-nobody"));
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
            texts::public_name(lang, &e.first_name, e.anonymous),
            crate::i18n::format::number(lang, e.points)
        ));
    }
    if top.more_level > 0
        && let Some(last) = top.entries.last()
    {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-stats-more-level",
            count = top.more_level,
            points = last.points
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
        StatsView::Streaks => {
            let board = match &t.competition {
                Some(c) => {
                    t.ctx
                        .app
                        .store
                        .streak_leaderboard(c.start_date, c.calendar().today(t.now), TOP_RANKS)
                        .await?
                }
                None => Vec::new(),
            };
            let lang = t.lang;
            let mut text = lang.t("bot-stats-streaks-title");
            text.push('\n');
            if board.is_empty() {
                text.push('\n');
                text.push_str(&lang.t("bot-stats-no-streaks"));
            }
            for e in &board {
                let guild = e
                    .guild
                    .as_deref()
                    .map(|g| format!(" ({})", texts::name(g)))
                    .unwrap_or_default();
                text.push('\n');
                text.push_str(&tr!(
                    lang,
                    "bot-stats-streak-line",
                    rank = e.rank,
                    name = format!(
                        "{}{guild}",
                        texts::public_name(lang, &e.first_name, e.anonymous)
                    ),
                    days = e.days
                ));
            }
            t.show(&text, stats_keyboard(t)).await
        }
        StatsView::Top => {
            let top = t.ctx.app.store.top_ranks(None, TOP_RANKS, TOP_ROWS).await?;
            let text = board(t.lang, &t.t("bot-stats-top-title"), &top, true);
            t.show(&text, stats_keyboard(t)).await
        }
        StatsView::Guilds => {
            let standings = t.ctx.app.store.public_guild_standings().await?;
            let lang = t.lang;
            let composite = !standings.score.is_average();
            let mut text = lang.t(if composite {
                "bot-stats-guilds-title-composite"
            } else {
                "bot-stats-guilds-title"
            });
            text.push('\n');
            if standings.is_empty() {
                text.push('\n');
                text.push_str(&lang.t("bot-stats-no-guilds"));
            }
            for g in &standings {
                let participation = if g.more_active_than_configured() {
                    tr!(
                        lang,
                        "bot-stats-participation-over",
                        percent = g.participation_capped_percent(),
                        active = g.active_members,
                        configured = g.configured_members
                    )
                } else {
                    tr!(
                        lang,
                        "bot-stats-participation",
                        percent = g.participation_capped_percent(),
                        active = g.active_members,
                        configured = g.configured_members
                    )
                };
                let score = if composite {
                    format!("{} · ", crate::i18n::format::number(lang, g.score))
                } else {
                    String::new()
                };
                text.push_str(&format!(
                    "\n{}. {} — {score}{} · {participation}",
                    g.rank,
                    texts::name(&g.name),
                    crate::i18n::format::number(lang, g.average),
                ));
            }
            if composite && !standings.is_empty() {
                text.push_str("\n\n");
                text.push_str(
                    &crate::domain::rules::guild_score_sentence(standings.score).render(lang),
                );
            }
            if let Some(mine) = p.guild.as_deref()
                && !standings.is_empty()
                && standings.iter().all(|g| g.name != mine)
            {
                text.push_str("\n\n");
                text.push_str(&tr!(
                    lang,
                    "bot-stats-guild-closed",
                    guild = texts::name(mine)
                ));
            }
            t.show(&text, stats_keyboard(t)).await
        }
        StatsView::Seasons => {
            let hall = t.ctx.app.store.hall_of_fame(SEASON_RANKS).await?;
            let mine = t.ctx.app.store.participant_seasons(p.id).await?;
            let text = past_seasons(t.lang, &hall, &mine);
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
            let title = tr!(
                t.lang,
                "bot-stats-guild-top-title",
                guild = texts::name(&guild)
            );
            let text = board(t.lang, &title, &top, false);
            t.show(&text, stats_keyboard(t)).await
        }
    }
}
