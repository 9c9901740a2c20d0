//! A real Prometheus for the tests (Debian package `prometheus`): started on
//! a free loopback port with its own data directory, scraping the test
//! servers every second, queried through its HTTP API, stopped on drop.
//! Also: reading the text format, and `promtool check metrics`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The repository's root, for the bundled files under `grafana/`.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A running Prometheus server.
pub struct Prometheus {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    child: Child,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Prometheus {
    /// Starts Prometheus scraping each `(job, host:port)` every second and
    /// evaluating `rule_files`.
    pub fn start(targets: &[(&str, String)], rule_files: &[PathBuf]) -> Prometheus {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = String::from(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n",
        );
        if !rule_files.is_empty() {
            config.push_str("rule_files:\n");
            for f in rule_files {
                config.push_str(&format!("  - {:?}\n", f.display().to_string()));
            }
        }
        config.push_str("scrape_configs:\n");
        for (job, target) in targets {
            config.push_str(&format!(
                "  - job_name: {job:?}\n    static_configs:\n      - targets: [{target:?}]\n"
            ));
        }
        let config_path = dir.path().join("prometheus.yml");
        std::fs::write(&config_path, config).expect("write prometheus.yml");
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).expect("log file");
        let child = Command::new(binary("prometheus"))
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect(
                "Prometheus starts (install the Debian package `prometheus`; scripts/test.sh does)",
            );
        Prometheus {
            base_url: format!("http://127.0.0.1:{port}"),
            child,
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    /// What Prometheus logged so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("prometheus.log")).unwrap_or_default()
    }

    /// Waits until Prometheus answers and every job has been scraped
    /// successfully at least `scrapes` times.
    pub async fn wait_for_scrapes(&self, jobs: &[&str], scrapes: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let mut ready = true;
            for job in jobs {
                let expr = format!(
                    "count_over_time(up{{job=\"{job}\"}}[1m]) >= {scrapes} and up{{job=\"{job}\"}} == 1"
                );
                match self.query(&expr).await {
                    Ok(result) if !result.is_empty() => {}
                    _ => ready = false,
                }
            }
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Prometheus did not scrape {jobs:?} {scrapes} times within {timeout:?}; its log:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Evaluates an instant query; the `result` array, or Prometheus's error.
    pub async fn query(&self, expr: &str) -> Result<Vec<Value>, String> {
        let resp = self
            .client
            .get(format!("{}/api/v1/query", self.base_url))
            .query(&[("query", expr)])
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        let body: Value = resp.json().await.map_err(|e| format!("not JSON: {e}"))?;
        if body["status"] != "success" {
            return Err(format!(
                "{}: {}",
                body["errorType"].as_str().unwrap_or("error"),
                body["error"].as_str().unwrap_or("")
            ));
        }
        Ok(body["data"]["result"]
            .as_array()
            .cloned()
            .unwrap_or_default())
    }

    /// The rule groups as `/api/v1/rules` reports them.
    pub async fn rules(&self) -> Vec<Value> {
        let body: Value = self
            .client
            .get(format!("{}/api/v1/rules", self.base_url))
            .send()
            .await
            .expect("rules request")
            .json()
            .await
            .expect("rules JSON");
        body["data"]["groups"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of a Prometheus tool, which the Debian package puts in /usr/bin.
pub fn binary(name: &str) -> PathBuf {
    for dir in std::env::var("PATH").unwrap_or_default().split(':') {
        let candidate = Path::new(dir).join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "`{name}` is not installed: install the Debian package `prometheus` (scripts/test.sh does)"
    );
}

/// Runs `promtool check metrics` on a scrape; its complaints, one a line.
pub fn promtool_check_metrics(text: &str) -> Vec<String> {
    use std::io::Write as _;
    let mut child = Command::new(binary("promtool"))
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// One sample of the text format.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// Parses the samples of a scrape (label values without escapes, which is
/// all the server emits for its own names).
pub fn parse_samples(text: &str) -> Vec<Sample> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("sample has a value");
            let value = match value {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                v => v.parse().unwrap_or(f64::NAN),
            };
            let (name, labels) = match series.split_once('{') {
                None => (series.to_string(), BTreeMap::new()),
                Some((name, rest)) => {
                    let body = rest.strip_suffix('}').expect("labels close");
                    let mut labels = BTreeMap::new();
                    for pair in split_labels(body) {
                        let (k, v) = pair.split_once('=').expect("label=value");
                        labels.insert(k.to_string(), v.trim_matches('"').to_string());
                    }
                    (name.to_string(), labels)
                }
            };
            Sample {
                name,
                labels,
                value,
            }
        })
        .collect()
}

fn split_labels(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    for (i, c) in body.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                out.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < body.len() {
        out.push(&body[start..]);
    }
    out
}

/// The samples named `name` whose labels include every pair of `labels`.
pub fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Vec<&'a Sample> {
    samples
        .iter()
        .filter(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

/// The one sample named `name` with these labels; panics when there is not exactly one.
pub fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let found = find(samples, name, labels);
    assert_eq!(
        found.len(),
        1,
        "expected one sample {name}{labels:?}, found {found:?}"
    );
    found[0].value
}
