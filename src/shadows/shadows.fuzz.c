/* libFuzzer target for the shadow-data reader: any bytes must parse or fail with one
 * message, never crash, leak or hang; what parses must estimate and write back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plateau/shadows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    plt_shadows *s = NULL;
    if (plt_shadows_parse((const char *)data, size, "fuzz", &s) != PLT_OK) return 0;
    int n = plt_shadows_nqubits(s);
    plt_pstring *p = NULL;
    if (n <= 4096 && plt_pstring_new(n, &p) == PLT_OK) {
        (void)plt_pstring_set(p, 0, 'Z');
        (void)plt_pstring_set(p, n - 1, 'X');
        plt_shadow_estimate est;
        (void)plt_shadows_estimate(s, p, 0.95, 0, &est);
        plt_pstring_free(p);
    }
    FILE *f = fopen("/dev/null", "w");
    if (f) {
        (void)plt_shadows_write(s, f);
        fclose(f);
    }
    plt_shadows_free(s);
    return 0;
}
