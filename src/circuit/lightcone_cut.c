/* Backward light cones by bit masks (lightcone_cut.h), and plt_circuit_lightcone: the cone
 * of the whole observable as a smaller circuit. */
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "circuit/lightcone_cut.h"
#include "core/error.h"
#include "pauli/pstring.h"

/* 1 for an op that is diagonal in the computational basis: such ops commute. */
static int diagonal(const plt_op *op, int nw) {
    if (op->kind == PLT_OP_ROTATION) {
        for (int w = 0; w < nw; w++)
            if (op->gen->x[w]) return 0;
        return 1;
    }
    return op->kind == PLT_OP_CLIFFORD && (op->gate == PLT_GATE_CZ || op->gate == PLT_GATE_Z ||
                                           op->gate == PLT_GATE_S || op->gate == PLT_GATE_SDG);
}

plt_status plt_lightcone_init(plt_lightcone *lc, const plt_circuit *c) {
    memset(lc, 0, sizeof *lc);
    lc->n = c->n;
    lc->nw = plt_nwords(c->n);
    lc->nops = c->nops;
    lc->mask = calloc(c->nops * (size_t)lc->nw + 1, sizeof *lc->mask);
    lc->run_lo = malloc((c->nops + 1) * sizeof *lc->run_lo);
    if (!lc->mask || !lc->run_lo) {
        plt_lightcone_free(lc);
        return plt_fail_nomem("the light-cone masks");
    }
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        uint64_t *m = lc->mask + i * (size_t)lc->nw;
        if (op->kind == PLT_OP_ROTATION) {
            for (int w = 0; w < lc->nw; w++) m[w] = op->gen->x[w] | op->gen->z[w];
        } else {
            for (int k = 0; k < op->nq; k++) m[op->q[k] >> 6] |= 1ULL << (op->q[k] & 63);
        }
        const int d = diagonal(op, lc->nw);
        lc->run_lo[i] = d && i > 0 && diagonal(&c->ops[i - 1], lc->nw) ? lc->run_lo[i - 1] : i;
    }
    return PLT_OK;
}

void plt_lightcone_free(plt_lightcone *lc) {
    if (!lc) return;
    free(lc->mask);
    free(lc->run_lo);
    memset(lc, 0, sizeof *lc);
}

static int meets(const uint64_t *a, const uint64_t *b, int nw) {
    for (int w = 0; w < nw; w++)
        if (a[w] & b[w]) return 1;
    return 0;
}

static int nonzero(const uint64_t *a, int nw) {
    for (int w = 0; w < nw; w++)
        if (a[w]) return 1;
    return 0;
}

void plt_lightcone_grow(const plt_lightcone *lc, uint64_t *cone, unsigned char *keep) {
    const int nw = lc->nw, n = lc->n;
    const uint64_t last = n % 64 == 0 ? ~0ULL : (1ULL << (n % 64)) - 1;
    if (keep) memset(keep, 0, lc->nops);
    size_t i = lc->nops;
    /* A cone that holds every qubit can only stay so: stop there (deep all-to-all circuits fill
     * it within a layer); every earlier op with a support is in it. */
    int full = 0;
    uint64_t small[4], *at_run = nw <= 4 ? small : malloc((size_t)nw * sizeof *at_run);
    while (i-- > 0) {
        const size_t lo = at_run ? lc->run_lo[i] : i;
        /* A diagonal run meets the cone as it was at the run's end (see lightcone_cut.h); a
         * failed allocation only loses that refinement. */
        if (lo < i) memcpy(at_run, cone, (size_t)nw * sizeof *cone);
        const uint64_t *ref = lo < i ? at_run : cone;
        for (size_t j = i + 1; j-- > lo;) {
            const uint64_t *om = lc->mask + j * (size_t)nw;
            if (!meets(om, ref, nw)) continue;
            if (keep) keep[j] = 1;
            for (int w = 0; w < nw; w++) cone[w] |= om[w];
        }
        i = lo;
        full = 1;
        for (int w = 0; w < nw && full; w++) full = cone[w] == (w < nw - 1 ? ~0ULL : last);
        if (full) break;
    }
    if (at_run != small) free(at_run);
    if (full && keep)
        while (i-- > 0) keep[i] = (unsigned char)nonzero(lc->mask + i * (size_t)nw, nw);
}

int plt_lightcone_map(const plt_lightcone *lc, const uint64_t *cone, int *map) {
    int m = 0;
    for (int q = 0; q < lc->n; q++) map[q] = (cone[q >> 6] >> (q & 63)) & 1 ? m++ : -1;
    return m;
}

