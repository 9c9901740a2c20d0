//! Logging an activity: category → activity → intensity → date → duration
//! → review → confirm, plus the quick entry ("swim", "running 30").

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::callback::{Callback, LogButton, Screen};
use super::keyboards::{button, grid, leave_button, rows};
use super::state::State;
use super::texts::{escape, warning};
use super::turn::Turn;
use crate::actions::activities::LogRequest;
use crate::domain::catalogue_names::{activity_name, category_name};
use crate::domain::{
    CatalogueEntry, CompetitionCalendar, DurationMinutes, Phase, Points, parse_duration,
    parse_quick_entry,
};
use crate::i18n::format;
use crate::tr;

/// Activities shown per page of a category.
const PAGE: usize = 20;
/// The quick duration buttons, in minutes.
const QUICK_MINUTES: [u16; 6] = [15, 30, 45, 60, 90, 120];

/// The competition's calendar when activities can be logged now; otherwise
/// says when logging opens or that it has closed, and returns `None`.
async fn open_calendar(t: &mut Turn<'_>) -> anyhow::Result<Option<CompetitionCalendar>> {
    let Some(competition) = t.competition.clone() else {
        t.set_state(State::Idle).await?;
        let (text, keyboard) = (t.t("bot-no-competition"), t.main_menu());
        t.show(&text, keyboard).await?;
        return Ok(None);
    };
    let calendar = competition.calendar();
    let closed = match calendar.phase(t.now) {
        Phase::Running { .. } => return Ok(Some(calendar)),
        Phase::NotStarted {
            starts_on,
            days_until,
        } => tr!(
            t.lang,
            "bot-competition-not-started",
            competition = escape(&competition.name),
            start = starts_on,
            days = days_until
        ),
        Phase::Finished { ended_on } => tr!(
            t.lang,
            "bot-competition-finished",
            competition = escape(&competition.name),
            end = ended_on
        ),
    };
    t.set_state(State::Idle).await?;
    t.show(&closed, super::keyboards::main_menu(t.lang, true))
        .await?;
    Ok(None)
}

/// `/log` and the menu's button.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if t.registered().await?.is_none() || open_calendar(t).await?.is_none() {
        return Ok(());
    }
    t.set_state(State::LogActivity {
        minutes: None,
        date: None,
    })
    .await?;
    show_categories(t).await
}

/// The categories.
pub async fn show_categories(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let screen = t.screen;
    let lang = t.lang;
    let buttons = t
        .ctx
        .app
        .catalogue
        .categories()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            button(
                category_name(lang, c),
                Callback::Log(LogButton::Category {
                    screen,
                    category: index(i),
                    page: 0,
                }),
            )
        })
        .collect();
    let text = t.t("bot-log-categories");
    t.show(&text, grid(buttons, 2, vec![leave_button(lang, screen)]))
        .await
}

/// A catalogue position as a button carries it (catalogues are far smaller).
fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Where the buttons of a catalogue page lead: the logging wizard's steps,
/// or a workout card's "change activity".
pub(super) struct ActivityButtons {
    /// Another page of a category's activities.
    pub page: fn(Screen, u16, u16) -> Callback,
    /// One activity of a category.
    pub activity: fn(Screen, u16, u16) -> Callback,
    /// Back to the categories.
    pub categories: fn(Screen) -> Callback,
}

const LOG_BUTTONS: ActivityButtons = ActivityButtons {
    page: |screen, category, page| {
        Callback::Log(LogButton::Category {
            screen,
            category,
            page,
        })
    },
    activity: |screen, category, activity| {
        Callback::Log(LogButton::Activity {
            screen,
            category,
            activity,
        })
    },
    categories: |screen| Callback::Log(LogButton::Categories(screen)),
};

async fn show_activities(t: &mut Turn<'_>, category: usize, page: usize) -> anyhow::Result<()> {
    show_activity_page(t, category, page, &LOG_BUTTONS).await
}

