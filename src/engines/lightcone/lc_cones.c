/* Backward light cones. A term's cone is exact to simulate alone: an op that does not
 * meet the cone at its time commutes with the Heisenberg-evolved term. The same holds
 * for every op inside a larger set S, so all ops with support inside a cone can be
 * simulated together, which is how the plan groups terms with the same cone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/lightcone/lc.h"

int lc_op_support(const plt_op *op, int *buf, int n) {
    if (op->kind == PLT_OP_ROTATION) return plt_pstring_support(op->gen, buf, n);
    for (int i = 0; i < op->nq; i++)
        buf[i] = op->q[i];
    return op->nq;
}

void lc_cones_free(lc_cones *c) {
    if (!c) return;
    for (size_t i = 0; i < c->ncones; i++) {
        free(c->cone[i].qubits);
        free(c->cone[i].terms);
    }
    free(c->cone);
    memset(c, 0, sizeof *c);
}

static unsigned long long hash_qubits(const int *q, int m) {
    unsigned long long h = 1469598103934665603ULL;
    for (int i = 0; i < m; i++)
        h = (h ^ (unsigned)q[i]) * 1099511628211ULL;
    return h;
}

static plt_status push_term(lc_cone *k, size_t t) {
    if (k->nterms == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 4;
        size_t *p = realloc(k->terms, cap * sizeof *p);
        if (!p) return plt_fail_nomem("a light cone's terms");
        k->terms = p;
        k->cap = cap;
    }
    k->terms[k->nterms++] = t;
    return PLT_OK;
}

/* Adds term t with cone qubits q[0..m) (ascending) to the group of equal cones. */
static plt_status add_cone(lc_cones *c, const int *q, int m, size_t t) {
    unsigned long long h = hash_qubits(q, m);
    for (size_t i = 0; i < c->ncones; i++) {
        lc_cone *k = &c->cone[i];
        if (k->hash == h && k->m == m && memcmp(k->qubits, q, (size_t)m * sizeof *q) == 0)
            return push_term(k, t);
    }
    if (c->ncones == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        lc_cone *p = realloc(c->cone, cap * sizeof *p);
        if (!p) return plt_fail_nomem("the light cones");
        c->cone = p;
        c->cap = cap;
    }
    lc_cone *k = &c->cone[c->ncones];
    memset(k, 0, sizeof *k);
    k->qubits = malloc((size_t)m * sizeof *q);
    if (!k->qubits) return plt_fail_nomem("a light cone");
    memcpy(k->qubits, q, (size_t)m * sizeof *q);
    k->m = m;
    k->hash = h;
    c->ncones++;
    return push_term(k, t);
}

/* Each op's support as a bit mask of nw words, so that a cone meets or contains an op in
 * nw word operations (a cone search per term over 40,000 ops of 200 qubits took seconds
 * through qubit lists). */
static uint64_t *op_masks(const plt_circuit *c, int n, int nw, int *buf) {
    size_t nops = plt_circuit_nops(c);
    uint64_t *mask = calloc(nops * (size_t)nw + 1, sizeof *mask);
    if (!mask) return NULL;
    for (size_t i = 0; i < nops; i++) {
        int w = lc_op_support(plt_circuit_op(c, i), buf, n);
        for (int j = 0; j < w; j++)
            mask[i * (size_t)nw + (size_t)(buf[j] >> 6)] |= 1ULL << (buf[j] & 63);
    }
    return mask;
}

static int meets(const uint64_t *a, const uint64_t *b, int nw) {
    for (int w = 0; w < nw; w++)
        if (a[w] & b[w]) return 1;
    return 0;
}

static int inside(const uint64_t *op, const uint64_t *cone, int nw) {
    for (int w = 0; w < nw; w++)
        if (op[w] & ~cone[w]) return 0;
    return 1;
}

plt_status lc_cones_build(const plt_model *m, lc_cones *out) {
    memset(out, 0, sizeof *out);
    const plt_circuit *c = m->circuit;
    int n = plt_circuit_nqubits(c), nw = (n + 63) / 64;
    size_t nops = plt_circuit_nops(c), nt = plt_psum_nterms(m->obs);
    int *buf = malloc((size_t)n * sizeof *buf), *list = malloc((size_t)n * sizeof *list);
    uint64_t *cone = calloc((size_t)nw, sizeof *cone), *mask = NULL;
    plt_pstring *p = NULL;
    plt_status st = PLT_OK;
    if (!buf || !list || !cone || !(mask = op_masks(c, n, nw, buf))) {
        st = plt_fail_nomem("the light-cone search");
        goto fail;
    }
    if ((st = plt_pstring_new(n, &p))) goto fail;
    for (size_t t = 0; t < nt; t++) {
        double re, im;
        if ((st = plt_psum_term(m->obs, t, p, &re, &im))) goto fail;
        if (im != 0) {
            st = plt_fail(PLT_EUNSUPPORTED,
                          "observable term %zu has the complex coefficient %g%+gi; lightcone "
                          "needs a Hermitian observable with real coefficients",
                          t, re, im);
            goto fail;
        }
        int mq = plt_pstring_support(p, list, n);
        if (mq == 0) {
            out->constant += re;
            continue;
        }
        memset(cone, 0, (size_t)nw * sizeof *cone);
        for (int i = 0; i < mq; i++)
            cone[list[i] >> 6] |= 1ULL << (list[i] & 63);
        /* A cone that holds every qubit can only stay so: stop there (deep all-to-all
         * circuits fill it within a layer). */
        int full = 0;
        for (size_t i = nops; i-- > 0 && !full;) {
            const uint64_t *om = mask + i * (size_t)nw;
            if (!meets(om, cone, nw)) continue;
            for (int w = 0; w < nw; w++)
                cone[w] |= om[w];
            full = 1;
            for (int w = 0; w < nw && full; w++)
                full = cone[w] == (w < nw - 1 || n % 64 == 0 ? ~0ULL : (1ULL << (n % 64)) - 1);
        }
        /* Ascending order: read the bits back. */
        mq = 0;
        for (int w = 0; w < nw; w++)
            for (uint64_t b = cone[w]; b; b &= b - 1)
                list[mq++] = 64 * w + __builtin_ctzll(b);
        if (mq > out->max_m) {
            out->max_m = mq;
            out->widest_term = t;
        }
        if ((st = add_cone(out, list, mq, t))) goto fail;
    }
    /* Ops inside each cone, for the cost estimate. */
    for (size_t i = 0; i < out->ncones; i++) {
        lc_cone *k = &out->cone[i];
        memset(cone, 0, (size_t)nw * sizeof *cone);
        for (int j = 0; j < k->m; j++)
            cone[k->qubits[j] >> 6] |= 1ULL << (k->qubits[j] & 63);
        for (size_t o = 0; o < nops; o++)
            k->nops += (size_t)inside(mask + o * (size_t)nw, cone, nw);
    }
    free(mask);
    free(cone);
    free(buf);
    free(list);
    plt_pstring_free(p);
    return PLT_OK;
fail:
    free(mask);
    free(cone);
    free(buf);
    free(list);
    plt_pstring_free(p);
    lc_cones_free(out);
    return st;
}
