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
#include "plateau/clock.h"

/* The truncations a truncated size walks, strict (few terms) to loose, as check's ladder. */
static const struct {
    int max_weight;
    double min_abs;
} ladder[] = {{4, 1e-2}, {6, 3e-3}, {8, 1e-3}, {10, 3e-4}, {12, 1e-4}, {16, 1e-5}};
#define BP_LADDER (sizeof ladder / sizeof ladder[0])
/* How many times the terms of one ladder step the next is predicted to hold: the walk stops
 * when that would pass the cap on terms. One step (weight + 2, threshold / 3) held 12-13x
 * more terms on the zoo's qcnn at 32 qubits (258, 3348, 40738). */
#define BP_GROWTH 16.0
/* pauliprop's estimate counts one pass of its terms through the ops; a loss with the whole
 * gradient (first pass, recomputed segments, adjoint sweep), with a cap on terms, took 5-20x
 * that on qcnn at 32 qubits here (2 cores, under load). The scan plans with this factor. */
#define BP_PP_GRAD_FACTOR 10.0
/* Below these, one plan per thread over the samples beats threads inside one plan: a state
 * of 2^18 amplitudes, a table of 2^16 terms (a parallel region per op costs more than the
 * op on a small table: 2.3 us per op and pass, 4 threads inside, qcnn at 64 qubits). */
#define BP_SMALL_QUBITS 18
#define BP_SMALL_TERMS 65536
/* Fewest terms per evaluation worth a truncated run. */
#define BP_MIN_TERMS 64
/* The per-size guard: a size running past this multiple of its prediction plus the slack is
 * stopped. Predictions are within 0.5-2x of measured here; a loaded machine halves speed. */
#define BP_GUARD_FACTOR 10.0
#define BP_GUARD_SLACK 2.0

