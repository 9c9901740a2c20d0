//! The `activity-challenge` command.

/// mimalloc: the server allocates and frees many small buffers per request
/// (HTTP, JSON, SQL rows); glibc's allocator spent about a sixth of the
/// CPU time on that under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    activity_challenge::server::main()
}

/// mimalloc's settings, made before the first allocation (the program's
/// constructors run before Rust's runtime allocates anything).
///
/// By default mimalloc commits each 1 GiB arena it reserves at once, and
/// on Linux transparent huge pages then back whatever is touched with
/// 2 MiB pages: an idle server held 43 MiB. Committing on demand and
/// returning freed pages without delay holds it at about 28 MiB; the
/// benchmark `activity-challenge-bench memory` prints both settings'
/// idle and loaded memory and request rate side by side
/// (docs/performance.md has the figures). A `MIMALLOC_ARENA_EAGER_COMMIT`
/// or `MIMALLOC_PURGE_DELAY` in the environment wins over these.
#[cfg(target_os = "linux")]
mod allocator_settings {
    use std::ffi::{c_char, c_int, c_long};

    /// `mi_option_arena_eager_commit` in mimalloc.h.
    const ARENA_EAGER_COMMIT: c_int = 4;
    /// `mi_option_purge_delay` in mimalloc.h (milliseconds).
    const PURGE_DELAY: c_int = 15;

    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
        fn getenv(name: *const c_char) -> *const c_char;
    }

    extern "C" fn set() {
        // SAFETY: both are plain C calls with valid, NUL-terminated names;
        // nothing else runs yet.
        unsafe {
            if getenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr()).is_null() {
                mi_option_set(ARENA_EAGER_COMMIT, 0);
            }
            if getenv(c"MIMALLOC_PURGE_DELAY".as_ptr()).is_null() {
                mi_option_set(PURGE_DELAY, 0);
            }
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static SET: extern "C" fn() = set;
}
