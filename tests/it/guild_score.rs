//! The guild score rule: by average (the default) or by a composite of
//! points per member and participation, set through the one rules action
//! from the command line, the panel and the API, and the same order and
//! weights shown by the bot, the public API, the panel and `guild list`.

use activity_challenge::actions::{self, Actor};
use activity_challenge::domain::{Catalogue, GuildScore, parse_duration};
use activity_challenge::store::activities::NewActivity;
use reqwest::Method;
use serde_json::Value;

use crate::admin_client::AdminClient;
use crate::each_backend;
use crate::support::Backend;
use crate::support::cli::{output_text, run_cli};
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;

/// Logs `minutes` of a 11.5 MET activity today (60 min = 11.50 points).
async fn give(bot: &TestBot, telegram_id: i64, minutes: &str) {
    let catalogue = Catalogue::builtin();
    let entry = catalogue.entry_by_code("12595").unwrap();
    let p = bot
        .db
        .store
        .participant_by_telegram_id(telegram_id)
        .await
        .unwrap()
        .unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    bot.db
        .store
        .log_activity(NewActivity::from_catalogue(
            p.id,
            entry,
            parse_duration(minutes).unwrap(),
            today,
            None,
        ))
        .await
        .unwrap();
}

fn organiser() -> Actor {
    Actor::Cli {
        user: "organiser".into(),
        host: "laptop".into(),
    }
}

/// The bot's guild standings as `who` sees them.
async fn bot_standings(bot: &TestBot, who: &Person) -> String {
    bot.say(who, "/stats").await;
    bot.tap(who, "🏰 Guilds").await;
    bot.last_text(who)
}

/// `activity-challenge guild list` run as a separate process.
fn guild_list(url: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &[("DATABASE_URL", url)], &["guild", "list"], "");
    assert!(out.status.success(), "{}", output_text(&out));
    output_text(&out)
}

