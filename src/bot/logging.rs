//! Logging an activity: category → activity → intensity → date → duration
//! → review → confirm, plus the quick entry ("swim", "running 30").

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::callback::{Callback, LogButton, Screen};
use super::keyboards::{button, grid, leave_button, rows};
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
    let screen = t.screen;
    let buttons = t
        .ctx
        .app
        .catalogue
        .categories()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            button(
                c.name.clone(),
                Callback::Log(LogButton::Category {
                    screen,
                    category: index(i),
                    page: 0,
                }),
            )
        })
        .collect();
    t.show(
        "📝 <b>Log an activity</b>\nPick a category (or just type an activity, e.g. <code>swim 45</code>):",
        grid(buttons, 2, vec![leave_button(screen)]),
    )
    .await
}

/// A catalogue position as a button carries it (catalogues are far smaller).
fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

async fn show_activities(t: &mut Turn<'_>, category: usize, page: usize) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let Some(cat) = catalogue.categories().get(category) else {
        return t.stale().await;
    };
    let screen = t.screen;
    let pages = cat.activities.len().div_ceil(PAGE).max(1);
    let page = page.min(pages - 1);
    let to_page = |page: usize| {
        Callback::Log(LogButton::Category {
            screen,
            category: index(category),
            page: index(page),
        })
    };
    let buttons = cat
        .activities
        .iter()
        .enumerate()
        .skip(page * PAGE)
        .take(PAGE)
        .map(|(i, a)| {
            button(
                a.name.clone(),
                Callback::Log(LogButton::Activity {
                    screen,
                    category: index(category),
                    activity: index(i),
                }),
            )
        })
        .collect();
    let mut tail = Vec::new();
    if page > 0 {
        tail.push(button("◀", to_page(page - 1)));
    }
    tail.push(button(
        "↩ Categories",
        Callback::Log(LogButton::Categories(screen)),
    ));
    if page + 1 < pages {
        tail.push(button("▶", to_page(page + 1)));
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
    let screen = t.screen;
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
        .enumerate()
        .map(|(i, e)| {
            button(
                format!("{} · {} MET", e.intensity, e.met),
                Callback::Log(LogButton::Intensity {
                    screen,
                    entry: index(i),
                }),
            )
        })
        .collect();
    t.show(
        &text,
        grid(
            buttons,
            1,
            vec![
                button(
                    "↩ Back",
                    Callback::Log(LogButton::Category {
                        screen,
                        category: index(category),
                        page: 0,
                    }),
                ),
                leave_button(screen),
            ],
        ),
    )
    .await
}

/// A calendar of one month: weekdays in columns (Monday first), the days
/// that can be logged as buttons and today as "Today".
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
    let entry = t.ctx.app.catalogue.entry_by_code(code).cloned();
    let Some(entry) = entry else {
        return t.stale().await;
    };
    let screen = t.screen;
    let today = calendar.today(t.now);
    let (first, last) = (*allowed.start(), *allowed.end());
    // A month from an older calendar, or one the competition's dates have
    // since moved away from, shows the nearest month with days to pick.
    let month = month
        .unwrap_or(last)
        .clamp(first, last)
        .with_day(1)
        .unwrap_or(last);
    let mut keyboard = vec![
        ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
            .iter()
            .map(|d| button(*d, Callback::Nothing))
            .collect::<Vec<_>>(),
    ];
    let mut week = Vec::new();
    for _ in 0..month.weekday().num_days_from_monday() {
        week.push(button("·", Callback::Nothing));
    }
    let mut day = month;
    while day.month() == month.month() {
        let label = if day == today {
            "Today".to_string()
        } else {
            day.day().to_string()
        };
        week.push(if allowed.contains(&day) {
            button(label, Callback::Log(LogButton::Day { screen, date: day }))
        } else {
            button("·", Callback::Nothing)
        });
        if day.weekday() == Weekday::Sun {
            keyboard.push(std::mem::take(&mut week));
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    if !week.is_empty() {
        while week.len() < 7 {
            week.push(button("·", Callback::Nothing));
        }
        keyboard.push(week);
    }
    let mut nav = Vec::new();
    if let Some(prev) = month.checked_sub_months(Months::new(1))
        && month > first
    {
        nav.push(button(
            format!("◀ {}", prev.format("%b")),
            Callback::Log(LogButton::Month {
                screen,
                month: prev,
            }),
        ));
    }
    if let Some(next) = month.checked_add_months(Months::new(1))
        && next <= last
    {
        nav.push(button(
            format!("{} ▶", next.format("%b")),
            Callback::Log(LogButton::Month {
                screen,
                month: next,
            }),
        ));
    }
    if !nav.is_empty() {
        keyboard.push(nav);
    }
    keyboard.push(vec![leave_button(screen)]);
    let text = format!(
        "<b>{}</b> ({} MET)\n📅 When did you do it? Pick a day in {} or type a date (YYYY-MM-DD). You can log days from {first} to {last}.",
        escape(&entry.label()),
        entry.met,
        month.format("%B %Y")
    );
    t.show(&text, rows(keyboard)).await
}

/// The quick duration buttons.
pub async fn show_durations(t: &mut Turn<'_>, code: &str, date: NaiveDate) -> anyhow::Result<()> {
    let Some(entry) = t.ctx.app.catalogue.entry_by_code(code).cloned() else {
        return t.stale().await;
    };
    let screen = t.screen;
    let buttons = QUICK_MINUTES
        .iter()
        .map(|&minutes| {
            button(
                format!("{minutes} min"),
                Callback::Log(LogButton::Minutes { screen, minutes }),
            )
        })
        .collect();
    let text = format!(
        "<b>{}</b> on {date}\n⏱ How long? Tap a duration or type it, e.g. <code>45</code> or <code>1h30</code>.",
        escape(&entry.label())
    );
    t.show(&text, grid(buttons, 3, vec![leave_button(screen)]))
        .await
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
    let screen = t.screen;
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
            vec![button(
                "✅ Confirm",
                Callback::Log(LogButton::Confirm(screen)),
            )],
            vec![
                button(
                    "⏱ Change duration",
                    Callback::Log(LogButton::ChangeDuration(screen)),
                ),
                button("✖ Cancel", Callback::Leave(screen)),
            ],
        ]),
    )
    .await
}

