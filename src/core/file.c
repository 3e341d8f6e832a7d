/* Whole-file reads (see file.h). */
#include "core/file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

plt_status plt_file_read(const char *path, const char *origin, size_t max_bytes, char **data,
                         size_t *len) {
    *data = NULL;
    *len = 0;
    const char *where = origin ? origin : path;
    FILE *f = fopen(path, "rb");
    if (!f) return plt_fail_at(PLT_EIO, where, 0, 0, "cannot read '%s': %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    plt_status st = PLT_OK;
    if (!buf) {
        st = plt_fail_nomem("a file's contents");
        goto done;
    }
    for (;;) {
        if (n + 1 >= cap) { /* room for the terminating NUL too */
            if (cap > max_bytes) {
                st = plt_fail_at(PLT_ETOOBIG, where, 0, 0, "'%s' is larger than %zu bytes", path,
                                 max_bytes);
                goto done;
            }
            char *nb = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                st = plt_fail_nomem("a file's contents");
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        st = plt_fail_at(PLT_EIO, where, 0, 0, "error reading '%s'", path);
        goto done;
    }
    if (n > max_bytes) {
        st = plt_fail_at(PLT_ETOOBIG, where, 0, 0, "'%s' is larger than %zu bytes", path,
                         max_bytes);
        goto done;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
done:
    free(buf);
    fclose(f);
    return st;
}
