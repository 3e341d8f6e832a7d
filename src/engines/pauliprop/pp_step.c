/* The propagation loop's steps: one Clifford or rotation applied backwards to a table, with
 * the truncation predicate, and the matching adjoint (reverse-mode) step. Each step dispatches
 * once on its kind and word count; the loops over terms are branch-light and run in parallel
 * for large tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"

plt_status pp_scratch_reserve(pp_scratch *s, size_t n, int nw) {
    if (n <= s->cap) return PLT_OK;
    size_t nc = n + n / 2 + 64;
    uint64_t *k = realloc(s->keys, nc * 2 * (size_t)nw * sizeof *k);
    if (!k) return plt_fail_nomem("pauliprop scratch space");
    s->keys = k;
    double *c = realloc(s->coef, nc * sizeof *c);
    if (!c) return plt_fail_nomem("pauliprop scratch space");
    s->coef = c;
    unsigned char *f = realloc(s->flag, nc);
    if (!f) return plt_fail_nomem("pauliprop scratch space");
    s->flag = f;
    uint16_t *fr = realloc(s->freq, nc * sizeof *fr);
    if (!fr) return plt_fail_nomem("pauliprop scratch space");
    s->freq = fr;
    double *sp = realloc(s->sprod, nc * sizeof *sp);
    if (!sp) return plt_fail_nomem("pauliprop scratch space");
    s->sprod = sp;
    double *a = realloc(s->absv, nc * sizeof *a);
    if (!a) return plt_fail_nomem("pauliprop scratch space");
    s->absv = a;
    s->cap = nc;
    return PLT_OK;
}

void pp_scratch_free(pp_scratch *s) {
    free(s->keys);
    free(s->coef);
    free(s->flag);
    free(s->freq);
    free(s->sprod);
    free(s->absv);
    memset(s, 0, sizeof *s);
}

/* ---------- bit helpers ---------- */

PP_INLINE unsigned local_bits(const uint64_t *k, const pp_step *st, int nw) {
    const int q0 = st->q[0];
    unsigned b = (unsigned)((k[q0 >> 6] >> (q0 & 63)) & 1u) |
                 (unsigned)((k[nw + (q0 >> 6)] >> (q0 & 63)) & 1u) << 1;
    if (st->nq == 2) {
        const int q1 = st->q[1];
        b |= (unsigned)((k[q1 >> 6] >> (q1 & 63)) & 1u) << 2 |
             (unsigned)((k[nw + (q1 >> 6)] >> (q1 & 63)) & 1u) << 3;
    }
    return b;
}

PP_INLINE void set_bit(uint64_t *w, int q, unsigned v) {
    const uint64_t m = 1ULL << (q & 63);
    w[q >> 6] = (w[q >> 6] & ~m) | ((uint64_t)v << (q & 63));
}

PP_INLINE void put_local(uint64_t *k, const pp_step *st, unsigned o, int nw) {
    set_bit(k, st->q[0], o & 1u);
    set_bit(k + nw, st->q[0], (o >> 1) & 1u);
    if (st->nq == 2) {
        set_bit(k, st->q[1], (o >> 2) & 1u);
        set_bit(k + nw, st->q[1], (o >> 3) & 1u);
    }
}

PP_INLINE int anticommutes(const uint64_t *k, const uint64_t *g, int nw) {
    uint64_t acc = 0;
    for (int w = 0; w < nw; w++) acc ^= (k[w] & g[nw + w]) ^ (k[nw + w] & g[w]);
    return __builtin_popcountll(acc) & 1;
}

