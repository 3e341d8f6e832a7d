/* State vectors, internal: the reader entry point (shared with the fuzz target) and the
 * Pauli expectation used by the Heisenberg-picture engines for their overlap. */
#ifndef PLT_STATE_STATE_VECTOR_H
#define PLT_STATE_STATE_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/state.h"

/* A "vector:" file's bytes: .npy when they start with NumPy's magic, else text. */
plt_status state_vector_parse_buffer(const unsigned char *buf, size_t len, const char *path,
                                     int n, plt_state **out);
/* <psi|P|psi> for the string with planes x, z (bits below n only) over 2^n interleaved
 * amplitudes (n <= 30). */
double state_vector_expect(int n, const double *amps, uint64_t x, uint64_t z);

#endif