/// One page of a category's activities, with paging and a way back to the
/// categories; `buttons` says where each leads.
pub(super) async fn show_activity_page(
    t: &mut Turn<'_>,
    category: usize,
    page: usize,
    buttons: &ActivityButtons,
) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let Some(cat) = catalogue.categories().get(category) else {
        return t.stale().await;
    };
    let screen = t.screen;
    let lang = t.lang;
    let pages = cat.activities.len().div_ceil(PAGE).max(1);
    let page = page.min(pages - 1);
    let to_page = |page: usize| (buttons.page)(screen, index(category), index(page));
    let activities = cat
        .activities
        .iter()
        .enumerate()
        .skip(page * PAGE)
        .take(PAGE)
        .map(|(i, a)| {
            button(
                activity_name(lang, &a.name),
                (buttons.activity)(screen, index(category), index(i)),
            )
        })
        .collect();
    let mut tail = Vec::new();
    if page > 0 {
        tail.push(button("◀", to_page(page - 1)));
    }
    tail.push(button(
        t.t("bot-button-categories"),
        (buttons.categories)(screen),
    ));
    if page + 1 < pages {
        tail.push(button("▶", to_page(page + 1)));
    }
    let name = escape(category_name(lang, cat));
    let text = if pages > 1 {
        tr!(
            lang,
            "bot-log-activities-page",
            category = name,
            page = page + 1,
            pages = pages
        )
    } else {
        tr!(lang, "bot-log-activities", category = name)
    };
    t.show(&text, grid(activities, 2, tail)).await
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
    let lang = t.lang;
    let mut text = tr!(
        lang,
        "bot-log-intensities",
        activity = escape(activity_name(lang, &a.name))
    );
    text.push('\n');
    for e in &a.entries {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-log-intensity-line",
            intensity = e.intensity.name(),
            met = e.met,
            description = escape(&e.description)
        ));
    }
    let buttons = a
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            button(
                tr!(
                    lang,
                    "bot-button-intensity",
                    intensity = e.intensity.name(),
                    met = e.met
                ),
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
                    t.t("bot-button-back"),
                    Callback::Log(LogButton::Category {
                        screen,
                        category: index(category),
                        page: 0,
                    }),
                ),
                leave_button(lang, screen),
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
    let lang = t.lang;
    let today = calendar.today(t.now);
    let (first, last) = (*allowed.start(), *allowed.end());
    // A month from an older calendar, or one the competition's dates have
    // since moved away from, shows the nearest month with days to pick.
    let month = month
        .unwrap_or(last)
        .clamp(first, last)
        .with_day(1)
        .unwrap_or(last);
    // A week's day letters, from a Monday on.
    let monday = month - Days::new(u64::from(month.weekday().num_days_from_monday()));
    let mut keyboard = vec![
        (0..7)
            .map(|i| {
                let day = monday + Days::new(i);
                button(
                    tr!(
                        lang,
                        "weekday-letter",
                        day = day.weekday().number_from_monday()
                    ),
                    Callback::Nothing,
                )
            })
            .collect::<Vec<_>>(),
    ];
    let mut week = Vec::new();
    for _ in 0..month.weekday().num_days_from_monday() {
        week.push(button("·", Callback::Nothing));
    }
    let mut day = month;
    while day.month() == month.month() {
        let label = if day == today {
            lang.t("bot-today")
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
            format!("◀ {}", format::month_short(lang, prev)),
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
            format!("{} ▶", format::month_short(lang, next)),
            Callback::Log(LogButton::Month {
                screen,
                month: next,
            }),
        ));
    }
    if !nav.is_empty() {
        keyboard.push(nav);
    }
    keyboard.push(vec![leave_button(lang, screen)]);
    let text = tr!(
        lang,
        "bot-log-date",
        activity = escape(&entry.label_in(lang)),
        met = entry.met,
        month = format::month_year(lang, month),
        first = first,
        last = last
    );
    t.show(&text, rows(keyboard)).await
}