/* r = string of P*Q; returns the sign of i P Q = sign * r (P, Q anticommuting). */
PP_INLINE double rot_image(const uint64_t *g, const uint64_t *k, uint64_t *r, int nw) {
    unsigned ph = 1; /* the factor i */
    for (int w = 0; w < nw; w++) {
        const uint64_t gx = g[w], gz = g[nw + w], kx = k[w], kz = k[nw + w];
        const uint64_t rx = gx ^ kx, rz = gz ^ kz;
        ph += (unsigned)__builtin_popcountll(gx & gz) + (unsigned)__builtin_popcountll(kx & kz) +
              2u * (unsigned)__builtin_popcountll(gz & kx) -
              (unsigned)__builtin_popcountll(rx & rz);
        r[w] = rx;
        r[nw + w] = rz;
    }
    return (ph & 3u) == 0 ? 1.0 : -1.0;
}

double pp_noise_factor(const pp_step *st, const uint64_t *key, int nw, const pp_trunc *tr) {
    int k = 0, m = 0;
    if (st->kind == PP_CLIFF) {
        unsigned b = local_bits(key, st, nw);
        k = ((b & 3u) != 0) + ((b & 12u) != 0);
        m = (int)(b & 1u) + (int)((b >> 2) & 1u); /* x bits: the X and Y that dephasing damps */
    }
    /* Rotations: counted by the caller through the generator's support. */
    return pow(1.0 - tr->noise, k) * pow(1.0 - 2.0 * tr->dephase, m);
}

PP_INLINE double noise_rot(const uint64_t *k, const uint64_t *g, int nw, const pp_trunc *tr) {
    int c = 0, cx = 0;
    for (int w = 0; w < nw; w++) {
        const uint64_t sup = g[w] | g[nw + w];
        c += __builtin_popcountll((k[w] | k[nw + w]) & sup);
        cx += __builtin_popcountll(k[w] & sup);
    }
    double f = 1.0;
    for (int i = 0; i < c; i++) f *= 1.0 - tr->noise;
    for (int i = 0; i < cx; i++) f *= 1.0 - 2.0 * tr->dephase;
    return f;
}

/* ---------- forward (Heisenberg) steps ---------- */

PP_INLINE void cliff_nw(pp_table *t, const pp_step *st, const pp_trunc *tr, int threads, int nw) {
    const size_t n = t->count;
    uint64_t *keys = t->keys;
    double *coef = t->coef;
#pragma omp parallel for num_threads(threads) if (n > PP_PAR_MIN) schedule(static)
    for (size_t i = 0; i < n; i++) {
        uint64_t *k = keys + i * 2 * (size_t)nw;
        if (pp_noisy(tr)) coef[i] *= pp_noise_factor(st, k, nw, tr);
        unsigned b = local_bits(k, st, nw);
        if ((st->neg >> b) & 1u) coef[i] = -coef[i];
        put_local(k, st, st->out[b], nw);
    }
    t->indexed = 0;
}

/* Merges the kept sin branches (flag[i] = 1, key, coefficient and path data in the scratch)
 * into t. The branch map s -> iPs is injective, so no two branches share a string and each
 * meets at most one old term: every old term receives at most one addition and the new
 * strings are distinct. The lookups and additions therefore run in parallel without
 * conflicts; the new terms are appended in branch order (a prefix sum over blocks) and
 * indexed in parallel. The result is the same, bit for bit, for any number of threads. */
