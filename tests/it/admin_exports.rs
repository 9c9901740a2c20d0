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
            crate::support::today() - chrono::Days::new(days_ago),
            None,
        );
        if user == evil.id {
            new.description = Some("+SUM(1,2), \"quoted\"".into());
            new.source = activity_challenge::domain::ActivitySource::Import;
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
            "created_at",
            "source"
        ]
    );
    assert_eq!(rows.len(), 4);
    let evil_row = rows.iter().find(|r| r[2].contains("calc")).unwrap();
    assert_eq!(evil_row[2], "'=cmd|' /C calc'!A0");
    assert_eq!(evil_row[3], "Beta, the \"best\"");
    assert_eq!(evil_row[9], "'+SUM(1,2), \"quoted\"");
    // Where each entry came from, last.
    assert_eq!(evil_row[12], "import");
    assert!(
        rows[1..]
            .iter()
            .filter(|r| r[1] == aino.to_string())
            .all(|r| r[12] == "typed"),
        "{rows:?}"
    );
    // The activity list shows it too.
    let list = client.get("/admin/activities").await;
    assert!(
        list.body.contains("<th>Source</th>")
            && list
                .body
                .contains(r#"<span class="badge source-import">import</span>"#)
            && list
                .body
                .contains(r#"<span class="badge source-typed">typed</span>"#),
        "{}",
        list.body
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[8].contains('.') && r[8].split('.').nth(1).unwrap().len() == 2),
        "points have two decimals"
    );

    let today = crate::support::today();
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

/// A workbook's first sheet and its inline or shared strings, as XML text.
fn sheet_xml(bytes: &[u8]) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("a first sheet")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

async fn finnish_people(client: &AdminClient) -> i64 {
    let store = client.store();
    crate::support::add_running_competition(store, 5, 5).await;
    add_guild(store, "Äänekosken Kilta", 10).await;
    let p = store
        .register_participant(NewParticipant {
            telegram_id: 42,
            username: Some("vaiski".into()),
            first_name: "Väinö".into(),
            last_name: Some("Mäkelä".into()),
            guild: "Äänekosken Kilta".into(),
            is_test_user: false,
        })
        .await
        .unwrap()
        .participant()
        .clone();
    let entry = catalogue().entry_by_code("12020").cloned().unwrap();
    store
        .log_activity(NewActivity::from_catalogue(
            p.id,
            &entry,
            DurationMinutes::new(45).unwrap(),
            crate::support::today(),
            None,
        ))
        .await
        .unwrap();
    store
        .submit_feedback(
            p.id,
            &activity_challenge::domain::FeedbackDraft::new(2, 5, 4, "Hyvä botti; toimii!")
                .unwrap(),
        )
        .await
        .unwrap();
    p.id
}

async fn exports_open_directly_in_excel(backend: Backend) {
    let db = TestDb::new(backend).await;
    let client = AdminClient::logged_in(db.config()).await;
    let id = finnish_people(&client).await;
    let points = client
        .store()
        .participant(id)
        .await
        .unwrap()
        .points
        .to_string();

    // Finnish Excel: a byte-order mark, semicolons, decimal commas.
    let fi = client
        .server
        .client
        .get(format!(
            "{}/admin/exports/participants?format=excel-fi",
            client.server.base_url
        ))
        .header(
            "cookie",
            format!("ac_admin={}", client.cookie("ac_admin").unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(fi.status(), 200);
    assert_eq!(fi.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = fi.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("id;telegram_id;username;first_name;last_name;guild;points;"),
        "{text}"
    );
    assert!(text.contains(";Väinö;Mäkelä;Äänekosken Kilta;"), "{text}");
    assert!(
        text.contains(&format!(";{};", points.replace('.', ","))),
        "decimal comma: {text}"
    );
    // English Excel: a byte-order mark and commas.
    let en = client
        .get("/admin/exports/activities.csv?format=excel")
        .await;
    assert!(en.body.starts_with('\u{feff}'));
    assert!(en.body.contains(&format!(",{points},")), "{}", en.body);
    // Feedback, with the semicolon in a comment quoted.
    let feedback = client
        .get("/admin/exports/feedback.csv?format=excel-fi&reviewed=no")
        .await;
    assert!(
        feedback.body.contains("\"Hyvä botti; toimii!\""),
        "{}",
        feedback.body
    );

    // An Excel workbook: numbers as numbers, text as text, times labelled.
    let xlsx = client
        .server
        .client
        .get(format!(
            "{}/admin/exports/activities.xlsx",
            client.server.base_url
        ))
        .header(
            "cookie",
            format!("ac_admin={}", client.cookie("ac_admin").unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let sheet = sheet_xml(&xlsx.bytes().await.unwrap());
    assert!(sheet.contains("Äänekosken Kilta"), "{sheet}");
    assert!(sheet.contains("created_at (Europe/Helsinki)"));
    let number: f64 = points.parse().unwrap();
    assert!(
        sheet.contains(&format!("<v>{number}</v>")),
        "points are a number: {sheet}"
    );

    // The audit log exports with its filter.
    let audit = client
        .get("/admin/exports/audit-log.csv?audit_action=export")
        .await;
    assert!(
        audit
            .body
            .starts_with("id,created_at,actor_kind,actor,action,target,details\r\n")
    );
    assert!(
        audit.body.contains(",organiser,export,participants.csv,"),
        "{}",
        audit.body
    );
    assert!(!audit.body.contains(",login,"));
    let details = client
        .store()
        .list_audit(&Default::default(), 0, 1)
        .await
        .unwrap()[0]
        .details
        .clone()
        .unwrap();
    assert!(details.contains("CSV"), "{details}");
    client.stop().await;
}

each_backend!(
    #[tokio::test]
    exports_open_directly_in_excel
);

#[tokio::test]
async fn the_command_line_and_the_api_offer_the_same_formats() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    finnish_people(&client).await;
    let app = crate::support::app_for(client.store());
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("activities.xlsx");
    activity_challenge::cli::run_args(
        &app,
        &activity_challenge::actions::Actor::cli(),
        &["export", "activities", "--out", xlsx.to_str().unwrap()],
    )
    .await
    .unwrap();
    assert!(sheet_xml(&std::fs::read(&xlsx).unwrap()).contains("Äänekosken Kilta"));
    let csv = dir.path().join("participants.csv");
    activity_challenge::cli::run_args(
        &app,
        &activity_challenge::actions::Actor::cli(),
        &[
            "export",
            "participants",
            "--separator",
            "semicolon",
            "--bom",
            "--out",
            csv.to_str().unwrap(),
        ],
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;telegram_id;"));

    let created = activity_challenge::actions::api_tokens::create(
        &app,
        &activity_challenge::actions::Actor::cli(),
        "sheets",
    )
    .await
    .unwrap();
    let api = |path: &str| {
        client
            .server
            .client
            .get(format!("{}{path}", client.server.base_url))
            .bearer_auth(&created.secret)
            .send()
    };
    let response = api("/api/v1/admin/exports/feedback?format=xlsx")
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(sheet_xml(&response.bytes().await.unwrap()).contains("Hyvä botti; toimii!"));
    let response = api("/api/v1/admin/exports/participants?separator=semicolon&bom=true")
        .await
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;telegram_id;"));
    let plain = api("/api/v1/admin/exports/participants")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        plain.starts_with("id,telegram_id,"),
        "the default stays plain CSV"
    );
    let bad = api("/api/v1/admin/exports/participants?from=yesterday")
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    client.stop().await;
}
