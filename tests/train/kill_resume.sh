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
for sig in INT TERM; do
    ck="$tmp/run-$sig.ckpt"
    # Far more steps than can finish before the signal arrives.
    "$P" train "$tmp/m.qasm" --obs "$obs" --steps 100000000 --optimizer adam --lr 0.01 \
        --seed 3 --engine statevector --checkpoint "$ck" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep 2
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    [ $rc -ne 0 ] || fail "SIG$sig: exit status 0 after an interrupt"
    grep -q "interrupted after step" "$tmp/err" || fail "SIG$sig: no message ($(cat "$tmp/err"))"
    [ -s "$ck" ] || fail "SIG$sig: no checkpoint written"
    step=$(sed -n 's/^step \([0-9]*\)$/\1/p' "$ck")
    [ -n "$step" ] && [ "$step" -gt 0 ] || fail "SIG$sig: checkpoint has no step"
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
