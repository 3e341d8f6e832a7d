/* Pauli-path sampling of the pair chain, for when it does not fit. A path starts at an ordered
 * pair of observable terms (i, j), drawn with probability |c_i| |c_j| / C^2 (C = sum |c|), and
 * walks the ops from the last: at each averaged map it takes one child with probability
 * |e| / sum |e| over the children's weights e and multiplies its scale by sign(e) sum |e|.
 * The end value scale * <A><B> is then an unbiased estimate of the chain's total, and it is
 * bounded by R = C^2 prod_op max sum |e| (1 a rotation for full-period angles), so Hoeffding's
 * and the empirical-Bernstein (Maurer & Pontil 2009) intervals hold; each is taken at half the
 * error probability and the two intersected. Derivative sums: the differentiated parameter k
 * is drawn with probability A_k^2 / S (A_k = sum |a| of its rotations, S = sum A_k^2) and the
 * estimate scaled by S / A_k^2, which keeps it bounded by R S max_k (D_k / (A_k^2 M_k)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/moments_impl.h"
#include "core/error.h"
#include "pauli/pstring.h"
#include "plateau/rng.h"

typedef struct pctx {
    const plt_circuit *c;
    const plt_param_dist *dist;
    int n, nw, np;
    size_t nops;
    mom_trig *trig;     /* per op (rotations) */
    mom_group *grp;     /* per parameter with adjacent rotations (g > 1), else e2 NULL */
    int *gstart, *glen; /* per parameter */
    double *M, *D;      /* per op (a group's at its last op): max sum |e|, max sum |d| */
    double *abs_a;
    uint64_t *buf;      /* scratch: 2 sides x 16 strings, and 2 current strings */
} pctx;

/* Picks index j of w[0..m) with probability |w_j| / sum |w|; *scale *= sign(w_j) sum |w|.
 * Returns -1 when every weight is 0. */
static int pick(plt_rng *r, const double *w, int m, double *scale) {
    double tot = 0;
    for (int j = 0; j < m; j++) tot += fabs(w[j]);
    if (tot == 0) return -1;
    double u = plt_rng_uniform(r) * tot;
    int j = 0;
    for (; j < m - 1; j++) {
        u -= fabs(w[j]);
        if (u < 0) break;
    }
    while (w[j] == 0) j--; /* rounding at the top end */
    *scale *= (w[j] > 0 ? 1 : -1) * tot;
    return j;
}