/// The quick duration buttons.
pub async fn show_durations(t: &mut Turn<'_>, code: &str, date: NaiveDate) -> anyhow::Result<()> {
    let Some(entry) = t.ctx.app.catalogue.entry_by_code(code).cloned() else {
        return t.stale().await;
    };
    let screen = t.screen;
    let lang = t.lang;
    let buttons = QUICK_MINUTES
        .iter()
        .map(|&minutes| {
            button(
                tr!(lang, "minutes-short", minutes = minutes),
                Callback::Log(LogButton::Minutes { screen, minutes }),
            )
        })
        .collect();
    let text = tr!(
        lang,
        "bot-log-duration",
        activity = escape(&entry.label_in(lang)),
        date = date
    );
    t.show(&text, grid(buttons, 3, vec![leave_button(lang, screen)]))
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
    let text = tr!(
        t.lang,
        "bot-log-review",
        activity = escape(&entry.label_in(t.lang)),
        date = format::weekday_date(t.lang, date),
        duration = duration.to_string(),
        points = points,
        formula = super::info::formula(t.lang, &entry, duration)
    );
    let keyboard = rows(vec![
        vec![button(
            t.t("bot-button-confirm"),
            Callback::Log(LogButton::Confirm(screen)),
        )],
        vec![
            button(
                t.t("bot-button-change-date"),
                Callback::Log(LogButton::ChangeDate(screen)),
            ),
            button(
                t.t("bot-button-change-intensity"),
                Callback::Log(LogButton::ChangeIntensity(screen)),
            ),
        ],
        vec![button(
            t.t("bot-button-change-activity"),
            Callback::Log(LogButton::ChangeActivity(screen)),
        )],
        vec![
            button(
                t.t("bot-button-change-duration"),
                Callback::Log(LogButton::ChangeDuration(screen)),
            ),
            button(t.t("bot-button-cancel"), Callback::Leave(screen)),
        ],
    ]);
    t.show(&text, keyboard).await
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
        None => tr!(
            t.lang,
            "bot-date-not-understood",
            text = escape(&super::texts::truncate(text, 40)),
            example = format::date(t.lang, today)
        ),
        Some(d) => match calendar.check_log_date(d, t.now) {
            Ok(()) => return after_date(t, code, d, minutes).await,
            Err(e) => warning(&e.message().render(t.lang)),
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
            t.say(&warning(&e.message().render(t.lang)), None).await?;
            show_durations(t, code, date).await
        }
    }
}

