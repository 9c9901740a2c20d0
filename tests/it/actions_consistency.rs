//! The same action through the command line, the admin panel and the JSON
//! API leaves the same audit entry (action, kind of actor, target) and the
//! same metric change; a refused action leaves neither, from any of them.

use activity_challenge::actions::{Actor, ActorKind};
use activity_challenge::app::App;
use activity_challenge::store::audit::AuditEntry;
use reqwest::Method;

use crate::admin_client::AdminClient;
use crate::each_backend;
use crate::support::{Backend, TestDb};

/// The three frontends of one server: the panel logged in, an API token,
/// and the command line run in this process against the same app.
struct Frontends {
    panel: AdminClient,
    token: String,
}

impl Frontends {
    async fn start(db: &TestDb) -> Frontends {
        let panel = AdminClient::logged_in(db.config()).await;
        let token = activity_challenge::actions::api_tokens::create(
            panel.server.app.as_ref(),
            &Actor::System,
            "consistency",
        )
        .await
        .unwrap()
        .secret;
        Frontends { panel, token }
    }

    fn app(&self) -> &App {
        &self.panel.server.app
    }

    async fn cli(&self, args: &[&str]) -> anyhow::Result<()> {
        let actor = Actor::Cli {
            user: "organiser".into(),
            host: "laptop".into(),
        };
        activity_challenge::cli::run_args(self.app(), &actor, args).await
    }

    async fn api(&self, method: Method, path: &str, body: Option<&str>) -> u16 {
        let server = &self.panel.server;
        let mut request = server
            .client
            .request(method, format!("{}/api/v1{path}", server.base_url))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        request.send().await.unwrap().status().as_u16()
    }

    async fn guild_id(&self, name: &str) -> i64 {
        self.app().store.guild_by_name(name).await.unwrap().id
    }

    /// The audit entries of `action`, oldest first.
    async fn audited(&self, action: &str) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = self
            .app()
            .store
            .list_audit(&Default::default(), 0, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == action)
            .collect();
        entries.reverse();
        entries
    }

    fn counted(&self, action: &str, kind: ActorKind) -> u64 {
        self.app().metrics.actions_done(action, kind.as_str())
    }

    /// Every action's count, for "nothing changed" checks.
    async fn totals(&self) -> (u64, Vec<u64>) {
        let audit = self
            .app()
            .store
            .count_audit(&Default::default())
            .await
            .unwrap();
        let mut counts = Vec::new();
        for action in [
            "guild.create",
            "guild.update",
            "guild.deactivate",
            "guild.delete",
        ] {
            for kind in [ActorKind::Cli, ActorKind::Admin, ActorKind::Api] {
                counts.push(self.counted(action, kind));
            }
        }
        (audit, counts)
    }
}

/// One entry per frontend, in the order CLI, panel, API, each naming its
/// kind of actor and the guild it was done to.
fn assert_one_each(entries: &[AuditEntry], targets: [&str; 3]) {
    let seen: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.actor_kind.clone(), e.target.clone().unwrap_or_default()))
        .collect();
    let expected: Vec<(String, String)> = ["cli", "admin", "api"]
        .iter()
        .zip(targets)
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .collect();
    assert_eq!(seen, expected);
}

