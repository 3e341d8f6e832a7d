"""Observables: Hermitian Pauli sums, from plateau text, Qiskit or PennyLane objects."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ._ffi import ffi, lib
from .errors import bad_input, check

_LETTERS = {"I", "X", "Y", "Z"}


class Observable:
    """A Hermitian Pauli sum on ``nqubits`` qubits (qubit 0 first), owned by the C library.

    Build one with :func:`as_observable`, or from a mapping ``{((q, "X"), (r, "Z")): coeff}``
    with :meth:`from_terms`."""

    def __init__(self, ptr: Any):
        self._p = ffi.gc(ptr, lib.plt_psum_free)

    @property
    def nqubits(self) -> int:
        return lib.plt_psum_nqubits(self._p)

    @property
    def nterms(self) -> int:
        return lib.plt_psum_nterms(self._p)

    @classmethod
    def parse(cls, text: str, nqubits: int = -1) -> "Observable":
        """Parses plateau's text form, ``"0.5*Z0*Z1 - X3"`` or ``"2*XXII + ZZII"``."""
        out = ffi.new("plt_psum **")
        check(lib.plt_psum_parse_hermitian(text.encode(), nqubits, b"obs", out))
        return cls(out[0])

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[Sequence[tuple[int, str]], complex]],
                   nqubits: int) -> "Observable":
        """A sum of ``coeff * prod(letter on qubit)`` from ``(factors, coeff)`` pairs, where
        factors is a sequence of ``(qubit, letter)``; refused unless the sum is Hermitian."""
        if not isinstance(nqubits, int) or nqubits < 1:
            raise bad_input(f"observable: nqubits must be a positive integer, got {nqubits!r}")
        out = ffi.new("plt_psum **")
        check(lib.plt_psum_new(nqubits, out))
        obs = cls(out[0])
        sp = ffi.new("plt_pstring **")
        check(lib.plt_pstring_new(nqubits, sp))
        ps = ffi.gc(sp[0], lib.plt_pstring_free)
        for factors, coeff in terms:
            coeff = complex(coeff)
            for q in range(nqubits):
                check(lib.plt_pstring_set(ps, q, b"I"))
            for q, letter in factors:
                if letter not in _LETTERS:
                    raise bad_input(f"observable: '{letter}' is not a Pauli letter (I, X, Y, Z)")
                if not 0 <= q < nqubits:
                    raise bad_input(f"observable: qubit {q} is out of range for a {nqubits}-qubit "
                                    f"model (valid 0..{nqubits - 1})")
                check(lib.plt_pstring_set(ps, q, letter.encode()))
            check(lib.plt_psum_add(obs._p, ps, coeff.real, coeff.imag))
        check(lib.plt_psum_check_hermitian(obs._p))
        return obs

    def terms(self) -> list[tuple[str, float]]:
        """The terms as (dense string, qubit 0 first, real coefficient)."""
        n = self.nqubits
        sp = ffi.new("plt_pstring **")
        check(lib.plt_pstring_new(n, sp))
        ps = ffi.gc(sp[0], lib.plt_pstring_free)
        re, im = ffi.new("double *"), ffi.new("double *")
        res = []
        for i in range(self.nterms):
            check(lib.plt_psum_term(self._p, i, ps, re, im))
            res.append(("".join(lib.plt_pstring_get(ps, q).decode() for q in range(n)), re[0]))
        return res

    def __str__(self) -> str:
        out = ffi.new("char **")
        check(lib.plt_psum_to_text(self._p, out))
        try:
            return ffi.string(out[0]).decode()
        finally:
            lib.plt_free(out[0])

    def __repr__(self) -> str:
        return f"Observable({str(self)!r}, nqubits={self.nqubits})"


def _wire_index(wire: Any, wire_map: Mapping[Any, int] | None, n: int) -> int:
    if wire_map is not None:
        if wire not in wire_map:
            raise bad_input(f"observable: wire {wire!r} is not one of the model's wires "
                            f"({list(wire_map)})")
        return wire_map[wire]
    if isinstance(wire, int) and 0 <= wire < n:
        return wire
    raise bad_input(f"observable: wire {wire!r} is not a qubit index of a {n}-qubit model "
                    f"(valid 0..{n - 1}); give a wire_map")


def _from_pauli_sentence(ps: Any, n: int, wire_map: Mapping[Any, int] | None) -> Observable:
    terms = []
    for word, coeff in ps.items():
        factors = [(_wire_index(w, wire_map, n), letter) for w, letter in word.items()]
        terms.append((factors, complex(coeff)))
    return Observable.from_terms(terms, n)


def as_observable(obj: Any, nqubits: int, wire_map: Mapping[Any, int] | None = None
                  ) -> Observable:
    """Converts an observable to an :class:`Observable` on ``nqubits`` qubits.

    Accepted: an Observable; plateau text (``"0.5*Z0*Z1 + X3"``); a Qiskit ``SparsePauliOp``
    or ``Pauli`` (label character -1-q is qubit q, as Qiskit orders them); a PennyLane operator
    with a Pauli representation (Pauli products and sums, ``qml.Hamiltonian``, ``qml.dot``
    results), a ``PauliSentence`` or ``PauliWord`` (PennyLane wires through ``wire_map``, else
    wires must be qubit indices)."""
    if isinstance(obj, Observable):
        if obj.nqubits != nqubits:
            raise bad_input(f"observable: it is on {obj.nqubits} qubits, the model on {nqubits}")
        return obj
    if isinstance(obj, str):
        return Observable.parse(obj, nqubits)
    mod = type(obj).__module__
    if mod.startswith("qiskit"):
        from qiskit.quantum_info import Pauli, SparsePauliOp
        if isinstance(obj, Pauli):
            obj = SparsePauliOp(obj)
        if isinstance(obj, SparsePauliOp):
            if obj.num_qubits != nqubits:
                raise bad_input(f"observable: the SparsePauliOp is on {obj.num_qubits} qubits, "
                                f"the model on {nqubits}")
            if obj.coeffs.dtype == object:
                raise bad_input("observable: a SparsePauliOp with parameter coefficients is not "
                                "supported (bind them first)")
            terms = []
            for label, coeff in obj.to_list():
                factors = [(q, c) for q, c in enumerate(reversed(label)) if c != "I"]
                terms.append((factors, complex(coeff)))
            return Observable.from_terms(terms, nqubits)
    if mod.startswith("pennylane"):
        from pennylane.pauli import PauliSentence, PauliWord
        if isinstance(obj, PauliWord):
            obj = PauliSentence({obj: 1.0})
        if isinstance(obj, PauliSentence):
            return _from_pauli_sentence(obj, nqubits, wire_map)
        rep = getattr(obj, "pauli_rep", None)
        if rep is None:
            raise bad_input(f"observable: {obj!r} is not a sum of Pauli products (plateau "
                            "takes Pauli words and their real linear combinations)")
        return _from_pauli_sentence(rep, nqubits, wire_map)
    raise bad_input(f"observable: cannot read a {type(obj).__name__} (give plateau text, a "
                    "SparsePauliOp, a PennyLane Pauli operator or a PauliSentence)")
