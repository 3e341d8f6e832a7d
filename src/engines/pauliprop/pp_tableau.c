/* A run of Clifford steps composed into one map (circuit/tableau.h): a Clifford conjugation
 * is a group automorphism, so a string's image is the product of its factors' images; a term
 * then costs one multiplication per factor the run moves instead of one local update per step
 * (the 144 RZZ quarter turns of a heavy-hex layer). */
#include <stdlib.h>
#include <string.h>

#include "circuit/tableau.h"
#include "core/error.h"
#include "engines/pauliprop/pp.h"

void pp_tab_free(pp_tab *tb) {
    if (!tb) return;
    if (!tb->borrowed) {
        plt_tableau_images_free(&tb->im);
        free(tb->xr.qoff);
        free(tb->xr.qstep);
    }
    memset(tb, 0, sizeof *tb);
}

int pp_steps_equal(const pp_step *steps, const uint64_t *gens, int nw, size_t a, size_t b,
                   size_t len) {
    for (size_t i = 0; i < len; i++) {
        const pp_step *x = &steps[a + i], *y = &steps[b + i];
        if (x->kind != y->kind) return 0;
        if (x->kind == PP_CLIFF) {
            if (x->nq != y->nq || x->q[0] != y->q[0] || x->q[1] != y->q[1] || x->neg != y->neg ||
                memcmp(x->out, y->out, sizeof x->out) != 0)
                return 0;
        } else if (x->quarter != y->quarter ||
                   memcmp(gens + x->gen, gens + y->gen, 2 * (size_t)nw * sizeof *gens) != 0) {
            return 0;
        }
    }
    return 1;
}

/* The steps in time order, each composed on the right (T <- T o h_step): the result maps a
 * string P to G_lo^dag ... G_{hi-1}^dag P G_{hi-1} ... G_lo, the backward pass of the run. */
plt_status pp_tab_build(pp_tab *tb, int n, int nw, const pp_step *steps, size_t lo, size_t hi,
                        const uint64_t *gens) {
    memset(tb, 0, sizeof *tb);
    plt_tableau t;
    plt_status st = plt_tableau_init(&t, n);
    if (st) return st;
    for (size_t j = lo; j < hi; j++) {
        const pp_step *s = &steps[j];
        if (s->kind == PP_CLIFF) {
            plt_tableau_compose_local(&t, s->nq, s->q, s->out, s->neg);
        } else {
            PLT_ASSERT(s->kind == PP_QROT);
            plt_tableau_compose_rotation(&t, gens + s->gen, gens + s->gen + nw, s->quarter);
        }
    }
    st = plt_tableau_images_make(&t, &tb->im);
    plt_tableau_free(&t);
    if (st) return st;
    tb->lo = lo;
    tb->hi = hi;
    return PLT_OK;
}

/* Qubits a step acts on: a Clifford's one or two, a quarter turn's generator support. */
static int step_touches(const pp_step *st, const uint64_t *gens, int nw, int q) {
    if (st->kind == PP_CLIFF) return st->q[0] == q || (st->nq == 2 && st->q[1] == q);
    const uint64_t *g = gens + st->gen;
    return (int)(((g[q >> 6] | g[nw + (q >> 6)]) >> (q & 63)) & 1u);
}

plt_status pp_xrun_build(pp_tab *tb, int n, int nw, const pp_step *steps, size_t lo, size_t hi,
                         const uint64_t *gens) {
    memset(tb, 0, sizeof *tb);
    size_t total = 0;
    for (int q = 0; q < n; q++)
        for (size_t j = lo; j < hi; j++) total += (size_t)step_touches(&steps[j], gens, nw, q);
    tb->xr.qoff = malloc(((size_t)n + 1) * sizeof *tb->xr.qoff);
    tb->xr.qstep = malloc((total ? total : 1) * sizeof *tb->xr.qstep);
    if (!tb->xr.qoff || !tb->xr.qstep || total >= UINT32_MAX || hi - lo >= UINT32_MAX) {
        pp_tab_free(tb);
        return plt_fail_nomem("a pauliprop Clifford run");
    }
    size_t at = 0;
    for (int q = 0; q < n; q++) {
        tb->xr.qoff[q] = (uint32_t)at;
        for (size_t j = hi; j-- > lo;)
            if (step_touches(&steps[j], gens, nw, q)) tb->xr.qstep[at++] = (uint32_t)(j - lo);
    }
    tb->xr.qoff[n] = (uint32_t)at;
    tb->lo = lo;
    tb->hi = hi;
    return PLT_OK;
}

/* Terms [lo, hi); inlined per word count inside the parallel loop (an OpenMP body is outlined
 * before inlining, so a word count passed into it would stay a variable). */
PP_INLINE void tab_apply_nw(pp_table *t, const pp_tab *tb, size_t lo, size_t hi, int nw) {
    const size_t kw = 2 * (size_t)nw;
    uint64_t *keys = t->keys;
    double *coef = t->coef;
    const plt_tableau_images im = tb->im;
    for (size_t i = lo; i < hi; i++)
        if (plt_tableau_images_apply(&im, keys + i * kw, nw)) coef[i] = -coef[i];
}

plt_status pp_tab_apply(pp_table *t, const pp_tab *tb, int threads) {
    const int nw = t->nw;
    if (nw > 64) return plt_fail(PLT_EUNSUPPORTED, "pauliprop supports at most 4096 qubits");
    const size_t n = t->count;
    const int par = threads > 1 && n > PP_PAR_MIN_CLIFF;
    const int nb = par ? 4 * threads : 1;
#pragma omp parallel for num_threads(threads) if (par) schedule(static)
    for (int b = 0; b < nb; b++) {
        const size_t lo = n * (size_t)b / (size_t)nb, hi = n * (size_t)(b + 1) / (size_t)nb;
        switch (nw) {
        case 1: tab_apply_nw(t, tb, lo, hi, 1); break;
        case 2: tab_apply_nw(t, tb, lo, hi, 2); break;
        default: tab_apply_nw(t, tb, lo, hi, nw); break;
        }
    }
    t->indexed = 0;
    return PLT_OK;
}
