/* The observable as terms grouped by their x part: the terms of one group share
 * the amplitude pairs (j, j ^ x), so the whole group costs one sweep. Within a
 * run below the lowest bit of x and of every z of the group, all signs are
 * constant: the per-term work is once per run, the per-amplitude work is a few
 * flops that vectorise. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/statevector/sv.h"

/* ISO C mode (-std=c17) turns off multiply-add contraction in gcc; the kernels are
 * mostly multiply-adds and want it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif
#include "pauli/psum_impl.h"

#define SV_MIN(a, b) ((a) < (b) ? (a) : (b))

static inline double sv_sign(uint64_t j, uint64_t z) {
    return (__builtin_popcountll(j & z) & 1) ? -1.0 : 1.0;
}

typedef struct sv_keyed {
    uint64_t x;
    sv_term t;
} sv_keyed;

static int sv_keyed_cmp(const void *a, const void *b) {
    const sv_keyed *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return p->t.z < q->t.z ? -1 : p->t.z > q->t.z;
}

plt_status sv_obs_build(const plt_psum *obs, int n, sv_obs *out) {
    memset(out, 0, sizeof *out);
    size_t nt = plt_psum_nterms(obs);
    sv_keyed *k = malloc((nt ? nt : 1) * sizeof *k);
    if (!k) return plt_fail_nomem("the statevector observable");
    size_t m = 0;
    for (size_t i = 0; i < nt; i++) {
        const double *c = plt_psum_coef(obs, i);
        if (c[0] == 0.0 && c[1] == 0.0) continue;
        if (!(fabs(c[1]) <= 1e-12 * (1.0 + fabs(c[0])))) {
            free(k);
            return plt_fail(PLT_EINVAL,
                            "observable term %zu has the complex coefficient %g%+gi; the loss "
                            "needs a Hermitian observable (real coefficients)",
                            i + 1, c[0], c[1]);
        }
        uint64_t x = plt_psum_x(obs, i)[0], z = plt_psum_z(obs, i)[0];
        k[m].x = x;
        k[m].t.z = z;
        k[m].t.ny = __builtin_popcountll(x & z);
        k[m].t.c = c[0];
        m++;
    }
    (void)n;
    qsort(k, m, sizeof *k, sv_keyed_cmp);
    size_t ng = 0;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || k[i].x != k[i - 1].x) ng++;
    out->terms = malloc((m ? m : 1) * sizeof *out->terms);
    out->groups = malloc((ng ? ng : 1) * sizeof *out->groups);
    if (!out->terms || !out->groups) {
        free(k);
        sv_obs_free(out);
        return plt_fail_nomem("the statevector observable");
    }
    ng = 0;
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || k[i].x != k[i - 1].x) {
            sv_group *g = &out->groups[ng++];
            g->x = k[i].x;
            g->pivot = k[i].x ? 63 - __builtin_clzll(k[i].x) : -1;
            g->first = i;
            g->count = 0;
        }
        out->groups[ng - 1].count++;
        out->terms[i] = k[i].t;
    }
    out->nterms = m;
    out->ngroups = ng;
    free(k);
    return PLT_OK;
}

void sv_obs_free(sv_obs *o) {
    if (!o) return;
    free(o->terms);
    free(o->groups);
    memset(o, 0, sizeof *o);
}

/* Run length of a group: below the lowest bit of x and of the terms' z (pivot aside). */
static uint64_t sv_group_run(const sv_obs *o, const sv_group *g) {
    uint64_t all = g->x;
    uint64_t pb = g->x ? UINT64_C(1) << g->pivot : 0;
    for (size_t t = 0; t < g->count; t++) all |= o->terms[g->first + t].z & ~pb;
    return all ? UINT64_C(1) << __builtin_ctzll(all) : UINT64_C(1) << 62;
}

