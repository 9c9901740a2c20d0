//! The whole participant journey in Finnish, for a person whose Telegram
//! app is in Finnish: registering, logging by quick entry and step by
//! step, stats, profile and history, feedback, switching the language
//! both ways (also before registering) and deleting the account. The
//! transcript is written to the target directory for reading.

use chrono::{Datelike, Days, Utc};

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;

/// Today in Helsinki (the test competition's zone), as Finns write it.
fn finnish_today() -> (chrono::NaiveDate, String) {
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    let text = format!("{}.{}.{}", today.day(), today.month(), today.year());
    (today, text)
}

/// Asserts that the newest message contains every one of `parts`.
fn shows(bot: &TestBot, who: &Person, parts: &[&str]) {
    let text = bot.last_text(who);
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
}

fn has_button(bot: &TestBot, who: &Person, label: &str) {
    let labels = bot.last_labels(who);
    assert!(
        labels.iter().any(|l| l == label),
        "no button {label:?} in {labels:?}"
    );
}

/// Everything said in `who`'s chat, in order, for a person to read.
fn transcript(bot: &TestBot, who: &Person) -> String {
    let mut out = String::new();
    for call in bot.fake.calls() {
        if call.chat_id() != Some(who.id) {
            continue;
        }
        let Some(text) = call.text() else { continue };
        out.push_str(&format!("--- {}\n{text}\n", call.method));
        if let Some(rows) = call.body["reply_markup"]["inline_keyboard"].as_array() {
            for row in rows {
                let labels: Vec<&str> = row
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|b| b["text"].as_str())
                    .collect();
                out.push_str(&format!("   [{}]\n", labels.join("] [")));
            }
        }
    }
    out
}

