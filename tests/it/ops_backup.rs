//! Backups, restores and verification on a real PostgreSQL, driven through
//! the command line as an operator would.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use crate::support::cli::{output_text, run_cli};
use crate::support::{Backend, TestDb};

fn run(dir: &Path, url: &str, args: &[&str]) -> Output {
    let backups = dir.join("backups");
    let backups = backups.to_str().expect("a UTF-8 path");
    run_cli(
        dir,
        &[("DATABASE_URL", url), ("BACKUP_DIR", backups)],
        args,
        "",
    )
}

fn text(out: &Output) -> String {
    output_text(out)
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

/// `psql -Atc SQL` against `url`.
fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-X", "-Atc", sql])
        .output()
        .expect("psql runs");
    assert!(out.status.success(), "{sql}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Row-by-row checksums of the competition's tables.
fn checksums(url: &str) -> Vec<String> {
    ["guilds", "users", "activities", "feedback", "competitions"]
        .iter()
        .map(|t| {
            psql(
                url,
                &format!("SELECT '{t}:' || COUNT(*) || ':' || COALESCE(md5(string_agg(x::text, '|' ORDER BY x.id)), '') FROM {t} x"),
            )
        })
        .collect()
}

fn backups(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = fs::read_dir(dir.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    found.sort();
    found
}

async fn with_demo_data() -> (TestDb, tempfile::TempDir) {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    ok(run(
        dir.path(),
        &db.url,
        &["demo-data", "--users", "40", "--activities", "300"],
    ));
    (db, dir)
}

#[tokio::test]
async fn backup_wipe_restore_gives_identical_data_in_both_formats() {
    let (db, dir) = with_demo_data().await;
    let before = checksums(&db.url);
    assert!(before[2].starts_with("activities:300:"), "{before:?}");

    let summary = ok(run(dir.path(), &db.url, &["backup"]));
    assert!(summary.contains("backup written"), "{summary}");
    ok(run(dir.path(), &db.url, &["backup", "--format", "custom"]));
    let plain = backups(dir.path(), ".sql.gz").remove(0);
    let custom = backups(dir.path(), ".dump").remove(0);

    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        fs::metadata(&plain).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        fs::metadata(dir.path().join("backups"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );

    for file in [&plain, &custom] {
        psql(
            &db.url,
            "DELETE FROM activities; DELETE FROM users; DELETE FROM feedback",
        );
        assert_ne!(checksums(&db.url), before);
        let out = ok(run(
            dir.path(),
            &db.url,
            &["restore", file.to_str().unwrap(), "--yes"],
        ));
        assert!(out.contains("safety backup"), "{out}");
        assert_eq!(checksums(&db.url), before, "restoring {}", file.display());
    }
    // The backups are in the audit log, where /metrics finds the last one.
    assert!(
        psql(
            &db.url,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'backup'"
        )
        .parse::<i64>()
        .unwrap()
            >= 1
    );
}

#[tokio::test]
async fn one_table_is_restored_from_a_custom_dump_and_into_another_database() {
    let (db, dir) = with_demo_data().await;
    let before = checksums(&db.url);
    ok(run(dir.path(), &db.url, &["backup", "--format", "custom"]));
    let custom = backups(dir.path(), ".dump").remove(0);

    psql(&db.url, "DELETE FROM activities WHERE id % 2 = 0");
    ok(run(
        dir.path(),
        &db.url,
        &[
            "restore",
            custom.to_str().unwrap(),
            "--yes",
            "--table",
            "activities",
        ],
    ));
    assert_eq!(checksums(&db.url), before);

    let copy = format!("{}_copy", db.url.rsplit('/').next().unwrap());
    ok(run(
        dir.path(),
        &db.url,
        &[
            "restore",
            custom.to_str().unwrap(),
            "--yes",
            "--into",
            &copy,
        ],
    ));
    let copy_url = crate::support::postgres_url(&copy);
    assert_eq!(checksums(&copy_url), before);
    psql(
        &crate::support::admin_url(),
        &format!("DROP DATABASE {copy} WITH (FORCE)"),
    );
}

#[tokio::test]
async fn restore_without_confirmation_changes_nothing() {
    let (db, dir) = with_demo_data().await;
    ok(run(dir.path(), &db.url, &["backup"]));
    let plain = backups(dir.path(), ".sql.gz").remove(0);
    psql(&db.url, "DELETE FROM activities WHERE id < 50");
    let before = checksums(&db.url);

    let out = run(dir.path(), &db.url, &["restore", plain.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("without confirmation"),
        "{}",
        text(&out)
    );
    assert_eq!(checksums(&db.url), before);
    assert_eq!(
        backups(dir.path(), ".sql.gz").len() + backups(dir.path(), ".dump").len(),
        1,
        "no safety backup either"
    );
}

#[tokio::test]
async fn verify_passes_a_good_backup_and_catches_truncated_or_corrupted_ones() {
    let (db, dir) = with_demo_data().await;
    ok(run(dir.path(), &db.url, &["backup"]));
    ok(run(dir.path(), &db.url, &["backup", "--format", "custom"]));
    let plain = backups(dir.path(), ".sql.gz").remove(0);
    let custom = backups(dir.path(), ".dump").remove(0);
    for good in [&plain, &custom] {
        let out = ok(run(
            dir.path(),
            &db.url,
            &["backup", "verify", good.to_str().unwrap()],
        ));
        assert!(out.contains("backup verified"), "{out}");
        assert!(out.contains("activities: 300 rows"), "{out}");
    }

    // Truncated plain backup: half of it, with its manifest beside it.
    let truncated = dir.path().join("truncated-backup.sql.gz");
    let bytes = fs::read(&plain).unwrap();
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    fs::copy(
        format!("{}.manifest.json", plain.display()),
        format!("{}.manifest.json", truncated.display()),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["backup", "verify", truncated.to_str().unwrap()],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("truncated or damaged"),
        "{}",
        text(&out)
    );

    // Corrupted custom dump: bytes flipped in the middle.
    let corrupted = dir.path().join("corrupted-backup.dump");
    let mut bytes = fs::read(&custom).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0xff;
    }
    fs::write(&corrupted, &bytes).unwrap();
    fs::copy(
        format!("{}.manifest.json", custom.display()),
        format!("{}.manifest.json", corrupted.display()),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["backup", "verify", corrupted.to_str().unwrap()],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("failed verification"), "{}", text(&out));

    // A truncated file is refused by restore too, and the data stays.
    let before = checksums(&db.url);
    let out = run(
        dir.path(),
        &db.url,
        &["restore", truncated.to_str().unwrap(), "--yes"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("left unchanged"), "{}", text(&out));
    assert_eq!(checksums(&db.url), before);
    // Not a backup at all.
    let wrong = dir.path().join("backup-20260101-000000.sql.gz");
    fs::write(&wrong, "SELECT 1;").unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["restore", wrong.to_str().unwrap(), "--yes"],
    );
    assert!(text(&out).contains("not in the format"), "{}", text(&out));
    let out = run(dir.path(), &db.url, &["restore", "missing.dump", "--yes"]);
    assert!(text(&out).contains("does not exist"), "{}", text(&out));
}

#[tokio::test]
async fn retention_deletes_only_old_backups_of_this_product() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let backups_dir = dir.path().join("backups");
    fs::create_dir(&backups_dir).unwrap();
    let old = SystemTime::now() - Duration::from_secs(40 * 86_400);
    let recent = SystemTime::now() - Duration::from_secs(5 * 86_400);
    for (name, when) in [
        ("backup-20200101-020000.sql.gz", old),
        ("backup-20200101-020000.sql.gz.manifest.json", old),
        ("backup-20200102-020000.dump", old),
        ("backup-20261120-020000.sql.gz", recent),
        ("notes.txt", old),
        ("backup-of-something-else.sql.gz", old),
    ] {
        let f = fs::File::create(backups_dir.join(name)).unwrap();
        f.set_modified(when).unwrap();
    }
    let out = ok(run(dir.path(), &db.url, &["backup", "--keep-days", "30"]));
    assert!(out.contains("3 old backups deleted"), "{out}");
    let mut left: Vec<String> = fs::read_dir(&backups_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left.len(), 5, "{left:?}");
    for kept in [
        "backup-20261120-020000.sql.gz",
        "notes.txt",
        "backup-of-something-else.sql.gz",
    ] {
        assert!(left.iter().any(|n| n == kept), "{left:?}");
    }
}

#[tokio::test]
async fn an_unusable_backup_directory_is_a_clear_error_and_leaves_old_backups_alone() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    ok(run(dir.path(), &db.url, &["backup"]));
    let existing = backups(dir.path(), ".sql.gz");
    let blocked = dir.path().join("not-a-directory");
    fs::write(&blocked, "x").unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["backup", "--dir", blocked.join("sub").to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("cannot create the backup directory"),
        "{}",
        text(&out)
    );
    let out = run(dir.path(), &db.url, &["backup", "--table", "no_such_table"]);
    assert!(
        text(&out).contains("no table \"no_such_table\""),
        "{}",
        text(&out)
    );
    assert_eq!(backups(dir.path(), ".sql.gz"), existing);
    let names: Vec<_> = fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().ends_with(".partial")),
        "{names:?}"
    );
}

