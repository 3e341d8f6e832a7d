"""Classical shadows: shots in random Pauli bases from a state, and estimates from them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ._ffi import ffi, lib, new
from .errors import bad_input, check
from .model import Model
from .observables import as_observable
from .simulate import amplitudes
from .states import as_state


class Shadows:
    """Shot data: each shot measured every qubit in a random Pauli basis (plateau/shadows.h)."""

    def __init__(self, ptr: Any):
        self._p = ffi.gc(ptr, lib.plt_shadows_free)

    @property
    def nqubits(self) -> int:
        return lib.plt_shadows_nqubits(self._p)

    def __len__(self) -> int:
        return lib.plt_shadows_nshots(self._p)

    def shot(self, i: int) -> tuple[str, str]:
        """Shot i as (bases, bits), character k for qubit k."""
        if not 0 <= i < len(self):
            raise bad_input(f"shot {i} is out of range ({len(self)} shots)")
        n = self.nqubits
        b, r = ffi.new("char[]", n + 1), ffi.new("char[]", n + 1)
        check(lib.plt_shadows_shot(self._p, i, b, r))
        return ffi.string(b).decode(), ffi.string(r).decode()

    def save(self, path: str | os.PathLike) -> None:
        """Writes the file format of plateau/shadows.h (``--state shadows:FILE`` reads it)."""
        check(lib.plt_shadows_write_file(self._p, os.fspath(path).encode()))

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Shadows":
        out = ffi.new("plt_shadows **")
        check(lib.plt_shadows_read_file(os.fspath(path).encode(), out))
        return cls(out[0])


@dataclass
class Estimate:
    """Median-of-means value and its confidence interval."""
    value: float
    ci_low: float
    ci_high: float
    confidence: float
    groups: int
    shots: int


def sample(state: Any, shots: int, seed: int = 1, nqubits: int | None = None,
           params: Any = None) -> Shadows:
    """Shots from a state: a state spec or amplitudes on ``nqubits`` qubits, or a Model (with
    its params) prepared from |0...0> by the state vector."""
    if isinstance(state, Model):
        n, st = state.nqubits, as_state(amplitudes(state, params), state.nqubits)
    else:
        if nqubits is None:
            raise bad_input("shadows.sample: give nqubits for a state spec or array")
        n, st = nqubits, as_state(state if state is not None else "zero", nqubits)
    del n
    out = ffi.new("plt_shadows **")
    check(lib.plt_shadows_sample_state(st._s, int(shots), int(seed), ffi.NULL, out))
    return Shadows(out[0])


def estimate(shadows: Shadows, obs: Any, confidence: float = 0.95, groups: int = 0) -> Estimate:
    """Estimates <obs> from the shots (median of means with ``groups`` groups, 0: default)."""
    o = as_observable(obs, shadows.nqubits)
    e = new("plt_shadow_estimate")
    check(lib.plt_shadows_estimate_sum(shadows._p, o._p, float(confidence), int(groups), e))
    return Estimate(e.value, e.ci_low, e.ci_high, e.confidence, e.groups, e.shots)