/// Free text from a registered participant: offer the matching activities.
pub async fn quick_entry(t: &mut Turn<'_>, text: &str) -> anyhow::Result<()> {
    let entry = parse_quick_entry(text);
    let catalogue = t.ctx.app.catalogue.clone();
    let found = catalogue.search(&entry.query, 8);
    let lang = t.lang;
    let problem = entry.problem.as_ref().map(|e| {
        tr!(
            lang,
            "bot-quick-duration-problem",
            problem = escape(&e.message().render(lang))
        )
    });
    if found.is_empty() {
        let mut reply = tr!(
            lang,
            "bot-quick-not-found",
            query = escape(&super::texts::truncate(&entry.query, 60))
        );
        if let Some(problem) = problem {
            reply = format!("{problem}\n\n{reply}");
        }
        return t
            .say(&reply, Some(super::keyboards::main_menu(lang, true)))
            .await;
    }
    let Some(calendar) = open_calendar(t).await? else {
        return Ok(());
    };
    // A duration or date chosen before (the activity is being changed
    // from the review) stays unless a new duration is typed.
    let kept_date = date_in(&t.state);
    let minutes = entry.duration.map(|d| d.get()).or(minutes_in(&t.state));
    // One activity clearly meant: straight to its review for today, at
    // the person's usual intensity (or to the durations, when none was
    // typed), where the date, intensity and activity can still change.
    if entry.problem.is_none()
        && let Some((_, activity)) = catalogue.clear_match(&entry.query)
        && let Some(code) = usual_intensity(t, activity).await?
    {
        let day = kept_date.unwrap_or_else(|| calendar.today(t.now));
        t.origin = None;
        return after_date(t, &code, day, minutes).await;
    }
    t.set_state(State::LogActivity {
        minutes,
        date: kept_date,
    })
    .await?;
    let screen = t.screen;
    let categories = catalogue.categories();
    let buttons = found
        .iter()
        .filter_map(|(cat, act)| {
            let ci = categories.iter().position(|c| std::ptr::eq(c, *cat))?;
            let ai = cat.activities.iter().position(|a| std::ptr::eq(a, *act))?;
            Some(button(
                tr!(
                    lang,
                    "bot-quick-choice",
                    activity = activity_name(lang, &act.name),
                    category = category_name(lang, cat)
                ),
                Callback::Log(LogButton::Activity {
                    screen,
                    category: index(ci),
                    activity: index(ai),
                }),
            ))
        })
        .collect();
    let question = match entry.duration {
        Some(d) => tr!(lang, "bot-quick-which-for", duration = d.to_string()),
        None => lang.t("bot-quick-which"),
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
                    lang.t("bot-button-browse-all"),
                    Callback::Log(LogButton::Categories(screen)),
                ),
                leave_button(lang, screen),
            ],
        ),
    )
    .await
}

/// The entry of `activity` the participant logs most often of late, or
/// its moderate one (the middle one when it has none).
async fn usual_intensity(
    t: &Turn<'_>,
    activity: &crate::domain::Activity,
) -> anyhow::Result<Option<String>> {
    if let Some(p) = &t.participant {
        let recent = t.ctx.app.store.participant_activities(p.id, 0, 50).await?;
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for code in recent.iter().filter_map(|a| a.compendium_code.as_deref()) {
            if activity.entries.iter().any(|e| e.code == code) {
                match counts.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((code, 1)),
                }
            }
        }
        // The most logged; the most recent of equals (the list is newest first).
        if let Some((code, _)) = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
            .map(|(_, c)| *c)
        {
            return Ok(Some(code.to_string()));
        }
    }
    Ok(activity
        .entry(crate::domain::Intensity::Moderate)
        .or_else(|| activity.entries.get(activity.entries.len() / 2))
        .map(|e| e.code.clone()))
}

/// A recent activity tapped on the menu: its review for today.
async fn repeat(t: &mut Turn<'_>, code: u32, minutes: u16) -> anyhow::Result<()> {
    let Some(calendar) = open_calendar(t).await? else {
        return Ok(());
    };
    let code = format!("{code:05}");
    if t.ctx.app.catalogue.entry_by_code(&code).is_none()
        || DurationMinutes::new(u32::from(minutes)).is_err()
    {
        return t.stale().await;
    }
    let today = calendar.today(t.now);
    // A new message: the menu stays where it is.
    t.origin = None;
    to_review(t, &code, today, minutes).await
}

/// Where the entry `code` is in the catalogue: (category, activity).
fn position_of(t: &Turn<'_>, code: &str) -> Option<(usize, usize)> {
    t.ctx
        .app
        .catalogue
        .categories()
        .iter()
        .enumerate()
        .find_map(|(ci, c)| {
            c.activities
                .iter()
                .position(|a| a.entries.iter().any(|e| e.code == code))
                .map(|ai| (ci, ai))
        })
}

fn date_in(state: &State) -> Option<NaiveDate> {
    match state {
        State::LogActivity { date, .. } | State::LogIntensity { date, .. } => *date,
        _ => None,
    }
}

