/* Lie closure by breadth-first search over nested brackets with the generators. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lie/dla_impl.h"
#include "lie/echelon.h"
#include "pauli/psum_impl.h"
#include "pauli/pstring.h"

/* Work between two progress reports: at ~10 ns a unit, some 40 ms. */
#define REPORT_EVERY ((uint64_t)1 << 22)
/* A product of anticommuting strings costs a hash look-up on top of the commutation test,
 * measured at about three tests; in a sum closure also an exact modular product and an
 * accumulator update, about six (bench/lie/work_rate.c). */
#define PRODUCT_WORK 3
#define SUM_PRODUCT_WORK 6
/* Offering a candidate to the elimination, or to the final orthonormalisation, has a fixed
 * cost (scratch growth, pivot search, clearing) on top of its terms: about a dozen units,
 * which dominates for algebras of millions of single-string elements (qcnn). */
#define OFFER_WORK 12

void plt_lie_closure_opts_init(plt_lie_closure_opts *o) {
    if (o) memset(o, 0, sizeof *o);
}

/* The work cap and the progress reports of one closure. */
typedef struct meter {
    uint64_t cap, next_report; /* cap UINT64_MAX: none */
    plt_progress_fn fn;
    void *ctx;
} meter;

static plt_status meter_init(const plt_lie_closure_opts *o, meter *m) {
    double mw = o->max_work;
    if (!(mw >= 0))
        return plt_fail(PLT_EINVAL, "the closure's work cap %g is not >= 0 (0 = no cap)", mw);
    m->cap = mw == 0 || mw >= 1.8e19 ? UINT64_MAX : (uint64_t)ceil(mw);
    m->next_report = REPORT_EVERY;
    m->fn = o->progress_fn;
    m->ctx = o->progress_ctx;
    return PLT_OK;
}

/* Checked between batches of brackets, never per bracket: 1 (and g->stop set) when the
 * closure must stop, at `cap` (UINT64_MAX: none) or at the caller's request. */
static int meter_stop(meter *m, plt_dla *g, uint64_t work, uint64_t cap) {
    if (work >= cap) {
        g->stop = PLT_LIE_STOP_WORK;
        return 1;
    }
    if (m->fn && work >= m->next_report) {
        m->next_report = work + REPORT_EVERY;
        plt_progress p = {"lie closure", (double)work, m->cap == UINT64_MAX ? 0 : (double)m->cap};
        if (m->fn(m->ctx, &p)) {
            g->stop = PLT_LIE_STOP_CALLER;
            return 1;
        }
    }
    return 0;
}

/* The caller's stop without keep_partial is a failure. */
static plt_status stop_status(const plt_dla *g, const plt_lie_closure_opts *o) {
    if (g->stop != PLT_LIE_STOP_CALLER || o->keep_partial) return PLT_OK;
    return plt_fail(PLT_EINTERRUPTED,
                    "the Lie closure was stopped by its caller after %.0f units of work "
                    "(dimension >= %zu so far)", g->work, g->found);
}

int plt_lie_bracket_words(const uint64_t *xp, const uint64_t *zp, const uint64_t *xq,
                          const uint64_t *zq, uint64_t *xo, uint64_t *zo, int nw) {
    if (plt_pw_commutes(xp, zp, xq, zq, nw)) return 0;
    /* PQ = i^k R with k odd; i[P,Q] = 2i PQ = 2 i^(k+1) R. */
    int k = plt_pw_mul(xp, zp, xq, zq, xo, zo, nw);
    return k == 1 ? -1 : 1;
}

void plt_dla_free(plt_dla *g) {
    if (!g) return;
    plt_strtab_destroy(&g->tab);
    free(g->off);
    free(g->sid);
    free(g->coef);
    free(g->inv_head);
    free(g->inv_next);
    free(g->goff);
    free(g->gsid);
    free(g->gcoef);
    free(g);
}

static plt_status grow(void **p, size_t *cap, size_t need, size_t elsize) {
    if (need <= *cap) return PLT_OK;
    size_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elsize);
    if (!q) return plt_fail_nomem("the Lie algebra basis");
    *p = q;
    *cap = nc;
    return PLT_OK;
}

