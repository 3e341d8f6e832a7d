#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/qasm.h"

/* Larger files are refused before reading: no real circuit file is this big. */
#define QASM_MAX_FILE ((size_t)256 << 20)

plt_status plt_qasm_read_file(const char *path, plt_circuit **out, plt_qasm_info *info) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_qasm_read_file: out is NULL");
    *out = NULL;
    if (!path) return plt_fail(PLT_EINVAL, "plt_qasm_read_file: path is NULL");
    plt_status st;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return plt_fail_at(PLT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    /* Read in chunks rather than trusting a size from fseek: pipes and /dev files have none. */
    for (;;) {
        if (len == cap) {
            if (cap >= QASM_MAX_FILE) {
                st = plt_fail_at(PLT_ETOOBIG, path, 0, 0,
                                 "file is larger than %zu MiB; QASM input is limited to that size",
                                 QASM_MAX_FILE >> 20);
                goto fail;
            }
            size_t ncap = cap ? 2 * cap : 65536;
            if (ncap > QASM_MAX_FILE) ncap = QASM_MAX_FILE;
            char *b = realloc(buf, ncap + 1);
            if (!b) {
                st = plt_fail_nomem("the QASM file");
                goto fail;
            }
            buf = b;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        st = plt_fail_at(PLT_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
        goto fail;
    }
    fclose(f);
    f = NULL;
    st = plt_qasm_parse(buf, len, path, out, info);
    free(buf);
    return st;
fail:
    if (f) fclose(f);
    free(buf);
    return st;
}
