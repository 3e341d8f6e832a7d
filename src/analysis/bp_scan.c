/* The barren-plateau scan: the plan over sizes (each size's route and share of the budget,
 * from predicted cost only), then the fits and what the decision rests on. One size's route
 * is bp_route.c; the draws bp_sample.c; the Lie-algebraic prediction bp_predict.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bp_impl.h"
#include "core/error.h"
#include "core/text.h"
#include "core/mem.h"
#include "plateau/analysis.h"
#include "plateau/clock.h"
#include "plateau/verdict.h"

/* The share of the planned budget for the Lie closures of the predictions. */
#define BP_DLA_SHARE 0.1
/* The scan's guard: past budget + 10 % + this, nothing more runs (0.5 s of the promised 2 s
 * left for the fits and the caller). */
#define BP_GUARD_EXTRA 1.5

/* The floor of a point's log-scale error in the fits: an exact moment point has no interval
 * width, and a zero error would make the fits interpolate it; 1 % is below the sampled points'
 * (0.1-0.2 at 200 samples) and above rounding. */
#define BP_MIN_LOG_SIGMA 0.01

const char *plt_bp_method_name(plt_bp_method m) {
    switch (m) {
    case PLT_BP_METHOD_MOMENTS: return "moments";
    case PLT_BP_METHOD_SAMPLE: return "sample";
    default: return "auto";
    }
}

void plt_bp_opts_init(plt_bp_opts *o) {
    memset(o, 0, sizeof *o);
    o->samples = 200;
    o->seed = 1;
    o->level = 0.95;
    o->resamples = 200;
    o->max_seconds = 60;
    o->dla_max_dim = 1024;
    o->policy = PLT_BP_AUTO;
    o->method = PLT_BP_METHOD_AUTO;
    o->dist.kind = PLT_DIST_UNIFORM;
    o->dist.width = M_PI;
}

void plt_bp_result_free(plt_bp_result *r) {
    if (!r) return;
    free(r->points);
    free(r);
}

