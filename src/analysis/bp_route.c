/* One size of the scan: the exact route when it fits the size's share of the budget, else
 * Pauli propagation truncated so that it fits; the variances, and for a truncated point the
 * interval of Var[L] widened by the truncation's rigorous bound. A size that cannot be done
 * is skipped with the reason, never an error of the scan. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/bp_impl.h"
#include "core/error.h"
#include "core/mem.h"
#include "core/text.h"
#include "engines/engine_ops.h"
#include "plateau/clock.h"
#include "plateau/rates.h"

/* An approximate engine's estimate counts one pass of its terms through the ops; a loss with
 * the whole gradient (first pass, recomputed segments, adjoint sweep), under a cap on terms,
 * took 5-20x that on an idle machine and up to 40x with the machine loaded (the Pauli
 * propagation engine on qcnn at 32 qubits here, 2 cores). The scan sizes each ladder step for a gradient evaluation by
 * asking the engine for a step within 1/BP_GRAD_FACTOR of its allowance. */
#define BP_GRAD_FACTOR 30.0
/* Ladder steps tried on the first draw, at most. */
#define BP_LADDER_STEPS 8
/* Below these, one plan per thread over the samples beats threads inside one plan: a state
 * of 2^18 amplitudes, a table of 2^16 terms (a parallel region per op costs more than the
 * op on a small table: 2.3 us per op and pass, 4 threads inside, qcnn at 64 qubits). */
#define BP_SMALL_QUBITS 18
/* The per-size guard: a size running past this multiple of its prediction plus the slack is
 * stopped. Predictions are within 0.5-2x of measured here; a loaded machine halves speed. */
#define BP_GUARD_FACTOR 10.0
/* Sampled Pauli paths of a moment point: string-op updates per path and op (measured, see
 * run_moments), and the range of paths drawn (the library's default is the most; fewer than
 * the least bound nothing useful). */
#define BP_PATH_OP_FACTOR 8.0
#define BP_PATHS_MIN 400
#define BP_PATHS_MAX 20000
#define BP_GUARD_SLACK 2.0

const char *plt_bp_route_name(plt_bp_route r) {
    switch (r) {
    case PLT_BP_EXACT: return "exact";
    case PLT_BP_TRUNCATED: return "truncated";
    case PLT_BP_MOMENTS: return "moments";
    default: return "skipped";
    }
}

static void skip(plt_bp_point *pt, const char *fmt, ...) PLT_PRINTF(2, 3);
static void skip(plt_bp_point *pt, const char *fmt, ...) {
    pt->route = PLT_BP_SKIPPED;
    pt->engine[0] = 0;
    pt->setting[0] = 0;
    pt->error_bound = NAN;
    pt->grad_certified = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pt->note, sizeof pt->note, fmt, ap);
    va_end(ap);
}

/* Errors that say this size cannot be done (the scan goes on without it). */
static int infeasible(plt_status st) {
    return st == PLT_ETOOBIG || st == PLT_EUNSUPPORTED || st == PLT_ENOMEM ||
           st == PLT_EINTERRUPTED;
}

static void skip_guard(plt_bp_point *pt, double predicted, double t0) {
    pt->predicted_seconds = predicted;
    skip(pt, "stopped at the wall-clock guard: the prediction was off (predicted %.3g s, "
         "stopped after %.3g s)", predicted, plt_clock_seconds() - t0);
}

static void draws_free(bp_draws *d) {
    free(d->loss);
    free(d->grad);
    free(d->eps);
    free(d->held);
}

static plt_status draws_new(size_t first, size_t count, size_t np, int over_samples,
                           bp_draws *d) {
    memset(d, 0, sizeof *d);
    d->first = first;
    d->count = count;
    d->over_samples = over_samples;
    d->loss = malloc(count * sizeof *d->loss);
    d->grad = malloc(count * np * sizeof *d->grad);
    d->eps = calloc(count, sizeof *d->eps);
    d->held = calloc(count, sizeof *d->held);
    if (d->loss && d->grad && d->eps && d->held) return PLT_OK;
    draws_free(d);
    return plt_fail_nomem("scan samples");
}

