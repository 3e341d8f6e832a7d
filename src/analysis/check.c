/* The verdict: routes by predicted cost, errors certified or not claimed, a cross-check that
 * binds. Nothing here reads a stopwatch to decide; the clock only reports wall time and arms
 * the guard that stops a run whose prediction was badly off. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/check_data.h"
#include "core/error.h"
#include "core/text.h"
#include "engines/engine_ops.h"
#include "plateau/clock.h"
#include "plateau/verdict.h"

/* Agreement a cross-check asks beyond a route's own bound, relative to max(1, |reference|):
 * rounding of exact engines stays far below it (they agree to 1e-12 in the tests). */
#define CHECK_AGREE 1e-8
/* Share of an engine's budget left that one ladder step may take, so that later steps and
 * the cross-check still fit. */
#define CHECK_STEP_SHARE 0.5
/* Predicted cost is planned against the budget over this margin, so that a machine busy with
 * other work (two busy loops on two cores halve the speed, a parallel test run halves it
 * again) or a prediction off by as much still ends within the budget, and the wall-clock guard, which would make the verdict depend
 * on the load, does not fire. */
#define CHECK_MARGIN 4.0

const char *plt_certified_name(plt_certified c) {
    switch (c) {
    case PLT_CERT_EXACT: return "exact";
    case PLT_CERT_WORST_CASE: return "worst-case bound";
    case PLT_CERT_AVERAGE_CASE: return "average-case bound";
    case PLT_CERT_STATISTICAL: return "statistical interval";
    default: return "none";
    }
}

const char *plt_verdict_status(const plt_verdict *v) {
    if (!v) return "no route";
    if (v->simulable) return "simulable";
    if (v->cross_failed) return "cross-check failed";
    if (v->route_found) return "not certified";
    return "no route";
}


#define SEP(buf) ((buf)[0] ? "; " : "")

