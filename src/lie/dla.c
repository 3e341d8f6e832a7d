/* Reading a DLA basis: elements, projections, structure constants. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lie/dla_impl.h"
#include "pauli/psum_impl.h"
#include "pauli/pstring.h"

int plt_dla_nqubits(const plt_dla *g) { return g ? g->n : 0; }
size_t plt_dla_dim(const plt_dla *g) { return g ? g->dim : 0; }
int plt_dla_complete(const plt_dla *g) { return g ? g->complete : 0; }
plt_lie_stop plt_dla_stop(const plt_dla *g) { return g ? g->stop : PLT_LIE_DONE; }
double plt_dla_work(const plt_dla *g) { return g ? g->work : 0; }
size_t plt_dla_lower_bound(const plt_dla *g) {
    return !g ? 0 : g->found > g->dim ? g->found : g->dim;
}
int plt_dla_is_pauli(const plt_dla *g) { return g ? g->pauli : 0; }
size_t plt_dla_ngens(const plt_dla *g) { return g ? g->ngens : 0; }
double plt_lie_su_dim(int n) { return ldexp(1.0, 2 * n) - 1.0; }

size_t plt_dla_element_nterms(const plt_dla *g, size_t i) {
    return g && i < g->dim ? g->off[i + 1] - g->off[i] : 0;
}

plt_status plt_dla_element_term(const plt_dla *g, size_t i, size_t t, plt_pstring *p,
                                double *coef) {
    if (!g || !p || i >= g->dim || t >= g->off[i + 1] - g->off[i] || p->n != g->n)
        return plt_fail(PLT_EINVAL, "plt_dla_element_term: element %zu term %zu is out of range "
                                    "or the string has the wrong size", i, t);
    size_t k = g->off[i] + t;
    memcpy(p->x, plt_strtab_x(&g->tab, g->sid[k]), (size_t)g->nw * 8);
    memcpy(p->z, plt_strtab_z(&g->tab, g->sid[k]), (size_t)g->nw * 8);
    if (coef) *coef = g->coef[k];
    return PLT_OK;
}

plt_status plt_dla_element(const plt_dla *g, size_t i, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_dla_element: out is NULL");
    *out = NULL;
    if (!g || i >= g->dim)
        return plt_fail(PLT_EINVAL, "element %zu is out of range (dimension %zu)", i,
                        g ? g->dim : 0);
    plt_psum *s;
    plt_status st = plt_psum_new(g->n, &s);
    for (size_t k = g->off[i]; !st && k < g->off[i + 1]; k++)
        st = plt_psum_add_words(s, plt_strtab_x(&g->tab, g->sid[k]),
                                plt_strtab_z(&g->tab, g->sid[k]), g->coef[k], 0, NULL);
    if (st) {
        plt_psum_free(s);
        return st;
    }
    *out = s;
    return PLT_OK;
}

size_t plt_dla_find(const plt_dla *g, const plt_pstring *p) {
    if (!g || !p || !g->pauli || p->n != g->n) return SIZE_MAX;
    uint32_t id = plt_strtab_find(&g->tab, p->x, p->z);
    return id == PLT_STRTAB_NONE || id >= g->dim ? SIZE_MAX : id;
}

/* Adds c * <B_e, string s> to coords for every element e containing s. */
static void scatter(const plt_dla *g, uint32_t s, double c, double *coords) {
    if (g->pauli) {
        if (s < g->dim) coords[s] += c;
        return;
    }
    if (s >= g->cap_inv) return;
    for (uint32_t t = g->inv_head[s]; t != PLT_STRTAB_NONE; t = g->inv_next[t]) {
        size_t lo = 0, hi = g->dim;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (g->off[mid] <= t) lo = mid; else hi = mid;
        }
        coords[lo] += c * g->coef[t];
    }
}

