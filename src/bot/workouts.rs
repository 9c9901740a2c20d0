//! Logging from a workout file sent as a document (FIT, GPX, TCX, also
//! gzip-compressed; forwarded ones too): the file is downloaded, read into
//! one confirmation card, and one tap logs it. The card waits in the
//! dialogue state, so it survives a restart; its buttons carry its screen,
//! so an older card's buttons do nothing.

use teloxide::types::Document;
use teloxide::{ApiError, RequestError};

use super::callback::{Callback, WorkoutButton};
use super::keyboards::{button, grid, rows};
use super::logging::{ActivityButtons, show_activity_page};
use super::state::{PendingCard, PendingEntry, State};
use super::texts::{escape, warning};
use super::turn::Turn;
use crate::actions::workouts::{CardEntry, WorkoutCard, log_card, read_card};
use crate::domain::catalogue_names::{activity_name, category_name};
use crate::domain::workout::{MAX_FILE_BYTES, WorkoutError, WorkoutFormat};
use crate::domain::{CatalogueEntry, Points};
use crate::i18n::format;
use crate::tr;

/// A document arrived: read it as a workout and show its card.
pub async fn on_document(t: &mut Turn<'_>, document: &Document) -> anyhow::Result<()> {
    let Some(participant) = t.registered().await? else {
        return Ok(());
    };
    let too_large = |size: u32| {
        WorkoutError::TooLarge {
            size_mb: f64::from(size) / (1024.0 * 1024.0),
        }
        .message()
    };
    // Telegram says how large the file is; one above the bots' limit is
    // refused before anything is downloaded. (An unknown size reads as
    // u32::MAX; the download below stops at the limit then.)
    let announced = document.file.size;
    if announced != u32::MAX && announced as usize > MAX_FILE_BYTES {
        return refuse(t, &too_large(announced).render(t.lang)).await;
    }
    let path = match t.ctx.telegram.file_path(&document.file.id).await {
        Ok((path, _)) => path,
        Err(RequestError::Api(ApiError::Unknown(why))) if why.contains("file is too big") => {
            return refuse(t, &too_large(announced).render(t.lang)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let Some(bytes) = t.ctx.telegram.download(&path, MAX_FILE_BYTES).await? else {
        return refuse(t, &too_large(announced).render(t.lang)).await;
    };
    let name = document.file_name.as_deref().unwrap_or("");
    match read_card(&t.ctx.app, &participant, name, &bytes).await {
        Ok(card) => {
            let notes: Vec<String> = card.left_out.iter().map(|m| m.render(t.lang)).collect();
            let pending = pending_of(&card);
            t.set_state(State::WorkoutCard {
                card: pending.clone(),
            })
            .await?;
            // A new message, under the file it answers.
            t.origin = None;
            show_card(t, &pending, &notes).await
        }
        Err(e) => match super::texts::refusal(&e, t.lang) {
            Some(text) => refuse(t, &text).await,
            None => Err(e.into()),
        },
    }
}

/// Says why the file is refused; the open step stays as it was.
async fn refuse(t: &mut Turn<'_>, text: &str) -> anyhow::Result<()> {
    let text = if text.starts_with('⚠') {
        text.to_string()
    } else {
        warning(text)
    };
    if t.state == State::Idle {
        let menu = t.main_menu();
        return t.say(&text, Some(menu)).await;
    }
    t.say(&text, None).await?;
    t.resume_wanted = true;
    Ok(())
}

fn pending_of(card: &WorkoutCard) -> PendingCard {
    PendingCard {
        format: card.format.to_string(),
        sha256: card.sha256.clone(),
        entries: card
            .entries
            .iter()
            .map(|e| PendingEntry {
                sport: e.sport.clone(),
                code: e.code.clone(),
                date: e.date,
                minutes: e.minutes,
                started_at: e.started_at,
                distance_m: e.distance_m,
            })
            .collect(),
    }
}

fn card_of(pending: &PendingCard) -> WorkoutCard {
    WorkoutCard {
        format: match pending.format.as_str() {
            "GPX" => WorkoutFormat::Gpx,
            "TCX" => WorkoutFormat::Tcx,
            _ => WorkoutFormat::Fit,
        },
        sha256: pending.sha256.clone(),
        entries: pending
            .entries
            .iter()
            .map(|e| CardEntry {
                sport: e.sport.clone(),
                code: e.code.clone(),
                date: e.date,
                minutes: e.minutes,
                started_at: e.started_at,
                distance_m: e.distance_m,
            })
            .collect(),
        left_out: Vec::new(),
    }
}

/// One line of the card: "Running (Moderate) · 47 min · 2026-12-01 ·
/// 9.0 km → 7.87 points", or the sport with a question when its activity
/// is still to be picked.
fn card_line(t: &Turn<'_>, entry: &PendingEntry) -> String {
    let lang = t.lang;
    let chosen = entry
        .code
        .as_deref()
        .and_then(|c| t.ctx.app.catalogue.entry_by_code(c));
    let mut parts = vec![match chosen {
        Some(e) => escape(&e.label_in(lang)),
        None => tr!(
            lang,
            "bot-workout-unknown-sport",
            sport = escape(&entry.sport)
        ),
    }];
    parts.push(tr!(lang, "minutes-short", minutes = entry.minutes));
    parts.push(format::date(lang, entry.date));
    if let Some(m) = entry.distance_m.filter(|m| *m > 0) {
        parts.push(tr!(
            lang,
            "bot-workout-km",
            km = format::number(lang, format!("{:.1}", f64::from(m) / 1000.0))
        ));
    }
    let mut line = parts.join(" · ");
    if let Some(e) = chosen
        && let Ok(d) = crate::domain::DurationMinutes::new(u32::from(entry.minutes))
    {
        line.push(' ');
        line.push_str(&tr!(
            lang,
            "bot-workout-points",
            points = Points::for_activity(e.met, d)
        ));
    }
    line
}

/// The card: a line per entry, and the buttons to log, change or drop it.
pub async fn show_card(
    t: &mut Turn<'_>,
    card: &PendingCard,
    notes: &[String],
) -> anyhow::Result<()> {
    let lang = t.lang;
    let screen = t.screen;
    let mut text = tr!(lang, "bot-workout-card", format = card.format.as_str());
    text.push_str("\n\n");
    for entry in &card.entries {
        text.push_str("• ");
        text.push_str(&card_line(t, entry));
        text.push('\n');
    }
    if !notes.is_empty() {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-workout-left-out",
            parts = escape(&notes.join(", "))
        ));
        text.push('\n');
    }
    text.push('\n');
    let missing = card.entries.iter().position(|e| e.code.is_none());
    let mut keyboard = Vec::new();
    match missing {
        None => {
            text.push_str(&t.t("bot-workout-ask"));
            keyboard.push(vec![button(
                t.t("bot-button-workout-log"),
                Callback::Workout(WorkoutButton::Log(screen)),
            )]);
            keyboard.push(vec![
                button(
                    t.t("bot-button-change-activity"),
                    Callback::Workout(WorkoutButton::ChangeActivity {
                        screen,
                        entry: None,
                    }),
                ),
                button(
                    t.t("bot-button-change-intensity"),
                    Callback::Workout(WorkoutButton::ChangeIntensity {
                        screen,
                        entry: None,
                    }),
                ),
            ]);
        }
        Some(i) => {
            text.push_str(&t.t("bot-workout-ask-pick"));
            keyboard.push(vec![button(
                tr!(
                    lang,
                    "bot-button-workout-pick",
                    sport = card.entries[i].sport.as_str()
                ),
                Callback::Workout(WorkoutButton::ChangeActivity {
                    screen,
                    entry: Some(entry_index(i)),
                }),
            )]);
        }
    }
    keyboard.push(vec![button(
        t.t("bot-button-workout-drop"),
        Callback::Workout(WorkoutButton::Drop(screen)),
    )]);
    t.show(&text, rows(keyboard)).await
}

/// An entry's position as a button carries it.
fn entry_index(i: usize) -> u8 {
    u8::try_from(i).unwrap_or(u8::MAX)
}

/// A catalogue position as a button carries it.
fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn back_to_card(t: &Turn<'_>) -> teloxide::types::InlineKeyboardButton {
    button(
        t.t("bot-button-workout-back"),
        Callback::Workout(WorkoutButton::Card(t.screen)),
    )
}

/// "Which part?" for a card of several entries.
async fn show_which(t: &mut Turn<'_>, card: &PendingCard, activity: bool) -> anyhow::Result<()> {
    let screen = t.screen;
    let buttons = card
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let label = e
                .code
                .as_deref()
                .and_then(|c| t.ctx.app.catalogue.entry_by_code(c))
                .map_or_else(|| e.sport.clone(), |c| c.label_in(t.lang));
            let entry = Some(entry_index(i));
            button(
                format!("{}. {label}", i + 1),
                Callback::Workout(if activity {
                    WorkoutButton::ChangeActivity { screen, entry }
                } else {
                    WorkoutButton::ChangeIntensity { screen, entry }
                }),
            )
        })
        .collect();
    let text = t.t("bot-workout-which");
    let back = back_to_card(t);
    t.show(&text, grid(buttons, 1, vec![back])).await
}