/* 1 when name is one of the comma-separated words of list. */
static int skipped(const char *list, const char *name) {
    size_t len = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t w = e ? (size_t)(e - p) : strlen(p);
        if (w == len && strncmp(p, name, len) == 0) return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

void plt_check_opts_init(plt_check_opts *o) {
    memset(o, 0, sizeof *o);
    o->tolerance = 1e-3;
    o->budget_seconds = 60;
    o->max_terms = 2000000;
    o->average_dist.kind = PLT_DIST_UNIFORM;
    o->average_dist.width = M_PI;
}

plt_status plt_verdict_pick_exact(const plt_model *m, const plt_opts *o, double max_seconds,
                                  char *name, size_t cap, plt_cost *cost) {
    if (!m || !name || cap == 0 || !cost)
        return plt_fail(PLT_EINVAL, "pick engine: NULL model or output");
    name[0] = 0;
    char why[4096] = "";
    double best = INFINITY;
    plt_cost bc = {0};
    for (size_t i = 0; i < plt_engine_count(); i++) {
        const char *en = plt_engine_name(i);
        plt_cost c;
        plt_error_clear();
        plt_status st = plt_engine_estimate(en, m, o, &c);
        if (st == PLT_EINVAL) return st; /* the model itself is wrong */
        if (st) {
            plt_text_append(why, sizeof why, "%s%s: %s", SEP(why), en, plt_error_last()->message);
            continue;
        }
        if (c.exactness != PLT_EXACT) {
            plt_text_append(why, sizeof why, "%s%s: not exact here", SEP(why), en);
            continue;
        }
        if (max_seconds > 0 && c.seconds > max_seconds) {
            plt_text_append(why, sizeof why, "%s%s: predicted %.3g s > %.3g s", SEP(why), en, c.seconds,
                   max_seconds);
            continue;
        }
        if (c.seconds < best) {
            best = c.seconds;
            bc = c;
            snprintf(name, cap, "%s", en);
        }
    }
    if (!name[0])
        return plt_fail(PLT_EUNSUPPORTED, "no exact engine applies within the limits (%s)",
                        plt_engine_count() ? why : "no engine is registered");
    *cost = bc;
    return PLT_OK;
}

/* ---------- one check's state ---------- */

/* The wall-clock guard chained after the caller's progress callback. */
typedef struct check_guard {
    double deadline;
    plt_progress_fn user;
    void *user_ctx;
    int tripped, user_stopped;
} check_guard;

static int guard_report(void *ctx, const plt_progress *p) {
    check_guard *g = ctx;
    if (g->user && g->user(g->user_ctx, p)) return g->user_stopped = 1;
    if (plt_clock_seconds() > g->deadline) return g->tripped = 1;
    return 0;
}

typedef struct check_ctx {
    const plt_model *m;
    const double *params;
    const plt_model *red; /* the reduced instance, or NULL */
    const double *red_params;
    plt_check_opts co;
    check_guard guard;
    double left;          /* predicted seconds of the budget not yet spent */
    double t0;
    plt_verdict *v;
} check_ctx;

static int stopped(const check_ctx *cx) { return cx->guard.tripped || cx->guard.user_stopped; }

/* Options for an estimate: estimates are bounded by work counts (never a clock), so the
 * wall-clock guard does not cut them: a busy machine must not turn an engine's "applies" into
 * "interrupted". Only the caller's callback sees their progress. */
static void estimate_opts(check_ctx *cx, plt_opts *o);

static void engine_opts(check_ctx *cx, plt_opts *o) {
    plt_opts_init(o);
    /* A verdict evaluates losses, never gradients: estimates price a loss. */
    o->losses_only = 1;
    o->max_memory = cx->co.max_memory;
    o->threads = cx->co.threads;
    o->settings = cx->co.settings;
    o->noise = cx->co.noise;
    o->dephasing = cx->co.dephasing;
    o->progress_fn = guard_report;
    o->progress_ctx = &cx->guard;
}

static void estimate_opts(check_ctx *cx, plt_opts *o) {
    engine_opts(cx, o);
    o->progress_fn = cx->co.progress_fn;
    o->progress_ctx = cx->co.progress_ctx;
}

/* Charges a predicted cost to the budget. */
static void spend(check_ctx *cx, double predicted) {
    cx->left -= predicted;
    cx->v->predicted_total += predicted;
}

/* Once a run charged `predicted` is done, the budget keeps the difference to the predicted
 * cost of the work it did (counted by the engine, the same on every machine): a truncated
 * propagation is sized for its term cap but usually holds far fewer terms. */
static void settle(check_ctx *cx, double predicted, const plt_stats *st) {
    if (!(st->work_seconds > 0) || st->work_seconds >= predicted) return;
    cx->left += predicted - st->work_seconds;
    cx->v->predicted_total -= predicted - st->work_seconds;
}

/* Plans and runs one engine; *seconds is the wall time of plan + loss (reported only). */
static plt_status run_engine(check_ctx *cx, const char *name, const plt_model *m,
                             const plt_opts *o, const double *params, double *value,
                             double *seconds, plt_stats *stats) {
    plt_engine *e = NULL;
    double t0 = plt_clock_seconds();
    plt_error_clear();
    plt_status st = plt_engine_plan(name, m, o, &e);
    if (!st) st = plt_engine_loss(e, params, value, NULL);
    *seconds = plt_clock_seconds() - t0;
    if (stats) {
        memset(stats, 0, sizeof *stats);
        if (!st) plt_engine_stats(e, stats);
    }
    plt_engine_free(e);
    if (st == PLT_EINTERRUPTED && cx->guard.tripped) {
        cx->v->guard_stopped = 1;
        return plt_fail(st, "%s was stopped by the wall-clock guard after %.3g s (the budget is "
                        "%.3g s): its predicted cost was off; the verdict stops here",
                        name, plt_clock_seconds() - cx->t0, cx->co.budget_seconds);
    }
    return st;
}

/* ---------- cross-checks ---------- */

typedef enum { CROSS_PASSED, CROSS_FAILED, CROSS_NOT_RUN } cross_result;

/* The first registered exact engine other than `route` that applies to model r within the
 * budget left: the reference of a cross-check (registry order puts the plainest first). */
static int pick_reference(check_ctx *cx, const plt_model *r, const char *route, char *name,
                          size_t cap, double *predicted, char *why, size_t why_cap) {
    plt_opts o;
    estimate_opts(cx, &o);
    for (size_t i = 0; i < plt_engine_count(); i++) {
        const char *en = plt_engine_name(i);
        if (strcmp(en, route) == 0 || skipped(cx->co.skip, en)) continue;
        plt_cost c;
        plt_error_clear();
        if (plt_engine_estimate(en, r, &o, &c) || c.exactness != PLT_EXACT) continue;
        if (c.seconds > cx->left) {
            plt_text_append(why, why_cap, "%s%s would take a predicted %.3g s, over the %.3g s left",
                   SEP(why), en, c.seconds, cx->left > 0 ? cx->left : 0);
            continue;
        }
        snprintf(name, cap, "%s", en);
        *predicted = c.seconds;
        return 1;
    }
    return 0;
}

/* Runs reference `ref` on model r and compares with the route's value `val` there, whose own
 * error bound is `bound`. */
static cross_result compare(check_ctx *cx, const char *ref, double ref_cost, const plt_model *r,
                            const double *rp, const char *what, double val, double bound) {
    plt_verdict *v = cx->v;
    plt_opts o;
    engine_opts(cx, &o);
    double refv, sec;
    spend(cx, ref_cost);
    if (run_engine(cx, ref, r, &o, rp, &refv, &sec, NULL)) {
        snprintf(v->cross_note, sizeof v->cross_note, "not cross-checked: the reference %s on %s "
                 "failed: %s", ref, what, plt_error_last()->message);
        return CROSS_NOT_RUN;
    }
    double allowed = fmax(bound, CHECK_AGREE * fmax(1, fabs(refv)));
    v->cross_checked = 1;
    v->cross_value = val;
    v->cross_reference = refv;
    v->cross_error = fabs(val - refv);
    snprintf(v->cross_reference_engine, sizeof v->cross_reference_engine, "%s", ref);
    int ok = v->cross_error <= allowed;
    v->cross_passed = ok;
    snprintf(v->cross_note, sizeof v->cross_note, "%s %s (%s) vs %s on %s: |%.12g - %.12g| = "
             "%.2g %s %.2g", ok ? "passed:" : "FAILED:", v->engine, v->setting, ref, what, val,
             refv, v->cross_error, ok ? "<=" : ">", allowed);
    return ok ? CROSS_PASSED : CROSS_FAILED;
}

/* Cross-checks the route v->engine with engine options o: on the reduced instance against an
 * independent exact engine, else against a second exact route on the model itself. `full_value`
 * and `full_bound` are the route's result on the model. */
static cross_result cross_check(check_ctx *cx, const plt_opts *o, double full_value,
                                double full_bound) {
    plt_verdict *v = cx->v;
    char ref[32], why[600] = "";
    double ref_cost = 0;
    v->cross_checked = v->cross_passed = 0;
    if (stopped(cx)) {
        snprintf(v->cross_note, sizeof v->cross_note, "not cross-checked: the check was stopped");
        return CROSS_NOT_RUN;
    }
    if (cx->red && cx->red->circuit && cx->red->obs) {
        int rn = plt_circuit_nqubits(cx->red->circuit);
        char what[64];
        snprintf(what, sizeof what, "the %d-qubit reduced instance", rn);
        if (pick_reference(cx, cx->red, v->engine, ref, sizeof ref, &ref_cost, why, sizeof why)) {
            v->cross_n = rn;
            if (cx->red == cx->m)
                return compare(cx, ref, ref_cost, cx->m, cx->params, "the model itself",
                               full_value, full_bound);
            plt_cost rc;
            plt_error_clear();
            if (plt_engine_estimate(v->engine, cx->red, o, &rc) == PLT_OK &&
                rc.seconds + ref_cost <= cx->left) {
                double val, sec;
                plt_stats st;
                spend(cx, rc.seconds);
                if (run_engine(cx, v->engine, cx->red, o, cx->red_params, &val, &sec, &st) ==
                    PLT_OK) {
                    double bound = v->exact ? 0 : st.dropped_l1;
                    return compare(cx, ref, ref_cost, cx->red, cx->red_params, what, val, bound);
                }
                plt_text_append(why, sizeof why, "%s%s on %s: %s", SEP(why), v->engine, what,
                       plt_error_last()->message);
            } else {
                plt_text_append(why, sizeof why, "%s%s on %s does not apply within the budget left",
                       SEP(why), v->engine, what);
            }
        } else if (!why[0]) {
            plt_text_append(why, sizeof why, "no other exact engine applies to %s", what);
        }
    } else {
        plt_text_append(why, sizeof why, "no reduced instance");
    }
    /* A second exact route on the model itself. */
    if (pick_reference(cx, cx->m, v->engine, ref, sizeof ref, &ref_cost, why, sizeof why)) {
        v->cross_n = plt_circuit_nqubits(cx->m->circuit);
        return compare(cx, ref, ref_cost, cx->m, cx->params, "the model itself (a second route)",
                       full_value, full_bound);
    }
    snprintf(v->cross_note, sizeof v->cross_note, "not cross-checked: %s; and no second exact "
             "route on the model fits the budget", why);
    return CROSS_NOT_RUN;
}

/* ---------- exact routes ---------- */

/* Why an engine that does not model noise is no route for a noisy model. */
static void noise_refusal(char *buf, size_t cap, const plt_opts *o) {
    snprintf(buf, cap, "does not model noise: the model has depolarising noise %g and dephasing "
             "%g per qubit per op; engines that model it:", o->noise, o->dephasing);
    for (size_t i = 0; plt_engine_ops_at(i); i++)
        if (plt_engine_ops_at(i)->models_noise)
            plt_text_append(buf, cap, " %s", plt_engine_ops_at(i)->name);
}

static void estimate_routes(check_ctx *cx) {
    plt_verdict *v = cx->v;
    plt_opts o;
    estimate_opts(cx, &o);
    for (size_t i = 0; i < plt_engine_count() && v->nroutes < PLT_CHECK_MAX_ROUTES; i++) {
        plt_route *r = &v->routes[v->nroutes++];
        snprintf(r->engine, sizeof r->engine, "%s", plt_engine_name(i));
        if (skipped(cx->co.skip, r->engine)) {
            snprintf(r->reason, sizeof r->reason, "not asked (skipped by request)");
            continue;
        }
        const plt_engine_ops *ops = plt_engine_ops_find(r->engine);
        if (ops && !ops->models_noise && (o.noise > 0 || o.dephasing > 0)) {
            /* engine.c refuses it too; here the reason names the engines that would do. */
            noise_refusal(r->reason, sizeof r->reason, &o);
            continue;
        }
        plt_error_clear();
        plt_status st = plt_engine_estimate(r->engine, cx->m, &o, &r->cost);
        if (st) {
            r->reason[0] = 0;
            plt_text_append(r->reason, sizeof r->reason, "%s", plt_error_last()->message);
            continue;
        }
        r->applies = 1;
        r->within_budget = r->cost.seconds <= cx->co.budget_seconds;
        if (!r->within_budget)
            snprintf(r->reason, sizeof r->reason, "predicted %.3g s exceeds the budget of %.3g s",
                     r->cost.seconds, cx->co.budget_seconds);
    }
}

/* Keeps the verdict's record of a route that ran. */
static void take_route(plt_verdict *v, const char *engine, const char *setting, int exact,
                       double value, double bound, double seconds, double bytes) {
    v->route_found = 1;
    snprintf(v->engine, sizeof v->engine, "%s", engine);
    snprintf(v->setting, sizeof v->setting, "%s", setting);
    v->exact = exact;
    v->value = value;
    v->error_bound = bound;
    v->seconds = seconds;
    v->bytes = bytes;
}

/* Runs exact routes cheapest first (by prediction; registry order breaks ties). Returns 1 when
 * one was certified and cross-checked. */
static int try_exact(check_ctx *cx) {
    plt_verdict *v = cx->v;
    int tried[PLT_CHECK_MAX_ROUTES] = {0};
    for (;;) {
        if (stopped(cx)) return 0;
        plt_route *best = NULL;
        size_t bi = 0;
        for (size_t i = 0; i < v->nroutes; i++) {
            plt_route *r = &v->routes[i];
            if (tried[i] || !r->applies || r->cost.exactness != PLT_EXACT) continue;
            if (r->cost.seconds > cx->left) {
                if (r->within_budget)
                    snprintf(r->reason, sizeof r->reason, "predicted %.3g s exceeds the %.3g s "
                             "of the budget left", r->cost.seconds, cx->left);
                continue;
            }
            if (!best || r->cost.seconds < best->cost.seconds) best = r, bi = i;
        }
        if (!best) return 0;
        tried[bi] = 1;
        plt_opts o;
        engine_opts(cx, &o);
        double val, sec;
        spend(cx, best->cost.seconds);
        if (run_engine(cx, best->engine, cx->m, &o, cx->params, &val, &sec, NULL)) {
            best->reason[0] = 0;
            plt_text_append(best->reason, sizeof best->reason, "ran and failed: %s",
                   plt_error_last()->message);
            continue;
        }
        take_route(v, best->engine, "exact", 1, val, 0, sec, best->cost.bytes);
        v->certified = PLT_CERT_EXACT;
        v->error = 0;
        cross_result cr = cross_check(cx, &o, val, 0);
        if (cr == CROSS_PASSED) {
            snprintf(best->reason, sizeof best->reason, "chosen: the cheapest exact route that "
                     "passed its cross-check");
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s is exact here and the cheapest such "
                   "route (predicted %.3g s, %.3g bytes); cross-check %s", SEP(v->reasons),
                   best->engine, best->cost.seconds, best->cost.bytes, v->cross_note);
            return 1;
        }
        if (cr == CROSS_FAILED) {
            v->cross_failed = 1;
            best->reason[0] = 0;
            plt_text_append(best->reason, sizeof best->reason, "ran, but its cross-check failed (%s)",
                   v->cross_note);
            plt_text_append(v->reasons, sizeof v->reasons, "%scross-check failed for %s: %s",
                   SEP(v->reasons), best->engine, v->cross_note);
            v->route_found = 0;
            continue;
        }
        snprintf(best->reason, sizeof best->reason, "ran (exact) but %s", v->cross_note);
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s ran exactly, but the value is %s",
               SEP(v->reasons), best->engine, v->cross_note);
        return 0;
    }
}

