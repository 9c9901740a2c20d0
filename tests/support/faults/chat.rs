//! A participant who logs an activity through the bot and does not give up:
//! the quick entry `runn N` (a partial word, so the list is offered), "Running (Running)", "Moderate", "Today",
//! then "✅ Confirm". Before the confirmation they may start over (nothing
//! can have been logged yet); once they have tapped Confirm they only ever
//! tap that same button again, as a person would when no answer comes, and
//! the review's idempotency key must make that safe.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use crate::support::fake_telegram::{BOT_ID, FakeTelegram, Person};

/// How long one step may take before the participant acts again.
const STEP: Duration = Duration::from_secs(4);
/// How often the chat is looked at.
const POLL: Duration = Duration::from_millis(40);

/// What became of one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The confirmation ("Logged!") was shown.
    Confirmed,
    /// A repeated tap was answered "Already logged": it was logged
    /// earlier, but its confirmation never arrived.
    AlreadyDone,
    /// Confirm was tapped but no answer came before the deadline.
    Unknown,
    /// The review was never reached before the deadline.
    NotReached,
}

/// One activity's story.
#[derive(Debug, Clone)]
pub struct Story {
    pub minutes: u16,
    pub result: Ending,
    /// How many times Confirm was tapped.
    pub confirm_taps: u32,
    /// How many times the participant started over before confirming.
    pub restarts: u32,
    /// Apologies seen ("…please try again…").
    pub apologies: u32,
}

enum Screen {
    Ready { message_id: i64, data: String },
    Apology,
    TimedOut,
}

fn newest_id(fake: &FakeTelegram, chat: i64) -> i64 {
    fake.shown(chat).last().map_or(0, |m| m.message_id)
}

/// Whether `text` is the bot's apology.
pub fn is_apology(text: &str) -> bool {
    text.contains("Sorry, something went wrong") && text.contains("try again")
}

/// Waits for a message with id ≥ `min_id` whose text has `text_has` and a
/// button `label`; an apology newer than `since` ends the wait early.
async fn screen(
    fake: &FakeTelegram,
    chat: i64,
    min_id: i64,
    since: i64,
    text_has: &str,
    label: &str,
) -> Screen {
    let deadline = Instant::now() + STEP;
    loop {
        let shown = fake.shown(chat);
        if let Some((message_id, data)) = shown
            .iter()
            .rev()
            .filter(|m| m.message_id >= min_id && m.text.contains(text_has))
            .find_map(|m| {
                m.buttons
                    .iter()
                    .flatten()
                    .find(|(l, _)| l == label)
                    .map(|(_, d)| (m.message_id, d.clone()))
            })
        {
            return Screen::Ready { message_id, data };
        }
        if shown
            .iter()
            .any(|m| m.message_id > since && is_apology(&m.text))
        {
            return Screen::Apology;
        }
        if Instant::now() >= deadline {
            return Screen::TimedOut;
        }
        tokio::time::sleep(POLL).await;
    }
}

static QUERY: AtomicU64 = AtomicU64::new(0);

/// Queues a tap on `data` under message `message_id` with a callback id of
/// our own, returned so that its answer can be found.
pub fn tap(fake: &FakeTelegram, person: &Person, message_id: i64, data: &str) -> String {
    let id = format!(
        "fault-{}-{}",
        person.id,
        QUERY.fetch_add(1, Ordering::Relaxed)
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    fake.enqueue(json!({"callback_query": {
        "id": id,
        "from": {"id": person.id, "is_bot": false, "first_name": person.first_name,
                 "username": format!("user{}", person.id)},
        "message": {
            "message_id": message_id, "date": now,
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Activity Challenge",
                     "username": "activity_challenge_bot"},
            "text": "🧾 Check and confirm",
        },
        "chat_instance": format!("ci{}", person.id),
        "data": data,
    }}));
    id
}

/// What the bot did in one chat after a point in the call log.
#[derive(Default)]
struct Seen {
    confirmed: bool,
    already: bool,
    apologies: u32,
}

