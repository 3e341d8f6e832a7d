/* Moments of the loss and its gradient over random parameters (plateau/moments.h): checks
 * that the method applies, runs the first-moment chain (E[L], E[dL/dp_k]) and the pair chain
 * (E[L^2], sum_k E[(dL/dp_k)^2], E[(dL/dp_0)^2]), and combines them into variances with
 * rigorous intervals; samples Pauli paths when the pair chain does not fit. The math is in
 * src/analysis/README. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/moments_impl.h"
#include "core/error.h"
#include "core/mem.h"
#include "pauli/pstring.h"
#include "plateau/rates.h"

const char *plt_moments_cert_name(plt_moments_cert c) {
    switch (c) {
    case PLT_MOMENTS_EXACT: return "exact";
    case PLT_MOMENTS_BOUNDS: return "bounds";
    case PLT_MOMENTS_SAMPLED: return "sampled paths";
    }
    return "?";
}

void plt_moments_opts_init(plt_moments_opts *o) {
    memset(o, 0, sizeof *o);
    o->dist.kind = PLT_DIST_UNIFORM;
    o->dist.width = M_PI;
    o->paths = 20000;
    o->level = 0.95;
    o->seed = 1;
    o->allow_sampling = 1;
}

/* Applicability: the checks every entry point makes, cheap. */
static plt_status validate(const plt_model *m, const plt_moments_opts *o) {
    if (!m || !m->circuit || !m->obs || !o)
        return plt_fail(PLT_EINVAL, "moments need a model with a circuit and an observable");
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c), np = plt_circuit_nparams(c);
    if (plt_psum_nqubits(m->obs) != n)
        return plt_fail(PLT_EINVAL, "the observable is on %d qubits, the circuit on %d",
                        plt_psum_nqubits(m->obs), n);
    if (m->state && plt_state_nqubits(m->state) != n)
        return plt_fail(PLT_EINVAL, "the state is on %d qubits, the circuit on %d",
                        plt_state_nqubits(m->state), n);
    plt_status st = plt_psum_check_hermitian(m->obs);
    if (st != PLT_OK) return st;
    if (!(o->dist.width > 0) || !isfinite(o->dist.width))
        return plt_fail(PLT_EINVAL, "the parameter distribution's width is %g; give a finite "
                        "width > 0 (--range, --eps or --sigma)", o->dist.width);
    if (o->dist.kind != PLT_DIST_UNIFORM && o->dist.kind != PLT_DIST_NORMAL)
        return plt_fail(PLT_EINVAL, "unknown parameter distribution %d", (int)o->dist.kind);
    if (o->max_weight < 0)
        return plt_fail(PLT_EINVAL, "max-weight is %d; give 0 (off) or a positive weight",
                        o->max_weight);
    if (!(o->min_abs >= 0) || !isfinite(o->min_abs))
        return plt_fail(PLT_EINVAL, "min-abs is %g; give 0 (off) or a positive threshold",
                        o->min_abs);
    if (!(o->level > 0 && o->level < 1))
        return plt_fail(PLT_EINVAL, "the confidence level is %g; give one in (0, 1)", o->level);
    /* A parameter may drive several rotations when they are adjacent ops (one averaged map,
     * moments_group.c): the QCNN's pooling CRX. Apart, their angles are correlated across
     * the ops between, which the pair chain cannot carry. */
    int *uses = calloc((size_t)np + 1, sizeof *uses);
    if (!uses) return plt_fail_nomem("the parameters' use counts");
    int prev = -1;
    for (size_t i = 0; i < plt_circuit_nops(c) && st == PLT_OK; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        const int k = op->kind == PLT_OP_ROTATION ? op->param : -1;
        if (op->kind == PLT_OP_UNITARY)
            st = plt_fail(PLT_EUNSUPPORTED,
                          "moments propagate Pauli strings: op %zu is a general unitary, which "
                          "does not map strings to a few strings (bp samples instead)", i);
        else if (k >= 0 && uses[k] > 0 && k != prev)
            st = plt_fail(PLT_EUNSUPPORTED,
                          "moments need independent parameters: parameter %s drives rotations "
                          "that are not adjacent (op %zu is one), so their angles are correlated "
                          "across the ops between (bp samples instead)",
                          plt_circuit_param_name(c, k), i);
        else if (k >= 0 && ++uses[k] > MOM_GROUP_MAX)
            st = plt_fail(PLT_EUNSUPPORTED,
                          "moments handle at most %d adjacent rotations of one parameter; "
                          "parameter %s drives more (bp samples instead)",
                          MOM_GROUP_MAX, plt_circuit_param_name(c, k));
        prev = k;
    }
    free(uses);
    return st;
}