/* The variances of the draws into pt; eps_max > 0 widens the interval of Var[L]: if every
 * sample is within eps of the true loss, the sample standard deviations differ by at most
 * eps sqrt(S/(S-1)) (centring is a projection, and sd is a norm over sqrt(S-1)), the true
 * ones by at most eps. */
static plt_status variances(const bp_draws *d, size_t np, const plt_bp_opts *o, double eps_max,
                            double l1, plt_bp_point *pt) {
    const size_t S = d->count;
    plt_status st;
    if ((st = plt_variance_ci(d->loss, S, 1, o->level, &pt->loss))) return st;
    if ((st = plt_variance_ci(d->grad, S, np, o->level, &pt->grad_first))) return st;
    if ((st = plt_variance_mean_ci(d->grad, S, np, o->level, o->resamples,
                                   o->seed + (uint64_t)pt->n, &pt->grad_mean)))
        return st;
    if (eps_max > 0) {
        const double e = eps_max * sqrt((double)S / (double)(S - 1));
        const double lo = fmax(0, sqrt(fmax(pt->loss.lo, 0)) - e);
        const double hi = sqrt(fmax(pt->loss.hi, 0)) + e;
        pt->loss.lo = lo * lo;
        /* |L| <= l1, so Var[L] <= l1^2 (Popoviciu) whatever the bound. */
        pt->loss.hi = fmin(hi * hi, l1 * l1);
    }
    return PLT_OK;
}

/* ---------- exact ---------- */

static plt_status run_exact(const bp_size *s, const plt_model *m, const plt_bp_opts *o,
                            bp_guard *guard, bp_report *rep, plt_bp_point *pt) {
    const size_t S = o->samples, np = (size_t)pt->nparams;
    plt_opts eo;
    plt_opts_init(&eo);
    eo.max_memory = o->max_memory;
    eo.threads = o->threads;
    eo.settings = o->settings;
    eo.noise = o->noise;
    eo.dephasing = o->dephasing;
    bp_draws d;
    /* Large states parallelise inside the engine; small ones over samples. */
    plt_status st = draws_new(0, S, np, pt->n <= BP_SMALL_QUBITS, &d);
    if (st) return st;
    const double t0 = plt_clock_seconds();
    if (!(st = bp_sample(s->exact_engine, m, &eo, o, &s->dist, guard, rep, &d))) {
        pt->seconds = plt_clock_seconds() - t0;
        pt->route = PLT_BP_EXACT;
        snprintf(pt->engine, sizeof pt->engine, "%s", s->exact_engine);
        snprintf(pt->setting, sizeof pt->setting, "exact");
        pt->error_bound = 0;
        pt->grad_certified = 1;
        pt->note[0] = 0;
        st = variances(&d, np, o, 0, INFINITY, pt);
    }
    draws_free(&d);
    return st;
}

/* ---------- truncated Pauli propagation ---------- */

/* The first registered engine with an approximation ladder that models the scan's noise when
 * there is any (NULL when none). */
static const plt_engine_ops *ladder_engine(const plt_bp_opts *o) {
    const int noisy = o->noise > 0 || o->dephasing > 0;
    for (size_t i = 0; plt_engine_ops_at(i); i++)
        if (plt_engine_ops_at(i)->ladder && (!noisy || plt_engine_ops_at(i)->models_noise))
            return plt_engine_ops_at(i);
    return NULL;
}

