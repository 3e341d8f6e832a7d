"""quimb's CircuitMPS on the gates mps_bench wrote: same circuit, same truncation (max_bond and
a cutoff on the relative discarded sum of squares, quimb's 'rsum2', which is plateau's
--cutoff). Prints the CSV row of mps_bench.
Usage: python quimb_bench.py N DEPTH BOND GATES_FILE [CUTOFF]"""
import os
import sys
import time

import numpy as np
import quimb.tensor as qtn


def main():
    n, depth, bond = (int(a) for a in sys.argv[1:4])
    path = sys.argv[4]
    cutoff = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-12
    gates = []
    with open(path) as f:
        for line in f:
            v = line.split()
            q0, q1 = int(v[0]), int(v[1])
            x = np.array([float(t) for t in v[2:]])
            u = (x[0::2] + 1j * x[1::2]).reshape(4, 4)
            gates.append((q0, q1, u))
    z = np.diag([1.0, -1.0]).astype(complex)
    # Warm-up on a small circuit, so that quimb's one-off compilation (numba) is not timed.
    warm = qtn.CircuitMPS(8, max_bond=bond, cutoff=cutoff, gate_opts=dict(cutoff_mode="rsum2"))
    for q0, q1, u in gates[:40]:
        if q1 < 8:
            warm.apply_gate_raw(u, (q1, q0))
    warm.local_expectation(z, 4, normalized=True)
    t0 = time.perf_counter()
    c0 = time.process_time()
    circ = qtn.CircuitMPS(n, max_bond=bond, cutoff=cutoff,
                          gate_opts=dict(cutoff_mode="rsum2"))
    for q0, q1, u in gates:
        # plateau's row index is s_q0 + 2 s_q1 (q0 the low bit); quimb's first qubit is the
        # high bit, so the same matrix acts on (q1, q0).
        circ.apply_gate_raw(u, (q1, q0))
    value = circ.local_expectation(z, n // 2, normalized=True).real
    t = time.perf_counter() - t0
    cpu = time.process_time() - c0
    threads = os.environ.get("OMP_NUM_THREADS", "?")
    print(f"quimb,{n},{depth},{bond},{threads},{t:.4f},{cpu:.4f},{value:.10f},"
          f"{circ.psi.max_bond()},")


main()
