"""qiskit-aer (AerSimulator, method="statevector"): per-gate times and the 100-term expectation.

Aer runs whole circuits, so a gate's time is (the time of a circuit holding the gate list) minus
(the time of the same circuit without gates), divided by the number of gates: state allocation,
initialisation and result handling cancel. Both circuits save <Z0> (without a result Aer skips
the simulation) and truncation is off. Aer's default gate fusion stays on (plateau fuses
too). The expectation is SaveExpectationValue, timed against the same circuit without it.
Aer has no adjoint gradient, so it has no gradient rows. Threads: OMP_NUM_THREADS."""
import sys

import numpy as np
from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import PauliEvolutionGate
from qiskit.quantum_info import SparsePauliOp
from qiskit_aer import AerSimulator
from common import THREADS, best_of, gate_lists, pauli100, report, reps_for, sizes

# No truncation: Aer would otherwise drop the qubits the saved result does not depend on.
sim = AerSimulator(method="statevector", max_parallel_threads=THREADS, enable_truncation=False)



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
                # exp(-i t/2 X Y Z X) on g[2]; qiskit labels run from the highest qubit down
                label = ["I"] * n
                for q, p in zip(g[2], "XYZX"):
                    label[n - 1 - q] = p
                op = SparsePauliOp("".join(label))
                qc.append(PauliEvolutionGate(op, time=g[1] / 2), range(n))
    # A circuit without a result is not simulated at all: save <Z0> (one read pass, the
    # same in both circuits, so it cancels in the difference).
    z0 = SparsePauliOp("Z")
    qc.save_expectation_value(z0, [0])
    return transpile(qc, sim, optimization_level=0)


def run(qc):
    sim.run(qc, shots=1).result()


for n in sizes():
    reps = max(2, reps_for(n) // 2)
    base = circuit(n, [], 1)
    t0 = best_of(lambda: run(base), reps)
    for name, gates in gate_lists(n):
        c1 = circuit(n, gates, 1)
        t1 = best_of(lambda: run(c1), reps)
        report("aer", name, n, max(t1 - t0, 0.0) / len(gates))
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