/* One path from pair (A, B) (overwritten), differentiating parameter dk (-1: none). */
static double walk(pctx *x, plt_rng *r, uint64_t *A, uint64_t *B, int dk, mom_state *ms) {
    const int nw = x->nw, sw = 2 * nw;
    double scale = 1;
    uint64_t *b1 = x->buf, *b2 = x->buf + 16 * (size_t)sw;
    for (size_t i = x->nops; i-- > 0;) {
        const plt_op *op = plt_circuit_op(x->c, i);
        if (op->kind == PLT_OP_CLIFFORD) {
            if (mom_clifford(op, A, nw) ^ mom_clifford(op, B, nw)) scale = -scale;
            continue;
        }
        const int k = op->param;
        if (k >= 0 && x->glen[k] > 1) {
            const mom_group *gr = &x->grp[k];
            double s1[16], s2[16], w[256];
            int p1[16], p2[16];
            const int n1 = mom_group_branches(x->c, gr, nw, A, b1, s1, p1),
                      n2 = mom_group_branches(x->c, gr, nw, B, b2, s2, p2);
            const double *tab = k == dk ? gr->d2 : gr->e2;
            for (int u = 0; u < n1; u++)
                for (int v = 0; v < n2; v++)
                    w[u * n2 + v] = s1[u] * s2[v] * tab[(size_t)p1[u] * gr->npat + p2[v]];
            const int j = pick(r, w, n1 * n2, &scale);
            if (j < 0) return 0;
            memcpy(A, b1 + (size_t)(j / n2) * sw, (size_t)sw * 8);
            memcpy(B, b2 + (size_t)(j % n2) * sw, (size_t)sw * 8);
            i = gr->start;
            continue;
        }
        const int ac1 = !plt_pw_commutes(op->gen->x, op->gen->z, A, A + nw, nw);
        const int ac2 = !plt_pw_commutes(op->gen->x, op->gen->z, B, B + nw, nw);
        const int der = k >= 0 && k == dk;
        if (!ac1 && !ac2) {
            if (der) return 0;
            continue;
        }
        const mom_trig *T = &x->trig[i];
        const double a2 = der ? op->a * op->a : 0;
        double sa = 1, sb = 1, w[4];
        if (ac1) sa = mom_prime(nw, op->gen->x, op->gen->z, A, b1);
        if (ac2) sb = mom_prime(nw, op->gen->x, op->gen->z, B, b2);
        if (ac1 != ac2) {
            if (der) return 0;
            w[0] = T->c;
            w[1] = (ac1 ? sa : sb) * T->s;
            const int j = pick(r, w, 2, &scale);
            if (j < 0) return 0;
            if (j == 1) memcpy(ac1 ? A : B, ac1 ? b1 : b2, (size_t)sw * 8);
            continue;
        }
        /* children (A,B), (A,B'), (A',B), (A',B') */
        if (der) {
            w[0] = a2 * T->ss, w[1] = -sb * a2 * T->sc, w[2] = -sa * a2 * T->sc;
            w[3] = sa * sb * a2 * T->cc;
        } else {
            w[0] = T->cc, w[1] = sb * T->sc, w[2] = sa * T->sc, w[3] = sa * sb * T->ss;
        }
        const int j = pick(r, w, 4, &scale);
        if (j < 0) return 0;
        if (j & 2) memcpy(A, b1, (size_t)sw * 8);
        if (j & 1) memcpy(B, b2, (size_t)sw * 8);
    }
    const double va = mom_state_expect(ms, A, A + nw);
    if (va == 0) return 0;
    return scale * va * mom_state_expect(ms, B, B + nw);
}

/* The pattern sets one side's branches can take through g rotations: at each rotation every
 * branch either commutes (digit 0) or splits (digits 1 and 2). Up to 2^(2^g - 1) sets. */
static int pattern_sets(int g, int (*sets)[16], int *sizes) {
    int ns = 1;
    sets[0][0] = 0;
    sizes[0] = 1;
    int p3 = 1;
    for (int j = 0; j < g - 1; j++) p3 *= 3;
    for (int j = g - 1; j >= 0; j--, p3 /= 3) {
        int out = 0, tmp[128][16], tsz[128];
        for (int s = 0; s < ns; s++) {
            const int m = sizes[s];
            for (int mask = 0; mask < (1 << m); mask++) {
                int *t = tmp[out], c = 0;
                for (int b = 0; b < m; b++) {
                    if (mask >> b & 1) {
                        t[c++] = sets[s][b] + p3;
                        t[c++] = sets[s][b] + 2 * p3;
                    } else {
                        t[c++] = sets[s][b];
                    }
                }
                tsz[out++] = c;
            }
        }
        for (int s = 0; s < out; s++) {
            memcpy(sets[s], tmp[s], sizeof tmp[s]);
            sizes[s] = tsz[s];
        }
        ns = out;
    }
    return ns;
}

/* Largest sum |e| (and |d|) over the children of any pair of strings through the group: over
 * every pair of reachable pattern sets for g <= 2 (8 sets a side), else the whole table's. */
static void group_bounds(const mom_group *gr, double *M, double *D) {
    const int np = gr->npat;
    *M = *D = 0;
    if (gr->g > 2) {
        for (size_t q = 0; q < (size_t)np * np; q++) *M += fabs(gr->e2[q]), *D += fabs(gr->d2[q]);
        return;
    }
    int sets[128][16], sizes[128];
    const int ns = pattern_sets(gr->g, sets, sizes);
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ns; b++) {
            double m = 0, d = 0;
            for (int u = 0; u < sizes[a]; u++)
                for (int v = 0; v < sizes[b]; v++) {
                    const size_t cell = (size_t)sets[a][u] * np + sets[b][v];
                    m += fabs(gr->e2[cell]);
                    d += fabs(gr->d2[cell]);
                }
            *M = fmax(*M, m);
            *D = fmax(*D, d);
        }
}

