/* State vectors: "vector:FILE" (text or NumPy .npy), the in-memory constructor and the
 * O(2^n) Pauli expectation that the Heisenberg-picture engines use for their overlap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/file.h"
#include "core/mem.h"
#include "state/state_impl.h"
#include "state/state_vector.h"

/* Amplitudes printed with six digits are off by about 1e-6 in the norm; a larger defect
 * is a wrong file, not rounding. */
#define VEC_NORM_TOL 1e-6

static plt_status check_size(int n, const char *where) {
    if (n < 1 || n > PLT_STATE_VECTOR_MAX_QUBITS)
        return plt_fail_at(PLT_ETOOBIG, where, 0, 0,
                           "a state vector is taken for 1..%d qubits, not %d (use a product, "
                           "basis or qasm: state at larger n)",
                           PLT_STATE_VECTOR_MAX_QUBITS, n);
    return plt_mem_check(16.0 * (double)(UINT64_C(1) << n), 0, "the state vector");
}

/* Takes ownership of amps: checks finiteness and the norm, normalises, wraps. */
static plt_status vector_finish(int n, double *amps, const char *where, plt_state **out) {
    const uint64_t dim = UINT64_C(1) << n;
    double norm = 0;
    for (uint64_t i = 0; i < 2 * dim; i++) {
        if (!isfinite(amps[i])) {
            free(amps);
            return plt_fail_at(PLT_EINVAL, where, 0, 0, "amplitude %llu is not finite",
                               (unsigned long long)(i / 2));
        }
        norm += amps[i] * amps[i];
    }
    if (!(fabs(norm - 1.0) <= VEC_NORM_TOL)) {
        free(amps);
        return plt_fail_at(PLT_EINVAL, where, 0, 0,
                           "the amplitudes have squared norm %.12g; a state needs 1 (within "
                           "%g): normalise them",
                           norm, VEC_NORM_TOL);
    }
    const double s = 1.0 / sqrt(norm);
    for (uint64_t i = 0; i < 2 * dim; i++) amps[i] *= s;
    plt_status st = state_alloc(PLT_STATE_VECTOR, n, out);
    if (st) {
        free(amps);
        return st;
    }
    (*out)->amps = amps;
    return PLT_OK;
}

plt_status plt_state_new_vector(int n, const double *amps, plt_state **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_state_new_vector: out is NULL");
    *out = NULL;
    if (!amps) return plt_fail(PLT_EINVAL, "plt_state_new_vector: amps is NULL");
    plt_status st = check_size(n, "state vector");
    if (st) return st;
    const size_t bytes = 16 * ((size_t)1 << n);
    double *a = malloc(bytes);
    if (!a) return plt_fail_nomem("a state vector");
    memcpy(a, amps, bytes);
    return vector_finish(n, a, "state vector", out);
}

const double *plt_state_amplitudes(const plt_state *s) {
    return s && s->kind == PLT_STATE_VECTOR ? s->amps : NULL;
}

/* ---------- text: one amplitude "re im" (or "re") a line ---------- */

static int is_sep(char c) { return c == ' ' || c == '\t' || c == '\r' || c == ','; }