/* src clipped to at most max characters at a word, with "..." when cut. */
static void clip(char *dst, size_t cap, const char *src, size_t max) {
    size_t len = strlen(src);
    if (len <= max) {
        snprintf(dst, cap, "%s", src);
        return;
    }
    size_t cut = max;
    while (cut > max / 2 && src[cut] != ' ') cut--;
    while (cut > 0 && (src[cut - 1] == ';' || src[cut - 1] == ',' || src[cut - 1] == ':'))
        cut--;
    snprintf(dst, cap, "%.*s...", (int)cut, src);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The share of `left` for the first of m sizes needing need[0..m) (INFINITY: no exact route):
 * water-filling, so every size whose need fits an equal share of what the cheaper ones leave
 * gets its need, and the others that level. Returns the level: at least need[0] when the
 * exact route fits (it spends need[0]; the rest goes on), else what the size may spend. */
static double share(const double *need, size_t m, double left) {
    if (!(left > 0)) return 0;
    if (isinf(left)) return INFINITY;
    double sorted[PLT_FIT_MAX_POINTS];
    memcpy(sorted, need, m * sizeof *sorted);
    qsort(sorted, m, sizeof *sorted, cmp_double);
    double level = left / (double)m, rest = left;
    size_t k = 0;
    for (; k < m && sorted[k] <= level; k++) {
        rest -= sorted[k];
        if (k + 1 < m) level = rest / (double)(m - k - 1);
    }
    /* Every size funded: each gets its need and an equal part of what is left over. */
    if (k == m) return need[0] + rest / (double)m;
    return level;
}

/* Builds size i and asks for its exact route (none under PLT_BP_TRUNCATED_ONLY). */
static plt_status prepare(plt_bp_build_fn build, void *ctx, size_t i, const plt_bp_opts *o,
                          bp_size *s, plt_bp_point *pt) {
    s->range = M_PI;
    plt_status st = build(ctx, i, &s->circuit, &s->obs, &s->range);
    if (st) return st;
    if (!s->circuit || !s->obs)
        return plt_fail(PLT_EINVAL, "scan: instance %zu has no circuit or observable", i);
    if (!(s->range > 0) || !isfinite(s->range))
        return plt_fail(PLT_EINVAL, "scan: parameter range %g of instance %zu; give a positive "
                        "number", s->range, i);
    pt->n = plt_circuit_nqubits(s->circuit);
    pt->nparams = plt_circuit_nparams(s->circuit);
    pt->dla_pred = NAN;
    pt->error_bound = NAN;
    pt->moments_level = 1;
    s->dist = o->dist_given ? o->dist : (plt_param_dist){PLT_DIST_UNIFORM, s->range};
    if (pt->nparams < 1) return PLT_OK;
    const plt_model m = {s->circuit, s->obs, NULL};
    if (o->method != PLT_BP_METHOD_SAMPLE && !(o->noise > 0 || o->dephasing > 0)) {
        /* Cheap (a pass over the ops): whether moments apply, and the exact chain's cost. */
        plt_moments_opts mo;
        plt_moments_opts_init(&mo);
        mo.dist = s->dist;
        mo.max_memory = o->max_memory;
        mo.threads = o->threads;
        plt_error_clear();
        st = plt_moments_estimate(&m, &mo, &s->moments_cost);
        if (!st) s->moments_ok = 1;
        else if (st == PLT_EUNSUPPORTED || st == PLT_ETOOBIG) {
            snprintf(s->moments_why, sizeof s->moments_why, "%s", plt_error_last()->message);
            plt_error_clear();
        } else return st;
    }
    if (o->policy == PLT_BP_TRUNCATED_ONLY) return PLT_OK;
    plt_opts eo;
    plt_opts_init(&eo);
    eo.max_memory = o->max_memory;
    eo.threads = o->threads;
    eo.settings = o->settings;
    eo.noise = o->noise;
    eo.dephasing = o->dephasing;
    plt_error_clear();
    st = plt_verdict_pick_exact(&m, &eo, 0, s->exact_engine, sizeof s->exact_engine,
                                &s->exact_cost);
    if (!st && (st = plt_mem_check(s->exact_cost.bytes, o->max_memory, s->exact_engine))) {
        /* The fastest exact engine does not fit; the others were slower or did not apply. */
        snprintf(s->exact_why, sizeof s->exact_why, "the fastest, %.300s", plt_error_last()->message);
        plt_error_clear();
        return PLT_OK;
    }
    if (!st) {
        s->exact_ok = 1;
        return PLT_OK;
    }
    if (st != PLT_EUNSUPPORTED && st != PLT_ETOOBIG) return st;
    snprintf(s->exact_why, sizeof s->exact_why, "%s", plt_error_last()->message);
    plt_error_clear();
    return PLT_OK;
}

/* Standard error of log var from its interval (half the log width over the z value). */
static double log_sigma(const plt_var_ci *v, double level) {
    double z = plt_normal_quantile(0.5 * (1 + level));
    if (v->lo > 0 && v->lo == v->hi) return BP_MIN_LOG_SIGMA; /* exact: lo = hi = var */
    if (!(v->lo > 0) || !(v->hi > v->lo)) return 1.0; /* a zero lower end: very uncertain */
    return fmax((log(v->hi) - log(v->lo)) / (2 * z), BP_MIN_LOG_SIGMA);
}

static plt_status fit_points(const plt_bp_result *r, const plt_bp_opts *o, int which,
                             plt_decay_fit *f) {
    int n[PLT_FIT_MAX_POINTS];
    double v[PLT_FIT_MAX_POINTS], s[PLT_FIT_MAX_POINTS];
    size_t m = 0;
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        if (p->route == PLT_BP_SKIPPED) continue;
        const plt_var_ci *vc = which ? &p->loss : &p->grad_mean;
        n[m] = p->n;
        v[m] = vc->var;
        s[m] = log_sigma(vc, o->level);
        m++;
    }
    return plt_decay_classify(n, v, s, m, f);
}

