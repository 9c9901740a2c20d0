//! Running the `activity-challenge` binary as a user would.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");

/// Runs the binary in `dir` with a clean environment (`PATH` and `vars`
/// only) and `stdin` as its standard input, and waits for it.
pub fn run_cli(dir: &Path, vars: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command
        .current_dir(dir)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in vars {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("binary runs");
    // A command that does not read its input may have exited already.
    let _ = child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("binary finishes")
}

/// What the command printed, standard output then standard error.
pub fn output_text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Waits up to ten seconds for `GET http://ADDR/healthz` to answer 200.
pub async fn wait_until_healthy(addr: &str) -> bool {
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(r) = client.get(format!("http://{addr}/healthz")).send().await
            && r.status().is_success()
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

/// Sends SIGTERM to a running server and waits for it: its exit status and
/// everything it printed.
pub async fn stop_with_sigterm(child: std::process::Child) -> (std::process::ExitStatus, String) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "SIGTERM was delivered");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("the waiting task finishes")
        .expect("the server's output is read");
    (out.status, output_text(&out))
}