static plt_status parse_text(const char *text, size_t len, const char *path, int n,
                             plt_state **out) {
    const uint64_t dim = UINT64_C(1) << n;
    double *a = calloc(2 * dim, sizeof *a);
    if (!a) return plt_fail_nomem("a state vector");
    uint64_t row = 0;
    int line = 1;
    const char *p = text, *end = text + len;
    plt_status st = PLT_OK;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end;
        const char *hash = memchr(p, '#', (size_t)(stop - p));
        if (hash) stop = hash;
        const char *q = p;
        int k = 0;
        double v[2] = {0, 0};
        for (;;) {
            while (q < stop && is_sep(*q)) q++;
            if (q >= stop) break;
            int col = (int)(q - p) + 1;
            if (k == 2) {
                st = plt_fail_at(PLT_EPARSE, path, line, col,
                                 "more than two numbers on a line (write one amplitude 're im' "
                                 "a line)");
                goto fail;
            }
            /* strtod needs a terminated copy: a number is short, a longer token is an error. */
            size_t w = 0;
            while (q + w < stop && !is_sep(q[w])) w++;
            char tok[64];
            char *tend = NULL;
            if (w < sizeof tok) {
                memcpy(tok, q, w);
                tok[w] = '\0';
                v[k] = strtod(tok, &tend);
            }
            if (w >= sizeof tok || tend != tok + w || w == 0 || !isfinite(v[k])) {
                st = plt_fail_at(PLT_EPARSE, path, line, col, "'%.*s' is not a finite number",
                                 (int)(w > 40 ? 40 : w), q);
                goto fail;
            }
            q += w;
            k++;
        }
        if (k > 0) {
            if (row == dim) {
                st = plt_fail_at(PLT_EINVAL, path, line, 1,
                                 "more amplitudes than the %llu of a %d-qubit state (one line a "
                                 "basis state)",
                                 (unsigned long long)dim, n);
                goto fail;
            }
            a[2 * row] = v[0];
            a[2 * row + 1] = v[1];
            row++;
        }
        if (!eol) break;
        p = eol + 1;
        line++;
    }
    if (row != dim) {
        st = plt_fail_at(PLT_EINVAL, path, line, 1,
                         "%llu amplitude%s for a %d-qubit state, which needs %llu (one line 're "
                         "im' per basis state)",
                         (unsigned long long)row, row == 1 ? "" : "s", n, (unsigned long long)dim);
        goto fail;
    }
    return vector_finish(n, a, path, out);
fail:
    free(a);
    return st;
}

/* ---------- NumPy .npy: magic, version, header dict, raw little-endian data ---------- */

/* The value text after "'key':" in the header dict, or NULL. */
static const char *npy_field(const char *hdr, size_t len, const char *key) {
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= len; i++) {
        if ((hdr[i] == '\'' || hdr[i] == '"') && memcmp(hdr + i + 1, key, kl) == 0 &&
            hdr[i + 1 + kl] == hdr[i]) {
            const char *p = hdr + i + kl + 2;
            while (p < hdr + len && (*p == ' ' || *p == ':')) p++;
            return p < hdr + len ? p : NULL;
        }
    }
    return NULL;
}

static plt_status parse_npy(const unsigned char *buf, size_t len, const char *path, int n,
                            plt_state **out) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    return plt_fail_at(PLT_EUNSUPPORTED, path, 1, 1,
                       ".npy state vectors are read on little-endian machines only");
#endif
    if (len < 10 || buf[6] < 1 || buf[6] > 3)
        return plt_fail_at(PLT_EPARSE, path, 1, 7,
                           "not a .npy file of a known version (1, 2 or 3; write it with "
                           "numpy.save)");
    size_t hl, off;
    if (buf[6] == 1) {
        hl = (size_t)buf[8] | (size_t)buf[9] << 8;
        off = 10;
    } else {
        if (len < 12) return plt_fail_at(PLT_EPARSE, path, 1, 9, "the .npy header is cut short");
        hl = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
             (size_t)buf[11] << 24;
        off = 12;
    }
    if (hl > len - off)
        return plt_fail_at(PLT_EPARSE, path, 1, (int)off + 1,
                           "the .npy header claims %zu bytes but the file has %zu after it", hl,
                           len - off);
    const char *h = (const char *)buf + off;
    const char *descr = npy_field(h, hl, "descr");
    const char *fort = npy_field(h, hl, "fortran_order");
    const char *shape = npy_field(h, hl, "shape");
    if (!descr || !fort || !shape)
        return plt_fail_at(PLT_EPARSE, path, 1, (int)off + 1,
                           "the .npy header lacks 'descr', 'fortran_order' or 'shape'");
    size_t rest = hl - (size_t)(descr - h);
    int cplx;
    if (rest >= 6 && (memcmp(descr, "'<c16'", 6) == 0 || memcmp(descr, "\"<c16\"", 6) == 0))
        cplx = 1;
    else if (rest >= 5 && (memcmp(descr, "'<f8'", 5) == 0 || memcmp(descr, "\"<f8\"", 5) == 0))
        cplx = 0;
    else /* the header need not be NUL-terminated: print at most what it holds */
        return plt_fail_at(PLT_EUNSUPPORTED, path, 1, (int)(descr - (const char *)buf) + 1,
                           "the .npy array has dtype %.*s; a state vector needs complex128 "
                           "('<c16') or float64 ('<f8'): use numpy.asarray(v, complex)",
                           (int)(rest < 8 ? rest : 8), descr);
    /* Fortran order of a 1-D array is the same bytes, but say so plainly for 2-D input. */
    (void)fort;
    const char *sp = shape;
    const char *hend = h + hl;
    if (*sp != '(')
        return plt_fail_at(PLT_EPARSE, path, 1, (int)(sp - (const char *)buf) + 1,
                           "the .npy shape is not a tuple");
    sp++;
    unsigned long long count = 0;
    int digits = 0;
    while (sp < hend && *sp >= '0' && *sp <= '9' && digits < 19) {
        count = count * 10 + (unsigned long long)(*sp - '0');
        sp++;
        digits++;
    }
    while (sp < hend && *sp == ' ') sp++;
    if (sp < hend && *sp == ',') sp++;
    while (sp < hend && *sp == ' ') sp++;
    if (!digits || sp >= hend || *sp != ')')
        return plt_fail_at(PLT_EINVAL, path, 1, (int)(shape - (const char *)buf) + 1,
                           "the .npy array must be one-dimensional (shape (2^n,)); "
                           "flatten it first");
    const uint64_t dim = UINT64_C(1) << n;
    if (count != dim)
        return plt_fail_at(PLT_EINVAL, path, 1, (int)(shape - (const char *)buf) + 1,
                           "the .npy array has %llu elements; a %d-qubit state needs %llu",
                           count, n, (unsigned long long)dim);
    const size_t esz = cplx ? 16 : 8, data = off + hl;
    if (len - data != dim * esz)
        return plt_fail_at(PLT_EPARSE, path, 1, (int)(data > 2147483646 ? 0 : data + 1),
                           "the .npy data are %zu bytes; %llu elements of %zu bytes need %llu",
                           len - data, (unsigned long long)dim, esz,
                           (unsigned long long)(dim * esz));
    double *a = calloc(2 * dim, sizeof *a);
    if (!a) return plt_fail_nomem("a state vector");
    if (cplx)
        memcpy(a, buf + data, dim * 16);
    else
        for (uint64_t i = 0; i < dim; i++) memcpy(a + 2 * i, buf + data + 8 * i, 8);
    return vector_finish(n, a, path, out);
}