PP_INLINE plt_status merge_nw(pp_table *t, pp_scratch *sc, size_t n0, size_t nk, int threads,
                              int nw) {
    if (nk == 0) return PLT_OK;
    plt_status st = pp_table_reserve(t, n0 + nk);
    if (st) return st;
    if ((st = pp_table_index_par(t, threads))) return st;
    const size_t kw = 2 * (size_t)nw;
    const int par = threads > 1 && n0 > PP_PAR_MIN;
    enum { MAXB = 512 };
    const int nb = par ? (8 * threads < MAXB ? 8 * threads : MAXB) : 1;
    size_t boff[MAXB + 1];
    const int tf = t->tf, ts = t->ts;
#pragma omp parallel for num_threads(threads) if (par) schedule(dynamic, 1)
    for (int b = 0; b < nb; b++) {
        const size_t lo = n0 * (size_t)b / (size_t)nb, hi = n0 * (size_t)(b + 1) / (size_t)nb;
        size_t fresh = 0;
        for (size_t i = lo; i < hi; i++) {
            if (!sc->flag[i]) continue;
            const size_t j = pp_find_nw(t, sc->keys + i * kw, nw);
            if (j == PP_NONE) {
                fresh++;
                continue;
            }
            sc->flag[i] = 0;
            t->coef[j] += sc->coef[i];
            if (tf && sc->freq[i] < t->freq[j]) t->freq[j] = sc->freq[i];
            if (ts && sc->sprod[i] > t->sprod[j]) t->sprod[j] = sc->sprod[i];
        }
        boff[b + 1] = fresh;
    }
    boff[0] = n0;
    for (int b = 0; b < nb; b++) boff[b + 1] += boff[b];
#pragma omp parallel for num_threads(threads) if (par) schedule(dynamic, 1)
    for (int b = 0; b < nb; b++) {
        const size_t lo = n0 * (size_t)b / (size_t)nb, hi = n0 * (size_t)(b + 1) / (size_t)nb;
        size_t at = boff[b];
        for (size_t i = lo; i < hi; i++) {
            if (!sc->flag[i]) continue;
            memcpy(t->keys + at * kw, sc->keys + i * kw, kw * sizeof *t->keys);
            t->coef[at] = sc->coef[i];
            if (tf) t->freq[at] = sc->freq[i];
            if (ts) t->sprod[at] = sc->sprod[i];
            at++;
        }
    }
    t->count = boff[nb];
    pp_table_index_range(t, n0, threads);
    return PLT_OK;
}

PP_INLINE plt_status rot_nw(pp_table *t, const uint64_t *g, double theta, const pp_trunc *tr,
                            pp_scratch *sc, pp_acc *acc, int nw) {
    const double c = cos(theta), s = sin(theta), as = fabs(s);
    const size_t n0 = t->count;
    plt_status st = pp_scratch_reserve(sc, n0, nw);
    if (st) return st;
    uint64_t *keys = t->keys;
    double *coef = t->coef;
    const uint16_t *freq = t->tf ? t->freq : NULL;
    const double *sprod = t->ts ? t->sprod : NULL;
    const int need_w = tr->max_weight > 0;
    double dw[2] = {0, 0}; /* dropped: sum of squares, sum of |c| */
    size_t dn = 0, nk = 0;
#pragma omp parallel for num_threads(tr->threads) if (n0 > PP_PAR_MIN) schedule(static) \
    reduction(+ : dw[:2], dn, nk)
    for (size_t i = 0; i < n0; i++) {
        const uint64_t *k = keys + i * 2 * (size_t)nw;
        if (pp_noisy(tr)) coef[i] *= noise_rot(k, g, nw, tr);
        if (!anticommutes(k, g, nw)) {
            sc->flag[i] = 0;
            continue;
        }
        uint64_t *r = sc->keys + i * 2 * (size_t)nw;
        const double sign = rot_image(g, k, r, nw);
        const double c0 = coef[i];
        const double bc = c0 * s * sign;
        coef[i] = c0 * c;
        const unsigned f = freq ? freq[i] : 0;
        const double sp = sprod ? sprod[i] : 1.0;
        if (pp_branch_keep(tr, bc, need_w ? pp_weight(r, nw) : 0, f, sp, as)) {
            sc->flag[i] = 1;
            nk++;
            sc->coef[i] = bc;
            sc->freq[i] = (uint16_t)(f + 1 > UINT16_MAX ? UINT16_MAX : f + 1);
            sc->sprod[i] = sp * as;
        } else {
            sc->flag[i] = 0;
            dw[0] += bc * bc;
            dw[1] += fabs(bc);
            dn++;
        }
    }
    acc->dropped_w2 += dw[0];
    acc->dropped_l1 += dw[1];
    acc->dropped_n += dn;
    return merge_nw(t, sc, n0, nk, tr->threads, nw);
}

