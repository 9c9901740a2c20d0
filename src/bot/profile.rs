//! Profile: my details, activity history (5 per page, each deletable after
//! a confirmation, each pinnable to the menu's quick-log buttons),
//! appearing as anonymous in public lists, a copy of my data (`/mydata`)
//! and deleting my account.

use super::callback::{Callback, ProfileButton};
use super::keyboards::{button, menu_button, rows};
use super::state::State;
use super::texts::{self, escape};
use super::turn::Turn;
use crate::actions::ActionError;
use crate::store::StoreError;
use crate::store::participants::Participant;
use crate::tr;

/// Activities per history page.
const PER_PAGE: u64 = 5;

/// `/profile`.
pub async fn show(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    t.set_state(State::Idle).await?;
    let count = t.ctx.app.store.count_participant_activities(p.id).await?;
    let username = p
        .username
        .as_deref()
        .map(|u| format!("@{}", escape(u)))
        .unwrap_or_else(|| "—".into());
    // The day they registered as the competition counts days.
    let zone = t
        .competition
        .as_ref()
        .map_or(crate::domain::DEFAULT_TIME_ZONE, |c| c.time_zone);
    let text = tr!(
        t.lang,
        "bot-profile",
        name = texts::name(&p.display_name()),
        username = username,
        guild = texts::name(p.guild.as_deref().unwrap_or("—")),
        points = p.points,
        count = count,
        registered = p.created_at.with_timezone(&zone).date_naive(),
        listed = if p.public_anonymous {
            "anonymous"
        } else {
            "name"
        }
    );
    let (anonymous_label, anonymous) = if p.public_anonymous {
        (t.t("bot-button-show-my-name"), false)
    } else {
        (t.t("bot-button-appear-anonymous"), true)
    };
    let keyboard = rows(vec![
        vec![button(
            t.t("bot-button-history"),
            Callback::Profile(ProfileButton::History { page: 0 }),
        )],
        vec![button(
            anonymous_label,
            Callback::Profile(ProfileButton::Anonymous(anonymous)),
        )],
        vec![button(
            t.t("bot-button-my-data"),
            Callback::Profile(ProfileButton::MyData),
        )],
        vec![button(
            t.t("bot-button-delete-account"),
            Callback::Profile(ProfileButton::Account),
        )],
        vec![menu_button(t.lang)],
    ]);
    t.show(&text, keyboard).await
}

