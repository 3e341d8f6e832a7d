#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/engine_ops.h"

struct plt_engine {
    const plt_engine_ops *ops;
    void *state;
    int nparams;
    int from_data; /* the state is measured data: every value is an estimate */
};

void plt_opts_init(plt_opts *o) {
    memset(o, 0, sizeof *o);
    o->grad_method = PLT_GRAD_AUTO;
}

/* Engines registered at run time (tests, plug-ins), after the built-in table. */
#define PLT_ENGINE_MAX_EXTRA 8
static const plt_engine_ops *extra[PLT_ENGINE_MAX_EXTRA];
static size_t nextra;

const plt_engine_ops *plt_engine_ops_at(size_t i) {
    if (i < plt_engine_table_len) return plt_engine_table[i];
    i -= plt_engine_table_len;
    return i < nextra ? extra[i] : NULL;
}

const plt_engine_ops *plt_engine_ops_find(const char *name) {
    for (size_t i = 0; name && plt_engine_ops_at(i); i++)
        if (strcmp(plt_engine_ops_at(i)->name, name) == 0) return plt_engine_ops_at(i);
    return NULL;
}

plt_status plt_engine_register(const plt_engine_ops *ops) {
    if (!ops || !ops->name || !ops->estimate || !ops->plan || !ops->loss || !ops->exact ||
        !ops->free)
        return plt_fail(PLT_EINVAL, "engine registration: the ops table lacks a name or a "
                        "required op (estimate, plan, loss, exact, free)");
    for (size_t i = 0; plt_engine_ops_at(i); i++)
        if (strcmp(plt_engine_ops_at(i)->name, ops->name) == 0)
            return plt_fail(PLT_EINVAL, "engine registration: '%s' is already registered",
                            ops->name);
    if (nextra == PLT_ENGINE_MAX_EXTRA)
        return plt_fail(PLT_EINVAL, "engine registration: at most %d engines can be added at "
                        "run time", PLT_ENGINE_MAX_EXTRA);
    extra[nextra++] = ops;
    return PLT_OK;
}

size_t plt_engine_count(void) { return plt_engine_table_len + nextra; }

const char *plt_engine_name(size_t i) {
    const plt_engine_ops *ops = plt_engine_ops_at(i);
    return ops ? ops->name : NULL;
}

static plt_status find(const char *name, const plt_engine_ops **out) {
    *out = NULL;
    if (!name) return plt_fail(PLT_EINVAL, "no engine name given");
    for (size_t i = 0; plt_engine_ops_at(i); i++)
        if (strcmp(plt_engine_ops_at(i)->name, name) == 0) {
            *out = plt_engine_ops_at(i);
            return PLT_OK;
        }
    char list[512] = "";
    for (size_t i = 0; plt_engine_ops_at(i); i++) {
        if (i) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, plt_engine_ops_at(i)->name, sizeof list - strlen(list) - 1);
    }
    return plt_fail(PLT_EINVAL, "unknown engine '%s' (available: %s)", name,
                    plt_engine_count() ? list : "none yet");
}

/* One validation layer at the boundary, so engines can trust the model. */
static plt_status validate_model(const plt_model *m) {
    if (!m || !m->circuit) return plt_fail(PLT_EINVAL, "the model has no circuit");
    if (!m->obs) return plt_fail(PLT_EINVAL, "the model has no observable");
    int n = plt_circuit_nqubits(m->circuit);
    int no = plt_psum_nqubits(m->obs);
    if (no != n)
        return plt_fail(PLT_EINVAL,
                        "the observable is on %d qubits but the circuit has %d; parse it with the "
                        "circuit's qubit count",
                        no, n);
    /* Engines read only the real parts of coefficients; a non-real one would be dropped
     * silently and the value answered for another observable. */
    plt_status st = plt_psum_check_hermitian(m->obs);
    if (st) return st;
    if (m->state && plt_state_nqubits(m->state) != n)
        return plt_fail(PLT_EINVAL, "the state is on %d qubits but the circuit has %d",
                        plt_state_nqubits(m->state), n);
    return PLT_OK;
}

static int from_data(const plt_model *m) {
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    return k == PLT_STATE_SHADOWS || k == PLT_STATE_TABLE;
}

static const plt_opts *opts_or_default(const plt_opts *o, plt_opts *tmp) {
    if (o) return o;
    plt_opts_init(tmp);
    return tmp;
}

/* An engine that cannot model noise must not return a noiseless value for a noisy model. */
static plt_status check_noise(const plt_engine_ops *ops, const plt_opts *o) {
    if (!o || ops->models_noise || !(o->noise > 0 || o->dephasing > 0)) return PLT_OK;
    return plt_fail(PLT_EUNSUPPORTED,
                    "the %s engine does not model noise (noise %g, dephasing %g); use the "
                    "pauliprop engine, or set both to 0",
                    ops->name, o->noise, o->dephasing);
}

