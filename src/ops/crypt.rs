//! Backups encrypted at rest in the age format, for an X25519 recipient
//! (`age1…`): the server needs only the public key to write them; the
//! private key (an identity file) is needed only to restore or verify.

use std::fs::{self, File};
use std::io::{self, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The suffix of an encrypted backup (`backup-….sql.gz.age`).
pub const AGE_SUFFIX: &str = ".age";

/// Whether `path` names an encrypted backup.
pub fn is_encrypted(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(AGE_SUFFIX))
}

/// Checks an age recipient (`age1…`), for the configuration.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, String> {
    text.trim()
        .parse::<age::x25519::Recipient>()
        .map_err(|e| e.to_string())
}

/// Writes a new X25519 identity to `path` (mode 0600, never over an
/// existing file) in the format of `age-keygen -o`, and returns its public
/// key (`age1…`).
pub fn generate_key_file(path: &Path) -> anyhow::Result<String> {
    use age::secrecy::ExposeSecret as _;
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| {
            format!(
                "cannot create the key file {} (an existing key is never overwritten)",
                path.display()
            )
        })?;
    writeln!(
        file,
        "# created: {}\n# public key: {recipient}\n{}",
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        identity.to_string().expose_secret()
    )?;
    file.sync_all()?;
    Ok(recipient)
}

/// Encrypts `src` into a new file `dst` (mode 0600) for `recipient`.
pub fn encrypt_file(src: &Path, dst: &Path, recipient: &str) -> anyhow::Result<()> {
    let recipient =
        parse_recipient(recipient).map_err(|e| anyhow::anyhow!("BACKUP_AGE_RECIPIENT: {e}"))?;
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .context("cannot encrypt for BACKUP_AGE_RECIPIENT")?;
    let out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dst)
        .with_context(|| format!("cannot create {}", dst.display()))?;
    let mut writer = encryptor.wrap_output(io::BufWriter::new(out))?;
    let mut input =
        BufReader::new(File::open(src).with_context(|| format!("cannot read {}", src.display()))?);
    io::copy(&mut input, &mut writer)
        .with_context(|| format!("encrypting into {} failed", dst.display()))?;
    let mut out = writer.finish()?;
    out.flush()?;
    out.get_ref().sync_all()?;
    Ok(())
}

/// A decrypted copy of an encrypted backup, deleted with this value.
pub struct Decrypted {
    dir: PathBuf,
    /// The decrypted file, named like the backup without `.age`.
    pub path: PathBuf,
}

impl Drop for Decrypted {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Decrypts `file` with the identities in `identity_file` into a private
/// scratch directory beside it.
pub fn decrypt_file(file: &Path, identity_file: Option<&Path>) -> anyhow::Result<Decrypted> {
    let Some(identity_file) = identity_file else {
        bail!(
            "{} is encrypted: set BACKUP_AGE_IDENTITY_FILE to the age identity (private key) file that matches BACKUP_AGE_RECIPIENT",
            file.display()
        );
    };
    let identities = age::IdentityFile::from_file(identity_file.display().to_string())
        .with_context(|| {
            format!(
                "BACKUP_AGE_IDENTITY_FILE: cannot read {}",
                identity_file.display()
            )
        })?
        .into_identities()
        .with_context(|| {
            format!(
                "BACKUP_AGE_IDENTITY_FILE: {} holds no usable age identity",
                identity_file.display()
            )
        })?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(AGE_SUFFIX))
        .with_context(|| format!("{} is not an encrypted backup", file.display()))?
        .to_string();
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent.join(format!(".decrypt-{}-{}", std::process::id(), name));
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .with_context(|| {
            format!(
                "cannot create a private scratch directory in {}",
                parent.display()
            )
        })?;
    let decrypted = Decrypted {
        path: dir.join(&name),
        dir,
    };
    let input = BufReader::new(
        File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let decryptor = age::Decryptor::new(input).with_context(|| {
        format!(
            "{} is not an age-encrypted file, or it is damaged",
            file.display()
        )
    })?;
    let mut reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .with_context(|| {
            format!(
                "cannot decrypt {} with BACKUP_AGE_IDENTITY_FILE: wrong key, or the file is damaged",
                file.display()
            )
        })?;
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&decrypted.path)?;
    io::copy(&mut reader, &mut out).with_context(|| {
        format!(
            "{} is truncated or damaged (decryption failed part-way)",
            file.display()
        )
    })?;
    Ok(decrypted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    #[test]
    fn round_trip_and_wrong_key() {
        let dir = std::env::temp_dir().join(format!("ac-crypt-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let key = age::x25519::Identity::generate();
        let identity_path = dir.join("key.txt");
        fs::write(&identity_path, key.to_string().expose_secret()).unwrap();
        let plain = dir.join("backup-20261125-120000.dump");
        fs::write(&plain, b"PGDMP and more").unwrap();
        let encrypted = dir.join("backup-20261125-120000.dump.age");
        encrypt_file(&plain, &encrypted, &key.to_public().to_string()).unwrap();
        assert!(is_encrypted(&encrypted));
        assert_ne!(fs::read(&encrypted).unwrap(), b"PGDMP and more");
        {
            let back = decrypt_file(&encrypted, Some(&identity_path)).unwrap();
            assert_eq!(fs::read(&back.path).unwrap(), b"PGDMP and more");
            assert!(back.path.ends_with("backup-20261125-120000.dump"));
        }
        let other = dir.join("other.txt");
        fs::write(
            &other,
            age::x25519::Identity::generate()
                .to_string()
                .expose_secret(),
        )
        .unwrap();
        let err = decrypt_file(&encrypted, Some(&other)).err().unwrap();
        assert!(format!("{err:#}").contains("wrong key"), "{err:#}");
        let err = decrypt_file(&encrypted, None).err().unwrap();
        assert!(
            err.to_string().contains("BACKUP_AGE_IDENTITY_FILE"),
            "{err}"
        );
        assert!(parse_recipient("age1nope").is_err());
        // No scratch directories are left behind.
        let left: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert!(
            left.iter()
                .all(|n| !n.to_string_lossy().starts_with(".decrypt")),
            "{left:?}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
