#!/bin/sh
# Runs every libFuzzer target in build dir $1 for $2 seconds each, from its seed corpus.
set -e
dir=$1; secs=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
for f in "$dir"/*.fuzz; do
    name=$(basename "$f" .fuzz)
    corpus=$(mktemp -d)
    [ -d "$root/tests/corpus/$name" ] && cp "$root/tests/corpus/$name"/* "$corpus"/ 2>/dev/null || true
    echo "fuzzing $name for $secs s"
    "$f" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 "$corpus" >/tmp/fuzz-$name.log 2>&1 || {
        tail -40 /tmp/fuzz-$name.log; exit 1; }
    tail -2 /tmp/fuzz-$name.log
    rm -rf "$corpus"
done
