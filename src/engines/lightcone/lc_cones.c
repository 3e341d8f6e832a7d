/* Backward light cones. A term's cone is exact to simulate alone: an op that does not
 * meet the cone at its time commutes with the Heisenberg-evolved term. The same holds
 * for every op inside a larger set S, so all ops with support inside a cone can be
 * simulated together, which is how the plan groups terms with the same cone. */
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

plt_status lc_cones_build(const plt_model *m, lc_cones *out) {
    memset(out, 0, sizeof *out);
    const plt_circuit *c = m->circuit;
    int n = plt_circuit_nqubits(c);
    size_t nops = plt_circuit_nops(c), nt = plt_psum_nterms(m->obs);
    unsigned char *in = calloc((size_t)n, 1);
    int *buf = malloc((size_t)n * sizeof *buf), *list = malloc((size_t)n * sizeof *list);
    plt_pstring *p = NULL;
    plt_status st = PLT_OK;
    if (!in || !buf || !list) {
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
        for (int i = 0; i < mq; i++)
            in[list[i]] = 1;
        for (size_t i = nops; i-- > 0;) {
            int w = lc_op_support(plt_circuit_op(c, i), buf, n), hit = 0;
            for (int j = 0; j < w && !hit; j++)
                hit = in[buf[j]];
            if (!hit) continue;
            for (int j = 0; j < w; j++)
                if (!in[buf[j]]) {
                    in[buf[j]] = 1;
                    list[mq++] = buf[j];
                }
        }
        /* Ascending order without sorting: read the marks back. */
        int k = 0;
        for (int q = 0; q < n && k < mq; q++)
            if (in[q]) list[k++] = q;
        for (int i = 0; i < mq; i++)
            in[list[i]] = 0;
        if (mq > out->max_m) {
            out->max_m = mq;
            out->widest_term = t;
        }
        if ((st = add_cone(out, list, mq, t))) goto fail;
    }
    /* Ops inside each cone, for the cost estimate. */
    for (size_t i = 0; i < out->ncones; i++) {
        lc_cone *k = &out->cone[i];
        for (int j = 0; j < k->m; j++)
            in[k->qubits[j]] = 1;
        for (size_t o = 0; o < nops; o++) {
            int w = lc_op_support(plt_circuit_op(c, o), buf, n), inside = 1;
            for (int j = 0; j < w && inside; j++)
                inside = in[buf[j]];
            k->nops += (size_t)inside;
        }
        for (int j = 0; j < k->m; j++)
            in[k->qubits[j]] = 0;
    }
    free(in);
    free(buf);
    free(list);
    plt_pstring_free(p);
    return PLT_OK;
fail:
    free(in);
    free(buf);
    free(list);
    plt_pstring_free(p);
    lc_cones_free(out);
    return st;
}
