#!/usr/bin/env bash
# Checks the deployment files without a container engine (scripts/test.sh
# runs it; it runs on its own too):
#
#   - .env.example lists every variable the server reads;
#   - compose.yaml is valid (`docker-compose config`) with .env.example and
#     refuses to start without its passwords;
#   - the compose stack's Prometheus configuration and alert rules pass
#     `promtool check config`, laid out as in the container;
#   - the Grafana provisioning files parse and point at dashboards that exist;
#   - `systemd-analyze verify` accepts the systemd units (when systemd-analyze
#     is installed; otherwise it says so and carries on);
#   - the release binary starts with the settings of .env.example, pointed at
#     a fresh database on the local PostgreSQL, answers /readyz and /healthz,
#     and stops cleanly on SIGTERM. Its size and idle memory are printed.
#
# Needs docker-compose, promtool, python3 with PyYAML, psql and the
# PostgreSQL server of TEST_DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/postgres); builds the release binary
# in target/ (incrementally).
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

for tool in docker-compose promtool psql curl; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install docker-compose prometheus postgresql-client curl)"
done
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
        python=$candidate
        break
    fi
done
[ -n "$python" ] || die "python3 with PyYAML is missing (apt-get install python3-yaml)"

work=$(mktemp -d)
server_pid=""
scratch_db=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -n "$scratch_db" ]; then
        psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- .env.example -------------------------------------------------------------
say "deploy: .env.example lists every variable the server reads"
# Variables are read through small helpers, get("NAME"), either("OURS",
# "STANDARD"), schedule("NAME"), in the configuration modules.
read_vars=$(
    {
        grep -rhoE '(get|either|schedule)\("[A-Z][A-Z0-9_]+"(, "[A-Z][A-Z0-9_]+")?\)' src
        find src -name config.rs -exec grep -hoE '[a-z_]+\("[A-Z][A-Z0-9_]+"' {} +
    } | grep -oE '"[A-Z][A-Z0-9_]+"' | tr -d '"' | sort -u
)
[ "$(printf '%s\n' "$read_vars" | wc -l)" -ge 20 ] \
    || die "found too few configuration variables in src/ ($read_vars): has the way the configuration is read changed?"
missing=""
for var in $read_vars RUST_LOG; do
    grep -qE "^#? ?$var=" .env.example || missing="$missing $var"
done
[ -z "$missing" ] || die ".env.example does not list:$missing (add each with a comment)"

# --- compose.yaml -------------------------------------------------------------
say "deploy: docker-compose config (compose.yaml with .env.example)"
# A clean environment, so that nothing of this shell's leaks into the check.
compose() { env -i PATH="$PATH" HOME="$work" docker-compose --project-directory . -f compose.yaml "$@"; }
if out=$(compose --env-file .env.example config -q 2>&1); then
    die "compose.yaml accepted .env.example's empty passwords; it must refuse to start without them"
fi
grep -q POSTGRES_PASSWORD <<<"$out" \
    || die "compose.yaml without passwords failed, but not because of POSTGRES_PASSWORD: $out"
{
    cat .env.example
    echo "POSTGRES_PASSWORD=check-deploy-postgres"
    echo "POSTGRES_APP_PASSWORD=check-deploy-app"
    echo "GRAFANA_ADMIN_PASSWORD=check-deploy-grafana"
} | grep -vE '^(POSTGRES_PASSWORD|POSTGRES_APP_PASSWORD|GRAFANA_ADMIN_PASSWORD)=$' >"$work/compose.env"
compose --env-file "$work/compose.env" config -q || die "docker-compose config rejects compose.yaml"
compose --env-file "$work/compose.env" config >"$work/compose.resolved.yaml"

"$python" - "$work/compose.resolved.yaml" <<'PY' || die "compose.yaml is not as the deployment guide describes"
import sys, yaml
stack = yaml.safe_load(open(sys.argv[1]))
services = stack["services"]
problems = []
for name in ("postgres", "migrate", "app", "backup", "prometheus", "grafana"):
    if name not in services:
        problems.append(f"no {name} service")
