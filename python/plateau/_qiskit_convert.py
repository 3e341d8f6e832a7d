"""Qiskit circuits to plateau models: the instructions walked one by one; angles affine in at
most one parameter; gates outside the IR through their definitions."""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

from .errors import bad_input
from .model import Model

_CLIFFORD = {"h", "s", "sdg", "x", "y", "z", "sx", "sxdg", "cx", "cy", "cz", "swap", "iswap",
             "ecr"}
_SKIP = {"barrier", "id", "delay", "global_phase"}


def _angle(value: Any, index: dict, where: Callable[[], str]) -> tuple:
    """(plateau parameter or -1, a, b) with theta = a * param + b."""
    from qiskit.circuit import ParameterExpression
    if not isinstance(value, ParameterExpression):
        return (-1, 0.0, float(value))
    params = list(value.parameters)
    if not params:
        return (-1, 0.0, float(value))
    if len(params) > 1:
        raise bad_input(f"{where()}: the angle {value} depends on {len(params)} parameters; "
                        "plateau takes angles affine in one parameter (a*p + b)")
    p = params[0]
    slope = value.gradient(p)
    if isinstance(slope, ParameterExpression) and slope.parameters:
        raise bad_input(f"{where()}: the angle {value} is not affine in {p.name} (its "
                        f"derivative {slope} depends on it); plateau takes a*p + b")
    a = float(slope) if not isinstance(slope, ParameterExpression) else float(complex(slope).real)
    b = value.assign(p, 0.0)
    b = float(complex(b).real) if isinstance(b, ParameterExpression) else float(b)
    return (index[p], a, b)


def _rot(m: Model, factors: Sequence[tuple[int, str]], ang: tuple, scale: float = 1.0) -> None:
    k, a, b = ang
    m._rotation_map(factors, k, a * scale, b * scale)


def _neg(ang: tuple) -> tuple:
    return (ang[0], -ang[1], -ang[2])


def _apply(m: Model, op: Any, qs: list[int], index: dict, where: Callable[[], str]) -> None:
    name = op.name
    if name in _SKIP:
        return
    if name in ("measure", "reset") or getattr(op, "condition", None) is not None:
        raise bad_input(f"{where()}: plateau evaluates expectation values of unitary circuits; "
                        f"remove the {name} (measurements are the observable's job)")
    if name in _CLIFFORD:
        m.clifford(name, *qs)
        return
    ang = [_angle(p, index, where) for p in op.params] if op.params else []
    one = {"rx": "X", "ry": "Y", "rz": "Z", "p": "Z", "u1": "Z"}
    two = {"rxx": "XX", "ryy": "YY", "rzz": "ZZ", "rzx": "ZX"}
    if name in one:
        _rot(m, [(qs[0], one[name])], ang[0])
    elif name in two:
        _rot(m, [(qs[0], two[name][0]), (qs[1], two[name][1])], ang[0])
    elif name in ("t", "tdg"):
        _rot(m, [(qs[0], "Z")], (-1, 0.0, math.pi / 4 if name == "t" else -math.pi / 4))
    elif name in ("u", "u3", "u2"):
        # U(theta, phi, lam) = RZ(phi) RY(theta) RZ(lam) up to a global phase.
        theta, phi, lam = ([(-1, 0.0, math.pi / 2)] + ang) if name == "u2" else ang
        _rot(m, [(qs[0], "Z")], lam)
        _rot(m, [(qs[0], "Y")], theta)
        _rot(m, [(qs[0], "Z")], phi)
    elif name in ("crx", "cry", "crz"):
        # |1><1| (x) R(theta) = R_{P_t}(theta/2) R_{Z_c P_t}(-theta/2).
        letter = name[-1].upper()
        _rot(m, [(qs[1], letter)], ang[0], 0.5)
        _rot(m, [(qs[0], "Z"), (qs[1], letter)], ang[0], -0.5)
    elif name in ("cp", "cu1"):
        _rot(m, [(qs[0], "Z")], ang[0], 0.5)
        _rot(m, [(qs[1], "Z")], ang[0], 0.5)
        _rot(m, [(qs[0], "Z"), (qs[1], "Z")], ang[0], -0.5)
    elif name == "pauli":
        label = op.params[0] if isinstance(op.params[0], str) else str(op.params[0])
        for q, c in zip(qs, reversed(label)):
            if c != "I":
                m.clifford(c.lower(), q)
    elif op.definition is not None:
        d = op.definition
        local = {q: qs[i] for i, q in enumerate(d.qubits)}
        for j, inst in enumerate(d.data):
            _apply(m, inst.operation, [local[q] for q in inst.qubits], index,
                   lambda j=j, inst=inst: f"{where()} -> {inst.operation.name} (#{j} of its "
                                          "definition)")
    else:
        raise bad_input(f"{where()}: the gate '{name}' is not supported (plateau's IR holds "
                        "Pauli rotations and Clifford gates, and '{name}' has no definition to "
                        "expand)".replace("'{name}'", f"'{name}'"))


def model_from_qiskit(circuit: Any) -> Model:
    """The model of a QuantumCircuit; parameters in circuit.parameters order."""
    m = Model(max(circuit.num_qubits, 1))
    index = {p: m.add_param(p.name) for p in circuit.parameters}
    qidx = {q: i for i, q in enumerate(circuit.qubits)}
    for j, inst in enumerate(circuit.data):
        qs = [qidx[q] for q in inst.qubits]
        _apply(m, inst.operation, qs, index,
               lambda j=j, inst=inst, qs=qs: f"instruction {j} ({inst.operation.name} on qubits "
                                             f"{qs})")
    return m
