/* Operators on sites that are not neighbours: a Pauli rotation of any weight,
 * exp(-i t P / 2) = cos(t/2) I - i sin(t/2) P, and a two-qubit gate written as its
 * operator-Schmidt sum x_1 (x) y_1 + ... (at most 4 terms), are both sums of a few products.
 * Such a sum is an MPO whose bond is the number of terms and is diagonal on the sites between:
 * every bond inside the support grows by that factor (2 for a rotation, never more), where
 * routing by swaps would multiply it by up to 4 per swap. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

void mps_pauli_matrix(char letter, mps_cplx *m) {
    static const mps_cplx x[4] = {0, 1, 1, 0}, y[4] = {0, -I, I, 0}, z[4] = {1, 0, 0, -1},
                          id[4] = {1, 0, 0, 1};
    memcpy(m, letter == 'X' ? x : letter == 'Y' ? y : letter == 'Z' ? z : id, sizeof x);
}

/* out[l, s, rr] = sum_t g[s, t] a[l, t, rr] (g NULL: a copy). */
static void apply_site(const mps_cplx *a, int dl, int dr, const mps_cplx *g, mps_cplx *out,
                       size_t ld_l, size_t ld_r) {
    /* out is addressed as out[l + ld_l * s + ld_r * rr]: the caller places the block. */
    for (int rr = 0; rr < dr; rr++) {
        const mps_cplx *a0 = a + (size_t)2 * dl * rr, *a1 = a0 + dl;
        mps_cplx *o0 = out + ld_r * rr, *o1 = o0 + ld_l;
        for (int l = 0; l < dl; l++) {
            if (g) {
                o0[l] = g[0] * a0[l] + g[1] * a1[l];
                o1[l] = g[2] * a0[l] + g[3] * a1[l];
            } else {
                o0[l] = a0[l];
                o1[l] = a1[l];
            }
        }
    }
}

/* One SVD step of the sweep back: center j -> j - 1, truncating bond (j - 1, j). */
static plt_status split_left(mps *s, int j, const mps_trunc *t) {
    mps_site *A = &s->site[j], *P = &s->site[j - 1];
    const int M = A->dl, N = 2 * A->dr, K = M < N ? M : N;
    mps_cplx *th = mps_work_get(&s->work, MPS_W_THETA, (size_t)M * N * sizeof *th);
    mps_cplx *u = mps_work_get(&s->work, MPS_W_U, (size_t)M * K * sizeof *u);
    mps_cplx *vt = mps_work_get(&s->work, MPS_W_VT, (size_t)K * N * sizeof *vt);
    double *sv = mps_work_get(&s->work, MPS_W_S, (size_t)K * sizeof *sv);
    mps_cplx *b = mps_work_get(&s->work, MPS_W_TMP, (size_t)2 * P->dl * K * sizeof *b);
    if (!th || !u || !vt || !sv || !b) return plt_fail_nomem("mps: MPO compression scratch");
    memcpy(th, A->a, (size_t)M * N * sizeof *th);
    plt_status st = mps_svd(&s->work, M, N, th, u, sv, vt);
    if (st) return st;
    const int keep = mps_keep(s, sv, K, t, M > N ? M : N);
    for (int j2 = 0; j2 < keep; j2++)
        for (int i = 0; i < M; i++) u[i + (size_t)M * j2] *= sv[j2];
    if ((st = mps_site_reserve(A, keep, A->dr))) return st;
    for (int c = 0; c < N; c++)
        for (int i = 0; i < keep; i++) A->a[i + (size_t)keep * c] = vt[i + (size_t)K * c];
    mps_gemm('N', 'N', 2 * P->dl, keep, M, P->a, 2 * P->dl, u, M, b, 2 * P->dl, 0);
    if ((st = mps_site_reserve(P, P->dl, keep))) return st;
    memcpy(P->a, b, (size_t)2 * P->dl * keep * sizeof *b);
    s->center = j - 1;
    return PLT_OK;
}

plt_status mps_apply_mpo(mps *s, int lo, int hi, int nterms, const mps_cplx *const *ops,
                         const mps_trunc *t) {
    const int span = hi - lo + 1;
    plt_status st = mps_move_center(s, lo);
    if (st) return st;
    for (int j = lo; j <= hi; j++) {
        mps_site *A = &s->site[j];
        const int dl = A->dl, dr = A->dr;
        const int DL = j == lo ? dl : nterms * dl, DR = j == hi ? dr : nterms * dr;
        mps_cplx *out = calloc((size_t)DL * 2 * DR, sizeof *out);
        if (!out) return plt_fail_nomem("mps: an MPO-applied site tensor");
        for (int k = 0; k < nterms; k++) {
            /* Term k's block: rows from left block k (except at lo), columns to right block k
             * (except at hi). */
            size_t off = (j == lo ? 0 : (size_t)k * dl) + (j == hi ? 0 : (size_t)2 * DL * k * dr);
            apply_site(A->a, dl, dr, ops[(size_t)k * span + (j - lo)], out + off, (size_t)DL,
                       (size_t)2 * DL);
        }
        free(A->a);
        A->a = out;
        A->cap = (size_t)DL * 2 * DR;
        A->dl = DL;
        A->dr = DR;
    }
    /* The region is no longer canonical: QR sweep to hi (exact), then truncate on the way back. */
    if ((st = mps_move_center(s, hi))) return st;
    for (int j = hi; j > lo && !st; j--) st = split_left(s, j, t);
    return st;
}
