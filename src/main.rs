//! The `activity-challenge` command.

fn main() -> std::process::ExitCode {
    activity_challenge::cli::main()
}