/* ---------- the approximation ladders ---------- */

/* Reads "name=value name=value" (plt_settings_format's text) back into s. */
static plt_status ladder_settings(const char *text, plt_settings *s) {
    char buf[96];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(t, '=');
        if (!eq) return plt_fail(PLT_EINVAL, "ladder setting '%s' has no value", t);
        *eq = 0;
        plt_status st = plt_settings_set(s, t, strtod(eq + 1, NULL));
        if (st) return st;
    }
    return PLT_OK;
}

/* Walks one approximate engine's ladder within `share` predicted seconds. Each step is sized
 * by the engine to take at most half of what is left of the share; every step's run reports a
 * rigorous error bound. Returns 1 when a step is certified within the tolerance and
 * cross-checked; sets *best to the index (in v->ladder) of this engine's step with the
 * tightest bound, or leaves it. */
static int walk_ladder(check_ctx *cx, const plt_engine_ops *ops, double share, size_t *best) {
    plt_verdict *v = cx->v;
    const double tol = cx->co.tolerance;
    const double end = cx->left - share; /* what must be left when this engine is done */
    size_t first = v->nladder;
    plt_settings *s = NULL;
    if (plt_settings_clone(cx->co.settings, &s)) return 0;
    int done = 0;
    for (size_t k = 0; v->nladder < PLT_CHECK_MAX_LADDER && !stopped(cx); k++) {
        double allowance = CHECK_STEP_SHARE * (cx->left - end);
        plt_opts o;
        engine_opts(cx, &o);
        plt_cost c;
        plt_error_clear();
        if (ops->ladder(cx->m, &o, k, allowance, s, &c)) {
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s's ladder stops before step %zu: %s",
                   SEP(v->reasons), ops->name, k + 1, plt_error_last()->message);
            break;
        }
        o.settings = s;
        plt_trunc_step *st = &v->ladder[v->nladder];
        plt_stats stats;
        double val = 0, sec = 0;
        spend(cx, c.seconds);
        if (run_engine(cx, ops->name, cx->m, &o, cx->params, &val, &sec, &stats)) {
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s at step %zu: %s", SEP(v->reasons),
                   ops->name, k + 1, plt_error_last()->message);
            break;
        }
        settle(cx, c.seconds, &stats);
        memset(st, 0, sizeof *st);
        snprintf(st->engine, sizeof st->engine, "%s", ops->name);
        st->step = (int)k;
        plt_settings_format(s, st->setting, sizeof st->setting);
        st->value = val;
        st->bound = stats.error_bound;
        st->seconds = sec;
        st->predicted_seconds = c.seconds;
        st->truncated_weight = stats.truncated_weight;
        st->terms = stats.max_terms;
        st->change = v->nladder > first ? fabs(val - v->ladder[v->nladder - 1].value) : NAN;
        v->nladder++;
        if (*best == (size_t)-1 || st->bound < v->ladder[*best].bound) *best = v->nladder - 1;
        if (st->bound > tol) continue;
        take_route(v, ops->name, st->setting, 0, val, st->bound, sec, c.bytes);
        v->certified = PLT_CERT_WORST_CASE;
        v->error = st->bound;
        cross_result cr = cross_check(cx, &o, val, st->bound);
        if (cr == CROSS_PASSED) {
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s at %s is certified: its rigorous error "
                   "bound %.2g <= %.2g; cross-check %s", SEP(v->reasons), ops->name, st->setting,
                   st->bound, tol, v->cross_note);
            done = 1;
        } else if (cr == CROSS_FAILED) {
            v->cross_failed = 1;
            v->route_found = 0;
            plt_text_append(v->reasons, sizeof v->reasons, "%scross-check failed for %s at %s (a bound "
                   "that does not hold is a bug: please report it): %s", SEP(v->reasons),
                   ops->name, st->setting, v->cross_note);
        } else {
            plt_text_append(v->reasons, sizeof v->reasons, "%s%s at %s is certified (bound %.2g) but %s",
                   SEP(v->reasons), ops->name, st->setting, st->bound, v->cross_note);
            done = -1;
        }
        break;
    }
    plt_settings_free(s);
    return done;
}

