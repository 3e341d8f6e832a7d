#!/bin/sh
# mps benchmark: plateau's mps engine vs quimb's CircuitMPS on the same 1D brickwork of random
# 2-qubit unitaries (n qubits, DEPTH layers, seeded), at max-bond 64, 128, 256 and the same
# cutoff, on 1 and 2 threads. Builds bench/out/mps_bench, installs quimb into bench/.venv.
# Usage: sh bench/mps/run.sh [N DEPTH]   (default 50 12). Writes bench/out/mps.csv.
# BENCH_BONDS (default "64 128 256") and BENCH_THREADS (default "1 2") choose the grid.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-50}
DEPTH=${2:-12}
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q --upgrade pip
fi
bench/.venv/bin/python -c "import quimb" 2>/dev/null || bench/.venv/bin/pip install -q quimb
B=${PLT_BENCH_BUILD:-bench/out/build}
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
if ! cmake --build "$B" -j2 --target plateau >/dev/null 2>"$B/build.log"; then
    [ -f "$B/libplateau.a" ] || { cat "$B/build.log" >&2; exit 1; }
    echo "warning: the library did not build (see $B/build.log); using the one built" >&2
fi
mkdir -p bench/out
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude -Isrc bench/mps/mps_bench.c \
    "$B"/libplateau.a -llapacke -lopenblas -lm -o bench/out/mps_bench
out=bench/out/mps.csv
echo "sim,n,depth,bond,threads,seconds,cpu_seconds,value,max_bond_held,discarded_weight" > "$out"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u)" >&2
gates=bench/out/mps_gates.txt
for t in ${BENCH_THREADS:-1 2}; do
    for d in ${BENCH_BONDS:-64 128 256}; do
        OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t bench/out/mps_bench "$N" "$DEPTH" "$d" 7 \
            "$gates" | tee -a "$out"
        OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t bench/.venv/bin/python bench/mps/quimb_bench.py \
            "$N" "$DEPTH" "$d" "$gates" | tee -a "$out"
    done
done
