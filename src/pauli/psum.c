#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/psum_impl.h"

#define EMPTY UINT32_MAX

plt_status plt_psum_new(int n, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_psum_new: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a Pauli sum needs 1..%d qubits, got %d", PLT_MAX_QUBITS, n);
    plt_psum *s = calloc(1, sizeof *s);
    if (!s) return plt_fail_nomem("a Pauli sum");
    s->n = n;
    s->nw = plt_nwords(n);
    s->tmask = 15;
    s->table = malloc(16 * sizeof *s->table);
    if (!s->table) {
        free(s);
        return plt_fail_nomem("a Pauli sum");
    }
    memset(s->table, 0xff, 16 * sizeof *s->table);
    *out = s;
    return PLT_OK;
}

void plt_psum_free(plt_psum *s) {
    if (!s) return;
    free(s->keys);
    free(s->hashes);
    free(s->coef);
    free(s->table);
    free(s);
}

int plt_psum_nqubits(const plt_psum *s) { return s ? s->n : 0; }
size_t plt_psum_nterms(const plt_psum *s) { return s ? s->count : 0; }

static plt_status grow_terms(plt_psum *s, size_t need) {
    if (need <= s->cap) return PLT_OK;
    if (need > PLT_PSUM_MAX_TERMS)
        return plt_fail(PLT_ETOOBIG, "a Pauli sum holds at most %zu terms, %zu requested",
                        PLT_PSUM_MAX_TERMS, need);
    size_t cap = s->cap ? s->cap : 8;
    while (cap < need) cap *= 2;
    if (cap > PLT_PSUM_MAX_TERMS) cap = PLT_PSUM_MAX_TERMS;
    size_t kw = 2 * (size_t)s->nw;
    if (cap > SIZE_MAX / sizeof(uint64_t) / kw) return plt_fail_nomem("Pauli sum terms");
    uint64_t *keys = realloc(s->keys, cap * kw * sizeof *keys);
    if (!keys) return plt_fail_nomem("Pauli sum terms");
    s->keys = keys;
    uint64_t *hashes = realloc(s->hashes, cap * sizeof *hashes);
    if (!hashes) return plt_fail_nomem("Pauli sum terms");
    s->hashes = hashes;
    double *coef = realloc(s->coef, 2 * cap * sizeof *coef);
    if (!coef) return plt_fail_nomem("Pauli sum terms");
    s->coef = coef;
    s->cap = cap;
    return PLT_OK;
}

/* Places term indices 0..count-1 into a fresh table of `slots` (power of two) slots. */
static plt_status rebuild_table(plt_psum *s, size_t slots) {
    if (slots > SIZE_MAX / sizeof(uint32_t)) return plt_fail_nomem("a Pauli sum hash table");
    uint32_t *t = malloc(slots * sizeof *t);
    if (!t) return plt_fail_nomem("a Pauli sum hash table");
    memset(t, 0xff, slots * sizeof *t);
    size_t mask = slots - 1;
    for (size_t i = 0; i < s->count; i++) {
        size_t j = (size_t)s->hashes[i] & mask;
        while (t[j] != EMPTY) j = (j + 1) & mask;
        t[j] = (uint32_t)i;
    }
    free(s->table);
    s->table = t;
    s->tmask = mask;
    return PLT_OK;
}

/* Load factor stays <= 0.6 so linear probes stay short. */
static size_t slots_for(size_t nterms) {
    size_t slots = 16;
    while (slots / 5 * 3 < nterms) slots *= 2;
    return slots;
}

plt_status plt_psum_reserve(plt_psum *s, size_t nterms) {
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_reserve: sum is NULL");
    plt_status st = grow_terms(s, nterms);
    if (st) return st;
    size_t slots = slots_for(nterms);
    if (slots > s->tmask + 1) return rebuild_table(s, slots);
    return PLT_OK;
}

