//! Admin panel security: login, sessions, CSRF, rate limiting, headers.

use std::collections::HashMap;

use activity_challenge::config::Config;

use crate::admin_client::{ADMIN, AdminClient, PASSWORD, add_admin};
use crate::support::{Backend, TestDb, TestServer};

/// Every page that needs a session.
const PAGES: &[&str] = &[
    "/admin",
    "/admin/competition",
    "/admin/competitions",
    "/admin/competitions/new",
    "/admin/competitions/1",
    "/admin/account",
    "/admin/admins",
    "/admin/activities/1",
    "/admin/database",
    "/admin/database/backups/backup-20250101-000000.sql.gz",
    "/admin/guilds",
    "/admin/guilds/1",
    "/admin/participants",
    "/admin/participants/1",
    "/admin/participants/1/delete",
    "/admin/activities",
    "/admin/feedback",
    "/admin/exports",
    "/admin/exports/activities.csv",
    "/admin/cleanup",
    "/admin/audit",
];

/// Every state-changing route.
pub const ACTIONS: &[&str] = &[
    "/admin/logout",
    "/admin/account/totp",
    "/admin/account/totp/confirm",
    "/admin/account/totp/disable",
    "/admin/admins",
    "/admin/admins/1/role",
    "/admin/admins/1/unlock",
    "/admin/admins/1/totp-off",
    "/admin/competitions",
    "/admin/competitions/1",
    "/admin/competitions/1/activate",
    "/admin/competitions/1/schedule",
    "/admin/competitions/1/delete",
    "/admin/guilds",
    "/admin/guilds/1",
    "/admin/guilds/1/active",
    "/admin/guilds/1/delete",
    "/admin/participants/1/move",
    "/admin/participants/1/test-user",
    "/admin/participants/1/delete",
    "/admin/activities",
    "/admin/activities/1",
    "/admin/activities/1/delete",
    "/admin/feedback/1/reviewed",
    "/admin/cleanup",
    "/admin/database/maintenance",
    "/admin/database/kill-idle",
    "/admin/database/backups",
    "/admin/database/backups/verify",
];

#[tokio::test]
async fn every_page_and_action_needs_a_session() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    for path in PAGES {
        let page = client.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location(), "/admin/login", "{path}");
    }
    for path in ACTIONS {
        let page = client
            .post_with_csrf(path, "forged", &[("name", "X"), ("member_count", "3")])
            .await;
        assert_eq!(page.status, 403, "{path}");
    }
    assert!(client.store().list_guilds().await.unwrap().is_empty());
    // The login page itself is public.
    assert_eq!(client.get("/admin/login").await.status, 200);
    client.stop().await;
}

#[tokio::test]
async fn every_action_refuses_a_missing_or_wrong_csrf_token() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    for path in ACTIONS {
        let missing = client
            .post_without_csrf(path, &[("name", "X"), ("member_count", "3")])
            .await;
        assert_eq!(missing.status, 403, "{path}");
        assert!(missing.body.contains("security token"), "{path}");
        let wrong = client
            .post_with_csrf(path, "0000", &[("name", "X"), ("member_count", "3")])
            .await;
        assert_eq!(wrong.status, 403, "{path}");
    }
    assert!(client.store().list_guilds().await.unwrap().is_empty());
    // Still logged in: the refused logout did nothing.
    assert_eq!(client.get("/admin").await.status, 200);
    client.stop().await;
}

#[tokio::test]
async fn login_sets_a_strict_http_only_session_cookie_and_logs_it() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    let page = client.login(ADMIN, PASSWORD).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), "/admin");
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("ac_admin="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/admin"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here: {cookie}");
    // Only the token's hash is stored.
    let token = client.cookie("ac_admin").unwrap();
    let admin = &client.store().list_admins().await.unwrap()[0];
    assert_eq!(
        client.store().count_admin_sessions(admin.id).await.unwrap(),
        1
    );
    assert!(
        client
            .store()
            .admin_session(&token)
            .await
            .unwrap()
            .is_none()
    );
    let dashboard = client.get("/admin").await;
    assert!(dashboard.body.contains("Welcome, organiser."));
    assert!(client.audit_actions().await.contains(&"login".to_string()));
    client.stop().await;
}

