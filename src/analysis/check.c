/* The verdict: ask every engine, run the cheapest route that meets the tolerance,
 * estimate the error of truncated runs by convergence, cross-check at small n. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "plateau/verdict.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int engine_registered(const char *name) {
    for (size_t i = 0; i < plt_engine_count(); i++)
        if (strcmp(plt_engine_name(i), name) == 0) return 1;
    return 0;
}

/* Appends printf text to buf[0..cap); text that does not fit ends with "..." at a word. */
static void append(char *buf, size_t cap, const char *fmt, ...) PLT_PRINTF(3, 4);
static void append(char *buf, size_t cap, const char *fmt, ...) {
    size_t len = strlen(buf);
    if (len + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
    /* Cut: end at a word boundary with an ellipsis rather than mid-word. */
    if (w >= 0 && (size_t)w >= cap - len && cap - len > 8) {
        char *sp = strrchr(buf + len, ' ');
        char *end = sp && sp > buf + len ? sp : buf + cap - 4;
        snprintf(end, (size_t)(buf + cap - end), "...");
    }
}

/* Cap of the DLA dimension the Lie-algebraic engine is asked about. */
#define CHECK_MAX_DIM 4096

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
        if (st) {
            append(why, sizeof why, "%s%s: %s", why[0] ? "; " : "", en, plt_error_last()->message);
            continue;
        }
        if (c.exactness != PLT_EXACT) {
            append(why, sizeof why, "%s%s: not exact here", why[0] ? "; " : "", en);
            continue;
        }
        if (max_seconds > 0 && c.seconds > max_seconds) {
            append(why, sizeof why, "%s%s: predicted %.3g s > %.3g s", why[0] ? "; " : "", en,
                   c.seconds, max_seconds);
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

/* Plans and runs one engine; *seconds is the wall time of plan + loss. */
static plt_status run_engine(const char *name, const plt_model *m, const plt_opts *o,
                             const double *params, double *value, double *seconds,
                             plt_stats *stats) {
    plt_engine *e = NULL;
    double t0 = now();
    plt_status st = plt_engine_plan(name, m, o, &e);
    if (!st) st = plt_engine_loss(e, params, value, NULL);
    *seconds = now() - t0;
    if (stats) {
        memset(stats, 0, sizeof *stats);
        if (!st) plt_engine_stats(e, stats);
    }
    plt_engine_free(e);
    return st;
}

static double obs_norm2(const plt_psum *obs) {
    int n = plt_psum_nqubits(obs);
    plt_pstring *p = NULL;
    double s = 0;
    if (plt_pstring_new(n, &p)) return 1;
    for (size_t i = 0; i < plt_psum_nterms(obs); i++) {
        double re, im;
        if (plt_psum_term(obs, i, p, &re, &im)) break;
        s += re * re + im * im;
    }
    plt_pstring_free(p);
    return s > 0 ? s : 1;
}

/* The ladder: each step keeps more of the Heisenberg-evolved observable. */
static const struct {
    double min_abs;
    int max_weight;
} ladder[] = {
    {1e-2, 4}, {3e-3, 6}, {1e-3, 8}, {3e-4, 10}, {1e-4, 12},
    {3e-5, 14}, {1e-5, 16}, {3e-6, 20}, {1e-6, 24}, {1e-7, 32},
};

/* Runs pauliprop down the ladder until two successive values agree to the tolerance
 * and most of the observable was kept, or the budget runs out. */
static void run_ladder(const plt_model *m, const double *params, const plt_check_opts *co,
                       double deadline, plt_verdict *v) {
    plt_opts o;
    plt_opts_init(&o);
    o.max_memory = co->max_memory;
    o.threads = co->threads;
    o.max_terms = co->max_terms;
    double norm2 = obs_norm2(m->obs), last_seconds = 0, growth = 4;
    size_t nl = sizeof ladder / sizeof ladder[0];
    for (size_t k = 0; k < nl && k < PLT_CHECK_MAX_LADDER; k++) {
        double left = deadline - now();
        /* The next step's cost, extrapolated conservatively from the last two: time grows
         * at least like the terms held, and per term the cost grows too (longer strings,
         * more branching), so the ratios multiply. qcnn at n = 200: 0.04 s, 0.4 s, then
         * 18 s for the step that the time ratio alone put at 4 s. */
        double predicted = growth * last_seconds;
        if (k > 0 && (predicted > left || left <= 0)) {
            append(v->reasons, sizeof v->reasons,
                   "%sstopped before the next truncation step: predicted %.3g s, %.3g s of "
                   "the budget left", v->reasons[0] ? "; " : "", predicted, left);
            break;
        }
        o.min_abs = ladder[k].min_abs;
        o.max_weight = ladder[k].max_weight;
        plt_trunc_step *s = &v->ladder[v->nladder];
        plt_stats st;
        double val = 0, sec = 0;
        plt_error_clear();
        if (run_engine("pauliprop", m, &o, params, &val, &sec, &st)) {
            append(v->reasons, sizeof v->reasons, "%spauliprop at min_abs %g, weight %d: %s",
                   v->reasons[0] ? "; " : "", o.min_abs, o.max_weight,
                   plt_error_last()->message);
            break;
        }
        if (k > 0 && last_seconds > 0) {
            double rt = sec / fmax(last_seconds, 1e-4);
            double rn = v->ladder[v->nladder - 1].terms
                            ? (double)st.max_terms / (double)v->ladder[v->nladder - 1].terms
                            : 1;
            growth = fmax(4, fmax(rt, 1) * fmax(rn, 1));
        }
        last_seconds = sec;
        s->min_abs = o.min_abs;
        s->max_weight = o.max_weight;
        s->value = val;
        s->seconds = sec;
        s->truncated_weight = st.truncated_weight;
        s->terms = st.max_terms;
        s->change = v->nladder ? fabs(val - v->ladder[v->nladder - 1].value) : NAN;
        v->nladder++;
        /* Dropped weight says little for one state (high-weight strings barely touch
         * |0...0>), except when everything went and the value is exactly 0. */
        int kept = !(val == 0 && st.truncated_weight >= 0.5 * norm2);
        if (v->nladder >= 2 && s->change <= co->tolerance && kept) {
            v->simulable = 1;
            snprintf(v->engine, sizeof v->engine, "pauliprop");
            snprintf(v->setting, sizeof v->setting, "min_abs=%g max_weight=%d max_terms=%zu",
                     o.min_abs, o.max_weight, co->max_terms);
            v->exact = 0;
            v->value = val;
            v->error = s->change;
            v->seconds = sec;
            append(v->reasons, sizeof v->reasons,
                   "%struncated Pauli propagation converged: the value moved by %.2g <= %.2g "
                   "between the last two truncations, truncated weight %.2g of %.2g",
                   v->reasons[0] ? "; " : "", s->change, co->tolerance, st.truncated_weight,
                   norm2);
            return;
        }
    }
    if (v->nladder) {
        const plt_trunc_step *s = &v->ladder[v->nladder - 1];
        snprintf(v->engine, sizeof v->engine, "pauliprop");
        snprintf(v->setting, sizeof v->setting, "min_abs=%g max_weight=%d max_terms=%zu",
                 s->min_abs, s->max_weight, co->max_terms);
        v->value = s->value;
        v->error = isnan(s->change) ? NAN : s->change;
        v->seconds = s->seconds;
        append(v->reasons, sizeof v->reasons,
               "%struncated Pauli propagation did not converge to %.2g (last change %.2g, "
               "truncated weight %.2g of %.2g)", v->reasons[0] ? "; " : "", co->tolerance,
               s->change, s->truncated_weight, norm2);
    }
}

/* Runs the chosen route with its settings and the statevector on the reduced model. */
static void cross_check(const plt_model *r, const double *rp, const plt_check_opts *co,
                        plt_verdict *v) {
    int n = plt_circuit_nqubits(r->circuit);
    v->cross_n = n;
    if (!engine_registered("statevector")) {
        snprintf(v->cross_note, sizeof v->cross_note, "no statevector engine in this build");
        return;
    }
    plt_opts o;
    plt_opts_init(&o);
    o.max_memory = co->max_memory;
    o.threads = co->threads;
    double ref, val, sec;
    plt_error_clear();
    if (run_engine("statevector", r, &o, rp, &ref, &sec, NULL)) {
        snprintf(v->cross_note, sizeof v->cross_note, "statevector on %d qubits: %s", n,
                 plt_error_last()->message);
        return;
    }
    if (!v->exact && v->nladder) {
        const plt_trunc_step *s = &v->ladder[v->nladder - 1];
        o.min_abs = s->min_abs;
        o.max_weight = s->max_weight;
        o.max_terms = co->max_terms;
    }
    plt_error_clear();
    if (run_engine(v->engine, r, &o, rp, &val, &sec, NULL)) {
        snprintf(v->cross_note, sizeof v->cross_note, "%s on the %d-qubit instance: %s", v->engine,
                 n, plt_error_last()->message);
        return;
    }
    v->cross_checked = 1;
    v->cross_value = val;
    v->cross_reference = ref;
    v->cross_error = fabs(val - ref);
    snprintf(v->cross_note, sizeof v->cross_note, "%s (%s) vs statevector on %d qubits: |%.6g - "
             "%.6g| = %.2g", v->engine, v->setting, n, val, ref, v->cross_error);
}

plt_status plt_check_run(const plt_model *m, const double *params, const plt_model *reduced,
                         const double *reduced_params, const plt_check_opts *o,
                         plt_verdict *out) {
    if (!m || !m->circuit || !m->obs || !out)
        return plt_fail(PLT_EINVAL, "check: NULL model or output");
    if (plt_circuit_nparams(m->circuit) > 0 && !params)
        return plt_fail(PLT_EINVAL, "check: the circuit has %d parameters but no values were "
                        "given", plt_circuit_nparams(m->circuit));
    plt_check_opts co;
    if (o)
        co = *o;
    else
        plt_check_opts_init(&co);
    if (!(co.tolerance > 0) || !(co.budget_seconds > 0))
        return plt_fail(PLT_EINVAL, "check: tolerance %g and budget %g s; both must be positive",
                        co.tolerance, co.budget_seconds);
    memset(out, 0, sizeof *out);
    out->value = out->error = NAN;
    out->cross_value = out->cross_reference = out->cross_error = NAN;
    double t0 = now(), deadline = t0 + co.budget_seconds;

    plt_opts eo;
    plt_opts_init(&eo);
    eo.max_memory = co.max_memory;
    eo.threads = co.threads;
    /* gsim's estimate runs the Lie closure; past this cap it could not run in budget anyway. */
    eo.max_dim = CHECK_MAX_DIM;
    for (size_t i = 0; i < plt_engine_count() && out->nroutes < PLT_CHECK_MAX_ROUTES; i++) {
        plt_route *r = &out->routes[out->nroutes++];
        snprintf(r->engine, sizeof r->engine, "%s", plt_engine_name(i));
        if (skipped(co.skip, r->engine)) {
            snprintf(r->reason, sizeof r->reason, "not asked (skipped by request)");
            continue;
        }
        plt_error_clear();
        plt_status st = plt_engine_estimate(r->engine, m, &eo, &r->cost);
        if (st == PLT_EINVAL) return st; /* the model itself is wrong: say so */
        if (st) {
            r->reason[0] = 0;
            append(r->reason, sizeof r->reason, "%s", plt_error_last()->message);
            continue;
        }
        r->applies = 1;
        r->within_budget = r->cost.seconds <= co.budget_seconds;
        if (!r->within_budget)
            snprintf(r->reason, sizeof r->reason, "predicted %.3g s exceeds the budget of %.3g s",
                     r->cost.seconds, co.budget_seconds);
    }
    /* Exact routes, cheapest first; a run that fails passes to the next. */
    for (;;) {
        plt_route *best = NULL;
        for (size_t i = 0; i < out->nroutes; i++) {
            plt_route *r = &out->routes[i];
            if (r->applies && r->within_budget && r->cost.exactness == PLT_EXACT &&
                !r->reason[0] && (!best || r->cost.seconds < best->cost.seconds))
                best = r;
        }
        if (!best) break;
        double val, sec;
        plt_error_clear();
        if (run_engine(best->engine, m, &eo, params, &val, &sec, NULL)) {
            best->reason[0] = 0;
            append(best->reason, sizeof best->reason, "ran and failed: %s",
                   plt_error_last()->message);
            continue;
        }
        snprintf(best->reason, sizeof best->reason, "chosen: cheapest exact route");
        out->simulable = 1;
        snprintf(out->engine, sizeof out->engine, "%s", best->engine);
        snprintf(out->setting, sizeof out->setting, "exact");
        out->exact = 1;
        out->value = val;
        out->error = 0;
        out->seconds = sec;
        out->bytes = best->cost.bytes;
        append(out->reasons, sizeof out->reasons, "%s is exact here and the cheapest such route "
               "(predicted %.3g s, %.3g bytes)", best->engine, best->cost.seconds,
               best->cost.bytes);
        break;
    }
    if (!out->simulable) {
        for (size_t i = 0; i < out->nroutes; i++) {
            const plt_route *r = &out->routes[i];
            append(out->reasons, sizeof out->reasons, "%s%s: %s", out->reasons[0] ? "; " : "",
                   r->engine, r->reason[0] ? r->reason : "applies but is not exact");
        }
        if (engine_registered("pauliprop")) {
            run_ladder(m, params, &co, deadline, out);
            for (size_t i = 0; i < out->nroutes; i++)
                if (strcmp(out->routes[i].engine, "pauliprop") == 0) out->bytes =
                    out->routes[i].cost.bytes;
        } else {
            append(out->reasons, sizeof out->reasons, "; no truncated route: pauliprop is not in "
                   "this build");
        }
    }
    if (out->engine[0] && reduced && reduced->circuit && reduced->obs)
        cross_check(reduced, reduced_params, &co, out);
    else if (!reduced)
        snprintf(out->cross_note, sizeof out->cross_note, "no reduced instance given");
    /* A truncation that converged but misses the exact value at small n is not trusted. */
    if (out->simulable && !out->exact && out->cross_checked && out->cross_error > co.tolerance) {
        out->simulable = 0;
        append(out->reasons, sizeof out->reasons, "; but with the same truncation the %d-qubit "
               "instance is off the statevector by %.2g > %.2g", out->cross_n, out->cross_error,
               co.tolerance);
    }
    out->total_seconds = now() - t0;
    return PLT_OK;
}
