/* A layer of single-qubit rotations on distinct qubits (RX on every qubit), applied in one pass
 * over the terms instead of one pass per rotation, with the per-rotation semantics kept.
 *
 * A rotation about axis P on qubit q swaps the two factors that anticommute with P (Z and Y
 * for RX) and fixes I and P. So the layer maps each string into its class: the strings equal
 * to it up to that swap on each qubit where it anticommutes. Classes never mix, and inside a
 * class every rotation of the layer touching it splits every string. Each class is therefore
 * propagated on its own, rotation by rotation in the order of the step-by-step path, with the
 * same cos/sin products, the same pairwise merges (a + b is exact in either order), the same
 * truncation predicate on the sin branches and the same min_abs scan after each rotation:
 * the terms, coefficients and dropped weight are those of pp_step_apply, bit for bit; only the
 * order of the terms differs. A class with one string cannot merge (its paths are distinct
 * strings), so it needs no lookups. Classes are found by hashing each string with its
 * anticommuting factors put in a canonical form; strings that anticommute with no rotation
 * are copied.
 *
 * The output is written class by class in the order of each class's first string, in blocks
 * processed in parallel and concatenated in order: the same table for any thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__BMI2__)
#include <immintrin.h>
#endif
/* Bit deposit and extract in one instruction where they are fast (BMI2, but not the
 * microcoded ones of AMD before Zen 3); else loops over the bits. */
#if defined(__BMI2__) && !defined(__znver1__) && !defined(__znver2__)
#define PP_FAST_PDEP 1
#else
#define PP_FAST_PDEP 0
#endif

#include "core/error.h"
#include "engines/pauliprop/pp.h"
#include "pauli/pstring.h"

size_t pp_layer_lo(const pp_step *steps, const uint64_t *gens, int nw, size_t k, size_t to) {
    uint64_t seen[64] = {0};
    if (nw > 64) return k - 1;
    size_t j = k;
    while (j > to) {
        const pp_step *s = &steps[j - 1];
        if (s->kind != PP_ROT) break;
        const uint64_t *g = gens + s->gen;
        int wt = 0, q = -1;
        for (int w = 0; w < nw; w++) {
            const uint64_t sup = g[w] | g[nw + w];
            wt += __builtin_popcountll(sup);
            if (sup) q = 64 * w + __builtin_ctzll(sup);
        }
        if (wt != 1 || ((seen[q >> 6] >> (q & 63)) & 1u)) break;
        seen[q >> 6] |= 1ULL << (q & 63);
        j--;
    }
    return j;
}

/* One rotation of the layer, in processing order. */
typedef struct lgate {
    int q;
    unsigned gx, gz; /* axis: X (1,0), Y (1,1), Z (0,1) */
    double c, s, as;
} lgate;

/* Per-thread space for a class's strings, the branches of one rotation and a local index. */
typedef struct lws {
    size_t cap, scap;
    uint64_t *key, *bkey, *pat;
    double *c, *sp, *bc, *bsp, *sd;
    uint16_t *f, *bf;
    uint32_t *slot;
    uint32_t *dtab; /* 2^PP_DIRECT positions by pattern, all UINT32_MAX between classes */
    int *ord;
    /* pattern_run's result: the base string and the swap of each pattern bit (word, x, z). */
    int patterns;
    uint64_t base[2 * 64];
    int fw[64];
    uint64_t fx[64], fz[64];
    /* The same by word: pattern bits poff[v] .. go to the qubits of pq[v] in order, flipping
     * the x plane where pgx[v] and the z plane where pgz[v] (pattern_key's deposit). */
    uint64_t pq[64], pgx[64], pgz[64];
    int poff[64];
} lws;

static void lws_free(lws *w) {
    free(w->key);
    free(w->bkey);
    free(w->pat);
    free(w->c);
    free(w->sp);
    free(w->bc);
    free(w->bsp);
    free(w->sd);
    free(w->f);
    free(w->bf);
    free(w->slot);
    free(w->dtab);
    free(w->ord);
    memset(w, 0, sizeof *w);
}

#define GROW(ptr, n)                                                                         \
    do {                                                                                     \
        void *np_ = realloc((ptr), (n) * sizeof *(ptr));                                     \
        if (!np_) return 0;                                                                  \
        (ptr) = np_;                                                                         \
    } while (0)

/* Room for n local strings (and n branches); 0 when out of memory. */
static int lws_reserve(lws *w, size_t n, int nw) {
    if (n <= w->cap) return 1;
    size_t nc = n + n / 2 + 16;
    GROW(w->key, nc * 2 * (size_t)nw);
    GROW(w->bkey, nc * 2 * (size_t)nw);
    GROW(w->pat, nc);
    GROW(w->c, nc);
    GROW(w->sp, nc);
    GROW(w->bc, nc);
    GROW(w->bsp, nc);
    GROW(w->sd, nc);
    GROW(w->f, nc);
    GROW(w->bf, nc);
    w->cap = nc;
    return 1;
}

/* An empty index of the smallest power-of-two size >= max(16, 2m) in w->slot (all slots
 * UINT32_MAX); returns that size, 0 when out of memory. */
static size_t lws_slots(lws *w, size_t m) {
    size_t ns = 16;
    while (ns < 2 * m) ns <<= 1;
    if (ns > w->scap) {
        uint32_t *s2 = realloc(w->slot, ns * sizeof *s2);
        if (!s2) return 0;
        w->slot = s2;
        w->scap = ns;
    }
    memset(w->slot, 0xff, ns * sizeof *w->slot);
    return ns;
}

/* The record of one class's rotations for the adjoint (pp_layer_adjoint): for rotation r
 * (processing order; the class's r-th, gate rk[r]), entries off[r] .. off[r+1], one per
 * string before it: its coefficient, the sign of its sin branch, and the positions its cos
 * and sin parts reached after the rotation and the min_abs scan (-1 when dropped), so that
 * the reverse pass needs no lookups. NULL in the forward, which then records nothing. */
typedef struct ltape {
    size_t cap, at, mmax;
    double *c0, *sg;
    int32_t *icos, *isin, *bsrc;
    int32_t *remap;
    size_t rcap;
    int nrot;
    size_t *off; /* 64 * nw + 1 */
    int *rk;     /* 64 * nw */
} ltape;

static void ltape_free(ltape *tp) {
    free(tp->c0);
    free(tp->sg);
    free(tp->icos);
    free(tp->isin);
    free(tp->bsrc);
    free(tp->remap);
    free(tp->off);
    free(tp->rk);
    memset(tp, 0, sizeof *tp);
}

/* Opens rotation gate `rank` over m strings; 0 when out of memory. */
static int ltape_begin(ltape *tp, size_t m, int rank) {
    if (tp->at + m > tp->cap) {
        size_t nc = tp->at + m + (tp->at + m) / 2 + 64;
        GROW(tp->c0, nc);
        GROW(tp->sg, nc);
        GROW(tp->icos, nc);
        GROW(tp->isin, nc);
        tp->cap = nc;
    }
    if (2 * m + 1 > tp->rcap) {
        size_t nc = 2 * m + 64;
        GROW(tp->bsrc, nc);
        GROW(tp->remap, nc);
        tp->rcap = nc;
    }
    if (m > tp->mmax) tp->mmax = m;
    tp->off[tp->nrot] = tp->at;
    tp->rk[tp->nrot] = rank;
    return 1;
}

/* Closes the rotation opened last over m strings, now mnew after the merge; remap (when
 * non-NULL) gives each merged position's place after the min_abs scan, or -1. */
static void ltape_end(ltape *tp, size_t m, size_t mnew, const int32_t *remap) {
    int32_t *ic = tp->icos + tp->at, *is = tp->isin + tp->at;
    if (remap)
        for (size_t e = 0; e < m; e++) {
            ic[e] = remap[ic[e]];
            if (is[e] >= 0) is[e] = remap[is[e]];
        }
    if (mnew > tp->mmax) tp->mmax = mnew;
    tp->at += m;
    tp->nrot++;
    tp->off[tp->nrot] = tp->at;
}

/* Copies a key of nw words per plane: a constant size for 1 and 2 words, so that the copy is
 * a few moves instead of a call (the calls were 5% of case B). */