void plt_psum_clear(plt_psum *s) {
    if (!s) return;
    s->count = 0;
    memset(s->table, 0xff, (s->tmask + 1) * sizeof *s->table);
}

static size_t find_slot(const plt_psum *s, const uint64_t *x, const uint64_t *z, uint64_t h,
                        int *found) {
    size_t nw = (size_t)s->nw;
    size_t j = (size_t)h & s->tmask;
    for (;;) {
        uint32_t t = s->table[j];
        if (t == EMPTY) {
            *found = 0;
            return j;
        }
        if (s->hashes[t] == h) {
            const uint64_t *k = s->keys + (size_t)t * 2 * nw;
            if (!memcmp(k, x, nw * sizeof *x) && !memcmp(k + nw, z, nw * sizeof *z)) {
                *found = 1;
                return j;
            }
        }
        j = (j + 1) & s->tmask;
    }
}

size_t plt_psum_find_words(const plt_psum *s, const uint64_t *x, const uint64_t *z) {
    int found;
    size_t j = find_slot(s, x, z, plt_pw_hash(x, z, s->nw), &found);
    return found ? s->table[j] : SIZE_MAX;
}

plt_status plt_psum_add_words_h(plt_psum *s, const uint64_t *x, const uint64_t *z, uint64_t h,
                                double re, double im, size_t *index) {
    int found;
    size_t j = find_slot(s, x, z, h, &found);
    if (found) {
        size_t i = s->table[j];
        s->coef[2 * i] += re;
        s->coef[2 * i + 1] += im;
        if (index) *index = i;
        return PLT_OK;
    }
    if (s->count + 1 > (s->tmask + 1) / 5 * 3) {
        plt_status st = rebuild_table(s, 2 * (s->tmask + 1));
        if (st) return st;
        j = find_slot(s, x, z, h, &found);
    }
    size_t nw = (size_t)s->nw;
    /* x and z may point into s->keys (re-adding one of s's own terms), which may move. */
    uintptr_t base = (uintptr_t)s->keys, end = base + s->cap * 2 * nw * sizeof *x;
    int inside = s->keys && (uintptr_t)x >= base && (uintptr_t)x < end;
    size_t xoff = inside ? (size_t)(x - s->keys) : 0, zoff = inside ? (size_t)(z - s->keys) : 0;
    plt_status st = grow_terms(s, s->count + 1);
    if (st) return st;
    if (inside) {
        x = s->keys + xoff;
        z = s->keys + zoff;
    }
    size_t i = s->count++;
    memcpy(s->keys + i * 2 * nw, x, nw * sizeof *x);
    memcpy(s->keys + i * 2 * nw + nw, z, nw * sizeof *z);
    s->hashes[i] = h;
    s->coef[2 * i] = re;
    s->coef[2 * i + 1] = im;
    s->table[j] = (uint32_t)i;
    if (index) *index = i;
    return PLT_OK;
}

plt_status plt_psum_add_words(plt_psum *s, const uint64_t *x, const uint64_t *z, double re,
                              double im, size_t *index) {
    return plt_psum_add_words_h(s, x, z, plt_pw_hash(x, z, s->nw), re, im, index);
}

static plt_status check_n(const plt_psum *s, int n, const char *what) {
    if (s->n != n)
        return plt_fail(PLT_EINVAL, "%s has %d qubits but the Pauli sum has %d", what, n, s->n);
    return PLT_OK;
}

plt_status plt_psum_add(plt_psum *s, const plt_pstring *p, double re, double im) {
    if (!s || !p) return plt_fail(PLT_EINVAL, "plt_psum_add: argument is NULL");
    plt_status st = check_n(s, p->n, "the Pauli string");
    if (st) return st;
    return plt_psum_add_words(s, p->x, p->z, re, im, NULL);
}

