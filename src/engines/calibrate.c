/* plateau calibrate: each engine runs one representative workload; the ratio of its predicted
 * to its measured time rescales that engine's rate. The engine's own estimate does the
 * counting, so a rate means exactly what the estimate multiplies it by. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/engine_ops.h"
#include "plateau/clock.h"
#include "plateau/rates.h"

/* A rotation about letters[j] on qubits q[j] (k letters), parameter `param`. */
static plt_status rot(plt_circuit *c, plt_pstring *g, int k, const int *q, const char *letters,
                      int param) {
    plt_status st = PLT_OK;
    for (int j = 0; j < k && !st; j++) st = plt_pstring_set(g, q[j], letters[j]);
    if (!st) st = plt_circuit_add_rotation(c, g, param, 1.0, 0.0);
    for (int j = 0; j < k && !st; j++) st = plt_pstring_set(g, q[j], 'I');
    return st;
}

/* A fresh parameter named t<k>. */
static plt_status param(plt_circuit *c, int *k) {
    char name[24];
    snprintf(name, sizeof name, "t%d", plt_circuit_nparams(c));
    return plt_circuit_add_param(c, name, NAN, k);
}

/* layers x (RY, RZ on every qubit, CZ brickwork): the hardware-efficient shape. */
static plt_status hea(int n, int layers, plt_circuit **out) {
    plt_pstring *g = NULL;
    plt_status st = plt_circuit_new(n, out);
    if (!st) st = plt_pstring_new(n, &g);
    for (int l = 0; l < layers && !st; l++) {
        for (int q = 0; q < n && !st; q++) {
            int ky, kz;
            st = param(*out, &ky);
            if (!st) st = rot(*out, g, 1, &q, "Y", ky);
            if (!st) st = param(*out, &kz);
            if (!st) st = rot(*out, g, 1, &q, "Z", kz);
        }
        for (int q = 0; q + 1 < n && !st; q += 2) {
            int qs[2] = {q, q + 1};
            st = plt_circuit_add_clifford(*out, PLT_GATE_CZ, qs);
        }
        for (int q = 1; q + 1 < n && !st; q += 2) {
            int qs[2] = {q, q + 1};
            st = plt_circuit_add_clifford(*out, PLT_GATE_CZ, qs);
        }
    }
    plt_pstring_free(g);
    return st;
}

/* layers x (XX + YY on neighbours, Z on every qubit), one parameter per layer and kind: a
 * matchgate circuit (free fermions) with a small Lie algebra. */
static plt_status matchgates(int n, int layers, plt_circuit **out) {
    plt_pstring *g = NULL;
    plt_status st = plt_circuit_new(n, out);
    if (!st) st = plt_pstring_new(n, &g);
    for (int l = 0; l < layers && !st; l++) {
        int kh, kz;
        st = param(*out, &kh);
        if (!st) st = param(*out, &kz);
        for (int q = 0; q + 1 < n && !st; q++) {
            int qs[2] = {q, q + 1};
            st = rot(*out, g, 2, qs, "XX", kh);
            if (!st) st = rot(*out, g, 2, qs, "YY", kh);
        }
        for (int q = 0; q < n && !st; q++) st = rot(*out, g, 1, &q, "Z", kz);
    }
    plt_pstring_free(g);
    return st;
}

typedef struct workload {
    plt_rate_kind rate;
    const char *engine;
    int n, layers, matchgate;
    const char *obs;
    size_t max_terms;     /* pauliprop: the cap that bounds its terms, as in check's ladder */
    int grad;             /* 1: the estimate counts a loss with gradient (else the loss only) */
    double max_bond;      /* mps: its bond cap (0: the default) */
} workload;

