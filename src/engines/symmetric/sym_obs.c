/* The observable on the symmetric subspace. In a symmetric state every Pauli string with the
 * same counts of X, Y and Z letters has the same expectation, so terms are grouped by their
 * counts and each group is one symmetrised matrix (sym_dicke.c) times the summed coefficient.
 * This is exact for any observable: for a symmetric state and circuit, <O> equals <S(O)>, its
 * average over qubit permutations, whether or not O is itself invariant. */
#include <stdlib.h>

#include "core/error.h"
#include "engines/symmetric/sym.h"
#include "pauli/pstring.h"

typedef struct group {
    int nx, ny, nz;
    double c;
} group;

static int cmp_group(const void *x, const void *y) {
    const group *a = x, *b = y;
    if (a->nx != b->nx) return a->nx - b->nx;
    if (a->ny != b->ny) return a->ny - b->ny;
    return a->nz - b->nz;
}

static plt_status collect(const plt_psum *obs, group **out, size_t *count) {
    size_t nt = plt_psum_nterms(obs);
    plt_pstring *p = NULL;
    group *g = malloc((nt + 1) * sizeof *g);
    plt_status st = g ? plt_pstring_new(plt_psum_nqubits(obs), &p)
                      : plt_fail_nomem("the symmetric engine's observable");
    for (size_t i = 0; i < nt && !st; i++) {
        double re;
        if ((st = plt_psum_term(obs, i, p, &re, NULL))) break;
        g[i] = (group){0, 0, 0, re};
        for (int w = 0; w < p->nw; w++) {
            g[i].nx += __builtin_popcountll(p->x[w] & ~p->z[w]);
            g[i].ny += __builtin_popcountll(p->x[w] & p->z[w]);
            g[i].nz += __builtin_popcountll(~p->x[w] & p->z[w]);
        }
    }
    plt_pstring_free(p);
    if (st) {
        free(g);
        return st;
    }
    qsort(g, nt, sizeof *g, cmp_group);
    size_t m = 0;
    for (size_t i = 0; i < nt; i++) {
        if (m && !cmp_group(&g[m - 1], &g[i]))
            g[m - 1].c += g[i].c;
        else
            g[m++] = g[i];
    }
    *out = g;
    *count = m;
    return PLT_OK;
}

int sym_obs_width(const plt_psum *obs) {
    group *g = NULL;
    size_t m = 0;
    if (collect(obs, &g, &m)) return -1;
    int w = 0;
    for (size_t i = 0; i < m; i++)
        if (g[i].nx + g[i].ny > w) w = g[i].nx + g[i].ny;
    free(g);
    return w;
}

plt_status sym_obs_band(const plt_psum *obs, sym_band *out) {
    group *g = NULL;
    size_t m = 0;
    int n = plt_psum_nqubits(obs);
    plt_status st = collect(obs, &g, &m);
    if (st) return st;
    int w = 0;
    for (size_t i = 0; i < m; i++)
        if (g[i].nx + g[i].ny > w) w = g[i].nx + g[i].ny;
    double *lf = malloc((size_t)(n + 1) * sizeof *lf);
    if (!lf) st = plt_fail_nomem("the symmetric engine's observable");
    if (!st) st = sym_band_new(n + 1, w, out);
    if (!st) {
        sym_log_factorials(n, lf);
        for (size_t i = 0; i < m; i++)
            if (g[i].c != 0) sym_band_add_class(out, lf, g[i].nx, g[i].ny, g[i].nz, g[i].c);
    }
    free(lf);
    free(g);
    return st;
}