static plt_status run_truncated(const bp_size *s, const plt_model *m, const plt_bp_opts *o,
                                double allot, const char *why_exact, bp_guard *guard,
                                bp_report *rep, plt_bp_point *pt) {
    const size_t S = o->samples, np = (size_t)pt->nparams;
    const plt_engine_ops *ops = ladder_engine(o);
    if (!ops) {
        skip(pt, "no route: %.250s; no engine with an approximation ladder%s in this build",
             why_exact, o->noise > 0 || o->dephasing > 0 ? " that models noise" : "");
        return PLT_OK;
    }
    /* Settings the user fixed are used as they are; else the engine's ladder is walked. */
    const int fixed = o->settings != NULL;
    const size_t pilots = fixed ? 0 : BP_LADDER_STEPS;
    const double t0 = plt_clock_seconds();
    int threads = o->threads;
#ifdef _OPENMP
    if (threads <= 0) threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    /* Memory for one plan per thread: a small table runs the samples in parallel. */
    const double mem = (o->max_memory > 0 ? o->max_memory : plt_mem_available()) / threads;
    plt_opts base;
    plt_opts_init(&base);
    base.max_memory = mem;
    base.threads = o->threads;
    base.settings = o->settings;
    base.noise = o->noise;
    base.dephasing = o->dephasing;
    const double per_eval = allot / (double)(S + pilots), l1 = plt_psum_one_norm(s->obs);
    plt_settings *best = NULL, *step = NULL;
    plt_status st = plt_settings_clone(o->settings, &step);
    if (st) return st;
    double charged = 0, best_cost = 0;
    bp_draws d;
    char last[300] = "";
    if (fixed) {
        plt_cost c;
        if ((st = plt_engine_estimate(ops->name, m, &base, &c))) {
            plt_settings_free(step);
            if (!infeasible(st)) return st;
            skip(pt, "no route: %.200s; %s: %.250s", why_exact, ops->name,
                 plt_error_last()->message);
            return PLT_OK;
        }
        best = step;
        step = NULL;
        best_cost = BP_GRAD_FACTOR * c.seconds;
    } else {
        /* Walk the ladder on draw 0, each step sized by the engine to a gradient evaluation's
         * share. The bound decides among the steps whose bound says something (below the
         * observable's 1-norm, which bounds |L| itself); when none does, the loosest step run
         * is the closest surrogate. */
        double best_eps = INFINITY;
        int have_best = 0;
        for (size_t k = 0; k < BP_LADDER_STEPS; k++) {
            plt_cost c;
            plt_error_clear();
            if (ops->ladder(m, &base, k, per_eval / BP_GRAD_FACTOR, step, &c)) {
                snprintf(last, sizeof last, "%s", plt_error_last()->message);
                break;
            }
            plt_opts eo = base;
            eo.settings = step;
            if ((st = draws_new(0, 1, np, 0, &d))) goto fail;
            st = bp_sample(ops->name, m, &eo, o, &s->dist, guard, NULL, &d);
            const double eps = d.eps[0];
            draws_free(&d);
            if (st) {
                if (!infeasible(st)) goto fail;
                if (guard->tripped) {
                    skip_guard(pt, allot, t0);
                    st = PLT_OK;
                    goto fail;
                }
                snprintf(last, sizeof last, "%s", plt_error_last()->message);
                st = PLT_OK;
                break; /* too big: the steps before stand */
            }
            charged += BP_GRAD_FACTOR * c.seconds;
            if ((eps < l1 && eps <= best_eps) || !have_best || (best_eps >= l1 && eps >= l1)) {
                plt_settings_free(best);
                if ((st = plt_settings_clone(step, &best))) goto fail;
                best_eps = eps < l1 ? eps : INFINITY;
                best_cost = BP_GRAD_FACTOR * c.seconds;
                have_best = 1;
            }
            if (eps == 0) break;
        }
        pt->predicted_seconds = charged;
        if (!best) {
            skip(pt, "no route: %.200s; truncated %s: %.250s", why_exact, ops->name, last);
            plt_settings_free(step);
            return PLT_OK;
        }
    }
    plt_settings_free(step);
    step = NULL;
    plt_opts eo = base;
    eo.settings = best;
    const int small = pt->n <= BP_SMALL_QUBITS;
    if ((st = draws_new(0, S, np, small, &d))) goto fail;
    const double ts = plt_clock_seconds();
    st = bp_sample(ops->name, m, &eo, o, &s->dist, guard, rep, &d);
    if (st) {
        draws_free(&d);
        if (!infeasible(st)) goto fail;
        if (guard->tripped) skip_guard(pt, allot, t0);
        else skip(pt, "no route: %.200s; truncated %s: %.250s", why_exact, ops->name,
                  plt_error_last()->message);
        if (!guard->tripped) pt->predicted_seconds = charged;
        st = PLT_OK;
        goto fail;
    }
    pt->seconds = plt_clock_seconds() - ts;
    double eps_max = 0;
    for (size_t j = 0; j < S; j++) eps_max = fmax(eps_max, d.eps[j]);
    charged += (double)S * best_cost;
    pt->route = eps_max > 0 ? PLT_BP_TRUNCATED : PLT_BP_EXACT;
    snprintf(pt->engine, sizeof pt->engine, "%s", ops->name);
    plt_settings_format(best, pt->setting, sizeof pt->setting);
    pt->error_bound = eps_max;
    pt->grad_certified = eps_max == 0;
    pt->predicted_seconds = charged;
    if (eps_max > 0)
        snprintf(pt->note, sizeof pt->note,
                 "truncated %s (%s): |L_truncated - L| <= %.2e at every sample%s, the "
                 "Var[L] interval widened by it; the gradient variances are of the truncated "
                 "surrogate, estimated, not certified (%.120s)",
                 ops->name, pt->setting, eps_max,
                 eps_max >= l1 ? " (no tighter than |L| <= the observable's 1-norm)" : "",
                 why_exact);
    else
        snprintf(pt->note, sizeof pt->note, "%s dropped nothing at any sample: exact", ops->name);
    st = variances(&d, np, o, eps_max, l1, pt);
    draws_free(&d);
fail:
    plt_settings_free(step);
    plt_settings_free(best);
    return st;
}