/// The categories to pick an entry's activity from.
pub async fn show_categories(
    t: &mut Turn<'_>,
    card: &PendingCard,
    entry: u8,
) -> anyhow::Result<()> {
    let Some(e) = card.entries.get(usize::from(entry)) else {
        return t.stale().await;
    };
    let lang = t.lang;
    let screen = t.screen;
    let text = tr!(
        lang,
        "bot-workout-pick-category",
        sport = escape(&e.sport),
        minutes = e.minutes,
        date = e.date
    );
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
                Callback::Workout(WorkoutButton::Category {
                    screen,
                    category: index(i),
                    page: 0,
                }),
            )
        })
        .collect();
    let back = back_to_card(t);
    t.show(&text, grid(buttons, 2, vec![back])).await
}

/// The catalogue page of the card's "change activity", through the
/// logging wizard's picker.
const CARD_BUTTONS: ActivityButtons = ActivityButtons {
    page: |screen, category, page| {
        Callback::Workout(WorkoutButton::Category {
            screen,
            category,
            page,
        })
    },
    activity: |screen, category, activity| {
        Callback::Workout(WorkoutButton::Activity {
            screen,
            category,
            activity,
        })
    },
    categories: |screen| Callback::Workout(WorkoutButton::Categories(screen)),
};

