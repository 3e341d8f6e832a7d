/* Engine symmetric behind the contract of engines/engine_ops.h: permutation-invariant
 * circuits, states and (projected) observables simulated in the Dicke basis, dimension n + 1
 * (see README.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/mem.h"
#include "engines/engine_ops.h"
#include "engines/symmetric/sym.h"
#include "pauli/pstring.h"
#include "plateau/rates.h"

/* Counted work of one Chebyshev exponential of half-width r: a tridiagonal (or band of width
 * w) product, the recurrence and the accumulation, about 16 (2w + 1) flops per entry. */
static double expm_flops(double r, int w, int d) {
    return (double)sym_cheb_degree(r) * 16.0 * (2 * w + 1) * d;
}

/* The letters of a rotation: 1 X only, 2 Y only, 3 Z only, 0 mixed. */
static int letters(const plt_pstring *g) {
    int k = 0;
    uint64_t xo = 0, yo = 0, zo = 0;
    for (int w = 0; w < g->nw; w++) {
        xo |= g->x[w] & ~g->z[w];
        yo |= g->x[w] & g->z[w];
        zo |= ~g->x[w] & g->z[w];
    }
    k = (xo != 0) + (yo != 0) + (zo != 0);
    return k != 1 ? 0 : xo ? 1 : yo ? 2 : 3;
}

/* The predicted cost, one pass, O(1) per op: runs of rotations sharing a parameter and runs
 * of single-qubit gates give the steps and their kinds. The symmetry test is not here
 * (sym_detect_model). */
static plt_status sym_cost(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c), d = n + 1;
    double flops = 0, steps = 0, bands = 0, maxrun = 0;
    size_t nops = plt_circuit_nops(c);
    size_t runlen = 0;
    int open = 0, param = 0, kind = 0, w = 0, local = 0;
    double amax = 0;
    const double jn = 0.5 * n;
    for (size_t i = 0; i <= nops; i++) {
        const plt_op *op = i < nops ? plt_circuit_op(c, i) : NULL;
        int rot = op && op->kind == PLT_OP_ROTATION;
        /* two-qubit Cliffords are absorbed by the plan (QASM's rzz is cx rz cx): they do not
         * cut a run here */
        int cl2 = op && op->kind == PLT_OP_CLIFFORD && op->nq == 2;
        if (cl2) {
            continue;
        }
        if (open && (!rot || op->param != param)) {
            int wid = kind == 3 ? 0 : w;
            if (kind == 3)
                flops += 20.0 * d;
            else if (w <= 1 && kind)
                flops += expm_flops(M_PI * jn, 1, d);
            else if (kind == 1 || kind == 2)
                flops += 2 * expm_flops(0.5 * M_PI * jn, 1, d) + 20.0 * d;
            else
                flops += expm_flops(0.5 * amax * (double)runlen, w, d);
            bands += (2.0 * wid + 1) * d * 16.0 * (kind == 0 ? 2 : 1) + 16.0 * d;
            maxrun = fmax(maxrun, (double)runlen);
            steps++;
            open = 0;
        }
        if (local && (!op || op->nq != 1 || rot)) {
            flops += expm_flops(M_PI * jn, 1, d);
            steps++;
            local = 0;
        }
        if (!op) break;
        if (rot) {
            if (!open) {
                open = 1, param = op->param, runlen = 0, amax = 0, w = 0;
                kind = letters(op->gen);
            }
            if (op->nq > w) w = op->nq;
            if (kind != letters(op->gen)) kind = 0;
            if (op->nq > 1 && kind != 3 && w < op->nq) w = op->nq;
            amax = fmax(amax, M_PI * fabs(op->a) + fabs(op->b));
            runlen++;
            continue;
        }
        if (op->nq == 1) {
            local = 1;
            continue;
        }
        return plt_fail(PLT_EUNSUPPORTED,
                        "op %zu is a two-qubit unitary: the symmetric engine takes Pauli "
                        "rotations, Cliffords and single-qubit unitaries",
                        i);
    }
    int ow = sym_obs_width(m->obs);
    if (ow < 0) return plt_fail_nomem("the symmetric engine's estimate");
    /* forward and backward sweeps, the gradient's band products, the observable; the
     * tridiagonal recurrences run at about half the fermion rows' flop rate (n = 200, 200
     * layers: 0.224 s measured where the rate alone predicts 0.19 s), hence the factor 2 */
    cost->seconds = 2 * (2 * flops + steps * 8.0 * 3 * d + 3 * 8.0 * (2 * ow + 1) * d) /
                    plt_rate(PLT_RATE_FERMION_FLOP);
    cost->bytes = (steps + 4) * d * 16.0 + 8.0 * d * 16 + bands + (2.0 * ow + 1) * d * 16 +
                  maxrun * 16.0 * 2;
    cost->exactness = PLT_EXACT;
    cost->error = 0;
    return plt_mem_check(cost->bytes, o ? o->max_memory : 0, "the symmetric plan");
}

