//! A private PostgreSQL cluster for one test, so that it can be stopped and
//! started without disturbing the shared test server: `initdb` into a
//! temporary directory owned by the `postgres` OS user, trust
//! authentication, a free loopback port and its Unix sockets in that
//! directory. Dropping it stops the cluster and removes the directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sea_orm::{ConnectionTrait, Database};

use super::server_process::free_port;

/// A running private cluster.
pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

/// The newest `/usr/lib/postgresql/*/bin` holding `initdb` and `pg_ctl`.
fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server programs are installed under /usr/lib/postgresql")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .expect("initdb and pg_ctl under /usr/lib/postgresql/*/bin")
}

/// Runs `program args` as the `postgres` OS user; panics with its output
/// when it fails.
fn as_postgres(program: &Path, args: &[&str], out: &Path) {
    let log = std::fs::File::create(out).expect("a file for the tool's output");
    let status = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("the output file twice"))
        .stderr(log)
        .status()
        .expect("runuser runs");
    assert!(
        status.success(),
        "{} {args:?} failed ({status}): {}",
        program.display(),
        std::fs::read_to_string(out).unwrap_or_default()
    );
}

impl PgCluster {
    /// Creates and starts a cluster.
    pub fn start() -> PgCluster {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("ac-pg-")
            .tempdir()
            .expect("a temporary directory");
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(dir.path())
            .status()
            .expect("chown runs");
        assert!(status.success(), "the directory is given to postgres");
        let cluster = PgCluster {
            port: free_port(),
            bin,
            dir,
        };
        let data = cluster.data();
        as_postgres(
            &cluster.bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            &cluster.dir.path().join("initdb.out"),
        );
        cluster.start_again();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data();
        let log = self.dir.path().join("server.log");
        let mut all = vec!["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        all.extend_from_slice(args);
        as_postgres(
            &self.bin.join("pg_ctl"),
            &all,
            &self.dir.path().join("pg_ctl.out"),
        );
    }

    /// Starts the (stopped) cluster and waits until it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        self.pg_ctl(&["-w", "-t", "30", "-o", &options, "start"]);
    }

    /// `pg_ctl stop -m fast`: ends every session and stops, waiting for it.
    pub fn stop_fast(&self) {
        self.pg_ctl(&["-w", "-t", "30", "-m", "fast", "stop"]);
    }

    /// The URL of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates database `name`.
    pub async fn create_database(&self, name: &str) {
        let admin = Database::connect(self.url("postgres"))
            .await
            .expect("the private cluster answers");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        let _ = admin.close().await;
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", data.to_str().unwrap_or(""), "-w", "-t", "20"])
            .args(["-m", "immediate", "stop"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        // The temporary directory removes itself.
    }
}
