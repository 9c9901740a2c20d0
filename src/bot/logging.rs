//! Logging an activity: category → activity → intensity → date → duration
//! → review → confirm, plus the quick entry ("swim", "running 30").

use chrono::{Datelike, Days, Months, NaiveDate};
use std::sync::atomic::{AtomicU64, Ordering};

use super::keyboards::{button, grid, menu_button, rows};
use super::state::State;
use super::texts::escape;
use super::turn::Turn;
use crate::actions::activities::LogRequest;
use crate::domain::{
    CatalogueEntry, CompetitionCalendar, DurationMinutes, Phase, Points, explain_formula,
    parse_duration, parse_quick_entry,
};

/// Activities shown per page of a category.
const PAGE: usize = 20;
/// The quick duration buttons, in minutes.
const QUICK_MINUTES: [u16; 6] = [15, 30, 45, 60, 90, 120];

/// The competition's calendar when activities can be logged now; otherwise
/// says when logging opens or that it has closed, and returns `None`.
async fn open_calendar(t: &mut Turn<'_>) -> anyhow::Result<Option<CompetitionCalendar>> {
    let Some(competition) = t.competition.clone() else {
        t.set_state(State::Idle).await?;
        t.show(
            "There is no competition running right now, so there is nothing to log yet. Watch for the organisers' announcement!",
            super::keyboards::main_menu(t.participant.is_some()),
        )
        .await?;
        return Ok(None);
    };
    let calendar = competition.calendar();
    let closed = match calendar.phase(t.now) {
        Phase::Running { .. } => return Ok(Some(calendar)),
        Phase::NotStarted {
            starts_on,
            days_until,
        } => format!(
            "⏳ {} starts on {starts_on} (in {days_until} day{}). You can log activities from that day on.",
            escape(&competition.name),
            if days_until == 1 { "" } else { "s" }
        ),
        Phase::Finished { ended_on } => format!(
            "🏁 {} ended on {ended_on}, so no more activities can be logged. Thanks for taking part! Your stats are still here.",
            escape(&competition.name)
        ),
    };
    t.set_state(State::Idle).await?;
    t.show(&closed, super::keyboards::main_menu(true)).await?;
    Ok(None)
}

/// `/log` and the menu's button.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if t.registered().await?.is_none() || open_calendar(t).await?.is_none() {
        return Ok(());
    }
    t.set_state(State::LogActivity { minutes: None }).await?;
    show_categories(t).await
}

/// The categories.
pub async fn show_categories(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let buttons = t
        .ctx
        .app
        .catalogue
        .categories()
        .iter()
        .enumerate()
        .map(|(i, c)| button(c.name.clone(), format!("log:c:{i}:0")))
        .collect();
    t.show(
        "📝 <b>Log an activity</b>\nPick a category (or just type an activity, e.g. <code>swim 45</code>):",
        grid(buttons, 2, vec![menu_button()]),
    )
    .await
}

async fn show_activities(t: &mut Turn<'_>, category: usize, page: usize) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let Some(cat) = catalogue.categories().get(category) else {
        return t.stale().await;
    };
    let pages = cat.activities.len().div_ceil(PAGE).max(1);
    let page = page.min(pages - 1);
    let buttons = cat
        .activities
        .iter()
        .enumerate()
        .skip(page * PAGE)
        .take(PAGE)
        .map(|(i, a)| button(a.name.clone(), format!("log:a:{category}:{i}")))
        .collect();
    let mut tail = Vec::new();
    if page > 0 {
        tail.push(button("◀", format!("log:c:{category}:{}", page - 1)));
    }
    tail.push(button("↩ Categories", "log:cats"));
    if page + 1 < pages {
        tail.push(button("▶", format!("log:c:{category}:{}", page + 1)));
    }
    let text = if pages > 1 {
        format!(
            "<b>{}</b> (page {} of {pages}) — pick an activity:",
            escape(&cat.name),
            page + 1
        )
    } else {
        format!("<b>{}</b> — pick an activity:", escape(&cat.name))
    };
    t.show(&text, grid(buttons, 2, tail)).await
}

/// The intensities of one activity, with their MET values.
pub async fn show_intensities(
    t: &mut Turn<'_>,
    category: usize,
    activity: usize,
) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let Some(a) = catalogue
        .categories()
        .get(category)
        .and_then(|c| c.activities.get(activity))
    else {
        return t.stale().await;
    };
    let mut text = format!("<b>{}</b> — how hard was it?\n", escape(&a.name));
    for e in &a.entries {
        text.push_str(&format!(
            "\n• <b>{}</b> ({} MET): {}",
            e.intensity,
            e.met,
            escape(&e.description)
        ));
    }
    let buttons = a
        .entries
        .iter()
        .map(|e| {
            button(
                format!("{} · {} MET", e.intensity, e.met),
                format!("log:i:{}", e.code),
            )
        })
        .collect();
    t.show(
        &text,
        grid(
            buttons,
            1,
            vec![
                button("↩ Back", format!("log:c:{category}:0")),
                menu_button(),
            ],
        ),
    )
    .await
}

