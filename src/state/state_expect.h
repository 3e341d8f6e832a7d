/* Pauli expectation values in a state from the string's words, internal: the one
 * implementation behind plt_state_pauli_expect, for engines that hold strings as words. */
#ifndef PLT_STATE_STATE_EXPECT_H
#define PLT_STATE_STATE_EXPECT_H

#include <stdint.h>

#include "plateau/state.h"

/* <s|P|s> for the string with planes x, z (plt_nwords(n) words each) of an n-qubit state
 * (s NULL: |0...0>). Every kind but CIRCUIT (PLT_EUNSUPPORTED: use plt_state_pauli_expect);
 * a TABLE without the string fails naming it. */
plt_status state_expect_words(const plt_state *s, int n, const uint64_t *x, const uint64_t *z,
                              double *value);

#endif
