/* The dense kernels of the mps engine: LAPACK's QR, LQ and SVD through LAPACKE and zgemm
 * through CBLAS, all column-major, over scratch buffers that only grow. */
#include <cblas.h>
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

/* OpenBLAS's own thread count (its pthread build ignores OpenMP's). */
void openblas_set_num_threads(int num_threads);

void mps_blas_threads(int threads) {
    if (threads > 0) openblas_set_num_threads(threads);
}

void *mps_work_get(mps_work *w, int slot, size_t bytes) {
    if (bytes <= w->cap[slot]) return w->buf[slot];
    size_t want = bytes + bytes / 4 + 64;
    void *p = realloc(w->buf[slot], want);
    if (!p) return NULL;
    w->buf[slot] = p;
    w->cap[slot] = want;
    return p;
}

void mps_work_free(mps_work *w) {
    for (int i = 0; i < MPS_W_COUNT; i++) free(w->buf[i]);
    memset(w, 0, sizeof *w);
}

void mps_gemm(char ta, char tb, int m, int n, int k, const mps_cplx *a, int lda,
              const mps_cplx *b, int ldb, mps_cplx *c, int ldc, mps_cplx beta) {
    const mps_cplx one = 1;
    cblas_zgemm(CblasColMajor, ta == 'C' ? CblasConjTrans : CblasNoTrans,
                tb == 'C' ? CblasConjTrans : CblasNoTrans, m, n, k, &one, a, lda, b, ldb, &beta,
                c, ldc);
}

plt_status mps_qr(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *q, mps_cplx *r) {
    int k = m < n ? m : n;
    mps_cplx *tau = mps_work_get(w, MPS_W_TAU, (size_t)k * sizeof *tau + 16);
    if (!tau) return plt_fail_nomem("mps: QR scratch");
    if (LAPACKE_zgeqrf(LAPACK_COL_MAJOR, m, n, a, m, tau))
        return plt_fail(PLT_EINTERNAL, "mps: zgeqrf failed on a %d x %d matrix", m, n);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < k; i++) r[i + (size_t)k * j] = i <= j ? a[i + (size_t)m * j] : 0;
    if (LAPACKE_zungqr(LAPACK_COL_MAJOR, m, k, k, a, m, tau))
        return plt_fail(PLT_EINTERNAL, "mps: zungqr failed on a %d x %d matrix", m, k);
    memcpy(q, a, (size_t)m * k * sizeof *q);
    return PLT_OK;
}

plt_status mps_lq(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *l, mps_cplx *q) {
    int k = m < n ? m : n;
    mps_cplx *tau = mps_work_get(w, MPS_W_TAU, (size_t)k * sizeof *tau + 16);
    if (!tau) return plt_fail_nomem("mps: LQ scratch");
    if (LAPACKE_zgelqf(LAPACK_COL_MAJOR, m, n, a, m, tau))
        return plt_fail(PLT_EINTERNAL, "mps: zgelqf failed on a %d x %d matrix", m, n);
    for (int j = 0; j < k; j++)
        for (int i = 0; i < m; i++) l[i + (size_t)m * j] = i >= j ? a[i + (size_t)m * j] : 0;
    if (LAPACKE_zunglq(LAPACK_COL_MAJOR, k, n, k, a, m, tau))
        return plt_fail(PLT_EINTERNAL, "mps: zunglq failed on a %d x %d matrix", k, n);
    for (int j = 0; j < n; j++) memcpy(q + (size_t)k * j, a + (size_t)m * j, k * sizeof *q);
    return PLT_OK;
}