/* The plan's own symmetry test in check-only mode (no steps or bands are built), so that the
 * estimate accepts exactly the models the plan accepts; it stops at the first run that breaks
 * the symmetry. Then the cost. */
static plt_status sym_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    const int n = plt_circuit_nqubits(m->circuit), d = n + 1;
    double *psi = malloc(2 * (size_t)d * sizeof *psi);
    if (!psi) return plt_fail_nomem("the symmetric engine's estimate");
    plt_status st = sym_state_vector(m->state, n, psi);
    free(psi);
    if (st) return st;
    sym_prog p = {.n = n, .d = d, .check_only = 1};
    plt_circuit *ac = NULL;
    plt_psum *ao = NULL;
    st = sym_detect_model(m, &p, &ac, &ao);
    sym_prog_free(&p);
    plt_circuit_free(ac);
    plt_psum_free(ao);
    return st ? st : sym_cost(m, o, cost);
}

static void sym_plan_free(void *state) {
    sym_plan *p = state;
    if (!p) return;
    sym_prog_free(&p->prog);
    sym_band_free(&p->obs);
    plt_circuit_free(p->absorbed);
    plt_psum_free(p->absorbed_obs);
    free(p->psi0);
    free(p->states);
    free(p->lam);
    free(p->tmp);
    free(p->lf);
    free(p);
}

static plt_status sym_plan_op(void **state, const plt_model *m, const plt_opts *o) {
    plt_cost cost;
    *state = NULL;
    plt_status st;
    const int n = plt_circuit_nqubits(m->circuit), d = n + 1;
    sym_plan *p = calloc(1, sizeof *p);
    if (!p) return plt_fail_nomem("the symmetric plan");
    p->prog.n = n;
    p->prog.d = d;
    p->nparams = plt_circuit_nparams(m->circuit);
    p->psi0 = malloc(2 * (size_t)d * sizeof *p->psi0);
    p->lam = malloc(2 * (size_t)d * sizeof *p->lam);
    p->tmp = malloc(8 * (size_t)d * sizeof *p->tmp);
    if (!p->psi0 || !p->lam || !p->tmp) {
        st = plt_fail_nomem("the symmetric plan");
        goto fail;
    }
    if ((st = sym_state_vector(m->state, n, p->psi0))) goto fail;
    /* the exact check first, so that a refusal names the op that breaks the symmetry */
    if ((st = sym_detect_model(m, &p->prog, &p->absorbed, &p->absorbed_obs))) goto fail;
    if ((st = sym_cost(m, o, &cost))) goto fail;
    if ((st = sym_obs_band(p->absorbed_obs ? p->absorbed_obs : m->obs, &p->obs))) goto fail;
    p->states = malloc((p->prog.nsteps + 1) * 2 * (size_t)d * sizeof *p->states);
    if (!p->states) {
        st = plt_fail_nomem("the symmetric engine's states");
        goto fail;
    }
    *state = p;
    return PLT_OK;
fail:
    sym_plan_free(p);
    return st;
}

static plt_status sym_loss_op(void *state, const double *params, double *loss, double *grad) {
    return sym_eval(state, params, loss, grad);
}

static int sym_exact(const void *state) {
    (void)state;
    return 1;
}

static void sym_stats(const void *state, plt_stats *out) {
    const sym_plan *p = state;
    out->max_terms = p ? (size_t)p->prog.d : 0;
}

const plt_engine_ops plt_engine_symmetric = {
    .name = "symmetric",
    .estimate = sym_estimate,
    .plan = sym_plan_op,
    .loss = sym_loss_op,
    .exact = sym_exact,
    .stats = sym_stats,
    .free = sym_plan_free,
};
