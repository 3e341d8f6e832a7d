/* Overlap of a propagated sum with the initial state: <psi| sum_s c_s s |psi>. */
#include "engines/pauliprop/pp.h"
#include "plateau/shadows.h"

/* Basis state |b>: a string with an X or Y factor has zero expectation; a Z string gives
 * (-1)^{#Z on qubits in |1>}. Product state: the product of the Bloch components. */
PP_INLINE double ev_basis(const uint64_t *k, const uint64_t *bz, int nw) {
    uint64_t xs = 0, par = 0;
    for (int w = 0; w < nw; w++) {
        xs |= k[w];
        par ^= k[nw + w] & bz[w];
    }
    if (xs) return 0.0;
    return (__builtin_popcountll(par) & 1) ? -1.0 : 1.0;
}

static double ev_product(const uint64_t *k, const double *bloch, int nw) {
    double v = 1.0;
    for (int w = 0; w < nw && v != 0.0; w++) {
        uint64_t m = k[w] | k[nw + w];
        while (m) {
            int b = __builtin_ctzll(m);
            m &= m - 1;
            int q = 64 * w + b;
            unsigned x = (unsigned)(k[w] >> b) & 1u, z = (unsigned)(k[nw + w] >> b) & 1u;
            /* (x,z): (1,0) X, (1,1) Y, (0,1) Z */
            v *= bloch[3 * q + (x ? (z ? 1 : 0) : 2)];
        }
    }
    return v;
}

PP_INLINE double overlap_nw(const pp_plan *p, const pp_table *t, double *ev, int nw) {
    double sum = 0;
    const size_t n = t->count;
#pragma omp parallel for num_threads(p->tr.threads) if (n > PP_PAR_MIN) schedule(static) \
    reduction(+ : sum)
    for (size_t i = 0; i < n; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        /* Shadows: each surviving term's median-of-means estimate from the data. */
        double e = p->shadows   ? plt_shadows_value_words(p->shadows, k, k + nw)
                   : p->product ? ev_product(k, p->bloch, nw)
                                : ev_basis(k, p->basis_z, nw);
        if (ev) ev[i] = e;
        sum += t->coef[i] * e;
    }
    return sum;
}

double pp_overlap(const pp_plan *p, const pp_table *t, double *ev) {
    switch (t->nw) {
    case 1: return overlap_nw(p, t, ev, 1);
    case 2: return overlap_nw(p, t, ev, 2);
    default: return overlap_nw(p, t, ev, t->nw);
    }
}