#[tokio::test]
async fn the_cookie_is_secure_when_configured_for_https() {
    let db = TestDb::new(Backend::Sqlite).await;
    let mut config: Config = db.config();
    config.admin_cookie_secure = true;
    let client = AdminClient::start(config).await;
    add_admin(client.store()).await;
    let page = client.login(ADMIN, PASSWORD).await;
    let cookies: Vec<String> = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("ac_admin=") && c.contains("; Secure")),
        "{cookies:?}"
    );
    client.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_clear_message_and_audited() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    let page = client.login(ADMIN, "not the password").await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("The name or password is wrong"));
    assert!(client.cookie("ac_admin").is_none());
    let unknown = client.login("nobody", PASSWORD).await;
    assert_eq!(unknown.status, 401);
    assert_eq!(client.get("/admin").await.status, 303);
    let actions = client.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "login.failed").count(), 2);
    client.stop().await;
}

#[tokio::test]
async fn the_login_form_needs_its_own_token() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    let page = client
        .post_with_csrf(
            "/admin/login",
            "forged",
            &[("username", ADMIN), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 403);
    assert!(client.cookie("ac_admin").is_none());
    client.stop().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_with_a_clear_message() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    for _ in 0..5 {
        assert_eq!(client.login(ADMIN, "guess guess guess").await.status, 401);
    }
    // Even the right password waits now.
    let locked = client.login(ADMIN, PASSWORD).await;
    assert_eq!(locked.status, 429);
    assert!(
        locked
            .body
            .contains("Too many failed logins for this account. Wait 15 minutes"),
        "{}",
        locked.body
    );
    assert!(client.cookie("ac_admin").is_none());
    client.stop().await;
}

#[tokio::test]
async fn repeated_failures_from_one_address_are_limited_across_accounts() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    for i in 0..20 {
        let page = client
            .login(&format!("someone{i}"), "guess guess guess")
            .await;
        assert_eq!(page.status, 401);
    }
    let locked = client.login(ADMIN, PASSWORD).await;
    assert_eq!(locked.status, 429);
    assert!(locked.body.contains("your address"), "{}", locked.body);
    client.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let token = client.cookie("ac_admin").unwrap();
    let page = client.post("/admin/logout", &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), "/admin/login");
    assert_eq!(client.get("/admin").await.status, 303);
    // Replaying the old cookie does not help either.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/admin", client.server.base_url))
        .header("cookie", format!("ac_admin={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303);
    assert!(client.audit_actions().await.contains(&"logout".to_string()));
    client.stop().await;
}

#[tokio::test]
async fn a_password_reset_ends_every_session() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    activity_challenge::actions::admins::reset_password(
        &crate::support::app_for(client.store()),
        &activity_challenge::actions::Actor::System,
        ADMIN,
        "a brand new passphrase",
    )
    .await
    .unwrap();
    assert_eq!(client.get("/admin").await.status, 303);
    assert_eq!(client.login(ADMIN, PASSWORD).await.status, 401);
    assert_eq!(
        client.login(ADMIN, "a brand new passphrase").await.status,
        303
    );
    client.stop().await;
}

#[tokio::test]
async fn admin_responses_carry_the_security_headers() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    for path in [
        "/admin/login",
        "/admin",
        "/admin/guilds",
        "/admin/static/admin.css",
    ] {
        let page = client.get(path).await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(page.headers["x-content-type-options"], "nosniff", "{path}");
        assert!(page.headers.contains_key("referrer-policy"), "{path}");
    }
    // No inline scripts anywhere the CSP would have to allow.
    let page = client.get("/admin").await;
    assert!(!page.body.contains("<script>"));
    assert!(page.body.contains("<script src=\"/admin/static/admin.js\""));
    assert_eq!(client.get("/admin/static/admin.js").await.status, 200);
    assert_eq!(client.get("/admin/static/nope.js").await.status, 404);
    client.stop().await;
}

