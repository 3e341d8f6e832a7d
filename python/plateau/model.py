"""Models: a circuit of the plateau IR (Clifford gates and Pauli rotations with affine angles
in the model's parameters), built op by op or read from OpenQASM, Qiskit or PennyLane."""

from __future__ import annotations

import math
import os
from typing import Any, Mapping, Sequence

import numpy as np

from ._ffi import ffi, lib, new
from .errors import bad_input, check

# An angle: (parameter index or -1 for a constant, a, b), theta = a * params[index] + b.
Angle = tuple


class Model:
    """A parameterised circuit on ``nqubits`` qubits (qubit 0 first).

    ``R_P(theta) = exp(-i theta P / 2)`` with ``theta = a * params[k] + b``; several rotations
    may share a parameter. Make one empty and add ops (:meth:`rotation`, :meth:`clifford`), or
    read one: :meth:`from_qasm`, :meth:`from_qiskit`, :meth:`from_pennylane`, :meth:`from_zoo`.
    """

    def __init__(self, nqubits: int):
        if not isinstance(nqubits, (int, np.integer)) or nqubits < 1:
            raise bad_input(f"Model: nqubits must be a positive integer, got {nqubits!r}")
        out = ffi.new("plt_circuit **")
        check(lib.plt_circuit_new(int(nqubits), out))
        self._set(out[0])

    def _set(self, ptr: Any) -> None:
        self._c = ffi.gc(ptr, lib.plt_circuit_free)
        self._n = lib.plt_circuit_nqubits(ptr)
        sp = ffi.new("plt_pstring **")
        check(lib.plt_pstring_new(self._n, sp))
        self._gen = ffi.gc(sp[0], lib.plt_pstring_free)

    @classmethod
    def _wrap(cls, ptr: Any) -> "Model":
        m = cls.__new__(cls)
        m._set(ptr)
        return m

    # ---------- what it holds ----------

    @property
    def nqubits(self) -> int:
        return self._n

    @property
    def nparams(self) -> int:
        return lib.plt_circuit_nparams(self._c)

    @property
    def nops(self) -> int:
        return lib.plt_circuit_nops(self._c)

    @property
    def depth(self) -> int:
        return lib.plt_circuit_depth(self._c)

    @property
    def param_names(self) -> list[str]:
        return [ffi.string(lib.plt_circuit_param_name(self._c, k)).decode()
                for k in range(self.nparams)]

    @property
    def param_init(self) -> np.ndarray:
        """Initial values of the parameters (NaN where none was given)."""
        return np.array([lib.plt_circuit_param_init(self._c, k) for k in range(self.nparams)])

    def __repr__(self) -> str:
        return (f"Model(nqubits={self.nqubits}, nparams={self.nparams}, nops={self.nops}, "
                f"depth={self.depth})")

    # ---------- building ----------

    def add_param(self, name: str | None = None, init: float = math.nan) -> int:
        """Declares a parameter and returns its index (names must be distinct)."""
        if name is None:
            name = f"p{self.nparams}"
        idx = ffi.new("int *")
        check(lib.plt_circuit_add_param(self._c, str(name).encode(), float(init), idx))
        return idx[0]

    def _param(self, param: int | str | None) -> int:
        if param is None:
            return -1
        if isinstance(param, str):
            k = lib.plt_circuit_param_index(self._c, param.encode())
            if k < 0:
                raise bad_input(f"rotation: no parameter named '{param}' (declare it with "
                                "add_param)")
            return k
        return int(param)

    def rotation(self, pauli: str | Mapping[int, str], param: int | str | None = None,
                 a: float = 1.0, b: float = 0.0) -> "Model":
        """Appends ``R_P(a * params[param] + b)`` (``param`` None: the constant angle ``b``).

        ``pauli``: indexed text ``"X0*Z3"``, dense text ``"XIZ"`` (character k is qubit k) or a
        mapping ``{qubit: letter}``."""
        k = self._param(param)
        if isinstance(pauli, str):
            sp = ffi.new("plt_pstring **")
            check(lib.plt_pstring_parse(pauli.encode(), self._n, b"rotation", sp))
            gen = ffi.gc(sp[0], lib.plt_pstring_free)
            check(lib.plt_circuit_add_rotation(self._c, gen, k, float(a), float(b)))
            return self
        return self._rotation_map(pauli, k, a, b)

    def _rotation_map(self, pauli: Mapping[int, str] | Sequence[tuple[int, str]], k: int,
                      a: float, b: float) -> "Model":
        items = pauli.items() if isinstance(pauli, Mapping) else pauli
        gen = self._gen
        touched = []
        try:
            for q, letter in items:
                check(lib.plt_pstring_set(gen, int(q), letter.encode()))
                touched.append(int(q))
            check(lib.plt_circuit_add_rotation(self._c, gen, k, float(a), float(b)))
        finally:
            for q in touched:
                lib.plt_pstring_set(gen, q, b"I")
        return self

    def clifford(self, name: str, *qubits: int) -> "Model":
        """Appends a Clifford gate of the IR by name (h, s, sdg, x, y, z, sx, sxdg, cx, cy, cz,
        swap, iswap, ecr) on the given qubits (q[0] first: the control of cx)."""
        g = lib.plt_gate_by_name(name.lower().encode())
        if g == lib.PLT_GATE_COUNT:
            raise bad_input(f"clifford: '{name}' is not a Clifford gate of the IR (h, s, sdg, "
                            "x, y, z, sx, sxdg, cx, cy, cz, swap, iswap, ecr)")
        qs = ffi.new("int[2]", [int(q) for q in qubits[:2]] + [0] * (2 - len(qubits[:2])))
        check(lib.plt_circuit_add_clifford(self._c, g, qs))
        return self

    def unitary(self, matrix: Any, *qubits: int) -> "Model":
        """Appends a general 1- or 2-qubit unitary (the state vector engine only); qubits[0]
        is the low bit of the matrix's row index."""
        u = np.ascontiguousarray(matrix, dtype=np.complex128)
        d = 1 << len(qubits)
        if len(qubits) not in (1, 2) or u.shape != (d, d):
            raise bad_input(f"unitary: a {d}x{d} matrix on 1 or 2 qubits expected, got shape "
                            f"{u.shape} on {len(qubits)} qubits")
        buf = np.ascontiguousarray(u.view(np.float64))
        check(lib.plt_circuit_add_unitary(self._c, len(qubits), ffi.new("int[]", list(qubits)),
                                          ffi.from_buffer("double[]", buf)))
        return self

    def copy(self) -> "Model":
        out = ffi.new("plt_circuit **")
        check(lib.plt_circuit_clone(self._c, out))
        return Model._wrap(out[0])

    def to_qasm(self) -> str:
        """The circuit as OpenQASM 3 (exact; parameters as ``input float[64]``)."""
        out = ffi.new("char **")
        check(lib.plt_qasm_write_string(self._c, out))
        try:
            return ffi.string(out[0]).decode()
        finally:
            lib.plt_free(out[0])

    # ---------- readers ----------

    @classmethod
    def from_qasm(cls, source: str | os.PathLike) -> "Model":
        """Reads OpenQASM 2 or 3: a path to a file, or the text itself."""
        origin = "qasm"
        if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source
                                                and "OPENQASM" not in source):
            origin = os.fspath(source)
            try:
                with open(origin, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise bad_input(f"{origin}: cannot read the file ({e.strerror})") from None
        else:
            data = source.encode()
        out = ffi.new("plt_circuit **")
        check(lib.plt_qasm_parse(data, len(data), origin.encode(), out, ffi.NULL))
        return cls._wrap(out[0])

    @classmethod
    def from_qiskit(cls, circuit: Any) -> "Model":
        """Walks a ``qiskit.QuantumCircuit``: parameters in ``circuit.parameters`` order (the
        order Qiskit binds values in); angles affine in one parameter; gates outside the IR
        through their definitions; anything else refused naming the instruction."""
        from ._qiskit_convert import model_from_qiskit
        return model_from_qiskit(circuit)

    @classmethod
    def from_pennylane(cls, tape: Any, *args: Any, wire_order: Sequence[Any] | None = None,
                       **kwargs: Any) -> "Model":
        """A PennyLane tape (or a QNode called with ``*args, **kwargs``): one parameter per
        gate parameter of the tape (gates outside the IR decomposed first), in tape order,
        initialised at its value. The tape's
        measurements are not part of the model (see :func:`plateau.pennylane.tape_observables`).
        """
        from ._pennylane_convert import expand, model_from_tape, tape_of
        model, _ = model_from_tape(expand(tape_of(tape, *args, **kwargs)), wire_order=wire_order)
        return model

    @classmethod
    def from_zoo(cls, family: str, nqubits: int, layers: int = 0, seed: int = 1,
                 eps: float = 0.0) -> tuple["Model", Any, float]:
        """A family of plateau's model zoo: (model, observable, parameter range)."""
        from .observables import Observable
        zm = new("plt_zoo_model")
        check(lib.plt_zoo_build(family.encode(), int(nqubits), int(layers), int(seed),
                                float(eps), zm))
        return cls._wrap(zm.circuit), Observable(zm.obs), zm.param_range


def zoo_families() -> list[str]:
    """The names of the zoo's families."""
    return [ffi.string(lib.plt_zoo_name(i)).decode() for i in range(lib.plt_zoo_count())]


def as_model(obj: Any) -> Model:
    """A Model from a Model, a Qiskit circuit, a PennyLane tape, or QASM text or path."""
    if isinstance(obj, Model):
        return obj
    mod = type(obj).__module__
    if mod.startswith("qiskit"):
        return Model.from_qiskit(obj)
    if mod.startswith("pennylane"):
        return Model.from_pennylane(obj)
    if isinstance(obj, (str, os.PathLike)):
        return Model.from_qasm(obj)
    raise bad_input(f"model: cannot read a {type(obj).__name__} (give a plateau.Model, a Qiskit "
                    "QuantumCircuit, a PennyLane tape, or OpenQASM text or a path)")