static const workload workloads[] = {
    {PLT_RATE_SV_BYTES, "statevector", 18, 6, 0, "Z0*Z1", 0, 1, 0},
    /* pauliprop's estimate counts one pass of its terms (a loss, as check's ladder runs it);
     * a term cap makes it hold many, as the ladder's steps do. */
    {PLT_RATE_PP_TERM_OP, "pauliprop", 40, 8, 0, "Z0*Z1", 100000, 0, 0},
    {PLT_RATE_GSIM_PAIR, "gsim", 30, 30, 1, "Z0", 0, 1, 0},
    {PLT_RATE_FERMION_FLOP, "fermion", 200, 40, 1, "Z0", 0, 1, 0},
    {PLT_RATE_LC_OP, "lightcone", 60, 5, 0, "Z30", 0, 1, 0},
    /* mps: a loss, as check's ladder runs it; the brickwork of CZs saturates bond 32. */
    {PLT_RATE_MPS_FLOP, "mps", 24, 8, 0, "Z11*Z12", 0, 0, 32},
};

/* Predicted and measured seconds of what the engine's estimate counts (the best of a few
 * runs: the least disturbed by whatever else the machine does). */
static plt_status measure(const workload *w, double *predicted, double *measured) {
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_engine *e = NULL;
    plt_settings *set = NULL;
    double *p = NULL, *grad = NULL;
    plt_status st = w->matchgate ? matchgates(w->n, w->layers, &c) : hea(w->n, w->layers, &c);
    if (!st) st = plt_psum_parse(w->obs, w->n, "calibrate", &obs);
    if (st) goto done;
    int np = plt_circuit_nparams(c);
    p = calloc((size_t)np + 1, sizeof *p);
    grad = calloc((size_t)np + 1, sizeof *grad);
    if (!p || !grad) {
        st = plt_fail_nomem("calibration parameters");
        goto done;
    }
    for (int k = 0; k < np; k++) p[k] = 0.1 + 0.37 * (k % 7);
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.threads = 1;
    o.losses_only = !w->grad; /* the estimate then prices what is timed: a loss alone */
    if (w->max_terms) {
        if ((st = plt_settings_new(&set))) goto done;
        if ((st = plt_settings_set(set, "max-terms", (double)w->max_terms))) goto done;
        if ((st = plt_settings_set(set, "min-abs", 1e-12))) goto done;
        o.settings = set;
    }
    if (w->max_bond > 0) {
        if (!set && (st = plt_settings_new(&set))) goto done;
        if ((st = plt_settings_set(set, "max-bond", w->max_bond))) goto done;
        o.settings = set;
    }
    plt_cost cost;
    if ((st = plt_engine_estimate(w->engine, &m, &o, &cost))) goto done;
    if ((st = plt_engine_plan(w->engine, &m, &o, &e))) goto done;
    double best = INFINITY, spent = 0;
    for (int rep = 0; rep < 5 && (rep < 2 || spent < 1.0); rep++) {
        double loss, t0 = plt_clock_seconds();
        if ((st = plt_engine_loss(e, p, &loss, w->grad ? grad : NULL))) goto done;
        double t = plt_clock_seconds() - t0;
        spent += t;
        best = fmin(best, t);
    }
    *predicted = cost.seconds;
    *measured = fmax(best, 1e-6);
done:
    plt_engine_free(e);
    plt_settings_free(set);
    free(p);
    free(grad);
    plt_psum_free(obs);
    plt_circuit_free(c);
    return st;
}

plt_status plt_rate_measure(double *rates, plt_progress_fn progress, void *ctx) {
    if (!rates) return plt_fail(PLT_EINVAL, "calibrate: NULL output");
    for (int k = 0; k < PLT_RATE_COUNT; k++) rates[k] = plt_rate((plt_rate_kind)k);
    size_t nw = sizeof workloads / sizeof workloads[0];
    for (size_t i = 0; i < nw; i++) {
        const workload *w = &workloads[i];
        if (progress) {
            plt_progress pr = {w->engine, (double)i, (double)nw};
            if (progress(ctx, &pr))
                return plt_fail(PLT_EINTERRUPTED, "calibrate: stopped before %s", w->engine);
        }
        double predicted = 0, measured = 1;
        plt_error_clear();
        plt_status st = measure(w, &predicted, &measured);
        if (st) {
            char why[400];
            snprintf(why, sizeof why, "%s", plt_error_last()->message);
            return plt_fail(st, "calibrate: the %s workload failed: %s", w->engine, why);
        }
        /* predicted = work / rate, so the rate that predicts what was measured: */
        rates[w->rate] *= predicted / measured / PLT_RATE_MARGIN;
    }
    return PLT_OK;
}
