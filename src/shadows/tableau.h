/* Internal: a stabilizer tableau (Aaronson & Gottesman, PRA 70, 052328 (2004)).
 * Rows 0..n-1 are destabilizers, n..2n-1 stabilizers, row 2n scratch; each row is
 * a signed Pauli string in the planes layout of src/pauli/pstring.h. */
#ifndef PLT_SHADOWS_TABLEAU_H
#define PLT_SHADOWS_TABLEAU_H

#include <stdint.h>

#include "plateau/circuit.h"
#include "shadows/shadows_impl.h"

typedef struct tableau {
    int n, nw;
    uint64_t *w;   /* (2n + 1) rows of 2 nw words: x then z */
    uint8_t *r;    /* sign bit per row */
} tableau;

/* |bits> (NULL: |0...0>). */
plt_status tableau_new(int n, const char *bits, tableau *t);
void tableau_free(tableau *t);
plt_status tableau_copy(tableau *dst, const tableau *src);
/* Applies every op of c (Cliffords and constant rotations by multiples of pi/2);
 * PLT_EUNSUPPORTED naming the first other op. */
plt_status tableau_apply_circuit(tableau *t, const plt_circuit *c);
/* Applies a gate of the table on local qubits q[0..nqubits). */
void tableau_apply_gate(tableau *t, plt_gate g, const int *q);
/* Measures Z on qubit a; random outcomes from rng. Returns the bit (0: +1). */
int tableau_measure(tableau *t, int a, shadows_rng *rng);
/* <P> for the planes (x, z): -1, 0 or +1. */
int tableau_expect(tableau *t, const uint64_t *x, const uint64_t *z);
/* 1 when the rotation angle is a multiple of pi/2 (to 1e-12); *k receives it mod 4. */
int tableau_quarter_turns(double theta, int *k);

#endif