static plt_status dla_new(int n, plt_dla **out) {
    plt_dla *g = calloc(1, sizeof *g);
    if (!g) return plt_fail_nomem("a Lie algebra");
    g->n = n;
    g->nw = plt_nwords(n);
    g->complete = 1;
    plt_status st = plt_strtab_init(&g->tab, g->nw, 64);
    if (!st) {
        g->off = calloc(64, sizeof *g->off);
        g->cap_el = 64;
        if (!g->off) st = plt_fail_nomem("a Lie algebra");
    }
    if (st) {
        plt_dla_free(g);
        return st;
    }
    *out = g;
    return PLT_OK;
}

/* Appends element dim with the given terms (ids already in tab). */
static plt_status push_element(plt_dla *g, const uint32_t *sid, const double *coef, size_t nt) {
    size_t t0 = g->off[g->dim];
    plt_status st = grow((void **)&g->off, &g->cap_el, g->dim + 2, sizeof *g->off);
    if (!st) {
        size_t c = g->cap_t;
        st = grow((void **)&g->sid, &c, t0 + nt, sizeof *g->sid);
        if (!st) st = grow((void **)&g->coef, &g->cap_t, t0 + nt, sizeof *g->coef);
    }
    if (st) return st;
    memcpy(g->sid + t0, sid, nt * sizeof *sid);
    memcpy(g->coef + t0, coef, nt * sizeof *coef);
    g->off[++g->dim] = t0 + nt;
    return PLT_OK;
}

static plt_status check_gen_sizes(int n0, int n, size_t j) {
    if (n != n0)
        return plt_fail(PLT_EINVAL,
                        "generator %zu is on %d qubits but generator 0 is on %d; give every "
                        "generator the same qubit count", j, n, n0);
    return PLT_OK;
}

plt_status plt_lie_closure_strings(const plt_pstring *const *gens, size_t ngens, size_t max_dim,
                                   plt_dla **out) {
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_dim = max_dim;
    return plt_lie_closure_strings_with(gens, ngens, &o, out);
}

