/* The scan's draws: parameters from a counter-based generator, evaluated in parallel with one
 * plan per thread; the wall-clock guard and the user's progress report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/bp_impl.h"
#include "core/error.h"
#include "plateau/clock.h"
#include "plateau/rng.h"

int bp_guard_check(bp_guard *g) {
    if (!g) return 0;
    int t;
#pragma omp atomic read
    t = g->tripped;
    if (t) return 1;
    if (!(plt_clock_seconds() > g->deadline)) return 0;
#pragma omp atomic write
    g->tripped = 1;
    return 1;
}

int bp_guard_progress(void *ctx, const plt_progress *p) {
    (void)p;
    return bp_guard_check(ctx);
}

/* Counter-based draws, so a sample's parameters depend on (seed, n, sample, k) alone: not on
 * the thread count, nor on which run (pilot or samples) evaluates it. */
static double draw(uint64_t seed, int n, size_t sample, int k) {
    return plt_rng_unit(plt_rng_at(seed, ((uint64_t)n << 28) ^ (uint64_t)sample, (uint64_t)k));
}

/* A parameter from the unit draw u in [0, 1): uniform in [-width, width] (as before the normal
 * distribution was added, so uniform scans keep their draws), or normal by the quantile. */
static double param(const plt_param_dist *dist, double u) {
    if (dist->kind == PLT_DIST_NORMAL) {
        const double tiny = 0x1p-60;
        return dist->width * plt_normal_quantile(fmin(fmax(u, tiny), 1 - tiny));
    }
    return dist->width * (2 * u - 1);
}

static void report(bp_report *rep) {
    if (!rep || !rep->o->progress_fn) return;
#pragma omp critical(plt_bp_progress)
    {
        rep->done += 1;
        const plt_progress pr = {rep->what, rep->done, rep->total};
        (void)rep->o->progress_fn(rep->o->progress_ctx, &pr);
    }
}

plt_status bp_sample(const char *engine, const plt_model *m, const plt_opts *eo,
                     const plt_bp_opts *o, const plt_param_dist *dist, bp_guard *guard,
                     bp_report *rep, bp_draws *d) {
    const int n = plt_circuit_nqubits(m->circuit), np = plt_circuit_nparams(m->circuit);
    plt_status result = PLT_OK;
    char msg[600] = "";
    int failed = 0;
    int threads = o->threads;
    const int outer = d->over_samples && d->count > 1;
#ifdef _OPENMP
    if (threads <= 0) threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    if (!outer) threads = 1;
#pragma omp parallel num_threads(threads)
    {
        plt_opts to = *eo;
        if (outer) to.threads = 1;
        to.progress_fn = bp_guard_progress;
        to.progress_ctx = guard;
        plt_engine *e = NULL;
        double *params = malloc(((size_t)np + 1) * sizeof *params);
        plt_status st = params ? plt_engine_plan(engine, m, &to, &e)
                               : plt_fail_nomem("scan parameters");
#pragma omp for schedule(dynamic, 1)
        for (size_t j = 0; j < d->count; j++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (st || stop) continue;
            if (bp_guard_check(guard)) {
                st = plt_fail(PLT_EINTERRUPTED, "stopped at the wall-clock guard");
                continue;
            }
            const size_t s = d->first + j;
            for (int k = 0; k < np; k++) params[k] = param(dist, draw(o->seed, n, s, k));
            st = plt_engine_loss(e, params, &d->loss[j], d->grad + j * (size_t)np);
            if (st) continue;
            plt_stats stats;
            plt_engine_stats(e, &stats);
            d->eps[j] = plt_engine_exact(e) ? 0 : stats.error_bound;
            d->held[j] = (double)stats.max_terms;
            report(rep);
        }
        if (st) {
#pragma omp critical(plt_bp_err)
            if (!result) {
                result = st;
                snprintf(msg, sizeof msg, "%s", plt_error_last()->message);
            }
#pragma omp atomic write
            failed = 1;
        }
        plt_engine_free(e);
        free(params);
    }
    if (result) return plt_fail(result, "%s", msg);
    return PLT_OK;
}
