"""The dynamical Lie algebra of a model: dimension, ideals, purities, predicted variance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._ffi import ffi, lib, new
from .errors import check
from .model import as_model
from .observables import as_observable
from .states import as_state


@dataclass
class DLA:
    """The fields of ``plateau dla --json`` (None where they do not apply)."""
    qubits: int
    generators: int
    dimension: int
    complete: bool
    su_dimension: float
    is_su: bool
    pauli_basis: bool
    algebra: str
    centre_dimension: int | None
    ideals: list = field(default_factory=list)
    ideals_verified: bool = False
    purity_state: float | None = None
    purity_observable: float | None = None
    observable_outside_weight: float | None = None
    predicted_variance: float | None = None
    note: str = ""


def _algebra_name(circuit: Any) -> str:
    """The isomorphism type from the generators alone ("" when it cannot be classified)."""
    gens, ngens = ffi.new("plt_psum ***"), ffi.new("size_t *")
    if lib.plt_circuit_dla_generators(circuit, ffi.NULL, gens, ngens, ffi.NULL):
        lib.plt_error_clear()
        return ""
    cls = ffi.new("plt_lie_class **")
    name = ""
    if lib.plt_lie_classify(gens[0], ngens[0], cls) == 0:
        buf = ffi.new("char[]", 512)
        lib.plt_lie_class_name(cls[0], buf, 512)
        name = ffi.string(buf).decode()
        lib.plt_lie_class_free(cls[0])
    lib.plt_error_clear()
    for i in range(ngens[0]):
        lib.plt_psum_free(gens[0][i])
    lib.plt_free(gens[0])
    return name


def dla(model: Any, obs: Any = None, state: Any = None, max_dim: int = 0) -> DLA:
    """Lie closure of the model's generators (Cliffords absorbed first), its decomposition,
    the g-purities of the state and observable and the Lie-algebraic variance prediction of
    deep circuits (Ragone et al. 2024). max_dim caps the closure (0: 2^24)."""
    m = as_model(model)
    o = as_observable(obs, m.nqubits) if obs is not None else None
    st = as_state(state, m.nqubits)
    g, obs_out = ffi.new("plt_dla **"), ffi.new("plt_psum **")
    check(lib.plt_dla_of_circuit(m._c, o._p if o else ffi.NULL, int(max_dim), g,
                                 obs_out if o else ffi.NULL))
    gp = ffi.gc(g[0], lib.plt_dla_free)
    oc = ffi.gc(obs_out[0], lib.plt_psum_free) if o else ffi.NULL
    rep = new("plt_dla_report")
    check(lib.plt_dla_analyse(gp, st._s if st else ffi.NULL, oc, rep))
    try:
        ideals = [rep.ideal_dims[i] for i in range(rep.nideals)] if rep.decomposed else []
        return DLA(rep.nqubits, lib.plt_dla_ngens(gp), rep.dim, bool(rep.complete), rep.su_dim,
                   bool(rep.is_full), bool(rep.is_pauli), _algebra_name(m._c),
                   rep.centre_dim if rep.decomposed else None, ideals, bool(rep.verified),
                   rep.purity_state if rep.has_state or st is None else None,
                   rep.purity_obs if rep.has_obs else None,
                   rep.obs_outside if rep.has_obs else None,
                   rep.predicted_variance if rep.has_prediction else None,
                   ffi.string(rep.note).decode())
    finally:
        lib.plt_dla_report_clear(rep)
