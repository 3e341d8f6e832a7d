/* Clifford absorption: Cliffords move to the end of the circuit through a tableau and
 * are finally absorbed into the observable, so only Pauli rotations remain. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "circuit/tableau.h"
#include "core/error.h"
#include "pauli/pstring.h"

/* The tableau takes n^2/2 bytes; beyond this it is refused rather than attempted. */
#define MAX_TABLEAU_BYTES ((size_t)1 << 32)

plt_status plt_circuit_absorb_cliffords(const plt_circuit *c, const plt_psum *obs,
                                        plt_circuit **out, plt_psum **obs_out) {
    if (!out || !obs_out)
        return plt_fail(PLT_EINVAL, "plt_circuit_absorb_cliffords: out and obs_out are required");
    *out = NULL;
    *obs_out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_absorb_cliffords: circuit must not be NULL");
    if (obs && plt_psum_nqubits(obs) != c->n)
        return plt_fail(PLT_EINVAL,
                        "the observable has %d qubits but the circuit has %d; give an observable "
                        "on %d qubits",
                        plt_psum_nqubits(obs), c->n, c->n);
    for (size_t i = 0; i < c->nops; i++)
        if (c->ops[i].kind == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu is a general unitary, which Clifford absorption cannot move; "
                            "run without absorption",
                            i);
    if (plt_tableau_bytes(c->n) > MAX_TABLEAU_BYTES)
        return plt_fail(PLT_ETOOBIG,
                        "Clifford absorption on %d qubits needs a %zu-byte tableau, above the "
                        "%zu-byte limit; run without absorption",
                        c->n, plt_tableau_bytes(c->n), MAX_TABLEAU_BYTES);
    /* T(P) = C^dag P C for the Cliffords C moved so far: a rotation R_P before C is C R_T(P). */
    plt_tableau t;
    plt_status st = plt_tableau_init(&t, c->n);
    if (st) return st;
    plt_circuit *d = NULL;
    plt_psum *o = NULL;
    plt_pstring *img = NULL;
    if ((st = plt_circuit_new(c->n, &d))) goto fail;
    if ((st = plt_circuit_copy_params(d, c))) goto fail;
    if ((st = plt_pstring_new(c->n, &img))) goto fail;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        if (op->kind == PLT_OP_CLIFFORD) {
            plt_tableau_compose_gate(&t, op->gate, op->q);
            continue;
        }
        int k;
        if (op->param < 0 && plt_tableau_quarter_turns(op->b, &k)) {
            plt_tableau_compose_rotation(&t, op->gen->x, op->gen->z, k);
            continue;
        }
        int ph = plt_tableau_apply(&t, op->gen->x, op->gen->z, img->x, img->z);
        PLT_ASSERT((ph & 1) == 0);
        double s = ph ? -1.0 : 1.0;
        if ((st = plt_circuit_add_rotation(d, img, op->param, s * op->a, s * op->b))) goto fail;
    }
    if (obs) {
        plt_pstring *p = NULL;
        if ((st = plt_psum_new(c->n, &o))) goto fail;
        if ((st = plt_pstring_new(c->n, &p))) goto fail;
        size_t nt = plt_psum_nterms(obs);
        for (size_t i = 0; i < nt && !st; i++) {
            double re, im;
            if ((st = plt_psum_term(obs, i, p, &re, &im))) break;
            int ph = plt_tableau_apply(&t, p->x, p->z, img->x, img->z);
            PLT_ASSERT((ph & 1) == 0);
            double s = ph ? -1.0 : 1.0;
            st = plt_psum_add(o, img, s * re, s * im);
        }
        plt_pstring_free(p);
        if (st) goto fail;
    }
    plt_pstring_free(img);
    plt_tableau_free(&t);
    *out = d;
    *obs_out = o;
    return PLT_OK;
fail:
    plt_pstring_free(img);
    plt_circuit_free(d);
    plt_psum_free(o);
    plt_tableau_free(&t);
    return st;
}

plt_status plt_circuit_params_from_angles(const plt_circuit *c, plt_circuit **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_circuit_params_from_angles: out is required");
    *out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_params_from_angles: circuit is required");
    plt_circuit *d = NULL;
    plt_status st = plt_circuit_new(c->n, &d);
    if (st) return st;
    if ((st = plt_circuit_copy_params(d, c))) goto fail;
    long next = 0;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        if (op->kind != PLT_OP_ROTATION || op->param >= 0) {
            switch (op->kind) {
            case PLT_OP_CLIFFORD: st = plt_circuit_add_clifford(d, op->gate, op->q); break;
            case PLT_OP_UNITARY: st = plt_circuit_add_unitary(d, op->nq, op->q, op->u); break;
            case PLT_OP_ROTATION:
                st = plt_circuit_add_rotation(d, op->gen, op->param, op->a, op->b);
                break;
            }
            if (st) goto fail;
            continue;
        }
        char name[32];
        do snprintf(name, sizeof name, "a%ld", next++);
        while (plt_circuit_param_index(d, name) >= 0);
        int k;
        if ((st = plt_circuit_add_param(d, name, op->b, &k))) goto fail;
        if ((st = plt_circuit_add_rotation(d, op->gen, k, 1.0, 0.0))) goto fail;
    }
    *out = d;
    return PLT_OK;
fail:
    plt_circuit_free(d);
    return st;
}