plt_status mps_svd(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *u, double *s, mps_cplx *vt) {
    int k = m < n ? m : n;
    /* gesdd destroys a; keep a copy for the gesvd fallback (gesdd's divide and conquer can
     * fail to converge on rare inputs). */
    mps_cplx *copy = mps_work_get(w, MPS_W_TMP2, (size_t)m * n * sizeof *copy);
    if (!copy) return plt_fail_nomem("mps: SVD scratch");
    memcpy(copy, a, (size_t)m * n * sizeof *copy);
    lapack_int info = LAPACKE_zgesdd(LAPACK_COL_MAJOR, 'S', m, n, a, m, s, u, m, vt, k);
    if (info == 0) return PLT_OK;
    double *superb = malloc((size_t)(k > 1 ? k : 2) * sizeof *superb);
    if (!superb) return plt_fail_nomem("mps: SVD scratch");
    info = LAPACKE_zgesvd(LAPACK_COL_MAJOR, 'S', 'S', m, n, copy, m, s, u, m, vt, k, superb);
    free(superb);
    if (info)
        return plt_fail(PLT_EINTERNAL, "mps: the SVD of a %d x %d matrix did not converge "
                        "(zgesdd and zgesvd, info %d)", m, n, (int)info);
    return PLT_OK;
}

plt_status mps_top_eig(mps_work *w, int m, int n, const mps_cplx *a, int right, int k,
                       mps_cplx *vecs, double *lam, double *trace) {
    const int dim = right ? n : m, inner = right ? m : n;
    mps_cplx *x = mps_work_get(w, MPS_W_TMP, (size_t)dim * dim * sizeof *x);
    double *ev = mps_work_get(w, MPS_W_S, (size_t)dim * sizeof *ev);
    lapack_int *supp = malloc((size_t)2 * dim * sizeof *supp);
    if (!x || !ev || !supp) {
        free(supp);
        return plt_fail_nomem("mps: eigenvalue scratch");
    }
    /* X = A^+ A (right) or A A^+: one zherk, the upper triangle. */
    cblas_zherk(CblasColMajor, CblasUpper, right ? CblasConjTrans : CblasNoTrans, dim, inner, 1.0,
                a, m, 0.0, x, dim);
    double tr = 0;
    for (int i = 0; i < dim; i++) tr += creal(x[i + (size_t)dim * i]);
    /* Tridiagonalise, every eigenpair of the tridiagonal matrix by MRRR (zstemr: dqds for the
     * values, O(dim^2) for the vectors; a subset would find its values by bisection, 18 % of
     * the time at dim 128, and zheevr's subset path falls back to inverse iteration, a third at
     * dim 512), then back-transform only the top k vectors. */
    double *d = malloc((size_t)2 * dim * sizeof *d), *e = d ? d + dim : NULL;
    mps_cplx *tau = mps_work_get(w, MPS_W_TAU, (size_t)dim * sizeof *tau);
    mps_cplx *z = mps_work_get(w, MPS_W_TMP2, (size_t)dim * dim * sizeof *z);
    lapack_int found = 0, info = -1000;
    lapack_logical tryrac = 1;
    if (d && tau && z && !(info = LAPACKE_zhetrd(LAPACK_COL_MAJOR, 'U', dim, x, dim, d, e, tau)))
        info = LAPACKE_zstemr(LAPACK_COL_MAJOR, 'V', 'A', dim, d, e, 0, 0, 0, 0, &found, ev, z,
                              dim, dim, supp, &tryrac);
    if (!info && found == dim) {
        memcpy(vecs, z + (size_t)dim * (dim - k), (size_t)dim * k * sizeof *z);
        memmove(ev, ev + (dim - k), (size_t)k * sizeof *ev);
        found = k;
        info = LAPACKE_zunmtr(LAPACK_COL_MAJOR, 'L', 'U', 'N', dim, k, x, dim, tau, vecs, dim);
    }
    free(supp);
    free(d);
    if (info || found != k)
        return plt_fail(PLT_EINTERNAL, "mps: the eigenvectors of a %d x %d matrix failed (info "
                        "%d)", dim, dim, (int)info);
    /* Ascending from LAPACK; descending here, as singular values come. */
    for (int i = 0, j = k - 1; i < j; i++, j--) {
        double t = ev[i];
        ev[i] = ev[j];
        ev[j] = t;
        for (int r = 0; r < dim; r++) {
            mps_cplx v = vecs[r + (size_t)dim * i];
            vecs[r + (size_t)dim * i] = vecs[r + (size_t)dim * j];
            vecs[r + (size_t)dim * j] = v;
        }
    }
    for (int i = 0; i < k; i++) lam[i] = ev[i] > 0 ? ev[i] : 0;
    *trace = tr;
    return PLT_OK;
}