for name, service in services.items():
    for port in service.get("ports", []):
        # docker-compose prints ports either as strings or as mappings.
        host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
        if host_ip != "127.0.0.1":
            problems.append(f"{name} publishes {port} beyond localhost by default")
    for volume in service.get("volumes", []):
        source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
        if source and source.startswith("/") :
            import os
            if not os.path.exists(source):
                problems.append(f"{name} mounts {source}, which does not exist")
pg = services["postgres"]
if "pg_stat_statements" not in " ".join(map(str, pg.get("command", []))):
    problems.append("postgres does not preload pg_stat_statements")
if "pg_isready" not in " ".join(map(str, pg.get("healthcheck", {}).get("test", []))):
    problems.append("postgres has no pg_isready health check")
if services["app"].get("depends_on", {}).get("postgres", {}).get("condition") != "service_healthy":
    problems.append("app does not wait for a healthy database")
# The server runs as the limited role; the owner migrates and backs up.
app_env = services["app"]["environment"]
if (app_env.get("POSTGRES_USER"), app_env.get("POSTGRES_PASSWORD")) != ("activity_challenge_app", "check-deploy-app"):
    problems.append("app does not run as the limited role POSTGRES_APP_USER with POSTGRES_APP_PASSWORD")
for owner_job in ("migrate", "backup"):
    env = services[owner_job]["environment"]
    if (env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD")) != ("activity_challenge", "check-deploy-postgres"):
        problems.append(f"{owner_job} does not use the database owner's credentials")
if services["app"].get("depends_on", {}).get("migrate", {}).get("condition") != "service_completed_successfully":
    problems.append("app does not wait for the owner's migrations")
if "create-app-role" not in " ".join(map(str, services["migrate"].get("command", []))):
    problems.append("migrate does not create the limited role")
if services["grafana"]["environment"].get("GF_SECURITY_ADMIN_PASSWORD") != "check-deploy-grafana":
    problems.append("grafana does not get its admin password from the environment")
for p in problems:
    print("  -", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# --- Prometheus ---------------------------------------------------------------
say "deploy: promtool check config (the compose stack's Prometheus, as mounted)"
mkdir -p "$work/prometheus"
cp deploy/compose/prometheus.yml "$work/prometheus/prometheus.yml"
cp grafana/prometheus/alerts.yml "$work/prometheus/alerts.yml"
promtool check config "$work/prometheus/prometheus.yml" >/dev/null \
    || die "deploy/compose/prometheus.yml (with grafana/prometheus/alerts.yml) fails promtool check config"
promtool check config grafana/prometheus/prometheus.yml >/dev/null \
    || die "grafana/prometheus/prometheus.yml fails promtool check config"
grep -q '"app:8080"' deploy/compose/prometheus.yml \
    || die "deploy/compose/prometheus.yml does not scrape the compose stack's app service"

# --- Grafana provisioning -----------------------------------------------------
say "deploy: Grafana provisioning parses and points at dashboards that exist"
"$python" - "$work/compose.resolved.yaml" <<'PY' || die "the Grafana provisioning is broken"
import json, os, sys, yaml
problems = []
def load_yaml(path):
    try:
        return yaml.safe_load(open(path))
    except Exception as e:
        problems.append(f"{path}: {e}")
        return {}
dashboards = {}
for name in sorted(os.listdir("grafana/dashboards")):
    if name.endswith(".json"):
        path = os.path.join("grafana/dashboards", name)
        try:
            board = json.load(open(path))
        except Exception as e:
            problems.append(f"{path}: {e}")
            continue
        if not board.get("uid") or not board.get("title") or not board.get("panels"):
            problems.append(f"{path}: no uid, title or panels")
        dashboards[path] = board
if len(dashboards) < 3:
    problems.append("fewer than three dashboards in grafana/dashboards")
uids = [b.get("uid") for b in dashboards.values()]
if len(set(uids)) != len(uids):
    problems.append(f"dashboard uids repeat: {uids}")

# Where compose puts the provisioning and the dashboards inside Grafana.
grafana = yaml.safe_load(open(sys.argv[1]))["services"]["grafana"]
mounts = {}
for volume in grafana.get("volumes", []):
    if isinstance(volume, dict):
        source, target = volume.get("source"), volume.get("target")
    else:
        source, target = str(volume).split(":")[:2]
    # Bind mounts have host paths; named volumes (None here) hold no files of ours.
    mounts[target] = os.path.relpath(source) if source and source.startswith("/") else None
def host_path(container_path):
    # The deepest mount wins, as in the container.
    for target in sorted(mounts, key=len, reverse=True):
        if container_path == target or container_path.startswith(target + "/"):
            source = mounts[target]
            return os.path.normpath(source + container_path[len(target):]) if source else None
    return None

provider_files = sorted(
    os.path.join("grafana/provisioning/dashboards", f)
    for f in os.listdir("grafana/provisioning/dashboards") if f.endswith((".yml", ".yaml")))
if not provider_files:
    problems.append("no dashboard provider in grafana/provisioning/dashboards")
for path in provider_files:
    doc = load_yaml(path) or {}
    for provider in doc.get("providers", []):
        target = provider.get("options", {}).get("path")
        source = host_path(target) if target else None
        if source is None:
            problems.append(f"{path}: compose.yaml mounts nothing at {target}")
        elif not any(f.endswith(".json") for f in os.listdir(source)):
            problems.append(f"{path}: {target} (compose: {source}) holds no dashboards")
        elif os.path.abspath(source) != os.path.abspath("grafana/dashboards"):
            problems.append(f"{path}: {target} is {source} in compose, not grafana/dashboards")
if "/etc/grafana/provisioning/dashboards" not in mounts:
    problems.append("compose.yaml does not mount the dashboard provisioning")

datasource_files = ["grafana/provisioning/datasources/prometheus.yml"] + [
    host_path("/etc/grafana/provisioning/datasources/" + os.path.basename(t))
    for t in mounts if t.startswith("/etc/grafana/provisioning/datasources/")]
for path in datasource_files:
    if path is None or not os.path.exists(path):
        problems.append(f"datasource file {path} does not exist")
        continue
    sources = (load_yaml(path) or {}).get("datasources", [])
    if not any(s.get("type") == "prometheus" and s.get("url") for s in sources):
        problems.append(f"{path}: no Prometheus datasource with a URL")
if not any(t.startswith("/etc/grafana/provisioning/datasources") for t in mounts):
    problems.append("compose.yaml does not mount a datasource")
for p in problems:
    print("  -", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# --- systemd ------------------------------------------------------------------
units=(deploy/activity-challenge.service deploy/activity-challenge-migrate.service
       deploy/activity-challenge-backup.service deploy/activity-challenge-backup.timer
       deploy/activity-challenge-verify.service deploy/activity-challenge-verify.timer)
for unit in "${units[@]}"; do
    [ -f "$unit" ] || die "$unit is missing"
done
grep -q '^OnCalendar=' deploy/activity-challenge-backup.timer || die "the backup timer has no OnCalendar="
grep -q '^OnCalendar=' deploy/activity-challenge-verify.timer || die "the verify timer has no OnCalendar="
# The server runs as the limited role: the owner's file is for the owner's jobs only.
if grep -q '^EnvironmentFile=.*owner\.env' deploy/activity-challenge.service; then
    die "the server unit must not read owner.env"
fi
for job in migrate backup verify; do
    grep -q '^EnvironmentFile=/etc/activity-challenge/owner.env' "deploy/activity-challenge-$job.service" \
        || die "activity-challenge-$job.service does not use the owner's credentials (owner.env)"
done

# --- the release binary -------------------------------------------------------
say "deploy: cargo build --release"
started=$(date +%s)
cargo build --release --quiet --bin activity-challenge
binary="${CARGO_TARGET_DIR:-$PWD/target}/release/activity-challenge"
say "deploy: release build up to date after $(( $(date +%s) - started )) s"

if command -v systemd-analyze >/dev/null; then
    say "deploy: systemd-analyze verify"
    mkdir -p "$work/units"
    # verify insists that ExecStart= exists: point it at the binary just built.
    for unit in "${units[@]}"; do
        sed "s#/usr/local/bin/activity-challenge#$binary#g" "$unit" >"$work/units/$(basename "$unit")"
    done
    if ! verify=$(cd "$work/units" && systemd-analyze verify ./*.service ./*.timer 2>&1) || [ -n "$verify" ]; then
        die "systemd-analyze verify complains about the units in deploy/:
$verify"
    fi
else
    say "deploy: NOT CHECKED: systemd-analyze is not installed, so the units in deploy/ were not verified (apt-get install systemd)"
fi

say "deploy: the release binary starts with .env.example and answers /readyz"
pg() { "$python" -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(getattr(p, sys.argv[2]) or sys.argv[3])' "$TEST_DATABASE_URL" "$@"; }
scratch_db="ac_test_deploy_$$"
psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE \"$scratch_db\"" >/dev/null \
    || die "cannot create a database on $TEST_DATABASE_URL"
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/run"
# Run it as an operator would: .env.example copied to .env in the working
# directory, with only the database and the port changed (the environment
# wins over .env).
cp .env.example "$work/run/.env"
(
    cd "$work/run"
    exec env -i PATH="$PATH" \
        POSTGRES_HOST="$(pg hostname 127.0.0.1)" POSTGRES_PORT="$(pg port 5432)" \
        POSTGRES_USER="$(pg username postgres)" POSTGRES_PASSWORD="$(pg password '')" \
        POSTGRES_DB="$scratch_db" LISTEN_ADDR="127.0.0.1:$port" BACKUP_DIR="$work/backups" \
        "$binary" serve
) >"$work/server.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        die "the release binary exited at start-up:
$(tail -n 30 "$work/server.log")"
    fi
    if curl -fsS "http://127.0.0.1:$port/readyz" -o "$work/readyz.json" 2>/dev/null; then
        ready=yes
        break
    fi
    sleep 0.5
done
[ -n "$ready" ] || die "the release binary did not answer /readyz within 60 s:
$(tail -n 30 "$work/server.log")"
grep -q '"ready"' "$work/readyz.json" || die "/readyz answered $(cat "$work/readyz.json")"
curl -fsS "http://127.0.0.1:$port/healthz" | grep -q '"ok"' || die "/healthz did not answer ok"
scratch_url=$("$python" -c 'import sys,urllib.parse as u; print(u.urlparse(sys.argv[1])._replace(path="/"+sys.argv[2]).geturl())' "$TEST_DATABASE_URL" "$scratch_db")
applied=$(psql "$scratch_url" -qtAc 'SELECT count(*) FROM seaql_migrations' 2>/dev/null || echo 0)
[ "$applied" -gt 0 ] || die "the server did not apply the migrations at start-up"
sleep 2
rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
size_bytes=$(stat -c %s "$binary")
kill -TERM "$server_pid"
for _ in $(seq 1 40); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.25
done
if kill -0 "$server_pid" 2>/dev/null; then
    die "the release binary did not stop within 10 s of SIGTERM"
fi
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" = 0 ] || die "the release binary exited with status $status on SIGTERM:
$(tail -n 30 "$work/server.log")"
say "deploy: release binary $(( size_bytes / 1024 / 1024 )) MiB ($size_bytes bytes), idle resident memory $(( rss_kib / 1024 )) MiB ($rss_kib KiB) on PostgreSQL, bot off"
say "deploy: all checks passed"
