//! Feedback: three 1–5 ratings, then a text of 10–2000 characters.

use super::callback::{Callback, FeedbackButton};
use super::keyboards::{button, grid, leave_button};
use super::state::State;
use super::texts::warning;
use super::turn::Turn;
use crate::domain::{FeedbackDraft, parse_rating};
use crate::tr;

const QUESTIONS: [&str; 3] = [
    "bot-feedback-ease",
    "bot-feedback-usefulness",
    "bot-feedback-overall",
];

/// `/feedback` and the menu's button.
pub async fn start(t: &mut Turn<'_>) -> anyhow::Result<()> {
    if t.registered().await?.is_none() {
        return Ok(());
    }
    t.set_state(State::FeedbackRatings { ratings: vec![] })
        .await?;
    ask_rating(t, &[]).await
}

/// The next rating question.
pub async fn ask_rating(t: &mut Turn<'_>, ratings: &[u8]) -> anyhow::Result<()> {
    let step = ratings.len().min(2);
    let text = tr!(
        t.lang,
        "bot-feedback-question",
        step = step + 1,
        question = t.t(QUESTIONS[step])
    );
    let screen = t.screen;
    let buttons = (1..=5)
        .map(|rating| {
            button(
                rating.to_string(),
                Callback::Feedback(FeedbackButton::Rating { screen, rating }),
            )
        })
        .collect();
    t.show(&text, grid(buttons, 5, vec![leave_button(t.lang, screen)]))
        .await
}

/// The request for the text.
pub async fn ask_text(t: &mut Turn<'_>) -> anyhow::Result<()> {
    let text = t.t("bot-feedback-text");
    let keyboard = grid(vec![], 1, vec![leave_button(t.lang, t.screen)]);
    t.show(&text, keyboard).await
}

async fn add_rating(t: &mut Turn<'_>, mut ratings: Vec<u8>, rating: u8) -> anyhow::Result<()> {
    ratings.push(rating);
    if ratings.len() < 3 {
        t.set_state(State::FeedbackRatings {
            ratings: ratings.clone(),
        })
        .await?;
        ask_rating(t, &ratings).await
    } else {
        t.set_state(State::FeedbackText { ratings }).await?;
        ask_text(t).await
    }
}

/// A rating typed instead of tapped.
pub async fn typed_rating(t: &mut Turn<'_>, ratings: Vec<u8>, text: &str) -> anyhow::Result<()> {
    match parse_rating(text) {
        Ok(r) => add_rating(t, ratings, r).await,
        Err(e) => {
            t.say(&warning(&e.render(t.lang)), None).await?;
            ask_rating(t, &ratings).await
        }
    }
}

/// The feedback text: validated, then stored.
pub async fn text(t: &mut Turn<'_>, ratings: Vec<u8>, text: &str) -> anyhow::Result<()> {
    if t.registered().await?.is_none() {
        return Ok(());
    }
    let Some(actor) = t.actor() else {
        return Ok(());
    };
    let [ease, usefulness, overall] = ratings[..] else {
        t.set_state(State::FeedbackRatings { ratings: vec![] })
            .await?;
        return ask_rating(t, &[]).await;
    };
    match FeedbackDraft::new(ease, usefulness, overall, text) {
        Ok(draft) => {
            crate::actions::feedback::give(&t.ctx.app, &actor, &draft).await?;
            let thanks = t.t("bot-feedback-thanks");
            t.menu(Some(&thanks)).await
        }
        Err(errors) => {
            let message = errors
                .iter()
                .map(|e| warning(&e.render(t.lang)))
                .collect::<Vec<_>>()
                .join("\n");
            let text = tr!(t.lang, "bot-feedback-again", problems = message);
            let keyboard = grid(vec![], 1, vec![leave_button(t.lang, t.screen)]);
            t.say(&text, Some(keyboard)).await
        }
    }
}

/// Feedback buttons.
pub async fn callback(t: &mut Turn<'_>, pressed: FeedbackButton) -> anyhow::Result<()> {
    match (pressed, t.state.clone()) {
        (FeedbackButton::Start, _) => start(t).await,
        (FeedbackButton::Rating { screen, rating }, State::FeedbackRatings { ratings })
            if t.on_screen(screen) && (1..=5).contains(&rating) =>
        {
            add_rating(t, ratings, rating).await
        }
        _ => t.stale().await,
    }
}
