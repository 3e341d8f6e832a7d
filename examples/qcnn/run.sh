#!/bin/sh
# Builds libplateau (Release) and the QCNN example, then runs it (n = 256 and 512 by default).
# usage: examples/qcnn/run.sh [BUILD_DIR] [max_weight min_abs range seed n...]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
gcc -std=c17 -O2 -D_GNU_SOURCE -fopenmp -I"$root/include" "$root/examples/qcnn/qcnn.c" \
    "$build/libplateau.a" -lm -o "$build/qcnn"
exec "$build/qcnn" "$@"