PP_INLINE void qrot_nw(pp_table *t, const uint64_t *g, int quarter, const pp_trunc *tr,
                       int threads, int nw) {
    const size_t n = t->count;
    const double s = quarter == 1 ? 1.0 : -1.0;
#pragma omp parallel for num_threads(threads) if (n > PP_PAR_MIN) schedule(static)
    for (size_t i = 0; i < n; i++) {
        uint64_t *k = t->keys + i * 2 * (size_t)nw;
        if (pp_noisy(tr)) t->coef[i] *= noise_rot(k, g, nw, tr);
        if (quarter == 0 || !anticommutes(k, g, nw)) continue;
        if (quarter == 2) {
            t->coef[i] = -t->coef[i];
            continue;
        }
        uint64_t r[2 * 64];
        const double sign = rot_image(g, k, r, nw);
        t->coef[i] *= s * sign;
        memcpy(k, r, 2 * (size_t)nw * sizeof *k);
    }
    if (quarter & 1) t->indexed = 0;
}

plt_status pp_step_apply(pp_table *t, const pp_step *st, const uint64_t *gen, double theta,
                         const pp_trunc *tr, pp_scratch *sc, pp_acc *acc) {
    plt_status s = PLT_OK;
    int grew_weight = 0;
    if (st->kind == PP_CLIFF) {
        switch (t->nw) {
        case 1: cliff_nw(t, st, tr, tr->threads, 1); break;
        case 2: cliff_nw(t, st, tr, tr->threads, 2); break;
        default: cliff_nw(t, st, tr, tr->threads, t->nw); break;
        }
        grew_weight = st->nq == 2;
    } else if (st->kind == PP_QROT) {
        if (t->nw > 64)
            return plt_fail(PLT_EUNSUPPORTED, "pauliprop supports at most 4096 qubits");
        switch (t->nw) {
        case 1: qrot_nw(t, gen, st->quarter, tr, tr->threads, 1); break;
        case 2: qrot_nw(t, gen, st->quarter, tr, tr->threads, 2); break;
        default: qrot_nw(t, gen, st->quarter, tr, tr->threads, t->nw); break;
        }
        grew_weight = st->quarter & 1;
    } else {
        switch (t->nw) {
        case 1: s = rot_nw(t, gen, theta, tr, sc, acc, 1); break;
        case 2: s = rot_nw(t, gen, theta, tr, sc, acc, 2); break;
        default: s = rot_nw(t, gen, theta, tr, sc, acc, t->nw); break;
        }
    }
    if (s) return s;
    if (t->count > acc->peak) acc->peak = t->count;
    /* Cliffords keep every |coefficient| unless noise damps them. */
    return pp_truncate2(t, tr, sc, acc, grew_weight, st->kind == PP_ROT || pp_noisy(tr));
}

/* ---------- runs of Clifford steps ---------- */

/* One step of a run on one string (no truncation); returns 1 when the step can grow weight. */
PP_INLINE int cliff_one(uint64_t *k, double *c, const pp_step *st, const uint64_t *gens,
                        const pp_trunc *tr, int p, int nw) {
    if (st->kind == PP_CLIFF) {
        if (p) *c *= pp_noise_factor(st, k, nw, tr);
        const unsigned b = local_bits(k, st, nw);
        if ((st->neg >> b) & 1u) *c = -*c;
        put_local(k, st, st->out[b], nw);
        return st->nq == 2;
    }
    const uint64_t *g = gens + st->gen;
    if (p) *c *= noise_rot(k, g, nw, tr);
    if (st->quarter != 0 && anticommutes(k, g, nw)) {
        if (st->quarter == 2) {
            *c = -*c;
        } else {
            uint64_t r[2 * 64];
            *c *= (st->quarter == 1 ? 1.0 : -1.0) * rot_image(g, k, r, nw);
            memcpy(k, r, 2 * (size_t)nw * sizeof *k);
        }
    }
    return st->quarter & 1;
}

