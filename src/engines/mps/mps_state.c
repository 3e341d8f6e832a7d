/* The MPS itself: site tensors, the product initial state, copies and the orthogonality
 * center, moved by QR (rightwards) and LQ (leftwards) so that the singular values of a bond
 * are the Schmidt coefficients of the whole state. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

plt_status mps_site_reserve(mps_site *t, int dl, int dr) {
    size_t need = (size_t)dl * 2 * (size_t)dr;
    if (need > t->cap) {
        size_t want = need + need / 4;
        mps_cplx *a = realloc(t->a, want * sizeof *a);
        if (!a) return plt_fail_nomem("mps: a site tensor");
        t->a = a;
        t->cap = want;
    }
    t->dl = dl;
    t->dr = dr;
    return PLT_OK;
}

plt_status mps_new(int n, mps **out) {
    mps *s = calloc(1, sizeof *s);
    if (!s || !(s->site = calloc((size_t)n, sizeof *s->site))) {
        free(s);
        *out = NULL;
        return plt_fail_nomem("mps: a state");
    }
    s->n = n;
    for (int k = 0; k < n; k++) {
        plt_status st = mps_site_reserve(&s->site[k], 1, 1);
        if (st) {
            mps_free(s);
            *out = NULL;
            return st;
        }
        s->site[k].a[0] = 1;
        s->site[k].a[1] = 0;
    }
    *out = s;
    return PLT_OK;
}

void mps_free(mps *s) {
    if (!s) return;
    for (int k = 0; k < s->n && s->site; k++) free(s->site[k].a);
    free(s->site);
    mps_work_free(&s->work);
    free(s);
}

plt_status mps_set_product(mps *s, const mps_cplx *amp) {
    for (int k = 0; k < s->n; k++) {
        plt_status st = mps_site_reserve(&s->site[k], 1, 1);
        if (st) return st;
        s->site[k].a[0] = amp[2 * k];
        s->site[k].a[1] = amp[2 * k + 1];
    }
    s->center = 0;
    memset(&s->tally, 0, sizeof s->tally);
    s->tally.max_bond = 1;
    return PLT_OK;
}

plt_status mps_copy(mps *dst, const mps *src) {
    for (int k = 0; k < src->n; k++) {
        const mps_site *f = &src->site[k];
        plt_status st = mps_site_reserve(&dst->site[k], f->dl, f->dr);
        if (st) return st;
        memcpy(dst->site[k].a, f->a, (size_t)f->dl * 2 * f->dr * sizeof *f->a);
    }
    dst->center = src->center;
    dst->tally = src->tally;
    return PLT_OK;
}

/* Center c -> c + 1: A_c = Q R, A_c <- Q, A_{c+1} <- R A_{c+1}. */
static plt_status step_right(mps *s, int c) {
    mps_site *t = &s->site[c], *u = &s->site[c + 1];
    int m = 2 * t->dl, n = t->dr, k = m < n ? m : n;
    mps_cplx *a = mps_work_get(&s->work, MPS_W_TMP, (size_t)m * n * sizeof *a);
    mps_cplx *r = mps_work_get(&s->work, MPS_W_THETA, (size_t)k * n * sizeof *r);
    mps_cplx *b = mps_work_get(&s->work, MPS_W_U, (size_t)k * 2 * u->dr * sizeof *b);
    if (!a || !r || !b) return plt_fail_nomem("mps: canonical-form scratch");
    memcpy(a, t->a, (size_t)m * n * sizeof *a);
    plt_status st = mps_qr(&s->work, m, n, a, t->a, r);
    if (st) return st;
    t->dr = k;
    mps_gemm('N', 'N', k, 2 * u->dr, n, r, k, u->a, n, b, k, 0);
    u->dl = k;
    memcpy(u->a, b, (size_t)k * 2 * u->dr * sizeof *b);
    return PLT_OK;
}

/* Center c -> c - 1: A_c = L Q, A_c <- Q, A_{c-1} <- A_{c-1} L. */
static plt_status step_left(mps *s, int c) {
    mps_site *t = &s->site[c], *u = &s->site[c - 1];
    int m = t->dl, n = 2 * t->dr, k = m < n ? m : n;
    mps_cplx *a = mps_work_get(&s->work, MPS_W_TMP, (size_t)m * n * sizeof *a);
    mps_cplx *l = mps_work_get(&s->work, MPS_W_THETA, (size_t)m * k * sizeof *l);
    mps_cplx *b = mps_work_get(&s->work, MPS_W_U, (size_t)2 * u->dl * k * sizeof *b);
    if (!a || !l || !b) return plt_fail_nomem("mps: canonical-form scratch");
    memcpy(a, t->a, (size_t)m * n * sizeof *a);
    plt_status st = mps_lq(&s->work, m, n, a, l, t->a);
    if (st) return st;
    t->dl = k;
    mps_gemm('N', 'N', 2 * u->dl, k, m, u->a, 2 * u->dl, l, m, b, 2 * u->dl, 0);
    u->dr = k;
    memcpy(u->a, b, (size_t)2 * u->dl * k * sizeof *b);
    return PLT_OK;
}

plt_status mps_move_center(mps *s, int k) {
    plt_status st = PLT_OK;
    while (!st && s->center < k) st = step_right(s, s->center++);
    while (!st && s->center > k) st = step_left(s, s->center--);
    return st;
}