PP_INLINE void kcopy(uint64_t *d, const uint64_t *s, int nw) {
    switch (nw) {
    case 1: memcpy(d, s, 2 * sizeof *d); break;
    case 2: memcpy(d, s, 4 * sizeof *d); break;
    default: memcpy(d, s, 2 * (size_t)nw * sizeof *d); break;
    }
}

/* Appends n terms from local arrays to out (an unindexed table; keys left for the caller
 * when key is NULL); 0 when out of memory. */
static int out_append(pp_table *out, const uint64_t *key, const double *c, const uint16_t *f,
                      const double *sp, size_t n) {
    const size_t kw = 2 * (size_t)out->nw;
    if (n == 0) return 1;
    if (out->count + n > out->cap) {
        size_t nc = out->cap ? out->cap : 256;
        while (nc < out->count + n) nc += nc / 2 + 1;
        GROW(out->keys, nc * kw);
        GROW(out->coef, nc);
        if (out->tf) GROW(out->freq, nc);
        if (out->ts) GROW(out->sprod, nc);
        out->cap = nc;
    }
    if (n == 1) {
        if (key) kcopy(out->keys + out->count * kw, key, out->nw);
        out->coef[out->count] = *c;
        if (out->tf) out->freq[out->count] = *f;
        if (out->ts) out->sprod[out->count] = *sp;
        out->count++;
        return 1;
    }
    if (key) memcpy(out->keys + out->count * kw, key, n * kw * sizeof *key);
    memcpy(out->coef + out->count, c, n * sizeof *c);
    if (out->tf) memcpy(out->freq + out->count, f, n * sizeof *f);
    if (out->ts) memcpy(out->sprod + out->count, sp, n * sizeof *sp);
    out->count += n;
    return 1;
}

/* Positions where the string anticommutes with the layer's rotation on that qubit. */
PP_INLINE uint64_t anti_word(uint64_t x, uint64_t z, uint64_t mx, uint64_t my, uint64_t mz) {
    return (z & mx) | ((x ^ z) & my) | (x & mz);
}

/* The class representative's words: Z for an X axis, X for a Y or Z axis. */
PP_INLINE void canon_nw(const uint64_t *k, uint64_t *r, const uint64_t *m, int nw) {
    for (int w = 0; w < nw; w++) {
        const uint64_t x = k[w], z = k[nw + w];
        const uint64_t ax = z & m[w], ay = (x ^ z) & m[nw + w], az = x & m[2 * nw + w];
        r[w] = (x & ~ax) | ay;
        r[nw + w] = z & ~az & ~ay;
    }
}

typedef struct layer_ctx {
    const pp_trunc *tr;
    const lgate *g;
    const int *rank; /* rank[q]: the rotation on qubit q in processing order, or -1 */
    const uint64_t *m; /* 3*nw words: masks of the X, Y and Z axes */
    int nw;
} layer_ctx;

/* The sign of i P Q for axis (gx, gz) and factor (kx, kz) on one qubit (as rot_image). */
PP_INLINE double local_sign(unsigned gx, unsigned gz, unsigned kx, unsigned kz) {
    const unsigned rx = kx ^ gx, rz = kz ^ gz;
    const unsigned ph = 1u + (gx & gz) + (kx & kz) + 2u * (gz & kx) - (rx & rz);
    return (ph & 3u) == 0 ? 1.0 : -1.0;
}

/* Classes touched by at most this many rotations find their patterns in a table addressed by
 * the pattern itself (lws.dtab, kept up to date through the class) instead of an index
 * rebuilt and hashed at every rotation: that hashing was a fifth of case B. */
enum { PP_DIRECT = 14 };

/* Empties the direct table's entries of patterns [0, m). */
static void dtab_clear(lws *w, size_t m) {
    for (size_t e = 0; e < m; e++) w->dtab[w->pat[e]] = UINT32_MAX;
}

/* A class touched by nq <= 64 rotations (w->ord[0..nq)), its strings w->key[0..m): each is
 * a base string (the canonical one; for a class of one string, itself) with the factors of a
 * set of those rotations' qubits swapped, a bit mask over the class's qubits (its pattern),
 * so a rotation's sin branch flips one bit and the branch sign depends on that bit only.
 * Patterns are merged through a small index keyed by the pattern; a class of one string
 * needs none (its paths are distinct). emit_patterns writes the strings out. */