plt_status plt_lie_closure_strings_with(const plt_pstring *const *gens, size_t ngens,
                                        const plt_lie_closure_opts *opts, plt_dla **out) {
    plt_lie_closure_opts defaults;
    plt_lie_closure_opts_init(&defaults);
    const plt_lie_closure_opts *o = opts ? opts : &defaults;
    if (!out) return plt_fail(PLT_EINVAL, "plt_lie_closure_strings: out is NULL");
    *out = NULL;
    if (!gens || ngens == 0) return plt_fail(PLT_EINVAL, "the Lie closure needs >= 1 generator");
    for (size_t j = 0; j < ngens; j++)
        if (!gens[j]) return plt_fail(PLT_EINVAL, "generator %zu is NULL", j);
    meter mt = {0};
    plt_status st = meter_init(o, &mt);
    if (st) return st;
    size_t max_dim = o->max_dim ? o->max_dim : PLT_LIE_DEFAULT_MAX_DIM;
    int n = gens[0]->n;
    plt_dla *g = NULL;
    uint64_t *w = NULL, work = 0;
    if ((st = dla_new(n, &g))) return st;
    g->pauli = 1;
    int nw = g->nw;
    w = malloc(2 * (size_t)nw * sizeof *w);
    if (!w) {
        st = plt_fail_nomem("the Lie closure");
        goto fail;
    }
    /* Generators first: they are basis elements and, deduplicated, the BFS's brackets. */
    for (size_t j = 0; j < ngens; j++) {
        if ((st = check_gen_sizes(n, gens[j]->n, j))) goto fail;
        if (plt_pw_weight(gens[j]->x, gens[j]->z, nw) == 0) continue;
        uint32_t id;
        int added;
        if (g->dim >= max_dim) {
            if (plt_strtab_find(&g->tab, gens[j]->x, gens[j]->z) == PLT_STRTAB_NONE) {
                g->complete = 0;
                g->stop = PLT_LIE_STOP_MAX_DIM;
            }
            continue;
        }
        if ((st = plt_strtab_insert(&g->tab, gens[j]->x, gens[j]->z, &id, &added))) goto fail;
        if (!added) continue;
        double one = 1.0;
        if ((st = push_element(g, &id, &one, 1))) goto fail;
        size_t c = g->ngens;
        if ((st = grow((void **)&g->gsid, &c, g->ngens + 1, sizeof *g->gsid))) goto fail;
        g->gsid[g->ngens++] = id;
    }
    if (g->ngens == 0) {
        st = plt_fail(PLT_EINVAL, "every generator is the identity; the Lie algebra is trivial");
        goto fail;
    }
    size_t ng = g->ngens;
    uint32_t *gid = g->gsid;
    for (size_t k = 0; k < g->dim && g->complete; k++) {
        /* Each element costs ng brackets: the cap is checked element by element. */
        if (meter_stop(&mt, g, work, mt.cap)) {
            g->complete = 0;
            break;
        }
        for (size_t j = 0; j < ng; j++) {
            /* Pointers into tab are re-read after each insert (it may reallocate). */
            const uint64_t *xq = plt_strtab_x(&g->tab, k), *zq = plt_strtab_z(&g->tab, k);
            const uint64_t *xp = plt_strtab_x(&g->tab, gid[j]), *zp = plt_strtab_z(&g->tab, gid[j]);
            work++;
            if (!plt_lie_bracket_words(xp, zp, xq, zq, w, w + nw, nw)) continue;
            work += PRODUCT_WORK;
            uint32_t id;
            int added;
            if (g->dim >= max_dim) {
                if (plt_strtab_find(&g->tab, w, w + nw) == PLT_STRTAB_NONE) {
                    g->complete = 0;
                    g->stop = PLT_LIE_STOP_MAX_DIM;
                    break;
                }
                continue;
            }
            if ((st = plt_strtab_insert(&g->tab, w, w + nw, &id, &added))) goto fail;
            if (!added) continue;
            double one = 1.0;
            if ((st = push_element(g, &id, &one, 1))) goto fail;
        }
    }
    g->work = (double)work;
    g->found = g->dim;
    if ((st = stop_status(g, o))) goto fail;
    /* The string ids are the element numbers; generators keep unit coefficients. */
    g->goff = malloc((ng + 1) * sizeof *g->goff);
    g->gcoef = malloc(ng * sizeof *g->gcoef);
    if (!g->goff || !g->gcoef) {
        st = plt_fail_nomem("the Lie closure");
        goto fail;
    }
    for (size_t j = 0; j <= ng; j++) g->goff[j] = j;
    for (size_t j = 0; j < ng; j++) g->gcoef[j] = 1.0;
    free(w);
    *out = g;
    return PLT_OK;
fail:
    free(w);
    plt_dla_free(g);
    return st;
}

/* Scratch for the sum closure: a dense accumulator over string ids with a touched list,
 * and one over element numbers for the projections. Each array has its own capacity. */
typedef struct sum_ws {
    double *acc;
    uint8_t *amark;
    uint32_t *atouch;
    size_t na, cap_acc, cap_am, cap_at;
    double *cc;
    uint8_t *cmark;
    uint32_t *ctouch;
    size_t nc, cap_cc, cap_cm, cap_ct;
    uint32_t *tsid;
    double *tcoef;
    size_t cap_ts, cap_tc;
    uint64_t work; /* term updates of the projections */
} sum_ws;

static void ws_free(sum_ws *w) {
    free(w->acc);
    free(w->amark);
    free(w->atouch);
    free(w->cc);
    free(w->cmark);
    free(w->ctouch);
    free(w->tsid);
    free(w->tcoef);
}

/* grow() that zero-fills the new part. */
static plt_status grow0(void **p, size_t *cap, size_t need, size_t elsize) {
    size_t old = *cap;
    plt_status st = grow(p, cap, need, elsize);
    if (!st && *cap > old) memset((char *)*p + old * elsize, 0, (*cap - old) * elsize);
    return st;
}

/* Makes the per-string arrays (accumulator, inverted index) cover every id in tab. */
static plt_status ws_fit(plt_dla *g, sum_ws *w) {
    size_t need = g->tab.count + 1;
    plt_status st = grow0((void **)&w->acc, &w->cap_acc, need, sizeof *w->acc);
    if (!st) st = grow0((void **)&w->amark, &w->cap_am, need, sizeof *w->amark);
    if (!st) st = grow((void **)&w->atouch, &w->cap_at, need, sizeof *w->atouch);
    if (!st && g->cap_inv < need) {
        size_t old = g->cap_inv;
        st = grow((void **)&g->inv_head, &g->cap_inv, need, sizeof *g->inv_head);
        if (!st)
            for (size_t i = old; i < g->cap_inv; i++) g->inv_head[i] = PLT_STRTAB_NONE;
    }
    return st;
}

