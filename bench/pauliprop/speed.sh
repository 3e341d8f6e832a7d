#!/bin/sh
# pauliprop's own speed rows (no peers): the cases of run.sh at one and two threads, best of
# REPEAT (default 5) calls each, and the gradient rows. Peers' figures: run.sh.
#
# usage: sh bench/pauliprop/speed.sh [BUILD_DIR]
# Writes bench/pauliprop/out/speed.csv and prints its table (table.py). About 2 minutes.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-$(pwd)/build/bench-pp}
out=bench/pauliprop/out
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
mkdir -p $out
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude bench/pauliprop/pp_bench.c \
    "$build/libplateau.a" -llapacke -lopenblas -lm -o $out/pp_bench
E=data/ibm_eagle_127.edges
csv=$out/speed.csv
# Threads sleep when idle (a spinning one steals the core the other needs on a shared
# machine); OpenBLAS, linked for the mps engine, would start a thread pool of its own.
export OMP_WAIT_POLICY=passive OPENBLAS_NUM_THREADS=1 REPEAT=${REPEAT:-5}
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(uname -m); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "case,sim,n,steps,theta,threads,seconds,value,terms,maxrss_mb"
} > $csv
run() { # case, then the command
    c=$1
    shift
    "$@" | sed "s/^/$c,/" | tee -a $csv
}
for t in 1 2; do
    run exact20 env OMP_NUM_THREADS=$t $out/pp_bench $E 20 5 10 0 0 0.3 0.8
    run ki127-20-0.3 env OMP_NUM_THREADS=$t $out/pp_bench $E 127 20 62 0 1e-4 0.3
    run ki127-5-0.8 env OMP_NUM_THREADS=$t $out/pp_bench $E 127 5 62 0 1e-4 0.8
    run ki127-8-0.8 env REPEAT=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 8 62 0 1e-4 0.8
    run grad-ki127-20-1e-5 env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 20 62 0 1e-5 0.3
    run grad-exact20 env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 20 5 10 0 0 0.3
    run grad-ki127-5-exact env GRAD=1 OMP_NUM_THREADS=$t $out/pp_bench $E 127 5 62 0 0 0.3
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> $csv
python3 bench/pauliprop/table.py $csv
