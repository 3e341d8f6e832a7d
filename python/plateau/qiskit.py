"""``plateau.qiskit.Estimator``: a Qiskit ``BaseEstimatorV2`` on plateau's engines.

Pubs are ``(circuit, observables, parameter_values, precision)`` as Qiskit defines them; the
observables and parameter values broadcast against each other as in Qiskit. Each result's
``stds`` holds the engine's rigorous error bound (0 when exact), and its metadata the engines
that ran and the largest bound."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
from qiskit.primitives import BaseEstimatorV2, DataBin, PrimitiveJob, PrimitiveResult, PubResult
from qiskit.primitives.containers.estimator_pub import EstimatorPub

from ._options import engines, make_settings
from .errors import bad_input
from .model import Model
from .observables import Observable
from .simulate import Simulator

__all__ = ["Estimator"]


class Estimator(BaseEstimatorV2):
    """Exact (or certified-bounded) expectation values through plateau.

    Args:
        engine: "auto" or any registered engine; ``options["engine"]`` may change it later.
        default_precision: the precision of pubs that give none (the values are exact, or within
            the engine's bound, whatever it is).
        **options: threads, max_memory, noise, dephasing and engine settings (``max_weight``).
    """

    def __init__(self, engine: str = "auto", *, default_precision: float = 0.0,
                 **options: Any):
        if engine != "auto" and engine not in engines():
            raise bad_input(f"engine: '{engine}' is not registered (registered: "
                            f"{', '.join(engines())}, or auto)")
        settings = {k: v for k, v in options.items()
                    if k not in ("threads", "max_memory", "noise", "dephasing")}
        make_settings(settings)
        self.options = {"engine": engine, **options}
        self._default_precision = default_precision

    def run(self, pubs: Iterable[Any], *, precision: float | None = None
            ) -> PrimitiveJob[PrimitiveResult[PubResult]]:
        if precision is None:
            precision = self._default_precision
        coerced = [EstimatorPub.coerce(pub, precision) for pub in pubs]
        job = PrimitiveJob(self._run, coerced)
        job._submit()
        return job

    def _run(self, pubs: list) -> PrimitiveResult:
        return PrimitiveResult([self._run_pub(p) for p in pubs], metadata={"version": 2})

    def _run_pub(self, pub: Any) -> PubResult:
        opts = dict(self.options)
        engine = opts.pop("engine")
        model = Model.from_qiskit(pub.circuit)
        params = pub.parameter_values.as_array(pub.circuit.parameters)
        pshape = pub.parameter_values.shape
        params = np.asarray(params, dtype=np.float64).reshape(pshape + (model.nparams,))
        obs = pub.observables
        shape = np.broadcast_shapes(pshape, obs.shape)
        params = np.broadcast_to(params, shape + (model.nparams,))
        obs_at = np.broadcast_to(np.arange(int(np.prod(obs.shape))).reshape(obs.shape), shape)
        flat = [obs[i] for i in np.ndindex(*obs.shape)]
        evs, stds = np.zeros(shape), np.zeros(shape)
        sims: dict = {}
        used = set()
        for index in np.ndindex(*shape):
            terms = flat[int(obs_at[index])]
            key = tuple(sorted(terms.items()))
            sim = sims.get(key)
            if sim is None:
                o = _observable(terms, model.nqubits)
                sim = sims[key] = Simulator(model, o, None, engine, **opts)
            x = np.ascontiguousarray(params[index])
            evs[index] = sim.value(x)
            stds[index] = 0.0 if sim.exact else sim.stats()["error_bound"]
            used.add(sim.engine)
        data = DataBin(evs=evs, stds=stds, shape=shape)
        meta = {"target_precision": pub.precision, "circuit_metadata": pub.circuit.metadata,
                "engine": ", ".join(sorted(used)), "exact": all(s.exact for s in sims.values()),
                "error_bound": float(stds.max()) if stds.size else 0.0}
        return PubResult(data, metadata=meta)


def _observable(terms: dict, n: int) -> Observable:
    out = []
    for label, coeff in terms.items():
        if len(label) != n:
            raise bad_input(f"observable: '{label}' has {len(label)} letters for a {n}-qubit "
                            "circuit")
        out.append(([(q, c) for q, c in enumerate(reversed(label)) if c != "I"], complex(coeff)))
    return Observable.from_terms(out, n)
