"""plt_opts and plt_settings from keyword arguments."""

from __future__ import annotations

from typing import Any, Mapping

from ._ffi import ffi, lib, new
from .errors import bad_input, check

_GRAD = {"auto": 0, "adjoint": 1, "shift": 2}


def make_settings(settings: Mapping[str, Any]) -> Any:
    """A plt_settings (or NULL) from engine settings; ``max_weight`` is ``max-weight``."""
    if not settings:
        return ffi.NULL
    out = ffi.new("plt_settings **")
    check(lib.plt_settings_new(out))
    s = ffi.gc(out[0], lib.plt_settings_free)
    for name, value in settings.items():
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise bad_input(f"setting {name}: a number expected, got {value!r}") from None
        check(lib.plt_settings_set(s, name.replace("_", "-").encode(), v))
    return s


def make_opts(threads: int = 0, max_memory: float = 0.0, noise: float = 0.0,
              dephasing: float = 0.0, grad_method: str = "auto",
              settings: Mapping[str, Any] | None = None) -> tuple[Any, Any]:
    """(plt_opts *, the settings it borrows: keep it alive as long as the options)."""
    o = new("plt_opts")
    lib.plt_opts_init(o)
    o.threads = int(threads)
    o.max_memory = float(max_memory)
    o.noise = float(noise)
    o.dephasing = float(dephasing)
    if grad_method not in _GRAD:
        raise bad_input(f"grad_method: '{grad_method}' is not one of {list(_GRAD)}")
    o.grad_method = _GRAD[grad_method]
    s = make_settings(settings or {})
    o.settings = s
    return o, s


def engines() -> list[str]:
    """The names of the registered engines (any of them, or "auto", is an ``engine=``)."""
    return [ffi.string(lib.plt_engine_name(i)).decode() for i in range(lib.plt_engine_count())]


def engine_settings(engine: str) -> dict[str, dict[str, Any]]:
    """The settings engine ``engine`` declares: name -> {default, lo, hi, help}."""
    names = engines()
    if engine not in names:
        raise bad_input(f"engine: '{engine}' is not registered (registered: {', '.join(names)})")
    cnt = ffi.new("size_t *")
    tab = lib.plt_engine_settings(names.index(engine), cnt)
    res = {}
    for i in range(cnt[0]):
        t = tab[i]
        res[ffi.string(t.name).decode()] = {"default": getattr(t, "def"), "lo": t.lo,
                                            "hi": t.hi, "help": ffi.string(t.help).decode()}
    return res
