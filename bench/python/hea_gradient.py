"""The gradient of a 400-parameter hardware-efficient ansatz at n = 20 through PennyLane:
qml.device("plateau") against lightning.qubit with diff_method="adjoint", side by side on the
same QNode body (bench/python/RESULTS.md).   Usage: python hea_gradient.py [N] [LAYERS] [REPEATS]"""

import sys
import time

import numpy as np
import pennylane as qml
from pennylane import numpy as pnp


def hea(n, layers):
    def body(x):
        k = 0
        for _ in range(layers):
            for q in range(n):
                qml.RY(x[k], q)
                qml.RZ(x[k + 1], q)
                k += 2
            for q in range(n - 1):
                qml.CNOT([q, q + 1])
        return qml.expval(qml.Z(0) @ qml.Z(1) + 0.5 * qml.X(n // 2))
    return body


def timed(f, x, repeats):
    g = qml.grad(f)(x)  # the first call plans (and caches the plan)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        g = qml.grad(f)(x)
        best = min(best, time.perf_counter() - t0)
    return best, g


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    layers = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    x = pnp.array(np.random.default_rng(1).uniform(-np.pi, np.pi, 2 * n * layers),
                  requires_grad=True)
    body = hea(n, layers)
    rows = []
    for label, dev, method in [
            ("plateau auto", qml.device("plateau", wires=n), "best"),
            ("plateau statevector", qml.device("plateau", wires=n, engine="statevector"), "best"),
            ("lightning.qubit adjoint", qml.device("lightning.qubit", wires=n), "adjoint")]:
        t, g = timed(qml.QNode(body, dev, diff_method=method), x, repeats)
        rows.append((label, t, g))
    ref = rows[-1][2]
    for label, t, g in rows:
        print(f"{label:26s} n={n} params={x.size}: {t:8.3f} s  ({rows[-1][1] / t:5.1f}x lightning)"
              f"  max |grad - lightning| {np.abs(g - ref).max():.1e}")


if __name__ == "__main__":
    main()
