"""Shared helpers for the peer benchmarks: the same circuits as bench/sv_bench.c."""
import os
import sys
import time

THREADS = int(os.environ.get("OMP_NUM_THREADS", "1"))
# BENCH_CLOCK=cpu: process CPU time (1-thread comparisons on a loaded machine), as sv_bench.
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def report(sim, op, n, sec):
    print(f"{sim},{op},{n},{THREADS},{sec:.6e}", flush=True)


def best_of(fn, reps):
    best = float("inf")
    for _ in range(reps):
        t = CLOCK()
        fn()
        best = min(best, CLOCK() - t)
    return best


def reps_for(n):
    return 20 if n <= 20 else 8 if n <= 22 else 4 if n <= 24 else 2


def gate_lists(n):
    """(name, list of gates) as ("rx", q, angle) / ("cnot", a, b) / ("cz", a, b) /
    ("xyzx", angle, qubits): exp(-i angle/2 X Y Z X) on the four qubits k, k+5, k+10, k+15 (mod n)
    for k = 0..9, ten different strings (ten rotations about one string would fold into one)."""
    return [
        ("rx", [("rx", q, 0.1 + 0.01 * q) for q in range(n)]),
        ("cnot", [("cnot", q, (q + 1) % n) for q in range(n)]),
        ("cz", [("cz", q, (q + 1) % n) for q in range(n)]),
        ("xyzx", [("xyzx", 0.1 + 0.01 * k, [(k + 5 * j) % n for j in range(4)])
                  for k in range(10)]),
    ]


def pauli100(n):
    """The 100 random terms sv_bench wrote to bench/out/pauli100.txt (coef, dense string)."""
    path = os.path.join(os.path.dirname(__file__), "..", "out", f"pauli100_{n}.txt")
    terms = []
    with open(path) as f:
        for line in f:
            c, s = line.split()
            terms.append((float(c), s))
    return terms


def sizes():
    return [int(a) for a in sys.argv[1:]]
