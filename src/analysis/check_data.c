/* The verdict's route from measured data: the value is an estimate, certified only as a
 * confidence interval by batch means over the shots (plateau/verdict.h), plus the route's
 * rigorous truncation bound. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/check_data.h"
#include "core/error.h"
#include "core/text.h"
#include "engines/engine_ops.h"
#include "plateau/shadows.h"

/* Batches of the shots, and Student's t quantiles with B - 1 = 9 degrees of freedom: two-sided
 * 0.95 for the interval, 0.999 for the halves' consistency check. */
#define DATA_BATCHES 10
#define DATA_CONFIDENCE 0.95
#define DATA_T95 2.2621571628
#define DATA_T999 4.7809125901
/* Fewer shots a batch than this and a batch's estimate is too coarse for the interval. */
#define DATA_MIN_BATCH_SHOTS 10
/* Ladder steps the data route tries when no exact route is affordable. */
#define DATA_LADDER_STEPS 6

int check_is_data(const plt_model *m) {
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    return k == PLT_STATE_SHADOWS || k == PLT_STATE_TABLE;
}

#define SEP(buf) ((buf)[0] ? "; " : "")

/* Shots [lo, hi) of `all` as a state of their own. The state reads its file when parsed, so
 * the temporary file is gone when this returns. */
static plt_status batch_state(const plt_shadows *all, size_t lo, size_t hi, plt_state **out) {
    *out = NULL;
    const int n = plt_shadows_nqubits(all);
    plt_shadows *part = NULL;
    char *bases = malloc((size_t)n + 1), *bits = malloc((size_t)n + 1);
    plt_status st = bases && bits ? plt_shadows_new(n, &part) : plt_fail_nomem("a shot");
    for (size_t i = lo; !st && i < hi; i++)
        if (!(st = plt_shadows_shot(all, i, bases, bits))) st = plt_shadows_add(part, bases, bits);
    free(bases);
    free(bits);
    if (st) {
        plt_shadows_free(part);
        return st;
    }
    const char *dir = getenv("TMPDIR");
    char path[512], spec[540];
    snprintf(path, sizeof path, "%s/plateau-batch-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        plt_shadows_free(part);
        return plt_fail(PLT_EIO, "cannot make a temporary file for a batch of shots in %s (set "
                        "TMPDIR to a writable folder)", dir && *dir ? dir : "/tmp");
    }
    close(fd);
    st = plt_shadows_write_file(part, path);
    plt_shadows_free(part);
    snprintf(spec, sizeof spec, "shadows:%s", path);
    if (!st) st = plt_state_parse(spec, n, "batch of shots", out);
    unlink(path);
    return st;
}

/* One run of `engine` on (m's circuit and observable, state s); *bound is its rigorous
 * truncation bound (0 when nothing was dropped). */
static plt_status run_on(const char *engine, const plt_model *m, const plt_state *s,
                         const plt_opts *o, const double *params, double *value, double *bound) {
    plt_model mm = {m->circuit, m->obs, s};
    plt_engine *e = NULL;
    plt_error_clear();
    plt_status st = plt_engine_plan(engine, &mm, o, &e);
    if (!st) st = plt_engine_loss(e, params, value, NULL);
    if (!st) {
        plt_stats stats;
        plt_engine_stats(e, &stats);
        *bound = stats.error_bound;
    }
    plt_engine_free(e);
    return st;
}

static void charge(double *left, plt_verdict *v, double predicted) {
    *left -= predicted;
    v->predicted_total += predicted;
}

/* The cheapest route that applies and whose `runs` evaluations fit the budget left. */
static plt_route *cheapest(plt_verdict *v, double runs, double left) {
    plt_route *best = NULL;
    for (size_t i = 0; i < v->nroutes; i++) {
        plt_route *r = &v->routes[i];
        if (!r->applies || r->cost.seconds * runs > left) continue;
        if (!best || r->cost.seconds < best->cost.seconds) best = r;
    }
    return best;
}

