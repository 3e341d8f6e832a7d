#!/bin/sh
# The Python package's tests (python/tests), run by `make test` (CTest test "python"):
# a venv under the build folder (kept between runs), the dependencies from PyPI when missing,
# the package built and installed from the source tree (its CMake build folder kept too, so
# a rebuild is incremental), then pytest.   Usage: python_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
venv=$build/python-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import numpy, cffi, pytest, pennylane, qiskit, scikit_build_core" \
        2>/dev/null; then
    echo "python: installing numpy cffi pytest pennylane qiskit scikit-build-core into $venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q numpy cffi pytest pennylane qiskit scikit-build-core
fi
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
export CMAKE_BUILD_PARALLEL_LEVEL
"$venv/bin/python" -m pip install -q --no-build-isolation --no-deps \
    -C build-dir="$build/python-build" "$src"
cd "$build"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$src/python/tests"
