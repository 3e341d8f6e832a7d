/* libFuzzer target for the expectation-table reader ("expect:FILE"): any bytes must parse
 * or fail with one message, never crash, leak or hang. The first byte picks the number of
 * qubits (1..128: one and two words a plane). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state/state_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int n = 1 + data[0] % 128;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    plt_state *s = NULL;
    if (state_table_parse_text(text, "fuzz", n, &s) == PLT_OK) {
        if (plt_state_table_size(s) == 0) abort();
        plt_state_free(s);
    }
    free(text);
    return 0;
}
