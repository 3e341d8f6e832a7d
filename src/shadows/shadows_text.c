/* The shadow file format (see plateau/shadows.h): reading with FILE:LINE:COL errors, writing. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/file.h"
#include "shadows/shadows_impl.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* "# plateau shadows v1 n=N" with any blanks between the words. */
static plt_status parse_header(const char *p, const char *e, const char *origin, int line,
                               int *n) {
    static const char *const words[] = {"#", "plateau", "shadows", "v1"};
    const char *q = p;
    for (int k = 0; k < 4; k++) {
        while (q < e && is_blank(*q)) q++;
        size_t len = strlen(words[k]);
        if ((size_t)(e - q) < len || strncmp(q, words[k], len) != 0 ||
            (k > 0 && q + len < e && !is_blank(q[len])))
            return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                               "expected the header '# plateau shadows v1 n=N' as the first "
                               "line of a shadow file");
        q += len;
    }
    while (q < e && is_blank(*q)) q++;
    int col = (int)(q - p) + 1;
    if (e - q < 3 || strncmp(q, "n=", 2) != 0 || q[2] < '0' || q[2] > '9')
        return plt_fail_at(PLT_EPARSE, origin, line, col,
                           "expected 'n=N' (the number of qubits) in the header '# plateau "
                           "shadows v1 n=N'");
    q += 2;
    long v = 0;
    while (q < e && *q >= '0' && *q <= '9') {
        v = v * 10 + (*q - '0');
        if (v > PLT_MAX_QUBITS)
            return plt_fail_at(PLT_EPARSE, origin, line, col,
                               "n is larger than %d qubits", PLT_MAX_QUBITS);
        q++;
    }
    while (q < e && is_blank(*q)) q++;
    if (q < e)
        return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                           "unexpected text after 'n=%ld' in the header", v);
    if (v < 1)
        return plt_fail_at(PLT_EPARSE, origin, line, col, "n=%ld: a shadow needs n >= 1", v);
    *n = (int)v;
    return PLT_OK;
}

static plt_status parse_shot(plt_shadows *s, const char *p, const char *e, const char *origin,
                             int line) {
    const int n = s->n, nw = s->nw;
    const char *q = p;
    while (q < e && is_blank(*q)) q++;
    uint64_t *w = shadows_push(s);
    if (!w) return plt_fail_nomem("shadow data");
    const char *b0 = q;
    int k = 0;
    for (; q < e && !is_blank(*q); q++, k++) {
        char c = (char)(*q & ~0x20);
        if (c != 'X' && c != 'Y' && c != 'Z')
            goto bad_basis;
        if (k < n) shadows_set_basis(w, nw, k, c == 'X' ? 0 : c == 'Y' ? 1 : 2);
    }
    if (k != n) {
        s->count--;
        return plt_fail_at(PLT_EPARSE, origin, line, (int)(b0 - p) + 1,
                           "%d basis letters but the header says n=%d (write one of X, Y, Z per "
                           "qubit, then the %d outcome bits)", k, n, n);
    }
    while (q < e && is_blank(*q)) q++;
    const char *o0 = q;
    if (q == e) {
        s->count--;
        return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                           "missing the outcome bits after the bases (write e.g. 'XZY 010')");
    }
    k = 0;
    for (; q < e && !is_blank(*q); q++, k++) {
        if (*q != '0' && *q != '1') {
            s->count--;
            return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                               "'%c' is not an outcome bit (write 0 for the +1 eigenvalue, 1 for "
                               "-1)", *q);
        }
        if (k < n && *q == '1') w[2 * nw + k / 64] |= UINT64_C(1) << (k % 64);
    }
    if (k != n) {
        s->count--;
        return plt_fail_at(PLT_EPARSE, origin, line, (int)(o0 - p) + 1,
                           "%d outcome bits but the header says n=%d (one 0/1 per qubit)", k, n);
    }
    while (q < e && is_blank(*q)) q++;
    if (q < e) {
        s->count--;
        return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                           "unexpected text after the outcome bits (one shot a line: 'BASES "
                           "BITS')");
    }
    return PLT_OK;