plt_status plt_psum_add_sum(plt_psum *s, const plt_psum *t, double re, double im) {
    if (!s || !t) return plt_fail(PLT_EINVAL, "plt_psum_add_sum: argument is NULL");
    plt_status st = check_n(s, t->n, "the added sum");
    if (st) return st;
    if (s == t) {
        /* Every key already exists, so scaling by (1 + c) is the same and never reallocates. */
        plt_psum_scale(s, 1.0 + re, im);
        return PLT_OK;
    }
    st = plt_psum_reserve(s, s->count + t->count);
    if (st) return st;
    for (size_t i = 0; i < t->count; i++) {
        double a = t->coef[2 * i], b = t->coef[2 * i + 1];
        st = plt_psum_add_words_h(s, plt_psum_x(t, i), plt_psum_z(t, i), t->hashes[i],
                                  a * re - b * im, a * im + b * re, NULL);
        if (st) return st;
    }
    return PLT_OK;
}

void plt_psum_scale(plt_psum *s, double re, double im) {
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) {
        double a = s->coef[2 * i], b = s->coef[2 * i + 1];
        s->coef[2 * i] = a * re - b * im;
        s->coef[2 * i + 1] = a * im + b * re;
    }
}

plt_status plt_psum_clone(const plt_psum *s, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_psum_clone: out is NULL");
    *out = NULL;
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_clone: sum is NULL");
    plt_psum *c = NULL;
    plt_status st = plt_psum_new(s->n, &c);
    if (st) return st;
    st = plt_psum_add_sum(c, s, 1.0, 0.0);
    if (st) {
        plt_psum_free(c);
        return st;
    }
    *out = c;
    return PLT_OK;
}

/* a*b, or [a,b] when `commutator`: commuting pairs cancel, anticommuting ones count twice. */
static plt_status product(const plt_psum *a, const plt_psum *b, int commutator, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "Pauli sum product: out is NULL");
    *out = NULL;
    if (!a || !b) return plt_fail(PLT_EINVAL, "Pauli sum product: sum is NULL");
    if (a->n != b->n)
        return plt_fail(PLT_EINVAL, "cannot multiply Pauli sums of %d and %d qubits", a->n, b->n);
    plt_psum *r = NULL;
    uint64_t *w = malloc(2 * (size_t)a->nw * sizeof *w);
    plt_status st = w ? plt_psum_new(a->n, &r) : plt_fail_nomem("a Pauli product");
    if (st) goto fail;
    static const double ire[4] = {1, 0, -1, 0}, iim[4] = {0, 1, 0, -1};
    int nw = a->nw;
    for (size_t i = 0; i < a->count; i++) {
        const uint64_t *xa = plt_psum_x(a, i), *za = plt_psum_z(a, i);
        double ar = a->coef[2 * i], ai = a->coef[2 * i + 1];
        for (size_t j = 0; j < b->count; j++) {
            const uint64_t *xb = plt_psum_x(b, j), *zb = plt_psum_z(b, j);
            if (commutator && plt_pw_commutes(xa, za, xb, zb, nw)) continue;
            int ph = plt_pw_mul(xa, za, xb, zb, w, w + nw, nw);
            double br = b->coef[2 * j], bi = b->coef[2 * j + 1];
            double cr = ar * br - ai * bi, ci = ar * bi + ai * br;
            double m = commutator ? 2.0 : 1.0;
            double pr = m * (cr * ire[ph] - ci * iim[ph]), pi = m * (cr * iim[ph] + ci * ire[ph]);
            st = plt_psum_add_words(r, w, w + nw, pr, pi, NULL);
            if (st) goto fail;
        }
    }
    free(w);
    *out = r;
    return PLT_OK;
fail:
    free(w);
    plt_psum_free(r);
    return st;
}

plt_status plt_psum_mul(const plt_psum *a, const plt_psum *b, plt_psum **out) {
    return product(a, b, 0, out);
}

plt_status plt_psum_commutator(const plt_psum *a, const plt_psum *b, plt_psum **out) {
    return product(a, b, 1, out);
}