async fn to_review(
    t: &mut Turn<'_>,
    code: &str,
    date: NaiveDate,
    minutes: u16,
) -> anyhow::Result<()> {
    // A new step, so a new screen: its review key makes a double tap or a
    // retried confirmation of this review log once, and a new review a
    // new activity.
    t.set_state(State::LogReview {
        code: code.to_string(),
        date,
        minutes,
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
    let date = crate::domain::parse_typed_date(text, today);
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
    let problem = entry.problem.as_ref().map(|e| {
        format!(
            "⚠️ {} You can pick the duration after the activity.",
            escape(&e.to_string())
        )
    });
    if found.is_empty() {
        let mut reply = format!(
            "🤔 I couldn't find an activity matching \"{}\". Tap <b>Log activity</b> to browse the catalogue, or send /help.",
            escape(&super::texts::truncate(&entry.query, 60))
        );
        if let Some(problem) = problem {
            reply = format!("{problem}\n\n{reply}");
        }
        return t.say(&reply, Some(super::keyboards::main_menu(true))).await;
    }
    if open_calendar(t).await?.is_none() {
        return Ok(());
    }
    let minutes = entry.duration.map(|d| d.get());
    t.set_state(State::LogActivity { minutes }).await?;
    let screen = t.screen;
    let categories = catalogue.categories();
    let buttons = found
        .iter()
        .filter_map(|(cat, act)| {
            let ci = categories.iter().position(|c| std::ptr::eq(c, *cat))?;
            let ai = cat.activities.iter().position(|a| std::ptr::eq(a, *act))?;
            Some(button(
                format!("{} ({})", act.name, cat.name),
                Callback::Log(LogButton::Activity {
                    screen,
                    category: index(ci),
                    activity: index(ai),
                }),
            ))
        })
        .collect();
    let question = match entry.duration {
        Some(d) => format!("Which one did you do for {d}?"),
        None => "Which one did you mean?".to_string(),
    };
    let text = match problem {
        Some(problem) => format!("{problem}\n\n{question}"),
        None => question,
    };
    // A new message: the screen it answers may be far up the chat.
    t.origin = None;
    t.show(
        &text,
        grid(
            buttons,
            1,
            vec![
                button(
                    "📚 Browse all",
                    Callback::Log(LogButton::Categories(screen)),
                ),
                leave_button(screen),
            ],
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
pub async fn callback(t: &mut Turn<'_>, pressed: LogButton) -> anyhow::Result<()> {
    if let LogButton::Confirm(screen) = pressed
        && !matches!(t.state, State::LogReview { .. } if t.on_screen(screen))
    {
        return not_the_open_review(t, screen).await;
    }
    if let Some(screen) = Callback::Log(pressed).screen()
        && !t.on_screen(screen)
    {
        return t.stale().await;
    }
    match (pressed, t.state.clone()) {
        (LogButton::Start, _) => start(t).await,
        (LogButton::Categories(_), state) => {
            if open_calendar(t).await?.is_none() {
                return Ok(());
            }
            t.set_state(State::LogActivity {
                minutes: minutes_in(&state),
            })
            .await?;
            show_categories(t).await
        }
        (LogButton::Category { category, page, .. }, state) => {
            t.set_state(State::LogActivity {
                minutes: minutes_in(&state),
            })
            .await?;
            show_activities(t, usize::from(category), usize::from(page)).await
        }
        (
            LogButton::Activity {
                category, activity, ..
            },
            state @ State::LogActivity { .. },
        ) => {
            if open_calendar(t).await?.is_none() {
                return Ok(());
            }
            let (category, activity) = (usize::from(category), usize::from(activity));
            t.set_state(State::LogIntensity {
                category,
                activity,
                minutes: minutes_in(&state),
            })
            .await?;
            show_intensities(t, category, activity).await
        }
        (
            LogButton::Intensity { entry, .. },
            State::LogIntensity {
                category,
                activity,
                minutes,
            },
        ) => {
            let code = t
                .ctx
                .app
                .catalogue
                .categories()
                .get(category)
                .and_then(|c| c.activities.get(activity))
                .and_then(|a| a.entries.get(usize::from(entry)))
                .map(|e| e.code.clone());
            let Some(code) = code else {
                return t.stale().await;
            };
            t.set_state(State::LogDate {
                code: code.clone(),
                minutes,
            })
            .await?;
            show_dates(t, &code, None).await
        }
        (LogButton::Month { month, .. }, State::LogDate { code, .. }) => {
            show_dates(t, &code, Some(month)).await
        }
        (LogButton::Day { date, .. }, State::LogDate { code, minutes }) => {
            let Some(calendar) = open_calendar(t).await? else {
                return Ok(());
            };
            match calendar.check_log_date(date, t.now) {
                Ok(()) => after_date(t, &code, date, minutes).await,
                Err(e) => {
                    t.notice("That date cannot be logged.");
                    t.say(&format!("⚠️ {}", escape(&e.to_string())), None)
                        .await?;
                    t.origin = None;
                    show_dates(t, &code, None).await
                }
            }
        }
        (LogButton::Minutes { minutes, .. }, State::LogDuration { code, date }) => {
            match DurationMinutes::new(u32::from(minutes)) {
                Ok(d) => to_review(t, &code, date, d.get()).await,
                Err(_) => t.stale().await,
            }
        }
        (LogButton::ChangeDuration(_), State::LogReview { code, date, .. }) => {
            t.set_state(State::LogDuration {
                code: code.clone(),
                date,
            })
            .await?;
            show_durations(t, &code, date).await
        }
        (
            LogButton::Confirm(screen),
            State::LogReview {
                code,
                date,
                minutes,
            },
        ) => confirm(t, screen, &code, date, minutes).await,
        _ => t.stale().await,
    }
}

/// ✅ Confirm on a review that is not the one open now: it was confirmed
/// already (a double tap), or the person went on to something else. Says
/// which, and never logs anything else in its place.
async fn not_the_open_review(t: &mut Turn<'_>, screen: Screen) -> anyhow::Result<()> {
    let logged = match &t.participant {
        Some(p) => {
            t.ctx
                .app
                .store
                .activity_by_key(p.id, &screen.review_key())
                .await?
        }
        None => None,
    };
    if logged.is_some() {
        t.notice("Already logged.");
        if let Some(id) = t.origin {
            t.ctx.telegram.remove_keyboard(t.chat, id).await?;
        }
        return Ok(());
    }
    t.expired(
        "This review is out of date (you started something else), so nothing was logged from it.",
    )
    .await
}

async fn confirm(
    t: &mut Turn<'_>,
    screen: Screen,
    code: &str,
    date: NaiveDate,
    minutes: u16,
) -> anyhow::Result<()> {
    let Some(participant) = t.registered().await? else {
        return Ok(());
    };
    let Some(calendar) = open_calendar(t).await? else {
        return Ok(());
    };
    let Some(entry): Option<CatalogueEntry> = t.ctx.app.catalogue.entry_by_code(code).cloned()
    else {
        return t.stale().await;
    };
    if let Err(e) = calendar.check_log_date(date, t.now) {
        // The competition's dates moved since the date was picked: back to
        // the date step, with the reason and days that can be picked now.
        t.notice("That date can no longer be logged.");
        t.set_state(State::LogDate {
            code: code.to_string(),
            minutes: Some(minutes),
        })
        .await?;
        t.settle(&format!("⚠️ {}", escape(&e.to_string()))).await?;
        t.origin = None;
        return show_dates(t, code, None).await;
    }
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let duration = DurationMinutes::new(u32::from(minutes))?;
    let request = LogRequest {
        participant: &participant,
        entry: &entry,
        duration,
        date,
        idempotency_key: Some(screen.review_key()),
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