enum { XRUN_MAX = 256 };

/* Steps [lo, hi) applied backwards, term by term: each maps a string to one signed string, so
 * the terms never meet and the run needs one pass over the table instead of hi - lo. A term
 * is dropped where the step-by-step propagation would drop it (weight after a step that can
 * grow it, min_abs after noise), with its coefficient at that point.
 * With xr (a run whose steps keep the X/Y positions and leave a string alone when it has no X
 * or Y on their qubits, without noise), a term visits only the steps on its X/Y qubits: the
 * others change neither the string nor the coefficient, so nothing is dropped there. */
PP_INLINE void cliff_run_nw(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                            const uint64_t *gens, const pp_trunc *tr, const pp_xrun *xr,
                            unsigned char *keep, size_t *dn_out, double *dw_out, int nw) {
    const size_t n = t->count;
    const int p = pp_noisy(tr);
    const double ma = tr->min_abs;
    const int W = tr->max_weight;
    size_t dn = 0;
    double dw[2] = {0, 0}; /* dropped: sum of squares, sum of |c| */
#pragma omp parallel for num_threads(tr->threads) \
    if (n > (xr ? PP_PAR_MIN_CLIFF : PP_PAR_MIN)) schedule(static) reduction(+ : dn, dw[:2])
    for (size_t i = 0; i < n; i++) {
        uint64_t *k = t->keys + i * 2 * (size_t)nw;
        double c = t->coef[i];
        unsigned char ok = 1;
        uint32_t list[XRUN_MAX];
        int nl = -1;
        if (xr) {
            nl = 0;
            for (int w = 0; w < nw && nl >= 0; w++)
                for (uint64_t x = k[w]; x && nl >= 0; x &= x - 1) {
                    const int q = 64 * w + __builtin_ctzll(x);
                    for (uint32_t s = xr->qoff[q]; s < xr->qoff[q + 1]; s++) {
                        if (nl == XRUN_MAX) {
                            nl = -1; /* too many: visit every step */
                            break;
                        }
                        /* Insert in descending order, once. */
                        const uint32_t v = xr->qstep[s];
                        int at = nl;
                        while (at > 0 && list[at - 1] < v) at--;
                        if (at > 0 && list[at - 1] == v) continue;
                        memmove(list + at + 1, list + at, (size_t)(nl - at) * sizeof *list);
                        list[at] = v;
                        nl++;
                    }
                }
        }
        if (nl >= 0) {
            for (int l = 0; l < nl; l++) {
                const int grew = cliff_one(k, &c, &steps[lo + list[l]], gens, tr, 0, nw);
                if (grew && W > 0 && pp_weight(k, nw) > W) {
                    ok = 0;
                    break;
                }
            }
        } else {
            for (size_t j = hi; j-- > lo;) {
                const int grew = cliff_one(k, &c, &steps[j], gens, tr, p, nw);
                if ((p && ma > 0 && fabs(c) < ma) || (grew && W > 0 && pp_weight(k, nw) > W)) {
                    ok = 0;
                    break;
                }
            }
        }
        t->coef[i] = c;
        keep[i] = ok;
        if (!ok) {
            dn++;
            dw[0] += c * c;
            dw[1] += fabs(c);
        }
    }
    *dn_out = dn;
    dw_out[0] = dw[0];
    dw_out[1] = dw[1];
}

int pp_step_x_inert(const pp_step *st, const uint64_t *gens, int nw) {
    if (st->kind == PP_ROT) return 0;
    if (st->kind == PP_QROT) {
        for (int w = 0; w < nw; w++)
            if (gens[st->gen + (size_t)w]) return 0;
        return 1;
    }
    const unsigned xm = st->nq == 2 ? 5u : 1u;
    for (unsigned b = 0; b < (st->nq == 2 ? 16u : 4u); b++) {
        if ((st->out[b] & xm) != (b & xm)) return 0;
        if (!(b & xm) && (st->out[b] != b || ((st->neg >> b) & 1u))) return 0;
    }
    return 1;
}