static double mem_limit(const plt_moments_opts *o) {
    return o->max_memory > 0 ? o->max_memory : plt_mem_available();
}

/* Prediction of the pair chain's cost: the chain itself, run for at most a twentieth of a
 * second of predicted work (cheap, and deterministic: it counts work, never reads a clock).
 * When it finishes, the count is the cost (times 1.5 for the first-moment chain, which holds
 * at most the pair chain's diagonal). When it stops, the ops left are charged at the items
 * held then, grown 4-fold, and capped by the memory (an estimate, not a bound). */
static plt_status predict(const plt_model *m, const plt_moments_opts *o, mom_state *ms,
                          double *items, double *secs, double *bytes, int *counted) {
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c), nw = plt_nwords(n);
    const double ib = mom_item_bytes(n, MOM_PAIR), rate = plt_rate(PLT_RATE_PP_TERM_OP);
    mom_chain_in in = {.c = c, .obs = m->obs, .dist = &o->dist, .mode = MOM_PAIR,
                       .max_weight = o->max_weight, .max_items = o->max_strings,
                       .min_abs = o->min_abs, .max_memory = mem_limit(o),
                       .max_work = 0.05 * rate};
    mom_chain_out out = {0};
    const plt_status st = mom_chain_run(&in, ms, &out);
    if (st != PLT_OK && st != PLT_ETOOBIG) return st;
    double it = (double)out.max_items, work = out.work;
    *counted = st == PLT_OK && !out.stopped; /* the trial ran the whole chain */
    if (st == PLT_ETOOBIG) {
        it = mem_limit(o) / (2 * ib);
        work = it * (double)plt_circuit_nops(c) * (4 * nw + 2);
    } else if (out.stopped) {
        const double cap = fmin(mem_limit(o) / (2 * ib),
                                o->max_strings ? (double)o->max_strings : INFINITY);
        const double grown = fmin(4 * (double)out.max_items, cap);
        work += (double)out.ops_left * grown * ((double)nw / MOM_SCAN_SHARE + (4 * nw + 2));
        it = grown;
    }
    *items = it;
    *secs = 1.5 * work / rate;
    *bytes = 2 * it * ib;
    return PLT_OK;
}

plt_status plt_moments_estimate(const plt_model *m, const plt_moments_opts *o, plt_cost *cost) {
    plt_status st = validate(m, o);
    if (st != PLT_OK) return st;
    mom_state *ms = NULL;
    st = mom_state_new(m->state, plt_circuit_nqubits(m->circuit), &ms);
    if (st != PLT_OK) return st;
    double items, secs, bytes;
    int counted;
    st = predict(m, o, ms, &items, &secs, &bytes, &counted);
    mom_state_free(ms);
    if (st != PLT_OK) return st;
    if (cost) {
        cost->bytes = bytes;
        cost->seconds = secs;
        cost->exactness = o->max_weight || o->max_strings || o->min_abs > 0 ? PLT_BOUNDED : PLT_EXACT;
        cost->error = 0;
    }
    return PLT_OK;
}

/* [lo, hi] of x^2 for x in [lo, hi]. */
static void square_iv(double lo, double hi, double *slo, double *shi) {
    *shi = fmax(lo * lo, hi * hi);
    *slo = lo <= 0 && hi >= 0 ? 0 : fmin(lo * lo, hi * hi);
}

/* Var = E[X^2] - E[X]^2 with E[X^2] in [s - ds, s + ds] (>= 0) and sq = E[X]^2 in
 * [sq_lo, sq_hi]: the value and the interval, clamped at 0. */
static plt_moment var_of(double s, double slo, double shi, double sq, double sq_lo,
                         double sq_hi) {
    plt_moment v;
    slo = fmax(slo, 0);
    v.value = fmax(0, s - sq);
    v.lo = fmax(0, slo - sq_hi);
    v.hi = fmax(0, shi - sq_lo);
    if (v.value < v.lo) v.value = v.lo;
    if (v.value > v.hi) v.value = v.hi;
    return v;
}

