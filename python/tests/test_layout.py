"""The binding's struct declarations match the compiler's layout of the public headers."""

import pytest

from plateau._ffi import STRUCTS, ffi, lib


@pytest.mark.parametrize("name", sorted(STRUCTS))
def test_struct_declaration_is_the_c_layout(name):
    c_size = lib.plt_py_sizeof(name.encode())
    assert c_size > 0, f"{name} is not in python/plateau/_layout.c"
    last = STRUCTS[name]
    where = "copy the struct's fields from include/plateau/ into python/plateau/_ffi.py's CDEF"
    # Every declared field sits where C puts it (a field appended in C after the last one
    # declared here only makes the C struct larger, and plateau._ffi.new allocates that).
    assert ffi.offsetof(name, last) == lib.plt_py_offset_last(name.encode()), \
        f"{name}.{last}: offset {ffi.offsetof(name, last)} here, " \
        f"{lib.plt_py_offset_last(name.encode())} in C: {where}"
    assert ffi.sizeof(name) <= c_size, f"{name}: {ffi.sizeof(name)} B here, {c_size} in C: {where}"