PP_INLINE size_t pattern_run_tf(const layer_ctx *cx, lws *w, size_t m, int nq, int single,
                                double *dw, size_t *dn, int tf, int ts, ltape *tp, int nw) {
    const size_t kw = 2 * (size_t)nw;
    /* A local copy: stores to the coefficients could alias the settings' doubles, which
     * were then reloaded for every branch. */
    const pp_trunc trl = *cx->tr, *tr = &trl;
    const double ma = tr->min_abs;
    /* Pattern bit j is the class's j-th qubit from the bottom; jpos[gi], that of rotation gi. */
    uint64_t Q[64];
    int off[65], jpos[64];
    off[0] = 0;
    for (int v = 0; v < nw; v++) {
        Q[v] = anti_word(w->key[v], w->key[nw + v], cx->m[v], cx->m[nw + v], cx->m[2 * nw + v]);
        off[v + 1] = off[v] + __builtin_popcountll(Q[v]);
    }
    for (int gi = 0; gi < nq; gi++) {
        const lgate *g = &cx->g[w->ord[gi]];
        const int wd = g->q >> 6, b = g->q & 63;
        const int j = off[wd] + __builtin_popcountll(Q[wd] & ((1ULL << b) - 1));
        jpos[gi] = j;
        w->fw[j] = wd;
        w->fx[j] = (uint64_t)g->gx << b;
        w->fz[j] = (uint64_t)g->gz << b;
    }
    uint64_t base[2 * 64];
    /* A class of one string is its own base (pattern 0); others start from the canonical. */
    if (single) {
        memcpy(base, w->key, kw * sizeof *base);
        w->pat[0] = 0;
    } else {
        canon_nw(w->key, base, cx->m, nw);
    }
    const int direct = !single && nq <= PP_DIRECT;
    if (direct && !w->dtab) {
        w->dtab = malloc(((size_t)1 << PP_DIRECT) * sizeof *w->dtab);
        if (!w->dtab) return SIZE_MAX;
        memset(w->dtab, 0xff, ((size_t)1 << PP_DIRECT) * sizeof *w->dtab);
    }
    for (size_t e = 0; e < m && !single; e++) {
        const uint64_t *k = w->key + e * kw;
        uint64_t pt = 0;
        for (int v = 0; v < nw; v++) {
            const uint64_t dv = ((k[v] ^ base[v]) | (k[nw + v] ^ base[nw + v])) & Q[v];
#if PP_FAST_PDEP
            if (off[v] < 64) pt |= _pext_u64(dv, Q[v]) << off[v];
#else
            for (uint64_t d = dv; d; d &= d - 1)
                pt |= 1ULL << (off[v] + __builtin_popcountll(Q[v] & ((d & -d) - 1)));
#endif
        }
        w->pat[e] = pt;
        if (direct) w->dtab[pt] = (uint32_t)e; /* the class's strings are distinct */
    }
    for (int gi = 0; gi < nq; gi++) {
        const lgate *g = &cx->g[w->ord[gi]];
        const int wd = g->q >> 6, b = g->q & 63;
        const unsigned kx = (unsigned)(base[wd] >> b) & 1u,
                       kz = (unsigned)(base[nw + wd] >> b) & 1u;
        /* The sign for the canonical factor and for the swapped one. */
        const double sgn[2] = {local_sign(g->gx, g->gz, kx, kz),
                               local_sign(g->gx, g->gz, kx ^ g->gx, kz ^ g->gz)};
        const double cc = g->c, s = g->s;
        if (!lws_reserve(w, 2 * m, nw) || (tp && !ltape_begin(tp, m, w->ord[gi]))) {
            if (direct) dtab_clear(w, m);
            return SIZE_MAX;
        }
        const size_t m0 = m;
        const int jg = jpos[gi];
        const uint64_t bit = 1ULL << jg;
        size_t smask = 0;
        int sh = 0;
        if (!single && !direct) {
            const size_t ns = lws_slots(w, m);
            if (!ns) return SIZE_MAX;
            sh = 64 - __builtin_ctzll((unsigned long long)ns); /* the top log2(ns) bits */
            smask = ns - 1;
            for (size_t e = 0; e < m; e++) {
                size_t h = (size_t)(plt_hash_mix(w->pat[e]) >> sh);
                while (w->slot[h] != UINT32_MAX) h = (h + 1) & smask;
                w->slot[h] = (uint32_t)e;
            }
        }
        if (single && !tp) {
            /* No merges (a class of one string): cos parts kept in place, sin branches aside,
             * then appended, in one pass. The same order and drops as below: every kept branch
             * passed min_abs, so the scan drops cos parts only, summed after the branches'
             * (in the same order as below: the dropped weight bit for bit). */
            size_t o = 0, nb = 0, nsd = 0;
            for (size_t e = 0; e < m; e++) {
                const double c0 = w->c[e];
                const double bc = c0 * s * sgn[(w->pat[e] >> jg) & 1u], cn = c0 * cc;
                const unsigned f = tf ? w->f[e] : 0;
                const double sp = ts ? w->sp[e] : 1.0;
                if (pp_branch_keep(tr, bc, 0, f, sp, g->as)) {
                    w->bkey[nb] = w->pat[e] ^ bit;
                    w->bc[nb] = bc;
                    if (tf) w->bf[nb] = (uint16_t)(f + 1 > UINT16_MAX ? UINT16_MAX : f + 1);
                    if (ts) w->bsp[nb] = sp * g->as;
                    nb++;
                } else {
                    dw[0] += bc * bc;
                    dw[1] += fabs(bc);
                    (*dn)++;
                }
                if (ma > 0 && fabs(cn) < ma) {
                    w->sd[nsd++] = cn;
                    continue;
                }
                w->pat[o] = w->pat[e];
                w->c[o] = cn;
                if (tf) w->f[o] = (uint16_t)f;
                if (ts) w->sp[o] = sp;
                o++;
            }
            for (size_t i = 0; i < nsd; i++) {
                dw[0] += w->sd[i] * w->sd[i];
                dw[1] += fabs(w->sd[i]);
            }
            *dn += nsd;
            memcpy(w->pat + o, w->bkey, nb * sizeof *w->pat);
            memcpy(w->c + o, w->bc, nb * sizeof *w->c);
            if (tf) memcpy(w->f + o, w->bf, nb * sizeof *w->f);
            if (ts) memcpy(w->sp + o, w->bsp, nb * sizeof *w->sp);
            m = o + nb;
            if (m == 0) return 0;
            continue;
        }
        /* Cos in place and the sin branches (as rot_nw), then the merge (as merge_nw): every
         * branch meets at most one old pattern. */
        size_t nb = 0;
        for (size_t e = 0; e < m; e++) {
            const double c0 = w->c[e];
            const double sign = sgn[(w->pat[e] >> jg) & 1u];
            const double bc = c0 * s * sign;
            w->c[e] = c0 * cc;
            if (tp) {
                tp->c0[tp->at + e] = c0;
                tp->sg[tp->at + e] = sign;
                tp->icos[tp->at + e] = (int32_t)e;
                tp->isin[tp->at + e] = -1;
            }
            const unsigned f = tf ? w->f[e] : 0;
            const double sp = ts ? w->sp[e] : 1.0;
            /* The weight is that of the string (the swap keeps it), which passed max_weight. */
            if (pp_branch_keep(tr, bc, 0, f, sp, g->as)) {
                if (tp) tp->bsrc[nb] = (int32_t)e;
                w->bkey[nb] = w->pat[e] ^ bit;
                w->bc[nb] = bc;
                if (tf) w->bf[nb] = (uint16_t)(f + 1 > UINT16_MAX ? UINT16_MAX : f + 1);
                if (ts) w->bsp[nb] = sp * g->as;
                nb++;
            } else {
                dw[0] += bc * bc;
                dw[1] += fabs(bc);
                (*dn)++;
            }
        }
        for (size_t i = 0; i < nb; i++) {
            const uint64_t pt = w->bkey[i];
            if (!single) {
                uint32_t j;
                if (direct) {
                    j = w->dtab[pt];
                } else {
                    size_t h = (size_t)(plt_hash_mix(pt) >> sh);
                    while ((j = w->slot[h]) != UINT32_MAX && w->pat[j] != pt)
                        h = (h + 1) & smask;
                }
                if (j != UINT32_MAX) {
                    w->c[j] += w->bc[i];
                    if (tf && w->bf[i] < w->f[j]) w->f[j] = w->bf[i];
                    if (ts && w->bsp[i] > w->sp[j]) w->sp[j] = w->bsp[i];
                    if (tp) tp->isin[tp->at + tp->bsrc[i]] = (int32_t)j;
                    continue;
                }
            }
            if (tp) tp->isin[tp->at + tp->bsrc[i]] = (int32_t)m;
            if (direct) w->dtab[pt] = (uint32_t)m;
            w->pat[m] = pt;
            w->c[m] = w->bc[i];
            if (tf) w->f[m] = w->bf[i];
            if (ts) w->sp[m] = w->bsp[i];
            m++;
        }
        /* The min_abs scan after the rotation (pp_truncate2). */
        if (ma > 0) {
            size_t o = 0;
            for (size_t e = 0; e < m; e++) {
                const double c = w->c[e];
                if (fabs(c) < ma) {
                    dw[0] += c * c;
                    dw[1] += fabs(c);
                    (*dn)++;
                    if (tp) tp->remap[e] = -1;
                    if (direct) w->dtab[w->pat[e]] = UINT32_MAX;
                    continue;
                }
                if (tp) tp->remap[e] = (int32_t)o;
                if (direct) w->dtab[w->pat[e]] = (uint32_t)o;
                w->pat[o] = w->pat[e];
                w->c[o] = c;
                if (tf) w->f[o] = w->f[e];
                if (ts) w->sp[o] = w->sp[e];
                o++;
            }
            if (tp) ltape_end(tp, m0, o, tp->remap);
            m = o;
        } else if (tp) {
            ltape_end(tp, m0, m, NULL);
        }
        if (m == 0) return 0;
    }
    if (direct) dtab_clear(w, m);
    /* Left as patterns: emit_patterns writes the strings straight into the output. */
    memcpy(w->base, base, kw * sizeof *base);
    for (int v = 0; v < nw; v++) {
        w->pq[v] = Q[v];
        w->poff[v] = off[v];
        w->pgx[v] = Q[v] & (cx->m[v] | cx->m[nw + v]);          /* X or Y axis: x flips */
        w->pgz[v] = Q[v] & (cx->m[nw + v] | cx->m[2 * nw + v]); /* Y or Z axis: z flips */
    }
    w->patterns = 1;
    return m;
}

PP_INLINE size_t pattern_run_nw(const layer_ctx *cx, lws *w, size_t m, int nq, int single,
                                double *dw, size_t *dn, ltape *tp, int nw) {
    const int tf = cx->tr->max_freq > 0, ts = cx->tr->small_angle > 0;
    /* The forward's instances record nothing (tp a constant NULL). */
    if (tp) return pattern_run_tf(cx, w, m, nq, single, dw, dn, tf, ts, tp, nw);
    if (!tf && !ts) return pattern_run_tf(cx, w, m, nq, single, dw, dn, 0, 0, NULL, nw);
    return pattern_run_tf(cx, w, m, nq, single, dw, dn, tf, ts, NULL, nw);
}

static size_t pattern_run(const layer_ctx *cx, lws *w, size_t m, int nq, int single,
                          double *dw, size_t *dn, ltape *tp) {
    /* Dropped weight summed in locals (in the same order): through the caller's pointers
     * every addition was a store and a reload. The word count a constant for 1 and 2. */
    double d[2] = {dw[0], dw[1]};
    size_t k = *dn, r;
    switch (cx->nw) {
    case 1: r = pattern_run_nw(cx, w, m, nq, single, d, &k, tp, 1); break;
    case 2: r = pattern_run_nw(cx, w, m, nq, single, d, &k, tp, 2); break;
    default: r = pattern_run_nw(cx, w, m, nq, single, d, &k, tp, cx->nw); break;
    }
    dw[0] = d[0];
    dw[1] = d[1];
    *dn = k;
    return r;
}

/* Pattern pt of the class left by pattern_run as a string in k. With a fast bit deposit
 * (PP_FAST_PDEP) each word's flips are one deposit of its pattern bits onto its qubits; else
 * one flip per set bit, a chain of dependent read-modify-writes that was a fifth of case A. */
