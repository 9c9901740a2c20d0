//! `admin create|set-role|reset-password|reset-2fa|list`: admin accounts
//! for the panel.
//!
//! Passwords are read from a prompt (not echoed) or, when standard input
//! is not a terminal, from its first line; never from the command line,
//! where other users of the machine could see them.

use std::io::{BufRead, IsTerminal, Write};

use clap::Subcommand;

use crate::actions::{self, Actor};
use crate::app::App;
use crate::domain::AdminRole;

fn role(text: &str) -> Result<AdminRole, String> {
    AdminRole::parse(text)
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Create an admin; the password is asked for (or read from stdin).
    Create {
        /// The admin's login name (compared without capitals).
        username: String,
        /// viewer (sees everything, changes nothing), organiser (runs the
        /// competition) or database-admin (also backups, maintenance and
        /// admin accounts).
        #[arg(long, default_value = "organiser", value_parser = role)]
        role: AdminRole,
    },
    /// Give an admin another role.
    SetRole {
        username: String,
        /// viewer, organiser or database-admin.
        #[arg(value_parser = role)]
        role: AdminRole,
    },
    /// Set a new password and end all of the admin's sessions.
    ResetPassword {
        /// The admin's login name.
        username: String,
    },
    /// Turn off an admin's two-factor sign-in (a lost phone); they can set it up again in the panel.
    Reset2fa {
        /// The admin's login name.
        username: String,
    },
    /// List the admins.
    List,
}

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Create { username, role } => {
            let password = read_password(&format!("Password for {username}"))?;
            let account = actions::admins::create(app, actor, &username, &password, role).await?;
            println!(
                "Created admin \"{}\" ({role}). Log in at /admin/login.",
                account.username
            );
        }
        Command::SetRole { username, role } => {
            let account = actions::admins::set_role(app, actor, &username, role).await?;
            println!("\"{}\" is now a {}.", account.username, account.role());
        }
        Command::Reset2fa { username } => {
            let account = actions::admins::disable_totp(app, actor, &username, None).await?;
            println!(
                "Two-factor sign-in is off for \"{}\"; they sign in with their password and can set it up again under Your account.",
                account.username
            );
        }
        Command::ResetPassword { username } => {
            let password = read_password(&format!("New password for {username}"))?;
            let account = actions::admins::reset_password(app, actor, &username, &password).await?;
            println!(
                "The password of \"{}\" was changed and all of their sessions ended.",
                account.username
            );
        }
        Command::List => {
            let admins = app.store.list_admins().await?;
            if admins.is_empty() {
                println!("No admins yet: create one with `activity-challenge admin create NAME`.");
            }
            for a in admins {
                println!(
                    "{}\t{}\ttwo-factor {}\tcreated {}\tlast login {}",
                    a.username,
                    a.role(),
                    if a.totp_enabled { "on" } else { "off" },
                    a.created_at.format("%Y-%m-%d %H:%M"),
                    a.last_login_at.map_or("never".to_string(), |t| t
                        .format("%Y-%m-%d %H:%M")
                        .to_string())
                );
            }
        }
    }
    Ok(())
}

/// Reads a password: twice with echo off at a terminal, else stdin's first line.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        if password.is_empty() {
            anyhow::bail!(
                "no password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | activity-challenge admin create NAME`"
            );
        }
        return Ok(password);
    }
    let first = prompt_hidden(&format!("{prompt}: "))?;
    let second = prompt_hidden("Repeat it: ")?;
    if first != second {
        anyhow::bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

fn prompt_hidden(prompt: &str) -> anyhow::Result<String> {
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    // `stty` turns echo off on the terminal; if it is missing the password shows, which is still safer than argv.
    let echo_off = std::process::Command::new("stty")
        .arg("-echo")
        .stdin(std::process::Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success());
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if echo_off {
        let _ = std::process::Command::new("stty")
            .arg("echo")
            .stdin(std::process::Stdio::inherit())
            .status();
        eprintln!();
    }
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
