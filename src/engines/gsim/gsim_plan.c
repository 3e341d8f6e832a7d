/* Planning gsim: Clifford absorption, the DLA of the gate generators, the pair lists of each
 * distinct generator, the initial expectations and the observable's coordinates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/mem.h"
#include "engines/gsim/gsim.h"
#include "lie/dla_impl.h"
#include "state/state_expect.h"
#include "plateau/shadows.h"
#include "pauli/psum_impl.h"

plt_status gsim_state_supported(const plt_state *s) {
    if (!s) return PLT_OK;
    switch (plt_state_kind_of(s)) {
    case PLT_STATE_ZERO:
    case PLT_STATE_BASIS:
    case PLT_STATE_PRODUCT:
    case PLT_STATE_VECTOR: return PLT_OK;
    case PLT_STATE_CIRCUIT:
        return plt_fail(PLT_EUNSUPPORTED,
                        "gsim takes |0...0>, basis, product and vector states, not a preparation "
                        "circuit; append the preparation to the circuit or use statevector or "
                        "pauliprop");
    case PLT_STATE_TABLE: return PLT_OK; /* every basis string is looked up at planning */
    case PLT_STATE_SHADOWS:
        /* Measured data: the initial expectations are estimated from the shadows. */
        if (!plt_state_shadows(s))
            return plt_fail(PLT_EINVAL, "the shadows state holds no data");
        return PLT_OK;
    }
    return plt_fail(PLT_EINVAL, "unknown state kind");
}

/* The rotation generators of c (duplicates are removed by the closure). *capped = 1 when the
 * failure is a cap (then the blocks route may still fit). */
static plt_status closure_of(const plt_circuit *c, const plt_lie_closure_opts *lo, plt_dla **g,
                             int *capped, gsim_info *info) {
    *capped = 0;
    *info = (gsim_info){0, 0, PLT_LIE_DONE};
    size_t nops = plt_circuit_nops(c), m = 0, max_dim = lo->max_dim;
    const plt_pstring **gens = malloc((nops ? nops : 1) * sizeof *gens);
    if (!gens) return plt_fail_nomem("the gsim generators");
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION) gens[m++] = op->gen;
    }
    plt_status st;
    /* The classification names the dimension in microseconds: an algebra past the cap is
     * refused before the closure spends its work reaching it. */
    plt_lie_class *cls = NULL;
    const double cdim = m > 0 && max_dim > 0 &&
                                !plt_lie_classify_strings((const plt_pstring *const *)gens, m, &cls)
                            ? plt_lie_class_dim(cls)
                            : 0;
    if (cdim > (double)max_dim) {
        char name[256];
        plt_lie_class_name(cls, name, sizeof name);
        plt_lie_class_free(cls);
        free(gens);
        *capped = 1;
        return plt_fail(PLT_EUNSUPPORTED,
                        "the dynamical Lie algebra of the circuit is %s, of dimension %.6g, over "
                        "the cap of %zu; raise --max-dim or use pauliprop or statevector",
                        name, cdim, max_dim);
    }
    plt_lie_class_free(cls);
    plt_error_clear();
    if (m == 0)
        st = plt_fail(PLT_EUNSUPPORTED,
                      "the circuit has no rotation after Clifford absorption; its Lie algebra "
                      "is trivial (use statevector or pauliprop)");
    else
        st = plt_lie_closure_strings_with((const plt_pstring *const *)gens, m, lo, g);
    free(gens);
    if (!st) *info = (gsim_info){plt_dla_work(*g), plt_dla_lower_bound(*g), plt_dla_stop(*g)};
    if (!st && !plt_dla_complete(*g)) {
        size_t d = plt_dla_lower_bound(*g);
        *capped = 1;
        plt_dla_free(*g);
        *g = NULL;
        if (info->stop == PLT_LIE_STOP_WORK) return gsim_fail_work(d, lo->max_work);
        return plt_fail(PLT_EUNSUPPORTED,
                        "the dynamical Lie algebra of the circuit has dimension >= %zu (the cap); "
                        "raise --max-dim or use pauliprop or statevector", d);
    }
    return st;
}

