/* plateau — states: the |psi> a model's loss is taken in.
 *
 * A state is parsed from a spec ("zero", "basis:0110", "qasm:FILE", "shadows:FILE", ...)
 * or built from numbers; engines read it through the getters below and, in the Heisenberg
 * picture, through plt_state_pauli_expect. Implemented in src/state.
 */
#ifndef PLATEAU_STATE_H
#define PLATEAU_STATE_H

#include <stddef.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum plt_state_kind {
    PLT_STATE_ZERO,     /* |0...0> */
    PLT_STATE_BASIS,    /* a computational-basis state */
    PLT_STATE_PRODUCT,  /* a product of single-qubit (possibly mixed) states, Bloch vectors */
    PLT_STATE_CIRCUIT,  /* a preparation circuit applied to |0...0> */
    PLT_STATE_SHADOWS,  /* measured data (classical shadows), see the shadows module */
    PLT_STATE_VECTOR,   /* any pure state: 2^n amplitudes (small n) */
    PLT_STATE_TABLE     /* measured Pauli expectation values, one per string */
} plt_state_kind;

typedef struct plt_state plt_state;

/* Parses a state spec for n qubits:
 *   "zero"            |0...0>
 *   "basis:0110"      character k is qubit k; exactly n characters of 0/1
 *   "product:FILE"    n lines "bx by bz" (Bloch vector, |b| <= 1), qubit 0 first
 *   "qasm:FILE.qasm"  a preparation circuit without parameters
 *   "shadows:FILE"    classical-shadow data (kind recorded; read by the engines that take it)
 *   "vector:FILE"     2^n amplitudes, line k (or element k) is basis state k, where qubit q is
 *                     bit q of k: text with one amplitude "re im" (or "re") a line, '#'
 *                     comments, or a NumPy .npy file of complex128 or float64 (a 1-D array,
 *                     C order, as numpy.save writes). The norm must be 1 within 1e-6; the
 *                     amplitudes are then normalised exactly. At most PLT_STATE_VECTOR_MAX_QUBITS.
 *   "expect:FILE"     measured expectation values, one "STRING VALUE" a line ("Z0*Z3 0.42" or
 *                     "ZIIZ 0.42"; '#' comments; |value| <= 1.1, each string once): the
 *                     Heisenberg-picture engines (pauliprop, gsim) read the values of the
 *                     strings they end with and fail, naming it, on a string the table lacks.
 * `origin` names the option for messages (e.g. "--state"). Free with plt_state_free. */
PLT_NODISCARD plt_status plt_state_parse(const char *spec, int n, const char *origin,
                                         plt_state **out);
PLT_NODISCARD plt_status plt_state_new_zero(int n, plt_state **out);
/* A basis state from n chars '0'/'1' (character k is qubit k), copied. */
PLT_NODISCARD plt_status plt_state_new_basis(int n, const char *bits, plt_state **out);
/* A product state from 3n doubles (Bloch vector of qubit k at [3k..3k+2], |b| <= 1), copied. */
PLT_NODISCARD plt_status plt_state_new_product(int n, const double *bloch, plt_state **out);
/* A state vector from 2^n interleaved (re, im) amplitudes (norm 1 within 1e-6; normalised
 * exactly), copied. n <= PLT_STATE_VECTOR_MAX_QUBITS. */
PLT_NODISCARD plt_status plt_state_new_vector(int n, const double *amps, plt_state **out);
#define PLT_STATE_VECTOR_MAX_QUBITS 30
void plt_state_free(plt_state *s);
plt_state_kind plt_state_kind_of(const plt_state *s);
int plt_state_nqubits(const plt_state *s);
/* BASIS: bit k of qubit k, as n chars '0'/'1' (borrowed); NULL for other kinds. */
const char *plt_state_bits(const plt_state *s);
/* PRODUCT: 3n doubles, Bloch vector of qubit k at [3k..3k+2] (borrowed); NULL otherwise. */
const double *plt_state_bloch(const plt_state *s);
/* CIRCUIT: the preparation circuit (borrowed); NULL otherwise. */
const plt_circuit *plt_state_circuit(const plt_state *s);
/* VECTOR: the 2^n interleaved amplitudes (borrowed); NULL otherwise. */
const double *plt_state_amplitudes(const plt_state *s);
/* TABLE: the number of measured strings; 0 for other kinds. */
size_t plt_state_table_size(const plt_state *s);
/* SHADOWS, TABLE: the data file path (borrowed); NULL otherwise. */
const char *plt_state_path(const plt_state *s);
/* <s|p|s>, the expectation value of a Pauli string in the state: exact for zero, basis
 * and product states and for stabilizer (Clifford) preparation circuits; for SHADOWS the
 * median-of-means estimate from the loaded data (plateau/shadows.h); exact in O(2^n) for
 * VECTOR; the measured value for TABLE (PLT_EUNSUPPORTED, naming p, when it has none).
 * PLT_EUNSUPPORTED for
 * a non-Clifford preparation circuit (use the statevector engine); PLT_EINVAL when p is
 * on another number of qubits. The hook the Heisenberg-picture engines use for their
 * final overlap. Cost O(n) (product), O(shots n / 64) (shadows), O(n^2 gates) (Clifford). */
PLT_NODISCARD plt_status plt_state_pauli_expect(const plt_state *s, const plt_pstring *p,
                                                double *value);

typedef struct plt_shadows plt_shadows;
/* SHADOWS: the shadow data the state loaded (borrowed, lives as long as the state; see
 * plateau/shadows.h); NULL for other kinds. */
const plt_shadows *plt_state_shadows(const plt_state *s);

#ifdef __cplusplus
}
#endif
#endif
