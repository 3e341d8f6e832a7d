#!/bin/sh
# Bad-input corpus: every line of every *.cases file here is
#   EXPECTED-SUBSTRING<TAB>ARGS...      (ARGS split on spaces; '#' lines and blank lines skipped)
# and must make `plateau ARGS...` exit with status 1 (no crash, no hang: 10 s timeout),
# print nothing but ONE line on stderr, starting with `something: ` (an option, a file
# position FILE:LINE:COL, or "plateau") and containing EXPECTED-SUBSTRING.
# Usage: sh tests/bad/run.sh PATH/TO/plateau   (or PLATEAU_BINARY=... sh run.sh)
bin=${1:-${PLATEAU_BINARY:-}}
if [ -z "$bin" ]; then
    echo "usage: $0 PATH/TO/plateau (or set PLATEAU_BINARY)" >&2
    exit 2
fi
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ ! -x "$bin" ]; then
    echo "run.sh: '$bin' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")" || exit 2
tab=$(printf '\t')
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
if command -v timeout >/dev/null 2>&1; then to="timeout 10"; else to=""; fi

pass=0
fail=0
report() { # file:line, args, why
    fail=$((fail + 1))
    echo "FAIL $1: plateau $2"
    echo "     $3"
}
for cases in *.cases; do
    [ -f "$cases" ] || continue
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        case $line in '' | '#'*) continue ;; esac
        case $line in
        *"$tab"*) ;;
        *) report "$cases:$n" "" "malformed case line (want EXPECTED<TAB>ARGS)"; continue ;;
        esac
        want=${line%%"$tab"*}
        args=${line#*"$tab"}
        set -f
        # shellcheck disable=SC2086 # splitting ARGS on spaces is the format
        (IFS=' '; exec $to "$bin" $args) >"$tmp/out" 2>"$tmp/err" </dev/null
        rc=$?
        set +f
        nl=$(awk 'END { print NR }' "$tmp/err")
        first=$(head -n 1 "$tmp/err")
        if [ "$rc" -eq 124 ]; then
            report "$cases:$n" "$args" "timed out after 10 s"
        elif [ "$rc" -ne 1 ]; then
            report "$cases:$n" "$args" "exit status $rc (want 1); stderr: $first"
        elif [ "$nl" -ne 1 ]; then
            report "$cases:$n" "$args" "$nl lines on stderr (want 1): $(head -c 300 "$tmp/err" | tr '\n' '|')"
        elif ! printf '%s\n' "$first" | grep -Eq '^[^ ]+: '; then
            report "$cases:$n" "$args" "line does not start with 'WHERE: ': $first"
        elif ! printf '%s\n' "$first" | grep -Fq -e "$want"; then
            report "$cases:$n" "$args" "'$first' does not contain '$want'"
        else
            pass=$((pass + 1))
        fi
    done <"$cases"
done
echo "bad inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
