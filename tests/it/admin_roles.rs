//! Admin roles: a viewer sees every page and changes nothing; an organiser
//! runs the competition; a database admin also the database and the
//! accounts. Every route checks, and so does every action.

use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::domain::{AdminRole, FeedbackDraft, GuildDraft};

use crate::admin_auth::ACTIONS;
use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, app_for, register};

/// What a viewer may still post: signing out and their own sign-in security.
const OWN: &[&str] = &[
    "/admin/logout",
    "/admin/account/totp",
    "/admin/account/totp/confirm",
    "/admin/account/totp/disable",
];

async fn seed(client: &AdminClient) {
    let store = client.store();
    add_running_competition(store, 3, 10).await;
    add_guild(store, "Alpha", 10).await;
    let p = register(store, 1, "Aino", "Alpha").await;
    store
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(4, 4, 4, "fine, works well").unwrap(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_viewer_sees_every_page_but_cannot_post_anything() {
    let db = TestDb::new(Backend::Sqlite).await;
    let viewer = AdminClient::logged_in_as(db.config(), "watcher", AdminRole::Viewer).await;
    seed(&viewer).await;
    let audit_before = viewer.audit_actions().await.len();
    for page in [
        "/admin",
        "/admin/competitions",
        "/admin/competitions/1",
        "/admin/guilds",
        "/admin/guilds/1",
        "/admin/participants",
        "/admin/participants/1",
        "/admin/activities",
        "/admin/feedback",
        "/admin/audit",
        "/admin/database",
        "/admin/admins",
        "/admin/account",
    ] {
        let seen = viewer.get(page).await;
        assert_eq!(seen.status, 200, "{page}: {}", seen.body);
        assert!(seen.body.contains("(viewer)"), "{page}");
    }
    // The forms that change things are not offered…
    let guilds = viewer.get("/admin/guilds").await;
    assert!(!guilds.body.contains("Add guild"));
    let activities = viewer.get("/admin/activities").await;
    assert!(!activities.body.contains("Add a manual correction"));
    // …and posting them anyway is refused, with a valid CSRF token, on
    // every route but the viewer's own sign-in.
    viewer.get("/admin").await;
    let csrf = viewer.csrf();
    for path in ACTIONS.iter().filter(|p| !OWN.contains(p)) {
        let refused = viewer
            .post_with_csrf(
                path,
                &csrf,
                &[
                    ("name", "Hacked"),
                    ("member_count", "3"),
                    ("value", "true"),
                    ("reason", "because"),
                    ("id", "1"),
                    ("role", "database_admin"),
                ],
            )
            .await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
        assert!(refused.body.contains("Your role (viewer)"), "{path}");
        assert!(refused.headers.contains_key("content-security-policy"));
    }
    // Reading data out is an organiser's too.
    for path in [
        "/admin/exports",
        "/admin/exports/participants.csv",
        "/admin/database/backups/backup-20250101-000000.sql.gz",
    ] {
        let refused = viewer.get(path).await;
        assert_eq!(refused.status, 403, "{path}");
    }
    let store = viewer.store();
    assert_eq!(store.list_guilds().await.unwrap().len(), 1);
    assert_eq!(store.list_guilds().await.unwrap()[0].name, "Alpha");
    assert_eq!(store.count_activities().await.unwrap(), 0);
    assert!(!store.participant(1).await.unwrap().is_test_user);
    assert_eq!(
        store.list_admins().await.unwrap()[0].role(),
        AdminRole::Viewer
    );
    assert_eq!(
        viewer.audit_actions().await.len(),
        audit_before,
        "a refusal writes nothing, not even an audit entry"
    );
    // Signing out is still theirs.
    assert_eq!(viewer.post("/admin/logout", &[]).await.status, 303);
    viewer.stop().await;
}

#[tokio::test]
async fn an_organiser_runs_the_competition_but_not_the_database_or_the_accounts() {
    let db = TestDb::new(Backend::Sqlite).await;
    let organiser = AdminClient::logged_in_as(db.config(), "org", AdminRole::Organiser).await;
    seed(&organiser).await;
    let added = organiser
        .post("/admin/guilds", &[("name", "Beta"), ("member_count", "5")])
        .await;
    assert_eq!(added.status, 303);
    organiser.get("/admin").await;
    for path in [
        "/admin/database/backups",
        "/admin/database/maintenance",
        "/admin/database/kill-idle",
        "/admin/admins",
        "/admin/admins/1/role",
        "/admin/admins/1/totp-off",
    ] {
        let refused = organiser
            .post(path, &[("username", "x"), ("role", "database_admin")])
            .await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.body.contains("database admin role"), "{path}");
    }
    let database = organiser.get("/admin/database").await;
    assert!(!database.body.contains(">Back up now</button>"));
    assert_eq!(organiser.store().list_admins().await.unwrap().len(), 1);
    organiser.stop().await;
}

#[tokio::test]
async fn the_actions_refuse_a_role_that_does_not_reach_whatever_the_frontend() {
    let db = TestDb::new(Backend::Sqlite).await;
    let app = app_for(&db.store);
    let mut ids = Vec::new();
    for (name, role) in [
        ("watcher", AdminRole::Viewer),
        ("org", AdminRole::Organiser),
    ] {
        let account =
            actions::admins::create(&app, &Actor::cli(), name, "long enough password", role)
                .await
                .unwrap();
        ids.push(account.id);
    }
    let viewer = Actor::Admin {
        id: ids[0],
        username: "watcher".into(),
        role: AdminRole::Viewer,
    };
    let organiser = Actor::Admin {
        id: ids[1],
        username: "org".into(),
        role: AdminRole::Organiser,
    };
    let draft = GuildDraft::parse("Alpha", "10").unwrap();
    let refused = actions::guilds::create(&app, &viewer, &draft).await;
    assert!(
        matches!(refused, Err(ActionError::Forbidden(ref m)) if m.to_string().contains("viewer"))
    );
    assert!(db.store.list_guilds().await.unwrap().is_empty());
    let guild = actions::guilds::create(&app, &organiser, &draft)
        .await
        .unwrap();
    assert!(matches!(
        actions::guilds::set_active(&app, &viewer, guild.id, false).await,
        Err(ActionError::Forbidden(_))
    ));
    assert!(matches!(
        actions::exports::open(
            &app,
            &viewer,
            activity_challenge::ops::export::ExportKind::Participants,
            Default::default(),
            Default::default()
        )
        .await
        .map(|_| ()),
        Err(ActionError::Forbidden(_))
    ));
    assert!(matches!(
        actions::database::backup(&app, &organiser, Default::default()).await,
        Err(ActionError::Forbidden(_))
    ));
    assert!(matches!(
        actions::admins::create(
            &app,
            &organiser,
            "new",
            "long enough password",
            AdminRole::Viewer
        )
        .await,
        Err(ActionError::Forbidden(_))
    ));
    // The command line is the operator's own: it may do all of it.
    assert!(
        actions::admins::create(
            &app,
            &Actor::cli(),
            "new",
            "long enough password",
            AdminRole::Viewer
        )
        .await
        .is_ok()
    );
    // The last database admin keeps the role.
    actions::admins::create(
        &app,
        &Actor::cli(),
        "boss",
        "long enough password",
        AdminRole::DatabaseAdmin,
    )
    .await
    .unwrap();
    let kept = actions::admins::set_role(&app, &Actor::cli(), "BOSS", AdminRole::Viewer).await;
    assert!(
        matches!(kept, Err(ActionError::Rejected(ref m)) if m.to_string().contains("only database admin"))
    );
}
