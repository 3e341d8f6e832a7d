"""A Qiskit circuit through plateau's EstimatorV2: a parameterised 2-local ansatz on 40 qubits
(past any state vector), a Hamiltonian and a sweep of parameter sets in one pub, as Qiskit's
primitives take them; checked against Qiskit's StatevectorEstimator on 10 qubits first.
Usage: python estimator_qiskit.py"""

import sys

import numpy as np
from qiskit.circuit.library import n_local
from qiskit.primitives import StatevectorEstimator
from qiskit.quantum_info import SparsePauliOp

from plateau.qiskit import Estimator


def ising(n):
    """Transverse-field Ising chain: sum Z_i Z_{i+1} + 0.5 sum X_i."""
    terms = [("ZZ", [i, i + 1], 1.0) for i in range(n - 1)] + [("X", [i], 0.5) for i in range(n)]
    return SparsePauliOp.from_sparse_list(terms, num_qubits=n)


def run(n, reference):
    qc = n_local(n, ["ry", "rz"], "cz", entanglement="linear", reps=2)
    values = np.random.default_rng(3).uniform(-0.3, 0.3, (4, qc.num_parameters))
    obs = ising(n)
    ours = Estimator().run([(qc, obs, values)]).result()[0]
    print(f"n={n}: {qc.num_parameters} parameters, engine {ours.metadata['engine']}, "
          f"exact {ours.metadata['exact']}, <H> = {np.round(ours.data.evs, 6)}")
    if reference:
        ref = StatevectorEstimator().run([(qc, obs, values)]).result()[0]
        diff = np.abs(ours.data.evs - ref.data.evs).max()
        print(f"        StatevectorEstimator agrees to {diff:.1e}")
        return diff < 1e-10
    return True


if __name__ == "__main__":
    ok = run(10, reference=True) and run(40, reference=False)
    sys.exit(0 if ok else 1)
