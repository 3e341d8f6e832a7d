/* libFuzzer target: any bytes through plt_psum_parse (n from the text, and n = 5), printed back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/pauli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Long inputs only repeat what short ones test, and 1e6-qubit terms cost memory. */
    if (size > 4096) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    static const int ns[2] = {-1, 5};
    for (int k = 0; k < 2; k++) {
        plt_psum *s = NULL;
        if (plt_psum_parse(text, ns[k], "fuzz", &s) != PLT_OK) {
            if (s) abort();
            continue;
        }
        char *out = NULL;
        if (plt_psum_to_text(s, &out) == PLT_OK) {
            plt_psum *t = NULL;
            /* Printed text must parse again unless a coefficient is not finite. */
            plt_status st = plt_psum_parse(out, plt_psum_nqubits(s), "fuzz", &t);
            if (st != PLT_OK && !strstr(out, "nan") && !strstr(out, "inf")) abort();
            if (st == PLT_OK && plt_psum_nterms(t) > plt_psum_nterms(s) + 1) abort();
            plt_psum_free(t);
        }
        plt_free(out);
        plt_psum_free(s);
    }
    free(text);
    return 0;
}
