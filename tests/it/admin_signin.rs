//! Signing in: names without case, blocked attempts in the audit log, an
//! admin unlocking another, and two-factor sign-in with an authenticator
//! app.

use activity_challenge::actions::admins::code_at;
use activity_challenge::domain::AdminRole;

use crate::admin_client::{ADMIN, AdminClient, PASSWORD, add_admin};
use crate::support::{Backend, TestDb};

fn now() -> u64 {
    chrono::Utc::now().timestamp() as u64
}

#[tokio::test]
async fn names_are_compared_without_case_and_the_field_does_not_capitalise() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::start(db.config()).await;
    add_admin(client.store()).await;
    let form = client.get("/admin/login").await;
    assert!(form.body.contains("autocapitalize=\"none\""));
    let page = client.login("Organiser", PASSWORD).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(
        client
            .get("/admin")
            .await
            .body
            .contains("Welcome, organiser.")
    );
    // A new admin typed with capitals is stored, and found, in lower case.
    crate::support::create_admin(client.store(), "Anna", "anna's long password").await;
    assert!(
        client
            .store()
            .list_admins()
            .await
            .unwrap()
            .iter()
            .any(|a| a.username == "anna")
    );
    let other = AdminClient::on(client.server.clone());
    assert_eq!(
        other.login("  ANNA ", "anna's long password").await.status,
        303
    );
    other.stop().await;
    client.stop().await;
}

#[tokio::test]
async fn every_blocked_attempt_is_audited_and_another_admin_can_unlock() {
    let db = TestDb::new(Backend::Sqlite).await;
    let helper = AdminClient::logged_in_as(db.config(), "helper", AdminRole::Organiser).await;
    add_admin(helper.store()).await;
    let victim = AdminClient::on(helper.server.clone());
    for _ in 0..5 {
        assert_eq!(victim.login(ADMIN, "wrong guess here").await.status, 401);
    }
    for _ in 0..3 {
        let blocked = victim.login("ORGANISER", PASSWORD).await;
        assert_eq!(blocked.status, 429);
        assert!(
            blocked.body.contains("ask another admin to unlock"),
            "{}",
            blocked.body
        );
    }
    let audit = helper
        .store()
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap();
    let blocked: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "login.blocked")
        .collect();
    assert_eq!(blocked.len(), 3, "each blocked attempt is recorded");
    assert!(
        blocked[0]
            .details
            .as_deref()
            .unwrap()
            .contains("this account")
    );

    let admins = helper.get("/admin/admins").await;
    assert!(admins.body.contains("Blocked for"), "{}", admins.body);
    let id = helper
        .store()
        .list_admins()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.username == ADMIN)
        .unwrap()
        .id;
    let unlocked = helper
        .post(&format!("/admin/admins/{id}/unlock"), &[])
        .await;
    assert_eq!(unlocked.status, 303);
    assert!(unlocked.flash().unwrap().contains("can log in again"));
    assert!(
        helper
            .audit_actions()
            .await
            .contains(&"admin.unlock".to_string())
    );
    assert_eq!(victim.login(ADMIN, PASSWORD).await.status, 303);
    victim.stop().await;
    helper.stop().await;
}

/// The secret shown on the set-up page.
fn secret_on(page: &str) -> String {
    let start = page
        .find("<code class=\"secret\">")
        .expect("the key is shown")
        + 21;
    page[start..start + page[start..].find('<').unwrap()].to_string()
}

#[tokio::test]
async fn two_factor_sign_in_asks_for_a_fresh_code_after_the_password() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let account = client.get("/admin/account").await;
    assert!(account.body.contains("Set up two-factor sign-in"));
    let setup = client.post("/admin/account/totp", &[]).await;
    assert_eq!(setup.status, 200);
    assert!(
        setup.body.contains("<svg class=\"qr\""),
        "a QR code to scan"
    );
    assert!(setup.body.contains("otpauth://totp/"));
    let secret = secret_on(&setup.body);
    let wrong = client
        .post("/admin/account/totp/confirm", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, 422);
    assert!(!client.store().list_admins().await.unwrap()[0].totp_enabled);
    // Set up again (the wrong code left the pending secret in place).
    let code = code_at(&secret, now()).unwrap();
    let on = client
        .post("/admin/account/totp/confirm", &[("code", &code)])
        .await;
    assert_eq!(on.status, 303, "{}", on.body);
    assert!(client.store().list_admins().await.unwrap()[0].totp_enabled);
    client.post("/admin/logout", &[]).await;

    // The password alone opens nothing.
    let first = client.login(ADMIN, PASSWORD).await;
    assert_eq!(first.status, 303);
    assert_eq!(first.location(), "/admin/login/code");
    assert_eq!(client.get("/admin").await.location(), "/admin/login/code");
    let ask = client.get("/admin/login/code").await;
    assert!(ask.body.contains("six-digit code"));
    let bad = client
        .post("/admin/login/code", &[("code", "123 456")])
        .await;
    assert_eq!(bad.status, 401);
    // The code just used to turn it on cannot be used again; the next one works.
    let replay = client.post("/admin/login/code", &[("code", &code)]).await;
    assert_eq!(replay.status, 401, "a code works once");
    let next = code_at(&secret, now() + 30).unwrap();
    let signed = client.post("/admin/login/code", &[("code", &next)]).await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(signed.location(), "/admin");
    assert_eq!(client.get("/admin").await.status, 200);
    let audit = client
        .store()
        .list_audit(&Default::default(), 0, 50)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "admin.totp_enable"));
    assert!(audit.iter().any(|e| {
        e.action == "login"
            && e.details
                .as_deref()
                .unwrap_or("")
                .contains("authenticator code")
    }));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "login.failed"
                && e.details.as_deref().unwrap_or("").contains("authenticator"))
            .count(),
        2
    );

    // A database admin can turn it off for someone who lost their phone.
    let boss = client.another("boss", AdminRole::DatabaseAdmin).await;
    let id = client
        .store()
        .list_admins()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.username == ADMIN)
        .unwrap()
        .id;
    boss.get("/admin/admins").await;
    let off = boss
        .post(&format!("/admin/admins/{id}/totp-off"), &[])
        .await;
    assert_eq!(off.status, 303);
    assert!(
        !client
            .store()
            .admin_account(ADMIN)
            .await
            .unwrap()
            .totp_enabled
    );
    boss.stop().await;
    client.stop().await;
}