async fn show_activities(t: &mut Turn<'_>, category: usize, page: usize) -> anyhow::Result<()> {
    show_activity_page(t, category, page, &CARD_BUTTONS).await
}

/// The intensities of one activity, to set an entry's.
pub async fn show_intensities(
    t: &mut Turn<'_>,
    category: u16,
    activity: u16,
) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let Some(a) = catalogue
        .categories()
        .get(usize::from(category))
        .and_then(|c| c.activities.get(usize::from(activity)))
    else {
        return t.stale().await;
    };
    let lang = t.lang;
    let screen = t.screen;
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
                Callback::Workout(WorkoutButton::Intensity {
                    screen,
                    entry: index(i),
                }),
            )
        })
        .collect();
    let back = back_to_card(t);
    t.show(&text, grid(buttons, 1, vec![back])).await
}

/// Where an entry's chosen activity is in the catalogue: (category, activity).
fn position_of(t: &Turn<'_>, code: &str) -> Option<(u16, u16)> {
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
                .map(|ai| (index(ci), index(ai)))
        })
}

/// Text typed while an entry's activity is being picked: the matches.
pub async fn typed(t: &mut Turn<'_>, text: &str) -> anyhow::Result<()> {
    let catalogue = t.ctx.app.catalogue.clone();
    let found = catalogue.search(text, 8);
    let lang = t.lang;
    let screen = t.screen;
    if found.is_empty() {
        let reply = tr!(
            lang,
            "bot-workout-search-none",
            query = escape(&super::texts::truncate(text, 60))
        );
        t.say(&reply, None).await?;
        t.resume_wanted = true;
        return Ok(());
    }
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
                Callback::Workout(WorkoutButton::Activity {
                    screen,
                    category: index(ci),
                    activity: index(ai),
                }),
            ))
        })
        .collect();
    let question = t.t("bot-quick-which");
    let back = back_to_card(t);
    t.origin = None;
    t.show(
        &question,
        grid(
            buttons,
            1,
            vec![
                button(
                    t.t("bot-button-categories"),
                    Callback::Workout(WorkoutButton::Categories(screen)),
                ),
                back,
            ],
        ),
    )
    .await
}