async fn every_frontend_leaves_the_same_record(backend: Backend) {
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;

    // Adding a guild.
    f.cli(&["guild", "add", "Alpha", "--members", "10"])
        .await
        .unwrap();
    let page = f
        .panel
        .post("/admin/guilds", &[("name", "Beta"), ("member_count", "10")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        f.api(
            Method::POST,
            "/admin/guilds",
            Some(r#"{"name":"Gamma","member_count":10}"#)
        )
        .await,
        201
    );
    let (a, b, c) = (
        f.guild_id("Alpha").await,
        f.guild_id("Beta").await,
        f.guild_id("Gamma").await,
    );
    let targets = [
        format!("guild #{a} \"Alpha\""),
        format!("guild #{b} \"Beta\""),
        format!("guild #{c} \"Gamma\""),
    ];
    let created = f.audited("guild.create").await;
    assert_one_each(&created, [&targets[0], &targets[1], &targets[2]]);
    assert!(
        created
            .iter()
            .all(|e| e.details.as_deref() == Some("10 configured members")),
        "{created:?}"
    );
    for kind in [ActorKind::Cli, ActorKind::Admin, ActorKind::Api] {
        assert_eq!(f.counted("guild.create", kind), 1, "{kind:?}");
    }

    // Renaming it.
    f.cli(&["guild", "rename", "Alpha", "Alpha Two"])
        .await
        .unwrap();
    let page = f
        .panel
        .post(
            &format!("/admin/guilds/{b}"),
            &[("name", "Beta Two"), ("member_count", "10")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        f.api(
            Method::PUT,
            &format!("/admin/guilds/{c}"),
            Some(r#"{"name":"Gamma Two","member_count":10}"#)
        )
        .await,
        200
    );
    let updated = f.audited("guild.update").await;
    assert_one_each(
        &updated,
        [
            &format!("guild #{a} \"Alpha Two\""),
            &format!("guild #{b} \"Beta Two\""),
            &format!("guild #{c} \"Gamma Two\""),
        ],
    );
    let details: Vec<_> = updated.iter().map(|e| e.details.clone().unwrap()).collect();
    assert_eq!(details[0], "name: \"Alpha\" → \"Alpha Two\"");
    assert_eq!(details[1], "name: \"Beta\" → \"Beta Two\"");
    assert_eq!(details[2], "name: \"Gamma\" → \"Gamma Two\"");
    for kind in [ActorKind::Cli, ActorKind::Admin, ActorKind::Api] {
        assert_eq!(f.counted("guild.update", kind), 1, "{kind:?}");
    }

    // Closing it for registration.
    f.cli(&["guild", "deactivate", "Alpha Two"]).await.unwrap();
    let page = f
        .panel
        .post(&format!("/admin/guilds/{b}/active"), &[("active", "false")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        f.api(
            Method::PUT,
            &format!("/admin/guilds/{c}"),
            Some(r#"{"name":"Gamma Two","member_count":10,"active":false}"#)
        )
        .await,
        200
    );
    assert_one_each(
        &f.audited("guild.deactivate").await,
        [
            &format!("guild #{a} \"Alpha Two\""),
            &format!("guild #{b} \"Beta Two\""),
            &format!("guild #{c} \"Gamma Two\""),
        ],
    );
    // The API's unchanged name and size were no change: no second update.
    assert_eq!(f.audited("guild.update").await.len(), 3);
    f.panel.stop().await;
}

each_backend!(
    #[tokio::test]
    every_frontend_leaves_the_same_record
);

async fn a_refused_action_leaves_nothing_behind(backend: Backend) {
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;
    f.cli(&["guild", "add", "Alpha", "--members", "10"])
        .await
        .unwrap();
    crate::support::register(&f.app().store, 4242, "Aino", "Alpha").await;
    let before = f.totals().await;

    // An invalid member count, from each frontend.
    let refused = f.cli(&["guild", "add", "Beta", "--members", "0"]).await;
    let message = format!("{:#}", refused.unwrap_err());
    assert!(message.contains("--members"), "{message}");
    assert!(!message.contains("--member-count"), "{message}");
    let page = f
        .panel
        .post("/admin/guilds", &[("name", "Beta"), ("member_count", "0")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        f.api(
            Method::POST,
            "/admin/guilds",
            Some(r#"{"name":"Beta","member_count":0}"#)
        )
        .await,
        400
    );

    // A name that is taken.
    assert!(
        f.cli(&["guild", "add", "Alpha", "--members", "5"])
            .await
            .is_err()
    );
    let page = f
        .panel
        .post("/admin/guilds", &[("name", "Alpha"), ("member_count", "5")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        f.api(
            Method::POST,
            "/admin/guilds",
            Some(r#"{"name":"Alpha","member_count":5}"#)
        )
        .await,
        409
    );

    // Deleting a guild that has members.
    let id = f.guild_id("Alpha").await;
    assert!(f.cli(&["guild", "delete", "Alpha"]).await.is_err());
    assert_eq!(
        f.api(Method::DELETE, &format!("/admin/guilds/{id}"), None)
            .await,
        409
    );

    assert_eq!(f.totals().await, before, "no audit entry and no metric");
    assert!(f.app().store.guild_by_name("Beta").await.is_err());
    f.panel.stop().await;
}

each_backend!(
    #[tokio::test]
    a_refused_action_leaves_nothing_behind
);
