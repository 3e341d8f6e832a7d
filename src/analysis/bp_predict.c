/* The Lie-algebraic variance of the loss for a deep circuit started in |0...0>
 * (Ragone et al. 2024), beside the sampled one. The dimension comes from the classification
 * when the generators are Pauli strings (exact at any size, microseconds), else from the
 * closure (a lower bound when it stops at a cap); the prediction needs the closure's basis, so
 * it is made only when the algebra closes under max_dim elements and max_work units of work.
 * Sum generators (shared parameters, as in sn-equivariant or hva-xxz) have no classification
 * and their closure is the slow part of a scan: without the work cap it ran for minutes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bp_impl.h"
#include "core/error.h"
#include "plateau/analysis.h"

void bp_predict(const plt_circuit *c, const plt_psum *obs, size_t max_dim, double max_work,
                bp_guard *guard, plt_bp_point *pt) {
    plt_dla *g = NULL;
    plt_psum *ao = NULL, **gens = NULL;
    size_t m = 0;
    plt_state *zero = NULL;
    plt_dla_report rep;
    memset(&rep, 0, sizeof rep);
    pt->dla_pred = NAN;
    plt_status st = plt_circuit_dla_generators(c, obs, &gens, &m, &ao);
    if (st) {
        snprintf(pt->dla_note, sizeof pt->dla_note, "no DLA: %s", plt_error_last()->message);
        plt_error_clear();
        return;
    }
    plt_lie_class *cls = NULL;
    double cdim = 0;
    if (!plt_lie_classify((const plt_psum *const *)gens, m, &cls)) cdim = plt_lie_class_dim(cls);
    else plt_error_clear();
    plt_lie_class_free(cls);
    if (cdim > 0) {
        pt->dla_dim = cdim;
        pt->dla_complete = 1;
    }
    if (cdim > (double)max_dim) {
        snprintf(pt->dla_note, sizeof pt->dla_note,
                 "no prediction: the DLA's dimension %.6g is over the cap of %zu", cdim, max_dim);
        goto done;
    }
    plt_lie_closure_opts lo;
    plt_lie_closure_opts_init(&lo);
    lo.max_dim = max_dim;
    lo.max_work = max_work;
    lo.progress_fn = bp_guard_progress;
    lo.progress_ctx = guard;
    if ((st = plt_lie_closure_with((const plt_psum *const *)gens, m, &lo, &g))) {
        snprintf(pt->dla_note, sizeof pt->dla_note, "no prediction: %s%s",
                 guard && guard->tripped ? "the Lie closure stopped at the wall-clock guard: "
                                         : "",
                 plt_error_last()->message);
        plt_error_clear();
        goto done;
    }
    if (cdim == 0) {
        pt->dla_dim = (double)plt_dla_lower_bound(g);
        pt->dla_complete = plt_dla_complete(g);
    }
    if (!plt_dla_complete(g)) {
        if (plt_dla_stop(g) == PLT_LIE_STOP_WORK)
            snprintf(pt->dla_note, sizeof pt->dla_note,
                     "no prediction: the Lie closure stopped at its work cap (%.3g units, "
                     "dimension >= %zu; the budget's share for it)",
                     plt_dla_work(g), plt_dla_lower_bound(g));
        else
            snprintf(pt->dla_note, sizeof pt->dla_note,
                     "no prediction: the Lie closure reached the cap of %zu elements", max_dim);
        goto done;
    }
    if ((st = plt_state_new_zero(plt_circuit_nqubits(c), &zero)) ||
        (st = plt_dla_analyse(g, zero, ao, &rep))) {
        snprintf(pt->dla_note, sizeof pt->dla_note, "no prediction: %s",
                 plt_error_last()->message);
        plt_error_clear();
        goto done;
    }
    if (rep.has_prediction) pt->dla_pred = rep.predicted_variance;
done:
    plt_dla_report_clear(&rep);
    plt_state_free(zero);
    for (size_t i = 0; i < m; i++) plt_psum_free(gens[i]);
    free(gens);
    plt_psum_free(ao);
    plt_dla_free(g);
}