static void acc_add(sum_ws *w, uint32_t s, double v) {
    if (!w->amark[s]) {
        w->amark[s] = 1;
        w->atouch[w->na++] = s;
    }
    w->acc[s] += v;
}

static void acc_clear(sum_ws *w) {
    for (size_t i = 0; i < w->na; i++) {
        w->acc[w->atouch[i]] = 0;
        w->amark[w->atouch[i]] = 0;
    }
    w->na = 0;
}

static double acc_norm2(const sum_ws *w) {
    double s = 0;
    for (size_t i = 0; i < w->na; i++) s += w->acc[w->atouch[i]] * w->acc[w->atouch[i]];
    return s;
}

static size_t element_of_term(const plt_dla *g, size_t t) {
    size_t lo = 0, hi = g->dim;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (g->off[mid] <= t) lo = mid; else hi = mid;
    }
    return lo;
}

/* acc -= sum_e <B_e, acc> B_e, through the inverted index. */
static plt_status project_out(plt_dla *g, sum_ws *w) {
    size_t need = g->dim + 1;
    plt_status st = grow((void **)&w->cc, &w->cap_cc, need, sizeof *w->cc);
    if (!st) st = grow0((void **)&w->cmark, &w->cap_cm, need, sizeof *w->cmark);
    if (!st) st = grow((void **)&w->ctouch, &w->cap_ct, need, sizeof *w->ctouch);
    if (st) return st;
    w->nc = 0;
    for (size_t i = 0; i < w->na; i++) {
        uint32_t s = w->atouch[i];
        double a = w->acc[s];
        if (a == 0) continue;
        for (uint32_t t = g->inv_head[s]; t != PLT_STRTAB_NONE; t = g->inv_next[t]) {
            w->work++;
            size_t e = element_of_term(g, t);
            if (!w->cmark[e]) {
                w->cmark[e] = 1;
                w->cc[e] = 0;
                w->ctouch[w->nc++] = (uint32_t)e;
            }
            w->cc[e] += a * g->coef[t];
        }
    }
    for (size_t i = 0; i < w->nc; i++) {
        uint32_t e = w->ctouch[i];
        w->cmark[e] = 0;
        double c = w->cc[e];
        w->work += g->off[e + 1] - g->off[e];
        for (size_t t = g->off[e]; t < g->off[e + 1]; t++) acc_add(w, g->sid[t], -c * g->coef[t]);
    }
    return PLT_OK;
}

/* Orthogonalises the accumulator against the basis and appends it when independent. `ref` is
 * the squared norm the candidate would have without cancellations (|G|^2 for a generator,
 * 4|G|^2 for a bracket with a unit element), so that rounding noise left by an exact
 * cancellation is never taken for a new direction. */
static plt_status candidate(plt_dla *g, sum_ws *w, size_t max_dim, double tol, double ref) {
    plt_status st = PLT_OK;
    double n0 = acc_norm2(w);
    if (n0 <= 1e-24 * ref) goto done;
    if (n0 < ref) n0 = ref;
    for (int pass = 0; pass < 2; pass++)
        if ((st = project_out(g, w))) goto done;
    double n1 = acc_norm2(w);
    if (n1 <= tol * tol * n0) goto done;
    if (g->dim >= max_dim) {
        g->complete = 0;
        goto done;
    }
    double scale = 1.0 / sqrt(n1), drop = 1e-14 * sqrt(n1);
    if ((st = grow((void **)&w->tsid, &w->cap_ts, w->na, sizeof *w->tsid))) goto done;
    if ((st = grow((void **)&w->tcoef, &w->cap_tc, w->na, sizeof *w->tcoef))) goto done;
    size_t nt = 0;
    for (size_t i = 0; i < w->na; i++) {
        uint32_t s = w->atouch[i];
        if (fabs(w->acc[s]) <= drop) continue;
        w->tsid[nt] = s;
        w->tcoef[nt++] = w->acc[s] * scale;
    }
    size_t t0 = g->off[g->dim];
    if ((st = push_element(g, w->tsid, w->tcoef, nt))) goto done;
    size_t capn = g->cap_t;
    uint32_t *nx = realloc(g->inv_next, (capn ? capn : 1) * sizeof *nx);
    if (!nx) {
        st = plt_fail_nomem("the Lie closure");
        goto done;
    }
    g->inv_next = nx;
    for (size_t t = t0; t < t0 + nt; t++) {
        g->inv_next[t] = g->inv_head[g->sid[t]];
        g->inv_head[g->sid[t]] = (uint32_t)t;
    }
done:
    acc_clear(w);
    return st;
}

