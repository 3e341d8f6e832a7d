/* The statevector engine behind the contract of engines/engine_ops.h: exact,
 * dense, adjoint gradients (parameter shift on request). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/rates.h"
#include "core/error.h"
#include "core/mem.h"
#include "engines/engine_ops.h"
#include "engines/statevector/sv.h"

/* Sustained bytes per second assumed by the time estimate (a laptop-class sweep). */

static plt_status sv_check_size(int n) {
    if (n > SV_MAX_QUBITS)
        return plt_fail(PLT_ETOOBIG,
                        "the statevector engine holds 2^n amplitudes and %d qubits is beyond "
                        "its limit of %d; use an engine that scales (pauliprop, lightcone, gsim)",
                        n, SV_MAX_QUBITS);
    return PLT_OK;
}

static plt_status sv_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    int n = plt_circuit_nqubits(m->circuit);
    plt_status st = sv_check_size(n);
    if (st == PLT_OK) st = sv_state_supported(m->state, n);
    if (st != PLT_OK) return st;
    int shift = o && o->grad_method == PLT_GRAD_SHIFT;
    double amp = 16.0 * ldexp(1.0, n);
    double ops = (double)plt_circuit_nops(m->circuit) + 2.0 + (double)plt_psum_nterms(m->obs);
    memset(cost, 0, sizeof *cost);
    cost->bytes = amp * (shift ? 1.0 : 2.0) + ops * sizeof(sv_op);
    /* A gradient is about three forward passes (adjoint); each op is about one read
     * and one write of the state. */
    cost->seconds = 3.0 * ops * 2.0 * amp / plt_rate(PLT_RATE_SV_BYTES);
    cost->exactness = PLT_EXACT;
    cost->error = 0.0;
    return plt_mem_check(cost->bytes, o ? o->max_memory : 0, "the statevector state");
}

static plt_status sv_plan_op(void **state, const plt_model *m, const plt_opts *o) {
    *state = NULL;
    plt_status st = sv_check_size(plt_circuit_nqubits(m->circuit));
    if (st != PLT_OK) return st;
    sv_plan *p;
    if ((st = sv_plan_new(m, o, &p)) != PLT_OK) return st;
    *state = p;
    return PLT_OK;
}

plt_status sv_plan_loss(sv_plan *p, const double *params, double *loss, double *grad) {
    const int n = p->n;
    sv_plan_angles(p, params, SIZE_MAX, 0.0);
    /* A loss and its gradient do not depend on the state's global phase. */
    sv_forward_unphased(p, p->psi);
    if (!grad) {
        *loss = sv_expect(&p->obs, p->psi, n, p->nt);
        return PLT_OK;
    }
    memset(grad, 0, (size_t)p->nparams * sizeof *grad);
    if (p->grad_method == PLT_GRAD_SHIFT) {
        /* d/dtheta <O> = (<O>(theta + pi/2) - <O>(theta - pi/2)) / 2 per occurrence. */
        *loss = sv_expect(&p->obs, p->psi, n, p->nt);
        for (size_t i = p->nprep; i < p->nops; i++) {
            const sv_op *o = &p->ops[i];
            if ((o->kind != SV_ROT && o->kind != SV_ZROT) || o->param < 0) continue;
            double l[2];
            for (int sgn = 0; sgn < 2; sgn++) {
                sv_plan_angles(p, params, i, sgn ? -M_PI / 2 : M_PI / 2);
                sv_forward_unphased(p, p->psi);
                l[sgn] = sv_expect(&p->obs, p->psi, n, p->nt);
            }
            grad[o->param] += o->a * 0.5 * (l[0] - l[1]);
        }
        sv_plan_angles(p, params, SIZE_MAX, 0.0);
        return PLT_OK;
    }
    if (!p->lam) {
        double amp = 16.0 * ldexp(1.0, n);
        plt_status st = plt_mem_check(2.0 * amp, p->max_memory,
                                      "the statevector adjoint gradient (two states)");
        if (st != PLT_OK) return st;
        p->lam = plt_aligned_alloc((size_t)amp);
        if (!p->lam) return plt_fail_nomem("the statevector adjoint buffer");
    }
    *loss = sv_apply_obs(&p->obs, p->psi, p->lam, n, p->nt);
    sv_backward(p, p->psi, p->lam, grad);
    return PLT_OK;
}

static plt_status sv_loss_op(void *state, const double *params, double *loss, double *grad) {
    return sv_plan_loss(state, params, loss, grad);
}

static int sv_exact_op(const void *state) {
    (void)state;
    return 1;
}

static void sv_stats_op(const void *state, plt_stats *out) {
    const sv_plan *p = state;
    *out = p->stats;
}

static void sv_free_op(void *state) { sv_plan_free(state); }

const plt_engine_ops plt_engine_statevector = {
    .name = "statevector",
    .estimate = sv_estimate,
    .plan = sv_plan_op,
    .loss = sv_loss_op,
    .exact = sv_exact_op,
    .stats = sv_stats_op,
    .free = sv_free_op,
};
