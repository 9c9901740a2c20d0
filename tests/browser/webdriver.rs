//! A small WebDriver client: chromedriver driving headless Chromium from
//! the Debian packages `chromium` and `chromium-driver`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver with one browser session.
pub struct Browser {
    driver: Child,
    base: String,
    http: reqwest::Client,
    /// Where downloads land.
    pub downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium.
    pub async fn start() -> Browser {
        for path in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: install the Debian packages chromium and chromium-driver (scripts/test.sh does)"
            );
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let downloads = tempfile::tempdir().unwrap();
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                        // Nothing from the internet: telegram.org's script
                        // fails at once, whether or not this machine is online.
                        "--host-resolver-rules=MAP telegram.org ~NOTFOUND, MAP *.telegram.org ~NOTFOUND",
                        format!("--user-data-dir={}", profile.path().display()),
                    ],
                    "prefs": {
                        "download.default_directory": downloads.path().display().to_string(),
                        "download.prompt_for_download": false
                    }
                }
            }}
        });
        let response: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = response["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {response}"))
            .to_string();
        let browser = Browser {
            driver,
            base: format!("{base}/session/{session}"),
            http,
            downloads,
            _profile: profile,
        };
        browser
            .command(
                "POST",
                "/chromium/send_command",
                json!({"cmd": "Page.setDownloadBehavior", "params": {"behavior": "allow", "downloadPath": browser.downloads.path().display().to_string()}}),
            )
            .await;
        browser
    }

    async fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{}", self.base, path);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let response: Value = request.send().await.unwrap().json().await.unwrap();
        if let Some(error) = response["value"].get("error") {
            panic!(
                "WebDriver {method} {path} failed: {error}: {}",
                response["value"]["message"]
            );
        }
        response["value"].clone()
    }

    /// Opens a URL and waits for it to load.
    pub async fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url })).await;
    }

    /// The current URL.
    pub async fn url(&self) -> String {
        self.command("GET", "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The page's HTML.
    pub async fn source(&self) -> String {
        self.command("GET", "/source", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn find(&self, css: &str) -> String {
        let value = self
            .command(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        value[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {css}: {value}"))
            .to_string()
    }

    /// Types into the field matched by `css`, replacing what was there.
    pub async fn fill(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.command("POST", &format!("/element/{id}/clear"), json!({}))
            .await;
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    /// Clicks the element matched by `css`.
    pub async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.command("POST", &format!("/element/{id}/click"), json!({}))
            .await;
    }

    /// Sets a date input through the page, as typing dates is locale-dependent.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.command(
            "POST",
            "/execute/sync",
            json!({"script": "document.querySelector(arguments[0]).value = arguments[1];", "args": [css, value]}),
        )
        .await;
    }

    /// Shows pages as a phone of this size does: the viewport is exactly
    /// `width` × `height` CSS pixels, with the phone's meta-viewport rules.
    pub async fn phone(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/chromium/send_command",
            json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true
            }}),
        )
        .await;
    }

    /// How far the page is wider than the viewport, in CSS pixels (0 when
    /// nothing scrolls sideways).
    pub async fn sideways_overflow(&self) -> i64 {
        self.execute(
            "var d = document.documentElement; return Math.max(d.scrollWidth, document.body.scrollWidth) - window.innerWidth;",
            json!([]),
        )
        .await
        .as_i64()
        .unwrap_or(i64::MAX)
    }

    /// The element matched by `css`'s text.
    pub async fn text_of(&self, css: &str) -> String {
        self.execute(
            "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            json!([css]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Resizes the window (e.g. to a phone's size).
    pub async fn resize(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        )
        .await;
    }

    /// Sends a DevTools command to the page's browser.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/chromium/send_command_and_get_result",
            json!({ "cmd": cmd, "params": params }),
        )
        .await
    }

    /// Runs `source` in every page before the page's own scripts (as a
    /// Telegram client's injected objects would be).
    pub async fn add_init_script(&self, source: &str) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await;
    }

    /// Emulates a device's viewport: CSS pixels and whether it is a phone.
    pub async fn emulate(&self, width: u32, height: u32, mobile: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": if mobile { 2 } else { 1 }, "mobile": mobile}),
        )
        .await;
    }

    /// Slows the network (latency in ms, throughput in bytes per second)
    /// and the processor (`cpu` times slower), as on a mid-range phone.
    pub async fn throttle(&self, latency_ms: u32, down: u32, up: u32, cpu: u32) {
        self.command(
            "POST",
            "/chromium/network_conditions",
            json!({"network_conditions": {"offline": false, "latency": latency_ms, "download_throughput": down, "upload_throughput": up}}),
        )
        .await;
        self.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": cpu }))
            .await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
        .await
    }

    /// Waits until `script` returns something truthy, and returns it.
    pub async fn wait_until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let value = self.execute(script, json!([])).await;
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "waited in vain for {what}; the page shows:\n{}",
                self.source().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Taps the element matched by `css` at (`x`, `y`) CSS pixels from its
    /// top left corner, as a finger would.
    pub async fn tap_at(&self, css: &str, x: f64, y: f64) {
        let id = self.find(css).await;
        let rect = self
            .command("GET", &format!("/element/{id}/rect"), Value::Null)
            .await;
        // Pointer offsets count from the element's centre.
        let dx = (x - rect["width"].as_f64().unwrap() / 2.0).round() as i64;
        let dy = (y - rect["height"].as_f64().unwrap() / 2.0).round() as i64;
        self.command(
            "POST",
            "/actions",
            json!({"actions": [{
                "type": "pointer", "id": "finger", "parameters": {"pointerType": "touch"},
                "actions": [
                    {"type": "pointerMove", "duration": 0, "origin": {ELEMENT: id}, "x": dx, "y": dy},
                    {"type": "pointerDown", "button": 0},
                    {"type": "pointerUp", "button": 0}
                ]
            }]}),
        )
        .await;
        self.command("DELETE", "/actions", Value::Null).await;
    }

    /// Presses a key (a WebDriver key code such as `"\u{E012}"`, left arrow)
    /// in the element matched by `css`.
    pub async fn press(&self, css: &str, key: &str) {
        let id = self.find(css).await;
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": key }),
        )
        .await;
    }

    /// Waits until the page's HTML contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let source = self.source().await;
            if source.contains(text) {
                return source;
            }
            assert!(
                Instant::now() < deadline,
                "the page never showed {text:?}; it shows:\n{source}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the page so that `css` is at the top of the viewport.
    pub async fn scroll_to(&self, css: &str) {
        self.execute(
            "var e = document.querySelector(arguments[0]); if (e) { e.scrollIntoView(true); }",
            json!([css]),
        )
        .await;
    }

    /// Saves a PNG screenshot under `target/test-artifacts/`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.command("GET", "/screenshot", Value::Null).await;
        let png = decode_base64(data.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Waits for a finished download with this extension and returns its path.
    pub async fn wait_for_download(&self, extension: &str) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let done = std::fs::read_dir(self.downloads.path())
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == extension));
            if let Some(path) = done {
                return path;
            }
            assert!(Instant::now() < deadline, "no download arrived");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session and chromedriver.
    pub async fn stop(mut self) {
        let _ = self.http.delete(&self.base).send().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test must not leave chromedriver behind.
        let _ = self.driver.kill();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(c)) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}