/* The distribution as text: "uniform on [-3.14, 3.14]", "normal with sigma 0.1". */
static void dist_text(char *buf, size_t cap, const plt_param_dist *d) {
    if (d->kind == PLT_DIST_NORMAL) snprintf(buf, cap, "normal with sigma %.3g", d->width);
    else snprintf(buf, cap, "uniform on [-%.3g, %.3g]", d->width, d->width);
}

/* The perspective's average-case notion when no step is certified worst-case: the weight
 * truncation of step s (its max-weight alone, no coefficient or term cut, so that the dropped
 * part is exactly what moment propagation marks) has a root-mean-square error over the
 * parameter distribution of at most sqrt(mse_hi) (plt_moments_truncation_mse: exact for
 * full-period angles, an upper bound otherwise); within the tolerance, that route is
 * certified on average. Both runs are held to the budget by their counted work and charged
 * it. Returns 1 certified and cross-checked, -1 certified but not cross-checkable (reported
 * as found), 0 no average-case certificate (the reasons say why; *stop when a heavier cap
 * cannot do better: the method does not apply, or the budget ran out). */
#define CHECK_AVERAGE_MIN_ABS 1e-12

static int try_average(check_ctx *cx, const char *engine, int K, int *stop) {
    plt_verdict *v = cx->v;
    const double tol = cx->co.tolerance;
    char dist[64];
    dist_text(dist, sizeof dist, &cx->co.average_dist);
    plt_moments_opts mo;
    plt_moments_opts_init(&mo);
    mo.dist = cx->co.average_dist;
    mo.max_memory = cx->co.max_memory;
    mo.threads = cx->co.threads;
    mo.allow_sampling = 0; /* a certificate, not an estimate */
    mo.max_weight = K;     /* priced as the chain it runs: truncated at K, the rest marked */
    /* Pairs lighter than this are dropped with their |weight| added to the bound: a certified
     * average needs mse_hi <= tol^2, to which 1e-12 per pair adds little (small angles: a
     * pair with k sine branches weighs (eps^2/3)^k, and the chain stays small). */
    mo.min_abs = CHECK_AVERAGE_MIN_ABS;
    mo.progress_fn = guard_report;
    mo.progress_ctx = &cx->guard;
    /* plt_moments_estimate's prediction extrapolates past a short trial (4-fold growth of
     * the chain), far off for chains that barely grow (small angles), so none is made: the
     * run is held to half the budget left by its counted work and charged that count, and
     * says itself when the method does not apply. */
    const double share = 0.5 * cx->left;
    if (!(share > 0)) {
        *stop = 1;
        plt_text_append(v->reasons, sizeof v->reasons, "%sno average-case certificate: no "
                        "budget left for moment propagation", SEP(v->reasons));
        return 0;
    }
    mo.max_seconds = share;
    double mse = NAN, mse_hi = NAN, worked = 0;
    plt_error_clear();
    const plt_status mst = plt_moments_truncation_mse(cx->m, &mo, K, &mse, &mse_hi, &worked);
    spend(cx, fmin(worked, share)); /* the counted work done, never more than the share */
    if (mst) {
        *stop = 1; /* not applicable, or out of budget: a heavier cap fares no better */
        plt_text_append(v->reasons, sizeof v->reasons, "%sno average-case certificate: %s",
                        SEP(v->reasons), plt_error_last()->message);
        plt_error_clear();
        return 0;
    }
    const double rms = sqrt(fmax(mse_hi, 0));
    if (!(rms <= tol)) {
        plt_text_append(v->reasons, sizeof v->reasons, "%sno average-case certificate: the "
                        "root-mean-square error of %s truncated at max-weight %d over parameters "
                        "%s is up to %.2g > %.2g", SEP(v->reasons), engine, K, dist, rms,
                        tol);
        return 0;
    }
    /* The value of the weight truncation alone, the route the certificate is about. */
    plt_settings *set = NULL;
    plt_opts o;
    engine_opts(cx, &o);
    plt_cost c;
    int ok = !plt_settings_clone(cx->co.settings, &set) &&
             !plt_settings_set(set, "max-weight", K) && !plt_settings_set(set, "min-abs", 0) &&
             !plt_settings_set(set, "max-terms", 0) && !plt_settings_set(set, "max-freq", 0) &&
             !plt_settings_set(set, "small-angle", 0);
    o.settings = set;
    /* Held to the budget by its counted work: with the weight cap alone the estimate
     * extrapolates (hea-small-angle at 200 qubits, cap 3: 1.7e5 s predicted, 1 s run). */
    o.max_work_seconds = 0.9 * cx->left;
    plt_error_clear();
    /* The estimate says whether it applies; the work limit, not the extrapolation, holds the
     * run to the budget (it stops within one op of the limit, at the same op everywhere). */
    if (!ok || plt_engine_estimate(engine, cx->m, &o, &c) || !(cx->left > 0)) {
        char fit[96];
        snprintf(fit, sizeof fit, "(predicted %.3g s) does not fit the %.3g s left", c.seconds,
                 cx->left);
        *stop = 1;
        plt_text_append(v->reasons, sizeof v->reasons, "%sthe average-case error of %s at "
                        "max-weight %d is within the tolerance (rms <= %.2g over parameters %s), "
                        "but its run %s", SEP(v->reasons), engine, K, rms, dist,
                        ok && !plt_error_last()->code ? fit : plt_error_last()->message);
        plt_error_clear();
        plt_settings_free(set);
        return 0;
    }
    double val, sec;
    plt_stats stats;
    c.seconds = fmin(c.seconds, cx->left);
    spend(cx, c.seconds);
    if (run_engine(cx, engine, cx->m, &o, cx->params, &val, &sec, &stats)) {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s at max-weight %d: %s",
                        SEP(v->reasons), engine, K, plt_error_last()->message);
        plt_error_clear();
        plt_settings_free(set);
        return 0;
    }
    settle(cx, c.seconds, &stats);
    char setting[96];
    snprintf(setting, sizeof setting, "max-weight=%d", K);
    take_route(v, engine, setting, 0, val, stats.error_bound, sec, c.bytes);
    v->certified = PLT_CERT_AVERAGE_CASE;
    v->error = rms;
    int done;
    cross_result cr = cross_check(cx, &o, val, stats.error_bound);
    plt_settings_free(set);
    char what[512];
    snprintf(what, sizeof what, "%s at max-weight %d is certified on average over the "
             "parameters: over parameters drawn %s, its root-mean-square error is <= %.2g <= "
             "%.2g (moment propagation, mean squared error %.2g); this is an average over the "
             "parameter distribution (the perspective's average-case simulability), not a bound "
             "at these parameters, where the rigorous bound is %.2g", engine, K, dist, rms,
             tol, mse, stats.error_bound);
    if (cr == CROSS_PASSED) {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s; cross-check %s", SEP(v->reasons),
                        what, v->cross_note);
        done = 1;
    } else if (cr == CROSS_FAILED) {
        v->cross_failed = 1;
        v->route_found = 0;
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s; but its cross-check failed: %s",
                        SEP(v->reasons), what, v->cross_note);
        done = 0;
    } else {
        plt_text_append(v->reasons, sizeof v->reasons, "%s%s; but %s", SEP(v->reasons), what,
                        v->cross_note);
        done = -1;
    }
    return done;
}