/* ---------- moment propagation ---------- */

/* A size's guard: BP_GUARD_FACTOR times its prediction plus the slack, or the wall time its
 * share of the budget stands for when that is longer (an engine's prediction may be off by
 * more than the factor and the size still fit its share), within the scan's guard; none
 * without a budget. */
static double size_deadline(const bp_guard *scan, double t0, double predicted, double allot) {
    if (isinf(scan->deadline)) return INFINITY;
    const double wall = fmax(BP_GUARD_FACTOR * predicted + BP_GUARD_SLACK, BP_MARGIN * allot);
    return fmin(scan->deadline, t0 + wall);
}

static void moment_ci(plt_var_ci *v, const plt_moment *mo, double mean, size_t count) {
    v->mean = mean;
    v->var = mo->value;
    v->lo = mo->lo;
    v->hi = mo->hi;
    v->count = count;
}

/* The moments of size s into pt within `allot` predicted seconds, when the method allows and
 * they apply (*done = 1); else *done = 0 and why[] says why (the size samples). Under
 * PLT_BP_METHOD_AUTO the exact chain must fit the share and memory; under
 * PLT_BP_METHOD_MOMENTS the run is given the share and truncates or samples Pauli paths to
 * keep to it. */
/* Predicted seconds of a moment chain that plt_moments_estimate's trial run completes: its
 * 0.05 s of counted work, times its 1.5 margin. */
#define BP_AUTO_MOMENTS_TRIAL 0.075

