"""A PennyLane QCNN on 64 qubits: checked for classical simulability by plateau, then trained
on the plateau device with the route the verdict chose.

The QCNN (Cong, Choi & Lukin 2019) is the zoo's: convolution blocks RY RY CZ RY RY on
neighbouring active pairs, pooling by a controlled RX from the discarded qubit onto the kept
one, halving down to wire 0; the cost is <Z0>. Parameters start small (a warm start), where
Pauli propagation truncated by weight has a certified error bound. The verdict's
cross-check runs the same QCNN on 8 qubits against an exact engine. Training uses Pauli
propagation truncated at weight 4 (its reverse sweep gives the whole gradient in one pass; the
verdict's own route may be an engine whose gradient costs a run per parameter).
Usage: python qcnn_pennylane.py [N] [STEPS]"""

import sys

import numpy as np
import pennylane as qml
from pennylane import numpy as pnp

import plateau


def qcnn_layout(n):
    """The gates as (kind, wires), each taking its parameters in order: block 4, pool 1."""
    gates, active = [], list(range(n))
    while len(active) > 1:
        for start in (0, 1):
            for i in range(start, len(active) - 1, 2):
                gates.append(("block", (active[i], active[i + 1])))
        for i in range(0, len(active) - 1, 2):
            gates.append(("pool", (active[i + 1], active[i])))
        active = active[::2]
    return gates


def qcnn(n):
    gates = qcnn_layout(n)
    nparams = sum(4 if kind == "block" else 1 for kind, _ in gates)

    def body(x):
        k = 0
        for kind, (a, b) in gates:
            if kind == "block":
                qml.RY(x[k], a)
                qml.RY(x[k + 1], b)
                qml.CZ([a, b])
                qml.RY(x[k + 2], a)
                qml.RY(x[k + 3], b)
                k += 4
            else:
                qml.CRX(x[k], [a, b])
                k += 1
        return qml.expval(qml.Z(0))
    return body, nparams


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    body, nparams = qcnn(n)
    x = pnp.array(np.random.default_rng(7).uniform(-0.2, 0.2, nparams), requires_grad=True)

    # 1. Is it simulable? The QNode's tape becomes a plateau model; the verdict names a route.
    model = plateau.Model.from_pennylane(qml.QNode(body, qml.device("default.qubit", wires=n)),
                                         x, wire_order=range(n))
    body8, nparams8 = qcnn(8)
    x8 = np.random.default_rng(8).uniform(-0.2, 0.2, nparams8)
    reduced = plateau.Model.from_pennylane(
        qml.QNode(body8, qml.device("default.qubit", wires=8)), x8, wire_order=range(8))
    verdict = plateau.check(model, "Z0", x, tolerance=1e-3, budget=30, reduced=reduced,
                            reduced_params=x8)
    print(f"QCNN n={n}: {model.nparams} parameters, {model.nops} ops, depth {model.depth}")
    print(f"verdict: {verdict.status} ({verdict.certified}) via {verdict.engine or 'none'} "
          f"[{verdict.setting}] value {verdict.value:.6f} error bound {verdict.error_bound:.2e}")
    if not verdict.route_found:
        print("no classical route: stop")
        return 1

    # 2. Train on the plateau device: Pauli propagation truncated at weight 4 (a surrogate
    # whose gradient comes in one reverse sweep); the end point is then evaluated again by the
    # verdict's route, with its rigorous bound.
    settings = {"max_weight": 4}
    dev = qml.device("plateau", wires=n, engine="pauliprop", **settings)
    cost = qml.QNode(body, dev, diff_method="best")
    opt = qml.AdamOptimizer(0.05)
    print(f"training on qml.device('plateau', engine='pauliprop', max_weight=4)")
    start = float(cost(x))
    for step in range(1, steps + 1):
        x, value = opt.step_and_cost(cost, x)
        if step % 5 == 0 or step == 1:
            print(f"  step {step:3d}  <Z0> {float(value):+.6f}")
    final = float(cost(x))
    print(f"<Z0> (pauliprop, weight <= 4): {start:+.6f} -> {final:+.6f}")
    route = {k.replace("-", "_"): float(v) for k, v in
             (item.split("=", 1) for item in verdict.setting.split() if "=" in item)}
    end = plateau.simulate(model, "Z0", np.asarray(x), engine=verdict.engine, **route)
    print(f"<Z0> at the end by {end.engine} {verdict.setting}: {end.value:+.6f} "
          f"(error bound {end.error:.1e})")
    return 0 if final < start else 1


if __name__ == "__main__":
    sys.exit(main())
