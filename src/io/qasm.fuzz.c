/* libFuzzer target: any bytes must parse or fail cleanly, never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>

#include "plateau/qasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    plt_circuit *c = NULL;
    plt_qasm_info info;
    if (plt_qasm_parse((const char *)data, size, "fuzz", &c, &info) == PLT_OK)
        plt_circuit_free(c);
    return 0;
}
