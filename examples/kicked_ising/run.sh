#!/bin/sh
# Builds libplateau (Release) and the kicked-Ising example, then runs the 20-step sweep.
# usage: examples/kicked_ising/run.sh [BUILD_DIR] [args passed to kicked_ising after EDGES]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
gcc -std=c17 -O2 -D_GNU_SOURCE -fopenmp -I"$root/include" "$root/examples/kicked_ising/kicked_ising.c" \
    "$build/libplateau.a" -lm -o "$build/kicked_ising"
exec "$build/kicked_ising" "$root/data/ibm_eagle_127.edges" "$@"