const char *plt_bp_route_name(plt_bp_route r) {
    switch (r) {
    case PLT_BP_EXACT: return "exact";
    case PLT_BP_TRUNCATED: return "truncated";
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
    eo.max_dim = o->dla_max_dim > 0 ? 4 * o->dla_max_dim : 4096;
    bp_draws d;
    /* Large states parallelise inside the engine; small ones over samples. */
    plt_status st = draws_new(0, S, np, pt->n <= BP_SMALL_QUBITS, &d);
    if (st) return st;
    const double t0 = plt_clock_seconds();
    if (!(st = bp_sample(s->exact_engine, m, &eo, o, s->range, guard, rep, &d))) {
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

/* The sum of |coefficient| of the observable: |L| <= it at every parameter point. */
static double obs_l1(const plt_psum *obs) {
    plt_pstring *p = NULL;
    double s = 0;
    if (plt_pstring_new(plt_psum_nqubits(obs), &p)) {
        plt_error_clear();
        return INFINITY;
    }
    for (size_t i = 0; i < plt_psum_nterms(obs); i++) {
        double re, im;
        if (plt_psum_term(obs, i, p, &re, &im)) {
            plt_error_clear();
            s = INFINITY;
            break;
        }
        s += hypot(re, im);
    }
    plt_pstring_free(p);
    return s;
}

static plt_status pp_estimate(const plt_model *m, const plt_opts *base, int max_weight,
                              double min_abs, size_t max_terms, plt_cost *c) {
    plt_opts eo = *base;
    eo.max_weight = max_weight;
    eo.min_abs = min_abs;
    eo.max_terms = max_terms;
    return plt_engine_estimate("pauliprop", m, &eo, c);
}

/* Predicted seconds of an evaluation that held `terms` terms: the engine's estimate with the
 * terms capped there (it counts up to twice max_terms between two truncations). */
static double pp_seconds(const plt_model *m, const plt_opts *base, int max_weight, double min_abs,
                         double terms) {
    plt_cost c;
    size_t cap = (size_t)ceil(fmax(terms, 2) / 2);
    if (pp_estimate(m, base, max_weight, min_abs, cap, &c)) {
        plt_error_clear();
        return 0;
    }
    return BP_PP_GRAD_FACTOR * c.seconds;
}

/* The gradient keeps a checkpoint table every ~sqrt(steps) steps and a segment of as many
 * (src/engines/pauliprop/pp_grad.c): the tables of one evaluation, beside the working one. */
static double grad_tables(const plt_circuit *c) {
    return 2 * ceil(sqrt((double)plt_circuit_nops(c) + 1)) + 3;
}

/* The largest cap on terms whose predicted time per evaluation is within per_eval and whose
 * tables fit mem; 0 when no cap is needed (the untruncated estimate fits both), SIZE_MAX when
 * not even one term fits. The estimate grows with the cap, so a bisection finds it. */
static size_t term_cap(const plt_model *m, const plt_opts *base, double per_eval, double mem,
                       double tables) {
    plt_cost c;
    if (!pp_estimate(m, base, 0, 0, 0, &c) && BP_PP_GRAD_FACTOR * c.seconds <= per_eval &&
        c.bytes * tables <= mem)
        return 0;
    plt_error_clear();
    size_t lo = 0, hi = (size_t)1 << 40;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (!pp_estimate(m, base, 0, 0, mid, &c) && BP_PP_GRAD_FACTOR * c.seconds <= per_eval &&
            c.bytes * tables <= mem)
            lo = mid;
        else
            hi = mid;
    }
    plt_error_clear();
    return lo ? lo : SIZE_MAX;
}

static void format_setting(char *buf, size_t cap, int max_weight, double min_abs,
                           size_t max_terms) {
    int w = snprintf(buf, cap, "max_weight=%d min_abs=%g", max_weight, min_abs);
    if (max_terms && w > 0 && (size_t)w < cap)
        snprintf(buf + w, cap - (size_t)w, " max_terms=%zu", max_terms);
}

static plt_status run_truncated(const bp_size *s, const plt_model *m, const plt_bp_opts *o,
                                double allot, const char *why_exact, bp_guard *guard,
                                bp_report *rep, plt_bp_point *pt) {
    const size_t S = o->samples, np = (size_t)pt->nparams;
    const int fixed = o->max_weight > 0 || o->min_abs > 0;
    const size_t pilots = fixed ? 0 : BP_LADDER;
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
    plt_cost c;
    plt_status st = pp_estimate(m, &base, 0, 0, 0, &c);
    if (st) {
        if (!infeasible(st)) return st;
        skip(pt, "no route: %.200s; pauliprop: %.250s", why_exact, plt_error_last()->message);
        return PLT_OK;
    }
    const double per_eval = allot / (double)(S + pilots), l1 = obs_l1(s->obs);
    const size_t cap = term_cap(m, &base, per_eval, mem, grad_tables(s->circuit));
    const int small = pt->n <= BP_SMALL_QUBITS || (cap > 0 && cap <= BP_SMALL_TERMS);
    if (cap == SIZE_MAX || (cap > 0 && cap < BP_MIN_TERMS)) {
        skip(pt, "no route: %.250s; truncated pauliprop affords %s %d terms per evaluation in the "
             "size's share of %.3g s and %.3g MB", why_exact, cap == SIZE_MAX ? "not even" :
             "fewer than", BP_MIN_TERMS, allot, mem / 1e6);
        return PLT_OK;
    }
    double charged = 0;
    int max_weight = o->max_weight;
    double min_abs = o->min_abs;
    bp_draws d;
    if (!fixed) {
        /* Walk the ladder on draw 0, each pilot's terms predicting the next step's. The
         * bound decides among the steps whose bound says something (below the observable's
         * 1-norm, which bounds |L| itself); when none does, the loosest step is the closest
         * surrogate. */
        int best = -1, loosest = -1;
        double best_eps = INFINITY;
        char last[300] = "";
        for (size_t k = 0; k < BP_LADDER; k++) {
            plt_opts eo = base;
            eo.max_weight = ladder[k].max_weight;
            eo.min_abs = ladder[k].min_abs;
            eo.max_terms = cap;
            if ((st = draws_new(0, 1, np, 0, &d))) return st;
            st = bp_sample("pauliprop", m, &eo, o, s->range, guard, NULL, &d);
            const double eps = d.eps[0], held = d.held[0];
            draws_free(&d);
            if (st) {
                if (!infeasible(st)) return st;
                if (guard->tripped) {
                    skip_guard(pt, allot, t0);
                    return PLT_OK;
                }
                snprintf(last, sizeof last, "%s", plt_error_last()->message);
                break; /* too big: the stricter steps stand */
            }
            charged += pp_seconds(m, &base, eo.max_weight, eo.min_abs, held);
            loosest = (int)k;
            if (eps < l1 && eps <= best_eps) {
                best = (int)k;
                best_eps = eps;
            }
            if (eps == 0) break;
            if (cap && held * BP_GROWTH > (double)cap) break;
        }
        pt->predicted_seconds = charged;
        if (best < 0) best = loosest;
        if (best < 0) {
            skip(pt, "no route: %.200s; truncated pauliprop: %.250s", why_exact, last);
            return PLT_OK;
        }
        max_weight = ladder[best].max_weight;
        min_abs = ladder[best].min_abs;
    }
    plt_opts eo = base;
    eo.max_weight = max_weight;
    eo.min_abs = min_abs;
    eo.max_terms = cap;
    if ((st = draws_new(0, S, np, small, &d))) return st;
    const double ts = plt_clock_seconds();
    st = bp_sample("pauliprop", m, &eo, o, s->range, guard, rep, &d);
    if (st) {
        draws_free(&d);
        if (!infeasible(st)) return st;
        if (guard->tripped) skip_guard(pt, allot, t0);
        else skip(pt, "no route: %.200s; truncated pauliprop: %.250s", why_exact,
                  plt_error_last()->message);
        if (!guard->tripped) pt->predicted_seconds = charged;
        return PLT_OK;
    }
    pt->seconds = plt_clock_seconds() - ts;
    double eps_max = 0;
    for (size_t j = 0; j < S; j++) {
        eps_max = fmax(eps_max, d.eps[j]);
        charged += pp_seconds(m, &base, max_weight, min_abs, d.held[j]);
    }
    pt->route = eps_max > 0 ? PLT_BP_TRUNCATED : PLT_BP_EXACT;
    snprintf(pt->engine, sizeof pt->engine, "pauliprop");
    format_setting(pt->setting, sizeof pt->setting, max_weight, min_abs, cap);
    pt->error_bound = eps_max;
    pt->grad_certified = eps_max == 0;
    pt->predicted_seconds = charged;
    if (eps_max > 0)
        snprintf(pt->note, sizeof pt->note,
                 "truncated pauliprop (%s): |L_truncated - L| <= %.2e at every sample%s, the "
                 "Var[L] interval widened by it; the gradient variances are of the truncated "
                 "surrogate, estimated, not certified (%.120s)",
                 pt->setting, eps_max,
                 eps_max >= l1 ? " (no tighter than |L| <= the observable's 1-norm)" : "",
                 why_exact);
    else
        snprintf(pt->note, sizeof pt->note, "pauliprop dropped nothing at any sample: exact");
    st = variances(&d, np, o, eps_max, l1, pt);
    draws_free(&d);
    return st;
}

/* ---------- one size ---------- */

/* A size's guard: BP_GUARD_FACTOR times its prediction plus the slack, or the wall time its
 * share of the budget stands for when that is longer (an engine's prediction may be off by
 * more than the factor and the size still fit its share), within the scan's guard; none
 * without a budget. */
static double size_deadline(const bp_guard *scan, double t0, double predicted, double allot) {
    if (isinf(scan->deadline)) return INFINITY;
    const double wall = fmax(BP_GUARD_FACTOR * predicted + BP_GUARD_SLACK, BP_MARGIN * allot);
    return fmin(scan->deadline, t0 + wall);
}

plt_status bp_run_size(const bp_size *s, const plt_bp_opts *o, double allot, bp_guard *guard,
                       bp_report *rep, plt_bp_point *pt) {
    pt->error_bound = NAN;
    if (pt->nparams < 1) {
        skip(pt, "the circuit has no parameters");
        return PLT_OK;
    }
    const plt_model m = {s->circuit, s->obs, NULL};
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