async fn history(t: &mut Turn<'_>, page: u32) -> anyhow::Result<()> {
    let page = u64::from(page);
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    let count = t.ctx.app.store.count_participant_activities(p.id).await?;
    let pages = count.div_ceil(PER_PAGE).max(1);
    let page = page.min(pages - 1);
    let items = t
        .ctx
        .app
        .store
        .participant_activities(p.id, page * PER_PAGE, PER_PAGE)
        .await?;
    let mut text = tr!(t.lang, "bot-history-title", page = page + 1, pages = pages);
    text.push('\n');
    if items.is_empty() {
        text.push('\n');
        text.push_str(&t.t("bot-history-empty"));
    }
    let catalogue = t.ctx.app.catalogue.clone();
    let pinned: Vec<String> = t
        .ctx
        .app
        .store
        .favourites(p.id)
        .await?
        .into_iter()
        .map(|f| f.compendium_code)
        .collect();
    let mut delete_row = Vec::new();
    let mut pin_row = Vec::new();
    for (i, a) in items.iter().enumerate() {
        text.push('\n');
        text.push_str(&tr!(
            t.lang,
            "bot-history-line",
            number = i + 1,
            date = a.activity_date,
            activity = escape(&catalogue.label_in(t.lang, &a.activity_type)),
            minutes = a.duration_minutes,
            points = a.points
        ));
        delete_row.push(button(
            format!("🗑 {}", i + 1),
            Callback::Profile(ProfileButton::Delete {
                activity: a.id,
                page: page_number(page),
            }),
        ));
        // Only an entry of the catalogue can be pinned: its code is what
        // the menu's button carries.
        let Some(code) = a
            .compendium_code
            .as_deref()
            .filter(|c| catalogue.entry_by_code(c).is_some())
        else {
            continue;
        };
        if pinned.iter().any(|c| c == code) {
            text.push_str(" 📌");
            if let Ok(number) = code.parse::<u32>() {
                pin_row.push(button(
                    tr!(t.lang, "bot-button-unpin", number = i + 1),
                    Callback::Profile(ProfileButton::Unpin {
                        code: number,
                        page: page_number(page),
                    }),
                ));
            }
        } else {
            pin_row.push(button(
                tr!(t.lang, "bot-button-pin", number = i + 1),
                Callback::Profile(ProfileButton::Pin {
                    activity: a.id,
                    page: page_number(page),
                }),
            ));
        }
    }
    if !pin_row.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr!(
            t.lang,
            "bot-history-pin-help",
            max = crate::actions::favourites::MAX_FAVOURITES
        ));
    }
    let mut nav = Vec::new();
    if page > 0 {
        nav.push(button(
            t.t("bot-button-newer"),
            Callback::Profile(ProfileButton::History {
                page: page_number(page - 1),
            }),
        ));
    }
    if page + 1 < pages {
        nav.push(button(
            t.t("bot-button-older"),
            Callback::Profile(ProfileButton::History {
                page: page_number(page + 1),
            }),
        ));
    }
    let mut keyboard = Vec::new();
    if !delete_row.is_empty() {
        keyboard.push(delete_row);
    }
    if !pin_row.is_empty() {
        keyboard.push(pin_row);
    }
    if !nav.is_empty() {
        keyboard.push(nav);
    }
    keyboard.push(vec![
        button(
            t.t("bot-button-profile"),
            Callback::Profile(ProfileButton::Show),
        ),
        menu_button(t.lang),
    ]);
    t.show(&text, rows(keyboard)).await
}

fn page_number(page: u64) -> u32 {
    u32::try_from(page).unwrap_or(u32::MAX)
}

