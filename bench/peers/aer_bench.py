"""qiskit-aer (AerSimulator, method="statevector"): per-gate times and the 100-term expectation.

Aer runs whole circuits, so a gate's time is the difference between a circuit holding the gate
list R2 times and one holding it R1 times, divided by the extra gates: state allocation,
initialisation and result handling cancel. Aer's default gate fusion stays on (plateau fuses
too). The expectation is SaveExpectationValue, timed against the same circuit without it.
Aer has no adjoint gradient, so it has no gradient rows. Threads: OMP_NUM_THREADS."""
import sys

import numpy as np
from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import PauliEvolutionGate
from qiskit.quantum_info import SparsePauliOp
from qiskit_aer import AerSimulator
from common import THREADS, best_of, gate_lists, pauli100, report, reps_for, sizes

sim = AerSimulator(method="statevector", max_parallel_threads=THREADS)


def circuit(n, gates, times):
    qc = QuantumCircuit(n)
    for _ in range(times):
        for g in gates:
            if g[0] == "rx":
                qc.rx(g[2], g[1])
            elif g[0] == "cnot":
                qc.cx(g[1], g[2])
            elif g[0] == "cz":
                qc.cz(g[1], g[2])
            else:
                # exp(-i t/2 X0 Y5 Z10 X15); qiskit labels run from the highest qubit down
                label = ["I"] * n
                for q, p in zip((0, 5, 10, 15), "XYZX"):
                    label[n - 1 - q] = p
                op = SparsePauliOp("".join(label))
                qc.append(PauliEvolutionGate(op, time=g[1] / 2), range(n))
    return transpile(qc, sim, optimization_level=0)


def run(qc):
    sim.run(qc, shots=1).result()


for n in sizes():
    reps = max(2, reps_for(n) // 2)
    for name, gates in gate_lists(n):
        c1, c2 = circuit(n, gates, 1), circuit(n, gates, 3)
        t1, t2 = best_of(lambda: run(c1), reps), best_of(lambda: run(c2), reps)
        report("aer", name, n, max(t2 - t1, 0.0) / (2 * len(gates)))
    if n in (20, 24):
        prep = QuantumCircuit(n)
        for q in range(n):
            prep.ry(0.3 + 0.1 * q, q)
        labels, coefs = [], []
        for coef, s in pauli100(n):
            labels.append(s[::-1])
            coefs.append(coef)
        obs = SparsePauliOp(labels, np.array(coefs))
        with_ev = prep.copy()
        with_ev.save_expectation_value(obs, list(range(n)))
        c0, c1 = transpile(prep, sim), transpile(with_ev, sim)
        k = 2 if n > 20 else 3
        t = best_of(lambda: run(c1), k) - best_of(lambda: run(c0), k)
        value = sim.run(c1, shots=1).result().data()["expectation_value"]
        print(f"aer expectation n={n} value {value:.12f}", file=sys.stderr)
        report("aer", "expval100", n, max(t, 0.0))
