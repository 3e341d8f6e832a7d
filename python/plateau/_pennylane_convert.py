"""PennyLane tapes to plateau models: every gate the IR holds natively (Pauli rotations with
affine angles, Clifford gates); the device decomposes the others first (NATIVE)."""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from .errors import bad_input
from .model import Model

_CLIFFORD = {"Hadamard": "h", "PauliX": "x", "PauliY": "y", "PauliZ": "z", "S": "s",
             "SX": "sx", "CNOT": "cx", "CY": "cy", "CZ": "cz", "SWAP": "swap", "ISWAP": "iswap",
             "Adjoint(S)": "sdg", "Adjoint(SX)": "sxdg"}
_CONST = {"T": [("Z", math.pi / 4)], "Adjoint(T)": [("Z", -math.pi / 4)]}
_SKIP = {"Identity", "GlobalPhase", "Barrier", "Snapshot"}


def _rot1(letter: str) -> Callable:
    return lambda m, w, ang: _rot(m, [(w[0], letter)], ang)


def _rot(m: Model, factors: Sequence[tuple[int, str]], ang: tuple, scale: float = 1.0) -> None:
    k, a, b = ang
    m._rotation_map(factors, k, a * scale, b * scale)


def _rot_pp(letters: str) -> Callable:
    return lambda m, w, ang: _rot(m, [(w[0], letters[0]), (w[1], letters[1])], ang)


def _crot(letter: str) -> Callable:
    # |1><1| (x) R(theta) = R_{P_t}(theta/2) R_{Z_c P_t}(-theta/2): commuting rotations.
    def f(m: Model, w: Sequence[int], ang: tuple) -> None:
        _rot(m, [(w[1], letter)], ang, 0.5)
        _rot(m, [(w[0], "Z"), (w[1], letter)], ang, -0.5)
    return f


def _cphase(m: Model, w: Sequence[int], ang: tuple) -> None:
    # diag(1, 1, 1, e^{i phi}) = exp(i phi (1 - Z_c)(1 - Z_t) / 4) up to a global phase.
    _rot(m, [(w[0], "Z")], ang, 0.5)
    _rot(m, [(w[1], "Z")], ang, 0.5)
    _rot(m, [(w[0], "Z"), (w[1], "Z")], ang, -0.5)


def _ising_xy(m: Model, w: Sequence[int], ang: tuple) -> None:
    # exp(i phi (XX + YY) / 4): the two terms commute.
    _rot(m, [(w[0], "X"), (w[1], "X")], ang, -0.5)
    _rot(m, [(w[0], "Y"), (w[1], "Y")], ang, -0.5)


def _pauli_rot(m: Model, w: Sequence[int], ang: tuple, word: str) -> None:
    _rot(m, [(q, c) for q, c in zip(w, word) if c != "I"], ang)


# One-parameter gates: name -> f(model, wires, angle).
_ONE = {"RX": _rot1("X"), "RY": _rot1("Y"), "RZ": _rot1("Z"), "PhaseShift": _rot1("Z"),
        "U1": _rot1("Z"), "IsingXX": _rot_pp("XX"), "IsingYY": _rot_pp("YY"),
        "IsingZZ": _rot_pp("ZZ"), "IsingXY": _ising_xy, "CRX": _crot("X"), "CRY": _crot("Y"),
        "CRZ": _crot("Z"), "ControlledPhaseShift": _cphase, "CPhase": _cphase}
# Several angles: name -> [(letter, index of the angle)], applied first to last.
_EULER = {"Rot": [("Z", 0), ("Y", 1), ("Z", 2)], "U3": [("Z", 2), ("Y", 0), ("Z", 1)]}

NATIVE = set(_CLIFFORD) | set(_CONST) | set(_SKIP) | set(_ONE) | set(_EULER) | {
    "PauliRot", "MultiRZ", "BasisState"}


def supported(op: Any) -> bool:
    """1 when the converter takes op as it is (the device's decomposition stopping rule)."""
    if op.name == "BasisState":
        return True
    return op.name in NATIVE


def expand(tape: Any) -> Any:
    """The tape with every gate the converter does not take decomposed by PennyLane."""
    from pennylane.devices.preprocess import decompose
    (out,), _ = decompose(tape, stopping_condition=supported, skip_initial_state_prep=False,
                          name="plateau")
    return out


def tape_of(obj: Any, *args: Any, **kwargs: Any) -> Any:
    """A tape from a tape or a QNode with its arguments."""
    import pennylane as qml
    if isinstance(obj, qml.tape.QuantumScript):
        return obj
    if isinstance(obj, qml.QNode) or callable(obj):
        return qml.workflow.construct_tape(obj)(*args, **kwargs)
    raise bad_input(f"from_pennylane: a tape or a QNode expected, got {type(obj).__name__}")


def model_from_tape(tape: Any, wire_order: Sequence[Any] | None = None,
                    trainable_only: bool = False) -> tuple[Model, np.ndarray]:
    """(model, parameter values): a plateau parameter per gate parameter of the tape (only the
    trainable ones with trainable_only; the others become constant angles), in tape order."""
    wires = list(wire_order) if wire_order is not None else list(tape.wires)
    if not wires:
        wires = [0]
    wmap = {w: i for i, w in enumerate(wires)}
    m = Model(len(wires))
    trainable = set(tape.trainable_params)
    values: list[float] = []
    pnum = 0
    for idx, op in enumerate(tape.operations):
        try:
            w = [wmap[x] for x in op.wires]
        except KeyError:
            raise bad_input(f"{op.name}: wires {list(op.wires)} are not all among the device's "
                            f"wires {wires}") from None
        if op.name == "BasisState":
            if idx != 0:
                raise bad_input("BasisState: plateau takes it only as the first operation")
            bits = np.asarray(op.data[0]).astype(int)
            for q, bit in zip(w, bits):
                if bit:
                    m.clifford("x", q)
            pnum += len(op.data)
            continue
        name = op.name
        if name not in NATIVE:
            raise bad_input(f"{name} on wires {list(op.wires)} is not supported by plateau (its "
                            "IR holds Pauli rotations and Clifford gates; decompose it first, "
                            "e.g. run it on qml.device('plateau'), which does)")
        angles = []
        for p in op.data:
            v = float(np.real(np.asarray(p)))
            if not trainable_only or pnum in trainable:
                angles.append((m.add_param(f"p{pnum}", v), 1.0, 0.0))
                values.append(v)
            else:
                angles.append((-1, 0.0, v))
            pnum += 1
        if name in _SKIP:
            continue
        if name in _CLIFFORD:
            m.clifford(_CLIFFORD[name], *w)
        elif name in _CONST:
            for letter, theta in _CONST[name]:
                m._rotation_map([(w[0], letter)], -1, 0.0, theta)
        elif name in _ONE:
            _ONE[name](m, w, angles[0])
        elif name in _EULER:
            for letter, j in _EULER[name]:
                _rot(m, [(w[0], letter)], angles[j])
        elif name == "PauliRot":
            _pauli_rot(m, w, angles[0], op.hyperparameters["pauli_word"])
        elif name == "MultiRZ":
            _pauli_rot(m, w, angles[0], "Z" * len(w))
        else:
            raise bad_input(f"{name} on wires {list(op.wires)} is not supported by plateau (its "
                            "IR holds Pauli rotations and Clifford gates; decompose it first, "
                            "e.g. run it on qml.device('plateau'), which does)")
    return m, np.array(values, dtype=np.float64)
