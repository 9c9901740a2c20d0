//! The `activity-challenge` command.

/// mimalloc: the server allocates and frees many small buffers per request
/// (HTTP, JSON, SQL rows); glibc's allocator spent about a sixth of the
/// CPU time on that under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    activity_challenge::server::main()
}
