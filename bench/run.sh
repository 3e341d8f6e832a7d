#!/bin/sh
# Statevector benchmark: plateau vs qulacs, PennyLane-Lightning and qiskit-aer in one run on one
# machine.
# Usage: sh bench/run.sh [N ...]   (default 20 22 24 26). Writes bench/out/results.csv and
# prints the table that bench/RESULTS.md records. Takes ~15 minutes on 2 quiet cores.
# Builds in bench/out/build (PLT_BENCH_BUILD to change). SV_BENCH_ONLY=bw,gates,expval,grad
# limits sv_bench to those parts. BENCH_THREADS (default "1 2") picks the thread counts;
# BENCH_CLOCK=cpu times with process CPU time instead of wall time (only meaningful at 1
# thread; for a machine that other jobs load).
set -eu
cd "$(dirname "$0")/.."
SIZES=${*:-20 22 24 26}
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q --upgrade pip
    bench/.venv/bin/pip install -q qulacs pennylane pennylane-lightning qiskit qiskit-aer
fi
B=${PLT_BENCH_BUILD:-bench/out/build}
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
# Other modules may be mid-edit in a shared tree: keep the last library that built.
if ! cmake --build "$B" -j2 --target plateau >/dev/null 2>"$B/build.log"; then
    [ -f "$B/libplateau.a" ] || { cat "$B/build.log" >&2; exit 1; }
    echo "warning: the library did not build (see $B/build.log); using the one built" \
        "$(date -u -r "$B/libplateau.a")" >&2
fi
mkdir -p bench/out
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude -Isrc bench/sv_bench.c \
    "$B"/libplateau.a -llapacke -lopenblas -lm -o bench/out/sv_bench
out=bench/out/results.csv
echo "sim,op,n,threads,seconds" > "$out"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u)," \
    "clock ${BENCH_CLOCK:-wall}" >&2
for t in ${BENCH_THREADS:-1 2}; do
    OMP_NUM_THREADS=$t bench/out/sv_bench $SIZES >> "$out"
    (cd bench/peers && OMP_NUM_THREADS=$t ../.venv/bin/python qulacs_bench.py $SIZES) >> "$out"
    (cd bench/peers && OMP_NUM_THREADS=$t ../.venv/bin/python lightning_bench.py $SIZES) >> "$out"
    (cd bench/peers && OMP_NUM_THREADS=$t ../.venv/bin/python aer_bench.py $SIZES) >> "$out"
done
bench/.venv/bin/python bench/table.py "$out"