fn minutes_in(state: &State) -> Option<u16> {
    match state {
        State::LogActivity { minutes, .. }
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
        (LogButton::Repeat { code, minutes }, _) => repeat(t, code, minutes).await,
        (LogButton::Categories(_), state) => {
            if open_calendar(t).await?.is_none() {
                return Ok(());
            }
            t.set_state(State::LogActivity {
                minutes: minutes_in(&state),
                date: date_in(&state),
            })
            .await?;
            show_categories(t).await
        }
        (LogButton::Category { category, page, .. }, state) => {
            t.set_state(State::LogActivity {
                minutes: minutes_in(&state),
                date: date_in(&state),
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
                date: date_in(&state),
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
                date,
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
            if let Some(date) = date {
                // Changed from the review: the date stays.
                return after_date(t, &code, date, minutes).await;
            }
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
                    t.notice(t.t("bot-date-refused"));
                    t.say(&warning(&e.message().render(t.lang)), None).await?;
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
        (LogButton::ChangeDate(_), State::LogReview { code, minutes, .. }) => {
            t.set_state(State::LogDate {
                code: code.clone(),
                minutes: Some(minutes),
            })
            .await?;
            show_dates(t, &code, None).await
        }
        (
            LogButton::ChangeIntensity(_),
            State::LogReview {
                code,
                date,
                minutes,
            },
        ) => {
            let Some((category, activity)) = position_of(t, &code) else {
                return t.stale().await;
            };
            t.set_state(State::LogIntensity {
                category,
                activity,
                minutes: Some(minutes),
                date: Some(date),
            })
            .await?;
            show_intensities(t, category, activity).await
        }
        (LogButton::ChangeActivity(_), State::LogReview { date, minutes, .. }) => {
            t.set_state(State::LogActivity {
                minutes: Some(minutes),
                date: Some(date),
            })
            .await?;
            show_categories(t).await
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
        t.notice(t.t("bot-already-logged"));
        if let Some(id) = t.origin {
            t.ctx.telegram.remove_keyboard(t.chat, id).await?;
        }
        return Ok(());
    }
    let notice = t.t("bot-review-out-of-date");
    t.expired(&notice).await
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
        t.notice(t.t("bot-date-no-longer"));
        t.set_state(State::LogDate {
            code: code.to_string(),
            minutes: Some(minutes),
        })
        .await?;
        t.settle(&warning(&e.message().render(t.lang))).await?;
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
            let Some(text) = super::texts::refusal(&e, t.lang) else {
                return Err(e.into());
            };
            t.set_state(State::Idle).await?;
            return t
                .show(&text, super::keyboards::main_menu(t.lang, true))
                .await;
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
    let mut text = tr!(
        t.lang,
        "bot-logged",
        activity = escape(&entry.label_in(t.lang)),
        duration = duration.to_string(),
        date = date,
        points = logged.activity.points,
        total = logged.total,
        rank = rank,
        participants = participants
    );
    // What the competition's rules did to the points, when they did anything.
    if logged.newly_logged
        && let Some(c) = &t.competition
    {
        for note in crate::actions::activities::rule_notes(&t.ctx.app, &c.rules, &logged) {
            text.push('\n');
            text.push_str(&escape(&note.render(t.lang)));
        }
    }
    // Two days or more in a row, counted with this one.
    if logged.newly_logged {
        let streak = t.ctx.app.streak(logged.activity.user_id).await?;
        if streak.current >= 2 {
            text.push_str("\n\n");
            text.push_str(&tr!(t.lang, "bot-logged-streak", days = streak.current));
        }
    }
    t.notice(t.t(if logged.newly_logged {
        "bot-logged-notice"
    } else {
        "bot-already-logged"
    }));
    // The confirmation stays as a record; the menu comes as a new message.
    t.settle(&text).await?;
    let menu = t.t("bot-menu");
    let keyboard = t.full_menu().await?;
    t.say(&menu, Some(keyboard)).await
}