/* Clifford absorption when the circuit has Cliffords; otherwise the circuit and observable
 * are used as they are (*ac, *ao stay NULL), which spares copying a large circuit. */
static plt_status absorb(const plt_circuit *c, const plt_psum *obs, plt_circuit **ac,
                         plt_psum **ao) {
    *ac = NULL;
    *ao = NULL;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        plt_op_kind k = plt_circuit_op(c, i)->kind;
        if (k == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu is a general unitary; gsim needs Pauli rotations and "
                            "Cliffords (use statevector)", i);
        if (k == PLT_OP_CLIFFORD) return plt_circuit_absorb_cliffords(c, obs, ac, ao);
    }
    return PLT_OK;
}

plt_status gsim_fail_work(size_t dim, double max_work) {
    return plt_fail(PLT_EUNSUPPORTED,
                    "the Lie closure did not finish within the cost estimate's work cap (%.3g "
                    "units of bracket and elimination work; dimension >= %zu so far): a gsim "
                    "plan would be slow; use pauliprop or statevector, or run gsim directly",
                    max_work, dim);
}

const plt_setting_info gsim_settings[GSIM_NSETTINGS] = {
    {"max-dim", PLT_SETTING_COUNT, (double)GSIM_DEFAULT_MAX_DIM, 1, 4294967295.0, "D",
     "gsim: the largest Lie algebra (dimension) it builds"},
};

void gsim_lie_opts(const plt_opts *o, double max_work, plt_lie_closure_opts *lo) {
    plt_lie_closure_opts_init(lo);
    const double d = o ? plt_settings_value(o->settings, &gsim_settings[0]) : 0;
    lo->max_dim = d >= 1 ? (size_t)d : GSIM_DEFAULT_MAX_DIM;
    lo->max_work = max_work;
    if (o) {
        lo->progress_fn = o->progress_fn;
        lo->progress_ctx = o->progress_ctx;
    }
}

/* The refusal of an observable with weight outside the algebra's span (shared by the plan). */
static plt_status outside_fail(double outside, size_t dim) {
    return plt_fail(PLT_EUNSUPPORTED,
                    "the observable has weight %.3g (squared norm) outside the DLA (dimension "
                    "%zu) of the circuit; gsim needs it inside the span of the algebra; use "
                    "statevector or pauliprop", outside, dim);
}

static int is_outside(double outside, const plt_psum *obs) {
    double norm2 = 0;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        const double *c = plt_psum_coef(obs, t);
        norm2 += c[0] * c[0] + c[1] * c[1];
    }
    return outside > 1e-20 + 1e-12 * norm2;
}

plt_status gsim_obs_inside(const plt_dla *g, const plt_model *m) {
    plt_circuit *ac = NULL;
    plt_psum *ao = NULL;
    double *coords = malloc((plt_dla_dim(g) + 1) * sizeof *coords), id = 0, outside = 0;
    plt_status st = coords ? absorb(m->circuit, m->obs, &ac, &ao) : plt_fail_nomem("a projection");
    const plt_psum *obs = ao ? ao : m->obs;
    if (!st) st = plt_dla_project(g, obs, coords, &id, &outside);
    if (!st && is_outside(outside, obs)) st = outside_fail(outside, plt_dla_dim(g));
    free(coords);
    plt_circuit_free(ac);
    plt_psum_free(ao);
    return st;
}

