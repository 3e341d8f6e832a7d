"""Barren-plateau scans: gradient variances over sizes, fitted exponential vs polynomial."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ._ffi import ffi, lib, new
from ._options import make_settings
from .errors import bad_input, check
from .model import as_model
from .observables import as_observable

_METHODS = {"auto": 0, "moments": 1, "sample": 2}
_POLICIES = {"auto": 0, "exact": 1, "truncated": 2}


@dataclass
class BPResult:
    """The decision ("exponential": a barren plateau, "polynomial", "inconclusive"), the fitted
    decay rate per qubit and polynomial exponent, and one point per size (variances of the loss
    and the gradient with their intervals, the engine and route, the DLA prediction)."""
    decision: str
    rate: float
    rate_se: float
    exponent: float
    evidence: str
    decision_note: str
    skipped: int
    seconds: float
    points: list = field(default_factory=list)


def _ci(v: Any) -> dict:
    return {"mean": v.mean, "var": v.var, "lo": v.lo, "hi": v.hi, "count": v.count}


def _result(r: Any) -> BPResult:
    s = lambda c: ffi.string(c).decode("utf-8", "replace")  # noqa: E731
    pts = []
    for i in range(r.npoints):
        p = r.points[i]
        pts.append({"n": p.n, "nparams": p.nparams, "engine": s(p.engine),
                    "route": s(lib.plt_bp_route_name(p.route)), "setting": s(p.setting),
                    "error_bound": p.error_bound, "grad_certified": bool(p.grad_certified),
                    "note": s(p.note), "seconds": p.seconds, "loss": _ci(p.loss),
                    "grad_first": _ci(p.grad_first), "grad_mean": _ci(p.grad_mean),
                    "dla_dim": p.dla_dim, "dla_complete": bool(p.dla_complete),
                    "dla_prediction": p.dla_pred})
    f = r.grad_fit
    return BPResult(s(lib.plt_decay_name(f.decision)), f.rate, f.rate_se, f.exponent,
                    s(f.evidence), s(r.decision_note), r.skipped, r.seconds, pts)


def bp(models: str | Callable[[int], Any] | Sequence[Any], sizes: Sequence[int] | None = None, *,
       samples: int = 200, seed: int = 1, budget: float = 60.0, method: str = "auto",
       policy: str = "auto", layers: int = 0, eps: float = 0.0, threads: int = 0,
       max_memory: float = 0.0, noise: float = 0.0, dephasing: float = 0.0,
       **settings: Any) -> BPResult:
    """Scans the variance of the loss gradient over sizes and fits its decay (``plateau bp``).

    models: a zoo family name with ``sizes``; or a function ``n -> (model, obs)`` or
    ``(model, obs, param_range)`` called for each of ``sizes``; or a list of such tuples, one
    per size. Parameters are drawn uniformly in [-range, range] (range pi when not given)."""
    o = new("plt_bp_opts")
    lib.plt_bp_opts_init(o)
    o.samples, o.seed, o.max_seconds = int(samples), int(seed), float(budget)
    o.threads, o.max_memory = int(threads), float(max_memory)
    o.noise, o.dephasing = float(noise), float(dephasing)
    if method not in _METHODS or policy not in _POLICIES:
        raise bad_input(f"bp: method must be one of {list(_METHODS)} and policy one of "
                        f"{list(_POLICIES)}, got {method!r}, {policy!r}")
    o.method, o.policy = _METHODS[method], _POLICIES[policy]
    s = make_settings(settings)
    o.settings = s
    out = ffi.new("plt_bp_result **")
    if isinstance(models, str):
        if not sizes:
            raise bad_input("bp: a zoo family needs sizes=[...]")
        sz = ffi.new("int[]", [int(n) for n in sizes])
        check(lib.plt_bp_scan_zoo(models.encode(), sz, len(sizes), int(layers), float(eps), o,
                                  out))
    else:
        if callable(models):
            if not sizes:
                raise bad_input("bp: a builder function needs sizes=[...]")
            instances = [models(int(n)) for n in sizes]
        else:
            instances = list(models)
        built = []
        for inst in instances:
            if not isinstance(inst, tuple) or len(inst) not in (2, 3):
                raise bad_input("bp: each instance must be (model, obs) or (model, obs, range)")
            m = as_model(inst[0])
            built.append((m, as_observable(inst[1], m.nqubits),
                          float(inst[2]) if len(inst) == 3 else math.pi))
        failure: list = []

        @ffi.callback("plt_status(void *, size_t, plt_circuit **, plt_psum **, double *)")
        def build(ctx, i, circuit, obs, prange):
            try:
                m, ob, r = built[i]
                st = lib.plt_circuit_clone(m._c, circuit)
                if st == 0:
                    st = lib.plt_psum_clone(ob._p, obs)
                prange[0] = r
                return st
            except Exception as e:  # the scan reports it; re-raised below
                failure.append(e)
                return lib.PLT_EINVAL
        status = lib.plt_bp_scan(build, ffi.NULL, len(built), o, out)
        if failure:
            raise failure[0]
        check(status)
    try:
        return _result(out[0])
    finally:
        lib.plt_bp_result_free(out[0])
