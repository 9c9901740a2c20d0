//! The personal JSON API, signed in with Telegram Mini App initData.

use activity_challenge::domain::init_data::sign_init_data;
use serde_json::Value;

use super::api_public::{api_config, log};
use crate::each_backend;
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition, register};

const TOKEN: &str = "123456789:AAEabcdefghijklmnopqrstuvwxyz012345";
const OTHER_TOKEN: &str = "987654321:AAEabcdefghijklmnopqrstuvwxyz012345";

fn init_data(telegram_id: i64, auth_date: i64, token: &str) -> String {
    let user = format!(r#"{{"id":{telegram_id},"first_name":"Aino"}}"#);
    sign_init_data(
        &[
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", &user),
            ("auth_date", &auth_date.to_string()),
        ],
        token,
    )
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn get_with(server: &TestServer, path: &str, header: (&str, String)) -> reqwest::Response {
    server
        .client
        .get(format!("{}{}", server.base_url, path))
        .header(header.0, header.1)
        .send()
        .await
        .unwrap()
}

async fn setup(backend: Backend) -> (TestDb, TestServer, i64) {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    add_running_competition(&db.store, 40, 10).await;
    let aino = register(&db.store, 1001, "Aino", "Tietokilta").await;
    let bo = register(&db.store, 1002, "Bo", "Tietokilta").await;
    // Bo leads until Aino's activity yesterday.
    log(&db.store, bo.id, 60, 3).await;
    log(&db.store, aino.id, 30, 35).await;
    log(&db.store, aino.id, 90, 1).await;
    let server = TestServer::start(api_config(&db, &[("TELEGRAM_BOT_TOKEN", TOKEN)])).await;
    (db, server, aino.id)
}

async fn my_figures_follow_the_data(backend: Backend) {
    let (db, server, aino) = setup(backend).await;
    let auth = ("X-Telegram-Init-Data", init_data(1001, now(), TOKEN));

    let resp = get_with(&server, "/api/v1/me", auth.clone()).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let me: Value = resp.json().await.unwrap();
    // Aino logged yesterday and 35 days ago: a streak of one, still alive today.
    assert_eq!(me["streak"]["current"], 1, "{me}");
    assert_eq!(me["streak"]["longest"], 1, "{me}");
    let summary = db.store.participant_summary(aino).await.unwrap();
    assert_eq!(me["first_name"], "Aino");
    assert_eq!(me["points"], summary.participant.points.to_string());
    assert_eq!(me["global_rank"], 1);
    assert_eq!(me["participants"], 2);
    assert_eq!(me["guild_rank"], 1);
    // Aino leads: nobody above her, Bo just below, as far behind as the store says.
    let bo = summary.below.as_ref().expect("Bo is below Aino");
    assert!(me["above"].is_null(), "{me}");
    assert_eq!(me["below"]["first_name"], "Bo");
    assert_eq!(me["below"]["guild"], "Tietokilta");
    assert_eq!(me["below"]["rank"], 2);
    assert_eq!(me["below"]["points"], bo.points.to_string());
    assert_eq!(me["below"]["gap"], bo.gap.to_string());
    assert_eq!(
        bo.points + bo.gap,
        summary.participant.points,
        "the gap is the difference"
    );
    let bo_me: Value = get_with(
        &server,
        "/api/v1/me",
        ("X-Telegram-Init-Data", init_data(1002, now(), TOKEN)),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(bo_me["above"]["first_name"], "Aino");
    assert_eq!(bo_me["above"]["rank"], 1);
    assert_eq!(bo_me["above"]["gap"], me["below"]["gap"]);
    assert!(bo_me["below"].is_null(), "{bo_me}");

    let daily: Value = get_with(&server, "/api/v1/me/daily", auth.clone())
        .await
        .json()
        .await
        .unwrap();
    let days = daily["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = crate::support::today();
    let last = &days[29];
    // The last day is today in the competition's time zone (Helsinki is
    // never behind UTC).
    assert!(last["date"].as_str().unwrap() >= today.to_string().as_str());
    assert_eq!(last["total"], me["points"]);
    assert_eq!(last["rank"], 1);
    // Three days before the end Bo's hour put him ahead of Aino's 30 minutes.
    let three_ago = &days[26];
    assert_eq!(three_ago["rank"], 2, "{three_ago}");
    // Yesterday's 90 minutes show on yesterday, and the running totals add up.
    assert_ne!(days[28]["points"], "0.00");
    let cents =
        |v: &Value| -> i64 { (v.as_str().unwrap().parse::<f64>().unwrap() * 100.0).round() as i64 };
    let before_window = cents(&days[0]["total"]) - cents(&days[0]["points"]);
    let logged: i64 = days.iter().map(|d| cents(&d["points"])).sum();
    assert_eq!(before_window + logged, cents(&last["total"]));
    assert!(
        before_window > 0,
        "the activity 35 days ago counts before the window"
    );

    let mix: Value = get_with(&server, "/api/v1/me/activity-mix", auth.clone())
        .await
        .json()
        .await
        .unwrap();
    let items = mix["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["count"], 2);
    assert_eq!(items[0]["minutes"], 120);
    assert_eq!(
        items[0]["category"],
        crate::support::catalogue()
            .entries()
            .next()
            .unwrap()
            .category
    );

    // The Authorization: tma form works the same way.
    let tma = (
        "Authorization",
        format!("tma {}", init_data(1001, now(), TOKEN)),
    );
    assert_eq!(get_with(&server, "/api/v1/me", tma).await.status(), 200);
    server.stop().await;
}

each_backend!(
    #[tokio::test]
    my_figures_follow_the_data
);

/// The Mini App's "Save a copy of my data": the same document as the bot's
/// `/mydata`, only one's own, as a file, and recorded in the audit log.
async fn my_data_copy_is_mine_as_a_file_and_audited(backend: Backend) {
    let (db, server, aino) = setup(backend).await;
    let auth = ("X-Telegram-Init-Data", init_data(1001, now(), TOKEN));
    let resp = get_with(&server, "/api/v1/me/data", auth).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let disposition = resp.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"activity-challenge-my-data-")
            && disposition.ends_with(".json\""),
        "{disposition}"
    );
    let copy: Value = resp.json().await.unwrap();
    assert_eq!(copy["profile"]["id"], aino);
    assert_eq!(copy["profile"]["first_name"], "Aino");
    let activities = copy["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 2);
    assert!(activities.iter().all(|a| a["user_id"] == aino));
    assert!(!copy["about"].as_str().unwrap().is_empty());
    assert!(copy["exported_at"].as_str().is_some());
    // Finnish when the app asks in Finnish.
    let fi: Value = server
        .client
        .get(format!("{}/api/v1/me/data", server.base_url))
        .header("X-Telegram-Init-Data", init_data(1001, now(), TOKEN))
        .header("Accept-Language", "fi")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(fi["about"], copy["about"]);
    let audit = db.store.participant_audit(aino, 10).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "participant.data_copy" && e.actor_kind == "participant")
            .count(),
        2
    );
    server.stop().await;
}

each_backend!(
    #[tokio::test]
    my_data_copy_is_mine_as_a_file_and_audited
);

#[tokio::test]
async fn missing_expired_and_forged_init_data_get_401_with_a_reason() {
    let (db, server, _) = setup(Backend::Sqlite).await;
    let before = db.store.count_activities().await.unwrap();
    let forged = init_data(1001, now(), OTHER_TOKEN);
    let tampered = init_data(1002, now(), TOKEN).replace("1002", "1001");
    for (header, code) in [
        (None, "missing_init_data"),
        (
            Some(("X-Telegram-Init-Data", "".to_string())),
            "missing_init_data",
        ),
        (
            Some((
                "X-Telegram-Init-Data",
                init_data(1001, now() - 86_401, TOKEN),
            )),
            "expired_init_data",
        ),
        (Some(("X-Telegram-Init-Data", forged)), "invalid_init_data"),
        (
            Some(("X-Telegram-Init-Data", tampered)),
            "invalid_init_data",
        ),
        (
            Some(("X-Telegram-Init-Data", "garbage".into())),
            "invalid_init_data",
        ),
        (
            Some(("Authorization", "Bearer abc".into())),
            "missing_init_data",
        ),
    ] {
        for path in [
            "/api/v1/me",
            "/api/v1/me/daily",
            "/api/v1/me/activity-mix",
            "/api/v1/me/data",
        ] {
            let mut req = server.client.get(format!("{}{}", server.base_url, path));
            if let Some((name, value)) = &header {
                req = req.header(*name, value);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), 401, "{path} {header:?}");
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["code"], code, "{path} {header:?}: {body}");
            assert!(!body["message"].as_str().unwrap().is_empty());
        }
    }
    // A valid sign-in of someone who never registered.
    let resp = get_with(
        &server,
        "/api/v1/me",
        ("X-Telegram-Init-Data", init_data(5555, now(), TOKEN)),
    )
    .await;
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "not_registered");
    assert_eq!(db.store.count_activities().await.unwrap(), before);
    assert_eq!(db.store.count_participants().await.unwrap(), 2);
    server.stop().await;
}

#[tokio::test]
async fn init_data_age_limit_is_configurable() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    register(&db.store, 1001, "Aino", "Tietokilta").await;
    let server = TestServer::start(api_config(
        &db,
        &[
            ("TELEGRAM_BOT_TOKEN", TOKEN),
            ("API_INIT_DATA_MAX_AGE", "120"),
        ],
    ))
    .await;
    let fresh = get_with(
        &server,
        "/api/v1/me",
        ("X-Telegram-Init-Data", init_data(1001, now() - 60, TOKEN)),
    )
    .await;
    assert_eq!(fresh.status(), 200);
    let stale = get_with(
        &server,
        "/api/v1/me",
        ("X-Telegram-Init-Data", init_data(1001, now() - 600, TOKEN)),
    )
    .await;
    assert_eq!(stale.status(), 401);
    server.stop().await;
}
