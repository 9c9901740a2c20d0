#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing,
# starts the local PostgreSQL if it is down, then checks formatting, lints,
# the dependency tree, and runs every test on PostgreSQL and SQLite.
#
#   scripts/test.sh            # everything
#   scripts/test.sh store_     # only tests whose names match (nextest filter)
#
# TEST_DATABASE_URL picks the PostgreSQL server the tests create their
# databases on (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
    if ! command -v apt-get >/dev/null; then
        die "missing $*, and there is no apt-get to install it with: install it and run again"
    fi
    if [ "$apt_updated" = 0 ]; then
        say "apt-get update"
        apt-get update -qq || die "apt-get update failed"
        apt_updated=1
    fi
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "could not install $*"
}

# --- tools -------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo is missing: install Rust 1.95 (https://rustup.rs) and run again"
# psql, pg_dump and pg_restore: the backup and restore tests run the real tools.
command -v psql >/dev/null && command -v pg_isready >/dev/null && command -v pg_dump >/dev/null \
    && command -v pg_restore >/dev/null || apt_install postgresql-client
# The fault tests stop and start a private PostgreSQL cluster of their own
# (initdb and pg_ctl, run as the postgres user) and mount small tmpfs
# filesystems, so they need the server programs and root.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
id postgres >/dev/null 2>&1 || die "the fault tests run PostgreSQL as the postgres OS user, and there is none: install the postgresql package"
[ "$(id -u)" = 0 ] || die "the fault tests mount tmpfs filesystems and run programs as the postgres user: run the test command as root"
# The admin panel's browser tests drive headless Chromium through chromedriver.
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || apt_install chromium chromium-driver
# Prometheus and promtool: the metrics tests scrape the server with a real Prometheus.
command -v prometheus >/dev/null && command -v promtool >/dev/null || apt_install prometheus
# docker-compose validates compose.yaml (scripts/check-deploy.sh; no container engine is needed).
command -v docker-compose >/dev/null || apt_install docker-compose
# curl: the docs' examples call the server with it (tests/it/docs_commands.rs runs them).
command -v curl >/dev/null || apt_install curl

# --- PostgreSQL --------------------------------------------------------------
pg_host=$(python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.hostname or "127.0.0.1")' "$TEST_DATABASE_URL" 2>/dev/null || echo 127.0.0.1)
pg_port=$(python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.port or 5432)' "$TEST_DATABASE_URL" 2>/dev/null || echo 5432)
if ! pg_isready -q -h "$pg_host" -p "$pg_port"; then
    if [ "$pg_host" = 127.0.0.1 ] || [ "$pg_host" = localhost ]; then
        if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
            apt_install postgresql
        fi
        version=$(ls /etc/postgresql | sort -n | tail -n 1)
        say "starting PostgreSQL $version"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 30); do
            pg_isready -q -h "$pg_host" -p "$pg_port" && break
            sleep 1
        done
    fi
fi
pg_isready -q -h "$pg_host" -p "$pg_port" \
    || die "PostgreSQL is not reachable at $pg_host:$pg_port; the tests need it. Start it or set TEST_DATABASE_URL."
psql "$TEST_DATABASE_URL" -qtAc 'SELECT 1' >/dev/null \
    || die "cannot log in to PostgreSQL with TEST_DATABASE_URL=$TEST_DATABASE_URL (the tests need a user that may create databases)"
# Databases left behind by an interrupted earlier run.
psql "$TEST_DATABASE_URL" -qtAc "SELECT datname FROM pg_database WHERE datname LIKE 'ac\\_test\\_%'" \
    | while read -r stale; do
        [ -n "$stale" ] && psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$stale\" WITH (FORCE)" >/dev/null || true
    done

# --- static checks -----------------------------------------------------------
say "cargo fmt --check"
cargo fmt --all -- --check || die "code is not formatted: run cargo fmt"
say "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
say "no OpenSSL in the dependency tree"
if cargo tree --workspace -e normal,build,dev --prefix none 2>/dev/null | grep -Ei '^(openssl|native-tls)' ; then
    die "OpenSSL or native-tls crept into the dependency tree: keep rustls everywhere"
fi
say "promtool check rules / test rules (grafana/prometheus)"
promtool check rules grafana/prometheus/alerts.yml >/dev/null \
    || die "grafana/prometheus/alerts.yml has invalid rules (promtool check rules says why)"
(cd grafana/prometheus && promtool test rules alerts_test.yml) \
    || die "the alert rules' unit tests failed (grafana/prometheus/alerts_test.yml)"
# They build the release binary, so a filtered run leaves them out.
if [ "$#" -eq 0 ]; then
    say "deployment files (scripts/check-deploy.sh)"
    scripts/check-deploy.sh || die "the deployment checks failed (scripts/check-deploy.sh says why)"
    say "API fuzzing against the OpenAPI spec (scripts/api-fuzz.sh, schemathesis)"
    scripts/api-fuzz.sh || die "the API fuzz run failed (scripts/api-fuzz.sh says why)"
    say "fuzzing every parser of outside input (scripts/fuzz.sh, FUZZ_SECONDS=${FUZZ_SECONDS:-20} each)"
    scripts/fuzz.sh || die "fuzzing found a crash (scripts/fuzz.sh says which input; make it a regression test)"
else
    say "deployment checks left out of a filtered run: run scripts/check-deploy.sh"
    say "API fuzzing left out of a filtered run: run scripts/api-fuzz.sh"
    say "parser fuzzing left out of a filtered run: run scripts/fuzz.sh"
fi

# --- tests -------------------------------------------------------------------
if cargo nextest --version >/dev/null 2>&1; then
    say "cargo nextest run"
    cargo nextest run --workspace --no-fail-fast "$@"
else
    say "cargo test (cargo-nextest is not installed)"
    cargo test --workspace --no-fail-fast -- "$@"
fi
