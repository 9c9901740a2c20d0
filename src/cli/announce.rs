//! `announce send|list|status|cancel`: organisers' announcements to the
//! participants through the bot. `send` previews unless `--yes` is given;
//! with `--wait` (and `status --wait`) it follows the sending until done.

use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;

use crate::actions::announcements::{self, Draft};
use crate::actions::{self, Actor};
use crate::app::App;
use crate::domain::announcement::Audience;
use crate::i18n::Language;
use crate::ops::progress::Progress;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Preview an announcement (who receives it, the text as sent); with
    /// --yes, send it.
    Send {
        /// The text, as participants read it (or --file).
        text: Option<String>,
        /// Read the text from this file instead.
        #[arg(long, conflicts_with = "text")]
        file: Option<PathBuf>,
        /// Who receives it: everyone, guild:NAME or inactive:DAYS.
        #[arg(long, default_value = "everyone")]
        to: String,
        /// Send it; without this, only the preview is shown.
        #[arg(long)]
        yes: bool,
        /// Stay and show the sending's progress until every message is out.
        #[arg(long)]
        wait: bool,
    },
    /// The latest announcements with their progress.
    List,
    /// One announcement's progress: sent, waiting, failed, unreachable.
    Status {
        id: i64,
        /// Follow it until every message is out.
        #[arg(long)]
        wait: bool,
    },
    /// Call off the messages of an announcement not sent yet.
    Cancel { id: i64 },
}

const FLAGS: &[(&str, &str)] = &[("body", "TEXT"), ("audience", "--to")];

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Send {
            text,
            file,
            to,
            yes,
            wait,
        } => {
            let body = match (text, file) {
                (Some(text), None) => text,
                (None, Some(file)) => std::fs::read_to_string(&file).map_err(|e| {
                    anyhow::anyhow!(
                        "cannot read {}: {e}; give the text's file or the text itself",
                        file.display()
                    )
                })?,
                _ => anyhow::bail!("give the announcement's text, or --file with it"),
            };
            let audience = Audience::parse(&to)
                .map_err(|m| anyhow::anyhow!("--to: {}", m.render(Language::English)))?;
            let draft = Draft { body, audience };
            if !yes {
                let preview = announcements::preview(app, actor, &draft)
                    .await
                    .map_err(|e| super::refused(e, FLAGS))?;
                println!(
                    "To {} ({} now):\n\n{}\n\nNothing was sent: add --yes to send it.",
                    preview.audience.describe().render(Language::English),
                    plural(preview.recipients, "participant"),
                    preview.body
                );
                return Ok(());
            }
            let sent = announcements::send(app, actor, &draft)
                .await
                .map_err(|e| super::refused(e, FLAGS))?;
            println!(
                "Announcement #{} queued for {}. The running server sends it, paced to Telegram's limits; `announce status {}` shows how far it is.",
                sent.id,
                plural(i64::from(sent.recipients), "participant"),
                sent.id
            );
            if wait {
                follow(app, actor, sent.id).await?;
            }
        }
        Command::List => {
            let list = announcements::list(app, actor).await?;
            if list.is_empty() {
                println!("No announcements yet.");
            }
            for a in list {
                let (_, p) = announcements::status(app, actor, a.id).await?;
                let first_line = a.body.lines().next().unwrap_or("");
                println!(
                    "#{} {} by {} to {}: {} sent, {} waiting, {} failed, {} unreachable{} — {}",
                    a.id,
                    a.created_at.format("%Y-%m-%d %H:%M UTC"),
                    a.created_by,
                    a.audience,
                    p.sent,
                    p.waiting,
                    p.failed,
                    p.unreachable,
                    if a.cancelled_at.is_some() {
                        ", cancelled"
                    } else {
                        ""
                    },
                    first_line
                );
            }
        }
        Command::Status { id, wait } => {
            if wait {
                follow(app, actor, id).await?;
            } else {
                let (a, p) = announcements::status(app, actor, id).await?;
                println!("{}", summary(a.id, &p, a.cancelled_at.is_some()));
            }
        }
        Command::Cancel { id } => {
            let called_off = actions::announcements::cancel(app, actor, id).await?;
            println!(
                "Announcement #{id} cancelled: {} not sent. What had been sent stays sent.",
                plural(called_off as i64, "message")
            );
        }
    }
    Ok(())
}

/// Shows the sending's progress until nothing is waiting, then a summary.
async fn follow(app: &App, actor: &Actor, id: i64) -> anyhow::Result<()> {
    let (a, mut p) = announcements::status(app, actor, id).await?;
    let total = a.recipients.max(0) as u64;
    let progress = Progress::new(total, "messages");
    let mut shown = 0u64;
    loop {
        let done = (p.sent + p.failed + p.unreachable + p.cancelled).max(0) as u64;
        if done > shown {
            progress.inc(done - shown);
            shown = done;
        }
        if p.finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        p = announcements::status(app, actor, id).await?.1;
    }
    progress.finish();
    let cancelled = announcements::status(app, actor, id)
        .await?
        .0
        .cancelled_at
        .is_some();
    println!("{}", summary(id, &p, cancelled));
    Ok(())
}

fn summary(id: i64, p: &crate::store::announcements::Progress, cancelled: bool) -> String {
    format!(
        "Announcement #{id}: {} sent, {} waiting, {} failed, {} unreachable (blocked the bot){}.",
        p.sent,
        p.waiting,
        p.failed,
        p.unreachable,
        if cancelled {
            format!(", {} cancelled", p.cancelled)
        } else {
            String::new()
        }
    )
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
