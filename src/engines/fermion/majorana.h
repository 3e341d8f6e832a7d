/* Internal: Pauli strings as Majorana monomials under the Jordan-Wigner map.
 *
 * For qubit order 0..n-1 the 2n Majoranas are gamma_{2j} = Z_0..Z_{j-1} X_j and
 * gamma_{2j+1} = Z_0..Z_{j-1} Y_j. Every Pauli string P is, up to a phase, exactly
 * one ascending product Gamma_S = gamma_{s_1} ... gamma_{s_d} (s_1 < ... < s_d): the
 * Majoranas generate the Pauli group. So "is a monomial" always holds; what
 * matters to the fermion engine is the degree d = |S| and the phase. */
#ifndef PLT_ENGINES_FERMION_MAJORANA_H
#define PLT_ENGINES_FERMION_MAJORANA_H

#include <stdint.h>

/* The Majorana set of the string (x, z) (nw words each, bits past n zero) as two
 * bit planes: bit j of a is gamma_{2j} in S, bit j of b is gamma_{2j+1} in S
 * (a, b: nw words each, may not alias x or z). Returns the degree d = |S| and sets
 * *phase to k in 0..3 with P = i^k Gamma_S. O(nw). */
int plt_majorana_of(const uint64_t *x, const uint64_t *z, int nw, uint64_t *a, uint64_t *b,
                    int *phase);

/* The ascending index list of the set (a, b) into idx[0..cap); returns |S|
 * (which may exceed cap: then only the first cap are written). O(nw + |S|). */
int plt_majorana_indices(const uint64_t *a, const uint64_t *b, int nw, int *idx, int cap);

#endif