plt_status pp_steps_clifford(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                             const uint64_t *gens, const pp_trunc *tr, pp_scratch *sc,
                             pp_acc *acc) {
    return pp_steps_clifford_x(t, steps, lo, hi, gens, tr, NULL, sc, acc);
}

plt_status pp_steps_clifford_x(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                               const uint64_t *gens, const pp_trunc *tr, const pp_xrun *xr,
                               pp_scratch *sc, pp_acc *acc) {
    if (t->nw > 64) return plt_fail(PLT_EUNSUPPORTED, "pauliprop supports at most 4096 qubits");
    if (xr && pp_noisy(tr)) xr = NULL;
    plt_status st = pp_scratch_reserve(sc, t->count, t->nw);
    if (st) return st;
    int moves = 0;
    for (size_t j = lo; j < hi; j++)
        moves |= steps[j].kind == PP_CLIFF || (steps[j].quarter & 1);
    size_t dn = 0;
    double dw[2] = {0, 0}; /* dropped: sum of squares, sum of |c| */
    switch (t->nw) {
    case 1: cliff_run_nw(t, steps, lo, hi, gens, tr, xr, sc->flag, &dn, dw, 1); break;
    case 2: cliff_run_nw(t, steps, lo, hi, gens, tr, xr, sc->flag, &dn, dw, 2); break;
    default: cliff_run_nw(t, steps, lo, hi, gens, tr, xr, sc->flag, &dn, dw, t->nw); break;
    }
    if (moves) t->indexed = 0;
    if (dn) {
        pp_table_compact(t, sc->flag);
        acc->dropped_n += dn;
        acc->dropped_w2 += dw[0];
        acc->dropped_l1 += dw[1];
    }
    return PLT_OK;
}

/* ---------- truncation ---------- */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* k-th largest of v[0..n) (1 <= k <= n); v is reordered. Quickselect with a median of
 * three, falling back to sorting small ranges. */
static double kth_largest(double *v, size_t n, size_t k) {
    size_t lo = 0, hi = n, want = n - k; /* index in ascending order */
    while (hi - lo > 32) {
        double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
        double piv = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (v[i] < piv) i++;
            while (v[j] > piv) j--;
            if (i >= j) break;
            double tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
            i++;
            j--;
        }
        /* v[lo..j] <= piv <= v[j+1..hi) */
        if (want <= j) hi = j + 1;
        else lo = j + 1;
    }
    qsort(v + lo, hi - lo, sizeof *v, cmp_double);
    return v[want];
}

plt_status pp_truncate(pp_table *t, const pp_trunc *tr, pp_scratch *sc, pp_acc *acc,
                       int check_weight) {
    return pp_truncate2(t, tr, sc, acc, check_weight, 1);
}