/* Every approximate engine's ladder, each with an equal share of the budget left. Returns 1
 * when a step is certified and cross-checked. */
static int try_ladders(check_ctx *cx) {
    plt_verdict *v = cx->v;
    const plt_engine_ops *list[PLT_CHECK_MAX_ROUTES];
    size_t nl = 0;
    for (size_t i = 0; plt_engine_ops_at(i) && nl < PLT_CHECK_MAX_ROUTES; i++) {
        const plt_engine_ops *ops = plt_engine_ops_at(i);
        if (ops->ladder && !skipped(cx->co.skip, ops->name)) list[nl++] = ops;
    }
    if (!nl) {
        plt_text_append(v->reasons, sizeof v->reasons, "%sno approximate route: no engine with an "
               "approximation ladder is in this build or asked", SEP(v->reasons));
        return 0;
    }
    size_t best = (size_t)-1;
    for (size_t i = 0; i < nl && !stopped(cx); i++) {
        int r = walk_ladder(cx, list[i], cx->left / (double)(nl - i), &best);
        if (r > 0) return 1;
        if (r < 0) return 0; /* certified but not cross-checkable: reported as found */
    }
    if (best == (size_t)-1) return 0;
    /* The average-case certificate is about a weight truncation (the best step may be another
     * engine's, e.g. a bond dimension): the first cap certified wins, and a cap priced out of
     * the budget ends the search (heavier ones cost more). */
    size_t wstep = (size_t)-1;
    int kmax = 0;
    for (size_t k = 0; k < v->nladder; k++) {
        const char *w = strstr(v->ladder[k].setting, "max-weight=");
        const int K = w ? atoi(w + strlen("max-weight=")) : 0;
        if (K > kmax) kmax = K, wstep = k;
    }
    /* Every cap up to the heaviest the ladder used, lightest first: a run's cost climbs
     * steeply with the cap (hea-small-angle at 200 qubits: 0.03 s at 2, 1 s at 3, 50 s at 4),
     * the chain's barely. Only the last attempt's reason is kept. */
    const size_t mark = strlen(v->reasons);
    const int noisy = cx->co.noise > 0 || cx->co.dephasing > 0; /* moments are noiseless */
    for (int K = 1; K <= kmax && !noisy && !stopped(cx); K++) {
        v->reasons[mark] = '\0';
        int stop = 0;
        const int avg = try_average(cx, v->ladder[wstep].engine, K, &stop);
        if (avg > 0) return 1;
        if (avg < 0 || v->cross_failed) return 0;
        if (stop) break;
    }
    /* Nothing certified: report the step with the tightest bound, and beside it the
     * convergence of its engine's last two steps, an estimate only, never claimed while the
     * dropped part itself exceeds the tolerance. */
    const double tol = cx->co.tolerance;
    const plt_trunc_step *s = &v->ladder[best];
    const double trivial = plt_psum_one_norm(cx->m->obs);
    int converged = isfinite(s->change) && s->change <= tol && sqrt(s->truncated_weight) <= tol;
    if (!(s->bound < trivial) && !converged) {
        /* Any value in [-sum |c|, sum |c|] is within that of the loss, and the steps did not
         * settle on one: no route at all. */
        plt_text_append(v->reasons, sizeof v->reasons, "%sno route: the tightest rigorous bound, %.2g (%s "
               "at %s), is no better than the trivial |<O>| <= sum |c| = %.2g", SEP(v->reasons),
               s->bound, s->engine, s->setting, trivial);
        return 0;
    }
    take_route(v, s->engine, s->setting, 0, s->value, s->bound, s->seconds, 0);
    v->certified = PLT_CERT_NONE;
    v->error = converged ? s->change : NAN;
    plt_text_append(v->reasons, sizeof v->reasons, "%sroute found, error not certified: %s at %s gives "
           "%.6g; %s; its rigorous bound is %.2g > %.2g", SEP(v->reasons), s->engine, s->setting,
           s->value, converged ? "converged from the step before" : "not converged", s->bound,
           tol);
    if (converged)
        plt_text_append(v->reasons, sizeof v->reasons, " (estimated error %.2g)", s->change);
    plt_opts o;
    engine_opts(cx, &o);
    plt_settings *set = NULL;
    /* The cross-check at the same settings is evidence only; a disagreement beyond the bound
     * is still a failure. */
    if (!plt_settings_clone(cx->co.settings, &set) && !ladder_settings(s->setting, set)) {
        o.settings = set;
        if (cross_check(cx, &o, s->value, s->bound) == CROSS_FAILED) {
            v->cross_failed = 1;
            plt_text_append(v->reasons, sizeof v->reasons, "%scross-check failed: %s", SEP(v->reasons),
                   v->cross_note);
        }
    }
    plt_settings_free(set);
    return 0;
}

