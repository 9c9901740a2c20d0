//! A browser-like client for the admin panel: keeps cookies, does not
//! follow redirects, and fills in the CSRF token of the last page seen.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use activity_challenge::config::Config;
use activity_challenge::domain::AdminRole;
use activity_challenge::store::Store;

use crate::support::TestServer;

pub const ADMIN: &str = "organiser";
pub const PASSWORD: &str = "correct horse battery";

/// A response, read whole.
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The `Location` header of a redirect.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The flash message a redirect carries, decoded.
    pub fn flash(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("ac_flash="))
            .map(|c| c.split(';').next().unwrap_or(""))
            .filter(|v| !v.is_empty())
            .map(|v| {
                url::form_urlencoded::parse(format!("f={v}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            })
            .map(|v| v.split_once('|').map_or(v.clone(), |(_, m)| m.to_string()))
    }
}

/// The client.
pub struct AdminClient {
    /// Shared by every client of the same server (two organisers at once).
    pub server: Arc<TestServer>,
    http: reqwest::Client,
    cookies: Mutex<HashMap<String, String>>,
    csrf: Mutex<String>,
}

/// Makes the test admin.
pub async fn add_admin(store: &Store) {
    crate::support::create_admin(store, ADMIN, PASSWORD).await;
}

impl AdminClient {
    /// Starts the server and a client that is not logged in.
    pub async fn start(config: Config) -> AdminClient {
        let server = TestServer::start(config).await;
        AdminClient::on(Arc::new(server))
    }

    /// A client that is not logged in, on a running server.
    pub fn on(server: Arc<TestServer>) -> AdminClient {
        AdminClient {
            server,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Mutex::new(HashMap::new()),
            csrf: Mutex::new(String::new()),
        }
    }

    /// A second browser on the same server, logged in as another admin
    /// with `role` (created here).
    pub async fn another(&self, username: &str, role: AdminRole) -> AdminClient {
        crate::support::create_admin_with_role(self.store(), username, PASSWORD, role).await;
        let other = AdminClient::on(self.server.clone());
        let page = other.login(username, PASSWORD).await;
        assert_eq!(page.status, 303, "login failed: {}", page.body);
        assert_eq!(other.get("/admin").await.status, 200);
        other
    }

    /// Starts the server and logs in as an admin with `role`.
    pub async fn logged_in_as(config: Config, username: &str, role: AdminRole) -> AdminClient {
        let client = AdminClient::start(config).await;
        crate::support::create_admin_with_role(client.store(), username, PASSWORD, role).await;
        let page = client.login(username, PASSWORD).await;
        assert_eq!(page.status, 303, "login failed: {}", page.body);
        assert_eq!(client.get("/admin").await.status, 200);
        client
    }

    /// Starts the server with the test admin and logs in.
    pub async fn logged_in(config: Config) -> AdminClient {
        let client = AdminClient::start(config).await;
        add_admin(&client.server.app.store).await;
        let page = client.login(ADMIN, PASSWORD).await;
        assert_eq!(page.status, 303, "login failed: {}", page.body);
        assert_eq!(client.get("/admin").await.status, 200);
        client
    }

    /// The store behind the server.
    pub fn store(&self) -> &Store {
        &self.server.app.store
    }

    /// Fills the login form as a person would.
    pub async fn login(&self, username: &str, password: &str) -> Page {
        let form = self.get("/admin/login").await;
        assert_eq!(form.status, 200);
        self.post_form(
            "/admin/login",
            &[("username", username), ("password", password)],
            true,
        )
        .await
    }

    /// Fills the login form with an `X-Forwarded-For` header, as a request
    /// passed on by a reverse proxy carries.
    pub async fn login_forwarded_for(&self, username: &str, password: &str, client: &str) -> Page {
        let form = self.get("/admin/login").await;
        assert_eq!(form.status, 200);
        let csrf = self.csrf.lock().unwrap().clone();
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("username", username),
                ("password", password),
                ("csrf", csrf.as_str()),
            ])
            .finish();
        let response = self
            .http
            .post(format!("{}/admin/login", self.server.base_url))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", client)
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A cookie's current value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    async fn read(&self, response: reqwest::Response) -> Page {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            let mut jar = self.cookies.lock().unwrap();
            if v.is_empty() || text.contains("Max-Age=0") {
                jar.remove(k);
            } else {
                jar.insert(k.to_string(), v.to_string());
            }
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        if let Some(start) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[start + 19..];
            *self.csrf.lock().unwrap() = rest[..rest.find('"').unwrap()].to_string();
        }
        Page {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Page {
        let response = self
            .http
            .get(format!("{}{}", self.server.base_url, path))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// `POST path` with the form's fields and the current CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_form(path, fields, true).await
    }

    /// `POST path` without any CSRF token.
    pub async fn post_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_form(path, fields, false).await
    }

    /// `POST path` with a given CSRF token.
    pub async fn post_with_csrf(&self, path: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", csrf));
        self.send_form(path, &all).await
    }

    async fn post_form(&self, path: &str, fields: &[(&str, &str)], with_csrf: bool) -> Page {
        let csrf = self.csrf.lock().unwrap().clone();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if with_csrf {
            all.push(("csrf", &csrf));
        }
        self.send_form(path, &all).await
    }

    async fn send_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .http
            .post(format!("{}{}", self.server.base_url, path))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// The audit log's actions, newest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        self.store()
            .list_audit(&Default::default(), 0, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
    }

    /// The CSRF token of the last page seen.
    pub fn csrf(&self) -> String {
        self.csrf.lock().unwrap().clone()
    }

    /// Stops the server (once the last client on it stops).
    pub async fn stop(self) {
        if let Ok(server) = Arc::try_unwrap(self.server) {
            server.stop().await;
        }
    }
}
