"""plateau.qiskit.Estimator against StatevectorEstimator, and Model.from_qiskit's refusals."""

import numpy as np
import pytest

pytest.importorskip("qiskit")
from qiskit import QuantumCircuit  # noqa: E402
from qiskit.circuit import Gate, Parameter, ParameterVector  # noqa: E402
from qiskit.circuit.library import efficient_su2  # noqa: E402
from qiskit.primitives import StatevectorEstimator  # noqa: E402
from qiskit.quantum_info import SparsePauliOp  # noqa: E402

import plateau  # noqa: E402
from plateau.qiskit import Estimator  # noqa: E402


def random_circuit(rng, n, depth):
    t = ParameterVector("t", depth)
    qc = QuantumCircuit(n)
    one = ["rx", "ry", "rz", "p"]
    two = ["rxx", "ryy", "rzz", "rzx", "crx", "cry", "crz", "cp"]
    fixed = ["h", "s", "sdg", "t", "tdg", "sx", "x", "y", "z"]
    fixed2 = ["cx", "cz", "cy", "swap", "iswap", "ecr"]
    for k in range(depth):
        a, b = (int(q) for q in rng.choice(n, 2, replace=False))
        angle = rng.uniform(-2, 2) * t[k] + rng.uniform(-1, 1)
        kind = rng.integers(5)
        if kind == 0:
            getattr(qc, str(rng.choice(one)))(angle, a)
        elif kind == 1:
            getattr(qc, str(rng.choice(two)))(angle, a, b)
        elif kind == 2:
            getattr(qc, str(rng.choice(fixed)))(a)
        elif kind == 3:
            getattr(qc, str(rng.choice(fixed2)))(a, b)
        else:
            qc.u(angle, t[k] * 0.5, 0.3, a)
    qc.ccx(0, 1, 2)
    return qc


@pytest.mark.parametrize("engine", ["statevector", "pauliprop", "lightcone", "auto"])
def test_estimator_matches_statevector_estimator(rng, engine):
    n = 4
    qc = random_circuit(rng, n, 20)
    obs = [[SparsePauliOp.from_list([("ZIXI", 0.7), ("IYII", -0.4)])],
           [SparsePauliOp("XXZI")]]
    vals = rng.uniform(-np.pi, np.pi, (3, qc.num_parameters))
    ours = Estimator(engine).run([(qc, obs, vals)]).result()[0]
    ref = StatevectorEstimator().run([(qc, obs, vals)]).result()[0]
    assert ours.data.evs.shape == ref.data.evs.shape == (2, 3)
    assert np.abs(ours.data.evs - ref.data.evs).max() < 1e-10
    assert ours.metadata["exact"] and ours.metadata["error_bound"] == 0.0
    assert ours.metadata["engine"] == (engine if engine != "auto" else ours.metadata["engine"])


def test_gradients_of_a_qiskit_model_match_finite_differences(rng):
    qc = efficient_su2(3, reps=2)
    model = plateau.Model.from_qiskit(qc)
    assert model.nparams == qc.num_parameters
    x = rng.uniform(-1, 1, model.nparams)
    obs = SparsePauliOp.from_list([("ZZI", 1.0), ("XIX", 0.5)])
    est = StatevectorEstimator()
    eps = 1e-6
    shifted = np.stack([x + eps * e for e in np.eye(x.size)] + [x - eps * e for e in np.eye(x.size)])
    vals = est.run([(qc, obs, shifted)]).result()[0].data.evs
    fd = (vals[:x.size] - vals[x.size:]) / (2 * eps)
    for engine in ("statevector", "pauliprop"):
        r = plateau.simulate(qc, obs, x, engine=engine, grad=True)
        assert np.allclose(r.gradient, fd, atol=1e-7)


def test_from_qiskit_refusals():
    p, q = Parameter("p"), Parameter("q")
    qc = QuantumCircuit(2)
    qc.rx(p * p, 0)
    with pytest.raises(ValueError, match=r"instruction 0 \(rx on qubits \[0\]\).*not affine"):
        plateau.Model.from_qiskit(qc)
    qc = QuantumCircuit(2)
    qc.h(1)
    qc.rzz(p + q, 0, 1)
    with pytest.raises(ValueError, match="instruction 1 .*depends on 2 parameters"):
        plateau.Model.from_qiskit(qc)
    qc = QuantumCircuit(2)
    qc.append(Gate("mystery", 1, []), [1])
    with pytest.raises(ValueError, match="gate 'mystery' is not supported"):
        plateau.Model.from_qiskit(qc)
    qc = QuantumCircuit(1, 1)
    qc.measure(0, 0)
    with pytest.raises(ValueError, match="remove the measure"):
        plateau.Model.from_qiskit(qc)
