"""Loss and gradient of a model through one engine: plan once, evaluate many times."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._ffi import ffi, lib, new
from ._options import make_opts
from .errors import bad_input, check
from .model import Model, as_model
from .observables import Observable, as_observable
from .states import State, as_state


@dataclass
class Result:
    """One evaluation: the value <psi|U^dag O U|psi>, the gradient (None unless asked), whether
    the engine is exact, a rigorous bound on |value error| (0 when exact), the engine that ran,
    the wall time, and the engine's statistics."""
    value: float
    gradient: np.ndarray | None
    exact: bool
    error: float
    engine: str
    seconds: float
    stats: dict = field(default_factory=dict)


def as_params(params: Any, model: Model) -> np.ndarray:
    """The parameter vector as contiguous float64 of shape (nparams,), or the model's initial
    values when params is None."""
    np_ = model.nparams
    if params is None:
        x = model.param_init
        if np.isnan(x).any():
            name = model.param_names[int(np.flatnonzero(np.isnan(x))[0])]
            raise bad_input(f"params: the model has {np_} parameter{'s' * (np_ != 1)} and "
                            f"'{name}' has no initial value; give params=[...]")
        return x
    x = np.ascontiguousarray(params, dtype=np.float64)
    if x.shape != (np_,):
        raise bad_input(f"params: expected shape ({np_},), one value per parameter of the model, "
                        f"got shape {x.shape}")
    return x


def model_parts(model: Any, obs: Any, state: Any = None) -> tuple[Model, Observable, State | None]:
    """The model, observable and state from any of the accepted forms."""
    m = as_model(model)
    return m, as_observable(obs, m.nqubits), as_state(state, m.nqubits)


class Simulator:
    """An engine planned for one model (circuit, observable, state): call it with parameter
    vectors. The plan does the parameter-independent work once, so repeated calls (training,
    a device's batches) cost only the evaluation.

    ``engine``: a registered engine name (see :func:`plateau.engines`) or "auto" (the cheapest
    that applies, exact engines first). ``settings``: the engine's own settings, e.g.
    ``max_weight=6`` for pauliprop (see :func:`plateau.engine_settings`)."""

    def __init__(self, model: Any, obs: Any, state: Any = None, engine: str = "auto", *,
                 threads: int = 0, max_memory: float = 0.0, noise: float = 0.0,
                 dephasing: float = 0.0, grad_method: str = "auto", **settings: Any):
        self.model, self.obs, self.state = model_parts(model, obs, state)
        opts, self._settings = make_opts(threads, max_memory, noise, dephasing, grad_method,
                                         settings)
        self._m = ffi.new("plt_model *")
        self._m.circuit = self.model._c
        self._m.obs = self.obs._p
        self._m.state = self.state._s if self.state is not None else ffi.NULL
        out = ffi.new("plt_engine **")
        check(lib.plt_engine_plan(str(engine).encode(), self._m, opts, out))
        self._e = ffi.gc(out[0], lib.plt_engine_free)
        self.engine = ffi.string(lib.plt_engine_plan_name(self._e)).decode()
        self.exact = bool(lib.plt_engine_exact(self._e))
        self.nparams = self.model.nparams
        self._loss = ffi.new("double *")

    def _eval(self, x: np.ndarray, grad: np.ndarray | None) -> float:
        g = ffi.from_buffer("double[]", grad) if grad is not None else ffi.NULL
        check(lib.plt_engine_loss(self._e, ffi.from_buffer("double[]", x), self._loss, g))
        return self._loss[0]

    def value(self, params: Any = None) -> float:
        """The loss at params."""
        return self._eval(as_params(params, self.model), None)

    def value_and_grad(self, params: Any = None) -> tuple[float, np.ndarray]:
        """The loss and its gradient (one entry per parameter) at params."""
        g = np.empty(self.nparams)
        return self._eval(as_params(params, self.model), g), g

    def stats(self) -> dict:
        """The engine's statistics of the last evaluation."""
        st = new("plt_stats")
        lib.plt_engine_stats(self._e, st)
        return {"truncated_weight": st.truncated_weight, "error_bound": st.error_bound,
                "dropped_l1": st.dropped_l1, "dropped_terms": st.dropped_terms,
                "max_terms": st.max_terms, "work_seconds": st.work_seconds}

    def __call__(self, params: Any = None, grad: bool = False) -> Result:
        x = as_params(params, self.model)
        t0 = time.perf_counter()
        g = np.empty(self.nparams) if grad else None
        v = self._eval(x, g)
        seconds = time.perf_counter() - t0
        st = self.stats()
        return Result(v, g, self.exact, 0.0 if self.exact else st["error_bound"], self.engine,
                      seconds, st)


def simulate(model: Any, obs: Any, params: Any = None, engine: str = "auto", grad: bool = False,
             state: Any = None, **settings: Any) -> Result:
    """The value (and with ``grad=True`` the gradient) of ``<psi|U(params)^dag O U(params)|psi>``.

    model: a :class:`Model`, a Qiskit circuit, a PennyLane tape or QASM; obs: plateau text, a
    SparsePauliOp or a PennyLane Pauli operator; params: one value per parameter (None: the
    model's initial values); state: None (|0...0>), a state spec or an array of amplitudes.
    Other keywords: threads, max_memory, noise, dephasing, grad_method, and engine settings."""
    return Simulator(model, obs, state, engine, **settings)(params, grad)


def amplitudes(model: Any, params: Any = None, state: Any = None) -> np.ndarray:
    """The state vector U(params)|psi> (index bit k is qubit k), by the statevector engine."""
    m = as_model(model)
    st = as_state(state, m.nqubits)
    x = as_params(params, m) if m.nparams else np.zeros(1)
    amps = np.empty(2 << m.nqubits) if m.nqubits <= 30 else None
    if amps is None:
        raise bad_input(f"amplitudes: {m.nqubits} qubits is past the state vector's 30")
    check(lib.plt_statevector_amplitudes(m._c, st._s if st else ffi.NULL,
                                         ffi.from_buffer("double[]", x),
                                         ffi.from_buffer("double[]", amps)))
    return amps.view(np.complex128)