static plt_status closure_via_strings(const plt_psum *const *gens, size_t ngens,
                                      const plt_lie_closure_opts *o, plt_dla **out) {
    plt_pstring **ps = calloc(ngens, sizeof *ps);
    if (!ps) return plt_fail_nomem("the Lie closure");
    plt_status st = PLT_OK;
    for (size_t j = 0; j < ngens && !st; j++) {
        st = plt_pstring_new(gens[j]->n, &ps[j]);
        if (!st && gens[j]->count == 1) {
            memcpy(ps[j]->x, plt_psum_x(gens[j], 0), (size_t)ps[j]->nw * 8);
            memcpy(ps[j]->z, plt_psum_z(gens[j], 0), (size_t)ps[j]->nw * 8);
        }
    }
    if (!st) st = plt_lie_closure_strings_with((const plt_pstring *const *)ps, ngens, o, out);
    for (size_t j = 0; j < ngens; j++) plt_pstring_free(ps[j]);
    free(ps);
    return st;
}

plt_status plt_lie_closure(const plt_psum *const *gens, size_t ngens, size_t max_dim, double tol,
                           plt_dla **out) {
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_dim = max_dim;
    o.tol = tol;
    return plt_lie_closure_with(gens, ngens, &o, out);
}

plt_status plt_lie_closure_with(const plt_psum *const *gens, size_t ngens,
                                const plt_lie_closure_opts *opts, plt_dla **out) {
    plt_lie_closure_opts defaults;
    plt_lie_closure_opts_init(&defaults);
    const plt_lie_closure_opts *o = opts ? opts : &defaults;
    if (!out) return plt_fail(PLT_EINVAL, "plt_lie_closure: out is NULL");
    *out = NULL;
    if (!gens || ngens == 0) return plt_fail(PLT_EINVAL, "the Lie closure needs >= 1 generator");
    double tol = o->tol;
    if (!(tol >= 0) || tol >= 1)
        return plt_fail(PLT_EINVAL, "tolerance %g is not in [0, 1); give 0 for the default", tol);
    if (tol == 0) tol = PLT_LIE_DEFAULT_TOL;
    size_t max_dim = o->max_dim ? o->max_dim : PLT_LIE_DEFAULT_MAX_DIM;
    meter mt = {0};
    plt_status st = meter_init(o, &mt);
    if (st) return st;
    int single = 1;
    for (size_t j = 0; j < ngens; j++) {
        if (!gens[j]) return plt_fail(PLT_EINVAL, "generator %zu is NULL", j);
        if ((st = check_gen_sizes(gens[0]->n, gens[j]->n, j))) return st;
        size_t live = 0;
        for (size_t t = 0; t < gens[j]->count; t++) {
            const double *c = plt_psum_coef(gens[j], t);
            if (c[1] != 0)
                return plt_fail(PLT_EINVAL,
                                "generator %zu has the imaginary coefficient %g; a generator "
                                "must be Hermitian (real coefficients)", j, c[1]);
            if (c[0] != 0) live++;
        }
        if (live != 1 || gens[j]->count != 1) single = 0;
    }
    if (single) return closure_via_strings(gens, ngens, o, out);

    int n = gens[0]->n;
    plt_dla *g = NULL;
    sum_ws w;
    memset(&w, 0, sizeof w);
    uint64_t *wd = NULL, work = 0;
    double *rcoef = NULL;
    uint64_t *gmod = NULL;
    plt_ech ech;
    memset(&ech, 0, sizeof ech);
    size_t *roff = NULL, *indep = NULL, nindep = 0;
    uint32_t *rsid = NULL;
    if ((st = dla_new(n, &g))) return st;
    int nw = g->nw;
    wd = malloc(2 * (size_t)nw * sizeof *wd);
    g->goff = calloc(ngens + 1, sizeof *g->goff);
    indep = malloc(ngens * sizeof *indep);
    size_t cg = 0;
    if (!wd || !g->goff || !indep) {
        st = plt_fail_nomem("the Lie closure");
        goto fail;
    }
    for (size_t j = 0; j < ngens; j++) {
        size_t t0 = g->goff[g->ngens];
        size_t k = t0;
        for (size_t t = 0; t < gens[j]->count; t++) {
            const uint64_t *x = plt_psum_x(gens[j], t), *z = plt_psum_z(gens[j], t);
            double c = plt_psum_coef(gens[j], t)[0];
            if (c == 0 || plt_pw_weight(x, z, nw) == 0) continue;
            uint32_t id;
            int added;
            if ((st = plt_strtab_insert(&g->tab, x, z, &id, &added))) goto fail;
            size_t c1 = cg;
            if ((st = grow((void **)&g->gsid, &c1, k + 1, sizeof *g->gsid))) goto fail;
            if ((st = grow((void **)&g->gcoef, &cg, k + 1, sizeof *g->gcoef))) goto fail;
            if (c1 < cg) cg = c1;
            g->gsid[k] = id;
            g->gcoef[k++] = c;
        }
        if (k > t0) g->goff[++g->ngens] = k;
    }
    if (g->ngens == 0) {
        st = plt_fail(PLT_EINVAL, "every generator is zero or the identity; the Lie algebra is "
                                  "trivial");
        goto fail;
    }
    if ((st = plt_ech_fit(&ech, g->tab.count + 1))) goto fail;
    /* The span grows in echelon form (sparse); only the final span is orthonormalised. */
    int added;
    gmod = malloc(g->goff[g->ngens] * sizeof *gmod);
    if (!gmod) {
        st = plt_fail_nomem("the Lie closure");
        goto fail;
    }
    for (size_t t = 0; t < g->goff[g->ngens]; t++) gmod[t] = plt_ech_mod(g->gcoef[t]);
    /* ad is linear: a generator in the span of those before it adds no bracket, so the BFS
     * brackets with the independent ones only (many parameters often share one sum). */
    for (size_t j = 0; j < g->ngens && !ech.capped; j++) {
        for (size_t t = g->goff[j]; t < g->goff[j + 1]; t++)
            plt_ech_add(&ech, g->gsid[t], g->gcoef[t], gmod[t]);
        if ((st = plt_ech_offer(&ech, max_dim, &added))) goto fail;
        if (added) indep[nindep++] = j;
    }
    /* The search stops at 4/5 of the cap, so that the orthonormalisation below, which shares
     * the cap, has room to make a basis of what was found. */
    const uint64_t search_cap = mt.cap == UINT64_MAX ? UINT64_MAX : mt.cap / 5 * 4;
    int stopped = 0;
    size_t reduced = 0, reb_n = 0;
    uint64_t reb_work = 0;
    for (size_t b = 0; b < ech.n && !ech.capped && !stopped; b++) {
        /* Vectors are bracketed in their reduced form, refreshed once a batch of new ones
         * waits: the reduced vectors are as sparse as the algebra's natural basis, the
         * others carry the fill-in of their reductions. Bracketing each index once, in
         * whatever form, still covers a basis of the final span: a refreshed vector k only
         * gains vectors after k, so the forms bracketed are unitriangular in the originals. */
        if (b >= reduced && ech.n - b >= 1 + b / 64) {
            /* A rebuild touches every term of the span at least once, and the fill-in of
             * dense spans grows about as the square of their size: not started when its
             * predicted work would cross the cap. */
            double grow_n = reb_n ? (double)ech.n / (double)reb_n : 0;
            double reb_est = fmax((double)ech.off[ech.n], (double)reb_work * grow_n * grow_n);
            if (meter_stop(&mt, g, work + ech.work + (uint64_t)reb_est, search_cap)) {
                stopped = 1;
                break;
            }
            uint64_t w0 = ech.work;
            if ((st = plt_ech_rebuild(&ech))) goto fail;
            reb_work = ech.work - w0;
            reb_n = ech.n;
            reduced = ech.n;
        }
        for (size_t q = 0; q < nindep && !ech.capped && !stopped; q++) {
            size_t j = indep[q];
            for (size_t tg = g->goff[j]; tg < g->goff[j + 1] && !stopped; tg++) {
                /* One bracket of large sums can hold millions of products. */
                if (work + ech.work >= search_cap) {
                    plt_ech_clear(&ech);
                    stopped = meter_stop(&mt, g, work + ech.work, search_cap);
                    break;
                }
                for (size_t tb = ech.off[b]; tb < ech.off[b + 1]; tb++) {
                    uint32_t sg = g->gsid[tg], sb = ech.sid[tb];
                    work++;
                    int s = plt_lie_bracket_words(plt_strtab_x(&g->tab, sg),
                                                  plt_strtab_z(&g->tab, sg),
                                                  plt_strtab_x(&g->tab, sb),
                                                  plt_strtab_z(&g->tab, sb), wd, wd + nw, nw);
                    if (!s) continue;
                    work += SUM_PRODUCT_WORK;
                    uint32_t id;
                    int fresh;
                    if ((st = plt_strtab_insert(&g->tab, wd, wd + nw, &id, &fresh))) goto fail;
                    if (fresh && (st = plt_ech_fit(&ech, g->tab.count + 1))) goto fail;
                    uint64_t m = plt_ech_mulm(gmod[tg], ech.mcoef[tb]);
                    m = plt_ech_addm(m, m);
                    plt_ech_add(&ech, id, 2.0 * s * g->gcoef[tg] * ech.coef[tb],
                                s > 0 ? m : plt_ech_negm(m));
                }
            }
            if (stopped) break;
            if ((st = plt_ech_offer(&ech, max_dim, &added))) goto fail;
            work += OFFER_WORK;
            stopped = meter_stop(&mt, g, work + ech.work, search_cap);
        }
    }
    if (ech.capped) g->stop = PLT_LIE_STOP_MAX_DIM;
    g->complete = !ech.capped && !stopped;
    if (g->stop == PLT_LIE_STOP_CALLER && !o->keep_partial) {
        g->work = (double)(work + ech.work);
        g->found = ech.n;
        st = stop_status(g, o);
        goto fail;
    }
    /* A complete span is back-substituted first: the reduced vectors of a symmetric algebra
     * mostly have disjoint supports, so the Gram-Schmidt below rarely finds anything to
     * project out. A stopped one skips that (its vectors were reduced at the last rebuild,
     * and Gram-Schmidt takes any basis of the span). The Gram-Schmidt of dense vectors costs
     * as much as the search, so it shares the work cap: stopped there, the vectors done so
     * far span part of the algebra, and the lower bound stays the count found. */
    size_t nvec = ech.n;
    g->found = nvec;
    const size_t *voff = ech.off;
    const uint32_t *vsid = ech.sid;
    const double *vcoef = ech.coef;
    if (g->complete) {
        if ((st = plt_ech_backsub(&ech, &roff, &rsid, &rcoef, NULL))) goto fail;
        voff = roff;
        vsid = rsid;
        vcoef = rcoef;
    }
    work += ech.work;
    if ((st = ws_fit(g, &w))) goto fail;
    for (size_t k = 0; k < nvec; k++) {
        if (meter_stop(&mt, g, work + w.work, mt.cap)) {
            g->complete = 0;
            break;
        }
        for (size_t t = voff[k]; t < voff[k + 1]; t++) acc_add(&w, vsid[t], vcoef[t]);
        w.work += voff[k + 1] - voff[k] + OFFER_WORK;
        if ((st = candidate(g, &w, SIZE_MAX, tol, 0))) goto fail;
    }
    plt_ech_free(&ech);
    g->work = (double)(work + w.work);
    if ((st = stop_status(g, o))) goto fail;
    free(roff);
    free(rsid);
    free(rcoef);
    free(gmod);
    free(indep);
    free(wd);
    ws_free(&w);
    *out = g;
    return PLT_OK;
fail:
    plt_ech_free(&ech);
    free(roff);
    free(rsid);
    free(rcoef);
    free(gmod);
    free(indep);
    free(wd);
    ws_free(&w);
    plt_dla_free(g);
    return st;
}
