#!/bin/sh
# Builds libplateau (Release) into build/ and times the fermion engine on the XY-model HVA.
# usage: bench/fermion/run.sh [BUILD_DIR] [LAYERS]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
layers=${2:-100}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/include" "$root/bench/fermion/fermion_bench.c" \
    "$build/libplateau.a" -fopenmp -lm -o "$build/fermion_bench"
echo "# HVA, $layers layers: n gates plan_s loss_s loss+grad_s ns/gate"
for n in 250 500 1000 2000; do "$build/fermion_bench" $n "$layers"; done
echo "# random long-range quadratic generators, 20 layers (3n-2 gates a layer)"
for n in 250 500 1000 2000; do "$build/fermion_bench" $n 20 --random; done