PP_INLINE void pattern_key(const lws *w, uint64_t pt, uint64_t *k, int nw) {
#if PP_FAST_PDEP
    for (int v = 0; v < nw; v++) {
        const uint64_t f = _pdep_u64(w->poff[v] < 64 ? pt >> w->poff[v] : 0, w->pq[v]);
        k[v] = w->base[v] ^ (f & w->pgx[v]);
        k[nw + v] = w->base[nw + v] ^ (f & w->pgz[v]);
    }
#else
    kcopy(k, w->base, nw);
    for (; pt; pt &= pt - 1) {
        const int j = __builtin_ctzll(pt);
        k[w->fw[j]] ^= w->fx[j];
        k[nw + w->fw[j]] ^= w->fz[j];
    }
#endif
}

/* Appends the m strings left as patterns by pattern_run to out; 0 when out of memory. */
static int emit_patterns(pp_table *out, const lws *w, size_t m) {
    const int nw = out->nw;
    const size_t kw = 2 * (size_t)nw;
    if (!out_append(out, NULL, w->c, w->f, w->sp, m)) return 0;
    uint64_t *k = out->keys + (out->count - m) * kw;
    switch (nw) {
    case 1:
        for (size_t e = 0; e < m; e++, k += kw) pattern_key(w, w->pat[e], k, 1);
        break;
    case 2:
        for (size_t e = 0; e < m; e++, k += kw) pattern_key(w, w->pat[e], k, 2);
        break;
    default:
        for (size_t e = 0; e < m; e++, k += kw) pattern_key(w, w->pat[e], k, nw);
        break;
    }
    return 1;
}

/* The state a layer's output is overlapped with instead of stored (pp_layer_overlap). */
typedef struct layer_ov {
    const uint64_t *bz; /* basis state: qubits in |1> */
    const double *bloch; /* product state, or NULL */
} layer_ov;

PP_INLINE double ov_ev(const layer_ov *ov, const uint64_t *k, int nw) {
    return ov->bloch ? pp_ev_product(k, ov->bloch, nw) : pp_ev_basis(k, ov->bz, nw);
}

/* Room for n more terms in out; 0 when out of memory. */
static int out_room(pp_table *out, size_t n) {
    if (out->count + n <= out->cap) return 1;
    size_t nc = out->cap ? out->cap : 256;
    while (nc < out->count + n) nc += nc / 2 + 1;
    GROW(out->keys, nc * 2 * (size_t)out->nw);
    GROW(out->coef, nc);
    if (out->tf) GROW(out->freq, nc);
    if (out->ts) GROW(out->sprod, nc);
    out->cap = nc;
    return 1;
}

/* Appends the products coefficient * expectation of the class's m strings (left by
 * class_run: patterns or strings) to out->coef, keys unwritten; 0 when out of memory. */
PP_INLINE int emit_values_nw(pp_table *out, const lws *w, size_t m, const layer_ov *ov, int nw) {
    if (!out_room(out, m)) return 0;
    double *v = out->coef + out->count;
    uint64_t k[2 * 64];
    for (size_t e = 0; e < m; e++) {
        const uint64_t *ke = w->key + e * 2 * (size_t)nw;
        if (w->patterns) {
            pattern_key(w, w->pat[e], k, nw);
            ke = k;
        }
        v[e] = w->c[e] * ov_ev(ov, ke, nw);
    }
    out->count += m;
    return 1;
}

static int emit_values(pp_table *out, const lws *w, size_t m, const layer_ov *ov) {
    switch (out->nw) {
    case 1: return emit_values_nw(out, w, m, ov, 1);
    case 2: return emit_values_nw(out, w, m, ov, 2);
    default: return emit_values_nw(out, w, m, ov, out->nw);
    }
}

/* Propagates one class (local strings [0, m) in w) through its rotations; returns the count
 * left, or SIZE_MAX when out of memory. */
static size_t class_run(const layer_ctx *cx, lws *w, size_t m, int single, double *dw,
                        size_t *dn, ltape *tp) {
    const int nw = cx->nw;
    const size_t kw = 2 * (size_t)nw;
    const pp_trunc *tr = cx->tr;
    const int tf = tr->max_freq > 0, ts = tr->small_angle > 0;
    /* The rotations touching the class, in processing order. */
    int nq = 0;
    /* From the top qubit down: a layer written qubit by qubit is processed in that order, so
     * the insertion sort below does no moves. */
    for (int v = nw; v-- > 0;) {
        uint64_t a = anti_word(w->key[v], w->key[nw + v], cx->m[v], cx->m[nw + v],
                               cx->m[2 * nw + v]);
        while (a) {
            const int hb = 63 - __builtin_clzll(a);
            const int q = 64 * v + hb;
            a &= ~(1ULL << hb);
            int r = cx->rank[q], i = nq++;
            while (i > 0 && w->ord[i - 1] > r) {
                w->ord[i] = w->ord[i - 1];
                i--;
            }
            w->ord[i] = r;
        }
    }
    if (nq <= 64) return pattern_run(cx, w, m, nq, single, dw, dn, tp);
    for (int gi = 0; gi < nq; gi++) {
        const lgate *g = &cx->g[w->ord[gi]];
        const int wd = g->q >> 6, b = g->q & 63;
        const uint64_t fx = (uint64_t)g->gx << b, fz = (uint64_t)g->gz << b;
        if (tp && !ltape_begin(tp, m, w->ord[gi])) return SIZE_MAX;
        const size_t m0 = m;
        /* Each string: cos in place, the sin branch aside (as rot_nw). */
        size_t nb = 0;
        for (size_t e = 0; e < m; e++) {
            const uint64_t *k = w->key + e * kw;
            const unsigned kx = (unsigned)(k[wd] >> b) & 1u, kz = (unsigned)(k[nw + wd] >> b) & 1u;
            const double sign = local_sign(g->gx, g->gz, kx, kz);
            const double c0 = w->c[e];
            const double bc = c0 * g->s * sign;
            w->c[e] = c0 * g->c;
            if (tp) {
                tp->c0[tp->at + e] = c0;
                tp->sg[tp->at + e] = sign;
                tp->icos[tp->at + e] = (int32_t)e;
                tp->isin[tp->at + e] = -1;
            }
            const unsigned f = tf ? w->f[e] : 0;
            const double sp = ts ? w->sp[e] : 1.0;
            /* The weight is that of the string (the swap keeps it), which passed max_weight. */
            if (pp_branch_keep(tr, bc, 0, f, sp, g->as)) {
                if (tp) tp->bsrc[nb] = (int32_t)e;
                uint64_t *r = w->bkey + nb * kw;
                memcpy(r, k, kw * sizeof *k);
                r[wd] ^= fx;
                r[nw + wd] ^= fz;
                w->bc[nb] = bc;
                if (tf) w->bf[nb] = (uint16_t)(f + 1 > UINT16_MAX ? UINT16_MAX : f + 1);
                if (ts) w->bsp[nb] = sp * g->as;
                nb++;
            } else {
                dw[0] += bc * bc;
                dw[1] += fabs(bc);
                (*dn)++;
            }
        }
        /* Merge the branches: each meets at most one string of the class (an index of the
         * class's m strings over w->slot; none when single, so that nothing is found). */
        if (!lws_reserve(w, m + nb, nw)) return SIZE_MAX;
        plt_pw_index old = {0};
        if (!single && nb) {
            const size_t ns = lws_slots(w, m);
            if (!ns) return SIZE_MAX;
            old = (plt_pw_index){w->slot, ns - 1};
            for (size_t e = 0; e < m; e++) plt_pw_index_place(&old, w->key, nw, e, 0);
        }
        for (size_t i = 0; i < nb; i++) {
            const uint64_t *r = w->bkey + i * kw;
            const size_t j = plt_pw_index_find(&old, w->key, nw, r, r + nw);
            if (j != PP_NONE) {
                w->c[j] += w->bc[i];
                if (tf && w->bf[i] < w->f[j]) w->f[j] = w->bf[i];
                if (ts && w->bsp[i] > w->sp[j]) w->sp[j] = w->bsp[i];
                if (tp) tp->isin[tp->at + tp->bsrc[i]] = (int32_t)j;
                continue;
            }
            if (tp) tp->isin[tp->at + tp->bsrc[i]] = (int32_t)m;
            memcpy(w->key + m * kw, r, kw * sizeof *r);
            w->c[m] = w->bc[i];
            if (tf) w->f[m] = w->bf[i];
            if (ts) w->sp[m] = w->bsp[i];
            m++;
        }
        /* The min_abs scan after the rotation (pp_truncate2). */
        if (tr->min_abs > 0) {
            size_t o = 0;
            for (size_t e = 0; e < m; e++) {
                const double c = w->c[e];
                if (fabs(c) < tr->min_abs) {
                    dw[0] += c * c;
                    dw[1] += fabs(c);
                    (*dn)++;
                    if (tp) tp->remap[e] = -1;
                    continue;
                }
                if (tp) tp->remap[e] = (int32_t)o;
                if (o != e) {
                    memcpy(w->key + o * kw, w->key + e * kw, kw * sizeof *w->key);
                    w->c[o] = c;
                    if (tf) w->f[o] = w->f[e];
                    if (ts) w->sp[o] = w->sp[e];
                }
                o++;
            }
            if (tp) ltape_end(tp, m0, o, tp->remap);
            m = o;
        } else if (tp) {
            ltape_end(tp, m0, m, NULL);
        }
        if (m == 0) break;
    }
    return m;
}

