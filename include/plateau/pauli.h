/* plateau — Pauli strings and Pauli sums.
 *
 * Conventions
 * - Qubit 0 first: in the dense text form "XIZY", character k is qubit k.
 * - A string stores one x bit and one z bit per qubit, packed in 64-bit words:
 *   (x,z) = (0,0) I, (1,0) X, (1,1) Y, (0,1) Z. Y is the Hermitian Pauli Y, so
 *   every stored string is Hermitian and squares to the identity.
 * - The product of two strings is i^phase times a string; plt_pstring_mul
 *   returns that phase as an integer mod 4.
 * - Pauli sums hold complex coefficients keyed by string in an open-addressing
 *   hash table. The trace inner product is <A,B> = Tr(A^dagger B) / 2^n, so
 *   distinct strings are orthonormal.
 *
 * Text forms (both parsed, both printed)
 * - indexed: "X0*Z3*Y17" — a letter then the qubit index, factors joined by '*'.
 *   "I" alone is the identity.
 * - dense:   "XIZY" — one letter per qubit.
 * - sums:    "0.5*Z0*Z1 - 1.2*X3 + Y0", "2*XXII + ZZII", "-(0.5)" is not
 *   accepted; a coefficient is an optional real number (with exponent) followed
 *   by '*', or a bare number for a multiple of the identity. A complex
 *   coefficient is written "(re+imj)" as plt_psum_to_text prints it.
 * - observables: every coefficient real (imaginary part exactly 0), so the sum is
 *   Hermitian; plt_psum_parse_hermitian and plt_psum_check_hermitian enforce it,
 *   and so does every engine when a model is made (plateau/engine.h).
 */
#ifndef PLATEAU_PAULI_H
#define PLATEAU_PAULI_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plt_pstring plt_pstring;
typedef struct plt_psum plt_psum;

/* ---------- Pauli strings ---------- */

/* A new identity string on n >= 1 qubits. Returns PLT_EINVAL for n < 1 or
 * n > PLT_MAX_QUBITS, PLT_ENOMEM. Free with plt_pstring_free. */
#define PLT_MAX_QUBITS 1000000
PLT_NODISCARD plt_status plt_pstring_new(int n, plt_pstring **out);
PLT_NODISCARD plt_status plt_pstring_clone(const plt_pstring *p, plt_pstring **out);
void plt_pstring_free(plt_pstring *p);

int plt_pstring_nqubits(const plt_pstring *p);
/* The letter on qubit q: 'I', 'X', 'Y' or 'Z'; '?' when q is out of range. */
char plt_pstring_get(const plt_pstring *p, int q);
/* Sets qubit q to letter 'I','X','Y','Z' (lower case accepted). PLT_EINVAL on a
 * bad qubit or letter. */
PLT_NODISCARD plt_status plt_pstring_set(plt_pstring *p, int q, char letter);
/* Copies b into a; both must have the same number of qubits (else PLT_EINVAL). */
PLT_NODISCARD plt_status plt_pstring_copy(plt_pstring *a, const plt_pstring *b);

/* Number of non-identity factors. O(n/64). */
int plt_pstring_weight(const plt_pstring *p);
/* Writes the qubits with a non-identity factor, ascending, into qubits[0..cap);
 * returns the weight (which may exceed cap). */
int plt_pstring_support(const plt_pstring *p, int *qubits, int cap);
uint64_t plt_pstring_hash(const plt_pstring *p);
/* 1 when equal (same n and letters), else 0. */
int plt_pstring_equal(const plt_pstring *a, const plt_pstring *b);
/* 1 when a and b commute, 0 when they anticommute. Same n required (else -1). */
int plt_pstring_commutes(const plt_pstring *a, const plt_pstring *b);
/* out = string part of a*b and *phase in {0,1,2,3} such that a*b = i^phase out.
 * out may alias a or b. All three must have the same n (else PLT_EINVAL). */
PLT_NODISCARD plt_status plt_pstring_mul(const plt_pstring *a, const plt_pstring *b,
                                         plt_pstring *out, int *phase);

/* Parses one string in either text form. n is the number of qubits, or -1 to
 * take it from the text (dense: its length; indexed: the largest index + 1).
 * `origin` names the input in error messages (NULL for none). A leading sign or
 * coefficient is not accepted here (use plt_psum_parse). PLT_EPARSE with the
 * column on malformed text; PLT_EINVAL when an index is >= n. */
PLT_NODISCARD plt_status plt_pstring_parse(const char *text, int n, const char *origin,
                                           plt_pstring **out);