typedef struct first_moments {
    double mean, mean_drop;
    double *g, *gd; /* E[dL/dp_k] and its bound, per parameter */
} first_moments;

static plt_status run_first(const plt_model *m, const plt_moments_opts *o, mom_state *ms,
                            first_moments *f, double *bytes) {
    const plt_circuit *c = m->circuit;
    const int np = plt_circuit_nparams(c);
    char *need = calloc((size_t)np + 1, 1);
    if (!need) return plt_fail_nomem("the first-moment chain");
    /* E[dL/dp_k] is 0 when parameter k drives one rotation and the characteristic function
     * vanishes at its a (E[cos t] = E[sin t] = 0: full-period angles), so only the others are
     * tracked. Several rotations of one parameter mix frequencies (a_1 - a_2 may be 0). */
    char *uses = calloc((size_t)np + 1, 1);
    if (!uses) {
        free(need);
        return plt_fail_nomem("the first-moment chain");
    }
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind != PLT_OP_ROTATION || op->param < 0) continue;
        const int k = op->param;
        need[k] = uses[k]++ ? 1 : (op->a != 0 && mom_char(&o->dist, op->a) != 0);
    }
    free(uses);
    mom_chain_in in = {.c = c, .obs = m->obs, .dist = &o->dist, .mode = MOM_FIRST,
                       .max_weight = o->max_weight, .max_items = o->max_strings,
                       .max_memory = mem_limit(o), .need = need,
                       .progress_fn = o->progress_fn, .progress_ctx = o->progress_ctx};
    if (o->max_seconds > 0 && !o->max_strings) {
        /* Held to half of max-seconds by size: a truncated first-moment chain still bounds
         * E[L] and E[dL/dp_k], and its dropped weights shrink fast. */
        const double per = (double)(plt_circuit_nops(c) + 1) *
                           (2.0 * plt_nwords(plt_circuit_nqubits(c)) + 2);
        in.max_items = (size_t)fmax(64, 0.5 * o->max_seconds * plt_rate(PLT_RATE_PP_TERM_OP) / per);
    }
    mom_chain_out out = {.grad_mean = f->g, .grad_drop = f->gd};
    plt_status st = mom_chain_run(&in, ms, &out);
    free(need);
    f->mean = out.value[0];
    f->mean_drop = out.dropped[0];
    *bytes = out.bytes;
    return st;
}

static void fill(plt_moments_result *r, const plt_model *m, const first_moments *f, double l2,
                 double l2lo, double l2hi, double gs, double gslo, double gshi, double g0,
                 double g0lo, double g0hi) {
    const int np = plt_circuit_nparams(m->circuit);
    r->loss_mean.value = f->mean;
    r->loss_mean.lo = f->mean - f->mean_drop;
    r->loss_mean.hi = f->mean + f->mean_drop;
    double sql, sqh;
    square_iv(r->loss_mean.lo, r->loss_mean.hi, &sql, &sqh);
    r->loss_var = var_of(l2, l2lo, l2hi, f->mean * f->mean, sql, sqh);
    if (np == 0) return;
    square_iv(f->g[0] - f->gd[0], f->g[0] + f->gd[0], &sql, &sqh);
    r->grad_first = var_of(g0, g0lo, g0hi, f->g[0] * f->g[0], sql, sqh);
    double sq = 0, sqlo = 0, sqhi = 0;
    for (int k = 0; k < np; k++) {
        double a, b;
        square_iv(f->g[k] - f->gd[k], f->g[k] + f->gd[k], &a, &b);
        sq += f->g[k] * f->g[k];
        sqlo += a;
        sqhi += b;
    }
    r->grad_mean = var_of(gs / np, gslo / np, gshi / np, sq / np, sqlo / np, sqhi / np);
}

/* Below this much counted work (about 0.1 ms) a cut chain is not worth trying. */
#define MOM_CUT_MIN_WORK 1e4

static mom_chain_in pair_in(const plt_model *m, const plt_moments_opts *o, double min_abs) {
    return (mom_chain_in){.c = m->circuit, .obs = m->obs, .dist = &o->dist, .mode = MOM_PAIR,
                          .max_weight = o->max_weight, .max_items = o->max_strings,
                          .min_abs = min_abs, .max_memory = mem_limit(o),
                          .progress_fn = o->progress_fn, .progress_ctx = o->progress_ctx};
}