async fn the_whole_journey_in_finnish(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let aino = Person::speaking(7001, "Aino", "fi");
    let (today, today_fi) = finnish_today();

    // The command menu was registered in Finnish for Finnish apps.
    let menus = bot.fake.calls_of("setMyCommands");
    let finnish_menu = menus
        .iter()
        .find(|c| c.body["language_code"] == "fi")
        .expect("a Finnish command menu");
    let descriptions: Vec<&str> = finnish_menu.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["description"].as_str().unwrap())
        .collect();
    assert!(
        descriptions.contains(&"Kirjaa suoritus"),
        "{descriptions:?}"
    );

    // Registering.
    bot.say(&aino, "/start").await;
    shows(
        &bot,
        &aino,
        &["Hei Aino!", "Osallistumisehdot", "Hyväksytkö ehdot?"],
    );
    assert_eq!(bot.last_labels(&aino), ["✅ Hyväksyn", "❌ En hyväksy"]);
    bot.tap(&aino, "✅ Hyväksyn").await;
    shows(&bot, &aino, &["Valitse kiltasi"]);
    bot.tap(&aino, "Blue Herons").await;
    shows(
        &bot,
        &aino,
        &["Liityt kiltaan <b>Blue Herons</b> nimellä Aino"],
    );
    bot.tap(&aino, "✅ Liity").await;
    shows(&bot, &aino, &["Olet nyt rekisteröitynyt", "Päävalikko"]);
    has_button(&bot, &aino, "📝 Kirjaa suoritus");

    // A quick entry of a part of a Finnish word: the matches, then the
    // intensity, the day and the review.
    bot.say(&aino, "juoks 30").await;
    shows(&bot, &aino, &["Mitä lajia teit? Kesto: 30 min."]);
    has_button(&bot, &aino, "Juoksu (Juoksu)");
    bot.tap(&aino, "Juoksu (Juoksu)").await;
    shows(
        &bot,
        &aino,
        &[
            "<b>Juoksu</b> – kuinka rankkaa se oli?",
            "<b>Rasittava</b> (11,5 MET)",
        ],
    );
    bot.tap(&aino, "Rasittava · 11,5 MET").await;
    shows(&bot, &aino, &["Milloin liikuit?", "Voit kirjata päiviä"]);
    let weekday_letters = &bot.last_labels(&aino)[..7];
    assert_eq!(weekday_letters, ["ma", "ti", "ke", "to", "pe", "la", "su"]);
    // A day that is not a date, then one in the future: told why, in Finnish.
    bot.say(&aino, "huomenna").await;
    let texts = bot.fake.texts(aino.id);
    assert!(
        texts[texts.len() - 2].contains("En ymmärrä päivämäärää ”huomenna”"),
        "{}",
        texts[texts.len() - 2]
    );
    let tomorrow = today + Days::new(1);
    bot.say(
        &aino,
        &format!(
            "{}.{}.{}",
            tomorrow.day(),
            tomorrow.month(),
            tomorrow.year()
        ),
    )
    .await;
    let texts = bot.fake.texts(aino.id);
    assert!(
        texts[texts.len() - 2].contains(&format!("Tänään on {today_fi}")),
        "{}",
        texts[texts.len() - 2]
    );
    bot.tap(&aino, "Tänään").await;
    shows(
        &bot,
        &aino,
        &[
            "Tarkista ja vahvista",
            "Laji: Juoksu (Rasittava)",
            &format!(
                "Päivä: {} {today_fi}",
                ["ma", "ti", "ke", "to", "pe", "la", "su"]
                    [today.weekday().num_days_from_monday() as usize]
            ),
            "Kesto: 30 min",
            "Pisteet: <b>5,75</b> (11,5 MET × 30 min ÷ 60 = 5,75 pistettä)",
        ],
    );
    bot.tap(&aino, "✅ Vahvista").await;
    let shown = bot.fake.shown(aino.id);
    let confirmation = &shown[shown.len() - 2].text;
    assert!(
        confirmation.contains("Kirjattu!")
            && confirmation.contains("Juoksu (Rasittava) – 30 min")
            && confirmation.contains("<b>+5,75</b> pistettä")
            && confirmation.contains("Yhteensä: <b>5,75</b> pistettä, sijoitus 1/1"),
        "{confirmation}"
    );
    assert_eq!(
        bot.fake
            .callback_answers()
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("Kirjattu!")
    );

    // "uinti 1h" clearly means swimming: straight to its review, today.
    bot.say(&aino, "uinti 1h").await;
    shows(
        &bot,
        &aino,
        &["Tarkista ja vahvista", "Uinti (Reipas)", "1 h"],
    );
    has_button(&bot, &aino, "💪 Vaihda teho");
    bot.say(&aino, "/cancel").await;
    shows(&bot, &aino, &["Keskeytetty."]);

    // Stats, the guild table and the top list.
    bot.say(&aino, "/stats").await;
    shows(
        &bot,
        &aino,
        &[
            "Tilastosi",
            "Pisteet: <b>5,75</b>",
            "Sijoitus: 1/1",
            "Killassa Blue Herons: 1/1",
        ],
    );
    bot.tap(&aino, "🏰 Killat").await;
    shows(&bot, &aino, &["Kiltojen tilanne", "Blue Herons"]);
    bot.tap(&aino, "🏆 Top 10").await;
    shows(&bot, &aino, &["1. Aino (Blue Herons) — 5,75"]);

    // Profile and history.
    bot.say(&aino, "/profile").await;
    shows(
        &bot,
        &aino,
        &[
            "Profiilisi",
            "Kilta: Blue Herons",
            "Kirjattuja suorituksia: 1",
            &format!("Rekisteröitynyt: {}", finnish_date(crate::support::today())),
        ],
    );
    bot.tap(&aino, "📜 Suoritushistoria").await;
    shows(
        &bot,
        &aino,
        &[
            "Suorituksesi",
            &format!("1. {today_fi} – Juoksu (Rasittava) – 30 min – <b>5,75</b> pistettä"),
        ],
    );
    bot.tap(&aino, "🗑 1").await;
    shows(&bot, &aino, &["Poistetaanko tämä suoritus?"]);
    bot.tap(&aino, "↩ Säilytä").await;

    // Feedback, with a too short text first.
    bot.say(&aino, "/feedback").await;
    shows(&bot, &aino, &["Palaute</b> (1/4)", "helppokäyttöinen"]);
    bot.tap(&aino, "5").await;
    bot.tap(&aino, "4").await;
    bot.tap(&aino, "5").await;
    shows(&bot, &aino, &["(4/4)", "omin sanoin"]);
    bot.say(&aino, "Hyvä").await;
    shows(
        &bot,
        &aino,
        &[
            "Palautteesi: vähintään 10 merkkiä, kirjoitit 4.",
            "mitään ei ole vielä tallennettu",
        ],
    );
    bot.say(&aino, "Tosi kätevä botti, kiitos!").await;
    shows(&bot, &aino, &["Kiitos! Palautteesi lähti järjestäjille."]);

    // Switching to English and back; the choice is remembered.
    bot.say(&aino, "/language").await;
    shows(&bot, &aino, &["Millä kielellä puhun sinulle?"]);
    has_button(&bot, &aino, "✓ Suomi");
    bot.tap(&aino, "English").await;
    shows(
        &bot,
        &aino,
        &["I will speak English with you from now on.", "Main menu"],
    );
    assert_eq!(
        bot.db.store.bot_language(aino.id).await.unwrap().as_deref(),
        Some("en")
    );
    let chat_menu = bot.fake.calls_of("setMyCommands");
    let chat_menu = chat_menu.last().unwrap();
    assert_eq!(chat_menu.body["scope"]["chat_id"], aino.id);
    bot.say(&aino, "/stats").await;
    shows(&bot, &aino, &["Your stats", "Points: <b>5.75</b>"]);
    bot.say(&aino, "/kieli").await;
    bot.tap(&aino, "Suomi").await;
    shows(&bot, &aino, &["Puhun sinulle tästä lähtien suomea."]);

    // Deleting the account, in Finnish, with the counts in words.
    bot.say(&aino, "/profile").await;
    bot.tap(&aino, "🗑 Poista tilini").await;
    shows(&bot, &aino, &["Poistetaanko tilisi?"]);
    bot.tap(&aino, "🗑 Kyllä, poista kaikki").await;
    shows(
        &bot,
        &aino,
        &["Tilisi on poistettu, samoin 1 suoritus ja 1 palaute."],
    );
    assert_eq!(bot.db.store.bot_language(aino.id).await.unwrap(), None);

    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bot-finnish-transcript-{backend:?}.txt"));
    std::fs::write(&path, transcript(&bot, &aino)).expect("the transcript is written");
    bot.stop().await;
}

fn finnish_date(d: chrono::NaiveDate) -> String {
    format!("{}.{}.{}", d.day(), d.month(), d.year())
}

async fn a_newcomer_switches_to_finnish_before_registering(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let bo = Person::speaking(7002, "Bo", "en");
    bot.say(&bo, "/start").await;
    shows(&bot, &bo, &["Terms of participation"]);
    bot.say(&bo, "/language").await;
    bot.tap(&bo, "Suomi").await;
    shows(
        &bot,
        &bo,
        &["Puhun sinulle tästä lähtien suomea.", "Päävalikko"],
    );
    has_button(&bot, &bo, "✅ Rekisteröidy");
    bot.tap(&bo, "✅ Rekisteröidy").await;
    shows(&bot, &bo, &["Osallistumisehdot"]);
    // Someone whose app is in any other language gets English.
    let cy = Person::speaking(7003, "Cy", "sv");
    bot.say(&cy, "/help").await;
    shows(
        &bot,
        &cy,
        &["How to use the bot", "/language — Change the language"],
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    the_whole_journey_in_finnish
);

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    a_newcomer_switches_to_finnish_before_registering
);
