#!/bin/sh
# Lie-closure benchmark: plateau vs PennyLane (qml.lie_closure, pauli=True) and paulie on the
# same generator sets, in one run; plateau twice: the closure (builds the basis) and the
# classification (dimension and type only, no basis). Usage: sh bench/lie/run.sh
# (about 10 minutes on 2 cores; PennyLane is skipped on the larger sizes past its budget)
# Writes bench/lie/out/closure.csv and prints the table recorded in bench/lie/RESULTS.md.
set -eu
cd "$(dirname "$0")/../.."
SETS=${*:-"tfim:4 tfim:8 tfim:12 tfim:16 tfim:24 tfim:50 tfim:100 xy:6 xy:10 xy:16 xy:50 heis:4 heis:5 heis:6 heis:8 heis:10 univ:3 univ:4 univ:6"}
venv=bench/.venv-lie
if [ ! -x $venv/bin/python ]; then
    # paulie needs Python >= 3.12.
    py=$(command -v python3.12 || ls /root/.pyenv/versions/3.12*/bin/python3 2>/dev/null | head -1)
    "$py" -m venv $venv
    $venv/bin/pip install -q --upgrade pip
    $venv/bin/pip install -q pennylane paulie
fi
build=${PLT_BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target plateau >/dev/null
mkdir -p bench/lie/out
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude bench/lie/closure_bench.c \
    "$build/libplateau.a" -lm -o bench/lie/out/closure_bench
cc -std=c17 -O3 -march=native -fopenmp -D_GNU_SOURCE -Iinclude bench/lie/so2n_scale.c \
    "$build/libplateau.a" -lm -o bench/lie/out/so2n_scale
out=bench/lie/out/closure.csv
echo "sim,set,n,dim,seconds" > "$out"
bench/lie/out/closure_bench $SETS >> "$out"
$venv/bin/python bench/lie/closure_peers.py --budget 60 $SETS >> "$out"
$venv/bin/python bench/lie/table.py "$out"
echo
bench/lie/out/so2n_scale 100 100
