"""Training a model's parameters with plateau's optimisers over one engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ._ffi import ffi, lib, new
from ._options import make_opts
from .errors import bad_input, check
from .simulate import as_params, model_parts
from .states import as_state

_LOSSES = {"expect": 0, "mse": 1, "xent": 2}


@dataclass
class TrainResult:
    """The parameters reached, their loss, the loss after every step and the engine used."""
    params: np.ndarray
    loss: float
    history: list = field(default_factory=list)
    engine: str = ""
    accuracy: float | None = None


def train(model: Any, obs: Any, params: Any = None, *, steps: int = 100,
          optimizer: str = "adam", lr: float = 0.01, engine: str = "auto", state: Any = None,
          data: Sequence[tuple[float, Any]] | None = None, loss: str = "expect",
          callback: Callable[[int, float, np.ndarray], Any] | None = None, threads: int = 0,
          max_memory: float = 0.0, **settings: Any) -> TrainResult:
    """Minimises the loss from params (None: the model's initial values) for ``steps`` steps
    of ``optimizer`` ("adam", "sgd", "lbfgs") with learning rate ``lr``.

    loss "expect": <O> in ``state``; "mse" / "xent": over ``data``, a list of (label in
    [-1, 1], state) pairs. ``callback(step, loss, params)`` after each step; a true return
    stops the run."""
    m, o, st = model_parts(model, obs, state)
    if loss not in _LOSSES:
        raise bad_input(f"train: loss must be one of {list(_LOSSES)}, got {loss!r}")
    if (loss == "expect") != (data is None):
        raise bad_input("train: loss 'expect' takes no data; 'mse' and 'xent' need data=[...]")
    x = np.array(as_params(params, m), dtype=np.float64)
    if x.size == 0:
        raise bad_input("train: the model has no parameters")
    opts, keep_settings = make_opts(threads, max_memory, settings=settings)
    ds = ffi.NULL
    if data is not None:
        out = ffi.new("plt_dataset **")
        check(lib.plt_dataset_new(m.nqubits, out))
        ds = ffi.gc(out[0], lib.plt_dataset_free)
        for label, spec in data:
            s = as_state(spec if spec is not None else "zero", m.nqubits)
            # plt_dataset_add takes the state over: a fresh copy the wrapper does not free.
            s._s = ffi.gc(s._s, None)
            check(lib.plt_dataset_add(ds, float(label), s._s))
    lo = ffi.new("plt_train_loss **")
    check(lib.plt_train_loss_new(m._c, o._p, st._s if st else ffi.NULL, ds, _LOSSES[loss],
                                 engine.encode(), opts, lo))
    tl = ffi.gc(lo[0], lib.plt_train_loss_free)
    t = lib.plt_optimizer_lookup(optimizer.encode())
    if t == ffi.NULL:
        raise bad_input(f"train: optimizer '{optimizer}' is not one of adam, sgd, lbfgs")
    cfg = new("plt_optimizer_config")
    lib.plt_optimizer_config_init(cfg)
    cfg.lr = float(lr)
    op = ffi.new("plt_optimizer **")
    check(lib.plt_optimizer_new(t, x.size, cfg, op))
    opt = ffi.gc(op[0], lib.plt_optimizer_free)
    f, g = ffi.new("double *"), np.empty(x.size)
    xb, gb = ffi.from_buffer("double[]", x), ffi.from_buffer("double[]", g)
    check(lib.plt_train_loss_eval(tl, xb, f, gb))
    history = [f[0]]
    for step in range(int(steps)):
        check(lib.plt_optimizer_step(opt, lib.plt_train_loss_eval, tl, xb, f, gb))
        history.append(f[0])
        if callback is not None and callback(step + 1, f[0], x.copy()):
            break
    acc = None
    if data is not None:
        a = ffi.new("double *")
        check(lib.plt_train_loss_accuracy(tl, xb, a))
        acc = a[0]
    res = TrainResult(x.copy(), f[0], history,
                      ffi.string(lib.plt_train_loss_engine(tl)).decode(), acc)
    # The loss borrows the options, their settings and the data: it goes first.
    ffi.release(opt)
    ffi.release(tl)
    del keep_settings, ds
    return res
