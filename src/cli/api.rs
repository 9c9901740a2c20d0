//! `api spec`: the JSON API's OpenAPI document.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Print the OpenAPI spec (the same document as /api/openapi.json), e.g.
    /// `activity-challenge api spec > docs/openapi.json`.
    Spec,
}

pub(super) fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Spec => println!("{}", crate::web::api::spec_json()),
    }
    Ok(())
}