/// The guilds named in `text`, in the order they first appear.
fn order_in<'a>(text: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = names
        .iter()
        .filter_map(|n| text.find(n).map(|at| (at, *n)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

/// Keen: one of four members with 23.00 points (average 5.8, 25 %).
/// Everyone: all four with 3.83 each (average 3.8, 100 %). By average
/// Keen leads; by 50 % points and 50 % participation Everyone does:
/// 50 × 3.8/5.8 + 50 = 82.8 against 50 + 50 × 0.25 = 62.5.
async fn a_composite_score_reorders_every_view_of_the_standings(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let store = &bot.db.store;
    crate::support::add_guild(store, "Keen", 4).await;
    crate::support::add_guild(store, "Everyone", 4).await;
    let kaisa = Person::new(3601, "Kaisa");
    crate::support::register(store, kaisa.id, "Kaisa", "Keen").await;
    give(&bot, kaisa.id, "120").await;
    for i in 0..4 {
        let id = 3610 + i;
        crate::support::register(store, id, &format!("Every{i}"), "Everyone").await;
        give(&bot, id, "20").await;
    }
    let names = ["Keen", "Everyone"];
    let text = bot_standings(&bot, &kaisa).await;
    assert_eq!(order_in(&text, &names), names, "{text}");
    assert!(text.contains("1. Keen — 5.8 · 25.0% (1 of 4)"), "{text}");
    assert!(!text.contains("Score"), "{text}");
    let list = guild_list(&bot.db.url);
    assert_eq!(order_in(&list, &names), names, "{list}");
    assert!(!list.contains("score"), "{list}");

    // The command line sets the composite score.
    let id = store.active_competition().await.unwrap().unwrap().id;
    activity_challenge::cli::run_args(
        &bot.app,
        &organiser(),
        &[
            "competition",
            "rules",
            "set",
            &id.to_string(),
            "--guild-score",
            "composite:50:50",
        ],
    )
    .await
    .unwrap();
    let rules = store.competition(id).await.unwrap().rules;
    assert_eq!(
        rules.guild_score,
        GuildScore::Composite {
            points: 50,
            participation: 50
        }
    );
    let standings = store.public_guild_standings().await.unwrap();
    assert_eq!(standings.score, rules.guild_score);
    assert_eq!(
        (standings[0].name.as_str(), standings[0].score.to_string()),
        ("Everyone", "82.8".to_string())
    );
    let weights = "50 % from points per member";

    // The bot.
    let reversed = ["Everyone", "Keen"];
    let text = bot_standings(&bot, &kaisa).await;
    assert_eq!(order_in(&text, &names), reversed, "{text}");
    assert!(text.contains("Score · average points per member"), "{text}");
    assert!(
        text.contains("1. Everyone — 82.8 · 3.8 · 100.0% (4 of 4)"),
        "{text}"
    );
    assert!(
        text.contains("2. Keen — 62.5 · 5.8 · 25.0% (1 of 4)"),
        "{text}"
    );
    assert!(
        text.contains(weights) && text.contains("50 % from participation"),
        "{text}"
    );

    // `guild list`.
    let list = guild_list(&bot.db.url);
    assert_eq!(order_in(&list, &names), reversed, "{list}");
    assert!(list.contains("score"), "{list}");
    assert!(list.contains("82.8") && list.contains("62.5"), "{list}");
    assert!(list.contains(weights), "{list}");

    // The public API: the same order, each guild's score and the rule.
    let panel = AdminClient::logged_in(bot.db.config()).await;
    let server = &panel.server;
    let get = |path: &str| {
        let url = format!("{}/api/v1{path}", server.base_url);
        let client = server.client.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let s = get("/standings").await;
    let items = s["items"].as_array().unwrap();
    let api_order: Vec<&str> = items.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(&api_order[..2], reversed, "{s}");
    assert_eq!(items[0]["score"], "82.8");
    assert_eq!(items[1]["score"], "62.5");
    assert_eq!(items[1]["average"], "5.8");
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(s["score_rule"]["kind"], "composite");
    assert_eq!(s["score_rule"]["points_weight"], 50);
    assert_eq!(s["score_rule"]["participation_weight"], 50);
    assert!(
        s["score_rule"]["description"]
            .as_str()
            .unwrap()
            .contains(weights),
        "{s}"
    );
    let c = get("/competition").await;
    assert_eq!(c["rules"]["guild_score"], "composite");
    assert_eq!(c["rules"]["points_weight"], 50);
    assert!(c["rules"]["summary"].to_string().contains(weights), "{c}");

    // The panel: the guilds page has a score column and the rule, the
    // dashboard the rule, the rules form the choice and the weights.
    let page = panel.get("/admin/guilds").await;
    assert!(page.body.contains("82.8") && page.body.contains(weights));
    assert_eq!(
        order_in(&page.body, &["Everyone</a>", "Keen</a>"]),
        ["Everyone</a>", "Keen</a>"]
    );
    let page = panel.get("/admin").await;
    assert!(page.body.contains(weights), "{}", page.body);
    let page = panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body.contains(r#"value="composite" checked"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"name="points_weight" inputmode="numeric" placeholder="70" value="50""#)
    );

    // Back to the average from the panel: the order is as before.
    let page = panel
        .post(
            &format!("/admin/competitions/{id}/rules"),
            &[
                ("min_minutes", ""),
                ("max_minutes", ""),
                ("daily_max_points", ""),
                ("excluded", ""),
                ("multipliers", ""),
                ("guild_score", "average"),
                ("points_weight", "50"),
                ("participation_weight", "50"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let text = bot_standings(&bot, &kaisa).await;
    assert_eq!(order_in(&text, &names), names, "{text}");
    let s = get("/standings").await;
    assert_eq!(s["score_rule"]["kind"], "average");
    assert_eq!(s["score_rule"]["points_weight"], 100);
    assert_eq!(s["items"][0]["name"], "Keen");
    assert_eq!(s["items"][0]["score"], "5.8");
    let c = get("/competition").await;
    // The default is left out, as before the rule existed.
    assert!(c["rules"].get("guild_score").is_none(), "{c}");
    assert!(c["rules"].get("points_weight").is_none(), "{c}");
    panel.stop().await;
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    a_composite_score_reorders_every_view_of_the_standings
);

/// Weights that do not add up to 100, are out of range or missing are
/// refused field by field from every frontend, and nothing is saved.
async fn the_weights_are_checked_by_every_frontend(backend: Backend) {
    let db = crate::support::TestDb::new(backend).await;
    crate::support::add_guild(&db.store, "Ants", 10).await;
    crate::support::add_running_competition(&db.store, 10, 10).await;
    let panel = AdminClient::logged_in(db.config()).await;
    let app = panel.server.app.clone();
    let id = app.store.active_competition().await.unwrap().unwrap().id;
    let set = |score: &'static str| {
        let app = app.clone();
        async move {
            activity_challenge::cli::run_args(
                &app,
                &organiser(),
                &[
                    "competition",
                    "rules",
                    "set",
                    &id.to_string(),
                    "--guild-score",
                    score,
                ],
            )
            .await
        }
    };
    let refused = set("composite:70:20").await.unwrap_err().to_string();
    assert!(
        refused.contains("--guild-score (participation weight)")
            && refused.contains("add up to 90 %"),
        "{refused}"
    );
    let refused = set("composite:70").await.unwrap_err().to_string();
    assert!(refused.contains("needs both weights"), "{refused}");
    let refused = set("weighted").await.unwrap_err().to_string();
    assert!(
        refused.contains("--guild-score") && refused.contains("not a guild score"),
        "{refused}"
    );
    let refused = set("composite:150:x").await.unwrap_err().to_string();
    assert!(
        refused.contains("150 % is not possible") && refused.contains("“x” is not a weight"),
        "{refused}"
    );

    // The panel shows each problem beside its field.
    let form = |points: &'static str, participation: &'static str| {
        vec![
            ("min_minutes", ""),
            ("max_minutes", ""),
            ("daily_max_points", ""),
            ("excluded", ""),
            ("multipliers", ""),
            ("guild_score", "composite"),
            ("points_weight", points),
            ("participation_weight", participation),
        ]
    };
    let page = panel
        .post(
            &format!("/admin/competitions/{id}/rules"),
            &form("60", "50"),
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains(r#"id="participation_weight-error""#)
            && page.body.contains("add up to 110 %"),
        "{}",
        page.body
    );

    // The API.
    let token = actions::api_tokens::create(app.as_ref(), &Actor::System, "rules")
        .await
        .unwrap()
        .secret;
    let response = panel
        .server
        .client
        .request(
            Method::PUT,
            format!(
                "{}/api/v1/admin/competitions/{id}/rules",
                panel.server.base_url
            ),
        )
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"rules":{"guild_score":"composite","points_weight":70}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("participation_weight: A composite score needs both weights"),
        "{body}"
    );
    assert!(
        app.store
            .competition(id)
            .await
            .unwrap()
            .rules
            .guild_score
            .is_average()
    );
    // A good one is saved and read back.
    let response = panel
        .server
        .client
        .request(
            Method::PUT,
            format!(
                "{}/api/v1/admin/competitions/{id}/rules",
                panel.server.base_url
            ),
        )
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(
            r#"{"rules":{"guild_score":"composite","points_weight":70,"participation_weight":30}}"#,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["rules"]["guild_score"], "composite");
    assert_eq!(body["rules"]["participation_weight"], 30);
    let summary = body["rules"]["summary"].to_string();
    assert!(
        summary.contains("70 % from points per member")
            && summary.contains("30 % from participation"),
        "{summary}"
    );
    let audit = app
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    assert!(
        audit.iter().any(|e| e.action == "competition.rules"
            && e.details
                .as_deref()
                .unwrap_or("")
                .contains("guild score: points 70 % + participation 30 %")),
        "{audit:?}"
    );
    panel.stop().await;
}

each_backend!(
    #[tokio::test]
    the_weights_are_checked_by_every_frontend
);

#[test]
fn the_score_sentence_reads_naturally_in_finnish() {
    use activity_challenge::domain::rules::guild_score_sentence;
    use activity_challenge::i18n::Language;
    let sentence = guild_score_sentence(GuildScore::Composite {
        points: 70,
        participation: 30,
    });
    let fi = sentence.render(Language::Finnish);
    assert!(
        fi.contains("70 % tulee pisteistä jäsentä kohden") && fi.contains("30 % osallistumisesta"),
        "{fi}"
    );
    let en = sentence.render(Language::English);
    assert!(en.contains("score of 0–100"), "{en}");
}