/* The class of each string: 0 copied as is, 1 first of its class, 2 a later member. */
enum { L_PASS = 0, L_HEAD = 1, L_MEMBER = 2 };

typedef struct groups {
    unsigned char *kind;
    uint32_t *next; /* next member of the class, UINT32_MAX at the end */
    uint32_t *last; /* the first string of each string's class */
    uint32_t *tail; /* heads: the class's last member so far */
    unsigned char *multi; /* heads: the class has more than one string */
    uint32_t *slot;
    size_t cap, scap; /* room for cap strings, scap slots */
} groups;

static void groups_free(groups *gr) {
    free(gr->kind);
    free(gr->next);
    free(gr->last);
    free(gr->tail);
    free(gr->multi);
    free(gr->slot);
    memset(gr, 0, sizeof *gr);
}

/* Pass 1 for string i: PASS, or claim its class's slot (or lower it to i); the slot goes to
 * next[i] until pass 3. */
PP_INLINE void group_one(const pp_table *t, const uint64_t *m, groups *gr, uint32_t *slot,
                         size_t smask, size_t i, int nw, int atomic) {
    const size_t kw = 2 * (size_t)nw;
    uint64_t ck[2 * 64], ch[2 * 64];
    const uint64_t *k = t->keys + i * kw;
    uint64_t any = 0;
    for (int w = 0; w < nw; w++) any |= anti_word(k[w], k[nw + w], m[w], m[nw + w], m[2 * nw + w]);
    if (!any) {
        gr->kind[i] = L_PASS;
        return;
    }
    gr->kind[i] = L_HEAD;
    canon_nw(k, ck, m, nw);
    size_t h = (size_t)pp_hash(ck, nw) & smask;
    for (;;) {
        uint32_t s = __atomic_load_n(&slot[h], __ATOMIC_RELAXED);
        if (!atomic) {
            /* One thread, in order: the first string claims the slot and keeps it. */
            if (s == UINT32_MAX) {
                slot[h] = (uint32_t)i;
                break;
            }
            canon_nw(t->keys + (size_t)s * kw, ch, m, nw);
            if (pp_keq(ch, ck, nw)) break;
            h = (h + 1) & smask;
            continue;
        }
        if (s == UINT32_MAX) {
            if (__atomic_compare_exchange_n(&slot[h], &s, (uint32_t)i, 0, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED))
                break;
            /* s now holds the claimant: compare with it below. */
        }
        canon_nw(t->keys + (size_t)s * kw, ch, m, nw);
        if (pp_keq(ch, ck, nw)) {
            while (s > (uint32_t)i &&
                   !__atomic_compare_exchange_n(&slot[h], &s, (uint32_t)i, 0, __ATOMIC_RELAXED,
                                                __ATOMIC_RELAXED)) {
            }
            break;
        }
        h = (h + 1) & smask;
    }
    gr->next[i] = (uint32_t)h;
}

/* Grouping in three passes so that threads can share the first two and the result does not
 * depend on their number: (1) each string claims its class's slot by compare-and-swap or
 * lowers it to its own index (a slot only ever holds members of one class, so it ends at the
 * class's first string); (2) each string reads its class's first string; (3) in order, the
 * members are chained behind it. */
static void group_all(const pp_table *t, const uint64_t *m, groups *gr, size_t smask,
                      int threads) {
    const size_t n = t->count;
    const int nw = t->nw;
    const int par = threads > 1 && n > PP_PAR_MIN_LAYER;
    uint32_t *slot = gr->slot;
#pragma omp parallel num_threads(threads) if (par)
    {
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            switch (nw * 2 + par) {
            case 2: group_one(t, m, gr, slot, smask, i, 1, 0); break;
            case 3: group_one(t, m, gr, slot, smask, i, 1, 1); break;
            case 4: group_one(t, m, gr, slot, smask, i, 2, 0); break;
            case 5: group_one(t, m, gr, slot, smask, i, 2, 1); break;
            default: group_one(t, m, gr, slot, smask, i, nw, par); break;
            }
        }
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++)
            if (gr->kind[i] != L_PASS) gr->last[i] = slot[gr->next[i]];
    }
    for (size_t i = 0; i < n; i++) {
        if (gr->kind[i] == L_PASS) continue;
        const uint32_t h = gr->last[i];
        gr->next[i] = UINT32_MAX;
        if (h == (uint32_t)i) {
            gr->multi[i] = 0;
            gr->tail[i] = (uint32_t)i;
            continue;
        }
        gr->kind[i] = L_MEMBER;
        gr->multi[h] = 1;
        gr->next[gr->tail[h]] = (uint32_t)i;
        gr->tail[h] = (uint32_t)i;
    }
}
/* The layer's rotations in processing order (the last op first) in g[0 .. hi - lo), the rank
 * of each qubit's rotation (-1 for none; 64 * nw entries) and the masks of the X, Y and Z
 * axes (3 * nw words, zeroed by the caller). */
static void layer_setup(const pp_step *steps, size_t lo, size_t hi, const uint64_t *gens,
                        const double *params, int nw, lgate *g, int *rank, uint64_t *m) {
    const size_t L = hi - lo;
    for (size_t i = 0; i < 64 * (size_t)nw; i++) rank[i] = -1;
    for (size_t r = 0; r < L; r++) {
        const pp_step *s = &steps[hi - 1 - r];
        const uint64_t *gen = gens + s->gen;
        int q = 0;
        for (int w = 0; w < nw; w++)
            if (gen[w] | gen[nw + w]) q = 64 * w + __builtin_ctzll(gen[w] | gen[nw + w]);
        const unsigned gx = (unsigned)(gen[q >> 6] >> (q & 63)) & 1u,
                       gz = (unsigned)(gen[nw + (q >> 6)] >> (q & 63)) & 1u;
        const double th = s->param >= 0 ? s->a * params[s->param] + s->b : s->b;
        g[r] = (lgate){.q = q, .gx = gx, .gz = gz, .c = cos(th), .s = sin(th)};
        g[r].as = fabs(g[r].s);
        rank[q] = (int)r;
        const int axis = gx && !gz ? 0 : gx && gz ? 1 : 2;
        m[(size_t)axis * (size_t)nw + (size_t)(q >> 6)] |= 1ULL << (q & 63);
    }
}

/* Groups the n > 0 strings of t by class (group_all), in gr's arrays grown as needed (kept
 * for the next layer); 0 when out of memory. */
static int groups_make(groups *gr, const pp_table *t, const uint64_t *m, int threads) {
    const size_t n = t->count;
    size_t ns = 16;
    while (ns < 2 * n) ns <<= 1;
    if (n > gr->cap) {
        const size_t nc = n + n / 4;
        GROW(gr->kind, nc);
        GROW(gr->next, nc);
        GROW(gr->last, nc);
        GROW(gr->tail, nc);
        GROW(gr->multi, nc);
        gr->cap = nc;
    }
    if (ns > gr->scap) {
        free(gr->slot);
        gr->slot = malloc(ns * sizeof *gr->slot);
        gr->scap = gr->slot ? ns : 0;
        if (!gr->slot) return 0;
    }
    memset(gr->slot, 0xff, ns * sizeof *gr->slot);
    group_all(t, m, gr, ns - 1, threads);
    return 1;
}

