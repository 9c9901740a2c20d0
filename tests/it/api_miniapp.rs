//! The Telegram Mini App page, and its button in the bot's stats menu.

use activity_challenge::bot::flood::FloodLimits;

use super::api_public::api_config;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition};

#[tokio::test]
async fn the_page_loads_telegrams_script_under_a_strict_policy() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let resp = server.get("/app").await;
    assert_eq!(resp.status(), 200);
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' https://telegram.org;"),
        "{csp}"
    );
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = resp.text().await.unwrap();
    assert!(html.contains(r#"<script src="https://telegram.org/js/telegram-web-app.js">"#));
    assert!(!html.contains("<script>"), "no inline scripts");
    assert!(
        !html.contains("style=") && !html.contains("<style"),
        "no inline styles"
    );
    // Everything else comes from this server, at addresses that change with the files.
    let mut assets = Vec::new();
    for part in html.split(['"', '\'']) {
        if part.starts_with("/app/static/") {
            assets.push(part.to_string());
        }
    }
    assert_eq!(assets.len(), 3, "{assets:?}");
    for (asset, kind) in assets
        .iter()
        .zip(["text/css", "text/javascript", "text/javascript"])
    {
        assert!(asset.contains("?v="), "{asset}");
        let resp = server.get(asset).await;
        assert_eq!(resp.status(), 200, "{asset}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind),
            "{asset}"
        );
        assert!(
            resp.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let body = resp.text().await.unwrap();
        assert!(
            !body.contains("innerHTML") && !body.contains("eval("),
            "{asset}"
        );
        assert!(
            !body.contains("https://"),
            "{asset} fetches nothing from outside"
        );
    }
    let js = server.get("/app/static/app.js").await.text().await.unwrap();
    assert!(js.contains("X-Telegram-Init-Data"));
    assert_eq!(server.get("/app/static/other.js").await.status(), 404);
    server.stop().await;
}

async fn stats_labels(public_url: Option<&str>) -> Vec<String> {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    add_running_competition(&db.store, 3, 3).await;
    let extra = public_url
        .map(|u| vec![("PUBLIC_URL".to_string(), u.to_string())])
        .unwrap_or_default();
    let bot = TestBot::on(db, extra, FloodLimits::default()).await;
    let ann = Person::new(7001, "Ann");
    bot.register(&ann, "Blue Herons").await;
    bot.say(&ann, "/stats").await;
    let labels = bot.last_labels(&ann);
    bot.stop().await;
    labels
}

#[tokio::test]
async fn the_stats_menu_offers_the_app_only_on_a_public_https_address() {
    let with = stats_labels(Some("https://challenge.example.org")).await;
    assert!(with.iter().any(|l| l.contains("stats app")), "{with:?}");
    let plain = stats_labels(Some("http://challenge.example.org")).await;
    assert!(!plain.iter().any(|l| l.contains("stats app")), "{plain:?}");
    let none = stats_labels(None).await;
    assert!(!none.iter().any(|l| l.contains("stats app")), "{none:?}");
    assert!(none.iter().any(|l| l.contains("Top 10")), "{none:?}");
}
