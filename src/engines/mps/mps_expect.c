/* <psi|O|psi> / <psi|psi> for a Pauli sum O by transfer matrices. With the orthogonality center on a
 * term's first site a, everything left of a and right of its last site b contracts to the
 * identity, so a term costs O((b - a + 1) D^3) and nothing outside its support. The terms are
 * sorted by first site and then by their letters: the center only moves rightwards (one sweep
 * for all terms), and consecutive terms that share their first letters share the environments
 * of that prefix (kept on a stack), as a trie would. */
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

typedef struct mps_term {
    int a, b;      /* first and last site of the support (a > b: the identity) */
    char *letters; /* b - a + 1 letters, 'I' inside */
    double c;
} mps_term;

struct mps_obs {
    mps_term *term;
    size_t nterms;
    double norm1;
};

static int term_order(const void *x, const void *y) {
    const mps_term *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    int lp = p->b - p->a + 1, lq = q->b - q->a + 1;
    int c = memcmp(p->letters, q->letters, (size_t)(lp < lq ? lp : lq));
    return c ? c : (lp > lq) - (lp < lq);
}

void mps_obs_free(mps_obs *o) {
    if (!o) return;
    for (size_t i = 0; i < o->nterms; i++) free(o->term[i].letters);
    free(o->term);
    free(o);
}

plt_status mps_obs_new(const plt_psum *obs, mps_obs **out) {
    *out = NULL;
    const int n = plt_psum_nqubits(obs);
    mps_obs *o = calloc(1, sizeof *o);
    plt_pstring *p = NULL;
    plt_status st = o ? plt_pstring_new(n, &p) : plt_fail_nomem("mps: observable");
    if (st) goto fail;
    size_t nt = plt_psum_nterms(obs);
    if (!(o->term = calloc(nt ? nt : 1, sizeof *o->term))) {
        st = plt_fail_nomem("mps: observable terms");
        goto fail;
    }
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        if ((st = plt_psum_term(obs, i, p, &re, &im))) goto fail;
        mps_term *t = &o->term[o->nterms++];
        t->c = re;
        t->a = n;
        t->b = -1;
        for (int q = 0; q < n; q++)
            if (plt_pstring_get(p, q) != 'I') {
                if (t->a == n) t->a = q;
                t->b = q;
            }
        int len = t->b >= t->a ? t->b - t->a + 1 : 0;
        if (!(t->letters = malloc((size_t)len + 1))) {
            st = plt_fail_nomem("mps: observable letters");
            goto fail;
        }
        for (int j = 0; j < len; j++) t->letters[j] = plt_pstring_get(p, t->a + j);
        t->letters[len] = 0;
        o->norm1 += re < 0 ? -re : re;
    }
    qsort(o->term, o->nterms, sizeof *o->term, term_order);
    plt_pstring_free(p);
    *out = o;
    return PLT_OK;
fail:
    plt_pstring_free(p);
    mps_obs_free(o);
    return st;
}

double mps_obs_norm1(const mps_obs *o) { return o->norm1; }
size_t mps_obs_nterms(const mps_obs *o) { return o->nterms; }

/* The Pauli letter on the physical index of w's left view (2 dl x dr, rows (l, s)). */
static void pauli_rows(mps_cplx *w, int dl, int dr, char letter) {
    if (letter == 'I') return;
    for (int r = 0; r < dr; r++) {
        mps_cplx *w0 = w + (size_t)2 * dl * r, *w1 = w0 + dl;
        for (int l = 0; l < dl; l++) {
            mps_cplx x = w0[l], y = w1[l];
            if (letter == 'X') w0[l] = y, w1[l] = x;
            else if (letter == 'Y') w0[l] = -I * y, w1[l] = I * x;
            else w1[l] = -y;
        }
    }
}

/* w = E A (E NULL: the identity), then the letter. */
static void env_apply(const mps_site *A, const mps_cplx *e, char letter, mps_cplx *w) {
    const size_t len = (size_t)A->dl * 2 * A->dr;
    if (e) mps_gemm('N', 'N', A->dl, 2 * A->dr, A->dl, e, A->dl, A->a, A->dl, w, A->dl, 0);
    else memcpy(w, A->a, len * sizeof *w);
    pauli_rows(w, A->dl, A->dr, letter);
}

double mps_norm2(const mps *s) {
    const mps_site *A = &s->site[s->center];
    double v = 0;
    for (size_t i = 0; i < (size_t)A->dl * 2 * A->dr; i++)
        v += creal(A->a[i]) * creal(A->a[i]) + cimag(A->a[i]) * cimag(A->a[i]);
    return v;
}

plt_status mps_expect(mps *s, const mps_obs *o, double *value) {
    double total = 0;
    mps_cplx **env = calloc((size_t)s->n, sizeof *env); /* env[d]: after sites a..a+d */
    size_t *cap = calloc((size_t)s->n, sizeof *cap);
    mps_cplx *w = NULL;
    size_t wcap = 0;
    plt_status st = env && cap ? PLT_OK : plt_fail_nomem("mps: environments");
    int valid = 0;          /* environments on the stack that hold for prev */
    const mps_term *prev = NULL;
    for (size_t i = 0; i < o->nterms && !st; i++) {
        const mps_term *t = &o->term[i];
        if (t->a > t->b) {
            total += t->c * mps_norm2(s);
            continue;
        }
        if (!prev || prev->a != t->a) valid = 0;
        else {
            int lcp = 0, lim = valid;
            while (lcp < lim && prev->letters[lcp] == t->letters[lcp]) lcp++;
            valid = lcp;
        }
        if ((st = mps_move_center(s, t->a))) break;
        const int last = t->b - t->a;
        if (valid > last) valid = last;
        for (int d = valid; d <= last && !st; d++) {
            const mps_site *A = &s->site[t->a + d];
            size_t len = (size_t)A->dl * 2 * A->dr;
            if (len > wcap) {
                mps_cplx *nw = realloc(w, len * sizeof *w);
                if (!nw) {
                    st = plt_fail_nomem("mps: environment scratch");
                    break;
                }
                w = nw;
                wcap = len;
            }
            env_apply(A, d ? env[d - 1] : NULL, t->letters[d], w);
            if (d == last) {
                mps_cplx v = 0;
                for (size_t k = 0; k < len; k++) v += conj(A->a[k]) * w[k];
                total += t->c * creal(v);
                break;
            }
            size_t need = (size_t)A->dr * A->dr;
            if (need > cap[d]) {
                mps_cplx *ne = realloc(env[d], need * sizeof *ne);
                if (!ne) {
                    st = plt_fail_nomem("mps: an environment");
                    break;
                }
                env[d] = ne;
                cap[d] = need;
            }
            mps_gemm('C', 'N', A->dr, A->dr, 2 * A->dl, A->a, 2 * A->dl, w, 2 * A->dl, env[d],
                     A->dr, 0);
            valid = d + 1;
        }
        prev = t;
    }
    for (int d = 0; env && d < s->n; d++) free(env[d]);
    free(env);
    free(cap);
    free(w);
    /* The truncated state is renormalised: see README.md for what that adds to the bound. */
    const double norm2 = mps_norm2(s);
    if (!st) *value = norm2 > 0 ? total / norm2 : total;
    return st;
}