/* What the decision rests on, in one paragraph. */
static void decision_note(plt_bp_result *r) {
    char *b = r->decision_note;
    const size_t cap = sizeof r->decision_note;
    size_t done = 0, truncated = 0, moments = 0, bounded = 0, paths = 0;
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        if (p->route == PLT_BP_SKIPPED) {
            char why[200];
            clip(why, sizeof why, p->note, 160);
            plt_text_append(b, cap, "%sn = %d skipped: %s", b[0] ? "; " : "", p->n, why);
            continue;
        }
        done++;
        truncated += p->route == PLT_BP_TRUNCATED;
        moments += p->route == PLT_BP_MOMENTS;
        bounded += p->route == PLT_BP_MOMENTS && p->moments_cert == PLT_MOMENTS_BOUNDS;
        paths += p->route == PLT_BP_MOMENTS && p->moments_cert == PLT_MOMENTS_SAMPLED;
    }
    if (moments)
        plt_text_append(b, cap, "%s%zu size%s by moment propagation (%zu exact, %zu bounds, %zu "
                        "sampled paths)%s", b[0] ? "; " : "", moments, moments == 1 ? "" : "s",
                        moments - bounded - paths, bounded, paths,
                        moments < done ? ", the others sampled" : "");
    if (truncated) {
        plt_text_append(b, cap, "%sn =", b[0] ? "; " : "");
        size_t k = 0;
        for (size_t i = 0; i < r->npoints; i++)
            if (r->points[i].route == PLT_BP_TRUNCATED)
                plt_text_append(b, cap, "%s %d", k++ ? "," : "", r->points[i].n);
        plt_text_append(b, cap, " truncated: Var[L] intervals widened by the rigorous error bound; the "
               "gradient variances there are of the truncated surrogate, estimated, not "
               "certified");
    }
    if (r->skipped || truncated)
        plt_text_append(b, cap, "; decision from %zu size%s%s", done, done == 1 ? "" : "s",
               truncated ? (truncated == done ? ", all truncated"
                                              : " (exact and truncated)") : "");
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
    if (!(o->max_seconds >= 0) || isinf(o->max_seconds) || !(o->size_max_seconds >= 0) ||
        isinf(o->size_max_seconds))
        return plt_fail(PLT_EINVAL, "scan: budget %g s (per size %g s); give finite seconds >= 0 "
                        "(0 = no limit)", o->max_seconds, o->size_max_seconds);
    if (!(o->max_memory >= 0) || isinf(o->max_memory))
        return plt_fail(PLT_EINVAL, "scan: memory limit %g bytes; give a finite number >= 0 "
                        "(0 = the machine's)", o->max_memory);
    if ((unsigned)o->method > PLT_BP_METHOD_SAMPLE)
        return plt_fail(PLT_EINVAL, "scan: method %d; give PLT_BP_METHOD_AUTO, "
                        "PLT_BP_METHOD_MOMENTS or PLT_BP_METHOD_SAMPLE", (int)o->method);
    if (o->dist_given && (!(o->dist.width > 0) || isinf(o->dist.width) ||
                          (unsigned)o->dist.kind > PLT_DIST_NORMAL))
        return plt_fail(PLT_EINVAL, "scan: parameter distribution of width %g; give a positive "
                        "finite width, uniform or normal", o->dist.width);
    if ((unsigned)o->policy > PLT_BP_TRUNCATED_ONLY)
        return plt_fail(PLT_EINVAL, "scan: route policy %d; give PLT_BP_AUTO, "
                        "PLT_BP_EXACT_ONLY or PLT_BP_TRUNCATED_ONLY", (int)o->policy);
    if (!(o->noise >= 0 && o->noise < 1) || !(o->dephasing >= 0 && o->dephasing <= 1))
        return plt_fail(PLT_EINVAL, "scan: noise %g and dephasing %g; give probabilities, noise "
                        "in [0, 1) and dephasing in [0, 1]", o->noise, o->dephasing);
    const double t0 = plt_clock_seconds();
    plt_bp_result *r = calloc(1, sizeof *r);
    bp_size *sizes = calloc(count, sizeof *sizes);
    if (!r || !sizes || !(r->points = calloc(count, sizeof *r->points))) {
        free(sizes);
        plt_bp_result_free(r);
        return plt_fail_nomem("scan result");
    }
    r->npoints = count;
    const double budget = o->max_seconds > 0 ? o->max_seconds : INFINITY;
    bp_guard guard = {t0 + 1.1 * budget + BP_GUARD_EXTRA, 0};
    const double plan = budget / BP_MARGIN;
    const double dla_pot = o->dla_max_dim > 0 ? BP_DLA_SHARE * plan : 0;
    const double sample_pot = isinf(plan) ? INFINITY : plan - dla_pot;
    double need[PLT_FIT_MAX_POINTS];
    plt_status st = PLT_OK;
    for (size_t i = 0; i < count; i++) {
        if ((st = prepare(build, ctx, i, o, &sizes[i], &r->points[i]))) goto done;
        need[i] = sizes[i].exact_ok ? (double)o->samples * sizes[i].exact_cost.seconds
                                    : INFINITY;
        if (sizes[i].moments_ok && o->method != PLT_BP_METHOD_SAMPLE)
            need[i] = fmin(need[i], sizes[i].moments_cost.seconds);
    }
    /* Building the instances and the engines' estimates are bounded by work counts; a busy
     * machine that slows them must not leave the samples too little time (the same points,
     * idle or loaded): the guard leaves at least a quarter of the budget after them. */
    guard.deadline = fmax(guard.deadline, plt_clock_seconds() + 0.25 * budget + BP_GUARD_EXTRA);
    double spent = 0;
    for (size_t i = 0; i < count; i++) {
        plt_bp_point *pt = &r->points[i];
        if (bp_guard_check(&guard)) {
            snprintf(pt->note, sizeof pt->note, "not run: the scan's wall-clock guard was "
                     "reached before it (the predictions were off)");
            r->skipped++;
            continue;
        }
        double allot = share(need + i, count - i, sample_pot - spent);
        if (o->size_max_seconds > 0) allot = fmin(allot, o->size_max_seconds);
        bp_report rep = {o, "", 0, (double)o->samples};
        snprintf(rep.what, sizeof rep.what, "bp n = %d (size %zu of %zu): samples", pt->n, i + 1,
                 count);
        if ((st = bp_run_size(&sizes[i], o, allot, &guard, &rep, pt))) {
            st = plt_fail(st, "scan at n = %d: %s", pt->n, plt_error_last()->message);
            goto done;
        }
        spent += pt->predicted_seconds;
        r->predicted_seconds += pt->predicted_seconds;
        r->skipped += pt->route == PLT_BP_SKIPPED;
        if (o->noise > 0 || o->dephasing > 0)
            snprintf(pt->dla_note, sizeof pt->dla_note, "no prediction: the Lie-algebraic "
                     "variance is that of the noiseless circuit");
        else if (o->dla_max_dim > 0 && !bp_guard_check(&guard)) {
            const double work = dla_pot / (double)count / PLT_LIE_SECONDS_PER_WORK;
            bp_predict(sizes[i].circuit, sizes[i].obs, o->dla_max_dim,
                       isinf(work) ? 0 : fmax(work, 1), &guard, pt);
        }
    }
    if ((st = fit_points(r, o, 0, &r->grad_fit))) goto done;
    if ((st = fit_points(r, o, 1, &r->loss_fit))) goto done;
    decision_note(r);
    r->seconds = plt_clock_seconds() - t0;
done:
    for (size_t i = 0; i < count; i++) {
        plt_circuit_free(sizes[i].circuit);
        plt_psum_free(sizes[i].obs);
    }
    free(sizes);
    if (st) {
        plt_bp_result_free(r);
        return st;
    }
    *out = r;
    return PLT_OK;
}
