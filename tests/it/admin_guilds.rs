//! Guilds in the panel: one guild per name whatever its capitals and
//! spaces, no silent overwrite between two organisers, a deactivated guild
//! still in the standings everywhere, participation rounded as elsewhere,
//! a size below the registered count questioned, deletion.

use activity_challenge::domain::AdminRole;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, register};

#[tokio::test]
async fn near_duplicate_names_are_refused() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let added = client
        .post(
            "/admin/guilds",
            &[("name", "Aalto Athletes"), ("member_count", "40")],
        )
        .await;
    assert_eq!(added.status, 303);
    for twin in ["aalto athletes", "Aalto  Athletes", " AALTO   ATHLETES "] {
        let refused = client
            .post("/admin/guilds", &[("name", twin), ("member_count", "40")])
            .await;
        assert_eq!(refused.status, 422, "{twin:?}");
        assert!(
            refused.body.contains("already exists"),
            "{twin:?}: {}",
            refused.body
        );
    }
    // Spaces are tidied in what is kept.
    let tidy = client
        .post(
            "/admin/guilds",
            &[("name", "  Tampere   Runners "), ("member_count", "9")],
        )
        .await;
    assert_eq!(tidy.status, 303);
    let names: Vec<String> = client
        .store()
        .list_guilds()
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["Aalto Athletes", "Tampere Runners"]);
    // Renaming into a twin is refused too, and the CLI follows the same rule.
    let tampere = client
        .store()
        .guild_by_name("Tampere Runners")
        .await
        .unwrap();
    let rename = client
        .post(
            &format!("/admin/guilds/{}", tampere.id),
            &[
                ("name", "AALTO athletes"),
                ("member_count", "9"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(rename.status, 422);
    let app = crate::support::app_for(client.store());
    let cli = activity_challenge::cli::run_args(
        &app,
        &activity_challenge::actions::Actor::cli(),
        &["guild", "add", "aalto ATHLETES", "--members", "3"],
    )
    .await;
    assert!(cli.unwrap_err().to_string().contains("already exists"));
    assert_eq!(client.store().list_guilds().await.unwrap().len(), 2);
    client.stop().await;
}

#[tokio::test]
async fn two_organisers_editing_one_guild_do_not_overwrite_each_other() {
    let db = TestDb::new(Backend::Postgres).await;
    let a = AdminClient::logged_in(db.config()).await;
    add_guild(a.store(), "Tietokilta", 40).await;
    let guild = a.store().guild_by_name("Tietokilta").await.unwrap();
    let b = a.another("bertta", AdminRole::Organiser).await;
    let path = format!("/admin/guilds/{}", guild.id);
    // Both open the page (version 1).
    assert!(
        a.get(&path)
            .await
            .body
            .contains("name=\"version\" value=\"1\"")
    );
    b.get(&path).await;
    // B renames it.
    let renamed = b
        .post(
            &path,
            &[("name", "TiK"), ("member_count", "40"), ("version", "1")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    // A changes only the member count, on the page read before B's save.
    let stale = a
        .post(
            &path,
            &[
                ("name", "Tietokilta"),
                ("member_count", "45"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    let body = stale.body.replace("&#34;", "\"");
    assert!(body.contains("Someone else changed this guild"));
    assert!(
        body.contains("Saved now: name \"TiK\", 40 configured members"),
        "{body}"
    );
    assert!(body.contains("Yours: name \"Tietokilta\", 45 configured members"));
    assert!(
        stale.body.contains("name=\"version\" value=\"2\""),
        "the form takes the saved version"
    );
    let now = a.store().guild(guild.id).await.unwrap();
    assert_eq!(
        (now.name.as_str(), now.member_count),
        ("TiK", 40),
        "B's name kept"
    );
    // A corrects the form and saves over version 2 deliberately.
    let saved = a
        .post(
            &path,
            &[("name", "TiK"), ("member_count", "45"), ("version", "2")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let audit = a
        .store()
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    let updates: Vec<String> = audit
        .iter()
        .filter(|e| e.action == "guild.update")
        .map(|e| e.details.clone().unwrap())
        .collect();
    assert_eq!(
        updates,
        [
            "configured members: 40 → 45",
            "name: \"Tietokilta\" → \"TiK\""
        ],
        "each entry says what was before and after"
    );
    b.stop().await;
    a.stop().await;
}

#[tokio::test]
async fn a_deactivated_guild_stays_in_the_standings_everywhere() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_running_competition(store, 3, 10).await;
    add_guild(store, "Alpha", 10).await;
    add_guild(store, "Closed Guild", 10).await;
    register(store, 1, "Aino", "Closed Guild").await;
    let closed = store.guild_by_name("Closed Guild").await.unwrap();
    let off = client
        .post(
            &format!("/admin/guilds/{}/active", closed.id),
            &[("active", "false")],
        )
        .await;
    assert!(off.flash().unwrap().contains("stays in the standings"));
    assert!(!store.guild(closed.id).await.unwrap().active);
    let dashboard = client.get("/admin").await;
    assert!(dashboard.body.contains("Closed Guild"), "on the dashboard");
    let public: serde_json::Value = client
        .server
        .get("/api/v1/standings")
        .await
        .json()
        .await
        .unwrap();
    assert!(public.to_string().contains("Closed Guild"), "{public}");
    let guilds = client.get("/admin/guilds").await;
    assert!(guilds.body.contains("Closed Guild") && guilds.body.contains("closed"));
    // …but nobody new can register with it.
    assert!(
        store
            .active_guilds()
            .await
            .unwrap()
            .iter()
            .all(|g| g.name != "Closed Guild")
    );
    client.stop().await;
}

#[tokio::test]
async fn participation_rounds_half_up_as_the_cli_and_api_do() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_guild(store, "Sixes", 6).await;
    let p = register(store, 1, "Aino", "Sixes").await;
    crate::support::add_running_competition(store, 2, 2).await;
    let entry = crate::support::catalogue()
        .entries()
        .next()
        .unwrap()
        .clone();
    store
        .log_activity(
            activity_challenge::store::activities::NewActivity::from_catalogue(
                p.id,
                &entry,
                activity_challenge::domain::DurationMinutes::new(30).unwrap(),
                crate::support::today(),
                None,
            ),
        )
        .await
        .unwrap();
    // 1 of 6 = 16.666…: 16.7, not 16.6.
    let page = client.get("/admin/guilds").await;
    assert!(page.body.contains("16.7 %"), "{}", page.body);
    assert!(!page.body.contains("16.6 %"));
    client.stop().await;
}

#[tokio::test]
async fn a_size_below_the_registered_count_needs_confirming_and_empty_guilds_can_be_deleted() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_guild(store, "Busy", 40).await;
    for i in 0..9 {
        register(store, 100 + i, "Member", "Busy").await;
    }
    let busy = store.guild_by_name("Busy").await.unwrap();
    let path = format!("/admin/guilds/{}", busy.id);
    let ask = client
        .post(
            &path,
            &[("name", "Busy"), ("member_count", "1"), ("version", "1")],
        )
        .await;
    assert_eq!(ask.status, 409);
    assert!(
        ask.body.contains("participation would show as 900 %"),
        "{}",
        ask.body
    );
    assert!(ask.body.contains("Save this size anyway"));
    assert_eq!(store.guild(busy.id).await.unwrap().member_count, 40);
    let confirmed = client
        .post(
            &path,
            &[
                ("name", "Busy"),
                ("member_count", "1"),
                ("version", "1"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(confirmed.status, 303);
    assert_eq!(store.guild(busy.id).await.unwrap().member_count, 1);
    assert!(
        client
            .get("/admin/guilds")
            .await
            .body
            .contains("participation passes 100 %")
    );

    // A guild with members cannot be deleted; an empty one can.
    let refused = client.post(&format!("{path}/delete"), &[]).await;
    assert!(refused.flash().unwrap().contains("has 9 members"));
    add_guild(store, "Empty", 5).await;
    let empty = store.guild_by_name("Empty").await.unwrap();
    let page = client.get(&format!("/admin/guilds/{}", empty.id)).await;
    assert!(page.body.contains("Delete this guild"));
    let deleted = client
        .post(&format!("/admin/guilds/{}/delete", empty.id), &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert!(store.guild(empty.id).await.is_err());
    assert!(
        client
            .audit_actions()
            .await
            .contains(&"guild.delete".to_string())
    );
    client.stop().await;
}
