/* Backward light cones, one per observable term, grouped: a term's cone is exact to simulate
 * alone, and so is every op whose support lies inside a larger cone (circuit/lightcone_cut.h),
 * so the terms with the same cone are simulated together. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/lightcone/lc.h"
#include "pauli/pstring.h"

void lc_cones_free(lc_cones *c) {
    if (!c) return;
    for (size_t i = 0; i < c->ncones; i++) {
        free(c->cone[i].qubits);
        free(c->cone[i].mask);
        free(c->cone[i].terms);
    }
    free(c->cone);
    plt_lightcone_free(&c->ops);
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

/* Adds term t with cone qubits q[0..m) (ascending; mask of nw words) to the group of equal
 * cones. */
static plt_status add_cone(lc_cones *c, const int *q, int m, const uint64_t *mask, size_t t) {
    const int nw = c->ops.nw;
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
    c->ncones++;
    k->qubits = malloc((size_t)m * sizeof *q);
    k->mask = malloc((size_t)nw * sizeof *mask);
    if (!k->qubits || !k->mask) return plt_fail_nomem("a light cone");
    memcpy(k->qubits, q, (size_t)m * sizeof *q);
    memcpy(k->mask, mask, (size_t)nw * sizeof *mask);
    k->m = m;
    k->hash = h;
    return push_term(k, t);
}

plt_status lc_cones_build(const plt_model *m, lc_cones *out) {
    memset(out, 0, sizeof *out);
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c);
    const size_t nt = plt_psum_nterms(m->obs);
    plt_status st = plt_lightcone_init(&out->ops, c);
    if (st) return st;
    const int nw = out->ops.nw;
    int *list = malloc((size_t)n * sizeof *list);
    uint64_t *cone = calloc((size_t)nw, sizeof *cone);
    plt_pstring *p = NULL;
    if (!list || !cone) {
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
        uint64_t any = 0;
        for (int w = 0; w < nw; w++) any |= cone[w] = p->x[w] | p->z[w];
        if (!any) {
            out->constant += re;
            continue;
        }
        plt_lightcone_grow(&out->ops, cone, NULL);
        /* Ascending order: read the bits back. */
        int mq = 0;
        for (int w = 0; w < nw; w++)
            for (uint64_t b = cone[w]; b; b &= b - 1)
                list[mq++] = 64 * w + __builtin_ctzll(b);
        if (mq > out->max_m) {
            out->max_m = mq;
            out->widest_term = t;
        }
        if ((st = add_cone(out, list, mq, cone, t))) goto fail;
    }
    /* Ops inside each cone, for the cost estimate. */
    for (size_t i = 0; i < out->ncones; i++) {
        lc_cone *k = &out->cone[i];
        for (size_t o = 0; o < out->ops.nops; o++)
            k->nops += (size_t)plt_lightcone_holds(&out->ops, o, k->mask);
    }
    free(cone);
    free(list);
    plt_pstring_free(p);
    return PLT_OK;
fail:
    free(cone);
    free(list);
    plt_pstring_free(p);
    lc_cones_free(out);
    return st;
}