/// Sets an entry's activity and shows the card again.
async fn chose(
    t: &mut Turn<'_>,
    mut card: PendingCard,
    entry: u8,
    chosen: &CatalogueEntry,
) -> anyhow::Result<()> {
    let Some(e) = card.entries.get_mut(usize::from(entry)) else {
        return t.stale().await;
    };
    e.code = Some(chosen.code.clone());
    t.set_state(State::WorkoutCard { card: card.clone() })
        .await?;
    show_card(t, &card, &[]).await
}

/// A workout card's buttons.
pub async fn callback(t: &mut Turn<'_>, pressed: WorkoutButton) -> anyhow::Result<()> {
    if let Some(screen) = Callback::Workout(pressed).screen()
        && !t.on_screen(screen)
    {
        return t.stale().await;
    }
    use WorkoutButton as W;
    match (pressed, t.state.clone()) {
        (W::Log(_), State::WorkoutCard { card }) => log(t, card).await,
        (
            W::Drop(_),
            State::WorkoutCard { .. }
            | State::WorkoutActivity { .. }
            | State::WorkoutIntensity { .. },
        ) => {
            t.set_state(State::Idle).await?;
            let text = t.t("bot-workout-dropped");
            t.settle(&text).await?;
            let menu = t.t("bot-menu");
            let keyboard = t.main_menu();
            t.say(&menu, Some(keyboard)).await
        }
        (
            W::Card(_),
            State::WorkoutCard { card }
            | State::WorkoutActivity { card, .. }
            | State::WorkoutIntensity { card, .. },
        ) => {
            t.set_state(State::WorkoutCard { card: card.clone() })
                .await?;
            show_card(t, &card, &[]).await
        }
        (W::ChangeActivity { entry, .. }, State::WorkoutCard { card }) => {
            let entry = match entry {
                Some(e) => e,
                None if card.entries.len() == 1 => 0,
                None => return show_which(t, &card, true).await,
            };
            if usize::from(entry) >= card.entries.len() {
                return t.stale().await;
            }
            t.set_state(State::WorkoutActivity {
                card: card.clone(),
                entry,
            })
            .await?;
            show_categories(t, &card, entry).await
        }
        (W::ChangeIntensity { entry, .. }, State::WorkoutCard { card }) => {
            let entry = match entry {
                Some(e) => e,
                None if card.entries.len() == 1 => 0,
                None => return show_which(t, &card, false).await,
            };
            let Some(e) = card.entries.get(usize::from(entry)) else {
                return t.stale().await;
            };
            let Some((category, activity)) = e.code.as_deref().and_then(|c| position_of(t, c))
            else {
                // No activity yet: it is picked first, intensity and all.
                t.set_state(State::WorkoutActivity {
                    card: card.clone(),
                    entry,
                })
                .await?;
                return show_categories(t, &card, entry).await;
            };
            t.set_state(State::WorkoutIntensity {
                card,
                entry,
                category,
                activity,
            })
            .await?;
            show_intensities(t, category, activity).await
        }
        (W::Categories(_), State::WorkoutActivity { card, entry }) => {
            show_categories(t, &card, entry).await
        }
        (W::Category { category, page, .. }, State::WorkoutActivity { .. }) => {
            show_activities(t, usize::from(category), usize::from(page)).await
        }
        (
            W::Activity {
                category, activity, ..
            },
            State::WorkoutActivity { card, entry },
        ) => {
            let catalogue = t.ctx.app.catalogue.clone();
            let Some(a) = catalogue
                .categories()
                .get(usize::from(category))
                .and_then(|c| c.activities.get(usize::from(activity)))
            else {
                return t.stale().await;
            };
            if let [only] = a.entries.as_slice() {
                return chose(t, card, entry, only).await;
            }
            t.set_state(State::WorkoutIntensity {
                card,
                entry,
                category,
                activity,
            })
            .await?;
            show_intensities(t, category, activity).await
        }
        (
            W::Intensity { entry: chosen, .. },
            State::WorkoutIntensity {
                card,
                entry,
                category,
                activity,
            },
        ) => {
            let catalogue = t.ctx.app.catalogue.clone();
            let Some(e) = catalogue
                .categories()
                .get(usize::from(category))
                .and_then(|c| c.activities.get(usize::from(activity)))
                .and_then(|a| a.entries.get(usize::from(chosen)))
            else {
                return t.stale().await;
            };
            chose(t, card, entry, e).await
        }
        _ => t.stale().await,
    }
}

