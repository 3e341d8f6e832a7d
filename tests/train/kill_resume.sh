#!/bin/sh
# A training run killed with SIGINT or SIGTERM writes its checkpoint; resuming it reaches
# the same parameters as a run that was never interrupted (bit for bit: same optimiser
# state, same engine). Usage: kill_resume.sh PLATEAU_BINARY SOURCE_DIR
set -u
P=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$P" model hea-local --qubits 8 --layers 4 --out "$tmp/m" >/dev/null || fail "model"
obs=$(cat "$tmp/m.obs")
# Polls for a file every 0.05 s for at most LIMIT seconds (scaled by PLT_TIME_SCALE for the
# sanitizer builds); returns 1 if it never appears.
LIMIT=$(awk -v s="${PLT_TIME_SCALE:-1}" 'BEGIN { printf "%d", 120 * (s > 1 ? s : 1) }')
wait_for() {
    i=0
    while [ ! -s "$1" ]; do
        kill -0 "$2" 2>/dev/null || return 1
        i=$((i + 1))
        [ $i -le $((LIMIT * 20)) ] || return 1
        sleep 0.05
    done
}
for sig in INT TERM; do
    ck="$tmp/run-$sig.ckpt"
    rm -f "$ck"
    # Far more steps than can finish before the signal arrives. The periodic checkpoint says
    # that steps have been taken; the signal comes after it, so the run is mid-way.
    "$P" train "$tmp/m.qasm" --obs "$obs" --steps 100000000 --optimizer adam --lr 0.01 \
        --seed 3 --engine statevector --checkpoint "$ck" --checkpoint-every 500 \
        >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    if ! wait_for "$ck" $pid; then
        kill $pid 2>/dev/null
        wait $pid
        fail "SIG$sig: no checkpoint within $LIMIT s ($(cat "$tmp/err"))"
    fi
    first=$(sed -n 's/^step \([0-9]*\)$/\1/p' "$ck")
    # Read after the file appeared, so a later periodic one than the first may be there.
    [ -n "$first" ] && [ "$first" -gt 0 ] && [ $((first % 500)) -eq 0 ] \
        || fail "SIG$sig: a periodic checkpoint at step '$first', not a multiple of 500"
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    [ $rc -ne 0 ] || fail "SIG$sig: exit status 0 after an interrupt"
    said=$(sed -n 's/.*interrupted after step \([0-9]*\);.*/\1/p' "$tmp/err")
    [ -n "$said" ] || fail "SIG$sig: no message ($(cat "$tmp/err"))"
    [ -s "$ck" ] || fail "SIG$sig: no checkpoint written"
    step=$(sed -n 's/^step \([0-9]*\)$/\1/p' "$ck")
    [ -n "$step" ] && [ "$step" -ge "$first" ] \
        || fail "SIG$sig: checkpoint at step '$step', before the periodic one at $first"
    # The checkpoint is the one written on the signal, at the step the message names (the
    # periodic ones are at multiples of 500).
    [ "$step" = "$said" ] || fail "SIG$sig: interrupted after step $said, checkpoint at $step"
    total=$((step + 7))
    "$P" train "$tmp/m.qasm" --obs "$obs" --steps $total --optimizer adam --lr 0.01 --seed 3 \
        --engine statevector --resume "$ck" --json >"$tmp/resumed.json" 2>"$tmp/err" \
        || fail "SIG$sig: resume failed: $(cat "$tmp/err")"
    "$P" train "$tmp/m.qasm" --obs "$obs" --steps $total --optimizer adam --lr 0.01 --seed 3 \
        --engine statevector --json >"$tmp/straight.json" 2>"$tmp/err" \
        || fail "SIG$sig: straight run failed: $(cat "$tmp/err")"
    a=$(sed -n 's/.*"parameters": \(\[[^]]*\]\).*/\1/p' "$tmp/resumed.json")
    b=$(sed -n 's/.*"parameters": \(\[[^]]*\]\).*/\1/p' "$tmp/straight.json")
    [ -n "$a" ] || fail "SIG$sig: no parameters in $(cat "$tmp/resumed.json")"
    [ "$a" = "$b" ] || fail "SIG$sig: killed at step $step and resumed to $total differs from a straight run"
    echo "SIG$sig: killed after step $step, resumed to $total: parameters identical"
done
