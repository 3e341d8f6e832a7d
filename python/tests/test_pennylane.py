"""The PennyLane device against default.qubit: values, gradients, training, refusals."""

import numpy as np
import pytest

qml = pytest.importorskip("pennylane")
from pennylane import numpy as pnp  # noqa: E402

import plateau  # noqa: E402
from plateau._pennylane_convert import model_from_tape  # noqa: E402
from plateau.pennylane import PlateauDevice  # noqa: E402

ONE = [qml.RX, qml.RY, qml.RZ, qml.PhaseShift]
TWO = [qml.IsingXX, qml.IsingYY, qml.IsingZZ, qml.IsingXY, qml.CRX, qml.CRY, qml.CRZ,
       qml.ControlledPhaseShift]
FIXED = [qml.Hadamard, qml.S, qml.T, qml.SX, qml.PauliX, qml.PauliY]
FIXED2 = [qml.CNOT, qml.CZ, qml.CY, qml.SWAP, qml.ISWAP]


def random_circuit(rng, n, depth):
    """A list of (gate, number of parameters, wires), parameters taken in order."""
    ops = []
    for _ in range(depth):
        kind = rng.integers(6)
        w = [int(q) for q in rng.choice(n, 2, replace=False)]
        if kind == 0:
            ops.append((ONE[rng.integers(len(ONE))], 1, w[:1]))
        elif kind == 1:
            ops.append((TWO[rng.integers(len(TWO))], 1, w))
        elif kind == 2:
            ops.append((FIXED[rng.integers(len(FIXED))], 0, w[:1]))
        elif kind == 3:
            ops.append((FIXED2[rng.integers(len(FIXED2))], 0, w))
        elif kind == 4:
            ops.append((qml.Rot, 3, w[:1]))
        else:
            word = "".join(rng.choice(list("XYZ"), 2))
            ops.append((lambda t, wires, word=word: qml.PauliRot(t, word, wires=wires), 1, w))
    return ops


def make_qnode(dev, ops, obs, diff_method="best"):
    @qml.qnode(dev, diff_method=diff_method)
    def f(x):
        k = 0
        for gate, npar, wires in ops:
            gate(*x[k:k + npar], wires=wires)
            k += npar
        qml.Toffoli(wires=[0, 1, 2])
        return qml.expval(obs)
    return f


@pytest.mark.parametrize("engine", ["statevector", "pauliprop", "lightcone", "auto"])
def test_values_and_gradients_match_default_qubit(rng, engine):
    n = 4
    ops = random_circuit(rng, n, 24)
    npar = sum(o[1] for o in ops)
    obs = 0.6 * qml.Z(0) @ qml.X(2) - 0.3 * qml.Y(1) + qml.X(0) @ qml.X(1) @ qml.Z(3)
    x = pnp.array(rng.uniform(-np.pi, np.pi, npar), requires_grad=True)
    ours = make_qnode(qml.device("plateau", wires=n, engine=engine), ops, obs)
    ref = make_qnode(qml.device("default.qubit", wires=n), ops, obs)
    assert abs(ours(x) - ref(x)) < 1e-10
    assert np.allclose(qml.grad(ours)(x), qml.grad(ref)(x), atol=1e-10)


def test_matchgate_circuit_on_the_fermion_engine(rng):
    n = 4
    ops = [(qml.IsingXY, 1, [q, q + 1]) for q in range(n - 1)] * 2
    ops += [(qml.RZ, 1, [q]) for q in range(n)]
    x = pnp.array(rng.uniform(-np.pi, np.pi, len(ops)), requires_grad=True)

    def circuit(dev):
        @qml.qnode(dev)
        def f(x):
            qml.PauliX(0)
            qml.PauliX(2)
            for k, (g, _, w) in enumerate(ops):
                g(x[k], wires=w)
            return qml.expval(qml.Z(1) + 0.5 * qml.X(1) @ qml.X(2))
        return f
    ours = circuit(qml.device("plateau", wires=n, engine="fermion"))
    ref = circuit(qml.device("default.qubit", wires=n))
    assert abs(ours(x) - ref(x)) < 1e-10
    assert np.allclose(qml.grad(ours)(x), qml.grad(ref)(x), atol=1e-10)