plt_status plt_dla_project(const plt_dla *g, const plt_psum *x, double *coords, double *identity,
                           double *outside) {
    if (!g || !x || !coords) return plt_fail(PLT_EINVAL, "plt_dla_project: NULL argument");
    if (x->n != g->n)
        return plt_fail(PLT_EINVAL, "the operator is on %d qubits but the Lie algebra on %d",
                        x->n, g->n);
    memset(coords, 0, g->dim * sizeof *coords);
    double id = 0, total = 0;
    for (size_t t = 0; t < x->count; t++) {
        const uint64_t *px = plt_psum_x(x, t), *pz = plt_psum_z(x, t);
        const double *c = plt_psum_coef(x, t);
        total += c[0] * c[0] + c[1] * c[1];
        if (plt_pw_weight(px, pz, g->nw) == 0) {
            id += c[0];
            continue;
        }
        uint32_t s = plt_strtab_find(&g->tab, px, pz);
        if (s != PLT_STRTAB_NONE) scatter(g, s, c[0], coords);
    }
    /* |r|^2 = |x|^2 - id^2 - |coords|^2 by orthogonality (the imaginary parts stay in r). */
    double in = id * id;
    for (size_t i = 0; i < g->dim; i++) in += coords[i] * coords[i];
    if (identity) *identity = id;
    if (outside) {
        double r = total - in;
        *outside = r > 1e-14 * total ? r : 0.0;
    }
    return PLT_OK;
}

/* Coordinates of i[A, B_b] for A given by string ids and coefficients. */
static plt_status bracket_coords(const plt_dla *g, const uint32_t *asid, const double *acoef,
                                 size_t na, size_t b, size_t *idx, double *val, size_t cap,
                                 size_t *nnz) {
    int nw = g->nw;
    uint64_t w[2 * 64];
    uint64_t *wd = nw <= 64 ? w : malloc(2 * (size_t)nw * sizeof *wd);
    double *coords = g->pauli ? NULL : calloc(g->dim ? g->dim : 1, sizeof *coords);
    if (!wd || (!g->pauli && !coords)) {
        if (wd != w) free(wd);
        free(coords);
        return plt_fail_nomem("a bracket");
    }
    size_t cnt = 0;
    for (size_t ta = 0; ta < na; ta++)
        for (size_t tb = g->off[b]; tb < g->off[b + 1]; tb++) {
            uint32_t sa = asid[ta], sb = g->sid[tb];
            int s = plt_lie_bracket_words(plt_strtab_x(&g->tab, sa), plt_strtab_z(&g->tab, sa),
                                          plt_strtab_x(&g->tab, sb), plt_strtab_z(&g->tab, sb), wd,
                                          wd + nw, nw);
            if (!s) continue;
            uint32_t r = plt_strtab_find(&g->tab, wd, wd + nw);
            double v = 2.0 * s * acoef[ta] * g->coef[tb];
            if (g->pauli) {
                /* The closure puts every bracket of basis strings in the basis. */
                if (r == PLT_STRTAB_NONE || r >= g->dim) continue;
                if (cnt < cap) {
                    idx[cnt] = r;
                    val[cnt] = v;
                }
                cnt++;
            } else if (r != PLT_STRTAB_NONE) {
                scatter(g, r, v, coords);
            }
        }
    if (!g->pauli) {
        for (size_t e = 0; e < g->dim; e++)
            if (fabs(coords[e]) > 1e-13) {
                if (cnt < cap) {
                    idx[cnt] = e;
                    val[cnt] = coords[e];
                }
                cnt++;
            }
    }
    *nnz = cnt;
    if (wd != w) free(wd);
    free(coords);
    return PLT_OK;
}

plt_status plt_dla_structure(const plt_dla *g, size_t a, size_t b, size_t *idx, double *val,
                             size_t cap, size_t *nnz) {
    if (!g || !nnz || (cap && (!idx || !val)) || a >= g->dim || b >= g->dim)
        return plt_fail(PLT_EINVAL, "plt_dla_structure: index %zu or %zu out of range "
                                    "(dimension %zu) or NULL output", a, b, g ? g->dim : 0);
    return bracket_coords(g, g->sid + g->off[a], g->coef + g->off[a], g->off[a + 1] - g->off[a],
                          b, idx, val, cap, nnz);
}

plt_status plt_dla_ad_generator(const plt_dla *g, size_t j, size_t b, size_t *idx, double *val,
                                size_t cap, size_t *nnz) {
    if (!g || !nnz || (cap && (!idx || !val)) || j >= g->ngens || b >= g->dim)
        return plt_fail(PLT_EINVAL, "plt_dla_ad_generator: generator %zu or element %zu out of "
                                    "range or NULL output", j, b);
    return bracket_coords(g, g->gsid + g->goff[j], g->gcoef + g->goff[j],
                          g->goff[j + 1] - g->goff[j], b, idx, val, cap, nnz);
}