/// Reads the fake's call log from `cursor` on (advancing it), looking for
/// the confirmation of `minutes` in `chat`, an "Already …" answer to one of `queries`,
/// and apologies; waits up to `timeout` for any of them.
async fn watch(
    fake: &FakeTelegram,
    chat: i64,
    minutes: u16,
    queries: &[String],
    cursor: &AtomicUsize,
    timeout: Duration,
) -> Seen {
    let seen = std::sync::Mutex::new(Seen::default());
    let what = format!("— {minutes} min on");
    fake.wait_until(timeout, |calls| {
        let mut s = seen.lock().unwrap();
        for c in calls.iter().skip(cursor.load(Ordering::Relaxed)) {
            match c.method.as_str() {
                "sendMessage" | "editMessageText" if c.chat_id() == Some(chat) => {
                    let text = c.text().unwrap_or("");
                    if text.contains("Logged!") && text.contains(&what) {
                        s.confirmed = true;
                    } else if is_apology(text) {
                        s.apologies += 1;
                    }
                }
                "answerCallbackQuery" => {
                    let id = c.body.get("callback_query_id").and_then(|v| v.as_str());
                    if id.is_some_and(|id| queries.iter().any(|q| q == id))
                        && c.text().is_some_and(|t| t.starts_with("Already logged"))
                    {
                        s.already = true;
                    }
                }
                _ => {}
            }
        }
        cursor.store(calls.len(), Ordering::Relaxed);
        s.confirmed || s.already || s.apologies > 0
    })
    .await;
    seen.into_inner().unwrap()
}

/// `person` logs `minutes` of moderate running today, retrying until
/// `deadline`.
pub async fn log_running(
    fake: &FakeTelegram,
    person: &Person,
    minutes: u16,
    deadline: Instant,
) -> Story {
    let chat = person.id;
    let mut story = Story {
        minutes,
        result: Ending::NotReached,
        confirm_taps: 0,
        restarts: 0,
        apologies: 0,
    };
    // Before Confirm: walk the wizard, starting over on trouble.
    let review = 'attempts: loop {
        if Instant::now() >= deadline {
            return story;
        }
        let since = newest_id(fake, chat);
        fake.send_text(person, &format!("runn {minutes}"));
        let offer = format!("for {minutes} min?");
        let steps = [
            (offer.as_str(), "Running (Running)"),
            ("how hard was it?", "Moderate · 6.5 MET"),
            ("When did you do it?", "Today"),
            ("Check and confirm", "✅ Confirm"),
        ];
        let mut min_id = since + 1;
        let mut step_since = since;
        let mut found = None;
        for (i, (text, label)) in steps.iter().enumerate() {
            match screen(fake, chat, min_id, step_since, text, label).await {
                Screen::Ready { message_id, data } => {
                    min_id = message_id;
                    if i == steps.len() - 1 {
                        found = Some((message_id, data));
                    } else {
                        step_since = newest_id(fake, chat);
                        fake.tap_data(person, chat, message_id, &data);
                    }
                }
                Screen::Apology => {
                    story.apologies += 1;
                    break;
                }
                Screen::TimedOut => {
                    break;
                }
            }
        }
        if let Some(review) = found {
            break 'attempts review;
        }
        // Start over: leave whatever step the bot thinks we are at, waiting
        // longer each time, as a person would when the bot is in trouble.
        story.restarts += 1;
        let pause = Duration::from_millis(300) * 2u32.pow(story.restarts.min(4));
        tokio::time::sleep(pause.min(Duration::from_secs(3))).await;
        let since = newest_id(fake, chat);
        fake.send_text(person, "/cancel");
        let _ = screen(fake, chat, since + 1, since, "Main menu", "📝 Log activity").await;
    };

    // Confirm, and tap again while no answer comes.
    let (review_id, data) = review;
    let cursor = AtomicUsize::new(fake.call_count());
    let mut queries = Vec::new();
    loop {
        queries.push(tap(fake, person, review_id, &data));
        story.confirm_taps += 1;
        let window = STEP.min(deadline.saturating_duration_since(Instant::now()));
        let seen = watch(fake, chat, minutes, &queries, &cursor, window).await;
        if seen.confirmed {
            story.result = Ending::Confirmed;
            return story;
        }
        if seen.already {
            story.result = Ending::AlreadyDone;
            return story;
        }
        if seen.apologies > 0 {
            story.apologies += seen.apologies;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        if Instant::now() >= deadline {
            story.result = Ending::Unknown;
            return story;
        }
    }
}
