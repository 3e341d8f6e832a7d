/* Engine "mps": the plt_engine_ops table, the plan and the loss. The loss is
 * <psi~|O|psi~> / <psi~|psi~> for the truncated state psi~; its rigorous error bound is
 * 2 ||O|| (e + |1 - |psi~||) with e the sum over truncations of the discarded norms, never
 * more than 2 ||O|| (README.md). */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

double mps_value_bound(double e, double norm2, double norm1) {
    /* |psi - psi^| <= e + |1 - |psi~|| for psi^ = psi~ / |psi~|, both states of norm 1, so
     * |<O> - <O>^| <= 2 |O| (e + |1 - |psi~||); 1e-13 covers the rounding of the norm. Never
     * more than 2 |O|, as both values lie in [-|O|, |O|]. */
    const double b = 2 * norm1 * (e + fabs(1 - sqrt(norm2)) + 1e-13);
    return b < 2 * norm1 ? b : 2 * norm1;
}

static void mps_plan_free(void *state) {
    mps_plan *pl = state;
    if (!pl) return;
    mps_prog_free(&pl->prog);
    mps_obs_free(pl->obs);
    mps_free(pl->state);
    for (int i = 0; i < pl->nscratch; i++) mps_free(pl->scratch[i]);
    free(pl->scratch);
    free(pl);
}

static plt_status mps_plan_make(void **state, const plt_model *m, const plt_opts *o) {
    *state = NULL;
    plt_cost cost;
    /* The estimate refuses, before anything is allocated, what would not fit. */
    plt_status st = mps_estimate_op(m, o, &cost);
    if (st) return st;
    mps_plan *pl = calloc(1, sizeof *pl);
    if (!pl) return plt_fail_nomem("an mps plan");
    mps_trunc_from(o, &pl->trunc);
    pl->threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    pl->exact_last = cost.exactness == PLT_EXACT;
    if ((st = mps_prog_build(m, &pl->prog)) || (st = mps_obs_new(m->obs, &pl->obs)) ||
        (st = mps_new(pl->prog.n, &pl->state))) {
        mps_plan_free(pl);
        return st;
    }
    pl->prog.progress_fn = o->progress_fn;
    pl->prog.progress_ctx = o->progress_ctx;
    *state = pl;
    return PLT_OK;
}

/* The forward run from the initial state, then <O>. */
plt_status mps_forward(mps_plan *pl, mps *s, const double *params, double *value) {
    plt_status st = mps_set_product(s, pl->prog.init);
    if (!st) st = mps_prog_run(&pl->prog, s, 0, pl->prog.nsteps, params, (size_t)-1, 0,
                               &pl->trunc);
    if (!st) st = mps_expect(s, pl->obs, value);
    return st;
}

static plt_status mps_loss(void *state, const double *params, double *loss, double *grad) {
    mps_plan *pl = state;
    plt_status st;
    int exact = 1;
    if (grad) {
        if ((st = mps_grad(pl, params, grad, &exact))) return st;
    }
    /* One BLAS thread: OpenBLAS's threads made the bench's brickwork slower at every bond
     * (128: 3.9 s on one thread, 12.8 s on two, the machine shared); threads go to the
     * gradient's shifted runs instead. */
    mps_blas_threads(1);
    if ((st = mps_forward(pl, pl->state, params, loss))) return st;
    pl->last = pl->state->tally;
    pl->exact_last = exact && pl->last.cuts == 0;
    pl->err_bound = pl->exact_last ? 0
                                   : mps_value_bound(pl->last.err, mps_norm2(pl->state),
                                                     mps_obs_norm1(pl->obs));
    return PLT_OK;
}

static int mps_exact(const void *state) { return ((const mps_plan *)state)->exact_last; }

static void mps_stats(const void *state, plt_stats *out) {
    const mps_plan *pl = state;
    memset(out, 0, sizeof *out);
    out->truncated_weight = pl->last.weight;
    out->error_bound = pl->err_bound;
    out->dropped_l1 = pl->err_bound;
    out->dropped_terms = pl->last.cuts;
    out->max_terms = (size_t)pl->last.max_bond;
}

const plt_engine_ops plt_engine_mps = {
    .name = "mps",
    .estimate = mps_estimate_op,
    .plan = mps_plan_make,
    .loss = mps_loss,
    .exact = mps_exact,
    .stats = mps_stats,
    .free = mps_plan_free,
    .models_noise = 0,
    .settings = mps_settings,
    .nsettings = MPS_NSETTINGS,
    .ladder = mps_ladder_op,
};
