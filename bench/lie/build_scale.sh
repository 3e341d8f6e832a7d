#!/bin/sh
# Builds and runs the so(2n) gsim timing: sh bench/lie/build_scale.sh [n] [layers]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${PLT_BUILD:-/tmp/b-lie-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
gcc -O2 -std=c17 -D_GNU_SOURCE -I"$root/include" "$here/so2n_scale.c" "$build/libplateau.a" \
    -fopenmp -lm -o "$build/so2n_scale"
"$build/so2n_scale" "$@"