/* What a layer allocates, kept between layers and loss evaluations: allocating it afresh
 * (fresh pages, regrowth copies) cost a fifth of a small propagation and most of a threaded
 * one. Each thread appends the output of its blocks to its own buffer (ob). */
enum { MAXB = 32 };
/* Blocks of a layer over n strings: fixed by n alone, so that the sums made by blocks (the
 * dropped weight, the adjoint's derivatives) do not depend on the thread count. */
static int layer_blocks(size_t n) { return n > PP_PAR_MIN_LAYER ? MAXB : 1; }

struct pp_layer_ws {
    int nw, tf, ts;
    groups gr;
    lws *w;       /* one per thread */
    pp_table *ob; /* one per thread */
    int nthr;
    double ratio; /* output / input terms of the last layer */
};

void pp_layer_ws_free(pp_layer_ws *ws) {
    if (!ws) return;
    groups_free(&ws->gr);
    for (int i = 0; i < ws->nthr; i++) {
        lws_free(&ws->w[i]); /* ord with the rest */
        pp_table_free(&ws->ob[i]);
    }
    free(ws->w);
    free(ws->ob);
    free(ws);
}

/* Room for cap terms in t, whose contents are not needed (fresh arrays, no copy); 0 when out
 * of memory. */
static int room_for(pp_table *t, size_t cap) {
    t->count = 0;
    if (cap <= t->cap) return 1;
    return pp_table_fresh(t, cap + cap / 4) == PLT_OK;
}

/* *wsp ready for tables like t and `threads` threads; 0 when out of memory. */
static int ws_ready(pp_layer_ws **wsp, const pp_table *t, int threads) {
    pp_layer_ws *ws = *wsp;
    if (ws && (ws->nw != t->nw || ws->tf != t->tf || ws->ts != t->ts)) {
        pp_layer_ws_free(ws);
        ws = *wsp = NULL;
    }
    if (!ws) {
        ws = *wsp = calloc(1, sizeof *ws);
        if (!ws) return 0;
        ws->nw = t->nw;
        ws->ratio = 2;
        ws->tf = t->tf;
        ws->ts = t->ts;
    }
    if (threads > ws->nthr) {
        lws *w = realloc(ws->w, (size_t)threads * sizeof *w);
        if (w) ws->w = w;
        pp_table *ob = realloc(ws->ob, (size_t)threads * sizeof *ob);
        if (ob) ws->ob = ob;
        if (!w || !ob) return 0;
        for (; ws->nthr < threads; ws->nthr++) {
            pp_table_init(&ob[ws->nthr], t->nw, t->tf, t->ts);
            memset(&w[ws->nthr], 0, sizeof *w);
            w[ws->nthr].ord = malloc((size_t)64 * (size_t)t->nw * sizeof *w->ord);
            if (!w[ws->nthr].ord || !lws_reserve(&w[ws->nthr], 64, t->nw)) {
                ws->nthr++;
                return 0;
            }
        }
    }
    return 1;
}

/* pp_layer_apply (ov NULL) or pp_layer_overlap (the sum in *loss, t unchanged). */
static plt_status layer_run(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                            const uint64_t *gens, const double *params, const pp_trunc *tr,
                            pp_acc *acc, size_t max_count, pp_layer_ws **wsp, const layer_ov *ov,
                            double *loss, size_t *count) {
    const int nw = t->nw;
    const size_t n = t->count, kw = 2 * (size_t)nw, L = hi - lo;
    if (nw > 64) return plt_fail(PLT_EUNSUPPORTED, "pauliprop supports at most 4096 qubits");
    const int tf = t->tf, ts = t->ts;
    plt_status st = PLT_OK;
    lgate *g = malloc(L * sizeof *g);
    int *rank = malloc((size_t)64 * (size_t)nw * sizeof *rank);
    uint64_t *m = calloc(3 * (size_t)nw, sizeof *m);
    pp_layer_ws *own = NULL;
    if (!wsp) wsp = &own;
    const int threads = tr->threads;
    int nb = 0;
    if (!g || !rank || !m) goto nomem;
    layer_setup(steps, lo, hi, gens, params, nw, g, rank, m);
    if (ov) *loss = 0, *count = 0;
    if (n == 0) goto done;
    if (!ws_ready(wsp, t, threads)) goto nomem;
    pp_layer_ws *ws = *wsp;
    groups gr = ws->gr;
    const int gok = groups_make(&gr, t, m, threads);
    ws->gr = gr;
    if (!gok) goto nomem;

    nb = layer_blocks(n);
    const int par = threads > 1 && nb > 1;
    const int nt = par ? threads : 1;
    /* Room for the whole output in each thread's buffer, generously past the last layer's
     * growth (a layer can grow the table 200-fold where the last grew it 60-fold, case C):
     * growing a buffer copies it and touches fresh pages, and one that a worker thread
     * grows comes from that thread's malloc arena, which hands memory back to the kernel
     * when freed, so it is faulted in again page by page (8x the page faults of one thread
     * on case C). Room never written costs no memory; when the system refuses that much,
     * the last layer's growth. */
    const double gen = (double)n * fmin(fmax(ws->ratio * 4, 4), 256) + 64,
                 modest = (double)n * ws->ratio * 1.25 + 64;
    for (int i = 0; i < nt; i++)
        if (!room_for(&ws->ob[i], (size_t)fmin(gen, (double)max_count + 1)) &&
            !room_for(&ws->ob[i], (size_t)fmin(modest, (double)max_count + 1)))
            goto nomem;
    /* Block b's output: ob[bthr[b]] from bstart[b], bcnt[b] terms; what it dropped: bdw[b]
     * (sum of squares, sum of |c|) and bdn[b] terms. */
    int bthr[MAXB];
    size_t bstart[MAXB], bcnt[MAXB], bdn[MAXB];
    double bdw[MAXB][2];
    const layer_ctx cx = {tr, g, rank, m, nw};
    size_t total = 0;
    int fail = 0; /* 1 out of memory, 2 over max_count */
    int front = 0, back = nb - 1;
#pragma omp parallel num_threads(threads) if (par)
    {
#ifdef _OPENMP
        const int me = omp_get_thread_num();
#else
        const int me = 0;
#endif
        lws *wp = &ws->w[me];
        pp_table *out = &ws->ob[me];
        out->count = 0;
#define w (*wp)
        /* Thread 0 takes blocks from the front, the others from the back: thread 0's blocks
         * then lie in order at the start of its buffer, which becomes the table, and only
         * the others' are copied after them. */
        for (;;) {
            int b;
#pragma omp critical(pp_layer_claim)
            b = front > back ? -1 : me == 0 ? front++ : back--;
            if (b < 0) break;
            int stop;
#pragma omp atomic read
            stop = fail;
            bthr[b] = me;
            bstart[b] = out->count;
            bcnt[b] = bdn[b] = 0;
            bdw[b][0] = bdw[b][1] = 0;
            if (stop) continue;
            double *dw = bdw[b];
            size_t dn = 0;
            size_t before;
#pragma omp atomic read
            before = total;
            const size_t ilo = n * (size_t)b / (size_t)nb, ihi = n * (size_t)(b + 1) / (size_t)nb;
            for (size_t i = ilo; i < ihi && !stop; i++) {
                if (gr.kind[i] == L_MEMBER) continue;
                if (gr.kind[i] == L_PASS) {
                    if (ov && out_room(out, 1)) {
                        out->coef[out->count++] = t->coef[i] * ov_ev(ov, t->keys + i * kw, nw);
                        continue;
                    }
                    if (ov || !out_append(out, t->keys + i * kw, t->coef + i,
                                          tf ? t->freq + i : NULL, ts ? t->sprod + i : NULL, 1)) {
                        stop = 1;
                        break;
                    }
                    continue;
                }
                size_t mm = 0;
                for (uint32_t j = (uint32_t)i; j != UINT32_MAX; j = gr.next[j]) {
                    if (!lws_reserve(&w, mm + 1, nw)) {
                        stop = 1;
                        break;
                    }
                    kcopy(w.key + mm * kw, t->keys + (size_t)j * kw, nw);
                    w.c[mm] = t->coef[j];
                    if (tf) w.f[mm] = t->freq[j];
                    if (ts) w.sp[mm] = t->sprod[j];
                    mm++;
                }
                if (stop) break;
                w.patterns = 0;
                const size_t cnt = class_run(&cx, &w, mm, !gr.multi[i], dw, &dn, NULL);
                if (cnt == SIZE_MAX ||
                    !(ov            ? emit_values(out, &w, cnt, ov)
                      : w.patterns ? emit_patterns(out, &w, cnt)
                                   : out_append(out, w.key, w.c, w.f, w.sp, cnt))) {
                    stop = 1;
                    break;
                }
                /* Held to the limit as it grows (the other blocks' counts as last seen). */
                if (before + out->count - bstart[b] > max_count) stop = 2;
            }
            bcnt[b] = out->count - bstart[b];
            bdn[b] = dn;
            size_t now;
#pragma omp atomic capture
            now = total += bcnt[b];
            if (now > max_count && !stop) stop = 2;
            if (stop) {
#pragma omp atomic write
                fail = stop;
            }
        }
#undef w
    }
    if (fail == 1) goto nomem;
    if (fail == 2) {
        st = plt_fail(PLT_ETOOBIG,
                      "pauliprop would hold more than %zu terms within the rotation layer of ops "
                      "%zu..%zu, more than the memory limit allows; tighten the truncation "
                      "(--max-weight, --min-abs, --max-terms) or raise --max-memory",
                      max_count, lo + 1, hi);
        goto done;
    }
    /* Dropped weight by blocks in order: the same sums for any thread count. */
    {
        double dw[2] = {0, 0};
        for (int b = 0; b < nb; b++) {
            dw[0] += bdw[b][0];
            dw[1] += bdw[b][1];
            acc->dropped_n += bdn[b];
        }
        acc->dropped_w2 += dw[0];
        acc->dropped_l1 += dw[1];
    }
    /* The blocks in order make the new table: thread 0's buffer, which holds blocks
     * [0, k) in order from its start (all of them on one thread), with the others' blocks
     * copied after them; it is swapped in, the old arrays kept for the next layer. */
    pp_table *src = &ws->ob[0];
    int k = 0;
    while (k < nb && bthr[k] == 0) k++;
    if (k < nb) {
        size_t off[MAXB + 1];
        off[0] = 0;
        for (int b = 0; b < nb; b++) off[b + 1] = off[b] + bcnt[b];
        src->count = off[k];
        if ((st = pp_table_reserve(src, off[nb]))) goto done;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (int b = k; b < nb; b++) {
            const size_t c = bcnt[b], at = off[b], from = bstart[b];
            const pp_table *o = &ws->ob[bthr[b]];
            if (!c) continue;
            memcpy(src->coef + at, o->coef + from, c * sizeof *src->coef);
            if (ov) continue; /* values only */
            memcpy(src->keys + at * kw, o->keys + from * kw, c * kw * sizeof *src->keys);
            if (tf) memcpy(src->freq + at, o->freq + from, c * sizeof *src->freq);
            if (ts) memcpy(src->sprod + at, o->sprod + from, c * sizeof *src->sprod);
        }
        src->count = off[nb];
    }
    if (ov) {
        /* The values summed as pp_overlap sums the products of a table in this order. */
        const size_t tot = src->count;
        const int nbk = pp_sum_blocks(tot);
        const double *v = src->coef;
        double part[PP_SUM_BLOCKS], sum = 0;
#pragma omp parallel for num_threads(threads) if (nbk > 1) schedule(static)
        for (int b = 0; b < nbk; b++) {
            double sb = 0;
            for (size_t i = tot * (size_t)b / (size_t)nbk; i < tot * (size_t)(b + 1) / (size_t)nbk;
                 i++)
                sb += v[i];
            part[b] = sb;
        }
        for (int b = 0; b < nbk; b++) sum += part[b];
        *loss = sum;
        *count = tot;
        src->count = 0;
        if (tot > acc->peak) acc->peak = tot;
        ws->ratio = (double)tot / (double)n;
        goto done;
    }
    {
        pp_table tmp = *t;
        t->keys = src->keys;
        t->coef = src->coef;
        t->freq = src->freq;
        t->sprod = src->sprod;
        t->count = src->count;
        t->cap = src->cap;
        src->keys = tmp.keys;
        src->coef = tmp.coef;
        src->freq = tmp.freq;
        src->sprod = tmp.sprod;
        src->cap = tmp.cap;
        src->count = 0;
    }
    t->indexed = 0;
    if (t->count > acc->peak) acc->peak = t->count;
    ws->ratio = (double)t->count / (double)n;
    goto done;
nomem:
    st = plt_fail_nomem("a pauliprop rotation layer");
done:
    pp_layer_ws_free(own);
    free(g);
    free(rank);
    free(m);
    return st;
}