/* Text of p: dense form when dense != 0, else indexed ("I" for the identity).
 * The caller frees *out with plt_free. */
PLT_NODISCARD plt_status plt_pstring_to_text(const plt_pstring *p, int dense, char **out);

/* ---------- Pauli sums ---------- */

PLT_NODISCARD plt_status plt_psum_new(int n, plt_psum **out);
PLT_NODISCARD plt_status plt_psum_clone(const plt_psum *s, plt_psum **out);
void plt_psum_free(plt_psum *s);
int plt_psum_nqubits(const plt_psum *s);
size_t plt_psum_nterms(const plt_psum *s);
/* sum |coefficient| over the terms (0 for NULL): |<psi|s|psi>| never exceeds it. */
double plt_psum_one_norm(const plt_psum *s);

/* s += (re + i im) * p. A term whose coefficient becomes exactly 0 is kept until
 * plt_psum_drop_small. p must have s's n (else PLT_EINVAL). Amortised O(n/64). */
PLT_NODISCARD plt_status plt_psum_add(plt_psum *s, const plt_pstring *p, double re, double im);
/* s += (re + i im) * t. */
PLT_NODISCARD plt_status plt_psum_add_sum(plt_psum *s, const plt_psum *t, double re, double im);
/* s *= (re + i im). */
void plt_psum_scale(plt_psum *s, double re, double im);
/* *out = a * b (operator product). O(|a| |b| n/64). */
PLT_NODISCARD plt_status plt_psum_mul(const plt_psum *a, const plt_psum *b, plt_psum **out);
/* *out = [a, b] = ab - ba; only anticommuting pairs contribute. */
PLT_NODISCARD plt_status plt_psum_commutator(const plt_psum *a, const plt_psum *b,
                                             plt_psum **out);
/* <a,b> = Tr(a^dagger b) / 2^n. */
PLT_NODISCARD plt_status plt_psum_inner(const plt_psum *a, const plt_psum *b, double *re,
                                        double *im);
/* Removes terms with |coefficient| <= tol; returns how many were removed. */
size_t plt_psum_drop_small(plt_psum *s, double tol);
/* Coefficient of p (0 when absent). */
PLT_NODISCARD plt_status plt_psum_get(const plt_psum *s, const plt_pstring *p, double *re,
                                      double *im);
/* Term i (0 <= i < nterms) in insertion order: copies the string into `p`
 * (which must have s's n) and the coefficient into re, im (either may be NULL). */
PLT_NODISCARD plt_status plt_psum_term(const plt_psum *s, size_t i, plt_pstring *p, double *re,
                                       double *im);

/* Parses a sum such as "0.5*Z0*Z1 - 1.2*X3 + Y0" or "2*XXII + ZZII". n as in
 * plt_pstring_parse. `origin` names the input for messages ("--obs", a file);
 * errors are PLT_EPARSE with line and column, or PLT_EINVAL for a qubit >= n.
 * Nesting is not part of the grammar, so no input recurses. */
PLT_NODISCARD plt_status plt_psum_parse(const char *text, int n, const char *origin,
                                        plt_psum **out);
/* plt_psum_parse for an observable: also refuses, with PLT_EINVAL at the line and
 * column of the offending term, a sum in which a string's coefficient (summed over
 * its occurrences, so "(1+1j)*X0 - (0+1j)*X0" is fine) has an imaginary part that is
 * not exactly 0. No tolerance: any nonzero imaginary part, however small, is refused
 * (a tolerance would be wrong at some scale; write the real part alone, 0.5 or
 * (0.5+0j)). The message names the term and its coefficient: "the observable must
 * be Hermitian: term X0 has coefficient 0+1i; give real coefficients ...". Every CLI
 * command that takes an observable parses it with this. Same cost as plt_psum_parse. */
PLT_NODISCARD plt_status plt_psum_parse_hermitian(const char *text, int n, const char *origin,
                                                  plt_psum **out);
/* PLT_OK when every coefficient of s has imaginary part exactly 0 (s is Hermitian:
 * every Pauli string is); else PLT_EINVAL naming the first such term in insertion
 * order and its coefficient, with no position (see plt_psum_parse_hermitian). A NaN
 * imaginary part is refused. PLT_EINVAL for a NULL sum. O(terms). */
PLT_NODISCARD plt_status plt_psum_check_hermitian(const plt_psum *s);
/* Text of s in indexed form with real coefficients where the imaginary part is 0,
 * else "(re+imj)*". The caller frees *out with plt_free. */
PLT_NODISCARD plt_status plt_psum_to_text(const plt_psum *s, char **out);

#ifdef __cplusplus
}
#endif
#endif
