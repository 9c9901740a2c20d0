//! Feedback: participants give it, organisers mark it reviewed.

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::{AdminRole, FeedbackDraft};
use crate::msg;
use crate::store::feedback::Feedback;

/// Stores a participant's feedback. The submission is its own record.
pub async fn give(app: &App, actor: &Actor, draft: &FeedbackDraft) -> ActionResult<Feedback> {
    let Actor::Participant { id, .. } = actor else {
        return Err(ActionError::Forbidden(msg!(
            "err-feedback-participants-only"
        )));
    };
    let feedback = app.store.submit_feedback(*id, draft).await?;
    app.metrics
        .action_done("feedback.give", actor.kind().as_str());
    Ok(feedback)
}

/// Marks a submission as reviewed (or not).
pub async fn set_reviewed(
    app: &App,
    actor: &Actor,
    id: i64,
    reviewed: bool,
) -> ActionResult<Feedback> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let f = tx.set_feedback_reviewed(id, reviewed).await?;
    let action = if reviewed {
        "feedback.reviewed"
    } else {
        "feedback.unreviewed"
    };
    let record = Record::new(
        action,
        format!("feedback #{} of participant #{}", f.id, f.user_id),
    );
    commit(app, tx, actor, record).await?;
    Ok(f)
}