/// ✅ Log it: every entry of the card, in one go.
async fn log(t: &mut Turn<'_>, pending: PendingCard) -> anyhow::Result<()> {
    let Some(participant) = t.registered().await? else {
        return Ok(());
    };
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let card = card_of(&pending);
    let lines: Vec<String> = pending.entries.iter().map(|e| card_line(t, e)).collect();
    let logged = match log_card(&t.ctx.app, &actor, &participant, &card).await {
        Ok(logged) => logged,
        Err(e) => {
            let Some(text) = super::texts::refusal(&e, t.lang) else {
                return Err(e.into());
            };
            // Nothing was logged; the card stays as a record of why.
            t.set_state(State::Idle).await?;
            t.notice(t.t("bot-workout-not-logged"));
            let mut record = lines.join("\n");
            record.push_str("\n\n");
            record.push_str(&text);
            t.settle(&record).await?;
            let menu = t.t("bot-menu");
            let keyboard = t.main_menu();
            return t.say(&menu, Some(keyboard)).await;
        }
    };
    let points: Points = logged.iter().map(|l| l.activity.points).sum();
    let total = logged.last().map(|l| l.total).unwrap_or_default();
    let store = &t.ctx.app.store;
    let (ended, ranked) = tokio::join!(t.set_state(State::Idle), store.rank_and_population(total));
    ended?;
    let (rank, participants) = ranked?;
    let mut text = lines
        .iter()
        .map(|l| format!("• {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    text.push_str("\n\n");
    text.push_str(&tr!(
        t.lang,
        "bot-workout-logged",
        count = logged.len(),
        points = points,
        total = total,
        rank = rank,
        participants = participants
    ));
    // Entries waiting for an organiser's review before they count.
    let withheld: Points = logged.iter().map(|l| l.withheld).sum();
    if withheld > Points::ZERO {
        text.push('\n');
        text.push_str(&escape(
            &crate::msg!("rules-note-awaits-review", points = withheld).render(t.lang),
        ));
    }
    t.notice(t.t("bot-logged-notice"));
    t.settle(&text).await?;
    let menu = t.t("bot-menu");
    let keyboard = t.full_menu().await?;
    t.say(&menu, Some(keyboard)).await
}
