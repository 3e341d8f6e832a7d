/* Internal: a stabilizer state U|b> on the Clifford tableau of circuit/tableau.h, holding the
 * images U X_q U^dag (destabilizers) and U Z_q U^dag (stabilizers, up to the signs of |b>):
 * Aaronson & Gottesman, PRA 70, 052328 (2004). Gates conjugate every image (U <- G U). */
#ifndef PLT_SHADOWS_STABILIZER_H
#define PLT_SHADOWS_STABILIZER_H

#include <stdint.h>

#include "circuit/tableau.h"
#include "plateau/circuit.h"
#include "shadows/shadows_impl.h"

/* |bits> (NULL: |0...0>) on n qubits. PLT_ENOMEM. Free with plt_tableau_free. */
plt_status shadows_stabilizer_init(plt_tableau *t, int n, const char *bits);
/* Applies every op of c (Cliffords and constant rotations by multiples of pi/2);
 * PLT_EUNSUPPORTED naming the first other op. */
plt_status shadows_stabilizer_apply_circuit(plt_tableau *t, const plt_circuit *c);
/* Measures Z on qubit a; random outcomes from rng. Returns the bit (0: +1). */
int shadows_stabilizer_measure(plt_tableau *t, int a, plt_rng *rng);
/* <P> for the planes (x, z): -1, 0 or +1. */
int shadows_stabilizer_expect(plt_tableau *t, const uint64_t *x, const uint64_t *z);

#endif