/* Sum over the range of one group's contribution to <psi|O|psi>. */
static double sv_k_expect_group(const sv_obs *o, const sv_group *g, const double *restrict psi,
                                uint64_t run, uint64_t b, uint64_t e) {
    const sv_term *tm = o->terms + g->first;
    double total = 0;
    if (g->x == 0) {
        for (uint64_t j = b; j < e;) {
            uint64_t len = SV_MIN(run - (j & (run - 1)), e - j);
            double w = 0;
            for (size_t t = 0; t < g->count; t++) w += tm[t].c * sv_sign(j, tm[t].z);
            const double *restrict p = psi + 2 * j;
            double acc = 0;
            for (uint64_t r = 0; r < len; r++) acc += p[2 * r] * p[2 * r] + p[2 * r + 1] * p[2 * r + 1];
            total += w * acc;
            j += len;
        }
        return total;
    }
    /* Pair (j0, j1): the term's value is 2 kappa sgn(j0) (Re or Im of conj(p0) p1),
     * Re for an even number of Y, Im for odd; kappa = +1 for ny = 0, 1 and -1 for 2, 3 (mod 4). */
    const uint64_t off = 2 * g->x;
    if (g->count == 1 && run <= 2) {
        /* One term with short runs (the common case of random sums): per pair, with
         * independent accumulators for even and odd k. */
        const uint64_t z = tm[0].z;
        const int odd = tm[0].ny & 1;
        const double w = ((tm[0].ny & 3) < 2 ? 2.0 : -2.0) * tm[0].c;
        double acc[2] = {0, 0};
        for (uint64_t k = b; k < e; k++) {
            uint64_t j0 = sv_insert0(k, g->pivot);
            const double *restrict p0 = psi + 2 * j0, *restrict p1 = psi + (2 * j0 ^ off);
            double v = odd ? p0[0] * p1[1] - p0[1] * p1[0] : p0[0] * p1[0] + p0[1] * p1[1];
            acc[k & 1] += (__builtin_popcountll(j0 & z) & 1) ? -v : v;
        }
        return w * (acc[0] + acc[1]);
    }
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(run - (k & (run - 1)), e - k);
        uint64_t j0 = sv_insert0(k, g->pivot);
        double wa = 0, wb = 0;
        for (size_t t = 0; t < g->count; t++) {
            double v = ((tm[t].ny & 3) < 2 ? 2.0 : -2.0) * tm[t].c * sv_sign(j0, tm[t].z);
            if (tm[t].ny & 1) wb += v;
            else wa += v;
        }
        const double *restrict p0 = psi + 2 * j0, *restrict p1 = psi + (2 * j0 ^ off);
        double re = 0, im = 0;
        for (uint64_t r = 0; r < len; r++) {
            double ar = p0[2 * r], ai = p0[2 * r + 1], br = p1[2 * r], bi = p1[2 * r + 1];
            re += ar * br + ai * bi;
            im += ar * bi - ai * br;
        }
        total += wa * re + wb * im;
        k += len;
    }
    return total;
}

/* Chunks of 2^SV_EXP_L amplitudes for the one-term kernel below. */
#define SV_EXP_L 7

/* One term c P with x != 0, over chunks [cb, ce) of its chunk list: S = sum_k s(k)
 * conj(psi_{k^x}) psi_k, s(k) = (-1)^|k & z|, gives <P> = Re(i^ny S). A chunk is 2^L
 * amplitudes k (high bits kh) and its partner chunk kh ^ xh, where k ^ x is at kl ^ xl, so
 * two complex numbers are one vector, flipped when xl is odd; the low part of the sign is a
 * table. With the pivot above the chunk only chunks with the pivot clear are visited and
 * the pairs' other half added as (-1)^ny conj(S). */
