/* Engine "lightcone": each observable term only sees the ops of its backward light
 * cone; the ops inside each distinct cone are simulated exactly on the cone's qubits
 * by the "statevector" engine through the public API, and the results add up. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/rates.h"
#include "core/error.h"
#include "engines/engine_ops.h"
#include "engines/lightcone/lc.h"

typedef struct lc_sub {
    plt_circuit *circ;
    plt_psum *obs;
    plt_state *state;
    plt_engine *eng;
} lc_sub;

typedef struct lc_plan {
    int nparams;
    double constant;
    lc_sub *sub;
    size_t nsub;
    double *grad; /* scratch for one cone's gradient */
    size_t max_amps;
} lc_plan;

static plt_status check_state(const plt_model *m) {
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    if (k == PLT_STATE_ZERO || k == PLT_STATE_BASIS || k == PLT_STATE_PRODUCT) return PLT_OK;
    return plt_fail(PLT_EUNSUPPORTED,
                    "lightcone needs a product initial state (zero, basis or product), so that "
                    "it can be restricted to a cone; this model's state is a %s",
                    k == PLT_STATE_CIRCUIT  ? "preparation circuit"
                    : k == PLT_STATE_VECTOR ? "state vector (entangled in general)"
                    : k == PLT_STATE_TABLE  ? "table of measured values"
                                            : "set of shadow data");
}

static plt_status check_width(const lc_cones *k, const plt_model *m) {
    if (k->max_m <= LC_MAX_QUBITS) return PLT_OK;
    return plt_fail(PLT_ETOOBIG,
                    "the backward light cone of observable term %zu spans %d of the %d qubits; "
                    "lightcone simulates cones of at most %d qubits (use a shallower circuit, "
                    "a more local observable or another engine)",
                    k->widest_term, k->max_m, plt_circuit_nqubits(m->circuit), LC_MAX_QUBITS);
}

static plt_status lc_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    lc_cones k;
    plt_status st = check_state(m);
    if (st || (st = lc_cones_build(m, &k))) return st;
    if ((st = check_width(&k, m))) goto done;
    double amps = ldexp(1.0, k.max_m), work = 0;
    for (size_t i = 0; i < k.ncones; i++)
        work += ldexp(1.0, k.cone[i].m) * (double)(k.cone[i].nops + k.cone[i].nterms);
    cost->bytes = 16.0 * amps * 3;
    /* Forward, backward and adjoint passes: about three updates per amplitude and op. */
    cost->seconds = 3 * work / plt_rate(PLT_RATE_LC_OP);
    cost->exactness = PLT_EXACT;
    cost->error = 0;
    if (o->max_memory > 0 && cost->bytes > o->max_memory)
        st = plt_fail(PLT_ETOOBIG,
                      "lightcone needs %.3g bytes for its widest cone (%d qubits) but the limit is "
                      "%.3g bytes; raise --max-memory",
                      cost->bytes, k.max_m, o->max_memory);
done:
    lc_cones_free(&k);
    return st;
}

/* The sub-model of one cone: qubit cone->qubits[j] becomes j and the ops inside the cone are
 * kept (plt_lightcone_cut); every parameter is kept (same indices), so gradients add up
 * directly. */
