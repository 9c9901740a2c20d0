//! Feedback: three 1–5 ratings, then a text of 10–2000 characters.

use super::callback::{Callback, FeedbackButton};
use super::keyboards::{button, grid, leave_button};
use super::state::State;
use super::texts::escape;
use super::turn::Turn;
use crate::domain::{FeedbackDraft, parse_rating};

const QUESTIONS: [&str; 3] = [
    "How <b>easy to use</b> is the bot?",
    "How <b>useful</b> is the challenge for you?",
    "How <b>satisfied</b> are you overall?",
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
    let text = format!(
        "💬 <b>Feedback</b> ({} of 4)\n\n{}\n1 = poor, 5 = excellent.",
        step + 1,
        QUESTIONS[step]
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
    t.show(&text, grid(buttons, 5, vec![leave_button(screen)]))
        .await
}

/// The request for the text.
pub async fn ask_text(t: &mut Turn<'_>) -> anyhow::Result<()> {
    t.show(
        "💬 <b>Feedback</b> (4 of 4)\n\nFinally, tell us in your own words what works and what could be better (10 to 2000 characters). Send /cancel to stop.",
        grid(vec![], 1, vec![leave_button(t.screen)]),
    )
    .await
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
            t.say(&format!("⚠️ {}", escape(&e.message)), None).await?;
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
            t.menu(Some(
                "🙏 Thank you! Your feedback was sent to the organisers.",
            ))
            .await
        }
        Err(errors) => {
            let message = errors
                .iter()
                .map(|e| format!("⚠️ {}", escape(&e.message)))
                .collect::<Vec<_>>()
                .join("\n");
            t.say(
                &format!("{message}\n\nPlease send your feedback again; nothing was saved yet."),
                Some(grid(vec![], 1, vec![leave_button(t.screen)])),
            )
            .await
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