/* The width of E[L^2]'s interval from a finished pair chain. */
static double width_of(const mom_chain_out *out) { return 2 * out->dropped[0]; }

/* No interval needs to be wider than what the observable and the parameters allow:
 * |L| <= sum |c|, so Var[L] <= (sum |c|)^2; |dL/dp_k| <= A_k sum |c| (A_k = sum |a| over
 * its rotations), so Var[dL/dp_k] <= (A_k sum |c|)^2. */
static void clamp_trivial(plt_moments_result *r, const plt_model *m) {
    const plt_circuit *c = m->circuit;
    const int np = plt_circuit_nparams(c);
    const double C = plt_psum_one_norm(m->obs);
    double *A = calloc((size_t)np + 1, sizeof *A);
    if (!A) return; /* the intervals stay as they are: wider, still valid */
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION && op->param >= 0) A[op->param] += fabs(op->a);
    }
    double a2 = 0;
    for (int k = 0; k < np; k++) a2 += A[k] * A[k] / np;
    plt_moment *v[3] = {&r->loss_var, &r->grad_first, &r->grad_mean};
    const double cap[3] = {C * C, np ? A[0] * A[0] * C * C : 0, a2 * C * C};
    for (int j = 0; j < 3; j++) {
        v[j]->hi = fmin(v[j]->hi, cap[j]);
        v[j]->lo = fmin(v[j]->lo, v[j]->hi);
        v[j]->value = fmin(fmax(v[j]->value, v[j]->lo), v[j]->hi);
    }
    free(A);
}

