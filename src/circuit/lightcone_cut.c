/* The backward light cone of an observable: the ops that can change its expectation, on the
 * qubits they reach, as a smaller circuit. Exact: every op left out acts outside the support
 * of the Heisenberg-evolved observable at its point, so it commutes with it. */
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "core/error.h"
#include "pauli/pstring.h"

/* Whether op acts on a qubit marked in `in`. */
static int touches(const plt_op *op, const unsigned char *in) {
    if (op->kind == PLT_OP_ROTATION) {
        const plt_pstring *g = op->gen;
        for (int w = 0; w < g->nw; w++) {
            uint64_t m = g->x[w] | g->z[w];
            while (m) {
                int q = 64 * w + __builtin_ctzll(m);
                m &= m - 1;
                if (in[q]) return 1;
            }
        }
        return 0;
    }
    for (int k = 0; k < op->nq; k++)
        if (in[op->q[k]]) return 1;
    return 0;
}

static void mark(const plt_op *op, unsigned char *in) {
    if (op->kind == PLT_OP_ROTATION) {
        const plt_pstring *g = op->gen;
        for (int w = 0; w < g->nw; w++) {
            uint64_t m = g->x[w] | g->z[w];
            while (m) {
                in[64 * w + __builtin_ctzll(m)] = 1;
                m &= m - 1;
            }
        }
        return;
    }
    for (int k = 0; k < op->nq; k++) in[op->q[k]] = 1;
}

/* Copies p's letters on the cone's qubits into the smaller string s. */
static plt_status remap_string(const plt_pstring *p, const int *map, plt_pstring *s) {
    for (int q = 0; q < p->n; q++) {
        char l = plt_pstring_get(p, q);
        if (l == 'I') continue;
        plt_status st = plt_pstring_set(s, map[q], l);
        if (st) return st;
    }
    return PLT_OK;
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
    plt_status st = PLT_OK;
    unsigned char *in = calloc((size_t)n, 1), *keep = calloc(c->nops ? c->nops : 1, 1);
    int *map = malloc((size_t)n * sizeof *map);
    plt_pstring *p = NULL, *s = NULL;
    plt_circuit *out = NULL;
    plt_psum *o = NULL;
    if (!in || !keep || !map) {
        st = plt_fail_nomem("a light cone");
        goto fail;
    }
    if ((st = plt_pstring_new(n, &p))) goto fail;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        if ((st = plt_psum_term(obs, t, p, NULL, NULL))) goto fail;
        for (int q = 0; q < n; q++) in[q] |= plt_pstring_get(p, q) != 'I';
    }
    for (size_t i = c->nops; i-- > 0;)
        if (touches(&c->ops[i], in)) {
            keep[i] = 1;
            mark(&c->ops[i], in);
        }
    int m = 0;
    for (int q = 0; q < n; q++) map[q] = in[q] ? m++ : -1;
    if (m == 0) m = 1; /* an identity observable: keep one qubit */
    *nq = m;
    if (max_qubits > 0 && m > max_qubits) {
        st = plt_fail(PLT_ETOOBIG, "the light cone of the observable spans %d qubits (limit %d)",
                      m, max_qubits);
        goto fail;
    }
    if ((st = plt_circuit_new(m, &out)) || (st = plt_circuit_copy_params(out, c))) goto fail;
    for (size_t i = 0; i < c->nops; i++) {
        if (!keep[i]) continue;
        const plt_op *op = &c->ops[i];
        int qs[2] = {0, 0};
        for (int k = 0; k < op->nq && op->kind != PLT_OP_ROTATION; k++) qs[k] = map[op->q[k]];
        if (op->kind == PLT_OP_CLIFFORD) {
            st = plt_circuit_add_clifford(out, op->gate, qs);
        } else if (op->kind == PLT_OP_UNITARY) {
            st = plt_circuit_add_unitary(out, op->nq, qs, op->u);
        } else {
            plt_pstring_free(s);
            s = NULL;
            if (!(st = plt_pstring_new(m, &s)) && !(st = remap_string(op->gen, map, s)))
                st = plt_circuit_add_rotation(out, s, op->param, op->a, op->b);
        }
        if (st) goto fail;
    }
    if ((st = plt_psum_new(m, &o))) goto fail;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        double re, im;
        plt_pstring_free(s);
        s = NULL;
        if ((st = plt_psum_term(obs, t, p, &re, &im)) || (st = plt_pstring_new(m, &s)) ||
            (st = remap_string(p, map, s)) || (st = plt_psum_add(o, s, re, im)))
            goto fail;
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
    free(in);
    free(keep);
    free(map);
    return st;
}
