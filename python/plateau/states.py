"""Initial states: the CLI's state specs or numpy arrays of amplitudes."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._ffi import ffi, lib
from .errors import bad_input, check


class State:
    """An initial state on ``nqubits`` qubits, owned by the C library."""

    def __init__(self, ptr: Any):
        self._s = ffi.gc(ptr, lib.plt_state_free)

    @property
    def nqubits(self) -> int:
        return lib.plt_state_nqubits(self._s)


def as_state(obj: Any, nqubits: int) -> State | None:
    """None (|0...0>), a State, a spec as the CLI's --state takes it ("zero", "basis:0110",
    "product:FILE", "qasm:FILE", "shadows:FILE", "vector:FILE", "expect:FILE"), or a numpy
    array of 2^n amplitudes (index bit k is qubit k) of norm 1."""
    if obj is None:
        return None
    if isinstance(obj, State):
        if obj.nqubits != nqubits:
            raise bad_input(f"state: it is on {obj.nqubits} qubits, the model on {nqubits}")
        return obj
    out = ffi.new("plt_state **")
    if isinstance(obj, str):
        check(lib.plt_state_parse(obj.encode(), nqubits, b"state", out))
        return State(out[0])
    arr = np.asarray(obj)
    dim = 1 << nqubits if nqubits < 63 else 0
    if arr.ndim != 1 or arr.shape[0] != dim:
        raise bad_input(f"state: an array of 2^{nqubits} = {dim} amplitudes expected, got "
                        f"shape {arr.shape}")
    amps = np.ascontiguousarray(arr, dtype=np.complex128).view(np.float64)
    check(lib.plt_state_new_vector(nqubits, ffi.from_buffer("double[]", amps), out))
    return State(out[0])