plt_status plt_moments_run(const plt_model *m, const plt_moments_opts *o,
                           plt_moments_result *r) {
    if (!r) return plt_fail(PLT_EINVAL, "plt_moments_run: out is NULL");
    memset(r, 0, sizeof *r);
    plt_status st = validate(m, o);
    if (st != PLT_OK) return st;
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c), np = plt_circuit_nparams(c);
    double items = 0, secs = 0, bytes = 0;
    int counted = 0;
    r->level = 1;
    mom_state *ms = NULL;
    first_moments f = {0};
    f.g = calloc((size_t)np + 1, sizeof *f.g);
    f.gd = calloc((size_t)np + 1, sizeof *f.gd);
    if (!f.g || !f.gd) {
        st = plt_fail_nomem("the gradient means");
        goto done;
    }
    st = mom_state_new(m->state, n, &ms);
    if (st != PLT_OK) goto done;
    if (o->max_seconds > 0) {
        st = predict(m, o, ms, &items, &secs, &bytes, &counted);
        if (st != PLT_OK) goto done;
    }
    r->predicted_seconds = secs;
    r->bytes = bytes;
    double fb = 0;
    st = run_first(m, o, ms, &f, &fb);
    int first_failed = 0;
    if (st == PLT_ETOOBIG && o->allow_sampling) {
        /* Not even the first moments fit: |E[L]| <= sum |c| and |E[dL/dp_k]| <= A_k sum |c|
         * (A_k = sum |a| over its rotations) are the intervals the variances are built on. */
        double C = 0, re;
        plt_pstring *p = NULL;
        st = plt_pstring_new(n, &p);
        for (size_t t = 0; st == PLT_OK && t < plt_psum_nterms(m->obs); t++)
            if ((st = plt_psum_term(m->obs, t, p, &re, NULL)) == PLT_OK) C += fabs(re);
        plt_pstring_free(p);
        if (st != PLT_OK) goto done;
        f.mean = 0;
        f.mean_drop = C;
        for (int k = 0; k < np; k++) f.g[k] = f.gd[k] = 0;
        for (size_t i = 0; i < plt_circuit_nops(c); i++) {
            const plt_op *op = plt_circuit_op(c, i);
            if (op->kind == PLT_OP_ROTATION && op->param >= 0) f.gd[op->param] += fabs(op->a) * C;
        }
        first_failed = 1;
    } else if (st != PLT_OK) {
        goto done;
    }
    const int too_slow = first_failed || (o->max_seconds > 0 && secs > o->max_seconds);
    const int user_cut = o->max_weight || o->max_strings || o->min_abs > 0;
    /* The counted work the pair chain may do (the prediction extrapolates; the count holds
     * the run to max-seconds). Without a cut of the caller's and unless the trial counted the
     * whole chain, an exact attempt gets three quarters; the rest goes to chains cut at
     * |weight| thresholds and to sampled paths. */
    const double budget = o->max_seconds > 0 ? o->max_seconds * plt_rate(PLT_RATE_PP_TERM_OP) / 1.5
                                             : 0;
    double used = 0;
    mom_chain_out out = {0}, best = {0};
    int have = 0;
    double best_min_abs = 0;
    if (!too_slow) {
        mom_chain_in in = pair_in(m, o, o->min_abs);
        /* A prediction the trial counted in full fits for certain; an extrapolated one may
         * not, and then the cut chains need the rest. */
        if (budget > 0) in.max_work = user_cut || counted ? budget : 0.75 * budget;
        st = mom_chain_run(&in, ms, &out);
        if (st != PLT_OK && st != PLT_ETOOBIG) goto done;
        if (st == PLT_ETOOBIG && !o->allow_sampling) goto done;
        used += out.work;
        have = st == PLT_OK && !out.stopped && !out.mem_truncated;
        if (have) {
            best = out;
            best_min_abs = o->min_abs;
        }
        st = PLT_OK;
    }
    if (!have && !user_cut && budget > MOM_CUT_MIN_WORK) {
        /* Chains cut at |weight| thresholds, coarse first (cheap), finer while the work left
         * allows: each dropped item moves the sums by at most its |weight|, so every finished
         * one is a rigorous interval; the narrowest is kept. */
        double prev = INFINITY;
        /* After an exact attempt that stopped (3/4 of the budget), a quarter is left; when the
         * prediction sent the chain straight here, three quarters. */
        const double cut_budget = used > 0 ? budget : 0.75 * budget;
        for (double tau = 1e-3; tau >= 1e-13 && used < cut_budget; tau *= 1e-2) {
            mom_chain_in in = pair_in(m, o, tau);
            in.max_work = cut_budget - used;
            st = mom_chain_run(&in, ms, &out);
            if (st != PLT_OK && st != PLT_ETOOBIG) goto done;
            used += out.work;
            st = PLT_OK;
            if (out.stopped) break;
            if (!have || width_of(&out) <= width_of(&best)) {
                best = out;
                best_min_abs = tau;
                have = 1;
            }
            /* Done when nothing is left to gain, or when a 100-fold finer cut did not halve
             * the width (the mass is spread: sampled paths do better, and get the rest). */
            if (out.dropped[0] <= 1e-14 || width_of(&out) > 0.5 * prev) break;
            prev = width_of(&out);
        }
    }
    /* Sampled paths when no chain finished, or when their interval would be narrower than
     * the cut chain's (a path's value lies in a range of a few units; Hoeffding's width). */
    const size_t paths = budget > 0 ? (size_t)fmax(2, (double)o->paths *
                                                          fmin(1, fmax(0.1, 1 - used / budget)))
                                    : o->paths;
    const double hoeff = 2 * sqrt(log(4 / (1 - o->level)) / (2.0 * (double)paths));
    const int sample = o->allow_sampling && (!have || (!user_cut && width_of(&best) > 2 * hoeff));
    if (!have && !sample) {
        st = plt_fail(PLT_ETOOBIG,
                      too_slow ? "the moment chain is predicted to take %.3g s, over max-seconds "
                                 "%.3g, and sampling is off"
                               : "the moment chain passed max-seconds %.3g of counted work and "
                                 "sampling is off",
                      too_slow ? secs : o->max_seconds, o->max_seconds);
        goto done;
    }
    if (sample) {
        plt_moment l2, gs, g0;
        st = mom_paths_run(c, m->obs, &o->dist, ms, paths, o->level, o->seed, &l2, &gs, &g0);
        if (st != PLT_OK) goto done;
        fill(r, m, &f, l2.value, l2.lo, l2.hi, gs.value * np, gs.lo * np, gs.hi * np, g0.value,
             g0.lo, g0.hi);
        clamp_trivial(r, m);
        r->certified = PLT_MOMENTS_SAMPLED;
        r->level = o->level;
        r->paths = paths;
        r->dropped = f.mean_drop;
        snprintf(r->note, sizeof r->note,
                 "sampled %zu Pauli paths a moment at level %g (%s)", paths, o->level,
                 first_failed ? "not even the first-moment chain fits in memory"
                 : have       ? "narrower than the chain cut at |weight| thresholds"
                 : too_slow   ? "the exact chain's predicted time is over max-seconds"
                              : "the pair chain did not fit the work or memory allowed");
        goto done;
    }
    fill(r, m, &f, best.value[0], best.value[0] - best.dropped[0], best.value[0] + best.dropped[0],
         best.value[1], best.value[1] - best.dropped[1], best.value[1] + best.dropped[1],
         best.value[2], best.value[2] - best.dropped[2], best.value[2] + best.dropped[2]);
    clamp_trivial(r, m);
    double gdrop = 0;
    for (int k = 0; k < np; k++) gdrop += f.gd[k];
    r->dropped = best.dropped_mass + f.mean_drop + gdrop;
    r->certified = r->dropped > 0 ? PLT_MOMENTS_BOUNDS : PLT_MOMENTS_EXACT;
    r->strings = best.max_items;
    r->bytes = fmax(best.bytes, fb);
    /* What the runs did, counted (the first-moment chain's share at half the pair chains'). */
    r->predicted_seconds = 1.5 * used / plt_rate(PLT_RATE_PP_TERM_OP);
    if (r->certified == PLT_MOMENTS_EXACT)
        snprintf(r->note, sizeof r->note, "exact chain of at most %zu pairs", best.max_items);
    else if (best_min_abs > 0 && !o->max_weight && !o->max_strings)
        snprintf(r->note, sizeof r->note,
                 "chain cut at |weight| < %.3g: at most %zu pairs held, |weight| %.3g dropped",
                 best_min_abs, best.max_items, best.dropped_mass);
    else
        snprintf(r->note, sizeof r->note,
                 "chain truncated (%s): at most %zu pairs held, |weight| %.3g dropped",
                 o->max_weight ? "by weight" : "by size", best.max_items, best.dropped_mass);
