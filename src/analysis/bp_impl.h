/* Internal to the barren-plateau scan (bp_scan.c the plan over sizes, bp_route.c one size's
 * route, bp_sample.c the parallel draws, bp_predict.c the Lie-algebraic prediction). */
#ifndef PLT_ANALYSIS_BP_IMPL_H
#define PLT_ANALYSIS_BP_IMPL_H

#include <stddef.h>

#include "plateau/scan.h"

/* The budget is planned at 1/BP_MARGIN of it: a size's wall time ran at 0.5-1.9x its
 * prediction on this 2-core machine with a load average of 4 (qcnn and sn-equivariant scans,
 * exact and truncated), and the sizes' estimates, the closures and the fits take their share
 * too, so the plan fits the budget idle or loaded and the guard stays a safety net. A size
 * given `allot` predicted seconds has BP_MARGIN allot seconds of the budget's wall time. */
#define BP_MARGIN 3.0

/* The wall-clock safety net: never decides a route, only stops work whose prediction was
 * badly off. `tripped` is set (atomically) by whoever notices. */
typedef struct bp_guard {
    double deadline;   /* plt_clock_seconds() past which work stops; INFINITY: never */
    int tripped;
} bp_guard;

/* Checks the guard; 1 (and tripped set) when past its deadline. Thread-safe. */
int bp_guard_check(bp_guard *g);
/* A plt_progress_fn over a bp_guard: stops the engine or closure when the guard trips. */
int bp_guard_progress(void *ctx, const plt_progress *p);

/* Reports samples done to the user's callback (o->progress_fn), serialised. */
typedef struct bp_report {
    const plt_bp_opts *o;
    char what[96];
    double done, total;
} bp_report;

/* What one evaluation run (a pilot or all samples) gives back. */
typedef struct bp_draws {
    size_t first, count;  /* samples [first, first + count) */
    double *loss;         /* count */
    double *grad;         /* count x nparams, row-major */
    double *eps;          /* count: dropped |coefficient| sum (0 exact) */
    double *held;         /* count: the largest number of terms or amplitudes held */
    int over_samples;     /* 1: the samples in parallel, one single-threaded plan per thread
                             (small states and tables); 0: one plan, threads inside it */
} bp_draws;

/* Evaluates samples [d->first, d->first + d->count) of model m with `engine` and options eo
 * (its progress callback is set to the guard), parameters drawn from dist (uniform in
 * [-width, width], or normal), in parallel with one plan per thread. PLT_EINTERRUPTED when the
 * guard trips; the engines' errors otherwise (the first, with its message). */
plt_status bp_sample(const char *engine, const plt_model *m, const plt_opts *eo,
                     const plt_bp_opts *o, const plt_param_dist *dist, bp_guard *guard,
                     bp_report *rep, bp_draws *d);

/* One size: the instance, its exact route (if any) and what is charged. */
typedef struct bp_size {
    plt_circuit *circuit;
    plt_psum *obs;
    double range;
    plt_param_dist dist;    /* the parameters' distribution (o->dist, else uniform in range) */
    int moments_ok;         /* moment propagation applies (plt_moments_estimate accepted) */
    plt_cost moments_cost;  /* its exact chain's predicted cost */
    char moments_why[300];  /* why not, when !moments_ok and the method allows moments */
    int exact_ok;           /* an exact engine applies and fits memory */
    char exact_engine[32];
    plt_cost exact_cost;
    char exact_why[400];    /* why no exact engine, when !exact_ok */
} bp_size;

/* Evaluates size s into pt within `allot` predicted seconds (INFINITY: no limit), by the
 * route o->policy allows; a size that cannot be done is marked skipped with the reason.
 * Fails only on errors that are not about this size's feasibility (bad options, a bug). */
plt_status bp_run_size(const bp_size *s, const plt_bp_opts *o, double allot, bp_guard *guard,
                       bp_report *rep, plt_bp_point *pt);

/* The Lie-algebraic prediction into pt (dla_dim, dla_complete, dla_pred, dla_note), the
 * closure capped at max_dim elements and max_work units (0: no cap) and stopped by the guard.
 * Never fails: what it cannot do goes to pt->dla_note. */
/* The Lie-algebraic Var[L] of a deep circuit from |0...0> when its algebra is su(2^n):
 * s2 / (2^n + 1), s2 the squared norm of obs's non-identity coefficients; NaN on an error. */
double bp_predict_full(const plt_psum *obs);

void bp_predict(const plt_circuit *c, const plt_psum *obs, size_t max_dim, double max_work,
                bp_guard *guard, plt_bp_point *pt);

#endif