static plt_status run_moments(const bp_size *s, const plt_model *m, const plt_bp_opts *o,
                              double allot, bp_guard *guard, plt_bp_point *pt, int *done,
                              char *why, size_t cap) {
    *done = 0;
    why[0] = 0;
    if (o->method == PLT_BP_METHOD_SAMPLE) return PLT_OK;
    if (o->noise > 0 || o->dephasing > 0) {
        snprintf(why, cap, "moment propagation is for the noiseless circuit");
        return PLT_OK;
    }
    if (!s->moments_ok) {
        snprintf(why, cap, "moments do not apply: %.250s", s->moments_why);
        return PLT_OK;
    }
    if (o->method == PLT_BP_METHOD_AUTO) {
        /* The estimate runs the chain for BP_AUTO_MOMENTS_TRIAL s of counted work and
         * extrapolates past it, and a chain that outgrows its prediction (qcnn at n = 16: 3.4 s
         * predicted, minutes run) must not hold up a default scan: auto takes moments only when
         * that trial run finished the chain. --method moments takes the others. */
        if (s->moments_cost.seconds > BP_AUTO_MOMENTS_TRIAL) {
            snprintf(why, cap, "the exact moment chain is predicted at %.3g s, past the %.3g s "
                     "that auto trusts its prediction for (--method moments runs it)",
                     s->moments_cost.seconds, BP_AUTO_MOMENTS_TRIAL);
            return PLT_OK;
        }
        if (s->moments_cost.seconds > allot) {
            snprintf(why, cap, "the exact moment chain is predicted at %.3g s (%.3g bytes), "
                     "over the size's share of %.3g s", s->moments_cost.seconds,
                     s->moments_cost.bytes, allot);
            return PLT_OK;
        }
        if (plt_mem_check(s->moments_cost.bytes, o->max_memory, "the moment chain")) {
            snprintf(why, cap, "%s", plt_error_last()->message);
            plt_error_clear();
            return PLT_OK;
        }
    }
    const double t0 = plt_clock_seconds();
    const double predicted = fmin(allot, s->moments_cost.seconds);
    plt_moments_opts mo;
    plt_moments_opts_init(&mo);
    mo.dist = s->dist;
    mo.max_memory = o->max_memory;
    mo.max_seconds = isinf(allot) ? 0 : fmax(allot, 1e-6);
    /* Sampled paths (when the chain does not fit) are as many as the share pays for: a path
     * walks every op once per quantity, about BP_PATH_OP_FACTOR string-op updates an op (20000
     * paths through hea-global's 12000 ops at 64 qubits took 16 s here, 0.8 ms a path). */
    if (isfinite(allot)) {
        const double words = ceil(pt->n / 64.0);
        const double per_path = BP_PATH_OP_FACTOR * (double)plt_circuit_nops(s->circuit) * words /
                                plt_rate(PLT_RATE_PP_TERM_OP);
        mo.paths = (size_t)fmin(BP_PATHS_MAX, fmax(BP_PATHS_MIN, allot / per_path));
    }
    mo.level = o->level;
    mo.seed = o->seed + (uint64_t)pt->n;
    mo.threads = o->threads;
    bp_guard g = {size_deadline(guard, t0, predicted, allot), 0};
    mo.progress_fn = bp_guard_progress;
    mo.progress_ctx = &g;
    plt_moments_result r;
    memset(&r, 0, sizeof r);
    plt_error_clear();
    plt_status st = plt_moments_run(m, &mo, &r);
    if (st) {
        if (!infeasible(st)) return st;
        if (g.tripped) {
            skip_guard(pt, predicted, t0);
            *done = 1;
            return PLT_OK;
        }
        snprintf(why, cap, "moment propagation refused: %s", plt_error_last()->message);
        plt_error_clear();
        return PLT_OK;
    }
    *done = 1;
    pt->seconds = plt_clock_seconds() - t0;
    pt->route = PLT_BP_MOMENTS;
    snprintf(pt->engine, sizeof pt->engine, "moments");
    snprintf(pt->setting, sizeof pt->setting, "%s", plt_moments_cert_name(r.certified));
    pt->moments_cert = r.certified;
    pt->moments_level = r.certified == PLT_MOMENTS_SAMPLED ? r.level : 1;
    pt->error_bound = 0;
    pt->grad_certified = 1;
    /* The run was allowed `allot` predicted seconds (max_seconds): it truncates or samples
     * paths to keep to it, so the share is what it may charge (its own figure may price the
     * exact chain it did not run). */
    pt->predicted_seconds = r.predicted_seconds > 0 ? fmin(r.predicted_seconds, allot)
                                                    : predicted;
    snprintf(pt->note, sizeof pt->note, "moments (%s): %.400s", plt_moments_cert_name(r.certified),
             r.note);
    moment_ci(&pt->loss, &r.loss_var, r.loss_mean.value, r.paths);
    moment_ci(&pt->grad_first, &r.grad_first, 0, r.paths);
    moment_ci(&pt->grad_mean, &r.grad_mean, 0, r.paths);
    return PLT_OK;
}

