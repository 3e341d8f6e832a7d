"""Peer side of the pauliprop benchmark: the same kicked-Ising circuit as pp_bench.c, run with
pauli-prop (IBM, Rust core) and qiskit-addon-obp, one theta_h per call.

usage: python peers.py SIM EDGES NMAX STEPS QUBIT MIN_ABS MAX_TERMS THETA...
  SIM: pauliprop | obp
Prints CSV lines: sim,n,steps,theta,threads,seconds,value,peak_terms,maxrss_mb
(seconds: the library call only, best of REPEAT (default 3), the circuit is built before
the clock starts; for pauli-prop
also a line pauli-prop-core: its Rust propagation alone, without the Python steps that move
the Cliffords out of the circuit and map the result back; peak_terms: the
size of the final operator, the libraries report no peak; maxrss: the process's peak so far,
Python and Qiskit included).

Truncations: the peers have no Pauli-weight cap. pauli-prop gets atol = MIN_ABS and
max_terms = MAX_TERMS (it preallocates that many terms; set it above the real peak so that it
never truncates by count). qiskit-addon-obp gets OperatorBudget(atol = MIN_ABS): terms with
|coefficient| <= atol are dropped when the operator is simplified after every gate.
"""

import math
import os
import resource
import sys
import time

import numpy as np
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator, SparsePauliOp

# Best of REPEAT calls (environment, default 3): the machine is shared.
REPEAT = max(1, int(os.environ.get("REPEAT", "3")))


def read_edges(path, nmax):
    edges, n = [], 0
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            a, b = map(int, line.split()[:2])
            if a < nmax and b < nmax:
                edges.append((a, b))
                n = max(n, a + 1, b + 1)
    return n, edges


def rzz_as_clifford(qc, a, b):
    # RZZ(-pi/2) = exp(+i pi/4 ZZ) equals CZ (Sdg x Sdg) up to a global phase: as Clifford
    # gates pauli-prop moves it out of the propagation instead of splitting on it.
    qc.sdg(a)
    qc.sdg(b)
    qc.cz(a, b)


def build(n, edges, steps, theta, clifford_rzz):
    qc = QuantumCircuit(n)
    for _ in range(steps):
        for q in range(n):
            qc.rx(theta, q)
        for a, b in edges:
            if clifford_rzz:
                rzz_as_clifford(qc, a, b)
            else:
                qc.rzz(-math.pi / 2, a, b)
    return qc


def check_rzz_identity():
    a = QuantumCircuit(2)
    a.rzz(-math.pi / 2, 0, 1)
    b = QuantumCircuit(2)
    rzz_as_clifford(b, 0, 1)
    if not Operator(a).equiv(Operator(b)):
        raise SystemExit("peers.py: RZZ(-pi/2) != CZ.(Sdg x Sdg) up to phase")


def zero_state_value(op):
    """<0...0| op |0...0>: the sum of the coefficients of the strings without X or Y."""
    x = op.paulis.x
    mask = ~x.any(axis=1)
    # Qiskit keeps a phase per string; Z-only strings with phase 0 have real coefficients.
    return float(np.real(np.sum(op.coeffs[mask] * (-1j) ** op.paulis.phase[mask])))


def run_pauliprop(n, edges, steps, qubit, theta, min_abs, max_terms):
    """End to end (propagate_through_circuit), then its Rust core alone: the same three
    phases it runs (move the Cliffords to the front in Python, propagate through the rotations
    in Rust, map the result back through the Clifford in Python), timed one by one."""
    from pauli_prop.propagation import (
        circuit_to_rotation_gates,
        evolve_through_cliffords,
        propagate_through_circuit,
        propagate_through_rotation_gates,
    )

    qc = build(n, edges, steps, theta, clifford_rzz=True)
    obs = SparsePauliOp.from_sparse_list([("Z", [qubit], 1.0)], num_qubits=n)
    dt = dt_core = math.inf
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out, _ = propagate_through_circuit(obs, qc, max_terms, min_abs, "h")
        dt = min(dt, time.perf_counter() - t0)
    cliff, rest = evolve_through_cliffords(qc)
    rot = circuit_to_rotation_gates(rest)
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        core, _ = propagate_through_rotation_gates(obs, rot, max_terms, min_abs, "h")
        dt_core = min(dt_core, time.perf_counter() - t0)
    if len(core) != len(out):
        raise SystemExit("pauli-prop: the core alone gave a different number of terms")
    return dt, zero_state_value(out), len(out), dt_core


def run_obp(n, edges, steps, qubit, theta, min_abs):
    from qiskit_addon_obp import backpropagate
    from qiskit_addon_obp.utils.simplify import OperatorBudget

    # One slice per layer: the RX layer, then the RZZ layer, of each step.
    slices = []
    for _ in range(steps):
        rx = QuantumCircuit(n)
        for q in range(n):
            rx.rx(theta, q)
        zz = QuantumCircuit(n)
        for a, b in edges:
            zz.rzz(-math.pi / 2, a, b)
        slices += [rx, zz]
    obs = SparsePauliOp.from_sparse_list([("Z", [qubit], 1.0)], num_qubits=n)
    # simplify() drops |c| <= atol; its default (1e-8) would not be exact.
    budget = OperatorBudget(atol=min_abs if min_abs > 0 else 1e-15)
    dt = math.inf
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        # A list in, a list out (a single SparsePauliOp in would come back as one).
        ops, left, _ = backpropagate([obs], slices, operator_budget=budget)
        dt = min(dt, time.perf_counter() - t0)
    if left:
        raise SystemExit(f"obp left {len(left)} slices unabsorbed")
    return dt, zero_state_value(ops[0]), len(ops[0])


def main():
    if len(sys.argv) < 9:
        raise SystemExit(__doc__)
    sim, path = sys.argv[1], sys.argv[2]
    nmax, steps, qubit = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    min_abs, max_terms = float(sys.argv[6]), int(sys.argv[7])
    n, edges = read_edges(path, nmax)
    check_rzz_identity()
    threads = os.environ.get("OMP_NUM_THREADS", "")
    for th in map(float, sys.argv[8:]):
        if sim == "pauliprop":
            dt, val, terms, dt_core = run_pauliprop(n, edges, steps, qubit, th, min_abs,
                                                    max_terms)
            name = "pauli-prop"
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
            print(f"pauli-prop-core,{n},{steps},{th:.6f},{threads},{dt_core:.4f},{val:.12f},"
                  f"{terms},{rss:.1f}", flush=True)
        elif sim == "obp":
            dt, val, terms = run_obp(n, edges, steps, qubit, th, min_abs)
            name = "qiskit-addon-obp"
        else:
            raise SystemExit(f"unknown sim {sim}; give pauliprop or obp")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(f"{name},{n},{steps},{th:.6f},{threads},{dt:.4f},{val:.12f},{terms},{rss:.1f}",
              flush=True)


if __name__ == "__main__":
    main()
