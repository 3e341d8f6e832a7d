"""simulate / Simulator / check / dla / bp / train / shadows against independent numbers."""

import math

import numpy as np
import pytest

import plateau

PAULI = {"I": np.eye(2), "X": np.array([[0, 1], [1, 0]]), "Y": np.array([[0, -1j], [1j, 0]]),
         "Z": np.diag([1.0, -1.0])}


def dense_pauli(word):
    """The matrix of a dense word, character k on qubit k (bit k of the index)."""
    m = np.array([[1.0]])
    for c in word:
        m = np.kron(PAULI[c], m)
    return m


def random_model(rng, n, nrot):
    m = plateau.Model(n)
    for k in range(nrot):
        m.add_param(f"t{k}")
    for k in range(nrot):
        word = "".join(rng.choice(list("IXYZ"), n))
        if word == "I" * n:
            word = "X" + word[1:]
        m.rotation(word, k, a=rng.uniform(-2, 2), b=rng.uniform(-1, 1))
        if rng.random() < 0.5:
            q = rng.choice(n, 2, replace=False)
            m.clifford(str(rng.choice(["cx", "cz", "swap", "iswap"])), int(q[0]), int(q[1]))
        else:
            m.clifford(str(rng.choice(["h", "s", "sx", "sdg"])), int(rng.integers(n)))
    return m


def dense_value(model, obs, x):
    psi = plateau.amplitudes(model, x)
    mat = sum(c * dense_pauli(w) for w, c in obs.terms())
    return float(np.real(np.vdot(psi, mat @ psi)))


def test_simulate_matches_dense_oracle_for_every_engine_that_applies(rng):
    n = 4
    m = random_model(rng, n, 10)
    obs = plateau.Observable.parse("0.7*Z0*X2 - 0.4*Y1 + 0.2*X0*X1*X2*X3", n)
    x = rng.uniform(-math.pi, math.pi, m.nparams)
    ref = dense_value(m, obs, x)
    eps = 1e-6
    fd = np.array([(dense_value(m, obs, x + eps * e) - dense_value(m, obs, x - eps * e)) / (2 * eps)
                   for e in np.eye(m.nparams)])
    ran = []
    for engine in plateau.engines():
        try:
            r = plateau.simulate(m, obs, x, engine=engine, grad=True)
        except plateau.InputError as e:
            assert e.status == "unsupported" or "not" in e.message, e.message
            continue
        if not r.exact:
            continue
        ran.append(engine)
        assert r.engine == engine
        assert abs(r.value - ref) < 1e-10, (engine, r.value, ref)
        assert np.allclose(r.gradient, fd, atol=1e-7), (engine, r.gradient, fd)
    assert {"statevector", "pauliprop", "lightcone"} <= set(ran), ran


def test_simulator_reuses_its_plan_and_reports_the_engine(rng):
    m, obs, rng_range = plateau.Model.from_zoo("hea-local", 6)
    sim = plateau.Simulator(m, obs, engine="pauliprop")
    for _ in range(3):
        x = rng.uniform(-rng_range, rng_range, m.nparams)
        v, g = sim.value_and_grad(x)
        ref = plateau.simulate(m, obs, x, engine="statevector", grad=True)
        assert abs(v - ref.value) < 1e-10
        assert np.allclose(g, ref.gradient, atol=1e-10)
    assert sim.engine == "pauliprop" and sim.exact


def test_states_as_specs_and_arrays(rng):
    n = 3
    m = random_model(rng, n, 4)
    x = rng.uniform(-1, 1, 4)
    psi = rng.normal(size=8) + 1j * rng.normal(size=8)
    psi /= np.linalg.norm(psi)
    out = plateau.amplitudes(m, x, state=psi)
    mat = dense_pauli("ZXI")
    r = plateau.simulate(m, "Z0*X1", x, state=psi, engine="statevector")
    assert abs(r.value - np.real(np.vdot(out, mat @ out))) < 1e-10
    basis = plateau.simulate(m, "Z0*X1", x, state="basis:101", engine="statevector").value
    e = np.zeros(8)
    e[0b101] = 1
    out = plateau.amplitudes(m, x, state=e)
    assert abs(basis - np.real(np.vdot(out, mat @ out))) < 1e-10


def test_qasm_round_trip(rng, tmp_path):
    m = random_model(rng, 3, 5)
    x = rng.uniform(-1, 1, 5)
    path = tmp_path / "c.qasm"
    path.write_text(m.to_qasm())
    for back in (plateau.Model.from_qasm(path), plateau.Model.from_qasm(m.to_qasm())):
        assert back.nparams == 5
        assert abs(plateau.simulate(back, "X0*Y2", x).value
                   - plateau.simulate(m, "X0*Y2", x).value) < 1e-12


def test_dla_of_the_transverse_field_ising_chain_is_so_2n():
    # Generators X_i and Z_i Z_{i+1} on an open chain generate so(2n) (Wiersema et al. 2023).
    for n in (3, 4, 5):
        m = plateau.Model(n)
        for q in range(n):
            m.rotation(f"X{q}", m.add_param())
        for q in range(n - 1):
            m.rotation(f"Z{q}*Z{q + 1}", m.add_param())
        d = plateau.dla(m, "Z0")
        assert d.complete and d.dimension == n * (2 * n - 1), d
        assert "so" in d.algebra


def test_check_certifies_a_small_model(rng):
    m, obs, _ = plateau.Model.from_zoo("hea-local", 8)
    x = rng.uniform(-1, 1, m.nparams)
    v = plateau.check(m, obs, x, budget=10)
    assert v.simulable and v.status == "simulable" and v.certified == "exact"
    assert abs(v.value - plateau.simulate(m, obs, x, engine="statevector").value) < 1e-9
    assert any(r["engine"] == "statevector" and r["applies"] for r in v.routes)


def test_bp_separates_global_from_local_cost():
    glob = plateau.bp("hea-global", [4, 6, 8, 10], samples=60, budget=20, method="sample")
    assert [p["n"] for p in glob.points] == [4, 6, 8, 10]
    assert glob.decision == "exponential", glob.evidence

    def build(n):
        m, obs, r = plateau.Model.from_zoo("hea-local", n)
        return m, obs, r
    loc = plateau.bp(build, [4, 6, 8, 10], samples=60, budget=20, method="sample")
    assert loc.points[-1]["grad_mean"]["var"] > glob.points[-1]["grad_mean"]["var"]


def test_train_lowers_the_loss(rng):
    m, obs, _ = plateau.Model.from_zoo("hea-local", 4)
    x0 = rng.uniform(-1, 1, m.nparams)
    res = plateau.train(m, obs, x0, steps=40, lr=0.1)
    assert res.loss < res.history[0] - 0.1
    assert abs(res.loss - plateau.simulate(m, obs, res.params).value) < 1e-10


def test_shadows_estimate_within_interval():
    m = plateau.Model(2)
    m.rotation("Y0", None, b=0.6).clifford("cx", 0, 1)
    sh = plateau.shadows.sample(m, 4000, seed=3)
    assert len(sh) == 4000 and sh.nqubits == 2
    est = plateau.shadows.estimate(sh, "Z0*Z1 + 0.5*X0*X1")
    exact = plateau.simulate(m, "Z0*Z1 + 0.5*X0*X1").value
    assert est.ci_low <= exact <= est.ci_high
