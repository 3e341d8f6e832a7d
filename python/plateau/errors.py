"""Errors of the C library as Python exceptions, with the library's one-line message."""

from __future__ import annotations

from ._ffi import ffi, lib


class Error(Exception):
    """A failure reported by the plateau library (or by the binding, in the same words).

    Attributes: ``status`` (the C status name, e.g. ``"invalid argument"``), ``message``,
    ``origin``, ``line`` and ``col`` (0 when unknown), as ``plt_error_last()`` holds them."""

    def __init__(self, message: str, status: str = "", origin: str = "", line: int = 0,
                 col: int = 0):
        super().__init__(message)
        self.message = message
        self.status = status
        self.origin = origin
        self.line = line
        self.col = col


class InputError(Error, ValueError):
    """Bad input (an argument, a circuit, an observable, a state): also a ``ValueError``."""


# Statuses that mean the caller's input is at fault, so the error is also a ValueError.
_INPUT = (lib.PLT_EINVAL, lib.PLT_EPARSE, lib.PLT_EUNSUPPORTED, lib.PLT_ETOOBIG)


def last_error(status: int) -> Error:
    """The exception for a failed C call that returned ``status``."""
    rec = lib.plt_error_last()
    buf = ffi.new("char[]", 2048)
    text = ffi.string(lib.plt_error_format(buf, 2048)).decode("utf-8", "replace")
    name = ffi.string(lib.plt_status_str(status)).decode()
    if not text:
        text = name
    origin = ffi.string(rec.origin).decode("utf-8", "replace") if rec.origin else ""
    cls = InputError if status in _INPUT else Error
    return cls(text, name, origin, rec.line, rec.col)


def check(status: int) -> None:
    """Raises the library's last error when ``status`` is not PLT_OK."""
    if status:
        raise last_error(status)


def bad_input(message: str) -> InputError:
    """An InputError raised by the binding itself (validation before any C call)."""
    return InputError(message, "invalid argument")