plt_status gsim_closure(const plt_circuit *c, const plt_opts *o, double max_work, plt_dla **g,
                        double *work) {
    *g = NULL;
    *work = 0;
    plt_circuit *ac = NULL;
    plt_psum *ao = NULL;
    plt_lie_closure_opts lo;
    gsim_lie_opts(o, max_work, &lo);
    plt_status st = absorb(c, NULL, &ac, &ao);
    int capped = 0;
    gsim_info first = {0, 0, PLT_LIE_DONE}, second = first;
    if (!st) st = closure_of(ac ? ac : c, &lo, g, &capped, &first);
    if (st && capped) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", plt_error_last()->message);
        plt_error_clear();
        /* The two closures share the work cap. */
        if (max_work > 0) lo.max_work = fmax(max_work - first.work, 1);
        st = gsim_blocks_closure(ac ? ac : c, &lo, g, &second);
        if (st == PLT_EUNSUPPORTED && second.stop == PLT_LIE_STOP_WORK)
            st = gsim_fail_work(second.dim, max_work); /* the whole cap, not what was left */
        else if (st == PLT_EUNSUPPORTED)
            st = plt_fail(PLT_EUNSUPPORTED, "%s", msg);
    }
    *work = first.work + second.work;
    plt_circuit_free(ac);
    plt_psum_free(ao);
    return st;
}

/* Pairs of the generator string (basis element gi): every anticommuting basis string Q and its
 * partner R with QP = i^k R, counted once, with the sign of the Heisenberg rotation
 * e^{i t P / 2} Q e^{-i t P / 2} = cos t Q + s sin t R, s = +1 for k = 1, -1 for k = 3. */
static plt_status build_pairs(gsim_plan *p, uint32_t gi, gsim_pair **pairs, size_t *np,
                              size_t *cap, uint64_t *w) {
    const plt_dla *g = p->g;
    int nw = g->nw;
    const uint64_t *xp = plt_strtab_x(&g->tab, gi), *zp = plt_strtab_z(&g->tab, gi);
    for (size_t i = 0; i < p->dim; i++) {
        const uint64_t *xq = plt_strtab_x(&g->tab, i), *zq = plt_strtab_z(&g->tab, i);
        if (plt_pw_commutes(xq, zq, xp, zp, nw)) continue;
        int k = plt_pw_mul(xq, zq, xp, zp, w, w + nw, nw);
        uint32_t j = plt_strtab_find(&g->tab, w, w + nw);
        if (j == PLT_STRTAB_NONE || j >= p->dim)
            return plt_fail(PLT_EINTERNAL, "gsim: a bracket with a generator left the basis");
        if (j < i) continue;
        if (*np == *cap) {
            size_t nc = *cap ? 2 * *cap : 1024;
            gsim_pair *q = realloc(*pairs, nc * sizeof *q);
            if (!q) return plt_fail_nomem("the gsim pair lists");
            *pairs = q;
            *cap = nc;
        }
        (*pairs)[(*np)++] = (gsim_pair){(uint32_t)i, j, k == 1 ? 1.0 : -1.0};
    }
    return PLT_OK;
}

void gsim_plan_free(gsim_plan *p) {
    if (!p) return;
    plt_dla_free(p->g);
    free(p->gates);
    free(p->pairs);
    free(p->e0);
    free(p->o);
    free(p->e);
    free(p->lam);
    gsim_mats_free(p);
    free(p);
}