def test_several_measurements_and_labelled_wires(rng):
    wires = ["a", "b", "c"]
    x = pnp.array(rng.uniform(-1, 1, 3), requires_grad=True)

    def circuit(dev):
        @qml.qnode(dev)
        def f(x):
            qml.RX(x[0], "a")
            qml.CNOT(["a", "c"])
            qml.RY(x[1], "b")
            qml.IsingZZ(x[2], ["b", "c"])
            return qml.expval(qml.Z("c")), qml.expval(qml.X("b") @ qml.Z("a"))
        return f
    ours = circuit(qml.device("plateau", wires=wires))
    ref = circuit(qml.device("default.qubit", wires=wires))
    assert np.allclose(ours(x), ref(x), atol=1e-10)
    assert np.allclose(qml.jacobian(lambda x: pnp.stack(ours(x)))(x),
                       qml.jacobian(lambda x: pnp.stack(ref(x)))(x), atol=1e-10)


def test_observables_in_every_form(rng):
    n = 3
    ops = random_circuit(rng, n, 12)
    npar = sum(o[1] for o in ops)
    x = rng.uniform(-1, 1, npar)
    ham = qml.Hamiltonian([0.5, -0.2], [qml.Z(0) @ qml.Z(1), qml.X(2)])
    tape_ref = qml.workflow.construct_tape(
        make_qnode(qml.device("default.qubit", wires=n), ops, ham))(x)
    ref = qml.device("default.qubit", wires=n).execute(tape_ref)
    model = plateau.Model.from_pennylane(tape_ref, wire_order=range(n))
    from qiskit.quantum_info import SparsePauliOp
    forms = [ham, ham.pauli_rep, qml.dot([0.5, -0.2], [qml.Z(0) @ qml.Z(1), qml.X(2)]),
             "0.5*Z0*Z1 - 0.2*X2", SparsePauliOp.from_list([("IZZ", 0.5), ("XII", -0.2)])]
    for obs in forms:
        assert abs(plateau.simulate(model, obs).value - ref) < 1e-10, obs


def test_training_loop_on_the_device():
    n = 4
    dev = qml.device("plateau", wires=n)

    @qml.qnode(dev)
    def cost(x):
        for q in range(n):
            qml.RY(x[q], q)
        for q in range(n - 1):
            qml.CNOT([q, q + 1])
        for q in range(n):
            qml.RX(x[n + q], q)
        return qml.expval(qml.Z(0) @ qml.Z(1) + qml.Z(2))

    x = pnp.array(np.full(2 * n, 0.3), requires_grad=True)
    opt = qml.GradientDescentOptimizer(0.2)
    start = cost(x)
    for _ in range(40):
        x = opt.step(cost, x)
    assert cost(x) < start - 1.0
    assert cost(x) < -1.5


def test_refusals_name_what_is_wrong():
    with pytest.raises(ValueError, match="finite shots"):
        qml.device("plateau", wires=2, shots=100)
    dev = qml.device("plateau", wires=2)

    @qml.set_shots(50)
    @qml.qnode(dev)
    def sampled():
        qml.Hadamard(0)
        return qml.expval(qml.Z(0))
    with pytest.raises(ValueError, match="finite shots"):
        sampled()

    @qml.qnode(dev)
    def probs():
        qml.Hadamard(0)
        return qml.probs(wires=0)
    with pytest.raises(Exception, match="not accepted|not supported"):
        probs()
    tape = qml.tape.QuantumScript([qml.QubitUnitary(np.eye(2), 0), qml.RX(0.1, 1)],
                                  [qml.expval(qml.Z(0))])
    with pytest.raises(ValueError, match="QubitUnitary on wires \\[0\\] is not supported"):
        model_from_tape(tape)
    with pytest.raises(ValueError, match="not registered"):
        qml.device("plateau", wires=2, engine="nope")


def test_entry_point_registers_the_device():
    assert isinstance(qml.device("plateau", wires=1), PlateauDevice)