/// Today, yesterday and a calendar of the allowed dates of one month.
pub async fn show_dates(
    t: &mut Turn<'_>,
    code: &str,
    month: Option<NaiveDate>,
) -> anyhow::Result<()> {
    let Some(calendar) = open_calendar(t).await? else {
        return Ok(());
    };
    let Some(allowed) = calendar.loggable_dates(t.now) else {
        return t.stale().await;
    };
    let today = calendar.today(t.now);
    let last = *allowed.end();
    let first = *allowed.start();
    let month = month.unwrap_or(last).with_day(1).unwrap_or(last);
    let entry = t.ctx.app.catalogue.entry_by_code(code).cloned();
    let Some(entry) = entry else {
        return t.stale().await;
    };
    let mut quick = Vec::new();
    if allowed.contains(&today) {
        quick.push(button("Today", format!("log:d:{today}")));
    }
    if let Some(yesterday) = today.checked_sub_days(Days::new(1))
        && allowed.contains(&yesterday)
    {
        quick.push(button("Yesterday", format!("log:d:{yesterday}")));
    }
    let mut days = Vec::new();
    let mut day = month;
    while day.month() == month.month() {
        if allowed.contains(&day) {
            days.push(button(day.day().to_string(), format!("log:d:{day}")));
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let mut keyboard = vec![quick];
    keyboard.extend(days.chunks(7).map(|c| c.to_vec()));
    let mut nav = Vec::new();
    if let Some(prev) = month.checked_sub_months(Months::new(1))
        && month > first
    {
        nav.push(button(
            format!("◀ {}", prev.format("%b")),
            format!("log:cal:{prev}"),
        ));
    }
    if let Some(next) = month.checked_add_months(Months::new(1))
        && next <= last
    {
        nav.push(button(
            format!("{} ▶", next.format("%b")),
            format!("log:cal:{next}"),
        ));
    }
    if !nav.is_empty() {
        keyboard.push(nav);
    }
    keyboard.push(vec![menu_button()]);
    let text = format!(
        "<b>{}</b> ({} MET)\n📅 When did you do it? Pick a day in {} or type a date (YYYY-MM-DD). You can log days from {first} to {last}.",
        escape(&entry.label()),
        entry.met,
        month.format("%B %Y")
    );
    t.show(
        &text,
        rows(keyboard.into_iter().filter(|r| !r.is_empty()).collect()),
    )
    .await
}

/// The quick duration buttons.
pub async fn show_durations(t: &mut Turn<'_>, code: &str, date: NaiveDate) -> anyhow::Result<()> {
    let Some(entry) = t.ctx.app.catalogue.entry_by_code(code).cloned() else {
        return t.stale().await;
    };
    let buttons = QUICK_MINUTES
        .iter()
        .map(|m| button(format!("{m} min"), format!("log:m:{m}")))
        .collect();
    let text = format!(
        "<b>{}</b> on {date}\n⏱ How long? Tap a duration or type it, e.g. <code>45</code> or <code>1h30</code>.",
        escape(&entry.label())
    );
    t.show(&text, grid(buttons, 3, vec![menu_button()])).await
}

/// The review with the points to be earned.
pub async fn show_review(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    minutes: u16,
) -> anyhow::Result<()> {
    let Some(entry) = t.ctx.app.catalogue.entry_by_code(code).cloned() else {
        return t.stale().await;
    };
    let duration = DurationMinutes::new(u32::from(minutes))?;
    let points = Points::for_activity(entry.met, duration);
    let text = format!(
        "🧾 <b>Check and confirm</b>\n\nActivity: {}\nDate: {date}\nDuration: {duration}\nPoints: <b>{points}</b> ({})",
        escape(&entry.label()),
        explain_formula(entry.met, duration)
    );
    t.show(
        &text,
        rows(vec![
            vec![button("✅ Confirm", "log:ok")],
            vec![
                button("⏱ Change duration", "log:redur"),
                button("✖ Cancel", "menu"),
            ],
        ]),
    )
    .await
}

/// A key unique to one review within this participant's entries: the time
/// to the nanosecond and a per-process counter (it need not be secret).
fn review_key() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

async fn to_review(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    minutes: u16,
) -> anyhow::Result<()> {
    // A fresh key per review: a double tap or a retried confirmation of
    // this review logs once; a new review is a new activity.
    let key = review_key();
    t.set_state(State::LogReview {
        code: code.to_string(),
        date,
        minutes,
        key,
    })
    .await?;
    show_review(t, code, date, minutes).await
}

async fn after_date(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    minutes: Option<u16>,
) -> anyhow::Result<()> {
    match minutes {
        Some(m) => to_review(t, code, date, m).await,
        None => {
            t.set_state(State::LogDuration {
                code: code.to_string(),
                date,
            })
            .await?;
            show_durations(t, code, date).await
        }
    }
}

/// A date was typed at the date step.
pub async fn typed_date(
    t: &mut Turn<'_>,
    code: &str,
    minutes: Option<u16>,
    text: &str,
) -> anyhow::Result<()> {
    let Some(calendar) = open_calendar(t).await? else {
        return Ok(());
    };
    let today = calendar.today(t.now);
    let lowered = text.trim().to_lowercase();
    let date = match lowered.as_str() {
        "today" => Some(today),
        "yesterday" => today.checked_sub_days(Days::new(1)),
        other => NaiveDate::parse_from_str(other, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(other, "%d.%m.%Y"))
            .ok(),
    };
    let problem = match date {
        None => format!(
            "⚠️ \"{}\" is not a date I understand. Type it as YYYY-MM-DD, e.g. {today}, or tap a day.",
            escape(&super::texts::truncate(text, 40))
        ),
        Some(d) => match calendar.check_log_date(d, t.now) {
            Ok(()) => return after_date(t, code, d, minutes).await,
            Err(e) => format!("⚠️ {}", escape(&e.to_string())),
        },
    };
    t.say(&problem, None).await?;
    show_dates(t, code, None).await
}

/// A duration was typed at the duration step.
pub async fn typed_duration(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    text: &str,
) -> anyhow::Result<()> {
    match parse_duration(text) {
        Ok(d) => to_review(t, code, date, d.get()).await,
        Err(e) => {
            t.say(&format!("⚠️ {}", escape(&e.to_string())), None)
                .await?;
            show_durations(t, code, date).await
        }
    }
}

/// Free text from a registered participant: offer the matching activities.
pub async fn quick_entry(t: &mut Turn<'_>, text: &str) -> anyhow::Result<()> {
    let entry = parse_quick_entry(text);
    let catalogue = t.ctx.app.catalogue.clone();
    let found = catalogue.search(&entry.query, 8);
    if found.is_empty() {
        let reply = format!(
            "🤔 I couldn't find an activity matching \"{}\". Tap <b>Log activity</b> to browse the catalogue, or send /help.",
            escape(&super::texts::truncate(&entry.query, 60))
        );
        return t.say(&reply, Some(super::keyboards::main_menu(true))).await;
    }
    if open_calendar(t).await?.is_none() {
        return Ok(());
    }
    let minutes = entry.duration.map(|d| d.get());
    t.set_state(State::LogActivity { minutes }).await?;
    let categories = catalogue.categories();
    let buttons = found
        .iter()
        .filter_map(|(cat, act)| {
            let ci = categories.iter().position(|c| std::ptr::eq(c, *cat))?;
            let ai = cat.activities.iter().position(|a| std::ptr::eq(a, *act))?;
            Some(button(
                format!("{} ({})", act.name, cat.name),
                format!("log:a:{ci}:{ai}"),
            ))
        })
        .collect();
    let text = match entry.duration {
        Some(d) => format!("Which one did you do for {d}?"),
        None => "Which one did you mean?".to_string(),
    };
    t.show(
        &text,
        grid(
            buttons,
            1,
            vec![button("📚 Browse all", "log:cats"), menu_button()],
        ),
    )
    .await
}

fn minutes_in(state: &State) -> Option<u16> {
    match state {
        State::LogActivity { minutes }
        | State::LogIntensity { minutes, .. }
        | State::LogDate { minutes, .. } => *minutes,
        _ => None,
    }
}

/// Logging buttons.
pub async fn callback(t: &mut Turn<'_>, action: &str) -> anyhow::Result<()> {
    let parts: Vec<&str> = action.split(':').collect();
    match (parts.as_slice(), t.state.clone()) {
        (["start"], _) => start(t).await,
        (["cats"], _) => {
            if open_calendar(t).await?.is_none() {
                return Ok(());
            }
            let minutes = minutes_in(&t.state);
            t.set_state(State::LogActivity { minutes }).await?;
            show_categories(t).await
        }
        (["c", category, page], _) => match (category.parse(), page.parse()) {
            (Ok(c), Ok(p)) => {
                let minutes = minutes_in(&t.state);
                t.set_state(State::LogActivity { minutes }).await?;
                show_activities(t, c, p).await
            }
            _ => t.stale().await,
        },
        (["a", category, activity], state) => match (category.parse(), activity.parse()) {
            (Ok(c), Ok(a)) => {
                if open_calendar(t).await?.is_none() {
                    return Ok(());
                }
                t.set_state(State::LogIntensity {
                    category: c,
                    activity: a,
                    minutes: minutes_in(&state),
                })
                .await?;
                show_intensities(t, c, a).await
            }
            _ => t.stale().await,
        },
        (["i", code], State::LogIntensity { minutes, .. }) => {
            if t.ctx.app.catalogue.entry_by_code(code).is_none() {
                return t.stale().await;
            }
            t.set_state(State::LogDate {
                code: code.to_string(),
                minutes,
            })
            .await?;
            show_dates(t, code, None).await
        }
        (["cal", month], State::LogDate { code, .. }) => match month.parse::<NaiveDate>() {
            Ok(m) => show_dates(t, &code, Some(m)).await,
            Err(_) => t.stale().await,
        },
        (["d", date], State::LogDate { code, minutes }) => {
            let Some(calendar) = open_calendar(t).await? else {
                return Ok(());
            };
            match date.parse::<NaiveDate>() {
                Ok(d) => match calendar.check_log_date(d, t.now) {
                    Ok(()) => after_date(t, &code, d, minutes).await,
                    Err(e) => {
                        t.notice("That date cannot be logged.");
                        t.say(&format!("⚠️ {}", escape(&e.to_string())), None)
                            .await?;
                        t.origin = None;
                        show_dates(t, &code, None).await
                    }
                },
                Err(_) => t.stale().await,
            }
        }
        (["m", minutes], State::LogDuration { code, date }) => {
            match minutes
                .parse::<u32>()
                .ok()
                .and_then(|m| DurationMinutes::new(m).ok())
            {
                Some(d) => to_review(t, &code, date, d.get()).await,
                None => t.stale().await,
            }
        }
        (["redur"], State::LogReview { code, date, .. }) => {
            t.set_state(State::LogDuration {
                code: code.clone(),
                date,
            })
            .await?;
            show_durations(t, &code, date).await
        }
        (
            ["ok"],
            State::LogReview {
                code,
                date,
                minutes,
                key,
            },
        ) => confirm(t, &code, date, minutes, key).await,
        (["ok"], _) => {
            // The review was already confirmed (a double tap) or cancelled.
            t.notice("Already done: this activity was logged or cancelled.");
            Ok(())
        }
        _ => t.stale().await,
    }
}

async fn confirm(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    minutes: u16,
    key: String,
) -> anyhow::Result<()> {
    let Some(participant) = t.registered().await? else {
        return Ok(());
    };
    if open_calendar(t).await?.is_none() {
        return Ok(());
    }
    let Some(entry): Option<CatalogueEntry> = t.ctx.app.catalogue.entry_by_code(code).cloned()
    else {
        return t.stale().await;
    };
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let duration = DurationMinutes::new(u32::from(minutes))?;
    let request = LogRequest {
        participant: &participant,
        entry: &entry,
        duration,
        date,
        idempotency_key: Some(key),
        note: None,
    };
    let logged = match crate::actions::activities::log(&t.ctx.app, &actor, request).await {
        Ok(logged) => logged,
        Err(e) => {
            let Some(text) = super::texts::refusal(&e) else {
                return Err(e.into());
            };
            t.set_state(State::Idle).await?;
            return t.show(&text, super::keyboards::main_menu(true)).await;
        }
    };
    // The wizard ends while the new total's rank and the field are read.
    let store = &t.ctx.app.store;
    let (ended, ranked) = tokio::join!(
        t.set_state(State::Idle),
        store.rank_and_population(logged.total)
    );
    ended?;
    let (rank, participants) = ranked?;
    let text = format!(
        "✅ <b>Logged!</b> {} — {duration} on {date}: <b>+{}</b> points.\n\n🏅 Your total: <b>{}</b> points, rank {} of {}.",
        escape(&entry.label()),
        logged.activity.points,
        logged.total,
        rank,
        participants
    );
    t.notice(if logged.newly_logged {
        "Logged!"
    } else {
        "Already logged."
    });
    // The confirmation stays as a record; the menu comes as a new message.
    t.settle(&text).await?;
    t.say(super::texts::MENU, Some(super::keyboards::main_menu(true)))
        .await
}