/* A truncation of an engine with a ladder that takes the data, when no route at its own
 * settings fits: steps from the loosest while the bound exceeds half the tolerance. On success
 * *set holds the step's settings (caller frees) and *cost its predicted cost of one run. The
 * bound is known only after a run: the loosest step is kept, and a stricter one only while
 * all its runs fit half the budget left. */
static const plt_engine_ops *data_ladder(const plt_model *m, const plt_opts *eo, double runs,
                                         const double *left, plt_verdict *v,
                                         plt_settings **set, plt_cost *cost) {
    for (size_t i = 0; i < v->nroutes; i++) {
        const plt_engine_ops *ops = plt_engine_ops_find(v->routes[i].engine);
        if (!ops || !ops->ladder || !v->routes[i].applies) continue;
        plt_settings *s = NULL, *kept = NULL;
        if (plt_settings_clone(eo->settings, &s)) return NULL;
        for (size_t k = 0; k < DATA_LADDER_STEPS; k++) {
            plt_cost c;
            plt_error_clear();
            if (ops->ladder(m, eo, k, 0.5 * *left / runs, s, &c)) break;
            plt_settings_free(kept);
            kept = NULL;
            if (plt_settings_clone(s, &kept)) break;
            *cost = c;
            if (c.seconds * runs > 0.5 * *left) break;
        }
        plt_settings_free(s);
        if (kept) {
            *set = kept;
            return ops;
        }
    }
    return NULL;
}

