//! Profile: my details, activity history (5 per page, each deletable after
//! a confirmation) and deleting my account.

use super::callback::{Callback, ProfileButton};
use super::keyboards::{button, menu_button, rows};
use super::state::State;
use super::texts::{self, escape};
use super::turn::Turn;
use crate::actions::ActionError;
use crate::store::StoreError;

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
    let text = format!(
        "👤 <b>Your profile</b>\n\nName: {}\nUsername: {username}\nGuild: {}\nPoints: <b>{}</b>\nActivities logged: {count}\nRegistered: {}",
        texts::name(&p.display_name()),
        texts::name(p.guild.as_deref().unwrap_or("—")),
        p.points,
        p.created_at.format("%Y-%m-%d")
    );
    t.show(
        &text,
        rows(vec![
            vec![button(
                "📜 Activity history",
                Callback::Profile(ProfileButton::History { page: 0 }),
            )],
            vec![button(
                "🗑 Delete my account",
                Callback::Profile(ProfileButton::Account),
            )],
            vec![menu_button()],
        ]),
    )
    .await
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
    let mut text = format!("📜 <b>Your activities</b> (page {} of {pages})\n", page + 1);
    if items.is_empty() {
        text.push_str("\nNothing logged yet. Tap Log activity in the menu to start.");
    }
    let mut delete_row = Vec::new();
    for (i, a) in items.iter().enumerate() {
        text.push_str(&format!(
            "\n{}. {} — {} — {} min — <b>{}</b> points",
            i + 1,
            a.activity_date,
            escape(&a.activity_type),
            a.duration_minutes,
            a.points
        ));
        delete_row.push(button(
            format!("🗑 {}", i + 1),
            Callback::Profile(ProfileButton::Delete {
                activity: a.id,
                page: page_number(page),
            }),
        ));
    }
    let mut nav = Vec::new();
    if page > 0 {
        nav.push(button(
            "◀ Newer",
            Callback::Profile(ProfileButton::History {
                page: page_number(page - 1),
            }),
        ));
    }
    if page + 1 < pages {
        nav.push(button(
            "Older ▶",
            Callback::Profile(ProfileButton::History {
                page: page_number(page + 1),
            }),
        ));
    }
    let mut keyboard = Vec::new();
    if !delete_row.is_empty() {
        keyboard.push(delete_row);
    }
    if !nav.is_empty() {
        keyboard.push(nav);
    }
    keyboard.push(vec![
        button("👤 Profile", Callback::Profile(ProfileButton::Show)),
        menu_button(),
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
        t.notice("That account is already deleted.");
        return Ok(());
    }
    let Some(p) = t.registered().await? else {
        return Ok(());
    };
    match pressed {
        ProfileButton::Show => show(t).await,
        ProfileButton::History { page } => history(t, page).await,
        ProfileButton::Delete { activity: id, page } => match t.ctx.app.store.activity(id).await {
            Ok(a) if a.user_id == p.id => {
                let text = format!(
                    "Delete this activity?\n\n{} — {} — {} min — {} points\n\nIts points come off your total.",
                    a.activity_date,
                    escape(&a.activity_type),
                    a.duration_minutes,
                    a.points
                );
                t.show(
                    &text,
                    rows(vec![vec![
                        button(
                            "🗑 Yes, delete",
                            Callback::Profile(ProfileButton::ConfirmDelete { activity: id, page }),
                        ),
                        button(
                            "↩ Keep it",
                            Callback::Profile(ProfileButton::History { page }),
                        ),
                    ]]),
                )
                .await
            }
            Ok(_) | Err(StoreError::NotFound(_)) => {
                t.notice("That activity is already gone.");
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
                    t.notice(format!("Deleted. Your total is now {}.", deleted.total));
                    if let Some(me) = &mut t.participant {
                        me.points = deleted.total;
                    }
                    history(t, page).await
                }
                Err(ActionError::NotFound(_)) => {
                    t.notice("That activity is already gone.");
                    history(t, page).await
                }
                Err(ActionError::Rejected(message)) => {
                    t.notice(message);
                    history(t, page).await
                }
                Err(e) => Err(e.into()),
            }
        }
        ProfileButton::Account => {
            t.show(
                "⚠️ <b>Delete your account?</b>\n\nYour registration, all your activities and your feedback will be deleted for good, and your points leave your guild's total. This cannot be undone.",
                rows(vec![
                    vec![button(
                        "🗑 Yes, delete everything",
                        Callback::Profile(ProfileButton::ConfirmAccount { participant: p.id }),
                    )],
                    vec![button(
                        "↩ No, keep my account",
                        Callback::Profile(ProfileButton::Show),
                    )],
                ]),
            )
            .await
        }
        ProfileButton::ConfirmAccount { .. } => {
            let Some(actor) = t.actor() else {
                return Ok(());
            };
            let deleted = match crate::actions::participants::delete(&t.ctx.app, &actor, p.id).await {
                Ok(d) => d,
                Err(ActionError::NotFound(_)) => {
                    t.participant = None;
                    t.notice("That account is already deleted.");
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            t.participant = None;
            t.set_state(State::Idle).await?;
            let text = format!(
                "Your account is deleted, with {} activit{} and {} feedback entr{}. Thank you for taking part! You can register again any time with /start.",
                deleted.activities,
                if deleted.activities == 1 { "y" } else { "ies" },
                deleted.feedback,
                if deleted.feedback == 1 { "y" } else { "ies" }
            );
            t.settle(&text).await
        }
    }
}