#[tokio::test]
async fn sqlite_backups_are_consistent_copies_that_verify_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("ac.db").display());
    ok(run(
        dir.path(),
        &url,
        &["demo-data", "--users", "10", "--activities", "50"],
    ));
    let out = ok(run(dir.path(), &url, &["backup"]));
    assert!(out.contains(".sqlite.gz"), "{out}");
    let file = backups(dir.path(), ".sqlite.gz").remove(0);
    let out = ok(run(
        dir.path(),
        &url,
        &["backup", "verify", file.to_str().unwrap()],
    ));
    assert!(out.contains("activities: 50 rows"), "{out}");
    let out = ok(run(
        dir.path(),
        &url,
        &["restore", file.to_str().unwrap(), "--yes"],
    ));
    assert!(out.contains("restored"), "{out}");
}

/// Runs the binary with backups encrypted for `recipient` and, when given,
/// decrypted with the identity file `identity`.
fn run_encrypted(
    dir: &Path,
    url: &str,
    recipient: &str,
    identity: Option<&Path>,
    args: &[&str],
) -> Output {
    let backups = dir.join("backups");
    let backups = backups.to_str().expect("a UTF-8 path");
    let identity = identity.map(|p| p.to_str().expect("a UTF-8 path").to_string());
    let mut vars = vec![
        ("DATABASE_URL", url),
        ("BACKUP_DIR", backups),
        ("BACKUP_AGE_RECIPIENT", recipient),
    ];
    if let Some(identity) = identity.as_deref() {
        vars.push(("BACKUP_AGE_IDENTITY_FILE", identity));
    }
    run_cli(dir, &vars, args, "")
}

