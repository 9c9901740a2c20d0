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
