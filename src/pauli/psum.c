#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/psum_impl.h"

plt_status plt_psum_new(int n, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_psum_new: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a Pauli sum needs 1..%d qubits, got %d", PLT_MAX_QUBITS, n);
    plt_psum *s = calloc(1, sizeof *s);
    if (!s) return plt_fail_nomem("a Pauli sum");
    s->n = n;
    s->nw = plt_nwords(n);
    plt_status st = plt_pw_index_resize(&s->index, plt_pw_index_slots_for(0), NULL, s->nw, 0,
                                        "a Pauli sum");
    if (st) {
        free(s);
        return st;
    }
    *out = s;
    return PLT_OK;
}

void plt_psum_free(plt_psum *s) {
    if (!s) return;
    free(s->keys);
    free(s->coef);
    plt_pw_index_free(&s->index);
    free(s);
}

int plt_psum_nqubits(const plt_psum *s) { return s ? s->n : 0; }
size_t plt_psum_nterms(const plt_psum *s) { return s ? s->count : 0; }

double plt_psum_one_norm(const plt_psum *s) {
    double one = 0;
    for (size_t i = 0; s && i < s->count; i++) one += hypot(s->coef[2 * i], s->coef[2 * i + 1]);
    return one;
}

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
    double *coef = realloc(s->coef, 2 * cap * sizeof *coef);
    if (!coef) return plt_fail_nomem("Pauli sum terms");
    s->coef = coef;
    s->cap = cap;
    return PLT_OK;
}

/* Index slots for nterms terms (load <= 1/2). */
static plt_status index_room(plt_psum *s, size_t nterms) {
    size_t slots = plt_pw_index_slots_for(nterms);
    if (slots <= s->index.mask + 1) return PLT_OK;
    return plt_pw_index_resize(&s->index, slots, s->keys, s->nw, s->count,
                               "a Pauli sum hash table");
}

plt_status plt_psum_reserve(plt_psum *s, size_t nterms) {
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_reserve: sum is NULL");
    plt_status st = grow_terms(s, nterms);
    if (st) return st;
    return index_room(s, nterms);
}

void plt_psum_clear(plt_psum *s) {
    if (!s) return;
    s->count = 0;
    plt_pw_index_clear(&s->index);
}

size_t plt_psum_find_words(const plt_psum *s, const uint64_t *x, const uint64_t *z) {
    return plt_pw_index_find(&s->index, s->keys, s->nw, x, z);
}

plt_status plt_psum_add_words(plt_psum *s, const uint64_t *x, const uint64_t *z, double re,
                              double im, size_t *index) {
    const int nw = s->nw;
    const uint64_t h = plt_pw_hash(x, z, nw);
    int found;
    size_t j = plt_pw_index_probe(&s->index, s->keys, nw, x, z, h, &found);
    if (found) {
        size_t i = s->index.slot[j];
        s->coef[2 * i] += re;
        s->coef[2 * i + 1] += im;
        if (index) *index = i;
        return PLT_OK;
    }
    if (2 * (s->count + 1) > s->index.mask + 1) {
        plt_status st = index_room(s, s->count + 1);
        if (st) return st;
        j = plt_pw_index_probe(&s->index, s->keys, nw, x, z, h, &found);
    }
    const size_t kw = 2 * (size_t)nw;
    /* x and z may point into s->keys (re-adding one of s's own terms), which may move. */
    uintptr_t base = (uintptr_t)s->keys, end = base + s->cap * kw * sizeof *x;
    int inside = s->keys && (uintptr_t)x >= base && (uintptr_t)x < end;
    size_t xoff = inside ? (size_t)(x - s->keys) : 0, zoff = inside ? (size_t)(z - s->keys) : 0;
    plt_status st = grow_terms(s, s->count + 1);
    if (st) return st;
    if (inside) {
        x = s->keys + xoff;
        z = s->keys + zoff;
    }
    size_t i = s->count++;
    memcpy(s->keys + i * kw, x, (size_t)nw * sizeof *x);
    memcpy(s->keys + i * kw + nw, z, (size_t)nw * sizeof *z);
    s->coef[2 * i] = re;
    s->coef[2 * i + 1] = im;
    s->index.slot[j] = (uint32_t)i;
    if (index) *index = i;
    return PLT_OK;
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
        st = plt_psum_add_words(s, plt_psum_x(t, i), plt_psum_z(t, i), a * re - b * im,
                                a * im + b * re, NULL);
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
            s->coef[2 * k] = s->coef[2 * i];
            s->coef[2 * k + 1] = s->coef[2 * i + 1];
        }
        k++;
    }
    size_t removed = s->count - k;
    if (removed) {
        s->count = k;
        plt_pw_index_refill(&s->index, s->keys, s->nw, s->count);
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
