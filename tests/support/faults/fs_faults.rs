//! File systems in trouble, undone on drop: a tiny tmpfs that can be filled
//! or remounted read-only, and a directory made immutable with `chattr +i`
//! (which stops even root from creating files in it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

/// A tmpfs mounted on a temporary directory.
pub struct Tmpfs {
    dir: tempfile::TempDir,
    mounted: bool,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. `64k`).
    pub fn mount(size: &str) -> Tmpfs {
        let dir = tempfile::Builder::new()
            .prefix("ac-tmpfs-")
            .tempdir()
            .expect("a temporary directory");
        let target = dir.path().to_str().unwrap().to_string();
        assert!(
            run(
                "mount",
                &[
                    "-t",
                    "tmpfs",
                    "-o",
                    &format!("size={size},mode=0700"),
                    "tmpfs",
                    &target
                ]
            ),
            "mounting a tmpfs needs root"
        );
        Tmpfs { dir, mounted: true }
    }

    /// Where it is mounted.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `path` with random bytes until the file system is full; the
    /// file keeps what fitted.
    pub fn fill_with(&self, path: &Path) {
        let mut file = std::fs::File::create(path).expect("the filler file");
        let chunk: Vec<u8> = (0..1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        loop {
            match file.write(&chunk) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        let _ = file.flush();
    }

    /// Remounts it read-only.
    pub fn remount_read_only(&self) {
        let target = self.dir.path().to_str().unwrap();
        assert!(
            run("mount", &["-o", "remount,ro", target]),
            "remounting read-only"
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if self.mounted {
            let target = self.dir.path().to_str().unwrap_or("").to_string();
            if !run("umount", &[&target]) {
                let _ = run("umount", &["-l", &target]);
            }
            self.mounted = false;
        }
    }
}

/// A directory that nobody, root included, can create files in while this
/// lives (`chattr +i`).
pub struct Immutable {
    path: PathBuf,
}

impl Immutable {
    /// Makes `path` immutable.
    pub fn make(path: &Path) -> Immutable {
        assert!(
            run("chattr", &["+i", path.to_str().unwrap()]),
            "chattr +i works on {}",
            path.display()
        );
        Immutable {
            path: path.to_path_buf(),
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = run("chattr", &["-i", self.path.to_str().unwrap_or("")]);
    }
}
