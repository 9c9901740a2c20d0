//! The bot with clumsy participants: typing where the screen invites it,
//! impossible durations, stickers and photos mid-wizard, edits, a guild
//! renamed or a competition moved mid-wizard, a calendar that reads like
//! one, and a double tap on deleting the account. Every message gets an
//! answer, and every answer leaves a way on.

use chrono::{Datelike, Days, Utc};

use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, register};
use activity_challenge::bot::callback::{Callback, LogButton};
use activity_challenge::domain::{CompetitionDraft, GuildDraft};
use activity_challenge::i18n::Language::English;

fn helsinki_today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

async fn bot() -> TestBot {
    TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_typed_on_the_log_screen_is_looked_up() {
    let bot = bot().await;
    let ann = Person::new(9601, "Ann");
    register(&bot.db.store, ann.id, "Ann", "Blue Herons").await;
    bot.say(&ann, "/log").await;
    assert!(bot.last_text(&ann).contains("just type an activity"));
    bot.say(&ann, "swimm 45").await;
    assert!(
        bot.last_text(&ann).contains("for 45 min"),
        "{}",
        bot.last_text(&ann)
    );
    assert!(
        bot.last_labels(&ann)
            .contains(&"Swimming (Water sports)".to_string())
    );
    // The same on the next screens, before an activity is chosen.
    bot.tap(&ann, "Swimming (Water sports)").await;
    bot.say(&ann, "walki 20").await;
    assert!(bot.last_text(&ann).contains("for 20 min"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impossible_durations_are_explained() {
    let bot = bot().await;
    let bo = Person::new(9602, "Bo");
    register(&bot.db.store, bo.id, "Bo", "Blue Herons").await;
    for (typed, reason) in [
        ("running 0", "at least 1 minute"),
        ("running 9999", "9999 minutes is too long"),
        ("running 1.5", "ambiguous"),
    ] {
        bot.say(&bo, typed).await;
        let text = bot.last_text(&bo);
        assert!(text.contains(reason), "{typed}: {text}");
        // The activity is still offered, the duration asked later.
        assert!(text.contains("Which one did you mean?"), "{typed}: {text}");
        assert!(
            bot.last_labels(&bo)
                .contains(&"Running (Running)".to_string())
        );
    }
    bot.tap(&bo, "Running (Running)").await;
    bot.tap(&bo, "Moderate · 6.5 MET").await;
    bot.tap(&bo, "Today").await;
    bot.say(&bo, "99999999999999999999h").await;
    let texts = bot.fake.texts(bo.id);
    let refusal = &texts[texts.len() - 2];
    assert!(refusal.contains("far too long"), "{refusal}");
    assert!(!refusal.contains("18446744073709551615"), "{refusal}");
    assert!(bot.last_text(&bo).contains("How long?"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stickers_photos_and_edits_get_an_answer_and_the_wizard_stays_in_sight() {
    let bot = bot().await;
    let cy = Person::new(9603, "Cy");
    register(&bot.db.store, cy.id, "Cy", "Blue Herons").await;
    bot.say(&cy, "runn").await;
    bot.tap(&cy, "Running (Running)").await;
    bot.tap(&cy, "Vigorous · 11.5 MET").await;
    let before = bot.db.store.dialogue_state(cy.id).await.unwrap();

    bot.recorder.wait(bot.fake.send_sticker(&cy)).await;
    let texts = bot.fake.texts(cy.id);
    assert!(
        texts[texts.len() - 2].contains("can't read a sticker"),
        "{texts:?}"
    );
    // The open step, shown again below, still works.
    assert!(bot.last_text(&cy).contains("When did you do it?"));
    assert_eq!(bot.db.store.dialogue_state(cy.id).await.unwrap(), before);
    bot.tap(&cy, "Today").await;
    assert!(bot.last_text(&cy).contains("How long?"));

    // An edited message is answered, not ignored.
    bot.recorder.wait(bot.fake.send_edit(&cy, "45")).await;
    assert_eq!(bot.last_text(&cy), English.t("bot-edited-message"));

    // A photo captioned like a quick entry is one.
    bot.say(&cy, "/cancel").await;
    bot.recorder
        .wait(bot.fake.send_photo(&cy, Some("runn 30")))
        .await;
    assert!(
        bot.last_text(&cy).contains("for 30 min"),
        "{}",
        bot.last_text(&cy)
    );
    // Without a caption, outside a wizard: what the bot reads, and the menu.
    bot.say(&cy, "/cancel").await;
    bot.recorder.wait(bot.fake.send_photo(&cy, None)).await;
    assert!(bot.last_text(&cy).contains("can't read a photo"));
    assert!(
        bot.last_labels(&cy)
            .contains(&"📝 Log activity".to_string())
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guild_renamed_while_registering_is_still_joined() {
    let bot = bot().await;
    let di = Person::new(9604, "Di");
    bot.say(&di, "/start").await;
    bot.tap(&di, "✅ Accept").await;
    bot.tap(&di, "Falcon Club").await;
    let falcons = bot.db.store.guild_by_name("Falcon Club").await.unwrap();
    bot.db
        .store
        .update_guild(
            falcons.id,
            &GuildDraft::parse("Falcon Club United", "55").unwrap(),
            None,
        )
        .await
        .unwrap();
    bot.tap(&di, "✅ Join").await;
    assert!(
        bot.last_text(&di)
            .contains("Welcome to <b>Falcon Club United</b>"),
        "{}",
        bot.last_text(&di)
    );
    let p = bot
        .db
        .store
        .participant_by_telegram_id(di.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.guild.as_deref(), Some("Falcon Club United"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_date_moved_before_the_confirmation_leads_back_to_days_that_can_be_picked() {
    let bot = bot().await;
    let ed = Person::new(9605, "Ed");
    register(&bot.db.store, ed.id, "Ed", "Blue Herons").await;
    bot.say(&ed, "runn 30").await;
    bot.tap(&ed, "Running (Running)").await;
    bot.tap(&ed, "Moderate · 6.5 MET").await;
    bot.say(&ed, "yesterday").await;
    assert!(bot.last_text(&ed).contains("Check and confirm"));
    // The organisers move the start to today.
    let today = helsinki_today();
    let competition = bot.db.store.active_competition().await.unwrap().unwrap();
    let draft = CompetitionDraft::parse(
        &competition.name,
        "",
        &today.to_string(),
        &(today + Days::new(10)).to_string(),
        "Europe/Helsinki",
    )
    .unwrap();
    bot.db
        .store
        .update_competition(competition.id, &draft, None)
        .await
        .unwrap();
    bot.tap(&ed, "✅ Confirm").await;
    assert_eq!(
        bot.fake
            .callback_answers()
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("That date can no longer be logged.")
    );
    assert!(
        bot.fake
            .texts(ed.id)
            .iter()
            .any(|t| t.contains("started on")),
        "the reason is given"
    );
    assert!(bot.last_text(&ed).contains("When did you do it?"));
    bot.tap(&ed, "Today").await;
    // The 30 minutes typed at the start were kept.
    assert!(bot.last_text(&ed).contains("Check and confirm"));
    bot.tap(&ed, "✅ Confirm").await;
    assert!(
        bot.fake
            .texts(ed.id)
            .iter()
            .any(|t| t.contains("Logged!") && t.contains(&today.to_string()))
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_has_weekday_columns_and_today_once() {
    let bot = bot().await;
    let fi = Person::new(9606, "Fi");
    register(&bot.db.store, fi.id, "Fi", "Blue Herons").await;
    bot.say(&fi, "runn 30").await;
    bot.tap(&fi, "Running (Running)").await;
    bot.tap(&fi, "Moderate · 6.5 MET").await;
    let calendar = bot.fake.last_shown(fi.id).unwrap();
    let header: Vec<&str> = calendar.buttons[0]
        .iter()
        .map(|(l, _)| l.as_str())
        .collect();
    assert_eq!(header, ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]);
    let today = helsinki_today();
    let mut days = Vec::new();
    for row in &calendar.buttons[1..] {
        if row.len() != 7 {
            continue; // navigation and the menu
        }
        for (column, (label, data)) in row.iter().enumerate() {
            if let Some(Callback::Log(LogButton::Day { date, .. })) = Callback::decode(data) {
                assert_eq!(
                    date.weekday().num_days_from_monday() as usize,
                    column,
                    "{date} ({label}) in column {column}"
                );
                days.push((label.clone(), date));
            }
        }
    }
    assert!(days.contains(&("Today".to_string(), today)), "{days:?}");
    assert!(
        !days
            .iter()
            .any(|(label, _)| *label == today.day().to_string()),
        "today is not offered twice: {days:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_tap_on_deleting_the_account_keeps_the_goodbye() {
    let bot = bot().await;
    let gus = Person::new(9607, "Gus");
    bot.register(&gus, "Blue Herons").await;
    bot.tap(&gus, "👤 Profile").await;
    bot.tap(&gus, "🗑 Delete my account").await;
    let (message, data) = bot
        .fake
        .find_button(gus.id, "🗑 Yes, delete everything")
        .unwrap();
    let first = bot.fake.tap_data(&gus, gus.id, message, &data);
    let second = bot.fake.tap_data(&gus, gus.id, message, &data);
    bot.recorder.wait(first).await;
    bot.recorder.wait(second).await;
    let shown = bot
        .fake
        .shown(gus.id)
        .into_iter()
        .find(|m| m.message_id == message)
        .unwrap();
    assert!(
        shown.text.contains("Your account is deleted"),
        "{}",
        shown.text
    );
    assert_eq!(
        bot.fake
            .callback_answers()
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("That account is already deleted.")
    );
    bot.stop().await;
}
