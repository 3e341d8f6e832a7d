/* The barren-plateau scan: for each size, sample parameters, evaluate loss and
 * gradient with the cheapest exact engine, estimate variances, then fit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/error.h"
#include "plateau/analysis.h"
#include "plateau/scan.h"
#include "plateau/verdict.h"

void plt_bp_opts_init(plt_bp_opts *o) {
    memset(o, 0, sizeof *o);
    o->samples = 200;
    o->seed = 1;
    o->level = 0.95;
    o->resamples = 200;
    o->dla_max_dim = 1024;
}

void plt_bp_result_free(plt_bp_result *r) {
    if (!r) return;
    free(r->points);
    free(r);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Counter-based draws, so a sample's parameters do not depend on the thread count. */
static double draw(uint64_t seed, int n, size_t sample, int k) {
    uint64_t z = seed * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n << 48) ^ ((uint64_t)sample << 20) ^
                 (uint64_t)k;
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z = (z ^ (z >> 31)) * 0xd6e8feb86659fd93ULL;
    z ^= z >> 32;
    return (double)(z >> 11) * 0x1.0p-53;
}

/* The Lie-algebraic variance of the loss for a deep circuit started in |0...0>
 * (Ragone et al. 2024), from the DLA analysis of plateau/analysis.h. The dimension comes from
 * the classification when the generators are Pauli strings (exact at any size), else from the
 * closure (a lower bound when it stops at max_dim); the prediction needs the closure's basis,
 * so it is made only when the algebra fits max_dim. */
static plt_status dla_predict(const plt_circuit *c, const plt_psum *obs, size_t max_dim,
                              plt_bp_point *pt) {
    plt_dla *g = NULL;
    plt_psum *ao = NULL, **gens = NULL;
    size_t m = 0;
    plt_state *zero = NULL;
    plt_dla_report rep;
    memset(&rep, 0, sizeof rep);
    plt_status st = plt_circuit_dla_generators(c, obs, &gens, &m, &ao);
    if (st) return st;
    plt_lie_class *cls = NULL;
    double cdim = 0;
    if (!plt_lie_classify((const plt_psum *const *)gens, m, &cls)) cdim = plt_lie_class_dim(cls);
    else plt_error_clear();
    plt_lie_class_free(cls);
    if (cdim == 0 || cdim <= (double)max_dim)
        st = plt_lie_closure((const plt_psum *const *)gens, m, max_dim, 0, &g);
    if (!st) {
        pt->dla_dim = cdim > 0 ? cdim : (double)plt_dla_dim(g);
        pt->dla_complete = cdim > 0 || plt_dla_complete(g);
        if (g && plt_dla_complete(g)) {
            st = plt_state_new_zero(plt_circuit_nqubits(c), &zero);
            if (!st) st = plt_dla_analyse(g, zero, ao, &rep);
        }
        if (!st && rep.has_prediction) pt->dla_pred = rep.predicted_variance;
    }
    plt_dla_report_clear(&rep);
    plt_state_free(zero);
    for (size_t i = 0; i < m; i++) plt_psum_free(gens[i]);
    free(gens);
    plt_psum_free(ao);
    plt_dla_free(g);
    return st;
}

/* Evaluates samples [0, S) of one model into loss[S] and grad[S][np], in parallel
 * with one plan per thread. */
static plt_status sample_all(const char *engine, const plt_model *m, const plt_opts *eo,
                             const plt_bp_opts *o, double range, double *loss, double *grad) {
    int n = plt_circuit_nqubits(m->circuit), np = plt_circuit_nparams(m->circuit);
    size_t S = o->samples;
    plt_status result = PLT_OK;
    char msg[600] = "";
    int threads = o->threads;
    /* Large states parallelise inside the engine; small ones over samples. */
    int outer = n <= 18;
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
        plt_engine *e = NULL;
        double *params = malloc(((size_t)np + 1) * sizeof *params);
        plt_status st = params ? plt_engine_plan(engine, m, &to, &e) : PLT_ENOMEM;
        if (!params && !st) st = PLT_ENOMEM;
#pragma omp for schedule(dynamic, 1)
        for (size_t s = 0; s < S; s++) {
            if (st) continue;
            for (int k = 0; k < np; k++) params[k] = range * (2 * draw(o->seed, n, s, k) - 1);
            st = plt_engine_loss(e, params, &loss[s], grad + s * (size_t)np);
        }
        if (st) {
#pragma omp critical(plt_bp_err)
            if (!result) {
                result = st;
                snprintf(msg, sizeof msg, "%s",
                         st == PLT_ENOMEM && !params ? "out of memory for parameters"
                                                     : plt_error_last()->message);
            }
        }
        plt_engine_free(e);
        free(params);
    }
    if (result) return plt_fail(result, "%s", msg);
    return PLT_OK;
}