/* The interval at `level` for a mean of N values in [-R, R] with sample mean m and
 * variance v: Hoeffding and empirical Bernstein, each at half the error probability. */
static plt_moment interval(double m, double v, double R, size_t N, double level) {
    const double delta = 1 - level, range = 2 * R;
    const double hoeff = range * sqrt(log(4 / delta) / (2.0 * (double)N));
    const double lg = log(8 / delta);
    const double eb = sqrt(2 * v * lg / (double)N) + 7 * range * lg / (3.0 * ((double)N - 1));
    const double h = fmin(hoeff, eb);
    return (plt_moment){m, m - h, m + h};
}

plt_status mom_paths_run(const plt_circuit *c, const plt_psum *obs, const plt_param_dist *dist,
                         mom_state *ms, size_t paths, double level, uint64_t seed,
                         plt_moment *l2, plt_moment *gsum, plt_moment *g0) {
    if (paths < 2) return plt_fail(PLT_EINVAL, "path sampling needs at least 2 paths, not %zu", paths);
    pctx x = {.c = c, .dist = dist, .n = plt_circuit_nqubits(c), .np = plt_circuit_nparams(c),
              .nops = plt_circuit_nops(c)};
    x.nw = plt_nwords(x.n);
    const int sw = 2 * x.nw;
    const size_t nt = plt_psum_nterms(obs);
    plt_status st = PLT_OK;
    plt_pstring *p = NULL;
    x.trig = calloc(x.nops + 1, sizeof *x.trig);
    x.grp = calloc((size_t)x.np + 1, sizeof *x.grp);
    x.gstart = calloc((size_t)x.np + 1, sizeof *x.gstart);
    x.glen = calloc((size_t)x.np + 1, sizeof *x.glen);
    x.M = calloc(x.nops + 1, sizeof *x.M);
    x.D = calloc(x.nops + 1, sizeof *x.D);
    x.abs_a = calloc((size_t)x.np + 1, sizeof *x.abs_a);
    x.buf = calloc(36 * (size_t)sw, sizeof *x.buf);
    uint64_t *terms = calloc(nt + 1, (size_t)sw * sizeof *terms);
    double *coef = calloc(nt + 1, sizeof *coef);
    if (!x.trig || !x.grp || !x.gstart || !x.glen || !x.M || !x.D || !x.abs_a || !x.buf ||
        !terms || !coef) {
        st = plt_fail_nomem("path sampling");
        goto done;
    }
    if ((st = plt_pstring_new(x.n, &p)) != PLT_OK) goto done;
    double C = 0;
    for (size_t t = 0; t < nt; t++) {
        if ((st = plt_psum_term(obs, t, p, &coef[t], NULL)) != PLT_OK) goto done;
        memcpy(terms + t * (size_t)sw, p->x, (size_t)sw * 8);
        C += fabs(coef[t]);
    }
    for (size_t i = 0; i < x.nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        x.M[i] = 1;
        if (op->kind != PLT_OP_ROTATION) continue;
        const int k = op->param;
        const int free_param = k >= 0 && op->a != 0;
        mom_trig_of(dist, free_param ? op->a : 0, op->b, &x.trig[i]);
        const mom_trig *T = &x.trig[i];
        x.M[i] = fmax(1, fmax(fabs(T->c) + fabs(T->s), T->cc + T->ss + 2 * fabs(T->sc)));
        x.D[i] = free_param ? op->a * op->a * (T->cc + T->ss + 2 * fabs(T->sc)) : 0;
        if (k < 0) continue;
        if (x.glen[k]++ == 0) x.gstart[k] = (int)i;
        x.abs_a[k] += fabs(op->a);
    }
    for (int k = 0; k < x.np; k++) {
        if (x.glen[k] <= 1) continue;
        const size_t s = (size_t)x.gstart[k], e = s + (size_t)x.glen[k] - 1;
        if ((st = mom_group_make(c, s, x.glen[k], dist, &x.grp[k])) != PLT_OK) goto done;
        double M = 0, D = 0;
        group_bounds(&x.grp[k], &M, &D);
        for (size_t i = s; i <= e; i++) x.M[i] = 1, x.D[i] = 0;
        x.M[e] = fmax(M, 1);
        x.D[e] = D;
    }
    double prodM = 1, S = 0, ratio = 0;
    for (size_t i = 0; i < x.nops; i++) prodM *= x.M[i];
    for (int k = 0; k < x.np; k++) S += x.abs_a[k] * x.abs_a[k];
    for (size_t i = 0; i < x.nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION && op->param >= 0 && x.abs_a[op->param] > 0 && x.D[i] > 0)
            ratio = fmax(ratio, x.D[i] / (x.abs_a[op->param] * x.abs_a[op->param] * x.M[i]));
    }
    /* Cumulative |c| and A_k^2 for drawing terms and parameters. */
    double *cum = malloc((nt + 1) * sizeof *cum);
    double *cumk = malloc(((size_t)x.np + 1) * sizeof *cumk);
    if (!cum || !cumk) {
        free(cum);
        free(cumk);
        st = plt_fail_nomem("path sampling");
        goto done;
    }
    for (size_t t = 0; t < nt; t++) cum[t] = (t ? cum[t - 1] : 0) + fabs(coef[t]);
    for (int k = 0; k < x.np; k++) cumk[k] = (k ? cumk[k - 1] : 0) + x.abs_a[k] * x.abs_a[k];
    plt_rng r;
    plt_rng_seed(&r, seed);
    uint64_t *A = x.buf + 32 * (size_t)sw, *B = A + sw;
    for (int q = 0; q < 3; q++) {
        const double R = C * C * prodM * (q == 0 ? 1 : q == 1 ? S * ratio : 0);
        double mean = 0, m2 = 0;
        size_t N = 0;
        double R0 = 0;
        if (q == 2 && x.np > 0) {
            const size_t s = (size_t)x.gstart[0], e = s + (size_t)x.glen[0] - 1;
            R0 = C * C * prodM / x.M[e] * x.D[e];
        }
        for (size_t it = 0; it < paths; it++) {
            double val = 0;
            int dk = -1;
            double extra = 1;
            if (q == 1 && x.np > 0 && S > 0) {
                const double u = plt_rng_uniform(&r) * S;
                int k = 0;
                while (k < x.np - 1 && cumk[k] <= u) k++;
                while (x.abs_a[k] == 0) k--;
                dk = k;
                extra = S / (x.abs_a[k] * x.abs_a[k]);
            } else if (q == 2) {
                dk = 0;
            }
            if (C > 0 && (q == 0 || (x.np > 0 && (q == 2 || S > 0)))) {
                size_t i = 0, j = 0;
                const double u = plt_rng_uniform(&r) * C, v = plt_rng_uniform(&r) * C;
                while (i < nt - 1 && cum[i] <= u) i++;
                while (j < nt - 1 && cum[j] <= v) j++;
                memcpy(A, terms + i * (size_t)sw, (size_t)sw * 8);
                memcpy(B, terms + j * (size_t)sw, (size_t)sw * 8);
                const double sg = (coef[i] < 0) != (coef[j] < 0) ? -1 : 1;
                val = sg * C * C * extra * walk(&x, &r, A, B, dk, ms);
            }
            N++;
            const double d = val - mean;
            mean += d / (double)N;
            m2 += d * (val - mean);
        }
        const double var = N > 1 ? m2 / (double)(N - 1) : 0;
        plt_moment *out = q == 0 ? l2 : q == 1 ? gsum : g0;
        *out = interval(mean, var, q == 2 ? R0 : R, N, level);
        if (q == 1 && x.np > 0) {
            out->value /= x.np;
            out->lo /= x.np;
            out->hi /= x.np;
        }
        out->lo = fmax(out->lo, 0); /* second moments are >= 0 */
        if (q == 0 && out->hi > C * C) out->hi = C * C; /* E[L^2] <= ||O||^2 <= C^2 */
    }
    free(cum);
    free(cumk);
done:
    plt_pstring_free(p);
    if (x.grp)
        for (int k = 0; k < x.np; k++) mom_group_free(&x.grp[k]);
    free(x.trig);
    free(x.grp);
    free(x.gstart);
    free(x.glen);
    free(x.M);
    free(x.D);
    free(x.abs_a);
    free(x.buf);
    free(terms);
    free(coef);
    return st;
}
