/* One- and two-site gates. A two-site gate contracts the two tensors into theta (one zgemm,
 * with the orthogonality center on one of them), applies the 4x4 matrix, and splits theta by
 * one SVD (LAPACK's gesdd, which bidiagonalises through a QR of the taller side first). The
 * dropped singular values are what the error bound counts: with the center in theta, they are
 * the Schmidt coefficients of the whole (unnormalised) state, so dropping them is a projection
 * whose distance to the state before is exactly sqrt(sum of their squares). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

void mps_apply1(mps *s, int k, const mps_cplx *g) {
    mps_site *t = &s->site[k];
    for (int r = 0; r < t->dr; r++) {
        mps_cplx *a0 = t->a + (size_t)2 * t->dl * r, *a1 = a0 + t->dl;
        for (int l = 0; l < t->dl; l++) {
            mps_cplx x = a0[l], y = a1[l];
            a0[l] = g[0] * x + g[1] * y;
            a1[l] = g[2] * x + g[3] * y;
        }
    }
}

int mps_keep(mps *st, const double *s, int k, const mps_trunc *t, int dim) {
    double norm2 = 0;
    for (int i = 0; i < k; i++) norm2 += s[i] * s[i];
    int rank = k;
    while (rank > 1 && !(s[rank - 1] > MPS_ZERO * s[0])) rank--;
    int keep = rank;
    double w = 0;
    if (t->cutoff > 0)
        while (keep > 1 && w + s[keep - 1] * s[keep - 1] <= t->cutoff * norm2)
            w += s[keep - 1] * s[keep - 1], keep--;
    if (t->max_bond > 0 && keep > t->max_bond) keep = t->max_bond;
    if (keep < k) {
        double d = 0;
        for (int i = keep; i < k; i++) d += s[i] * s[i];
        /* The SVD is backward stable: U S V^+ = theta + E with |E| <= c eps |theta|, so the
         * projection's distance is at most sqrt(d) + |E|; c = dim is generous for gesdd. */
        st->tally.err += sqrt(d) + (double)dim * DBL_EPSILON * s[0];
        st->tally.weight += d;
        if (keep < rank) st->tally.cuts++;
    }
    if (keep > st->tally.max_bond) st->tally.max_bond = keep;
    return keep;
}

/* theta[l + dl s1 + 2 dl s2 + 4 dl r] <- sum g[(s1 + 2 s2), (t1 + 2 t2)] theta[.. t1 .. t2 ..]. */
static void gate_theta(mps_cplx *th, int dl, int dr, const mps_cplx *g) {
    for (int r = 0; r < dr; r++) {
        mps_cplx *p = th + (size_t)4 * dl * r;
        for (int l = 0; l < dl; l++) {
            mps_cplx v[4] = {p[l], p[l + dl], p[l + 2 * dl], p[l + 3 * dl]};
            for (int i = 0; i < 4; i++)
                p[l + i * dl] = g[4 * i] * v[0] + g[4 * i + 1] * v[1] + g[4 * i + 2] * v[2] +
                                g[4 * i + 3] * v[3];
        }
    }
}

/* Truncating a large theta (more than max-bond singular values to drop at least): only the top
 * max-bond eigenvectors of theta^+ theta (or theta theta^+), by zherk and zheevr, instead of
 * the whole SVD: about half of gesdd's work. Keeping eigenvectors V_k is the orthogonal
 * projection theta -> theta V_k V_k^+, whose distance is sqrt(|theta|^2 - sum of the kept
 * eigenvalues); the eigenvalues carry an absolute error of order dim eps |theta|^2, so the
 * bound adds sqrt(8 dim eps) |theta| per truncation (about 1e-6 at dim 512). Used only where
 * that is small against what max-bond drops anyway. */
#define MPS_GRAM_MIN 128