plt_status plt_psum_inner(const plt_psum *a, const plt_psum *b, double *re, double *im) {
    if (!a || !b) return plt_fail(PLT_EINVAL, "plt_psum_inner: sum is NULL");
    if (a->n != b->n)
        return plt_fail(PLT_EINVAL, "cannot take the inner product of %d- and %d-qubit sums",
                        a->n, b->n);
    double sr = 0, si = 0;
    int swap = a->count > b->count;
    const plt_psum *small = swap ? b : a, *big = swap ? a : b;
    for (size_t i = 0; i < small->count; i++) {
        size_t j = plt_psum_find_words(big, plt_psum_x(small, i), plt_psum_z(small, i));
        if (j == SIZE_MAX) continue;
        const double *ca = swap ? big->coef + 2 * j : small->coef + 2 * i;
        const double *cb = swap ? small->coef + 2 * i : big->coef + 2 * j;
        sr += ca[0] * cb[0] + ca[1] * cb[1];
        si += ca[0] * cb[1] - ca[1] * cb[0];
    }
    if (re) *re = sr;
    if (im) *im = si;
    return PLT_OK;
}

size_t plt_psum_drop_small(plt_psum *s, double tol) {
    if (!s) return 0;
    size_t kw = 2 * (size_t)s->nw, k = 0;
    for (size_t i = 0; i < s->count; i++) {
        /* NaN coefficients are kept: dropping them would hide a bug upstream. */
        if (hypot(s->coef[2 * i], s->coef[2 * i + 1]) <= tol) continue;
        if (k != i) {
            memcpy(s->keys + k * kw, s->keys + i * kw, kw * sizeof *s->keys);
            s->hashes[k] = s->hashes[i];
            s->coef[2 * k] = s->coef[2 * i];
            s->coef[2 * k + 1] = s->coef[2 * i + 1];
        }
        k++;
    }
    size_t removed = s->count - k;
    if (removed) {
        s->count = k;
        /* Rebuilding into the same number of slots cannot fail for lack of load room; if the
         * allocation fails, reindex in place so the table stays consistent. */
        if (rebuild_table(s, s->tmask + 1) != PLT_OK) {
            memset(s->table, 0xff, (s->tmask + 1) * sizeof *s->table);
            for (size_t i = 0; i < s->count; i++) {
                size_t j = (size_t)s->hashes[i] & s->tmask;
                while (s->table[j] != EMPTY) j = (j + 1) & s->tmask;
                s->table[j] = (uint32_t)i;
            }
        }
    }
    return removed;
}

plt_status plt_psum_get(const plt_psum *s, const plt_pstring *p, double *re, double *im) {
    if (!s || !p) return plt_fail(PLT_EINVAL, "plt_psum_get: argument is NULL");
    plt_status st = check_n(s, p->n, "the Pauli string");
    if (st) return st;
    size_t j = plt_psum_find_words(s, p->x, p->z);
    if (re) *re = j == SIZE_MAX ? 0.0 : s->coef[2 * j];
    if (im) *im = j == SIZE_MAX ? 0.0 : s->coef[2 * j + 1];
    return PLT_OK;
}

plt_status plt_psum_term(const plt_psum *s, size_t i, plt_pstring *p, double *re, double *im) {
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_term: sum is NULL");
    if (i >= s->count)
        return plt_fail(PLT_EINVAL, "term %zu is out of range for a sum of %zu terms", i,
                        s->count);
    if (p) {
        plt_status st = check_n(s, p->n, "the Pauli string");
        if (st) return st;
        memcpy(p->x, plt_psum_x(s, i), (size_t)s->nw * sizeof *p->x);
        memcpy(p->z, plt_psum_z(s, i), (size_t)s->nw * sizeof *p->z);
    }
    if (re) *re = s->coef[2 * i];
    if (im) *im = s->coef[2 * i + 1];
    return PLT_OK;
}
