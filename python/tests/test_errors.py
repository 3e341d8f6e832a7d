"""Bad input ends in plateau.Error (a ValueError) with the library's message."""

import numpy as np
import pytest

import plateau


def test_wrong_parameter_shape():
    m = plateau.Model(2)
    m.rotation("X0", m.add_param())
    with pytest.raises(ValueError, match=r"params: expected shape \(1,\).*got shape \(2,\)"):
        plateau.simulate(m, "Z0", [0.1, 0.2])
    with pytest.raises(ValueError, match="has no initial value"):
        plateau.simulate(m, "Z0")


def test_qasm_error_has_line_and_column():
    text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nfoo q[0];\n"
    with pytest.raises(plateau.Error) as e:
        plateau.Model.from_qasm(text)
    assert isinstance(e.value, ValueError)
    assert e.value.line == 4 and "foo" in e.value.message


def test_observable_errors():
    with pytest.raises(ValueError, match="out of range"):
        plateau.simulate(plateau.Model(2), "Z5", [])
    with pytest.raises(ValueError, match="Hermitian"):
        plateau.Observable.from_terms([([(0, "X")], 1j)], 2)
    with pytest.raises(ValueError, match="cannot read"):
        plateau.as_observable(3.0, 2)


def test_unknown_engine_and_setting():
    m = plateau.Model(1)
    with pytest.raises(ValueError, match="nope"):
        plateau.simulate(m, "Z0", [], engine="nope")
    with pytest.raises(ValueError, match="no-such-knob"):
        plateau.simulate(m, "Z0", [], no_such_knob=1)


def test_state_array_shape():
    with pytest.raises(ValueError, match=r"2\^2 = 4 amplitudes expected, got shape \(3,\)"):
        plateau.simulate(plateau.Model(2), "Z0", [], state=np.ones(3))