static plt_status build_sub(const plt_model *m, const lc_cones *ks, const lc_cone *k,
                            const plt_opts *o, lc_sub *s) {
    const plt_circuit *c = m->circuit;
    int n = plt_circuit_nqubits(c), mq = k->m;
    int *map = malloc((size_t)n * sizeof *map);
    plt_pstring *p = NULL, *g = NULL;
    char *bits = NULL;
    double *bloch = NULL;
    plt_status st;
    if (!map) {
        st = plt_fail_nomem("a light cone's qubit map");
        goto done;
    }
    const int mapped = plt_lightcone_map(&ks->ops, k->mask, map);
    PLT_ASSERT(mapped == mq);
    if ((st = plt_lightcone_cut(c, &ks->ops, k->mask, NULL, map, mq, &s->circ)) ||
        (st = plt_psum_new(mq, &s->obs)) || (st = plt_pstring_new(n, &p)) ||
        (st = plt_pstring_new(mq, &g)))
        goto done;
    for (size_t t = 0; t < k->nterms; t++) {
        double re;
        if ((st = plt_psum_term(m->obs, k->terms[t], p, &re, NULL))) goto done;
        plt_lightcone_remap(p, map, g);
        if ((st = plt_psum_add(s->obs, g, re, 0.0))) goto done;
    }
    plt_state_kind kind = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    if (kind == PLT_STATE_BASIS) {
        const char *all = plt_state_bits(m->state);
        if (!(bits = malloc((size_t)mq + 1))) {
            st = plt_fail_nomem("a light cone's basis state");
            goto done;
        }
        for (int j = 0; j < mq; j++)
            bits[j] = all[k->qubits[j]];
        bits[mq] = '\0';
        if ((st = plt_state_new_basis(mq, bits, &s->state))) goto done;
    } else if (kind == PLT_STATE_PRODUCT) {
        const double *all = plt_state_bloch(m->state);
        if (!(bloch = malloc(3 * (size_t)mq * sizeof *bloch))) {
            st = plt_fail_nomem("a light cone's product state");
            goto done;
        }
        for (int j = 0; j < mq; j++)
            memcpy(bloch + 3 * j, all + 3 * k->qubits[j], 3 * sizeof *bloch);
        if ((st = plt_state_new_product(mq, bloch, &s->state))) goto done;
    }
    plt_model sm = {s->circ, s->obs, s->state};
    st = plt_engine_plan("statevector", &sm, o, &s->eng);
done:
    free(map);
    free(bits);
    free(bloch);
    plt_pstring_free(p);
    plt_pstring_free(g);
    return st;
}

static void lc_free(void *state) {
    lc_plan *pl = state;
    if (!pl) return;
    for (size_t i = 0; i < pl->nsub; i++) {
        plt_engine_free(pl->sub[i].eng);
        plt_state_free(pl->sub[i].state);
        plt_psum_free(pl->sub[i].obs);
        plt_circuit_free(pl->sub[i].circ);
    }
    free(pl->sub);
    free(pl->grad);
    free(pl);
}

static plt_status lc_plan_make(void **state, const plt_model *m, const plt_opts *o) {
    lc_cones k;
    lc_plan *pl = NULL;
    *state = NULL;
    plt_status st = check_state(m);
    if (st || (st = lc_cones_build(m, &k))) return st;
    if ((st = check_width(&k, m))) goto fail;
    pl = calloc(1, sizeof *pl);
    if (!pl) {
        st = plt_fail_nomem("a lightcone plan");
        goto fail;
    }
    pl->nparams = plt_circuit_nparams(m->circuit);
    pl->constant = k.constant;
    pl->sub = calloc(k.ncones ? k.ncones : 1, sizeof *pl->sub);
    pl->grad = malloc((size_t)(pl->nparams ? pl->nparams : 1) * sizeof *pl->grad);
    if (!pl->sub || !pl->grad) {
        st = plt_fail_nomem("a lightcone plan");
        goto fail;
    }
    for (size_t i = 0; i < k.ncones; i++) {
        pl->nsub = i + 1;
        if ((st = build_sub(m, &k, &k.cone[i], o, &pl->sub[i]))) goto fail;
    }
    pl->max_amps = (size_t)1 << k.max_m;
    lc_cones_free(&k);
    *state = pl;
    return PLT_OK;
fail:
    lc_cones_free(&k);
    lc_free(pl);
    return st;
}

static plt_status lc_loss(void *state, const double *params, double *loss, double *grad) {
    lc_plan *pl = state;
    double total = pl->constant;
    if (grad)
        for (int a = 0; a < pl->nparams; a++)
            grad[a] = 0;
    for (size_t i = 0; i < pl->nsub; i++) {
        double v;
        plt_status st = plt_engine_loss(pl->sub[i].eng, params, &v, grad ? pl->grad : NULL);
        if (st) return st;
        total += v;
        if (grad)
            for (int a = 0; a < pl->nparams; a++)
                grad[a] += pl->grad[a];
    }
    *loss = total;
    return PLT_OK;
}

static int lc_exact(const void *state) { return (void)state, 1; }

static void lc_stats(const void *state, plt_stats *out) {
    const lc_plan *pl = state;
    memset(out, 0, sizeof *out);
    out->max_terms = pl->max_amps;
}

const plt_engine_ops plt_engine_lightcone = {
    .name = "lightcone",
    .estimate = lc_estimate,
    .plan = lc_plan_make,
    .loss = lc_loss,
    .exact = lc_exact,
    .stats = lc_stats,
    .free = lc_free,
};