plt_status gsim_plan_new(const plt_model *m, const plt_opts *o, gsim_plan **out) {
    *out = NULL;
    plt_status st = gsim_state_supported(m->state);
    if (st) return st;
    gsim_plan *p = calloc(1, sizeof *p);
    plt_circuit *ac = NULL;
    plt_psum *ao = NULL;
    size_t *first = NULL, cap = 0;
    uint64_t *w = NULL;
    if (!p) return plt_fail_nomem("a gsim plan");
    p->n = plt_circuit_nqubits(m->circuit);
    p->nparams = plt_circuit_nparams(m->circuit);
    if ((st = absorb(m->circuit, m->obs, &ac, &ao))) goto fail;
    const plt_circuit *circ = ac ? ac : m->circuit;
    const plt_psum *obs = ac ? ao : m->obs;
    plt_lie_closure_opts lo;
    gsim_lie_opts(o, 0, &lo);
    double limit = o ? o->max_memory : 0;
    int capped = 0, blockmode = 0;
    gsim_info info;
    st = closure_of(circ, &lo, &p->g, &capped, &info);
    if (st && capped) {
        /* The single strings close too large; gates sharing a parameter may close smaller. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", plt_error_last()->message);
        plt_error_clear();
        st = gsim_blocks_plan(p, circ, &lo, limit);
        if (st == PLT_EUNSUPPORTED) st = plt_fail(PLT_EUNSUPPORTED, "%s", msg);
        blockmode = 1;
    }
    if (st) goto fail;
    p->dim = plt_dla_dim(p->g);
    size_t dim = p->dim, nops = plt_circuit_nops(circ);
    /* Basis strings, their index, and the vectors; the pair lists are checked as they grow. */
    double base = (double)dim * (16.0 * p->g->nw + 48.0);
    if ((st = plt_mem_check(base, o ? o->max_memory : 0, "the gsim Lie-algebra basis"))) goto fail;
    p->e0 = malloc(dim * sizeof *p->e0);
    p->o = malloc(dim * sizeof *p->o);
    p->e = malloc(dim * sizeof *p->e);
    p->lam = malloc(dim * sizeof *p->lam);
    if (!blockmode) p->gates = malloc((nops ? nops : 1) * sizeof *p->gates);
    first = malloc(dim * 2 * sizeof *first);
    w = malloc(2 * (size_t)p->g->nw * sizeof *w);
    if (!p->e0 || !p->o || !p->e || !p->lam || !p->gates || !first || !w) {
        st = plt_fail_nomem("a gsim plan");
        goto fail;
    }
    double outside;
    if ((st = plt_dla_project(p->g, obs, p->o, &p->o_id, &outside))) goto fail;
    if (is_outside(outside, obs)) {
        st = outside_fail(outside, dim);
        goto fail;
    }
    for (size_t i = 0; i < dim; i++) {
        double v = 0;
        for (size_t t = p->g->off[i]; t < p->g->off[i + 1]; t++) {
            double e;
            if ((st = state_expect_words(m->state, p->n, plt_strtab_x(&p->g->tab, p->g->sid[t]),
                                         plt_strtab_z(&p->g->tab, p->g->sid[t]), &e)))
                goto fail;
            v += p->g->coef[t] * e;
        }
        p->e0[i] = v;
    }
    if (blockmode) goto planned;
    /* first[2i], first[2i+1]: the pair range of basis string i as a generator (not yet built:
     * SIZE_MAX). Gates sharing a generator share its pairs. */
    for (size_t i = 0; i < 2 * dim; i++) first[i] = SIZE_MAX;
    gsim_ticker tick = {lo.progress_fn, lo.progress_ctx, 0, 4194304.0, 0};
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(circ, i);
        if (op->kind != PLT_OP_ROTATION) continue;
        size_t gi = plt_dla_find(p->g, op->gen);
        if (gi == SIZE_MAX) {
            st = plt_fail(PLT_EINTERNAL, "gsim: a generator is missing from its own closure");
            goto fail;
        }
        if (first[2 * gi] == SIZE_MAX) {
            size_t p0 = p->npairs;
            if ((st = build_pairs(p, (uint32_t)gi, &p->pairs, &p->npairs, &cap, w))) goto fail;
            if ((st = gsim_tick(&tick, (double)dim))) goto fail;
            first[2 * gi] = p0;
            first[2 * gi + 1] = p->npairs - p0;
            if ((st = plt_mem_check(base + (double)cap * sizeof(gsim_pair), limit,
                                    "the gsim pair lists")))
                goto fail;
        }
        p->gates[p->ngates++] = (gsim_gate){op->param, op->a, op->b, first[2 * gi],
                                            first[2 * gi + 1], SIZE_MAX};
    }
planned:
    free(first);
    free(w);
    plt_circuit_free(ac);
    plt_psum_free(ao);
    *out = p;
    return PLT_OK;
fail:
    free(first);
    free(w);
    plt_circuit_free(ac);
    plt_psum_free(ao);
    gsim_plan_free(p);
    return st;
}