plt_status pp_truncate2(pp_table *t, const pp_trunc *tr, pp_scratch *sc, pp_acc *acc,
                        int check_weight, int check_abs) {
    const int nw = t->nw;
    const int wcheck = check_weight && tr->max_weight > 0;
    plt_status st;
    if ((check_abs && tr->min_abs > 0) || wcheck) {
        if ((st = pp_scratch_reserve(sc, t->count, nw))) return st;
        size_t dn = 0;
        double dw[2] = {0, 0}; /* dropped: sum of squares, sum of |c| */
        const size_t n = t->count;
#pragma omp parallel for num_threads(tr->threads) if (n > PP_PAR_MIN) schedule(static) \
    reduction(+ : dn, dw[:2])
        for (size_t i = 0; i < n; i++) {
            const double c = t->coef[i];
            int drop = fabs(c) < tr->min_abs;
            if (!drop && wcheck) drop = pp_weight(t->keys + i * 2 * (size_t)nw, nw) > tr->max_weight;
            sc->flag[i] = (unsigned char)!drop;
            if (drop) {
                dn++;
                dw[0] += c * c;
                dw[1] += fabs(c);
            }
        }
        if (dn) {
            pp_table_compact(t, sc->flag);
            acc->dropped_n += dn;
            acc->dropped_w2 += dw[0];
            acc->dropped_l1 += dw[1];
        }
    }
    if (tr->max_terms > 0 && t->count > tr->max_terms) {
        if ((st = pp_scratch_reserve(sc, t->count, nw))) return st;
        for (size_t i = 0; i < t->count; i++) sc->absv[i] = fabs(t->coef[i]);
        const double thr = kth_largest(sc->absv, t->count, tr->max_terms);
        size_t above = 0;
        for (size_t i = 0; i < t->count; i++) above += fabs(t->coef[i]) > thr;
        size_t ties = tr->max_terms - above;
        for (size_t i = 0; i < t->count; i++) {
            const double a = fabs(t->coef[i]);
            int keep = a > thr || (a == thr && ties > 0);
            if (a == thr && keep) ties--;
            sc->flag[i] = (unsigned char)keep;
            if (!keep) {
                acc->dropped_n++;
                acc->dropped_w2 += a * a;
                acc->dropped_l1 += fabs(a);
            }
        }
        pp_table_compact(t, sc->flag);
    }
    return PLT_OK;
}

/* ---------- adjoint steps ---------- */

/* Position in tout of key, trying position i first: steps keep surviving terms in order. */
PP_INLINE size_t locate(const pp_table *tout, size_t i, const uint64_t *key, int nw) {
    if (i < tout->count && pp_keq(tout->keys + i * 2 * (size_t)nw, key, nw)) return i;
    return pp_find_nw(tout, key, nw);
}

PP_INLINE void cliff_adj_nw(const pp_table *tin, const pp_table *tout, const double *aout,
                            double *ain, const pp_step *st, const pp_trunc *tr, int nw) {
    const size_t n = tin->count;
    const int p = pp_noisy(tr);
#pragma omp parallel for num_threads(tr->threads) if (n > PP_PAR_MIN) schedule(static)
    for (size_t i = 0; i < n; i++) {
        const uint64_t *k = tin->keys + i * 2 * (size_t)nw;
        uint64_t img[2 * 64];
        uint64_t *r = nw <= 64 ? img : NULL;
        double f = p ? pp_noise_factor(st, k, nw, tr) : 1.0;
        unsigned b = local_bits(k, st, nw);
        double sign = ((st->neg >> b) & 1u) ? -1.0 : 1.0;
        size_t j;
        if (r) {
            memcpy(r, k, 2 * (size_t)nw * sizeof *r);
            put_local(r, st, st->out[b], nw);
            j = locate(tout, i, r, nw);
        } else {
            j = PP_NONE; /* not reached: nw <= 64 is checked at plan time */
        }
        ain[i] = j == PP_NONE ? 0.0 : f * sign * aout[j];
    }
}