static double sv_k_expect_term(const sv_term *t, uint64_t x, int pivot, const double *psi, int n,
                               uint64_t cb, uint64_t ce) {
    const int L = n < SV_EXP_L ? n : SV_EXP_L;
    const uint64_t lmask = (UINT64_C(1) << L) - 1;
    const uint64_t xl = x & lmask, xh = x >> L, zl = t->z & lmask, zh = t->z >> L;
    const int paired = pivot >= L;
    sv_v4 tab[2][1 << (SV_EXP_L - 1)];
    for (uint64_t m = 0; m < (lmask + 1) / 2; m++) {
        double s0 = sv_sign(2 * m, zl), s1 = sv_sign(2 * m + 1, zl);
        tab[0][m] = (sv_v4){s0, s0, s1, s1};
        tab[1][m] = -tab[0][m];
    }
    const uint64_t xe = xl & ~UINT64_C(1);
    const int flip = (int)(xl & 1);
    sv_v4 re = {0}, im = {0};
    for (uint64_t c = cb; c < ce; c++) {
        uint64_t kh = paired ? sv_insert0(c, pivot - L) : c;
        const double *A = psi + 2 * (kh << L), *B = psi + 2 * ((kh ^ xh) << L);
        const sv_v4 *sg = tab[__builtin_popcountll(kh & zh) & 1];
        sv_v4 r0 = {0}, i0 = {0};
        if (flip) {
            for (uint64_t m = 0; m < (lmask + 1) / 2; m++) {
                sv_v4 v = sv_ld(A + 4 * m), w = sv_flip(sv_ld(B + 2 * ((2 * m) ^ xe))) * sg[m];
                r0 += w * v, i0 += sv_swap(w) * v;
            }
        } else {
            for (uint64_t m = 0; m < (lmask + 1) / 2; m++) {
                sv_v4 v = sv_ld(A + 4 * m), w = sv_ld(B + 2 * ((2 * m) ^ xe)) * sg[m];
                r0 += w * v, i0 += sv_swap(w) * v;
            }
        }
        re += r0, im += i0;
    }
    /* conj(w) v = (wr vr + wi vi) + i (wr vi - wi vr); im holds (wi vr, wr vi) lane pairs */
    double sr = re[0] + re[1] + re[2] + re[3], si = im[1] - im[0] + im[3] - im[2];
    if (paired) {
        if (t->ny & 1) sr = 0, si *= 2;
        else sr *= 2, si = 0;
    }
    double v;
    switch (t->ny & 3) {
    case 0: v = sr; break;
    case 1: v = -si; break;
    case 2: v = -sr; break;
    default: v = si; break;
    }
    return t->c * v;
}

double sv_expect(const sv_obs *o, const double *psi, int n, int nt) {
    double total = 0;
    const uint64_t dim = UINT64_C(1) << n;
    const int L = n < SV_EXP_L ? n : SV_EXP_L;
    /* One region for all groups: they only read psi, so no barriers. */
#pragma omp parallel num_threads(nt) reduction(+ : total) if (dim >= SV_PAR_MIN && nt > 1)
    {
        const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
        for (size_t gi = 0; gi < o->ngroups; gi++) {
            const sv_group *g = &o->groups[gi];
            uint64_t b, e;
            if (g->x && g->count == 1) {
                uint64_t nch = UINT64_C(1) << (n - L - (g->pivot >= L));
                sv_split(nch, tid, nth, &b, &e);
                total += sv_k_expect_term(&o->terms[g->first], g->x, g->pivot, psi, n, b, e);
                continue;
            }
            sv_split(g->x ? dim / 2 : dim, tid, nth, &b, &e);
            total += sv_k_expect_group(o, g, psi, sv_group_run(o, g), b, e);
        }
    }
    return total;
}

/* lam += (terms of g) phi on the range, or lam = ... when first (the first group covers every
 * amplitude); returns the range's share of Re <phi|(terms of g) phi>, so that the loss needs
 * no sweep of its own. */
