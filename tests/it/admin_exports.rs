//! CSV exports: columns, filters, quoting, formula neutralising, streaming.

use activity_challenge::domain::DurationMinutes;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::NewParticipant;

use crate::admin_client::AdminClient;
use crate::each_backend;
use crate::support::{Backend, TestDb, add_guild, catalogue, register};

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF records).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

async fn seed(client: &AdminClient) -> (i64, i64) {
    let store = client.store();
    add_guild(store, "Alpha", 10).await;
    add_guild(store, "Beta, the \"best\"", 5).await;
    let a = register(store, 1, "Aino", "Alpha").await;
    let evil = store
        .register_participant(NewParticipant {
            telegram_id: 2,
            username: Some("=cmd|' /C calc'!A0".into()),
            first_name: "@Mallory\nNewline".into(),
            last_name: Some("-Minus".into()),
            guild: "Beta, the \"best\"".into(),
            is_test_user: false,
        })
        .await
        .unwrap()
        .participant()
        .clone();
    let cat = catalogue();
    let entry = cat.entries().next().unwrap();
    for (user, days_ago, minutes) in [(a.id, 0, 60), (a.id, 10, 30), (evil.id, 1, 45)] {
        let mut new = NewActivity::from_catalogue(
            user,
            entry,
            DurationMinutes::new(minutes).unwrap(),
            chrono::Utc::now().date_naive() - chrono::Days::new(days_ago),
            None,
        );
        if user == evil.id {
            new.description = Some("+SUM(1,2), \"quoted\"".into());
        }
        store.log_activity(new).await.unwrap();
    }
    (a.id, evil.id)
}

async fn exports_are_complete_quoted_neutralised_and_filtered(backend: Backend) {
    let db = TestDb::new(backend).await;
    let client = AdminClient::logged_in(db.config()).await;
    let (aino, _) = seed(&client).await;

    let page = client.get("/admin/exports").await;
    assert!(page.body.contains("action=\"/admin/exports/activities\""));

    let resp = client.get("/admin/exports/activities.csv").await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        resp.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"activities-")
    );
    assert!(resp.body.ends_with("\r\n"));
    let rows = parse_csv(&resp.body);
    assert_eq!(
        rows[0],
        [
            "id",
            "user_id",
            "username",
            "guild",
            "activity_type",
            "compendium_code",
            "met",
            "duration",
            "points",
            "description",
            "activity_date",
            "created_at"
        ]
    );
    assert_eq!(rows.len(), 4);
    let evil_row = rows.iter().find(|r| r[2].contains("calc")).unwrap();
    assert_eq!(evil_row[2], "'=cmd|' /C calc'!A0");
    assert_eq!(evil_row[3], "Beta, the \"best\"");
    assert_eq!(evil_row[9], "'+SUM(1,2), \"quoted\"");
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[8].contains('.') && r[8].split('.').nth(1).unwrap().len() == 2),
        "points have two decimals"
    );

    let today = chrono::Utc::now().date_naive();
    let week = today - chrono::Days::new(7);
    let filtered = client
        .get(&format!(
            "/admin/exports/activities.csv?from={week}&to={today}&guild=Alpha"
        ))
        .await;
    let rows = parse_csv(&filtered.body);
    assert_eq!(rows.len(), 2, "{}", filtered.body);
    assert_eq!(rows[1][1], aino.to_string());

    let participants = parse_csv(&client.get("/admin/exports/participants.csv").await.body);
    assert_eq!(participants[0][..3], ["id", "telegram_id", "username"]);
    assert!(
        participants[0].contains(&"guild".to_string())
            && participants[0].contains(&"points".to_string())
            && participants[0].contains(&"created_at".to_string())
    );
    let mallory = participants.iter().find(|r| r[1] == "2").unwrap();
    assert_eq!(mallory[3], "'@Mallory\nNewline");
    assert_eq!(mallory[4], "'-Minus");

    let guilds = parse_csv(&client.get("/admin/exports/guild-stats.csv").await.body);
    assert_eq!(
        guilds[0][..4],
        ["guild", "registered_users", "total_points", "avg_points"]
    );
    assert_eq!(guilds.len(), 3);
    let alpha = guilds.iter().find(|r| r[0] == "Alpha").unwrap();
    assert_eq!(alpha[1], "1");
    assert_eq!(
        alpha[2],
        client
            .store()
            .participant(aino)
            .await
            .unwrap()
            .points
            .to_string()
    );

    let bad = client
        .get("/admin/exports/activities.csv?from=2025-13-01")
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a date"));
    let backwards = client
        .get(&format!(
            "/admin/exports/activities.csv?from={today}&to={week}"
        ))
        .await;
    assert_eq!(backwards.status, 422);
    assert_eq!(client.get("/admin/exports/secrets.csv").await.status, 404);
    let exports = client
        .audit_actions()
        .await
        .iter()
        .filter(|a| *a == "export")
        .count();
    assert_eq!(exports, 4, "refused exports are not logged as exports");
    client.stop().await;
}

each_backend!(
    #[tokio::test]
    exports_are_complete_quoted_neutralised_and_filtered
);

#[tokio::test]
async fn a_large_export_streams_in_chunks() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_guild(store, "Alpha", 10).await;
    let p = register(store, 1, "Aino", "Alpha").await;
    // 3,000 rows: several 64 KiB chunks.
    let values: Vec<String> = (0..3000)
        .map(|i| format!("({}, 'Running (Vigorous)', 30, 5.00, 'row {i} with some padding text to make it longer', '2025-09-01')", p.id))
        .collect();
    sea_orm::ConnectionTrait::execute_unprepared(
        store.connection(),
        &format!(
            "INSERT INTO activities (user_id, activity_type, duration, points, description, activity_date) VALUES {}",
            values.join(", ")
        ),
    )
    .await
    .unwrap();
    let resp = client.get("/admin/exports/activities.csv").await;
    assert_eq!(resp.status, 200);
    assert!(
        resp.headers.get("content-length").is_none(),
        "streamed, not buffered"
    );
    let rows = parse_csv(&resp.body);
    assert_eq!(rows.len(), 3001);
    assert!(rows[3000][9].starts_with("row 2999"));
    client.stop().await;
}