plt_status plt_check_run(const plt_model *m, const double *params, const plt_model *reduced,
                         const double *reduced_params, const plt_check_opts *o,
                         plt_verdict *out) {
    if (!m || !m->circuit || !m->obs || !out)
        return plt_fail(PLT_EINVAL, "check: NULL model or output");
    if (plt_circuit_nparams(m->circuit) > 0 && !params)
        return plt_fail(PLT_EINVAL, "check: the circuit has %d parameters but no values were "
                        "given", plt_circuit_nparams(m->circuit));
    check_ctx cx = {.m = m, .params = params, .red = reduced, .red_params = reduced_params};
    if (o)
        cx.co = *o;
    else
        plt_check_opts_init(&cx.co);
    if (!(cx.co.tolerance > 0) || !(cx.co.budget_seconds > 0))
        return plt_fail(PLT_EINVAL, "check: tolerance %g and budget %g s; both must be positive",
                        cx.co.tolerance, cx.co.budget_seconds);
    if (!(cx.co.noise >= 0 && cx.co.noise < 1) || !(cx.co.dephasing >= 0 && cx.co.dephasing <= 1))
        return plt_fail(PLT_EINVAL, "check: noise %g and dephasing %g; give probabilities, noise "
                        "in [0, 1) and dephasing in [0, 1]", cx.co.noise, cx.co.dephasing);
    if (reduced && plt_circuit_nparams(reduced->circuit) > 0 && !reduced_params)
        return plt_fail(PLT_EINVAL, "check: the reduced instance has %d parameters but no values "
                        "were given", plt_circuit_nparams(reduced->circuit));
    /* A model no engine may take is an error of the input, not a verdict. */
    plt_status hs = plt_psum_check_hermitian(m->obs);
    if (hs) return hs;
    memset(out, 0, sizeof *out);
    out->value = out->error = out->error_bound = NAN;
    out->cross_value = out->cross_reference = out->cross_error = NAN;
    out->noise = cx.co.noise;
    out->dephasing = cx.co.dephasing;
    out->data_halfwidth = out->interval_low = out->interval_high = NAN;
    cx.v = out;
    cx.t0 = plt_clock_seconds();
    cx.left = cx.co.budget_seconds / CHECK_MARGIN;
    cx.guard = (check_guard){cx.t0 + 1.1 * cx.co.budget_seconds + 1.5, cx.co.progress_fn,
                             cx.co.progress_ctx, 0, 0};

    estimate_routes(&cx);
    /* The guard counts from here: the estimates are bounded by work counts, and a busy machine
     * that slows them must not leave the runs less time than on an idle one. */
    cx.guard.deadline = plt_clock_seconds() + 1.1 * cx.co.budget_seconds + 1.5;
    int done = 0;
    if (check_is_data(m)) {
        /* Measured data: the value is an estimate whatever the engine; its own route. */
        plt_opts eo;
        engine_opts(&cx, &eo);
        done = check_data_route(m, params, &eo, cx.co.tolerance, &cx.left, out);
    } else {
        done = try_exact(&cx);
    }
    if (!done && !out->route_found && !out->from_data) {
        for (size_t i = 0; i < out->nroutes; i++) {
            const plt_route *r = &out->routes[i];
            plt_text_append(out->reasons, sizeof out->reasons, "%s%s: %s", SEP(out->reasons), r->engine,
                   r->reason[0] ? r->reason : "applies but is not exact");
        }
        done = try_ladders(&cx);
    }
    out->simulable = done;
    if (!out->route_found) {
        out->engine[0] = 0;
        out->setting[0] = 0;
        out->value = out->error = out->error_bound = NAN;
        out->certified = PLT_CERT_NONE;
    }
    if (stopped(&cx))
        plt_text_append(out->reasons, sizeof out->reasons, "%s%s", SEP(out->reasons),
               cx.guard.user_stopped ? "stopped by the caller"
                                     : "stopped by the wall-clock guard: a predicted cost was "
                                       "off (the verdict may differ on a faster machine)");
    out->total_seconds = plt_clock_seconds() - cx.t0;
    return PLT_OK;
}
