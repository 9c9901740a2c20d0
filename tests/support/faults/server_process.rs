//! The `activity-challenge serve` binary as a child process: started with a
//! clean environment, its output kept in a log file, killed with SIGKILL or
//! stopped with SIGTERM, and always killed when dropped.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::cli::BIN;

/// A running `serve`.
pub struct ServerProcess {
    child: Option<Child>,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    log: PathBuf,
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a loopback port")
        .local_addr()
        .expect("its address")
        .port()
}

impl ServerProcess {
    /// Starts `serve` in `dir` on a free port with only `PATH` and `vars`
    /// in its environment; its output goes to `dir/<log_name>`.
    pub fn spawn(dir: &Path, log_name: &str, vars: &[(&str, &str)]) -> ServerProcess {
        let addr = format!("127.0.0.1:{}", free_port());
        let log = dir.join(log_name);
        let out = File::create(&log).expect("the server's log file");
        let err = out.try_clone().expect("the log file twice");
        let mut command = Command::new(BIN);
        command
            .arg("serve")
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LISTEN_ADDR", &addr)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (k, v) in vars {
            command.env(k, v);
        }
        let child = command.spawn().expect("the server starts");
        ServerProcess {
            child: Some(child),
            addr,
            log,
        }
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The status of `GET path` (0 when there is no answer within 5 s).
    pub async fn status(&self, path: &str) -> u16 {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client");
        match client
            .get(format!("{}{path}", self.base_url()))
            .send()
            .await
        {
            Ok(r) => r.status().as_u16(),
            Err(_) => 0,
        }
    }

    /// Waits up to `timeout` for `GET path` to answer `status`.
    pub async fn wait_for_status(&self, path: &str, status: u16, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.status(path).await == status {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Kills the server with SIGKILL (no chance to clean up) and reaps it.
    pub fn sigkill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the server with SIGTERM and waits (up to 20 s); whether it
    /// exited successfully.
    pub async fn stop(mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return false;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return status.success();
            }
            if tokio::time::Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.sigkill();
    }
}
