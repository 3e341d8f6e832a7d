/* Engine gsim behind the contract of engines/engine_ops.h: exact simulation inside the
 * dynamical Lie algebra of the circuit's (Clifford-absorbed) rotation generators. */
#include <stdlib.h>

#include "core/error.h"
#include "core/mem.h"
#include "engines/engine_ops.h"
#include "engines/gsim/gsim.h"

double gsim_estimate_work(void) { return GSIM_ESTIMATE_SECONDS * plt_rate(PLT_RATE_LIE_BRACKET); }

static plt_status gsim_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    plt_status st = gsim_state_supported(m->state);
    if (st) return st;
    plt_dla *g = NULL;
    double work = 0;
    /* Collecting, hashing and classifying the rotations comes before the closure's counted work
     * and is linear in their number, at some 32 units each (4 million rotations of the 200-qubit
     * S_n model took 8 s before the closure began): a circuit whose rotations alone exceed the
     * cap is declined without being read. */
    double nrot = 0;
    for (size_t i = 0; i < plt_circuit_nops(m->circuit); i++)
        nrot += plt_circuit_op(m->circuit, i)->kind == PLT_OP_ROTATION;
    if (32 * nrot > gsim_estimate_work())
        return plt_fail(PLT_EUNSUPPORTED, "the circuit has %.0f rotations; collecting and "
                        "classifying them alone (32 units each) exceeds the cost estimate's work "
                        "cap (%.3g units): a gsim plan would be slow; use pauliprop or "
                        "statevector, or run gsim directly", nrot, gsim_estimate_work());
    /* The contract wants estimate cheap and the verdict the same on every machine: the
     * closure runs under a work cap (never a clock) and declines past it (the plan has no
     * cap). */
    if ((st = gsim_closure(m->circuit, o, gsim_estimate_work(), &g, &work))) return st;
    double dim = (double)plt_dla_dim(g);
    int nw = (plt_circuit_nqubits(m->circuit) + 63) / 64;
    /* An observable outside the algebra is refused by the plan; say so here, so that a caller
     * choosing by estimate does not pick a route that cannot run. */
    st = gsim_obs_inside(g, m);
    plt_dla_free(g);
    if (st) return st;
    /* One loss with gradient is three sweeps, and a gate rotates at most dim/2 pairs: counted
     * pair updates over the calibrated rate. The plan (the closure again, then each basis
     * element bracketed with each generator) is not in it: the work cap keeps it under ~1 s. */
    double gates = 0;
    for (size_t i = 0; i < plt_circuit_nops(m->circuit); i++)
        gates += plt_circuit_op(m->circuit, i)->kind == PLT_OP_ROTATION;
    cost->bytes = dim * (16.0 * nw + 48.0) + dim * 0.5 * 16.0 * (gates < 64 ? gates : 64);
    cost->seconds = 3.0 * gates * dim * 0.5 / plt_rate(PLT_RATE_GSIM_PAIR);
    cost->exactness = PLT_EXACT;
    cost->error = 0;
    return plt_mem_check(cost->bytes, o ? o->max_memory : 0, "the gsim plan");
}

static plt_status gsim_plan_op(void **state, const plt_model *m, const plt_opts *o) {
    gsim_plan *p = NULL;
    plt_status st = gsim_plan_new(m, o, &p);
    *state = p;
    return st;
}

static plt_status gsim_loss_op(void *state, const double *params, double *loss, double *grad) {
    return gsim_eval(state, params, loss, grad);
}

static int gsim_exact(const void *state) {
    (void)state;
    return 1;
}

static void gsim_stats(const void *state, plt_stats *out) {
    const gsim_plan *p = state;
    out->max_terms = p ? p->dim : 0;
}

static void gsim_free_op(void *state) { gsim_plan_free(state); }

const plt_engine_ops plt_engine_gsim = {
    .name = "gsim",
    .estimate = gsim_estimate,
    .plan = gsim_plan_op,
    .loss = gsim_loss_op,
    .exact = gsim_exact,
    .stats = gsim_stats,
    .free = gsim_free_op,
    .settings = gsim_settings,
    .nsettings = GSIM_NSETTINGS,
};