static double sv_k_obs_group(const sv_obs *o, const sv_group *g, const double *restrict phi,
                             double *restrict lam, uint64_t run, uint64_t b, uint64_t e,
                             int first) {
    const sv_term *tm = o->terms + g->first;
    double dot = 0;
    if (g->x == 0) {
        for (uint64_t j = b; j < e;) {
            uint64_t len = SV_MIN(run - (j & (run - 1)), e - j);
            double w = 0;
            for (size_t t = 0; t < g->count; t++) w += tm[t].c * sv_sign(j, tm[t].z);
            const double *restrict p = phi + 2 * j;
            double *restrict l = lam + 2 * j;
            double nn = 0;
            if (first) {
                for (uint64_t r = 0; r < 2 * len; r++) l[r] = w * p[r], nn += p[r] * p[r];
            } else {
                for (uint64_t r = 0; r < 2 * len; r++) l[r] += w * p[r], nn += p[r] * p[r];
            }
            dot += w * nn;
            j += len;
        }
        return dot;
    }
    /* (P phi)_j = i^ny sgn(j ^ x) phi_{j ^ x}; for j1 = j0 ^ x, sgn(j1) = (-1)^ny sgn(j0). */
    const uint64_t off = 2 * g->x;
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(run - (k & (run - 1)), e - k);
        uint64_t j0 = sv_insert0(k, g->pivot);
        double q0r = 0, q0i = 0, q1r = 0, q1i = 0; /* lam0 += q0 phi1, lam1 += q1 phi0 */
        for (size_t t = 0; t < g->count; t++) {
            double v = tm[t].c * sv_sign(j0, tm[t].z);
            double vr = 0, vi = 0; /* v i^ny */
            switch (tm[t].ny & 3) {
            case 0: vr = v; break;
            case 1: vi = v; break;
            case 2: vr = -v; break;
            default: vi = -v; break;
            }
            q1r += vr, q1i += vi;
            if (tm[t].ny & 1) q0r -= vr, q0i -= vi;
            else q0r += vr, q0i += vi;
        }
        const double *restrict p0 = phi + 2 * j0, *restrict p1 = phi + (2 * j0 ^ off);
        double *restrict l0 = lam + 2 * j0, *restrict l1 = lam + (2 * j0 ^ off);
        for (uint64_t r = 0; r < len; r++) {
            double ar = p0[2 * r], ai = p0[2 * r + 1], br = p1[2 * r], bi = p1[2 * r + 1];
            double ur = q0r * br - q0i * bi, ui = q0r * bi + q0i * br;
            double vr = q1r * ar - q1i * ai, vi = q1r * ai + q1i * ar;
            dot += ar * ur + ai * ui + br * vr + bi * vi;
            if (!first) {
                ur += l0[2 * r], ui += l0[2 * r + 1];
                vr += l1[2 * r], vi += l1[2 * r + 1];
            }
            l0[2 * r] = ur, l0[2 * r + 1] = ui;
            l1[2 * r] = vr, l1[2 * r + 1] = vi;
        }
        k += len;
    }
    return dot;
}

double sv_apply_obs(const sv_obs *o, const double *phi, double *lam, int n, int nt) {
    const uint64_t dim = UINT64_C(1) << n;
    double sum = 0;
    /* One region: threads own the same index share of every group (disjoint writes within
     * a group, since k -> (j0, j0 ^ x) is one-to-one); groups are separated by barriers. */
#pragma omp parallel num_threads(nt) reduction(+ : sum) if (dim >= SV_PAR_MIN && nt > 1)
    {
        const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
        uint64_t b, e;
        if (o->ngroups == 0) {
            sv_split(dim, tid, nth, &b, &e);
            memset(lam + 2 * b, 0, (size_t)(e - b) * 2 * sizeof *lam);
        }
        for (size_t gi = 0; gi < o->ngroups; gi++) {
            const sv_group *g = &o->groups[gi];
            sv_split(g->x ? dim / 2 : dim, tid, nth, &b, &e);
            sum += sv_k_obs_group(o, g, phi, lam, sv_group_run(o, g), b, e, gi == 0);
            /* The next group adds to amplitudes another thread wrote. */
            if (gi + 1 < o->ngroups) {
#pragma omp barrier
            }
        }
    }
    return sum;
}