#[tokio::test]
async fn encrypted_backups_round_trip_and_need_the_right_key() {
    use age::secrecy::ExposeSecret as _;
    let (db, dir) = with_demo_data().await;
    let before = checksums(&db.url);
    let key = age::x25519::Identity::generate();
    let recipient = key.to_public().to_string();
    let identity = dir.path().join("backup-key.txt");
    fs::write(&identity, key.to_string().expose_secret()).unwrap();

    for format in ["plain", "custom"] {
        let out = run_encrypted(
            dir.path(),
            &db.url,
            &recipient,
            None,
            &["backup", "--format", format],
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    let encrypted = backups(dir.path(), ".age");
    assert_eq!(encrypted.len(), 2, "{encrypted:?}");
    // Only ciphertext at rest: no plain dump, no leftovers.
    assert!(backups(dir.path(), ".sql.gz").is_empty() && backups(dir.path(), ".dump").is_empty());
    for file in &encrypted {
        let head = fs::read(file).unwrap();
        assert!(
            head.starts_with(b"age-encryption.org/v1"),
            "{}",
            file.display()
        );
    }

    for file in &encrypted {
        let name = file.to_str().unwrap();
        let out = run_encrypted(
            dir.path(),
            &db.url,
            &recipient,
            Some(&identity),
            &["backup", "verify", name],
        );
        assert!(out.status.success(), "{}", text(&out));

        psql(
            &db.url,
            "DELETE FROM activities; DELETE FROM users; DELETE FROM feedback",
        );
        let out = run_encrypted(
            dir.path(),
            &db.url,
            &recipient,
            Some(&identity),
            &["restore", name, "--yes"],
        );
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(checksums(&db.url), before, "{name}");
    }

    // Without the key, or with another one, nothing is restored.
    let name = encrypted[0].to_str().unwrap();
    let out = run_encrypted(
        dir.path(),
        &db.url,
        &recipient,
        None,
        &["backup", "verify", name],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("BACKUP_AGE_IDENTITY_FILE"),
        "{}",
        text(&out)
    );
    let other = dir.path().join("other-key.txt");
    fs::write(
        &other,
        age::x25519::Identity::generate()
            .to_string()
            .expose_secret(),
    )
    .unwrap();
    psql(&db.url, "DELETE FROM feedback");
    let changed = checksums(&db.url);
    let out = run_encrypted(
        dir.path(),
        &db.url,
        &recipient,
        Some(&other),
        &["restore", name, "--yes"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("wrong key"), "{}", text(&out));
    assert_eq!(
        checksums(&db.url),
        changed,
        "a failed restore changed nothing"
    );

    // A bad recipient is refused before anything runs.
    let out = run_encrypted(dir.path(), &db.url, "age1notakey", None, &["backup"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("BACKUP_AGE_RECIPIENT"),
        "{}",
        text(&out)
    );
}

/// What `points check` says, and whether it found everything exact.
fn points_check(dir: &Path, url: &str) -> String {
    let out = run(dir, url, &["points", "check"]);
    let said = text(&out);
    assert!(out.status.success(), "points check: {said}");
    said
}

fn assert_exact(said: &str) {
    assert!(
        said.contains("totals equal the sums") && said.contains("rank counts equal a recount"),
        "{said}"
    );
}

#[tokio::test]
async fn the_documented_table_restore_runs_in_dependency_order_and_keeps_totals_exact() {
    let (db, dir) = with_demo_data().await;
    // Rows in every table that references users: archived copies and feedback.
    ok(run(
        dir.path(),
        &db.url,
        &["archive", "--before", "2999-01-01"],
    ));
    psql(
        &db.url,
        "INSERT INTO feedback (user_id, ease_of_use, usefulness, overall_satisfaction, text_feedback) \
         SELECT id, 4, 5, 4, 'good enough for me' FROM users WHERE id % 4 = 0",
    );
    let before = checksums(&db.url);
    ok(run(dir.path(), &db.url, &["backup", "--format", "custom"]));
    let custom = backups(dir.path(), ".dump").remove(0);
    let file = custom.to_str().unwrap();

    // Leaving out a table whose rows reference users is refused up front,
    // naming it; nothing changes and no safety backup is taken.
    psql(&db.url, "DELETE FROM activities WHERE id % 3 = 0");
    let changed = checksums(&db.url);
    let out = run(
        dir.path(),
        &db.url,
        &[
            "restore",
            file,
            "--yes",
            "--table",
            "users",
            "--table",
            "activities",
            "--table",
            "feedback",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("activities_archive references users")
            && text(&out).contains("--table activities_archive"),
        "{}",
        text(&out)
    );
    assert_eq!(checksums(&db.url), changed);
    assert_eq!(backups(dir.path(), ".dump").len(), 1, "no safety backup");

    // With them, the seven tables load in dependency order (users before the
    // tables that reference it) in one transaction.
    let out = ok(run(
        dir.path(),
        &db.url,
        &[
            "restore",
            file,
            "--yes",
            "--table",
            "users",
            "--table",
            "activities",
            "--table",
            "feedback",
            "--table",
            "activities_archive",
            "--table",
            "favourites",
            "--table",
            "season_results",
            "--table",
            "activity_flags",
            "--table",
            "person_notices",
            "--table",
            "person_settings",
            "--table",
            "jobs",
        ],
    ));
    let restored = out
        .lines()
        .find_map(|l| l.strip_prefix("restored the tables "))
        .and_then(|l| l.split(" from ").next())
        .unwrap_or_else(|| panic!("{out}"));
    let restored: Vec<&str> = restored.split(", ").collect();
    assert_eq!(restored[0], "users", "{out}");
    let mut rest = restored[1..].to_vec();
    rest.sort();
    assert_eq!(
        rest,
        [
            "activities",
            "activities_archive",
            "activity_flags",
            "favourites",
            "feedback",
            "jobs",
            "person_notices",
            "person_settings",
            "season_results"
        ],
        "{out}"
    );
    assert_eq!(checksums(&db.url), before);
    assert_exact(&points_check(dir.path(), &db.url));

    // One table: activities back from the backup, and with them every
    // total and rank count, in the same transaction.
    psql(&db.url, "DELETE FROM activities WHERE id % 3 = 0");
    let out = ok(run(
        dir.path(),
        &db.url,
        &["restore", file, "--yes", "--table", "activities"],
    ));
    assert!(out.contains("totals and rank counts recomputed"), "{out}");
    assert_eq!(checksums(&db.url), before);
    assert_exact(&points_check(dir.path(), &db.url));

    // A failure quotes the tool's own reason and changes nothing: here a
    // participant deleted since the backup, whose activities cannot load.
    psql(
        &db.url,
        "DELETE FROM users WHERE id = (SELECT MIN(user_id) FROM activities)",
    );
    let changed = checksums(&db.url);
    let out = run(
        dir.path(),
        &db.url,
        &["restore", file, "--yes", "--table", "activities"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("psql stopped at an error")
            && text(&out).contains("violates foreign key constraint"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("left unchanged"), "{}", text(&out));
    assert_eq!(checksums(&db.url), changed);

    // A truncated archive: pg_restore's own words, never an empty reason.
    let damaged = dir.path().join("backup-20260101-000000.dump");
    let bytes = fs::read(&custom).unwrap();
    fs::write(&damaged, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &[
            "restore",
            damaged.to_str().unwrap(),
            "--yes",
            "--table",
            "activities",
        ],
    );
    assert!(!out.status.success());
    let said = text(&out);
    let reason = said
        .split_once(&format!(
            "pg_restore could not read {}: ",
            damaged.display()
        ))
        .map(|(_, r)| r.trim())
        .unwrap_or_else(|| panic!("names pg_restore: {said}"));
    assert!(
        reason.contains("pg_restore:"),
        "pg_restore's own reason: {said}"
    );
    assert_eq!(checksums(&db.url), changed);
}

#[tokio::test]
async fn a_table_backup_verifies_and_restores_on_its_own_and_is_not_the_watched_backup() {
    let (db, dir) = with_demo_data().await;
    let before = checksums(&db.url);

    // Only the custom format can hold tables to restore one by one.
    let out = run(
        dir.path(),
        &db.url,
        &["backup", "--table", "activities", "--format", "plain"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("custom format"), "{}", text(&out));

    let out = ok(run(
        dir.path(),
        &db.url,
        &["backup", "--table", "activities"],
    ));
    assert!(
        out.contains("3 tables"),
        "activities brings users and guilds: {out}"
    );
    let table_backup = backups(dir.path(), ".dump").remove(0);
    let name = table_backup.to_str().unwrap();

    // Recorded, but not as the backup the metric and the alert watch.
    let figures = db.store.competition_figures().await.unwrap();
    assert_eq!(
        figures.last_backup, None,
        "a table backup is not the last backup"
    );
    assert_eq!(
        psql(
            &db.url,
            "SELECT string_agg(action, ',') FROM audit_log WHERE action LIKE 'backup%'"
        ),
        "backup.tables"
    );
    let listed = ok(run(dir.path(), &db.url, &["backup", "list"]));
    assert!(listed.contains("(tables: activities)"), "{listed}");
    let out = run(dir.path(), &db.url, &["backup", "verify", "--newest"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no backup of the whole database"),
        "{}",
        text(&out)
    );

    // It verifies on its own: the rows load into a migrated scratch database.
    let out = ok(run(dir.path(), &db.url, &["backup", "verify", name]));
    assert!(out.contains("backup verified"), "{out}");
    assert!(out.contains("activities: 300 rows"), "{out}");

    // It restores on its own into a new database, totals and all...
    let copy = format!("{}_tables", db.url.rsplit('/').next().unwrap());
    ok(run(
        dir.path(),
        &db.url,
        &["restore", name, "--yes", "--into", &copy],
    ));
    let copy_url = crate::support::postgres_url(&copy);
    assert_eq!(
        checksums(&copy_url)[1..3],
        before[1..3],
        "users and activities"
    );
    assert_exact(&points_check(dir.path(), &copy_url));
    psql(
        &crate::support::admin_url(),
        &format!("DROP DATABASE {copy} WITH (FORCE)"),
    );

    // ...and into the live one it replaces the table it was taken of.
    psql(&db.url, "DELETE FROM activities WHERE id % 2 = 0");
    let out = ok(run(dir.path(), &db.url, &["restore", name, "--yes"]));
    assert!(out.contains("restored the tables activities"), "{out}");
    assert_eq!(checksums(&db.url), before);
    assert_exact(&points_check(dir.path(), &db.url));

    // A whole-database backup is what --newest verifies, and what counts.
    ok(run(dir.path(), &db.url, &["backup"]));
    let whole = backups(dir.path(), ".sql.gz").remove(0);
    let out = ok(run(dir.path(), &db.url, &["backup", "verify", "--newest"]));
    assert!(out.contains(&whole.display().to_string()), "{out}");
    assert!(
        db.store
            .competition_figures()
            .await
            .unwrap()
            .last_backup
            .is_some()
    );
}

#[tokio::test]
async fn backup_list_shows_when_each_backup_was_taken_and_marks_table_backups() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    ok(run(dir.path(), &db.url, &["backup"]));
    let taken = backups(dir.path(), ".sql.gz").remove(0);
    // Copied off the machine and back: a new modification time, same name.
    let older = dir.path().join("backups/backup-20251124-020000.sql.gz");
    fs::copy(&taken, &older).unwrap();
    fs::copy(
        format!("{}.manifest.json", taken.display()),
        format!("{}.manifest.json", older.display()),
    )
    .unwrap();
    let listed = ok(run(dir.path(), &db.url, &["backup", "list"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(
        lines[1].starts_with("2025-11-24 02:00:00") && lines[1].contains("backup-20251124-020000"),
        "the time in the name, oldest last: {listed}"
    );
    assert!(lines[0].contains(&taken.display().to_string()), "{listed}");
}
