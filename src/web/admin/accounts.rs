//! Admin accounts: argon2id password hashing, the first admin from the
//! environment, and the account operations shared by the panel and the CLI.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::{Config, MIN_ADMIN_PASSWORD_CHARS};
use crate::store::admin_accounts::AdminAccount;
use crate::store::admin_audit::NewAuditEntry;
use crate::store::{Store, StoreError};

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, two passes, one lane.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// Hashes a password with argon2id and a fresh random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>())
        .map_err(|e| anyhow::anyhow!("cannot encode the salt: {e}"))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends as long as a real check, so that a login for an unknown account
/// takes the same time as one with a wrong password.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// Checks an admin's login name.
pub fn check_username(username: &str) -> Result<&str, String> {
    let name = username.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err("The admin's name must be 1 to 64 characters long.".into());
    }
    if name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("The admin's name cannot contain spaces or control characters.".into());
    }
    Ok(name)
}

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_ADMIN_PASSWORD_CHARS {
        return Err(format!(
            "The password is too short: use at least {MIN_ADMIN_PASSWORD_CHARS} characters (a few random words work well)."
        ));
    }
    if password.len() > 1024 {
        return Err("The password is too long: use at most 1024 bytes.".into());
    }
    Ok(())
}

/// Creates an admin account and logs it in the audit log.
pub async fn create_admin(
    store: &Store,
    username: &str,
    password: &str,
    actor: &str,
) -> anyhow::Result<AdminAccount> {
    let username = check_username(username).map_err(anyhow::Error::msg)?;
    check_password(password).map_err(anyhow::Error::msg)?;
    let hash = hash_password(password)?;
    let account = store.create_admin(username, &hash).await?;
    store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor,
            action: "admin.create",
            target: Some(format!("admin {:?}", account.username)),
            details: None,
        })
        .await?;
    Ok(account)
}

/// Sets a new password and ends all of the admin's sessions.
pub async fn reset_password(
    store: &Store,
    username: &str,
    password: &str,
    actor: &str,
) -> anyhow::Result<AdminAccount> {
    check_password(password).map_err(anyhow::Error::msg)?;
    let hash = hash_password(password)?;
    let account = store.set_admin_password(username.trim(), &hash).await?;
    store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor,
            action: "admin.reset_password",
            target: Some(format!("admin {:?}", account.username)),
            details: Some("all sessions ended".into()),
        })
        .await?;
    Ok(account)
}

/// On first start: creates the admin named by `ADMIN_USERNAME` and
/// `ADMIN_PASSWORD` when no admin exists yet.
pub async fn ensure_initial_admin(store: &Store, config: &Config) -> anyhow::Result<()> {
    let Some(initial) = &config.initial_admin else {
        return Ok(());
    };
    if store.count_admins().await? > 0 {
        return Ok(());
    }
    match create_admin(
        store,
        &initial.username,
        initial.password.expose(),
        "startup",
    )
    .await
    {
        Ok(account) => {
            tracing::info!(admin = %account.username, "created the first admin from ADMIN_USERNAME");
            Ok(())
        }
        // Another instance starting at the same moment created it.
        Err(e)
            if matches!(
                e.downcast_ref::<StoreError>(),
                Some(StoreError::Conflict(_))
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(e.context("ADMIN_USERNAME: creating the first admin failed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "every hash has its own salt");
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("wrong horse battery", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert_eq!(check_username("  organiser "), Ok("organiser"));
        assert!(check_username("two words").is_err());
        assert!(check_username("").is_err());
        assert!(check_password("short").is_err());
        assert!(check_password("long enough password").is_ok());
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
