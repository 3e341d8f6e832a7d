#!/bin/sh
# Builds libplateau (Release) and times the symmetric engine on the S_n-equivariant family,
# 10 layers: the zoo's circuit at n = 100 and 1000, the same steps built in the Dicke basis
# at n = 100, 1000 and 10000, and the statevector at n = 20 for scale.
# usage: bench/symmetric/run.sh [BUILD_DIR]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target plateau plateau_cli >/dev/null
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/include" -I "$root/src" \
    "$root/bench/symmetric/sym_bench.c" "$build/libplateau.a" -fopenmp $(pkg-config --libs lapacke openblas 2>/dev/null) -lm -o "$build/sym_bench"
echo "# n layers ops build_s plan_s loss_s loss+grad_s"
for n in 100 1000; do "$build/sym_bench" $n 10; done
for n in 100 1000 10000; do "$build/sym_bench" $n 10 --collective; done
echo "# statevector, n = 20, 10 layers: loss + gradient"
tmp=$(mktemp -d)
"$build/plateau" model sn-equivariant --qubits 20 --layers 10 --out "$tmp/sn20" >/dev/null
/usr/bin/time -f "statevector n=20 wall %e s" "$build/plateau" simulate "$tmp/sn20.qasm" \
    --obs-file "$tmp/sn20.obs" --engine statevector --grad >/dev/null
/usr/bin/time -f "symmetric n=20 wall %e s" "$build/plateau" simulate "$tmp/sn20.qasm" \
    --obs-file "$tmp/sn20.obs" --engine symmetric --grad >/dev/null
rm -rf "$tmp"
