#!/bin/sh
# pauliprop benchmark: plateau's pauliprop engine against pauli-prop (IBM, Rust core) and
# qiskit-addon-obp, in one run on one machine, on the kicked-Ising circuit (RX(theta_h) on
# every qubit, RZZ(-pi/2) on every edge, per step; observable Z on one qubit; |0...0>).
#
# usage: sh bench/pauliprop/run.sh [BUILD_DIR]
# Writes bench/pauliprop/out/results.csv and prints the table recorded in RESULTS.md.
# Takes about 6 minutes on 2 cores. Times are the best of 3 calls (REPEAT=1 for case D). Each (simulator, case) runs in its own process, so the
# peak memory (ru_maxrss) is that case's; the Python peers' includes Python and Qiskit
# (about 110 MB for pauli-prop and 190 MB for qiskit-addon-obp before any work).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${1:-$root/build/bench-pp}
venv=bench/.venv-pp
out=bench/pauliprop/out
if [ ! -x $venv/bin/python ]; then
    python3 -m venv $venv
    $venv/bin/pip install -q --upgrade pip
    $venv/bin/pip install -q pauli-prop qiskit-addon-obp qiskit
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
mkdir -p $out
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude bench/pauliprop/pp_bench.c \
    "$build/libplateau.a" -llapacke -lopenblas -lm -o $out/pp_bench
E=data/ibm_eagle_127.edges
csv=$out/results.csv
py="$venv/bin/python bench/pauliprop/peers.py"
# The libgomp default spins at barriers; on a shared machine a spinning thread steals the
# core the other needs, so threads sleep when idle (no effect on one thread).
export OMP_WAIT_POLICY=passive
# OpenBLAS (linked for the mps engine) starts a thread pool of its own at load, which took
# CPU from the two threads measured.
export OPENBLAS_NUM_THREADS=1
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(uname -m); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "case,sim,n,steps,theta,threads,seconds,value,terms,maxrss_mb"
} > $csv
run() { # case, then a command printing sim,n,steps,theta,threads,... lines
    c=$1
    shift
    "$@" | sed "s/^/$c,/" | tee -a $csv
}
# A: 20 qubits (Eagle qubits 0..19), 5 steps, Z10, no truncation: all exact, values compare.
for t in 1 2; do
    run exact20 env OMP_NUM_THREADS=$t $out/pp_bench $E 20 5 10 0 0 0.3 0.8
done
run exact20 env OMP_NUM_THREADS=1 $py pauliprop $E 20 5 10 0 4000000 0.3 0.8
run exact20 env OMP_NUM_THREADS=1 $py obp $E 20 5 10 0 0 0.3 0.8
# B: 127 qubits, 20 steps, theta_h = 0.3, Z62, min_abs 1e-4 (the peers' truncation; no
# weight cap): all three.
for t in 1 2; do
    run ki127-20-0.3 env OMP_NUM_THREADS=$t $out/pp_bench $E 127 20 62 0 1e-4 0.3
done
run ki127-20-0.3 env OMP_NUM_THREADS=1 $py pauliprop $E 127 20 62 1e-4 2000000 0.3
run ki127-20-0.3 env OMP_NUM_THREADS=1 $py obp $E 127 20 62 1e-4 0 0.3
# C: 127 qubits, 5 steps, theta_h = 0.8, min_abs 1e-4: 6e5 terms. qiskit-addon-obp is left
# out (its per-gate operator products at this size would take hours).
for t in 1 2; do
    run ki127-5-0.8 env OMP_NUM_THREADS=$t $out/pp_bench $E 127 5 62 0 1e-4 0.8
done
run ki127-5-0.8 env OMP_NUM_THREADS=1 $py pauliprop $E 127 5 62 1e-4 2000000 0.8
# D: 127 qubits, 8 steps, theta_h = 0.8, min_abs 1e-4: 2.6e6 terms, ours only (pauli-prop
# would need max_terms above 2.6e6 preallocated and about 15 minutes, extrapolated from C).
for t in 1 2; do
    run ki127-8-0.8 env REPEAT=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 8 62 0 1e-4 0.8
done
# E: the issue's configuration: 20 steps, max_weight 8 and min_abs 1e-4, 20 points of
# theta_h in [0, pi/2]. The peers have no weight cap, so ours only.
TH=$(awk 'BEGIN { for (i = 0; i < 20; i++) printf "%.6f ", 3.14159265358979 / 2 * i / 19 }')
for t in 1 2; do
    run ki127-20-w8-sweep env OMP_NUM_THREADS=$t $out/pp_bench $E 127 20 62 8 1e-4 $TH
done
# G: gradients (GRAD=1: theta_h is the circuit's one parameter; loss and loss + gradient from
# one plan, alternating): the issue's truncated case (127 qubits, 20 steps, min_abs 1e-5) and
# two untruncated ones (A's circuit, and 127 qubits for 5 steps: 2.1e6 terms).
for t in 1 2; do
    run grad-ki127-20-1e-5 env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 20 62 0 1e-5 0.3
    run grad-exact20 env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 20 5 10 0 0 0.3
    run grad-ki127-5-exact env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 5 62 0 0 0.3
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> $csv
$venv/bin/python bench/pauliprop/table.py $csv
