//! The PostgreSQL client tools (`pg_dump`, `pg_restore`, `psql`): finding a
//! copy whose major version matches the server, and running it against a
//! database with the connection settings in the environment. The password
//! travels in `PGPASSWORD`, never on the command line, and is never logged.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use url::Url;

use crate::config::DatabaseConfig;

/// One of the client tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `pg_dump`.
    PgDump,
    /// `pg_restore`.
    PgRestore,
    /// `psql`.
    Psql,
}

impl Tool {
    /// The program's file name.
    pub fn name(self) -> &'static str {
        match self {
            Tool::PgDump => "pg_dump",
            Tool::PgRestore => "pg_restore",
            Tool::Psql => "psql",
        }
    }
}

/// How to reach the PostgreSQL server, taken apart from `DATABASE_URL`.
#[derive(Clone)]
pub struct PgServer {
    host: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    password: Option<String>,
    sslmode: Option<String>,
    /// The database the URL names.
    pub database: String,
    /// The server's major version (e.g. 15).
    pub major: u32,
}

impl std::fmt::Debug for PgServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("database", &self.database)
            .field("major", &self.major)
            .finish_non_exhaustive()
    }
}

impl PgServer {
    /// Reads the connection settings of a PostgreSQL configuration; `major`
    /// is the server's major version (`server_version_num / 10000`).
    pub fn new(config: &DatabaseConfig, major: u32) -> anyhow::Result<PgServer> {
        let url = Url::parse(config.url()).context("DATABASE_URL is not a valid URL")?;
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let host = url.host_str().filter(|h| !h.is_empty()).map(|h| {
            // A socket directory may be given percent-encoded as the host.
            decode(h.trim_start_matches('[').trim_end_matches(']'))
        });
        let query = |key: &str| {
            url.query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
        };
        Ok(PgServer {
            host: host.or_else(|| query("host")),
            port: url.port(),
            user: Some(url.username())
                .filter(|u| !u.is_empty())
                .map(decode)
                .or_else(|| query("user")),
            password: url.password().map(decode).or_else(|| query("password")),
            sslmode: query("sslmode"),
            database: config.database_name(),
            major,
        })
    }

    /// The tool's program, checked to exist and to match the server's major version.
    pub fn tool(&self, tool: Tool) -> anyhow::Result<PathBuf> {
        find_tool(tool, self.major)
    }

    /// A command running `tool` against `database`, with the connection in
    /// the environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
    /// `PGSSLMODE`, `PGDATABASE`).
    pub fn command(&self, tool: Tool, database: &str) -> anyhow::Result<Command> {
        let mut cmd = Command::new(self.tool(tool)?);
        for (key, value) in [
            ("PGHOST", self.host.as_deref()),
            ("PGUSER", self.user.as_deref()),
            ("PGPASSWORD", self.password.as_deref()),
            ("PGSSLMODE", self.sslmode.as_deref()),
        ] {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        match self.port {
            Some(p) => cmd.env("PGPORT", p.to_string()),
            None => cmd.env_remove("PGPORT"),
        };
        cmd.env("PGDATABASE", database)
            .env("PGAPPNAME", "activity-challenge");
        Ok(cmd)
    }
}

/// The tool's major version, from `TOOL --version`.
pub fn tool_major(path: &Path) -> anyhow::Result<u32> {
    let out = Command::new(path)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", path.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    text.split_whitespace()
        .find_map(|w| w.split('.').next()?.parse::<u32>().ok())
        .with_context(|| format!("cannot read the version of {}: {text:?}", path.display()))
}

/// Finds `tool` for a server of major version `major`: Debian's versioned
/// directory first, then `PATH`.
pub fn find_tool(tool: Tool, major: u32) -> anyhow::Result<PathBuf> {
    let versioned = PathBuf::from(format!("/usr/lib/postgresql/{major}/bin/{}", tool.name()));
    let mut candidates = vec![versioned];
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join(tool.name())));
    }
    let mut seen = Vec::new();
    for candidate in candidates.into_iter().filter(|c| c.is_file()) {
        let found = tool_major(&candidate)?;
        if found == major {
            return Ok(candidate);
        }
        seen.push(format!("{} is version {found}", candidate.display()));
    }
    if seen.is_empty() {
        bail!(
            "{} is not installed: the PostgreSQL client tools are needed. Install them with \
             `apt-get install postgresql-client-{major}` (or your system's PostgreSQL {major} client package)",
            tool.name()
        );
    }
    bail!(
        "{} does not match the server, which is PostgreSQL {major} ({}). Install the matching client \
         with `apt-get install postgresql-client-{major}`, or put its bin directory first in PATH",
        tool.name(),
        seen.join(", ")
    )
}

/// The last lines a tool wrote to stderr, for an error message.
pub fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}
