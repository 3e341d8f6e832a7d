"""Lie-closure timing of PennyLane (qml.lie_closure, pauli=True) and paulie (dimension by
classification) on the generator sets of closure_bench.c.
Usage: python closure_peers.py [--budget SECONDS] SET:N ...
Prints CSV lines "peer,SET,N,DIM,SECONDS" (best of up to 3 runs, fewer when slow); a peer
that exceeds the budget on one size is skipped for the larger sizes of that set, and
PennyLane is not run past PENNYLANE_MAX_N."""
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def dense_set(name, n):
    """The generators as dense strings, qubit 0 first (same order as closure_bench.c)."""
    one, two = {"tfim": ("X", ["ZZ"]), "xy": ("", ["XX", "YY"]),
                "heis": ("", ["XX", "YY", "ZZ"]), "univ": ("XY", ["ZZ"])}[name]
    out = []
    for c in one:
        for i in range(n):
            s = ["I"] * n
            s[i] = c
            out.append("".join(s))
    for pair in two:
        for i in range(n - 1):
            s = ["I"] * n
            s[i], s[i + 1] = pair[0], pair[1]
            out.append("".join(s))
    return out


def run_pennylane(strings):
    import pennylane as qml
    from pennylane.pauli import PauliWord

    gens = [PauliWord({i: c for i, c in enumerate(s) if c != "I"}) for s in strings]
    closure = getattr(qml, "lie_closure", None) or qml.liealg.lie_closure
    return len(closure(gens, pauli=True))


def run_paulie(strings):
    import paulie

    return paulie.get_pauli_string(strings).get_dla_dim()


# PennyLane builds the basis with dense-ish linear algebra; past these sizes one call takes
# minutes to hours (heis:8 has dimension 16,380, heis:10 262,140), so it is not run there.
PENNYLANE_MAX_N = {"tfim": 50, "xy": 50, "heis": 6, "univ": 5}


def timed(fn, strings, budget):
    best, dim = float("inf"), None
    for _ in range(3):
        t0 = time.perf_counter()
        dim = fn(strings)
        t = time.perf_counter() - t0
        best = min(best, t)
        if t > budget / 10:
            break
    return dim, best


def main(argv):
    budget = 60.0
    if argv and argv[0] == "--budget":
        budget, argv = float(argv[1]), argv[2:]
    skip = set()
    # Imports and first-call set-up are not part of a closure's time.
    for fn in (run_pennylane, run_paulie):
        try:
            fn(dense_set("tfim", 2))
        except Exception:
            pass
    for spec in argv:
        name, n = spec.split(":")
        n = int(n)
        strings = dense_set(name, n)
        for peer, fn in (("pennylane", run_pennylane), ("paulie", run_paulie)):
            if (peer, name) in skip:
                continue
            if peer == "pennylane" and n > PENNYLANE_MAX_N.get(name, n):
                print(f"# pennylane {spec}: skipped (n > {PENNYLANE_MAX_N[name]})",
                      file=sys.stderr)
                continue
            try:
                dim, t = timed(fn, strings, budget)
            except Exception as exc:  # a peer that fails is reported, not fatal
                print(f"# {peer} {spec}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            print(f"{peer},{name},{n},{dim},{t:.6g}", flush=True)
            if t > budget:
                skip.add((peer, name))


if __name__ == "__main__":
    main(sys.argv[1:])