static plt_status scan_one(plt_bp_build_fn build, void *ctx, size_t i, const plt_bp_opts *o,
                           plt_bp_point *pt) {
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    double *loss = NULL, *grad = NULL, range = M_PI;
    plt_status st = build(ctx, i, &c, &obs, &range);
    if (st) return st;
    if (!c || !obs) {
        st = plt_fail(PLT_EINVAL, "scan: instance %zu has no circuit or observable", i);
        goto done;
    }
    if (!(range > 0) || !isfinite(range)) {
        st = plt_fail(PLT_EINVAL, "scan: parameter range %g of instance %zu; give a positive "
                      "number", range, i);
        goto done;
    }
    pt->n = plt_circuit_nqubits(c);
    pt->nparams = plt_circuit_nparams(c);
    pt->dla_pred = NAN;
    plt_model m = {c, obs, NULL};
    plt_opts eo;
    plt_opts_init(&eo);
    eo.max_memory = o->max_memory;
    /* gsim's estimate runs the Lie closure: cap it where the scan's prediction stops. */
    eo.max_dim = o->dla_max_dim > 0 ? 4 * o->dla_max_dim : 4096;
    plt_cost cost;
    double per = o->max_seconds > 0 ? o->max_seconds / (double)o->samples : 0;
    plt_error_clear();
    st = plt_verdict_pick_exact(&m, &eo, per, pt->engine, sizeof pt->engine, &cost);
    if (st == PLT_EUNSUPPORTED) {
        snprintf(pt->note, sizeof pt->note, "skipped: %s", plt_error_last()->message);
        st = PLT_OK;
        goto dla;
    }
    if (st) goto done;
    pt->predicted_seconds = cost.seconds * (double)o->samples;
    if (pt->nparams < 1) {
        snprintf(pt->note, sizeof pt->note, "the circuit has no parameters");
        pt->engine[0] = 0;
        goto dla;
    }
    size_t S = o->samples, np = (size_t)pt->nparams;
    loss = malloc(S * sizeof *loss);
    grad = malloc(S * np * sizeof *grad);
    if (!loss || !grad) {
        st = plt_fail_nomem("scan samples");
        goto done;
    }
    double t0 = now();
    if ((st = sample_all(pt->engine, &m, &eo, o, range, loss, grad))) {
        st = plt_fail(st, "scan at n = %d with %s: %s", pt->n, pt->engine,
                      plt_error_last()->message);
        goto done;
    }
    pt->seconds = now() - t0;
    if ((st = plt_variance_ci(loss, S, 1, o->level, &pt->loss))) goto done;
    if ((st = plt_variance_ci(grad, S, np, o->level, &pt->grad_first))) goto done;
    if ((st = plt_variance_mean_ci(grad, S, np, o->level, o->resamples, o->seed + (uint64_t)pt->n,
                                   &pt->grad_mean)))
        goto done;
dla:
    if (o->dla_max_dim > 0 && dla_predict(c, obs, o->dla_max_dim, pt) != PLT_OK) {
        pt->dla_pred = NAN; /* the prediction is optional: the scan goes on */
        plt_error_clear();
    }
done:
    free(loss);
    free(grad);
    plt_circuit_free(c);
    plt_psum_free(obs);
    return st;
}

/* Standard error of log var from its interval (half the log width over the z value). */
static double log_sigma(const plt_var_ci *v, double level) {
    double z = plt_normal_quantile(0.5 * (1 + level));
    if (!(v->lo > 0) || !(v->hi > v->lo)) return 1.0; /* a zero lower end: very uncertain */
    return (log(v->hi) - log(v->lo)) / (2 * z);
}

static plt_status fit_points(const plt_bp_result *r, const plt_bp_opts *o, int which,
                             plt_decay_fit *f) {
    int n[PLT_FIT_MAX_POINTS];
    double v[PLT_FIT_MAX_POINTS], s[PLT_FIT_MAX_POINTS];
    size_t m = 0;
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        if (!p->engine[0]) continue;
        const plt_var_ci *vc = which ? &p->loss : &p->grad_mean;
        n[m] = p->n;
        v[m] = vc->var;
        s[m] = log_sigma(vc, o->level);
        m++;
    }
    return plt_decay_classify(n, v, s, m, f);
}

plt_status plt_bp_scan(plt_bp_build_fn build, void *ctx, size_t count, const plt_bp_opts *o,
                       plt_bp_result **out) {
    if (!out) return plt_fail(PLT_EINVAL, "scan: NULL output");
    *out = NULL;
    if (!build) return plt_fail(PLT_EINVAL, "scan: no instance builder");
    if (count < 1 || count > PLT_FIT_MAX_POINTS)
        return plt_fail(PLT_EINVAL, "scan: %zu sizes; give 1 to %d", count, PLT_FIT_MAX_POINTS);
    plt_bp_opts d;
    if (!o) {
        plt_bp_opts_init(&d);
        o = &d;
    }
    if (o->samples < 3 || o->samples > 10000000)
        return plt_fail(PLT_EINVAL, "scan: %zu samples; give 3 to 10^7", o->samples);
    if (!(o->level > 0 && o->level < 1))
        return plt_fail(PLT_EINVAL, "scan: confidence level %g; give a number in (0, 1)",
                        o->level);
    plt_bp_result *r = calloc(1, sizeof *r);
    if (!r || !(r->points = calloc(count, sizeof *r->points))) {
        free(r);
        return plt_fail_nomem("scan result");
    }
    plt_status st = PLT_OK;
    for (size_t i = 0; i < count; i++) {
        if ((st = scan_one(build, ctx, i, o, &r->points[i]))) goto fail;
        r->npoints++;
    }
    if ((st = fit_points(r, o, 0, &r->grad_fit))) goto fail;
    if ((st = fit_points(r, o, 1, &r->loss_fit))) goto fail;
    *out = r;
    return PLT_OK;
fail:
    plt_bp_result_free(r);
    return st;
}