plt_status state_vector_parse_buffer(const unsigned char *buf, size_t len, const char *path,
                                     int n, plt_state **out) {
    *out = NULL;
    plt_status st = check_size(n, path);
    if (st) return st;
    if (len >= 6 && memcmp(buf, "\x93NUMPY", 6) == 0) return parse_npy(buf, len, path, n, out);
    if (memchr(buf, '\0', len))
        return plt_fail_at(PLT_EPARSE, path, 1, 1,
                           "the file contains a NUL byte but is not a .npy file (write text "
                           "'re im' lines or use numpy.save)");
    return parse_text((const char *)buf, len, path, n, out);
}

plt_status state_parse_vector(const char *path, int n, const char *origin, plt_state **out) {
    *out = NULL;
    plt_status st = check_size(n, origin);
    if (st) return st;
    /* A text file is at most ~60 bytes an amplitude; anything far larger is not a state. */
    char *buf = NULL;
    size_t len;
    if ((st = plt_file_read(path, origin, 64 * ((size_t)1 << n) + 4096, &buf, &len))) return st;
    st = state_vector_parse_buffer((const unsigned char *)buf, len, path, n, out);
    free(buf);
    return st;
}

/* P|i> = i^{#Y} (-1)^{|i & z|} |i ^ x>, so <psi|P|psi> = i^{#Y} sum_i conj(psi_{i^x})
 * (-1)^{|i & z|} psi_i. */
double state_vector_expect(int n, const double *amps, uint64_t x, uint64_t z) {
    const uint64_t dim = UINT64_C(1) << n;
    double sr = 0, si = 0;
#pragma omp parallel for reduction(+ : sr, si) if (dim >= (UINT64_C(1) << 16)) schedule(static)
    for (uint64_t i = 0; i < dim; i++) {
        const double *a = amps + 2 * (i ^ x), *b = amps + 2 * i;
        double re = a[0] * b[0] + a[1] * b[1], im = a[0] * b[1] - a[1] * b[0];
        if (__builtin_popcountll(i & z) & 1) re = -re, im = -im;
        sr += re;
        si += im;
    }
    switch (__builtin_popcountll(x & z) & 3) {
    case 0: return sr;
    case 1: return -si; /* i * (sr + i si) */
    case 2: return -sr;
    default: return si;
    }
}