done:
    mom_state_free(ms);
    free(f.g);
    free(f.gd);
    return st;
}

plt_status plt_moments_truncation_mse(const plt_model *m, const plt_moments_opts *o,
                                      int max_weight, double *mse, double *mse_hi,
                                      double *work_seconds) {
    if (!mse || !mse_hi) return plt_fail(PLT_EINVAL, "plt_moments_truncation_mse: NULL output");
    *mse = *mse_hi = NAN;
    if (work_seconds) *work_seconds = 0;
    plt_status st = validate(m, o);
    if (st != PLT_OK) return st;
    if (max_weight < 1)
        return plt_fail(PLT_EINVAL, "the truncation's max-weight is %d; give one >= 1",
                        max_weight);
    mom_state *ms = NULL;
    st = mom_state_new(m->state, plt_circuit_nqubits(m->circuit), &ms);
    if (st != PLT_OK) return st;
    mom_chain_in in = {.c = m->circuit, .obs = m->obs, .dist = &o->dist, .mode = MOM_MSE,
                       .max_weight = max_weight, .max_items = o->max_strings,
                       .min_abs = o->min_abs,
                       .max_memory = mem_limit(o), .progress_fn = o->progress_fn,
                       .progress_ctx = o->progress_ctx};
    if (o->max_seconds > 0) in.max_work = o->max_seconds * plt_rate(PLT_RATE_PP_TERM_OP) / 1.5;
    mom_chain_out out = {0};
    st = mom_chain_run(&in, ms, &out);
    mom_state_free(ms);
    if (work_seconds) *work_seconds = 1.5 * out.work / plt_rate(PLT_RATE_PP_TERM_OP);
    if (st != PLT_OK) return st;
    if (out.stopped)
        return plt_fail(PLT_ETOOBIG, "the truncation's moment chain did not finish within "
                        "max-seconds %.3g of counted work (%zu of %zu ops left)",
                        o->max_seconds, out.ops_left, plt_circuit_nops(m->circuit));
    /* The (marked, marked) mass is E[(L - L_trunc)^2] exactly; items dropped to fit move it
     * by at most their |weight|. */
    *mse_hi = out.value[0] + out.dropped[0];
    *mse = fmin(fmax(out.value[0], 0), *mse_hi);
    return PLT_OK;
}