/* ---------- one size ---------- */

/* The sampled routes: an exact engine, else truncated Pauli propagation. */
static plt_status run_sampled(const bp_size *s, const plt_model *mp, const plt_bp_opts *o,
                              double allot, bp_guard *guard, bp_report *rep, plt_bp_point *pt) {
    const plt_model m = *mp;
    const double S = (double)o->samples;
    const double t0 = plt_clock_seconds();
    char why[400];
    if (o->policy == PLT_BP_TRUNCATED_ONLY)
        snprintf(why, sizeof why, "truncated by request");
    else if (!s->exact_ok)
        snprintf(why, sizeof why, "no exact engine fits: %.360s", s->exact_why);
    else
        snprintf(why, sizeof why, "exact %s predicted %.3g s, over the size's share of %.3g s",
                 s->exact_engine, S * s->exact_cost.seconds, allot);
    if (o->policy != PLT_BP_TRUNCATED_ONLY && s->exact_ok && S * s->exact_cost.seconds <= allot) {
        const double predicted = S * s->exact_cost.seconds;
        bp_guard g = {size_deadline(guard, t0, predicted, allot), 0};
        plt_status st = run_exact(s, &m, o, &g, rep, pt);
        if (!st) {
            pt->predicted_seconds = predicted;
            return PLT_OK;
        }
        if (!infeasible(st)) return st;
        if (g.tripped) {
            skip_guard(pt, predicted, t0);
            return PLT_OK;
        }
        /* A plan refused past memory (one plan per thread): the truncated route may fit. */
        snprintf(why, sizeof why, "exact %s failed: %s", s->exact_engine,
                 plt_error_last()->message);
        plt_error_clear();
    }
    if (o->policy == PLT_BP_EXACT_ONLY) {
        skip(pt, "%s", why);
        return PLT_OK;
    }
    bp_guard g = {size_deadline(guard, t0, allot, allot), 0};
    return run_truncated(s, &m, o, allot, why, &g, rep, pt);
}

plt_status bp_run_size(const bp_size *s, const plt_bp_opts *o, double allot, bp_guard *guard,
                       bp_report *rep, plt_bp_point *pt) {
    pt->error_bound = NAN;
    if (pt->nparams < 1) {
        skip(pt, "the circuit has no parameters");
        return PLT_OK;
    }
    const plt_model m = {s->circuit, s->obs, NULL};
    char mwhy[300];
    int done = 0;
    plt_status st = run_moments(s, &m, o, allot, guard, pt, &done, mwhy, sizeof mwhy);
    if (st || done) return st;
    if (o->moments_only && o->method == PLT_BP_METHOD_MOMENTS) {
        skip(pt, "%s", mwhy);
        return PLT_OK;
    }
    if ((st = run_sampled(s, &m, o, allot, guard, rep, pt))) return st;
    if (mwhy[0]) {
        /* Why this point sampled (or was skipped) rather than propagated moments, after what
         * the route says. */
        if (pt->note[0])
            plt_text_append(pt->note, sizeof pt->note, "; %s: %s",
                            pt->route == PLT_BP_SKIPPED ? "no moments" : "sampled", mwhy);
        else snprintf(pt->note, sizeof pt->note, "sampled: %s", mwhy);
    }
    return PLT_OK;
}
