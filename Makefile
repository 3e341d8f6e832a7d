# Thin wrapper over CMake. `make run` and `make test` work from a fresh clone on Debian:
# they install missing packages with apt-get when run as root.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
DEB_PACKAGES = cmake gcc make libcmocka-dev libomp-dev liblapacke-dev libopenblas-dev python3 python3-venv

.PHONY: all deps build run test test-unit asan test-asan fuzz fuzz-run bench clean format

all: build

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The report's plots need gnuplot; without it the report is written with tables only.
run: build
	@sh tools/deps.sh gnuplot-nox || echo "plateau: continuing without gnuplot (no plots)" >&2
	./$(BUILD)/plateau run

# The tests decide nothing on a calibration file this machine may hold (plateau calibrate):
# the default rates, unless PLT_CALIBRATION is set.
test: build
	cd $(BUILD) && PLT_CALIBRATION=$${PLT_CALIBRATION:-default} ctest --output-on-failure -j $(JOBS)

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLT_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)

test-asan: asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    PLT_TIME_SCALE=10 PLT_CALIBRATION=$(CURDIR)/tests/sanitizer_rates.txt \
	    ctest --output-on-failure -j $(JOBS)

fuzz:
	@sh tools/deps.sh clang libclang-rt-dev
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPLT_FUZZ=ON -DPLT_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

# Runs every fuzz target for FUZZ_SECONDS each, seeded from its corpus folder.
FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	@sh tools/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	sh bench/run.sh

clean:
	rm -rf build build-asan build-fuzz