bad_basis:
    s->count--;
    return plt_fail_at(PLT_EPARSE, origin, line, (int)(q - p) + 1,
                       "'%c' is not a measurement basis (write X, Y or Z for each qubit)", *q);
}

plt_status plt_shadows_parse(const char *text, size_t len, const char *origin,
                             plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_parse: out is NULL");
    *out = NULL;
    if (!text) return plt_fail(PLT_EINVAL, "plt_shadows_parse: text is NULL");
    if (!origin) origin = "shadows";
    plt_shadows *s = NULL;
    plt_status st = PLT_OK;
    const char *p = text, *end = text + len;
    int line = 1;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e) e = end;
        const char *nul = memchr(p, '\0', (size_t)(e - p));
        if (nul) {
            st = plt_fail_at(PLT_EPARSE, origin, line, (int)(nul - p) + 1,
                             "a NUL byte (binary data?) in a shadow file");
            goto fail;
        }
        const char *q = p;
        while (q < e && is_blank(*q)) q++;
        if (q < e) {
            if (!s) {
                int n = 0;
                if ((st = parse_header(p, e, origin, line, &n)) != PLT_OK) goto fail;
                if ((st = plt_shadows_new(n, &s)) != PLT_OK) goto fail;
            } else if (*q != '#') {
                if ((st = parse_shot(s, p, e, origin, line)) != PLT_OK) goto fail;
            }
        }
        p = e + 1;
        line++;
    }
    if (!s) {
        st = plt_fail_at(PLT_EPARSE, origin, 1, 1,
                         "empty shadow file (expected the header '# plateau shadows v1 n=N' "
                         "and one shot a line)");
        goto fail;
    }
    *out = s;
    return PLT_OK;
fail:
    plt_shadows_free(s);
    return st;
}

plt_status plt_shadows_read_file(const char *path, plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_read_file: out is NULL");
    *out = NULL;
    if (!path) return plt_fail(PLT_EINVAL, "plt_shadows_read_file: path is NULL");
    char *buf = NULL;
    size_t len;
    plt_status st = plt_file_read(path, NULL, SIZE_MAX / 2, &buf, &len);
    if (st) return st;
    st = plt_shadows_parse(buf, len, path, out);
    free(buf);
    return st;
}

plt_status plt_shadows_write(const plt_shadows *s, FILE *f) {
    if (!s || !f) return plt_fail(PLT_EINVAL, "plt_shadows_write: NULL argument");
    char *line = malloc(2 * (size_t)s->n + 3);
    if (!line) return plt_fail_nomem("a line of shadow data");
    int bad = fprintf(f, "# plateau shadows v1 n=%d\n", s->n) < 0;
    for (size_t i = 0; i < s->count && !bad; i++) {
        if (plt_shadows_shot(s, i, line, line + s->n + 1) != PLT_OK) break;
        line[s->n] = ' ';
        line[2 * (size_t)s->n + 1] = '\n';
        bad = fwrite(line, 1, 2 * (size_t)s->n + 2, f) != 2 * (size_t)s->n + 2;
    }
    free(line);
    if (bad || fflush(f) != 0) return plt_fail(PLT_EIO, "writing shadow data failed");
    return PLT_OK;
}

plt_status plt_shadows_write_file(const plt_shadows *s, const char *path) {
    if (!s || !path) return plt_fail(PLT_EINVAL, "plt_shadows_write_file: NULL argument");
    FILE *f = fopen(path, "wb");
    if (!f) return plt_fail_at(PLT_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    plt_status st = plt_shadows_write(s, f);
    if (fclose(f) != 0 && st == PLT_OK)
        st = plt_fail_at(PLT_EIO, path, 0, 0, "error closing the file");
    return st;
}
