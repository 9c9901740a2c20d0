//! `catalogue check FILE` and `catalogue list`.

use std::path::PathBuf;

use clap::Subcommand;

use crate::app::load_catalogue;
use crate::config::Config;
use crate::domain::Catalogue;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Check a catalogue file before pointing CATALOGUE_FILE at it.
    Check { file: PathBuf },
    /// Print the catalogue in use (CATALOGUE_FILE, or the built-in one).
    List,
}

pub(super) fn run(config: &Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Check { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let catalogue = Catalogue::parse(&text)
                .map_err(|e| anyhow::anyhow!("{} is not a valid catalogue: {e}", file.display()))?;
            println!(
                "{} is a valid catalogue: {} categories, {} entries.",
                file.display(),
                catalogue.categories().len(),
                catalogue.len()
            );
        }
        Command::List => {
            let catalogue = load_catalogue(config)?;
            for category in catalogue.categories() {
                println!("{}", category.name);
                for activity in &category.activities {
                    let levels: Vec<String> = activity
                        .entries
                        .iter()
                        .map(|e| format!("{} {} MET [{}]", e.intensity, e.met, e.code))
                        .collect();
                    println!("  {:<40} {}", activity.name, levels.join(", "));
                }
            }
            println!(
                "{} categories, {} entries.",
                catalogue.categories().len(),
                catalogue.len()
            );
        }
    }
    Ok(())
}
