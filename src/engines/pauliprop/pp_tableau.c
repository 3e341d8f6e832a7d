/* A run of Clifford steps composed into one map (a tableau): the images of X, Y and Z on every
 * qubit. A Clifford conjugation is a group automorphism, so a string's image is the product of
 * its factors' images; a term then costs one multiplication per factor the run moves instead
 * of one local update per step (the 144 RZZ quarter turns of a heavy-hex layer).
 *
 * Images are kept as i^e X^x Z^z (e mod 4): multiplying by one is a word XOR and a parity,
 * (X^a Z^b)(X^c Z^d) = (-1)^{|b & c|} X^{a^c} Z^{b^d}. A Hermitian string is
 * i^{|x & z|} X^x Z^z. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"

void pp_tab_free(pp_tab *tb) {
    if (!tb) return;
    if (!tb->borrowed) {
        free(tb->img);
        free(tb->ph);
        free(tb->moved);
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

plt_status pp_tab_build(pp_tab *tb, int n, int nw, const pp_step *steps, size_t lo, size_t hi,
                        const uint64_t *gens) {
    memset(tb, 0, sizeof *tb);
    const size_t kw = 2 * (size_t)nw, m = 3 * (size_t)n;
    pp_trunc plain;
    memset(&plain, 0, sizeof plain);
    plain.threads = 1;
    pp_table t;
    pp_scratch sc;
    pp_acc acc = {0};
    memset(&sc, 0, sizeof sc);
    pp_table_init(&t, nw, 0, 0);
    plt_status st = pp_table_reserve(&t, m);
    tb->img = malloc(m * kw * sizeof *tb->img);
    tb->ph = malloc(m);
    tb->moved = calloc(3 * (size_t)nw, sizeof *tb->moved);
    if (st || !tb->img || !tb->ph || !tb->moved) {
        st = st ? st : plt_fail_nomem("a pauliprop Clifford tableau");
        goto fail;
    }
    /* The 3n single-qubit strings X_q, Y_q, Z_q (unit coefficients) through the run. */
    memset(t.keys, 0, m * kw * sizeof *t.keys);
    for (int q = 0; q < n; q++)
        for (int f = 0; f < 3; f++) {
            uint64_t *k = t.keys + (3 * (size_t)q + (size_t)f) * kw;
            const uint64_t bit = 1ULL << (q & 63);
            if (f != 2) k[q >> 6] |= bit;      /* X, Y: x bit */
            if (f != 0) k[nw + (q >> 6)] |= bit; /* Y, Z: z bit */
            t.coef[3 * (size_t)q + (size_t)f] = 1.0;
        }
    t.count = m;
    if ((st = pp_steps_clifford(&t, steps, lo, hi, gens, &plain, &sc, &acc))) goto fail;
    if (t.count != m) {
        st = plt_fail(PLT_EINTERNAL, "a Clifford run dropped a term without truncation");
        goto fail;
    }
    for (size_t i = 0; i < m; i++) {
        const uint64_t *k = t.keys + i * kw;
        memcpy(tb->img + i * kw, k, kw * sizeof *k);
        unsigned e = t.coef[i] < 0 ? 2u : 0u;
        for (int w = 0; w < nw; w++) e += (unsigned)__builtin_popcountll(k[w] & k[nw + w]);
        tb->ph[i] = (uint8_t)(e & 3u);
        /* Unmoved when the image is the factor itself with sign +. */
        const int q = (int)(i / 3), f = (int)(i % 3);
        int same = t.coef[i] > 0;
        for (int w = 0; w < nw && same; w++) {
            const uint64_t bit = q >> 6 == w ? 1ULL << (q & 63) : 0;
            same = k[w] == (f != 2 ? bit : 0) && k[nw + w] == (f != 0 ? bit : 0);
        }
        if (!same) tb->moved[(size_t)f * (size_t)nw + (size_t)(q >> 6)] |= 1ULL << (q & 63);
    }
    tb->lo = lo;
    tb->hi = hi;
    pp_table_free(&t);
    pp_scratch_free(&sc);
    return PLT_OK;
fail:
    pp_table_free(&t);
    pp_scratch_free(&sc);
    pp_tab_free(tb);
    return st;
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
    const uint64_t *img = tb->img, *mX = tb->moved, *mY = tb->moved + nw,
                   *mZ = tb->moved + 2 * (size_t)nw;
    const uint8_t *ph = tb->ph;
    for (size_t i = lo; i < hi; i++) {
        uint64_t *k = keys + i * kw;
        uint64_t ax[64], az[64], mv[64];
        unsigned e = 0;
        uint64_t any = 0;
        for (int w = 0; w < nw; w++) {
            const uint64_t x = k[w], z = k[nw + w];
            mv[w] = (x & ~z & mX[w]) | (x & z & mY[w]) | (~x & z & mZ[w]);
            any |= mv[w];
            ax[w] = x & ~mv[w];
            az[w] = z & ~mv[w];
            e += (unsigned)__builtin_popcountll(ax[w] & az[w]);
        }
        if (!any) continue;
        for (int w = 0; w < nw; w++) {
            uint64_t m = mv[w];
            while (m) {
                const int b = __builtin_ctzll(m);
                m &= m - 1;
                const unsigned x = (unsigned)(k[w] >> b) & 1u, z = (unsigned)(k[nw + w] >> b) & 1u;
                /* (x,z): (1,0) X -> 0, (1,1) Y -> 1, (0,1) Z -> 2 */
                const size_t f = 3 * (size_t)(64 * w + b) + (x ? (z ? 1 : 0) : 2);
                const uint64_t *im = img + f * kw;
                unsigned par = 0;
                for (int v = 0; v < nw; v++) {
                    par += (unsigned)__builtin_popcountll(az[v] & im[v]);
                    ax[v] ^= im[v];
                    az[v] ^= im[nw + v];
                }
                e += ph[f] + 2u * par;
            }
        }
        for (int w = 0; w < nw; w++) {
            e -= (unsigned)__builtin_popcountll(ax[w] & az[w]);
            k[w] = ax[w];
            k[nw + w] = az[w];
        }
        /* e is even: the image of a Hermitian string is Hermitian. */
        if (e & 2u) coef[i] = -coef[i];
    }
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
