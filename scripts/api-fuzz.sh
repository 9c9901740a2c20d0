#!/usr/bin/env bash
# Property-based fuzzing of the JSON API against its own OpenAPI spec with
# schemathesis: a server on a scratch SQLite database with demo data, every
# operation tried with generated input (bounded), checking that nothing
# answers 5xx and that every response matches the spec. The admin
# operations run with a real token.
#
#   scripts/api-fuzz.sh          # builds the debug binary if needed
#
# schemathesis is installed with pip into target/schemathesis-venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
    say "installing schemathesis into $venv"
    python3 -m venv "$venv" || die "python3 -m venv failed: install python3-venv"
    "$venv/bin/pip" install -q schemathesis || die "pip could not install schemathesis"
fi

cargo build --quiet --bin activity-challenge
# An absolute path: the commands below run in a scratch directory.
bin="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/activity-challenge"
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/fuzz.db?mode=rwc"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export LISTEN_ADDR="127.0.0.1:$port"
(cd "$work" && "$bin" demo-data --users 50 --activities 200 >/dev/null) \
    || die "demo-data failed"
token=$(cd "$work" && "$bin" api-token create fuzz 2>/dev/null)
(cd "$work" && exec "$bin" serve >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 50); do
    curl -fsS "http://$LISTEN_ADDR/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://$LISTEN_ADDR/healthz" >/dev/null || { cat "$work/server.log"; die "the server did not start"; }

say "schemathesis against http://$LISTEN_ADDR/api/openapi.json"
# Run from the scratch directory: schemathesis keeps a cache in the working directory.
root=$PWD
(cd "$work" && "$root/$venv/bin/st" run "http://$LISTEN_ADDR/api/openapi.json" \
    --url "http://$LISTEN_ADDR/api/v1" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples 15 \
    --header "Authorization: Bearer $token" \
    --seed 1) \
    || { tail -n 50 "$work/server.log"; die "schemathesis found responses that break the spec or 5xx answers (see above)"; }
