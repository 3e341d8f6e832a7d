"""PennyLane-Lightning (lightning.qubit): per-gate times on its C++ state vector, and the
HEA gradient through a QNode with diff_method="adjoint". Threads: OMP_NUM_THREADS."""
import numpy as np
import pennylane as qml
from pennylane_lightning.lightning_qubit_ops import StateVectorC128
from common import best_of, gate_lists, report, reps_for, sizes

for n in sizes():
    sv = StateVectorC128(n)
    for name, gates in gate_lists(n):
        def run():
            for g in gates:
                if g[0] == "rx":
                    sv.RX([g[1]], False, [g[2]])
                elif g[0] == "cnot":
                    sv.CNOT([g[1], g[2]], False, [])
                elif g[0] == "cz":
                    sv.CZ([g[1], g[2]], False, [])
                else:
                    sv.applyPauliRot(g[2], False, [g[1]], "XYZX")
        report("lightning", name, n, best_of(run, reps_for(n)) / len(gates))
    if n == 20:
        dev = qml.device("lightning.qubit", wires=n)

        @qml.qnode(dev, diff_method="adjoint")
        def circ(w):
            for l in range(10):
                for q in range(n):
                    qml.RY(w[l, q, 0], wires=q)
                    qml.RZ(w[l, q, 1], wires=q)
                for q in range(n):
                    qml.CZ(wires=[q, (q + 1) % n])
            return qml.expval(qml.PauliZ(0))

        w = qml.numpy.array(np.random.default_rng(1).uniform(0, 6.28, (10, n, 2)), requires_grad=True)
        report("lightning", "hea_forward", n, best_of(lambda: circ(w), 3))
        g = qml.grad(circ)
        report("lightning", "hea_grad", n, best_of(lambda: g(w), 3))