static plt_status gram_split(mps *s, int k, mps_cplx *th, const mps_trunc *t, int center_left) {
    mps_site *A = &s->site[k], *B = &s->site[k + 1];
    const int dl = A->dl, dr = B->dr, M = 2 * dl, N = 2 * dr, dim = center_left ? N : M;
    int keep = t->max_bond;
    mps_cplx *v = mps_work_get(&s->work, MPS_W_U, (size_t)dim * keep * sizeof *v);
    mps_cplx *res = mps_work_get(&s->work, MPS_W_VT,
                                 (size_t)(center_left ? M : N) * keep * sizeof *res);
    double *lam = malloc((size_t)keep * sizeof *lam), trace = 0;
    plt_status st = v && res && lam ? PLT_OK : plt_fail_nomem("mps: truncation scratch");
    if (!st) st = mps_top_eig(&s->work, M, N, th, center_left, keep, v, lam, &trace);
    if (st) {
        free(lam);
        return st;
    }
    double kept = 0;
    for (int i = 0; i < keep; i++) kept += lam[i];
    double tail = trace - kept;
    if (t->cutoff > 0)
        while (keep > 1 && tail + lam[keep - 1] <= t->cutoff * trace) tail += lam[--keep];
    free(lam);
    const double d = tail > 0 ? tail : 0;
    s->tally.err += sqrt(d) + sqrt(8 * dim * DBL_EPSILON * trace);
    s->tally.weight += d;
    s->tally.cuts++;
    if (keep > s->tally.max_bond) s->tally.max_bond = keep;
    if ((st = mps_site_reserve(A, dl, keep)) || (st = mps_site_reserve(B, keep, dr))) return st;
    if (center_left) { /* B = V^+, A = theta V */
        mps_gemm('N', 'N', M, keep, N, th, M, v, N, A->a, M, 0);
        for (int c = 0; c < N; c++)
            for (int j = 0; j < keep; j++) B->a[j + (size_t)keep * c] = conj(v[c + (size_t)N * j]);
    } else { /* A = U, B = U^+ theta */
        memcpy(A->a, v, (size_t)M * keep * sizeof *v);
        mps_gemm('C', 'N', keep, N, M, v, M, th, M, B->a, keep, 0);
    }
    s->center = center_left ? k : k + 1;
    return PLT_OK;
}

plt_status mps_apply2(mps *s, int k, const mps_cplx *g, const mps_trunc *t, int center_left) {
    plt_status st = mps_move_center(s, s->center <= k ? k : k + 1);
    if (st) return st;
    mps_site *A = &s->site[k], *B = &s->site[k + 1];
    const int dl = A->dl, dm = A->dr, dr = B->dr;
    const int M = 2 * dl, N = 2 * dr, K = M < N ? M : N;
    mps_cplx *th = mps_work_get(&s->work, MPS_W_THETA, (size_t)M * N * sizeof *th);
    mps_cplx *u = mps_work_get(&s->work, MPS_W_U, (size_t)M * K * sizeof *u);
    mps_cplx *vt = mps_work_get(&s->work, MPS_W_VT, (size_t)K * N * sizeof *vt);
    double *sv = mps_work_get(&s->work, MPS_W_S, (size_t)K * sizeof *sv);
    if (!th || !u || !vt || !sv) return plt_fail_nomem("mps: two-site gate scratch");
    mps_gemm('N', 'N', M, N, dm, A->a, M, B->a, dm, th, M, 0);
    gate_theta(th, dl, dr, g);
    if (t->max_bond > 0 && K > t->max_bond && K >= MPS_GRAM_MIN)
        return gram_split(s, k, th, t, center_left);
    if ((st = mps_svd(&s->work, M, N, th, u, sv, vt))) return st;
    const int keep = mps_keep(s, sv, K, t, M > N ? M : N);
    if ((st = mps_site_reserve(A, dl, keep)) || (st = mps_site_reserve(B, keep, dr))) return st;
    for (int j = 0; j < keep; j++) {
        const double f = center_left ? sv[j] : 1;
        const mps_cplx *src = u + (size_t)M * j;
        mps_cplx *dst = A->a + (size_t)M * j;
        for (int i = 0; i < M; i++) dst[i] = f * src[i];
    }
    for (int c = 0; c < N; c++)
        for (int j = 0; j < keep; j++)
            B->a[j + (size_t)keep * c] = (center_left ? 1 : sv[j]) * vt[j + (size_t)K * c];
    s->center = center_left ? k : k + 1;
    return PLT_OK;
}
