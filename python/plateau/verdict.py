"""The simulability verdict: which engine evaluates the model, at what cost, with what error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._ffi import ffi, lib, new
from ._options import make_settings
from .errors import check as check_status
from .simulate import as_params, model_parts

# Models up to this size are their own reduced instance (as the CLI's check does).
_DIRECT_MAX = 20
_EXACTNESS = {0: "exact", 1: "bounded", 2: "estimated"}


def _s(chars: Any) -> str:
    return ffi.string(chars).decode("utf-8", "replace")


@dataclass
class Verdict:
    """The fields of ``plateau check --json``."""
    simulable: bool
    status: str
    certified: str
    engine: str
    setting: str
    route_found: bool
    cross_check_failed: bool
    guard_stopped: bool
    exact: bool
    value: float
    error: float
    error_bound: float
    seconds: float
    bytes: float
    total_seconds: float
    predicted_seconds: float
    routes: list = field(default_factory=list)
    ladder: list = field(default_factory=list)
    cross_check: dict = field(default_factory=dict)
    reasons: str = ""
    noise: float = 0.0
    dephasing: float = 0.0
    from_data: bool = False


def _verdict(v: Any) -> Verdict:
    routes = [{"engine": _s(r.engine), "applies": bool(r.applies),
               "within_budget": bool(r.within_budget), "predicted_seconds": r.cost.seconds,
               "predicted_bytes": r.cost.bytes, "exactness": _EXACTNESS.get(r.cost.exactness),
               "error_bound": r.cost.error, "reason": _s(r.reason)}
              for r in v.routes[0:v.nroutes]]
    ladder = [{"engine": _s(t.engine), "step": t.step, "setting": _s(t.setting),
               "value": t.value, "bound": t.bound, "change": t.change,
               "truncated_weight": t.truncated_weight, "terms": t.terms, "seconds": t.seconds,
               "predicted_seconds": t.predicted_seconds} for t in v.ladder[0:v.nladder]]
    cross = {"done": bool(v.cross_checked), "passed": bool(v.cross_passed), "qubits": v.cross_n,
             "reference_engine": _s(v.cross_reference_engine), "value": v.cross_value,
             "reference": v.cross_reference, "error": v.cross_error, "note": _s(v.cross_note)}
    return Verdict(bool(v.simulable), _s(lib.plt_verdict_status(v)),
                   _s(lib.plt_certified_name(v.certified)), _s(v.engine), _s(v.setting),
                   bool(v.route_found), bool(v.cross_failed), bool(v.guard_stopped),
                   bool(v.exact), v.value, v.error, v.error_bound, v.seconds, v.bytes,
                   v.total_seconds, v.predicted_total, routes, ladder, cross, _s(v.reasons),
                   v.noise, v.dephasing, bool(v.from_data))


def check(model: Any, obs: Any, params: Any = None, state: Any = None, *,
          tolerance: float = 1e-3, budget: float = 60.0, reduced: Any = None,
          reduced_obs: Any = None, reduced_params: Any = None, skip: str | None = None,
          threads: int = 0, max_memory: float = 0.0, max_terms: int = 0, noise: float = 0.0,
          dephasing: float = 0.0, seed: int = 1, **settings: Any) -> Verdict:
    """Whether the model is classically simulable at params within ``tolerance``, by which
    engine, at what cost, with a certified error and a cross-check (``plateau check``).

    params None: the model's initial values, else uniform in [-pi, pi] (seeded). The
    cross-check runs on ``reduced`` (a smaller instance, with ``reduced_obs`` and
    ``reduced_params``), else on the model itself up to 20 qubits, else on the observable's
    light cone when it is small enough."""
    m, o, st = model_parts(model, obs, state)
    rng = np.random.default_rng(seed)
    if params is None and np.isnan(m.param_init).any():
        params = rng.uniform(-np.pi, np.pi, m.nparams)
    x = as_params(params, m)
    co = new("plt_check_opts")
    lib.plt_check_opts_init(co)
    co.tolerance, co.budget_seconds = float(tolerance), float(budget)
    co.max_memory, co.threads = float(max_memory), int(threads)
    if max_terms:
        co.max_terms = int(max_terms)
    skip_c = ffi.new("char[]", skip.encode()) if skip else ffi.NULL
    co.skip = skip_c
    s = make_settings(settings)
    co.settings = s
    co.noise, co.dephasing = float(noise), float(dephasing)
    pm = ffi.new("plt_model *", [m._c, o._p, st._s if st else ffi.NULL])
    keep: list = []
    red, rx = ffi.NULL, ffi.NULL
    if reduced is not None:
        rm, ro, _ = model_parts(reduced, reduced_obs if reduced_obs is not None else obs)
        if reduced_params is None:
            reduced_params = rng.uniform(-np.pi, np.pi, rm.nparams)
        rxa = as_params(reduced_params, rm)
        red = ffi.new("plt_model *", [rm._c, ro._p, ffi.NULL])
        rx = ffi.from_buffer("double[]", rxa)
        keep += [rm, ro, rxa]
    elif m.nqubits <= _DIRECT_MAX:
        red, rx = pm, ffi.from_buffer("double[]", x)
    elif st is None:
        sub, sub_obs, nq = ffi.new("plt_circuit **"), ffi.new("plt_psum **"), ffi.new("int *")
        if lib.plt_circuit_lightcone(m._c, o._p, _DIRECT_MAX, sub, sub_obs, nq) == 0:
            c = ffi.gc(sub[0], lib.plt_circuit_free)
            so = ffi.gc(sub_obs[0], lib.plt_psum_free)
            red = ffi.new("plt_model *", [c, so, ffi.NULL])
            rx = ffi.from_buffer("double[]", x)
            keep += [c, so]
        lib.plt_error_clear()
    v = new("plt_verdict")
    check_status(lib.plt_check_run(pm, ffi.from_buffer("double[]", x), red, rx, co, v))
    return _verdict(v)