/// Profile buttons.
pub async fn callback(t: &mut Turn<'_>, pressed: ProfileButton) -> anyhow::Result<()> {
    if let ProfileButton::ConfirmAccount { participant } = pressed
        && t.participant.as_ref().is_none_or(|p| p.id != participant)
    {
        // A second tap on "Yes, delete everything" (or one from an account
        // deleted earlier): the message already says what happened.
        t.notice(t.t("bot-account-already-deleted"));
        return Ok(());
    }
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    match pressed {
        ProfileButton::Show => show(t).await,
        ProfileButton::Anonymous(anonymous) => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            let updated = crate::actions::participants::choose_public_anonymous(
                &t.ctx.app, &actor, p.id, anonymous,
            )
            .await?;
            t.notice(t.t(if updated.public_anonymous {
                "bot-anonymous-on"
            } else {
                "bot-anonymous-off"
            }));
            t.participant = Some(updated);
            show(t).await
        }
        ProfileButton::MyData => {
            send_my_data(t, &p).await?;
            t.notice(t.t("bot-mydata-sent"));
            Ok(())
        }
        ProfileButton::History { page } => history(t, page).await,
        ProfileButton::Pin { activity, page } => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            match crate::actions::favourites::pin(&t.ctx.app, &actor, p.id, activity).await {
                Ok(pinned) => {
                    let activity = t
                        .ctx
                        .app
                        .catalogue
                        .entry_by_code(&pinned.compendium_code)
                        .map(|e| e.label_in(t.lang))
                        .unwrap_or_default();
                    t.notice(tr!(
                        t.lang,
                        "bot-favourite-pinned",
                        activity = activity,
                        minutes = pinned.minutes()
                    ));
                }
                // An older history's button: the entry was deleted since.
                Err(ActionError::NotFound(_)) => t.notice(t.t("bot-activity-gone")),
                Err(ActionError::Rejected(message)) => t.notice(message.render(t.lang)),
                Err(e) => return Err(e.into()),
            }
            history(t, page).await
        }
        ProfileButton::Unpin { code, page } => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            let code = format!("{code:05}");
            match crate::actions::favourites::unpin(&t.ctx.app, &actor, p.id, &code).await {
                Ok(()) => {
                    let activity = t
                        .ctx
                        .app
                        .catalogue
                        .entry_by_code(&code)
                        .map(|e| e.label_in(t.lang))
                        .unwrap_or_default();
                    t.notice(tr!(t.lang, "bot-favourite-unpinned", activity = activity));
                }
                // Unpinned already (a second tap, or an older history's button).
                Err(ActionError::NotFound(message)) => t.notice(message.render(t.lang)),
                Err(e) => return Err(e.into()),
            }
            history(t, page).await
        }
        ProfileButton::Delete { activity: id, page } => match t.ctx.app.store.activity(id).await {
            Ok(a) if a.user_id == p.id => {
                let text = tr!(
                    t.lang,
                    "bot-delete-activity-question",
                    date = a.activity_date,
                    activity = escape(&t.ctx.app.catalogue.label_in(t.lang, &a.activity_type)),
                    minutes = a.duration_minutes,
                    points = a.points
                );
                let keyboard = rows(vec![vec![
                    button(
                        t.t("bot-button-yes-delete"),
                        Callback::Profile(ProfileButton::ConfirmDelete { activity: id, page }),
                    ),
                    button(
                        t.t("bot-button-keep-it"),
                        Callback::Profile(ProfileButton::History { page }),
                    ),
                ]]);
                t.show(&text, keyboard).await
            }
            Ok(_) | Err(StoreError::NotFound(_)) => {
                t.notice(t.t("bot-activity-gone"));
                history(t, page).await
            }
            Err(e) => Err(e.into()),
        },
        ProfileButton::ConfirmDelete { activity: id, page } => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            match crate::actions::activities::delete(&t.ctx.app, &actor, id, None).await {
                Ok(deleted) => {
                    t.notice(tr!(t.lang, "bot-activity-deleted", total = deleted.total));
                    if let Some(me) = &mut t.participant {
                        me.points = deleted.total;
                    }
                    history(t, page).await
                }
                Err(ActionError::NotFound(_)) => {
                    t.notice(t.t("bot-activity-gone"));
                    history(t, page).await
                }
                Err(ActionError::Rejected(message)) => {
                    t.notice(message.render(t.lang));
                    history(t, page).await
                }
                Err(e) => Err(e.into()),
            }
        }
        ProfileButton::Account => {
            let keyboard = rows(vec![
                vec![button(
                    t.t("bot-button-delete-everything"),
                    Callback::Profile(ProfileButton::ConfirmAccount { participant: p.id }),
                )],
                vec![button(
                    t.t("bot-button-keep-account"),
                    Callback::Profile(ProfileButton::Show),
                )],
            ]);
            let text = t.t("bot-delete-account-question");
            t.show(&text, keyboard).await
        }
        ProfileButton::ConfirmAccount { .. } => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            let deleted = match crate::actions::participants::delete(&t.ctx.app, &actor, p.id).await
            {
                Ok(d) => d,
                Err(ActionError::NotFound(_)) => {
                    t.participant = None;
                    t.notice(t.t("bot-account-already-deleted"));
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            t.participant = None;
            t.set_state(State::Idle).await?;
            let text = tr!(
                t.lang,
                "bot-account-deleted",
                activities = deleted.activities,
                feedback = deleted.feedback
            );
            t.settle(&text).await
        }
    }
}

/// `/mydata`: a copy of everything stored about me, as a JSON file.
pub async fn my_data(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    send_my_data(t, &p).await
}

async fn send_my_data(t: &mut Turn<'_>, p: &Participant) -> anyhow::Result<()> {
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let data = crate::actions::participants::own_data(&t.ctx.app, &actor, p.id).await?;
    let file_name = data.file_name();
    let caption = t.t("bot-mydata-caption");
    t.ctx
        .telegram
        .send_document(
            t.chat,
            &file_name,
            data.to_json(&t.t("bot-mydata-about")).into_bytes(),
            &caption,
        )
        .await?;
    Ok(())
}
