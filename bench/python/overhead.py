"""Per-call cost of the Python binding above the C call (bench/python/RESULTS.md).

The C call is timed through cffi with everything prepared (buffers, plan), which adds only
cffi's own call cost; the binding's calls are timed the same way on the same plan and model.
Usage: python overhead.py [REPEATS]"""

import sys
import time

import numpy as np

import plateau
from plateau._ffi import ffi, lib


def per_call(fn, repeats):
    fn()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(repeats):
            fn()
        best = min(best, (time.perf_counter() - t0) / repeats)
    return best


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    model, obs, _ = plateau.Model.from_zoo("hea-local", 8)
    x = np.random.default_rng(1).uniform(-1, 1, model.nparams)
    for engine in ("statevector", "pauliprop"):
        sim = plateau.Simulator(model, obs, engine=engine)
        g = np.empty(model.nparams)
        loss = ffi.new("double *")
        xb, gb = ffi.from_buffer("double[]", x), ffi.from_buffer("double[]", g)
        c_call = per_call(lambda: lib.plt_engine_loss(sim._e, xb, loss, gb), repeats)
        value_grad = per_call(lambda: sim.value_and_grad(x), repeats)
        call = per_call(lambda: sim(x, grad=True), repeats)
        m = ffi.new("plt_model *", [model._c, obs._p, ffi.NULL])
        opts = plateau._ffi.new("plt_opts")
        lib.plt_opts_init(opts)
        out = ffi.new("plt_engine **")

        def c_plan_loss():
            lib.plt_engine_plan(engine.encode(), m, opts, out)
            lib.plt_engine_loss(out[0], xb, loss, gb)
            lib.plt_engine_free(out[0])
        c_full = per_call(c_plan_loss, repeats // 10)
        full = per_call(lambda: plateau.simulate(model, obs, x, engine=engine, grad=True),
                        repeats // 10)
        print(f"{engine:12s} n=8 {model.nparams} params: C loss+grad {c_call * 1e6:8.1f} us | "
              f"Simulator.value_and_grad +{(value_grad - c_call) * 1e6:5.1f} us | "
              f"Simulator() +{(call - c_call) * 1e6:5.1f} us | C plan+loss+free "
              f"{c_full * 1e6:8.1f} us | simulate() +{(full - c_full) * 1e6:5.1f} us")


if __name__ == "__main__":
    main()