#[tokio::test]
async fn the_first_admin_comes_from_the_environment_once() {
    let db = TestDb::new(Backend::Sqlite).await;
    let vars: HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("ADMIN_USERNAME", "first"),
        ("ADMIN_PASSWORD", "first admin password"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let config = Config::from_vars(&vars).unwrap();
    let server = TestServer::start(config.clone()).await;
    let admins = server.app.store.list_admins().await.unwrap();
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0].username, "first");
    server.stop().await;
    // A second start with another password changes nothing.
    let mut again = config;
    again.initial_admin.as_mut().unwrap().password =
        activity_challenge::config::Secret::new("another password entirely");
    let server = TestServer::start(again).await;
    let creds = server
        .app
        .store
        .admin_credentials("first")
        .await
        .unwrap()
        .unwrap();
    assert!(activity_challenge::actions::admins::verify_password(
        "first admin password",
        &creds.password_hash
    ));
    server.stop().await;
}

/// Two server instances on one database count the same failed logins: N
/// instances give no more tries than one.
#[tokio::test]
async fn the_login_limits_hold_across_instances() {
    let db = TestDb::new(Backend::Postgres).await;
    let one = AdminClient::start(db.config()).await;
    crate::admin_client::add_admin(one.store()).await;
    let two = AdminClient::start(db.config()).await;
    for i in 0..5 {
        let client = if i % 2 == 0 { &one } else { &two };
        assert_eq!(client.login(ADMIN, "wrong password!").await.status, 401);
    }
    for client in [&one, &two] {
        let page = client.login(ADMIN, PASSWORD).await;
        assert_eq!(page.status, 429, "{}", page.body);
        assert!(
            page.body
                .contains("Too many failed logins for this account")
        );
    }
    one.stop().await;
    two.stop().await;
}

/// Behind a trusted proxy, failures count against the client the proxy
/// names; without the setting, nobody's header is believed.
#[tokio::test]
async fn only_a_trusted_proxy_names_the_client() {
    let db = TestDb::new(Backend::Sqlite).await;
    let mut config = db.config();
    config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let proxied = AdminClient::start(config).await;
    crate::admin_client::add_admin(proxied.store()).await;
    // Twenty failures from one client, each for a different (unknown) name.
    for i in 0..20 {
        let page = proxied
            .login_forwarded_for(&format!("nobody{i}"), "x", "198.51.100.7")
            .await;
        assert_eq!(page.status, 401);
    }
    let blocked = proxied
        .login_forwarded_for(ADMIN, PASSWORD, "198.51.100.7")
        .await;
    assert_eq!(blocked.status, 429);
    assert!(blocked.body.contains("your address"), "{}", blocked.body);
    // Another client behind the same proxy is not blocked.
    let other = proxied
        .login_forwarded_for(ADMIN, PASSWORD, "203.0.113.4")
        .await;
    assert_eq!(other.status, 303, "{}", other.body);
    let audit = proxied
        .store()
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "login" && e.details.as_deref() == Some("from 203.0.113.4")),
        "{audit:?}"
    );
    proxied.stop().await;

    // Without TRUSTED_PROXIES the header is ignored: the failures above
    // would all count against the peer (127.0.0.1), whatever it claims.
    let db = TestDb::new(Backend::Sqlite).await;
    let direct = AdminClient::start(db.config()).await;
    crate::admin_client::add_admin(direct.store()).await;
    for i in 0..20 {
        let claimed = format!("198.51.100.{i}");
        assert_eq!(
            direct
                .login_forwarded_for(&format!("nobody{i}"), "x", &claimed)
                .await
                .status,
            401
        );
    }
    let page = direct
        .login_forwarded_for(ADMIN, PASSWORD, "203.0.113.4")
        .await;
    assert_eq!(page.status, 429, "the peer's address is the one counted");
    direct.stop().await;
}