int check_data_route(const plt_model *m, const double *params, const plt_opts *eo,
                     double tolerance, double *left, plt_verdict *v) {
    v->from_data = 1;
    v->data_confidence = DATA_CONFIDENCE;
    v->data_halfwidth = v->interval_low = v->interval_high = NAN;
    const plt_shadows *sh = plt_state_shadows(m->state);
    const size_t shots = sh ? plt_shadows_nshots(sh) : 0;
    v->data_shots = shots;
    const int batches = sh && shots >= (size_t)DATA_BATCHES * DATA_MIN_BATCH_SHOTS ? DATA_BATCHES
                                                                                    : 0;
    const double runs = 1.0 + batches;
    plt_opts o = *eo;
    plt_settings *set = NULL;
    char engine[32] = "", setting[96] = "as given";
    double one_cost = 0, bytes = 0;
    plt_route *r = cheapest(v, runs, *left);
    if (r) {
        snprintf(engine, sizeof engine, "%s", r->engine);
        one_cost = r->cost.seconds;
        bytes = r->cost.bytes;
        if (r->cost.exactness != PLT_BOUNDED) snprintf(setting, sizeof setting, "untruncated");
        snprintf(r->reason, sizeof r->reason, "chosen: the cheapest route that takes the data, "
                 "run on all shots and on %d batches of them", batches);
    } else {
        plt_cost c;
        const plt_engine_ops *ops = data_ladder(m, eo, runs, left, v, &set, &c);
        if (!ops) {
            plt_text_append(v->reasons, sizeof v->reasons, "%sno route takes the data within the budget: "
                   "each needs %g runs (all shots and %d batches) within the %.3g s left",
                   SEP(v->reasons), runs, batches, *left);
            return 0;
        }
        snprintf(engine, sizeof engine, "%s", ops->name);
        plt_settings_format(set, setting, sizeof setting);
        one_cost = c.seconds;
        bytes = c.bytes;
        o.settings = set;
    }
    int done = 0;
    double value = NAN, bound = 0;
    plt_state *part = NULL;
    charge(left, v, one_cost);
    if (run_on(engine, m, m->state, &o, params, &value, &bound)) {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s on the data failed: %s", SEP(v->reasons),
               engine, plt_error_last()->message);
        goto out;
    }
    v->route_found = 1;
    snprintf(v->engine, sizeof v->engine, "%s", engine);
    snprintf(v->setting, sizeof v->setting, "%s", setting);
    v->exact = 0;
    v->value = value;
    v->bytes = bytes;
    v->certified = PLT_CERT_NONE;
    v->error = v->error_bound = NAN;
    if (!batches) {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s estimates %.6g from the data, with no "
               "interval: %s", SEP(v->reasons), engine, value,
               sh ? "fewer than 100 shots, too few for 10 batches of 10"
                  : "a table of measured values records no shots to resample");
        goto out;
    }
    v->data_batches = batches;
    double bval[DATA_BATCHES], bmax = bound;
    for (int b = 0; b < batches; b++) {
        size_t lo = shots * (size_t)b / (size_t)batches, hi = shots * (size_t)(b + 1) / (size_t)batches;
        double bb = 0;
        charge(left, v, one_cost);
        if (batch_state(sh, lo, hi, &part) ||
            run_on(engine, m, part, &o, params, &bval[b], &bb)) {
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s on batch %d of the shots failed: %s",
                   SEP(v->reasons), engine, b + 1, plt_error_last()->message);
            goto out;
        }
        plt_state_free(part);
        part = NULL;
        bmax = fmax(bmax, bb);
    }
    double mean = 0, ss = 0, h[2] = {0, 0};
    for (int b = 0; b < batches; b++) mean += bval[b] / batches;
    for (int b = 0; b < batches; b++) {
        ss += (bval[b] - mean) * (bval[b] - mean);
        h[b >= batches / 2] += bval[b] / (batches / 2);
    }
    const double sd = sqrt(ss / (batches - 1));
    v->data_halfwidth = DATA_T95 * sd / sqrt((double)batches);
    const double half = v->data_halfwidth + bound;
    v->interval_low = value - half;
    v->interval_high = value + half;
    v->error = v->error_bound = half;
    v->certified = PLT_CERT_STATISTICAL;
    /* The halves of the batches, each a run on half the shots, must agree as their spread
     * says; a disagreement means the batch values do not behave as the interval assumes. */
    const double allowed = DATA_T999 * sd * sqrt(4.0 / batches) + 2 * bmax;
    v->cross_checked = 1;
    v->cross_n = plt_circuit_nqubits(m->circuit);
    snprintf(v->cross_reference_engine, sizeof v->cross_reference_engine, "%s", engine);
    v->cross_value = h[0];
    v->cross_reference = h[1];
    v->cross_error = fabs(h[0] - h[1]);
    v->cross_passed = v->cross_error <= allowed;
    snprintf(v->cross_note, sizeof v->cross_note, "%s the first and second halves of the shots "
             "(%d batches each) give %.6g and %.6g: |difference| %.2g %s %.2g (t(9) at 0.999 "
             "times their standard error, plus twice the truncation bound); a statistical "
             "check: no exact engine knows the measured state",
             v->cross_passed ? "passed:" : "FAILED:", batches / 2, h[0], h[1], v->cross_error,
             v->cross_passed ? "<=" : ">", allowed);
    if (!v->cross_passed) {
        v->cross_failed = 1;
        plt_text_append(v->reasons, sizeof v->reasons, "%sthe data's halves disagree beyond their "
               "interval (drifting or mislabelled shots?): %s", SEP(v->reasons), v->cross_note);
        goto out;
    }
    if (half > tolerance) {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s (%s) estimates %.6g +- %.2g at confidence "
               "%.2f from %zu shots (statistical %.2g, truncation %.2g): wider than the "
               "tolerance %.2g; the statistical part shrinks as 1/sqrt(shots)", SEP(v->reasons),
               engine, setting, value, half, DATA_CONFIDENCE, shots, v->data_halfwidth, bound,
               tolerance);
        goto out;
    }
    plt_text_append(v->reasons, sizeof v->reasons, "%ssimulable after data acquisition (classical "
           "shadows): %s (%s) estimates %.6g +- %.2g at confidence %.2f from %zu shots "
           "(statistical half-width by batch means over %d batches %.2g, truncation bound %.2g); "
           "cross-check %s", SEP(v->reasons), engine, setting, value, half, DATA_CONFIDENCE,
           shots, batches, v->data_halfwidth, bound, v->cross_note);
    done = 1;
out:
    plt_state_free(part);
    plt_settings_free(set);
    return done;
}
