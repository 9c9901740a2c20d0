//! The bot: how points work, terms, about, help.

use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explains_points_terms_and_commands() {
    let bot = TestBot::start(Backend::Postgres).await;
    let ann = Person::new(6001, "Ann");
    bot.say(&ann, "/help").await;
    let help = bot.last_text(&ann);
    for command in [
        "/start",
        "/log",
        "/stats",
        "/profile",
        "/feedback",
        "/help",
        "/cancel",
    ] {
        assert!(help.contains(command), "{command} missing from {help}");
    }
    // Newcomers can read the information before registering.
    bot.tap(&ann, "❓ How points work").await;
    let points = bot.last_text(&ann);
    assert!(points.contains("MET × minutes ÷ 60"), "{points}");
    // The worked examples are catalogue entries, with their own MET values.
    assert!(
        points.contains("45 min of Swimming (Vigorous): 7.0 MET × 45 min ÷ 60 = 5.25 points"),
        "{points}"
    );
    assert!(
        points.contains("30 min of Running (Vigorous): 11.5 MET × 30 min ÷ 60 = 5.75 points"),
        "{points}"
    );
    bot.tap(&ann, "🏠 Menu").await;
    bot.tap(&ann, "ℹ️ About").await;
    assert!(bot.last_text(&ann).contains("Compendium"));

    bot.register(&ann, "Blue Herons").await;
    bot.tap(&ann, "📄 Terms").await;
    assert!(bot.last_text(&ann).contains("Terms of participation"));
    bot.say(&ann, "/nonsense").await;
    assert!(bot.last_text(&ann).contains("I don't know that command"));
    bot.stop().await;
}
