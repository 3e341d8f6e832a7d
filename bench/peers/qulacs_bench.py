"""qulacs: per-gate times, 100-term expectation, HEA gradient (backprop). Threads: OMP_NUM_THREADS."""
import numpy as np
import qulacs
from qulacs.gate import CNOT, CZ, RX, PauliRotation
from common import best_of, gate_lists, pauli100, report, reps_for, sizes


def build(n, gates):
    c = qulacs.QuantumCircuit(n)
    for g in gates:
        if g[0] == "rx":
            c.add_gate(RX(g[1], -g[2]))  # qulacs RX(t) = exp(+i t X / 2)
        elif g[0] == "cnot":
            c.add_gate(CNOT(g[1], g[2]))
        elif g[0] == "cz":
            c.add_gate(CZ(g[1], g[2]))
        else:
            c.add_gate(PauliRotation(g[2], [1, 2, 3, 1], -g[1]))
    return c


for n in sizes():
    st = qulacs.QuantumState(n)
    for name, gates in gate_lists(n):
        c = build(n, gates)
        report("qulacs", name, n, best_of(lambda: c.update_quantum_state(st), reps_for(n)) / len(gates))
    if n in (20, 24):
        obs = qulacs.Observable(n)
        for coef, s in pauli100(n):
            txt = " ".join(f"{ch} {q}" for q, ch in enumerate(s) if ch != "I")
            obs.add_operator(coef, txt if txt else "")
        prep = qulacs.QuantumCircuit(n)
        for q in range(n):
            prep.add_RY_gate(q, -(0.3 + 0.1 * q))
        st.set_zero_state()
        prep.update_quantum_state(st)
        t = best_of(lambda: obs.get_expectation_value(st), 2 if n > 20 else 3)
        report("qulacs", "expval100", n, t)
    if n == 20:
        c = qulacs.ParametricQuantumCircuit(n)
        rng = np.random.default_rng(1)
        for _ in range(10):
            for q in range(n):
                c.add_parametric_RY_gate(q, rng.uniform(0, 6.28))
                c.add_parametric_RZ_gate(q, rng.uniform(0, 6.28))
            for q in range(n):
                c.add_CZ_gate(q, (q + 1) % n)
        obs = qulacs.Observable(n)
        obs.add_operator(1.0, "Z 0")

        def fwd():
            s = qulacs.QuantumState(n)
            c.update_quantum_state(s)
            obs.get_expectation_value(s)

        report("qulacs", "hea_forward", n, best_of(fwd, 3))
        report("qulacs", "hea_grad", n, best_of(lambda: c.backprop(obs), 3))