plt_status pp_layer_apply(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                          const uint64_t *gens, const double *params, const pp_trunc *tr,
                          pp_acc *acc, size_t max_count, pp_layer_ws **ws) {
    return layer_run(t, steps, lo, hi, gens, params, tr, acc, max_count, ws, NULL, NULL, NULL);
}

plt_status pp_layer_overlap(const pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                            const uint64_t *gens, const double *params, const pp_trunc *tr,
                            pp_acc *acc, size_t max_count, pp_layer_ws **ws,
                            const uint64_t *basis_z, const double *bloch, double *loss,
                            size_t *count) {
    const layer_ov ov = {basis_z, bloch};
    /* layer_run leaves t as it was in this mode (it reads it and writes its own buffers). */
    return layer_run((pp_table *)t, steps, lo, hi, gens, params, tr, acc, max_count, ws, &ov,
                     loss, count);
}

/* ---------- the adjoint ---------- */

/* Per-thread space of the adjoint: a class's strings and tape, its members' positions in the
 * input, and the adjoints of one rotation's strings before (An) and after (A) it. */
typedef struct aws {
    lws w;
    ltape tp;
    uint32_t *mem;
    double *A, *An;
    size_t mcap, acap;
    uint64_t key[2 * 64];
} aws;

static void aws_free(aws *a) {
    lws_free(&a->w);
    ltape_free(&a->tp);
    free(a->mem);
    free(a->A);
    free(a->An);
    memset(a, 0, sizeof *a);
}

/* Room for n adjoints; 0 when out of memory. */
static int aws_adj(aws *a, size_t n) {
    if (n <= a->acap) return 1;
    size_t nc = n + n / 2 + 16;
    GROW(a->A, nc);
    GROW(a->An, nc);
    a->acap = nc;
    return 1;
}

/* Room for n member positions; 0 when out of memory. */
static int aws_mem(aws *a, size_t n) {
    if (n <= a->mcap) return 1;
    size_t nc = 2 * n + 16;
    GROW(a->mem, nc);
    a->mcap = nc;
    return 1;
}

/* Position of key in tout. Positional: the forward writes the layer's output in the order
 * this pass replays it (classes and passed strings in the order of their first input
 * string), so the key must sit at `at`; PP_NONE when it does not (the caller then switches to
 * lookups). Otherwise a lookup (tout indexed); PP_NONE when absent. */
PP_INLINE size_t out_pos(const pp_table *tout, const uint64_t *key, size_t at, int positional) {
    if (!positional) return pp_table_find(tout, key);
    const size_t kw = 2 * (size_t)tout->nw;
    return at < tout->count && pp_keq(tout->keys + at * kw, key, tout->nw) ? at : PP_NONE;
}

/* The reverse pass over one class's tape: a->A holds the adjoints of its final strings; the
 * adjoints of its m0 input strings go to ain at their input positions, each rotation's
 * d loss / d theta is added to dth by processing rank. */
static void class_adjoint(aws *a, size_t m0, const layer_ctx *cx, double *ain, double *dth) {
    const ltape *tp = &a->tp;
    double *A = a->A, *An = a->An;
    for (int r = tp->nrot; r-- > 0;) {
        const size_t o = tp->off[r], mr = tp->off[r + 1] - o;
        const lgate *g = &cx->g[tp->rk[r]];
        const double cc = g->c, s = g->s;
        const double *c0 = tp->c0 + o, *sg = tp->sg + o;
        const int32_t *ic = tp->icos + o, *is = tp->isin + o;
        double d = 0;
        for (size_t e = 0; e < mr; e++) {
            const double av = ic[e] >= 0 ? A[ic[e]] : 0.0, ar = is[e] >= 0 ? A[is[e]] : 0.0;
            An[e] = cc * av + s * sg[e] * ar;
            d += c0[e] * (-s * av + cc * sg[e] * ar);
        }
        dth[tp->rk[r]] += d;
        double *t = A;
        A = An;
        An = t;
    }
    for (size_t e = 0; e < m0; e++) ain[a->mem[e]] = A[e];
}

