#!/bin/sh
# Builds the showcase against a plateau build directory (default /tmp/b-qcnn, configured
# and built here when missing). Usage: ./build.sh [BUILD_DIR]; then ./qcnn_phases.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-/tmp/b-qcnn}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLT_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -I"$root/include" "$here/qcnn_phases.c" \
   "$build/libplateau.a" -fopenmp -lm -o "$here/qcnn_phases"
echo "built $here/qcnn_phases"