plt_status plt_engine_estimate(const char *name, const plt_model *m, const plt_opts *o,
                               plt_cost *cost) {
    const plt_engine_ops *ops;
    plt_opts tmp;
    /* The model first, so "auto" and every name give the same refusal of a bad model. */
    plt_status st = validate_model(m);
    if (st) return st;
    if ((st = find(name, &ops))) return st;
    if (!cost) return plt_fail(PLT_EINVAL, "cost output is NULL");
    memset(cost, 0, sizeof *cost);
    if ((st = check_noise(ops, o))) return st;
    st = ops->estimate(m, opts_or_default(o, &tmp), cost);
    /* Measured data carry sampling error whatever the engine does with them. */
    if (st == PLT_OK && from_data(m) && cost->exactness == PLT_EXACT)
        cost->exactness = PLT_ESTIMATED;
    return st;
}

/* "auto": the cheapest engine that both estimates and plans, exact before approximate,
 * then by predicted seconds. An estimate can accept a model that planning refuses (an
 * observable outside a Lie algebra), so it tries the next one. */
static plt_status plan_auto(const plt_model *m, const plt_opts *o, plt_engine **out) {
    size_t ne = plt_engine_count();
    unsigned char tried[64] = {0};
    for (size_t round = 0; round < ne && round < 64; round++) {
        int best = -1, best_exact = 0;
        double best_s = INFINITY;
        for (size_t i = 0; i < ne && i < 64; i++) {
            plt_cost c;
            if (tried[i] || plt_engine_estimate(plt_engine_ops_at(i)->name, m, o, &c) != PLT_OK)
                continue;
            int exact = c.exactness == PLT_EXACT;
            if (best < 0 || (exact && !best_exact) || (exact == best_exact && c.seconds < best_s)) {
                best = (int)i;
                best_exact = exact;
                best_s = c.seconds;
            }
        }
        if (best < 0) break;
        tried[best] = 1;
        if (plt_engine_plan(plt_engine_ops_at((size_t)best)->name, m, o, out) == PLT_OK) {
            plt_error_clear();
            return PLT_OK;
        }
    }
    return plt_fail(PLT_EUNSUPPORTED, "no registered engine applies to this model (name one "
                                      "with --engine to see why it refuses)");
}

plt_status plt_engine_plan(const char *name, const plt_model *m, const plt_opts *o,
                           plt_engine **out) {
    const plt_engine_ops *ops;
    plt_opts tmp;
    if (!out) return plt_fail(PLT_EINVAL, "output pointer is NULL");
    *out = NULL;
    if (name && strcmp(name, "auto") == 0) {
        plt_status vst = validate_model(m);
        return vst ? vst : plan_auto(m, o, out);
    }
    plt_status st = validate_model(m);
    if (st) return st;
    if ((st = find(name, &ops))) return st;
    if ((st = check_noise(ops, o))) return st;
    if (o && o->threads < 0)
        return plt_fail(PLT_EINVAL, "threads is %d; give 0 (default) or a positive count",
                        o->threads);
    plt_engine *e = calloc(1, sizeof *e);
    if (!e) return plt_fail_nomem("an engine plan");
    e->ops = ops;
    e->nparams = plt_circuit_nparams(m->circuit);
    e->from_data = from_data(m);
    st = ops->plan(&e->state, m, opts_or_default(o, &tmp));
    if (st) {
        free(e);
        return st;
    }
    *out = e;
    return PLT_OK;
}

plt_status plt_engine_loss(plt_engine *e, const double *params, double *loss, double *grad) {
    if (!e || !loss) return plt_fail(PLT_EINVAL, "engine or loss output is NULL");
    if (e->nparams > 0 && !params)
        return plt_fail(PLT_EINVAL, "the circuit has %d parameters but no values were given",
                        e->nparams);
    for (int k = 0; k < e->nparams; k++)
        if (!isfinite(params[k]))
            return plt_fail(PLT_EINVAL, "parameter %d is %g; parameters must be finite", k,
                            params[k]);
    return e->ops->loss(e->state, params, loss, grad);
}

int plt_engine_exact(const plt_engine *e) {
    return e && !e->from_data && e->ops->exact(e->state);
}

const char *plt_engine_plan_name(const plt_engine *e) { return e ? e->ops->name : NULL; }

void plt_engine_stats(const plt_engine *e, plt_stats *out) {
    memset(out, 0, sizeof *out);
    if (e && e->ops->stats) e->ops->stats(e->state, out);
}

void plt_engine_free(plt_engine *e) {
    if (!e) return;
    e->ops->free(e->state);
    free(e);
}
