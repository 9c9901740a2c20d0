//! Support for the fault tests: the real binary as a child process that can
//! be killed, a private PostgreSQL cluster that can be stopped and started,
//! file systems that are full or read-only, and participants who keep
//! talking to the bot (through the fake Bot API) until their activity is in.

pub mod chat;
pub mod fs_faults;
pub mod pg_cluster;
pub mod server_process;
