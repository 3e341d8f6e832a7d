/* libFuzzer target for the state-vector reader ("vector:FILE", text or .npy): any bytes
 * must parse or fail with one message, never crash, leak or hang. The first byte picks
 * the number of qubits (1..8); what parses must give finite expectation values. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "state/state_vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int n = 1 + data[0] % 8;
    plt_state *s = NULL;
    if (state_vector_parse_buffer(data + 1, size - 1, "fuzz", n, &s) != PLT_OK) return 0;
    const double *a = plt_state_amplitudes(s);
    const uint64_t mask = (UINT64_C(1) << n) - 1;
    for (uint64_t x = 0; x < 4; x++)
        if (!isfinite(state_vector_expect(n, a, x & mask, (x ^ 1) & mask))) abort();
    plt_state_free(s);
    return 0;
}
