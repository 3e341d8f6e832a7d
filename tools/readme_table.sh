#!/bin/sh
# Rewrites the main job's table in README.md, between the lines <!-- main-job-table --> and
# <!-- /main-job-table -->, with what `plateau run --table brief` prints: the columns that
# the same seed reproduces on any machine (family, barren plateau, DLA dim, classical route,
# largest n). tests/cli/readme_table.test.c fails when the two differ.
#   sh tools/readme_table.sh            (uses build/plateau; PLATEAU=path picks another)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${PLATEAU:-$root/build/plateau}
readme=$root/README.md
if [ ! -x "$bin" ]; then
    echo "tools/readme_table.sh: $bin is not built (run make, or set PLATEAU)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run --table brief --out "$tmp/out" >"$tmp/stdout"
grep '^|' "$tmp/stdout" >"$tmp/table" || true
if [ ! -s "$tmp/table" ]; then
    echo "tools/readme_table.sh: $bin run --table brief printed no table" >&2
    exit 1
fi
opens=$(grep -c '^<!-- main-job-table -->$' "$readme" || true)
closes=$(grep -c '^<!-- /main-job-table -->$' "$readme" || true)
if [ "$opens" != 1 ] || [ "$closes" != 1 ]; then
    echo "tools/readme_table.sh: README.md needs one line <!-- main-job-table --> and one" \
        "<!-- /main-job-table --> (found $opens and $closes)" >&2
    exit 1
fi
awk -v table="$tmp/table" '
    $0 == "<!-- main-job-table -->" {
        print
        while ((getline line < table) > 0) print line
        inside = 1
        next
    }
    $0 == "<!-- /main-job-table -->" { inside = 0 }
    !inside { print }
' "$readme" >"$tmp/README.md"
if cmp -s "$tmp/README.md" "$readme"; then
    echo "README.md: the main job's table is up to date"
else
    cp "$tmp/README.md" "$readme"
    echo "README.md: the main job's table rewritten:"
    cat "$tmp/table"
fi