PP_INLINE double rot_adj_nw(const pp_table *tin, const pp_table *tout, const double *aout,
                            double *ain, const uint64_t *g, double theta, const pp_trunc *tr,
                            int nw) {
    const double c = cos(theta), s = sin(theta), as = fabs(s);
    const size_t n = tin->count;
    const int p = pp_noisy(tr);
    const int need_w = tr->max_weight > 0;
    const int nbk = pp_sum_blocks(n);
    double part[PP_SUM_BLOCKS];
#pragma omp parallel for num_threads(tr->threads) if (nbk > 1) schedule(static)
    for (int bk = 0; bk < nbk; bk++) {
        double dth = 0;
        for (size_t i = n * (size_t)bk / (size_t)nbk; i < n * (size_t)(bk + 1) / (size_t)nbk; i++) {
            const uint64_t *k = tin->keys + i * 2 * (size_t)nw;
            const double f = p ? noise_rot(k, g, nw, tr) : 1.0;
            const size_t j = locate(tout, i, k, nw);
            const double a = j == PP_NONE ? 0.0 : aout[j];
            if (!anticommutes(k, g, nw)) {
                ain[i] = f * a;
                continue;
            }
            uint64_t rb[2 * 64];
            const double sign = rot_image(g, k, rb, nw);
            const double c0 = tin->coef[i] * f;
            const double bc = c0 * s * sign;
            const unsigned fr = tin->tf ? tin->freq[i] : 0;
            const double sp = tin->ts ? tin->sprod[i] : 1.0;
            double ar = 0;
            if (pp_branch_keep(tr, bc, need_w ? pp_weight(rb, nw) : 0, fr, sp, as)) {
                const size_t jr = pp_find_nw(tout, rb, nw);
                if (jr != PP_NONE) ar = aout[jr];
            }
            ain[i] = f * (c * a + s * sign * ar);
            dth += c0 * (-s * a + c * sign * ar);
        }
        part[bk] = dth;
    }
    double dth = 0;
    for (int bk = 0; bk < nbk; bk++)
        dth += part[bk];
    return dth;
}

PP_INLINE void qrot_adj_nw(const pp_table *tin, const pp_table *tout, const double *aout,
                            double *ain, const uint64_t *g, int quarter, const pp_trunc *tr,
                            int nw) {
    const size_t n = tin->count;
    const int p = pp_noisy(tr);
    const double s = quarter == 1 ? 1.0 : -1.0;
#pragma omp parallel for num_threads(tr->threads) if (n > PP_PAR_MIN) schedule(static)
    for (size_t i = 0; i < n; i++) {
        const uint64_t *k = tin->keys + i * 2 * (size_t)nw;
        const double f = p ? noise_rot(k, g, nw, tr) : 1.0;
        double m = f;
        uint64_t r[2 * 64];
        const uint64_t *img = k;
        if (quarter != 0 && anticommutes(k, g, nw)) {
            if (quarter == 2) {
                m = -f;
            } else {
                m = f * s * rot_image(g, k, r, nw);
                img = r;
            }
        }
        const size_t j = locate(tout, i, img, nw);
        ain[i] = j == PP_NONE ? 0.0 : m * aout[j];
    }
}

plt_status pp_step_adjoint(const pp_table *tin, const pp_table *tout, const double *aout,
                           double *ain, const pp_step *st, const uint64_t *gen, double theta,
                           const pp_trunc *tr, double *dtheta) {
    *dtheta = 0;
    if (tin->nw > 64)
        return plt_fail(PLT_EUNSUPPORTED, "pauliprop gradients support at most 4096 qubits");
    if (st->kind == PP_CLIFF) {
        switch (tin->nw) {
        case 1: cliff_adj_nw(tin, tout, aout, ain, st, tr, 1); break;
        case 2: cliff_adj_nw(tin, tout, aout, ain, st, tr, 2); break;
        default: cliff_adj_nw(tin, tout, aout, ain, st, tr, tin->nw); break;
        }
        return PLT_OK;
    }
    if (st->kind == PP_QROT) {
        switch (tin->nw) {
        case 1: qrot_adj_nw(tin, tout, aout, ain, gen, st->quarter, tr, 1); break;
        case 2: qrot_adj_nw(tin, tout, aout, ain, gen, st->quarter, tr, 2); break;
        default: qrot_adj_nw(tin, tout, aout, ain, gen, st->quarter, tr, tin->nw); break;
        }
        return PLT_OK;
    }
    switch (tin->nw) {
    case 1: *dtheta = rot_adj_nw(tin, tout, aout, ain, gen, theta, tr, 1); break;
    case 2: *dtheta = rot_adj_nw(tin, tout, aout, ain, gen, theta, tr, 2); break;
    default: *dtheta = rot_adj_nw(tin, tout, aout, ain, gen, theta, tr, tin->nw); break;
    }
    return PLT_OK;
}
