#!/usr/bin/env bash
# Fuzzes every parser of outside input for a bounded time each (cargo fuzz,
# libFuzzer): durations, quick entries, typed dates, catalogue files, the
# sport mapping, Mini App initData, button payloads, webhook bodies, import
# files and workout files. Starts from the corpus committed in
# fuzz/corpus/; a crash fails the run and leaves its input in
# fuzz/artifacts/TARGET/ (turn it into a regression test).
#
#   scripts/fuzz.sh                 # every target, FUZZ_SECONDS each (default 20)
#   scripts/fuzz.sh duration 300    # one target for five minutes
#
# cargo fuzz needs the compiler's unstable flags; RUSTC_BOOTSTRAP lets the
# stable toolchain accept them. No sanitizer is used: the code is safe
# Rust, and what is looked for are panics and hangs.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

targets=(duration quick_entry typed_date catalogue sport_mapping init_data callback_data webhook_body import_rows workout_file)
if [ "$#" -ge 1 ]; then targets=("$1"); fi
seconds="${2:-${FUZZ_SECONDS:-20}}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo install cargo-fuzz --version 0.13.2 --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
echo "==> building the fuzz targets"
if [ "${#targets[@]}" -eq 1 ]; then
    cargo fuzz build --sanitizer none --release "${targets[0]}"
else
    cargo fuzz build --sanitizer none --release
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    # New inputs go to a scratch copy, so the committed corpus stays as it is.
    work=$(mktemp -d)
    cp -r "corpus/$target/." "$work/"
    echo "==> fuzzing $target for ${seconds}s"
    if ! cargo fuzz run --sanitizer none --release "$target" "$work" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$work.log" 2>&1; then
        tail -n 40 "$work.log"
        echo "ERROR: fuzzing $target found a crash; its input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$work.log" | tr '\n' ' '
    echo
    rm -rf "$work" "$work.log"
done
echo "==> fuzzing found nothing in ${#targets[@]} target(s), ${seconds}s each"
