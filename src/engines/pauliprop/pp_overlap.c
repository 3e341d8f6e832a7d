/* Overlap of a propagated sum with the initial state: <psi| sum_s c_s s |psi>. */
#include <math.h>
#include <stdlib.h>

#include "engines/pauliprop/pp.h"
#include "pauli/psum_impl.h"
#include "plateau/shadows.h"
#include "core/error.h"
#include "state/state_table.h"
#include "state/state_vector.h"

/* Terms [lo, hi) for a basis (product 0) or product state; inlined per word count and state
 * kind inside the parallel loop (an OpenMP body is outlined before inlining, so a word count
 * passed into it would stay a variable). */
PP_INLINE double overlap_range(const pp_plan *p, const pp_table *t, double *ev, size_t lo,
                               size_t hi, int product, int nw) {
    double sum = 0;
    for (size_t i = lo; i < hi; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        double e = product ? pp_ev_product(k, p->bloch, nw) : pp_ev_basis(k, p->basis_z, nw);
        if (ev) ev[i] = e;
        sum += t->coef[i] * e;
    }
    return sum;
}

static double overlap_basis(const pp_plan *p, const pp_table *t, double *ev) {
    const size_t n = t->count;
    const int nw = t->nw, nbk = pp_sum_blocks(n);
    double part[PP_SUM_BLOCKS];
#pragma omp parallel for num_threads(p->tr.threads) if (nbk > 1) schedule(static)
    for (int b = 0; b < nbk; b++) {
        const size_t lo = n * (size_t)b / (size_t)nbk, hi = n * (size_t)(b + 1) / (size_t)nbk;
        switch (p->product ? 0 : nw) {
        case 1: part[b] = overlap_range(p, t, ev, lo, hi, 0, 1); break;
        case 2: part[b] = overlap_range(p, t, ev, lo, hi, 0, 2); break;
        default: part[b] = overlap_range(p, t, ev, lo, hi, p->product, nw); break;
        }
    }
    double sum = 0;
    for (int b = 0; b < nbk; b++) sum += part[b];
    return sum;
}

/* Shadows: each surviving term's median-of-means estimate from the data, looked up in the
 * plan's cache first. Misses are estimated in parallel, then inserted serially, so the
 * cache is never written while threads read it; the values do not depend on the cache. */
static double overlap_shadows(const pp_plan *p, const pp_table *t, double *ev) {
    const size_t n = t->count;
    const int nw = t->nw;
    plt_psum *cache = p->shadow_cache;
    if (cache && plt_psum_nwords(cache) != nw) cache = NULL;
    double *val = ev ? ev : malloc((n ? n : 1) * sizeof *val);
    double sum = 0;
    if (!val || !cache) { /* no scratch or cache: estimate every term directly */
        for (size_t i = 0; i < n; i++) {
            const uint64_t *k = t->keys + i * 2 * (size_t)nw;
            double e = plt_shadows_value_words(p->shadows, k, k + nw);
            if (ev) ev[i] = e;
            sum += t->coef[i] * e;
        }
        if (val != ev) free(val);
        return sum;
    }
#pragma omp parallel for num_threads(p->tr.threads) schedule(dynamic, 64)
    for (size_t i = 0; i < n; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        size_t j = plt_psum_find_words(cache, k, k + nw);
        val[i] = j != SIZE_MAX ? plt_psum_coef(cache, j)[0]
                               : plt_shadows_value_words(p->shadows, k, k + nw);
    }
    for (size_t i = 0; i < n; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        /* A failed insert only costs a later re-estimate. */
        if (plt_psum_find_words(cache, k, k + nw) == SIZE_MAX)
            (void)plt_psum_add_words(cache, k, k + nw, val[i], 0, NULL);
        sum += t->coef[i] * val[i];
    }
    if (val != ev) free(val);
    return sum;
}

/* A state vector (n <= 30, one word a plane): each term costs one pass over the 2^n
 * amplitudes, so the terms are shared among the threads; their values are summed in order
 * after (the same sum for any thread count). */
static double overlap_vector(const pp_plan *p, const pp_table *t, double *ev) {
    const size_t n = t->count;
    double *val = ev ? ev : malloc((n ? n : 1) * sizeof *val);
    double sum = 0;
    if (!val) { /* no room for the values: one thread */
        for (size_t i = 0; i < n; i++)
            sum += t->coef[i] * state_vector_expect(p->n, p->amps, t->keys[2 * i],
                                                    t->keys[2 * i + 1]);
        return sum;
    }
#pragma omp parallel for num_threads(p->tr.threads) schedule(dynamic, 4)
    for (size_t i = 0; i < n; i++)
        val[i] = state_vector_expect(p->n, p->amps, t->keys[2 * i], t->keys[2 * i + 1]);
    for (size_t i = 0; i < n; i++) sum += t->coef[i] * val[i];
    if (val != ev) free(val);
    return sum;
}

/* A table of measured values: NaN when a term's string is missing (pp_overlap_checked
 * names it). */
static double overlap_table(const pp_plan *p, const pp_table *t, double *ev) {
    double sum = 0;
    const int nw = t->nw;
    for (size_t i = 0; i < t->count; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        double e;
        if (!state_table_value(p->table, k, k + nw, &e)) return NAN;
        if (ev) ev[i] = e;
        sum += t->coef[i] * e;
    }
    return sum;
}

plt_status pp_overlap_checked(const pp_plan *p, const pp_table *t, double *ev, double *out) {
    *out = pp_overlap(p, t, ev);
    if (!p->table || !isnan(*out)) return PLT_OK;
    const int nw = t->nw;
    double e;
    for (size_t i = 0; i < t->count; i++) {
        const uint64_t *k = t->keys + i * 2 * (size_t)nw;
        if (!state_table_value(p->table, k, k + nw, &e))
            return state_table_missing(p->table, k, k + nw);
    }
    return plt_fail(PLT_EINTERNAL, "pauliprop: the overlap with the table is not a number");
}

double pp_overlap(const pp_plan *p, const pp_table *t, double *ev) {
    if (p->shadows) return overlap_shadows(p, t, ev);
    if (p->amps) return overlap_vector(p, t, ev);
    if (p->table) return overlap_table(p, t, ev);
    return overlap_basis(p, t, ev);
}
