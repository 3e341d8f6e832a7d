"""The binding's struct declarations match the compiler's layout of the public headers."""

import pytest

from plateau._ffi import STRUCTS, ffi, lib


@pytest.mark.parametrize("name", STRUCTS)
def test_struct_size_matches_c(name):
    c_size = lib.plt_py_sizeof(name.encode())
    assert c_size > 0, f"{name} is not in python/plateau/_layout.c"
    assert ffi.sizeof(name) == c_size, (
        f"{name}: declared {ffi.sizeof(name)} B in python/plateau/_ffi.py, {c_size} B in C: "
        "copy the struct's fields from include/plateau/ into _ffi.py's CDEF")