/* Where the output of each passed string and class (by its first string i) starts in tout,
 * in ostart[i], for blocks that start mid-output. The forward writes a class's strings
 * together and they share its canonical form, which no neighbour has (neighbouring classes
 * differ; a passed string is its own canonical form and anticommutes with no rotation,
 * while a class's form does), so tout splits into runs of equal forms, matched in order;
 * a class whose strings were all dropped has no run. A forward writing another order fails
 * the positional check later. */
static void out_starts(const pp_table *tin, const pp_table *tout, const groups *gr,
                       const uint64_t *m, size_t *ostart) {
    const int nw = tin->nw;
    const size_t kw = 2 * (size_t)nw;
    uint64_t ci[2 * 64], co[2 * 64];
    size_t at = 0;
    int have = 0; /* co holds the form of tout's string at */
    for (size_t i = 0; i < tin->count; i++) {
        if (gr->kind[i] == L_MEMBER) continue;
        ostart[i] = at;
        canon_nw(tin->keys + i * kw, ci, m, nw);
        for (; at < tout->count; at++, have = 0) {
            if (!have) canon_nw(tout->keys + at * kw, co, m, nw);
            have = 1;
            if (!pp_keq(co, ci, nw)) break;
        }
    }
}

/* The strings of input block [ilo, ihi): passed ones and classes, replayed with their tapes;
 * returns 0, 1 out of memory, 3 a string not where the positional mode expects it. ostart:
 * see out_starts, or NULL for one block (the output walked from 0). */
static int adjoint_block(const layer_ctx *cx, aws *a, const pp_table *tin, const pp_table *tout,
                         const groups *gr, const double *aout, double *ain, size_t ilo,
                         size_t ihi, int positional, const size_t *ostart, size_t *carry,
                         double *dth) {
    const int nw = tin->nw, tf = tin->tf, ts = tin->ts;
    const size_t kw = 2 * (size_t)nw;
    double dw[2];
    size_t dn, at = carry ? *carry : 0;
    for (size_t i = ilo; i < ihi; i++) {
        if (gr->kind[i] == L_MEMBER) continue;
        if (ostart) at = ostart[i];
        if (gr->kind[i] == L_PASS) {
            const size_t j = out_pos(tout, tin->keys + i * kw, at++, positional);
            if (j == PP_NONE && positional) return 3;
            ain[i] = j == PP_NONE ? 0.0 : aout[j];
            continue;
        }
        lws *w = &a->w;
        size_t mm = 0;
        for (uint32_t j = (uint32_t)i; j != UINT32_MAX; j = gr->next[j], mm++) {
            if (!lws_reserve(w, mm + 1, nw) || !aws_mem(a, mm + 1)) return 1;
            a->mem[mm] = j;
            kcopy(w->key + mm * kw, tin->keys + (size_t)j * kw, nw);
            w->c[mm] = tin->coef[j];
            if (tf) w->f[mm] = tin->freq[j];
            if (ts) w->sp[mm] = tin->sprod[j];
        }
        w->patterns = 0;
        a->tp.at = a->tp.mmax = 0;
        a->tp.nrot = 0;
        const size_t cnt = class_run(cx, w, mm, !gr->multi[i], dw, &dn, &a->tp);
        if (cnt == SIZE_MAX) return 1;
        size_t need = cnt > mm ? cnt : mm;
        if (a->tp.mmax > need) need = a->tp.mmax;
        if (!aws_adj(a, need)) return 1;
        for (size_t e = 0; e < cnt; e++) {
            const uint64_t *k = w->key + e * kw;
            if (w->patterns) {
                pattern_key(w, w->pat[e], a->key, nw);
                k = a->key;
            }
            const size_t j = out_pos(tout, k, at++, positional);
            if (j == PP_NONE && positional) return 3;
            a->A[e] = j == PP_NONE ? 0.0 : aout[j];
        }
        class_adjoint(a, mm, cx, ain, dth);
    }
    if (carry) *carry = at;
    return 0;
}

plt_status pp_layer_adjoint(const pp_table *tin, pp_table *tout, const double *aout, double *ain,
                            const pp_step *steps, size_t lo, size_t hi, const uint64_t *gens,
                            const double *params, const pp_trunc *tr, double *dtheta) {
    const int nw = tin->nw;
    const size_t n = tin->count, L = hi - lo;
    if (nw > 64) return plt_fail(PLT_EUNSUPPORTED, "pauliprop supports at most 4096 qubits");
    plt_status st = PLT_OK;
    lgate *g = malloc(L * sizeof *g);
    int *rank = malloc((size_t)64 * (size_t)nw * sizeof *rank);
    uint64_t *m = calloc(3 * (size_t)nw, sizeof *m);
    groups gr = {0};
    double *dth = NULL;
    size_t *ostart = NULL;
    for (size_t r = 0; r < L; r++) dtheta[r] = 0;
    if (!g || !rank || !m) goto nomem;
    layer_setup(steps, lo, hi, gens, params, nw, g, rank, m);
    if (n == 0) goto done;
    if (!groups_make(&gr, tin, m, tr->threads)) goto nomem;
    const int threads = tr->threads;
    const int nb = layer_blocks(n);
    const int par = threads > 1 && nb > 1;
    /* The output is walked in order, needing no index; on several threads blocks learn
     * where theirs starts from out_starts, on one each carries on from the last. */
    int positional = 1;
    dth = malloc((size_t)nb * L * sizeof *dth);
    if (!dth) goto nomem;
    if (par) {
        ostart = malloc(n * sizeof *ostart);
        if (!ostart) goto nomem;
        out_starts(tin, tout, &gr, m, ostart);
    }
    const layer_ctx cx = {tr, g, rank, m, nw};
    int fail;
    size_t carry;
again:
    fail = 0;
    carry = 0;
    memset(dth, 0, (size_t)nb * L * sizeof *dth);
#pragma omp parallel num_threads(threads) if (par)
    {
        aws a = {0};
        a.w.ord = malloc((size_t)64 * (size_t)nw * sizeof *a.w.ord);
        a.tp.off = malloc(((size_t)64 * (size_t)nw + 1) * sizeof *a.tp.off);
        a.tp.rk = malloc((size_t)64 * (size_t)nw * sizeof *a.tp.rk);
        if (!a.w.ord || !a.tp.off || !a.tp.rk || !lws_reserve(&a.w, 64, nw)) {
#pragma omp atomic write
            fail = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (int b = 0; b < nb; b++) {
            int stop;
#pragma omp atomic read
            stop = fail;
            if (stop) continue;
            const size_t ilo = n * (size_t)b / (size_t)nb, ihi = n * (size_t)(b + 1) / (size_t)nb;
            const int r = adjoint_block(&cx, &a, tin, tout, &gr, aout, ain, ilo, ihi, positional,
                                        positional ? ostart : NULL,
                                        positional && !par ? &carry : NULL,
                                        dth + (size_t)b * L);
            if (r) {
#pragma omp atomic write
                fail = r;
            }
        }
        aws_free(&a); /* a.w.ord with the rest */
    }
    if (fail == 1) goto nomem;
    if (fail == 3) {
        /* The output is not in replay order (a forward that orders it otherwise): look up. */
        positional = 0;
        if ((st = pp_table_index_par(tout, threads))) goto done;
        goto again;
    }
    /* Blocks summed in order: the same sum on every run with the same thread count. */
    for (size_t r = 0; r < L; r++) {
        double d = 0;
        for (int b = 0; b < nb; b++) d += dth[(size_t)b * L + r];
        dtheta[hi - 1 - r - lo] = d;
    }
    goto done;
nomem:
    st = plt_fail_nomem("the adjoint of a pauliprop rotation layer");
done:
    groups_free(&gr);
    free(dth);
    free(ostart);
    free(g);
    free(rank);
    free(m);
    return st;
}