void plt_lightcone_remap(const plt_pstring *p, const int *map, plt_pstring *s) {
    memset(s->x, 0, (size_t)s->nw * sizeof *s->x);
    memset(s->z, 0, (size_t)s->nw * sizeof *s->z);
    for (int w = 0; w < p->nw; w++)
        for (uint64_t b = p->x[w] | p->z[w]; b; b &= b - 1) {
            const int q = 64 * w + __builtin_ctzll(b), t = map[q];
            PLT_ASSERT(t >= 0);
            const uint64_t bit = 1ULL << (t & 63);
            if ((p->x[w] >> (q & 63)) & 1) s->x[t >> 6] |= bit;
            if ((p->z[w] >> (q & 63)) & 1) s->z[t >> 6] |= bit;
        }
}

plt_status plt_lightcone_cut(const plt_circuit *c, const plt_lightcone *lc, const uint64_t *cone,
                             const unsigned char *keep, const int *map, int m, plt_circuit **out) {
    plt_circuit *d = NULL;
    plt_pstring *s = NULL;
    plt_status st;
    *out = NULL;
    if ((st = plt_circuit_new(m, &d)) || (st = plt_circuit_copy_params(d, c)) ||
        (st = plt_pstring_new(m, &s)))
        goto fail;
    for (size_t i = 0; i < c->nops; i++) {
        if (keep ? !keep[i] : !plt_lightcone_holds(lc, i, cone)) continue;
        const plt_op *op = &c->ops[i];
        if (op->kind == PLT_OP_ROTATION) {
            plt_lightcone_remap(op->gen, map, s);
            st = plt_circuit_add_rotation(d, s, op->param, op->a, op->b);
        } else {
            int qs[2] = {map[op->q[0]], op->nq > 1 ? map[op->q[1]] : 0};
            PLT_ASSERT(qs[0] >= 0 && qs[1] >= 0);
            st = op->kind == PLT_OP_CLIFFORD ? plt_circuit_add_clifford(d, op->gate, qs)
                                             : plt_circuit_add_unitary(d, op->nq, qs, op->u);
        }
        if (st) goto fail;
    }
    plt_pstring_free(s);
    *out = d;
    return PLT_OK;
fail:
    plt_pstring_free(s);
    plt_circuit_free(d);
    return st;
}

plt_status plt_circuit_lightcone(const plt_circuit *c, const plt_psum *obs, int max_qubits,
                                 plt_circuit **sub, plt_psum **sub_obs, int *nq) {
    if (!c || !obs || !sub || !sub_obs || !nq)
        return plt_fail(PLT_EINVAL, "plt_circuit_lightcone: NULL argument");
    *sub = NULL;
    *sub_obs = NULL;
    *nq = 0;
    const int n = c->n;
    if (plt_psum_nqubits(obs) != n)
        return plt_fail(PLT_EINVAL, "the observable is on %d qubits but the circuit has %d",
                        plt_psum_nqubits(obs), n);
    plt_lightcone lc;
    plt_status st = plt_lightcone_init(&lc, c);
    if (st) return st;
    uint64_t *cone = calloc((size_t)lc.nw, sizeof *cone);
    unsigned char *keep = malloc(c->nops ? c->nops : 1);
    int *map = malloc((size_t)n * sizeof *map);
    plt_pstring *p = NULL, *s = NULL;
    plt_circuit *out = NULL;
    plt_psum *o = NULL;
    if (!cone || !keep || !map) {
        st = plt_fail_nomem("a light cone");
        goto fail;
    }
    if ((st = plt_pstring_new(n, &p))) goto fail;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        if ((st = plt_psum_term(obs, t, p, NULL, NULL))) goto fail;
        for (int w = 0; w < lc.nw; w++) cone[w] |= p->x[w] | p->z[w];
    }
    plt_lightcone_grow(&lc, cone, keep);
    int m = plt_lightcone_map(&lc, cone, map);
    if (m == 0) m = 1; /* an identity observable: keep one qubit */
    *nq = m;
    if (max_qubits > 0 && m > max_qubits) {
        st = plt_fail(PLT_ETOOBIG, "the light cone of the observable spans %d qubits (limit %d)",
                      m, max_qubits);
        goto fail;
    }
    if ((st = plt_lightcone_cut(c, &lc, cone, keep, map, m, &out))) goto fail;
    if ((st = plt_psum_new(m, &o)) || (st = plt_pstring_new(m, &s))) goto fail;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        double re, im;
        if ((st = plt_psum_term(obs, t, p, &re, &im))) goto fail;
        plt_lightcone_remap(p, map, s);
        if ((st = plt_psum_add(o, s, re, im))) goto fail;
    }
    *sub = out;
    *sub_obs = o;
    out = NULL;
    o = NULL;
fail:
    plt_circuit_free(out);
    plt_psum_free(o);
    plt_pstring_free(p);
    plt_pstring_free(s);
    plt_lightcone_free(&lc);
    free(cone);
    free(keep);
    free(map);
    return st;
}
